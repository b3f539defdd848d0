//! The rpm cataloger: rpm's package database in any of its three formats —
//! SQLite `rpmdb.sqlite` (Fedora 33+, RHEL 9, CBL-Mariner), Berkeley DB hash
//! `Packages` (RHEL ≤ 8, CentOS, Amazon Linux 2) and NDB `Packages.db`
//! (SUSE) — read in pure Rust, at `/var/lib/rpm` or `/usr/lib/sysimage/rpm`
//! (one is often a symlink to the other; the walker resolves it).

mod bdb;
mod header;
mod ndb;
mod sqlite;

use std::collections::HashSet;

use airlock_image::{CollectedFiles, FileRef};
use airlock_types::{LayerRef, OsRelease, Package, PackageType, Purl};
use airlock_version::{Version, VersionScheme};

pub use header::RpmHeader;
use header::parse_header;

use crate::layers::{self, PackageKey, RevisionIndex};
use crate::{CatalogContext, CatalogError, Cataloger, Catalogued};

/// Database files rpm may use, newest layout first.
const DB_PATHS: [&str; 7] = [
    "/usr/lib/sysimage/rpm/rpmdb.sqlite",
    "/usr/lib/sysimage/rpm/Packages.db",
    "/usr/lib/sysimage/rpm/Packages",
    "/var/lib/rpm/rpmdb.sqlite",
    "/var/lib/rpm/Packages.db",
    "/var/lib/rpm/Packages",
    "/usr/share/rpm/Packages",
];

/// The name rpm gives the public keys it imports; not a package.
const GPG_PUBKEY: &str = "gpg-pubkey";

/// Why an rpm database could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RpmDbError {
    /// Not a format this reader knows.
    #[error("not an rpm database (no SQLite, Berkeley DB hash or NDB magic)")]
    UnknownFormat,
    /// A damaged SQLite file.
    #[error("SQLite: {0}")]
    Sqlite(String),
    /// A damaged Berkeley DB file.
    #[error("Berkeley DB: {0}")]
    Bdb(String),
    /// A damaged NDB file.
    #[error("NDB: {0}")]
    Ndb(String),
    /// A damaged header blob.
    #[error("rpm header: {0}")]
    Header(String),
}

/// The on-disk format of an rpm database.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RpmDbFormat {
    /// SQLite `rpmdb.sqlite`.
    Sqlite,
    /// Berkeley DB hash `Packages`.
    BerkeleyDb,
    /// rpm's NDB `Packages.db`.
    Ndb,
}

/// Detects the format from the first bytes.
pub fn detect_format(bytes: &[u8]) -> Option<RpmDbFormat> {
    if sqlite::is_sqlite(bytes) {
        Some(RpmDbFormat::Sqlite)
    } else if ndb::is_ndb(bytes) {
        Some(RpmDbFormat::Ndb)
    } else if bdb::is_bdb_hash(bytes) {
        Some(RpmDbFormat::BerkeleyDb)
    } else {
        None
    }
}

/// Reads every package header of a database, whatever its format. A header
/// blob that cannot be parsed fails the whole read: rpm itself would refuse
/// such a database, and a partial list would hide packages silently.
pub fn read_rpmdb(bytes: &[u8]) -> Result<Vec<RpmHeader>, RpmDbError> {
    let blobs = match detect_format(bytes).ok_or(RpmDbError::UnknownFormat)? {
        RpmDbFormat::Sqlite => sqlite::read_package_blobs(bytes)?,
        RpmDbFormat::BerkeleyDb => bdb::read_package_blobs(bytes)?,
        RpmDbFormat::Ndb => ndb::read_package_blobs(bytes)?,
    };
    blobs.iter().map(|b| parse_header(b)).collect()
}

/// Reads rpm packages (`os/rpm`).
#[derive(Debug, Clone, Copy, Default)]
pub struct RpmCataloger;

impl Cataloger for RpmCataloger {
    fn name(&self) -> &'static str {
        "os/rpm"
    }

    fn wants(&self, path: &str) -> bool {
        DB_PATHS.contains(&path)
    }

    fn catalog(&self, files: &CollectedFiles, ctx: &CatalogContext<'_>) -> Result<Catalogued, CatalogError> {
        let mut out = Catalogued::default();
        let mut seen_files = HashSet::new();
        let mut seen_packages = HashSet::new();
        // With /var/lib/rpm linked to /usr/lib/sysimage/rpm both paths are one file.
        for file in DB_PATHS.iter().filter_map(|p| files.get(p)).filter(|f| seen_files.insert(f.path)) {
            catalog_file(files, file, ctx, &mut seen_packages, &mut out);
        }
        Ok(out)
    }
}

fn key(header: &RpmHeader) -> PackageKey {
    PackageKey { name: header.name.clone(), version: header.evr(), arch: header.arch.clone() }
}

/// Reads one database file. A database that cannot be read becomes a
/// warning naming the file and saying that its packages are missing, so the
/// rest of the image is still reported (the warning reaches the report's
/// notes).
fn catalog_file(
    files: &CollectedFiles,
    file: FileRef<'_>,
    ctx: &CatalogContext<'_>,
    seen: &mut HashSet<PackageKey>,
    out: &mut Catalogued,
) {
    let headers = match read_rpmdb(file.content) {
        Ok(h) => h,
        Err(e) => {
            out.warnings
                .push(format!("{}: cannot read the rpm database ({e}); its packages are not listed", file.path));
            return;
        }
    };
    let index = RevisionIndex::build(files.history(file.path), |content| {
        read_rpmdb(content).unwrap_or_default().iter().map(key).collect::<HashSet<_>>()
    });
    for header in headers.into_iter().filter(|h| h.name != GPG_PUBKEY) {
        let k = key(&header);
        let layer = index.as_ref().map_or(file.layer, |i| i.introduced_in(&k));
        if !seen.insert(k) {
            continue;
        }
        match to_package(header, ctx.os, file.path, layers::layer_ref(ctx.layers, layer)) {
            Ok(p) => out.packages.push(p),
            Err(w) => out.warnings.push(format!("{}: {w}", file.path)),
        }
    }
}

/// Turns a header into a package with its purl
/// (`pkg:rpm/<os id>/<name>@<version>-<release>?arch=…&epoch=…&upstream=…&distro=…`).
fn to_package(
    header: RpmHeader,
    os: Option<&OsRelease>,
    location: &str,
    layer: Option<LayerRef>,
) -> Result<Package, String> {
    let evr = header.evr();
    let version =
        Version::parse(VersionScheme::Rpm, &evr).map_err(|e| format!("skipped package {}: {e}", header.name))?;
    let source_name = header.source_name().unwrap_or(&header.name).to_owned();
    let qualifiers = [
        ("arch", header.arch.clone()),
        ("epoch", header.epoch.filter(|e| *e != 0).map(|e| e.to_string())),
        ("upstream", header.source_rpm.clone()),
        ("distro", os.map(crate::purl::distro)),
    ];
    let purl = Purl::new(
        "rpm",
        os.map(|o| o.id.as_str()),
        &header.name,
        Some(&format!("{}-{}", header.version, header.release)),
        qualifiers.into_iter().filter_map(|(k, v)| Some((k.to_owned(), v?))),
    );
    Ok(Package {
        package_type: PackageType::Rpm,
        name: header.name,
        source_version: version.clone(),
        version,
        source_name,
        arch: header.arch,
        purl,
        layer,
        location: location.to_owned(),
    })
}

#[cfg(test)]
mod tests;
