//! Alpine ordering against the apk-tools and osv-scalibr tables.

mod common;

use std::cmp::Ordering;

use airlock_version::ApkVersion;
use common::{Case, failures, read_table};

fn parse(s: &str) -> Result<ApkVersion, String> {
    s.parse().map_err(|e: airlock_version::ParseVersionError| e.to_string())
}

/// Lines of `osv-scalibr/alpine-versions.txt` that record apk-tools **3.x**
/// results for invalid versions. The file itself marks them ("on latest apk
/// these are X but on 3.x they're Y"), and the shared README confirms that
/// apk-tools 2.10, 2.12 and 2.14 (the `apk` of every Alpine image here) give
/// the opposite answer. This crate follows apk-tools 2.x, so for these lines
/// the test asserts the 2.x answer: the reverse of the table's.
const APK3_ONLY_LINES: [&str; 8] = [
    "1-r-0 < 1-r0",
    "1-r-1 < 1-r0",
    "0.r1 < 0r2",
    "0.8.21.r2 < 0.8.21r2",
    "1.2.0A < 1.2.0d",
    "1.2.0D < 1.2.0d",
    "1 > 1-ruff",
    "1-ruff2 = 1--ruff1",
];

/// The apk-tools 2.14.4 answer for an [`APK3_ONLY_LINES`] line.
fn apk2_answer(text: &str) -> Ordering {
    match text {
        "1-ruff2 = 1--ruff1" => Ordering::Less,
        "1 > 1-ruff" => Ordering::Less,
        _ => Ordering::Greater,
    }
}

fn check(relative: &str, expected_cases: usize) -> usize {
    let mut cases = read_table(relative);
    assert_eq!(cases.len(), expected_cases, "{relative}: comparison count (see fixtures/versions/README.md)");
    let mut adjusted = 0;
    for case in &mut cases {
        if relative.ends_with("alpine-versions.txt") && APK3_ONLY_LINES.contains(&case.text.as_str()) {
            case.expected = apk2_answer(&case.text);
            adjusted += 1;
        }
    }
    if relative.ends_with("alpine-versions.txt") {
        assert_eq!(adjusted, APK3_ONLY_LINES.len(), "every apk-3.x-only line is present in {relative}");
    }
    let failed = failures(&cases, parse);
    assert!(failed.is_empty(), "{} of {} lines fail:\n{}", failed.len(), cases.len(), failed.join("\n"));
    cases.len()
}

#[test]
fn apk_tools_version_data() {
    assert_eq!(check("apk-tools/version.data", 733), 733);
}

#[test]
fn osv_scalibr_alpine_versions() {
    assert_eq!(check("osv-scalibr/alpine-versions.txt", 778), 778);
}

#[test]
fn osv_scalibr_alpine_versions_generated() {
    assert_eq!(check("osv-scalibr/alpine-versions-generated.txt", 13_979), 13_979);
}

#[test]
fn version_data_keeps_its_comment_line_as_a_comparison() {
    let cases: Vec<Case> = read_table("apk-tools/version.data");
    let line = cases.iter().find(|c| c.left == "1.0" && c.right == "1.0bc");
    assert_eq!(line.map(|c| c.expected), Some(Ordering::Less));
}
