//! Per-ecosystem version types.
//!
//! Each scheme has its own parsed type with a total order that follows the
//! reference implementation (`dpkg --compare-versions`, `apk version -t`,
//! rpm's `rpmvercmp`, Python's `packaging`, npm's `semver`, Maven's
//! `ComparableVersion`, Go's `x/mod/semver`, RubyGems' `Gem::Version`,
//! NuGet's `NuGetVersion`, Composer with PHP's `version_compare`).
//! [`Version`] wraps them; comparing two versions of different schemes is an
//! error ([`SchemeMismatch`]), never an ordering.

mod apk;
mod composer;
mod dpkg;
mod go;
mod maven;
mod nuget;
mod num;
mod pep440;
mod rpm;
mod rubygems;
mod semver;
mod version;

pub use apk::ApkVersion;
pub use composer::ComposerVersion;
pub use dpkg::DpkgVersion;
pub use go::GoVersion;
pub use maven::MavenVersion;
pub use nuget::NuGetVersion;
pub use pep440::Pep440Version;
pub use rpm::{RpmVersion, rpmvercmp};
pub use rubygems::GemVersion;
pub use semver::SemverVersion;
pub use version::{CompareError, ParseVersionError, SchemeMismatch, Version, VersionScheme};
