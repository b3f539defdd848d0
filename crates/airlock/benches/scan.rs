//! Scan and snapshot benchmark on the shared fixtures; prints figures.
//!
//! `cargo bench -p airlock --bench scan` prints, for the Debian fixture:
//! scan throughput (MB/s of compressed and of uncompressed layer bytes), the
//! time a plain gunzip of the same layers takes (the physical limit), peak
//! RSS of a scan in a child process; and for the snapshot: build time, size
//! on disk and load time.
#![allow(missing_docs, clippy::print_stdout, reason = "a benchmark binary prints its figures")]

use std::io::Read;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

const ROUNDS: u32 = 5;

fn shared() -> PathBuf {
    std::env::var_os("AIRLOCK_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared"))
}

fn peak_rss_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines().find(|l| l.starts_with("VmHWM:")).and_then(|l| l.split_whitespace().nth(1)?.parse().ok())
        })
        .unwrap_or(0)
}

fn mib(bytes: u64) -> f64 {
    bytes as f64 / (1024.0 * 1024.0)
}

/// Median of `ROUNDS` runs of `f`.
fn median(mut f: impl FnMut()) -> Duration {
    let mut times: Vec<Duration> = (0..ROUNDS)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed()
        })
        .collect();
    times.sort();
    times[times.len() / 2]
}

/// Reads every `blobs/sha256/*` entry of an OCI tar into memory.
fn blobs(image: &Path) -> Vec<(String, Vec<u8>)> {
    let file = std::fs::File::open(image).expect("open fixture");
    let mut archive = tar::Archive::new(file);
    let mut out = Vec::new();
    for entry in archive.entries().expect("tar") {
        let mut entry = entry.expect("entry");
        let name = entry.path().expect("path").to_string_lossy().into_owned();
        if let Some(hex) = name.strip_prefix("blobs/sha256/") {
            let mut bytes = Vec::new();
            entry.read_to_end(&mut bytes).expect("read blob");
            out.push((hex.to_owned(), bytes));
        }
    }
    out
}

fn child_scan(image: &Path, snapshot: &Path) {
    let load = Instant::now();
    let snapshot = airlock::Snapshot::from_bytes(&std::fs::read(snapshot).expect("read snapshot")).expect("snapshot");
    let load = load.elapsed();
    let scan = || {
        let file = std::io::BufReader::with_capacity(1 << 18, std::fs::File::open(image).expect("open"));
        airlock::scan_image(file, &snapshot, &airlock::ScanOptions::default(), &mut |_| {}).expect("scan")
    };
    let report = scan();
    let t = median(|| {
        scan();
    });
    println!(
        "child: snapshot load {:.1} ms, scan {:.1} ms (median of {ROUNDS}), {} packages, {} findings, peak RSS {:.1} MiB",
        load.as_secs_f64() * 1e3,
        t.as_secs_f64() * 1e3,
        report.packages.len(),
        report.findings.len(),
        peak_rss_kib() as f64 / 1024.0
    );
    println!("scan_seconds={}", t.as_secs_f64());
}

/// Reads and catalogs an image without a snapshot; prints time and peak RSS.
fn child_catalog(image: &Path) {
    let t = Instant::now();
    let file = std::io::BufReader::with_capacity(1 << 18, std::fs::File::open(image).expect("open"));
    let scanned = airlock::catalog_image(file, &airlock::ScanOptions::default(), &mut |_| {}).expect("catalog");
    println!(
        "child: read+catalog {} in {:.1} ms, {} packages, peak RSS {:.1} MiB",
        image.file_name().unwrap_or_default().to_string_lossy(),
        t.elapsed().as_secs_f64() * 1e3,
        scanned.inventory.packages.len(),
        peak_rss_kib() as f64 / 1024.0
    );
}

fn sha256_file(path: &Path) -> String {
    use sha2::Digest;
    let mut hasher = sha2::Sha256::new();
    std::io::copy(&mut std::fs::File::open(path).expect("open"), &mut hasher).expect("hash");
    format!("sha256:{}", hex::encode(hasher.finalize()))
}

/// Writes an OCI layout tar whose only layer holds the Alpine apk database and
/// `big_mib` MiB of other content, to show memory does not grow with image size.
fn synthetic_big_image(dir: &Path, big_mib: u64) -> PathBuf {
    let installed = b"P:musl\nV:1.2.3-r3\nA:x86_64\no:musl\n\n";
    let layer_path = dir.join("layer.tar");
    {
        let mut layer = tar::Builder::new(std::fs::File::create(&layer_path).expect("create"));
        let mut add = |name: &str, size: u64, data: &mut dyn Read| {
            let mut h = tar::Header::new_gnu();
            h.set_size(size);
            h.set_mode(0o644);
            h.set_entry_type(tar::EntryType::Regular);
            layer.append_data(&mut h, name, data).expect("append");
        };
        add("etc/alpine-release", 7, &mut &b"3.16.9\n"[..]);
        add("lib/apk/db/installed", installed.len() as u64, &mut &installed[..]);
        add("opt/blob.bin", big_mib << 20, &mut std::io::repeat(0x5a).take(big_mib << 20));
        layer.finish().expect("finish");
    }
    let layer_digest = sha256_file(&layer_path);
    let config = serde_json::json!({"architecture": "amd64", "os": "linux",
        "rootfs": {"type": "layers", "diff_ids": [layer_digest]}, "config": {}})
    .to_string();
    let digest = |b: &[u8]| {
        use sha2::Digest;
        format!("sha256:{}", hex::encode(sha2::Sha256::digest(b)))
    };
    let layer_size = std::fs::metadata(&layer_path).expect("stat").len();
    let manifest = serde_json::json!({"schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json",
        "config": {"mediaType": "application/vnd.oci.image.config.v1+json", "digest": digest(config.as_bytes()), "size": config.len()},
        "layers": [{"mediaType": "application/vnd.oci.image.layer.v1.tar", "digest": layer_digest, "size": layer_size}]})
    .to_string();
    let index = serde_json::json!({"schemaVersion": 2, "manifests": [{"mediaType": "application/vnd.oci.image.manifest.v1+json",
        "digest": digest(manifest.as_bytes()), "size": manifest.len()}]})
    .to_string();
    let out = dir.join("big.oci.tar");
    let mut tar = tar::Builder::new(std::fs::File::create(&out).expect("create"));
    let blob = |d: &str| format!("blobs/sha256/{}", &d[7..]);
    let small_files = [
        ("oci-layout".to_string(), br#"{"imageLayoutVersion":"1.0.0"}"#.as_slice()),
        ("index.json".to_string(), index.as_bytes()),
        (blob(&digest(manifest.as_bytes())), manifest.as_bytes()),
        (blob(&digest(config.as_bytes())), config.as_bytes()),
    ];
    for (name, bytes) in small_files {
        let mut h = tar::Header::new_gnu();
        h.set_size(bytes.len() as u64);
        h.set_mode(0o644);
        h.set_entry_type(tar::EntryType::Regular);
        tar.append_data(&mut h, name, bytes).expect("append");
    }
    tar.append_path_with_name(&layer_path, blob(&layer_digest)).expect("append layer");
    tar.finish().expect("finish");
    let _ = std::fs::remove_file(&layer_path);
    out
}

fn run_child(args: &[&str]) -> String {
    let exe = std::env::args().next().expect("argv[0]");
    let out = std::process::Command::new(exe).args(args).output().expect("spawn child");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if let [_, mode, image, snapshot, ..] = args.as_slice()
        && mode == "--child-scan"
    {
        child_scan(Path::new(image), Path::new(snapshot));
        return;
    }
    if let [_, mode, image, ..] = args.as_slice()
        && mode == "--child-catalog"
    {
        child_catalog(Path::new(image));
        return;
    }
    let shared = shared();
    let image = shared.join("fixtures/images/debian-bookworm-minbase.oci.tar");

    // Snapshot: build time, size, load time.
    let t = Instant::now();
    let outcome = airlock_db::build::build_snapshot(&shared.join("advisories"), &mut |_| {}).expect("build snapshot");
    let build = t.elapsed();
    let bytes = outcome.snapshot.to_bytes();
    let snapshot_path = std::env::temp_dir().join(format!("airlock-bench-{}.snapshot", std::process::id()));
    std::fs::write(&snapshot_path, &bytes).expect("write snapshot");
    let load = median(|| {
        airlock::Snapshot::from_bytes(&bytes).expect("load");
    });
    println!(
        "snapshot: build {:.2} s, size {:.2} MiB ({} bytes), load {:.1} ms (median of {ROUNDS})",
        build.as_secs_f64(),
        mib(bytes.len() as u64),
        bytes.len(),
        load.as_secs_f64() * 1e3
    );
    // What a browser downloads: the snapshot zstd-compressed (ruzstd's
    // fastest level; `zstd -19` does better) against the advisory inputs.
    let zstd = ruzstd::encoding::compress_to_vec(bytes.as_slice(), ruzstd::encoding::CompressionLevel::Fastest);
    let inputs: u64 = std::fs::read_dir(shared.join("advisories"))
        .expect("advisories dir")
        .filter_map(|e| e.ok()?.metadata().ok())
        .filter(|m| m.is_file())
        .map(|m| m.len())
        .sum();
    println!(
        "snapshot: zstd (fastest) {:.2} MiB; inputs {:.2} MiB of .tar.zst; {} sources, {} advisories, {} affected entries",
        mib(zstd.len() as u64),
        mib(inputs),
        outcome.snapshot.sources.len(),
        outcome.snapshot.advisories.len(),
        outcome.summary.affected
    );

    // Physical limit: gunzip of the same layers, from memory.
    let layers: Vec<Vec<u8>> =
        blobs(&image).into_iter().map(|(_, b)| b).filter(|b| b.starts_with(&[0x1f, 0x8b])).collect();
    let compressed: u64 = layers.iter().map(|l| l.len() as u64).sum();
    let mut uncompressed = 0u64;
    let gunzip = median(|| {
        uncompressed = layers
            .iter()
            .map(|l| {
                std::io::copy(&mut flate2::read::MultiGzDecoder::new(&l[..]), &mut std::io::sink()).expect("gunzip")
            })
            .sum();
    });
    println!(
        "gunzip baseline: {} layers, {:.1} MiB compressed → {:.1} MiB uncompressed in {:.1} ms ({:.0} MB/s uncompressed)",
        layers.len(),
        mib(compressed),
        mib(uncompressed),
        gunzip.as_secs_f64() * 1e3,
        uncompressed as f64 / 1e6 / gunzip.as_secs_f64()
    );

    // Full scan in a child process, so its peak RSS is its own.
    let stdout = run_child(&["--child-scan", &image.to_string_lossy(), &snapshot_path.to_string_lossy()]);
    let _ = std::fs::remove_file(&snapshot_path);
    print!(
        "{}",
        stdout.lines().filter(|l| !l.starts_with("scan_seconds=")).map(|l| format!("{l}\n")).collect::<String>()
    );
    let secs: f64 = stdout.lines().find_map(|l| l.strip_prefix("scan_seconds=")?.parse().ok()).expect("child figures");
    println!(
        "scan throughput: {:.0} MB/s compressed, {:.0} MB/s uncompressed ({:.2}× the gunzip time)",
        compressed as f64 / 1e6 / secs,
        uncompressed as f64 / 1e6 / secs,
        secs / gunzip.as_secs_f64()
    );

    // Memory is bounded by the wanted files, not by the image: read+catalog
    // without a snapshot, on the fixture and on a synthetic 1 GiB image.
    print!("{}", run_child(&["--child-catalog", &image.to_string_lossy()]));
    let dir = std::env::temp_dir().join(format!("airlock-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("mkdir");
    let big = synthetic_big_image(&dir, 1024);
    print!("{}", run_child(&["--child-catalog", &big.to_string_lossy()]));
    let _ = std::fs::remove_dir_all(&dir);
}
