//! Maven versions, ordered as `org.apache.maven.artifact.versioning.ComparableVersion`
//! of Maven 3.8.7 (`maven-artifact`, the version Debian 12's `maven` ships).
//!
//! The lowercased string is split at `.` and `-` and at every switch between
//! digits and non-digits; `-` and a digit/letter switch open a nested list,
//! and so do a qualifier followed by a digit and a trailing qualifier when
//! they do not start the current list (`1.x` reads as `1-x`).
//! Numbers compare numerically; qualifiers in the order `alpha` < `beta` <
//! `milestone` < `rc` = `cr` < `snapshot` < (release: `""`, `ga`, `final`,
//! `release`) < `sp`, then any other qualifier alphabetically; `a1`/`b1`/`m1`
//! mean `alpha-1`/`beta-1`/`milestone-1`. Trailing "null" items (0, release
//! qualifiers, empty lists) are dropped from each list. A number beats a
//! qualifier and a nested list; a nested list beats a qualifier.

use std::cmp::Ordering;
use std::hash::{Hash, Hasher};
use std::str::FromStr;

use crate::num::Digits;
use crate::{ParseVersionError, VersionScheme};

/// One item of a parsed Maven version.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Item {
    Number(Digits),
    /// A qualifier after alias resolution (`cr` → `rc`, `ga` → ``).
    Qualifier(Box<str>),
    List(Vec<Item>),
}

/// The known qualifiers, in order; `""` is the release.
const QUALIFIERS: [&str; 7] = ["alpha", "beta", "milestone", "rc", "snapshot", "", "sp"];
/// Index of the release in [`QUALIFIERS`].
const RELEASE: usize = 5;

/// ComparableVersion's `comparableQualifier`: the rank of a known
/// qualifier, unknown ones after all of them and alphabetically.
fn qualifier_rank(q: &str) -> (usize, &str) {
    match QUALIFIERS.iter().position(|k| *k == q) {
        Some(i) => (i, ""),
        None => (QUALIFIERS.len(), q),
    }
}

fn qualifier(raw: &str, followed_by_digit: bool) -> Item {
    let mut value = raw;
    if followed_by_digit && raw.len() == 1 {
        value = match raw {
            "a" => "alpha",
            "b" => "beta",
            "m" => "milestone",
            other => other,
        };
    }
    value = match value {
        "ga" | "final" | "release" => "",
        "cr" => "rc",
        other => other,
    };
    Item::Qualifier(value.into())
}

impl Item {
    fn is_null(&self) -> bool {
        match self {
            Self::Number(n) => n.is_zero(),
            Self::Qualifier(q) => q.is_empty(),
            Self::List(l) => l.is_empty(),
        }
    }

    /// `Item.compareTo(null)`: how the item compares with a missing one.
    fn cmp_missing(&self) -> Ordering {
        match self {
            Self::Number(n) => {
                if n.is_zero() {
                    Ordering::Equal
                } else {
                    Ordering::Greater
                }
            }
            Self::Qualifier(q) => qualifier_rank(q).cmp(&(RELEASE, "")),
            Self::List(l) => l.iter().map(Self::cmp_missing).find(|o| o.is_ne()).unwrap_or(Ordering::Equal),
        }
    }

    fn compare(&self, other: &Self) -> Ordering {
        match (self, other) {
            (Self::Number(a), Self::Number(b)) => a.cmp(b),
            (Self::Number(_), _) => Ordering::Greater,
            (_, Self::Number(_)) => Ordering::Less,
            (Self::Qualifier(a), Self::Qualifier(b)) => qualifier_rank(a).cmp(&qualifier_rank(b)),
            (Self::Qualifier(_), Self::List(_)) => Ordering::Less,
            (Self::List(_), Self::Qualifier(_)) => Ordering::Greater,
            (Self::List(a), Self::List(b)) => compare_lists(a, b),
        }
    }
}

fn compare_lists(a: &[Item], b: &[Item]) -> Ordering {
    for i in 0..a.len().max(b.len()) {
        let ord = match (a.get(i), b.get(i)) {
            (Some(x), Some(y)) => x.compare(y),
            (Some(x), None) => x.cmp_missing(),
            (None, Some(y)) => y.cmp_missing().reverse(),
            (None, None) => Ordering::Equal,
        };
        if ord.is_ne() {
            return ord;
        }
    }
    Ordering::Equal
}

/// Drops trailing null items (ComparableVersion's `ListItem.normalize`):
/// from the end, nulls are removed and non-null lists are stepped over.
fn normalize(list: &mut Vec<Item>) {
    let mut i = list.len();
    while i > 0 {
        i -= 1;
        if list[i].is_null() {
            list.remove(i);
        } else if !matches!(list[i], Item::List(_)) {
            break;
        }
    }
}

/// Builds the item tree the way `ComparableVersion.parseVersion` does.
fn parse_items(version: &str) -> Vec<Item> {
    // A stack of open lists; each nested list is attached to its parent when closed.
    let mut stack: Vec<Vec<Item>> = vec![Vec::new()];
    let chars: Vec<char> = version.chars().collect();
    let mut is_digit = false;
    let mut start = 0;
    let text = |from: usize, to: usize| chars[from..to].iter().collect::<String>();
    let parse_item = |digit: bool, buf: &str| {
        if digit { Item::Number(Digits::new(buf)) } else { qualifier(buf, false) }
    };
    for (i, &c) in chars.iter().enumerate() {
        let top = stack.len() - 1;
        if c == '.' || c == '-' {
            let item = if i == start { Item::Number(Digits::new("0")) } else { parse_item(is_digit, &text(start, i)) };
            stack[top].push(item);
            start = i + 1;
            if c == '-' {
                stack.push(Vec::new());
            }
        } else if c.is_ascii_digit() {
            if !is_digit && i > start {
                // 3.8: a qualifier followed by a digit starts a list of its
                // own unless it opens the current list (`1.a1` is `1-a-1`).
                let mut top = top;
                if !stack[top].is_empty() {
                    stack.push(Vec::new());
                    top += 1;
                }
                stack[top].push(qualifier(&text(start, i), true));
                start = i;
                stack.push(Vec::new());
            }
            is_digit = true;
        } else {
            if is_digit && i > start {
                stack[top].push(parse_item(true, &text(start, i)));
                start = i;
                stack.push(Vec::new());
            }
            is_digit = false;
        }
    }
    if chars.len() > start {
        // 3.8: a trailing qualifier after other items reads as `-X`
        // (`1.0.0.X1 < 1.0.0-X2`, `1.x` is `1-x`).
        if !is_digit && stack.last().is_some_and(|l| !l.is_empty()) {
            stack.push(Vec::new());
        }
        let top = stack.len() - 1;
        stack[top].push(parse_item(is_digit, &text(start, chars.len())));
    }
    // Close the lists innermost first, normalising each.
    while stack.len() > 1 {
        let mut list = stack.pop().unwrap_or_default();
        normalize(&mut list);
        if let Some(parent) = stack.last_mut() {
            parent.push(Item::List(list));
        }
    }
    let mut root = stack.pop().unwrap_or_default();
    normalize(&mut root);
    root
}

/// A Maven artifact version such as `1.2.3-SNAPSHOT` or `5.3.9.RELEASE`.
///
/// Equality and hashing follow the ordering (ComparableVersion's canonical
/// form): `1.0` equals `1`, `1-ga` equals `1`, `1.0-CR1` equals `1-rc-1`.
#[derive(Debug, Clone)]
pub struct MavenVersion {
    raw: String,
    items: Vec<Item>,
}

impl MavenVersion {
    /// The text this version was parsed from.
    pub fn raw(&self) -> &str {
        &self.raw
    }
}

impl FromStr for MavenVersion {
    type Err = ParseVersionError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let reject = |reason| ParseVersionError { scheme: VersionScheme::Maven, raw: s.into(), reason };
        if s.trim().is_empty() {
            return Err(reject("empty"));
        }
        if s.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return Err(reject("contains whitespace or a control character"));
        }
        if !s.is_ascii() {
            // Java's Character.isDigit and toLowerCase are Unicode-aware; keep to ASCII.
            return Err(reject("contains non-ASCII characters"));
        }
        Ok(Self { raw: s.into(), items: parse_items(&s.to_ascii_lowercase()) })
    }
}

impl Ord for MavenVersion {
    fn cmp(&self, other: &Self) -> Ordering {
        compare_lists(&self.items, &other.items)
    }
}

impl Hash for MavenVersion {
    fn hash<H: Hasher>(&self, state: &mut H) {
        // Normalised trees that compare equal are identical.
        self.items.hash(state);
    }
}

crate::order_from_ord!(MavenVersion);

#[cfg(test)]
mod tests {
    use super::*;

    fn v(s: &str) -> MavenVersion {
        s.parse().unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn qualifier_order() {
        let order = ["1-alpha", "1-beta", "1-milestone", "1-rc", "1-snapshot", "1", "1-sp", "1-abc", "1-abd", "1.0.1"];
        for pair in order.windows(2) {
            assert!(v(pair[0]) < v(pair[1]), "{} < {}", pair[0], pair[1]);
        }
    }

    #[test]
    fn aliases_and_normalisation() {
        assert_eq!(v("1.0"), v("1"));
        assert_eq!(v("1-ga"), v("1.0.0"));
        assert_eq!(v("1.0-FINAL"), v("1"));
        assert_eq!(v("1-cr1"), v("1-rc-1"));
        assert_eq!(v("1a1"), v("1-alpha-1"));
        assert!(v("1.0-SNAPSHOT") < v("1.0"));
        assert!(v("5.3.9.RELEASE") > v("5.3.8.RELEASE"));
        assert!(v("1-1") < v("1.1"));
        assert!(v("1-sp") < v("1-1"));
        // Maven 3.8.7 answers (checked with its ComparableVersion main).
        assert!(v("1.x.sp") < v("1.x"));
        assert!(v("1.v.0") < v("1.v"));
        assert_eq!(v("v.0"), v("v"));
        assert!(v("1-1") > v("1-ga-1"));
    }
}
