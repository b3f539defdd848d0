//! Files chosen by their content: executables and archives anywhere in the
//! image, looked at one at a time and reduced before they are kept.
//!
//! A [`Sniffer`] sees every regular file the path predicate did not want.
//! For the ones it [`considers`](Sniffer::considers) the walker reads the
//! first [`HEAD_LEN`] bytes; when they match, and the file is no larger
//! than [`Sniffer::max_size`], the whole file is read, handed to
//! [`Sniffer::reduce`] and only the reduced bytes are kept. Memory is thus
//! bounded by one file at a time plus the reductions. Files over the cap
//! and reductions that fail become notes ([`crate::CollectedFiles::notes`]).

/// Bytes of a file's head passed to [`Sniffer::head_matches`].
pub const HEAD_LEN: usize = 16;

/// Chooses and reduces files by content (see the module docs).
pub trait Sniffer {
    /// Whether a file not wanted by path should have its head looked at,
    /// given its absolute path and tar mode bits.
    fn considers(&self, path: &str, mode: u32) -> bool;
    /// Largest file read in full; larger matching files are skipped with a note.
    fn max_size(&self) -> u64;
    /// Whether the first bytes (at most [`HEAD_LEN`]) are of a wanted kind.
    fn head_matches(&self, head: &[u8]) -> bool;
    /// Reduces the whole content to what the catalogers need: `Ok(None)`
    /// drops the file, `Err` drops it with a note naming the problem.
    fn reduce(&self, path: &str, content: &[u8]) -> Result<Option<Vec<u8>>, String>;
}
