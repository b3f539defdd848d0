//! Differential test: our apk ordering against the real `apk version -t` of
//! apk-tools 2.14.4, taken from the Alpine 3.20.3 minirootfs in the shared
//! fixtures and run through its own musl loader (x86_64 Linux only).

#![cfg(all(target_os = "linux", target_arch = "x86_64"))]

mod common;

use std::cmp::Ordering;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

use airlock_version::ApkVersion;
use common::generate::{Rng, apk_version};
use common::op_symbol;

/// Pairs checked against apk.
const PAIRS: usize = 4_000;
/// Parallel `sh` workers.
const WORKERS: usize = 4;

/// Asks apk about each `a b` input line; `$1` is the unpacked rootfs.
const SCRIPT: &str = r#"cd "$1" && while read a b; do
./lib/ld-musl-x86_64.so.1 --library-path ./lib:./usr/lib ./sbin/apk version -t "$a" "$b"
done"#;

/// Unpacks the minirootfs into a fresh folder under the temp dir.
fn unpack_rootfs() -> PathBuf {
    let tarball = common::shared_dir().join("fixtures/rootfs/alpine-minirootfs-3.20.3-x86_64.tar.gz");
    assert!(tarball.is_file(), "missing {}", tarball.display());
    let dir = std::env::temp_dir().join(format!("airlock-version-apk-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("create temp dir");
    let status = Command::new("tar").arg("-xzf").arg(&tarball).arg("-C").arg(&dir).status();
    assert!(status.is_ok_and(|s| s.success()), "cannot unpack {} with tar (install tar)", tarball.display());
    dir
}

/// A small change to an apk version, so that the pair is close.
fn neighbour(rng: &mut Rng, v: &str) -> String {
    let mut s = v.to_string();
    match rng.below(6) {
        0 => s.push_str(rng.pick(&["0", ".0", "_pre1", "_p1", "-r1", "a", "00", "_rc", "-r0"])),
        1 if s.len() > 1 => {
            s.pop();
        }
        2 => {
            let at = rng.below(s.len() + 1);
            s.insert(at, char::from(b"0123456789._r"[rng.below(13)]));
        }
        3 => s = s.replacen('.', ".0", 1),
        _ => s = apk_version(rng),
    }
    if s.starts_with(['-', '.']) || s.is_empty() { format!("0{s}") } else { s }
}

fn ask_apk(rootfs: &Path, chunk: &[(String, String)]) -> Vec<Ordering> {
    let input: String = chunk.iter().map(|(a, b)| format!("{a} {b}\n")).collect();
    let mut child = Command::new("sh")
        .arg("-c")
        .arg(SCRIPT)
        .arg("sh")
        .arg(rootfs)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("cannot run sh");
    let mut stdin = child.stdin.take().expect("sh stdin");
    let writer = std::thread::spawn(move || stdin.write_all(input.as_bytes()));
    let output = child.wait_with_output().expect("sh output");
    writer.join().expect("writer thread").expect("write to sh");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.is_empty(), "apk complained:\n{stderr}");
    let answers: Vec<Ordering> = String::from_utf8_lossy(&output.stdout)
        .lines()
        .map(|l| common::parse_op(l).unwrap_or_else(|| panic!("unexpected apk output {l:?}")))
        .collect();
    assert_eq!(answers.len(), chunk.len(), "one apk answer per pair");
    answers
}

#[test]
#[expect(clippy::print_stderr, reason = "the test reports how many pairs it checked")]
fn matches_apk_tools_2_14() {
    let started = Instant::now();
    let rootfs = unpack_rootfs();
    let mut rng = Rng::new(0xa9c0_2140);
    let pairs: Vec<(String, String)> = (0..PAIRS)
        .map(|_| {
            let a = apk_version(&mut rng);
            let b = if rng.chance(60) { neighbour(&mut rng, &a) } else { apk_version(&mut rng) };
            (a, b)
        })
        .collect();
    let chunk_len = pairs.len().div_ceil(WORKERS);
    let answers: Vec<Ordering> = std::thread::scope(|scope| {
        let workers: Vec<_> = pairs.chunks(chunk_len).map(|chunk| scope.spawn(|| ask_apk(&rootfs, chunk))).collect();
        workers.into_iter().flat_map(|w| w.join().expect("apk worker")).collect()
    });
    // Best effort: a leftover temp folder is harmless.
    let _ = std::fs::remove_dir_all(&rootfs);

    let mut mismatches = Vec::new();
    for ((a, b), apk) in pairs.iter().zip(&answers) {
        let ours = a.parse::<ApkVersion>().and_then(|x| Ok(x.cmp(&b.parse::<ApkVersion>()?)));
        match ours {
            Ok(o) if o == *apk => {}
            Ok(o) => mismatches.push(format!("{a} {} {b}  (we say {})", op_symbol(*apk), op_symbol(o))),
            Err(e) => mismatches.push(format!("{a} {} {b}  (we refuse: {e})", op_symbol(*apk))),
        }
    }
    let equal = answers.iter().filter(|o| o.is_eq()).count();
    eprintln!(
        "apk differential: {} pairs checked ({equal} equal), {} mismatches, {:.1?}",
        pairs.len(),
        mismatches.len(),
        started.elapsed()
    );
    assert!(equal > 0, "the generated pairs include equal versions");
    assert!(
        mismatches.is_empty(),
        "{} of {} pairs differ from apk:\n{}",
        mismatches.len(),
        pairs.len(),
        mismatches.join("\n")
    );
}
