//! Example host: loads the Airlock component, loads a snapshot and scans an
//! image through a preopened directory, then prints the summary and findings
//! (or, with `--json`, the `airlock.report/v1` document).
//!
//! ```text
//! cargo run --manifest-path tests/wasi-host/Cargo.toml -- \
//!     target/wasm32-wasip2/release/airlock_wasi.wasm ~/.cache/airlock/airlock.snapshot image.tar [--json]
//! ```
//!
//! The snapshot's and the image's directories are preopened read-only at
//! `/db` and `/image`; the component sees nothing else.

use std::path::Path;
use std::process::ExitCode;

use airlock_wasi_host::{Input, Plugin, Preopen, ScanError, ScanOptions};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let json = args.iter().any(|a| a == "--json");
    let paths: Vec<&String> = args.iter().filter(|a| !a.starts_with("--")).collect();
    let [component, snapshot, image] = paths[..] else {
        eprintln!("usage: airlock-wasi-host COMPONENT.wasm SNAPSHOT IMAGE.tar [--json]");
        return ExitCode::from(2);
    };
    match run(Path::new(component), Path::new(snapshot), Path::new(image), json) {
        Ok(Ok(())) => ExitCode::SUCCESS,
        Ok(Err(e)) => {
            eprintln!("scan error: {e:?}");
            ExitCode::from(1)
        }
        Err(trap) => {
            eprintln!("host error: {trap:?}");
            ExitCode::from(3)
        }
    }
}

fn split(path: &Path) -> (&Path, String) {
    let dir = path.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
    (dir, path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default())
}

fn run(component: &Path, snapshot: &Path, image: &Path, json: bool) -> wasmtime::Result<Result<(), ScanError>> {
    let engine = airlock_wasi_host::engine()?;
    let component = Plugin::load_component(&engine, component)?;
    let (db_dir, db_name) = split(snapshot);
    let (image_dir, image_name) = split(image);
    let preopens = [Preopen::read_only(db_dir, "/db"), Preopen::read_only(image_dir, "/image")];
    let mut plugin = Plugin::new(&engine, &component, &preopens)?;

    let db = match plugin.load_snapshot(&Input::Path(format!("/db/{db_name}")))? {
        Ok(db) => db,
        Err(e) => return Ok(Err(e)),
    };
    let options = ScanOptions { platform: None, source: Some(image_name.clone()) };
    let report = match plugin.scan_image(db, &Input::Path(format!("/image/{image_name}")), &options)? {
        Ok(report) => report,
        Err(e) => return Ok(Err(e)),
    };
    if json {
        println!("{}", report.json);
        return Ok(Ok(()));
    }
    let s = &report.summary;
    println!(
        "{}  {} packages  {}C {}H {}M {}L {}?",
        report.image.reference.as_deref().unwrap_or(&image_name),
        report.package_count,
        s.critical,
        s.high,
        s.medium,
        s.low,
        s.unspecified
    );
    for f in &report.findings {
        println!("{:<20} {:<12} {} {}", f.id, format!("{:?}", f.severity), f.package.name, f.package.version);
    }
    Ok(Ok(()))
}
