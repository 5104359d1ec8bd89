//! Date and time functions: DATEDIFF, DATEADD, DATE_TRUNC, EXTRACT and friends.
//!
//! `datediff` has Snowflake's semantics: the number of unit *boundaries* crossed between the two
//! values (`DATEDIFF('month', '2024-01-31', '2024-02-01')` is 1). Dialects whose native function
//! counts whole units (MySQL `TIMESTAMPDIFF`, Trino `date_diff` on timestamps) get an expression
//! with that meaning; weeks start on Monday.

use dvt_types::WarningCode::Dvt003;

use super::super::dialect::SqlDialect::*;
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

/// `EXTRACT(unit FROM x)` in the target, as an integer-valued expression. Day of week is
/// 0 = Sunday … 6 = Saturday (PostgreSQL and Snowflake's default).
pub(crate) fn extract_sql(
    unit: Unit,
    x: &str,
    ctx: &mut Ctx<'_>,
) -> Result<String, TranslateError> {
    use Unit::*;
    let to = ctx.to;
    let kw = unit.keyword();
    if unit == IsoDayOfWeek {
        return Ok(match to {
            Postgres | Redshift | Duckdb => format!("EXTRACT(ISODOW FROM {x})"),
            Snowflake => format!("DAYOFWEEKISO({x})"),
            Trino => format!("DAY_OF_WEEK({x})"),
            Mysql | Mariadb => format!("(WEEKDAY({x}) + 1)"),
            Bigquery => format!("(MOD(EXTRACT(DAYOFWEEK FROM {x}) + 5, 7) + 1)"),
            _ => format!("(({} + 6) % 7 + 1)", extract_sql(DayOfWeek, x, ctx)?),
        });
    }
    Ok(match to {
        Sqlite => {
            let f = match unit {
                IsoDayOfWeek => unreachable!("handled above"),
                Year => "%Y",
                Month => "%m",
                Day => "%d",
                Hour => "%H",
                Minute => "%M",
                Second => "%S",
                DayOfYear => "%j",
                DayOfWeek => "%w",
                Epoch => "%s",
                Week => "%W",
                Quarter => return Ok(format!("((CAST(STRFTIME('%m', {x}) AS INTEGER) + 2) / 3)")),
                Millisecond | Microsecond => {
                    return Err(ctx.unsupported(
                        &format!("EXTRACT({kw})"),
                        "SQLite has no sub-second date parts",
                    ));
                }
            };
            if unit == Week {
                ctx.warn(
                    Dvt003,
                    "EXTRACT(WEEK): SQLite counts Monday-based weeks from 0, not ISO weeks",
                );
            }
            format!("CAST(STRFTIME('{f}', {x}) AS INTEGER)")
        }
        Tsql => match unit {
            DayOfWeek => {
                ctx.warn(
                    Dvt003,
                    "day of week in SQL Server depends on SET DATEFIRST (7 = Sunday assumed)",
                );
                format!("(DATEPART(WEEKDAY, {x}) - 1)")
            }
            Epoch => format!("DATEDIFF_BIG(SECOND, '1970-01-01', {x})"),
            DayOfYear => format!("DATEPART(DAYOFYEAR, {x})"),
            Week => format!("DATEPART(ISO_WEEK, {x})"),
            _ => format!("DATEPART({kw}, {x})"),
        },
        Mysql | Mariadb => match unit {
            DayOfWeek => format!("(DAYOFWEEK({x}) - 1)"),
            DayOfYear => format!("DAYOFYEAR({x})"),
            Epoch => format!("UNIX_TIMESTAMP({x})"),
            Week => format!("WEEK({x}, 3)"),
            _ => format!("EXTRACT({kw} FROM {x})"),
        },
        Spark | Databricks => match unit {
            Second => format!("SECOND({x})"),
            DayOfWeek => format!("(DAYOFWEEK({x}) - 1)"),
            DayOfYear => format!("DAYOFYEAR({x})"),
            Epoch => format!("UNIX_TIMESTAMP({x})"),
            _ => format!("EXTRACT({kw} FROM {x})"),
        },
        Bigquery => match unit {
            DayOfWeek => format!("(EXTRACT(DAYOFWEEK FROM {x}) - 1)"),
            DayOfYear => format!("EXTRACT(DAYOFYEAR FROM {x})"),
            Epoch => format!("UNIX_SECONDS(CAST({x} AS TIMESTAMP))"),
            Week => format!("EXTRACT(ISOWEEK FROM {x})"),
            _ => format!("EXTRACT({kw} FROM {x})"),
        },
        Trino => match unit {
            DayOfWeek => format!("(DAY_OF_WEEK({x}) % 7)"),
            DayOfYear => format!("DAY_OF_YEAR({x})"),
            Epoch => format!("TO_UNIXTIME({x})"),
            _ => format!("EXTRACT({kw} FROM {x})"),
        },
        Snowflake => match unit {
            DayOfWeek => format!("DAYOFWEEK({x})"),
            DayOfYear => format!("DAYOFYEAR({x})"),
            Epoch => format!("DATE_PART(EPOCH_SECOND, {x})"),
            Week => format!("WEEKISO({x})"),
            _ => format!("EXTRACT({kw} FROM {x})"),
        },
        Datafusion => format!(
            "DATE_PART('{}', {x})",
            match unit {
                DayOfWeek => "dow",
                DayOfYear => "doy",
                Epoch => "epoch",
                _ => unit.name(),
            }
        ),
        Postgres | Redshift | Duckdb => match unit {
            Week => format!("EXTRACT(WEEK FROM {x})"),
            // Whole seconds, as in every other dialect (PostgreSQL adds the fraction).
            Second if to != Duckdb => format!("FLOOR(EXTRACT(SECOND FROM {x}))"),
            _ => format!("EXTRACT({kw} FROM {x})"),
        },
    })
}

/// Truncation of `x` to `unit` in the target (weeks start on Monday).
pub(crate) fn trunc_sql(
    unit: Unit,
    x: &str,
    c: &Call,
    ctx: &mut Ctx<'_>,
) -> Result<String, TranslateError> {
    use Unit::*;
    if !matches!(
        unit,
        Year | Quarter | Month | Week | Day | Hour | Minute | Second
    ) {
        return Err(unsupported_unit(c, ctx));
    }
    let u = unit.name();
    let kw = unit.keyword();
    Ok(match ctx.to {
        Mysql | Mariadb => match unit {
            Year => format!("CAST(DATE_FORMAT({x}, '%Y-01-01') AS DATE)"),
            Quarter => format!("MAKEDATE(YEAR({x}), 1) + INTERVAL (QUARTER({x}) - 1) QUARTER"),
            Month => format!("CAST(DATE_FORMAT({x}, '%Y-%m-01') AS DATE)"),
            Week => format!("DATE_SUB(DATE({x}), INTERVAL WEEKDAY({x}) DAY)"),
            Day => format!("DATE({x})"),
            Hour => format!("CAST(DATE_FORMAT({x}, '%Y-%m-%d %H:00:00') AS DATETIME)"),
            Minute => format!("CAST(DATE_FORMAT({x}, '%Y-%m-%d %H:%i:00') AS DATETIME)"),
            _ => format!("CAST(DATE_FORMAT({x}, '%Y-%m-%d %H:%i:%s') AS DATETIME)"),
        },
        Sqlite => match unit {
            Year => format!("DATE({x}, 'start of year')"),
            Quarter => format!(
                "DATE({x}, 'start of month', '-' || ((CAST(STRFTIME('%m', {x}) AS INTEGER) - 1) % 3) || ' months')"
            ),
            Month => format!("DATE({x}, 'start of month')"),
            Week => format!("DATE({x}, '-6 days', 'weekday 1')"),
            Day => format!("DATE({x})"),
            Hour => format!("STRFTIME('%Y-%m-%d %H:00:00', {x})"),
            Minute => format!("STRFTIME('%Y-%m-%d %H:%M:00', {x})"),
            _ => format!("STRFTIME('%Y-%m-%d %H:%M:%S', {x})"),
        },
        Tsql => format!("DATETRUNC({kw}, {x})"),
        Bigquery => match unit {
            Hour | Minute | Second => format!("TIMESTAMP_TRUNC({x}, {kw})"),
            Week => format!("DATE_TRUNC({x}, ISOWEEK)"),
            _ => format!("DATE_TRUNC({x}, {kw})"),
        },
        Snowflake => format!("DATE_TRUNC('{kw}', {x})"),
        // DATE_TRUNC of a DATE would give a timestamptz in PostgreSQL.
        Postgres | Redshift if !x.ends_with(" AS TIMESTAMP)") && ctx.from != ctx.to => {
            format!("DATE_TRUNC('{u}', CAST({x} AS TIMESTAMP))")
        }
        _ => format!("DATE_TRUNC('{u}', {x})"),
    })
}

/// Whole days between two values' dates.
fn days_between(a: &str, b: &str, ctx: &mut Ctx<'_>) -> String {
    match ctx.to {
        Postgres | Redshift | Duckdb => format!("(CAST({b} AS DATE) - CAST({a} AS DATE))"),
        Mysql | Mariadb | Spark | Databricks => format!("DATEDIFF({b}, {a})"),
        Sqlite => format!("CAST(JULIANDAY(DATE({b})) - JULIANDAY(DATE({a})) AS INTEGER)"),
        Bigquery => format!("DATE_DIFF(CAST({b} AS DATE), CAST({a} AS DATE), DAY)"),
        Trino => format!("DATE_DIFF('day', CAST({a} AS DATE), CAST({b} AS DATE))"),
        Snowflake => format!("DATEDIFF(DAY, {a}, {b})"),
        Tsql => format!("DATEDIFF(DAY, {a}, {b})"),
        Datafusion => format!(
            "CAST((DATE_PART('epoch', DATE_TRUNC('day', {b})) - DATE_PART('epoch', DATE_TRUNC('day', {a}))) / 86400 AS BIGINT)"
        ),
    }
}

/// DATEDIFF(unit, a, b): boundaries crossed from a to b.
fn datediff(c: &Call, ctx: &mut Ctx<'_>) -> Result<String, TranslateError> {
    use Unit::*;
    let unit = c.unit.unwrap_or(Day);
    let (a, b) = (&date_arg(&c.args[0], ctx), &date_arg(&c.args[1], ctx));
    if matches!(ctx.to, Snowflake | Redshift | Tsql)
        && matches!(
            unit,
            Year | Quarter | Month | Week | Day | Hour | Minute | Second
        )
    {
        if unit == Week && ctx.from != ctx.to {
            ctx.warn(
                Dvt003,
                "DATEDIFF(week): week boundaries depend on the dialect's first day of the week",
            );
        }
        return Ok(format!("DATEDIFF({}, {a}, {b})", unit.keyword()));
    }
    if ctx.to == Duckdb && unit != Week {
        return Ok(format!("DATE_DIFF('{}', {a}, {b})", unit.name()));
    }
    let int = ctx.to.caps().int_type;
    Ok(match unit {
        Day => days_between(a, b, ctx),
        Week => {
            ctx.warn(Dvt003, "DATEDIFF(week): weeks are counted from Monday");
            let (ta, tb) = (trunc_sql(Week, a, c, ctx)?, trunc_sql(Week, b, c, ctx)?);
            // DuckDB's date_diff('week') counts whole weeks, not Monday boundaries.
            if ctx.to == Duckdb {
                return Ok(format!("DATE_DIFF('week', {ta}, {tb})"));
            }
            format!("CAST({} / 7 AS {int})", days_between(&ta, &tb, ctx))
        }
        Year | Quarter | Month => {
            let (ya, yb) = (extract_sql(Year, a, ctx)?, extract_sql(Year, b, ctx)?);
            match unit {
                Year => format!("CAST({yb} - {ya} AS {int})"),
                _ => {
                    let part = if unit == Month { Month } else { Quarter };
                    let k = if unit == Month { 12 } else { 4 };
                    let (pa, pb) = (extract_sql(part, a, ctx)?, extract_sql(part, b, ctx)?);
                    format!("CAST(({yb} - {ya}) * {k} + ({pb} - {pa}) AS {int})")
                }
            }
        }
        Hour | Minute | Second => {
            let s = unit.seconds().unwrap_or(1);
            let (ea, eb) = (extract_sql(Epoch, a, ctx)?, extract_sql(Epoch, b, ctx)?);
            if s == 1 {
                format!(
                    "CAST({} - {} AS {int})",
                    floor_sql(&eb, ctx),
                    floor_sql(&ea, ctx)
                )
            } else {
                let (fb, fa) = (
                    floor_sql(&format!("{eb} * 1.0 / {s}"), ctx),
                    floor_sql(&format!("{ea} * 1.0 / {s}"), ctx),
                );
                format!("CAST({fb} - {fa} AS {int})")
            }
        }
        _ => return Err(unsupported_unit(c, ctx)),
    })
}

/// DATEADD(unit, n, x).
fn dateadd(c: &Call, ctx: &mut Ctx<'_>) -> Result<String, TranslateError> {
    use Unit::*;
    let unit = c.unit.unwrap_or(Day);
    if !matches!(
        unit,
        Year | Quarter | Month | Week | Day | Hour | Minute | Second
    ) {
        return Err(unsupported_unit(c, ctx));
    }
    let (n, x) = (&c.args[0], &date_arg(&c.args[1], ctx));
    let kw = unit.keyword();
    // Interval literal text for dialects that multiply an interval: quarters are 3 months.
    let (k, iv) = match unit {
        Quarter => ("3 * ", "month"),
        _ => ("", unit.name()),
    };
    Ok(match ctx.to {
        Snowflake | Redshift | Tsql => format!("DATEADD({kw}, {n}, {x})"),
        Postgres | Duckdb | Datafusion => match n.trim().parse::<i64>() {
            // A literal count folds into the interval literal.
            Ok(v) => {
                let v = if unit == Quarter { 3 * v } else { v };
                format!("({x} + INTERVAL '{v} {iv}')")
            }
            // DataFusion cannot multiply an interval; it casts text to one.
            Err(_) if ctx.to == Datafusion => {
                format!("({x} + CAST(CAST({k}({n}) AS VARCHAR) || ' {iv}' AS INTERVAL))")
            }
            Err(_) => format!("({x} + {k}({n}) * INTERVAL '1 {iv}')"),
        },
        Mysql | Mariadb => format!("DATE_ADD({x}, INTERVAL {n} {kw})"),
        Spark | Databricks => format!("TIMESTAMPADD({kw}, {n}, {x})"),
        Bigquery => match unit {
            Hour | Minute | Second => format!("TIMESTAMP_ADD({x}, INTERVAL {n} {kw})"),
            _ => format!("DATE_ADD({x}, INTERVAL {n} {kw})"),
        },
        Trino => format!("DATE_ADD('{}', {n}, {x})", unit.name()),
        Sqlite => {
            let (m, f) = match unit {
                Year => ("years", "DATE"),
                Quarter => return Ok(format!("DATE({x}, (3 * ({n})) || ' months', 'floor')")),
                Month => ("months", "DATE"),
                Week => return Ok(format!("DATE({x}, (7 * ({n})) || ' days')")),
                Day => ("days", "DATE"),
                Hour => ("hours", "DATETIME"),
                Minute => ("minutes", "DATETIME"),
                _ => ("seconds", "DATETIME"),
            };
            if f == "DATE" {
                ctx.warn(Dvt003, "DATEADD on SQLite returns a date: the time of day of a timestamp argument is dropped");
            }
            // 'floor' clamps to the month's last day (2024-01-31 + 1 month = 2024-02-29), as
            // Snowflake does, instead of overflowing into the next month.
            if matches!(unit, Year | Month) {
                format!("{f}({x}, ({n}) || ' {m}', 'floor')")
            } else {
                format!("{f}({x}, ({n}) || ' {m}')")
            }
        }
    })
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
        inputs: &[i(&[Snowflake, Redshift, Tsql], "DATEDIFF", &[A0, A1, A2]),
                  ia(&[Databricks], "DATEDIFF", 3, &[]),
                  ia(&[Mysql, Mariadb, Spark, Databricks], "DATEDIFF", 2, &[Src::U(Unit::Day), A1, A0]),
                  ia(&[Duckdb, Trino, Snowflake], "DATE_DIFF", 3, &[]),
                  ia(&[Bigquery], "DATE_DIFF", 3, &[A2, A1, A0]),
                  ia(&[Tsql], "DATEDIFF_BIG", 3, &[]),
                  Input { from: &[Mysql, Mariadb, Spark, Databricks], name: "TIMESTAMPDIFF", arity: Some(3), args: &[],
                          warn: Some((Dvt003, "TIMESTAMPDIFF counts whole units; it is translated as DATEDIFF, which counts unit boundaries crossed")) }],
        outputs: &[sp(datediff)],
    },
    FunctionDef {
        name: "dateadd", arity: (3, 3), unit_arg: true, kind: Kind::Scalar,
        note: "DATEADD(unit, n, x): x plus n units",
        inputs: &[i(&[Snowflake, Redshift, Tsql], "DATEADD", &[A0, A1, A2]),
                  ia(&[Spark, Databricks], "DATEADD", 3, &[]),
                  ia(ALL, DATEADD_CANONICAL, 3, &[]),
                  ia(&[Snowflake], "TIMEADD", 3, &[]), ia(&[Snowflake], "TIMESTAMPADD", 3, &[]),
                  ia(&[Mysql, Mariadb, Spark, Databricks], "TIMESTAMPADD", 3, &[]),
                  ia(&[Trino], "DATE_ADD", 3, &[]),
                  ia(&[Spark, Databricks], "DATE_ADD", 2, &[Src::U(Unit::Day), A1, A0]),
                  ia(&[Spark, Databricks], "ADD_MONTHS", 2, &[Src::U(Unit::Month), A1, A0]),
                  ia(&[Snowflake, Redshift], "ADD_MONTHS", 2, &[Src::U(Unit::Month), A1, A0])],
        outputs: &[sp(dateadd)],
    },
    FunctionDef {
        name: "date_trunc", arity: (2, 2), unit_arg: true, kind: Kind::Scalar,
        note: "DATE_TRUNC(unit, x): x truncated to the unit (weeks start on Monday)",
        inputs: &[i(&[Snowflake, Postgres, Redshift, Duckdb, Datafusion, Trino, Spark, Databricks], "DATE_TRUNC", &[]),
                  ia(&[Bigquery], "DATE_TRUNC", 2, &[A1, A0]), ia(&[Bigquery], "TIMESTAMP_TRUNC", 2, &[A1, A0]),
                  ia(&[Bigquery], "DATETIME_TRUNC", 2, &[A1, A0]),
                  ia(&[Tsql], "DATETRUNC", 2, &[]),
                  ia(&[Snowflake, Spark, Databricks], "TRUNC", 2, &[A1, A0])],
        outputs: &[sp(date_trunc)],
    },
    FunctionDef {
        name: "extract", arity: (2, 2), unit_arg: true, kind: Kind::Scalar,
        note: "EXTRACT(unit FROM x); day of week 0 = Sunday",
        inputs: &[i(&[Snowflake, Postgres, Redshift, Duckdb, Datafusion], "DATE_PART", &[]),
                  ia(&[Tsql], "DATEPART", 2, &[]),
                  ia(ALL, "YEAR", 1, &[Src::U(Unit::Year), A0]), ia(ALL, "QUARTER", 1, &[Src::U(Unit::Quarter), A0]),
                  ia(ALL, "MONTH", 1, &[Src::U(Unit::Month), A0]), ia(ALL, "DAY", 1, &[Src::U(Unit::Day), A0]),
                  ia(ALL, "DAYOFMONTH", 1, &[Src::U(Unit::Day), A0]),
                  ia(ALL, "HOUR", 1, &[Src::U(Unit::Hour), A0]), ia(ALL, "MINUTE", 1, &[Src::U(Unit::Minute), A0]),
                  ia(ALL, "SECOND", 1, &[Src::U(Unit::Second), A0]), ia(ALL, "DAYOFYEAR", 1, &[Src::U(Unit::DayOfYear), A0]),
                  ia(&[Snowflake, Duckdb], "DAYOFWEEK", 1, &[Src::U(Unit::DayOfWeek), A0]),
                  ia(&[Snowflake], "WEEKISO", 1, &[Src::U(Unit::Week), A0]),
                  ia(&[Snowflake, Mysql, Mariadb, Spark, Databricks], "WEEKOFYEAR", 1, &[Src::U(Unit::Week), A0]),
                  ia(&[Snowflake], "DAYOFWEEKISO", 1, &[Src::U(Unit::IsoDayOfWeek), A0]),
                  ia(&[Duckdb], "ISODOW", 1, &[Src::U(Unit::IsoDayOfWeek), A0])],
        outputs: &[sp(extract)],
    },
    FunctionDef {
        name: "dayofweek1", arity: (1, 1), unit_arg: false, kind: Kind::Scalar,
        note: "day of week 1 = Sunday … 7 = Saturday (MySQL, Spark, BigQuery DAYOFWEEK)",
        inputs: &[i(&[Mysql, Mariadb, Spark, Databricks], "DAYOFWEEK", &[])],
        outputs: &[Output { to: MYSQL, render: Render::Template("DAYOFWEEK({0})"), warn: None },
                   Output { to: SPARK, render: Render::Template("DAYOFWEEK({0})"), warn: None },
                   sp(dayofweek1)],
    },
    FunctionDef {
        name: "to_date_cast", arity: (1, 1), unit_arg: false, kind: Kind::Scalar,
        note: "the date of a value (DATE(x), 1-argument TO_DATE)",
        inputs: &[ia(&[Mysql, Mariadb, Sqlite, Bigquery, Spark, Databricks, Trino], "DATE", 1, &[]),
                  ia(&[Snowflake, Spark, Databricks, Datafusion, Redshift], "TO_DATE", 1, &[]),
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
                   Output { to: &[Mysql, Mariadb], render: Render::Template("CAST({0} AS DATETIME)"), warn: None },
                   Output { to: &[Tsql], render: Render::Template("CAST({0} AS DATETIME2)"), warn: None },
                   Output { to: &[Bigquery], render: Render::Template("CAST({0} AS DATETIME)"), warn: None },
                   Output { to: &[Spark, Databricks], render: Render::Template("CAST({0} AS TIMESTAMP_NTZ)"), warn: None },
                   Output { to: ALL, render: Render::Template("CAST({0} AS TIMESTAMP)"), warn: None }],
    },
];
