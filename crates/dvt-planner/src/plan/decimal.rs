//! Decimal division and `AVG` of decimals, rounded at a scale PostgreSQL would keep.
//!
//! DataFusion 55.2 (through arrow) divides `Decimal(p1, s1) / Decimal(p2, s2)` at scale
//! `s1 + 4` and *truncates* (`-0.50 / 7` is `-0.071428`), and `AVG(Decimal(p, s))` has scale
//! `s + 4`, also truncated (TPC-H q01's `avg(l_quantity)` is `25.575154`). PostgreSQL keeps at
//! least 16 significant digits and rounds (`-0.0714285714285714`, `25.5751546114546…`).
//!
//! [`DecimalPrecision`], an analyzer rule run just before type coercion (in the planner's and
//! the engine's sessions alike), widens and rounds both:
//! - `l / r` with a decimal result becomes `CAST(CAST(l AS Decimal(_, S - 3)) / r AS
//!   Decimal(_, S))`: the division is computed (truncated) at scale `S + 1` and the cast rounds
//!   it half away from zero at `S` — rounding a value truncated one digit further is exactly
//!   rounding the true quotient. `S` is as large as 38 digits allow for the quotient's
//!   integer digits (`p1 - s1 + s2`), at most `s1 + s2 + 20`, never below DataFusion's `s1 + 4`.
//!   Where 38 digits leave no room (a `SUM` is typed `Decimal(38, s)`), the division runs in
//!   Decimal256 and the result keeps scale `max(s1 + 4, 18)` in Decimal128 (a quotient with
//!   more than 20 integer digits is then an overflow error, never a wrong value).
//! - `AVG(x)` over `Decimal(p, s)` becomes `CAST(AVG(CAST(x AS Decimal(i + w, w))) AS
//!   Decimal(38, w + 3))` with `i = p - s` integer digits and `w = max(s, 34 - i)` (DataFusion
//!   sums in Decimal256, so the wider argument does not overflow), again truncated at `w + 4`
//!   and rounded at `w + 3`.
//!
//! It also gives `round(x, n)` an Int32 literal `n`, so that DataFusion types it one way
//! throughout (see `rewrite_expr`), and gives the translator's rounding before a cast to an
//! integer its operand's type (see `int_casts`).
//!
//! Both forms are fixed points: a division directly under a cast to a decimal of smaller scale
//! is already rounded by that cast and is left alone, and an `AVG` argument already widened
//! gets the same width again — so SQL written from a rewritten plan and planned once more (the
//! engine's transform) means the same and has the same types.

use std::sync::Arc;

use datafusion::arrow::datatypes::DataType;
use datafusion::common::config::ConfigOptions;
use datafusion::common::tree_node::{Transformed, TreeNode, TreeNodeRecursion};
use datafusion::common::{Column, DFSchema, Result, ScalarValue};
use datafusion::logical_expr::expr::{AggregateFunction, Cast};
use datafusion::logical_expr::expr_rewriter::NamePreserver;
use datafusion::logical_expr::logical_plan::{Aggregate, Projection};
use datafusion::logical_expr::type_coercion::binary::BinaryTypeCoercer;
use datafusion::logical_expr::utils::merge_schema;
use datafusion::logical_expr::{BinaryExpr, Expr, ExprSchemable, LogicalPlan, Operator};
use datafusion::optimizer::AnalyzerRule;

/// The analyzer rule described in the module docs.
#[derive(Debug, Default)]
pub struct DecimalPrecision;

const MAX: i16 = 38;

fn decimal(t: &DataType) -> Option<(i16, i16)> {
    match t {
        DataType::Decimal128(p, s) | DataType::Decimal256(p, s) => Some((*p as i16, *s as i16)),
        _ => None,
    }
}

fn dec(p: i16, s: i16) -> DataType {
    DataType::Decimal128(p.clamp(1, MAX) as u8, s.clamp(0, MAX) as i8)
}

fn cast(e: Expr, t: DataType) -> Expr {
    Expr::Cast(Cast::new(Box::new(e), t))
}

/// The rounded form of `l / r`, or `None` when it is not a decimal division (or has no room).
fn division(b: &BinaryExpr, schema: &DFSchema) -> Result<Option<(Expr, i16)>> {
    if b.op != Operator::Divide {
        return Ok(None);
    }
    let (Ok(lt), Ok(rt)) = (b.left.get_type(schema), b.right.get_type(schema)) else {
        return Ok(None);
    };
    let Ok((lt, rt)) = BinaryTypeCoercer::new(&lt, &Operator::Divide, &rt).get_input_types() else {
        return Ok(None);
    };
    let (Some((p1, s1)), Some((_, s2))) = (decimal(&lt), decimal(&rt)) else {
        return Ok(None);
    };
    if s1 < 0 || s2 < 0 {
        return Ok(None);
    }
    // Integer digits of the quotient; the division computes `l * 10^(4 + s2)`.
    let int_q = p1 - s1 + s2;
    let room = MAX - 1 - int_q;
    let (left, right, out) = if room >= s1 + 4 {
        // In 38 digits.
        let s = room.min(s1 + s2 + 20);
        (dec(p1 - s1 + s - 3, s - 3), rt, dec(int_q + s, s))
    } else {
        // No room in 38 digits (a SUM is typed with 38): divide in Decimal256 and keep 20
        // integer digits (a larger quotient is an overflow error, never a wrong value).
        let s = (s1 + 4).clamp(18, MAX);
        let (p2, _) = decimal(&rt).unwrap_or((MAX, s2));
        (
            DataType::Decimal256((p1 - s1 + s - 3).min(76) as u8, (s - 3) as i8),
            DataType::Decimal256(p2 as u8, s2 as i8),
            dec(MAX, s),
        )
    };
    let s = match out {
        DataType::Decimal128(_, s) => s as i16,
        _ => unreachable!(),
    };
    let left = cast(b.left.as_ref().clone(), left);
    let right = cast(b.right.as_ref().clone(), right);
    let div = Expr::BinaryExpr(BinaryExpr::new(
        Box::new(left),
        Operator::Divide,
        Box::new(right),
    ));
    Ok(Some((cast(div, out), s)))
}

/// Rewrites the divisions of one expression (bottom up).
fn rewrite_expr(e: Expr, schema: &DFSchema) -> Result<Transformed<Expr>> {
    e.transform_down(|x| match x {
        // A division already rounded by a cast to a smaller scale: leave it (and keep
        // rewriting below it).
        Expr::Cast(c)
            if matches!(c.expr.as_ref(), Expr::BinaryExpr(b) if b.op == Operator::Divide) =>
        {
            let Expr::BinaryExpr(b) = c.expr.as_ref() else {
                unreachable!()
            };
            let own = b.left.get_type(schema).ok().and_then(|lt| {
                let rt = b.right.get_type(schema).ok()?;
                let t = BinaryTypeCoercer::new(&lt, &Operator::Divide, &rt)
                    .get_result_type()
                    .ok()?;
                decimal(&t)
            });
            match (own, decimal(c.field.data_type())) {
                (Some((_, s_div)), Some((_, s_cast))) if s_cast < s_div => {
                    let (l, r) = (b.left.as_ref().clone(), b.right.as_ref().clone());
                    let l = rewrite_expr(l, schema)?;
                    let r = rewrite_expr(r, schema)?;
                    let changed = l.transformed || r.transformed;
                    let div = Expr::BinaryExpr(BinaryExpr::new(
                        Box::new(l.data),
                        Operator::Divide,
                        Box::new(r.data),
                    ));
                    Ok(Transformed::new(
                        Expr::Cast(Cast {
                            expr: Box::new(div),
                            field: c.field.clone(),
                        }),
                        changed,
                        TreeNodeRecursion::Jump,
                    ))
                }
                _ => Ok(Transformed::no(Expr::Cast(c))),
            }
        }
        Expr::BinaryExpr(b) => match division(&b, schema)? {
            Some((rounded, _)) => {
                // Rewrite the operands too (they sit under the new casts).
                let Expr::Cast(outer) = rounded else {
                    unreachable!()
                };
                let Expr::BinaryExpr(inner) = *outer.expr else {
                    unreachable!()
                };
                let l = rewrite_expr(*inner.left, schema)?.data;
                let r = rewrite_expr(*inner.right, schema)?.data;
                let div = Expr::BinaryExpr(BinaryExpr::new(Box::new(l), inner.op, Box::new(r)));
                Ok(Transformed::new(
                    Expr::Cast(Cast {
                        expr: Box::new(div),
                        field: outer.field,
                    }),
                    true,
                    TreeNodeRecursion::Jump,
                ))
            }
            None => Ok(Transformed::no(Expr::BinaryExpr(b))),
        },
        Expr::ScalarFunction(mut f) if f.name() == "round" && f.args.len() == 2 => {
            // `round(x, 1)`'s type depends on the literal: DataFusion types it as the input's
            // scale while its argument is `CAST(Int64(1) AS Int32)` (type coercion) and as
            // scale 1 once the cast is folded (then a comparison or UNION typed with the first
            // fails: "Invalid comparison operation: Decimal128(10,1) < Decimal128(11,2)").
            // An Int32 literal needs no cast: one type throughout.
            let places = match &f.args[1] {
                Expr::Literal(v, _) if v.data_type().is_integer() && !v.is_null() => {
                    v.cast_to(&DataType::Int32).ok()
                }
                _ => None,
            };
            match places {
                Some(p) if !matches!(f.args[1], Expr::Literal(ScalarValue::Int32(_), _)) => {
                    f.args[1] = Expr::Literal(p, None);
                    Ok(Transformed::yes(Expr::ScalarFunction(f)))
                }
                _ => Ok(Transformed::no(Expr::ScalarFunction(f))),
            }
        }
        other => Ok(Transformed::no(other)),
    })
}

/// The translator writes a cast to an integer from a dialect whose cast rounds (PostgreSQL,
/// MySQL) as `CAST(round(CAST(x AS DECIMAL(38,10)), 0) AS <integer>)` for the engine, whose
/// cast truncates: it cannot see `x`'s type, and the engine's `round` takes no text (`cast(id
/// as integer)` over a raw text column, a dbt staging model's daily bread). With the type
/// known: an integer `x` is cast as it is, a decimal or float `x` is rounded as it is (no
/// 38-digit detour), a text `x` keeps the decimal reading.
fn int_casts(e: Expr, schema: &DFSchema) -> Result<Transformed<Expr>> {
    e.transform_up(|x| match x {
        Expr::Cast(c) if c.field.data_type().is_integer() => {
            let operand = translated_round(&c.expr).and_then(|(x, zero)| {
                let t = x.get_type(schema).ok()?;
                if t.is_integer() {
                    Some(x.clone())
                } else if t.is_floating() || decimal(&t).is_some() {
                    Some(Expr::ScalarFunction(
                        datafusion::logical_expr::expr::ScalarFunction::new_udf(
                            datafusion::functions::math::round(),
                            vec![x.clone(), zero.clone()],
                        ),
                    ))
                } else {
                    None
                }
            });
            Ok(match operand {
                Some(x) => Transformed::yes(Expr::Cast(Cast {
                    expr: Box::new(x),
                    field: c.field,
                })),
                None => Transformed::no(Expr::Cast(c)),
            })
        }
        other => Ok(Transformed::no(other)),
    })
}

/// `x` and the `0` of the translator's `round(CAST(x AS Decimal128(38, 10)), 0)`.
fn translated_round(e: &Expr) -> Option<(&Expr, &Expr)> {
    let Expr::ScalarFunction(f) = e else {
        return None;
    };
    let [Expr::Cast(inner), zero] = f.args.as_slice() else {
        return None;
    };
    let is_zero = matches!(zero, Expr::Literal(v, _) if v.cast_to(&DataType::Int64).ok() == Some(ScalarValue::Int64(Some(0))));
    (f.name() == "round" && is_zero && *inner.field.data_type() == DataType::Decimal128(38, 10))
        .then_some((inner.expr.as_ref(), zero))
}

/// The widened form of an `AVG` over a decimal: the new aggregate and its rounded type.
fn widened_avg(e: &Expr, schema: &DFSchema) -> Result<Option<(Expr, DataType)>> {
    let (inner, alias) = match e {
        Expr::Alias(a) => (a.expr.as_ref(), Some(a)),
        x => (x, None),
    };
    let Expr::AggregateFunction(AggregateFunction { func, params }) = inner else {
        return Ok(None);
    };
    if !func.name().eq_ignore_ascii_case("avg") || params.args.len() != 1 {
        return Ok(None);
    }
    let Some((p, s)) = params.args[0]
        .get_type(schema)
        .ok()
        .as_ref()
        .and_then(decimal)
    else {
        return Ok(None);
    };
    if s < 0 {
        return Ok(None);
    }
    let int = p - s;
    let w = s.max(MAX - 4 - int).min(MAX - 4);
    if w < s {
        return Ok(None);
    }
    let mut params = params.clone();
    params.args[0] = cast(params.args[0].clone(), dec(int + w, w));
    let name = match alias {
        Some(a) => a.name.clone(),
        None => e.schema_name().to_string(),
    };
    let widened = Expr::AggregateFunction(AggregateFunction {
        func: func.clone(),
        params,
    });
    let widened = match alias {
        Some(a) => widened.alias_qualified(a.relation.clone(), name),
        None => widened.alias(name),
    };
    Ok(Some((widened, dec(MAX, w + 3))))
}

fn rewrite_aggregate(a: Aggregate) -> Result<Transformed<LogicalPlan>> {
    let schema = a.input.schema().clone();
    let mut exprs = Vec::with_capacity(a.aggr_expr.len());
    let mut rounded = Vec::new();
    for (i, e) in a.aggr_expr.iter().enumerate() {
        match widened_avg(e, &schema)? {
            Some((w, t)) => {
                exprs.push(w);
                rounded.push((i, t));
            }
            None => exprs.push(e.clone()),
        }
    }
    if rounded.is_empty() {
        return Ok(Transformed::no(LogicalPlan::Aggregate(a)));
    }
    let old = a.schema.clone();
    let aggrs = a.aggr_expr.len();
    let agg = LogicalPlan::Aggregate(Aggregate::try_new(a.input, a.group_expr, exprs)?);
    let new = agg.schema().clone();
    let projection = (0..new.fields().len())
        .map(|i| {
            let (q, f) = new.qualified_field(i);
            let col = Expr::Column(Column::from((q, f)));
            // The aggregates are the last fields (after the groups and any grouping id).
            let aggr = i.checked_sub(new.fields().len() - aggrs);
            match rounded.iter().find(|(k, _)| Some(*k) == aggr) {
                Some((_, t)) => {
                    let (oq, of) = old.qualified_field(i);
                    cast(col, t.clone()).alias_qualified(oq.cloned(), of.name())
                }
                None => col,
            }
        })
        .collect();
    Ok(Transformed::yes(LogicalPlan::Projection(
        Projection::try_new(projection, Arc::new(agg))?,
    )))
}

fn rewrite_plan(p: LogicalPlan) -> Result<Transformed<LogicalPlan>> {
    if matches!(
        p,
        LogicalPlan::TableScan(_) | LogicalPlan::EmptyRelation(_) | LogicalPlan::Values(_)
    ) {
        return Ok(Transformed::no(p));
    }
    let schema = merge_schema(&p.inputs());
    let names = NamePreserver::new(&p);
    let r = p.map_expressions(|e| {
        let name = names.save(&e);
        let t = int_casts(e, &schema)?;
        let mut r = rewrite_expr(t.data, &schema)?;
        r.transformed |= t.transformed;
        Ok(if r.transformed {
            Transformed::yes(name.restore(r.data))
        } else {
            r
        })
    })?;
    // A child may have changed its types: recompute this node's schema either way.
    let p = r.data.recompute_schema()?;
    // The divisions inside an aggregate's arguments first (`SUM(n / 7)`), then its `AVG`s.
    match p {
        LogicalPlan::Aggregate(a) => Ok(Transformed::yes(rewrite_aggregate(a)?.data)),
        other => Ok(Transformed::yes(other)),
    }
}

impl AnalyzerRule for DecimalPrecision {
    fn analyze(&self, plan: LogicalPlan, _config: &ConfigOptions) -> Result<LogicalPlan> {
        Ok(plan.transform_up_with_subqueries(rewrite_plan)?.data)
    }

    fn name(&self) -> &str {
        "dvt_decimal_precision"
    }
}

/// `state` with [`DecimalPrecision`] run just before type coercion.
pub fn with_decimal_precision(
    state: datafusion::execution::SessionState,
) -> datafusion::execution::SessionState {
    let mut rules: Vec<Arc<dyn AnalyzerRule + Send + Sync>> = state.analyzer().rules.clone();
    let at = rules
        .iter()
        .position(|r| r.name() == "type_coercion")
        .unwrap_or(rules.len());
    rules.insert(at, Arc::new(DecimalPrecision));
    datafusion::execution::SessionStateBuilder::new_from_existing(state)
        .with_analyzer_rules(rules)
        .build()
}

#[cfg(test)]
mod tests {
    use datafusion::arrow::util::display::{ArrayFormatter, FormatOptions};
    use datafusion::prelude::SessionContext;

    async fn one(sql: &str) -> (String, String) {
        let ctx = SessionContext::new_with_state(super::with_decimal_precision(
            SessionContext::new().state(),
        ));
        let b = ctx.sql(sql).await.unwrap().collect().await.unwrap();
        let a = b[0].column(0);
        let f = ArrayFormatter::try_new(a.as_ref(), &FormatOptions::default()).unwrap();
        (f.value(0).to_string(), a.data_type().to_string())
    }

    #[tokio::test]
    async fn quotients_and_averages_are_rounded_at_postgres_scale() {
        for (sql, want) in [
            // DataFusion alone: -0.071428 (truncated at scale 6).
            (
                "SELECT CAST(-0.50 AS DECIMAL(3,2)) / 7",
                "-0.0714285714285714285714",
            ),
            // Rounded, not truncated: 2/3 = 0.666…67.
            (
                "SELECT CAST(2 AS DECIMAL(3,0)) / CAST(3 AS DECIMAL(3,0))",
                "0.66666666666666666667",
            ),
            (
                "SELECT CAST(-2 AS DECIMAL(3,0)) / CAST(3 AS DECIMAL(3,0))",
                "-0.66666666666666666667",
            ),
            // A SUM (Decimal(25, 2)) divided: 25 integer digits leave 12 decimals.
            (
                "SELECT sum(x) / sum(y) FROM (VALUES (CAST(2 AS DECIMAL(15,2)), CAST(3 AS DECIMAL(15,2)))) t(x, y)",
                "0.666666666667",
            ),
            // Decimal(38, 2) by Decimal(38, 2): in Decimal256, scale 18.
            (
                "SELECT CAST(2 AS DECIMAL(38,2)) / CAST(3 AS DECIMAL(38,2))",
                "0.666666666666666667",
            ),
            // AVG: DataFusion alone 25.575154 (truncated) for TPC-H's figures; here 2/3.
            (
                "SELECT avg(x) FROM (VALUES (CAST(1 AS DECIMAL(15,2))), (CAST(0 AS DECIMAL(15,2))), (CAST(1 AS DECIMAL(15,2)))) t(x)",
                "0.666666666666666666666667",
            ),
            // A division inside an aggregate beside an AVG (the AVG's rewrite once left it
            // at DataFusion's scale 6: 0.166666).
            (
                "SELECT sum(x / 6), avg(x) FROM (VALUES (CAST(1 AS DECIMAL(15,2)))) t(x)",
                "0.1666666666666666666667",
            ),
            // A cast to an integer as the translator writes it for the engine (PostgreSQL's
            // cast rounds, the engine's truncates), over text, a decimal, a float, an integer.
            (
                "SELECT CAST(round(CAST(s AS DECIMAL(38,10)), 0) AS INT) + 1 FROM (VALUES ('12')) t(s)",
                "13",
            ),
            (
                "SELECT CAST(round(CAST(x AS DECIMAL(38,10)), 0) AS INT) FROM (VALUES (CAST(-2.5 AS DECIMAL(3,1)))) t(x)",
                "-3",
            ),
            (
                "SELECT CAST(round(CAST(x AS DECIMAL(38,10)), 0) AS BIGINT) FROM (VALUES (CAST(1e30 AS DOUBLE) / 1e12)) t(x)",
                "1000000000000000000",
            ),
            (
                "SELECT CAST(round(CAST(x AS DECIMAL(38,10)), 0) AS BIGINT) FROM (VALUES (CAST(9007199254740993 AS BIGINT))) t(x)",
                "9007199254740993",
            ),
            // The rewritten SQL planned again means the same (fixed point).
            (
                "SELECT CAST(CAST(CAST(-0.50 AS DECIMAL(3,2)) AS DECIMAL(22,19)) / 7 AS DECIMAL(22,22))",
                "-0.0714285714285714285714",
            ),
        ] {
            let (got, ty) = one(sql).await;
            assert_eq!(got, want, "{sql} ({ty})");
        }
        let (_, ty) = one("SELECT -0.50 / 7").await;
        assert!(ty.starts_with("Float64") || ty.contains(", 22)"), "{ty}");
    }
}
