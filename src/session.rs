//! The front door: open a dbt project once, then plan, explain, run or query its models —
//! in the spirit of DataFusion's `SessionContext`.
//!
//! ```no_run
//! use dvt::prelude::*;
//!
//! # async fn demo() -> Result<(), dvt::Error> {
//! let session = Session::open(OpenOptions::new("path/to/dbt_project"))?;
//! let plan = session.plan("customer_revenue").await?; // inspect it, serialize it…
//! println!("{}", session.explain("customer_revenue").await?);
//! session.run_plan(plan).await?; // …and run the plan you hold
//! let results = session.run(RunOptions::default()).await?; // or the whole DAG
//! assert!(!results.failed());
//! # Ok(()) }
//! ```
//!
//! Every warning of every stage (the resolver's DVT001, planning's DVT002–DVT009, the
//! executors' DVT005/DVT008) is in [`Session::warnings`]; every error is one [`Error`] whose
//! [`Error::code`] is the DVT code.

use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use dvt_core::dag::Dag;
use dvt_core::env::{MapEnv, SharedEnv};
use dvt_core::session::{LoadArgs, LoadedProject};
use dvt_core::{CoreError, FederationWarning, WarningCollector};
use dvt_engine::run::{Quiet, RunObserver, RunResults, run_models, select};
use dvt_engine::{ExecError, ExecutorFactory, ModelRun, ProjectRunner};
use dvt_io::connector::SchemaStream;
use dvt_planner::plan::explain_text;
use dvt_planner::{FederationPlan, Planner};

/// Everything a session can fail with: the project's (DVT1xx), planning's (DVT3xx) or
/// execution's (DVT5xx, and the databases' DVT12x) coded errors.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Loading or resolving the project.
    #[error(transparent)]
    Core(#[from] CoreError),
    /// Planning or running a model.
    #[error(transparent)]
    Exec(Box<ExecError>),
}

impl From<ExecError> for Error {
    fn from(e: ExecError) -> Self {
        Self::Exec(Box::new(e))
    }
}

impl Error {
    /// The DVT code, e.g. `DVT116`.
    pub fn code(&self) -> &'static str {
        match self {
            Self::Core(e) => e.code(),
            Self::Exec(e) => e.code(),
        }
    }
}

/// What to open: the project and the flags `dvt` takes.
#[derive(Debug, Clone)]
pub struct OpenOptions {
    args: LoadArgs,
    compute: Option<String>,
    executors: Vec<Arc<dyn ExecutorFactory>>,
    planner: Option<Arc<dyn Planner>>,
}

impl OpenOptions {
    /// The dbt project in `project_dir`, with the process environment (profiles found as dbt
    /// finds them).
    pub fn new(project_dir: impl Into<PathBuf>) -> Self {
        Self {
            args: LoadArgs::new(project_dir),
            compute: None,
            executors: Vec::new(),
            planner: None,
        }
    }

    /// `--profiles-dir`.
    pub fn profiles_dir(mut self, dir: impl Into<PathBuf>) -> Self {
        self.args.profiles_dir = Some(dir.into());
        self
    }

    /// `--target`.
    pub fn target(mut self, target: impl Into<String>) -> Self {
        self.args.target = Some(target.into());
        self
    }

    /// `--vars`: a project var.
    pub fn var(mut self, name: impl Into<String>, value: serde_json::Value) -> Self {
        self.args.vars.insert(name.into(), value);
        self
    }

    /// `--compute`: the compute of computes.yml that runs federated models.
    pub fn compute(mut self, compute: impl Into<String>) -> Self {
        self.compute = Some(compute.into());
        self
    }

    /// Run the computes of computes.yml whose `type:` is `factory.kind()` on the executors it
    /// makes (a type of your own, or your own `spark`).
    pub fn executor(mut self, factory: Arc<dyn ExecutorFactory>) -> Self {
        self.executors.push(factory);
        self
    }

    /// Plan the models with `planner` (for instance one that wraps the default
    /// [`DataFusionPlanner`](dvt_planner::DataFusionPlanner) to check or log each plan).
    pub fn planner(mut self, planner: Arc<dyn Planner>) -> Self {
        self.planner = Some(planner);
        self
    }

    /// Render `env_var()` from these variables instead of the process environment.
    pub fn env_vars<K: Into<String>, V: Into<String>>(
        mut self,
        vars: impl IntoIterator<Item = (K, V)>,
    ) -> Self {
        self.args.env = Arc::new(MapEnv::new(vars));
        self
    }

    /// Render `env_var()` from this environment.
    pub fn env(mut self, env: SharedEnv) -> Self {
        self.args.env = env;
        self
    }
}

impl Default for OpenOptions {
    /// The project in the current directory.
    fn default() -> Self {
        Self::new(".")
    }
}

/// How [`Session::run`] runs.
#[derive(Clone)]
pub struct RunOptions {
    /// `--select` terms (names, `+model`, `model+`, `tag:x`); empty: every model.
    pub select: Vec<String>,
    /// Models built at once (at least 1).
    pub threads: usize,
    /// Write `target/run_results.json` and `target/catalog.json`, as `dvt run` does.
    pub write_artifacts: bool,
    /// Told as each model starts and ends (log lines, progress bars).
    pub observer: Arc<dyn RunObserver>,
}

impl Default for RunOptions {
    fn default() -> Self {
        Self {
            select: Vec::new(),
            threads: 4,
            write_artifacts: true,
            observer: Arc::new(Quiet),
        }
    }
}

impl std::fmt::Debug for RunOptions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RunOptions")
            .field("select", &self.select)
            .field("threads", &self.threads)
            .field("write_artifacts", &self.write_artifacts)
            .finish_non_exhaustive()
    }
}

/// An opened project: see the [module documentation](self).
#[derive(Debug)]
pub struct Session {
    runner: ProjectRunner,
    project: LoadedProject,
    dag: Dag,
    warnings: Mutex<Vec<FederationWarning>>,
}

impl Session {
    /// Load, resolve and check the project (its profile, computes and model DAG).
    pub fn open(options: OpenOptions) -> Result<Self, Error> {
        let project = LoadedProject::load(&options.args)?;
        let collector = WarningCollector::new();
        let resolution = project.resolve(&collector)?;
        let dag = Dag::build(&project.project)?;
        let mut runner = options.executors.into_iter().fold(
            crate::runner(project.clone(), resolution, options.compute),
            |r, f| r.with_executor_factory(f),
        );
        if let Some(p) = options.planner {
            runner = runner.with_planner(p);
        }
        Ok(Self {
            runner,
            project,
            dag,
            warnings: Mutex::new(collector.take()),
        })
    }

    /// The models' names, in DAG order.
    pub fn models(&self) -> Vec<String> {
        self.dag
            .order()
            .filter_map(|id| self.project.project.models.get(id))
            .map(|m| m.name.clone())
            .collect()
    }

    /// The loaded project (its models, sources, profile and computes).
    pub fn project(&self) -> &LoadedProject {
        &self.project
    }

    /// The runner underneath, for what the session does not wrap.
    pub fn runner(&self) -> &ProjectRunner {
        &self.runner
    }

    /// Plan a model (its sources' schemas are read from their catalogs first).
    pub async fn plan(&self, model: &str) -> Result<FederationPlan, Error> {
        let plan = self.runner.plan(model).await?;
        self.note(&plan.warnings);
        Ok(plan)
    }

    /// The EXPLAIN text of a model's plan.
    pub async fn explain(&self, model: &str) -> Result<String, Error> {
        Ok(explain_text(&self.plan(model).await?))
    }

    /// Build one model from a plan the caller holds (from [`Session::plan`]).
    pub async fn run_plan(&self, plan: FederationPlan) -> Result<ModelRun, Error> {
        let run = self.runner.run_plan(plan).await?;
        self.note(&run.outcome.warnings);
        Ok(run)
    }

    /// A model's rows as an Arrow stream, loaded nowhere.
    pub async fn query(&self, model: &str) -> Result<SchemaStream, Error> {
        let plan = self.plan(model).await?;
        Ok(self.runner.query_plan(&plan).await?)
    }

    /// Build the selected models in DAG order (a model whose upstream failed is skipped);
    /// failures are in the results, with their codes.
    pub async fn run(&self, options: RunOptions) -> Result<RunResults, Error> {
        let selected = select(&self.project.project, &self.dag, &options.select)?;
        self.runner.recover().await?;
        let args = serde_json::json!({"which": "run", "select": options.select, "threads": options.threads});
        let results = run_models(
            &self.dag,
            &selected,
            options.threads.max(1),
            &self.runner,
            options.observer.as_ref(),
            args,
        )
        .await;
        for r in &results.results {
            self.note(&r.warnings);
        }
        if options.write_artifacts {
            results.write(&self.project.project.root)?;
            self.runner.write_catalog_json()?;
        }
        Ok(results)
    }

    /// Every warning so far, of every stage, each once.
    pub fn warnings(&self) -> Vec<FederationWarning> {
        self.warnings.lock().map(|w| w.clone()).unwrap_or_default()
    }

    fn note(&self, new: &[FederationWarning]) {
        if let Ok(mut w) = self.warnings.lock() {
            for x in new {
                if !w.contains(x) {
                    w.push(x.clone());
                }
            }
        }
    }
}
