//! TPC-H differential suite on the embedded engine: the 22 TPC-H queries as dbt models over
//! tables spread across PostgreSQL, MariaDB and SQLite (two different splits), run through
//! `ProjectRunner` into a PostgreSQL target (split D: four tables in a DuckDB file too, and a
//! DuckDB target), each result compared with the same query on one
//! PostgreSQL database that holds all eight tables (the oracle). Sources are listed by name
//! only (their schemas discovered from each database's catalog) and the target schema does not
//! exist before the run; one more run of split A declares every column's type. The suite itself (data,
//! comparison rules) is `crate::common::tpch`, shared with dvt-spark's Spark run of it.
//!
//! Skipped (with a note) without the test services; `./scripts/test.sh` runs it for real.

use crate::common::tpch::{Engine, Split, Target, differential, split_a, split_b, split_d};
use dvt_core::resolver::Resolution;
use dvt_core::session::LoadedProject;
use dvt_engine::ProjectRunner;

/// The embedded engine as the project's compute (`config`: its `, config: {…}` part, or "").
fn embedded(config: &str) -> Engine<'static> {
    fn runner(lp: LoadedProject, res: Resolution) -> ProjectRunner {
        ProjectRunner::new(lp, res, None)
    }
    Engine {
        computes: format!(
            "default:\n  target: local\n  computes:\n    local: {{type: embedded{config}}}\n"
        ),
        runner: &runner,
    }
}

/// One split (sources listed by name) on the embedded engine with `config`, against the oracle.
async fn one_split(split: Split, config: &str) {
    let pg = dvt_testkit::require_postgres!();
    let maria = dvt_testkit::require_mariadb!();
    let engine = embedded(config);
    differential(&pg, &maria, &[split], &engine, KNOWN_FAILURES).await;
}

/// Queries that are known not to match yet: (split, query number, reason). The test fails when
/// one of them starts to match (remove it from here then).
const KNOWN_FAILURES: &[(&str, usize, &str)] = &[];

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn tpch_queries_over_three_servers_equal_the_single_database_oracle() {
    let pg = dvt_testkit::require_postgres!();
    let maria = dvt_testkit::require_mariadb!();
    // Sources listed by name only on both splits (their schemas come from each database's
    // catalog), and split A once more with every column's native type declared.
    let splits = [
        Split {
            name: "A",
            place: split_a,
            declared: false,
            strategy: None,
            target: Target::Pg,
        },
        Split {
            name: "B",
            place: split_b,
            declared: false,
            strategy: None,
            target: Target::Pg,
        },
        Split {
            name: "A_declared",
            place: split_a,
            declared: true,
            strategy: None,
            target: Target::Pg,
        },
    ];
    let engine = embedded("");
    differential(&pg, &maria, &splits, &engine, KNOWN_FAILURES).await;
}

/// The same queries on split A with no memory for shared extracts: every extract the transform
/// reads several times (q02, q11, q15, q17, q20, q21, q22, …) is spilled to an Arrow IPC file
/// and read back from it at each scan, and the results still equal the oracle's.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn tpch_with_every_shared_extract_spilled_equals_the_oracle() {
    one_split(
        Split {
            name: "A_spilled",
            place: split_a,
            declared: false,
            strategy: None,
            target: Target::Pg,
        },
        ", config: {collect_memory_mb: 0}",
    )
    .await;
}

/// Split B with every model's config forcing data movement (`federation: {strategy: move}`):
/// each query that reads lineitem (PostgreSQL, the one server that takes staged tables) runs
/// there whole, its other tables staged from MariaDB and SQLite into temporary tables of the
/// query's session; the others fall back to the engine. The results still equal the oracle's.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn tpch_with_data_moved_to_postgres_equals_the_oracle() {
    one_split(
        Split {
            name: "B_moved",
            place: split_b,
            declared: false,
            strategy: Some("move"),
            target: Target::Pg,
        },
        "",
    )
    .await;
}

/// Split B forced to move, built into the PostgreSQL database that holds lineitem: each query
/// that joins lineitem with MariaDB's or SQLite's tables moves them into a session of the
/// target itself and builds its table there with one `CREATE TABLE … AS` (the whole query on
/// the target: its rows never pass through dvt). The results still equal the oracle's.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn tpch_moved_into_the_target_database_equals_the_oracle() {
    one_split(
        Split {
            name: "B_on_target",
            place: split_b,
            declared: false,
            strategy: Some("move"),
            target: Target::PgSource,
        },
        "",
    )
    .await;
}

/// Split D: four tables in a DuckDB file (orders, customer, nation, region) beside PostgreSQL,
/// MariaDB and SQLite, and the 22 models built into a DuckDB target whose schema does not exist
/// yet: DuckDB as a native source (catalog, pushed SQL in its dialect, Arrow extracts) and
/// target (DDL, appender, swap). Needs the `duckdb` connector feature (`scripts/test.sh`).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn tpch_with_duckdb_source_and_target_equals_the_oracle() {
    if !crate::common::require_duckdb() {
        return;
    }
    one_split(
        Split {
            name: "D",
            place: split_d,
            declared: false,
            strategy: None,
            target: Target::Duck,
        },
        "",
    )
    .await;
}
