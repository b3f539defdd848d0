//! A coarse classification of [`Error`] for front ends that report errors as
//! codes or variants (the WASI component's `scan-error`, exit codes).

use std::io::ErrorKind as IoKind;

use airlock_db::DbError;
use airlock_image::ImageError;

use crate::Error;

/// What kind of failure an [`Error`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    /// The input is not a readable image: not an archive, truncated, a digest
    /// mismatch, a missing blob, an unreadable layer or package database.
    InvalidImage,
    /// The advisory snapshot is corrupt or of another format version.
    BadSnapshot,
    /// Reading a file failed for a reason outside the data (not found,
    /// permission, device error).
    Io,
    /// The requested platform is missing, or several platforms and none chosen.
    Platform,
    /// A limit that protects memory or time was exceeded.
    LimitExceeded,
    /// The input is not in a format this build reads (a JSON document that
    /// is no SBOM it knows, or a malformed SBOM).
    UnsupportedFormat,
}

impl Error {
    /// Classifies this error.
    pub fn kind(&self) -> ErrorKind {
        match self {
            Error::Image(e) => image_kind(e),
            Error::Catalog(_) => ErrorKind::InvalidImage,
            Error::Db(DbError::Io { .. }) => ErrorKind::Io,
            Error::Db(_) => ErrorKind::BadSnapshot,
            Error::Sbom(airlock_sbom::SbomError::TooLarge(_)) => ErrorKind::LimitExceeded,
            Error::Sbom(_) => ErrorKind::UnsupportedFormat,
            Error::Io(_) => ErrorKind::Io,
        }
    }
}

fn image_kind(e: &ImageError) -> ErrorKind {
    match e {
        // Decompressors and the tar reader report bad data as io errors.
        ImageError::Io(io)
            if matches!(io.kind(), IoKind::InvalidData | IoKind::UnexpectedEof | IoKind::InvalidInput) =>
        {
            ErrorKind::InvalidImage
        }
        ImageError::Io(_) => ErrorKind::Io,
        ImageError::PlatformNotFound { .. } | ImageError::AmbiguousPlatform { .. } => ErrorKind::Platform,
        ImageError::LimitExceeded(_) => ErrorKind::LimitExceeded,
        ImageError::NotAnImage { .. }
        | ImageError::Truncated { .. }
        | ImageError::DigestMismatch { .. }
        | ImageError::InvalidDocument { .. }
        | ImageError::MissingBlob(_)
        | ImageError::BadLayer { .. } => ErrorKind::InvalidImage,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bad_data_is_an_invalid_image_and_a_missing_file_is_io() {
        let bad = Error::Image(ImageError::Io(std::io::Error::new(IoKind::InvalidData, "corrupt deflate stream")));
        assert_eq!(bad.kind(), ErrorKind::InvalidImage);
        let missing = Error::Image(ImageError::Io(std::io::Error::from(IoKind::NotFound)));
        assert_eq!(missing.kind(), ErrorKind::Io);
        let platform = Error::Image(ImageError::PlatformNotFound {
            wanted: "linux/s390x".into(),
            available: "linux/amd64".into(),
        });
        assert_eq!(platform.kind(), ErrorKind::Platform);
        assert_eq!(Error::Db(DbError::BadMagic).kind(), ErrorKind::BadSnapshot);
    }
}
