//! Ecosystems (where a package and its advisories come from) and OS releases.

use std::fmt;

use airlock_version::VersionScheme;
use serde::{Deserialize, Serialize};

/// The family of an ecosystem, independent of the release.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum EcosystemKind {
    /// Debian (OSV `Debian:<major>`).
    Debian,
    /// Alpine Linux (OSV `Alpine:v<major>.<minor>`).
    Alpine,
    /// Ubuntu (OSV `Ubuntu:<version>[:LTS]`).
    Ubuntu,
    /// Wolfi / Chainguard (OSV `Wolfi`, no releases).
    Wolfi,
    /// Red Hat Enterprise Linux and UBI (OSV `Red Hat:…`).
    RedHat,
    /// AlmaLinux (OSV `AlmaLinux:<major>`).
    AlmaLinux,
    /// Rocky Linux (OSV `Rocky Linux:<major>`).
    Rocky,
    /// Amazon Linux.
    AmazonLinux,
    /// Python packages (OSV `PyPI`).
    PyPI,
    /// npm packages (OSV `npm`).
    Npm,
    /// Maven artifacts (OSV `Maven`).
    Maven,
    /// Go modules and the standard library (OSV `Go`).
    Go,
    /// Rust crates (OSV `crates.io`).
    CratesIo,
    /// Ruby gems (OSV `RubyGems`).
    RubyGems,
    /// PHP Composer packages (OSV `Packagist`).
    Packagist,
    /// .NET packages (OSV `NuGet`).
    NuGet,
}

impl EcosystemKind {
    /// The version scheme packages of this ecosystem use. This is the only
    /// ecosystem → comparator mapping in the code base.
    pub fn scheme(self) -> VersionScheme {
        match self {
            Self::Debian | Self::Ubuntu => VersionScheme::Dpkg,
            Self::Alpine | Self::Wolfi => VersionScheme::Apk,
            Self::RedHat | Self::AlmaLinux | Self::Rocky | Self::AmazonLinux => VersionScheme::Rpm,
            Self::PyPI => VersionScheme::Pep440,
            Self::Npm | Self::CratesIo => VersionScheme::Semver,
            Self::Maven => VersionScheme::Maven,
            Self::Go => VersionScheme::Go,
            Self::RubyGems => VersionScheme::RubyGems,
            Self::Packagist => VersionScheme::Composer,
            Self::NuGet => VersionScheme::NuGet,
        }
    }

    /// The OSV ecosystem prefix (`Debian`, `Alpine`, `PyPI`).
    pub fn osv_name(self) -> &'static str {
        match self {
            Self::Debian => "Debian",
            Self::Alpine => "Alpine",
            Self::Ubuntu => "Ubuntu",
            Self::Wolfi => "Wolfi",
            Self::RedHat => "Red Hat",
            Self::AlmaLinux => "AlmaLinux",
            Self::Rocky => "Rocky Linux",
            Self::AmazonLinux => "Amazon Linux",
            Self::PyPI => "PyPI",
            Self::Npm => "npm",
            Self::Maven => "Maven",
            Self::Go => "Go",
            Self::CratesIo => "crates.io",
            Self::RubyGems => "RubyGems",
            Self::Packagist => "Packagist",
            Self::NuGet => "NuGet",
        }
    }

    /// The package type whose versions this ecosystem's advisories describe.
    pub fn package_type(self) -> crate::PackageType {
        use crate::PackageType as T;
        match self {
            Self::Debian | Self::Ubuntu => T::Deb,
            Self::Alpine | Self::Wolfi => T::Apk,
            Self::RedHat | Self::AlmaLinux | Self::Rocky | Self::AmazonLinux => T::Rpm,
            Self::PyPI => T::Python,
            Self::Npm => T::Npm,
            Self::Maven => T::JavaArchive,
            Self::Go => T::GoModule,
            Self::CratesIo => T::RustCrate,
            Self::RubyGems => T::Gem,
            Self::Packagist => T::PhpComposer,
            Self::NuGet => T::DotNet,
        }
    }

    /// Whether this is a language ecosystem (no OS release involved).
    pub fn is_language(self) -> bool {
        matches!(
            self,
            Self::PyPI
                | Self::Npm
                | Self::Maven
                | Self::Go
                | Self::CratesIo
                | Self::RubyGems
                | Self::Packagist
                | Self::NuGet
        )
    }
}

/// An ecosystem with its release, e.g. `Debian:12` or `Alpine:v3.16`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Ecosystem {
    /// The family.
    pub kind: EcosystemKind,
    /// The release as OSV spells it (`12`, `v3.16`), if the ecosystem has releases.
    pub release: Option<String>,
}

impl Ecosystem {
    /// Debian release `major` (`"12"`).
    pub fn debian(major: impl Into<String>) -> Self {
        Self { kind: EcosystemKind::Debian, release: Some(major.into()) }
    }

    /// Alpine branch, with or without the `v` prefix (`"3.16"` or `"v3.16"`).
    pub fn alpine(branch: &str) -> Self {
        let branch = branch.strip_prefix('v').unwrap_or(branch);
        Self { kind: EcosystemKind::Alpine, release: Some(format!("v{branch}")) }
    }

    /// Parses an OSV ecosystem string (`Debian:12`, `Alpine:v3.16`); `None`
    /// for ecosystems Airlock does not handle.
    pub fn from_osv(s: &str) -> Option<Self> {
        let (name, release) = match s.split_once(':') {
            Some((n, r)) => (n, Some(r)),
            None => (s, None),
        };
        match (name, release) {
            ("Debian", Some(r)) if !r.is_empty() => Some(Self::debian(r)),
            ("Alpine", Some(r)) if !r.is_empty() => Some(Self::alpine(r)),
            _ => None,
        }
    }
}

impl fmt::Display for Ecosystem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.kind.osv_name())?;
        if let Some(r) = &self.release {
            write!(f, ":{r}")?;
        }
        Ok(())
    }
}

/// The operating system of an image, from `/etc/os-release` and friends.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct OsRelease {
    /// `ID` (`debian`, `alpine`).
    pub id: String,
    /// `VERSION_ID` (`12`, `3.16.9`), if known.
    pub version_id: Option<String>,
    /// `VERSION_CODENAME` (`bookworm`), if known.
    pub version_codename: Option<String>,
    /// `PRETTY_NAME`, if known.
    pub pretty_name: Option<String>,
    /// `ID_LIKE`, split on spaces.
    pub id_like: Vec<String>,
}

impl OsRelease {
    /// The advisory ecosystem this OS release is matched against, if Airlock
    /// supports it (`Debian:12` for Debian 12.x, `Alpine:v3.16` for 3.16.9).
    pub fn ecosystem(&self) -> Option<Ecosystem> {
        let version = self.version_id.as_deref()?;
        match self.id.as_str() {
            "debian" => {
                let major = version.split('.').next()?;
                major.parse::<u32>().ok()?;
                Some(Ecosystem::debian(major))
            }
            "alpine" => {
                let mut parts = version.split('.');
                let (maj, min) = (parts.next()?, parts.next()?);
                maj.parse::<u32>().ok()?;
                min.parse::<u32>().ok()?;
                Some(Ecosystem::alpine(&format!("{maj}.{min}")))
            }
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ecosystem_round_trip() {
        assert_eq!(Ecosystem::from_osv("Debian:12").unwrap().to_string(), "Debian:12");
        assert_eq!(Ecosystem::from_osv("Alpine:v3.16").unwrap(), Ecosystem::alpine("3.16"));
        assert_eq!(Ecosystem::from_osv("GIT"), None);
        assert_eq!(Ecosystem::from_osv("Debian:"), None);
    }

    #[test]
    fn os_release_maps_to_ecosystem() {
        let os = OsRelease { id: "alpine".into(), version_id: Some("3.16.9".into()), ..Default::default() };
        assert_eq!(os.ecosystem(), Some(Ecosystem::alpine("v3.16")));
        let os = OsRelease { id: "debian".into(), version_id: Some("12".into()), ..Default::default() };
        assert_eq!(os.ecosystem().unwrap().to_string(), "Debian:12");
    }
}
