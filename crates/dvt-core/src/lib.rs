//! `dvt-core`: the project model (dbt-compatible), the Resolver, warnings and errors.
//!
//! The pipeline of dvt-rs is resolve → plan → translate → execute. This crate owns the first
//! step and the vocabulary the others share:
//!
//! - [`project`]: `dbt_project.yml`, models and their properties, sources; [`manifest`]: the
//!   same from dbt's `manifest.json`; [`config`]: model configs and dbt's precedence;
//! - [`model`]: model SQL rendering (`ref`, `source`, `config`, `this`, `is_incremental`);
//! - [`profiles`]: `profiles.yml`, outputs as [`profiles::Connection`]s, server identity;
//! - [`computes`]: `computes.yml`, the engines that run federated models;
//! - [`dag`]: the model DAG, waves and cycle detection;
//! - [`resolver`]: where each model lands and whether it needs federation;
//! - [`session`]: loading all of the above for a command;
//! - [`discover`]: source schemas read from each database's catalog, once per run;
//! - [`jinja`]: `env_var()` / `var()` rendering of YAML and SQL;
//! - [`warning`]: the federation warnings DVT001–DVT009 and their collector;
//! - [`error`]: [`CoreError`], every variant coded (DVT100–DVT124);
//! - [`secret`]: values that never print;
//! - [`connector`]: the [`connector::Connector`] trait native database connectors implement;
//! - [`load`]: atomic loads through a staging table, with a journal for crashed runs;
//! - [`run`]: `--select`, waves up to `--threads`, `run_results.json`.

pub mod computes;
pub mod config;
pub mod connector;
pub mod dag;
pub mod discover;
pub mod env;
pub mod error;
pub mod jinja;
pub mod load;
pub mod manifest;
pub mod model;
pub mod profiles;
pub mod project;
pub mod resolver;
pub mod run;
pub mod secret;
pub mod session;
pub mod warning;

pub use error::{CoreError, Result};
pub use secret::Secret;
pub use warning::{FederationWarning, WarningCode, WarningCollector};
