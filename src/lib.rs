//! `dvt` — the front door of dvt-rs.
//!
//! dvt-rs runs dbt-style SQL models whose inputs live in other databases than the model's
//! target: resolve → plan → translate → execute (extract → transform → load). This crate is
//! what a program embedding it depends on. A [`Session`] opens a dbt project once — project,
//! profile, computes, the resolution of every model and the DAG — and then, per model:
//! - [`Session::plan`]: the [`FederationPlan`](planner::FederationPlan) (direct on the target,
//!   or extracts pushed down to each source plus a transform), to inspect, store or run later
//!   with [`Session::run_plan`]; [`Session::explain`] is the same as text;
//! - [`Session::query`]: the model's rows as an Arrow stream, computed as a run would but
//!   loaded nowhere;
//! - [`Session::run`]: the DAG, or a `--select`ion of it ([`RunOptions`]: threads, artifacts,
//!   an observer), each model loaded atomically into its target.
//!
//! [`OpenOptions`] carries what the CLI's flags would (`--profiles-dir`, `--target`, vars,
//! `--compute`), the environment `env_var()` reads, the planner, and executors of one's own
//! for computes.yml `type:`s other than `embedded` and `spark` ([`OpenOptions::executor`]).
//! Every failure is one [`Error`] whose [`Error::code`] is the DVT code; every stage's warnings
//! are in [`Session::warnings`]. See [`session`] for more.
//!
//! [`prelude`] imports what that needs. The crate also re-exports the workspace's crates so that
//! a user can depend on one crate: resolve ([`core`]) → plan ([`planner`]) and translate
//! ([`translate`]) → execute ([`engine`] with the native [`connectors`]; [`spark`], [`jdbc`]),
//! with the type system in [`types`]; [`runner`] is the engine's runner with every executor of
//! this build.
//!
//! The quickstart project (`examples/projects/quickstart`): two SQLite files stand for two
//! servers, so the model joining them is federated and the one reading the warehouse is not.
//!
//! ```
//! use dvt::connectors::sqlite::SqliteConnector;
//! use dvt::io::connector::Connector;
//! use dvt::prelude::*;
//!
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! # let data = tempfile::tempdir()?;
//! # let project = data.path().join("project"); // a copy: its target/ artifacts land here
//! # let quickstart = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/projects/quickstart");
//! # for file in ["dbt_project.yml", "profiles.yml", "computes.yml", "models/sources.yml",
//! #              "models/customer_revenue.sql", "models/top_countries.sql"] {
//! #     std::fs::create_dir_all(project.join(file).parent().unwrap())?;
//! #     std::fs::copy(quickstart.join(file), project.join(file))?;
//! # }
//! tokio::runtime::Runtime::new()?.block_on(async {
//!     SqliteConnector::at("crm", data.path().join("crm.db"))
//!         .execute("CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT, country TEXT)")
//!         .await?;
//!     SqliteConnector::at("shop", data.path().join("shop.db"))
//!         .execute("CREATE TABLE orders (id INTEGER PRIMARY KEY, customer_id INTEGER,
//!                   amount NUMERIC(10,2), status TEXT, ordered_at TIMESTAMP)")
//!         .await?;
//!
//!     // The profile reads the data folder from `env_var('DVT_QUICKSTART_DATA')`.
//!     let data_dir = data.path().display().to_string();
//!     let options = OpenOptions::new(&project).env_vars([("DVT_QUICKSTART_DATA", data_dir)]);
//!     let session = Session::open(options)?;
//!     let plan = session.plan("customer_revenue").await?;
//!     assert!(!plan.direct); // crm and shop are two servers: one extract each, joined by dvt
//!     assert_eq!(plan.extracts.len(), 2);
//!     assert!(session.plan("top_countries").await?.direct); // only the warehouse: runs there
//!     Ok::<_, Box<dyn std::error::Error>>(())
//! })?;
//! # Ok(())
//! # }
//! ```

pub mod session;

pub use session::{Error, OpenOptions, RunOptions, Session};

/// What a program that embeds dvt usually needs: `use dvt::prelude::*;`.
pub mod prelude {
    pub use crate::session::{Error, OpenOptions, RunOptions, Session};
    pub use dvt_core::{FederationWarning, WarningCode};
    pub use dvt_engine::run::{RunResults, Status};
    pub use dvt_planner::FederationPlan;
}

pub use dvt_connectors as connectors;
pub use dvt_core as core;
pub use dvt_engine as engine;
pub use dvt_io as io;
pub use dvt_jdbc as jdbc;
pub use dvt_planner as planner;
pub use dvt_spark as spark;
pub use dvt_translate as translate;
pub use dvt_types as types;

use dvt_core::resolver::Resolution;
use dvt_core::session::LoadedProject;
use dvt_engine::ProjectRunner;

/// A [`ProjectRunner`] with every executor this build has: the embedded engine, and Spark
/// Connect for computes of `type: spark`. `compute` is `--compute` (default: computes.yml).
pub fn runner(
    loaded: LoadedProject,
    resolution: Resolution,
    compute: Option<String>,
) -> ProjectRunner {
    ProjectRunner::new(loaded, resolution, compute)
        .with_executor_factory(std::sync::Arc::new(dvt_spark::SparkExecutorFactory))
}
