//! `dvt run`: build the selected models in DAG order, up to `--threads` at once.

use std::io::IsTerminal;
use std::process::ExitCode;
use std::sync::Arc;

use anyhow::Result;
use dvt_core::WarningCollector;
use dvt_core::dag::Dag;
use dvt_engine::ProjectRunner;
use dvt_engine::run::{RunObserver, RunResult, Status, run_models, select};
use indicatif::{ProgressBar, ProgressStyle};

use super::load;
use crate::args::ProjectArgs;

/// dbt-style log lines on stderr, and a progress bar when stderr is a terminal.
struct Log {
    bar: ProgressBar,
    names: std::collections::BTreeMap<String, (String, String)>,
}

impl Log {
    fn line(&self, s: String) {
        if self.bar.is_hidden() {
            eprintln!("{s}");
        } else {
            self.bar.println(s);
        }
    }
}

impl RunObserver for Log {
    fn started(&self, unique_id: &str, index: usize, total: usize) {
        let (name, mat) = self.names.get(unique_id).cloned().unwrap_or_default();
        self.line(format!("{index} of {total} START {mat} model {name} [RUN]"));
        self.bar.set_message(name);
    }

    fn finished(&self, r: &RunResult, index: usize, total: usize) {
        let (name, mat) = self.names.get(&r.unique_id).cloned().unwrap_or_default();
        let line = match r.status {
            Status::Success => format!(
                "{index} of {total} OK created {mat} model {name} ({}) [{} in {:.2}s]",
                r.path, r.message, r.execution_time
            ),
            Status::Error => format!(
                "{index} of {total} ERROR creating {mat} model {name} [ERROR in {:.2}s]\n  {}",
                r.execution_time, r.message
            ),
            Status::Skipped => format!("{index} of {total} SKIP {mat} model {name}: {}", r.message),
        };
        self.line(line);
        for w in &r.warnings {
            self.line(w.to_string());
        }
        self.bar.inc(1);
    }
}

pub fn run(
    p: &ProjectArgs,
    selectors: &[String],
    compute: Option<String>,
    threads: usize,
) -> Result<ExitCode> {
    let lp = load(p)?;
    let warnings = WarningCollector::new();
    let resolution = lp.resolve(&warnings)?;
    let dag = Dag::build(&lp.project)?;
    let selected = select(&lp.project, &dag, selectors)?;
    let names = resolution
        .models
        .values()
        .map(|m| {
            (
                m.unique_id.clone(),
                (
                    m.name.clone(),
                    m.effective_materialized.as_str().to_string(),
                ),
            )
        })
        .collect();
    let bar = if std::io::stderr().is_terminal() {
        let b = ProgressBar::new(selected.len() as u64);
        b.set_style(
            ProgressStyle::with_template("{bar:30} {pos}/{len} models {msg}")
                .unwrap_or_else(|_| ProgressStyle::default_bar()),
        );
        b
    } else {
        ProgressBar::hidden()
    };
    let log = Log { bar, names };
    let project_dir = lp.project.root.clone();
    let args = serde_json::json!({
        "which": "run",
        "select": selectors,
        "compute": compute,
        "threads": threads,
        "target": p.target,
    });
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    let results = rt.block_on(async {
        // `type: spark` computes run on the Spark Connect executor.
        let runner = Arc::new(
            ProjectRunner::new(lp, resolution, compute)
                .with_executor_factory(Arc::new(dvt_spark::SparkExecutorFactory)),
        );
        match runner.recover().await {
            Ok(dropped) => {
                for t in dropped {
                    log.line(format!("dropped staging table {t} left by a crashed run"));
                }
            }
            Err(e) => log.line(format!(
                "warning: could not clean up earlier staging tables: {e}"
            )),
        }
        log.line(format!(
            "Running {} model(s) with {threads} thread(s)",
            selected.len()
        ));
        let results = run_models(&dag, &selected, threads, runner.as_ref(), &log, args).await;
        if let Err(e) = runner.write_catalog_json() {
            log.line(format!("warning: could not write target/catalog.json: {e}"));
        }
        results
    });
    // A Spark Connect call abandoned after its server went away (DVT517) may still be
    // retrying in a blocking thread: do not wait for it.
    rt.shutdown_timeout(std::time::Duration::from_secs(1));
    log.bar.finish_and_clear();
    let path = results.write(&project_dir)?;
    let count = |s: Status| results.results.iter().filter(|r| r.status == s).count();
    eprintln!(
        "Finished running {} model(s) in {:.2}s: {} ok, {} error, {} skipped ({})",
        results.results.len(),
        results.elapsed_time,
        count(Status::Success),
        count(Status::Error),
        count(Status::Skipped),
        path.display()
    );
    Ok(if results.failed() {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}
