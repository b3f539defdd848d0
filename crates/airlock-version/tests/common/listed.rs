//! Table lines not asserted as written, with the reasons; shared by the
//! table tests and the differential tests that check each reason against
//! the real tool.

/// Lines of the Maven tables (sorted upstream with a newer Maven) where
/// Maven 3.8.7's ComparableVersion, the one Debian ships and our oracle,
/// answers the other way; we follow 3.8.7. `maven_differential` runs every
/// table line through 3.8.7 and checks that these are exactly the lines
/// where it disagrees with the table, and that we agree with it on all.
pub const MAVEN_3_9_ONLY_LINES: [&str; 19] = [
    "1-1 = 1-ga-1",
    "1.0.0-RC16 < 1.0.0.RC8-beta",
    "1.0.0-gradle-rework-beta3 < 1.0.0.RC7-3",
    "2.9.0-1 < 2.9.0.RC1",
    "6.1.12.rc5 < 6.1.12rc1",
    "1.1.31.sec10 < 1.1.31_noneautotype",
    "1.1.34.sec10 < 1.1.34_noneautotype",
    "1.1.46.sec10 < 1.1.46_noneautotype",
    "1.2.8.sec10_noneautotype < 1.2.8_noneautotype",
    "1.2.31.sec10 < 1.2.31_noneautotype",
    "1.2.48.sec10 < 1.2.48_noneautotype",
    "1.2.50.sec10 < 1.2.50_noneautotype",
    "1.2.54.sec10 < 1.2.54_noneautotype",
    "1.2.57.sec10 < 1.2.57_noneautotype",
    "1.2.60.sec10 < 1.2.60_noneautotype",
    "1.2.67.sec10 < 1.2.67_noneautotype",
    "1.0.0rc0 < 1.0.beta8",
    "1.5.9.RC1 < 1.5.9-RC0",
    "1.1.0-01-glassfish < 1.1.0.Beta1",
];

/// Lines of the Packagist tables that are bare PHP `version_compare`
/// answers, where Composer normalises first (`1.0` is `1.0.0.0`, stability
/// words are case-insensitive, `stable` is the release), or that use `#`.
pub const PACKAGIST_NOT_COMPOSER: [&str; 7] = [
    // version_compare counts parts; Composer pads both to 1.0.0.0.
    "1.0.0 > 1.0",
    // `#` is php-src's "any number" marker: version_compare finds
    // `1.2.3.# = 1.2.3.1` and `= 1.2.3.2`, not an order; Composer rejects it.
    "1.2.3.# = 1.2.3",
    "1.2.3.# = 1.2.3.#",
    "1.2.3.# = 1.2.3.1",
    "1.2.3.#.1 > 1.2.3",
    "1.2.3.#.p3 > 1.2.3",
    "1.2.3.#.beta < 1.2.3",
];

/// Generated lines (sorted upstream with bare `version_compare`) that
/// Composer orders the other way: a padded release after its pre-release
/// (`v3.0` is `3.0.0.0` > `3.0.0.0-beta`), `ALPHA`/`BETA` read
/// case-insensitively, `-stable` as the release, `v4-beta4` as `4.0.0.0-beta4`.
pub const PACKAGIST_GENERATED_NOT_COMPOSER: [&str; 10] = [
    "v3.0 < v3.0.0-beta",
    "v3.4 < v3.4.0-alpha",
    "v4-beta4 < v4.0-alpha",
    "v1.9.0-ALPHA.1 = v1.9.0-BETA.1",
    "v1.9.0-BETA.1 < v1.9.0-ALPHA.2",
    "v1.9.0-ALPHA.2 = v1.9.0-BETA.2",
    "5.1.0-stable < 5.1.0-beta2",
    "v4.4 < v4.4.0-beta",
    "v6.5 < v6.5.0-beta-0",
    "v6.6 < v6.6.0-beta",
];
