//! `airlock audit` and `airlock policy`: open files, call `airlock-audit`
//! through the facade, print, map to exit codes.

use std::fs::File;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use airlock::airlock_audit::image::ImageAuditOptions;
use airlock::airlock_audit::policy::{self, PolicyConfig, PolicyInput};
use airlock::airlock_audit::{AuditReport, audit_runtime, render};
use airlock::{Platform, ScanOptions};
use anyhow::{Context, anyhow, bail};
use clap::{Args, ValueEnum};

use crate::args::DbArg;
use crate::progress::ProgressLine;
use crate::{commands, db_path};

/// Output formats of `audit` and `policy`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum AuditFormat {
    /// Human-readable text.
    Text,
    /// JSON (airlock.audit/v1, airlock.policy/v1).
    Json,
    /// SARIF 2.1.0.
    Sarif,
    /// Markdown.
    Markdown,
}

#[derive(Debug, Args)]
pub(crate) struct AuditArgs {
    /// `docker container inspect` JSON, a Compose file, Kubernetes manifests, or an image archive.
    #[arg(required_unless_present = "list_rules")]
    pub(crate) file: Option<PathBuf>,
    /// Print every rule (id, severity, title, why, fix, CIS/PSS reference) and exit.
    #[arg(long)]
    pub(crate) list_rules: bool,
    /// Output format.
    #[arg(long, value_enum, default_value_t = AuditFormat::Text)]
    pub(crate) format: AuditFormat,
    /// Exit with status 2 when there are findings.
    #[arg(long)]
    pub(crate) exit_code: bool,
    #[command(flatten)]
    pub(crate) image: ImageAuditArgs,
}

#[derive(Debug, Args)]
pub(crate) struct ImageAuditArgs {
    /// Platform to read in a multi-platform image, e.g. linux/arm64.
    #[arg(long)]
    pub(crate) platform: Option<String>,
    /// Number of bottom layers that belong to the base image [default: inferred from the history].
    #[arg(long, value_name = "N")]
    pub(crate) base_layers: Option<usize>,
}

#[derive(Debug, Args)]
pub(crate) struct PolicyArgs {
    /// Image archive: `docker save` tar or OCI layout tar.
    pub(crate) image: PathBuf,
    /// Runtime file to audit too (inspect JSON, Compose, Kubernetes).
    #[arg(long, value_name = "FILE")]
    pub(crate) audit: Option<PathBuf>,
    /// Policy configuration (TOML: `[policies.<id>]` with enabled, weight, severities, grace_days, max_severity, exceptions).
    #[arg(long, value_name = "FILE")]
    pub(crate) policy_file: Option<PathBuf>,
    /// The date grace periods are measured to (YYYY-MM-DD) [default: today, UTC].
    #[arg(long, value_name = "DATE")]
    pub(crate) today: Option<String>,
    #[command(flatten)]
    pub(crate) db: DbArg,
    #[command(flatten)]
    pub(crate) image_options: ImageAuditArgs,
    /// Output format.
    #[arg(long, value_enum, default_value_t = AuditFormat::Text)]
    pub(crate) format: AuditFormat,
    /// Exit with status 2 when a policy fails.
    #[arg(long)]
    pub(crate) exit_code: bool,
}

/// Whether a file starts like an image archive (tar or gzip).
fn is_image_archive(path: &Path) -> anyhow::Result<bool> {
    let mut head = [0u8; 512];
    let mut file = File::open(path).with_context(|| format!("{}: cannot open", path.display()))?;
    let mut got = 0;
    while got < head.len() {
        match file.read(&mut head[got..]).with_context(|| format!("{}: cannot read", path.display()))? {
            0 => break,
            n => got += n,
        }
    }
    Ok((got >= 2 && head[..2] == [0x1f, 0x8b]) || (got == 512 && &head[257..262] == b"ustar"))
}

fn audit_image(
    path: &Path,
    options: &ImageAuditArgs,
    snapshot: Option<&airlock::Snapshot>,
) -> anyhow::Result<airlock::ScanAndAudit> {
    let platform = options.platform.as_deref().map(str::parse::<Platform>).transpose().map_err(|e| anyhow!(e))?;
    let scan_options = ScanOptions { platform, source: Some(path.display().to_string()), ..ScanOptions::default() };
    let audit_options = ImageAuditOptions { base_layers: options.base_layers };
    let file = File::open(path).with_context(|| format!("{}: cannot open image", path.display()))?;
    let mut progress = ProgressLine::new();
    let result = airlock::scan_and_audit_image(
        std::io::BufReader::with_capacity(1 << 18, file),
        snapshot,
        &scan_options,
        &audit_options,
        &mut |p| progress.update(p),
    );
    progress.finish();
    result.with_context(|| path.display().to_string())
}

/// Largest runtime file read (inspect JSON, Compose, manifests are small).
const MAX_RUNTIME_FILE: u64 = 32 << 20;

fn audit_runtime_file(path: &Path) -> anyhow::Result<AuditReport> {
    let size = std::fs::metadata(path).with_context(|| format!("{}: cannot open", path.display()))?.len();
    if size > MAX_RUNTIME_FILE {
        bail!("{}: {size} bytes is too large for a runtime file (limit {MAX_RUNTIME_FILE})", path.display());
    }
    let text =
        std::fs::read_to_string(path).with_context(|| format!("{}: cannot read as UTF-8 text", path.display()))?;
    Ok(audit_runtime(&path.display().to_string(), &text)?)
}

fn render_audit(report: &AuditReport, format: AuditFormat) -> String {
    match format {
        AuditFormat::Text => render::audit_text(report),
        AuditFormat::Json => render::to_json(report) + "\n",
        AuditFormat::Sarif => render::audit_sarif(&[report]) + "\n",
        AuditFormat::Markdown => render::audit_markdown(report),
    }
}

/// `airlock audit FILE`.
pub(crate) fn audit(args: &AuditArgs) -> anyhow::Result<ExitCode> {
    if args.list_rules {
        return commands::print(&render::rules_text());
    }
    let Some(path) = &args.file else { bail!("give a file to audit, or --list-rules") };
    let report =
        if is_image_archive(path)? { audit_image(path, &args.image, None)?.audit } else { audit_runtime_file(path)? };
    commands::print(&render_audit(&report, args.format))?;
    Ok(if args.exit_code && !report.findings.is_empty() { ExitCode::from(2) } else { ExitCode::SUCCESS })
}

/// Today's date (UTC) as `YYYY-MM-DD`.
fn today_utc() -> String {
    let secs = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs());
    let days = i64::try_from(secs / 86_400).unwrap_or(0);
    // Howard Hinnant's civil_from_days.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}")
}

/// `airlock policy IMAGE [--audit FILE]`.
pub(crate) fn policy(args: &PolicyArgs) -> anyhow::Result<ExitCode> {
    let config = match &args.policy_file {
        Some(path) => {
            let text = std::fs::read_to_string(path)
                .with_context(|| format!("{}: cannot read policy file", path.display()))?;
            PolicyConfig::from_toml(&path.display().to_string(), &text)?
        }
        None => PolicyConfig::default(),
    };
    let today = match &args.today {
        Some(t) if policy::days_from_date(t).is_some() && t.len() == 10 => t.clone(),
        Some(t) => bail!("--today {t:?}: expected a date like 2024-06-30"),
        None => today_utc(),
    };
    let runtime = args.audit.as_deref().map(audit_runtime_file).transpose()?;
    let snapshot = db_path::load(&db_path::resolve(args.db.db.as_deref()))?;
    let scanned = audit_image(&args.image, &args.image_options, Some(&snapshot))?;
    let published = airlock::published_dates(&snapshot);
    let kev = airlock::known_exploited(&snapshot);
    let input = PolicyInput {
        report: Some(&scanned.report),
        published: &published,
        known_exploited: kev.as_ref(),
        image_audit: Some(&scanned.audit),
        runtime_audit: runtime.as_ref(),
        today: &today,
    };
    let eval = policy::evaluate(&args.image.display().to_string(), &input, &config);
    let text = match args.format {
        AuditFormat::Text => render::policy_text(&eval),
        AuditFormat::Json => render::to_json(&eval) + "\n",
        AuditFormat::Sarif => render::policy_sarif(&eval) + "\n",
        AuditFormat::Markdown => render::policy_markdown(&eval),
    };
    commands::print(&text)?;
    Ok(if args.exit_code && eval.failed() { ExitCode::from(2) } else { ExitCode::SUCCESS })
}
