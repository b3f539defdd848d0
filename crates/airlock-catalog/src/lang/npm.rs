//! npm packages: every installed `node_modules/**/package.json` (nested
//! copies are separate packages), and `package-lock.json` (v1–v3) for
//! projects that have no `node_modules` in the image.

use airlock_image::{CollectedFiles, FileRef};
use airlock_types::PackageType;
use serde_json::Value;

use super::{package, purl};
use crate::{CatalogContext, CatalogError, Cataloger, Catalogued};

/// Reads installed npm packages and lock files (`lang/npm`).
#[derive(Debug, Clone, Copy, Default)]
pub struct NpmCataloger;

/// Whether `path` is `…/node_modules/<name>/package.json` or
/// `…/node_modules/@scope/<name>/package.json`.
fn is_installed_manifest(path: &str) -> bool {
    let Some(dir) = path.strip_suffix("/package.json") else { return false };
    let Some((parent, name)) = dir.rsplit_once('/') else { return false };
    if name.is_empty() || name.starts_with('@') {
        return false;
    }
    if parent.ends_with("/node_modules") {
        return true;
    }
    parent.rsplit_once('/').is_some_and(|(grand, scope)| scope.starts_with('@') && grand.ends_with("/node_modules"))
}

fn is_lock(path: &str) -> bool {
    path.ends_with("/package-lock.json") && !path.contains("/node_modules/")
}

impl Cataloger for NpmCataloger {
    fn name(&self) -> &'static str {
        "lang/npm"
    }

    fn wants(&self, path: &str) -> bool {
        is_installed_manifest(path) || is_lock(path)
    }

    fn catalog(&self, files: &CollectedFiles, ctx: &CatalogContext<'_>) -> Result<Catalogued, CatalogError> {
        let mut out = Catalogued::default();
        let manifests: Vec<FileRef<'_>> = files.iter().filter(|f| is_installed_manifest(f.path)).collect();
        for file in &manifests {
            match serde_json::from_slice::<Value>(file.content) {
                Ok(doc) => match (str_field(&doc, "name"), str_field(&doc, "version")) {
                    (Some(name), Some(version)) => out.packages.push(npm_package(name, version, file, ctx)),
                    _ => out.warnings.push(format!("{}: no name or version", file.path)),
                },
                Err(e) => out.warnings.push(format!("{}: invalid JSON: {e}", file.path)),
            }
        }
        for lock in files.iter().filter(|f| is_lock(f.path)) {
            let project = lock.path.trim_end_matches("/package-lock.json");
            let installed = format!("{project}/node_modules/");
            if manifests.iter().any(|m| m.path.starts_with(&installed)) {
                continue;
            }
            match serde_json::from_slice::<Value>(lock.content) {
                Ok(doc) => {
                    for (name, version) in lock_entries(&doc) {
                        out.packages.push(npm_package(&name, &version, &lock, ctx));
                    }
                }
                Err(e) => out.warnings.push(format!("{}: invalid JSON: {e}", lock.path)),
            }
        }
        Ok(out)
    }
}

fn str_field<'a>(doc: &'a Value, key: &str) -> Option<&'a str> {
    doc.get(key)?.as_str().map(str::trim).filter(|s| !s.is_empty())
}

/// A package with its scope as the purl namespace (`pkg:npm/%40scope/name@v`).
fn npm_package(name: &str, version: &str, file: &FileRef<'_>, ctx: &CatalogContext<'_>) -> airlock_types::Package {
    let (scope, bare) = match name.split_once('/') {
        Some((scope, bare)) if scope.starts_with('@') => (Some(scope), bare),
        _ => (None, name),
    };
    let purl = purl("npm", scope, bare, version);
    package(PackageType::Npm, name, version, purl, file.path, file, ctx)
}

/// `(name, version)` of every package a lock file installs: v2/v3 from
/// `packages` (keys `node_modules/…`; the root `""` and links are left
/// out), v1 from the nested `dependencies`.
fn lock_entries(doc: &Value) -> Vec<(String, String)> {
    let mut out = Vec::new();
    if let Some(packages) = doc.get("packages").and_then(Value::as_object) {
        for (key, entry) in packages {
            let Some((_, name)) = key.rsplit_once("node_modules/") else { continue };
            if entry.get("link").and_then(Value::as_bool) == Some(true) {
                continue;
            }
            let name = entry.get("name").and_then(Value::as_str).unwrap_or(name);
            if let Some(version) = str_field(entry, "version") {
                out.push((name.to_owned(), version.to_owned()));
            }
        }
    } else if let Some(deps) = doc.get("dependencies") {
        v1_dependencies(deps, &mut out, 0);
    }
    out.sort();
    out.dedup();
    out
}

fn v1_dependencies(deps: &Value, out: &mut Vec<(String, String)>, depth: usize) {
    let Some(map) = deps.as_object() else { return };
    if depth > 64 {
        return;
    }
    for (name, entry) in map {
        if let Some(version) = str_field(entry, "version").filter(|v| !v.starts_with("file:")) {
            out.push((name.clone(), version.to_owned()));
        }
        if let Some(nested) = entry.get("dependencies") {
            v1_dependencies(nested, out, depth + 1);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lang::test_support::{ctx, files, layers};

    fn names(found: &Catalogued) -> Vec<(String, String, String)> {
        found.packages.iter().map(|p| (p.name.clone(), p.version.raw().to_owned(), p.purl.to_string())).collect()
    }

    #[test]
    fn installed_manifests_nested_and_scoped() {
        let files = files(&[
            ("/app/package.json", br#"{"name": "app", "version": "1.0.0"}"#),
            ("/app/package-lock.json", br#"{"lockfileVersion": 3, "packages": {"node_modules/x": {"version": "9"}}}"#),
            ("/app/node_modules/lodash/package.json", br#"{"name": "lodash", "version": "4.17.15"}"#),
            ("/app/node_modules/lodash/fp/package.json", br#"{"name": "not-a-package"}"#),
            (
                "/app/node_modules/@esbuild/linux-x64/package.json",
                br#"{"name": "@esbuild/linux-x64", "version": "0.17.19"}"#,
            ),
            ("/app/node_modules/a/node_modules/lodash/package.json", br#"{"name": "lodash", "version": "3.0.0"}"#),
            ("/app/node_modules/bad/package.json", b"{"),
        ]);
        let layers = layers();
        let found = NpmCataloger.catalog(&files, &ctx(&layers)).unwrap();
        assert_eq!(
            names(&found),
            [
                ("@esbuild/linux-x64".into(), "0.17.19".into(), "pkg:npm/%40esbuild/linux-x64@0.17.19".into()),
                ("lodash".into(), "3.0.0".into(), "pkg:npm/lodash@3.0.0".into()),
                ("lodash".into(), "4.17.15".into(), "pkg:npm/lodash@4.17.15".into()),
            ]
        );
        assert_eq!(found.warnings.len(), 1);
        assert!(found.warnings[0].starts_with("/app/node_modules/bad/package.json: invalid JSON"));
    }

    #[test]
    fn lock_files_when_nothing_is_installed() {
        let v3 = br#"{"lockfileVersion": 3, "packages": {"": {"name": "app"},
            "node_modules/minimist": {"version": "1.2.0"},
            "node_modules/@types/node": {"version": "20.1.0"},
            "node_modules/a/node_modules/minimist": {"version": "0.0.8"},
            "node_modules/local": {"resolved": "../local", "link": true}}}"#;
        let v1 = br#"{"lockfileVersion": 1, "dependencies": {
            "lodash": {"version": "4.17.15"},
            "mkdirp": {"version": "0.5.1", "dependencies": {"minimist": {"version": "0.0.8"}}}}}"#;
        let files = files(&[("/srv/a/package-lock.json", v3), ("/srv/b/package-lock.json", v1)]);
        let layers = layers();
        let found = NpmCataloger.catalog(&files, &ctx(&layers)).unwrap();
        let got: Vec<_> = names(&found).into_iter().map(|(n, v, _)| format!("{n}@{v}")).collect();
        assert_eq!(
            got,
            [
                "@types/node@20.1.0",
                "minimist@0.0.8",
                "minimist@1.2.0",
                "lodash@4.17.15",
                "minimist@0.0.8",
                "mkdirp@0.5.1"
            ]
        );
        assert_eq!(found.packages[0].location, "/srv/a/package-lock.json");
        assert!(found.warnings.is_empty());
    }
}
