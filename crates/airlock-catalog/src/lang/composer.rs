//! PHP Composer packages: `vendor/composer/installed.json` (v1: an array;
//! v2: `{"packages": [...]}`).

use airlock_image::CollectedFiles;
use airlock_types::PackageType;
use serde_json::Value;

use super::{package, purl};
use crate::{CatalogContext, CatalogError, Cataloger, Catalogued};

/// Reads Composer's installed list (`lang/composer`).
#[derive(Debug, Clone, Copy, Default)]
pub struct ComposerCataloger;

impl Cataloger for ComposerCataloger {
    fn name(&self) -> &'static str {
        "lang/composer"
    }

    fn wants(&self, path: &str) -> bool {
        path.ends_with("/vendor/composer/installed.json")
    }

    fn catalog(&self, files: &CollectedFiles, ctx: &CatalogContext<'_>) -> Result<Catalogued, CatalogError> {
        let mut out = Catalogued::default();
        for file in files.iter().filter(|f| self.wants(f.path)) {
            let doc: Value = match serde_json::from_slice(file.content) {
                Ok(d) => d,
                Err(e) => {
                    out.warnings.push(format!("{}: invalid JSON: {e}", file.path));
                    continue;
                }
            };
            let list = doc.as_array().or_else(|| doc.get("packages").and_then(Value::as_array));
            let Some(list) = list else {
                out.warnings
                    .push(format!("{}: neither a package array (v1) nor {{\"packages\": [...]}} (v2)", file.path));
                continue;
            };
            for entry in list {
                let name = entry.get("name").and_then(Value::as_str).unwrap_or_default();
                let version = entry.get("version").and_then(Value::as_str).unwrap_or_default();
                let Some((vendor, project)) = name.split_once('/').filter(|_| !version.is_empty()) else {
                    out.warnings.push(format!("{}: package entry without vendor/name or version", file.path));
                    continue;
                };
                let purl = purl("composer", Some(vendor), project, version);
                out.packages.push(package(PackageType::PhpComposer, name, version, purl, file.path, &file, ctx));
            }
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lang::test_support::{ctx, files, layers};

    #[test]
    fn reads_v1_and_v2() {
        let v1 = br#"[{"name": "monolog/monolog", "version": "1.25.1"}, {"name": "broken"}]"#;
        let v2 = br#"{"packages": [{"name": "guzzlehttp/guzzle", "version": "7.4.0", "version_normalized": "7.4.0.0"}], "dev": true}"#;
        let files = files(&[
            ("/srv/a/vendor/composer/installed.json", v1),
            ("/srv/b/vendor/composer/installed.json", v2),
            ("/srv/c/vendor/composer/installed.json", b"{}"),
        ]);
        let layers = layers();
        let found = ComposerCataloger.catalog(&files, &ctx(&layers)).unwrap();
        let got: Vec<_> = found.packages.iter().map(|p| p.purl.to_string()).collect();
        assert_eq!(got, ["pkg:composer/monolog/monolog@1.25.1", "pkg:composer/guzzlehttp/guzzle@7.4.0"]);
        assert_eq!(found.warnings.len(), 2);
    }
}
