//! Merging the matched records of one source package into one finding per
//! vulnerability.
//!
//! The group key is a CVE id. A CVE record groups under its own id. A DSA,
//! DLA or DTSA groups under each CVE it lists (`related`/`aliases`) and
//! becomes an alias there; a CVE whose own record for this package says the
//! installed version is outside its ranges is not revived by the DSA. A record
//! without any CVE keeps its own id. `NotAffected` records suppress their keys.

use std::cmp::Ordering;
use std::collections::{BTreeMap, BTreeSet};

use airlock_db::{Advisory, Affected, DistroState};
use airlock_types::{AdvisoryId, FindingState};
use airlock_version::Version;

use crate::severity::{self, Assessment};
use crate::verdict::Verdict;

/// A merged finding for one source package (not yet tied to a binary package).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Merged {
    /// The group key (a CVE when there is one).
    pub(crate) id: AdvisoryId,
    /// Other ids, sorted, without `id`.
    pub(crate) aliases: Vec<AdvisoryId>,
    /// Fixed when any merged record gives a fix.
    pub(crate) state: FindingState,
    /// The smallest fix among the merged records.
    pub(crate) fixed: Option<Version>,
    /// Text of the range that gave the fix (or of an unfixed range).
    pub(crate) range: String,
    /// Severity.
    pub(crate) assessment: Assessment,
    /// Summary, from the CVE record when it has one.
    pub(crate) summary: Option<String>,
}

/// One record that affects the installed version.
struct Hit<'a> {
    advisory: &'a Advisory,
    urgency: Option<&'a str>,
    fixed: Option<Version>,
    range: String,
    /// The record says the distribution will not fix it.
    wont_fix: bool,
}

/// Collects verdicts for one source package, then merges them.
#[derive(Default)]
pub(crate) struct Collector<'a> {
    /// Who gives the records' urgencies (`debian`, `ubuntu`, `redhat`).
    vendor: &'static str,
    hits: Vec<Hit<'a>>,
    suppressed: BTreeSet<&'a str>,
    clear_cves: BTreeSet<&'a str>,
}

/// The group keys of an advisory: its own id if a CVE, else the CVEs it
/// lists, else its own id.
fn keys(advisory: &Advisory) -> Vec<&str> {
    if advisory.id.is_cve() {
        return vec![advisory.id.as_str()];
    }
    let cves: BTreeSet<&str> =
        advisory.related.iter().chain(&advisory.aliases).filter(|a| a.is_cve()).map(AdvisoryId::as_str).collect();
    if cves.is_empty() { vec![advisory.id.as_str()] } else { cves.into_iter().collect() }
}

impl<'a> Collector<'a> {
    /// A collector whose urgencies come from `vendor`.
    pub(crate) fn for_vendor(vendor: &'static str) -> Self {
        Self { vendor, ..Self::default() }
    }

    /// Records the verdict of `record` (about `advisory`).
    pub(crate) fn record(&mut self, advisory: &'a Advisory, record: &'a Affected, verdict: Verdict) {
        match verdict {
            Verdict::NotAffected => self.suppressed.extend(keys(advisory)),
            Verdict::Clear => {
                if advisory.id.is_cve() {
                    self.clear_cves.insert(advisory.id.as_str());
                }
            }
            Verdict::Affected { fixed, range } => {
                let wont_fix = record.state == DistroState::WontFix;
                self.hits.push(Hit { advisory, urgency: record.urgency.as_deref(), fixed, range, wont_fix });
            }
        }
    }

    /// Merges the hits into one finding per key, sorted by id.
    pub(crate) fn finish(self) -> Vec<Merged> {
        let mut drafts: BTreeMap<&str, Draft<'a>> = BTreeMap::new();
        let (own, listed): (Vec<_>, Vec<_>) =
            self.hits.iter().partition(|h| h.advisory.id.is_cve() || keys(h.advisory) == [h.advisory.id.as_str()]);
        for hit in own {
            drafts.entry(hit.advisory.id.as_str()).or_default().add(hit, true);
        }
        for hit in listed {
            for key in keys(hit.advisory) {
                if drafts.contains_key(key) || !self.clear_cves.contains(key) {
                    drafts.entry(key).or_default().add(hit, false);
                }
            }
        }
        drafts
            .into_iter()
            .filter(|(key, _)| !self.suppressed.contains(key))
            .map(|(key, d)| d.finish(key, self.vendor))
            .collect()
    }
}

/// A finding being assembled from several records.
#[derive(Default)]
struct Draft<'a> {
    aliases: BTreeSet<&'a str>,
    fix: Option<(Version, String)>,
    unfixed_range: Option<String>,
    own: Vec<&'a Advisory>,
    listed: Vec<&'a Advisory>,
    own_urgencies: Vec<&'a str>,
    listed_urgencies: Vec<&'a str>,
    /// Unfixed hits seen, and whether each said "will not fix".
    unfixed_hits: usize,
    wont_fix_hits: usize,
}

impl<'a> Draft<'a> {
    fn add(&mut self, hit: &Hit<'a>, own: bool) {
        let advisory = hit.advisory;
        if own {
            self.aliases.extend(advisory.aliases.iter().map(AdvisoryId::as_str));
            self.own.push(advisory);
            self.own_urgencies.extend(hit.urgency);
        } else {
            self.aliases.insert(advisory.id.as_str());
            self.aliases.extend(advisory.aliases.iter().filter(|a| !a.is_cve()).map(AdvisoryId::as_str));
            self.listed.push(advisory);
            self.listed_urgencies.extend(hit.urgency);
        }
        match &hit.fixed {
            Some(v) => {
                let smaller = match &self.fix {
                    None => true,
                    Some((current, _)) => v.try_cmp(current) == Ok(Ordering::Less),
                };
                if smaller {
                    self.fix = Some((v.clone(), hit.range.clone()));
                }
            }
            None => {
                self.unfixed_range.get_or_insert_with(|| hit.range.clone());
                self.unfixed_hits += 1;
                self.wont_fix_hits += usize::from(hit.wont_fix);
            }
        }
    }

    fn finish(mut self, key: &str, vendor: &str) -> Merged {
        self.aliases.remove(key);
        let advisories = || self.own.iter().chain(&self.listed);
        let vectors = advisories().flat_map(|a| a.cvss.iter().map(|c| (a.id.as_str(), c.vector.as_str())));
        let urgencies = if self.own_urgencies.is_empty() { &self.listed_urgencies } else { &self.own_urgencies };
        let vendor = if vendor.is_empty() { "distro" } else { vendor };
        let assessment = severity::assess_sources(vendor, vectors, urgencies.iter().copied());
        let summary = advisories().find_map(|a| a.summary.clone());
        let (state, fixed, range) = match self.fix {
            Some((v, range)) => (FindingState::Fixed, Some(v), range),
            None => {
                // "Won't fix" only when every unfixed record says so.
                let state = if self.unfixed_hits > 0 && self.wont_fix_hits == self.unfixed_hits {
                    FindingState::WontFix
                } else {
                    FindingState::Unfixed
                };
                (state, None, self.unfixed_range.unwrap_or_else(|| "all versions".to_owned()))
            }
        };
        Merged {
            id: AdvisoryId::new(key),
            aliases: self.aliases.into_iter().map(AdvisoryId::new).collect(),
            state,
            fixed,
            range,
            assessment,
            summary,
        }
    }
}

#[cfg(test)]
mod tests {
    use airlock_types::SeveritySource;

    use super::*;

    fn advisory(id: &str, related: &[&str], aliases: &[&str]) -> Advisory {
        Advisory {
            id: AdvisoryId::new(id),
            aliases: aliases.iter().map(|a| AdvisoryId::new(a)).collect(),
            related: related.iter().map(|r| AdvisoryId::new(r)).collect(),
            summary: None,
            published: None,
            cvss: Vec::new(),
        }
    }

    fn record(urgency: Option<&str>) -> Affected {
        Affected { advisory: 0, state: DistroState::Unfixed, ranges: Vec::new(), urgency: urgency.map(str::to_owned) }
    }

    fn hit() -> Verdict {
        Verdict::Affected { fixed: None, range: "all versions (no fix yet)".into() }
    }

    #[test]
    fn group_keys() {
        assert_eq!(keys(&advisory("CVE-1", &["CVE-2"], &[])), ["CVE-1"]);
        assert_eq!(keys(&advisory("DSA-1", &["CVE-3", "CVE-2"], &["CVE-2", "GHSA-x"])), ["CVE-2", "CVE-3"]);
        assert_eq!(keys(&advisory("DLA-1", &[], &["GHSA-x"])), ["DLA-1"]);
    }

    #[test]
    fn not_affected_dsa_suppresses_its_cves_and_cve_urgency_wins() {
        let cve = advisory("CVE-1", &[], &["GHSA-a"]);
        let dsa = advisory("DSA-1", &["CVE-1", "CVE-2"], &[]);
        let dla = advisory("DLA-9", &["CVE-3"], &[]);
        let na = advisory("DTSA-5", &["CVE-2"], &[]);
        let (low, high, none) = (record(Some("low")), record(Some("high")), record(None));
        let mut c = Collector::default();
        c.record(&cve, &low, hit());
        c.record(&dsa, &high, hit());
        c.record(&dla, &high, hit());
        c.record(&na, &none, Verdict::NotAffected);
        let merged = c.finish();
        let ids: Vec<&str> = merged.iter().map(|m| m.id.as_str()).collect();
        assert_eq!(ids, ["CVE-1", "CVE-3"]);
        let aliases: Vec<&str> = merged[0].aliases.iter().map(AdvisoryId::as_str).collect();
        assert_eq!(aliases, ["DSA-1", "GHSA-a"]);
        assert_eq!(merged[0].assessment.source, SeveritySource::DistroUrgency("low".into()));
        assert_eq!(merged[1].assessment.source, SeveritySource::DistroUrgency("high".into()));
        assert_eq!(merged[1].state, FindingState::Unfixed);
    }

    #[test]
    fn wont_fix_only_when_every_unfixed_record_says_so() {
        let cve = advisory("CVE-1", &[], &[]);
        let mut ignored = record(Some("low"));
        ignored.state = DistroState::WontFix;
        let mut c = Collector::default();
        c.record(&cve, &ignored, hit());
        assert_eq!(c.finish()[0].state, FindingState::WontFix);
        let dsa = advisory("DSA-1", &["CVE-1"], &[]);
        let open = record(None);
        let mut c = Collector::default();
        c.record(&cve, &ignored, hit());
        c.record(&dsa, &open, hit());
        assert_eq!(c.finish()[0].state, FindingState::Unfixed);
    }
}
