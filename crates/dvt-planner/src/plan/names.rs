//! How a relation's column is named in the engine's SQL.
//!
//! DataFusion folds an unquoted name to lower case and compares names exactly, as PostgreSQL
//! does. A column is registered in the engine under the name an unquoted reference in the
//! model reaches when the source would let an unquoted reference reach it, and under its own
//! spelling otherwise:
//! - a source that folds unquoted names (PostgreSQL and Redshift to lower case, Snowflake to
//!   upper case): a name equal to its own fold (`amount`; Snowflake `AMOUNT`) was created
//!   unquoted and is `amount` in the engine; any other (`"Id"`, `"Mixed Case"`, Snowflake
//!   `"amount"`) was quoted and keeps its spelling, so the model quotes it as it would on that
//!   database, and its case reaches the target;
//! - a source whose names are case-insensitive (MySQL, MariaDB, SQLite, SQL Server, …): every
//!   name is lower case in the engine (`CustomerId` is `customerid`), reached unquoted in any
//!   case, as on that database.

use crate::SqlDialect;
use crate::translate::dialect::Fold;

/// The name a column called `name` on a `source` server has in the engine's SQL.
///
/// ```
/// use dvt_planner::SqlDialect;
/// use dvt_planner::plan::engine_column;
///
/// assert_eq!(engine_column(SqlDialect::Postgres, "amount"), "amount");
/// assert_eq!(engine_column(SqlDialect::Postgres, "Mixed Case"), "Mixed Case");
/// assert_eq!(engine_column(SqlDialect::Snowflake, "AMOUNT"), "amount");
/// assert_eq!(engine_column(SqlDialect::Snowflake, "Amount"), "Amount");
/// assert_eq!(engine_column(SqlDialect::Sqlite, "CustomerId"), "customerid");
/// ```
pub fn engine_column(source: SqlDialect, name: &str) -> String {
    let unquoted = match source.caps().fold {
        Fold::Lower => name == name.to_lowercase(),
        Fold::Upper => name == name.to_uppercase(),
        Fold::Insensitive => true,
    };
    if unquoted {
        name.to_lowercase()
    } else {
        name.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_name_the_source_needs_quoted_keeps_its_case() {
        for (d, name, engine) in [
            (SqlDialect::Postgres, "Id", "Id"),
            (SqlDialect::Postgres, "id", "id"),
            (SqlDialect::Postgres, "MiXeD", "MiXeD"),
            (SqlDialect::Redshift, "Total", "Total"),
            (SqlDialect::Snowflake, "ID", "id"),
            (SqlDialect::Snowflake, "id", "id"),
            (SqlDialect::Mariadb, "MiXeD", "mixed"),
            (SqlDialect::Mysql, "Mixed Case", "mixed case"),
            (SqlDialect::Sqlite, "SegName", "segname"),
        ] {
            assert_eq!(engine_column(d, name), engine, "{d:?} {name}");
        }
    }
}
