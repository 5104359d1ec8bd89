//! The SQLite connector against real SQLite database files.

use std::sync::Arc;

use arrow_array::cast::AsArray;
use arrow_array::types::{
    Date32Type, Decimal128Type, Float64Type, Int64Type, TimestampMicrosecondType,
};
use arrow_array::{Array, Int64Array, RecordBatch, StringArray};
use arrow_schema::{DataType, Field, Schema};
use dvt_connectors::sqlite::SqliteConnector;
use dvt_io::connector::{Connector, Partitioning, SchemaStream, TableName};
use futures::TryStreamExt;

fn db(dir: &tempfile::TempDir, setup: &str) -> SqliteConnector {
    let path = dir.path().join("t.db");
    let c = rusqlite::Connection::open(&path).unwrap();
    c.execute_batch(setup).unwrap();
    SqliteConnector::at("lite", path)
}

async fn rows(c: &SqliteConnector, sql: &str) -> (Arc<Schema>, Vec<RecordBatch>) {
    let s = c.extract(sql).await.unwrap();
    let schema = s.schema.clone();
    (schema, s.stream.try_collect().await.unwrap())
}

fn text(c: &SqliteConnector, sql: &str) -> Vec<Vec<Option<String>>> {
    let conn = rusqlite::Connection::open(c.path()).unwrap();
    let mut st = conn.prepare(sql).unwrap();
    let n = st.column_count();
    st.query_map([], |r| {
        (0..n)
            .map(|i| {
                r.get::<_, rusqlite::types::Value>(i).map(|v| match v {
                    rusqlite::types::Value::Null => None,
                    rusqlite::types::Value::Integer(i) => Some(i.to_string()),
                    rusqlite::types::Value::Real(f) => Some(f.to_string()),
                    rusqlite::types::Value::Text(t) => Some(t),
                    rusqlite::types::Value::Blob(b) => Some(format!("{b:?}")),
                })
            })
            .collect()
    })
    .unwrap()
    .collect::<Result<_, _>>()
    .unwrap()
}

const FIXTURE: &str = "
CREATE TABLE t (id INTEGER, name TEXT, price NUMERIC(10,2), score REAL, ok BOOLEAN,
                d DATE, ts TIMESTAMP, raw BLOB);
INSERT INTO t VALUES
 (1, 'a', 12.5, 1.25, 1, '2024-01-31', '2024-01-31 10:11:12.123456', x'0102'),
 (2, '', 0, -0.5, 0, '1969-07-20', '1969-07-20 20:17:40', x''),
 (3, 'ü✓', -99999999.99, NULL, NULL, NULL, NULL, NULL),
 (NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL);
";

#[tokio::test]
async fn declared_types_become_arrow_types_with_values() {
    let dir = tempfile::tempdir().unwrap();
    let c = db(&dir, FIXTURE);
    let (schema, batches) = rows(&c, "SELECT * FROM t ORDER BY id IS NULL, id").await;
    let types: Vec<&DataType> = schema.fields().iter().map(|f| f.data_type()).collect();
    assert_eq!(
        types,
        vec![
            &DataType::Int64,
            &DataType::Utf8,
            &DataType::Decimal128(10, 2),
            &DataType::Float64,
            &DataType::Boolean,
            &DataType::Date32,
            &DataType::Timestamp(arrow_schema::TimeUnit::Microsecond, None),
            &DataType::Binary,
        ]
    );
    assert_eq!(batches.len(), 1);
    let b = &batches[0];
    assert_eq!(b.num_rows(), 4);
    let ids = b.column(0).as_primitive::<Int64Type>();
    assert_eq!(ids.value(2), 3);
    assert!(ids.is_null(3));
    let names = b.column(1).as_string::<i32>();
    assert_eq!(names.value(1), "");
    assert!(!names.is_null(1), "an empty string is not NULL");
    assert_eq!(names.value(2), "ü✓");
    let prices = b.column(2).as_primitive::<Decimal128Type>();
    assert_eq!(prices.value(0), 1250);
    assert_eq!(prices.value(2), -9_999_999_999);
    assert_eq!(b.column(3).as_primitive::<Float64Type>().value(1), -0.5);
    assert!(b.column(4).as_boolean().value(0));
    assert!(!b.column(4).as_boolean().value(1));
    let d = b.column(5).as_primitive::<Date32Type>();
    assert_eq!(d.value(1), -165); // 1969-07-20
    let ts = b.column(6).as_primitive::<TimestampMicrosecondType>();
    assert_eq!(ts.value(0), 1_706_695_872_123_456);
    assert_eq!(ts.value(1), -14_182_940_000_000);
    assert_eq!(b.column(7).as_binary::<i32>().value(0), &[1u8, 2]);
    for col in b.columns() {
        assert!(col.is_null(3), "the all-NULL row stays NULL");
    }
}

#[tokio::test]
async fn expression_columns_take_the_type_of_their_values() {
    let dir = tempfile::tempdir().unwrap();
    let c = db(&dir, FIXTURE);
    let (schema, batches) = rows(
        &c,
        "SELECT count(*) AS n, sum(score) AS s, max(name) AS m, NULL AS z FROM t",
    )
    .await;
    let types: Vec<&DataType> = schema.fields().iter().map(|f| f.data_type()).collect();
    assert_eq!(
        types,
        vec![
            &DataType::Int64,
            &DataType::Float64,
            &DataType::Utf8,
            &DataType::Utf8
        ]
    );
    assert_eq!(batches[0].column(0).as_primitive::<Int64Type>().value(0), 4);
    assert_eq!(
        batches[0].column(1).as_primitive::<Float64Type>().value(0),
        0.75
    );
}

#[tokio::test]
async fn a_real_in_an_integer_column_is_an_error_not_a_truncation() {
    let dir = tempfile::tempdir().unwrap();
    let c = db(
        &dir,
        "CREATE TABLE t (k INTEGER); INSERT INTO t VALUES (1), (2.5);",
    );
    let s = c.extract("SELECT k FROM t").await.unwrap();
    let err = s.stream.try_collect::<Vec<_>>().await.unwrap_err();
    assert_eq!(err.code(), "DVT123", "{err}");
    assert!(err.to_string().contains("column k"), "{err}");
}

#[tokio::test]
async fn many_rows_stream_in_several_batches_and_partitions_cover_every_row_once() {
    let dir = tempfile::tempdir().unwrap();
    let c = db(
        &dir,
        "CREATE TABLE big (k INTEGER, v TEXT);
         WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 20000)
         INSERT INTO big SELECT CASE WHEN i % 97 = 0 THEN NULL ELSE i END, 'v' || i FROM n;",
    );
    let (_, batches) = rows(&c, "SELECT k, v FROM big").await;
    assert!(batches.len() >= 3, "{} batches", batches.len());
    assert_eq!(batches.iter().map(|b| b.num_rows()).sum::<usize>(), 20000);

    let parts = c
        .extract_partitioned(
            "SELECT k, v FROM big",
            &Partitioning {
                column: "k".into(),
                partitions: 4,
            },
        )
        .await
        .unwrap();
    assert_eq!(parts.len(), 5, "four ranges and the NULL keys");
    let mut seen: Vec<String> = Vec::new();
    for p in parts {
        let bs: Vec<RecordBatch> = p.stream.try_collect().await.unwrap();
        for b in bs {
            let v = b.column(1).as_string::<i32>();
            seen.extend((0..b.num_rows()).map(|i| v.value(i).to_string()));
        }
    }
    seen.sort();
    let mut all: Vec<String> = (1..=20000).map(|i| format!("v{i}")).collect();
    all.sort();
    assert_eq!(seen, all, "every row exactly once, NULL keys included");
}

#[tokio::test]
async fn round_trip_through_create_table_and_load() {
    let dir = tempfile::tempdir().unwrap();
    let c = db(&dir, FIXTURE);
    let s = c.extract("SELECT * FROM t").await.unwrap();
    let copy = TableName::new(None, "t_copy");
    let losses = c.create_table(&copy, &s.schema).await.unwrap();
    assert!(losses.iter().all(|l| l.is_informational()), "{losses:?}");
    let n = c.load(&copy, s).await.unwrap();
    assert_eq!(n, 4);
    let diff = |a: &str, b: &str| {
        text(
            &c,
            &format!(
                "SELECT id, name, CAST(price AS TEXT), score, ok, d, ts, hex(raw) FROM {a} EXCEPT \
                 SELECT id, name, CAST(price AS TEXT), score, ok, d, ts, hex(raw) FROM {b}"
            ),
        )
    };
    assert_eq!(diff("t", "t_copy"), Vec::<Vec<Option<String>>>::new());
    assert_eq!(diff("t_copy", "t"), Vec::<Vec<Option<String>>>::new());
    let cat = c
        .table(&copy)
        .await
        .unwrap()
        .expect("t_copy in the catalog");
    assert_eq!(cat.columns.len(), 8);
    assert_eq!(cat.columns[2].native_type, "NUMERIC(10,2)");
}

#[tokio::test]
async fn a_load_that_fails_midway_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let c = db(
        &dir,
        "CREATE TABLE t (k INTEGER); INSERT INTO t VALUES (42);",
    );
    let err = c
        .load(
            &TableName::new(None, "t"),
            crate::common::input_failing_after_two_rows(),
        )
        .await
        .unwrap_err();
    assert!(err.to_string().contains("went away"), "{err}");
    assert_eq!(text(&c, "SELECT k FROM t"), vec![vec![Some("42".into())]]);
}

#[tokio::test]
async fn replace_table_swaps_and_a_failed_swap_leaves_the_target() {
    let dir = tempfile::tempdir().unwrap();
    let c = db(
        &dir,
        "CREATE TABLE target (v TEXT); INSERT INTO target VALUES ('old');
         CREATE TABLE stg (v TEXT); INSERT INTO stg VALUES ('new');",
    );
    let target = TableName::new(None, "target");
    c.replace_table(&TableName::new(None, "missing"), &target)
        .await
        .unwrap_err();
    assert_eq!(
        text(&c, "SELECT v FROM target"),
        vec![vec![Some("old".into())]]
    );
    c.replace_table(&TableName::new(None, "stg"), &target)
        .await
        .unwrap();
    assert_eq!(
        text(&c, "SELECT v FROM target"),
        vec![vec![Some("new".into())]]
    );
    let names: Vec<String> = c
        .catalog(None)
        .await
        .unwrap()
        .into_iter()
        .map(|t| t.name.name)
        .collect();
    assert_eq!(names, vec!["target"]);
}

#[tokio::test]
async fn bad_sql_and_bad_paths_are_coded_errors() {
    let dir = tempfile::tempdir().unwrap();
    let c = db(&dir, FIXTURE);
    let e = c.extract("SELECT nope FROM t").await.unwrap_err();
    assert_eq!(e.code(), "DVT121");
    assert!(e.to_string().contains("lite"), "{e}");
    let gone = SqliteConnector::at("lost", dir.path().join("no/such/dir/x.db"));
    let e = gone.ping().await.unwrap_err();
    assert_eq!(e.code(), "DVT120");
    assert!(e.to_string().contains("does not exist"), "{e}");
    // The stream of a good query is not affected by a failed one.
    let (_, b) = rows(&c, "SELECT name FROM t WHERE id = 1").await;
    let names: &StringArray = b[0].column(0).as_string::<i32>();
    assert_eq!(names.value(0), "a");
}

#[tokio::test]
async fn catalog_has_primary_keys_and_rowid_estimates() {
    let dir = tempfile::tempdir().unwrap();
    let c = db(
        &dir,
        "CREATE TABLE k (id INTEGER PRIMARY KEY, v TEXT);
         INSERT INTO k (v) VALUES ('a'), ('b'), ('c');
         CREATE TABLE two (a INT, b INT, PRIMARY KEY (b, a));
         CREATE TABLE empty (x INT);
         CREATE VIEW kv AS SELECT v FROM k;
         WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 40)
         INSERT INTO two SELECT i % 4, i FROM n;
         CREATE INDEX two_a ON two (a);
         ANALYZE;",
    );
    let cat = c.catalog(None).await.unwrap();
    let t = |n: &str| cat.iter().find(|t| t.name.name == n).unwrap();
    assert_eq!(t("k").primary_key, ["id"]);
    assert_eq!(t("k").row_estimate, Some(3));
    assert_eq!(t("two").primary_key, ["b", "a"], "in key order");
    assert_eq!(t("empty").row_estimate, Some(0));
    assert!(t("empty").primary_key.is_empty());
    assert_eq!(t("kv").row_estimate, None, "a view");
    // sqlite_stat1 (ANALYZE): the leading column of an index, 40 rows over 4 values of a.
    let distinct = |n: &str| {
        t("two")
            .columns
            .iter()
            .find(|c| c.name == n)
            .unwrap()
            .distinct
    };
    assert_eq!(distinct("a"), Some(4));
    assert_eq!(distinct("b"), Some(40), "leads the primary key's index");
}

#[tokio::test]
async fn a_missing_file_is_not_created_by_reading() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("typo.db");
    let c = SqliteConnector::at("src_lite", &path);
    let check = |e: dvt_io::Error, what: &str| {
        assert_eq!(e.code(), "DVT120", "{what}: {e}");
        let m = e.to_string();
        assert!(m.contains("src_lite"), "{what}: {m}");
        assert!(m.contains(&path.display().to_string()), "{what}: {m}");
        assert!(m.contains("does not exist"), "{what}: {m}");
        assert!(!path.exists(), "{what} created the file");
    };
    check(c.ping().await.unwrap_err(), "ping");
    check(c.catalog(None).await.unwrap_err(), "catalog");
    check(
        c.table(&TableName::new(None, "t")).await.unwrap_err(),
        "table",
    );
    check(c.extract("SELECT 1").await.unwrap_err(), "extract");
    check(
        c.query_bounds("SELECT 1, 2").await.unwrap_err(),
        "query_bounds",
    );
    check(
        c.count_rows(&TableName::new(None, "t")).await.unwrap_err(),
        "count_rows",
    );
    // Through `open` as well: the profile's `path`.
    let mut conn =
        dvt_core::profiles::Connection::new("src_lite", dvt_core::profiles::DbKind::Sqlite);
    conn.path = Some(path.clone());
    let opened = dvt_connectors::open(&conn).await.unwrap();
    check(opened.ping().await.unwrap_err(), "open + ping");

    // What a run asks of a target that does not exist yet: nothing there, nothing created.
    let t = TableName::new(None, "t");
    assert_eq!(c.target_table(&t).await.unwrap(), None);
    assert!(c.tables_with_prefix(None, "t").await.unwrap().is_empty());
    assert!(c.schema_exists("main").await.unwrap());
    assert!(!c.schema_exists("other").await.unwrap());
    c.create_schema("main").await.unwrap();
    assert!(!path.exists(), "a target check created the file");

    // Writing creates it.
    let schema = Arc::new(Schema::new(vec![Field::new("a", DataType::Int64, true)]));
    c.create_table(&t, &schema).await.unwrap();
    assert!(path.exists());
    let batch = RecordBatch::try_new(
        schema.clone(),
        vec![Arc::new(Int64Array::from(vec![Some(1), None]))],
    )
    .unwrap();
    let n = c
        .load(
            &t,
            SchemaStream {
                schema,
                stream: Box::pin(futures::stream::iter(vec![Ok(batch)])),
            },
        )
        .await
        .unwrap();
    assert_eq!(n, 2);
    c.ping().await.unwrap();
    assert_eq!(c.target_table(&t).await.unwrap().unwrap().columns.len(), 1);
    // execute creates a missing file too (a target's first statement).
    let other = dir.path().join("made_by_execute.db");
    SqliteConnector::at("tgt", &other)
        .execute("CREATE TABLE x (a int)")
        .await
        .unwrap();
    assert!(other.exists());
}

#[tokio::test]
async fn nan_is_dvt122_and_infinity_is_kept() {
    use arrow_array::Float64Array;
    let dir = tempfile::tempdir().unwrap();
    let c = db(&dir, "CREATE TABLE f (id INTEGER, x REAL)");
    let schema = Arc::new(Schema::new(vec![
        Field::new("id", DataType::Int64, true),
        Field::new("x", DataType::Float64, true),
    ]));
    let table = TableName::new(None, "f");
    let input = |values: Vec<Option<f64>>| {
        let batch = RecordBatch::try_new(
            schema.clone(),
            vec![
                Arc::new(Int64Array::from_iter_values(0..values.len() as i64)),
                Arc::new(Float64Array::from(values)),
            ],
        )
        .unwrap();
        SchemaStream {
            schema: schema.clone(),
            stream: Box::pin(futures::stream::iter(vec![Ok(batch)])),
        }
    };
    let e = c
        .load(&table, input(vec![Some(1.5), Some(f64::NAN)]))
        .await
        .unwrap_err();
    assert_eq!(e.code(), "DVT122", "{e}");
    assert!(e.to_string().contains("column x"), "{e}");
    assert!(e.to_string().contains("NaN"), "{e}");
    // Nothing of the call is written.
    assert_eq!(
        text(&c, "SELECT COUNT(*) FROM f"),
        vec![vec![Some("0".into())]]
    );
    // ±Infinity are REAL values SQLite keeps and reads back.
    let n = c
        .load(
            &table,
            input(vec![Some(f64::INFINITY), Some(f64::NEG_INFINITY), None]),
        )
        .await
        .unwrap();
    assert_eq!(n, 3);
    let (_, b) = rows(&c, "SELECT x FROM f ORDER BY id").await;
    let xs = b[0]
        .column(0)
        .as_primitive::<arrow_array::types::Float64Type>();
    assert_eq!(xs.value(0), f64::INFINITY);
    assert_eq!(xs.value(1), f64::NEG_INFINITY);
    assert!(xs.is_null(2));
}
