//! `airlock db info`: what a snapshot holds, as counts and a readable table.

use std::collections::BTreeMap;
use std::fmt;

use airlock_types::{Ecosystem, EcosystemKind};

use crate::{DistroState, Snapshot, SourceInfo};

/// Counts for one ecosystem (release) of a snapshot.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EcosystemCount {
    /// The ecosystem (`Debian:12`).
    pub ecosystem: Ecosystem,
    /// Distinct packages with entries.
    pub packages: u64,
    /// Affected entries.
    pub affected: u64,
    /// Entries in state [`DistroState::Fixed`].
    pub fixed: u64,
    /// Entries in state [`DistroState::Unfixed`].
    pub unfixed: u64,
    /// Entries in state [`DistroState::NotAffected`].
    pub not_affected: u64,
    /// Entries in state [`DistroState::WontFix`].
    pub wont_fix: u64,
    /// Entries in state [`DistroState::Informational`].
    pub informational: u64,
}

/// Summary counts of a snapshot; its `Display` is the `db info` table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SnapshotInfo {
    /// When the snapshot was built.
    pub built_at: String,
    /// Advisories.
    pub advisories: u64,
    /// Affected entries over all ecosystems.
    pub affected: u64,
    /// Distinct (ecosystem, package) keys.
    pub packages: u64,
    /// Affected entries per ecosystem family.
    pub by_kind: Vec<(EcosystemKind, u64)>,
    /// Counts per ecosystem, releases in numeric order.
    pub by_ecosystem: Vec<EcosystemCount>,
    /// The sources with their attribution.
    pub sources: Vec<SourceInfo>,
    /// Example reasons of skipped records.
    pub skipped_examples: Vec<String>,
}

impl Snapshot {
    /// Counts what the snapshot holds.
    pub fn info(&self) -> SnapshotInfo {
        let mut per_ecosystem: BTreeMap<&Ecosystem, EcosystemCount> = BTreeMap::new();
        for (key, entries) in &self.affected {
            let count = per_ecosystem.entry(&key.ecosystem).or_insert_with(|| EcosystemCount {
                ecosystem: key.ecosystem.clone(),
                packages: 0,
                affected: 0,
                fixed: 0,
                unfixed: 0,
                not_affected: 0,
                wont_fix: 0,
                informational: 0,
            });
            count.packages += 1;
            for entry in entries {
                count.affected += 1;
                match entry.state {
                    DistroState::Fixed => count.fixed += 1,
                    DistroState::Unfixed => count.unfixed += 1,
                    DistroState::NotAffected => count.not_affected += 1,
                    DistroState::WontFix => count.wont_fix += 1,
                    DistroState::Informational => count.informational += 1,
                }
            }
        }
        let mut by_ecosystem: Vec<EcosystemCount> = per_ecosystem.into_values().collect();
        by_ecosystem.sort_by_cached_key(|c| release_order(&c.ecosystem));
        let mut by_kind: BTreeMap<EcosystemKind, u64> = BTreeMap::new();
        for c in &by_ecosystem {
            *by_kind.entry(c.ecosystem.kind).or_default() += c.affected;
        }
        SnapshotInfo {
            built_at: self.built_at.clone(),
            advisories: self.advisories.len() as u64,
            affected: by_ecosystem.iter().map(|c| c.affected).sum(),
            packages: self.affected.len() as u64,
            by_kind: by_kind.into_iter().collect(),
            by_ecosystem,
            sources: self.sources.clone(),
            skipped_examples: self.stats.skipped_examples.clone(),
        }
    }
}

/// Sort key: family, then the release's numeric parts (`3.9` before `3.10`).
fn release_order(ecosystem: &Ecosystem) -> (EcosystemKind, Vec<u64>, String) {
    let release = ecosystem.release.clone().unwrap_or_default();
    let numbers =
        release.trim_start_matches('v').split('.').map(|p| p.parse::<u64>().unwrap_or(u64::MAX)).collect::<Vec<_>>();
    (ecosystem.kind, numbers, release)
}

impl fmt::Display for SnapshotInfo {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "built at   {}", self.built_at)?;
        writeln!(
            f,
            "contents   {} advisories, {} affected entries, {} packages",
            self.advisories, self.affected, self.packages
        )?;
        for (kind, count) in &self.by_kind {
            writeln!(f, "           {}: {count} affected entries", kind.osv_name())?;
        }
        writeln!(f)?;
        writeln!(
            f,
            "{:<14} {:>9} {:>9} {:>9} {:>9} {:>12} {:>9}",
            "ecosystem", "packages", "affected", "fixed", "unfixed", "not-affected", "wont-fix"
        )?;
        for c in &self.by_ecosystem {
            writeln!(
                f,
                "{:<14} {:>9} {:>9} {:>9} {:>9} {:>12} {:>9}",
                c.ecosystem.to_string(),
                c.packages,
                c.affected,
                c.fixed,
                c.unfixed,
                c.not_affected,
                c.wont_fix
            )?;
        }
        let informational: u64 = self.by_ecosystem.iter().map(|c| c.informational).sum();
        if informational > 0 {
            writeln!(f, "({informational} of the affected entries are informational: unmaintained, unsound, notices)")?;
        }
        writeln!(f)?;
        writeln!(f, "sources")?;
        for s in &self.sources {
            let commit = s.commit.get(..12).unwrap_or(&s.commit);
            writeln!(
                f,
                "  {:<13} {} @ {commit} ({})  {} records, {} skipped",
                s.name, s.repo, s.date, s.records, s.skipped
            )?;
            writeln!(f, "  {:<13} licence: {}", "", s.licence)?;
        }
        for example in &self.skipped_examples {
            writeln!(f, "  skipped: {example}")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use airlock_types::AdvisoryId;

    use super::*;
    use crate::{Advisory, Affected, PackageKey};

    fn snapshot() -> Snapshot {
        let mut s = Snapshot { built_at: "2025-01-01T00:00:00Z".into(), ..Snapshot::default() };
        s.advisories.push(Advisory {
            id: AdvisoryId::new("CVE-2024-1"),
            aliases: vec![],
            related: vec![],
            summary: None,
            published: None,
            cvss: vec![],
        });
        let entry = |state| Affected { advisory: 0, state, ranges: vec![], urgency: None };
        for (eco, name, state) in [
            (Ecosystem::alpine("3.9"), "musl", DistroState::Fixed),
            (Ecosystem::alpine("3.10"), "musl", DistroState::NotAffected),
            (Ecosystem::debian("12"), "openssl", DistroState::Unfixed),
            (Ecosystem::debian("12"), "zlib", DistroState::Fixed),
            (Ecosystem::debian("3.0"), "zlib", DistroState::Fixed),
        ] {
            s.affected.entry(PackageKey { ecosystem: eco, name: name.into() }).or_default().push(entry(state));
        }
        s.sources.push(SourceInfo {
            name: "debian-osv".into(),
            repo: "vulsio/vuls-data-raw-debian-osv".into(),
            commit: "af8e56d33fa6c3acfb78435cf3cec0d9dbbff7bc".into(),
            date: "2025-02-12T18:06:49Z".into(),
            licence: "none stated".into(),
            records: 3,
            skipped: 1,
        });
        s
    }

    #[test]
    fn counts_per_ecosystem_in_release_order() {
        let info = snapshot().info();
        assert_eq!(info.advisories, 1);
        assert_eq!(info.affected, 5);
        assert_eq!(info.packages, 5);
        assert_eq!(info.by_kind, vec![(EcosystemKind::Debian, 3), (EcosystemKind::Alpine, 2)]);
        let order: Vec<String> = info.by_ecosystem.iter().map(|c| c.ecosystem.to_string()).collect();
        assert_eq!(order, ["Debian:3.0", "Debian:12", "Alpine:v3.9", "Alpine:v3.10"]);
        let bookworm = &info.by_ecosystem[1];
        assert_eq!((bookworm.packages, bookworm.affected, bookworm.fixed, bookworm.unfixed), (2, 2, 1, 1));
        assert_eq!(info.by_ecosystem[3].not_affected, 1);
    }

    #[test]
    fn table_shows_ecosystems_and_sources() {
        let text = snapshot().info().to_string();
        assert!(text.contains("Debian:12              2         2         1         1            0"), "{text}");
        assert!(text.contains("debian-osv    vulsio/vuls-data-raw-debian-osv @ af8e56d33fa6"), "{text}");
        assert!(text.contains("licence: none stated"), "{text}");
    }
}
