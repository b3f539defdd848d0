//! Differential test: our Maven ordering against Maven's own
//! `org.apache.maven.artifact.versioning.ComparableVersion` (Debian's
//! `maven` package, maven-artifact 3.8.7) on generated pairs.

mod common;

use airlock_version::MavenVersion;
use common::generate::Rng;
use common::listed::MAVEN_3_9_ONLY_LINES;
use common::oracle::{available, differential, oracles_dir};
use common::schemes::{maven_neighbour, maven_version, pairs};

const JAR: &str = "/usr/share/java/maven-artifact-3.x.jar";

fn parse(s: &str) -> Result<MavenVersion, String> {
    s.parse::<MavenVersion>().map_err(|e| e.to_string())
}

fn oracle_source() -> String {
    assert!(available("java", &["-version"]), "java not found: run .ci/install.d/versions.sh");
    assert!(
        std::path::Path::new(JAR).is_file(),
        "{JAR} not found: run .ci/install.d/versions.sh (apt-get install maven)"
    );
    oracles_dir().join("MavenCompare.java").to_string_lossy().into_owned()
}

#[test]
fn matches_maven_comparable_version() {
    let source = oracle_source();
    let pairs = pairs(&mut Rng::new(0x0e7a_3a7e), 12_000, maven_version, maven_neighbour);
    let t = differential("maven", &pairs, ("java", &["-cp", JAR, &source]), parse, true);
    assert!(t.compared() >= 10_000);
}

/// Every line of the shared Maven tables, through Maven 3.8.7: we agree with
/// it on all of them, and it disagrees with the tables on exactly the 19
/// lines of `MAVEN_3_9_ONLY_LINES`.
#[test]
fn table_lines_match_maven_3_8_7() {
    let source = oracle_source();
    let cases: Vec<common::Case> = ["osv-scalibr/maven-versions.txt", "osv-scalibr/maven-versions-generated.txt"]
        .iter()
        .flat_map(|f| common::read_table(f))
        .collect();
    let pairs: Vec<(String, String)> = cases.iter().map(|c| (c.left.clone(), c.right.clone())).collect();
    let t = differential("maven (table lines)", &pairs, ("java", &["-cp", JAR, &source]), parse, true);
    assert_eq!(t.compared(), 14_854);
    let table_disagrees: Vec<&str> = cases
        .iter()
        .zip(&t.answers)
        .filter(|(c, a)| **a != common::oracle::Answer::Order(c.expected))
        .map(|(c, _)| c.text.as_str())
        .collect();
    assert_eq!(table_disagrees, MAVEN_3_9_ONLY_LINES, "Maven 3.8.7 disagrees with the tables on the listed lines only");
}
