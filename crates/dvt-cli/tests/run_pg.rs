//! `dvt run` against a real PostgreSQL server: bad input (a wrong password, a value the
//! target's column cannot hold) gives a coded error naming the output, exit 1, and leaves every
//! database as it was, and the same project with the input corrected succeeds (so the tests see
//! the failure, not something else); large tables are read over several connections when the
//! catalog's estimates say so.

use std::path::Path;
use std::process::{Command, Output};

mod common;
use common::{EMBEDDED_COMPUTES, write};

fn run(project: &Path) -> (Output, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_dvt"))
        .args(["run", "--project-dir", project.to_str().unwrap()])
        .env_remove("DBT_PROFILES_DIR")
        .output()
        .expect("run dvt");
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    (out, stderr)
}

/// A project with one source table `s.t (k integer)` on output `src` and models in `models/`;
/// federated models run on the embedded engine.
fn project(root: &Path, profiles: &str, models: &[(&str, &str)]) {
    write(
        root,
        "dbt_project.yml",
        "name: bad\nprofile: bad\nmodels:\n  bad:\n    +materialized: table\n",
    );
    write(root, "profiles.yml", profiles);
    write(root, "computes.yml", EMBEDDED_COMPUTES);
    write(
        root,
        "models/sources.yml",
        "version: 2\nsources:\n  - name: s\n    connection: src\n    schema: public\n    tables:\n      - name: t\n        columns:\n          - {name: k, data_type: integer}\n",
    );
    for (name, sql) in models {
        write(root, &format!("models/{name}.sql"), sql);
    }
}

/// A profile writing into the SQLite file `wh` and reading PostgreSQL database `db` as `src`,
/// with `extra` outputs (YAML lines).
fn sqlite_target_profiles(wh: &Path, pg: &dvt_testkit::PgService, db: &str, extra: &str) -> String {
    format!(
        "bad:\n  target: wh\n  outputs:\n    wh: {{type: sqlite, path: {w}}}\n{extra}    src: {{type: postgres, host: {h}, port: {p}, user: {u}, dbname: {db}, schema: public}}\n",
        w = wh.display(),
        h = pg.host,
        p = pg.port,
        u = pg.user,
    )
}

fn sqlite_tables(path: &Path) -> Vec<String> {
    let c = rusqlite::Connection::open(path).unwrap();
    let mut st = c
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        .unwrap();
    st.query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

#[test]
fn a_wrong_postgres_password_fails_the_model_with_dvt120_and_writes_nothing() {
    let pg = dvt_testkit::require_postgres!();
    let src = pg.temp_database("pw_src");
    src.execute_batch("CREATE TABLE t (k integer); INSERT INTO t VALUES (1), (2), (NULL);");
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let wh = root.join("wh.db");
    let profiles = |password: &str| {
        format!(
            "bad:\n  target: wh\n  outputs:\n    wh: {{type: sqlite, path: {w}}}\n    src: {{type: postgres, host: {h}, port: {p}, user: {u}, password: {password}, dbname: {d}, schema: public}}\n",
            w = wh.display(),
            h = pg.host,
            p = pg.port,
            u = pg.password_user,
            d = src.name(),
        )
    };
    let models = [
        ("m", "select k, k * 10 as k10 from {{ source('s', 't') }}"),
        ("child", "select count(*) as n from {{ ref('m') }}"),
    ];
    let wrong = "Wr0ng-SECRET-pw";
    project(root, &profiles(wrong), &models);
    let (out, stderr) = run(root);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("DVT120"), "{stderr}");
    assert!(stderr.contains("'src'"), "names the output: {stderr}");
    assert!(!stderr.contains(wrong), "no password in the log: {stderr}");
    let rr = std::fs::read_to_string(root.join("target/run_results.json")).unwrap();
    assert!(!rr.contains(wrong), "no password in run_results.json");
    let rr: serde_json::Value = serde_json::from_str(&rr).unwrap();
    let status: Vec<&str> = rr["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["status"].as_str().unwrap())
        .collect();
    assert_eq!(status, ["error", "skipped"], "{rr}");
    assert!(
        !wh.exists() || sqlite_tables(&wh).is_empty(),
        "nothing written: {:?}",
        sqlite_tables(&wh)
    );

    // The same project with the right password builds both models.
    write(root, "profiles.yml", &profiles(&pg.password));
    let (out, stderr) = run(root);
    assert!(out.status.success(), "{stderr}");
    assert_eq!(sqlite_tables(&wh), ["child", "m"]);
    let n: i64 = rusqlite::Connection::open(&wh)
        .unwrap()
        .query_row("SELECT n FROM child", [], |r| r.get(0))
        .unwrap();
    assert_eq!(n, 3);
}

#[test]
fn a_value_the_target_column_cannot_hold_fails_the_load_with_dvt122_and_keeps_the_table() {
    let pg = dvt_testkit::require_postgres!();
    let wh = pg.temp_database("overflow_wh");
    // The target table exists with a smallint column; the incremental model appends to it.
    wh.execute_batch("CREATE TABLE public.m (k smallint); INSERT INTO public.m VALUES (7);");
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let src = root.join("src.db");
    rusqlite::Connection::open(&src)
        .unwrap()
        .execute_batch("CREATE TABLE t (k INTEGER); INSERT INTO t VALUES (1), (100000), (NULL);")
        .unwrap();
    let profiles = format!(
        "bad:\n  target: wh\n  outputs:\n    wh: {{type: postgres, host: {h}, port: {p}, user: {u}, dbname: {d}, schema: public}}\n    src: {{type: sqlite, path: {s}}}\n",
        h = pg.host,
        p = pg.port,
        u = pg.user,
        d = wh.name(),
        s = src.display(),
    );
    project(
        root,
        &profiles,
        &[(
            "m",
            "{{ config(materialized='incremental') }}\nselect k from {{ source('s', 't') }}",
        )],
    );
    let (out, stderr) = run(root);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("DVT122"), "{stderr}");
    assert!(stderr.contains("'wh'"), "names the output: {stderr}");
    assert!(
        stderr.contains("smallint"),
        "says what did not fit: {stderr}"
    );
    let rows = |sql: &str| wh.query_strings(sql);
    assert_eq!(
        rows("SELECT k FROM public.m"),
        [[Some("7".to_string())]],
        "the target table is unchanged"
    );
    assert!(
        rows("SELECT tablename FROM pg_tables WHERE tablename LIKE 'dvt_stg_%'").is_empty(),
        "no staging table is left behind"
    );

    // With values that fit, the same model appends them.
    rusqlite::Connection::open(&src)
        .unwrap()
        .execute_batch("UPDATE t SET k = 2 WHERE k = 100000")
        .unwrap();
    let (out, stderr) = run(root);
    assert!(out.status.success(), "{stderr}");
    assert_eq!(
        rows("SELECT k FROM public.m ORDER BY k NULLS LAST"),
        [
            [Some("1".to_string())],
            [Some("2".to_string())],
            [Some("7".to_string())],
            [None]
        ]
    );
}

#[test]
fn tables_the_catalog_estimates_large_are_read_over_several_connections() {
    let pg = dvt_testkit::require_postgres!();
    let src = pg.temp_database("auto_part");
    src.execute_batch(
        "CREATE TABLE t (k integer PRIMARY KEY, v text);
         INSERT INTO t SELECT g, 'v' || g FROM generate_series(1, 5000) g;
         CREATE TABLE u (k integer, v text);
         INSERT INTO u SELECT g, 'v' || g FROM generate_series(1, 5000) g;
         INSERT INTO u VALUES (NULL, 'null key');
         ANALYZE t; ANALYZE u;",
    );
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let wh = root.join("wh.db");
    let profiles = sqlite_target_profiles(&wh, &pg, src.name(), "");
    project(
        root,
        &profiles,
        &[
            ("keyed", "select k, v from {{ source('s', 't') }}"),
            ("unkeyed", "select k, v from {{ source('s', 'u') }}"),
        ],
    );
    write(
        root,
        "models/sources.yml",
        "version: 2\nsources:\n  - name: s\n    connection: src\n    schema: public\n    tables:\n      - name: t\n        columns:\n          - {name: k, data_type: integer}\n          - {name: v, data_type: text}\n      - name: u\n        columns:\n          - {name: k, data_type: integer}\n          - {name: v, data_type: text}\n",
    );
    let computes = |rows: u64| {
        format!(
            "default:\n  target: local\n  computes:\n    local:\n      type: embedded\n      config: {{auto_partition_rows: {rows}, partitions: 3}}\n"
        )
    };
    let steps = |rr: &serde_json::Value, model: &str| -> String {
        rr["results"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| {
                r["unique_id"]
                    .as_str()
                    .unwrap()
                    .ends_with(&format!(".{model}"))
            })
            .map(|r| r.to_string())
            .unwrap()
    };
    let sums = || -> (i64, i64, i64) {
        rusqlite::Connection::open(&wh)
            .unwrap()
            .query_row(
                "SELECT (SELECT COUNT(*) FROM keyed), (SELECT SUM(k) FROM keyed), (SELECT COUNT(*) FROM unkeyed)",
                [],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .unwrap()
    };
    for (threshold, partitioned) in [(1000, true), (1_000_000, false)] {
        write(root, "computes.yml", &computes(threshold));
        let (out, stderr) = run(root);
        assert!(out.status.success(), "{stderr}");
        let rr: serde_json::Value = serde_json::from_str(
            &std::fs::read_to_string(root.join("target/run_results.json")).unwrap(),
        )
        .unwrap();
        // Three key ranges and the rows whose key is NULL.
        assert_eq!(
            steps(&rr, "keyed").contains("4 partitions"),
            partitioned,
            "threshold {threshold}: {}",
            steps(&rr, "keyed")
        );
        // No primary key: three ctid page ranges (no NULL-key range) above the threshold.
        assert_eq!(
            steps(&rr, "unkeyed").contains("3 partitions"),
            partitioned,
            "threshold {threshold}: {}",
            steps(&rr, "unkeyed")
        );
        assert_eq!(sums(), (5000, 5000 * 5001 / 2, 5001));
    }
}

/// PostgreSQL returns the `numeric` of an aggregate or an expression without precision and
/// scale; read at a default scale it lost digits (`SUM` of a `numeric(20,12)` came back with
/// 10). Pushed queries — sent whole, or a subtree joined with another server — cast each
/// decimal output to its planned type, and every digit arrives.
#[test]
fn decimals_computed_on_postgres_keep_every_digit() {
    let pg = dvt_testkit::require_postgres!();
    let src = pg.temp_database("typed_dec");
    src.execute_batch(
        "CREATE TABLE t (k integer, x numeric(20,12));
         INSERT INTO t VALUES (1, 1.123456789012), (1, 2.000000000001), (2, -0.000000000003), (3, NULL);",
    );
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let wh = root.join("wh.db");
    let lite = root.join("lite.db");
    rusqlite::Connection::open(&lite)
        .unwrap()
        .execute_batch("CREATE TABLE names (k INTEGER, name TEXT); INSERT INTO names VALUES (1, 'one'), (2, 'two'), (3, 'three');")
        .unwrap();
    let lite_output = format!("    lite: {{type: sqlite, path: {}}}\n", lite.display());
    let profiles = sqlite_target_profiles(&wh, &pg, src.name(), &lite_output);
    project(
        root,
        &profiles,
        &[
            (
                "whole",
                "select k, sum(x) as s, max(x) as m, min(x * 2) as d from {{ source('s', 't') }} group by k",
            ),
            (
                "joined",
                "select n.name, a.s from (select k, sum(x) as s from {{ source('s', 't') }} group by k) a join {{ source('l', 'names') }} n on n.k = a.k",
            ),
        ],
    );
    write(
        root,
        "models/sources.yml",
        "version: 2\nsources:\n  - name: s\n    connection: src\n    schema: public\n    tables:\n      - name: t\n  - name: l\n    connection: lite\n    tables:\n      - name: names\n",
    );
    let (out, stderr) = run(root);
    assert!(out.status.success(), "{stderr}");
    let rows = |sql: &str| -> Vec<String> {
        let c = rusqlite::Connection::open(&wh).unwrap();
        let mut st = c.prepare(sql).unwrap();
        st.query_map([], |r| r.get::<_, String>(0))
            .unwrap()
            .map(Result::unwrap)
            .collect()
    };
    // (SQLite keeps a decimal as a number: printed at the columns' 12 digits.)
    assert_eq!(
        rows(
            "SELECT k || '|' || iif(s IS NULL, 'NULL', printf('%.12f', s)) || '|' || iif(m IS NULL, 'NULL', printf('%.12f', m)) || '|' || iif(d IS NULL, 'NULL', printf('%.12f', d)) FROM whole ORDER BY k"
        ),
        [
            "1|3.123456789013|2.000000000001|2.246913578024",
            "2|-0.000000000003|-0.000000000003|-0.000000000006",
            "3|NULL|NULL|NULL",
        ]
    );
    assert_eq!(
        rows(
            "SELECT name || '|' || iif(s IS NULL, 'NULL', printf('%.12f', s)) FROM joined ORDER BY name"
        ),
        ["one|3.123456789013", "three|NULL", "two|-0.000000000003"]
    );
}

#[test]
fn an_unknown_federation_strategy_is_dvt315_naming_the_model_and_writes_nothing() {
    let pg = dvt_testkit::require_postgres!();
    let src = pg.temp_database("strategy_src");
    src.execute_batch("CREATE TABLE t (k integer); INSERT INTO t VALUES (1), (2);");
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let wh = root.join("wh.db");
    let profiles = sqlite_target_profiles(&wh, &pg, src.name(), "");
    let model = |strategy: &str| {
        format!(
            "{{{{ config(federation={{'strategy': '{strategy}'}}) }}}}\nselect k from {{{{ source('s', 't') }}}}\n"
        )
    };
    project(root, &profiles, &[("m", &model("teleport"))]);
    let (out, stderr) = run(root);
    assert!(!out.status.success(), "{stderr}");
    assert!(
        stderr.contains("DVT315")
            && stderr.contains("model.bad.m")
            && stderr.contains("'teleport' is none of auto, extract, semi_join, move"),
        "{stderr}"
    );
    assert!(!wh.exists() || sqlite_tables(&wh).is_empty());
    // The same project with a strategy dvt knows builds the model.
    project(root, &profiles, &[("m", &model("extract"))]);
    let (out, stderr) = run(root);
    assert!(out.status.success(), "{stderr}");
    assert_eq!(sqlite_tables(&wh), vec!["m".to_string()]);
}
