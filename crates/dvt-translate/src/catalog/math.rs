//! Math: rounding, logarithms, trigonometry, bitwise, safe division, random; conditional and NULL functions.
//!
//! Facts behind the rows (each dialect's function reference, and results executed on
//! PostgreSQL 15, MariaDB 10.11, SQLite, DataFusion and Spark in `tests/exec/*.math.yaml`):
//! - The SQLite that dvt runs is built without its math functions (no `CEIL`, `POWER`, `LN`,
//!   `PI`, trigonometry): what can be written with operators, `CAST`, `SIGN` and `ABS` is, the
//!   rest is refused with a hint.
//! - MySQL and MariaDB compute bitwise operators on unsigned 64-bit integers (`~5` is
//!   18446744073709551610): the result is cast back to a signed integer; `>>` is a logical
//!   shift there and in BigQuery, while the canonical right shift is arithmetic (sign-extending).
//! - SQL Server's `DEGREES` and `RADIANS` return the argument's type (an integer for an
//!   integer), and `POWER` the type of its first argument.
//! - DataFusion spells SIGN `signum` and has no `~`; Snowflake's 2-argument `TRUNC` is read as a
//!   date truncation (the `date_trunc` row), so its numeric form is read from `TRUNCATE`.
//! - Spark's `ISNAN` is false (not NULL) for NULL; Spark has no `GCD` nor `LCM`; in ANSI mode
//!   (Spark 4's default) its `ELT` with an index out of range is an error, not NULL.

use dvt_types::WarningCode::Dvt003;

#[allow(unused_imports)]
use super::super::dialect::DbKind::*;
use super::groups::{MYSQL, PG, SPARK};
use super::render_sub as render_as;
use super::{ALL, input as i, input_n as ia, out as o, out_warn as ow};
use super::{Call, Ctx, FunctionDef, Input, Kind, Src};
use super::{computed as sp, computed_warn as spw, refuse as no};
use crate::dialect::DialectCaps;
use crate::error::TranslateError;

/// An argument as an operand: parenthesized unless it is one term.
fn p(a: &str) -> String {
    if crate::rewrite::is_one_term(a) {
        a.to_string()
    } else {
        format!("({a})")
    }
}

/// Fill a template whose arguments are operands (each parenthesized unless one term).
fn fill_p(t: &str, c: &Call) -> String {
    let c2 = Call {
        args: c.args.iter().map(|a| p(a)).collect(),
        ..c.clone()
    };
    super::fill(t, &c2)
}

/// A [`Render::Special`] function filling a template over operands.
macro_rules! operands {
    ($($name:ident = $t:expr;)*) => {$(
        fn $name(c: &Call, _ctx: &mut Ctx<'_>) -> Result<String, TranslateError> {
            Ok(fill_p($t, c))
        }
    )*};
}

operands! {
    band = "({0} & {1})";
    band_my = "CAST({0} & {1} AS SIGNED)";
    bor = "({0} | {1})";
    bor_my = "CAST({0} | {1} AS SIGNED)";
    bxor = "({0} ^ {1})";
    bxor_my = "CAST({0} ^ {1} AS SIGNED)";
    bxor_pg = "({0} # {1})";
    bxor_sqlite = "(({0} | {1}) - ({0} & {1}))";
    bnot = "(~{0})";
    bnot_my = "CAST(~{0} AS SIGNED)";
    bnot_xor = "({0} ^ -1)";
    shl = "({0} << {1})";
    shl_my = "CAST({0} << {1} AS SIGNED)";
    shr = "({0} >> {1})";
    shr_logical = "CASE WHEN {0} < 0 THEN ~(~{0} >> {1}) ELSE {0} >> {1} END";
    shr_my = "CAST(CASE WHEN {0} < 0 THEN ~(~{0} >> {1}) ELSE {0} >> {1} END AS SIGNED)";
    add = "({0} + {1})";
    sub = "({0} - {1})";
    mul = "({0} * {1})";
    neg = "(-{0})";
    pmod_op = "CASE WHEN {0} % {1} < 0 THEN ({0} % {1} + {1}) % {1} ELSE {0} % {1} END";
    cbrt_pow = "(SIGN({0}) * POWER(ABS({0}), 1.0 / 3))";
    cbrt_pow_float = "(SIGN({0}) * POWER(CAST(ABS({0}) AS FLOAT), 1.0 / 3))";
    degrees_pi = "({0} * 180 / ACOS(-1))";
    degrees_lit = "({0} * 180 / 3.141592653589793)";
    radians_pi = "({0} * ACOS(-1) / 180)";
    radians_lit = "({0} * 3.141592653589793 / 180)";
    sinh_exp = "((EXP({0}) - EXP(-{0})) / 2)";
    cosh_exp = "((EXP({0}) + EXP(-{0})) / 2)";
    tanh_exp = "((EXP(2 * {0}) - 1) / (EXP(2 * {0}) + 1))";
    ln_ratio2 = "(LN({0}) / LN(2))";
    cot_tan = "(1 / TAN({0}))";
    trunc_spark = "CASE WHEN {0} < 0 THEN CEIL({0}) ELSE FLOOR({0}) END";
    nan_pg = "({0} = CAST('NaN' AS DOUBLE PRECISION))";
    nan_sf = "({0} = CAST('NaN' AS FLOAT))";
    nan_spark = "CASE WHEN {0} IS NOT NULL THEN ISNAN({0}) END";
    inf_pg = "(ABS({0}) = CAST('Infinity' AS DOUBLE PRECISION))";
    inf_sf = "(ABS({0}) = CAST('inf' AS FLOAT))";
    inf_double = "(CAST(ABS({0}) AS DOUBLE) = CAST('Infinity' AS DOUBLE))";
    asinh_ln = "LN({0} + SQRT({0} * {0} + 1))";
    acosh_ln = "LN({0} + SQRT({0} * {0} - 1))";
    atanh_ln = "(LN((1 + {0}) / (1 - {0})) / 2)";
    asinh_log = "LOG({0} + SQRT({0} * {0} + 1))";
    acosh_log = "LOG({0} + SQRT({0} * {0} - 1))";
    atanh_log = "(LOG((1 + {0}) / (1 - {0})) / 2)";
    inf_sqlite = "(ABS({0}) = 9e999)";
    finite_pg = "({0} <> CAST('NaN' AS DOUBLE PRECISION) AND ABS({0}) <> CAST('Infinity' AS DOUBLE PRECISION))";
    finite_sf = "({0} <> CAST('NaN' AS FLOAT) AND ABS({0}) <> CAST('inf' AS FLOAT))";
    finite_double = "(NOT ISNAN({0}) AND CAST(ABS({0}) AS DOUBLE) <> CAST('Infinity' AS DOUBLE))";
    finite_bq = "(NOT IS_NAN({0}) AND NOT IS_INF({0}))";
    finite_trino = "IS_FINITE({0})";
    expm1_exp = "(EXP({0}) - 1)";
    hypot_sqrt = "SQRT({0} * {0} + {1} * {1})";
    getbit_shift = "(({0} >> {1}) & 1)";
    finite_sqlite = "(ABS({0}) <> 9e999)";
    nanvl_pg = "CASE WHEN {0} = CAST('NaN' AS DOUBLE PRECISION) THEN {1} ELSE {0} END";
    nanvl_sf = "CASE WHEN {0} = CAST('NaN' AS FLOAT) THEN {1} ELSE {0} END";
    nanvl_bq = "CASE WHEN IS_NAN({0}) THEN {1} ELSE {0} END";
    nanvl_duckdb = "CASE WHEN ISNAN({0}) THEN {1} ELSE {0} END";
    sec_cos = "(1 / COS({0}))";
    csc_sin = "(1 / SIN({0}))";
}

/// A predicate as a value: itself where booleans are values, else `1` / `0` / NULL.
fn truth(pred: &str, ctx: &Ctx<'_>) -> String {
    if ctx.to.caps().bool_literals {
        format!("({pred})")
    } else {
        format!("CASE WHEN {pred} THEN 1 WHEN NOT ({pred}) THEN 0 END")
    }
}

/// A numerator that divides as a fraction in the target (`* 1.0` where integers truncate).
fn fraction(a: &str, ctx: &Ctx<'_>) -> String {
    if ctx.to.caps().int_div_truncates {
        format!("{} * 1.0", p(a))
    } else {
        p(a)
    }
}

/// DIV0(a, b): a / b, 0 when b is 0 (NULL when a is NULL).
fn div0(c: &Call, ctx: &mut Ctx<'_>) -> Result<String, TranslateError> {
    let (a, b) = (p(&c.args[0]), p(&c.args[1]));
    Ok(format!(
        "CASE WHEN {b} = 0 AND {a} IS NOT NULL THEN 0 ELSE {} / NULLIF({b}, 0) END",
        fraction(&c.args[0], ctx)
    ))
}

/// DIV0NULL(a, b): a / b, 0 when b is 0 or NULL (NULL when a is NULL).
fn div0null(c: &Call, ctx: &mut Ctx<'_>) -> Result<String, TranslateError> {
    let (a, b) = (p(&c.args[0]), p(&c.args[1]));
    Ok(format!(
        "CASE WHEN ({b} = 0 OR {b} IS NULL) AND {a} IS NOT NULL THEN 0 ELSE {} / NULLIF({b}, 0) END",
        fraction(&c.args[0], ctx)
    ))
}

/// a / b as a fraction, NULL when b is 0 (Spark TRY_DIVIDE).
fn try_divide(c: &Call, ctx: &mut Ctx<'_>) -> Result<String, TranslateError> {
    Ok(format!(
        "({} / NULLIF({}, 0))",
        fraction(&c.args[0], ctx),
        c.args[1]
    ))
}

/// EQUAL_NULL(a, b): equality where NULL equals NULL, never NULL.
fn equal_null(c: &Call, ctx: &mut Ctx<'_>) -> Result<String, TranslateError> {
    let (a, b) = (p(&c.args[0]), p(&c.args[1]));
    let caps = ctx.to.caps();
    Ok(if caps.is_distinct_from {
        format!("({a} IS NOT DISTINCT FROM {b})")
    } else if caps.null_safe_eq_op {
        format!("({a} <=> {b})")
    } else {
        format!("CASE WHEN {a} = {b} OR ({a} IS NULL AND {b} IS NULL) THEN 1 ELSE 0 END")
    })
}

fn is_null(c: &Call, ctx: &mut Ctx<'_>) -> Result<String, TranslateError> {
    Ok(truth(&format!("{} IS NULL", p(&c.args[0])), ctx))
}

fn is_not_null(c: &Call, ctx: &mut Ctx<'_>) -> Result<String, TranslateError> {
    Ok(truth(&format!("{} IS NOT NULL", p(&c.args[0])), ctx))
}

/// Always finite where the types cannot hold NaN nor infinity: TRUE, or NULL for NULL.
fn always(c: &Call, ctx: &mut Ctx<'_>) -> Result<String, TranslateError> {
    let a = p(&c.args[0]);
    Ok(truth(&format!("{a} = {a}"), ctx))
}

fn is_zero(c: &Call, ctx: &mut Ctx<'_>) -> Result<String, TranslateError> {
    Ok(truth(&format!("{} = 0", p(&c.args[0])), ctx))
}

/// Never NaN nor infinite where the types cannot hold them: FALSE, or NULL for NULL.
fn never(c: &Call, ctx: &mut Ctx<'_>) -> Result<String, TranslateError> {
    let a = p(&c.args[0]);
    Ok(truth(&format!("{a} <> {a}"), ctx))
}

/// CHOOSE(i, a, b, …): the i-th (1-based) value, NULL when out of range.
fn choose(c: &Call, _ctx: &mut Ctx<'_>) -> Result<String, TranslateError> {
    let mut out = format!("CASE {}", p(&c.args[0]));
    for (k, v) in c.args[1..].iter().enumerate() {
        out.push_str(&format!(" WHEN {} THEN {v}", k + 1));
    }
    out.push_str(" END");
    Ok(out)
}

/// `x <> 0` of each argument, for Snowflake's numeric Boolean functions.
fn nonzero(c: &Call) -> Vec<String> {
    c.args.iter().map(|a| format!("{} <> 0", p(a))).collect()
}

fn booland(c: &Call, ctx: &mut Ctx<'_>) -> Result<String, TranslateError> {
    let n = nonzero(c);
    Ok(truth(&format!("{} AND {}", n[0], n[1]), ctx))
}

fn boolor(c: &Call, ctx: &mut Ctx<'_>) -> Result<String, TranslateError> {
    let n = nonzero(c);
    Ok(truth(&format!("{} OR {}", n[0], n[1]), ctx))
}

fn boolxor(c: &Call, ctx: &mut Ctx<'_>) -> Result<String, TranslateError> {
    let n = nonzero(c);
    Ok(truth(
        &format!(
            "({} AND NOT ({})) OR (NOT ({}) AND {})",
            n[0], n[1], n[0], n[1]
        ),
        ctx,
    ))
}

fn boolnot(c: &Call, ctx: &mut Ctx<'_>) -> Result<String, TranslateError> {
    Ok(truth(&format!("{} = 0", p(&c.args[0])), ctx))
}

/// GREATEST / LEAST that skip NULL arguments (NULL only when all are NULL).
fn extreme_skipping(greatest: bool, c: &Call, ctx: &Ctx<'_>) -> String {
    let caps = ctx.to.caps();
    let name = if greatest {
        caps.greatest_least.0
    } else {
        caps.greatest_least.1
    };
    if caps.greatest_skips_null || c.args.len() < 2 {
        return format!("{name}({})", c.args.join(", "));
    }
    super::core::with_stand_ins(name, &c.args)
}

/// GREATEST / LEAST that give NULL when any argument is NULL.
fn extreme_strict(greatest: bool, c: &Call, ctx: &Ctx<'_>) -> String {
    let caps = ctx.to.caps();
    let name = if greatest {
        caps.greatest_least.0
    } else {
        caps.greatest_least.1
    };
    let native = format!("{name}({})", c.args.join(", "));
    if !caps.greatest_skips_null {
        return native;
    }
    let any_null: Vec<String> = c.args.iter().map(|a| format!("{} IS NULL", p(a))).collect();
    format!(
        "CASE WHEN {} THEN NULL ELSE {native} END",
        any_null.join(" OR ")
    )
}

fn greatest_ignore_nulls(c: &Call, ctx: &mut Ctx<'_>) -> Result<String, TranslateError> {
    Ok(extreme_skipping(true, c, ctx))
}

fn least_ignore_nulls(c: &Call, ctx: &mut Ctx<'_>) -> Result<String, TranslateError> {
    Ok(extreme_skipping(false, c, ctx))
}

fn max_scalar(c: &Call, ctx: &mut Ctx<'_>) -> Result<String, TranslateError> {
    Ok(extreme_strict(true, c, ctx))
}

fn min_scalar(c: &Call, ctx: &mut Ctx<'_>) -> Result<String, TranslateError> {
    Ok(extreme_strict(false, c, ctx))
}

/// A number literal's value.
fn number(s: &str) -> Option<f64> {
    s.trim()
        .trim_start_matches('(')
        .trim_end_matches(')')
        .parse()
        .ok()
}

/// WIDTH_BUCKET(x, low, high, n): 0 below the range, n + 1 at or above its end, else the
/// 1-based bucket of n equal buckets; a range from high to low counts downwards. `floor` is the
/// target's floor of a non-negative number.
fn width_bucket_with(c: &Call, floor: &str) -> String {
    let [x, lo, hi, n] = [0, 1, 2, 3].map(|k| p(&c.args[k]));
    let up = format!(
        "CASE WHEN {x} < {lo} THEN 0 WHEN {x} >= {hi} THEN {n} + 1 ELSE {} + 1 END",
        floor.replace("{}", &format!("({x} - {lo}) * {n} / ({hi} - {lo})"))
    );
    let down = format!(
        "CASE WHEN {x} > {lo} THEN 0 WHEN {x} <= {hi} THEN {n} + 1 ELSE {} + 1 END",
        floor.replace("{}", &format!("({lo} - {x}) * {n} / ({lo} - {hi})"))
    );
    match (number(&lo), number(&hi)) {
        (Some(l), Some(h)) if l < h => up,
        (Some(l), Some(h)) if l > h => down,
        _ => format!("CASE WHEN {lo} < {hi} THEN {up} ELSE {down} END"),
    }
}

fn width_bucket(c: &Call, _ctx: &mut Ctx<'_>) -> Result<String, TranslateError> {
    Ok(width_bucket_with(c, "FLOOR({})"))
}

fn width_bucket_cast(c: &Call, _ctx: &mut Ctx<'_>) -> Result<String, TranslateError> {
    Ok(width_bucket_with(c, "CAST({} AS INTEGER)"))
}

/// IEEE_DIVIDE(a, b): a / b as a double; a / 0 is +/- infinity, 0 / 0 NaN. `ty`, `inf`,
/// `nan`: the target's double type and its spellings of infinity and NaN.
fn ieee_with(c: &Call, ty: &str, inf: &str, nan: &str) -> String {
    let (a, b) = (p(&c.args[0]), p(&c.args[1]));
    format!(
        "CASE WHEN {b} = 0 AND {a} > 0 THEN CAST('{inf}' AS {ty}) WHEN {b} = 0 AND {a} < 0 THEN CAST('-{inf}' AS {ty}) \
         WHEN {b} = 0 AND {a} = 0 THEN CAST('{nan}' AS {ty}) ELSE CAST({a} AS {ty}) / NULLIF({b}, 0) END"
    )
}

fn ieee_pg(c: &Call, _ctx: &mut Ctx<'_>) -> Result<String, TranslateError> {
    Ok(ieee_with(c, "DOUBLE PRECISION", "Infinity", "NaN"))
}

fn ieee_sf(c: &Call, _ctx: &mut Ctx<'_>) -> Result<String, TranslateError> {
    Ok(ieee_with(c, "FLOAT", "inf", "NaN"))
}

fn ieee_double(c: &Call, _ctx: &mut Ctx<'_>) -> Result<String, TranslateError> {
    Ok(ieee_with(c, "DOUBLE", "Infinity", "NaN"))
}

/// A string literal where a number of digits is expected: Snowflake's and Oracle's date form.
fn date_scale(c: &Call, ctx: &Ctx<'_>) -> Result<(), TranslateError> {
    if c.args[1].trim().starts_with('\'') {
        return Err(ctx.unsupported(
            &format!("{}(x, '…')", c.written.to_ascii_uppercase()),
            "truncate a date with DATE_TRUNC",
        ));
    }
    Ok(())
}

macro_rules! scaled {
    ($($name:ident = $t:expr;)*) => {$(
        fn $name(c: &Call, ctx: &mut Ctx<'_>) -> Result<String, TranslateError> {
            date_scale(c, ctx)?;
            Ok(super::fill($t, c))
        }
    )*};
}

scaled! {
    trunc_n = "TRUNC({0}, {1})";
    trunc_n_pg = "TRUNC(CAST({0} AS NUMERIC), {1})";
    truncate_n = "TRUNCATE({0}, {1})";
    round_trunc_n = "ROUND({0}, {1}, 1)";
    trunc_n_spark = "CASE WHEN {0} < 0 THEN CEIL({0}, {1}) ELSE FLOOR({0}, {1}) END";
}

/// `x` scaled by 10^n, and the template (over `{}`) scaling a result back. An integer literal
/// n is a literal factor (a division by a decimal literal, so that integers are not divided
/// as integers); another n is `POWER(10, n)` when `power`, else refused (SQLite has no POWER).
fn scaling(
    x: &str,
    c: &Call,
    ctx: &Ctx<'_>,
    power: bool,
) -> Result<(String, String), TranslateError> {
    let (x, n) = (p(x), c.args[1].trim());
    match n.parse::<i32>() {
        Ok(0) => Ok((x, "{}".into())),
        Ok(k) => {
            let f = format!("1{}", "0".repeat(k.unsigned_abs() as usize));
            Ok(if k > 0 {
                (format!("{x} * {f}"), format!("{{}} / {f}.0"))
            } else {
                (format!("{x} / {f}.0"), format!("{{}} * {f}"))
            })
        }
        Err(_) if power => {
            let f = format!("POWER(10.0, {})", p(n));
            Ok((format!("{x} * {f}"), format!("{{}} / {f}")))
        }
        Err(_) => Err(ctx.unsupported(
            &format!(
                "{}(x, n) with a non-literal n",
                c.written.to_ascii_uppercase()
            ),
            NO_MATH,
        )),
    }
}

/// CEIL(x, n) / FLOOR(x, n) as `f(x * 10^n) / 10^n`, `f` the canonical `ceil` or `floor`;
/// `neg` writes CEIL as `-FLOOR(-v)` (SQLite's FLOOR is written with CAST, it has no CEIL).
fn scaled_round(
    c: &Call,
    ctx: &mut Ctx<'_>,
    f: &str,
    neg: bool,
    power: bool,
) -> Result<String, TranslateError> {
    date_scale(c, ctx)?;
    let (v, back) = scaling(&c.args[0], c, ctx, power)?;
    let r = if neg {
        format!("(-{})", render_as(f, c, vec![format!("-({v})")], ctx)?)
    } else {
        render_as(f, c, vec![v], ctx)?
    };
    Ok(format!("({})", back.replace("{}", &r)))
}

fn ceil_scaled(c: &Call, ctx: &mut Ctx<'_>) -> Result<String, TranslateError> {
    scaled_round(c, ctx, "ceil", false, true)
}

fn ceil_scaled_sqlite(c: &Call, ctx: &mut Ctx<'_>) -> Result<String, TranslateError> {
    scaled_round(c, ctx, "floor", true, false)
}

fn floor_scaled(c: &Call, ctx: &mut Ctx<'_>) -> Result<String, TranslateError> {
    scaled_round(c, ctx, "floor", false, true)
}

fn floor_scaled_sqlite(c: &Call, ctx: &mut Ctx<'_>) -> Result<String, TranslateError> {
    scaled_round(c, ctx, "floor", false, false)
}

/// The mode of a 3-argument ROUND (BigQuery, Snowflake): `Some(true)` half to even,
/// `Some(false)` half away from zero, `None` another or a non-literal one.
fn half_even(c: &Call) -> Option<bool> {
    let Some(m) = c.args.get(2) else {
        return Some(true);
    };
    match m.trim().trim_matches('\'').to_ascii_uppercase().as_str() {
        "ROUND_HALF_EVEN" | "HALF_TO_EVEN" => Some(true),
        "ROUND_HALF_AWAY_FROM_ZERO" | "HALF_AWAY_FROM_ZERO" => Some(false),
        _ => None,
    }
}

/// Banker's rounding written as `template` over (x, n); ROUND(x, n) for a half-away mode.
fn round_even_as(c: &Call, ctx: &mut Ctx<'_>, template: &str) -> Result<String, TranslateError> {
    match half_even(c) {
        Some(true) => Ok(super::fill(template, c)),
        Some(false) => Ok(super::fill("ROUND({0}, {1})", c)),
        None => Err(ctx.unsupported(
            &format!("{} with this rounding mode", c.written.to_ascii_uppercase()),
            "the mode must be a literal: half to even or half away from zero",
        )),
    }
}

/// Banker's rounding from ROUND: a value exactly halfway (at n digits) goes to the even
/// neighbour, `2 * ROUND(v / 2)`. `cast` wraps x first (PostgreSQL rounds only NUMERIC to n digits).
fn round_even_formula(
    c: &Call,
    ctx: &mut Ctx<'_>,
    cast: &str,
    power: bool,
) -> Result<String, TranslateError> {
    let Some(true) = half_even(c) else {
        return round_even_as(c, ctx, "");
    };
    let x = cast.replace("{}", &c.args[0]);
    let (v, back) = scaling(&x, c, ctx, power)?;
    let t = render_as("trunc", c, vec![v.clone()], ctx)?;
    let even = back.replace("{}", &format!("2 * ROUND({v} / 2.0, 0)"));
    Ok(format!(
        "CASE WHEN ABS({v} - {t}) = 0.5 THEN {even} ELSE ROUND({x}, {}) END",
        c.args[1]
    ))
}

macro_rules! round_even {
    ($($name:ident = $e:expr;)*) => {$(
        fn $name(c: &Call, ctx: &mut Ctx<'_>) -> Result<String, TranslateError> {
            $e(c, ctx)
        }
    )*};
}

round_even! {
    round_even_spark = |c, ctx| round_even_as(c, ctx, "BROUND({0}, {1})");
    round_even_sf = |c, ctx| round_even_as(c, ctx, "ROUND({0}, {1}, 'HALF_TO_EVEN')");
    round_even_bq = |c, ctx| round_even_as(c, ctx, "ROUND({0}, {1}, 'ROUND_HALF_EVEN')");
    round_even_duckdb = |c, ctx| round_even_as(c, ctx, "ROUND_EVEN({0}, {1})");
    round_even_pg = |c, ctx| round_even_formula(c, ctx, "CAST({} AS NUMERIC)", true);
    round_even_sqlite = |c, ctx| round_even_formula(c, ctx, "{}", false);
    round_even_any = |c, ctx| round_even_formula(c, ctx, "{}", true);
}

/// LN(1 + x).
fn log1p_ln(c: &Call, ctx: &mut Ctx<'_>) -> Result<String, TranslateError> {
    render_as("ln", c, vec![format!("1 + {}", c.args[0])], ctx)
}

/// The set bits of a 64-bit integer, one shifted bit at a time.
fn bit_count_shifts(c: &Call, _ctx: &mut Ctx<'_>) -> Result<String, TranslateError> {
    let x = p(&c.args[0]);
    let bits: Vec<String> = (0..64).map(|k| format!("(({x} >> {k}) & 1)")).collect();
    Ok(format!("({})", bits.join(" + ")))
}

/// HAVERSINE(lat1, lon1, lat2, lon2): the great-circle distance in km on a sphere of radius
/// 6371 km (Snowflake's: its example gives 3936.385096389 km from New York to Los Angeles).
fn haversine(c: &Call, ctx: &mut Ctx<'_>) -> Result<String, TranslateError> {
    let a = &c.args;
    let mut rad = |e: String| render_as("radians", c, vec![e], ctx);
    let dlat = rad(format!("{} - {}", p(&a[2]), p(&a[0])))?;
    let dlon = rad(format!("{} - {}", p(&a[3]), p(&a[1])))?;
    let (r1, r2) = (rad(a[0].clone())?, rad(a[2].clone())?);
    let s = |d: &str| format!("POWER(SIN({d} / 2), 2)");
    Ok(format!(
        "(2 * 6371 * ASIN(SQRT({} + COS({r1}) * COS({r2}) * {})))",
        s(&dlat),
        s(&dlon)
    ))
}

/// An input with a warning.
const fn iw(
    from: &'static [super::DbKind],
    name: &'static str,
    arity: Option<usize>,
    message: &'static str,
) -> Input {
    Input {
        from,
        name,
        arity,
        args: &[],
        warn: Some((Dvt003, message)),
    }
}

pub(super) const NO_MATH: &str = "SQLite is run without its math functions; compute it in the engine (a DataFusion model) or add the value as a column";
const EXP_FORMULA: &str =
    "computed from EXP: may differ in the last digits, and overflows for large arguments";
const LN_FORMULA: &str = "computed from LN and SQRT: may differ in the last digits";
const OVERFLOW: &str = "an overflow is an error instead of NULL";

/// The canonical functions of this family.
#[rustfmt::skip]
pub static FUNCTIONS: &[FunctionDef] = &[
    // --- rounding -------------------------------------------------------------------------------
    FunctionDef {
        name: "trunc", arity: (1, 1), unit_arg: false, kind: Kind::Scalar,
        note: "x truncated toward zero (-2.7 gives -2)",
        inputs: &[ia(&[Snowflake, Postgres, Redshift, DuckDb, DataFusion, BigQuery], "TRUNC", 1, &[]),
                  ia(&[Snowflake, Trino], "TRUNCATE", 1, &[])],
        outputs: &[o(&[Snowflake, Postgres, Redshift, DuckDb, DataFusion, BigQuery], "TRUNC({0})"),
                   o(&[Trino], "TRUNCATE({0})"), o(MYSQL, "TRUNCATE({0}, 0)"), o(&[SqlServer], "ROUND({0}, 0, 1)"),
                   o(&[Sqlite], "CAST({0} AS INTEGER)"), sp(SPARK, trunc_spark)],
    },
    FunctionDef {
        name: "trunc_scale", arity: (2, 2), unit_arg: false, kind: Kind::Scalar,
        note: "x truncated toward zero at n decimal digits (n < 0: left of the point)",
        inputs: &[ia(&[Postgres, Redshift, DataFusion, BigQuery], "TRUNC", 2, &[]),
                  ia(&[Snowflake, MySql, MariaDb, Trino], "TRUNCATE", 2, &[])],
        outputs: &[sp(&[Redshift, DataFusion, BigQuery], trunc_n), sp(&[Postgres], trunc_n_pg),
                   sp(&[Snowflake, MySql, MariaDb, Trino], truncate_n), sp(&[SqlServer], round_trunc_n),
                   sp(SPARK, trunc_n_spark),
                   no(&[Sqlite], NO_MATH),
                   no(ALL, "write CASE WHEN x < 0 THEN CEIL(x * 10^n) ELSE FLOOR(x * 10^n) END / 10^n")],
    },
    FunctionDef {
        name: "round_half_even", arity: (2, 3), unit_arg: false, kind: Kind::Scalar,
        note: "banker's rounding at n digits: a value exactly halfway goes to the even neighbour (2.5 gives 2, 3.5 gives 4); Spark BROUND, RINT, BigQuery and Snowflake 3-argument ROUND",
        inputs: &[ia(SPARK, "BROUND", 1, &[Src::A(0), Src::L("0")]), ia(SPARK, "BROUND", 2, &[]),
                  ia(SPARK, "RINT", 1, &[Src::A(0), Src::L("0")]), ia(&[BigQuery, Snowflake], "ROUND", 3, &[]),
                  ia(&[DuckDb], "ROUND_EVEN", 2, &[])],
        outputs: &[sp(SPARK, round_even_spark), sp(&[Snowflake], round_even_sf), sp(&[BigQuery], round_even_bq),
                   sp(&[DuckDb], round_even_duckdb), sp(&[Postgres], round_even_pg), sp(&[Sqlite], round_even_sqlite),
                   sp(ALL, round_even_any)],
    },
    FunctionDef {
        name: "ceil_scale", arity: (2, 2), unit_arg: false, kind: Kind::Scalar,
        note: "x rounded up at n decimal digits (n < 0: left of the point); Snowflake and Spark CEIL(x, n)",
        inputs: &[ia(&[Snowflake, Spark, Databricks], "CEIL", 2, &[]), ia(SPARK, "CEILING", 2, &[])],
        outputs: &[o(&[Snowflake, Spark, Databricks], "CEIL({0}, {1})"), sp(&[Sqlite], ceil_scaled_sqlite), sp(ALL, ceil_scaled)],
    },
    FunctionDef {
        name: "floor_scale", arity: (2, 2), unit_arg: false, kind: Kind::Scalar,
        note: "x rounded down at n decimal digits (n < 0: left of the point); Snowflake and Spark FLOOR(x, n)",
        inputs: &[ia(&[Snowflake, Spark, Databricks], "FLOOR", 2, &[])],
        outputs: &[o(&[Snowflake, Spark, Databricks], "FLOOR({0}, {1})"), sp(&[Sqlite], floor_scaled_sqlite), sp(ALL, floor_scaled)],
    },
    FunctionDef {
        name: "bit_count", arity: (1, 1), unit_arg: false, kind: Kind::Scalar,
        note: "the number of set bits of x as a 64-bit two's-complement integer (BIT_COUNT(-1) is 64)",
        inputs: &[i(&[MySql, MariaDb, BigQuery, SqlServer], "BIT_COUNT"),
                  iw(&[Spark, Databricks, DuckDb], "BIT_COUNT", None, "the bits of x are counted as a 64-bit integer (a negative 32-bit value has 64 bits here, 32 there)")],
        outputs: &[o(MYSQL, "BIT_COUNT({0})"), o(&[Spark, Databricks, DuckDb], "BIT_COUNT(CAST({0} AS BIGINT))"),
                   o(&[BigQuery], "BIT_COUNT(CAST({0} AS INT64))"), o(&[Postgres], "BIT_COUNT(CAST(CAST({0} AS BIGINT) AS BIT(64)))"),
                   o(&[Trino], "BIT_COUNT({0}, 64)"),
                   ow(&[SqlServer], "BIT_COUNT(CAST({0} AS BIGINT))", Dvt003, "BIT_COUNT needs SQL Server 2022"),
                   no(&[Snowflake], "Snowflake has no bit count; sum BITAND(BITSHIFTRIGHT(x, k), 1) over k = 0 … 63"),
                   sp(ALL, bit_count_shifts)],
    },
    FunctionDef {
        name: "getbit", arity: (2, 2), unit_arg: false, kind: Kind::Scalar,
        note: "bit n (0 = least significant) of an integer, 0 or 1 (Snowflake GETBIT, Spark BIT_GET)",
        inputs: &[i(&[Snowflake], "GETBIT"), i(SPARK, "BIT_GET"), i(SPARK, "GETBIT"), i(&[SqlServer], "GET_BIT")],
        outputs: &[o(&[Snowflake], "GETBIT({0}, {1})"), o(SPARK, "BIT_GET({0}, {1})"),
                   ow(&[SqlServer], "GET_BIT({0}, {1})", Dvt003, "GET_BIT needs SQL Server 2022"),
                   o(&[Trino], "BITWISE_AND(BITWISE_RIGHT_SHIFT_ARITHMETIC({0}, {1}), 1)"),
                   sp(ALL, getbit_shift)],
    },
    FunctionDef {
        name: "pmod", arity: (2, 2), unit_arg: false, kind: Kind::Scalar,
        note: "Spark PMOD: the remainder made non-negative for a positive divisor ((r + n) % n when r = a % n < 0)",
        inputs: &[i(SPARK, "PMOD")],
        outputs: &[o(SPARK, "PMOD({0}, {1})"),
                   o(&[BigQuery], "CASE WHEN MOD({0}, {1}) < 0 THEN MOD(MOD({0}, {1}) + {1}, {1}) ELSE MOD({0}, {1}) END"),
                   sp(ALL, pmod_op)],
    },
    FunctionDef {
        name: "signum", arity: (1, 1), unit_arg: false, kind: Kind::Scalar,
        note: "-1, 0 or 1 by the sign of x (DataFusion spells it signum)",
        inputs: &[i(ALL, "SIGN"), i(&[Spark, Databricks, DataFusion], "SIGNUM")],
        outputs: &[o(&[DataFusion], "SIGNUM({0})"), o(ALL, "SIGN({0})")],
    },
    FunctionDef {
        name: "width_bucket", arity: (4, 4), unit_arg: false, kind: Kind::Scalar,
        note: "WIDTH_BUCKET(x, low, high, n): the 1-based bucket of n equal buckets from low to high; 0 below, n + 1 above",
        inputs: &[i(&[Snowflake, Postgres, Trino, Spark, Databricks], "WIDTH_BUCKET")],
        outputs: &[o(&[Snowflake, Postgres, Trino, Spark, Databricks], "WIDTH_BUCKET({0}, {1}, {2}, {3})"),
                   sp(&[Sqlite], width_bucket_cast), sp(ALL, width_bucket)],
    },
    FunctionDef {
        name: "factorial", arity: (1, 1), unit_arg: false, kind: Kind::Scalar,
        note: "n! of an integer n",
        inputs: &[i(&[Snowflake, Postgres, DuckDb, DataFusion], "FACTORIAL"),
                  iw(SPARK, "FACTORIAL", None, "Spark gives NULL outside 0..20 where others fail or compute")],
        outputs: &[o(&[Snowflake, Postgres, DuckDb, DataFusion, Spark, Databricks], "FACTORIAL({0})"),
                   no(ALL, "join a table of factorials, or compute it in the engine (a DataFusion model)")],
    },
    // --- roots, logarithms, constants ------------------------------------------------------------
    FunctionDef {
        name: "cbrt", arity: (1, 1), unit_arg: false, kind: Kind::Scalar,
        note: "cube root (negative for a negative x)",
        inputs: &[i(&[Snowflake, Postgres, Redshift, DuckDb, DataFusion, Trino, Spark, Databricks, BigQuery], "CBRT")],
        outputs: &[o(&[Snowflake, Postgres, Redshift, DuckDb, DataFusion, Trino, Spark, Databricks, BigQuery], "CBRT({0})"),
                   spw(MYSQL, cbrt_pow, "CBRT computed as POWER(|x|, 1/3): may differ in the last digit"),
                   spw(&[SqlServer], cbrt_pow_float, "CBRT computed as POWER(|x|, 1/3): may differ in the last digit"),
                   no(ALL, NO_MATH)],
    },
    FunctionDef {
        name: "sqrt", arity: (1, 1), unit_arg: false, kind: Kind::Scalar,
        note: "square root",
        inputs: &[i(ALL, "SQRT")],
        outputs: &[no(&[Sqlite], NO_MATH), o(ALL, "SQRT({0})")],
    },
    FunctionDef {
        name: "exp", arity: (1, 1), unit_arg: false, kind: Kind::Scalar,
        note: "e to the power x",
        inputs: &[i(ALL, "EXP")],
        outputs: &[no(&[Sqlite], NO_MATH), o(ALL, "EXP({0})")],
    },
    FunctionDef {
        name: "log1p", arity: (1, 1), unit_arg: false, kind: Kind::Scalar,
        note: "LN(1 + x) (Spark LOG1P, exact near 0)",
        inputs: &[i(SPARK, "LOG1P")],
        outputs: &[o(SPARK, "LOG1P({0})"), no(&[Sqlite], NO_MATH), spw(ALL, log1p_ln, "computed as LN(1 + x): loses precision for x near 0")],
    },
    FunctionDef {
        name: "expm1", arity: (1, 1), unit_arg: false, kind: Kind::Scalar,
        note: "EXP(x) - 1 (Spark EXPM1, exact near 0)",
        inputs: &[i(SPARK, "EXPM1")],
        outputs: &[o(SPARK, "EXPM1({0})"), no(&[Sqlite], NO_MATH), spw(ALL, expm1_exp, "computed as EXP(x) - 1: loses precision for x near 0")],
    },
    FunctionDef {
        name: "hypot", arity: (2, 2), unit_arg: false, kind: Kind::Scalar,
        note: "SQRT(a * a + b * b) (Spark HYPOT)",
        inputs: &[i(SPARK, "HYPOT")],
        outputs: &[o(SPARK, "HYPOT({0}, {1})"), no(&[Sqlite], NO_MATH), sp(ALL, hypot_sqrt)],
    },
    FunctionDef {
        name: "haversine", arity: (4, 4), unit_arg: false, kind: Kind::Scalar,
        note: "HAVERSINE(lat1, lon1, lat2, lon2): great-circle distance in km, Earth radius 6371 km (Snowflake)",
        inputs: &[i(&[Snowflake], "HAVERSINE")],
        outputs: &[o(&[Snowflake], "HAVERSINE({0}, {1}, {2}, {3})"), no(&[Sqlite], NO_MATH), sp(ALL, haversine)],
    },
    FunctionDef {
        name: "log2", arity: (1, 1), unit_arg: false, kind: Kind::Scalar,
        note: "base-2 logarithm",
        inputs: &[i(&[MySql, MariaDb, Spark, Databricks, DuckDb, DataFusion, Trino], "LOG2")],
        outputs: &[o(&[MySql, MariaDb, Spark, Databricks, DuckDb, DataFusion, Trino], "LOG2({0})"),
                   o(&[Snowflake], "LOG(2, {0})"), o(&[BigQuery, SqlServer], "LOG({0}, 2)"),
                   o(&[Postgres], "LOG(2, CAST({0} AS NUMERIC))"),
                   spw(&[Redshift], ln_ratio2, "LOG2 computed as LN(x) / LN(2): may differ in the last digit"),
                   no(ALL, NO_MATH)],
    },
    FunctionDef {
        name: "pi", arity: (0, 0), unit_arg: false, kind: Kind::Scalar,
        note: "π as a double",
        inputs: &[i(ALL, "PI")],
        outputs: &[o(&[BigQuery], "ACOS(-1)"), o(&[Sqlite], "3.141592653589793"), o(ALL, "PI()")],
    },
    FunctionDef {
        name: "e", arity: (0, 0), unit_arg: false, kind: Kind::Scalar,
        note: "Euler's number as a double",
        inputs: &[i(&[Spark, Databricks, Trino], "E")],
        outputs: &[o(&[Spark, Databricks, Trino], "E()"), o(&[Sqlite], "2.718281828459045"), o(ALL, "EXP(1)")],
    },
    FunctionDef {
        name: "negative", arity: (1, 1), unit_arg: false, kind: Kind::Scalar,
        note: "-x (Spark NEGATIVE)",
        inputs: &[i(SPARK, "NEGATIVE")],
        outputs: &[sp(ALL, neg)],
    },
    FunctionDef {
        name: "positive", arity: (1, 1), unit_arg: false, kind: Kind::Scalar,
        note: "x itself (Spark POSITIVE)",
        inputs: &[i(SPARK, "POSITIVE")],
        outputs: &[o(ALL, "{0}")],
    },
    // --- trigonometry ---------------------------------------------------------------------------
    FunctionDef {
        name: "degrees", arity: (1, 1), unit_arg: false, kind: Kind::Scalar,
        note: "radians to degrees, as a double",
        inputs: &[iw(&[SqlServer], "DEGREES", None, "SQL Server returns the argument's type (an integer argument gives a truncated integer)"),
                  i(ALL, "DEGREES")],
        outputs: &[sp(&[BigQuery], degrees_pi), sp(&[Sqlite], degrees_lit),
                   o(&[SqlServer], "DEGREES(CAST({0} AS FLOAT))"), o(ALL, "DEGREES({0})")],
    },
    FunctionDef {
        name: "radians", arity: (1, 1), unit_arg: false, kind: Kind::Scalar,
        note: "degrees to radians, as a double",
        inputs: &[iw(&[SqlServer], "RADIANS", None, "SQL Server returns the argument's type (an integer argument gives a truncated integer)"),
                  i(ALL, "RADIANS")],
        outputs: &[sp(&[BigQuery], radians_pi), sp(&[Sqlite], radians_lit),
                   o(&[SqlServer], "RADIANS(CAST({0} AS FLOAT))"), o(ALL, "RADIANS({0})")],
    },
    FunctionDef {
        name: "atan2", arity: (2, 2), unit_arg: false, kind: Kind::Scalar,
        note: "ATAN2(y, x): the angle of the point (x, y); every dialect takes y first (MySQL also ATAN(y, x), SQL Server ATN2)",
        inputs: &[i(&[Snowflake, Postgres, Redshift, MySql, MariaDb, Spark, Databricks, DuckDb, DataFusion, BigQuery, Trino], "ATAN2"),
                  ia(MYSQL, "ATAN", 2, &[]), i(&[SqlServer], "ATN2")],
        outputs: &[o(&[SqlServer], "ATN2({0}, {1})"), no(&[Sqlite], NO_MATH), o(ALL, "ATAN2({0}, {1})")],
    },
    FunctionDef {
        name: "cot", arity: (1, 1), unit_arg: false, kind: Kind::Scalar,
        note: "cotangent",
        inputs: &[i(&[Snowflake, Postgres, Redshift, MySql, MariaDb, Spark, Databricks, DuckDb, DataFusion, BigQuery, SqlServer], "COT")],
        outputs: &[sp(&[Trino], cot_tan), no(&[Sqlite], NO_MATH), o(ALL, "COT({0})")],
    },
    FunctionDef {
        name: "sec", arity: (1, 1), unit_arg: false, kind: Kind::Scalar,
        note: "secant, 1 / COS(x) (BigQuery SEC)",
        inputs: &[i(&[BigQuery], "SEC")],
        outputs: &[o(&[BigQuery], "SEC({0})"), no(&[Sqlite], NO_MATH), sp(ALL, sec_cos)],
    },
    FunctionDef {
        name: "csc", arity: (1, 1), unit_arg: false, kind: Kind::Scalar,
        note: "cosecant, 1 / SIN(x) (BigQuery CSC)",
        inputs: &[i(&[BigQuery], "CSC")],
        outputs: &[o(&[BigQuery], "CSC({0})"), no(&[Sqlite], NO_MATH), sp(ALL, csc_sin)],
    },
    FunctionDef {
        name: "sinh", arity: (1, 1), unit_arg: false, kind: Kind::Scalar,
        note: "hyperbolic sine",
        inputs: &[i(&[Snowflake, Postgres, Spark, Databricks, BigQuery, DataFusion], "SINH")],
        outputs: &[o(&[Snowflake, Postgres, Spark, Databricks, BigQuery, DataFusion], "SINH({0})"),
                   no(&[Sqlite], NO_MATH), spw(ALL, sinh_exp, EXP_FORMULA)],
    },
    FunctionDef {
        name: "cosh", arity: (1, 1), unit_arg: false, kind: Kind::Scalar,
        note: "hyperbolic cosine",
        inputs: &[i(&[Snowflake, Postgres, Spark, Databricks, BigQuery, DataFusion, Trino], "COSH")],
        outputs: &[o(&[Snowflake, Postgres, Spark, Databricks, BigQuery, DataFusion, Trino], "COSH({0})"),
                   no(&[Sqlite], NO_MATH), spw(ALL, cosh_exp, EXP_FORMULA)],
    },
    FunctionDef {
        name: "tanh", arity: (1, 1), unit_arg: false, kind: Kind::Scalar,
        note: "hyperbolic tangent",
        inputs: &[i(&[Snowflake, Postgres, Spark, Databricks, BigQuery, DataFusion, Trino], "TANH")],
        outputs: &[o(&[Snowflake, Postgres, Spark, Databricks, BigQuery, DataFusion, Trino], "TANH({0})"),
                   no(&[Sqlite], NO_MATH), spw(ALL, tanh_exp, EXP_FORMULA)],
    },
    FunctionDef {
        name: "asinh", arity: (1, 1), unit_arg: false, kind: Kind::Scalar,
        note: "inverse hyperbolic sine",
        inputs: &[i(&[Snowflake, Postgres, Spark, Databricks, BigQuery, DataFusion], "ASINH")],
        outputs: &[o(&[Snowflake, Postgres, Spark, Databricks, BigQuery, DataFusion], "ASINH({0})"),
                   no(&[Sqlite], NO_MATH), spw(&[SqlServer], asinh_log, LN_FORMULA), spw(ALL, asinh_ln, LN_FORMULA)],
    },
    FunctionDef {
        name: "acosh", arity: (1, 1), unit_arg: false, kind: Kind::Scalar,
        note: "inverse hyperbolic cosine (x >= 1)",
        inputs: &[i(&[Snowflake, Postgres, Spark, Databricks, BigQuery, DataFusion], "ACOSH")],
        outputs: &[o(&[Snowflake, Postgres, Spark, Databricks, BigQuery, DataFusion], "ACOSH({0})"),
                   no(&[Sqlite], NO_MATH), spw(&[SqlServer], acosh_log, LN_FORMULA), spw(ALL, acosh_ln, LN_FORMULA)],
    },
    FunctionDef {
        name: "atanh", arity: (1, 1), unit_arg: false, kind: Kind::Scalar,
        note: "inverse hyperbolic tangent (-1 < x < 1)",
        inputs: &[i(&[Snowflake, Postgres, Spark, Databricks, BigQuery, DataFusion], "ATANH")],
        outputs: &[o(&[Snowflake, Postgres, Spark, Databricks, BigQuery, DataFusion], "ATANH({0})"),
                   no(&[Sqlite], NO_MATH), spw(&[SqlServer], atanh_log, LN_FORMULA), spw(ALL, atanh_ln, LN_FORMULA)],
    },
    // --- special values ---------------------------------------------------------------------------
    FunctionDef {
        name: "is_nan", arity: (1, 1), unit_arg: false, kind: Kind::Scalar,
        note: "whether x is NaN, NULL for NULL (MySQL, SQLite and SQL Server cannot hold NaN: false there; Spark's ISNAN is false for NULL)",
        inputs: &[i(&[BigQuery, Trino], "IS_NAN"), i(&[Spark, Databricks, DuckDb, DataFusion], "ISNAN")],
        outputs: &[o(&[BigQuery, Trino], "IS_NAN({0})"), sp(SPARK, nan_spark), o(&[DuckDb, DataFusion], "ISNAN({0})"),
                   sp(PG, nan_pg), sp(&[Snowflake], nan_sf), sp(ALL, never)],
    },
    FunctionDef {
        name: "is_inf", arity: (1, 1), unit_arg: false, kind: Kind::Scalar,
        note: "whether x is +/- infinity (MySQL and SQL Server cannot hold it: false there)",
        inputs: &[i(&[BigQuery], "IS_INF"), i(&[Trino], "IS_INFINITE"), i(&[DuckDb], "ISINF")],
        outputs: &[o(&[BigQuery], "IS_INF({0})"), o(&[Trino], "IS_INFINITE({0})"), o(&[DuckDb], "ISINF({0})"),
                   sp(PG, inf_pg), sp(&[Snowflake], inf_sf), sp(&[Spark, Databricks, DataFusion], inf_double),
                   sp(&[Sqlite], inf_sqlite), sp(ALL, never)],
    },
    FunctionDef {
        name: "nan", arity: (0, 0), unit_arg: false, kind: Kind::Scalar,
        note: "the double NaN (Trino NAN())",
        inputs: &[i(&[Trino], "NAN")],
        outputs: &[o(&[Trino], "NAN()"), o(PG, "CAST('NaN' AS DOUBLE PRECISION)"), o(&[Snowflake], "CAST('NaN' AS FLOAT)"),
                   o(&[BigQuery], "CAST('NaN' AS FLOAT64)"), o(&[Spark, Databricks, DuckDb, DataFusion], "CAST('NaN' AS DOUBLE)"),
                   no(ALL, "the target's numbers cannot be NaN; use NULL")],
    },
    FunctionDef {
        name: "infinity", arity: (0, 0), unit_arg: false, kind: Kind::Scalar,
        note: "the double +infinity (Trino INFINITY())",
        inputs: &[i(&[Trino], "INFINITY")],
        outputs: &[o(&[Trino], "INFINITY()"), o(PG, "CAST('Infinity' AS DOUBLE PRECISION)"), o(&[Snowflake], "CAST('inf' AS FLOAT)"),
                   o(&[BigQuery], "CAST('inf' AS FLOAT64)"), o(&[Spark, Databricks, DuckDb, DataFusion], "CAST('Infinity' AS DOUBLE)"),
                   o(&[Sqlite], "9e999"),
                   no(ALL, "the target's numbers cannot be infinite; use a large sentinel value or NULL")],
    },
    FunctionDef {
        name: "is_finite", arity: (1, 1), unit_arg: false, kind: Kind::Scalar,
        note: "whether x is neither NaN nor +/- infinity",
        inputs: &[i(&[DuckDb], "ISFINITE"), i(&[Trino], "IS_FINITE")],
        outputs: &[o(&[DuckDb], "ISFINITE({0})"), sp(&[Trino], finite_trino), sp(PG, finite_pg), sp(&[Snowflake], finite_sf),
                   sp(&[Spark, Databricks, DataFusion], finite_double), sp(&[BigQuery], finite_bq),
                   sp(&[Sqlite], finite_sqlite), sp(ALL, always)],
    },
    FunctionDef {
        name: "nanvl", arity: (2, 2), unit_arg: false, kind: Kind::Scalar,
        note: "NANVL(a, b): a, or b when a is NaN (NULL when a is NULL)",
        inputs: &[i(&[Spark, Databricks, DataFusion], "NANVL")],
        outputs: &[o(&[Spark, Databricks, DataFusion], "NANVL({0}, {1})"), sp(PG, nanvl_pg), sp(&[Snowflake], nanvl_sf),
                   sp(&[BigQuery, Trino], nanvl_bq), sp(&[DuckDb], nanvl_duckdb), o(ALL, "{0}")],
    },
    FunctionDef {
        name: "is_zero", arity: (1, 1), unit_arg: false, kind: Kind::Scalar,
        note: "whether x is 0 (DataFusion ISZERO)",
        inputs: &[i(&[DataFusion], "ISZERO")],
        outputs: &[o(&[DataFusion], "ISZERO({0})"), sp(ALL, is_zero)],
    },
    // --- bitwise --------------------------------------------------------------------------------
    FunctionDef {
        name: "bitand", arity: (2, 2), unit_arg: false, kind: Kind::Scalar,
        note: "bitwise AND of two integers",
        inputs: &[i(&[Snowflake], "BITAND"), i(&[Trino], "BITWISE_AND")],
        outputs: &[o(&[Snowflake], "BITAND({0}, {1})"), o(&[Trino], "BITWISE_AND({0}, {1})"),
                   sp(MYSQL, band_my), sp(ALL, band)],
    },
    FunctionDef {
        name: "bitor", arity: (2, 2), unit_arg: false, kind: Kind::Scalar,
        note: "bitwise OR of two integers",
        inputs: &[i(&[Snowflake], "BITOR"), i(&[Trino], "BITWISE_OR")],
        outputs: &[o(&[Snowflake], "BITOR({0}, {1})"), o(&[Trino], "BITWISE_OR({0}, {1})"),
                   sp(MYSQL, bor_my), sp(ALL, bor)],
    },
    FunctionDef {
        name: "bitxor", arity: (2, 2), unit_arg: false, kind: Kind::Scalar,
        note: "bitwise exclusive OR of two integers (PostgreSQL #, DuckDB XOR(), ^ elsewhere)",
        inputs: &[i(&[Snowflake], "BITXOR"), i(&[Trino], "BITWISE_XOR"), i(&[DuckDb], "XOR")],
        outputs: &[o(&[Snowflake], "BITXOR({0}, {1})"), o(&[Trino], "BITWISE_XOR({0}, {1})"), o(&[DuckDb], "XOR({0}, {1})"),
                   sp(MYSQL, bxor_my), sp(PG, bxor_pg), sp(&[Sqlite], bxor_sqlite), sp(ALL, bxor)],
    },
    FunctionDef {
        name: "bitnot", arity: (1, 1), unit_arg: false, kind: Kind::Scalar,
        note: "bitwise NOT of an integer (-x - 1)",
        inputs: &[i(&[Snowflake], "BITNOT"), i(&[Trino], "BITWISE_NOT")],
        outputs: &[o(&[Snowflake], "BITNOT({0})"), o(&[Trino], "BITWISE_NOT({0})"),
                   sp(MYSQL, bnot_my), sp(&[DataFusion], bnot_xor), sp(ALL, bnot)],
    },
    FunctionDef {
        name: "bitshiftleft", arity: (2, 2), unit_arg: false, kind: Kind::Scalar,
        note: "x shifted left by n bits",
        inputs: &[i(&[Snowflake], "BITSHIFTLEFT"), i(&[Trino], "BITWISE_LEFT_SHIFT"), i(SPARK, "SHIFTLEFT")],
        outputs: &[o(&[Snowflake], "BITSHIFTLEFT({0}, {1})"), o(&[Trino], "BITWISE_LEFT_SHIFT({0}, {1})"),
                   o(SPARK, "SHIFTLEFT({0}, {1})"), sp(MYSQL, shl_my),
                   ow(&[SqlServer], "LEFT_SHIFT({0}, {1})", Dvt003, "LEFT_SHIFT needs SQL Server 2022"),
                   sp(ALL, shl)],
    },
    FunctionDef {
        name: "bitshiftright", arity: (2, 2), unit_arg: false, kind: Kind::Scalar,
        note: "x shifted right by n bits, keeping the sign (arithmetic shift: -8 gives -4 for n = 1)",
        inputs: &[iw(&[Snowflake], "BITSHIFTRIGHT", None, "BITSHIFTRIGHT of a negative number is taken as an arithmetic (sign-keeping) shift"),
                  i(&[Trino], "BITWISE_RIGHT_SHIFT_ARITHMETIC"), i(SPARK, "SHIFTRIGHT")],
        outputs: &[o(&[Snowflake], "BITSHIFTRIGHT({0}, {1})"), o(&[Trino], "BITWISE_RIGHT_SHIFT_ARITHMETIC({0}, {1})"),
                   o(SPARK, "SHIFTRIGHT({0}, {1})"), sp(MYSQL, shr_my), sp(&[BigQuery], shr_logical),
                   no(&[SqlServer], "divide by POWER(2, n) and take the FLOOR"),
                   sp(ALL, shr)],
    },
    // --- division ---------------------------------------------------------------------------------
    FunctionDef {
        name: "div0", arity: (2, 2), unit_arg: false, kind: Kind::Scalar,
        note: "a / b as a fraction, 0 when b is 0 (NULL when a or b is NULL)",
        inputs: &[i(&[Snowflake], "DIV0")],
        outputs: &[o(&[Snowflake], "DIV0({0}, {1})"), sp(ALL, div0)],
    },
    FunctionDef {
        name: "div0null", arity: (2, 2), unit_arg: false, kind: Kind::Scalar,
        note: "a / b as a fraction, 0 when b is 0 or NULL (NULL when a is NULL)",
        inputs: &[i(&[Snowflake], "DIV0NULL")],
        outputs: &[o(&[Snowflake], "DIV0NULL({0}, {1})"), sp(ALL, div0null)],
    },
    FunctionDef {
        name: "try_divide", arity: (2, 2), unit_arg: false, kind: Kind::Scalar,
        note: "a / b as a fraction, NULL when b is 0 (Spark TRY_DIVIDE)",
        inputs: &[i(SPARK, "TRY_DIVIDE")],
        outputs: &[o(SPARK, "TRY_DIVIDE({0}, {1})"), o(&[BigQuery], "SAFE_DIVIDE({0}, {1})"), sp(ALL, try_divide)],
    },
    FunctionDef {
        name: "try_add", arity: (2, 2), unit_arg: false, kind: Kind::Scalar,
        note: "a + b, NULL on overflow",
        inputs: &[i(SPARK, "TRY_ADD"), i(&[BigQuery], "SAFE_ADD")],
        outputs: &[o(SPARK, "TRY_ADD({0}, {1})"), o(&[BigQuery], "SAFE_ADD({0}, {1})"), spw(ALL, add, OVERFLOW)],
    },
    FunctionDef {
        name: "try_subtract", arity: (2, 2), unit_arg: false, kind: Kind::Scalar,
        note: "a - b, NULL on overflow",
        inputs: &[i(SPARK, "TRY_SUBTRACT"), i(&[BigQuery], "SAFE_SUBTRACT")],
        outputs: &[o(SPARK, "TRY_SUBTRACT({0}, {1})"), o(&[BigQuery], "SAFE_SUBTRACT({0}, {1})"), spw(ALL, sub, OVERFLOW)],
    },
    FunctionDef {
        name: "try_multiply", arity: (2, 2), unit_arg: false, kind: Kind::Scalar,
        note: "a * b, NULL on overflow",
        inputs: &[i(SPARK, "TRY_MULTIPLY"), i(&[BigQuery], "SAFE_MULTIPLY")],
        outputs: &[o(SPARK, "TRY_MULTIPLY({0}, {1})"), o(&[BigQuery], "SAFE_MULTIPLY({0}, {1})"), spw(ALL, mul, OVERFLOW)],
    },
    FunctionDef {
        name: "safe_negate", arity: (1, 1), unit_arg: false, kind: Kind::Scalar,
        note: "-x, NULL on overflow (BigQuery SAFE_NEGATE)",
        inputs: &[i(&[BigQuery], "SAFE_NEGATE")],
        outputs: &[o(&[BigQuery], "SAFE_NEGATE({0})"), spw(ALL, neg, OVERFLOW)],
    },
    FunctionDef {
        name: "ieee_divide", arity: (2, 2), unit_arg: false, kind: Kind::Scalar,
        note: "a / b as a double: a / 0 is +/- infinity, 0 / 0 NaN (BigQuery IEEE_DIVIDE)",
        inputs: &[i(&[BigQuery], "IEEE_DIVIDE")],
        outputs: &[o(&[BigQuery], "IEEE_DIVIDE({0}, {1})"), o(&[Trino], "(CAST({0} AS DOUBLE) / {1})"),
                   sp(PG, ieee_pg), sp(&[Snowflake], ieee_sf), sp(&[Spark, Databricks, DuckDb, DataFusion], ieee_double),
                   no(ALL, "the target's numbers cannot be infinite or NaN; use a CASE on the divisor")],
    },
    FunctionDef {
        name: "gcd", arity: (2, 2), unit_arg: false, kind: Kind::Scalar,
        note: "greatest common divisor of two integers (non-negative)",
        inputs: &[i(&[Postgres, DuckDb, DataFusion], "GCD")],
        outputs: &[o(&[Postgres, DuckDb, DataFusion], "GCD({0}, {1})"),
                   no(ALL, "compute it in the engine (a DataFusion model)")],
    },
    FunctionDef {
        name: "lcm", arity: (2, 2), unit_arg: false, kind: Kind::Scalar,
        note: "least common multiple of two integers (non-negative)",
        inputs: &[i(&[Postgres, DuckDb, DataFusion], "LCM")],
        outputs: &[o(&[Postgres, DuckDb, DataFusion], "LCM({0}, {1})"),
                   no(ALL, "compute it in the engine (a DataFusion model)")],
    },
    // --- NULL and conditional functions -----------------------------------------------------------
    FunctionDef {
        name: "zeroifnull", arity: (1, 1), unit_arg: false, kind: Kind::Scalar,
        note: "x, or 0 when x is NULL",
        inputs: &[i(&[Snowflake, Databricks], "ZEROIFNULL")],
        outputs: &[o(&[Snowflake], "ZEROIFNULL({0})"), o(ALL, "COALESCE({0}, 0)")],
    },
    FunctionDef {
        name: "nullifzero", arity: (1, 1), unit_arg: false, kind: Kind::Scalar,
        note: "x, or NULL when x is 0",
        inputs: &[i(&[Snowflake, Databricks], "NULLIFZERO")],
        outputs: &[o(&[Snowflake], "NULLIFZERO({0})"), o(ALL, "NULLIF({0}, 0)")],
    },
    FunctionDef {
        name: "equal_null", arity: (2, 2), unit_arg: false, kind: Kind::Scalar,
        note: "equality where NULL equals NULL, never NULL (Snowflake EQUAL_NULL)",
        inputs: &[i(&[Snowflake], "EQUAL_NULL")],
        outputs: &[o(&[Snowflake], "EQUAL_NULL({0}, {1})"), sp(ALL, equal_null)],
    },
    FunctionDef {
        name: "is_null", arity: (1, 1), unit_arg: false, kind: Kind::Scalar,
        note: "whether x is NULL (1-argument ISNULL of MySQL and Spark; SQL Server's 2-argument ISNULL is COALESCE)",
        inputs: &[ia(&[MySql, MariaDb, Spark, Databricks], "ISNULL", 1, &[])],
        outputs: &[sp(ALL, is_null)],
    },
    FunctionDef {
        name: "is_not_null", arity: (1, 1), unit_arg: false, kind: Kind::Scalar,
        note: "whether x is not NULL (Spark ISNOTNULL)",
        inputs: &[i(SPARK, "ISNOTNULL")],
        outputs: &[sp(ALL, is_not_null)],
    },
    FunctionDef {
        name: "choose", arity: (2, usize::MAX), unit_arg: false, kind: Kind::Scalar,
        note: "CHOOSE(i, a, b, …): the i-th value (1-based), NULL when i is out of range; MySQL ELT returns it as a string",
        inputs: &[i(&[SqlServer], "CHOOSE"),
                  iw(&[MySql, MariaDb], "ELT", None, "ELT returns a string; the value keeps its own type elsewhere"),
                  i(SPARK, "ELT")],
        outputs: &[o(&[SqlServer], "CHOOSE({*})"), sp(ALL, choose)],
    },
    FunctionDef {
        name: "booland", arity: (2, 2), unit_arg: false, kind: Kind::Scalar,
        note: "(a <> 0) AND (b <> 0) with SQL's three-valued logic (Snowflake BOOLAND)",
        inputs: &[i(&[Snowflake], "BOOLAND")],
        outputs: &[o(&[Snowflake], "BOOLAND({0}, {1})"), sp(ALL, booland)],
    },
    FunctionDef {
        name: "boolor", arity: (2, 2), unit_arg: false, kind: Kind::Scalar,
        note: "(a <> 0) OR (b <> 0) with SQL's three-valued logic (Snowflake BOOLOR)",
        inputs: &[i(&[Snowflake], "BOOLOR")],
        outputs: &[o(&[Snowflake], "BOOLOR({0}, {1})"), sp(ALL, boolor)],
    },
    FunctionDef {
        name: "boolxor", arity: (2, 2), unit_arg: false, kind: Kind::Scalar,
        note: "exactly one of a, b non-zero; NULL when either is NULL (Snowflake BOOLXOR)",
        inputs: &[i(&[Snowflake], "BOOLXOR")],
        outputs: &[o(&[Snowflake], "BOOLXOR({0}, {1})"), sp(ALL, boolxor)],
    },
    FunctionDef {
        name: "boolnot", arity: (1, 1), unit_arg: false, kind: Kind::Scalar,
        note: "x = 0, NULL when x is NULL (Snowflake BOOLNOT)",
        inputs: &[i(&[Snowflake], "BOOLNOT")],
        outputs: &[o(&[Snowflake], "BOOLNOT({0})"), sp(ALL, boolnot)],
    },
    FunctionDef {
        name: "greatest_ignore_nulls", arity: (1, usize::MAX), unit_arg: false, kind: Kind::Scalar,
        note: "the largest non-NULL argument, NULL only when all are NULL",
        inputs: &[i(&[Snowflake], "GREATEST_IGNORE_NULLS")],
        outputs: &[o(&[Snowflake], "GREATEST_IGNORE_NULLS({*})"), sp(ALL, greatest_ignore_nulls)],
    },
    FunctionDef {
        name: "least_ignore_nulls", arity: (1, usize::MAX), unit_arg: false, kind: Kind::Scalar,
        note: "the smallest non-NULL argument, NULL only when all are NULL",
        inputs: &[i(&[Snowflake], "LEAST_IGNORE_NULLS")],
        outputs: &[o(&[Snowflake], "LEAST_IGNORE_NULLS({*})"), sp(ALL, least_ignore_nulls)],
    },
    FunctionDef {
        name: "max_scalar", arity: (2, usize::MAX), unit_arg: false, kind: Kind::Scalar,
        note: "SQLite's MAX(a, b, …) of two or more arguments: the largest, NULL when any is NULL",
        inputs: &[i(&[Sqlite], "MAX")],
        outputs: &[sp(ALL, max_scalar)],
    },
    FunctionDef {
        name: "min_scalar", arity: (2, usize::MAX), unit_arg: false, kind: Kind::Scalar,
        note: "SQLite's MIN(a, b, …) of two or more arguments: the smallest, NULL when any is NULL",
        inputs: &[i(&[Sqlite], "MIN")],
        outputs: &[sp(ALL, min_scalar)],
    },
];
