//! Aggregates whose spelling differs: string and array aggregation, boolean aggregates,
//! standard deviation and variance, sample moments, products.
//!
//! Facts behind the rows (each dialect's function reference, and results executed on
//! PostgreSQL 15, MariaDB 10.11, SQLite, DataFusion and Spark in `tests/exec/*.aggregate.yaml`):
//! - `STDDEV` and `VARIANCE` are the *sample* statistics everywhere but in MySQL and MariaDB,
//!   where they (and `STD`) are the population ones; SQL Server spells them `STDEV`, `STDEVP`,
//!   `VAR`, `VARP`. SQLite has none: variances are computed from sums there, standard
//!   deviations are refused (no `SQRT` without its math functions).
//! - Snowflake's `KURTOSIS` and `SKEW` and DuckDB's `KURTOSIS` and `SKEWNESS` are the
//!   bias-corrected sample statistics (Snowflake's example: 1, 3, 10, 1, 3 gives 3.6137);
//!   Spark's `KURTOSIS` and `SKEWNESS` are the population ones (the `kurtosis_pop` row).
//! - `PRODUCT` (DuckDB; Spark SQL has none, only its DataFrame API) is computed elsewhere as `EXP(SUM(LN(|x|)))` with the sign from
//!   the count of negative values: a floating-point result.
//! - `COUNT(DISTINCT a, b)` (MySQL, MariaDB, Spark, Snowflake) counts the distinct tuples whose
//!   values are all non-NULL; PostgreSQL, DuckDB and Trino count a `ROW` of them instead.

use dvt_types::WarningCode::Dvt003;

use super::super::dialect::DbKind::*;
use super::groups::{MYSQL, SPARK};
use super::render_sub as sub;
use super::{ALL, input_args as i, out as o, out_warn as ow};
use super::{Call, Ctx, FunctionDef, Kind, Output, Rename, Render, Src};
use super::{computed as sp, computed_warn as spw, refuse as no};
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

/// Count, mean and central moments (population, from power sums in floating point) of the
/// non-NULL values of `x`: `(n, m2, m3, m4)`.
fn moments(x: &str) -> (String, String, String, String) {
    let n = format!("COUNT({x})");
    let s = |k: usize| format!("SUM(1e0{}) / NULLIF({n}, 0)", format!(" * {x}").repeat(k));
    let mean = format!("({})", s(1));
    let m2 = format!("({} - {mean} * {mean})", s(2));
    let m3 = format!(
        "({} - 3 * {mean} * {} + 2 * {mean} * {mean} * {mean})",
        s(3),
        s(2)
    );
    let m4 = format!(
        "({} - 4 * {mean} * {} + 6 * {mean} * {mean} * {} - 3 * {mean} * {mean} * {mean} * {mean})",
        s(4),
        s(3),
        s(2)
    );
    (n, m2, m3, m4)
}

/// Sample excess kurtosis: `(n-1) / ((n-2)(n-3)) * ((n+1) g2 + 6)`, NULL below 4 values.
fn kurtosis_samp_sums(c: &Call, _ctx: &mut Ctx<'_>) -> Result<String, TranslateError> {
    let (n, m2, _, m4) = moments(&c.args[0]);
    Ok(format!(
        "CASE WHEN {n} < 4 OR {m2} = 0 THEN NULL ELSE ({n} - 1) * (({n} + 1) * ({m4} / ({m2} * {m2}) - 3) + 6) / (({n} - 2) * ({n} - 3)) END"
    ))
}

/// Sample skewness: `g1 * SQRT(n (n-1)) / (n-2)`, NULL below 3 values.
fn skewness_samp_sums(c: &Call, _ctx: &mut Ctx<'_>) -> Result<String, TranslateError> {
    let (n, m2, m3, _) = moments(&c.args[0]);
    Ok(format!(
        "CASE WHEN {n} < 3 OR {m2} = 0 THEN NULL ELSE {m3} / POWER({m2}, 1.5) * SQRT({n} * ({n} - 1)) / ({n} - 2) END"
    ))
}

/// Variance from sums (SQLite): `ddof` 1 for the sample, 0 for the population.
fn variance_sums(c: &Call, ddof: u8) -> String {
    let x = &c.args[0];
    let d = if c.distinct { "DISTINCT " } else { "" };
    let n = format!("COUNT({d}{x})");
    let den = if ddof == 1 {
        format!("NULLIF({n} - 1, 0)")
    } else {
        format!("NULLIF({n}, 0)")
    };
    format!("((SUM({d}1e0 * {x} * {x}) - SUM({d}1e0 * {x}) * SUM({d}1e0 * {x}) / {n}) / {den})")
}

fn var_samp_sums(c: &Call, _ctx: &mut Ctx<'_>) -> Result<String, TranslateError> {
    Ok(variance_sums(c, 1))
}

fn var_pop_sums(c: &Call, _ctx: &mut Ctx<'_>) -> Result<String, TranslateError> {
    Ok(variance_sums(c, 0))
}

/// PRODUCT as `EXP(SUM(LN(|x|)))`, 0 when a value is 0, negative for an odd count of
/// negative values, NULL without values.
fn product_exp_ln(c: &Call, ctx: &mut Ctx<'_>) -> Result<String, TranslateError> {
    let x = &c.args[0];
    let ln = sub("ln", c, vec![format!("ABS(NULLIF({x}, 0))")], ctx)?;
    let odd = sub(
        "mod",
        c,
        vec![format!("COUNT(CASE WHEN {x} < 0 THEN 1 END)"), "2".into()],
        ctx,
    )?;
    Ok(format!(
        "CASE WHEN COUNT({x}) = 0 THEN NULL WHEN COUNT(CASE WHEN {x} = 0 THEN 1 END) > 0 THEN 0 \
         ELSE (1 - 2 * {odd}) * EXP(SUM({ln})) END"
    ))
}

/// GEOMEAN as `EXP(AVG(LN(x)))`.
fn geomean_exp_ln(c: &Call, ctx: &mut Ctx<'_>) -> Result<String, TranslateError> {
    let ln = sub("ln", c, vec![c.args[0].clone()], ctx)?;
    Ok(format!("EXP(AVG({ln}))"))
}

/// `COUNT(DISTINCT a, b, …)` where the target counts one value: `template` over the tuple
/// (`{}`), kept only when every value is non-NULL.
fn count_tuple(c: &Call, ctx: &mut Ctx<'_>, template: &str) -> Result<String, TranslateError> {
    if !c.distinct {
        return Err(ctx.unsupported(
            "COUNT of several arguments without DISTINCT",
            "COUNT(DISTINCT a, b) counts distinct tuples; count one expression",
        ));
    }
    let all = c
        .args
        .iter()
        .map(|a| format!("{a} IS NOT NULL"))
        .collect::<Vec<_>>()
        .join(" AND ");
    let tuple = template.replace("{}", &c.args.join(", "));
    Ok(format!("COUNT(DISTINCT CASE WHEN {all} THEN {tuple} END)"))
}

macro_rules! count_tuples {
    ($($name:ident = $t:expr;)*) => {$(
        fn $name(c: &Call, ctx: &mut Ctx<'_>) -> Result<String, TranslateError> {
            count_tuple(c, ctx, $t)
        }
    )*};
}

count_tuples! {
    count_tuple_row = "ROW({})";
    count_tuple_struct = "STRUCT({})";
    count_tuple_json_bq = "TO_JSON_STRING(STRUCT({}))";
    count_tuple_json_array = "JSON_ARRAY({})";
}

/// `COUNT(DISTINCT a, b, …)` as written.
fn count_multi(c: &Call, ctx: &mut Ctx<'_>) -> Result<String, TranslateError> {
    if !c.distinct {
        return count_tuple(c, ctx, "{}");
    }
    Ok(format!("COUNT(DISTINCT {})", c.args.join(", ")))
}

const NO_SQRT: &str = "SQLite is run without its math functions (no SQRT); compute it in the engine (a DataFusion model), or take the variance";
const NO_EXP: &str = "SQLite is run without its math functions (no EXP, LN); compute it in the engine (a DataFusion model)";
const OVERFLOW: &str = "an overflow is an error instead of NULL";

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
    // --- standard deviation and variance: the population rows first (MySQL's STDDEV is one) ---
    FunctionDef {
        name: "stddev_pop", arity: (1, 1), unit_arg: false, kind: Kind::Aggregate,
        note: "population standard deviation of the non-NULL values (MySQL/MariaDB STDDEV and STD, SQL Server STDEVP)",
        inputs: &[i(ALL, "STDDEV_POP", &[]), i(MYSQL, "STDDEV", &[]), i(MYSQL, "STD", &[]), i(&[SqlServer], "STDEVP", &[])],
        outputs: &[o(&[SqlServer], "STDEVP({distinct}{0})"), no(&[Sqlite], NO_SQRT), o(ALL, "STDDEV_POP({distinct}{0})")],
    },
    FunctionDef {
        name: "var_pop", arity: (1, 1), unit_arg: false, kind: Kind::Aggregate,
        note: "population variance of the non-NULL values (MySQL/MariaDB VARIANCE, SQL Server VARP, Snowflake VARIANCE_POP)",
        inputs: &[i(ALL, "VAR_POP", &[]), i(MYSQL, "VARIANCE", &[]), i(&[SqlServer], "VARP", &[]),
                  i(&[Snowflake], "VARIANCE_POP", &[]), i(&[DataFusion], "VAR_POPULATION", &[])],
        outputs: &[o(&[SqlServer], "VARP({distinct}{0})"), sp(&[Sqlite], var_pop_sums), o(ALL, "VAR_POP({distinct}{0})")],
    },
    FunctionDef {
        name: "stddev_samp", arity: (1, 1), unit_arg: false, kind: Kind::Aggregate,
        note: "sample standard deviation of the non-NULL values, NULL for fewer than 2 (STDDEV outside MySQL/MariaDB, SQL Server STDEV)",
        inputs: &[i(ALL, "STDDEV_SAMP", &[]), i(ALL, "STDDEV", &[]), i(&[SqlServer], "STDEV", &[]), i(SPARK, "STD", &[])],
        outputs: &[o(&[SqlServer], "STDEV({distinct}{0})"), no(&[Sqlite], NO_SQRT), o(ALL, "STDDEV_SAMP({distinct}{0})")],
    },
    FunctionDef {
        name: "var_samp", arity: (1, 1), unit_arg: false, kind: Kind::Aggregate,
        note: "sample variance of the non-NULL values, NULL for fewer than 2 (VARIANCE outside MySQL/MariaDB, SQL Server VAR)",
        inputs: &[i(ALL, "VAR_SAMP", &[]), i(ALL, "VARIANCE", &[]), i(&[SqlServer, DataFusion], "VAR", &[]),
                  i(&[Snowflake], "VARIANCE_SAMP", &[])],
        outputs: &[o(&[SqlServer], "VAR({distinct}{0})"), sp(&[Sqlite], var_samp_sums), o(ALL, "VAR_SAMP({distinct}{0})")],
    },
    // --- sample moments, products ---
    FunctionDef {
        name: "kurtosis_samp", arity: (1, 1), unit_arg: false, kind: Kind::Aggregate,
        note: "bias-corrected sample excess kurtosis of the non-NULL values (Snowflake and DuckDB KURTOSIS); NULL below 4 values or when they are all equal",
        inputs: &[i(&[Snowflake, DuckDb], "KURTOSIS", &[])],
        outputs: &[o(&[Snowflake, DuckDb], "KURTOSIS({0})"), sp(ALL, kurtosis_samp_sums)],
    },
    FunctionDef {
        name: "skewness_samp", arity: (1, 1), unit_arg: false, kind: Kind::Aggregate,
        note: "bias-corrected sample skewness of the non-NULL values (Snowflake SKEW, DuckDB SKEWNESS); NULL below 3 values or when they are all equal",
        inputs: &[i(&[Snowflake], "SKEW", &[]), i(&[DuckDb], "SKEWNESS", &[])],
        outputs: &[o(&[Snowflake], "SKEW({0})"), o(&[DuckDb], "SKEWNESS({0})"), no(&[Sqlite], NO_SQRT),
                   sp(ALL, skewness_samp_sums)],
    },
    FunctionDef {
        name: "product", arity: (1, 1), unit_arg: false, kind: Kind::Aggregate,
        note: "product of the non-NULL values, NULL without any (DuckDB PRODUCT; Spark has it in its DataFrame API only); a double",
        inputs: &[i(&[DuckDb], "PRODUCT", &[])],
        outputs: &[o(&[DuckDb], "PRODUCT({0})"), no(&[Sqlite], NO_EXP),
                   spw(ALL, product_exp_ln, "computed as EXP(SUM(LN(|x|))): may differ in the last digits")],
    },
    FunctionDef {
        name: "geomean", arity: (1, 1), unit_arg: false, kind: Kind::Aggregate,
        note: "geometric mean of the non-NULL (positive) values (DuckDB GEOMEAN, Trino GEOMETRIC_MEAN)",
        inputs: &[i(&[DuckDb], "GEOMEAN", &[]), i(&[DuckDb, Trino], "GEOMETRIC_MEAN", &[])],
        outputs: &[o(&[DuckDb], "GEOMEAN({0})"), o(&[Trino], "GEOMETRIC_MEAN({0})"), no(&[Sqlite], NO_EXP),
                   spw(ALL, geomean_exp_ln, "computed as EXP(AVG(LN(x))): may differ in the last digits")],
    },
    FunctionDef {
        name: "boolxor_agg", arity: (1, 1), unit_arg: false, kind: Kind::Aggregate,
        note: "true when exactly one non-NULL row of a group is true; NULL without non-NULL rows (Snowflake BOOLXOR_AGG)",
        inputs: &[i(&[Snowflake], "BOOLXOR_AGG", &[])],
        outputs: &[o(&[Snowflake], "BOOLXOR_AGG({0})"),
                   o(&[SqlServer], "CASE WHEN COUNT(CASE WHEN {0} THEN 1 WHEN NOT ({0}) THEN 0 END) = 0 THEN NULL WHEN COUNT(CASE WHEN {0} THEN 1 END) = 1 THEN 1 ELSE 0 END"),
                   o(ALL, "CASE WHEN COUNT({0}) = 0 THEN NULL ELSE COUNT(CASE WHEN {0} THEN 1 END) = 1 END")],
    },
    FunctionDef {
        name: "count_distinct_multi", arity: (2, usize::MAX), unit_arg: false, kind: Kind::Aggregate,
        note: "COUNT(DISTINCT a, b, …): the number of distinct tuples whose values are all non-NULL",
        inputs: &[i(&[MySql, MariaDb, Spark, Databricks, Snowflake], "COUNT", &[])],
        outputs: &[sp(&[MySql, MariaDb, Spark, Databricks, Snowflake], count_multi),
                   sp(&[Postgres, DuckDb, Trino], count_tuple_row), sp(&[DataFusion], count_tuple_struct),
                   sp(&[BigQuery], count_tuple_json_bq), sp(&[Sqlite], count_tuple_json_array),
                   no(ALL, "count the rows of a SELECT DISTINCT a, b … WHERE a IS NOT NULL AND … subquery")],
    },
    FunctionDef {
        name: "try_sum", arity: (1, 1), unit_arg: false, kind: Kind::Aggregate,
        note: "SUM, NULL instead of an overflow error (Spark TRY_SUM)",
        inputs: &[i(SPARK, "TRY_SUM", &[])],
        outputs: &[o(SPARK, "TRY_SUM({distinct}{0})"), ow(ALL, "SUM({distinct}{0})", Dvt003, OVERFLOW)],
    },
    FunctionDef {
        name: "try_avg", arity: (1, 1), unit_arg: false, kind: Kind::Aggregate,
        note: "AVG, NULL instead of an overflow error (Spark TRY_AVG)",
        inputs: &[i(SPARK, "TRY_AVG", &[])],
        outputs: &[o(SPARK, "TRY_AVG({distinct}{0})"), ow(ALL, "AVG({distinct}{0})", Dvt003, OVERFLOW)],
    },
    FunctionDef {
        name: "regr_valx", arity: (2, 2), unit_arg: false, kind: Kind::Scalar,
        note: "REGR_VALX(y, x): x, NULL when y or x is NULL (Snowflake), to feed a regression's rows to other aggregates",
        inputs: &[i(&[Snowflake], "REGR_VALX", &[])],
        outputs: &[o(&[Snowflake], "REGR_VALX({0}, {1})"), o(ALL, "CASE WHEN {0} IS NOT NULL THEN {1} END")],
    },
    FunctionDef {
        name: "regr_valy", arity: (2, 2), unit_arg: false, kind: Kind::Scalar,
        note: "REGR_VALY(y, x): y, NULL when y or x is NULL (Snowflake)",
        inputs: &[i(&[Snowflake], "REGR_VALY", &[])],
        outputs: &[o(&[Snowflake], "REGR_VALY({0}, {1})"), o(ALL, "CASE WHEN {1} IS NOT NULL THEN {0} END")],
    },
];
