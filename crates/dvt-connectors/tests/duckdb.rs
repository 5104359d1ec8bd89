//! The DuckDB connector against real DuckDB database files (feature `duckdb`).

use std::sync::Arc;

use arrow_array::cast::AsArray;
use arrow_array::types::{Date32Type, Decimal128Type, Float64Type, Int64Type};
use arrow_array::{Array, RecordBatch};
use arrow_schema::{DataType, Schema, TimeUnit};
use dvt_connectors::duckdb::DuckDbConnector;
use dvt_io::connector::{Connector, Partitioning, TableName};
use futures::TryStreamExt;

async fn db(dir: &tempfile::TempDir, setup: &str) -> DuckDbConnector {
    let c = DuckDbConnector::at("duck", dir.path().join("t.duckdb"));
    c.execute(setup).await.unwrap();
    c
}

async fn rows(c: &DuckDbConnector, sql: &str) -> (Arc<Schema>, Vec<RecordBatch>) {
    let s = c.extract(sql).await.unwrap();
    let schema = s.schema.clone();
    (schema, s.stream.try_collect().await.unwrap())
}

/// The one integer a query returns.
async fn count(c: &DuckDbConnector, sql: &str) -> i64 {
    let (n, _) = c
        .query_bounds(&format!("SELECT ({sql}), NULL"))
        .await
        .unwrap();
    n.unwrap()
}

const FIXTURE: &str = "
CREATE TYPE mood AS ENUM ('sad', 'happy');
CREATE TABLE t (id BIGINT, name VARCHAR, price DECIMAL(10,2), score DOUBLE, ok BOOLEAN,
                d DATE, ts TIMESTAMP, raw BLOB, big HUGEINT, m mood);
INSERT INTO t VALUES
 (1, 'a', 12.5, 1.25, true, '2024-01-31', '2024-01-31 10:11:12.123456', '\\x01\\x02'::BLOB, 99999999999999999999999999999999999999, 'happy'),
 (2, '', 0, -0.5, false, '1969-07-20', '1969-07-20 20:17:40', ''::BLOB, -1, 'sad'),
 (3, 'ü✓', -99999999.99, NULL, NULL, NULL, NULL, NULL, NULL, NULL),
 (NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL);
";

#[tokio::test]
async fn duckdb_types_become_plain_arrow_types_with_values() {
    let dir = tempfile::tempdir().unwrap();
    let c = db(&dir, FIXTURE).await;
    let (schema, b) = rows(&c, "SELECT * FROM t ORDER BY id NULLS LAST").await;
    let types: Vec<DataType> = schema
        .fields()
        .iter()
        .map(|f| f.data_type().clone())
        .collect();
    assert_eq!(
        types,
        [
            DataType::Int64,
            DataType::Utf8,
            DataType::Decimal128(10, 2),
            DataType::Float64,
            DataType::Boolean,
            DataType::Date32,
            DataType::Timestamp(TimeUnit::Microsecond, None),
            DataType::Binary,
            DataType::Decimal128(38, 0),
            DataType::Utf8, // the ENUM, as its labels
        ]
    );
    assert_eq!(b.len(), 1);
    let b = &b[0];
    assert_eq!(b.num_rows(), 4);
    let ids = b.column(0).as_primitive::<Int64Type>();
    assert_eq!((ids.value(0), ids.value(2), ids.is_null(3)), (1, 3, true));
    let names = b.column(1).as_string::<i32>();
    assert_eq!((names.value(1), names.value(2)), ("", "ü✓"));
    let price = b.column(2).as_primitive::<Decimal128Type>();
    assert_eq!((price.value(0), price.value(2)), (1250, -9_999_999_999));
    assert_eq!(b.column(3).as_primitive::<Float64Type>().value(1), -0.5);
    assert_eq!(b.column(5).as_primitive::<Date32Type>().value(1), -165);
    assert_eq!(b.column(7).as_binary::<i32>().value(0), [1u8, 2]);
    let big = b.column(8).as_primitive::<Decimal128Type>();
    assert_eq!((big.value(0), big.value(1)), (10i128.pow(38) - 1, -1));
    let moods = b.column(9).as_string::<i32>();
    assert_eq!(
        (moods.value(0), moods.value(1), moods.is_null(2)),
        ("happy", "sad", true)
    );
}

#[tokio::test]
async fn many_rows_stream_in_batches_and_partitions_cover_every_row_once() {
    let dir = tempfile::tempdir().unwrap();
    let c = db(
        &dir,
        "CREATE TABLE r AS SELECT range AS i FROM range(100000)",
    )
    .await;
    let (_, b) = rows(&c, "SELECT i FROM r").await;
    let sizes: Vec<usize> = b.iter().map(RecordBatch::num_rows).collect();
    assert_eq!(sizes.iter().sum::<usize>(), 100_000);
    assert!(sizes.len() >= 10, "streamed in pieces: {sizes:?}");
    assert!(sizes.iter().all(|&n| n <= 8192 + 2048), "{sizes:?}");
    let parts = c
        .extract_partitioned(
            "SELECT i FROM r",
            &Partitioning {
                column: "i".into(),
                partitions: 3,
            },
        )
        .await
        .unwrap();
    let mut all: Vec<i64> = Vec::new();
    for p in parts {
        let b: Vec<RecordBatch> = p.stream.try_collect().await.unwrap();
        for x in &b {
            all.extend(x.column(0).as_primitive::<Int64Type>().values().iter());
        }
    }
    all.sort_unstable();
    assert_eq!(all, (0..100_000).collect::<Vec<i64>>());
}

#[tokio::test]
async fn round_trip_through_create_table_and_load() {
    let dir = tempfile::tempdir().unwrap();
    let c = db(&dir, FIXTURE).await;
    let s = c.extract("SELECT * FROM t").await.unwrap();
    let copy = TableName::new(None, "t_copy");
    let losses = c.create_table(&copy, &s.schema).await.unwrap();
    assert!(losses.iter().all(|l| l.is_informational()), "{losses:?}");
    assert_eq!(c.load(&copy, s).await.unwrap(), 4);
    let cols = "id, name, price, score, ok, d, ts, raw, big, CAST(m AS VARCHAR)";
    for (a, b) in [("t", "t_copy"), ("t_copy", "t")] {
        let sql = format!(
            "SELECT COUNT(*) FROM (SELECT {cols} FROM {a} EXCEPT ALL SELECT {cols} FROM {b})"
        );
        assert_eq!(count(&c, &sql).await, 0, "{a} minus {b}");
    }
    let cat = c
        .table(&copy)
        .await
        .unwrap()
        .expect("t_copy in the catalog");
    assert_eq!(cat.columns.len(), 10);
    assert_eq!(cat.columns[2].native_type, "DECIMAL(10,2)");
    assert_eq!(cat.columns[2].ty.to_string(), "decimal(10,2)");
}

#[tokio::test]
async fn a_load_that_fails_midway_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let c = db(
        &dir,
        "CREATE TABLE t (k BIGINT); INSERT INTO t VALUES (42);",
    )
    .await;
    let err = c
        .load(
            &TableName::new(None, "t"),
            crate::common::input_failing_after_two_rows(),
        )
        .await
        .unwrap_err();
    assert!(err.to_string().contains("went away"), "{err}");
    assert_eq!(count(&c, "SELECT COUNT(*) FROM t").await, 1);
    assert_eq!(count(&c, "SELECT MAX(k) FROM t").await, 42);
}

#[tokio::test]
async fn replace_table_swaps_under_a_view_and_a_failed_swap_leaves_the_target() {
    let dir = tempfile::tempdir().unwrap();
    let c = db(
        &dir,
        "CREATE SCHEMA wh;
         CREATE TABLE wh.target (v INTEGER); INSERT INTO wh.target VALUES (1);
         CREATE TABLE wh.stg (v INTEGER); INSERT INTO wh.stg VALUES (2), (3);
         CREATE VIEW wh.report AS SELECT SUM(v) AS s FROM wh.target;",
    )
    .await;
    let target = TableName::new(Some("wh"), "target");
    let e = c
        .replace_table(&TableName::new(Some("wh"), "missing"), &target)
        .await
        .unwrap_err();
    assert_eq!(e.code(), "DVT121", "{e}");
    assert_eq!(count(&c, "SELECT s FROM wh.report").await, 1);
    c.replace_table(&TableName::new(Some("wh"), "stg"), &target)
        .await
        .unwrap();
    // The view, bound when queried, reads the swapped-in table.
    assert_eq!(count(&c, "SELECT s FROM wh.report").await, 5);
    let names: Vec<String> = c
        .catalog(Some("wh"))
        .await
        .unwrap()
        .into_iter()
        .map(|t| t.name.name)
        .collect();
    assert_eq!(names, ["report", "target"]);
}

#[tokio::test]
async fn catalog_has_types_keys_row_counts_and_views_of_a_schema() {
    let dir = tempfile::tempdir().unwrap();
    let c = db(
        &dir,
        "CREATE TABLE k (id INTEGER PRIMARY KEY, v VARCHAR(10) NOT NULL);
         INSERT INTO k VALUES (1, 'a'), (2, 'b'), (3, 'c');
         CREATE TABLE pair (a INTEGER, b INTEGER, PRIMARY KEY (b, a));
         CREATE VIEW kv AS SELECT v FROM k;
         CREATE SCHEMA other; CREATE TABLE other.x (y DATE);",
    )
    .await;
    let cat = c.catalog(None).await.unwrap();
    let names: Vec<&str> = cat.iter().map(|t| t.name.name.as_str()).collect();
    assert_eq!(names, ["k", "kv", "pair"]);
    let k = &cat[0];
    assert_eq!(k.name.schema.as_deref(), Some("main"));
    assert_eq!(k.primary_key, ["id"]);
    assert_eq!(k.row_estimate, Some(3));
    assert_eq!(k.columns[0].ty.to_string(), "int32");
    assert!(!k.columns[0].nullable && !k.columns[1].nullable);
    assert_eq!(cat[1].row_estimate, None, "a view keeps no count");
    assert_eq!(cat[2].primary_key, ["b", "a"]);
    let x = c
        .table(&TableName::new(Some("other"), "x"))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(x.columns[0].ty.to_string(), "date");
    assert_eq!(c.table(&TableName::new(None, "x")).await.unwrap(), None);
    assert!(c.schema_exists("other").await.unwrap());
    assert!(!c.schema_exists("nope").await.unwrap());
    c.create_schema("nope").await.unwrap();
    assert!(c.schema_exists("nope").await.unwrap());
}

#[tokio::test]
async fn a_missing_file_is_not_created_by_reading_and_bad_sql_is_coded() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("typo.duckdb");
    let c = DuckDbConnector::at("src_duck", &path);
    let check = |e: dvt_io::Error, what: &str| {
        assert_eq!(e.code(), "DVT120", "{what}: {e}");
        let m = e.to_string();
        assert!(
            m.contains("src_duck") && m.contains("does not exist"),
            "{what}: {m}"
        );
        assert!(!path.exists(), "{what} created the file");
    };
    check(c.ping().await.unwrap_err(), "ping");
    check(c.catalog(None).await.unwrap_err(), "catalog");
    check(c.extract("SELECT 1").await.unwrap_err(), "extract");
    let t = TableName::new(None, "t");
    assert_eq!(c.target_table(&t).await.unwrap(), None);
    assert!(c.tables_with_prefix(None, "t").await.unwrap().is_empty());
    assert!(c.schema_exists("main").await.unwrap());
    assert!(!path.exists(), "a target check created the file");

    // Through `open`: the profile's `path` and `schema`.
    let mut conn = dvt_core::profiles::Connection::new("tgt", dvt_core::profiles::DbKind::DuckDb);
    conn.path = Some(path.clone());
    conn.schema = Some("wh".into());
    let opened = dvt_connectors::open(&conn).await.unwrap();
    assert_eq!(opened.default_schema().as_deref(), Some("wh"));
    opened.create_schema("wh").await.unwrap();
    assert!(path.exists(), "writing creates the file");
    opened.ping().await.unwrap();
    let e = opened
        .extract("SELECT nope FROM nowhere")
        .await
        .unwrap_err();
    assert_eq!(e.code(), "DVT121");
    assert!(e.to_string().contains("tgt"), "{e}");
}

#[tokio::test]
async fn connectors_on_one_file_share_it_and_release_it_when_dropped() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("shared.duckdb");
    let a = DuckDbConnector::at("a", &path);
    a.execute("CREATE TABLE s AS SELECT range AS i FROM range(10)")
        .await
        .unwrap();
    // A second connector in the same process opens the same database, not a conflicting one.
    let b = DuckDbConnector::at("b", &path);
    let (ra, rb) = tokio::join!(
        count(&a, "SELECT SUM(i) FROM s"),
        count(&b, "SELECT COUNT(*) FROM s")
    );
    assert_eq!((ra, rb), (45, 10));
    drop((a, b));
    // Released: another process's DuckDB may open the file now.
    let out = std::process::Command::new(std::env::current_exe().unwrap())
        .args([
            "--exact",
            "duckdb::reopen_from_another_process",
            "--ignored",
        ])
        .env("DVT_DUCK_REOPEN", &path)
        .output()
        .unwrap();
    let log = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success() && log.contains("1 passed"),
        "{log}{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Run by the test above in a child process: the file it names opens and holds ten rows.
#[tokio::test]
#[ignore = "run by connectors_on_one_file_share_it_and_release_it_when_dropped"]
async fn reopen_from_another_process() {
    let path = std::env::var("DVT_DUCK_REOPEN").expect("set by the parent test");
    let c = DuckDbConnector::at("again", path);
    assert_eq!(count(&c, "SELECT COUNT(*) FROM s").await, 10);
}
