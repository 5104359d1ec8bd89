//! `dvt-connectors`: native Arrow connectors, one cargo feature each, implementing
//! [`dvt_io::connector::Connector`].
//!
//! In the pipeline these are the ends of execute: they read each source's catalog for
//! discovery (`dvt_core::discover`), extract the queries the planner pushed down as Arrow
//! batches, run a direct model's SQL on its target, and load the engine's result into the target
//! through a staging table and one atomic swap (`dvt_io::load`). [`open`] turns an output of
//! the profile ([`dvt_core::profiles::Connection`]) into an `Arc<dyn Connector>`; an adapter
//! with no native connector in this build is DVT123 saying to run the model on Spark
//! (`--compute`) or to enable the feature ([`enabled`] lists those compiled in).
//!
//! | feature | database | extract | load |
//! |---|---|---|---|
//! | `postgres` | PostgreSQL (tokio-postgres; TLS by rustls) | binary `COPY (query) TO STDOUT` decoded straight into Arrow builders; partitioned under one exported snapshot | binary `COPY … FROM STDIN`, encoded by the target columns' types |
//! | `mysql` | MySQL and MariaDB (mysql_async pool, UTC strict sessions; TLS by rustls) | text protocol streamed into Arrow builders | multi-row INSERTs in one transaction |
//! | `sqlite` | SQLite (rusqlite, bundled) | rows → Arrow arrays on a blocking thread, checked casts | prepared INSERT in one transaction |
//! | `duckdb` (off by default) | DuckDB files (the duckdb crate, linked to a prebuilt libduckdb found by `DUCKDB_LIB_DIR`; `duckdb-bundled` compiles DuckDB instead) | a streaming query's Arrow result, moved zero-copy from the duckdb crate's Arrow 58 | DuckDB's appender fed Arrow batches, in one transaction |
//! | `snowflake` | Snowflake (snowflake-connector-rs, REST; rustls) | JSON result partitions decoded into typed Arrow arrays by the result's column types | `INSERT … SELECT … FROM VALUES` in one transaction; atomic swap by `ALTER TABLE … SWAP WITH` |
//!
//! All but `duckdb` are enabled by default. Every conversion is checked: [`cast_batch`] (which the engines
//! also use) turns a value the target type cannot hold into an error, never a NULL or a
//! rounding. Batches hold at most [`batch_size`] rows, and a connector's errors name its output
//! with the connection's secrets redacted.
//!
//! Two connectors on one SQLite file (as `dvt` opens a profile's output): write, read the
//! catalog, and extract rows as Arrow:
//!
//! ```
//! use arrow_array::cast::AsArray;
//! use arrow_array::types::Int64Type;
//! use dvt_connectors::sqlite::SqliteConnector;
//! use dvt_io::connector::{Connector, TableName};
//! use dvt_core::profiles::{DbKind, Connection};
//! use futures::TryStreamExt;
//!
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let dir = tempfile::tempdir()?;
//! let file = dir.path().join("shop.db");
//! tokio::runtime::Runtime::new()?.block_on(async {
//!     SqliteConnector::at("shop", &file)
//!         .execute("CREATE TABLE orders (id INTEGER PRIMARY KEY, amount NUMERIC(10,2), status TEXT);
//!                   INSERT INTO orders VALUES (1, 2.50, 'paid'), (2, 1.00, 'open'), (3, 4.00, 'paid')")
//!         .await?;
//!
//!     // An output of profiles.yml (`shop: {type: sqlite, path: …}`), opened by its type.
//!     let mut output = Connection::new("shop", DbKind::Sqlite);
//!     output.path = Some(file.clone());
//!     let shop = dvt_connectors::open(&output).await?;
//!     let orders = shop.table(&TableName::new(None, "orders")).await?.expect("created above");
//!     assert_eq!(orders.primary_key, ["id"]);
//!     assert_eq!(orders.columns[1].native_type, "NUMERIC(10,2)");
//!
//!     let rows = shop.extract("SELECT id, status FROM orders WHERE status = 'paid' ORDER BY id").await?;
//!     let batches: Vec<_> = rows.stream.try_collect().await?;
//!     let ids: Vec<i64> = batches
//!         .iter()
//!         .flat_map(|b| b.column(0).as_primitive::<Int64Type>().values().to_vec())
//!         .collect();
//!     assert_eq!(ids, [1, 3]);
//!     Ok::<_, Box<dyn std::error::Error>>(())
//! })?;
//! # Ok(())
//! # }
//! ```

use std::sync::Arc;

use dvt_core::profiles::{Connection, DbKind};
use dvt_io::Result;
use dvt_io::connector::{Connector, unsupported};

#[cfg(feature = "duckdb")]
pub mod duckdb;
#[cfg(feature = "sqlite")]
pub mod sqlite;

mod arrow_util;
#[cfg(any(feature = "mysql", feature = "snowflake"))]
mod insert;
#[cfg(feature = "mysql")]
pub mod mysql;
#[cfg(feature = "postgres")]
pub mod postgres;
#[cfg(feature = "snowflake")]
pub mod snowflake;
#[cfg(any(feature = "postgres", feature = "mysql"))]
mod tls;
pub use arrow_util::{batch_size, cast_batch};

/// Open the connector for an output of the profile.
pub async fn open(conn: &Connection) -> Result<Arc<dyn Connector>> {
    match conn.adapter {
        #[cfg(feature = "sqlite")]
        DbKind::Sqlite => Ok(Arc::new(sqlite::SqliteConnector::open(conn)?)),
        #[cfg(feature = "duckdb")]
        DbKind::DuckDb => Ok(Arc::new(duckdb::DuckDbConnector::open(conn)?)),
        #[cfg(feature = "postgres")]
        DbKind::Postgres => Ok(Arc::new(postgres::PostgresConnector::connect(conn).await?)),
        #[cfg(feature = "mysql")]
        DbKind::MySql | DbKind::MariaDb => {
            Ok(Arc::new(mysql::MysqlConnector::connect(conn).await?))
        }
        #[cfg(feature = "snowflake")]
        DbKind::Snowflake => Ok(Arc::new(
            snowflake::SnowflakeConnector::connect(conn).await?,
        )),
        other => Err(unsupported(
            &conn.name,
            format!(
                "dvt has no native connector for {other} in this build (enabled: {}); run this model on Spark (--compute) or enable the connector's cargo feature",
                enabled().join(", ")
            ),
        )),
    }
}

/// The connector features compiled in.
pub fn enabled() -> Vec<&'static str> {
    let mut v = Vec::new();
    if cfg!(feature = "postgres") {
        v.push("postgres");
    }
    if cfg!(feature = "mysql") {
        v.push("mysql");
    }
    if cfg!(feature = "sqlite") {
        v.push("sqlite");
    }
    if cfg!(feature = "snowflake") {
        v.push("snowflake");
    }
    if cfg!(feature = "duckdb") {
        v.push("duckdb");
    }
    v
}
