//! `cast(x as integer)` in a PostgreSQL model, federated (a PostgreSQL source joined with a
//! SQLite one, into PostgreSQL), as dbt staging models write it over raw tables: over a text
//! column (the key of the join, too), a numeric and a float (PostgreSQL's cast rounds, the
//! engine's truncates: 2.50 is 3, -2.50 is -3) and an integer; on the embedded engine and on
//! Spark. The expected rows are PostgreSQL's own answers to the same model.

use std::path::Path;

mod common;
use common::{EMBEDDED_COMPUTES, PgFixture, dvt, pg_fixture, pg_output, spark_computes, write};
use dvt_testkit::{PgService, Rows, TempDatabase};

const SOURCES: &str = "version: 2
sources:
  - name: raw
    schema: public
    connection: app
    tables:
      - name: orders
  - name: crm
    connection: crm
    tables:
      - name: labels
";

const MODEL: &str = "select cast(o.id_text as integer) as id, cast(o.amount as integer) as amount,
  cast(o.ratio as bigint) as ratio, cast(o.qty as bigint) as qty, l.label
from {{ source('raw', 'orders') }} o
join {{ source('crm', 'labels') }} l on l.id = cast(o.id_text as integer)
where cast(o.amount as integer) <> 0";

/// The model on PostgreSQL alone (the labels copied next to the orders).
const ORACLE: &str = "select cast(o.id_text as integer) as id, cast(o.amount as integer) as amount,
  cast(o.ratio as bigint) as ratio, cast(o.qty as bigint) as qty, l.label
from orders o join labels l on l.id = cast(o.id_text as integer)
where cast(o.amount as integer) <> 0 order by 1";

const ORDERS: &str =
    "CREATE TABLE orders (id_text varchar(10), amount numeric(8,2), ratio float8, qty integer);
INSERT INTO orders VALUES ('12', 2.50, 1.49, 7), ('-3', -2.50, 2.51, NULL), (' 5', 0.60, 0.51, 1),
  (NULL, 1.00, NULL, 2), ('40', 7.49, -1.51, 3);";

const LABELS: &str = "CREATE TABLE labels (id INTEGER, label TEXT);
INSERT INTO labels VALUES (12, 'twelve'), (-3, 'minus three'), (5, 'five'), (40, 'forty');";

fn fixture<'a>(pg: &'a PgService, label: &str) -> PgFixture<'a> {
    pg_fixture(pg, label, |root, app, wh| {
        app.execute_batch(ORDERS);
        rusqlite::Connection::open(root.join("crm.db"))
            .unwrap()
            .execute_batch(LABELS)
            .unwrap();
        write(
            root,
            "dbt_project.yml",
            "name: casts\nprofile: casts\nmodels:\n  casts:\n    +materialized: table\n",
        );
        write(
            root,
            "profiles.yml",
            &format!(
                "casts:\n  target: wh\n  outputs:\n    wh: {}\n    app: {}\n    crm: {{type: sqlite, path: '{}'}}\n",
                pg_output(pg, wh.name(), "analytics"),
                pg_output(pg, app.name(), "public"),
                root.join("crm.db").display()
            ),
        );
        write(root, "computes.yml", EMBEDDED_COMPUTES);
        write(root, "models/sources.yml", SOURCES);
        write(root, "models/orders_typed.sql", MODEL);
    })
}

/// PostgreSQL's answer: the model over the orders and a copy of the labels.
fn oracle(app: &TempDatabase<'_, PgService>) -> Rows {
    app.execute_batch(&LABELS.replace("INTEGER", "integer"));
    app.query_strings(ORACLE)
}

fn runs_like_postgres(pg: &PgService, label: &str, computes: Option<&str>) {
    let f = fixture(pg, label);
    let root: &Path = f.dir.path();
    if let Some(c) = computes {
        write(root, "computes.yml", c);
    }
    let want = oracle(&f.app);
    assert_eq!(want.len(), 4, "{want:?}");
    let (out, stderr) = dvt(root, &["run"]);
    assert!(out.status.success(), "{stderr}");
    let got = f.wh.query_strings(
        "SELECT id, amount, ratio, qty, label FROM analytics.orders_typed ORDER BY id",
    );
    assert_eq!(got, want);
}

#[test]
fn casts_to_integer_as_postgres_on_the_embedded_engine() {
    let pg = dvt_testkit::require_postgres!();
    runs_like_postgres(&pg, "casts", None);
}

#[test]
fn casts_to_integer_as_postgres_on_spark() {
    let spark = dvt_testkit::require_spark!();
    let pg = dvt_testkit::require_postgres!();
    let computes = spark_computes(&spark.remote);
    runs_like_postgres(&pg, "casts_sc", Some(&computes));
}
