//! [`DbKind`]: the one identity of a database kind, the key of every table of the workspace.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::error::TypeError;

/// A kind of database (or engine) dvt knows: the one identity every table of the workspace is
/// keyed by — the adapter rows of `profiles.yml` (`dvt-core`), the type tables of this crate,
/// the translator's capability rows (`dvt-translate`) and the JDBC specs (`dvt-jdbc`).
///
/// Parse one from its name with [`str::parse`]; names are case-insensitive and a few aliases
/// are accepted (`postgresql`, `tsql`/`mssql`/`fabric` → [`DbKind::SqlServer`], `presto`/
/// `starburst` → [`DbKind::Trino`]). Serde uses the lowercase canonical name (and accepts the
/// aliases).
///
/// ```
/// use dvt_types::DbKind;
///
/// let kind: DbKind = "PostgreSQL".parse().unwrap();
/// assert_eq!(kind, DbKind::Postgres);
/// assert_eq!(kind.name(), "postgres");
/// // MariaDB shares MySQL's syntax and (but for JSON) type tables.
/// assert_eq!(DbKind::MariaDb.family(), DbKind::MySql);
/// assert!("db2".parse::<DbKind>().is_err());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DbKind {
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
    /// Apache Spark SQL.
    Spark,
    /// Databricks: Spark SQL (and its types) plus `QUALIFY` and friends.
    Databricks,
    /// DuckDB.
    DuckDb,
    /// Google BigQuery (GoogleSQL).
    BigQuery,
    /// Amazon Redshift.
    Redshift,
    /// Microsoft SQL Server / T-SQL (also `tsql`, `mssql`, `fabric`).
    #[serde(alias = "tsql", alias = "mssql", alias = "fabric")]
    SqlServer,
    /// Trino (and Presto, Starburst).
    #[serde(alias = "presto", alias = "starburst")]
    Trino,
    /// Oracle Database.
    Oracle,
    /// ClickHouse.
    ClickHouse,
    /// Apache DataFusion, dvt's embedded engine (Arrow types natively).
    DataFusion,
}

/// One row per kind: its canonical name, its aliases and its family.
struct KindRow {
    kind: DbKind,
    name: &'static str,
    aliases: &'static [&'static str],
    family: DbKind,
}

#[rustfmt::skip]
const KINDS: [KindRow; 15] = [
    KindRow { kind: DbKind::Postgres, name: "postgres", aliases: &["postgresql", "pg"], family: DbKind::Postgres },
    KindRow { kind: DbKind::MySql, name: "mysql", aliases: &[], family: DbKind::MySql },
    KindRow { kind: DbKind::MariaDb, name: "mariadb", aliases: &[], family: DbKind::MySql },
    KindRow { kind: DbKind::Sqlite, name: "sqlite", aliases: &[], family: DbKind::Sqlite },
    KindRow { kind: DbKind::Snowflake, name: "snowflake", aliases: &[], family: DbKind::Snowflake },
    KindRow { kind: DbKind::Spark, name: "spark", aliases: &["sparksql"], family: DbKind::Spark },
    KindRow { kind: DbKind::Databricks, name: "databricks", aliases: &[], family: DbKind::Spark },
    KindRow { kind: DbKind::DuckDb, name: "duckdb", aliases: &[], family: DbKind::DuckDb },
    KindRow { kind: DbKind::BigQuery, name: "bigquery", aliases: &[], family: DbKind::BigQuery },
    KindRow { kind: DbKind::Redshift, name: "redshift", aliases: &[], family: DbKind::Redshift },
    KindRow { kind: DbKind::SqlServer, name: "sqlserver", aliases: &["tsql", "mssql", "fabric", "sql server"], family: DbKind::SqlServer },
    KindRow { kind: DbKind::Trino, name: "trino", aliases: &["presto", "starburst"], family: DbKind::Trino },
    KindRow { kind: DbKind::Oracle, name: "oracle", aliases: &[], family: DbKind::Oracle },
    KindRow { kind: DbKind::ClickHouse, name: "clickhouse", aliases: &[], family: DbKind::ClickHouse },
    KindRow { kind: DbKind::DataFusion, name: "datafusion", aliases: &["embedded"], family: DbKind::DataFusion },
];

impl DbKind {
    /// Every kind, in declaration order.
    pub const ALL: [DbKind; 15] = {
        let mut all = [DbKind::Postgres; 15];
        let mut i = 0;
        while i < KINDS.len() {
            all[i] = KINDS[i].kind;
            i += 1;
        }
        all
    };

    fn row(self) -> &'static KindRow {
        &KINDS[self as usize]
    }

    /// The canonical lowercase name (`"postgres"`, `"sqlserver"`, …), as used by serde and in
    /// `profiles.yml`'s `type:`.
    pub fn name(self) -> &'static str {
        self.row().name
    }

    /// The family whose SQL syntax and (but for MariaDB's `JSON`) type tables this kind shares:
    /// [`DbKind::MySql`] for [`DbKind::MariaDb`], [`DbKind::Spark`] for
    /// [`DbKind::Databricks`], the kind itself otherwise.
    pub fn family(self) -> DbKind {
        self.row().family
    }
}

impl fmt::Display for DbKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for DbKind {
    type Err = TypeError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let lower = s.trim().to_ascii_lowercase();
        KINDS
            .iter()
            .find(|r| r.name == lower || r.aliases.contains(&lower.as_str()))
            .map(|r| r.kind)
            .ok_or_else(|| TypeError::UnknownKind {
                name: s.to_string(),
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_are_in_declaration_order_and_names_round_trip() {
        for (i, row) in KINDS.iter().enumerate() {
            assert_eq!(row.kind as usize, i, "{:?} is out of order", row.kind);
            assert_eq!(row.name.parse::<DbKind>().unwrap(), row.kind);
            let json = serde_json::to_string(&row.kind).unwrap();
            assert_eq!(json, format!("\"{}\"", row.name));
            for alias in row.aliases {
                assert_eq!(alias.parse::<DbKind>().unwrap(), row.kind);
            }
        }
    }
}
