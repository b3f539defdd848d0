//! Operating-system detection and package catalogers.
//!
//! Each [`Cataloger`] declares the paths it wants ([`Cataloger::wants`]);
//! the image walker keeps just those files, and the cataloger turns them into
//! [`Package`]s. Catalogers never read the image themselves.
//!
//! [`wants`] is the walker's predicate (OS files plus every built-in
//! cataloger's files) and [`catalog`] runs OS detection and the built-in
//! catalogers over what the walker kept.

mod apk;
mod deb822;
mod dpkg;
mod error;
mod lang;
mod layers;
pub mod os;
mod purl;
mod rpm;

pub use apk::ApkCataloger;
pub use dpkg::DpkgCataloger;
pub use error::CatalogError;
pub use lang::{
    BinaryCataloger, ComposerCataloger, ContentSniffer, DotNetCataloger, GemCataloger, JavaCataloger, NpmCataloger,
    PythonCataloger,
};
pub use rpm::{RpmCataloger, RpmDbError, RpmDbFormat, RpmHeader, detect_format, read_rpmdb};

use std::cmp::Ordering;

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

/// What one cataloger found: packages, and the problems it stepped over.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Catalogued {
    /// The packages read.
    pub packages: Vec<Package>,
    /// Malformed entries that were skipped, each naming the file and line.
    pub warnings: Vec<String>,
}

/// Turns the files it asked for into packages.
pub trait Cataloger {
    /// Namespaced name (`os/dpkg`, `os/apk`).
    fn name(&self) -> &'static str;
    /// Whether the walker should keep the file at this absolute path.
    fn wants(&self, path: &str) -> bool;
    /// Reads the kept files into packages; malformed entries become warnings.
    fn catalog(&self, files: &CollectedFiles, ctx: &CatalogContext<'_>) -> Result<Catalogued, CatalogError>;
}

/// The catalogued contents of an image.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Inventory {
    /// The detected operating system.
    pub os: Option<OsRelease>,
    /// All packages, sorted by (type, name, version, arch).
    pub packages: Vec<Package>,
    /// Skipped malformed entries, each prefixed with the cataloger's name.
    pub warnings: Vec<String>,
}

/// Constructors of the built-in catalogers, in run order. The catalogers are
/// zero-sized, so building one does not allocate.
const BUILTIN: [fn() -> Box<dyn Cataloger>; 10] = [
    || Box::new(DpkgCataloger),
    || Box::new(ApkCataloger),
    || Box::new(RpmCataloger),
    || Box::new(PythonCataloger),
    || Box::new(NpmCataloger),
    || Box::new(JavaCataloger),
    || Box::new(BinaryCataloger),
    || Box::new(GemCataloger),
    || Box::new(ComposerCataloger),
    || Box::new(DotNetCataloger),
];

/// The walker's content sniffer: executables and Java archives, reduced to
/// what [`BinaryCataloger`] and [`JavaCataloger`] read.
pub fn sniffer() -> ContentSniffer {
    ContentSniffer
}

/// The built-in catalogers (OS, then language), in run order.
pub fn default_catalogers() -> Vec<Box<dyn Cataloger>> {
    BUILTIN.iter().map(|make| make()).collect()
}

/// The walker's predicate: whether OS detection or any built-in cataloger
/// needs the file at this absolute, normalised path.
pub fn wants(path: &str) -> bool {
    os::wants_os_file(path) || BUILTIN.iter().any(|make| make().wants(path))
}

/// Detects the OS and runs every built-in cataloger over `files`.
///
/// Packages come back sorted by (type, name, version, arch); entries a
/// cataloger could not read are skipped and listed in
/// [`Inventory::warnings`].
pub fn catalog(files: &CollectedFiles, layers: &[LayerInfo]) -> Result<Inventory, CatalogError> {
    let os = os::detect_os(files);
    let ctx = CatalogContext { os: os.as_ref(), layers };
    let mut packages = Vec::new();
    let mut warnings: Vec<String> = files.notes().iter().map(|n| format!("image: {n}")).collect();
    for cataloger in default_catalogers() {
        let found = cataloger.catalog(files, &ctx)?;
        packages.extend(found.packages);
        warnings.extend(found.warnings.into_iter().map(|w| format!("{}: {w}", cataloger.name())));
    }
    packages.sort_by(compare_packages);
    Ok(Inventory { os, packages, warnings })
}

/// Orders packages by (type, name, version, arch); versions of different
/// schemes (which only meet across types) fall back to their text.
fn compare_packages(a: &Package, b: &Package) -> Ordering {
    a.package_type
        .cmp(&b.package_type)
        .then_with(|| a.name.cmp(&b.name))
        .then_with(|| a.version.try_cmp(&b.version).unwrap_or_else(|_| a.version.raw().cmp(b.version.raw())))
        .then_with(|| a.arch.cmp(&b.arch))
}

#[cfg(test)]
mod tests;
