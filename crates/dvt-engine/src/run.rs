//! Run orchestration: which models a `--select` picks, the order they run in (waves of the DAG,
//! up to `--threads` at once), skipping the children of a failed model, and dbt's
//! `run_results.json`.
//!
//! How one model is built is not decided here: a [`ModelRunner`] (the embedded executor, Spark,
//! or the direct adapter path) is handed one model at a time.
//!
//! Selection (`--select`, dbt's syntax subset): space-separated terms, their union; a term is a
//! model name or `unique_id`, `+name` (the model and everything upstream), `name+` (the model
//! and everything downstream), `+name+`, or `tag:x`.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::time::Instant;

use futures::StreamExt;
use serde::Serialize;

use dvt_core::dag::Dag;
use dvt_core::discover::now_rfc3339;
use dvt_core::project::Project;
use dvt_core::{CoreError, FederationWarning, Result};

/// The models a `--select` picks, as `unique_id`s in DAG order. An empty selection is every
/// model.
pub fn select(project: &Project, dag: &Dag, terms: &[String]) -> Result<Vec<String>> {
    let terms: Vec<&str> = terms
        .iter()
        .flat_map(|t| t.split_whitespace())
        .filter(|t| !t.is_empty())
        .collect();
    if terms.is_empty() {
        return Ok(dag.order().map(str::to_string).collect());
    }
    let mut picked: BTreeSet<String> = BTreeSet::new();
    for term in terms {
        let (up, rest) = match term.strip_prefix('+') {
            Some(r) => (true, r),
            None => (false, term),
        };
        let (down, name) = match rest.strip_suffix('+') {
            Some(r) => (true, r),
            None => (false, rest),
        };
        let roots: Vec<String> = if let Some(tag) = name.strip_prefix("tag:") {
            project
                .models
                .values()
                .filter(|m| m.config.tags.iter().any(|t| t == tag))
                .map(|m| m.unique_id.clone())
                .collect()
        } else {
            project
                .model(name)
                .map(|m| vec![m.unique_id.clone()])
                .unwrap_or_default()
        };
        if roots.is_empty() {
            return Err(CoreError::Select {
                message: format!(
                    "--select {term} matches no model of project '{}'; models: {}",
                    project.name,
                    project
                        .models
                        .values()
                        .map(|m| m.name.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            });
        }
        for r in roots {
            if up {
                walk(&dag.parents, &r, &mut picked);
            }
            if down {
                walk(&dag.children, &r, &mut picked);
            }
            picked.insert(r);
        }
    }
    Ok(dag
        .order()
        .filter(|id| picked.contains(*id))
        .map(str::to_string)
        .collect())
}

fn walk(edges: &BTreeMap<String, Vec<String>>, from: &str, out: &mut BTreeSet<String>) {
    for n in edges.get(from).into_iter().flatten() {
        if out.insert(n.clone()) {
            walk(edges, n, out);
        }
    }
}

/// How a model's run ended (dbt's statuses).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Built.
    Success,
    /// Failed.
    Error,
    /// Not run because an upstream model failed.
    Skipped,
}

/// One timed step of a model's run (`plan`, `extract`, `transform`, `load`, …).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Step {
    /// The step.
    pub name: String,
    /// Seconds it took.
    pub seconds: f64,
    /// Rows it produced, when counted.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rows: Option<u64>,
    /// Bytes it produced (Arrow memory), when counted.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bytes: Option<u64>,
    /// The rows the plan estimated it would produce (an extract's, from its source's
    /// statistics), beside `rows` read.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub estimated_rows: Option<u64>,
}

/// What a [`ModelRunner`] reports for one model.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ModelOutcome {
    /// Rows written into the target.
    pub rows_affected: u64,
    /// Bytes moved into the target (Arrow memory size), when known.
    pub bytes: Option<u64>,
    /// How the model ran (`federated (embedded)`, `direct on warehouse`, …).
    pub path: String,
    /// The timed steps.
    pub steps: Vec<Step>,
    /// Warnings raised.
    pub warnings: Vec<FederationWarning>,
}

/// Why a model failed: its error's code (`DVT122`) and the coded message, carried into
/// `run_results.json`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ModelFailure {
    /// The error's code.
    pub code: String,
    /// The error's message (starting with or containing the code).
    pub message: String,
}

impl ModelFailure {
    /// A failure with its code and message.
    pub fn new(code: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            code: code.into(),
            message: message.into(),
        }
    }
}

/// Builds one model.
#[async_trait::async_trait]
pub trait ModelRunner: Send + Sync {
    /// Build `unique_id`; an error fails this model (and skips its children).
    async fn run_model(&self, unique_id: &str) -> std::result::Result<ModelOutcome, ModelFailure>;
}

/// One entry of `run_results.json` (dbt's shape plus dvt's `steps`, `rows`, `bytes`).
#[derive(Debug, Clone, Serialize)]
pub struct RunResult {
    /// The model.
    pub unique_id: String,
    /// How it ended.
    pub status: Status,
    /// Seconds.
    pub execution_time: f64,
    /// A line for people (`SELECT 42`, the error, why it was skipped).
    pub message: String,
    /// The error's code when it failed (`DVT122`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    /// dbt's adapter response.
    pub adapter_response: AdapterResponse,
    /// dbt's per-phase timing (empty; dvt's steps are in `steps`).
    pub timing: Vec<serde_json::Value>,
    /// dbt's thread name.
    pub thread_id: String,
    /// dbt's failures count (null for models).
    pub failures: Option<u64>,
    /// How it ran.
    pub path: String,
    /// Timed steps with rows and bytes.
    pub steps: Vec<Step>,
    /// Rows written.
    pub rows: u64,
    /// Bytes written, when known.
    pub bytes: Option<u64>,
    /// Warnings raised.
    pub warnings: Vec<FederationWarning>,
}

impl RunResult {
    /// How `unique_id` ended, with nothing written (the caller fills in what was).
    fn ended(
        unique_id: &str,
        status: Status,
        execution_time: f64,
        message: String,
        thread_id: String,
    ) -> Self {
        Self {
            unique_id: unique_id.to_string(),
            status,
            execution_time,
            message,
            code: None,
            adapter_response: AdapterResponse {
                message: String::new(),
                rows_affected: 0,
            },
            timing: vec![],
            thread_id,
            failures: None,
            path: String::new(),
            steps: vec![],
            rows: 0,
            bytes: None,
            warnings: vec![],
        }
    }
}

/// dbt's `adapter_response`.
#[derive(Debug, Clone, Serialize)]
pub struct AdapterResponse {
    /// `SELECT n` style message.
    #[serde(rename = "_message")]
    pub message: String,
    /// Rows written.
    pub rows_affected: u64,
}

/// The results of a run.
#[derive(Debug, Clone, Serialize)]
pub struct RunResults {
    /// dbt's metadata block.
    pub metadata: serde_json::Value,
    /// One entry per selected model.
    pub results: Vec<RunResult>,
    /// Seconds for the whole run.
    pub elapsed_time: f64,
    /// The invocation's arguments.
    pub args: serde_json::Value,
}

impl RunResults {
    /// Whether any model failed.
    pub fn failed(&self) -> bool {
        self.results.iter().any(|r| r.status == Status::Error)
    }

    /// Write `target/run_results.json` under `project_dir`.
    pub fn write(&self, project_dir: &Path) -> Result<std::path::PathBuf> {
        let dir = project_dir.join("target");
        std::fs::create_dir_all(&dir).map_err(|e| CoreError::io(&dir, e))?;
        let path = dir.join("run_results.json");
        let text = serde_json::to_string_pretty(self).unwrap_or_default();
        std::fs::write(&path, text).map_err(|e| CoreError::io(&path, e))?;
        Ok(path)
    }
}

/// Called as models start and finish (log lines, progress bars).
pub trait RunObserver: Send + Sync {
    /// A model starts (`index` counts from 1 of `total`).
    fn started(&self, _unique_id: &str, _index: usize, _total: usize) {}
    /// A model ended.
    fn finished(&self, _result: &RunResult, _index: usize, _total: usize) {}
}

/// An observer that does nothing.
#[derive(Debug, Default)]
pub struct Quiet;
impl RunObserver for Quiet {}

/// Run `selected` (DAG order) wave by wave, up to `threads` at once; a model whose upstream
/// failed or was skipped is skipped.
pub async fn run_models(
    dag: &Dag,
    selected: &[String],
    threads: usize,
    runner: &dyn ModelRunner,
    observer: &dyn RunObserver,
    args: serde_json::Value,
) -> RunResults {
    let start = Instant::now();
    let total = selected.len();
    let chosen: BTreeSet<&str> = selected.iter().map(String::as_str).collect();
    let mut results: BTreeMap<String, RunResult> = BTreeMap::new();
    let mut bad: BTreeSet<String> = BTreeSet::new();
    let mut index = 0usize;
    for wave in &dag.waves {
        let wave: Vec<&String> = wave
            .iter()
            .filter(|m| chosen.contains(m.as_str()))
            .collect();
        let mut todo = Vec::new();
        for m in wave {
            index += 1;
            let failed_parent = dag
                .parents
                .get(m.as_str())
                .into_iter()
                .flatten()
                .find(|p| bad.contains(p.as_str()));
            if let Some(p) = failed_parent {
                let r = RunResult::ended(
                    m,
                    Status::Skipped,
                    0.0,
                    format!("skipped because upstream {p} did not build"),
                    "Thread-0".into(),
                );
                observer.finished(&r, index, total);
                bad.insert(m.clone());
                results.insert(m.clone(), r);
            } else {
                todo.push((m.clone(), index));
            }
        }
        let mut runs = futures::stream::iter(todo.into_iter().enumerate().map(
            |(slot, (m, i))| async move {
                observer.started(&m, i, total);
                let t = Instant::now();
                let out = runner.run_model(&m).await;
                let secs = t.elapsed().as_secs_f64();
                let thread_id = format!("Thread-{}", slot % threads.max(1) + 1);
                let r = match out {
                    Ok(o) => {
                        let message = format!("SELECT {}", o.rows_affected);
                        let mut r =
                            RunResult::ended(&m, Status::Success, secs, message.clone(), thread_id);
                        r.adapter_response = AdapterResponse {
                            message,
                            rows_affected: o.rows_affected,
                        };
                        (r.path, r.steps, r.rows, r.bytes, r.warnings) =
                            (o.path, o.steps, o.rows_affected, o.bytes, o.warnings);
                        r
                    }
                    Err(failure) => {
                        let mut r =
                            RunResult::ended(&m, Status::Error, secs, failure.message, thread_id);
                        r.code = Some(failure.code);
                        r
                    }
                };
                observer.finished(&r, i, total);
                r
            },
        ))
        .buffer_unordered(threads.max(1));
        while let Some(r) = runs.next().await {
            if r.status != Status::Success {
                bad.insert(r.unique_id.clone());
            }
            results.insert(r.unique_id.clone(), r);
        }
    }
    let results = selected.iter().filter_map(|m| results.remove(m)).collect();
    RunResults {
        metadata: serde_json::json!({
            "dbt_schema_version": "https://schemas.getdbt.com/dbt/run-results/v6.json",
            "dbt_version": "dvt-rs",
            "generated_at": now_rfc3339(),
            "invocation_id": dvt_io::load::new_run_id(),
        }),
        results,
        elapsed_time: start.elapsed().as_secs_f64(),
        args,
    }
}
