//! `--vex FILE` and `--ignore-file FILE`: read the files, hand the
//! statements to the core.

use std::path::PathBuf;

use airlock::{Report, VexStatement};
use anyhow::{Context, anyhow};

/// Reads every `--vex` file and the `--ignore-file`, if any.
pub(crate) fn load(vex: &[PathBuf], ignore: Option<&PathBuf>) -> anyhow::Result<Vec<VexStatement>> {
    let mut statements = Vec::new();
    for path in vex {
        let bytes = std::fs::read(path).with_context(|| format!("{}: cannot read VEX file", path.display()))?;
        statements.extend(airlock::parse_vex(&bytes, &path.display().to_string()).map_err(|e| anyhow!(e))?);
    }
    if let Some(path) = ignore {
        let text =
            std::fs::read_to_string(path).with_context(|| format!("{}: cannot read ignore file", path.display()))?;
        statements.extend(airlock::parse_ignore_file(&text, &path.display().to_string()).map_err(|e| anyhow!(e))?);
    }
    Ok(statements)
}

/// Applies the statements with today's date.
pub(crate) fn apply(report: &mut Report, statements: &[VexStatement]) {
    airlock::apply_vex(report, statements, Some(&crate::clock::today()));
}
