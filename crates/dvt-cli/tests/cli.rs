//! Runs the real `dvt` binary.

use std::path::{Path, PathBuf};
use std::process::Command;

fn sample() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/projects/three_outputs")
}

fn dvt(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_dvt"))
        .args(args)
        .env_remove("DBT_PROFILES_DIR")
        .env("DVT_PG_PASSWORD", "pg-SECRET-pw")
        .output()
        .expect("run dvt")
}

/// Run dvt, require success, and parse stdout as JSON (stderr is returned too).
fn dvt_json(args: &[&str]) -> (serde_json::Value, String) {
    let out = dvt(args);
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(out.status.success(), "dvt {args:?} failed: {stderr}");
    let v = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("dvt {args:?}: {e}"));
    (v, stderr)
}

#[test]
fn ls_json_on_three_outputs() {
    let dir = sample();
    let (v, stderr) = dvt_json(&[
        "ls",
        "--project-dir",
        dir.to_str().unwrap(),
        "--output",
        "json",
    ]);
    let arr = v.as_array().unwrap();
    assert_eq!(arr.len(), 5);
    for e in arr {
        let mut keys: Vec<&str> = e.as_object().unwrap().keys().map(String::as_str).collect();
        keys.sort();
        assert_eq!(
            keys,
            [
                "federated",
                "materialized",
                "target",
                "unique_id",
                "upstream"
            ]
        );
        for u in e["upstream"].as_array().unwrap() {
            let mut k: Vec<&str> = u.as_object().unwrap().keys().map(String::as_str).collect();
            k.sort();
            assert_eq!(k, ["target", "unique_id"]);
        }
    }
    let get = |id: &str| arr.iter().find(|e| e["unique_id"] == id).unwrap().clone();
    let stg = get("model.three_outputs.stg_orders");
    assert_eq!(stg["federated"], false);
    assert_eq!(stg["target"], "warehouse");
    assert_eq!(stg["materialized"], "view");
    assert_eq!(
        stg["upstream"],
        serde_json::json!([{"unique_id": "source.three_outputs.shop.orders", "target": "warehouse"}])
    );
    let tot = get("model.three_outputs.order_totals");
    assert_eq!(tot["federated"], true);
    assert_eq!(
        tot["upstream"],
        serde_json::json!([
            {"unique_id": "model.three_outputs.stg_orders", "target": "warehouse"},
            {"unique_id": "source.three_outputs.crm.customers", "target": "crm"}
        ])
    );
    let act = get("model.three_outputs.customer_activity");
    assert_eq!(act["federated"], true);
    assert_eq!(act["materialized"], "incremental");
    let targets: Vec<&str> = act["upstream"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["target"].as_str().unwrap())
        .collect();
    assert_eq!(targets, ["warehouse", "crm", "events"]);
    let ev = get("model.three_outputs.events_daily");
    assert_eq!(ev["federated"], false);
    assert_eq!(ev["target"], "events");
    // the one federated view is coerced to a table: DVT001 on stderr, nothing for the others
    let ce = get("model.three_outputs.customer_emails");
    assert_eq!(
        (ce["federated"].as_bool(), ce["materialized"].as_str()),
        (Some(true), Some("view"))
    );
    let dvt001: Vec<&str> = stderr.lines().filter(|l| l.starts_with("DVT001")).collect();
    assert_eq!(dvt001.len(), 1, "{stderr}");
    assert!(dvt001[0].contains("customer_emails"), "{stderr}");
}

#[test]
fn ls_target_override_and_text() {
    let dir = sample();
    let (v, stderr) = dvt_json(&[
        "ls",
        "--project-dir",
        dir.to_str().unwrap(),
        "--target",
        "crm",
        "--output",
        "json",
    ]);
    for e in v.as_array().unwrap() {
        assert_eq!(e["target"], "crm");
    }
    // sources without a connection follow --target: stg_orders (a view over shop.orders) is
    // now local to crm, and customer_emails (a view over crm) too: no DVT001 at all
    assert!(!stderr.contains("DVT001"), "{stderr}");
    let get = |id: &str| {
        v.as_array()
            .unwrap()
            .iter()
            .find(|e| e["unique_id"] == id)
            .unwrap()
            .clone()
    };
    assert_eq!(get("model.three_outputs.stg_orders")["federated"], false);
    assert_eq!(get("model.three_outputs.events_daily")["federated"], true);
    let out = dvt(&["ls", "--project-dir", dir.to_str().unwrap()]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains(
            "model.three_outputs.order_totals  materialized=table  target=warehouse  federated"
        ),
        "{text}"
    );
}

#[test]
fn errors_are_coded_and_exit_nonzero() {
    let tmp = tempfile::tempdir().unwrap();
    let out = dvt(&["ls", "--project-dir", tmp.path().to_str().unwrap()]);
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("DVT100"), "{stderr}");
    let dir = sample();
    let out = dvt(&[
        "ls",
        "--project-dir",
        dir.to_str().unwrap(),
        "--target",
        "nope",
    ]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("DVT105"));
}

#[test]
fn debug_reports_every_output_without_secrets() {
    let dir = sample();
    let out = dvt(&["debug", "--offline", "--project-dir", dir.to_str().unwrap()]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    for o in ["warehouse", "crm", "events"] {
        assert!(stdout.contains(&format!("output {o}: OK")), "{stdout}");
    }
    assert!(
        stdout.contains("postgres://127.0.0.1:5432/warehouse"),
        "{stdout}"
    );
    assert!(!stdout.contains("pg-SECRET-pw"), "{stdout}");
    // a relative --project-dir still gives an absolute SQLite path (and so a JDBC URL)
    let out = Command::new(env!("CARGO_BIN_EXE_dvt"))
        .current_dir(dir.parent().unwrap())
        .args(["debug", "--offline", "--project-dir", "three_outputs"])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("jdbc=jdbc:sqlite:/"), "{stdout}");
    assert!(stdout.contains("three_outputs/data/events.db"), "{stdout}");

    // an invalid output is reported by name, and the exit code is non-zero
    let tmp = tempfile::tempdir().unwrap();
    for f in ["dbt_project.yml", "profiles.yml"] {
        std::fs::copy(dir.join(f), tmp.path().join(f)).unwrap();
    }
    let profiles = std::fs::read_to_string(tmp.path().join("profiles.yml"))
        .unwrap()
        .replace("type: mariadb", "type: nosuchdb");
    std::fs::write(tmp.path().join("profiles.yml"), profiles).unwrap();
    let out = dvt(&[
        "debug",
        "--offline",
        "--project-dir",
        tmp.path().to_str().unwrap(),
    ]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(!out.status.success());
    assert!(stdout.contains("output crm: ERROR DVT106"), "{stdout}");
    assert!(stdout.contains("output warehouse: OK"), "{stdout}");
}

fn translate(args: &[&str], stdin: &str) -> std::process::Output {
    use std::io::Write;
    let mut child = Command::new(env!("CARGO_BIN_EXE_dvt"))
        .arg("translate")
        .args(args)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

#[test]
fn translate_coverage_prints_the_report_and_needs_no_dialects() {
    let out = translate(&["--coverage"], "");
    assert!(out.status.success(), "{out:?}");
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.starts_with("# Translation coverage"), "{text}");
    assert!(text.contains("| `iff` | IFF, IF, IIF |"), "{text}");
    // Without --coverage both dialects are needed; with it, neither may be given.
    assert!(!translate(&["--from", "mysql"], "SELECT 1").status.success());
    let both = translate(&["--coverage", "--from", "mysql"], "");
    assert!(!both.status.success());
}

#[test]
fn translate_statements_and_expressions() {
    let out = translate(
        &["--from", "snowflake", "--to", "postgres"],
        "SELECT PARSE_JSON(metadata):name::VARCHAR AS name, IFF(a > 1, 'x', 'y') AS s FROM users",
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let sql = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        sql.trim(),
        "SELECT (CAST(metadata AS JSONB) ->> 'name') AS name, CASE WHEN a > 1 THEN 'x' ELSE 'y' END AS s FROM users"
    );
    // warnings: one per line on stderr, code first
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.lines().any(|l| l.starts_with("DVT004")), "{stderr}");
    assert!(stderr.lines().all(|l| l.starts_with("DVT")), "{stderr}");

    let out = translate(
        &["--from", "mysql", "--to", "postgres", "--expr"],
        "IFNULL(a, 1)",
    );
    assert!(out.status.success());
    assert_eq!(
        String::from_utf8_lossy(&out.stdout).trim(),
        "COALESCE(a, 1)"
    );
}

#[test]
fn translate_errors_exit_1_with_a_clear_message() {
    let out = translate(
        &["--from", "snowflake", "--to", "postgres"],
        "SELEC nonsense FROM",
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("DVT300"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = translate(
        &["--from", "postgres", "--to", "sqlite"],
        "SELECT a FROM t WHERE a ~ 'x'",
    );
    assert_eq!(out.status.code(), Some(1));
    let e = String::from_utf8_lossy(&out.stderr);
    assert!(e.contains("DVT301") && e.contains("sqlite"), "{e}");
    let out = translate(&["--from", "nosuch", "--to", "postgres"], "SELECT 1");
    assert_eq!(out.status.code(), Some(1));
    let e = String::from_utf8_lossy(&out.stderr);
    assert!(e.contains("DVT205: unknown database kind `nosuch`"), "{e}");
    // A kind dvt knows but does not translate (no capability row) is refused, not guessed.
    let out = translate(&["--from", "postgres", "--to", "oracle"], "SELECT 1");
    assert_eq!(out.status.code(), Some(1));
    let e = String::from_utf8_lossy(&out.stderr);
    assert!(e.contains("DVT301") && e.contains("SQL of oracle"), "{e}");
}

#[test]
fn explain_json_has_the_plan_keys() {
    // The sources' schemas come from their databases' catalogs: put the project's tables on
    // the test services and point its profile there.
    let pg = dvt_testkit::require_postgres!();
    let maria = dvt_testkit::require_mariadb!();
    let wh = pg.temp_database("three_wh");
    wh.execute_batch(
        "CREATE TABLE orders (id integer, customer_id integer, amount numeric(12,2), created_at timestamptz);
         CREATE TABLE order_items (order_id integer, sku text, qty integer);",
    );
    let crm_db = maria.temp_database("three_crm");
    crm_db.execute_batch("CREATE TABLE customers (id int, email varchar(255))");
    let events = tempfile::tempdir().unwrap();
    let events_db = events.path().join("events.db");
    rusqlite::Connection::open(&events_db)
        .unwrap()
        .execute_batch("CREATE TABLE page_view_log (id INTEGER, customer_id INTEGER, url TEXT, viewed_at DATETIME)")
        .unwrap();
    let env = [
        ("DVT_PG_HOST", pg.host.clone()),
        ("DVT_PG_PORT", pg.port.to_string()),
        ("DVT_PG_USER", pg.user.clone()),
        ("DVT_PG_DB", wh.name().to_string()),
        ("DVT_MARIA_HOST", maria.host.clone()),
        ("DVT_MARIA_PORT", maria.port.to_string()),
        ("DVT_MARIA_DB", crm_db.name().to_string()),
        ("DVT_EVENTS_DB", events_db.display().to_string()),
    ];
    let dvt = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_dvt"))
            .args(args)
            .env_remove("DBT_PROFILES_DIR")
            .envs(env.iter().map(|(k, v)| (k, v)))
            .output()
            .expect("run dvt")
    };
    let dvt_json = |args: &[&str]| {
        let out = dvt(args);
        let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
        assert!(out.status.success(), "dvt {args:?} failed: {stderr}");
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        (v, stderr)
    };
    let dir = sample();
    let (p, _) = dvt_json(&[
        "explain",
        "--project-dir",
        dir.to_str().unwrap(),
        "--select",
        "order_totals",
        "--output",
        "json",
    ]);
    assert_eq!(p["direct"], false);
    let ex = p["extracts"].as_array().unwrap();
    assert_eq!(ex.len(), 2);
    for e in ex {
        for k in [
            "connection",
            "dialect",
            "sql",
            "sources",
            "columns",
            "pushed_predicates",
        ] {
            assert!(e.get(k).is_some(), "extract lacks {k}: {e}");
        }
    }
    let crm = ex.iter().find(|e| e["connection"] == "crm").unwrap();
    assert_eq!(crm["dialect"], "mariadb");
    assert_eq!(
        crm["sql"],
        format!("SELECT `id`, `email` FROM `{}`.`customers`", crm_db.name())
    );
    assert_eq!(
        crm["sources"],
        serde_json::json!(["source.three_outputs.crm.customers"])
    );
    // The transform (written from the plan) joins the extracts' views, in Spark's quoting.
    let spark = p["transform"]["spark_sql"].as_str().unwrap();
    assert!(spark.contains("JOIN `src__crm__customers`"), "{spark}");
    let cols: Vec<(String, String)> = p["output_columns"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["name"].as_str().unwrap().to_string(),
                c["type"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(cols[0], ("email".to_string(), "varchar(255)".to_string()));
    assert_eq!(cols[1].1, "int64");
    let w = p["warnings"].as_array().unwrap();
    assert!(
        w.iter()
            .any(|w| w["code"] == "DVT007" && w["message"].as_str().is_some()),
        "{w:?}"
    );

    // the same-server model runs directly on its target
    let out = dvt(&[
        "explain",
        "--project-dir",
        dir.to_str().unwrap(),
        "--select",
        "stg_orders",
        "--output",
        "json",
    ]);
    let p: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(p["direct"], true);
    assert_eq!(p["extracts"][0]["connection"], "warehouse");

    // a model that does not exist is a coded error
    let out = dvt(&[
        "explain",
        "--project-dir",
        dir.to_str().unwrap(),
        "--select",
        "nope",
    ]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("DVT115"));
}

/// The quickstart project copied into a temp dir with its two source files created.
fn quickstart_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/projects/quickstart");
    for rel in [
        "dbt_project.yml",
        "profiles.yml",
        "computes.yml",
        "models/sources.yml",
        "models/customer_revenue.sql",
        "models/top_countries.sql",
    ] {
        let to = dir.path().join(rel);
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        std::fs::copy(src.join(rel), to).unwrap();
    }
    let data = dir.path().join("data");
    std::fs::create_dir_all(&data).unwrap();
    rusqlite::Connection::open(data.join("crm.db"))
        .unwrap()
        .execute_batch(
            "CREATE TABLE customers (id INTEGER, name TEXT, country TEXT);
             INSERT INTO customers VALUES (1, 'Ada', 'GB'), (2, 'Bo', 'US'), (3, 'T', 'test');",
        )
        .unwrap();
    rusqlite::Connection::open(data.join("shop.db"))
        .unwrap()
        .execute_batch(
            "CREATE TABLE orders (id INTEGER, customer_id INTEGER, amount NUMERIC(10,2), status TEXT, ordered_at TIMESTAMP);
             INSERT INTO orders VALUES (1, 1, 10.25, 'paid', '2026-01-01 00:00:00'), (2, 1, 3, 'open', NULL), (3, 2, 1, 'paid', NULL);",
        )
        .unwrap();
    dir
}

#[test]
fn run_builds_the_dag_and_writes_run_results() {
    let dir = quickstart_copy();
    let p = dir.path().to_str().unwrap();
    let out = dvt(&["run", "--project-dir", p]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(
        stderr.contains("1 of 2 START table model customer_revenue"),
        "{stderr}"
    );
    assert!(
        stderr.contains("OK created table model top_countries"),
        "{stderr}"
    );
    assert!(stderr.contains("DVT007"), "warnings are printed: {stderr}");
    let rr: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("target/run_results.json")).unwrap())
            .unwrap();
    let results = rr["results"].as_array().unwrap();
    assert_eq!(results.len(), 2);
    for r in results {
        for k in ["unique_id", "status", "execution_time", "message"] {
            assert!(r.get(k).is_some(), "{k} in {r}");
        }
        assert_eq!(r["status"], "success");
    }
    assert_eq!(results[0]["adapter_response"]["rows_affected"], 2);
    let got: Vec<(i64, f64)> = {
        let c = rusqlite::Connection::open(dir.path().join("data/warehouse.db")).unwrap();
        let mut st = c
            .prepare("SELECT customer_id, CAST(revenue AS REAL) FROM customer_revenue ORDER BY 1")
            .unwrap();
        st.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .map(Result::unwrap)
            .collect()
    };
    assert_eq!(got, vec![(1, 10.25), (2, 1.0)]);

    // --select with a selector that matches nothing: coded error, exit 1.
    let out = dvt(&["run", "--project-dir", p, "--select", "nope"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("DVT115"));
}

#[test]
fn run_exits_non_zero_when_a_model_fails() {
    let dir = quickstart_copy();
    std::fs::write(
        dir.path().join("models/top_countries.sql"),
        "select no_such_column from {{ ref('customer_revenue') }}",
    )
    .unwrap();
    let out = dvt(&["run", "--project-dir", dir.path().to_str().unwrap()]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("ERROR creating table model top_countries"),
        "{stderr}"
    );
    assert!(stderr.contains("DVT313"), "{stderr}");
    let rr: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("target/run_results.json")).unwrap())
            .unwrap();
    assert_eq!(rr["results"][1]["status"], "error");
}

#[test]
fn debug_connects_to_every_output() {
    let dir = quickstart_copy();
    let p = dir.path().to_str().unwrap();
    let out = dvt(&["debug", "--project-dir", p]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{stdout}");
    for o in ["warehouse", "crm", "shop"] {
        assert!(stdout.contains(&format!("connection {o}: OK")), "{stdout}");
    }
    // An output that cannot be reached: ERROR with DVT120, no password, exit 1.
    let port = free_port();
    let profiles = std::fs::read_to_string(dir.path().join("profiles.yml")).unwrap();
    let profiles = profiles.replace(
        "    crm:\n      type: sqlite\n      path: \"{{ env_var('DVT_QUICKSTART_DATA', 'data') }}/crm.db\"",
        &format!("    crm:\n      type: postgres\n      host: 127.0.0.1\n      port: {port}\n      user: u\n      password: pg-SECRET-pw\n      dbname: d\n      schema: public"),
    );
    assert!(profiles.contains("postgres"), "{profiles}");
    std::fs::write(dir.path().join("profiles.yml"), profiles).unwrap();
    let out = dvt(&["debug", "--project-dir", p]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(!out.status.success(), "{stdout}");
    assert!(stdout.contains("connection crm: ERROR DVT120"), "{stdout}");
    assert!(!stdout.contains("pg-SECRET-pw"), "{stdout}");
    assert!(stdout.contains("connection shop: OK"), "{stdout}");
    // A source's SQLite file that is not there is an error, and debug does not create it.
    let shop = dir.path().join("data/shop.db");
    std::fs::remove_file(&shop).unwrap();
    let out = dvt(&["debug", "--project-dir", p]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(!out.status.success(), "{stdout}");
    assert!(stdout.contains("connection shop: ERROR DVT120"), "{stdout}");
    assert!(stdout.contains("does not exist"), "{stdout}");
    assert!(!shop.exists(), "debug created the source file");
}

#[test]
fn run_on_bad_input_exits_1_with_a_coded_error_and_writes_nothing() {
    let port = free_port();
    let unreachable = format!(
        "    crm:\n      type: postgres\n      host: 127.0.0.1\n      port: {port}\n      user: u\n      password: pg-SECRET-pw\n      dbname: d\n      schema: public"
    );
    let crm = "    crm:\n      type: sqlite\n      path: \"{{ env_var('DVT_QUICKSTART_DATA', 'data') }}/crm.db\"";
    // (what is wrong, the file changed, its new text, the code expected)
    let cases: &[(&str, &str, String, &str)] = &[
        ("unreachable host", "profiles.yml", unreachable, "DVT120"),
        (
            "unknown source",
            "models/customer_revenue.sql",
            "select * from {{ source('crm', 'nope') }}".into(),
            "DVT108",
        ),
        (
            "unknown ref",
            "models/top_countries.sql",
            "select * from {{ ref('nope') }}".into(),
            "DVT107",
        ),
        (
            "cycle",
            "models/customer_revenue.sql",
            "select * from {{ ref('top_countries') }}".into(),
            "DVT109",
        ),
        (
            "does not parse",
            "models/customer_revenue.sql",
            "select from from {{ source('crm', 'customers') }} where".into(),
            "DVT3",
        ),
    ];
    for (what, file, text, code) in cases {
        let dir = quickstart_copy();
        let path = dir.path().join(file);
        let text = if *file == "profiles.yml" {
            let p = std::fs::read_to_string(&path).unwrap();
            assert!(p.contains(crm));
            p.replace(crm, text)
        } else {
            text.clone()
        };
        std::fs::write(&path, text).unwrap();
        let out = dvt(&["run", "--project-dir", dir.path().to_str().unwrap()]);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{what}: {stderr}");
        assert!(stderr.contains(code), "{what}: {stderr}");
        assert!(!stderr.contains("pg-SECRET-pw"), "{what}: {stderr}");
        let wh = dir.path().join("data/warehouse.db");
        if wh.exists() {
            let n: i64 = rusqlite::Connection::open(&wh)
                .unwrap()
                .query_row("SELECT COUNT(*) FROM sqlite_master", [], |r| r.get(0))
                .unwrap();
            assert_eq!(n, 0, "{what}: nothing written");
        }
    }
}

#[test]
fn run_with_compute_spark_builds_federated_models_on_spark() {
    let spark = dvt_testkit::require_spark!();
    let dir = quickstart_copy();
    let p = dir.path().to_str().unwrap();
    std::fs::write(
        dir.path().join("computes.yml"),
        format!(
            "default:\n  target: local\n  computes:\n    local: {{type: embedded}}\n    sc: {{type: spark, remote: '{}'}}\n",
            spark.remote
        ),
    )
    .unwrap();
    let out = dvt(&["run", "--project-dir", p, "--compute", "sc"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    let rr: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("target/run_results.json")).unwrap())
            .unwrap();
    let first = &rr["results"][0];
    assert_eq!(first["unique_id"], "model.quickstart.customer_revenue");
    assert!(
        first["path"]
            .as_str()
            .unwrap()
            .starts_with("federated (sc)"),
        "{first}"
    );
    let c = rusqlite::Connection::open(dir.path().join("data/warehouse.db")).unwrap();
    let mut st = c
        .prepare("SELECT customer_id, CAST(revenue AS REAL) FROM customer_revenue ORDER BY 1")
        .unwrap();
    let got: Vec<(i64, f64)> = st
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(got, vec![(1, 10.25), (2, 1.0)]);

    // A remote nobody listens on: DVT510 naming it, exit 1.
    let port = free_port();
    spark_computes(dir.path(), port);
    let out = dvt(&["run", "--project-dir", p]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("DVT510"), "{stderr}");
    assert!(
        stderr.contains(&format!("sc://127.0.0.1:{port}")),
        "{stderr}"
    );
}

#[test]
fn sync_installs_writes_computes_and_starts_and_stops_a_server() {
    // The test services installed pyspark into the same per-machine cache `dvt sync` uses.
    let _spark = dvt_testkit::require_spark!();
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().to_str().unwrap();
    let out = dvt(&["sync", "--project-dir", p]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.contains("pyspark 4.2.1: installed"), "{stdout}");
    assert!(stdout.contains("computes.yml: written"), "{stdout}");
    let computes = std::fs::read_to_string(dir.path().join("computes.yml")).unwrap();
    assert!(computes.contains("type: spark"), "{computes}");

    // A server on a port of this test's own.
    let port = free_port();
    spark_computes(dir.path(), port);
    let answers = || std::net::TcpStream::connect(("127.0.0.1", port)).is_ok();
    let out = dvt(&["sync", "--project-dir", p, "--status"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stdout).contains("not running"));
    let out = dvt(&["sync", "--project-dir", p, "--start"]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.contains("computes.yml: kept"), "{stdout}");
    assert!(answers(), "{stdout}");
    let out = dvt(&["sync", "--project-dir", p, "--status"]);
    assert!(out.status.success());
    let out = dvt(&["sync", "--project-dir", p, "--stop"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    assert!(!answers());
}

/// A port nothing listens on (bound and released).
fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// A computes.yml whose default is Spark Connect on 127.0.0.1:`port`.
fn spark_computes(dir: &Path, port: u16) {
    std::fs::write(
        dir.join("computes.yml"),
        format!("default:\n  target: sc\n  computes:\n    sc: {{type: spark, remote: 'sc://127.0.0.1:{port}'}}\n"),
    )
    .unwrap();
}

/// Bad input a new user types: each is a coded error naming what to fix, and nothing runs.
#[test]
fn hostile_inputs_are_coded_errors() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let w = |rel: &str, text: &str| {
        let p = root.join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    };
    w("dbt_project.yml", "name: bad\nprofile: bad\n");
    w(
        "profiles.yml",
        &format!(
            "bad:\n  target: wh\n  outputs:\n    wh: {{type: sqlite, path: '{}'}}\n",
            root.join("wh.db").display()
        ),
    );
    w(
        "models/s.yml",
        "version: 2\nsources:\n  - name: app\n    tables:\n      - name: orders\n",
    );
    w("models/m.sql", "select 1 as x");
    let p = root.to_str().unwrap();
    let fails = |args: &[&str], wants: &[&str]| {
        let out = dvt(args);
        let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
        assert!(!out.status.success(), "{args:?} succeeded: {stderr}");
        for want in wants {
            assert!(stderr.contains(want), "{args:?}: {want} in {stderr}");
        }
        assert!(!root.join("wh.db").exists(), "{args:?} wrote the target");
    };
    fails(
        &["run", "--project-dir", p, "--vars", "[1, 2"],
        &["DVT118", "--vars must be a YAML mapping"],
    );
    fails(
        &["run", "--project-dir", p, "--vars", "[1, 2]"],
        &["DVT118", "got [1,2]"],
    );
    fails(
        &["run", "--project-dir", p, "--threads", "0"],
        &["--threads", "0 is not in 1.."],
    );
    w("models/m.sql", "select {{ foo }} as x");
    fails(
        &["run", "--project-dir", p],
        &["DVT102", "`foo` is undefined", "models/m.sql", "--vars"],
    );
    w("models/m.sql", "select 1 as x");
    w(
        "models/s.yml",
        "version: 2\nsources:\n  - name: app\n    tables: orders\n",
    );
    fails(
        &["run", "--project-dir", p],
        &[
            "DVT101",
            "s.yml",
            "`tables:` of source 'app' must be a list",
            "'orders'",
        ],
    );
}
