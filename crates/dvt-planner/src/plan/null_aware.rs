//! A rewrite that keeps `IN (subquery)` three-valued where DataFusion 55.2 would not.
//!
//! DataFusion decorrelates an `IN` / `NOT IN` subquery that is not a top-level conjunct of a
//! filter (under `OR`, `NOT`, `CASE`) into a *mark join*, whose mark is TRUE or FALSE, never
//! NULL: `v = 5 OR k NOT IN (SELECT k FROM a)` then keeps rows although `a` holds a NULL (SQL:
//! UNKNOWN, the row is dropped). Cf. apache/datafusion#8241 and #25340.
//!
//! [`null_aware_in`] replaces every such `e IN (S)` by the equivalent
//!
//! ```sql
//! CASE WHEN NOT EXISTS (S)               THEN FALSE  -- IN of an empty set is FALSE, even for NULL
//!      WHEN e IS NULL                    THEN NULL
//!      WHEN e IN (S)                     THEN TRUE   -- the mark join, now on a non-NULL e
//!      WHEN EXISTS (S WHERE c IS NULL)   THEN NULL
//!      ELSE FALSE END
//! ```
//!
//! (`NOT IN` is `NOT` of it). Top-level conjuncts are left alone: DataFusion plans them as
//! (null-aware) semi / anti joins, which are correct.
//!
//! DataFusion decorrelates `IN` / `EXISTS` only in filters: in a select list or an
//! aggregate's argument (`CASE WHEN x IN (SELECT …) THEN … END`) its physical planner fails
//! ("does not support … InSubquery"). There [`null_aware_in`] writes them with scalar
//! subqueries (an aggregate's argument computed by a projection below it), which DataFusion
//! decorrelates in projections too: `EXISTS (S)` is `(SELECT count(*) FROM S) > 0`, and `x IN (S)` the CASE
//! above with `S WHERE c = x` (x an outer reference) in place of the mark join.

use std::sync::Arc;

use datafusion::common::tree_node::{Transformed, TreeNode, TreeNodeRecursion};
use datafusion::common::{Column, DFSchema, Result, ScalarValue};
use datafusion::functions_aggregate::expr_fn::count;
use datafusion::logical_expr::expr::{Exists, InSubquery};
use datafusion::logical_expr::{
    Aggregate, Expr, Filter, LogicalPlan, LogicalPlanBuilder, Operator, Projection, Subquery,
    binary_expr, exists, lit, not_exists, when,
};

/// Rewrite every filter of `plan` (subqueries included), see the module docs.
pub fn null_aware_in(plan: LogicalPlan) -> Result<LogicalPlan> {
    plan.transform_up_with_subqueries(|p| match p {
        LogicalPlan::Filter(f) => {
            let mut changed = false;
            let predicate = split_and(f.predicate.clone())
                .into_iter()
                .map(|c| {
                    // `EXISTS (…)` is never NULL (DataFusion fails to decorrelate it under IS
                    // [NOT] NULL: "No field named x0.k").
                    let c = c.transform_up(|x| match x {
                        Expr::IsNull(e) if matches!(*e, Expr::Exists(_)) => {
                            Ok(Transformed::yes(lit(false)))
                        }
                        Expr::IsNotNull(e) if matches!(*e, Expr::Exists(_)) => {
                            Ok(Transformed::yes(lit(true)))
                        }
                        other => Ok(Transformed::no(other)),
                    })?;
                    changed |= c.transformed;
                    let r = nested(c.data)?;
                    changed |= r.transformed;
                    Ok(r.data)
                })
                .collect::<Result<Vec<_>>>()?
                .into_iter()
                .reduce(|a, b| binary_expr(a, Operator::And, b))
                .unwrap_or_else(|| lit(true));
            if !changed {
                return Ok(Transformed::no(LogicalPlan::Filter(f)));
            }
            let filter = Filter::try_new(predicate, f.input.clone())?;
            Ok(Transformed::yes(LogicalPlan::Filter(filter)))
        }
        LogicalPlan::Projection(pr) if pr.expr.iter().any(has_predicate_subquery) => {
            let schema = pr.input.schema().clone();
            let exprs = pr
                .expr
                .iter()
                .map(|e| {
                    let name = e.schema_name().to_string();
                    let r = e.clone().transform_up(|x| as_scalar(x, &schema))?;
                    Ok(match (r.transformed, e) {
                        (false, _) => r.data,
                        (true, Expr::Alias(a)) => r.data.alias_qualified(a.relation.clone(), name),
                        (true, _) => r.data.alias(name),
                    })
                })
                .collect::<Result<Vec<_>>>()?;
            Ok(Transformed::yes(LogicalPlan::Projection(
                Projection::try_new(exprs, pr.input.clone())?,
            )))
        }
        LogicalPlan::Aggregate(a) if a.aggr_expr.iter().any(has_predicate_subquery) => {
            lift_aggregate_arguments(a).map(Transformed::yes)
        }
        other => Ok(Transformed::no(other)),
    })
    .map(|t| t.data)
}

/// An aggregate whose arguments hold `IN` / `EXISTS` subqueries (`COUNT(CASE WHEN x IN
/// (SELECT …) THEN 1 END)`), which DataFusion's physical planner does not support there:
/// each such argument is computed by a projection below the aggregate (as scalar
/// subqueries, see [`as_scalar`]) and aggregated as its column. The aggregates keep their
/// names.
fn lift_aggregate_arguments(a: Aggregate) -> Result<LogicalPlan> {
    let schema = a.input.schema().clone();
    let mut below: Vec<Expr> = schema.columns().into_iter().map(Expr::Column).collect();
    let mut aggr = Vec::with_capacity(a.aggr_expr.len());
    for e in &a.aggr_expr {
        let name = e.schema_name().to_string();
        let r = e.clone().transform_down(|x| match x {
            Expr::AggregateFunction(mut f) => {
                for arg in f.params.args.iter_mut() {
                    if has_predicate_subquery(arg) {
                        let col = format!("__dvt_arg_{}", below.len());
                        let scalar = arg.clone().transform_up(|x| as_scalar(x, &schema))?;
                        below.push(scalar.data.alias(&col));
                        *arg = Expr::Column(Column::new_unqualified(col));
                    }
                }
                Ok(Transformed::new(
                    Expr::AggregateFunction(f),
                    true,
                    TreeNodeRecursion::Jump,
                ))
            }
            other => Ok(Transformed::no(other)),
        })?;
        aggr.push(match (r.transformed, e) {
            (false, _) => r.data,
            (true, Expr::Alias(al)) => r.data.alias_qualified(al.relation.clone(), name),
            (true, _) => r.data.alias(name),
        });
    }
    let input = Projection::try_new(below, a.input.clone())?;
    Ok(LogicalPlan::Aggregate(Aggregate::try_new(
        Arc::new(LogicalPlan::Projection(input)),
        a.group_expr.clone(),
        aggr,
    )?))
}

fn has_predicate_subquery(e: &Expr) -> bool {
    e.exists(|x| Ok(matches!(x, Expr::Exists(_) | Expr::InSubquery(_))))
        .unwrap_or(false)
}

/// `(SELECT count(*) FROM plan) > 0`, correlated by `outer`.
fn nonempty(plan: LogicalPlan, outer: Vec<Expr>) -> Result<Expr> {
    let counted = LogicalPlanBuilder::from(plan)
        .aggregate(Vec::<Expr>::new(), vec![count(lit(1i64)).alias("n")])?
        .build()?;
    Ok(Expr::ScalarSubquery(Subquery {
        subquery: Arc::new(counted),
        outer_ref_columns: outer,
        spans: Default::default(),
    })
    .gt(lit(0i64)))
}

/// An `EXISTS` / `IN` subquery of a select list as scalar subqueries (see the module docs).
fn as_scalar(e: Expr, schema: &DFSchema) -> Result<Transformed<Expr>> {
    match e {
        Expr::Exists(Exists { subquery, negated }) => {
            let x = nonempty(
                subquery.subquery.as_ref().clone(),
                subquery.outer_ref_columns.clone(),
            )?;
            Ok(Transformed::yes(if negated { !x } else { x }))
        }
        Expr::InSubquery(InSubquery {
            expr,
            subquery,
            negated,
        }) => {
            let s = subquery.subquery.as_ref().clone();
            let field = Expr::Column(Column::from(s.schema().qualified_field(0)));
            // `expr` as seen from inside the subquery: its columns are outer references.
            let mut outer = subquery.outer_ref_columns.clone();
            let inner_expr = expr
                .as_ref()
                .clone()
                .transform_up(|x| match x {
                    Expr::Column(c) => {
                        let (_, f) = schema.qualified_field_from_column(&c)?;
                        let r = Expr::OuterReferenceColumn(f.clone(), c);
                        if !outer.contains(&r) {
                            outer.push(r.clone());
                        }
                        Ok(Transformed::yes(r))
                    }
                    other => Ok(Transformed::no(other)),
                })?
                .data;
            let matching = LogicalPlanBuilder::from(s.clone())
                .filter(field.clone().eq(inner_expr))?
                .build()?;
            let nulls = LogicalPlanBuilder::from(s.clone())
                .filter(field.is_null())?
                .build()?;
            let unknown = lit(ScalarValue::Boolean(None));
            let three = when(
                !nonempty(s, subquery.outer_ref_columns.clone())?,
                lit(false),
            )
            .when(expr.is_null(), unknown.clone())
            .when(nonempty(matching, outer)?, lit(true))
            .when(
                nonempty(nulls, subquery.outer_ref_columns.clone())?,
                unknown,
            )
            .otherwise(lit(false))?;
            Ok(Transformed::yes(if negated { !three } else { three }))
        }
        other => Ok(Transformed::no(other)),
    }
}

/// The top-level conjuncts of a predicate.
fn split_and(e: Expr) -> Vec<Expr> {
    match e {
        Expr::BinaryExpr(b) if b.op == Operator::And => {
            let mut v = split_and(*b.left);
            v.extend(split_and(*b.right));
            v
        }
        other => vec![other],
    }
}

/// A conjunct: a bare `[NOT] IN (subquery)` stays (semi / anti join); any `IN (subquery)`
/// nested deeper is rewritten.
fn nested(conjunct: Expr) -> Result<Transformed<Expr>> {
    if matches!(conjunct, Expr::InSubquery(_)) {
        return Ok(Transformed::no(conjunct));
    }
    conjunct.transform_down(|e| match e {
        Expr::InSubquery(InSubquery {
            expr,
            subquery,
            negated,
        }) => {
            let s = subquery.subquery.clone();
            let field = Column::from(s.schema().qualified_field(0));
            let nulls = LogicalPlanBuilder::from(s.as_ref().clone())
                .filter(Expr::Column(field).is_null())?
                .build()?;
            let plain = Expr::InSubquery(InSubquery {
                expr: expr.clone(),
                subquery,
                negated: false,
            });
            let unknown = lit(ScalarValue::Boolean(None));
            let three = when(not_exists(s.clone()), lit(false))
                .when(expr.is_null(), unknown.clone())
                .when(plain, lit(true))
                .when(exists(Arc::new(nulls)), unknown)
                .otherwise(lit(false))?;
            let out = if negated { !three } else { three };
            // The new CASE holds `e IN (S)` again: do not descend into it.
            Ok(Transformed::new(out, true, TreeNodeRecursion::Jump))
        }
        other => Ok(Transformed::no(other)),
    })
}

/// Whether an `IN (subquery)` of `plan` is tested for NULL (`(x IN (…)) IS [NOT] NULL`,
/// `IS [NOT] UNKNOWN`): there its three values show, which an engine evaluating IN as a
/// semi-join (Spark SQL) does not give.
pub fn in_tested_for_null(plan: &LogicalPlan) -> bool {
    let holds_in = |e: &Expr| {
        e.exists(|x| Ok(matches!(x, Expr::InSubquery(_))))
            .unwrap_or(false)
    };
    let mut found = false;
    let _ = plan.apply_with_subqueries(|n| {
        for e in n.expressions() {
            let _ = e.apply(|x| {
                if let Expr::IsNull(c)
                | Expr::IsNotNull(c)
                | Expr::IsUnknown(c)
                | Expr::IsNotUnknown(c) = x
                    && holds_in(c)
                {
                    found = true;
                    return Ok(TreeNodeRecursion::Stop);
                }
                Ok(TreeNodeRecursion::Continue)
            });
        }
        Ok(if found {
            TreeNodeRecursion::Stop
        } else {
            TreeNodeRecursion::Continue
        })
    });
    found
}
