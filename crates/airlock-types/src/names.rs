//! Package-name normalisation shared by catalogers, the snapshot builder
//! and the matcher.

/// PEP 503 normalisation of a Python project name: lowercase, runs of
/// `-`, `_` and `.` become one `-` (`Jinja2` → `jinja2`, `zope.interface`
/// → `zope-interface`).
pub fn pep503(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut sep = false;
    for c in name.trim().chars() {
        if matches!(c, '-' | '_' | '.') {
            sep = true;
        } else {
            if sep && !out.is_empty() {
                out.push('-');
            }
            sep = false;
            out.extend(c.to_lowercase());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pep503_normalises() {
        assert_eq!(pep503("Jinja2"), "jinja2");
        assert_eq!(pep503("zope.interface"), "zope-interface");
        assert_eq!(pep503("typing__Extensions"), "typing-extensions");
        assert_eq!(pep503("PyYAML"), "pyyaml");
        assert_eq!(pep503("-lead.trail_"), "lead-trail");
    }
}
