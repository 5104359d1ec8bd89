//! The PostgreSQL connector against a real PostgreSQL server (`scripts/services.sh start &&
//! source .dvt-services/env`); every test works in its own database and is skipped (with a
//! note) when the services are not running — except the connect-error test, which needs none.

use std::sync::Arc;

use arrow_array::cast::AsArray;
use arrow_array::types::{
    Date32Type, Decimal128Type, Decimal256Type, Float32Type, Float64Type, Int16Type, Int32Type,
    Int64Type, IntervalMonthDayNanoType, Time64MicrosecondType, TimestampMicrosecondType,
};
use arrow_array::{Array, ArrayRef, Int32Array, Int64Array, RecordBatch, StringArray};
use arrow_buffer::{IntervalMonthDayNano, i256};
use arrow_schema::{DataType, Field, Schema, TimeUnit};
use dvt_connectors::postgres::PostgresConnector;
use dvt_core::profiles::{Connection, DbKind};
use dvt_core::secret::Secret;
use dvt_io::connector::{Connector, Partitioning, SchemaStream, TableName};
use dvt_testkit::{PgService, TempDatabase};
use dvt_types::DvtType;
use futures::StreamExt;

fn connection(host: &str, port: u16, user: &str, db: &str) -> Connection {
    Connection {
        host: Some(host.to_string()),
        port: Some(port),
        user: Some(user.to_string()),
        database: Some(db.to_string()),
        ..Connection::new("pg_test", DbKind::Postgres)
    }
}

fn conn_for(pg: &PgService, db: &TempDatabase<'_, PgService>) -> Connection {
    connection(&pg.host, pg.port, &pg.user, db.name())
}

async fn open(pg: &PgService, db: &TempDatabase<'_, PgService>) -> PostgresConnector {
    PostgresConnector::connect(&conn_for(pg, db))
        .await
        .expect("connect to the test server")
}

async fn collect(s: SchemaStream) -> Vec<RecordBatch> {
    let mut out = Vec::new();
    let mut stream = s.stream;
    while let Some(b) = stream.next().await {
        out.push(b.expect("batch"));
    }
    out
}

fn one(batches: &[RecordBatch]) -> RecordBatch {
    assert_eq!(batches.len(), 1, "expected one batch");
    batches[0].clone()
}

fn stream_of(schema: Arc<Schema>, batches: Vec<RecordBatch>) -> SchemaStream {
    SchemaStream {
        schema,
        stream: Box::pin(futures::stream::iter(batches.into_iter().map(Ok))),
    }
}

fn micros(y: i32, mo: u32, d: u32, h: u32, mi: u32, s: u32, us: u32) -> i64 {
    chrono::NaiveDate::from_ymd_opt(y, mo, d)
        .unwrap()
        .and_hms_micro_opt(h, mi, s, us)
        .unwrap()
        .and_utc()
        .timestamp_micros()
}

fn days(y: i32, mo: u32, d: u32) -> i32 {
    let epoch = chrono::NaiveDate::from_ymd_opt(1970, 1, 1).unwrap();
    (chrono::NaiveDate::from_ymd_opt(y, mo, d).unwrap() - epoch).num_days() as i32
}

const ALL_TYPES: &str = r#"
CREATE TABLE every (
  id int4 PRIMARY KEY, b bool, i2 int2, i4 int4, i8 int8, f4 real, f8 float8,
  n numeric(30,8), nu numeric, nb numeric(50,5), t text, vc varchar(10), c char(3), nm name,
  by bytea, d date, tm time, ts timestamp, tz timestamptz, iv interval, j json, jb jsonb,
  u uuid, o oid, ai int4[], at text[]
);
INSERT INTO every VALUES
 (1, true, 32767, 2147483647, 9223372036854775807, 1.5, -1e300,
  12345678901234567890.12345678, -0.0000000001,
  1234567890123456789012345678901234567890.12345,
  'héllo ✓ 日本', '', 'ab', 'pg_name', '\x00ff', '1969-12-31', '23:59:59.999999',
  '1900-01-01 00:00:00.000001', '3000-06-15 12:00:00+02', '1 year 2 mons 3 days 04:05:06.789',
  '{"a": [1, 2]}', '{"b": null}', 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', 4294967295,
  '{1,NULL,-3}', '{"x","",NULL}'),
 (2, false, -32768, -2147483648, -9223372036854775808, 'NaN', 'Infinity',
  -9999999999999999999999.99999999, 123456789.123456789012, -0.00001,
  '', 'ten chars!', '', 'x', '', '0001-01-01', '00:00:00',
  '1969-12-31 23:59:59.5', '1901-12-13 20:45:52+00', '-1 days -00:00:01',
  '[]', '"s"', '00000000-0000-0000-0000-000000000000', 0, '{}', '{}'),
 (3, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
  NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL);
"#;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn extracts_every_type_with_edge_values_and_nulls() {
    let pg = dvt_testkit::require_postgres!();
    let db = pg.temp_database("pg_types");
    db.execute_batch(ALL_TYPES);
    let c = open(&pg, &db).await;
    let s = c.extract("SELECT * FROM every ORDER BY id;").await.unwrap();
    let schema = Arc::clone(&s.schema);
    let b = one(&collect(s).await);
    assert_eq!(b.num_rows(), 3);
    assert_eq!(b.schema(), schema);

    let ty = |name: &str| DvtType::from_arrow_field(schema.field_with_name(name).unwrap());
    assert_eq!(ty("n"), DvtType::decimal(30, 8));
    assert_eq!(ty("nu"), DvtType::decimal(38, 10));
    assert_eq!(ty("nb"), DvtType::decimal(50, 5));
    assert_eq!(ty("vc"), DvtType::varchar(10));
    assert_eq!(ty("c"), DvtType::Char { length: 3 });
    assert_eq!(ty("j"), DvtType::JsonText);
    assert_eq!(ty("jb"), DvtType::Json);
    assert_eq!(ty("u"), DvtType::Uuid);
    assert_eq!(ty("tz"), DvtType::timestamp(6, true));
    assert_eq!(ty("ai"), DvtType::array(DvtType::Int32));
    assert_eq!(
        schema.field_with_name("tz").unwrap().data_type(),
        &DataType::Timestamp(TimeUnit::Microsecond, Some("UTC".into()))
    );
    assert_eq!(
        schema.field_with_name("ts").unwrap().data_type(),
        &DataType::Timestamp(TimeUnit::Microsecond, None)
    );

    let col = |name: &str| -> &ArrayRef { b.column(schema.index_of(name).unwrap()) };
    let bools = col("b").as_boolean();
    assert!(bools.value(0) && !bools.value(1));
    let i2 = col("i2").as_primitive::<Int16Type>();
    assert_eq!((i2.value(0), i2.value(1)), (i16::MAX, i16::MIN));
    let i4 = col("i4").as_primitive::<Int32Type>();
    assert_eq!((i4.value(0), i4.value(1)), (i32::MAX, i32::MIN));
    let i8 = col("i8").as_primitive::<Int64Type>();
    assert_eq!((i8.value(0), i8.value(1)), (i64::MAX, i64::MIN));
    let f4 = col("f4").as_primitive::<Float32Type>();
    assert_eq!(f4.value(0), 1.5);
    assert!(f4.value(1).is_nan());
    let f8 = col("f8").as_primitive::<Float64Type>();
    assert_eq!(f8.value(0), -1e300);
    assert_eq!(f8.value(1), f64::INFINITY);
    let n = col("n").as_primitive::<Decimal128Type>();
    assert_eq!(n.value_as_string(0), "12345678901234567890.12345678");
    assert_eq!(n.value_as_string(1), "-9999999999999999999999.99999999");
    let nu = col("nu").as_primitive::<Decimal128Type>();
    assert_eq!(nu.value_as_string(0), "-0.0000000001");
    // 12 fractional digits rounded to the 10 of unconstrained numeric's canonical scale.
    assert_eq!(nu.value_as_string(1), "123456789.1234567890");
    let nb = col("nb").as_primitive::<Decimal256Type>();
    assert_eq!(
        nb.value(0),
        i256::from_string("123456789012345678901234567890123456789012345").unwrap()
    );
    assert_eq!(nb.value(1), i256::from(-1i32));
    let t = col("t").as_string::<i32>();
    assert_eq!((t.value(0), t.value(1)), ("héllo ✓ 日本", ""));
    assert!(!t.is_null(1), "an empty string is not NULL");
    let vc = col("vc").as_string::<i32>();
    assert_eq!((vc.value(0), vc.value(1)), ("", "ten chars!"));
    let ch = col("c").as_string::<i32>();
    assert_eq!((ch.value(0), ch.value(1)), ("ab ", "   "));
    assert_eq!(col("nm").as_string::<i32>().value(0), "pg_name");
    let by = col("by").as_binary::<i32>();
    assert_eq!((by.value(0), by.value(1)), (&[0u8, 0xff][..], &[][..]));
    let d = col("d").as_primitive::<Date32Type>();
    assert_eq!((d.value(0), d.value(1)), (-1, days(1, 1, 1)));
    let tm = col("tm").as_primitive::<Time64MicrosecondType>();
    assert_eq!((tm.value(0), tm.value(1)), (86_399_999_999, 0));
    let ts = col("ts").as_primitive::<TimestampMicrosecondType>();
    assert_eq!(ts.value(0), micros(1900, 1, 1, 0, 0, 0, 1));
    assert_eq!(ts.value(1), -500_000);
    let tz = col("tz").as_primitive::<TimestampMicrosecondType>();
    assert_eq!(tz.value(0), micros(3000, 6, 15, 10, 0, 0, 0));
    assert_eq!(tz.value(1), micros(1901, 12, 13, 20, 45, 52, 0));
    let iv = col("iv").as_primitive::<IntervalMonthDayNanoType>();
    assert_eq!(
        iv.value(0),
        IntervalMonthDayNano::new(14, 3, (4 * 3600 + 5 * 60 + 6) * 1_000_000_000 + 789_000_000)
    );
    assert_eq!(
        iv.value(1),
        IntervalMonthDayNano::new(0, -1, -1_000_000_000)
    );
    let j = col("j").as_string::<i32>();
    assert_eq!((j.value(0), j.value(1)), (r#"{"a": [1, 2]}"#, "[]"));
    let jb = col("jb").as_string::<i32>();
    assert_eq!((jb.value(0), jb.value(1)), (r#"{"b": null}"#, r#""s""#));
    let u = col("u").as_string::<i32>();
    assert_eq!(u.value(0), "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11");
    assert_eq!(u.value(1), "00000000-0000-0000-0000-000000000000");
    let o = col("o").as_primitive::<Int64Type>();
    assert_eq!((o.value(0), o.value(1)), (4_294_967_295, 0));
    let ai = col("ai").as_list::<i32>();
    let first = ai.value(0);
    let first = first.as_primitive::<Int32Type>();
    assert_eq!(first.len(), 3);
    assert_eq!(
        (first.value(0), first.is_null(1), first.value(2)),
        (1, true, -3)
    );
    assert_eq!(ai.value(1).len(), 0);
    assert!(!ai.is_null(1), "an empty array is not NULL");
    let at = col("at").as_list::<i32>();
    let texts = at.value(0);
    let texts = texts.as_string::<i32>();
    assert_eq!((texts.value(0), texts.value(1)), ("x", ""));
    assert!(texts.is_null(2));

    // Row 3: NULL in every column but the key.
    for (i, f) in schema.fields().iter().enumerate().skip(1) {
        assert!(
            b.column(i).is_null(2),
            "column {} of row 3 is not NULL",
            f.name()
        );
        assert!(
            !b.column(i).is_null(0),
            "column {} of row 1 is NULL",
            f.name()
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn round_trip_into_a_created_table_is_exact() {
    let pg = dvt_testkit::require_postgres!();
    let db = pg.temp_database("pg_roundtrip");
    db.execute_batch(ALL_TYPES);
    let c = open(&pg, &db).await;
    let s = c.extract("SELECT * FROM every").await.unwrap();
    let target = TableName::new(None, "copy_of_every");
    let losses = c.create_table(&target, &s.schema).await.unwrap();
    assert!(
        losses.iter().all(|l| l.is_informational()),
        "lossy DDL for a PostgreSQL → PostgreSQL copy: {losses:?}"
    );
    let written = c.load(&target, s).await.unwrap();
    assert_eq!(written, 3);
    // json has no equality operator (compare as jsonb); oid is read as bigint; unconstrained
    // numeric is read at scale 10.
    let cols = "id, b, i2, i4, i8, f4, f8, n, round(nu, 10), nb, t, vc, c, nm::text, by, d, tm, \
                ts, tz, iv, j::jsonb, jb, u, o::int8, ai, at";
    for (a, b) in [("every", "copy_of_every"), ("copy_of_every", "every")] {
        let diff = db.query_strings(&format!(
            "SELECT {cols} FROM {a} EXCEPT ALL SELECT {cols} FROM {b}"
        ));
        assert!(diff.is_empty(), "rows of {a} not in {b}: {diff:?}");
    }
    let types = db.query_strings(
        "SELECT format_type(atttypid, atttypmod) FROM pg_attribute \
         WHERE attrelid = 'copy_of_every'::regclass AND attname IN ('n', 'vc', 'jb', 'u', 'tz') ORDER BY attnum",
    );
    let types: Vec<_> = types.into_iter().map(|r| r[0].clone().unwrap()).collect();
    assert_eq!(
        types,
        [
            "numeric(30,8)",
            "character varying(10)",
            "timestamp with time zone",
            "jsonb",
            "uuid"
        ]
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn many_rows_stream_in_batches() {
    let pg = dvt_testkit::require_postgres!();
    let db = pg.temp_database("pg_many");
    let n: i64 = 50_000 + 123;
    db.execute_batch(&format!(
        "CREATE TABLE big AS SELECT g AS id, md5(g::text) AS h, (g % 7 = 0) AS b, \
         CASE WHEN g % 11 = 0 THEN NULL ELSE g * 1.25 END::numeric(12,2) AS x \
         FROM generate_series(1, {n}) g"
    ));
    let c = open(&pg, &db).await;
    let s = c.extract("SELECT * FROM big ORDER BY id").await.unwrap();
    let batches = collect(s).await;
    let size = dvt_connectors::batch_size();
    assert!(
        batches.len() >= (n as usize).div_ceil(size),
        "{}",
        batches.len()
    );
    assert!(batches.iter().all(|b| b.num_rows() <= size));
    let mut next = 1i64;
    let mut nulls = 0usize;
    let mut sum_x: i128 = 0;
    for b in &batches {
        let ids = b.column(0).as_primitive::<Int32Type>();
        for i in 0..ids.len() {
            assert_eq!(i64::from(ids.value(i)), next);
            next += 1;
        }
        let h = b.column(1).as_string::<i32>();
        assert_eq!(h.value(0).len(), 32);
        let x = b.column(3).as_primitive::<Decimal128Type>();
        nulls += x.null_count();
        sum_x += x.iter().flatten().sum::<i128>();
    }
    assert_eq!(next - 1, n);
    assert_eq!(nulls as i64, n / 11);
    let want = db.query_strings("SELECT (sum(x) * 100)::text FROM big")[0][0]
        .clone()
        .unwrap();
    assert_eq!(sum_x.to_string(), want.trim_end_matches(".00"));
}

fn rows_of(batches: &[RecordBatch]) -> Vec<(Option<i64>, Option<String>)> {
    let mut v = Vec::new();
    for b in batches {
        let k = b.column(0).as_primitive::<Int64Type>();
        let s = b.column(1).as_string::<i32>();
        for i in 0..b.num_rows() {
            v.push((
                k.is_valid(i).then(|| k.value(i)),
                s.is_valid(i).then(|| s.value(i).to_string()),
            ));
        }
    }
    v.sort();
    v
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn partitioned_extract_returns_the_rows_of_the_plain_extract() {
    let pg = dvt_testkit::require_postgres!();
    let db = pg.temp_database("pg_parts");
    db.execute_batch(
        "CREATE TABLE p AS SELECT CASE WHEN g % 97 = 0 THEN NULL ELSE g - 5000 END::int8 AS k, \
         'v' || g AS v FROM generate_series(1, 30000) g; \
         INSERT INTO p VALUES (7, 'dup'), (7, 'dup'), (NULL, NULL)",
    );
    let c = open(&pg, &db).await;
    // A trailing comment must not swallow the wrapping of the query.
    let q = "SELECT k, v FROM p -- every row";
    let plain = rows_of(&collect(c.extract(q).await.unwrap()).await);
    assert_eq!(plain.len(), 30003);
    let streams = c
        .extract_partitioned(
            q,
            &Partitioning {
                column: "k".into(),
                partitions: 4,
            },
        )
        .await
        .unwrap();
    assert_eq!(streams.len(), 5, "4 key ranges and the NULL keys");
    // Rows inserted after the partitions were set up are not seen: one snapshot for all.
    db.execute_batch("INSERT INTO p VALUES (1, 'late'), (NULL, 'late')");
    let tasks: Vec<_> = streams
        .into_iter()
        .map(|s| tokio::spawn(collect(s)))
        .collect();
    let mut all = Vec::new();
    let mut null_part = 0usize;
    for t in tasks {
        let batches = t.await.unwrap();
        let rows = rows_of(&batches);
        if !rows.is_empty() && rows.iter().all(|r| r.0.is_none()) {
            null_part += 1;
        }
        all.extend(rows);
    }
    all.sort();
    assert_eq!(null_part, 1, "exactly one partition holds the NULL keys");
    assert_eq!(all.iter().filter(|r| r.0.is_none()).count(), 30000 / 97 + 1);
    assert_eq!(all, plain);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn load_errors_abort_and_keep_the_previous_rows() {
    let pg = dvt_testkit::require_postgres!();
    let db = pg.temp_database("pg_load_err");
    db.execute_batch(
        "CREATE TABLE t (a int4, s varchar(3), u uuid); \
         INSERT INTO t VALUES (1, 'x', NULL), (2, 'y', NULL)",
    );
    let c = open(&pg, &db).await;
    let schema = Arc::new(Schema::new(vec![
        Field::new("a", DataType::Int64, true),
        Field::new("s", DataType::Utf8, true),
        Field::new("u", DataType::Utf8, true),
    ]));
    let batch = |a: Vec<i64>, s: Vec<&str>, u: Vec<Option<&str>>| {
        RecordBatch::try_new(
            Arc::clone(&schema),
            vec![
                Arc::new(Int64Array::from(a)) as ArrayRef,
                Arc::new(StringArray::from(s)),
                Arc::new(StringArray::from(u)),
            ],
        )
        .unwrap()
    };
    // A first batch big enough (> 1 MiB encoded) to be sent before the bad one.
    let good_n = 120_000usize;
    let good = batch(
        (0..good_n as i64).collect(),
        vec!["abc"; good_n],
        vec![Some("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"); good_n],
    );
    let cases: Vec<(RecordBatch, &str, &str)> = vec![
        (
            batch(vec![5, 2_147_483_648], vec!["a", "b"], vec![None, None]),
            "\"a\"",
            "2147483648",
        ),
        (
            batch(vec![-2_147_483_649], vec!["a"], vec![None]),
            "\"a\"",
            "-2147483649",
        ),
        (batch(vec![5], vec!["abcd"], vec![None]), "\"s\"", "'abcd'"),
        (
            batch(vec![5], vec!["a"], vec![Some("not-a-uuid")]),
            "\"u\"",
            "'not-a-uuid'",
        ),
    ];
    let name = TableName::new(None, "t");
    for (bad, column, value) in cases {
        let e = c
            .load(
                &name,
                stream_of(Arc::clone(&schema), vec![good.clone(), bad]),
            )
            .await
            .unwrap_err();
        assert_eq!(e.code(), "DVT122", "{e}");
        let msg = e.to_string();
        assert!(msg.contains(column) && msg.contains(value), "{msg}");
        assert_eq!(
            db.query_strings("SELECT count(*)::text FROM t")[0][0].as_deref(),
            Some("2"),
            "rows of the failed load were written: {msg}"
        );
    }
    // The values at the very edges of int4 are written.
    let edge = batch(
        vec![i64::from(i32::MAX), i64::from(i32::MIN)],
        vec!["", "ü"],
        vec![None, Some("A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11")],
    );
    let n = c
        .load(&name, stream_of(Arc::clone(&schema), vec![edge]))
        .await
        .unwrap();
    assert_eq!(n, 2);
    assert_eq!(
        db.query_strings("SELECT a::text, s, u::text FROM t WHERE a > 2 OR a < 0 ORDER BY a"),
        vec![
            vec![
                Some("-2147483648".to_string()),
                Some("ü".to_string()),
                Some("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11".to_string())
            ],
            vec![Some("2147483647".to_string()), Some(String::new()), None],
        ]
    );
    // A column the table does not have.
    let other = Arc::new(Schema::new(vec![Field::new("zz", DataType::Int32, true)]));
    let b = RecordBatch::try_new(
        Arc::clone(&other),
        vec![Arc::new(Int32Array::from(vec![1])) as ArrayRef],
    )
    .unwrap();
    let e = c.load(&name, stream_of(other, vec![b])).await.unwrap_err();
    assert_eq!(e.code(), "DVT122");
    assert!(e.to_string().contains("zz"), "{e}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unreachable_port_is_dvt120_without_the_password() {
    // A port nothing listens on: bind one, then close it.
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let mut conn = connection("127.0.0.1", port, "someone", "nodb");
    conn.name = "warehouse_out".into();
    let password = "pw-Sup3rSecret-4711";
    conn.password = Some(Secret::new(password));
    let e = PostgresConnector::connect(&conn).await.unwrap_err();
    assert_eq!(e.code(), "DVT120", "{e}");
    let msg = e.to_string();
    assert!(msg.contains("warehouse_out"), "{msg}");
    assert!(msg.contains(&port.to_string()), "{msg}");
    assert!(!msg.contains(password), "{msg}");
    assert!(!format!("{e:?}").contains(password));
    // Through `open` as well.
    let e = dvt_connectors::open(&conn).await.unwrap_err();
    assert_eq!(e.code(), "DVT120", "{e}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn replace_table_swaps_and_a_failed_replace_keeps_the_target() {
    let pg = dvt_testkit::require_postgres!();
    let db = pg.temp_database("pg_replace");
    db.execute_batch(
        "CREATE TABLE target (a int); INSERT INTO target VALUES (1), (2); \
         CREATE TABLE staging (a int, b text); INSERT INTO staging VALUES (10, 'new')",
    );
    let c = open(&pg, &db).await;
    let target = TableName::new(None, "target");
    c.replace_table(&TableName::new(None, "staging"), &target)
        .await
        .unwrap();
    assert_eq!(
        db.query_strings("SELECT a::text, b FROM target"),
        vec![vec![Some("10".to_string()), Some("new".to_string())]]
    );
    assert!(
        c.table(&TableName::new(None, "staging"))
            .await
            .unwrap()
            .is_none()
    );
    // The staging table is missing: the DROP of the target is rolled back with the rename.
    let e = c
        .replace_table(&TableName::new(None, "no_such_staging"), &target)
        .await
        .unwrap_err();
    assert_eq!(e.code(), "DVT121", "{e}");
    assert_eq!(
        db.query_strings("SELECT a::text, b FROM target"),
        vec![vec![Some("10".to_string()), Some("new".to_string())]]
    );
    // Into a target that does not exist yet, from another schema.
    db.execute_batch(
        "CREATE SCHEMA stage; CREATE TABLE stage.s1 (a int); INSERT INTO stage.s1 VALUES (3)",
    );
    c.replace_table(
        &TableName::new(Some("stage"), "s1"),
        &TableName::new(None, "fresh"),
    )
    .await
    .unwrap();
    assert_eq!(
        db.query_strings("SELECT a::text FROM public.fresh"),
        vec![vec![Some("3".to_string())]]
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn catalog_lists_tables_and_views_with_types_and_estimates() {
    let pg = dvt_testkit::require_postgres!();
    let db = pg.temp_database("pg_catalog");
    db.execute_batch(
        "CREATE DOMAIN posint AS int4 CHECK (VALUE > 0); \
         CREATE TABLE orders (id int8 NOT NULL PRIMARY KEY, name varchar(20), amount numeric(10,2), \
           at timestamptz, tags text[], q posint); \
         INSERT INTO orders SELECT g, 'n', g % 50, CASE WHEN g % 5 = 0 THEN now() END, '{a}', 1 \
           FROM generate_series(1, 500) g; \
         ANALYZE orders; \
         CREATE TABLE never_analyzed (x int); \
         CREATE VIEW big_orders AS SELECT id, amount FROM orders WHERE amount > 100; \
         CREATE SCHEMA other; CREATE TABLE other.elsewhere (y text)",
    );
    let c = open(&pg, &db).await;
    let tables = c.catalog(None).await.unwrap();
    let names: Vec<_> = tables.iter().map(|t| t.name.to_string()).collect();
    assert_eq!(
        names,
        [
            "public.big_orders",
            "public.never_analyzed",
            "public.orders"
        ]
    );
    let orders = &tables[2];
    assert_eq!(orders.row_estimate, Some(500));
    // pg_stats: distinct values (a count, or minus a share of the rows) and NULL rows.
    let stats = |n: &str| {
        let c = orders.columns.iter().find(|c| c.name == n).unwrap();
        (c.distinct, c.nulls)
    };
    assert_eq!(stats("id"), (Some(500), Some(0)), "unique: n_distinct -1");
    assert_eq!(stats("amount"), (Some(50), Some(0)));
    assert_eq!(stats("name"), (Some(1), Some(0)));
    assert_eq!(stats("at").1, Some(400), "4 rows in 5 are NULL");
    assert!(
        tables[1]
            .columns
            .iter()
            .all(|c| c.distinct.is_none() && c.nulls.is_none()),
        "never analyzed: no statistics"
    );
    assert_eq!(tables[1].row_estimate, None, "never analyzed");
    assert_eq!(tables[0].row_estimate, None, "a view");
    assert_eq!(orders.primary_key, ["id"]);
    assert!(tables[1].primary_key.is_empty() && tables[0].primary_key.is_empty());
    let cols: Vec<_> = orders
        .columns
        .iter()
        .map(|c| {
            (
                c.name.as_str(),
                c.native_type.as_str(),
                c.ty.clone(),
                c.nullable,
            )
        })
        .collect();
    assert_eq!(
        cols,
        [
            ("id", "bigint", DvtType::Int64, false),
            ("name", "character varying(20)", DvtType::varchar(20), true),
            ("amount", "numeric(10,2)", DvtType::decimal(10, 2), true),
            (
                "at",
                "timestamp with time zone",
                DvtType::timestamp(6, true),
                true
            ),
            (
                "tags",
                "text[]",
                DvtType::array(DvtType::Varchar { length: None }),
                true
            ),
            ("q", "posint", DvtType::Int32, true),
        ]
    );
    assert_eq!(tables[0].columns.len(), 2);
    let other = c.catalog(Some("other")).await.unwrap();
    assert_eq!(other.len(), 1);
    assert_eq!(other[0].name, TableName::new(Some("other"), "elsewhere"));
    let one = c
        .table(&TableName::new(None, "orders"))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(one, *orders);
    assert!(
        c.table(&TableName::new(None, "nope"))
            .await
            .unwrap()
            .is_none()
    );
    let pre = c.tables_with_prefix(None, "never").await.unwrap();
    assert_eq!(pre, [TableName::new(Some("public"), "never_analyzed")]);
    // Column shapes in one query: the catalog's names and native types, None when missing.
    let shapes = c
        .column_shapes(&[
            TableName::new(None, "orders"),
            TableName::new(None, "nope"),
            TableName::new(Some("other"), "elsewhere"),
        ])
        .await
        .unwrap();
    let of = |t: &dvt_io::connector::CatalogTable| -> Vec<(String, String)> {
        t.columns
            .iter()
            .map(|c| (c.name.clone(), c.native_type.clone()))
            .collect()
    };
    assert_eq!(shapes[0].as_ref(), Some(&of(orders)));
    assert_eq!(shapes[1], None);
    assert_eq!(shapes[2].as_ref(), Some(&of(&other[0])));
    // The prefix is literal (`_` is no wildcard), and another schema is read when named.
    assert!(c.tables_with_prefix(None, "never_a").await.unwrap().len() == 1);
    assert!(
        c.tables_with_prefix(None, "neve_")
            .await
            .unwrap()
            .is_empty()
    );
    assert_eq!(
        c.tables_with_prefix(Some("other"), "else").await.unwrap(),
        [TableName::new(Some("other"), "elsewhere")]
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unreadable_values_and_types_are_named() {
    let pg = dvt_testkit::require_postgres!();
    let db = pg.temp_database("pg_unsupported");
    let c = open(&pg, &db).await;
    // A type the codecs cannot read is read as its text…
    let b = one(&collect(
        c.extract("SELECT 1 AS a, point(1, 2) AS where_am_i")
            .await
            .unwrap(),
    )
    .await);
    assert_eq!(b.column(1).as_string::<i32>().value(0), "(1,2)");
    // …unless the query's output columns cannot be told apart by name.
    let e = c
        .extract("SELECT 1 AS where_am_i, point(1, 2) AS where_am_i")
        .await
        .unwrap_err();
    assert_eq!(e.code(), "DVT123", "{e}");
    let msg = e.to_string();
    assert!(
        msg.contains("where_am_i") && msg.contains("point") && msg.contains("where_am_i::text"),
        "{msg}"
    );
    // NaN in a numeric column: the stream fails naming the column.
    let s = c
        .extract("SELECT v::numeric(10,2) AS price FROM (VALUES ('1'), ('NaN')) x(v)")
        .await
        .unwrap();
    let mut stream = s.stream;
    let mut err = None;
    while let Some(b) = stream.next().await {
        if let Err(e) = b {
            err = Some(e);
        }
    }
    let e = err.expect("NaN must fail");
    assert_eq!(e.code(), "DVT121", "{e}");
    assert!(
        e.to_string().contains("\"price\"") && e.to_string().contains("NaN"),
        "{e}"
    );
    // A statement the server rejects.
    let e = c.extract("SELECT * FROM no_such_table").await.unwrap_err();
    assert_eq!(e.code(), "DVT121");
    assert!(e.to_string().contains("no_such_table"), "{e}");
    // Two-dimensional arrays are refused with a hint.
    let s = c
        .extract("SELECT '{{1,2},{3,4}}'::int4[] AS m")
        .await
        .unwrap();
    let mut stream = s.stream;
    let e = stream.next().await.unwrap().unwrap_err();
    assert!(
        e.to_string().contains("\"m\"") && e.to_string().contains("2-dimensional"),
        "{e}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn execute_atomic_bounds_ping_and_the_default_schema() {
    let pg = dvt_testkit::require_postgres!();
    let db = pg.temp_database("pg_exec");
    db.execute_batch("CREATE SCHEMA analytics");
    let mut conn = conn_for(&pg, &db);
    conn.schema = Some("analytics".into());
    let c = dvt_connectors::open(&conn).await.unwrap();
    c.ping().await.unwrap();
    assert_eq!(c.default_schema().as_deref(), Some("analytics"));
    // Unqualified names go to the output's schema.
    let schema = Schema::new(vec![Field::new("k", DataType::Int64, true)]);
    c.create_table(&TableName::new(None, "t"), &schema)
        .await
        .unwrap();
    assert_eq!(
        c.execute("INSERT INTO t VALUES (1), (5), (NULL)")
            .await
            .unwrap(),
        3
    );
    assert_eq!(
        db.query_strings("SELECT count(*)::text FROM analytics.t")[0][0].as_deref(),
        Some("3")
    );
    assert_eq!(
        c.query_bounds("SELECT min(k), max(k) FROM t")
            .await
            .unwrap(),
        (Some(1), Some(5))
    );
    assert_eq!(
        c.query_bounds("SELECT min(k), max(k) FROM t WHERE k > 100")
            .await
            .unwrap(),
        (None, None)
    );
    let s = c
        .extract("SELECT k FROM t WHERE k IS NOT NULL ORDER BY k")
        .await
        .unwrap();
    let b = collect(s).await;
    assert_eq!(b[0].num_rows(), 2);
    // All or nothing.
    let e = c
        .execute_atomic(&[
            "INSERT INTO t VALUES (100)".to_string(),
            "INSERT INTO t VALUES ('not a number')".to_string(),
        ])
        .await
        .unwrap_err();
    assert_eq!(e.code(), "DVT121");
    assert!(e.to_string().contains("not a number"), "{e}");
    assert_eq!(
        db.query_strings("SELECT count(*)::text FROM analytics.t")[0][0].as_deref(),
        Some("3")
    );
    c.execute_atomic(&[
        "INSERT INTO t VALUES (100)".to_string(),
        "INSERT INTO t VALUES (101)".to_string(),
    ])
    .await
    .unwrap();
    assert_eq!(
        db.query_strings("SELECT count(*)::text FROM analytics.t")[0][0].as_deref(),
        Some("5")
    );
    c.drop_table(&TableName::new(None, "t")).await.unwrap();
    assert!(c.catalog(None).await.unwrap().is_empty());
}
