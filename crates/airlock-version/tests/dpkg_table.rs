//! Debian ordering against the osv-scalibr tables (checked upstream with
//! `dpkg --compare-versions`).

mod common;

use airlock_version::DpkgVersion;
use common::{failures, read_table};

fn parse(s: &str) -> Result<DpkgVersion, String> {
    s.parse().map_err(|e: airlock_version::ParseVersionError| e.to_string())
}

fn check(relative: &str, expected_cases: usize) {
    let cases = read_table(relative);
    assert_eq!(cases.len(), expected_cases, "{relative}: comparison count (see fixtures/versions/README.md)");
    let failed = failures(&cases, parse);
    assert!(failed.is_empty(), "{} of {} lines fail:\n{}", failed.len(), cases.len(), failed.join("\n"));
}

#[test]
fn osv_scalibr_debian_versions() {
    check("osv-scalibr/debian-versions.txt", 30);
}

#[test]
fn osv_scalibr_debian_versions_generated() {
    check("osv-scalibr/debian-versions-generated.txt", 14_442);
}
