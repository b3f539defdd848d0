//! Language packages of the shared fixture images against syft 1.18.1:
//! the Python, npm, Java and Go packages (name, version) Airlock finds in
//! `lang-apps.oci.tar` are syft's, except for the differences listed (and
//! explained) in [`KNOWN_DIFFERENCES`].

use std::collections::BTreeSet;
use std::fs::File;
use std::path::{Path, PathBuf};

use airlock_catalog::Inventory;
use airlock_image::{Image, ReadOptions};
use airlock_types::PackageType;
use serde_json::Value;

/// `(type, name, version)`.
type Row = (String, String, String);

/// Where Airlock and syft 1.18.1 disagree on `lang-apps`, and why:
/// `(type, name, syft's version or "-", Airlock's version or "-")`.
const KNOWN_DIFFERENCES: [(&str, &str, &str, &str); 3] = [
    // syft lists the project's own /app/web/package.json; it is the
    // application being scanned, not an installed dependency.
    ("npm", "fixture-web", "1.0.0", "-"),
    // The jar has no pom.properties; syft takes the version from the file
    // name (log4j-1.2-1.2.17.jar → "1.2-1.2.17"), Airlock from the
    // manifest's Bundle-Version, which is the real release.
    ("java-archive", "log4j", "1.2-1.2.17", "1.2.17"),
    // The main module was built from a checkout: its build info says
    // "(devel)". syft synthesises a pseudo-version from vcs.time and
    // vcs.revision; Airlock reports what the binary records (and does
    // not match it).
    ("go-module", "github.com/evanw/esbuild", "v0.0.0-20230513000607-d47ab43980c4", "(devel)"),
];

const LANG_TYPES: [&str; 4] = ["python", "npm", "java-archive", "go-module"];

fn shared_dir() -> PathBuf {
    let dir = std::env::var_os("AIRLOCK_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared"));
    assert!(dir.is_dir(), "shared fixture dir {} is missing (set AIRLOCK_SHARED)", dir.display());
    dir
}

fn read(name: &str) -> (Image, Inventory) {
    let path = shared_dir().join("fixtures/images").join(name);
    let file = File::open(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let sniffer = airlock_catalog::sniffer();
    let image = airlock_image::read_image_sniffing(
        file,
        &airlock_catalog::wants,
        Some(&sniffer),
        &ReadOptions::default(),
        &mut |_| {},
    )
    .unwrap_or_else(|e| panic!("reading {}: {e}", path.display()));
    let inventory = airlock_catalog::catalog(&image.files, &image.info.layers)
        .unwrap_or_else(|e| panic!("cataloguing {}: {e}", path.display()));
    (image, inventory)
}

fn syft_rows() -> BTreeSet<Row> {
    let path = shared_dir().join("fixtures/images/sbom/lang-apps.oci.syft.json");
    let doc: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    let text = |a: &Value, k: &str| a.get(k).and_then(Value::as_str).unwrap_or_default().to_owned();
    doc["artifacts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| (text(a, "type"), text(a, "name"), text(a, "version")))
        .filter(|(ty, ..)| LANG_TYPES.contains(&ty.as_str()))
        .collect()
}

#[test]
fn lang_apps_language_packages_equal_syft_but_for_the_listed_differences() {
    let (_, inventory) = read("lang-apps.oci.tar");
    let ours: BTreeSet<Row> = inventory
        .packages
        .iter()
        .filter(|p| LANG_TYPES.contains(&p.package_type.as_str()))
        .map(|p| (p.package_type.to_string(), p.name.clone(), p.version.raw().to_owned()))
        .collect();
    let mut expected = syft_rows();
    assert_eq!(expected.len(), 18, "syft's SBOM changed");
    for (ty, name, syft, airlock) in KNOWN_DIFFERENCES {
        assert!(expected.remove(&(ty.into(), name.into(), syft.into())), "syft no longer lists {ty} {name} {syft}");
        if airlock != "-" {
            expected.insert((ty.into(), name.into(), airlock.into()));
        }
    }
    assert_eq!(ours, expected);
}

#[test]
fn lang_apps_purls_locations_and_layers() {
    let (image, inventory) = read("lang-apps.oci.tar");
    let find = |name: &str| inventory.packages.iter().find(|p| p.name == name).unwrap_or_else(|| panic!("no {name}"));
    let requests = find("requests");
    assert_eq!(requests.purl.to_string(), "pkg:pypi/requests@2.19.0");
    assert_eq!(requests.location, "/usr/local/lib/python3.10/site-packages/requests-2.19.0.dist-info/METADATA");
    assert_eq!(requests.layer.as_ref().map(|l| &l.diff_id), Some(&image.info.layers[1].diff_id));
    assert_eq!(find("@esbuild/linux-x64").purl.to_string(), "pkg:npm/%40esbuild/linux-x64@0.17.19");
    assert_eq!(find("jinja2").purl.to_string(), "pkg:pypi/jinja2@2.10");
    assert_eq!(
        find("commons-collections3").purl.to_string(),
        "pkg:maven/commons-collections/commons-collections3@3.2.2"
    );
    assert_eq!(find("commons-collections3").location, "/app/lib/commons-collections3-3.2.2.jar");
    let stdlib = find("stdlib");
    assert_eq!((stdlib.version.raw(), stdlib.purl.to_string().as_str()), ("go1.20.4", "pkg:golang/stdlib@1.20.4"));
    assert_eq!(stdlib.location, "/app/web/node_modules/@esbuild/linux-x64/bin/esbuild");
    assert_eq!(
        find("golang.org/x/sys").purl.to_string(),
        "pkg:golang/golang.org/x/sys@v0.0.0-20220715151400-c0bba94af5f8"
    );
    // The OS packages are still all there.
    assert_eq!(inventory.packages.iter().filter(|p| p.package_type == PackageType::Apk).count(), 14);
    assert!(inventory.warnings.is_empty(), "{:?}", inventory.warnings);
    // Only reductions are kept for binaries and jars, never whole files.
    let esbuild = image.files.get("/app/web/node_modules/@esbuild/linux-x64/bin/esbuild").unwrap();
    assert!(esbuild.content.len() < 4096, "{} bytes kept", esbuild.content.len());
}

#[test]
fn distroless_go_binary_gives_stdlib_and_a_devel_main_module() {
    let (_, inventory) = read("distroless-static-go.docker.tar");
    let go: Vec<_> = inventory
        .packages
        .iter()
        .filter(|p| p.package_type == PackageType::GoModule)
        .map(|p| (p.name.as_str(), p.version.raw(), p.location.as_str()))
        .collect();
    assert_eq!(go, [("example.test/fixture/goapp", "(devel)", "/app/goapp"), ("stdlib", "go1.19.8", "/app/goapp")]);
}
