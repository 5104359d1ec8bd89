//! Aggregates whose spelling differs: string aggregation and array aggregation.

use dvt_types::WarningCode::Dvt003;

use super::super::dialect::DbKind::*;
use super::{ALL, input_args as i, out as o};
use super::{Call, Ctx, FunctionDef, Kind, Output, Rename, Render, Src};
use crate::error::TranslateError;

/// string_agg on SQLite: GROUP_CONCAT(DISTINCT x) cannot take a separator.
fn string_agg_sqlite(c: &Call, ctx: &mut Ctx<'_>) -> Result<String, TranslateError> {
    if c.distinct && c.args[1] != "','" {
        return Err(ctx.unsupported(
            "string aggregation with DISTINCT and a separator other than ','",
            "SQLite's GROUP_CONCAT(DISTINCT x) always separates with ','; aggregate DISTINCT values in a subquery first",
        ));
    }
    Ok(super::fill(
        if c.distinct {
            "GROUP_CONCAT(DISTINCT {0}{order})"
        } else {
            "GROUP_CONCAT({0}, {1}{order})"
        },
        c,
    ))
}

/// PostgreSQL needs text arguments, and with DISTINCT its ORDER BY must name the argument as
/// written: an ORDER BY on the aggregated value is cast the same way.
fn string_agg_pg(c: &Call, _ctx: &mut Ctx<'_>) -> Result<String, TranslateError> {
    let arg = format!("CAST({} AS TEXT)", c.args[0]);
    let order: Vec<String> = c
        .order_by
        .iter()
        .map(|o| match o.strip_prefix(c.args[0].as_str()) {
            Some(rest) if c.distinct && (rest.is_empty() || rest.starts_with(' ')) => {
                format!("{arg}{rest}")
            }
            _ => o.clone(),
        })
        .collect();
    let c2 = Call {
        args: vec![arg, c.args[1].clone()],
        order_by: order,
        ..c.clone()
    };
    Ok(super::fill("STRING_AGG({distinct}{0}, {1}{order})", &c2))
}

/// string_agg on Spark: an ordered one is `LISTAGG … WITHIN GROUP` (Spark 4.0 and later; the
/// values cast to strings, as LISTAGG takes only strings), an unordered one joins
/// `COLLECT_LIST` / `COLLECT_SET` (any Spark).
fn string_agg_spark(c: &Call, _ctx: &mut Ctx<'_>) -> Result<String, TranslateError> {
    if !c.order_by.is_empty() {
        return Ok(super::fill(
            "LISTAGG({distinct}CAST({0} AS STRING), {1}){within}",
            c,
        ));
    }
    let f = if c.distinct {
        "COLLECT_SET"
    } else {
        "COLLECT_LIST"
    };
    Ok(format!("ARRAY_JOIN({f}({}), {})", c.args[0], c.args[1]))
}

fn string_agg_tsql(c: &Call, ctx: &mut Ctx<'_>) -> Result<String, TranslateError> {
    if c.distinct {
        return Err(ctx.unsupported(
            "STRING_AGG(DISTINCT …)",
            "aggregate DISTINCT values in a subquery first",
        ));
    }
    Ok(super::fill(
        "STRING_AGG(CAST({0} AS NVARCHAR(MAX)), {1}){within}",
        c,
    ))
}

fn array_agg_spark(c: &Call, ctx: &mut Ctx<'_>) -> Result<String, TranslateError> {
    if !c.order_by.is_empty() {
        ctx.warn(
            Dvt003,
            "ARRAY_AGG: Spark's COLLECT_LIST does not keep the ORDER BY; element order may differ",
        );
    }
    Ok(format!(
        "{}({})",
        if c.distinct {
            "COLLECT_SET"
        } else {
            "COLLECT_LIST"
        },
        c.args[0]
    ))
}

const ARRAY_NULLS: &str =
    "NULL elements are dropped by Snowflake and Spark but kept by PostgreSQL, DuckDB and Trino";

/// Functions that differ from a portable one by name alone. T-SQL's `COUNT_BIG` is `COUNT`
/// returning a 64-bit integer, which `COUNT` is everywhere else.
pub static RENAMES: &[Rename] = &[Rename {
    from: &[SqlServer],
    name: "count_big",
    portable: "COUNT",
}];

/// The function rows of this group.
#[rustfmt::skip]
pub static FUNCTIONS: &[FunctionDef] = &[
    FunctionDef {
        name: "string_agg", arity: (2, 2), unit_arg: false, kind: Kind::Aggregate,
        note: "values of a group joined by a separator, in an optional order",
        inputs: &[i(&[Snowflake, Redshift, Trino], "LISTAGG", &[Src::A(0), Src::AOr(1, "''")]),
                  i(&[Postgres, DuckDb, DataFusion, BigQuery, SqlServer], "STRING_AGG", &[Src::A(0), Src::AOr(1, "','")]),
                  i(&[MySql, MariaDb, Sqlite, DuckDb], "GROUP_CONCAT", &[Src::A(0), Src::AOr(1, "','")])],
        outputs: &[o(&[Snowflake, Redshift], "LISTAGG({distinct}{0}, {1}){within}"),
                   o(&[Trino], "LISTAGG({0}, {1}){within}"),
                   Output { to: &[Postgres], render: Render::Special(string_agg_pg), warn: None },
                   o(&[DataFusion], "STRING_AGG({distinct}CAST({0} AS VARCHAR), {1}{order})"),
                   o(&[BigQuery], "STRING_AGG({distinct}CAST({0} AS STRING), {1}{order})"),
                   o(&[DuckDb], "STRING_AGG({distinct}{0}, {1}{order})"),
                   Output { to: &[MySql, MariaDb], render: Render::Template("GROUP_CONCAT({distinct}{0}{order} SEPARATOR {1})"),
                            warn: Some((Dvt003, "GROUP_CONCAT cuts its result at group_concat_max_len (1024 bytes by default)")) },
                   Output { to: &[Sqlite], render: Render::Special(string_agg_sqlite), warn: None },
                   Output { to: &[Spark, Databricks], render: Render::Special(string_agg_spark), warn: None },
                   Output { to: &[SqlServer], render: Render::Special(string_agg_tsql), warn: None }],
    },
    FunctionDef {
        name: "array_agg", arity: (1, 1), unit_arg: false, kind: Kind::Aggregate,
        note: "values of a group as an array",
        inputs: &[i(ALL, "ARRAY_AGG", &[]), i(&[Spark, Databricks], "COLLECT_LIST", &[]),
                  i(&[MySql, MariaDb], "JSON_ARRAYAGG", &[]), i(&[Sqlite], "JSON_GROUP_ARRAY", &[])],
        outputs: &[Output { to: &[Snowflake], render: Render::Template("ARRAY_AGG({distinct}{0}){within}"), warn: Some((Dvt003, ARRAY_NULLS)) },
                   Output { to: &[Spark, Databricks], render: Render::Special(array_agg_spark), warn: Some((Dvt003, ARRAY_NULLS)) },
                   Output { to: &[MySql, MariaDb], render: Render::Template("JSON_ARRAYAGG({0})"), warn: Some((Dvt003, "the array is a JSON array in MySQL/MariaDB")) },
                   Output { to: &[Sqlite], render: Render::Template("JSON_GROUP_ARRAY({0}{order})"), warn: Some((Dvt003, "the array is a JSON array in SQLite")) },
                   Output { to: &[SqlServer], render: Render::Unsupported("SQL Server has no array type; aggregate to a string with STRING_AGG"), warn: None },
                   Output { to: ALL, render: Render::Template("ARRAY_AGG({distinct}{0}{order})"), warn: Some((Dvt003, ARRAY_NULLS)) }],
    },
    FunctionDef {
        name: "collect_set", arity: (1, 1), unit_arg: false, kind: Kind::Aggregate,
        note: "the distinct non-NULL values of a group as an array (Spark COLLECT_SET)",
        inputs: &[i(&[Spark, Databricks], "COLLECT_SET", &[]), i(&[Snowflake], "ARRAY_UNIQUE_AGG", &[])],
        outputs: &[o(&[Spark, Databricks], "COLLECT_SET({0})"), o(&[Snowflake], "ARRAY_UNIQUE_AGG({0})"),
                   o(&[BigQuery], "ARRAY_AGG(DISTINCT {0} IGNORE NULLS)"),
                   o(&[Postgres, DuckDb, DataFusion, Trino], "ARRAY_AGG(DISTINCT {0}) FILTER (WHERE {0} IS NOT NULL)"),
                   Output { to: &[Sqlite], render: Render::Template("JSON_GROUP_ARRAY(DISTINCT {0})"), warn: Some((Dvt003, "the array is a JSON array in SQLite")) },
                   Output { to: ALL, render: Render::Unsupported("aggregate DISTINCT values in a subquery first"), warn: None }],
    },
    FunctionDef {
        name: "count_if", arity: (1, 1), unit_arg: false, kind: Kind::Aggregate,
        note: "rows of a group where the condition is true",
        inputs: &[i(&[Snowflake, Spark, Databricks, DuckDb, Trino], "COUNT_IF", &[]), i(&[BigQuery], "COUNTIF", &[])],
        outputs: &[o(&[Snowflake, Spark, Databricks, DuckDb, Trino], "COUNT_IF({0})"), o(&[BigQuery], "COUNTIF({0})"),
                   o(ALL, "COUNT(CASE WHEN {0} THEN 1 END)")],
    },
    FunctionDef {
        name: "bool_and", arity: (1, 1), unit_arg: false, kind: Kind::Aggregate,
        note: "true when the condition holds for every non-NULL row of a group",
        inputs: &[i(&[Postgres, Redshift, DuckDb, DataFusion, Spark, Databricks, Trino], "BOOL_AND", &[]),
                  i(&[Spark, Databricks], "EVERY", &[]), i(&[BigQuery], "LOGICAL_AND", &[]), i(&[Snowflake], "BOOLAND_AGG", &[])],
        outputs: &[o(&[BigQuery], "LOGICAL_AND({0})"), o(&[Snowflake], "BOOLAND_AGG({0})"),
                   o(&[MySql, MariaDb, Sqlite], "MIN({0})"),
                   o(&[SqlServer], "MIN(CASE WHEN {0} THEN 1 WHEN NOT ({0}) THEN 0 END)"),
                   o(ALL, "BOOL_AND({0})")],
    },
    FunctionDef {
        name: "bool_or", arity: (1, 1), unit_arg: false, kind: Kind::Aggregate,
        note: "true when the condition holds for some row of a group",
        inputs: &[i(&[Postgres, Redshift, DuckDb, DataFusion, Spark, Databricks, Trino], "BOOL_OR", &[]),
                  i(&[BigQuery], "LOGICAL_OR", &[]), i(&[Snowflake], "BOOLOR_AGG", &[])],
        outputs: &[o(&[BigQuery], "LOGICAL_OR({0})"), o(&[Snowflake], "BOOLOR_AGG({0})"),
                   o(&[MySql, MariaDb, Sqlite], "MAX({0})"),
                   o(&[SqlServer], "MAX(CASE WHEN {0} THEN 1 WHEN NOT ({0}) THEN 0 END)"),
                   o(ALL, "BOOL_OR({0})")],
    },
    FunctionDef {
        name: "approx_count_distinct", arity: (1, 1), unit_arg: false, kind: Kind::Aggregate,
        note: "approximate number of distinct values",
        inputs: &[i(&[Spark, Databricks, Snowflake, BigQuery, DuckDb, SqlServer], "APPROX_COUNT_DISTINCT", &[]),
                  i(&[Trino, DataFusion], "APPROX_DISTINCT", &[])],
        outputs: &[o(&[Trino, DataFusion], "APPROX_DISTINCT({0})"),
                   o(&[Redshift], "APPROXIMATE COUNT(DISTINCT {0})"),
                   Output { to: &[Postgres, MySql, MariaDb, Sqlite], render: Render::Template("COUNT(DISTINCT {0})"),
                            warn: Some((Dvt003, "computed exactly with COUNT(DISTINCT …): slower, and may differ from the approximation")) },
                   o(ALL, "APPROX_COUNT_DISTINCT({0})")],
    },
];
