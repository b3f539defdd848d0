//! Package URLs (<https://github.com/package-url/purl-spec>).

use std::fmt::{self, Write};

use serde::{Deserialize, Serialize};

/// A package URL such as `pkg:deb/debian/curl@7.88.1-10?arch=amd64&distro=debian-12`.
///
/// Built from typed parts and rendered canonically: lowercase type,
/// percent-encoded components, qualifiers sorted by key, empty values dropped.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(into = "String", try_from = "String")]
pub struct Purl {
    /// Package type (`deb`, `apk`, `pypi`, …).
    pub ty: String,
    /// Namespace (`debian`, `alpine`), if any.
    pub namespace: Option<String>,
    /// Package name.
    pub name: String,
    /// Version, if any.
    pub version: Option<String>,
    /// Qualifiers, sorted by key.
    pub qualifiers: Vec<(String, String)>,
}

impl Purl {
    /// Builds a purl; qualifiers with empty values are dropped and the rest sorted.
    pub fn new(
        ty: &str,
        namespace: Option<&str>,
        name: &str,
        version: Option<&str>,
        qualifiers: impl IntoIterator<Item = (String, String)>,
    ) -> Self {
        let mut qualifiers: Vec<_> = qualifiers.into_iter().filter(|(_, v)| !v.is_empty()).collect();
        qualifiers.sort();
        Self {
            ty: ty.to_ascii_lowercase(),
            namespace: namespace.map(str::to_owned),
            name: name.to_owned(),
            version: version.map(str::to_owned),
            qualifiers,
        }
    }

    /// The value of qualifier `key`, if present.
    pub fn qualifier(&self, key: &str) -> Option<&str> {
        self.qualifiers.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str())
    }
}

fn encode(out: &mut String, s: &str, keep_slash: bool) {
    for b in s.bytes() {
        let unreserved = b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~');
        if unreserved || (keep_slash && b == b'/') || b == b':' {
            out.push(b as char);
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
}

fn decode(s: &str) -> Result<String, String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = s.get(i + 1..i + 3).ok_or_else(|| format!("bad escape in {s:?}"))?;
            out.push(u8::from_str_radix(hex, 16).map_err(|_| format!("bad escape in {s:?}"))?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).map_err(|_| format!("invalid UTF-8 in {s:?}"))
}

impl fmt::Display for Purl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut s = String::from("pkg:");
        s.push_str(&self.ty);
        s.push('/');
        if let Some(ns) = &self.namespace {
            encode(&mut s, ns, true);
            s.push('/');
        }
        encode(&mut s, &self.name, false);
        if let Some(v) = &self.version {
            s.push('@');
            encode(&mut s, v, false);
        }
        for (i, (k, v)) in self.qualifiers.iter().enumerate() {
            s.push(if i == 0 { '?' } else { '&' });
            s.push_str(k);
            s.push('=');
            encode(&mut s, v, false);
        }
        f.write_str(&s)
    }
}

impl From<Purl> for String {
    fn from(p: Purl) -> Self {
        p.to_string()
    }
}

impl TryFrom<String> for Purl {
    type Error = String;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        let rest = s.strip_prefix("pkg:").ok_or_else(|| format!("purl {s:?} does not start with pkg:"))?;
        let (rest, _subpath) = rest.split_once('#').unwrap_or((rest, ""));
        let (rest, query) = rest.split_once('?').unwrap_or((rest, ""));
        let (path, version) = match rest.rsplit_once('@') {
            Some((p, v)) => (p, Some(decode(v)?)),
            None => (rest, None),
        };
        let (ty, path) = path.split_once('/').ok_or_else(|| format!("purl {s:?} has no name"))?;
        let (namespace, name) = match path.rsplit_once('/') {
            Some((ns, n)) => (Some(decode(ns)?), decode(n)?),
            None => (None, decode(path)?),
        };
        let mut qualifiers = Vec::new();
        for pair in query.split('&').filter(|p| !p.is_empty()) {
            let (k, v) = pair.split_once('=').ok_or_else(|| format!("bad qualifier {pair:?} in {s:?}"))?;
            qualifiers.push((k.to_ascii_lowercase(), decode(v)?));
        }
        Ok(Self::new(ty, namespace.as_deref(), &name, version.as_deref(), qualifiers))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_canonically() {
        let p = Purl::new(
            "deb",
            Some("debian"),
            "libssl3",
            Some("3.0.20-1~deb12u2"),
            [
                ("distro".into(), "debian-12".into()),
                ("arch".into(), "amd64".into()),
                ("upstream".into(), String::new()),
            ],
        );
        assert_eq!(p.to_string(), "pkg:deb/debian/libssl3@3.0.20-1~deb12u2?arch=amd64&distro=debian-12");
        let epoch =
            Purl::new("deb", Some("debian"), "util-linux", Some("2.38.1-5+deb12u3"), [("epoch".into(), "1".into())]);
        assert_eq!(epoch.to_string(), "pkg:deb/debian/util-linux@2.38.1-5%2Bdeb12u3?epoch=1");
        assert_eq!(Purl::try_from(epoch.to_string()).unwrap(), epoch);
    }
}
