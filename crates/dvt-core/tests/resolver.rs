//! Resolver and project-model tests on real project directories written to a temp dir.

use std::path::Path;
use std::sync::Arc;

use dvt_core::config::Materialization;
use dvt_core::dag::Dag;
use dvt_core::env::MapEnv;
use dvt_core::resolver::UpstreamKind;
use dvt_core::session::{LoadArgs, LoadedProject};
use dvt_core::{WarningCode, WarningCollector};

fn write(dir: &Path, rel: &str, text: &str) {
    let p = dir.join(rel);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, text).unwrap();
}

const PROFILES: &str = r#"
shop:
  target: pg
  outputs:
    pg:
      type: postgres
      host: "{{ env_var('PG_HOST', 'localhost') }}"
      port: 5432
      user: app
      password: "{{ env_var('PG_PASSWORD') }}"
      dbname: shop
      schema: public
    pg_same:            # same server and database as pg under another name
      type: postgres
      host: 127.0.0.1
      user: reporting
      password: x
      database: shop
    pg_other_host:      # same type, different host
      type: postgres
      host: 10.1.2.3
      user: app
      password: x
      dbname: shop
    maria:
      type: mariadb
      server: 127.0.0.1
      port: 3306
      username: app
      password: y
      schema: crm
    lite:
      type: sqlite
      path: data/lite.db
    snow:
      type: snowflake
      account: xy123
      user: u
      password: z
      database: ANALYTICS
      warehouse: WH
      schema: PUBLIC
"#;

fn project(dir: &Path) {
    write(
        dir,
        "dbt_project.yml",
        r#"
name: shop
profile: shop
model-paths: ["models"]
vars:
  min_total: 10
models:
  shop:
    +materialized: table
    +tags: ["shop"]
    marts:
      +materialized: view
      +tags: mart
"#,
    );
    write(dir, "profiles.yml", PROFILES);
    write(
        dir,
        "models/sources.yml",
        r#"
version: 2
sources:
  - name: app            # no connection: default target
    schema: public
    tables:
      - name: users
        columns:
          - name: id
            data_type: integer
          - name: metadata
            data_type: jsonb
      - name: orders
  - name: crm
    connection: maria    # the seed's spelling
    tables:
      - name: accounts
      - name: notes
        meta: {connection: lite}     # table level wins
  - name: files
    meta: {connection: lite}
    tables:
      - name: events
        identifier: event_log
  - name: reporting
    config: {meta: {connection: pg_same}}
    tables:
      - name: kpis
  - name: remote
    connection: pg_other_host
    tables:
      - name: stock
models:
  - name: direct_users
    config:
      materialized: incremental
      unique_key: id
"#,
    );
    // same target: only default-target sources
    write(
        dir,
        "models/staging/direct_users.sql",
        "select u.id, count(*) as n from {{ source('app', 'users') }} u join {{ source('app', 'orders') }} o on o.user_id = u.id group by 1 having count(*) > {{ var('min_total') }}",
    );
    // different: reads only maria, lands on pg
    write(
        dir,
        "models/staging/crm_accounts.sql",
        "select * from {{ source('crm', 'accounts') }}",
    );
    // mixed: pg + maria + a ref
    write(
        dir,
        "models/marts/customer_360.sql",
        "{{ config(tags=['pii']) }}\nselect * from {{ ref('direct_users') }} d join {{ source('crm', 'accounts') }} a on a.id = d.id",
    );
    // same server, other output name: not federated
    write(
        dir,
        "models/marts/kpi_view.sql",
        "select * from {{ source('reporting', 'kpis') }} k join {{ source('app', 'users') }} u on u.id = k.uid",
    );
    // same type, other host: federated
    write(
        dir,
        "models/marts/stock_view.sql",
        "select * from {{ source('remote', 'stock') }}",
    );
    // model on another target reading a source there: not federated
    write(
        dir,
        "models/lite_events.sql",
        "{{ config(target='lite', materialized='table') }}\nselect * from {{ source('files', 'events') }} e join {{ source('crm', 'notes') }} n on n.id = e.id",
    );
    // ephemeral over maria, ref'd by a pg model: the pg model is federated through it
    write(
        dir,
        "models/eph_accounts.sql",
        "{{ config(materialized='ephemeral') }}\nselect * from {{ source('crm', 'accounts') }}",
    );
    write(
        dir,
        "models/uses_eph.sql",
        "select * from {{ ref('eph_accounts') }} e join {{ source('app', 'users') }} u on u.id = e.id",
    );
    // snowflake model over a pg model and a lite model
    write(
        dir,
        "models/to_snow.sql",
        "{{ config(target='snow') }}\nselect * from {{ ref('direct_users') }}",
    );
}

fn env() -> Arc<MapEnv> {
    Arc::new(MapEnv::new([("PG_PASSWORD", "pw-very-secret")]))
}

fn load(dir: &Path, target: Option<&str>) -> LoadedProject {
    let mut a = LoadArgs::new(dir);
    a.env = env();
    a.target = target.map(str::to_string);
    LoadedProject::load(&a).unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn seed_resolver_cases() {
    let tmp = tempfile::tempdir().unwrap();
    project(tmp.path());
    let lp = load(tmp.path(), None);
    let w = WarningCollector::new();
    let r = lp.resolve(&w).unwrap();
    let m = |n: &str| &r.models[&format!("model.shop.{n}")];

    // same target -> no federation
    assert!(!m("direct_users").federated);
    assert_eq!(m("direct_users").target, "pg");
    assert_eq!(m("direct_users").materialized, Materialization::Incremental);
    // different -> federation
    assert!(m("crm_accounts").federated);
    assert_eq!(m("crm_accounts").target, "pg");
    // mixed -> federation; upstream lists each input with its own target
    let c = m("customer_360");
    assert!(c.federated);
    let ups: Vec<(&str, &str, UpstreamKind)> = c
        .upstream
        .iter()
        .map(|u| (u.unique_id.as_str(), u.target.as_str(), u.kind))
        .collect();
    assert_eq!(
        ups,
        vec![
            ("model.shop.direct_users", "pg", UpstreamKind::Model),
            ("source.shop.crm.accounts", "maria", UpstreamKind::Source)
        ]
    );
    // same server, different output name -> one place
    assert!(!m("kpi_view").federated, "{:?}", m("kpi_view"));
    // same type, different host -> federation
    assert!(m("stock_view").federated);
    // model config target + sources there (table-level connection overrides source level)
    assert_eq!(m("lite_events").target, "lite");
    assert!(
        !m("lite_events").federated,
        "{:?}",
        m("lite_events").input_targets
    );
    // ephemeral inputs are expanded
    assert!(m("uses_eph").federated);
    assert_eq!(m("uses_eph").input_targets, vec!["maria", "pg"]);
    // ref'd model lands on its own target; snow reads pg -> federation
    assert!(m("to_snow").federated);
    assert_eq!(m("to_snow").upstream[0].target, "pg");

    // federated views become tables with DVT001; non-federated views stay views
    assert_eq!(c.materialized, Materialization::View);
    assert_eq!(c.effective_materialized, Materialization::Table);
    assert_eq!(m("kpi_view").effective_materialized, Materialization::View);
    let dvt001: Vec<_> = w
        .snapshot()
        .into_iter()
        .filter(|w| w.code == WarningCode::Dvt001)
        .map(|w| w.model.unwrap())
        .collect();
    assert!(dvt001.contains(&"model.shop.customer_360".to_string()));
    assert!(dvt001.contains(&"model.shop.stock_view".to_string()));
    assert!(!dvt001.contains(&"model.shop.kpi_view".to_string()));
}

#[test]
fn cli_target_override() {
    let tmp = tempfile::tempdir().unwrap();
    project(tmp.path());
    let lp = load(tmp.path(), Some("maria"));
    let r = lp.resolve(&WarningCollector::new()).unwrap();
    assert_eq!(r.default_target, "maria");
    for m in r.models.values() {
        assert_eq!(m.target, "maria", "{}", m.unique_id);
    }
    let m = |n: &str| &r.models[&format!("model.shop.{n}")];
    // app sources now default to maria too: direct_users is local on maria
    assert!(!m("direct_users").federated);
    assert!(!m("crm_accounts").federated);
    // lite sources stay on lite
    assert!(m("lite_events").federated);
    // a --target that is not an output is a coded error
    let mut a = LoadArgs::new(tmp.path());
    a.env = env();
    a.target = Some("nope".into());
    let e = LoadedProject::load(&a).unwrap_err();
    assert_eq!(e.code(), "DVT105");
}

#[test]
fn config_precedence_and_sources() {
    let tmp = tempfile::tempdir().unwrap();
    project(tmp.path());
    let lp = load(tmp.path(), None);
    let p = &lp.project;
    let c360 = p.model("customer_360").unwrap();
    // project: table, marts folder: view; tags accumulate shop + mart + pii
    assert_eq!(c360.config.materialized, Materialization::View);
    assert_eq!(c360.config.tags, vec!["shop", "mart", "pii"]);
    assert_eq!(c360.fqn, vec!["shop", "marts", "customer_360"]);
    // yml config beats project; unique_key from yml
    let du = p.model("direct_users").unwrap();
    assert_eq!(du.config.materialized, Materialization::Incremental);
    assert_eq!(du.config.unique_key, vec!["id"]);
    // config() call beats project
    let le = p.model("lite_events").unwrap();
    assert_eq!(le.config.target.as_deref(), Some("lite"));
    // var() rendered in the parse phase
    assert_eq!(
        du.depends_on,
        vec!["source.shop.app.users", "source.shop.app.orders"]
    );
    // sources: connection spellings and levels
    let s = |a: &str, b: &str| p.source(a, b).unwrap();
    assert_eq!(s("app", "users").connection, None);
    assert_eq!(s("crm", "accounts").connection.as_deref(), Some("maria"));
    assert_eq!(s("crm", "notes").connection.as_deref(), Some("lite"));
    assert_eq!(s("files", "events").connection.as_deref(), Some("lite"));
    assert_eq!(s("files", "events").identifier, "event_log");
    assert_eq!(
        s("reporting", "kpis").connection.as_deref(),
        Some("pg_same")
    );
    assert_eq!(s("app", "users").schema, "public");
    assert_eq!(s("crm", "accounts").schema, "crm");
    assert_eq!(
        s("app", "users").columns[1].data_type.as_deref(),
        Some("jsonb")
    );
    // secrets rendered from env_var never show in Debug
    assert!(!format!("{lp:?}").contains("pw-very-secret"));
    assert_eq!(
        lp.profile.outputs["pg"].password.as_ref().unwrap().expose(),
        "pw-very-secret"
    );
}

#[test]
fn dag_waves_and_cycles() {
    let tmp = tempfile::tempdir().unwrap();
    project(tmp.path());
    let lp = load(tmp.path(), None);
    let dag = Dag::build(&lp.project).unwrap();
    let pos = |id: &str| dag.order().position(|x| x == id).unwrap();
    assert!(pos("model.shop.direct_users") < pos("model.shop.customer_360"));
    assert!(pos("model.shop.eph_accounts") < pos("model.shop.uses_eph"));
    assert_eq!(dag.waves.len(), 2);

    write(tmp.path(), "models/a.sql", "select * from {{ ref('b') }}");
    write(tmp.path(), "models/b.sql", "select * from {{ ref('c') }}");
    write(tmp.path(), "models/c.sql", "select * from {{ ref('a') }}");
    let lp = load(tmp.path(), None);
    let e = Dag::build(&lp.project).unwrap_err();
    assert_eq!(e.code(), "DVT109");
    assert!(e.to_string().contains("a -> b -> c -> a"), "{e}");

    write(tmp.path(), "models/c.sql", "select * from {{ ref('c') }}");
    let lp = load(tmp.path(), None);
    let e = Dag::build(&lp.project).unwrap_err();
    assert!(e.to_string().contains("c -> c"), "{e}");
}

#[test]
fn bad_projects_give_coded_errors() {
    let tmp = tempfile::tempdir().unwrap();
    project(tmp.path());
    let try_load = |dir: &Path| {
        let mut a = LoadArgs::new(dir);
        a.env = env();
        LoadedProject::load(&a).unwrap_err()
    };
    write(
        tmp.path(),
        "models/bad.sql",
        "select * from {{ ref('nope') }}",
    );
    let e = try_load(tmp.path());
    assert_eq!(e.code(), "DVT107");
    assert!(e.to_string().contains("model 'bad'"), "{e}");

    write(
        tmp.path(),
        "models/bad.sql",
        "select * from {{ source('app', 'nope') }}",
    );
    assert_eq!(try_load(tmp.path()).code(), "DVT108");

    write(
        tmp.path(),
        "models/bad.sql",
        "{{ config(target='nowhere') }} select 1",
    );
    let mut a = LoadArgs::new(tmp.path());
    a.env = env();
    let e = LoadedProject::load(&a)
        .unwrap()
        .resolve(&WarningCollector::new())
        .unwrap_err();
    assert_eq!(e.code(), "DVT110");
    assert!(
        e.to_string().contains("model 'bad'") && e.to_string().contains("nowhere"),
        "{e}"
    );

    write(tmp.path(), "models/sub/direct_users.sql", "select 1");
    std::fs::remove_file(tmp.path().join("models/bad.sql")).unwrap();
    assert_eq!(try_load(tmp.path()).code(), "DVT113");
    std::fs::remove_file(tmp.path().join("models/sub/direct_users.sql")).unwrap();

    let empty = tempfile::tempdir().unwrap();
    assert_eq!(try_load(empty.path()).code(), "DVT100");

    // a source whose connection is not an output
    write(
        tmp.path(),
        "models/more.yml",
        "sources:\n  - name: ghost\n    connection: nowhere\n    tables: [{name: t}]\n",
    );
    let mut a = LoadArgs::new(tmp.path());
    a.env = env();
    let e = LoadedProject::load(&a)
        .unwrap()
        .resolve(&WarningCollector::new())
        .unwrap_err();
    assert_eq!(e.code(), "DVT110");
    assert!(e.to_string().contains("source 'ghost.t'"), "{e}");
}

#[test]
fn manifest_v12_import() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/manifest_project");
    let mut a = LoadArgs::new(&dir);
    a.env = env();
    a.manifest = Some(dir.join("manifest.json"));
    let lp = LoadedProject::load(&a).unwrap_or_else(|e| panic!("{e}"));
    let p = &lp.project;
    assert_eq!(p.name, "jaffle");
    assert_eq!(p.profile, "jaffle");
    // tests and disabled models are not imported
    assert_eq!(
        p.models.keys().collect::<Vec<_>>(),
        vec!["model.jaffle.customer_orders", "model.jaffle.stg_customers"],
        "ordered by file path, as a directory load"
    );
    let co = p.model("customer_orders").unwrap();
    assert_eq!(co.config.materialized, Materialization::Incremental);
    assert_eq!(co.config.unique_key, vec!["customer_id"]);
    assert_eq!(co.refs, vec!["stg_customers"]);
    assert_eq!(
        co.depends_on,
        vec!["model.jaffle.stg_customers", "source.jaffle.shop.orders"]
    );
    assert!(co.raw_sql.contains("{{ ref('stg_customers') }}"));
    assert_eq!(co.compiled_sql.as_deref(), Some("select ..."));
    let orders = p.source("shop", "orders").unwrap();
    assert_eq!(orders.identifier, "orders_v2");
    assert_eq!(
        orders.connection.as_deref(),
        Some("maria"),
        "table meta beats source_meta"
    );
    let cust = p.source("crm", "customers").unwrap();
    assert_eq!(cust.connection.as_deref(), Some("pg_crm"));
    assert_eq!(cust.columns.len(), 2);
    assert_eq!(cust.columns[1].data_type.as_deref(), Some("varchar(100)"));

    let r = lp.resolve(&WarningCollector::new()).unwrap();
    assert!(!r.models["model.jaffle.stg_customers"].federated);
    assert!(r.models["model.jaffle.customer_orders"].federated);
    assert_eq!(Dag::build(p).unwrap().waves.len(), 2);
}

#[test]
fn manifest_errors_are_coded() {
    let tmp = tempfile::tempdir().unwrap();
    let f = tmp.path().join("manifest.json");
    for (text, needle) in [
        ("{not json", "cannot import"),
        (
            r#"{"metadata": {"dbt_schema_version": "https://schemas.getdbt.com/dbt/run-results/v6.json"}, "nodes": {}}"#,
            "not a dbt manifest",
        ),
        (
            r#"{"metadata": {"dbt_schema_version": "https://schemas.getdbt.com/dbt/manifest/v12.json"}, "nodes": {"model.p.a": {"name": "a", "resource_type": "model", "config": {}, "depends_on": {"nodes": ["model.p.zzz"]}}}}"#,
            "model.p.zzz",
        ),
    ] {
        std::fs::write(&f, text).unwrap();
        let e = dvt_core::project::Project::from_manifest(&f, tmp.path(), None).unwrap_err();
        assert_eq!(e.code(), "DVT112");
        assert!(e.to_string().contains(needle), "{e}");
    }
}
