//! Parity with syft 1.18.1 on the shared fixture images: the deb and apk
//! packages Airlock catalogues are exactly the ones syft recorded.

use std::collections::BTreeSet;
use std::fs::File;
use std::path::{Path, PathBuf};

use airlock_catalog::Inventory;
use airlock_image::{Image, ReadOptions};
use serde_json::Value;

/// `(type, name, version, purl)` of one OS package.
type Row = (String, String, String, String);

fn shared_dir() -> PathBuf {
    let dir = std::env::var_os("AIRLOCK_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared"));
    assert!(dir.is_dir(), "shared fixture dir {} is missing (set AIRLOCK_SHARED)", dir.display());
    dir
}

fn images_dir() -> PathBuf {
    shared_dir().join("fixtures/images")
}

fn read(path: &Path) -> (Image, Inventory) {
    let file = File::open(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let image = airlock_image::read_image(file, &airlock_catalog::wants, &ReadOptions::default(), &mut |_| {})
        .unwrap_or_else(|e| panic!("reading {}: {e}", path.display()));
    let inventory = airlock_catalog::catalog(&image.files, &image.info.layers)
        .unwrap_or_else(|e| panic!("cataloguing {}: {e}", path.display()));
    (image, inventory)
}

fn load_json(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn text(v: &Value, key: &str) -> String {
    v.get(key).and_then(Value::as_str).unwrap_or_default().to_owned()
}

/// The deb/apk packages syft recorded for `<base>.tar`: from the syft-json
/// SBOM when there is one, else from the CycloneDX one.
fn syft_rows(base: &str) -> BTreeSet<Row> {
    let sbom = images_dir().join("sbom");
    let syft = sbom.join(format!("{base}.syft.json"));
    if syft.is_file() {
        let doc = load_json(&syft);
        let artifacts = doc["artifacts"].as_array().cloned().unwrap_or_default();
        return artifacts
            .iter()
            .map(|a| (text(a, "type"), text(a, "name"), text(a, "version"), text(a, "purl")))
            .filter(|(ty, ..)| ty == "deb" || ty == "apk")
            .collect();
    }
    let cdx = sbom.join(format!("{base}.cdx.json"));
    assert!(cdx.is_file(), "no syft-json or CycloneDX SBOM for {base} in {}", sbom.display());
    let doc = load_json(&cdx);
    let components = doc["components"].as_array().cloned().unwrap_or_default();
    components
        .iter()
        .filter_map(|c| {
            let purl = text(c, "purl");
            let ty = ["deb", "apk"].into_iter().find(|t| purl.starts_with(&format!("pkg:{t}/")))?;
            Some((ty.to_owned(), text(c, "name"), text(c, "version"), purl))
        })
        .collect()
}

fn airlock_rows(inventory: &Inventory) -> BTreeSet<Row> {
    inventory
        .packages
        .iter()
        // Language packages are compared in tests/lang_parity.rs.
        .filter(|p| p.package_type.language_ecosystem().is_none())
        .map(|p| (p.package_type.to_string(), p.name.clone(), p.version.to_string(), p.purl.to_string()))
        .collect()
}

fn fixture_images() -> Vec<PathBuf> {
    let mut images: Vec<PathBuf> = std::fs::read_dir(images_dir())
        .unwrap_or_else(|e| panic!("{}: {e}", images_dir().display()))
        .filter_map(|entry| Some(entry.ok()?.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "tar"))
        .collect();
    images.sort();
    images
}

#[test]
fn os_packages_match_syft_on_every_fixture_image() {
    let images = fixture_images();
    assert!(images.len() >= 4, "expected the 4 fixture images, found {images:?}");
    let mut failures = Vec::new();
    for path in &images {
        let base = path.file_stem().and_then(|s| s.to_str()).unwrap_or_default().to_owned();
        let (_, inventory) = read(path);
        let ours = airlock_rows(&inventory);
        let theirs = syft_rows(&base);
        assert!(!theirs.is_empty(), "{base}: syft recorded no deb/apk packages");
        let names = |rows: &BTreeSet<Row>| -> BTreeSet<(String, String, String)> {
            rows.iter().map(|(t, n, v, _)| (t.clone(), n.clone(), v.clone())).collect()
        };
        let (ours_nv, theirs_nv) = (names(&ours), names(&theirs));
        if ours_nv != theirs_nv {
            failures.push(format!(
                "{base}: only Airlock {:?}; only syft {:?}",
                ours_nv.difference(&theirs_nv).collect::<Vec<_>>(),
                theirs_nv.difference(&ours_nv).collect::<Vec<_>>()
            ));
        }
        let purls = |rows: &BTreeSet<Row>| rows.iter().map(|r| r.3.clone()).collect::<BTreeSet<_>>();
        let (ours_p, theirs_p) = (purls(&ours), purls(&theirs));
        if ours_p != theirs_p {
            failures.push(format!(
                "{base}: purls only Airlock {:?}; only syft {:?}",
                ours_p.difference(&theirs_p).collect::<Vec<_>>(),
                theirs_p.difference(&ours_p).collect::<Vec<_>>()
            ));
        }
        if !inventory.warnings.is_empty() {
            failures.push(format!("{base}: unexpected warnings {:?}", inventory.warnings));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn debian_fixture_details() {
    let (image, inventory) = read(&images_dir().join("debian-bookworm-minbase.oci.tar"));
    let os = inventory.os.as_ref().expect("Debian OS detected");
    assert_eq!((os.id.as_str(), os.version_id.as_deref()), ("debian", Some("12")));
    assert_eq!(inventory.packages.len(), 106);
    let find = |name: &str| inventory.packages.iter().find(|p| p.name == name);
    assert!(find("e2fsprogs").is_none(), "e2fsprogs was purged in layer 1");

    let curl = find("curl").expect("curl");
    let layer = curl.layer.as_ref().expect("curl has a layer");
    assert_eq!(layer.index, 1);
    assert_eq!(layer.diff_id, image.info.layers[1].diff_id);
    let libc = find("libc6").expect("libc6");
    assert_eq!(libc.layer.as_ref().map(|l| l.index), Some(0));
    let from_layer1 = inventory.packages.iter().filter(|p| p.layer.as_ref().is_some_and(|l| l.index == 1)).count();
    assert_eq!(from_layer1, 19, "layer 1 installs 19 packages");

    let ssl = find("libssl3").expect("libssl3");
    assert_eq!((ssl.source_name.as_str(), ssl.version.raw()), ("openssl", "3.0.20-1~deb12u2"));
    let bash = find("bash").expect("bash");
    assert_eq!((bash.version.raw(), bash.source_version.raw()), ("5.2.15-2+b13", "5.2.15-2"));
}

#[test]
fn alpine_and_distroless_fixture_details() {
    let (_, alpine) = read(&images_dir().join("alpine-3.16.9.oci.tar"));
    let os = alpine.os.as_ref().expect("Alpine OS detected");
    assert_eq!((os.id.as_str(), os.version_id.as_deref()), ("alpine", Some("3.16.9")));
    assert_eq!(alpine.packages.len(), 14);
    let crypto = alpine.packages.iter().find(|p| p.name == "libcrypto1.1").expect("libcrypto1.1");
    assert_eq!((crypto.source_name.as_str(), crypto.version.raw()), ("openssl", "1.1.1w-r1"));
    assert!(alpine.packages.iter().all(|p| p.layer.as_ref().is_some_and(|l| l.index == 0)));

    let (_, distroless) = read(&images_dir().join("distroless-static-go.docker.tar"));
    assert_eq!(distroless.os.as_ref().map(|o| o.id.as_str()), Some("debian"));
    let locations: BTreeSet<_> = distroless.packages.iter().map(|p| p.location.as_str()).collect();
    assert_eq!(locations.len(), 5, "one status.d file per package: {locations:?}");
    assert!(locations.iter().all(|l| l.starts_with("/var/lib/dpkg/status.d/") && !l.ends_with(".md5sums")));
}
