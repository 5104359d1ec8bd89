//! Queries DataFusion 55.2 answers wrongly by default, run through the engine's session
//! (`engine_context`, without the unsound physical filter pushdown) and its null-aware `IN`
//! rewrite: each must give what PostgreSQL gives.

use datafusion::arrow::array::{Array, AsArray};
use datafusion::arrow::compute::cast;
use datafusion::arrow::datatypes::DataType;
use datafusion::prelude::SessionContext;
use dvt_engine::executor::engine_context;
use dvt_engine::null_aware::null_aware_in;

async fn rows(ctx: &SessionContext, sql: &str) -> Vec<Vec<Option<String>>> {
    let plan = ctx
        .state()
        .create_logical_plan(sql)
        .await
        .and_then(null_aware_in)
        .unwrap_or_else(|e| panic!("{sql}: {e}"));
    let batches = ctx
        .execute_logical_plan(plan)
        .await
        .unwrap()
        .collect()
        .await
        .unwrap_or_else(|e| panic!("{sql}: {e}"));
    let mut out = Vec::new();
    for b in batches {
        let cols: Vec<_> = b
            .columns()
            .iter()
            .map(|c| cast(c, &DataType::Utf8).unwrap())
            .collect();
        for r in 0..b.num_rows() {
            out.push(
                cols.iter()
                    .map(|c| (!c.is_null(r)).then(|| c.as_string::<i32>().value(r).to_string()))
                    .collect(),
            );
        }
    }
    out.sort();
    out
}

fn r(v: &[Option<&str>]) -> Vec<Option<String>> {
    v.iter().map(|x| x.map(str::to_string)).collect()
}

async fn tables() -> SessionContext {
    let ctx = engine_context();
    for s in [
        "CREATE TABLE a (k INT, v INT, s VARCHAR) AS VALUES (1, 1, 'a'), (NULL, 2, 'b'), (NULL, NULL, NULL), (3, 3, 'c')",
        "CREATE TABLE b (k INT, v INT, s VARCHAR) AS VALUES (1, 1, 'x'), (NULL, 5, 'y'), (4, 4, NULL)",
        "CREATE TABLE c (k BIGINT, v BIGINT, s VARCHAR) AS VALUES (1, 1, 'a'), (NULL, 2, 'b'), (NULL, 0, 'q')",
    ] {
        ctx.sql(s).await.unwrap().collect().await.unwrap();
    }
    ctx
}

#[tokio::test]
async fn filters_above_a_swapped_outer_join_stay_on_their_side() {
    let ctx = tables().await;
    // The physical filter pushdown put `x0.s IS NULL` on a's `s`: one row instead of two.
    assert_eq!(
        rows(&ctx, "SELECT x1.v, x1.s FROM b x0 RIGHT JOIN a x1 ON x1.k = x0.k WHERE x0.s IS NULL AND x1.k IS NULL").await,
        [r(&[None, None]), r(&[Some("2"), Some("b")])]
    );
    // … and compared a's Int32 `k` with c's Int64 `k` (an execution error).
    assert_eq!(
        rows(&ctx, "SELECT COUNT(x1.v) FROM a x0 RIGHT JOIN (SELECT z.k, z.v, z.s FROM c z WHERE z.k IS NULL) x1 ON x1.k = x0.k WHERE NOT (x1.s = '') AND (x0.k = 0 OR COALESCE(x0.k, 0) = 0)").await,
        [r(&[Some("2")])]
    );
}

#[tokio::test]
async fn in_subqueries_under_or_and_not_are_three_valued() {
    let ctx = tables().await;
    let cases: &[(&str, &[&[Option<&str>]])] = &[
        // a.k holds NULLs: NOT IN is never TRUE.
        (
            "SELECT k FROM b WHERE v = 5 OR k NOT IN (SELECT k FROM a)",
            &[&[None]],
        ),
        (
            "SELECT k FROM b WHERE v = 5 OR k NOT IN (SELECT k FROM a WHERE k IS NOT NULL)",
            &[&[None], &[Some("4")]],
        ),
        // Correlated, under NOT; an empty set makes IN FALSE.
        (
            "SELECT k, v FROM b WHERE v = 5 OR NOT (k IN (SELECT y.k FROM a y WHERE y.v = b.v))",
            &[&[None, Some("5")], &[Some("4"), Some("4")]],
        ),
        // The UNKNOWN itself is visible.
        (
            "SELECT k, v FROM b WHERE (v = 1 OR k IN (SELECT y.k FROM a y WHERE y.v < 3)) IS NULL",
            &[&[None, Some("5")], &[Some("4"), Some("4")]],
        ),
        // A top-level NOT IN is left to DataFusion's null-aware anti join.
        ("SELECT k FROM b WHERE k NOT IN (SELECT k FROM a)", &[]),
        // IN of an empty set is FALSE even for a NULL key.
        (
            "SELECT v FROM b WHERE NOT (k IN (SELECT k FROM a WHERE v > 100))",
            &[&[Some("1")], &[Some("4")], &[Some("5")]],
        ),
    ];
    for (sql, want) in cases {
        let want: Vec<_> = want.iter().map(|x| r(x)).collect();
        assert_eq!(rows(&ctx, sql).await, want, "{sql}");
    }
}
