//! Installed Ruby gems: `specifications/*.gemspec`.

use airlock_image::CollectedFiles;
use airlock_types::PackageType;

use super::{package, purl};
use crate::{CatalogContext, CatalogError, Cataloger, Catalogued};

/// Reads installed gem specifications (`lang/gem`).
#[derive(Debug, Clone, Copy, Default)]
pub struct GemCataloger;

impl Cataloger for GemCataloger {
    fn name(&self) -> &'static str {
        "lang/gem"
    }

    fn wants(&self, path: &str) -> bool {
        path.rsplit_once('/').is_some_and(|(dir, base)| dir.ends_with("/specifications") && base.ends_with(".gemspec"))
    }

    fn catalog(&self, files: &CollectedFiles, ctx: &CatalogContext<'_>) -> Result<Catalogued, CatalogError> {
        let mut out = Catalogued::default();
        for file in files.iter().filter(|f| self.wants(f.path)) {
            let text = String::from_utf8_lossy(file.content);
            match (assigned(&text, "name"), assigned(&text, "version")) {
                (Some(name), Some(version)) => {
                    let purl = purl("gem", None, &name, &version);
                    out.packages.push(package(PackageType::Gem, &name, &version, purl, file.path, &file, ctx));
                }
                _ => out.warnings.push(format!("{}: no name or version assignment", file.path)),
            }
        }
        Ok(out)
    }
}

/// The string assigned to `<var>.<field>` (`s.name = "rake".freeze`), or
/// the first argument of `Gem::Specification.new "name", "1.0"` forms.
fn assigned(text: &str, field: &str) -> Option<String> {
    for line in text.lines().map(str::trim) {
        let Some((lhs, rhs)) = line.split_once('=') else { continue };
        let lhs = lhs.trim();
        if lhs.rsplit_once('.').is_some_and(|(_, f)| f == field) && !rhs.starts_with('=') {
            let rhs = rhs.trim();
            let quote = rhs.chars().next().filter(|c| *c == '"' || *c == '\'')?;
            let inner = &rhs[1..];
            let end = inner.find(quote)?;
            let value = inner[..end].trim();
            if !value.is_empty() {
                return Some(value.to_owned());
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lang::test_support::{ctx, files, layers};

    #[test]
    fn reads_name_and_version_assignments() {
        let spec = b"# -*- encoding: utf-8 -*-\nGem::Specification.new do |s|\n  s.name = \"rake\".freeze\n  s.version = \"13.0.6\"\n  s.required_rubygems_version = Gem::Requirement.new(\">= 1.3.1\".freeze) if s.respond_to? :required_rubygems_version=\nend\n";
        let files = files(&[
            ("/usr/local/lib/ruby/gems/3.1.0/specifications/rake-13.0.6.gemspec", spec),
            ("/usr/local/lib/ruby/gems/3.1.0/specifications/bad.gemspec", b"garbage"),
            ("/usr/local/lib/ruby/gems/3.1.0/gems/x.gemspec", spec),
        ]);
        let layers = layers();
        let found = GemCataloger.catalog(&files, &ctx(&layers)).unwrap();
        let got: Vec<_> = found.packages.iter().map(|p| p.purl.to_string()).collect();
        assert_eq!(got, ["pkg:gem/rake@13.0.6"]);
        assert_eq!(found.warnings.len(), 1);
    }
}
