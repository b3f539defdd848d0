//! The report as `airlock.report/v1` JSON.

use crate::Report;

/// A JSON text that is not a valid `airlock.report/v1` report.
#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    /// The JSON does not parse as a report.
    #[error("invalid report JSON at line {line}, column {column}: {message}")]
    Json {
        /// 1-based line of the error.
        line: usize,
        /// 1-based column of the error.
        column: usize,
        /// What serde_json found wrong.
        message: String,
    },
    /// The `schema` field names another schema.
    #[error("unsupported report schema {found:?}, expected {expected:?}")]
    Schema {
        /// The schema the JSON declares.
        found: String,
        /// The schema this build reads.
        expected: &'static str,
    },
}

/// The report as pretty-printed JSON. Field order follows the model, so the
/// output is stable for equal reports.
pub fn to_json(report: &Report) -> String {
    // The model holds only strings, numbers, options, vectors and plain
    // enums, which serde_json always serialises; the fallback is unreachable.
    serde_json::to_string_pretty(report).unwrap_or_default()
}

/// Parses a report written by [`to_json`], checking the schema id.
pub fn from_json(text: &str) -> Result<Report, ReportError> {
    let report: Report = serde_json::from_str(text).map_err(|e| ReportError::Json {
        line: e.line(),
        column: e.column(),
        message: e.to_string(),
    })?;
    if report.schema != crate::SCHEMA {
        return Err(ReportError::Schema { found: report.schema, expected: crate::SCHEMA });
    }
    Ok(report)
}
