//! Secret detection: known token formats, private-key blocks, and
//! secret-looking assignments checked for entropy. Every hit carries a
//! masked form; the raw secret never leaves this module.

/// One secret found in a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SecretHit {
    /// What it looks like (`aws-access-key-id`, `private-key`, `github-token`, …).
    pub kind: &'static str,
    /// The secret with all but its first few characters masked.
    pub masked: String,
    /// Byte range of the secret in the scanned text.
    pub span: (usize, usize),
}

/// Masks a secret: the first 4 characters (2 for short ones) and then `*`
/// for the rest, at most 16 of them.
pub fn mask(secret: &str) -> String {
    let count = secret.chars().count();
    let keep = if count >= 16 {
        4
    } else if count >= 8 {
        2
    } else {
        0
    };
    let stars = (count - keep).clamp(4, 16);
    let mut out: String = secret.chars().take(keep).collect();
    out.extend(std::iter::repeat_n('*', stars));
    out
}

/// Shannon entropy in bits per character.
pub fn entropy(s: &str) -> f64 {
    let mut counts = [0u32; 256];
    let mut n = 0u32;
    for b in s.bytes() {
        counts[usize::from(b)] += 1;
        n += 1;
    }
    if n == 0 {
        return 0.0;
    }
    let n = f64::from(n);
    counts.iter().filter(|&&c| c > 0).map(|&c| f64::from(c) / n).map(|p| -p * p.log2()).sum()
}

fn is_token_char(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-')
}

/// A fixed-prefix token format: prefix, allowed body bytes, minimum and maximum body length.
struct TokenFormat {
    kind: &'static str,
    prefixes: &'static [&'static str],
    body: fn(u8) -> bool,
    min: usize,
    max: usize,
}

fn upper_alnum(b: u8) -> bool {
    b.is_ascii_uppercase() || b.is_ascii_digit()
}
fn alnum(b: u8) -> bool {
    b.is_ascii_alphanumeric()
}
fn alnum_dash_underscore(b: u8) -> bool {
    is_token_char(b)
}

const FORMATS: &[TokenFormat] = &[
    TokenFormat {
        kind: "aws-access-key-id",
        prefixes: &["AKIA", "ASIA", "AGPA", "AIDA", "AROA", "ANPA", "ANVA", "AIPA"],
        body: upper_alnum,
        min: 16,
        max: 16,
    },
    TokenFormat {
        kind: "github-token",
        prefixes: &["ghp_", "gho_", "ghu_", "ghs_", "ghr_"],
        body: alnum,
        min: 36,
        max: 255,
    },
    TokenFormat { kind: "github-token", prefixes: &["github_pat_"], body: alnum_dash_underscore, min: 60, max: 255 },
    TokenFormat { kind: "gitlab-token", prefixes: &["glpat-"], body: alnum_dash_underscore, min: 20, max: 64 },
    TokenFormat {
        kind: "slack-token",
        prefixes: &["xoxb-", "xoxp-", "xoxa-", "xoxr-", "xoxs-"],
        body: alnum_dash_underscore,
        min: 20,
        max: 255,
    },
    TokenFormat { kind: "google-api-key", prefixes: &["AIza"], body: alnum_dash_underscore, min: 35, max: 35 },
    TokenFormat { kind: "stripe-secret-key", prefixes: &["sk_live_", "rk_live_"], body: alnum, min: 24, max: 255 },
    TokenFormat { kind: "npm-token", prefixes: &["npm_"], body: alnum, min: 36, max: 36 },
];

/// Words that mark documentation examples and placeholders.
const PLACEHOLDERS: &[&str] =
    &["example", "changeme", "change_me", "placeholder", "dummy", "xxxxxx", "your_", "<", "${"];

fn looks_like_placeholder(s: &str) -> bool {
    let lower = s.to_ascii_lowercase();
    PLACEHOLDERS.iter().any(|p| lower.contains(p))
}

/// Known token formats and private-key blocks in free text.
pub fn scan_text(text: &str) -> Vec<SecretHit> {
    let mut hits = Vec::new();
    let bytes = text.as_bytes();
    for format in FORMATS {
        for prefix in format.prefixes {
            let mut from = 0;
            while let Some(pos) = text.get(from..).and_then(|t| t.find(prefix)) {
                let start = from + pos;
                from = start + prefix.len();
                if start > 0 && bytes.get(start - 1).copied().is_some_and(is_token_char) {
                    continue;
                }
                let body_len = bytes[from..].iter().take_while(|&&b| (format.body)(b)).count();
                let end = from + body_len;
                let boundary_ok = bytes.get(end).is_none_or(|&b| !is_token_char(b));
                if body_len < format.min || body_len > format.max || !boundary_ok {
                    continue;
                }
                let token = &text[start..end];
                // Documentation keys (AKIAIOSFODNN7EXAMPLE) and low-entropy fillers are not secrets.
                if looks_like_placeholder(token) || entropy(&text[from..end]) < 3.0 {
                    continue;
                }
                hits.push(SecretHit { kind: format.kind, masked: mask(token), span: (start, end) });
            }
        }
    }
    hits.extend(private_keys(text));
    hits.extend(assignments(text));
    hits.sort_by_key(|h| h.span);
    hits.dedup_by(|b, a| b.span.0 < a.span.1);
    hits
}

/// `-----BEGIN … PRIVATE KEY-----` followed by a base64 body.
fn private_keys(text: &str) -> Vec<SecretHit> {
    let mut hits = Vec::new();
    let mut from = 0;
    while let Some(pos) = text.get(from..).and_then(|t| t.find("-----BEGIN ")) {
        let start = from + pos;
        from = start + 11;
        let Some(line_end) = text[from..].find("-----").map(|i| from + i) else { break };
        let label = &text[from..line_end];
        if !label.ends_with("PRIVATE KEY") || label.len() > 40 {
            continue;
        }
        let body_start = line_end + 5;
        let body: usize = text[body_start..]
            .bytes()
            .take_while(|b| {
                b.is_ascii_alphanumeric() || matches!(b, b'+' | b'/' | b'=' | b'\n' | b'\r' | b' ' | b':' | b'-' | b',')
            })
            .filter(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'/'))
            .count();
        // A header alone (in docs or a parser's source) is not a key.
        if body < 64 {
            continue;
        }
        let end = text[body_start..].find("-----END").map_or(text.len(), |i| body_start + i);
        hits.push(SecretHit {
            kind: "private-key",
            masked: format!("-----BEGIN {label}----- [{body} base64 characters redacted]"),
            span: (start, end.max(body_start)),
        });
        from = end.max(body_start);
    }
    hits
}

/// Name fragments that mark a variable as holding a secret.
const SECRET_NAMES: &[&str] =
    &["PASSWORD", "PASSWD", "SECRET", "TOKEN", "API_KEY", "APIKEY", "ACCESS_KEY", "PRIVATE_KEY", "CREDENTIAL", "AUTH"];

/// Whether a variable name suggests a secret (`DB_PASSWORD`, `API_TOKEN`).
pub fn is_secret_name(name: &str) -> bool {
    let upper = name.to_ascii_uppercase().replace('-', "_");
    // `*_FILE` variables hold a path to the secret, not the secret.
    !upper.ends_with("_FILE") && !upper.ends_with("_PATH") && SECRET_NAMES.iter().any(|n| upper.contains(n))
}

fn is_hex(s: &str) -> bool {
    s.bytes().all(|b| b.is_ascii_hexdigit())
}

fn is_uuid(s: &str) -> bool {
    let parts: Vec<&str> = s.split('-').collect();
    parts.len() == 5 && parts.iter().map(|p| p.len()).eq([8, 4, 4, 4, 12]) && parts.iter().all(|p| is_hex(p))
}

/// Whether a value assigned to a secret-named variable looks like a real
/// secret: long enough, random enough, and not a hash, a UUID, a path, a
/// number or a placeholder.
pub fn looks_secret(value: &str) -> bool {
    let v = value.trim_matches(|c| c == '"' || c == '\'');
    v.len() >= 8
        && !v.contains(char::is_whitespace)
        && !v.starts_with('/')
        && !v.starts_with("sha256:")
        && !is_hex(v)
        && !is_uuid(v)
        && !v.bytes().all(|b| b.is_ascii_digit() || b == b'.')
        && !looks_like_placeholder(v)
        && !matches!(v.to_ascii_lowercase().as_str(), "true" | "false" | "enabled" | "disabled" | "required")
        && entropy(v) >= 3.0
}

/// A `NAME=value` pair: secrets in known formats, or a secret-looking value
/// under a secret-looking name.
pub fn scan_assignment(name: &str, value: &str) -> Vec<SecretHit> {
    let mut hits = scan_text(value);
    if hits.is_empty() && is_secret_name(name) && looks_secret(value) {
        let kind =
            if name.to_ascii_uppercase().contains("AWS_SECRET") { "aws-secret-access-key" } else { "generic-secret" };
        hits.push(SecretHit { kind, masked: mask(value), span: (0, value.len()) });
    }
    hits
}

/// `NAME=value` (and `--name=value`) pairs inside a command line, checked
/// with [`scan_assignment`]'s name rule.
fn assignments(text: &str) -> Vec<SecretHit> {
    let mut hits = Vec::new();
    let mut offset = 0;
    for word in text.split_inclusive(|c: char| c.is_whitespace() || c == ';' || c == '&') {
        let trimmed = word.trim_end_matches(|c: char| c.is_whitespace() || c == ';' || c == '&');
        if let Some((name, value)) = trimmed.split_once('=') {
            let name = name.trim_start_matches('-');
            let value_clean = value.trim_matches(|c| c == '"' || c == '\'');
            if !name.is_empty()
                && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
                && is_secret_name(name)
                && looks_secret(value_clean)
            {
                let start = offset + name.len() + (trimmed.len() - trimmed.trim_start_matches('-').len()) + 1;
                hits.push(SecretHit {
                    kind: "generic-secret",
                    masked: mask(value_clean),
                    span: (start, offset + trimmed.len()),
                });
            }
        }
        offset += word.len();
    }
    hits
}

/// `text` with every hit replaced by its masked form.
pub fn redact(text: &str, hits: &[SecretHit]) -> String {
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for hit in hits {
        let (start, end) = hit.span;
        if start < at || end > text.len() || !text.is_char_boundary(start) || !text.is_char_boundary(end) {
            continue;
        }
        out.push_str(&text[at..start]);
        out.push_str(&hit.masked);
        at = end;
    }
    out.push_str(&text[at..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const AWS_KEY: &str = "AKIAZ7QH3KX5RW2LMPQD";

    #[test]
    fn finds_known_formats_and_masks_them() {
        let hits = scan_text(&format!("aws configure set id {AWS_KEY}"));
        assert_eq!(hits.len(), 1);
        assert_eq!(hits[0].kind, "aws-access-key-id");
        assert_eq!(hits[0].masked, "AKIA****************");
        assert!(!hits[0].masked.contains("RW2LMPQD"));
        let gh = "ghp_Zq8v1XbN3kLm9PwR2sT4uY6aC0dE5fG7hJ1k";
        assert_eq!(scan_text(gh)[0].kind, "github-token");
    }

    #[test]
    fn look_alikes_do_not_fire() {
        assert!(scan_text("see AKIAIOSFODNN7EXAMPLE in the AWS docs").is_empty());
        assert!(
            scan_assignment("CHECKSUM", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855").is_empty()
        );
        assert!(
            scan_assignment("API_TOKEN", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855").is_empty()
        );
        assert!(scan_assignment("AUTH_TOKEN", "123e4567-e89b-12d3-a456-426614174000").is_empty());
        assert!(scan_assignment("DB_PASSWORD_FILE", "/run/secrets/db_pw_9aZ").is_empty());
        assert!(scan_assignment("DB_PASSWORD", "changeme").is_empty());
        assert!(scan_text("-----BEGIN RSA PRIVATE KEY----- marks a PEM key").is_empty());
    }

    #[test]
    fn secret_names_with_random_values_fire() {
        let hits = scan_assignment("DB_PASSWORD", "q7Rv!x2Lp9#Wm4Tz");
        assert_eq!(hits.len(), 1);
        assert_eq!(hits[0].kind, "generic-secret");
        assert_eq!(hits[0].masked, "q7Rv************");
        let hits = scan_text("RUN ./configure --api-token=Hk3sLq9ZpX2vN8wR && make");
        assert_eq!(hits.len(), 1, "{hits:?}");
        let text = "RUN ./configure --api-token=Hk3sLq9ZpX2vN8wR && make";
        let red = redact(text, &hits);
        assert!(!red.contains("Hk3sLq9ZpX2vN8wR"), "{red}");
        assert!(red.starts_with("RUN ./configure --api-token=Hk3s***"), "{red}");
    }

    #[test]
    fn private_key_blocks_need_a_body() {
        let body = "MIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV6ffAt0gunVTLw7onLRnrq0/IzW7yWR7QkrmBL7jTKEn5u+qKhbwKfBstIs+bMY2Zkp18gnTxKLxoS2tFczGkPLPgizskuemMghRniWaoLcyehkd3qqGElvW/VDL5AaWTg0nLVkjRo9z+40RQzuVaE8AkAFmxZzow3x+VJYKdjykkJ0iT9wCS0DRTXu269V264Vf/3jvredZiKRkgwlL9xNAwxXFg0x/XFw005UWVRIkdgcKWTjpBP2dPwVZ4WWC+9aGVd+Gyn1o0CLelf4rEjGoXbAAEgAqeGUxrcIlbjXfbcmw";
        let pem = format!("-----BEGIN RSA PRIVATE KEY-----\n{body}\n-----END RSA PRIVATE KEY-----\n");
        let hits = scan_text(&pem);
        assert_eq!(hits.len(), 1);
        assert_eq!(hits[0].kind, "private-key");
        assert!(!hits[0].masked.contains("MIIE"));
    }

    #[test]
    fn entropy_of_simple_strings() {
        assert_eq!(entropy("aaaa"), 0.0);
        assert!((entropy("abcd") - 2.0).abs() < 1e-9);
    }
}
