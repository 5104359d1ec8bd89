//! `dvt` — the front door of dvt-rs.
//!
//! [`Session`] opens a dbt project and plans, explains, runs or queries its models (see
//! [`session`]); [`prelude`] imports what that needs. The crate also re-exports the workspace's
//! crates so that a user can depend on one crate: resolve ([`core`]) → plan ([`planner`]) and
//! translate ([`translate`]) → execute ([`engine`] with the native [`connectors`]; [`spark`], [`jdbc`]),
//! with the type system in [`types`].

pub mod session;

pub use session::{Error, OpenOptions, RunOptions, Session};

/// What a program that embeds dvt usually needs: `use dvt::prelude::*;`.
pub mod prelude {
    pub use crate::session::{Error, OpenOptions, RunOptions, Session};
    pub use dvt_core::run::{RunResults, Status};
    pub use dvt_core::{FederationWarning, WarningCode};
    pub use dvt_planner::FederationPlan;
}

pub use dvt_connectors as connectors;
pub use dvt_core as core;
pub use dvt_engine as engine;
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
