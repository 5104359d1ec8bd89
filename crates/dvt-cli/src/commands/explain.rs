//! `dvt explain --select MODEL [--output text|json]`.

use std::process::ExitCode;

use anyhow::Result;
use dvt_core::WarningCollector;
use dvt_engine::ProjectRunner;
use dvt_planner::plan::explain_text;

use super::load;
use crate::args::{Output, ProjectArgs};

pub fn run(p: &ProjectArgs, select: &str, output: Output) -> Result<ExitCode> {
    let lp = load(p)?;
    let resolution = lp.resolve(&WarningCollector::new())?;
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    // Planned as `dvt run` plans it: source schemas from their catalogs, an incremental
    // model's `{{ this }}` and watermarks read on its target.
    let runner = ProjectRunner::new(lp, resolution, None);
    let plan = rt.block_on(runner.plan(select))?;
    runner.write_catalog_json()?;
    match output {
        Output::Json => println!("{}", serde_json::to_string_pretty(&plan)?),
        Output::Text => print!("{}", explain_text(&plan)),
    }
    Ok(ExitCode::SUCCESS)
}
