//! Order laws on generated versions: antisymmetry, transitivity (checked as
//! "sorting yields a sequence in which every earlier item is <= every later
//! one"), and equal versions hashing alike.

mod common;

use std::cmp::Ordering;
use std::fmt::Debug;
use std::hash::Hash;

use airlock_version::{ApkVersion, DpkgVersion};
use common::generate::{Rng, apk_version, dpkg_clean, dpkg_neighbour, dpkg_version};
use common::hash_of;

/// Checks the laws on `items`, returning one line per violation.
fn violations<V: Ord + Hash + Debug>(mut items: Vec<V>) -> Vec<String> {
    let mut found = Vec::new();
    for a in &items {
        for b in &items {
            let (ab, ba) = (a.cmp(b), b.cmp(a));
            if ab != ba.reverse() {
                found.push(format!("not antisymmetric: {a:?} vs {b:?}: {ab:?} / {ba:?}"));
            }
            if ab == Ordering::Equal && (a != b || hash_of(a) != hash_of(b)) {
                found.push(format!("equal but not == or hashing apart: {a:?} {b:?}"));
            }
        }
    }
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
