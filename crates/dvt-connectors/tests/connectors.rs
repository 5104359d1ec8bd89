//! dvt-connectors's integration tests, one test binary: each binary links the whole dependency tree
//! (DataFusion's debug build is ~300 MB), so one per crate keeps a cold build's disk use and
//! link time small. Run one file's tests with `cargo test -p dvt-connectors --test connectors <file>::`.

mod common;

mod discover_mysql;
mod discover_postgres;
mod discover_snowflake;
mod discover_sqlite;
#[cfg(feature = "duckdb")]
mod duckdb;
mod mysql;
mod pg_ctid_partitions;
mod postgres;
mod snowflake;
mod sqlite;
mod tls_timeouts;
