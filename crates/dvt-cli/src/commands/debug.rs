//! `dvt debug`: validate every output's configuration and the computes.

use std::process::ExitCode;

use anyhow::Result;
use dvt_core::computes::{Compute, Computes};
use dvt_core::jinja::JinjaContext;
use dvt_core::profiles::{find_profiles_file, read_profile_outputs};
use dvt_core::project::{LoadOptions, Project};

use super::load_args;
use crate::args::ProjectArgs;

pub fn run(p: &ProjectArgs, offline: bool) -> Result<ExitCode> {
    let args = load_args(p)?.absolute()?;
    let ctx = JinjaContext::new(args.env.clone());
    let mut ok = true;
    let project = Project::load(
        &args.project_dir,
        &ctx,
        &LoadOptions {
            vars: args.vars.clone(),
        },
    );
    let (profile_name, ctx) = match &project {
        Ok(pr) => {
            println!(
                "project: {} ({} models, {} sources) in {}",
                pr.name,
                pr.models.len(),
                pr.sources.len(),
                pr.root.display()
            );
            (pr.profile.clone(), ctx.with_vars(pr.vars.clone()))
        }
        Err(e) => {
            println!("project: ERROR {e}");
            return Ok(ExitCode::FAILURE);
        }
    };
    let file = find_profiles_file(
        args.profiles_dir.as_deref(),
        &args.project_dir,
        args.env.as_ref(),
    )?;
    println!("profiles: {}", file.display());
    let outputs = read_profile_outputs(&file, &profile_name, &ctx, &args.project_dir)?;
    let default = args.target.clone().or(outputs.default_target.clone());
    println!(
        "profile: {profile_name} (target: {})",
        default.as_deref().unwrap_or("-")
    );
    if let Some(t) = default
        .as_ref()
        .filter(|t| !outputs.outputs.contains_key(*t))
    {
        ok = false;
        println!("  ERROR target '{t}' is not an output of profile '{profile_name}'");
    }
    for (name, c) in &outputs.outputs {
        match c {
            Ok(c) => match dvt_jdbc::jdbc_target(c) {
                Ok(j) => println!(
                    "  output {name}: OK  type={}  server={}  jdbc={}",
                    c.adapter,
                    c.server_key(),
                    j.url
                ),
                Err(e) => {
                    // A JDBC URL is needed only for the Spark path; the output itself is valid.
                    println!(
                        "  output {name}: OK  type={}  server={}  (no JDBC URL: {e})",
                        c.adapter,
                        c.server_key()
                    )
                }
            },
            Err(e) => {
                ok = false;
                println!("  output {name}: ERROR {e}");
            }
        }
    }
    match Computes::discover(&args.project_dir, file.parent(), args.env.as_ref(), &ctx) {
        Ok(cs) => {
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
        }
        Err(e) => {
            ok = false;
            println!("computes: ERROR {e}");
        }
    }
    if offline {
        println!("connectivity: not checked (--offline)");
    } else {
        let rt = tokio::runtime::Builder::new_multi_thread()
            .enable_all()
            .build()?;
        // Outputs a source lives on must exist; a SQLite file only written to (a target) is
        // created by the first run.
        let read_from: std::collections::BTreeSet<String> = project
            .as_ref()
            .map(|pr| {
                pr.sources
                    .values()
                    .filter_map(|s| s.connection.clone().or_else(|| default.clone()))
                    .collect()
            })
            .unwrap_or_default();
        for (name, c) in outputs
            .outputs
            .iter()
            .filter_map(|(n, c)| Some((n, c.as_ref().ok()?)))
        {
            let unwritten = dvt_core::profiles::Adapter::expect(c.adapter).identity
                == dvt_core::profiles::ServerIdentity::File
                && !read_from.contains(name)
                && c.path.as_ref().is_some_and(|p| !p.exists());
            if unwritten {
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
    }
    Ok(if ok {
        println!("All checks passed!");
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}
