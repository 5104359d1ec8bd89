//! The random differential suite (dvt-engine's `common::random`, the same generator, data and
//! comparison the embedded engine's `random_differential` runs) on Spark: each generated query
//! over six tables spread over PostgreSQL, MariaDB and SQLite is planned by
//! `DataFusionPlanner` and run by the Spark Connect executor (extracts over JDBC, the
//! transform in Spark SQL), and its rows are compared with the single-PostgreSQL oracle.
//!
//! Every case is a Spark session with its JDBC reads, so the run is smaller than the embedded
//! one: [`CASES`] cases by default (measured: 3 minutes on a 2-core machine, 0.35 s a case);
//! `DVT_RANDOM_SPARK_CASES` sets the number (as `PROPTEST_CASES` does for the embedded run).
//! The seed is fixed unless `DVT_RANDOM_SEED=random`. The known Spark failures ([`KNOWN`]) are
//! counted and printed. Skipped (with a note) without the test services (Spark included).

#[path = "../../dvt-engine/tests/common/mod.rs"]
mod common;

use std::sync::Arc;

use common::random::query::Pred;
use common::random::runner::{Known, KnownBugs, Suite, within};
use dvt_core::env::ProcessEnv;
use dvt_spark::SparkConnectExecutor;

/// Queries Spark failed on, found by the generator, run before the random ones: a literal
/// backslash in a LIKE pattern (the escape rewrite wrote `!\`: ESC_IN_THE_MIDDLE), ORDER BY
/// after HAVING without GROUP BY (UNRESOLVED_COLUMN), decimal division and days between
/// dates in a transform written from the plan.
const REGRESSIONS: &[&str] = &[
    r"SELECT x.s AS c0 FROM {b} x WHERE x.s LIKE '%\\%' ESCAPE '\'",
    "SELECT COUNT(x0.s) AS c0 FROM {e} x0 JOIN {b} x1 ON x1.k = x0.k HAVING COUNT(*) > 0 ORDER BY c0",
    "SELECT AVG(x1.n) AS c0 FROM {a} x0 JOIN {b} x1 ON x0.k = x1.k",
    "SELECT x0.k AS c0 FROM {a} x0 JOIN {c} x1 ON x0.k = x1.k WHERE x1.d - DATE '2000-01-01' > 0",
];

/// Cases per run unless `DVT_RANDOM_SPARK_CASES` says otherwise.
const CASES: u32 = 500;

/// Known bugs of the planner's Spark SQL (crates/dvt-planner/src/translate) and of Spark that
/// the generator still produces: counted and printed, not failed (see `KnownBugs`); absent
/// from a run of 1,000 cases or more, a bug not in `rare` fails the test.
const KNOWN: KnownBugs = KnownBugs {
    list: KNOWN_LIST,
    // Hit a few times in 500 cases, or not at all.
    rare: &[],
    min_cases: 1000,
};

/// The bugs: (name, does this query, its plan and the problem show it).
const KNOWN_LIST: &[Known] = &[
    (
        "date - date compared with a number when the transform is the model's own SQL (the plan holds a subquery dvt's SQL generation cannot write, e.g. `IN (SELECT … WHERE y.d - DATE '2000-01-01' = -1)` under OR): Spark gets `d1 - d2` unchanged, an INTERVAL DAY there (BINARY_OP_DIFF_TYPES); a transform written from the plan casts it to the days",
        |_, _, p| p.contains("BINARY_OP_DIFF_TYPES") && p.contains("\"INTERVAL DAY\""),
    ),
    (
        "decimal division and AVG keep Spark's 6 fractional digits, not PostgreSQL's 16 or more, when the transform is the model's own SQL (a subquery dvt's SQL generation cannot write): a transform written from the plan carries the decimal rule's casts",
        |q, _, p| {
            let t = q.template();
            (t.contains(" / ") || t.contains("AVG(")) && within(p, 1e-6)
        },
    ),
    (
        "`(x IN (subquery)) IS [NOT] NULL` when the transform is the model's own SQL: Spark SQL evaluates such an IN as TRUE or FALSE, never NULL, so the plan refuses Spark (DVT519, run it on the embedded engine) rather than return other rows",
        |q, _, p| {
            p.contains("DVT519")
                && q.filter
                    .as_ref()
                    .is_some_and(|f| in_under_is_null(f, false))
        },
    ),
];

/// Whether an `IN (subquery)` sits under `(…) IS [NOT] NULL` in `p`.
fn in_under_is_null(p: &Pred, under: bool) -> bool {
    match p {
        Pred::In(..) => under,
        Pred::IsNull(_, a) => in_under_is_null(a, true),
        Pred::Not(a) => in_under_is_null(a, under),
        Pred::And(a, b) | Pred::Or(a, b) => {
            in_under_is_null(a, under) || in_under_is_null(b, under)
        }
        Pred::Leaf(..) | Pred::Cols(..) | Pred::Exists(..) => false,
    }
}

#[test]
fn random_queries_on_spark_equal_the_single_database_oracle() {
    let spark = dvt_testkit::require_spark!();
    let executor = SparkConnectExecutor::new("spark", spark.remote, &ProcessEnv)
        .with_config([("spark.sql.shuffle.partitions".into(), "4".into())]);
    Suite {
        name: "spark",
        executor: Arc::new(executor),
        cases_var: "DVT_RANDOM_SPARK_CASES",
        cases: CASES,
        regressions: REGRESSIONS,
        known: KNOWN,
    }
    .run();
}
