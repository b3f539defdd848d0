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
        Command::Serve(args) => crate::serve::serve(&args),
    }
}

fn print(text: &str) -> anyhow::Result<ExitCode> {
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        // A closed pipe (`airlock cves … | head`) is not an error.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(ExitCode::SUCCESS),
        other => other.map(|()| ExitCode::SUCCESS).context("writing to stdout"),
    }
}

fn scan_options(image: &Path, platform: Option<&str>) -> anyhow::Result<ScanOptions> {
    let platform = platform.map(str::parse::<Platform>).transpose().map_err(|e| anyhow!(e))?;
    Ok(ScanOptions { platform, source: Some(image.display().to_string()) })
}

fn open_image(path: &Path) -> anyhow::Result<BufReader<File>> {
    let file = File::open(path).with_context(|| format!("{}: cannot open image", path.display()))?;
    Ok(BufReader::with_capacity(1 << 18, file))
}

fn scan(args: &ImageArgs) -> anyhow::Result<Report> {
    let snapshot = db_path::load(&db_path::resolve(args.db.db.as_deref()))?;
    scan_with(&args.image, args.platform.as_deref(), &snapshot)
}

fn scan_with(image: &Path, platform: Option<&str>, snapshot: &Snapshot) -> anyhow::Result<Report> {
    let options = scan_options(image, platform)?;
    let mut progress = ProgressLine::new();
    let result = airlock::scan_image(open_image(image)?, snapshot, &options, &mut |p| progress.update(p));
    progress.finish();
    result.with_context(|| image.display().to_string())
}

fn quickview(args: &ImageArgs) -> anyhow::Result<ExitCode> {
    let report = scan(args)?;
    print(&render(&report, args.format, airlock_report::render_quickview))
}

fn cves(args: &CvesArgs) -> anyhow::Result<ExitCode> {
    let filter = cve_filter(args)?;
    let report = scan(&args.image)?.filtered(&filter);
    print(&render(&report, args.image.format, airlock_report::render_cves))?;
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
        .map(|t| match t.to_ascii_lowercase().as_str() {
            "deb" => Ok(airlock_types::PackageType::Deb),
            "apk" => Ok(airlock_types::PackageType::Apk),
            _ => bail!("--only-package-type {t:?}: expected deb or apk"),
        })
        .collect::<anyhow::Result<_>>()?;
    Ok(CveFilter {
        severities,
        only_fixed: args.only_fixed,
        only_unfixed: args.only_unfixed,
        package_types,
        cve_ids: args.only_cve_id.clone(),
    })
}

fn sbom(args: &SbomArgs) -> anyhow::Result<ExitCode> {
    let options = scan_options(&args.image, args.platform.as_deref())?;
    let mut progress = ProgressLine::new();
    let scanned = airlock::catalog_image(open_image(&args.image)?, &options, &mut |p| progress.update(p));
    progress.finish();
    let scanned = scanned.with_context(|| args.image.display().to_string())?;
    let report = airlock::report(&scanned, None, &options);
    print(&render(&report, args.format, airlock_report::render_sbom))
}

fn render(report: &Report, format: Format, text: fn(&Report, &mut String)) -> String {
    match format {
        Format::Json => {
            let mut s = airlock_report::to_json(report);
            s.push('\n');
            s
        }
        Format::Text => {
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
    let report = scan_with(&image, None, &snapshot)?;
    print(&render(&report, Format::Text, airlock_report::render_quickview))
}
