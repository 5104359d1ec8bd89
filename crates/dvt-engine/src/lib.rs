//! `dvt-engine`: the execute stage of dvt-rs — extract → transform → load.
//!
//! [`ProjectRunner`] runs the models of one resolved project (one run id, one journal of
//! staging tables, the profile's outputs opened once as [`Connectors`]). For each model it
//! discovers the sources' schemas, plans (the [`dvt_planner::DataFusionPlanner`] unless
//! [`ProjectRunner::with_planner`] says otherwise), then takes one of two paths:
//! - **direct**, when the whole query lives on the target's server: the target runs it itself,
//!   as dbt's adapter would;
//! - **federation** otherwise: an [`Executor`] runs the [`dvt_planner::FederationPlan`] and its
//!   rows are loaded into the target through a staging table and one atomic swap
//!   ([`dvt_io::load`]). The compute is `--compute`, else computes.yml's default.
//!
//! It also implements [`run::ModelRunner`], which [`run::run_models`] (what `dvt run` calls:
//! `--select`, waves of the DAG up to `--threads`, `run_results.json`) drives, and can plan a model without running it ([`ProjectRunner::plan`], for EXPLAIN) or compute its
//! rows as an Arrow stream loaded nowhere ([`ProjectRunner::query`]).
//!
//! - [`executor`]: the [`Executor`] contract (a plan in, the model's rows out) and the
//!   [`EmbeddedExecutor`] on DataFusion, which streams each extract read once from its source
//!   through the transform into the load; computes of other `type:`s (Spark, or a program's
//!   own) come from an [`ExecutorFactory`] ([`ProjectRunner::with_executor_factory`]) — none
//!   for a model's compute is DVT502;
//! - [`partition`]: which extracts are read over several connections ([`PartitionPolicy`]);
//!   [`keys`]: join-key pushdown from the small side of a cross-source join;
//! - [`error`]: [`ExecError`] (DVT500–DVT502); a database's error keeps its own code.
//!
//! The `Executor` trait lives here rather than in `dvt-core` because it takes a
//! `FederationPlan`, which the planner (above `dvt-core`) defines; the `Connector` trait needs
//! only Arrow and lives in `dvt-core`.
//!
//! Two SQLite files stand for two servers; the model joining them runs on the embedded engine
//! and lands in a third:
//!
//! ```
//! use datafusion::arrow::array::AsArray;
//! use datafusion::arrow::datatypes::Int64Type;
//! use dvt_connectors::sqlite::SqliteConnector;
//! use dvt_core::WarningCollector;
//! use dvt_io::connector::Connector;
//! use dvt_core::session::{LoadArgs, LoadedProject};
//! use dvt_engine::ProjectRunner;
//! use futures::TryStreamExt;
//!
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let dir = tempfile::tempdir()?;
//! let write = |rel: &str, text: &str| -> std::io::Result<()> {
//!     let path = dir.path().join(rel);
//!     std::fs::create_dir_all(path.parent().unwrap())?;
//!     std::fs::write(path, text)
//! };
//! write("dbt_project.yml", "name: p\nprofile: p\nmodels: {p: {+materialized: table}}\n")?;
//! write("profiles.yml", "
//! p:
//!   target: wh
//!   outputs:
//!     wh: {type: sqlite, path: wh.db}
//!     crm: {type: sqlite, path: crm.db}
//!     shop: {type: sqlite, path: shop.db}
//! ")?;
//! write("computes.yml", "default: {target: local, computes: {local: {type: embedded}}}\n")?;
//! write("models/sources.yml", "
//! version: 2
//! sources:
//!   - {name: crm, connection: crm, tables: [{name: customers}]}
//!   - {name: shop, connection: shop, tables: [{name: orders}]}
//! ")?;
//! write("models/items.sql", "
//! select c.name, sum(o.qty) as qty
//! from {{ source('crm', 'customers') }} c join {{ source('shop', 'orders') }} o on o.customer_id = c.id
//! group by c.name
//! ")?;
//!
//! tokio::runtime::Runtime::new()?.block_on(async {
//!     SqliteConnector::at("crm", dir.path().join("crm.db"))
//!         .execute("CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT);
//!                   INSERT INTO customers VALUES (1, 'ann'), (2, 'bob')")
//!         .await?;
//!     SqliteConnector::at("shop", dir.path().join("shop.db"))
//!         .execute("CREATE TABLE orders (id INTEGER PRIMARY KEY, customer_id INTEGER, qty INTEGER);
//!                   INSERT INTO orders VALUES (1, 1, 2), (2, 1, 3), (3, 2, 1)")
//!         .await?;
//!
//!     let loaded = LoadedProject::load(&LoadArgs::new(dir.path()))?;
//!     let resolution = loaded.resolve(&WarningCollector::new())?;
//!     let runner = ProjectRunner::new(loaded, resolution, None);
//!     let run = runner.run_one("items").await?;
//!     assert!(!run.plan.direct); // one extract per source, the join in the engine
//!     assert_eq!(run.outcome.rows_affected, 2);
//!
//!     let wh = SqliteConnector::at("wh", dir.path().join("wh.db"));
//!     let rows = wh.extract("SELECT qty FROM items ORDER BY name").await?;
//!     let batches: Vec<_> = rows.stream.try_collect().await?;
//!     assert_eq!(batches[0].column(0).as_primitive::<Int64Type>().values(), &[5, 1]);
//!     Ok::<_, Box<dyn std::error::Error>>(())
//! })?;
//! # Ok(())
//! # }
//! ```

// Errors carry the database's full coded message; they are the cold path, so their size is not
// worth boxing.
#![allow(clippy::result_large_err)]

pub mod error;
pub mod executor;
pub mod keys;
/// The three-valued `IN (subquery)` rewrite, applied by the planner and the engine alike.
pub use dvt_planner::plan::null_aware;
mod extracts;
pub mod partition;
mod prefetch;
pub mod run;
pub mod runner;
mod spill;
mod watermarks;

pub use error::ExecError;
pub use executor::{
    Connectors, EmbeddedExecutor, Execution, Executor, ExecutorFactory, ExtractStats,
    ExtractStreams, KeyPushed, Written, extract_streams, key_pushed_sql,
};
pub use partition::{AUTO_PARTITION_ROWS, PartitionPolicy};
pub use runner::{ModelRun, ProjectRunner};
pub use spill::DEFAULT_COLLECT_MEMORY;
