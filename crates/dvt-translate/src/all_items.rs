//! `GROUP BY ALL` and `ORDER BY ALL` (DuckDB, Snowflake, Databricks) written out for targets
//! without them ([`Caps::group_by_all`](crate::dialect::Caps::group_by_all),
//! [`Caps::order_by_all`](crate::dialect::Caps::order_by_all)), on the source's
//! AST before anything else is rewritten, so the copies are translated like every expression.
//!
//! `GROUP BY ALL` groups by every select item that holds no aggregate and no window function
//! (neither can be grouped by); `ORDER BY ALL` orders by
//! every select item, left to right, with the clause's direction and NULL placement (an
//! aliased item by its alias).

use std::ops::ControlFlow;

use sqlparser::ast::{
    Expr, Function, FunctionArgumentClause, FunctionArguments, GroupByExpr, OrderByExpr,
    OrderByKind, Query, Select, SelectItem, SetExpr, Visit, Visitor,
};

use crate::catalog::{self, Ctx, Kind};
use crate::dialect::{DbKind, DialectCaps};
use crate::error::TranslateError;

/// Aggregates every dialect spells alike (the catalog holds the others).
const AGGREGATES: &[&str] = &[
    "count",
    "sum",
    "avg",
    "min",
    "max",
    "stddev",
    "stddev_samp",
    "stddev_pop",
    "variance",
    "var_samp",
    "var_pop",
    "any_value",
    "array_agg",
    "string_agg",
    "listagg",
    "group_concat",
    "bool_and",
    "bool_or",
    "every",
    "median",
    "mode",
    "count_if",
    "countif",
    "approx_count_distinct",
    "bit_and",
    "bit_or",
    "bit_xor",
    "corr",
    "covar_pop",
    "covar_samp",
    "first",
    "last",
    "arbitrary",
    "collect_list",
    "collect_set",
];

/// Write out `ALL` in `q`'s ORDER BY and in its selects' GROUP BY where `ctx.to` lacks it.
pub(crate) fn expand(q: &mut Query, ctx: &Ctx<'_>) -> Result<(), TranslateError> {
    let caps = ctx.to.caps();
    if !caps.group_by_all {
        each_select(&mut q.body, &mut |s| group_by_items(s, ctx.from));
    }
    if caps.order_by_all {
        return Ok(());
    }
    let Some(order) = &mut q.order_by else {
        return Ok(());
    };
    let OrderByKind::All(options) = &order.kind else {
        return Ok(());
    };
    let Some(items) = leftmost_select(&q.body).map(|s| s.projection.clone()) else {
        return Err(ctx.unsupported("ORDER BY ALL", "list the columns to order by"));
    };
    let mut keys = Vec::with_capacity(items.len());
    for item in items {
        let expr = match item {
            SelectItem::UnnamedExpr(e) => e,
            SelectItem::ExprWithAlias { alias, .. } => Expr::Identifier(alias),
            _ => return Err(ctx.unsupported("ORDER BY ALL over *", "list the columns to order by")),
        };
        keys.push(OrderByExpr {
            expr,
            options: *options,
            with_fill: None,
        });
    }
    order.kind = OrderByKind::Expressions(keys);
    Ok(())
}

/// Calls `f` on every SELECT of a query body (both sides of set operations).
fn each_select(body: &mut SetExpr, f: &mut dyn FnMut(&mut Select)) {
    match body {
        SetExpr::Select(s) => f(s),
        SetExpr::SetOperation { left, right, .. } => {
            each_select(left, f);
            each_select(right, f);
        }
        _ => {}
    }
}

/// The SELECT whose items name a query's columns.
fn leftmost_select(body: &SetExpr) -> Option<&Select> {
    match body {
        SetExpr::Select(s) => Some(s),
        SetExpr::SetOperation { left, .. } => leftmost_select(left),
        _ => None,
    }
}

/// `GROUP BY ALL` of one SELECT as the items that hold no aggregate.
fn group_by_items(s: &mut Select, from: DbKind) {
    let GroupByExpr::All(modifiers) = &s.group_by else {
        return;
    };
    let keys: Vec<Expr> = s
        .projection
        .iter()
        .filter_map(|item| match item {
            SelectItem::UnnamedExpr(e) | SelectItem::ExprWithAlias { expr: e, .. } => Some(e),
            _ => None,
        })
        .filter(|e| !holds_aggregate(e, from))
        .cloned()
        .collect();
    s.group_by = GroupByExpr::Expressions(keys, modifiers.clone());
}

/// Whether an expression calls an aggregate or a window function; a subquery's calls are its
/// own (a scalar subquery item is grouped by, as DuckDB does).
fn holds_aggregate(e: &Expr, from: DbKind) -> bool {
    struct Finder {
        from: DbKind,
        depth: usize,
    }
    impl Visitor for Finder {
        type Break = ();
        fn pre_visit_query(&mut self, _: &Query) -> ControlFlow<()> {
            self.depth += 1;
            ControlFlow::Continue(())
        }
        fn post_visit_query(&mut self, _: &Query) -> ControlFlow<()> {
            self.depth -= 1;
            ControlFlow::Continue(())
        }
        fn pre_visit_expr(&mut self, e: &Expr) -> ControlFlow<()> {
            match e {
                Expr::Function(f)
                    if self.depth == 0 && (f.over.is_some() || is_aggregate(f, self.from)) =>
                {
                    ControlFlow::Break(())
                }
                _ => ControlFlow::Continue(()),
            }
        }
    }
    e.visit(&mut Finder { from, depth: 0 }).is_break()
}

/// Whether a call is an aggregate: a known name, or a form only aggregates take.
fn is_aggregate(f: &Function, from: DbKind) -> bool {
    if f.filter.is_some() || !f.within_group.is_empty() {
        return true;
    }
    let name = f.name.to_string().to_ascii_lowercase();
    let args = match &f.args {
        FunctionArguments::List(l) => {
            if l.duplicate_treatment.is_some()
                || l.clauses
                    .iter()
                    .any(|c| matches!(c, FunctionArgumentClause::OrderBy(_)))
            {
                return true;
            }
            l.args.len()
        }
        _ => 0,
    };
    AGGREGATES.contains(&name.as_str())
        || catalog::lookup(from, &name, args).is_some_and(|(def, _)| def.kind == Kind::Aggregate)
}
