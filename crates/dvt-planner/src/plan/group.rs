//! Same-server tables grouped before the split: DataFusion keeps the join order as written
//! (`FROM part, lineitem, partsupp, supplier …` joins part with lineitem first), which can
//! separate tables of one server by a table of another, so the split could push none of their
//! joins. A tree of INNER joins is rebuilt so that the tables of one server that join each
//! other — directly, or through keys that are equal by the tree's conditions (`ps_suppkey =
//! l_suppkey AND s_suppkey = l_suppkey` joins partsupp with supplier) — are joined first, as one
//! subtree the planner can push as one query.
//!
//! A server's tables are grouped only when one of them is filtered by an equality, an IN list
//! or a LIKE: joining whole tables on the server would read their join over one connection,
//! slower than reading them apart in parallel with join keys pushed. Only INNER joins whose
//! keys never match NULL are regrouped: their result does not depend on
//! the order, and a condition implied by the tree's equalities holds on every row of the
//! result, so adding it lower only drops rows the tree drops anyway. Each condition is applied
//! at the lowest join whose inputs have its columns; a projection restores the column order.

use std::collections::BTreeSet;
use std::sync::Arc;

use datafusion::common::tree_node::{Transformed, TreeNode, TreeNodeRecursion};
use datafusion::common::{Column, NullEquality, Result};
use datafusion::logical_expr::utils::{conjunction, split_conjunction_owned};
use datafusion::logical_expr::{
    Expr, Filter, Join, JoinConstraint, JoinType, LogicalPlan, Projection,
};
use datafusion::optimizer::optimize_projections::OptimizeProjections;
use datafusion::optimizer::{OptimizerContext, OptimizerRule};

/// `plan` with the inner-join trees regrouped by server (`server_of` a table's name; tables
/// it does not know belong to no server).
pub(crate) fn by_server(
    plan: LogicalPlan,
    server_of: &dyn Fn(&str) -> Option<String>,
) -> Result<LogicalPlan> {
    if let LogicalPlan::Join(j) = &plan
        && groupable(j)
    {
        let mut tree = Tree::default();
        tree.flatten(plan.clone());
        let mut leaves = Vec::new();
        for leaf in std::mem::take(&mut tree.leaves) {
            leaves.push(by_server(leaf, server_of)?);
        }
        tree.leaves = leaves;
        return tree.rebuild(&plan, server_of);
    }
    plan.map_children(|c| by_server(c, server_of).map(Transformed::yes))
        .map(|t| t.data)
}

fn groupable(j: &Join) -> bool {
    j.join_type == JoinType::Inner
        && j.null_equality == NullEquality::NullEqualsNothing
        && !j.null_aware
}

/// Whether `x` only picks columns of a join of the tree.
fn prunes_a_join(x: &Projection) -> bool {
    matches!(x.input.as_ref(), LogicalPlan::Join(j) if groupable(j))
        && x.expr.iter().all(|e| matches!(e, Expr::Column(_)))
}

/// A flattened tree of inner joins: its inputs and all its conditions.
#[derive(Default)]
struct Tree {
    leaves: Vec<LogicalPlan>,
    on: Vec<(Expr, Expr)>,
    filters: Vec<Expr>,
    /// The leaves each join of the tree as written joins (`start..end`).
    joined: Vec<(usize, usize)>,
}

impl Tree {
    fn flatten(&mut self, p: LogicalPlan) {
        match p {
            LogicalPlan::Join(j) if groupable(&j) => {
                let start = self.leaves.len();
                self.flatten(Arc::unwrap_or_clone(j.left));
                self.flatten(Arc::unwrap_or_clone(j.right));
                self.joined.push((start, self.leaves.len()));
                self.on.extend(j.on);
                self.filters
                    .extend(j.filter.map(split_conjunction_owned).unwrap_or_default());
            }
            // A projection that only prunes columns between two joins of the tree (the
            // optimizer puts them there) is left out: the final projection prunes.
            LogicalPlan::Projection(x) if prunes_a_join(&x) => {
                self.flatten(Arc::unwrap_or_clone(x.input));
            }
            other => self.leaves.push(other),
        }
    }

    /// The leaves of `columns`' owners.
    fn owner(&self, c: &Column) -> Option<usize> {
        self.leaves.iter().position(|l| l.schema().has_column(c))
    }

    /// The tree regrouped, or as written when every server's leaves that join each other are
    /// already joined first.
    fn rebuild(
        mut self,
        original: &LogicalPlan,
        server_of: &dyn Fn(&str) -> Option<String>,
    ) -> Result<LogicalPlan> {
        let classes = self.classes();
        let groups = self.groups(&classes, server_of);
        let as_written = |g: &Vec<usize>| {
            g.len() < 2 || self.joined.iter().any(|&(a, b)| g.iter().copied().eq(a..b))
        };
        if groups.iter().all(as_written) {
            return rebuilt_as_was(original, self.leaves);
        }
        let implied = self.implied(&classes, &groups);
        self.on.extend(implied);
        let mut leaves: Vec<Option<LogicalPlan>> = self.leaves.drain(..).map(Some).collect();
        let mut units = Vec::new();
        for g in &groups {
            let members = g.iter().filter_map(|&i| leaves[i].take()).collect();
            units.push(self.assemble(members)?);
        }
        let mut tree = self.assemble(units)?;
        let rest = std::mem::take(&mut self.on)
            .into_iter()
            .map(|(l, r)| l.eq(r))
            .chain(std::mem::take(&mut self.filters));
        if let Some(pred) = conjunction(rest) {
            tree = LogicalPlan::Filter(Filter::try_new(pred, Arc::new(tree))?);
        }
        let columns = original
            .schema()
            .columns()
            .into_iter()
            .map(Expr::Column)
            .collect();
        let tree = LogicalPlan::Projection(Projection::try_new(columns, Arc::new(tree))?);
        // Each join reads only the columns used above it again (as the optimizer had it).
        OptimizeProjections::new()
            .rewrite(tree, &OptimizerContext::new())
            .map(|t| t.data)
    }

    /// The leaves grouped: those of one server that join each other (by the equalities of
    /// the tree), in the order of their first leaf; every other leaf alone.
    fn groups(
        &self,
        classes: &[BTreeSet<Column>],
        server_of: &dyn Fn(&str) -> Option<String>,
    ) -> Vec<Vec<usize>> {
        let servers: Vec<Option<String>> =
            self.leaves.iter().map(|l| server(l, server_of)).collect();
        let n = self.leaves.len();
        let mut group: Vec<usize> = (0..n).collect();
        for class in classes {
            let owners: Vec<usize> = class.iter().filter_map(|c| self.owner(c)).collect();
            for &a in &owners {
                for &b in &owners {
                    if a < b && servers[a].is_some() && servers[a] == servers[b] {
                        // Each group is labelled by its first leaf.
                        let (lo, hi) = (group[a].min(group[b]), group[a].max(group[b]));
                        group.iter_mut().filter(|g| **g == hi).for_each(|g| *g = lo);
                    }
                }
            }
        }
        let mut out: Vec<Vec<usize>> = Vec::new();
        for i in 0..n {
            if group[i] != i {
                continue;
            }
            let g: Vec<usize> = (0..n).filter(|&k| group[k] == i).collect();
            if g.iter().any(|&k| selective(&self.leaves[k])) {
                out.push(g);
            } else {
                // Without a selective filter the server would join whole tables, one query
                // read over one connection: reading them apart (partitioned, with join keys
                // pushed) is faster. (The catalog's row estimates do not inform this yet.)
                out.extend(g.into_iter().map(|k| vec![k]));
            }
        }
        out.sort();
        out
    }

    /// The columns made equal by the tree's column = column conditions, as classes.
    fn classes(&self) -> Vec<BTreeSet<Column>> {
        let mut classes: Vec<BTreeSet<Column>> = Vec::new();
        for (l, r) in &self.on {
            let (Expr::Column(l), Expr::Column(r)) = (l, r) else {
                continue;
            };
            let mut merged: BTreeSet<Column> = [l.clone(), r.clone()].into();
            classes.retain(|c| {
                let joins = c.contains(l) || c.contains(r);
                if joins {
                    merged.extend(c.iter().cloned());
                }
                !joins
            });
            classes.push(merged);
        }
        classes
    }

    /// Conditions implied by the classes between leaves of one group that no condition of
    /// the tree joins directly.
    fn implied(&self, classes: &[BTreeSet<Column>], groups: &[Vec<usize>]) -> Vec<(Expr, Expr)> {
        let mut out = Vec::new();
        for class in classes {
            for g in groups.iter().filter(|g| g.len() > 1) {
                let mut first: Option<&Column> = None;
                for c in class
                    .iter()
                    .filter(|c| self.owner(c).is_some_and(|o| g.contains(&o)))
                {
                    match first {
                        None => first = Some(c),
                        Some(f) if self.owner(f) != self.owner(c) && !self.pairs(f, c) => {
                            out.push((Expr::Column(f.clone()), Expr::Column(c.clone())));
                        }
                        Some(_) => {}
                    }
                }
            }
        }
        out
    }

    /// `parts` joined left-deep: from the first, each time the first part a pending condition
    /// joins with what is built (else the next part).
    fn assemble(&mut self, mut parts: Vec<LogicalPlan>) -> Result<LogicalPlan> {
        let mut tree = parts.remove(0);
        while !parts.is_empty() {
            let next = parts
                .iter()
                .position(|u| self.connects(&tree, u))
                .unwrap_or(0);
            tree = self.join(tree, parts.remove(next))?;
        }
        Ok(tree)
    }

    /// Whether a condition of the tree is `a = b` (either way round).
    fn pairs(&self, a: &Column, b: &Column) -> bool {
        self.on.iter().any(|(l, r)| match (l, r) {
            (Expr::Column(l), Expr::Column(r)) => (l == a && r == b) || (l == b && r == a),
            _ => false,
        })
    }

    /// Whether a pending condition joins `a` with `b`.
    fn connects(&self, a: &LogicalPlan, b: &LogicalPlan) -> bool {
        self.on
            .iter()
            .any(|(l, r)| (within(l, a) && within(r, b)) || (within(l, b) && within(r, a)))
    }

    /// `a` joined with `b` on the pending conditions between them (taken), and the pending
    /// filters their columns allow.
    fn join(&mut self, a: LogicalPlan, b: LogicalPlan) -> Result<LogicalPlan> {
        let mut on = Vec::new();
        self.on.retain(|(l, r)| {
            if within(l, &a) && within(r, &b) {
                on.push((l.clone(), r.clone()));
            } else if within(l, &b) && within(r, &a) {
                on.push((r.clone(), l.clone()));
            } else {
                return true;
            }
            false
        });
        let j = Join::try_new(
            Arc::new(a),
            Arc::new(b),
            on,
            None,
            JoinType::Inner,
            JoinConstraint::On,
            NullEquality::NullEqualsNothing,
            false,
        )?;
        let mut filters = Vec::new();
        self.filters.retain(|f| {
            let here = f.column_refs().iter().all(|c| j.schema.has_column(c));
            if here {
                filters.push(f.clone());
            }
            !here
        });
        Ok(LogicalPlan::Join(Join {
            filter: conjunction(filters),
            ..j
        }))
    }
}

/// Whether `p` filters a table by an equality or IN list with literals, or by LIKE.
fn selective(p: &LogicalPlan) -> bool {
    p.exists(|n| {
        Ok(match n {
            LogicalPlan::Filter(f) => selective_test(&f.predicate),
            LogicalPlan::TableScan(s) => s.filters.iter().any(selective_test),
            _ => false,
        })
    })
    .unwrap_or(false)
}

fn selective_test(e: &Expr) -> bool {
    use datafusion::logical_expr::Operator;
    match e {
        Expr::BinaryExpr(b) => match b.op {
            Operator::And => selective_test(&b.left) || selective_test(&b.right),
            Operator::Or => selective_test(&b.left) && selective_test(&b.right),
            Operator::Eq => {
                matches!(b.left.as_ref(), Expr::Literal(..))
                    || matches!(b.right.as_ref(), Expr::Literal(..))
            }
            _ => false,
        },
        Expr::InList(l) => !l.negated,
        Expr::Like(l) => !l.negated,
        _ => false,
    }
}

/// Whether every column of `e` is an output of `p` (and it has one).
fn within(e: &Expr, p: &LogicalPlan) -> bool {
    let cols = e.column_refs();
    !cols.is_empty() && cols.iter().all(|c| p.schema().has_column(c))
}

/// The one server all of `p`'s tables live on.
fn server(p: &LogicalPlan, server_of: &dyn Fn(&str) -> Option<String>) -> Option<String> {
    let mut servers = BTreeSet::new();
    let mut unknown = false;
    let _ = p.apply_with_subqueries(|n| {
        if let LogicalPlan::TableScan(s) = n {
            match server_of(s.table_name.table()) {
                Some(x) => {
                    servers.insert(x);
                }
                None => unknown = true,
            }
        }
        Ok(TreeNodeRecursion::Continue)
    });
    match (unknown, servers.len()) {
        (false, 1) => servers.pop_first(),
        _ => None,
    }
}

/// `original` with its leaves replaced by the (regrouped) `leaves`, in the same order.
fn rebuilt_as_was(original: &LogicalPlan, leaves: Vec<LogicalPlan>) -> Result<LogicalPlan> {
    let mut leaves = leaves.into_iter();
    fn put(p: &LogicalPlan, leaves: &mut impl Iterator<Item = LogicalPlan>) -> Result<LogicalPlan> {
        match p {
            LogicalPlan::Join(j) if groupable(j) => {
                let left = put(&j.left, leaves)?;
                let right = put(&j.right, leaves)?;
                Ok(LogicalPlan::Join(Join::try_new(
                    Arc::new(left),
                    Arc::new(right),
                    j.on.clone(),
                    j.filter.clone(),
                    j.join_type,
                    j.join_constraint,
                    j.null_equality,
                    j.null_aware,
                )?))
            }
            LogicalPlan::Projection(x) if prunes_a_join(x) => Ok(LogicalPlan::Projection(
                Projection::try_new(x.expr.clone(), Arc::new(put(&x.input, leaves)?))?,
            )),
            _ => Ok(leaves.next().unwrap_or_else(|| p.clone())),
        }
    }
    put(original, &mut leaves)
}

#[cfg(test)]
mod tests {
    use super::*;
    use datafusion::arrow::array::{Int64Array, RecordBatch};
    use datafusion::arrow::datatypes::{DataType, Field, Schema};
    use datafusion::arrow::util::pretty::pretty_format_batches;
    use datafusion::datasource::MemTable;
    use datafusion::prelude::SessionContext;

    /// Tables `a1`, `a2` (server A) and `b1`, `b2` (server B) of columns `k`, `j`, `v`, with
    /// small overlapping values and NULLs.
    fn context() -> SessionContext {
        let ctx = SessionContext::new();
        for (t, seed) in [("a1", 1i64), ("a2", 2), ("b1", 3), ("b2", 4)] {
            let col = |m: i64| {
                Int64Array::from_iter((0..12i64).map(|i| {
                    let x = (i * (seed + m) + seed) % 5;
                    (x != 4).then_some(x)
                }))
            };
            let schema = Arc::new(Schema::new(
                ["k", "j", "v"]
                    .map(|c| Field::new(c, DataType::Int64, true))
                    .to_vec(),
            ));
            let batch = RecordBatch::try_new(
                schema.clone(),
                vec![Arc::new(col(1)), Arc::new(col(2)), Arc::new(col(3))],
            )
            .unwrap();
            let t_ = MemTable::try_new(schema, vec![vec![batch]]).unwrap();
            ctx.register_table(t, Arc::new(t_)).unwrap();
        }
        ctx
    }

    fn server_of(t: &str) -> Option<String> {
        Some(t[..1].to_uppercase())
    }

    /// The optimized plan of `sql`, regrouped; and both plans' sorted rows.
    async fn regrouped(sql: &str) -> (LogicalPlan, String, String) {
        let ctx = context();
        let state = ctx.state();
        let plan = state
            .optimize(&state.create_logical_plan(sql).await.unwrap())
            .unwrap();
        let grouped = by_server(plan.clone(), &server_of).unwrap();
        let rows = |p: LogicalPlan| {
            let ctx = ctx.clone();
            async move {
                let batches = ctx
                    .execute_logical_plan(p)
                    .await
                    .unwrap()
                    .collect()
                    .await
                    .unwrap();
                let mut lines: Vec<String> = pretty_format_batches(&batches)
                    .unwrap()
                    .to_string()
                    .lines()
                    .map(String::from)
                    .collect();
                lines.sort();
                lines.join("\n")
            }
        };
        let (want, got) = (rows(plan).await, rows(grouped.clone()).await);
        (grouped, want, got)
    }

    /// Whether the plan joins `x` and `y` with each other before any other table.
    fn joined_first(p: &LogicalPlan, x: &str, y: &str) -> bool {
        p.exists(|n| {
            Ok(matches!(n, LogicalPlan::Join(_)) && {
                let mut tables = BTreeSet::new();
                let _ = n.apply(|m| {
                    if let LogicalPlan::TableScan(s) = m {
                        tables.insert(s.table_name.table().to_string());
                    }
                    Ok(TreeNodeRecursion::Continue)
                });
                tables == BTreeSet::from([x.to_string(), y.to_string()])
            })
        })
        .unwrap()
    }

    #[tokio::test]
    async fn same_server_tables_join_first_through_implied_keys() {
        // a1 and a2 meet only through b1's key: a1.k = b1.k AND a2.k = b1.k.
        let (p, want, got) = regrouped(
            "SELECT a1.v, a2.v, b1.v FROM a1 JOIN b1 ON a1.k = b1.k JOIN a2 ON a2.k = b1.k \
             WHERE a2.v = 1",
        )
        .await;
        assert!(joined_first(&p, "a1", "a2"), "{}", p.display_indent());
        assert_eq!(got, want);
        // Two pairs, each on its server, written crosswise, with a filter over both servers.
        let (p, want, got) = regrouped(
            "SELECT * FROM a1, b1, a2, b2 WHERE a1.k = b1.k AND a1.j = a2.j AND b1.j = b2.j \
             AND a2.v + b2.v > 2 AND a1.v IN (1, 2) AND b2.v = 3",
        )
        .await;
        assert!(joined_first(&p, "a1", "a2") && joined_first(&p, "b1", "b2"));
        assert_eq!(got, want);
    }

    #[tokio::test]
    async fn outer_joins_and_unrelated_tables_stay_as_written() {
        for (sql, x, y) in [
            // The LEFT JOIN's NULL rows do not meet a2 as the tree's equalities say.
            (
                "SELECT * FROM a1 LEFT JOIN b1 ON a1.k = b1.k JOIN a2 ON a2.k = b1.k WHERE a2.v = 1",
                "a1",
                "a2",
            ),
            // No selective filter on server A's tables: read apart.
            (
                "SELECT a1.v, a2.v, b1.v FROM a1 JOIN b1 ON a1.k = b1.k JOIN a2 ON a2.k = b1.k \
                 WHERE a2.v > 1",
                "a1",
                "a2",
            ),
            // b1 and b2 are joined through different keys of a1: nothing joins them.
            (
                "SELECT * FROM a1 JOIN b1 ON a1.k = b1.k JOIN b2 ON b2.j = a1.j WHERE b2.v = 1",
                "b1",
                "b2",
            ),
        ] {
            let (p, want, got) = regrouped(sql).await;
            assert!(!joined_first(&p, x, y), "{sql}\n{}", p.display_indent());
            assert_eq!(got, want, "{sql}");
        }
    }
}
