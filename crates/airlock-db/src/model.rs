//! The snapshot data model and its codec.

use std::collections::BTreeMap;

use airlock_types::{AdvisoryId, Ecosystem};
use airlock_version::Version;
use serde::{Deserialize, Serialize};

use crate::DbError;

/// First bytes of every snapshot file.
pub const MAGIC: [u8; 8] = *b"AIRLOCK\x01";
/// The snapshot format this build reads and writes.
pub const FORMAT_VERSION: u32 = 1;

/// One advisory source that went into the snapshot, for attribution.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SourceInfo {
    /// Short name (`debian-osv`, `alpine-secdb`).
    pub name: String,
    /// Origin repository.
    pub repo: String,
    /// Origin commit.
    pub commit: String,
    /// Date of the origin commit.
    pub date: String,
    /// Licence of the data.
    pub licence: String,
    /// Records ingested.
    pub records: u64,
    /// Records that could not be parsed (counted, reported, skipped).
    pub skipped: u64,
}

/// Counts from the build, shown by `db info` and the build summary.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct BuildStats {
    /// Unparseable records per source, with up to a few example reasons.
    pub skipped_examples: Vec<String>,
}

/// A CVSS vector as the advisory gives it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CvssVector {
    /// The vector string (`CVSS:3.1/AV:N/…`).
    pub vector: String,
}

/// One advisory's shared data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Advisory {
    /// Its id (`CVE-…`, `DSA-…`).
    pub id: AdvisoryId,
    /// Ids of the same issue in other databases.
    pub aliases: Vec<AdvisoryId>,
    /// Related ids (a DSA's CVEs).
    pub related: Vec<AdvisoryId>,
    /// One-line summary, if any.
    pub summary: Option<String>,
    /// Publication date, if any.
    pub published: Option<String>,
    /// CVSS vectors.
    pub cvss: Vec<CvssVector>,
}

/// The state a distribution gives an (advisory, package) pair.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum DistroState {
    /// Fixed in the versions the ranges give.
    Fixed,
    /// Affected, no fix yet.
    Unfixed,
    /// The distribution says the package was never affected.
    NotAffected,
    /// Affected, and the distribution will not fix it (Ubuntu `ignored`,
    /// Wolfi `fix-not-planned`). Appended last so older snapshots still decode.
    WontFix,
    /// Not a vulnerability: an informational advisory (RustSec
    /// `unmaintained`, `unsound`, `notice`; the kind is in
    /// [`Affected::urgency`]). Its ranges say which versions it is about;
    /// the matcher reports it only when asked.
    Informational,
}

/// An affected range: `introduced <= v < fixed` (or `<= last_affected`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Range {
    /// First affected version; `None` means all versions from the start.
    pub introduced: Option<Version>,
    /// First fixed version; `None` with `last_affected` also `None` means unbounded.
    pub fixed: Option<Version>,
    /// Last affected version (inclusive), when the source gives that instead.
    pub last_affected: Option<Version>,
}

/// One advisory about one package in one ecosystem.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Affected {
    /// Index into [`Snapshot::advisories`].
    pub advisory: u32,
    /// The distribution's state.
    pub state: DistroState,
    /// Affected ranges (empty for `NotAffected`).
    pub ranges: Vec<Range>,
    /// Distribution urgency/priority: Debian urgency (`low`, `unimportant`, …),
    /// Ubuntu priority (`negligible` … `critical`), Red Hat/Alma/Rocky
    /// severity (`Low`, `Moderate`, `Important`, `Critical`).
    pub urgency: Option<String>,
}

/// Lookup key: ecosystem with release, and (source) package name.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct PackageKey {
    /// `Debian:12`, `Alpine:v3.16`.
    pub ecosystem: Ecosystem,
    /// Package name as the ecosystem's advisories spell it.
    pub name: String,
}

/// The whole advisory snapshot.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Snapshot {
    /// RFC 3339 build time.
    pub built_at: String,
    /// Sources, for attribution.
    pub sources: Vec<SourceInfo>,
    /// Advisories, referenced by index.
    pub advisories: Vec<Advisory>,
    /// Affected entries by (ecosystem, package).
    pub affected: BTreeMap<PackageKey, Vec<Affected>>,
    /// Build statistics.
    pub stats: BuildStats,
}

impl Snapshot {
    /// Encodes the snapshot: magic, format version (u32 LE), postcard body.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = MAGIC.to_vec();
        out.extend_from_slice(&FORMAT_VERSION.to_le_bytes());
        // Serialising plain owned data into a Vec cannot fail.
        out.extend(postcard::to_stdvec(self).unwrap_or_default());
        out
    }

    /// Decodes a snapshot, checking magic and format version.
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, DbError> {
        let body = bytes.strip_prefix(&MAGIC[..]).ok_or(DbError::BadMagic)?;
        let (version, body) =
            body.split_first_chunk::<4>().ok_or_else(|| DbError::Corrupt("file ends after the magic".into()))?;
        let found = u32::from_le_bytes(*version);
        if found != FORMAT_VERSION {
            return Err(DbError::UnsupportedVersion { found, expected: FORMAT_VERSION });
        }
        postcard::from_bytes(body).map_err(|e| DbError::Corrupt(e.to_string()))
    }

    /// The affected entries for a package in an ecosystem.
    pub fn lookup(&self, ecosystem: &Ecosystem, name: &str) -> &[Affected] {
        let key = PackageKey { ecosystem: ecosystem.clone(), name: name.to_owned() };
        self.affected.get(&key).map_or(&[], Vec::as_slice)
    }

    /// The advisory an [`Affected`] entry points to.
    pub fn advisory(&self, affected: &Affected) -> Option<&Advisory> {
        self.advisories.get(affected.advisory as usize)
    }
}
