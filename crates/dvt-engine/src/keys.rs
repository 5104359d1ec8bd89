//! Join-key pushdown: when one side of a cross-source join turns out small once its extract
//! has been read, the other side's extract is filtered to that side's join keys
//! (`key IN (…)`) so the large source sends only rows that can join.
//!
//! It is applied only where it cannot change the result: an equi-join (`a = b`, NULLs never
//! equal) whose key columns come unchanged from one extract on each side — through filters,
//! projections, aliases, joins, DISTINCT, sorts and the GROUP BY keys of aggregates — into the
//! side whose unmatched rows the join drops anyway: either side of an INNER join or a semi
//! join, the right side of a LEFT join or of a LEFT anti join (and mirrored). The receiving
//! extract must be read once by the transform, and on its way up to the join nothing may
//! depend on rows the filter removes (no LIMIT, no window function). The transform still
//! evaluates the join itself.
//!
//! Pushdowns chain: an extract that received keys is read before the extracts it sends its
//! own keys to (nation → supplier → partsupp), which is sound because every step only drops
//! rows the final join drops. Which side of an INNER or semi join sends is chosen by evidence
//! of being small in the extract's SQL (a row limit, equalities, a HAVING, LIKE prefixes,
//! ranges; an extract that received keys counts as a little less small than its sender);
//! without evidence nothing is pushed and both sides stream at once (an outer join's
//! preserved side sends on a tie). When
//! the sending side has more than [`MAX_KEYS`] distinct keys (found while it is read, so the
//! receiver starts as soon as that is known), or keys of a type dvt does not write as
//! literals, nothing is pushed and a DVT005 warning says why.

use std::collections::{BTreeMap, BTreeSet};

use datafusion::arrow::array::{Array, ArrayRef, AsArray};
use datafusion::arrow::datatypes::DataType;
#[cfg(test)]
use datafusion::arrow::record_batch::RecordBatch;
use datafusion::common::tree_node::TreeNodeRecursion;
use datafusion::common::{Column, NullEquality};
use datafusion::logical_expr::{Distinct, Expr, Join, JoinType, LogicalPlan};
use dvt_planner::plan::Extract;
use dvt_planner::translate::sql_string;
use dvt_types::DbKind;

/// The most keys pushed into one extract.
pub const MAX_KEYS: usize = 10_000;

/// One pushdown: the keys of `small`'s column filter `big`'s column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct KeyPush {
    pub small: usize,
    pub small_col: String,
    pub big: usize,
    pub big_col: String,
}

/// Where a column of a plan node comes from: an extract's column, and whether rows of that
/// extract can be dropped without changing the node's other rows (nothing on the way counts,
/// ranks or limits rows).
#[derive(Debug, Clone)]
struct Origin {
    extract: usize,
    column: String,
    droppable: bool,
}

/// The origin of column `c` of `p`, if it is an extract's column passed up unchanged.
fn origin(p: &LogicalPlan, c: &Column, extract: &dyn Fn(&str) -> Option<usize>) -> Option<Origin> {
    let i = p.schema().index_of_column(c).ok()?;
    origin_at(p, i, extract)
}

/// The origin of the `i`-th output column of `p`.
fn origin_at(p: &LogicalPlan, i: usize, extract: &dyn Fn(&str) -> Option<usize>) -> Option<Origin> {
    let at = |q: &LogicalPlan, j: usize| origin_at(q, j, extract);
    let kept = |o: Option<Origin>, droppable: bool| {
        o.map(|o| Origin {
            droppable: o.droppable && droppable,
            ..o
        })
    };
    let column = |e: &Expr, input: &LogicalPlan| match e.clone().unalias() {
        Expr::Column(c) => origin(input, &c, extract),
        _ => None,
    };
    match p {
        LogicalPlan::TableScan(s) => Some(Origin {
            extract: extract(s.table_name.table())?,
            column: s.projected_schema.field(i).name().clone(),
            droppable: s.fetch.is_none(),
        }),
        LogicalPlan::Filter(f) => at(&f.input, i),
        LogicalPlan::SubqueryAlias(a) => at(&a.input, i),
        LogicalPlan::Distinct(Distinct::All(x)) => at(x, i),
        LogicalPlan::Sort(s) => kept(at(&s.input, i), s.fetch.is_none()),
        LogicalPlan::Limit(l) => kept(at(&l.input, i), false),
        LogicalPlan::Window(w) if i < w.input.schema().fields().len() => {
            kept(at(&w.input, i), false)
        }
        LogicalPlan::Projection(x) => column(x.expr.get(i)?, &x.input),
        LogicalPlan::Aggregate(a) => column(a.group_expr.get(i)?, &a.input),
        LogicalPlan::Join(j) => join_origin(j, i, extract),
        _ => None,
    }
}

fn join_origin(j: &Join, i: usize, extract: &dyn Fn(&str) -> Option<usize>) -> Option<Origin> {
    let left = j.left.schema().fields().len();
    match j.join_type {
        JoinType::LeftSemi | JoinType::LeftAnti | JoinType::LeftMark if i < left => {
            origin_at(&j.left, i, extract)
        }
        JoinType::RightSemi | JoinType::RightAnti | JoinType::RightMark
            if i < j.right.schema().fields().len() =>
        {
            origin_at(&j.right, i, extract)
        }
        JoinType::Inner | JoinType::Left | JoinType::Right | JoinType::Full if i < left => {
            origin_at(&j.left, i, extract)
        }
        JoinType::Inner | JoinType::Left | JoinType::Right | JoinType::Full => {
            origin_at(&j.right, i - left, extract)
        }
        _ => None,
    }
}

/// The (sending, receiving) pairs one key pair of a join allows.
fn directions(j: &Join, l: Origin, r: Origin) -> Vec<(Origin, Origin)> {
    match j.join_type {
        JoinType::Inner | JoinType::LeftSemi | JoinType::RightSemi => {
            vec![(l.clone(), r.clone()), (r, l)]
        }
        JoinType::Left | JoinType::LeftAnti => vec![(l, r)],
        JoinType::Right | JoinType::RightAnti => vec![(r, l)],
        _ => Vec::new(),
    }
}

/// One join key pair: whether its join allows one direction only, and the (sending,
/// receiving) pairs a push may take.
type Edge = (bool, Vec<(Origin, Origin)>);

/// The join key pairs of the transform's equi-joins.
fn key_edges(
    plan: &LogicalPlan,
    extract: &dyn Fn(&str) -> Option<usize>,
    reads: &dyn Fn(usize) -> usize,
) -> Vec<Edge> {
    let mut edges = Vec::new();
    let _ = plan.apply_with_subqueries(|n| {
        let LogicalPlan::Join(j) = n else {
            return Ok(TreeNodeRecursion::Continue);
        };
        if j.null_equality == NullEquality::NullEqualsNull || j.null_aware {
            return Ok(TreeNodeRecursion::Continue);
        }
        for (l, r) in &j.on {
            let (Expr::Column(lc), Expr::Column(rc)) = (l, r) else {
                continue;
            };
            let (Some(lo), Some(ro)) =
                (origin(&j.left, lc, extract), origin(&j.right, rc, extract))
            else {
                continue;
            };
            let all = directions(j, lo, ro);
            let forced = all.len() == 1;
            let allowed: Vec<(Origin, Origin)> = all
                .into_iter()
                .filter(|(s, b)| s.extract != b.extract && b.droppable && reads(b.extract) == 1)
                .collect();
            if !allowed.is_empty() {
                edges.push((forced, allowed));
            }
        }
        Ok(TreeNodeRecursion::Continue)
    });
    edges
}

/// Whether `to` is reachable from `from` along `pushes` (small → big).
fn reaches(pushes: &[KeyPush], from: usize, to: usize) -> bool {
    let mut seen = BTreeSet::new();
    let mut next = vec![from];
    while let Some(x) = next.pop() {
        if x == to {
            return true;
        }
        if seen.insert(x) {
            next.extend(pushes.iter().filter(|p| p.small == x).map(|p| p.big));
        }
    }
    false
}

/// How strongly an extract's own SQL suggests it returns few rows: an equality or IN list
/// with literals or a comparison of an aggregate (a HAVING) weighs 3, a LIKE with a fixed
/// prefix 2, and ranges and other predicates together 1; a pushed aggregate takes 1 away
/// (it groups, but may keep most rows) and a row limit adds 10. A guess from the SQL alone:
/// the catalog's row estimates (used to partition reads) do not inform it yet.
fn own_evidence(x: &Extract) -> usize {
    let mut strong = 0;
    let mut weak = 0;
    for p in &x.pushed_predicates {
        match predicate_weight(p) {
            1 => weak = 1,
            w => strong += w,
        }
    }
    (strong + weak).saturating_sub(usize::from(x.pushed.aggregate))
        + 10 * usize::from(x.pushed.limit.is_some())
}

/// The weight of one pushed predicate (see [`own_evidence`]).
fn predicate_weight(sql: &str) -> usize {
    use datafusion::sql::sqlparser::ast::{BinaryOperator, Expr as Sql};
    use datafusion::sql::sqlparser::dialect::GenericDialect;
    use datafusion::sql::sqlparser::parser::Parser;
    let Ok(e) = Parser::new(&GenericDialect {})
        .try_with_sql(sql)
        .and_then(|mut p| p.parse_expr())
    else {
        return 1;
    };
    let mut e = &e;
    while let Sql::Nested(x) = e {
        e = x;
    }
    let literal = |x: &Sql| {
        matches!(
            x,
            Sql::Value(_) | Sql::TypedString { .. } | Sql::Cast { .. }
        )
    };
    let aggregate = sql.contains("sum(") || sql.contains("count(") || sql.contains("avg(");
    match e {
        Sql::BinaryOp {
            op: BinaryOperator::Eq,
            left,
            right,
        } if literal(left) || literal(right) => 3,
        Sql::InList { negated: false, .. } => 3,
        Sql::Like {
            negated: false,
            pattern,
            ..
        } if !pattern.to_string().starts_with("'%") => 2,
        Sql::BinaryOp { .. } if aggregate => 3,
        _ => 1,
    }
}

/// The pushdowns the optimized transform allows, chosen greedily by evidence of being small
/// (see the module docs): the most evidently small sender first, into a receiver with less
/// evidence of its own; an extract that receives keys counts as one step less evidently small
/// than its sender when it sends in turn. Acyclic, so the extracts can be read sender first.
pub(crate) fn candidates(
    plan: &LogicalPlan,
    extracts: &[Extract],
    reads: &BTreeMap<String, usize>,
) -> Vec<KeyPush> {
    let extract = |name: &str| extracts.iter().position(|x| x.name == name);
    let read = |i: usize| reads.get(&extracts[i].name).copied().unwrap_or(0);
    let mut edges = key_edges(plan, &extract, &read);
    let own: Vec<usize> = extracts.iter().map(own_evidence).collect();
    let mut evidence = own.clone();
    let mut out: Vec<KeyPush> = Vec::new();
    loop {
        let best = edges
            .iter()
            .enumerate()
            .flat_map(|(k, (forced, dirs))| dirs.iter().map(move |d| (k, *forced, d)))
            .filter(|(_, forced, (s, b))| {
                // A join that allows one direction only (LEFT, RIGHT, anti) pushes on a tie:
                // its preserved side is the one that drives it.
                (evidence[s.extract] > own[b.extract]
                    || (*forced && evidence[s.extract] >= own[b.extract]))
                    && !reaches(&out, b.extract, s.extract)
            })
            .max_by_key(|(_, _, (s, _))| evidence[s.extract]);
        let Some((k, _, (s, b))) = best else {
            return out;
        };
        let push = KeyPush {
            small: s.extract,
            small_col: s.column.clone(),
            big: b.extract,
            big_col: b.column.clone(),
        };
        // Filtered by the sender's keys, the receiver is likely smaller than it looked, but
        // less evidently small than the sender (its keys may be too many to push).
        evidence[b.extract] = evidence[b.extract].max(evidence[s.extract].saturating_sub(1));
        if !out.contains(&push) {
            out.push(push);
        }
        edges.remove(k);
    }
}

/// The distinct non-NULL join keys of one column, gathered batch by batch until there are too
/// many (or they have a type dvt does not write as literals).
#[derive(Debug, Default, Clone)]
pub(crate) struct KeySet {
    /// Integers as text, or strings (`quoted`).
    values: BTreeSet<String>,
    quoted: bool,
    refused: Option<String>,
}

impl KeySet {
    /// Adds the values of `a`; once refused, nothing more is gathered.
    pub(crate) fn add(&mut self, a: &ArrayRef) {
        if self.refused.is_some() {
            return;
        }
        if let Err(reason) = self.try_add(a) {
            self.values.clear();
            self.refused = Some(reason);
        }
    }

    fn try_add(&mut self, a: &ArrayRef) -> Result<(), String> {
        self.quoted = match a.data_type() {
            t if t.is_integer() => false,
            DataType::Utf8 | DataType::LargeUtf8 | DataType::Utf8View => true,
            other => return Err(format!("join keys of type {other} are not pushed")),
        };
        let s = datafusion::arrow::compute::cast(a, &DataType::Utf8).map_err(|e| e.to_string())?;
        let s = s.as_string::<i32>();
        for v in s.iter().flatten() {
            self.values.insert(v.to_string());
            if self.values.len() > MAX_KEYS {
                return Err(format!(
                    "the other side has more than {MAX_KEYS} distinct keys"
                ));
            }
        }
        Ok(())
    }

    /// No keys of this set are pushed, for `reason`.
    pub(crate) fn refuse(&mut self, reason: &str) {
        if self.refused.is_none() {
            self.values.clear();
            self.refused = Some(reason.to_string());
        }
    }

    /// Whether no keys will be pushed from this set, whatever comes next.
    pub(crate) fn refused(&self) -> bool {
        self.refused.is_some()
    }

    /// The keys as SQL literals of `dialect`, or why they are not pushed.
    pub(crate) fn literals(&self, dialect: DbKind) -> Result<Vec<String>, String> {
        if let Some(r) = &self.refused {
            return Err(r.clone());
        }
        Ok(self
            .values
            .iter()
            .map(|v| {
                if self.quoted {
                    sql_string(v, dialect)
                } else {
                    v.clone()
                }
            })
            .collect())
    }
}

/// The distinct non-NULL values of column `col` of `batches` as SQL literals of `dialect`, or
/// why they cannot be pushed.
#[cfg(test)]
fn literals(batches: &[RecordBatch], col: usize, dialect: DbKind) -> Result<Vec<String>, String> {
    let mut set = KeySet::default();
    for b in batches {
        set.add(b.column(col));
    }
    set.literals(dialect)
}

/// `sql` filtered to rows whose `col` is one of `keys` (none: no rows).
pub(crate) fn filtered_sql(sql: &str, col: &str, quote: char, keys: &[String]) -> String {
    let c = dvt_io::connector::TableName::new(None, col).quoted(quote);
    let pred = if keys.is_empty() {
        "1 = 0".to_string()
    } else {
        format!("{c} IN ({})", keys.join(", "))
    };
    // A newline before the closing parenthesis: a trailing `--` comment cannot swallow it.
    format!("SELECT * FROM ({sql}\n) dvt_keys WHERE {pred}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use datafusion::arrow::datatypes::{Field, Schema};
    use datafusion::datasource::empty::EmptyTable;
    use dvt_planner::plan::{PlanColumn, Pushed};
    use std::sync::Arc;

    /// An extract `name` of integer columns `k`, `j`, `x`, with `predicates` pushed.
    fn extract(name: &str, predicates: &[&str]) -> Extract {
        Extract {
            name: name.into(),
            connection: "src".into(),
            dialect: DbKind::Postgres,
            sql: format!("SELECT k, j, x FROM {name}"),
            sources: vec![],
            columns: ["k", "j", "x"]
                .iter()
                .map(|c| PlanColumn {
                    name: c.to_string(),
                    ty: "bigint".into(),
                    nullable: true,
                })
                .collect(),
            pushed_predicates: predicates.iter().map(|p| p.to_string()).collect(),
            pushed: Pushed::default(),
            estimated_rows: None,
            staged: vec![],
        }
    }

    /// The pushes of `sql` over extracts `a` (`x = 1` pushed), `b` and `c`, as
    /// `small.col>big.col`.
    async fn pushes(sql: &str) -> Vec<String> {
        let extracts = [
            extract("a", &["\"x\" = 1"]),
            extract("b", &[]),
            extract("c", &[]),
        ];
        let ctx = crate::executor::engine_context();
        for x in &extracts {
            let fields: Vec<Field> = x
                .columns
                .iter()
                .map(|c| Field::new(&c.name, DataType::Int64, true))
                .collect();
            let t = EmptyTable::new(Arc::new(Schema::new(fields)));
            ctx.register_table(x.name.as_str(), Arc::new(t)).unwrap();
        }
        let state = ctx.state();
        let plan = state.create_logical_plan(sql).await.unwrap();
        let plan = state.optimize(&plan).unwrap();
        let reads = crate::executor::reads(&plan);
        candidates(&plan, &extracts, &reads)
            .iter()
            .map(|p| {
                let n = |i: usize| &extracts[i].name;
                format!("{}.{}>{}.{}", n(p.small), p.small_col, n(p.big), p.big_col)
            })
            .collect()
    }

    #[tokio::test]
    async fn keys_chain_from_the_filtered_side_through_joins() {
        let got = pushes("SELECT * FROM a JOIN b ON a.k = b.k JOIN c ON b.j = c.j").await;
        assert_eq!(got, ["a.k>b.k", "b.j>c.j"]);
        // Through a derived table's projection and alias, and an aggregate's group key.
        let got = pushes(
            "SELECT * FROM a JOIN (SELECT k AS kk, count(*) AS n FROM b GROUP BY k) g ON a.k = g.kk",
        )
        .await;
        assert_eq!(got, ["a.k>b.k"]);
    }

    #[tokio::test]
    async fn nothing_is_pushed_where_dropping_rows_would_change_the_result() {
        let none: [&str; 0] = [];
        // A LIMIT, a window function or an aggregate over the key lies on the receiver's way.
        for sql in [
            "SELECT * FROM a JOIN (SELECT * FROM b LIMIT 5) b ON a.k = b.k",
            "SELECT * FROM a JOIN (SELECT k, row_number() OVER (ORDER BY j) AS r FROM b) b ON a.k = b.k",
            "SELECT * FROM a JOIN (SELECT max(k) AS k FROM b) b ON a.k = b.k",
            // The preserved side of an outer join keeps its unmatched rows.
            "SELECT * FROM b LEFT JOIN a ON b.k = a.k",
            "SELECT * FROM a FULL JOIN b ON a.k = b.k",
            // NOT IN is NULL-aware: the receiver's NULL keys matter.
            "SELECT * FROM a WHERE a.k NOT IN (SELECT k FROM b)",
            // Read twice: a filter would reach both reads.
            "SELECT * FROM a JOIN b ON a.k = b.k UNION ALL SELECT * FROM b, c WHERE b.j = c.j",
            // No evidence on either side.
            "SELECT * FROM b JOIN c ON b.k = c.k",
        ] {
            assert_eq!(pushes(sql).await, none, "{sql}");
        }
    }

    #[tokio::test]
    async fn semi_anti_and_outer_joins_push_into_the_side_they_drop() {
        assert_eq!(
            pushes("SELECT * FROM a LEFT JOIN b ON a.k = b.k").await,
            ["a.k>b.k"]
        );
        // Without evidence on either side, the preserved side of an outer join sends.
        assert_eq!(
            pushes("SELECT * FROM b LEFT JOIN c ON b.k = c.k").await,
            ["b.k>c.k"]
        );
        assert_eq!(
            pushes("SELECT * FROM c RIGHT JOIN b ON c.k = b.k").await,
            ["b.k>c.k"]
        );
        assert_eq!(
            pushes("SELECT * FROM a WHERE NOT EXISTS (SELECT 1 FROM b WHERE b.k = a.k)").await,
            ["a.k>b.k"]
        );
        assert_eq!(
            pushes("SELECT * FROM b WHERE b.k IN (SELECT k FROM a)").await,
            ["a.k>b.k"]
        );
    }

    #[test]
    fn evidence_weighs_equalities_above_ranges_and_aggregates_below() {
        let with = |p: &[&str], aggregate: bool| {
            let mut x = extract("t", p);
            x.pushed.aggregate = aggregate;
            own_evidence(&x)
        };
        assert_eq!(with(&["\"n\" = 'GERMANY'"], false), 3);
        assert_eq!(with(&["`n` IN ('A', 'B')"], false), 3);
        assert_eq!(with(&["\"p\" LIKE 'forest%'"], false), 2);
        assert_eq!(with(&["\"p\" LIKE '%BRASS'"], false), 1);
        assert_eq!(
            with(
                &["\"d\" >= DATE '1996-01-01'", "\"d\" < DATE '1997-01-01'"],
                false
            ),
            1
        );
        assert_eq!(with(&["\"d\" >= DATE '1996-01-01'"], true), 0);
        assert_eq!(with(&["(sum(\"q\") > 300.00)"], true), 2);
    }

    #[test]
    fn too_many_or_unsupported_keys_are_refused() {
        use datafusion::arrow::array::{Float64Array, Int64Array};
        use datafusion::arrow::datatypes::{Field, Schema};
        use std::sync::Arc;
        let ints = |n: i64| {
            let s = Arc::new(Schema::new(vec![Field::new("k", DataType::Int64, true)]));
            RecordBatch::try_new(
                s,
                vec![Arc::new(Int64Array::from_iter(
                    (0..n).map(Some).chain([None]),
                ))],
            )
            .unwrap()
        };
        let ok = literals(&[ints(3), ints(2)], 0, DbKind::Postgres).unwrap();
        assert_eq!(ok, vec!["0", "1", "2"], "distinct, NULL left out");
        let e = literals(&[ints(MAX_KEYS as i64 + 1)], 0, DbKind::Postgres).unwrap_err();
        assert!(e.contains("more than"), "{e}");
        let s = Arc::new(Schema::new(vec![Field::new("f", DataType::Float64, true)]));
        let b = RecordBatch::try_new(s, vec![Arc::new(Float64Array::from(vec![1.5]))]).unwrap();
        assert!(literals(&[b], 0, DbKind::Postgres).is_err());
    }

    #[test]
    fn strings_are_escaped_per_dialect() {
        assert_eq!(sql_string("a'b\\c", DbKind::Postgres), "'a''b\\c'");
        assert_eq!(sql_string("a'b\\c", DbKind::MariaDb), "'a\\'b\\\\c'");
        assert_eq!(
            filtered_sql("SELECT 1 -- x", "k", '"', &[]),
            "SELECT * FROM (SELECT 1 -- x\n) dvt_keys WHERE 1 = 0"
        );
    }
}
