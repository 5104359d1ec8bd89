//! Physical row ranges (`ctid` pages) of a one-table query, for
//! [`Partitioning::row_ranges`](dvt_io::connector::Partitioning::row_ranges).
//!
//! A range filter must reach the table's scan (`ctid` does not exist above a subquery), so
//! the query is parsed (sqlparser, PostgreSQL dialect) and accepted only when it is
//! `SELECT … FROM one_table [AS alias] [WHERE …]` and nothing else: no join, `WITH`,
//! `DISTINCT`, `GROUP BY`, `HAVING`, `ORDER BY`, `LIMIT`, set operation, window function or
//! well-known aggregate — each output row then comes from one table row, so the union of the
//! ranges' results is the query's result. The range is added to its `WHERE`, qualified by
//! the table's alias or name. PostgreSQL 14+ reads such a range with a TID range scan (only
//! its pages).

use std::ops::ControlFlow;

use sqlparser::ast::{Expr, Query, Select, SetExpr, Statement, TableFactor, visit_expressions};
use sqlparser::dialect::PostgreSqlDialect;
use sqlparser::parser::Parser;

/// Aggregates of PostgreSQL by name: an aggregate without `GROUP BY` makes one row of the
/// whole table, so such a query cannot be split by rows (user-defined aggregates cannot be
/// told from functions by the text; callers split only row-wise queries).
const AGGREGATES: &[&str] = &[
    "array_agg",
    "avg",
    "bit_and",
    "bit_or",
    "bit_xor",
    "bool_and",
    "bool_or",
    "count",
    "every",
    "json_agg",
    "json_object_agg",
    "jsonb_agg",
    "jsonb_object_agg",
    "max",
    "min",
    "range_agg",
    "range_intersect_agg",
    "string_agg",
    "sum",
    "xmlagg",
    "corr",
    "covar_pop",
    "covar_samp",
    "stddev",
    "stddev_pop",
    "stddev_samp",
    "variance",
    "var_pop",
    "var_samp",
    "mode",
    "percentile_cont",
    "percentile_disc",
];

/// A query over one table that physical row ranges can split.
#[derive(Debug, Clone)]
pub(crate) struct RowRangeQuery {
    select: Select,
    /// The table as the query names it (for `to_regclass`).
    table: String,
    /// What `ctid` is qualified by: the alias, else the table's name.
    qualifier: String,
}

impl RowRangeQuery {
    /// The query when it is a row-wise `SELECT` of one table (see the module docs).
    pub(crate) fn parse(query: &str) -> Option<Self> {
        let mut statements = Parser::parse_sql(&PostgreSqlDialect {}, query).ok()?;
        let [Statement::Query(q)] = statements.as_mut_slice() else {
            return None;
        };
        let SetExpr::Select(select) = q.body.as_ref() else {
            return None;
        };
        let [from] = select.from.as_slice() else {
            return None;
        };
        let TableFactor::Table { name, alias, .. } = &from.relation else {
            return None;
        };
        if !only_projection_from_where(q, select) || !row_wise(select) {
            return None;
        }
        let qualifier = match alias {
            Some(a) => a.name.to_string(),
            None => name.to_string(),
        };
        Some(Self {
            table: name.to_string(),
            qualifier,
            select: select.as_ref().clone(),
        })
    }

    /// The table as the query names it (quoted as written), for `to_regclass`.
    pub(crate) fn table(&self) -> &str {
        &self.table
    }

    /// The query restricted to `ctid >= '(lo,0)'` (when `lo > 0`) and `ctid < '(hi,0)'`
    /// (when `hi` is given): every row on pages `lo .. hi`.
    pub(crate) fn range(&self, lo: u64, hi: Option<u64>) -> String {
        let c = format!("{}.ctid", self.qualifier);
        let mut conds: Vec<String> = self
            .select
            .selection
            .iter()
            .map(|w| format!("({w})"))
            .collect();
        if lo > 0 {
            conds.push(format!("{c} >= '({lo},0)'::tid"));
        }
        if let Some(hi) = hi {
            conds.push(format!("{c} < '({hi},0)'::tid"));
        }
        let mut select = self.select.clone();
        select.selection = None;
        if conds.is_empty() {
            select.to_string()
        } else {
            format!("{select} WHERE {}", conds.join(" AND "))
        }
    }
}

/// Whether the query is only `SELECT projection FROM table [alias] [WHERE …]`: the same
/// parts put into a minimal template statement give the same statement (so nothing else —
/// `WITH`, `DISTINCT`, `GROUP BY`, `ORDER BY`, `LIMIT`, a join, `TABLESAMPLE`, … — is there).
fn only_projection_from_where(q: &Query, select: &Select) -> bool {
    let Ok(mut template) = Parser::parse_sql(&PostgreSqlDialect {}, "SELECT 1 FROM t") else {
        return false;
    };
    let Some(Statement::Query(t)) = template.pop() else {
        return false;
    };
    let mut t = *t;
    let SetExpr::Select(ts) = t.body.as_mut() else {
        return false;
    };
    ts.projection = select.projection.clone();
    ts.selection = select.selection.clone();
    if let (
        TableFactor::Table {
            name: tn,
            alias: ta,
            ..
        },
        TableFactor::Table { name, alias, .. },
    ) = (&mut ts.from[0].relation, &select.from[0].relation)
    {
        *tn = name.clone();
        *ta = alias.clone();
    }
    t == *q
}

/// No window function, aggregate, `FILTER` or `WITHIN GROUP` in the projection.
fn row_wise(select: &Select) -> bool {
    let found = visit_expressions(&select.projection, |e| match e {
        Expr::Function(f)
            if f.over.is_some()
                || f.filter.is_some()
                || !f.within_group.is_empty()
                || f.name.0.len() == 1
                    && AGGREGATES.contains(&f.name.to_string().to_ascii_lowercase().as_str()) =>
        {
            ControlFlow::Break(())
        }
        _ => ControlFlow::Continue(()),
    });
    found.is_continue()
}

/// The page ranges `[lo, hi)` of `n` partitions of a table of `pages` pages: at most one per
/// page, the first from page 0 and the last open-ended (`None`), so every row — also on pages
/// added since the size was read — is in exactly one.
pub(crate) fn page_ranges(pages: u64, n: usize) -> Vec<(u64, Option<u64>)> {
    let n = (n.max(1) as u64).min(pages.max(1));
    // Bounds `i * pages / n` rise strictly (n <= pages) and differ by at most one page.
    let bound = |i: u64| i * pages / n;
    (0..n)
        .map(|i| (bound(i), (i + 1 < n).then(|| bound(i + 1))))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_scans_are_split_in_their_where() {
        let q = RowRangeQuery::parse("SELECT \"a\", b + 1 AS c FROM \"public\".\"t\"").unwrap();
        assert_eq!(q.table(), "\"public\".\"t\"");
        assert_eq!(
            q.range(0, None),
            "SELECT \"a\", b + 1 AS c FROM \"public\".\"t\""
        );
        assert_eq!(
            q.range(0, Some(4)),
            "SELECT \"a\", b + 1 AS c FROM \"public\".\"t\" WHERE \"public\".\"t\".ctid < '(4,0)'::tid"
        );
        let q = RowRangeQuery::parse("SELECT x.a FROM t AS x WHERE a > 1 OR b IS NULL").unwrap();
        assert_eq!(
            q.range(4, Some(8)),
            "SELECT x.a FROM t AS x WHERE (a > 1 OR b IS NULL) AND x.ctid >= '(4,0)'::tid AND x.ctid < '(8,0)'::tid"
        );
        assert_eq!(
            q.range(8, None),
            "SELECT x.a FROM t AS x WHERE (a > 1 OR b IS NULL) AND x.ctid >= '(8,0)'::tid"
        );
    }

    #[test]
    fn other_queries_are_not_split() {
        for q in [
            "SELECT count(*) FROM t",
            "SELECT a, row_number() OVER () FROM t",
            "SELECT DISTINCT a FROM t",
            "SELECT a FROM t GROUP BY a",
            "SELECT a FROM t ORDER BY a",
            "SELECT a FROM t LIMIT 3",
            "SELECT a FROM t, u",
            "SELECT a FROM t JOIN u ON t.a = u.a",
            "SELECT a FROM (SELECT a FROM t) s",
            "WITH s AS (SELECT 1) SELECT a FROM t",
            "SELECT a FROM t UNION ALL SELECT a FROM u",
            "SELECT a FROM generate_series(1, 3) a",
            "SELECT 1",
            "SELECT a FROM t; SELECT 1",
            "not sql",
        ] {
            assert!(RowRangeQuery::parse(q).is_none(), "{q}");
        }
    }

    #[test]
    fn page_ranges_cover_every_page_once() {
        assert_eq!(page_ranges(10, 1), vec![(0, None)]);
        assert_eq!(page_ranges(0, 4), vec![(0, None)]);
        assert_eq!(page_ranges(2, 7), vec![(0, Some(1)), (1, None)]);
        assert_eq!(
            page_ranges(10, 3),
            vec![(0, Some(3)), (3, Some(6)), (6, None)]
        );
        for pages in 0..40u64 {
            for n in 1..10 {
                let r = page_ranges(pages, n);
                assert_eq!(r[0].0, 0);
                assert_eq!(r.last().unwrap().1, None);
                for w in r.windows(2) {
                    assert_eq!(w[0].1, Some(w[1].0), "{pages} {n}");
                    assert!(w[0].0 < w[1].0);
                }
            }
        }
    }
}
