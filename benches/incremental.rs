//! An incremental model whose watermark is pushed into its source (`cargo bench --bench
//! incremental`; needs the test services: `scripts/services.sh start && source
//! .dvt-services/env`).
//!
//! A dbt project as a user writes it: `events` (N rows, an index on `updated_at`) in one
//! PostgreSQL database, the model `events_inc` (`materialized='incremental'`, `where
//! updated_at > (select max(updated_at) from {{ this }})`) built into another database of the
//! same server — two servers to dvt, so the model is federated. Run 1 builds the table; the user
//! indexes it; K rows arrive; run 2 reads the watermark on the target and pushes it into the
//! source's extract. Printed: both runs' seconds and their ratio, the rows run 2 read from the
//! source (from run_results' steps), and whether the table equals the source (a full rebuild's
//! result), by an md5 over every row on both sides.
//!
//! N = 5,000,000 and K = 1,000 under `cargo bench`; 20,000 and 100 otherwise (`cargo test
//! --bench incremental`, run by `scripts/test.sh`), which still checks the rows read and the
//! result but never the time.

use std::path::Path;
use std::time::Instant;

use dvt::prelude::*;

mod common;
use common::Pg;

/// Every row of `events` (or of the model's table) as one md5.
const CHECKSUM: &str = "SELECT count(*) || ' ' || md5(string_agg(id || ',' || user_id || ',' || \
    amount || ',' || updated_at, ';' ORDER BY id)) FROM ";

fn write(root: &Path, name: &str, text: &str) {
    let path = root.join(name);
    std::fs::create_dir_all(path.parent().expect("a parent")).expect("mkdir");
    std::fs::write(path, text).expect("write");
}

/// The dbt project: `app.events` on `src`, the incremental model on `wh`.
fn project(root: &Path, pg: &Pg, src: &str, wh: &str) {
    let out = |db: &str| {
        format!(
            "{{type: postgres, host: {}, port: {}, user: {}, dbname: {db}, schema: public}}",
            pg.host, pg.port, pg.user
        )
    };
    write(
        root,
        "dbt_project.yml",
        "name: bench_inc\nversion: '1.0'\nprofile: bench_inc\n",
    );
    write(
        root,
        "profiles.yml",
        &format!(
            "bench_inc:\n  target: wh\n  outputs:\n    wh: {}\n    src: {}\n",
            out(wh),
            out(src)
        ),
    );
    write(
        root,
        "computes.yml",
        "default:\n  target: local\n  computes:\n    local: {type: embedded}\n",
    );
    write(
        root,
        "models/sources.yml",
        "version: 2\nsources:\n  - name: app\n    connection: src\n    schema: public\n    tables:\n      - name: events\n",
    );
    write(
        root,
        "models/events_inc.sql",
        "{{ config(materialized='incremental') }}\n\
         select id, user_id, amount, updated_at from {{ source('app', 'events') }}\n\
         {% if is_incremental() %}\n\
         where updated_at > (select max(updated_at) from {{ this }})\n\
         {% endif %}\n",
    );
}

/// `n` events from `from` on, one second apart.
fn events(from: u64, n: u64) -> String {
    format!(
        "SELECT g::int8 AS id, (g % 1000)::int4 AS user_id, (g * 1.25)::numeric(12,2) AS amount, \
         timestamp '2026-01-01' + g * interval '1 second' AS updated_at \
         FROM generate_series({from}, {}) g",
        from + n - 1
    )
}

/// One run of the model: seconds, and the rows read from the source (its extract steps: the
/// whole query on `src` in run 1, the `events` extract in run 2).
fn run(rt: &tokio::runtime::Runtime, root: &Path) -> (f64, u64) {
    let t = Instant::now();
    let results = rt.block_on(async {
        let session = Session::open(OpenOptions::new(root).profiles_dir(root)).expect("open");
        session
            .run(RunOptions {
                threads: 1,
                ..RunOptions::default()
            })
            .await
            .expect("run")
    });
    let seconds = t.elapsed().as_secs_f64();
    let r = &results.results[0];
    assert!(!results.failed(), "{}", r.message);
    let read = r
        .steps
        .iter()
        .filter(|s| s.name.starts_with("extract") && s.name.contains("(src"))
        .filter_map(|s| s.rows)
        .sum();
    (seconds, read)
}

fn main() {
    let Some(pg) = common::server() else {
        return;
    };
    let full = common::full_size();
    let (n, k) = if full {
        (5_000_000, 1_000)
    } else {
        (20_000, 100)
    };
    let tag = std::process::id();
    let (src_db, wh_db) = (format!("dvt_inc_src_{tag}"), format!("dvt_inc_wh_{tag}"));
    let databases = Databases {
        pg: pg.on(&pg.db),
        names: vec![src_db.clone(), wh_db.clone()],
    };
    databases.create();
    let (src, wh) = (pg.on(&src_db), pg.on(&wh_db));
    src.psql(&format!(
        "CREATE TABLE events AS {}; ALTER TABLE events ADD PRIMARY KEY (id); \
         CREATE INDEX ON events (updated_at); ANALYZE events",
        events(1, n)
    ));
    let dir = tempfile::tempdir().expect("tempdir");
    project(dir.path(), &pg, &src_db, &wh_db);
    let rt = tokio::runtime::Runtime::new().expect("tokio runtime");

    println!("incremental: {n} source rows, then {k} new ones");
    let (first, read1) = run(&rt, dir.path());
    // As every user does: an index on the table the model built.
    wh.psql("CREATE INDEX ON events_inc (updated_at)");
    src.psql(&format!("INSERT INTO events {}", events(n + 1, k)));
    let (second, read2) = run(&rt, dir.path());
    let equal =
        src.query(&format!("{CHECKSUM} events")) == wh.query(&format!("{CHECKSUM} events_inc"));
    println!(
        "run 1 {first:>8.2} s, {read1} rows read\nrun 2 {second:>8.2} s, {read2} rows read   run 2 / run 1 {:.3}\nequal to the source (a full rebuild): {}",
        second / first,
        if equal { "yes" } else { "NO" }
    );
    assert_eq!(read1, n, "run 1 reads every row");
    assert_eq!(read2, k, "run 2 reads the new rows only");
    assert!(equal, "the incremental table differs from its source");
}

/// The bench's databases: created now, dropped when the bench ends, failed or not.
struct Databases {
    pg: Pg,
    names: Vec<String>,
}

impl Databases {
    fn create(&self) {
        for n in &self.names {
            self.pg.psql(&format!("CREATE DATABASE {n}"));
        }
    }
}

impl Drop for Databases {
    fn drop(&mut self) {
        for n in &self.names {
            let _ = (self.pg).psql_unchecked(&format!("DROP DATABASE IF EXISTS {n} WITH (FORCE)"));
        }
    }
}
