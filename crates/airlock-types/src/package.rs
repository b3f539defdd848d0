//! Catalogued packages.

use std::fmt;

use airlock_version::Version;
use serde::{Deserialize, Serialize};

use crate::{Digest, Purl};

/// The kind of package, as the report's `type` field spells it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PackageType {
    /// A Debian package (dpkg).
    Deb,
    /// An Alpine package (apk).
    Apk,
}

impl PackageType {
    /// The name used in reports and in `--only-package-type`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Deb => "deb",
            Self::Apk => "apk",
        }
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
