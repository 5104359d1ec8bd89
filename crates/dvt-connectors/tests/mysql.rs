//! The MySQL/MariaDB connector against a real MariaDB (`scripts/services.sh start`).

#![cfg(feature = "mysql")]

use std::sync::Arc;
use std::time::Instant;

use arrow_array::cast::AsArray;
use arrow_array::types::{
    Date32Type, Decimal128Type, Decimal256Type, Float32Type, Float64Type, Int8Type, Int16Type,
    Int32Type, Int64Type, Time64MicrosecondType, TimestampMicrosecondType,
    TimestampMillisecondType, TimestampSecondType, UInt8Type, UInt16Type, UInt32Type, UInt64Type,
};
use arrow_array::{Array, ArrayRef, Int8Array, Int64Array, RecordBatch, StringArray};
use arrow_buffer::i256;
use arrow_schema::{DataType, Field, Schema, SchemaRef, TimeUnit};
use dvt_connectors::mysql::MysqlConnector;
use dvt_core::profiles::{Connection, DbKind};
use dvt_core::secret::Secret;
use dvt_io::connector::{Connector, Partitioning, SchemaStream, TableName};
use dvt_testkit::{MariaService, TempDatabase};
use dvt_types::DvtType;
use futures::{StreamExt, TryStreamExt};

fn connection(m: &MariaService, db: &str) -> Connection {
    Connection {
        host: Some(m.host.clone()),
        port: Some(m.port),
        user: Some(m.user.clone()),
        database: Some(db.to_string()),
        schema: Some(db.to_string()),
        ..Connection::new("maria_out", DbKind::MariaDb)
    }
}

async fn open(m: &MariaService, db: &TempDatabase<'_, MariaService>) -> MysqlConnector {
    MysqlConnector::connect(&connection(m, db.name()))
        .await
        .expect("connect")
}

async fn collect(s: SchemaStream) -> (SchemaRef, Vec<RecordBatch>) {
    let schema = s.schema.clone();
    let batches: Vec<RecordBatch> = s.stream.try_collect().await.expect("stream");
    for b in &batches {
        assert_eq!(b.schema(), schema, "every batch has the announced schema");
    }
    (schema, batches)
}

/// The only batch of a small result.
fn single(batches: &[RecordBatch]) -> RecordBatch {
    assert_eq!(batches.len(), 1, "a small result is one batch");
    batches[0].clone()
}

fn err_text(e: &dvt_io::Error) -> String {
    e.to_string()
}

#[tokio::test]
async fn every_type_extracts_with_edge_values() {
    let Some(m) = dvt_testkit::mariadb() else {
        eprintln!("skipped: no MariaDB test server (run ./scripts/test.sh)");
        return;
    };
    let db = m.temp_database("my_types");
    db.execute_batch(
        "CREATE TABLE t (
            id INT NOT NULL PRIMARY KEY,
            b1 TINYINT(1), i8 TINYINT, u8 TINYINT UNSIGNED, i16 SMALLINT, u16 SMALLINT UNSIGNED,
            i24 MEDIUMINT, u24 MEDIUMINT UNSIGNED, i32 INT, u32 INT UNSIGNED,
            i64 BIGINT, u64 BIGINT UNSIGNED,
            f32 FLOAT, f64 DOUBLE,
            d10 DECIMAL(10,2), d38 DECIMAL(38,10), d65 DECIMAL(65,30),
            dt0 DATETIME, dt3 DATETIME(3), dt6 DATETIME(6), ts6 TIMESTAMP(6) NULL,
            dd DATE, tm TIME(6), yr YEAR,
            vc VARCHAR(20), ch CHAR(3), tx TEXT, js JSON,
            vb VARBINARY(10), bl BLOB, bt BIT(1), bt9 BIT(9), en ENUM('x','yy')
        );
        INSERT INTO t VALUES
        (1, 1, -128, 255, -32768, 65535, -8388608, 16777215, -2147483648, 4294967295,
         -9223372036854775808, 18446744073709551615,
         1.5, -2.25e300,
         -12345678.91, -1234567890123456789012345678.0123456789,
         12345678901234567890123456789012345.123456789012345678901234567891,
         '1969-07-20 20:17:40', '1900-01-01 00:00:00.123', '2024-02-29 23:59:59.999999',
         '2038-01-19 03:14:07.999999',
         '0001-01-01', '23:59:59.999999', 2155,
         'héllo 😀 \\\\ \\' q', 'ab', '', '{\"a\": [1, 2, {\"b\": null}]}',
         X'00FF10', X'', b'1', b'100000001', 'yy'),
        (2, 0, 127, 0, 32767, 0, 8388607, 0, 2147483647, 0,
         9223372036854775807, 0,
         -0.0, 0.1,
         0.01, 0.0000000001, -0.000000000000000000000000000001,
         '9999-12-31 23:59:59', '1970-01-01 00:00:00.000', '1970-01-01 00:00:00.000001',
         '1970-01-01 00:00:01.000000',
         '1899-12-31', '00:00:00', 1901,
         '', '', 'x', '[]',
         X'', X'DEADBEEF', b'0', b'0', 'x'),
        (3, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
         NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
         NULL, NULL, NULL, NULL, NULL);",
    );
    let c = open(&m, &db).await;
    let (schema, batches) = collect(c.extract("SELECT * FROM t ORDER BY id").await.unwrap()).await;
    let b = single(&batches);
    assert_eq!(b.num_rows(), 3);
    let col = |n: &str| b.column(schema.index_of(n).unwrap()).clone();
    let dvt = |n: &str| DvtType::from_arrow_field(schema.field_with_name(n).unwrap());

    // Types.
    let expect: &[(&str, DataType)] = &[
        ("b1", DataType::Boolean),
        ("i8", DataType::Int8),
        ("u8", DataType::UInt8),
        ("i16", DataType::Int16),
        ("u16", DataType::UInt16),
        ("i24", DataType::Int32),
        ("u24", DataType::UInt32),
        ("i32", DataType::Int32),
        ("u32", DataType::UInt32),
        ("i64", DataType::Int64),
        ("u64", DataType::UInt64),
        ("f32", DataType::Float32),
        ("f64", DataType::Float64),
        ("d10", DataType::Decimal128(10, 2)),
        ("d38", DataType::Decimal128(38, 10)),
        ("d65", DataType::Decimal256(65, 30)),
        ("dt0", DataType::Timestamp(TimeUnit::Second, None)),
        ("dt3", DataType::Timestamp(TimeUnit::Millisecond, None)),
        ("dt6", DataType::Timestamp(TimeUnit::Microsecond, None)),
        (
            "ts6",
            DataType::Timestamp(TimeUnit::Microsecond, Some("UTC".into())),
        ),
        ("dd", DataType::Date32),
        ("tm", DataType::Time64(TimeUnit::Microsecond)),
        ("yr", DataType::Int16),
        ("vc", DataType::Utf8),
        ("ch", DataType::Utf8),
        ("tx", DataType::Utf8),
        ("js", DataType::Utf8),
        ("vb", DataType::Binary),
        ("bl", DataType::Binary),
        ("bt", DataType::Boolean),
        ("bt9", DataType::Utf8),
        ("en", DataType::Utf8),
    ];
    for (n, dt) in expect {
        assert_eq!(schema.field_with_name(n).unwrap().data_type(), dt, "{n}");
    }
    assert_eq!(dvt("vc"), DvtType::varchar(20));
    assert_eq!(dvt("ch"), DvtType::Char { length: 3 });
    assert_eq!(dvt("en"), DvtType::varchar(2));
    assert_eq!(dvt("vb"), DvtType::Binary { length: Some(10) });
    assert_eq!(dvt("tx"), DvtType::Varchar { length: None });
    // MariaDB's JSON (LONGTEXT + json_valid check) is recognised through the catalog.
    assert_eq!(dvt("js"), DvtType::JsonText);
    assert_eq!(dvt("d65"), DvtType::decimal(65, 30));
    assert_eq!(dvt("ts6"), DvtType::timestamp(6, true));
    assert_eq!(dvt("u64"), DvtType::UInt64);

    // Values of row 1 (index 0) and row 2 (index 1); row 3 is NULL everywhere but id.
    assert!(col("b1").as_boolean().value(0));
    assert!(!col("b1").as_boolean().value(1));
    assert_eq!(col("i8").as_primitive::<Int8Type>().value(0), -128);
    assert_eq!(col("i8").as_primitive::<Int8Type>().value(1), 127);
    assert_eq!(col("u8").as_primitive::<UInt8Type>().value(0), 255);
    assert_eq!(col("i16").as_primitive::<Int16Type>().value(0), -32768);
    assert_eq!(col("u16").as_primitive::<UInt16Type>().value(0), 65535);
    assert_eq!(col("i24").as_primitive::<Int32Type>().value(0), -8388608);
    assert_eq!(col("u24").as_primitive::<UInt32Type>().value(0), 16777215);
    assert_eq!(col("i32").as_primitive::<Int32Type>().value(0), i32::MIN);
    assert_eq!(col("i32").as_primitive::<Int32Type>().value(1), i32::MAX);
    assert_eq!(col("u32").as_primitive::<UInt32Type>().value(0), u32::MAX);
    assert_eq!(col("i64").as_primitive::<Int64Type>().value(0), i64::MIN);
    assert_eq!(col("i64").as_primitive::<Int64Type>().value(1), i64::MAX);
    assert_eq!(col("u64").as_primitive::<UInt64Type>().value(0), u64::MAX);
    assert_eq!(col("f32").as_primitive::<Float32Type>().value(0), 1.5);
    assert_eq!(col("f64").as_primitive::<Float64Type>().value(0), -2.25e300);
    assert_eq!(col("f64").as_primitive::<Float64Type>().value(1), 0.1);
    assert_eq!(
        col("d10").as_primitive::<Decimal128Type>().value(0),
        -1_234_567_891
    );
    assert_eq!(
        col("d38").as_primitive::<Decimal128Type>().value(0),
        -12_345_678_901_234_567_890_123_456_780_123_456_789
    );
    assert_eq!(col("d38").as_primitive::<Decimal128Type>().value(1), 1);
    assert_eq!(
        col("d65").as_primitive::<Decimal256Type>().value(0),
        i256::from_string("12345678901234567890123456789012345123456789012345678901234567891")
            .unwrap()
    );
    assert_eq!(
        col("d65").as_primitive::<Decimal256Type>().value(1),
        i256::from_i128(-1)
    );
    // 1969-07-20 20:17:40 UTC
    assert_eq!(
        col("dt0").as_primitive::<TimestampSecondType>().value(0),
        -14_182_940
    );
    assert_eq!(
        col("dt0").as_primitive::<TimestampSecondType>().value(1),
        253_402_300_799
    );
    assert_eq!(
        col("dt3")
            .as_primitive::<TimestampMillisecondType>()
            .value(0),
        -2_208_988_800_000 + 123
    );
    assert_eq!(
        col("dt6")
            .as_primitive::<TimestampMicrosecondType>()
            .value(0),
        1_709_251_199_999_999
    );
    assert_eq!(
        col("dt6")
            .as_primitive::<TimestampMicrosecondType>()
            .value(1),
        1
    );
    assert_eq!(
        col("ts6")
            .as_primitive::<TimestampMicrosecondType>()
            .value(0),
        2_147_483_647_999_999
    );
    assert_eq!(col("dd").as_primitive::<Date32Type>().value(0), -719_162);
    assert_eq!(col("dd").as_primitive::<Date32Type>().value(1), -25_568);
    assert_eq!(
        col("tm").as_primitive::<Time64MicrosecondType>().value(0),
        86_399_999_999
    );
    assert_eq!(col("yr").as_primitive::<Int16Type>().value(0), 2155);
    assert_eq!(col("vc").as_string::<i32>().value(0), "héllo 😀 \\ ' q");
    assert_eq!(col("vc").as_string::<i32>().value(1), "");
    assert!(col("vc").is_valid(1), "empty string is not NULL");
    assert!(col("vc").is_null(2));
    assert_eq!(col("ch").as_string::<i32>().value(0), "ab");
    assert_eq!(col("tx").as_string::<i32>().value(1), "x");
    let js = col("js").as_string::<i32>().value(0).to_string();
    assert!(js.contains("\"b\": null"), "{js}");
    assert_eq!(col("vb").as_binary::<i32>().value(0), &[0u8, 255, 16]);
    assert_eq!(col("vb").as_binary::<i32>().value(1), b"");
    assert!(col("vb").is_valid(1));
    assert_eq!(
        col("bl").as_binary::<i32>().value(1),
        &[0xde, 0xad, 0xbe, 0xef]
    );
    assert!(col("bt").as_boolean().value(0));
    assert!(!col("bt").as_boolean().value(1));
    assert_eq!(col("bt9").as_string::<i32>().value(0), "257");
    assert_eq!(col("en").as_string::<i32>().value(0), "yy");

    // Row 3: NULL in every column but the key.
    for (i, f) in schema.fields().iter().enumerate() {
        if f.name() != "id" {
            assert!(b.column(i).is_null(2), "{} is NULL", f.name());
        }
        assert!(f.is_nullable());
    }
}

/// `SELECT COUNT(*)` of the rows of `a` not in `b` (as multisets), both ways, in UTC.
fn multiset_diff(db: &TempDatabase<'_, MariaService>, a: &str, b: &str) -> (String, String) {
    let count = |x: &str, y: &str| {
        let rows = db.query_strings(&format!(
            "SET time_zone = '+00:00'; SELECT COUNT(*) FROM ({x} EXCEPT ALL {y}) d"
        ));
        rows[0][0].clone().unwrap()
    };
    (count(a, b), count(b, a))
}

fn count(db: &TempDatabase<'_, MariaService>, table: &str) -> u64 {
    db.query_strings(&format!("SELECT COUNT(*) FROM {table}"))[0][0]
        .as_deref()
        .unwrap()
        .parse()
        .unwrap()
}

const ROUND_TRIP_COLS: &str = "id, b1, i8, u8, i16, u16, i32, u32, i64, u64, f32, f64, d10, d38, \
                               d65, dt0, dt3, dt6, ts6, dd, tm, yr, vc, ch, tx, js, vb, bl, en";

#[tokio::test]
async fn round_trip_into_a_new_table_keeps_every_row() {
    let Some(m) = dvt_testkit::mariadb() else {
        eprintln!("skipped: no MariaDB test server (run ./scripts/test.sh)");
        return;
    };
    let db = m.temp_database("my_round");
    db.execute_batch(
        "CREATE TABLE src (
            id INT, b1 TINYINT(1), i8 TINYINT, u8 TINYINT UNSIGNED, i16 SMALLINT,
            u16 SMALLINT UNSIGNED, i32 INT, u32 INT UNSIGNED, i64 BIGINT, u64 BIGINT UNSIGNED,
            f32 FLOAT, f64 DOUBLE, d10 DECIMAL(10,2), d38 DECIMAL(38,10), d65 DECIMAL(65,30),
            dt0 DATETIME, dt3 DATETIME(3), dt6 DATETIME(6), ts6 TIMESTAMP(6) NULL, dd DATE,
            tm TIME(6), yr YEAR, vc VARCHAR(20), ch CHAR(3), tx TEXT, js JSON, vb VARBINARY(10),
            bl BLOB, en ENUM('x','yy'));
        SET time_zone = '+00:00';
        INSERT INTO src VALUES
        (1, 1, -128, 255, -32768, 65535, -2147483648, 4294967295, -9223372036854775808,
         18446744073709551615, 16777215, -2.25e300, -12345678.91,
         -1234567890123456789012345678.0123456789,
         12345678901234567890123456789012345.123456789012345678901234567891,
         '1969-07-20 20:17:40', '1900-01-01 00:00:00.123', '2024-02-29 23:59:59.999999',
         '2038-01-19 03:14:07.999999', '0001-01-01', '23:59:59.999999', 2155,
         'héllo 😀 \\\\ \\' q', 'ab', 'line\\nbreak\\0nul', '{\"a\": [1, 2]}', X'00FF10', X'',
         'yy'),
        (2, 0, 127, 0, 32767, 0, 2147483647, 0, 9223372036854775807, 0, 1.2345678, 0.1,
         0.01, 0.0000000001, -0.000000000000000000000000000001, '9999-12-31 23:59:59',
         '1970-01-01 00:00:00.000', '1970-01-01 00:00:00.000001', '1970-01-01 00:00:01',
         '1899-12-31', '00:00:00', 1901, '', '', '', '[]', X'', X'DEADBEEF', 'x'),
        (2, 0, 127, 0, 32767, 0, 2147483647, 0, 9223372036854775807, 0, 1.2345678, 0.1,
         0.01, 0.0000000001, -0.000000000000000000000000000001, '9999-12-31 23:59:59',
         '1970-01-01 00:00:00.000', '1970-01-01 00:00:00.000001', '1970-01-01 00:00:01',
         '1899-12-31', '00:00:00', 1901, '', '', '', '[]', X'', X'DEADBEEF', 'x'),
        (NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
         NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
         NULL);",
    );
    let c = open(&m, &db).await;
    let s = c.extract("SELECT * FROM src").await.unwrap();
    let dst = TableName::new(None, "dst");
    c.create_table(&dst, &s.schema).await.unwrap();
    let n = c.load(&dst, s).await.unwrap();
    assert_eq!(n, 4);
    assert_eq!(count(&db, "dst"), 4);
    let a = format!("SELECT {ROUND_TRIP_COLS} FROM src");
    let b = format!("SELECT {ROUND_TRIP_COLS} FROM dst");
    assert_eq!(multiset_diff(&db, &a, &b), ("0".into(), "0".into()));
    // The JSON column was created as JSON on the target too.
    let t = c.table(&dst).await.unwrap().unwrap();
    let js = t.columns.iter().find(|c| c.name == "js").unwrap();
    assert_eq!(js.ty, DvtType::JsonText);
    // The NULL row came back NULL in every column (not empty strings or zeros).
    let nulls = db.query_strings(&format!(
        "SELECT COUNT(*) FROM dst WHERE {}",
        ROUND_TRIP_COLS
            .split(", ")
            .map(|c| format!("{c} IS NULL"))
            .collect::<Vec<_>>()
            .join(" AND ")
    ));
    assert_eq!(nulls[0][0].as_deref(), Some("1"));
    // FLOAT kept all its bits (MariaDB's text protocol would print 16777200).
    let f = db.query_strings("SELECT CAST(f32 AS DOUBLE) FROM dst WHERE id = 1");
    assert_eq!(f[0][0].as_deref(), Some("16777215"));
}

#[tokio::test]
async fn many_rows_stream_in_batches_and_load_back() {
    let Some(m) = dvt_testkit::mariadb() else {
        eprintln!("skipped: no MariaDB test server (run ./scripts/test.sh)");
        return;
    };
    let rows: u64 = std::env::var("DVT_MYSQL_BENCH_ROWS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(60_000);
    let db = m.temp_database("my_many");
    db.execute_batch(&format!(
        "CREATE TABLE big (id BIGINT PRIMARY KEY, k INT, name VARCHAR(40), amount DECIMAL(12,2),
                           at DATETIME(6), flag TINYINT(1), note TEXT);
         SET SESSION max_recursive_iterations = 100000000;
         INSERT INTO big
         WITH RECURSIVE seq(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq WHERE n < {rows})
         SELECT n, IF(n % 7 = 0, NULL, n % 1000), CONCAT('name-', n), n * 1.25,
                TIMESTAMPADD(MICROSECOND, n * 1001, '2020-01-01'), n % 2,
                IF(n % 5 = 0, NULL, REPEAT('x', n % 50))
         FROM seq"
    ));
    let mut conn = connection(&m, db.name());
    if let Ok(chunk) = std::env::var("DVT_MYSQL_INSERT_CHUNK") {
        conn.extra.insert("insert_chunk_bytes".into(), chunk);
    }
    let c = MysqlConnector::connect(&conn).await.unwrap();
    let t0 = Instant::now();
    let (schema, batches) = collect(c.extract("SELECT * FROM big").await.unwrap()).await;
    let extract_secs = t0.elapsed().as_secs_f64();
    let total: usize = batches.iter().map(RecordBatch::num_rows).sum();
    assert_eq!(total as u64, rows);
    assert!(batches.len() >= (rows as usize).div_ceil(8192));
    assert!(batches.iter().all(|b| b.num_rows() <= 8192));
    assert!(
        batches[..batches.len() - 1]
            .iter()
            .all(|b| b.num_rows() == 8192)
    );
    let id_sum: i64 = batches
        .iter()
        .map(|b| {
            b.column(0)
                .as_primitive::<Int64Type>()
                .iter()
                .flatten()
                .sum::<i64>()
        })
        .sum();
    assert_eq!(id_sum as u64, rows * (rows + 1) / 2);

    let copy = TableName::new(None, "big_copy");
    c.create_table(&copy, &schema).await.unwrap();
    let stream = SchemaStream {
        schema: schema.clone(),
        stream: Box::pin(futures::stream::iter(batches.into_iter().map(Ok))),
    };
    let t1 = Instant::now();
    let n = c.load(&copy, stream).await.unwrap();
    let load_secs = t1.elapsed().as_secs_f64();
    assert_eq!(n, rows);
    eprintln!(
        "measure: {rows} rows × 7 cols: extract {:.0} rows/s, load (multi-row INSERT) {:.0} rows/s",
        rows as f64 / extract_secs,
        rows as f64 / load_secs
    );
    // An order-independent row hash (no on-disk temporary table for EXCEPT ALL of 50k+ rows).
    let digest = |t: &str| {
        db.query_strings(&format!(
            "SELECT COUNT(*), SUM(CRC32(CONCAT_WS('|', id, COALESCE(k, '\\N'), name, amount, at, \
             flag, COALESCE(note, '\\N')))) FROM {t}"
        ))
    };
    assert_eq!(digest("big"), digest("big_copy"));
}

#[tokio::test]
async fn partitioned_extract_returns_exactly_the_plain_rows() {
    let Some(m) = dvt_testkit::mariadb() else {
        eprintln!("skipped: no MariaDB test server (run ./scripts/test.sh)");
        return;
    };
    let db = m.temp_database("my_part");
    db.execute_batch(
        "CREATE TABLE p (k BIGINT, v VARCHAR(10));
         SET SESSION max_recursive_iterations = 100000;
         INSERT INTO p
         WITH RECURSIVE seq(n) AS (SELECT -50 UNION ALL SELECT n + 1 FROM seq WHERE n < 1000)
         SELECT IF(n % 13 = 0, NULL, n), CONCAT('v', n) FROM seq;
         INSERT INTO p VALUES (5, 'dup'), (5, 'dup'), (NULL, NULL);",
    );
    let c = open(&m, &db).await;
    let rows_of = |batches: &[RecordBatch]| -> Vec<(Option<i64>, Option<String>)> {
        let mut out = Vec::new();
        for b in batches {
            let k = b.column(0).as_primitive::<Int64Type>();
            let v = b.column(1).as_string::<i32>();
            for i in 0..b.num_rows() {
                out.push((
                    k.is_valid(i).then(|| k.value(i)),
                    v.is_valid(i).then(|| v.value(i).to_string()),
                ));
            }
        }
        out.sort();
        out
    };
    let q = "SELECT k, v FROM p";
    let (_, plain) = collect(c.extract(q).await.unwrap()).await;
    let plain = rows_of(&plain);
    assert_eq!(plain.len(), 1051 + 3);
    let parts = c
        .extract_partitioned(
            q,
            &Partitioning {
                column: "k".into(),
                partitions: 4,
            },
        )
        .await
        .unwrap();
    assert_eq!(parts.len(), 5, "4 ranges and the NULL keys");
    let mut all = Vec::new();
    for (i, p) in parts.into_iter().enumerate() {
        let (_, b) = collect(p).await;
        let r = rows_of(&b);
        assert!(!r.is_empty(), "partition {i} has rows");
        all.extend(r);
    }
    all.sort();
    assert_eq!(all, plain);
    assert!(all.iter().filter(|(k, _)| k.is_none()).count() > 1);
}

fn tiny_stream(ids: Vec<i64>, tiny: Vec<Option<i8>>, s: Vec<Option<&str>>) -> SchemaStream {
    let schema = Arc::new(Schema::new(vec![
        Field::new("id", DataType::Int64, false),
        Field::new("t", DataType::Int8, true),
        Field::new("s", DataType::Utf8, true),
    ]));
    let batch = RecordBatch::try_new(
        schema.clone(),
        vec![
            Arc::new(Int64Array::from(ids)),
            Arc::new(Int8Array::from(tiny)),
            Arc::new(StringArray::from(s)),
        ],
    )
    .unwrap();
    SchemaStream {
        schema,
        stream: Box::pin(futures::stream::iter(vec![Ok(batch)])),
    }
}

#[tokio::test]
async fn a_value_the_column_cannot_hold_fails_the_load_and_writes_nothing() {
    let Some(m) = dvt_testkit::mariadb() else {
        eprintln!("skipped: no MariaDB test server (run ./scripts/test.sh)");
        return;
    };
    let db = m.temp_database("my_overflow");
    db.execute_batch(
        "CREATE TABLE o (id BIGINT, t TINYINT UNSIGNED, s VARCHAR(3));
         INSERT INTO o VALUES (1, 1, 'a'), (2, 2, 'b');",
    );
    // Small statements, so that several are sent (and committed to the transaction) before
    // the failing one.
    let mut conn = connection(&m, db.name());
    conn.extra
        .insert("insert_chunk_bytes".into(), "4096".into());
    let c = MysqlConnector::connect(&conn).await.unwrap();
    let o = TableName::new(None, "o");
    // A good batch of many rows, then one that overflows: nothing of either stays.
    let good: Vec<i64> = (10..5010).collect();
    let schema = tiny_stream(vec![], vec![], vec![]).schema;
    let mk = |ids: Vec<i64>, t: Vec<Option<i8>>, s: Vec<Option<&str>>| {
        RecordBatch::try_new(
            schema.clone(),
            vec![
                Arc::new(Int64Array::from(ids)) as ArrayRef,
                Arc::new(Int8Array::from(t)),
                Arc::new(StringArray::from(s)),
            ],
        )
        .unwrap()
    };
    let b1 = mk(
        good.clone(),
        vec![Some(3); good.len()],
        vec![Some("abc"); good.len()],
    );
    // -1 into TINYINT UNSIGNED is out of range.
    let b2 = mk(vec![99], vec![Some(-1)], vec![Some("x")]);
    let stream = SchemaStream {
        schema: schema.clone(),
        stream: Box::pin(futures::stream::iter(vec![Ok(b1), Ok(b2)])),
    };
    let e = c.load(&o, stream).await.unwrap_err();
    assert_eq!(e.code(), "DVT122", "{e}");
    let msg = err_text(&e);
    assert!(msg.contains(&o.to_string()), "{msg}");
    assert!(msg.contains("Out of range"), "{msg}");
    assert_eq!(count(&db, "o"), 2);

    // A too-long string.
    let e = c
        .load(&o, tiny_stream(vec![3], vec![Some(1)], vec![Some("abcd")]))
        .await
        .unwrap_err();
    assert_eq!(e.code(), "DVT122", "{e}");
    assert!(err_text(&e).contains("Data too long"), "{e}");
    assert_eq!(count(&db, "o"), 2);

    // And a good load still works afterwards on the same pool.
    let n = c
        .load(&o, tiny_stream(vec![3], vec![Some(100)], vec![Some("xyz")]))
        .await
        .unwrap();
    assert_eq!(n, 1);
    assert_eq!(count(&db, "o"), 3);
}

#[tokio::test]
async fn unreachable_port_and_wrong_password_are_dvt120_without_the_password() {
    let Some(m) = dvt_testkit::mariadb() else {
        eprintln!("skipped: no MariaDB test server (run ./scripts/test.sh)");
        return;
    };
    let db = m.temp_database("my_conn");
    // A port nobody listens on: bind one, then free it.
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let mut conn = connection(&m, db.name());
    conn.port = Some(port);
    conn.password = Some(Secret::new("Sup3r-Secret-pw"));
    let e = MysqlConnector::connect(&conn).await.unwrap_err();
    assert_eq!(e.code(), "DVT120", "{e}");
    let msg = err_text(&e);
    assert!(msg.contains("maria_out"), "{msg}");
    assert!(msg.contains(&port.to_string()), "{msg}");
    assert!(!msg.contains("Sup3r-Secret-pw"), "{msg}");
    assert!(!format!("{e:?}").contains("Sup3r-Secret-pw"));

    // A user with a password; the wrong one is refused, the right one works.
    let user = dvt_testkit::unique_name("u");
    db.execute_batch(&format!(
        "CREATE USER '{user}'@'%' IDENTIFIED BY 'right-pw-42'; \
         GRANT ALL ON `{}`.* TO '{user}'@'%'",
        db.name()
    ));
    let mut conn = connection(&m, db.name());
    conn.user = Some(user.clone());
    conn.password = Some(Secret::new("wrong-pw-17"));
    let e = MysqlConnector::connect(&conn).await.unwrap_err();
    assert_eq!(e.code(), "DVT120", "{e}");
    let msg = err_text(&e);
    assert!(msg.contains("maria_out"), "{msg}");
    assert!(msg.contains("Access denied"), "{msg}");
    assert!(!msg.contains("wrong-pw-17"), "{msg}");
    conn.password = Some(Secret::new("right-pw-42"));
    let c = MysqlConnector::connect(&conn).await.unwrap();
    c.ping().await.unwrap();
    assert_eq!(c.default_schema().as_deref(), Some(db.name()));
    drop(c);
    db.execute_batch(&format!("DROP USER '{user}'@'%'"));
}

#[tokio::test]
async fn replace_table_swaps_and_a_failed_replace_keeps_the_target() {
    let Some(m) = dvt_testkit::mariadb() else {
        eprintln!("skipped: no MariaDB test server (run ./scripts/test.sh)");
        return;
    };
    let db = m.temp_database("my_replace");
    db.execute_batch(
        "CREATE TABLE target (a INT); INSERT INTO target VALUES (1);
         CREATE TABLE staging (a INT, b TEXT); INSERT INTO staging VALUES (2, 'new'), (3, 'x');",
    );
    let c = open(&m, &db).await;
    let target = TableName::new(Some(db.name()), "target");
    let staging = TableName::new(None, "staging");
    c.replace_table(&staging, &target).await.unwrap();
    assert_eq!(
        db.query_strings("SELECT a, b FROM target ORDER BY a"),
        vec![
            vec![Some("2".into()), Some("new".into())],
            vec![Some("3".into()), Some("x".into())]
        ]
    );
    let names: Vec<String> = c
        .catalog(None)
        .await
        .unwrap()
        .into_iter()
        .map(|t| t.name.name)
        .collect();
    assert_eq!(
        names,
        vec!["target".to_string()],
        "staging and old are gone"
    );

    // The staging table is missing: an error, and the target is as it was.
    let e = c
        .replace_table(&TableName::new(None, "no_such_staging"), &target)
        .await
        .unwrap_err();
    assert_eq!(e.code(), "DVT121", "{e}");
    assert_eq!(count(&db, "target"), 2);

    // No target yet: a plain rename.
    db.execute_batch("CREATE TABLE s2 (z INT); INSERT INTO s2 VALUES (7)");
    c.replace_table(&TableName::new(None, "s2"), &TableName::new(None, "fresh"))
        .await
        .unwrap();
    assert_eq!(
        db.query_strings("SELECT z FROM fresh"),
        vec![vec![Some("7".into())]]
    );
}

#[tokio::test]
async fn catalog_lists_tables_with_types_nullability_and_estimates() {
    let Some(m) = dvt_testkit::mariadb() else {
        eprintln!("skipped: no MariaDB test server (run ./scripts/test.sh)");
        return;
    };
    let db = m.temp_database("my_catalog");
    db.execute_batch(
        "CREATE TABLE a (id INT UNSIGNED NOT NULL PRIMARY KEY, flag TINYINT(1), amount DECIMAL(12,3),
                         j JSON, e ENUM('s','mmm'), at DATETIME(6), bits BIT(1));
         INSERT INTO a (id) VALUES (1), (2), (3);
         CREATE TABLE b (x VARCHAR(7)); CREATE VIEW v AS SELECT id FROM a;
         CREATE INDEX a_flag ON a (flag, amount);
         ANALYZE TABLE a;",
    );
    let c = open(&m, &db).await;
    let cat = c.catalog(None).await.unwrap();
    let names: Vec<&str> = cat.iter().map(|t| t.name.name.as_str()).collect();
    assert_eq!(names, ["a", "b", "v"]);
    let a = &cat[0];
    assert_eq!(a.name.schema.as_deref(), Some(db.name()));
    assert_eq!(a.row_estimate, Some(3));
    // Index statistics: the leading column of each index has a distinct estimate.
    let distinct = |n: &str| a.columns.iter().find(|c| c.name == n).unwrap().distinct;
    assert_eq!(distinct("id"), Some(3));
    assert!(distinct("flag").is_some(), "leads an index");
    assert_eq!(distinct("amount"), None, "second in its index");
    assert_eq!(cat[2].row_estimate, None, "a view has no estimate");
    assert_eq!(a.primary_key, ["id"]);
    assert!(cat[1].primary_key.is_empty() && cat[2].primary_key.is_empty());
    let col = |n: &str| a.columns.iter().find(|c| c.name == n).unwrap();
    assert_eq!(col("id").ty, DvtType::UInt32);
    assert!(!col("id").nullable);
    assert!(col("flag").nullable);
    assert_eq!(col("flag").ty, DvtType::Boolean);
    assert_eq!(col("amount").ty, DvtType::decimal(12, 3));
    assert_eq!(col("amount").native_type, "decimal(12,3)");
    assert_eq!(col("j").ty, DvtType::JsonText);
    assert_eq!(col("e").ty, DvtType::varchar(3));
    assert_eq!(col("at").ty, DvtType::timestamp(6, false));
    assert_eq!(col("bits").ty, DvtType::Boolean);
    assert_eq!(
        a.columns
            .iter()
            .map(|c| c.name.as_str())
            .collect::<Vec<_>>(),
        ["id", "flag", "amount", "j", "e", "at", "bits"]
    );
    let b = c.table(&TableName::new(None, "b")).await.unwrap().unwrap();
    assert_eq!(b.columns[0].ty, DvtType::varchar(7));
    assert!(
        c.table(&TableName::new(None, "nope"))
            .await
            .unwrap()
            .is_none()
    );
    assert_eq!(
        c.tables_with_prefix(None, "b").await.unwrap(),
        vec![TableName::new(Some(db.name()), "b")]
    );
}

#[tokio::test]
async fn execute_counts_rows_and_execute_atomic_rolls_back() {
    let Some(m) = dvt_testkit::mariadb() else {
        eprintln!("skipped: no MariaDB test server (run ./scripts/test.sh)");
        return;
    };
    let db = m.temp_database("my_exec");
    let c = open(&m, &db).await;
    c.execute("CREATE TABLE e (a INT)").await.unwrap();
    assert_eq!(
        c.execute("INSERT INTO e VALUES (1), (2); INSERT INTO e VALUES (3)")
            .await
            .unwrap(),
        3
    );
    let e = c
        .execute_atomic(&[
            "INSERT INTO e VALUES (10)".to_string(),
            "INSERT INTO e VALUES ('not a number')".to_string(),
        ])
        .await
        .unwrap_err();
    assert_eq!(e.code(), "DVT121", "{e}");
    assert_eq!(count(&db, "e"), 3);
    c.execute_atomic(&["INSERT INTO e VALUES (10)".to_string()])
        .await
        .unwrap();
    assert_eq!(count(&db, "e"), 4);
    // Session settings: UTC, strict, backticks.
    let (_, b) = collect(
        c.extract("SELECT @@session.time_zone AS tz, @@session.sql_mode AS m")
            .await
            .unwrap(),
    )
    .await;
    let b = single(&b);
    assert_eq!(b.column(0).as_string::<i32>().value(0), "+00:00");
    let mode = b.column(1).as_string::<i32>().value(0).to_string();
    assert!(mode.contains("STRICT_ALL_TABLES"), "{mode}");
    assert!(!mode.contains("ANSI_QUOTES"), "{mode}");
    assert_eq!(c.quote(), '`');
    assert_eq!(
        c.query_bounds("SELECT MIN(a), MAX(a) FROM e")
            .await
            .unwrap(),
        (Some(1), Some(10))
    );
    assert_eq!(
        c.query_bounds("SELECT MIN(a), MAX(a) FROM e WHERE a > 100")
            .await
            .unwrap(),
        (None, None)
    );
    let bad = c.extract("SELECT * FROM no_such_table").await.unwrap_err();
    assert_eq!(bad.code(), "DVT121", "{bad}");
}

#[tokio::test]
async fn zero_dates_are_an_error_naming_the_column() {
    let Some(m) = dvt_testkit::mariadb() else {
        eprintln!("skipped: no MariaDB test server (run ./scripts/test.sh)");
        return;
    };
    let db = m.temp_database("my_zero");
    // The test session's default sql_mode allows zero dates (dvt's sessions do not).
    db.execute_batch(
        "SET sql_mode = '';
         CREATE TABLE z (id INT, legacy_date DATE, legacy_at DATETIME);
         INSERT INTO z VALUES (1, '0000-00-00', '2020-01-01'), (2, '2020-01-01', '0000-00-00 00:00:00');",
    );
    let c = open(&m, &db).await;
    for (col, id) in [("legacy_date", 1), ("legacy_at", 2)] {
        let s = c
            .extract(&format!("SELECT {col} FROM z WHERE id = {id}"))
            .await
            .unwrap();
        let e = s.stream.try_collect::<Vec<_>>().await.unwrap_err();
        assert_eq!(e.code(), "DVT121", "{e}");
        assert!(e.to_string().contains(col), "{e}");
        assert!(e.to_string().contains("NULLIF"), "{e}");
    }
    // The documented way out.
    let (_, b) = collect(
        c.extract("SELECT NULLIF(legacy_date, '0000-00-00') AS d FROM z ORDER BY id")
            .await
            .unwrap(),
    )
    .await;
    let b = single(&b);
    assert!(b.column(0).is_null(0));
    assert!(b.column(0).is_valid(1));
}

#[tokio::test]
async fn concurrent_extracts_share_the_pool_and_open_works() {
    let Some(m) = dvt_testkit::mariadb() else {
        eprintln!("skipped: no MariaDB test server (run ./scripts/test.sh)");
        return;
    };
    let db = m.temp_database("my_conc");
    db.execute_batch("CREATE TABLE c (a INT); INSERT INTO c VALUES (1), (2), (3);");
    let c: Arc<dyn Connector> = dvt_connectors::open(&connection(&m, db.name()))
        .await
        .unwrap();
    assert_eq!(c.dialect(), dvt_types::DbKind::MariaDb);
    let tasks: Vec<_> = (0..8)
        .map(|i| {
            let c = Arc::clone(&c);
            tokio::spawn(async move {
                let s = c
                    .extract(&format!("SELECT a + {i} AS a FROM c ORDER BY a"))
                    .await
                    .unwrap();
                let b: Vec<RecordBatch> = s.stream.try_collect().await.unwrap();
                b.iter()
                    .map(|b| {
                        b.column(0)
                            .as_primitive::<Int64Type>()
                            .iter()
                            .flatten()
                            .sum::<i64>()
                    })
                    .sum::<i64>()
            })
        })
        .collect();
    for (i, t) in tasks.into_iter().enumerate() {
        assert_eq!(t.await.unwrap(), 6 + 3 * i as i64);
    }
    // A stream dropped half-way leaves the pool usable.
    let mut s = c.extract("SELECT a FROM c").await.unwrap();
    let _ = s.stream.next().await;
    drop(s);
    c.ping().await.unwrap();
}

#[tokio::test]
async fn float_extremes_round_trip() {
    let Some(m) = dvt_testkit::mariadb() else {
        eprintln!("skipped: no MariaDB test server (run ./scripts/test.sh)");
        return;
    };
    let db = m.temp_database("my_float");
    let c = open(&m, &db).await;
    let schema = Arc::new(Schema::new(vec![
        Field::new("f", DataType::Float32, true),
        Field::new("d", DataType::Float64, true),
    ]));
    let batch = RecordBatch::try_new(
        schema.clone(),
        vec![
            Arc::new(arrow_array::Float32Array::from(vec![
                Some(f32::MAX),
                Some(f32::MIN_POSITIVE),
                Some(0.1),
                Some(-16777215.0),
                None,
            ])),
            Arc::new(arrow_array::Float64Array::from(vec![
                Some(f64::MAX),
                Some(f64::MIN_POSITIVE),
                Some(0.1),
                Some(-1e-300),
                None,
            ])),
        ],
    )
    .unwrap();
    let t = TableName::new(None, "fl");
    c.create_table(&t, &schema).await.unwrap();
    let stream = SchemaStream {
        schema: schema.clone(),
        stream: Box::pin(futures::stream::iter(vec![Ok(batch.clone())])),
    };
    assert_eq!(c.load(&t, stream).await.unwrap(), 5);
    let (_, back) = collect(c.extract("SELECT f, d FROM fl").await.unwrap()).await;
    let back = single(&back);
    assert_eq!(
        back.column(0).as_primitive::<Float32Type>(),
        batch.column(0).as_primitive::<Float32Type>()
    );
    assert_eq!(
        back.column(1).as_primitive::<Float64Type>(),
        batch.column(1).as_primitive::<Float64Type>()
    );
    // NaN has no MySQL value: DVT122, nothing written.
    let nan = RecordBatch::try_new(
        schema.clone(),
        vec![
            Arc::new(arrow_array::Float32Array::from(vec![Some(1.0)])),
            Arc::new(arrow_array::Float64Array::from(vec![Some(f64::NAN)])),
        ],
    )
    .unwrap();
    let stream = SchemaStream {
        schema,
        stream: Box::pin(futures::stream::iter(vec![Ok(nan)])),
    };
    let e = c.load(&t, stream).await.unwrap_err();
    assert_eq!(e.code(), "DVT122", "{e}");
    assert_eq!(count(&db, "fl"), 5);
}
