//! Order laws on generated versions: antisymmetry, transitivity (checked as
//! "sorting yields a sequence in which every earlier item is <= every later
//! one"), and equal versions hashing alike.

mod common;

use std::cmp::Ordering;
use std::fmt::Debug;
use std::hash::Hash;

use std::str::FromStr;

use airlock_version::{
    ApkVersion, ComposerVersion, DpkgVersion, GemVersion, GoVersion, MavenVersion, NuGetVersion, ParseVersionError,
    Pep440Version, RpmVersion, SemverVersion, Version, VersionScheme,
};
use common::generate::{Rng, apk_version, dpkg_clean, dpkg_neighbour, dpkg_version};
use common::hash_of;
use common::schemes;

/// Checks the laws on `items`, returning one line per violation.
fn violations<V: Ord + Hash + Debug>(mut items: Vec<V>) -> Vec<String> {
    let mut found = pairwise_violations(&items);
    items.sort();
    for (i, a) in items.iter().enumerate() {
        for b in items.iter().skip(i + 1) {
            if a.cmp(b) == Ordering::Greater {
                found.push(format!("not transitive: sorted {a:?} before {b:?}"));
            }
        }
    }
    found
}

/// Antisymmetry, and equal values being `==` and hashing alike.
fn pairwise_violations<V: Ord + Hash + Debug>(items: &[V]) -> Vec<String> {
    let mut found = Vec::new();
    for a in items {
        for b in items {
            let (ab, ba) = (a.cmp(b), b.cmp(a));
            if ab != ba.reverse() {
                found.push(format!("not antisymmetric: {a:?} vs {b:?}: {ab:?} / {ba:?}"));
            }
            if ab == Ordering::Equal && (a != b || hash_of(a) != hash_of(b)) {
                found.push(format!("equal but not == or hashing apart: {a:?} {b:?}"));
            }
        }
    }
    found
}

#[test]
fn dpkg_order_is_total() {
    let mut rng = Rng::new(0xd9c6_0001);
    let mut raw = Vec::new();
    while raw.len() < 600 {
        let v = dpkg_version(&mut rng);
        let near = dpkg_neighbour(&mut rng, &v);
        raw.extend([v, near].into_iter().filter(|s| dpkg_clean(s)));
    }
    let items: Vec<DpkgVersion> = raw.iter().filter_map(|s| s.parse().ok()).collect();
    assert_eq!(items.len(), raw.len(), "all generated dpkg versions parse");
    let found = violations(items);
    assert!(found.is_empty(), "{} violations:\n{}", found.len(), found.join("\n"));
}

#[test]
fn apk_order_is_total_even_for_invalid_versions() {
    let mut rng = Rng::new(0xa9c0_0002);
    let raw: Vec<String> = (0..600).map(|_| apk_version(&mut rng)).collect();
    let items: Vec<ApkVersion> = raw.iter().filter_map(|s| s.parse().ok()).collect();
    assert_eq!(items.len(), raw.len(), "all generated apk versions parse");
    assert!(items.iter().any(|v| !v.is_valid()), "the set includes invalid versions");
    let found = violations(items);
    assert!(found.is_empty(), "{} violations:\n{}", found.len(), found.join("\n"));
}

/// 300 generated versions and a close neighbour of each, parsed as `V`
/// (those `V` rejects dropped; at least half must parse).
fn sample<V: FromStr<Err = ParseVersionError>>(
    seed: u64,
    make: impl Fn(&mut Rng) -> String,
    near: impl Fn(&mut Rng, &str) -> String,
) -> Vec<V> {
    let mut rng = Rng::new(seed);
    let mut raw = Vec::new();
    while raw.len() < 600 {
        let v = make(&mut rng);
        let n = near(&mut rng, &v);
        raw.extend([v, n]);
    }
    let items: Vec<V> = raw.iter().filter_map(|s| s.parse().ok()).collect();
    assert!(items.len() * 2 >= raw.len(), "only {} of {} generated versions parse", items.len(), raw.len());
    items
}

fn assert_total<V: Ord + Hash + Debug>(items: Vec<V>) {
    let found = violations(items);
    assert!(found.is_empty(), "{} violations:\n{}", found.len(), found.join("\n"));
}

#[test]
fn rpm_order_is_total() {
    assert_total(sample::<RpmVersion>(0x0e7a_1001, schemes::rpm_version, schemes::rpm_neighbour));
}

#[test]
fn pep440_order_is_total() {
    assert_total(sample::<Pep440Version>(0x0e7a_1002, schemes::pep440_version, schemes::pep440_neighbour));
}

#[test]
fn semver_order_is_total() {
    assert_total(sample::<SemverVersion>(0x0e7a_1003, schemes::semver_version, schemes::semver_neighbour));
}

/// Maven 3.8.7's ComparableVersion is not transitive when a qualifier sits
/// between dots: its own answers are `1 < 1.sp.1 < 1-rc < 1` (checked with
/// its `main`), and we give the same answers. So all generated versions get
/// the antisymmetry and hash laws, and transitivity is checked on the usual
/// shapes: numbers and dots with at most one trailing qualifier.
#[test]
fn maven_order_is_antisymmetric_and_transitive_on_usual_versions() {
    let all = sample::<MavenVersion>(0x0e7a_1004, schemes::maven_version, schemes::maven_neighbour);
    let found = pairwise_violations(&all);
    assert!(found.is_empty(), "{} violations:\n{}", found.len(), found.join("\n"));

    let v = |s: &str| s.parse::<MavenVersion>().unwrap_or_else(|e| panic!("{e}"));
    assert!(v("1") < v("1.sp.1") && v("1.sp.1") < v("1-rc") && v("1-rc") < v("1"), "Maven 3.8.7's cycle");

    let mut rng = Rng::new(0x0e7a_1014);
    let mut raw: Vec<String> = Vec::new();
    while raw.len() < 600 {
        let mut s = (0..1 + rng.below(4)).map(|_| common::generate::number(&mut rng)).collect::<Vec<_>>().join(".");
        if rng.chance(50) {
            s.push_str(rng.pick(&["-", "."]));
            s.push_str(rng.pick(&[
                "alpha", "beta1", "M2", "rc", "RC3", "SNAPSHOT", "RELEASE", "Final", "sp", "sp2", "jre", "android",
                "ga", "cr1",
            ]));
        }
        raw.push(s);
    }
    assert_total(raw.iter().map(|s| v(s)).collect());
}

#[test]
fn go_order_is_total() {
    assert_total(sample::<GoVersion>(0x0e7a_1005, schemes::go_version, schemes::go_neighbour));
}

#[test]
fn rubygems_order_is_total() {
    assert_total(sample::<GemVersion>(0x0e7a_1006, schemes::gem_version, schemes::gem_neighbour));
}

#[test]
fn nuget_order_is_total() {
    assert_total(sample::<NuGetVersion>(0x0e7a_1007, schemes::nuget_version, schemes::nuget_neighbour));
}

#[test]
fn composer_order_is_total() {
    assert_total(sample::<ComposerVersion>(0x0e7a_1008, schemes::composer_version, schemes::composer_neighbour));
}

/// Through the scheme-tagged wrapper: every scheme orders its own versions
/// and refuses to compare with any other scheme.
#[test]
fn every_scheme_pair_other_than_itself_is_an_error() {
    let samples = [
        (VersionScheme::Dpkg, "1.0-1"),
        (VersionScheme::Apk, "1.0-r0"),
        (VersionScheme::Rpm, "1.0-1.el9"),
        (VersionScheme::Pep440, "1.0"),
        (VersionScheme::Semver, "1.0.0"),
        (VersionScheme::Go, "v1.0.0"),
        (VersionScheme::Maven, "1.0"),
        (VersionScheme::RubyGems, "1.0"),
        (VersionScheme::NuGet, "1.0"),
        (VersionScheme::Composer, "1.0"),
    ];
    let versions: Vec<Version> =
        samples.iter().map(|(s, raw)| Version::parse(*s, raw).unwrap_or_else(|e| panic!("{e}"))).collect();
    for a in &versions {
        for b in &versions {
            let result = a.try_cmp(b);
            if a.scheme() == b.scheme() {
                assert_eq!(result, Ok(Ordering::Equal), "{a} vs itself");
            } else {
                assert!(result.is_err(), "{} {a} vs {} {b} must not compare", a.scheme(), b.scheme());
            }
        }
    }
}

/// Arbitrary text (ASCII punctuation, letters, digits, multi-byte
/// characters) never makes a parser panic, and whatever parses compares
/// with itself as equal.
#[test]
fn parsing_arbitrary_text_never_panics() {
    let alphabet: Vec<char> = "0123456789.-_+~^:!*#@ ,abcrvxzVSNAPSHOTαβé€\u{0}\t".chars().collect();
    let schemes = [
        VersionScheme::Dpkg,
        VersionScheme::Apk,
        VersionScheme::Rpm,
        VersionScheme::Pep440,
        VersionScheme::Semver,
        VersionScheme::Go,
        VersionScheme::Maven,
        VersionScheme::RubyGems,
        VersionScheme::NuGet,
        VersionScheme::Composer,
    ];
    let mut rng = Rng::new(0x0e7a_f022);
    let mut parsed = 0;
    for _ in 0..20_000 {
        let len = rng.below(14);
        let text: String = (0..len).map(|_| alphabet[rng.below(alphabet.len())]).collect();
        for scheme in schemes {
            if let Ok(v) = Version::parse(scheme, &text) {
                parsed += 1;
                assert_eq!(v.try_cmp(&v), Ok(Ordering::Equal), "{scheme} {text:?}");
            }
        }
    }
    assert!(parsed > 1_000, "some arbitrary strings parse ({parsed})");
}
