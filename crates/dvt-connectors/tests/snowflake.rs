//! The Snowflake connector against the fakesnow emulator behind its JSON proxy
//! (`scripts/services.sh start`).
//!
//! Emulator limits these tests work within (fakesnow 0.12.1 on DuckDB): `NUMBER(38,0)` is a
//! 64-bit `BIGINT` there (so "large" integers are ±2^63-1 here, not 38 digits), TIMESTAMP_TZ
//! values are stored in UTC (the offset is not kept), `VARCHAR(n)` lengths are not enforced and
//! `SWAP WITH` is not parsed (the connector's documented fallback is exercised instead).

#![cfg(feature = "snowflake")]

use std::sync::Arc;

use arrow_array::cast::AsArray;
use arrow_array::types::{
    Date32Type, Decimal128Type, Float64Type, Time64NanosecondType, TimestampNanosecondType,
};
use arrow_array::{
    Array, ArrayRef, BinaryArray, BooleanArray, Date32Array, Decimal128Array, Float64Array,
    RecordBatch, StringArray, Time64NanosecondArray, TimestampNanosecondArray,
};
use arrow_schema::{DataType, Field, Schema, SchemaRef, TimeUnit};
use dvt_connectors::snowflake::SnowflakeConnector;
use dvt_core::profiles::{Connection, DbKind};
use dvt_core::secret::Secret;
use dvt_io::connector::{Connector, Partitioning, SchemaStream, TableName};
use dvt_io::load::{Fill, Finish, Journal, LoadSpec, load_atomic};
use dvt_testkit::{SnowService, require_snowflake, unique_name};
use dvt_types::DvtType;
use futures::TryStreamExt;

fn connection(s: &SnowService, schema: &str) -> Connection {
    Connection {
        account: Some(s.account.clone()),
        user: Some(s.user.clone()),
        password: Some(Secret::new(s.password.clone())),
        database: Some(s.database.clone()),
        schema: Some(schema.to_string()),
        warehouse: Some("COMPUTE_WH".into()),
        role: Some("SYSADMIN".into()),
        host: Some(s.host.clone()),
        port: Some(s.port),
        protocol: Some("http".into()),
        ..Connection::new("snow_out", DbKind::Snowflake)
    }
}

/// A connector on a schema of its own (created by the emulator on login).
async fn open(s: &SnowService, prefix: &str) -> SnowflakeConnector {
    SnowflakeConnector::connect(&connection(s, &unique_name(prefix)))
        .await
        .expect("connect")
}

fn stream_of(batch: RecordBatch) -> SchemaStream {
    SchemaStream {
        schema: batch.schema(),
        stream: Box::pin(futures::stream::iter(vec![Ok(batch)])),
    }
}

async fn collect(c: &SnowflakeConnector, sql: &str) -> (SchemaRef, Vec<RecordBatch>) {
    let s = c.extract(sql).await.expect("extract");
    let schema = s.schema.clone();
    let batches: Vec<RecordBatch> = s.stream.try_collect().await.expect("stream");
    for b in &batches {
        assert_eq!(b.schema(), schema, "every batch has the announced schema");
    }
    (schema, batches)
}

fn concat(schema: &SchemaRef, batches: &[RecordBatch]) -> RecordBatch {
    arrow_select::concat::concat_batches(schema, batches).expect("concat")
}

fn field(name: &str, ty: &DvtType) -> Field {
    ty.to_arrow_field(name, true)
}

/// Every type the TypeMapper maps for Snowflake, with edge values, a row of NULLs, through
/// create_table (DDL from dvt-types) → load → extract, compared value by value.
#[tokio::test]
async fn every_type_round_trips_with_edge_values_and_nulls() {
    let s = require_snowflake!();
    let c = open(&s, "sf_types").await;
    let json = DvtType::Json;
    let schema = Arc::new(Schema::new(vec![
        field("id", &DvtType::decimal(38, 0)),
        field("big", &DvtType::decimal(38, 0)),
        field("dec", &DvtType::decimal(38, 10)),
        field("money", &DvtType::decimal(10, 2)),
        field("f", &DvtType::Float64),
        field("b", &DvtType::Boolean),
        field("s", &DvtType::Varchar { length: None }),
        field("d", &DvtType::Date),
        field("ts", &DvtType::timestamp(9, false)),
        field("tz", &DvtType::timestamp(9, true)),
        field("tm", &DvtType::Time { precision: 9 }),
        field("j", &json),
        field("bin", &DvtType::Binary { length: None }),
    ]));
    let dec = |v: Vec<Option<i128>>, p: u8, sc: i8| -> ArrayRef {
        Arc::new(
            Decimal128Array::from(v)
                .with_precision_and_scale(p, sc)
                .unwrap(),
        )
    };
    let text = "é😀 'quoted' \"dq\" back\\slash\nnew line\ttab";
    let json_text = r#"{"a":[1,2,{"b":null}],"s":"x'y"}"#;
    let rows = 4usize;
    let cols: Vec<ArrayRef> = vec![
        dec(vec![Some(1), Some(2), Some(3), Some(4)], 38, 0),
        dec(
            vec![Some(i64::MAX.into()), Some(i64::MIN.into()), Some(0), None],
            38,
            0,
        ),
        dec(
            vec![
                // 28 integer digits and 10 fraction digits: 38 in all.
                Some(12_345_678_901_234_567_890_123_456_780_123_456_789),
                Some(-1),
                Some(0),
                None,
            ],
            38,
            10,
        ),
        dec(vec![Some(-99_999_999), Some(5), Some(0), None], 10, 2),
        Arc::new(Float64Array::from(vec![
            Some(1.5),
            Some(-1e300),
            Some(f64::MIN_POSITIVE),
            None,
        ])),
        Arc::new(BooleanArray::from(vec![
            Some(true),
            Some(false),
            Some(true),
            None,
        ])),
        Arc::new(StringArray::from(vec![
            Some(text),
            Some(""),
            Some("x"),
            None,
        ])),
        Arc::new(Date32Array::from(vec![
            Some(-1),
            Some(2_932_896), // 9999-12-31
            Some(19_782),    // 2024-02-29
            None,
        ])),
        Arc::new(TimestampNanosecondArray::from(vec![
            Some(-500_000_000), // 1969-12-31 23:59:59.5
            Some(1_709_164_800_123_456_000),
            Some(0),
            None,
        ])),
        Arc::new(
            TimestampNanosecondArray::from(vec![
                Some(1_704_067_200_500_000_000),
                Some(-86_400_000_000_000),
                Some(1),
                None,
            ])
            .with_timezone("UTC"),
        ),
        Arc::new(Time64NanosecondArray::from(vec![
            Some(45_296_789_000_000), // 12:34:56.789
            Some(0),
            Some(86_399_999_999_000),
            None,
        ])),
        Arc::new(StringArray::from(vec![
            Some(json_text),
            Some("[1,2]"),
            Some("\"just a string\""),
            None,
        ])),
        Arc::new(BinaryArray::from(vec![
            Some(&[0u8, 255, 16][..]),
            Some(&[][..]),
            Some(&b"abc"[..]),
            None,
        ])),
    ];
    let batch = RecordBatch::try_new(schema.clone(), cols).unwrap();
    let t = TableName::new(None, "types");
    let losses = c.create_table(&t, &schema).await.expect("create");
    // The one real loss: VARIANT keeps JSON numbers to 38 digits (jsonb keeps every digit).
    let real: Vec<_> = losses.iter().filter(|l| !l.is_informational()).collect();
    assert!(
        real.len() == 1 && real[0].kind == dvt_types::LossKind::JsonNumberPrecision,
        "only the JSON number loss: {losses:?}"
    );
    assert_eq!(
        c.load(&t, stream_of(batch)).await.expect("load"),
        rows as u64
    );

    let (got_schema, batches) = collect(&c, r#"SELECT * FROM "types" ORDER BY "id""#).await;
    let got = concat(&got_schema, &batches);
    assert_eq!(got.num_rows(), rows);
    let names: Vec<&str> = got_schema
        .fields()
        .iter()
        .map(|f| f.name().as_str())
        .collect();
    assert_eq!(
        names,
        [
            "id", "big", "dec", "money", "f", "b", "s", "d", "ts", "tz", "tm", "j", "bin"
        ]
    );
    let dt = |i: usize| got_schema.field(i).data_type().clone();
    assert_eq!(dt(1), DataType::Decimal128(38, 0));
    assert_eq!(dt(2), DataType::Decimal128(38, 10));
    assert_eq!(dt(3), DataType::Decimal128(10, 2));
    assert_eq!(dt(4), DataType::Float64);
    assert_eq!(dt(5), DataType::Boolean);
    assert_eq!(dt(6), DataType::Utf8);
    assert_eq!(dt(7), DataType::Date32);
    assert_eq!(dt(8), DataType::Timestamp(TimeUnit::Nanosecond, None));
    assert_eq!(
        dt(9),
        DataType::Timestamp(TimeUnit::Nanosecond, Some("UTC".into()))
    );
    assert_eq!(dt(10), DataType::Time64(TimeUnit::Nanosecond));
    assert_eq!(
        DvtType::from_arrow_field(got_schema.field(11)),
        DvtType::Json
    );
    assert_eq!(dt(12), DataType::Binary);

    let decs = |i: usize| -> Vec<Option<i128>> {
        got.column(i)
            .as_primitive::<Decimal128Type>()
            .iter()
            .collect()
    };
    assert_eq!(
        decs(1),
        [Some(i64::MAX.into()), Some(i64::MIN.into()), Some(0), None]
    );
    assert_eq!(
        decs(2),
        [
            Some(12_345_678_901_234_567_890_123_456_780_123_456_789),
            Some(-1),
            Some(0),
            None
        ]
    );
    assert_eq!(decs(3), [Some(-99_999_999), Some(5), Some(0), None]);
    let f: Vec<Option<f64>> = got.column(4).as_primitive::<Float64Type>().iter().collect();
    assert_eq!(f, [Some(1.5), Some(-1e300), Some(f64::MIN_POSITIVE), None]);
    let b: Vec<Option<bool>> = got.column(5).as_boolean().iter().collect();
    assert_eq!(b, [Some(true), Some(false), Some(true), None]);
    let st: Vec<Option<&str>> = got.column(6).as_string::<i32>().iter().collect();
    assert_eq!(st, [Some(text), Some(""), Some("x"), None]);
    let d: Vec<Option<i32>> = got.column(7).as_primitive::<Date32Type>().iter().collect();
    assert_eq!(d, [Some(-1), Some(2_932_896), Some(19_782), None]);
    let ts: Vec<Option<i64>> = got
        .column(8)
        .as_primitive::<TimestampNanosecondType>()
        .iter()
        .collect();
    assert_eq!(
        ts,
        [
            Some(-500_000_000),
            Some(1_709_164_800_123_456_000),
            Some(0),
            None
        ],
        "TIMESTAMP_NTZ, NULL included (the proxy's documented NULL-timestamp workaround)"
    );
    let tz: Vec<Option<i64>> = got
        .column(9)
        .as_primitive::<TimestampNanosecondType>()
        .iter()
        .collect();
    assert_eq!(
        tz,
        [
            Some(1_704_067_200_500_000_000),
            Some(-86_400_000_000_000),
            // DuckDB keeps microseconds: 1 ns is stored as 0.
            Some(0),
            None
        ]
    );
    let tm: Vec<Option<i64>> = got
        .column(10)
        .as_primitive::<Time64NanosecondType>()
        .iter()
        .collect();
    assert_eq!(
        tm,
        [
            Some(45_296_789_000_000),
            Some(0),
            Some(86_399_999_999_000),
            None
        ]
    );
    let j: Vec<Option<serde_json::Value>> = got
        .column(11)
        .as_string::<i32>()
        .iter()
        .map(|v| v.map(|t| serde_json::from_str(t).expect("json text")))
        .collect();
    assert_eq!(
        j,
        [
            Some(serde_json::from_str(json_text).unwrap()),
            Some(serde_json::json!([1, 2])),
            Some(serde_json::json!("just a string")),
            None
        ]
    );
    let bin: Vec<Option<&[u8]>> = got.column(12).as_binary::<i32>().iter().collect();
    assert_eq!(
        bin,
        [
            Some(&[0u8, 255, 16][..]),
            Some(&[][..]),
            Some(&b"abc"[..]),
            None
        ]
    );
}

#[tokio::test]
async fn non_finite_floats_round_trip() {
    let s = require_snowflake!();
    let c = open(&s, "sf_floats").await;
    let schema = Arc::new(Schema::new(vec![Field::new("f", DataType::Float64, true)]));
    let batch = RecordBatch::try_new(
        schema.clone(),
        vec![Arc::new(Float64Array::from(vec![
            f64::INFINITY,
            f64::NEG_INFINITY,
            f64::NAN,
            0.1,
        ]))],
    )
    .unwrap();
    let t = TableName::new(None, "floats");
    c.create_table(&t, &schema).await.unwrap();
    c.load(&t, stream_of(batch)).await.unwrap();
    let (sch, batches) = collect(&c, r#"SELECT "f" FROM "floats""#).await;
    let got = concat(&sch, &batches);
    let mut v: Vec<f64> = got
        .column(0)
        .as_primitive::<Float64Type>()
        .values()
        .to_vec();
    assert_eq!(v.iter().filter(|x| x.is_nan()).count(), 1);
    v.retain(|x| !x.is_nan());
    v.sort_by(f64::total_cmp);
    assert_eq!(v, [f64::NEG_INFINITY, 0.1, f64::INFINITY]);
}

#[tokio::test]
async fn ten_thousand_rows_load_and_extract_equal() {
    let s = require_snowflake!();
    let c = open(&s, "sf_bulk").await;
    let n = 12_345usize;
    let schema = Arc::new(Schema::new(vec![
        field("id", &DvtType::decimal(38, 0)),
        field("name", &DvtType::Varchar { length: None }),
        field("amount", &DvtType::decimal(12, 2)),
    ]));
    let ids: Vec<i128> = (0..n as i128).collect();
    let names: Vec<Option<String>> = (0..n)
        .map(|i| (i % 7 != 0).then(|| format!("name '{i}' ü")))
        .collect();
    let amounts: Vec<Option<i128>> = (0..n as i128)
        .map(|i| (i % 5 != 0).then_some(i * 101 - 500_000))
        .collect();
    // Three batches, so statements span batch borders.
    let mut batches = Vec::new();
    for (lo, hi) in [(0, 5000), (5000, 5001), (5001, n)] {
        batches.push(
            RecordBatch::try_new(
                schema.clone(),
                vec![
                    Arc::new(
                        Decimal128Array::from(ids[lo..hi].to_vec())
                            .with_precision_and_scale(38, 0)
                            .unwrap(),
                    ),
                    Arc::new(StringArray::from(names[lo..hi].to_vec())),
                    Arc::new(
                        Decimal128Array::from(amounts[lo..hi].to_vec())
                            .with_precision_and_scale(12, 2)
                            .unwrap(),
                    ),
                ],
            )
            .unwrap(),
        );
    }
    let t = TableName::new(None, "bulk");
    c.create_table(&t, &schema).await.unwrap();
    let data = SchemaStream {
        schema: schema.clone(),
        stream: Box::pin(futures::stream::iter(batches.into_iter().map(Ok))),
    };
    let started = std::time::Instant::now();
    assert_eq!(c.load(&t, data).await.expect("load"), n as u64);
    eprintln!("loaded {n} rows in {:?}", started.elapsed());
    assert_eq!(c.count_rows(&t).await.unwrap(), n as u64);
    let (sch, got) = collect(&c, r#"SELECT * FROM "bulk" ORDER BY "id""#).await;
    assert!(
        got.iter()
            .all(|b| b.num_rows() <= dvt_connectors::batch_size())
    );
    let got = concat(&sch, &got);
    assert_eq!(got.num_rows(), n);
    let got_ids: Vec<i128> = got
        .column(0)
        .as_primitive::<Decimal128Type>()
        .values()
        .to_vec();
    assert_eq!(got_ids, ids);
    let got_names: Vec<Option<String>> = got
        .column(1)
        .as_string::<i32>()
        .iter()
        .map(|v| v.map(str::to_string))
        .collect();
    assert_eq!(got_names, names);
    let got_amounts: Vec<Option<i128>> = got
        .column(2)
        .as_primitive::<Decimal128Type>()
        .iter()
        .collect();
    assert_eq!(got_amounts, amounts);
    let (lo, hi) = c
        .query_bounds(r#"SELECT MIN("id"), MAX("id") FROM "bulk""#)
        .await
        .unwrap();
    assert_eq!((lo, hi), (Some(0), Some(n as i64 - 1)));
    // Split over key ranges plus the NULL keys: every row exactly once.
    let parts = c
        .extract_partitioned(
            r#"SELECT "id", "amount" FROM "bulk""#,
            &Partitioning {
                column: "id".into(),
                partitions: 3,
            },
        )
        .await
        .expect("partitioned");
    assert_eq!(parts.len(), 4, "three ranges and the NULL partition");
    let mut seen = Vec::new();
    for p in parts {
        let b: Vec<RecordBatch> = p.stream.try_collect().await.expect("partition");
        for batch in b {
            seen.extend(
                batch
                    .column(0)
                    .as_primitive::<Decimal128Type>()
                    .values()
                    .to_vec(),
            );
        }
    }
    seen.sort_unstable();
    assert_eq!(seen, ids);
}

#[tokio::test]
async fn catalog_lists_the_table_with_types_and_estimates() {
    let s = require_snowflake!();
    let schema_name = unique_name("sf_cat");
    let c = SnowflakeConnector::connect(&connection(&s, &schema_name))
        .await
        .unwrap();
    // Unquoted identifiers fold to upper case: so does the default schema.
    assert_eq!(
        c.default_schema().as_deref(),
        Some(schema_name.to_ascii_uppercase().as_str())
    );
    assert_eq!(c.quote(), '"');
    c.ping().await.unwrap();
    c.execute(
        "CREATE TABLE cat_t (id NUMBER(38,0) NOT NULL, amount NUMBER(10,2), name VARCHAR(20), \
         f FLOAT, flag BOOLEAN, d DATE, ts TIMESTAMP_NTZ, tz TIMESTAMP_TZ, v VARIANT, b BINARY)",
    )
    .await
    .unwrap();
    assert_eq!(
        c.execute("INSERT INTO cat_t (id, name) VALUES (1, 'a'), (2, 'b')")
            .await
            .unwrap(),
        2
    );
    c.execute(r#"CREATE TABLE "lower_t" ("a b" INT)"#)
        .await
        .unwrap();
    assert_eq!(table_names(&c).await, ["CAT_T", "lower_t"]);
    let cat = c.catalog(None).await.unwrap();
    let t = &cat[0];
    assert_eq!(
        t.name.schema.as_deref(),
        Some(schema_name.to_ascii_uppercase().as_str())
    );
    assert_eq!(t.row_estimate, Some(2));
    let mut cols: Vec<(&str, &str, DvtType, bool)> = Vec::new();
    for col in &t.columns {
        cols.push((&col.name, &col.native_type, col.ty.clone(), col.nullable));
    }
    assert_eq!(
        cols,
        [
            ("ID", "NUMBER(38,0)", DvtType::decimal(38, 0), false),
            ("AMOUNT", "NUMBER(10,2)", DvtType::decimal(10, 2), true),
            ("NAME", "VARCHAR(20)", DvtType::varchar(20), true),
            ("F", "FLOAT", DvtType::Float64, true),
            ("FLAG", "BOOLEAN", DvtType::Boolean, true),
            ("D", "DATE", DvtType::Date, true),
            ("TS", "TIMESTAMP_NTZ", DvtType::timestamp(9, false), true),
            ("TZ", "TIMESTAMP_TZ", DvtType::timestamp(9, true), true),
            ("V", "VARIANT", DvtType::Json, true),
            ("B", "BINARY", DvtType::Binary { length: None }, true),
        ]
    );
    let lower = c
        .table(&TableName::new(None, "lower_t"))
        .await
        .unwrap()
        .expect("lower_t");
    assert_eq!(lower.columns[0].name, "a b");
    assert!(
        c.table(&TableName::new(None, "nope"))
            .await
            .unwrap()
            .is_none()
    );
    let staged = c.tables_with_prefix(None, "lower").await.unwrap();
    assert_eq!(staged.len(), 1);
}

/// The names of the tables in the connector's default schema, in order.
async fn table_names(c: &SnowflakeConnector) -> Vec<String> {
    let tables = c.catalog(None).await.expect("catalog");
    tables.into_iter().map(|t| t.name.name).collect()
}

fn numbers(values: Vec<i128>, precision: u8) -> RecordBatch {
    let schema = Arc::new(Schema::new(vec![field(
        "n",
        &DvtType::decimal(u16::from(precision), 0),
    )]));
    RecordBatch::try_new(
        schema,
        vec![Arc::new(
            Decimal128Array::from(values)
                .with_precision_and_scale(precision, 0)
                .unwrap(),
        )],
    )
    .unwrap()
}

async fn column_n(c: &SnowflakeConnector, table: &str) -> Vec<i128> {
    let (sch, b) = collect(c, &format!(r#"SELECT "n" FROM "{table}" ORDER BY "n""#)).await;
    concat(&sch, &b)
        .column(0)
        .as_primitive::<Decimal128Type>()
        .values()
        .to_vec()
}

/// A load that fails midway (a value the staging column rejects, in a later INSERT statement)
/// writes nothing and leaves the target as it was; a good load then replaces it atomically.
#[tokio::test]
async fn replace_keeps_the_old_table_when_the_load_fails_midway() {
    let s = require_snowflake!();
    let schema_name = unique_name("sf_swap");
    let mut conn = connection(&s, &schema_name);
    // Small statements, so the bad value is several statements in.
    conn.extra
        .insert("insert_chunk_bytes".into(), "4096".into());
    let c = SnowflakeConnector::connect(&conn).await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let journal = Journal::at(dir.path().join("journal.jsonl"));
    let target = TableName::new(None, "model_t");
    let spec = |run_id: &'static str| LoadSpec {
        target: &target,
        model: "model.p.model_t",
        model_name: "model_t",
        run_id,
        finish: Finish::Replace,
    };
    // First run: the target does not exist yet (RENAME).
    load_atomic(
        &c,
        &spec("r1"),
        Fill::Rows(stream_of(numbers(vec![1, 2, 3], 3))),
        &journal,
    )
    .await
    .expect("first load");
    assert_eq!(column_n(&c, "model_t").await, [1, 2, 3]);

    // Second run: 2,000 good values, then 5000, which NUMBER(3,0) rejects.
    let mut values: Vec<i128> = (0..2000).map(|i| i % 1000).collect();
    values.push(5000);
    let direct = c
        .load(
            &TableName::new(None, "model_t"),
            stream_of(numbers(values.clone(), 3)),
        )
        .await
        .expect_err("5000 does not fit NUMBER(3,0)");
    assert_eq!(direct.code(), "DVT122", "{direct}");
    assert_eq!(column_n(&c, "model_t").await, [1, 2, 3], "rolled back");
    let err = load_atomic(
        &c,
        &spec("r2"),
        Fill::Rows(stream_of(numbers(values, 3))),
        &journal,
    )
    .await
    .expect_err("the load fails");
    assert_eq!(err.code(), "DVT122", "{err}");
    assert!(err.to_string().contains("snow_out"), "{err}");
    assert_eq!(column_n(&c, "model_t").await, [1, 2, 3], "target untouched");

    // Third run: the swap.
    load_atomic(
        &c,
        &spec("r3"),
        Fill::Rows(stream_of(numbers(vec![7, 8], 3))),
        &journal,
    )
    .await
    .expect("third load");
    assert_eq!(column_n(&c, "model_t").await, [7, 8]);
    assert_eq!(
        table_names(&c).await,
        ["model_t"],
        "no staging or old table is left"
    );

    // replace_table directly, over an existing target.
    let staging = TableName::new(None, "stage_direct");
    c.create_table(&staging, &numbers(vec![], 3).schema())
        .await
        .unwrap();
    c.load(&staging, stream_of(numbers(vec![42], 3)))
        .await
        .unwrap();
    c.replace_table(&staging, &target).await.unwrap();
    assert_eq!(column_n(&c, "model_t").await, [42]);
    assert!(c.table(&staging).await.unwrap().is_none());
}

#[tokio::test]
async fn execute_atomic_is_all_or_nothing() {
    let s = require_snowflake!();
    let c = open(&s, "sf_atomic").await;
    c.execute("CREATE TABLE a (n NUMBER(3,0))").await.unwrap();
    let err = c
        .execute_atomic(&[
            "INSERT INTO a VALUES (1)".to_string(),
            "INSERT INTO a VALUES (5000)".to_string(),
        ])
        .await
        .expect_err("5000 does not fit");
    assert_eq!(err.code(), "DVT121", "{err}");
    assert!(err.to_string().contains("snow_out"), "{err}");
    assert_eq!(c.count_rows(&TableName::new(None, "A")).await.unwrap(), 0);
    c.execute_atomic(&[
        "INSERT INTO a VALUES (1)".to_string(),
        "INSERT INTO a VALUES (2)".to_string(),
    ])
    .await
    .unwrap();
    assert_eq!(c.count_rows(&TableName::new(None, "A")).await.unwrap(), 2);
    let bad = c
        .extract("SELECT * FROM no_such_table")
        .await
        .expect_err("missing");
    assert_eq!(bad.code(), "DVT121");
    assert!(bad.to_string().contains("no_such_table"), "{bad}");
}

#[tokio::test]
async fn login_failure_is_dvt120_without_the_password() {
    let s = require_snowflake!();
    let wrong = "Wr0ng-Pa55word-for-the-test";
    let mut conn = connection(&s, "sf_login");
    conn.password = Some(Secret::new(wrong.to_string()));
    let err = SnowflakeConnector::connect(&conn)
        .await
        .expect_err("the proxy refuses a wrong password");
    let text = err.to_string();
    assert_eq!(err.code(), "DVT120", "{text}");
    assert!(text.contains("snow_out"), "{text}");
    assert!(text.contains("Incorrect username or password"), "{text}");
    assert!(!text.contains(wrong), "the password leaked: {text}");
    assert!(
        !format!("{err:?}").contains(wrong),
        "the password leaked: {err:?}"
    );

    // Nothing listening on the port.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    conn.port = Some(port);
    let err = SnowflakeConnector::connect(&conn)
        .await
        .expect_err("nothing listens");
    let text = err.to_string();
    assert_eq!(err.code(), "DVT120", "{text}");
    assert!(text.contains(&format!("127.0.0.1:{port}")), "{text}");
    assert!(!text.contains(wrong), "the password leaked: {text}");

    // No account at all.
    conn.account = None;
    let err = SnowflakeConnector::connect(&conn)
        .await
        .expect_err("no account");
    assert_eq!(err.code(), "DVT120");
}

#[tokio::test]
async fn open_dispatches_snowflake_outputs() {
    let s = require_snowflake!();
    let c = dvt_connectors::open(&connection(&s, &unique_name("sf_open")))
        .await
        .expect("open");
    assert_eq!(c.dialect(), dvt_types::DbKind::Snowflake);
    assert!(dvt_connectors::enabled().contains(&"snowflake"));
    let rows = c.extract("SELECT 1 AS one, 'x' AS s").await.unwrap();
    let b: Vec<RecordBatch> = rows.stream.try_collect().await.unwrap();
    assert_eq!(b[0].num_rows(), 1);
    assert_eq!(b[0].column(1).as_string::<i32>().value(0), "x");
    assert!(b[0].column(0).is_valid(0));
}
