//! Package names and versions as language advisories spell them, so the
//! snapshot builder and the matcher normalise both sides the same way.

use airlock_types::EcosystemKind;
pub use airlock_types::pep503;

/// The lookup form of a package name in `kind`: PEP 503 for PyPI
/// (lowercase, runs of `-_.` → `-`), lowercase for Packagist and NuGet
/// (case-insensitive registries), as written elsewhere (npm `@scope/name`,
/// Maven `group:artifact`, Go module paths, crates, gems).
pub fn normalize_name(kind: EcosystemKind, name: &str) -> String {
    let name = name.trim();
    match kind {
        EcosystemKind::PyPI => pep503(name),
        EcosystemKind::Packagist | EcosystemKind::NuGet => name.to_lowercase(),
        _ => name.to_owned(),
    }
}

/// The comparable form of a version in `kind`: Go versions lose their `v`
/// prefix, as the Go vulnerability database writes them (`v1.20.4` →
/// `1.20.4`), and release toolchains their `go` (`go1.20.4` → `1.20.4`);
/// pre-release toolchains (`go1.21rc2`) keep it for the Go version type to
/// convert. Others are trimmed.
pub fn normalize_version(kind: EcosystemKind, version: &str) -> String {
    let version = version.trim();
    match kind {
        EcosystemKind::Go => match version.strip_prefix("go") {
            Some(release) if !release.is_empty() && release.bytes().all(|b| b.is_ascii_digit() || b == b'.') => {
                release.to_owned()
            }
            Some(_) => version.to_owned(),
            None => version.strip_prefix('v').unwrap_or(version).to_owned(),
        },
        _ => version.to_owned(),
    }
}

/// The language ecosystem of an OSV ecosystem name (`PyPI`, `crates.io`, …).
pub fn language_kind(osv: &str) -> Option<EcosystemKind> {
    use EcosystemKind as K;
    [K::PyPI, K::Npm, K::Maven, K::Go, K::CratesIo, K::RubyGems, K::Packagist, K::NuGet]
        .into_iter()
        .find(|k| k.osv_name() == osv)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_versions_per_ecosystem() {
        assert_eq!(normalize_name(EcosystemKind::PyPI, "Jinja2"), "jinja2");
        assert_eq!(normalize_name(EcosystemKind::PyPI, "zope.interface"), "zope-interface");
        assert_eq!(normalize_name(EcosystemKind::PyPI, "Typing__extensions"), "typing-extensions");
        assert_eq!(normalize_name(EcosystemKind::Npm, "@esbuild/linux-x64"), "@esbuild/linux-x64");
        assert_eq!(normalize_name(EcosystemKind::Maven, "log4j:log4j"), "log4j:log4j");
        assert_eq!(normalize_name(EcosystemKind::NuGet, "Newtonsoft.Json"), "newtonsoft.json");
        assert_eq!(normalize_version(EcosystemKind::Go, "go1.19.8"), "1.19.8");
        assert_eq!(normalize_version(EcosystemKind::Go, "go1.21rc2"), "go1.21rc2");
        assert_eq!(normalize_version(EcosystemKind::Go, "v0.0.0-2022"), "0.0.0-2022");
        assert_eq!(normalize_version(EcosystemKind::Go, "1.16.0-0"), "1.16.0-0");
        assert_eq!(normalize_version(EcosystemKind::PyPI, " 2.19.0 "), "2.19.0");
        assert_eq!(language_kind("crates.io"), Some(EcosystemKind::CratesIo));
        assert_eq!(language_kind("Debian:12"), None);
        assert_eq!(language_kind("Hex"), None);
    }
}
