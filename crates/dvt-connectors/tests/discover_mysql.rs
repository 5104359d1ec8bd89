//! Schema discovery on a real MariaDB (`scripts/services.sh start && source
//! .dvt-services/env`): `Connector::table` of a table with every MySQL/MariaDB type at its
//! edges, the extract of the types the decoders cannot read (geometry, as WKT text), and
//! target-schema (database) creation. Skipped (with a note) when the services are not running.

#![cfg(feature = "mysql")]

use crate::common::*;
use std::sync::Arc;

use arrow_array::cast::AsArray;
use arrow_schema::{DataType, TimeUnit};
use dvt_connectors::mysql::MysqlConnector;
use dvt_core::profiles::{Connection, DbKind};
use dvt_io::connector::{Connector, TableName};
use dvt_testkit::{MariaService, TempDatabase, TestServer, require_mariadb, unique_name};
use dvt_types::DvtType;

fn connection(m: &MariaService, db: &str) -> Connection {
    Connection {
        host: Some(m.host.clone()),
        port: Some(m.port),
        user: Some(m.user.clone()),
        database: Some(db.to_string()),
        schema: Some(db.to_string()),
        ..Connection::new("maria_discover", DbKind::MariaDb)
    }
}

async fn open(m: &MariaService, db: &TempDatabase<'_, MariaService>) -> MysqlConnector {
    MysqlConnector::connect(&connection(m, db.name()))
        .await
        .expect("connect")
}

const SETUP: &str = r#"
CREATE TABLE every (
  id int PRIMARY KEY, u8 tinyint unsigned, u16 smallint unsigned, u24 mediumint unsigned,
  u32 int unsigned, u64 bigint unsigned NOT NULL, i8 tinyint, b tinyint(1), bt1 bit(1),
  bt10 bit(10), e enum('x','yy'), st set('a','bc'), j json,
  dt datetime(6), dt0 datetime, ts3 timestamp(3) NULL, tm2 time(2), y year,
  dmax decimal(65,30), d10 decimal(10,0), f float, db double,
  c char(5), vc varchar(16000), tt tinytext, tx text, mt mediumtext, lt longtext,
  tb tinyblob, bl blob, mb mediumblob, lb longblob, vb varbinary(20), bn binary(4),
  g geometry, pt point, pg polygon, ls linestring, gc geometrycollection,
  i6 inet6, uu uuid
);
INSERT INTO every VALUES
 (1, 255, 65535, 16777215, 4294967295, 18446744073709551615, -128, 1, b'1', b'1111111111',
  'yy', 'a,bc', '{"k": [1, 2]}',
  '9999-12-31 23:59:59.999999', '1000-01-01 00:00:00', '2038-01-19 03:14:07.999',
  '23:59:59.99', 2155,
  '99999999999999999999999999999999999.999999999999999999999999999999', 9999999999,
  -3.40282e38, 1.7976931348623157e308,
  'ab', REPEAT('x', 16000), 'héllo', 't', 'm', 'l',
  x'00ff', x'01', x'02', x'03', x'0405', x'06',
  ST_GeomFromText('POINT(1 2)'), POINT(3, 4),
  ST_GeomFromText('POLYGON((0 0,1 0,1 1,0 0))'), ST_GeomFromText('LINESTRING(0 0,1 1)'),
  ST_GeomFromText('GEOMETRYCOLLECTION(POINT(1 1))'),
  '2001:db8::1', '123e4567-e89b-12d3-a456-426655440000'),
 (2, NULL, NULL, NULL, NULL, 0, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
  NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
  NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL);
"#;

fn expected_every() -> Vec<Expected> {
    let text = DvtType::Varchar { length: None };
    let utf8 = DataType::Utf8;
    let bin = |n: Option<u32>| DvtType::Binary { length: n };
    vec![
        ("id", "int(11)", DvtType::Int32, DataType::Int32, "INTEGER"),
        (
            "u8",
            "tinyint(3) unsigned",
            DvtType::UInt8,
            DataType::UInt8,
            "SMALLINT",
        ),
        (
            "u16",
            "smallint(5) unsigned",
            DvtType::UInt16,
            DataType::UInt16,
            "INTEGER",
        ),
        (
            "u24",
            "mediumint(8) unsigned",
            DvtType::UInt32,
            DataType::UInt32,
            "BIGINT",
        ),
        (
            "u32",
            "int(10) unsigned",
            DvtType::UInt32,
            DataType::UInt32,
            "BIGINT",
        ),
        (
            "u64",
            "bigint(20) unsigned",
            DvtType::UInt64,
            DataType::UInt64,
            "NUMERIC(20,0)",
        ),
        (
            "i8",
            "tinyint(4)",
            DvtType::Int8,
            DataType::Int8,
            "SMALLINT",
        ),
        (
            "b",
            "tinyint(1)",
            DvtType::Boolean,
            DataType::Boolean,
            "BOOLEAN",
        ),
        (
            "bt1",
            "bit(1)",
            DvtType::Boolean,
            DataType::Boolean,
            "BOOLEAN",
        ),
        ("bt10", "bit(10)", unknown("bit(10)"), utf8.clone(), "TEXT"),
        (
            "e",
            "enum('x','yy')",
            DvtType::varchar(2),
            utf8.clone(),
            "VARCHAR(2)",
        ),
        (
            "st",
            "set('a','bc')",
            DvtType::varchar(4),
            utf8.clone(),
            "VARCHAR(4)",
        ),
        // MariaDB's JSON is LONGTEXT with a json_valid check: text kept as written, like
        // PostgreSQL's json.
        ("j", "json", DvtType::JsonText, utf8.clone(), "JSON"),
        (
            "dt",
            "datetime(6)",
            DvtType::timestamp(6, false),
            DataType::Timestamp(TimeUnit::Microsecond, None),
            "TIMESTAMP",
        ),
        (
            "dt0",
            "datetime",
            DvtType::timestamp(0, false),
            DataType::Timestamp(TimeUnit::Second, None),
            "TIMESTAMP(0)",
        ),
        (
            "ts3",
            "timestamp(3)",
            DvtType::timestamp(3, true),
            DataType::Timestamp(TimeUnit::Millisecond, Some("UTC".into())),
            "TIMESTAMPTZ(3)",
        ),
        (
            "tm2",
            "time(2)",
            DvtType::Time { precision: 2 },
            DataType::Time32(TimeUnit::Millisecond),
            "TIME(2)",
        ),
        ("y", "year(4)", DvtType::Int16, DataType::Int16, "SMALLINT"),
        (
            "dmax",
            "decimal(65,30)",
            DvtType::decimal(65, 30),
            DataType::Decimal256(65, 30),
            "NUMERIC(65,30)",
        ),
        (
            "d10",
            "decimal(10,0)",
            DvtType::decimal(10, 0),
            DataType::Decimal128(10, 0),
            "NUMERIC(10,0)",
        ),
        ("f", "float", DvtType::Float32, DataType::Float32, "REAL"),
        (
            "db",
            "double",
            DvtType::Float64,
            DataType::Float64,
            "DOUBLE PRECISION",
        ),
        (
            "c",
            "char(5)",
            DvtType::Char { length: 5 },
            utf8.clone(),
            "CHAR(5)",
        ),
        (
            "vc",
            "varchar(16000)",
            DvtType::varchar(16000),
            utf8.clone(),
            "VARCHAR(16000)",
        ),
        (
            "tt",
            "tinytext",
            DvtType::varchar(255),
            utf8.clone(),
            "VARCHAR(255)",
        ),
        ("tx", "text", text.clone(), utf8.clone(), "TEXT"),
        ("mt", "mediumtext", text.clone(), utf8.clone(), "TEXT"),
        ("lt", "longtext", text.clone(), utf8.clone(), "TEXT"),
        ("tb", "tinyblob", bin(Some(255)), DataType::Binary, "BYTEA"),
        ("bl", "blob", bin(None), DataType::Binary, "BYTEA"),
        ("mb", "mediumblob", bin(None), DataType::Binary, "BYTEA"),
        ("lb", "longblob", bin(None), DataType::Binary, "BYTEA"),
        (
            "vb",
            "varbinary(20)",
            bin(Some(20)),
            DataType::Binary,
            "BYTEA",
        ),
        ("bn", "binary(4)", bin(Some(4)), DataType::Binary, "BYTEA"),
        // Geometry and MariaDB's inet6/uuid are not mapped: the planner reads them as text.
        ("g", "geometry", unknown("geometry"), utf8.clone(), "TEXT"),
        ("pt", "point", unknown("point"), utf8.clone(), "TEXT"),
        ("pg", "polygon", unknown("polygon"), utf8.clone(), "TEXT"),
        (
            "ls",
            "linestring",
            unknown("linestring"),
            utf8.clone(),
            "TEXT",
        ),
        (
            "gc",
            "geometrycollection",
            unknown("geometrycollection"),
            utf8.clone(),
            "TEXT",
        ),
        ("i6", "inet6", unknown("inet6"), utf8.clone(), "TEXT"),
        ("uu", "uuid", unknown("uuid"), utf8.clone(), "TEXT"),
    ]
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn discovers_every_type() {
    let m = require_mariadb!();
    let db = m.temp_database("maria_discover");
    db.execute_batch(SETUP);
    db.execute_batch("CREATE VIEW every_v AS SELECT id, e, g FROM every");
    let c = open(&m, &db).await;

    let every = c
        .table(&TableName::new(None, "every"))
        .await
        .unwrap()
        .expect("table every is found");
    assert_eq!(every.name, TableName::new(Some(db.name()), "every"));
    assert_eq!(every.primary_key, vec!["id".to_string()]);
    check_columns(&every, &expected_every());
    let not_null: Vec<&str> = every
        .columns
        .iter()
        .filter(|c| !c.nullable)
        .map(|c| c.name.as_str())
        .collect();
    assert_eq!(not_null, ["id", "u64"]);

    let view = c
        .table(&TableName::new(Some(db.name()), "every_v"))
        .await
        .unwrap()
        .expect("the view is found");
    let all = expected_every();
    let pick: Vec<Expected> = ["id", "e", "g"]
        .iter()
        .map(|n| all.iter().find(|e| e.0 == *n).unwrap().clone())
        .collect();
    check_columns(&view, &pick);
    assert_eq!(view.row_estimate, None);
    assert!(view.primary_key.is_empty());
    assert_eq!(c.table(&TableName::new(None, "nope")).await.unwrap(), None);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn extracts_geometry_and_unmapped_types_as_text() {
    let m = require_mariadb!();
    let db = m.temp_database("maria_disc_text");
    db.execute_batch(SETUP);
    let c = open(&m, &db).await;
    let s = c
        .extract("SELECT * FROM every ORDER BY id -- a trailing comment")
        .await
        .expect("an extract with geometry columns does not fail");
    let schema = Arc::clone(&s.schema);
    let b = rows_of(s).await;
    assert_eq!(b.num_rows(), 2);
    let names: Vec<&str> = schema.fields().iter().map(|f| f.name().as_str()).collect();
    let want: Vec<&str> = expected_every().iter().map(|e| e.0).collect();
    assert_eq!(names, want, "the table's columns, in order");

    let text = |name: &str| -> (DvtType, Vec<Option<String>>) {
        let f = schema.field_with_name(name).unwrap();
        assert_eq!(f.data_type(), &DataType::Utf8, "{name} is Utf8");
        let a = b.column(schema.index_of(name).unwrap()).as_string::<i32>();
        (
            DvtType::from_arrow_field(f),
            a.iter().map(|v| v.map(str::to_string)).collect(),
        )
    };
    let s = |v: &str| Some(v.to_string());
    let geometry = unknown("geometry");
    assert_eq!(text("g"), (geometry.clone(), vec![s("POINT(1 2)"), None]));
    assert_eq!(text("pt"), (geometry.clone(), vec![s("POINT(3 4)"), None]));
    assert_eq!(
        text("pg"),
        (
            geometry.clone(),
            vec![s("POLYGON((0 0,1 0,1 1,0 0))"), None]
        )
    );
    assert_eq!(
        text("ls"),
        (geometry.clone(), vec![s("LINESTRING(0 0,1 1)"), None])
    );
    assert_eq!(
        text("gc"),
        (geometry, vec![s("GEOMETRYCOLLECTION(POINT(1 1))"), None])
    );
    // inet6 and uuid arrive as text (char columns on the wire).
    assert_eq!(text("i6").1, [s("2001:db8::1"), None]);
    assert_eq!(
        text("uu").1,
        [s("123e4567-e89b-12d3-a456-426655440000"), None]
    );
    assert_eq!(text("bt10"), (unknown("bit(10)"), vec![s("1023"), None]));
    assert_eq!(text("e").1, [s("yy"), None]);
    assert_eq!(text("st").1, [s("a,bc"), None]);
    // Readable neighbours keep their types.
    let u64s = b
        .column(schema.index_of("u64").unwrap())
        .as_primitive::<arrow_array::types::UInt64Type>();
    assert_eq!((u64s.value(0), u64s.value(1)), (u64::MAX, 0));

    // A computed geometry with a quoted name; duplicate names stay a DVT123.
    let b1 = rows_of(
        c.extract("SELECT id, ST_Centroid(pg) AS `c``x` FROM every WHERE id = 1")
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(b1.schema().field(1).name(), "c`x");
    assert!(
        b1.column(1)
            .as_string::<i32>()
            .value(0)
            .starts_with("POINT(0.66"),
        "{:?}",
        b1.column(1)
    );
    let err = c
        .extract("SELECT g AS a, id AS a FROM every")
        .await
        .expect_err("duplicate names cannot be wrapped");
    assert_eq!(err.code(), "DVT123", "{err}");
    assert!(
        err.to_string()
            .contains("column a of the query is a GEOMETRY value"),
        "{err}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn creates_a_missing_database_once() {
    let m = require_mariadb!();
    let db = m.temp_database("maria_disc_schema");
    let c = open(&m, &db).await;
    let name = unique_name("maria_new_schema");
    struct Drop_<'a>(&'a MariaService, String);
    impl Drop for Drop_<'_> {
        fn drop(&mut self) {
            let _ = self
                .0
                .try_execute_batch(&self.0.db, &format!("DROP DATABASE IF EXISTS `{}`", self.1));
        }
    }
    let _cleanup = Drop_(&m, name.clone());
    assert!(!c.schema_exists(&name).await.unwrap());
    c.create_schema(&name).await.unwrap();
    assert!(c.schema_exists(&name).await.unwrap());
    c.create_schema(&name)
        .await
        .expect("a second call is a no-op");
    assert!(c.schema_exists(&name).await.unwrap());
    assert!(c.schema_exists(db.name()).await.unwrap());
    // A table can be created there by a qualified name.
    c.execute(&format!("CREATE TABLE `{name}`.t (x int)"))
        .await
        .unwrap();
    let t = c
        .table(&TableName::new(Some(&name), "t"))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(t.columns[0].ty, DvtType::Int32);
    assert_eq!(c.create_schema_privilege(), "CREATE");
}
