//! The purl `distro=` qualifier → an OS release (`debian-12`,
//! `debian-bookworm`, `bookworm`, `alpine-3.16.9`, `ubuntu-22.04`).

use airlock_types::OsRelease;

/// Debian codenames and their release numbers.
const DEBIAN: &[(&str, &str)] = &[
    ("hamm", "2.0"),
    ("slink", "2.1"),
    ("potato", "2.2"),
    ("woody", "3.0"),
    ("sarge", "3.1"),
    ("etch", "4"),
    ("lenny", "5"),
    ("squeeze", "6"),
    ("wheezy", "7"),
    ("jessie", "8"),
    ("stretch", "9"),
    ("buster", "10"),
    ("bullseye", "11"),
    ("bookworm", "12"),
    ("trixie", "13"),
    ("forky", "14"),
    ("duke", "15"),
];

/// Ubuntu codenames and their release numbers.
const UBUNTU: &[(&str, &str)] = &[
    ("trusty", "14.04"),
    ("xenial", "16.04"),
    ("bionic", "18.04"),
    ("focal", "20.04"),
    ("jammy", "22.04"),
    ("kinetic", "22.10"),
    ("lunar", "23.04"),
    ("mantic", "23.10"),
    ("noble", "24.04"),
    ("oracular", "24.10"),
    ("plucky", "25.04"),
];

fn codename(name: &str) -> Option<(&'static str, &'static str)> {
    let name = name.to_ascii_lowercase();
    DEBIAN
        .iter()
        .find(|(c, _)| *c == name)
        .map(|(_, v)| ("debian", *v))
        .or_else(|| UBUNTU.iter().find(|(c, _)| *c == name).map(|(_, v)| ("ubuntu", *v)))
}

/// Reads a `distro=` qualifier; `namespace` (the purl's, e.g. `debian`)
/// names the OS when the qualifier is a bare codename or version.
pub fn os_from_distro_qualifier(value: &str, namespace: Option<&str>) -> Option<OsRelease> {
    let value = value.trim();
    if value.is_empty() {
        return None;
    }
    let os = |id: &str, version: &str, code: Option<&str>| OsRelease {
        id: id.to_owned(),
        version_id: Some(version.to_owned()),
        version_codename: code.map(str::to_owned),
        ..OsRelease::default()
    };
    if let Some((id, version)) = codename(value) {
        return Some(os(id, version, Some(value)));
    }
    if let Some((id, rest)) = value.split_once('-') {
        let id = id.to_ascii_lowercase();
        if let Some((_, version)) = codename(rest) {
            return Some(os(&id, version, Some(rest)));
        }
        if rest.starts_with(|c: char| c.is_ascii_digit()) {
            return Some(os(&id, rest, None));
        }
        return Some(OsRelease { id, ..OsRelease::default() });
    }
    if value.starts_with(|c: char| c.is_ascii_digit()) {
        return namespace.map(|ns| os(&ns.to_ascii_lowercase(), value, None));
    }
    Some(OsRelease { id: value.to_ascii_lowercase(), ..OsRelease::default() })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pair(value: &str, ns: Option<&str>) -> (String, Option<String>) {
        let os = os_from_distro_qualifier(value, ns).unwrap();
        (os.id, os.version_id)
    }

    #[test]
    fn reads_numbers_and_codenames() {
        assert_eq!(pair("debian-12", None), ("debian".into(), Some("12".into())));
        assert_eq!(pair("debian-bookworm", None), ("debian".into(), Some("12".into())));
        assert_eq!(pair("buster", Some("debian")), ("debian".into(), Some("10".into())));
        assert_eq!(pair("alpine-3.16.9", None), ("alpine".into(), Some("3.16.9".into())));
        assert_eq!(pair("ubuntu-22.04", None), ("ubuntu".into(), Some("22.04".into())));
        assert_eq!(pair("jammy", None), ("ubuntu".into(), Some("22.04".into())));
        assert_eq!(pair("11", Some("debian")), ("debian".into(), Some("11".into())));
        assert_eq!(pair("rhel-9.4", None), ("rhel".into(), Some("9.4".into())));
        assert_eq!(os_from_distro_qualifier("", None), None);
        let os = os_from_distro_qualifier("debian-12", None).unwrap();
        assert_eq!(os.ecosystem().unwrap().to_string(), "Debian:12");
    }
}
