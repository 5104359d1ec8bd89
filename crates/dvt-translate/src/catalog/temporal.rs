//! Dates and times beyond arithmetic: construction from parts, names of days and months, epochs, month ends, differences in months.
//!
//! Conventions of this family:
//! - a timestamp without a time zone built from an epoch count is the UTC wall-clock time of that
//!   instant (`TIMESTAMP_SECONDS(0)` is `1970-01-01 00:00:00`);
//! - names of months and days are English (`January`, `Jan`, `Monday`, `Mon`), as every dialect
//!   writes them with its default locale (MySQL `lc_time_names`, SQL Server `SET LANGUAGE`);
//! - parts out of range (month 13, February 30) are the dialect's business: the native
//!   functions fail or return NULL, the computed renderings roll over and say so (DVT003).

use dvt_types::WarningCode::Dvt003;

use super::super::dialect::DbKind::{self, *};
use super::super::dialect::DialectCaps;
use super::datetime::extract_sql;
use super::groups::{MYSQL, PG, SPARK};
use super::refuse as no;
use super::{ALL, input as i, input_n as ia, out as o, out_warn as ow, special as sp};
use super::{Call, Ctx, FunctionDef, Input, Kind, Output, Render, Src};
use crate::error::TranslateError;
use crate::units::Unit;

type R = Result<String, TranslateError>;

const A0: Src = Src::A(0);
const A1: Src = Src::A(1);
const A2: Src = Src::A(2);

/// An input with a warning.
const fn iw(
    from: &'static [DbKind],
    name: &'static str,
    arity: usize,
    args: &'static [Src],
    message: &'static str,
) -> Input {
    Input {
        from,
        name,
        arity: Some(arity),
        args,
        warn: Some((Dvt003, message)),
    }
}

/// Another catalog function rendered for the target.
fn sub(name: &str, written: &str, args: Vec<String>, unit: Option<Unit>, ctx: &mut Ctx<'_>) -> R {
    let def = super::function(name).expect("catalog function exists");
    let call = Call {
        written: written.to_string(),
        args,
        unit,
        ..Default::default()
    };
    super::render_call(def, &call, ctx)
}

/// A date argument as the target's date functions need it: a string literal becomes a
/// timestamp where the target does not read strings as dates.
fn date_arg(x: &str, ctx: &Ctx<'_>) -> String {
    let t = x.trim();
    if !ctx.to.caps().date_strings && t.len() >= 2 && t.starts_with('\'') && t.ends_with('\'') {
        format!("CAST({t} AS TIMESTAMP)")
    } else {
        x.to_string()
    }
}

/// A template over the call's arguments, the first read as a date ([`date_arg`]).
fn dated(t: &str, c: &Call, ctx: &Ctx<'_>) -> String {
    let mut call = c.clone();
    if let Some(x) = call.args.first_mut() {
        *x = date_arg(x, ctx);
    }
    super::fill(t, &call)
}

/// A rendering: a template over the call's arguments, the first read as a date ([`date_arg`]).
macro_rules! dated {
    ($t:expr) => {
        Render::Special(|c, ctx| Ok(dated($t, c, ctx)))
    };
}

/// A computed output for some dialects.
const fn os(to: &'static [DbKind], render: Render) -> Output {
    Output {
        to,
        render,
        warn: None,
    }
}

/// The integer type a count of days is cast to in SQL Server (its DATEADD refuses BIGINT).
const TSQL_DAY_COUNT: &str = "INT";

/// ISO day of week (1 = Monday) of x.
fn iso_dow_sql(x: &str, ctx: &mut Ctx<'_>) -> R {
    extract_sql(Unit::IsoDayOfWeek, x, ctx)
}

/// SQL Server's ISO day of week, independent of SET DATEFIRST.
const ISO_DOW_DATEFIRST: &str = "((DATEPART(WEEKDAY, {0}) + @@DATEFIRST + 5) % 7 + 1)";

/// ISO day of week in SQL Server (see [`ISO_DOW_DATEFIRST`]).
fn iso_dow_datefirst(x: &str, _ctx: &mut Ctx<'_>) -> R {
    Ok(ISO_DOW_DATEFIRST.replace("{0}", x))
}

/// An operand in parentheses unless it is one term already.
fn par(x: &str) -> String {
    if crate::rewrite::is_one_term(x) {
        x.to_string()
    } else {
        format!("({x})")
    }
}

/// The text of a single-quoted SQL literal.
fn unquote(sql: &str) -> Option<String> {
    let t = sql.trim();
    let inner = t.strip_prefix('\'')?.strip_suffix('\'')?;
    Some(inner.replace("''", "'"))
}

// --- names of months and days ----------------------------------------------------------------

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// Day names from Sunday (index 0, as `%w` counts).
const DAYS: [&str; 7] = [
    "Sunday",
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
];

/// `CASE <n> WHEN <first> THEN 'name' … END` over a list of names.
fn case_names(n: &str, first: usize, names: &[&str], abbr: bool) -> String {
    let mut s = format!("CASE {n}");
    for (k, name) in names.iter().enumerate() {
        let name = if abbr { &name[..3] } else { name };
        s.push_str(&format!(" WHEN {} THEN '{name}'", k + first));
    }
    s.push_str(" END");
    s
}

/// The month's name from its number.
fn month_names(abbr: bool, c: &Call, ctx: &mut Ctx<'_>) -> R {
    let x = date_arg(&c.args[0], ctx);
    let m = extract_sql(Unit::Month, &x, ctx)?;
    Ok(case_names(&m, 1, &MONTHS, abbr))
}

/// The weekday's name from its number (0 = Sunday).
fn day_names(abbr: bool, c: &Call, ctx: &mut Ctx<'_>) -> R {
    let x = date_arg(&c.args[0], ctx);
    let d = extract_sql(Unit::DayOfWeek, &x, ctx)?;
    Ok(case_names(&d, 0, &DAYS, abbr))
}

fn monthname_full(c: &Call, ctx: &mut Ctx<'_>) -> R {
    month_names(false, c, ctx)
}
fn monthname_abbr(c: &Call, ctx: &mut Ctx<'_>) -> R {
    month_names(true, c, ctx)
}
fn dayname_full(c: &Call, ctx: &mut Ctx<'_>) -> R {
    day_names(false, c, ctx)
}
fn dayname_abbr(c: &Call, ctx: &mut Ctx<'_>) -> R {
    day_names(true, c, ctx)
}

/// The full weekday name from the three-letter one (Snowflake DAYNAME).
fn dayname_full_from_abbr(c: &Call, ctx: &mut Ctx<'_>) -> R {
    let x = date_arg(&c.args[0], ctx);
    let mut s = format!("CASE DAYNAME({x})");
    for d in DAYS {
        s.push_str(&format!(" WHEN '{}' THEN '{d}'", &d[..3]));
    }
    s.push_str(" END");
    Ok(s)
}

/// SQL Server DATENAME(part, x): the name of the month or weekday, else the part's number as text.
fn datename(c: &Call, ctx: &mut Ctx<'_>) -> R {
    let unit = c.unit.unwrap_or(Unit::Day);
    match unit {
        Unit::Month => sub("monthname_full", &c.written, c.args.clone(), None, ctx),
        Unit::DayOfWeek => sub("dayname_full", &c.written, c.args.clone(), None, ctx),
        Unit::Year | Unit::Quarter | Unit::Day | Unit::DayOfYear | Unit::Hour | Unit::Minute => {
            let x = date_arg(&c.args[0], ctx);
            let n = extract_sql(unit, &x, ctx)?;
            let n = format!("CAST({n} AS {})", ctx.to.caps().int_type);
            sub("to_varchar", &c.written, vec![n], None, ctx)
        }
        _ => Err(ctx.unsupported(
            &format!("DATENAME({})", unit.keyword()),
            "use DATEPART and CAST the number to text (week numbers depend on SET DATEFIRST)",
        )),
    }
}

// --- next and previous weekday ---------------------------------------------------------------

/// ISO day number (1 = Monday) of a day name: its first two letters, as Snowflake reads them.
fn iso_day(name: &str) -> Option<usize> {
    let l = name.trim().to_ascii_lowercase();
    let p = l.get(..2)?;
    ["mo", "tu", "we", "th", "fr", "sa", "su"]
        .iter()
        .position(|d| *d == p)
        .map(|k| k + 1)
}

/// The full name of a literal day name, or an error.
fn weekday_literal(what: &str, c: &Call, ctx: &Ctx<'_>) -> Result<&'static str, TranslateError> {
    match unquote(&c.args[1]).as_deref().and_then(iso_day) {
        Some(k) => Ok(DAYS[k % 7]),
        None => Err(ctx.unsupported(
            &format!("{what} with a day name that is not a literal"),
            "write the day name as a literal ('Monday', 'MO', …)",
        )),
    }
}

/// The native NEXT_DAY / PREVIOUS_DAY: the day name as written, or its full name.
fn weekday_native(what: &str, c: &Call, ctx: &mut Ctx<'_>) -> R {
    let x = date_arg(&c.args[0], ctx);
    if unquote(&c.args[1]).is_none() {
        return Ok(format!("{what}({x}, {})", c.args[1]));
    }
    let full = weekday_literal(what, c, ctx)?;
    Ok(format!("{what}({x}, '{full}')"))
}

/// How a computed weekday step reads the ISO day of week and adds days.
struct Steps {
    iso_dow: fn(&str, &mut Ctx<'_>) -> R,
    add_days: fn(&str, &str, &str, &mut Ctx<'_>) -> R,
}

/// The date n days after x, with n cast to the target's integer type.
fn add_days(what: &str, n: &str, x: &str, ctx: &mut Ctx<'_>) -> R {
    add_days_as(ctx.to.caps().int_type, what, n, x, ctx)
}

/// The date n days after x in SQL Server.
fn add_days_tsql(what: &str, n: &str, x: &str, ctx: &mut Ctx<'_>) -> R {
    add_days_as(TSQL_DAY_COUNT, what, n, x, ctx)
}

fn add_days_as(int: &str, what: &str, n: &str, x: &str, ctx: &mut Ctx<'_>) -> R {
    let n = format!("CAST({n} AS {int})");
    let added = sub(
        "dateadd",
        what,
        vec![n, x.to_string()],
        Some(Unit::Day),
        ctx,
    )?;
    sub("to_date_cast", what, vec![added], None, ctx)
}

/// The date n days after x through SQLite's date modifiers.
fn add_days_modifier(_what: &str, n: &str, x: &str, _ctx: &mut Ctx<'_>) -> R {
    Ok(format!("DATE({x}, ({n}) || ' days')"))
}

const STEPS: Steps = Steps {
    iso_dow: iso_dow_sql,
    add_days,
};
const STEPS_TSQL: Steps = Steps {
    iso_dow: iso_dow_datefirst,
    add_days: add_days_tsql,
};
const STEPS_MODIFIER: Steps = Steps {
    iso_dow: iso_dow_sql,
    add_days: add_days_modifier,
};

/// NEXT_DAY / PREVIOUS_DAY computed from the ISO day of week.
fn weekday_step(prev: bool, steps: &Steps, c: &Call, ctx: &mut Ctx<'_>) -> R {
    let what = if prev { "PREVIOUS_DAY" } else { "NEXT_DAY" };
    let full = weekday_literal(what, c, ctx)?;
    let k = iso_day(full).unwrap_or(7);
    let x = date_arg(&c.args[0], ctx);
    let iso = (steps.iso_dow)(&x, ctx)?;
    let m = if prev {
        sub(
            "mod",
            what,
            vec![format!("({iso} - {k} + 6)"), "7".into()],
            None,
            ctx,
        )?
    } else {
        sub(
            "mod",
            what,
            vec![format!("({k} - {iso} + 6)"), "7".into()],
            None,
            ctx,
        )?
    };
    let n = if prev {
        format!("-({m} + 1)")
    } else {
        format!("({m} + 1)")
    };
    (steps.add_days)(what, &n, &x, ctx)
}

fn next_day_native(c: &Call, ctx: &mut Ctx<'_>) -> R {
    weekday_native("NEXT_DAY", c, ctx)
}
fn next_day(c: &Call, ctx: &mut Ctx<'_>) -> R {
    weekday_step(false, &STEPS, c, ctx)
}
fn next_day_tsql(c: &Call, ctx: &mut Ctx<'_>) -> R {
    weekday_step(false, &STEPS_TSQL, c, ctx)
}
fn next_day_modifier(c: &Call, ctx: &mut Ctx<'_>) -> R {
    weekday_step(false, &STEPS_MODIFIER, c, ctx)
}
fn previous_day_native(c: &Call, ctx: &mut Ctx<'_>) -> R {
    weekday_native("PREVIOUS_DAY", c, ctx)
}
fn previous_day(c: &Call, ctx: &mut Ctx<'_>) -> R {
    weekday_step(true, &STEPS, c, ctx)
}
fn previous_day_tsql(c: &Call, ctx: &mut Ctx<'_>) -> R {
    weekday_step(true, &STEPS_TSQL, c, ctx)
}
fn previous_day_modifier(c: &Call, ctx: &mut Ctx<'_>) -> R {
    weekday_step(true, &STEPS_MODIFIER, c, ctx)
}

// --- month ends and month differences --------------------------------------------------------

/// EOMONTH(d, n): the last day of the month n months after d's.
fn last_day_offset(c: &Call, ctx: &mut Ctx<'_>) -> R {
    let x = date_arg(&c.args[0], ctx);
    let moved = sub(
        "dateadd",
        &c.written,
        vec![c.args[1].clone(), x],
        Some(Unit::Month),
        ctx,
    )?;
    sub("last_day", &c.written, vec![moved], None, ctx)
}

/// The native MONTHS_BETWEEN (Snowflake, Redshift).
fn months_between_native(c: &Call, ctx: &mut Ctx<'_>) -> R {
    let (a, b) = (date_arg(&c.args[0], ctx), date_arg(&c.args[1], ctx));
    Ok(format!("MONTHS_BETWEEN({a}, {b})"))
}

/// Spark's MONTHS_BETWEEN: kept as written from Spark, without its rounding from elsewhere.
fn months_between_spark(c: &Call, ctx: &mut Ctx<'_>) -> R {
    let (a, b) = (date_arg(&c.args[0], ctx), date_arg(&c.args[1], ctx));
    if same_family(ctx.from, ctx.to) {
        return Ok(format!("MONTHS_BETWEEN({a}, {b})"));
    }
    ctx.warn(
        Dvt003,
        "MONTHS_BETWEEN: Spark counts the time of day in the fraction and rounds it to 8 digits",
    );
    Ok(format!("MONTHS_BETWEEN({a}, {b}, false)"))
}

/// MONTHS_BETWEEN(a, b): whole months from b to a, plus (day(a) - day(b)) / 31 unless the days
/// of the month are equal or both are month ends (Snowflake, Redshift, Oracle).
fn months_between(c: &Call, ctx: &mut Ctx<'_>) -> R {
    let (a, b) = (date_arg(&c.args[0], ctx), date_arg(&c.args[1], ctx));
    if ctx.from != ctx.to {
        ctx.warn(
            Dvt003,
            "MONTHS_BETWEEN: computed from the dates; the time of day is ignored",
        );
    }
    let (ya, yb) = (
        extract_sql(Unit::Year, &a, ctx)?,
        extract_sql(Unit::Year, &b, ctx)?,
    );
    let (ma, mb) = (
        extract_sql(Unit::Month, &a, ctx)?,
        extract_sql(Unit::Month, &b, ctx)?,
    );
    let (da, db) = (
        extract_sql(Unit::Day, &a, ctx)?,
        extract_sql(Unit::Day, &b, ctx)?,
    );
    let (la, lb) = (
        sub("last_day", "MONTHS_BETWEEN", vec![a.clone()], None, ctx)?,
        sub("last_day", "MONTHS_BETWEEN", vec![b.clone()], None, ctx)?,
    );
    let (la, lb) = (
        extract_sql(Unit::Day, &la, ctx)?,
        extract_sql(Unit::Day, &lb, ctx)?,
    );
    Ok(format!(
        "(({ya} - {yb}) * 12 + ({ma} - {mb}) + CASE WHEN {da} = {db} OR ({da} = {la} AND {db} = {lb}) THEN 0 ELSE ({da} - {db}) / 31E0 END)"
    ))
}

// --- construction from parts -----------------------------------------------------------------

/// An integer argument of a PostgreSQL function (EXTRACT gives NUMERIC there).
fn int_arg(x: &str) -> String {
    if x.trim().parse::<i64>().is_ok() {
        x.to_string()
    } else {
        format!("CAST({x} AS INTEGER)")
    }
}

/// PostgreSQL MAKE_DATE / MAKE_TIME / MAKE_TIMESTAMP: integer parts, the seconds as they are.
fn pg_make(name: &str, c: &Call) -> String {
    let n = c.args.len();
    let args: Vec<String> = c
        .args
        .iter()
        .enumerate()
        .map(|(k, a)| {
            if k + 1 == n && name != "MAKE_DATE" {
                a.clone()
            } else {
                int_arg(a)
            }
        })
        .collect();
    format!("{name}({})", args.join(", "))
}

fn pg_make_date(c: &Call, _ctx: &mut Ctx<'_>) -> R {
    Ok(pg_make("MAKE_DATE", c))
}
fn pg_make_time(c: &Call, _ctx: &mut Ctx<'_>) -> R {
    Ok(pg_make("MAKE_TIME", c))
}
fn pg_make_timestamp(c: &Call, _ctx: &mut Ctx<'_>) -> R {
    Ok(pg_make("MAKE_TIMESTAMP", c))
}

/// The timestamp of date parts plus a time of day in seconds, through DATEADD.
fn timestamp_parts(c: &Call, ctx: &mut Ctx<'_>) -> R {
    let date = sub(
        "date_from_parts",
        &c.written,
        c.args[..3].to_vec(),
        None,
        ctx,
    )?;
    let secs = format!(
        "{} * 3600 + {} * 60 + {}",
        par(&c.args[3]),
        par(&c.args[4]),
        par(&c.args[5])
    );
    let ts = format!("CAST({date} AS TIMESTAMP)");
    sub(
        "dateadd",
        &c.written,
        vec![secs, ts],
        Some(Unit::Second),
        ctx,
    )
}

/// MAKEDATE(y, doy) where a date plus an integer is a date.
fn date_from_year_day_plus(c: &Call, ctx: &mut Ctx<'_>) -> R {
    year_day(true, c, ctx)
}

/// MAKEDATE(y, doy) through DATEADD.
fn date_from_year_day(c: &Call, ctx: &mut Ctx<'_>) -> R {
    year_day(false, c, ctx)
}

/// MAKEDATE(y, doy): the doy-th day of year y (NULL when doy is not positive); `plus`: the
/// target adds days to a date with `+`.
fn year_day(plus: bool, c: &Call, ctx: &mut Ctx<'_>) -> R {
    let (y, n) = (&c.args[0], &c.args[1]);
    let first = sub(
        "date_from_parts",
        &c.written,
        vec![y.clone(), "1".into(), "1".into()],
        None,
        ctx,
    )?;
    let body = if plus {
        format!("{first} + CAST({n} - 1 AS INTEGER)")
    } else {
        let added = sub(
            "dateadd",
            &c.written,
            vec![format!("{n} - 1"), first],
            Some(Unit::Day),
            ctx,
        )?;
        sub("to_date_cast", &c.written, vec![added], None, ctx)?
    };
    Ok(format!("CASE WHEN {n} > 0 THEN {body} END"))
}

// --- epochs ----------------------------------------------------------------------------------

/// Whole seconds since 1970-01-01 00:00:00 of a timestamp without time zone.
fn unix_seconds(c: &Call, ctx: &mut Ctx<'_>) -> R {
    let x = date_arg(&c.args[0], ctx);
    let e = extract_sql(Unit::Epoch, &x, ctx)?;
    let f = sub("floor", &c.written, vec![e], None, ctx)?;
    Ok(format!("CAST({f} AS {})", ctx.to.caps().int_type))
}

/// MySQL and MariaDB, or Spark and Databricks: the same function library.
fn same_family(a: DbKind, b: DbKind) -> bool {
    a == b
        || (MYSQL.contains(&a) && MYSQL.contains(&b))
        || (SPARK.contains(&a) && SPARK.contains(&b))
}

/// A spelling that reads the value in the session time zone: kept between dialects of one
/// family, translated (with a warning) as the UTC reading elsewhere.
fn session_spelling(c: &Call, names: &[&str], ctx: &mut Ctx<'_>) -> Option<String> {
    let w = c.written.to_ascii_uppercase();
    if !names.contains(&w.as_str()) {
        return None;
    }
    if same_family(ctx.from, ctx.to) {
        return Some(format!("{w}({})", c.args.join(", ")));
    }
    ctx.warn(Dvt003, format!("{w}: {SESSION_TZ}"));
    None
}

/// UNIX_SECONDS and its spellings: a session-time-zone spelling kept within its family, else
/// the template over the argument read as a date, else computed from EXTRACT(EPOCH).
fn unix_seconds_as(t: Option<&str>, c: &Call, ctx: &mut Ctx<'_>) -> R {
    if let Some(native) = session_spelling(c, &["UNIX_TIMESTAMP", "TO_UNIX_TIMESTAMP"], ctx) {
        return Ok(native);
    }
    match t {
        Some(t) => Ok(dated(t, c, ctx)),
        None => unix_seconds(c, ctx),
    }
}

fn unix_seconds_any(c: &Call, ctx: &mut Ctx<'_>) -> R {
    unix_seconds_as(None, c, ctx)
}

/// A UNIX_SECONDS rendering: [`unix_seconds_as`] with a template.
macro_rules! unix_seconds_as {
    ($t:expr) => {
        Render::Special(|c, ctx| unix_seconds_as(Some($t), c, ctx))
    };
}

/// TIMESTAMP_SECONDS and its spellings: FROM_UNIXTIME kept between MySQL and MariaDB, else the
/// template (`{0}` the count, `{1}` it as one term); `spark_tz`: warn that Spark shows the
/// instant in the session time zone.
fn timestamp_seconds_as(t: &str, spark_tz: bool, c: &Call, ctx: &mut Ctx<'_>) -> R {
    if MYSQL.contains(&ctx.from)
        && let Some(native) = session_spelling(c, &["FROM_UNIXTIME"], ctx)
    {
        return Ok(native);
    }
    if spark_tz && !same_family(ctx.from, ctx.to) {
        ctx.warn(
            Dvt003,
            format!("{}: {SPARK_TZ}", c.written.to_ascii_uppercase()),
        );
    }
    let n = &c.args[0];
    let call = Call {
        args: vec![n.clone(), par(n)],
        ..Default::default()
    };
    Ok(super::fill(t, &call))
}

/// A TIMESTAMP_SECONDS rendering: [`timestamp_seconds_as`] with a template.
macro_rules! timestamp_seconds_as {
    ($t:expr) => {
        Render::Special(|c, ctx| timestamp_seconds_as($t, false, c, ctx))
    };
    ($t:expr, spark_tz) => {
        Render::Special(|c, ctx| timestamp_seconds_as($t, true, c, ctx))
    };
}

/// TIMESTAMP_SECONDS where no rendering is defined.
fn timestamp_seconds_none(c: &Call, ctx: &mut Ctx<'_>) -> R {
    if MYSQL.contains(&ctx.from)
        && let Some(native) = session_spelling(c, &["FROM_UNIXTIME"], ctx)
    {
        return Ok(native);
    }
    Err(ctx.unsupported(
        &c.written.to_ascii_uppercase(),
        &format!("no rendering for {}", ctx.to),
    ))
}

/// `1970-01-01` as a date.
const EPOCH_DATE: &str = "CAST('1970-01-01' AS DATE)";
/// `1970-01-01` as a date where dates are text (SQLite).
const EPOCH_DATE_TEXT: &str = "'1970-01-01'";

/// Days from the epoch date to the date of x.
fn days_since(epoch: &str, c: &Call, ctx: &mut Ctx<'_>) -> String {
    let x = date_arg(&c.args[0], ctx);
    let call = Call {
        args: vec![epoch.to_string(), x],
        ..Default::default()
    };
    super::fill(ctx.to.caps().days_between, &call)
}

/// Days from 1970-01-01 to the date of x.
fn unix_date(c: &Call, ctx: &mut Ctx<'_>) -> R {
    Ok(days_since(EPOCH_DATE, c, ctx))
}
fn unix_date_text(c: &Call, ctx: &mut Ctx<'_>) -> R {
    Ok(days_since(EPOCH_DATE_TEXT, c, ctx))
}

/// MySQL TO_DAYS: days since year 0 (proleptic Gregorian).
fn to_days(c: &Call, ctx: &mut Ctx<'_>) -> R {
    Ok(format!("({} + 719528)", days_since(EPOCH_DATE, c, ctx)))
}
fn to_days_text(c: &Call, ctx: &mut Ctx<'_>) -> R {
    Ok(format!(
        "({} + 719528)",
        days_since(EPOCH_DATE_TEXT, c, ctx)
    ))
}

/// The date n days after 1970-01-01.
fn date_from_unix_date(c: &Call, ctx: &mut Ctx<'_>) -> R {
    let n = &c.args[0];
    let added = sub(
        "dateadd",
        &c.written,
        vec![n.clone(), EPOCH_DATE.to_string()],
        Some(Unit::Day),
        ctx,
    )?;
    sub("to_date_cast", &c.written, vec![added], None, ctx)
}

/// MySQL FROM_DAYS(n): the date n days after year 0.
fn from_days(c: &Call, ctx: &mut Ctx<'_>) -> R {
    sub(
        "date_from_unix_date",
        &c.written,
        vec![format!("{} - 719528", c.args[0])],
        None,
        ctx,
    )
}

/// SQLite JULIANDAY: days (with a fraction) since noon of 4714-11-24 BC, from the seconds
/// since 1970-01-01 00:00:00 (a template over x, or EXTRACT(EPOCH)).
fn julianday_from(secs: Option<&str>, c: &Call, ctx: &mut Ctx<'_>) -> R {
    let secs = match secs {
        Some(t) => dated(t, c, ctx),
        None => {
            let x = date_arg(&c.args[0], ctx);
            extract_sql(Unit::Epoch, &x, ctx)?
        }
    };
    Ok(format!("({secs} / 86400E0 + 2440587.5)"))
}

fn julianday(c: &Call, ctx: &mut Ctx<'_>) -> R {
    julianday_from(None, c, ctx)
}

/// A JULIANDAY rendering: [`julianday_from`] with a template for the seconds.
macro_rules! julianday_from {
    ($t:expr) => {
        Render::Special(|c, ctx| julianday_from(Some($t), c, ctx))
    };
}

/// The ISO year of the week of x (the year of its Thursday).
fn iso_year_computed(c: &Call, ctx: &mut Ctx<'_>) -> R {
    let x = date_arg(&c.args[0], ctx);
    let iso = iso_dow_sql(&x, ctx)?;
    let n = format!("CAST(4 - {iso} AS {})", ctx.to.caps().int_type);
    let thursday = sub("dateadd", &c.written, vec![n, x], Some(Unit::Day), ctx)?;
    extract_sql(Unit::Year, &thursday, ctx)
}

fn iso_dow(c: &Call, ctx: &mut Ctx<'_>) -> R {
    let x = date_arg(&c.args[0], ctx);
    iso_dow_sql(&x, ctx)
}

fn iso_week(c: &Call, ctx: &mut Ctx<'_>) -> R {
    let x = date_arg(&c.args[0], ctx);
    extract_sql(Unit::Week, &x, ctx)
}

fn day_of_year(c: &Call, ctx: &mut Ctx<'_>) -> R {
    let x = date_arg(&c.args[0], ctx);
    extract_sql(Unit::DayOfYear, &x, ctx)
}

fn weekday0(c: &Call, ctx: &mut Ctx<'_>) -> R {
    Ok(format!("({} - 1)", iso_dow(c, ctx)?))
}

fn weekday0_datefirst(c: &Call, ctx: &mut Ctx<'_>) -> R {
    Ok(format!("({} - 1)", dated(ISO_DOW_DATEFIRST, c, ctx)))
}

/// Seconds since midnight of the time of day of x (whole seconds).
fn time_to_sec(c: &Call, ctx: &mut Ctx<'_>) -> R {
    let x = date_arg(&c.args[0], ctx);
    let h = extract_sql(Unit::Hour, &x, ctx)?;
    let m = extract_sql(Unit::Minute, &x, ctx)?;
    let s = extract_sql(Unit::Second, &x, ctx)?;
    Ok(format!("({h} * 3600 + {m} * 60 + {s})"))
}

/// Seconds (with their fraction) from 1970-01-01 00:00:00 to x.
fn epoch_seconds(c: &Call, ctx: &mut Ctx<'_>) -> R {
    let x = date_arg(&c.args[0], ctx);
    extract_sql(Unit::Epoch, &x, ctx)
}

/// Today's date (DuckDB TODAY()).
fn today(c: &Call, ctx: &mut Ctx<'_>) -> R {
    sub("current_date", &c.written, vec![], None, ctx)
}

/// Integer division: `/` where integers divide so (`slash`), else the catalog's.
fn idiv(slash: bool, a: &str, b: &str, ctx: &mut Ctx<'_>) -> R {
    if slash {
        return Ok(format!("({} / {b})", par(a)));
    }
    sub("int_div", "PERIOD", vec![par(a), b.to_string()], None, ctx)
}

/// The month count (year * 12 + month - 1) of a YYYYMM period.
fn period_months(slash: bool, p: &str, ctx: &mut Ctx<'_>) -> R {
    let y = idiv(slash, p, "100", ctx)?;
    let m = sub("mod", "PERIOD", vec![par(p), "100".into()], None, ctx)?;
    Ok(format!("({y} * 12 + {m} - 1)"))
}

/// MySQL PERIOD_DIFF(p1, p2): months from period p2 to period p1 (YYYYMM).
fn period_diff_in(slash: bool, c: &Call, ctx: &mut Ctx<'_>) -> R {
    let a = period_months(slash, &c.args[0], ctx)?;
    let b = period_months(slash, &c.args[1], ctx)?;
    Ok(format!("({a} - {b})"))
}
fn period_diff(c: &Call, ctx: &mut Ctx<'_>) -> R {
    period_diff_in(false, c, ctx)
}
fn period_diff_slash(c: &Call, ctx: &mut Ctx<'_>) -> R {
    period_diff_in(true, c, ctx)
}

/// MySQL PERIOD_ADD(p, n): the period (YYYYMM) n months after p.
fn period_add_in(slash: bool, c: &Call, ctx: &mut Ctx<'_>) -> R {
    let m = format!(
        "({} + {})",
        period_months(slash, &c.args[0], ctx)?,
        c.args[1]
    );
    let y = idiv(slash, &m, "12", ctx)?;
    let r = sub("mod", "PERIOD_ADD", vec![m, "12".into()], None, ctx)?;
    Ok(format!("({y} * 100 + {r} + 1)"))
}
fn period_add(c: &Call, ctx: &mut Ctx<'_>) -> R {
    period_add_in(false, c, ctx)
}
fn period_add_slash(c: &Call, ctx: &mut Ctx<'_>) -> R {
    period_add_in(true, c, ctx)
}

/// LAST_DAY(x, unit): the last day of x's year, quarter, month or (Monday-based) week.
fn last_day_of(c: &Call, ctx: &mut Ctx<'_>) -> R {
    last_day_of_in(false, c, ctx)
}
fn last_day_of_native(c: &Call, ctx: &mut Ctx<'_>) -> R {
    let unit = c.unit.unwrap_or(Unit::Month);
    let x = date_arg(&c.args[0], ctx);
    Ok(format!("LAST_DAY({x}, '{}')", unit.name()))
}
fn last_day_of_modifier(c: &Call, ctx: &mut Ctx<'_>) -> R {
    last_day_of_in(true, c, ctx)
}

/// LAST_DAY(x, unit); `modifier`: through SQLite's date modifiers.
fn last_day_of_in(modifier: bool, c: &Call, ctx: &mut Ctx<'_>) -> R {
    let unit = c.unit.unwrap_or(Unit::Month);
    let x = date_arg(&c.args[0], ctx);
    let (n, step) = match unit {
        Unit::Month => return sub("last_day", &c.written, vec![x], None, ctx),
        Unit::Year => (1, Unit::Year),
        Unit::Quarter => (3, Unit::Month),
        Unit::Week => (7, Unit::Day),
        _ => {
            return Err(ctx.unsupported(
                &format!("LAST_DAY with date part {}", unit.name()),
                "use year, quarter, month or week",
            ));
        }
    };
    let start = sub("date_trunc", &c.written, vec![x], Some(unit), ctx)?;
    if modifier {
        let step = match unit {
            Unit::Year => "+1 year",
            Unit::Quarter => "+3 months",
            _ => "+7 days",
        };
        return Ok(format!("DATE({start}, '{step}', '-1 day')"));
    }
    let next = sub(
        "dateadd",
        &c.written,
        vec![n.to_string(), start],
        Some(step),
        ctx,
    )?;
    let last = sub(
        "dateadd",
        &c.written,
        vec!["-1".into(), next],
        Some(Unit::Day),
        ctx,
    )?;
    sub("to_date_cast", &c.written, vec![last], None, ctx)
}

/// TIME_SLICE(ts, n, unit): the start of the n-unit slice holding ts, slices counted from
/// 1970-01-01 00:00:00.
fn time_slice(c: &Call, ctx: &mut Ctx<'_>) -> R {
    time_slice_in(&SLICES, c, ctx)
}
fn time_slice_native(c: &Call, ctx: &mut Ctx<'_>) -> R {
    let unit = c.unit.unwrap_or(Unit::Day);
    let (x, n) = (date_arg(&c.args[0], ctx), c.args[1].clone());
    Ok(format!("TIME_SLICE({x}, {n}, '{}')", unit.keyword()))
}
fn time_slice_bin(c: &Call, ctx: &mut Ctx<'_>) -> R {
    time_slice_in(
        &Slices {
            date_bin: true,
            ..SLICES
        },
        c,
        ctx,
    )
}
fn time_slice_tsql(c: &Call, ctx: &mut Ctx<'_>) -> R {
    time_slice_in(
        &Slices {
            day_count: Some(TSQL_DAY_COUNT),
            ..SLICES
        },
        c,
        ctx,
    )
}
fn time_slice_text(c: &Call, ctx: &mut Ctx<'_>) -> R {
    time_slice_in(
        &Slices {
            epoch: EPOCH_DATE_TEXT,
            ..SLICES
        },
        c,
        ctx,
    )
}

/// What differs between targets in a computed TIME_SLICE.
struct Slices {
    /// DATE_BIN for whole seconds to days.
    date_bin: bool,
    /// The integer type of a count of months (`None`: the target's integer type).
    day_count: Option<&'static str>,
    /// 1970-01-01 as a date.
    epoch: &'static str,
}

const SLICES: Slices = Slices {
    date_bin: false,
    day_count: None,
    epoch: EPOCH_DATE,
};

fn time_slice_in(how: &Slices, c: &Call, ctx: &mut Ctx<'_>) -> R {
    let unit = c.unit.unwrap_or(Unit::Day);
    let (x, n) = (date_arg(&c.args[0], ctx), c.args[1].clone());
    if let Ok(k) = n.trim().parse::<u32>()
        && matches!(unit, Unit::Second | Unit::Minute | Unit::Hour | Unit::Day)
        && how.date_bin
    {
        return Ok(format!(
            "DATE_BIN(INTERVAL '{k} {}', {x}, TIMESTAMP '1970-01-01 00:00:00')",
            unit.name()
        ));
    }
    let int = ctx.to.caps().int_type;
    match unit {
        Unit::Second | Unit::Minute | Unit::Hour | Unit::Day => {
            let s = unit.seconds().unwrap_or(1);
            let secs = sub("unix_seconds", &c.written, vec![x], None, ctx)?;
            let fl = sub("floor", &c.written, vec![format!("{secs} * 1.0 / ({} * {s})", par(&n))], None, ctx)?;
            let start = format!("CAST({fl} * ({} * {s}) AS {int})", par(&n));
            sub("timestamp_seconds", &c.written, vec![start], None, ctx)
        }
        Unit::Month | Unit::Quarter | Unit::Year => {
            let k = match unit {
                Unit::Month => 1,
                Unit::Quarter => 3,
                _ => 12,
            };
            let y = extract_sql(Unit::Year, &x, ctx)?;
            let m = extract_sql(Unit::Month, &x, ctx)?;
            let months = format!("(({y} - 1970) * 12 + {m} - 1)");
            let fl = sub("floor", &c.written, vec![format!("{months} * 1.0 / ({} * {k})", par(&n))], None, ctx)?;
            let int = how.day_count.unwrap_or(int);
            let count = format!("CAST({fl} * ({} * {k}) AS {int})", par(&n));
            let epoch = how.epoch.to_string();
            sub("dateadd", &c.written, vec![count, epoch], Some(Unit::Month), ctx)
        }
        _ => Err(ctx.unsupported(
            &format!("TIME_SLICE with date part {}", unit.name()),
            "use second, minute, hour, day, month, quarter or year (week slices depend on WEEK_START)",
        )),
    }
}

// MySQL week numbers. Mode 0/2: weeks start on Sunday, week 1 is the one with the year's first
// Sunday; mode 1/3: ISO weeks. With the Sunday on or before x, `s`, the Sunday week of x is
// `(day_of_year(s) + 6) DIV 7` of the year of s.

/// The day of week of x counted from Sunday = 0.
fn sunday_dow(x: &str, ctx: &mut Ctx<'_>) -> R {
    let iso = iso_dow_sql(x, ctx)?;
    sub("mod", "WEEK", vec![iso, "7".into()], None, ctx)
}

/// A literal week mode.
fn week_mode(c: &Call, modes: &[i64], ctx: &Ctx<'_>) -> Result<i64, TranslateError> {
    match c.args.get(1).and_then(|m| m.trim().parse::<i64>().ok()) {
        Some(m) if modes.contains(&m) => Ok(m),
        _ => Err(ctx.unsupported(
            &c.written.to_ascii_uppercase(),
            "only a literal week mode 0, 2 (weeks from Sunday) or 3 (ISO) is translated",
        )),
    }
}

/// YEARWEEK: year * 100 + week, weeks from Sunday (mode 0, 2) or ISO (1, 3). `thursday`: the
/// ISO week from the Thursday of x's week (`(day_of_year + 6) DIV 7` of its year), for targets
/// without an exact ISO week.
fn yearweek_in(thursday: bool, c: &Call, ctx: &mut Ctx<'_>) -> R {
    let x = date_arg(&c.args[0], ctx);
    let iso = week_mode(c, &[0, 1, 2, 3], ctx)? % 2 == 1;
    if iso && !thursday {
        let y = sub("iso_year", &c.written, vec![x.clone()], None, ctx)?;
        let w = sub("iso_week", &c.written, vec![x], None, ctx)?;
        return Ok(format!("({y} * 100 + {w})"));
    }
    let shift = if iso {
        format!("4 - {}", par(&iso_dow_sql(&x, ctx)?))
    } else {
        format!("-{}", par(&sunday_dow(&x, ctx)?))
    };
    let s = sub("dateadd", &c.written, vec![shift, x], Some(Unit::Day), ctx)?;
    let y = extract_sql(Unit::Year, &s, ctx)?;
    let doy = extract_sql(Unit::DayOfYear, &s, ctx)?;
    let w = idiv(false, &format!("{doy} + 6"), "7", ctx)?;
    Ok(format!("({y} * 100 + {w})"))
}
fn yearweek(c: &Call, ctx: &mut Ctx<'_>) -> R {
    yearweek_in(false, c, ctx)
}
fn yearweek_thursday(c: &Call, ctx: &mut Ctx<'_>) -> R {
    yearweek_in(true, c, ctx)
}

/// YEARWEEK where the target has it (MySQL) or its ISO form (DuckDB).
fn yearweek_native(c: &Call, ctx: &mut Ctx<'_>) -> R {
    let m = week_mode(c, &[0, 1, 2, 3], ctx)?;
    Ok(format!("YEARWEEK({}, {m})", c.args[0]))
}
fn yearweek_iso(c: &Call, ctx: &mut Ctx<'_>) -> R {
    if week_mode(c, &[0, 1, 2, 3], ctx)? % 2 == 1 {
        return Ok(format!("YEARWEEK({})", c.args[0]));
    }
    yearweek(c, ctx)
}

/// WEEK(x, mode): mode 0 (from Sunday, 0 before the first Sunday), 2 (from Sunday, the
/// previous year's last week before it) or 3 (ISO); `thursday` as for [`yearweek_in`].
fn week_of_mode_in(thursday: bool, c: &Call, ctx: &mut Ctx<'_>) -> R {
    let x = date_arg(&c.args[0], ctx);
    match week_mode(c, &[0, 2, 3], ctx)? {
        0 => {
            let doy = extract_sql(Unit::DayOfYear, &x, ctx)?;
            let dow = sunday_dow(&x, ctx)?;
            idiv(false, &format!("{doy} - {} + 6", par(&dow)), "7", ctx)
        }
        m => {
            let call = Call {
                args: vec![c.args[0].clone(), (m - 2).to_string()],
                ..c.clone()
            };
            let yw = yearweek_in(thursday, &call, ctx)?;
            sub("mod", &c.written, vec![yw, "100".into()], None, ctx)
        }
    }
}
fn week_of_mode(c: &Call, ctx: &mut Ctx<'_>) -> R {
    week_of_mode_in(false, c, ctx)
}
fn week_of_mode_thursday(c: &Call, ctx: &mut Ctx<'_>) -> R {
    week_of_mode_in(true, c, ctx)
}
fn week_of_mode_native(c: &Call, ctx: &mut Ctx<'_>) -> R {
    let m = week_mode(c, &[0, 2, 3], ctx)?;
    Ok(format!("WEEK({}, {m})", c.args[0]))
}

/// ISDATE(s): 1 when text reads as a date or timestamp, else 0 (also for NULL).
fn isdate(c: &Call, ctx: &mut Ctx<'_>) -> R {
    let t = sub("try_to_timestamp", &c.written, c.args.clone(), None, ctx)?;
    Ok(format!("CASE WHEN {t} IS NULL THEN 0 ELSE 1 END"))
}

/// The current UTC time of day.
fn utc_time(_c: &Call, ctx: &mut Ctx<'_>) -> R {
    let now = sub("utc_timestamp", "UTC_TIME", vec![], None, ctx)?;
    Ok(format!("CAST({now} AS TIME)"))
}

/// An ISO 8601 calendar date read as a date.
fn iso_date(c: &Call, ctx: &mut Ctx<'_>) -> R {
    sub("to_date_cast", &c.written, c.args.clone(), None, ctx)
}

/// Redshift DATE_CMP / TIMESTAMP_CMP: -1, 0 or 1 as a is before, at or after b; NULL with a NULL.
fn date_cmp(c: &Call, _ctx: &mut Ctx<'_>) -> R {
    let (a, b) = (&c.args[0], &c.args[1]);
    Ok(format!(
        "CASE WHEN {a} IS NULL OR {b} IS NULL THEN NULL WHEN {a} = {b} THEN 0 WHEN {a} > {b} THEN 1 ELSE -1 END"
    ))
}

/// The year of x (Redshift DATE_PART_YEAR).
fn year_of(c: &Call, ctx: &mut Ctx<'_>) -> R {
    let x = date_arg(&c.args[0], ctx);
    extract_sql(Unit::Year, &x, ctx)
}

/// A value as a timestamp without time zone (SQLite DATETIME(x), MySQL TIMESTAMP(x)).
fn timestamp_of(c: &Call, ctx: &mut Ctx<'_>) -> R {
    sub("to_timestamp_cast", &c.written, c.args.clone(), None, ctx)
}

/// The date of the current UTC time.
fn utc_date(_c: &Call, ctx: &mut Ctx<'_>) -> R {
    let now = sub("utc_timestamp", "UTC_DATE", vec![], None, ctx)?;
    sub("to_date_cast", "UTC_DATE", vec![now], None, ctx)
}

/// Seconds since the epoch now.
fn current_unix_seconds(c: &Call, ctx: &mut Ctx<'_>) -> R {
    let now = sub("utc_timestamp", &c.written, vec![], None, ctx)?;
    let call = Call {
        written: c.written.clone(),
        args: vec![now],
        ..Default::default()
    };
    unix_seconds(&call, ctx)
}

/// CONVERT_TIMEZONE(from, to, ts) for PostgreSQL and DuckDB.
fn at_time_zones(c: &Call, ctx: &mut Ctx<'_>) -> R {
    let ts = date_arg(&c.args[2], ctx);
    Ok(format!(
        "(({ts} AT TIME ZONE {}) AT TIME ZONE {})",
        c.args[0], c.args[1]
    ))
}

const ROLL: &str =
    "out-of-range months or days roll over into the next month or year instead of failing";
const WRAP: &str = "out-of-range parts wrap around instead of failing";
const SESSION_TZ: &str =
    "the value is read in the session time zone; it is translated as a UTC timestamp";
const SPARK_TZ: &str = "Spark shows the instant in the session time zone (the UTC time only when spark.sql.session.timeZone is UTC)";
const WRAP_DAY: &str = "24 hours and more wrap around to the next day's time";
const NO_TIME: &str =
    "Spark has no TIME type: keep the parts, or build a timestamp with MAKE_TIMESTAMP_NTZ";

/// The function rows of this group.
#[rustfmt::skip]
pub static FUNCTIONS: &[FunctionDef] = &[
    FunctionDef {
        name: "date_from_parts", arity: (3, 3), unit_arg: false, kind: Kind::Scalar,
        note: "the date of year, month and day numbers",
        inputs: &[ia(&[Snowflake], "DATE_FROM_PARTS", 3, &[]), ia(&[Snowflake], "DATEFROMPARTS", 3, &[]),
                  ia(&[Postgres, DuckDb, DataFusion, Spark, Databricks], "MAKE_DATE", 3, &[]),
                  ia(&[BigQuery], "DATE", 3, &[]), ia(&[SqlServer], "DATEFROMPARTS", 3, &[])],
        outputs: &[o(&[Snowflake], "DATE_FROM_PARTS({0}, {1}, {2})"),
                   Output { to: &[Postgres], render: Render::Special(pg_make_date), warn: None },
                   o(&[DuckDb, DataFusion, Spark, Databricks], "MAKE_DATE({0}, {1}, {2})"),
                   o(&[BigQuery], "DATE({0}, {1}, {2})"), o(&[SqlServer], "DATEFROMPARTS({0}, {1}, {2})"),
                   ow(MYSQL, "DATE_ADD(DATE_ADD(MAKEDATE({0}, 1), INTERVAL ({1}) - 1 MONTH), INTERVAL ({2}) - 1 DAY)", Dvt003, ROLL),
                   ow(&[Trino], "DATE_ADD('day', {2} - 1, DATE_ADD('month', {1} - 1, DATE_ADD('year', {0} - 1970, DATE '1970-01-01')))", Dvt003, ROLL),
                   ow(&[Redshift], "CAST(DATEADD(DAY, {2} - 1, DATEADD(MONTH, {1} - 1, TO_DATE(CAST({0} AS VARCHAR), 'YYYY'))) AS DATE)", Dvt003, ROLL),
                   ow(&[Sqlite], "DATE(PRINTF('%04d-%02d-%02d', {0}, {1}, {2}))", Dvt003, "days 29 to 31 past the month's end roll over into the next month; other out-of-range parts give NULL")],
    },
    FunctionDef {
        name: "time_from_parts", arity: (3, 3), unit_arg: false, kind: Kind::Scalar,
        note: "the time of day of hour, minute and second numbers (whole seconds where the target needs them)",
        inputs: &[ia(&[Snowflake], "TIME_FROM_PARTS", 3, &[]), ia(&[Snowflake], "TIMEFROMPARTS", 3, &[]),
                  ia(&[Postgres, DuckDb, DataFusion], "MAKE_TIME", 3, &[]), ia(&[BigQuery], "TIME", 3, &[]),
                  ia(MYSQL, "MAKETIME", 3, &[])],
        outputs: &[o(&[Snowflake], "TIME_FROM_PARTS({0}, {1}, {2})"),
                   Output { to: &[Postgres], render: Render::Special(pg_make_time), warn: None },
                   o(&[DuckDb, DataFusion], "MAKE_TIME({0}, {1}, {2})"),
                   o(&[BigQuery], "TIME({0}, {1}, {2})"), o(&[SqlServer], "TIMEFROMPARTS({0}, {1}, {2}, 0, 0)"),
                   o(MYSQL, "MAKETIME({0}, {1}, {2})"),
                   o(&[Sqlite], "TIME(PRINTF('%02d:%02d:%02d', {0}, {1}, {2}))"),
                   ow(&[Trino], "CAST(DATE_ADD('second', ({0}) * 3600 + ({1}) * 60 + {2}, TIMESTAMP '1970-01-01 00:00:00') AS TIME)", Dvt003, WRAP),
                   ow(&[Redshift], "CAST(DATEADD(SECOND, ({0}) * 3600 + ({1}) * 60 + {2}, TIMESTAMP '1970-01-01 00:00:00') AS TIME)", Dvt003, WRAP),
                   no(SPARK, NO_TIME)],
    },
    FunctionDef {
        name: "timestamp_from_parts", arity: (6, 6), unit_arg: false, kind: Kind::Scalar,
        note: "the timestamp (without time zone) of year, month, day, hour, minute and second numbers",
        inputs: &[ia(&[Snowflake], "TIMESTAMP_FROM_PARTS", 6, &[]), ia(&[Snowflake], "TIMESTAMP_NTZ_FROM_PARTS", 6, &[]),
                  ia(&[Snowflake], "TIMESTAMPFROMPARTS", 6, &[]), ia(&[Snowflake], "TIMESTAMPNTZFROMPARTS", 6, &[]),
                  ia(&[Postgres, DuckDb], "MAKE_TIMESTAMP", 6, &[]),
                  ia(SPARK, "MAKE_TIMESTAMP", 6, &[]), ia(SPARK, "MAKE_TIMESTAMP_NTZ", 6, &[]),
                  ia(&[BigQuery], "DATETIME", 6, &[]),
                  ia(&[SqlServer], "SMALLDATETIMEFROMPARTS", 5, &[A0, A1, A2, Src::A(3), Src::A(4), Src::L("0")])],
        outputs: &[o(&[Snowflake], "TIMESTAMP_NTZ_FROM_PARTS({*})"), Output { to: &[Postgres], render: Render::Special(pg_make_timestamp), warn: None },
                   o(&[DuckDb], "MAKE_TIMESTAMP({*})"),
                   o(SPARK, "MAKE_TIMESTAMP_NTZ({*})"), o(&[BigQuery], "DATETIME({*})"),
                   o(&[SqlServer], "DATETIME2FROMPARTS({*}, 0, 0)"),
                   ow(MYSQL, "TIMESTAMP(DATE_ADD(DATE_ADD(MAKEDATE({0}, 1), INTERVAL ({1}) - 1 MONTH), INTERVAL ({2}) - 1 DAY), MAKETIME({3}, {4}, {5}))", Dvt003, ROLL),
                   ow(&[Sqlite], "DATETIME(PRINTF('%04d-%02d-%02d %02d:%02d:%02d', {*}))", Dvt003, "days 29 to 31 past the month's end roll over into the next month; other out-of-range parts give NULL"),
                   Output { to: ALL, render: Render::Special(timestamp_parts), warn: Some((Dvt003, "out-of-range parts roll over instead of failing")) }],
    },
    FunctionDef {
        name: "timestamp_from_date_time", arity: (2, 2), unit_arg: false, kind: Kind::Scalar,
        note: "the timestamp of a date and a time of day",
        inputs: &[ia(&[Snowflake], "TIMESTAMP_FROM_PARTS", 2, &[]), ia(&[Snowflake], "TIMESTAMP_NTZ_FROM_PARTS", 2, &[]),
                  ia(&[BigQuery], "DATETIME", 2, &[]), ia(MYSQL, "TIMESTAMP", 2, &[])],
        outputs: &[o(&[Snowflake], "TIMESTAMP_NTZ_FROM_PARTS({0}, {1})"), o(&[BigQuery], "DATETIME({0}, {1})"),
                   o(MYSQL, "TIMESTAMP({0}, {1})"), o(&[Postgres, Redshift, DuckDb], "(CAST({0} AS DATE) + CAST({1} AS TIME))"),
                   o(&[Sqlite], "DATETIME(DATE({0}) || ' ' || TIME({1}))"),
                   o(&[SqlServer], "CAST(CONVERT(VARCHAR(10), {0}, 23) + ' ' + CONVERT(VARCHAR(16), CAST({1} AS TIME)) AS DATETIME2)"),
                   o(&[Trino, DataFusion], "CAST(CAST(CAST({0} AS DATE) AS VARCHAR) || ' ' || CAST(CAST({1} AS TIME) AS VARCHAR) AS TIMESTAMP)"),
                   no(SPARK, NO_TIME)],
    },
    FunctionDef {
        name: "date_from_year_day", arity: (2, 2), unit_arg: false, kind: Kind::Scalar,
        note: "MySQL MAKEDATE(year, day of year): NULL when the day is not positive; days past the year's end go on into the next years",
        inputs: &[ia(MYSQL, "MAKEDATE", 2, &[])],
        outputs: &[o(MYSQL, "MAKEDATE({0}, {1})"),
                   o(&[Sqlite], "CASE WHEN {1} > 0 THEN DATE(PRINTF('%04d-01-01', {0}), ({1} - 1) || ' days') END"),
                   os(&[Postgres, DuckDb], Render::Special(date_from_year_day_plus)),
                   sp(date_from_year_day)],
    },
    FunctionDef {
        name: "monthname_full", arity: (1, 1), unit_arg: false, kind: Kind::Scalar,
        note: "the English name of the month (January)",
        inputs: &[ia(MYSQL, "MONTHNAME", 1, &[]), ia(&[DuckDb], "MONTHNAME", 1, &[])],
        outputs: &[os(PG, dated!("TRIM(TO_CHAR({0}, 'Month'))")),
                   os(MYSQL, dated!("MONTHNAME({0})")),
                   os(&[Snowflake], dated!("TO_CHAR({0}, 'MMMM')")),
                   os(SPARK, dated!("DATE_FORMAT({0}, 'MMMM')")),
                   os(&[DuckDb], dated!("MONTHNAME({0})")),
                   os(&[DataFusion], dated!("TO_CHAR({0}, '%B')")),
                   os(&[BigQuery], dated!("FORMAT_DATETIME('%B', CAST({0} AS DATETIME))")),
                   os(&[SqlServer], dated!("DATENAME(MONTH, {0})")),
                   os(&[Trino], dated!("DATE_FORMAT({0}, '%M')")),
                   sp(monthname_full)],
    },
    FunctionDef {
        name: "monthname_abbr", arity: (1, 1), unit_arg: false, kind: Kind::Scalar,
        note: "the three-letter English name of the month (Jan)",
        inputs: &[ia(&[Snowflake], "MONTHNAME", 1, &[]), ia(SPARK, "MONTHNAME", 1, &[])],
        outputs: &[os(PG, dated!("TO_CHAR({0}, 'Mon')")),
                   os(MYSQL, dated!("DATE_FORMAT({0}, '%b')")),
                   os(&[Snowflake], dated!("MONTHNAME({0})")),
                   os(SPARK, dated!("DATE_FORMAT({0}, 'MMM')")),
                   os(&[DuckDb], dated!("STRFTIME({0}, '%b')")),
                   os(&[DataFusion], dated!("TO_CHAR({0}, '%b')")),
                   os(&[BigQuery], dated!("FORMAT_DATETIME('%b', CAST({0} AS DATETIME))")),
                   os(&[SqlServer], dated!("LEFT(DATENAME(MONTH, {0}), 3)")),
                   os(&[Trino], dated!("DATE_FORMAT({0}, '%b')")),
                   sp(monthname_abbr)],
    },
    FunctionDef {
        name: "dayname_full", arity: (1, 1), unit_arg: false, kind: Kind::Scalar,
        note: "the English name of the weekday (Monday)",
        inputs: &[ia(MYSQL, "DAYNAME", 1, &[]), ia(&[DuckDb], "DAYNAME", 1, &[])],
        outputs: &[os(PG, dated!("TRIM(TO_CHAR({0}, 'Day'))")),
                   os(MYSQL, dated!("DAYNAME({0})")),
                   os(&[Snowflake], Render::Special(dayname_full_from_abbr)),
                   os(SPARK, dated!("DATE_FORMAT({0}, 'EEEE')")),
                   os(&[DuckDb], dated!("DAYNAME({0})")),
                   os(&[DataFusion], dated!("TO_CHAR({0}, '%A')")),
                   os(&[BigQuery], dated!("FORMAT_DATETIME('%A', CAST({0} AS DATETIME))")),
                   os(&[SqlServer], dated!("DATENAME(WEEKDAY, {0})")),
                   os(&[Trino], dated!("DATE_FORMAT({0}, '%W')")),
                   sp(dayname_full)],
    },
    FunctionDef {
        name: "dayname_abbr", arity: (1, 1), unit_arg: false, kind: Kind::Scalar,
        note: "the three-letter English name of the weekday (Mon)",
        inputs: &[ia(&[Snowflake], "DAYNAME", 1, &[]), ia(SPARK, "DAYNAME", 1, &[])],
        outputs: &[os(PG, dated!("TO_CHAR({0}, 'Dy')")),
                   os(MYSQL, dated!("DATE_FORMAT({0}, '%a')")),
                   os(&[Snowflake], dated!("DAYNAME({0})")),
                   os(SPARK, dated!("DATE_FORMAT({0}, 'EEE')")),
                   os(&[DuckDb], dated!("STRFTIME({0}, '%a')")),
                   os(&[DataFusion], dated!("TO_CHAR({0}, '%a')")),
                   os(&[BigQuery], dated!("FORMAT_DATETIME('%a', CAST({0} AS DATETIME))")),
                   os(&[SqlServer], dated!("LEFT(DATENAME(WEEKDAY, {0}), 3)")),
                   os(&[Trino], dated!("DATE_FORMAT({0}, '%a')")),
                   sp(dayname_abbr)],
    },
    FunctionDef {
        name: "datename", arity: (2, 2), unit_arg: true, kind: Kind::Scalar,
        note: "SQL Server DATENAME(part, x): month and weekday names in English, other parts as their number in text",
        inputs: &[ia(&[SqlServer], "DATENAME", 2, &[])],
        outputs: &[o(&[SqlServer], "DATENAME({UNIT}, {0})"), sp(datename)],
    },
    FunctionDef {
        name: "next_day", arity: (2, 2), unit_arg: false, kind: Kind::Scalar,
        note: "NEXT_DAY(d, 'Monday'): the first such weekday strictly after d (the day name is a literal; its first two letters count)",
        inputs: &[ia(&[Snowflake, Redshift, Spark, Databricks], "NEXT_DAY", 2, &[])],
        outputs: &[os(&[Snowflake, Spark, Databricks, Redshift], Render::Special(next_day_native)),
                   os(&[Sqlite], Render::Special(next_day_modifier)), os(&[SqlServer], Render::Special(next_day_tsql)),
                   sp(next_day)],
    },
    FunctionDef {
        name: "previous_day", arity: (2, 2), unit_arg: false, kind: Kind::Scalar,
        note: "PREVIOUS_DAY(d, 'Monday'): the last such weekday strictly before d (the day name is a literal)",
        inputs: &[ia(&[Snowflake], "PREVIOUS_DAY", 2, &[])],
        outputs: &[os(&[Snowflake], Render::Special(previous_day_native)),
                   os(&[Sqlite], Render::Special(previous_day_modifier)), os(&[SqlServer], Render::Special(previous_day_tsql)),
                   sp(previous_day)],
    },
    FunctionDef {
        name: "last_day_offset", arity: (2, 2), unit_arg: false, kind: Kind::Scalar,
        note: "EOMONTH(d, n): the last day of the month n months after d's",
        inputs: &[ia(&[SqlServer], "EOMONTH", 2, &[])],
        outputs: &[o(&[SqlServer], "EOMONTH({0}, {1})"),
                   os(&[Sqlite], dated!("DATE({0}, 'start of month', ({1}) || ' months', '+1 month', '-1 day')")),
                   sp(last_day_offset)],
    },
    FunctionDef {
        name: "months_between", arity: (2, 2), unit_arg: false, kind: Kind::Scalar,
        note: "MONTHS_BETWEEN(a, b): months from b to a; a whole number when the days of the month are equal or both are month ends, else the day difference over 31",
        inputs: &[ia(&[Snowflake, Redshift, Spark, Databricks], "MONTHS_BETWEEN", 2, &[])],
        outputs: &[os(&[Snowflake, Redshift], Render::Special(months_between_native)),
                   os(SPARK, Render::Special(months_between_spark)), sp(months_between)],
    },
    FunctionDef {
        name: "unix_seconds", arity: (1, 1), unit_arg: false, kind: Kind::Scalar,
        note: "whole seconds from 1970-01-01 00:00:00 to a timestamp without time zone (rounded down)",
        inputs: &[ia(&[BigQuery, Spark, Databricks], "UNIX_SECONDS", 1, &[]),
                  ia(MYSQL, "UNIX_TIMESTAMP", 1, &[]), ia(SPARK, "UNIX_TIMESTAMP", 1, &[]),
                  ia(SPARK, "TO_UNIX_TIMESTAMP", 1, &[]),
                  ia(&[DataFusion], "TO_UNIXTIME", 1, &[]), ia(&[Sqlite], "UNIXEPOCH", 1, &[])],
        outputs: &[os(MYSQL, unix_seconds_as!("TIMESTAMPDIFF(SECOND, '1970-01-01 00:00:00', {0})")),
                   os(&[BigQuery, Spark, Databricks], unix_seconds_as!("UNIX_SECONDS(CAST({0} AS TIMESTAMP))")),
                   os(&[Snowflake], unix_seconds_as!("DATE_PART(EPOCH_SECOND, {0})")),
                   os(&[Sqlite], unix_seconds_as!("CAST(STRFTIME('%s', {0}) AS INTEGER)")),
                   os(&[SqlServer], unix_seconds_as!("DATEDIFF_BIG(SECOND, '1970-01-01', {0})")),
                   os(&[Redshift], unix_seconds_as!("DATEDIFF(SECOND, TIMESTAMP '1970-01-01 00:00:00', {0})")),
                   sp(unix_seconds_any)],
    },
    FunctionDef {
        name: "unix_millis", arity: (1, 1), unit_arg: false, kind: Kind::Scalar,
        note: "whole milliseconds from 1970-01-01 00:00:00 to a timestamp without time zone (rounded down)",
        inputs: &[ia(&[BigQuery, Spark, Databricks], "UNIX_MILLIS", 1, &[])],
        outputs: &[o(&[BigQuery, Spark, Databricks], "UNIX_MILLIS(CAST({0} AS TIMESTAMP))"),
                   o(MYSQL, "FLOOR(TIMESTAMPDIFF(MICROSECOND, '1970-01-01 00:00:00', {0}) / 1000)"),
                   o(&[Sqlite], "CAST(ROUND((JULIANDAY({0}) - 2440587.5) * 86400000) AS INTEGER)"),
                   o(&[SqlServer], "DATEDIFF_BIG(MILLISECOND, '1970-01-01', {0})"),
                   o(&[Redshift], "DATEDIFF(MILLISECOND, TIMESTAMP '1970-01-01 00:00:00', {0})"),
                   o(&[Snowflake], "DATE_PART(EPOCH_MILLISECOND, {0})"), o(&[DuckDb], "EPOCH_MS({0})"),
                   o(&[DataFusion], "CAST(FLOOR(CAST(CAST({0} AS TIMESTAMP) AS BIGINT) / 1000000E0) AS BIGINT)"),
                   o(&[Trino], "CAST(FLOOR(TO_UNIXTIME({0}) * 1000) AS BIGINT)"),
                   o(ALL, "CAST(FLOOR(EXTRACT(EPOCH FROM {0}) * 1000) AS BIGINT)")],
    },
    FunctionDef {
        name: "unix_micros", arity: (1, 1), unit_arg: false, kind: Kind::Scalar,
        note: "whole microseconds from 1970-01-01 00:00:00 to a timestamp without time zone",
        inputs: &[ia(&[BigQuery, Spark, Databricks], "UNIX_MICROS", 1, &[])],
        outputs: &[o(&[BigQuery, Spark, Databricks], "UNIX_MICROS(CAST({0} AS TIMESTAMP))"),
                   o(MYSQL, "TIMESTAMPDIFF(MICROSECOND, '1970-01-01 00:00:00', {0})"),
                   ow(&[Sqlite], "CAST(ROUND((JULIANDAY({0}) - 2440587.5) * 86400000) AS INTEGER) * 1000", Dvt003, "SQLite keeps milliseconds only"),
                   o(&[SqlServer], "DATEDIFF_BIG(MICROSECOND, '1970-01-01', {0})"),
                   o(&[Redshift], "DATEDIFF(MICROSECOND, TIMESTAMP '1970-01-01 00:00:00', {0})"),
                   o(&[Snowflake], "DATE_PART(EPOCH_MICROSECOND, {0})"), o(&[DuckDb], "EPOCH_US({0})"),
                   o(&[DataFusion], "CAST(FLOOR(CAST(CAST({0} AS TIMESTAMP) AS BIGINT) / 1000E0) AS BIGINT)"),
                   ow(&[Trino], "CAST(FLOOR(TO_UNIXTIME({0}) * 1000000) AS BIGINT)", Dvt003, "Trino's TO_UNIXTIME is a DOUBLE: the last microseconds may be off"),
                   o(ALL, "CAST(FLOOR(EXTRACT(EPOCH FROM {0}) * 1000000) AS BIGINT)")],
    },
    FunctionDef {
        name: "unix_date", arity: (1, 1), unit_arg: false, kind: Kind::Scalar,
        note: "days from 1970-01-01 to the date of x",
        inputs: &[ia(&[BigQuery, Spark, Databricks], "UNIX_DATE", 1, &[])],
        outputs: &[o(&[BigQuery, Spark, Databricks], "UNIX_DATE({0})"), os(&[Sqlite], Render::Special(unix_date_text)),
                   sp(unix_date)],
    },
    FunctionDef {
        name: "to_days", arity: (1, 1), unit_arg: false, kind: Kind::Scalar,
        note: "MySQL TO_DAYS: days from year 0 to the date of x (proleptic Gregorian calendar)",
        inputs: &[ia(MYSQL, "TO_DAYS", 1, &[])],
        outputs: &[o(MYSQL, "TO_DAYS({0})"), os(&[Sqlite], Render::Special(to_days_text)), sp(to_days)],
    },
    FunctionDef {
        name: "from_days", arity: (1, 1), unit_arg: false, kind: Kind::Scalar,
        note: "MySQL FROM_DAYS: the date n days after year 0 (MySQL gives 0000-00-00 below 366)",
        inputs: &[ia(MYSQL, "FROM_DAYS", 1, &[])],
        outputs: &[o(MYSQL, "FROM_DAYS({0})"), sp(from_days)],
    },
    FunctionDef {
        name: "date_from_unix_date", arity: (1, 1), unit_arg: false, kind: Kind::Scalar,
        note: "the date n days after 1970-01-01",
        inputs: &[ia(&[BigQuery, Spark, Databricks], "DATE_FROM_UNIX_DATE", 1, &[])],
        outputs: &[o(&[BigQuery, Spark, Databricks], "DATE_FROM_UNIX_DATE({0})"),
                   o(&[Postgres, Redshift], "(DATE '1970-01-01' + CAST({0} AS INTEGER))"),
                   o(&[DuckDb], "(DATE '1970-01-01' + CAST({0} AS INTEGER))"),
                   o(&[Sqlite], "DATE('1970-01-01', ({0}) || ' days')"),
                   sp(date_from_unix_date)],
    },
    FunctionDef {
        name: "timestamp_seconds", arity: (1, 1), unit_arg: false, kind: Kind::Scalar,
        note: "the UTC timestamp (without time zone) n whole seconds after 1970-01-01 00:00:00",
        inputs: &[ia(&[BigQuery, Spark, Databricks], "TIMESTAMP_SECONDS", 1, &[]),
                  ia(&[DataFusion], "TO_TIMESTAMP_SECONDS", 1, &[]), ia(&[DataFusion], "FROM_UNIXTIME", 1, &[]),
                  iw(&[Postgres, DuckDb], "TO_TIMESTAMP", 1, &[], "TO_TIMESTAMP(n) is a TIMESTAMP WITH TIME ZONE; it is translated as the UTC timestamp without time zone"),
                  ia(MYSQL, "FROM_UNIXTIME", 1, &[]),
                  iw(&[Trino], "FROM_UNIXTIME", 1, &[], "FROM_UNIXTIME gives a timestamp in the session time zone; it is translated as the UTC timestamp without time zone")],
        outputs: &[os(&[Postgres], timestamp_seconds_as!("(TO_TIMESTAMP({0}) AT TIME ZONE 'UTC')")),
                   os(&[Redshift], timestamp_seconds_as!("(TIMESTAMP 'epoch' + {1} * INTERVAL '1 second')")),
                   os(&[DuckDb], timestamp_seconds_as!("EPOCH_MS(CAST({0} AS BIGINT) * 1000)")),
                   os(&[DataFusion], timestamp_seconds_as!("TO_TIMESTAMP_SECONDS({0})")),
                   os(&[Sqlite], timestamp_seconds_as!("DATETIME({0}, 'unixepoch')")),
                   os(MYSQL, timestamp_seconds_as!("(TIMESTAMP '1970-01-01 00:00:00' + INTERVAL {1} SECOND)")),
                   os(&[Snowflake], timestamp_seconds_as!("TO_TIMESTAMP_NTZ({0}, 0)")),
                   os(&[BigQuery], timestamp_seconds_as!("TIMESTAMP_SECONDS({0})")),
                   os(SPARK, timestamp_seconds_as!("TIMESTAMP_SECONDS({0})", spark_tz)),
                   os(&[Trino], timestamp_seconds_as!("CAST(FROM_UNIXTIME({0}, 'UTC') AS TIMESTAMP)")),
                   os(&[SqlServer], timestamp_seconds_as!("DATEADD(SECOND, CAST({1} % 86400 AS INT), DATEADD(DAY, CAST({1} / 86400 AS INT), CAST('1970-01-01' AS DATETIME2)))")),
                   sp(timestamp_seconds_none)],
    },
    FunctionDef {
        name: "timestamp_millis", arity: (1, 1), unit_arg: false, kind: Kind::Scalar,
        note: "the UTC timestamp (without time zone) n milliseconds after 1970-01-01 00:00:00",
        inputs: &[ia(&[BigQuery, Spark, Databricks], "TIMESTAMP_MILLIS", 1, &[]),
                  ia(&[DataFusion], "TO_TIMESTAMP_MILLIS", 1, &[])],
        outputs: &[o(&[Postgres], "(TO_TIMESTAMP(({0}) / 1000.0) AT TIME ZONE 'UTC')"),
                   o(&[Redshift], "(TIMESTAMP 'epoch' + ({0}) * INTERVAL '0.001 second')"),
                   o(&[DuckDb], "EPOCH_MS(CAST({0} AS BIGINT))"),
                   o(&[DataFusion], "TO_TIMESTAMP_MILLIS({0})"),
                   ow(&[Sqlite], "STRFTIME('%Y-%m-%d %H:%M:%f', ({0}) / 1000.0, 'unixepoch')", Dvt003, "SQLite computes through a floating-point Julian day: the last millisecond may be off"),
                   o(MYSQL, "(TIMESTAMP '1970-01-01 00:00:00' + INTERVAL (({0}) * 1000) MICROSECOND)"),
                   o(&[Snowflake], "TO_TIMESTAMP_NTZ({0}, 3)"),
                   o(&[BigQuery], "TIMESTAMP_MILLIS({0})"),
                   ow(SPARK, "TIMESTAMP_MILLIS({0})", Dvt003, SPARK_TZ),
                   o(&[Trino], "CAST(FROM_UNIXTIME(({0}) / 1000E0, 'UTC') AS TIMESTAMP)"),
                   o(&[SqlServer], "DATEADD(MILLISECOND, CAST(({0}) % 86400000 AS INT), DATEADD(DAY, CAST(({0}) / 86400000 AS INT), CAST('1970-01-01' AS DATETIME2)))")],
    },
    FunctionDef {
        name: "timestamp_micros", arity: (1, 1), unit_arg: false, kind: Kind::Scalar,
        note: "the UTC timestamp (without time zone) n microseconds after 1970-01-01 00:00:00",
        inputs: &[ia(&[BigQuery, Spark, Databricks], "TIMESTAMP_MICROS", 1, &[]),
                  ia(&[DataFusion], "TO_TIMESTAMP_MICROS", 1, &[]), ia(&[DuckDb], "MAKE_TIMESTAMP", 1, &[])],
        outputs: &[o(&[Postgres], "(TO_TIMESTAMP(({0}) / 1000000.0) AT TIME ZONE 'UTC')"),
                   o(&[Redshift], "(TIMESTAMP 'epoch' + ({0}) * INTERVAL '0.000001 second')"),
                   o(&[DuckDb], "MAKE_TIMESTAMP(CAST({0} AS BIGINT))"),
                   o(&[DataFusion], "TO_TIMESTAMP_MICROS({0})"),
                   ow(&[Sqlite], "STRFTIME('%Y-%m-%d %H:%M:%f', ({0}) / 1000000.0, 'unixepoch')", Dvt003, "SQLite keeps milliseconds only"),
                   o(MYSQL, "(TIMESTAMP '1970-01-01 00:00:00' + INTERVAL ({0}) MICROSECOND)"),
                   o(&[Snowflake], "TO_TIMESTAMP_NTZ({0}, 6)"),
                   o(&[BigQuery], "TIMESTAMP_MICROS({0})"),
                   ow(SPARK, "TIMESTAMP_MICROS({0})", Dvt003, SPARK_TZ),
                   o(&[Trino], "CAST(FROM_UNIXTIME(({0}) / 1000000E0, 'UTC') AS TIMESTAMP)"),
                   o(&[SqlServer], "DATEADD(MICROSECOND, CAST(({0}) % 1000000 AS INT), DATEADD(SECOND, CAST((({0}) / 1000000) % 86400 AS INT), DATEADD(DAY, CAST(({0}) / 86400000000 AS INT), CAST('1970-01-01' AS DATETIME2))))")],
    },
    FunctionDef {
        name: "utc_timestamp", arity: (0, 0), unit_arg: false, kind: Kind::Scalar,
        note: "the current UTC time as a timestamp without time zone",
        inputs: &[i(MYSQL, "UTC_TIMESTAMP"), i(&[SqlServer], "GETUTCDATE"), i(&[SqlServer], "SYSUTCDATETIME"),
                  i(&[BigQuery], "CURRENT_DATETIME")],
        outputs: &[o(MYSQL, "UTC_TIMESTAMP()"), o(&[SqlServer], "SYSUTCDATETIME()"), o(&[Snowflake], "SYSDATE()"),
                   o(&[Postgres, DuckDb], "(NOW() AT TIME ZONE 'UTC')"),
                   ow(&[Redshift], "SYSDATE", Dvt003, "Redshift's SYSDATE is in the session time zone (UTC unless it was changed)"),
                   o(&[Sqlite], "DATETIME('now')"), o(&[BigQuery], "CURRENT_DATETIME('UTC')"),
                   o(SPARK, "TO_UTC_TIMESTAMP(CURRENT_TIMESTAMP(), CURRENT_TIMEZONE())"),
                   o(&[DataFusion], "CAST(NOW() AS TIMESTAMP)"),
                   o(&[Trino], "CAST(CURRENT_TIMESTAMP AT TIME ZONE 'UTC' AS TIMESTAMP)")],
    },
    FunctionDef {
        name: "utc_date", arity: (0, 0), unit_arg: false, kind: Kind::Scalar,
        note: "the current UTC date",
        inputs: &[i(MYSQL, "UTC_DATE")],
        outputs: &[o(MYSQL, "UTC_DATE()"), o(&[Sqlite], "DATE('now')"), o(&[BigQuery], "CURRENT_DATE('UTC')"), sp(utc_date)],
    },
    FunctionDef {
        name: "current_unix_seconds", arity: (0, 0), unit_arg: false, kind: Kind::Scalar,
        note: "whole seconds since 1970-01-01 00:00:00 UTC now (0-argument UNIX_TIMESTAMP)",
        inputs: &[ia(&[MySql, MariaDb, Spark, Databricks], "UNIX_TIMESTAMP", 0, &[])],
        outputs: &[o(&[MySql, MariaDb, Spark, Databricks], "UNIX_TIMESTAMP()"),
                   o(&[Sqlite], "CAST(STRFTIME('%s', 'now') AS INTEGER)"),
                   o(&[BigQuery], "UNIX_SECONDS(CURRENT_TIMESTAMP())"),
                   o(&[SqlServer], "DATEDIFF_BIG(SECOND, '1970-01-01', SYSUTCDATETIME())"),
                   o(&[DataFusion], "TO_UNIXTIME(NOW())"),
                   o(&[Snowflake], "DATE_PART(EPOCH_SECOND, CURRENT_TIMESTAMP())"),
                   o(&[Trino], "CAST(FLOOR(TO_UNIXTIME(CURRENT_TIMESTAMP)) AS BIGINT)"),
                   o(&[Postgres, Redshift, DuckDb], "CAST(FLOOR(EXTRACT(EPOCH FROM CURRENT_TIMESTAMP)) AS BIGINT)"),
                   sp(current_unix_seconds)],
    },
    FunctionDef {
        name: "convert_timezone", arity: (3, 3), unit_arg: false, kind: Kind::Scalar,
        note: "CONVERT_TIMEZONE(from_tz, to_tz, ts): the wall-clock time in to_tz of ts read in from_tz (timestamps without time zone, IANA zone names)",
        inputs: &[ia(&[Snowflake, Redshift, Spark, Databricks], "CONVERT_TIMEZONE", 3, &[]),
                  ia(SPARK, "FROM_UTC_TIMESTAMP", 2, &[Src::L("'UTC'"), A1, A0]),
                  ia(SPARK, "TO_UTC_TIMESTAMP", 2, &[A1, Src::L("'UTC'"), A0]),
                  ia(MYSQL, "CONVERT_TZ", 3, &[A1, A2, A0])],
        outputs: &[o(&[Snowflake, Redshift, Spark, Databricks], "CONVERT_TIMEZONE({0}, {1}, {2})"),
                   Output { to: &[Postgres, DuckDb], render: Render::Special(at_time_zones), warn: None },
                   o(&[BigQuery], "DATETIME(TIMESTAMP({2}, {0}), {1})"),
                   o(&[Trino], "CAST(WITH_TIMEZONE({2}, {0}) AT TIME ZONE {1} AS TIMESTAMP)"),
                   ow(MYSQL, "CONVERT_TZ({2}, {0}, {1})", Dvt003, "named time zones need the server's time zone tables: without them CONVERT_TZ gives NULL"),
                   no(&[SqlServer], "SQL Server names time zones the Windows way: write AT TIME ZONE 'W. Europe Standard Time' yourself"),
                   no(&[Sqlite, DataFusion], "there is no time zone database here: convert the values before they reach it")],
    },
    FunctionDef {
        name: "iso_year", arity: (1, 1), unit_arg: false, kind: Kind::Scalar,
        note: "the ISO 8601 week-numbering year (the year of the week's Thursday)",
        inputs: &[ia(&[Snowflake], "YEAROFWEEKISO", 1, &[]),
                  iw(&[Snowflake], "YEAROFWEEK", 1, &[], "YEAROFWEEK depends on WEEK_OF_YEAR_POLICY and WEEK_START; ISO weeks are assumed"),
                  ia(&[DuckDb], "ISOYEAR", 1, &[]), ia(&[Trino], "YEAR_OF_WEEK", 1, &[]), ia(&[Trino], "YOW", 1, &[])],
        outputs: &[o(&[Postgres, BigQuery], "EXTRACT(ISOYEAR FROM {0})"), o(&[Redshift], "CAST(TO_CHAR({0}, 'IYYY') AS INTEGER)"),
                   o(&[DuckDb], "ISOYEAR({0})"), o(&[Snowflake], "YEAROFWEEKISO({0})"),
                   o(SPARK, "EXTRACT(YEAROFWEEK FROM {0})"), o(&[Trino], "YEAR_OF_WEEK({0})"),
                   o(MYSQL, "(YEARWEEK({0}, 3) DIV 100)"),
                   o(&[SqlServer], "YEAR(DATEADD(DAY, 3 - (DATEPART(WEEKDAY, {0}) + @@DATEFIRST + 5) % 7, {0}))"),
                   o(&[Sqlite], "CAST(STRFTIME('%Y', {0}, '-' || ((CAST(STRFTIME('%w', {0}) AS INTEGER) + 6) % 7) || ' days', '+3 days') AS INTEGER)"),
                   sp(iso_year_computed)],
    },
    FunctionDef {
        name: "iso_day_of_week", arity: (1, 1), unit_arg: false, kind: Kind::Scalar,
        note: "day of week 1 = Monday … 7 = Sunday (Trino DAY_OF_WEEK)",
        inputs: &[ia(&[Trino], "DAY_OF_WEEK", 1, &[]), ia(&[Trino], "DOW", 1, &[])],
        outputs: &[os(&[SqlServer], dated!(ISO_DOW_DATEFIRST)), sp(iso_dow)],
    },
    FunctionDef {
        name: "iso_week", arity: (1, 1), unit_arg: false, kind: Kind::Scalar,
        note: "the ISO 8601 week number (Trino WEEK, DuckDB WEEK)",
        inputs: &[ia(&[Trino], "WEEK", 1, &[]), ia(&[Trino], "WEEK_OF_YEAR", 1, &[]), ia(&[DuckDb], "WEEK", 1, &[]),
                  ia(&[DuckDb], "WEEKOFYEAR", 1, &[])],
        outputs: &[sp(iso_week)],
    },
    FunctionDef {
        name: "day_of_year", arity: (1, 1), unit_arg: false, kind: Kind::Scalar,
        note: "the day of the year, 1 to 366 (Trino DAY_OF_YEAR)",
        inputs: &[ia(&[Trino], "DAY_OF_YEAR", 1, &[]), ia(&[Trino], "DOY", 1, &[])],
        outputs: &[sp(day_of_year)],
    },
    FunctionDef {
        name: "weekday0", arity: (1, 1), unit_arg: false, kind: Kind::Scalar,
        note: "day of week 0 = Monday … 6 = Sunday (MySQL and Spark WEEKDAY)",
        inputs: &[ia(MYSQL, "WEEKDAY", 1, &[]), ia(SPARK, "WEEKDAY", 1, &[])],
        outputs: &[o(MYSQL, "WEEKDAY({0})"), o(SPARK, "WEEKDAY({0})"), os(&[SqlServer], Render::Special(weekday0_datefirst)),
                   sp(weekday0)],
    },
    FunctionDef {
        name: "to_time_cast", arity: (1, 1), unit_arg: false, kind: Kind::Scalar,
        note: "the time of day of a value (TIME(x), 1-argument TO_TIME)",
        inputs: &[ia(&[MySql, MariaDb, Sqlite, BigQuery, Snowflake], "TIME", 1, &[]), ia(&[Snowflake], "TO_TIME", 1, &[]),
                  ia(&[DataFusion], "TO_TIME", 1, &[])],
        outputs: &[o(&[Sqlite], "TIME({0})"), no(SPARK, NO_TIME), o(ALL, "CAST({0} AS TIME)")],
    },
    FunctionDef {
        name: "time_to_sec", arity: (1, 1), unit_arg: false, kind: Kind::Scalar,
        note: "MySQL TIME_TO_SEC: seconds since midnight of the time of day of x (whole seconds; MySQL TIME values past 24 hours are not times of day)",
        inputs: &[ia(MYSQL, "TIME_TO_SEC", 1, &[])],
        outputs: &[o(MYSQL, "TIME_TO_SEC({0})"), sp(time_to_sec)],
    },
    FunctionDef {
        name: "epoch_seconds", arity: (1, 1), unit_arg: false, kind: Kind::Scalar,
        note: "seconds (with their fraction) from 1970-01-01 00:00:00 to a timestamp without time zone (DuckDB EPOCH, Trino TO_UNIXTIME)",
        inputs: &[ia(&[DuckDb], "EPOCH", 1, &[]), ia(&[Trino], "TO_UNIXTIME", 1, &[])],
        outputs: &[o(&[DuckDb], "EPOCH({0})"), o(&[Trino], "TO_UNIXTIME({0})"),
                   o(&[Snowflake], "(DATE_PART(EPOCH_MICROSECOND, {0}) / 1000000E0)"),
                   o(MYSQL, "(TIMESTAMPDIFF(MICROSECOND, '1970-01-01 00:00:00', {0}) / 1000000E0)"),
                   o(&[Sqlite], "((JULIANDAY({0}) - 2440587.5) * 86400E0)"),
                   sp(epoch_seconds)],
    },
    FunctionDef {
        name: "today", arity: (0, 0), unit_arg: false, kind: Kind::Scalar,
        note: "today's date (DuckDB TODAY()), as CURRENT_DATE",
        inputs: &[i(&[DuckDb], "TODAY")],
        outputs: &[sp(today)],
    },
    FunctionDef {
        name: "sec_to_time", arity: (1, 1), unit_arg: false, kind: Kind::Scalar,
        note: "MySQL SEC_TO_TIME(n): the time of day n seconds after midnight (MySQL's TIME goes on past 24 hours)",
        inputs: &[ia(MYSQL, "SEC_TO_TIME", 1, &[])],
        outputs: &[o(MYSQL, "SEC_TO_TIME({0})"),
                   ow(&[Postgres, DuckDb], "(TIME '00:00:00' + ({0}) * INTERVAL '1 second')", Dvt003, WRAP_DAY),
                   ow(&[Trino], "(TIME '00:00:00' + ({0}) * INTERVAL '1' SECOND)", Dvt003, WRAP_DAY),
                   ow(&[Sqlite], "TIME({0}, 'unixepoch')", Dvt003, WRAP_DAY),
                   ow(&[DataFusion], "CAST(TO_TIMESTAMP_SECONDS({0}) AS TIME)", Dvt003, WRAP_DAY),
                   ow(&[Snowflake], "TIMEADD(SECOND, {0}, TIME '00:00:00')", Dvt003, WRAP_DAY),
                   ow(&[BigQuery], "TIME_ADD(TIME '00:00:00', INTERVAL {0} SECOND)", Dvt003, WRAP_DAY),
                   ow(&[SqlServer], "DATEADD(SECOND, {0}, CAST('00:00:00' AS TIME))", Dvt003, WRAP_DAY),
                   ow(&[Redshift], "CAST(DATEADD(SECOND, {0}, TIMESTAMP '1970-01-01 00:00:00') AS TIME)", Dvt003, WRAP_DAY),
                   no(SPARK, NO_TIME)],
    },
    FunctionDef {
        name: "period_diff", arity: (2, 2), unit_arg: false, kind: Kind::Scalar,
        note: "MySQL PERIOD_DIFF(p1, p2): months from period p2 to period p1, periods written YYYYMM (two-digit years are MySQL's only)",
        inputs: &[ia(MYSQL, "PERIOD_DIFF", 2, &[])],
        outputs: &[o(MYSQL, "PERIOD_DIFF({0}, {1})"), os(&[SqlServer], Render::Special(period_diff_slash)), sp(period_diff)],
    },
    FunctionDef {
        name: "period_add", arity: (2, 2), unit_arg: false, kind: Kind::Scalar,
        note: "MySQL PERIOD_ADD(p, n): the period YYYYMM n months after p",
        inputs: &[ia(MYSQL, "PERIOD_ADD", 2, &[])],
        outputs: &[o(MYSQL, "PERIOD_ADD({0}, {1})"), os(&[SqlServer], Render::Special(period_add_slash)), sp(period_add)],
    },
    FunctionDef {
        name: "last_day_of", arity: (2, 2), unit_arg: true, kind: Kind::Scalar,
        note: "Snowflake LAST_DAY(x, part): the last day of x's year, quarter, month or week (weeks end on Sunday)",
        inputs: &[Input { from: &[Snowflake], name: "LAST_DAY", arity: Some(2), args: &[A1, A0],
                          warn: None }],
        outputs: &[os(&[Snowflake], Render::Special(last_day_of_native)),
                   os(&[Sqlite], Render::Special(last_day_of_modifier)), sp(last_day_of)],
    },
    FunctionDef {
        name: "time_slice", arity: (3, 3), unit_arg: true, kind: Kind::Scalar,
        note: "Snowflake TIME_SLICE(ts, n, part): the start of the n-part slice holding ts, slices counted from 1970-01-01 00:00:00",
        inputs: &[Input { from: &[Snowflake], name: "TIME_SLICE", arity: Some(3), args: &[A2, A0, A1], warn: None }],
        outputs: &[os(&[Snowflake], Render::Special(time_slice_native)),
                   os(&[Postgres, DataFusion], Render::Special(time_slice_bin)),
                   os(&[SqlServer], Render::Special(time_slice_tsql)), os(&[Sqlite], Render::Special(time_slice_text)),
                   sp(time_slice)],
    },
    FunctionDef {
        name: "utc_time", arity: (0, 0), unit_arg: false, kind: Kind::Scalar,
        note: "the current UTC time of day",
        inputs: &[i(MYSQL, "UTC_TIME")],
        outputs: &[o(MYSQL, "UTC_TIME()"), o(&[Sqlite], "TIME('now')"), o(&[BigQuery], "CURRENT_TIME('UTC')"),
                   no(SPARK, NO_TIME), sp(utc_time)],
    },
    FunctionDef {
        name: "local_time", arity: (0, 0), unit_arg: false, kind: Kind::Scalar,
        note: "the current time of day in the session time zone (time without time zone)",
        inputs: &[i(MYSQL, "CURTIME"), i(&[Snowflake], "LOCALTIME"), i(&[Snowflake], "CURRENT_TIME"),
                  i(&[Postgres, Trino], "LOCALTIME")],
        outputs: &[o(MYSQL, "CURTIME()"), o(&[Postgres, Trino], "LOCALTIME"), o(&[Snowflake], "LOCALTIME()"),
                   o(&[Sqlite], "TIME('now', 'localtime')"), o(&[SqlServer], "CAST(SYSDATETIME() AS TIME)"),
                   o(&[BigQuery], "CURRENT_TIME()"), o(&[Redshift], "CAST(GETDATE() AS TIME)"),
                   ow(&[DataFusion], "CURRENT_TIME()", Dvt003, "DataFusion's CURRENT_TIME is the UTC time"),
                   ow(&[DuckDb], "CAST(CURRENT_TIMESTAMP AS TIME)", Dvt003, "DuckDB converts its TIMESTAMP WITH TIME ZONE in the session time zone (ICU)"),
                   no(SPARK, NO_TIME)],
    },
    FunctionDef {
        name: "from_iso8601_date", arity: (1, 1), unit_arg: false, kind: Kind::Scalar,
        note: "Trino FROM_ISO8601_DATE: an ISO 8601 date string read as a date",
        inputs: &[iw(&[Trino], "FROM_ISO8601_DATE", 1, &[], "only calendar dates (YYYY-MM-DD) are read the same elsewhere; week and ordinal dates (2024-W09-4, 2024-060) are Trino's")],
        outputs: &[o(&[Trino], "FROM_ISO8601_DATE({0})"), sp(iso_date)],
    },
    FunctionDef {
        name: "date_cmp", arity: (2, 2), unit_arg: false, kind: Kind::Scalar,
        note: "Redshift DATE_CMP / TIMESTAMP_CMP: -1, 0 or 1 as a is before, at or after b; NULL when either is NULL",
        inputs: &[ia(&[Redshift], "DATE_CMP", 2, &[]), ia(&[Redshift], "TIMESTAMP_CMP", 2, &[])],
        outputs: &[o(&[Redshift], "DATE_CMP({0}, {1})"), sp(date_cmp)],
    },
    FunctionDef {
        name: "date_part_year", arity: (1, 1), unit_arg: false, kind: Kind::Scalar,
        note: "Redshift DATE_PART_YEAR: the year of a date",
        inputs: &[ia(&[Redshift], "DATE_PART_YEAR", 1, &[])],
        outputs: &[o(&[Redshift], "DATE_PART_YEAR({0})"), sp(year_of)],
    },
    FunctionDef {
        name: "timestamp_of", arity: (1, 1), unit_arg: false, kind: Kind::Scalar,
        note: "a value as a timestamp without time zone (SQLite DATETIME(x), MySQL TIMESTAMP(x), BigQuery DATETIME(x))",
        inputs: &[ia(&[Sqlite], "DATETIME", 1, &[]), ia(MYSQL, "TIMESTAMP", 1, &[]), ia(&[BigQuery], "DATETIME", 1, &[])],
        outputs: &[sp(timestamp_of)],
    },
    FunctionDef {
        name: "julianday", arity: (1, 1), unit_arg: false, kind: Kind::Scalar,
        note: "SQLite JULIANDAY: days (with a fraction) since noon UTC of 24 November 4714 BC (proleptic Gregorian)",
        inputs: &[ia(&[Sqlite], "JULIANDAY", 1, &[])],
        outputs: &[o(&[Sqlite], "JULIANDAY({0})"),
                   os(MYSQL, julianday_from!("TIMESTAMPDIFF(MICROSECOND, '1970-01-01 00:00:00', {0}) / 1000000E0")),
                   os(&[Snowflake], julianday_from!("DATE_PART(EPOCH_MILLISECOND, {0}) / 1000E0")),
                   os(SPARK, julianday_from!("UNIX_MICROS(CAST({0} AS TIMESTAMP)) / 1000000E0")),
                   sp(julianday)],
    },
    FunctionDef {
        name: "yearweek", arity: (2, 2), unit_arg: false, kind: Kind::Scalar,
        note: "YEARWEEK(x, mode = 0): year * 100 + week; mode 0/2 weeks from Sunday (week 1 holds the year's first Sunday), 1/3 ISO weeks",
        inputs: &[Input { from: MYSQL, name: "YEARWEEK", arity: None, args: &[A0, Src::AOr(1, "0")], warn: None },
                  ia(&[DuckDb], "YEARWEEK", 1, &[A0, Src::L("3")])],
        outputs: &[os(MYSQL, Render::Special(yearweek_native)), os(&[DuckDb], Render::Special(yearweek_iso)),
                   os(&[Sqlite], Render::Special(yearweek_thursday)), sp(yearweek)],
    },
    FunctionDef {
        name: "week_of_mode", arity: (2, 2), unit_arg: false, kind: Kind::Scalar,
        note: "MySQL WEEK(x, mode = 0): mode 0 weeks from Sunday numbered 0-53 (0 before the first Sunday), 2 the same numbered 1-53, 3 ISO",
        inputs: &[Input { from: MYSQL, name: "WEEK", arity: None, args: &[A0, Src::AOr(1, "0")], warn: None }],
        outputs: &[os(MYSQL, Render::Special(week_of_mode_native)), os(&[Sqlite], Render::Special(week_of_mode_thursday)),
                   sp(week_of_mode)],
    },
    FunctionDef {
        name: "isdate", arity: (1, 1), unit_arg: false, kind: Kind::Scalar,
        note: "SQL Server ISDATE(s): 1 when the text reads as a date or timestamp, else 0 (NULL too)",
        inputs: &[iw(&[SqlServer], "ISDATE", 1, &[], "SQL Server reads more formats (and its language settings) than ISO text")],
        outputs: &[o(&[SqlServer], "ISDATE({0})"), sp(isdate)],
    },
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn day_names_read_like_snowflake() {
        assert_eq!(iso_day("MO"), Some(1));
        assert_eq!(iso_day("sunday"), Some(7));
        assert_eq!(iso_day("Thu"), Some(4));
        assert_eq!(iso_day("x"), None);
        assert_eq!(DAYS[iso_day("Sun").unwrap() % 7], "Sunday");
    }
}
