//! The random differential suite (`crate::common::random`) on the embedded engine
//! (`EmbeddedExecutor`): proptest-generated PostgreSQL-dialect queries over six tables spread
//! over PostgreSQL, MariaDB and SQLite, planned by `DataFusionPlanner` and compared with a
//! single-PostgreSQL oracle.
//!
//! The queries cover INNER / LEFT / RIGHT / FULL joins across servers and within one server
//! (then the whole query runs on that server, translated to its dialect), self joins, derived
//! tables, `IS [NOT] NULL`, `COALESCE(x, k) = v`, comparisons (integers, strings, dates,
//! days between dates, timestamps and their days), AND / OR / NOT, `[NOT] IN` and
//! `[NOT] EXISTS` subqueries, `LIKE` with and without `ESCAPE '\'` (the strings hold `%`, `_`
//! and `\`), decimal division, ROUND, GROUP BY with COUNT / COUNT(DISTINCT) / SUM / MIN / MAX /
//! AVG (decimal AVG, grouped or not) and HAVING, DISTINCT, UNION ALL, and LIMIT — with an
//! ORDER BY over every output column (a total order up to identical rows, so the multiset is
//! deterministic), or without one (then only the row count is compared).
//!
//! `PROPTEST_CASES` sets the number of cases (default [`CASES`]); the seed is fixed unless
//! `DVT_RANDOM_SEED=random`. A mismatch prints the query, its plan and both results, after
//! shrinking. Skipped (with a note) without the test services.

use std::sync::Arc;

use crate::common::random::runner::{KnownBugs, SAME_NAMED_SUBQUERY_AGGREGATES, Suite};
use dvt_engine::EmbeddedExecutor;

/// Cases per run unless `PROPTEST_CASES` says otherwise.
const CASES: u32 = 2000;

/// Issue 13's minimal queries (`a`, `d` on PostgreSQL, `b`, `e` on MariaDB, `c`, `f` on
/// SQLite), run before the random ones.
const REGRESSIONS: &[&str] = &[
    // A: `(NOT x) IS [NOT] NULL` kept its parentheses (SQLite's extract read
    // `NOT "b" IS NULL`).
    "SELECT x0.k AS c0 FROM {a} x0 JOIN {c} x1 ON x0.k = x1.k WHERE (NOT x1.b) IS NULL",
    "SELECT x0.k AS c0 FROM {a} x0 JOIN {b} x1 ON x0.k = x1.k WHERE (NOT x1.b) IS NOT NULL",
    "SELECT x.k AS c0 FROM {c} x WHERE (NOT x.b) IS NULL UNION ALL SELECT x.k FROM {b} x WHERE (NOT x.b) IS NOT NULL",
    // B: `date ± integer` is days (MariaDB and SQLite read a number), intervals.
    "SELECT x0.k AS c0 FROM {b} x0 WHERE (x0.d + 30) > DATE '2000-03-01'",
    "SELECT x0.k AS c0 FROM {c} x0 WHERE (x0.d + 30) > DATE '2000-03-01'",
    "SELECT x0.d + 30 AS c0 FROM {b} x0",
    "SELECT x0.d - 1 AS c0 FROM {c} x0",
    "SELECT x0.k AS c0 FROM {a} x0 JOIN {c} x1 ON x0.k = x1.k WHERE x1.d + 1 > DATE '2000-03-01'",
    "SELECT x0.k AS c0 FROM {a} x0 JOIN {e} x1 ON x0.k = x1.k WHERE x1.d - INTERVAL '1 month' < DATE '2000-02-01'",
    // C: decimal division and AVG keep PostgreSQL's digits, rounded.
    "SELECT x1.n / 7 AS c0 FROM {a} x0 JOIN {c} x1 ON x0.k = x1.k",
    "SELECT AVG(x0.n) AS c0, AVG(x1.n) AS c1 FROM {a} x0 JOIN {b} x1 ON x0.k = x1.k",
    "SELECT x0.k AS c0, -0.50 / 7 AS c1 FROM {d} x0",
    // D: IN / EXISTS in a select list, ROUND compared and unioned, UNION ALL across servers
    // under GROUP BY.
    "SELECT CASE WHEN x0.k IN (SELECT y.k FROM {b} y) THEN 1 ELSE 0 END AS c0 FROM {a} x0",
    "SELECT CASE WHEN x0.v NOT IN (SELECT y.v FROM {c} y WHERE y.v > 0) THEN 1 ELSE 0 END AS c0 FROM {a} x0",
    "SELECT CASE WHEN EXISTS (SELECT 1 FROM {c} y WHERE y.k = x0.k) THEN 'y' ELSE 'n' END AS c0 FROM {a} x0",
    "SELECT x0.k AS c0 FROM {a} x0 JOIN {c} x1 ON x0.k = x1.k WHERE ROUND(x1.n, 1) < x1.n",
    "SELECT ROUND(x.n, 1) AS c0 FROM {a} x UNION ALL SELECT x.n FROM {c} x",
    "SELECT u.c0 AS c0, COUNT(*) AS c1 FROM (SELECT x.k AS c0 FROM {a} x UNION ALL SELECT x.k FROM {b} x UNION ALL SELECT x.k FROM {c} x) u GROUP BY u.c0",
    // Found by the generator: ORDER BY over a CASE of IN subqueries (DataFusion's sanity
    // check refused the sort), LIKE with another escape character than the backslash.
    "SELECT x0.k AS c0, CASE WHEN x0.k IN (SELECT y.k FROM {b} y WHERE y.t IS NULL) THEN 1 ELSE 0 END AS c1 FROM {a} x0 ORDER BY c0, c1 LIMIT 1",
    "SELECT x.k AS c0 FROM {b} x WHERE x.s LIKE 'a!_' ESCAPE '!'",
    "SELECT x.k AS c0 FROM {c} x WHERE x.s LIKE '!%%' ESCAPE '!'",
    "SELECT CASE WHEN x0.k IN (SELECT y.k FROM {a} y) THEN 1 ELSE 0 END AS c0 FROM {c} x0 WHERE x0.n / 7 = 1",
    // A folded float constant under SUM, pushed to PostgreSQL (read back as an unconstrained
    // numeric with 10 places).
    "SELECT SUM(-0.50 / 7) AS c0 FROM {d} x0",
    // String tests sent to case-insensitive / PAD SPACE sources as wider filters (MariaDB:
    // 'a' = 'A' = 'a '; SQLite: LIKE ignores ASCII case and has no default escape).
    "SELECT x.k AS c0, x.s AS c1 FROM {b} x WHERE x.s = 'a' OR x.s IN ('B', 'ab')",
    "SELECT x.k AS c0, x.s AS c1 FROM {f} x WHERE x.s LIKE 'a%' AND x.v > 0",
    r"SELECT x.n AS c0 FROM {c} x WHERE x.s LIKE 'a\_'",
    // A mixed-case quoted column on every server.
    "SELECT x0.k AS c0, x1.\"MiXeD\" AS c1 FROM {a} x0 JOIN {c} x1 ON x0.\"MiXeD\" = x1.\"MiXeD\" JOIN {b} x2 ON x2.\"MiXeD\" = x1.\"MiXeD\"",
];

/// Known bugs of the planner and the embedded engine that the generator still produces:
/// counted and printed, not failed (see `KnownBugs`); absent from a run of 2,000 cases or
/// more, a bug not in `rare` fails the test (then remove it from here).
const KNOWN: KnownBugs = KnownBugs {
    list: &[SAME_NAMED_SUBQUERY_AGGREGATES],
    // Two such aggregates in one query: a few in thousands of cases.
    rare: &["two aggregates over different CASEs"],
    min_cases: 2000,
};

#[test]
fn random_queries_over_three_servers_equal_the_single_database_oracle() {
    Suite {
        name: "embedded",
        executor: Arc::new(EmbeddedExecutor::default()),
        cases_var: "PROPTEST_CASES",
        cases: CASES,
        regressions: REGRESSIONS,
        known: KNOWN,
        duckdb: true,
    }
    .run();
}
