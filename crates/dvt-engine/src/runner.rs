//! One model end to end, and the [`ModelRunner`] `dvt run` drives.
//!
//! 1. plan ([`dvt_planner::plan`]);
//! 2. **direct path** when the whole query lives on the target's server: the target runs it
//!    itself (`CREATE TABLE dvt_stg_… AS <query>` then the atomic swap, or `CREATE VIEW`), as
//!    dbt's adapter would;
//! 3. **federation path** otherwise: the compute chosen by `--compute`, else `computes.yml`'s
//!    default, runs the plan and its rows are loaded atomically into the target
//!    ([`dvt_io::load::load_atomic`]);
//! 4. `view` and `ephemeral` on the federation path were already made `table` by the resolver
//!    (DVT001); an ephemeral model on the direct path is inlined by dbt and not built.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;
use std::time::Instant;

use crate::run::{ModelFailure, ModelOutcome, ModelRunner, Step};
use dvt_core::computes::Compute;
use dvt_core::config::IncrementalStrategy;
use dvt_core::config::Materialization;
use dvt_core::discover::CatalogNode;
use dvt_core::resolver::Resolution;
use dvt_core::session::LoadedProject;
use dvt_core::{FederationWarning, WarningCode};
use dvt_io::connector::{Connector, Partitioning, SchemaStream, TableName};
use dvt_io::load::{Fill, Finish, Journal, LoadSpec, load_atomic, new_run_id, open_staging};
use dvt_planner::FederationPlan;
use dvt_planner::plan::{
    DataFusionPlanner, PlanInput, Planner, Strategy, ThisTable, plan_input_with,
};
use dvt_types::{DbKind, DvtType};

use crate::error::ExecError;
use crate::executor::{
    Connectors, EmbeddedExecutor, Executor, ExecutorFactory, ExtractStats, what_of,
};
use crate::extracts::open_staged;
use crate::partition::PartitionPolicy;

/// Where and how one model lands (see `ProjectRunner::landing`).
struct Landing {
    target: Arc<dyn Connector>,
    table: TableName,
    materialized: Materialization,
    this: Option<ThisTable>,
    finish: Finish,
}

/// What running one model produced.
#[derive(Debug)]
pub struct ModelRun {
    /// Its plan.
    pub plan: FederationPlan,
    /// Rows, steps, warnings.
    pub outcome: ModelOutcome,
}

/// Runs the models of one loaded project (one run id, one journal, shared connectors).
#[derive(Debug)]
pub struct ProjectRunner {
    loaded: LoadedProject,
    resolution: Resolution,
    connectors: Arc<Connectors>,
    compute: Option<String>,
    journal: Journal,
    run_id: String,
    embedded: EmbeddedExecutor,
    /// Which extracts are read over several connections (handed to every executor).
    partitioning: PartitionPolicy,
    factories: BTreeMap<&'static str, Arc<dyn ExecutorFactory>>,
    /// Plans every model of the run (default: [`DataFusionPlanner`]).
    planner: Arc<dyn Planner>,
    made: std::sync::Mutex<BTreeMap<String, Arc<dyn Executor>>>,
    /// The model tables planned in this run, for `catalog.json`.
    nodes: std::sync::Mutex<BTreeMap<String, CatalogNode>>,
    /// Target schemas known to exist in this run, by (output, schema).
    schemas: tokio::sync::Mutex<BTreeSet<(String, String)>>,
}

impl ProjectRunner {
    /// A runner over a resolved project; `compute` is `--compute` (default: computes.yml).
    pub fn new(loaded: LoadedProject, resolution: Resolution, compute: Option<String>) -> Self {
        let journal = Journal::for_project(&loaded.project.root);
        let mut partitioning = PartitionPolicy {
            catalog: loaded.catalog.clone(),
            ..PartitionPolicy::default()
        };
        for s in loaded.project.sources.values() {
            if let Some(col) = s.meta.get("partition_column").and_then(|v| v.as_str()) {
                let n = s
                    .meta
                    .get("partitions")
                    .and_then(|v| v.as_u64().or_else(|| v.as_str()?.parse().ok()))
                    .unwrap_or(4);
                partitioning.partitioned.insert(
                    s.unique_id.clone(),
                    Partitioning {
                        column: col.to_string(),
                        partitions: n.max(1) as usize,
                    },
                );
            }
        }
        // Tables the executor may partition by the catalog's estimates, and the embedded
        // compute's settings for that (computes.yml `config: {auto_partition_rows: N,
        // partitions: N}`; `auto_partition_rows: 0` turns it off).
        for s in loaded.project.sources.values() {
            let (_, name) = loaded.source_location(s);
            partitioning.tables.insert(s.unique_id.clone(), name);
        }
        let chosen = compute
            .clone()
            .unwrap_or_else(|| loaded.computes.default.clone());
        let chosen = loaded.computes.computes.get(&chosen);
        let mut embedded = EmbeddedExecutor::default();
        if let Some(Compute::Embedded { config, .. }) = chosen {
            let num = |k: &str| config.get(k).and_then(|v| v.trim().parse::<u64>().ok());
            if let Some(n) = num("auto_partition_rows") {
                partitioning.auto_partition_rows = (n > 0).then_some(n);
            }
            if let Some(n) = num("partitions") {
                partitioning.auto_partitions = n.max(1) as usize;
            }
            if let Some(mb) = num("collect_memory_mb") {
                embedded.collect_memory = (mb as usize) << 20;
            }
        }
        embedded.partitioning = partitioning.clone();
        if let Some(n) = chosen.and_then(Compute::max_parallel_extracts) {
            embedded.max_parallel_extracts = n;
        }
        let connectors = Arc::new(Connectors::new(loaded.profile.clone()));
        Self {
            partitioning,
            loaded,
            resolution,
            connectors,
            compute,
            journal,
            run_id: new_run_id(),
            embedded,
            factories: BTreeMap::new(),
            planner: Arc::new(DataFusionPlanner),
            made: std::sync::Mutex::new(BTreeMap::new()),
            schemas: tokio::sync::Mutex::new(BTreeSet::new()),
            nodes: std::sync::Mutex::new(BTreeMap::new()),
        }
    }

    /// Serve the computes of `factory.kind()` (`type: spark`) with executors it makes: one per
    /// compute name, made when a model first runs on it and shared by the models of this run.
    /// Without a factory for its kind, a model on such a compute fails with DVT502.
    pub fn with_executor_factory(mut self, factory: Arc<dyn ExecutorFactory>) -> Self {
        self.factories.insert(factory.kind(), factory);
        self
    }

    /// Plan the models with `planner` instead of the [`DataFusionPlanner`] (its plans must
    /// be ones the executors can run).
    pub fn with_planner(mut self, planner: Arc<dyn Planner>) -> Self {
        self.planner = planner;
        self
    }

    /// The planner this runner plans with.
    pub fn planner(&self) -> &dyn Planner {
        self.planner.as_ref()
    }

    /// This run's id (in staging-table names).
    pub fn run_id(&self) -> &str {
        &self.run_id
    }

    /// The journal of staging tables.
    pub fn journal(&self) -> &Journal {
        &self.journal
    }

    /// `target/catalog.json` (dbt's shape) with the sources discovered and the models planned
    /// so far in this run.
    pub fn write_catalog_json(&self) -> Result<std::path::PathBuf, ExecError> {
        let nodes: Vec<CatalogNode> = self
            .nodes
            .lock()
            .map(|n| n.values().cloned().collect())
            .unwrap_or_default();
        Ok(self.loaded.write_catalog_json(&nodes)?)
    }

    /// The shared connectors.
    pub fn connectors(&self) -> &Connectors {
        &self.connectors
    }

    /// Drop the staging tables a crashed earlier run left behind (from the journal).
    pub async fn recover(&self) -> Result<Vec<TableName>, ExecError> {
        let mut open: BTreeMap<String, Arc<dyn Connector>> = BTreeMap::new();
        for e in self.journal.open_entries()? {
            if !open.contains_key(&e.output)
                && let Ok(c) = self.connectors.get(&e.output).await
            {
                open.insert(e.output.clone(), c);
            }
        }
        Ok(self
            .journal
            .recover(|o| open.get(o).map(|c| c.as_ref() as &dyn Connector))
            .await?)
    }

    /// Where a model's table lives on its target.
    fn target_table(&self, unique_id: &str, target: &str) -> Result<TableName, ExecError> {
        let m = &self.loaded.project.models[unique_id];
        Ok(self.loaded.model_table(m, target)?)
    }

    /// Create the schema a model lands in when it does not exist (once per run and schema,
    /// before the first model lands there; dbt does the same). DVT124 when the output's user
    /// may not create it.
    async fn ensure_schema(
        &self,
        target: &dyn Connector,
        table: &TableName,
        model: &str,
    ) -> Result<(), ExecError> {
        let Some(schema) = &table.schema else {
            return Ok(());
        };
        let key = (target.output().to_string(), schema.clone());
        let mut known = self.schemas.lock().await;
        if known.contains(&key) {
            return Ok(());
        }
        let refused = |e: dvt_io::Error| {
            ExecError::Core(dvt_core::CoreError::CreateSchema {
                output: key.0.clone(),
                schema: schema.clone(),
                model: format!("model '{model}'"),
                message: format!(
                    "{e}; grant the output's user the {} privilege, or create the schema once by hand",
                    target.create_schema_privilege()
                ),
            })
        };
        if !target.schema_exists(schema).await.map_err(refused)? {
            target.create_schema(schema).await.map_err(refused)?;
            tracing::info!("created schema {schema} on output '{}'", key.0);
        }
        known.insert(key);
        Ok(())
    }

    /// Read the catalogs of the sources a model needs (once per run; see
    /// [`dvt_core::discover`]).
    pub async fn discover(&self, model: &str) -> Result<(), ExecError> {
        self.loaded
            .discover(&self.resolution, model, self.connectors.as_ref())
            .await
            .map_err(|source| ExecError::Discover {
                model: model.to_string(),
                source,
            })
    }

    /// Plan a model without running it (EXPLAIN, or to run the plan later with
    /// [`ProjectRunner::run_plan`]): its sources' schemas are discovered first, and an
    /// incremental model whose table exists is planned with `{{ this }}` reading it — and,
    /// when its filter compares a source column with a scalar subquery over `{{ this }}`, that
    /// watermark is read on the target and pushed into the source's extract as a literal
    /// (`dvt_planner::plan::Watermark`; a plan run later keeps the value it was made with).
    pub async fn plan(&self, model: &str) -> Result<FederationPlan, ExecError> {
        let m = self.model(model)?;
        let landing = self.landing(m).await?;
        self.discover(&m.name).await?;
        let mut input = plan_input_with(
            &self.loaded,
            &self.resolution,
            &m.unique_id,
            landing.this.as_ref(),
            self.planner(),
        )
        .await?;
        let mut plan = self.planner.plan(&input).await?;
        // An incremental model's watermarks: read on the target, then planned with.
        let read = crate::watermarks::read(&plan, &self.connectors).await?;
        if !read.is_empty() {
            input.watermarks = read;
            plan = self.planner.plan(&input).await?;
        }
        self.unstaged_if_needed(&m.name, &input, &mut plan).await?;
        if let Ok(mut nodes) = self.nodes.lock() {
            let node = catalog_node(&plan, &landing.table, landing.target.dialect());
            nodes.insert(m.unique_id.clone(), node);
        }
        Ok(plan)
    }

    /// `plan` again without data movement when the cost model chose it (not the model's
    /// config) and the model's compute cannot run staged inputs (Spark reading the extracts
    /// over JDBC): the choice says why.
    async fn unstaged_if_needed(
        &self,
        model: &str,
        input: &PlanInput,
        plan: &mut FederationPlan,
    ) -> Result<(), ExecError> {
        let staged = plan.extracts.iter().any(|x| !x.staged.is_empty());
        // A direct plan runs on the target itself, not on the compute.
        if !staged || plan.direct || input.strategy != Strategy::Auto {
            return Ok(());
        }
        let (executor, compute) = self.executor(model)?;
        if executor.stages_inputs().await {
            return Ok(());
        }
        let without_move = PlanInput {
            strategy: Strategy::SemiJoin,
            ..input.clone()
        };
        *plan = self.planner.plan(&without_move).await?;
        if let Some(c) = plan.strategy.as_mut() {
            c.forced = false;
            c.note = Some(format!(
                "the cost model chose move, but compute {compute} reads the extracts itself (over JDBC) and cannot read staged ones"
            ));
        }
        Ok(())
    }

    /// A model's rows as an Arrow stream, computed as a run would (on its target when the
    /// plan is direct, else on the compute) but loaded nowhere.
    pub async fn query(&self, model: &str) -> Result<SchemaStream, ExecError> {
        let plan = self.plan(model).await?;
        self.query_plan(&plan).await
    }

    /// The rows of a plan made by [`ProjectRunner::plan`], loaded nowhere (see
    /// [`ProjectRunner::query`]).
    pub async fn query_plan(&self, plan: &FederationPlan) -> Result<SchemaStream, ExecError> {
        let m = self.model(&plan.model)?;
        if plan.direct {
            let target = self.connectors.get(&plan.target).await?;
            let x = &plan.extracts[0];
            if x.staged.is_empty() {
                return Ok(target.extract(&x.sql).await?);
            }
            let stats = Arc::new(std::sync::Mutex::new(vec![ExtractStats::default()]));
            let slots = vec![0; x.staged.len()];
            let staged = open_staged(&self.connectors, &plan.model, x, &stats, &slots).await?;
            return Ok(target.extract_staged(staged, &x.sql).await?);
        }
        let (executor, _) = self.executor(&m.name)?;
        Ok(executor.execute(plan, &self.connectors).await?.stream)
    }

    fn model(&self, model: &str) -> Result<&dvt_core::project::Model, ExecError> {
        self.loaded.project.model(model).ok_or_else(|| {
            ExecError::Core(dvt_core::CoreError::Select {
                message: format!("no model '{model}' in the project"),
            })
        })
    }

    /// Where and how a model lands: its target, its table there, and how its rows reach it
    /// (an incremental model whose table exists appends or deletes+inserts, reading the table
    /// as `{{ this }}`).
    async fn landing(&self, m: &dvt_core::project::Model) -> Result<Landing, ExecError> {
        let resolved = &self.resolution.models[&m.unique_id];
        let load_err = |source: dvt_core::CoreError| ExecError::Load {
            model: m.name.clone(),
            connection: resolved.target.clone(),
            source,
        };
        let target = self
            .connectors
            .get(&resolved.target)
            .await
            .map_err(load_err)?;
        let table = self.target_table(&m.unique_id, &resolved.target)?;
        let materialized = resolved.effective_materialized;
        let existing = if materialized == Materialization::Incremental {
            target
                .target_table(&table)
                .await
                .map_err(|e| load_err(e.into()))?
        } else {
            None
        };
        let this = existing.map(|t| ThisTable {
            schema: table.schema.clone(),
            identifier: table.name.clone(),
            columns: t.columns.into_iter().map(|c| (c.name, c.ty)).collect(),
        });
        let finish = match (&this, materialized) {
            (Some(_), Materialization::Incremental) => match m.config.incremental_strategy {
                Some(IncrementalStrategy::Append) => Finish::Append,
                _ if m.config.unique_key.is_empty() => Finish::Append,
                _ => Finish::DeleteInsert {
                    keys: m.config.unique_key.clone(),
                },
            },
            _ => Finish::Replace,
        };
        Ok(Landing {
            target,
            table,
            materialized,
            this,
            finish,
        })
    }

    fn executor(&self, model: &str) -> Result<(Arc<dyn Executor>, String), ExecError> {
        let computes = &self.loaded.computes;
        let name = self
            .compute
            .clone()
            .unwrap_or_else(|| computes.default.clone());
        let compute = computes.get(&name)?;
        let kind = match compute {
            Compute::Embedded { .. } => return Ok((Arc::new(self.embedded.clone()), name)),
            Compute::Spark { .. } => "spark",
            Compute::Other { kind, .. } => kind.as_str(),
        };
        let mut made = self.made.lock().map_err(|_| ExecError::Compute {
            model: model.to_string(),
            compute: name.clone(),
            message: "an earlier model panicked while starting this compute".into(),
        })?;
        if let Some(e) = made.get(&name) {
            return Ok((e.clone(), name));
        }
        let Some(factory) = self.factories.get(kind) else {
            return Err(ExecError::Compute {
                model: model.to_string(),
                compute: name,
                message: format!(
                    "this program has no executor for `type: {kind}` (it has: embedded{}); run with --compute embedded (or set `default: embedded` in computes.yml), or register one (ProjectRunner::with_executor_factory)",
                    self.factories
                        .keys()
                        .map(|k| format!(", {k}"))
                        .collect::<String>()
                ),
            });
        };
        let e = factory.create(
            &name,
            compute,
            self.loaded.jinja.env.as_ref(),
            &self.partitioning,
        )?;
        made.insert(name.clone(), e.clone());
        Ok((e, name))
    }

    /// Plan and build one model.
    pub async fn run_one(&self, unique_id: &str) -> Result<ModelRun, ExecError> {
        let t = Instant::now();
        let plan = self.plan(unique_id).await?;
        let planned = Step {
            name: "plan".into(),
            seconds: t.elapsed().as_secs_f64(),
            rows: None,
            bytes: None,
            estimated_rows: None,
        };
        let mut run = self.run_plan(plan).await?;
        run.outcome.steps.insert(0, planned);
        Ok(run)
    }

    /// Build a model from a plan made by [`ProjectRunner::plan`] (the caller may have shown
    /// or stored it): the direct path on the target, or the plan's compute, then the atomic
    /// load.
    pub async fn run_plan(&self, plan: FederationPlan) -> Result<ModelRun, ExecError> {
        let m = self.model(&plan.model)?;
        let uid = m.unique_id.clone();
        let output = &self.resolution.models[&uid].target;
        let landing = self.landing(m).await?;
        let build = Build {
            name: &m.name,
            output,
            target: landing.target.as_ref(),
            spec: LoadSpec {
                target: &landing.table,
                model: &uid,
                model_name: &m.name,
                run_id: &self.run_id,
                finish: landing.finish,
            },
            materialized: landing.materialized,
        };
        if build.materialized != Materialization::Ephemeral || !plan.direct {
            self.ensure_schema(build.target, &landing.table, &m.name)
                .await?;
        }
        let mut warnings: Vec<FederationWarning> = plan.warnings.clone();
        let t = Instant::now();
        let built = if plan.direct && !plan.extracts[0].staged.is_empty() {
            self.run_direct_staged(&build, &plan).await?
        } else if plan.direct {
            self.run_direct(&build, &plan.extracts[0].sql).await?
        } else {
            self.run_federated(&build, &plan, &mut warnings).await?
        };
        let mut steps = built.steps;
        steps.push(Step {
            name: built.last_step,
            seconds: t.elapsed().as_secs_f64(),
            rows: Some(built.rows),
            bytes: built.bytes,
            estimated_rows: None,
        });
        for w in &mut warnings {
            if w.model.is_none() {
                *w = w.clone().with_model(uid.clone());
            }
        }
        Ok(ModelRun {
            plan,
            outcome: ModelOutcome {
                rows_affected: built.rows,
                bytes: built.bytes,
                path: built.path,
                steps,
                warnings,
            },
        })
    }

    /// The direct path: the whole model runs on its target (a view, a table filled by a
    /// query, or nothing for an ephemeral model).
    async fn run_direct(&self, b: &Build<'_>, sql: &str) -> Result<Built, ExecError> {
        let (rows, path) = match b.materialized {
            Materialization::Ephemeral => (0, "ephemeral: inlined by its children".into()),
            Materialization::View => {
                let v = b.spec.target.quoted(b.target.quote());
                b.target
                    .execute_atomic(&[
                        format!("DROP VIEW IF EXISTS {v}"),
                        format!("CREATE VIEW {v} AS {sql}"),
                    ])
                    .await
                    .map_err(|e| b.load_err(e))?;
                (0, format!("direct on {} (view)", b.output))
            }
            _ => {
                let fill = Fill::Query(sql.to_string());
                let out = load_atomic(b.target, &b.spec, fill, &self.journal)
                    .await
                    .map_err(|e| b.load_err(e))?;
                (out.rows, format!("direct on {}{}", b.output, b.how()))
            }
        };
        Ok(Built {
            rows,
            bytes: None,
            path,
            last_step: "run on target".into(),
            steps: Vec::new(),
        })
    }

    /// The direct path after data movement (the other sides moved onto the target's own
    /// server): one session of the target loads the other servers' rows into temporary tables
    /// and builds the model's staging table from the plan's query over them, then the atomic
    /// load puts it in place. The model's rows never leave the target.
    async fn run_direct_staged(
        &self,
        b: &Build<'_>,
        plan: &FederationPlan,
    ) -> Result<Built, ExecError> {
        let x = &plan.extracts[0];
        let counters = x.staged.iter().map(|s| ExtractStats {
            name: s.extract.name.clone(),
            connection: s.extract.connection.clone(),
            ..ExtractStats::default()
        });
        let stats = Arc::new(std::sync::Mutex::new(counters.collect::<Vec<_>>()));
        let slots: Vec<usize> = (0..x.staged.len()).collect();
        let t = Instant::now();
        let staged = open_staged(&self.connectors, &plan.model, x, &stats, &slots).await?;
        let fill = Fill::Staged {
            staged,
            query: x.sql.clone(),
        };
        let out = load_atomic(b.target, &b.spec, fill, &self.journal)
            .await
            .map_err(|e| b.load_err(e))?;
        let stats = stats.lock().map(|s| s.clone()).unwrap_or_default();
        let steps = x
            .staged
            .iter()
            .zip(&stats)
            .map(|(s, st)| Step {
                name: format!(
                    "stage {} ({}) into {}'s session",
                    what_of(&s.extract),
                    s.extract.connection,
                    b.output
                ),
                seconds: t.elapsed().as_secs_f64(),
                rows: Some(st.staged_rows.unwrap_or(0)),
                bytes: None,
                estimated_rows: s.extract.estimated_rows,
            })
            .collect();
        let choice = plan.strategy.as_ref().map(|c| c.describe());
        Ok(Built {
            rows: out.rows,
            bytes: None,
            path: format!(
                "direct on {}{}; cross-server joins: {}",
                b.output,
                b.how(),
                choice.unwrap_or_else(|| "move".into())
            ),
            last_step: "run on target".into(),
            steps,
        })
    }

    /// The federated path: the plan's compute runs it, and either writes into a staging
    /// table on the target itself or returns its rows for the native load.
    async fn run_federated(
        &self,
        b: &Build<'_>,
        plan: &FederationPlan,
        warnings: &mut Vec<FederationWarning>,
    ) -> Result<Built, ExecError> {
        let (executor, compute) = self.executor(b.name)?;
        let target_conn = self
            .loaded
            .profile
            .output(b.output, &format!("model '{}'", b.name))?;
        let run = Federated {
            executor: executor.as_ref(),
            compute: &compute,
        };
        let (rows, stats, counted, last_step) = match executor.writes_into(target_conn) {
            Ok(()) => self.write_by_executor(b, plan, &run, warnings).await?,
            Err(why) => {
                self.load_from_executor(b, plan, &run, &why, warnings)
                    .await?
            }
        };
        Ok(Built {
            rows,
            bytes: counted.then(|| stats.iter().map(|s| s.bytes).sum::<u64>()),
            path: format!(
                "federated ({compute}) into {}{}{}",
                b.output,
                b.how(),
                plan.strategy
                    .as_ref()
                    .map(|c| format!("; cross-server joins: {}", c.describe()))
                    .unwrap_or_default()
            ),
            last_step,
            steps: extract_steps(plan, &stats, counted),
        })
    }

    /// The executor writes into a staging table on the target itself (Spark's JDBC write);
    /// dvt created it and swaps it in.
    async fn write_by_executor(
        &self,
        b: &Build<'_>,
        plan: &FederationPlan,
        run: &Federated<'_>,
        warnings: &mut Vec<FederationWarning>,
    ) -> Result<(u64, Vec<ExtractStats>, bool, String), ExecError> {
        let schema = output_schema(plan);
        let staging = open_staging(b.target, b.spec.clone(), &schema, &self.journal)
            .await
            .map_err(|e| b.load_err(e))?;
        let written = run
            .executor
            .execute_into(plan, &self.connectors, b.output, staging.table())
            .await;
        let written = match written {
            Ok(w) => w,
            Err(e) => {
                staging.abandon().await;
                return Err(e);
            }
        };
        push_new(warnings, written.warnings);
        let rows = staging.commit().await.map_err(|e| b.load_err(e))?.rows;
        let step = format!(
            "transform + write into the staging table ({}, {} over JDBC)",
            run.compute,
            run.executor.kind()
        );
        Ok((rows, written.stats, written.rows_counted, step))
    }

    /// The executor returns its rows; dvt's native connector loads them (DVT008 when the
    /// compute runs elsewhere: the whole result passes through this process).
    async fn load_from_executor(
        &self,
        b: &Build<'_>,
        plan: &FederationPlan,
        run: &Federated<'_>,
        why: &str,
        warnings: &mut Vec<FederationWarning>,
    ) -> Result<(u64, Vec<ExtractStats>, bool, String), ExecError> {
        if run.executor.computes_elsewhere() {
            warnings.push(
                FederationWarning::new(
                    WarningCode::Dvt008,
                    format!(
                        "compute '{}' ({}) returns the rows to dvt, which loads them into {} through its native connector: the whole result passes through this process ({why})",
                        run.compute,
                        run.executor.kind(),
                        b.output
                    ),
                )
                .with_source(b.output.to_string()),
            );
        }
        let exec = run.executor.execute(plan, &self.connectors).await?;
        let failure = exec.failure.clone();
        push_new(warnings, exec.warnings);
        // The rows are computed while the load prepares the target (see `prefetch`).
        let rows = crate::prefetch::prefetch(exec.stream, PREFETCH_BATCHES, b.output);
        let out = load_atomic(b.target, &b.spec, Fill::Rows(rows), &self.journal).await;
        let out = match out {
            Ok(o) => o,
            Err(e) => {
                // The load saw the stream fail: report the extract's own error.
                if let Some(f) = failure.lock().ok().and_then(|mut f| f.take()) {
                    return Err(f);
                }
                return Err(b.load_err(e));
            }
        };
        let stats = exec.stats.lock().map(|s| s.clone()).unwrap_or_default();
        Ok((
            out.rows,
            stats,
            exec.rows_counted,
            "transform + load".into(),
        ))
    }
}

/// Batches of a model's rows computed ahead of its load (bounded memory: a few batches).
const PREFETCH_BATCHES: usize = 4;

/// What one model's build writes into.
struct Build<'a> {
    /// The model's name.
    name: &'a str,
    /// The target output.
    output: &'a str,
    target: &'a dyn Connector,
    spec: LoadSpec<'a>,
    materialized: Materialization,
}

impl Build<'_> {
    fn load_err(&self, source: impl Into<dvt_core::CoreError>) -> ExecError {
        ExecError::Load {
            model: self.name.to_string(),
            connection: self.output.to_string(),
            source: source.into(),
        }
    }

    /// How an incremental model is loaded, for the path.
    fn how(&self) -> &'static str {
        match &self.spec.finish {
            Finish::Replace if self.materialized == Materialization::Incremental => {
                " (incremental: first build)"
            }
            Finish::Replace => "",
            Finish::Append => " (incremental: append)",
            Finish::DeleteInsert { .. } => " (incremental: delete+insert by unique_key)",
        }
    }
}

/// The executor of a federated build and the compute it was configured as.
struct Federated<'a> {
    executor: &'a dyn Executor,
    compute: &'a str,
}

/// What a build produced.
struct Built {
    rows: u64,
    bytes: Option<u64>,
    path: String,
    /// The name of the step that ran and loaded it.
    last_step: String,
    /// The extracts' steps.
    steps: Vec<Step>,
}

/// One step per extract, with its rows and bytes when `counted`, and the plan's estimate.
fn extract_steps(plan: &FederationPlan, stats: &[ExtractStats], counted: bool) -> Vec<Step> {
    let estimate = |name: &str| {
        let x = plan.extracts.iter().find(|x| x.name == name);
        x.and_then(|x| x.estimated_rows)
    };
    stats
        .iter()
        .map(|s| Step {
            name: format!(
                "extract {} ({}{}{}{}{}{})",
                s.name,
                s.connection,
                if s.partitions > 1 {
                    format!(", {} partitions", s.partitions)
                } else {
                    String::new()
                },
                s.pushed_keys
                    .map(|k| format!(", {k} join keys pushed"))
                    .unwrap_or_default(),
                if s.spilled { ", spilled to disk" } else { "" },
                s.staged_rows
                    .map(|n| format!(", {n} rows of other servers staged into its session first"))
                    .unwrap_or_default(),
                if counted {
                    ""
                } else {
                    ", read inside the compute's job"
                }
            ),
            seconds: s.seconds,
            rows: counted.then_some(s.rows),
            bytes: counted.then_some(s.bytes),
            estimated_rows: estimate(&s.name),
        })
        .collect()
}

#[async_trait::async_trait]
impl ModelRunner for ProjectRunner {
    async fn run_model(&self, unique_id: &str) -> Result<ModelOutcome, ModelFailure> {
        self.run_one(unique_id)
            .await
            .map(|r| r.outcome)
            .map_err(|e| ModelFailure::new(e.code(), e.to_string()))
    }
}

/// Add the warnings not already in `into`.
fn push_new(into: &mut Vec<FederationWarning>, new: Vec<FederationWarning>) {
    for w in new {
        if !into.contains(&w) {
            into.push(w);
        }
    }
}

/// A planned model's table for `catalog.json`: its columns with the target's DDL types.
pub fn catalog_node(plan: &FederationPlan, table: &TableName, dialect: DbKind) -> CatalogNode {
    let columns = plan
        .output_columns
        .iter()
        .map(|c| {
            let ty = c.ty.parse().unwrap_or(DvtType::Unknown {
                native: c.ty.clone(),
            });
            (c.name.clone(), dvt_types::render_type(dialect, &ty).ddl)
        })
        .collect();
    CatalogNode {
        unique_id: plan.model.clone(),
        output: plan.target.clone(),
        table: table.clone(),
        columns,
    }
}

/// The plan's output schema (the staging table's columns).
fn output_schema(plan: &FederationPlan) -> datafusion::arrow::datatypes::Schema {
    crate::executor::plan_schema(&plan.output_columns)
        .as_ref()
        .clone()
}
