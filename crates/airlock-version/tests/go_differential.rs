//! Differential test: our Go ordering against `golang.org/x/mod/semver`
//! (Debian's golang-golang-x-mod-dev, run with Debian's Go) on generated
//! pairs, rejections included. The oracle gets each version with its `v`;
//! we parse it without, the way OSV's Go data writes versions.

mod common;

use airlock_version::GoVersion;
use common::generate::Rng;
use common::oracle::{available, differential, oracles_dir};
use common::schemes::{go_neighbour, go_version, pairs};

const GOPATH: &str = "/usr/share/gocode";

#[test]
fn matches_x_mod_semver_compare() {
    assert!(available("go", &["version"]), "go not found: run .ci/install.d/versions.sh");
    assert!(
        std::path::Path::new(GOPATH).join("src/golang.org/x/mod/semver").is_dir(),
        "golang.org/x/mod not found: run .ci/install.d/versions.sh (apt-get install golang-golang-x-mod-dev)"
    );
    let source = oracles_dir().join("go_compare.go").to_string_lossy().into_owned();
    let with_v = |s: String| if s.starts_with('v') { s } else { format!("v{s}") };
    let pairs: Vec<(String, String)> = pairs(&mut Rng::new(0x0e7a_6060), 17_000, go_version, go_neighbour)
        .into_iter()
        .filter(|(a, b)| !a.starts_with("go") && !b.starts_with("go"))
        .map(|(a, b)| (with_v(a), with_v(b)))
        .collect();
    // `go run` in GOPATH mode, with a private build cache under target/.
    let cache = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("go-build");
    let program = format!("GO111MODULE=off GOPATH={GOPATH} GOCACHE={} GOFLAGS= go run {source}", cache.display());
    let t = differential(
        "go",
        &pairs,
        ("sh", &["-c", &program]),
        |s| s.strip_prefix('v').unwrap_or(s).parse::<GoVersion>().map_err(|e| e.to_string()),
        true,
    );
    assert!(t.compared() >= 10_000);
}
