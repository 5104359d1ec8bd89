//! The Planner: decompose a model into per-source extract queries with as much pushed down as is
//! *correct*, and one transform, as a serializable [`FederationPlan`].
//!
//! ## How (and why this route)
//! DataFusion binds and types the model: every source relation is registered as a table whose
//! schema comes from the yml `columns:` (mapped through `dvt-types`), and the model's SQL —
//! translated into DataFusion's dialect first when it is written in another one — is planned and
//! optimized by DataFusion. Its optimizer does the correctness-critical work: a filter reaches a
//! table scan only where that is valid (never into the NULL-supplying side of an outer join
//! unless the filter rejects NULLs, in which case the join is simplified first), projections are
//! pruned, and a LIMIT reaches a scan only when nothing (ORDER BY, GROUP BY, DISTINCT, join,
//! remaining filter) sits between them. dvt then owns the SQL generation: each scan becomes an
//! extract in its source's dialect — columns, pushed filters (unparsed by DataFusion, then
//! translated through dvt's [`crate::translate`] function catalog) and limit — instead of
//! unparsing optimized join subtrees (apache/datafusion#25545) or trusting
//! datafusion-federation's mixed-source pushdown (its issues #23, #94).
//!
//! Every pushed filter is *inexact*: the transform applies it again, so a source can only ever
//! return a superset of the rows the engine keeps. A filter is not pushed (DVT005 says why) when
//! the source dialect cannot express it or when its translation carries a semantic warning. On
//! a source whose collation may ignore case or trailing spaces, a table's filter is pushed only
//! when it keeps a superset of the engine's rows there: `=`, `IN` and `LIKE` under AND / OR,
//! outside NOT (inside a pushed join or aggregate subtree no string is compared exactly: such a
//! filter is lifted to the engine and also written in place as the wider filter).
//!
//! The query's clock — `current_date`, `now()` / `current_timestamp`, `current_time` — is
//! planned as a function call, never folded into the planning instant's literal: a plan may run
//! on another day than it was made, and every SQL it holds (extracts, the DataFusion and Spark
//! transform, EXPLAIN) says what runs. The executor reads the clock when the plan runs, in UTC.
//! Only `current_date` is pushed, and only to PostgreSQL, MySQL and MariaDB (UTC sessions on
//! every executor); `now()` and `current_time` stay in the transform (a source's precision and
//! type differ), and so does any clock on another source (DVT005 says why).
//!
//! When every relation of the model lives on one server, the whole query is that server's
//! (`direct` when it is the target's server; otherwise one extract holds the whole query).
//!
//! ## Same-server subtrees of a mixed-source query
//! First, each tree of INNER joins is regrouped by server (`group`): the tables of one server
//! that join each other, directly or through keys the tree's equalities make equal, are joined
//! first, so a join DataFusion kept in the written order (`FROM part, lineitem, partsupp,
//! supplier`) does not separate them; a condition is applied at the lowest join whose inputs
//! hold its columns, and a projection restores the column order. Then,
//! walking the regrouped plan top down (and into uncorrelated scalar subqueries), the first node on each path that reads one server
//! only and holds something a per-table extract cannot do (a join, an aggregate, a window, a
//! sort, a DISTINCT, a UNION, a LIMIT above a filter) goes to that server whole, as one extract
//! (`__dvt_push_N`) — if every node and expression in it is evaluated by the source exactly as
//! by the engine; else its children are tried (a smaller subtree, down to per-table extracts).
//! Not pushed: subquery expressions inside a subtree, volatile functions, the clock (above, but `current_date`),
//! division and modulo (rounding and division by zero differ), aggregates other than
//! COUNT/SUM/MIN/MAX — but `AVG` of a decimal goes to PostgreSQL written as the engine computes
//! it (`ROUND(q - SIGN(q) * 0.0…05, s)`, `q = SUM(x) * 1.0… / COUNT(x)` with 20 more digits
//! than the scale `s` of its type: the exact average truncated at `s`, as DataFusion's, which
//! PostgreSQL's unbounded `numeric` computes exactly; `Caps::exact_avg`) — and windows other than ROW_NUMBER/RANK/DENSE_RANK/COUNT/SUM/MIN/MAX, casts
//! whose rounding or text format may differ,
//! decimal arithmetic on SQLite (doubles), FULL JOIN on MySQL/MariaDB, any string comparison,
//! grouping, sorting or computation where the source's default collation is case-insensitive
//! (MySQL, MariaDB, SQLite, SQL Server), a subtree whose translation raises DVT003/DVT004/DVT006,
//! and a sort whose order would be lost (the transform reads an extract as an unordered table;
//! a LIMIT never goes down without everything below it, as it is part of the subtree).
//! A filter conjunct the source must not evaluate does not stop its subtree when it commutes
//! with every node above it in the subtree (inner joins, the preserved side of outer and
//! semi/anti joins, projections, filters): it is lifted, the columns it reads ride along as
//! hidden `__dvt_xN` extract columns, and the transform applies it (DVT005 says why). Filters
//! are placed by DataFusion's optimizer, which only moves a filter into the NULL-supplying side
//! of an outer join after turning the join into an inner one for a NULL-rejecting filter.
//!
//! The extract SQL is written by dvt from the plan nodes (`sqlgen`), in DataFusion's dialect,
//! then translated through [`crate::translate`] into the source's dialect. It does not unparse
//! the optimized join subtree with DataFusion's unparser (apache/datafusion#25545 gave invalid
//! PostgreSQL): every column is resolved by position in its input's schema, every derived table
//! and column gets an explicit unique alias, and a node extends its input's `SELECT` only where
//! SQL's clause order matches the plan's (else the input becomes a derived table); joins chain in
//! one `FROM` and a side's `WHERE` is lifted above a join only where that is valid. Only single
//! expressions are unparsed by DataFusion, with placeholders for their columns.
//!
//! When a subtree is pushed, the transform is the optimized plan written the same way, with each
//! pushed subtree read as its extract (applying its lifted filters) and every other scan as its
//! per-table extract; it is planned once more over the extracts' declared columns and must give
//! the model's output names and types, else nothing is pushed and the transform is the model's
//! own SQL over per-table extracts. Spark SQL is the translation of that DataFusion SQL.
//! DVT007 is raised for every join whose sides read different servers, never for a pushed one.
//!
//! Once planned, a model whose joins span servers gets a strategy ([`Strategy`], the
//! `strategy` module): its extracts as planned (`extract`, or `semi_join` where the engine
//! pushes join keys), or — when the sources' statistics say it moves far fewer rows, or the
//! model's `federation: {strategy: move}` config says so — planned again with the other
//! servers' per-table extracts staged in temporary tables of one PostgreSQL session
//! ([`StagedInput`]), so the cross-server join runs on that server as one query.
//!
//! An incremental model's watermark — a `WHERE` comparing a column with an uncorrelated scalar
//! subquery over `{{ this }}` alone — is listed in [`FederationPlan::watermarks`]; planned
//! again with its value read on the target ([`PlanInput::watermarks`]), the comparison with
//! that literal is added beside it and pushed into the column's extract by the rules above
//! ([`Watermark`] says why that keeps the result).

mod datafusion_plan;
pub mod decimal;
mod estimate;
mod group;
mod input;
mod names;
pub mod null_aware;
mod push;
mod render;
mod sqlgen;
mod strategy;
mod watermark;

use serde::{Deserialize, Serialize};

use dvt_core::FederationWarning;

pub use datafusion_plan::DataFusionPlanner;
pub use input::{
    ColumnStats, PlanInput, Relation, RelationKind, THIS, TableStats, ThisTable, merge_columns,
    plan_input, plan_input_with,
};
pub use names::engine_column;
pub use render::explain_text;
pub use strategy::{Strategy, StrategyChoice, StrategyCost};
pub use watermark::{Watermark, WatermarkValue};

use crate::translate::DbKind;

/// A column of an extract or of the model's output.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanColumn {
    /// Column name.
    pub name: String,
    /// Canonical type (`dvt-types` spelling, e.g. `varchar(255)`, `timestamptz(6)`).
    #[serde(rename = "type")]
    pub ty: String,
    /// Whether it may be NULL.
    pub nullable: bool,
}

/// What besides projection and filters was pushed into an extract.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Pushed {
    /// Row limit pushed into the extract (for a pushed subtree: the limit at its top).
    pub limit: Option<usize>,
    /// The extract holds the whole query (joins, aggregates, ordering included).
    pub whole_query: bool,
    /// Joins evaluated by the source (a pushed same-server subtree).
    pub joins: usize,
    /// A GROUP BY / aggregate evaluated by the source.
    pub aggregate: bool,
    /// Window functions evaluated by the source.
    pub window: bool,
    /// An ORDER BY evaluated by the source (with a limit, or below one).
    pub order_by: bool,
}

/// One query sent to one source.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Extract {
    /// The name the transform reads it by.
    pub name: String,
    /// The output (connection) it runs on.
    pub connection: String,
    /// The SQL dialect of `sql`.
    pub dialect: DbKind,
    /// The query, verbatim.
    pub sql: String,
    /// dbt `unique_id`s of the sources (and models) it reads.
    pub sources: Vec<String>,
    /// Its output columns.
    pub columns: Vec<PlanColumn>,
    /// Predicates evaluated by the source, as sent.
    pub pushed_predicates: Vec<String>,
    /// What else was pushed.
    pub pushed: Pushed,
    /// The rows it is estimated to return, from its source's statistics and the filters it
    /// sends (a per-table extract whose relation has a row estimate; see `estimate`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub estimated_rows: Option<u64>,
    /// Extracts of other servers whose rows are loaded into temporary tables of this
    /// extract's session before it runs (data movement; see [`Strategy::Move`]).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub staged: Vec<StagedInput>,
}

/// An extract staged into a temporary table of another extract's session.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StagedInput {
    /// The temporary table (its server's temporary schema; the receiving SQL names it).
    pub table: String,
    /// The per-table extract whose rows fill it, on its own server.
    pub extract: Extract,
}

/// The part of the model that runs in the engine.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Transform {
    /// The query for the embedded engine (DataFusion SQL over the extracts' names).
    pub datafusion_sql: String,
    /// The same query as Spark SQL over the extracts' temp views.
    pub spark_sql: String,
    /// Why Spark SQL would not mean what the model means, when it would not: the Spark
    /// executor then refuses the plan (DVT519) instead of returning other rows.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub spark_refusal: Option<String>,
}

/// The plan of one model.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FederationPlan {
    /// The model's `unique_id`.
    pub model: String,
    /// The output (connection) the result is written to.
    pub target: String,
    /// The target's SQL dialect.
    pub target_dialect: DbKind,
    /// The whole query runs on the target's own server (the adapter path).
    pub direct: bool,
    /// Queries sent to sources.
    pub extracts: Vec<Extract>,
    /// What runs in the engine.
    pub transform: Transform,
    /// The model's output columns with their types.
    pub output_columns: Vec<PlanColumn>,
    /// DVT001–DVT007 warnings raised while planning.
    pub warnings: Vec<FederationWarning>,
    /// What the sources' databases say about the relations' sizes (their statistics, read
    /// with their schemas), for the relations that have any.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub statistics: Vec<RelationStats>,
    /// The incremental watermarks pushed into source extracts (see [`Watermark`]).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub watermarks: Vec<Watermark>,
    /// How the cross-server joins run, and the estimates that chose it (`None`: no join
    /// spans servers).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub strategy: Option<StrategyChoice>,
}

/// A relation's statistics as a plan shows them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RelationStats {
    /// The relation as the model names it (`source('crm', 'customers')`).
    pub relation: String,
    /// The output it lives on.
    pub connection: String,
    /// Its estimates.
    pub stats: TableStats,
}

impl RelationStats {
    /// The statistics of an input's relations that have any.
    pub fn of(input: &PlanInput) -> Vec<Self> {
        input
            .relations
            .iter()
            .filter(|r| !r.stats.is_empty())
            .map(|r| Self {
                relation: r.display.clone(),
                connection: r.connection.clone(),
                stats: r.stats.clone(),
            })
            .collect()
    }
}

/// Errors of planning (codes DVT310–DVT319).
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum PlanError {
    /// A source table without declared column types whose catalog was not read.
    #[error(
        "{code}: {relation} has no declared column types and its database's catalog was not read: plan through a run or explain (they discover source schemas: `LoadedProject::discover`), or declare `columns:` with `data_type:` in a models/*.yml file", code = self.code()
    )]
    MissingSchema {
        /// The relation (`source('a', 'b')` or `ref('m')`).
        relation: String,
    },
    /// A declared column type that cannot be parsed.
    #[error("{code}: column {column} of {relation}: {message}", code = self.code())]
    BadType {
        /// The relation.
        relation: String,
        /// The column.
        column: String,
        /// The parser's message.
        message: String,
    },
    /// The model's SQL could not be translated into the engine's dialect.
    #[error("{code}: model {model}: {source}", code = self.code())]
    Translate {
        /// The model.
        model: String,
        /// The translation error.
        #[source]
        source: crate::translate::TranslateError,
    },
    /// The engine could not plan the model (unknown column, type error, …).
    #[error("{code}: model {model} cannot be planned: {}", users_words(source), code = self.code())]
    Engine {
        /// The model.
        model: String,
        /// DataFusion's error.
        #[source]
        source: datafusion::error::DataFusionError,
    },
    /// A connection whose database has no SQL dialect dvt can write.
    #[error("{code}: {what} uses {adapter}, which dvt cannot generate SQL for yet", code = self.code())]
    UnsupportedAdapter {
        /// The connection or model.
        what: String,
        /// The adapter type.
        adapter: String,
    },
    /// A model config the planner reads has a value it does not take.
    #[error("{code}: model {model}: {message}; fix the model's config (dbt_project.yml or its config() block)", code = self.code())]
    BadConfig {
        /// The model.
        model: String,
        /// What is wrong.
        message: String,
    },
    /// A project-model error while preparing the plan.
    #[error(transparent)]
    Core(#[from] dvt_core::CoreError),
}

/// DataFusion's message without its advice on a misspelt name, which names a setting of its
/// own, not the user's.
fn users_words(e: &datafusion::error::DataFusionError) -> String {
    e.to_string().replace(
        " or disable the datafusion.sql_parser.enable_ident_normalization configuration",
        "",
    )
}

impl PlanError {
    /// The stable code, e.g. `DVT310`.
    pub fn code(&self) -> &'static str {
        match self {
            Self::MissingSchema { .. } => "DVT310",
            Self::BadType { .. } => "DVT311",
            Self::Translate { .. } => "DVT312",
            Self::Engine { .. } => "DVT313",
            Self::UnsupportedAdapter { .. } => "DVT314",
            Self::BadConfig { .. } => "DVT315",
            Self::Core(e) => e.code(),
        }
    }
}

/// Plans models: one [`PlanInput`] in, one serializable [`FederationPlan`] out.
///
/// Asynchronous (binding a query may look tables up) and never blocking a thread inside;
/// `Send + Sync`, so one planner serves every model of a run (the runner takes it as
/// `Arc<dyn Planner>`).
#[async_trait::async_trait]
pub trait Planner: std::fmt::Debug + Send + Sync {
    /// Plan one model.
    async fn plan(&self, input: &PlanInput) -> Result<FederationPlan, PlanError>;
}
