//! Layer decoding: the stored blob is hashed, decompressed according to its
//! magic bytes (gzip, zstd or plain, whatever the media type says), guarded
//! against decompression bombs, and hashed again uncompressed.

use std::cell::Cell;
use std::io::{self, BufRead, BufReader, Chain, Cursor, Read};

use airlock_types::Digest;
use flate2::bufread::MultiGzDecoder;
use ruzstd::decoding::errors::{FrameDecoderError, ReadFrameHeaderError};
use ruzstd::decoding::{BlockDecodingStrategy, FrameDecoder};
use sha2::{Digest as _, Sha256};

/// Uncompressed size past which the compression-ratio guard applies.
pub(crate) const RATIO_GUARD_FLOOR: u64 = 1 << 30;

/// Counters and flags shared by the readers of one blob, so that an
/// `io::Error` surfacing through the decompressor can be attributed.
#[derive(Debug, Default)]
pub(crate) struct BlobStats {
    /// Stored bytes read so far.
    pub(crate) stored: Cell<u64>,
    /// The blob ended before its declared size.
    pub(crate) truncated: Cell<bool>,
    /// The compression-ratio guard tripped.
    pub(crate) bomb: Cell<bool>,
}

/// Exactly `remaining` bytes of the outer archive; ending early is an error.
pub(crate) struct BlobReader<'s, R> {
    inner: R,
    remaining: u64,
    stats: &'s BlobStats,
}

impl<'s, R: Read> BlobReader<'s, R> {
    /// Reads `size` bytes from `inner` (already positioned at the blob).
    pub(crate) fn new(inner: R, size: u64, stats: &'s BlobStats) -> Self {
        Self { inner, remaining: size, stats }
    }
}

impl<R: Read> Read for BlobReader<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.remaining == 0 || buf.is_empty() {
            return Ok(0);
        }
        let max = usize::try_from(self.remaining).unwrap_or(usize::MAX).min(buf.len());
        let n = self.inner.read(buf.get_mut(..max).unwrap_or_default())?;
        if n == 0 {
            self.stats.truncated.set(true);
            return Err(io::Error::new(io::ErrorKind::UnexpectedEof, "blob ends before its declared size"));
        }
        self.remaining -= n as u64;
        self.stats.stored.set(self.stats.stored.get() + n as u64);
        Ok(n)
    }
}

/// Hashes (sha256) and counts the bytes read through it.
pub(crate) struct HashingReader<R> {
    inner: R,
    hasher: Sha256,
    count: u64,
}

impl<R> HashingReader<R> {
    pub(crate) fn new(inner: R) -> Self {
        Self { inner, hasher: Sha256::new(), count: 0 }
    }

    /// The digest and count of the bytes read so far, and the inner reader.
    pub(crate) fn finish(self) -> (Digest, u64, R) {
        let bytes: [u8; 32] = self.hasher.finalize().into();
        (Digest::from_sha256_bytes(&bytes), self.count, self.inner)
    }
}

impl<R: Read> Read for HashingReader<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        let read = buf.get(..n).unwrap_or_default();
        self.hasher.update(read);
        self.count += n as u64;
        Ok(n)
    }
}

/// Fails once the output passes a floor ([`RATIO_GUARD_FLOOR`]) and exceeds `ratio`
/// times the stored bytes read.
pub(crate) struct RatioGuard<'s, R> {
    inner: R,
    out: u64,
    ratio: u64,
    floor: u64,
    stats: &'s BlobStats,
}

impl<'s, R> RatioGuard<'s, R> {
    /// Guards `inner`; the guard applies once `floor` bytes came out.
    pub(crate) fn new(inner: R, ratio: u64, floor: u64, stats: &'s BlobStats) -> Self {
        Self { inner, out: 0, ratio, floor, stats }
    }

    pub(crate) fn into_inner(self) -> R {
        self.inner
    }
}

impl<R: Read> Read for RatioGuard<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.out += n as u64;
        if self.out > self.floor && self.out / self.stats.stored.get().max(1) > self.ratio {
            self.stats.bomb.set(true);
            return Err(io::Error::other("compression ratio limit exceeded"));
        }
        Ok(n)
    }
}

/// The stored bytes with the sniffed head put back in front.
pub(crate) type Stored<R> = BufReader<Chain<Cursor<Vec<u8>>, R>>;

/// Compression detected from magic bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Compression {
    Gzip,
    Zstd,
    None,
}

impl Compression {
    fn sniff(head: &[u8]) -> Self {
        match head {
            [0x1f, 0x8b, ..] => Self::Gzip,
            [0x28, 0xb5, 0x2f, 0xfd, ..] => Self::Zstd,
            _ => Self::None,
        }
    }
}

/// A decompressor chosen by magic bytes.
pub(crate) enum Decoder<R: Read> {
    Plain(Stored<R>),
    Gzip(Box<MultiGzDecoder<Stored<R>>>),
    Zstd(Box<ZstdFrames<Stored<R>>>),
}

impl<R: Read> Decoder<R> {
    /// Sniffs the first bytes of `stored` and builds the matching decoder.
    pub(crate) fn sniff(mut stored: R) -> io::Result<(Self, Compression)> {
        let mut head = [0u8; 4];
        let mut n = 0;
        while n < head.len() {
            match stored.read(head.get_mut(n..).unwrap_or_default())? {
                0 => break,
                got => n += got,
            }
        }
        let head = head.get(..n).unwrap_or_default().to_vec();
        let kind = Compression::sniff(&head);
        let buffered = BufReader::with_capacity(64 << 10, Cursor::new(head).chain(stored));
        let decoder = match kind {
            Compression::Gzip => Self::Gzip(Box::new(MultiGzDecoder::new(buffered))),
            Compression::Zstd => Self::Zstd(Box::new(ZstdFrames::new(buffered))),
            Compression::None => Self::Plain(buffered),
        };
        Ok((decoder, kind))
    }

    /// The stored reader, positioned after what the decoder consumed.
    pub(crate) fn into_stored(self) -> R {
        let buffered = match self {
            Self::Plain(b) => b,
            Self::Gzip(d) => (*d).into_inner(),
            Self::Zstd(z) => z.source,
        };
        buffered.into_inner().into_inner().1
    }
}

impl<R: Read> Read for Decoder<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        match self {
            Self::Plain(r) => r.read(buf),
            Self::Gzip(r) => r.read(buf),
            Self::Zstd(r) => r.read(buf),
        }
    }
}

/// A zstd decoder for streams of several frames (and skippable frames),
/// which `ruzstd::StreamingDecoder` does not handle on its own.
pub(crate) struct ZstdFrames<R> {
    source: R,
    decoder: FrameDecoder,
    in_frame: bool,
}

impl<R: BufRead> ZstdFrames<R> {
    pub(crate) fn new(source: R) -> Self {
        Self { source, decoder: FrameDecoder::new(), in_frame: false }
    }

    /// Starts the next frame; `false` at the end of the input.
    fn next_frame(&mut self) -> io::Result<bool> {
        loop {
            if self.source.fill_buf()?.is_empty() {
                return Ok(false);
            }
            match self.decoder.init(&mut self.source) {
                Ok(()) => return Ok(true),
                Err(FrameDecoderError::ReadFrameHeaderError(ReadFrameHeaderError::SkipFrame { length, .. })) => {
                    let skipped = io::copy(&mut (&mut self.source).take(u64::from(length)), &mut io::sink())?;
                    if skipped < u64::from(length) {
                        return Err(io::Error::new(io::ErrorKind::UnexpectedEof, "zstd skippable frame cut short"));
                    }
                }
                Err(e) => return Err(io::Error::new(io::ErrorKind::InvalidData, format!("zstd: {e}"))),
            }
        }
    }
}

impl<R: BufRead> Read for ZstdFrames<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if buf.is_empty() {
            return Ok(0);
        }
        loop {
            if !self.in_frame {
                if !self.next_frame()? {
                    return Ok(0);
                }
                self.in_frame = true;
            }
            while self.decoder.can_collect() < buf.len() && !self.decoder.is_finished() {
                let need = buf.len() - self.decoder.can_collect();
                self.decoder
                    .decode_blocks(&mut self.source, BlockDecodingStrategy::UptoBytes(need))
                    .map_err(|e| io::Error::new(io::ErrorKind::InvalidData, format!("zstd: {e}")))?;
            }
            let n = self.decoder.read(buf)?;
            if n > 0 {
                return Ok(n);
            }
            if self.decoder.is_finished() {
                self.in_frame = false;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn decode_all(stored: &[u8]) -> (Vec<u8>, Compression) {
        let (mut d, kind) = Decoder::sniff(stored).unwrap();
        let mut out = Vec::new();
        d.read_to_end(&mut out).unwrap();
        (out, kind)
    }

    #[test]
    fn sniffs_gzip_zstd_and_plain() {
        let data = b"hello layer".repeat(1000);
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        gz.write_all(&data).unwrap();
        let gz = gz.finish().unwrap();
        assert_eq!(decode_all(&gz), (data.clone(), Compression::Gzip));
        let zst = ruzstd::encoding::compress_to_vec(&data[..], ruzstd::encoding::CompressionLevel::Fastest);
        assert_eq!(decode_all(&zst), (data.clone(), Compression::Zstd));
        assert_eq!(decode_all(&data), (data.clone(), Compression::None));
        assert_eq!(decode_all(b"ab"), (b"ab".to_vec(), Compression::None));
    }

    #[test]
    fn zstd_reads_several_frames_and_skippable_frames() {
        let a = ruzstd::encoding::compress_to_vec(&b"first "[..], ruzstd::encoding::CompressionLevel::Fastest);
        let b = ruzstd::encoding::compress_to_vec(&b"second"[..], ruzstd::encoding::CompressionLevel::Fastest);
        let mut stream = a;
        stream.extend_from_slice(&[0x50, 0x2a, 0x4d, 0x18, 3, 0, 0, 0, 9, 9, 9]);
        stream.extend_from_slice(&b);
        assert_eq!(decode_all(&stream).0, b"first second");
    }

    #[test]
    fn blob_reader_flags_truncation_and_hashes() {
        let stats = BlobStats::default();
        let mut r = HashingReader::new(BlobReader::new(&b"abc"[..], 5, &stats));
        let mut out = Vec::new();
        let err = r.read_to_end(&mut out).unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::UnexpectedEof);
        assert!(stats.truncated.get());
        let (digest, count, _) = r.finish();
        assert_eq!(count, 3);
        assert_eq!(digest.hex(), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }

    #[test]
    fn ratio_guard_trips_on_bombs() {
        let stats = BlobStats::default();
        stats.stored.set(10);
        let mut g = RatioGuard::new(io::repeat(0).take(1 << 20), 2000, 4096, &stats);
        let err = io::copy(&mut g, &mut io::sink()).unwrap_err();
        assert_eq!(err.to_string(), "compression ratio limit exceeded");
        assert!(stats.bomb.get());
    }
}
