//! PostgreSQL binary COPY throughput of the native connector against `psql`, the practical
//! single-stream limit (`cargo bench --bench pg_copy`; needs the test services:
//! `scripts/services.sh start && source .dvt-services/env`).
//!
//! With N rows × 9 mixed columns (generate_series), best of 3 runs each:
//! (a) `psql \copy (SELECT …) TO '/dev/null' (FORMAT binary)` vs (b) the connector's extract,
//! draining the Arrow stream; (c) `psql \copy t FROM file (FORMAT binary)` vs (d) the
//! connector's load of the same rows as Arrow batches into an empty table.
//!
//! Then (e) a keyless table of M rows read as one stream against `ctid` page ranges
//! (`Partitioning::row_ranges`) over 2 and 4 connections, all streams drained at once; the row
//! counts must be equal.
//!
//! N is 1,000,000 and M 6,000,000 under `cargo bench`, 20,000 both otherwise (`cargo test
//! --bench pg_copy`), so the test run stays quick; it never fails on timing.

use std::sync::Arc;
use std::time::{Duration, Instant};

use dvt_connectors::postgres::PostgresConnector;
use dvt_io::connector::{Connector, Partitioning, SchemaStream, TableName};
use futures::StreamExt;

mod common;
use common::Pg;

fn best_of<F: FnMut() -> Duration>(runs: usize, mut f: F) -> Duration {
    (0..runs).map(|_| f()).min().expect("at least one run")
}

fn rate(rows: usize, d: Duration) -> f64 {
    rows as f64 / d.as_secs_f64()
}

/// `SELECT` of `rows` rows × 9 mixed columns (no key).
fn nine_columns(rows: usize) -> String {
    format!(
        "SELECT g::int8 AS id, (g % 1000)::int4 AS i4, g * 0.5::float8 AS f8, \
         (g * 1.25)::numeric(12,2) AS amount, md5(g::text) AS h, 'name_' || (g % 100) AS name, \
         timestamptz '2020-01-01 00:00:00+00' + g * interval '1 second' AS ts, \
         date '2000-01-01' + (g % 10000) AS d, (g % 3 = 0) AS flag \
         FROM generate_series(1, {rows}) g"
    )
}

/// Drains every stream on a task of its own; the rows read in all.
async fn drain(streams: Vec<SchemaStream>) -> usize {
    let tasks: Vec<_> = streams
        .into_iter()
        .map(|s| {
            tokio::spawn(async move {
                let mut stream = s.stream;
                let mut n = 0;
                while let Some(b) = stream.next().await {
                    n += b.expect("batch").num_rows();
                }
                n
            })
        })
        .collect();
    let mut n = 0;
    for t in tasks {
        n += t.await.expect("drain task");
    }
    n
}

/// (e) A keyless table read as one stream and as `ctid` ranges over 2 and 4 connections.
fn ctid_ranges(pg: &Pg, rt: &tokio::runtime::Runtime, c: &PostgresConnector, rows: usize) {
    let table = format!("dvt_bench_keyless_{}", std::process::id());
    pg.psql(&format!("CREATE TABLE {table} AS {}", nine_columns(rows)));
    pg.psql(&format!("VACUUM ANALYZE {table}"));
    let query = format!("SELECT * FROM {table}");
    println!("ctid ranges: {rows} rows x 9 columns, keyless, best of 3");
    let mut single = None;
    for n in [1, 2, 4] {
        let mut counts = Vec::new();
        let best = best_of(3, || {
            rt.block_on(async {
                let t = Instant::now();
                let streams = if n == 1 {
                    vec![c.extract(&query).await.expect("extract")]
                } else {
                    let p = Partitioning::row_ranges(n);
                    c.extract_partitioned(&query, &p).await.expect("partitions")
                };
                counts.push(drain(streams).await);
                t.elapsed()
            })
        });
        assert!(counts.iter().all(|&k| k == rows), "{n}: {counts:?} rows");
        let one = *single.get_or_insert(best);
        println!(
            "ctid     {n} connection(s)          {:>8.2} s {:>12.0} rows/s   x{:.2} of one stream",
            best.as_secs_f64(),
            rate(rows, best),
            one.as_secs_f64() / best.as_secs_f64()
        );
    }
    pg.psql(&format!("DROP TABLE {table}"));
}

/// (a)–(d): binary COPY out and in, the connector against psql.
fn copy_vs_psql(pg: &Pg, rt: &tokio::runtime::Runtime, c: &PostgresConnector, rows: usize) {
    let runs = 3;
    let tag = std::process::id();
    let src = format!("dvt_bench_src_{tag}");
    let dst = format!("dvt_bench_dst_{tag}");
    let file = std::env::temp_dir().join(format!("dvt_bench_{tag}.bin"));
    let file = file.display().to_string();

    println!("pg_copy: {rows} rows x 9 columns, best of {runs}");
    pg.psql(&format!(
        "CREATE TABLE {src} AS {}; CREATE TABLE {dst} (LIKE {src})",
        nine_columns(rows)
    ));
    pg.psql(&format!("VACUUM ANALYZE {src}"));
    let query = format!("SELECT * FROM {src}");

    // (a) psql, binary COPY to /dev/null
    let psql_out = best_of(runs, || {
        let t = Instant::now();
        pg.psql(&format!("\\copy ({query}) TO '/dev/null' (FORMAT binary)"));
        t.elapsed()
    });
    // (b) the connector's extract, draining the Arrow stream
    let mut batches = Vec::new();
    let mut schema = None;
    let ours_out = best_of(runs, || {
        rt.block_on(async {
            let t = Instant::now();
            let s = c.extract(&query).await.expect("extract");
            schema = Some(Arc::clone(&s.schema));
            let mut stream = s.stream;
            let mut n = 0;
            batches.clear();
            while let Some(b) = stream.next().await {
                let b = b.expect("batch");
                n += b.num_rows();
                batches.push(b);
            }
            let d = t.elapsed();
            assert_eq!(n, rows);
            d
        })
    });
    println!(
        "extract  psql \\copy to /dev/null {:>12.0} rows/s   dvt extract {:>12.0} rows/s   dvt/psql {:.0} %",
        rate(rows, psql_out),
        rate(rows, ours_out),
        100.0 * psql_out.as_secs_f64() / ours_out.as_secs_f64()
    );

    // (c) psql, binary COPY from a file into an empty table
    pg.psql(&format!("\\copy ({query}) TO '{file}' (FORMAT binary)"));
    let psql_in = best_of(runs, || {
        pg.psql(&format!("TRUNCATE {dst}"));
        let t = Instant::now();
        pg.psql(&format!("\\copy {dst} FROM '{file}' (FORMAT binary)"));
        t.elapsed()
    });
    // (d) the connector's load of the same rows as Arrow batches
    let schema = schema.expect("extracted");
    let target = TableName::new(None, &dst);
    let ours_in = best_of(runs, || {
        pg.psql(&format!("TRUNCATE {dst}"));
        let data = SchemaStream {
            schema: Arc::clone(&schema),
            stream: Box::pin(futures::stream::iter(batches.clone().into_iter().map(Ok))),
        };
        rt.block_on(async {
            let t = Instant::now();
            let n = c.load(&target, data).await.expect("load");
            let d = t.elapsed();
            assert_eq!(n as usize, rows);
            d
        })
    });
    println!(
        "load     psql \\copy from file     {:>12.0} rows/s   dvt load    {:>12.0} rows/s   dvt/psql {:.0} %",
        rate(rows, psql_in),
        rate(rows, ours_in),
        100.0 * psql_in.as_secs_f64() / ours_in.as_secs_f64()
    );

    let _ = std::fs::remove_file(&file);
    pg.psql(&format!("DROP TABLE {src}; DROP TABLE {dst}"));
}

fn main() {
    let Some(pg) = common::server() else {
        return;
    };
    let full = common::full_size();
    // `cargo bench --bench pg_copy -- ctid` (or `copy`) runs that part alone.
    let parts: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with('-'))
        .collect();
    let run = |part: &str| parts.is_empty() || parts.iter().any(|p| p == part);
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("tokio runtime");
    let c = rt
        .block_on(PostgresConnector::connect(&pg.connection()))
        .expect("connect");

    if run("copy") {
        copy_vs_psql(&pg, &rt, &c, if full { 1_000_000 } else { 20_000 });
    }
    if run("ctid") {
        ctid_ranges(&pg, &rt, &c, if full { 6_000_000 } else { 20_000 });
    }
}
