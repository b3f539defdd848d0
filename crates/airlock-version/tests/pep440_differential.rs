//! Differential test: our PEP 440 ordering against Python's `packaging`
//! (`packaging.version.Version`, Debian's python3-packaging) on generated
//! pairs, rejections included, plus the legacy versions of the PyPI tables.

mod common;

use airlock_version::Pep440Version;
use common::generate::Rng;
use common::oracle::{Answer, ask, available, differential, oracles_dir};
use common::schemes::{pairs, pep440_neighbour, pep440_version};

const PYTHON: &str = "/usr/bin/python3";

fn parse(s: &str) -> Result<Pep440Version, String> {
    s.parse::<Pep440Version>().map_err(|e| e.to_string())
}

fn script() -> String {
    oracles_dir().join("pep440_compare.py").to_string_lossy().into_owned()
}

fn require_packaging() {
    assert!(
        available(PYTHON, &["-c", "import packaging.version"]),
        "python3-packaging not found: run .ci/install.d/versions.sh (apt-get install python3-packaging)"
    );
}

#[test]
fn matches_packaging_version() {
    require_packaging();
    let pairs = pairs(&mut Rng::new(0x0e7a_0440), 12_000, pep440_version, pep440_neighbour);
    let t = differential("pep440", &pairs, (PYTHON, &[&script()]), parse, true);
    assert!(t.compared() >= 10_000);
    assert!(t.rejected > 100, "the generator also makes versions packaging rejects");
}

/// Every line of the PyPI tables we refuse to parse is one packaging
/// refuses too (the legacy versions the table test lists by count).
#[test]
fn legacy_table_versions_are_rejected_by_packaging_too() {
    require_packaging();
    let mut ours_rejected = Vec::new();
    for file in ["osv-scalibr/pypi-versions.txt", "osv-scalibr/pypi-versions-generated.txt"] {
        for case in common::read_table(file) {
            for side in [&case.left, &case.right] {
                if parse(side).is_err() {
                    ours_rejected.push((side.clone(), "1.0".to_string()));
                }
            }
        }
    }
    assert!(ours_rejected.len() >= 80, "the tables hold at least 80 legacy versions");
    let answers = ask(PYTHON, &[&script()], &ours_rejected);
    let accepted: Vec<&str> = ours_rejected
        .iter()
        .zip(&answers)
        .filter(|(_, a)| !matches!(a, Answer::Rejected { left: true, .. }))
        .map(|((v, _), _)| v.as_str())
        .collect();
    assert!(accepted.is_empty(), "packaging accepts versions we reject: {accepted:?}");
}
