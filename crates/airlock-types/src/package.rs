//! Catalogued packages.

use std::fmt;

use airlock_version::Version;
use serde::{Deserialize, Serialize};

use crate::{Digest, Purl};

/// The kind of package, as the report's `type` field spells it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum PackageType {
    /// A Debian package (dpkg).
    #[serde(rename = "deb")]
    Deb,
    /// An Alpine or Wolfi package (apk).
    #[serde(rename = "apk")]
    Apk,
    /// An rpm package.
    #[serde(rename = "rpm")]
    Rpm,
    /// A Python distribution (dist-info, egg-info).
    #[serde(rename = "python")]
    Python,
    /// An npm package (`node_modules`, `package-lock.json`).
    #[serde(rename = "npm")]
    Npm,
    /// A Java archive (jar, war, ear, par) or a Maven artifact inside one.
    #[serde(rename = "java-archive")]
    JavaArchive,
    /// A Go module or the Go standard library, from a binary's build info.
    #[serde(rename = "go-module")]
    GoModule,
    /// A Rust crate, from a `cargo auditable` binary.
    #[serde(rename = "rust-crate")]
    RustCrate,
    /// A Ruby gem.
    #[serde(rename = "gem")]
    Gem,
    /// A PHP Composer package.
    #[serde(rename = "php-composer")]
    PhpComposer,
    /// A .NET package from a `*.deps.json`.
    #[serde(rename = "dotnet")]
    DotNet,
}

impl PackageType {
    /// Every package type, in report order.
    pub const ALL: [Self; 11] = [
        Self::Deb,
        Self::Apk,
        Self::Rpm,
        Self::Python,
        Self::Npm,
        Self::JavaArchive,
        Self::GoModule,
        Self::RustCrate,
        Self::Gem,
        Self::PhpComposer,
        Self::DotNet,
    ];

    /// The name used in reports and in `--only-package-type` (syft's names).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Deb => "deb",
            Self::Apk => "apk",
            Self::Rpm => "rpm",
            Self::Python => "python",
            Self::Npm => "npm",
            Self::JavaArchive => "java-archive",
            Self::GoModule => "go-module",
            Self::RustCrate => "rust-crate",
            Self::Gem => "gem",
            Self::PhpComposer => "php-composer",
            Self::DotNet => "dotnet",
        }
    }

    /// The version scheme of this type's versions.
    pub fn scheme(self) -> airlock_version::VersionScheme {
        use airlock_version::VersionScheme as S;
        match self {
            Self::Deb => S::Dpkg,
            Self::Apk => S::Apk,
            Self::Rpm => S::Rpm,
            other => other.language_ecosystem().map_or(S::Semver, crate::EcosystemKind::scheme),
        }
    }

    /// The language ecosystem of this type; `None` for OS packages, whose
    /// ecosystem depends on the detected OS release.
    pub fn language_ecosystem(self) -> Option<crate::EcosystemKind> {
        use crate::EcosystemKind as K;
        Some(match self {
            Self::Deb | Self::Apk | Self::Rpm => return None,
            Self::Python => K::PyPI,
            Self::Npm => K::Npm,
            Self::JavaArchive => K::Maven,
            Self::GoModule => K::Go,
            Self::RustCrate => K::CratesIo,
            Self::Gem => K::RubyGems,
            Self::PhpComposer => K::Packagist,
            Self::DotNet => K::NuGet,
        })
    }
}

impl fmt::Display for PackageType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The layer that introduced something, by position and uncompressed digest.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct LayerRef {
    /// 0-based position in the image's layer list.
    pub index: usize,
    /// The layer's `diff_id` (sha256 of the uncompressed tar).
    pub diff_id: Digest,
}

/// One installed package found in an image or an SBOM.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Package {
    /// Kind of package.
    pub package_type: PackageType,
    /// Binary package name (`libssl3`).
    pub name: String,
    /// Installed version, parsed under the ecosystem's scheme.
    pub version: Version,
    /// Source package name (`openssl`); the binary name when the database has none.
    pub source_name: String,
    /// Source package version; the binary version when the database has none.
    pub source_version: Version,
    /// Architecture (`amd64`, `x86_64`), if recorded.
    pub arch: Option<String>,
    /// Package URL with the distro qualifier.
    pub purl: Purl,
    /// The layer that introduced this version of the package, if known.
    pub layer: Option<LayerRef>,
    /// Path of the database file it was read from (`/var/lib/dpkg/status`).
    pub location: String,
}
