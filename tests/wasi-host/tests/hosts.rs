//! The Airlock WebAssembly builds in a real host (wasmtime 48, the engine
//! other tools embed), compared with the native CLI on the shared fixtures.
//!
//! `tests/e2e/wasi.sh` builds the artifacts and sets:
//! `AIRLOCK_WASI_COMMAND` (wasip1 `airlock.wasm`), `AIRLOCK_WASI_COMPONENT`
//! (wasip2 `airlock_wasi.wasm`), `AIRLOCK_NATIVE` (native `airlock`),
//! `AIRLOCK_SNAPSHOT` (a snapshot built from ../shared/advisories) and
//! `AIRLOCK_SHARED`.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use airlock_wasi_host::{
    CommandOutput, FindingState, Input, Plugin, Preopen, Report, ScanError, ScanOptions, Severity,
};
use wasmtime::component::Component;
use wasmtime::{Engine, Module};

const FIXTURES: [&str; 3] =
    ["debian-bookworm-minbase.oci.tar", "alpine-3.16.9.oci.tar", "distroless-static-go.docker.tar"];

fn env_path(name: &str) -> PathBuf {
    let value = std::env::var_os(name).unwrap_or_else(|| panic!("{name} is not set; run tests/e2e/wasi.sh"));
    let path = PathBuf::from(value);
    assert!(path.exists(), "{name}={} does not exist", path.display());
    path.canonicalize().expect("canonical path")
}

fn images_dir() -> PathBuf {
    env_path("AIRLOCK_SHARED").join("fixtures/images")
}

fn snapshot_path() -> PathBuf {
    env_path("AIRLOCK_SNAPSHOT")
}

fn engine() -> &'static Engine {
    static ENGINE: OnceLock<Engine> = OnceLock::new();
    ENGINE.get_or_init(|| airlock_wasi_host::test_engine().expect("engine"))
}

/// Compiled once per test binary (compiling is the slow part).
fn component() -> &'static Component {
    static C: OnceLock<Component> = OnceLock::new();
    C.get_or_init(|| Plugin::load_component(engine(), &env_path("AIRLOCK_WASI_COMPONENT")).expect("component"))
}

fn module() -> &'static Module {
    static M: OnceLock<Module> = OnceLock::new();
    M.get_or_init(|| Module::from_file(engine(), env_path("AIRLOCK_WASI_COMMAND")).expect("module"))
}

/// The guest sees the fixtures and the snapshot's folder under their host
/// paths, so the same command line works natively and in the guest, and the
/// report's `source` is the same string.
fn preopens() -> Vec<Preopen> {
    let snapshot = snapshot_path();
    let db_dir = snapshot.parent().expect("snapshot folder").to_path_buf();
    let images = images_dir();
    vec![
        Preopen::read_only(&images, images.to_str().expect("utf-8 path")),
        Preopen::read_only(&db_dir, db_dir.to_str().expect("utf-8 path")),
    ]
}

fn native(args: &[String]) -> CommandOutput {
    let out = Command::new(env_path("AIRLOCK_NATIVE")).args(args).output().expect("run the native CLI");
    CommandOutput { code: out.status.code().expect("exit code"), stdout: out.stdout, stderr: out.stderr }
}

fn wasi(args: &[String]) -> CommandOutput {
    let mut argv = vec!["airlock".to_string()];
    argv.extend_from_slice(args);
    airlock_wasi_host::run_command(engine(), module(), &argv, &preopens()).expect("run the wasip1 command")
}

fn image(name: &str) -> String {
    images_dir().join(name).to_str().expect("utf-8 path").to_string()
}

fn args(list: &[&str]) -> Vec<String> {
    list.iter().map(|s| s.to_string()).collect()
}

fn db_args() -> [String; 2] {
    ["--db".to_string(), snapshot_path().to_str().expect("utf-8").to_string()]
}

fn text(bytes: &[u8]) -> &str {
    std::str::from_utf8(bytes).expect("utf-8 output")
}

#[test]
fn wasip1_command_prints_the_same_json_as_the_native_cli() {
    for fixture in FIXTURES {
        let mut a = args(&["quickview", &image(fixture), "--format", "json"]);
        a.extend(db_args());
        let (n, w) = (native(&a), wasi(&a));
        assert_eq!(n.code, 0, "native {fixture}: {}", text(&n.stderr));
        assert_eq!(w.code, 0, "wasip1 {fixture}: {}", text(&w.stderr));
        let report: serde_json::Value = serde_json::from_slice(&n.stdout).expect("native JSON");
        assert_eq!(report["schema"], "airlock.report/v1");
        assert!(!report["packages"].as_array().expect("packages").is_empty(), "{fixture}: no packages");
        assert_eq!(text(&w.stdout), text(&n.stdout), "{fixture}: JSON differs");
    }
}

#[test]
fn wasip1_command_prints_the_same_text_and_exit_codes() {
    // quickview text, cves with --exit-code (2: findings remain), sbom.
    let debian = image("debian-bookworm-minbase.oci.tar");
    let cases = [
        args(&["quickview", &debian]),
        args(&["cves", &debian, "--only-severity", "critical,high", "--exit-code"]),
        args(&["cves", &debian, "--only-cve-id", "CVE-1999-0000", "--exit-code"]),
    ];
    for mut a in cases {
        a.extend(db_args());
        let (n, w) = (native(&a), wasi(&a));
        assert_eq!(w.code, n.code, "{a:?}: {}", text(&w.stderr));
        assert_eq!(text(&w.stdout), text(&n.stdout), "{a:?}");
    }
    let n = native(&args(&["cves", &debian, "--only-severity", "critical", "--exit-code", "--db", &db_args()[1]]));
    assert_eq!(n.code, 2, "the Debian image has critical findings: {}", text(&n.stdout));
    let sbom = args(&["sbom", &image("alpine-3.16.9.oci.tar"), "--format", "json"]);
    assert_eq!(text(&wasi(&sbom).stdout), text(&native(&sbom).stdout));
}

#[test]
fn wasip1_command_fails_like_the_native_cli() {
    // A missing image: exit 1 and one line on stderr naming the file.
    let mut a = args(&["quickview", &image("no-such-image.tar")]);
    a.extend(db_args());
    let (n, w) = (native(&a), wasi(&a));
    assert_eq!((n.code, w.code), (1, 1));
    let (ne, we) = (text(&n.stderr), text(&w.stderr));
    assert!(we.starts_with("airlock: error: ") && we.contains("no-such-image.tar: cannot open image"), "{we}");
    assert!(ne.contains("no-such-image.tar: cannot open image"), "{ne}");
    // A file outside every preopened directory is not reachable from the guest.
    let w = wasi(&args(&["quickview", "/etc/passwd", "--db", &db_args()[1]]));
    assert_eq!(w.code, 1);
    assert!(text(&w.stderr).contains("/etc/passwd: cannot open image"), "{}", text(&w.stderr));
    // A snapshot that is not one.
    let bad_db = args(&["quickview", &image("alpine-3.16.9.oci.tar"), "--db", &image("alpine-3.16.9.oci.tar")]);
    let (n, w) = (native(&bad_db), wasi(&bad_db));
    assert_eq!((n.code, w.code), (1, 1));
    assert_eq!(text(&w.stderr), text(&n.stderr));
}

fn plugin() -> Plugin {
    Plugin::new(engine(), component(), &preopens()).expect("instantiate the component")
}

fn path(p: &Path) -> Input {
    Input::Path(p.to_str().expect("utf-8").to_string())
}

fn scan_through_component(plugin: &mut Plugin, input: &Input, source: &str) -> Result<Report, ScanError> {
    let db = plugin.load_snapshot(&path(&snapshot_path())).expect("no trap").expect("snapshot loads");
    plugin.scan_image(db, input, &ScanOptions { platform: None, source: Some(source.to_string()) }).expect("no trap")
}

fn severity_name(s: Severity) -> &'static str {
    match s {
        Severity::Critical => "critical",
        Severity::High => "high",
        Severity::Medium => "medium",
        Severity::Low => "low",
        Severity::Unspecified => "unspecified",
    }
}

/// Asserts the component's typed findings and summary equal the native JSON's.
fn assert_same_findings(fixture: &str, report: &Report, native: &serde_json::Value) {
    let expected: Vec<(String, String, String, String, String, Option<String>)> = native["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| {
            (
                f["id"].as_str().expect("id").to_string(),
                f["package"]["name"].as_str().expect("name").to_string(),
                f["package"]["version"].as_str().expect("version").to_string(),
                f["severity"].as_str().expect("severity").to_string(),
                f["state"].as_str().expect("state").to_string(),
                f["fixed_version"].as_str().map(str::to_string),
            )
        })
        .collect();
    let actual: Vec<_> = report
        .findings
        .iter()
        .map(|f| {
            let state = match f.state {
                FindingState::Fixed => "fixed",
                FindingState::Unfixed => "unfixed",
                FindingState::WontFix => "wont-fix",
            };
            (
                f.id.clone(),
                f.package.name.clone(),
                f.package.version.clone(),
                severity_name(f.severity).to_string(),
                state.to_string(),
                f.fixed_version.clone(),
            )
        })
        .collect();
    assert_eq!(actual, expected, "{fixture}: findings differ");
    let s = &native["summary"];
    let counts = [s["critical"].as_u64(), s["high"].as_u64(), s["medium"].as_u64(), s["low"].as_u64()];
    let r = &report.summary;
    assert_eq!(counts, [Some(r.critical.into()), Some(r.high.into()), Some(r.medium.into()), Some(r.low.into())]);
    assert_eq!(Some(u64::from(report.package_count)), native["packages"].as_array().map(|p| p.len() as u64));
}

#[test]
fn component_scans_an_sbom_like_the_native_cli() {
    let mut plugin = plugin();
    let sbom = images_dir().join("sbom/alpine-3.16.9.oci.cdx.json").display().to_string();
    let mut a = args(&["quickview", &sbom, "--format", "json"]);
    a.extend(db_args());
    let n = native(&a);
    assert_eq!(n.code, 0, "{}", text(&n.stderr));
    let native_json: serde_json::Value = serde_json::from_slice(&n.stdout).expect("native JSON");
    let db = plugin.load_snapshot(&Input::Path(snapshot_path().display().to_string())).expect("no trap").expect("db");
    let opts = ScanOptions { platform: None, source: Some(sbom.clone()) };
    let report = plugin.scan_sbom(db, &Input::Path(sbom.clone()), &opts).expect("no trap").expect("scan");
    assert_same_findings("alpine-3.16.9.oci.cdx.json", &report, &native_json);
    assert_eq!(report.findings.len(), 2, "busybox and ssl_client CVE-2023-42366");
}

#[test]
fn component_finds_what_the_native_cli_finds() {
    let mut plugin = plugin();
    for fixture in FIXTURES {
        let img = image(fixture);
        let mut a = args(&["quickview", &img, "--format", "json"]);
        a.extend(db_args());
        let n = native(&a);
        assert_eq!(n.code, 0, "{}", text(&n.stderr));
        let native_json: serde_json::Value = serde_json::from_slice(&n.stdout).expect("native JSON");
        let report = scan_through_component(&mut plugin, &Input::Path(img.clone()), &img).expect("scan");
        assert_same_findings(fixture, &report, &native_json);
        // The document is the CLI's, byte for byte (the CLI adds a newline).
        assert_eq!(format!("{}\n", report.json), text(&n.stdout), "{fixture}");
    }
}

#[test]
fn debian_through_the_component_has_the_known_zlib_finding() {
    let mut plugin = plugin();
    let img = image("debian-bookworm-minbase.oci.tar");
    let report = scan_through_component(&mut plugin, &Input::Path(img.clone()), &img).expect("scan");
    assert_eq!(report.package_count, 106);
    assert_eq!(report.image.os.as_ref().map(|o| o.id.as_str()), Some("debian"));
    let zlib = report
        .findings
        .iter()
        .find(|f| f.id == "CVE-2023-45853" && f.package.name == "zlib1g")
        .expect("zlib1g CVE-2023-45853");
    assert_eq!(zlib.severity, Severity::Critical);
    assert_eq!(zlib.state, FindingState::Unfixed);
    assert_eq!(zlib.cvss.as_ref().map(|c| c.score), Some(9.8));
}

#[test]
fn chunked_uploads_give_the_same_report_in_memory_and_spooled() {
    let fixture = "alpine-3.16.9.oci.tar";
    let bytes = std::fs::read(images_dir().join(fixture)).expect("fixture");
    let spool = tempfile_dir();
    let mut preopens = preopens();
    preopens.push(Preopen { host: spool.clone(), guest: "/spool".into(), writable: true });
    let mut plugin = Plugin::new(engine(), component(), &preopens).expect("instantiate");
    let by_path = scan_through_component(&mut plugin, &Input::Path(image(fixture)), fixture).expect("scan by path");
    assert_eq!(by_path.findings.len(), 2, "busybox and ssl_client CVE-2023-42366");
    for spool_dir in [None, Some("/spool")] {
        let upload = plugin.upload(&bytes, 64 << 10, spool_dir).expect("no trap").expect("upload");
        let report = scan_through_component(&mut plugin, &Input::Upload(upload), fixture).expect("scan upload");
        assert_eq!(report.json, by_path.json, "spool {spool_dir:?}");
    }
    // The spool file is removed after the scan.
    assert_eq!(std::fs::read_dir(&spool).expect("spool dir").count(), 0);
    let _ = std::fs::remove_dir_all(&spool);
}

fn tempfile_dir() -> PathBuf {
    let dir = std::env::temp_dir().join(format!("airlock-wasi-spool-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("spool dir");
    dir
}

#[test]
fn bad_input_through_the_component_is_an_error_variant_not_a_trap() {
    let mut plugin = plugin();
    let images = images_dir();
    let snapshot = snapshot_path();

    // Snapshot: missing file → io; an image given as snapshot → bad-snapshot;
    // garbage bytes uploaded → bad-snapshot.
    let missing = plugin.load_snapshot(&path(&images.join("none.snapshot"))).expect("no trap");
    assert!(matches!(&missing, Err(ScanError::Io(m)) if m.contains("none.snapshot")), "{missing:?}");
    let not_db = plugin.load_snapshot(&path(&images.join("alpine-3.16.9.oci.tar"))).expect("no trap");
    assert!(matches!(&not_db, Err(ScanError::BadSnapshot(m)) if m.contains("alpine-3.16.9.oci.tar")), "{not_db:?}");
    let upload = plugin.upload(b"definitely not a snapshot", 8, None).expect("no trap").expect("upload");
    let garbage = plugin.load_snapshot(&Input::Upload(upload)).expect("no trap");
    assert!(matches!(garbage, Err(ScanError::BadSnapshot(_))), "{garbage:?}");

    let db = plugin.load_snapshot(&path(&snapshot)).expect("no trap").expect("snapshot");
    let opts = ScanOptions { platform: None, source: None };

    // Image: missing → io; outside the preopens → io; the snapshot file → invalid-image;
    // truncated archive → invalid-image; random bytes → invalid-image.
    let r = plugin.scan_image(db, &path(&images.join("none.tar")), &opts).expect("no trap");
    assert!(matches!(&r, Err(ScanError::Io(m)) if m.contains("none.tar")), "{r:?}");
    let r = plugin.scan_image(db, &Input::Path("/etc/passwd".into()), &opts).expect("no trap");
    assert!(matches!(r, Err(ScanError::Io(_))), "{r:?}");
    let r = plugin.scan_image(db, &path(&snapshot), &opts).expect("no trap");
    assert!(matches!(r, Err(ScanError::InvalidImage(_))), "{r:?}");
    let alpine = std::fs::read(images.join("alpine-3.16.9.oci.tar")).expect("fixture");
    let upload = plugin.upload(&alpine[..alpine.len() / 2], 1 << 20, None).expect("no trap").expect("upload");
    let r = plugin.scan_image(db, &Input::Upload(upload), &opts).expect("no trap");
    assert!(matches!(&r, Err(ScanError::InvalidImage(m)) if m.starts_with("upload: ")), "{r:?}");
    let upload = plugin.upload(&[0x5a; 4096], 1024, None).expect("no trap").expect("upload");
    let r = plugin.scan_image(db, &Input::Upload(upload), &opts).expect("no trap");
    assert!(matches!(r, Err(ScanError::InvalidImage(_))), "{r:?}");

    // Options: an unparseable platform → invalid-argument; a platform the
    // image lacks → platform.
    let alpine_path = path(&images.join("alpine-3.16.9.oci.tar"));
    let bad = ScanOptions { platform: Some("not a platform/".into()), source: None };
    let r = plugin.scan_image(db, &alpine_path, &bad).expect("no trap");
    assert!(matches!(r, Err(ScanError::InvalidArgument(_))), "{r:?}");
    let s390x = ScanOptions { platform: Some("linux/s390x".into()), source: None };
    let r = plugin.scan_image(db, &alpine_path, &s390x).expect("no trap");
    assert!(matches!(&r, Err(ScanError::Platform(m)) if m.contains("linux/s390x")), "{r:?}");

    // A spool directory that is not preopened: the first write says so.
    let upload = plugin.new_upload(Some("/nowhere")).expect("no trap");
    let r = plugin.write_upload(upload, b"abc").expect("no trap");
    assert!(matches!(&r, Err(ScanError::Io(m)) if m.contains("/nowhere")), "{r:?}");

    // A JSON document that is no SBOM → unsupported-format, named.
    let upload = plugin.upload(br#"{"hello": "world"}"#, 1024, None).expect("no trap").expect("upload");
    let r = plugin.scan_sbom(db, &Input::Upload(upload), &opts).expect("no trap");
    assert!(matches!(&r, Err(ScanError::UnsupportedFormat(m)) if m.starts_with("upload: ")), "{r:?}");

    // The instance is still usable after all these errors.
    let ok = plugin.scan_image(db, &alpine_path, &opts).expect("no trap").expect("scan");
    assert_eq!(ok.findings.len(), 2);
    assert!(plugin.describe_snapshot(db).expect("no trap").contains("Alpine:v3.16"));
}
