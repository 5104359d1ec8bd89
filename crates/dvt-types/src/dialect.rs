//! The SQL dialects dvt-rs knows how to parse and render types for.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::error::TypeError;

/// A SQL dialect (database family) whose native type names dvt can parse and render.
///
/// Parse a dialect from its name with [`str::parse`]; names are case-insensitive and a few
/// aliases are accepted (`postgresql`, `databricks` → [`Dialect::Spark`], `tsql`/`mssql` →
/// [`Dialect::SqlServer`]). Serde uses the lowercase canonical name (and accepts the aliases).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Dialect {
    /// PostgreSQL (also `postgresql`).
    #[serde(alias = "postgresql")]
    Postgres,
    /// MySQL.
    MySql,
    /// MariaDB: uses the MySQL tables except for `JSON` (a text-keeping `LONGTEXT` with a check
    /// there), and keeps its own name in messages.
    MariaDb,
    /// SQLite (declared types are resolved with SQLite's affinity rules).
    Sqlite,
    /// Snowflake.
    Snowflake,
    /// Apache Spark SQL (also `databricks`).
    #[serde(alias = "databricks")]
    Spark,
    /// DuckDB.
    DuckDb,
    /// Google BigQuery (GoogleSQL).
    BigQuery,
    /// Amazon Redshift.
    Redshift,
    /// Microsoft SQL Server / T-SQL (also `tsql`, `mssql`).
    #[serde(alias = "tsql", alias = "mssql")]
    SqlServer,
    /// Trino (and Presto).
    Trino,
    /// Oracle Database.
    Oracle,
    /// ClickHouse.
    ClickHouse,
    /// Apache DataFusion, dvt's embedded engine (Arrow types natively).
    DataFusion,
}

impl Dialect {
    /// Every dialect, in declaration order.
    pub const ALL: [Dialect; 14] = [
        Dialect::Postgres,
        Dialect::MySql,
        Dialect::MariaDb,
        Dialect::Sqlite,
        Dialect::Snowflake,
        Dialect::Spark,
        Dialect::DuckDb,
        Dialect::BigQuery,
        Dialect::Redshift,
        Dialect::SqlServer,
        Dialect::Trino,
        Dialect::Oracle,
        Dialect::ClickHouse,
        Dialect::DataFusion,
    ];

    /// The canonical lowercase name (`"postgres"`, `"sqlserver"`, …), as used by serde.
    pub fn name(self) -> &'static str {
        match self {
            Dialect::Postgres => "postgres",
            Dialect::MySql => "mysql",
            Dialect::MariaDb => "mariadb",
            Dialect::Sqlite => "sqlite",
            Dialect::Snowflake => "snowflake",
            Dialect::Spark => "spark",
            Dialect::DuckDb => "duckdb",
            Dialect::BigQuery => "bigquery",
            Dialect::Redshift => "redshift",
            Dialect::SqlServer => "sqlserver",
            Dialect::Trino => "trino",
            Dialect::Oracle => "oracle",
            Dialect::ClickHouse => "clickhouse",
            Dialect::DataFusion => "datafusion",
        }
    }

    /// The dialect family, whose SQL syntax and (but for MariaDB's `JSON`) type tables this
    /// dialect shares: [`Dialect::MySql`] for [`Dialect::MariaDb`], the dialect itself
    /// otherwise.
    pub fn family(self) -> Dialect {
        match self {
            Dialect::MariaDb => Dialect::MySql,
            other => other,
        }
    }
}

impl fmt::Display for Dialect {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Dialect {
    type Err = TypeError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let lower = s.trim().to_ascii_lowercase();
        let alias = match lower.as_str() {
            "postgresql" | "pg" => Some(Dialect::Postgres),
            "databricks" => Some(Dialect::Spark),
            "tsql" | "mssql" | "sql server" => Some(Dialect::SqlServer),
            "presto" => Some(Dialect::Trino),
            _ => None,
        };
        alias
            .or_else(|| Dialect::ALL.into_iter().find(|d| d.name() == lower))
            .ok_or_else(|| TypeError::UnknownDialect {
                name: s.to_string(),
            })
    }
}
