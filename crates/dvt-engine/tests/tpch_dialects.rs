//! TPC-H as users of eight warehouses write it (Snowflake, BigQuery, Databricks, T-SQL, MySQL,
//! Redshift, Trino, DuckDB: `crates/dvt-translate/tests/tpch/<dialect>/qNN.sql`), translated
//! to DataFusion SQL — the embedded engine federated models run on — and run there on TPC-H
//! data (tpchgen, SF 0.01, `DVT_TPCH_SF` overrides): each of the 176 results equals the
//! canonical query's on the same engine (multisets; numbers within 1e-6 relative). No services
//! needed. Spark SQL: dvt-spark's `tpch_dialects_spark`.

use crate::common::dialects::{DIALECTS, datafusion_rows, datafusion_with, query, translate};
use crate::common::{diff_multisets, rows_of, tpch};
use dvt_planner::translate::DbKind;
use dvt_tpch::QUERIES;

/// Routes known not to give TPC-H's answer yet: (dialect directory, query number, reason). The
/// test fails when one of them starts to (remove it from here then).
const KNOWN_GAPS: &[(&str, usize, &str)] = &[];

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn tpch_in_eight_dialects_gives_tpch_answers_on_datafusion() {
    let sf: f64 = std::env::var("DVT_TPCH_SF")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(tpch::SF);
    let ctx = datafusion_with(&tpch::generate(sf));
    let mut oracle = Vec::new();
    for (i, q) in QUERIES.iter().enumerate() {
        let rows = datafusion_rows(&ctx, q.trim().trim_end_matches(';'))
            .await
            .unwrap_or_else(|e| panic!("canonical q{:02} fails on DataFusion: {e}", i + 1));
        assert!(!rows.is_empty(), "canonical q{:02} returns no rows", i + 1);
        oracle.push(rows_of(&rows));
    }
    let mut problems = Vec::new();
    let mut passed = 0;
    for (dir, from) in DIALECTS {
        for n in 1..=22 {
            let outcome = match translate(&query(dir, n), from, DbKind::DataFusion) {
                Err(e) => Some(e),
                Ok(sql) => match datafusion_rows(&ctx, &sql).await {
                    Err(e) => Some(format!("DataFusion failed: {e}\n  SQL: {sql}")),
                    Ok(rows) => diff_multisets(&rows_of(&rows), &oracle[n - 1], tpch::TOLERANCE)
                        .map(|d| format!("wrong result: {d}\n  SQL: {sql}")),
                },
            };
            let known = KNOWN_GAPS.iter().find(|(d, q, _)| *d == dir && *q == n);
            match (outcome, known) {
                (None, None) => passed += 1,
                (None, Some(_)) => problems.push(format!(
                    "{dir} q{n:02} now gives TPC-H's answer: remove it from KNOWN_GAPS"
                )),
                (Some(e), None) => problems.push(format!("{dir} q{n:02}: {e}")),
                (Some(_), Some(_)) => {}
            }
        }
    }
    eprintln!(
        "{passed} of {} routes give TPC-H's answer on DataFusion ({} known gaps)",
        DIALECTS.len() * 22,
        KNOWN_GAPS.len()
    );
    assert!(
        problems.is_empty(),
        "{} problems:\n{}",
        problems.len(),
        problems.join("\n")
    );
}
