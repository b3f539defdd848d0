//! Display strings for the scanned image, shared by the renderers.

use crate::{ImageSummary, OsEntry};

/// The target's name: its reference (with the source file when the
/// reference is a bare tag), else the source, else its short digest, else
/// `(unnamed image)`.
pub(crate) fn target(image: &ImageSummary) -> String {
    match (&image.reference, &image.source) {
        (Some(reference), Some(source)) if !reference.contains([':', '/', '@']) => format!("{source} ({reference})"),
        (Some(reference), _) => reference.clone(),
        (None, Some(source)) => source.clone(),
        (None, None) => image.digest.as_deref().map(short_digest).unwrap_or_else(|| "(unnamed image)".to_owned()),
    }
}

/// What to pass to a follow-up command: the source the user gave, else the target.
pub(crate) fn rerun_argument(image: &ImageSummary) -> String {
    image.source.clone().unwrap_or_else(|| target(image))
}

/// The first 12 hex digits of a `sha256:` digest, as Docker shows ids; other
/// text is returned unchanged.
pub(crate) fn short_digest(digest: &str) -> String {
    match digest.strip_prefix("sha256:") {
        Some(hex) => hex.chars().take(12).collect(),
        None => digest.to_owned(),
    }
}

/// `PRETTY_NAME`, else `id version`.
pub(crate) fn os_name(os: &OsEntry) -> String {
    match (&os.pretty_name, &os.version_id) {
        (Some(pretty), _) => pretty.clone(),
        (None, Some(version)) => format!("{} {version}", os.id),
        (None, None) => os.id.clone(),
    }
}

/// `1 package` / `3 packages`: the count with the singular or plural noun.
pub(crate) fn plural(count: usize, one: &str, many: &str) -> String {
    format!("{count} {}", if count == 1 { one } else { many })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        let d = "sha256:e85ea4d10a90a3cdf21358035129e00dc803684d9d04e8fdff73477cf63d798c";
        assert_eq!(short_digest(d), "e85ea4d10a90");
        let image = ImageSummary { digest: Some(d.into()), ..Default::default() };
        assert_eq!(target(&image), "e85ea4d10a90");
        assert_eq!(target(&ImageSummary::default()), "(unnamed image)");
        let os = OsEntry { id: "alpine".into(), version_id: Some("3.16.9".into()), pretty_name: None };
        assert_eq!(os_name(&os), "alpine 3.16.9");
        assert_eq!(plural(1, "package", "packages"), "1 package");
        assert_eq!(plural(0, "vulnerability", "vulnerabilities"), "0 vulnerabilities");
    }
}
