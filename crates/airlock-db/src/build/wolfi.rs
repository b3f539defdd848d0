//! Wolfi's advisory YAML (`<package>.advisories.yaml`, schema 2.0.x).
//!
//! Each advisory's state is given by its latest event (by timestamp):
//!
//! | latest event | snapshot |
//! |---|---|
//! | `fixed` (`data.fixed-version`) | `Fixed` below that apk version |
//! | `detection`, `true-positive-determination`, `pending-upstream-fix` | `Unfixed` |
//! | `fix-not-planned` | `WontFix` |
//! | `false-positive-determination` | `NotAffected` |
//!
//! Packages are keyed by the (origin) package name under `Wolfi`. The
//! advisory id is the `CGA-…` id with the CVE/GHSA ids as aliases, so the
//! matcher groups it under its CVE.

use std::path::Path;

use airlock_types::{AdvisoryId, Ecosystem};
use airlock_version::{Version, VersionScheme};
use serde::Deserialize;

use super::collect::Collector;
use super::summary::SourceSummary;
use super::{archive, source_txt};
use crate::{Advisory, Affected, DbError, DistroState, PackageKey, Range, SourceInfo};

/// One advisories file.
#[derive(Debug, Deserialize)]
struct WolfiFile {
    package: WolfiPackage,
    #[serde(default)]
    advisories: Vec<WolfiAdvisory>,
}

#[derive(Debug, Deserialize)]
struct WolfiPackage {
    name: String,
}

#[derive(Debug, Deserialize)]
struct WolfiAdvisory {
    id: String,
    #[serde(default)]
    aliases: Vec<String>,
    #[serde(default)]
    events: Vec<WolfiEvent>,
}

#[derive(Debug, Deserialize)]
struct WolfiEvent {
    timestamp: String,
    #[serde(rename = "type")]
    kind: String,
    #[serde(default)]
    data: Option<EventData>,
}

#[derive(Debug, Default, Deserialize)]
struct EventData {
    #[serde(rename = "fixed-version", default)]
    fixed_version: Option<String>,
}

/// The state the latest event gives, with the fix range for `fixed`.
fn state_of(advisory: &WolfiAdvisory) -> Result<(DistroState, Vec<Range>), String> {
    // Timestamps are RFC 3339 in UTC (`2025-01-31T16:38:44Z`): text order is time
    // order. On a tie the later event in the file wins.
    let latest = advisory
        .events
        .iter()
        .enumerate()
        .max_by(|(i, a), (j, b)| (&a.timestamp, i).cmp(&(&b.timestamp, j)))
        .map(|(_, e)| e)
        .ok_or("no events")?;
    Ok(match latest.kind.as_str() {
        "fixed" => {
            let raw =
                latest.data.as_ref().and_then(|d| d.fixed_version.as_deref()).ok_or("fixed without fixed-version")?;
            let fixed = Version::parse(VersionScheme::Apk, raw.trim()).map_err(|e| e.to_string())?;
            (DistroState::Fixed, vec![Range { introduced: None, fixed: Some(fixed), last_affected: None }])
        }
        "detection" | "true-positive-determination" | "pending-upstream-fix" => (DistroState::Unfixed, Vec::new()),
        "fix-not-planned" => (DistroState::WontFix, Vec::new()),
        "false-positive-determination" => (DistroState::NotAffected, Vec::new()),
        other => return Err(format!("unknown event type {other:?}")),
    })
}

/// Reads `wolfi-advisories-yaml.tar.zst` into the collector.
pub(crate) fn ingest(
    path: &Path,
    collector: &mut Collector,
    summary: &mut SourceSummary,
    info: &mut SourceInfo,
) -> Result<(), DbError> {
    archive::for_each_file(path, |file, bytes| {
        summary.files += 1;
        if file == "_source.txt" {
            return source_txt::apply(&String::from_utf8_lossy(bytes), info);
        }
        if !file.ends_with(".advisories.yaml") {
            return summary.ignore("files that are not advisories YAML (docs, licence)", 1);
        }
        let parsed: WolfiFile = match serde_yaml_ng::from_slice(bytes) {
            Ok(p) => p,
            Err(e) => return summary.skip_record(file, &format!("invalid advisories YAML: {e}")),
        };
        let name = parsed.package.name.trim();
        for advisory in &parsed.advisories {
            let (state, ranges) = match state_of(advisory) {
                Ok(s) => s,
                Err(reason) => {
                    summary.skip_record(file, &format!("{}: {reason}", advisory.id));
                    continue;
                }
            };
            summary.records += 1;
            let mut aliases: Vec<AdvisoryId> = advisory.aliases.iter().map(|a| AdvisoryId::new(a)).collect();
            aliases.sort();
            aliases.dedup();
            let index = collector.advisory(Advisory {
                id: AdvisoryId::new(&advisory.id),
                aliases,
                related: Vec::new(),
                summary: None,
                published: None,
                cvss: Vec::new(),
            });
            let key = PackageKey { ecosystem: Ecosystem::wolfi(), name: name.to_owned() };
            if !collector.add(key, Affected { advisory: index, state, ranges, urgency: None }) {
                summary.affected += 1;
            }
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const FILE: &str = "schema-version: 2.0.2
package:
  name: aactl
advisories:
  - id: CGA-296v-fx37-w4p4
    aliases: [CVE-2024-45341, GHSA-3f6r-qh9c-x6mm]
    events:
      - timestamp: 2025-01-31T16:38:44Z
        type: fixed
        data:
          fixed-version: 0.4.12-r22
      - timestamp: 2025-01-31T07:03:40Z
        type: detection
        data:
          type: scan/v1
          data: {componentName: stdlib}
  - id: CGA-aaaa
    events:
      - timestamp: 2024-01-01T00:00:00Z
        type: fixed
        data: {fixed-version: 1.0-r0}
      - timestamp: 2024-02-01T00:00:00Z
        type: fix-not-planned
        data: {note: upstream gone}
";

    #[test]
    fn the_latest_event_decides() {
        let file: WolfiFile = serde_yaml_ng::from_str(FILE).unwrap();
        assert_eq!(file.package.name, "aactl");
        let (state, ranges) = state_of(&file.advisories[0]).unwrap();
        assert_eq!(state, DistroState::Fixed, "fixed is later even though listed first");
        assert_eq!(ranges[0].fixed.as_ref().map(Version::raw), Some("0.4.12-r22"));
        assert_eq!(state_of(&file.advisories[1]).unwrap(), (DistroState::WontFix, Vec::new()));
    }
}
