//! Running a project again, as every user does: the tables it built have views, grants,
//! indexes and comments on them by then, another model's load may be running, or a second run
//! of the same model may start. Real PostgreSQL and MariaDB servers, and SQLite files.

use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::Duration;

mod common;
use common::{EMBEDDED_COMPUTES, pg_staging_tables, wait_while_running, write};
use dvt_io::load::staging_prefix;

fn dvt_cmd(project: &Path, args: &[&str]) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_dvt"));
    c.arg("run")
        .args(args)
        .args(["--project-dir", project.to_str().unwrap()])
        .env_remove("DBT_PROFILES_DIR");
    c
}

fn run(project: &Path, args: &[&str]) -> (Output, String) {
    let out = dvt_cmd(project, args).output().expect("run dvt");
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    (out, stderr)
}

/// A project whose source `app.events (id, v)` lives in the SQLite file `src.db` and whose
/// models land on `target` (a profiles.yml output): `events_copy` (federated) and
/// `events_view` (a view model over it, on the target).
fn project(root: &Path, target: &str) {
    write(
        root,
        "dbt_project.yml",
        "name: again\nprofile: again\nmodels:\n  again:\n    +materialized: table\n",
    );
    write(
        root,
        "profiles.yml",
        &format!(
            "again:\n  target: wh\n  outputs:\n    wh: {target}\n    src: {{type: sqlite, path: '{}'}}\n",
            root.join("src.db").display()
        ),
    );
    write(root, "computes.yml", EMBEDDED_COMPUTES);
    write(
        root,
        "models/sources.yml",
        "version: 2\nsources:\n  - name: app\n    connection: src\n    tables:\n      - name: events\n",
    );
    write(
        root,
        "models/events_copy.sql",
        "select id, v from {{ source('app', 'events') }}",
    );
    write(
        root,
        "models/events_view.sql",
        "{{ config(materialized='view') }}\nselect id, v from {{ ref('events_copy') }} where id > 1",
    );
    source_rows(root, &[(1, "a"), (2, "b")]);
}

/// The PostgreSQL output of database `db` (schema `public`).
fn pg_target(pg: &dvt_testkit::PgService, db: &str) -> String {
    format!(
        "{{type: postgres, host: '{}', port: {}, user: {}, dbname: {db}, schema: public}}",
        pg.host, pg.port, pg.user
    )
}

/// Replace the source's rows.
fn source_rows(root: &Path, rows: &[(i64, &str)]) {
    let c = rusqlite::Connection::open(root.join("src.db")).unwrap();
    c.execute_batch("CREATE TABLE IF NOT EXISTS events (id INTEGER, v TEXT); DELETE FROM events;")
        .unwrap();
    for (id, v) in rows {
        c.execute(
            "INSERT INTO events VALUES (?1, ?2)",
            rusqlite::params![id, v],
        )
        .unwrap();
    }
}

fn flat(rows: dvt_testkit::Rows) -> Vec<String> {
    rows.into_iter()
        .map(|r| {
            r.into_iter()
                .map(|v| v.unwrap_or_default())
                .collect::<Vec<_>>()
                .join("|")
        })
        .collect()
}

#[test]
fn a_second_run_keeps_views_grants_indexes_and_comments_on_postgres() {
    let pg = dvt_testkit::require_postgres!();
    let wh = pg.temp_database("again_wh");
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    project(root, &pg_target(&pg, wh.name()));
    source_rows(root, &[(1, "10"), (2, "20")]);
    let (out, stderr) = run(root, &[]);
    assert!(out.status.success(), "{stderr}");
    // What users add to a table dvt built.
    let reader = dvt_testkit::unique_name("again_reader");
    wh.execute_batch(&format!(
        "CREATE VIEW public.user_view AS SELECT id, v FROM public.events_copy;
         CREATE ROLE {reader} NOLOGIN;
         GRANT SELECT ON public.events_copy TO {reader};
         CREATE INDEX events_copy_id ON public.events_copy (id);
         COMMENT ON TABLE public.events_copy IS 'built by dvt';"
    ));
    source_rows(root, &[(1, "10"), (2, "20"), (3, "30")]);
    let (out, stderr) = run(root, &[]);
    let cleanup = format!(
        "DROP VIEW public.user_view; REVOKE ALL ON public.events_copy FROM {reader}; DROP ROLE {reader}"
    );
    let kept = (
        flat(wh.query_strings("SELECT id, v FROM public.user_view ORDER BY id")),
        flat(wh.query_strings("SELECT id, v FROM public.events_view ORDER BY id")),
        flat(wh.query_strings(&format!(
            "SELECT has_table_privilege('{reader}', 'public.events_copy', 'SELECT')"
        ))),
        flat(wh.query_strings("SELECT indexname FROM pg_indexes WHERE tablename = 'events_copy'")),
        flat(wh.query_strings("SELECT obj_description('public.events_copy'::regclass)")),
    );
    wh.execute_batch(&cleanup);
    assert!(out.status.success(), "the second run: {stderr}");
    assert_eq!(
        kept.0,
        ["1|10", "2|20", "3|30"],
        "the user's view sees the new rows"
    );
    assert_eq!(kept.1, ["2|20", "3|30"], "the view model too");
    assert_eq!(kept.2, ["t"], "the grant is kept");
    assert_eq!(kept.3, ["events_copy_id"], "the index is kept");
    assert_eq!(kept.4, ["built by dvt"], "the comment is kept");
    assert!(pg_staging_tables(&wh).is_empty());
}

#[test]
fn views_on_mariadb_and_sqlite_targets_survive_a_second_run() {
    let maria = dvt_testkit::require_mariadb!();
    let mart = maria.temp_database("again_mart");
    let targets = [
        format!(
            "{{type: mariadb, host: '{}', port: {}, user: {}, password: '', schema: {}}}",
            maria.host,
            maria.port,
            maria.user,
            mart.name()
        ),
        "{type: sqlite, path: 'wh.db'}".to_string(),
    ];
    for target in targets {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        let target = target.replace("'wh.db'", &format!("'{}'", root.join("wh.db").display()));
        project(root, &target);
        let (out, stderr) = run(root, &["--select", "events_copy"]);
        assert!(out.status.success(), "{target}: {stderr}");
        let view = "CREATE VIEW user_view AS SELECT id, v FROM events_copy";
        let read = "SELECT id, v FROM user_view ORDER BY id";
        let sqlite = root.join("wh.db");
        let exec = |sql: &str| -> Vec<String> {
            if target.contains("sqlite") {
                let c = rusqlite::Connection::open(&sqlite).unwrap();
                if !sql.starts_with("SELECT") {
                    c.execute_batch(sql).unwrap();
                    return vec![];
                }
                let mut st = c.prepare(sql).unwrap();
                st.query_map([], |r| {
                    Ok(format!(
                        "{}|{}",
                        r.get::<_, i64>(0)?,
                        r.get::<_, String>(1)?
                    ))
                })
                .unwrap()
                .map(Result::unwrap)
                .collect()
            } else if sql.starts_with("SELECT") {
                flat(maria.query_strings(mart.name(), sql))
            } else {
                maria.execute_batch(mart.name(), sql);
                vec![]
            }
        };
        exec(view);
        source_rows(root, &[(1, "a"), (2, "b"), (3, "c")]);
        let (out, stderr) = run(root, &["--select", "events_copy"]);
        assert!(out.status.success(), "{target}: {stderr}");
        assert_eq!(exec(read), ["1|a", "2|b", "3|c"], "{target}");
        exec("DROP VIEW user_view");
    }
}

/// Run statements on the DuckDB file `path` (through dvt's connector, released before
/// returning: `dvt run` is another process and DuckDB lets one process hold a file); the
/// first column of a `SELECT`'s rows as text.
fn duck(path: &Path, sql: &str) -> Vec<String> {
    use futures::TryStreamExt;
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async {
        let mut out = dvt_core::profiles::Connection::new("wh", dvt_core::profiles::DbKind::DuckDb);
        out.path = Some(path.to_path_buf());
        let c = dvt_connectors::open(&out).await.unwrap();
        if !sql.starts_with("SELECT") {
            c.execute(sql).await.unwrap();
            return vec![];
        }
        let s = c
            .extract(&format!("SELECT CAST(x AS VARCHAR) FROM ({sql}) AS t(x)"))
            .await
            .unwrap();
        let batches: Vec<arrow_array::RecordBatch> = s.stream.try_collect().await.unwrap();
        batches
            .iter()
            .flat_map(|b| {
                let col = arrow_array::cast::AsArray::as_string::<i32>(b.column(0)).clone();
                (0..arrow_array::Array::len(&col)).map(move |i| col.value(i).to_string())
            })
            .collect()
    })
}

/// A DuckDB file as the target, its schema not made yet: the first run creates both; the user
/// then builds a view and an index on the table, and the second run (new source rows, same
/// columns) replaces the rows under them — the view reads the new rows, the index is still
/// there, the view model is rebuilt.
#[test]
fn a_duckdb_target_keeps_its_views_and_indexes_over_a_second_run() {
    if !dvt_connectors::enabled().contains(&"duckdb") {
        assert!(
            std::env::var_os("DVT_TEST_DUCKDB").is_none(),
            "DVT_TEST_DUCKDB is set but dvt was built without the duckdb feature"
        );
        eprintln!("skipped: dvt-connectors' duckdb feature is off (run ./scripts/test.sh)");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let file = root.join("wh.duckdb");
    project(
        root,
        &format!("{{type: duckdb, path: '{}', schema: mart}}", file.display()),
    );
    let (out, stderr) = run(root, &[]);
    assert!(out.status.success(), "{stderr}");
    assert_eq!(duck(&file, "SELECT id FROM mart.events_view"), ["2"]);
    duck(
        &file,
        "CREATE VIEW mart.user_view AS SELECT id || ':' || v AS x FROM mart.events_copy;
         CREATE INDEX events_by_id ON mart.events_copy (id);",
    );
    source_rows(root, &[(1, "a"), (2, "b"), (3, "c")]);
    let (out, stderr) = run(root, &[]);
    assert!(out.status.success(), "{stderr}");
    assert_eq!(
        duck(&file, "SELECT x FROM mart.user_view ORDER BY x"),
        ["1:a", "2:b", "3:c"]
    );
    assert_eq!(
        duck(
            &file,
            "SELECT index_name FROM duckdb_indexes() WHERE table_name = 'events_copy'"
        ),
        ["events_by_id"]
    );
    assert_eq!(
        duck(&file, "SELECT id FROM mart.events_view ORDER BY id"),
        ["2", "3"]
    );
    // Nothing else is left in the schema: no staging table.
    assert_eq!(
        duck(
            &file,
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'mart' ORDER BY 1"
        ),
        ["events_copy", "events_view", "user_view"]
    );
}

#[test]
fn a_load_never_drops_another_models_staging_table() {
    let pg = dvt_testkit::require_postgres!();
    let wh = pg.temp_database("again_prefix");
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    project(root, &pg_target(&pg, wh.name()));
    write(
        root,
        "models/events.sql",
        "select id from {{ source('app', 'events') }}",
    );
    // A load of `events_copy` in progress elsewhere: its staging table exists. The model
    // `events` (whose name is a prefix of it) must not take it for its own residue.
    let other = format!(
        "{}r999zzz",
        staging_prefix("events_copy", "model.again.events_copy")
    );
    wh.execute_batch(&format!("CREATE TABLE public.{other} (x int)"));
    // And a real residue of `events` itself, which must go.
    let mine = format!("{}r111aaa", staging_prefix("events", "model.again.events"));
    wh.execute_batch(&format!("CREATE TABLE public.{mine} (x int)"));
    let (out, stderr) = run(root, &["--select", "events"]);
    assert!(out.status.success(), "{stderr}");
    assert_eq!(flat(pg_staging_tables(&wh)), [other]);
}

#[test]
fn a_second_run_of_a_model_being_loaded_is_dvt125_and_the_first_completes() {
    let pg = dvt_testkit::require_postgres!();
    let src = pg.temp_database("again_busy_src");
    let wh = pg.temp_database("again_busy_wh");
    src.execute_batch(
        "CREATE TABLE events (id bigint, v text);
         INSERT INTO events SELECT g, repeat('x', 40) || g FROM generate_series(1, 2000000) g;",
    );
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    project(root, &pg_target(&pg, wh.name()));
    write(
        root,
        "profiles.yml",
        &format!(
            "again:\n  target: wh\n  outputs:\n    wh: {{type: postgres, host: '{h}', port: {p}, user: {u}, dbname: {w}, schema: public}}\n    src: {{type: postgres, host: '{h}', port: {p}, user: {u}, dbname: {s}, schema: public}}\n",
            h = pg.host,
            p = pg.port,
            u = pg.user,
            w = wh.name(),
            s = src.name()
        ),
    );
    write(
        root,
        "models/sources.yml",
        "version: 2\nsources:\n  - name: app\n    connection: src\n    schema: public\n    tables:\n      - name: events\n",
    );
    let mut first = dvt_cmd(root, &["--select", "events_copy"])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    wait_while_running(
        &mut first,
        "the first run's staging table",
        Duration::from_secs(60),
        || !pg_staging_tables(&wh).is_empty(),
    );
    let (second, stderr) = run(root, &["--select", "events_copy"]);
    let first = first.wait_with_output().unwrap();
    assert_eq!(second.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("DVT125"), "{stderr}");
    assert!(
        stderr.contains("another run is loading model 'events_copy'"),
        "{stderr}"
    );
    assert!(
        first.status.success(),
        "{}",
        String::from_utf8_lossy(&first.stderr)
    );
    assert_eq!(
        flat(wh.query_strings("SELECT count(*) FROM public.events_copy")),
        ["2000000"]
    );
    assert!(pg_staging_tables(&wh).is_empty());
}

#[test]
fn new_columns_keep_the_views_on_postgres_and_a_view_that_no_longer_fits_keeps_the_old_table() {
    let pg = dvt_testkit::require_postgres!();
    let wh = pg.temp_database("again_cols");
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    project(root, &pg_target(&pg, wh.name()));
    let (out, stderr) = run(root, &[]);
    assert!(out.status.success(), "{stderr}");
    wh.execute_batch(
        "CREATE VIEW public.user_view AS SELECT id, v FROM public.events_copy;
         CREATE VIEW public.user_view2 AS SELECT count(*) AS n FROM public.user_view;",
    );
    // The model gains a column: the table is swapped, its views (a view model and two of the
    // user's, one on the other) are created again.
    write(
        root,
        "models/events_copy.sql",
        "select id, v, id * 10 as id10 from {{ source('app', 'events') }}",
    );
    source_rows(root, &[(1, "a"), (2, "b"), (3, "c")]);
    let (out, stderr) = run(root, &[]);
    assert!(out.status.success(), "{stderr}");
    assert_eq!(
        flat(wh.query_strings("SELECT id, v FROM public.user_view ORDER BY id")),
        ["1|a", "2|b", "3|c"]
    );
    assert_eq!(
        flat(wh.query_strings("SELECT n FROM public.user_view2")),
        ["3"]
    );
    assert_eq!(
        flat(wh.query_strings("SELECT id10 FROM public.events_copy ORDER BY id")),
        ["10", "20", "30"]
    );
    // The model drops a column the user's view reads: the run fails with a coded error naming
    // the view, and the old table and both views stay as they were.
    write(
        root,
        "models/events_copy.sql",
        "select id from {{ source('app', 'events') }}",
    );
    source_rows(root, &[(9, "z")]);
    let (out, stderr) = run(root, &["--select", "events_copy"]);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("DVT122"), "{stderr}");
    assert!(stderr.contains("user_view"), "names the view: {stderr}");
    assert_eq!(
        flat(wh.query_strings("SELECT id, v FROM public.user_view ORDER BY id")),
        ["1|a", "2|b", "3|c"]
    );
    assert!(pg_staging_tables(&wh).is_empty());
}
