//! The `quickview` text: Docker Scout's three-column overview.
//!
//! ```text
//!     ✓ 3 packages indexed
//!     ✗ Detected 2 vulnerable packages with a total of 4 vulnerabilities
//!
//!   Target     │  alpine:3.16        │    0C     1H     2M     0L     1?
//!     digest   │  e85ea4d10a90       │
//!     platform │  linux/amd64        │
//!     os       │  Alpine Linux v3.16 │
//!
//! What's next:
//!     View vulnerabilities → airlock cves alpine:3.16
//! ```

use std::collections::BTreeSet;

use crate::Report;
use crate::counts::severity_cells;
use crate::overview::{os_name, plural, rerun_argument, short_digest, target};
use crate::table::Table;

/// Writes the quickview of `report` to `out`.
pub fn render_quickview(report: &Report, out: &mut String) {
    let vulnerable: BTreeSet<&str> = report.findings.iter().map(|f| f.package.purl.as_str()).collect();
    out.push_str(&format!("    ✓ {} indexed\n", plural(report.packages.len(), "package", "packages")));
    if report.findings.is_empty() {
        out.push_str("    ✓ No vulnerable package detected\n");
    } else {
        out.push_str(&format!(
            "    ✗ Detected {} with a total of {}\n",
            plural(vulnerable.len(), "vulnerable package", "vulnerable packages"),
            plural(report.findings.len(), "vulnerability", "vulnerabilities")
        ));
    }
    out.push('\n');

    let name = target(&report.image);
    let mut table = Table::default();
    table.row(["  Target".to_owned(), format!("  {name}"), severity_cells(&report.summary)]);
    if let Some(digest) = &report.image.digest {
        table.row(["    digest".to_owned(), format!("  {}", short_digest(digest)), String::new()]);
    }
    if let Some(platform) = &report.image.platform {
        table.row(["    platform".to_owned(), format!("  {platform}"), String::new()]);
    }
    if let Some(os) = &report.image.os {
        table.row(["    os".to_owned(), format!("  {}", os_name(os)), String::new()]);
    }
    table.render(" │", out);

    if !report.notes.is_empty() {
        out.push('\n');
        for note in &report.notes {
            out.push_str(&format!("    ! {note}\n"));
        }
    }

    out.push_str("\nWhat's next:\n");
    out.push_str(&format!("    View vulnerabilities → airlock cves {}\n", rerun_argument(&report.image)));
}
