//! `SELECT DISTINCT ON (k) …` (PostgreSQL, DuckDB) for targets without it
//! ([`Caps::distinct_on`](crate::dialect::Caps::distinct_on)): the first row of each `k` group
//! in the query's order, kept by `ROW_NUMBER() = 1`:
//!
//! ```sql
//! SELECT a, b FROM (
//!   SELECT a, b, ROW_NUMBER() OVER (PARTITION BY k ORDER BY o1, o2) AS __dvt_rn,
//!          o1 AS __dvt_o0, o2 AS __dvt_o1
//!   FROM … WHERE … ) AS __dvt_d
//! WHERE __dvt_rn = 1 ORDER BY __dvt_o0, __dvt_o1
//! ```
//!
//! Written on the source's AST before anything else is rewritten (the new query is printed and
//! read back in the source dialect), so every piece is then translated as usual. An ORDER BY
//! key naming a select alias or position is replaced by that item's expression. Each select
//! item needs a name (a column or an alias): `*` and unnamed expressions are refused (DVT301).

use sqlparser::ast::{
    Distinct, Expr, Ident, OrderByKind, Query, SelectItem, SetExpr, Value, ValueWithSpan,
};
use sqlparser::parser::Parser;

use crate::catalog::Ctx;
use crate::dialect::DialectCaps;
use crate::error::TranslateError;

/// Rewrite `q` when its SELECT has DISTINCT ON and `ctx.to` lacks it.
pub(crate) fn expand(q: &mut Query, ctx: &Ctx<'_>) -> Result<(), TranslateError> {
    if ctx.to.caps().distinct_on {
        return Ok(());
    }
    let SetExpr::Select(sel) = q.body.as_ref() else {
        return Ok(());
    };
    let Some(Distinct::On(on)) = &sel.distinct else {
        return Ok(());
    };
    let refuse = |why: &str| ctx.unsupported("SELECT DISTINCT ON", why);
    let mut items: Vec<(String, Expr)> = Vec::new();
    for item in &sel.projection {
        items.push(match item {
            SelectItem::ExprWithAlias { expr, alias } => (alias.to_string(), expr.clone()),
            SelectItem::UnnamedExpr(e @ Expr::Identifier(i)) => (i.to_string(), e.clone()),
            SelectItem::UnnamedExpr(e @ Expr::CompoundIdentifier(p)) => (
                p.last().map(|i| i.to_string()).unwrap_or_default(),
                e.clone(),
            ),
            _ => {
                return Err(refuse(
                    "name every selected column (no * and no unnamed expression)",
                ));
            }
        });
    }
    let keys = order_keys(q, &items);
    let mut inner = (**sel).clone();
    inner.distinct = None;
    let on: Vec<String> = on.iter().map(ToString::to_string).collect();
    let order: Vec<String> = keys.iter().map(|(e, opts)| format!("{e}{opts}")).collect();
    let mut window = format!("ROW_NUMBER() OVER (PARTITION BY {}", on.join(", "));
    if !order.is_empty() {
        window.push_str(&format!(" ORDER BY {}", order.join(", ")));
    }
    window.push(')');
    let window = Parser::new(ctx.from.parser().as_ref())
        .try_with_sql(&window)
        .and_then(|mut p| p.parse_expr())
        .map_err(|e| refuse(&format!("the window does not parse ({e})")))?;
    inner.projection.push(SelectItem::ExprWithAlias {
        expr: window,
        alias: Ident::new("__dvt_rn"),
    });
    for (i, (e, _)) in keys.iter().enumerate() {
        inner.projection.push(SelectItem::ExprWithAlias {
            expr: e.clone(),
            alias: Ident::new(format!("__dvt_o{i}")),
        });
    }
    let outer_cols: Vec<&str> = items.iter().map(|(n, _)| n.as_str()).collect();
    let outer_order: Vec<String> = keys
        .iter()
        .enumerate()
        .map(|(i, (_, opts))| format!("__dvt_o{i}{opts}"))
        .collect();
    let mut sql = format!(
        "SELECT {} FROM ({inner}) AS __dvt_d WHERE __dvt_rn = 1",
        outer_cols.join(", ")
    );
    if !outer_order.is_empty() {
        sql.push_str(&format!(" ORDER BY {}", outer_order.join(", ")));
    }
    let parsed = Parser::new(ctx.from.parser().as_ref())
        .try_with_sql(&sql)
        .and_then(|mut p| p.parse_query())
        .map_err(|e| refuse(&format!("the rewritten query does not parse ({e})")))?;
    q.body = parsed.body;
    q.order_by = parsed.order_by;
    Ok(())
}

/// The query's ORDER BY keys as expressions over the SELECT's input (an alias or a position
/// replaced by the item's expression), each with its direction and NULL placement as text.
fn order_keys(q: &Query, items: &[(String, Expr)]) -> Vec<(Expr, String)> {
    let Some(OrderByKind::Expressions(keys)) = q.order_by.as_ref().map(|o| &o.kind) else {
        return Vec::new();
    };
    keys.iter()
        .map(|k| {
            let expr = match &k.expr {
                Expr::Identifier(i) => items
                    .iter()
                    .find(|(n, _)| n.eq_ignore_ascii_case(&i.value))
                    .map_or_else(|| k.expr.clone(), |(_, e)| e.clone()),
                Expr::Value(ValueWithSpan {
                    value: Value::Number(n, _),
                    ..
                }) => n
                    .parse::<usize>()
                    .ok()
                    .and_then(|p| items.get(p.wrapping_sub(1)))
                    .map_or_else(|| k.expr.clone(), |(_, e)| e.clone()),
                e => e.clone(),
            };
            let opts = k.options.to_string();
            (
                expr,
                if opts.is_empty() {
                    opts
                } else {
                    format!(" {opts}")
                },
            )
        })
        .collect()
}
