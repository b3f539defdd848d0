//! Command-line arguments.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// Container-image vulnerability scanner that never uploads the image.
#[derive(Debug, Parser)]
#[command(name = "airlock", version, about)]
pub(crate) struct Cli {
    #[command(subcommand)]
    pub(crate) command: Command,
}

#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Vulnerability counts for an image, laid out like `docker scout quickview`.
    Quickview(ImageArgs),
    /// Vulnerabilities grouped by package, with filters.
    Cves(CvesArgs),
    /// The packages found in an image.
    Sbom(SbomArgs),
    /// Build or inspect the advisory snapshot.
    #[command(subcommand)]
    Db(DbCommand),
    /// Build the snapshot from ../shared/advisories if missing, then run quickview on the demo image.
    Demo(DemoArgs),
    /// Serve the browser viewer (pkg/, built by `bash www/build.sh`) on 127.0.0.1.
    Serve(crate::serve::ServeArgs),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum Format {
    /// Human-readable text.
    Text,
    /// The airlock.report/v1 JSON document.
    Json,
}

#[derive(Debug, Args)]
pub(crate) struct DbArg {
    /// Advisory snapshot [default: $AIRLOCK_DB, else $XDG_CACHE_HOME/airlock/airlock.snapshot, else ~/.cache/airlock/airlock.snapshot].
    #[arg(long, value_name = "PATH")]
    pub(crate) db: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub(crate) struct ImageArgs {
    /// Image archive: `docker save` tar or OCI layout tar (optionally gzip-compressed).
    pub(crate) image: PathBuf,
    #[command(flatten)]
    pub(crate) db: DbArg,
    /// Platform to scan in a multi-platform image, e.g. linux/arm64.
    #[arg(long)]
    pub(crate) platform: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub(crate) format: Format,
}

#[derive(Debug, Args)]
pub(crate) struct CvesArgs {
    #[command(flatten)]
    pub(crate) image: ImageArgs,
    /// Only these severities (comma-separated: critical,high,medium,low,unspecified).
    #[arg(long, value_delimiter = ',')]
    pub(crate) only_severity: Vec<String>,
    /// Only vulnerabilities with a fix available.
    #[arg(long, conflicts_with = "only_unfixed")]
    pub(crate) only_fixed: bool,
    /// Only vulnerabilities without a fix.
    #[arg(long)]
    pub(crate) only_unfixed: bool,
    /// Only these package types (comma-separated: deb,apk).
    #[arg(long, value_delimiter = ',')]
    pub(crate) only_package_type: Vec<String>,
    /// Only these vulnerability ids (comma-separated; aliases match too).
    #[arg(long, value_delimiter = ',')]
    pub(crate) only_cve_id: Vec<String>,
    /// Exit with status 2 when vulnerabilities remain after the filters.
    #[arg(long)]
    pub(crate) exit_code: bool,
}

#[derive(Debug, Args)]
pub(crate) struct SbomArgs {
    /// Image archive.
    pub(crate) image: PathBuf,
    /// Platform to scan in a multi-platform image.
    #[arg(long)]
    pub(crate) platform: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub(crate) format: Format,
}

#[derive(Debug, Subcommand)]
pub(crate) enum DbCommand {
    /// Build a snapshot from advisory archives (*.tar.zst), read in place.
    Build {
        /// Folder with the advisory archives (e.g. ../shared/advisories).
        #[arg(long)]
        from: PathBuf,
        /// Where to write the snapshot [default: the default --db location].
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Counts per ecosystem, size and sources of a snapshot.
    Info(DbArg),
}

#[derive(Debug, Args)]
pub(crate) struct DemoArgs {
    /// The shared data folder [default: $AIRLOCK_SHARED, else ../shared].
    #[arg(long)]
    pub(crate) shared: Option<PathBuf>,
    #[command(flatten)]
    pub(crate) db: DbArg,
}
