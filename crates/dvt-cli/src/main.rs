//! The `dvt` command-line interface: a thin layer over the dvt-rs crates.
//!
//! Every command prints its result on stdout, warnings on stderr (one per line, starting with
//! the code) and exits non-zero on error with a coded message (`error: DVT1xx: …`).

mod args;
mod commands;

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = args::Cli::parse();
    init_tracing(cli.log_level.as_deref());
    match commands::run(cli) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

/// Logs go to stderr. Federation warnings are printed by the commands themselves (one line each),
/// so their tracing events are not printed a second time.
fn init_tracing(level: Option<&str>) {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| {
        tracing_subscriber::EnvFilter::new(format!(
            "{},dvt_core::warning=off",
            level.unwrap_or("warn")
        ))
    });
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_target(false)
        .init();
}
