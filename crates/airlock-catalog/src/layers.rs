//! Which layer introduced a package's current version.
//!
//! A package database file is rewritten by every layer that installs or
//! removes packages, so the layer that last wrote it says little about a
//! given package. Instead, the file's revisions are walked from the newest
//! back: a package belongs to the earliest revision of the unbroken run
//! (ending at the final revision) that lists the same name, version and
//! architecture.

use std::collections::HashSet;

use airlock_image::{LayerInfo, Revision};
use airlock_types::LayerRef;

/// What identifies one installed package across revisions of a database.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) struct PackageKey {
    /// Package name.
    pub(crate) name: String,
    /// Version text as recorded.
    pub(crate) version: String,
    /// Architecture, if recorded.
    pub(crate) arch: Option<String>,
}

/// The packages listed by each earlier revision of one database file,
/// parsed once.
#[derive(Debug, Clone)]
pub(crate) struct RevisionIndex {
    /// Layer of the final revision (whose packages are being attributed).
    final_layer: usize,
    /// Earlier revisions, oldest first: their layer and the packages they
    /// list (empty for a deletion).
    earlier: Vec<(usize, HashSet<PackageKey>)>,
}

impl RevisionIndex {
    /// Indexes `history` (oldest first, as the walker recorded it), parsing
    /// every revision but the last with `keys`. `None` if the file is absent
    /// from the final view.
    pub(crate) fn build(history: &[Revision], mut keys: impl FnMut(&[u8]) -> HashSet<PackageKey>) -> Option<Self> {
        let (last, earlier) = history.split_last()?;
        last.content.as_ref()?;
        let earlier =
            earlier.iter().map(|rev| (rev.layer, rev.content.as_deref().map(&mut keys).unwrap_or_default())).collect();
        Some(Self { final_layer: last.layer, earlier })
    }

    /// The layer that introduced `key`, a package of the final revision.
    pub(crate) fn introduced_in(&self, key: &PackageKey) -> usize {
        self.earlier
            .iter()
            .rev()
            .take_while(|(_, keys)| keys.contains(key))
            .last()
            .map_or(self.final_layer, |(layer, _)| *layer)
    }
}

/// The [`LayerRef`] of the layer at `index`, if the image lists it.
pub(crate) fn layer_ref(layers: &[LayerInfo], index: usize) -> Option<LayerRef> {
    layers.iter().find(|l| l.index == index).map(|l| LayerRef { index, diff_id: l.diff_id.clone() })
}

#[cfg(test)]
pub(crate) mod test_support {
    use airlock_image::LayerInfo;
    use airlock_types::Digest;

    /// `count` layers with distinct, recognisable diff_ids (`0…0`, `1…1`, …).
    pub(crate) fn layers(count: usize) -> Vec<LayerInfo> {
        (0..count)
            .map(|index| LayerInfo {
                index,
                digest: None,
                diff_id: Digest::from_sha256_hex(&format!("{index:x}").repeat(64)).unwrap(),
                media_type: None,
                compressed_size: 0,
                uncompressed_size: 0,
                created_by: None,
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;

    fn key(name: &str, version: &str) -> PackageKey {
        PackageKey { name: name.into(), version: version.into(), arch: Some("amd64".into()) }
    }

    /// Test content: one `name=version` per line.
    fn keys(content: &[u8]) -> HashSet<PackageKey> {
        String::from_utf8_lossy(content).lines().filter_map(|l| l.split_once('=')).map(|(n, v)| key(n, v)).collect()
    }

    fn rev(layer: usize, text: Option<&str>) -> Revision {
        Revision { layer, content: text.map(|t| Arc::from(t.as_bytes())) }
    }

    #[test]
    fn attributes_to_the_start_of_the_unbroken_run() {
        let history = [
            rev(0, Some("libc6=2.36\ncurl=7.0")),
            rev(1, None),
            rev(2, Some("libc6=2.36\ncurl=7.0")),
            rev(3, Some("libc6=2.36\ncurl=7.88\nbash=5.2")),
            rev(4, Some("libc6=2.36\ncurl=7.88\nbash=5.2")),
        ];
        let mut parsed = 0;
        let index = RevisionIndex::build(&history, |c| {
            parsed += 1;
            keys(c)
        })
        .unwrap();
        assert_eq!(parsed, 3, "earlier revisions with content are parsed once each; the final one is not");
        // The deletion in layer 1 breaks libc6's run.
        assert_eq!(index.introduced_in(&key("libc6", "2.36")), 2);
        // Upgraded in layer 3.
        assert_eq!(index.introduced_in(&key("curl", "7.88")), 3);
        assert_eq!(index.introduced_in(&key("bash", "5.2")), 3);
        // Only in the final revision.
        assert_eq!(index.introduced_in(&key("new", "1")), 4);
        // Same name and version on another architecture is another package.
        let i386 = PackageKey { arch: Some("i386".into()), ..key("libc6", "2.36") };
        assert_eq!(index.introduced_in(&i386), 4);
    }

    #[test]
    fn absent_final_file_has_no_index() {
        assert!(RevisionIndex::build(&[], keys).is_none());
        assert!(RevisionIndex::build(&[rev(0, Some("a=1")), rev(1, None)], keys).is_none());
    }

    #[test]
    fn layer_refs_come_from_the_image_layers() {
        let layers = test_support::layers(2);
        assert_eq!(layer_ref(&layers, 1).unwrap().diff_id.hex(), "1".repeat(64));
        assert_eq!(layer_ref(&layers, 2), None);
    }
}
