//! Regular expressions.
//!
//! `regexp_like` matches anywhere in the string (PostgreSQL `~`, MySQL `REGEXP`, Spark `RLIKE`);
//! `regexp_full` must match the whole string (Snowflake `REGEXP_LIKE` / `RLIKE`). Pattern
//! syntax itself (POSIX ARE, ICU, Java, RE2) is passed through: the common subset means the same.
//! `regexp_ilike` is PostgreSQL's `~*`; case-insensitivity elsewhere is the inline flag `(?i)`,
//! which ICU, PCRE, Java and RE2 all read. Extraction comes in three meanings: `regexp_substr`
//! (the whole match, NULL when none), `regexp_extract` (Spark: group n, `''` when none) and
//! `regexp_first_group` (BigQuery: group 1 if the pattern has a group, else the whole match).

use crate::dialect::DialectCaps;
use dvt_types::WarningCode::Dvt003;

use super::super::dialect::DbKind::*;
use super::super::dialect::{RegexGroupStyle, RegexMatchStyle, RegexReplaceStyle};
use super::{Call, Ctx, FunctionDef, Input, Kind, Output, Render, Src};
use super::{computed as spt, refuse_rest as no};
use super::{input as i, input_args as ix, input_n as ia, out as o, special as sp};
use crate::error::TranslateError;

/// Wrap a pattern (SQL text) so that it must match the whole string.
fn anchored(p: &str, ctx: &mut Ctx<'_>) -> Result<String, TranslateError> {
    let t = p.trim();
    if t.len() >= 2 && t.starts_with('\'') && t.ends_with('\'') {
        return Ok(format!("'^(?:{})$'", &t[1..t.len() - 1]));
    }
    let c = Call {
        written: "||".into(),
        args: vec!["'^(?:'".into(), p.to_string(), "')$'".into()],
        ..Default::default()
    };
    super::core::concat_null(&c, ctx)
}

/// A string literal's body, when the SQL text is one plain `'…'` literal.
fn literal_body(p: &str) -> Option<&str> {
    let t = p.trim();
    (t.len() >= 2 && t.starts_with('\'') && t.ends_with('\'') && !t[1..t.len() - 1].contains('\''))
        .then(|| &t[1..t.len() - 1])
}

/// `prefix` and a pattern (SQL text) as one pattern.
fn prefixed(
    prefix: &str,
    p: &str,
    suffix: &str,
    ctx: &mut Ctx<'_>,
) -> Result<String, TranslateError> {
    if let Some(b) = literal_body(p) {
        return Ok(format!("'{prefix}{b}{suffix}'"));
    }
    let mut args = vec![format!("'{prefix}'"), p.to_string()];
    if !suffix.is_empty() {
        args.push(format!("'{suffix}'"));
    }
    let c = Call {
        written: "||".into(),
        args,
        ..Default::default()
    };
    super::core::concat_null(&c, ctx)
}

/// The number of capture groups of a literal pattern (`None`: not a literal).
fn capture_groups(p: &str) -> Option<usize> {
    let b = literal_body(p)?;
    let cs: Vec<char> = b.chars().collect();
    let (mut n, mut k, mut in_class) = (0, 0, false);
    while k < cs.len() {
        match cs[k] {
            '\\' => k += 1,
            '[' if !in_class => in_class = true,
            ']' if in_class => in_class = false,
            '(' if !in_class && cs.get(k + 1) != Some(&'?') => n += 1,
            _ => {}
        }
        k += 1;
    }
    Some(n)
}

fn int_arg(s: &str) -> Option<usize> {
    s.trim().parse().ok()
}

/// A template over the string (`{0}`), the pattern (`{1}`) and a third argument (`{2}`).
fn fill(t: &str, args: &[&str]) -> String {
    let c = Call {
        args: args.iter().map(|a| a.to_string()).collect(),
        ..Default::default()
    };
    super::fill(t, &c)
}

/// Element `idx` of the array of a match's groups: `REGEXP_MATCH(s, g)[idx]`.
fn match_array(s: &str, g: &str, idx: &str, parenthesized: bool) -> String {
    if parenthesized {
        format!("(REGEXP_MATCH({s}, {g}))[{idx}]")
    } else {
        format!("REGEXP_MATCH({s}, {g})[{idx}]")
    }
}

/// Capture group `n` (0: the whole match) of the first match of `p` in `s`, NULL when the
/// pattern does not match, in the target.
fn group_sql(s: &str, p: &str, n: &str, ctx: &mut Ctx<'_>) -> Result<String, TranslateError> {
    let lit_n = int_arg(n);
    let no = |ctx: &Ctx<'_>| {
        ctx.unsupported(
            "extracting a capture group of a regular expression",
            "extract the whole match, or run this part in the engine",
        )
    };
    Ok(match ctx.to.caps().regex_group {
        RegexGroupStyle::MatchArray { parenthesized } => {
            let g = prefixed("(", p, ")", ctx)?;
            let idx = lit_n.map_or_else(|| format!("{n} + 1"), |k| (k + 1).to_string());
            match_array(s, &g, &idx, parenthesized)
        }
        RegexGroupStyle::Substr { group, any_group } => match (lit_n, group) {
            (Some(0), _) => match ctx.to.caps().regexp_substr {
                Some(t) => fill(t, &[s, p]),
                None => format!("REGEXP_SUBSTR({s}, {p})"),
            },
            (Some(1), Some(t)) => fill(t, &[s, p, n]),
            (_, Some(t)) if any_group => fill(t, &[s, p, n]),
            _ => return Err(no(ctx)),
        },
        RegexGroupStyle::Extract(t) => fill(t, &[s, p, n]),
        RegexGroupStyle::FirstGroupOrMatch(t) => match (lit_n, capture_groups(p)) {
            (Some(0), Some(0)) | (Some(1), Some(1)) => fill(t, &[s, p]),
            _ => return Err(no(ctx)),
        },
        RegexGroupStyle::None => {
            return Err(ctx.unsupported("REGEXP_SUBSTR", "use SUBSTR with INSTR for fixed strings"));
        }
    })
}

/// Spark's REGEXP_EXTRACT(s, p, n): group n, `''` when nothing matches.
fn regexp_extract(c: &Call, ctx: &mut Ctx<'_>) -> Result<String, TranslateError> {
    let (s, p, n) = (&c.args[0], &c.args[1], &c.args[2]);
    if ctx.to.caps().regexp_extract_or_empty {
        return Ok(format!("REGEXP_EXTRACT({s}, {p}, {n})"));
    }
    // '' when nothing matches, but NULL for a NULL string, as in Spark.
    let group = group_sql(s, p, n, ctx)?;
    Ok(format!(
        "CASE WHEN {s} IS NULL THEN NULL ELSE COALESCE({group}, '') END"
    ))
}

/// BigQuery's REGEXP_EXTRACT(s, p): the first capture group when the pattern has one, else the
/// whole match; NULL when nothing matches.
fn regexp_first_group(c: &Call, ctx: &mut Ctx<'_>) -> Result<String, TranslateError> {
    let (s, p) = (&c.args[0], &c.args[1]);
    let caps = ctx.to.caps();
    if let RegexGroupStyle::FirstGroupOrMatch(t) = caps.regex_group {
        return Ok(fill(t, &[s, p]));
    }
    if caps.substring_from_regex {
        return Ok(format!("SUBSTRING({s} FROM {p})"));
    }
    match capture_groups(p) {
        Some(0) => group_sql(s, p, "0", ctx),
        Some(_) => group_sql(s, p, "1", ctx),
        None => Err(ctx.unsupported(
            "REGEXP_EXTRACT with a pattern that is not a literal",
            "write the pattern as a string literal",
        )),
    }
}

/// Case-insensitive match anywhere in the string (PostgreSQL `~*`).
fn regexp_ilike(c: &Call, ctx: &mut Ctx<'_>) -> Result<String, TranslateError> {
    let (s, p) = (&c.args[0], &c.args[1]);
    Ok(match ctx.to.caps().regex_match {
        RegexMatchStyle::Operator {
            ignore_case: Some(op),
            ..
        } => format!("({s} {op} {p})"),
        RegexMatchStyle::Function { name, flags: true } => format!("{name}({s}, {p}, 'i')"),
        RegexMatchStyle::Instr => format!("(REGEXP_INSTR({s}, {p}, 1, 1, 0, 'i') > 0)"),
        _ => {
            // (?i) is understood by ICU (MySQL), PCRE (MariaDB), Java (Spark, Trino) and RE2.
            let c2 = Call {
                args: vec![s.clone(), prefixed("(?i)", p, "", ctx)?],
                ..c.clone()
            };
            return regexp_like(&c2, ctx);
        }
    })
}

fn regexp_like(c: &Call, ctx: &mut Ctx<'_>) -> Result<String, TranslateError> {
    let s = &c.args[0];
    // A target whose default collation ignores case (MySQL) is told to respect it, with `(?-i)`
    // (ICU and PCRE), when the source compares case-sensitively.
    let p = &if ctx.to.caps().like_case_insensitive
        && !ctx.from.caps().like_case_insensitive
        && !c.args[1].trim_start_matches('\'').starts_with("(?i)")
    {
        prefixed("(?-i)", &c.args[1], "", ctx)?
    } else {
        c.args[1].clone()
    };
    Ok(match ctx.to.caps().regex_match {
        RegexMatchStyle::Operator { op, .. } => format!("({s} {op} {p})"),
        RegexMatchStyle::Function { name, .. } => format!("{name}({s}, {p})"),
        RegexMatchStyle::Instr => format!("(REGEXP_INSTR({s}, {p}) > 0)"),
        RegexMatchStyle::None => {
            return Err(ctx.unsupported(
                "regular expression matching",
                "use LIKE, or run this part in the engine",
            ));
        }
    })
}

fn regexp_full(c: &Call, ctx: &mut Ctx<'_>) -> Result<String, TranslateError> {
    if ctx.to.caps().regexp_like_anchored {
        return Ok(format!("REGEXP_LIKE({}, {})", c.args[0], c.args[1]));
    }
    let p = anchored(&c.args[1], ctx)?;
    let c2 = Call {
        args: vec![c.args[0].clone(), p],
        ..c.clone()
    };
    regexp_like(&c2, ctx)
}

fn warn_backrefs(c: &Call, ctx: &mut Ctx<'_>) {
    if c.args
        .get(2)
        .is_some_and(|r| r.contains('\\') || r.contains('$'))
        && ctx.from != ctx.to
    {
        ctx.warn(Dvt003, "REGEXP_REPLACE: back-references in the replacement are written differently (\\1 or $1) between dialects");
    }
}

fn regexp_replace(c: &Call, ctx: &mut Ctx<'_>) -> Result<String, TranslateError> {
    // PostgreSQL's flags argument: 'g' replaces every match, 'i' ignores case.
    if let Some(flags) = c.args.get(3) {
        let f = literal_body(flags).ok_or_else(|| {
            ctx.unsupported(
                "REGEXP_REPLACE with flags that are not a literal",
                "write the flags as a string literal",
            )
        })?;
        if let Some(bad) = f.chars().find(|ch| !matches!(ch, 'g' | 'i' | 'c')) {
            ctx.warn(
                Dvt003,
                format!("REGEXP_REPLACE: the flag '{bad}' is not translated"),
            );
        }
        let mut c2 = c.clone();
        c2.args.truncate(3);
        if f.contains('i') && ctx.to.caps().regex_replace != RegexReplaceStyle::Flags {
            c2.args[1] = prefixed("(?i)", &c.args[1], "", ctx)?;
        } else if f.contains('i') {
            // Keep the flags as they are in the target's own REGEXP_REPLACE.
            warn_backrefs(&c2, ctx);
            let g = if f.contains('g') { "g" } else { "" };
            return Ok(format!(
                "REGEXP_REPLACE({}, {}, {}, '{g}i')",
                c2.args[0], c2.args[1], c2.args[2]
            ));
        }
        return if f.contains('g') {
            regexp_replace(&c2, ctx)
        } else {
            regexp_replace_first(&c2, ctx)
        };
    }
    warn_backrefs(c, ctx);
    let (s, p, r) = (&c.args[0], &c.args[1], &c.args[2]);
    Ok(match ctx.to.caps().regex_replace {
        RegexReplaceStyle::Flags => format!("REGEXP_REPLACE({s}, {p}, {r}, 'g')"),
        RegexReplaceStyle::All { .. } => format!("REGEXP_REPLACE({s}, {p}, {r})"),
        RegexReplaceStyle::None => {
            return Err(ctx.unsupported("REGEXP_REPLACE", "use REPLACE for fixed strings"));
        }
    })
}

fn regexp_replace_first(c: &Call, ctx: &mut Ctx<'_>) -> Result<String, TranslateError> {
    warn_backrefs(c, ctx);
    let (s, p, r) = (&c.args[0], &c.args[1], &c.args[2]);
    Ok(match ctx.to.caps().regex_replace {
        RegexReplaceStyle::Flags => format!("REGEXP_REPLACE({s}, {p}, {r})"),
        RegexReplaceStyle::All { first: Some(t) } => fill(t, &[s, p, r]),
        _ => {
            return Err(ctx.unsupported(
                "REGEXP_REPLACE of the first match only",
                "replace all matches, or anchor the pattern",
            ));
        }
    })
}

/// The first match: the target's function, else group 0 of a capture-group extraction.
fn regexp_substr(c: &Call, ctx: &mut Ctx<'_>) -> Result<String, TranslateError> {
    let (s, p) = (&c.args[0], &c.args[1]);
    let caps = ctx.to.caps();
    Ok(match (caps.regexp_substr, caps.regex_group) {
        (_, RegexGroupStyle::FirstGroupOrMatch(t)) => {
            ctx.warn(Dvt003, "REGEXP_EXTRACT in BigQuery returns the first capture group when the pattern has one");
            fill(t, &[s, p])
        }
        (Some(t), _) => fill(t, &[s, p]),
        (None, RegexGroupStyle::MatchArray { parenthesized }) => {
            let t = p.trim();
            let grouped = if t.len() >= 2 && t.starts_with('\'') && t.ends_with('\'') {
                format!("'({})'", &t[1..t.len() - 1])
            } else {
                format!("('(' || {p} || ')')")
            };
            match_array(s, &grouped, "1", parenthesized)
        }
        (None, _) => group_sql(s, p, "0", ctx)?,
    })
}

/// `CASE WHEN a IS NULL OR … THEN NULL ELSE body END` for the arguments that are not literals
/// (an array built by a subquery is empty, not NULL, for a NULL string).
fn null_if_any_null(args: &[&str], body: String) -> String {
    let tests: Vec<String> = args
        .iter()
        .filter(|a| literal_body(a).is_none() && a.trim().parse::<i64>().is_err())
        .map(|a| format!("{a} IS NULL"))
        .collect();
    if tests.is_empty() {
        body
    } else {
        format!("CASE WHEN {} THEN NULL ELSE {body} END", tests.join(" OR "))
    }
}

/// Every match of `p` in `s` as an array, with PostgreSQL's REGEXP_MATCHES (the pattern
/// wrapped in a group so that element 1 is the whole match).
fn regexp_substr_all_pg(c: &Call, ctx: &mut Ctx<'_>) -> Result<String, TranslateError> {
    let (s, p) = (&c.args[0], &c.args[1]);
    let grouped = prefixed("(", p, ")", ctx)?;
    let body = format!("ARRAY(SELECT (REGEXP_MATCHES({s}, {grouped}, 'g'))[1])");
    Ok(null_if_any_null(&[s, p], body))
}

// STRTOK(s, delims, n) / STRTOK_TO_ARRAY(s, delims): the tokens of s are the maximal runs of
// characters that are not in the set `delims` (empty tokens are skipped). Written as a regular
// expression over a character class, so `delims` must be a literal without regex-special
// characters of a class (`]`, `[`, `\`, `^`, `-`).

/// The body of the character class of a literal delimiter set.
fn delimiter_class(delims: &str) -> Option<&str> {
    literal_body(delims).filter(|b| !b.is_empty() && !b.contains([']', '[', '\\', '^', '-']))
}

const DELIMS_HINT: &str = "write the delimiters as a literal without ], [, \\, ^ or -";

/// A template over `{0}` the string, `{1}` the token pattern `'[^d]+'`, `{2}` the token number
/// `{3}` the delimiter set as a literal and `{4}` the token pattern as a group `'([^d]+)'`.
fn with_tokens(t: &str, c: &Call, ctx: &mut Ctx<'_>) -> Result<String, TranslateError> {
    let Some(class) = delimiter_class(&c.args[1]) else {
        return Err(ctx.unsupported(&c.written.to_ascii_uppercase(), DELIMS_HINT));
    };
    let token = format!("'[^{class}]+'");
    let n = c.args.get(2).map(String::as_str).unwrap_or("1");
    let grouped = format!("'([^{class}]+)'");
    Ok(fill(t, &[&c.args[0], &token, n, &c.args[1], &grouped]))
}

/// A single-character delimiter (split with STRING_TO_ARRAY): the template, else an error.
fn with_one_delimiter(t: &str, c: &Call, ctx: &mut Ctx<'_>) -> Result<String, TranslateError> {
    if literal_body(&c.args[1]).is_some_and(|b| b.chars().count() == 1) {
        return with_tokens(t, c, ctx);
    }
    Err(ctx.unsupported(
        &c.written.to_ascii_uppercase(),
        "the target splits on one delimiter only: write a single-character literal",
    ))
}

fn strtok_nth_match(c: &Call, ctx: &mut Ctx<'_>) -> Result<String, TranslateError> {
    with_tokens("REGEXP_SUBSTR({0}, {1}, 1, {2})", c, ctx)
}
fn strtok_bigquery(c: &Call, ctx: &mut Ctx<'_>) -> Result<String, TranslateError> {
    with_tokens("REGEXP_EXTRACT({0}, {1}, 1, {2})", c, ctx)
}
/// MariaDB's REGEXP_SUBSTR has no occurrence: the first token only ('' when none).
fn strtok_first_match(c: &Call, ctx: &mut Ctx<'_>) -> Result<String, TranslateError> {
    if int_arg(&c.args[2]) != Some(1) {
        return Err(ctx.unsupported(
            "STRTOK",
            "the target finds the first token only: use token number 1",
        ));
    }
    with_tokens("NULLIF(REGEXP_SUBSTR({0}, {1}), '')", c, ctx)
}
fn strtok_spark(c: &Call, ctx: &mut Ctx<'_>) -> Result<String, TranslateError> {
    with_tokens(
        "TRY_ELEMENT_AT(REGEXP_EXTRACT_ALL({0}, {1}, 0), {2})",
        c,
        ctx,
    )
}
fn strtok_duckdb(c: &Call, ctx: &mut Ctx<'_>) -> Result<String, TranslateError> {
    with_tokens("REGEXP_EXTRACT_ALL({0}, {1})[{2}]", c, ctx)
}
fn strtok_trino(c: &Call, ctx: &mut Ctx<'_>) -> Result<String, TranslateError> {
    with_tokens("ELEMENT_AT(REGEXP_EXTRACT_ALL({0}, {1}), {2})", c, ctx)
}
fn strtok_datafusion(c: &Call, ctx: &mut Ctx<'_>) -> Result<String, TranslateError> {
    with_one_delimiter(
        "ARRAY_ELEMENT(ARRAY_REMOVE_ALL(STRING_TO_ARRAY({0}, {3}), ''), {2})",
        c,
        ctx,
    )
}
fn strtok_array_pg(c: &Call, ctx: &mut Ctx<'_>) -> Result<String, TranslateError> {
    let body = with_tokens("ARRAY(SELECT (REGEXP_MATCHES({0}, {4}, 'g'))[1])", c, ctx)?;
    Ok(null_if_any_null(&[&c.args[0]], body))
}
fn strtok_array_spark(c: &Call, ctx: &mut Ctx<'_>) -> Result<String, TranslateError> {
    with_tokens("REGEXP_EXTRACT_ALL({0}, {1}, 0)", c, ctx)
}
fn strtok_array_extract_all(c: &Call, ctx: &mut Ctx<'_>) -> Result<String, TranslateError> {
    with_tokens("REGEXP_EXTRACT_ALL({0}, {1})", c, ctx)
}
fn strtok_array_datafusion(c: &Call, ctx: &mut Ctx<'_>) -> Result<String, TranslateError> {
    with_one_delimiter("ARRAY_REMOVE_ALL(STRING_TO_ARRAY({0}, {3}), '')", c, ctx)
}

/// REGEXP_SUBSTR(s, p, pos, n) where the target finds only the first match: n must be 1, s cut
/// at pos.
fn regexp_substr_nth_first(c: &Call, ctx: &mut Ctx<'_>) -> Result<String, TranslateError> {
    let (s, p, pos, n) = (&c.args[0], &c.args[1], &c.args[2], &c.args[3]);
    if int_arg(n) != Some(1) {
        return Err(ctx.unsupported(
            "REGEXP_SUBSTR",
            "the target finds the first match only: use occurrence 1",
        ));
    }
    let from = if int_arg(pos) == Some(1) {
        s.clone()
    } else {
        format!("{}({s}, {pos})", ctx.to.caps().substring_name)
    };
    let def = super::function("regexp_substr").expect("catalog function exists");
    let call = Call {
        written: c.written.clone(),
        args: vec![from, p.clone()],
        ..Default::default()
    };
    super::render_call(def, &call, ctx)
}

/// The function rows of this group.
#[rustfmt::skip]
pub static FUNCTIONS: &[FunctionDef] = &[
    FunctionDef {
        name: "regexp_like", arity: (2, 2), unit_arg: false, kind: Kind::Scalar,
        note: "whether the pattern matches anywhere in the string",
        inputs: &[i(&[MySql, Trino, DataFusion, Databricks, Spark], "REGEXP_LIKE"), i(&[DuckDb], "REGEXP_MATCHES"),
                  i(&[BigQuery], "REGEXP_CONTAINS"), i(&[Spark, Databricks, MySql, MariaDb], "RLIKE")],
        outputs: &[sp(regexp_like)],
    },
    FunctionDef {
        name: "regexp_full", arity: (2, 2), unit_arg: false, kind: Kind::Scalar,
        note: "whether the pattern matches the whole string (Snowflake REGEXP_LIKE / RLIKE)",
        inputs: &[i(&[Snowflake], "REGEXP_LIKE"), i(&[Snowflake], "RLIKE")],
        outputs: &[o(&[Snowflake], "REGEXP_LIKE({0}, {1})"), sp(regexp_full)],
    },
    FunctionDef {
        name: "regexp_replace", arity: (3, 4), unit_arg: false, kind: Kind::Scalar,
        note: "every match replaced; an optional 4th argument holds PostgreSQL flags ('g', 'i')",
        inputs: &[Input { from: &[Snowflake, MySql, MariaDb, Spark, Databricks, BigQuery, Trino, Redshift], name: "REGEXP_REPLACE", arity: Some(3), args: &[], warn: None },
                  Input { from: &[Postgres, DuckDb, DataFusion], name: "REGEXP_REPLACE", arity: Some(4), args: &[], warn: None }],
        outputs: &[sp(regexp_replace)],
    },
    FunctionDef {
        name: "regexp_replace_first", arity: (3, 3), unit_arg: false, kind: Kind::Scalar,
        note: "the first match replaced (PostgreSQL REGEXP_REPLACE without 'g')",
        inputs: &[Input { from: &[Postgres, DuckDb, DataFusion], name: "REGEXP_REPLACE", arity: Some(3), args: &[], warn: None }],
        outputs: &[sp(regexp_replace_first)],
    },
    FunctionDef {
        name: "regexp_substr", arity: (2, 2), unit_arg: false, kind: Kind::Scalar,
        note: "the first match",
        inputs: &[i(&[Snowflake, MySql, MariaDb, Redshift, Postgres], "REGEXP_SUBSTR"),
                  Input { from: &[DuckDb, Trino], name: "REGEXP_EXTRACT", arity: Some(2), args: &[], warn: None }],
        outputs: &[sp(regexp_substr)],
    },
    FunctionDef {
        name: "regexp_extract", arity: (3, 3), unit_arg: false, kind: Kind::Scalar,
        note: "capture group n (0: the whole match) of the first match, '' when nothing matches (Spark)",
        inputs: &[Input { from: &[Spark, Databricks], name: "REGEXP_EXTRACT", arity: None, args: &[Src::A(0), Src::A(1), Src::AOr(2, "1")], warn: None }],
        outputs: &[sp(regexp_extract)],
    },
    FunctionDef {
        name: "regexp_first_group", arity: (2, 2), unit_arg: false, kind: Kind::Scalar,
        note: "the first capture group when the pattern has one, else the whole match; NULL when nothing matches (BigQuery REGEXP_EXTRACT)",
        inputs: &[Input { from: &[BigQuery], name: "REGEXP_EXTRACT", arity: Some(2), args: &[], warn: None },
                  Input { from: &[BigQuery], name: "REGEXP_SUBSTR", arity: Some(2), args: &[], warn: None }],
        outputs: &[sp(regexp_first_group)],
    },
    FunctionDef {
        name: "regexp_ilike", arity: (2, 2), unit_arg: false, kind: Kind::Scalar,
        note: "whether the pattern matches anywhere in the string, ignoring case (PostgreSQL ~*)",
        inputs: &[Input { from: &[Postgres, Redshift], name: "~*", arity: None, args: &[], warn: None }],
        outputs: &[sp(regexp_ilike)],
    },
    FunctionDef {
        name: "regexp_substr_all", arity: (2, 2), unit_arg: false, kind: Kind::Scalar,
        note: "every non-overlapping match of a pattern, as an array (the whole matches, not groups)",
        inputs: &[i(&[Snowflake], "REGEXP_SUBSTR_ALL"), ia(&[Snowflake, DuckDb, Trino], "REGEXP_EXTRACT_ALL", 2, &[]),
                  Input { from: &[BigQuery], name: "REGEXP_EXTRACT_ALL", arity: Some(2), args: &[], warn: Some((Dvt003, "BigQuery gives the capture group when the pattern has one")) }],
        outputs: &[o(&[Snowflake], "REGEXP_SUBSTR_ALL({0}, {1})"), o(&[DuckDb, Trino, BigQuery], "REGEXP_EXTRACT_ALL({0}, {1})"),
                   o(&[Spark, Databricks], "REGEXP_EXTRACT_ALL({0}, {1}, 0)"), spt(&[Postgres], regexp_substr_all_pg),
                   no("the target has no array of all regex matches")],
    },
    FunctionDef {
        name: "strtok", arity: (3, 3), unit_arg: false, kind: Kind::Scalar,
        note: "STRTOK(s, delims = ' ', n = 1): the n-th token of s split on any character of delims, empty tokens skipped; NULL past the last",
        inputs: &[ix(&[Snowflake], "STRTOK", &[Src::A(0), Src::AOr(1, "' '"), Src::AOr(2, "1")])],
        outputs: &[o(&[Snowflake], "STRTOK({0}, {1}, {2})"),
                   spt(&[Postgres, Redshift, MySql], strtok_nth_match), spt(&[BigQuery], strtok_bigquery),
                   spt(&[MariaDb], strtok_first_match), spt(&[Spark, Databricks], strtok_spark),
                   spt(&[DuckDb], strtok_duckdb), spt(&[Trino], strtok_trino), spt(&[DataFusion], strtok_datafusion),
                   no("the target has no regular-expression tokenizer; split in the engine")],
    },
    FunctionDef {
        name: "strtok_to_array", arity: (2, 2), unit_arg: false, kind: Kind::Scalar,
        note: "STRTOK_TO_ARRAY(s, delims = ' '): the tokens of s split on any character of delims, empty tokens skipped, as an array",
        inputs: &[ix(&[Snowflake], "STRTOK_TO_ARRAY", &[Src::A(0), Src::AOr(1, "' '")])],
        outputs: &[o(&[Snowflake], "STRTOK_TO_ARRAY({0}, {1})"), spt(&[Postgres], strtok_array_pg),
                   spt(&[Spark, Databricks], strtok_array_spark), spt(&[DuckDb, Trino, BigQuery], strtok_array_extract_all),
                   spt(&[DataFusion], strtok_array_datafusion),
                   no("the target has no arrays of tokens; split in the engine")],
    },
    FunctionDef {
        name: "regexp_substr_nth", arity: (4, 4), unit_arg: false, kind: Kind::Scalar,
        note: "REGEXP_SUBSTR(s, p, pos, n): the n-th match of a pattern searching from position pos; NULL when none",
        inputs: &[ia(&[Snowflake, Postgres, Redshift, MySql], "REGEXP_SUBSTR", 3, &[Src::A(0), Src::A(1), Src::A(2), Src::L("1")]),
                  ia(&[Snowflake, Postgres, Redshift, MySql], "REGEXP_SUBSTR", 4, &[])],
        outputs: &[o(&[Snowflake, Postgres, Redshift, MySql], "REGEXP_SUBSTR({0}, {1}, {2}, {3})"),
                   Output { to: &[BigQuery], render: Render::Template("REGEXP_EXTRACT({0}, {1}, {2}, {3})"), warn: Some((Dvt003, "BigQuery gives the capture group when the pattern has one")) },
                   o(&[Spark, Databricks], "TRY_ELEMENT_AT(REGEXP_EXTRACT_ALL(SUBSTRING({0}, {2}), {1}, 0), {3})"),
                   o(&[DuckDb], "REGEXP_EXTRACT_ALL(SUBSTRING({0}, {2}), {1})[{3}]"),
                   o(&[Trino], "ELEMENT_AT(REGEXP_EXTRACT_ALL(SUBSTR({0}, {2}), {1}), {3})"),
                   sp(regexp_substr_nth_first)],
    },
];
