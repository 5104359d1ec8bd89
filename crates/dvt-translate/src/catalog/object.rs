//! JSON objects and arrays, maps and structs: inspecting, building and modifying JSON values,
//! JSON aggregates, map and struct functions.
//!
//! Facts behind the rows (each database's JSON function reference, and results executed on
//! PostgreSQL 15, MariaDB 10.11, SQLite, DataFusion and Spark in `tests/exec/*.object.yaml`):
//! - A JSON value is `jsonb` in PostgreSQL (a text argument is cast first), `VARIANT` in
//!   Snowflake, `JSON` in BigQuery, DuckDB and Trino, and JSON *text* in MariaDB, SQLite,
//!   DataFusion and Spark (the `parse_json` row). Functions whose result is JSON carry the DVT004
//!   warning of JSON access when translated: types, key order and JSON `null` differ.
//! - Type names: the canonical `json_type` speaks PostgreSQL's and BigQuery's vocabulary
//!   (`object`, `array`, `string`, `number`, `boolean`, `null`); MySQL/MariaDB (`INTEGER`,
//!   `DOUBLE`, `STRING`, …), SQLite (`text`, `integer`, `real`, `true`, …), DuckDB and
//!   Snowflake (`VARCHAR`, `NULL_VALUE`, …) are mapped onto it. DataFusion and Spark have no JSON
//!   type function: the type is read from the first character of the JSON text.
//! - Snowflake's `OBJECT_CONSTRUCT` omits pairs whose value is NULL (so does Spark's `TO_JSON`
//!   of a struct); `OBJECT_CONSTRUCT_KEEP_NULL`, `JSON_BUILD_OBJECT` and `JSON_OBJECT` keep them.
//!   A JSON merge patch (RFC 7396: MySQL `JSON_MERGE_PATCH`, SQLite `JSON_PATCH`) drops a member
//!   whose patch value is null, which builds Snowflake's object where nothing strips nulls.
//! - PostgreSQL lists object keys shortest first (jsonb's storage order), MySQL sorts them too;
//!   the others keep the document order. PostgreSQL 15 has no JSON validity test (`IS JSON` is 16).
//! - `JSONB_ARRAY_LENGTH` is an error on a non-array, Spark's `JSON_ARRAY_LENGTH` NULL, SQLite's 0.
//! - Spark's `STR_TO_MAP` delimiters are regular expressions, Trino's `SPLIT_TO_MAP` literal.

use dvt_types::WarningCode::{Dvt003, Dvt004};

use super::super::dialect::DbKind::{self, *};
use super::groups::{MYSQL, SPARK};
use super::json::{PathElem, PathStyle, dollar_path, dotted_path, parse_path, quote, render_json};
use super::{ALL, input as i, input_args as ia, input_n as inn};
use super::{Call, Ctx, FunctionDef, Kind, Output, Render, SpecialFn, Src};
use super::{refuse as no, render_sub};
use crate::error::TranslateError;

// --- row helpers ------------------------------------------------------------------------------

const JSON_DIFFERS: &str =
    "JSON function translated: result types, key order and JSON null handling may differ";

/// A template rendering that carries the JSON warning (DVT004).
const fn j(to: &'static [DbKind], t: &'static str) -> Output {
    Output {
        to,
        render: Render::Template(t),
        warn: Some((Dvt004, JSON_DIFFERS)),
    }
}

/// A computed rendering that carries the JSON warning (DVT004).
const fn js(to: &'static [DbKind], f: SpecialFn) -> Output {
    Output {
        to,
        render: Render::Special(f),
        warn: Some((Dvt004, JSON_DIFFERS)),
    }
}

/// A best-effort template rendering (DVT003 with this message).
const fn best(to: &'static [DbKind], t: &'static str, msg: &'static str) -> Output {
    Output {
        to,
        render: Render::Template(t),
        warn: Some((Dvt003, msg)),
    }
}

const NO_JSON_BUILD: &str =
    "there is no JSON constructor; build the JSON text in the source database or with CONCAT";
const NO_JSON_EDIT: &str =
    "there is no function that modifies JSON; rebuild the object in the source database";
const NO_ARRAY: &str = "there is no array type; use the JSON array itself";
const NO_MAPS: &str = "there is no MAP type; use a JSON object or a key/value table";
const NO_STRUCT: &str = "there is no struct type; use a JSON object or separate columns";
const NO_JSON_TYPE: &str =
    "there is no JSON type function; test the JSON text in the source database";
const DUP_KEYS: &str =
    "a duplicate key is an error in Spark (default settings); other dialects keep the last value";

// --- small helpers ----------------------------------------------------------------------------

/// A string literal's text.
fn str_lit(s: &str) -> Option<String> {
    let inner = s.trim().strip_prefix('\'')?.strip_suffix('\'')?;
    if inner.replace("''", "").contains('\'') {
        return None;
    }
    Some(inner.replace("''", "'"))
}

/// A JSON value as PostgreSQL `jsonb` (text is cast).
fn jsonb(a: &str) -> String {
    const JSONB_RESULTS: &[&str] = &[
        "JSONB_BUILD_",
        "JSONB_SET(",
        "JSONB_STRIP_NULLS(",
        "JSONB_AGG(",
        "JSONB_OBJECT_AGG(",
        "TO_JSONB(",
    ];
    let arrow_chain = a.starts_with("(CAST(") && a.contains(" -> ") && !a.contains("->>");
    if a.ends_with("AS JSONB)") || arrow_chain || JSONB_RESULTS.iter().any(|p| a.starts_with(p)) {
        a.to_string()
    } else {
        format!("CAST({a} AS JSONB)")
    }
}

/// A SQL value as PostgreSQL `jsonb` (`TO_JSONB` needs a typed argument: literals are text).
fn pg_value(a: &str) -> String {
    if str_lit(a).is_some() {
        format!("TO_JSONB(CAST({a} AS TEXT))")
    } else {
        format!("TO_JSONB({a})")
    }
}

/// The call with its first argument (the JSON value) as `jsonb`.
fn jsonb_first(c: &Call) -> Call {
    let mut c = c.clone();
    if let Some(a) = c.args.first_mut() {
        *a = jsonb(a);
    }
    c
}

/// PostgreSQL renderings: a template over the call with its first argument as `jsonb`.
macro_rules! pg {
    ($($name:ident = $t:expr;)*) => {$(
        fn $name(c: &Call, _ctx: &mut Ctx<'_>) -> Result<String, TranslateError> {
            Ok(super::fill($t, &jsonb_first(c)))
        }
    )*};
}

pg! {
    pg_array_length = "JSONB_ARRAY_LENGTH({0})";
    pg_object_keys = "CASE WHEN {0} IS NULL THEN NULL ELSE ARRAY(SELECT JSONB_OBJECT_KEYS({0})) END";
    pg_typeof = "JSONB_TYPEOF({0})";
    pg_exists = "JSONB_PATH_EXISTS({0}, CAST({1} AS JSONPATH))";
    pg_unquote = "({0} #>> '{}')";
    pg_length = "CASE WHEN {0} IS NULL THEN NULL WHEN JSONB_TYPEOF({0}) = 'array' THEN JSONB_ARRAY_LENGTH({0}) WHEN JSONB_TYPEOF({0}) = 'object' THEN (SELECT CAST(COUNT(*) AS INT) FROM JSONB_OBJECT_KEYS({0})) ELSE 1 END";
    pg_strip_nulls = "JSONB_STRIP_NULLS({0})";
}

/// Both arguments as `jsonb`, around `op`.
fn pg_binary(op: &str, c: &Call) -> String {
    format!("({} {op} {})", jsonb(&c.args[0]), jsonb(&c.args[1]))
}

fn pg_merge(c: &Call, _ctx: &mut Ctx<'_>) -> Result<String, TranslateError> {
    Ok(pg_binary("||", c))
}

fn pg_contains(c: &Call, _ctx: &mut Ctx<'_>) -> Result<String, TranslateError> {
    Ok(pg_binary("@>", c))
}

fn pg_to_json(c: &Call, _ctx: &mut Ctx<'_>) -> Result<String, TranslateError> {
    Ok(format!("CAST({} AS TEXT)", pg_value(&c.args[0])))
}

fn pg_quote(c: &Call, _ctx: &mut Ctx<'_>) -> Result<String, TranslateError> {
    Ok(format!(
        "CAST(TO_JSONB(CAST({} AS TEXT)) AS TEXT)",
        c.args[0]
    ))
}

/// The literal JSON path of argument `at` (`'$.a.b[0]'`).
fn literal_path(c: &Call, at: usize, ctx: &Ctx<'_>) -> Result<Vec<PathElem>, TranslateError> {
    c.args
        .get(at)
        .and_then(|a| str_lit(a))
        .and_then(|s| parse_path(&s, PathStyle::Dollar))
        .ok_or_else(|| {
            ctx.unsupported(
                &format!(
                    "{} with a computed JSON path",
                    c.written.to_ascii_uppercase()
                ),
                "write the path as a literal such as '$.a.b'",
            )
        })
}

/// A PostgreSQL text[] path literal: `'{"a","0"}'`.
fn pg_path(path: &[PathElem]) -> String {
    let elems: Vec<String> = path
        .iter()
        .map(|p| match p {
            PathElem::Key(k) => format!("\"{}\"", k.replace('\\', "\\\\").replace('"', "\\\"")),
            PathElem::Index(n) => n.to_string(),
        })
        .collect();
    quote(&format!("{{{}}}", elems.join(",")))
}

/// A JSONPath literal for one object key.
fn key_path(key: &str) -> String {
    quote(&dollar_path(&[PathElem::Key(key.to_string())]))
}

/// The literal keys of arguments `from..`.
fn literal_keys(c: &Call, from: usize, ctx: &Ctx<'_>) -> Result<Vec<String>, TranslateError> {
    c.args[from..]
        .iter()
        .map(|a| {
            str_lit(a).ok_or_else(|| {
                ctx.unsupported(
                    &format!("{} with a computed key", c.written.to_ascii_uppercase()),
                    "write the keys as string literals",
                )
            })
        })
        .collect()
}

// --- JSON types -------------------------------------------------------------------------------

/// The JSON type of JSON *text* from its first character (targets without a JSON type function).
fn text_typeof(c: &Call, _ctx: &mut Ctx<'_>) -> Result<String, TranslateError> {
    let a = &c.args[0];
    Ok(format!(
        "CASE WHEN {a} IS NULL THEN NULL ELSE CASE SUBSTR(LTRIM({a}), 1, 1) WHEN '{{' THEN 'object' \
         WHEN '[' THEN 'array' WHEN '\"' THEN 'string' WHEN 't' THEN 'boolean' WHEN 'f' THEN 'boolean' \
         WHEN 'n' THEN 'null' ELSE 'number' END END"
    ))
}

/// `json_type(x) = kind`, rendered through the target's `json_type` row.
fn type_is(kind: &str, c: &Call, ctx: &mut Ctx<'_>) -> Result<String, TranslateError> {
    let t = render_sub("json_type", c, c.args.clone(), ctx)?;
    Ok(format!("({t} = '{kind}')"))
}

/// Row functions testing one JSON type.
macro_rules! type_tests {
    ($($f:ident = $kind:expr;)*) => {$(
        fn $f(c: &Call, ctx: &mut Ctx<'_>) -> Result<String, TranslateError> {
            type_is($kind, c, ctx)
        }
    )*};
}

type_tests! {
    is_object_t = "object";
    is_array_t = "array";
    is_null_value_t = "null";
    is_boolean_t = "boolean";
    is_string_t = "string";
}

/// STRIP_NULL_VALUE: NULL for a JSON null, else the value.
fn strip_null_value(c: &Call, ctx: &mut Ctx<'_>) -> Result<String, TranslateError> {
    let test = type_is("null", c, ctx)?;
    Ok(format!("CASE WHEN {test} THEN NULL ELSE {} END", c.args[0]))
}

// --- paths ------------------------------------------------------------------------------------

/// Whether a literal path exists: the extraction at the path is not NULL.
fn exists_by_extraction(c: &Call, ctx: &mut Ctx<'_>) -> Result<String, TranslateError> {
    let path = literal_path(c, 1, ctx)?;
    let a = &c.args[0];
    let got = render_json(a, &path, false, ctx);
    Ok(format!(
        "CASE WHEN {a} IS NULL THEN NULL ELSE {got} IS NOT NULL END"
    ))
}

/// The JSON value at the optional path argument (the whole value without one or at `$`).
fn at_path(c: &Call, ctx: &mut Ctx<'_>) -> Result<String, TranslateError> {
    if c.args.len() < 2 {
        return Ok(c.args[0].clone());
    }
    let path = literal_path(c, 1, ctx)?;
    Ok(if path.is_empty() {
        c.args[0].clone()
    } else {
        render_json(&c.args[0], &path, false, ctx)
    })
}

/// Row functions over the JSON value at the optional path: `template` over `{0}` that value.
macro_rules! at_path_as {
    ($($f:ident = $t:expr;)*) => {$(
        fn $f(c: &Call, ctx: &mut Ctx<'_>) -> Result<String, TranslateError> {
            let a = at_path(c, ctx)?;
            Ok(super::fill($t, &Call { args: vec![a], ..c.clone() }))
        }
    )*};
}

at_path_as! {
    query_array_same = "{0}";
    query_array_spark = "FROM_JSON({0}, 'ARRAY<STRING>')";
    query_array_duckdb = "CAST({0} AS JSON[])";
    query_array_trino = "CAST({0} AS ARRAY(JSON))";
    value_array_duckdb = "CAST({0} AS VARCHAR[])";
    value_array_trino = "CAST({0} AS ARRAY(VARCHAR))";
}

/// The elements of the JSON array at the path as a PostgreSQL array (`elements` is
/// `JSONB_ARRAY_ELEMENTS` or its `_TEXT` form).
fn pg_elements(elements: &str, c: &Call, ctx: &mut Ctx<'_>) -> Result<String, TranslateError> {
    let a = jsonb(&at_path(c, ctx)?);
    Ok(format!(
        "CASE WHEN {a} IS NULL THEN NULL ELSE ARRAY(SELECT {elements}({a})) END"
    ))
}

fn pg_query_array(c: &Call, ctx: &mut Ctx<'_>) -> Result<String, TranslateError> {
    pg_elements("JSONB_ARRAY_ELEMENTS", c, ctx)
}

fn pg_value_array(c: &Call, ctx: &mut Ctx<'_>) -> Result<String, TranslateError> {
    pg_elements("JSONB_ARRAY_ELEMENTS_TEXT", c, ctx)
}

/// DataFusion's `JSON_CONTAINS(x, key, …)` for a literal path.
fn df_exists(c: &Call, ctx: &mut Ctx<'_>) -> Result<String, TranslateError> {
    let path = literal_path(c, 1, ctx)?;
    let mut args = vec![c.args[0].clone()];
    args.extend(path.iter().map(|p| match p {
        PathElem::Key(k) => quote(k),
        PathElem::Index(n) => n.to_string(),
    }));
    Ok(format!(
        "CASE WHEN {} IS NULL THEN NULL ELSE JSON_CONTAINS({}) END",
        c.args[0],
        args.join(", ")
    ))
}

fn pg_set(c: &Call, ctx: &mut Ctx<'_>) -> Result<String, TranslateError> {
    let path = literal_path(c, 1, ctx)?;
    Ok(format!(
        "JSONB_SET({}, {}, {})",
        jsonb(&c.args[0]),
        pg_path(&path),
        pg_value(&c.args[2])
    ))
}

/// The PostgreSQL pieces of an edit at a literal path: the value as `jsonb` and the text[] path.
fn pg_edit(c: &Call, ctx: &Ctx<'_>) -> Result<(String, String, Vec<PathElem>), TranslateError> {
    let path = literal_path(c, 1, ctx)?;
    Ok((jsonb(&c.args[0]), pg_path(&path), path))
}

fn pg_insert(c: &Call, ctx: &mut Ctx<'_>) -> Result<String, TranslateError> {
    let (a, p, _) = pg_edit(c, ctx)?;
    let v = pg_value(&c.args[2]);
    Ok(format!(
        "CASE WHEN ({a} #> {p}) IS NULL THEN JSONB_SET({a}, {p}, {v}) ELSE {a} END"
    ))
}

fn pg_replace(c: &Call, ctx: &mut Ctx<'_>) -> Result<String, TranslateError> {
    let (a, p, _) = pg_edit(c, ctx)?;
    Ok(format!(
        "JSONB_SET({a}, {p}, {}, FALSE)",
        pg_value(&c.args[2])
    ))
}

fn pg_append(c: &Call, ctx: &mut Ctx<'_>) -> Result<String, TranslateError> {
    let (a, p, path) = pg_edit(c, ctx)?;
    let v = &c.args[2];
    Ok(if path.is_empty() {
        format!("({a} || JSONB_BUILD_ARRAY({v}))")
    } else {
        format!("COALESCE(JSONB_SET({a}, {p}, ({a} #> {p}) || JSONB_BUILD_ARRAY({v})), {a})")
    })
}

/// SQLite appends with JSON_INSERT at the path's `[#]` (one past the last element).
fn sqlite_append(c: &Call, ctx: &mut Ctx<'_>) -> Result<String, TranslateError> {
    let path = literal_path(c, 1, ctx)?;
    Ok(format!(
        "JSON_INSERT({}, {}, {})",
        c.args[0],
        quote(&format!("{}[#]", dollar_path(&path))),
        c.args[2]
    ))
}

fn pg_remove(c: &Call, ctx: &mut Ctx<'_>) -> Result<String, TranslateError> {
    let path = literal_path(c, 1, ctx)?;
    Ok(format!("({} #- {})", jsonb(&c.args[0]), pg_path(&path)))
}

/// The single key of a literal one-key path (Snowflake edits objects by key).
fn single_key(c: &Call, ctx: &Ctx<'_>) -> Result<String, TranslateError> {
    match literal_path(c, 1, ctx)?.as_slice() {
        [PathElem::Key(k)] => Ok(quote(k)),
        _ => Err(ctx.unsupported(
            &format!("{} below the top level", c.written.to_ascii_uppercase()),
            "Snowflake edits an object by key: OBJECT_INSERT / OBJECT_DELETE on the nested object",
        )),
    }
}

fn sf_set(c: &Call, ctx: &mut Ctx<'_>) -> Result<String, TranslateError> {
    let k = single_key(c, ctx)?;
    Ok(format!(
        "OBJECT_INSERT({}, {k}, {}, TRUE)",
        c.args[0], c.args[2]
    ))
}

fn sf_remove(c: &Call, ctx: &mut Ctx<'_>) -> Result<String, TranslateError> {
    let k = single_key(c, ctx)?;
    Ok(format!("OBJECT_DELETE({}, {k})", c.args[0]))
}

/// OBJECT_INSERT(o, k, v[, update]) as the target's `json_set` at the key's path.
fn insert_as_set(c: &Call, ctx: &mut Ctx<'_>) -> Result<String, TranslateError> {
    let key = str_lit(&c.args[1]).ok_or_else(|| {
        ctx.unsupported(
            &format!("{} with a computed key", c.written.to_ascii_uppercase()),
            "write the key as a string literal",
        )
    })?;
    let args = vec![c.args[0].clone(), key_path(&key), c.args[2].clone()];
    render_sub("json_set", c, args, ctx)
}

/// OBJECT_DELETE(o, k, …) as the target's `json_remove`, one key after the other.
fn delete_as_remove(c: &Call, ctx: &mut Ctx<'_>) -> Result<String, TranslateError> {
    let mut out = c.args[0].clone();
    for k in literal_keys(c, 1, ctx)? {
        out = render_sub("json_remove", c, vec![out, key_path(&k)], ctx)?;
    }
    Ok(out)
}

fn pg_delete(c: &Call, _ctx: &mut Ctx<'_>) -> Result<String, TranslateError> {
    let mut out = jsonb(&c.args[0]);
    for k in &c.args[1..] {
        out = format!("{out} - {k}");
    }
    Ok(format!("({out})"))
}

/// OBJECT_PICK over `(key, value)` rows of `each` aggregated with `agg` (empty: `'{}'`).
fn pick_rows(agg: &str, each: &str, c: &Call) -> String {
    format!(
        "(SELECT COALESCE({agg}(key, value), '{{}}') FROM {each}({}) WHERE key IN ({}))",
        c.args[0],
        c.args[1..].join(", ")
    )
}

fn pg_pick(c: &Call, _ctx: &mut Ctx<'_>) -> Result<String, TranslateError> {
    Ok(pick_rows("JSONB_OBJECT_AGG", "JSONB_EACH", &jsonb_first(c)))
}

fn sqlite_pick(c: &Call, _ctx: &mut Ctx<'_>) -> Result<String, TranslateError> {
    Ok(pick_rows("JSON_GROUP_OBJECT", "JSON_EACH", c))
}

// --- building ---------------------------------------------------------------------------------

/// The (key, value) pairs of a call.
fn pairs(c: &Call, ctx: &Ctx<'_>) -> Result<Vec<(String, String)>, TranslateError> {
    if !c.args.len().is_multiple_of(2) {
        return Err(ctx.unsupported(
            &format!(
                "{} with an odd number of arguments",
                c.written.to_ascii_uppercase()
            ),
            "give key/value pairs",
        ));
    }
    Ok(c.args
        .chunks(2)
        .map(|p| (p[0].clone(), p[1].clone()))
        .collect())
}

/// SQL Server's `JSON_OBJECT('k': v, … <on_null>)`.
fn tsql_object(on_null: &str, c: &Call, ctx: &mut Ctx<'_>) -> Result<String, TranslateError> {
    let kv: Vec<String> = pairs(c, ctx)?
        .into_iter()
        .map(|(k, v)| format!("{k}: {v}"))
        .collect();
    Ok(format!("JSON_OBJECT({} {on_null})", kv.join(", ")))
}

fn tsql_object_keep(c: &Call, ctx: &mut Ctx<'_>) -> Result<String, TranslateError> {
    tsql_object("NULL ON NULL", c, ctx)
}

fn tsql_object_absent(c: &Call, ctx: &mut Ctx<'_>) -> Result<String, TranslateError> {
    tsql_object("ABSENT ON NULL", c, ctx)
}

/// Spark: the JSON text of a struct of the pairs (`options` for TO_JSON, or nothing).
fn spark_object(options: &str, c: &Call, ctx: &mut Ctx<'_>) -> Result<String, TranslateError> {
    if pairs(c, ctx)?.is_empty() {
        return Ok("'{}'".to_string());
    }
    Ok(format!(
        "TO_JSON(NAMED_STRUCT({}){options})",
        c.args.join(", ")
    ))
}

fn spark_object_keep(c: &Call, ctx: &mut Ctx<'_>) -> Result<String, TranslateError> {
    spark_object(", MAP('ignoreNullFields', 'false')", c, ctx)
}

fn spark_object_absent(c: &Call, ctx: &mut Ctx<'_>) -> Result<String, TranslateError> {
    spark_object("", c, ctx)
}

/// An object without NULL values as a JSON merge patch of one-pair objects onto `{}`:
/// `patch` is the merge function, `nested` whether it takes two arguments only.
fn patched(patch: &str, nested: bool, c: &Call, ctx: &Ctx<'_>) -> Result<String, TranslateError> {
    let objs: Vec<String> = pairs(c, ctx)?
        .into_iter()
        .map(|(k, v)| format!("JSON_OBJECT({k}, {v})"))
        .collect();
    if nested {
        Ok(objs
            .into_iter()
            .fold("JSON_OBJECT()".to_string(), |acc, o| {
                format!("{patch}({acc}, {o})")
            }))
    } else if objs.is_empty() {
        Ok("JSON_OBJECT()".to_string())
    } else {
        Ok(format!("{patch}(JSON_OBJECT(), {})", objs.join(", ")))
    }
}

fn mysql_absent(c: &Call, ctx: &mut Ctx<'_>) -> Result<String, TranslateError> {
    patched("JSON_MERGE_PATCH", false, c, ctx)
}

fn sqlite_absent(c: &Call, ctx: &mut Ctx<'_>) -> Result<String, TranslateError> {
    patched("JSON_PATCH", true, c, ctx)
}

fn duckdb_absent(c: &Call, ctx: &mut Ctx<'_>) -> Result<String, TranslateError> {
    patched("JSON_MERGE_PATCH", true, c, ctx)
}

fn pg_object_absent(c: &Call, ctx: &mut Ctx<'_>) -> Result<String, TranslateError> {
    pairs(c, ctx)?;
    Ok(format!(
        "JSONB_STRIP_NULLS(JSONB_BUILD_OBJECT({}))",
        c.args.join(", ")
    ))
}

/// A JSON string literal of text: Spark writes the one-element array and drops the brackets.
fn spark_quote(c: &Call, _ctx: &mut Ctx<'_>) -> Result<String, TranslateError> {
    let a = &c.args[0];
    Ok(format!(
        "CASE WHEN {a} IS NULL THEN NULL ELSE SUBSTRING(TO_JSON(ARRAY({a})), 2, LENGTH(TO_JSON(ARRAY({a}))) - 2) END"
    ))
}

// --- aggregates and structs -------------------------------------------------------------------

/// JSON_AGG on Spark: COLLECT_LIST (NULLs skipped); an ORDER BY cannot be kept.
fn spark_json_agg(c: &Call, ctx: &mut Ctx<'_>) -> Result<String, TranslateError> {
    if !c.order_by.is_empty() {
        return Err(ctx.unsupported(
            &format!("{} with ORDER BY", c.written.to_ascii_uppercase()),
            "Spark's COLLECT_LIST has no order: sort the array with ARRAY_SORT",
        ));
    }
    let f = if c.distinct {
        "COLLECT_SET"
    } else {
        "COLLECT_LIST"
    };
    Ok(format!("TO_JSON({f}({}))", c.args[0]))
}

/// `s.field` for a literal field name that is a plain identifier.
fn dot_field(c: &Call, ctx: &mut Ctx<'_>) -> Result<String, TranslateError> {
    match str_lit(&c.args[1]) {
        Some(f) if !f.is_empty() && f.chars().all(|ch| ch.is_ascii_alphanumeric() || ch == '_') => {
            Ok(format!("({}).{f}", c.args[0]))
        }
        _ => Err(ctx.unsupported(
            &c.written.to_ascii_uppercase(),
            "name the field with a literal identifier",
        )),
    }
}

fn sf_field(c: &Call, _ctx: &mut Ctx<'_>) -> Result<String, TranslateError> {
    Ok(format!("GET({}, {})", c.args[0], c.args[1]))
}

/// Snowflake GET_PATH for a literal JSONPath (JSON_EXISTS on Snowflake).
fn sf_exists(c: &Call, ctx: &mut Ctx<'_>) -> Result<String, TranslateError> {
    let path = literal_path(c, 1, ctx)?;
    Ok(format!(
        "(GET_PATH({}, {}) IS NOT NULL)",
        c.args[0],
        quote(&dotted_path(&path))
    ))
}

const A01: &[Src] = &[Src::A(0), Src::A(1)];
const A02: &[Src] = &[Src::A(0), Src::A(2)];
const STR_TO_MAP_ARGS: &[Src] = &[Src::A(0), Src::AOr(1, "','"), Src::AOr(2, "':'")];

/// The function rows of this group.
#[rustfmt::skip]
pub static FUNCTIONS: &[FunctionDef] = &[
    // --- inspecting JSON ---
    FunctionDef {
        name: "json_array_length", arity: (1, 1), unit_arg: false, kind: Kind::Scalar,
        note: "the number of elements of a JSON array (a non-array: an error, NULL or 0 depending on the database)",
        inputs: &[i(&[Postgres, Redshift, Spark, Databricks, Sqlite, DuckDb, Trino], "JSON_ARRAY_LENGTH"),
                  i(&[Postgres], "JSONB_ARRAY_LENGTH")],
        outputs: &[js(&[Postgres], pg_array_length),
                   j(&[Redshift, Spark, Databricks, Sqlite, DuckDb, Trino], "JSON_ARRAY_LENGTH({0})"),
                   j(MYSQL, "JSON_LENGTH({0})"), j(&[DataFusion], "JSON_LENGTH({0})"),
                   j(&[Snowflake], "ARRAY_SIZE({0})"), j(&[BigQuery], "ARRAY_LENGTH(JSON_QUERY_ARRAY({0}))"),
                   j(&[SqlServer], "(SELECT COUNT(*) FROM OPENJSON({0}))"),
                   no(ALL, "count the elements in the source database")],
    },
    FunctionDef {
        name: "json_length", arity: (1, 1), unit_arg: false, kind: Kind::Scalar,
        note: "MySQL JSON_LENGTH: the elements of an array, the members of an object, 1 for a scalar",
        inputs: &[inn(MYSQL, "JSON_LENGTH", 1, &[]), inn(&[DataFusion], "JSON_LENGTH", 1, &[])],
        outputs: &[j(MYSQL, "JSON_LENGTH({0})"), j(&[DataFusion], "JSON_LENGTH({0})"), js(&[Postgres], pg_length),
                   j(&[Sqlite], "CASE WHEN {0} IS NULL THEN NULL WHEN JSON_TYPE({0}) IN ('array', 'object') THEN (SELECT COUNT(*) FROM JSON_EACH({0})) ELSE 1 END"),
                   j(SPARK, "CASE WHEN {0} IS NULL THEN NULL ELSE COALESCE(JSON_ARRAY_LENGTH({0}), ARRAY_SIZE(JSON_OBJECT_KEYS({0})), 1) END"),
                   j(&[Snowflake], "CASE WHEN {0} IS NULL THEN NULL WHEN IS_ARRAY({0}) THEN ARRAY_SIZE({0}) WHEN IS_OBJECT({0}) THEN ARRAY_SIZE(OBJECT_KEYS({0})) ELSE 1 END"),
                   no(ALL, "count the members in the source database")],
    },
    FunctionDef {
        name: "json_object_keys", arity: (1, 1), unit_arg: false, kind: Kind::Scalar,
        note: "the top-level keys of a JSON object as an array (a JSON array where there are no arrays)",
        inputs: &[i(SPARK, "JSON_OBJECT_KEYS"), i(&[Snowflake], "OBJECT_KEYS"), inn(MYSQL, "JSON_KEYS", 1, &[]),
                  inn(&[DuckDb], "JSON_KEYS", 1, &[]), i(&[DataFusion], "JSON_OBJECT_KEYS"), i(&[DataFusion], "JSON_KEYS")],
        outputs: &[js(&[Postgres], pg_object_keys), j(SPARK, "JSON_OBJECT_KEYS({0})"), j(&[DataFusion], "JSON_OBJECT_KEYS({0})"),
                   j(&[Snowflake], "OBJECT_KEYS({0})"), j(&[DuckDb], "JSON_KEYS({0})"), j(&[BigQuery], "JSON_KEYS({0}, 1)"),
                   j(MYSQL, "JSON_KEYS({0})"),
                   j(&[Sqlite], "CASE WHEN {0} IS NULL THEN NULL ELSE (SELECT JSON_GROUP_ARRAY(key) FROM JSON_EACH({0})) END"),
                   j(&[Trino], "MAP_KEYS(CAST({0} AS MAP(VARCHAR, JSON)))"),
                   no(ALL, "list the keys in the source database")],
    },
    FunctionDef {
        name: "json_type", arity: (1, 1), unit_arg: false, kind: Kind::Scalar,
        note: "the type of a JSON value: object, array, string, number, boolean or null",
        inputs: &[i(&[Postgres], "JSONB_TYPEOF"), i(&[Postgres, Redshift], "JSON_TYPEOF"), inn(&[BigQuery], "JSON_TYPE", 1, &[])],
        outputs: &[js(&[Postgres], pg_typeof), j(&[Redshift], "JSON_TYPEOF({0})"), j(&[BigQuery], "JSON_TYPE({0})"),
                   j(MYSQL, "CASE JSON_TYPE({0}) WHEN 'INTEGER' THEN 'number' WHEN 'UNSIGNED INTEGER' THEN 'number' WHEN 'DOUBLE' THEN 'number' WHEN 'DECIMAL' THEN 'number' ELSE LOWER(JSON_TYPE({0})) END"),
                   j(&[Sqlite], "CASE JSON_TYPE({0}) WHEN 'text' THEN 'string' WHEN 'integer' THEN 'number' WHEN 'real' THEN 'number' WHEN 'true' THEN 'boolean' WHEN 'false' THEN 'boolean' ELSE JSON_TYPE({0}) END"),
                   j(&[Snowflake], "CASE TYPEOF({0}) WHEN 'VARCHAR' THEN 'string' WHEN 'INTEGER' THEN 'number' WHEN 'DECIMAL' THEN 'number' WHEN 'DOUBLE' THEN 'number' WHEN 'NULL_VALUE' THEN 'null' ELSE LOWER(TYPEOF({0})) END"),
                   j(&[DuckDb], "CASE JSON_TYPE({0}) WHEN 'VARCHAR' THEN 'string' WHEN 'BIGINT' THEN 'number' WHEN 'UBIGINT' THEN 'number' WHEN 'DOUBLE' THEN 'number' ELSE LOWER(JSON_TYPE({0})) END"),
                   js(&[Spark, Databricks, DataFusion], text_typeof),
                   no(ALL, NO_JSON_TYPE)],
    },
    FunctionDef {
        name: "is_object", arity: (1, 1), unit_arg: false, kind: Kind::Scalar,
        note: "whether a JSON value is an object",
        inputs: &[i(&[Snowflake], "IS_OBJECT")],
        outputs: &[j(&[Snowflake], "IS_OBJECT({0})"), js(ALL, is_object_t)],
    },
    FunctionDef {
        name: "is_array", arity: (1, 1), unit_arg: false, kind: Kind::Scalar,
        note: "whether a JSON value is an array",
        inputs: &[i(&[Snowflake], "IS_ARRAY")],
        outputs: &[j(&[Snowflake], "IS_ARRAY({0})"), js(ALL, is_array_t)],
    },
    FunctionDef {
        name: "is_null_value", arity: (1, 1), unit_arg: false, kind: Kind::Scalar,
        note: "whether a JSON value is JSON null (SQL NULL gives NULL)",
        inputs: &[i(&[Snowflake], "IS_NULL_VALUE")],
        outputs: &[j(&[Snowflake], "IS_NULL_VALUE({0})"), js(ALL, is_null_value_t)],
    },
    FunctionDef {
        name: "is_boolean", arity: (1, 1), unit_arg: false, kind: Kind::Scalar,
        note: "whether a JSON value is a boolean",
        inputs: &[i(&[Snowflake], "IS_BOOLEAN")],
        outputs: &[j(&[Snowflake], "IS_BOOLEAN({0})"), js(ALL, is_boolean_t)],
    },
    FunctionDef {
        name: "is_varchar", arity: (1, 1), unit_arg: false, kind: Kind::Scalar,
        note: "whether a JSON value is a string",
        inputs: &[i(&[Snowflake], "IS_VARCHAR"), i(&[Snowflake], "IS_CHAR")],
        outputs: &[j(&[Snowflake], "IS_VARCHAR({0})"), js(ALL, is_string_t)],
    },
    FunctionDef {
        name: "strip_null_value", arity: (1, 1), unit_arg: false, kind: Kind::Scalar,
        note: "a JSON null as SQL NULL, any other value unchanged",
        inputs: &[i(&[Snowflake], "STRIP_NULL_VALUE")],
        outputs: &[j(&[Snowflake], "STRIP_NULL_VALUE({0})"), js(ALL, strip_null_value)],
    },
    FunctionDef {
        name: "json_valid", arity: (1, 1), unit_arg: false, kind: Kind::Scalar,
        note: "whether text is valid JSON (NULL for NULL)",
        inputs: &[i(MYSQL, "JSON_VALID"), i(&[Sqlite, DuckDb], "JSON_VALID"), i(&[Redshift], "IS_VALID_JSON"),
                  inn(&[SqlServer], "ISJSON", 1, &[])],
        outputs: &[j(MYSQL, "JSON_VALID({0})"), j(&[DuckDb], "JSON_VALID({0})"), j(&[Redshift], "IS_VALID_JSON({0})"),
                   j(&[Sqlite], "CASE WHEN {0} IS NULL THEN NULL ELSE JSON_VALID({0}) END"),
                   j(&[SqlServer], "(ISJSON({0}) = 1)"),
                   j(&[Snowflake], "CASE WHEN {0} IS NULL THEN NULL ELSE CHECK_JSON({0}) IS NULL END"),
                   j(&[BigQuery], "CASE WHEN {0} IS NULL THEN NULL ELSE SAFE.PARSE_JSON({0}) IS NOT NULL END"),
                   j(SPARK, "CASE WHEN {0} IS NULL THEN NULL ELSE TRY_PARSE_JSON({0}) IS NOT NULL END"),
                   j(&[Trino], "CASE WHEN {0} IS NULL THEN NULL ELSE TRY(JSON_PARSE({0})) IS NOT NULL END"),
                   no(&[Postgres], "PostgreSQL 16 writes `x IS JSON`; version 15 has no JSON validity test"),
                   no(ALL, "validate the JSON in the source database")],
    },
    FunctionDef {
        name: "json_exists", arity: (2, 2), unit_arg: false, kind: Kind::Scalar,
        note: "whether a JSON value has a member at a JSONPath ('$.a.b'), even a JSON null",
        inputs: &[i(&[MariaDb, DuckDb, SqlServer, Trino, Oracle], "JSON_EXISTS"), inn(MYSQL, "JSON_CONTAINS_PATH", 3, A02),
                  inn(&[Postgres], "JSONB_PATH_EXISTS", 2, A01)],
        outputs: &[js(&[Postgres], pg_exists), j(MYSQL, "JSON_CONTAINS_PATH({0}, 'one', {1})"),
                   j(&[Sqlite], "CASE WHEN {0} IS NULL THEN NULL ELSE JSON_TYPE({0}, {1}) IS NOT NULL END"),
                   j(&[DuckDb, SqlServer, Trino, Oracle], "JSON_EXISTS({0}, {1})"),
                   js(&[DataFusion], df_exists), js(&[Snowflake], sf_exists),
                   Output { to: SPARK, render: Render::Special(exists_by_extraction),
                            warn: Some((Dvt004, "a member whose value is JSON null counts as absent in Spark")) },
                   js(ALL, exists_by_extraction)],
    },
    FunctionDef {
        name: "json_contains", arity: (2, 2), unit_arg: false, kind: Kind::Scalar,
        note: "whether a JSON document contains another (MySQL JSON_CONTAINS, PostgreSQL @>)",
        inputs: &[inn(MYSQL, "JSON_CONTAINS", 2, &[]), inn(&[DuckDb], "JSON_CONTAINS", 2, &[])],
        outputs: &[j(MYSQL, "JSON_CONTAINS({0}, {1})"), j(&[DuckDb], "JSON_CONTAINS({0}, {1})"), js(&[Postgres], pg_contains),
                   no(ALL, "test the containment in the source database")],
    },
    FunctionDef {
        name: "json_unquote", arity: (1, 1), unit_arg: false, kind: Kind::Scalar,
        note: "a JSON string's text without quotes (other JSON values as their text)",
        inputs: &[i(MYSQL, "JSON_UNQUOTE")],
        outputs: &[o_same(MYSQL, "JSON_UNQUOTE({0})"), js(&[Postgres], pg_unquote), j(&[Sqlite], "JSON_EXTRACT({0}, '$')"),
                   j(SPARK, "GET_JSON_OBJECT({0}, '$')"), j(&[DataFusion], "JSON_AS_TEXT({0})"),
                   j(&[Snowflake], "CAST({0} AS VARCHAR)"), j(&[BigQuery], "JSON_VALUE({0})"), j(&[DuckDb], "({0} ->> '$')"),
                   j(&[Trino], "JSON_EXTRACT_SCALAR({0}, '$')"), j(&[SqlServer], "JSON_VALUE({0}, '$')"),
                   no(ALL, "unquote the value in the source database")],
    },
    // --- building JSON ---
    FunctionDef {
        name: "json_build_object", arity: (0, usize::MAX), unit_arg: false, kind: Kind::Scalar,
        note: "a JSON object of key/value pairs, NULL values kept as JSON null",
        inputs: &[i(&[Postgres], "JSON_BUILD_OBJECT"), i(&[Postgres], "JSONB_BUILD_OBJECT"),
                  i(&[MySql, MariaDb, Sqlite, DuckDb, BigQuery], "JSON_OBJECT"), i(&[Snowflake], "OBJECT_CONSTRUCT_KEEP_NULL")],
        outputs: &[j(&[Postgres], "JSONB_BUILD_OBJECT({*})"), j(&[MySql, MariaDb, Sqlite, DuckDb, BigQuery], "JSON_OBJECT({*})"),
                   j(&[Snowflake], "OBJECT_CONSTRUCT_KEEP_NULL({*})"), js(SPARK, spark_object_keep),
                   js(&[SqlServer], tsql_object_keep), no(ALL, NO_JSON_BUILD)],
    },
    FunctionDef {
        name: "object_construct", arity: (0, usize::MAX), unit_arg: false, kind: Kind::Scalar,
        note: "Snowflake OBJECT_CONSTRUCT: a JSON object of key/value pairs without the pairs whose value is NULL",
        inputs: &[i(&[Snowflake], "OBJECT_CONSTRUCT")],
        outputs: &[j(&[Snowflake], "OBJECT_CONSTRUCT({*})"), js(&[Postgres], pg_object_absent), js(SPARK, spark_object_absent),
                   js(MYSQL, mysql_absent), js(&[Sqlite], sqlite_absent), js(&[DuckDb], duckdb_absent),
                   j(&[BigQuery], "JSON_STRIP_NULLS(JSON_OBJECT({*}))"), js(&[SqlServer], tsql_object_absent),
                   no(ALL, NO_JSON_BUILD)],
    },
    FunctionDef {
        name: "json_build_array", arity: (0, usize::MAX), unit_arg: false, kind: Kind::Scalar,
        note: "a JSON array of the arguments, NULLs kept as JSON null",
        inputs: &[i(&[Postgres], "JSON_BUILD_ARRAY"), i(&[Postgres], "JSONB_BUILD_ARRAY"),
                  i(&[MySql, MariaDb, Sqlite, DuckDb, BigQuery], "JSON_ARRAY")],
        outputs: &[j(&[Postgres], "JSONB_BUILD_ARRAY({*})"), j(&[MySql, MariaDb, Sqlite, DuckDb, BigQuery], "JSON_ARRAY({*})"),
                   j(&[Snowflake], "ARRAY_CONSTRUCT({*})"), j(SPARK, "TO_JSON(ARRAY({*}))"),
                   j(&[Trino], "CAST(ARRAY[{*}] AS JSON)"), j(&[SqlServer], "JSON_ARRAY({*} NULL ON NULL)"),
                   no(ALL, NO_JSON_BUILD)],
    },
    FunctionDef {
        name: "to_json", arity: (1, 1), unit_arg: false, kind: Kind::Scalar,
        note: "the JSON text of a value (where JSON is kept as text, the value is taken as JSON already)",
        inputs: &[i(&[Snowflake, DuckDb], "TO_JSON"), i(&[BigQuery], "TO_JSON_STRING"), i(&[Redshift], "JSON_SERIALIZE")],
        outputs: &[j(&[Snowflake, DuckDb], "TO_JSON({0})"), j(&[BigQuery], "TO_JSON_STRING({0})"),
                   j(&[Redshift], "JSON_SERIALIZE({0})"), js(&[Postgres], pg_to_json), j(&[MariaDb], "JSON_COMPACT({0})"),
                   j(&[MySql], "CAST(CAST({0} AS JSON) AS CHAR)"), j(&[Sqlite], "JSON({0})"), j(&[Trino], "JSON_FORMAT({0})"),
                   j(ALL, "{0}")],
    },
    FunctionDef {
        name: "json_quote", arity: (1, 1), unit_arg: false, kind: Kind::Scalar,
        note: "text as a JSON string literal (quoted and escaped)",
        inputs: &[i(MYSQL, "JSON_QUOTE"), i(&[Sqlite], "JSON_QUOTE")],
        outputs: &[j(MYSQL, "JSON_QUOTE({0})"), j(&[Sqlite], "JSON_QUOTE({0})"), js(&[Postgres], pg_quote),
                   js(SPARK, spark_quote), j(&[Snowflake], "TO_JSON(TO_VARIANT({0}))"), j(&[BigQuery], "TO_JSON_STRING({0})"),
                   j(&[DuckDb], "TO_JSON({0})"), no(ALL, NO_JSON_BUILD)],
    },
    // --- modifying JSON ---
    FunctionDef {
        name: "json_set", arity: (3, 3), unit_arg: false, kind: Kind::Scalar,
        note: "a JSON value with the member at a literal JSONPath set to a SQL value",
        inputs: &[inn(MYSQL, "JSON_SET", 3, &[]), inn(&[Sqlite], "JSON_SET", 3, &[]), inn(&[BigQuery], "JSON_SET", 3, &[])],
        outputs: &[j(&[MySql, MariaDb, Sqlite, BigQuery], "JSON_SET({0}, {1}, {2})"), js(&[Postgres], pg_set),
                   js(&[Snowflake], sf_set),
                   Output { to: &[SqlServer], render: Render::Template("JSON_MODIFY({0}, {1}, {2})"),
                            warn: Some((Dvt004, "JSON_MODIFY removes the member when the value is NULL")) },
                   no(ALL, NO_JSON_EDIT)],
    },
    FunctionDef {
        name: "json_insert", arity: (3, 3), unit_arg: false, kind: Kind::Scalar,
        note: "a JSON value with a member added at a literal JSONPath where there is none (an existing one is kept)",
        inputs: &[inn(MYSQL, "JSON_INSERT", 3, &[]), inn(&[Sqlite], "JSON_INSERT", 3, &[])],
        outputs: &[j(&[MySql, MariaDb, Sqlite], "JSON_INSERT({0}, {1}, {2})"), js(&[Postgres], pg_insert),
                   no(ALL, NO_JSON_EDIT)],
    },
    FunctionDef {
        name: "json_replace", arity: (3, 3), unit_arg: false, kind: Kind::Scalar,
        note: "a JSON value with the member at a literal JSONPath replaced where it exists (none is added)",
        inputs: &[inn(MYSQL, "JSON_REPLACE", 3, &[]), inn(&[Sqlite], "JSON_REPLACE", 3, &[])],
        outputs: &[j(&[MySql, MariaDb, Sqlite], "JSON_REPLACE({0}, {1}, {2})"), js(&[Postgres], pg_replace),
                   no(ALL, NO_JSON_EDIT)],
    },
    FunctionDef {
        name: "json_array_append", arity: (3, 3), unit_arg: false, kind: Kind::Scalar,
        note: "a JSON value with a SQL value appended to the array at a literal JSONPath",
        inputs: &[inn(MYSQL, "JSON_ARRAY_APPEND", 3, &[])],
        outputs: &[j(MYSQL, "JSON_ARRAY_APPEND({0}, {1}, {2})"), js(&[Postgres], pg_append), js(&[Sqlite], sqlite_append),
                   no(ALL, NO_JSON_EDIT)],
    },
    FunctionDef {
        name: "object_insert", arity: (3, 4), unit_arg: false, kind: Kind::Scalar,
        note: "Snowflake OBJECT_INSERT(o, key, value[, update]): the object with a key set (elsewhere an existing key is always updated)",
        inputs: &[i(&[Snowflake], "OBJECT_INSERT")],
        outputs: &[o_same(&[Snowflake], "OBJECT_INSERT({*})"),
                   js(ALL, insert_as_set)],
    },
    FunctionDef {
        name: "json_remove", arity: (2, 2), unit_arg: false, kind: Kind::Scalar,
        note: "a JSON value without the member at a literal JSONPath",
        inputs: &[inn(MYSQL, "JSON_REMOVE", 2, &[]), inn(&[Sqlite], "JSON_REMOVE", 2, &[]), inn(&[BigQuery], "JSON_REMOVE", 2, &[])],
        outputs: &[j(&[MySql, MariaDb, Sqlite, BigQuery], "JSON_REMOVE({0}, {1})"), js(&[Postgres], pg_remove),
                   js(&[Snowflake], sf_remove), j(&[SqlServer], "JSON_MODIFY({0}, {1}, NULL)"),
                   no(ALL, NO_JSON_EDIT)],
    },
    FunctionDef {
        name: "object_delete", arity: (2, usize::MAX), unit_arg: false, kind: Kind::Scalar,
        note: "Snowflake OBJECT_DELETE(o, key, …): the object without these keys",
        inputs: &[i(&[Snowflake], "OBJECT_DELETE")],
        outputs: &[j(&[Snowflake], "OBJECT_DELETE({*})"), js(&[Postgres], pg_delete), js(ALL, delete_as_remove)],
    },
    FunctionDef {
        name: "object_pick", arity: (2, usize::MAX), unit_arg: false, kind: Kind::Scalar,
        note: "Snowflake OBJECT_PICK(o, key, …): the object with only these keys",
        inputs: &[i(&[Snowflake], "OBJECT_PICK")],
        outputs: &[j(&[Snowflake], "OBJECT_PICK({*})"), js(&[Postgres], pg_pick), js(&[Sqlite], sqlite_pick),
                   no(ALL, NO_JSON_EDIT)],
    },
    FunctionDef {
        name: "json_merge_patch", arity: (2, 2), unit_arg: false, kind: Kind::Scalar,
        note: "RFC 7396 merge patch: members of the second object replace the first's, a null removes one",
        inputs: &[inn(MYSQL, "JSON_MERGE_PATCH", 2, &[]), i(&[DuckDb], "JSON_MERGE_PATCH"), i(&[Sqlite], "JSON_PATCH")],
        outputs: &[j(MYSQL, "JSON_MERGE_PATCH({0}, {1})"), j(&[DuckDb], "JSON_MERGE_PATCH({0}, {1})"), j(&[Sqlite], "JSON_PATCH({0}, {1})"),
                   Output { to: &[Postgres], render: Render::Special(pg_merge),
                            warn: Some((Dvt003, "jsonb || merges the top level only and keeps null members")) },
                   no(ALL, NO_JSON_EDIT)],
    },
    FunctionDef {
        name: "json_strip_nulls", arity: (1, 1), unit_arg: false, kind: Kind::Scalar,
        note: "a JSON value without object members whose value is null, at every depth",
        inputs: &[i(&[Postgres], "JSON_STRIP_NULLS"), i(&[Postgres], "JSONB_STRIP_NULLS")],
        outputs: &[js(&[Postgres], pg_strip_nulls), no(ALL, NO_JSON_EDIT)],
    },
    // --- JSON arrays ---
    FunctionDef {
        name: "json_query_array", arity: (1, 2), unit_arg: false, kind: Kind::Scalar,
        note: "the elements of the JSON array at an optional literal JSONPath as an array of JSON values",
        inputs: &[i(&[BigQuery], "JSON_QUERY_ARRAY"), i(&[BigQuery], "JSON_EXTRACT_ARRAY")],
        outputs: &[j(&[BigQuery], "JSON_QUERY_ARRAY({*})"), js(&[Postgres], pg_query_array),
                   js(&[MySql, MariaDb, Sqlite, Snowflake], query_array_same),
                   Output { to: SPARK, render: Render::Special(query_array_spark),
                            warn: Some((Dvt004, "Spark's ARRAY<STRING> holds JSON strings without their quotes")) },
                   js(&[DuckDb], query_array_duckdb), js(&[Trino], query_array_trino),
                   no(ALL, "unnest the JSON array in the source database")],
    },
    FunctionDef {
        name: "json_value_array", arity: (1, 2), unit_arg: false, kind: Kind::Scalar,
        note: "the scalar elements of the JSON array at an optional literal JSONPath as an array of strings",
        inputs: &[i(&[BigQuery], "JSON_VALUE_ARRAY"), i(&[BigQuery], "JSON_EXTRACT_STRING_ARRAY")],
        outputs: &[j(&[BigQuery], "JSON_VALUE_ARRAY({*})"), js(&[Postgres], pg_value_array), js(SPARK, query_array_spark),
                   js(&[DuckDb], value_array_duckdb), js(&[Trino], value_array_trino), no(ALL, NO_ARRAY)],
    },
    // --- JSON aggregates ---
    FunctionDef {
        name: "json_agg", arity: (1, 1), unit_arg: false, kind: Kind::Aggregate,
        note: "a JSON array of the group's values (NULLs kept as JSON null, except in Spark and Snowflake); MySQL JSON_ARRAYAGG and SQLite JSON_GROUP_ARRAY are read as ARRAY_AGG (arrays are JSON arrays there)",
        inputs: &[i(&[Postgres], "JSON_AGG"), i(&[Postgres], "JSONB_AGG"), i(&[DuckDb], "JSON_GROUP_ARRAY")],
        outputs: &[j(&[Postgres], "JSONB_AGG({distinct}{0}{order})"), j(MYSQL, "JSON_ARRAYAGG({distinct}{0}{order})"),
                   j(&[Sqlite, DuckDb], "JSON_GROUP_ARRAY({distinct}{0}{order})"), js(SPARK, spark_json_agg),
                   j(&[Snowflake], "ARRAY_AGG({distinct}{0}){within}"), j(&[BigQuery], "TO_JSON(ARRAY_AGG({distinct}{0}{order}))"),
                   j(&[Trino], "CAST(ARRAY_AGG({distinct}{0}{order}) AS JSON)"), no(ALL, NO_JSON_BUILD)],
    },
    FunctionDef {
        name: "object_agg", arity: (2, 2), unit_arg: false, kind: Kind::Aggregate,
        note: "a JSON object of the group's key/value pairs",
        inputs: &[i(&[Snowflake], "OBJECT_AGG"), i(&[Postgres], "JSON_OBJECT_AGG"), i(&[Postgres], "JSONB_OBJECT_AGG"),
                  i(MYSQL, "JSON_OBJECTAGG"), i(&[Sqlite, DuckDb], "JSON_GROUP_OBJECT")],
        outputs: &[j(&[Snowflake], "OBJECT_AGG({0}, {1})"), j(&[Postgres], "JSONB_OBJECT_AGG({0}, {1})"),
                   j(MYSQL, "JSON_OBJECTAGG({0}, {1})"), j(&[Sqlite, DuckDb], "JSON_GROUP_OBJECT({0}, {1})"),
                   j(SPARK, "TO_JSON(MAP_FROM_ENTRIES(COLLECT_LIST(STRUCT({0}, {1}))))"),
                   j(&[Trino], "CAST(MAP_AGG({0}, {1}) AS JSON)"), no(ALL, NO_JSON_BUILD)],
    },
    // --- maps and structs ---
    FunctionDef {
        name: "map_concat", arity: (2, usize::MAX), unit_arg: false, kind: Kind::Scalar,
        note: "the union of maps (a key of a later map wins, or is an error in Spark)",
        inputs: &[i(&[Spark, Databricks, DuckDb, Trino], "MAP_CONCAT")],
        outputs: &[best(&[Spark, Databricks, DuckDb, Trino], "MAP_CONCAT({*})", DUP_KEYS), no(ALL, NO_MAPS)],
    },
    FunctionDef {
        name: "str_to_map", arity: (1, 3), unit_arg: false, kind: Kind::Scalar,
        note: "a map from 'k1:v1,k2:v2' text (pair and key/value delimiters, by default ',' and ':')",
        inputs: &[ia(SPARK, "STR_TO_MAP", STR_TO_MAP_ARGS), inn(&[Trino], "SPLIT_TO_MAP", 3, &[])],
        outputs: &[o_same(SPARK, "STR_TO_MAP({0}, {1}, {2})"),
                   best(&[Trino], "SPLIT_TO_MAP({0}, {1}, {2})", "Spark's delimiters are regular expressions, Trino's literal text"),
                   no(ALL, NO_MAPS)],
    },
    FunctionDef {
        name: "map_from_entries", arity: (1, 1), unit_arg: false, kind: Kind::Scalar,
        note: "a map from an array of (key, value) structs",
        inputs: &[i(&[Spark, Databricks, DuckDb, Trino], "MAP_FROM_ENTRIES")],
        outputs: &[o_same(&[Spark, Databricks, DuckDb, Trino], "MAP_FROM_ENTRIES({0})"), no(ALL, NO_MAPS)],
    },
    FunctionDef {
        name: "map_agg", arity: (2, 2), unit_arg: false, kind: Kind::Aggregate,
        note: "a map of the group's key/value pairs",
        inputs: &[i(&[Trino], "MAP_AGG")],
        outputs: &[o_same(&[Trino], "MAP_AGG({0}, {1})"), best(SPARK, "MAP_FROM_ENTRIES(COLLECT_LIST(STRUCT({0}, {1})))", DUP_KEYS),
                   o_same(&[DataFusion], "MAP(ARRAY_AGG({0}), ARRAY_AGG({1}))"), o_same(&[DuckDb], "MAP(LIST({0}), LIST({1}))"),
                   no(ALL, NO_MAPS)],
    },
    FunctionDef {
        name: "struct_extract", arity: (2, 2), unit_arg: false, kind: Kind::Scalar,
        note: "a field of a struct by its literal name",
        inputs: &[i(&[DuckDb], "STRUCT_EXTRACT"), i(&[DataFusion], "GET_FIELD")],
        outputs: &[o_same(&[DuckDb], "STRUCT_EXTRACT({0}, {1})"), o_same(&[DataFusion], "GET_FIELD({0}, {1})"),
                   Output { to: &[Snowflake], render: Render::Special(sf_field), warn: None },
                   Output { to: &[Spark, Databricks, BigQuery, Trino, Postgres], render: Render::Special(dot_field), warn: None },
                   no(ALL, NO_STRUCT)],
    },
];

/// A plain template rendering.
const fn o_same(to: &'static [DbKind], t: &'static str) -> Output {
    super::out(to, t)
}
