//! Unit tests of the dpkg cataloger, on excerpts of the real databases of the
//! debian-bookworm-minbase and distroless-static-go fixtures.

use std::sync::Arc;

use super::*;
use crate::layers::test_support;

/// Layer 0 (debootstrap): libc6, bash, e2fsprogs, and libcurl4 at an older
/// bookworm point release (the fixture's own libcurl4 arrives in layer 1; the
/// older paragraph models an upgrade).
const STATUS_LAYER0: &str = "\
Package: libc6
Status: install ok installed
Priority: optional
Section: libs
Installed-Size: 13001
Maintainer: GNU Libc Maintainers <debian-glibc@lists.debian.org>
Architecture: amd64
Multi-Arch: same
Source: glibc
Version: 2.36-9+deb12u14
Replaces: libc6-amd64
Depends: libgcc-s1
Description: GNU C Library: Shared libraries
 Contains the standard libraries that are used by nearly all programs on
 the system.
Homepage: https://www.gnu.org/software/libc/libc.html

Package: bash
Essential: yes
Status: install ok installed
Priority: required
Section: shells
Installed-Size: 7164
Maintainer: Matthias Klose <doko@debian.org>
Architecture: amd64
Multi-Arch: foreign
Source: bash (5.2.15-2)
Version: 5.2.15-2+b13
Replaces: bash-completion (<< 20060301-0), bash-doc (<= 2.05-1)
Depends: base-files (>= 2.1.12), debianutils (>= 5.6-0.1)

Package: e2fsprogs
Status: install ok installed
Priority: required
Section: admin
Installed-Size: 1497
Maintainer: Theodore Y. Ts'o <tytso@mit.edu>
Architecture: amd64
Multi-Arch: foreign
Source: e2fsprogs (1.47.0-2)
Version: 1.47.0-2+b2
Depends: logsave
Conffiles:
 /etc/cron.d/e2scrub_all bc533e09f3b3d96bfe1633ad57eb7026
 /etc/e2scrub.conf df38534cc670c70a91cf9b035845d244
 /etc/mke2fs.conf 6a2103e33d9e48b5f6f3190045c37561
Description: ext2/ext3/ext4 file system utilities

Package: libcurl4
Status: install ok installed
Priority: optional
Section: libs
Installed-Size: 840
Maintainer: Alessandro Ghedini <ghedo@debian.org>
Architecture: amd64
Multi-Arch: same
Source: curl
Version: 7.88.1-10+deb12u12
Replaces: libcurl3
Description: easy-to-use client-side URL transfer library (OpenSSL flavour)
";

/// Layer 1 (`apt-get install curl …`, `apt-get purge e2fsprogs`): libc6 and
/// bash unchanged, e2fsprogs gone, curl/libssl3 new, libcurl4 upgraded,
/// epoch packages, and entries that are not installed. CRLF-free but with
/// no final newline.
const STATUS_LAYER1: &str = "\
Package: libc6
Status: install ok installed
Priority: optional
Section: libs
Installed-Size: 13001
Maintainer: GNU Libc Maintainers <debian-glibc@lists.debian.org>
Architecture: amd64
Multi-Arch: same
Source: glibc
Version: 2.36-9+deb12u14
Replaces: libc6-amd64
Depends: libgcc-s1
Description: GNU C Library: Shared libraries
 Contains the standard libraries that are used by nearly all programs on
 the system.
Homepage: https://www.gnu.org/software/libc/libc.html

Package: bash
Essential: yes
Status: install ok installed
Priority: required
Section: shells
Installed-Size: 7164
Maintainer: Matthias Klose <doko@debian.org>
Architecture: amd64
Multi-Arch: foreign
Source: bash (5.2.15-2)
Version: 5.2.15-2+b13
Replaces: bash-completion (<< 20060301-0), bash-doc (<= 2.05-1)
Depends: base-files (>= 2.1.12), debianutils (>= 5.6-0.1)

Package: curl
Status: install ok installed
Priority: optional
Section: web
Installed-Size: 489
Maintainer: Alessandro Ghedini <ghedo@debian.org>
Architecture: amd64
Multi-Arch: foreign
Version: 7.88.1-10+deb12u15
Depends: libc6 (>= 2.34), libcurl4 (= 7.88.1-10+deb12u15), zlib1g (>= 1:1.1.4)
Description: command line tool for transferring data with URL syntax
Homepage: https://curl.se/

Package: libcurl4
Status: install ok installed
Priority: optional
Section: libs
Installed-Size: 840
Maintainer: Alessandro Ghedini <ghedo@debian.org>
Architecture: amd64
Multi-Arch: same
Source: curl
Version: 7.88.1-10+deb12u15
Replaces: libcurl3
Description: easy-to-use client-side URL transfer library (OpenSSL flavour)

Package: libssl3
Status: install ok installed
Priority: optional
Section: libs
Installed-Size: 6030
Maintainer: Debian OpenSSL Team <pkg-openssl-devel@alioth-lists.debian.net>
Architecture: amd64
Multi-Arch: same
Source: openssl
Version: 3.0.20-1~deb12u2
Depends: libc6 (>= 2.34)

Package: bsdutils
Essential: yes
Status: install ok installed
Priority: required
Section: utils
Installed-Size: 355
Maintainer: util-linux packagers <util-linux@packages.debian.org>
Architecture: amd64
Multi-Arch: foreign
Source: util-linux (2.38.1-5+deb12u3)
Version: 1:2.38.1-5+deb12u3
Pre-Depends: libc6 (>= 2.34), libsystemd0

Package: libgmp10
Status: hold ok installed
Priority: optional
Section: libs
Installed-Size: 855
Maintainer: Debian Science Team <debian-science-maintainers@lists.alioth.debian.org>
Architecture: amd64
Multi-Arch: same
Source: gmp
Version: 2:6.2.1+dfsg1-1.1
Depends: libc6 (>= 2.14)

Package: logsave
Status: deinstall ok config-files
Priority: optional
Section: admin
Installed-Size: 67
Maintainer: Theodore Y. Ts'o <tytso@mit.edu>
Architecture: amd64
Multi-Arch: foreign
Source: e2fsprogs (1.47.0-2)
Version: 1.47.0-2+b2

Package: libext2fs2
Status: install ok half-installed
Priority: optional
Section: libs
Maintainer: Theodore Y. Ts'o <tytso@mit.edu>
Architecture: amd64
Source: e2fsprogs (1.47.0-2)
Version: 1.47.0-2+b2";

/// `/var/lib/dpkg/status.d/tzdata` of distroless-static-go (`dpkg-deb -f`).
const STATUS_D_TZDATA: &str = "\
Package: tzdata
Version: 2026f-0+deb12u1
Architecture: all
Maintainer: GNU Libc Maintainers <debian-glibc@lists.debian.org>
Installed-Size: 2571
Depends: debconf (>= 0.5) | debconf-2.0
Provides: tzdata-bookworm
Section: localization
Priority: required
Multi-Arch: foreign
Homepage: https://www.iana.org/time-zones
Description: time zone and daylight-saving time data
 This package contains data required for the implementation of
 standard local time for many representative locations around the
 globe.
";

/// `/var/lib/dpkg/status.d/base-files` of distroless-static-go.
const STATUS_D_BASE_FILES: &str = "\
Package: base-files
Version: 12.4+deb12u15
Architecture: amd64
Essential: yes
Maintainer: Santiago Vila <sanvila@debian.org>
Installed-Size: 341
Pre-Depends: awk
Provides: base
Section: admin
Priority: required
Multi-Arch: foreign
Description: Debian base system miscellaneous files
";

/// Head of `/var/lib/dpkg/status.d/tzdata.md5sums`.
const TZDATA_MD5SUMS: &str = "\
5461b4c9623a1657baf85fbc0c8576b6  usr/share/doc/tzdata/README.Debian
36a5e684895546a5f1f044901c5a8241  usr/share/doc/tzdata/changelog.Debian.gz
";

fn bytes(text: &str) -> Option<Arc<[u8]>> {
    Some(Arc::from(text.as_bytes()))
}

fn debian_12() -> OsRelease {
    OsRelease {
        id: "debian".into(),
        version_id: Some("12".into()),
        version_codename: Some("bookworm".into()),
        ..OsRelease::default()
    }
}

fn run(files: &CollectedFiles, os: Option<&OsRelease>, layer_count: usize) -> Catalogued {
    let layers = test_support::layers(layer_count);
    DpkgCataloger.catalog(files, &CatalogContext { os, layers: &layers }).unwrap()
}

fn find<'a>(found: &'a Catalogued, name: &str) -> &'a Package {
    found.packages.iter().find(|p| p.name == name).unwrap_or_else(|| panic!("{name} not catalogued"))
}

fn two_layer_status() -> CollectedFiles {
    let mut files = CollectedFiles::default();
    files.push(STATUS, 0, bytes(STATUS_LAYER0));
    files.push(STATUS, 1, bytes(STATUS_LAYER1));
    files
}

#[test]
fn wants_status_and_status_d_control_files() {
    let c = DpkgCataloger;
    assert!(c.wants("/var/lib/dpkg/status"));
    assert!(c.wants("/var/lib/dpkg/status.d/tzdata"));
    assert!(!c.wants("/var/lib/dpkg/status.d/tzdata.md5sums"));
    assert!(!c.wants("/var/lib/dpkg/status.d/"));
    assert!(!c.wants("/var/lib/dpkg/status.d/sub/tzdata"));
    assert!(!c.wants("/var/lib/dpkg/status-old"));
    assert!(!c.wants("/var/lib/dpkg/info/bash.list"));
}

#[test]
fn only_installed_status_entries_are_catalogued() {
    let found = run(&two_layer_status(), Some(&debian_12()), 2);
    let mut names: Vec<_> = found.packages.iter().map(|p| p.name.as_str()).collect();
    names.sort_unstable();
    // e2fsprogs was purged in layer 1; logsave (config-files) and libext2fs2
    // (half-installed) are not installed; libgmp10 is held, still installed.
    assert_eq!(names, ["bash", "bsdutils", "curl", "libc6", "libcurl4", "libgmp10", "libssl3"]);
    assert!(found.warnings.is_empty(), "{:?}", found.warnings);
}

#[test]
fn binnmu_and_source_fields() {
    let found = run(&two_layer_status(), Some(&debian_12()), 2);
    let bash = find(&found, "bash");
    assert_eq!((bash.version.raw(), bash.source_name.as_str()), ("5.2.15-2+b13", "bash"));
    assert_eq!(bash.source_version.raw(), "5.2.15-2");
    assert_eq!(
        bash.purl.to_string(),
        "pkg:deb/debian/bash@5.2.15-2%2Bb13?arch=amd64&distro=debian-12&upstream=bash%405.2.15-2"
    );
    let ssl = find(&found, "libssl3");
    assert_eq!(ssl.source_name, "openssl");
    assert_eq!(ssl.source_version.raw(), "3.0.20-1~deb12u2", "source version defaults to the binary version");
    assert_eq!(
        ssl.purl.to_string(),
        "pkg:deb/debian/libssl3@3.0.20-1~deb12u2?arch=amd64&distro=debian-12&upstream=openssl"
    );
    let curl = find(&found, "curl");
    assert_eq!((curl.source_name.as_str(), curl.source_version.raw()), ("curl", "7.88.1-10+deb12u15"));
    assert_eq!(curl.purl.to_string(), "pkg:deb/debian/curl@7.88.1-10%2Bdeb12u15?arch=amd64&distro=debian-12");
    assert_eq!(curl.arch.as_deref(), Some("amd64"));
    assert_eq!(curl.location, "/var/lib/dpkg/status");
    assert_eq!(curl.package_type, PackageType::Deb);
}

#[test]
fn epoch_versions_are_kept_whole() {
    let found = run(&two_layer_status(), Some(&debian_12()), 2);
    let bsdutils = find(&found, "bsdutils");
    assert_eq!(bsdutils.version.raw(), "1:2.38.1-5+deb12u3");
    assert_eq!((bsdutils.source_name.as_str(), bsdutils.source_version.raw()), ("util-linux", "2.38.1-5+deb12u3"));
    // The purl syft 1.18.1 wrote for this package.
    assert_eq!(
        bsdutils.purl.to_string(),
        "pkg:deb/debian/bsdutils@1:2.38.1-5%2Bdeb12u3?arch=amd64&distro=debian-12&upstream=util-linux%402.38.1-5%2Bdeb12u3"
    );
    let gmp = find(&found, "libgmp10");
    assert_eq!((gmp.version.raw(), gmp.source_name.as_str()), ("2:6.2.1+dfsg1-1.1", "gmp"));
}

#[test]
fn packages_are_attributed_to_the_layer_that_introduced_their_version() {
    let found = run(&two_layer_status(), Some(&debian_12()), 2);
    let layer_of = |name: &str| find(&found, name).layer.as_ref().map(|l| l.index);
    assert_eq!(layer_of("libc6"), Some(0), "unchanged since layer 0");
    assert_eq!(layer_of("bash"), Some(0));
    assert_eq!(layer_of("curl"), Some(1), "new in layer 1");
    assert_eq!(layer_of("libcurl4"), Some(1), "upgraded in layer 1");
    let libc = find(&found, "libc6").layer.clone().unwrap();
    assert_eq!(libc.diff_id.hex(), "0".repeat(64));
}

#[test]
fn a_deleted_then_restored_status_restarts_attribution() {
    let mut files = two_layer_status();
    files.push(STATUS, 2, None);
    files.push(STATUS, 3, bytes(STATUS_LAYER1));
    let found = run(&files, Some(&debian_12()), 4);
    assert_eq!(find(&found, "libc6").layer.as_ref().map(|l| l.index), Some(3));
}

#[test]
fn attribution_without_layer_metadata_is_unknown() {
    let found = run(&two_layer_status(), Some(&debian_12()), 0);
    assert!(found.packages.iter().all(|p| p.layer.is_none()));
}

#[test]
fn status_d_reads_every_paragraph_and_skips_md5sums() {
    let mut files = CollectedFiles::default();
    files.push("/var/lib/dpkg/status.d/base-files", 0, bytes(STATUS_D_BASE_FILES));
    files.push("/var/lib/dpkg/status.d/tzdata", 0, bytes(STATUS_D_TZDATA));
    files.push("/var/lib/dpkg/status.d/tzdata.md5sums", 0, bytes(TZDATA_MD5SUMS));
    let found = run(&files, Some(&debian_12()), 2);
    assert!(found.warnings.is_empty(), "{:?}", found.warnings);
    let names: Vec<_> = found.packages.iter().map(|p| (p.name.as_str(), p.version.raw())).collect();
    assert_eq!(names, [("base-files", "12.4+deb12u15"), ("tzdata", "2026f-0+deb12u1")]);
    let tzdata = find(&found, "tzdata");
    assert_eq!(tzdata.location, "/var/lib/dpkg/status.d/tzdata");
    assert_eq!(tzdata.arch.as_deref(), Some("all"));
    assert_eq!(tzdata.layer.as_ref().map(|l| l.index), Some(0));
    assert_eq!(tzdata.purl.to_string(), "pkg:deb/debian/tzdata@2026f-0%2Bdeb12u1?arch=all&distro=debian-12");
}

#[test]
fn status_d_files_are_attributed_per_file() {
    let mut files = CollectedFiles::default();
    files.push("/var/lib/dpkg/status.d/base-files", 0, bytes(STATUS_D_BASE_FILES));
    files.push("/var/lib/dpkg/status.d/tzdata", 0, bytes(&STATUS_D_TZDATA.replace("2026f", "2024a")));
    files.push("/var/lib/dpkg/status.d/tzdata", 1, bytes(STATUS_D_TZDATA));
    let found = run(&files, Some(&debian_12()), 2);
    assert_eq!(find(&found, "base-files").layer.as_ref().map(|l| l.index), Some(0));
    let tzdata = find(&found, "tzdata");
    assert_eq!((tzdata.version.raw(), tzdata.layer.as_ref().map(|l| l.index)), ("2026f-0+deb12u1", Some(1)));
}

#[test]
fn status_and_status_d_are_both_read() {
    let mut files = two_layer_status();
    files.push("/var/lib/dpkg/status.d/tzdata", 1, bytes(STATUS_D_TZDATA));
    let found = run(&files, Some(&debian_12()), 2);
    assert_eq!(found.packages.len(), 8);
}

#[test]
fn crlf_and_trailing_blank_lines_are_tolerated() {
    let mut files = CollectedFiles::default();
    let crlf = format!("\r\n{}\r\n\r\n\r\n", STATUS_LAYER1.replace('\n', "\r\n"));
    files.push(STATUS, 0, bytes(&crlf));
    let found = run(&files, Some(&debian_12()), 1);
    assert!(found.warnings.is_empty(), "{:?}", found.warnings);
    assert_eq!(found.packages.len(), 7);
    assert_eq!(find(&found, "bash").source_version.raw(), "5.2.15-2");
}

#[test]
fn malformed_paragraphs_become_warnings() {
    let text = "\
Package: good
Status: install ok installed
Architecture: amd64
Version: 1.0-1

Status: install ok installed
Version: 2.0

Package: noversion
Status: install ok installed

Package: emptyversion
Status: install ok installed
Version:

Package: nostatus
Version: 1

stray line without a colon
Package: badsource
Status: install ok installed
Source: upstream ()
Version: 3.1-2
";
    let mut files = CollectedFiles::default();
    files.push(STATUS, 0, bytes(text));
    let found = run(&files, Some(&debian_12()), 1);
    let names: Vec<_> = found.packages.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names, ["good", "badsource"]);
    let bad = find(&found, "badsource");
    assert_eq!((bad.source_name.as_str(), bad.source_version.raw()), ("upstream", "3.1-2"));
    let warnings = &found.warnings;
    assert_eq!(warnings.len(), 6, "{warnings:?}");
    assert_eq!(warnings[0], "/var/lib/dpkg/status: line 19: expected `Field: value`");
    assert_eq!(warnings[1], "/var/lib/dpkg/status: line 6: skipped paragraph: no Package field");
    assert_eq!(warnings[2], "/var/lib/dpkg/status: line 9: skipped paragraph: package noversion: no Version field");
    assert!(warnings[3].starts_with("/var/lib/dpkg/status: line 12: skipped paragraph: package emptyversion: "));
    assert_eq!(warnings[4], "/var/lib/dpkg/status: line 16: skipped paragraph: package nostatus: no Status field");
    assert!(
        warnings[5].starts_with("/var/lib/dpkg/status: line 20: package badsource: source version ignored"),
        "{warnings:?}"
    );
}

#[test]
fn binary_garbage_does_not_panic() {
    let mut files = CollectedFiles::default();
    files.push(STATUS, 0, Some(Arc::from(&[0xff, 0xfe, b':', b'\n', b' ', 0, 0x80][..])));
    let found = run(&files, None, 1);
    assert!(found.packages.is_empty());
    assert!(!found.warnings.is_empty());
}

#[test]
fn namespace_and_distro_follow_the_os() {
    let ubuntu = OsRelease { id: "ubuntu".into(), version_id: Some("22.04".into()), ..OsRelease::default() };
    let mint = OsRelease {
        id: "linuxmint".into(),
        version_id: Some("21".into()),
        id_like: vec!["ubuntu".into(), "debian".into()],
        ..OsRelease::default()
    };
    let mut files = CollectedFiles::default();
    files.push("/var/lib/dpkg/status.d/tzdata", 0, bytes(STATUS_D_TZDATA));
    let purl = |os: Option<&OsRelease>| run(&files, os, 1).packages[0].purl.to_string();
    assert_eq!(purl(Some(&ubuntu)), "pkg:deb/ubuntu/tzdata@2026f-0%2Bdeb12u1?arch=all&distro=ubuntu-22.04");
    assert_eq!(purl(Some(&mint)), "pkg:deb/ubuntu/tzdata@2026f-0%2Bdeb12u1?arch=all&distro=linuxmint-21");
    assert_eq!(purl(None), "pkg:deb/debian/tzdata@2026f-0%2Bdeb12u1?arch=all");
}

#[test]
fn status_words_are_checked_exactly() {
    assert!(is_installed("install ok installed"));
    assert!(is_installed("hold ok installed"));
    assert!(!is_installed("deinstall ok config-files"));
    assert!(!is_installed("purge ok not-installed"));
    assert!(!is_installed("install reinstreq half-installed"));
    assert!(!is_installed("install ok installed extra"));
    assert!(!is_installed(""));
}

#[test]
fn source_field_forms() {
    assert_eq!(parse_source("bash (5.2.15-2)"), Some(("bash", Some("5.2.15-2"))));
    assert_eq!(parse_source("openssl"), Some(("openssl", None)));
    assert_eq!(parse_source("  "), None);
    assert_eq!(parse_source("(1.0)"), None);
}
