//! Helpers shared by the integration tests: locating the shared fixtures and
//! reading `A OP B` comparison tables.

#![allow(dead_code, unreachable_pub)]

pub mod generate;
pub mod listed;
pub mod oracle;
pub mod schemes;

use std::cmp::Ordering;
use std::path::{Path, PathBuf};

/// The shared data folder: `$AIRLOCK_SHARED`, else `../shared` next to the
/// workspace. Panics (fails the test) when it is missing.
pub fn shared_dir() -> PathBuf {
    let dir = std::env::var_os("AIRLOCK_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared"));
    assert!(
        dir.join("fixtures/versions").is_dir(),
        "shared fixtures not found at {} (set AIRLOCK_SHARED to the shared data folder)",
        dir.display()
    );
    dir
}

/// A version table file under `fixtures/versions/`.
pub fn versions_file(relative: &str) -> PathBuf {
    shared_dir().join("fixtures/versions").join(relative)
}

/// One comparison from a table: `left op right`, from `file:line`.
#[derive(Debug, Clone)]
pub struct Case {
    pub file: String,
    pub line: usize,
    pub left: String,
    pub right: String,
    pub expected: Ordering,
    pub text: String,
}

/// Checks every case with `cmp` (and the reversed case), returning one
/// description per failing line.
pub fn failures<V: Ord + std::hash::Hash>(cases: &[Case], parse: impl Fn(&str) -> Result<V, String>) -> Vec<String> {
    let mut failed = Vec::new();
    for case in cases {
        let where_ = format!("{}:{}: {}", case.file, case.line, case.text);
        let (left, right) = match (parse(&case.left), parse(&case.right)) {
            (Ok(l), Ok(r)) => (l, r),
            (Err(e), _) | (_, Err(e)) => {
                failed.push(format!("{where_}  (parse error: {e})"));
                continue;
            }
        };
        let forward = left.cmp(&right);
        let backward = right.cmp(&left);
        if forward != case.expected {
            failed.push(format!("{where_}  (got {})", op_symbol(forward)));
        } else if backward != case.expected.reverse() {
            failed.push(format!("{where_}  (reverse got {})", op_symbol(backward)));
        } else if forward == Ordering::Equal && hash_of(&left) != hash_of(&right) {
            failed.push(format!("{where_}  (equal but hashes differ)"));
        }
    }
    failed
}

/// The `DefaultHasher` hash of a value.
pub fn hash_of<V: std::hash::Hash>(v: &V) -> u64 {
    use std::hash::{DefaultHasher, Hasher};
    let mut h = DefaultHasher::new();
    v.hash(&mut h);
    h.finish()
}

/// Parses a relation symbol (`<`, `>`, `=`, `==`).
pub fn parse_op(op: &str) -> Option<Ordering> {
    match op {
        "<" => Some(Ordering::Less),
        ">" => Some(Ordering::Greater),
        "=" | "==" => Some(Ordering::Equal),
        _ => None,
    }
}

/// The relation symbol of an ordering.
pub fn op_symbol(o: Ordering) -> &'static str {
    match o {
        Ordering::Less => "<",
        Ordering::Equal => "=",
        Ordering::Greater => ">",
    }
}

/// Reads a table of `A OP B` lines. Empty lines and lines starting with `# `
/// or `// ` are skipped; anything after a tab is a comment. Panics on a line
/// that does not have that shape, naming file and line.
pub fn read_table(relative: &str) -> Vec<Case> {
    read_table_with(relative, |line| line.split(' ').collect())
}

/// Reads a claircore table: `A OP B` separated by runs of spaces, `#` lines
/// and blank lines skipped.
pub fn read_claircore_table(relative: &str) -> Vec<Case> {
    read_table_with(relative, |line| if line.starts_with('#') { Vec::new() } else { line.split_whitespace().collect() })
}

/// Reads a table, splitting each kept line with `split` (an empty split skips it).
fn read_table_with(relative: &str, split: impl Fn(&str) -> Vec<&str>) -> Vec<Case> {
    let path = versions_file(relative);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    let mut cases = Vec::new();
    for (index, raw_line) in text.lines().enumerate() {
        let line = raw_line.split('\t').next().unwrap_or_default();
        if line.is_empty() || line.starts_with("# ") || line.starts_with("// ") {
            continue;
        }
        let parts = split(line);
        if parts.is_empty() {
            continue;
        }
        let [left, op, right] = parts.as_slice() else {
            panic!("{}:{}: expected `A OP B`, got {raw_line:?}", path.display(), index + 1);
        };
        let expected =
            parse_op(op).unwrap_or_else(|| panic!("{}:{}: unknown operator {op:?}", path.display(), index + 1));
        cases.push(Case {
            file: relative.to_string(),
            line: index + 1,
            left: left.to_string(),
            right: right.to_string(),
            expected,
            text: line.to_string(),
        });
    }
    assert!(!cases.is_empty(), "{} has no comparisons", path.display());
    cases
}
