//! Query-level rewrites: row limits (LIMIT / TOP / FETCH FIRST), NULL ordering, QUALIFY.

use crate::dialect::DialectCaps;
use dvt_types::WarningCode::Dvt003;
use sqlparser::ast::{
    Expr, Fetch, Ident, LimitClause, Offset, OffsetRows, OrderBy, OrderByExpr, OrderByKind,
    OrderByOptions, Query, Select, SelectItem, SetExpr, TableAlias, TableFactor, TableWithJoins,
    Top, TopQuantity, VisitMut, VisitorMut,
};

use super::catalog::Ctx;
use super::dialect::LimitStyle;
use super::error::TranslateError;
use super::rewrite::raw;

/// Make NULL placement explicit where the source's default differs from the target's, in the
/// target's syntax (`NULLS FIRST/LAST`, or a leading `CASE WHEN x IS NULL …` key).
pub(crate) fn fix_nulls(items: &mut Vec<OrderByExpr>, ctx: &mut Ctx<'_>) {
    fix_nulls_with(items, &[], ctx);
}

/// [`fix_nulls`] where ORDER BY may name select-list aliases: the `IS NULL` key uses the
/// aliased expression itself (MySQL rejects an alias of an aggregate inside an expression).
fn fix_nulls_with(items: &mut Vec<OrderByExpr>, aliases: &[(Ident, Expr)], ctx: &mut Ctx<'_>) {
    let (from, to) = (ctx.from.caps(), ctx.to.caps());
    let mut out = Vec::with_capacity(items.len());
    for mut item in std::mem::take(items) {
        let asc = item.options.asc.unwrap_or(true);
        let source_default = if asc {
            from.nulls_first_asc
        } else {
            from.nulls_first_desc
        };
        let target_default = if asc {
            to.nulls_first_asc
        } else {
            to.nulls_first_desc
        };
        let wanted = item.options.nulls_first.unwrap_or(source_default);
        if wanted == target_default {
            if !to.nulls_syntax {
                item.options.nulls_first = None;
            }
            out.push(item);
            continue;
        }
        if to.nulls_syntax {
            item.options.nulls_first = Some(wanted);
            out.push(item);
            continue;
        }
        // No NULLS FIRST/LAST in the target: order by "is null" first.
        if matches!(item.expr, Expr::Value(_)) {
            ctx.warn(
                Dvt003,
                format!(
                    "ORDER BY by position: NULLs sort {} in {} but {} in {}",
                    if wanted { "first" } else { "last" },
                    ctx.from,
                    if target_default { "first" } else { "last" },
                    ctx.to
                ),
            );
            item.options.nulls_first = None;
            out.push(item);
            continue;
        }
        let keyed = match &item.expr {
            Expr::Identifier(i) => aliases
                .iter()
                .find(|(a, _)| a.value.eq_ignore_ascii_case(&i.value))
                .map(|(_, e)| e.clone())
                .unwrap_or_else(|| item.expr.clone()),
            e => e.clone(),
        };
        let key = if wanted {
            format!("CASE WHEN {keyed} IS NULL THEN 0 ELSE 1 END")
        } else {
            format!("CASE WHEN {keyed} IS NULL THEN 1 ELSE 0 END")
        };
        out.push(OrderByExpr {
            expr: raw(key),
            options: OrderByOptions {
                asc: None,
                nulls_first: None,
            },
            with_fill: None,
        });
        item.options.nulls_first = None;
        out.push(item);
    }
    *items = out;
}

/// LIMIT / TOP / FETCH in the target's style, and NULL ordering of ORDER BY.
pub(crate) fn rewrite_query(q: &mut Query, ctx: &mut Ctx<'_>) -> Result<(), TranslateError> {
    if ctx.from != ctx.to {
        order_nulls(q, ctx);
    }
    let Some(rows) = take_row_limit(q, ctx)? else {
        return Ok(());
    };
    if rows.with_ties && !ctx.to.caps().with_ties {
        return Err(ctx.unsupported("WITH TIES", "rank the rows with RANK() and filter on it"));
    }
    if rows.limit.is_none() && rows.offset.is_none() {
        return Ok(());
    }
    match ctx.to.caps().limit {
        LimitStyle::Limit => write_limit(q, rows, ctx.to.caps().limit_all),
        LimitStyle::Top => write_top(q, rows),
    }
    Ok(())
}

/// ORDER BY keys with the source's NULL ordering made explicit where the target's differs.
fn order_nulls(q: &mut Query, ctx: &mut Ctx<'_>) {
    let Some(OrderBy {
        kind: OrderByKind::Expressions(items),
        ..
    }) = &mut q.order_by
    else {
        return;
    };
    let aliases: Vec<(Ident, Expr)> = match q.body.as_ref() {
        SetExpr::Select(s) => s
            .projection
            .iter()
            .filter_map(|p| match p {
                SelectItem::ExprWithAlias { expr, alias } => Some((alias.clone(), expr.clone())),
                _ => None,
            })
            .collect(),
        _ => Vec::new(),
    };
    fix_nulls_with(items, &aliases, ctx);
}

/// A query's row limit, whatever form it came in (LIMIT, `LIMIT o, n`, FETCH, TOP).
struct RowLimit {
    limit: Option<Expr>,
    offset: Option<Expr>,
    with_ties: bool,
}

/// Takes the row limit out of `q`; `None` (and `q` unchanged) for ClickHouse's `LIMIT BY`.
fn take_row_limit(q: &mut Query, ctx: &Ctx<'_>) -> Result<Option<RowLimit>, TranslateError> {
    let mut rows = RowLimit {
        limit: None,
        offset: None,
        with_ties: false,
    };
    match q.limit_clause.take() {
        Some(LimitClause::LimitOffset {
            limit,
            offset,
            limit_by,
        }) => {
            if !limit_by.is_empty() {
                q.limit_clause = Some(LimitClause::LimitOffset {
                    limit,
                    offset,
                    limit_by,
                });
                return Ok(None);
            }
            rows.limit = limit;
            rows.offset = offset.map(|o| o.value);
        }
        Some(LimitClause::OffsetCommaLimit { offset, limit }) => {
            rows.limit = Some(limit);
            rows.offset = Some(offset);
        }
        None => {}
    }
    if let Some(f) = q.fetch.take() {
        if f.percent {
            return Err(ctx.unsupported("FETCH FIRST … PERCENT", "compute the row count first"));
        }
        rows.with_ties = f.with_ties;
        rows.limit = rows.limit.or(f.quantity);
    }
    if let SetExpr::Select(s) = q.body.as_mut()
        && let Some(top) = s.top.take()
    {
        if top.percent {
            return Err(ctx.unsupported("TOP … PERCENT", "compute the row count first"));
        }
        rows.with_ties |= top.with_ties;
        rows.limit = rows.limit.or(match top.quantity {
            Some(TopQuantity::Constant(n)) => Some(raw(n.to_string())),
            Some(TopQuantity::Expr(e)) => Some(e),
            None => None,
        });
    }
    Ok(Some(rows))
}

/// `LIMIT n OFFSET m` (`OFFSET m ROWS FETCH FIRST n ROWS WITH TIES` for ties; an offset alone
/// takes the target's "all rows" limit where it needs one).
fn write_limit(q: &mut Query, rows: RowLimit, limit_all: Option<&'static str>) {
    let RowLimit {
        mut limit,
        offset,
        with_ties,
    } = rows;
    if with_ties {
        q.limit_clause = offset.map(|o| LimitClause::LimitOffset {
            limit: None,
            offset: Some(Offset {
                value: o,
                rows: OffsetRows::Rows,
            }),
            limit_by: vec![],
        });
        q.fetch = Some(Fetch {
            with_ties: true,
            percent: false,
            quantity: limit,
        });
        return;
    }
    if let (None, Some(all)) = (&limit, limit_all) {
        limit = Some(raw(all));
    }
    q.limit_clause = Some(LimitClause::LimitOffset {
        limit,
        offset: offset.map(|o| Offset {
            value: o,
            rows: OffsetRows::None,
        }),
        limit_by: vec![],
    });
}

/// `SELECT TOP n` on a plain SELECT without offset; otherwise `OFFSET m ROWS FETCH NEXT n ROWS
/// ONLY`, which needs an ORDER BY (`ORDER BY (SELECT NULL)` when there is none).
fn write_top(q: &mut Query, rows: RowLimit) {
    let RowLimit {
        limit,
        offset,
        with_ties,
    } = rows;
    if offset.is_none()
        && let SetExpr::Select(s) = q.body.as_mut()
    {
        s.top = Some(Top {
            with_ties,
            percent: false,
            quantity: limit.map(TopQuantity::Expr),
        });
        s.top_before_distinct = false;
        return;
    }
    if q.order_by.is_none() {
        q.order_by = Some(OrderBy {
            kind: OrderByKind::Expressions(vec![OrderByExpr {
                expr: raw("(SELECT NULL)"),
                options: OrderByOptions {
                    asc: None,
                    nulls_first: None,
                },
                with_fill: None,
            }]),
            interpolate: None,
        });
    }
    q.limit_clause = Some(LimitClause::LimitOffset {
        limit: None,
        offset: Some(Offset {
            value: offset.unwrap_or_else(|| raw("0")),
            rows: OffsetRows::Rows,
        }),
        limit_by: vec![],
    });
    q.fetch = limit.map(|l| Fetch {
        with_ties,
        percent: false,
        quantity: Some(l),
    });
}

/// Replace identifiers that name a projection alias with the aliased expression.
struct AliasInliner<'a> {
    aliases: &'a [(String, Expr)],
}

impl VisitorMut for AliasInliner<'_> {
    type Break = ();
    fn post_visit_expr(&mut self, e: &mut Expr) -> std::ops::ControlFlow<()> {
        if let Expr::Identifier(i) = e
            && let Some((_, x)) = self
                .aliases
                .iter()
                .find(|(a, _)| a.eq_ignore_ascii_case(&i.value))
        {
            *e = Expr::Nested(Box::new(x.clone()));
        }
        std::ops::ControlFlow::Continue(())
    }
}

/// QUALIFY as a filter over a subquery, for targets without QUALIFY.
pub(crate) fn rewrite_select(s: &mut Select, ctx: &mut Ctx<'_>) -> Result<(), TranslateError> {
    let Some(mut q) = s.qualify.take() else {
        return Ok(());
    };
    if ctx.to.caps().qualify {
        s.qualify = Some(q);
        return Ok(());
    }
    let mut aliases = Vec::new();
    let mut outer = Vec::new();
    for (n, item) in s.projection.iter_mut().enumerate() {
        match item {
            SelectItem::UnnamedExpr(Expr::Identifier(i)) if !super::rewrite::is_raw(i) => {
                outer.push(i.clone())
            }
            SelectItem::UnnamedExpr(Expr::CompoundIdentifier(parts)) => {
                outer.push(parts.last().cloned().unwrap_or_else(|| Ident::new("?")))
            }
            SelectItem::ExprWithAlias { expr, alias } => {
                aliases.push((alias.value.clone(), expr.clone()));
                outer.push(alias.clone());
            }
            SelectItem::UnnamedExpr(e) => {
                let alias = Ident::new(format!("__dvt_c{}", n + 1));
                ctx.warn(
                    Dvt003,
                    format!(
                        "QUALIFY rewritten as a subquery: the unnamed column {e} is named {alias}"
                    ),
                );
                *item = SelectItem::ExprWithAlias {
                    expr: e.clone(),
                    alias: alias.clone(),
                };
                outer.push(alias);
            }
            _ => {
                return Err(ctx.unsupported(
                    "QUALIFY with SELECT *",
                    "list the columns explicitly (the subquery that replaces QUALIFY must not add a column to *)",
                ));
            }
        }
    }
    let _ = q.visit(&mut AliasInliner { aliases: &aliases });
    let flag = Ident::new("__dvt_qualify");
    let mut inner = s.clone();
    inner.projection.push(SelectItem::ExprWithAlias {
        expr: raw(format!("CASE WHEN {q} THEN 1 ELSE 0 END")),
        alias: flag.clone(),
    });
    let subquery = Query {
        with: None,
        body: Box::new(SetExpr::Select(Box::new(inner))),
        order_by: None,
        limit_clause: None,
        fetch: None,
        locks: vec![],
        for_clause: None,
        settings: None,
        format_clause: None,
        pipe_operators: vec![],
    };
    let derived = TableFactor::Derived {
        lateral: false,
        subquery: Box::new(subquery),
        alias: Some(TableAlias {
            explicit: true,
            name: Ident::new("__dvt_q"),
            columns: vec![],
            at: None,
        }),
        sample: None,
    };
    let mut outer_select = s.clone();
    outer_select.distinct = None;
    outer_select.projection = outer
        .into_iter()
        .map(|i| SelectItem::UnnamedExpr(Expr::Identifier(i)))
        .collect();
    outer_select.from = vec![TableWithJoins {
        relation: derived,
        joins: vec![],
    }];
    outer_select.selection = Some(raw("__dvt_qualify = 1"));
    outer_select.group_by = sqlparser::ast::GroupByExpr::Expressions(vec![], vec![]);
    outer_select.having = None;
    outer_select.named_window = vec![];
    outer_select.lateral_views = vec![];
    outer_select.cluster_by = vec![];
    outer_select.distribute_by = vec![];
    outer_select.sort_by = vec![];
    outer_select.prewhere = None;
    outer_select.top = None;
    *s = outer_select;
    Ok(())
}
