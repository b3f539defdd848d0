//! The dpkg cataloger: `/var/lib/dpkg/status`, and the per-package files of
//! `/var/lib/dpkg/status.d/` that distroless images carry instead.

use std::collections::HashSet;

use airlock_image::{CollectedFiles, FileRef};
use airlock_types::{OsRelease, Package, PackageType};
use airlock_version::{Version, VersionScheme};

use crate::deb822::{self, Paragraph};
use crate::layers::{self, PackageKey, RevisionIndex};
use crate::purl::OsPurl;
use crate::{CatalogContext, CatalogError, Cataloger, Catalogued};

/// dpkg's database of package states.
const STATUS: &str = "/var/lib/dpkg/status";
/// Distroless's directory of per-package control files (no `Status:` field).
const STATUS_DIR: &str = "/var/lib/dpkg/status.d";
/// File-list checksums that sit beside the control files in `status.d/`.
const MD5SUMS_SUFFIX: &str = ".md5sums";

/// Reads Debian packages from the dpkg database (`os/dpkg`).
#[derive(Debug, Clone, Copy, Default)]
pub struct DpkgCataloger;

/// The kind of database file, which decides whether `Status:` is checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Database {
    /// `/var/lib/dpkg/status`: only installed entries count.
    Status,
    /// A `status.d/` control file: every paragraph is installed.
    StatusDir,
}

/// One installed package as the database records it.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Entry {
    name: String,
    version: Version,
    arch: Option<String>,
    source_name: String,
    /// The version in `Source: name (version)`, when given.
    source_version: Option<Version>,
}

impl Entry {
    fn key(&self) -> PackageKey {
        PackageKey { name: self.name.clone(), version: self.version.raw().to_owned(), arch: self.arch.clone() }
    }

    /// The purl `upstream` qualifier: the source, with its version when the
    /// database gives one, unless the source is the package itself.
    fn upstream(&self) -> Option<String> {
        match &self.source_version {
            Some(v) if self.source_name != self.name || v.raw() != self.version.raw() => {
                Some(format!("{}@{v}", self.source_name))
            }
            None if self.source_name != self.name => Some(self.source_name.clone()),
            _ => None,
        }
    }

    fn into_package(self, os: Option<&OsRelease>, location: &str, layer: Option<airlock_types::LayerRef>) -> Package {
        let purl = OsPurl {
            ty: "deb",
            namespace: namespace(os),
            name: &self.name,
            version: self.version.raw(),
            arch: self.arch.as_deref(),
            upstream: self.upstream().as_deref(),
        }
        .build(os);
        Package {
            package_type: PackageType::Deb,
            source_version: self.source_version.unwrap_or_else(|| self.version.clone()),
            name: self.name,
            version: self.version,
            source_name: self.source_name,
            arch: self.arch,
            purl,
            layer,
            location: location.to_owned(),
        }
    }
}

/// Why a paragraph yields no package.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Skip {
    /// Removed, half-installed, config-files only, …: silently left out.
    NotInstalled,
    /// Unusable: reported as a warning.
    Malformed(String),
}

impl Cataloger for DpkgCataloger {
    fn name(&self) -> &'static str {
        "os/dpkg"
    }

    fn wants(&self, path: &str) -> bool {
        path == STATUS
            || path
                .strip_prefix(STATUS_DIR)
                .and_then(|rest| rest.strip_prefix('/'))
                .is_some_and(|file| is_control_file_name(file) && !file.contains('/'))
    }

    fn catalog(&self, files: &CollectedFiles, ctx: &CatalogContext<'_>) -> Result<Catalogued, CatalogError> {
        let mut out = Catalogued::default();
        let status = files.get(STATUS).map(|f| (f, Database::Status));
        let status_dir = files
            .list_dir(STATUS_DIR)
            .into_iter()
            .filter(|f| f.path.rsplit('/').next().is_some_and(is_control_file_name))
            .map(|f| (f, Database::StatusDir));
        for (file, db) in status.into_iter().chain(status_dir) {
            catalog_file(files, file, db, ctx, &mut out);
        }
        Ok(out)
    }
}

/// Whether a `status.d/` entry is a control file (not an `.md5sums` list).
fn is_control_file_name(name: &str) -> bool {
    !name.is_empty() && !name.ends_with(MD5SUMS_SUFFIX)
}

/// Reads one database file, attributing each package to the layer that
/// introduced it.
fn catalog_file(
    files: &CollectedFiles,
    file: FileRef<'_>,
    db: Database,
    ctx: &CatalogContext<'_>,
    out: &mut Catalogued,
) {
    let (entries, warnings) = parse_database(&String::from_utf8_lossy(file.content), db);
    out.warnings.extend(warnings.into_iter().map(|w| format!("{}: {w}", file.path)));
    let index = RevisionIndex::build(files.history(file.path), |content| {
        parse_database(&String::from_utf8_lossy(content), db).0.iter().map(Entry::key).collect::<HashSet<_>>()
    });
    for entry in entries {
        let layer = index.as_ref().map_or(file.layer, |i| i.introduced_in(&entry.key()));
        let layer = layers::layer_ref(ctx.layers, layer);
        out.packages.push(entry.into_package(ctx.os, file.path, layer));
    }
}

/// Parses a database file into its installed entries, with a warning
/// (`line N: …`) for every malformed line or paragraph.
fn parse_database(text: &str, db: Database) -> (Vec<Entry>, Vec<String>) {
    let (paragraphs, problems) = deb822::parse(text);
    let mut warnings: Vec<String> = problems.iter().map(|p| format!("line {}: {}", p.line, p.reason)).collect();
    let mut entries = Vec::new();
    for paragraph in &paragraphs {
        match parse_entry(paragraph, db, &mut warnings) {
            Ok(entry) => entries.push(entry),
            Err(Skip::NotInstalled) => {}
            Err(Skip::Malformed(reason)) => {
                warnings.push(format!("line {}: skipped paragraph: {reason}", paragraph.line));
            }
        }
    }
    (entries, warnings)
}

/// Reads one paragraph. Problems that do not make the package unusable (a
/// bad source version) go to `warnings`, and the package is kept.
fn parse_entry(p: &Paragraph, db: Database, warnings: &mut Vec<String>) -> Result<Entry, Skip> {
    let name = p.get("Package").filter(|n| !n.is_empty()).ok_or(Skip::Malformed("no Package field".into()))?;
    if db == Database::Status {
        let status = p.get("Status").ok_or_else(|| Skip::Malformed(format!("package {name}: no Status field")))?;
        if !is_installed(status) {
            return Err(Skip::NotInstalled);
        }
    }
    let raw_version = p.get("Version").ok_or_else(|| Skip::Malformed(format!("package {name}: no Version field")))?;
    let version = Version::parse(VersionScheme::Dpkg, raw_version)
        .map_err(|e| Skip::Malformed(format!("package {name}: {e}")))?;
    let (source_name, source_version) = match p.get("Source").and_then(parse_source) {
        Some((source, Some(raw))) => match Version::parse(VersionScheme::Dpkg, raw) {
            Ok(v) => (source, Some(v)),
            Err(e) => {
                warnings.push(format!("line {}: package {name}: source version ignored: {e}", p.line));
                (source, None)
            }
        },
        Some((source, None)) => (source, None),
        None => (name, None),
    };
    Ok(Entry {
        name: name.to_owned(),
        version,
        arch: p.get("Architecture").filter(|a| !a.is_empty()).map(str::to_owned),
        source_name: source_name.to_owned(),
        source_version,
    })
}

/// Whether a `Status:` value (`want flag state`) describes an installed
/// package: state `installed`, flag `ok`, wanted installed or held.
fn is_installed(status: &str) -> bool {
    let mut words = status.split_whitespace();
    matches!(
        (words.next(), words.next(), words.next(), words.next()),
        (Some("install" | "hold"), Some("ok"), Some("installed"), None)
    )
}

/// Splits `name (version)` or `name`; `None` for an empty field.
fn parse_source(field: &str) -> Option<(&str, Option<&str>)> {
    let (name, version) = match field.split_once('(') {
        Some((name, rest)) => (name.trim(), Some(rest.trim_end().trim_end_matches(')').trim())),
        None => (field.trim(), None),
    };
    (!name.is_empty()).then_some((name, version))
}

/// The purl namespace: the OS id, or the `ID_LIKE` entry naming Debian or
/// Ubuntu for derivatives; `debian` when unknown.
fn namespace(os: Option<&OsRelease>) -> &str {
    os.and_then(|os| std::iter::once(&os.id).chain(&os.id_like).find(|id| matches!(id.as_str(), "debian" | "ubuntu")))
        .map_or("debian", String::as_str)
}

#[cfg(test)]
mod tests;
