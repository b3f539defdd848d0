//! The squashed filesystem as layers are applied: wanted files (with their
//! history), every symlink, whiteouts, opaque directories and hardlinks.

use std::collections::{BTreeMap, BTreeSet};
use std::io::Read;
use std::sync::Arc;

use crate::files::{normalize, resolve_with};
use crate::{CollectedFiles, HEAD_LEN, ImageError, Sniffer};

/// What a layer entry is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum EntryKind {
    /// A regular file.
    File,
    /// A directory.
    Directory,
    /// A symbolic link to the raw target.
    Symlink(String),
    /// A hard link to another tar path.
    Hardlink(String),
    /// A device, fifo or other non-directory.
    Other,
}

/// Name of the opaque-directory marker.
const OPAQUE: &str = ".wh..wh..opq";
/// Prefix of whiteout entries.
const WHITEOUT: &str = ".wh.";

#[derive(Debug, Clone)]
struct Link {
    target: String,
    layer: usize,
}

/// Memory limits for kept files.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Limits {
    pub(crate) max_file_size: u64,
    pub(crate) max_total_kept: u64,
}

/// Applies layer entries in order, keeping the wanted files.
pub(crate) struct Walker<'w> {
    wanted: &'w dyn Fn(&str) -> bool,
    limits: Limits,
    files: CollectedFiles,
    symlinks: BTreeMap<String, Link>,
    /// Absolute (lexical) link target → the symlinks pointing there.
    pointed_by: BTreeMap<String, BTreeSet<String>>,
    kept_total: u64,
    sniffer: Option<&'w dyn Sniffer>,
    /// Physical paths whose current content is a sniffer reduction (so a
    /// hard link to one shares it).
    sniffed: BTreeSet<String>,
}

impl<'w> Walker<'w> {
    pub(crate) fn new(wanted: &'w dyn Fn(&str) -> bool, limits: Limits) -> Self {
        Self {
            wanted,
            limits,
            files: CollectedFiles::default(),
            symlinks: BTreeMap::new(),
            pointed_by: BTreeMap::new(),
            kept_total: 0,
            sniffer: None,
            sniffed: BTreeSet::new(),
        }
    }

    /// Also keeps the files `sniffer` picks by content, reduced.
    pub(crate) fn with_sniffer(mut self, sniffer: Option<&'w dyn Sniffer>) -> Self {
        self.sniffer = sniffer;
        self
    }

    /// The collected files with the final symlink table.
    pub(crate) fn finish(mut self) -> CollectedFiles {
        for (path, link) in &self.symlinks {
            self.files.set_symlink(path, Some(&link.target));
        }
        self.files
    }

    /// Applies one entry of layer `layer`. `raw_path` is the tar name; `body`
    /// yields the file's `size` bytes (read only when the file is kept).
    #[cfg(test)]
    pub(crate) fn apply(
        &mut self,
        layer: usize,
        raw_path: &str,
        kind: EntryKind,
        size: u64,
        body: &mut dyn Read,
    ) -> Result<(), ImageError> {
        self.apply_with(layer, raw_path, kind, size, 0o644, body, true)
    }

    /// [`Walker::apply`] with the entry's tar mode bits (for the sniffer);
    /// `keep_body` false treats a wanted file as not wanted (an observer
    /// capped it).
    #[allow(clippy::too_many_arguments, reason = "one tar entry's fields, passed through from the reader")]
    pub(crate) fn apply_with(
        &mut self,
        layer: usize,
        raw_path: &str,
        kind: EntryKind,
        size: u64,
        mode: u32,
        body: &mut dyn Read,
        keep_body: bool,
    ) -> Result<(), ImageError> {
        let Some(path) = clean_path(raw_path) else { return Ok(()) };
        let Some((parent, name)) = path.rsplit_once('/') else { return Ok(()) };
        if name.is_empty() {
            return Ok(());
        }
        let parent = self.resolve_dir(parent);
        if name == OPAQUE {
            self.delete(&parent, false, layer);
            return Ok(());
        }
        if let Some(victim) = name.strip_prefix(WHITEOUT) {
            if !victim.is_empty() && !victim.starts_with(WHITEOUT) {
                self.delete(&join(&parent, victim), true, layer);
            }
            return Ok(());
        }
        let phys = join(&parent, name);
        match kind {
            EntryKind::Directory => {
                self.remove_symlink(&phys);
                self.drop_file(&phys, layer);
            }
            EntryKind::File => {
                self.replace_with_non_dir(&phys, layer);
                self.sniffed.remove(&phys);
                if keep_body && self.is_wanted(&phys, &path) {
                    let content = self.read_kept(&phys, size, body)?;
                    self.files.push(&phys, layer, Some(content));
                } else if let Some(reduced) = self.sniff(&phys, size, mode, body)? {
                    self.files.push(&phys, layer, Some(reduced));
                    self.sniffed.insert(phys);
                } else {
                    self.drop_file(&phys, layer);
                }
            }
            EntryKind::Symlink(target) => {
                self.replace_with_non_dir(&phys, layer);
                self.drop_file(&phys, layer);
                self.add_symlink(phys, target, layer);
            }
            EntryKind::Hardlink(target) => {
                let source = clean_path(&target).map(|t| match t.rsplit_once('/') {
                    Some((dir, base)) => join(&self.resolve_dir(dir), base),
                    None => t,
                });
                let reduced = source.as_ref().is_some_and(|s| self.sniffed.contains(s));
                let content = source.and_then(|s| self.files.current(&s).cloned());
                self.replace_with_non_dir(&phys, layer);
                match content {
                    Some(content) if reduced => {
                        self.files.push(&phys, layer, Some(content));
                        self.sniffed.insert(phys);
                    }
                    Some(content) if keep_body && self.is_wanted(&phys, &path) => {
                        self.files.push(&phys, layer, Some(content))
                    }
                    // Target not kept: its content is unknown, so an older
                    // revision must not stay current.
                    _ => self.drop_file(&phys, layer),
                }
            }
            EntryKind::Other => {
                self.replace_with_non_dir(&phys, layer);
                self.drop_file(&phys, layer);
            }
        }
        Ok(())
    }

    /// Offers a file nobody wanted by path to the sniffer: head check, size
    /// cap, full read, reduction. `None` when nothing is kept.
    fn sniff(
        &mut self,
        path: &str,
        size: u64,
        mode: u32,
        body: &mut dyn Read,
    ) -> Result<Option<Arc<[u8]>>, ImageError> {
        let Some(sniffer) = self.sniffer else { return Ok(None) };
        if size < 4 || !sniffer.considers(path, mode) {
            return Ok(None);
        }
        let mut head = Vec::with_capacity(HEAD_LEN);
        body.take(HEAD_LEN.min(usize::try_from(size).unwrap_or(HEAD_LEN)) as u64).read_to_end(&mut head)?;
        if !sniffer.head_matches(&head) {
            return Ok(None);
        }
        if size > sniffer.max_size() {
            self.files.note(format!(
                "{path}: not inspected: {size} bytes is more than the {} byte limit for binaries and archives",
                sniffer.max_size()
            ));
            return Ok(None);
        }
        let mut content = Vec::with_capacity(usize::try_from(size).unwrap_or(0));
        content.extend_from_slice(&head);
        body.take(size - head.len() as u64).read_to_end(&mut content)?;
        match sniffer.reduce(path, &content) {
            Ok(None) => Ok(None),
            Ok(Some(reduced)) => {
                if self.kept_total.saturating_add(reduced.len() as u64) > self.limits.max_total_kept {
                    return Err(ImageError::LimitExceeded(format!(
                        "keeping what was read from {path} ({} bytes) would exceed max_total_kept ({})",
                        reduced.len(),
                        self.limits.max_total_kept
                    )));
                }
                self.kept_total += reduced.len() as u64;
                Ok(Some(Arc::from(reduced)))
            }
            Err(reason) => {
                self.files.note(format!("{path}: {reason}"));
                Ok(None)
            }
        }
    }

    fn read_kept(&mut self, path: &str, size: u64, body: &mut dyn Read) -> Result<Arc<[u8]>, ImageError> {
        if size > self.limits.max_file_size {
            return Err(ImageError::LimitExceeded(format!(
                "{path} is {size} bytes, more than max_file_size ({})",
                self.limits.max_file_size
            )));
        }
        if self.kept_total.saturating_add(size) > self.limits.max_total_kept {
            return Err(ImageError::LimitExceeded(format!(
                "keeping {path} ({size} bytes) would exceed max_total_kept ({})",
                self.limits.max_total_kept
            )));
        }
        let mut buf = Vec::with_capacity(usize::try_from(size).unwrap_or(0));
        body.take(size).read_to_end(&mut buf)?;
        self.kept_total += buf.len() as u64;
        Ok(Arc::from(buf))
    }

    /// Whether a file at physical path `phys` (tar path `path`) is wanted,
    /// directly or as seen through a symlink already known (to the file or
    /// to a directory above it). A symlink that appears after the file
    /// cannot make it wanted: its bytes have already streamed past.
    fn is_wanted(&self, phys: &str, path: &str) -> bool {
        let wanted = self.wanted;
        if wanted(phys) || (path != phys && wanted(path)) {
            return true;
        }
        if self.pointed_by.get(phys).is_some_and(|links| links.iter().any(|link| wanted(link))) {
            return true;
        }
        let mut end = phys.len();
        while let Some(cut) = phys.get(..end).and_then(|p| p.rfind('/')) {
            if cut == 0 {
                break;
            }
            let (dir, rest) = phys.split_at(cut);
            if let Some(links) = self.pointed_by.get(dir)
                && links.iter().any(|link| wanted(&format!("{link}{rest}")))
            {
                return true;
            }
            end = cut;
        }
        false
    }

    /// Resolves symlinks along directory `dir` (lexically on loops).
    fn resolve_dir(&self, dir: &str) -> String {
        if self.symlinks.is_empty() {
            return normalize(dir);
        }
        resolve_with(|p| self.symlinks.get(p).map(|l| l.target.as_str()), dir).unwrap_or_else(|| normalize(dir))
    }

    /// A non-directory replaces whatever was at `phys`: a symlink there and
    /// anything below it are gone.
    fn replace_with_non_dir(&mut self, phys: &str, layer: usize) {
        self.remove_symlink(phys);
        for (child, _) in self.files.live_under(phys) {
            self.files.push(&child, layer, None);
        }
        self.remove_symlinks_under(phys, usize::MAX);
    }

    /// Marks a kept file at `phys` deleted, if present.
    fn drop_file(&mut self, phys: &str, layer: usize) {
        self.sniffed.remove(phys);
        if self.files.live_layer(phys).is_some() {
            self.files.push(phys, layer, None);
        }
    }

    /// Deletes what lower layers left under `dir` (and `dir` itself when
    /// `with_self`): whiteouts and opaque markers only hide lower layers.
    fn delete(&mut self, dir: &str, with_self: bool, layer: usize) {
        if with_self {
            if self.files.live_layer(dir).is_some_and(|l| l < layer) {
                self.files.push(dir, layer, None);
            }
            if self.symlinks.get(dir).is_some_and(|l| l.layer < layer) {
                self.remove_symlink(dir);
            }
        }
        for (child, from) in self.files.live_under(dir) {
            if from < layer {
                self.files.push(&child, layer, None);
            }
        }
        self.remove_symlinks_under(dir, layer);
    }

    fn add_symlink(&mut self, path: String, target: String, layer: usize) {
        let pointed = absolute_target(&path, &target);
        self.pointed_by.entry(pointed).or_default().insert(path.clone());
        if let Some(old) = self.symlinks.insert(path.clone(), Link { target, layer }) {
            self.unpoint(&path, &old.target);
        }
    }

    fn remove_symlink(&mut self, path: &str) {
        if let Some(old) = self.symlinks.remove(path) {
            self.unpoint(path, &old.target);
        }
    }

    /// Removes symlinks strictly below `dir` that came from layers before `before`.
    fn remove_symlinks_under(&mut self, dir: &str, before: usize) {
        let prefix = format!("{}/", dir.trim_end_matches('/'));
        let doomed: Vec<String> = self
            .symlinks
            .range(prefix.clone()..)
            .take_while(|(p, _)| p.starts_with(&prefix))
            .filter(|(_, l)| l.layer < before)
            .map(|(p, _)| p.clone())
            .collect();
        for p in doomed {
            self.remove_symlink(&p);
        }
    }

    fn unpoint(&mut self, path: &str, target: &str) {
        let pointed = absolute_target(path, target);
        if let Some(set) = self.pointed_by.get_mut(&pointed) {
            set.remove(path);
            if set.is_empty() {
                self.pointed_by.remove(&pointed);
            }
        }
    }
}

/// The lexical absolute target of the symlink at `path`.
fn absolute_target(path: &str, target: &str) -> String {
    if target.starts_with('/') {
        normalize(target)
    } else {
        let parent = path.rsplit_once('/').map_or("", |(p, _)| p);
        normalize(&format!("{parent}/{target}"))
    }
}

fn join(dir: &str, name: &str) -> String {
    if dir == "/" { format!("/{name}") } else { format!("{dir}/{name}") }
}

/// The absolute form of a tar path (`./usr/x` → `/usr/x`); `None` when it
/// escapes the root through `..`.
pub(crate) fn clean_path(raw: &str) -> Option<String> {
    let mut parts: Vec<&str> = Vec::new();
    for part in raw.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            p => parts.push(p),
        }
    }
    Some(format!("/{}", parts.join("/")))
}

#[cfg(test)]
mod tests {
    use super::*;

    const LIMITS: Limits = Limits { max_file_size: 1 << 20, max_total_kept: 1 << 20 };

    fn want_var_lib(p: &str) -> bool {
        p.starts_with("/var/lib/")
    }

    fn file(w: &mut Walker<'_>, layer: usize, path: &str, body: &str) {
        w.apply(layer, path, EntryKind::File, body.len() as u64, &mut body.as_bytes()).unwrap();
    }

    fn other(w: &mut Walker<'_>, layer: usize, path: &str, kind: EntryKind) {
        w.apply(layer, path, kind, 0, &mut std::io::empty()).unwrap();
    }

    #[test]
    fn paths_are_cleaned_and_escapes_rejected() {
        assert_eq!(clean_path("./usr/x").as_deref(), Some("/usr/x"));
        assert_eq!(clean_path("usr//./x/").as_deref(), Some("/usr/x"));
        assert_eq!(clean_path("../etc/passwd"), None);
        assert_eq!(clean_path("a/../../b"), None);
    }

    #[test]
    fn escaping_entries_are_skipped() {
        let mut w = Walker::new(&want_var_lib, LIMITS);
        file(&mut w, 0, "../var/lib/x", "evil");
        assert!(w.finish().iter().next().is_none());
    }

    #[test]
    fn whiteout_only_hides_lower_layers() {
        let mut w = Walker::new(&want_var_lib, LIMITS);
        file(&mut w, 0, "var/lib/a", "0");
        file(&mut w, 1, "var/lib/b", "1");
        other(&mut w, 1, "var/lib/.wh.b", EntryKind::File);
        other(&mut w, 1, "var/lib/.wh.a", EntryKind::File);
        let f = w.finish();
        assert!(f.get("/var/lib/a").is_none());
        assert_eq!(f.history("/var/lib/a")[1].layer, 1);
        assert_eq!(f.get("/var/lib/b").unwrap().content, b"1");
    }

    #[test]
    fn alias_through_directory_symlink_is_wanted() {
        let wanted = |p: &str| p == "/var/lib/rpm/Packages";
        let mut w = Walker::new(&wanted, LIMITS);
        other(&mut w, 0, "var/lib/rpm", EntryKind::Symlink("../../usr/lib/sysimage/rpm".into()));
        file(&mut w, 0, "usr/lib/sysimage/rpm/Packages", "db");
        file(&mut w, 0, "usr/lib/sysimage/rpm/Other", "no");
        let f = w.finish();
        assert_eq!(f.get("/var/lib/rpm/Packages").unwrap().path, "/usr/lib/sysimage/rpm/Packages");
        assert_eq!(f.iter().count(), 1);
    }

    #[test]
    fn entries_under_a_symlinked_directory_land_on_its_target() {
        let wanted = |p: &str| p == "/lib/apk/db/installed";
        let mut w = Walker::new(&wanted, LIMITS);
        other(&mut w, 0, "lib", EntryKind::Symlink("usr/lib".into()));
        file(&mut w, 1, "lib/apk/db/installed", "P:musl");
        let f = w.finish();
        assert_eq!(f.history("/usr/lib/apk/db/installed").len(), 1);
        assert_eq!(f.get("/lib/apk/db/installed").unwrap().content, b"P:musl");
    }

    #[test]
    fn limits_name_the_path() {
        let small = Limits { max_file_size: 3, max_total_kept: 5 };
        let mut w = Walker::new(&want_var_lib, small);
        let err = w.apply(0, "var/lib/big", EntryKind::File, 4, &mut &b"1234"[..]).unwrap_err();
        assert_eq!(err.to_string(), "limit exceeded: /var/lib/big is 4 bytes, more than max_file_size (3)");
        file(&mut w, 0, "var/lib/a", "123");
        let err = w.apply(0, "var/lib/b", EntryKind::File, 3, &mut &b"123"[..]).unwrap_err();
        assert!(err.to_string().contains("/var/lib/b (3 bytes) would exceed max_total_kept (5)"), "{err}");
    }

    /// Keeps executables starting `EX`, reduced to their length; caps at 10 bytes.
    struct Exe;

    impl Sniffer for Exe {
        fn considers(&self, _path: &str, mode: u32) -> bool {
            mode & 0o111 != 0
        }
        fn max_size(&self) -> u64 {
            10
        }
        fn head_matches(&self, head: &[u8]) -> bool {
            head.starts_with(b"EX")
        }
        fn reduce(&self, _path: &str, content: &[u8]) -> Result<Option<Vec<u8>>, String> {
            match content {
                [.., b'!'] => Err("broken".into()),
                [.., b'?'] => Ok(None),
                _ => Ok(Some(content.len().to_string().into_bytes())),
            }
        }
    }

    #[test]
    fn sniffed_files_are_reduced_capped_and_noted() {
        let nothing = |_: &str| false;
        let mut w = Walker::new(&nothing, LIMITS).with_sniffer(Some(&Exe));
        let mut put = |path: &str, mode: u32, body: &str| {
            w.apply_with(0, path, EntryKind::File, body.len() as u64, mode, &mut body.as_bytes(), true).unwrap();
        };
        put("bin/a", 0o755, "EXabc");
        put("bin/not-exec", 0o644, "EXabc");
        put("bin/script", 0o755, "#!/bin/sh");
        put("bin/big", 0o755, "EX0123456789");
        put("bin/broken", 0o755, "EXX!");
        put("bin/plain", 0o755, "EXX?");
        w.apply_with(0, "bin/a-link", EntryKind::Hardlink("bin/a".into()), 0, 0o755, &mut std::io::empty(), true)
            .unwrap();
        let f = w.finish();
        assert_eq!(
            f.iter().map(|r| (r.path, r.content)).collect::<Vec<_>>(),
            [("/bin/a", &b"5"[..]), ("/bin/a-link", &b"5"[..])]
        );
        assert_eq!(
            f.notes(),
            [
                "/bin/big: not inspected: 12 bytes is more than the 10 byte limit for binaries and archives",
                "/bin/broken: broken"
            ]
        );
    }
}
