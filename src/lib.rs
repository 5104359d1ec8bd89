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
