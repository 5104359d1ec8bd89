//! Schema discovery on a real PostgreSQL server (`scripts/services.sh start && source
//! .dvt-services/env`): `Connector::table` of a table, a view and a materialized view with every
//! type dvt maps (and some it does not), the extract of the types the binary codecs cannot read
//! (as their text), and target-schema creation. Each test works in its own database and is
//! skipped (with a note) when the services are not running.

#![cfg(feature = "postgres")]

use crate::common::*;
use std::sync::Arc;

use arrow_array::Array;
use arrow_array::cast::AsArray;
use arrow_schema::{DataType, IntervalUnit, TimeUnit};
use dvt_connectors::postgres::PostgresConnector;
use dvt_core::profiles::{Connection, DbKind};
use dvt_core::secret::Secret;
use dvt_io::connector::{Connector, Partitioning, TableName};
use dvt_testkit::{PgService, TempDatabase, TestServer, require_postgres, unique_name};
use dvt_types::DvtType;

fn conn_for(pg: &PgService, db: &TempDatabase<'_, PgService>) -> Connection {
    Connection {
        host: Some(pg.host.clone()),
        port: Some(pg.port),
        user: Some(pg.user.clone()),
        database: Some(db.name().to_string()),
        ..Connection::new("pg_discover", DbKind::Postgres)
    }
}

async fn open(pg: &PgService, db: &TempDatabase<'_, PgService>) -> PostgresConnector {
    PostgresConnector::connect(&conn_for(pg, db))
        .await
        .expect("connect to the test server")
}

fn list(element: &DvtType) -> DataType {
    DataType::List(Arc::new(element.to_arrow_field("item", true)))
}

const SETUP: &str = r#"
CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy');
CREATE DOMAIN posint AS integer CHECK (VALUE > 0);
CREATE DOMAIN amount AS numeric(10,2);
CREATE DOMAIN amount2 AS amount;
CREATE TABLE every (
  id int4 PRIMARY KEY, b boolean, i2 smallint, i4 integer NOT NULL, i8 bigint,
  f4 real, f8 double precision,
  n numeric(38,10), nmax numeric(1000,500), nu numeric,
  vc varchar(10485760), v1 varchar(1), vn varchar, c char(3), t text,
  ai integer[], at text[], jb jsonb, j json, u uuid, by bytea,
  tz timestamptz, ts3 timestamp(3), ts timestamp, d date, tm time, iv interval,
  dm posint, da amount2, e mood, ea mood[],
  ip inet, ci cidr, mac macaddr, tv tsvector, mo money, pt point, x xml, ttz timetz,
  ipa inet[]
);
INSERT INTO every VALUES
 (1, true, -32768, 2147483647, -9223372036854775808, 3.4028235e38, -1.7976931348623157e308,
  '1234567890123456789012345678.0123456789',
  0.5, -0.5,
  'x', 'y', 'unbounded', 'ab', 'héllo',
  '{1,NULL,-3}', '{"a b",NULL,""}', '{"k": [1, 2]}', '[1, "two"]',
  'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', '\x00ff',
  '2024-02-29 23:59:59.999999+00', '1969-12-31 23:59:59.123', '0001-01-01 00:00:00',
  '9999-12-31', '23:59:59.999999', '1 year 2 mons -3 days 04:05:06.789',
  2147483647, 12345678.99, 'happy', '{sad,ok}',
  '192.168.0.1/24', '10.0.0.0/8', '08:00:2b:01:02:03', 'a fat cat sat', 1234.56,
  '(1.5,-2)', '<a>1</a>', '12:00:00+02', '{10.0.0.1,NULL}'),
 (2, NULL, NULL, 0, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
  NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
  NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL);
CREATE VIEW every_v AS SELECT id, da, e, ip FROM every;
CREATE MATERIALIZED VIEW every_mv AS SELECT id, dm, ea, ipa, mo FROM every;
"#;

fn expected_every() -> Vec<Expected> {
    let text = DvtType::Varchar { length: None };
    let utf8 = DataType::Utf8;
    vec![
        ("id", "integer", DvtType::Int32, DataType::Int32, "INTEGER"),
        (
            "b",
            "boolean",
            DvtType::Boolean,
            DataType::Boolean,
            "BOOLEAN",
        ),
        (
            "i2",
            "smallint",
            DvtType::Int16,
            DataType::Int16,
            "SMALLINT",
        ),
        ("i4", "integer", DvtType::Int32, DataType::Int32, "INTEGER"),
        ("i8", "bigint", DvtType::Int64, DataType::Int64, "BIGINT"),
        ("f4", "real", DvtType::Float32, DataType::Float32, "REAL"),
        (
            "f8",
            "double precision",
            DvtType::Float64,
            DataType::Float64,
            "DOUBLE PRECISION",
        ),
        (
            "n",
            "numeric(38,10)",
            DvtType::decimal(38, 10),
            DataType::Decimal128(38, 10),
            "NUMERIC(38,10)",
        ),
        (
            "nmax",
            "numeric(1000,500)",
            DvtType::decimal(1000, 500),
            DataType::Decimal256(76, 76),
            "NUMERIC(1000,500)",
        ),
        (
            "nu",
            "numeric",
            DvtType::decimal(38, 10),
            DataType::Decimal128(38, 10),
            "NUMERIC(38,10)",
        ),
        (
            "vc",
            "character varying(10485760)",
            DvtType::varchar(10_485_760),
            utf8.clone(),
            "VARCHAR(10485760)",
        ),
        (
            "v1",
            "character varying(1)",
            DvtType::varchar(1),
            utf8.clone(),
            "VARCHAR(1)",
        ),
        (
            "vn",
            "character varying",
            text.clone(),
            utf8.clone(),
            "TEXT",
        ),
        (
            "c",
            "character(3)",
            DvtType::Char { length: 3 },
            utf8.clone(),
            "CHAR(3)",
        ),
        ("t", "text", text.clone(), utf8.clone(), "TEXT"),
        (
            "ai",
            "integer[]",
            DvtType::array(DvtType::Int32),
            list(&DvtType::Int32),
            "INTEGER[]",
        ),
        (
            "at",
            "text[]",
            DvtType::array(text.clone()),
            list(&text),
            "TEXT[]",
        ),
        ("jb", "jsonb", DvtType::Json, utf8.clone(), "JSONB"),
        ("j", "json", DvtType::JsonText, utf8.clone(), "JSON"),
        ("u", "uuid", DvtType::Uuid, utf8.clone(), "UUID"),
        (
            "by",
            "bytea",
            DvtType::Binary { length: None },
            DataType::Binary,
            "BYTEA",
        ),
        (
            "tz",
            "timestamp with time zone",
            DvtType::timestamp(6, true),
            DataType::Timestamp(TimeUnit::Microsecond, Some("UTC".into())),
            "TIMESTAMPTZ",
        ),
        (
            "ts3",
            "timestamp(3) without time zone",
            DvtType::timestamp(3, false),
            DataType::Timestamp(TimeUnit::Millisecond, None),
            "TIMESTAMP(3)",
        ),
        (
            "ts",
            "timestamp without time zone",
            DvtType::timestamp(6, false),
            DataType::Timestamp(TimeUnit::Microsecond, None),
            "TIMESTAMP",
        ),
        ("d", "date", DvtType::Date, DataType::Date32, "DATE"),
        (
            "tm",
            "time without time zone",
            DvtType::Time { precision: 6 },
            DataType::Time64(TimeUnit::Microsecond),
            "TIME",
        ),
        (
            "iv",
            "interval",
            DvtType::Interval,
            DataType::Interval(IntervalUnit::MonthDayNano),
            "INTERVAL",
        ),
        // A domain is its base type; a domain of a domain too (with the inner typmod).
        ("dm", "posint", DvtType::Int32, DataType::Int32, "INTEGER"),
        (
            "da",
            "amount2",
            DvtType::decimal(10, 2),
            DataType::Decimal128(10, 2),
            "NUMERIC(10,2)",
        ),
        // An enum is text; its native name stays.
        ("e", "mood", text.clone(), utf8.clone(), "TEXT"),
        (
            "ea",
            "mood[]",
            DvtType::array(text.clone()),
            list(&text),
            "TEXT[]",
        ),
        // Types dvt does not map stay unknown (the planner reads them as text).
        ("ip", "inet", unknown("inet"), utf8.clone(), "TEXT"),
        ("ci", "cidr", unknown("cidr"), utf8.clone(), "TEXT"),
        ("mac", "macaddr", unknown("macaddr"), utf8.clone(), "TEXT"),
        ("tv", "tsvector", unknown("tsvector"), utf8.clone(), "TEXT"),
        ("mo", "money", unknown("money"), utf8.clone(), "TEXT"),
        ("pt", "point", unknown("point"), utf8.clone(), "TEXT"),
        ("x", "xml", unknown("xml"), utf8.clone(), "TEXT"),
        (
            "ttz",
            "time with time zone",
            unknown("time with time zone"),
            utf8.clone(),
            "TEXT",
        ),
        (
            "ipa",
            "inet[]",
            DvtType::array(unknown("inet")),
            list(&unknown("inet")),
            "TEXT[]",
        ),
    ]
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn discovers_tables_views_and_materialized_views() {
    let pg = require_postgres!();
    let db = pg.temp_database("pg_discover");
    db.execute_batch(SETUP);
    let c = open(&pg, &db).await;

    let every = c
        .table(&TableName::new(None, "every"))
        .await
        .unwrap()
        .expect("table every is found");
    assert_eq!(every.name, TableName::new(Some("public"), "every"));
    assert_eq!(every.primary_key, vec!["id".to_string()]);
    check_columns(&every, &expected_every());
    let nullable: Vec<bool> = every.columns.iter().map(|c| c.nullable).collect();
    assert!(!nullable[0] && !nullable[3], "id and i4 are NOT NULL");
    assert_eq!(nullable.iter().filter(|n| !**n).count(), 2);

    // The same table by its schema-qualified name.
    let again = c
        .table(&TableName::new(Some("public"), "every"))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(again, every);

    let pick = |names: &[&str]| -> Vec<Expected> {
        let all = expected_every();
        names
            .iter()
            .map(|n| all.iter().find(|e| e.0 == *n).unwrap().clone())
            .collect()
    };
    let view = c
        .table(&TableName::new(None, "every_v"))
        .await
        .unwrap()
        .expect("the view is found");
    check_columns(&view, &pick(&["id", "da", "e", "ip"]));
    assert_eq!(view.row_estimate, None, "a view has no row estimate");
    assert!(view.primary_key.is_empty());

    let mv = c
        .table(&TableName::new(None, "every_mv"))
        .await
        .unwrap()
        .expect("the materialized view is found");
    check_columns(&mv, &pick(&["id", "dm", "ea", "ipa", "mo"]));
    assert!(mv.primary_key.is_empty());

    assert_eq!(c.table(&TableName::new(None, "nope")).await.unwrap(), None);
    assert_eq!(
        c.table(&TableName::new(Some("no_schema"), "every"))
            .await
            .unwrap(),
        None
    );
    // The schema's catalog lists all three.
    let names: Vec<String> = c
        .catalog(None)
        .await
        .unwrap()
        .into_iter()
        .map(|t| t.name.name)
        .collect();
    assert_eq!(names, ["every", "every_mv", "every_v"]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn extracts_types_the_codecs_cannot_read_as_text() {
    let pg = require_postgres!();
    let db = pg.temp_database("pg_disc_text");
    db.execute_batch(SETUP);
    let c = open(&pg, &db).await;
    let s = c
        .extract("SELECT * FROM every ORDER BY id -- a trailing comment")
        .await
        .expect("an extract with unreadable types does not fail");
    let schema = Arc::clone(&s.schema);
    let b = rows_of(s).await;
    assert_eq!(b.num_rows(), 2);

    // The extracted fields have the discovered canonical types, in the table's order.
    let catalog = c
        .table(&TableName::new(None, "every"))
        .await
        .unwrap()
        .unwrap();
    let got: Vec<(String, DvtType)> = schema
        .fields()
        .iter()
        .map(|f| (f.name().clone(), DvtType::from_arrow_field(f)))
        .collect();
    let want: Vec<(String, DvtType)> = catalog
        .columns
        .iter()
        .map(|c| (c.name.clone(), c.ty.clone()))
        .collect();
    assert_eq!(got, want);

    let text = |name: &str| -> Vec<Option<String>> {
        let a = b.column(schema.index_of(name).unwrap());
        assert_eq!(a.data_type(), &DataType::Utf8, "{name} is Utf8");
        a.as_string::<i32>()
            .iter()
            .map(|v| v.map(str::to_string))
            .collect()
    };
    let s = |v: &str| Some(v.to_string());
    assert_eq!(text("ip"), [s("192.168.0.1/24"), None]);
    assert_eq!(text("ci"), [s("10.0.0.0/8"), None]);
    assert_eq!(text("mac"), [s("08:00:2b:01:02:03"), None]);
    assert_eq!(text("tv"), [s("'a' 'cat' 'fat' 'sat'"), None]);
    assert_eq!(text("mo"), [s("$1,234.56"), None]);
    assert_eq!(text("pt"), [s("(1.5,-2)"), None]);
    assert_eq!(text("x"), [s("<a>1</a>"), None]);
    assert_eq!(text("ttz"), [s("12:00:00+02"), None]);
    // Enums read as text through the codecs (no cast needed).
    assert_eq!(text("e"), [s("happy"), None]);
    let list_text = |name: &str| -> Vec<Option<Vec<Option<String>>>> {
        let a = b.column(schema.index_of(name).unwrap()).as_list::<i32>();
        (0..a.len())
            .map(|i| {
                (!a.is_null(i)).then(|| {
                    a.value(i)
                        .as_string::<i32>()
                        .iter()
                        .map(|v| v.map(str::to_string))
                        .collect()
                })
            })
            .collect()
    };
    assert_eq!(list_text("ea"), [Some(vec![s("sad"), s("ok")]), None]);
    // `::text` of an inet is PostgreSQL's text(inet), which always shows the netmask.
    assert_eq!(list_text("ipa"), [Some(vec![s("10.0.0.1/32"), None]), None]);
    // Readable neighbours are still decoded natively.
    let da = b
        .column(schema.index_of("da").unwrap())
        .as_primitive::<arrow_array::types::Decimal128Type>();
    assert_eq!(da.value(0), 1_234_567_899);
    assert_eq!(da.data_type(), &DataType::Decimal128(10, 2));

    // A query (not a table) with an unreadable expression, and a partitioned extract.
    let st = c
        .extract("SELECT id, '1.2.3.4'::inet AS \"we\"\"ird\" FROM every WHERE id = 1")
        .await
        .unwrap();
    let b1 = rows_of(st).await;
    assert_eq!(b1.schema().field(1).name(), "we\"ird");
    assert_eq!(b1.column(1).as_string::<i32>().value(0), "1.2.3.4/32");
    let parts = c
        .extract_partitioned(
            "SELECT id, ip FROM every",
            &Partitioning {
                column: "id".into(),
                partitions: 2,
            },
        )
        .await
        .unwrap();
    let mut ips = Vec::new();
    for p in parts {
        let b = rows_of(p).await;
        let a = b.column(1).as_string::<i32>();
        ips.extend((0..a.len()).map(|i| (!a.is_null(i)).then(|| a.value(i).to_string())));
    }
    ips.sort();
    assert_eq!(ips, [None, s("192.168.0.1/24")]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unreadable_columns_with_duplicate_names_stay_an_error() {
    let pg = require_postgres!();
    let db = pg.temp_database("pg_disc_dup");
    let c = open(&pg, &db).await;
    let err = c
        .extract("SELECT '1.2.3.4'::inet AS a, 1 AS a")
        .await
        .expect_err("two columns named a cannot be wrapped");
    assert_eq!(err.code(), "DVT123", "{err}");
    let msg = err.to_string();
    assert!(
        msg.contains("column \"a\" has type inet") && msg.contains("a::text"),
        "{msg}"
    );
    // Duplicate names of readable types are fine as before.
    let b = rows_of(c.extract("SELECT 1 AS a, 2 AS a").await.unwrap()).await;
    assert_eq!(b.num_columns(), 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn creates_a_missing_schema_once() {
    let pg = require_postgres!();
    let db = pg.temp_database("pg_disc_schema");
    let c = open(&pg, &db).await;
    let name = "New \"Schema\"";
    assert!(!c.schema_exists(name).await.unwrap());
    c.create_schema(name).await.unwrap();
    assert!(c.schema_exists(name).await.unwrap());
    c.create_schema(name)
        .await
        .expect("a second call is a no-op");
    assert!(c.schema_exists(name).await.unwrap());
    let rows = db.query_strings("SELECT nspname FROM pg_namespace WHERE nspname LIKE 'New%'");
    assert_eq!(rows, vec![vec![Some(name.to_string())]]);
    assert!(c.schema_exists("public").await.unwrap());
    assert!(
        !c.schema_exists("new \"schema\"").await.unwrap(),
        "exact name"
    );
    assert_eq!(c.create_schema_privilege(), "CREATE on the database");
}

/// Drops a role when the test ends (also when it fails).
struct RoleGuard<'a>(&'a PgService, String);

impl Drop for RoleGuard<'_> {
    fn drop(&mut self) {
        let _ = self
            .0
            .try_execute_batch(&self.0.db, &format!("DROP ROLE IF EXISTS \"{}\"", self.1));
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn create_schema_without_the_privilege_fails_without_secrets() {
    let pg = require_postgres!();
    let db = pg.temp_database("pg_disc_priv");
    // The password role of the services (DVT_TEST_PG_PW_USER) is a superuser, so it may create
    // schemas anywhere: its session takes a fresh role without any privilege (`-c role=…`),
    // logging in with its real password all the same.
    let role = unique_name("dvt_nocreate");
    db.execute_batch(&format!(
        "CREATE ROLE \"{role}\" NOLOGIN; GRANT \"{role}\" TO \"{}\"; \
         CREATE SCHEMA hidden;",
        pg.password_user
    ));
    let _guard = RoleGuard(&pg, role.clone());
    let mut conn = conn_for(&pg, &db);
    conn.user = Some(pg.password_user.clone());
    conn.password = Some(Secret::new(pg.password.clone()));
    conn.extra
        .insert("options".into(), format!("-c role={role}"));
    let c = PostgresConnector::connect(&conn).await.expect("connect");

    // The premise: the session's role may not create schemas in this database, and the
    // superuser it logged in as could.
    let (can, _) = c
        .query_bounds(
            "SELECT has_database_privilege(current_user, current_database(), 'CREATE')::int, \
             (current_user = session_user)::int",
        )
        .await
        .unwrap();
    assert_eq!(can, Some(0), "{role} has no CREATE on the database");
    let rows = db.query_strings(&format!(
        "SELECT rolsuper::text FROM pg_roles WHERE rolname = '{}'",
        pg.password_user
    ));
    assert_eq!(rows, vec![vec![Some("true".to_string())]]);

    assert!(!c.schema_exists("dvt_target").await.unwrap());
    let err = c
        .create_schema("dvt_target")
        .await
        .expect_err("no CREATE privilege");
    let msg = err.to_string();
    assert_eq!(err.code(), "DVT121", "{msg}");
    assert!(
        msg.contains("permission denied for database"),
        "the server's reason: {msg}"
    );
    assert!(!msg.contains(&pg.password), "no password in: {msg}");
    assert!(!format!("{err:?}").contains(&pg.password));
    assert!(!c.schema_exists("dvt_target").await.unwrap());

    // A schema the role may not use still exists (pg_namespace, not information_schema).
    assert!(c.schema_exists("hidden").await.unwrap());
    let visible = c
        .query_bounds(
            "SELECT COUNT(*), COUNT(*) FROM information_schema.schemata WHERE schema_name = 'hidden'",
        )
        .await
        .unwrap();
    assert_eq!(visible, (Some(0), Some(0)), "information_schema hides it");
}
