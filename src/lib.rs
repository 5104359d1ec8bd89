//! `dvt` — the facade crate of dvt-rs.
//!
//! It re-exports the workspace's crates so that a user can depend on one crate:
//! resolve ([`core`]) → plan and translate ([`planner`]) → execute ([`engine`] with the native
//! [`connectors`]; [`spark`], [`jdbc`]), with the type system in [`types`].

pub use dvt_connectors as connectors;
pub use dvt_core as core;
pub use dvt_engine as engine;
pub use dvt_jdbc as jdbc;
pub use dvt_planner as planner;
pub use dvt_spark as spark;
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
