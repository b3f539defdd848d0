//! Accumulates advisories and affected entries from all sources, deduplicating
//! advisories by id, then sorts everything into a deterministic snapshot.

use std::collections::{BTreeMap, HashMap};

use airlock_types::AdvisoryId;

use crate::{Advisory, Affected, DistroState, PackageKey};

/// Advisories by id and affected entries by package, while a build runs.
#[derive(Debug, Default)]
pub(crate) struct Collector {
    index: HashMap<AdvisoryId, u32>,
    advisories: Vec<Advisory>,
    affected: BTreeMap<PackageKey, Vec<Affected>>,
}

impl Collector {
    /// Adds an advisory or, if its id is known, fills the known one's missing
    /// fields from it. Returns its index.
    pub(crate) fn advisory(&mut self, advisory: Advisory) -> u32 {
        match self.index.get(&advisory.id) {
            Some(&i) => {
                if let Some(known) = self.advisories.get_mut(i as usize) {
                    merge_advisory(known, advisory);
                }
                i
            }
            None => self.push(advisory),
        }
    }

    /// The index of the advisory `id`, creating a bare one if it is new.
    pub(crate) fn advisory_id(&mut self, id: &str) -> u32 {
        let id = AdvisoryId::new(id);
        match self.index.get(&id) {
            Some(&i) => i,
            None => self.push(Advisory {
                id,
                aliases: Vec::new(),
                related: Vec::new(),
                summary: None,
                published: None,
                cvss: Vec::new(),
            }),
        }
    }

    /// Whether an advisory with this id is known.
    pub(crate) fn contains(&self, id: &str) -> bool {
        self.index.contains_key(&AdvisoryId::new(id))
    }

    /// Adds an affected entry; a second entry for the same (package, advisory)
    /// is merged into the first (ranges united, the more severe state kept);
    /// returns whether that happened.
    pub(crate) fn add(&mut self, key: PackageKey, entry: Affected) -> bool {
        let entries = self.affected.entry(key).or_default();
        match entries.iter_mut().find(|e| e.advisory == entry.advisory) {
            Some(known) => {
                for range in entry.ranges {
                    if !known.ranges.contains(&range) {
                        known.ranges.push(range);
                    }
                }
                known.state = stronger(known.state, entry.state);
                if known.urgency.is_none() {
                    known.urgency = entry.urgency;
                }
                true
            }
            None => {
                entries.push(entry);
                false
            }
        }
    }

    /// Affected entries so far.
    #[cfg(test)]
    pub(crate) fn affected_count(&self) -> u64 {
        self.affected.values().map(|v| v.len() as u64).sum()
    }

    /// Drops advisories no entry refers to, sorts advisories by id and each
    /// package's entries by advisory, and renumbers the indices.
    pub(crate) fn finish(self) -> (Vec<Advisory>, BTreeMap<PackageKey, Vec<Affected>>) {
        let Self { advisories, mut affected, .. } = self;
        let mut used = vec![false; advisories.len()];
        for entry in affected.values().flatten() {
            if let Some(u) = used.get_mut(entry.advisory as usize) {
                *u = true;
            }
        }
        let mut kept: Vec<(u32, Advisory)> = advisories
            .into_iter()
            .zip(0u32..)
            .filter(|(_, old)| used.get(*old as usize).copied().unwrap_or(false))
            .map(|(a, old)| (old, a))
            .collect();
        kept.sort_by(|a, b| a.1.id.cmp(&b.1.id));
        let mut renumber = vec![u32::MAX; used.len()];
        for ((old, _), new) in kept.iter().zip(0u32..) {
            if let Some(slot) = renumber.get_mut(*old as usize) {
                *slot = new;
            }
        }
        for entries in affected.values_mut() {
            for entry in entries.iter_mut() {
                entry.advisory = renumber.get(entry.advisory as usize).copied().unwrap_or(u32::MAX);
            }
            entries.sort_by_key(|e| e.advisory);
        }
        (kept.into_iter().map(|(_, a)| a).collect(), affected)
    }

    fn push(&mut self, advisory: Advisory) -> u32 {
        let i = u32::try_from(self.advisories.len()).unwrap_or(u32::MAX);
        self.index.insert(advisory.id.clone(), i);
        self.advisories.push(advisory);
        i
    }
}

/// Fills `known`'s empty fields from `more` and unites the id lists.
fn merge_advisory(known: &mut Advisory, more: Advisory) {
    if known.summary.is_none() {
        known.summary = more.summary;
    }
    if known.published.is_none() {
        known.published = more.published;
    }
    if known.cvss.is_empty() {
        known.cvss = more.cvss;
    }
    for (list, extra) in [(&mut known.aliases, more.aliases), (&mut known.related, more.related)] {
        list.extend(extra);
        list.sort();
        list.dedup();
    }
}

/// The state to keep when two entries for the same pair disagree:
/// `Unfixed` over `WontFix` over `Fixed` over `NotAffected`.
fn stronger(a: DistroState, b: DistroState) -> DistroState {
    let rank = |s| match s {
        DistroState::Unfixed => 3,
        DistroState::WontFix => 2,
        DistroState::Fixed => 1,
        DistroState::NotAffected | DistroState::Informational => 0,
    };
    if rank(b) > rank(a) { b } else { a }
}

#[cfg(test)]
mod tests {
    use airlock_types::Ecosystem;

    use super::*;
    use crate::{CvssVector, Range};

    fn key(name: &str) -> PackageKey {
        PackageKey { ecosystem: Ecosystem::alpine("3.16"), name: name.into() }
    }

    fn entry(advisory: u32, state: DistroState) -> Affected {
        Affected { advisory, state, ranges: Vec::new(), urgency: None }
    }

    #[test]
    fn same_id_reuses_the_index_and_fills_missing_fields() {
        let mut c = Collector::default();
        let first = c.advisory_id("CVE-2022-0001");
        let mut full = Advisory {
            id: AdvisoryId::new("CVE-2022-0001"),
            aliases: vec![AdvisoryId::new("GHSA-x")],
            related: Vec::new(),
            summary: Some("boom".into()),
            published: None,
            cvss: vec![CvssVector { vector: "CVSS:3.1/AV:N".into() }],
        };
        assert_eq!(c.advisory(full.clone()), first);
        full.summary = Some("other".into());
        assert_eq!(c.advisory(full), first);
        assert!(c.contains("CVE-2022-0001"));
        c.add(key("a"), entry(first, DistroState::Fixed));
        let (advisories, _) = c.finish();
        assert_eq!(advisories.len(), 1);
        assert_eq!(advisories[0].summary.as_deref(), Some("boom"), "first summary wins");
        assert_eq!(advisories[0].cvss.len(), 1);
        assert_eq!(advisories[0].aliases, vec![AdvisoryId::new("GHSA-x")]);
    }

    #[test]
    fn finish_sorts_renumbers_and_drops_unreferenced() {
        let mut c = Collector::default();
        let z = c.advisory_id("CVE-2024-9");
        let _unused = c.advisory_id("CVE-2000-1");
        let a = c.advisory_id("CVE-2024-1");
        c.add(key("pkg"), entry(z, DistroState::Fixed));
        c.add(key("pkg"), entry(a, DistroState::Unfixed));
        let (advisories, affected) = c.finish();
        let ids: Vec<_> = advisories.iter().map(|a| a.id.as_str()).collect();
        assert_eq!(ids, ["CVE-2024-1", "CVE-2024-9"]);
        let entries = &affected[&key("pkg")];
        assert_eq!(
            entries.iter().map(|e| (e.advisory, e.state)).collect::<Vec<_>>(),
            [(0, DistroState::Unfixed), (1, DistroState::Fixed)]
        );
    }

    #[test]
    fn duplicate_pairs_merge_ranges_and_keep_the_stronger_state() {
        let mut c = Collector::default();
        let a = c.advisory_id("XSA-201");
        let range = Range { introduced: None, fixed: None, last_affected: None };
        let mut first = entry(a, DistroState::NotAffected);
        first.ranges.push(range.clone());
        let mut second = entry(a, DistroState::Fixed);
        second.ranges.push(range);
        second.urgency = Some("low".into());
        assert!(!c.add(key("xen"), first));
        assert!(c.add(key("xen"), second));
        assert_eq!(c.affected_count(), 1);
        let (_, affected) = c.finish();
        let merged = &affected[&key("xen")][0];
        assert_eq!(merged.ranges.len(), 1);
        assert_eq!(merged.state, DistroState::Fixed);
        assert_eq!(merged.urgency.as_deref(), Some("low"));
    }
}
