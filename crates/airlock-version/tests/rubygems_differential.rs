//! Differential test: our RubyGems ordering against `Gem::Version#<=>`
//! (Debian's ruby, RubyGems 3.3) on generated pairs, rejections included.

mod common;

use airlock_version::GemVersion;
use common::generate::Rng;
use common::oracle::{available, differential, oracles_dir};
use common::schemes::{gem_neighbour, gem_version, pairs};

#[test]
fn matches_gem_version() {
    assert!(available("ruby", &["-e", "require 'rubygems'"]), "ruby not found: run .ci/install.d/versions.sh");
    let script = oracles_dir().join("gem_compare.rb").to_string_lossy().into_owned();
    let pairs = pairs(&mut Rng::new(0x0e7a_9e35), 12_000, gem_version, gem_neighbour);
    let t = differential(
        "rubygems",
        &pairs,
        ("ruby", &[&script]),
        |s| s.parse::<GemVersion>().map_err(|e| e.to_string()),
        true,
    );
    assert!(t.compared() >= 10_000);
}

/// The two table lines we list as malformed (`1beta`, `1gamma`) are
/// rejected by RubyGems itself.
#[test]
fn listed_table_versions_are_rejected_by_rubygems() {
    assert!(available("ruby", &["-e", "require 'rubygems'"]), "ruby not found: run .ci/install.d/versions.sh");
    let script = oracles_dir().join("gem_compare.rb").to_string_lossy().into_owned();
    let pairs = [("1beta".to_string(), "1".to_string()), ("1gamma".to_string(), "1".to_string())];
    let answers = common::oracle::ask("ruby", &[&script], &pairs);
    assert!(answers.iter().all(|a| *a == common::oracle::Answer::Rejected { left: true, right: false }));
}
