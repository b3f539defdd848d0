//! Plain-text tables with `│` column separators, as Docker Scout draws them.

/// Rows of cells; every column is padded to its widest cell.
#[derive(Debug, Default)]
pub(crate) struct Table {
    rows: Vec<Vec<String>>,
}

impl Table {
    /// Adds a row.
    pub(crate) fn row<I, S>(&mut self, cells: I)
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.rows.push(cells.into_iter().map(Into::into).collect());
    }

    /// Width of each column, in characters.
    fn widths(&self) -> Vec<usize> {
        let mut widths: Vec<usize> = Vec::new();
        for row in &self.rows {
            for (i, cell) in row.iter().enumerate() {
                let w = cell.chars().count();
                match widths.get_mut(i) {
                    Some(current) => *current = (*current).max(w),
                    None => widths.push(w),
                }
            }
        }
        widths
    }

    /// Writes the rows, cells joined by `joiner`, trailing spaces trimmed.
    pub(crate) fn render(&self, joiner: &str, out: &mut String) {
        self.render_rows(&self.rows, &self.widths(), joiner, out);
    }

    /// Writes the first row as a header, a `─`/`┼` rule, then the other rows.
    /// `joiner` must be ` │ `-shaped: the rule puts `┼` under its `│`.
    pub(crate) fn render_with_header(&self, joiner: &str, out: &mut String) {
        let widths = self.widths();
        let (header, body) = self.rows.split_at(self.rows.len().min(1));
        self.render_rows(header, &widths, joiner, out);
        let cross: String = joiner.chars().map(|c| if c == '│' { '┼' } else { '─' }).collect();
        let rule: Vec<String> = widths.iter().map(|w| "─".repeat(*w)).collect();
        out.push_str(&rule.join(&cross));
        out.push('\n');
        self.render_rows(body, &widths, joiner, out);
    }

    fn render_rows(&self, rows: &[Vec<String>], widths: &[usize], joiner: &str, out: &mut String) {
        for row in rows {
            let mut line = String::new();
            for (i, width) in widths.iter().enumerate() {
                if i > 0 {
                    line.push_str(joiner);
                }
                let cell = row.get(i).map_or("", String::as_str);
                line.push_str(cell);
                line.extend(std::iter::repeat_n(' ', width.saturating_sub(cell.chars().count())));
            }
            out.push_str(line.trim_end());
            out.push('\n');
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pads_columns_and_trims_line_ends() {
        let mut t = Table::default();
        t.row(["a", "long value", ""]);
        t.row(["longer", "v", "x"]);
        let mut out = String::new();
        t.render(" │", &mut out);
        assert_eq!(out, "a      │long value │\nlonger │v          │x\n");
    }

    #[test]
    fn header_rule_crosses_separators() {
        let mut t = Table::default();
        t.row(["TYPE", "NAME"]);
        t.row(["deb", "zlib1g"]);
        let mut out = String::new();
        t.render_with_header(" │ ", &mut out);
        assert_eq!(out, "TYPE │ NAME\n─────┼───────\ndeb  │ zlib1g\n");
    }
}
