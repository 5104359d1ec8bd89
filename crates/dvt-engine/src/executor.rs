//! The [`Executor`] contract and the embedded DataFusion executor.
//!
//! [`EmbeddedExecutor`] runs a [`FederationPlan`] in-process:
//! 1. every extract's rows are cast (checked) to the columns the plan gives it, so the transform
//!    sees exactly the schema it was planned against;
//! 2. an extract the transform reads once is *streamed*: it is registered as a one-shot
//!    streaming table and its batches flow from the source's connection through the engine into
//!    the load, never fully held in memory; an extract the transform reads several times (a
//!    self join, a CTE used twice) is read once and shared: collected first — these run in
//!    parallel, at most `max_parallel_extracts` at once — and held in memory while all of
//!    them fit `collect_memory`, spilled to an Arrow IPC file past it (so memory stays flat);
//!    where a join allows it, a small side's join keys are pushed into the other side's
//!    extract (`key IN (…)`, [`crate::keys`]), which is then opened once they are known;
//! 3. the transform (`transform.datafusion_sql`) runs over the extracts, and its result stream
//!    is cast to the plan's output columns for the load.
//!
//! A failed extract surfaces as [`ExecError::Extract`] with the source's own error code, even
//! when it happens deep inside a join.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};
use std::time::Instant;

use async_trait::async_trait;
use datafusion::arrow::datatypes::{Schema, SchemaRef};
use datafusion::arrow::record_batch::RecordBatch;
use datafusion::catalog::TableProvider;
use datafusion::common::tree_node::TreeNodeRecursion;
use datafusion::datasource::empty::EmptyTable;
use datafusion::error::DataFusionError;
use datafusion::logical_expr::LogicalPlan;
use datafusion::physical_plan::SendableRecordBatchStream;
use datafusion::physical_plan::stream::RecordBatchStreamAdapter;
use datafusion::prelude::SessionContext;
use dvt_io::connector::{Connector, SchemaStream, TableName, unsupported};

use crate::null_aware::null_aware_in;
use dvt_core::profiles::Profile;
use dvt_core::{FederationWarning, Result as CoreResult};
use dvt_planner::FederationPlan;
use dvt_planner::plan::{Extract, PlanColumn};
use dvt_types::DvtType;
use futures::StreamExt;

use crate::error::ExecError;
use crate::extracts::{Extracts, How, Read, ReadAll};
use crate::keys;
use crate::partition::PartitionPolicy;
use crate::spill::CollectBudget;

/// The outputs of a profile, opened on first use and shared by every model of a run.
#[derive(Debug)]
pub struct Connectors {
    profile: Option<Profile>,
    open: tokio::sync::Mutex<BTreeMap<String, Arc<dyn Connector>>>,
}

impl Connectors {
    /// Connectors for the outputs of `profile`.
    pub fn new(profile: Profile) -> Self {
        Self {
            profile: Some(profile),
            open: tokio::sync::Mutex::new(BTreeMap::new()),
        }
    }

    /// A fixed set of connectors by output name (no profile).
    pub fn from_map(map: BTreeMap<String, Arc<dyn Connector>>) -> Self {
        Self {
            profile: None,
            open: tokio::sync::Mutex::new(map),
        }
    }

    /// The connector of an output, opened once.
    pub async fn get(&self, output: &str) -> CoreResult<Arc<dyn Connector>> {
        let mut open = self.open.lock().await;
        if let Some(c) = open.get(output) {
            return Ok(c.clone());
        }
        let Some(profile) = &self.profile else {
            return Err(unsupported(output, "no connector was given for this output").into());
        };
        let conn = profile.output(output, &format!("output '{output}'"))?;
        let c = dvt_connectors::open(conn).await?;
        open.insert(output.to_string(), c.clone());
        Ok(c)
    }

    /// The profile whose outputs these are (`None` for [`Connectors::from_map`]); executors
    /// that reach sources themselves (Spark over JDBC) read the outputs' settings from it.
    pub fn profile(&self) -> Option<&Profile> {
        self.profile.as_ref()
    }

    /// The connectors opened so far.
    pub async fn opened(&self) -> Vec<Arc<dyn Connector>> {
        self.open.lock().await.values().cloned().collect()
    }
}

#[async_trait::async_trait]
impl dvt_core::discover::OpenConnector for Connectors {
    async fn connector(&self, output: &str) -> CoreResult<Arc<dyn Connector>> {
        self.get(output).await
    }
}

/// Rows, bytes and time of one extract, counted as its batches pass.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ExtractStats {
    /// The extract's name.
    pub name: String,
    /// Its output.
    pub connection: String,
    /// Rows read.
    pub rows: u64,
    /// Arrow bytes read.
    pub bytes: u64,
    /// Seconds from its start to its last batch.
    pub seconds: f64,
    /// Whether it was collected before the transform (read more than once).
    pub materialized: bool,
    /// Whether its collected rows went to a spill file (past the executor's
    /// `collect_memory`).
    pub spilled: bool,
    /// Connections it was read over (1 unless partitioned).
    pub partitions: usize,
    /// Join keys of the other side pushed into it (`key IN (…)`), if any.
    pub pushed_keys: Option<usize>,
    /// Rows of other servers' extracts staged into its session's temporary tables before it
    /// ran (data movement), if any.
    pub staged_rows: Option<u64>,
}

/// A running plan: the result stream, and the counters of its extracts.
#[derive(Debug)]
pub struct Execution {
    /// The result rows, with the plan's output schema.
    pub stream: SchemaStream,
    /// Counters per extract (final once `stream` is exhausted).
    pub stats: Arc<Mutex<Vec<ExtractStats>>>,
    /// The first extract or engine failure, when the stream ended in an error: the load only
    /// sees a generic error, this says which source failed and why.
    pub failure: Arc<Mutex<Option<ExecError>>>,
    /// Warnings raised while running (DVT005 for join keys not pushed).
    pub warnings: Vec<FederationWarning>,
    /// Whether `stats` hold rows and bytes (an executor that reads its extracts inside its
    /// own job, as Spark does, reports only their names and partitions).
    pub rows_counted: bool,
}

/// Runs a plan's extracts and transform and yields the model's rows.
#[async_trait]
pub trait Executor: Send + Sync + std::fmt::Debug {
    /// The compute's kind (`embedded`, `spark`).
    fn kind(&self) -> &'static str;

    /// Whether it computes outside dvt's process (a cluster): then the rows it hands back for
    /// the native load pass through dvt, and the run says so (DVT008). The embedded engine
    /// computes in dvt's process: no.
    fn computes_elsewhere(&self) -> bool {
        false
    }

    /// Start the plan; the returned stream yields the model's rows.
    async fn execute(
        &self,
        plan: &FederationPlan,
        connectors: &Connectors,
    ) -> Result<Execution, ExecError>;

    /// Whether this executor writes a plan's rows into a table of the output `target` itself
    /// ([`Executor::execute_into`]) rather than handing them back to dvt for the native load.
    /// `Err` says why not (a compute other than the embedded engine that hands its rows back
    /// funnels them through dvt's process: DVT008). The default: it never writes itself.
    fn writes_into(&self, target: &dvt_core::profiles::Connection) -> Result<(), String> {
        let _ = target;
        Err("this executor returns its rows to dvt".into())
    }

    /// Whether it runs a plan whose extracts have staged inputs (data movement: dvt reads the
    /// extracts, staging the other servers' rows first). The default: yes.
    async fn stages_inputs(&self) -> bool {
        true
    }

    /// Run the plan and write its rows into `table` on the output `target`: an existing, empty
    /// staging table created from the plan's output schema through the TypeMapper (see
    /// [`dvt_io::load::OpenStaging`]); dvt then moves the rows into the target table in one
    /// atomic step. Called only when [`Executor::writes_into`] said yes.
    async fn execute_into(
        &self,
        plan: &FederationPlan,
        connectors: &Connectors,
        target: &str,
        table: &TableName,
    ) -> Result<Written, ExecError> {
        let _ = (plan, connectors, table);
        Err(ExecError::Compute {
            model: plan.model.clone(),
            compute: self.kind().into(),
            message: format!("this executor cannot write into output '{target}' itself"),
        })
    }
}

/// What [`Executor::execute_into`] did besides writing the rows.
#[derive(Debug, Clone, Default)]
pub struct Written {
    /// Per extract: its name, output and partitions, and its rows and bytes when
    /// `rows_counted`.
    pub stats: Vec<ExtractStats>,
    /// Whether `stats` hold rows and bytes (Spark reads the extracts inside its job and does
    /// not count them).
    pub rows_counted: bool,
    /// Warnings raised while running.
    pub warnings: Vec<FederationWarning>,
}

/// Makes the executor of a configured compute of one kind (`spark`), so crates above
/// `dvt-engine` can plug theirs into [`crate::ProjectRunner`] (see
/// [`crate::ProjectRunner::with_executor_factory`]).
pub trait ExecutorFactory: Send + Sync + std::fmt::Debug {
    /// The `type:` of computes.yml this factory serves (`spark`).
    fn kind(&self) -> &'static str;

    /// The executor of the compute `name` (called once per compute and run, on first use);
    /// `partitioning` says which extracts the run reads over several connections.
    fn create(
        &self,
        name: &str,
        compute: &dvt_core::computes::Compute,
        env: &dyn dvt_core::env::Environment,
        partitioning: &PartitionPolicy,
    ) -> Result<Arc<dyn Executor>, ExecError>;
}

/// The embedded DataFusion executor (see the module docs).
#[derive(Debug, Clone)]
pub struct EmbeddedExecutor {
    /// How many extracts are collected at once (streamed extracts are all open together).
    pub max_parallel_extracts: usize,
    /// Bytes of collected extracts (those the transform reads several times) one execution
    /// holds in memory; past them an extract is spilled to an Arrow IPC file and read back
    /// from there (default [`crate::DEFAULT_COLLECT_MEMORY`], 256 MiB; computes.yml:
    /// `config: {collect_memory_mb: N}` on the embedded compute).
    pub collect_memory: usize,
    /// Which extracts are read over several connections.
    pub partitioning: PartitionPolicy,
}

impl Default for EmbeddedExecutor {
    fn default() -> Self {
        Self {
            max_parallel_extracts: 4,
            collect_memory: crate::spill::DEFAULT_COLLECT_MEMORY,
            partitioning: PartitionPolicy::default(),
        }
    }
}

/// Physical optimizer rules the engine leaves out because they change results in DataFusion
/// 55.2: physical filter pushdown maps a parent filter's columns into a join's child *by name*,
/// so after a join's sides are swapped a filter on the null-supplying side's `s` lands on the
/// preserved side's `s` (`… RIGHT JOIN … WHERE x0.s IS NULL` lost rows; `x0.k = 0` compared an
/// Int64 column with Int32 and failed). Fixed upstream by apache/datafusion#25259 (issues
/// #25244, #25296, the latter also for TopK dynamic filters, which the `(Post)` pass pushes).
/// The logical optimizer still pushes filters; only the physical re-pushdown and the dynamic
/// filters are lost — a speed cost, never a result.
pub const UNSOUND_PHYSICAL_RULES: &[&str] = &["FilterPushdown", "FilterPushdown(Post)"];

/// A new engine session with dvt's function set (JSON functions included) and without the
/// [`UNSOUND_PHYSICAL_RULES`].
pub fn engine_context() -> SessionContext {
    let state = SessionContext::new().state();
    let rules = state
        .physical_optimizers()
        .iter()
        .filter(|r| !UNSOUND_PHYSICAL_RULES.contains(&r.name()))
        .cloned()
        .collect();
    let state = datafusion::execution::SessionStateBuilder::new_from_existing(state)
        .with_physical_optimizer_rules(rules)
        .build();
    // Decimal division and AVG rounded at PostgreSQL's scale, as the planner typed them.
    let state = dvt_planner::plan::decimal::with_decimal_precision(state);
    let mut ctx = SessionContext::new_with_state(state);
    // The translator writes JSON access as datafusion-functions-json calls.
    let _ = datafusion_functions_json::register_all(&mut ctx);
    ctx
}

/// The Arrow schema a plan's columns stand for (names as the transform reads them).
pub fn plan_schema(columns: &[PlanColumn]) -> SchemaRef {
    Arc::new(Schema::new(
        columns
            .iter()
            .map(|c| {
                let t: DvtType = c.ty.parse().unwrap_or(DvtType::Unknown {
                    native: c.ty.clone(),
                });
                t.to_arrow_field(&c.name, true)
            })
            .collect::<Vec<_>>(),
    ))
}

/// Each extract's planned schema, in plan order.
fn extract_schemas(plan: &FederationPlan) -> Vec<SchemaRef> {
    plan.extracts
        .iter()
        .map(|x| plan_schema(&x.columns))
        .collect()
}

/// The transform planned over empty tables of the extracts' schemas: its optimized plan and
/// how often it reads each extract (an extract read more than once is collected, not streamed).
async fn transform_reads(
    ctx: &SessionContext,
    plan: &FederationPlan,
    schemas: &[SchemaRef],
) -> Result<(LogicalPlan, BTreeMap<String, usize>), DataFusionError> {
    for (x, s) in plan.extracts.iter().zip(schemas) {
        ctx.register_table(x.name.as_str(), Arc::new(EmptyTable::new(s.clone())))?;
    }
    let state = ctx.state();
    let logical = state
        .create_logical_plan(&plan.transform.datafusion_sql)
        .await
        .and_then(null_aware_in)?;
    let optimized = state.optimize(&logical)?;
    let counts = reads(&optimized);
    for x in &plan.extracts {
        ctx.deregister_table(x.name.as_str())?;
    }
    Ok((optimized, counts))
}

/// The transform's rows over the registered extracts, each batch cast to the planned output
/// types; a failure mid-stream is also kept in the returned slot (with its code).
async fn transform_stream(
    ctx: &SessionContext,
    plan: &FederationPlan,
) -> Result<(SchemaStream, Arc<Mutex<Option<ExecError>>>), ExecError> {
    let logical = ctx
        .state()
        .create_logical_plan(&plan.transform.datafusion_sql)
        .await
        .and_then(null_aware_in)
        .map_err(|e| exec_error(plan, e))?;
    let df = ctx
        .execute_logical_plan(logical)
        .await
        .map_err(|e| exec_error(plan, e))?;
    let out = df.execute_stream().await.map_err(|e| exec_error(plan, e))?;
    let schema = plan_schema(&plan.output_columns);
    let failure: Arc<Mutex<Option<ExecError>>> = Arc::new(Mutex::new(None));
    let slot = failure.clone();
    let owned = plan.clone();
    let target = schema.clone();
    let stream = out.map(move |item| {
        let fail = |e: ExecError, slot: &Mutex<Option<ExecError>>| {
            let msg = e.to_string();
            if let Ok(mut s) = slot.lock()
                && s.is_none()
            {
                *s = Some(e);
            }
            unsupported(&owned.target, msg)
        };
        let b = item.map_err(|e| fail(exec_error(&owned, e), &slot))?;
        dvt_connectors::cast_batch(&b, &target).map_err(|e| {
            fail(
                ExecError::Engine {
                    model: owned.model.clone(),
                    source: DataFusionError::Context(
                        "the result does not fit the planned output types".into(),
                        Box::new(e.into()),
                    ),
                },
                &slot,
            )
        })
    });
    let stream = SchemaStream {
        schema,
        stream: Box::pin(stream),
    };
    Ok((stream, failure))
}

/// What went wrong inside an extract, carried through DataFusion's errors.
#[derive(Debug, Clone)]
struct ExtractFailure {
    extract: String,
    code: &'static str,
    message: String,
    shape: bool,
}

impl std::fmt::Display for ExtractFailure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}
impl std::error::Error for ExtractFailure {}

fn find_failure(e: &DataFusionError) -> Option<ExtractFailure> {
    match e {
        DataFusionError::External(x) => x.downcast_ref::<ExtractFailure>().cloned(),
        DataFusionError::Shared(x) => find_failure(x),
        DataFusionError::Context(_, x) | DataFusionError::Diagnostic(_, x) => find_failure(x),
        DataFusionError::Collection(v) => v.iter().find_map(find_failure),
        DataFusionError::ArrowError(a, _) => match a.as_ref() {
            datafusion::arrow::error::ArrowError::ExternalError(x) => x
                .downcast_ref::<ExtractFailure>()
                .cloned()
                .or_else(|| x.downcast_ref::<DataFusionError>().and_then(find_failure)),
            _ => None,
        },
        _ => None,
    }
}

/// The error of a failed transform, naming the extract when one failed.
pub(crate) fn exec_error(plan: &FederationPlan, e: DataFusionError) -> ExecError {
    if let Some(f) = find_failure(&e)
        && let Some(x) = plan.extracts.iter().find(|x| x.name == f.extract)
    {
        let what = what_of(x);
        return if f.shape {
            ExecError::Shape {
                model: plan.model.clone(),
                what,
                connection: x.connection.clone(),
                message: f.message,
            }
        } else {
            ExecError::Extract {
                model: plan.model.clone(),
                what,
                connection: x.connection.clone(),
                code: f.code,
                message: f.message,
            }
        };
    }
    ExecError::Engine {
        model: plan.model.clone(),
        source: e,
    }
}

pub(crate) fn what_of(x: &Extract) -> String {
    if x.sources.is_empty() {
        format!("extract {}", x.name)
    } else {
        x.sources.join(", ")
    }
}

/// An extract's batches as a DataFusion stream of the planned schema, counted.
pub(crate) fn planned_stream(
    x: &Extract,
    data: SchemaStream,
    schema: SchemaRef,
    stats: Arc<Mutex<Vec<ExtractStats>>>,
    slot: usize,
) -> SendableRecordBatchStream {
    let name = x.name.clone();
    let start = Instant::now();
    let target = schema.clone();
    let padded = char_columns(&x.columns);
    let s = data.stream.map(move |item| {
        let fail = |code, message: String, shape| {
            DataFusionError::External(Box::new(ExtractFailure {
                extract: name.clone(),
                code,
                message,
                shape,
            }))
        };
        let batch = item.map_err(|e: dvt_io::Error| fail(e.code(), e.to_string(), false))?;
        let batch = conform(&batch, &target, &padded).map_err(|e| fail("DVT500", e, true))?;
        if let Ok(mut s) = stats.lock()
            && let Some(s) = s.get_mut(slot)
        {
            s.rows += batch.num_rows() as u64;
            s.bytes += batch.get_array_memory_size() as u64;
            s.seconds = start.elapsed().as_secs_f64();
        }
        Ok(batch)
    });
    Box::pin(RecordBatchStreamAdapter::new(schema, s))
}

/// A batch of an extract as its plan declares it: cast to the planned schema, `char(n)`
/// columns without their padding.
fn conform(
    batch: &RecordBatch,
    target: &SchemaRef,
    padded: &[usize],
) -> Result<RecordBatch, String> {
    let batch = dvt_connectors::cast_batch(batch, target).map_err(|e| e.to_string())?;
    strip_padding(batch, padded)
}

/// An extract's rows as its plan declares them (see [`conform`]), for staging into the
/// session of extract `slot`, counted into its `staged_rows`: a batch that does not conform
/// ends the stream with its error.
pub(crate) fn conformed(
    x: &Extract,
    data: SchemaStream,
    stats: Arc<Mutex<Vec<ExtractStats>>>,
    slot: usize,
) -> SchemaStream {
    let target = plan_schema(&x.columns);
    let padded = char_columns(&x.columns);
    let (connection, sql) = (x.connection.clone(), x.sql.clone());
    let schema = target.clone();
    let stream = data.stream.map(move |item| {
        let batch = conform(&item?, &target, &padded)
            .map_err(|e| dvt_io::connector::query_error(&connection, &sql, e))?;
        if let Ok(mut s) = stats.lock()
            && let Some(s) = s.get_mut(slot)
        {
            *s.staged_rows.get_or_insert(0) += batch.num_rows() as u64;
        }
        Ok(batch)
    });
    SchemaStream {
        schema,
        stream: Box::pin(stream),
    }
}

/// The columns declared `char(n)`.
fn char_columns(columns: &[PlanColumn]) -> Vec<usize> {
    columns
        .iter()
        .enumerate()
        .filter(|(_, c)| matches!(c.ty.parse::<DvtType>(), Ok(DvtType::Char { .. })))
        .map(|(i, _)| i)
        .collect()
}

/// `char(n)` values without their trailing blanks. They are padding, not data: the databases
/// compare `char(n)` values ignoring them (PAD SPACE) and PostgreSQL drops them in every cast to
/// text, but PostgreSQL sends them, and the engine's strings would compare them
/// (`'ASIA' <> 'ASIA   '`).
fn strip_padding(batch: RecordBatch, columns: &[usize]) -> Result<RecordBatch, String> {
    use datafusion::arrow::array::{AsArray, StringArray};
    if columns.is_empty() {
        return Ok(batch);
    }
    let mut arrays = batch.columns().to_vec();
    for &i in columns {
        let Some(a) = arrays.get(i) else { continue };
        let Some(s) = a.as_string_opt::<i32>() else {
            continue;
        };
        if !s.iter().flatten().any(|v| v.ends_with(' ')) {
            continue;
        }
        let trimmed: StringArray = s
            .iter()
            .map(|v| v.map(|v| v.trim_end_matches(' ')))
            .collect();
        arrays[i] = Arc::new(trimmed);
    }
    RecordBatch::try_new(batch.schema(), arrays).map_err(|e| e.to_string())
}

/// How many times the transform reads each table, after optimization.
pub(crate) fn reads(plan: &LogicalPlan) -> BTreeMap<String, usize> {
    let mut out = BTreeMap::new();
    let _ = plan.apply_with_subqueries(|n| {
        if let LogicalPlan::TableScan(s) = n {
            *out.entry(s.table_name.table().to_string()).or_insert(0) += 1;
        }
        Ok(TreeNodeRecursion::Continue)
    });
    out
}

#[async_trait]
impl Executor for EmbeddedExecutor {
    fn kind(&self) -> &'static str {
        "embedded"
    }

    async fn execute(
        &self,
        plan: &FederationPlan,
        connectors: &Connectors,
    ) -> Result<Execution, ExecError> {
        let opened = open_extracts(
            plan,
            connectors,
            &Opening {
                collect_shared: true,
                open_streamed: true,
                parallel: self.max_parallel_extracts,
                collect_memory: self.collect_memory,
                partitioning: &self.partitioning,
            },
        )
        .await?;
        // 3. The transform, cast to the planned output.
        let (stream, failure) = transform_stream(&opened.ctx, plan).await?;
        Ok(Execution {
            stream,
            stats: opened.stats,
            failure,
            warnings: opened.warnings,
            rows_counted: true,
        })
    }
}

/// How [`open_extracts`] reads.
pub(crate) struct Opening<'a> {
    /// Whether an extract the transform reads several times is collected (read once, held or
    /// spilled) — else it is streamed like the others (a caller that reads each extract once
    /// itself, as the Parquet staging does).
    pub collect_shared: bool,
    /// Whether the extracts are opened (else only their final SQL is computed: senders of
    /// join keys are still read for their keys).
    pub open_streamed: bool,
    /// At most this many extracts are collected at once.
    pub parallel: usize,
    /// Bytes of collected extracts held in memory before they spill.
    pub collect_memory: usize,
    pub partitioning: &'a PartitionPolicy,
}

/// The extracts of an execution, registered under their names in a fresh engine session.
pub(crate) struct Opened {
    pub ctx: SessionContext,
    pub stats: Arc<Mutex<Vec<ExtractStats>>>,
    pub warnings: Vec<FederationWarning>,
}

/// Every extract of `plan` opened through its native connector and registered in a new
/// [`engine_context`]: join keys pushed where the transform allows it ([`keys`]), each extract
/// opened once the keys pushed into it are known, read several times ⇒ collected (when
/// `collect_shared`), else streamed.
pub(crate) async fn open_extracts(
    plan: &FederationPlan,
    connectors: &Connectors,
    opening: &Opening<'_>,
) -> Result<Opened, ExecError> {
    let engine = |source: DataFusionError| ExecError::Engine {
        model: plan.model.clone(),
        source,
    };
    let ctx = engine_context();
    let (read, stats, schemas) = read_extracts(&ctx, plan, connectors, opening).await?;
    for (i, r) in read.read.into_iter().enumerate() {
        let t: Arc<dyn TableProvider> = match r {
            Read::Collected(rows) => rows.table(schemas[i].clone()).map_err(engine)?,
            Read::Streamed(t) => Arc::new(t),
            Read::Sql => continue,
        };
        ctx.register_table(plan.extracts[i].name.as_str(), t)
            .map_err(engine)?;
    }
    Ok(Opened {
        ctx,
        stats,
        warnings: read.warnings,
    })
}

/// The extracts of `plan` read as `opening` says ([`Extracts::read_all`]), with the join keys
/// the transform (planned in `ctx`) lets them push; their stats and planned schemas.
async fn read_extracts(
    ctx: &SessionContext,
    plan: &FederationPlan,
    connectors: &Connectors,
    opening: &Opening<'_>,
) -> Result<(ReadAll, Arc<Mutex<Vec<ExtractStats>>>, Vec<SchemaRef>), ExecError> {
    let engine = |source: DataFusionError| ExecError::Engine {
        model: plan.model.clone(),
        source,
    };
    let schemas = extract_schemas(plan);
    // 1. How often does the transform read each extract? (A caller that reads each
    // extract once itself can do without: then no keys are pushed.)
    let (optimized, counts) = match transform_reads(ctx, plan, &schemas).await {
        Ok((optimized, counts)) => (Some(optimized), counts),
        Err(e) if opening.collect_shared => return Err(engine(e)),
        Err(e) => {
            tracing::debug!(model = %plan.model, "no join keys pushed: the engine cannot plan the transform ({e})");
            (None, BTreeMap::new())
        }
    };
    let read_twice = |i: usize| counts.get(&plan.extracts[i].name).copied().unwrap_or(0) > 1;
    let x = Extracts {
        plan,
        connectors,
        schemas: &schemas,
        stats: Arc::new(Mutex::new(
            (0..plan.extracts.len())
                .map(|i| ExtractStats {
                    name: plan.extracts[i].name.clone(),
                    connection: plan.extracts[i].connection.clone(),
                    materialized: opening.collect_shared && read_twice(i),
                    partitions: 1,
                    ..Default::default()
                })
                .collect(),
        )),
        partitioning: opening.partitioning,
    };
    // 2. Extracts read several times are collected (in parallel, bounded), senders of
    // join keys read until their keys are known, the others streamed; each is opened
    // once the keys pushed into it are known.
    // (None under the `extract` strategy: every side is read whole.)
    let extract_only = plan
        .strategy
        .as_ref()
        .is_some_and(|s| s.strategy == dvt_planner::plan::Strategy::Extract);
    let pushes = optimized
        .filter(|_| !extract_only)
        .map(|o| keys::candidates(&o, &plan.extracts, &counts))
        .unwrap_or_default();
    let budget = CollectBudget::new(opening.collect_memory);
    let how = How {
        collect: (0..plan.extracts.len())
            .filter(|&i| opening.collect_shared && read_twice(i))
            .collect(),
        open_streamed: opening.open_streamed,
        parallel: opening.parallel,
        budget: &budget,
    };
    let read = x.read_all(&pushes, &how).await?;
    Ok((read, x.stats, schemas))
}

/// Every extract of `plan` read through its native connector as the embedded executor reads
/// it — join keys pushed where the transform allows it, partitioned as `partitioning` says —
/// for an executor that computes elsewhere from the rows dvt reads (Spark's staged extracts).
/// Each extract is read once: an extract the transform reads several times is streamed too.
pub async fn extract_streams(
    plan: &FederationPlan,
    connectors: &Connectors,
    parallel: usize,
    partitioning: &PartitionPolicy,
) -> Result<ExtractStreams, ExecError> {
    let opened = open_extracts(
        plan,
        connectors,
        &Opening {
            collect_shared: false,
            open_streamed: true,
            parallel,
            collect_memory: crate::DEFAULT_COLLECT_MEMORY,
            partitioning,
        },
    )
    .await?;
    let mut streams = Vec::with_capacity(plan.extracts.len());
    for x in &plan.extracts {
        let df = opened
            .ctx
            .table(x.name.as_str())
            .await
            .map_err(|e| exec_error(plan, e))?;
        streams.push(
            df.execute_stream_partitioned()
                .await
                .map_err(|e| exec_error(plan, e))?,
        );
    }
    Ok(ExtractStreams {
        streams,
        stats: opened.stats,
        warnings: opened.warnings,
    })
}

/// What [`extract_streams`] gives.
pub struct ExtractStreams {
    /// Per extract (in plan order), its partitions' batches, of the extract's planned schema
    /// ([`plan_schema`]); a failed read's error is turned into the executor's with
    /// [`ExtractStreams::error`].
    pub streams: Vec<Vec<SendableRecordBatchStream>>,
    /// Per extract: rows, bytes and partitions, counted as the streams are read.
    pub stats: Arc<Mutex<Vec<ExtractStats>>>,
    /// DVT005 for each join-key pushdown that could not be made.
    pub warnings: Vec<FederationWarning>,
}

impl ExtractStreams {
    /// The error of a failed stream of `plan`'s extracts: the failed extract's (with its
    /// source's code) when one failed, else the engine's.
    pub fn error(plan: &FederationPlan, e: DataFusionError) -> ExecError {
        exec_error(plan, e)
    }
}

/// The extracts' SQL after join-key pushdown, for an executor that reads the extracts itself
/// (Spark's JDBC reads): the pushdowns the transform allows are the embedded executor's
/// ([`keys`]); each sender is read here through its native connector until its keys are known
/// (past [`keys::MAX_KEYS`] or [`crate::DEFAULT_COLLECT_MEMORY`] it pushes nothing and its read
/// stops), senders first, and each receiver's SQL is filtered to its keys. Returns each extract's SQL, the keys pushed into each, and the DVT005
/// warnings of pushdowns that could not be made.
pub async fn key_pushed_sql(
    plan: &FederationPlan,
    connectors: &Connectors,
) -> Result<KeyPushed, ExecError> {
    // Senders are read until their keys are known; nothing is opened (Spark reads every
    // extract itself), nor split (Spark partitions its own reads). A transform the engine
    // cannot plan pushes nothing.
    let policy = PartitionPolicy {
        auto_partition_rows: None,
        ..PartitionPolicy::default()
    };
    let opening = Opening {
        collect_shared: false,
        open_streamed: false,
        parallel: 4,
        collect_memory: crate::DEFAULT_COLLECT_MEMORY,
        partitioning: &policy,
    };
    let (read, stats, _) = read_extracts(&engine_context(), plan, connectors, &opening).await?;
    let pushed_keys = stats
        .lock()
        .map(|s| s.iter().map(|s| s.pushed_keys).collect())
        .unwrap_or_default();
    Ok(KeyPushed {
        sql: read.sql,
        pushed_keys,
        warnings: read.warnings,
    })
}

/// What [`key_pushed_sql`] returns.
#[derive(Debug, Clone)]
pub struct KeyPushed {
    /// Each extract's SQL (filtered to the small side's keys where they were pushed).
    pub sql: Vec<String>,
    /// The keys pushed into each extract, if any.
    pub pushed_keys: Vec<Option<usize>>,
    /// DVT005 for each pushdown that could not be made.
    pub warnings: Vec<FederationWarning>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use datafusion::arrow::array::{AsArray, Int64Array, StringArray};
    use datafusion::arrow::datatypes::{DataType, Field};

    #[test]
    fn char_columns_lose_their_padding_and_other_strings_keep_theirs() {
        let cols =
            [("c", "char(5)"), ("v", "varchar(5)"), ("i", "bigint")].map(|(n, t)| PlanColumn {
                name: n.into(),
                ty: t.parse::<DvtType>().unwrap().to_string(),
                nullable: true,
            });
        let schema = Arc::new(Schema::new(vec![
            Field::new("c", DataType::Utf8, true),
            Field::new("v", DataType::Utf8, true),
            Field::new("i", DataType::Int64, true),
        ]));
        let batch = RecordBatch::try_new(
            schema,
            vec![
                Arc::new(StringArray::from(vec![Some("ab   "), None, Some("     ")])),
                Arc::new(StringArray::from(vec![Some("ab "), Some(" "), None])),
                Arc::new(Int64Array::from(vec![1, 2, 3])),
            ],
        )
        .unwrap();
        let out = strip_padding(batch, &char_columns(&cols)).unwrap();
        let c = out.column(0).as_string::<i32>();
        assert_eq!(
            c.iter().collect::<Vec<_>>(),
            vec![Some("ab"), None, Some("")]
        );
        let v = out.column(1).as_string::<i32>();
        assert_eq!(
            v.iter().collect::<Vec<_>>(),
            vec![Some("ab "), Some(" "), None]
        );
    }
}
