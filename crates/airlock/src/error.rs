//! The facade's error type.

/// Any failure of a scan, from any stage.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The image could not be read.
    #[error(transparent)]
    Image(#[from] airlock_image::ImageError),
    /// A package database in the image could not be read.
    #[error(transparent)]
    Catalog(#[from] airlock_catalog::CatalogError),
    /// The advisory snapshot could not be loaded.
    #[error(transparent)]
    Db(#[from] airlock_db::DbError),
    /// An SBOM document could not be read.
    #[error(transparent)]
    Sbom(#[from] airlock_sbom::SbomError),
    /// Reading the input failed.
    #[error("reading the input: {0}")]
    Io(std::io::Error),
}
