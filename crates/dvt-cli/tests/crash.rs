//! A `dvt run` killed (SIGKILL) in the middle of its load leaves the previous target table
//! intact; the next run removes the staging residue and completes. Real PostgreSQL databases:
//! the source and the target are two databases of one server (two servers for dvt, so the model
//! is federated and its rows stream through the embedded engine into a binary COPY).

use std::process::{Command, Stdio};
use std::time::Duration;

mod common;
use common::{EMBEDDED_COMPUTES, pg_staging_tables, wait_while_running, write};

fn dvt(project: &std::path::Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_dvt"));
    c.args(["run", "--project-dir", project.to_str().unwrap()])
        .env_remove("DBT_PROFILES_DIR");
    c
}

#[test]
fn a_run_killed_during_its_load_leaves_the_target_and_the_next_run_cleans_up() {
    let pg = dvt_testkit::require_postgres!();
    let src = pg.temp_database("crash_src");
    let tgt = pg.temp_database("crash_tgt");
    src.execute_batch(
        "CREATE TABLE events (id bigint, payload text);
         INSERT INTO events SELECT g, 'small ' || g FROM generate_series(1, 1000) g;",
    );
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(
        root,
        "dbt_project.yml",
        "name: crash\nprofile: crash\nmodels:\n  crash:\n    +materialized: table\n",
    );
    write(
        root,
        "profiles.yml",
        &format!(
            "crash:\n  target: tgt\n  outputs:\n    tgt: {{type: postgres, host: {h}, port: {p}, user: {u}, dbname: {t}, schema: public}}\n    src: {{type: postgres, host: {h}, port: {p}, user: {u}, dbname: {s}, schema: public}}\n",
            h = pg.host,
            p = pg.port,
            u = pg.user,
            t = tgt.name(),
            s = src.name()
        ),
    );
    write(root, "computes.yml", EMBEDDED_COMPUTES);
    write(
        root,
        "models/sources.yml",
        "version: 2\nsources:\n  - name: app\n    connection: src\n    schema: public\n    tables:\n      - name: events\n        columns:\n          - {name: id, data_type: bigint}\n          - {name: payload, data_type: text}\n",
    );
    write(
        root,
        "models/copied.sql",
        "select id, payload from {{ source('app', 'events') }}",
    );

    // 1. A first run builds the table.
    let out = dvt(root).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let count = || tgt.query_strings("SELECT count(*), max(payload) FROM public.copied");
    assert_eq!(
        count(),
        vec![vec![
            Some("1000".to_string()),
            Some("small 999".to_string())
        ]]
    );

    // 2. Much more data; the next run is killed once its staging table exists.
    src.execute_batch(
        "TRUNCATE events;
         INSERT INTO events SELECT g, repeat('big ', 20) || g FROM generate_series(1, 3000000) g;",
    );
    let staging = || pg_staging_tables(&tgt);
    let mut child = dvt(root)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    wait_while_running(
        &mut child,
        "its staging table was seen",
        Duration::from_secs(120),
        || !staging().is_empty(),
    );
    std::thread::sleep(Duration::from_millis(300));
    assert!(
        child.try_wait().unwrap().is_none(),
        "the run finished before it could be killed; the test needs a longer load"
    );
    child.kill().unwrap(); // SIGKILL: no cleanup code runs
    child.wait().unwrap();

    // The previous table is intact; the residue is there.
    assert_eq!(
        count(),
        vec![vec![
            Some("1000".to_string()),
            Some("small 999".to_string())
        ]]
    );
    assert_eq!(staging().len(), 1, "the killed run left its staging table");

    // 3. The next run removes the residue and builds the new table.
    let out = dvt(root).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(
        stderr.contains("dropped staging table"),
        "the journal's open entry was recovered: {stderr}"
    );
    assert!(staging().is_empty(), "{:?}", staging());
    assert_eq!(count()[0][0].as_deref(), Some("3000000"));
}
