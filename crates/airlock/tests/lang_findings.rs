//! Findings for language packages, checked by hand against the advisory
//! data (GHSA reviewed, PyPA, Go vulndb): `lang-apps` (requests, urllib3,
//! lodash, minimist) and the Go standard library of `distroless-static-go`.

mod common;

use std::collections::BTreeMap;

use airlock::{Report, ScanOptions};
use airlock_types::FindingState;
use common::{shared, snapshot};

fn scan(image: &str) -> Report {
    let path = shared().join("fixtures/images").join(image);
    let file = std::io::BufReader::new(std::fs::File::open(&path).expect("fixture"));
    airlock::scan_image(file, snapshot(), &ScanOptions::default(), &mut |_| {}).expect("scan")
}

/// `id → (aliases, fixed version)` of one package's findings.
fn findings(report: &Report, package: &str) -> BTreeMap<String, (Vec<String>, Option<String>)> {
    report
        .findings
        .iter()
        .filter(|f| f.package.name == package)
        .map(|f| {
            let aliases = f.aliases.iter().map(|a| a.as_str().to_owned()).collect();
            (f.id.as_str().to_owned(), (aliases, f.fixed_version.clone()))
        })
        .collect()
}

fn expect(list: &[(&str, &[&str], &str)]) -> BTreeMap<String, (Vec<String>, Option<String>)> {
    list.iter()
        .map(|(id, aliases, fixed)| {
            ((*id).to_owned(), (aliases.iter().map(|a| (*a).to_owned()).collect(), Some((*fixed).to_owned())))
        })
        .collect()
}

#[test]
fn lang_apps_python_and_npm_findings_merge_ghsa_pysec_and_cve() {
    let report = scan("lang-apps.oci.tar");
    // GHSA pip/ and PyPA: three vulnerabilities, each from a GHSA record
    // and (for two) a PYSEC record, merged under the CVE.
    assert_eq!(
        findings(&report, "requests"),
        expect(&[
            ("CVE-2018-18074", &["GHSA-x84v-xcm2-53pg", "PYSEC-2018-28"], "2.20.0"),
            ("CVE-2023-32681", &["GHSA-j8r2-6x86-q33q", "PYSEC-2023-74"], "2.31.0"),
            ("CVE-2024-35195", &["GHSA-9wx4-h78v-vm56"], "2.32.0"),
        ])
    );
    // CVE-2021-33503: GHSA-q2q7-5pp4-w6pg starts at 1.25.4, but PYSEC-2021-108
    // (which lists it as an alias) covers every version before 1.26.5.
    assert_eq!(
        findings(&report, "urllib3"),
        expect(&[
            ("CVE-2018-25091", &["GHSA-gwvm-45gx-3cf8", "PYSEC-2023-207"], "1.24.2"),
            ("CVE-2019-11236", &["GHSA-r64q-w8jr-g9qp", "PYSEC-2019-132"], "1.24.3"),
            ("CVE-2019-11324", &["GHSA-mh33-7rrq-662w", "PYSEC-2019-133"], "1.24.2"),
            ("CVE-2020-26137", &["GHSA-wqvq-5m8c-6g24", "PYSEC-2020-148"], "1.25.9"),
            ("CVE-2021-33503", &["GHSA-q2q7-5pp4-w6pg", "PYSEC-2021-108"], "1.26.5"),
            ("CVE-2023-43804", &["GHSA-v845-jxx5-vc9f", "PYSEC-2023-192"], "1.26.17"),
            ("CVE-2023-45803", &["GHSA-g4mx-q9vg-27p4", "PYSEC-2023-212"], "1.26.18"),
            ("CVE-2024-37891", &["GHSA-34jh-p97f-mpxf"], "1.26.19"),
        ])
    );
    // Withdrawn GHSA-8p5q-j9m2-g8wr (CVE-2021-41720, "Withdrawn: …") is not reported.
    assert_eq!(
        findings(&report, "lodash"),
        expect(&[
            ("CVE-2020-28500", &["GHSA-29mw-wpgm-hmr9"], "4.17.21"),
            ("CVE-2020-8203", &["GHSA-p6mc-m468-83gw"], "4.17.19"),
            ("CVE-2021-23337", &["GHSA-35jh-r3h4-6jhm"], "4.17.21"),
        ])
    );
    // Withdrawn GHSA-7fhm-mqm4-2wp7 ("Withdrawn: ESLint dependencies …") is not reported.
    assert_eq!(
        findings(&report, "minimist"),
        expect(&[
            ("CVE-2020-7598", &["GHSA-vh95-rmgr-6w4m"], "1.2.3"),
            ("CVE-2021-44906", &["GHSA-xvch-5gv4-984h"], "1.2.6"),
        ])
    );
    let all_ids: Vec<&str> =
        report.findings.iter().flat_map(|f| std::iter::once(&f.id).chain(&f.aliases)).map(|a| a.as_str()).collect();
    assert!(!all_ids.contains(&"GHSA-8p5q-j9m2-g8wr") && !all_ids.contains(&"CVE-2021-41720"));
    assert!(!all_ids.contains(&"GHSA-7fhm-mqm4-2wp7"));
    // GHSA-p6mc-m468-83gw: introduced 3.7.0, fixed 4.17.19.
    let lodash = report.findings.iter().find(|f| f.id.as_str() == "CVE-2020-8203").unwrap();
    assert_eq!((lodash.state, lodash.affected_range.as_str()), (FindingState::Fixed, ">= 3.7.0, < 4.17.19"));
    // The esbuild main module is "(devel)": listed, not matched, with a note.
    assert!(report.packages.iter().any(|p| p.name == "github.com/evanw/esbuild" && p.version == "(devel)"));
    assert!(report.notes.iter().any(|n| n.contains("github.com/evanw/esbuild (devel)")), "{:?}", report.notes);
}

#[test]
fn distroless_go_stdlib_findings_come_from_the_go_vulndb() {
    let report = scan("distroless-static-go.docker.tar");
    let stdlib = findings(&report, "stdlib");
    // 80 non-withdrawn GO records cover go1.19.8 (each with one CVE alias);
    // no GHSA golang/ record is about stdlib.
    assert_eq!(stdlib.len(), 80, "{stdlib:#?}");
    assert_eq!(stdlib.keys().next().map(String::as_str), Some("CVE-2023-24539"));
    assert_eq!(stdlib["CVE-2023-24539"], (vec!["GO-2023-1751".to_owned()], Some("1.19.9".to_owned())));
    // Fixed on the 1.25 and 1.26 branches only: the smallest fix wins.
    assert_eq!(stdlib["CVE-2026-56862"], (vec!["GO-2026-6090".to_owned()], Some("1.25.13".to_owned())));
    assert!(findings(&report, "example.test/fixture/goapp").is_empty());
}
