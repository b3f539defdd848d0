//! Per-entry metadata handed to an observer while layers stream past.

use serde::{Deserialize, Serialize};

/// What kind of tar entry a layer held.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum EntryType {
    /// A regular file.
    File,
    /// A directory.
    Directory,
    /// A symbolic link.
    Symlink,
    /// A hard link.
    Hardlink,
    /// A device, fifo or other special file.
    Other,
}

/// The metadata of one layer entry, without its body.
///
/// Whiteouts (`.wh.name`, `.wh..wh..opq`) are passed as they appear in the
/// tar, so an observer can apply them to its own state.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EntryMeta<'a> {
    /// 0-based index of the layer.
    pub layer: usize,
    /// Absolute, lexically normalised tar path (`/usr/bin/su`); symlinked
    /// parent directories are not resolved.
    pub path: &'a str,
    /// The entry's type.
    pub kind: EntryType,
    /// Permission and special bits (`0o4755` for a setuid binary).
    pub mode: u32,
    /// Owner uid.
    pub uid: u64,
    /// Owner gid.
    pub gid: u64,
    /// Body size in bytes.
    pub size: u64,
}

/// What the observer wants done with an entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EntryDecision {
    /// Apply it normally (kept when the `wanted` predicate says so).
    Default,
    /// Apply it, but never keep its body even if wanted (e.g. over a size cap).
    SkipBody,
}
