//! JSON: parsing JSON text and extracting paths.
//!
//! Every spelling of JSON access — Snowflake `v:a.b[0]`, PostgreSQL `->` / `->>` / `#>>`,
//! `JSON_EXTRACT`, `GET_JSON_OBJECT`, `JSON_VALUE`, … — is first turned into a canonical call
//! `__DVT_JSON_GET(base, key, …)` (a JSON value) or `__DVT_JSON_GET_TEXT(base, key, …)` (the
//! value as text; what Snowflake's `::VARCHAR` of a path gives), keys as string literals and
//! array indexes as numbers. [`JSON_INPUTS`] lists the function spellings with their path
//! syntax. The canonical calls are rendered per target by the rows below. JSON access always
//! carries a DVT004 warning when translated: result types and the handling of JSON `null`
//! differ between databases.

use crate::dialect::DialectCaps;
use dvt_types::WarningCode::Dvt004;

use super::super::dialect::DbKind::{self, *};
use super::super::dialect::JsonAccessStyle;
use super::{ALL, input as i, out as o};
use super::{Call, Ctx, FunctionDef, Kind, Output, Render};
use crate::error::TranslateError;

/// Name of the canonical JSON-value extraction.
pub const JSON_GET: &str = "__DVT_JSON_GET";
/// Name of the canonical text extraction.
pub const JSON_GET_TEXT: &str = "__DVT_JSON_GET_TEXT";

/// One element of a JSON path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PathElem {
    /// An object key.
    Key(String),
    /// An array index (0-based).
    Index(i64),
}

/// How a function spells its path argument.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PathStyle {
    /// One JSONPath string: `'$.a.b[0]'`.
    Dollar,
    /// One dotted string without `$`: `'a.b[0]'` (Snowflake GET_PATH).
    Dotted,
    /// One argument per key: `json_extract_path_text(x, 'a', 'b')`.
    Keys,
}

/// A function that extracts from JSON.
#[derive(Debug, Clone, Copy)]
pub struct JsonInput {
    /// Dialects that spell it so.
    pub from: &'static [DbKind],
    /// Its name.
    pub name: &'static str,
    /// Its path syntax.
    pub style: PathStyle,
    /// Whether it returns text (true) or a JSON value (false).
    pub text: bool,
    /// Whether its first argument is JSON *text* that is parsed first (Snowflake
    /// JSON_EXTRACT_PATH_TEXT takes a string).
    pub parses: bool,
}

/// Function spellings of JSON extraction.
#[rustfmt::skip]
pub const JSON_INPUTS: &[JsonInput] = &[
    JsonInput { from: &[Spark, Databricks], name: "GET_JSON_OBJECT", style: PathStyle::Dollar, text: true, parses: false },
    JsonInput { from: &[BigQuery, Trino], name: "JSON_EXTRACT_SCALAR", style: PathStyle::Dollar, text: true, parses: false },
    JsonInput { from: &[BigQuery, SqlServer, MySql], name: "JSON_VALUE", style: PathStyle::Dollar, text: true, parses: false },
    JsonInput { from: &[BigQuery, Trino, MySql, MariaDb, DuckDb], name: "JSON_EXTRACT", style: PathStyle::Dollar, text: false, parses: false },
    JsonInput { from: &[Sqlite], name: "JSON_EXTRACT", style: PathStyle::Dollar, text: true, parses: false },
    JsonInput { from: &[BigQuery, SqlServer], name: "JSON_QUERY", style: PathStyle::Dollar, text: false, parses: false },
    JsonInput { from: &[DuckDb], name: "JSON_EXTRACT_STRING", style: PathStyle::Dollar, text: true, parses: false },
    JsonInput { from: &[Snowflake], name: "GET_PATH", style: PathStyle::Dotted, text: false, parses: false },
    JsonInput { from: &[Snowflake], name: "GET", style: PathStyle::Keys, text: false, parses: false },
    JsonInput { from: &[Snowflake], name: "JSON_EXTRACT_PATH_TEXT", style: PathStyle::Dotted, text: true, parses: true },
    JsonInput { from: &[Postgres, Redshift], name: "JSON_EXTRACT_PATH_TEXT", style: PathStyle::Keys, text: true, parses: false },
    JsonInput { from: &[Postgres], name: "JSONB_EXTRACT_PATH_TEXT", style: PathStyle::Keys, text: true, parses: false },
    JsonInput { from: &[Postgres], name: "JSON_EXTRACT_PATH", style: PathStyle::Keys, text: false, parses: false },
    JsonInput { from: &[Postgres], name: "JSONB_EXTRACT_PATH", style: PathStyle::Keys, text: false, parses: false },
    JsonInput { from: &[DataFusion], name: "JSON_GET_STR", style: PathStyle::Keys, text: true, parses: false },
    JsonInput { from: &[DataFusion], name: "JSON_AS_TEXT", style: PathStyle::Keys, text: true, parses: false },
    JsonInput { from: &[DataFusion], name: "JSON_GET_JSON", style: PathStyle::Keys, text: false, parses: false },
];

/// `PARSE_JSON(base)`: JSON text as a JSON value, rendered per target by the `parse_json` row.
pub fn parse_json_call(base: sqlparser::ast::Expr) -> sqlparser::ast::Expr {
    use sqlparser::ast::{
        Expr, Function, FunctionArg, FunctionArgExpr, FunctionArgumentList, FunctionArguments,
        Ident, ObjectName,
    };
    Expr::Function(Function {
        name: ObjectName::from(vec![Ident::new("PARSE_JSON")]),
        uses_odbc_syntax: false,
        parameters: FunctionArguments::None,
        args: FunctionArguments::List(FunctionArgumentList {
            duplicate_treatment: None,
            args: vec![FunctionArg::Unnamed(FunctionArgExpr::Expr(base))],
            clauses: vec![],
        }),
        filter: None,
        null_treatment: None,
        over: None,
        within_group: vec![],
    })
}

/// The JSON extraction spelled `name` in `from`, if any.
pub fn json_input(from: DbKind, name: &str) -> Option<&'static JsonInput> {
    JSON_INPUTS
        .iter()
        .find(|j| j.name.eq_ignore_ascii_case(name) && j.from.contains(&from))
}

/// Parse a JSONPath (`$.a.b[0]`, `$."a b"`) or dotted path (`a.b[0]`, `a["b c"]`).
pub fn parse_path(s: &str, style: PathStyle) -> Option<Vec<PathElem>> {
    let mut rest = s.trim();
    if style == PathStyle::Dollar {
        rest = rest.strip_prefix('$')?;
    }
    let mut out = Vec::new();
    let mut first = true;
    while !rest.is_empty() {
        if let Some(r) = rest.strip_prefix('[') {
            let end = r.find(']')?;
            let inner = r[..end].trim();
            if let Ok(n) = inner.parse::<i64>() {
                out.push(PathElem::Index(n));
            } else {
                let k = inner.trim_matches(|c| c == '"' || c == '\'');
                out.push(PathElem::Key(k.to_string()));
            }
            rest = &r[end + 1..];
        } else {
            let r = match rest.strip_prefix('.') {
                Some(r) => r,
                None if first && style == PathStyle::Dotted => rest,
                None => return None,
            };
            if let Some(q) = r.strip_prefix('"') {
                let end = q.find('"')?;
                out.push(PathElem::Key(q[..end].to_string()));
                rest = &q[end + 1..];
            } else {
                let end = r.find(['.', '[']).unwrap_or(r.len());
                if end == 0 {
                    return None;
                }
                out.push(PathElem::Key(r[..end].to_string()));
                rest = &r[end..];
            }
        }
        first = false;
    }
    Some(out)
}

/// A SQL string literal.
pub fn quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', "''"))
}

/// A JSONPath string (`$.a.b[0]`, `$."a b"`) from path elements.
pub(crate) fn dollar_path(path: &[PathElem]) -> String {
    let mut s = String::from("$");
    for p in path {
        match p {
            PathElem::Key(k) if k.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') => {
                s.push('.');
                s.push_str(k);
            }
            PathElem::Key(k) => s.push_str(&format!(".\"{k}\"")),
            PathElem::Index(i) => s.push_str(&format!("[{i}]")),
        }
    }
    s
}

/// A dotted path (`a.b[0]`) from path elements.
pub(crate) fn dotted_path(path: &[PathElem]) -> String {
    let mut s = String::new();
    for (n, p) in path.iter().enumerate() {
        match p {
            PathElem::Key(k) if k.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') => {
                if n > 0 {
                    s.push('.');
                }
                s.push_str(k);
            }
            PathElem::Key(k) => s.push_str(&format!("[\"{k}\"]")),
            PathElem::Index(i) => s.push_str(&format!("[{i}]")),
        }
    }
    s
}

/// Path elements back from the canonical call's rendered key arguments.
fn path_of(call: &Call, ctx: &Ctx<'_>) -> Result<Vec<PathElem>, TranslateError> {
    call.args[1..]
        .iter()
        .map(|a| {
            let a = a.trim();
            if let Ok(n) = a.parse::<i64>() {
                Ok(PathElem::Index(n))
            } else if a.len() >= 2 && a.starts_with('\'') && a.ends_with('\'') {
                Ok(PathElem::Key(a[1..a.len() - 1].replace("''", "'")))
            } else {
                Err(ctx.unsupported(
                    &format!("a JSON path element computed at run time ({a})"),
                    "write JSON paths with literal keys",
                ))
            }
        })
        .collect()
}

/// The keys and indexes of a path as arguments: `'a', 'b', 0`.
fn key_args(path: &[PathElem]) -> Vec<String> {
    path.iter()
        .map(|p| match p {
            PathElem::Key(k) => quote(k),
            PathElem::Index(i) => i.to_string(),
        })
        .collect()
}

/// Render a JSON extraction for the target.
pub fn render_json(base: &str, path: &[PathElem], text: bool, ctx: &mut Ctx<'_>) -> String {
    if ctx.from != ctx.to {
        ctx.warn(
            Dvt004,
            "JSON access was translated: result types and JSON null handling may differ between databases",
        );
    }
    let JsonAccessStyle::Functions {
        value,
        text: text_template,
        path: style,
    } = ctx.to.caps().json_access
    else {
        return arrows(base, path, text, ctx);
    };
    let path_sql = match style {
        PathStyle::Dollar => quote(&dollar_path(path)),
        PathStyle::Dotted => quote(&dotted_path(path)),
        PathStyle::Keys => key_args(path).join(", "),
    };
    let call = Call {
        args: vec![base.to_string(), path_sql],
        ..Default::default()
    };
    super::fill(if text { text_template } else { value }, &call)
}

/// PostgreSQL's `->` / `->>` chain. `->` needs json/jsonb: a text column (JSON kept as text
/// elsewhere) is cast first.
fn arrows(base: &str, path: &[PathElem], text: bool, ctx: &Ctx<'_>) -> String {
    let base = if ctx.from == ctx.to || base.ends_with("AS JSONB)") || base.ends_with("AS JSON)") {
        base.to_string()
    } else {
        format!("CAST({base} AS JSONB)")
    };
    let keys = key_args(path);
    let mut s = format!("({base}");
    for (n, k) in keys.iter().enumerate() {
        let op = if text && n + 1 == keys.len() {
            "->>"
        } else {
            "->"
        };
        s.push_str(&format!(" {op} {k}"));
    }
    s.push(')');
    s
}

fn json_get(c: &Call, ctx: &mut Ctx<'_>) -> Result<String, TranslateError> {
    let path = path_of(c, ctx)?;
    Ok(render_json(&c.args[0], &path, false, ctx))
}

fn json_get_text(c: &Call, ctx: &mut Ctx<'_>) -> Result<String, TranslateError> {
    let path = path_of(c, ctx)?;
    Ok(render_json(&c.args[0], &path, true, ctx))
}

const fn o4(to: &'static [DbKind], t: &'static str) -> Output {
    Output {
        to,
        render: Render::Template(t),
        warn: Some((
            Dvt004,
            "JSON text is kept as a string; JSON functions read it as text",
        )),
    }
}

/// The function rows of this group.
#[rustfmt::skip]
pub static FUNCTIONS: &[FunctionDef] = &[
    FunctionDef {
        name: "json_get", arity: (2, usize::MAX), unit_arg: false, kind: Kind::Scalar,
        note: "the JSON value at a path (canonical form of every JSON access)",
        inputs: &[i(ALL, JSON_GET)],
        outputs: &[Output { to: ALL, render: Render::Special(json_get), warn: None }],
    },
    FunctionDef {
        name: "json_get_text", arity: (2, usize::MAX), unit_arg: false, kind: Kind::Scalar,
        note: "the value at a path as text (strings unquoted)",
        inputs: &[i(ALL, JSON_GET_TEXT)],
        outputs: &[Output { to: ALL, render: Render::Special(json_get_text), warn: None }],
    },
    FunctionDef {
        name: "parse_json", arity: (1, 1), unit_arg: false, kind: Kind::Scalar,
        note: "JSON text as a JSON value",
        inputs: &[i(&[Snowflake, BigQuery], "PARSE_JSON"), i(&[Snowflake], "TRY_PARSE_JSON"), i(&[Trino], "JSON_PARSE"),
                  i(&[Redshift], "JSON_PARSE")],
        outputs: &[o(&[Snowflake, BigQuery], "PARSE_JSON({0})"), o(&[Postgres], "CAST({0} AS JSONB)"),
                   o(&[MySql], "CAST({0} AS JSON)"), o(&[MariaDb], "{0}"), o(&[DuckDb], "CAST({0} AS JSON)"), o(&[Trino, Redshift], "JSON_PARSE({0})"),
                   o(&[Sqlite], "JSON({0})"),
                   o4(ALL, "{0}")],
    },
];
