//! `dvt debug`: validate every output's configuration and the computes.

use std::collections::BTreeSet;
use std::path::Path;
use std::process::ExitCode;

use anyhow::Result;
use dvt_core::computes::{Compute, Computes};
use dvt_core::jinja::JinjaContext;
use dvt_core::profiles::{
    Adapter, Connection, ProfileOutputs, ServerIdentity, find_profiles_file, read_profile_outputs,
};
use dvt_core::project::{LoadOptions, Project};
use dvt_core::session::LoadArgs;

use super::load_args;
use crate::args::ProjectArgs;

pub fn run(p: &ProjectArgs, offline: bool) -> Result<ExitCode> {
    let args = load_args(p)?.absolute()?;
    let ctx = JinjaContext::new(args.env.clone());
    let options = LoadOptions {
        vars: args.vars.clone(),
    };
    let project = match Project::load(&args.project_dir, &ctx, &options) {
        Ok(pr) => pr,
        Err(e) => {
            println!("project: ERROR {e}");
            return Ok(ExitCode::FAILURE);
        }
    };
    println!(
        "project: {} ({} models, {} sources) in {}",
        project.name,
        project.models.len(),
        project.sources.len(),
        project.root.display()
    );
    let ctx = ctx.with_vars(project.vars.clone());
    let file = find_profiles_file(
        args.profiles_dir.as_deref(),
        &args.project_dir,
        args.env.as_ref(),
    )?;
    println!("profiles: {}", file.display());
    let outputs = read_profile_outputs(&file, &project.profile, &ctx, &args.project_dir)?;
    let default = args.target.clone().or(outputs.default_target.clone());
    let mut ok = check_outputs(&project.profile, default.as_deref(), &outputs);
    ok &= check_computes(&args, file.parent(), &ctx);
    if offline {
        println!("connectivity: not checked (--offline)");
    } else {
        // Outputs a source lives on must exist; a file only written to (a target) is created
        // by the first run.
        let read_from: BTreeSet<String> = project
            .sources
            .values()
            .filter_map(|s| s.connection.clone().or_else(|| default.clone()))
            .collect();
        ok &= check_connections(&outputs, &read_from)?;
    }
    Ok(if ok {
        println!("All checks passed!");
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

/// Prints the profile's target and each output (with its JDBC URL); false when one is invalid.
fn check_outputs(profile: &str, default: Option<&str>, outputs: &ProfileOutputs) -> bool {
    let mut ok = true;
    println!("profile: {profile} (target: {})", default.unwrap_or("-"));
    if let Some(t) = default.filter(|t| !outputs.outputs.contains_key(*t)) {
        ok = false;
        println!("  ERROR target '{t}' is not an output of profile '{profile}'");
    }
    for (name, c) in &outputs.outputs {
        let c = match c {
            Ok(c) => c,
            Err(e) => {
                ok = false;
                println!("  output {name}: ERROR {e}");
                continue;
            }
        };
        let (kind, server) = (c.adapter, c.server_key());
        match dvt_jdbc::jdbc_target(c) {
            Ok(j) => println!(
                "  output {name}: OK  type={kind}  server={server}  jdbc={}",
                j.url
            ),
            // A JDBC URL is needed only for the Spark path; the output itself is valid.
            Err(e) => {
                println!("  output {name}: OK  type={kind}  server={server}  (no JDBC URL: {e})")
            }
        }
    }
    ok
}

/// Prints the computes of `computes.yml` (or the defaults); false when it is invalid.
fn check_computes(args: &LoadArgs, profiles_dir: Option<&Path>, ctx: &JinjaContext) -> bool {
    let cs = match Computes::discover(&args.project_dir, profiles_dir, args.env.as_ref(), ctx) {
        Ok(cs) => cs,
        Err(e) => {
            println!("computes: ERROR {e}");
            return false;
        }
    };
    let src = cs
        .file
        .as_ref()
        .map(|f| f.display().to_string())
        .unwrap_or_else(|| "built-in defaults (no computes.yml)".into());
    println!("computes: {src} (default: {})", cs.default);
    for (name, c) in &cs.computes {
        match c {
            Compute::Spark { remote, master, .. } => println!(
                "  compute {name}: spark {}",
                remote.as_deref().or(master.as_deref()).unwrap_or("-")
            ),
            Compute::Embedded { .. } => println!("  compute {name}: embedded"),
            Compute::Other { kind, .. } => {
                println!("  compute {name}: {kind} (an executor the program registers)")
            }
        }
    }
    true
}

/// Opens and pings every valid output (20 s each); false when one does not answer.
fn check_connections(outputs: &ProfileOutputs, read_from: &BTreeSet<String>) -> Result<bool> {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    let mut ok = true;
    for (name, c) in outputs
        .outputs
        .iter()
        .filter_map(|(n, c)| Some((n, c.as_ref().ok()?)))
    {
        if unwritten_file(c) && !read_from.contains(name) {
            println!(
                "  connection {name}: OK (its file does not exist yet; the first run that writes there creates it)"
            );
            continue;
        }
        let check = async {
            let conn = dvt_connectors::open(c).await?;
            conn.ping().await
        };
        let r = rt.block_on(async {
            tokio::time::timeout(std::time::Duration::from_secs(20), check).await
        });
        match r {
            Ok(Ok(())) => println!("  connection {name}: OK"),
            Ok(Err(e)) => {
                ok = false;
                println!("  connection {name}: ERROR {e}");
            }
            Err(_) => {
                ok = false;
                println!("  connection {name}: ERROR no answer within 20 s");
            }
        }
    }
    Ok(ok)
}

/// A database-file output whose file does not exist yet.
fn unwritten_file(c: &Connection) -> bool {
    Adapter::expect(c.adapter).identity == ServerIdentity::File
        && c.path.as_ref().is_some_and(|p| !p.exists())
}
