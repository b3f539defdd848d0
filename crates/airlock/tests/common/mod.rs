//! Helpers shared by the facade's integration tests: where the shared data
//! is, and one snapshot built from all of `../shared/advisories` per test
//! binary (through the codec, as the CLI loads it).
#![allow(dead_code, reason = "each test binary uses a subset of the helpers")]

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use airlock::Snapshot;

/// `$AIRLOCK_SHARED`, else `../shared` beside the checkout.
pub(crate) fn shared() -> PathBuf {
    let dir = std::env::var_os("AIRLOCK_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared"));
    assert!(dir.join("advisories").is_dir(), "shared data missing at {} (set AIRLOCK_SHARED)", dir.display());
    dir
}

/// The snapshot of every advisory archive, built once per test binary.
pub(crate) fn snapshot() -> &'static Snapshot {
    static SNAPSHOT: OnceLock<Snapshot> = OnceLock::new();
    SNAPSHOT.get_or_init(|| {
        let outcome = airlock_db::build::build_snapshot(&shared().join("advisories"), &mut |_| {}).expect("build");
        Snapshot::from_bytes(&outcome.snapshot.to_bytes()).expect("decode")
    })
}
