//! Runs a comparison oracle (a real tool) once over a batch of pairs and
//! checks our ordering against its answers.

use std::cmp::Ordering;
use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Stdio};

use super::{op_symbol, parse_op};

/// One oracle answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Answer {
    /// The oracle ordered the pair.
    Order(Ordering),
    /// The oracle rejected the left and/or right version.
    Rejected { left: bool, right: bool },
}

/// The folder of the oracle programs (`tests/oracles/`).
pub fn oracles_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/oracles")
}

/// Whether `program args...` runs and exits 0 (to check an oracle is installed).
pub fn available(program: &str, args: &[&str]) -> bool {
    Command::new(program).args(args).stdout(Stdio::null()).stderr(Stdio::null()).status().is_ok_and(|s| s.success())
}

/// Feeds `A<TAB>B` lines to one run of `program args...` and reads one
/// answer per line: `<`, `=`, `>`, or `!` with `L`/`R` for rejected sides.
pub fn ask(program: &str, args: &[&str], pairs: &[(String, String)]) -> Vec<Answer> {
    let input: String = pairs.iter().map(|(a, b)| format!("{a}\t{b}\n")).collect();
    let mut child = Command::new(program)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot run {program}: {e}"));
    let mut stdin = child.stdin.take().expect("oracle stdin");
    let writer = std::thread::spawn(move || stdin.write_all(input.as_bytes()));
    let output = child.wait_with_output().expect("oracle output");
    writer.join().expect("writer thread").expect("write to oracle");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{program} {args:?} failed:\n{stderr}");
    let answers: Vec<Answer> = String::from_utf8_lossy(&output.stdout)
        .lines()
        .map(|l| match l.strip_prefix('!') {
            Some(sides) => Answer::Rejected { left: sides.contains('L'), right: sides.contains('R') },
            None => Answer::Order(parse_op(l).unwrap_or_else(|| panic!("unexpected oracle output {l:?}"))),
        })
        .collect();
    assert_eq!(answers.len(), pairs.len(), "one oracle answer per pair");
    answers
}

/// The outcome of checking our ordering against an oracle.
#[derive(Debug, Default)]
pub struct Tally {
    /// Pairs the oracle ordered, by relation: `<`, `=`, `>`.
    pub ordered: [usize; 3],
    /// Pairs the oracle rejected (at least one side).
    pub rejected: usize,
    /// One line per disagreement.
    pub mismatches: Vec<String>,
    /// The oracle's answers, one per pair.
    pub answers: Vec<Answer>,
}

impl Tally {
    /// Pairs the oracle ordered.
    pub fn compared(&self) -> usize {
        self.ordered.iter().sum()
    }
}

/// Compares our `parse`/`Ord` with the oracle's answers. A side the oracle
/// rejects must be rejected by us too when `strict_rejects` (else it is
/// only counted).
pub fn tally<V: Ord>(
    pairs: &[(String, String)],
    answers: &[Answer],
    parse: impl Fn(&str) -> Result<V, String>,
    strict_rejects: bool,
) -> Tally {
    let mut t = Tally { answers: answers.to_vec(), ..Tally::default() };
    for ((a, b), answer) in pairs.iter().zip(answers) {
        let (pa, pb) = (parse(a), parse(b));
        match *answer {
            Answer::Order(expected) => {
                let slot = match expected {
                    Ordering::Less => 0,
                    Ordering::Equal => 1,
                    Ordering::Greater => 2,
                };
                t.ordered[slot] += 1;
                match (pa, pb) {
                    (Ok(x), Ok(y)) if x.cmp(&y) == expected && y.cmp(&x) == expected.reverse() => {}
                    (Ok(x), Ok(y)) => {
                        t.mismatches.push(format!("{a} {} {b}  (we say {})", op_symbol(expected), op_symbol(x.cmp(&y))))
                    }
                    (Err(e), _) | (_, Err(e)) => {
                        t.mismatches.push(format!("{a} {} {b}  (we refuse: {e})", op_symbol(expected)));
                    }
                }
            }
            Answer::Rejected { left, right } => {
                t.rejected += 1;
                if strict_rejects {
                    for (rejected, ours, text) in [(left, pa.is_ok(), a), (right, pb.is_ok(), b)] {
                        if rejected && ours {
                            t.mismatches.push(format!("{text:?}: the oracle rejects it, we accept it"));
                        }
                    }
                }
            }
        }
    }
    t
}

/// Asks the oracle about `pairs`, compares, prints a summary line and fails
/// on any disagreement. Returns the tally for further checks.
#[expect(clippy::print_stderr, reason = "the test reports what it checked")]
pub fn differential<V: Ord>(
    name: &str,
    pairs: &[(String, String)],
    oracle: (&str, &[&str]),
    parse: impl Fn(&str) -> Result<V, String>,
    strict_rejects: bool,
) -> Tally {
    let started = std::time::Instant::now();
    let answers = ask(oracle.0, oracle.1, pairs);
    let t = tally(pairs, &answers, parse, strict_rejects);
    let [less, equal, greater] = t.ordered;
    eprintln!(
        "{name} differential: {} pairs, {} ordered by the oracle ({less} <, {equal} =, {greater} >), {} rejected, {} mismatches, {:.1?}",
        pairs.len(),
        t.compared(),
        t.rejected,
        t.mismatches.len(),
        started.elapsed()
    );
    assert!(less > 0 && equal > 0 && greater > 0, "{name}: the pairs cover all three relations");
    assert!(
        t.mismatches.is_empty(),
        "{name}: {} of {} pairs differ from the oracle:\n{}",
        t.mismatches.len(),
        pairs.len(),
        t.mismatches.iter().take(60).cloned().collect::<Vec<_>>().join("\n")
    );
    t
}
