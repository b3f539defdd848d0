//! End-to-end tests on small archives built in memory.

use std::io::{Cursor, Write};

use airlock_image::{ArchiveFormat, Image, ImageError, Platform, ReadOptions, read_image};
use sha2::{Digest as _, Sha256};

// ---------- builders ----------

enum E<'a> {
    File(&'a str, &'a str),
    Dir(&'a str),
    Symlink(&'a str, &'a str),
    Hardlink(&'a str, &'a str),
    /// A file whose header name is written verbatim (e.g. with `./`).
    RawName(&'a str, &'a str),
}

fn header(kind: tar::EntryType, size: u64) -> tar::Header {
    let mut h = tar::Header::new_gnu();
    h.set_entry_type(kind);
    h.set_size(size);
    h.set_mode(0o644);
    h.set_mtime(0);
    h
}

fn layer(entries: &[E<'_>]) -> Vec<u8> {
    let mut b = tar::Builder::new(Vec::new());
    for e in entries {
        match e {
            E::File(p, body) => {
                b.append_data(&mut header(tar::EntryType::Regular, body.len() as u64), p, body.as_bytes()).unwrap()
            }
            E::Dir(p) => b.append_data(&mut header(tar::EntryType::Directory, 0), p, &b""[..]).unwrap(),
            E::Symlink(p, t) => b.append_link(&mut header(tar::EntryType::Symlink, 0), p, t).unwrap(),
            E::Hardlink(p, t) => b.append_link(&mut header(tar::EntryType::Link, 0), p, t).unwrap(),
            E::RawName(p, body) => {
                let mut h = header(tar::EntryType::Regular, body.len() as u64);
                h.as_old_mut().name[..p.len()].copy_from_slice(p.as_bytes());
                h.set_cksum();
                b.append(&h, body.as_bytes()).unwrap();
            }
        }
    }
    b.into_inner().unwrap()
}

fn gzip(data: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    e.write_all(data).unwrap();
    e.finish().unwrap()
}

fn zstd(data: &[u8]) -> Vec<u8> {
    ruzstd::encoding::compress_to_vec(data, ruzstd::encoding::CompressionLevel::Fastest)
}

fn sha(data: &[u8]) -> String {
    hex::encode(Sha256::digest(data))
}

/// The outer tar: (name, body) in the given order.
fn outer(files: &[(String, Vec<u8>)]) -> Vec<u8> {
    let mut b = tar::Builder::new(Vec::new());
    for (name, body) in files {
        b.append_data(&mut header(tar::EntryType::Regular, body.len() as u64), name, &body[..]).unwrap();
    }
    b.into_inner().unwrap()
}

fn config(arch: &str, uncompressed: &[Vec<u8>]) -> Vec<u8> {
    let diff_ids: Vec<String> = uncompressed.iter().map(|l| format!("sha256:{}", sha(l))).collect();
    let history: Vec<serde_json::Value> = (0..uncompressed.len())
        .flat_map(|i| {
            [
                serde_json::json!({"created_by": format!("ENV step{i}"), "empty_layer": true}),
                serde_json::json!({"created_by": format!("RUN layer{i}")}),
            ]
        })
        .collect();
    serde_json::to_vec(&serde_json::json!({
        "architecture": arch, "os": "linux", "created": "2024-05-01T00:00:00Z",
        "config": {"User": "app", "Env": ["PATH=/usr/bin"], "Labels": {"z": "1", "a": "2"}},
        "rootfs": {"type": "layers", "diff_ids": diff_ids},
        "history": history,
    }))
    .unwrap()
}

/// A docker-save archive; `manifest_last` puts manifest.json after the layers;
/// `legacy` names layers `<id>/layer.tar`.
fn docker(layers: &[Vec<u8>], manifest_last: bool, legacy: bool) -> Vec<u8> {
    let cfg = config("amd64", layers);
    let cfg_name = format!("{}.json", sha(&cfg));
    let mut files = Vec::new();
    let mut names = Vec::new();
    for (i, l) in layers.iter().enumerate() {
        let name = if legacy { format!("{i:064x}/layer.tar") } else { format!("blobs/sha256/{}", sha(l)) };
        names.push(name.clone());
        files.push((name, l.clone()));
    }
    files.push((cfg_name.clone(), cfg));
    let manifest = serde_json::to_vec(&serde_json::json!([
        {"Config": cfg_name, "RepoTags": ["example.test/app:1"], "Layers": names}
    ]))
    .unwrap();
    let entry = ("manifest.json".to_owned(), manifest);
    if manifest_last {
        files.push(entry);
    } else {
        files.insert(0, entry);
    }
    outer(&files)
}

struct OciImage {
    arch: &'static str,
    /// (stored bytes, uncompressed bytes, media type)
    layers: Vec<(Vec<u8>, Vec<u8>, &'static str)>,
}

fn blob(files: &mut Vec<(String, Vec<u8>)>, data: Vec<u8>) -> String {
    let hex = sha(&data);
    files.push((format!("blobs/sha256/{hex}"), data));
    format!("sha256:{hex}")
}

/// Adds an image's blobs; returns the manifest descriptor.
fn oci_manifest(files: &mut Vec<(String, Vec<u8>)>, image: &OciImage) -> serde_json::Value {
    let plain: Vec<Vec<u8>> = image.layers.iter().map(|l| l.1.clone()).collect();
    let cfg = config(image.arch, &plain);
    let cfg_size = cfg.len();
    let cfg_digest = blob(files, cfg);
    let layers: Vec<serde_json::Value> = image
        .layers
        .iter()
        .map(|(stored, _, mt)| {
            let size = stored.len();
            serde_json::json!({"mediaType": mt, "size": size, "digest": blob(files, stored.clone())})
        })
        .collect();
    let manifest = serde_json::to_vec(&serde_json::json!({
        "schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json",
        "config": {"mediaType": "application/vnd.oci.image.config.v1+json", "size": cfg_size, "digest": cfg_digest},
        "layers": layers,
    }))
    .unwrap();
    let size = manifest.len();
    let digest = blob(files, manifest);
    serde_json::json!({"mediaType": "application/vnd.oci.image.manifest.v1+json", "size": size, "digest": digest,
        "platform": {"os": "linux", "architecture": image.arch}})
}

/// An OCI layout; several images are put in a nested index.
fn oci(images: &[OciImage]) -> Vec<u8> {
    let mut files = vec![("oci-layout".to_owned(), br#"{"imageLayoutVersion":"1.0.0"}"#.to_vec())];
    let descriptors: Vec<serde_json::Value> = images.iter().map(|i| oci_manifest(&mut files, i)).collect();
    let top = if descriptors.len() == 1 {
        let mut d = descriptors[0].clone();
        d["annotations"] = serde_json::json!({"org.opencontainers.image.ref.name": "example.test/oci:1"});
        d
    } else {
        let attestation = serde_json::json!({"mediaType": "application/vnd.oci.image.manifest.v1+json",
            "size": 1, "digest": format!("sha256:{}", "0".repeat(64)),
            "platform": {"os": "unknown", "architecture": "unknown"}});
        let mut all = descriptors;
        all.push(attestation);
        let nested = serde_json::to_vec(&serde_json::json!({"schemaVersion": 2, "manifests": all})).unwrap();
        let size = nested.len();
        let digest = blob(&mut files, nested);
        serde_json::json!({"mediaType": "application/vnd.oci.image.index.v1+json", "size": size, "digest": digest,
            "annotations": {"org.opencontainers.image.ref.name": "example.test/multi:1"}})
    };
    let index = serde_json::to_vec(&serde_json::json!({"schemaVersion": 2, "manifests": [top]})).unwrap();
    files.push(("index.json".to_owned(), index));
    outer(&files)
}

fn gz_layer(plain: Vec<u8>) -> (Vec<u8>, Vec<u8>, &'static str) {
    (gzip(&plain), plain, "application/vnd.oci.image.layer.v1.tar+gzip")
}

fn want_all(_: &str) -> bool {
    true
}

fn read_with(bytes: Vec<u8>, options: &ReadOptions) -> Result<Image, ImageError> {
    read_image(Cursor::new(bytes), &want_all, options, &mut |_| {})
}

fn read(bytes: Vec<u8>) -> Result<Image, ImageError> {
    read_with(bytes, &ReadOptions::default())
}

fn content(image: &Image, path: &str) -> Option<String> {
    image.files.get(path).map(|f| String::from_utf8(f.content.to_vec()).unwrap())
}

// ---------- formats ----------

#[test]
fn docker_save_with_manifest_after_layers() {
    let l0 = layer(&[E::Dir("etc"), E::File("etc/debian_version", "12.5\n")]);
    let l1 = layer(&[E::File("etc/debian_version", "12.6\n")]);
    let image = read(docker(&[l0.clone(), l1.clone()], true, false)).unwrap();
    let info = &image.info;
    assert_eq!(info.format, ArchiveFormat::DockerArchive);
    assert_eq!(info.reference.as_deref(), Some("example.test/app:1"));
    assert_eq!(info.layers.len(), 2);
    assert_eq!(info.layers[1].diff_id.hex(), sha(&l1));
    assert_eq!(info.layers[1].uncompressed_size, l1.len() as u64);
    assert_eq!(info.layers[0].created_by.as_deref(), Some("RUN layer0"));
    assert_eq!(info.layers[1].created_by.as_deref(), Some("RUN layer1"));
    assert_eq!(info.config.labels, vec![("a".to_owned(), "2".to_owned()), ("z".to_owned(), "1".to_owned())]);
    assert_eq!(info.config.user.as_deref(), Some("app"));
    assert_eq!(content(&image, "/etc/debian_version").as_deref(), Some("12.6\n"));
    assert_eq!(image.files.history("/etc/debian_version").len(), 2);
}

#[test]
fn docker_legacy_layer_tar_names() {
    let l0 = layer(&[E::File("etc/os-release", "ID=legacy\n")]);
    let image = read(docker(&[l0], false, true)).unwrap();
    assert_eq!(content(&image, "/etc/os-release").as_deref(), Some("ID=legacy\n"));
    assert_eq!(image.info.manifest_digest, None);
}

fn two_platforms() -> Vec<u8> {
    oci(&[
        OciImage { arch: "arm64", layers: vec![gz_layer(layer(&[E::File("arch", "arm64")]))] },
        OciImage { arch: "amd64", layers: vec![gz_layer(layer(&[E::File("arch", "amd64")]))] },
    ])
}

#[test]
fn oci_nested_index_defaults_to_linux_amd64() {
    let image = read(two_platforms()).unwrap();
    assert_eq!(image.info.format, ArchiveFormat::OciLayout);
    assert_eq!(image.info.platform, Platform::linux_amd64());
    assert_eq!(image.info.reference.as_deref(), Some("example.test/multi:1"));
    assert!(image.info.manifest_digest.is_some());
    assert_eq!(content(&image, "/arch").as_deref(), Some("amd64"));
    assert_eq!(image.info.layers[0].media_type.as_deref(), Some("application/vnd.oci.image.layer.v1.tar+gzip"));
}

#[test]
fn oci_platform_option_picks_arm64() {
    let options = ReadOptions { platform: Some("linux/arm64".parse().unwrap()), ..ReadOptions::default() };
    let image = read_with(two_platforms(), &options).unwrap();
    assert_eq!(image.info.platform.architecture, "arm64");
    assert_eq!(content(&image, "/arch").as_deref(), Some("arm64"));
}

#[test]
fn oci_unknown_platform_lists_the_available_ones() {
    let options = ReadOptions { platform: Some("linux/s390x".parse().unwrap()), ..ReadOptions::default() };
    let err = read_with(two_platforms(), &options).unwrap_err();
    assert_eq!(err.to_string(), "platform linux/s390x not found; the image has: linux/arm64, linux/amd64");
}

#[test]
fn gzip_outer_archive() {
    let l0 = layer(&[E::File("etc/debian_version", "12.7\n")]);
    let image = read(gzip(&docker(&[l0], true, false))).unwrap();
    assert_eq!(content(&image, "/etc/debian_version").as_deref(), Some("12.7\n"));
}

#[test]
fn zstd_layer_with_a_lying_media_type() {
    let plain = layer(&[E::File("etc/alpine-release", "3.20.0\n")]);
    let stored = zstd(&plain);
    let image = read(oci(&[OciImage {
        arch: "amd64",
        layers: vec![(stored.clone(), plain.clone(), "application/vnd.oci.image.layer.v1.tar+gzip")],
    }]))
    .unwrap();
    assert_eq!(content(&image, "/etc/alpine-release").as_deref(), Some("3.20.0\n"));
    let info = &image.info.layers[0];
    assert_eq!(info.digest.as_ref().map(|d| d.hex().to_owned()), Some(sha(&stored)));
    assert_eq!(info.compressed_size, stored.len() as u64);
    assert_eq!(info.uncompressed_size, plain.len() as u64);
    assert_eq!(image.info.reference.as_deref(), Some("example.test/oci:1"));
}

// ---------- walker semantics ----------

fn walk(layers: &[&[E<'_>]]) -> Image {
    let plain: Vec<Vec<u8>> = layers.iter().map(|l| layer(l)).collect();
    read(docker(&plain, false, false)).unwrap()
}

#[test]
fn whiteouts_of_a_file_a_directory_and_an_opaque_directory() {
    let image = walk(&[
        &[
            E::File("etc/motd", "hi"),
            E::File("usr/share/doc/bash/copyright", "gpl"),
            E::File("usr/share/doc/bash/x/y", "deep"),
            E::Symlink("usr/share/doc/bash/link", "copyright"),
            E::File("opt/app/old", "old"),
            E::File("opt/app/keep-name", "lower"),
        ],
        &[
            E::File("etc/.wh.motd", ""),
            E::File("usr/share/doc/.wh.bash", ""),
            E::File("opt/app/new", "new"),
            E::File("opt/app/.wh..wh..opq", ""),
        ],
    ]);
    let f = &image.files;
    assert!(f.get("/etc/motd").is_none());
    assert_eq!(f.history("/etc/motd").last().map(|r| (r.layer, r.content.is_none())), Some((1, true)));
    assert!(f.get("/usr/share/doc/bash/copyright").is_none());
    assert!(f.get("/usr/share/doc/bash/x/y").is_none());
    assert_eq!(f.resolve("/usr/share/doc/bash/link").as_deref(), Some("/usr/share/doc/bash/link"));
    assert!(f.get("/opt/app/old").is_none());
    assert!(f.get("/opt/app/keep-name").is_none());
    // Written by the same layer before the opaque marker: kept.
    assert_eq!(content(&image, "/opt/app/new").as_deref(), Some("new"));
    assert!(f.get("/etc/.wh.motd").is_none());
}

#[test]
fn directory_replaced_by_a_file_and_by_a_symlink() {
    let image = walk(&[
        &[E::File("a/one", "1"), E::File("b/two", "2"), E::Symlink("c", "/a")],
        &[E::File("a", "now a file"), E::Symlink("b", "/a"), E::Dir("c"), E::File("c/three", "3")],
    ]);
    let f = &image.files;
    assert!(f.get("/a/one").is_none());
    assert_eq!(f.history("/a/one")[1].layer, 1);
    assert!(f.history("/b/two").last().unwrap().content.is_none());
    assert_eq!(content(&image, "/a").as_deref(), Some("now a file"));
    // c was a symlink to /a; the directory entry replaced it.
    assert_eq!(f.get("/c/three").unwrap().path, "/c/three");
}

#[test]
fn hardlinks_to_lower_and_same_layer_files() {
    let image = walk(&[
        &[E::File("usr/bin/perl", "#!perl")],
        &[
            E::Hardlink("usr/bin/perl5.36", "usr/bin/perl"),
            E::File("etc/a", "alpha"),
            E::Hardlink("etc/b", "./etc/a"),
            E::Hardlink("etc/c", "not/kept"),
        ],
    ]);
    assert_eq!(content(&image, "/usr/bin/perl5.36").as_deref(), Some("#!perl"));
    assert_eq!(image.files.get("/usr/bin/perl5.36").unwrap().layer, 1);
    assert_eq!(content(&image, "/etc/b").as_deref(), Some("alpha"));
    assert!(image.files.get("/etc/c").is_none());
}

#[test]
fn symlink_on_the_way_to_a_wanted_file() {
    let wanted = |p: &str| ["/etc/os-release", "/var/lib/rpm/Packages", "/var/late"].contains(&p);
    let plain = [
        layer(&[
            E::Symlink("etc/os-release", "../usr/lib/os-release"),
            E::File("usr/lib/os-release", "ID=fedora\n"),
            E::Symlink("var/lib/rpm", "../../usr/lib/sysimage/rpm"),
            E::File("usr/lib/late", "x"),
            E::Symlink("var/late", "/usr/lib/late"),
        ]),
        layer(&[E::File("usr/lib/sysimage/rpm/Packages", "rpmdb"), E::File("usr/lib/sysimage/rpm/Other", "x")]),
    ];
    let image =
        read_image(Cursor::new(docker(&plain, false, false)), &wanted, &ReadOptions::default(), &mut |_| {}).unwrap();
    let f = &image.files;
    let os = f.get("/etc/os-release").unwrap();
    assert_eq!((os.path, os.content), ("/usr/lib/os-release", &b"ID=fedora\n"[..]));
    let db = f.get("/var/lib/rpm/Packages").unwrap();
    assert_eq!((db.path, db.content), ("/usr/lib/sysimage/rpm/Packages", &b"rpmdb"[..]));
    // /usr/lib/late streamed past before the symlink naming it appeared.
    assert!(f.get("/var/late").is_none());
    assert_eq!(f.iter().count(), 2);
}

#[test]
fn dot_slash_names_and_long_paths() {
    let long = format!("usr/share/{}/{}/status", "d".repeat(60), "e".repeat(60));
    let image = walk(&[&[E::RawName("./etc/issue", "Debian"), E::File(&long, "long")]]);
    assert_eq!(content(&image, "/etc/issue").as_deref(), Some("Debian"));
    assert_eq!(content(&image, &format!("/{long}")).as_deref(), Some("long"));
}

// ---------- errors ----------

#[test]
fn layer_digest_mismatch_names_the_blob() {
    let plain = layer(&[E::File("x", "1")]);
    let mut bytes = oci(&[OciImage { arch: "amd64", layers: vec![gz_layer(plain)] }]);
    // Flip a byte of the stored (gzip) layer: its gzip header's mtime field.
    let stored_digest = {
        let image = read(bytes.clone()).unwrap();
        image.info.layers[0].digest.clone().unwrap()
    };
    let pos = find(&bytes, &[0x1f, 0x8b, 0x08]).unwrap();
    bytes[pos + 4] ^= 0xff;
    let err = read(bytes).unwrap_err();
    match &err {
        ImageError::DigestMismatch { name, expected, .. } => {
            assert!(name.contains(&format!("blobs/sha256/{}", stored_digest.hex())), "{name}");
            assert_eq!(expected, &stored_digest.to_string());
        }
        other => panic!("expected DigestMismatch, got {other}"),
    }
}

#[test]
fn config_digest_mismatch_names_the_blob() {
    let l0 = layer(&[E::File("x", "1")]);
    let mut bytes = docker(&[l0], false, false);
    let pos = find(&bytes, b"\"User\":\"app\"").unwrap();
    bytes[pos + 8] = b'b';
    let err = read(bytes).unwrap_err();
    assert!(
        matches!(&err, ImageError::DigestMismatch { name, .. } if name.starts_with("image config ") && name.ends_with(".json")),
        "{err}"
    );
}

#[test]
fn truncated_archive() {
    let big: String = (0..20_000).map(|i| char::from(b'a' + (i % 26) as u8)).collect();
    let l0 = layer(&[E::File("etc/big", &big)]);
    let bytes = docker(&[l0], false, false);
    let cut = bytes[..bytes.len() / 2].to_vec();
    let err = read(cut).unwrap_err();
    assert!(matches!(&err, ImageError::Truncated { detail } if detail.contains("blobs/sha256/")), "{err}");
    // Cut at a block boundary inside the gzip outer stream too.
    let gz = gzip(&bytes);
    let err = read(gz[..gz.len() - 40].to_vec()).unwrap_err();
    assert!(matches!(err, ImageError::Truncated { .. }), "{err}");
}

#[test]
fn layer_that_is_not_a_tar() {
    let junk = b"this is not a tar archive at all, just some text".repeat(20);
    let err = read(docker(&[junk], false, false)).unwrap_err();
    assert!(matches!(&err, ImageError::BadLayer { layer, .. } if layer.starts_with("sha256:")), "{err}");
}

#[test]
fn empty_json_and_random_inputs_are_not_images() {
    let reason = |bytes: Vec<u8>| match read(bytes) {
        Err(ImageError::NotAnImage { reason }) => reason,
        other => panic!("expected NotAnImage, got {other:?}"),
    };
    assert_eq!(reason(Vec::new()), "the input is empty");
    assert!(reason(b"  {\"schemaVersion\": 2}".to_vec()).contains("JSON document"));
    let random: Vec<u8> = (0..4096u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8).collect();
    assert!(reason(random).contains("not a tar archive"));
    let plain_tar = outer(&[("hello.txt".to_owned(), b"hi".to_vec())]);
    assert!(reason(plain_tar).contains("neither manifest.json"));
}

#[test]
fn file_limits_name_the_path() {
    let l0 = layer(&[E::File("var/lib/dpkg/status", "0123456789")]);
    let options = ReadOptions { max_file_size: 4, ..ReadOptions::default() };
    let err = read_with(docker(&[l0], false, false), &options).unwrap_err();
    assert!(matches!(&err, ImageError::LimitExceeded(m) if m.contains("/var/lib/dpkg/status")), "{err}");
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}
