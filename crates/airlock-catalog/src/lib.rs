//! Operating-system detection and package catalogers.
//!
//! Each [`Cataloger`] declares the paths it wants ([`Cataloger::wants`]);
//! the image walker keeps just those files, and the cataloger turns them into
//! [`Package`]s. Catalogers never read the image themselves.

mod error;

pub use error::CatalogError;

use airlock_image::{CollectedFiles, LayerInfo};
use airlock_types::{OsRelease, Package};

/// What a cataloger knows about the image besides the files.
#[derive(Debug, Clone, Copy)]
pub struct CatalogContext<'a> {
    /// The detected operating system, if any.
    pub os: Option<&'a OsRelease>,
    /// The image's layers, bottom first (for `LayerRef`s).
    pub layers: &'a [LayerInfo],
}

/// Turns the files it asked for into packages.
pub trait Cataloger {
    /// Namespaced name (`os/dpkg`, `os/apk`).
    fn name(&self) -> &'static str;
    /// Whether the walker should keep the file at this absolute path.
    fn wants(&self, path: &str) -> bool;
    /// Reads the kept files into packages.
    fn catalog(&self, files: &CollectedFiles, ctx: &CatalogContext<'_>) -> Result<Vec<Package>, CatalogError>;
}

/// The catalogued contents of an image.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Inventory {
    /// The detected operating system.
    pub os: Option<OsRelease>,
    /// All packages, sorted by (type, name, version).
    pub packages: Vec<Package>,
}
