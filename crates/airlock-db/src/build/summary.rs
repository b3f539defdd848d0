//! What a build did, per source: files, records, skips with reasons, timing.

use std::fmt;
use std::time::Duration;

/// How many example reasons are kept per source.
pub const MAX_EXAMPLES: usize = 5;

/// Counts for one advisory source (one archive).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SourceSummary {
    /// Source name (`debian-osv`).
    pub name: String,
    /// Files read from the archive (all regular files, including `_source.txt`).
    pub files: u64,
    /// Advisory records (OSV files, secdb package entries) ingested.
    pub records: u64,
    /// Records dropped entirely because they could not be parsed.
    pub skipped_records: u64,
    /// Affected entries dropped because they could not be parsed (their record was kept).
    pub skipped_entries: u64,
    /// Up to [`MAX_EXAMPLES`] `file: reason` examples of the skips.
    pub skip_examples: Vec<String>,
    /// Affected entries this source added to the snapshot (merged repeats not counted).
    pub affected: u64,
    /// Entries deliberately left out (other ecosystems, `edge`, superseded DSA/DLA entries, …), by reason.
    pub ignored: Vec<(String, u64)>,
    /// Wall time spent on this source.
    pub elapsed: Duration,
}

impl SourceSummary {
    /// An empty summary for `name`.
    pub fn new(name: &str) -> Self {
        Self { name: name.to_owned(), ..Self::default() }
    }

    /// Counts a whole record as skipped, keeping the reason as an example.
    pub(crate) fn skip_record(&mut self, file: &str, reason: &str) {
        self.skipped_records += 1;
        self.example(file, reason);
    }

    /// Counts one affected entry as skipped, keeping the reason as an example.
    pub(crate) fn skip_entry(&mut self, file: &str, reason: &str) {
        self.skipped_entries += 1;
        self.example(file, reason);
    }

    /// Adds `n` to the ignore counter for `reason`.
    pub(crate) fn ignore(&mut self, reason: &str, n: u64) {
        if n == 0 {
            return;
        }
        match self.ignored.iter_mut().find(|(r, _)| r == reason) {
            Some((_, count)) => *count += n,
            None => self.ignored.push((reason.to_owned(), n)),
        }
    }

    /// Records and entries skipped in total.
    pub fn skipped(&self) -> u64 {
        self.skipped_records + self.skipped_entries
    }

    fn example(&mut self, file: &str, reason: &str) {
        if self.skip_examples.len() < MAX_EXAMPLES {
            self.skip_examples.push(format!("{}/{file}: {reason}", self.name));
        }
    }
}

/// What [`build_snapshot`](super::build_snapshot) did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BuildSummary {
    /// Per-source counts, in build order.
    pub sources: Vec<SourceSummary>,
    /// Advisories in the snapshot.
    pub advisories: u64,
    /// Affected entries in the snapshot.
    pub affected: u64,
    /// Distinct (ecosystem, package) keys in the snapshot.
    pub packages: u64,
    /// Total wall time.
    pub elapsed: Duration,
}

impl BuildSummary {
    /// Records and entries skipped over all sources.
    pub fn skipped(&self) -> u64 {
        self.sources.iter().map(SourceSummary::skipped).sum()
    }
}

impl fmt::Display for SourceSummary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "{:<14} {:>7} files {:>7} records {:>7} affected  skipped {} records, {} entries  ({:.1} s)",
            self.name,
            self.files,
            self.records,
            self.affected,
            self.skipped_records,
            self.skipped_entries,
            self.elapsed.as_secs_f64()
        )?;
        for (reason, count) in &self.ignored {
            writeln!(f, "{:<14}   left out {count}: {reason}", "")?;
        }
        for example in &self.skip_examples {
            writeln!(f, "{:<14}   skipped: {example}", "")?;
        }
        Ok(())
    }
}

impl fmt::Display for BuildSummary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for source in &self.sources {
            write!(f, "{source}")?;
        }
        write!(
            f,
            "snapshot: {} advisories, {} affected entries, {} packages, {} skipped, built in {:.1} s",
            self.advisories,
            self.affected,
            self.packages,
            self.skipped(),
            self.elapsed.as_secs_f64()
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_at_most_five_examples_but_counts_all() {
        let mut s = SourceSummary::new("debian-osv");
        for i in 0..7 {
            s.skip_record(&format!("CVE/2024/CVE-2024-{i}.json"), "bad JSON");
        }
        s.skip_entry("DSA/2023/DSA-1.json", "bad version");
        assert_eq!(s.skipped_records, 7);
        assert_eq!(s.skipped_entries, 1);
        assert_eq!(s.skipped(), 8);
        assert_eq!(s.skip_examples.len(), MAX_EXAMPLES);
        assert_eq!(s.skip_examples[0], "debian-osv/CVE/2024/CVE-2024-0.json: bad JSON");
    }

    #[test]
    fn ignore_counters_add_up_by_reason() {
        let mut s = SourceSummary::new("alpine-secdb");
        s.ignore("edge branch", 2);
        s.ignore("edge branch", 3);
        s.ignore("nothing", 0);
        assert_eq!(s.ignored, vec![("edge branch".to_owned(), 5)]);
        assert!(s.to_string().contains("left out 5: edge branch"));
    }
}
