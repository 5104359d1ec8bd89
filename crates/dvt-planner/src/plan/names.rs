//! How a relation's column is named in the engine's SQL.
//!
//! DataFusion folds an unquoted name to lower case and compares names exactly, as PostgreSQL
//! does. A column is registered in the engine under the name the model's own SQL would use
//! for it on its database:
//! - a name equal to its source's fold of itself was created unquoted (`amount`; Snowflake
//!   `AMOUNT`) and is `amount` in the engine, reached unquoted in any case;
//! - any other (`"Id"`, `"Mixed Case"`, Snowflake `"amount"`) keeps its spelling: the model
//!   quotes it as it would on that database, and its case reaches the target. A MySQL,
//!   MariaDB or SQLite column (case-insensitive names) is treated so too when the model is
//!   written in a dialect that folds names (PostgreSQL, Snowflake, …): there `CustomerId`
//!   unquoted means `customerid`, so a model names that column `"CustomerId"`;
//! - when both the source and the model's dialect compare names case-insensitively (a MySQL
//!   model over a MariaDB table), every name is lower case in the engine and reached in any
//!   case, as on those databases.

use crate::DbKind;
use crate::translate::DialectCaps;
use crate::translate::dialect::Fold;

/// The name a column called `name` on a `source` server has in the engine's SQL, for a model
/// written in `model`'s dialect.
///
/// ```
/// use dvt_planner::DbKind::{MySql, Postgres, Snowflake, Sqlite};
/// use dvt_planner::plan::engine_column;
///
/// assert_eq!(engine_column(Postgres, Postgres, "amount"), "amount");
/// assert_eq!(engine_column(Postgres, Postgres, "Mixed Case"), "Mixed Case");
/// assert_eq!(engine_column(Snowflake, Postgres, "AMOUNT"), "amount");
/// assert_eq!(engine_column(Snowflake, Postgres, "Amount"), "Amount");
/// assert_eq!(engine_column(Sqlite, Postgres, "CustomerId"), "CustomerId");
/// assert_eq!(engine_column(Sqlite, MySql, "CustomerId"), "customerid");
/// ```
pub fn engine_column(source: DbKind, model: DbKind, name: &str) -> String {
    let fold = match (source.caps().fold, model.caps().fold) {
        (Fold::Insensitive, Fold::Insensitive) => return name.to_lowercase(),
        // The model reads the names as its own dialect would: quoted unless lower case.
        (Fold::Insensitive, _) => Fold::Lower,
        (f, _) => f,
    };
    let unquoted = match fold {
        Fold::Upper => name == name.to_uppercase(),
        _ => name == name.to_lowercase(),
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
    fn only_a_name_the_model_must_quote_keeps_its_case() {
        use DbKind::*;
        for (source, model, name, engine) in [
            (Postgres, Postgres, "Id", "Id"),
            (Postgres, Postgres, "id", "id"),
            (Postgres, MySql, "MiXeD", "MiXeD"),
            (Redshift, Snowflake, "Total", "Total"),
            (Snowflake, Postgres, "ID", "id"),
            (Snowflake, Postgres, "id", "id"),
            (MariaDb, Postgres, "MiXeD", "MiXeD"),
            (MariaDb, Postgres, "mixed", "mixed"),
            (MariaDb, MySql, "MiXeD", "mixed"),
            (Sqlite, Sqlite, "Mixed Case", "mixed case"),
            (Sqlite, SqlServer, "SegName", "segname"),
        ] {
            assert_eq!(
                engine_column(source, model, name),
                engine,
                "{source:?} {model:?} {name}"
            );
        }
    }
}
