//! Policies on real fixtures with the real advisory snapshot: the
//! vulnerability policy's severities, grace period and exceptions, and the
//! one-read scan + audit.

mod common;

use airlock::airlock_audit::image::ImageAuditOptions;
use airlock::airlock_audit::policy::{PolicyConfig, PolicyInput, PolicyStatus, evaluate};
use airlock::{ScanOptions, Snapshot};
use common::shared;

fn snapshot() -> Snapshot {
    airlock_db::build::build_snapshot(&shared().join("advisories"), &mut |_| {}).expect("build").snapshot
}

#[test]
fn vulnerability_policy_grace_period_and_exceptions_on_alpine() {
    let snapshot = snapshot();
    let path = shared().join("fixtures/images/alpine-3.16.9.oci.tar");
    let file = std::io::BufReader::new(std::fs::File::open(&path).unwrap());
    let options = ScanOptions { source: Some("alpine".into()), ..ScanOptions::default() };
    let both =
        airlock::scan_and_audit_image(file, Some(&snapshot), &options, &ImageAuditOptions::default(), &mut |_| {})
            .unwrap();
    // The same vulnerabilities as a plain scan: 2 fixed medium (CVE-2023-42366 in busybox and ssl_client).
    assert_eq!(both.report.summary.medium, 2);
    assert_eq!(both.audit.of_rule("root-user").count(), 1);
    let published = airlock::published_dates(&snapshot);
    let date = published.get("CVE-2023-42366").expect("publication date of CVE-2023-42366");
    assert!(date.starts_with("2023-11-"), "{date}");

    let kev = airlock::known_exploited(&snapshot);
    let eval_on = |today: &str, toml: &str| {
        let config = PolicyConfig::from_toml("p.toml", toml).unwrap();
        let input = PolicyInput {
            report: Some(&both.report),
            published: &published,
            known_exploited: kev.as_ref(),
            image_audit: Some(&both.audit),
            runtime_audit: None,
            today,
        };
        evaluate("alpine", &input, &config)
    };
    // Default severities (critical, high): nothing fixable.
    let eval = eval_on("2030-01-01", "");
    assert_eq!(eval.results[0].status, PolicyStatus::Pass);
    assert_eq!(eval.results[1].status, PolicyStatus::NotEvaluated, "no known-exploited list in the snapshot");
    // Medium counts: past the grace period both fail the policy…
    let medium = "[policies.no-fixable-critical-high]\nseverities = [\"critical\", \"high\", \"medium\"]\n";
    let eval = eval_on("2030-01-01", medium);
    assert_eq!(eval.results[0].status, PolicyStatus::Fail);
    let ids: Vec<&str> = eval.results[0].violations.iter().map(|v| v.id.as_str()).collect();
    assert_eq!(ids, ["CVE-2023-42366", "CVE-2023-42366"]);
    // non-root fails too: only no-secrets (3) passes of 3 + 2 + 3 evaluated → 37.5 % → D.
    assert_eq!((eval.score.passed_weight, eval.score.evaluated_weight, eval.score.grade), (3, 8, 'D'));
    // …within 30 days of publication they are in the grace period…
    let eval = eval_on("2023-12-01", medium);
    assert_eq!(eval.results[0].status, PolicyStatus::Pass);
    assert!(eval.results[0].summary.contains("2 within the 30-day grace period"), "{}", eval.results[0].summary);
    // …and an exception removes them.
    let excepted = format!("{medium}exceptions = [\"CVE-2023-42366\"]\n");
    assert_eq!(eval_on("2030-01-01", &excepted).results[0].status, PolicyStatus::Pass);
}
