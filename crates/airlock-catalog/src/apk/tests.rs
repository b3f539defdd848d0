//! Unit tests of the apk cataloger, on excerpts of the alpine-minirootfs
//! 3.16.9 database.

use std::sync::Arc;

use super::*;
use crate::layers::test_support;

const MUSL: &str = "\
C:Q1rquop7dlhyMFiT2uY9VcytyRTE4=
P:musl
V:1.2.3-r3
A:x86_64
S:383441
I:622592
T:the musl c library (libc) implementation
U:https://musl.libc.org/
L:MIT
o:musl
m:Timo Teräs <timo.teras@iki.fi>
t:1684510405
c:a8200e94bd003c0d5fe95a77850958ed60b91dec
p:so:libc.musl-x86_64.so.1=1
F:lib
R:ld-musl-x86_64.so.1
a:0:0:755
Z:Q1dn/ZME/6NBcTu+oOc5Bdgv7PYI8=
R:libc.musl-x86_64.so.1
a:0:0:777
Z:Q17yJ3JFNypA4mxhJJr0ou6CzsJVI=
";

const LIBCRYPTO: &str = "\
C:Q1sL2pyMpRdkVWe6Z/RL4ZruOA3kA=
P:libcrypto1.1
V:1.1.1w-r1
A:x86_64
S:1214639
I:2772992
T:Crypto library from openssl
U:https://www.openssl.org/
L:OpenSSL
o:openssl
m:Timo Teras <timo.teras@iki.fi>
t:1700454448
c:109910c17d51d060eec185e649bb6a2d513f010d
D:so:libc.musl-x86_64.so.1
p:so:libcrypto.so.1.1=1.1
r:libressl2.7-libcrypto
F:lib
R:libcrypto.so.1.1
a:0:0:755
Z:Q10mXFH/35fSt6pYYJk8b4PBahh60=
";

const SSL_CLIENT: &str = "\
C:Q1KWJXawaNPiINHfdzCg/FrEmiAaU=
P:ssl_client
V:1.35.0-r17
A:x86_64
S:5004
I:28672
T:EXternal ssl_client for busybox wget
U:https://busybox.net/
L:GPL-2.0-only
o:busybox
m:Sören Tempel <soeren+alpine@soeren-tempel.net>
t:1659366884
c:2bf6ec48e526113f87216683cd341a78af5f0b3f
D:so:libc.musl-x86_64.so.1 so:libcrypto.so.1.1 so:libssl.so.1.1
p:cmd:ssl_client=1.35.0-r17
i:busybox=1.35.0-r17 libssl1.1
F:usr/bin
R:ssl_client
a:0:0:755
Z:Q1C6qA8RFt5eagesbaqu4plc6Ctyc=
";

const ZLIB: &str = "\
C:Q1Ekuqm/0CPywDCKEbEwhsPCw+z9E=
P:zlib
V:1.2.12-r3
A:x86_64
S:53346
I:110592
T:A compression/decompression Library
U:https://zlib.net/
L:Zlib
o:zlib
m:Natanael Copa <ncopa@alpinelinux.org>
t:1660030129
c:57ce38bde7ce42964b664c137935cf2de803ac44
D:so:libc.musl-x86_64.so.1
p:so:libz.so.1=1.2.12
F:lib
R:libz.so.1
";

const DB: &str = "/lib/apk/db/installed";

fn bytes(text: &str) -> Option<Arc<[u8]>> {
    Some(Arc::from(text.as_bytes()))
}

/// Blocks joined the way apk writes them: a blank line after each block.
fn db(blocks: &[&str]) -> String {
    blocks.iter().map(|b| format!("{b}\n")).collect()
}

fn alpine() -> OsRelease {
    OsRelease { id: "alpine".into(), version_id: Some("3.16.9".into()), ..OsRelease::default() }
}

fn run(files: &CollectedFiles, os: Option<&OsRelease>) -> Catalogued {
    let layers = test_support::layers(2);
    ApkCataloger.catalog(files, &CatalogContext { os, layers: &layers }).unwrap()
}

fn find<'a>(found: &'a Catalogued, name: &str) -> &'a Package {
    found.packages.iter().find(|p| p.name == name).unwrap_or_else(|| panic!("{name} not catalogued"))
}

#[test]
fn wants_both_database_paths() {
    assert!(ApkCataloger.wants("/lib/apk/db/installed"));
    assert!(ApkCataloger.wants("/usr/lib/apk/db/installed"));
    assert!(!ApkCataloger.wants("/lib/apk/db/triggers"));
    assert!(!ApkCataloger.wants("/etc/apk/world"));
}

#[test]
fn reads_packages_with_origin_as_source() {
    let mut files = CollectedFiles::default();
    files.push(DB, 0, bytes(&db(&[MUSL, LIBCRYPTO, SSL_CLIENT])));
    let found = run(&files, Some(&alpine()));
    assert!(found.warnings.is_empty(), "{:?}", found.warnings);
    let names: Vec<_> = found.packages.iter().map(|p| (p.name.as_str(), p.version.raw())).collect();
    assert_eq!(names, [("musl", "1.2.3-r3"), ("libcrypto1.1", "1.1.1w-r1"), ("ssl_client", "1.35.0-r17")]);

    let crypto = find(&found, "libcrypto1.1");
    assert_eq!(crypto.package_type, PackageType::Apk);
    assert_eq!((crypto.source_name.as_str(), crypto.source_version.raw()), ("openssl", "1.1.1w-r1"));
    assert_eq!(crypto.arch.as_deref(), Some("x86_64"));
    assert_eq!(crypto.location, DB);
    // The purls syft 1.18.1 wrote for these packages.
    assert_eq!(
        crypto.purl.to_string(),
        "pkg:apk/alpine/libcrypto1.1@1.1.1w-r1?arch=x86_64&distro=alpine-3.16.9&upstream=openssl"
    );
    assert_eq!(find(&found, "musl").purl.to_string(), "pkg:apk/alpine/musl@1.2.3-r3?arch=x86_64&distro=alpine-3.16.9");
    assert_eq!(find(&found, "ssl_client").source_name, "busybox");
}

#[test]
fn missing_origin_defaults_to_the_name() {
    let mut files = CollectedFiles::default();
    files.push(DB, 0, bytes(&ZLIB.replace("o:zlib\n", "")));
    let found = run(&files, None);
    let zlib = find(&found, "zlib");
    assert_eq!(zlib.source_name, "zlib");
    assert_eq!(zlib.purl.to_string(), "pkg:apk/alpine/zlib@1.2.12-r3?arch=x86_64");
}

#[test]
fn attribution_across_revisions() {
    // Layer 1 (`apk upgrade; apk add zlib; apk del ssl_client`) rewrites the
    // database: libcrypto1.1 upgraded from an older build, zlib added,
    // ssl_client removed, musl unchanged.
    let mut files = CollectedFiles::default();
    let old_crypto = LIBCRYPTO.replace("V:1.1.1w-r1", "V:1.1.1t-r2");
    files.push(DB, 0, bytes(&db(&[MUSL, &old_crypto, SSL_CLIENT])));
    files.push(DB, 1, bytes(&db(&[MUSL, LIBCRYPTO, ZLIB])));
    let found = run(&files, Some(&alpine()));
    let layer_of = |name: &str| find(&found, name).layer.as_ref().map(|l| l.index);
    assert_eq!(layer_of("musl"), Some(0));
    assert_eq!(layer_of("libcrypto1.1"), Some(1));
    assert_eq!(layer_of("zlib"), Some(1));
    assert!(found.packages.iter().all(|p| p.name != "ssl_client"));
    assert_eq!(found.packages.len(), 3);
}

#[test]
fn merged_usr_database_is_read_once() {
    let mut files = CollectedFiles::default();
    files.push("/usr/lib/apk/db/installed", 0, bytes(&db(&[MUSL, ZLIB])));
    files.set_symlink("/lib", Some("usr/lib"));
    let found = run(&files, Some(&alpine()));
    assert_eq!(found.packages.len(), 2);
    assert_eq!(found.packages[0].location, "/usr/lib/apk/db/installed");
}

#[test]
fn crlf_and_missing_final_newline_are_tolerated() {
    let mut files = CollectedFiles::default();
    let text = format!("{MUSL}\n{}", ZLIB.trim_end()).replace('\n', "\r\n");
    files.push(DB, 0, bytes(&text));
    let found = run(&files, Some(&alpine()));
    assert!(found.warnings.is_empty(), "{:?}", found.warnings);
    assert_eq!(find(&found, "zlib").arch.as_deref(), Some("x86_64"));
    assert_eq!(found.packages.len(), 2);
}

#[test]
fn malformed_blocks_become_warnings() {
    let text = "P:noversion\nA:x86_64\n\nV:1.0-r0\nA:x86_64\n\nnonsense\nP:ok\nV:1.0-r0\n\nP:emptyversion\nV:\n";
    let mut files = CollectedFiles::default();
    files.push(DB, 0, bytes(text));
    let found = run(&files, Some(&alpine()));
    assert_eq!(found.packages.iter().map(|p| p.name.as_str()).collect::<Vec<_>>(), ["ok"]);
    assert_eq!(found.packages[0].arch, None);
    let w = &found.warnings;
    assert_eq!(w.len(), 4, "{w:?}");
    assert_eq!(w[0], "/lib/apk/db/installed: line 1: skipped package noversion: no V: (version) field");
    assert_eq!(w[1], "/lib/apk/db/installed: line 4: skipped package: no P: (name) field");
    assert_eq!(w[2], "/lib/apk/db/installed: line 7: expected `K:value`");
    assert!(w[3].starts_with("/lib/apk/db/installed: line 11: skipped package emptyversion: "), "{w:?}");
}
