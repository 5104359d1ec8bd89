//! Arrays, structs and maps; statistical, approximate and ordered-set aggregates.
//!
//! Array positions are 1-based in the canonical forms unless the name says otherwise
//! (`array_position0`, `array_slice0`: Snowflake's 0-based spellings). Targets without an array
//! type (MySQL, MariaDB, SQLite, SQL Server, Redshift) refuse the array functions with a hint.

use dvt_types::WarningCode::Dvt003;

use super::super::dialect::DbKind::{self, *};
use super::groups::{MYSQL, PG, SPARK};
use super::{ALL, input as i, input_args as ia, input_n as inn, out as o, out_warn as ow};
use super::{Call, Ctx, FunctionDef, Input, Kind, Src};
use super::{computed as sp, refuse as no};
use crate::error::TranslateError;

// --- row helpers ------------------------------------------------------------------------------

/// A spelling that warns when it is translated.
const fn iw(
    from: &'static [DbKind],
    name: &'static str,
    args: &'static [Src],
    msg: &'static str,
) -> Input {
    Input {
        from,
        name,
        arity: None,
        args,
        warn: Some((Dvt003, msg)),
    }
}

const NO_ARRAY_HINT: &str = "there is no array type; unnest the values into rows (a join or a JSON table) and work on the rows";
const NO_MAPS: &str = "there is no MAP type; use a JSON object or a key/value table";

const SEARCH_NULLS: &str = "a NULL element or a NULL search value may give NULL in one dialect and FALSE, a position or no match in another";
const DUCK_ARG_NULLS: &str =
    "DuckDB skips rows whose first argument is NULL; other dialects return that NULL";
const SET_ORDER: &str = "the order of the resulting elements may differ";

// --- small helpers ----------------------------------------------------------------------------

/// An integer literal.
fn int_lit(s: &str) -> Option<i64> {
    let t = s.trim();
    let t = t
        .strip_prefix('(')
        .and_then(|x| x.strip_suffix(')'))
        .unwrap_or(t)
        .trim();
    let t = t.replace(' ', "");
    t.parse().ok()
}

/// `e + n` written plainly (`e`, `e + 2`, `e - 1`).
fn plus(e: &str, n: i64) -> String {
    match n {
        0 => e.to_string(),
        n if n > 0 => format!("{e} + {n}"),
        n => format!("{e} - {}", -n),
    }
}

/// A string literal's text.
fn str_lit(s: &str) -> Option<String> {
    let t = s.trim();
    let inner = t.strip_prefix('\'')?.strip_suffix('\'')?;
    if inner.replace("''", "").contains('\'') {
        return None;
    }
    Some(inner.replace("''", "'"))
}

/// `1 - p` for a fraction, exactly when `p` is a decimal literal.
fn one_minus(p: &str) -> String {
    let t = p.trim();
    let (int, frac) = t.split_once('.').unwrap_or((t, ""));
    if !int.is_empty()
        && int.bytes().all(|b| b.is_ascii_digit())
        && frac.bytes().all(|b| b.is_ascii_digit())
    {
        let scale = frac.len() as u32;
        if scale <= 18
            && let (Ok(i), Ok(f)) = (
                int.parse::<i128>(),
                if frac.is_empty() {
                    Ok(0)
                } else {
                    frac.parse::<i128>()
                },
            )
        {
            let den = 10i128.pow(scale);
            let v = den - (i * den + f);
            if v >= 0 {
                return if scale == 0 {
                    v.to_string()
                } else {
                    format!("{}.{:0w$}", v / den, v % den, w = scale as usize)
                };
            }
        }
    }
    format!("(1 - {t})")
}

/// The sorted expression of an ordered-set aggregate — its WITHIN GROUP key, or else canonical
/// argument `at` (the function forms) — and whether it is sorted descending.
fn sort_key(c: &Call, at: usize) -> Option<(String, bool)> {
    if let Some(o) = c.order_by.last() {
        let mut s = o.trim();
        for suf in [" NULLS FIRST", " NULLS LAST"] {
            if let Some(x) = s.strip_suffix(suf) {
                s = x;
            }
        }
        if let Some(x) = s.strip_suffix(" DESC") {
            return Some((x.to_string(), true));
        }
        return Some((s.strip_suffix(" ASC").unwrap_or(s).to_string(), false));
    }
    c.args.get(at).map(|a| (a.clone(), false))
}

fn no_key(ctx: &Ctx<'_>, c: &Call) -> TranslateError {
    ctx.unsupported(
        &c.written.to_ascii_uppercase(),
        "give the sorted value: WITHIN GROUP (ORDER BY x)",
    )
}

// --- ordered-set and approximate aggregates ----------------------------------------------------

/// Row functions that call `helper(argument, c, ctx)`: one per target spelling.
macro_rules! with_arg {
    ($($f:ident = $helper:ident($arg:expr);)*) => {
        $(fn $f(c: &Call, ctx: &mut Ctx<'_>) -> Result<String, TranslateError> {
            $helper($arg, c, ctx)
        })*
    };
}

/// `template` with `{0}`, `{1}`, … replaced by these texts as they are (pieces of SQL computed
/// here, unlike [`super::fill`]'s arguments).
fn fill_args(template: &str, args: Vec<String>) -> String {
    let mut out = String::with_capacity(template.len() + 32);
    let mut rest = template;
    while let Some(start) = rest.find('{') {
        out.push_str(&rest[..start]);
        let after = &rest[start + 1..];
        match after
            .find('}')
            .and_then(|end| Some((end, after[..end].parse::<usize>().ok()?)))
            .and_then(|(end, i)| Some((end, args.get(i)?)))
        {
            Some((end, arg)) => {
                out.push_str(arg);
                rest = &after[end + 1..];
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

const PCT_ANALYTIC: &str = "BigQuery's PERCENTILE_CONT/PERCENTILE_DISC are analytic only: PERCENTILE_CONT(x, p) OVER (PARTITION BY …), or APPROX_QUANTILES";
const PCT_WINDOW: &str = "it is a window function there: PERCENTILE_CONT(p) WITHIN GROUP (ORDER BY x) OVER (PARTITION BY …) with SELECT DISTINCT";
const PCT_NONE: &str = "compute the percentile in the source database, or rank the rows with ROW_NUMBER() and COUNT(*) OVER in a subquery";

/// PERCENTILE_CONT / PERCENTILE_DISC (`name`) as an ordered-set aggregate: canonical `(p[, x])`,
/// x from WITHIN GROUP when absent.
fn percentile_within(name: &str, c: &Call, ctx: &mut Ctx<'_>) -> Result<String, TranslateError> {
    let p = &c.args[0];
    let (x, desc) = sort_key(c, 1).ok_or_else(|| no_key(ctx, c))?;
    Ok(format!(
        "{name}({p}) WITHIN GROUP (ORDER BY {x}{})",
        if desc { " DESC" } else { "" }
    ))
}

with_arg! {
    percentile_cont = percentile_within("PERCENTILE_CONT");
    percentile_disc = percentile_within("PERCENTILE_DISC");
}

/// An exact percentile where only APPROX_PERCENTILE(x, p) exists (with a warning).
fn percentile_approx(c: &Call, ctx: &mut Ctx<'_>) -> Result<String, TranslateError> {
    let (x, p_asc) = approx_args(c, ctx)?;
    ctx.warn(
        Dvt003,
        format!(
            "{}: Trino has no exact percentile; APPROX_PERCENTILE is an approximation",
            c.written.to_ascii_uppercase()
        ),
    );
    Ok(format!("APPROX_PERCENTILE({x}, {p_asc})"))
}

/// The sorted value and the fraction (counted ascending) of APPROX_PERCENTILE: canonical
/// `(p[, x])`, x from WITHIN GROUP (DataFusion) when absent.
fn approx_args(c: &Call, ctx: &mut Ctx<'_>) -> Result<(String, String), TranslateError> {
    let p = &c.args[0];
    let (x, desc) = sort_key(c, 1).ok_or_else(|| no_key(ctx, c))?;
    Ok((x, if desc { one_minus(p) } else { p.clone() }))
}

/// APPROX_PERCENTILE as `template` over `{0}` the value and `{1}` the fraction.
fn approx_percentile_as(
    template: &str,
    c: &Call,
    ctx: &mut Ctx<'_>,
) -> Result<String, TranslateError> {
    let (x, p) = approx_args(c, ctx)?;
    Ok(fill_args(template, vec![x, p]))
}

with_arg! {
    approx_percentile_plain = approx_percentile_as("APPROX_PERCENTILE({0}, {1})");
    approx_percentile_quantile = approx_percentile_as("APPROX_QUANTILE({0}, {1})");
    approx_percentile_within = approx_percentile_as("APPROX_PERCENTILE_CONT({1}) WITHIN GROUP (ORDER BY {0})");
}

/// APPROX_PERCENTILE computed exactly with PERCENTILE_CONT.
fn approx_percentile_exact(c: &Call, ctx: &mut Ctx<'_>) -> Result<String, TranslateError> {
    let out = approx_percentile_as("PERCENTILE_CONT({1}) WITHIN GROUP (ORDER BY {0})", c, ctx)?;
    if ctx.from != ctx.to {
        ctx.warn(
            Dvt003,
            format!(
                "{}: computed exactly with PERCENTILE_CONT (slower; the approximation may differ)",
                c.written.to_ascii_uppercase()
            ),
        );
    }
    Ok(out)
}

/// APPROX_PERCENTILE as Redshift's APPROXIMATE PERCENTILE_DISC.
fn approx_percentile_disc(c: &Call, ctx: &mut Ctx<'_>) -> Result<String, TranslateError> {
    let out = approx_percentile_as(
        "APPROXIMATE PERCENTILE_DISC({1}) WITHIN GROUP (ORDER BY {0})",
        c,
        ctx,
    )?;
    ctx.warn(
        Dvt003,
        format!(
            "{}: Redshift's APPROXIMATE PERCENTILE_DISC returns a value of the group, not an interpolation",
            c.written.to_ascii_uppercase()
        ),
    );
    Ok(out)
}

/// APPROX_PERCENTILE as an element of APPROX_QUANTILES(x, 100), for a literal fraction.
fn approx_percentile_quantiles(c: &Call, ctx: &mut Ctx<'_>) -> Result<String, TranslateError> {
    let (x, p) = approx_args(c, ctx)?;
    let w = c.written.to_ascii_uppercase();
    match p.trim().parse::<f64>() {
        Ok(f) if (0.0..=1.0).contains(&f) => {
            ctx.warn(
                Dvt003,
                format!(
                    "{w}: BigQuery's APPROX_QUANTILES(x, 100) gives percentiles in steps of 1%"
                ),
            );
            Ok(format!(
                "APPROX_QUANTILES({x}, 100)[OFFSET({})]",
                (f * 100.0).round() as i64
            ))
        }
        _ => Err(ctx.unsupported(
            &w,
            "BigQuery needs a literal fraction: APPROX_QUANTILES(x, 100)[OFFSET(n)]",
        )),
    }
}

/// APPROX_PERCENTILE (its rows are also APPROX_MEDIAN's).
const APPROX_PERCENTILE: FunctionDef = FunctionDef {
    name: "approx_percentile",
    arity: (1, 2),
    unit_arg: false,
    kind: Kind::Aggregate,
    note: "an approximate percentile (x, p); DataFusion writes APPROX_PERCENTILE_CONT(p) WITHIN GROUP (ORDER BY x)",
    inputs: &[
        inn(
            &[Snowflake, Spark, Databricks, Trino],
            "APPROX_PERCENTILE",
            2,
            &[Src::A(1), Src::A(0)],
        ),
        inn(SPARK, "PERCENTILE_APPROX", 2, &[Src::A(1), Src::A(0)]),
        inn(&[DuckDb], "APPROX_QUANTILE", 2, &[Src::A(1), Src::A(0)]),
        inn(&[DataFusion], "APPROX_PERCENTILE_CONT", 1, &[Src::A(0)]),
    ],
    outputs: &[
        sp(
            &[Snowflake, Spark, Databricks, Trino],
            approx_percentile_plain,
        ),
        sp(&[DuckDb], approx_percentile_quantile),
        sp(&[DataFusion], approx_percentile_within),
        sp(&[Postgres], approx_percentile_exact),
        sp(&[Redshift], approx_percentile_disc),
        sp(&[BigQuery], approx_percentile_quantiles),
        no(ALL, "compute the percentile in the source database"),
    ],
};

/// BigQuery APPROX_QUANTILES(x, n) as `template` over `{0}` x, `{1}` n and `{2}` the n + 1
/// fractions `0, 1/n, …, 1` of the quantile boundaries (values of the group).
fn approx_quantiles_as(
    template: &str,
    c: &Call,
    ctx: &mut Ctx<'_>,
) -> Result<String, TranslateError> {
    let (x, n) = (&c.args[0], &c.args[1]);
    let w = c.written.to_ascii_uppercase();
    let Some(n) = int_lit(n).filter(|n| (1..=1000).contains(n)) else {
        return Err(ctx.unsupported(
            &format!("{w} with a computed number of quantiles"),
            "write the number as a literal",
        ));
    };
    let fractions: Vec<String> = (0..=n)
        .map(|k| match k {
            0 => "0".to_string(),
            k if k == n => "1".to_string(),
            k => format!("{}", k as f64 / n as f64),
        })
        .collect();
    Ok(fill_args(
        template,
        vec![x.clone(), n.to_string(), fractions.join(", ")],
    ))
}

with_arg! {
    approx_quantiles_same = approx_quantiles_as("APPROX_QUANTILES({0}, {1})");
    approx_quantiles_percentile_approx = approx_quantiles_as("PERCENTILE_APPROX({0}, ARRAY({2}))");
    approx_quantiles_approx_percentile = approx_quantiles_as("APPROX_PERCENTILE({0}, ARRAY[{2}])");
    approx_quantiles_quantile = approx_quantiles_as("APPROX_QUANTILE({0}, [{2}])");
}

/// APPROX_QUANTILES computed exactly with PERCENTILE_DISC.
fn approx_quantiles_exact(c: &Call, ctx: &mut Ctx<'_>) -> Result<String, TranslateError> {
    let out = approx_quantiles_as(
        "PERCENTILE_DISC(ARRAY[{2}]) WITHIN GROUP (ORDER BY {0})",
        c,
        ctx,
    )?;
    if ctx.from != ctx.to {
        ctx.warn(
            Dvt003,
            format!(
                "{}: computed exactly with PERCENTILE_DISC (slower; the approximation may differ)",
                c.written.to_ascii_uppercase()
            ),
        );
    }
    Ok(out)
}

/// MODE's value, from WITHIN GROUP when absent, and whether it is sorted descending; warns when
/// PostgreSQL's tie-breaking is lost.
fn mode_key(c: &Call, ctx: &mut Ctx<'_>) -> Result<(String, bool), TranslateError> {
    let key = sort_key(c, 0).ok_or_else(|| no_key(ctx, c))?;
    if PG.contains(&ctx.from) && !PG.contains(&ctx.to) {
        ctx.warn(Dvt003, "MODE: PostgreSQL returns the first of equally frequent values in the sort order; other dialects return any of them");
    }
    Ok(key)
}

/// MODE() WITHIN GROUP (ORDER BY x).
fn mode_within(c: &Call, ctx: &mut Ctx<'_>) -> Result<String, TranslateError> {
    let (x, desc) = mode_key(c, ctx)?;
    Ok(format!(
        "MODE() WITHIN GROUP (ORDER BY {x}{})",
        if desc { " DESC" } else { "" }
    ))
}

/// MODE(x).
fn mode_of(c: &Call, ctx: &mut Ctx<'_>) -> Result<String, TranslateError> {
    let (x, _) = mode_key(c, ctx)?;
    Ok(format!("MODE({x})"))
}

// --- statistics: correlation, covariance, regression ------------------------------------------

#[derive(Clone, Copy)]
enum Stat {
    Corr,
    CovarPop,
    CovarSamp,
    Slope,
    Intercept,
    R2,
    Count,
    AvgX,
    AvgY,
    Sxx,
    Syy,
    Sxy,
}

/// A statistic of the pairs `(y, x)` where both are non-NULL, from sums (in floating point).
fn stat_sql(stat: Stat, c: &Call) -> String {
    let (y, x) = (&c.args[0], &c.args[1]);
    let when = |cond: &str, e: String| format!("CASE WHEN {cond} IS NOT NULL THEN {e} END");
    let n = format!("COUNT(CASE WHEN {y} IS NOT NULL AND {x} IS NOT NULL THEN 1 END)");
    let sx = format!("SUM({})", when(y, format!("1e0 * {x}")));
    let sy = format!("SUM({})", when(x, format!("1e0 * {y}")));
    let sxx = format!("SUM({})", when(y, format!("1e0 * {x} * {x}")));
    let syy = format!("SUM({})", when(x, format!("1e0 * {y} * {y}")));
    let sxy = format!("SUM(1e0 * {x} * {y})");
    let dx = format!("({n} * {sxx} - {sx} * {sx})");
    let dy = format!("({n} * {syy} - {sy} * {sy})");
    let dxy = format!("({n} * {sxy} - {sx} * {sy})");
    let n0 = format!("NULLIF({n}, 0)");
    match stat {
        Stat::Corr => {
            format!("CASE WHEN {dx} <= 0 OR {dy} <= 0 THEN NULL ELSE {dxy} / SQRT({dx} * {dy}) END")
        }
        Stat::CovarPop => format!("(({sxy} - {sx} * {sy} / {n0}) / {n0})"),
        Stat::CovarSamp => format!("(({sxy} - {sx} * {sy} / {n0}) / NULLIF({n} - 1, 0))"),
        Stat::Slope => format!("({dxy} / NULLIF({dx}, 0))"),
        Stat::Intercept => format!("(({sy} * {sxx} - {sx} * {sxy}) / NULLIF({dx}, 0))"),
        Stat::R2 => format!(
            "CASE WHEN {dx} = 0 THEN NULL WHEN {dy} = 0 THEN 1 ELSE {dxy} * {dxy} / ({dx} * {dy}) END"
        ),
        Stat::Count => n,
        Stat::AvgX => format!("AVG({})", when(y, format!("1e0 * {x}"))),
        Stat::AvgY => format!("AVG({})", when(x, format!("1e0 * {y}"))),
        Stat::Sxx => format!("({sxx} - {sx} * {sx} / {n0})"),
        Stat::Syy => format!("({syy} - {sy} * {sy} / {n0})"),
        Stat::Sxy => format!("({sxy} - {sx} * {sy} / {n0})"),
    }
}

macro_rules! stat_fn {
    ($($f:ident => $s:ident),* $(,)?) => {
        $(fn $f(c: &Call, _ctx: &mut Ctx<'_>) -> Result<String, TranslateError> {
            Ok(stat_sql(Stat::$s, c))
        })*
    };
}

stat_fn!(corr_sums => Corr, covar_pop_sums => CovarPop, covar_samp_sums => CovarSamp,
    slope_sums => Slope, intercept_sums => Intercept, r2_sums => R2, count_sums => Count,
    avgx_sums => AvgX, avgy_sums => AvgY, sxx_sums => Sxx, syy_sums => Syy, sxy_sums => Sxy);

const STAT_NOTE: &str = "over the rows where both y and x are non-NULL; computed from sums in floating point where the target lacks it";
// DataFusion's REGR_R2 is NULL (not 1) when y is constant: it is computed from sums there.

/// Population excess kurtosis (`kurt`) or skewness of the non-NULL values, from power sums.
fn moment_sql(kurt: bool, c: &Call) -> String {
    let x = &c.args[0];
    let n = format!("NULLIF(COUNT({x}), 0)");
    let s = |k: usize| format!("SUM(1e0{})", format!(" * {x}").repeat(k));
    let mean = format!("({} / {n})", s(1));
    let m2 = format!("({} / {n} - {mean} * {mean})", s(2));
    if kurt {
        let m4 = format!(
            "({} / {n} - 4 * {mean} * {} / {n} + 6 * {mean} * {mean} * {} / {n} - 3 * {mean} * {mean} * {mean} * {mean})",
            s(4),
            s(3),
            s(2)
        );
        format!("CASE WHEN {m2} = 0 THEN NULL ELSE {m4} / ({m2} * {m2}) - 3 END")
    } else {
        let m3 = format!(
            "({} / {n} - 3 * {mean} * {} / {n} + 2 * {mean} * {mean} * {mean})",
            s(3),
            s(2)
        );
        format!("CASE WHEN {m2} = 0 THEN NULL ELSE {m3} / POWER({m2}, 1.5) END")
    }
}

fn kurtosis_sums(c: &Call, _ctx: &mut Ctx<'_>) -> Result<String, TranslateError> {
    Ok(moment_sql(true, c))
}

fn skewness_sums(c: &Call, _ctx: &mut Ctx<'_>) -> Result<String, TranslateError> {
    Ok(moment_sql(false, c))
}

// --- arrays -----------------------------------------------------------------------------------

/// A 1-based position as a positive integer literal.
fn pos_lit(s: &str) -> Option<i64> {
    int_lit(s).filter(|n| *n > 0)
}

fn slice_refused(ctx: &Ctx<'_>, c: &Call) -> TranslateError {
    ctx.unsupported(
        &format!("{} with a start that is not a positive integer literal", c.written.to_ascii_uppercase()),
        "dialects count negative and computed positions differently; write the positions as literals",
    )
}

const SLICE_HINT_UNNEST: &str =
    "select the elements with UNNEST(a) WITH OFFSET in an ARRAY(SELECT …)";

/// Elements `b..=e` (1-based, `b` >= 1) of an array, as `template` over `{0}` the array, `{1}`
/// b, `{2}` e, `{3}` the number of elements and `{4}` b counted from 0.
fn slice_1based(template: &str, arr: &str, b: i64, e: &str) -> String {
    let len = match int_lit(e) {
        Some(e) => (e - b + 1).max(0).to_string(),
        None => format!("GREATEST({e} - {b} + 1, 0)"),
    };
    fill_args(
        template,
        vec![
            arr.to_string(),
            b.to_string(),
            e.to_string(),
            len,
            (b - 1).to_string(),
        ],
    )
}

/// The templates of [`slice_1based`].
const SLICE_SUBSCRIPT: &str = "({0})[{1}:{2}]";
const SLICE_INCLUSIVE: &str = "ARRAY_SLICE({0}, {1}, {2})";
const SLICE_LENGTH: &str = "SLICE({0}, {1}, {3})";
const SLICE_FROM_0: &str = "ARRAY_SLICE({0}, {4}, {2})";

/// Spark/Trino SLICE(a, start, length) as `template` (see [`slice_1based`]).
fn slice_as(template: &str, c: &Call, ctx: &mut Ctx<'_>) -> Result<String, TranslateError> {
    let (a, s, l) = (&c.args[0], &c.args[1], &c.args[2]);
    let b = pos_lit(s).ok_or_else(|| slice_refused(ctx, c))?;
    let e = match int_lit(l) {
        Some(n) if n >= 0 => (b + n - 1).to_string(),
        Some(_) => return Err(slice_refused(ctx, c)),
        None => format!("{b} + {l} - 1"),
    };
    Ok(slice_1based(template, a, b, &e))
}

/// Snowflake ARRAY_SLICE(a, from, to) (0-based, `to` excluded) as `template` (see
/// [`slice_1based`]).
fn array_slice0_as(template: &str, c: &Call, ctx: &mut Ctx<'_>) -> Result<String, TranslateError> {
    let (a, f, t) = (&c.args[0], &c.args[1], &c.args[2]);
    let (Some(f), Some(t)) = (
        int_lit(f).filter(|n| *n >= 0),
        int_lit(t).filter(|n| *n >= 0),
    ) else {
        return Err(slice_refused(ctx, c));
    };
    if t <= f {
        // Empty: keep the array's type.
        return Ok(slice_1based(template, a, 1, "0"));
    }
    Ok(slice_1based(template, a, f + 1, &t.to_string()))
}

/// DuckDB/DataFusion ARRAY_SLICE(a, begin, end) (1-based, both included) as `template` (see
/// [`slice_1based`]).
fn list_slice_as(template: &str, c: &Call, ctx: &mut Ctx<'_>) -> Result<String, TranslateError> {
    let (a, b, e) = (&c.args[0], &c.args[1], &c.args[2]);
    let (Some(b), Some(_)) = (pos_lit(b), int_lit(e).filter(|n| *n >= 0)) else {
        return Err(slice_refused(ctx, c));
    };
    Ok(slice_1based(template, a, b, e))
}

/// DuckDB/DataFusion ARRAY_SLICE into its own dialect as written; into the other through
/// [`list_slice_as`].
fn list_slice_same(c: &Call, ctx: &mut Ctx<'_>) -> Result<String, TranslateError> {
    if ctx.to == ctx.from {
        let (a, b, e) = (&c.args[0], &c.args[1], &c.args[2]);
        return Ok(format!("ARRAY_SLICE({a}, {b}, {e})"));
    }
    list_slice_as(SLICE_INCLUSIVE, c, ctx)
}

with_arg! {
    slice_subscript = slice_as(SLICE_SUBSCRIPT);
    slice_inclusive = slice_as(SLICE_INCLUSIVE);
    slice_from_0 = slice_as(SLICE_FROM_0);
    array_slice0_subscript = array_slice0_as(SLICE_SUBSCRIPT);
    array_slice0_inclusive = array_slice0_as(SLICE_INCLUSIVE);
    array_slice0_length = array_slice0_as(SLICE_LENGTH);
    list_slice_subscript = list_slice_as(SLICE_SUBSCRIPT);
    list_slice_length = list_slice_as(SLICE_LENGTH);
    list_slice_from_0 = list_slice_as(SLICE_FROM_0);
}

/// ELEMENT_AT's index, in parentheses when it is an expression.
fn element_index(c: &Call) -> String {
    let k = &c.args[1];
    if k.contains(' ') {
        format!("({k})")
    } else {
        k.clone()
    }
}

/// ELEMENT_AT(a, i) (1-based, negative from the end, NULL out of bounds) as `name(a, i)`.
fn element_at_as(name: &str, c: &Call, _ctx: &mut Ctx<'_>) -> Result<String, TranslateError> {
    Ok(format!("{name}({}, {})", c.args[0], element_index(c)))
}

/// ELEMENT_AT(a, i) where positions count from `base` without negatives: `template` over `{0}`
/// the array and `{1}` the index, the array's length being `len` (a template over `{0}`).
fn element_at_counted(template: &str, len: &str, base: i64, c: &Call) -> String {
    let a = &c.args[0];
    let k = element_index(c);
    let len = fill_args(len, vec![a.clone()]);
    let index = match int_lit(&c.args[1]) {
        Some(n) if n > 0 => (n - 1 + base).to_string(),
        Some(n) => plus(&len, n + base),
        None => {
            format!("CASE WHEN {k} < 0 THEN {len} + {k} + {base} ELSE {k} - 1 + {base} END")
        }
    };
    fill_args(template, vec![a.clone(), index])
}

with_arg! {
    element_at_try = element_at_as("TRY_ELEMENT_AT");
    element_at_plain = element_at_as("ELEMENT_AT");
    element_at_list_extract = element_at_as("LIST_EXTRACT");
    element_at_array_element = element_at_as("ARRAY_ELEMENT");
}

fn element_at_subscript(c: &Call, _ctx: &mut Ctx<'_>) -> Result<String, TranslateError> {
    Ok(element_at_counted("({0})[{1}]", "CARDINALITY({0})", 1, c))
}

fn element_at_get(c: &Call, _ctx: &mut Ctx<'_>) -> Result<String, TranslateError> {
    Ok(element_at_counted("GET({0}, {1})", "ARRAY_SIZE({0})", 0, c))
}

fn element_at_safe_offset(c: &Call, _ctx: &mut Ctx<'_>) -> Result<String, TranslateError> {
    Ok(element_at_counted(
        "{0}[SAFE_OFFSET({1})]",
        "ARRAY_LENGTH({0})",
        0,
        c,
    ))
}

const NO_SERIES_HINT: &str =
    "there is no array type; generate the rows with a recursive CTE or a numbers table";

/// GENERATE_ARRAY(a, b, step).
fn series_generate_array(a: &str, b: &str, step: &str) -> String {
    format!("GENERATE_ARRAY({a}, {b}, {step})")
}

/// GENERATE_SERIES(a, b, step).
fn series_generate_series(a: &str, b: &str, step: &str) -> String {
    format!("GENERATE_SERIES({a}, {b}, {step})")
}

/// An array of GENERATE_SERIES rows; NULL bounds give NULL (not an empty array), and a literal
/// or a computed default step is never NULL.
fn series_subquery(a: &str, b: &str, step: &str) -> String {
    let nulls: Vec<String> = [a, b, step]
        .iter()
        .filter(|x| int_lit(x).is_none() && !x.starts_with("CASE "))
        .map(|x| format!("{x} IS NULL"))
        .collect();
    let body = format!("ARRAY(SELECT GENERATE_SERIES({a}, {b}, {step}))");
    if nulls.is_empty() {
        body
    } else {
        format!("CASE WHEN {} THEN NULL ELSE {body} END", nulls.join(" OR "))
    }
}

/// ARRAY_GENERATE_RANGE, whose end is excluded.
fn series_generate_range(a: &str, b: &str, step: &str) -> String {
    match (int_lit(b), int_lit(step)) {
        (Some(y), Some(s)) if s != 0 => {
            format!("ARRAY_GENERATE_RANGE({a}, {}, {step})", y + s.signum())
        }
        (_, Some(s)) if s != 0 => {
            format!("ARRAY_GENERATE_RANGE({a}, {}, {step})", plus(b, s.signum()))
        }
        _ => format!("ARRAY_GENERATE_RANGE({a}, {b} + SIGN({step}), {step})"),
    }
}

/// SEQUENCE(a, b, step), which fails when the step points away from `b`: `empty` then.
fn series_sequence(empty: &str, a: &str, b: &str, step: &str) -> String {
    match (int_lit(a), int_lit(b), int_lit(step)) {
        (Some(x), Some(y), Some(s)) if (s > 0 && x > y) || (s < 0 && x < y) => empty.to_string(),
        (Some(_), Some(_), Some(_)) => format!("SEQUENCE({a}, {b}, {step})"),
        (_, _, Some(s)) if s > 0 => {
            format!("CASE WHEN {a} > {b} THEN {empty} ELSE SEQUENCE({a}, {b}, {step}) END")
        }
        (_, _, Some(s)) if s < 0 => {
            format!("CASE WHEN {a} < {b} THEN {empty} ELSE SEQUENCE({a}, {b}, {step}) END")
        }
        _ => format!(
            "CASE WHEN ({step} > 0 AND {a} > {b}) OR ({step} < 0 AND {a} < {b}) THEN {empty} ELSE SEQUENCE({a}, {b}, {step}) END"
        ),
    }
}

/// SEQUENCE with `ARRAY()` as the empty array.
fn series_sequence_call(a: &str, b: &str, step: &str) -> String {
    series_sequence("ARRAY()", a, b, step)
}

/// SEQUENCE with `ARRAY[]` as the empty array.
fn series_sequence_bracket(a: &str, b: &str, step: &str) -> String {
    series_sequence("ARRAY[]", a, b, step)
}

/// Spark/Trino SEQUENCE(a, b[, step]) as a series `a..=b` by step: the step defaults to 1 or -1
/// towards `b`.
fn sequence_bounds(c: &Call) -> [String; 3] {
    let (a, b) = (&c.args[0], &c.args[1]);
    let step = match (c.args.get(2), int_lit(a), int_lit(b)) {
        (Some(s), _, _) => s.clone(),
        (None, Some(x), Some(y)) => if x <= y { "1" } else { "-1" }.to_string(),
        (None, _, _) => format!("CASE WHEN {a} <= {b} THEN 1 ELSE -1 END"),
    };
    [a.clone(), b.clone(), step]
}

/// BigQuery GENERATE_ARRAY, DuckDB/DataFusion GENERATE_SERIES (a, b, step): `b` included.
fn generate_array_bounds(c: &Call) -> [String; 3] {
    [c.args[0].clone(), c.args[1].clone(), c.args[2].clone()]
}

/// Snowflake ARRAY_GENERATE_RANGE, DuckDB/DataFusion RANGE (a, b, step) as a series `a..=last`:
/// `b` excluded.
fn range_bounds(c: &Call) -> [String; 3] {
    let (a, b, step) = (&c.args[0], &c.args[1], &c.args[2]);
    let last = match (int_lit(b), int_lit(step)) {
        (Some(y), Some(s)) if s != 0 => (y - s.signum()).to_string(),
        (_, Some(s)) if s != 0 => plus(b, -s.signum()),
        _ => format!("{b} - SIGN({step})"),
    };
    [a.clone(), last, step.clone()]
}

/// Row functions that write the series `bounds(c)` with `form`.
macro_rules! series_fns {
    ($($f:ident = $form:ident($bounds:ident);)*) => {
        $(fn $f(c: &Call, _ctx: &mut Ctx<'_>) -> Result<String, TranslateError> {
            let [a, b, step] = $bounds(c);
            Ok($form(&a, &b, &step))
        })*
    };
}

series_fns! {
    sequence_generate_array = series_generate_array(sequence_bounds);
    sequence_generate_series = series_generate_series(sequence_bounds);
    sequence_subquery = series_subquery(sequence_bounds);
    sequence_generate_range = series_generate_range(sequence_bounds);
    generate_array_subquery = series_subquery(generate_array_bounds);
    generate_array_generate_range = series_generate_range(generate_array_bounds);
    generate_array_sequence_call = series_sequence_call(generate_array_bounds);
    generate_array_sequence_bracket = series_sequence_bracket(generate_array_bounds);
    range_generate_array = series_generate_array(range_bounds);
    range_subquery = series_subquery(range_bounds);
    range_sequence_call = series_sequence_call(range_bounds);
    range_sequence_bracket = series_sequence_bracket(range_bounds);
}

/// SPLIT(s, sep) as STRING_TO_ARRAY, with `empty` (an array of `''`) for an empty string.
fn split_to_array(empty: &str, c: &Call, _ctx: &mut Ctx<'_>) -> Result<String, TranslateError> {
    let (s, sep) = (&c.args[0], &c.args[1]);
    Ok(if str_lit(sep).is_some() {
        format!("CASE WHEN {s} = '' THEN {empty} ELSE STRING_TO_ARRAY({s}, {sep}) END")
    } else {
        format!(
            "CASE WHEN {sep} IS NULL THEN NULL WHEN {s} = '' THEN {empty} ELSE STRING_TO_ARRAY({s}, {sep}) END"
        )
    })
}

with_arg! {
    split_to_array_kw = split_to_array("ARRAY['']");
    split_to_array_bracket = split_to_array("['']");
}

/// SPLIT(s, sep) where SPLIT takes a regular expression: a literal separator is escaped.
fn split_on_regex(c: &Call, ctx: &mut Ctx<'_>) -> Result<String, TranslateError> {
    let (s, sep) = (&c.args[0], &c.args[1]);
    let Some(text) = str_lit(sep) else {
        return Err(ctx.unsupported(
            "SPLIT with a computed separator",
            "Spark's SPLIT takes a regular expression; write the separator as a literal",
        ));
    };
    const META: &str = "\\^$.|?*+()[]{}";
    let pattern = if !text.chars().any(|ch| META.contains(ch)) {
        text
    } else if text.chars().count() == 1 && !"\\^]".contains(text.as_str()) {
        format!("[{text}]")
    } else {
        return Err(ctx.unsupported(
            "SPLIT with this separator",
            "Spark's SPLIT takes a regular expression; escape the separator's special characters",
        ));
    };
    Ok(format!("SPLIT({s}, '{}')", pattern.replace('\'', "\\'")))
}

/// SPLIT (its rows are also SPLIT_REGEX's for a pattern that is one literal text).
const SPLIT: FunctionDef = FunctionDef {
    name: "split",
    arity: (2, 2),
    unit_arg: false,
    kind: Kind::Scalar,
    note: "a string split on a literal separator into an array; an empty string gives ['']",
    inputs: &[
        i(&[Snowflake, Trino], "SPLIT"),
        ia(&[BigQuery], "SPLIT", &[Src::A(0), Src::AOr(1, "','")]),
        i(&[DuckDb], "STRING_SPLIT"),
        i(&[DuckDb], "STR_SPLIT"),
        i(&[DuckDb], "STRING_TO_ARRAY"),
        Input {
            from: &[Postgres, DataFusion],
            name: "STRING_TO_ARRAY",
            arity: Some(2),
            args: &[],
            warn: Some((
                Dvt003,
                "PostgreSQL gives an empty array for an empty string, and splits into characters on a NULL separator",
            )),
        },
    ],
    outputs: &[
        o(&[Snowflake, BigQuery, Trino], "SPLIT({0}, {1})"),
        o(&[DuckDb], "STRING_SPLIT({0}, {1})"),
        sp(&[Postgres], split_to_array_kw),
        sp(&[DataFusion], split_to_array_bracket),
        sp(SPARK, split_on_regex),
        no(ALL, NO_ARRAY_HINT),
    ],
};

/// A regular expression that matches one literal text: `,`, `[.]`, `\\|` — the text.
fn literal_pattern(p: &str) -> Option<String> {
    const META: &str = "\\^$.|?*+()[]{}";
    let t = str_lit(p)?;
    if !t.is_empty() && !t.chars().any(|ch| META.contains(ch)) {
        return Some(t);
    }
    let inner = t.strip_prefix('[')?.strip_suffix(']')?;
    let mut chars = inner.chars();
    match (chars.next(), chars.next()) {
        (Some(ch), None) if !"\\^]".contains(ch) => Some(ch.to_string()),
        _ => None,
    }
}

/// Spark SPLIT(s, regex) into a dialect whose SPLIT takes a regular expression too.
fn split_regex_same(c: &Call, ctx: &mut Ctx<'_>) -> Result<String, TranslateError> {
    let (s, p) = (&c.args[0], &c.args[1]);
    if literal_pattern(p).is_none() && !SPARK.contains(&ctx.from) {
        ctx.warn(
            Dvt003,
            format!(
                "{}: regular-expression syntax differs between dialects",
                c.written.to_ascii_uppercase()
            ),
        );
    }
    Ok(format!("SPLIT({s}, {p})"))
}

/// A pattern that is one literal text splits like SPLIT.
fn split_regex_literal(c: &Call, ctx: &mut Ctx<'_>) -> Option<Result<String, TranslateError>> {
    let text = literal_pattern(&c.args[1])?;
    let lit = super::format::sql_string(&text, ctx.to);
    let c2 = Call {
        args: vec![c.args[0].clone(), lit],
        ..c.clone()
    };
    Some(super::render_call(&SPLIT, &c2, ctx))
}

/// Split on a regular expression with `name(s, p)` (SPLIT for a literal text).
fn split_regex_as(name: &str, c: &Call, ctx: &mut Ctx<'_>) -> Result<String, TranslateError> {
    if let Some(out) = split_regex_literal(c, ctx) {
        return out;
    }
    if ctx.from != ctx.to {
        ctx.warn(
            Dvt003,
            format!(
                "{}: regular-expression syntax differs between dialects",
                c.written.to_ascii_uppercase()
            ),
        );
    }
    Ok(format!("{name}({}, {})", c.args[0], c.args[1]))
}

with_arg! {
    split_regex_to_array = split_regex_as("REGEXP_SPLIT_TO_ARRAY");
    split_regex_split = split_regex_as("REGEXP_SPLIT");
}

/// Split on a literal text with SPLIT; a regular expression is refused.
fn split_regex_literal_only(c: &Call, ctx: &mut Ctx<'_>) -> Result<String, TranslateError> {
    if let Some(out) = split_regex_literal(c, ctx) {
        return out;
    }
    Err(ctx.unsupported(
        &format!("{} on a regular expression", c.written.to_ascii_uppercase()),
        "split on a literal separator (SPLIT / STRING_TO_ARRAY), or replace the pattern with REGEXP_REPLACE first",
    ))
}

/// DataFusion APPROX_MEDIAN(x): the approximate 0.5 percentile.
fn approx_median(c: &Call, ctx: &mut Ctx<'_>) -> Result<String, TranslateError> {
    let c2 = Call {
        args: vec!["0.5".into(), c.args[0].clone()],
        ..c.clone()
    };
    super::render_call(&APPROX_PERCENTILE, &c2, ctx)
}

/// ARRAY_REPEAT(x, n) in PostgreSQL: ARRAY_FILL, which needs a typed element.
fn array_fill_pg(c: &Call, _ctx: &mut Ctx<'_>) -> Result<String, TranslateError> {
    let (x, n) = (&c.args[0], &c.args[1]);
    let x = if str_lit(x).is_some() {
        format!("CAST({x} AS TEXT)")
    } else {
        x.clone()
    };
    Ok(match int_lit(n) {
        Some(k) => format!("ARRAY_FILL({x}, ARRAY[{}])", k.max(0)),
        None => format!(
            "CASE WHEN {n} IS NULL THEN NULL ELSE ARRAY_FILL({x}, ARRAY[GREATEST({n}, 0)]) END"
        ),
    })
}

/// PostgreSQL ARRAY_LENGTH(a, 1) (NULL for an empty array) as `template` over `{0}` the array.
fn array_length_dim_as(
    template: &str,
    c: &Call,
    ctx: &mut Ctx<'_>,
) -> Result<String, TranslateError> {
    if int_lit(&c.args[1]) != Some(1) {
        return Err(ctx.unsupported(
            "ARRAY_LENGTH of a dimension other than 1",
            "arrays have one dimension there",
        ));
    }
    Ok(fill_args(template, vec![c.args[0].clone()]))
}

with_arg! {
    array_length_dim_same = array_length_dim_as("ARRAY_LENGTH({0}, 1)");
    array_length_dim_len = array_length_dim_as("NULLIF(LEN({0}), 0)");
    array_length_dim_cardinality = array_length_dim_as("NULLIF(CARDINALITY({0}), 0)");
    array_length_dim_size = array_length_dim_as("NULLIF(ARRAY_SIZE({0}), 0)");
    array_length_dim_length = array_length_dim_as("NULLIF(ARRAY_LENGTH({0}), 0)");
}

/// NAMED_STRUCT('a', x, 'b', y, …)'s fields: (name, value).
fn struct_fields(c: &Call, ctx: &Ctx<'_>) -> Result<Vec<(String, String)>, TranslateError> {
    if !c.args.len().is_multiple_of(2) {
        return Err(ctx.unsupported(
            "NAMED_STRUCT with an odd number of arguments",
            "give name/value pairs",
        ));
    }
    let mut fields = Vec::new();
    for pair in c.args.chunks(2) {
        let Some(n) = str_lit(&pair[0]) else {
            return Err(ctx.unsupported(
                "NAMED_STRUCT with a computed field name",
                "write the field names as string literals",
            ));
        };
        fields.push((n, pair[1].clone()));
    }
    Ok(fields)
}

/// A field name quoted with `q`.
fn quoted(n: &str, q: char) -> String {
    format!("{q}{}{q}", n.replace(q, &format!("{q}{q}")))
}

/// NAMED_STRUCT as written.
fn named_struct_same(c: &Call, ctx: &mut Ctx<'_>) -> Result<String, TranslateError> {
    struct_fields(c, ctx)?;
    Ok(format!("NAMED_STRUCT({})", c.args.join(", ")))
}

/// STRUCT_PACK("a" := x, …).
fn named_struct_pack(c: &Call, ctx: &mut Ctx<'_>) -> Result<String, TranslateError> {
    let f: Vec<String> = struct_fields(c, ctx)?
        .iter()
        .map(|(n, v)| format!("{} := {v}", quoted(n, '"')))
        .collect();
    Ok(format!("STRUCT_PACK({})", f.join(", ")))
}

/// STRUCT(x AS `a`, …).
fn named_struct_as(c: &Call, ctx: &mut Ctx<'_>) -> Result<String, TranslateError> {
    let f: Vec<String> = struct_fields(c, ctx)?
        .iter()
        .map(|(n, v)| format!("{v} AS {}", quoted(n, '`')))
        .collect();
    Ok(format!("STRUCT({})", f.join(", ")))
}

/// OBJECT_CONSTRUCT_KEEP_NULL('a', x, …).
fn named_struct_object(c: &Call, ctx: &mut Ctx<'_>) -> Result<String, TranslateError> {
    struct_fields(c, ctx)?;
    ctx.warn(
        Dvt003,
        "NAMED_STRUCT: Snowflake builds an OBJECT whose values are VARIANTs",
    );
    Ok(format!("OBJECT_CONSTRUCT_KEEP_NULL({})", c.args.join(", ")))
}

/// Spark MAP(k1, v1, k2, v2, …)'s keys and values, each joined with `, `.
fn map_pairs(c: &Call, ctx: &Ctx<'_>) -> Result<(String, String), TranslateError> {
    if !c.args.len().is_multiple_of(2) || c.args.is_empty() {
        return Err(ctx.unsupported(
            "MAP with an odd number of arguments",
            "give key/value pairs",
        ));
    }
    let keys: Vec<&str> = c.args.iter().step_by(2).map(String::as_str).collect();
    let vals: Vec<&str> = c
        .args
        .iter()
        .skip(1)
        .step_by(2)
        .map(String::as_str)
        .collect();
    Ok((keys.join(", "), vals.join(", ")))
}

/// Spark MAP(k1, v1, …) as written.
fn map_from_pairs_same(c: &Call, ctx: &mut Ctx<'_>) -> Result<String, TranslateError> {
    map_pairs(c, ctx)?;
    Ok(format!("MAP({})", c.args.join(", ")))
}

/// Spark MAP(k1, v1, …) as `template` over `{0}` the keys and `{1}` the values.
fn map_from_pairs_as(
    template: &str,
    c: &Call,
    ctx: &mut Ctx<'_>,
) -> Result<String, TranslateError> {
    let (k, v) = map_pairs(c, ctx)?;
    Ok(fill_args(template, vec![k, v]))
}

with_arg! {
    map_from_pairs_list = map_from_pairs_as("MAP([{0}], [{1}])");
    map_from_pairs_array = map_from_pairs_as("MAP(ARRAY[{0}], ARRAY[{1}])");
}

/// The function rows of this group.
#[rustfmt::skip]
pub static FUNCTIONS: &[FunctionDef] = &[
    // --- ordered-set and approximate aggregates ---
    FunctionDef {
        name: "median", arity: (1, 1), unit_arg: false, kind: Kind::Aggregate,
        note: "the continuous median (the mean of the two middle values of an even count), NULLs ignored",
        inputs: &[i(&[Snowflake, Redshift, DuckDb, Spark, Databricks, DataFusion], "MEDIAN")],
        outputs: &[o(&[Snowflake, Redshift, DuckDb, Spark, Databricks], "MEDIAN({0})"),
                   o(&[Postgres, DataFusion], "PERCENTILE_CONT(0.5) WITHIN GROUP (ORDER BY {0})"),
                   ow(&[Trino], "APPROX_PERCENTILE({0}, 0.5)", Dvt003, "Trino has no exact median; APPROX_PERCENTILE is an approximation"),
                   no(&[BigQuery], "BigQuery's PERCENTILE_CONT(x, 0.5) is analytic only (OVER (PARTITION BY …)); or APPROX_QUANTILES(x, 2)[OFFSET(1)]"),
                   no(ALL, "compute the median in the source database, or rank the rows with ROW_NUMBER() and COUNT(*) OVER in a subquery")],
    },
    FunctionDef {
        name: "percentile_cont", arity: (1, 2), unit_arg: false, kind: Kind::Aggregate,
        note: "PERCENTILE_CONT(p) WITHIN GROUP (ORDER BY x): interpolated percentile; function forms are (x, p)",
        inputs: &[i(&[Postgres, Redshift, Snowflake, DuckDb, Spark, Databricks, DataFusion], "PERCENTILE_CONT"),
                  inn(&[DuckDb, DataFusion], "QUANTILE_CONT", 2, &[Src::A(1), Src::A(0)]),
                  inn(SPARK, "PERCENTILE", 2, &[Src::A(1), Src::A(0)])],
        outputs: &[sp(&[Postgres, Redshift, Snowflake, DuckDb, Spark, Databricks, DataFusion], percentile_cont),
                   sp(&[Trino], percentile_approx),
                   no(&[BigQuery], PCT_ANALYTIC), no(&[SqlServer, MariaDb], PCT_WINDOW), no(ALL, PCT_NONE)],
    },
    FunctionDef {
        name: "percentile_disc", arity: (1, 2), unit_arg: false, kind: Kind::Aggregate,
        note: "PERCENTILE_DISC(p) WITHIN GROUP (ORDER BY x): the first value whose cumulative distribution reaches p; function forms are (x, p)",
        inputs: &[i(&[Postgres, Redshift, Snowflake, DuckDb, Spark, Databricks], "PERCENTILE_DISC"),
                  inn(&[DuckDb], "QUANTILE_DISC", 2, &[Src::A(1), Src::A(0)]),
                  inn(&[DuckDb], "QUANTILE", 2, &[Src::A(1), Src::A(0)])],
        outputs: &[sp(&[Postgres, Redshift, Snowflake, DuckDb, Spark, Databricks], percentile_disc),
                   sp(&[Trino], percentile_approx),
                   no(&[BigQuery], PCT_ANALYTIC), no(&[SqlServer, MariaDb], PCT_WINDOW), no(ALL, PCT_NONE)],
    },
    APPROX_PERCENTILE,
    FunctionDef {
        name: "approx_quantiles", arity: (2, 2), unit_arg: false, kind: Kind::Aggregate,
        note: "BigQuery APPROX_QUANTILES(x, n): an array of the n + 1 quantile boundaries (min … max)",
        inputs: &[i(&[BigQuery], "APPROX_QUANTILES")],
        outputs: &[sp(&[BigQuery], approx_quantiles_same), sp(SPARK, approx_quantiles_percentile_approx),
                   sp(&[Trino], approx_quantiles_approx_percentile), sp(&[DuckDb], approx_quantiles_quantile),
                   sp(&[Postgres], approx_quantiles_exact),
                   no(ALL, "compute each percentile with its own APPROX_PERCENTILE / PERCENTILE_DISC")],
    },
    FunctionDef {
        name: "approx_median", arity: (1, 1), unit_arg: false, kind: Kind::Aggregate,
        note: "DataFusion APPROX_MEDIAN(x): the approximate 0.5 percentile",
        inputs: &[i(&[DataFusion], "APPROX_MEDIAN")],
        outputs: &[sp(ALL, approx_median)],
    },
    FunctionDef {
        name: "mode", arity: (0, 1), unit_arg: false, kind: Kind::Aggregate,
        note: "the most frequent non-NULL value; PostgreSQL: MODE() WITHIN GROUP (ORDER BY x)",
        inputs: &[inn(&[Postgres], "MODE", 0, &[]),
                  inn(&[Snowflake, DuckDb, Spark, Databricks], "MODE", 1, &[Src::A(0)])],
        outputs: &[sp(&[Postgres], mode_within), sp(&[Snowflake, DuckDb, Spark, Databricks], mode_of),
                   no(ALL, "count the values with GROUP BY and keep the most frequent one with ROW_NUMBER() in a subquery")],
    },
    FunctionDef {
        name: "any_value", arity: (1, 1), unit_arg: false, kind: Kind::Aggregate,
        note: "some value of the group (non-deterministic); MIN is one where the target lacks it",
        inputs: &[i(&[Snowflake, BigQuery, DuckDb, Spark, Databricks, Redshift, MySql, Trino, DataFusion, Postgres], "ANY_VALUE"),
                  i(&[Trino], "ARBITRARY")],
        outputs: &[o(&[Trino], "ARBITRARY({0})"),
                   o(&[Postgres, MariaDb, Sqlite, SqlServer], "MIN({0})"),
                   o(ALL, "ANY_VALUE({0})")],
    },
    FunctionDef {
        name: "hll", arity: (1, 1), unit_arg: false, kind: Kind::Aggregate,
        note: "Snowflake HLL: approximate number of distinct values (like APPROX_COUNT_DISTINCT)",
        inputs: &[i(&[Snowflake], "HLL")],
        outputs: &[o(&[Trino, DataFusion], "APPROX_DISTINCT({0})"),
                   o(&[Redshift], "APPROXIMATE COUNT(DISTINCT {0})"),
                   ow(&[Postgres, MySql, MariaDb, Sqlite], "COUNT(DISTINCT {0})", Dvt003, "computed exactly with COUNT(DISTINCT …): slower, and may differ from the approximation"),
                   o(ALL, "APPROX_COUNT_DISTINCT({0})")],
    },
    // --- correlation, covariance, regression: (y, x) ---
    FunctionDef {
        name: "corr", arity: (2, 2), unit_arg: false, kind: Kind::Aggregate, note: STAT_NOTE,
        inputs: &[i(ALL, "CORR")],
        // Spark's CORR divides by zero (an error in ANSI mode) for a constant y or x.
        outputs: &[sp(SPARK, corr_sums), o(&[Postgres, Snowflake, DuckDb, DataFusion], "CORR({0}, {1})"), o(&[BigQuery, Trino], "CORR({0}, {1})"),
                   no(&[Sqlite], "SQLite has no SQRT (unless built with its math functions); REGR_R2 is the square of the correlation"),
                   sp(ALL, corr_sums)],
    },
    FunctionDef {
        name: "covar_pop", arity: (2, 2), unit_arg: false, kind: Kind::Aggregate, note: STAT_NOTE,
        inputs: &[i(ALL, "COVAR_POP")],
        outputs: &[o(&[Postgres, Snowflake, DuckDb, DataFusion, Spark, Databricks], "COVAR_POP({0}, {1})"), o(&[BigQuery, Trino], "COVAR_POP({0}, {1})"), sp(ALL, covar_pop_sums)],
    },
    FunctionDef {
        name: "covar_samp", arity: (2, 2), unit_arg: false, kind: Kind::Aggregate, note: STAT_NOTE,
        inputs: &[i(ALL, "COVAR_SAMP"), i(&[DataFusion], "COVAR")],
        outputs: &[o(&[Postgres, Snowflake, DuckDb, DataFusion, Spark, Databricks], "COVAR_SAMP({0}, {1})"), o(&[BigQuery, Trino], "COVAR_SAMP({0}, {1})"), sp(ALL, covar_samp_sums)],
    },
    FunctionDef {
        name: "regr_slope", arity: (2, 2), unit_arg: false, kind: Kind::Aggregate, note: STAT_NOTE,
        inputs: &[i(ALL, "REGR_SLOPE")],
        outputs: &[o(&[Postgres, Snowflake, DuckDb, DataFusion, Spark, Databricks], "REGR_SLOPE({0}, {1})"), o(&[Trino], "REGR_SLOPE({0}, {1})"), sp(ALL, slope_sums)],
    },
    FunctionDef {
        name: "regr_intercept", arity: (2, 2), unit_arg: false, kind: Kind::Aggregate, note: STAT_NOTE,
        inputs: &[i(ALL, "REGR_INTERCEPT")],
        outputs: &[o(&[Postgres, Snowflake, DuckDb, DataFusion, Spark, Databricks], "REGR_INTERCEPT({0}, {1})"), o(&[Trino], "REGR_INTERCEPT({0}, {1})"), sp(ALL, intercept_sums)],
    },
    FunctionDef {
        name: "regr_r2", arity: (2, 2), unit_arg: false, kind: Kind::Aggregate, note: STAT_NOTE,
        inputs: &[i(ALL, "REGR_R2")],
        outputs: &[o(&[Postgres, Snowflake, DuckDb, Spark, Databricks], "REGR_R2({0}, {1})"), sp(ALL, r2_sums)],
    },
    FunctionDef {
        name: "regr_count", arity: (2, 2), unit_arg: false, kind: Kind::Aggregate, note: STAT_NOTE,
        inputs: &[i(ALL, "REGR_COUNT")],
        outputs: &[o(&[Postgres, Snowflake, DuckDb, DataFusion, Spark, Databricks], "REGR_COUNT({0}, {1})"), sp(ALL, count_sums)],
    },
    FunctionDef {
        name: "regr_avgx", arity: (2, 2), unit_arg: false, kind: Kind::Aggregate, note: STAT_NOTE,
        inputs: &[i(ALL, "REGR_AVGX")],
        outputs: &[o(&[Postgres, Snowflake, DuckDb, DataFusion, Spark, Databricks], "REGR_AVGX({0}, {1})"), sp(ALL, avgx_sums)],
    },
    FunctionDef {
        name: "regr_avgy", arity: (2, 2), unit_arg: false, kind: Kind::Aggregate, note: STAT_NOTE,
        inputs: &[i(ALL, "REGR_AVGY")],
        outputs: &[o(&[Postgres, Snowflake, DuckDb, DataFusion, Spark, Databricks], "REGR_AVGY({0}, {1})"), sp(ALL, avgy_sums)],
    },
    FunctionDef {
        name: "regr_sxx", arity: (2, 2), unit_arg: false, kind: Kind::Aggregate, note: STAT_NOTE,
        inputs: &[i(ALL, "REGR_SXX")],
        outputs: &[o(&[Postgres, Snowflake, DuckDb, DataFusion, Spark, Databricks], "REGR_SXX({0}, {1})"), sp(ALL, sxx_sums)],
    },
    FunctionDef {
        name: "regr_syy", arity: (2, 2), unit_arg: false, kind: Kind::Aggregate, note: STAT_NOTE,
        inputs: &[i(ALL, "REGR_SYY")],
        outputs: &[o(&[Postgres, Snowflake, DuckDb, DataFusion, Spark, Databricks], "REGR_SYY({0}, {1})"), sp(ALL, syy_sums)],
    },
    FunctionDef {
        name: "regr_sxy", arity: (2, 2), unit_arg: false, kind: Kind::Aggregate, note: STAT_NOTE,
        inputs: &[i(ALL, "REGR_SXY")],
        outputs: &[o(&[Postgres, Snowflake, DuckDb, DataFusion, Spark, Databricks], "REGR_SXY({0}, {1})"), sp(ALL, sxy_sums)],
    },
    FunctionDef {
        name: "kurtosis_pop", arity: (1, 1), unit_arg: false, kind: Kind::Aggregate,
        note: "population excess kurtosis m4/m2^2 - 3 of the non-NULL values (Spark KURTOSIS); NULL when they are all equal",
        inputs: &[i(SPARK, "KURTOSIS"), i(&[DuckDb], "KURTOSIS_POP")],
        outputs: &[o(SPARK, "KURTOSIS({0})"), sp(ALL, kurtosis_sums)],
    },
    FunctionDef {
        name: "skewness_pop", arity: (1, 1), unit_arg: false, kind: Kind::Aggregate,
        note: "population skewness m3/m2^1.5 of the non-NULL values (Spark SKEWNESS); NULL when they are all equal",
        inputs: &[i(SPARK, "SKEWNESS")],
        outputs: &[o(SPARK, "SKEWNESS({0})"),
                   no(&[Sqlite], "SQLite has no POWER (unless built with its math functions)"),
                   sp(ALL, skewness_sums)],
    },
    // --- bitwise aggregates ---
    FunctionDef {
        name: "bit_and_agg", arity: (1, 1), unit_arg: false, kind: Kind::Aggregate,
        note: "bitwise AND of the non-NULL values; NULL for a group without any",
        inputs: &[i(&[Postgres, Redshift, BigQuery, Spark, Databricks, DuckDb, DataFusion], "BIT_AND"),
                  iw(MYSQL, "BIT_AND", &[], "MySQL/MariaDB give 18446744073709551615 (not NULL) for a group without values, and unsigned results"),
                  i(&[Snowflake], "BITAND_AGG"), i(&[Snowflake], "BIT_AND_AGG"), i(&[Trino], "BITWISE_AND_AGG")],
        outputs: &[o(&[Snowflake], "BITAND_AGG({0})"), o(&[Trino], "BITWISE_AND_AGG({0})"),
                   o(MYSQL, "CASE WHEN COUNT({0}) = 0 THEN NULL ELSE CAST(BIT_AND({0}) AS SIGNED) END"),
                   no(&[Sqlite, SqlServer], "there is no bitwise aggregate; combine the bits with SUM/MIN over CASE per bit"),
                   o(ALL, "BIT_AND({0})")],
    },
    FunctionDef {
        name: "bit_or_agg", arity: (1, 1), unit_arg: false, kind: Kind::Aggregate,
        note: "bitwise OR of the non-NULL values; NULL for a group without any",
        inputs: &[i(&[Postgres, Redshift, BigQuery, Spark, Databricks, DuckDb, DataFusion], "BIT_OR"),
                  iw(MYSQL, "BIT_OR", &[], "MySQL/MariaDB give 0 (not NULL) for a group without values, and unsigned results"),
                  i(&[Snowflake], "BITOR_AGG"), i(&[Snowflake], "BIT_OR_AGG"), i(&[Trino], "BITWISE_OR_AGG")],
        outputs: &[o(&[Snowflake], "BITOR_AGG({0})"), o(&[Trino], "BITWISE_OR_AGG({0})"),
                   o(MYSQL, "CASE WHEN COUNT({0}) = 0 THEN NULL ELSE CAST(BIT_OR({0}) AS SIGNED) END"),
                   no(&[Sqlite, SqlServer], "there is no bitwise aggregate; combine the bits with MAX over CASE per bit"),
                   o(ALL, "BIT_OR({0})")],
    },
    FunctionDef {
        name: "bit_xor_agg", arity: (1, 1), unit_arg: false, kind: Kind::Aggregate,
        note: "bitwise XOR of the non-NULL values; NULL for a group without any",
        inputs: &[i(&[Postgres, BigQuery, Spark, Databricks, DuckDb, DataFusion], "BIT_XOR"),
                  iw(MYSQL, "BIT_XOR", &[], "MySQL/MariaDB give 0 (not NULL) for a group without values, and unsigned results"),
                  i(&[Snowflake], "BITXOR_AGG"), i(&[Snowflake], "BIT_XOR_AGG"), i(&[Trino], "BITWISE_XOR_AGG")],
        outputs: &[o(&[Snowflake], "BITXOR_AGG({0})"), o(&[Trino], "BITWISE_XOR_AGG({0})"),
                   o(MYSQL, "CASE WHEN COUNT({0}) = 0 THEN NULL ELSE CAST(BIT_XOR({0}) AS SIGNED) END"),
                   no(&[Sqlite, SqlServer, Redshift], "there is no bitwise XOR aggregate; combine the bits with SUM(…) % 2 over CASE per bit"),
                   o(ALL, "BIT_XOR({0})")],
    },
    // --- value at the extreme of another ---
    FunctionDef {
        name: "min_by", arity: (2, 2), unit_arg: false, kind: Kind::Aggregate,
        note: "x of a row with the smallest non-NULL y (any of them on ties)",
        inputs: &[i(&[Snowflake, Spark, Databricks, Trino, BigQuery], "MIN_BY"),
                  iw(&[DuckDb], "MIN_BY", &[], DUCK_ARG_NULLS), iw(&[DuckDb], "ARG_MIN", &[], DUCK_ARG_NULLS),
                  iw(&[DuckDb], "ARGMIN", &[], DUCK_ARG_NULLS)],
        outputs: &[o(&[Snowflake, Spark, Databricks, Trino, BigQuery], "MIN_BY({0}, {1})"),
                   ow(&[DuckDb], "ARG_MIN({0}, {1})", Dvt003, DUCK_ARG_NULLS),
                   o(&[Postgres], "(ARRAY_AGG({0} ORDER BY {1}) FILTER (WHERE {1} IS NOT NULL))[1]"),
                   o(&[DataFusion], "FIRST_VALUE({0} ORDER BY {1}) FILTER (WHERE {1} IS NOT NULL)"),
                   no(ALL, "keep the row with ROW_NUMBER() OVER (PARTITION BY … ORDER BY y) = 1 in a subquery")],
    },
    FunctionDef {
        name: "max_by", arity: (2, 2), unit_arg: false, kind: Kind::Aggregate,
        note: "x of a row with the largest non-NULL y (any of them on ties)",
        inputs: &[i(&[Snowflake, Spark, Databricks, Trino, BigQuery], "MAX_BY"),
                  iw(&[DuckDb], "MAX_BY", &[], DUCK_ARG_NULLS), iw(&[DuckDb], "ARG_MAX", &[], DUCK_ARG_NULLS),
                  iw(&[DuckDb], "ARGMAX", &[], DUCK_ARG_NULLS)],
        outputs: &[o(&[Snowflake, Spark, Databricks, Trino, BigQuery], "MAX_BY({0}, {1})"),
                   ow(&[DuckDb], "ARG_MAX({0}, {1})", Dvt003, DUCK_ARG_NULLS),
                   o(&[Postgres], "(ARRAY_AGG({0} ORDER BY {1} DESC) FILTER (WHERE {1} IS NOT NULL))[1]"),
                   o(&[DataFusion], "FIRST_VALUE({0} ORDER BY {1} DESC) FILTER (WHERE {1} IS NOT NULL)"),
                   no(ALL, "keep the row with ROW_NUMBER() OVER (PARTITION BY … ORDER BY y DESC) = 1 in a subquery")],
    },
    // --- arrays: search ---
    FunctionDef {
        name: "array_contains", arity: (2, 2), unit_arg: false, kind: Kind::Scalar,
        note: "whether array a has element v (a, v)",
        inputs: &[i(&[Spark, Databricks, DuckDb, DataFusion], "ARRAY_CONTAINS"),
                  inn(&[Snowflake], "ARRAY_CONTAINS", 2, &[Src::A(1), Src::A(0)]),
                  i(&[DuckDb, DataFusion], "LIST_CONTAINS"), i(&[DuckDb, DataFusion], "LIST_HAS"),
                  i(&[DataFusion, DuckDb], "ARRAY_HAS"), i(&[Trino], "CONTAINS")],
        outputs: &[ow(SPARK, "ARRAY_CONTAINS({0}, {1})", Dvt003, SEARCH_NULLS),
                   ow(&[Snowflake], "ARRAY_CONTAINS(TO_VARIANT({1}), {0})", Dvt003, SEARCH_NULLS),
                   ow(&[DuckDb], "LIST_CONTAINS({0}, {1})", Dvt003, SEARCH_NULLS),
                   ow(&[DataFusion], "ARRAY_HAS({0}, {1})", Dvt003, SEARCH_NULLS),
                   ow(&[Trino], "CONTAINS({0}, {1})", Dvt003, SEARCH_NULLS),
                   ow(&[Postgres], "({1} = ANY({0}))", Dvt003, SEARCH_NULLS),
                   ow(&[BigQuery], "({1} IN UNNEST({0}))", Dvt003, SEARCH_NULLS),
                   no(ALL, NO_ARRAY_HINT)],
    },
    FunctionDef {
        name: "array_position", arity: (2, 2), unit_arg: false, kind: Kind::Scalar,
        note: "1-based position of the first v in a, NULL when absent (a, v)",
        inputs: &[inn(&[Postgres, DuckDb, DataFusion], "ARRAY_POSITION", 2, &[Src::A(0), Src::A(1)]),
                  i(&[DuckDb, DataFusion], "LIST_POSITION"), i(&[DuckDb, DataFusion], "ARRAY_INDEXOF"),
                  i(&[DuckDb, DataFusion], "LIST_INDEXOF")],
        outputs: &[ow(&[Postgres, DuckDb, DataFusion], "ARRAY_POSITION({0}, {1})", Dvt003, SEARCH_NULLS),
                   ow(&[Spark, Databricks, Trino], "NULLIF(ARRAY_POSITION({0}, {1}), 0)", Dvt003, SEARCH_NULLS),
                   ow(&[Snowflake], "(ARRAY_POSITION(TO_VARIANT({1}), {0}) + 1)", Dvt003, SEARCH_NULLS),
                   ow(&[BigQuery], "(SELECT MIN(o) + 1 FROM UNNEST({0}) AS e WITH OFFSET AS o WHERE e = {1})", Dvt003, SEARCH_NULLS),
                   no(ALL, NO_ARRAY_HINT)],
    },
    FunctionDef {
        name: "array_position_or_zero", arity: (2, 2), unit_arg: false, kind: Kind::Scalar,
        note: "Spark/Trino ARRAY_POSITION: 1-based, 0 when absent, NULL when a or v is NULL",
        inputs: &[i(&[Spark, Databricks, Trino], "ARRAY_POSITION")],
        outputs: &[o(&[Spark, Databricks, Trino], "ARRAY_POSITION({0}, {1})"),
                   o(&[Postgres, DuckDb, DataFusion], "CASE WHEN {0} IS NULL OR {1} IS NULL THEN NULL ELSE COALESCE(ARRAY_POSITION({0}, {1}), 0) END"),
                   o(&[Snowflake], "CASE WHEN {0} IS NULL OR {1} IS NULL THEN NULL ELSE COALESCE(ARRAY_POSITION(TO_VARIANT({1}), {0}) + 1, 0) END"),
                   o(&[BigQuery], "CASE WHEN {0} IS NULL OR {1} IS NULL THEN NULL ELSE COALESCE((SELECT MIN(o) + 1 FROM UNNEST({0}) AS e WITH OFFSET AS o WHERE e = {1}), 0) END"),
                   no(ALL, NO_ARRAY_HINT)],
    },
    FunctionDef {
        name: "array_position0", arity: (2, 2), unit_arg: false, kind: Kind::Scalar,
        note: "Snowflake ARRAY_POSITION(v, a): 0-based position, NULL when absent (canonical order a, v)",
        inputs: &[inn(&[Snowflake], "ARRAY_POSITION", 2, &[Src::A(1), Src::A(0)])],
        outputs: &[o(&[Snowflake], "ARRAY_POSITION({1}, {0})"),
                   ow(&[Postgres, DuckDb, DataFusion], "(ARRAY_POSITION({0}, {1}) - 1)", Dvt003, SEARCH_NULLS),
                   ow(&[Spark, Databricks, Trino], "(NULLIF(ARRAY_POSITION({0}, {1}), 0) - 1)", Dvt003, SEARCH_NULLS),
                   ow(&[BigQuery], "(SELECT MIN(o) FROM UNNEST({0}) AS e WITH OFFSET AS o WHERE e = {1})", Dvt003, SEARCH_NULLS),
                   no(ALL, NO_ARRAY_HINT)],
    },
    FunctionDef {
        name: "arrays_overlap", arity: (2, 2), unit_arg: false, kind: Kind::Scalar,
        note: "whether two arrays have a common element",
        inputs: &[i(&[Spark, Databricks, Snowflake, Trino, DataFusion], "ARRAYS_OVERLAP"),
                  i(&[DuckDb, DataFusion], "LIST_HAS_ANY"), i(&[DuckDb, DataFusion], "ARRAY_HAS_ANY")],
        outputs: &[ow(&[Spark, Databricks, Snowflake, Trino], "ARRAYS_OVERLAP({0}, {1})", Dvt003, SEARCH_NULLS),
                   ow(&[DuckDb], "LIST_HAS_ANY({0}, {1})", Dvt003, SEARCH_NULLS),
                   ow(&[DataFusion], "ARRAY_HAS_ANY({0}, {1})", Dvt003, SEARCH_NULLS),
                   ow(&[Postgres], "({0} && {1})", Dvt003, SEARCH_NULLS),
                   ow(&[BigQuery], "EXISTS(SELECT 1 FROM UNNEST({0}) AS e WHERE e IN UNNEST({1}))", Dvt003, SEARCH_NULLS),
                   no(ALL, NO_ARRAY_HINT)],
    },
    // --- arrays: elements and slices ---
    FunctionDef {
        name: "element_at", arity: (2, 2), unit_arg: false, kind: Kind::Scalar,
        note: "element i of array a: 1-based, negative counts from the end, NULL out of bounds",
        inputs: &[iw(SPARK, "ELEMENT_AT", &[], "assumes an array: on a MAP, ELEMENT_AT looks up a key"),
                  i(SPARK, "TRY_ELEMENT_AT"),
                  iw(&[Trino], "ELEMENT_AT", &[], "assumes an array: on a MAP, ELEMENT_AT looks up a key"),
                  i(&[DuckDb, DataFusion], "LIST_EXTRACT"), i(&[DuckDb, DataFusion], "LIST_ELEMENT"),
                  i(&[DataFusion], "ARRAY_ELEMENT"), i(&[DataFusion], "ARRAY_EXTRACT")],
        outputs: &[sp(SPARK, element_at_try), sp(&[Trino], element_at_plain), sp(&[DuckDb], element_at_list_extract),
                   sp(&[DataFusion], element_at_array_element), sp(&[Postgres], element_at_subscript),
                   sp(&[Snowflake], element_at_get), sp(&[BigQuery], element_at_safe_offset), no(ALL, NO_ARRAY_HINT)],
    },
    FunctionDef {
        name: "slice", arity: (3, 3), unit_arg: false, kind: Kind::Scalar,
        note: "Spark/Trino SLICE(a, start, length): start 1-based (negative from the end)",
        inputs: &[i(&[Spark, Databricks, Trino], "SLICE")],
        outputs: &[o(&[Spark, Databricks, Trino], "SLICE({0}, {1}, {2})"), sp(&[Postgres], slice_subscript),
                   sp(&[DuckDb, DataFusion], slice_inclusive), sp(&[Snowflake], slice_from_0),
                   no(&[BigQuery], SLICE_HINT_UNNEST), no(ALL, NO_ARRAY_HINT)],
    },
    FunctionDef {
        name: "array_slice0", arity: (3, 3), unit_arg: false, kind: Kind::Scalar,
        note: "Snowflake ARRAY_SLICE(a, from, to): 0-based, `to` excluded",
        inputs: &[i(&[Snowflake], "ARRAY_SLICE")],
        outputs: &[o(&[Snowflake], "ARRAY_SLICE({0}, {1}, {2})"), sp(&[Postgres], array_slice0_subscript),
                   sp(&[DuckDb, DataFusion], array_slice0_inclusive), sp(&[Spark, Databricks, Trino], array_slice0_length),
                   no(&[BigQuery], SLICE_HINT_UNNEST), no(ALL, NO_ARRAY_HINT)],
    },
    FunctionDef {
        name: "list_slice", arity: (3, 3), unit_arg: false, kind: Kind::Scalar,
        note: "DuckDB/DataFusion ARRAY_SLICE(a, begin, end): 1-based, both included",
        inputs: &[i(&[DuckDb, DataFusion], "ARRAY_SLICE"), i(&[DuckDb, DataFusion], "LIST_SLICE")],
        outputs: &[sp(&[DuckDb, DataFusion], list_slice_same), sp(&[Postgres], list_slice_subscript),
                   sp(&[Spark, Databricks, Trino], list_slice_length), sp(&[Snowflake], list_slice_from_0),
                   no(&[BigQuery], SLICE_HINT_UNNEST), no(ALL, NO_ARRAY_HINT)],
    },
    FunctionDef {
        name: "array_length_dim", arity: (2, 2), unit_arg: false, kind: Kind::Scalar,
        note: "PostgreSQL ARRAY_LENGTH(a, 1): the number of elements, NULL for an empty array",
        inputs: &[i(&[Postgres], "ARRAY_LENGTH")],
        outputs: &[sp(&[Postgres], array_length_dim_same), sp(&[DuckDb], array_length_dim_len),
                   sp(&[DataFusion, Trino], array_length_dim_cardinality), sp(&[Spark, Databricks, Snowflake], array_length_dim_size),
                   sp(&[BigQuery], array_length_dim_length), no(ALL, NO_ARRAY_HINT)],
    },
    FunctionDef {
        name: "list_length", arity: (1, 1), unit_arg: false, kind: Kind::Scalar,
        note: "DuckDB/DataFusion ARRAY_LENGTH(a): the number of elements (0 when empty)",
        inputs: &[i(&[DuckDb, DataFusion], "ARRAY_LENGTH"), i(&[DataFusion], "LIST_LENGTH")],
        outputs: &[o(SPARK, "ARRAY_SIZE({0})"), o(&[Snowflake], "ARRAY_SIZE({0})"), o(&[BigQuery], "ARRAY_LENGTH({0})"),
                   o(&[Postgres, Trino, DuckDb, DataFusion], "CARDINALITY({0})"),
                   no(ALL, NO_ARRAY_HINT)],
    },
    // --- arrays: building ---
    FunctionDef {
        name: "array_cat", arity: (2, 2), unit_arg: false, kind: Kind::Scalar,
        note: "a followed by b; NULL when either is NULL",
        inputs: &[i(&[Snowflake], "ARRAY_CAT"), i(&[BigQuery], "ARRAY_CONCAT")],
        outputs: &[o(&[Snowflake], "ARRAY_CAT({0}, {1})"), o(&[BigQuery], "ARRAY_CONCAT({0}, {1})"),
                   o(SPARK, "FLATTEN(ARRAY({0}, {1}))"), o(&[Trino], "CONCAT({0}, {1})"),
                   o(&[Postgres], "CASE WHEN {0} IS NULL OR {1} IS NULL THEN NULL ELSE ARRAY_CAT({0}, {1}) END"),
                   o(&[DuckDb], "CASE WHEN {0} IS NULL OR {1} IS NULL THEN NULL ELSE LIST_CONCAT({0}, {1}) END"),
                   o(&[DataFusion], "CASE WHEN {0} IS NULL OR {1} IS NULL THEN NULL ELSE ARRAY_CONCAT({0}, {1}) END"),
                   no(ALL, NO_ARRAY_HINT)],
    },
    FunctionDef {
        name: "array_cat_skip_null", arity: (2, 2), unit_arg: false, kind: Kind::Scalar,
        note: "PostgreSQL/DuckDB ARRAY_CAT(a, b): a NULL array counts as empty",
        inputs: &[i(&[Postgres, DuckDb, DataFusion], "ARRAY_CAT"), i(&[DuckDb, DataFusion], "LIST_CONCAT"),
                  i(&[DuckDb, DataFusion], "ARRAY_CONCAT"), i(&[DuckDb, DataFusion], "LIST_CAT")],
        outputs: &[o(&[Postgres], "ARRAY_CAT({0}, {1})"), o(&[DuckDb], "LIST_CONCAT({0}, {1})"),
                   o(&[DataFusion], "ARRAY_CONCAT({0}, {1})"),
                   o(&[Snowflake], "CASE WHEN {0} IS NULL THEN {1} WHEN {1} IS NULL THEN {0} ELSE ARRAY_CAT({0}, {1}) END"),
                   o(&[BigQuery], "CASE WHEN {0} IS NULL THEN {1} WHEN {1} IS NULL THEN {0} ELSE ARRAY_CONCAT({0}, {1}) END"),
                   o(&[Spark, Databricks, Trino], "CASE WHEN {0} IS NULL THEN {1} WHEN {1} IS NULL THEN {0} ELSE CONCAT({0}, {1}) END"),
                   no(ALL, NO_ARRAY_HINT)],
    },
    FunctionDef {
        name: "sequence", arity: (2, 3), unit_arg: false, kind: Kind::Scalar,
        note: "Spark/Trino SEQUENCE(a, b[, step]) of integers: b included; the step defaults to 1 or -1 towards b",
        inputs: &[i(&[Spark, Databricks, Trino], "SEQUENCE")],
        outputs: &[o(&[Spark, Databricks, Trino], "SEQUENCE({*})"), sp(&[BigQuery], sequence_generate_array),
                   sp(&[DuckDb, DataFusion], sequence_generate_series), sp(&[Postgres], sequence_subquery),
                   sp(&[Snowflake], sequence_generate_range), no(ALL, NO_SERIES_HINT)],
    },
    FunctionDef {
        name: "generate_array", arity: (3, 3), unit_arg: false, kind: Kind::Scalar,
        note: "integers a..=b by step (default 1), empty when the step points away from b",
        inputs: &[ia(&[BigQuery], "GENERATE_ARRAY", &[Src::A(0), Src::A(1), Src::AOr(2, "1")]),
                  ia(&[DuckDb, DataFusion], "GENERATE_SERIES", &[Src::A(0), Src::A(1), Src::AOr(2, "1")])],
        outputs: &[o(&[BigQuery], "GENERATE_ARRAY({0}, {1}, {2})"), o(&[DuckDb, DataFusion], "GENERATE_SERIES({0}, {1}, {2})"),
                   sp(&[Postgres], generate_array_subquery), sp(&[Snowflake], generate_array_generate_range),
                   sp(SPARK, generate_array_sequence_call), sp(&[Trino], generate_array_sequence_bracket), no(ALL, NO_SERIES_HINT)],
    },
    FunctionDef {
        name: "range", arity: (3, 3), unit_arg: false, kind: Kind::Scalar,
        note: "integers from a up to b excluded, by step (default 1)",
        inputs: &[ia(&[Snowflake], "ARRAY_GENERATE_RANGE", &[Src::A(0), Src::A(1), Src::AOr(2, "1")]),
                  Input { from: &[DuckDb, DataFusion], name: "RANGE", arity: Some(2), args: &[Src::A(0), Src::A(1), Src::L("1")], warn: None },
                  Input { from: &[DuckDb, DataFusion], name: "RANGE", arity: Some(3), args: &[Src::A(0), Src::A(1), Src::A(2)], warn: None }],
        outputs: &[o(&[Snowflake], "ARRAY_GENERATE_RANGE({0}, {1}, {2})"), o(&[DuckDb, DataFusion], "RANGE({0}, {1}, {2})"),
                   sp(&[BigQuery], range_generate_array), sp(&[Postgres], range_subquery),
                   sp(SPARK, range_sequence_call), sp(&[Trino], range_sequence_bracket), no(ALL, NO_SERIES_HINT)],
    },
    SPLIT,
    FunctionDef {
        name: "split_regex", arity: (2, 2), unit_arg: false, kind: Kind::Scalar,
        note: "a string split on a regular expression into an array",
        inputs: &[inn(SPARK, "SPLIT", 2, &[Src::A(0), Src::A(1)]),
                  i(&[Postgres, DuckDb], "REGEXP_SPLIT_TO_ARRAY"), i(&[Trino], "REGEXP_SPLIT")],
        outputs: &[sp(SPARK, split_regex_same), sp(&[Postgres, DuckDb], split_regex_to_array),
                   sp(&[Trino], split_regex_split), sp(ALL, split_regex_literal_only)],
    },
    FunctionDef {
        name: "array_join_null", arity: (3, 3), unit_arg: false, kind: Kind::Scalar,
        note: "array elements joined by a separator, NULL elements written as the third argument",
        inputs: &[i(&[Spark, Databricks, Trino], "ARRAY_JOIN"), i(&[Postgres, BigQuery, DataFusion], "ARRAY_TO_STRING")],
        outputs: &[o(&[Spark, Databricks, Trino], "ARRAY_JOIN({0}, {1}, {2})"),
                   o(&[Postgres, BigQuery, DataFusion], "ARRAY_TO_STRING({0}, {1}, {2})"),
                   o(&[DuckDb], "ARRAY_TO_STRING(LIST_TRANSFORM({0}, x -> COALESCE(CAST(x AS VARCHAR), {2})), {1})"),
                   no(&[Snowflake], "Snowflake's ARRAY_TO_STRING writes NULL elements as ''; replace them first with TRANSFORM(a, x -> COALESCE(x::VARCHAR, r))"),
                   no(ALL, NO_ARRAY_HINT)],
    },
    FunctionDef {
        name: "array_append", arity: (2, 2), unit_arg: false, kind: Kind::Scalar,
        note: "array a with x added at the end; NULL when a is NULL (Spark, Snowflake)",
        inputs: &[i(&[Spark, Databricks, Snowflake], "ARRAY_APPEND")],
        outputs: &[o(&[Spark, Databricks, Snowflake], "ARRAY_APPEND({0}, {1})"),
                   o(&[Trino], "CONCAT({0}, {1})"),
                   o(&[Postgres], "CASE WHEN {0} IS NULL THEN NULL ELSE ARRAY_APPEND({0}, {1}) END"),
                   o(&[DuckDb], "CASE WHEN {0} IS NULL THEN NULL ELSE LIST_APPEND({0}, {1}) END"),
                   o(&[DataFusion], "CASE WHEN {0} IS NULL THEN NULL ELSE ARRAY_APPEND({0}, {1}) END"),
                   o(&[BigQuery], "ARRAY_CONCAT({0}, [{1}])"),
                   no(ALL, NO_ARRAY_HINT)],
    },
    FunctionDef {
        name: "array_append_null_empty", arity: (2, 2), unit_arg: false, kind: Kind::Scalar,
        note: "PostgreSQL/DataFusion ARRAY_APPEND(a, x): a NULL array counts as empty",
        inputs: &[i(&[Postgres, DataFusion], "ARRAY_APPEND"), i(&[DataFusion], "ARRAY_PUSH_BACK"), i(&[DataFusion], "LIST_APPEND")],
        outputs: &[o(&[Postgres, DataFusion], "ARRAY_APPEND({0}, {1})"),
                   o(&[Spark, Databricks], "CASE WHEN {0} IS NULL THEN ARRAY({1}) ELSE ARRAY_APPEND({0}, {1}) END"),
                   o(&[Snowflake], "CASE WHEN {0} IS NULL THEN ARRAY_CONSTRUCT({1}) ELSE ARRAY_APPEND({0}, {1}) END"),
                   o(&[Trino], "CASE WHEN {0} IS NULL THEN ARRAY[{1}] ELSE CONCAT({0}, {1}) END"),
                   o(&[DuckDb], "CASE WHEN {0} IS NULL THEN [{1}] ELSE LIST_APPEND({0}, {1}) END"),
                   o(&[BigQuery], "ARRAY_CONCAT(IFNULL({0}, []), [{1}])"),
                   no(ALL, NO_ARRAY_HINT)],
    },
    FunctionDef {
        name: "array_prepend", arity: (2, 2), unit_arg: false, kind: Kind::Scalar,
        note: "array a with x added at the start (canonical order a, x); NULL when a is NULL (Spark, Snowflake)",
        inputs: &[i(&[Spark, Databricks, Snowflake], "ARRAY_PREPEND")],
        outputs: &[o(&[Spark, Databricks, Snowflake], "ARRAY_PREPEND({0}, {1})"),
                   o(&[Trino], "CONCAT({1}, {0})"),
                   o(&[Postgres], "CASE WHEN {0} IS NULL THEN NULL ELSE ARRAY_PREPEND({1}, {0}) END"),
                   o(&[DuckDb], "CASE WHEN {0} IS NULL THEN NULL ELSE LIST_PREPEND({1}, {0}) END"),
                   o(&[DataFusion], "CASE WHEN {0} IS NULL THEN NULL ELSE ARRAY_PREPEND({1}, {0}) END"),
                   o(&[BigQuery], "ARRAY_CONCAT([{1}], {0})"),
                   no(ALL, NO_ARRAY_HINT)],
    },
    FunctionDef {
        name: "array_prepend_null_empty", arity: (2, 2), unit_arg: false, kind: Kind::Scalar,
        note: "PostgreSQL/DataFusion ARRAY_PREPEND(x, a): a NULL array counts as empty (canonical order a, x)",
        inputs: &[inn(&[Postgres, DataFusion], "ARRAY_PREPEND", 2, &[Src::A(1), Src::A(0)]),
                  inn(&[DataFusion], "ARRAY_PUSH_FRONT", 2, &[Src::A(1), Src::A(0)]), inn(&[DataFusion], "LIST_PREPEND", 2, &[Src::A(1), Src::A(0)])],
        outputs: &[o(&[Postgres, DataFusion], "ARRAY_PREPEND({1}, {0})"),
                   o(&[Spark, Databricks], "CASE WHEN {0} IS NULL THEN ARRAY({1}) ELSE ARRAY_PREPEND({0}, {1}) END"),
                   o(&[Snowflake], "CASE WHEN {0} IS NULL THEN ARRAY_CONSTRUCT({1}) ELSE ARRAY_PREPEND({0}, {1}) END"),
                   o(&[Trino], "CASE WHEN {0} IS NULL THEN ARRAY[{1}] ELSE CONCAT({1}, {0}) END"),
                   o(&[DuckDb], "CASE WHEN {0} IS NULL THEN [{1}] ELSE LIST_PREPEND({1}, {0}) END"),
                   o(&[BigQuery], "ARRAY_CONCAT([{1}], IFNULL({0}, []))"),
                   no(ALL, NO_ARRAY_HINT)],
    },
    FunctionDef {
        name: "array_repeat", arity: (2, 2), unit_arg: false, kind: Kind::Scalar,
        note: "an array of n copies of x (empty when n <= 0)",
        inputs: &[i(&[Spark, Databricks, DataFusion], "ARRAY_REPEAT"), i(&[DataFusion], "LIST_REPEAT")],
        outputs: &[o(&[Spark, Databricks, DataFusion], "ARRAY_REPEAT({0}, {1})"),
                   o(&[Trino], "REPEAT({0}, GREATEST({1}, 0))"),
                   sp(&[Postgres], array_fill_pg),
                   o(&[BigQuery], "ARRAY(SELECT {0} FROM UNNEST(GENERATE_ARRAY(1, {1})))"),
                   no(&[Snowflake, DuckDb], "build it from a range: TRANSFORM(ARRAY_GENERATE_RANGE(0, n), i -> x) / LIST_TRANSFORM(RANGE(n), i -> x)"),
                   no(ALL, NO_ARRAY_HINT)],
    },
    FunctionDef {
        name: "flatten", arity: (1, 1), unit_arg: false, kind: Kind::Scalar,
        note: "an array of arrays concatenated into one array",
        inputs: &[i(&[Spark, Databricks, Trino, DuckDb, DataFusion], "FLATTEN"), i(&[Snowflake], "ARRAY_FLATTEN")],
        outputs: &[ow(&[Spark, Databricks, Trino, DuckDb, DataFusion], "FLATTEN({0})", Dvt003, "a NULL inner array may make the result NULL in one dialect and be skipped in another"),
                   ow(&[Snowflake], "ARRAY_FLATTEN({0})", Dvt003, "a NULL inner array may make the result NULL in one dialect and be skipped in another"),
                   no(&[Postgres, BigQuery], "arrays of arrays are not supported there; concatenate the inner arrays with ARRAY_CAT / ARRAY_CONCAT"),
                   no(ALL, NO_ARRAY_HINT)],
    },
    // --- arrays: set operations, order ---
    FunctionDef {
        name: "list_sum", arity: (1, 1), unit_arg: false, kind: Kind::Scalar,
        note: "the sum of the non-NULL elements; NULL for an empty array",
        inputs: &[i(&[DuckDb, DataFusion], "LIST_SUM"), i(&[DataFusion], "ARRAY_SUM")],
        outputs: &[o(&[DuckDb], "LIST_SUM({0})"), o(&[DataFusion], "ARRAY_SUM({0})"),
                   o(&[Postgres], "(SELECT SUM(e) FROM UNNEST({0}) AS t(e))"),
                   o(&[BigQuery], "(SELECT SUM(e) FROM UNNEST({0}) AS e)"),
                   no(&[Spark, Databricks, Trino, Snowflake], "fold the array with AGGREGATE/REDUCE (mind NULL elements and empty arrays), or sum its flattened rows"),
                   no(ALL, NO_ARRAY_HINT)],
    },
    FunctionDef {
        name: "list_avg", arity: (1, 1), unit_arg: false, kind: Kind::Scalar,
        note: "the mean of the non-NULL elements; NULL for an empty array",
        inputs: &[i(&[DuckDb, DataFusion], "LIST_AVG"), i(&[DataFusion], "ARRAY_AVG")],
        outputs: &[o(&[DuckDb], "LIST_AVG({0})"), o(&[DataFusion], "ARRAY_AVG({0})"),
                   o(&[Postgres], "(SELECT AVG(e) FROM UNNEST({0}) AS t(e))"),
                   o(&[BigQuery], "(SELECT AVG(e) FROM UNNEST({0}) AS e)"),
                   no(&[Spark, Databricks, Trino, Snowflake], "average the flattened rows (FLATTEN / UNNEST / EXPLODE)"),
                   no(ALL, NO_ARRAY_HINT)],
    },
    FunctionDef {
        name: "array_union", arity: (2, 2), unit_arg: false, kind: Kind::Scalar,
        note: "the distinct elements of a then b, in the order of their first occurrence",
        inputs: &[i(&[Spark, Databricks, Trino, DataFusion], "ARRAY_UNION"), i(&[DataFusion], "LIST_UNION")],
        outputs: &[o(&[Spark, Databricks, Trino], "ARRAY_UNION({0}, {1})"),
                   o(&[Snowflake], "ARRAY_DISTINCT(ARRAY_CAT({0}, {1}))"),
                   ow(&[DataFusion], "ARRAY_UNION({0}, {1})", Dvt003, SET_ORDER),
                   o(&[Postgres], "CASE WHEN {0} IS NULL OR {1} IS NULL THEN NULL ELSE ARRAY(SELECT e FROM UNNEST(ARRAY_CAT({0}, {1})) WITH ORDINALITY AS t(e, n) GROUP BY e ORDER BY MIN(n)) END"),
                   ow(&[DuckDb], "LIST_DISTINCT(LIST_CONCAT({0}, {1}))", Dvt003, "DuckDB drops NULL elements and does not keep the order"),
                   o(&[BigQuery], "ARRAY(SELECT e FROM UNNEST(ARRAY_CONCAT({0}, {1})) AS e WITH OFFSET AS o GROUP BY e ORDER BY MIN(o))"),
                   no(ALL, NO_ARRAY_HINT)],
    },
    FunctionDef {
        name: "array_has_all", arity: (2, 2), unit_arg: false, kind: Kind::Scalar,
        note: "whether every element of b is in a",
        inputs: &[i(&[DuckDb, DataFusion], "LIST_HAS_ALL"), i(&[DuckDb, DataFusion], "ARRAY_HAS_ALL")],
        outputs: &[ow(&[DuckDb], "LIST_HAS_ALL({0}, {1})", Dvt003, SEARCH_NULLS),
                   ow(&[DataFusion], "ARRAY_HAS_ALL({0}, {1})", Dvt003, SEARCH_NULLS),
                   ow(&[Postgres], "({0} @> {1})", Dvt003, SEARCH_NULLS),
                   ow(&[Spark, Databricks], "(SIZE(ARRAY_EXCEPT({1}, {0})) = 0)", Dvt003, SEARCH_NULLS),
                   ow(&[Trino], "(CARDINALITY(ARRAY_EXCEPT({1}, {0})) = 0)", Dvt003, SEARCH_NULLS),
                   ow(&[Snowflake], "(ARRAY_SIZE(ARRAY_EXCEPT(ARRAY_DISTINCT({1}), {0})) = 0)", Dvt003, SEARCH_NULLS),
                   ow(&[BigQuery], "NOT EXISTS(SELECT 1 FROM UNNEST({1}) AS e WHERE e NOT IN UNNEST({0}))", Dvt003, SEARCH_NULLS),
                   no(ALL, NO_ARRAY_HINT)],
    },
    FunctionDef {
        name: "array_distinct", arity: (1, 1), unit_arg: false, kind: Kind::Scalar,
        note: "the distinct elements, in the order of their first occurrence; one NULL kept",
        inputs: &[i(&[Spark, Databricks, Trino, Snowflake], "ARRAY_DISTINCT"),
                  iw(&[DuckDb, DataFusion], "LIST_DISTINCT", &[], "DuckDB drops NULL elements and does not keep the order"),
                  iw(&[DuckDb, DataFusion], "ARRAY_DISTINCT", &[], "DuckDB/DataFusion do not keep the order of the elements")],
        outputs: &[o(&[Spark, Databricks, Trino, Snowflake], "ARRAY_DISTINCT({0})"),
                   o(&[Postgres], "CASE WHEN {0} IS NULL THEN NULL ELSE ARRAY(SELECT e FROM UNNEST({0}) WITH ORDINALITY AS t(e, n) GROUP BY e ORDER BY MIN(n)) END"),
                   o(&[BigQuery], "ARRAY(SELECT e FROM UNNEST({0}) AS e WITH OFFSET AS o GROUP BY e ORDER BY MIN(o))"),
                   ow(&[DuckDb], "LIST_DISTINCT({0})", Dvt003, "DuckDB drops NULL elements and does not keep the order"),
                   ow(&[DataFusion], "ARRAY_DISTINCT({0})", Dvt003, "DataFusion does not keep the order of the elements"),
                   no(ALL, NO_ARRAY_HINT)],
    },
    FunctionDef {
        name: "array_intersect", arity: (2, 2), unit_arg: false, kind: Kind::Scalar,
        note: "the distinct elements in both arrays",
        inputs: &[i(&[Spark, Databricks, Trino, DuckDb, DataFusion], "ARRAY_INTERSECT"),
                  i(&[DuckDb, DataFusion], "LIST_INTERSECT"),
                  iw(&[Snowflake], "ARRAY_INTERSECTION", &[], "Snowflake keeps duplicates (as many as in both arrays); the translation keeps each element once")],
        outputs: &[o(&[Spark, Databricks, Trino], "ARRAY_INTERSECT({0}, {1})"),
                   ow(&[DuckDb, DataFusion], "ARRAY_INTERSECT({0}, {1})", Dvt003, SET_ORDER),
                   ow(&[Snowflake], "ARRAY_DISTINCT(ARRAY_INTERSECTION({0}, {1}))", Dvt003, SET_ORDER),
                   ow(&[Postgres], "CASE WHEN {0} IS NULL OR {1} IS NULL THEN NULL ELSE ARRAY(SELECT UNNEST({0}) INTERSECT SELECT UNNEST({1})) END", Dvt003, SET_ORDER),
                   ow(&[BigQuery], "ARRAY(SELECT DISTINCT e FROM UNNEST({0}) AS e WHERE e IN UNNEST({1}))", Dvt003, SET_ORDER),
                   no(ALL, NO_ARRAY_HINT)],
    },
    FunctionDef {
        name: "array_except", arity: (2, 2), unit_arg: false, kind: Kind::Scalar,
        note: "the distinct elements of a that are not in b",
        inputs: &[i(&[Spark, Databricks, Trino, DataFusion], "ARRAY_EXCEPT"), i(&[DataFusion], "LIST_EXCEPT")],
        outputs: &[o(&[Spark, Databricks, Trino], "ARRAY_EXCEPT({0}, {1})"),
                   ow(&[DataFusion], "ARRAY_EXCEPT({0}, {1})", Dvt003, SET_ORDER),
                   ow(&[Snowflake], "ARRAY_EXCEPT(ARRAY_DISTINCT({0}), {1})", Dvt003, SET_ORDER),
                   ow(&[Postgres], "CASE WHEN {0} IS NULL OR {1} IS NULL THEN NULL ELSE ARRAY(SELECT UNNEST({0}) EXCEPT SELECT UNNEST({1})) END", Dvt003, SET_ORDER),
                   ow(&[DuckDb], "LIST_DISTINCT(LIST_FILTER({0}, e -> NOT LIST_CONTAINS({1}, e)))", Dvt003, "DuckDB drops NULL elements and does not keep the order"),
                   ow(&[BigQuery], "ARRAY(SELECT DISTINCT e FROM UNNEST({0}) AS e WHERE e NOT IN UNNEST({1}))", Dvt003, SET_ORDER),
                   no(ALL, NO_ARRAY_HINT)],
    },
    FunctionDef {
        name: "array_reverse", arity: (1, 1), unit_arg: false, kind: Kind::Scalar,
        note: "the elements in reverse order",
        inputs: &[i(&[Snowflake, BigQuery, DuckDb, DataFusion], "ARRAY_REVERSE"), i(&[DuckDb, DataFusion], "LIST_REVERSE")],
        outputs: &[o(&[Snowflake, BigQuery, DataFusion], "ARRAY_REVERSE({0})"), o(&[DuckDb], "LIST_REVERSE({0})"),
                   o(&[Spark, Databricks, Trino], "REVERSE({0})"),
                   o(&[Postgres], "CASE WHEN {0} IS NULL THEN NULL ELSE ARRAY(SELECT e FROM UNNEST({0}) WITH ORDINALITY AS t(e, n) ORDER BY n DESC) END"),
                   no(ALL, NO_ARRAY_HINT)],
    },
    FunctionDef {
        name: "array_sort", arity: (1, 1), unit_arg: false, kind: Kind::Scalar,
        note: "the elements in ascending order, NULLs last",
        inputs: &[inn(&[Spark, Databricks, Trino, Snowflake], "ARRAY_SORT", 1, &[Src::A(0)])],
        outputs: &[o(&[Spark, Databricks, Trino, Snowflake], "ARRAY_SORT({0})"),
                   o(&[DuckDb], "LIST_SORT({0}, 'ASC', 'NULLS LAST')"),
                   o(&[DataFusion], "ARRAY_SORT({0}, 'ASC', 'NULLS LAST')"),
                   o(&[Postgres], "CASE WHEN {0} IS NULL THEN NULL ELSE ARRAY(SELECT e FROM UNNEST({0}) AS t(e) ORDER BY e NULLS LAST) END"),
                   o(&[BigQuery], "ARRAY(SELECT e FROM UNNEST({0}) AS e ORDER BY e NULLS LAST)"),
                   no(ALL, NO_ARRAY_HINT)],
    },
    FunctionDef {
        name: "sort_array", arity: (1, 1), unit_arg: false, kind: Kind::Scalar,
        note: "Spark SORT_ARRAY(a): the elements in ascending order, NULLs first",
        inputs: &[inn(SPARK, "SORT_ARRAY", 1, &[Src::A(0)])],
        outputs: &[o(SPARK, "SORT_ARRAY({0})"),
                   o(&[Snowflake], "ARRAY_SORT({0}, TRUE, TRUE)"),
                   o(&[DuckDb], "LIST_SORT({0}, 'ASC', 'NULLS FIRST')"),
                   o(&[DataFusion], "ARRAY_SORT({0}, 'ASC', 'NULLS FIRST')"),
                   o(&[Trino], "CONCAT(FILTER({0}, x -> x IS NULL), ARRAY_SORT(FILTER({0}, x -> x IS NOT NULL)))"),
                   o(&[Postgres], "CASE WHEN {0} IS NULL THEN NULL ELSE ARRAY(SELECT e FROM UNNEST({0}) AS t(e) ORDER BY e NULLS FIRST) END"),
                   o(&[BigQuery], "ARRAY(SELECT e FROM UNNEST({0}) AS e ORDER BY e NULLS FIRST)"),
                   no(ALL, NO_ARRAY_HINT)],
    },
    FunctionDef {
        name: "array_min", arity: (1, 1), unit_arg: false, kind: Kind::Scalar,
        note: "the smallest non-NULL element; NULL for an empty array",
        inputs: &[i(&[Spark, Databricks, Snowflake, DataFusion], "ARRAY_MIN"), i(&[DuckDb, DataFusion], "LIST_MIN"),
                  iw(&[Trino], "ARRAY_MIN", &[], "Trino gives NULL when an element is NULL")],
        outputs: &[o(&[Spark, Databricks, Snowflake, DataFusion], "ARRAY_MIN({0})"), o(&[DuckDb], "LIST_MIN({0})"),
                   o(&[Trino], "ARRAY_MIN(FILTER({0}, x -> x IS NOT NULL))"),
                   o(&[Postgres], "(SELECT MIN(e) FROM UNNEST({0}) AS t(e))"),
                   o(&[BigQuery], "(SELECT MIN(e) FROM UNNEST({0}) AS e)"),
                   no(ALL, NO_ARRAY_HINT)],
    },
    FunctionDef {
        name: "array_max", arity: (1, 1), unit_arg: false, kind: Kind::Scalar,
        note: "the largest non-NULL element; NULL for an empty array",
        inputs: &[i(&[Spark, Databricks, Snowflake, DataFusion], "ARRAY_MAX"), i(&[DuckDb, DataFusion], "LIST_MAX"),
                  iw(&[Trino], "ARRAY_MAX", &[], "Trino gives NULL when an element is NULL")],
        outputs: &[o(&[Spark, Databricks, Snowflake, DataFusion], "ARRAY_MAX({0})"), o(&[DuckDb], "LIST_MAX({0})"),
                   o(&[Trino], "ARRAY_MAX(FILTER({0}, x -> x IS NOT NULL))"),
                   o(&[Postgres], "(SELECT MAX(e) FROM UNNEST({0}) AS t(e))"),
                   o(&[BigQuery], "(SELECT MAX(e) FROM UNNEST({0}) AS e)"),
                   no(ALL, NO_ARRAY_HINT)],
    },
    FunctionDef {
        name: "array_compact", arity: (1, 1), unit_arg: false, kind: Kind::Scalar,
        note: "the array without its NULL elements",
        inputs: &[i(&[Spark, Databricks, Snowflake, DataFusion], "ARRAY_COMPACT"), i(&[DataFusion], "LIST_COMPACT")],
        outputs: &[o(&[Spark, Databricks, Snowflake, DataFusion], "ARRAY_COMPACT({0})"),
                   o(&[Postgres], "ARRAY_REMOVE({0}, NULL)"),
                   o(&[DuckDb], "LIST_FILTER({0}, x -> x IS NOT NULL)"),
                   o(&[Trino], "FILTER({0}, x -> x IS NOT NULL)"),
                   o(&[BigQuery], "ARRAY(SELECT e FROM UNNEST({0}) AS e WITH OFFSET AS o WHERE e IS NOT NULL ORDER BY o)"),
                   no(ALL, NO_ARRAY_HINT)],
    },
    FunctionDef {
        name: "array_remove", arity: (2, 2), unit_arg: false, kind: Kind::Scalar,
        note: "the array without the elements equal to v",
        inputs: &[i(&[Spark, Databricks, Snowflake, Trino, Postgres], "ARRAY_REMOVE"), i(&[DataFusion], "ARRAY_REMOVE_ALL")],
        outputs: &[ow(&[Spark, Databricks, Snowflake, Trino, Postgres], "ARRAY_REMOVE({0}, {1})", Dvt003, SEARCH_NULLS),
                   ow(&[DataFusion], "ARRAY_REMOVE_ALL({0}, {1})", Dvt003, SEARCH_NULLS),
                   ow(&[DuckDb], "LIST_FILTER({0}, x -> x IS DISTINCT FROM {1})", Dvt003, SEARCH_NULLS),
                   ow(&[BigQuery], "ARRAY(SELECT e FROM UNNEST({0}) AS e WITH OFFSET AS o WHERE e != {1} ORDER BY o)", Dvt003, SEARCH_NULLS),
                   no(ALL, NO_ARRAY_HINT)],
    },
    FunctionDef {
        name: "array_remove_first", arity: (2, 2), unit_arg: false, kind: Kind::Scalar,
        note: "DataFusion ARRAY_REMOVE(a, v): the array without the first element equal to v",
        inputs: &[i(&[DataFusion], "ARRAY_REMOVE"), i(&[DataFusion], "LIST_REMOVE")],
        outputs: &[o(&[DataFusion], "ARRAY_REMOVE({0}, {1})"),
                   ow(&[Postgres], "CASE WHEN ARRAY_POSITION({0}, {1}) IS NULL THEN {0} ELSE ({0})[:ARRAY_POSITION({0}, {1}) - 1] || ({0})[ARRAY_POSITION({0}, {1}) + 1:] END", Dvt003, SEARCH_NULLS),
                   ow(SPARK, "CASE WHEN ARRAY_POSITION({0}, {1}) = 0 THEN {0} ELSE CONCAT(SLICE({0}, 1, ARRAY_POSITION({0}, {1}) - 1), SLICE({0}, ARRAY_POSITION({0}, {1}) + 1, SIZE({0}))) END", Dvt003, SEARCH_NULLS),
                   no(ALL, "remove one occurrence by slicing around its position, or use ARRAY_REMOVE (every occurrence)")],
    },
    // --- maps and structs ---
    FunctionDef {
        name: "map_keys", arity: (1, 1), unit_arg: false, kind: Kind::Scalar,
        note: "the keys of a map as an array",
        inputs: &[i(&[Spark, Databricks, Trino, DuckDb, DataFusion, Snowflake], "MAP_KEYS")],
        outputs: &[o(&[Spark, Databricks, Trino, DuckDb, DataFusion, Snowflake], "MAP_KEYS({0})"), no(ALL, NO_MAPS)],
    },
    FunctionDef {
        name: "map_values", arity: (1, 1), unit_arg: false, kind: Kind::Scalar,
        note: "the values of a map as an array",
        inputs: &[i(&[Spark, Databricks, Trino, DuckDb, DataFusion], "MAP_VALUES")],
        outputs: &[o(&[Spark, Databricks, Trino, DuckDb, DataFusion], "MAP_VALUES({0})"),
                   no(&[Snowflake], "Snowflake has no MAP_VALUES; cast to OBJECT and use FLATTEN"), no(ALL, NO_MAPS)],
    },
    FunctionDef {
        name: "map_entries", arity: (1, 1), unit_arg: false, kind: Kind::Scalar,
        note: "the entries of a map as an array of (key, value) structs",
        inputs: &[i(&[Spark, Databricks, Trino, DuckDb, DataFusion], "MAP_ENTRIES")],
        outputs: &[o(&[Spark, Databricks, DuckDb, DataFusion], "MAP_ENTRIES({0})"),
                   ow(&[Trino], "MAP_ENTRIES({0})", Dvt003, "Trino's entries are unnamed ROW(key, value) fields"),
                   no(ALL, NO_MAPS)],
    },
    FunctionDef {
        name: "map_contains_key", arity: (2, 2), unit_arg: false, kind: Kind::Scalar,
        note: "whether map m has key k (m, k)",
        inputs: &[i(SPARK, "MAP_CONTAINS_KEY"), inn(&[Snowflake], "MAP_CONTAINS_KEY", 2, &[Src::A(1), Src::A(0)]),
                  i(&[DuckDb], "MAP_CONTAINS")],
        outputs: &[o(SPARK, "MAP_CONTAINS_KEY({0}, {1})"), o(&[Snowflake], "MAP_CONTAINS_KEY({1}, {0})"),
                   o(&[DuckDb], "MAP_CONTAINS({0}, {1})"), o(&[Trino], "CONTAINS(MAP_KEYS({0}), {1})"),
                   o(&[DataFusion], "ARRAY_HAS(MAP_KEYS({0}), {1})"), no(ALL, NO_MAPS)],
    },
    FunctionDef {
        name: "map_from_arrays", arity: (2, 2), unit_arg: false, kind: Kind::Scalar,
        note: "a map from an array of keys and an array of values",
        inputs: &[i(SPARK, "MAP_FROM_ARRAYS"), inn(&[DuckDb, Trino, DataFusion], "MAP", 2, &[Src::A(0), Src::A(1)])],
        outputs: &[o(SPARK, "MAP_FROM_ARRAYS({0}, {1})"), o(&[DuckDb, Trino, DataFusion], "MAP({0}, {1})"),
                   no(&[Snowflake], "build an OBJECT with OBJECT_CONSTRUCT, or cast one to a MAP type"), no(ALL, NO_MAPS)],
    },
    FunctionDef {
        name: "map_from_pairs", arity: (2, usize::MAX), unit_arg: false, kind: Kind::Scalar,
        note: "Spark MAP(k1, v1, k2, v2, …)",
        inputs: &[i(SPARK, "MAP")],
        outputs: &[sp(SPARK, map_from_pairs_same), sp(&[DuckDb, DataFusion], map_from_pairs_list),
                   sp(&[Trino], map_from_pairs_array), no(ALL, NO_MAPS)],
    },
    FunctionDef {
        name: "named_struct", arity: (2, usize::MAX), unit_arg: false, kind: Kind::Scalar,
        note: "a struct of named fields: NAMED_STRUCT('a', x, 'b', y, …)",
        inputs: &[i(&[Spark, Databricks, DataFusion], "NAMED_STRUCT")],
        outputs: &[sp(&[Spark, Databricks, DataFusion], named_struct_same), sp(&[DuckDb], named_struct_pack),
                   sp(&[BigQuery], named_struct_as), sp(&[Snowflake], named_struct_object),
                   no(&[Trino], "Trino needs the field types: CAST(ROW(x, y) AS ROW(a T, b U))"),
                   no(&[Postgres], "use a composite type (ROW(x, y)::my_type) or JSONB_BUILD_OBJECT"),
                   no(ALL, "there is no struct type; use a JSON object or separate columns")],
    },
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_minus_is_exact() {
        assert_eq!(one_minus("0.25"), "0.75");
        assert_eq!(one_minus("0.7"), "0.3");
        assert_eq!(one_minus("1"), "0");
        assert_eq!(one_minus("0.5"), "0.5");
        assert_eq!(one_minus("p"), "(1 - p)");
    }
}
