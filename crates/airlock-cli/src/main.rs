//! `airlock`: the command-line front end. It parses arguments, opens files,
//! shows progress and maps results to exit codes; everything else is in the
//! core crates.

mod args;
mod audit_cmd;
mod clock;
mod commands;
mod db_path;
mod progress;
mod serve;
mod vex;

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = args::Cli::parse();
    match commands::run(cli) {
        Ok(code) => code,
        Err(err) => {
            // One line: the context chain joined with ": ".
            #[allow(clippy::print_stderr, reason = "the CLI reports errors on stderr")]
            {
                eprintln!("airlock: error: {err:#}");
            }
            ExitCode::from(1)
        }
    }
}
