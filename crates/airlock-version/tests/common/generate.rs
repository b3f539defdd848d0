//! Deterministic generators of realistic version strings (xorshift, no deps).

/// A xorshift64* pseudo-random generator.
pub struct Rng(u64);

impl Rng {
    /// A generator with a fixed seed (never zero).
    pub fn new(seed: u64) -> Self {
        Self(seed | 1)
    }

    /// The next 64 random bits.
    pub fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// A number in `0..n` (`n > 0`).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    /// True with probability `percent`/100.
    pub fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }

    /// One item of a non-empty slice.
    pub fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }

    /// A run of `len` random digits.
    pub fn digits(&mut self, len: usize) -> String {
        (0..len).map(|_| char::from(b'0' + self.below(10) as u8)).collect()
    }
}

/// A number component: small, with leading zeros, or a long digit run.
pub fn number(rng: &mut Rng) -> String {
    match rng.below(10) {
        0 => rng.pick(&["0", "00", "01", "007", "010"]).to_string(),
        1 => {
            let len = 8 + rng.below(25);
            rng.digits(len)
        }
        2 => {
            let len = 3 + rng.below(5);
            rng.digits(len)
        }
        _ => rng.below(20).to_string(),
    }
}

/// A random upstream version for dpkg: starts with a digit; uses digits,
/// letters, `.`, `+`, `~` (and `-` when a revision follows).
fn dpkg_upstream(rng: &mut Rng, hyphen_ok: bool) -> String {
    let mut s = number(rng);
    for _ in 0..rng.below(5) {
        let sep = match rng.below(12) {
            0..=5 => ".",
            6 => "+",
            7 => "~",
            8 => "",
            9 if hyphen_ok => "-",
            _ => rng.pick(&["~rc", "+dfsg", "+really", "a", "b", "~beta", "+git", "~~", "+ds", "p", "Z", "~pre"]),
        };
        s.push_str(sep);
        if rng.chance(85) || sep.is_empty() {
            s.push_str(&number(rng));
        }
    }
    if rng.chance(10) {
        s.push_str(rng.pick(&["~", "+", ".", "a", "~~", "+b1"]));
    }
    s
}

/// A random Debian revision.
fn dpkg_revision(rng: &mut Rng) -> String {
    let base = rng.pick(&["1", "2", "0", "00", "3", "10", "1.1", "0ubuntu1", "1build2", "5", "0.1", "2a"]).to_string();
    let tail = rng.pick(&[
        "",
        "",
        "",
        "+b1",
        "+b13",
        "+b2",
        "~deb12u1",
        "~deb11u2",
        "+deb12u1",
        "+deb11u10",
        "~bpo11+1",
        "~exp1",
        ".1",
        "+nmu1",
        "~",
        "+",
        "ubuntu0.22.04.1",
    ]);
    format!("{base}{tail}")
}

/// A random dpkg version that dpkg accepts without a warning.
pub fn dpkg_version(rng: &mut Rng) -> String {
    let epoch =
        if rng.chance(20) { format!("{}:", rng.pick(&["0", "1", "2", "3", "10", "01"])) } else { String::new() };
    let with_revision = rng.chance(70);
    let upstream = dpkg_upstream(rng, with_revision);
    let revision = if with_revision { format!("-{}", dpkg_revision(rng)) } else { String::new() };
    format!("{epoch}{upstream}{revision}")
}

/// A small change to a dpkg version, so that the pair is close.
pub fn dpkg_neighbour(rng: &mut Rng, v: &str) -> String {
    let mut s = v.to_string();
    match rng.below(12) {
        0 => s.push_str(rng.pick(&["~", "~rc1", "~~", "+b1", "+1", ".0", "a", "0", "+deb12u1", "~deb12u1"])),
        1 => {
            // Bump or lower one digit.
            let digit_positions: Vec<usize> =
                s.char_indices().filter(|(_, c)| c.is_ascii_digit()).map(|(i, _)| i).collect();
            if !digit_positions.is_empty() {
                let at = digit_positions[rng.below(digit_positions.len())];
                let d = s.as_bytes()[at] - b'0';
                let nd = if rng.chance(50) { (d + 1) % 10 } else { (d + 9) % 10 };
                s.replace_range(at..=at, &char::from(b'0' + nd).to_string());
            }
        }
        2 => {
            if let Some((head, _)) = s.rsplit_once('-') {
                s = head.to_string();
            } else {
                s.push_str("-0");
            }
        }
        3 => {
            if let Some((_, rest)) = s.split_once(':') {
                s = rest.to_string();
            } else {
                s = format!("1:{s}");
            }
        }
        4 => {
            // Insert a leading zero before some digit run.
            let at = s.find(|c: char| c.is_ascii_digit()).unwrap_or(0);
            s.insert(at, '0');
        }
        5 if s.len() > 2 => {
            s.pop();
        }
        6 => s = s.replacen('.', rng.pick(&["+", "~", ".0.", "a"]), 1),
        7 => s.push_str(&format!("-{}", dpkg_revision(rng))),
        _ => s = dpkg_version(rng),
    }
    s
}

/// Whether dpkg takes `v` without an error or a warning (so its answer is
/// the plain ordering), and `v` cannot be mistaken for a command-line option.
pub fn dpkg_clean(v: &str) -> bool {
    let (epoch, rest) = match v.split_once(':') {
        Some((e, r)) => (Some(e), r),
        None => (None, v),
    };
    if epoch.is_some_and(|e| e.is_empty() || !e.bytes().all(|b| b.is_ascii_digit()) || e.len() > 9) {
        return false;
    }
    let (upstream, revision) = match rest.rsplit_once('-') {
        Some((u, r)) => (u, Some(r)),
        None => (rest, None),
    };
    let upstream_ok = upstream.starts_with(|c: char| c.is_ascii_digit())
        && upstream
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b".+~-".contains(&b) || (b == b':' && epoch.is_some()));
    let revision_ok =
        revision.is_none_or(|r| !r.is_empty() && r.bytes().all(|b| b.is_ascii_alphanumeric() || b".+~".contains(&b)));
    upstream_ok && revision_ok
}

/// A random apk version: mostly valid, sometimes outside the grammar.
pub fn apk_version(rng: &mut Rng) -> String {
    let mut s = number(rng);
    for _ in 0..rng.below(4) {
        s.push('.');
        s.push_str(&number(rng));
    }
    if rng.chance(15) {
        s.push_str(rng.pick(&["a", "b", "z", "c"]));
    }
    for _ in 0..rng.below(3) {
        if rng.chance(40) {
            s.push('_');
            s.push_str(rng.pick(&["alpha", "beta", "pre", "rc", "cvs", "svn", "git", "hg", "p", "foo"]));
            if rng.chance(60) {
                s.push_str(&number(rng));
            }
        }
    }
    if rng.chance(60) {
        s.push_str("-r");
        s.push_str(&number(rng));
    }
    if rng.chance(8) {
        s.push_str(rng.pick(&["-ruff", ".r1", "A", "-1", "_", "."]));
    }
    s
}
