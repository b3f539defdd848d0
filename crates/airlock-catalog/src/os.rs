//! Operating-system detection from `/etc/os-release` and its fallbacks.

mod env_file;

use airlock_image::CollectedFiles;
use airlock_types::OsRelease;

/// os-release(5) files, in lookup order.
const OS_RELEASE_FILES: [&str; 2] = ["/etc/os-release", "/usr/lib/os-release"];
/// Alpine's release file (`3.16.9`).
const ALPINE_RELEASE: &str = "/etc/alpine-release";
/// Debian's release file (`12.7`, or `bookworm/sid` on testing).
const DEBIAN_VERSION: &str = "/etc/debian_version";

/// Every file OS detection reads, in lookup order.
pub const OS_RELEASE_PATHS: [&str; 4] = [OS_RELEASE_FILES[0], OS_RELEASE_FILES[1], ALPINE_RELEASE, DEBIAN_VERSION];

/// Whether OS detection needs the file at this absolute path.
pub fn wants_os_file(path: &str) -> bool {
    OS_RELEASE_PATHS.contains(&path)
}

/// Detects the OS of the final file system: `/etc/os-release`, then
/// `/usr/lib/os-release` (the first with an `ID`), then `/etc/alpine-release`,
/// then `/etc/debian_version`.
pub fn detect_os(files: &CollectedFiles) -> Option<OsRelease> {
    let text = |path: &str| files.get(path).map(|f| String::from_utf8_lossy(f.content).into_owned());
    OS_RELEASE_FILES
        .iter()
        .find_map(|path| text(path).and_then(|t| from_os_release(&t)))
        .or_else(|| text(ALPINE_RELEASE).and_then(|t| from_alpine_release(&t)))
        .or_else(|| text(DEBIAN_VERSION).and_then(|t| from_debian_version(&t)))
}

/// Reads an os-release file; `None` without a non-empty `ID`.
fn from_os_release(text: &str) -> Option<OsRelease> {
    let pairs = env_file::parse(text);
    let get = |key: &str| pairs.iter().rev().find(|(k, _)| k == key).map(|(_, v)| v.clone()).filter(|v| !v.is_empty());
    Some(OsRelease {
        id: get("ID")?,
        version_id: get("VERSION_ID"),
        version_codename: get("VERSION_CODENAME"),
        pretty_name: get("PRETTY_NAME"),
        id_like: get("ID_LIKE").map(|v| v.split_whitespace().map(str::to_owned).collect()).unwrap_or_default(),
    })
}

/// Reads `/etc/alpine-release` (`3.16.9`).
fn from_alpine_release(text: &str) -> Option<OsRelease> {
    let version = first_line(text)?;
    Some(OsRelease { id: "alpine".into(), version_id: Some(version.into()), ..OsRelease::default() })
}

/// Reads `/etc/debian_version`: `12.7` gives release `12`; `bookworm/sid`
/// (testing and unstable) gives only the codename `bookworm`.
fn from_debian_version(text: &str) -> Option<OsRelease> {
    let line = first_line(text)?;
    let debian = |version_id: Option<&str>, codename: Option<&str>| OsRelease {
        id: "debian".into(),
        version_id: version_id.map(str::to_owned),
        version_codename: codename.map(str::to_owned),
        ..OsRelease::default()
    };
    if line.starts_with(|c: char| c.is_ascii_digit()) {
        let major = line.split('.').next().filter(|m| m.bytes().all(|b| b.is_ascii_digit()))?;
        Some(debian(Some(major), None))
    } else {
        let codename = line.split('/').next().filter(|c| !c.is_empty())?;
        Some(debian(None, Some(codename)))
    }
}

/// The first line, trimmed; `None` if empty.
fn first_line(text: &str) -> Option<&str> {
    text.lines().next().map(str::trim).filter(|l| !l.is_empty())
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;

    /// `/usr/lib/os-release` of debian-bookworm-minbase and of distroless
    /// (from base-files 12.4+deb12u15); `/etc/os-release` links to it.
    const DEBIAN_12: &str = r#"PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"
NAME="Debian GNU/Linux"
VERSION_ID="12"
VERSION="12 (bookworm)"
VERSION_CODENAME=bookworm
ID=debian
HOME_URL="https://www.debian.org/"
SUPPORT_URL="https://www.debian.org/support"
BUG_REPORT_URL="https://bugs.debian.org/"
"#;

    /// `/etc/os-release` of the alpine-minirootfs 3.16.9.
    const ALPINE_3_16: &str = r#"NAME="Alpine Linux"
ID=alpine
VERSION_ID=3.16.9
PRETTY_NAME="Alpine Linux v3.16"
HOME_URL="https://alpinelinux.org/"
BUG_REPORT_URL="https://gitlab.alpinelinux.org/alpine/aports/-/issues"
"#;

    fn files(entries: &[(&str, usize, &str)]) -> CollectedFiles {
        let mut f = CollectedFiles::default();
        for (path, layer, text) in entries {
            f.push(path, *layer, Some(Arc::from(text.as_bytes())));
        }
        f
    }

    #[test]
    fn wants_exactly_the_release_files() {
        assert!(wants_os_file("/etc/os-release"));
        assert!(wants_os_file("/usr/lib/os-release"));
        assert!(wants_os_file("/etc/alpine-release"));
        assert!(wants_os_file("/etc/debian_version"));
        assert!(!wants_os_file("/etc/os-release.bak"));
        assert!(!wants_os_file("/etc/lsb-release"));
    }

    #[test]
    fn debian_os_release_through_the_etc_symlink() {
        // As in debian-bookworm-minbase and distroless: /etc/os-release is a
        // relative symlink into /usr/lib.
        let mut f = files(&[("/usr/lib/os-release", 0, DEBIAN_12), ("/etc/debian_version", 0, "12.15\n")]);
        f.set_symlink("/etc/os-release", Some("../usr/lib/os-release"));
        let os = detect_os(&f).unwrap();
        assert_eq!(os.id, "debian");
        assert_eq!(os.version_id.as_deref(), Some("12"));
        assert_eq!(os.version_codename.as_deref(), Some("bookworm"));
        assert_eq!(os.pretty_name.as_deref(), Some("Debian GNU/Linux 12 (bookworm)"));
        assert!(os.id_like.is_empty());
    }

    #[test]
    fn alpine_os_release() {
        let f = files(&[("/etc/os-release", 0, ALPINE_3_16), ("/etc/alpine-release", 0, "3.16.9\n")]);
        let os = detect_os(&f).unwrap();
        assert_eq!((os.id.as_str(), os.version_id.as_deref()), ("alpine", Some("3.16.9")));
        assert_eq!(os.pretty_name.as_deref(), Some("Alpine Linux v3.16"));
        assert_eq!(os.version_codename, None);
    }

    #[test]
    fn etc_os_release_wins_over_usr_lib_and_id_like_is_split() {
        let ubuntu = "ID=ubuntu\nID_LIKE=debian\nVERSION_ID=\"22.04\"\nVERSION_CODENAME=jammy\n";
        let f = files(&[("/etc/os-release", 0, ubuntu), ("/usr/lib/os-release", 0, DEBIAN_12)]);
        let os = detect_os(&f).unwrap();
        assert_eq!(os.id, "ubuntu");
        assert_eq!(os.id_like, vec!["debian".to_owned()]);
        let mint = "ID=linuxmint\nID_LIKE=\"ubuntu debian\"\n";
        assert_eq!(detect_os(&files(&[("/etc/os-release", 0, mint)])).unwrap().id_like, ["ubuntu", "debian"]);
    }

    #[test]
    fn os_release_without_id_falls_through() {
        let f = files(&[("/etc/os-release", 0, "NAME=\"Mystery\"\n"), ("/usr/lib/os-release", 0, DEBIAN_12)]);
        assert_eq!(detect_os(&f).unwrap().id, "debian");
        let f = files(&[("/etc/os-release", 0, "ID=\n"), ("/etc/alpine-release", 0, "3.20.3\n")]);
        assert_eq!(detect_os(&f).unwrap().version_id.as_deref(), Some("3.20.3"));
    }

    #[test]
    fn deleted_os_release_is_not_read() {
        let mut f = files(&[("/etc/os-release", 0, ALPINE_3_16)]);
        f.push("/etc/os-release", 1, None);
        assert_eq!(detect_os(&f), None);
    }

    #[test]
    fn alpine_release_fallback() {
        let os = detect_os(&files(&[("/etc/alpine-release", 0, "3.16.9\n")])).unwrap();
        assert_eq!(os, OsRelease { id: "alpine".into(), version_id: Some("3.16.9".into()), ..OsRelease::default() });
    }

    #[test]
    fn debian_version_fallback() {
        let os = detect_os(&files(&[("/etc/debian_version", 0, "12.7\n")])).unwrap();
        assert_eq!((os.id.as_str(), os.version_id.as_deref()), ("debian", Some("12")));
        let os = detect_os(&files(&[("/etc/debian_version", 0, "bookworm/sid\n")])).unwrap();
        assert_eq!((os.version_id, os.version_codename.as_deref()), (None, Some("bookworm")));
        assert_eq!(detect_os(&files(&[("/etc/debian_version", 0, "10\n")])).unwrap().version_id.as_deref(), Some("10"));
    }

    #[test]
    fn empty_or_missing_files_give_nothing() {
        assert_eq!(detect_os(&CollectedFiles::default()), None);
        assert_eq!(detect_os(&files(&[("/etc/alpine-release", 0, "\n"), ("/etc/debian_version", 0, "")])), None);
        assert_eq!(detect_os(&files(&[("/etc/debian_version", 0, "12x.1\n")])), None);
    }
}
