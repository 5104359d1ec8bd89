//! Date and time functions: DATEDIFF, DATEADD, DATE_TRUNC, EXTRACT and friends.
//!
//! `datediff` has Snowflake's semantics: the number of unit *boundaries* crossed between the two
//! values (`DATEDIFF('month', '2024-01-31', '2024-02-01')` is 1). Dialects whose native function
//! counts whole units (MySQL `TIMESTAMPDIFF`, Trino `date_diff` on timestamps) get an expression
//! with that meaning; weeks start on Monday.

use crate::dialect::DialectCaps;
use dvt_types::WarningCode::Dvt003;

use super::super::dialect::DbKind::*;
use super::super::dialect::{ByUnit, DateAddStyle, DateDiffStyle, PartSql};
use super::groups::{MYSQL, SPARK};
use super::{ALL, input_args as i, input_n as ia, special as sp};
use super::{Call, Ctx, FunctionDef, Input, Kind, Output, Render, Src};
use crate::error::TranslateError;
use crate::units::Unit;

/// The canonical spelling `DATE_ADD(x, INTERVAL n unit)` is rewritten to before translation.
pub const DATEADD_CANONICAL: &str = "__DVT_DATEADD";

/// A date argument as the target's date functions need it: a string literal becomes a
/// timestamp where the target does not read strings as dates (PostgreSQL would call
/// `EXTRACT(YEAR FROM '2024-01-31')` ambiguous).
fn date_arg(x: &str, ctx: &Ctx<'_>) -> String {
    let t = x.trim();
    if !ctx.to.caps().date_strings && t.len() >= 2 && t.starts_with('\'') && t.ends_with('\'') {
        format!("CAST({t} AS TIMESTAMP)")
    } else {
        x.to_string()
    }
}

/// FLOOR through the catalog (SQLite has no FLOOR without its math extension).
fn floor_sql(x: &str, ctx: &mut Ctx<'_>) -> String {
    let call = Call {
        written: "FLOOR".into(),
        args: vec![x.to_string()],
        ..Default::default()
    };
    super::function("floor")
        .and_then(|f| super::render_call(f, &call, ctx).ok())
        .unwrap_or_else(|| format!("FLOOR({x})"))
}

fn unsupported_unit(c: &Call, ctx: &Ctx<'_>) -> TranslateError {
    ctx.unsupported(
        &format!(
            "{} with date part {}",
            c.written.to_ascii_uppercase(),
            c.unit.map(Unit::name).unwrap_or("?")
        ),
        "use year, quarter, month, week, day, hour, minute or second",
    )
}

/// The row of `rows` for `unit`; with `named`, only a row that names it (no catch-all).
fn part(rows: ByUnit, unit: Unit, named: bool) -> Option<PartSql> {
    rows.iter()
        .find(|(units, _)| units.contains(&unit) || (!named && units.is_empty()))
        .map(|(_, p)| *p)
}

/// A date part's SQL from its template (over `args`), with its warning; `construct` names what
/// cannot be expressed.
fn part_sql(
    p: PartSql,
    unit: Unit,
    args: &[&str],
    construct: &str,
    ctx: &mut Ctx<'_>,
) -> Result<String, TranslateError> {
    let template = match p {
        PartSql::Sql(t) => t,
        PartSql::Warn(t, w) => {
            ctx.warn(Dvt003, w);
            t
        }
        PartSql::No(hint) => return Err(ctx.unsupported(construct, hint)),
    };
    let call = Call {
        args: args.iter().map(|a| a.to_string()).collect(),
        unit: Some(unit),
        ..Default::default()
    };
    Ok(super::fill(template, &call))
}

/// `EXTRACT(unit FROM x)` in the target, as an integer-valued expression. Day of week is
/// 0 = Sunday … 6 = Saturday (PostgreSQL and Snowflake's default).
pub(crate) fn extract_sql(
    unit: Unit,
    x: &str,
    ctx: &mut Ctx<'_>,
) -> Result<String, TranslateError> {
    let rows = ctx.to.caps().extract;
    let construct = format!("EXTRACT({})", unit.keyword());
    let p = match part(rows, unit, unit == Unit::IsoDayOfWeek) {
        Some(p) => p,
        None if unit == Unit::IsoDayOfWeek => {
            let dow = extract_sql(Unit::DayOfWeek, x, ctx)?;
            return Ok(format!("(({dow} + 6) % 7 + 1)"));
        }
        None => PartSql::Sql("EXTRACT({UNIT} FROM {0})"),
    };
    part_sql(p, unit, &[x], &construct, ctx)
}

/// Truncation of `x` to `unit` in the target (weeks start on Monday).
pub(crate) fn trunc_sql(
    unit: Unit,
    x: &str,
    c: &Call,
    ctx: &mut Ctx<'_>,
) -> Result<String, TranslateError> {
    if !whole_part(unit) {
        return Err(unsupported_unit(c, ctx));
    }
    let caps = ctx.to.caps();
    // DATE_TRUNC of a DATE would give a timestamptz in PostgreSQL.
    let cast;
    let x = if caps.date_trunc_timestamp && !x.ends_with(" AS TIMESTAMP)") && ctx.from != ctx.to {
        cast = format!("CAST({x} AS TIMESTAMP)");
        &cast
    } else {
        x
    };
    let p = part(caps.date_trunc, unit, false).unwrap_or(PartSql::Sql("DATE_TRUNC('{unit}', {0})"));
    part_sql(p, unit, &[x], &c.written, ctx)
}

/// Whole days between two values' dates.
fn days_between(a: &str, b: &str, ctx: &mut Ctx<'_>) -> String {
    let call = Call {
        args: vec![a.to_string(), b.to_string()],
        ..Default::default()
    };
    super::fill(ctx.to.caps().days_between, &call)
}

/// Year, quarter, month, week, day, hour, minute or second: the parts dates are truncated to,
/// counted between and added.
fn whole_part(unit: Unit) -> bool {
    use Unit::*;
    matches!(
        unit,
        Year | Quarter | Month | Week | Day | Hour | Minute | Second
    )
}

/// DATEDIFF(unit, a, b): boundaries crossed from a to b.
fn datediff(c: &Call, ctx: &mut Ctx<'_>) -> Result<String, TranslateError> {
    let unit = c.unit.unwrap_or(Unit::Day);
    let (a, b) = (&date_arg(&c.args[0], ctx), &date_arg(&c.args[1], ctx));
    let template = match ctx.to.caps().datediff {
        DateDiffStyle::Boundaries(t) if whole_part(unit) => {
            if unit == Unit::Week && ctx.from != ctx.to {
                ctx.warn(
                    Dvt003,
                    "DATEDIFF(week): week boundaries depend on the dialect's first day of the week",
                );
            }
            t
        }
        DateDiffStyle::BoundariesButWeeks(t) if unit != Unit::Week => t,
        _ => return computed_datediff(unit, a, b, c, ctx),
    };
    part_sql(PartSql::Sql(template), unit, &[a, b], "DATEDIFF", ctx)
}

/// DATEDIFF from the days between, the parts or the seconds since the epoch.
fn computed_datediff(
    unit: Unit,
    a: &str,
    b: &str,
    c: &Call,
    ctx: &mut Ctx<'_>,
) -> Result<String, TranslateError> {
    use Unit::*;
    let int = ctx.to.caps().int_type;
    Ok(match unit {
        Day => days_between(a, b, ctx),
        Week => {
            ctx.warn(Dvt003, "DATEDIFF(week): weeks are counted from Monday");
            let (ta, tb) = (trunc_sql(Week, a, c, ctx)?, trunc_sql(Week, b, c, ctx)?);
            // DuckDB's date_diff('week') counts whole weeks, not Monday boundaries.
            if let DateDiffStyle::BoundariesButWeeks(t) = ctx.to.caps().datediff {
                return part_sql(PartSql::Sql(t), Week, &[&ta, &tb], "DATEDIFF", ctx);
            }
            format!("CAST({} / 7 AS {int})", days_between(&ta, &tb, ctx))
        }
        Year => {
            let (ya, yb) = (extract_sql(Year, a, ctx)?, extract_sql(Year, b, ctx)?);
            format!("CAST({yb} - {ya} AS {int})")
        }
        Quarter | Month => {
            let (ya, yb) = (extract_sql(Year, a, ctx)?, extract_sql(Year, b, ctx)?);
            let k = if unit == Month { 12 } else { 4 };
            let (pa, pb) = (extract_sql(unit, a, ctx)?, extract_sql(unit, b, ctx)?);
            format!("CAST(({yb} - {ya}) * {k} + ({pb} - {pa}) AS {int})")
        }
        Hour | Minute | Second => {
            let s = unit.seconds().unwrap_or(1);
            let (ea, eb) = (extract_sql(Epoch, a, ctx)?, extract_sql(Epoch, b, ctx)?);
            let per = |e: &str| {
                if s == 1 {
                    e.to_string()
                } else {
                    format!("{e} * 1.0 / {s}")
                }
            };
            let (fb, fa) = (floor_sql(&per(&eb), ctx), floor_sql(&per(&ea), ctx));
            format!("CAST({fb} - {fa} AS {int})")
        }
        _ => return Err(unsupported_unit(c, ctx)),
    })
}

/// DATEADD(unit, n, x).
fn dateadd(c: &Call, ctx: &mut Ctx<'_>) -> Result<String, TranslateError> {
    let unit = c.unit.unwrap_or(Unit::Day);
    if !whole_part(unit) {
        return Err(unsupported_unit(c, ctx));
    }
    let (n, x) = (&c.args[0], &date_arg(&c.args[1], ctx));
    match ctx.to.caps().dateadd {
        DateAddStyle::Templates(rows) => {
            let p = part(rows, unit, false).unwrap_or(PartSql::No("no rendering is defined"));
            part_sql(p, unit, &[n, x], &c.written, ctx)
        }
        DateAddStyle::Interval { multiply } => Ok(interval_add(unit, n, x, multiply)),
    }
}

/// `x + n units` as interval arithmetic: quarters are 3 months; where an interval cannot be
/// multiplied (DataFusion), the interval is cast from text.
fn interval_add(unit: Unit, n: &str, x: &str, multiply: bool) -> String {
    let (k, iv) = match unit {
        Unit::Quarter => ("3 * ", "month"),
        _ => ("", unit.name()),
    };
    match n.trim().parse::<i64>() {
        // A literal count folds into the interval literal.
        Ok(v) => {
            let v = if unit == Unit::Quarter { 3 * v } else { v };
            format!("({x} + INTERVAL '{v} {iv}')")
        }
        Err(_) if !multiply => {
            format!("({x} + CAST(CAST({k}({n}) AS VARCHAR) || ' {iv}' AS INTERVAL))")
        }
        Err(_) => format!("({x} + {k}({n}) * INTERVAL '1 {iv}')"),
    }
}

fn date_trunc(c: &Call, ctx: &mut Ctx<'_>) -> Result<String, TranslateError> {
    trunc_sql(
        c.unit.unwrap_or(Unit::Day),
        &date_arg(&c.args[0], ctx),
        c,
        ctx,
    )
}

fn extract(c: &Call, ctx: &mut Ctx<'_>) -> Result<String, TranslateError> {
    extract_sql(c.unit.unwrap_or(Unit::Day), &date_arg(&c.args[0], ctx), ctx)
}

fn dayofweek1(c: &Call, ctx: &mut Ctx<'_>) -> Result<String, TranslateError> {
    Ok(format!(
        "({} + 1)",
        extract_sql(Unit::DayOfWeek, &date_arg(&c.args[0], ctx), ctx)?
    ))
}

const A1: Src = Src::A(1);
const A2: Src = Src::A(2);
const A0: Src = Src::A(0);

/// The function rows of this group.
#[rustfmt::skip]
pub static FUNCTIONS: &[FunctionDef] = &[
    FunctionDef {
        name: "datediff", arity: (3, 3), unit_arg: true, kind: Kind::Scalar,
        note: "DATEDIFF(unit, start, end): unit boundaries crossed (Snowflake semantics)",
        inputs: &[i(&[Snowflake, Redshift, SqlServer], "DATEDIFF", &[A0, A1, A2]),
                  ia(&[Databricks], "DATEDIFF", 3, &[]),
                  ia(&[MySql, MariaDb, Spark, Databricks], "DATEDIFF", 2, &[Src::U(Unit::Day), A1, A0]),
                  ia(&[DuckDb, Trino, Snowflake], "DATE_DIFF", 3, &[]),
                  ia(&[BigQuery], "DATE_DIFF", 3, &[A2, A1, A0]),
                  ia(&[SqlServer], "DATEDIFF_BIG", 3, &[]),
                  Input { from: &[MySql, MariaDb, Spark, Databricks], name: "TIMESTAMPDIFF", arity: Some(3), args: &[],
                          warn: Some((Dvt003, "TIMESTAMPDIFF counts whole units; it is translated as DATEDIFF, which counts unit boundaries crossed")) }],
        outputs: &[sp(datediff)],
    },
    FunctionDef {
        name: "dateadd", arity: (3, 3), unit_arg: true, kind: Kind::Scalar,
        note: "DATEADD(unit, n, x): x plus n units",
        inputs: &[i(&[Snowflake, Redshift, SqlServer], "DATEADD", &[A0, A1, A2]),
                  ia(&[Spark, Databricks], "DATEADD", 3, &[]),
                  ia(ALL, DATEADD_CANONICAL, 3, &[]),
                  ia(&[Snowflake], "TIMEADD", 3, &[]), ia(&[Snowflake], "TIMESTAMPADD", 3, &[]),
                  ia(&[MySql, MariaDb, Spark, Databricks], "TIMESTAMPADD", 3, &[]),
                  ia(&[Trino], "DATE_ADD", 3, &[]),
                  ia(&[Spark, Databricks], "DATE_ADD", 2, &[Src::U(Unit::Day), A1, A0]),
                  ia(&[Spark, Databricks], "DATE_SUB", 2, &[Src::U(Unit::Day), Src::Neg(1), A0]),
                  ia(&[Spark, Databricks], "ADD_MONTHS", 2, &[Src::U(Unit::Month), A1, A0]),
                  ia(&[Snowflake, Redshift], "ADD_MONTHS", 2, &[Src::U(Unit::Month), A1, A0])],
        outputs: &[sp(dateadd)],
    },
    FunctionDef {
        name: "date_trunc", arity: (2, 2), unit_arg: true, kind: Kind::Scalar,
        note: "DATE_TRUNC(unit, x): x truncated to the unit (weeks start on Monday)",
        inputs: &[i(&[Snowflake, Postgres, Redshift, DuckDb, DataFusion, Trino, Spark, Databricks], "DATE_TRUNC", &[]),
                  ia(&[BigQuery], "DATE_TRUNC", 2, &[A1, A0]), ia(&[BigQuery], "TIMESTAMP_TRUNC", 2, &[A1, A0]),
                  ia(&[BigQuery], "DATETIME_TRUNC", 2, &[A1, A0]),
                  ia(&[SqlServer], "DATETRUNC", 2, &[]),
                  ia(&[Snowflake, Spark, Databricks], "TRUNC", 2, &[A1, A0])],
        outputs: &[sp(date_trunc)],
    },
    FunctionDef {
        name: "extract", arity: (2, 2), unit_arg: true, kind: Kind::Scalar,
        note: "EXTRACT(unit FROM x); day of week 0 = Sunday",
        inputs: &[i(&[Snowflake, Postgres, Redshift, DuckDb, DataFusion], "DATE_PART", &[]),
                  ia(&[SqlServer], "DATEPART", 2, &[]),
                  ia(ALL, "YEAR", 1, &[Src::U(Unit::Year), A0]), ia(ALL, "QUARTER", 1, &[Src::U(Unit::Quarter), A0]),
                  ia(ALL, "MONTH", 1, &[Src::U(Unit::Month), A0]), ia(ALL, "DAY", 1, &[Src::U(Unit::Day), A0]),
                  ia(ALL, "DAYOFMONTH", 1, &[Src::U(Unit::Day), A0]),
                  ia(ALL, "HOUR", 1, &[Src::U(Unit::Hour), A0]), ia(ALL, "MINUTE", 1, &[Src::U(Unit::Minute), A0]),
                  ia(ALL, "SECOND", 1, &[Src::U(Unit::Second), A0]), ia(ALL, "DAYOFYEAR", 1, &[Src::U(Unit::DayOfYear), A0]),
                  ia(&[Snowflake, DuckDb], "DAYOFWEEK", 1, &[Src::U(Unit::DayOfWeek), A0]),
                  ia(&[Snowflake], "WEEKISO", 1, &[Src::U(Unit::Week), A0]),
                  ia(&[Snowflake, MySql, MariaDb, Spark, Databricks], "WEEKOFYEAR", 1, &[Src::U(Unit::Week), A0]),
                  ia(&[Snowflake], "DAYOFWEEKISO", 1, &[Src::U(Unit::IsoDayOfWeek), A0]),
                  ia(&[DuckDb], "ISODOW", 1, &[Src::U(Unit::IsoDayOfWeek), A0])],
        outputs: &[sp(extract)],
    },
    FunctionDef {
        name: "dayofweek1", arity: (1, 1), unit_arg: false, kind: Kind::Scalar,
        note: "day of week 1 = Sunday … 7 = Saturday (MySQL, Spark, BigQuery DAYOFWEEK)",
        inputs: &[i(&[MySql, MariaDb, Spark, Databricks], "DAYOFWEEK", &[])],
        outputs: &[Output { to: MYSQL, render: Render::Template("DAYOFWEEK({0})"), warn: None },
                   Output { to: SPARK, render: Render::Template("DAYOFWEEK({0})"), warn: None },
                   sp(dayofweek1)],
    },
    FunctionDef {
        name: "to_date_cast", arity: (1, 1), unit_arg: false, kind: Kind::Scalar,
        note: "the date of a value (DATE(x), 1-argument TO_DATE)",
        inputs: &[ia(&[MySql, MariaDb, Sqlite, BigQuery, Spark, Databricks, Trino], "DATE", 1, &[]),
                  ia(&[Snowflake, Spark, Databricks, DataFusion, Redshift], "TO_DATE", 1, &[]),
                  ia(&[Snowflake], "DATE", 1, &[])],
        outputs: &[Output { to: &[Sqlite], render: Render::Template("DATE({0})"), warn: None },
                   Output { to: ALL, render: Render::Template("CAST({0} AS DATE)"), warn: None }],
    },
    FunctionDef {
        name: "to_timestamp_cast", arity: (1, 1), unit_arg: false, kind: Kind::Scalar,
        note: "a value as a timestamp without time zone (1-argument TO_TIMESTAMP)",
        inputs: &[ia(&[Snowflake], "TO_TIMESTAMP", 1, &[]), ia(&[Snowflake], "TO_TIMESTAMP_NTZ", 1, &[]),
                  ia(&[Spark, Databricks], "TO_TIMESTAMP", 1, &[])],
        outputs: &[Output { to: &[Sqlite], render: Render::Template("DATETIME({0})"), warn: None },
                   Output { to: &[MySql, MariaDb], render: Render::Template("CAST({0} AS DATETIME)"), warn: None },
                   Output { to: &[SqlServer], render: Render::Template("CAST({0} AS DATETIME2)"), warn: None },
                   Output { to: &[BigQuery], render: Render::Template("CAST({0} AS DATETIME)"), warn: None },
                   Output { to: &[Spark, Databricks], render: Render::Template("CAST({0} AS TIMESTAMP_NTZ)"), warn: None },
                   Output { to: ALL, render: Render::Template("CAST({0} AS TIMESTAMP)"), warn: None }],
    },
];
