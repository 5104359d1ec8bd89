//! Helpers shared by the `dvt` binary's tests that write a project on disk.

use std::path::Path;

/// A computes.yml whose default is the embedded engine (not every test binary uses it).
#[allow(dead_code)]
pub const EMBEDDED_COMPUTES: &str =
    "default:\n  target: local\n  computes:\n    local: {type: embedded}\n";

/// A computes.yml whose default is the Spark Connect server at `remote`.
#[allow(dead_code)]
pub fn spark_computes(remote: &str) -> String {
    format!("default:\n  target: sc\n  computes:\n    sc: {{type: spark, remote: '{remote}'}}\n")
}

/// `dvt <args> --project-dir <project>` (profiles found as dbt finds them, without the
/// caller's `DBT_PROFILES_DIR`): its output and its stderr as text.
#[allow(dead_code)]
pub fn dvt(project: &Path, args: &[&str]) -> (std::process::Output, String) {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_dvt"))
        .args(args)
        .args(["--project-dir", project.to_str().unwrap()])
        .env_remove("DBT_PROFILES_DIR")
        .output()
        .expect("run dvt");
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    (out, stderr)
}

/// A PostgreSQL output of the test server for database `db` and `schema` (the server trusts
/// local users, no password).
#[allow(dead_code)]
pub fn pg_output(pg: &dvt_testkit::PgService, db: &str, schema: &str) -> String {
    format!(
        "{{type: postgres, host: '{}', port: {}, user: {}, password: '', dbname: {db}, schema: {schema}}}",
        pg.host, pg.port, pg.user
    )
}

/// Write `text` to `root/rel`, creating folders.
pub fn write(root: &Path, rel: &str, text: &str) {
    let p = root.join(rel);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, text).unwrap();
}

/// Poll `done` every 50 ms while `child` runs; panics when the child ends first or after
/// `limit` (`what` names the awaited state in the message).
#[allow(dead_code)]
pub fn wait_while_running(
    child: &mut std::process::Child,
    what: &str,
    limit: std::time::Duration,
    mut done: impl FnMut() -> bool,
) {
    let start = std::time::Instant::now();
    while !done() {
        assert!(
            child.try_wait().unwrap().is_none(),
            "the run ended before {what}"
        );
        assert!(start.elapsed() < limit, "no {what} within {limit:?}");
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
}

/// The staging tables (`dvt_stg_%`) of a PostgreSQL database, by name.
#[allow(dead_code)]
pub fn pg_staging_tables(
    db: &dvt_testkit::TempDatabase<'_, dvt_testkit::PgService>,
) -> dvt_testkit::Rows {
    db.query_strings(
        "SELECT tablename FROM pg_tables WHERE tablename LIKE 'dvt\\_stg\\_%' ORDER BY 1",
    )
}

/// A test's PostgreSQL source and target databases and its project folder.
#[allow(dead_code)]
pub struct PgFixture<'a> {
    /// The source database (`<label>`).
    pub app: dvt_testkit::TempDatabase<'a, dvt_testkit::PgService>,
    /// The target database (`<label>_wh`).
    pub wh: dvt_testkit::TempDatabase<'a, dvt_testkit::PgService>,
    /// The project folder.
    pub dir: tempfile::TempDir,
}

/// Fresh databases `<label>` and `<label>_wh` and a project folder, which `setup` fills
/// (`setup(root, app, wh)`).
#[allow(dead_code)]
pub fn pg_fixture<'a>(
    pg: &'a dvt_testkit::PgService,
    label: &str,
    setup: impl FnOnce(
        &Path,
        &dvt_testkit::TempDatabase<'a, dvt_testkit::PgService>,
        &dvt_testkit::TempDatabase<'a, dvt_testkit::PgService>,
    ),
) -> PgFixture<'a> {
    let app = pg.temp_database(label);
    let wh = pg.temp_database(&format!("{label}_wh"));
    let dir = tempfile::tempdir().unwrap();
    setup(dir.path(), &app, &wh);
    PgFixture { app, wh, dir }
}
