//! `dvt-connectors`: native Arrow connectors, one cargo feature each, implementing
//! [`dvt_core::connector::Connector`].
//!
//! | feature | database | extract | load |
//! |---|---|---|---|
//! | `postgres` | PostgreSQL (tokio-postgres; TLS by rustls) | binary `COPY (query) TO STDOUT` decoded straight into Arrow builders; partitioned under one exported snapshot | binary `COPY … FROM STDIN`, encoded by the target columns' types |
//! | `mysql` | MySQL and MariaDB (mysql_async pool, UTC strict sessions; TLS by rustls) | text protocol streamed into Arrow builders | multi-row INSERTs in one transaction |
//! | `sqlite` | SQLite (rusqlite, bundled) | rows → Arrow arrays on a blocking thread, checked casts | prepared INSERT in one transaction |
//! | `snowflake` | Snowflake (snowflake-connector-rs, REST; rustls) | JSON result partitions decoded into typed Arrow arrays by the result's column types | `INSERT … SELECT … FROM VALUES` in one transaction; atomic swap by `ALTER TABLE … SWAP WITH` |
//!
//! [`open`] turns an output of the profile into a connector.

use std::sync::Arc;

use dvt_core::Result;
use dvt_core::connector::{Connector, unsupported};
use dvt_core::profiles::{AdapterType, Connection};

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
        AdapterType::Sqlite => Ok(Arc::new(sqlite::SqliteConnector::open(conn)?)),
        #[cfg(feature = "postgres")]
        AdapterType::Postgres => Ok(Arc::new(postgres::PostgresConnector::connect(conn).await?)),
        #[cfg(feature = "mysql")]
        AdapterType::Mysql | AdapterType::Mariadb => {
            Ok(Arc::new(mysql::MysqlConnector::connect(conn).await?))
        }
        #[cfg(feature = "snowflake")]
        AdapterType::Snowflake => Ok(Arc::new(
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
    v
}
