//! The rpm distributions' OSV archives: AlmaLinux (`AlmaLinux:8/9/10`),
//! Rocky Linux (`Rocky Linux:8/9`) and Red Hat (CPE product streams).
//!
//! All three name **binary** rpms and give rpm EVR versions. Only security
//! advisories are kept (ALSA, RLSA/RXSA, RHSA); bugfix and enhancement
//! errata are counted and left out. The vendor's rating (`Important`,
//! `Moderate`, …) goes into each entry's `urgency`: Alma and Rocky put it
//! at the start of the summary, Red Hat in the classification reference.
//!
//! Red Hat streams are mapped to the image's major release: every
//! `enterprise_linux:<N>::<repo>` stream (BaseOS, AppStream, CRB, the RHEL 7
//! variants, …) becomes `Red Hat:<N>`; EUS/AUS/E4S/TUS streams and layered
//! products (JBoss, Satellite, software collections, …) are counted and left
//! out, since a plain RHEL or UBI image does not install from them. RHEL 3–5
//! (no container images) are left out too.
//!
//! Entries for `-debuginfo`/`-debugsource` packages are counted and left out
//! (about a quarter of Red Hat's entries): they are never installed in
//! container images, and the package they belong to carries the same fix.

use std::path::Path;

use airlock_types::{Ecosystem, EcosystemKind};
use serde::Deserialize;

use super::collect::Collector;
use super::osv::{self, Converted};
use super::summary::SourceSummary;
use super::{archive, source_txt};
use crate::{Affected, DbError, SourceInfo};

/// Which vendor an archive comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Vendor {
    /// `almalinux-osv.tar.zst`.
    Alma,
    /// `rocky-osv.tar.zst`.
    Rocky,
    /// `redhat-osv.tar.zst`.
    RedHat,
}

impl Vendor {
    fn kind(self) -> EcosystemKind {
        match self {
            Self::Alma => EcosystemKind::AlmaLinux,
            Self::Rocky => EcosystemKind::Rocky,
            Self::RedHat => EcosystemKind::RedHat,
        }
    }

    /// Whether an advisory id is a security advisory.
    fn is_security(self, id: &str) -> bool {
        match self {
            Self::Alma => id.starts_with("ALSA-"),
            Self::Rocky => id.starts_with("RLSA-") || id.starts_with("RXSA-"),
            Self::RedHat => id.starts_with("RHSA-"),
        }
    }
}

/// Vendor ratings, as the sources spell them.
const RATINGS: [&str; 4] = ["Critical", "Important", "Moderate", "Low"];

/// The oldest RHEL release kept (the first with container base images).
const OLDEST_RHEL: u32 = 6;

/// `Red Hat:enterprise_linux:9::appstream` → `Red Hat:9`; other streams → `None`.
pub(crate) fn redhat_stream(stream: &str) -> Option<Ecosystem> {
    let rest = stream.strip_prefix("Red Hat:enterprise_linux:")?;
    let (major, repo) = rest.split_once("::")?;
    let number = major.parse::<u32>().ok().filter(|_| major.bytes().all(|b| b.is_ascii_digit()))?;
    (number >= OLDEST_RHEL && !repo.is_empty()).then(|| Ecosystem::rpm_distro(EcosystemKind::RedHat, major))
}

/// Debug-information packages, never installed in images.
fn is_debug_package(name: &str) -> bool {
    name.ends_with("-debuginfo") || name.ends_with("-debugsource")
}

/// The rating at the start of an Alma/Rocky summary (`Important: bcel security update`).
fn rating_from_summary(summary: Option<&str>) -> Option<String> {
    let (head, _) = summary?.split_once(':')?;
    RATINGS.contains(&head.trim()).then(|| head.trim().to_owned())
}

/// The Red Hat classification reference (`…/classification/#important`).
#[derive(Debug, Deserialize)]
struct RedHatExtra {
    #[serde(default)]
    references: Vec<Reference>,
}

#[derive(Debug, Deserialize)]
struct Reference {
    #[serde(default)]
    url: String,
}

fn rating_from_references(bytes: &[u8]) -> Option<String> {
    let extra: RedHatExtra = serde_json::from_slice(bytes).ok()?;
    extra.references.iter().find_map(|r| {
        let (_, anchor) = r.url.split_once("/classification/#")?;
        RATINGS.iter().find(|rating| rating.eq_ignore_ascii_case(anchor)).map(|r| (*r).to_owned())
    })
}

/// Reads one vendor's archive into the collector.
pub(crate) fn ingest(
    path: &Path,
    vendor: Vendor,
    collector: &mut Collector,
    summary: &mut SourceSummary,
    info: &mut SourceInfo,
) -> Result<(), DbError> {
    let kind = vendor.kind();
    let (mut other_streams, mut not_security, mut merged, mut debug) = (0, 0, 0, 0);
    archive::for_each_file(path, |file, bytes| {
        summary.files += 1;
        if file == "_source.txt" {
            return source_txt::apply(&String::from_utf8_lossy(bytes), info);
        }
        if !file.ends_with(".json") {
            return summary.ignore("files that are not OSV JSON", 1);
        }
        let record = match osv::parse(bytes) {
            Ok(r) => r,
            Err(reason) => return summary.skip_record(file, &reason),
        };
        if !vendor.is_security(&record.id) {
            not_security += 1;
            return;
        }
        summary.records += 1;
        let rating = match vendor {
            Vendor::RedHat => rating_from_references(bytes),
            Vendor::Alma | Vendor::Rocky => rating_from_summary(record.summary_text()),
        };
        let advisory = collector.advisory(record.advisory());
        for affected in &record.affected {
            let converted = match vendor {
                Vendor::RedHat => affected.convert_mapped(kind, redhat_stream),
                Vendor::Alma | Vendor::Rocky => affected.convert(kind),
            };
            match converted {
                Err(reason) => summary.skip_entry(file, &reason),
                Ok(None) => other_streams += 1,
                Ok(Some(Converted { key, .. })) if is_debug_package(&key.name) => debug += 1,
                Ok(Some(Converted { key, state, ranges, .. })) => {
                    let entry = Affected { advisory, state, ranges, urgency: rating.clone() };
                    if collector.add(key, entry) {
                        merged += 1;
                    } else {
                        summary.affected += 1;
                    }
                }
            }
        }
    })?;
    summary.ignore("bugfix/enhancement errata (not security advisories)", not_security);
    let streams = match vendor {
        Vendor::RedHat => "entries of EUS/AUS/E4S/TUS streams, layered products and RHEL 3-5 (not plain RHEL 6+)",
        Vendor::Alma | Vendor::Rocky => "entries of other ecosystems",
    };
    summary.ignore(streams, other_streams);
    summary.ignore("entries for -debuginfo/-debugsource packages", debug);
    summary.ignore("entries repeating a package in the same advisory (merged)", merged);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn red_hat_streams_map_to_the_major_release() {
        let major = |s: &str| redhat_stream(s).map(|e| e.to_string());
        assert_eq!(major("Red Hat:enterprise_linux:9::appstream").as_deref(), Some("Red Hat:9"));
        assert_eq!(major("Red Hat:enterprise_linux:8::baseos").as_deref(), Some("Red Hat:8"));
        assert_eq!(major("Red Hat:enterprise_linux:7::server").as_deref(), Some("Red Hat:7"));
        assert_eq!(major("Red Hat:rhel_eus:8.6::appstream"), None);
        assert_eq!(major("Red Hat:jboss_enterprise_application_platform:7.2::el8"), None);
        assert_eq!(major("Red Hat:enterprise_linux:9.2::baseos"), None);
        assert_eq!(major("Red Hat:enterprise_linux:5::server"), None);
        assert!(is_debug_package("thunderbird-debuginfo") && is_debug_package("glibc-debugsource"));
        assert!(!is_debug_package("debuginfod"));
    }

    #[test]
    fn ratings() {
        assert_eq!(rating_from_summary(Some("Important: bcel security update")).as_deref(), Some("Important"));
        assert_eq!(rating_from_summary(Some("Red Hat Security Advisory: x")), None);
        let refs =
            br#"{"references": [{"url": "https://access.redhat.com/security/updates/classification/#moderate"}]}"#;
        assert_eq!(rating_from_references(refs).as_deref(), Some("Moderate"));
        assert_eq!(rating_from_references(b"{}"), None);
    }
}
