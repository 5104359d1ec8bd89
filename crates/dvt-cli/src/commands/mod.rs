//! Command implementations.

mod debug;
mod explain;
mod ls;
mod run;
mod sync;
mod translate;

use std::process::ExitCode;

use anyhow::Result;
use dvt_core::FederationWarning;
use dvt_core::session::{LoadArgs, LoadedProject};

use crate::args::{Cli, Command, ProjectArgs};

/// Run one command.
pub fn run(cli: Cli) -> Result<ExitCode> {
    match cli.command {
        Command::Ls { project, output } => ls::run(&project, output),
        Command::Debug { project, offline } => debug::run(&project, offline),
        Command::Explain {
            project,
            select,
            output,
        } => explain::run(&project, &select, output),
        Command::Translate {
            from,
            to,
            expr,
            coverage,
        } => translate::run(from.as_deref(), to.as_deref(), expr, coverage),
        Command::Run {
            project,
            select,
            compute,
            threads,
        } => run::run(&project, &select, compute, usize::from(threads)),
        Command::Sync {
            project,
            start,
            stop,
            status,
        } => {
            let action = match (start, stop, status) {
                (true, _, _) => sync::Action::Start,
                (_, true, _) => sync::Action::Stop,
                (_, _, true) => sync::Action::Status,
                _ => sync::Action::Install,
            };
            sync::run(&project, action)
        }
    }
}

/// The loader arguments of the common project flags.
pub fn load_args(p: &ProjectArgs) -> Result<LoadArgs> {
    let mut a = LoadArgs::new(&p.project_dir);
    a.profiles_dir = p.profiles_dir.clone();
    a.target = p.target.clone();
    a.manifest = p.manifest.clone();
    if let Some(v) = &p.vars {
        a = a.with_vars_yaml(v)?;
    }
    Ok(a)
}

/// Load the project named by the flags.
pub fn load(p: &ProjectArgs) -> Result<LoadedProject> {
    Ok(LoadedProject::load(&load_args(p)?)?)
}

/// Print warnings on stderr, one per line, code first.
pub fn print_warnings(warnings: &[FederationWarning]) {
    for w in warnings {
        eprintln!("{w}");
    }
}
