//! Configuration and runtime audit, secret detection and policies.
//!
//! - [`image`]: checks on an image's config, history and layers (default
//!   user, HEALTHCHECK, secrets, `ADD <url>`, setuid/world-writable files
//!   added on top of the base, credential files, SSH exposed), fed by the
//!   same streaming walker as the scan.
//! - [`runtime`]: `docker container inspect` JSON, Compose files and
//!   Kubernetes manifests, auto-detected, checked container by container;
//!   findings point to the file, line and document path.
//! - [`policy`]: built-in policies over a scan report and the audits,
//!   configured from TOML, with a health score A–F.
//! - [`render`]: JSON, SARIF 2.1.0, markdown and text.
//!
//! No filesystem, no clock: callers pass texts, images and "today".

mod error;
mod finding;
pub mod image;
pub mod policy;
pub mod render;
pub mod rules;
pub mod runtime;
pub mod secrets;
mod yaml;

pub use error::AuditError;
pub use finding::{AUDIT_SCHEMA, AuditFinding, AuditReport, InputKind, Location};
pub use rules::{RULES, Rule, Scope};
pub use runtime::audit_runtime;
