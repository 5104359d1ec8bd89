//! `dvt explain --select MODEL [--output text|json]`.

use std::process::ExitCode;

use anyhow::Result;
use dvt_core::WarningCollector;
use dvt_engine::executor::Connectors;
use dvt_engine::runner::catalog_node;
use dvt_planner::plan::{DataFusionPlanner, Planner, explain_text, plan_input};

use super::load;
use crate::args::{Output, ProjectArgs};

pub fn run(p: &ProjectArgs, select: &str, output: Output) -> Result<ExitCode> {
    let lp = load(p)?;
    let resolution = lp.resolve(&WarningCollector::new())?;
    // Source schemas come from the sources' own catalogs, as in `dvt run`.
    let connectors = Connectors::new(lp.profile.clone());
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    rt.block_on(lp.discover(&resolution, select, &connectors))
        .map_err(|e| {
            anyhow::anyhow!("model {select}: reading the schemas of its sources failed: {e}")
        })?;
    let planner = DataFusionPlanner;
    let plan = rt.block_on(async {
        let input = plan_input(&lp, &resolution, select, &planner).await?;
        planner.plan(&input).await
    })?;
    if let Some(m) = lp.project.model(select) {
        let target = lp.profile.output(&plan.target, "model")?;
        let table = lp.model_table(m, &plan.target)?;
        let node = catalog_node(&plan, &table, target.adapter);
        lp.write_catalog_json(&[node])?;
    }
    match output {
        Output::Json => println!("{}", serde_json::to_string_pretty(&plan)?),
        Output::Text => print!("{}", explain_text(&plan)),
    }
    Ok(ExitCode::SUCCESS)
}
