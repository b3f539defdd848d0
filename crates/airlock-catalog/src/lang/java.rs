//! Java archives (`.jar`, `.war`, `.ear`, `.par`): Maven coordinates from
//! `META-INF/maven/**/pom.properties` (shaded jars carry several), else the
//! `MANIFEST.MF` fields, and nested archives recursively.
//!
//! The walker does not keep archives whole: [`reduce`] runs while the layer
//! streams and keeps a small [`JarSummary`] (the properties and manifest
//! texts, nested summaries) that [`JavaCataloger`] turns into packages.

use std::io::{Cursor, Read};

use airlock_image::{CollectedFiles, FileRef};
use airlock_types::{Package, PackageType};
use serde::{Deserialize, Serialize};

use super::{file_name, package, purl};
use crate::{CatalogContext, CatalogError, Cataloger, Catalogued};

/// First bytes of a reduced archive as kept by the walker.
pub(crate) const TAG: &[u8] = b"airlock:jar-summary/1\n";
/// Deepest nesting of archives read (an archive inside an archive … ).
pub(crate) const MAX_DEPTH: usize = 3;
/// Largest nested archive read, uncompressed.
pub(crate) const MAX_NESTED_SIZE: u64 = 64 << 20;
/// Largest text entry (`pom.properties`, `MANIFEST.MF`) read.
const MAX_TEXT_SIZE: u64 = 1 << 20;
/// Most entries looked at in one archive.
const MAX_ENTRIES: usize = 200_000;

/// What an archive holds that identifies packages.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct JarSummary {
    /// Texts of every `META-INF/maven/**/pom.properties`.
    pub(crate) poms: Vec<String>,
    /// Text of `META-INF/MANIFEST.MF`, if present.
    pub(crate) manifest: Option<String>,
    /// Nested archives by entry path.
    pub(crate) nested: Vec<(String, JarSummary)>,
    /// Problems met (nested archives skipped or unreadable).
    pub(crate) notes: Vec<String>,
}

/// Whether a path names a Java archive.
pub(crate) fn is_archive_name(path: &str) -> bool {
    let lower = file_name(path).to_ascii_lowercase();
    [".jar", ".war", ".ear", ".par"].iter().any(|ext| lower.ends_with(ext))
}

/// Reads an archive's bytes into a tagged, serialised [`JarSummary`].
pub(crate) fn reduce(bytes: &[u8]) -> Result<Vec<u8>, String> {
    let summary = summarise(bytes, 0)?;
    let mut out = TAG.to_vec();
    out.extend(serde_json::to_vec(&summary).map_err(|e| e.to_string())?);
    Ok(out)
}

/// Summarises one archive level.
pub(crate) fn summarise(bytes: &[u8], depth: usize) -> Result<JarSummary, String> {
    let mut archive =
        zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| format!("not a readable zip archive: {e}"))?;
    let mut summary = JarSummary::default();
    for i in 0..archive.len().min(MAX_ENTRIES) {
        let mut entry = match archive.by_index(i) {
            Ok(e) => e,
            Err(e) => {
                summary.notes.push(format!("entry #{i}: {e}"));
                continue;
            }
        };
        if entry.is_dir() {
            continue;
        }
        let name = entry.name().to_owned();
        let upper = name.to_ascii_uppercase();
        if upper == "META-INF/MANIFEST.MF" {
            summary.manifest = Some(read_text(&mut entry, &name)?);
        } else if name.starts_with("META-INF/maven/") && name.ends_with("/pom.properties") {
            summary.poms.push(read_text(&mut entry, &name)?);
        } else if is_archive_name(&name) {
            if depth + 1 > MAX_DEPTH {
                summary.notes.push(format!("{name}: nested deeper than {MAX_DEPTH} archives, not read"));
                continue;
            }
            if entry.size() > MAX_NESTED_SIZE {
                summary.notes.push(format!("{name}: {} bytes, more than {MAX_NESTED_SIZE}, not read", entry.size()));
                continue;
            }
            let mut inner = Vec::new();
            if let Err(e) = entry.by_ref().take(MAX_NESTED_SIZE + 1).read_to_end(&mut inner) {
                summary.notes.push(format!("{name}: {e}"));
                continue;
            }
            match summarise(&inner, depth + 1) {
                Ok(nested) => summary.nested.push((name, nested)),
                Err(e) => summary.notes.push(format!("{name}: {e}")),
            }
        }
    }
    Ok(summary)
}

fn read_text(entry: &mut zip::read::ZipFile<'_, Cursor<&[u8]>>, name: &str) -> Result<String, String> {
    let mut buf = Vec::new();
    entry.take(MAX_TEXT_SIZE).read_to_end(&mut buf).map_err(|e| format!("{name}: {e}"))?;
    Ok(String::from_utf8_lossy(&buf).into_owned())
}

/// Reads the archives the sniffer reduced (`lang/java`).
#[derive(Debug, Clone, Copy, Default)]
pub struct JavaCataloger;

impl Cataloger for JavaCataloger {
    fn name(&self) -> &'static str {
        "lang/java"
    }

    /// Archives are chosen by content (see [`super::ContentSniffer`]), not by path.
    fn wants(&self, _path: &str) -> bool {
        false
    }

    fn catalog(&self, files: &CollectedFiles, ctx: &CatalogContext<'_>) -> Result<Catalogued, CatalogError> {
        let mut out = Catalogued::default();
        for file in files.iter().filter(|f| is_archive_name(f.path)) {
            let Some(json) = file.content.strip_prefix(TAG) else { continue };
            match serde_json::from_slice::<JarSummary>(json) {
                Ok(summary) => packages_of(&summary, file.path, &file, ctx, &mut out),
                Err(e) => out.warnings.push(format!("{}: unreadable archive summary: {e}", file.path)),
            }
        }
        Ok(out)
    }
}

/// Packages of one archive (and, recursively, of the archives inside it);
/// `location` is `outer.jar` or `outer.jar:BOOT-INF/lib/inner.jar`.
fn packages_of(
    summary: &JarSummary,
    location: &str,
    file: &FileRef<'_>,
    ctx: &CatalogContext<'_>,
    out: &mut Catalogued,
) {
    let mut found = Vec::new();
    for text in &summary.poms {
        let props = properties(text);
        let get = |k: &str| props.iter().find(|(key, _)| key == k).map(|(_, v)| v.as_str()).filter(|v| !v.is_empty());
        match (get("groupId"), get("artifactId"), get("version")) {
            (Some(group), Some(artifact), Some(version)) => {
                found.push(maven(group, artifact, version, location, file, ctx))
            }
            _ => out.warnings.push(format!("{location}: pom.properties without groupId, artifactId or version")),
        }
    }
    if found.is_empty() {
        match summary.manifest.as_deref().and_then(|m| from_manifest(m, file_name(location))) {
            Some((group, artifact, version)) => found.push(maven(&group, &artifact, &version, location, file, ctx)),
            None if summary.nested.is_empty() => {
                out.warnings.push(format!("{location}: no pom.properties and no name/version in MANIFEST.MF"));
            }
            None => {}
        }
    }
    out.packages.extend(found);
    out.warnings.extend(summary.notes.iter().map(|n| format!("{location}: {n}")));
    for (path, nested) in &summary.nested {
        packages_of(nested, &format!("{location}:{path}"), file, ctx, out);
    }
}

fn maven(
    group: &str,
    artifact: &str,
    version: &str,
    location: &str,
    file: &FileRef<'_>,
    ctx: &CatalogContext<'_>,
) -> Package {
    let purl = purl("maven", Some(group), artifact, version);
    package(PackageType::JavaArchive, artifact, version, purl, location, file, ctx)
}

/// `key=value` lines of a `.properties` file (comments and blanks skipped).
fn properties(text: &str) -> Vec<(String, String)> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#') && !l.starts_with('!'))
        .filter_map(|l| l.split_once(['=', ':']))
        .map(|(k, v)| (k.trim().to_owned(), v.trim().to_owned()))
        .collect()
}

/// Main-section fields of a manifest (continuation lines joined).
fn manifest_fields(text: &str) -> Vec<(String, String)> {
    let mut fields: Vec<(String, String)> = Vec::new();
    for line in text.lines() {
        let line = line.strip_suffix('\r').unwrap_or(line);
        if line.is_empty() {
            break;
        }
        if let Some(more) = line.strip_prefix(' ') {
            if let Some((_, value)) = fields.last_mut() {
                value.push_str(more);
            }
        } else if let Some((k, v)) = line.split_once(':') {
            fields.push((k.trim().to_owned(), v.trim().to_owned()));
        }
    }
    fields
}

/// `(group, artifact, version)` from a manifest when there is no pom: the
/// artifact from the file name (`log4j-1.2.17.jar` → `log4j`), else the
/// title; the version from `Implementation-Version`, `Bundle-Version`,
/// `Specification-Version`, else the file name; the group from
/// `Extension-Name`, `Bundle-SymbolicName`, `Implementation-Vendor-Id`
/// (as syft guesses it), else the artifact.
fn from_manifest(text: &str, file: &str) -> Option<(String, String, String)> {
    let fields = manifest_fields(text);
    let get = |k: &str| {
        fields.iter().find(|(key, _)| key.eq_ignore_ascii_case(k)).map(|(_, v)| v.as_str()).filter(|v| !v.is_empty())
    };
    let stem = file.rsplit_once('.').map_or(file, |(s, _)| s);
    let (file_artifact, file_version) = split_name_version(stem);
    let artifact = file_artifact
        .map(str::to_owned)
        .or_else(|| get("Implementation-Title").map(|t| t.replace(' ', "-").to_ascii_lowercase()))?;
    let version = ["Implementation-Version", "Bundle-Version", "Specification-Version"]
        .iter()
        .find_map(|k| get(k))
        .or(file_version)?
        .to_owned();
    let group = ["Extension-Name", "Bundle-SymbolicName", "Implementation-Vendor-Id"]
        .iter()
        .find_map(|k| get(k))
        .map(|g| g.split(';').next().unwrap_or(g).trim())
        .filter(|g| !g.contains(' '))
        .unwrap_or(&artifact)
        .to_owned();
    Some((group, artifact, version))
}

/// `name-1.2.3` → (`name`, `1.2.3`): the version starts at the first `-`
/// followed by a digit.
fn split_name_version(stem: &str) -> (Option<&str>, Option<&str>) {
    let cut = stem.char_indices().find(|(i, c)| *c == '-' && stem[i + 1..].starts_with(|d: char| d.is_ascii_digit()));
    match cut {
        Some((i, _)) if i > 0 => (Some(&stem[..i]), Some(&stem[i + 1..])),
        _ => (Some(stem).filter(|s| !s.is_empty()), None),
    }
}

#[cfg(test)]
mod tests {
    use std::io::Write;

    use super::*;
    use crate::lang::test_support::{ctx, files, layers};

    pub(crate) fn zip_of(entries: &[(&str, &[u8])]) -> Vec<u8> {
        let mut writer = zip::ZipWriter::new(Cursor::new(Vec::new()));
        for (name, data) in entries {
            writer.start_file(*name, zip::write::SimpleFileOptions::default()).unwrap();
            writer.write_all(data).unwrap();
        }
        writer.finish().unwrap().into_inner()
    }

    fn catalog(entries: &[(&str, &[u8])]) -> Catalogued {
        let files = files(entries);
        let layers = layers();
        JavaCataloger.catalog(&files, &ctx(&layers)).unwrap()
    }

    #[test]
    fn shaded_jar_with_several_poms_and_a_nested_jar() {
        let inner = zip_of(&[(
            "META-INF/maven/org.yaml/snakeyaml/pom.properties",
            b"#generated\nversion=1.33\ngroupId=org.yaml\nartifactId=snakeyaml\n",
        )]);
        let outer = zip_of(&[
            ("META-INF/MANIFEST.MF", b"Manifest-Version: 1.0\nImplementation-Version: 9\n"),
            ("META-INF/maven/com.example/app/pom.properties", b"groupId=com.example\nartifactId=app\nversion=2.0.1\n"),
            (
                "META-INF/maven/com.google.guava/guava/pom.properties",
                b"groupId=com.google.guava\nartifactId=guava\nversion=31.1-jre\n",
            ),
            ("BOOT-INF/lib/snakeyaml-1.33.jar", &inner),
        ]);
        let found = catalog(&[("/app/app.jar", &reduce(&outer).unwrap())]);
        let got: Vec<_> = found.packages.iter().map(|p| (p.purl.to_string(), p.location.clone())).collect();
        assert_eq!(
            got,
            [
                ("pkg:maven/com.example/app@2.0.1".to_owned(), "/app/app.jar".to_owned()),
                ("pkg:maven/com.google.guava/guava@31.1-jre".to_owned(), "/app/app.jar".to_owned()),
                (
                    "pkg:maven/org.yaml/snakeyaml@1.33".to_owned(),
                    "/app/app.jar:BOOT-INF/lib/snakeyaml-1.33.jar".to_owned()
                ),
            ]
        );
        assert!(found.warnings.is_empty(), "{:?}", found.warnings);
    }

    #[test]
    fn manifest_only_jars_use_file_name_and_manifest_fields() {
        let log4j = zip_of(&[(
            "META-INF/MANIFEST.MF",
            b"Manifest-Version: 1.0\r\nBundle-SymbolicName: org.apache.log4j\r\nBundle-Version: 1.2.17\r\n",
        )]);
        let cc = zip_of(&[(
            "META-INF/MANIFEST.MF",
            b"Extension-Name: commons-collections\nImplementation-Version: 3.2.2\nImport-Package: a,\n b\n",
        )]);
        let found = catalog(&[
            ("/app/lib/log4j-1.2-1.2.17.jar", &reduce(&log4j).unwrap()),
            ("/app/lib/commons-collections3-3.2.2.jar", &reduce(&cc).unwrap()),
        ]);
        let got: Vec<_> =
            found.packages.iter().map(|p| (p.name.as_str(), p.version.raw(), p.purl.to_string())).collect();
        assert_eq!(
            got,
            [
                (
                    "commons-collections3",
                    "3.2.2",
                    "pkg:maven/commons-collections/commons-collections3@3.2.2".to_owned()
                ),
                ("log4j", "1.2.17", "pkg:maven/org.apache.log4j/log4j@1.2.17".to_owned()),
            ]
        );
    }

    #[test]
    fn bad_zips_are_errors_and_deep_nesting_is_capped() {
        assert!(reduce(b"PK\x03\x04 not really a zip").unwrap_err().starts_with("not a readable zip archive"));
        let mut jar = zip_of(&[("META-INF/maven/g/a/pom.properties", b"groupId=g\nartifactId=a\nversion=1\n")]);
        for level in 0..=MAX_DEPTH {
            jar = zip_of(&[(&format!("lib/level{level}.jar"), &jar)]);
        }
        let summary = summarise(&jar, 0).unwrap();
        let mut deepest = &summary;
        let mut depth = 0;
        while let Some((_, next)) = deepest.nested.first() {
            deepest = next;
            depth += 1;
        }
        assert_eq!(depth, MAX_DEPTH);
        assert!(deepest.notes[0].contains("nested deeper than 3 archives"), "{:?}", deepest.notes);
        let found = catalog(&[("/x.jar", b"airlock:jar-summary/1\n{broken")]);
        assert!(found.warnings[0].starts_with("/x.jar: unreadable archive summary"));
    }
}
