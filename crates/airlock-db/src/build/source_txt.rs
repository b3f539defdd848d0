//! The `_source.txt` attribution file inside each archive.
//!
//! Format: `key: value` lines with the keys `repo`, `commit`, `commit_date`
//! and `license`; other lines are ignored.

use crate::SourceInfo;

/// A source record with its name and no attribution or counts yet.
pub(crate) fn new_source(name: &str) -> SourceInfo {
    SourceInfo {
        name: name.to_owned(),
        repo: String::new(),
        commit: String::new(),
        date: String::new(),
        licence: String::new(),
        records: 0,
        skipped: 0,
    }
}

/// Fills the attribution fields of `info` from a `_source.txt` text.
pub(crate) fn apply(text: &str, info: &mut SourceInfo) {
    for line in text.lines() {
        let Some((key, value)) = line.split_once(':') else { continue };
        let value = value.trim().to_owned();
        match key.trim() {
            "repo" => info.repo = value,
            "commit" => info.commit = value,
            "commit_date" => info.date = value,
            "license" | "licence" => info.licence = value,
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_every_field_and_keeps_colons_in_values() {
        let text = "repo: vulsio/vuls-data-raw-debian-osv\ncommit: af8e56d3\ncommit_date: 2025-02-12T18:06:49Z\n\
                    license: no licence file; upstream data\nnoise line\n";
        let mut info = new_source("debian-osv");
        apply(text, &mut info);
        assert_eq!(info.repo, "vulsio/vuls-data-raw-debian-osv");
        assert_eq!(info.commit, "af8e56d3");
        assert_eq!(info.date, "2025-02-12T18:06:49Z");
        assert_eq!(info.licence, "no licence file; upstream data");
        assert_eq!(info.name, "debian-osv");
    }
}
