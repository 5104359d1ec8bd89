//! Strings: searching, slicing, padding, encoding, hashing, distance.
//!
//! Positions are 1-based. Hashes and encodings are of the UTF-8 bytes of a string; SQL Server
//! hashes the bytes of its own types (UTF-16 for `NVARCHAR`), hence a DVT003 there. Where a
//! target lacks a function, an equivalent expression is written when one is exact (padding with
//! `REPLACE(HEX(ZEROBLOB(n)), '00', s)` as SQLite's repetition, comparisons through `CASE`).

use dvt_types::WarningCode::Dvt003;

use super::super::dialect::DbKind;
use super::super::dialect::DbKind::*;
use super::groups::{MYSQL, PG, SPARK};
use super::{
    ALL, input as i, input_args as ix, input_n as ia, out as o, out_warn as ow, special as sp,
};
use super::{Call, Ctx, FunctionDef, Input, Kind, Output, Render, Src};
use super::{computed as spt, refuse_rest as no};
use crate::dialect::DialectCaps;
use crate::error::TranslateError;

/// An input with a warning when translated into another dialect.
const fn iw(
    from: &'static [DbKind],
    name: &'static str,
    arity: Option<usize>,
    args: &'static [Src],
    msg: &'static str,
) -> Input {
    Input {
        from,
        name,
        arity,
        args,
        warn: Some((Dvt003, msg)),
    }
}

/// The body of a plain `'…'` string literal.
fn literal_body(p: &str) -> Option<&str> {
    let t = p.trim();
    (t.len() >= 2 && t.starts_with('\'') && t.ends_with('\'') && !t[1..t.len() - 1].contains('\''))
        .then(|| &t[1..t.len() - 1])
}

/// An integer literal.
fn int_literal(p: &str) -> Option<i64> {
    let t = p
        .trim()
        .trim_start_matches('(')
        .trim_end_matches(')')
        .replace(' ', "");
    t.parse().ok()
}

/// A literal (number or string): never NULL, no need to test it.
fn is_literal(p: &str) -> bool {
    literal_body(p).is_some() || int_literal(p).is_some()
}

/// `n`, or 0 when `n` is negative (NULL stays NULL).
fn clamp0(n: &str) -> String {
    match int_literal(n) {
        Some(k) if k < 0 => "0".into(),
        Some(_) => n.to_string(),
        None => format!("CASE WHEN {n} < 0 THEN 0 ELSE {n} END"),
    }
}

/// `WHEN a IS NULL OR b IS NULL THEN NULL ` for the arguments that are not literals.
fn when_any_null(args: &[&str]) -> String {
    let tests: Vec<String> = args
        .iter()
        .filter(|a| !is_literal(a))
        .map(|a| format!("{a} IS NULL"))
        .collect();
    if tests.is_empty() {
        String::new()
    } else {
        format!("WHEN {} THEN NULL ", tests.join(" OR "))
    }
}

/// A count for PostgreSQL, whose REPEAT, LPAD, RPAD and CHR take `integer`, not `bigint`.
fn pg_int(n: &str) -> String {
    if int_literal(n).is_some() {
        n.to_string()
    } else {
        format!("CAST({n} AS INTEGER)")
    }
}

/// Another catalog function rendered for the target.
fn sub(name: &str, args: Vec<String>, ctx: &mut Ctx<'_>) -> Result<String, TranslateError> {
    let def = super::function(name).expect("catalog function exists");
    let call = Call {
        written: name.to_string(),
        args,
        ..Default::default()
    };
    super::render_call(def, &call, ctx)
}

/// `s` repeated `n` times as the target writes it (the `repeat` rows).
fn repeat_sql(s: &str, n: &str, ctx: &mut Ctx<'_>) -> Result<String, TranslateError> {
    sub("repeat", vec![s.to_string(), n.to_string()], ctx)
}

/// REPLICATE, with a negative count made 0 (REPLICATE gives NULL for it).
fn repeat_replicate(c: &Call, _ctx: &mut Ctx<'_>) -> Result<String, TranslateError> {
    Ok(format!("REPLICATE({}, {})", c.args[0], clamp0(&c.args[1])))
}

/// Repetition as `REPLACE(HEX(ZEROBLOB(n)), '00', s)`, NULL when n is NULL.
fn repeat_zeroblob(c: &Call, _ctx: &mut Ctx<'_>) -> Result<String, TranslateError> {
    let (s, n) = (&c.args[0], &c.args[1]);
    Ok(if is_literal(n) {
        format!("REPLACE(HEX(ZEROBLOB({n})), '00', {s})")
    } else {
        format!("CASE WHEN {n} IS NULL THEN NULL ELSE REPLACE(HEX(ZEROBLOB({n})), '00', {s}) END")
    })
}

/// Repetition as an array of n copies joined, NULL when s is NULL.
fn repeat_array_join(c: &Call, _ctx: &mut Ctx<'_>) -> Result<String, TranslateError> {
    let (s, n) = (&c.args[0], &c.args[1]);
    Ok(if is_literal(s) {
        format!("ARRAY_JOIN(REPEAT({s}, {}), '')", clamp0(n))
    } else {
        format!(
            "CASE WHEN {s} IS NULL THEN NULL ELSE ARRAY_JOIN(REPEAT({s}, {}), '') END",
            clamp0(n)
        )
    })
}

/// REPEAT with a negative count made 0.
fn repeat_clamped(c: &Call, _ctx: &mut Ctx<'_>) -> Result<String, TranslateError> {
    Ok(format!("REPEAT({}, {})", c.args[0], clamp0(&c.args[1])))
}

/// REPEAT with an `integer` count.
fn repeat_pg(c: &Call, _ctx: &mut Ctx<'_>) -> Result<String, TranslateError> {
    Ok(format!("REPEAT({}, {})", c.args[0], pg_int(&c.args[1])))
}

fn chr_pg(c: &Call, _ctx: &mut Ctx<'_>) -> Result<String, TranslateError> {
    Ok(format!("CHR({})", pg_int(&c.args[0])))
}

/// SPACE, with a negative count made 0.
fn space_fn(c: &Call, _ctx: &mut Ctx<'_>) -> Result<String, TranslateError> {
    Ok(format!("SPACE({})", clamp0(&c.args[0])))
}

/// Spaces as the target repeats a string.
fn space_repeat(c: &Call, ctx: &mut Ctx<'_>) -> Result<String, TranslateError> {
    repeat_sql("' '", &c.args[0], ctx)
}

// LPAD / RPAD(s, n, pad): truncated to n characters when longer, `''` for n < 1, NULL when any
// argument is NULL, unchanged up to n when pad is `''`. `LEFT`: LPAD (true) or RPAD.

const fn pad_name(left: bool) -> &'static str {
    if left { "LPAD" } else { "RPAD" }
}

/// The padding and the string in the order of the side padded.
fn pad_joined(left: bool, s: &str, fill: String) -> (String, String) {
    if left {
        (fill, s.to_string())
    } else {
        (s.to_string(), fill)
    }
}

/// LPAD / RPAD with an `integer` count.
fn pad_pg<const LEFT: bool>(c: &Call, _ctx: &mut Ctx<'_>) -> Result<String, TranslateError> {
    let (s, n, p) = (&c.args[0], &c.args[1], &c.args[2]);
    Ok(format!("{}({s}, {}, {p})", pad_name(LEFT), pg_int(n)))
}

/// LPAD / RPAD with a negative count made 0.
fn pad_clamped<const LEFT: bool>(c: &Call, _ctx: &mut Ctx<'_>) -> Result<String, TranslateError> {
    let (s, n, p) = (&c.args[0], &c.args[1], &c.args[2]);
    Ok(format!("{}({s}, {}, {p})", pad_name(LEFT), clamp0(n)))
}

/// LPAD / RPAD where an empty pad that would be needed gives NULL (MySQL): the string cut
/// to n instead.
fn pad_empty_null<const LEFT: bool>(c: &Call, ctx: &mut Ctx<'_>) -> Result<String, TranslateError> {
    let (s, n, p) = (&c.args[0], &c.args[1], &c.args[2]);
    if literal_body(p).is_some_and(|b| !b.is_empty()) {
        return pad_clamped::<LEFT>(c, ctx);
    }
    Ok(format!(
        "CASE WHEN CHAR_LENGTH({p}) = 0 THEN LEFT({s}, {m}) ELSE {name}({s}, {m}, {p}) END",
        m = clamp0(n),
        name = pad_name(LEFT)
    ))
}

/// Padding with REPLICATE and `+`.
fn pad_replicate<const LEFT: bool>(c: &Call, _ctx: &mut Ctx<'_>) -> Result<String, TranslateError> {
    let (s, n, p) = (&c.args[0], &c.args[1], &c.args[2]);
    let nulls = when_any_null(&[s, n, p]);
    let len = format!("(LEN({s} + 'x') - 1)");
    let (a, b) = pad_joined(LEFT, s, format!("LEFT(REPLICATE({p}, {n}), {n} - {len})"));
    Ok(format!(
        "CASE {nulls}WHEN {n} < 1 THEN '' \
             WHEN {len} >= {n} THEN LEFT({s}, {n}) ELSE {a} + {b} END"
    ))
}

/// Padding with the target's repetition, SUBSTR and `||`.
fn pad_repeat<const LEFT: bool>(c: &Call, ctx: &mut Ctx<'_>) -> Result<String, TranslateError> {
    let (s, n, p) = (&c.args[0], &c.args[1], &c.args[2]);
    let nulls = when_any_null(&[s, n, p]);
    let (a, b) = pad_joined(
        LEFT,
        s,
        format!("SUBSTR({}, 1, {n} - LENGTH({s}))", repeat_sql(p, n, ctx)?),
    );
    Ok(format!(
        "CASE {nulls}WHEN {n} < 1 THEN '' \
             WHEN LENGTH({s}) >= {n} THEN SUBSTR({s}, 1, {n}) ELSE {a} || {b} END"
    ))
}

/// CONCAT_WS as a concatenation of `sep || a` for the present arguments, the first separator
/// dropped. `|| '.'` keeps Redshift's LENGTH from ignoring trailing blanks of the separator.
fn concat_ws_pipes(c: &Call, _ctx: &mut Ctx<'_>) -> Result<String, TranslateError> {
    let (sep, rest) = (&c.args[0], &c.args[1..]);
    let parts: Vec<String> = rest
        .iter()
        .map(|a| format!("COALESCE({sep} || {a}, '')"))
        .collect();
    Ok(format!(
        "SUBSTRING({}, LENGTH({sep} || '.'))",
        parts.join(" || ")
    ))
}

/// CONCAT_WS with a NULL separator made to give NULL explicitly (SQL Server).
fn concat_ws_null_sep(c: &Call, _ctx: &mut Ctx<'_>) -> Result<String, TranslateError> {
    let sep = &c.args[0];
    Ok(if is_literal(sep) {
        format!("CONCAT_WS({})", c.args.join(", "))
    } else {
        format!(
            "CASE WHEN {sep} IS NULL THEN NULL ELSE CONCAT_WS({}) END",
            c.args.join(", ")
        )
    })
}

/// CONCAT_WS returning NULL when any argument is NULL, as the target's `||` concatenation.
fn concat_ws_null(c: &Call, ctx: &mut Ctx<'_>) -> Result<String, TranslateError> {
    let (sep, rest) = (&c.args[0], &c.args[1..]);
    let mut args = Vec::new();
    for (k, a) in rest.iter().enumerate() {
        if k > 0 {
            args.push(sep.clone());
        }
        args.push(a.clone());
    }
    if rest.len() == 1 && is_literal(sep) {
        return Ok(rest[0].clone());
    }
    if rest.len() == 1 {
        // The separator still makes the result NULL when it is NULL.
        return Ok(format!(
            "CASE WHEN {sep} IS NULL THEN NULL ELSE {} END",
            rest[0]
        ));
    }
    let call = Call {
        written: c.written.clone(),
        args,
        ..Default::default()
    };
    super::core::concat_null(&call, ctx)
}

const SIZE_HINT: &str = "write the digest size as a literal 224, 256, 384 or 512";
const NO_SIZE_HINT: &str = "this digest size has no function in the target";

/// The digest size of SHA2(s, bits): a literal 224, 256, 384 or 512 (0 means 256).
fn digest_bits(c: &Call, ctx: &Ctx<'_>) -> Result<i64, TranslateError> {
    match int_literal(&c.args[1]) {
        Some(0) => Ok(256),
        Some(b @ (224 | 256 | 384 | 512)) => Ok(b),
        _ => Err(ctx.unsupported("SHA2", SIZE_HINT)),
    }
}

/// A SHA-2 digest from a template over `{s}` and `{bits}`, for the sizes listed (empty: any);
/// another size is an error with `hint`.
fn sha_sized(
    c: &Call,
    ctx: &Ctx<'_>,
    sizes: &[i64],
    template: &str,
    hint: &str,
) -> Result<String, TranslateError> {
    let bits = digest_bits(c, ctx)?;
    if !sizes.is_empty() && !sizes.contains(&bits) {
        return Err(ctx.unsupported("SHA2", hint));
    }
    Ok(template
        .replace("{bits}", &bits.to_string())
        .replace("{s}", &c.args[0]))
}

// SHA-2 as lowercase hex: SHA2(s, bits) with bits 224, 256, 384 or 512 (0 means 256).

/// SHA2 itself: a size that is not a valid literal is passed on.
fn sha2_fn(c: &Call, _ctx: &mut Ctx<'_>) -> Result<String, TranslateError> {
    let bits = match int_literal(&c.args[1]) {
        Some(0) => "256".to_string(),
        Some(b @ (224 | 256 | 384 | 512)) => b.to_string(),
        _ => c.args[1].clone(),
    };
    Ok(format!("SHA2({}, {bits})", c.args[0]))
}

fn sha2_encode_utf8(c: &Call, ctx: &mut Ctx<'_>) -> Result<String, TranslateError> {
    sha_sized(
        c,
        ctx,
        &[],
        "ENCODE(SHA{bits}(CONVERT_TO({s}, 'UTF8')), 'hex')",
        NO_SIZE_HINT,
    )
}

fn sha2_encode(c: &Call, ctx: &mut Ctx<'_>) -> Result<String, TranslateError> {
    sha_sized(c, ctx, &[], "ENCODE(SHA{bits}({s}), 'hex')", NO_SIZE_HINT)
}

fn sha2_sha256(c: &Call, ctx: &mut Ctx<'_>) -> Result<String, TranslateError> {
    sha_sized(c, ctx, &[256], "SHA256({s})", NO_SIZE_HINT)
}

fn sha2_to_hex(c: &Call, ctx: &mut Ctx<'_>) -> Result<String, TranslateError> {
    sha_sized(c, ctx, &[256, 512], "TO_HEX(SHA{bits}({s}))", NO_SIZE_HINT)
}

fn sha2_to_hex_utf8(c: &Call, ctx: &mut Ctx<'_>) -> Result<String, TranslateError> {
    sha_sized(
        c,
        ctx,
        &[256, 512],
        "LOWER(TO_HEX(SHA{bits}(TO_UTF8({s}))))",
        NO_SIZE_HINT,
    )
}

const HASHBYTES_WARNING: &str =
    "SHA2: SQL Server hashes the bytes of its own string type (UTF-16 for NVARCHAR)";

fn sha2_hashbytes(c: &Call, ctx: &mut Ctx<'_>) -> Result<String, TranslateError> {
    let bits = digest_bits(c, ctx)?;
    if bits != 256 && bits != 512 {
        return Err(ctx.unsupported("SHA2", NO_SIZE_HINT));
    }
    ctx.warn(Dvt003, HASHBYTES_WARNING);
    Ok(format!(
        "LOWER(CONVERT(VARCHAR({}), HASHBYTES('SHA2_{bits}', {}), 2))",
        bits / 4,
        c.args[0]
    ))
}

/// No hash functions at all.
fn sha2_none(c: &Call, ctx: &mut Ctx<'_>) -> Result<String, TranslateError> {
    digest_bits(c, ctx)?;
    Err(ctx.unsupported(
        "SHA2",
        "SQLite has no hash functions; compute the digest in the engine",
    ))
}

/// No function for any size.
fn sha2_other(c: &Call, ctx: &mut Ctx<'_>) -> Result<String, TranslateError> {
    digest_bits(c, ctx)?;
    Err(ctx.unsupported("SHA2", NO_SIZE_HINT))
}

/// The single character of a one-character string literal.
fn single_char(p: &str) -> bool {
    literal_body(p).is_some_and(|b| b.chars().count() == 1 && b != "\\")
}

/// TRIM(side chars FROM s) where TRIM removes one repeated string (MySQL): exact for a single
/// character only.
fn trim_one_string(side: &str, c: &Call, ctx: &mut Ctx<'_>) -> Result<String, TranslateError> {
    let (s, chars) = (&c.args[0], &c.args[1]);
    if single_char(chars) {
        return Ok(format!("TRIM({side} {chars} FROM {s})"));
    }
    Err(ctx.unsupported(
        &c.written.to_ascii_uppercase(),
        "MySQL trims one repeated string, not a set of characters: trim one character at a time",
    ))
}

fn ltrim_one_string(c: &Call, ctx: &mut Ctx<'_>) -> Result<String, TranslateError> {
    trim_one_string("LEADING", c, ctx)
}

fn rtrim_one_string(c: &Call, ctx: &mut Ctx<'_>) -> Result<String, TranslateError> {
    trim_one_string("TRAILING", c, ctx)
}

fn btrim_one_string(c: &Call, ctx: &mut Ctx<'_>) -> Result<String, TranslateError> {
    trim_one_string("BOTH", c, ctx)
}

/// SUBSTRING_INDEX(s, delim, count) in PostgreSQL, for a literal count.
fn substring_index_pg(c: &Call, ctx: &mut Ctx<'_>) -> Result<String, TranslateError> {
    let (s, d) = (&c.args[0], &c.args[1]);
    let Some(k) = int_literal(&c.args[2]) else {
        return Err(ctx.unsupported("SUBSTRING_INDEX", "write the count as an integer literal"));
    };
    let arr = format!("STRING_TO_ARRAY({s}, {d})");
    Ok(match k {
        0 => format!("CASE WHEN {s} IS NULL OR {d} IS NULL THEN NULL ELSE '' END"),
        k if k > 0 => format!("ARRAY_TO_STRING(({arr})[1:{k}], {d})"),
        k => format!(
            "ARRAY_TO_STRING(({arr})[CARDINALITY({arr}) + 1 - {}:], {d})",
            -k
        ),
    })
}

/// FIELD(s, s1, s2, …): the 1-based index of s among the others, 0 when absent or NULL.
fn field(c: &Call, _ctx: &mut Ctx<'_>) -> Result<String, TranslateError> {
    let mut out = String::from("CASE");
    for (k, a) in c.args[1..].iter().enumerate() {
        out.push_str(&format!(" WHEN {} = {a} THEN {}", c.args[0], k + 1));
    }
    out.push_str(" ELSE 0 END");
    Ok(out)
}

/// `q || REPLACE(s, q, q q) || q`, in the target's concatenation.
fn quoted(c: &Call, ctx: &mut Ctx<'_>, q: &str, qq: &str) -> Result<String, TranslateError> {
    let call = Call {
        written: c.written.clone(),
        args: vec![
            q.to_string(),
            format!("REPLACE({}, {q}, {qq})", c.args[0]),
            q.to_string(),
        ],
        ..Default::default()
    };
    super::core::concat_null(&call, ctx)
}

fn quote_ident(c: &Call, ctx: &mut Ctx<'_>) -> Result<String, TranslateError> {
    quoted(c, ctx, "'\"'", "'\"\"'")
}

fn quote_literal(c: &Call, ctx: &mut Ctx<'_>) -> Result<String, TranslateError> {
    quoted(c, ctx, "''''", "''''''")
}

/// TRANSLATE as nested REPLACE calls, when `from` and `to` are literals and no replacement
/// character is itself replaced by a later step.
fn translate_replace(c: &Call, ctx: &mut Ctx<'_>) -> Result<String, TranslateError> {
    let hint = "write TRANSLATE's character lists as literals (no character of `to` may appear later in `from`), or use nested REPLACE calls";
    let (Some(from), Some(to)) = (literal_body(&c.args[1]), literal_body(&c.args[2])) else {
        return Err(ctx.unsupported("TRANSLATE", hint));
    };
    if ctx.to.caps().backslash_escapes && (from.contains('\\') || to.contains('\\')) {
        return Err(ctx.unsupported("TRANSLATE", hint));
    }
    let to: Vec<char> = to.chars().collect();
    let mut steps: Vec<(char, Option<char>)> = Vec::new();
    for (k, f) in from.chars().enumerate() {
        if !steps.iter().any(|(g, _)| *g == f) {
            steps.push((f, to.get(k).copied()));
        }
    }
    for (k, (_, r)) in steps.iter().enumerate() {
        if let Some(r) = r
            && steps[k + 1..].iter().any(|(g, _)| g == r)
        {
            return Err(ctx.unsupported("TRANSLATE", hint));
        }
    }
    let mut out = c.args[0].clone();
    for (f, r) in steps {
        let r = r.map(String::from).unwrap_or_default();
        out = format!("REPLACE({out}, '{f}', '{r}')");
    }
    Ok(out)
}

/// INSERT(s, pos, len, new) with MySQL's semantics: s unchanged when pos is outside it, the
/// rest of s replaced when len is negative or reaches past the end, NULL when any is NULL.
/// Here with STUFF and LEN (SQL Server).
fn insert_stuff(c: &Call, _ctx: &mut Ctx<'_>) -> Result<String, TranslateError> {
    let (s, pos, len, new) = (&c.args[0], &c.args[1], &c.args[2], &c.args[3]);
    let nulls = when_any_null(&[s, pos, len, new]);
    let n = format!("(LEN({s} + 'x') - 1)");
    Ok(format!(
        "CASE {nulls}WHEN {pos} < 1 OR {pos} > {n} THEN {s} \
         ELSE STUFF({s}, {pos}, CASE WHEN {len} < 0 THEN {n} ELSE {len} END, {new}) END"
    ))
}

/// INSERT as above, with SUBSTR and the target's concatenation.
fn insert(c: &Call, ctx: &mut Ctx<'_>) -> Result<String, TranslateError> {
    let (s, pos, len, new) = (&c.args[0], &c.args[1], &c.args[2], &c.args[3]);
    let nulls = when_any_null(&[s, pos, len, new]);
    let length = ctx.to.caps().length_name;
    let call = Call {
        written: c.written.clone(),
        args: vec![
            format!("SUBSTR({s}, 1, {pos} - 1)"),
            new.clone(),
            format!("CASE WHEN {len} < 0 THEN '' ELSE SUBSTR({s}, {pos} + {len}) END"),
        ],
        ..Default::default()
    };
    let joined = super::core::concat_null(&call, ctx)?;
    Ok(format!(
        "CASE {nulls}WHEN {pos} < 1 OR {pos} > {length}({s}) THEN {s} ELSE {joined} END"
    ))
}

/// PostgreSQL FORMAT(fmt, …) with `%s` and `%%` only, as a concatenation (NULL arguments
/// give ''), for targets without it; `text` is the target's text type for CAST.
fn format_concat(c: &Call, ctx: &mut Ctx<'_>, text: &str) -> Result<String, TranslateError> {
    let hint = "only a literal format with %s and %% is translated; build the string with ||";
    let Some(fmt) = literal_body(&c.args[0]) else {
        return Err(ctx.unsupported("FORMAT", hint));
    };
    let mut parts: Vec<String> = Vec::new();
    let mut text_part = String::new();
    let mut args = c.args[1..].iter();
    let mut chars = fmt.chars();
    while let Some(ch) = chars.next() {
        if ch != '%' {
            text_part.push(ch);
            continue;
        }
        match chars.next() {
            Some('%') => text_part.push('%'),
            Some('s') => {
                let Some(a) = args.next() else {
                    return Err(ctx.unsupported("FORMAT", "too few arguments for the format"));
                };
                if !text_part.is_empty() {
                    parts.push(format!("'{}'", std::mem::take(&mut text_part)));
                }
                parts.push(format!("COALESCE(CAST({a} AS {text}), '')"));
            }
            _ => return Err(ctx.unsupported("FORMAT", hint)),
        }
    }
    if !text_part.is_empty() || parts.is_empty() {
        parts.push(format!("'{text_part}'"));
    }
    if parts.len() == 1 {
        return Ok(parts.remove(0));
    }
    let call = Call {
        written: c.written.clone(),
        args: parts,
        ..Default::default()
    };
    super::core::concat_null(&call, ctx)
}

fn format_char(c: &Call, ctx: &mut Ctx<'_>) -> Result<String, TranslateError> {
    format_concat(c, ctx, "CHAR")
}

fn format_string(c: &Call, ctx: &mut Ctx<'_>) -> Result<String, TranslateError> {
    format_concat(c, ctx, "STRING")
}

fn format_nvarchar(c: &Call, ctx: &mut Ctx<'_>) -> Result<String, TranslateError> {
    format_concat(c, ctx, "NVARCHAR(MAX)")
}

fn format_text(c: &Call, ctx: &mut Ctx<'_>) -> Result<String, TranslateError> {
    format_concat(c, ctx, "TEXT")
}

fn format_varchar(c: &Call, ctx: &mut Ctx<'_>) -> Result<String, TranslateError> {
    format_concat(c, ctx, "VARCHAR")
}

fn quote_nullable(c: &Call, ctx: &mut Ctx<'_>) -> Result<String, TranslateError> {
    Ok(format!("COALESCE({}, 'NULL')", quote_literal(c, ctx)?))
}

// SHA-2 as bytes: SHA2_BINARY(s, bits) with bits 224, 256, 384 or 512.

fn sha2_binary_fn(c: &Call, ctx: &mut Ctx<'_>) -> Result<String, TranslateError> {
    sha_sized(c, ctx, &[], "SHA2_BINARY({s}, {bits})", HASH_HINT)
}

fn sha2_binary_utf8(c: &Call, ctx: &mut Ctx<'_>) -> Result<String, TranslateError> {
    sha_sized(c, ctx, &[], "SHA{bits}(CONVERT_TO({s}, 'UTF8'))", HASH_HINT)
}

fn sha2_binary_sha(c: &Call, ctx: &mut Ctx<'_>) -> Result<String, TranslateError> {
    sha_sized(c, ctx, &[], "SHA{bits}({s})", HASH_HINT)
}

fn sha2_binary_unhex(c: &Call, ctx: &mut Ctx<'_>) -> Result<String, TranslateError> {
    sha_sized(c, ctx, &[], "UNHEX(SHA2({s}, {bits}))", HASH_HINT)
}

fn sha2_binary_sha256(c: &Call, ctx: &mut Ctx<'_>) -> Result<String, TranslateError> {
    sha_sized(c, ctx, &[256], "UNHEX(SHA256({s}))", HASH_HINT)
}

fn sha2_binary_sha_256_512(c: &Call, ctx: &mut Ctx<'_>) -> Result<String, TranslateError> {
    sha_sized(c, ctx, &[256, 512], "SHA{bits}({s})", HASH_HINT)
}

fn sha2_binary_sha_utf8(c: &Call, ctx: &mut Ctx<'_>) -> Result<String, TranslateError> {
    sha_sized(c, ctx, &[256, 512], "SHA{bits}(TO_UTF8({s}))", HASH_HINT)
}

fn sha2_binary_hashbytes(c: &Call, ctx: &mut Ctx<'_>) -> Result<String, TranslateError> {
    let bits = digest_bits(c, ctx)?;
    if bits != 256 && bits != 512 {
        return Err(ctx.unsupported("SHA2", HASH_HINT));
    }
    ctx.warn(Dvt003, HASHBYTES_WARNING);
    Ok(format!("HASHBYTES('SHA2_{bits}', {})", c.args[0]))
}

fn sha2_binary_other(c: &Call, ctx: &mut Ctx<'_>) -> Result<String, TranslateError> {
    digest_bits(c, ctx)?;
    Err(ctx.unsupported("SHA2", HASH_HINT))
}

fn quotename(c: &Call, ctx: &mut Ctx<'_>) -> Result<String, TranslateError> {
    let call = Call {
        written: c.written.clone(),
        args: vec![
            "'['".into(),
            format!("REPLACE({}, ']', ']]')", c.args[0]),
            "']'".into(),
        ],
        ..Default::default()
    };
    super::core::concat_null(&call, ctx)
}

const BASE64_HINT: &str = "encode in the engine: the target has no Base64 function";
/// The digits after the point of FORMAT_NUMBER(x, d): a literal 0 to 30.
fn format_digits(c: &Call, ctx: &Ctx<'_>) -> Result<usize, TranslateError> {
    match int_literal(&c.args[1]) {
        Some(d @ 0..=30) => Ok(d as usize),
        _ => Err(ctx.unsupported(
            "FORMAT_NUMBER",
            "write the number of decimals as an integer literal",
        )),
    }
}

/// A numeric format model with thousands separators and `d` decimals
/// (`FM999,999,…,990.00`), up to 21 integer digits.
fn grouped_model(d: usize) -> String {
    let int = "999,".repeat(6) + "990";
    if d == 0 {
        format!("'FM{int}'")
    } else {
        format!("'FM{int}.{}'", "0".repeat(d))
    }
}

/// FORMAT_NUMBER as TO_CHAR with a numeric format model.
fn format_number_model(c: &Call, ctx: &mut Ctx<'_>) -> Result<String, TranslateError> {
    let d = format_digits(c, ctx)?;
    Ok(format!("TO_CHAR({}, {})", c.args[0], grouped_model(d)))
}

/// FORMAT_NUMBER as a C-style format with the `,` grouping flag (`%,.2f`), in `name(fmt, x)`.
fn format_number_printf(name: &str, c: &Call, ctx: &mut Ctx<'_>) -> Result<String, TranslateError> {
    let d = format_digits(c, ctx)?;
    Ok(format!("{name}('%,.{d}f', {})", c.args[0]))
}

fn format_number_sqlite(c: &Call, ctx: &mut Ctx<'_>) -> Result<String, TranslateError> {
    format_number_printf("PRINTF", c, ctx)
}

fn format_number_trino(c: &Call, ctx: &mut Ctx<'_>) -> Result<String, TranslateError> {
    format_number_printf("FORMAT", c, ctx)
}

/// FORMAT_NUMBER as SQL Server's FORMAT with the `N` standard format.
fn format_number_tsql(c: &Call, ctx: &mut Ctx<'_>) -> Result<String, TranslateError> {
    let d = format_digits(c, ctx)?;
    Ok(format!("FORMAT({}, 'N{d}')", c.args[0]))
}

/// DIFFERENCE(a, b): how many of the four SOUNDEX characters of a and b agree (0 to 4),
/// NULL when either is NULL, with the target's SOUNDEX.
fn difference(c: &Call, ctx: &mut Ctx<'_>) -> Result<String, TranslateError> {
    let (a, b) = (&c.args[0], &c.args[1]);
    let sa = sub("soundex", vec![a.clone()], ctx)?;
    let sb = sub("soundex", vec![b.clone()], ctx)?;
    let substr = ctx.to.caps().substring_name;
    let same: Vec<String> = (1..=4)
        .map(|k| {
            format!("CASE WHEN {substr}({sa}, {k}, 1) = {substr}({sb}, {k}, 1) THEN 1 ELSE 0 END")
        })
        .collect();
    let nulls = when_any_null(&[a, b]);
    Ok(if nulls.is_empty() {
        format!("({})", same.join(" + "))
    } else {
        format!("CASE {nulls}ELSE {} END", same.join(" + "))
    })
}

/// A LIKE pattern of SQL Server (`%`, `_`, `[…]` classes) as a regular expression: anchored at
/// an end without `%`, literal characters that are regex operators put in a class. `None` for
/// characters that cannot be carried (backslash, `^` or `]` outside a class).
fn like_to_regex(like: &str) -> Option<String> {
    let body = like.strip_prefix('%');
    let (start, body) = match body {
        Some(b) => ("", b),
        None => ("^", like),
    };
    let (body, end) = match body.strip_suffix('%') {
        Some(b) => (b, ""),
        None => (body, "$"),
    };
    let mut out = String::from(start);
    let mut in_class = false;
    for ch in body.chars() {
        match ch {
            '\\' => return None,
            _ if in_class => {
                in_class = ch != ']';
                out.push(ch);
            }
            '[' => {
                in_class = true;
                out.push(ch);
            }
            '%' => out.push_str(".*"),
            '_' => out.push('.'),
            '^' | ']' => return None,
            '.' | '*' | '+' | '?' | '(' | ')' | '{' | '}' | '|' | '$' => {
                out.push('[');
                out.push(ch);
                out.push(']');
            }
            _ => out.push(ch),
        }
    }
    (!in_class).then(|| format!("'{out}{end}'"))
}

/// PATINDEX(pattern, s): the 1-based start of the first match of a literal LIKE pattern, 0 when
/// none, through the target's REGEXP_INSTR.
fn patindex(c: &Call, ctx: &mut Ctx<'_>) -> Result<String, TranslateError> {
    let Some(re) = literal_body(&c.args[0]).and_then(like_to_regex) else {
        return Err(ctx.unsupported(
            "PATINDEX",
            "write the pattern as a literal without backslashes, or ^ and ] outside a [class]",
        ));
    };
    sub("regexp_instr", vec![c.args[1].clone(), re], ctx)
}

/// CONTAINS_SUBSTR(s, x) as the target's STRPOS over both sides in lower case.
fn contains_lower(c: &Call, ctx: &mut Ctx<'_>) -> Result<String, TranslateError> {
    let args = vec![
        format!("LOWER({})", c.args[0]),
        format!("LOWER({})", c.args[1]),
    ];
    Ok(format!("{} > 0", sub("strpos", args, ctx)?))
}

const HASH_HINT: &str = "the target has no built-in hash of this kind; compute it in the engine";

/// The function rows of this group.
#[rustfmt::skip]
pub static FUNCTIONS: &[FunctionDef] = &[
    FunctionDef {
        name: "repeat", arity: (2, 2), unit_arg: false, kind: Kind::Scalar,
        note: "s repeated n times; '' when n <= 0, NULL when either is NULL",
        inputs: &[i(&[Snowflake, BigQuery, Spark, Databricks, Postgres, Redshift, MySql, MariaDb, DuckDb, DataFusion], "REPEAT"),
                  iw(&[SqlServer], "REPLICATE", None, &[], "REPLICATE with a negative count is NULL in SQL Server, '' elsewhere"),
                  i(&[Redshift], "REPLICATE")],
        outputs: &[spt(&[SqlServer], repeat_replicate), spt(&[Sqlite], repeat_zeroblob), spt(&[Trino], repeat_array_join),
                   spt(&[BigQuery, Snowflake, Redshift], repeat_clamped), spt(&[Postgres], repeat_pg),
                   o(ALL, "REPEAT({0}, {1})")],
    },
    FunctionDef {
        name: "space", arity: (1, 1), unit_arg: false, kind: Kind::Scalar,
        note: "n spaces; '' when n <= 0",
        inputs: &[i(&[SqlServer, MySql, MariaDb, Spark, Databricks], "SPACE")],
        outputs: &[spt(&[SqlServer, MySql, MariaDb, Spark, Databricks], space_fn), sp(space_repeat)],
    },
    FunctionDef {
        name: "reverse", arity: (1, 1), unit_arg: false, kind: Kind::Scalar,
        note: "the characters of s in reverse order",
        inputs: &[i(&[Snowflake, BigQuery, Spark, Databricks, Postgres, Redshift, SqlServer, MySql, MariaDb, DuckDb, Trino, DataFusion], "REVERSE")],
        outputs: &[o(&[Snowflake, BigQuery, Spark, Databricks, Postgres, Redshift, SqlServer, MySql, MariaDb, DuckDb, Trino, DataFusion], "REVERSE({0})"),
                   no("SQLite has no REVERSE; reverse the string in the engine")],
    },
    FunctionDef {
        name: "translate", arity: (3, 3), unit_arg: false, kind: Kind::Scalar,
        note: "each character of s found in `from` replaced by the one at the same place in `to`, deleted when `to` is shorter",
        inputs: &[i(&[Snowflake, BigQuery, Spark, Databricks, Postgres, Redshift, DuckDb, Trino, DataFusion], "TRANSLATE"),
                  i(&[SqlServer], "TRANSLATE")],
        outputs: &[o(&[Snowflake, BigQuery, Spark, Databricks, Postgres, Redshift, DuckDb, Trino, DataFusion], "TRANSLATE({0}, {1}, {2})"),
                   ow(&[SqlServer], "TRANSLATE({0}, {1}, {2})", Dvt003, "SQL Server raises an error when the two character lists differ in length"),
                   sp(translate_replace)],
    },
    FunctionDef {
        name: "concat_ws", arity: (2, usize::MAX), unit_arg: false, kind: Kind::Scalar,
        note: "CONCAT_WS(sep, a, …): the non-NULL arguments joined by sep; NULL when sep is NULL",
        inputs: &[i(&[Postgres, MySql, MariaDb, Spark, Databricks, SqlServer, DuckDb, Trino, DataFusion, Sqlite], "CONCAT_WS")],
        outputs: &[o(&[BigQuery], "ARRAY_TO_STRING([{1*}], {0})"),
                   o(&[Snowflake], "ARRAY_TO_STRING(ARRAY_CONSTRUCT_COMPACT({1*}), {0})"),
                   spt(&[Redshift], concat_ws_pipes), spt(&[SqlServer], concat_ws_null_sep),
                   o(ALL, "CONCAT_WS({*})")],
    },
    FunctionDef {
        name: "concat_ws_null", arity: (2, usize::MAX), unit_arg: false, kind: Kind::Scalar,
        note: "CONCAT_WS(sep, a, …) that is NULL when any argument is NULL (Snowflake)",
        inputs: &[i(&[Snowflake], "CONCAT_WS")],
        outputs: &[o(&[Snowflake], "CONCAT_WS({*})"), sp(concat_ws_null)],
    },
    FunctionDef {
        name: "lpad", arity: (3, 3), unit_arg: false, kind: Kind::Scalar,
        note: "s padded on the left with pad (default ' ') to n characters, cut to n when longer; '' when n < 1",
        inputs: &[ix(&[Snowflake, BigQuery, Spark, Databricks, Postgres, Redshift, DataFusion], "LPAD", &[Src::A(0), Src::A(1), Src::AOr(2, "' '")]),
                  ia(&[MySql, MariaDb, DuckDb, Trino], "LPAD", 3, &[])],
        outputs: &[spt(&[Postgres], pad_pg::<true>),
                   o(&[Redshift, DataFusion, Spark, Databricks, DuckDb], "LPAD({0}, {1}, {2})"),
                   spt(MYSQL, pad_empty_null::<true>), spt(&[BigQuery, Snowflake, Trino], pad_clamped::<true>),
                   spt(&[SqlServer], pad_replicate::<true>), sp(pad_repeat::<true>)],
    },
    FunctionDef {
        name: "rpad", arity: (3, 3), unit_arg: false, kind: Kind::Scalar,
        note: "s padded on the right with pad (default ' ') to n characters, cut to n when longer; '' when n < 1",
        inputs: &[ix(&[Snowflake, BigQuery, Spark, Databricks, Postgres, Redshift, DataFusion], "RPAD", &[Src::A(0), Src::A(1), Src::AOr(2, "' '")]),
                  ia(&[MySql, MariaDb, DuckDb, Trino], "RPAD", 3, &[])],
        outputs: &[spt(&[Postgres], pad_pg::<false>),
                   o(&[Redshift, DataFusion, Spark, Databricks, DuckDb], "RPAD({0}, {1}, {2})"),
                   spt(MYSQL, pad_empty_null::<false>), spt(&[BigQuery, Snowflake, Trino], pad_clamped::<false>),
                   spt(&[SqlServer], pad_replicate::<false>), sp(pad_repeat::<false>)],
    },
    FunctionDef {
        name: "initcap", arity: (1, 1), unit_arg: false, kind: Kind::Scalar,
        note: "first letter of each word upper case, the rest lower case; words are runs of letters and digits (PostgreSQL)",
        inputs: &[i(&[Postgres, Redshift, DataFusion], "INITCAP"),
                  iw(&[Snowflake, BigQuery, Spark, Databricks], "INITCAP", None, &[], "word delimiters differ (Spark: whitespace only; Snowflake and BigQuery: whitespace and listed punctuation, not apostrophes)")],
        outputs: &[o(&[Postgres, Redshift, DataFusion], "INITCAP({0})"),
                   ow(&[Snowflake, BigQuery], "INITCAP({0})", Dvt003, "apostrophes and some symbols do not start a new word"),
                   ow(SPARK, "INITCAP({0})", Dvt003, "only whitespace starts a new word"),
                   no("the target has no INITCAP; capitalize in the engine")],
    },
    FunctionDef {
        name: "lower", arity: (1, 1), unit_arg: false, kind: Kind::Scalar,
        note: "lower case: LCASE of MySQL, Spark and DuckDB (LOWER itself is portable)",
        inputs: &[i(&[MySql, MariaDb, Spark, Databricks, DuckDb], "LCASE")],
        outputs: &[o(ALL, "LOWER({0})")],
    },
    FunctionDef {
        name: "upper", arity: (1, 1), unit_arg: false, kind: Kind::Scalar,
        note: "upper case: UCASE of MySQL, Spark and DuckDB (UPPER itself is portable)",
        inputs: &[i(&[MySql, MariaDb, Spark, Databricks, DuckDb], "UCASE")],
        outputs: &[o(ALL, "UPPER({0})")],
    },
    FunctionDef {
        name: "bit_length", arity: (1, 1), unit_arg: false, kind: Kind::Scalar,
        note: "bits in the UTF-8 bytes of a string",
        inputs: &[i(&[Postgres, MySql, MariaDb, Spark, Databricks, DataFusion, DuckDb, Snowflake], "BIT_LENGTH")],
        outputs: &[o(&[Postgres, MySql, MariaDb, Spark, Databricks, DataFusion, DuckDb, Snowflake], "BIT_LENGTH({0})"),
                   o(&[Redshift], "(OCTET_LENGTH({0}) * 8)"), o(&[Sqlite], "(LENGTH(CAST({0} AS BLOB)) * 8)"),
                   o(&[BigQuery], "(BYTE_LENGTH({0}) * 8)"), o(&[Trino], "(LENGTH(TO_UTF8({0})) * 8)"),
                   ow(&[SqlServer], "(DATALENGTH({0}) * 8)", Dvt003, "DATALENGTH counts UTF-16 bytes for NVARCHAR")],
    },
    FunctionDef {
        name: "replace", arity: (3, 3), unit_arg: false, kind: Kind::Scalar,
        note: "every occurrence of a substring replaced; Snowflake's 2-argument form removes it",
        inputs: &[ia(&[Snowflake], "REPLACE", 2, &[Src::A(0), Src::A(1), Src::L("''")])],
        outputs: &[o(ALL, "REPLACE({0}, {1}, {2})")],
    },
    FunctionDef {
        name: "md5", arity: (1, 1), unit_arg: false, kind: Kind::Scalar,
        note: "MD5 of the UTF-8 bytes as 32 lowercase hex digits",
        inputs: &[i(&[Postgres, Redshift, Snowflake, Spark, Databricks, MySql, MariaDb, DuckDb, DataFusion], "MD5"), i(&[Snowflake], "MD5_HEX")],
        outputs: &[o(&[Postgres, Redshift, Snowflake, Spark, Databricks, MySql, MariaDb, DuckDb, DataFusion], "MD5({0})"),
                   o(&[BigQuery], "TO_HEX(MD5({0}))"), o(&[Trino], "LOWER(TO_HEX(MD5(TO_UTF8({0}))))"),
                   ow(&[SqlServer], "LOWER(CONVERT(VARCHAR(32), HASHBYTES('MD5', {0}), 2))", Dvt003, "SQL Server hashes the bytes of its own string type (UTF-16 for NVARCHAR)"),
                   no(HASH_HINT)],
    },
    FunctionDef {
        name: "md5_binary", arity: (1, 1), unit_arg: false, kind: Kind::Scalar,
        note: "MD5 of the UTF-8 bytes as 16 bytes",
        inputs: &[i(&[BigQuery], "MD5"), i(&[Snowflake], "MD5_BINARY")],
        outputs: &[o(&[BigQuery], "MD5({0})"), o(&[Snowflake], "MD5_BINARY({0})"), o(&[Postgres], "DECODE(MD5({0}), 'hex')"),
                   o(&[MySql, MariaDb, Spark, Databricks, DuckDb], "UNHEX(MD5({0}))"), o(&[DataFusion], "DIGEST({0}, 'md5')"),
                   o(&[Trino], "MD5(TO_UTF8({0}))"),
                   ow(&[SqlServer], "HASHBYTES('MD5', {0})", Dvt003, "SQL Server hashes the bytes of its own string type (UTF-16 for NVARCHAR)"),
                   no(HASH_HINT)],
    },
    FunctionDef {
        name: "sha1", arity: (1, 1), unit_arg: false, kind: Kind::Scalar,
        note: "SHA-1 of the UTF-8 bytes as 40 lowercase hex digits",
        inputs: &[i(&[Snowflake, Spark, Databricks, MySql, MariaDb, DuckDb, Redshift], "SHA1"), i(&[Snowflake], "SHA1_HEX"),
                  i(&[Spark, Databricks, MySql, MariaDb], "SHA")],
        outputs: &[o(&[Snowflake, Spark, Databricks, MySql, MariaDb, DuckDb, Redshift], "SHA1({0})"),
                   o(&[BigQuery], "TO_HEX(SHA1({0}))"), o(&[Trino], "LOWER(TO_HEX(SHA1(TO_UTF8({0}))))"),
                   ow(&[SqlServer], "LOWER(CONVERT(VARCHAR(40), HASHBYTES('SHA1', {0}), 2))", Dvt003, "SQL Server hashes the bytes of its own string type (UTF-16 for NVARCHAR)"),
                   Output { to: &[Postgres], render: Render::Unsupported("PostgreSQL has no built-in SHA-1; with pgcrypto write ENCODE(DIGEST(s, 'sha1'), 'hex')"), warn: None },
                   no(HASH_HINT)],
    },
    FunctionDef {
        name: "sha2", arity: (2, 2), unit_arg: false, kind: Kind::Scalar,
        note: "SHA-2 (224, 256, 384 or 512 bits; 0 means 256) of the UTF-8 bytes as lowercase hex digits",
        inputs: &[ix(&[Snowflake], "SHA2", &[Src::A(0), Src::AOr(1, "256")]), ix(&[Snowflake], "SHA2_HEX", &[Src::A(0), Src::AOr(1, "256")]),
                  ia(&[Spark, Databricks, MySql, MariaDb, Redshift], "SHA2", 2, &[]),
                  ia(&[DuckDb], "SHA256", 1, &[Src::A(0), Src::L("256")])],
        outputs: &[spt(&[Snowflake, Spark, Databricks, MySql, MariaDb, Redshift], sha2_fn),
                   spt(&[Postgres], sha2_encode_utf8), spt(&[DataFusion], sha2_encode), spt(&[DuckDb], sha2_sha256),
                   spt(&[BigQuery], sha2_to_hex), spt(&[Trino], sha2_to_hex_utf8), spt(&[SqlServer], sha2_hashbytes),
                   spt(&[Sqlite], sha2_none), sp(sha2_other)],
    },
    FunctionDef {
        name: "hex_encode", arity: (1, 1), unit_arg: false, kind: Kind::Scalar,
        note: "the UTF-8 bytes of a string as uppercase hex digits",
        inputs: &[iw(&[MySql, MariaDb, Spark, Databricks, DuckDb], "HEX", None, &[], "HEX of a number gives its hexadecimal digits; dvt reads the argument as a string"),
                  iw(&[Sqlite], "HEX", None, &[], "HEX(NULL) is '' in SQLite, NULL elsewhere"),
                  ia(&[Snowflake], "HEX_ENCODE", 1, &[])],
        outputs: &[o(&[MySql, MariaDb, Spark, Databricks, DuckDb], "HEX({0})"),
                   o(&[Sqlite], "CASE WHEN {0} IS NULL THEN NULL ELSE HEX({0}) END"),
                   o(&[Snowflake], "HEX_ENCODE({0})"), o(&[Postgres], "UPPER(ENCODE(CONVERT_TO({0}, 'UTF8'), 'hex'))"),
                   o(&[BigQuery], "UPPER(TO_HEX(CAST({0} AS BYTES)))"), o(&[Trino], "TO_HEX(TO_UTF8({0}))"),
                   o(&[DataFusion], "UPPER(ENCODE({0}, 'hex'))"),
                   ow(&[SqlServer], "CONVERT(VARCHAR(MAX), CAST({0} AS VARBINARY(MAX)), 2)", Dvt003, "SQL Server encodes the bytes of its own string type (UTF-16 for NVARCHAR)"),
                   no("encode the string in the engine")],
    },
    FunctionDef {
        name: "to_hex", arity: (1, 1), unit_arg: false, kind: Kind::Scalar,
        note: "an integer in lowercase hexadecimal digits (PostgreSQL TO_HEX)",
        inputs: &[i(&[Postgres, Redshift, DataFusion], "TO_HEX")],
        outputs: &[o(&[Postgres, Redshift, DataFusion], "TO_HEX({0})"),
                   ow(&[MySql, MariaDb, Spark, Databricks, DuckDb], "LOWER(HEX({0}))", Dvt003, "negative numbers are 64-bit two's complement; PostgreSQL uses the width of the argument's type"),
                   ow(&[Sqlite], "CASE WHEN {0} IS NULL THEN NULL ELSE PRINTF('%x', {0}) END", Dvt003, "negative numbers are 64-bit two's complement; PostgreSQL uses the width of the argument's type"),
                   ow(&[BigQuery], "FORMAT('%x', {0})", Dvt003, "negative numbers keep a minus sign"),
                   ow(&[Trino], "TO_BASE({0}, 16)", Dvt003, "negative numbers keep a minus sign"),
                   no("format the number in the engine")],
    },
    FunctionDef {
        name: "base64_encode", arity: (1, 1), unit_arg: false, kind: Kind::Scalar,
        note: "the UTF-8 bytes of a string in Base64 with padding, on one line",
        inputs: &[ia(&[Snowflake], "BASE64_ENCODE", 1, &[]),
                  iw(&[MySql, MariaDb], "TO_BASE64", None, &[], "MySQL breaks Base64 output into lines of 76 characters"),
                  i(SPARK, "BASE64")],
        outputs: &[o(&[Snowflake], "BASE64_ENCODE({0})"), o(SPARK, "REPLACE(BASE64({0}), CONCAT(CHR(13), CHR(10)), '')"),
                   o(MYSQL, "REPLACE(TO_BASE64({0}), '\\n', '')"),
                   o(&[Postgres], "REPLACE(ENCODE(CONVERT_TO({0}, 'UTF8'), 'base64'), CHR(10), '')"),
                   o(&[BigQuery], "TO_BASE64(CAST({0} AS BYTES))"), o(&[DuckDb], "TO_BASE64(ENCODE({0}))"),
                   o(&[Trino], "TO_BASE64(TO_UTF8({0}))"), o(&[DataFusion], "ENCODE({0}, 'base64pad')"),
                   no(BASE64_HINT)],
    },
    FunctionDef {
        name: "base64_decode", arity: (1, 1), unit_arg: false, kind: Kind::Scalar,
        note: "Base64 text decoded as a UTF-8 string",
        inputs: &[ia(&[Snowflake], "BASE64_DECODE_STRING", 1, &[]), i(MYSQL, "FROM_BASE64")],
        outputs: &[o(&[Snowflake], "BASE64_DECODE_STRING({0})"), o(MYSQL, "FROM_BASE64({0})"),
                   o(SPARK, "CAST(UNBASE64({0}) AS STRING)"), o(&[Postgres], "CONVERT_FROM(DECODE({0}, 'base64'), 'UTF8')"),
                   o(&[BigQuery], "CAST(FROM_BASE64({0}) AS STRING)"), o(&[DuckDb], "DECODE(FROM_BASE64({0}))"),
                   o(&[Trino], "FROM_UTF8(FROM_BASE64({0}))"), o(&[DataFusion], "CAST(DECODE({0}, 'base64') AS VARCHAR)"),
                   no(BASE64_HINT)],
    },
    FunctionDef {
        name: "crc32", arity: (1, 1), unit_arg: false, kind: Kind::Scalar,
        note: "CRC-32 checksum of the bytes of a string, as an unsigned integer",
        inputs: &[i(&[MySql, MariaDb, Spark, Databricks], "CRC32")],
        outputs: &[o(&[MySql, MariaDb, Spark, Databricks], "CRC32({0})"), no(HASH_HINT)],
    },
    FunctionDef {
        name: "levenshtein", arity: (2, 2), unit_arg: false, kind: Kind::Scalar,
        note: "edit distance in characters (insertions, deletions, substitutions)",
        inputs: &[ia(&[Snowflake], "EDITDISTANCE", 2, &[]), ia(&[BigQuery], "EDIT_DISTANCE", 2, &[]),
                  ia(&[Spark, Databricks, Postgres, DuckDb, DataFusion], "LEVENSHTEIN", 2, &[]),
                  i(&[DuckDb], "EDITDIST3"), i(&[Trino], "LEVENSHTEIN_DISTANCE")],
        outputs: &[o(&[Snowflake], "EDITDISTANCE({0}, {1})"), o(&[BigQuery], "EDIT_DISTANCE({0}, {1})"),
                   o(&[Spark, Databricks, DuckDb, DataFusion], "LEVENSHTEIN({0}, {1})"),
                   ow(&[Postgres], "LEVENSHTEIN({0}, {1})", Dvt003, "needs the fuzzystrmatch extension, which accepts at most 255 characters"),
                   o(&[Trino], "LEVENSHTEIN_DISTANCE({0}, {1})"),
                   no("the target has no edit distance function; compute it in the engine")],
    },
    FunctionDef {
        name: "soundex", arity: (1, 1), unit_arg: false, kind: Kind::Scalar,
        note: "the four-character Soundex code",
        inputs: &[i(&[Snowflake, BigQuery, Spark, Databricks, Postgres, Redshift, SqlServer], "SOUNDEX"),
                  iw(MYSQL, "SOUNDEX", None, &[], "MySQL's SOUNDEX is not cut to four characters")],
        outputs: &[ow(&[Snowflake, BigQuery, Spark, Databricks, Redshift, SqlServer], "SOUNDEX({0})", Dvt003, "implementations differ for H, W and non-letters"),
                   ow(&[Postgres], "SOUNDEX({0})", Dvt003, "needs the fuzzystrmatch extension; implementations differ for H, W and non-letters"),
                   ow(MYSQL, "LEFT(SOUNDEX({0}), 4)", Dvt003, "implementations differ for H, W and non-letters"),
                   no("the target has no SOUNDEX")],
    },
    FunctionDef {
        name: "chr", arity: (1, 1), unit_arg: false, kind: Kind::Scalar,
        note: "the character with a Unicode code point",
        inputs: &[i(&[Postgres, Redshift, Snowflake, DuckDb, Trino, DataFusion], "CHR"), i(&[Sqlite, Snowflake], "CHAR"),
                  i(&[SqlServer], "NCHAR"),
                  iw(SPARK, "CHR", None, &[], "Spark takes the code modulo 256"), iw(SPARK, "CHAR", None, &[], "Spark takes the code modulo 256"),
                  iw(MYSQL, "CHAR", Some(1), &[], "MySQL's CHAR builds bytes, not a code point; dvt reads it as a code point")],
        outputs: &[Output { to: &[Postgres], render: Render::Special(chr_pg), warn: None },
                   o(&[Redshift, Snowflake, DuckDb, Trino, DataFusion], "CHR({0})"),
                   o(&[Sqlite], "CASE WHEN {0} IS NULL THEN NULL ELSE CHAR({0}) END"), o(&[SqlServer], "NCHAR({0})"),
                   o(&[BigQuery], "CODE_POINTS_TO_STRING([{0}])"),
                   ow(SPARK, "CHR({0})", Dvt003, "Spark takes the code modulo 256"),
                   ow(MYSQL, "CASE WHEN {0} IS NULL THEN NULL ELSE CHAR({0} USING utf8mb4) END", Dvt003, "exact for codes below 128 only")],
    },
    FunctionDef {
        name: "unicode", arity: (1, 1), unit_arg: false, kind: Kind::Scalar,
        note: "the code point of the first character; NULL for ''",
        inputs: &[i(&[SqlServer, Sqlite, DuckDb], "UNICODE"),
                  iw(&[Snowflake, BigQuery], "UNICODE", None, &[], "UNICODE('') is 0 here; dvt gives NULL"),
                  ia(&[Trino], "CODEPOINT", 1, &[])],
        outputs: &[o(&[Postgres, DataFusion], "ASCII(NULLIF({0}, ''))"),
                   o(&[Snowflake, BigQuery, DuckDb], "UNICODE(NULLIF({0}, ''))"),
                   o(&[Sqlite], "UNICODE({0})"),
                   o(&[SqlServer], "CASE WHEN LEN({0} + 'x') > 1 THEN UNICODE({0}) END"),
                   o(&[Trino], "CODEPOINT(CAST(SUBSTR(NULLIF({0}, ''), 1, 1) AS VARCHAR(1)))"),
                   o(MYSQL, "CASE WHEN CHAR_LENGTH({0}) > 0 THEN CAST(CONV(HEX(CONVERT(LEFT({0}, 1) USING utf32)), 16, 10) AS UNSIGNED) END"),
                   ow(&[Redshift], "ASCII(NULLIF({0}, ''))", Dvt003, "Redshift's ASCII is defined for ASCII characters"),
                   ow(SPARK, "ASCII(NULLIF({0}, ''))", Dvt003, "Spark's ASCII is defined for ASCII characters")],
    },
    FunctionDef {
        name: "ltrim_chars", arity: (2, 2), unit_arg: false, kind: Kind::Scalar,
        note: "s without the leading characters that are in a set",
        inputs: &[ia(&[Postgres, Redshift, Snowflake, Sqlite, DuckDb, BigQuery, DataFusion, SqlServer], "LTRIM", 2, &[])],
        outputs: &[spt(MYSQL, ltrim_one_string), o(&[Spark, Databricks, Trino], "TRIM(LEADING {1} FROM {0})"),
                   o(ALL, "LTRIM({0}, {1})")],
    },
    FunctionDef {
        name: "rtrim_chars", arity: (2, 2), unit_arg: false, kind: Kind::Scalar,
        note: "s without the trailing characters that are in a set",
        inputs: &[ia(&[Postgres, Redshift, Snowflake, Sqlite, DuckDb, BigQuery, DataFusion, SqlServer], "RTRIM", 2, &[])],
        outputs: &[spt(MYSQL, rtrim_one_string), o(&[Spark, Databricks, Trino], "TRIM(TRAILING {1} FROM {0})"),
                   o(ALL, "RTRIM({0}, {1})")],
    },
    FunctionDef {
        name: "btrim", arity: (2, 2), unit_arg: false, kind: Kind::Scalar,
        note: "s without the leading and trailing characters that are in a set",
        inputs: &[ia(&[Postgres, Redshift, DataFusion, Spark, Databricks], "BTRIM", 2, &[])],
        outputs: &[spt(MYSQL, btrim_one_string), o(&[Spark, Databricks, Trino], "TRIM(BOTH {1} FROM {0})"),
                   o(&[SqlServer], "TRIM({1} FROM {0})"), o(&[Postgres, Redshift, DataFusion], "BTRIM({0}, {1})"),
                   o(ALL, "TRIM({0}, {1})")],
    },
    FunctionDef {
        name: "substring_index", arity: (3, 3), unit_arg: false, kind: Kind::Scalar,
        note: "SUBSTRING_INDEX(s, delim, n): s before the n-th delimiter (n > 0) or after the n-th from the end (n < 0)",
        inputs: &[i(&[MySql, MariaDb, Spark, Databricks], "SUBSTRING_INDEX"), i(&[DataFusion], "SUBSTR_INDEX")],
        outputs: &[o(&[MySql, MariaDb, Spark, Databricks], "SUBSTRING_INDEX({0}, {1}, {2})"), o(&[DataFusion], "SUBSTR_INDEX({0}, {1}, {2})"),
                   Output { to: &[Postgres], render: Render::Special(substring_index_pg), warn: Some((Dvt003, "an empty delimiter gives the whole string in PostgreSQL")) },
                   no("split with SPLIT_PART, or write the slicing with STRPOS and SUBSTR")],
    },
    FunctionDef {
        name: "find_in_set", arity: (2, 2), unit_arg: false, kind: Kind::Scalar,
        note: "FIND_IN_SET(s, list): 1-based index of s in a comma-separated list, 0 when absent or when s has a comma",
        inputs: &[iw(MYSQL, "FIND_IN_SET", None, &[], "MySQL compares with the collation of the arguments (often case-insensitive)"),
                  i(&[Spark, Databricks, DataFusion], "FIND_IN_SET")],
        outputs: &[o(&[MySql, MariaDb, Spark, Databricks, DataFusion], "FIND_IN_SET({0}, {1})"),
                   o(PG, "CASE WHEN {0} IS NULL OR {1} IS NULL THEN NULL WHEN STRPOS({0}, ',') > 0 THEN 0 ELSE COALESCE(ARRAY_POSITION(STRING_TO_ARRAY({1}, ','), {0}), 0) END"),
                   no("the target has no FIND_IN_SET; compare with SPLIT_PART or a join")],
    },
    FunctionDef {
        name: "strcmp", arity: (2, 2), unit_arg: false, kind: Kind::Scalar,
        note: "-1, 0 or 1 as a is less than, equal to or greater than b; NULL when either is NULL",
        inputs: &[iw(MYSQL, "STRCMP", None, &[], "MySQL compares with the collation of the arguments (often case-insensitive)")],
        outputs: &[o(MYSQL, "STRCMP({0}, {1})"),
                   o(ALL, "CASE WHEN {0} < {1} THEN -1 WHEN {0} > {1} THEN 1 WHEN {0} = {1} THEN 0 END")],
    },
    FunctionDef {
        name: "field", arity: (2, usize::MAX), unit_arg: false, kind: Kind::Scalar,
        note: "FIELD(s, s1, s2, …): the 1-based index of s among s1…; 0 when absent or NULL",
        inputs: &[iw(MYSQL, "FIELD", None, &[], "MySQL compares with the collation of the arguments (often case-insensitive)")],
        outputs: &[o(MYSQL, "FIELD({*})"), sp(field)],
    },
    FunctionDef {
        name: "quote_ident", arity: (1, 1), unit_arg: false, kind: Kind::Scalar,
        note: "s as a double-quoted SQL identifier (PostgreSQL quotes only when needed)",
        inputs: &[i(PG, "QUOTE_IDENT")],
        outputs: &[o(PG, "QUOTE_IDENT({0})"),
                   Output { to: ALL, render: Render::Special(quote_ident), warn: Some((Dvt003, "always quoted, even when PostgreSQL would not quote")) }],
    },
    FunctionDef {
        name: "quote_literal", arity: (1, 1), unit_arg: false, kind: Kind::Scalar,
        note: "s as a single-quoted SQL string literal, quotes doubled",
        inputs: &[i(PG, "QUOTE_LITERAL")],
        outputs: &[o(PG, "QUOTE_LITERAL({0})"),
                   Output { to: ALL, render: Render::Special(quote_literal), warn: Some((Dvt003, "backslashes are not escaped (PostgreSQL writes E'…' for them)")) }],
    },
    FunctionDef {
        name: "regexp_count", arity: (2, 2), unit_arg: false, kind: Kind::Scalar,
        note: "the number of non-overlapping matches of a pattern",
        inputs: &[ia(&[Postgres, Redshift, Snowflake, Spark, Databricks, Trino, DataFusion], "REGEXP_COUNT", 2, &[])],
        outputs: &[o(&[Postgres, Redshift, Snowflake, Spark, Databricks, Trino, DataFusion], "REGEXP_COUNT({0}, {1})"),
                   o(&[BigQuery], "ARRAY_LENGTH(REGEXP_EXTRACT_ALL({0}, {1}))"),
                   o(&[DuckDb], "LEN(REGEXP_EXTRACT_ALL({0}, {1}))"),
                   no("the target has no REGEXP_COUNT; count the matches in the engine")],
    },
    FunctionDef {
        name: "regexp_instr", arity: (2, 2), unit_arg: false, kind: Kind::Scalar,
        note: "1-based position of the first match of a pattern, 0 when none",
        inputs: &[ia(&[Postgres, Redshift, Snowflake, BigQuery, Spark, Databricks, MySql, MariaDb, DataFusion], "REGEXP_INSTR", 2, &[])],
        outputs: &[o(&[Postgres, Redshift, Snowflake, BigQuery, Spark, Databricks, MySql, MariaDb, DataFusion], "REGEXP_INSTR({0}, {1})"),
                   o(&[Trino], "CASE WHEN REGEXP_POSITION({0}, {1}) < 0 THEN 0 ELSE REGEXP_POSITION({0}, {1}) END"),
                   no("the target has no REGEXP_INSTR")],
    },
    FunctionDef {
        name: "insert", arity: (4, 4), unit_arg: false, kind: Kind::Scalar,
        note: "INSERT(s, pos, len, new): len characters of s from pos replaced by new; s unchanged when pos is outside it (MySQL)",
        inputs: &[ia(MYSQL, "INSERT", 4, &[]),
                  iw(&[Snowflake], "INSERT", Some(4), &[], "positions outside the string may be handled differently than MySQL's INSERT"),
                  iw(&[SqlServer], "STUFF", Some(4), &[], "STUFF is NULL for a start past the end; dvt keeps the string as MySQL's INSERT does")],
        outputs: &[o(MYSQL, "INSERT({0}, {1}, {2}, {3})"),
                   ow(&[Snowflake], "INSERT({0}, {1}, {2}, {3})", Dvt003, "positions outside the string may be handled differently than MySQL's INSERT"),
                   spt(&[SqlServer], insert_stuff), sp(insert)],
    },
    FunctionDef {
        name: "format", arity: (1, usize::MAX), unit_arg: false, kind: Kind::Scalar,
        note: "PostgreSQL FORMAT(fmt, …): %s is an argument as text (NULL as ''), %% a percent sign",
        inputs: &[i(&[Postgres], "FORMAT")],
        outputs: &[o(&[Postgres], "FORMAT({*})"), spt(MYSQL, format_char), spt(&[Spark, Databricks, BigQuery], format_string),
                   spt(&[SqlServer], format_nvarchar), spt(&[Redshift, Sqlite, DuckDb], format_text), sp(format_varchar)],
    },
    FunctionDef {
        name: "quote_nullable", arity: (1, 1), unit_arg: false, kind: Kind::Scalar,
        note: "s as a single-quoted SQL string literal, or the text NULL",
        inputs: &[i(&[Postgres], "QUOTE_NULLABLE"),
                  iw(&[Sqlite], "QUOTE", Some(1), &[], "SQLite's QUOTE leaves numbers unquoted and writes blobs as X'…'; dvt reads the argument as text")],
        outputs: &[o(&[Postgres], "QUOTE_NULLABLE({0})"), ow(&[Sqlite], "QUOTE(CAST({0} AS TEXT))", Dvt003, "backslashes are not escaped (PostgreSQL writes E'…' for them)"),
                   Output { to: ALL, render: Render::Special(quote_nullable), warn: Some((Dvt003, "backslashes are not escaped (PostgreSQL writes E'…' for them)")) }],
    },
    FunctionDef {
        name: "sha2_binary", arity: (2, 2), unit_arg: false, kind: Kind::Scalar,
        note: "SHA-2 (224, 256, 384 or 512 bits) of the UTF-8 bytes of a string, as bytes",
        inputs: &[ix(&[Snowflake], "SHA2_BINARY", &[Src::A(0), Src::AOr(1, "256")]),
                  ia(&[BigQuery, DataFusion], "SHA256", 1, &[Src::A(0), Src::L("256")]),
                  ia(&[BigQuery, DataFusion], "SHA512", 1, &[Src::A(0), Src::L("512")]),
                  ia(&[DataFusion], "SHA224", 1, &[Src::A(0), Src::L("224")]),
                  ia(&[DataFusion], "SHA384", 1, &[Src::A(0), Src::L("384")])],
        outputs: &[spt(&[Snowflake], sha2_binary_fn), spt(&[Postgres], sha2_binary_utf8), spt(&[DataFusion], sha2_binary_sha),
                   spt(&[MySql, MariaDb, Spark, Databricks], sha2_binary_unhex), spt(&[DuckDb], sha2_binary_sha256),
                   spt(&[BigQuery], sha2_binary_sha_256_512), spt(&[Trino], sha2_binary_sha_utf8),
                   spt(&[SqlServer], sha2_binary_hashbytes), sp(sha2_binary_other)],
    },
    FunctionDef {
        name: "bytes_to_hex", arity: (1, 1), unit_arg: false, kind: Kind::Scalar,
        note: "a binary value as lowercase hex digits (BigQuery TO_HEX)",
        inputs: &[i(&[BigQuery], "TO_HEX")],
        outputs: &[o(&[BigQuery], "TO_HEX({0})"), o(&[Postgres, DataFusion], "ENCODE({0}, 'hex')"),
                   o(&[MySql, MariaDb, Spark, Databricks, DuckDb, Sqlite], "LOWER(HEX({0}))"),
                   o(&[Snowflake], "LOWER(HEX_ENCODE({0}))"), o(&[Trino], "LOWER(TO_HEX({0}))"),
                   o(&[SqlServer], "LOWER(CONVERT(VARCHAR(MAX), {0}, 2))"),
                   no("encode the value in the engine")],
    },
    FunctionDef {
        name: "unhex", arity: (1, 1), unit_arg: false, kind: Kind::Scalar,
        note: "hex digits as a binary value",
        inputs: &[iw(&[MySql, MariaDb, Sqlite], "UNHEX", Some(1), &[], "invalid hex digits give NULL here but an error in most dialects"),
                  i(&[Spark, Databricks, DuckDb], "UNHEX"), i(&[BigQuery, Trino, DuckDb], "FROM_HEX"),
                  ia(&[Snowflake], "HEX_DECODE_BINARY", 1, &[])],
        outputs: &[o(&[MySql, MariaDb, Sqlite, Spark, Databricks, DuckDb], "UNHEX({0})"), o(&[BigQuery, Trino], "FROM_HEX({0})"),
                   o(&[Snowflake], "HEX_DECODE_BINARY({0})"), o(&[Postgres, DataFusion], "DECODE({0}, 'hex')"),
                   o(&[SqlServer], "CONVERT(VARBINARY(MAX), {0}, 2)"),
                   no("decode the value in the engine")],
    },
    FunctionDef {
        name: "ascii", arity: (1, 1), unit_arg: false, kind: Kind::Scalar,
        note: "the code of the first character (0 for ''); for non-ASCII characters PostgreSQL gives the code point, MySQL the first byte",
        inputs: &[i(&[Postgres, Redshift, Snowflake, BigQuery, Spark, Databricks, SqlServer, DuckDb, DataFusion], "ASCII"),
                  iw(MYSQL, "ASCII", None, &[], "MySQL gives the first byte of a non-ASCII character")],
        outputs: &[o(&[Sqlite], "CASE WHEN {0} = '' THEN 0 ELSE UNICODE({0}) END"),
                   o(&[SqlServer], "CASE WHEN LEN({0} + 'x') = 1 THEN 0 ELSE ASCII({0}) END"),
                   o(&[Trino], "CASE WHEN {0} = '' THEN 0 ELSE CODEPOINT(CAST(SUBSTR({0}, 1, 1) AS VARCHAR(1))) END"),
                   ow(MYSQL, "ASCII({0})", Dvt003, "MySQL gives the first byte of a non-ASCII character"),
                   o(ALL, "ASCII({0})")],
    },
    FunctionDef {
        name: "sha1_binary", arity: (1, 1), unit_arg: false, kind: Kind::Scalar,
        note: "SHA-1 of the UTF-8 bytes of a string, as 20 bytes",
        inputs: &[i(&[BigQuery], "SHA1"), i(&[Snowflake], "SHA1_BINARY")],
        outputs: &[o(&[BigQuery], "SHA1({0})"), o(&[Snowflake], "SHA1_BINARY({0})"),
                   o(&[MySql, MariaDb, Spark, Databricks, DuckDb], "UNHEX(SHA1({0}))"), o(&[Trino], "SHA1(TO_UTF8({0}))"),
                   ow(&[SqlServer], "HASHBYTES('SHA1', {0})", Dvt003, "SQL Server hashes the bytes of its own string type (UTF-16 for NVARCHAR)"),
                   Output { to: &[Postgres], render: Render::Unsupported("PostgreSQL has no built-in SHA-1; with pgcrypto write DIGEST(s, 'sha1')"), warn: None },
                   no(HASH_HINT)],
    },
    FunctionDef {
        name: "hex_decode_string", arity: (1, 1), unit_arg: false, kind: Kind::Scalar,
        note: "hex digits decoded as a UTF-8 string (Snowflake HEX_DECODE_STRING)",
        inputs: &[i(&[Snowflake], "HEX_DECODE_STRING")],
        outputs: &[o(&[Snowflake], "HEX_DECODE_STRING({0})"), o(&[Postgres], "CONVERT_FROM(DECODE({0}, 'hex'), 'UTF8')"),
                   o(MYSQL, "CONVERT(UNHEX({0}) USING utf8mb4)"), o(&[Sqlite], "CAST(UNHEX({0}) AS TEXT)"),
                   o(&[DataFusion], "CAST(DECODE({0}, 'hex') AS VARCHAR)"), o(&[BigQuery], "CAST(FROM_HEX({0}) AS STRING)"),
                   o(SPARK, "CAST(UNHEX({0}) AS STRING)"), o(&[DuckDb], "DECODE(UNHEX({0}))"), o(&[Trino], "FROM_UTF8(FROM_HEX({0}))"),
                   no("decode the value in the engine")],
    },
    FunctionDef {
        name: "normalize_nfc", arity: (1, 1), unit_arg: false, kind: Kind::Scalar,
        note: "a string in Unicode normalization form NFC",
        inputs: &[ia(&[Postgres, BigQuery, Trino], "NORMALIZE", 1, &[]), i(&[DuckDb], "NFC_NORMALIZE")],
        outputs: &[o(&[Postgres, BigQuery, Trino], "NORMALIZE({0})"), o(&[DuckDb], "NFC_NORMALIZE({0})"),
                   no("the target has no Unicode normalization; normalize in the engine")],
    },
    FunctionDef {
        name: "quotename", arity: (1, 1), unit_arg: false, kind: Kind::Scalar,
        note: "s in square brackets with ] doubled (SQL Server QUOTENAME with one argument)",
        inputs: &[iw(&[SqlServer], "QUOTENAME", Some(1), &[], "QUOTENAME is NULL for input over 128 characters; dvt quotes any length")],
        outputs: &[o(&[SqlServer], "QUOTENAME({0})"), sp(quotename)],
    },
    FunctionDef {
        name: "format_number", arity: (2, 2), unit_arg: false, kind: Kind::Scalar,
        note: "FORMAT_NUMBER(x, d): x rounded to d decimals with comma thousands separators ('1,234.57'); MySQL FORMAT",
        inputs: &[ia(MYSQL, "FORMAT", 2, &[]), i(SPARK, "FORMAT_NUMBER")],
        outputs: &[o(MYSQL, "FORMAT({0}, {1})"),
                   ow(SPARK, "FORMAT_NUMBER({0}, {1})", Dvt003, "Spark rounds a half to even"),
                   Output { to: &[Postgres, Snowflake], render: Render::Special(format_number_model), warn: Some((Dvt003, "more than 21 integer digits print as #")) },
                   spt(&[Sqlite], format_number_sqlite), spt(&[Trino], format_number_trino),
                   Output { to: &[SqlServer], render: Render::Special(format_number_tsql), warn: Some((Dvt003, "FORMAT follows the session culture (en-US writes 1,234.57)")) },
                   no("the target has no number format with thousands separators; format in the engine")],
    },
    FunctionDef {
        name: "difference", arity: (2, 2), unit_arg: false, kind: Kind::Scalar,
        note: "DIFFERENCE(a, b): how many of the four SOUNDEX characters of a and b agree, 0 to 4 (SQL Server)",
        inputs: &[i(&[SqlServer], "DIFFERENCE")],
        outputs: &[o(&[SqlServer], "DIFFERENCE({0}, {1})"), sp(difference)],
    },
    FunctionDef {
        name: "patindex", arity: (2, 2), unit_arg: false, kind: Kind::Scalar,
        note: "PATINDEX(pattern, s): the 1-based start of the first match of a LIKE pattern (%, _, [class]), 0 when none (SQL Server)",
        inputs: &[iw(&[SqlServer], "PATINDEX", None, &[], "SQL Server matches with the collation of s (often case-insensitive)")],
        outputs: &[o(&[SqlServer], "PATINDEX({0}, {1})"), sp(patindex)],
    },
    FunctionDef {
        name: "jarowinkler_similarity", arity: (2, 2), unit_arg: false, kind: Kind::Scalar,
        note: "the Jaro-Winkler similarity of two strings as an integer 0 to 100 (Snowflake)",
        inputs: &[i(&[Snowflake], "JAROWINKLER_SIMILARITY")],
        outputs: &[o(&[Snowflake], "JAROWINKLER_SIMILARITY({0}, {1})"),
                   ow(&[DuckDb], "CAST(ROUND(JARO_WINKLER_SIMILARITY({0}, {1}) * 100) AS INTEGER)", Dvt003, "Snowflake's scoring of case and rounding may differ"),
                   no("the target has no Jaro-Winkler similarity; compute it in the engine")],
    },
    FunctionDef {
        name: "contains_substr", arity: (2, 2), unit_arg: false, kind: Kind::Scalar,
        note: "CONTAINS_SUBSTR(s, x): whether s contains x, ignoring case (BigQuery)",
        inputs: &[i(&[BigQuery], "CONTAINS_SUBSTR")],
        outputs: &[o(&[BigQuery], "CONTAINS_SUBSTR({0}, {1})"),
                   Output { to: ALL, render: Render::Special(contains_lower), warn: Some((Dvt003, "BigQuery folds case with Unicode NFKC; dvt compares LOWER of both sides")) }],
    },
];
