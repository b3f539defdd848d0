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
    /// Audit a runtime profile (docker inspect JSON, Compose, Kubernetes) or an image's configuration.
    Audit(crate::audit_cmd::AuditArgs),
    /// Evaluate policies on an image (and a runtime file): pass/fail per policy and a health score A–F.
    Policy(crate::audit_cmd::PolicyArgs),
    /// Serve the browser viewer (pkg/, built by `bash www/build.sh`) on 127.0.0.1.
    Serve(crate::serve::ServeArgs),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum Format {
    /// Human-readable text.
    Text,
    /// The airlock.report/v1 JSON document.
    Json,
    /// CycloneDX 1.6 JSON SBOM (`sbom`).
    Cyclonedx,
    /// SPDX 2.3 JSON SBOM (`sbom`).
    Spdx,
    /// SARIF 2.1.0 for code scanning (`cves`).
    Sarif,
    /// Markdown for pull-request comments (`cves`).
    Markdown,
    /// GitLab container-scanning report (`cves`).
    Gitlab,
    /// CycloneDX 1.6 VEX of the findings (`cves`).
    CyclonedxVex,
    /// OpenVEX 0.2.0 of the findings (`cves`).
    Openvex,
}

#[derive(Debug, Args)]
pub(crate) struct DbArg {
    /// Advisory snapshot [default: $AIRLOCK_DB, else $XDG_CACHE_HOME/airlock/airlock.snapshot, else ~/.cache/airlock/airlock.snapshot].
    #[arg(long, value_name = "PATH")]
    pub(crate) db: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub(crate) struct ImageArgs {
    /// Image archive (`docker save` tar or OCI layout tar, optionally gzip-compressed) or SBOM
    /// (SPDX, CycloneDX or syft JSON, or an in-toto attestation holding one).
    pub(crate) image: PathBuf,
    #[command(flatten)]
    pub(crate) db: DbArg,
    /// Platform to scan in a multi-platform image, e.g. linux/arm64.
    #[arg(long)]
    pub(crate) platform: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub(crate) format: Format,
    /// Also report informational advisories (RustSec unmaintained, unsound, notices).
    #[arg(long)]
    pub(crate) include_informational: bool,
    /// SBOM attestations in an OCI layout: scan the attested SBOM instead of the layers (prefer) or ignore them.
    #[arg(long, value_enum, default_value_t = Attestations::Prefer)]
    pub(crate) sbom_attestations: Attestations,
}

/// `--sbom-attestations`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum Attestations {
    /// Use the image's SBOM attestation when there is one.
    Prefer,
    /// Always read the layers.
    Ignore,
}

impl From<Attestations> for airlock::AttestationUse {
    fn from(a: Attestations) -> Self {
        match a {
            Attestations::Prefer => Self::Prefer,
            Attestations::Ignore => Self::Ignore,
        }
    }
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
    /// Only these package types (comma-separated: deb,apk,rpm,python,npm,java-archive,go-module,rust-crate,gem,php-composer,dotnet).
    #[arg(long, value_delimiter = ',')]
    pub(crate) only_package_type: Vec<String>,
    /// Only these vulnerability ids (comma-separated; aliases match too).
    #[arg(long, value_delimiter = ',')]
    pub(crate) only_cve_id: Vec<String>,
    /// Exit with status 2 when vulnerabilities remain after the filters.
    #[arg(long)]
    pub(crate) exit_code: bool,
    /// Only vulnerabilities with a CVSS vector setting these metrics (comma-separated, e.g. AV:N,PR:N).
    #[arg(long, value_delimiter = ',')]
    pub(crate) only_metric: Vec<String>,
    /// VEX document to apply (OpenVEX, CSAF 2.0 VEX or CycloneDX VEX); repeatable.
    #[arg(long, value_name = "FILE")]
    pub(crate) vex: Vec<PathBuf>,
    /// Ignore file (TOML: [[ignore]] id, package, expires, reason); expired entries stop suppressing.
    #[arg(long, value_name = "FILE")]
    pub(crate) ignore_file: Option<PathBuf>,
    /// Also list the findings VEX or the ignore file suppressed.
    #[arg(long)]
    pub(crate) show_suppressed: bool,
}

#[derive(Debug, Args)]
pub(crate) struct SbomArgs {
    /// Image archive or SBOM.
    pub(crate) image: PathBuf,
    /// Platform to scan in a multi-platform image.
    #[arg(long)]
    pub(crate) platform: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub(crate) format: Format,
    /// SBOM attestations in an OCI layout: list the attested SBOM's packages (prefer) or read the layers (ignore).
    #[arg(long, value_enum, default_value_t = Attestations::Prefer)]
    pub(crate) sbom_attestations: Attestations,
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
