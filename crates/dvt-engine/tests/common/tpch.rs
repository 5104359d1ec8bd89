//! The TPC-H differential suite, shared by the embedded engine's (`dvt-engine`'s
//! `tpch_differential`) and Spark's (`dvt-spark`'s `tpch_spark`) tests: the 22 TPC-H queries as
//! dbt models over tables spread across PostgreSQL, MariaDB and SQLite (and DuckDB), run through
//! `ProjectRunner` into a PostgreSQL (or DuckDB) target, each result compared with the same query on one
//! PostgreSQL database that holds all eight tables (the oracle).
//!
//! Data: `tpchgen` at scale factor [`SF`] (override with `DVT_TPCH_SF`), loaded with plain SQL
//! (not through the connectors under test). Comparison: multisets of rows (ORDER BY is not
//! checked: a table has no order); text compared exactly after removing trailing blanks
//! (CHAR(n) pads, PAD SPACE semantics); numbers compared with a relative tolerance of
//! [`TOLERANCE`] (absolute below 1) — decimal AVG and division carry a different number of
//! digits in DataFusion (scale 6 and up) than in PostgreSQL (16 and up), and float sums differ
//! in their last bits; everything else (a wrong row, a lost or duplicated row, a wrong NULL)
//! is far outside that. NULL only equals NULL.

use std::collections::BTreeMap;
use std::path::Path;
use std::time::Instant;

use super::{
    Column, Db, Outputs, Table, diff_multisets, duck_strings, load_duck, load_maria, load_pg,
    load_project, load_sqlite, profile_outputs, replace_words, rows_of, write, write_dbt_project,
    write_profile,
};
use dvt_core::dag::Dag;
use dvt_core::resolver::Resolution;
use dvt_core::session::LoadedProject;
use dvt_engine::ProjectRunner;
use dvt_engine::run::{Quiet, Status, run_models, select};
use dvt_testkit::{MariaService, PgService};
use dvt_tpch::{QUERIES, tables};
use dvt_types::DvtType;

/// The default scale factor (lineitem ≈ 60 000 rows at 0.01).
pub const SF: f64 = 0.01;

/// Relative tolerance for numbers (see the module docs).
pub const TOLERANCE: f64 = 1e-6;

/// A split: which database each table lives on.
pub struct Split {
    /// Its name (in messages and database names).
    pub name: &'static str,
    /// Where each table lives.
    pub place: fn(&str) -> Db,
    /// Whether `sources.yml` declares every column with its native `data_type:` (the
    /// override path); otherwise the tables are listed by name only, as dbt users write them,
    /// and their schemas come from each database's catalog.
    pub declared: bool,
    /// The `federation: {strategy: …}` config of every model (`None`: not set, the cost
    /// model chooses).
    pub strategy: Option<&'static str>,
    /// Where the models are built.
    pub target: Target,
}

/// Where a split's models are built (schema [`TARGET_SCHEMA`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// A PostgreSQL database of its own.
    Pg,
    /// The PostgreSQL database that holds the split's PostgreSQL tables: a model whose other
    /// sides move there is built there directly.
    PgSource,
    /// A DuckDB file (`root/wh.duckdb`).
    Duck,
}

/// The schema of the target output: it does not exist when the run starts (the run creates
/// it, as dbt does).
pub const TARGET_SCHEMA: &str = "analytics";

/// Split A: customer, orders, nation, region on PostgreSQL; lineitem, supplier on MariaDB; part,
/// partsupp on SQLite.
pub fn split_a(t: &str) -> Db {
    match t {
        "customer" | "orders" | "nation" | "region" => Db::Pg,
        "lineitem" | "supplier" => Db::Maria,
        _ => Db::Lite, // part, partsupp
    }
}

/// Split C: orders, part and nation on MariaDB (the pushed `LIKE … ESCAPE` of q02, q09, q16
/// and q20 reads there); lineitem and supplier on PostgreSQL; the rest on SQLite.
#[allow(dead_code)] // the Spark suite's split
pub fn split_c(t: &str) -> Db {
    match t {
        "orders" | "part" | "nation" => Db::Maria,
        "lineitem" | "supplier" => Db::Pg,
        _ => Db::Lite, // customer, partsupp, region
    }
}

/// Split D: orders, customer, nation and region in a DuckDB file; lineitem on PostgreSQL;
/// part, partsupp on SQLite; supplier on MariaDB (run into a DuckDB target).
#[allow(dead_code)] // the embedded engine's split
pub fn split_d(t: &str) -> Db {
    match t {
        "orders" | "customer" | "nation" | "region" => Db::Duck,
        "lineitem" => Db::Pg,
        "supplier" => Db::Maria,
        _ => Db::Lite, // part, partsupp
    }
}

/// Split B: lineitem on PostgreSQL; orders, customer on SQLite; the rest on MariaDB.
pub fn split_b(t: &str) -> Db {
    match t {
        "lineitem" => Db::Pg,
        "orders" | "customer" => Db::Lite,
        _ => Db::Maria, // part, partsupp, supplier, nation, region
    }
}

fn native(t: &DvtType) -> (bool, String, String, String) {
    match t {
        DvtType::Int64 => (true, "bigint".into(), "BIGINT".into(), "INTEGER".into()),
        DvtType::Decimal { precision, scale } => (
            true,
            format!("numeric({precision},{scale})"),
            format!("DECIMAL({precision},{scale})"),
            format!("DECIMAL({precision},{scale})"),
        ),
        DvtType::Char { length } => (
            false,
            format!("char({length})"),
            format!("CHAR({length})"),
            format!("CHAR({length})"),
        ),
        DvtType::Varchar { length: Some(n) } => (
            false,
            format!("varchar({n})"),
            format!("VARCHAR({n})"),
            format!("VARCHAR({n})"),
        ),
        DvtType::Date => (false, "date".into(), "DATE".into(), "DATE".into()),
        other => panic!("no native type for {other} in this test"),
    }
}

fn tbl_rows<T: std::fmt::Display>(it: impl Iterator<Item = T>) -> Vec<Vec<Option<String>>> {
    it.map(|r| {
        let line = r.to_string();
        let line = line.strip_suffix('|').unwrap_or(&line);
        line.split('|').map(|f| Some(f.to_string())).collect()
    })
    .collect()
}

/// The eight TPC-H tables at scale factor `sf`. The comments come from a 4 MiB text pool
/// instead of dbgen's 300 MiB one (building that takes ~17 s in a debug build): every key,
/// number, date, name and flag is dbgen's, only the comment texts differ (they still hold the
/// words Q13 and Q16 look for).
pub fn generate(sf: f64) -> Vec<Table> {
    use tpchgen::distribution::Distributions;
    use tpchgen::generators::*;
    use tpchgen::text::TextPool;
    let d = Distributions::static_default();
    let pool = TextPool::new(4 << 20, d);
    tables()
        .into_iter()
        .map(|(name, cols)| {
            let rows = match name {
                "nation" => {
                    tbl_rows(NationGenerator::new_with_distributions_and_text_pool(d, &pool).iter())
                }
                "region" => {
                    tbl_rows(RegionGenerator::new_with_distributions_and_text_pool(d, &pool).iter())
                }
                "part" => tbl_rows(
                    PartGenerator::new_with_distributions_and_text_pool(sf, 1, 1, d, &pool).iter(),
                ),
                "supplier" => tbl_rows(
                    SupplierGenerator::new_with_distributions_and_text_pool(sf, 1, 1, d, &pool)
                        .iter(),
                ),
                "partsupp" => {
                    tbl_rows(PartSuppGenerator::new_with_text_pool(sf, 1, 1, &pool).iter())
                }
                "customer" => tbl_rows(
                    CustomerGenerator::new_with_distributions_and_text_pool(sf, 1, 1, d, &pool)
                        .iter(),
                ),
                "orders" => tbl_rows(
                    OrderGenerator::new_with_distributions_and_text_pool(sf, 1, 1, d, &pool).iter(),
                ),
                "lineitem" => tbl_rows(
                    LineItemGenerator::new_with_distributions_and_text_pool(sf, 1, 1, d, &pool)
                        .iter(),
                ),
                other => panic!("unknown TPC-H table {other}"),
            };
            let columns: Vec<Column> = cols
                .iter()
                .map(|(c, t)| {
                    let (numeric, pg, maria, lite) = native(t);
                    Column {
                        name: c.to_string(),
                        numeric,
                        pg,
                        maria,
                        lite,
                    }
                })
                .collect();
            for r in &rows {
                assert_eq!(r.len(), columns.len(), "{name}: {r:?}");
            }
            Table {
                name: name.to_string(),
                columns,
                rows,
            }
        })
        .collect()
}

/// The databases of one split: the PostgreSQL source database, the schema of the source on
/// every server (the MariaDB database's name) and the target database.
#[derive(Clone, Copy)]
struct Dbs<'a> {
    pg_db: &'a str,
    schema: &'a str,
    target_db: &'a str,
}

/// The dbt project of one split: profile, `computes` (the computes.yml text), sources (native
/// types of the database each table lives on) and the 22 models.
fn write_project(
    root: &Path,
    data: &[Table],
    split: &Split,
    services: (&PgService, &MariaService),
    dbs: &Dbs<'_>,
    computes: &str,
) {
    let Dbs {
        pg_db,
        schema,
        target_db,
    } = *dbs;
    let mut outputs = profile_outputs(
        root,
        services,
        &Outputs {
            target_db,
            target_schema: TARGET_SCHEMA,
            pg_db,
            pg_schema: schema,
            maria_schema: schema,
        },
    );
    let duck = |file: &str, schema: &str| {
        let path = root.join(file);
        format!(
            "{{type: duckdb, path: '{}', schema: {schema}}}",
            path.display()
        )
    };
    if split.target == Target::Duck {
        outputs[0].1 = duck("wh.duckdb", TARGET_SCHEMA);
    }
    outputs.push(("duck".into(), duck("duck.duckdb", schema)));
    write_dbt_project(root, "tpch");
    write_profile(root, "tpch", &outputs);
    write(root, "computes.yml", computes);
    let tables: Vec<&Table> = data.iter().collect();
    write(
        root,
        "models/sources.yml",
        &sources_yml(schema, &tables, &split.place, split.declared),
    );
    let config = split
        .strategy
        .map(|s| format!("{{{{ config(federation={{'strategy': '{s}'}}) }}}}\n"))
        .unwrap_or_default();
    for (i, q) in QUERIES.iter().enumerate() {
        write(
            root,
            &format!("models/q{:02}.sql", i + 1),
            &format!("{config}{}", model_sql(q, &tables)),
        );
    }
}

/// `models/sources.yml` of the source `tpch` (schema `schema`): each table on the output
/// `place` puts it on, by name only, or (`declared`) with the native column types of that
/// database.
pub fn sources_yml(
    schema: &str,
    tables: &[&Table],
    place: &dyn Fn(&str) -> Db,
    declared: bool,
) -> String {
    let mut yml =
        format!("version: 2\nsources:\n  - name: tpch\n    schema: {schema}\n    tables:\n");
    for t in tables {
        let db = place(&t.name);
        yml.push_str(&format!(
            "      - name: {}\n        connection: {}\n",
            t.name,
            db.output()
        ));
        if !declared {
            continue;
        }
        yml.push_str("        columns:\n");
        for c in &t.columns {
            yml.push_str(&format!(
                "          - {{name: {}, data_type: '{}'}}\n",
                c.name,
                c.native(db)
            ));
        }
    }
    yml
}

/// A TPC-H query as a model: every table of `tables` it names becomes `source('tpch', …)`.
pub fn model_sql(query: &str, tables: &[&Table]) -> String {
    replace_words(query.trim().trim_end_matches(';'), |w| {
        let lw = w.to_ascii_lowercase();
        tables
            .iter()
            .any(|t| t.name == lw)
            .then(|| format!("{{{{ source('tpch', '{lw}') }}}}"))
    })
}

/// How one query of one split ended.
enum Outcome {
    Match,
    Mismatch(String),
}

/// How a suite runs its models: the computes.yml text and the runner over a loaded project.
pub struct Engine<'a> {
    /// The computes.yml of every split's project.
    pub computes: String,
    /// The runner of a loaded and resolved project.
    pub runner: &'a (dyn Fn(LoadedProject, Resolution) -> ProjectRunner + Sync),
}

/// Load one split, run the 22 models, compare each with the oracle.
async fn run_split(
    split: &Split,
    data: &[Table],
    pg: &PgService,
    maria: &MariaService,
    oracle: &BTreeMap<usize, dvt_testkit::Rows>,
    engine: &Engine<'_>,
) -> BTreeMap<usize, Outcome> {
    let t0 = Instant::now();
    let prefix = format!("tpch_{}", split.name.to_ascii_lowercase());
    let pg_db = pg.temp_database(&prefix);
    let maria_db = maria.temp_database(&prefix);
    let target = pg.temp_database(&format!("{prefix}_wh"));
    // One schema name for the source on every server: the MariaDB database's name.
    let schema = maria_db.name().to_string();
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let on = |db: Db| -> Vec<&Table> {
        data.iter()
            .filter(|t| (split.place)(&t.name) == db)
            .collect()
    };
    load_pg(pg, pg_db.name(), &schema, &on(Db::Pg));
    load_maria(maria, maria_db.name(), &on(Db::Maria));
    load_sqlite(&root.join("lite.db"), &on(Db::Lite));
    if !on(Db::Duck).is_empty() {
        load_duck(&root.join("duck.duckdb"), &schema, &on(Db::Duck)).await;
    }
    eprintln!(
        "split {}: loaded in {:.1}s",
        split.name,
        t0.elapsed().as_secs_f64()
    );
    write_project(
        root,
        data,
        split,
        (pg, maria),
        &Dbs {
            pg_db: pg_db.name(),
            schema: &schema,
            target_db: if split.target == Target::PgSource {
                pg_db.name()
            } else {
                target.name()
            },
        },
        &engine.computes,
    );

    let t1 = Instant::now();
    let (lp, res) = load_project(root);
    let dag = Dag::build(&lp.project).unwrap();
    let sel = select(&lp.project, &dag, &[]).unwrap();
    let runner = (engine.runner)(lp, res);
    let results = run_models(&dag, &sel, 2, &runner, &Quiet, serde_json::json!({})).await;
    eprintln!(
        "split {}: 22 models ran in {:.1}s",
        split.name,
        t1.elapsed().as_secs_f64()
    );

    let mut out = BTreeMap::new();
    for r in &results.results {
        let n: usize = r
            .unique_id
            .rsplit('q')
            .next()
            .and_then(|x| x.parse().ok())
            .unwrap_or_else(|| panic!("unexpected model {}", r.unique_id));
        let outcome = if r.status != Status::Success {
            Outcome::Mismatch(format!("the model failed ({:?}): {}", r.status, r.message))
        } else {
            let sql = format!("SELECT * FROM {TARGET_SCHEMA}.q{n:02}");
            let got = match split.target {
                Target::Duck => duck_strings(&root.join("wh.duckdb"), &sql).await,
                Target::PgSource => pg_db.query_strings(&sql),
                Target::Pg => target.query_strings(&sql),
            };
            match diff_multisets(&rows_of(&got), &rows_of(&oracle[&n]), TOLERANCE) {
                None => Outcome::Match,
                Some(d) => Outcome::Mismatch(format!("{d}\n    path: {}", r.path)),
            }
        };
        out.insert(n, outcome);
    }
    assert_eq!(out.len(), 22, "every query ran");
    if let Some(strategy) = split.strategy {
        let ran: Vec<&str> = results
            .results
            .iter()
            .filter(|r| r.path.contains(&format!("cross-server joins: {strategy}")))
            .map(|r| r.unique_id.as_str())
            .collect();
        eprintln!(
            "split {}: {} ran with strategy {strategy}: {ran:?}",
            split.name,
            ran.len()
        );
        assert!(
            ran.len() >= MIN_FORCED,
            "split {}: only {ran:?} ran with strategy {strategy}",
            split.name
        );
        // run_results counts the rows staged into each moved extract's session (or, built on
        // the target itself, into the target's session), some of them more than none.
        let staged = results.results.iter().flat_map(|r| &r.steps).any(|s| {
            let named = s
                .name
                .contains("rows of other servers staged into its session first")
                || (s.name.starts_with("stage ") && s.name.contains("'s session"));
            named && s.rows.unwrap_or(0) > 0
        });
        assert!(
            strategy != "move" || staged,
            "split {}: no step says what it staged",
            split.name
        );
        // Moved onto the target's own database, a model is built there directly.
        let direct = ran.iter().filter(|id| {
            results
                .results
                .iter()
                .any(|r| &r.unique_id == *id && r.path.starts_with("direct on wh"))
        });
        let direct = direct.count();
        assert!(
            split.target != Target::PgSource || direct >= MIN_FORCED,
            "split {}: {direct} models were built on the target directly",
            split.name
        );
    }
    out
}

/// The fewest of the 22 queries a split that forces a strategy must run with it (split B's
/// queries that join lineitem with another server's tables, for `move`).
const MIN_FORCED: usize = 12;

/// The suite: generate, build the oracle, run every split on `engine`, compare. Panics listing
/// every query that differs and is not in `known` ((split, query number, reason)), and every
/// known failure that now matches.
pub async fn differential(
    pg: &PgService,
    maria: &MariaService,
    splits: &[Split],
    engine: &Engine<'_>,
    known_failures: &[(&str, usize, &str)],
) {
    let sf: f64 = std::env::var("DVT_TPCH_SF")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(SF);
    let t0 = Instant::now();
    let data = generate(sf);
    eprintln!(
        "TPC-H SF {sf}: generated in {:.1}s ({} lineitem rows)",
        t0.elapsed().as_secs_f64(),
        data.iter()
            .find(|t| t.name == "lineitem")
            .unwrap()
            .rows
            .len()
    );

    // The oracle: all eight tables in one PostgreSQL database.
    let t1 = Instant::now();
    let oracle_db = pg.temp_database("tpch_oracle");
    load_pg(
        pg,
        oracle_db.name(),
        "public",
        &data.iter().collect::<Vec<_>>(),
    );
    // Keys and indexes change no answer; without them Q20's correlated subquery scans
    // lineitem once per partsupp row (~100 s).
    oracle_db.execute_batch(
        "ALTER TABLE region ADD PRIMARY KEY (r_regionkey);
         ALTER TABLE nation ADD PRIMARY KEY (n_nationkey);
         ALTER TABLE part ADD PRIMARY KEY (p_partkey);
         ALTER TABLE supplier ADD PRIMARY KEY (s_suppkey);
         ALTER TABLE partsupp ADD PRIMARY KEY (ps_partkey, ps_suppkey);
         ALTER TABLE customer ADD PRIMARY KEY (c_custkey);
         ALTER TABLE orders ADD PRIMARY KEY (o_orderkey);
         ALTER TABLE lineitem ADD PRIMARY KEY (l_orderkey, l_linenumber);
         CREATE INDEX ON lineitem (l_partkey, l_suppkey);
         CREATE INDEX ON orders (o_custkey);
         ANALYZE;",
    );
    let oracle: BTreeMap<usize, dvt_testkit::Rows> = QUERIES
        .iter()
        .enumerate()
        .map(|(i, q)| {
            let t = Instant::now();
            let r = oracle_db.query_strings(q);
            if t.elapsed().as_secs() >= 5 {
                eprintln!("oracle q{:02}: {:.1}s", i + 1, t.elapsed().as_secs_f64());
            }
            (i + 1, r)
        })
        .collect();
    eprintln!(
        "oracle: loaded and queried in {:.1}s",
        t1.elapsed().as_secs_f64()
    );
    for (n, rows) in &oracle {
        // A query whose oracle answer is empty could not tell a right result from a wrong one.
        assert!(
            !rows.is_empty(),
            "q{n:02} returns no rows on the oracle at SF {sf}"
        );
    }

    let mut problems = Vec::new();
    for split in splits {
        let outcomes = run_split(split, &data, pg, maria, &oracle, engine).await;
        let matched = outcomes
            .values()
            .filter(|o| matches!(o, Outcome::Match))
            .count();
        let known: Vec<&(&str, usize, &str)> = known_failures
            .iter()
            .filter(|(s, _, _)| *s == split.name)
            .collect();
        eprintln!(
            "split {}: {matched}/22 match ({} known failures)",
            split.name,
            known.len()
        );
        for (n, o) in &outcomes {
            let k = known.iter().find(|(_, q, _)| q == n);
            match (o, k) {
                (Outcome::Match, None) => {}
                (Outcome::Match, Some((_, _, why))) => problems.push(format!(
                    "split {} q{n:02}: listed as a known failure ({why}) but now matches: remove it from KNOWN_FAILURES",
                    split.name
                )),
                (Outcome::Mismatch(d), Some((_, _, why))) => eprintln!(
                    "split {} q{n:02}: KNOWN FAILURE: {why}\n    {}",
                    split.name,
                    d.lines().next().unwrap_or_default()
                ),
                (Outcome::Mismatch(d), None) => problems.push(format!(
                    "split {} q{n:02} differs from the oracle: {d}\n    query:\n{}",
                    split.name,
                    QUERIES[n - 1].trim()
                )),
            }
        }
    }
    eprintln!("total {:.1}s", t0.elapsed().as_secs_f64());
    assert!(problems.is_empty(), "{}", problems.join("\n\n"));
}
