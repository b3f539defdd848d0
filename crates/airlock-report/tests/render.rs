//! Renderers and filters on a small hand-built report.

use airlock_report::{
    CveFilter, ImageSummary, OsEntry, Report, SCHEMA, Summary, from_json, render_cves, render_quickview, render_sbom,
    to_json,
};
use airlock_types::{
    AdvisoryId, Cvss, Finding, FindingState, LayerRef, Package, PackageType, Purl, Severity, SeveritySource,
};
use airlock_version::Version;

const DIGEST: &str = "sha256:e85ea4d10a90a3cdf21358035129e00dc803684d9d04e8fdff73477cf63d798c";
const HIGH_VECTOR: &str = "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H";

fn package(ty: PackageType, name: &str, version: &str, source: &str, layer: Option<usize>) -> Package {
    let v = Version::parse(ty.scheme(), version).unwrap();
    let ns = if ty == PackageType::Deb { "debian" } else { "alpine" };
    Package {
        package_type: ty,
        name: name.into(),
        version: v.clone(),
        source_name: source.into(),
        source_version: v,
        arch: None,
        purl: Purl::new(ty.as_str(), Some(ns), name, Some(version), []),
        layer: layer.map(|index| LayerRef { index, diff_id: DIGEST.parse().unwrap() }),
        location: "/lib/apk/db/installed".into(),
    }
}

struct F<'a> {
    id: &'a str,
    aliases: &'a [&'a str],
    package: usize,
    fixed: Option<&'a str>,
    severity: Severity,
    source: SeveritySource,
    cvss: Option<(&'a str, f64)>,
}

fn finding(packages: &[Package], f: F<'_>) -> Finding {
    let scheme = packages[f.package].version.scheme();
    let fixed_version = f.fixed.map(|v| Version::parse(scheme, v).unwrap());
    Finding {
        id: AdvisoryId::new(f.id),
        aliases: f.aliases.iter().map(|a| AdvisoryId::new(a)).collect(),
        package_index: f.package,
        state: if fixed_version.is_some() { FindingState::Fixed } else { FindingState::Unfixed },
        affected_range: f.fixed.map_or_else(|| "all versions (no fix yet)".to_owned(), |v| format!("< {v}")),
        fixed_version,
        severity: f.severity,
        severity_source: f.source,
        cvss: f.cvss.map(|(vector, score)| Cvss { version: "3.1".into(), vector: vector.into(), score }),
        summary: None,
        ratings: Vec::new(),
    }
}

/// busybox: 1 high (fixed) + 1 unspecified (unfixed); libcrypto3: 2 medium;
/// libc6 (deb): 1 low. Packages are given out of order on purpose.
fn report() -> Report {
    let packages = vec![
        package(PackageType::Deb, "libc6", "2.36-9+deb12u4", "glibc", None),
        package(PackageType::Apk, "libcrypto3", "3.0.7-r0", "openssl", Some(1)),
        package(PackageType::Apk, "busybox", "1.35.0-r17", "busybox", Some(0)),
    ];
    let urgency = |u: &str| SeveritySource::DistroUrgency(u.into());
    let findings = vec![
        finding(
            &packages,
            F {
                id: "CVE-2023-0100",
                aliases: &[],
                package: 1,
                fixed: None,
                severity: Severity::Medium,
                source: urgency("medium"),
                cvss: None,
            },
        ),
        finding(
            &packages,
            F {
                id: "CVE-2022-0100",
                aliases: &[],
                package: 2,
                fixed: None,
                severity: Severity::Unspecified,
                source: SeveritySource::None,
                cvss: None,
            },
        ),
        finding(
            &packages,
            F {
                id: "CVE-2023-0286",
                aliases: &["DSA-5343-1", "GHSA-x4qr-2fvf-3mr5"],
                package: 1,
                fixed: Some("3.0.8-r0"),
                severity: Severity::Medium,
                source: SeveritySource::Cvss,
                cvss: Some(("CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:N/A:N", 5.9)),
            },
        ),
        finding(
            &packages,
            F {
                id: "CVE-2022-0018",
                aliases: &[],
                package: 2,
                fixed: Some("1.35.0-r18"),
                severity: Severity::High,
                source: SeveritySource::Cvss,
                cvss: Some((HIGH_VECTOR, 7.5)),
            },
        ),
        finding(
            &packages,
            F {
                id: "CVE-2024-0001",
                aliases: &[],
                package: 0,
                fixed: None,
                severity: Severity::Low,
                source: urgency("unimportant"),
                cvss: None,
            },
        ),
    ];
    let image = ImageSummary {
        reference: Some("alpine:3.16".into()),
        source: None,
        digest: Some(DIGEST.into()),
        platform: Some("linux/amd64".into()),
        os: Some(OsEntry {
            id: "alpine".into(),
            version_id: Some("3.16.9".into()),
            pretty_name: Some("Alpine Linux v3.16".into()),
        }),
    };
    Report::new(image, &packages, &findings)
}

fn ids(report: &Report) -> Vec<&str> {
    report.findings.iter().map(|f| f.id.as_str()).collect()
}

fn render(f: fn(&Report, &mut String), report: &Report) -> String {
    let mut out = String::new();
    f(report, &mut out);
    out
}

#[test]
fn report_new_sorts_packages_and_findings() {
    let r = report();
    let names: Vec<&str> = r.packages.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names, ["libc6", "busybox", "libcrypto3"]);
    assert_eq!(ids(&r), ["CVE-2024-0001", "CVE-2022-0018", "CVE-2022-0100", "CVE-2023-0100", "CVE-2023-0286"]);
    assert_eq!(r.summary, Summary { critical: 0, high: 1, medium: 2, low: 1, unspecified: 1 });
    assert_eq!(r.packages[2].layer_index, Some(1));
}

#[test]
fn quickview_layout() {
    let expected = "    ✓ 3 packages indexed
    ✗ Detected 3 vulnerable packages with a total of 5 vulnerabilities

  Target     │  alpine:3.16        │    0C     1H     2M     1L     1?
    digest   │  e85ea4d10a90       │
    platform │  linux/amd64        │
    os       │  Alpine Linux v3.16 │

What's next:
    View vulnerabilities → airlock cves alpine:3.16
";
    assert_eq!(render(render_quickview, &report()), expected);
}

#[test]
fn quickview_counts_show_unknown_cell_only_when_needed() {
    let r = report();
    let apk_only = r.filtered(&CveFilter { package_types: vec![PackageType::Apk], ..Default::default() });
    let out = render(render_quickview, &apk_only);
    assert!(out.contains("    ✓ 2 packages indexed\n"), "{out}");
    let target = out.lines().find(|l| l.starts_with("  Target")).unwrap();
    assert!(target.ends_with("│    0C     1H     2M     0L     1?"), "{target}");

    let fixed_only = r.filtered(&CveFilter { only_fixed: true, ..Default::default() });
    let out = render(render_quickview, &fixed_only);
    let target = out.lines().find(|l| l.starts_with("  Target")).unwrap();
    assert!(target.ends_with("│    0C     1H     1M     0L"), "{target}");
    assert!(out.contains("✗ Detected 2 vulnerable packages with a total of 2 vulnerabilities"), "{out}");
}

#[test]
fn cves_groups_by_package_most_severe_first() {
    let out = render(render_cves, &report());
    // A package header is the line just above its purl.
    let lines: Vec<&str> = out.lines().collect();
    let headers: Vec<&str> = lines.windows(2).filter(|w| w[1].starts_with("pkg:")).map(|w| w[0]).collect();
    assert_eq!(
        headers,
        [
            "    0C     1H     0M     0L     1?  busybox 1.35.0-r17",
            "    0C     0H     2M     0L  libcrypto3 3.0.7-r0",
            "    0C     0H     0M     1L  libc6 2.36-9+deb12u4",
        ]
    );
    let titles: Vec<&str> = out.lines().filter(|l| l.starts_with("    ✗ ")).collect();
    assert_eq!(
        titles,
        [
            "    ✗ HIGH CVE-2022-0018",
            "    ✗ UNSPECIFIED CVE-2022-0100",
            // Same severity: the one with a CVSS score first.
            "    ✗ MEDIUM CVE-2023-0286",
            "    ✗ MEDIUM CVE-2023-0100",
            "    ✗ LOW CVE-2024-0001",
        ]
    );
    let block = "    ✗ MEDIUM CVE-2023-0286

      Aliases        : DSA-5343-1, GHSA-x4qr-2fvf-3mr5
      Affected range : < 3.0.8-r0
      Fixed version  : 3.0.8-r0
      CVSS Score     : 5.9
      CVSS Vector    : CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:N/A:N
      Severity source: cvss
";
    assert!(out.contains(block), "{out}");
    assert!(out.contains("pkg:apk/alpine/libcrypto3@3.0.7-r0\n"));
    assert!(
        out.contains("      Fixed version  : not fixed\n      Severity source: distro urgency (medium)\n"),
        "{out}"
    );
    assert!(out.ends_with(
        "5 vulnerabilities found in 3 packages
  UNSPECIFIED  1
  LOW          1
  MEDIUM       2
  HIGH         1
  CRITICAL     0
"
    ));
}

#[test]
fn cves_of_a_clean_image() {
    let r = report().filtered(&CveFilter { severities: vec![Severity::Critical], ..Default::default() });
    let out = render(render_cves, &r);
    assert_eq!(
        out,
        "## Packages and Vulnerabilities

  No vulnerable package detected

0 vulnerabilities found in 0 packages
  LOW          0
  MEDIUM       0
  HIGH         0
  CRITICAL     0
"
    );
    assert!(render(render_quickview, &r).contains("    ✓ No vulnerable package detected\n"));
}

#[test]
fn filters_by_severity_fix_state_type_and_id() {
    let r = report();
    let by = |filter: CveFilter| ids(&r.filtered(&filter)).into_iter().map(str::to_owned).collect::<Vec<_>>();
    assert_eq!(by(CveFilter { severities: vec![Severity::High], ..Default::default() }), ["CVE-2022-0018"]);
    assert_eq!(
        by(CveFilter { severities: vec![Severity::Low, Severity::Unspecified], ..Default::default() }),
        ["CVE-2024-0001", "CVE-2022-0100"]
    );
    assert_eq!(by(CveFilter { only_fixed: true, ..Default::default() }), ["CVE-2022-0018", "CVE-2023-0286"]);
    assert_eq!(
        by(CveFilter { only_unfixed: true, ..Default::default() }),
        ["CVE-2024-0001", "CVE-2022-0100", "CVE-2023-0100"]
    );
    assert!(by(CveFilter { only_fixed: true, only_unfixed: true, ..Default::default() }).is_empty());
    assert_eq!(by(CveFilter { package_types: vec![PackageType::Deb], ..Default::default() }), ["CVE-2024-0001"]);
    assert_eq!(by(CveFilter { cve_ids: vec!["dsa-5343-1".into()], ..Default::default() }), ["CVE-2023-0286"]);
    assert_eq!(
        by(CveFilter { cve_ids: vec!["cve-2022-0100".into(), "GHSA-none".into()], ..Default::default() }),
        ["CVE-2022-0100"]
    );
    assert_eq!(
        by(CveFilter { severities: vec![Severity::Medium], only_fixed: true, ..Default::default() }),
        ["CVE-2023-0286"]
    );

    let deb = r.filtered(&CveFilter { package_types: vec![PackageType::Deb], ..Default::default() });
    assert_eq!(deb.packages.len(), 1);
    assert_eq!(deb.summary, Summary { low: 1, ..Default::default() });
    let high = r.filtered(&CveFilter { severities: vec![Severity::High], ..Default::default() });
    assert_eq!((high.packages.len(), high.summary.total(), high.summary.high), (3, 1, 1));
}

#[test]
fn sbom_table() {
    let expected = "TYPE │ NAME       │ VERSION        │ SOURCE  │ LAYER │ PURL
─────┼────────────┼────────────────┼─────────┼───────┼──────────────────────────────────────
deb  │ libc6      │ 2.36-9+deb12u4 │ glibc   │ -     │ pkg:deb/debian/libc6@2.36-9%2Bdeb12u4
apk  │ busybox    │ 1.35.0-r17     │ -       │ 0     │ pkg:apk/alpine/busybox@1.35.0-r17
apk  │ libcrypto3 │ 3.0.7-r0       │ openssl │ 1     │ pkg:apk/alpine/libcrypto3@3.0.7-r0

3 packages
";
    assert_eq!(render(render_sbom, &report()), expected);
}

#[test]
fn json_round_trips_and_checks_schema() {
    let r = report();
    let json = to_json(&r);
    assert!(json.starts_with("{\n  \"schema\": \"airlock.report/v1\",\n  \"image\": {"), "{json}");
    assert!(
        json.contains(
            "\"severity_source\": {\n        \"kind\": \"distro-urgency\",\n        \"detail\": \"medium\"\n      }"
        ),
        "{json}"
    );
    assert!(json.contains("\"state\": \"unfixed\""));
    assert_eq!(from_json(&json).unwrap(), r);
    assert_eq!(to_json(&from_json(&json).unwrap()), json);
    let other = json.replace(SCHEMA, "airlock.report/v2");
    assert_eq!(
        from_json(&other).unwrap_err().to_string(),
        "unsupported report schema \"airlock.report/v2\", expected \"airlock.report/v1\""
    );
    let err = from_json("{\n  \"schema\": 3\n}").unwrap_err().to_string();
    assert!(err.starts_with("invalid report JSON at line 2, column"), "{err}");
}

#[test]
fn wont_fix_findings_count_as_without_a_fix() {
    let mut r = report();
    let entry = r.findings.iter_mut().find(|f| f.id == "CVE-2024-0001").unwrap();
    entry.state = FindingState::WontFix;
    let by = |filter: CveFilter| ids(&r.filtered(&filter)).into_iter().map(str::to_owned).collect::<Vec<_>>();
    assert!(by(CveFilter { only_unfixed: true, ..Default::default() }).contains(&"CVE-2024-0001".to_owned()));
    assert!(!by(CveFilter { only_fixed: true, ..Default::default() }).contains(&"CVE-2024-0001".to_owned()));
    assert_eq!(serde_json::to_value(FindingState::WontFix).unwrap(), "wont-fix");
}
