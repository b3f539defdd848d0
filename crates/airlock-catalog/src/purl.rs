//! Package URLs of OS packages, qualified the way syft qualifies them.

use airlock_types::{OsRelease, Purl};

/// The parts of an OS package's purl.
#[derive(Debug, Clone, Copy)]
pub(crate) struct OsPurl<'a> {
    /// Purl type (`deb`, `apk`).
    pub(crate) ty: &'a str,
    /// Namespace (`debian`, `ubuntu`, `alpine`).
    pub(crate) namespace: &'a str,
    /// Binary package name.
    pub(crate) name: &'a str,
    /// Version text as recorded (with any epoch).
    pub(crate) version: &'a str,
    /// Architecture, if recorded.
    pub(crate) arch: Option<&'a str>,
    /// The `upstream` qualifier (`openssl`, `bash@5.2.15-2`), if any.
    pub(crate) upstream: Option<&'a str>,
}

impl OsPurl<'_> {
    /// Builds the purl, adding `distro=<ID>-<VERSION_ID>` when the OS is known.
    pub(crate) fn build(self, os: Option<&OsRelease>) -> Purl {
        let qualifiers = [
            ("arch", self.arch.map(str::to_owned)),
            ("upstream", self.upstream.map(str::to_owned)),
            ("distro", os.map(distro)),
        ];
        Purl::new(
            self.ty,
            Some(self.namespace),
            self.name,
            Some(self.version),
            qualifiers.into_iter().filter_map(|(k, v)| Some((k.to_owned(), v?))),
        )
    }
}

/// `debian-12`, `alpine-3.16.9`, or just the id when the release is unknown.
pub(crate) fn distro(os: &OsRelease) -> String {
    match &os.version_id {
        Some(v) => format!("{}-{v}", os.id),
        None => os.id.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn qualifies_with_arch_upstream_and_distro() {
        let os = OsRelease { id: "debian".into(), version_id: Some("12".into()), ..OsRelease::default() };
        let parts = OsPurl {
            ty: "deb",
            namespace: "debian",
            name: "bsdutils",
            version: "1:2.38.1-5+deb12u3",
            arch: Some("amd64"),
            upstream: Some("util-linux@2.38.1-5+deb12u3"),
        };
        // Exactly the purl syft 1.18.1 wrote for this package.
        assert_eq!(
            parts.build(Some(&os)).to_string(),
            "pkg:deb/debian/bsdutils@1:2.38.1-5%2Bdeb12u3?arch=amd64&distro=debian-12&upstream=util-linux%402.38.1-5%2Bdeb12u3"
        );
        let bare = OsPurl { arch: None, upstream: None, ..parts };
        assert_eq!(bare.build(None).to_string(), "pkg:deb/debian/bsdutils@1:2.38.1-5%2Bdeb12u3");
        let sid = OsRelease { id: "debian".into(), ..OsRelease::default() };
        assert_eq!(bare.build(Some(&sid)).qualifier("distro"), Some("debian"));
    }
}
