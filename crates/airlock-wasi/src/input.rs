//! Inputs: a path read through the host's preopened directories, or an
//! `upload` the host filled chunk by chunk (kept in memory, or spooled to a
//! temporary file in a preopened writable directory).

use std::cell::RefCell;
use std::fs::File;
use std::io::{BufReader, Cursor, Read, Seek, SeekFrom, Write};
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};

use crate::bindings::airlock::scanner::types::ScanError;
use crate::bindings::exports::airlock::scanner::scanner::{GuestUpload, Input};

/// Where an upload's bytes are kept.
enum Spool {
    /// In linear memory.
    Memory(Vec<u8>),
    /// In a temporary file in a preopened directory.
    File(TempFile),
}

/// A spool file, removed when dropped.
struct TempFile {
    file: File,
    path: PathBuf,
}

impl Drop for TempFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.path);
    }
}

impl Read for TempFile {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        self.file.read(buf)
    }
}

impl Seek for TempFile {
    fn seek(&mut self, pos: SeekFrom) -> std::io::Result<u64> {
        self.file.seek(pos)
    }
}

/// The `upload` resource.
pub(crate) struct Upload {
    spool: RefCell<Option<Spool>>,
    total: RefCell<u64>,
    spool_error: Option<String>,
}

static NEXT_SPOOL: AtomicU64 = AtomicU64::new(0);

impl GuestUpload for Upload {
    fn new(spool_dir: Option<String>) -> Self {
        let (spool, spool_error) = match spool_dir {
            None => (Some(Spool::Memory(Vec::new())), None),
            Some(dir) => match create_spool_file(&dir) {
                Ok(spool) => (Some(spool), None),
                // A constructor cannot fail in WIT: the error is returned by the first write.
                Err(e) => (None, Some(e)),
            },
        };
        Upload { spool: RefCell::new(spool), total: RefCell::new(0), spool_error }
    }

    fn write(&self, chunk: Vec<u8>) -> Result<u64, ScanError> {
        let mut spool = self.spool.borrow_mut();
        match spool.as_mut() {
            None => Err(ScanError::Io(self.spool_error.clone().unwrap_or_else(|| "upload: no spool".into()))),
            Some(Spool::Memory(bytes)) => {
                bytes.extend_from_slice(&chunk);
                Ok(self.add(chunk.len()))
            }
            Some(Spool::File(temp)) => {
                temp.file
                    .write_all(&chunk)
                    .map_err(|e| ScanError::Io(format!("upload spool {}: {e}", temp.path.display())))?;
                Ok(self.add(chunk.len()))
            }
        }
    }
}

impl Upload {
    fn add(&self, n: usize) -> u64 {
        let mut total = self.total.borrow_mut();
        *total += n as u64;
        *total
    }

    fn take(&self) -> Result<Spool, ScanError> {
        self.spool.borrow_mut().take().ok_or_else(|| match &self.spool_error {
            Some(e) => ScanError::Io(e.clone()),
            None => ScanError::InvalidArgument("upload was already consumed".into()),
        })
    }
}

fn create_spool_file(dir: &str) -> Result<Spool, String> {
    loop {
        let n = NEXT_SPOOL.fetch_add(1, Ordering::Relaxed);
        let path = PathBuf::from(dir).join(format!(".airlock-upload-{n}.tmp"));
        match File::options().read(true).write(true).create_new(true).open(&path) {
            Ok(file) => return Ok(Spool::File(TempFile { file, path })),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(format!("upload spool {}: cannot create: {e}", path.display())),
        }
    }
}

/// A readable, seekable input.
pub(crate) trait ReadSeek: Read + Seek {}
impl<T: Read + Seek> ReadSeek for T {}

/// A name for an input in messages and reports.
pub(crate) fn name(input: &Input) -> String {
    match input {
        Input::Path(p) => p.clone(),
        Input::Upload(_) => "upload".into(),
    }
}

/// Opens an input for streaming reads with seeks.
pub(crate) fn open(input: Input) -> Result<(String, Box<dyn ReadSeek>), ScanError> {
    match input {
        Input::Path(path) => {
            let file = File::open(&path).map_err(|e| ScanError::Io(format!("{path}: cannot open: {e}")))?;
            Ok((path, Box::new(BufReader::with_capacity(1 << 18, file))))
        }
        Input::Upload(upload) => {
            let upload: Upload = upload.into_inner();
            Ok(("upload".into(), spool_reader(upload.take()?)?))
        }
    }
}

fn spool_reader(spool: Spool) -> Result<Box<dyn ReadSeek>, ScanError> {
    match spool {
        Spool::Memory(bytes) => Ok(Box::new(Cursor::new(bytes))),
        Spool::File(mut temp) => {
            temp.seek(SeekFrom::Start(0))
                .map_err(|e| ScanError::Io(format!("upload spool {}: {e}", temp.path.display())))?;
            Ok(Box::new(BufReader::with_capacity(1 << 18, temp)))
        }
    }
}

/// Reads a whole input (a snapshot or an SBOM: parsed from memory anyway).
pub(crate) fn read_all(input: Input) -> Result<(String, Vec<u8>), ScanError> {
    let name = name(&input);
    let (name, mut reader) = match input {
        Input::Path(path) => {
            let bytes = std::fs::read(&path).map_err(|e| ScanError::Io(format!("{path}: cannot read: {e}")))?;
            return Ok((path, bytes));
        }
        Input::Upload(upload) => match upload.into_inner::<Upload>().take()? {
            Spool::Memory(bytes) => return Ok((name, bytes)),
            file => (name, spool_reader(file)?),
        },
    };
    let mut bytes = Vec::new();
    reader.read_to_end(&mut bytes).map_err(|e| ScanError::Io(format!("{name}: {e}")))?;
    Ok((name, bytes))
}
