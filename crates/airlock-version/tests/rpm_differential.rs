//! Differential test: our rpm ordering against rpm's own `rpm.labelCompare`
//! (Debian's python3-rpm, rpm 4.18) on generated EVR pairs.

mod common;

use airlock_version::RpmVersion;
use common::generate::Rng;
use common::oracle::{available, differential, oracles_dir};
use common::schemes::{pairs, rpm_neighbour, rpm_version};

const PYTHON: &str = "/usr/bin/python3";

#[test]
fn matches_rpm_label_compare() {
    assert!(
        available(PYTHON, &["-c", "import rpm"]),
        "python3-rpm not found: run .ci/install.d/versions.sh (apt-get install python3-rpm)"
    );
    let pairs = pairs(&mut Rng::new(0x0e7a_0001), 12_000, rpm_version, rpm_neighbour);
    let script = oracles_dir().join("rpm_compare.py");
    let script = script.to_str().expect("utf-8 path");
    let t = differential("rpm", &pairs, (PYTHON, &[script]), |s| s.parse::<RpmVersion>().map_err(|e| e.to_string()), true);
    assert!(t.compared() >= 10_000);
}
