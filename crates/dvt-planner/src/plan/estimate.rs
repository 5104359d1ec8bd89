//! How many rows a per-table extract returns, estimated from its source's statistics
//! ([`super::TableStats`]) and the filters pushed into it — the first input of a cost model
//! (issue: statistics-driven plans). EXPLAIN shows the estimate beside each extract, and the
//! run's extract steps the estimate beside the rows read.
//!
//! The selectivities are the classic ones (System R's, as PostgreSQL's planner falls back to):
//! `c = v` keeps 1 / distinct(c) (0.005 without an estimate), `c IN (n values)` n times that,
//! `c IS NULL` the NULL share (0.005), a range a third, a `LIKE` a tenth, `<>` and `NOT` the
//! rest, AND the product, OR the union of independent events; anything else a third.

use datafusion::common::Column;
use datafusion::logical_expr::utils::split_conjunction;
use datafusion::logical_expr::{Expr, JoinType, LogicalPlan, Operator};
use datafusion::scalar::ScalarValue;

use super::input::{ColumnStats, PlanInput, Relation};
use super::names::engine_column;
use crate::translate::DbKind;

/// The share `=` keeps of a column without a distinct estimate.
const EQUAL: f64 = 0.005;
/// The share a range (`<`, `>=`, `BETWEEN`) keeps.
const RANGE: f64 = 1.0 / 3.0;
/// The share a `LIKE` keeps.
const LIKE: f64 = 0.1;
/// The share of anything else.
const OTHER: f64 = 1.0 / 3.0;

/// The rows an extract of `r` returns: its rows, times the share its pushed filters keep (one
/// conjunct list per scan of the relation, OR-ed), capped by `limit`; `None` without a row
/// estimate.
pub(crate) fn rows(
    r: &Relation,
    model: DbKind,
    scans: &[Vec<&Expr>],
    limit: Option<usize>,
) -> Option<u64> {
    let total = r.stats.rows? as f64;
    let stats = Columns { r, model };
    let mut keep = match scans {
        [] => 1.0,
        _ => scans.iter().fold(0.0, |acc, conjuncts| {
            let s: f64 = conjuncts.iter().map(|e| stats.share(e)).product();
            acc + s - acc * s
        }),
    };
    keep = keep.clamp(0.0, 1.0);
    let n = (total * keep).round() as u64;
    Some(limit.map_or(n, |l| n.min(l as u64)))
}

/// The rows a plan (a pushed subtree, or the whole query) returns, estimated bottom up as
/// System R does: each scan as [`rows`] estimates its extract; a filter keeps its share (`=`
/// a literal 1 / distinct, anything else a third); an equi-join `|L| · |R| / max(distinct)`
/// per key (a key without a distinct estimate counts as unique on its side); an outer join
/// at least its preserved side; an aggregate at most the product of its keys' distinct
/// values; a limit caps. `None` when a relation has no row estimate or a node is not
/// modelled (a subquery expression's plan, a recursive query).
pub(crate) fn plan_rows(p: &LogicalPlan, input: &PlanInput) -> Option<u64> {
    Some(Walk(input).rows(p)?.round().max(0.0) as u64)
}

/// The walk of [`plan_rows`].
struct Walk<'a>(&'a PlanInput);

impl Walk<'_> {
    fn rows(&self, p: &LogicalPlan) -> Option<f64> {
        use LogicalPlan as P;
        let fetch = |n: f64, f: Option<usize>| f.map_or(n, |f| n.min(f as f64));
        Some(match p {
            P::TableScan(s) => {
                let r = self.relation(s.table_name.table())?;
                let model = self.0.model_dialect;
                rows(r, model, &[s.filters.iter().collect()], s.fetch)? as f64
            }
            P::Filter(f) => {
                let keep: f64 = split_conjunction(&f.predicate)
                    .into_iter()
                    .map(|c| self.share(&f.input, c))
                    .product();
                self.rows(&f.input)? * keep
            }
            P::Projection(x) => self.rows(&x.input)?,
            P::SubqueryAlias(x) => self.rows(&x.input)?,
            P::Window(x) => self.rows(&x.input)?,
            P::Distinct(_) | P::Repartition(_) => self.rows(p.inputs().first()?)?,
            P::Sort(x) => fetch(self.rows(&x.input)?, x.fetch),
            P::Limit(x) => {
                let n = self.rows(&x.input)?;
                match x.get_fetch_type().ok()? {
                    datafusion::logical_expr::FetchType::Literal(f) => fetch(n, f),
                    _ => n,
                }
            }
            P::Aggregate(a) => {
                let n = self.rows(&a.input)?;
                let keys: f64 = a
                    .group_expr
                    .iter()
                    .map(|e| self.distinct_of(&a.input, e).unwrap_or(n))
                    .product();
                if a.group_expr.is_empty() {
                    1.0
                } else {
                    n.min(keys)
                }
            }
            P::Join(j) => self.join(j)?,
            P::Union(u) => u.inputs.iter().map(|i| self.rows(i)).sum::<Option<f64>>()?,
            P::EmptyRelation(e) => f64::from(u8::from(e.produce_one_row)),
            P::Values(v) => v.values.len() as f64,
            _ => return None,
        })
    }

    fn join(&self, j: &datafusion::logical_expr::Join) -> Option<f64> {
        let (l, r) = (self.rows(&j.left)?, self.rows(&j.right)?);
        let mut inner = l * r;
        for (a, b) in &j.on {
            let d = self
                .distinct_of(&j.left, a)
                .unwrap_or(l)
                .max(self.distinct_of(&j.right, b).unwrap_or(r));
            inner /= d.max(1.0);
        }
        if j.filter.is_some() {
            inner *= OTHER;
        }
        Some(match j.join_type {
            JoinType::Inner => inner,
            JoinType::Left => inner.max(l),
            JoinType::Right => inner.max(r),
            JoinType::Full => inner.max(l + r),
            JoinType::LeftSemi => inner.min(l),
            JoinType::RightSemi => inner.min(r),
            JoinType::LeftAnti | JoinType::LeftMark => l,
            JoinType::RightAnti | JoinType::RightMark => r,
        })
    }

    /// The share of `input`'s rows one conjunct keeps.
    fn share(&self, input: &LogicalPlan, e: &Expr) -> f64 {
        let one = |c: &Expr| match self.distinct_of(input, c) {
            Some(d) if d >= 1.0 => 1.0 / d,
            _ => EQUAL,
        };
        match e {
            Expr::BinaryExpr(b) if b.op == Operator::Eq && is_literal(&b.right) => one(&b.left),
            Expr::BinaryExpr(b) if b.op == Operator::Eq && is_literal(&b.left) => one(&b.right),
            Expr::InList(l) if !l.negated => (l.list.len() as f64 * one(&l.expr)).min(1.0),
            _ => OTHER,
        }
    }

    /// The distinct values of `e` (a column, through casts) in `p`'s output, where a scan's
    /// statistics say.
    fn distinct_of(&self, p: &LogicalPlan, e: &Expr) -> Option<f64> {
        let Expr::Column(c) = strip(e) else {
            return None;
        };
        self.distinct(p, c)
    }

    fn distinct(&self, p: &LogicalPlan, c: &Column) -> Option<f64> {
        use LogicalPlan as P;
        let i = p.schema().index_of_column(c).ok()?;
        let at = |q: &LogicalPlan, j: usize| {
            let (qualifier, field) = q.schema().qualified_field(j);
            self.distinct(q, &Column::new(qualifier.cloned(), field.name()))
        };
        match p {
            P::TableScan(s) => {
                let r = self.relation(s.table_name.table())?;
                let name = s.projected_schema.field(i).name();
                Some(column_stats(r, self.0.model_dialect, name)?.distinct? as f64)
            }
            P::Projection(x) => self.distinct_of(&x.input, x.expr.get(i)?),
            P::Aggregate(a) => self.distinct_of(&a.input, a.group_expr.get(i)?),
            P::Join(j) => {
                let left = j.left.schema().fields().len();
                match i < left {
                    true => at(&j.left, i),
                    false => at(&j.right, i - left),
                }
            }
            P::Filter(_) | P::SubqueryAlias(_) | P::Sort(_) | P::Limit(_) | P::Distinct(_) => {
                at(p.inputs().first()?, i)
            }
            _ => None,
        }
    }

    fn relation(&self, planning: &str) -> Option<&Relation> {
        self.0.relations.iter().find(|r| r.name == planning)
    }
}

/// The estimates of `r`'s column the engine names `name` (a model in `model`'s dialect).
fn column_stats<'a>(r: &'a Relation, model: DbKind, name: &str) -> Option<&'a ColumnStats> {
    let stats = &r.stats.columns;
    stats
        .iter()
        .find(|s| engine_column(r.dialect, model, &s.name) == name)
}

/// A relation's column estimates, by the engine's column names.
struct Columns<'a> {
    r: &'a Relation,
    model: DbKind,
}

impl Columns<'_> {
    fn stat(&self, e: &Expr) -> Option<&ColumnStats> {
        let Expr::Column(c) = strip(e) else {
            return None;
        };
        column_stats(self.r, self.model, &c.name)
    }

    /// The share of one value of `e`'s column.
    fn one_value(&self, e: &Expr) -> f64 {
        match self.stat(e).and_then(|s| s.distinct) {
            Some(d) if d > 0 => 1.0 / d as f64,
            _ => EQUAL,
        }
    }

    /// The share of `e`'s column that is NULL.
    fn null_share(&self, e: &Expr) -> f64 {
        let nulls = self.stat(e).and_then(|s| s.nulls);
        match (nulls, self.r.stats.rows) {
            (Some(n), Some(r)) if r > 0 => n as f64 / r as f64,
            _ => EQUAL,
        }
    }

    /// The share of the rows `e` keeps.
    fn share(&self, e: &Expr) -> f64 {
        match e {
            Expr::BinaryExpr(b) => match b.op {
                Operator::And => self.share(&b.left) * self.share(&b.right),
                Operator::Or => {
                    let (l, r) = (self.share(&b.left), self.share(&b.right));
                    l + r - l * r
                }
                Operator::Eq if is_literal(&b.right) => self.one_value(&b.left),
                Operator::Eq if is_literal(&b.left) => self.one_value(&b.right),
                Operator::NotEq => 1.0 - self.one_value(&b.left).min(self.one_value(&b.right)),
                Operator::Lt | Operator::LtEq | Operator::Gt | Operator::GtEq => RANGE,
                _ => OTHER,
            },
            Expr::InList(l) => {
                let s = (l.list.len() as f64 * self.one_value(&l.expr)).min(1.0);
                if l.negated { 1.0 - s } else { s }
            }
            Expr::IsNull(x) => self.null_share(x),
            Expr::IsNotNull(x) => 1.0 - self.null_share(x),
            Expr::Between(b) if b.negated => 1.0 - RANGE * RANGE,
            Expr::Between(_) => RANGE * RANGE,
            Expr::Like(l) if l.negated => 1.0 - LIKE,
            Expr::Like(_) => LIKE,
            Expr::Not(x) => 1.0 - self.share(x),
            Expr::Literal(ScalarValue::Boolean(Some(b)), _) => f64::from(u8::from(*b)),
            _ => OTHER,
        }
    }
}

/// `e` without the casts the type coercion put around a column.
fn strip(e: &Expr) -> &Expr {
    match e {
        Expr::Cast(c) => strip(&c.expr),
        Expr::TryCast(c) => strip(&c.expr),
        other => other,
    }
}

fn is_literal(e: &Expr) -> bool {
    matches!(strip(e), Expr::Literal(..))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::{ColumnStats, RelationKind, TableStats};
    use datafusion::prelude::{col, lit};
    use dvt_core::profiles::ServerKey;

    fn orders() -> Relation {
        Relation {
            name: "orders".into(),
            unique_id: "source.p.s.orders".into(),
            display: "source('s', 'orders')".into(),
            connection: "pg".into(),
            server: ServerKey {
                family: "postgres".into(),
                host: "h".into(),
                port: 1,
                location: "db".into(),
            },
            dialect: crate::DbKind::Postgres,
            schema: None,
            identifier: "orders".into(),
            columns: vec![],
            kind: RelationKind::Source,
            stats: TableStats {
                rows: Some(1_000_000),
                columns: vec![ColumnStats {
                    name: "status".into(),
                    distinct: Some(4),
                    nulls: Some(100_000),
                }],
            },
        }
    }

    #[test]
    fn filters_keep_their_share_of_the_rows() {
        let r = orders();
        let model = crate::DbKind::Postgres;
        let est = |filters: Vec<Expr>| rows(&r, model, &[filters.iter().collect()], None);
        assert_eq!(est(vec![]), Some(1_000_000));
        assert_eq!(est(vec![col("status").eq(lit("F"))]), Some(250_000));
        assert_eq!(
            est(vec![col("status").in_list(vec![lit("F"), lit("O")], false)]),
            Some(500_000)
        );
        assert_eq!(est(vec![col("status").is_null()]), Some(100_000));
        assert_eq!(est(vec![col("id").eq(lit(7))]), Some(5_000), "no estimate");
        assert_eq!(
            est(vec![col("status").eq(lit("F")), col("amount").gt(lit(5))]),
            Some(83_333)
        );
        let either = col("status").eq(lit("F")).or(col("status").eq(lit("O")));
        assert_eq!(est(vec![either]), Some(437_500));
        assert_eq!(rows(&r, model, &[], Some(10)), Some(10), "a limit caps it");
        let mut unknown = orders();
        unknown.stats = TableStats::default();
        assert_eq!(rows(&unknown, model, &[], None), None);
    }
}
