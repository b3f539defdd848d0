//! Components (what each format lists) → packages.

use std::str::FromStr;

use airlock_types::{Digest, LayerRef, OsRelease, Package, PackageType, Purl};
use airlock_version::Version;
use packageurl::PackageUrl;

use crate::distro::os_from_distro_qualifier;
use crate::{Parsed, SbomFormat, SbomInventory};

/// One component as a format lists it.
#[derive(Debug, Clone, Default)]
pub(crate) struct Component {
    /// Display name.
    pub(crate) name: String,
    /// Version, when given.
    pub(crate) version: Option<String>,
    /// The purl, when given.
    pub(crate) purl: Option<String>,
    /// Where in the image it was found (a database file).
    pub(crate) location: Option<String>,
    /// The layer (diff_id) it came from, when given.
    pub(crate) layer: Option<String>,
    /// That layer's position, when given.
    pub(crate) layer_index: Option<usize>,
    /// Source package name from format metadata (syft's `source`, `originPackage`).
    pub(crate) source_name: Option<String>,
    /// Source package version from format metadata.
    pub(crate) source_version: Option<String>,
    /// Whether `name` is the ecosystem's own package name (documents Airlock
    /// wrote); else the name is derived from the purl.
    pub(crate) trusted_name: bool,
}

/// The package type of a purl type; `None` for types Airlock does not match.
fn package_type(purl_type: &str) -> Option<PackageType> {
    Some(match purl_type {
        "deb" => PackageType::Deb,
        "apk" => PackageType::Apk,
        "rpm" => PackageType::Rpm,
        "pypi" => PackageType::Python,
        "npm" => PackageType::Npm,
        "maven" => PackageType::JavaArchive,
        "golang" => PackageType::GoModule,
        "cargo" => PackageType::RustCrate,
        "gem" => PackageType::Gem,
        "composer" => PackageType::PhpComposer,
        "nuget" => PackageType::DotNet,
        _ => return None,
    })
}

/// The package name as its ecosystem spells it: Go `namespace/name`, Maven
/// `group:artifact`, npm `@scope/name`, else the purl name.
fn ecosystem_name(purl: &PackageUrl<'_>) -> String {
    match (purl.ty(), purl.namespace()) {
        ("golang" | "npm" | "composer", Some(ns)) => format!("{ns}/{}", purl.name()),
        ("maven", Some(ns)) => format!("{ns}:{}", purl.name()),
        _ => purl.name().to_owned(),
    }
}

/// Interprets a purl (with the component's metadata as hints) as a package.
///
/// The version comes from the purl, else `version`; an `epoch=` qualifier is
/// prefixed when the version has none. The source package comes from the
/// `upstream=` qualifier (`openssl`, `bash@5.2.15-2`), else the hints, else
/// the package itself. `Err` says why it cannot be matched.
pub fn to_package(
    purl_text: &str,
    version: Option<&str>,
    location: &str,
    source_hint: (Option<&str>, Option<&str>),
) -> Result<Package, String> {
    let purl = PackageUrl::from_str(purl_text).map_err(|e| format!("invalid purl {purl_text:?}: {e}"))?;
    let package_type = package_type(purl.ty()).ok_or_else(|| format!("purl type {:?} is not matched", purl.ty()))?;
    let qualifier = |key: &str| purl.qualifiers().get(key).map(|v| v.as_ref()).filter(|v: &&str| !v.is_empty());
    let raw =
        purl.version().or(version).map(str::trim).filter(|v| !v.is_empty()).ok_or_else(|| "no version".to_owned())?;
    let with_epoch = |v: &str| match qualifier("epoch") {
        Some(epoch) if matches!(package_type, PackageType::Deb | PackageType::Rpm) && !v.contains(':') => {
            format!("{epoch}:{v}")
        }
        _ => v.to_owned(),
    };
    let mut raw = with_epoch(raw);
    // The Go toolchain is listed as `stdlib` at `go1.20.4` (the cataloger's
    // and syft's spelling) while its purl says `1.20.4`: keep one spelling.
    if package_type == PackageType::GoModule && purl.name() == "stdlib" && !raw.starts_with("go") {
        raw = format!("go{raw}");
    }
    let scheme = package_type.scheme();
    let version = Version::parse_lenient(scheme, &raw);
    let (upstream_name, upstream_version) = match qualifier("upstream") {
        Some(up) => match up.split_once('@') {
            Some((n, v)) => (Some(n.to_owned()), Some(v.to_owned())),
            None => (Some(up.to_owned()), None),
        },
        None => (None, None),
    };
    let name = ecosystem_name(&purl);
    // Without a source, a package is its own source; for Maven the
    // cataloger names it by artifact (`log4j`), not `group:artifact`.
    let own_source = if package_type == PackageType::JavaArchive { purl.name().to_owned() } else { name.clone() };
    let source_name = upstream_name.or_else(|| source_hint.0.map(str::to_owned)).unwrap_or(own_source);
    let source_version = match upstream_version.or_else(|| source_hint.1.map(str::to_owned)) {
        Some(v) => Version::parse_lenient(scheme, &v),
        None => version.clone(),
    };
    let qualifiers: Vec<(String, String)> =
        purl.qualifiers().iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
    let ours = Purl::new(purl.ty(), purl.namespace(), purl.name(), purl.version().or(Some(&raw)), qualifiers);
    Ok(Package {
        package_type,
        name,
        version,
        source_name,
        source_version,
        arch: qualifier("arch").map(str::to_owned),
        purl: ours,
        layer: None,
        location: location.to_owned(),
    })
}

/// The OS the purls name, when the document gives none: the first OS
/// package's `distro=` qualifier.
fn os_from_purls(components: &[Component]) -> Option<OsRelease> {
    components.iter().filter_map(|c| c.purl.as_deref()).find_map(|p| {
        let purl = PackageUrl::from_str(p).ok()?;
        if !matches!(purl.ty(), "deb" | "apk" | "rpm") {
            return None;
        }
        os_from_distro_qualifier(purl.qualifiers().get("distro")?, purl.namespace())
    })
}

/// Turns a reader's components into the inventory.
pub(crate) fn into_inventory(format: SbomFormat, parsed: Parsed, notes: Vec<String>) -> SbomInventory {
    let os = parsed.os.filter(|os| os.version_id.is_some()).or_else(|| os_from_purls(&parsed.components));
    let mut packages = Vec::new();
    let mut unknown = Vec::new();
    let mut seen = std::collections::BTreeSet::new();
    for c in &parsed.components {
        let label = format!("{} {}", c.name, c.version.as_deref().unwrap_or("(no version)"));
        let Some(purl) = c.purl.as_deref() else {
            unknown.push(format!("{label}: no purl"));
            continue;
        };
        if purl.starts_with("pkg:oci/") || purl.starts_with("pkg:docker/") {
            // The scanned image itself, not a package in it.
            continue;
        }
        let location = c.location.clone().unwrap_or_default();
        match to_package(purl, c.version.as_deref(), &location, (c.source_name.as_deref(), c.source_version.as_deref()))
        {
            Ok(mut p) => {
                if c.trusted_name && !c.name.is_empty() {
                    p.name.clone_from(&c.name);
                }
                p.layer = match (c.layer.as_deref().map(Digest::from_str), c.layer_index) {
                    (Some(Ok(diff_id)), Some(index)) => Some(LayerRef { index, diff_id }),
                    _ => None,
                };
                // The same package listed twice (SPDX and CycloneDX allow it) is kept once.
                if seen.insert((p.purl.to_string(), p.location.clone())) {
                    packages.push(p);
                }
            }
            Err(why) => unknown.push(format!("{label}: {why}")),
        }
    }
    packages.sort_by(|a, b| {
        (a.package_type, &a.name, a.version.raw(), &a.arch).cmp(&(b.package_type, &b.name, b.version.raw(), &b.arch))
    });
    SbomInventory { format: Some(format), subject: parsed.subject, digest: parsed.digest, os, packages, unknown, notes }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_qualifiers_epoch_and_upstream() {
        let p = to_package(
            "pkg:deb/debian/bsdutils@2.38.1-5%2Bdeb12u3?arch=amd64&distro=debian-12&epoch=1&upstream=util-linux",
            None,
            "/var/lib/dpkg/status",
            (None, None),
        )
        .unwrap();
        assert_eq!(
            (p.package_type, p.name.as_str(), p.version.raw()),
            (PackageType::Deb, "bsdutils", "1:2.38.1-5+deb12u3")
        );
        assert_eq!((p.source_name.as_str(), p.source_version.raw()), ("util-linux", "1:2.38.1-5+deb12u3"));
        assert_eq!(p.arch.as_deref(), Some("amd64"));
        assert_eq!(p.purl.qualifier("distro"), Some("debian-12"));
        let binnmu =
            to_package("pkg:deb/debian/bash@5.2.15-2%2Bb13?upstream=bash%405.2.15-2", None, "", (None, None)).unwrap();
        assert_eq!((binnmu.source_name.as_str(), binnmu.source_version.raw()), ("bash", "5.2.15-2"));
        let go = to_package("pkg:golang/github.com/evanw/esbuild@v0.17.19", None, "", (None, None)).unwrap();
        assert_eq!((go.package_type, go.name.as_str()), (PackageType::GoModule, "github.com/evanw/esbuild"));
    }

    #[test]
    fn unmatchable_components_say_why() {
        assert_eq!(to_package("pkg:deb/debian/foo", None, "", (None, None)).unwrap_err(), "no version");
        assert!(to_package("pkg:generic/foo@1", None, "", (None, None)).unwrap_err().contains("not matched"));
        assert!(to_package("not a purl", None, "", (None, None)).unwrap_err().contains("invalid purl"));
    }
}
