//! dvt-planner: the federation [`Planner`] — one model in, one serializable
//! [`FederationPlan`] out.
//!
//! A [`plan::PlanInput`] is everything a model needs: its SQL in its target's dialect with every
//! `source()`/`ref()` rendered to a planning name, and each relation's server, dialect and typed
//! columns (from the yml or the source's own catalog, see `dvt_core::discover`).
//! [`plan::plan_input`] gathers it from a resolved dbt project; a tool may also build it by hand.
//! The [`DataFusionPlanner`] binds and optimizes the SQL in DataFusion, decides whether the
//! model runs on one server (direct, or one extract holding the whole query) or is split, and
//! writes each extract in its source's dialect — pushing down only what the source evaluates
//! exactly as the engine would — plus the transform for the embedded engine and for Spark (see
//! [`plan`] for the rules and why). Planning is async and never blocks a thread; a planner is
//! `Send + Sync`, and the runner takes any `Arc<dyn Planner>`.
//!
//! SQL translation is the `dvt-translate` crate, re-exported here as [`translate`]; it builds
//! without DataFusion for tools that only translate.
//!
//! ```
//! use dvt_core::profiles::ServerKey;
//! use dvt_planner::plan::{PlanInput, Relation, RelationKind};
//! use dvt_planner::{DataFusionPlanner, Planner, DbKind};
//! use dvt_types::DvtType;
//!
//! let server = |family: &str, location: &str| ServerKey {
//!     family: family.into(),
//!     host: "db.internal".into(),
//!     port: 5432,
//!     location: location.into(),
//! };
//! let relation = |name: &str, connection: &str, dialect, on: ServerKey, cols: &[&str]| Relation {
//!     name: name.into(),
//!     unique_id: format!("source.shop.app.{name}"),
//!     display: format!("source('app', '{name}')"),
//!     connection: connection.into(),
//!     server: on,
//!     dialect,
//!     schema: Some("public".into()),
//!     identifier: name.into(),
//!     columns: cols.iter().map(|c| (c.to_string(), DvtType::Int64)).collect(),
//!     kind: RelationKind::Source,
//!     stats: Default::default(),
//! };
//! let sql = "SELECT c.id, count(*) AS n FROM customers c JOIN orders o ON o.customer_id = c.id \
//!            WHERE o.amount > 10 GROUP BY c.id";
//! let input = PlanInput {
//!     model: "model.shop.customer_orders".into(),
//!     sql: sql.into(),
//!     whole_sql: sql.into(),
//!     model_dialect: DbKind::Postgres,
//!     target: "warehouse".into(),
//!     target_server: server("postgres", "warehouse"),
//!     relations: vec![
//!         relation("customers", "crm", DbKind::Postgres, server("postgres", "crm"), &["id"]),
//!         relation("orders", "shop", DbKind::MySql, server("mysql", ""), &["customer_id", "amount"]),
//!     ],
//!     warnings: vec![],
//!     watermarks: vec![],
//!     strategy: Default::default(),
//! };
//! let plan = futures::executor::block_on(DataFusionPlanner.plan(&input)).unwrap();
//! // Two servers: one extract each, the filter pushed to MySQL, the join and count in the engine.
//! assert!(!plan.direct);
//! assert_eq!(plan.extracts.len(), 2);
//! let orders = plan.extracts.iter().find(|x| x.connection == "shop").unwrap();
//! assert_eq!(orders.sql, "SELECT `customer_id`, `amount` FROM `public`.`orders` WHERE ((`amount` > 10))");
//! ```

/// The DialectTranslator (the `dvt-translate` crate), as the planner uses it.
pub use dvt_translate as translate;

pub use translate::{
    DbKind, DialectCaps, DialectTranslator, TranslateError, Translation, Translator,
};

pub mod plan;

pub use plan::{DataFusionPlanner, FederationPlan, PlanError, Planner};
