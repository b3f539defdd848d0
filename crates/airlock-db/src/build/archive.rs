//! Streaming access to `.tar.zst` archives: zstd frames → tar entries, in memory.

use std::fs::File;
use std::io::{self, BufRead, BufReader, Read};
use std::path::Path;

use ruzstd::decoding::{FrameDecoder, StreamingDecoder};

use crate::DbError;

/// Calls `visit(relative_path, contents)` for every regular file in the
/// archive, in archive order. The top-level folder (`debian-osv/`) is
/// stripped from the path. Fails with [`DbError::Archive`] when the archive
/// cannot be decoded; `visit` itself cannot fail (it records its own skips).
pub(crate) fn for_each_file(path: &Path, mut visit: impl FnMut(&str, &[u8])) -> Result<(), DbError> {
    let shown = path.display().to_string();
    let archive_error = |reason: String| DbError::Archive { path: shown.clone(), reason };
    let file = File::open(path).map_err(|source| DbError::Io { path: shown.clone(), source })?;
    let decoder = ZstdFrames::new(BufReader::new(file)).map_err(|e| archive_error(format!("not zstd: {e}")))?;
    let mut archive = tar::Archive::new(decoder);
    let entries = archive.entries().map_err(|e| archive_error(format!("not a tar stream: {e}")))?;
    let mut contents = Vec::new();
    for (index, entry) in entries.enumerate() {
        let mut entry = entry.map_err(|e| archive_error(format!("tar entry {index}: {e}")))?;
        if !entry.header().entry_type().is_file() {
            continue;
        }
        let name = entry.path().map_err(|e| archive_error(format!("tar entry {index}: bad path: {e}")))?;
        let name = name.to_string_lossy().into_owned();
        contents.clear();
        entry.read_to_end(&mut contents).map_err(|e| archive_error(format!("{name}: {e}")))?;
        let relative = name.split_once('/').map_or(name.as_str(), |(_, rest)| rest);
        visit(relative, &contents);
    }
    Ok(())
}

/// A reader over one or more concatenated zstd frames.
struct ZstdFrames<R: BufRead> {
    current: Option<StreamingDecoder<R, FrameDecoder>>,
}

impl<R: BufRead> ZstdFrames<R> {
    fn new(source: R) -> io::Result<Self> {
        Ok(Self { current: Some(StreamingDecoder::new(source).map_err(io::Error::other)?) })
    }
}

impl<R: BufRead> Read for ZstdFrames<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        loop {
            let Some(decoder) = self.current.as_mut() else { return Ok(0) };
            let n = decoder.read(buf)?;
            if n > 0 || buf.is_empty() {
                return Ok(n);
            }
            // This frame is done; start the next one if bytes remain.
            let Some(finished) = self.current.take() else { return Ok(0) };
            let mut source = finished.into_inner();
            if source.fill_buf()?.is_empty() {
                return Ok(0);
            }
            self.current = Some(StreamingDecoder::new(source).map_err(io::Error::other)?);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_that_is_not_zstd_is_an_archive_error() {
        let dir = std::env::temp_dir().join(format!("airlock-db-archive-test-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("broken.tar.zst");
        std::fs::write(&path, b"this is not zstd at all").unwrap();
        let err = for_each_file(&path, |_, _| {}).unwrap_err();
        assert!(matches!(err, DbError::Archive { .. }), "{err}");
        assert!(err.to_string().contains("broken.tar.zst"), "{err}");
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_missing_file_is_an_io_error_naming_it() {
        let err = for_each_file(Path::new("/nonexistent/airlock/none.tar.zst"), |_, _| {}).unwrap_err();
        assert!(matches!(err, DbError::Io { .. }), "{err}");
        assert!(err.to_string().contains("none.tar.zst"));
    }
}
