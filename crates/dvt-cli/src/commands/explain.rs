//! `dvt explain --select MODEL [--output text|json]`.

use std::process::ExitCode;

use anyhow::Result;
use dvt_core::WarningCollector;
use dvt_planner::plan::{DataFusionPlanner, Planner, explain_text, plan_input};

use super::load;
use crate::args::{Output, ProjectArgs};

pub fn run(p: &ProjectArgs, select: &str, output: Output) -> Result<ExitCode> {
    let lp = load(p)?;
    let resolution = lp.resolve(&WarningCollector::new())?;
    let input = plan_input(&lp, &resolution, select)?;
    let plan = DataFusionPlanner.plan(&input)?;
    match output {
        Output::Json => println!("{}", serde_json::to_string_pretty(&plan)?),
        Output::Text => print!("{}", explain_text(&plan)),
    }
    Ok(ExitCode::SUCCESS)
}
