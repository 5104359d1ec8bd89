//! `dvt ls`.

use std::process::ExitCode;

use anyhow::Result;
use dvt_core::WarningCollector;
use dvt_core::resolver::Resolution;
use serde::Serialize;

use super::{load, print_warnings};
use crate::args::{Output, ProjectArgs};

/// One entry of `dvt ls --output json` (exactly these keys).
#[derive(Debug, Serialize)]
struct Entry<'a> {
    unique_id: &'a str,
    materialized: &'a str,
    target: &'a str,
    federated: bool,
    upstream: Vec<UpstreamEntry<'a>>,
}

#[derive(Debug, Serialize)]
struct UpstreamEntry<'a> {
    unique_id: &'a str,
    target: &'a str,
}

fn entries(r: &Resolution) -> Vec<Entry<'_>> {
    r.models
        .values()
        .map(|m| Entry {
            unique_id: &m.unique_id,
            // The configured materialization, as `dbt ls` shows it; a coerced one is a DVT001.
            materialized: m.materialized.as_str(),
            target: &m.target,
            federated: m.federated,
            upstream: m
                .upstream
                .iter()
                .map(|u| UpstreamEntry {
                    unique_id: &u.unique_id,
                    target: &u.target,
                })
                .collect(),
        })
        .collect()
}

pub fn run(p: &ProjectArgs, output: Output) -> Result<ExitCode> {
    let lp = load(p)?;
    let warnings = WarningCollector::new();
    let r = lp.resolve(&warnings)?;
    match output {
        Output::Json => println!("{}", serde_json::to_string_pretty(&entries(&r))?),
        Output::Text => {
            for m in r.models.values() {
                let mode = if m.federated { "federated" } else { "direct" };
                let ups = m
                    .upstream
                    .iter()
                    .map(|u| format!("{} ({})", u.unique_id, u.target))
                    .collect::<Vec<_>>()
                    .join(", ");
                println!(
                    "{}  materialized={}  target={}  {mode}  <- {}",
                    m.unique_id,
                    m.materialized,
                    m.target,
                    if ups.is_empty() { "-" } else { &ups }
                );
            }
        }
    }
    print_warnings(&warnings.take());
    Ok(ExitCode::SUCCESS)
}
