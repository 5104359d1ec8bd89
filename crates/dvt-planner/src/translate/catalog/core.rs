//! Conditional, null-handling, string and math functions.

use dvt_core::WarningCode::{Dvt003, Dvt006};

use super::super::dialect::SqlDialect::*;
use super::groups::{MYSQL, SPARK};
use super::{Call, Ctx, FunctionDef, Input, Kind, Output, Render, Src};
use crate::translate::error::TranslateError;

const fn i(from: &'static [crate::translate::SqlDialect], name: &'static str) -> Input {
    Input {
        from,
        name,
        arity: None,
        args: &[],
        warn: None,
    }
}
const fn ia(
    from: &'static [crate::translate::SqlDialect],
    name: &'static str,
    arity: usize,
    args: &'static [Src],
) -> Input {
    Input {
        from,
        name,
        arity: Some(arity),
        args,
        warn: None,
    }
}
const fn o(to: &'static [crate::translate::SqlDialect], t: &'static str) -> Output {
    Output {
        to,
        render: Render::Template(t),
        warn: None,
    }
}
const fn ow(
    to: &'static [crate::translate::SqlDialect],
    t: &'static str,
    code: dvt_core::WarningCode,
    msg: &'static str,
) -> Output {
    Output {
        to,
        render: Render::Template(t),
        warn: Some((code, msg)),
    }
}
const ALL: &[crate::translate::SqlDialect] = &[];

/// DECODE(expr, search1, result1, …, default): NULL matches NULL, as in Snowflake and Oracle.
fn decode(c: &Call, _ctx: &mut Ctx<'_>) -> Result<String, TranslateError> {
    let e = &c.args[0];
    let mut out = String::from("CASE");
    let pairs = &c.args[1..];
    let mut k = 0;
    while k + 1 < pairs.len() {
        let (s, r) = (&pairs[k], &pairs[k + 1]);
        if s.eq_ignore_ascii_case("NULL") {
            out.push_str(&format!(" WHEN {e} IS NULL THEN {r}"));
        } else if is_literal(s) {
            out.push_str(&format!(" WHEN {e} = {s} THEN {r}"));
        } else {
            out.push_str(&format!(
                " WHEN {e} = {s} OR ({e} IS NULL AND {s} IS NULL) THEN {r}"
            ));
        }
        k += 2;
    }
    if pairs.len() % 2 == 1 {
        out.push_str(&format!(" ELSE {}", pairs[pairs.len() - 1]));
    }
    out.push_str(" END");
    Ok(out)
}

fn is_literal(s: &str) -> bool {
    let s = s.trim();
    (s.starts_with('\'') && s.ends_with('\'')) || s.parse::<f64>().is_ok()
}

/// `a || b || …` with NULL propagation, in the target's concatenation syntax.
pub(crate) fn concat_null(c: &Call, ctx: &mut Ctx<'_>) -> Result<String, TranslateError> {
    use crate::translate::dialect::ConcatStyle;
    Ok(match ctx.to.caps().concat {
        ConcatStyle::Pipes => format!("({})", c.args.join(" || ")),
        ConcatStyle::Plus => format!("({})", c.args.join(" + ")),
        ConcatStyle::ConcatFn => format!("CONCAT({})", c.args.join(", ")),
    })
}

/// CONCAT that skips NULL arguments (PostgreSQL, DuckDB, SQL Server semantics).
fn concat_skip(c: &Call, ctx: &mut Ctx<'_>) -> Result<String, TranslateError> {
    if !ctx.to.caps().concat_fn_propagates_null {
        return Ok(format!("CONCAT({})", c.args.join(", ")));
    }
    let wrapped: Vec<String> = c
        .args
        .iter()
        .map(|a| format!("COALESCE({a}, '')"))
        .collect();
    Ok(format!("CONCAT({})", wrapped.join(", ")))
}

/// CONCAT that returns NULL when any argument is NULL (Snowflake, MySQL, Spark semantics).
fn concat_fn_null(c: &Call, ctx: &mut Ctx<'_>) -> Result<String, TranslateError> {
    if ctx.to.caps().concat_fn_propagates_null {
        return Ok(format!("CONCAT({})", c.args.join(", ")));
    }
    concat_null(c, ctx)
}

/// The function rows of this group.
#[rustfmt::skip]
pub static FUNCTIONS: &[FunctionDef] = &[
    FunctionDef {
        name: "coalesce", arity: (1, usize::MAX), unit_arg: false, kind: Kind::Scalar,
        note: "first non-NULL argument; NVL/IFNULL/ISNULL(2 args) are the 2-argument form",
        inputs: &[i(ALL, "COALESCE"), ia(&[Snowflake, Redshift, Spark, Databricks, Datafusion, Duckdb, Bigquery], "NVL", 2, &[]),
                  ia(&[Mysql, Mariadb, Sqlite, Snowflake, Bigquery, Spark, Databricks, Duckdb, Datafusion], "IFNULL", 2, &[]),
                  ia(&[Tsql], "ISNULL", 2, &[])],
        outputs: &[o(ALL, "COALESCE({*})")],
    },
    FunctionDef {
        name: "nvl2", arity: (3, 3), unit_arg: false, kind: Kind::Scalar,
        note: "NVL2(a, b, c): b when a is not NULL, else c",
        inputs: &[i(&[Snowflake, Redshift, Spark, Databricks, Datafusion], "NVL2")],
        outputs: &[o(&[Snowflake, Redshift, Spark, Databricks, Datafusion], "NVL2({0}, {1}, {2})"),
                   o(ALL, "CASE WHEN {0} IS NOT NULL THEN {1} ELSE {2} END")],
    },
    FunctionDef {
        name: "iff", arity: (2, 3), unit_arg: false, kind: Kind::Scalar,
        note: "IFF(cond, a, b): a when cond is true, else b (NULL cond gives b)",
        inputs: &[i(&[Snowflake], "IFF"), i(&[Mysql, Mariadb, Spark, Databricks, Bigquery, Duckdb, Trino], "IF"),
                  i(&[Tsql, Sqlite], "IIF")],
        outputs: &[o(&[Snowflake], "IFF({0}, {1}, {2})"),
                   o(&[Mysql, Mariadb, Spark, Databricks, Bigquery, Duckdb, Trino], "IF({0}, {1}, {2})"),
                   o(&[Tsql], "IIF({0}, {1}, {2})"),
                   o(ALL, "CASE WHEN {0} THEN {1} ELSE {2} END")],
    },
    FunctionDef {
        name: "decode", arity: (3, usize::MAX), unit_arg: false, kind: Kind::Scalar,
        note: "DECODE(e, s1, r1, …, default): equality where NULL matches NULL",
        inputs: &[i(&[Snowflake, Redshift], "DECODE")],
        outputs: &[o(&[Snowflake, Redshift], "DECODE({*})"),
                   Output { to: ALL, render: Render::Special(decode), warn: None }],
    },
    FunctionDef {
        name: "concat_null", arity: (1, usize::MAX), unit_arg: false, kind: Kind::Scalar,
        note: "concatenation that returns NULL when any argument is NULL (the || operator)",
        inputs: &[i(&[Snowflake, Mysql, Mariadb, Spark, Databricks, Bigquery, Trino, Redshift], "CONCAT")],
        outputs: &[Output { to: ALL, render: Render::Special(concat_fn_null), warn: None }],
    },
    FunctionDef {
        name: "concat_skip", arity: (1, usize::MAX), unit_arg: false, kind: Kind::Scalar,
        note: "CONCAT that treats NULL arguments as empty strings",
        inputs: &[i(&[Postgres, Duckdb, Datafusion, Tsql, Sqlite], "CONCAT")],
        outputs: &[Output { to: ALL, render: Render::Special(concat_skip), warn: None }],
    },
    FunctionDef {
        name: "int_div", arity: (2, 2), unit_arg: false, kind: Kind::Scalar,
        note: "integer division truncating toward zero (MySQL DIV, DuckDB //)",
        inputs: &[i(&[Postgres, Bigquery], "DIV")],
        outputs: &[o(MYSQL, "({0} DIV {1})"), o(SPARK, "({0} DIV {1})"), o(&[Duckdb], "({0} // {1})"),
                   o(&[Postgres, Bigquery], "DIV({0}, {1})"), o(&[Snowflake, Redshift], "TRUNC({0} / {1})"),
                   o(&[Trino], "TRUNCATE({0} / {1})"), o(ALL, "CAST(TRUNC({0} / {1}) AS BIGINT)")],
    },
    FunctionDef {
        name: "substr", arity: (2, 3), unit_arg: false, kind: Kind::Scalar,
        note: "SUBSTRING(s, start[, length]), 1-based",
        inputs: &[i(ALL, "SUBSTRING"), i(ALL, "SUBSTR"), i(&[Snowflake], "MID"), i(MYSQL, "MID")],
        outputs: &[o(&[Bigquery, Trino, Sqlite], "SUBSTR({*})"), o(ALL, "SUBSTRING({*})")],
    },
    FunctionDef {
        name: "length", arity: (1, 1), unit_arg: false, kind: Kind::Scalar,
        note: "characters in a string; SQL Server LEN ignores trailing spaces",
        inputs: &[i(ALL, "LENGTH"), i(ALL, "CHAR_LENGTH"), i(ALL, "CHARACTER_LENGTH"), i(&[Snowflake], "LEN"),
                  Input { from: &[Tsql], name: "LEN", arity: None, args: &[], warn: Some((Dvt003, "LEN ignores trailing spaces in SQL Server")) }],
        outputs: &[o(&[Tsql], "LEN({0})"), o(MYSQL, "CHAR_LENGTH({0})"), o(ALL, "LENGTH({0})")],
    },
    FunctionDef {
        name: "strpos", arity: (2, 2), unit_arg: false, kind: Kind::Scalar,
        note: "1-based position of a substring (0 when absent): strpos(haystack, needle)",
        inputs: &[i(&[Postgres, Redshift, Duckdb, Datafusion, Bigquery, Trino], "STRPOS"),
                  i(&[Mysql, Mariadb, Spark, Databricks, Sqlite, Duckdb], "INSTR"),
                  ia(&[Mysql, Mariadb, Spark, Databricks], "LOCATE", 2, &[Src::A(1), Src::A(0)]),
                  ia(&[Snowflake, Tsql], "CHARINDEX", 2, &[Src::A(1), Src::A(0)]),
                  ia(&[Snowflake], "POSITION", 2, &[Src::A(1), Src::A(0)])],
        outputs: &[o(&[Postgres, Redshift, Duckdb, Datafusion, Bigquery, Trino], "STRPOS({0}, {1})"),
                   o(&[Mysql, Mariadb, Spark, Databricks, Sqlite], "INSTR({0}, {1})"),
                   o(&[Snowflake, Tsql], "CHARINDEX({1}, {0})")],
    },
    FunctionDef {
        name: "ceil", arity: (1, 1), unit_arg: false, kind: Kind::Scalar,
        note: "smallest integer not below x",
        inputs: &[i(ALL, "CEIL"), i(ALL, "CEILING")],
        outputs: &[o(&[Tsql], "CEILING({0})"), o(ALL, "CEIL({0})")],
    },
    FunctionDef {
        name: "ln", arity: (1, 1), unit_arg: false, kind: Kind::Scalar,
        note: "natural logarithm (LOG(x) is ln in MySQL, SQLite, SQL Server, Spark)",
        inputs: &[i(ALL, "LN"), ia(&[Mysql, Mariadb, Tsql, Spark, Databricks], "LOG", 1, &[])],
        outputs: &[o(&[Tsql], "LOG({0})"), o(ALL, "LN({0})")],
    },
    FunctionDef {
        name: "log10", arity: (1, 1), unit_arg: false, kind: Kind::Scalar,
        note: "base-10 logarithm (LOG(x) is log10 in PostgreSQL)",
        inputs: &[i(ALL, "LOG10"), ia(&[Postgres, Redshift, Duckdb, Datafusion], "LOG", 1, &[])],
        outputs: &[o(&[Snowflake], "LOG(10, {0})"), o(ALL, "LOG10({0})")],
    },
    FunctionDef {
        name: "power", arity: (2, 2), unit_arg: false, kind: Kind::Scalar,
        note: "x to the power y",
        inputs: &[i(ALL, "POWER"), i(ALL, "POW")],
        outputs: &[o(ALL, "POWER({0}, {1})")],
    },
    FunctionDef {
        name: "greatest", arity: (1, usize::MAX), unit_arg: false, kind: Kind::Scalar,
        note: "largest argument; PostgreSQL ignores NULLs, most others return NULL",
        inputs: &[i(ALL, "GREATEST")],
        outputs: &[o(&[Sqlite], "MAX({*})"),
                   ow(&[Postgres, Redshift, Tsql], "GREATEST({*})", Dvt003, "GREATEST ignores NULL arguments here; the source returns NULL if any argument is NULL"),
                   o(ALL, "GREATEST({*})")],
    },
    FunctionDef {
        name: "least", arity: (1, usize::MAX), unit_arg: false, kind: Kind::Scalar,
        note: "smallest argument; PostgreSQL ignores NULLs, most others return NULL",
        inputs: &[i(ALL, "LEAST")],
        outputs: &[o(&[Sqlite], "MIN({*})"),
                   ow(&[Postgres, Redshift, Tsql], "LEAST({*})", Dvt003, "LEAST ignores NULL arguments here; the source returns NULL if any argument is NULL"),
                   o(ALL, "LEAST({*})")],
    },
    FunctionDef {
        name: "left", arity: (2, 2), unit_arg: false, kind: Kind::Scalar,
        note: "first n characters",
        inputs: &[i(ALL, "LEFT")],
        outputs: &[o(&[Sqlite, Bigquery], "SUBSTR({0}, 1, {1})"), o(ALL, "LEFT({0}, {1})")],
    },
    FunctionDef {
        name: "right", arity: (2, 2), unit_arg: false, kind: Kind::Scalar,
        note: "last n characters",
        inputs: &[i(ALL, "RIGHT")],
        outputs: &[o(&[Sqlite, Bigquery], "SUBSTR({0}, -({1}))"), o(ALL, "RIGHT({0}, {1})")],
    },
    FunctionDef {
        name: "starts_with", arity: (2, 2), unit_arg: false, kind: Kind::Scalar,
        note: "whether s starts with prefix",
        inputs: &[i(&[Snowflake], "STARTSWITH"), i(&[Postgres, Duckdb, Datafusion, Bigquery, Trino, Spark, Databricks], "STARTS_WITH")],
        outputs: &[o(&[Snowflake], "STARTSWITH({0}, {1})"), o(&[Postgres, Duckdb, Datafusion, Bigquery, Trino], "STARTS_WITH({0}, {1})"),
                   o(SPARK, "STARTSWITH({0}, {1})"),
                   o(MYSQL, "(LEFT({0}, CHAR_LENGTH({1})) = {1})"), o(&[Tsql], "(LEFT({0}, LEN({1})) = {1})"),
                   o(ALL, "(SUBSTR({0}, 1, LENGTH({1})) = {1})")],
    },
    FunctionDef {
        name: "ends_with", arity: (2, 2), unit_arg: false, kind: Kind::Scalar,
        note: "whether s ends with suffix",
        inputs: &[i(&[Snowflake], "ENDSWITH"), i(&[Duckdb, Datafusion, Bigquery, Spark, Databricks], "ENDS_WITH")],
        outputs: &[o(&[Snowflake], "ENDSWITH({0}, {1})"), o(&[Duckdb, Datafusion, Bigquery], "ENDS_WITH({0}, {1})"), o(SPARK, "ENDSWITH({0}, {1})"),
                   o(MYSQL, "(RIGHT({0}, CHAR_LENGTH({1})) = {1})"), o(&[Tsql], "(RIGHT({0}, LEN({1})) = {1})"),
                   o(&[Postgres, Redshift, Trino], "(RIGHT({0}, LENGTH({1})) = {1})"),
                   o(ALL, "(SUBSTR({0}, -LENGTH({1})) = {1})")],
    },
    FunctionDef {
        name: "contains", arity: (2, 2), unit_arg: false, kind: Kind::Scalar,
        note: "whether s contains a substring",
        inputs: &[i(&[Snowflake, Spark, Databricks], "CONTAINS")],
        outputs: &[o(&[Snowflake], "CONTAINS({0}, {1})"), o(SPARK, "CONTAINS({0}, {1})"),
                   o(&[Postgres, Redshift, Duckdb, Datafusion, Bigquery, Trino], "(STRPOS({0}, {1}) > 0)"),
                   o(&[Tsql], "(CHARINDEX({1}, {0}) > 0)"), o(ALL, "(INSTR({0}, {1}) > 0)")],
    },
    FunctionDef {
        name: "current_date", arity: (0, 0), unit_arg: false, kind: Kind::Scalar,
        note: "today's date in the session time zone",
        inputs: &[i(ALL, "CURRENT_DATE"), i(MYSQL, "CURDATE")],
        outputs: &[o(&[Tsql], "CAST(GETDATE() AS DATE)"),
                   ow(&[Sqlite], "CURRENT_DATE", Dvt003, "CURRENT_DATE is in UTC in SQLite"),
                   o(ALL, "CURRENT_DATE")],
    },
    FunctionDef {
        name: "current_timestamp", arity: (0, 0), unit_arg: false, kind: Kind::Scalar,
        note: "the current timestamp",
        inputs: &[i(ALL, "CURRENT_TIMESTAMP"), i(&[Postgres, Redshift, Mysql, Mariadb, Duckdb, Datafusion, Spark, Databricks], "NOW"),
                  i(&[Snowflake, Mysql, Mariadb], "SYSDATE"), i(&[Tsql], "GETDATE"), i(&[Tsql], "SYSDATETIME"),
                  i(&[Snowflake], "LOCALTIMESTAMP"), i(&[Redshift], "GETDATE")],
        outputs: &[ow(&[Sqlite], "CURRENT_TIMESTAMP", Dvt003, "CURRENT_TIMESTAMP is a UTC text value in SQLite"),
                   o(ALL, "CURRENT_TIMESTAMP")],
    },
    FunctionDef {
        name: "random", arity: (0, 0), unit_arg: false, kind: Kind::Scalar,
        note: "a random number; ranges differ (Snowflake: 64-bit integer, others: [0, 1))",
        inputs: &[i(&[Postgres, Duckdb, Datafusion, Sqlite, Snowflake, Redshift, Spark, Databricks], "RANDOM"),
                  i(&[Mysql, Mariadb, Tsql, Spark, Databricks], "RAND"), i(&[Bigquery], "RAND")],
        outputs: &[ow(&[Mysql, Mariadb, Tsql, Bigquery, Spark, Databricks], "RAND()", Dvt003, "random number ranges differ between dialects"),
                   ow(ALL, "RANDOM()", Dvt003, "random number ranges differ between dialects")],
    },
    FunctionDef {
        name: "to_number", arity: (1, 1), unit_arg: false, kind: Kind::Scalar,
        note: "a string as a number",
        inputs: &[i(&[Snowflake, Redshift], "TO_NUMBER"), i(&[Snowflake], "TO_DECIMAL"), i(&[Snowflake], "TO_NUMERIC")],
        outputs: &[o(&[Snowflake, Redshift], "TO_NUMBER({0})"), o(MYSQL, "CAST({0} AS DECIMAL(38, 10))"),
                   o(&[Sqlite], "CAST({0} AS NUMERIC)"), o(&[Postgres], "CAST({0} AS NUMERIC)"),
                   o(&[Bigquery], "CAST({0} AS NUMERIC)"), o(ALL, "CAST({0} AS DECIMAL(38, 10))")],
    },
    FunctionDef {
        name: "to_varchar", arity: (1, 1), unit_arg: false, kind: Kind::Scalar,
        note: "a value as text (1-argument TO_CHAR / TO_VARCHAR)",
        inputs: &[ia(&[Snowflake, Postgres, Redshift, Datafusion], "TO_CHAR", 1, &[]), ia(&[Snowflake], "TO_VARCHAR", 1, &[]),
                  i(SPARK, "STRING")],
        outputs: &[o(MYSQL, "CAST({0} AS CHAR)"), o(SPARK, "CAST({0} AS STRING)"), o(&[Bigquery], "CAST({0} AS STRING)"),
                   o(&[Tsql], "CAST({0} AS NVARCHAR(MAX))"), o(&[Sqlite, Postgres, Redshift, Duckdb], "CAST({0} AS TEXT)"),
                   o(ALL, "CAST({0} AS VARCHAR)")],
    },
    FunctionDef {
        name: "split_part", arity: (3, 3), unit_arg: false, kind: Kind::Scalar,
        note: "the n-th (1-based) field of s split by a delimiter",
        inputs: &[i(&[Snowflake, Postgres, Redshift, Duckdb, Datafusion, Trino, Spark, Databricks], "SPLIT_PART")],
        outputs: &[o(&[Snowflake, Postgres, Redshift, Duckdb, Datafusion, Trino, Spark, Databricks], "SPLIT_PART({0}, {1}, {2})"),
                   o(MYSQL, "SUBSTRING_INDEX(SUBSTRING_INDEX({0}, {1}, {2}), {1}, -1)"),
                   Output { to: ALL, render: Render::Unsupported("write the split with SUBSTR and INSTR"), warn: Some((Dvt006, "SPLIT_PART has no equivalent")) }],
    },
];
