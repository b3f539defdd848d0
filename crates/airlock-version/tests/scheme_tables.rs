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

/// Lines of the Maven tables (sorted upstream with a newer Maven) where
/// Maven 3.8.7's ComparableVersion, the one Debian ships and our oracle,
/// answers the other way; we follow 3.8.7. `maven_differential` runs every
/// table line through 3.8.7 and checks that these are exactly the lines
/// where it disagrees with the table, and that we agree with it on all.
const MAVEN_3_9_ONLY_LINES: [&str; 19] = [
    "1-1 = 1-ga-1",
    "1.0.0-RC16 < 1.0.0.RC8-beta",
    "1.0.0-gradle-rework-beta3 < 1.0.0.RC7-3",
    "2.9.0-1 < 2.9.0.RC1",
    "6.1.12.rc5 < 6.1.12rc1",
    "1.1.31.sec10 < 1.1.31_noneautotype",
    "1.1.34.sec10 < 1.1.34_noneautotype",
    "1.1.46.sec10 < 1.1.46_noneautotype",
    "1.2.8.sec10_noneautotype < 1.2.8_noneautotype",
    "1.2.31.sec10 < 1.2.31_noneautotype",
    "1.2.48.sec10 < 1.2.48_noneautotype",
    "1.2.50.sec10 < 1.2.50_noneautotype",
    "1.2.54.sec10 < 1.2.54_noneautotype",
    "1.2.57.sec10 < 1.2.57_noneautotype",
    "1.2.60.sec10 < 1.2.60_noneautotype",
    "1.2.67.sec10 < 1.2.67_noneautotype",
    "1.0.0rc0 < 1.0.beta8",
    "1.5.9.RC1 < 1.5.9-RC0",
    "1.1.0-01-glassfish < 1.1.0.Beta1",
];

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

/// Lines of the Packagist tables that are bare PHP `version_compare`
/// answers, where Composer normalises first (`1.0` is `1.0.0.0`, stability
/// words are case-insensitive, `stable` is the release), or that use `#`.
const PACKAGIST_NOT_COMPOSER: [&str; 7] = [
    // version_compare counts parts; Composer pads both to 1.0.0.0.
    "1.0.0 > 1.0",
    // `#` is php-src's "any number" marker: version_compare finds
    // `1.2.3.# = 1.2.3.1` and `= 1.2.3.2`, not an order; Composer rejects it.
    "1.2.3.# = 1.2.3",
    "1.2.3.# = 1.2.3.#",
    "1.2.3.# = 1.2.3.1",
    "1.2.3.#.1 > 1.2.3",
    "1.2.3.#.p3 > 1.2.3",
    "1.2.3.#.beta < 1.2.3",
];

/// Generated lines (sorted upstream with bare `version_compare`) that
/// Composer orders the other way: a padded release after its pre-release
/// (`v3.0` is `3.0.0.0` > `3.0.0.0-beta`), `ALPHA`/`BETA` read
/// case-insensitively, `-stable` as the release, `v4-beta4` as `4.0.0.0-beta4`.
const PACKAGIST_GENERATED_NOT_COMPOSER: [&str; 10] = [
    "v3.0 < v3.0.0-beta",
    "v3.4 < v3.4.0-alpha",
    "v4-beta4 < v4.0-alpha",
    "v1.9.0-ALPHA.1 = v1.9.0-BETA.1",
    "v1.9.0-BETA.1 < v1.9.0-ALPHA.2",
    "v1.9.0-ALPHA.2 = v1.9.0-BETA.2",
    "5.1.0-stable < 5.1.0-beta2",
    "v4.4 < v4.4.0-beta",
    "v6.5 < v6.5.0-beta-0",
    "v6.6 < v6.6.0-beta",
];

#[test]
fn osv_scalibr_packagist_versions() {
    let cases = read_table("osv-scalibr/packagist-versions.txt");
    assert_eq!(check::<ComposerVersion>(&cases, 95, &PACKAGIST_NOT_COMPOSER), 88);
    let cases = read_table("osv-scalibr/packagist-versions-generated.txt");
    assert_eq!(check::<ComposerVersion>(&cases, 10_630, &PACKAGIST_GENERATED_NOT_COMPOSER), 10_620);
}
