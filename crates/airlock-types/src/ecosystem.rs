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

    /// Ubuntu release by codename (`"jammy"`), as the Ubuntu CVE tracker keys it.
    pub fn ubuntu(codename: impl Into<String>) -> Self {
        Self { kind: EcosystemKind::Ubuntu, release: Some(codename.into()) }
    }

    /// Wolfi (a rolling distribution: no release).
    pub fn wolfi() -> Self {
        Self { kind: EcosystemKind::Wolfi, release: None }
    }

    /// An rpm distribution's major release (`RedHat`/`AlmaLinux`/`Rocky`/`AmazonLinux`, `"9"`).
    pub fn rpm_distro(kind: EcosystemKind, major: impl Into<String>) -> Self {
        Self { kind, release: Some(major.into()) }
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
            ("Ubuntu", Some(r)) if !r.is_empty() => Some(Self::ubuntu(r)),
            ("Wolfi", None) => Some(Self::wolfi()),
            ("AlmaLinux", Some(r)) if is_major(r) => Some(Self::rpm_distro(EcosystemKind::AlmaLinux, r)),
            ("Rocky Linux", Some(r)) if is_major(r) => Some(Self::rpm_distro(EcosystemKind::Rocky, r)),
            // Only a bare major; Red Hat's CPE streams are mapped by the ingester.
            ("Red Hat", Some(r)) if is_major(r) => Some(Self::rpm_distro(EcosystemKind::RedHat, r)),
            ("Amazon Linux", Some(r)) if is_major(r) => Some(Self::rpm_distro(EcosystemKind::AmazonLinux, r)),
            _ => None,
        }
    }
}

/// Whether `s` is a release major number (`9`, `2023`).
fn is_major(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

/// Ubuntu codenames by `VERSION_ID`, for os-release files without
/// `VERSION_CODENAME` (releases since 6.06).
const UBUNTU_CODENAMES: [(&str, &str); 12] = [
    ("14.04", "trusty"),
    ("16.04", "xenial"),
    ("18.04", "bionic"),
    ("20.04", "focal"),
    ("20.10", "groovy"),
    ("21.04", "hirsute"),
    ("21.10", "impish"),
    ("22.04", "jammy"),
    ("22.10", "kinetic"),
    ("23.04", "lunar"),
    ("23.10", "mantic"),
    ("24.04", "noble"),
];

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
    ///
    /// Ubuntu maps to its codename (`Ubuntu:jammy`), Wolfi and Chainguard to
    /// `Wolfi`, RHEL/UBI, AlmaLinux, Rocky and Amazon Linux to their major
    /// release (`Red Hat:9`, `Rocky Linux:8`, `Amazon Linux:2023`).
    pub fn ecosystem(&self) -> Option<Ecosystem> {
        if matches!(self.id.as_str(), "wolfi" | "chainguard") {
            return Some(Ecosystem::wolfi());
        }
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
            "ubuntu" => {
                let codename = self
                    .version_codename
                    .as_deref()
                    .filter(|c| !c.is_empty())
                    .or_else(|| UBUNTU_CODENAMES.iter().find(|(v, _)| *v == version).map(|(_, c)| *c))?;
                Some(Ecosystem::ubuntu(codename))
            }
            "rhel" | "almalinux" | "rocky" | "amzn" => {
                let major = version.split('.').next().filter(|m| is_major(m))?;
                let kind = match self.id.as_str() {
                    "rhel" => EcosystemKind::RedHat,
                    "almalinux" => EcosystemKind::AlmaLinux,
                    "rocky" => EcosystemKind::Rocky,
                    _ => EcosystemKind::AmazonLinux,
                };
                Some(Ecosystem::rpm_distro(kind, major))
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

    fn os(id: &str, version: Option<&str>, codename: Option<&str>) -> OsRelease {
        OsRelease {
            id: id.into(),
            version_id: version.map(Into::into),
            version_codename: codename.map(Into::into),
            ..Default::default()
        }
    }

    #[test]
    fn more_distributions_map_to_their_ecosystems() {
        let eco = |o: OsRelease| o.ecosystem().map(|e| e.to_string());
        assert_eq!(eco(os("ubuntu", Some("22.04"), Some("jammy"))).as_deref(), Some("Ubuntu:jammy"));
        assert_eq!(eco(os("ubuntu", Some("20.04"), None)).as_deref(), Some("Ubuntu:focal"));
        assert_eq!(eco(os("ubuntu", Some("99.04"), None)), None);
        assert_eq!(eco(os("wolfi", Some("20230201"), None)).as_deref(), Some("Wolfi"));
        assert_eq!(eco(os("chainguard", None, None)).as_deref(), Some("Wolfi"));
        assert_eq!(eco(os("rhel", Some("9.4"), None)).as_deref(), Some("Red Hat:9"));
        assert_eq!(eco(os("almalinux", Some("8.10"), None)).as_deref(), Some("AlmaLinux:8"));
        assert_eq!(eco(os("rocky", Some("9.3"), None)).as_deref(), Some("Rocky Linux:9"));
        assert_eq!(eco(os("amzn", Some("2023"), None)).as_deref(), Some("Amazon Linux:2023"));
        assert_eq!(eco(os("centos", Some("7"), None)), None);
        for s in ["Ubuntu:jammy", "Wolfi", "AlmaLinux:9", "Rocky Linux:8", "Red Hat:9", "Amazon Linux:2"] {
            assert_eq!(Ecosystem::from_osv(s).unwrap().to_string(), s);
        }
        assert_eq!(Ecosystem::from_osv("Red Hat:enterprise_linux:9::appstream"), None);
    }
}
