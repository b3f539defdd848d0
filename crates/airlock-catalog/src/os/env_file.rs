//! The `KEY=value` format of os-release(5).

/// Parses an os-release file into `(key, value)` pairs, in file order.
///
/// Blank lines and `#` comments are skipped, as are lines without `=` or
/// with a key that is not a shell variable name. Values may be unquoted,
/// single-quoted (literal) or double-quoted (where `\` escapes the next
/// character); text after the closing quote is ignored.
pub(crate) fn parse(text: &str) -> Vec<(String, String)> {
    text.lines()
        .map(str::trim)
        .filter(|line| !line.is_empty() && !line.starts_with('#'))
        .filter_map(|line| {
            let (key, value) = line.split_once('=')?;
            let key = key.trim();
            if key.is_empty() || !key.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_') {
                return None;
            }
            Some((key.to_owned(), unquote(value.trim())))
        })
        .collect()
}

/// Removes one level of shell quoting from a value.
fn unquote(value: &str) -> String {
    let mut chars = value.chars();
    match chars.next() {
        Some('\'') => chars.take_while(|&c| c != '\'').collect(),
        Some('"') => {
            let mut out = String::new();
            while let Some(c) = chars.next() {
                match c {
                    '"' => break,
                    '\\' => out.extend(chars.next()),
                    c => out.push(c),
                }
            }
            out
        }
        _ => value.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn get<'a>(pairs: &'a [(String, String)], key: &str) -> Option<&'a str> {
        pairs.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str())
    }

    #[test]
    fn reads_quoted_unquoted_and_escaped_values() {
        let pairs = parse(
            "# comment\n\nNAME=\"Alpine Linux\"\nID=alpine\nVERSION_CODENAME='book worm'\r\n\
             QUOTED=\"say \\\"hi\\\" \\$HOME\\\\\"\n  SPACED = x \nnot a pair\nBAD-KEY=1\n=empty\n",
        );
        assert_eq!(get(&pairs, "NAME"), Some("Alpine Linux"));
        assert_eq!(get(&pairs, "ID"), Some("alpine"));
        assert_eq!(get(&pairs, "VERSION_CODENAME"), Some("book worm"));
        assert_eq!(get(&pairs, "QUOTED"), Some("say \"hi\" $HOME\\"));
        assert_eq!(get(&pairs, "SPACED"), Some("x"));
        assert_eq!(pairs.len(), 5);
    }

    #[test]
    fn unterminated_quotes_take_the_rest() {
        assert_eq!(parse("A=\"open\nB='x"), vec![("A".into(), "open".into()), ("B".into(), "x".into())]);
    }
}
