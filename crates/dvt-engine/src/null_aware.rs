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

use std::sync::Arc;

use datafusion::common::tree_node::{Transformed, TreeNode, TreeNodeRecursion};
use datafusion::common::{Column, Result, ScalarValue};
use datafusion::logical_expr::expr::InSubquery;
use datafusion::logical_expr::{
    Expr, Filter, LogicalPlan, LogicalPlanBuilder, Operator, binary_expr, exists, lit, not_exists,
    when,
};

/// Rewrite every filter of `plan` (subqueries included), see the module docs.
pub fn null_aware_in(plan: LogicalPlan) -> Result<LogicalPlan> {
    plan.transform_up_with_subqueries(|p| match p {
        LogicalPlan::Filter(f) => {
            let mut changed = false;
            let predicate = split_and(f.predicate.clone())
                .into_iter()
                .map(|c| {
                    let r = nested(c)?;
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
        other => Ok(Transformed::no(other)),
    })
    .map(|t| t.data)
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
