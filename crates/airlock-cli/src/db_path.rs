//! Where the advisory snapshot lives by default, and loading it.

use std::path::{Path, PathBuf};

use airlock::Snapshot;
use anyhow::Context;

/// `--db`, else `$AIRLOCK_DB`, else `$XDG_CACHE_HOME/airlock/airlock.snapshot`,
/// else `~/.cache/airlock/airlock.snapshot`, else `./airlock.snapshot`.
pub(crate) fn resolve(explicit: Option<&Path>) -> PathBuf {
    if let Some(p) = explicit {
        return p.to_path_buf();
    }
    if let Some(p) = std::env::var_os("AIRLOCK_DB").filter(|p| !p.is_empty()) {
        return PathBuf::from(p);
    }
    let cache = std::env::var_os("XDG_CACHE_HOME")
        .filter(|p| !p.is_empty())
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cache")));
    match cache {
        Some(dir) => dir.join("airlock").join("airlock.snapshot"),
        None => PathBuf::from("airlock.snapshot"),
    }
}

/// Loads and checks a snapshot; the error says how to build one.
pub(crate) fn load(path: &Path) -> anyhow::Result<Snapshot> {
    let bytes = std::fs::read(path).with_context(|| {
        format!(
            "advisory snapshot {} cannot be read; build one with `airlock db build --from ../shared/advisories --out {}` or pass --db",
            path.display(),
            path.display()
        )
    })?;
    Snapshot::from_bytes(&bytes).with_context(|| format!("advisory snapshot {}", path.display()))
}
