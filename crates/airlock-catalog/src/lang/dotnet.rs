//! .NET dependencies: the `libraries` of `*.deps.json` whose type is `package`.

use airlock_image::CollectedFiles;
use airlock_types::PackageType;
use serde_json::Value;

use super::{package, purl};
use crate::{CatalogContext, CatalogError, Cataloger, Catalogued};

/// Reads `*.deps.json` files (`lang/dotnet`).
#[derive(Debug, Clone, Copy, Default)]
pub struct DotNetCataloger;

impl Cataloger for DotNetCataloger {
    fn name(&self) -> &'static str {
        "lang/dotnet"
    }

    fn wants(&self, path: &str) -> bool {
        path.ends_with(".deps.json")
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
            let Some(libraries) = doc.get("libraries").and_then(Value::as_object) else {
                out.warnings.push(format!("{}: no \"libraries\" object", file.path));
                continue;
            };
            for (key, lib) in libraries {
                if lib.get("type").and_then(Value::as_str) != Some("package") {
                    continue;
                }
                let Some((name, version)) = key.split_once('/') else {
                    out.warnings.push(format!("{}: library key {key:?} is not Name/Version", file.path));
                    continue;
                };
                let purl = purl("nuget", None, name, version);
                out.packages.push(package(PackageType::DotNet, name, version, purl, file.path, &file, ctx));
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
    fn reads_package_libraries_only() {
        let deps = br#"{"runtimeTarget": {"name": ".NETCoreApp,Version=v6.0"}, "libraries": {
            "App/1.0.0": {"type": "project"},
            "Newtonsoft.Json/13.0.1": {"type": "package", "sha512": "x"},
            "System.Text.Encodings.Web/4.7.1": {"type": "package"}}}"#;
        let files = files(&[("/app/App.deps.json", deps), ("/app/bad.deps.json", b"[")]);
        let layers = layers();
        let found = DotNetCataloger.catalog(&files, &ctx(&layers)).unwrap();
        let got: Vec<_> = found.packages.iter().map(|p| p.purl.to_string()).collect();
        assert_eq!(got, ["pkg:nuget/Newtonsoft.Json@13.0.1", "pkg:nuget/System.Text.Encodings.Web@4.7.1"]);
        assert_eq!(found.warnings.len(), 1);
    }
}
