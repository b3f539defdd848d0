//! Per-ecosystem version types.
//!
//! Each scheme has its own parsed type with a total order that follows the
//! reference implementation (`dpkg --compare-versions`, `apk version -t`,
//! rpm's `rpmvercmp`, Python's `packaging`, npm's `semver`, Maven's
//! `ComparableVersion`, Go's `x/mod/semver`, RubyGems' `Gem::Version`,
//! NuGet's `NuGetVersion`, Composer with PHP's `version_compare`).
//! [`Version`] wraps them; comparing two versions of different schemes is an
//! error ([`SchemeMismatch`]), never an ordering.

/// Implements `PartialOrd`, `PartialEq` and `Eq` from a type's `Ord`, and
/// `Display` as its `raw` text, for the version types.
macro_rules! order_from_ord {
    ($t:ty) => {
        impl PartialOrd for $t {
            fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
                Some(self.cmp(other))
            }
        }

        impl PartialEq for $t {
            fn eq(&self, other: &Self) -> bool {
                self.cmp(other) == std::cmp::Ordering::Equal
            }
        }

        impl Eq for $t {}

        impl std::fmt::Display for $t {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(&self.raw)
            }
        }
    };
}
pub(crate) use order_from_ord;

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
