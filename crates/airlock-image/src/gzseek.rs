//! `Read + Seek` over a gzip-compressed outer archive (`docker save | gzip`).
//!
//! Gzip has no random access, so seeking is emulated: a forward seek reads
//! and discards decompressed bytes; a backward seek rewinds the compressed
//! input to its start and decompresses again up to the target. Cost: the
//! index pass decompresses the whole archive once; the layer pass rewinds
//! once per blob stored *before* the previously read one, so an archive whose
//! blobs are read in tar order costs two decompressions in total, and the
//! worst case is one decompression per blob. Seeking from the end decompresses
//! to the end once to learn the length.

use std::io::{self, BufReader, Read, Seek, SeekFrom};

use flate2::bufread::MultiGzDecoder;

/// A seekable view of the decompressed bytes of a gzip stream.
pub(crate) struct GzSeek<R: Read + Seek> {
    decoder: Option<MultiGzDecoder<BufReader<R>>>,
    pos: u64,
    len: Option<u64>,
}

impl<R: Read + Seek> GzSeek<R> {
    /// Wraps `inner`, whose gzip stream starts at offset 0.
    pub(crate) fn new(mut inner: R) -> io::Result<Self> {
        inner.seek(SeekFrom::Start(0))?;
        Ok(Self { decoder: Some(MultiGzDecoder::new(BufReader::with_capacity(64 << 10, inner))), pos: 0, len: None })
    }

    fn decoder(&mut self) -> io::Result<&mut MultiGzDecoder<BufReader<R>>> {
        self.decoder.as_mut().ok_or_else(|| io::Error::other("gzip input unusable after a failed rewind"))
    }

    fn rewind(&mut self) -> io::Result<()> {
        let decoder = self.decoder.take().ok_or_else(|| io::Error::other("gzip input unusable"))?;
        let mut inner = decoder.into_inner().into_inner();
        inner.seek(SeekFrom::Start(0))?;
        self.decoder = Some(MultiGzDecoder::new(BufReader::with_capacity(64 << 10, inner)));
        self.pos = 0;
        Ok(())
    }

    /// Reads and drops up to `n` bytes; returns how many there were.
    fn discard(&mut self, n: u64) -> io::Result<u64> {
        let skipped = io::copy(&mut self.decoder()?.take(n), &mut io::sink())?;
        self.pos += skipped;
        Ok(skipped)
    }

    fn length(&mut self) -> io::Result<u64> {
        if let Some(len) = self.len {
            return Ok(len);
        }
        let back = self.pos;
        self.discard(u64::MAX)?;
        let len = self.pos;
        self.len = Some(len);
        self.rewind()?;
        self.discard(back)?;
        Ok(len)
    }
}

impl<R: Read + Seek> Read for GzSeek<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.len.is_some_and(|len| self.pos >= len) {
            return Ok(0);
        }
        let n = self.decoder()?.read(buf)?;
        self.pos += n as u64;
        if n == 0 && !buf.is_empty() {
            self.len = Some(self.pos);
        }
        Ok(n)
    }
}

impl<R: Read + Seek> Seek for GzSeek<R> {
    fn seek(&mut self, pos: SeekFrom) -> io::Result<u64> {
        let invalid = || io::Error::new(io::ErrorKind::InvalidInput, "seek before the start of the gzip stream");
        let target = match pos {
            SeekFrom::Start(n) => n,
            SeekFrom::Current(d) => self.pos.checked_add_signed(d).ok_or_else(invalid)?,
            SeekFrom::End(d) => self.length()?.checked_add_signed(d).ok_or_else(invalid)?,
        };
        if target < self.pos {
            self.rewind()?;
        }
        let want = target - self.pos;
        let got = self.discard(want)?;
        if got < want {
            // Like a file: seeking past the end is allowed; reads return 0.
            self.len = Some(self.pos);
            self.pos = target;
        }
        Ok(target)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use flate2::Compression;
    use flate2::write::GzEncoder;
    use std::io::{Cursor, Write};

    fn gz(data: &[u8]) -> Vec<u8> {
        let mut e = GzEncoder::new(Vec::new(), Compression::fast());
        e.write_all(data).unwrap();
        e.finish().unwrap()
    }

    #[test]
    fn seeks_forward_backward_and_from_end() {
        let data: Vec<u8> = (0..100_000u32).map(|i| (i % 251) as u8).collect();
        let mut s = GzSeek::new(Cursor::new(gz(&data))).unwrap();
        let mut buf = [0u8; 4];
        s.seek(SeekFrom::Start(50_000)).unwrap();
        s.read_exact(&mut buf).unwrap();
        assert_eq!(buf, data[50_000..50_004]);
        s.seek(SeekFrom::Start(10)).unwrap();
        s.read_exact(&mut buf).unwrap();
        assert_eq!(buf, data[10..14]);
        s.seek(SeekFrom::Current(-4)).unwrap();
        s.read_exact(&mut buf).unwrap();
        assert_eq!(buf, data[10..14]);
        assert_eq!(s.seek(SeekFrom::End(-2)).unwrap(), 99_998);
        s.read_exact(&mut buf[..2]).unwrap();
        assert_eq!(buf[..2], data[99_998..]);
        assert_eq!(s.seek(SeekFrom::Start(200_000)).unwrap(), 200_000);
        assert_eq!(s.read(&mut buf).unwrap(), 0);
    }
}
