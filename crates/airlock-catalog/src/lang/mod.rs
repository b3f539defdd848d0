//! Language package catalogers: Python, npm, Java archives, Go and Rust
//! binaries, Ruby gems, PHP Composer and .NET.
//!
//! Text manifests are wanted by path ([`Cataloger::wants`]); executables and
//! Java archives are picked by content through [`ContentSniffer`], which
//! reduces each one to the few bytes the catalogers read (build info,
//! `pom.properties`, manifests) while the walker streams the layer.

mod binary;
mod composer;
mod dotnet;
mod gem;
mod gobin;
mod java;
mod npm;
mod python;
mod rustbin;
mod sniffer;

pub use binary::BinaryCataloger;
pub use composer::ComposerCataloger;
pub use dotnet::DotNetCataloger;
pub use gem::GemCataloger;
pub use java::JavaCataloger;
pub use npm::NpmCataloger;
pub use python::PythonCataloger;
pub use sniffer::ContentSniffer;

use airlock_image::FileRef;
pub(crate) use airlock_types::pep503;
use airlock_types::{Package, PackageType, Purl};
use airlock_version::Version;

use crate::CatalogContext;
use crate::layers;

/// Builds a language package read from `file`: the version is parsed under
/// the type's scheme (kept unparsed when invalid, so it is listed but never
/// matched), source name and version equal the package's.
pub(crate) fn package(
    ty: PackageType,
    name: &str,
    version: &str,
    purl: Purl,
    location: &str,
    file: &FileRef<'_>,
    ctx: &CatalogContext<'_>,
) -> Package {
    let version = match version.trim() {
        // A Go main module built from a checkout: not a version at all.
        "(devel)" => Version::Unparsed { scheme: ty.scheme(), raw: "(devel)".to_owned() },
        v => Version::parse_lenient(ty.scheme(), v),
    };
    Package {
        package_type: ty,
        name: name.to_owned(),
        source_name: name.to_owned(),
        source_version: version.clone(),
        version,
        arch: None,
        purl,
        layer: layers::layer_ref(ctx.layers, file.layer),
        location: location.to_owned(),
    }
}

/// A purl without qualifiers.
pub(crate) fn purl(ty: &str, namespace: Option<&str>, name: &str, version: &str) -> Purl {
    Purl::new(ty, namespace.filter(|n| !n.is_empty()), name, Some(version).filter(|v| !v.is_empty()), [])
}

/// The file name of a path (`/a/b/c.jar` → `c.jar`).
pub(crate) fn file_name(path: &str) -> &str {
    path.rsplit('/').next().unwrap_or(path)
}

#[cfg(test)]
pub(crate) mod test_support {
    use std::sync::Arc;

    use airlock_image::{CollectedFiles, LayerInfo};

    use crate::CatalogContext;

    /// Files at layer 1 of a two-layer image.
    pub(crate) fn files(entries: &[(&str, &[u8])]) -> CollectedFiles {
        let mut files = CollectedFiles::default();
        for (path, content) in entries {
            files.push(path, 1, Some(Arc::from(*content)));
        }
        files
    }

    /// Two layers, no OS.
    pub(crate) fn layers() -> Vec<LayerInfo> {
        crate::layers::test_support::layers(2)
    }

    pub(crate) fn ctx(layers: &[LayerInfo]) -> CatalogContext<'_> {
        CatalogContext { os: None, layers }
    }
}
