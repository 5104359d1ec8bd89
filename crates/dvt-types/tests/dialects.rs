//! Per-dialect expectations: native strings → canonical type, DDL rendering, loss reasons.

use dvt_types::{
    DbKind, DvtType, LossKind, StandardTypeMapper, TypeError, TypeMapper, map_type, parse_type,
    render_type,
};

use DvtType::*;

fn vc(n: u32) -> DvtType {
    DvtType::varchar(n)
}
const TEXT: DvtType = Varchar { length: None };
const BLOB: DvtType = Binary { length: None };
fn dec(p: u16, s: u16) -> DvtType {
    DvtType::decimal(p, s)
}
fn ts(p: u8) -> DvtType {
    DvtType::timestamp(p, false)
}
fn tstz(p: u8) -> DvtType {
    DvtType::timestamp(p, true)
}
fn arr(t: DvtType) -> DvtType {
    DvtType::array(t)
}
fn unknown(s: &str) -> DvtType {
    Unknown { native: s.into() }
}

#[track_caller]
fn check_parse(d: DbKind, cases: &[(&str, DvtType)]) {
    for (native, expected) in cases {
        match parse_type(d, native) {
            Ok(t) => assert_eq!(&t, expected, "{d}: parse `{native}`"),
            Err(e) => panic!("{d}: parse `{native}` failed: {e}"),
        }
    }
}

#[track_caller]
fn check_render(d: DbKind, cases: &[(DvtType, &str)]) {
    for (t, expected) in cases {
        assert_eq!(render_type(d, t).ddl, *expected, "{d}: render {t}");
    }
}

/// Renders and expects exactly one loss of `kind` whose reason contains `needle`.
#[track_caller]
fn check_loss(d: DbKind, t: &DvtType, ddl: &str, kind: LossKind, needle: &str) {
    let r = render_type(d, t);
    assert_eq!(r.ddl, ddl, "{d}: render {t}");
    assert!(
        r.losses
            .iter()
            .any(|l| l.kind == kind && l.reason.contains(needle)),
        "{d}: render {t}: expected {kind:?} containing {needle:?}, got {:?}",
        r.losses
    );
}

#[track_caller]
fn check_exact(d: DbKind, t: &DvtType) {
    let r = render_type(d, t);
    assert!(
        r.losses.is_empty(),
        "{d}: render {t} reported {:?}",
        r.losses
    );
}

#[test]
fn postgres() {
    use DbKind::Postgres as D;
    check_parse(
        D,
        &[
            ("integer", Int32),
            ("INT4", Int32),
            ("int", Int32),
            ("serial", Int32),
            ("bigserial", Int64),
            ("int8", Int64),
            ("smallint", Int16),
            ("boolean", Boolean),
            ("real", Float32),
            ("float4", Float32),
            ("double precision", Float64),
            ("float8", Float64),
            ("float", Float64),
            ("float(10)", Float32),
            ("numeric(10,2)", dec(10, 2)),
            ("NUMERIC ( 10 , 2 )", dec(10, 2)),
            ("numeric(12)", dec(12, 0)),
            ("numeric", dec(38, 10)),
            ("decimal(100,20)", dec(100, 20)),
            ("varchar(255)", vc(255)),
            ("character varying(10)", vc(10)),
            ("  Character   Varying ( 10 ) ", vc(10)),
            ("character varying", TEXT),
            ("text", TEXT),
            ("char(3)", Char { length: 3 }),
            ("character", Char { length: 1 }),
            ("bpchar", TEXT),
            ("bytea", BLOB),
            ("date", Date),
            ("time", Time { precision: 6 }),
            ("time(3) without time zone", Time { precision: 3 }),
            ("timestamp", ts(6)),
            ("timestamp(3)", ts(3)),
            ("timestamp without time zone", ts(6)),
            ("timestamp(6) with time zone", tstz(6)),
            ("timestamp(0) with time zone", tstz(0)),
            ("timestamptz", tstz(6)),
            ("interval", Interval),
            ("interval day to second", Interval),
            ("json", JsonText),
            ("jsonb", Json),
            ("uuid", Uuid),
            ("integer[]", arr(Int32)),
            ("int[]", arr(Int32)),
            ("text[][]", arr(arr(TEXT))),
            ("varchar(10)[3]", arr(vc(10))),
            ("varchar(10) collate \"C\"", vc(10)),
            ("geometry", unknown("geometry")),
            ("time with time zone", unknown("time with time zone")),
            ("inet", unknown("inet")),
        ],
    );
    check_render(
        D,
        &[
            (Int32, "INTEGER"),
            (Float64, "DOUBLE PRECISION"),
            (dec(40, 2), "NUMERIC(40,2)"),
            (vc(255), "VARCHAR(255)"),
            (TEXT, "TEXT"),
            (tstz(6), "TIMESTAMPTZ"),
            (tstz(3), "TIMESTAMPTZ(3)"),
            (ts(6), "TIMESTAMP"),
            (Json, "JSONB"),
            (JsonText, "JSON"),
            (arr(Int64), "BIGINT[]"),
            (Time { precision: 6 }, "TIME"),
        ],
    );
    check_exact(D, &dec(40, 2));
    // json keeps its text and jsonb normalizes: each renders as itself.
    check_exact(D, &Json);
    check_exact(D, &JsonText);
    check_loss(D, &Int8, "SMALLINT", LossKind::Widened, "no exact int8");
    check_loss(D, &UInt32, "BIGINT", LossKind::Widened, "no unsigned");
    check_loss(
        D,
        &UInt64,
        "NUMERIC(20,0)",
        LossKind::UnsignedToSigned,
        "decimal(20,0)",
    );
    check_loss(
        D,
        &tstz(9),
        "TIMESTAMPTZ",
        LossKind::TimePrecision,
        "from 9 to 6 digits",
    );
    check_loss(
        D,
        &Binary { length: Some(16) },
        "BYTEA",
        LossKind::LengthLost,
        "16 bytes",
    );
}

#[test]
fn mysql_and_mariadb() {
    for d in [DbKind::MySql, DbKind::MariaDb] {
        check_parse(
            d,
            &[
                ("tinyint(1)", Boolean),
                ("TINYINT(1) UNSIGNED", UInt8),
                ("tinyint(4)", Int8),
                ("tinyint", Int8),
                ("bool", Boolean),
                ("bit(1)", Boolean),
                ("bit(8)", unknown("bit(8)")),
                ("int(11)", Int32),
                ("int unsigned", UInt32),
                ("int(10) unsigned zerofill", UInt32),
                ("bigint unsigned", UInt64),
                ("bigint(20) UNSIGNED", UInt64),
                ("smallint unsigned", UInt16),
                ("mediumint", Int32),
                ("serial", UInt64),
                ("float", Float32),
                ("float(30)", Float64),
                ("double", Float64),
                ("double precision", Float64),
                ("real", Float64),
                ("decimal", dec(10, 0)),
                ("decimal(65,30)", dec(65, 30)),
                ("decimal(10,2) unsigned", dec(10, 2)),
                ("varchar(255)", vc(255)),
                (
                    "varchar(255) character set utf8mb4 collate utf8mb4_bin",
                    vc(255),
                ),
                ("char(36)", Char { length: 36 }),
                ("text", TEXT),
                ("longtext", TEXT),
                ("tinytext", vc(255)),
                ("blob", BLOB),
                ("longblob", BLOB),
                ("varbinary(16)", Binary { length: Some(16) }),
                ("binary(16)", Binary { length: Some(16) }),
                ("date", Date),
                ("datetime", ts(0)),
                ("datetime(6)", ts(6)),
                ("timestamp", tstz(0)),
                ("timestamp(3)", tstz(3)),
                ("time", Time { precision: 0 }),
                ("year", Int16),
                ("enum('a','b')", unknown("enum('a','b')")),
                ("geometry", unknown("geometry")),
            ],
        );
        check_render(
            d,
            &[
                (Boolean, "BOOLEAN"),
                (UInt8, "TINYINT UNSIGNED"),
                (UInt64, "BIGINT UNSIGNED"),
                (Float32, "FLOAT"),
                (vc(255), "VARCHAR(255)"),
                (TEXT, "LONGTEXT"),
                (ts(0), "DATETIME"),
                (ts(6), "DATETIME(6)"),
                (Json, "JSON"),
                (JsonText, "JSON"),
            ],
        );
        check_exact(d, &UInt64);
        check_loss(
            d,
            &tstz(6),
            "DATETIME(6)",
            LossKind::TimezoneSemantics,
            "the time zone is dropped and values are converted to UTC",
        );
        check_loss(
            d,
            &Uuid,
            "VARCHAR(36)",
            LossKind::UuidAsString,
            "no UUID type",
        );
        check_loss(
            d,
            &dec(76, 0),
            "DECIMAL(65,0)",
            LossKind::DecimalPrecision,
            "maximum precision is 65",
        );
        check_loss(
            d,
            &dec(40, 35),
            "DECIMAL(35,30)",
            LossKind::DecimalScale,
            "maximum scale is 30",
        );
        check_loss(
            d,
            &vc(20_000),
            "LONGTEXT",
            LossKind::LengthLost,
            "length limit 20000",
        );
        check_loss(
            d,
            &arr(Int32),
            "JSON",
            LossKind::ArrayAsJson,
            "no array type",
        );
        check_loss(
            d,
            &Char { length: 300 },
            "VARCHAR(300)",
            LossKind::CharAsVarchar,
            "padding",
        );
    }
    let m = map_type(DbKind::Postgres, "jsonb", DbKind::MySql).unwrap();
    assert_eq!(m.ddl, "JSON");
    assert!(m.losses.is_empty());
}

/// MySQL's JSON is binary (duplicate keys keep the last, keys are sorted, whitespace goes);
/// MariaDB's is a checked LONGTEXT that keeps the text.
#[test]
fn mysql_and_mariadb_json() {
    use DbKind::{MariaDb, MySql, Postgres};
    check_parse(MySql, &[("json", Json), ("JSON", Json)]);
    check_parse(MariaDb, &[("json", JsonText), ("JSON", JsonText)]);
    check_exact(MySql, &Json);
    check_exact(MariaDb, &JsonText);
    check_loss(
        MySql,
        &JsonText,
        "JSON",
        LossKind::JsonNormalized,
        "json_text becomes JSON on mysql: the JSON type stores the parsed document, not its \
         text: duplicate keys, key order and whitespace are not kept",
    );
    // A normalized document fits MariaDB's text JSON: only informational.
    check_loss(
        MariaDb,
        &Json,
        "JSON",
        LossKind::Widened,
        "keeps documents as written",
    );
    assert!(render_type(MariaDb, &Json).losses[0].is_informational());
    // arrays become the JSON type on both
    check_loss(
        MariaDb,
        &arr(Int32),
        "JSON",
        LossKind::ArrayAsJson,
        "no array type",
    );

    // (DDL, loss kinds) of a native type mapped across
    let mapped = |from: DbKind, native: &str, to: DbKind| {
        let m = map_type(from, native, to).unwrap();
        let kinds: Vec<LossKind> = m.losses.iter().map(|l| l.kind).collect();
        (m.ddl, kinds)
    };
    let normalized = vec![LossKind::JsonNormalized];
    assert_eq!(mapped(Postgres, "json", MySql), ("JSON".into(), normalized));
    assert_eq!(mapped(Postgres, "json", MariaDb), ("JSON".into(), vec![]));
    assert_eq!(mapped(MariaDb, "json", Postgres), ("JSON".into(), vec![]));
    assert_eq!(mapped(MySql, "json", Postgres), ("JSONB".into(), vec![]));
    let why = &map_type(Postgres, "json", MySql).unwrap().losses[0].reason;
    assert!(why.starts_with("json becomes JSON on mysql: "), "{why}");
}

#[test]
fn sqlite() {
    use DbKind::Sqlite as D;
    check_parse(
        D,
        &[
            ("INTEGER", Int64),
            ("int", Int64),
            ("TINYINT(1)", Int64),
            ("BIGINT", Int64),
            ("UNSIGNED BIG INT", Int64),
            ("floating point", Int64), // "POINT" contains INT: SQLite's own rule
            ("REAL", Float64),
            ("double", Float64),
            ("FLOAT", Float64),
            ("TEXT", TEXT),
            ("VARCHAR(255)", TEXT),
            ("NVARCHAR(10)", TEXT),
            ("CLOB", TEXT),
            ("BLOB", BLOB),
            ("NUMERIC", dec(38, 10)),
            ("DECIMAL(10,5)", dec(10, 5)),
            ("BOOLEAN", Boolean),
            ("DATE", Date),
            ("DATETIME", ts(6)),
            ("TIMESTAMP", ts(6)),
            ("JSON", JsonText),
            ("", unknown("")),
            ("MONEY", unknown("MONEY")),
        ],
    );
    check_render(
        D,
        &[
            (Int64, "INTEGER"),
            (Float64, "REAL"),
            (TEXT, "TEXT"),
            (BLOB, "BLOB"),
            (dec(10, 2), "NUMERIC(10,2)"),
        ],
    );
    check_exact(D, &dec(10, 2));
    check_loss(
        D,
        &vc(300),
        "TEXT",
        LossKind::LengthLost,
        "the length limit 300 is not enforced",
    );
    check_loss(
        D,
        &Json,
        "TEXT",
        LossKind::JsonAsString,
        "JSON is stored as text",
    );
    // JSON text is already text there: stored as written, only the JSON type is gone.
    let r = render_type(D, &JsonText);
    assert_eq!(r.ddl, "TEXT");
    assert_eq!(r.losses.len(), 1, "{:?}", r.losses);
    assert_eq!(r.losses[0].kind, LossKind::JsonAsString);
    check_loss(
        D,
        &tstz(6),
        "TIMESTAMP",
        LossKind::TimezoneSemantics,
        "time zone is dropped",
    );
    check_loss(D, &Float32, "REAL", LossKind::Widened, "64-bit");
    check_loss(
        D,
        &dec(20, 2),
        "NUMERIC(20,2)",
        LossKind::DecimalPrecision,
        "15th",
    );
}

#[test]
fn snowflake() {
    use DbKind::Snowflake as D;
    check_parse(
        D,
        &[
            ("NUMBER(38,0)", dec(38, 0)),
            ("number(10,2)", dec(10, 2)),
            ("NUMBER", dec(38, 0)),
            ("INT", dec(38, 0)),
            ("BIGINT", dec(38, 0)),
            ("FLOAT", Float64),
            ("REAL", Float64),
            ("DOUBLE", Float64),
            ("VARCHAR(16777216)", vc(16_777_216)),
            ("VARCHAR", TEXT),
            ("STRING", TEXT),
            ("TEXT", TEXT),
            ("CHAR(10)", vc(10)),
            ("CHAR", vc(1)),
            ("BINARY(8)", Binary { length: Some(8) }),
            ("BOOLEAN", Boolean),
            ("DATE", Date),
            ("TIME", Time { precision: 9 }),
            ("TIMESTAMP_NTZ", ts(9)),
            ("TIMESTAMP_NTZ(3)", ts(3)),
            ("TIMESTAMP", ts(9)),
            ("DATETIME", ts(9)),
            ("TIMESTAMP_LTZ", tstz(9)),
            ("TIMESTAMP_TZ(6)", tstz(6)),
            ("VARIANT", Json),
            ("OBJECT", Json),
            ("ARRAY", arr(Json)),
            ("GEOGRAPHY", unknown("GEOGRAPHY")),
        ],
    );
    check_render(
        D,
        &[
            (dec(38, 0), "NUMBER(38,0)"),
            (Json, "VARIANT"),
            (tstz(9), "TIMESTAMP_TZ"),
            (ts(6), "TIMESTAMP_NTZ(6)"),
            (TEXT, "VARCHAR"),
            (arr(Json), "ARRAY"),
        ],
    );
    check_exact(D, &arr(Json));
    // PostgreSQL's jsonb keeps every digit of a number; VARIANT does not.
    check_loss(
        D,
        &Json,
        "VARIANT",
        LossKind::JsonNumberPrecision,
        "more than 38 digits",
    );
    check_exact(DbKind::Postgres, &Json);
    // JSON text into VARIANT: parsed (duplicate keys, order and whitespace go) and its
    // numbers rounded like any JSON's.
    let r = render_type(D, &JsonText);
    assert_eq!(r.ddl, "VARIANT");
    let kinds: Vec<LossKind> = r.losses.iter().map(|l| l.kind).collect();
    assert_eq!(
        kinds,
        [LossKind::JsonNormalized, LossKind::JsonNumberPrecision]
    );
    assert!(
        r.losses[0]
            .reason
            .contains("duplicate keys, key order and whitespace are not kept"),
        "{}",
        r.losses[0].reason
    );
    check_loss(
        D,
        &dec(76, 10),
        "NUMBER(38,0)",
        LossKind::DecimalPrecision,
        "maximum precision is 38; values with more than 38 integer digits overflow and values \
         are rounded to 0 fractional digits",
    );
    check_loss(
        D,
        &dec(50, 20),
        "NUMBER(38,8)",
        LossKind::DecimalPrecision,
        "values are rounded to 8 fractional digits",
    );
    check_loss(
        D,
        &Int32,
        "NUMBER(38,0)",
        LossKind::Widened,
        "no exact int32",
    );
    check_loss(
        D,
        &Uuid,
        "VARCHAR(36)",
        LossKind::UuidAsString,
        "36-character text",
    );
    check_loss(
        D,
        &arr(Int32),
        "ARRAY",
        LossKind::ArrayElementType,
        "int32 is not kept",
    );
    check_loss(
        D,
        &Char { length: 5 },
        "VARCHAR(5)",
        LossKind::CharAsVarchar,
        "padding",
    );
}

#[test]
fn spark_and_databricks() {
    let d: DbKind = "databricks".parse().unwrap();
    assert_eq!(d, DbKind::Databricks);
    assert_eq!(d.family(), DbKind::Spark);
    check_parse(
        d,
        &[
            ("STRING", TEXT),
            ("INT", Int32),
            ("BIGINT", Int64),
            ("TINYINT", Int8),
            ("SMALLINT", Int16),
            ("DOUBLE", Float64),
            ("FLOAT", Float32),
            ("DECIMAL(10,2)", dec(10, 2)),
            ("decimal", dec(10, 0)),
            ("TIMESTAMP", tstz(6)),
            ("TIMESTAMP_NTZ", ts(6)),
            ("BINARY", BLOB),
            ("BOOLEAN", Boolean),
            ("DATE", Date),
            ("ARRAY<INT>", arr(Int32)),
            ("array<array<string>>", arr(arr(TEXT))),
            ("ARRAY<DECIMAL(10,2)>", arr(dec(10, 2))),
            ("VARCHAR(10)", vc(10)),
            ("CHAR(3)", Char { length: 3 }),
            ("INTERVAL DAY TO SECOND", Interval),
            ("MAP<STRING,INT>", unknown("MAP<STRING,INT>")),
            (
                "STRUCT<a: INT, b: STRING>",
                unknown("STRUCT<a: INT, b: STRING>"),
            ),
        ],
    );
    check_render(
        d,
        &[
            (tstz(6), "TIMESTAMP"),
            (ts(6), "TIMESTAMP_NTZ"),
            (Float32, "FLOAT"),
            (Float64, "DOUBLE"),
            (arr(vc(5)), "ARRAY<STRING>"),
        ],
    );
    check_loss(
        d,
        &vc(300),
        "STRING",
        LossKind::LengthLost,
        "varchar(300) becomes STRING on databricks: the length limit 300 is not enforced",
    );
    check_loss(
        d,
        &Json,
        "STRING",
        LossKind::JsonAsString,
        "JSON is stored as text",
    );
    check_loss(d, &Uuid, "STRING", LossKind::UuidAsString, "UUID");
    check_loss(
        d,
        &UInt64,
        "DECIMAL(20,0)",
        LossKind::UnsignedToSigned,
        "unsigned",
    );
    check_loss(
        d,
        &dec(76, 0),
        "DECIMAL(38,0)",
        LossKind::DecimalPrecision,
        "38",
    );
    check_loss(
        d,
        &Time { precision: 6 },
        "STRING",
        LossKind::TimeAsString,
        "time-of-day",
    );
    check_loss(
        d,
        &Interval,
        "STRING",
        LossKind::IntervalAsString,
        "interval",
    );
}

#[test]
fn duckdb() {
    use DbKind::DuckDb as D;
    check_parse(
        D,
        &[
            ("HUGEINT", dec(38, 0)),
            ("UBIGINT", UInt64),
            ("UTINYINT", UInt8),
            ("INTEGER", Int32),
            ("VARCHAR", TEXT),
            ("VARCHAR(10)", TEXT),
            ("TIMESTAMPTZ", tstz(6)),
            ("TIMESTAMP WITH TIME ZONE", tstz(6)),
            ("TIMESTAMP_MS", ts(3)),
            ("TIMESTAMP_NS", ts(9)),
            ("BLOB", BLOB),
            ("INTEGER[]", arr(Int32)),
            ("LIST(INTEGER)", arr(Int32)),
            ("UUID", Uuid),
            ("JSON", Json),
            ("FLOAT", Float32),
            ("REAL", Float32),
            ("DECIMAL", dec(18, 3)),
            ("INTERVAL", Interval),
            ("STRUCT(a INTEGER)", unknown("STRUCT(a INTEGER)")),
        ],
    );
    check_render(
        D,
        &[
            (UInt16, "USMALLINT"),
            (ts(0), "TIMESTAMP_S"),
            (ts(9), "TIMESTAMP_NS"),
            (tstz(6), "TIMESTAMPTZ"),
            (arr(Uuid), "UUID[]"),
        ],
    );
    check_loss(
        D,
        &vc(10),
        "VARCHAR",
        LossKind::LengthLost,
        "length limit 10",
    );
    check_loss(
        D,
        &tstz(3),
        "TIMESTAMPTZ",
        LossKind::Widened,
        "6 digits instead of 3",
    );
}

#[test]
fn bigquery() {
    use DbKind::BigQuery as D;
    check_parse(
        D,
        &[
            ("INT64", Int64),
            ("INTEGER", Int64),
            ("FLOAT64", Float64),
            ("NUMERIC", dec(38, 9)),
            ("NUMERIC(10,2)", dec(10, 2)),
            ("BIGNUMERIC", dec(76, 38)),
            ("STRING", TEXT),
            ("STRING(10)", vc(10)),
            ("BYTES", BLOB),
            ("BOOL", Boolean),
            ("DATETIME", ts(6)),
            ("TIMESTAMP", tstz(6)),
            ("TIME", Time { precision: 6 }),
            ("JSON", Json),
            ("ARRAY<INT64>", arr(Int64)),
            ("ARRAY<STRUCT<a INT64>>", arr(unknown("STRUCT<a INT64>"))),
            ("GEOGRAPHY", unknown("GEOGRAPHY")),
        ],
    );
    check_render(
        D,
        &[
            (dec(10, 2), "NUMERIC(10,2)"),
            (dec(40, 2), "BIGNUMERIC(40,2)"),
            (dec(20, 12), "BIGNUMERIC(20,12)"),
            (tstz(6), "TIMESTAMP"),
            (ts(6), "DATETIME"),
            (arr(Int32), "ARRAY<INT64>"),
        ],
    );
    check_loss(
        D,
        &vc(10),
        "STRING",
        LossKind::LengthLost,
        "length limit 10",
    );
    check_loss(
        D,
        &arr(arr(Int64)),
        "ARRAY<JSON>",
        LossKind::ArrayAsJson,
        "arrays of arrays",
    );
    check_loss(
        D,
        &dec(76, 0),
        "BIGNUMERIC(38,0)",
        LossKind::DecimalPrecision,
        "maximum precision is 76",
    );
}

#[test]
fn redshift() {
    use DbKind::Redshift as D;
    check_parse(
        D,
        &[
            ("super", Json),
            ("varchar(65535)", vc(65_535)),
            ("varchar(max)", TEXT),
            ("varchar", vc(256)),
            ("text", vc(256)),
            ("character varying(10)", vc(10)),
            ("timestamptz", tstz(6)),
            ("timestamp without time zone", ts(6)),
            ("double precision", Float64),
            ("float", Float64),
            ("numeric(18,4)", dec(18, 4)),
            ("varbyte(16)", Binary { length: Some(16) }),
            ("geometry", unknown("geometry")),
        ],
    );
    check_render(
        D,
        &[
            (Json, "SUPER"),
            (vc(65_535), "VARCHAR(65535)"),
            (tstz(6), "TIMESTAMPTZ"),
        ],
    );
    check_loss(
        D,
        &vc(100_000),
        "VARCHAR(MAX)",
        LossKind::LengthTruncated,
        "65535",
    );
    check_loss(D, &TEXT, "VARCHAR(MAX)", LossKind::LengthTruncated, "65535");
    check_loss(D, &Uuid, "VARCHAR(36)", LossKind::UuidAsString, "UUID");
    check_loss(D, &arr(Int32), "SUPER", LossKind::ArrayAsJson, "JSON array");
}

#[test]
fn sqlserver() {
    for name in ["sqlserver", "tsql", "mssql", "SQLServer"] {
        assert_eq!(name.parse::<DbKind>().unwrap(), DbKind::SqlServer);
    }
    use DbKind::SqlServer as D;
    check_parse(
        D,
        &[
            ("nvarchar(max)", TEXT),
            ("varchar(max)", TEXT),
            ("nvarchar(50)", vc(50)),
            ("NVARCHAR", vc(1)),
            ("bit", Boolean),
            ("tinyint", UInt8),
            ("money", dec(19, 4)),
            ("datetime2(7)", ts(7)),
            ("datetime2", ts(7)),
            ("datetime", ts(3)),
            ("smalldatetime", ts(0)),
            ("datetimeoffset", tstz(7)),
            ("datetimeoffset(3)", tstz(3)),
            ("uniqueidentifier", Uuid),
            ("varbinary(max)", BLOB),
            ("varbinary(16)", Binary { length: Some(16) }),
            ("float", Float64),
            ("float(24)", Float32),
            ("real", Float32),
            ("nchar(10)", Char { length: 10 }),
            ("ntext", TEXT),
            ("image", BLOB),
            ("decimal(18,2)", dec(18, 2)),
            ("xml", unknown("xml")),
        ],
    );
    check_render(
        D,
        &[
            (vc(300), "NVARCHAR(300)"),
            (TEXT, "NVARCHAR(MAX)"),
            (Uuid, "UNIQUEIDENTIFIER"),
            (Boolean, "BIT"),
            (UInt8, "TINYINT"),
            (ts(7), "DATETIME2"),
            (tstz(3), "DATETIMEOFFSET(3)"),
            (BLOB, "VARBINARY(MAX)"),
        ],
    );
    check_loss(D, &Int8, "SMALLINT", LossKind::Widened, "int8");
    check_loss(D, &vc(5000), "NVARCHAR(MAX)", LossKind::LengthLost, "5000");
    check_loss(D, &Json, "NVARCHAR(MAX)", LossKind::JsonAsString, "JSON");
}

#[test]
fn trino() {
    use DbKind::Trino as D;
    check_parse(
        D,
        &[
            ("varchar(10)", vc(10)),
            ("varchar", TEXT),
            ("timestamp(3) with time zone", tstz(3)),
            ("timestamp with time zone", tstz(3)),
            ("timestamp(6)", ts(6)),
            ("json", Json),
            ("uuid", Uuid),
            ("double", Float64),
            ("real", Float32),
            ("ARRAY(INTEGER)", arr(Int32)),
            ("array(varchar(3))", arr(vc(3))),
            ("decimal(38,2)", dec(38, 2)),
            ("varbinary", BLOB),
            ("time(3)", Time { precision: 3 }),
            ("interval day to second", Interval),
            ("row(a integer)", unknown("row(a integer)")),
            ("map(varchar, integer)", unknown("map(varchar, integer)")),
        ],
    );
    check_render(
        D,
        &[
            (tstz(6), "TIMESTAMP(6) WITH TIME ZONE"),
            (tstz(3), "TIMESTAMP WITH TIME ZONE"),
            (arr(Json), "ARRAY(JSON)"),
            (TEXT, "VARCHAR"),
        ],
    );
}

#[test]
fn oracle() {
    use DbKind::Oracle as D;
    check_parse(
        D,
        &[
            ("NUMBER(10,2)", dec(10, 2)),
            ("NUMBER(10)", dec(10, 0)),
            ("NUMBER(*,0)", dec(38, 0)),
            ("NUMBER", dec(38, 10)),
            ("NUMBER(5,-2)", dec(7, 0)),
            ("INTEGER", dec(38, 0)),
            ("VARCHAR2(100)", vc(100)),
            ("VARCHAR2(100 CHAR)", vc(100)),
            ("NVARCHAR2(50)", vc(50)),
            ("CLOB", TEXT),
            ("NCLOB", TEXT),
            ("DATE", ts(0)),
            ("TIMESTAMP(6)", ts(6)),
            ("TIMESTAMP WITH TIME ZONE", tstz(6)),
            ("TIMESTAMP(3) WITH LOCAL TIME ZONE", tstz(3)),
            ("RAW(16)", Binary { length: Some(16) }),
            ("BLOB", BLOB),
            ("BINARY_FLOAT", Float32),
            ("BINARY_DOUBLE", Float64),
            ("FLOAT(126)", Float64),
            ("CHAR(1)", Char { length: 1 }),
            ("INTERVAL DAY(2) TO SECOND(6)", Interval),
            ("INTERVAL YEAR TO MONTH", Interval),
            ("XMLTYPE", unknown("XMLTYPE")),
        ],
    );
    check_render(
        D,
        &[
            (ts(0), "DATE"),
            (ts(6), "TIMESTAMP"),
            (vc(100), "VARCHAR2(100)"),
            (TEXT, "CLOB"),
            (dec(10, 2), "NUMBER(10,2)"),
        ],
    );
    check_loss(D, &Date, "DATE", LossKind::Widened, "time of day");
    check_loss(
        D,
        &Boolean,
        "NUMBER(1,0)",
        LossKind::BooleanAsInteger,
        "1/0",
    );
    check_loss(D, &Int32, "NUMBER(10,0)", LossKind::Widened, "int32");
    check_loss(D, &vc(5000), "CLOB", LossKind::LengthLost, "5000");
    check_loss(
        D,
        &Time { precision: 6 },
        "VARCHAR2(18)",
        LossKind::TimeAsString,
        "time-of-day",
    );
}

#[test]
fn clickhouse() {
    use DbKind::ClickHouse as D;
    check_parse(
        D,
        &[
            ("Nullable(String)", TEXT),
            ("LowCardinality(String)", TEXT),
            ("LowCardinality(Nullable(String))", TEXT),
            ("Int32", Int32),
            ("UInt64", UInt64),
            ("Float32", Float32),
            ("DateTime64(3)", ts(3)),
            ("DateTime64(6, 'Europe/Berlin')", tstz(6)),
            ("DateTime", ts(0)),
            ("DateTime('UTC')", tstz(0)),
            ("Decimal(18,4)", dec(18, 4)),
            ("Decimal64(4)", dec(18, 4)),
            ("Array(Int32)", arr(Int32)),
            ("Array(Nullable(Int32))", arr(Int32)),
            ("FixedString(16)", Char { length: 16 }),
            ("UUID", Uuid),
            ("Date32", Date),
            ("Bool", Boolean),
            ("Map(String, UInt64)", unknown("Map(String, UInt64)")),
            (
                "Enum8('a' = 1, 'b' = 2)",
                unknown("Enum8('a' = 1, 'b' = 2)"),
            ),
        ],
    );
    check_render(
        D,
        &[
            (UInt32, "UInt32"),
            (tstz(3), "DateTime64(3, 'UTC')"),
            (tstz(0), "DateTime('UTC')"),
            (ts(0), "DateTime"),
            (arr(arr(TEXT)), "Array(Array(String))"),
            (Date, "Date32"),
        ],
    );
    check_loss(D, &Json, "String", LossKind::JsonAsString, "JSON");
    check_loss(D, &BLOB, "String", LossKind::BinaryAsString, "bytes");
}

#[test]
fn datafusion() {
    use DbKind::DataFusion as D;
    check_parse(
        D,
        &[
            ("INT UNSIGNED", UInt32),
            ("VARCHAR", TEXT),
            ("TIMESTAMP", ts(9)),
            ("TIMESTAMP(3)", ts(3)),
            ("DECIMAL", dec(38, 10)),
            ("INT[]", arr(Int32)),
            ("DOUBLE", Float64),
        ],
    );
    check_render(
        D,
        &[
            (ts(3), "TIMESTAMP(3)"),
            (UInt64, "BIGINT UNSIGNED"),
            (dec(76, 10), "DECIMAL(76,10)"),
        ],
    );
    check_loss(D, &Uuid, "VARCHAR", LossKind::UuidAsString, "UUID");
}

#[test]
fn float_and_real_meanings_differ_by_dialect() {
    let cases = [
        (DbKind::Postgres, "float", Float64),
        (DbKind::Snowflake, "float", Float64),
        (DbKind::Spark, "float", Float32),
        (DbKind::MySql, "float", Float32),
        (DbKind::Postgres, "real", Float32),
        (DbKind::Sqlite, "real", Float64),
        (DbKind::Oracle, "date", ts(0)),
        (DbKind::Postgres, "date", Date),
    ];
    for (d, native, expected) in cases {
        assert_eq!(parse_type(d, native).unwrap(), expected, "{d} {native}");
    }
}

#[test]
fn syntax_errors_are_errors_unknown_types_are_not() {
    let m = StandardTypeMapper;
    let e = m.parse(DbKind::Postgres, "varchar(").unwrap_err();
    assert!(matches!(e, TypeError::Unbalanced { .. }));
    assert_eq!(
        e.to_string(),
        "DVT201: cannot parse type `varchar(` for dialect postgres: unbalanced parenthesis; write the \
         type as the database reports it, e.g. varchar(255) or decimal(10,2)"
    );
    let e = m.parse(DbKind::MySql, "decimal(x,y)").unwrap_err();
    assert!(
        matches!(e, TypeError::BadParameter { ref param, .. } if param == "x"),
        "{e}"
    );
    assert!(e.to_string().contains("parameter `x` is not a number"));
    assert!(matches!(
        m.parse(DbKind::Postgres, "varchar(1,2)"),
        Err(TypeError::TooManyParameters { .. })
    ));
    assert!(matches!(
        m.parse(DbKind::Postgres, "numeric(0)"),
        Err(TypeError::OutOfRange { .. })
    ));
    assert!(matches!(
        m.parse(DbKind::Postgres, "timestamp(13)"),
        Err(TypeError::OutOfRange { .. })
    ));
    assert!(matches!(
        m.parse(DbKind::Postgres, "   "),
        Err(TypeError::Empty { .. })
    ));
    assert!(matches!(
        m.parse(DbKind::Trino, "array(int"),
        Err(TypeError::Unbalanced { .. })
    ));
    assert!(matches!(
        m.parse(DbKind::Spark, "array<int"),
        Err(TypeError::Unbalanced { .. })
    ));
    assert!(matches!(
        m.parse(DbKind::MySql, "enum('a)"),
        Err(TypeError::Unbalanced { what: "quote", .. })
    ));
    assert_eq!(
        m.parse(DbKind::Postgres, "my_domain").unwrap(),
        unknown("my_domain")
    );
    assert_eq!(
        m.parse(DbKind::Postgres, "foo(1, 'x')").unwrap(),
        unknown("foo(1, 'x')")
    );
}

#[test]
fn unknown_types_fall_back_to_string_with_a_warning() {
    let m = map_type(DbKind::Postgres, "geometry(Point,4326)", DbKind::Snowflake).unwrap();
    assert_eq!(m.source, unknown("geometry(Point,4326)"));
    assert_eq!(m.ddl, "VARCHAR");
    assert_eq!(m.losses.len(), 1);
    assert_eq!(m.losses[0].kind, LossKind::UnknownType);
    assert!(
        m.losses[0]
            .reason
            .starts_with("geometry(Point,4326) becomes VARCHAR on snowflake: ")
    );
    // within one dialect family an unknown type is passed through verbatim
    let same = map_type(DbKind::MySql, "geometry", DbKind::MariaDb).unwrap();
    assert_eq!(same.ddl, "geometry");
    assert!(same.losses.is_empty());
}

#[test]
fn map_reasons_name_the_native_type() {
    let m = map_type(DbKind::Postgres, "jsonb", DbKind::Spark).unwrap();
    assert_eq!(m.ddl, "STRING");
    assert_eq!(
        m.losses[0].reason,
        "jsonb becomes STRING on spark: there is no JSON type; JSON is stored as text"
    );
    let m = map_type(DbKind::Postgres, "timestamptz", DbKind::MySql).unwrap();
    assert_eq!(m.ddl, "DATETIME(6)");
    assert_eq!(m.losses[0].kind, LossKind::TimezoneSemantics);
    assert_eq!(
        m.losses[0].reason,
        "timestamptz becomes DATETIME(6) on mysql: there is no time-zone-aware timestamp type; \
         the time zone is dropped and values are converted to UTC"
    );
    let m = map_type(DbKind::Snowflake, "NUMBER(38,0)", DbKind::Postgres).unwrap();
    assert_eq!(m.ddl, "NUMERIC(38,0)");
    assert!(m.losses.is_empty());
    let m = map_type(DbKind::ClickHouse, "Nullable(UInt32)", DbKind::Postgres).unwrap();
    assert_eq!(m.ddl, "BIGINT");
    assert!(m.losses.iter().all(|l| l.is_informational()));
}

#[test]
fn dialect_names_display_and_serde() {
    for d in DbKind::ALL {
        assert_eq!(d.to_string().parse::<DbKind>().unwrap(), d);
        let json = serde_json::to_string(&d).unwrap();
        assert_eq!(json, format!("\"{d}\""));
        assert_eq!(serde_json::from_str::<DbKind>(&json).unwrap(), d);
    }
    assert_eq!("postgresql".parse::<DbKind>().unwrap(), DbKind::Postgres);
    assert_eq!("mariadb".parse::<DbKind>().unwrap(), DbKind::MariaDb);
    assert_eq!(
        serde_json::from_str::<DbKind>("\"databricks\"").unwrap(),
        DbKind::Databricks
    );
    assert_eq!(
        serde_json::from_str::<DbKind>("\"tsql\"").unwrap(),
        DbKind::SqlServer
    );
    let e = "oracel".parse::<DbKind>().unwrap_err();
    assert!(
        e.to_string()
            .starts_with("DVT205: unknown database kind `oracel`; use one of postgres")
    );
}

#[cfg(feature = "arrow")]
#[test]
fn arrow_mapping() {
    use arrow_schema::{DataType, IntervalUnit, TimeUnit};
    assert_eq!(
        tstz(6).to_arrow(),
        DataType::Timestamp(TimeUnit::Microsecond, Some("UTC".into()))
    );
    assert_eq!(
        ts(3).to_arrow(),
        DataType::Timestamp(TimeUnit::Millisecond, None)
    );
    assert_eq!(dec(38, 2).to_arrow(), DataType::Decimal128(38, 2));
    assert_eq!(dec(39, 2).to_arrow(), DataType::Decimal256(39, 2));
    assert_eq!(Json.to_arrow(), DataType::Utf8);
    assert_eq!(Uuid.to_arrow(), DataType::Utf8);
    assert_eq!(unknown("x").to_arrow(), DataType::Utf8);
    assert_eq!(
        Interval.to_arrow(),
        DataType::Interval(IntervalUnit::MonthDayNano)
    );
    let f = Json.to_arrow_field("doc", true);
    assert_eq!(
        f.metadata().get("dvt.type").map(String::as_str),
        Some("json")
    );
    assert_eq!(DvtType::from_arrow_field(&f), Json);
    assert_eq!(JsonText.to_arrow(), DataType::Utf8);
    let f = JsonText.to_arrow_field("doc", true);
    assert_eq!(
        f.metadata().get("dvt.type").map(String::as_str),
        Some("json_text")
    );
    assert_eq!(DvtType::from_arrow_field(&f), JsonText);
    let f = vc(10).to_arrow_field("name", false);
    assert_eq!(
        f.metadata().get("dvt.type").map(String::as_str),
        Some("varchar(10)")
    );
    // metadata that contradicts the data type is ignored
    let f = arrow_schema::Field::new("n", DataType::Int64, true)
        .with_metadata([("dvt.type".to_string(), "json".to_string())].into());
    assert_eq!(DvtType::from_arrow_field(&f), Int64);
    assert_eq!(DvtType::from_arrow(&DataType::LargeUtf8), TEXT);
    assert_eq!(
        DvtType::from_arrow(&DataType::Decimal128(10, -2)),
        dec(12, 0)
    );
}

#[test]
fn serde_shape() {
    let loss = render_type(DbKind::Spark, &vc(3)).losses.remove(0);
    let json = serde_json::to_value(&loss).unwrap();
    assert_eq!(json["kind"], "length_lost");
    assert_eq!(serde_json::to_value(&UInt8).unwrap(), "uint8");
    assert_eq!(serde_json::to_value(&JsonText).unwrap(), "json_text");
    assert_eq!(serde_json::to_value(&Json).unwrap(), "json");
    assert_eq!(
        serde_json::to_value(LossKind::JsonNormalized).unwrap(),
        "json_normalized"
    );
    assert_eq!(
        serde_json::to_value(vc(3)).unwrap(),
        serde_json::json!({"varchar": {"length": 3}})
    );
}
