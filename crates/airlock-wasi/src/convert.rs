//! Conversions from the core's report and errors to the WIT types.

use airlock::{ErrorKind, FindingState, Severity};

use crate::bindings::airlock::scanner::types as wit;

/// The WIT report of a core report (typed summary and findings, plus the
/// whole `airlock.report/v1` JSON document).
pub(crate) fn report(report: &airlock::Report) -> wit::Report {
    let image = &report.image;
    let s = &report.summary;
    wit::Report {
        image: wit::ImageInfo {
            reference: image.reference.clone(),
            source: image.source.clone(),
            digest: image.digest.clone(),
            platform: image.platform.clone(),
            os: image.os.as_ref().map(|os| wit::OsInfo {
                id: os.id.clone(),
                version_id: os.version_id.clone(),
                pretty_name: os.pretty_name.clone(),
            }),
        },
        summary: wit::SeverityCounts {
            critical: count(s.critical),
            high: count(s.high),
            medium: count(s.medium),
            low: count(s.low),
            unspecified: count(s.unspecified),
        },
        findings: report
            .findings
            .iter()
            .map(|f| wit::Finding {
                id: f.id.clone(),
                aliases: f.aliases.clone(),
                package: wit::PackageRef {
                    package_type: f.package.package_type.to_string(),
                    name: f.package.name.clone(),
                    version: f.package.version.clone(),
                    purl: f.package.purl.clone(),
                },
                state: match f.state {
                    FindingState::Fixed => wit::FindingState::Fixed,
                    FindingState::Unfixed => wit::FindingState::Unfixed,
                    FindingState::WontFix => wit::FindingState::WontFix,
                },
                fixed_version: f.fixed_version.clone(),
                affected_range: f.affected_range.clone(),
                severity: severity(f.severity),
                severity_source: f.severity_source.to_string(),
                cvss: f.cvss.as_ref().map(|c| wit::Cvss {
                    version: c.version.clone(),
                    vector: c.vector.clone(),
                    score: c.score,
                }),
                summary: f.summary.clone(),
            })
            .collect(),
        package_count: count(report.packages.len()),
        notes: report.notes.clone(),
        json: airlock::to_json(report),
    }
}

fn count(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

fn severity(s: Severity) -> wit::Severity {
    match s {
        Severity::Critical => wit::Severity::Critical,
        Severity::High => wit::Severity::High,
        Severity::Medium => wit::Severity::Medium,
        Severity::Low => wit::Severity::Low,
        Severity::Unspecified => wit::Severity::Unspecified,
    }
}

/// The `scan-error` case of a core error; the message names the input.
pub(crate) fn error(input: &str, e: &airlock::Error) -> wit::ScanError {
    let message = format!("{input}: {e}");
    match e.kind() {
        ErrorKind::InvalidImage => wit::ScanError::InvalidImage(message),
        ErrorKind::BadSnapshot => wit::ScanError::BadSnapshot(message),
        ErrorKind::Io => wit::ScanError::Io(message),
        ErrorKind::Platform => wit::ScanError::Platform(message),
        ErrorKind::LimitExceeded => wit::ScanError::LimitExceeded(message),
        ErrorKind::UnsupportedFormat => wit::ScanError::UnsupportedFormat(message),
    }
}
