use super::*;

const CRITICAL: &str = "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H";

/// (vector, expected base score, where the expected value comes from).
///
/// v2: "A Complete Guide to the Common Vulnerability Scoring System Version
/// 2.0" (FIRST, <https://www.first.org/cvss/v2/guide>), §3.3 "Examples".
/// v3.0: "CVSS v3.0 Examples" (<https://www.first.org/cvss/v3.0/examples>).
/// v3.1: "CVSS v3.1 Examples" (<https://www.first.org/cvss/v3.1/examples>).
/// v4.0: FIRST's CVSS v4.0 calculator (<https://www.first.org/cvss/calculator/4.0>)
/// and "CVSS v4.0 Examples" (<https://www.first.org/cvss/v4.0/examples>).
const TABLE: &[(&str, f64, &str)] = &[
    // v2 guide §3.3.1 CVE-2002-0392 (Apache chunked encoding): 7.8.
    ("AV:N/AC:L/Au:N/C:N/I:N/A:C", 7.8, "v2 guide §3.3.1 CVE-2002-0392"),
    // v2 guide §3.3.2 CVE-2003-0818 (Microsoft ASN.1): 10.0.
    ("AV:N/AC:L/Au:N/C:C/I:C/A:C", 10.0, "v2 guide §3.3.2 CVE-2003-0818"),
    // v2 guide §3.3.3 CVE-2003-0062 (NOD32 buffer overflow): 6.2.
    ("AV:L/AC:H/Au:N/C:C/I:C/A:C", 6.2, "v2 guide §3.3.3 CVE-2003-0062"),
    // The same vector with temporal metrics, as NVD prints it: base unchanged.
    ("(AV:N/AC:L/Au:N/C:N/I:N/A:C/E:F/RL:OF/RC:C)", 7.8, "v2 guide §3.3.1 CVE-2002-0392 (temporal ignored)"),
    // v3.0 examples: CVE-2013-1937 phpMyAdmin reflected XSS, 6.1.
    ("CVSS:3.0/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N", 6.1, "v3.0 examples CVE-2013-1937"),
    // v3.0 examples: CVE-2014-0160 OpenSSL Heartbleed, 7.5.
    ("CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N", 7.5, "v3.0 examples CVE-2014-0160"),
    // v3.1 examples: CVE-2014-6271 GNU Bash Shellshock, 9.8.
    ("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", 9.8, "v3.1 examples CVE-2014-6271"),
    // v3.1 examples: CVE-2014-3566 SSLv3 POODLE, 3.1.
    ("CVSS:3.1/AV:N/AC:H/PR:N/UI:R/S:U/C:L/I:N/A:N", 3.1, "v3.1 examples CVE-2014-3566"),
    // v3.1 examples: CVE-2012-1516 VMware guest-to-host escape, 9.9.
    ("CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:C/C:H/I:H/A:H", 9.9, "v3.1 examples CVE-2012-1516"),
    // v4.0 calculator's default base vector (all network/low/none, VC/VI/VA high): 9.3.
    ("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N", 9.3, "v4.0 calculator default vector"),
    // v4.0 calculator: every impact high, subsequent system too: 10.0.
    ("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:H/SI:H/SA:H", 10.0, "v4.0 calculator, all impacts high"),
    // v4.0 calculator: confidentiality only (Heartbleed-like): 8.7.
    ("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:N/VA:N/SC:N/SI:N/SA:N", 8.7, "v4.0 calculator, VC:H only"),
    // v4.0 calculator: local, low privileges, full vulnerable-system impact: 8.5.
    (
        "CVSS:4.0/AV:L/AC:L/AT:N/PR:L/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N",
        8.5,
        "v4.0 calculator, local privilege escalation",
    ),
];

#[test]
fn scores_equal_first_reference_values() {
    for (vector, expected, origin) in TABLE {
        let c = parse_cvss(vector).unwrap_or_else(|| panic!("{vector} did not parse ({origin})"));
        assert_eq!(c.score, *expected, "{vector} ({origin})");
    }
}

#[test]
fn versions_and_v2_buckets() {
    assert_eq!(parse_cvss("AV:N/AC:L/Au:N/C:C/I:C/A:C").unwrap().version, "2.0");
    assert_eq!(parse_cvss("CVSS:2.0/AV:N/AC:L/Au:N/C:C/I:C/A:C").unwrap().score, 10.0);
    // NVD's v2 scale has no "critical".
    assert_eq!(cvss_severity(&parse_cvss("AV:N/AC:L/Au:N/C:C/I:C/A:C").unwrap()), Severity::High);
    assert_eq!(cvss_severity(&parse_cvss(CRITICAL).unwrap()), Severity::Critical);
    // No impact: score 0.
    assert_eq!(cvss_v2("AV:N/AC:L/Au:N/C:N/I:N/A:N").unwrap().score, 0.0);
    assert_eq!(parse_cvss("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N").unwrap().version, "4.0");
}

#[test]
fn rejects_incomplete_or_unknown_vectors() {
    assert_eq!(cvss_v3("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H"), None);
    assert_eq!(cvss_v3("CVSS:3.1/AV:X/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"), None);
    assert_eq!(cvss_v2("AV:N/AC:L/Au:N/C:C/I:C"), None);
    assert_eq!(cvss_v2("AV:N/AC:L/Au:N/C:C/I:C/A:C/A:C"), None);
    assert_eq!(cvss_v2("AV:Q/AC:L/Au:N/C:C/I:C/A:C"), None);
    assert_eq!(cvss_v4("CVSS:4.0/AV:N/AC:L/AT:N"), None);
    assert_eq!(parse_cvss("garbage"), None);
    assert_eq!(parse_cvss(""), None);
}

#[test]
fn prefers_v4_then_v31_then_v30_then_v2() {
    let v2 = "AV:N/AC:L/Au:N/C:C/I:C/A:C";
    let v30 = "CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H";
    let v31 = "CVSS:3.1/AV:L/AC:L/PR:L/UI:N/S:U/C:N/I:N/A:H";
    let v4 = "CVSS:4.0/AV:L/AC:L/AT:N/PR:L/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N";
    assert_eq!(best_cvss([v2, v30, v31, v4]).unwrap().version, "4.0");
    assert_eq!(best_cvss([v2, v30, v31]).unwrap().version, "3.1");
    assert_eq!(best_cvss([v2, v30]).unwrap().version, "3.0");
    assert_eq!(best_cvss([v2]).unwrap().version, "2.0");
    assert_eq!(best_cvss(["CVSS:3.1/AV:L/AC:L/PR:L/UI:N/S:U/C:N/I:N/A:H", CRITICAL]).unwrap().score, 9.8);
}

#[test]
fn vendor_rating_beats_cvss_and_every_rating_is_listed() {
    let a = assess_sources("debian", [("CVE-1", CRITICAL), ("CVE-1", "AV:N/AC:L/Au:N/C:P/I:P/A:P")], ["unimportant"]);
    assert_eq!((a.severity, &a.source), (Severity::Low, &SeveritySource::DistroUrgency("unimportant".into())));
    assert_eq!(a.cvss.as_ref().unwrap().score, 9.8);
    let listed: Vec<(&str, &str, Severity)> =
        a.ratings.iter().map(|r| (r.source.as_str(), r.method.as_str(), r.severity)).collect();
    assert_eq!(
        listed,
        [("debian", "vendor", Severity::Low), ("CVE-1", "3.1", Severity::Critical), ("CVE-1", "2.0", Severity::High)]
    );
    assert_eq!(a.ratings[2].score, Some(7.5));
    // Red Hat's and Ubuntu's words.
    assert_eq!(urgency_severity("Important"), Severity::High);
    assert_eq!(urgency_severity("Moderate"), Severity::Medium);
    assert_eq!(urgency_severity("negligible"), Severity::Low);
    assert_eq!(urgency_severity("low*"), Severity::Low);
}

#[test]
fn non_rating_vendor_text_lets_cvss_decide() {
    let a = assess_sources("debian", [("CVE-1", CRITICAL)], ["not yet assigned"]);
    assert_eq!((a.severity, a.source), (Severity::Critical, SeveritySource::Cvss));
    assert_eq!(a.ratings.len(), 2);
    let a = assess([], ["not yet assigned"]);
    assert_eq!(
        (a.severity, a.source),
        (Severity::Unspecified, SeveritySource::DistroUrgency("not yet assigned".into()))
    );
    assert_eq!(assess([], ["end-of-life", "high"]).severity, Severity::High);
}

#[test]
fn unspecified_without_data() {
    let a = assess(["garbage"], []);
    assert_eq!((a.severity, a.source, a.cvss), (Severity::Unspecified, SeveritySource::None, None));
    assert!(a.ratings.is_empty());
}

#[test]
fn metric_filter_reads_vector_parts() {
    assert!(vector_has_metric(CRITICAL, "AV:N"));
    assert!(!vector_has_metric(CRITICAL, "AV:L"));
    assert!(vector_has_metric("(AV:N/AC:L/Au:N/C:P/I:P/A:P)", "Au:N"));
    assert!(!vector_has_metric(CRITICAL, "CVSS:3.1"));
}
