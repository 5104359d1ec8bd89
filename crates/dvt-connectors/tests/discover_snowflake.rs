//! Schema discovery on the Snowflake emulator (fakesnow behind its JSON proxy,
//! `scripts/services.sh start`): `Connector::table` of a table with the Snowflake types, and
//! target-schema creation. Skipped (with a note) when the services are not running.
//!
//! What the emulator cannot show (fakesnow 0.12.1 on DuckDB), so the expected values below are
//! fakesnow's, not Snowflake's:
//! * its INFORMATION_SCHEMA.COLUMNS has no DATETIME_PRECISION, so `TIME(3)` and
//!   `TIMESTAMP_NTZ(3)` are reported without their precision (read as 9, Snowflake's most);
//! * `OBJECT` and `ARRAY` columns are reported as `VARIANT` (Snowflake says `OBJECT` → json and
//!   `ARRAY` → array<json>);
//! * `TIMESTAMP_LTZ` is reported as `TIMESTAMP_TZ` (both are an instant: timestamptz);
//! * `BINARY(n)` is rejected and GEOGRAPHY/GEOMETRY/VECTOR do not exist, so no column of a type
//!   dvt does not map can be made (their extract as text is not exercised here).

#![cfg(feature = "snowflake")]

use crate::common::*;
use arrow_schema::{DataType, TimeUnit};
use dvt_connectors::snowflake::SnowflakeConnector;
use dvt_core::profiles::{Connection, DbKind};
use dvt_core::secret::Secret;
use dvt_io::connector::{Connector, TableName};
use dvt_testkit::{SnowService, require_snowflake, unique_name};
use dvt_types::DvtType;

fn connection(s: &SnowService, schema: &str) -> Connection {
    Connection {
        account: Some(s.account.clone()),
        user: Some(s.user.clone()),
        password: Some(Secret::new(s.password.clone())),
        database: Some(s.database.clone()),
        schema: Some(schema.to_string()),
        warehouse: Some("COMPUTE_WH".into()),
        role: Some("SYSADMIN".into()),
        host: Some(s.host.clone()),
        port: Some(s.port),
        protocol: Some("http".into()),
        ..Connection::new("snow_discover", DbKind::Snowflake)
    }
}

/// A connector on a schema of its own (created by the emulator on login).
async fn open(s: &SnowService, prefix: &str) -> SnowflakeConnector {
    SnowflakeConnector::connect(&connection(s, &unique_name(prefix)))
        .await
        .expect("connect")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn discovers_snowflake_types() {
    let s = require_snowflake!();
    let c = open(&s, "snow_discover").await;
    c.execute(
        "CREATE TABLE \"every\" (N1 NUMBER(38,0), N2 NUMBER(38,37), N3 NUMBER(10,2), N4 NUMBER, \
         I INT, V1 VARCHAR(16777216), V2 VARCHAR(10), V3 VARCHAR, S STRING, \"mixed Case\" VARCHAR(5), \
         VA VARIANT, OB OBJECT, AR ARRAY, TN TIMESTAMP_NTZ, TN3 TIMESTAMP_NTZ(3), \
         TL TIMESTAMP_LTZ, TZ TIMESTAMP_TZ, BI BINARY, BO BOOLEAN, D DATE, TM TIME, TM3 TIME(3), \
         F FLOAT, F8 DOUBLE NOT NULL)",
    )
    .await
    .unwrap();
    let t = c
        .table(&TableName::new(None, "every"))
        .await
        .unwrap()
        .expect("table every is found");
    assert_eq!(
        t.name,
        TableName::new(c.default_schema().as_deref(), "every")
    );
    let utf8 = DataType::Utf8;
    let ns = |tz: bool| DataType::Timestamp(TimeUnit::Nanosecond, tz.then(|| "UTC".into()));
    let dec = |p: u8, sc: i8| DataType::Decimal128(p, sc);
    let expected: Vec<Expected> = vec![
        (
            "N1",
            "NUMBER(38,0)",
            DvtType::decimal(38, 0),
            dec(38, 0),
            "NUMERIC(38,0)",
        ),
        (
            "N2",
            "NUMBER(38,37)",
            DvtType::decimal(38, 37),
            dec(38, 37),
            "NUMERIC(38,37)",
        ),
        (
            "N3",
            "NUMBER(10,2)",
            DvtType::decimal(10, 2),
            dec(10, 2),
            "NUMERIC(10,2)",
        ),
        (
            "N4",
            "NUMBER(38,0)",
            DvtType::decimal(38, 0),
            dec(38, 0),
            "NUMERIC(38,0)",
        ),
        (
            "I",
            "NUMBER(38,0)",
            DvtType::decimal(38, 0),
            dec(38, 0),
            "NUMERIC(38,0)",
        ),
        (
            "V1",
            "VARCHAR(16777216)",
            DvtType::varchar(16_777_216),
            utf8.clone(),
            "TEXT",
        ),
        (
            "V2",
            "VARCHAR(10)",
            DvtType::varchar(10),
            utf8.clone(),
            "VARCHAR(10)",
        ),
        (
            "V3",
            "VARCHAR(16777216)",
            DvtType::varchar(16_777_216),
            utf8.clone(),
            "TEXT",
        ),
        (
            "S",
            "VARCHAR(16777216)",
            DvtType::varchar(16_777_216),
            utf8.clone(),
            "TEXT",
        ),
        (
            "mixed Case",
            "VARCHAR(5)",
            DvtType::varchar(5),
            utf8.clone(),
            "VARCHAR(5)",
        ),
        ("VA", "VARIANT", DvtType::Json, utf8.clone(), "JSONB"),
        // fakesnow: OBJECT and ARRAY are reported as VARIANT.
        ("OB", "VARIANT", DvtType::Json, utf8.clone(), "JSONB"),
        ("AR", "VARIANT", DvtType::Json, utf8.clone(), "JSONB"),
        (
            "TN",
            "TIMESTAMP_NTZ",
            DvtType::timestamp(9, false),
            ns(false),
            "TIMESTAMP",
        ),
        // fakesnow: no DATETIME_PRECISION, so (3) is not seen.
        (
            "TN3",
            "TIMESTAMP_NTZ",
            DvtType::timestamp(9, false),
            ns(false),
            "TIMESTAMP",
        ),
        // fakesnow: TIMESTAMP_LTZ is reported as TIMESTAMP_TZ.
        (
            "TL",
            "TIMESTAMP_TZ",
            DvtType::timestamp(9, true),
            ns(true),
            "TIMESTAMPTZ",
        ),
        (
            "TZ",
            "TIMESTAMP_TZ",
            DvtType::timestamp(9, true),
            ns(true),
            "TIMESTAMPTZ",
        ),
        (
            "BI",
            "BINARY",
            DvtType::Binary { length: None },
            DataType::Binary,
            "BYTEA",
        ),
        (
            "BO",
            "BOOLEAN",
            DvtType::Boolean,
            DataType::Boolean,
            "BOOLEAN",
        ),
        ("D", "DATE", DvtType::Date, DataType::Date32, "DATE"),
        (
            "TM",
            "TIME",
            DvtType::Time { precision: 9 },
            DataType::Time64(TimeUnit::Nanosecond),
            "TIME",
        ),
        (
            "TM3",
            "TIME",
            DvtType::Time { precision: 9 },
            DataType::Time64(TimeUnit::Nanosecond),
            "TIME",
        ),
        (
            "F",
            "FLOAT",
            DvtType::Float64,
            DataType::Float64,
            "DOUBLE PRECISION",
        ),
        (
            "F8",
            "FLOAT",
            DvtType::Float64,
            DataType::Float64,
            "DOUBLE PRECISION",
        ),
    ];
    check_columns(&t, &expected);
    let not_null: Vec<&str> = t
        .columns
        .iter()
        .filter(|c| !c.nullable)
        .map(|c| c.name.as_str())
        .collect();
    assert_eq!(not_null, ["F8"]);
    assert_eq!(c.table(&TableName::new(None, "EVERY")).await.unwrap(), None);
    // A second call takes the remembered path (no DATETIME_PRECISION) and agrees.
    let again = c
        .table(&TableName::new(None, "every"))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(again, t);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn creates_a_missing_schema_by_its_exact_name() {
    let s = require_snowflake!();
    let c = open(&s, "snow_disc_schema").await;
    // Lower case: dvt quotes schema names, so this is not the upper-case schema.
    let name = unique_name("snow_target");
    let upper = name.to_ascii_uppercase();
    assert!(!c.schema_exists(&name).await.unwrap());
    assert!(!c.schema_exists(&upper).await.unwrap());
    c.create_schema(&name).await.unwrap();
    assert!(c.schema_exists(&name).await.unwrap());
    assert!(
        !c.schema_exists(&upper).await.unwrap(),
        "the exact name, not folded"
    );
    c.create_schema(&name)
        .await
        .expect("a second call is a no-op");
    assert!(c.schema_exists(&name).await.unwrap());
    // The session's own schema exists, by the name Snowflake resolved.
    let own = c.default_schema().expect("a current schema");
    assert!(c.schema_exists(&own).await.unwrap());
    // A table in the new schema is found there by its qualified name.
    let t = TableName::new(Some(&name), "t");
    c.execute(&format!("CREATE TABLE {} (\"x\" INT)", t.quoted('"')))
        .await
        .unwrap();
    let found = c.table(&t).await.unwrap().expect("table in the new schema");
    assert_eq!(found.name, t);
    assert_eq!(found.columns[0].ty, DvtType::decimal(38, 0));
    assert_eq!(c.create_schema_privilege(), "CREATE SCHEMA on the database");
}
