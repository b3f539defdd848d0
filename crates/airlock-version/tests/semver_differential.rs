//! Differential test: our SemVer ordering against npm's `semver` package
//! (`semver.compare` under node, tools/package.json) on generated pairs. The
//! same pairs check the Go type, whose precedence is SemVer's for the
//! versions both accept (x/mod/semver and npm agree there).

mod common;

use airlock_version::{GoVersion, SemverVersion};
use common::generate::Rng;
use common::oracle::{available, differential, oracles_dir};
use common::schemes::{pairs, semver_neighbour, semver_version};

fn node_oracle_ready() -> String {
    let script = oracles_dir().join("semver_compare.js");
    let module = oracles_dir().join("../../../../tools/node_modules/semver/package.json");
    assert!(available("node", &["--version"]), "node not found: run .ci/install.d/versions.sh");
    assert!(module.is_file(), "npm's semver not installed: run .ci/install.d/versions.sh (npm ci in tools/)");
    script.to_string_lossy().into_owned()
}

#[test]
fn matches_npm_semver_compare() {
    let script = node_oracle_ready();
    let pairs = pairs(&mut Rng::new(0x0e7a_5e4e), 12_000, semver_version, semver_neighbour);
    let t = differential(
        "semver",
        &pairs,
        ("node", &[&script]),
        |s| s.parse::<SemverVersion>().map_err(|e| e.to_string()),
        false,
    );
    assert!(t.compared() >= 10_000);
}

#[test]
fn go_versions_match_npm_semver_compare() {
    let script = node_oracle_ready();
    let with_v = |(a, b): (String, String)| {
        let v = |s: String| if s.starts_with('v') { s } else { format!("v{s}") };
        (v(a), v(b))
    };
    let pairs: Vec<(String, String)> =
        pairs(&mut Rng::new(0x0e7a_0600), 12_000, semver_version, semver_neighbour).into_iter().map(with_v).collect();
    let t = differential(
        "go (vs npm semver)",
        &pairs,
        ("node", &[&script]),
        |s| s.parse::<GoVersion>().map_err(|e| e.to_string()),
        false,
    );
    assert!(t.compared() >= 10_000);
}
