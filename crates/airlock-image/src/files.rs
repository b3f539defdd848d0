//! The wanted files, as each layer left them.

use std::collections::BTreeMap;
use std::sync::Arc;

/// One state of a wanted path after a layer: new content, or deleted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Revision {
    /// Index of the layer that made this change.
    pub layer: usize,
    /// The content after that layer; `None` when the layer removed the file
    /// (whiteout, opaque directory, or a parent replaced by a non-directory).
    pub content: Option<Arc<[u8]>>,
}

/// A file in the final (squashed) view.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FileRef<'a> {
    /// The physical path after resolving symlinks.
    pub path: &'a str,
    /// The layer that last wrote it.
    pub layer: usize,
    /// Its content.
    pub content: &'a [u8],
}

/// The files the walker kept, keyed by absolute physical path, with every
/// revision in layer order, plus the final symlink table for lookups.
#[derive(Debug, Clone, Default)]
pub struct CollectedFiles {
    revisions: BTreeMap<String, Vec<Revision>>,
    symlinks: BTreeMap<String, String>,
    notes: Vec<String>,
}

impl CollectedFiles {
    /// Records a new revision of `path` (used by the walker, and by tests to
    /// build file sets without a tar).
    pub fn push(&mut self, path: &str, layer: usize, content: Option<Arc<[u8]>>) {
        self.revisions.entry(path.to_owned()).or_default().push(Revision { layer, content });
    }

    /// Records a note about a file that was looked at but not kept (too
    /// large, unreadable); catalogers pass these on as warnings.
    pub fn note(&mut self, note: String) {
        self.notes.push(note);
    }

    /// The notes recorded while walking, in order.
    pub fn notes(&self) -> &[String] {
        &self.notes
    }

    /// Records (or, with `None`, removes) a symlink in the final view.
    pub fn set_symlink(&mut self, path: &str, target: Option<&str>) {
        match target {
            Some(t) => {
                self.symlinks.insert(path.to_owned(), t.to_owned());
            }
            None => {
                self.symlinks.remove(path);
            }
        }
    }

    /// Every revision of a physical path, oldest first (empty if never kept).
    pub fn history(&self, path: &str) -> &[Revision] {
        self.revisions.get(path).map_or(&[], Vec::as_slice)
    }

    /// Resolves symlinks in `path` against the final view (at most 40 hops).
    pub fn resolve(&self, path: &str) -> Option<String> {
        resolve(&self.symlinks, path)
    }

    /// The final content of `path`, following symlinks; `None` if absent or
    /// deleted.
    pub fn get(&self, path: &str) -> Option<FileRef<'_>> {
        let resolved = self.resolve(path)?;
        let (key, revs) = self.revisions.get_key_value(resolved.as_str())?;
        let last = revs.last()?;
        let content = last.content.as_deref()?;
        Some(FileRef { path: key, layer: last.layer, content })
    }

    /// Final files directly inside directory `dir` (following symlinks on the
    /// way to it), sorted by path.
    pub fn list_dir(&self, dir: &str) -> Vec<FileRef<'_>> {
        let Some(dir) = self.resolve(dir) else { return Vec::new() };
        let prefix = format!("{}/", dir.trim_end_matches('/'));
        self.revisions
            .range(prefix.clone()..)
            .take_while(|(p, _)| p.starts_with(&prefix))
            .filter(|(p, _)| !p[prefix.len()..].contains('/'))
            .filter_map(|(p, revs)| {
                let last = revs.last()?;
                Some(FileRef { path: p, layer: last.layer, content: last.content.as_deref()? })
            })
            .collect()
    }

    /// All files present in the final view, sorted by path.
    pub fn iter(&self) -> impl Iterator<Item = FileRef<'_>> {
        self.revisions.iter().filter_map(|(p, revs)| {
            let last = revs.last()?;
            Some(FileRef { path: p, layer: last.layer, content: last.content.as_deref()? })
        })
    }

    /// Every path ever kept, present or deleted since, sorted (see [`Self::history`]).
    pub fn paths(&self) -> impl Iterator<Item = &str> {
        self.revisions.keys().map(String::as_str)
    }

    /// Total bytes of the final contents (for limits and reports).
    pub fn total_bytes(&self) -> u64 {
        self.iter().map(|f| f.content.len() as u64).sum()
    }

    /// The current content of a physical path (no symlink resolution).
    pub(crate) fn current(&self, path: &str) -> Option<&Arc<[u8]>> {
        self.revisions.get(path)?.last()?.content.as_ref()
    }

    /// The layer of the current content of a physical path, if present.
    pub(crate) fn live_layer(&self, path: &str) -> Option<usize> {
        let last = self.revisions.get(path)?.last()?;
        last.content.as_ref().map(|_| last.layer)
    }

    /// Present paths strictly below directory `dir`, with the layer that wrote them.
    pub(crate) fn live_under(&self, dir: &str) -> Vec<(String, usize)> {
        let prefix = format!("{}/", dir.trim_end_matches('/'));
        self.revisions
            .range(prefix.clone()..)
            .take_while(|(p, _)| p.starts_with(&prefix))
            .filter_map(|(p, revs)| {
                let last = revs.last()?;
                last.content.as_ref().map(|_| (p.clone(), last.layer))
            })
            .collect()
    }
}

/// Normalises an absolute path: collapses `//`, `.` and `..` (never above `/`).
pub(crate) fn normalize(path: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            p => parts.push(p),
        }
    }
    format!("/{}", parts.join("/"))
}

fn resolve(symlinks: &BTreeMap<String, String>, path: &str) -> Option<String> {
    resolve_with(|p| symlinks.get(p).map(String::as_str), path)
}

/// Resolves symlinks in `path` using `lookup` (path → raw link target), at
/// most 40 hops; `None` on a loop.
pub(crate) fn resolve_with<'a>(lookup: impl Fn(&str) -> Option<&'a str>, path: &str) -> Option<String> {
    let mut current = normalize(path);
    for _ in 0..40 {
        let mut changed = false;
        // Find the longest-prefix symlink among the path's ancestors (or itself).
        let comps: Vec<&str> = current.split('/').skip(1).collect();
        for i in 1..=comps.len() {
            let prefix = format!("/{}", comps[..i].join("/"));
            if let Some(target) = lookup(&prefix) {
                let base = if target.starts_with('/') {
                    target.to_owned()
                } else {
                    let parent = prefix.rsplit_once('/').map_or("", |(p, _)| p);
                    format!("{parent}/{target}")
                };
                let rest = comps[i..].join("/");
                current = normalize(&format!("{base}/{rest}"));
                changed = true;
                break;
            }
        }
        if !changed {
            return Some(current);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn arc(s: &str) -> Option<Arc<[u8]>> {
        Some(Arc::from(s.as_bytes()))
    }

    #[test]
    fn follows_relative_and_directory_symlinks() {
        let mut f = CollectedFiles::default();
        f.push("/usr/lib/os-release", 0, arc("ID=debian"));
        f.set_symlink("/etc/os-release", Some("../usr/lib/os-release"));
        f.push("/usr/lib/sysimage/rpm/rpmdb.sqlite", 1, arc("db"));
        f.set_symlink("/var/lib/rpm", Some("../../usr/lib/sysimage/rpm"));
        assert_eq!(f.get("/etc/os-release").unwrap().content, b"ID=debian");
        assert_eq!(f.get("/var/lib/rpm/rpmdb.sqlite").unwrap().layer, 1);
        assert_eq!(f.list_dir("/var/lib/rpm").len(), 1);
    }

    #[test]
    fn deleted_files_are_absent_but_keep_history() {
        let mut f = CollectedFiles::default();
        f.push("/var/lib/dpkg/status", 0, arc("a"));
        f.push("/var/lib/dpkg/status", 1, None);
        assert!(f.get("/var/lib/dpkg/status").is_none());
        assert_eq!(f.history("/var/lib/dpkg/status").len(), 2);
    }

    #[test]
    fn symlink_loops_end() {
        let mut f = CollectedFiles::default();
        f.set_symlink("/a", Some("/b"));
        f.set_symlink("/b", Some("/a"));
        assert!(f.resolve("/a/x").is_none());
    }
}
