//! Differential test: our dpkg ordering against the real
//! `dpkg --compare-versions` on generated pairs.

mod common;

use std::cmp::Ordering;
use std::io::Write;
use std::process::{Command, Stdio};
use std::time::Instant;

use airlock_version::DpkgVersion;
use common::generate::{Rng, dpkg_clean, dpkg_neighbour, dpkg_version};
use common::op_symbol;

/// Pairs checked against dpkg.
const PAIRS: usize = 10_500;
/// Parallel `sh` workers (each runs dpkg once or twice per pair).
const WORKERS: usize = 4;

/// The shell loop that asks dpkg about each `a b` line of its input.
const SCRIPT: &str = r#"while read a b; do
if dpkg --compare-versions "$a" lt "$b"; then echo "<";
elif dpkg --compare-versions "$a" eq "$b"; then echo "=";
else echo ">"; fi
done"#;

/// Generates `n` clean pairs: half are a version and a small change of it.
fn pairs(n: usize) -> Vec<(String, String)> {
    let mut rng = Rng::new(0x5eed_d9c6_2024);
    let mut out = Vec::with_capacity(n);
    while out.len() < n {
        let a = dpkg_version(&mut rng);
        let b = if rng.chance(60) { dpkg_neighbour(&mut rng, &a) } else { dpkg_version(&mut rng) };
        if dpkg_clean(&a) && dpkg_clean(&b) {
            out.push((a, b));
        }
    }
    out
}

/// Runs one `sh` worker over `chunk`, returning dpkg's answers in order.
fn ask_dpkg(chunk: &[(String, String)]) -> Vec<Ordering> {
    let input: String = chunk.iter().map(|(a, b)| format!("{a} {b}\n")).collect();
    let mut child = Command::new("sh")
        .arg("-c")
        .arg(SCRIPT)
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
    assert!(output.status.success() && stderr.is_empty(), "dpkg complained (generator made a bad version?):\n{stderr}");
    let answers: Vec<Ordering> = String::from_utf8_lossy(&output.stdout)
        .lines()
        .map(|l| common::parse_op(l).unwrap_or_else(|| panic!("unexpected dpkg loop output {l:?}")))
        .collect();
    assert_eq!(answers.len(), chunk.len(), "one dpkg answer per pair");
    answers
}

#[test]
#[expect(clippy::print_stderr, reason = "the test reports how many pairs it checked")]
fn matches_dpkg_compare_versions() {
    let found = Command::new("dpkg").arg("--version").output().is_ok_and(|o| o.status.success());
    assert!(found, "dpkg not found: install dpkg (apt-get install dpkg) to run the differential test");

    let started = Instant::now();
    let pairs = pairs(PAIRS);
    let chunk_len = pairs.len().div_ceil(WORKERS);
    let answers: Vec<Ordering> = std::thread::scope(|scope| {
        let workers: Vec<_> = pairs.chunks(chunk_len).map(|chunk| scope.spawn(|| ask_dpkg(chunk))).collect();
        workers.into_iter().flat_map(|w| w.join().expect("dpkg worker")).collect()
    });

    let mut mismatches = Vec::new();
    let (mut less, mut equal, mut greater) = (0, 0, 0);
    for ((a, b), dpkg) in pairs.iter().zip(&answers) {
        let ours = a.parse::<DpkgVersion>().and_then(|x| Ok(x.cmp(&b.parse::<DpkgVersion>()?)));
        match ours {
            Ok(o) if o == *dpkg => {}
            Ok(o) => mismatches.push(format!("{a} {} {b}  (we say {})", op_symbol(*dpkg), op_symbol(o))),
            Err(e) => mismatches.push(format!("{a} {} {b}  (we refuse: {e})", op_symbol(*dpkg))),
        }
        match dpkg {
            Ordering::Less => less += 1,
            Ordering::Equal => equal += 1,
            Ordering::Greater => greater += 1,
        }
    }
    eprintln!(
        "dpkg differential: {} pairs checked ({less} <, {equal} =, {greater} >), {} mismatches, {:.1?}",
        pairs.len(),
        mismatches.len(),
        started.elapsed()
    );
    assert!(equal > 0 && less > 0 && greater > 0, "the generated pairs cover all three relations");
    assert!(
        mismatches.is_empty(),
        "{} of {} pairs differ from dpkg:\n{}",
        mismatches.len(),
        pairs.len(),
        mismatches.join("\n")
    );
}
