//! Incremental watermarks pushed into source extracts.
//!
//! An incremental model usually reads only the rows newer than what its table holds:
//! `where o.updated_at > (select max(updated_at) from {{ this }})`. The subquery reads the
//! model's own table on the target, the compared column comes from a source on another server —
//! so the comparison cannot be a scan filter, and without help the source's whole table is read
//! on every run to be filtered in the engine.
//!
//! dvt plans such a model twice. The first plan lists each *watermark*: a comparison
//! `column op (scalar subquery)` in a `WHERE` whose uncorrelated subquery reads only
//! `{{ this }}` and goes to the target whole, as one query (every node evaluated there exactly as
//! the engine would). The runner reads each watermark's one value on the target and plans again
//! with the values ([`super::PlanInput::watermarks`]); the comparison `c op S` then becomes
//! `c op S AND c op v`, `v` the value read — the same condition while `S = v`, which holds
//! because the model's table does not change between planning and running (the per-model lock,
//! and dvt loads it only after the transform) — and `c op v` is pushed into `c`'s extract by
//! the ordinary rules: only where the source evaluates it as the engine does (a string column
//! on a case-insensitive source keeps reading every row, DVT005 says why), and it is applied
//! again in the engine. A NULL watermark (an empty table) adds nothing: every row is read, and
//! the model's own comparison with NULL decides. EXPLAIN shows the value in the source's pushed
//! predicates and in the plan's watermarks.

use datafusion::arrow::util::display::array_value_to_string;
use datafusion::common::ScalarValue;
use datafusion::common::tree_node::{Transformed, TreeNode, TreeNodeRecursion};
use datafusion::error::Result as DfResult;
use datafusion::logical_expr::utils::{conjunction, split_conjunction};
use datafusion::logical_expr::{BinaryExpr, Expr, Filter, LogicalPlan, Operator, Subquery};
use serde::{Deserialize, Serialize};

use super::datafusion_plan::scans;
use super::input::{PlanInput, THIS};
use super::push;

/// A watermark of an incremental model, as its plan shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Watermark {
    /// The output it is read from (the model's target).
    pub connection: String,
    /// The query that reads it there, in the target's dialect (one row, one column).
    pub sql: String,
    /// The comparison it bounds, as the engine writes it (`o.updated_at >`).
    pub bounds: String,
    /// Its value when the plan was made, as the engine writes it (`NULL`: the table is
    /// empty and nothing was pushed); `None` when it was not read.
    pub value: Option<String>,
}

/// A watermark's value, read on the target for the plan ([`super::PlanInput::watermarks`]).
#[derive(Debug, Clone, PartialEq)]
pub struct WatermarkValue {
    /// The watermark's query ([`Watermark::sql`]).
    pub sql: String,
    /// Its one value (NULL when the query returned no row or a NULL).
    pub value: ScalarValue,
}

/// One comparison of a column with a scalar subquery over `{{ this }}`.
struct Candidate {
    column: Expr,
    op: Operator,
    subquery: Subquery,
}

/// The comparisons a watermark may bound.
const BOUNDED: [Operator; 5] = [
    Operator::Gt,
    Operator::GtEq,
    Operator::Lt,
    Operator::LtEq,
    Operator::Eq,
];

/// `e` as `column op (subquery over {{ this }})`, either way round.
fn candidate(e: &Expr) -> Option<Candidate> {
    let Expr::BinaryExpr(BinaryExpr { left, op, right }) = e else {
        return None;
    };
    let (column, op, sq) = match (left.as_ref(), right.as_ref()) {
        (c @ Expr::Column(_), Expr::ScalarSubquery(sq)) => (c, *op, sq),
        (Expr::ScalarSubquery(sq), c @ Expr::Column(_)) => (c, op.swap()?, sq),
        _ => return None,
    };
    let reads = scans(&sq.subquery);
    let this_only = !reads.is_empty() && reads.iter().all(|s| s.table_name.table() == THIS);
    (BOUNDED.contains(&op) && sq.outer_ref_columns.is_empty() && this_only).then(|| Candidate {
        column: column.clone(),
        op,
        subquery: sq.clone(),
    })
}

/// The query reading a candidate's value on the target, when the whole subquery goes there
/// as written (no filter left to the engine).
fn value_sql(
    c: &Candidate,
    input: &PlanInput,
    optimize: &dyn Fn(&LogicalPlan) -> DfResult<LogicalPlan>,
) -> Option<String> {
    let optimized = optimize(&c.subquery.subquery).ok()?;
    let tree = push::whole_subtree(&optimized, &input.relations).ok()?;
    let whole = tree.residuals.is_empty() && tree.extras.is_empty() && tree.columns.len() == 1;
    (whole && tree.relation.name == THIS).then_some(tree.sql)
}

/// A watermark found in the plan as written: its conjunct, its parts and the query reading
/// its value.
pub(crate) struct Located {
    conjunct: Expr,
    candidate: Candidate,
    sql: String,
}

/// The plan's watermarks (each subquery planned for the target once).
pub(crate) fn locate(
    logical: &LogicalPlan,
    input: &PlanInput,
    optimize: &dyn Fn(&LogicalPlan) -> DfResult<LogicalPlan>,
) -> Vec<Located> {
    if !input.relations.iter().any(|r| r.name == THIS) {
        return vec![];
    }
    let mut out = Vec::new();
    let _ = logical.apply(|n| {
        if let LogicalPlan::Filter(f) = n {
            for e in split_conjunction(&f.predicate) {
                let Some(c) = candidate(e) else { continue };
                if let Some(sql) = value_sql(&c, input, optimize) {
                    out.push(Located {
                        conjunct: e.clone(),
                        candidate: c,
                        sql,
                    });
                }
            }
        }
        Ok(TreeNodeRecursion::Continue)
    });
    out
}

/// The watermarks as the plan shows them, with the values `input` holds for them.
pub(crate) fn find(located: &[Located], input: &PlanInput) -> Vec<Watermark> {
    let connection = input.relations.iter().find(|r| r.name == THIS);
    let Some(connection) = connection.map(|r| r.connection.clone()) else {
        return vec![];
    };
    let mut out: Vec<Watermark> = Vec::new();
    for l in located {
        let w = Watermark {
            connection: connection.clone(),
            sql: l.sql.clone(),
            bounds: format!("{} {}", l.candidate.column, l.candidate.op),
            value: bound(input, &l.sql).map(shown),
        };
        if !out.contains(&w) {
            out.push(w);
        }
    }
    out
}

/// A value as people read it (`2026-01-01T05:33:20`, `NULL`).
fn shown(v: &ScalarValue) -> String {
    let text = v
        .to_array()
        .ok()
        .and_then(|a| array_value_to_string(&a, 0).ok());
    match text {
        Some(t) if !v.is_null() => t,
        _ => v.to_string(),
    }
}

fn bound<'a>(input: &'a PlanInput, sql: &str) -> Option<&'a ScalarValue> {
    input
        .watermarks
        .iter()
        .find(|w| w.sql == sql)
        .map(|w| &w.value)
}

/// `logical` with `c op v` beside each watermarked `c op S` whose value `v` is known and not
/// NULL.
pub(crate) fn bind(
    logical: LogicalPlan,
    input: &PlanInput,
    located: &[Located],
) -> DfResult<LogicalPlan> {
    if input.watermarks.is_empty() || located.is_empty() {
        return Ok(logical);
    }
    logical
        .transform_up(|n| {
            let LogicalPlan::Filter(f) = n else {
                return Ok(Transformed::no(n));
            };
            let mut changed = false;
            let mut conjuncts = Vec::new();
            for e in split_conjunction(&f.predicate) {
                conjuncts.push(e.clone());
                let found = located.iter().find(|l| &l.conjunct == e);
                if let Some(extra) = found
                    .map(|l| bound_conjunct(l, input))
                    .transpose()?
                    .flatten()
                {
                    conjuncts.push(extra);
                    changed = true;
                }
            }
            if !changed {
                return Ok(Transformed::no(LogicalPlan::Filter(f)));
            }
            let predicate = conjunction(conjuncts).unwrap_or(f.predicate);
            Ok(Transformed::yes(LogicalPlan::Filter(Filter::try_new(
                predicate, f.input,
            )?)))
        })
        .map(|t| t.data)
}

/// `c op v` for a watermark whose value is known and not NULL, typed as the subquery's
/// output.
fn bound_conjunct(l: &Located, input: &PlanInput) -> DfResult<Option<Expr>> {
    let Some(value) = bound(input, &l.sql).filter(|v| !v.is_null()) else {
        return Ok(None);
    };
    let c = &l.candidate;
    let ty = c.subquery.subquery.schema().field(0).data_type().clone();
    let literal = value.cast_to(&ty)?;
    Ok(Some(Expr::BinaryExpr(BinaryExpr::new(
        Box::new(c.column.clone()),
        c.op,
        Box::new(Expr::Literal(literal, None)),
    ))))
}
