//! RFC 822-style control paragraphs, as in `/var/lib/dpkg/status`.

/// One paragraph: fields in file order, continuation lines joined by `\n`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Paragraph {
    /// 1-based line number of the paragraph's first line.
    pub(crate) line: usize,
    fields: Vec<(String, String)>,
}

impl Paragraph {
    /// The value of the first field named `name` (case-insensitive).
    pub(crate) fn get(&self, name: &str) -> Option<&str> {
        self.fields.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }
}

/// A line that could not be placed in any field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct LineProblem {
    /// 1-based line number.
    pub(crate) line: usize,
    /// What is wrong with it.
    pub(crate) reason: &'static str,
}

/// Splits `text` into paragraphs.
///
/// Paragraphs are separated by blank (or whitespace-only) lines; a line
/// starting with a space or tab continues the previous field. CRLF line ends,
/// leading or trailing blank lines and a missing final newline are accepted.
/// Lines that are neither a `Name: value` field nor a continuation are
/// reported and skipped.
pub(crate) fn parse(text: &str) -> (Vec<Paragraph>, Vec<LineProblem>) {
    let mut paragraphs = Vec::new();
    let mut problems = Vec::new();
    let mut current: Option<Paragraph> = None;
    for (i, raw) in text.lines().enumerate() {
        let line_no = i + 1;
        let line = raw.strip_suffix('\r').unwrap_or(raw);
        if line.trim().is_empty() {
            paragraphs.extend(current.take());
            continue;
        }
        if line.starts_with([' ', '\t']) {
            match current.as_mut().and_then(|p| p.fields.last_mut()) {
                Some((_, value)) => {
                    value.push('\n');
                    value.push_str(line.trim());
                }
                None => problems.push(LineProblem { line: line_no, reason: "continuation line outside a field" }),
            }
            continue;
        }
        match line.split_once(':') {
            Some((name, value)) if !name.trim().is_empty() => {
                let paragraph = current.get_or_insert_with(|| Paragraph { line: line_no, fields: Vec::new() });
                paragraph.fields.push((name.trim().to_owned(), value.trim().to_owned()));
            }
            _ => problems.push(LineProblem { line: line_no, reason: "expected `Field: value`" }),
        }
    }
    paragraphs.extend(current);
    (paragraphs, problems)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_paragraphs_and_joins_continuations() {
        let text = "Package: tzdata\nVersion: 2026f-0+deb12u1\nDescription: time zone data\n This package\n .\n\tmore\n\n\n\
                    Package: netbase\nversion: 6.4";
        let (paragraphs, problems) = parse(text);
        assert!(problems.is_empty());
        assert_eq!(paragraphs.len(), 2);
        let first = &paragraphs[0];
        assert_eq!(first.line, 1);
        assert_eq!(first.get("package"), Some("tzdata"));
        assert_eq!(first.get("Description"), Some("time zone data\nThis package\n.\nmore"));
        assert_eq!(paragraphs[1].line, 9);
        assert_eq!(paragraphs[1].get("Version"), Some("6.4"));
        assert_eq!(paragraphs[1].get("Architecture"), None);
    }

    #[test]
    fn tolerates_crlf_and_whitespace_only_separators() {
        let (paragraphs, problems) = parse("\r\nPackage: a\r\nVersion: 1\r\n \t\r\nPackage: b\r\nVersion: 2\r\n\r\n");
        assert!(problems.is_empty());
        let names: Vec<_> = paragraphs.iter().map(|p| p.get("Package")).collect();
        assert_eq!(names, [Some("a"), Some("b")]);
        assert_eq!(paragraphs[0].get("Version"), Some("1"));
    }

    #[test]
    fn reports_stray_lines_and_keeps_going() {
        let (paragraphs, problems) = parse(" orphan\nPackage: a\ngarbage\n: no name\nVersion: 1\n");
        assert_eq!(
            problems.iter().map(|p| p.line).collect::<Vec<_>>(),
            [1, 3, 4],
            "orphan continuation, missing colon, empty name"
        );
        assert_eq!(paragraphs.len(), 1);
        assert_eq!(paragraphs[0].line, 2);
        assert_eq!(paragraphs[0].get("Version"), Some("1"));
    }

    #[test]
    fn empty_input_has_no_paragraphs() {
        assert_eq!(parse(""), (Vec::new(), Vec::new()));
        assert_eq!(parse("\n\n").0.len(), 0);
    }
}
