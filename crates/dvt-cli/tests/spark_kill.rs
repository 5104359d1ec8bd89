//! The Spark Connect server SIGKILLed in the middle of a `dvt run`: the run fails with DVT517
//! naming the server, exits 1 promptly, and the target table is as it was (the staging table
//! Spark was writing into is dropped). Real PostgreSQL (source and target are two databases of
//! one server, two outputs for dvt, so the model is federated) and a Spark Connect server of
//! this test's own, started with `dvt sync --start` on a free port (the shared test server is
//! not touched).

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

mod common;
use common::{pg_staging_tables, spark_computes, wait_while_running, write};

fn dvt(project: &Path, args: &[&str]) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_dvt"));
    c.args(args)
        .args(["--project-dir", project.to_str().unwrap()])
        .env_remove("DBT_PROFILES_DIR");
    c
}

/// Stops the test's own server whatever happens.
struct Server<'a>(&'a Path);

impl Drop for Server<'_> {
    fn drop(&mut self) {
        let _ = dvt(self.0, &["sync", "--stop"]).output();
    }
}

#[test]
fn killing_the_spark_server_mid_run_is_dvt517_and_leaves_the_target_as_it_was() {
    let _spark = dvt_testkit::require_spark!(); // pyspark is installed
    let pg = dvt_testkit::require_postgres!();
    let src = pg.temp_database("kill_src");
    let tgt = pg.temp_database("kill_tgt");
    src.execute_batch(
        "CREATE TABLE events (id bigint, payload text);
         INSERT INTO events SELECT g, repeat('big ', 20) || g FROM generate_series(1, 3000000) g;",
    );
    tgt.execute_batch(
        "CREATE TABLE public.copied (id bigint, payload text); INSERT INTO public.copied VALUES (1, 'previous');",
    );
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(
        root,
        "dbt_project.yml",
        "name: kill\nprofile: kill\nmodels:\n  kill:\n    +materialized: table\n",
    );
    write(
        root,
        "profiles.yml",
        &format!(
            "kill:\n  target: tgt\n  outputs:\n    tgt: {{type: postgres, host: {h}, port: {p}, user: {u}, dbname: {t}, schema: public}}\n    src: {{type: postgres, host: {h}, port: {p}, user: {u}, dbname: {s}, schema: public}}\n",
            h = pg.host,
            p = pg.port,
            u = pg.user,
            t = tgt.name(),
            s = src.name()
        ),
    );
    let remote = format!("sc://127.0.0.1:{port}");
    write(root, "computes.yml", &spark_computes(&remote));
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
    let out = dvt(root, &["sync", "--start"]).output().unwrap();
    let _server = Server(root);
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        out.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let status = dvt(root, &["sync", "--status"]).output().unwrap();
    let status = String::from_utf8_lossy(&status.stdout).into_owned();
    let pid: u32 = status
        .split("(pid ")
        .nth(1)
        .and_then(|s| s.split(')').next())
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("no pid in `dvt sync --status`: {status}"));

    let staging = || pg_staging_tables(&tgt);
    let contents = || tgt.query_strings("SELECT count(*), max(payload) FROM public.copied");
    let before = vec![vec![Some("1".to_string()), Some("previous".to_string())]];
    assert_eq!(contents(), before);
    let mut child = dvt(root, &["run"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // dvt creates the staging table, stages the source's rows for Spark (reading them
    // itself), then Spark writes them into the staging table (in one transaction per
    // partition, so its rows show only at the end): kill the server a few seconds in — while
    // dvt stages or during Spark's job, both end with DVT517.
    wait_while_running(
        &mut child,
        "its staging table was seen",
        Duration::from_secs(180),
        || !staging().is_empty(),
    );
    std::thread::sleep(Duration::from_secs(4));
    assert!(
        child.try_wait().unwrap().is_none(),
        "the run finished before the server could be killed; the test needs a longer load"
    );
    let killed = Command::new("kill")
        .args(["-9", &pid.to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let answers = || std::net::TcpStream::connect(("127.0.0.1", port)).is_ok();
    let t = Instant::now();
    while answers() && t.elapsed() < Duration::from_secs(10) {
        std::thread::sleep(Duration::from_millis(100));
    }
    assert!(!answers(), "pid {pid} was the server");
    let killed_at = Instant::now();
    let out = loop {
        if let Some(_status) = child.try_wait().unwrap() {
            break child.wait_with_output().unwrap();
        }
        assert!(
            killed_at.elapsed() < Duration::from_secs(90),
            "dvt run still runs 90 s after its Spark server died"
        );
        std::thread::sleep(Duration::from_millis(100));
    };
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("DVT517"), "{stderr}");
    assert!(stderr.contains(&remote), "names the server: {stderr}");
    assert!(
        stderr.contains("dvt sync --start"),
        "says what to do: {stderr}"
    );
    // The target is as it was, and no staging table is left.
    assert_eq!(contents(), before);
    assert!(staging().is_empty(), "{:?}", staging());
    let rr = std::fs::read_to_string(root.join("target/run_results.json")).unwrap();
    assert!(rr.contains("DVT517"), "{rr}");
}
