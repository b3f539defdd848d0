//! Differential test: our rpm ordering against rpm's own `rpm.labelCompare`
//! (Debian's python3-rpm, rpm 4.18) on generated EVR pairs.

mod common;

use airlock_version::RpmVersion;
use common::generate::Rng;
use common::oracle::{available, differential, oracles_dir};
use common::schemes::{pairs, rpm_neighbour, rpm_version};

const PYTHON: &str = "/usr/bin/python3";

fn parse(s: &str) -> Result<RpmVersion, String> {
    s.parse::<RpmVersion>().map_err(|e| e.to_string())
}

fn oracle_script() -> String {
    assert!(
        available(PYTHON, &["-c", "import rpm"]),
        "python3-rpm not found: run .ci/install.d/versions.sh (apt-get install python3-rpm)"
    );
    oracles_dir().join("rpm_compare.py").to_string_lossy().into_owned()
}

#[test]
fn matches_rpm_label_compare() {
    let script = oracle_script();
    let pairs = pairs(&mut Rng::new(0x0e7a_0001), 12_000, rpm_version, rpm_neighbour);
    let t = differential("rpm", &pairs, (PYTHON, &[&script]), parse, true);
    assert!(t.compared() >= 10_000);
}

/// The lines of the rpm tables whose epochs are numeric or absent (so rpm's
/// own EVR split applies), through rpm: we agree with it on every one.
#[test]
fn table_lines_match_rpm_label_compare() {
    let script = oracle_script();
    let numeric_epoch = |v: &str| v.split_once(':').is_none_or(|(e, _)| e.bytes().all(|b| b.is_ascii_digit()));
    let cases: Vec<common::Case> = common::read_table("osv-scalibr/redhat-versions.txt")
        .into_iter()
        .chain(common::read_claircore_table("claircore/rpmvercmp"))
        .filter(|c| numeric_epoch(&c.left) && numeric_epoch(&c.right))
        .collect();
    let pairs: Vec<(String, String)> = cases.iter().map(|c| (c.left.clone(), c.right.clone())).collect();
    let t = differential("rpm (table lines)", &pairs, (PYTHON, &[&script]), parse, true);
    assert!(t.compared() >= 200, "most table lines have numeric epochs");
}
