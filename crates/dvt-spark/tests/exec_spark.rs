//! The executed translation checks of `dvt-translate` (`crates/dvt-translate/tests/exec/*.yaml`)
//! on Spark SQL: every case whose targets include `spark` (the default) is translated to Spark
//! SQL, run on the test Spark Connect server over the same fixtures (`people`, `orders`, as
//! temporary views, session time zone UTC) and compared as the other engines' results are
//! (`exec_common`, shared with `dvt-translate`'s `exec`). Known gaps are `skip: {spark: reason}`
//! in the case files. `DVT_EXEC_ONLY=<id part>` runs matching cases only.
//!
//! Skipped (with a note) without the test services (Spark included).

use crate::exec_common::{Engine, Rows, run_cases, spark_fixture_sql, text_rows};
use dvt_io::arrow58::from_arrow58 as batch_from_arrow58;
use dvt_translate::DbKind;
use spark_connect::SparkSession;

struct Spark(SparkSession);

impl Engine for Spark {
    fn available(&self, t: DbKind) -> bool {
        t == DbKind::Spark
    }

    fn query(&self, _: DbKind, sql: &str) -> Result<Rows, String> {
        let df = self.0.sql(sql).map_err(|e| first_line(&e.to_string()))?;
        let batches = df
            .collect_record_batches()
            .map_err(|e| first_line(&e.to_string()))?;
        let batches = batches
            .iter()
            .map(batch_from_arrow58)
            .collect::<Result<Vec<_>, _>>()?;
        text_rows(&batches)
    }
}

/// The server's message without its JVM stack trace.
fn first_line(e: &str) -> String {
    e.lines().take(3).collect::<Vec<_>>().join(" ")
}

#[test]
fn executed_translations_on_spark() {
    let service = dvt_testkit::require_spark!();
    let spark = SparkSession::builder()
        .remote(&service.remote)
        .get_or_create()
        .unwrap();
    let engine = Spark(spark);
    engine
        .query(DbKind::Spark, "SET spark.sql.session.timeZone = UTC")
        .unwrap();
    for stmt in spark_fixture_sql() {
        engine
            .query(DbKind::Spark, &stmt)
            .unwrap_or_else(|e| panic!("spark fixture: {e}\n{stmt}"));
    }
    run_cases(&engine, &[DbKind::Spark]);
}
