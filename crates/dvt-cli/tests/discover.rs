//! A dbt project as dbt users write it: sources listed by name only (no `columns:`), target
//! schemas that do not exist yet. `dvt run` and `dvt explain` read each source's columns from
//! its own database's catalog, create the target schema, and write `target/catalog.json`;
//! a missing source table, a declared column the table lacks and a schema the user may not
//! create are coded errors that write nothing.

use std::path::Path;

mod common;
use common::{EMBEDDED_COMPUTES, PgFixture, dvt, pg_fixture, write};
use dvt_testkit::{MariaService, PgService, TempDatabase};

/// A PostgreSQL output (no password: the test server trusts local users but `dvt_pw`).
fn pg_output(pg: &PgService, user: &str, db: &str, schema: &str) -> String {
    format!(
        "{{type: postgres, host: '{}', port: {}, user: {user}, password: '', dbname: {db}, schema: {schema}}}",
        pg.host, pg.port
    )
}

fn maria_output(m: &MariaService, db: &str) -> String {
    format!(
        "{{type: mariadb, host: '{}', port: {}, user: {}, password: '', schema: {db}}}",
        m.host, m.port, m.user
    )
}

/// The app's PostgreSQL tables (with types dvt maps and one it does not: inet) and a SQLite
/// file whose `segments.note` has no declared type.
fn source_data(pg_src: &TempDatabase<'_, PgService>, lite: &Path) {
    pg_src.execute_batch(
        "CREATE TABLE customers (id integer PRIMARY KEY, name varchar(20), ip inet, tags text[]);
         INSERT INTO customers VALUES (1, 'Ada', '10.0.0.1', '{a,b}'), (2, 'Bo', NULL, NULL);
         ANALYZE customers;
         CREATE TABLE orders (id bigint, customer_id integer, amount numeric(12,2));
         INSERT INTO orders VALUES (10, 1, 1.50), (11, 1, 2.25), (12, 2, 7.00);",
    );
    let c = rusqlite::Connection::open(lite).unwrap();
    c.execute_batch(
        "CREATE TABLE segments (customer_id INTEGER, seg TEXT, note);
         INSERT INTO segments VALUES (1, 'gold', 42), (2, 'tin', 'x');",
    )
    .unwrap();
}

const SOURCES_BY_NAME: &str = "version: 2
sources:
  - name: app
    schema: public
    connection: app
    tables:
      - name: customers
      - name: orders
        columns:
          - name: id
            description: documented, no type
          - {name: amount, data_type: 'numeric(14,2)'}
  - name: crm
    connection: crm
    tables:
      - name: segments
";

const MODEL: &str = "select c.id, c.name, c.ip, s.seg, s.note, sum(o.amount) as total
from {{ source('app', 'customers') }} c
join {{ source('crm', 'segments') }} s on s.customer_id = c.id
join {{ source('app', 'orders') }} o on o.customer_id = c.id
group by c.id, c.name, c.ip, s.seg, s.note";

/// The project: outputs `wh` (target, `target`), `app` (PostgreSQL) and `crm` (SQLite).
fn project(root: &Path, target: &str, pg: &PgService, app_db: &str) {
    write(
        root,
        "dbt_project.yml",
        "name: shop\nprofile: shop\nmodels:\n  shop:\n    +materialized: table\n",
    );
    write(
        root,
        "profiles.yml",
        &format!(
            "shop:\n  target: wh\n  outputs:\n    wh: {target}\n    app: {}\n    crm: {{type: sqlite, path: '{}'}}\n",
            pg_output(pg, &pg.user, app_db, "public"),
            root.join("crm.db").display()
        ),
    );
    write(root, "computes.yml", EMBEDDED_COMPUTES);
    write(root, "models/sources.yml", SOURCES_BY_NAME);
    write(root, "models/customer_orders.sql", MODEL);
    write(
        root,
        "models/top.sql",
        "select name, total from {{ ref('customer_orders') }} where total > 1",
    );
}

fn warnings(root: &Path) -> Vec<String> {
    let rr = std::fs::read_to_string(root.join("target/run_results.json")).unwrap();
    let rr: serde_json::Value = serde_json::from_str(&rr).unwrap();
    rr["results"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|r| r["warnings"].as_array().cloned().unwrap_or_default())
        .map(|w| format!("{} {}", w["code"].as_str().unwrap(), w["message"]))
        .collect()
}

fn schema_exists(db: &TempDatabase<'_, PgService>, schema: &str) -> bool {
    !db.query_strings(&format!(
        "SELECT 1 FROM pg_namespace WHERE nspname = '{schema}'"
    ))
    .is_empty()
}

/// Fresh source and target databases with the source data, and the project on them (the
/// target schema `analytics` absent).
fn fixture<'a>(pg: &'a PgService, label: &str) -> PgFixture<'a> {
    pg_fixture(pg, label, |root, app, wh| {
        source_data(app, &root.join("crm.db"));
        project(
            root,
            &pg_output(pg, &pg.user, wh.name(), "analytics"),
            pg,
            app.name(),
        );
    })
}

#[test]
fn sources_by_name_and_an_absent_target_schema_run_twice() {
    let pg = dvt_testkit::require_postgres!();
    // (The databases live as long as their bindings: `_app`, not `_`.)
    let PgFixture { app: _app, wh, dir } = fixture(&pg, "disc_app");
    let root = dir.path();
    assert!(!schema_exists(&wh, "analytics"));

    let (out, stderr) = dvt(root, &["explain", "--select", "customer_orders"]);
    assert!(out.status.success(), "{stderr}");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("\"ip\""), "the discovered columns: {text}");
    // The sources' statistics, read with their schemas: PostgreSQL's pg_stats after ANALYZE
    // (orders was never analyzed: none), SQLite's largest rowid.
    assert!(
        text.contains("source('app', 'customers') on app: ≈2 rows; id ≈2 distinct; name ≈2 distinct; ip ≈1 distinct, ≈1 NULL"),
        "{text}"
    );
    assert!(!text.contains("source('app', 'orders') on"), "{text}");
    // segments (SQLite, largest rowid 2, no filter): its extract's estimate.
    assert!(
        text.contains("estimated rows: ≈2 (the source's statistics)"),
        "{text}"
    );
    assert!(!schema_exists(&wh, "analytics"), "explain writes nothing");

    for run in 1..=2 {
        let (out, stderr) = dvt(root, &["run"]);
        assert!(out.status.success(), "run {run}: {stderr}");
        let rows = wh.query_strings(
            "SELECT id, name, ip, seg, note, total FROM analytics.customer_orders ORDER BY id",
        );
        let want = [
            ["1", "Ada", "10.0.0.1/32", "gold", "42", "3.75"],
            ["2", "Bo", "", "tin", "x", "7.00"],
        ];
        let got: Vec<Vec<String>> = rows
            .iter()
            .map(|r| r.iter().map(|v| v.clone().unwrap_or_default()).collect())
            .collect();
        assert_eq!(got, want, "run {run}");
        let top = wh.query_strings("SELECT name FROM analytics.top ORDER BY name");
        assert_eq!(top.len(), 2, "run {run}: the direct model on the target");
        // run_results: the segments extract's estimate beside the rows it read.
        let rr = std::fs::read_to_string(root.join("target/run_results.json")).unwrap();
        let rr: serde_json::Value = serde_json::from_str(&rr).unwrap();
        let steps: Vec<&serde_json::Value> = rr["results"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|r| r["steps"].as_array().unwrap())
            .filter(|s| s["name"].as_str().unwrap().contains("segments"))
            .collect();
        let [segments] = steps.as_slice() else {
            panic!("one segments extract: {steps:?}")
        };
        assert_eq!(
            (&segments["rows"], &segments["estimated_rows"]),
            (&2.into(), &2.into())
        );
    }
    // Column types in the target: the unknown inet and the untyped SQLite column are text,
    // the declared numeric(14,2) override is kept.
    let types = wh.query_strings(
        "SELECT column_name, data_type, numeric_precision FROM information_schema.columns \
         WHERE table_schema = 'analytics' AND table_name = 'customer_orders' ORDER BY ordinal_position",
    );
    let types: Vec<String> = types
        .iter()
        .map(|r| format!("{} {}", r[0].clone().unwrap(), r[1].clone().unwrap()))
        .collect();
    assert_eq!(
        types,
        [
            "id integer",
            "name character varying",
            "ip text",
            "seg text",
            "note text",
            "total numeric"
        ]
    );
    let w = warnings(root);
    let has = |code: &str, words: &[&str]| {
        w.iter()
            .any(|x| x.starts_with(code) && words.iter().all(|k| x.contains(k)))
    };
    assert!(has("DVT002", &["ip", "inet", "text"]), "{w:#?}");
    assert!(has("DVT002", &["note", "no declared type"]), "{w:#?}");
    assert!(
        has("DVT009", &["amount", "numeric(14,2)", "numeric(12,2)"]),
        "{w:#?}"
    );

    // catalog.json in dbt's shape: the sources' columns in table order, and the models.
    let cat = std::fs::read_to_string(root.join("target/catalog.json")).unwrap();
    let cat: serde_json::Value = serde_json::from_str(&cat).unwrap();
    let customers = &cat["sources"]["source.shop.app.customers"];
    let cols = customers["columns"].as_object().unwrap();
    let order: Vec<(&str, &str, u64)> = cols
        .values()
        .map(|c| {
            (
                c["name"].as_str().unwrap(),
                c["type"].as_str().unwrap(),
                c["index"].as_u64().unwrap(),
            )
        })
        .collect();
    assert!(order.contains(&("id", "integer", 1)), "{order:?}");
    assert!(order.contains(&("tags", "text[]", 4)), "{order:?}");
    assert_eq!(customers["metadata"]["schema"], "public");
    let node = &cat["nodes"]["model.shop.customer_orders"];
    assert_eq!(node["metadata"]["schema"], "analytics", "{node}");
    assert_eq!(node["columns"]["ip"]["type"], "TEXT", "{node}");
    assert!(cat["sources"]["source.shop.crm.segments"].is_object());
}

#[test]
fn a_missing_source_table_is_dvt116_with_the_closest_names_and_writes_nothing() {
    let pg = dvt_testkit::require_postgres!();
    let PgFixture { app: _app, wh, dir } = fixture(&pg, "disc_missing");
    let root = dir.path();
    write(
        root,
        "models/sources.yml",
        &SOURCES_BY_NAME.replace("- name: customers", "- name: custmers"),
    );
    write(
        root,
        "models/customer_orders.sql",
        &MODEL.replace("'customers'", "'custmers'"),
    );
    for cmd in [&["run"][..], &["explain", "--select", "customer_orders"]] {
        let (out, stderr) = dvt(root, cmd);
        assert_eq!(out.status.code(), Some(1), "{cmd:?}: {stderr}");
        for want in [
            "DVT116",
            "source('app', 'custmers')",
            "schema 'public'",
            "output 'app'",
            "closest there: customers",
            "customer_orders",
        ] {
            assert!(stderr.contains(want), "{cmd:?}: {want} in {stderr}");
        }
    }
    assert!(!schema_exists(&wh, "analytics"), "nothing written");
}

#[test]
fn a_declared_column_the_table_lacks_is_dvt117() {
    let pg = dvt_testkit::require_postgres!();
    let PgFixture { app: _app, wh, dir } = fixture(&pg, "disc_col");
    let root = dir.path();
    write(
        root,
        "models/sources.yml",
        &SOURCES_BY_NAME.replace("- name: id\n", "- name: order_id\n"),
    );
    let (out, stderr) = dvt(root, &["run", "--select", "customer_orders"]);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    let rr = std::fs::read_to_string(root.join("target/run_results.json")).unwrap();
    let rr: serde_json::Value = serde_json::from_str(&rr).unwrap();
    assert_eq!(
        rr["results"][0]["code"], "DVT117",
        "run_results carries the code"
    );
    for want in [
        "DVT117",
        "'order_id'",
        "source('app', 'orders')",
        "public.orders",
        "output 'app'",
        "id, customer_id, amount",
    ] {
        assert!(stderr.contains(want), "{want} in {stderr}");
    }
    assert!(!schema_exists(&wh, "analytics"), "nothing written");
}

#[test]
fn a_target_schema_the_user_may_not_create_is_dvt124_and_nothing_is_written() {
    let pg = dvt_testkit::require_postgres!();
    let app = pg.temp_database("disc_priv");
    let wh = pg.temp_database("disc_priv_wh");
    let role = dvt_testkit::unique_name("dvt_nocreate");
    // A login role with no CREATE on the target database (not a superuser).
    wh.execute_batch(&format!(
        "CREATE ROLE {role} LOGIN NOSUPERUSER NOCREATEDB; GRANT CONNECT ON DATABASE \"{}\" TO {role}",
        wh.name()
    ));
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    source_data(&app, &root.join("crm.db"));
    project(
        root,
        &pg_output(&pg, &role, wh.name(), "analytics"),
        &pg,
        app.name(),
    );
    let (out, stderr) = dvt(root, &["run", "--select", "customer_orders"]);
    wh.execute_batch(&format!(
        "REVOKE ALL ON DATABASE \"{}\" FROM {role}; DROP ROLE {role}",
        wh.name()
    ));
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    for want in [
        "DVT124",
        "schema 'analytics'",
        "output 'wh'",
        "model 'customer_orders'",
        "CREATE on the database",
        "permission denied",
    ] {
        assert!(stderr.contains(want), "{want} in {stderr}");
    }
    assert!(!schema_exists(&wh, "analytics"));
    let staging = wh.query_strings("SELECT relname FROM pg_class WHERE relname LIKE 'dvt_stg%'");
    assert!(staging.is_empty(), "no staging table: {staging:?}");
}

#[test]
fn a_mariadb_target_database_is_created() {
    let pg = dvt_testkit::require_postgres!();
    let maria = dvt_testkit::require_mariadb!();
    let app = pg.temp_database("disc_maria");
    // A database name that does not exist when the run starts (dropped again at the end).
    let mart = maria.temp_database("disc_mart");
    maria.drop_database(mart.name());
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    source_data(&app, &root.join("crm.db"));
    project(root, &maria_output(&maria, mart.name()), &pg, app.name());
    let (out, stderr) = dvt(root, &["run", "--select", "customer_orders"]);
    assert!(out.status.success(), "{stderr}");
    let rows = maria.query_strings(
        mart.name(),
        "SELECT id, ip, note, total FROM customer_orders ORDER BY id",
    );
    let got: Vec<Vec<String>> = rows
        .iter()
        .map(|r| r.iter().map(|v| v.clone().unwrap_or_default()).collect())
        .collect();
    assert_eq!(
        got,
        [["1", "10.0.0.1/32", "42", "3.75"], ["2", "", "x", "7.00"]]
    );
}

#[test]
fn a_snowflake_target_schema_is_created() {
    let pg = dvt_testkit::require_postgres!();
    let snow = dvt_testkit::require_snowflake!();
    let app = pg.temp_database("disc_snow");
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    source_data(&app, &root.join("crm.db"));
    let login_schema = dvt_testkit::unique_name("disc_login");
    let mart = dvt_testkit::unique_name("disc_mart");
    let target = format!(
        "{{type: snowflake, account: {}, user: {}, password: '{}', database: {}, schema: {login_schema}, warehouse: COMPUTE_WH, role: SYSADMIN, host: '{}', port: {}, protocol: http}}",
        snow.account, snow.user, snow.password, snow.database, snow.host, snow.port
    );
    project(root, &target, &pg, app.name());
    // The model lands in a schema of its own config, which does not exist yet.
    write(
        root,
        "models/customer_orders.sql",
        &format!("{{{{ config(schema='{mart}') }}}}\n{MODEL}"),
    );
    let (out, stderr) = dvt(root, &["run", "--select", "customer_orders"]);
    assert!(out.status.success(), "{stderr}");
    assert!(!stderr.contains(&snow.password), "no password in the log");
    let rr = std::fs::read_to_string(root.join("target/run_results.json")).unwrap();
    let rr: serde_json::Value = serde_json::from_str(&rr).unwrap();
    assert_eq!(rr["results"][0]["adapter_response"]["rows_affected"], 2);
}

#[test]
fn explain_with_an_unreachable_source_is_its_connection_error() {
    // No server needed: the source's port refuses connections.
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    write(
        root,
        "dbt_project.yml",
        "name: shop\nprofile: shop\nmodels:\n  shop:\n    +materialized: table\n",
    );
    write(
        root,
        "profiles.yml",
        &format!(
            "shop:\n  target: wh\n  outputs:\n    wh: {{type: sqlite, path: '{w}'}}\n    app: {{type: postgres, host: 127.0.0.1, port: {port}, user: u, password: 'Unreachable-SECRET', dbname: app, schema: public}}\n    crm: {{type: sqlite, path: '{c}'}}\n",
            w = root.join("wh.db").display(),
            c = root.join("crm.db").display(),
        ),
    );
    rusqlite::Connection::open(root.join("crm.db"))
        .unwrap()
        .execute_batch("CREATE TABLE segments (customer_id INTEGER, seg TEXT, note)")
        .unwrap();
    write(root, "models/sources.yml", SOURCES_BY_NAME);
    write(root, "models/customer_orders.sql", MODEL);
    let (out, stderr) = dvt(root, &["explain", "--select", "customer_orders"]);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("DVT120"), "{stderr}");
    assert!(stderr.contains("output 'app'"), "{stderr}");
    assert!(
        stderr.contains("customer_orders"),
        "names the model: {stderr}"
    );
    assert!(!stderr.contains("Unreachable-SECRET"), "{stderr}");
}

#[test]
fn a_declared_type_narrower_than_the_data_is_dvt500_not_a_rounding() {
    let pg = dvt_testkit::require_postgres!();
    let PgFixture { app, wh: _wh, dir } = fixture(&pg, "disc_narrow");
    let root = dir.path();
    for declared in ["integer", "'numeric(12,0)'"] {
        write(
            root,
            "models/sources.yml",
            &SOURCES_BY_NAME.replace("'numeric(14,2)'", declared),
        );
        let (out, stderr) = dvt(root, &["run", "--select", "customer_orders"]);
        assert_eq!(out.status.code(), Some(1), "{declared}: {stderr}");
        assert!(stderr.contains("DVT500"), "{declared}: {stderr}");
        assert!(stderr.contains("1.50"), "names the value: {stderr}");
        assert!(stderr.contains("orders"), "names the source: {stderr}");
    }
    // Whole amounts fit the narrower type.
    app.execute_batch("UPDATE orders SET amount = round(amount)");
    let (out, stderr) = dvt(root, &["run", "--select", "customer_orders"]);
    assert!(out.status.success(), "{stderr}");
}
