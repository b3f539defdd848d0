//! Pass 1: an index of the outer tar (entry name → data offset and size).
//!
//! Entry bodies are skipped by seeking; only the small top-level documents
//! (`manifest.json`, `index.json`, `oci-layout`, `repositories`) are read.
//! Blobs are read later by seeking back to their offsets.

use std::collections::HashMap;
use std::io::{self, Read, Seek, SeekFrom};

use crate::ImageError;

/// Largest JSON document (manifest, index, config) read into memory.
pub(crate) const MAX_DOCUMENT: u64 = 16 << 20;

/// Top-level documents read during indexing.
const DOCUMENTS: [&str; 4] = ["manifest.json", "index.json", "oci-layout", "repositories"];

/// Where an entry's data lies in the outer archive.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct EntryLoc {
    /// Offset of the first data byte.
    pub(crate) offset: u64,
    /// Data length.
    pub(crate) size: u64,
}

/// A reader that counts the bytes it returned and remembers hitting the end.
pub(crate) struct Tracked<S> {
    inner: S,
    bytes_read: u64,
    eof_hit: bool,
}

impl<S> Tracked<S> {
    pub(crate) fn new(inner: S) -> Self {
        Self { inner, bytes_read: 0, eof_hit: false }
    }

    /// Bytes returned by `read` so far (skipped bytes are not counted).
    pub(crate) fn bytes_read(&self) -> u64 {
        self.bytes_read
    }
}

impl<S: Read> Read for Tracked<S> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        match self.inner.read(buf) {
            Ok(0) if !buf.is_empty() => {
                self.eof_hit = true;
                Ok(0)
            }
            Ok(n) => {
                self.bytes_read += n as u64;
                Ok(n)
            }
            Err(e) => {
                if e.kind() == io::ErrorKind::UnexpectedEof {
                    self.eof_hit = true;
                }
                Err(e)
            }
        }
    }
}

impl<S: Seek> Seek for Tracked<S> {
    fn seek(&mut self, pos: SeekFrom) -> io::Result<u64> {
        self.inner.seek(pos)
    }
}

/// The outer archive's table of contents.
#[derive(Debug, Default)]
pub(crate) struct OuterIndex {
    entries: HashMap<String, EntryLoc>,
    links: HashMap<String, String>,
    documents: HashMap<String, Vec<u8>>,
    /// Whether the tar ended with its end-of-archive block (not cut short).
    pub(crate) complete: bool,
    /// Name of the last entry seen, for error messages.
    pub(crate) last_entry: Option<String>,
}

impl OuterIndex {
    /// Indexes the tar read from `src` (positioned at its start). `total_len`
    /// is the archive's length when known, to detect entries cut short.
    pub(crate) fn build<S: Read + Seek>(src: &mut Tracked<S>, total_len: Option<u64>) -> Result<Self, ImageError> {
        sniff_start(src)?;
        let mut index = OuterIndex::default();
        let mut archive = tar::Archive::new(&mut *src);
        let entries = archive.entries_with_seek().map_err(|e| not_a_tar(&e))?;
        for entry in entries {
            let mut entry = match entry {
                Ok(entry) => entry,
                Err(e) => return Err(index.iteration_error(&e, total_len)),
            };
            let name = entry_name(&entry.path_bytes());
            let loc = EntryLoc { offset: entry.raw_file_position(), size: entry.size() };
            index.last_entry = Some(name.clone());
            match entry.header().entry_type() {
                tar::EntryType::Symlink | tar::EntryType::Link => {
                    if let Some(target) = entry.link_name_bytes() {
                        let target = String::from_utf8_lossy(&target).into_owned();
                        index.links.insert(name, target);
                    }
                    continue;
                }
                t if !(t.is_file() || t == tar::EntryType::Continuous) => continue,
                _ => {}
            }
            if let Some(len) = total_len
                && loc.offset.saturating_add(loc.size) > len
            {
                return Err(ImageError::Truncated {
                    detail: format!(
                        "entry {name} needs {} bytes at offset {} but the archive is {len} bytes long",
                        loc.size, loc.offset
                    ),
                });
            }
            if DOCUMENTS.contains(&name.as_str()) {
                let body = read_limited(&mut entry, loc.size, &name)?;
                index.documents.insert(name.clone(), body);
            }
            index.entries.insert(name, loc);
        }
        index.complete = !src.eof_hit;
        if index.entries.is_empty() && index.links.is_empty() {
            return Err(ImageError::NotAnImage { reason: "the tar archive holds no files".into() });
        }
        Ok(index)
    }

    fn iteration_error(&self, e: &io::Error, total_len: Option<u64>) -> ImageError {
        let after = self.last_entry.as_deref().map_or_else(|| "at its start".to_owned(), |n| format!("after {n}"));
        let short = total_len.is_some_and(|len| len % 512 != 0) || e.kind() == io::ErrorKind::UnexpectedEof;
        if short || e.to_string().contains("entire block") {
            ImageError::Truncated { detail: format!("the outer tar ends inside a header {after}: {e}") }
        } else if self.last_entry.is_none() {
            not_a_tar(e)
        } else {
            ImageError::NotAnImage { reason: format!("corrupt tar header {after}: {e}") }
        }
    }

    /// A top-level document read during indexing.
    pub(crate) fn document(&self, name: &str) -> Option<&[u8]> {
        self.documents.get(name).map(Vec::as_slice)
    }

    /// Finds an entry by name, following links inside the archive (the
    /// legacy `<id>/layer.tar` entries are often symlinks).
    pub(crate) fn locate(&self, name: &str) -> Option<EntryLoc> {
        let mut name = clean_name(name);
        for _ in 0..8 {
            if let Some(loc) = self.entries.get(&name) {
                return Some(*loc);
            }
            let target = self.links.get(&name)?;
            name = match target.strip_prefix('/') {
                Some(abs) => clean_name(abs),
                None => {
                    let dir = name.rsplit_once('/').map_or("", |(d, _)| d);
                    clean_name(&format!("{dir}/{target}"))
                }
            };
        }
        None
    }

    /// Error for a blob the plan needs but the index lacks.
    pub(crate) fn missing(&self, name: &str) -> ImageError {
        if self.complete {
            ImageError::MissingBlob(name.to_owned())
        } else {
            let after = self.last_entry.as_deref().unwrap_or("its start");
            ImageError::Truncated { detail: format!("the archive ends after {after}, before blob {name}") }
        }
    }
}

/// Reads an indexed entry into memory (for JSON documents).
pub(crate) fn read_entry<S: Read + Seek>(src: &mut S, loc: EntryLoc, name: &str) -> Result<Vec<u8>, ImageError> {
    src.seek(SeekFrom::Start(loc.offset))?;
    read_limited(src, loc.size, name)
}

fn read_limited<R: Read>(src: &mut R, size: u64, name: &str) -> Result<Vec<u8>, ImageError> {
    if size > MAX_DOCUMENT {
        return Err(ImageError::LimitExceeded(format!(
            "document {name} is {size} bytes; at most {MAX_DOCUMENT} are read"
        )));
    }
    let mut body = Vec::with_capacity(usize::try_from(size).unwrap_or(0));
    src.take(size).read_to_end(&mut body)?;
    if (body.len() as u64) < size {
        return Err(ImageError::Truncated { detail: format!("entry {name} has {} of its {size} bytes", body.len()) });
    }
    Ok(body)
}

/// Rejects empty input and JSON documents before trying to parse a tar.
fn sniff_start<S: Read + Seek>(src: &mut S) -> Result<(), ImageError> {
    let mut head = [0u8; 512];
    let mut n = 0;
    while n < head.len() {
        let got = src.read(head.get_mut(n..).unwrap_or_default())?;
        if got == 0 {
            break;
        }
        n += got;
    }
    src.seek(SeekFrom::Start(0))?;
    let head = head.get(..n).unwrap_or_default();
    if head.is_empty() {
        return Err(ImageError::NotAnImage { reason: "the input is empty".into() });
    }
    let first = head.iter().find(|b| !b.is_ascii_whitespace());
    if matches!(first, Some(b'{' | b'[')) {
        return Err(ImageError::NotAnImage {
            reason: "the input is a JSON document, not a tar archive (pass the image archive, not its manifest)".into(),
        });
    }
    if head.len() < 512 {
        return Err(ImageError::NotAnImage {
            reason: format!("the input is {} bytes, shorter than one tar block", head.len()),
        });
    }
    Ok(())
}

fn not_a_tar(e: &io::Error) -> ImageError {
    ImageError::NotAnImage { reason: format!("the input is not a tar archive ({e})") }
}

/// An entry name without `./` or `/` prefixes, `.` components or `//`.
pub(crate) fn clean_name(name: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    for part in name.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            p => parts.push(p),
        }
    }
    parts.join("/")
}

fn entry_name(raw: &[u8]) -> String {
    clean_name(&String::from_utf8_lossy(raw))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Cursor;

    fn tar_of(files: &[(&str, &[u8])]) -> Vec<u8> {
        let mut b = tar::Builder::new(Vec::new());
        for (name, data) in files {
            let mut h = tar::Header::new_gnu();
            h.set_size(data.len() as u64);
            h.set_mode(0o644);
            h.set_entry_type(tar::EntryType::Regular);
            b.append_data(&mut h, name, *data).unwrap();
        }
        b.into_inner().unwrap()
    }

    #[test]
    fn indexes_offsets_and_reads_documents() {
        let bytes = tar_of(&[("./blobs/sha256/abc", b"layer-bytes"), ("./manifest.json", b"[]")]);
        let len = bytes.len() as u64;
        let mut src = Tracked::new(Cursor::new(bytes));
        let index = OuterIndex::build(&mut src, Some(len)).unwrap();
        assert!(index.complete);
        assert_eq!(index.document("manifest.json"), Some(&b"[]"[..]));
        let loc = index.locate("blobs/sha256/abc").unwrap();
        assert_eq!(loc, EntryLoc { offset: 512, size: 11 });
        assert_eq!(read_entry(&mut src, loc, "x").unwrap(), b"layer-bytes");
    }

    #[test]
    fn cut_entry_is_truncated() {
        let mut bytes = tar_of(&[("a", &[7u8; 3000]), ("manifest.json", b"[]")]);
        bytes.truncate(2048);
        let len = bytes.len() as u64;
        let err = OuterIndex::build(&mut Tracked::new(Cursor::new(bytes)), Some(len)).unwrap_err();
        assert!(matches!(&err, ImageError::Truncated { detail } if detail.contains("entry a ")), "{err}");
    }

    #[test]
    fn clean_name_strips_prefixes() {
        assert_eq!(clean_name("./a//b/./c"), "a/b/c");
        assert_eq!(clean_name("/manifest.json"), "manifest.json");
        assert_eq!(clean_name("x/../y"), "y");
    }
}
