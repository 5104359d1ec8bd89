//! The DialectTranslator: SQL from one dialect to another on sqlparser's AST.
//!
//! Parse in the source dialect, rewrite bottom up (functions through the [`catalog`], casts and
//! type names through `dvt-types`, operators, literals, JSON access), rewrite each query's row
//! limit, NULL ordering and QUALIFY, then print for the target. Dialect differences are
//! capability rows ([`dialect::CAPS`]) and catalog rows, never scattered `if dialect == …`.
//!
//! Choices:
//! - **Identifiers** keep their case and their quoting; quoted identifiers get the target's quote
//!   character. Unquoted identifiers are left unquoted so each database folds them its own way —
//!   the objects were created under that database's rule (Snowflake folds up, PostgreSQL down).
//! - **Best effort + warning**: a construct whose meaning may differ in the target is translated
//!   and carries DVT003 (semantics), DVT004 (JSON) or DVT006 (unknown function, passed through);
//!   a construct the target cannot express is an error naming it (DVT301).
//! - `::` casts are printed as `CAST(… AS …)`; type names are mapped through `dvt-types`.
//! - Translating a dialect to itself is the identity: the SQL is parsed and printed unchanged.
//! - Known gaps, each shown by an executed check marked as skipped with its reason:
//!   TRY_CAST / SAFE_CAST into a dialect without one becomes CAST (DVT003: a bad value errors
//!   instead of giving NULL); MySQL `TIMESTAMPDIFF` counts whole units but is translated with
//!   DATEDIFF's boundary semantics (DVT003); case-insensitive default collations (MySQL/MariaDB,
//!   SQL Server, SQLite's LIKE) are warned about for LIKE (DVT003) but comparisons are not
//!   rewritten; MySQL
//!   `WEEK()` / `WEEKDAY()` are passed through (DVT006).
//! - NULL ordering: where the source's default NULL placement differs from the target's, ORDER BY
//!   items get explicit `NULLS FIRST/LAST` (or a leading `CASE WHEN x IS NULL …` key where the
//!   target has no such syntax), so rows come back in the source's order.
//!
//! This crate depends on sqlparser and `dvt-types` only: a tool that only translates does not
//! compile DataFusion (`dvt-planner` re-exports it as `dvt_planner::translate`).
//!
//! ```
//! use dvt_translate::{DialectTranslator, DbKind, Translator};
//!
//! let t = Translator
//!     .translate(
//!         "SELECT IFNULL(name, 'n/a') FROM users ORDER BY id LIMIT 5",
//!         DbKind::MySql,
//!         DbKind::SqlServer,
//!     )
//!     .unwrap();
//! assert_eq!(t.sql, "SELECT TOP (5) COALESCE(name, 'n/a') FROM users ORDER BY id");
//! assert!(t.warnings.is_empty());
//! ```

mod all_items;
pub mod catalog;
pub mod coverage;
pub mod dialect;
mod distinct_on;
pub mod error;
pub mod parens;
mod query;
mod rewrite;
pub mod units;

use dvt_types::FederationWarning;
use sqlparser::ast::{Expr, Statement, VisitMut};
use sqlparser::parser::Parser;

pub use catalog::format::sql_string;
pub use dialect::{DbKind, DialectCaps, dialects};
pub use error::TranslateError;

use catalog::Ctx;
use rewrite::Rewriter;

/// Translated SQL and the warnings its translation raised.
#[derive(Debug, Clone, PartialEq)]
pub struct Translation {
    /// The SQL in the target dialect (statements separated by `;\n`).
    pub sql: String,
    /// DVT003 / DVT004 / DVT006 warnings, each once.
    pub warnings: Vec<FederationWarning>,
    /// The canonical names of the catalog entries the translation rendered, each once, in the
    /// order first met (empty when the dialects are the same: nothing is rendered then).
    pub functions: Vec<&'static str>,
}

/// Translates SQL between dialects.
pub trait DialectTranslator {
    /// Translate one or more statements.
    fn translate(&self, sql: &str, from: DbKind, to: DbKind)
    -> Result<Translation, TranslateError>;
    /// Translate one expression.
    fn translate_expr(
        &self,
        expr: &str,
        from: DbKind,
        to: DbKind,
    ) -> Result<Translation, TranslateError>;
}

/// The translator described in the module docs.
#[derive(Debug, Clone, Copy, Default)]
pub struct Translator;

impl Translator {
    /// Parse statements in a dialect.
    pub fn parse(sql: &str, dialect: DbKind) -> Result<Vec<Statement>, TranslateError> {
        translatable(dialect)?;
        Parser::parse_sql(dialect.parser().as_ref(), sql).map_err(|e| TranslateError::Parse {
            dialect,
            message: e.to_string(),
        })
    }

    /// Parse one expression in a dialect.
    pub fn parse_expr(expr: &str, dialect: DbKind) -> Result<Expr, TranslateError> {
        translatable(dialect)?;
        let d = dialect.parser();
        let mut p =
            Parser::new(d.as_ref())
                .try_with_sql(expr)
                .map_err(|e| TranslateError::Parse {
                    dialect,
                    message: e.to_string(),
                })?;
        let e = p.parse_expr().map_err(|e| TranslateError::Parse {
            dialect,
            message: e.to_string(),
        })?;
        if p.peek_token().token != sqlparser::tokenizer::Token::EOF {
            return Err(TranslateError::Parse {
                dialect,
                message: format!("unexpected {} after the expression", p.peek_token().token),
            });
        }
        Ok(e)
    }

    /// Rewrite parsed statements in place from `from` to `to`.
    pub fn rewrite_statement(
        &self,
        stmt: &mut Statement,
        from: DbKind,
        to: DbKind,
        warnings: &mut Vec<FederationWarning>,
    ) -> Result<(), TranslateError> {
        rewrite_node(stmt, from, to, warnings).map(drop)
    }

    /// Rewrite a parsed expression in place from `from` to `to`.
    pub fn rewrite_expr(
        &self,
        expr: &mut Expr,
        from: DbKind,
        to: DbKind,
        warnings: &mut Vec<FederationWarning>,
    ) -> Result<(), TranslateError> {
        rewrite_node(expr, from, to, warnings).map(drop)
    }
}

/// Rewrite any AST node; translating a dialect to itself leaves it as parsed. Returns the
/// catalog entries rendered.
fn rewrite_node<T>(
    node: &mut T,
    from: DbKind,
    to: DbKind,
    warnings: &mut Vec<FederationWarning>,
) -> Result<Vec<&'static str>, TranslateError>
where
    T: VisitMut + serde::Serialize + serde::de::DeserializeOwned + std::fmt::Display,
{
    translatable(from)?;
    translatable(to)?;
    if from == to {
        // Nothing to translate, but string literals are printed in the dialect's own escaping
        // (sqlparser's printer does not round-trip quotes inside Snowflake literals).
        let _ = node.visit(&mut Literals { dialect: to });
        return Ok(Vec::new());
    }
    requote(node, from, to);
    let mut ctx = Ctx {
        from,
        to,
        warnings,
        used: Vec::new(),
    };
    match node.visit(&mut Rewriter { ctx: &mut ctx }) {
        std::ops::ControlFlow::Break(e) => Err(e),
        std::ops::ControlFlow::Continue(()) => {
            // Rewrites build nodes (and raw SQL fragments) in place of parsed ones.
            parens::parenthesize(node);
            Ok(ctx.used)
        }
    }
}

/// A kind without a capability row (Oracle, ClickHouse) is neither read nor written.
fn translatable(kind: DbKind) -> Result<(), TranslateError> {
    if kind.translatable() {
        return Ok(());
    }
    let names: Vec<&str> = dialects().map(|d| d.name()).collect();
    Err(TranslateError::Unsupported {
        construct: format!("SQL of {kind}"),
        target: kind,
        hint: format!("dvt translates the SQL of {}", names.join(", ")),
    })
}

/// Prints string literals that contain a quote or a backslash in the dialect's escaping.
struct Literals {
    dialect: DbKind,
}

impl sqlparser::ast::VisitorMut for Literals {
    type Break = ();
    fn post_visit_expr(&mut self, e: &mut Expr) -> std::ops::ControlFlow<()> {
        use sqlparser::ast::{Value, ValueWithSpan};
        if let Expr::Value(ValueWithSpan {
            value: Value::SingleQuotedString(s),
            ..
        }) = e
            && s.contains(['\'', '\\'])
        {
            *e = rewrite::raw(catalog::format::sql_string(s, self.dialect));
        }
        std::ops::ControlFlow::Continue(())
    }
}

impl DialectTranslator for Translator {
    fn translate(
        &self,
        sql: &str,
        from: DbKind,
        to: DbKind,
    ) -> Result<Translation, TranslateError> {
        let mut stmts = Self::parse(sql, from)?;
        let mut warnings = Vec::new();
        let mut functions = Vec::new();
        for s in &mut stmts {
            for f in rewrite_node(s, from, to, &mut warnings)? {
                if !functions.contains(&f) {
                    functions.push(f);
                }
            }
        }
        Ok(Translation {
            sql: stmts
                .iter()
                .map(|s| s.to_string())
                .collect::<Vec<_>>()
                .join(";\n"),
            warnings,
            functions,
        })
    }

    fn translate_expr(
        &self,
        expr: &str,
        from: DbKind,
        to: DbKind,
    ) -> Result<Translation, TranslateError> {
        let mut e = Self::parse_expr(expr, from)?;
        let mut warnings = Vec::new();
        let functions = rewrite_node(&mut e, from, to, &mut warnings)?;
        Ok(Translation {
            sql: e.to_string(),
            warnings,
            functions,
        })
    }
}

/// Give quoted identifiers the target's quote character. sqlparser has no visitor for
/// identifiers, so this walks the AST's serde form (only when the quote characters differ).
fn requote<T: serde::Serialize + serde::de::DeserializeOwned + std::fmt::Display>(
    node: &mut T,
    from: DbKind,
    to: DbKind,
) {
    let (fq, tq) = (from.caps().quote, to.caps().quote);
    // Printing is much cheaper than the serde walk: skip it when nothing is quoted.
    if fq == tq || !node.to_string().contains(fq) {
        return;
    }
    let Ok(mut v) = serde_json::to_value(&*node) else {
        return;
    };
    fn walk(v: &mut serde_json::Value, tq: char) {
        match v {
            serde_json::Value::Object(m) => {
                let is_ident = m.contains_key("value")
                    && m.contains_key("quote_style")
                    && m.contains_key("span");
                if is_ident {
                    if let Some(serde_json::Value::String(q)) = m.get("quote_style")
                        && q != "'"
                    {
                        m.insert(
                            "quote_style".into(),
                            serde_json::Value::String(tq.to_string()),
                        );
                    }
                } else {
                    for x in m.values_mut() {
                        walk(x, tq);
                    }
                }
            }
            serde_json::Value::Array(a) => a.iter_mut().for_each(|x| walk(x, tq)),
            _ => {}
        }
    }
    walk(&mut v, tq);
    if let Ok(n) = serde_json::from_value(v) {
        *node = n;
    }
}
