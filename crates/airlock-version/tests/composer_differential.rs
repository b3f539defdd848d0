//! Differential test: our Composer ordering against Composer's own
//! `VersionParser::normalize` + `Comparator` (Debian's php-composer-semver,
//! composer/semver 3.3) on generated pairs. Strings Composer refuses to
//! normalise are counted, not compared (we order them leniently).

mod common;

use airlock_version::ComposerVersion;
use common::generate::Rng;
use common::listed::{PACKAGIST_GENERATED_NOT_COMPOSER, PACKAGIST_NOT_COMPOSER};
use common::oracle::{available, differential, oracles_dir};
use common::schemes::{composer_neighbour, composer_version, pairs};

/// Whether Composer reads `v` as a branch (`dev-*`, `master`, ...).
fn is_branch(v: &str) -> bool {
    v.get(..4).is_some_and(|p| p.eq_ignore_ascii_case("dev-")) || matches!(v, "master" | "trunk" | "default")
}

const AUTOLOAD: &str = "/usr/share/php/Composer/Semver/autoload.php";

#[test]
fn matches_composer_comparator() {
    assert!(available("php", &["-v"]), "php not found: run .ci/install.d/versions.sh");
    assert!(std::path::Path::new(AUTOLOAD).is_file(), "composer/semver not found: run .ci/install.d/versions.sh");
    let script = oracles_dir().join("composer_compare.php").to_string_lossy().into_owned();
    // Two dev branches never order in Composer (only `==` on the same name).
    let pairs: Vec<(String, String)> = pairs(&mut Rng::new(0x0e7a_c0c0), 17_000, composer_version, composer_neighbour)
        .into_iter()
        .filter(|(a, b)| !(is_branch(a) && is_branch(b)))
        .collect();
    let t = differential(
        "composer",
        &pairs,
        ("php", &[&script]),
        |s| s.parse::<ComposerVersion>().map_err(|e| e.to_string()),
        false,
    );
    assert!(t.compared() >= 10_000);
}

/// Every line of the shared Packagist tables through Composer: wherever it
/// normalises both sides we agree with it, and each line `scheme_tables.rs`
/// lists as "not Composer" is one where Composer rejects a side or answers
/// otherwise than the table.
#[test]
fn table_lines_match_composer() {
    assert!(available("php", &["-v"]), "php not found: run .ci/install.d/versions.sh");
    let script = oracles_dir().join("composer_compare.php").to_string_lossy().into_owned();
    let cases: Vec<common::Case> =
        ["osv-scalibr/packagist-versions.txt", "osv-scalibr/packagist-versions-generated.txt"]
            .iter()
            .flat_map(|f| common::read_table(f))
            .filter(|c| !(is_branch(&c.left) && is_branch(&c.right)))
            .collect();
    let pairs: Vec<(String, String)> = cases.iter().map(|c| (c.left.clone(), c.right.clone())).collect();
    let t = differential(
        "composer (table lines)",
        &pairs,
        ("php", &[&script]),
        |s| s.parse::<ComposerVersion>().map_err(|e| e.to_string()),
        false,
    );
    assert!(t.compared() >= 10_000);
    let composer_differs: Vec<&str> = cases
        .iter()
        .zip(&t.answers)
        .filter(|(c, a)| **a != common::oracle::Answer::Order(c.expected))
        .map(|(c, _)| c.text.as_str())
        .collect();
    for listed in PACKAGIST_NOT_COMPOSER.iter().chain(&PACKAGIST_GENERATED_NOT_COMPOSER) {
        assert!(composer_differs.contains(listed), "{listed:?}: Composer agrees with the table");
    }
}
