//! Severity count cells (`    0C     1H     2M     0L     1?`), Scout style.

use crate::Summary;

/// Right-aligned count cells for critical, high, medium and low, plus an
/// unspecified (`?`) cell only when there are unspecified findings.
pub(crate) fn severity_cells(summary: &Summary) -> String {
    let mut cells =
        vec![cell(summary.critical, 'C'), cell(summary.high, 'H'), cell(summary.medium, 'M'), cell(summary.low, 'L')];
    if summary.unspecified > 0 {
        cells.push(cell(summary.unspecified, '?'));
    }
    cells.join(" ")
}

fn cell(count: usize, letter: char) -> String {
    format!("{count:>5}{letter}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unspecified_cell_only_when_present() {
        let mut s = Summary { critical: 0, high: 12, medium: 3, low: 140, unspecified: 0 };
        assert_eq!(severity_cells(&s), "    0C    12H     3M   140L");
        s.unspecified = 1;
        assert_eq!(severity_cells(&s), "    0C    12H     3M   140L     1?");
    }
}
