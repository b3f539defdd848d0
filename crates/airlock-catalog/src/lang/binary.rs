//! Packages compiled into executables: Go build info (the toolchain as
//! `stdlib`, the main module, dependencies) and `cargo auditable` crate
//! lists. [`reduce`] runs in the walker; [`BinaryCataloger`] reads its output.

use airlock_image::{CollectedFiles, FileRef};
use airlock_types::{Package, PackageType};
use serde::{Deserialize, Serialize};

use super::gobin::{self, GoBuildInfo};
use super::{package, purl, rustbin};
use crate::{CatalogContext, CatalogError, Cataloger, Catalogued};

/// First bytes of a reduced executable as kept by the walker.
pub(crate) const TAG: &[u8] = b"airlock:binary-summary/1\n";

/// What an executable holds that identifies packages.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct BinarySummary {
    /// Go build info.
    pub(crate) go: Option<GoBuildInfo>,
    /// The `cargo auditable` JSON.
    pub(crate) rust: Option<String>,
}

/// Reduces an executable to a tagged [`BinarySummary`]; `Ok(None)` when it
/// carries neither Go build info nor a `cargo auditable` section.
pub(crate) fn reduce(bytes: &[u8]) -> Result<Option<Vec<u8>>, String> {
    let go = gobin::extract(bytes)?;
    let rust = if go.is_none() { rustbin::extract(bytes)? } else { None };
    if go.is_none() && rust.is_none() {
        return Ok(None);
    }
    let mut out = TAG.to_vec();
    out.extend(serde_json::to_vec(&BinarySummary { go, rust }).map_err(|e| e.to_string())?);
    Ok(Some(out))
}

/// Reads the executables the sniffer reduced (`lang/binary`: Go, Rust).
#[derive(Debug, Clone, Copy, Default)]
pub struct BinaryCataloger;

impl Cataloger for BinaryCataloger {
    fn name(&self) -> &'static str {
        "lang/binary"
    }

    /// Executables are chosen by content (see [`super::ContentSniffer`]).
    fn wants(&self, _path: &str) -> bool {
        false
    }

    fn catalog(&self, files: &CollectedFiles, ctx: &CatalogContext<'_>) -> Result<Catalogued, CatalogError> {
        let mut out = Catalogued::default();
        for file in files.iter() {
            let Some(json) = file.content.strip_prefix(TAG) else { continue };
            let summary = match serde_json::from_slice::<BinarySummary>(json) {
                Ok(s) => s,
                Err(e) => {
                    out.warnings.push(format!("{}: unreadable binary summary: {e}", file.path));
                    continue;
                }
            };
            if let Some(go) = &summary.go {
                out.packages.extend(go_packages(go, &file, ctx));
            }
            if let Some(json) = &summary.rust {
                match rustbin::crates(json) {
                    Ok(crates) => {
                        out.packages.extend(crates.iter().filter(|c| c.kind.as_deref() != Some("build")).map(|c| {
                            let purl = purl("cargo", None, &c.name, &c.version);
                            package(PackageType::RustCrate, &c.name, &c.version, purl, file.path, &file, ctx)
                        }))
                    }
                    Err(e) => out.warnings.push(format!("{}: {e}", file.path)),
                }
            }
        }
        Ok(out)
    }
}

/// `stdlib` (version `go1.20.4`, purl `pkg:golang/stdlib@1.20.4` as syft
/// writes it), the main module (kept even when `(devel)`), the dependencies.
fn go_packages(info: &GoBuildInfo, file: &FileRef<'_>, ctx: &CatalogContext<'_>) -> Vec<Package> {
    let mut out = Vec::new();
    let toolchain = info.go_version.split_whitespace().next().unwrap_or_default();
    if !toolchain.is_empty() {
        let purl = purl("golang", None, "stdlib", toolchain.trim_start_matches("go"));
        out.push(package(PackageType::GoModule, "stdlib", toolchain, purl, file.path, file, ctx));
    }
    for module in gobin::modules(&info.modinfo) {
        let (namespace, name) =
            module.path.rsplit_once('/').map_or((None, module.path.as_str()), |(n, b)| (Some(n), b));
        let purl = purl("golang", namespace, name, &module.version);
        out.push(package(PackageType::GoModule, &module.path, &module.version, purl, file.path, file, ctx));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lang::test_support::{ctx, files, layers};

    #[test]
    fn go_and_rust_binaries_become_packages() {
        let go = gobin::tests::fake_binary(
            "go1.19.8",
            "path\texample.test/app\nmod\texample.test/app\t(devel)\t\ndep\tgithub.com/a/b\tv1.2.3\th1:x\n",
        );
        let rust = rustbin::tests::fake_elf(&rustbin::tests::zlib(
            r#"{"packages":[{"name":"app","version":"0.1.0","source":"local"},{"name":"cc","version":"1.0.0","kind":"build"}]}"#,
        ));
        let files = files(&[
            ("/app/goapp", &reduce(&go).unwrap().unwrap()),
            ("/usr/bin/rusty", &reduce(&rust).unwrap().unwrap()),
        ]);
        assert_eq!(reduce(b"\x7fELF\x02\x01plain").unwrap_err(), "ELF/PE headers are truncated");
        assert_eq!(reduce(b"MZ plain but long enough to have a PE offset field ...........\0\0\0\0").unwrap(), None);
        let layers = layers();
        let found = BinaryCataloger.catalog(&files, &ctx(&layers)).unwrap();
        let got: Vec<_> =
            found.packages.iter().map(|p| (p.name.as_str(), p.version.raw(), p.purl.to_string())).collect();
        assert_eq!(
            got,
            [
                ("stdlib", "go1.19.8", "pkg:golang/stdlib@1.19.8".to_owned()),
                ("example.test/app", "(devel)", "pkg:golang/example.test/app@%28devel%29".to_owned()),
                ("github.com/a/b", "v1.2.3", "pkg:golang/github.com/a/b@v1.2.3".to_owned()),
                ("app", "0.1.0", "pkg:cargo/app@0.1.0".to_owned()),
            ]
        );
        assert!(found.packages.iter().all(|p| p.layer.as_ref().map(|l| l.index) == Some(1)));
        assert!(!found.packages[1].version.is_comparable(), "(devel) is listed but never compared");
    }
}
