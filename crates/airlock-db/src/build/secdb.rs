//! The Alpine secdb (`<branch>/{main,community}.json`): fixed versions per
//! origin package and advisory id.

use std::collections::BTreeMap;
use std::path::Path;

use airlock_types::{Ecosystem, EcosystemKind};
use airlock_version::Version;
use serde::Deserialize;

use super::archive;
use super::collect::Collector;
use super::summary::SourceSummary;
use crate::{Affected, DbError, DistroState, PackageKey, Range, SourceInfo};

#[derive(Debug, Deserialize)]
struct SecdbFile {
    #[serde(default)]
    distroversion: Option<String>,
    #[serde(default)]
    packages: Vec<SecdbPackage>,
}

#[derive(Debug, Deserialize)]
struct SecdbPackage {
    pkg: SecdbPkg,
}

#[derive(Debug, Deserialize)]
struct SecdbPkg {
    name: String,
    #[serde(default)]
    secfixes: BTreeMap<String, Option<Vec<String>>>,
}

/// What the secdb says about one id for one package.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Fix {
    /// Key `"0"`: never affected in this branch.
    NotAffected,
    /// Fixed in this apk version.
    Fixed(Version),
}

/// One secdb file, converted.
#[derive(Debug, Default, PartialEq, Eq)]
pub(crate) struct SecdbParsed {
    /// The branch, or `None` for `edge` (not a release an image can report).
    pub(crate) ecosystem: Option<Ecosystem>,
    /// Package entries read.
    pub(crate) packages: u64,
    /// (package, id, fix), one per distinct id per package.
    pub(crate) fixes: Vec<(PackageKey, String, Fix)>,
    /// Secfixes keys that are not apk versions: `package key: reason`.
    pub(crate) bad: Vec<String>,
    /// Ids listed under more than one fixed version of a package (the lowest was kept).
    pub(crate) collapsed: u64,
}

/// Parses one secdb JSON file; `branch` (the folder name) is used when the
/// file has no `distroversion`.
pub(crate) fn parse(bytes: &[u8], branch: &str) -> Result<SecdbParsed, String> {
    let file: SecdbFile = serde_json::from_slice(bytes).map_err(|e| format!("invalid secdb JSON: {e}"))?;
    let version = file.distroversion.as_deref().unwrap_or(branch);
    let mut parsed = SecdbParsed { packages: file.packages.len() as u64, ..SecdbParsed::default() };
    let digits = version.strip_prefix('v').unwrap_or(version);
    if digits.is_empty() || !digits.chars().all(|c| c.is_ascii_digit() || c == '.') {
        return Ok(parsed);
    }
    let ecosystem = Ecosystem::alpine(digits);
    for package in file.packages {
        let name = package.pkg.name.trim().to_owned();
        let mut by_id: BTreeMap<String, Fix> = BTreeMap::new();
        for (fixed, ids) in package.pkg.secfixes {
            let fix = if fixed.trim() == "0" {
                Fix::NotAffected
            } else {
                match Version::parse(EcosystemKind::Alpine.scheme(), fixed.trim()) {
                    Ok(v) => Fix::Fixed(v),
                    Err(e) => {
                        parsed.bad.push(format!("{name} {fixed:?}: {e}"));
                        continue;
                    }
                }
            };
            for id in ids.iter().flatten().flat_map(|s| s.split_whitespace()) {
                match by_id.get_mut(id) {
                    None => {
                        by_id.insert(id.to_owned(), fix.clone());
                    }
                    Some(known) => {
                        if *known != fix {
                            parsed.collapsed += 1;
                        }
                        *known = lower_fix(known, &fix);
                    }
                }
            }
        }
        let key = PackageKey { ecosystem: ecosystem.clone(), name };
        parsed.fixes.extend(by_id.into_iter().map(|(id, fix)| (key.clone(), id, fix)));
    }
    parsed.ecosystem = Some(ecosystem);
    Ok(parsed)
}

/// The fix to keep when an id is listed twice: a real fixed version beats
/// "not affected", and of two versions the lower (the first fixed) wins.
fn lower_fix(a: &Fix, b: &Fix) -> Fix {
    match (a, b) {
        (Fix::Fixed(x), Fix::Fixed(y)) => {
            if y.try_cmp(x).is_ok_and(|o| o.is_lt()) {
                b.clone()
            } else {
                a.clone()
            }
        }
        (Fix::NotAffected, other) | (other, Fix::NotAffected) => other.clone(),
    }
}

/// Reads `alpine-secdb.tar.zst` into the collector.
pub(crate) fn ingest(
    path: &Path,
    collector: &mut Collector,
    summary: &mut SourceSummary,
    info: &mut SourceInfo,
) -> Result<(), DbError> {
    let mut edge_packages = 0;
    let mut collapsed = 0;
    archive::for_each_file(path, |file, bytes| {
        summary.files += 1;
        if file == "_source.txt" {
            super::source_txt::apply(&String::from_utf8_lossy(bytes), info);
            return;
        }
        let Some((branch, _)) = file.split_once('/').filter(|_| file.ends_with(".json")) else {
            summary.ignore("files that are not <branch>/*.json", 1);
            return;
        };
        let parsed = match parse(bytes, branch) {
            Ok(p) => p,
            Err(reason) => return summary.skip_record(file, &reason),
        };
        let Some(_) = parsed.ecosystem else {
            edge_packages += parsed.packages;
            return;
        };
        summary.records += parsed.packages;
        collapsed += parsed.collapsed;
        for reason in &parsed.bad {
            summary.skip_entry(file, reason);
        }
        for (key, id, fix) in parsed.fixes {
            let advisory = collector.advisory_id(&id);
            let entry = match fix {
                Fix::NotAffected => {
                    Affected { advisory, state: DistroState::NotAffected, ranges: Vec::new(), urgency: None }
                }
                Fix::Fixed(v) => Affected {
                    advisory,
                    state: DistroState::Fixed,
                    ranges: vec![Range { introduced: None, fixed: Some(v), last_affected: None }],
                    urgency: None,
                },
            };
            if !collector.add(key, entry) {
                summary.affected += 1;
            }
        }
    })?;
    summary.ignore("package entries of the edge branch (not a release)", edge_packages);
    summary.ignore("ids listed under several fixed versions (lowest kept)", collapsed);
    Ok(())
}

#[cfg(test)]
mod tests {
    use airlock_version::VersionScheme;

    use super::*;

    fn apk(v: &str) -> Version {
        Version::parse(VersionScheme::Apk, v).unwrap()
    }

    const SECDB: &str = r#"{
      "apkurl": "{{urlprefix}}/{{distroversion}}/{{reponame}}/{{arch}}/{{pkg.name}}-{{pkg.ver}}.apk",
      "archs": ["x86_64"], "reponame": "main", "urlprefix": "https://dl-cdn.alpinelinux.org/alpine",
      "distroversion": "v3.16",
      "packages": [
        {"pkg": {"name": "busybox", "secfixes": {
          "0": ["CVE-2021-42373"],
          "1.35.0-r18": ["CVE-2023-42366"],
          "1.35.0-r7": ["ALPINE-13661", "CVE-2022-28391"]}}},
        {"pkg": {"name": "glib", "secfixes": {
          "2.66.6-r0": ["CVE-2021-27219 GHSL-2021-045"],
          "": ["CVE-2099-0001"]}}}
      ]}"#;

    #[test]
    fn reads_fixed_versions_zero_keys_and_multi_id_strings() {
        let parsed = parse(SECDB.as_bytes(), "3.16").unwrap();
        assert_eq!(parsed.ecosystem, Some(Ecosystem::alpine("v3.16")));
        assert_eq!(parsed.packages, 2);
        let busybox = PackageKey { ecosystem: Ecosystem::alpine("3.16"), name: "busybox".into() };
        let glib = PackageKey { ecosystem: Ecosystem::alpine("3.16"), name: "glib".into() };
        assert_eq!(
            parsed.fixes,
            vec![
                (busybox.clone(), "ALPINE-13661".into(), Fix::Fixed(apk("1.35.0-r7"))),
                (busybox.clone(), "CVE-2021-42373".into(), Fix::NotAffected),
                (busybox.clone(), "CVE-2022-28391".into(), Fix::Fixed(apk("1.35.0-r7"))),
                (busybox, "CVE-2023-42366".into(), Fix::Fixed(apk("1.35.0-r18"))),
                (glib.clone(), "CVE-2021-27219".into(), Fix::Fixed(apk("2.66.6-r0"))),
                (glib, "GHSL-2021-045".into(), Fix::Fixed(apk("2.66.6-r0"))),
            ]
        );
        assert_eq!(parsed.bad.len(), 1, "the empty version key is reported");
        assert!(parsed.bad[0].starts_with("glib \"\": invalid apk version"), "{}", parsed.bad[0]);
    }

    #[test]
    fn edge_is_not_a_release() {
        let edge =
            r#"{"distroversion": "edge", "packages": [{"pkg": {"name": "a", "secfixes": {"1-r0": ["CVE-1"]}}}]}"#;
        let parsed = parse(edge.as_bytes(), "edge").unwrap();
        assert_eq!(parsed.ecosystem, None);
        assert_eq!(parsed.packages, 1);
        assert!(parsed.fixes.is_empty());
    }

    #[test]
    fn a_repeated_id_keeps_one_fix() {
        let json = r#"{"distroversion": "v3.3", "packages": [{"pkg": {"name": "xen", "secfixes": {
            "4.6.3-r4": ["XSA-201", "XSA-201 CVE-2016-9386"], "0": ["XSA-201"]}}}]}"#;
        let parsed = parse(json.as_bytes(), "3.3").unwrap();
        let xsa: Vec<_> = parsed.fixes.iter().filter(|(_, id, _)| id == "XSA-201").collect();
        assert_eq!(xsa.len(), 1);
        assert_eq!(xsa[0].2, Fix::Fixed(apk("4.6.3-r4")), "a fixed version beats \"0\"");
        assert_eq!(parsed.collapsed, 1);
    }

    #[test]
    fn malformed_json_is_an_error() {
        let err = parse(br#"{"packages": [{"pkg": {"secfixes": {}}}]}"#, "3.16").unwrap_err();
        assert!(err.contains("missing field `name`"), "{err}");
    }
}
