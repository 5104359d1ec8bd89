//! Schema discovery (`LoadedProject::discover`) over a connector that counts its catalog reads:
//! each source table is read once per run however many models need it, only the sources a
//! model needs are read, and a missing table is DVT116 with the closest names.

use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use async_trait::async_trait;
use dvt_core::discover::OpenConnector;
use dvt_core::env::MapEnv;
use dvt_core::session::{LoadArgs, LoadedProject};
use dvt_core::{Result, WarningCollector};
use dvt_io::connector::{
    CatalogColumn, CatalogTable, Connector, SchemaStream, TableName, unsupported,
};
use dvt_types::{DbKind, DvtType};

/// A database with fixed tables whose catalog reads are counted (by table name).
#[derive(Debug, Default)]
struct Counting {
    tables: Vec<&'static str>,
    reads: Mutex<Vec<String>>,
    opened: AtomicUsize,
}

fn entry(name: &str) -> CatalogTable {
    CatalogTable {
        name: TableName::new(Some("public"), name),
        columns: vec![CatalogColumn {
            name: "id".into(),
            native_type: "integer".into(),
            ty: DvtType::Int32,
            nullable: true,
            distinct: None,
            nulls: None,
        }],
        row_estimate: Some(3),
        primary_key: vec![],
    }
}

#[async_trait]
impl Connector for Counting {
    fn output(&self) -> &str {
        "db"
    }
    fn dialect(&self) -> DbKind {
        DbKind::Postgres
    }
    fn default_schema(&self) -> Option<String> {
        Some("public".into())
    }
    async fn ping(&self) -> dvt_io::Result<()> {
        Ok(())
    }
    async fn catalog(&self, _schema: Option<&str>) -> dvt_io::Result<Vec<CatalogTable>> {
        Ok(self.tables.iter().map(|t| entry(t)).collect())
    }
    async fn table(&self, name: &TableName) -> dvt_io::Result<Option<CatalogTable>> {
        self.reads.lock().unwrap().push(name.to_string());
        Ok(self
            .tables
            .contains(&name.name.as_str())
            .then(|| entry(&name.name)))
    }
    async fn extract(&self, _query: &str) -> dvt_io::Result<SchemaStream> {
        Err(unsupported("db", "not in this test"))
    }
    async fn query_bounds(&self, _sql: &str) -> dvt_io::Result<(Option<i64>, Option<i64>)> {
        Err(unsupported("db", "not in this test"))
    }
    async fn execute(&self, _sql: &str) -> dvt_io::Result<u64> {
        Err(unsupported("db", "not in this test"))
    }
    async fn execute_atomic(&self, _statements: &[String]) -> dvt_io::Result<()> {
        Err(unsupported("db", "not in this test"))
    }
    async fn load(&self, _name: &TableName, _data: SchemaStream) -> dvt_io::Result<u64> {
        Err(unsupported("db", "not in this test"))
    }
    async fn replace_table(&self, _staging: &TableName, _target: &TableName) -> dvt_io::Result<()> {
        Err(unsupported("db", "not in this test"))
    }
}

struct Open(Arc<Counting>);

#[async_trait]
impl OpenConnector for Open {
    async fn connector(&self, _output: &str) -> Result<Arc<dyn Connector>> {
        self.0.opened.fetch_add(1, Ordering::SeqCst);
        Ok(self.0.clone())
    }
}

fn write(dir: &Path, rel: &str, text: &str) {
    let p = dir.join(rel);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, text).unwrap();
}

/// Models `a` and `b` read `source('app', 'users')`; `c` refs `a` and reads `orders`; `d`
/// reads `accounts` only. Sources listed by name; no server is contacted by loading.
fn project(dir: &Path) -> LoadedProject {
    write(dir, "dbt_project.yml", "name: shop\nprofile: shop\n");
    write(
        dir,
        "profiles.yml",
        "shop:\n  target: wh\n  outputs:\n    wh: {type: postgres, host: h, user: u, dbname: wh, schema: public}\n    db: {type: postgres, host: h2, user: u, dbname: app, schema: public}\n",
    );
    write(
        dir,
        "models/sources.yml",
        "version: 2\nsources:\n  - name: app\n    schema: public\n    connection: db\n    tables:\n      - name: users\n      - name: orders\n      - name: acounts\n",
    );
    write(
        dir,
        "models/a.sql",
        "select id from {{ source('app', 'users') }}",
    );
    write(
        dir,
        "models/b.sql",
        "select id from {{ source('app', 'users') }}",
    );
    write(
        dir,
        "models/c.sql",
        "select a.id from {{ ref('a') }} a join {{ source('app', 'orders') }} o on o.id = a.id",
    );
    write(
        dir,
        "models/d.sql",
        "select id from {{ source('app', 'acounts') }}",
    );
    let mut args = LoadArgs::new(dir);
    args.env = Arc::new(MapEnv::new::<String, String>([]));
    LoadedProject::load(&args).unwrap()
}

#[tokio::test]
async fn each_source_table_is_read_once_per_run() {
    let dir = tempfile::tempdir().unwrap();
    let lp = project(dir.path());
    let res = lp.resolve(&WarningCollector::new()).unwrap();
    let db = Arc::new(Counting {
        tables: vec!["users", "orders", "accounts"],
        ..Counting::default()
    });
    let open = Open(db.clone());
    lp.discover(&res, "a", &open).await.unwrap();
    assert_eq!(*db.reads.lock().unwrap(), ["public.users"]);
    // b reads the same table: no new read; c needs orders and (through a, whose columns are
    // not declared) users again: only orders is read.
    lp.discover(&res, "b", &open).await.unwrap();
    lp.discover(&res, "c", &open).await.unwrap();
    // A clone of the project (as handed to a runner) shares the entries.
    lp.clone().discover(&res, "a", &open).await.unwrap();
    assert_eq!(*db.reads.lock().unwrap(), ["public.users", "public.orders"]);
    let users = lp.catalog.get("source.shop.app.users").unwrap();
    assert_eq!(users.columns[0].ty, DvtType::Int32);
    assert_eq!(users.row_estimate, Some(3));
}

#[tokio::test]
async fn a_missing_source_table_is_dvt116_with_the_closest_names() {
    let dir = tempfile::tempdir().unwrap();
    let lp = project(dir.path());
    let res = lp.resolve(&WarningCollector::new()).unwrap();
    let db = Arc::new(Counting {
        tables: vec!["users", "orders", "accounts"],
        ..Counting::default()
    });
    let e = lp.discover(&res, "d", &Open(db)).await.unwrap_err();
    assert_eq!(e.code(), "DVT116");
    let text = e.to_string();
    for want in [
        "source('app', 'acounts')",
        "schema 'public'",
        "output 'db'",
        "closest there: accounts",
    ] {
        assert!(text.contains(want), "{want} in {text}");
    }
    assert!(lp.catalog.get("source.shop.app.acounts").is_none());
}
