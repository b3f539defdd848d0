//! Builds a snapshot and prints the build summary and `db info` table.
//!
//! `cargo run --release -p airlock-db --features build --example build_snapshot -- <advisories dir> <out file>`

#![allow(clippy::print_stdout, clippy::print_stderr, reason = "an example command-line tool")]

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

fn main() -> ExitCode {
    let mut args = std::env::args_os().skip(1);
    let (Some(from), Some(out)) = (args.next().map(PathBuf::from), args.next().map(PathBuf::from)) else {
        eprintln!("usage: build_snapshot <advisories dir> <out file>");
        return ExitCode::FAILURE;
    };
    let started = Instant::now();
    let outcome = match airlock_db::build::build_snapshot(&from, &mut |m| eprintln!("… {m}")) {
        Ok(o) => o,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    };
    let bytes = outcome.snapshot.to_bytes();
    if let Err(e) = std::fs::write(&out, &bytes) {
        eprintln!("error: {}: {e}", out.display());
        return ExitCode::FAILURE;
    }
    println!("{}", outcome.summary);
    println!("wrote {} ({} bytes) in {:.2} s", out.display(), bytes.len(), started.elapsed().as_secs_f64());
    let loaded = Instant::now();
    match airlock_db::Snapshot::from_bytes(&bytes) {
        Ok(s) => println!("decoded in {:.0} ms\n{}", loaded.elapsed().as_secs_f64() * 1000.0, s.info()),
        Err(e) => {
            eprintln!("error: decoding the snapshot just written: {e}");
            return ExitCode::FAILURE;
        }
    }
    ExitCode::SUCCESS
}
