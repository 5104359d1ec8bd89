//! Schema discovery on real SQLite files: `Connector::table` of a table with declared types
//! (through SQLite's affinity rules), a column without a declared type, generated columns, a
//! view and a virtual table; the extract of the untyped column (values of every storage class)
//! as text; and SQLite's schemas.

#![cfg(feature = "sqlite")]

use crate::common::*;
use std::sync::Arc;

use arrow_array::RecordBatch;
use arrow_array::cast::AsArray;
use arrow_schema::{DataType, TimeUnit};
use dvt_connectors::sqlite::SqliteConnector;
use dvt_io::connector::{Connector, TableName};
use dvt_types::DvtType;
use futures::TryStreamExt;

fn db(dir: &tempfile::TempDir, setup: &str) -> SqliteConnector {
    let path = dir.path().join("t.db");
    let c = rusqlite::Connection::open(&path).unwrap();
    c.execute_batch(setup).unwrap();
    SqliteConnector::at("lite", path)
}

async fn rows_of(c: &SqliteConnector, sql: &str) -> RecordBatch {
    let s = c.extract(sql).await.expect("extract");
    let schema = Arc::clone(&s.schema);
    let batches: Vec<RecordBatch> = s.stream.try_collect().await.expect("stream");
    for b in &batches {
        assert_eq!(b.schema(), schema, "every batch has the announced schema");
    }
    arrow_select::concat::concat_batches(&schema, &batches).expect("concat")
}

const SETUP: &str = r#"
CREATE TABLE every (
  id INTEGER PRIMARY KEY, i INT NOT NULL DEFAULT 0, bi BIGINT, ui UNSIGNED BIG INT,
  vc VARCHAR(20), nc NVARCHAR(100), tx TEXT, cl CLOB, bl BLOB,
  r REAL, db DOUBLE, fl FLOAT, n NUMERIC, d10 DECIMAL(10,5),
  bo BOOLEAN, dt DATE, ts TIMESTAMP, dtt DATETIME, tm TIME, j JSON,
  x, odd STRANGE,
  gs INTEGER GENERATED ALWAYS AS (id * 2) STORED,
  gv TEXT GENERATED ALWAYS AS (tx || '!') VIRTUAL
);
CREATE VIEW every_v AS SELECT id, x, gv, i + 1 AS i1 FROM every;
CREATE VIRTUAL TABLE docs USING fts5(title, body);
"#;

fn expected_every() -> Vec<Expected> {
    let text = DvtType::Varchar { length: None };
    let utf8 = DataType::Utf8;
    vec![
        ("id", "INTEGER", DvtType::Int64, DataType::Int64, "BIGINT"),
        ("i", "INT", DvtType::Int64, DataType::Int64, "BIGINT"),
        ("bi", "BIGINT", DvtType::Int64, DataType::Int64, "BIGINT"),
        (
            "ui",
            "UNSIGNED BIG INT",
            DvtType::Int64,
            DataType::Int64,
            "BIGINT",
        ),
        // Affinity: a length is not a limit in SQLite.
        ("vc", "VARCHAR(20)", text.clone(), utf8.clone(), "TEXT"),
        ("nc", "NVARCHAR(100)", text.clone(), utf8.clone(), "TEXT"),
        ("tx", "TEXT", text.clone(), utf8.clone(), "TEXT"),
        ("cl", "CLOB", text.clone(), utf8.clone(), "TEXT"),
        (
            "bl",
            "BLOB",
            DvtType::Binary { length: None },
            DataType::Binary,
            "BYTEA",
        ),
        (
            "r",
            "REAL",
            DvtType::Float64,
            DataType::Float64,
            "DOUBLE PRECISION",
        ),
        (
            "db",
            "DOUBLE",
            DvtType::Float64,
            DataType::Float64,
            "DOUBLE PRECISION",
        ),
        (
            "fl",
            "FLOAT",
            DvtType::Float64,
            DataType::Float64,
            "DOUBLE PRECISION",
        ),
        (
            "n",
            "NUMERIC",
            DvtType::decimal(38, 10),
            DataType::Decimal128(38, 10),
            "NUMERIC(38,10)",
        ),
        (
            "d10",
            "DECIMAL(10,5)",
            DvtType::decimal(10, 5),
            DataType::Decimal128(10, 5),
            "NUMERIC(10,5)",
        ),
        (
            "bo",
            "BOOLEAN",
            DvtType::Boolean,
            DataType::Boolean,
            "BOOLEAN",
        ),
        ("dt", "DATE", DvtType::Date, DataType::Date32, "DATE"),
        (
            "ts",
            "TIMESTAMP",
            DvtType::timestamp(6, false),
            DataType::Timestamp(TimeUnit::Microsecond, None),
            "TIMESTAMP",
        ),
        (
            "dtt",
            "DATETIME",
            DvtType::timestamp(6, false),
            DataType::Timestamp(TimeUnit::Microsecond, None),
            "TIMESTAMP",
        ),
        (
            "tm",
            "TIME",
            DvtType::Time { precision: 6 },
            DataType::Time64(TimeUnit::Microsecond),
            "TIME",
        ),
        ("j", "JSON", DvtType::JsonText, utf8.clone(), "JSON"),
        // No declared type: any value; the planner reads it as text.
        ("x", "", unknown(""), utf8.clone(), "TEXT"),
        // NUMERIC affinity by SQLite's last rule; dvt does not map it.
        ("odd", "STRANGE", unknown("STRANGE"), utf8.clone(), "TEXT"),
        // Generated columns are columns (stored and virtual).
        ("gs", "INTEGER", DvtType::Int64, DataType::Int64, "BIGINT"),
        ("gv", "TEXT", text, utf8, "TEXT"),
    ]
}

#[tokio::test]
async fn discovers_declared_untyped_and_generated_columns() {
    let dir = tempfile::tempdir().unwrap();
    let c = db(&dir, SETUP);
    let every = c
        .table(&TableName::new(None, "every"))
        .await
        .unwrap()
        .expect("table every is found");
    assert_eq!(every.name, TableName::new(None, "every"));
    assert_eq!(every.primary_key, vec!["id".to_string()]);
    check_columns(&every, &expected_every());
    let not_null: Vec<&str> = every
        .columns
        .iter()
        .filter(|c| !c.nullable)
        .map(|c| c.name.as_str())
        .collect();
    assert_eq!(not_null, ["i"]);

    let view = c
        .table(&TableName::new(None, "every_v"))
        .await
        .unwrap()
        .expect("the view is found");
    let got: Vec<(&str, &str, &DvtType)> = view
        .columns
        .iter()
        .map(|c| (c.name.as_str(), c.native_type.as_str(), &c.ty))
        .collect();
    let text = DvtType::Varchar { length: None };
    assert_eq!(
        got,
        [
            ("id", "INTEGER", &DvtType::Int64),
            ("x", "", &unknown("")),
            ("gv", "TEXT", &text),
            ("i1", "", &unknown("")),
        ]
    );
    assert_eq!(view.row_estimate, None);

    // A virtual table: its hidden columns (`docs`, `rank`) are not columns.
    let docs = c
        .table(&TableName::new(None, "docs"))
        .await
        .unwrap()
        .expect("the virtual table is found");
    let names: Vec<&str> = docs.columns.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names, ["title", "body"]);
    assert_eq!(c.table(&TableName::new(None, "nope")).await.unwrap(), None);
}

#[tokio::test]
async fn extracts_an_untyped_column_of_mixed_values_as_text() {
    let dir = tempfile::tempdir().unwrap();
    // 8,192 integers fill the first batch; text, reals, blobs and NULLs follow in the second.
    let c = db(
        &dir,
        &format!(
            "{SETUP}
            WITH RECURSIVE k(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM k WHERE n < 8192)
            INSERT INTO every (id, x, tx) SELECT n, n * 10, 'r' FROM k;
            INSERT INTO every (id, x, tx) VALUES
              (10001, 1.5, 'a'), (10002, 'text ✓', NULL), (10003, NULL, 'b'),
              (10004, x'00ff', 'c'), (10005, 1.0, 'd'), (10006, -9223372036854775808, 'e'),
              (10007, 1e20, 'f'), (10008, x'616263', 'g'), (10009, '', 'h');"
        ),
    );
    let b = rows_of(&c, "SELECT id, x, gs, gv FROM every ORDER BY id").await;
    assert_eq!(b.num_rows(), 8192 + 9);
    let schema = b.schema();
    let types: Vec<(String, DataType, DvtType)> = schema
        .fields()
        .iter()
        .map(|f| {
            (
                f.name().clone(),
                f.data_type().clone(),
                DvtType::from_arrow_field(f),
            )
        })
        .collect();
    assert_eq!(
        types,
        [
            ("id".to_string(), DataType::Int64, DvtType::Int64),
            ("x".to_string(), DataType::Utf8, unknown("")),
            ("gs".to_string(), DataType::Int64, DvtType::Int64),
            (
                "gv".to_string(),
                DataType::Utf8,
                DvtType::Varchar { length: None }
            ),
        ]
    );
    let x = b.column(1).as_string::<i32>();
    assert_eq!(x.value(0), "10");
    assert_eq!(x.value(8191), "81920");
    let tail: Vec<Option<&str>> = (8192..b.num_rows())
        .map(|i| (!arrow_array::Array::is_null(x, i)).then(|| x.value(i)))
        .collect();
    assert_eq!(
        tail,
        [
            Some("1.5"),
            Some("text ✓"),
            None,
            Some("X'00FF'"),
            Some("1.0"),
            Some("-9223372036854775808"),
            Some("1e20"),
            Some("X'616263'"),
            Some(""),
        ]
    );
    let gs = b.column(2).as_primitive::<arrow_array::types::Int64Type>();
    assert_eq!(gs.value(8192), 20002);
    let gv = b.column(3).as_string::<i32>();
    assert_eq!((gv.value(0), gv.value(8192)), ("r!", "a!"));

    // Through a view and `SELECT *`, the untyped column is still text; an expression column
    // keeps the type of its values.
    let v = rows_of(&c, "SELECT * FROM every_v WHERE id > 10000 ORDER BY id").await;
    assert_eq!(v.schema().field(1).data_type(), &DataType::Utf8);
    assert_eq!(v.column(1).as_string::<i32>().value(0), "1.5");
    assert_eq!(v.schema().field(3).data_type(), &DataType::Int64);
    let all = rows_of(&c, "SELECT * FROM every WHERE id = 10004").await;
    let xi = all.schema().index_of("x").unwrap();
    assert_eq!(all.column(xi).as_string::<i32>().value(0), "X'00FF'");
    // A computed column without a declared type is not forced to text.
    let e = rows_of(&c, "SELECT COUNT(*) AS n FROM every").await;
    assert_eq!(e.schema().field(0).data_type(), &DataType::Int64);
}

#[tokio::test]
async fn main_is_the_only_schema() {
    let dir = tempfile::tempdir().unwrap();
    let c = db(&dir, "CREATE TABLE t (x)");
    assert!(c.schema_exists("main").await.unwrap());
    assert!(c.schema_exists("temp").await.unwrap());
    assert!(!c.schema_exists("analytics").await.unwrap());
    c.create_schema("main").await.expect("main: nothing to do");
    c.create_schema("main").await.expect("twice");
    let err = c
        .create_schema("analytics")
        .await
        .expect_err("SQLite cannot create schemas");
    assert_eq!(err.code(), "DVT123", "{err}");
    assert!(err.to_string().contains("'analytics'"), "{err}");
    assert!(!c.schema_exists("analytics").await.unwrap());
    // The file is untouched: still one table.
    assert_eq!(c.catalog(None).await.unwrap().len(), 1);
}
