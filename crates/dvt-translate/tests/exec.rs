//! Executed translation checks: `tests/exec/<source dialect>[.<topic>].yaml`, each a list of cases whose
//! SQL is translated to every target engine, **run there**, and whose rows are compared with the
//! expected rows.
//!
//! ```yaml
//! - id: sf_datediff_month_end          # unique over all files
//!   sql: SELECT DATEDIFF(month, '2024-01-31'::date, '2024-02-29'::date)
//!   rows: [[1]]                         # expected rows; null is SQL NULL
//!   ordered: false                      # default: compare as multisets; true: row order matters
//!   targets: [postgres, sqlite]         # default: postgres, mariadb, sqlite, datafusion, spark
//!   errors: {sqlite: DVT301}            # targets where the translation must fail with this code
//!   skip: "reason"                      # or {mariadb: "reason"}: a known translator bug
//!   note: why the case exists
//! ```
//!
//! Engines (all real): PostgreSQL 15 and MariaDB 10.11 through `dvt-testkit` (one temporary
//! database each per run; skipped with a note when `DVT_TEST_SERVICES` is unset), SQLite
//! (`rusqlite`, bundled, in memory) and DataFusion (in memory, with `datafusion-functions-json`)
//! here; Spark SQL through the test Spark Connect server in `dvt-spark`'s `exec_spark`. The
//! suite (format, fixtures, normalization, the loop) is `exec_common`, shared by both.
//! Every engine gets the same fixture tables, `people` and `orders` ([`PEOPLE`], [`ORDERS`]),
//! created in its own SQL.
//!
//! Normalization of a value before comparing (both sides):
//! - NULL equals only NULL;
//! - `t`/`true` → `1`, `f`/`false` → `0` (case-insensitive), so booleans compare with 1/0;
//! - a timestamp `YYYY-MM-DD[T ]HH:MM:SS[.fff]` is written with a space, zero fractions are
//!   dropped, and `00:00:00` is dropped: a date equals the same timestamp at midnight;
//! - values that parse as numbers compare numerically, with a relative tolerance of 1e-6
//!   (so `12.50` = `12.5` = `12.500000`, but `3` ≠ `3.5`);
//! - text that parses as a JSON object or array is re-serialized compactly (`{"a": 1}` =
//!   `{"a":1}`);
//! - everything else compares as exact text (case, whitespace and quotes matter).
//!
//! Unordered cases compare as multisets (both sides sorted by their normalized form).
//! Every mismatch is reported with the source SQL, the translated SQL, and got vs want.

use crate::exec_common::{Engine, Rows, fixture_sql, normalize, run_cases, same, text_rows};
use datafusion::prelude::SessionContext;
use dvt_translate::DbKind;

/// The engines this test runs (Spark: `dvt-spark`'s `exec_spark`).
const HERE: [DbKind; 4] = [
    DbKind::Postgres,
    DbKind::MariaDb,
    DbKind::Sqlite,
    DbKind::DataFusion,
];

struct Engines<'a> {
    pg: Option<dvt_testkit::TempDatabase<'a, dvt_testkit::PgService>>,
    maria: Option<dvt_testkit::TempDatabase<'a, dvt_testkit::MariaService>>,
    sqlite: rusqlite::Connection,
    df: SessionContext,
    rt: tokio::runtime::Runtime,
}

impl Engine for Engines<'_> {
    fn available(&self, t: DbKind) -> bool {
        match t {
            DbKind::Postgres => self.pg.is_some(),
            DbKind::MariaDb => self.maria.is_some(),
            _ => HERE.contains(&t),
        }
    }

    fn query(&self, t: DbKind, sql: &str) -> Result<Rows, String> {
        match t {
            DbKind::Postgres => self
                .pg
                .as_ref()
                .expect("available")
                .try_query_strings(sql)
                .map_err(|e| e.to_string()),
            DbKind::MariaDb => self
                .maria
                .as_ref()
                .expect("available")
                .try_query_strings(sql)
                .map_err(|e| e.to_string()),
            DbKind::Sqlite => sqlite_query(&self.sqlite, sql).map_err(|e| e.to_string()),
            DbKind::DataFusion => self.rt.block_on(df_query(&self.df, sql)),
            other => panic!("no engine for {other}"),
        }
    }
}

fn sqlite_query(conn: &rusqlite::Connection, sql: &str) -> rusqlite::Result<Rows> {
    use rusqlite::types::ValueRef;
    let mut stmt = conn.prepare(sql)?;
    let n = stmt.column_count();
    let mut rows = stmt.query([])?;
    let mut out = Rows::new();
    while let Some(row) = rows.next()? {
        let mut r = Vec::with_capacity(n);
        for i in 0..n {
            r.push(match row.get_ref(i)? {
                ValueRef::Null => None,
                ValueRef::Integer(v) => Some(v.to_string()),
                ValueRef::Real(v) => Some(v.to_string()),
                ValueRef::Text(t) => Some(String::from_utf8_lossy(t).into_owned()),
                ValueRef::Blob(b) => Some(String::from_utf8_lossy(b).into_owned()),
            });
        }
        out.push(r);
    }
    Ok(out)
}

async fn df_query(ctx: &SessionContext, sql: &str) -> Result<Rows, String> {
    let batches = ctx
        .sql(sql)
        .await
        .map_err(|e| e.to_string())?
        .collect()
        .await
        .map_err(|e| e.to_string())?;
    text_rows(&batches)
}

#[test]
fn executed_translations() {
    let pg_service = dvt_testkit::postgres();
    let maria_service = dvt_testkit::mariadb();
    if pg_service.is_none() || maria_service.is_none() {
        eprintln!(
            "skipped: PostgreSQL and MariaDB targets ({} is not set; run ./scripts/test.sh)",
            dvt_testkit::SERVICES_VAR
        );
    }
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let engines = Engines {
        pg: pg_service.as_ref().map(|s| s.temp_database("dvt_exec")),
        maria: maria_service.as_ref().map(|s| s.temp_database("dvt_exec")),
        sqlite: rusqlite::Connection::open_in_memory().unwrap(),
        df: {
            let mut ctx = SessionContext::new();
            datafusion_functions_json::register_all(&mut ctx).unwrap();
            ctx
        },
        rt,
    };
    for t in HERE {
        if !engines.available(t) {
            continue;
        }
        for stmt in fixture_sql(t) {
            match t {
                DbKind::Postgres => engines.pg.as_ref().unwrap().execute_batch(&stmt),
                DbKind::MariaDb => engines.maria.as_ref().unwrap().execute_batch(&stmt),
                DbKind::Sqlite => engines.sqlite.execute_batch(&stmt).unwrap(),
                _ => {
                    engines
                        .rt
                        .block_on(df_query(&engines.df, &stmt))
                        .unwrap_or_else(|e| panic!("datafusion fixture: {e}\n{stmt}"));
                }
            }
        }
    }
    run_cases(&engines, &HERE);
}

#[test]
fn normalization_is_strict_enough() {
    let m = |a: &str, b: &str| same(&normalize(&Some(a.into())), &normalize(&Some(b.into())));
    assert!(m("12.50", "12.5"));
    assert!(m("t", "true") && m("true", "1") && m("f", "0"));
    assert!(m("2024-02-29", "2024-02-29 00:00:00"));
    assert!(m("2024-02-29T00:00:00", "2024-02-29 00:00:00.000"));
    assert!(m("2024-02-29T10:00:00.000", "2024-02-29 10:00:00"));
    assert!(m(r#"{"a": 1}"#, r#"{"a":1}"#));
    assert!(!m("3", "3.5"));
    assert!(!m("2024-02-29", "2024-02-29 00:00:01"));
    assert!(!m("Alice", "alice"));
    assert!(!m("a", "a "));
    assert!(!same(&normalize(&None), &normalize(&Some(String::new()))));
}
