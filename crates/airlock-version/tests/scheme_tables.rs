//! Table tests for rpm, PEP 440, SemVer, Go, Maven, RubyGems, NuGet and
//! Composer: one comparison per line from `fixtures/versions/` (osv-scalibr
//! and claircore tables, see that folder's README). Every line passes, or is
//! listed below with the reason it is not asserted as written.

mod common;

use std::str::FromStr;

use airlock_version::{
    ComposerVersion, GemVersion, GoVersion, MavenVersion, NuGetVersion, ParseVersionError, Pep440Version, RpmVersion,
    SemverVersion,
};
use common::listed::{MAVEN_3_9_ONLY_LINES, PACKAGIST_GENERATED_NOT_COMPOSER, PACKAGIST_NOT_COMPOSER};
use common::{Case, failures, read_claircore_table, read_table};

fn parse<V: FromStr<Err = ParseVersionError>>(s: &str) -> Result<V, String> {
    s.parse().map_err(|e: ParseVersionError| e.to_string())
}

/// Checks `cases` with `V`: the lines whose text is in `exceptions` must
/// fail (so each list stays exact) and every other line must pass.
/// Returns the number of lines that passed.
fn check<V: FromStr<Err = ParseVersionError> + Ord + std::hash::Hash>(
    cases: &[Case],
    expected_cases: usize,
    exceptions: &[&str],
) -> usize {
    let file = cases.first().map(|c| c.file.clone()).unwrap_or_default();
    assert_eq!(cases.len(), expected_cases, "{file}: comparison count (see fixtures/versions/README.md)");
    let (listed, asserted): (Vec<Case>, Vec<Case>) =
        cases.iter().cloned().partition(|c| exceptions.contains(&c.text.as_str()));
    let failed = failures(&asserted, parse::<V>);
    assert!(failed.is_empty(), "{} of {} lines fail:\n{}", failed.len(), cases.len(), failed.join("\n"));
    let listed_but_passing: Vec<&str> = listed
        .iter()
        .filter(|c| failures(std::slice::from_ref(*c), parse::<V>).is_empty())
        .map(|c| c.text.as_str())
        .collect();
    assert!(listed_but_passing.is_empty(), "{file}: listed lines now pass, drop them: {listed_but_passing:?}");
    assert_eq!(listed.len(), exceptions.len(), "{file}: every listed line is in the table");
    asserted.len()
}

/// The lines of a table where one side is not a valid version of the scheme.
fn unparsable<V: FromStr<Err = ParseVersionError>>(cases: &[Case]) -> Vec<&str> {
    cases
        .iter()
        .filter(|c| c.left.parse::<V>().is_err() || c.right.parse::<V>().is_err())
        .map(|c| c.text.as_str())
        .collect()
}

// ---- rpm -------------------------------------------------------------------

#[test]
fn claircore_rpmvercmp() {
    // Checked against rpm 4.18's rpm.vercmp by the shared README: 113/113.
    let cases = read_claircore_table("claircore/rpmvercmp");
    assert_eq!(check::<RpmVersion>(&cases, 113, &[]), 113);
}

/// `+2-: > +1-:` has an empty version after its (non-numeric) epoch;
/// `rpm.labelCompare` refuses an empty version ("invalid version") and so
/// do we (the rpm differential test checks the refusal).
#[test]
fn osv_scalibr_redhat_versions() {
    let cases = read_table("osv-scalibr/redhat-versions.txt");
    assert_eq!(check::<RpmVersion>(&cases, 165, &["+2-: > +1-:"]), 164);
}

/// `claircore/compare` holds full NEVRAs (`name-E:V-R.arch`); `RpmVersion`
/// is an EVR, so the two lines whose answer depends on the package name
/// being split off are not asserted (the rest hold as EVR comparisons).
const CLAIRCORE_NEVRA_LINES: [&str; 2] =
    ["fonts-filesystem-0:2.0.5-12.fc39.noarch == fonts-filesystem-2.0.5-12.fc39.noarch", "a-1-1       > 1-1"];

#[test]
fn claircore_compare_evr_lines() {
    let cases = read_claircore_table("claircore/compare");
    assert_eq!(check::<RpmVersion>(&cases, 12, &CLAIRCORE_NEVRA_LINES), 10);
}

// ---- PEP 440 ---------------------------------------------------------------

/// The PyPI tables hold legacy, non-PEP 440 versions (`0.1-bulbasaur`,
/// `-class.-jw.util.version.version-pre`); `packaging` ≥ 22 rejects them and
/// so do we (the pep440 differential test checks that packaging rejects
/// every one). These are the counts the shared README gives: 11 + 69.
#[test]
fn osv_scalibr_pypi_versions() {
    for (file, total, legacy) in
        [("osv-scalibr/pypi-versions.txt", 37, 11), ("osv-scalibr/pypi-versions-generated.txt", 12_375, 69)]
    {
        let cases = read_table(file);
        let rejected = unparsable::<Pep440Version>(&cases);
        assert_eq!(rejected.len(), legacy, "{file}: legacy lines");
        assert_eq!(check::<Pep440Version>(&cases, total, &rejected), total - legacy);
    }
}

// ---- SemVer and Go ---------------------------------------------------------

#[test]
fn osv_scalibr_semver_versions() {
    let cases = read_table("osv-scalibr/semver-versions.txt");
    assert_eq!(check::<SemverVersion>(&cases, 86, &[]), 86);
}

/// The shared semver table as Go versions: `1.1.3.4.5` is not a Go version
/// (x/mod/semver rejects a fourth number), every other line holds.
#[test]
fn osv_scalibr_semver_versions_as_go() {
    let cases = read_table("osv-scalibr/semver-versions.txt");
    assert_eq!(check::<GoVersion>(&cases, 86, &["1.1.3.4.5 = 1.1.3.4.5"]), 85);
}

// ---- Maven -----------------------------------------------------------------

#[test]
fn osv_scalibr_maven_versions() {
    let cases = read_table("osv-scalibr/maven-versions.txt");
    assert_eq!(check::<MavenVersion>(&cases, 102, &MAVEN_3_9_ONLY_LINES[..1]), 101);
    let cases = read_table("osv-scalibr/maven-versions-generated.txt");
    assert_eq!(check::<MavenVersion>(&cases, 14_752, &MAVEN_3_9_ONLY_LINES[1..]), 14_734);
}

// ---- RubyGems --------------------------------------------------------------

/// `1beta` and `1gamma` do not match `Gem::Version`'s pattern (letters must
/// follow a `.`), so `Gem::Version.new` raises on them and we reject them.
#[test]
fn osv_scalibr_rubygems_versions() {
    let cases = read_table("osv-scalibr/rubygems-versions.txt");
    assert_eq!(check::<GemVersion>(&cases, 25, &["1 > 1beta", "1 > 1gamma"]), 23);
    let cases = read_table("osv-scalibr/rubygems-versions-generated.txt");
    assert_eq!(check::<GemVersion>(&cases, 4_098, &[]), 4_098);
}

// ---- NuGet -----------------------------------------------------------------

#[test]
fn osv_scalibr_nuget_versions() {
    let cases = read_table("osv-scalibr/nuget-versions.txt");
    assert_eq!(check::<NuGetVersion>(&cases, 35, &[]), 35);
}

// ---- Composer --------------------------------------------------------------

#[test]
fn osv_scalibr_packagist_versions() {
    let cases = read_table("osv-scalibr/packagist-versions.txt");
    assert_eq!(check::<ComposerVersion>(&cases, 95, &PACKAGIST_NOT_COMPOSER), 88);
    let cases = read_table("osv-scalibr/packagist-versions-generated.txt");
    assert_eq!(check::<ComposerVersion>(&cases, 10_630, &PACKAGIST_GENERATED_NOT_COMPOSER), 10_620);
}
