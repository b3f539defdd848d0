//! The apk cataloger: Alpine's installed database (`lib/apk/db/installed`).

use std::collections::HashSet;

use airlock_image::{CollectedFiles, FileRef};
use airlock_types::{LayerRef, OsRelease, Package, PackageType};
use airlock_version::{Version, VersionScheme};

use crate::layers::{self, PackageKey, RevisionIndex};
use crate::purl::OsPurl;
use crate::{CatalogContext, CatalogError, Cataloger, Catalogued};

/// Where apk keeps its database: the classic path, then the one newer
/// apk-tools uses on merged-/usr systems.
const DB_PATHS: [&str; 2] = ["/lib/apk/db/installed", "/usr/lib/apk/db/installed"];

/// Reads Alpine packages from the apk database (`os/apk`).
#[derive(Debug, Clone, Copy, Default)]
pub struct ApkCataloger;

/// One installed package as the database records it.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Entry {
    name: String,
    version: Version,
    arch: Option<String>,
    /// `o:`, the origin (source) package, if recorded.
    origin: Option<String>,
}

impl Entry {
    fn key(&self) -> PackageKey {
        PackageKey { name: self.name.clone(), version: self.version.raw().to_owned(), arch: self.arch.clone() }
    }

    fn into_package(self, os: Option<&OsRelease>, location: &str, layer: Option<LayerRef>) -> Package {
        let source_name = self.origin.unwrap_or_else(|| self.name.clone());
        let purl = OsPurl {
            ty: "apk",
            namespace: os.map_or("alpine", |os| os.id.as_str()),
            name: &self.name,
            version: self.version.raw(),
            arch: self.arch.as_deref(),
            upstream: (source_name != self.name).then_some(source_name.as_str()),
        }
        .build(os);
        Package {
            package_type: PackageType::Apk,
            name: self.name,
            source_version: self.version.clone(),
            version: self.version,
            source_name,
            arch: self.arch,
            purl,
            layer,
            location: location.to_owned(),
        }
    }
}

impl Cataloger for ApkCataloger {
    fn name(&self) -> &'static str {
        "os/apk"
    }

    fn wants(&self, path: &str) -> bool {
        DB_PATHS.contains(&path)
    }

    fn catalog(&self, files: &CollectedFiles, ctx: &CatalogContext<'_>) -> Result<Catalogued, CatalogError> {
        let mut out = Catalogued::default();
        let mut seen_files = HashSet::new();
        let mut seen_packages = HashSet::new();
        // With /lib linked to usr/lib both paths are one file: read it once.
        for file in DB_PATHS.iter().filter_map(|p| files.get(p)).filter(|f| seen_files.insert(f.path)) {
            catalog_file(files, file, ctx, &mut seen_packages, &mut out);
        }
        Ok(out)
    }
}

/// Reads one database file, attributing each package to the layer that
/// introduced it; packages already read from another copy are skipped.
fn catalog_file(
    files: &CollectedFiles,
    file: FileRef<'_>,
    ctx: &CatalogContext<'_>,
    seen: &mut HashSet<PackageKey>,
    out: &mut Catalogued,
) {
    let (entries, warnings) = parse_database(&String::from_utf8_lossy(file.content));
    out.warnings.extend(warnings.into_iter().map(|w| format!("{}: {w}", file.path)));
    let index = RevisionIndex::build(files.history(file.path), |content| {
        parse_database(&String::from_utf8_lossy(content)).0.iter().map(Entry::key).collect::<HashSet<_>>()
    });
    for entry in entries {
        let key = entry.key();
        let layer = index.as_ref().map_or(file.layer, |i| i.introduced_in(&key));
        if seen.insert(key) {
            out.packages.push(entry.into_package(ctx.os, file.path, layers::layer_ref(ctx.layers, layer)));
        }
    }
}

/// A package block being read.
#[derive(Debug, Default)]
struct Block<'a> {
    /// 1-based line of its first field.
    line: usize,
    name: Option<&'a str>,
    version: Option<&'a str>,
    arch: Option<&'a str>,
    origin: Option<&'a str>,
}

/// Parses the database: blocks of `K:value` lines separated by blank lines.
/// Malformed lines and blocks become warnings (`line N: …`).
fn parse_database(text: &str) -> (Vec<Entry>, Vec<String>) {
    let mut entries = Vec::new();
    let mut warnings = Vec::new();
    let mut block: Option<Block<'_>> = None;
    for (i, raw) in text.lines().enumerate() {
        let line = raw.strip_suffix('\r').unwrap_or(raw);
        if line.trim().is_empty() {
            if let Some(done) = block.take() {
                finish(done, &mut entries, &mut warnings);
            }
            continue;
        }
        let current = block.get_or_insert_with(|| Block { line: i + 1, ..Block::default() });
        let mut chars = line.chars();
        let (Some(key), Some(':')) = (chars.next(), chars.next()) else {
            warnings.push(format!("line {}: expected `K:value`", i + 1));
            continue;
        };
        let value = chars.as_str().trim();
        match key {
            'P' => current.name = Some(value),
            'V' => current.version = Some(value),
            'A' => current.arch = Some(value),
            'o' => current.origin = Some(value),
            _ => {}
        }
    }
    if let Some(done) = block {
        finish(done, &mut entries, &mut warnings);
    }
    (entries, warnings)
}

/// Turns a complete block into an entry, or a warning.
fn finish(block: Block<'_>, entries: &mut Vec<Entry>, warnings: &mut Vec<String>) {
    let Some(name) = block.name.filter(|n| !n.is_empty()) else {
        warnings.push(format!("line {}: skipped package: no P: (name) field", block.line));
        return;
    };
    let Some(raw_version) = block.version else {
        warnings.push(format!("line {}: skipped package {name}: no V: (version) field", block.line));
        return;
    };
    match Version::parse(VersionScheme::Apk, raw_version) {
        Ok(version) => entries.push(Entry {
            name: name.to_owned(),
            version,
            arch: block.arch.filter(|a| !a.is_empty()).map(str::to_owned),
            origin: block.origin.filter(|o| !o.is_empty()).map(str::to_owned),
        }),
        Err(e) => warnings.push(format!("line {}: skipped package {name}: {e}", block.line)),
    }
}

#[cfg(test)]
mod tests;
