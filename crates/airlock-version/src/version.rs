//! The scheme-tagged [`Version`] wrapper.

use std::cmp::Ordering;
use std::fmt;

use serde::{Deserialize, Serialize};

use crate::{
    ApkVersion, ComposerVersion, DpkgVersion, GemVersion, GoVersion, MavenVersion, NuGetVersion, Pep440Version,
    RpmVersion, SemverVersion,
};

/// A version-ordering scheme.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum VersionScheme {
    /// Debian's dpkg ordering (`[epoch:]upstream[-revision]`).
    Dpkg,
    /// Alpine's apk-tools ordering.
    Apk,
    /// rpm's `rpmvercmp` with epochs (`[epoch:]version-release`).
    Rpm,
    /// Python's PEP 440.
    Pep440,
    /// Semantic Versioning 2.0 (npm, crates.io, Hex, Pub).
    Semver,
    /// Go module versions (`v`-prefixed semver, pseudo-versions, `+incompatible`).
    Go,
    /// Maven's `ComparableVersion`.
    Maven,
    /// RubyGems' `Gem::Version`.
    RubyGems,
    /// NuGet's `NuGetVersion`.
    NuGet,
    /// Composer's (PHP) version ordering.
    Composer,
}

impl VersionScheme {
    /// The lowercase name used in serialised forms and messages.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Dpkg => "dpkg",
            Self::Apk => "apk",
            Self::Rpm => "rpm",
            Self::Pep440 => "pep440",
            Self::Semver => "semver",
            Self::Go => "go",
            Self::Maven => "maven",
            Self::RubyGems => "rubygems",
            Self::NuGet => "nuget",
            Self::Composer => "composer",
        }
    }
}

impl fmt::Display for VersionScheme {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A version string that could not be parsed under a scheme.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid {scheme} version {raw:?}: {reason}")]
pub struct ParseVersionError {
    /// The scheme the string was parsed as.
    pub scheme: VersionScheme,
    /// The rejected input.
    pub raw: String,
    /// Why it was rejected.
    pub reason: &'static str,
}

/// Why two versions could not be compared.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CompareError {
    /// The versions belong to different schemes.
    #[error(transparent)]
    Mismatch(#[from] SchemeMismatch),
    /// One side was not a valid version of its scheme (see [`Version::Unparsed`]).
    #[error("cannot compare {raw:?}: it is not a valid {scheme} version")]
    Unparsed {
        /// The scheme it was meant to follow.
        scheme: VersionScheme,
        /// The text.
        raw: String,
    },
}

/// Two versions of different schemes were compared.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("cannot compare a {left} version with a {right} version")]
pub struct SchemeMismatch {
    /// Scheme of the left operand.
    pub left: VersionScheme,
    /// Scheme of the right operand.
    pub right: VersionScheme,
}

/// A parsed version of any supported scheme. Serialises as `{scheme, raw}`-free
/// plain text through [`Version::raw`]; deserialising needs the scheme, so the
/// serde form is the tuple `(scheme, raw)`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Version {
    /// A dpkg version.
    Dpkg(DpkgVersion),
    /// An apk version.
    Apk(ApkVersion),
    /// An rpm EVR.
    Rpm(RpmVersion),
    /// A PEP 440 (Python) version.
    Pep440(Pep440Version),
    /// A semantic version (npm, crates.io).
    Semver(SemverVersion),
    /// A Go module or toolchain version.
    Go(GoVersion),
    /// A Maven version.
    Maven(MavenVersion),
    /// A RubyGems version.
    RubyGems(GemVersion),
    /// A NuGet version.
    NuGet(NuGetVersion),
    /// A Composer (PHP) version.
    Composer(ComposerVersion),
    /// Text that is not a valid version of its scheme (Go's `(devel)`, an
    /// empty field). Kept so the package is listed; never compares.
    Unparsed {
        /// The scheme it was meant to follow.
        scheme: VersionScheme,
        /// The text as found.
        raw: String,
    },
}

impl Version {
    /// Parses `raw` under `scheme`.
    pub fn parse(scheme: VersionScheme, raw: &str) -> Result<Self, ParseVersionError> {
        Ok(match scheme {
            VersionScheme::Dpkg => Self::Dpkg(raw.parse()?),
            VersionScheme::Apk => Self::Apk(raw.parse()?),
            VersionScheme::Rpm => Self::Rpm(raw.parse()?),
            VersionScheme::Pep440 => Self::Pep440(raw.parse()?),
            VersionScheme::Semver => Self::Semver(raw.parse()?),
            VersionScheme::Go => Self::Go(raw.parse()?),
            VersionScheme::Maven => Self::Maven(raw.parse()?),
            VersionScheme::RubyGems => Self::RubyGems(raw.parse()?),
            VersionScheme::NuGet => Self::NuGet(raw.parse()?),
            VersionScheme::Composer => Self::Composer(raw.parse()?),
        })
    }

    /// Parses `raw` under `scheme`, keeping invalid text as [`Version::Unparsed`].
    pub fn parse_lenient(scheme: VersionScheme, raw: &str) -> Self {
        Self::parse(scheme, raw).unwrap_or_else(|_| Self::Unparsed { scheme, raw: raw.into() })
    }

    /// Whether this version can be compared (it parsed under its scheme).
    pub fn is_comparable(&self) -> bool {
        !matches!(self, Self::Unparsed { .. })
    }

    /// The scheme of this version.
    pub fn scheme(&self) -> VersionScheme {
        match self {
            Self::Dpkg(_) => VersionScheme::Dpkg,
            Self::Apk(_) => VersionScheme::Apk,
            Self::Rpm(_) => VersionScheme::Rpm,
            Self::Pep440(_) => VersionScheme::Pep440,
            Self::Semver(_) => VersionScheme::Semver,
            Self::Go(_) => VersionScheme::Go,
            Self::Maven(_) => VersionScheme::Maven,
            Self::RubyGems(_) => VersionScheme::RubyGems,
            Self::NuGet(_) => VersionScheme::NuGet,
            Self::Composer(_) => VersionScheme::Composer,
            Self::Unparsed { scheme, .. } => *scheme,
        }
    }

    /// The text the version was parsed from.
    pub fn raw(&self) -> &str {
        match self {
            Self::Dpkg(v) => v.raw(),
            Self::Apk(v) => v.raw(),
            Self::Rpm(v) => v.raw(),
            Self::Pep440(v) => v.raw(),
            Self::Semver(v) => v.raw(),
            Self::Go(v) => v.raw(),
            Self::Maven(v) => v.raw(),
            Self::RubyGems(v) => v.raw(),
            Self::NuGet(v) => v.raw(),
            Self::Composer(v) => v.raw(),
            Self::Unparsed { raw, .. } => raw,
        }
    }

    /// Compares two versions of the same scheme.
    pub fn try_cmp(&self, other: &Self) -> Result<Ordering, CompareError> {
        if self.scheme() != other.scheme() {
            return Err(SchemeMismatch { left: self.scheme(), right: other.scheme() }.into());
        }
        match (self, other) {
            (Self::Unparsed { scheme, raw }, _) | (_, Self::Unparsed { scheme, raw }) => {
                Err(CompareError::Unparsed { scheme: *scheme, raw: raw.clone() })
            }
            (Self::Dpkg(a), Self::Dpkg(b)) => Ok(a.cmp(b)),
            (Self::Apk(a), Self::Apk(b)) => Ok(a.cmp(b)),
            (Self::Rpm(a), Self::Rpm(b)) => Ok(a.cmp(b)),
            (Self::Pep440(a), Self::Pep440(b)) => Ok(a.cmp(b)),
            (Self::Semver(a), Self::Semver(b)) => Ok(a.cmp(b)),
            (Self::Go(a), Self::Go(b)) => Ok(a.cmp(b)),
            (Self::Maven(a), Self::Maven(b)) => Ok(a.cmp(b)),
            (Self::RubyGems(a), Self::RubyGems(b)) => Ok(a.cmp(b)),
            (Self::NuGet(a), Self::NuGet(b)) => Ok(a.cmp(b)),
            (Self::Composer(a), Self::Composer(b)) => Ok(a.cmp(b)),
            _ => Err(SchemeMismatch { left: self.scheme(), right: other.scheme() }.into()),
        }
    }
}

impl fmt::Display for Version {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.raw())
    }
}

impl Serialize for Version {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        (self.scheme(), self.raw()).serialize(s)
    }
}

impl<'de> Deserialize<'de> for Version {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let (scheme, raw): (VersionScheme, String) = Deserialize::deserialize(d)?;
        Ok(Self::parse_lenient(scheme, &raw))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(scheme: VersionScheme, raw: &str) -> Version {
        Version::parse(scheme, raw).unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn same_scheme_compares() {
        let a = parse(VersionScheme::Dpkg, "1:0.9");
        let b = parse(VersionScheme::Dpkg, "2.0");
        assert_eq!(a.try_cmp(&b), Ok(Ordering::Greater));
        let c = parse(VersionScheme::Apk, "1.5.1");
        let d = parse(VersionScheme::Apk, "1.5.1-r0");
        assert_eq!(c.try_cmp(&d), Ok(Ordering::Less));
    }

    #[test]
    fn mismatched_schemes_are_an_error() {
        let dpkg = parse(VersionScheme::Dpkg, "1.0");
        let apk = parse(VersionScheme::Apk, "1.0");
        assert_eq!(
            dpkg.try_cmp(&apk),
            Err(SchemeMismatch { left: VersionScheme::Dpkg, right: VersionScheme::Apk }.into())
        );
        assert_eq!(
            apk.try_cmp(&dpkg),
            Err(SchemeMismatch { left: VersionScheme::Apk, right: VersionScheme::Dpkg }.into())
        );
        assert_eq!(
            dpkg.try_cmp(&apk).map_err(|e| e.to_string()),
            Err("cannot compare a dpkg version with a apk version".to_string())
        );
    }

    #[test]
    fn parse_reports_scheme_input_and_reason() {
        let err = Version::parse(VersionScheme::Apk, "").err();
        assert_eq!(err, Some(ParseVersionError { scheme: VersionScheme::Apk, raw: String::new(), reason: "empty" }));
        let err = Version::parse(VersionScheme::Dpkg, "x:1").err();
        assert_eq!(err.map(|e| e.to_string()), Some("invalid dpkg version \"x:1\": epoch in version is empty".into()));
    }

    #[test]
    fn accessors_and_serde_round_trip() {
        let v = parse(VersionScheme::Dpkg, "1:2.3-4");
        assert_eq!((v.scheme(), v.raw(), v.to_string()), (VersionScheme::Dpkg, "1:2.3-4", "1:2.3-4".to_string()));
        let json = serde_json::to_string(&v).unwrap_or_default();
        assert_eq!(json, r#"["dpkg","1:2.3-4"]"#);
        let back: Result<Version, _> = serde_json::from_str(&json);
        assert_eq!(back.ok(), Some(v));
        let bad: Result<Version, _> = serde_json::from_str(r#"["apk",""]"#);
        assert_eq!(bad.ok(), Some(Version::Unparsed { scheme: VersionScheme::Apk, raw: String::new() }));
    }

    #[test]
    fn unparsed_versions_never_compare() {
        let devel = Version::parse_lenient(VersionScheme::Go, "");
        assert!(!devel.is_comparable());
        let other = parse(VersionScheme::Go, "v1.2.3");
        assert_eq!(
            devel.try_cmp(&other),
            Err(CompareError::Unparsed { scheme: VersionScheme::Go, raw: String::new() })
        );
    }

    /// OSV's `introduced: "0"` parses in every scheme; it is not the least
    /// version everywhere (pre-releases of 0 sort below it), so a matcher
    /// should read it as "no lower bound".
    #[test]
    fn zero_parses_in_every_scheme() {
        use VersionScheme::*;
        for scheme in [Dpkg, Apk, Rpm, Pep440, Semver, Go, Maven, RubyGems, NuGet, Composer] {
            let zero = parse(scheme, "0");
            let one = parse(scheme, "1.0");
            assert_eq!(zero.try_cmp(&one), Ok(Ordering::Less), "{scheme}");
        }
        assert_eq!(
            parse(VersionScheme::Maven, "0-alpha").try_cmp(&parse(VersionScheme::Maven, "0")),
            Ok(Ordering::Less)
        );
        assert_eq!(
            parse(VersionScheme::Pep440, "0.dev0").try_cmp(&parse(VersionScheme::Pep440, "0")),
            Ok(Ordering::Less)
        );
    }
}
