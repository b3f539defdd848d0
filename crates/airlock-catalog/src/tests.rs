//! Tests of the crate entry points: the walker predicate and `catalog`.

use std::sync::Arc;

use airlock_types::PackageType;

use super::*;
use crate::layers::test_support;

fn bytes(text: &str) -> Option<Arc<[u8]>> {
    Some(Arc::from(text.as_bytes()))
}

#[test]
fn wants_is_the_union_of_os_detection_and_catalogers() {
    for path in [
        "/etc/os-release",
        "/usr/lib/os-release",
        "/etc/alpine-release",
        "/etc/debian_version",
        "/var/lib/dpkg/status",
        "/var/lib/dpkg/status.d/tzdata",
        "/lib/apk/db/installed",
        "/usr/lib/apk/db/installed",
        "/var/lib/rpm/Packages",
        "/usr/lib/sysimage/rpm/rpmdb.sqlite",
    ] {
        assert!(wants(path), "{path}");
    }
    for path in ["/var/lib/dpkg/status.d/tzdata.md5sums", "/usr/bin/bash", "/etc/passwd", "/var/lib/dpkg/info/a.list"] {
        assert!(!wants(path), "{path}");
    }
}

#[test]
fn default_catalogers_are_os_then_language() {
    let names: Vec<_> = default_catalogers().iter().map(|c| c.name()).collect();
    assert_eq!(
        names,
        [
            "os/dpkg",
            "os/apk",
            "os/rpm",
            "lang/python",
            "lang/npm",
            "lang/java",
            "lang/binary",
            "lang/gem",
            "lang/composer",
            "lang/dotnet"
        ]
    );
}

#[test]
fn catalog_detects_the_os_sorts_and_collects_warnings() {
    let mut files = CollectedFiles::default();
    files.push("/etc/os-release", 0, bytes("ID=debian\nVERSION_ID=\"12\"\n"));
    let status = "Package: zlib1g\nStatus: install ok installed\nArchitecture: amd64\nSource: zlib\n\
                  Version: 1:1.2.13.dfsg-1\n\n\
                  Package: libc6\nStatus: install ok installed\nArchitecture: i386\nSource: glibc\n\
                  Version: 2.36-9+deb12u14\n\n\
                  Package: libc6\nStatus: install ok installed\nArchitecture: amd64\nSource: glibc\n\
                  Version: 2.36-9+deb12u14\n\n\
                  Package: broken\nStatus: install ok installed\n";
    files.push("/var/lib/dpkg/status", 0, bytes(status));
    files.push("/lib/apk/db/installed", 1, bytes("P:musl\nV:1.2.3-r3\nA:x86_64\no:musl\n"));
    let inventory = catalog(&files, &test_support::layers(2)).unwrap();

    assert_eq!(inventory.os.as_ref().map(|o| (o.id.as_str(), o.version_id.as_deref())), Some(("debian", Some("12"))));
    let order: Vec<_> =
        inventory.packages.iter().map(|p| (p.package_type, p.name.as_str(), p.arch.as_deref().unwrap_or(""))).collect();
    assert_eq!(
        order,
        [
            (PackageType::Deb, "libc6", "amd64"),
            (PackageType::Deb, "libc6", "i386"),
            (PackageType::Deb, "zlib1g", "amd64"),
            (PackageType::Apk, "musl", "x86_64"),
        ]
    );
    assert_eq!(inventory.packages[0].purl.qualifier("distro"), Some("debian-12"));
    assert_eq!(inventory.packages[3].layer.as_ref().map(|l| l.index), Some(1));
    assert_eq!(
        inventory.warnings,
        ["os/dpkg: /var/lib/dpkg/status: line 19: skipped paragraph: package broken: no Version field"]
    );
}

#[test]
fn empty_file_set_gives_an_empty_inventory() {
    assert_eq!(catalog(&CollectedFiles::default(), &[]).unwrap(), Inventory::default());
}
