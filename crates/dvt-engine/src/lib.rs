//! `dvt-engine`: the execute stage of dvt-rs — extract → transform → load.
//!
//! - [`executor`]: the [`Executor`] contract (a [`dvt_planner::FederationPlan`] in, the model's
//!   rows out) and the [`EmbeddedExecutor`] on DataFusion; [`Connectors`] opens the profile's
//!   outputs once per run.
//! - [`runner`]: one model end to end — plan, then either the direct path (the whole query on
//!   the target, as dbt's adapter would run it) or the federation path (an executor), then an
//!   atomic load ([`dvt_core::load`]) — and the [`dvt_core::run::ModelRunner`] that `dvt run`
//!   drives over the DAG.
//!
//! The `Executor` trait lives here rather than in `dvt-core` because it takes a
//! `FederationPlan`, which the planner (above `dvt-core`) defines; the `Connector` trait needs
//! only Arrow and lives in `dvt-core`.

// Errors carry the database's full coded message; they are the cold path, so their size is not
// worth boxing.
#![allow(clippy::result_large_err)]

pub mod error;
pub mod executor;
pub mod keys;
/// The three-valued `IN (subquery)` rewrite, applied by the planner and the engine alike.
pub use dvt_planner::plan::null_aware;
pub mod partition;
pub mod runner;

pub use error::ExecError;
pub use executor::{
    Connectors, EmbeddedExecutor, Execution, Executor, ExecutorFactory, ExtractStats, Written,
};
pub use partition::{AUTO_PARTITION_ROWS, PartitionPolicy};
pub use runner::{ModelRun, ProjectRunner};
