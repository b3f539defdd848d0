//! Subcommand implementations: open files, call the core, print, exit.

use std::fs::File;
use std::io::{BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use airlock::{CveFilter, Platform, Report, ScanOptions, Snapshot};
use anyhow::{Context, anyhow, bail};

use crate::args::{Cli, Command, CvesArgs, DbCommand, DemoArgs, Format, ImageArgs, SbomArgs};
use crate::db_path;
use crate::progress::ProgressLine;

/// Runs a parsed command line and returns the exit code.
pub(crate) fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    match cli.command {
        Command::Quickview(args) => quickview(&args),
        Command::Cves(args) => cves(&args),
        Command::Sbom(args) => sbom(&args),
        Command::Db(DbCommand::Build { from, out }) => db_build(&from, &db_path::resolve(out.as_deref())),
        Command::Db(DbCommand::Info(db)) => db_info(&db_path::resolve(db.db.as_deref())),
        Command::Demo(args) => demo(&args),
        Command::Audit(args) => crate::audit_cmd::audit(&args),
        Command::Policy(args) => crate::audit_cmd::policy(&args),
        Command::Serve(args) => crate::serve::serve(&args),
    }
}

pub(crate) fn print(text: &str) -> anyhow::Result<ExitCode> {
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        // A closed pipe (`airlock cves … | head`) is not an error.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(ExitCode::SUCCESS),
        other => other.map(|()| ExitCode::SUCCESS).context("writing to stdout"),
    }
}

fn scan_options(image: &Path, platform: Option<&str>) -> anyhow::Result<ScanOptions> {
    let platform = platform.map(str::parse::<Platform>).transpose().map_err(|e| anyhow!(e))?;
    Ok(ScanOptions { platform, source: Some(image.display().to_string()), ..ScanOptions::default() })
}

fn open_image(path: &Path) -> anyhow::Result<BufReader<File>> {
    let file = File::open(path).with_context(|| format!("{}: cannot open image", path.display()))?;
    Ok(BufReader::with_capacity(1 << 18, file))
}

fn scan(args: &ImageArgs) -> anyhow::Result<Report> {
    let snapshot = db_path::load(&db_path::resolve(args.db.db.as_deref()))?;
    let mut options = scan_options(&args.image, args.platform.as_deref())?;
    options.sbom_attestations = args.sbom_attestations.into();
    scan_with(&args.image, options, &snapshot)
}

fn scan_with(image: &Path, options: ScanOptions, snapshot: &Snapshot) -> anyhow::Result<Report> {
    let mut progress = ProgressLine::new();
    let result = airlock::scan_input(open_image(image)?, snapshot, &options, &mut |p| progress.update(p));
    progress.finish();
    result.with_context(|| image.display().to_string())
}

fn quickview(args: &ImageArgs) -> anyhow::Result<ExitCode> {
    only_formats(args.format, &[Format::Text, Format::Json], "quickview")?;
    let report = scan(args)?;
    print(&render(&report, args.format, airlock_report::render_quickview))
}

fn cves(args: &CvesArgs) -> anyhow::Result<ExitCode> {
    let format = args.image.format;
    only_formats(
        format,
        &[
            Format::Text,
            Format::Json,
            Format::Sarif,
            Format::Markdown,
            Format::Gitlab,
            Format::CyclonedxVex,
            Format::Openvex,
        ],
        "cves",
    )?;
    let filter = cve_filter(args)?;
    let statements = crate::vex::load(&args.vex, args.ignore_file.as_ref())?;
    let mut report = scan(&args.image)?;
    crate::vex::apply(&mut report, &statements);
    let mut report = report.filtered(&filter);
    let hidden = report.suppressed.len();
    if !args.show_suppressed && matches!(format, Format::Text | Format::Markdown) {
        report.suppressed.clear();
    }
    let meta = airlock_report::DocumentMeta::new(crate::clock::now_rfc3339());
    let text = match format {
        Format::Sarif => airlock_report::render_sarif(&report, &meta),
        Format::Gitlab => airlock_report::render_gitlab(&report, &meta),
        Format::CyclonedxVex => airlock_report::render_cyclonedx_vex(&report, &meta),
        Format::Openvex => match airlock_report::render_openvex(&report, &meta) {
            Some(doc) => doc,
            None => {
                #[allow(clippy::print_stderr, reason = "explains the empty output")]
                {
                    eprintln!("airlock: no findings, so no OpenVEX document (it needs at least one statement)");
                }
                String::new()
            }
        },
        Format::Markdown => {
            let mut s = String::new();
            airlock_report::render_markdown(&report, &mut s);
            s
        }
        Format::Text => {
            let mut s = String::new();
            airlock_report::render_cves(&report, &mut s);
            if args.show_suppressed {
                airlock_report::render_suppressed(&report, &mut s);
            } else if hidden > 0 {
                s.push_str(&format!(
                    "\n{hidden} finding(s) suppressed by VEX or the ignore file (--show-suppressed lists them)\n"
                ));
            }
            s
        }
        _ => render(&report, format, airlock_report::render_cves),
    };
    print(&text)?;
    Ok(if args.exit_code && !report.findings.is_empty() { ExitCode::from(2) } else { ExitCode::SUCCESS })
}

fn cve_filter(args: &CvesArgs) -> anyhow::Result<CveFilter> {
    let severities = args
        .only_severity
        .iter()
        .map(|s| {
            airlock_types::Severity::parse(s)
                .ok_or_else(|| anyhow!("--only-severity {s:?}: expected critical, high, medium, low or unspecified"))
        })
        .collect::<anyhow::Result<_>>()?;
    let package_types = args
        .only_package_type
        .iter()
        .map(|t| {
            let wanted = t.to_ascii_lowercase();
            airlock_types::PackageType::ALL.into_iter().find(|p| p.as_str() == wanted).ok_or_else(|| {
                let known: Vec<&str> = airlock_types::PackageType::ALL.iter().map(|p| p.as_str()).collect();
                anyhow!("--only-package-type {t:?}: expected one of {}", known.join(", "))
            })
        })
        .collect::<anyhow::Result<_>>()?;
    Ok(CveFilter {
        severities,
        only_fixed: args.only_fixed,
        only_unfixed: args.only_unfixed,
        package_types,
        cve_ids: args.only_cve_id.clone(),
        metrics: args.only_metric.clone(),
    })
}

/// Rejects an output format the command does not write.
fn only_formats(format: Format, allowed: &[Format], command: &str) -> anyhow::Result<()> {
    if allowed.contains(&format) {
        return Ok(());
    }
    let names: Vec<String> =
        allowed.iter().filter_map(|f| clap::ValueEnum::to_possible_value(f).map(|v| v.get_name().to_owned())).collect();
    bail!("{command} does not write --format {format:?}; expected one of: {}", names.join(", "))
}

fn sbom(args: &SbomArgs) -> anyhow::Result<ExitCode> {
    only_formats(args.format, &[Format::Text, Format::Json, Format::Cyclonedx, Format::Spdx], "sbom")?;
    let mut options = scan_options(&args.image, args.platform.as_deref())?;
    options.sbom_attestations = args.sbom_attestations.into();
    let mut progress = ProgressLine::new();
    let report = airlock::catalog_input(open_image(&args.image)?, &options, &mut |p| progress.update(p));
    progress.finish();
    let report = report.with_context(|| args.image.display().to_string())?;
    let meta = airlock_report::DocumentMeta::new(crate::clock::now_rfc3339());
    match args.format {
        Format::Cyclonedx => print(&airlock_report::render_cyclonedx(&report, &meta)),
        Format::Spdx => print(&airlock_report::render_spdx(&report, &meta)),
        other => print(&render(&report, other, airlock_report::render_sbom)),
    }
}

fn render(report: &Report, format: Format, text: fn(&Report, &mut String)) -> String {
    match format {
        Format::Json => {
            let mut s = airlock_report::to_json(report);
            s.push('\n');
            s
        }
        _ => {
            let mut s = String::new();
            text(report, &mut s);
            s
        }
    }
}

fn db_build(from: &Path, out: &Path) -> anyhow::Result<ExitCode> {
    let started = Instant::now();
    let mut progress = ProgressLine::new();
    let outcome = airlock_db::build::build_snapshot(from, &mut |msg| progress.status(msg));
    progress.finish();
    let outcome = outcome.with_context(|| format!("building a snapshot from {}", from.display()))?;
    let bytes = outcome.snapshot.to_bytes();
    if let Some(dir) = out.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).with_context(|| format!("{}: cannot create folder", dir.display()))?;
    }
    std::fs::write(out, &bytes).with_context(|| format!("{}: cannot write snapshot", out.display()))?;
    let summary = format!(
        "{}\nwrote {} ({:.1} MiB) in {:.1} s\n",
        outcome.summary,
        out.display(),
        bytes.len() as f64 / (1024.0 * 1024.0),
        started.elapsed().as_secs_f64()
    );
    // The build summary goes to stderr so stdout stays clean for scripts.
    #[allow(clippy::print_stderr, reason = "the build summary is a diagnostic")]
    {
        eprint!("{summary}");
    }
    Ok(ExitCode::SUCCESS)
}

fn db_info(path: &Path) -> anyhow::Result<ExitCode> {
    let started = Instant::now();
    let snapshot = db_path::load(path)?;
    let load_ms = started.elapsed().as_secs_f64() * 1000.0;
    let size = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
    print(&format!(
        "snapshot {}\nsize {:.1} MiB ({size} bytes), loaded in {load_ms:.0} ms\n{}",
        path.display(),
        size as f64 / (1024.0 * 1024.0),
        snapshot.info()
    ))
}

fn demo(args: &DemoArgs) -> anyhow::Result<ExitCode> {
    let shared = args
        .shared
        .clone()
        .or_else(|| std::env::var_os("AIRLOCK_SHARED").map(PathBuf::from))
        .unwrap_or_else(|| PathBuf::from("../shared"));
    let advisories = shared.join("advisories");
    let image = shared.join("fixtures/images/debian-bookworm-minbase.oci.tar");
    if !image.is_file() {
        bail!("{}: demo image not found; pass --shared <folder with fixtures/ and advisories/>", image.display());
    }
    let db = db_path::resolve(args.db.db.as_deref());
    if !db.is_file() {
        #[allow(clippy::print_stderr, reason = "tells the user why the first run takes longer")]
        {
            eprintln!("airlock: no snapshot at {}; building it from {}", db.display(), advisories.display());
        }
        db_build(&advisories, &db)?;
    }
    let snapshot = db_path::load(&db)?;
    let report = scan_with(&image, scan_options(&image, None)?, &snapshot)?;
    print(&render(&report, Format::Text, airlock_report::render_quickview))
}
