//! Generators of tricky version strings for the rpm, PEP 440, SemVer and
//! Maven differential tests, and a pair builder that mixes random pairs
//! with close neighbours.

use super::generate::{Rng, number};

/// `n` pairs: 60% a version and a small change of it, the rest random.
pub fn pairs(
    rng: &mut Rng,
    n: usize,
    make: impl Fn(&mut Rng) -> String,
    near: impl Fn(&mut Rng, &str) -> String,
) -> Vec<(String, String)> {
    let mut out = Vec::with_capacity(n);
    while out.len() < n {
        let a = make(rng);
        let b = if rng.chance(60) { near(rng, &a) } else { make(rng) };
        out.push(if rng.chance(50) { (a, b) } else { (b, a) });
    }
    out
}

/// A generic small change: bump a digit, drop/append a piece, or a new value.
pub fn tweak(rng: &mut Rng, v: &str, suffixes: &[&str], make: impl Fn(&mut Rng) -> String) -> String {
    let mut s = v.to_string();
    match rng.below(8) {
        0 | 1 => s.push_str(rng.pick(suffixes)),
        2 => {
            let digits: Vec<usize> = s.char_indices().filter(|(_, c)| c.is_ascii_digit()).map(|(i, _)| i).collect();
            if !digits.is_empty() {
                let at = digits[rng.below(digits.len())];
                let d = s.as_bytes()[at] - b'0';
                let nd = if rng.chance(50) { (d + 1) % 10 } else { (d + 9) % 10 };
                s.replace_range(at..=at, &char::from(b'0' + nd).to_string());
            }
        }
        3 => {
            let at = s.find(|c: char| c.is_ascii_digit()).unwrap_or(0);
            s.insert(at, '0');
        }
        4 if s.chars().count() > 2 => {
            s.pop();
        }
        5 => s = s.to_ascii_uppercase(),
        _ => s = make(rng),
    }
    s
}

// ---- rpm -------------------------------------------------------------------

fn rpm_part(rng: &mut Rng) -> String {
    let mut s =
        if rng.chance(85) { number(rng) } else { rng.pick(&["a", "rc", "beta", "git", "el", "Z", "xyz"]).into() };
    for _ in 0..rng.below(5) {
        s.push_str(
            rng.pick(&[".", ".", ".", "_", "+", "~", "^", "", "~~", "^^", ".~", "-", "α"]).trim_end_matches('-'),
        );
        if rng.chance(70) {
            s.push_str(&number(rng));
        } else {
            s.push_str(rng.pick(&["a", "b", "rc", "pre", "git", "svn", "p", "el", "fc", "module", "XY", "z"]));
        }
    }
    s
}

/// A random rpm EVR: optional numeric epoch, version, optional release.
pub fn rpm_version(rng: &mut Rng) -> String {
    let epoch =
        if rng.chance(25) { format!("{}:", rng.pick(&["0", "1", "2", "10", "01", "007"])) } else { String::new() };
    let version = rpm_part(rng).replace('-', ".");
    let release = match rng.below(10) {
        0..=1 => String::new(),
        2 => "-".to_string(),
        3..=5 => format!("-{}.{}", number(rng), rng.pick(&["el8", "el9", "fc39", "el7_9", "amzn2", "el8_4", "ael7b"])),
        _ => format!("-{}", rpm_part(rng).replace('-', ".")),
    };
    format!("{epoch}{version}{release}")
}

/// A small change of an rpm EVR.
pub fn rpm_neighbour(rng: &mut Rng, v: &str) -> String {
    tweak(rng, v, &["~rc1", "^git1", "~", "^", ".0", "a", "-1", ".1", "_1", "~~", "^20240101"], rpm_version)
}

// ---- PEP 440 ---------------------------------------------------------------

/// A random Python version: mostly PEP 440 in many spellings, some legacy.
pub fn pep440_version(rng: &mut Rng) -> String {
    let mut s = String::new();
    if rng.chance(5) {
        s.push(if rng.chance(50) { 'v' } else { 'V' });
    }
    if rng.chance(8) {
        s.push_str(&format!("{}!", rng.pick(&["0", "1", "2", "01", "10"])));
    }
    s.push_str(&number(rng));
    for _ in 0..rng.below(4) {
        s.push('.');
        s.push_str(&number(rng));
    }
    let sep = |rng: &mut Rng| rng.pick(&["", "", "", ".", "-", "_"]).to_string();
    if rng.chance(35) {
        let label = rng.pick(&["a", "b", "rc", "c", "alpha", "beta", "pre", "preview", "A", "RC", "Beta"]);
        let n = if rng.chance(80) { number(rng) } else { String::new() };
        s.push_str(&format!("{}{label}{}{n}", sep(rng), if n.is_empty() { String::new() } else { sep(rng) }));
    }
    if rng.chance(25) {
        if rng.chance(30) {
            s.push_str(&format!("-{}", number(rng)));
        } else {
            let label = rng.pick(&["post", "rev", "r", "POST"]);
            let n = if rng.chance(80) { number(rng) } else { String::new() };
            s.push_str(&format!("{}{label}{}{n}", sep(rng), if n.is_empty() { String::new() } else { sep(rng) }));
        }
    }
    if rng.chance(25) {
        let n = if rng.chance(80) { number(rng) } else { String::new() };
        s.push_str(&format!("{}dev{}{n}", sep(rng), if n.is_empty() { String::new() } else { sep(rng) }));
    }
    if rng.chance(15) {
        let parts = ["ubuntu", "1", "abc", "5", "deb12u1", "cpu", "cu118", "07", "z"];
        let mut local = rng.pick(&parts).to_string();
        for _ in 0..rng.below(3) {
            local.push_str(rng.pick(&[".", "-", "_"]));
            local.push_str(rng.pick(&parts));
        }
        s.push('+');
        s.push_str(&local);
    }
    if rng.chance(4) {
        // Legacy / invalid shapes packaging rejects.
        s.push_str(rng.pick(&["-bulbasaur", "+", ".", "..1", "-", "a.b", "+a..b", " x", "!1"]));
    }
    s
}

/// A small change of a Python version.
pub fn pep440_neighbour(rng: &mut Rng, v: &str) -> String {
    tweak(rng, v, &[".0", "a1", "rc1", ".post1", ".dev0", "+local", "-1", ".1", "b2", "+1", "post"], pep440_version)
}

// ---- SemVer ----------------------------------------------------------------

/// A number without leading zeros below 2^53 (npm's limit).
fn semver_number(rng: &mut Rng) -> String {
    match rng.below(10) {
        0 => (rng.next() % (1 << 53)).to_string(),
        1 => "0".into(),
        _ => rng.below(25).to_string(),
    }
}

/// A random valid SemVer 2.0 string (as npm's strict parser takes it).
pub fn semver_version(rng: &mut Rng) -> String {
    let mut s = String::new();
    if rng.chance(10) {
        s.push('v');
    }
    s.push_str(&format!("{}.{}.{}", semver_number(rng), semver_number(rng), semver_number(rng)));
    if rng.chance(50) {
        let ids = ["alpha", "beta", "rc", "0", "1", "2", "11", "x-y", "a1", "RC", "Alpha", "pre", "-", "0a", "dev"];
        let mut pre: Vec<String> = Vec::new();
        for _ in 0..1 + rng.below(4) {
            pre.push(if rng.chance(30) { semver_number(rng) } else { rng.pick(&ids).to_string() });
        }
        s.push('-');
        s.push_str(&pre.join("."));
    }
    if rng.chance(15) {
        s.push('+');
        s.push_str(rng.pick(&["build.1", "sha.5114f85", "001", "x-y.z", "20240101"]));
    }
    s
}

/// A small change of a SemVer string (kept valid).
pub fn semver_neighbour(rng: &mut Rng, v: &str) -> String {
    match rng.below(6) {
        0 => format!("{v}{}", if v.contains('+') { "" } else { rng.pick(&["+b", "+build.2"]) }),
        1 => match v.split_once('+') {
            Some((head, _)) => head.to_string(),
            None => v.to_string(),
        },
        2 => match v.split_once('-') {
            Some((head, _)) => head.to_string(),
            None => format!("{v}-{}", rng.pick(&["0", "alpha", "rc.1"])),
        },
        3 => {
            let core_end = v.find(['-', '+']).unwrap_or(v.len());
            format!(
                "{}{}",
                &v[..core_end],
                &semver_version(rng).chars().skip_while(|c| *c != '-' && *c != '+').collect::<String>()
            )
        }
        4 => match v.split_once('+') {
            Some((head, b)) => format!("{head}.{}+{b}", rng.pick(&["1", "a", "0"])),
            None if v.contains('-') => format!("{v}.{}", rng.pick(&["1", "a", "0", "beta"])),
            None => format!("{v}-{}", rng.pick(&["1", "a"])),
        },
        _ => semver_version(rng),
    }
}

// ---- Maven -----------------------------------------------------------------

/// A random Maven version: numbers (leading zeros, long), `.`/`-`
/// separators, qualifiers known and unknown, letter-digit switches.
pub fn maven_version(rng: &mut Rng) -> String {
    let mut s = String::new();
    let words = [
        "alpha",
        "beta",
        "milestone",
        "rc",
        "cr",
        "snapshot",
        "SNAPSHOT",
        "ga",
        "GA",
        "final",
        "Final",
        "release",
        "RELEASE",
        "sp",
        "SP",
        "a",
        "b",
        "m",
        "jre",
        "android",
        "foo",
        "x",
        "M",
        "RC",
        "pre",
        "jboss",
        "v",
    ];
    let pieces = 1 + rng.below(6);
    for i in 0..pieces {
        if i > 0 {
            s.push_str(rng.pick(&[".", ".", ".", "-", "-", "", "..", "--", ".-"]));
        }
        if rng.chance(65) {
            s.push_str(&match rng.below(12) {
                0 => {
                    let len = 10 + rng.below(12);
                    rng.digits(len)
                }
                1 => {
                    let len = 19 + rng.below(5);
                    rng.digits(len)
                }
                _ => super::generate::number(rng),
            });
        } else {
            s.push_str(rng.pick(&words));
        }
    }
    if rng.chance(5) {
        s.push_str(rng.pick(&["-", ".", "-0", ".0", "-SNAPSHOT", ".RELEASE", "-sp1", "-ga"]));
    }
    s
}

/// A small change of a Maven version.
pub fn maven_neighbour(rng: &mut Rng, v: &str) -> String {
    tweak(
        rng,
        v,
        &[
            "-SNAPSHOT",
            ".RELEASE",
            "-sp",
            "-sp1",
            ".0",
            "-0",
            "-1",
            ".1",
            "a1",
            "-rc1",
            "-ga",
            "-final",
            "1",
            "-",
            ".Final",
        ],
        maven_version,
    )
}

// ---- Go, RubyGems, NuGet, Composer (property tests only) --------------------

/// A random Go module or toolchain version.
pub fn go_version(rng: &mut Rng) -> String {
    match rng.below(10) {
        0 => format!("go1.{}{}", rng.below(23), rng.pick(&["", ".1", ".10", "rc1", "beta2", "rc2"])),
        1 => format!("v{}.{}", rng.below(3), rng.below(5)),
        2 => format!(
            "v0.0.0-20{:02}0101{:06}-{}",
            rng.below(25),
            rng.below(999_999),
            rng.pick(&["daa7c04131f5", "0123456789ab"])
        ),
        3 => format!("v1.2.4-0.2019110902193{}-abcdefabcdef", rng.below(10)),
        4 => format!("v{}.{}.{}+incompatible", 2 + rng.below(3), rng.below(4), rng.below(4)),
        _ => {
            let v = semver_version(rng);
            if rng.chance(50) {
                v.trim_start_matches('v').to_string()
            } else {
                format!("v{}", v.trim_start_matches('v'))
            }
        }
    }
}

/// A random RubyGems version (`1.2.0`, `1.0.0.pre.rc1`, `2.0.0-beta.2`).
pub fn gem_version(rng: &mut Rng) -> String {
    let mut s = number(rng);
    for _ in 0..rng.below(4) {
        s.push('.');
        s.push_str(&if rng.chance(75) {
            number(rng)
        } else {
            rng.pick(&["pre", "rc", "a", "b", "beta", "alpha", "rc1", "b2", "Z", "0a"]).to_string()
        });
    }
    if rng.chance(20) {
        s.push('-');
        s.push_str(rng.pick(&["beta", "rc.1", "pre", "alpha-2", "1"]));
    }
    s
}

/// A random NuGet version (1 to 4 numbers, release label, metadata).
pub fn nuget_version(rng: &mut Rng) -> String {
    let mut s = number(rng);
    for _ in 0..rng.below(4) {
        s.push('.');
        s.push_str(&number(rng));
    }
    if rng.chance(40) {
        s.push('-');
        s.push_str(rng.pick(&["beta", "BETA", "beta2", "alpha.1", "rc.10", "rc.9", "Preview.2", "1", "01", "x-y"]));
    }
    if rng.chance(15) {
        s.push('+');
        s.push_str(rng.pick(&["sha.abc", "AA", "1"]));
    }
    s
}

/// A number component of at most 18 digits (PHP's `strtol` saturates
/// above 2^63 − 1, where we compare exactly).
fn php_number(rng: &mut Rng) -> String {
    number(rng).chars().take(18).collect()
}

/// A random Composer version: normalisable forms, branches and odd ones.
pub fn composer_version(rng: &mut Rng) -> String {
    let mut s = String::new();
    if rng.chance(30) {
        s.push(if rng.chance(80) { 'v' } else { 'V' });
    }
    if rng.chance(5) {
        return rng
            .pick(&["dev-main", "dev-master", "dev-foo", "dev-1.x", "1.x-dev", "2.1.*-dev", "master"])
            .to_string();
    }
    s.push_str(&php_number(rng));
    for _ in 0..rng.below(4) {
        s.push('.');
        s.push_str(&php_number(rng));
    }
    if rng.chance(40) {
        s.push_str(rng.pick(&["", "-", ".", "_"]));
        s.push_str(rng.pick(&[
            "alpha", "a", "beta", "b", "RC", "rc", "patch", "pl", "p", "stable", "dev", "BETA", "foo", "post",
        ]));
        if rng.chance(60) {
            s.push_str(rng.pick(&["", ".", "-"]));
            s.push_str(&php_number(rng));
        }
    }
    if rng.chance(10) {
        s.push_str(rng.pick(&["-dev", ".post1", "+build", "-1", "x"]));
    }
    s
}

/// A small change of a Go version.
pub fn go_neighbour(rng: &mut Rng, v: &str) -> String {
    tweak(rng, v, &["-pre", "+incompatible", ".1", "-0"], go_version)
}

/// A small change of a RubyGems version.
pub fn gem_neighbour(rng: &mut Rng, v: &str) -> String {
    tweak(rng, v, &[".0", ".a", ".pre.1", "-rc", ".1", ".0.0", "-1", ".b"], gem_version)
}

/// A small change of a NuGet version.
pub fn nuget_neighbour(rng: &mut Rng, v: &str) -> String {
    tweak(rng, v, &[".0", "-beta", "+meta", ".1", "-RC.1"], nuget_version)
}

/// A small change of a Composer version.
pub fn composer_neighbour(rng: &mut Rng, v: &str) -> String {
    tweak(rng, v, &[".0", "-beta1", "-dev", "-patch1", "RC2", ".1", "-alpha", "-p2", ".0.0"], composer_version)
}
