//! Installed Python distributions: `*.dist-info/METADATA`,
//! `*.egg-info/PKG-INFO` and `*.egg-info` as a single file.

use airlock_image::CollectedFiles;
use airlock_types::PackageType;

use super::{package, pep503, purl};
use crate::{CatalogContext, CatalogError, Cataloger, Catalogued};

/// Reads Python distribution metadata (`lang/python`).
#[derive(Debug, Clone, Copy, Default)]
pub struct PythonCataloger;

impl Cataloger for PythonCataloger {
    fn name(&self) -> &'static str {
        "lang/python"
    }

    fn wants(&self, path: &str) -> bool {
        let (dir, base) = path.rsplit_once('/').unwrap_or(("", path));
        (base == "METADATA" && dir.ends_with(".dist-info"))
            || (base == "PKG-INFO" && dir.ends_with(".egg-info"))
            || base.ends_with(".egg-info")
    }

    fn catalog(&self, files: &CollectedFiles, ctx: &CatalogContext<'_>) -> Result<Catalogued, CatalogError> {
        let mut out = Catalogued::default();
        for file in files.iter().filter(|f| self.wants(f.path)) {
            match parse_metadata(&String::from_utf8_lossy(file.content)) {
                Ok((name, version)) => {
                    let name = pep503(&name);
                    let purl = purl("pypi", None, &name, &version);
                    out.packages.push(package(PackageType::Python, &name, &version, purl, file.path, &file, ctx));
                }
                Err(reason) => out.warnings.push(format!("{}: {reason}", file.path)),
            }
        }
        Ok(out)
    }
}

/// `Name` and `Version` from the RFC 822 header block of a metadata file.
fn parse_metadata(text: &str) -> Result<(String, String), &'static str> {
    let mut name = None;
    let mut version = None;
    for line in text.lines() {
        let line = line.strip_suffix('\r').unwrap_or(line);
        if line.is_empty() {
            break;
        }
        if let Some((key, value)) = line.split_once(':') {
            match key {
                "Name" => name = Some(value.trim().to_owned()),
                "Version" => version = Some(value.trim().to_owned()),
                _ => {}
            }
        }
    }
    match (name.filter(|n| !n.is_empty()), version.filter(|v| !v.is_empty())) {
        (Some(n), Some(v)) => Ok((n, v)),
        (None, _) => Err("no Name: field in the metadata header"),
        (Some(_), None) => Err("no Version: field in the metadata header"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lang::test_support::{ctx, files, layers};

    #[test]
    fn reads_dist_info_egg_info_and_single_file_egg_info() {
        let files = files(&[
            (
                "/usr/lib/python3/site-packages/Jinja2-2.10.dist-info/METADATA",
                b"Metadata-Version: 2.1\nName: Jinja2\nVersion: 2.10\nSummary: x\n\nName: not-this\n",
            ),
            ("/usr/lib/python3/site-packages/six-1.16.0.egg-info/PKG-INFO", b"Name: six\r\nVersion: 1.16.0\r\n"),
            ("/usr/lib/python3/dist-packages/zope.interface-5.4.egg-info", b"Name: zope.interface\nVersion: 5.4.0\n"),
            ("/usr/lib/python3/site-packages/broken.dist-info/METADATA", b"Version: 1.0\n"),
            ("/usr/lib/python3/site-packages/other/METADATA", b"Name: no\nVersion: 1\n"),
        ]);
        let layers = layers();
        let found = PythonCataloger.catalog(&files, &ctx(&layers)).unwrap();
        let got: Vec<_> =
            found.packages.iter().map(|p| (p.name.as_str(), p.version.raw(), p.purl.to_string())).collect();
        assert_eq!(
            got,
            [
                ("zope-interface", "5.4.0", "pkg:pypi/zope-interface@5.4.0".to_owned()),
                ("jinja2", "2.10", "pkg:pypi/jinja2@2.10".to_owned()),
                ("six", "1.16.0", "pkg:pypi/six@1.16.0".to_owned()),
            ]
        );
        assert_eq!(found.packages[1].layer.as_ref().map(|l| l.index), Some(1));
        assert_eq!(
            found.warnings,
            ["/usr/lib/python3/site-packages/broken.dist-info/METADATA: no Name: field in the metadata header"]
        );
    }
}
