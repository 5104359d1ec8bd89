//! The random differential suite, shared by the embedded engine's (`dvt-engine`'s
//! `random_differential`) and Spark's (`dvt-spark`'s `random_spark`) tests: proptest generates
//! PostgreSQL-dialect queries over six small, NULL-heavy tables spread over PostgreSQL (`a`,
//! `d`), MariaDB (`b`, `e`) and SQLite (`c`, `f`), whose column types are read from each
//! database's catalog (as for a dbt source listed by name only); each is planned
//! (`DataFusionPlanner`, real dialects and server keys) and executed by the suite's executor
//! over the real sources, and its rows are compared with the same query on one PostgreSQL
//! database holding all six tables (the oracle).
//!
//! - [`data`]: the tables, their columns and rows;
//! - [`query`]: the query AST and its SQL;
//! - [`strategy`]: the proptest strategies that draw queries;
//! - [`runner`]: loading, planning, running, comparing ([`runner::Suite`]).
//!
//! Results are compared as multisets (numbers within [`runner::TOLERANCE`], relative); NULL
//! only equals NULL. A query with LIMIT but no ORDER BY compares its row count only. The seed
//! is fixed unless `DVT_RANDOM_SEED=random`; a mismatch prints the query, its plan and both
//! results, after shrinking.

pub mod data;
pub mod query;
pub mod runner;
pub mod strategy;
