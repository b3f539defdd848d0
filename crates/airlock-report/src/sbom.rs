//! The `sbom` text: one table row per catalogued package.

use crate::Report;
use crate::overview::plural;
use crate::table::Table;

/// Writes the package table of `report` to `out`: type, name, version,
/// source package (`-` when it is the package itself), introducing layer
/// index and purl, in the report's package order.
pub fn render_sbom(report: &Report, out: &mut String) {
    let mut table = Table::default();
    table.row(["TYPE", "NAME", "VERSION", "SOURCE", "LAYER", "PURL"]);
    for p in &report.packages {
        let source = match (p.source_name == p.name, p.source_version == p.version) {
            (true, true) => "-".to_owned(),
            (_, true) => p.source_name.clone(),
            (_, false) => format!("{} {}", p.source_name, p.source_version),
        };
        let layer = p.layer_index.map_or_else(|| "-".to_owned(), |i| i.to_string());
        table.row([
            p.package_type.as_str().to_owned(),
            p.name.clone(),
            p.version.clone(),
            source,
            layer,
            p.purl.clone(),
        ]);
    }
    table.render_with_header(" │ ", out);
    out.push_str(&format!("\n{}\n", plural(report.packages.len(), "package", "packages")));
}
