//! PostgreSQL has two JSON types: `json` keeps the text as written (duplicate keys, key order,
//! whitespace), `jsonb` stores the parsed document. A federated model (a PostgreSQL table
//! joined with a SQLite one, so it runs on the embedded engine) must land a `json` column as
//! `json` with its text byte for byte and a `jsonb` column as `jsonb`, without DVT002, on a
//! PostgreSQL target; on MariaDB (whose JSON keeps the text) too; and warn (DVT002, naming the
//! column) where the target's JSON type normalizes the text (Snowflake's VARIANT).

use std::process::Command;

mod common;
use common::{EMBEDDED_COMPUTES, pg_output, write};
use dvt_testkit::{PgService, Rows};

/// Duplicate keys, odd whitespace and key order that a normalizing JSON type would not keep.
const DOC: &str = r#"{"a":1, "a":2,  "b" : [1,2]}"#;
/// [`DOC`] as `jsonb` prints it.
const DOC_JSONB: &str = r#"{"a": 2, "b": [1, 2]}"#;

const SOURCES: &str = "version: 2
sources:
  - name: app
    schema: public
    connection: app
    tables:
      - name: docs
  - name: crm
    connection: crm
    tables:
      - name: labels
";

const MODEL: &str = "select d.id, d.j, d.jb, l.label
from {{ source('app', 'docs') }} d
join {{ source('crm', 'labels') }} l on l.id = d.id";

/// Runs the model `docs_labeled` into the output `target`: its sources are
/// `app.public.docs (id, j json, jb jsonb)` on a new PostgreSQL database (row 2 NULL) and
/// `crm.labels (id, label)` in a SQLite file. Requires success and returns the messages of the
/// DVT002 warnings in `run_results.json`.
fn run_into(pg: &PgService, target: &str) -> Vec<String> {
    let app = pg.temp_database("json_app");
    let doc = DOC.replace('\'', "''");
    app.execute_batch(&format!(
        "CREATE TABLE docs (id integer, j json, jb jsonb);
         INSERT INTO docs VALUES (1, '{doc}', '{doc}'), (2, NULL, NULL);"
    ));
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    rusqlite::Connection::open(root.join("crm.db"))
        .unwrap()
        .execute_batch(
            "CREATE TABLE labels (id INTEGER, label TEXT);
             INSERT INTO labels VALUES (1, 'one'), (2, 'two');",
        )
        .unwrap();
    let outputs = format!(
        "    wh: {target}\n    app: {}\n    crm: {{type: sqlite, path: '{}'}}\n",
        pg_output(pg, app.name(), "public"),
        root.join("crm.db").display()
    );
    let files = [
        (
            "dbt_project.yml",
            "name: docs\nprofile: docs\nmodels:\n  docs:\n    +materialized: table\n".to_string(),
        ),
        (
            "profiles.yml",
            format!("docs:\n  target: wh\n  outputs:\n{outputs}"),
        ),
        ("computes.yml", EMBEDDED_COMPUTES.to_string()),
        ("models/sources.yml", SOURCES.to_string()),
        ("models/docs_labeled.sql", MODEL.to_string()),
    ];
    for (rel, text) in &files {
        write(root, rel, text);
    }
    let out = Command::new(env!("CARGO_BIN_EXE_dvt"))
        .args(["run", "--project-dir", root.to_str().unwrap()])
        .env_remove("DBT_PROFILES_DIR")
        .output()
        .expect("run dvt");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    let rr = std::fs::read_to_string(root.join("target/run_results.json")).unwrap();
    let rr: serde_json::Value = serde_json::from_str(&rr).unwrap();
    assert_eq!(rr["results"][0]["adapter_response"]["rows_affected"], 2);
    rr["results"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|r| r["warnings"].as_array().cloned().unwrap_or_default())
        .filter(|w| w["code"] == "DVT002")
        .map(|w| w["message"].as_str().unwrap().to_string())
        .collect()
}

/// The DVT002 warnings about column `col`.
fn about<'a>(warnings: &'a [String], col: &str) -> Vec<&'a String> {
    let prefix = format!("column {col}: ");
    warnings.iter().filter(|w| w.starts_with(&prefix)).collect()
}

/// No DVT002 for either JSON column, and the target's `(j, jb)` texts by id: the json text
/// byte for byte, the jsonb document as jsonb prints it, NULLs kept.
fn assert_kept(warnings: &[String], rows: &Rows) {
    assert!(about(warnings, "j").is_empty(), "{warnings:#?}");
    assert!(about(warnings, "jb").is_empty(), "{warnings:#?}");
    let want = [
        [Some(DOC.to_string()), Some(DOC_JSONB.to_string())],
        [None, None],
    ];
    assert_eq!(rows, &want);
}

#[test]
fn postgres_json_keeps_its_text_and_jsonb_stays_jsonb_on_postgres() {
    let pg = dvt_testkit::require_postgres!();
    let wh = pg.temp_database("json_wh");
    let warnings = run_into(&pg, &pg_output(&pg, wh.name(), "public"));
    let rows = wh.query_strings("SELECT j::text, jb::text FROM public.docs_labeled ORDER BY id");
    assert_kept(&warnings, &rows);
    let types = wh.query_strings(
        "SELECT data_type FROM information_schema.columns WHERE table_schema = 'public' \
         AND table_name = 'docs_labeled' AND column_name IN ('j', 'jb') ORDER BY column_name",
    );
    assert_eq!(
        types,
        [[Some("json".to_string())], [Some("jsonb".to_string())]]
    );
}

#[test]
fn postgres_json_keeps_its_text_on_mariadb() {
    let pg = dvt_testkit::require_postgres!();
    let maria = dvt_testkit::require_mariadb!();
    let wh = maria.temp_database("json_wh");
    let target = format!(
        "{{type: mariadb, host: '{}', port: {}, user: {}, password: '', schema: {}}}",
        maria.host,
        maria.port,
        maria.user,
        wh.name()
    );
    // MariaDB's JSON keeps the text; the jsonb document fits it (informational only).
    let warnings = run_into(&pg, &target);
    let rows = wh.query_strings("SELECT j, jb FROM docs_labeled ORDER BY id");
    assert_kept(&warnings, &rows);
}

#[test]
fn postgres_json_into_snowflake_variant_warns_that_the_text_is_normalized() {
    let pg = dvt_testkit::require_postgres!();
    let snow = dvt_testkit::require_snowflake!();
    let target = format!(
        "{{type: snowflake, account: {}, user: {}, password: '{}', database: {}, schema: {}, warehouse: COMPUTE_WH, role: SYSADMIN, host: '{}', port: {}, protocol: http}}",
        snow.account,
        snow.user,
        snow.password,
        snow.database,
        dvt_testkit::unique_name("json_wh"),
        snow.host,
        snow.port
    );
    let warnings = run_into(&pg, &target);
    assert!(
        about(&warnings, "j").iter().any(|w| w
            .starts_with("column j: json_text becomes VARIANT on snowflake: ")
            && w.contains("duplicate keys, key order and whitespace are not kept")),
        "{warnings:#?}"
    );
    // jsonb was a parsed document already: only VARIANT's number rounding is news.
    let jb = about(&warnings, "jb");
    assert!(
        !jb.is_empty() && jb.iter().all(|w| !w.contains("duplicate keys")),
        "{warnings:#?}"
    );
}
