//! Reads the real fixture images in the shared directory.

use std::fs::File;
use std::io::BufReader;
use std::path::PathBuf;

use airlock_image::{ArchiveFormat, Image, Platform, Progress, ReadOptions, read_image};

fn shared_dir() -> PathBuf {
    let dir = std::env::var_os("AIRLOCK_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared"));
    assert!(dir.is_dir(), "shared fixtures not found at {} (set AIRLOCK_SHARED)", dir.display());
    dir
}

/// The paths the OS catalogers ask for.
fn wanted(p: &str) -> bool {
    const EXACT: [&str; 6] = [
        "/etc/os-release",
        "/usr/lib/os-release",
        "/etc/alpine-release",
        "/etc/debian_version",
        "/var/lib/dpkg/status",
        "/lib/apk/db/installed",
    ];
    EXACT.contains(&p) || p.strip_prefix("/var/lib/dpkg/status.d/").is_some_and(|rest| !rest.contains('/'))
}

fn read(name: &str) -> (Image, Vec<Progress>) {
    let path = shared_dir().join("fixtures/images").join(name);
    let file = File::open(&path).unwrap_or_else(|e| panic!("open {}: {e}", path.display()));
    let mut seen = Vec::new();
    let image = read_image(BufReader::new(file), &wanted, &ReadOptions::default(), &mut |p| seen.push(p.clone()))
        .unwrap_or_else(|e| panic!("{name}: {e}"));
    (image, seen)
}

fn text(image: &Image, path: &str) -> String {
    let file = image.files.get(path).unwrap_or_else(|| panic!("{path} missing"));
    String::from_utf8(file.content.to_vec()).unwrap()
}

#[test]
fn debian_status_history_and_os_release_symlink() {
    let (image, progress) = read("debian-bookworm-minbase.oci.tar");
    let info = &image.info;
    assert_eq!(info.format, ArchiveFormat::OciLayout);
    assert_eq!(info.reference.as_deref(), Some("example.test/debian-minbase:bookworm"));
    assert_eq!(
        info.manifest_digest.as_ref().map(ToString::to_string).as_deref(),
        Some("sha256:5a0e14cb66a7ed7bec51b9eba13261c7d888723a48b979c81334de9616fd5256")
    );
    assert_eq!(info.platform, Platform::linux_amd64());
    assert_eq!(info.layers.len(), 2);
    assert_eq!(info.layers[0].compressed_size, 29_984_688);
    assert_eq!(info.layers[1].compressed_size, 5_769_333);
    assert!(info.layers.iter().all(|l| l.uncompressed_size > l.compressed_size));

    let history = image.files.history("/var/lib/dpkg/status");
    assert_eq!(history.iter().map(|r| r.layer).collect::<Vec<_>>(), vec![0, 1]);
    let first = String::from_utf8(history[0].content.as_deref().unwrap().to_vec()).unwrap();
    assert!(first.contains("Package: e2fsprogs\n"));
    let status = text(&image, "/var/lib/dpkg/status");
    assert!(status.contains("Package: curl\n"));
    assert!(!status.contains("Package: e2fsprogs\n"));
    assert_eq!(status.matches("Status: install ok installed").count(), 106);

    let os = image.files.get("/etc/os-release").unwrap();
    assert_eq!(os.path, "/usr/lib/os-release");
    assert!(std::str::from_utf8(os.content).unwrap().contains("VERSION_CODENAME=bookworm"));

    assert_eq!(progress.last().map(|p| (p.layers_done, p.layers_total)), Some((2, 2)));
    assert!(progress.iter().any(|p| p.layers_done == 0), "no progress within the first 30 MB layer");
    assert!(progress.windows(2).all(|w| w[0].bytes_read <= w[1].bytes_read));
}

#[test]
fn diff_ids_match_the_config_in_every_fixture() {
    for (name, layers) in [
        ("debian-bookworm-minbase.oci.tar", 2),
        ("alpine-3.16.9.oci.tar", 1),
        ("distroless-static-go.docker.tar", 2),
        ("lang-apps.oci.tar", 2),
    ] {
        let (image, _) = read(name);
        assert_eq!(image.info.layers.len(), layers, "{name}");
        assert_eq!(image.info.platform, Platform::linux_amd64(), "{name}");
        // The config's diff_ids, read independently of the reader.
        let config = config_json(name, &image);
        let diff_ids: Vec<String> =
            config["rootfs"]["diff_ids"].as_array().unwrap().iter().map(|d| d.as_str().unwrap().to_owned()).collect();
        let got: Vec<String> = image.info.layers.iter().map(|l| l.diff_id.to_string()).collect();
        assert_eq!(got, diff_ids, "{name}");
    }
}

/// Extracts the config blob with the tar crate, by the digest the reader reported.
fn config_json(name: &str, image: &Image) -> serde_json::Value {
    let path = shared_dir().join("fixtures/images").join(name);
    let mut archive = tar::Archive::new(File::open(path).unwrap());
    let hex = image.info.config_digest.hex().to_owned();
    for entry in archive.entries().unwrap() {
        let mut entry = entry.unwrap();
        let p = entry.path().unwrap().to_string_lossy().into_owned();
        if p.ends_with(&hex) || p.ends_with(&format!("{hex}.json")) {
            return serde_json::from_reader(&mut entry).unwrap();
        }
    }
    panic!("config {hex} not found in {name}");
}

#[test]
fn distroless_status_d_lists_five_packages() {
    let (image, _) = read("distroless-static-go.docker.tar");
    let info = &image.info;
    assert_eq!(info.format, ArchiveFormat::DockerArchive);
    assert_eq!(info.reference.as_deref(), Some("example.test/distroless-static-go:latest"));
    assert_eq!(info.manifest_digest, None);
    assert_eq!(info.config_digest.hex(), "bc9e38f089c01ca8ef2cdc6723e4704b1e3a58a036325f6828aec68f98a9dcc6");
    assert_eq!(info.config.user.as_deref(), Some("65532:65532"));
    // Uncompressed docker layers: the stored digest is the diff_id.
    assert!(info.layers.iter().all(|l| l.digest.as_ref() == Some(&l.diff_id)));
    let listed: Vec<&str> = image.files.list_dir("/var/lib/dpkg/status.d").iter().map(|f| f.path).collect();
    let controls: Vec<&str> = listed.iter().copied().filter(|p| !p.ends_with(".md5sums")).collect();
    assert_eq!(
        controls,
        [
            "/var/lib/dpkg/status.d/base-files",
            "/var/lib/dpkg/status.d/ca-certificates",
            "/var/lib/dpkg/status.d/media-types",
            "/var/lib/dpkg/status.d/netbase",
            "/var/lib/dpkg/status.d/tzdata",
        ]
    );
    assert!(text(&image, "/var/lib/dpkg/status.d/tzdata").contains("Version: 2026f-0+deb12u1"));
    assert!(image.files.get("/var/lib/dpkg/status").is_none());
}

#[test]
fn alpine_apk_database() {
    let (image, _) = read("alpine-3.16.9.oci.tar");
    let installed = text(&image, "/lib/apk/db/installed");
    assert_eq!(installed.matches("\nP:").count() + usize::from(installed.starts_with("P:")), 14);
    assert!(installed.contains("P:musl\nV:1.2.3-r3\n"));
    assert_eq!(text(&image, "/etc/alpine-release").trim(), "3.16.9");
    assert!(text(&image, "/etc/os-release").contains("ID=alpine"));
}

#[test]
fn lang_apps_keeps_the_alpine_base() {
    let (image, _) = read("lang-apps.oci.tar");
    assert_eq!(image.files.get("/lib/apk/db/installed").map(|f| f.layer), Some(0));
    assert!(image.info.layers.iter().all(|l| l.media_type.as_deref().is_some_and(|m| m.contains("gzip"))));
}
