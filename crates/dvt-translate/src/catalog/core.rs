//! Conditional, null-handling, string and math functions.

use crate::dialect::DialectCaps;
use dvt_types::WarningCode::{Dvt003, Dvt006};

use super::super::dialect::DbKind::*;
use super::groups::{MYSQL, SPARK};
use super::{ALL, input as i, input_n as ia, out as o, out_warn as ow};
use super::{Call, Ctx, FunctionDef, Input, Kind, Output, Render, Src};
use crate::error::TranslateError;

/// SQLite, as dvt runs it, has no math functions.
const NO_MATH_SQLITE: Output = Output {
    to: &[Sqlite],
    render: Render::Unsupported(super::math::NO_MATH),
    warn: None,
};

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
    use crate::dialect::ConcatStyle;
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

/// An interval of `amount` units as the target writes it (`None`: the target has no interval
/// literal; the caller keeps the source form). `literal`: `amount` is a number literal.
pub(crate) fn interval_sql(
    amount: &str,
    literal: bool,
    unit: crate::units::Unit,
    ctx: &Ctx<'_>,
) -> Option<String> {
    use crate::dialect::IntervalStyle;
    let (name, kw) = (unit.name(), unit.keyword());
    Some(match ctx.to.caps().interval {
        IntervalStyle::Quoted if literal => format!("INTERVAL '{amount} {name}'"),
        IntervalStyle::Quoted => format!("(({amount}) * INTERVAL '1 {name}')"),
        IntervalStyle::QuotedAmount if literal => format!("INTERVAL '{amount}' {kw}"),
        IntervalStyle::QuotedAmount => format!("(({amount}) * INTERVAL '1' {kw})"),
        IntervalStyle::Expression => format!("INTERVAL {amount} {kw}"),
        IntervalStyle::None => return None,
    })
}

/// `a IS NOT DISTINCT FROM b`, or its expansion where the target lacks it.
fn null_safe_eq(c: &Call, ctx: &mut Ctx<'_>) -> Result<String, TranslateError> {
    let (a, b) = (&c.args[0], &c.args[1]);
    let caps = ctx.to.caps();
    Ok(if caps.is_distinct_from {
        format!("({a} IS NOT DISTINCT FROM {b})")
    } else {
        let (t, f) = if caps.bool_literals {
            ("TRUE", "FALSE")
        } else {
            ("1", "0")
        };
        format!("CASE WHEN {a} = {b} OR ({a} IS NULL AND {b} IS NULL) THEN {t} ELSE {f} END")
    })
}

/// An array literal of already-rendered elements as the target writes it (`None`: keep `[…]`).
pub(crate) fn array_literal_sql(elems: &[String], ctx: &Ctx<'_>) -> Option<String> {
    use crate::dialect::ArrayLiteralStyle;
    let e = elems.join(", ");
    Some(match ctx.to.caps().array_literal {
        ArrayLiteralStyle::ArrayBrackets => format!("ARRAY[{e}]"),
        ArrayLiteralStyle::Function(f) => format!("{f}({e})"),
        ArrayLiteralStyle::Brackets | ArrayLiteralStyle::None => return None,
    })
}

/// An array of the arguments: the target's array literal, or `[…]`.
fn array_fn(c: &Call, ctx: &mut Ctx<'_>) -> Result<String, TranslateError> {
    Ok(array_literal_sql(&c.args, ctx).unwrap_or_else(|| format!("[{}]", c.args.join(", "))))
}

/// a / b as a fraction, NULL when b is 0.
fn safe_divide(c: &Call, ctx: &mut Ctx<'_>) -> Result<String, TranslateError> {
    let (a, b) = (&c.args[0], &c.args[1]);
    Ok(if ctx.to.caps().int_div_truncates {
        format!("({a} * 1.0 / NULLIF({b}, 0))")
    } else {
        format!("({a} / NULLIF({b}, 0))")
    })
}

/// GREATEST / LEAST, keeping the source's NULL semantics (skip NULLs or return NULL).
fn extreme(greatest: bool, c: &Call, ctx: &mut Ctx<'_>) -> Result<String, TranslateError> {
    let (skip_src, skip_dst) = (
        ctx.from.caps().greatest_skips_null,
        ctx.to.caps().greatest_skips_null,
    );
    let (g, l) = ctx.to.caps().greatest_least;
    let name = if greatest { g } else { l };
    let native = format!("{name}({})", c.args.join(", "));
    if skip_src == skip_dst || c.args.len() < 2 {
        return Ok(native);
    }
    if skip_dst {
        // The source returns NULL when any argument is NULL.
        let any_null: Vec<String> = c.args.iter().map(|a| format!("{a} IS NULL")).collect();
        return Ok(format!(
            "CASE WHEN {} THEN NULL ELSE {native} END",
            any_null.join(" OR ")
        ));
    }
    // The source skips NULLs: give every position a non-NULL stand-in from the others.
    Ok(with_stand_ins(name, &c.args))
}

/// `name(…)` over the arguments, each replaced by `COALESCE` of it and the others after it, so a
/// NULL argument stands for another, non-NULL one: GREATEST/LEAST that skip NULLs on a target
/// whose own return NULL.
pub(super) fn with_stand_ins(name: &str, args: &[String]) -> String {
    let n = args.len();
    let rotated: Vec<String> = (0..n)
        .map(|k| {
            let order: Vec<&str> = (0..n).map(|j| args[(k + j) % n].as_str()).collect();
            format!("COALESCE({})", order.join(", "))
        })
        .collect();
    format!("{name}({})", rotated.join(", "))
}

fn greatest(c: &Call, ctx: &mut Ctx<'_>) -> Result<String, TranslateError> {
    extreme(true, c, ctx)
}

fn least(c: &Call, ctx: &mut Ctx<'_>) -> Result<String, TranslateError> {
    extreme(false, c, ctx)
}

/// SUBSTRING(s, start[, len]); a negative start counts from the end where the source says so.
fn substr(c: &Call, ctx: &mut Ctx<'_>) -> Result<String, TranslateError> {
    let to = ctx.to.caps();
    let mut args = c.args.clone();
    if args.len() >= 2 && ctx.from.caps().substr_negative_from_end && !to.substr_negative_from_end {
        let (s, start) = (&args[0], args[1].trim().to_string());
        let len = format!("{}({s})", to.length_name);
        args[1] = match start.parse::<i64>() {
            Ok(n) if n < 0 => format!("{len} + 1 - {}", -n),
            Ok(_) => start,
            Err(_) => format!("CASE WHEN {start} < 0 THEN {len} + 1 + {start} ELSE {start} END"),
        };
    }
    if args.len() == 2 && to.substring_length_required {
        args.push(format!("{}({})", to.length_name, args[0]));
    }
    Ok(format!("{}({})", to.substring_name, args.join(", ")))
}

/// The function rows of this group.
#[rustfmt::skip]
pub static FUNCTIONS: &[FunctionDef] = &[
    FunctionDef {
        name: "coalesce", arity: (1, usize::MAX), unit_arg: false, kind: Kind::Scalar,
        note: "first non-NULL argument; NVL/IFNULL/ISNULL(2 args) are the 2-argument form",
        inputs: &[i(ALL, "COALESCE"), ia(&[Snowflake, Redshift, Spark, Databricks, DataFusion, DuckDb, BigQuery], "NVL", 2, &[]),
                  ia(&[MySql, MariaDb, Sqlite, Snowflake, BigQuery, Spark, Databricks, DuckDb, DataFusion], "IFNULL", 2, &[]),
                  ia(&[SqlServer], "ISNULL", 2, &[])],
        outputs: &[o(ALL, "COALESCE({*})")],
    },
    FunctionDef {
        name: "nvl2", arity: (3, 3), unit_arg: false, kind: Kind::Scalar,
        note: "NVL2(a, b, c): b when a is not NULL, else c",
        inputs: &[i(&[Snowflake, Redshift, Spark, Databricks, DataFusion], "NVL2")],
        outputs: &[o(&[Snowflake, Redshift, Spark, Databricks, DataFusion], "NVL2({0}, {1}, {2})"),
                   o(ALL, "CASE WHEN {0} IS NOT NULL THEN {1} ELSE {2} END")],
    },
    FunctionDef {
        name: "iff", arity: (2, 3), unit_arg: false, kind: Kind::Scalar,
        note: "IFF(cond, a, b): a when cond is true, else b (NULL cond gives b)",
        inputs: &[i(&[Snowflake], "IFF"), i(&[MySql, MariaDb, Spark, Databricks, BigQuery, DuckDb, Trino], "IF"),
                  i(&[SqlServer, Sqlite], "IIF")],
        outputs: &[o(&[Snowflake], "IFF({0}, {1}, {2})"),
                   o(&[MySql, MariaDb, Spark, Databricks, BigQuery, DuckDb, Trino], "IF({0}, {1}, {2})"),
                   o(&[SqlServer], "IIF({0}, {1}, {2})"),
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
        inputs: &[i(&[Snowflake, MySql, MariaDb, Spark, Databricks, BigQuery, Trino, Redshift], "CONCAT")],
        outputs: &[Output { to: ALL, render: Render::Special(concat_fn_null), warn: None }],
    },
    FunctionDef {
        name: "concat_skip", arity: (1, usize::MAX), unit_arg: false, kind: Kind::Scalar,
        note: "CONCAT that treats NULL arguments as empty strings",
        inputs: &[i(&[Postgres, DuckDb, DataFusion, SqlServer, Sqlite], "CONCAT")],
        outputs: &[Output { to: ALL, render: Render::Special(concat_skip), warn: None }],
    },
    FunctionDef {
        name: "int_div", arity: (2, 2), unit_arg: false, kind: Kind::Scalar,
        note: "integer division truncating toward zero (MySQL DIV, DuckDB //)",
        inputs: &[i(&[Postgres, BigQuery], "DIV")],
        outputs: &[o(MYSQL, "({0} DIV {1})"), o(SPARK, "({0} DIV {1})"), o(&[DuckDb], "({0} // {1})"),
                   o(&[Postgres, BigQuery], "DIV({0}, {1})"), o(&[Snowflake, Redshift], "TRUNC({0} / {1})"),
                   o(&[Trino], "TRUNCATE({0} / {1})"), o(&[Sqlite], "CAST({0} / {1} AS INTEGER)"), o(ALL, "CAST(TRUNC({0} / {1}) AS BIGINT)")],
    },
    FunctionDef {
        name: "substr", arity: (2, 3), unit_arg: false, kind: Kind::Scalar,
        note: "SUBSTRING(s, start[, length]), 1-based",
        inputs: &[i(ALL, "SUBSTRING"), i(ALL, "SUBSTR"), i(&[Snowflake], "MID"), i(MYSQL, "MID")],
        outputs: &[Output { to: ALL, render: Render::Special(substr), warn: None }],
    },
    // Before `length`: MySQL's LENGTH counts bytes.
    FunctionDef {
        name: "octet_length", arity: (1, 1), unit_arg: false, kind: Kind::Scalar,
        note: "bytes in a string (MySQL LENGTH)",
        inputs: &[i(MYSQL, "LENGTH"), i(ALL, "OCTET_LENGTH"), i(&[BigQuery], "BYTE_LENGTH"),
                  Input { from: &[SqlServer], name: "DATALENGTH", arity: None, args: &[], warn: Some((Dvt003, "DATALENGTH counts UTF-16 bytes for NVARCHAR")) }],
        outputs: &[o(MYSQL, "LENGTH({0})"), o(&[BigQuery], "BYTE_LENGTH({0})"), o(&[SqlServer], "DATALENGTH({0})"),
                   o(&[Sqlite], "LENGTH(CAST({0} AS BLOB))"), o(&[Trino], "LENGTH(TO_UTF8({0}))"), o(&[DuckDb], "STRLEN({0})"),
                   o(ALL, "OCTET_LENGTH({0})")],
    },
    FunctionDef {
        name: "null_safe_eq", arity: (2, 2), unit_arg: false, kind: Kind::Scalar,
        note: "equality where NULL equals NULL and the result is never NULL (IS NOT DISTINCT FROM, <=>)",
        inputs: &[i(&[MySql, MariaDb, Spark, Databricks], "<=>")],
        outputs: &[o(MYSQL, "({0} <=> {1})"), o(SPARK, "({0} <=> {1})"),
                   Output { to: ALL, render: Render::Special(null_safe_eq), warn: None }],
    },
    FunctionDef {
        name: "length", arity: (1, 1), unit_arg: false, kind: Kind::Scalar,
        note: "characters in a string; SQL Server LEN ignores trailing spaces",
        inputs: &[i(ALL, "LENGTH"), i(ALL, "CHAR_LENGTH"), i(ALL, "CHARACTER_LENGTH"), i(&[Snowflake], "LEN")],
        outputs: &[o(&[SqlServer], "LEN({0})"), o(MYSQL, "CHAR_LENGTH({0})"), o(ALL, "LENGTH({0})")],
    },
    FunctionDef {
        name: "length_rtrimmed", arity: (1, 1), unit_arg: false, kind: Kind::Scalar,
        note: "characters in a string without its trailing spaces (SQL Server LEN)",
        inputs: &[i(&[SqlServer], "LEN")],
        outputs: &[o(&[SqlServer], "LEN({0})"), o(MYSQL, "CHAR_LENGTH(RTRIM({0}))"), o(ALL, "LENGTH(RTRIM({0}))")],
    },
    FunctionDef {
        name: "strpos", arity: (2, 2), unit_arg: false, kind: Kind::Scalar,
        note: "1-based position of a substring (0 when absent): strpos(haystack, needle)",
        inputs: &[i(&[Postgres, Redshift, DuckDb, DataFusion, BigQuery, Trino], "STRPOS"),
                  i(&[MySql, MariaDb, Spark, Databricks, Sqlite, DuckDb, BigQuery], "INSTR"),
                  ia(&[MySql, MariaDb, Spark, Databricks], "LOCATE", 2, &[Src::A(1), Src::A(0)]),
                  ia(&[Snowflake, SqlServer], "CHARINDEX", 2, &[Src::A(1), Src::A(0)]),
                  ia(&[Snowflake], "POSITION", 2, &[Src::A(1), Src::A(0)])],
        outputs: &[o(&[Postgres, Redshift, DuckDb, DataFusion, BigQuery, Trino], "STRPOS({0}, {1})"),
                   o(&[MySql, MariaDb, Spark, Databricks, Sqlite], "INSTR({0}, {1})"),
                   o(&[Snowflake, SqlServer], "CHARINDEX({1}, {0})")],
    },
    FunctionDef {
        name: "strpos_from", arity: (3, 3), unit_arg: false, kind: Kind::Scalar,
        note: "1-based position of a substring at or after a start position (0 when absent): strpos_from(haystack, needle, start)",
        inputs: &[ia(&[MySql, MariaDb, Spark, Databricks], "LOCATE", 3, &[Src::A(1), Src::A(0), Src::A(2)]),
                  ia(&[Snowflake, SqlServer], "CHARINDEX", 3, &[Src::A(1), Src::A(0), Src::A(2)]),
                  ia(&[Snowflake], "POSITION", 3, &[Src::A(1), Src::A(0), Src::A(2)]),
                  ia(&[BigQuery], "INSTR", 3, &[])],
        outputs: &[o(&[MySql, MariaDb, Spark, Databricks], "LOCATE({1}, {0}, {2})"),
                   o(&[Snowflake, SqlServer], "CHARINDEX({1}, {0}, {2})"),
                   o(&[BigQuery], "INSTR({0}, {1}, {2})"),
                   // ELSE the inner position: 0 when absent, NULL when an argument is NULL.
                   o(&[Sqlite], "CASE WHEN INSTR(SUBSTR({0}, {2}), {1}) > 0 THEN INSTR(SUBSTR({0}, {2}), {1}) + {2} - 1 ELSE INSTR(SUBSTR({0}, {2}), {1}) END"),
                   o(ALL, "CASE WHEN STRPOS(SUBSTR({0}, {2}), {1}) > 0 THEN STRPOS(SUBSTR({0}, {2}), {1}) + {2} - 1 ELSE STRPOS(SUBSTR({0}, {2}), {1}) END")],
    },
    FunctionDef {
        name: "ceil", arity: (1, 1), unit_arg: false, kind: Kind::Scalar,
        note: "smallest integer not below x",
        inputs: &[i(ALL, "CEIL"), i(ALL, "CEILING")],
        outputs: &[o(&[SqlServer], "CEILING({0})"),
                   o(&[Sqlite], "(CAST({0} AS INTEGER) + ({0} > CAST({0} AS INTEGER)))"), o(ALL, "CEIL({0})")],
    },
    FunctionDef {
        name: "ln", arity: (1, 1), unit_arg: false, kind: Kind::Scalar,
        note: "natural logarithm (LOG(x) is ln in MySQL, SQLite, SQL Server, Spark, BigQuery)",
        inputs: &[i(ALL, "LN"), ia(&[MySql, MariaDb, SqlServer, Spark, Databricks, BigQuery], "LOG", 1, &[])],
        outputs: &[o(&[SqlServer], "LOG({0})"), NO_MATH_SQLITE, o(ALL, "LN({0})")],
    },
    FunctionDef {
        name: "log10", arity: (1, 1), unit_arg: false, kind: Kind::Scalar,
        note: "base-10 logarithm (LOG(x) is log10 in PostgreSQL)",
        inputs: &[i(ALL, "LOG10"), ia(&[Postgres, Redshift, DuckDb, DataFusion], "LOG", 1, &[])],
        outputs: &[o(&[Snowflake], "LOG(10, {0})"), NO_MATH_SQLITE, o(ALL, "LOG10({0})")],
    },
    FunctionDef {
        name: "log_base", arity: (2, 2), unit_arg: false, kind: Kind::Scalar,
        note: "logarithm of x to a base: log_base(base, x) (SQL Server and BigQuery write LOG(x, base))",
        inputs: &[ia(&[SqlServer, BigQuery], "LOG", 2, &[Src::A(1), Src::A(0)]), ia(ALL, "LOG", 2, &[])],
        outputs: &[o(&[SqlServer, BigQuery], "LOG({1}, {0})"),
                   o(&[Postgres], "LOG(CAST({0} AS NUMERIC), CAST({1} AS NUMERIC))"),
                   o(&[Redshift], "(LN({1}) / LN({0}))"), NO_MATH_SQLITE,
                   o(ALL, "LOG({0}, {1})")],
    },
    FunctionDef {
        name: "safe_divide", arity: (2, 2), unit_arg: false, kind: Kind::Scalar,
        note: "a / b as a fraction, NULL when b is 0 (BigQuery SAFE_DIVIDE)",
        inputs: &[i(&[BigQuery], "SAFE_DIVIDE")],
        outputs: &[o(&[BigQuery], "SAFE_DIVIDE({0}, {1})"),
                   Output { to: ALL, render: Render::Special(safe_divide), warn: None }],
    },
    FunctionDef {
        name: "square", arity: (1, 1), unit_arg: false, kind: Kind::Scalar,
        note: "x * x",
        inputs: &[i(&[SqlServer], "SQUARE")],
        outputs: &[o(&[SqlServer], "SQUARE({0})"), o(&[Sqlite], "({0} * {0})"), o(ALL, "POWER({0}, 2)")],
    },
    FunctionDef {
        name: "array_join", arity: (2, 2), unit_arg: false, kind: Kind::Scalar,
        note: "array elements joined by a separator, NULL elements skipped",
        inputs: &[i(&[Spark, Databricks, Trino], "ARRAY_JOIN"),
                  i(&[Postgres, Redshift, Snowflake, BigQuery, DuckDb, DataFusion], "ARRAY_TO_STRING")],
        outputs: &[o(&[Spark, Databricks, Trino], "ARRAY_JOIN({0}, {1})"),
                   o(&[Postgres, Snowflake, BigQuery, DuckDb, DataFusion], "ARRAY_TO_STRING({0}, {1})"),
                   Output { to: ALL, render: Render::Unsupported("there is no array type; aggregate to a string with STRING_AGG/GROUP_CONCAT"), warn: None }],
    },
    FunctionDef {
        name: "array_size", arity: (1, 1), unit_arg: false, kind: Kind::Scalar,
        note: "number of elements of an array",
        inputs: &[Input { from: SPARK, name: "SIZE", arity: None, args: &[], warn: Some((Dvt003, "SIZE(NULL) is -1 in Spark (default settings) but NULL elsewhere")) },
                  i(&[Spark, Databricks, Snowflake], "ARRAY_SIZE"), i(&[BigQuery], "ARRAY_LENGTH"),
                  i(&[Postgres, Trino], "CARDINALITY")],
        outputs: &[o(SPARK, "SIZE({0})"), o(&[Snowflake], "ARRAY_SIZE({0})"), o(&[BigQuery], "ARRAY_LENGTH({0})"),
                   o(&[Postgres, Trino, DuckDb, DataFusion], "CARDINALITY({0})"),
                   o(MYSQL, "JSON_LENGTH({0})"), o(&[Sqlite], "JSON_ARRAY_LENGTH({0})"),
                   Output { to: ALL, render: Render::Unsupported("there is no array type"), warn: None }],
    },
    FunctionDef {
        name: "array", arity: (0, usize::MAX), unit_arg: false, kind: Kind::Scalar,
        note: "an array of the arguments",
        inputs: &[i(SPARK, "ARRAY"), i(&[Snowflake], "ARRAY_CONSTRUCT")],
        outputs: &[Output { to: ALL, render: Render::Special(array_fn), warn: None }],
    },
    FunctionDef {
        name: "power", arity: (2, 2), unit_arg: false, kind: Kind::Scalar,
        note: "x to the power y",
        inputs: &[i(ALL, "POWER"), i(ALL, "POW")],
        outputs: &[NO_MATH_SQLITE, o(ALL, "POWER({0}, {1})")],
    },
    FunctionDef {
        name: "greatest", arity: (1, usize::MAX), unit_arg: false, kind: Kind::Scalar,
        note: "largest argument; whether NULL arguments are skipped is a capability of each dialect",
        inputs: &[i(ALL, "GREATEST")],
        outputs: &[Output { to: ALL, render: Render::Special(greatest), warn: None }],
    },
    FunctionDef {
        name: "least", arity: (1, usize::MAX), unit_arg: false, kind: Kind::Scalar,
        note: "smallest argument; whether NULL arguments are skipped is a capability of each dialect",
        inputs: &[i(ALL, "LEAST")],
        outputs: &[Output { to: ALL, render: Render::Special(least), warn: None }],
    },
    FunctionDef {
        name: "mod", arity: (2, 2), unit_arg: false, kind: Kind::Scalar,
        note: "remainder of a division",
        inputs: &[i(ALL, "MOD")],
        outputs: &[o(&[Sqlite, DataFusion, SqlServer], "({0} % {1})"), o(ALL, "MOD({0}, {1})")],
    },
    FunctionDef {
        name: "floor", arity: (1, 1), unit_arg: false, kind: Kind::Scalar,
        note: "largest integer not above x (SQLite without its math functions has none)",
        inputs: &[i(ALL, "FLOOR")],
        outputs: &[o(&[Sqlite], "(CAST({0} AS INTEGER) - ({0} < CAST({0} AS INTEGER)))"), o(ALL, "FLOOR({0})")],
    },
    FunctionDef {
        name: "last_day", arity: (1, 1), unit_arg: false, kind: Kind::Scalar,
        note: "the last day of the month of a date",
        inputs: &[i(&[Snowflake, MySql, MariaDb, Spark, Databricks, DuckDb, BigQuery], "LAST_DAY"),
                  ia(&[SqlServer], "EOMONTH", 1, &[]), i(&[Trino], "LAST_DAY_OF_MONTH")],
        outputs: &[o(&[Snowflake, MySql, MariaDb, Spark, Databricks, DuckDb, BigQuery], "LAST_DAY({0})"),
                   o(&[SqlServer], "EOMONTH({0})"), o(&[Trino], "LAST_DAY_OF_MONTH({0})"),
                   o(&[Sqlite], "DATE({0}, 'start of month', '+1 month', '-1 day')"),
                   o(ALL, "CAST(DATE_TRUNC('month', CAST({0} AS TIMESTAMP)) + INTERVAL '1 month' - INTERVAL '1 day' AS DATE)")],
    },
    FunctionDef {
        name: "left", arity: (2, 2), unit_arg: false, kind: Kind::Scalar,
        note: "first n characters",
        inputs: &[i(ALL, "LEFT")],
        outputs: &[o(&[Sqlite, BigQuery], "SUBSTR({0}, 1, {1})"), o(ALL, "LEFT({0}, {1})")],
    },
    FunctionDef {
        name: "right", arity: (2, 2), unit_arg: false, kind: Kind::Scalar,
        note: "last n characters",
        inputs: &[i(ALL, "RIGHT")],
        // From the position where the last n start (never before 1): RIGHT(s, 0) is ''.
        outputs: &[o(&[Sqlite], "SUBSTR({0}, MAX(LENGTH({0}) - ({1}) + 1, 1))"),
                   o(&[BigQuery], "SUBSTR({0}, GREATEST(LENGTH({0}) - ({1}) + 1, 1))"), o(ALL, "RIGHT({0}, {1})")],
    },
    FunctionDef {
        name: "starts_with", arity: (2, 2), unit_arg: false, kind: Kind::Scalar,
        note: "whether s starts with prefix",
        inputs: &[i(&[Snowflake], "STARTSWITH"), i(&[Postgres, DuckDb, DataFusion, BigQuery, Trino, Spark, Databricks], "STARTS_WITH")],
        outputs: &[o(&[Snowflake], "STARTSWITH({0}, {1})"), o(&[Postgres, DuckDb, DataFusion, BigQuery, Trino], "STARTS_WITH({0}, {1})"),
                   o(SPARK, "STARTSWITH({0}, {1})"),
                   o(MYSQL, "(LEFT({0}, CHAR_LENGTH({1})) = {1})"), o(&[SqlServer], "(LEFT({0}, LEN({1})) = {1})"),
                   o(ALL, "(SUBSTR({0}, 1, LENGTH({1})) = {1})")],
    },
    FunctionDef {
        name: "ends_with", arity: (2, 2), unit_arg: false, kind: Kind::Scalar,
        note: "whether s ends with suffix",
        inputs: &[i(&[Snowflake], "ENDSWITH"), i(&[DuckDb, DataFusion, BigQuery, Spark, Databricks], "ENDS_WITH")],
        outputs: &[o(&[Snowflake], "ENDSWITH({0}, {1})"), o(&[DuckDb, DataFusion, BigQuery], "ENDS_WITH({0}, {1})"), o(SPARK, "ENDSWITH({0}, {1})"),
                   o(MYSQL, "(RIGHT({0}, CHAR_LENGTH({1})) = {1})"), o(&[SqlServer], "(RIGHT({0}, LEN({1})) = {1})"),
                   o(&[Postgres, Redshift, Trino], "(RIGHT({0}, LENGTH({1})) = {1})"),
                   o(ALL, "(SUBSTR({0}, MAX(LENGTH({0}) - LENGTH({1}) + 1, 1)) = {1})")],
    },
    FunctionDef {
        name: "contains", arity: (2, 2), unit_arg: false, kind: Kind::Scalar,
        note: "whether s contains a substring",
        inputs: &[i(&[Snowflake, Spark, Databricks], "CONTAINS")],
        outputs: &[o(&[Snowflake], "CONTAINS({0}, {1})"), o(SPARK, "CONTAINS({0}, {1})"),
                   o(&[Postgres, Redshift, DuckDb, DataFusion, BigQuery, Trino], "(STRPOS({0}, {1}) > 0)"),
                   o(&[SqlServer], "(CHARINDEX({1}, {0}) > 0)"), o(ALL, "(INSTR({0}, {1}) > 0)")],
    },
    FunctionDef {
        name: "current_date", arity: (0, 0), unit_arg: false, kind: Kind::Scalar,
        note: "today's date in the session time zone",
        inputs: &[i(ALL, "CURRENT_DATE"), i(MYSQL, "CURDATE")],
        outputs: &[o(&[SqlServer], "CAST(GETDATE() AS DATE)"),
                   ow(&[Sqlite], "CURRENT_DATE", Dvt003, "CURRENT_DATE is in UTC in SQLite"),
                   o(ALL, "CURRENT_DATE")],
    },
    FunctionDef {
        name: "current_timestamp", arity: (0, 0), unit_arg: false, kind: Kind::Scalar,
        note: "the current timestamp",
        inputs: &[i(ALL, "CURRENT_TIMESTAMP"), i(&[Postgres, Redshift, MySql, MariaDb, DuckDb, DataFusion, Spark, Databricks], "NOW"),
                  i(&[Snowflake, MySql, MariaDb], "SYSDATE"), i(&[SqlServer], "GETDATE"), i(&[SqlServer], "SYSDATETIME"),
                  i(&[Snowflake], "LOCALTIMESTAMP"), i(&[Redshift], "GETDATE")],
        outputs: &[ow(&[Sqlite], "CURRENT_TIMESTAMP", Dvt003, "CURRENT_TIMESTAMP is a UTC text value in SQLite"),
                   o(ALL, "CURRENT_TIMESTAMP")],
    },
    FunctionDef {
        name: "random", arity: (0, 0), unit_arg: false, kind: Kind::Scalar,
        note: "a random number; ranges differ (Snowflake: 64-bit integer, others: [0, 1))",
        inputs: &[i(&[Postgres, DuckDb, DataFusion, Sqlite, Snowflake, Redshift, Spark, Databricks], "RANDOM"),
                  i(&[MySql, MariaDb, SqlServer, Spark, Databricks], "RAND"), i(&[BigQuery], "RAND")],
        outputs: &[ow(&[MySql, MariaDb, SqlServer, BigQuery, Spark, Databricks], "RAND()", Dvt003, "random number ranges differ between dialects"),
                   // SQLite's RANDOM() is a 64-bit integer: scaled into [0, 1) as the others'.
                   ow(&[Sqlite], "(ABS(RANDOM() % 1000000000) / 1000000000.0)", Dvt003, "random number ranges differ between dialects"),
                   ow(ALL, "RANDOM()", Dvt003, "random number ranges differ between dialects")],
    },
    FunctionDef {
        name: "uuid", arity: (0, 0), unit_arg: false, kind: Kind::Scalar,
        note: "a random (version 4) UUID",
        inputs: &[i(&[SqlServer], "NEWID"), i(&[Postgres, DuckDb], "GEN_RANDOM_UUID"), i(&[BigQuery], "GENERATE_UUID"),
                  i(&[Snowflake], "UUID_STRING"), i(&[Spark, Databricks, MySql, MariaDb, DuckDb, Trino, DataFusion], "UUID")],
        // As text, as the other dialects' functions return it (PostgreSQL's and DuckDB's are typed).
        outputs: &[o(&[SqlServer], "LOWER(CAST(NEWID() AS VARCHAR(36)))"), o(&[Postgres], "CAST(GEN_RANDOM_UUID() AS TEXT)"),
                   o(&[DuckDb], "CAST(GEN_RANDOM_UUID() AS VARCHAR)"), o(&[BigQuery], "GENERATE_UUID()"),
                   o(&[Snowflake], "UUID_STRING()"),
                   ow(MYSQL, "UUID()", Dvt003, "MySQL's UUID() is a version 1 (time-based) UUID"),
                   o(&[Spark, Databricks, Trino, DataFusion], "UUID()"),
                   Output { to: ALL, render: Render::Unsupported("generate the UUIDs in the engine"), warn: None }],
    },
    FunctionDef {
        name: "to_number", arity: (1, 1), unit_arg: false, kind: Kind::Scalar,
        note: "a string as a number",
        inputs: &[i(&[Snowflake, Redshift], "TO_NUMBER"), i(&[Snowflake], "TO_DECIMAL"), i(&[Snowflake], "TO_NUMERIC")],
        outputs: &[o(&[Snowflake, Redshift], "TO_NUMBER({0})"), o(MYSQL, "CAST({0} AS DECIMAL(38, 10))"),
                   o(&[Sqlite], "CAST({0} AS NUMERIC)"), o(&[Postgres], "CAST({0} AS NUMERIC)"),
                   o(&[BigQuery], "CAST({0} AS NUMERIC)"), o(ALL, "CAST({0} AS DECIMAL(38, 10))")],
    },
    FunctionDef {
        name: "to_varchar", arity: (1, 1), unit_arg: false, kind: Kind::Scalar,
        note: "a value as text (1-argument TO_CHAR / TO_VARCHAR)",
        inputs: &[ia(&[Snowflake, Postgres, Redshift, DataFusion], "TO_CHAR", 1, &[]), ia(&[Snowflake], "TO_VARCHAR", 1, &[]),
                  i(SPARK, "STRING")],
        outputs: &[o(MYSQL, "CAST({0} AS CHAR)"), o(SPARK, "CAST({0} AS STRING)"), o(&[BigQuery], "CAST({0} AS STRING)"),
                   o(&[SqlServer], "CAST({0} AS NVARCHAR(MAX))"), o(&[Sqlite, Postgres, Redshift, DuckDb], "CAST({0} AS TEXT)"),
                   o(ALL, "CAST({0} AS VARCHAR)")],
    },
    FunctionDef {
        name: "split_part", arity: (3, 3), unit_arg: false, kind: Kind::Scalar,
        note: "the n-th (1-based) field of s split by a delimiter",
        inputs: &[i(&[Snowflake, Postgres, Redshift, DuckDb, DataFusion, Trino, Spark, Databricks], "SPLIT_PART")],
        outputs: &[o(&[Snowflake, Postgres, Redshift, DuckDb, DataFusion, Trino, Spark, Databricks], "SPLIT_PART({0}, {1}, {2})"),
                   o(MYSQL, "SUBSTRING_INDEX(SUBSTRING_INDEX({0}, {1}, {2}), {1}, -1)"),
                   Output { to: ALL, render: Render::Unsupported("write the split with SUBSTR and INSTR"), warn: Some((Dvt006, "SPLIT_PART has no equivalent")) }],
    },
];
