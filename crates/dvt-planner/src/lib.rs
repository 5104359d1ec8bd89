//! dvt-planner: the DialectTranslator and the federation Planner.
//!
//! This crate is deliberately empty until the translator and planner land; it exists so the
//! workspace's dependency direction (types → core → planner) is fixed from the first commit.

/// The DialectTranslator (the `dvt-translate` crate), as the planner uses it.
pub use dvt_translate as translate;

pub use translate::{DialectTranslator, SqlDialect, TranslateError, Translation, Translator};

pub mod plan;

pub use plan::{DataFusionPlanner, FederationPlan, PlanError, Planner};
pub mod tpch;
