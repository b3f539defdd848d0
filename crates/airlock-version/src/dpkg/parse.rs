//! Splitting `[epoch:]upstream[-revision]` the way dpkg's `parseversion` does.

/// The parts of a dpkg version string.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Parts<'a> {
    /// The epoch (0 when absent).
    pub(super) epoch: u32,
    /// The upstream version.
    pub(super) upstream: &'a str,
    /// The revision after the last `-`, if there is one.
    pub(super) revision: Option<&'a str>,
}

/// Why dpkg refuses a version string (its own wording).
pub(super) type Refusal = &'static str;

/// dpkg's blank characters: space and tab.
fn is_blank(c: char) -> bool {
    c == ' ' || c == '\t'
}

/// Splits `s` (already trimmed of blanks) into its parts, refusing what
/// `dpkg --compare-versions` refuses with an error. dpkg merely warns about
/// an upstream version that does not start with a digit and about unusual
/// characters, so those are accepted.
pub(super) fn split(s: &str) -> Result<Parts<'_>, Refusal> {
    if s.is_empty() {
        return Err("version string is empty");
    }
    if s.contains(is_blank) {
        return Err("version string has embedded spaces");
    }
    if s.chars().any(char::is_control) {
        return Err("version string has a control character");
    }
    let (epoch, rest) = match s.split_once(':') {
        Some((epoch, rest)) => (parse_epoch(epoch)?, rest),
        None => (0, s),
    };
    if rest.is_empty() {
        // Only reachable after an epoch: `s` itself is not empty.
        return Err("nothing after colon in version number");
    }
    let (upstream, revision) = match rest.rsplit_once('-') {
        Some((_, "")) => return Err("revision number is empty"),
        Some((upstream, revision)) => (upstream, Some(revision)),
        None => (rest, None),
    };
    if upstream.is_empty() {
        return Err("version number is empty");
    }
    Ok(Parts { epoch, upstream, revision })
}

/// Parses the text before the first `:` like C's `strtol` with dpkg's checks:
/// an optional sign, then decimal digits reaching the colon, at most `INT_MAX`.
fn parse_epoch(text: &str) -> Result<u32, Refusal> {
    let (negative, digits) = match text.as_bytes().first() {
        Some(b'-') => (true, text.get(1..).unwrap_or_default()),
        Some(b'+') => (false, text.get(1..).unwrap_or_default()),
        _ => (false, text),
    };
    if !digits.starts_with(|c: char| c.is_ascii_digit()) {
        // strtol converted nothing.
        return Err("epoch in version is empty");
    }
    if !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err("epoch in version is not number");
    }
    let significant = digits.trim_start_matches('0');
    if significant.is_empty() {
        return Ok(0);
    }
    if negative {
        return Err("epoch in version is negative");
    }
    significant
        .parse::<u32>()
        .ok()
        .filter(|&epoch| epoch <= i32::MAX.unsigned_abs())
        .ok_or("epoch in version is too big")
}

/// Removes leading and trailing blanks, as dpkg does before parsing.
pub(super) fn trim_blanks(s: &str) -> &str {
    s.trim_matches(is_blank)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parts(s: &str) -> (u32, &str, Option<&str>) {
        let p = split(s).unwrap_or_else(|e| panic!("{s:?}: {e}"));
        (p.epoch, p.upstream, p.revision)
    }

    #[test]
    fn splits_epoch_upstream_revision() {
        assert_eq!(parts("1:2.30-1+b2"), (1, "2.30", Some("1+b2")));
        assert_eq!(parts("2.30"), (0, "2.30", None));
        assert_eq!(parts("1.2-3-4"), (0, "1.2-3", Some("4")));
        assert_eq!(parts("1:2:3-4"), (1, "2:3", Some("4")));
        assert_eq!(parts("+1:2"), (1, "2", None));
        assert_eq!(parts("007:2"), (7, "2", None));
        assert_eq!(parts("abc"), (0, "abc", None));
    }

    #[test]
    fn refuses_what_dpkg_refuses() {
        let cases = [
            ("", "version string is empty"),
            ("1.0 2", "version string has embedded spaces"),
            (":1.0", "epoch in version is empty"),
            ("a:1.0", "epoch in version is empty"),
            ("-:1.0", "epoch in version is empty"),
            ("1a:1.0", "epoch in version is not number"),
            ("-1:1.0", "epoch in version is negative"),
            ("2147483648:1.0", "epoch in version is too big"),
            ("99999999999999999999:1.0", "epoch in version is too big"),
            ("1:", "nothing after colon in version number"),
            ("1.0-", "revision number is empty"),
            ("-1", "version number is empty"),
            ("1:-1", "version number is empty"),
        ];
        for (input, reason) in cases {
            assert_eq!(split(input), Err(reason), "{input:?}");
        }
        assert_eq!(parts("2147483647:1"), (2_147_483_647, "1", None));
        assert_eq!(parts("-0:1"), (0, "1", None));
    }

    #[test]
    fn trims_blanks_only() {
        assert_eq!(trim_blanks(" \t1.0 "), "1.0");
        assert_eq!(trim_blanks("1.0\n"), "1.0\n");
    }
}
