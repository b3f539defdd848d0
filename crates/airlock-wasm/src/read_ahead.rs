//! `Read + Seek` over a source that can only hand out byte ranges (a browser
//! `Blob` read slice by slice), with a read-ahead buffer so the image reader's
//! many small reads become few large slice reads.

use std::io::{self, Read, Seek, SeekFrom};

/// A random-access byte source read in ranges.
pub trait SliceSource {
    /// Total size in bytes.
    fn size(&self) -> u64;
    /// Replaces `out` with the bytes `start..end` (`end <= size()`).
    fn read_range(&mut self, start: u64, end: u64, out: &mut Vec<u8>) -> io::Result<()>;
}

/// Default read-ahead: 4 MiB per slice.
pub const DEFAULT_CHUNK: usize = 4 << 20;

/// Buffered `Read + Seek` over a [`SliceSource`]. Seeking is free; bytes are
/// fetched in slices of `chunk` bytes when a read leaves the buffer.
#[derive(Debug)]
pub struct ReadAhead<S> {
    source: S,
    size: u64,
    pos: u64,
    buf: Vec<u8>,
    buf_start: u64,
    chunk: usize,
    slices: u64,
}

impl<S: SliceSource> ReadAhead<S> {
    /// Wraps `source` with a read-ahead of `chunk` bytes (at least 1).
    pub fn new(source: S, chunk: usize) -> Self {
        let size = source.size();
        Self { source, size, pos: 0, buf: Vec::new(), buf_start: 0, chunk: chunk.max(1), slices: 0 }
    }

    /// How many slices were read from the source so far.
    pub fn slices_read(&self) -> u64 {
        self.slices
    }

    fn buffered(&self) -> Option<&[u8]> {
        let offset = self.pos.checked_sub(self.buf_start)?;
        let offset = usize::try_from(offset).ok().filter(|&o| o < self.buf.len())?;
        Some(&self.buf[offset..])
    }
}

impl<S: SliceSource> Read for ReadAhead<S> {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        if out.is_empty() || self.pos >= self.size {
            return Ok(0);
        }
        if self.buffered().is_none() {
            let end = self.size.min(self.pos.saturating_add(self.chunk.max(out.len()) as u64));
            self.source.read_range(self.pos, end, &mut self.buf)?;
            self.slices += 1;
            self.buf_start = self.pos;
            if self.buf.is_empty() {
                return Err(io::Error::new(io::ErrorKind::UnexpectedEof, "the file returned no bytes"));
            }
        }
        let available = self.buffered().unwrap_or_default();
        let n = available.len().min(out.len());
        out[..n].copy_from_slice(&available[..n]);
        self.pos += n as u64;
        Ok(n)
    }
}

impl<S: SliceSource> Seek for ReadAhead<S> {
    fn seek(&mut self, to: SeekFrom) -> io::Result<u64> {
        let target = match to {
            SeekFrom::Start(p) => Some(p),
            SeekFrom::End(d) => self.size.checked_add_signed(d),
            SeekFrom::Current(d) => self.pos.checked_add_signed(d),
        };
        self.pos = target.ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "seek before the start"))?;
        Ok(self.pos)
    }
}

/// An in-memory [`SliceSource`] (tests and small inputs).
#[derive(Debug, Clone)]
pub struct BytesSource(pub Vec<u8>);

impl SliceSource for BytesSource {
    fn size(&self) -> u64 {
        self.0.len() as u64
    }

    fn read_range(&mut self, start: u64, end: u64, out: &mut Vec<u8>) -> io::Result<()> {
        let range = usize::try_from(start).ok().zip(usize::try_from(end).ok());
        let slice = range.and_then(|(s, e)| self.0.get(s..e)).ok_or_else(|| io::Error::other("range out of bounds"))?;
        out.clear();
        out.extend_from_slice(slice);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn data() -> Vec<u8> {
        (0..10_000u32).map(|i| (i * 7 % 251) as u8).collect()
    }

    #[test]
    fn reads_everything_in_chunks() {
        let mut r = ReadAhead::new(BytesSource(data()), 1000);
        let mut all = Vec::new();
        let mut piece = [0u8; 300];
        loop {
            let n = r.read(&mut piece).unwrap();
            if n == 0 {
                break;
            }
            all.extend_from_slice(&piece[..n]);
        }
        assert_eq!(all, data());
        assert_eq!(r.slices_read(), 10);
    }

    #[test]
    fn seeks_inside_and_outside_the_buffer() {
        let d = data();
        let mut r = ReadAhead::new(BytesSource(d.clone()), 512);
        let mut b = [0u8; 10];
        r.seek(SeekFrom::Start(100)).unwrap();
        r.read_exact(&mut b).unwrap();
        assert_eq!(b, d[100..110]);
        // Backwards within the buffer: no new slice.
        r.seek(SeekFrom::Current(-5)).unwrap();
        r.read_exact(&mut b).unwrap();
        assert_eq!(b, d[105..115]);
        assert_eq!(r.slices_read(), 1);
        // Far away, then from the end.
        assert_eq!(r.seek(SeekFrom::Start(9_000)).unwrap(), 9_000);
        r.read_exact(&mut b).unwrap();
        assert_eq!(b, d[9_000..9_010]);
        assert_eq!(r.seek(SeekFrom::End(-3)).unwrap(), 9_997);
        let mut tail = Vec::new();
        r.read_to_end(&mut tail).unwrap();
        assert_eq!(tail, d[9_997..]);
        assert!(r.seek(SeekFrom::Current(-20_000)).is_err());
        // Past the end reads nothing.
        r.seek(SeekFrom::Start(20_000)).unwrap();
        assert_eq!(r.read(&mut b).unwrap(), 0);
    }

    #[test]
    fn a_large_read_takes_one_slice() {
        let d = data();
        let mut r = ReadAhead::new(BytesSource(d.clone()), 100);
        let mut big = vec![0u8; 5_000];
        r.read_exact(&mut big).unwrap();
        assert_eq!(big, d[..5_000]);
        assert_eq!(r.slices_read(), 1);
    }
}
