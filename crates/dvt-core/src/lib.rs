//! `dvt-core`: the project model (dbt-compatible), the Resolver, warnings and errors.
//!
//! The pipeline of dvt-rs is resolve → plan → translate → execute. This crate owns the first
//! step and the vocabulary the others share:
//!
//! - [`profiles`]: `profiles.yml`, outputs as [`profiles::Connection`]s, server identity;
//! - [`jinja`]: `env_var()` / `var()` rendering of YAML and SQL;
//! - [`warning`]: the federation warnings DVT001–DVT007 and their collector;
//! - [`error`]: [`CoreError`], every variant coded (DVT100–DVT115);
//! - [`secret`]: values that never print.

pub mod env;
pub mod error;
pub mod jinja;
pub mod profiles;
pub mod secret;
pub mod warning;

pub use error::{CoreError, Result};
pub use secret::Secret;
pub use warning::{FederationWarning, WarningCode, WarningCollector};
