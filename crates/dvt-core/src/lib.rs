//! `dvt-core`: the project model (dbt-compatible), the Resolver, warnings and errors.
//!
//! The pipeline of dvt-rs is resolve → plan → translate → execute. This crate owns the first
//! step and the vocabulary the later ones share. [`session::LoadedProject::load`] reads a
//! project as dbt does — `dbt_project.yml` and `models/**` ([`project`], or dbt's own
//! `manifest.json` through [`manifest`]), `profiles.yml` ([`profiles`]: every output is a
//! [`profiles::Connection`] with its [`profiles::ServerKey`]) and `computes.yml` ([`computes`]:
//! the engines for federated models) — rendering Jinja ([`jinja`], [`model`]), whose `env_var()`
//! reads an [`env::Environment`] that tests and embedding tools can supply. Model configs follow
//! dbt's precedence ([`config`]).
//!
//! [`session::LoadedProject::resolve`] then runs the [`resolver`]: each model's target is
//! `--target` > its `target` config > the profile's default, and it needs federation iff an
//! input (a source on its `connection:`, or a ref'd model on its own target) lives on another
//! *server* — host, port and database or file as the adapter defines it, not the output's name.
//! A federated `view` or `ephemeral` becomes a `table` (DVT001). Loading and resolving open no
//! database.
//!
//! What the later stages share:
//! - [`discover`]: source schemas read once per run through `dvt-io`'s `Connector` (the
//!   contract every database is opened through, with the atomic load and its journal, lives in
//!   the `dvt-io` crate);
//! - [`dag`]: the models' DAG (the engine's `run` module orchestrates runs over it);
//! - [`warning`]: the federation warnings DVT001–DVT009 (defined in `dvt-types`) and the
//!   [`WarningCollector`] every stage records them in — a warning never stops a run;
//! - [`error`]: [`CoreError`], every variant coded (DVT100–DVT124; `dvt-io`'s errors wrapped); [`secret`]: values that
//!   never print (a connection's passwords and tokens are [`Secret`]s, redacted in `Debug` and
//!   `Display`).
//!
//! Two SQLite files are two servers, so a model reading one and landing in the other is
//! federated:
//!
//! ```
//! use dvt_core::config::Materialization;
//! use dvt_core::session::{LoadArgs, LoadedProject};
//! use dvt_core::{WarningCode, WarningCollector};
//!
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let dir = tempfile::tempdir()?;
//! let write = |rel: &str, text: &str| -> std::io::Result<()> {
//!     let path = dir.path().join(rel);
//!     std::fs::create_dir_all(path.parent().unwrap())?;
//!     std::fs::write(path, text)
//! };
//! write("dbt_project.yml", "name: shop\nprofile: shop\nmodel-paths: [models]\n")?;
//! write("profiles.yml", "
//! shop:
//!   target: warehouse
//!   outputs:
//!     warehouse: {type: sqlite, path: warehouse.db}
//!     crm: {type: sqlite, path: crm.db}
//! ")?;
//! write("models/sources.yml", "
//! version: 2
//! sources:
//!   - name: crm
//!     connection: crm
//!     tables: [{name: customers}]
//! ")?;
//! write("models/customers.sql", "select id, name from {{ source('crm', 'customers') }}")?;
//! write("models/crm_copy.sql", "{{ config(target='crm') }} select * from {{ source('crm', 'customers') }}")?;
//!
//! let mut args = LoadArgs::new(dir.path());
//! args.profiles_dir = Some(dir.path().into());
//! let warnings = WarningCollector::new();
//! let resolution = LoadedProject::load(&args)?.resolve(&warnings)?;
//!
//! let customers = &resolution.models["model.shop.customers"];
//! assert_eq!(customers.target, "warehouse");
//! assert_eq!(customers.input_targets, ["crm"]);
//! assert!(customers.federated);
//! // A federated view is built as a table, with a DVT001 warning saying so.
//! assert_eq!(customers.materialized, Materialization::View);
//! assert_eq!(customers.effective_materialized, Materialization::Table);
//! assert_eq!(warnings.snapshot()[0].code, WarningCode::Dvt001);
//! // Landing where its source lives, a model runs directly on that database.
//! let copy = &resolution.models["model.shop.crm_copy"];
//! assert_eq!((copy.target.as_str(), copy.federated), ("crm", false));
//! # Ok(())
//! # }
//! ```

pub mod computes;
pub mod config;
pub mod dag;
pub mod discover;
pub mod env;
pub mod error;
pub mod jinja;
pub mod manifest;
pub mod model;
pub mod profiles;
pub mod project;
pub mod resolver;
pub mod secret;
pub mod session;
pub mod warning;

pub use error::{CoreError, Result};
pub use secret::Secret;
pub use warning::{FederationWarning, WarningCode, WarningCollector};
