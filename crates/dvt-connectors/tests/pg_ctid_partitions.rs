//! PostgreSQL extraction split by physical row ranges (`ctid` pages,
//! [`Partitioning::row_ranges`]) against a real server (`scripts/services.sh start && source
//! .dvt-services/env`; skipped with a note without it): the partitions together return the
//! rows of one plain extract — NULLs, duplicates, deleted and updated (HOT and moved) rows
//! included — all in one snapshot.

use arrow_array::cast::AsArray;
use arrow_array::types::Int64Type;
use arrow_array::{Array, RecordBatch};
use dvt_connectors::postgres::PostgresConnector;
use dvt_core::profiles::{Connection, DbKind};
use dvt_io::connector::{Connector, Partitioning, SchemaStream};
use dvt_testkit::{PgService, TempDatabase};
use futures::StreamExt;

type Row = (Option<i64>, Option<String>);

async fn open(pg: &PgService, db: &TempDatabase<'_, PgService>) -> PostgresConnector {
    let conn = Connection {
        host: Some(pg.host.clone()),
        port: Some(pg.port),
        user: Some(pg.user.clone()),
        database: Some(db.name().to_string()),
        ..Connection::new("pg_ctid", DbKind::Postgres)
    };
    PostgresConnector::connect(&conn)
        .await
        .expect("connect to the test server")
}

/// The rows of a stream (an `int8` and a `text` column), in stream order.
async fn rows(s: SchemaStream) -> Vec<Row> {
    let mut out = Vec::new();
    let mut stream = s.stream;
    while let Some(b) = stream.next().await {
        push_rows(&b.expect("batch"), &mut out);
    }
    out
}

fn push_rows(b: &RecordBatch, out: &mut Vec<Row>) {
    let k = b.column(0).as_primitive::<Int64Type>();
    let v = b.column(1).as_string::<i32>();
    for i in 0..b.num_rows() {
        out.push((
            k.is_valid(i).then(|| k.value(i)),
            v.is_valid(i).then(|| v.value(i).to_string()),
        ));
    }
}

/// The rows of every stream, each drained on a task of its own (as the executor reads them),
/// sorted; and how many streams there were.
async fn drain_all(streams: Vec<SchemaStream>) -> (Vec<Row>, usize) {
    let n = streams.len();
    let tasks: Vec<_> = streams.into_iter().map(|s| tokio::spawn(rows(s))).collect();
    let mut all = Vec::new();
    for t in tasks {
        all.extend(t.await.expect("stream task"));
    }
    all.sort();
    (all, n)
}

async fn sorted_plain(c: &PostgresConnector, q: &str) -> Vec<Row> {
    let mut plain = rows(c.extract(q).await.expect("extract")).await;
    plain.sort();
    plain
}

fn pages(db: &TempDatabase<'_, PgService>, table: &str) -> usize {
    let r = db.query_strings(&format!(
        "SELECT (pg_relation_size('{table}') / current_setting('block_size')::int8)::text"
    ));
    r[0][0]
        .as_deref()
        .expect("pages")
        .parse()
        .expect("a number")
}

/// A keyless table with NULLs and duplicate rows, then dead tuples: deleted rows, updates that
/// stay on their page (HOT, fillfactor 70) and updates that move to new pages.
const KEYLESS: &str = "CREATE TABLE t (k int8, v text) WITH (fillfactor = 70); \
    INSERT INTO t SELECT CASE WHEN g % 13 = 0 THEN NULL ELSE g % 5000 END, \
      CASE WHEN g % 17 = 0 THEN NULL ELSE 'v' || (g % 300) END FROM generate_series(1, 20000) g; \
    INSERT INTO t SELECT 42, 'dup' FROM generate_series(1, 50); \
    INSERT INTO t SELECT NULL, NULL FROM generate_series(1, 20); \
    DELETE FROM t WHERE k % 7 = 3; \
    UPDATE t SET v = v || 'u' WHERE k % 11 = 2; \
    UPDATE t SET v = repeat(v, 40) WHERE k % 101 = 5; \
    CREATE MATERIALIZED VIEW mv AS SELECT k, v FROM t; \
    CREATE VIEW vw AS SELECT k, v FROM t";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ctid_ranges_return_every_row_exactly_once() {
    let pg = dvt_testkit::require_postgres!();
    let db = pg.temp_database("pg_ctid");
    db.execute_batch(KEYLESS);
    let table_pages = pages(&db, "t");
    assert!(table_pages > 10, "{table_pages} pages");
    let c = open(&pg, &db).await;
    let queries = [
        "SELECT k, v FROM t",
        "SELECT \"x\".\"k\", x.v FROM \"public\".\"t\" AS x WHERE x.k IS NULL OR x.k > 100 -- c",
        "SELECT k, v FROM mv WHERE v IS NOT NULL;",
    ];
    for q in queries {
        let plain = sorted_plain(&c, q).await;
        assert!(plain.len() > 1000, "{q}");
        for n in [1, 3, 7, table_pages + 5] {
            let streams = c
                .extract_partitioned(q, &Partitioning::row_ranges(n))
                .await
                .unwrap_or_else(|e| panic!("{q} over {n}: {e}"));
            let (all, parts) = drain_all(streams).await;
            assert!(
                parts <= n.min(table_pages + 1),
                "{q}: {parts} streams for {n}"
            );
            if n > 1 {
                assert!(parts > 1, "{q} over {n} read as one stream");
            }
            assert_eq!(all.len(), plain.len(), "{q} over {n}");
            assert!(all == plain, "{q} over {n}: other rows");
        }
    }
}

/// The planner's estimate of a query's rows: what decides whether a large table's filtered
/// read is worth several connections (`PartitionPolicy`).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_planners_estimate_tells_a_selective_read_from_a_whole_one() {
    let pg = dvt_testkit::require_postgres!();
    let db = pg.temp_database("pg_estimate");
    db.execute_batch(&format!("{KEYLESS}; ANALYZE t"));
    let c = open(&pg, &db).await;
    let whole = c
        .estimate_rows("SELECT k, v FROM t")
        .await
        .unwrap()
        .unwrap();
    assert!((10_000..=40_000).contains(&whole), "whole table: {whole}");
    let one = c
        .estimate_rows("SELECT k, v FROM t WHERE k = 4999")
        .await
        .unwrap()
        .unwrap();
    assert!(one < 100, "one key: {one}");
    // A query the server rejects is the query's error, named.
    let e = c.estimate_rows("SELECT nope FROM t").await.unwrap_err();
    assert!(e.to_string().contains("nope"), "{e}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn queries_without_ctid_ranges_are_one_stream() {
    let pg = dvt_testkit::require_postgres!();
    let db = pg.temp_database("pg_ctid_one");
    db.execute_batch(KEYLESS);
    let c = open(&pg, &db).await;
    for q in [
        "SELECT k, v FROM vw",
        "SELECT count(*)::int8 AS k, max(v) AS v FROM t",
        "SELECT k, v FROM t ORDER BY k LIMIT 100",
        "SELECT t.k, u.v FROM t JOIN t AS u ON u.k = t.k + 1 WHERE t.k < 30",
        "SELECT DISTINCT k, v FROM t",
    ] {
        let plain = sorted_plain(&c, q).await;
        let streams = c
            .extract_partitioned(q, &Partitioning::row_ranges(4))
            .await
            .unwrap_or_else(|e| panic!("{q}: {e}"));
        let (all, parts) = drain_all(streams).await;
        assert_eq!(parts, 1, "{q}");
        assert_eq!(all, plain, "{q}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ctid_ranges_read_the_coordinators_snapshot() {
    let pg = dvt_testkit::require_postgres!();
    let db = pg.temp_database("pg_ctid_snap");
    db.execute_batch(KEYLESS);
    let c = open(&pg, &db).await;
    let q = "SELECT k, v FROM t";
    let before = sorted_plain(&c, q).await;
    let streams = c
        .extract_partitioned(q, &Partitioning::row_ranges(3))
        .await
        .expect("partitions");
    assert_eq!(streams.len(), 3);
    // Another connection changes the table after the snapshot: new rows (on the last pages
    // and new ones), deleted and updated rows. The partitions still see the old rows.
    db.execute_batch(
        "INSERT INTO t SELECT g, 'late' FROM generate_series(1, 5000) g; \
         DELETE FROM t WHERE k % 5 = 1; \
         UPDATE t SET v = 'changed' WHERE k % 5 = 2",
    );
    let (all, _) = drain_all(streams).await;
    assert_eq!(all.len(), before.len());
    assert!(all == before, "rows changed after the snapshot were seen");
    assert_ne!(sorted_plain(&c, q).await, before, "the table did change");
}
