//! Differential test: our Composer ordering against Composer's own
//! `VersionParser::normalize` + `Comparator` (Debian's php-composer-semver,
//! composer/semver 3.3) on generated pairs. Strings Composer refuses to
//! normalise are counted, not compared (we order them leniently).

mod common;

use airlock_version::ComposerVersion;
use common::generate::Rng;
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
