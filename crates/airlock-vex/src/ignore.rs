//! Airlock's ignore file (TOML): local decisions with an optional expiry.
//!
//! ```toml
//! [[ignore]]
//! id = "CVE-2023-42366"            # required; aliases match too
//! package = "busybox"              # optional: a package name or a purl
//! expires = "2027-01-31"           # optional, YYYY-MM-DD: last day it suppresses
//! reason = "the applet is not installed"
//! status = "not_affected"          # optional: not_affected (default), fixed, under_investigation
//! ```

use serde::Deserialize;

use crate::{ProductMatch, Statement, VexError, VexStatus};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    #[serde(default)]
    ignore: Vec<Entry>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Entry {
    id: String,
    package: Option<String>,
    expires: Option<String>,
    reason: Option<String>,
    status: Option<String>,
}

/// Whether `s` is a `YYYY-MM-DD` date.
pub(crate) fn is_date(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter().enumerate().all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
        && (1..=12).contains(&s[5..7].parse::<u8>().unwrap_or(0))
        && (1..=31).contains(&s[8..10].parse::<u8>().unwrap_or(0))
}

/// Parses an ignore file; `source_name` labels its statements.
pub fn parse_ignore_file(text: &str, source_name: &str) -> Result<Vec<Statement>, VexError> {
    let malformed = |problem: String| VexError::Malformed { source_name: source_name.to_owned(), problem };
    let file: File = toml::from_str(text).map_err(|e| malformed(e.to_string().trim().to_owned()))?;
    file.ignore
        .into_iter()
        .enumerate()
        .map(|(i, e)| {
            if e.id.trim().is_empty() {
                return Err(malformed(format!("entry {}: empty id", i + 1)));
            }
            if let Some(d) = e.expires.as_deref().filter(|d| !is_date(d)) {
                return Err(malformed(format!("entry {} ({}): expires {d:?} is not a YYYY-MM-DD date", i + 1, e.id)));
            }
            let status = match e.status.as_deref() {
                None | Some("not_affected") => VexStatus::NotAffected,
                Some("fixed") => VexStatus::Fixed,
                Some("under_investigation") => VexStatus::UnderInvestigation,
                Some(other) => {
                    return Err(malformed(format!(
                        "entry {} ({}): status {other:?}: expected not_affected, fixed or under_investigation",
                        i + 1,
                        e.id
                    )));
                }
            };
            let products = e
                .package
                .map(|p| if p.starts_with("pkg:") { ProductMatch::Purl(p) } else { ProductMatch::Name(p) })
                .into_iter()
                .collect();
            Ok(Statement {
                vulnerability: e.id.trim().to_owned(),
                aliases: Vec::new(),
                products,
                status,
                justification: None,
                detail: e.reason,
                source: format!("ignore:{source_name}"),
                expires: e.expires,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_entries_and_rejects_bad_dates() {
        let s = parse_ignore_file(
            "[[ignore]]\nid = \"CVE-1\"\npackage = \"busybox\"\nexpires = \"2027-01-31\"\nreason = \"r\"\n",
            "x.toml",
        )
        .unwrap();
        assert_eq!(s[0].products, [ProductMatch::Name("busybox".into())]);
        assert_eq!(s[0].expires.as_deref(), Some("2027-01-31"));
        let err = parse_ignore_file("[[ignore]]\nid = \"CVE-1\"\nexpires = \"31/01/2027\"\n", "x.toml").unwrap_err();
        assert!(err.to_string().contains("not a YYYY-MM-DD"), "{err}");
        assert!(parse_ignore_file("[[ignore]]\nid = \"CVE-1\"\ntypo = 1\n", "x.toml").is_err());
        assert!(!is_date("2027-13-01"));
    }
}
