//! The declarative per-dialect tables: a parse table (native name → rule) and a capability
//! row (canonical kind → DDL name and limits) for every dialect. All dialect differences live
//! here; `parse.rs` and `render.rs` are dialect-agnostic.

use crate::kind::DbKind;
use crate::spec::{
    ArraySpec, BigSpec, DecSpec, DialectSpec, FloatSpec, IntSpec, LenSpec, ParseSpec, RenderSpec,
    Rule, TimeSpec,
};
use crate::types::DvtType;

use Rule::{
    Binary, BinaryUnbounded, Bit, Char, CharOrText, Fixed, Interval, JsonArray, Text, TinyInt,
    Varchar,
};

/// The tables of a dialect (MariaDB's are MySQL's except for JSON).
pub(crate) fn spec(dialect: DbKind) -> &'static DialectSpec {
    match dialect {
        DbKind::Postgres => &POSTGRES,
        DbKind::MySql => &MYSQL,
        DbKind::MariaDb => &MARIADB,
        DbKind::Sqlite => &SQLITE,
        DbKind::Snowflake => &SNOWFLAKE,
        DbKind::Spark | DbKind::Databricks => &SPARK,
        DbKind::DuckDb => &DUCKDB,
        DbKind::BigQuery => &BIGQUERY,
        DbKind::Redshift => &REDSHIFT,
        DbKind::SqlServer => &SQLSERVER,
        DbKind::Trino => &TRINO,
        DbKind::Oracle => &ORACLE,
        DbKind::ClickHouse => &CLICKHOUSE,
        DbKind::DataFusion => &DATAFUSION,
    }
}

// ---------------------------------------------------------------------------------------
// small constructors to keep the tables readable

const fn dec(precision: u16, scale: u16) -> Rule {
    Rule::Decimal { precision, scale }
}
const fn ts(precision: u8) -> Rule {
    Rule::Timestamp {
        precision,
        tz: false,
    }
}
const fn tstz(precision: u8) -> Rule {
    Rule::Timestamp {
        precision,
        tz: true,
    }
}
const fn fixed_ts(precision: u8, tz: bool) -> Rule {
    Fixed(DvtType::Timestamp { precision, tz })
}
const fn fixed_dec(precision: u16, scale: u16) -> Rule {
    Fixed(DvtType::Decimal { precision, scale })
}
const fn text_of(length: u32) -> Rule {
    Fixed(DvtType::Varchar {
        length: Some(length),
    })
}
const fn int(ddl: &'static str, canon: DvtType) -> IntSpec {
    IntSpec { ddl, canon }
}
const fn float(ddl: &'static str, bits: u8) -> FloatSpec {
    FloatSpec { ddl, bits }
}
const fn decimal(template: &'static str, max: u16, max_scale: u16, max_int: u16) -> DecSpec {
    DecSpec {
        template,
        max_precision: max,
        max_scale,
        max_integer_digits: max_int,
    }
}
const fn len(template: &'static str, max: u32) -> Option<LenSpec> {
    Some(LenSpec { template, max })
}
const fn big(ddl: &'static str) -> BigSpec {
    BigSpec { ddl, limit: None }
}
const fn time(
    bare: &'static str,
    default: u8,
    template: Option<&'static str>,
    max: u8,
) -> TimeSpec {
    TimeSpec {
        bare,
        default,
        template,
        max,
        named: &[],
    }
}
const fn fixed_time(bare: &'static str, default: u8) -> TimeSpec {
    time(bare, default, None, default)
}

/// Precision/scale used for decimals declared without any (PostgreSQL `numeric`, Oracle
/// `NUMBER`, SQLite `NUMERIC`): the widest common precision with room for fractions.
pub(crate) const UNCONSTRAINED_DECIMAL: (u16, u16) = (38, 10);
const UD: Rule = dec(UNCONSTRAINED_DECIMAL.0, UNCONSTRAINED_DECIMAL.1);

const NO_PARSE_EXTRAS: ParseSpec = ParseSpec {
    names: &[],
    inherited: &[],
    unsigned_modifier: false,
    wrappers: &[],
    sqlite_affinity: false,
    empty_is_unknown: false,
    quoted_unknown: false,
};

// ---------------------------------------------------------------------------------------
// canonical spelling (Display of DvtType), used for Arrow field metadata

pub(crate) static CANONICAL: ParseSpec = ParseSpec {
    names: &[
        ("boolean", Fixed(DvtType::Boolean)),
        ("int8", Fixed(DvtType::Int8)),
        ("int16", Fixed(DvtType::Int16)),
        ("int32", Fixed(DvtType::Int32)),
        ("int64", Fixed(DvtType::Int64)),
        ("uint8", Fixed(DvtType::UInt8)),
        ("uint16", Fixed(DvtType::UInt16)),
        ("uint32", Fixed(DvtType::UInt32)),
        ("uint64", Fixed(DvtType::UInt64)),
        ("float32", Fixed(DvtType::Float32)),
        ("float64", Fixed(DvtType::Float64)),
        ("decimal", UD),
        ("varchar", Varchar(None)),
        ("char", Char(1)),
        ("binary", Binary(None)),
        ("date", Fixed(DvtType::Date)),
        ("time", Rule::Time(6)),
        ("timestamp", ts(6)),
        ("timestamptz", tstz(6)),
        ("interval", Interval),
        ("json", Fixed(DvtType::Json)),
        ("json_text", Fixed(DvtType::JsonText)),
        ("uuid", Fixed(DvtType::Uuid)),
    ],
    quoted_unknown: true,
    ..NO_PARSE_EXTRAS
};

// ---------------------------------------------------------------------------------------
// PostgreSQL

static POSTGRES: DialectSpec = DialectSpec {
    parse: ParseSpec {
        names: &[
            ("boolean", Fixed(DvtType::Boolean)),
            ("bool", Fixed(DvtType::Boolean)),
            ("smallint", Fixed(DvtType::Int16)),
            ("int2", Fixed(DvtType::Int16)),
            ("smallserial", Fixed(DvtType::Int16)),
            ("serial2", Fixed(DvtType::Int16)),
            ("integer", Fixed(DvtType::Int32)),
            ("int", Fixed(DvtType::Int32)),
            ("int4", Fixed(DvtType::Int32)),
            ("serial", Fixed(DvtType::Int32)),
            ("serial4", Fixed(DvtType::Int32)),
            ("bigint", Fixed(DvtType::Int64)),
            ("int8", Fixed(DvtType::Int64)),
            ("bigserial", Fixed(DvtType::Int64)),
            ("serial8", Fixed(DvtType::Int64)),
            ("real", Fixed(DvtType::Float32)),
            ("float4", Fixed(DvtType::Float32)),
            ("double precision", Fixed(DvtType::Float64)),
            ("float8", Fixed(DvtType::Float64)),
            ("float", Rule::Float { default64: true }),
            ("numeric", UD),
            ("decimal", UD),
            ("money", fixed_dec(19, 2)),
            ("character varying", Varchar(None)),
            ("varchar", Varchar(None)),
            ("character", Char(1)),
            ("char", Char(1)),
            ("bpchar", CharOrText),
            ("text", Varchar(None)),
            ("citext", Varchar(None)),
            ("bytea", Binary(None)),
            ("date", Fixed(DvtType::Date)),
            ("time", Rule::Time(6)),
            ("time without time zone", Rule::Time(6)),
            ("timestamp", ts(6)),
            ("timestamp without time zone", ts(6)),
            ("timestamptz", tstz(6)),
            ("timestamp with time zone", tstz(6)),
            ("interval", Interval),
            ("interval *", Interval),
            ("json", Fixed(DvtType::JsonText)),
            ("jsonb", Fixed(DvtType::Json)),
            ("uuid", Fixed(DvtType::Uuid)),
        ],
        ..NO_PARSE_EXTRAS
    },
    render: RenderSpec {
        boolean: ("BOOLEAN", true),
        integers: &[
            int("SMALLINT", DvtType::Int16),
            int("INTEGER", DvtType::Int32),
            int("BIGINT", DvtType::Int64),
        ],
        floats: &[float("REAL", 32), float("DOUBLE PRECISION", 64)],
        decimals: &[decimal("NUMERIC({p},{s})", 1000, 1000, 1000)],
        decimal_exact_digits: None,
        varchar: len("VARCHAR({n})", 10_485_760),
        text: big("TEXT"),
        char: len("CHAR({n})", 10_485_760),
        varbinary: None,
        blob: Some(big("BYTEA")),
        date: Some("DATE"),
        time: Some(time("TIME", 6, Some("TIME({p})"), 6)),
        timestamp: time("TIMESTAMP", 6, Some("TIMESTAMP({p})"), 6),
        timestamptz: Some(time("TIMESTAMPTZ", 6, Some("TIMESTAMPTZ({p})"), 6)),
        interval: Some("INTERVAL"),
        json: Some("JSONB"),
        json_text: Some("JSON"),
        json_numbers: None,
        uuid: Some("UUID"),
        array: ArraySpec::Suffix,
    },
};

// ---------------------------------------------------------------------------------------
// MySQL / MariaDB

static MYSQL: DialectSpec = MYSQL_TABLES;

/// MariaDB: MySQL's tables, except that its `JSON` is a `LONGTEXT` with a `json_valid` check,
/// which keeps the text as written.
static MARIADB: DialectSpec = DialectSpec {
    parse: ParseSpec {
        names: &[("json", Fixed(DvtType::JsonText))],
        inherited: MYSQL_TABLES.parse.names,
        ..MYSQL_TABLES.parse
    },
    render: RenderSpec {
        json: None,
        json_text: Some("JSON"),
        ..MYSQL_TABLES.render
    },
};

const MYSQL_TABLES: DialectSpec = DialectSpec {
    parse: ParseSpec {
        names: &[
            ("boolean", Fixed(DvtType::Boolean)),
            ("bool", Fixed(DvtType::Boolean)),
            ("bit", Bit),
            ("tinyint", TinyInt),
            ("smallint", Fixed(DvtType::Int16)),
            ("mediumint", Fixed(DvtType::Int32)),
            ("int", Fixed(DvtType::Int32)),
            ("integer", Fixed(DvtType::Int32)),
            ("bigint", Fixed(DvtType::Int64)),
            ("serial", Fixed(DvtType::UInt64)),
            ("year", Fixed(DvtType::Int16)),
            ("float", Rule::Float { default64: false }),
            ("double", Fixed(DvtType::Float64)),
            ("double precision", Fixed(DvtType::Float64)),
            ("real", Fixed(DvtType::Float64)),
            ("decimal", dec(10, 0)),
            ("numeric", dec(10, 0)),
            ("dec", dec(10, 0)),
            ("fixed", dec(10, 0)),
            ("varchar", Varchar(None)),
            ("character varying", Varchar(None)),
            ("nvarchar", Varchar(None)),
            ("national varchar", Varchar(None)),
            ("char", Char(1)),
            ("character", Char(1)),
            ("nchar", Char(1)),
            ("national char", Char(1)),
            ("tinytext", text_of(255)),
            ("text", Text),
            ("mediumtext", Text),
            ("longtext", Text),
            ("binary", Binary(Some(1))),
            ("varbinary", Binary(None)),
            ("tinyblob", Fixed(DvtType::Binary { length: Some(255) })),
            ("blob", BinaryUnbounded),
            ("mediumblob", BinaryUnbounded),
            ("longblob", BinaryUnbounded),
            ("date", Fixed(DvtType::Date)),
            ("time", Rule::Time(0)),
            ("datetime", ts(0)),
            ("timestamp", tstz(0)),
            ("json", Fixed(DvtType::Json)),
        ],
        unsigned_modifier: true,
        ..NO_PARSE_EXTRAS
    },
    render: RenderSpec {
        boolean: ("BOOLEAN", true),
        integers: &[
            int("TINYINT", DvtType::Int8),
            int("TINYINT UNSIGNED", DvtType::UInt8),
            int("SMALLINT", DvtType::Int16),
            int("SMALLINT UNSIGNED", DvtType::UInt16),
            int("INT", DvtType::Int32),
            int("INT UNSIGNED", DvtType::UInt32),
            int("BIGINT", DvtType::Int64),
            int("BIGINT UNSIGNED", DvtType::UInt64),
        ],
        floats: &[float("FLOAT", 32), float("DOUBLE", 64)],
        decimals: &[decimal("DECIMAL({p},{s})", 65, 30, 65)],
        decimal_exact_digits: None,
        // 65,535 bytes per row / 4 bytes per utf8mb4 character
        varchar: len("VARCHAR({n})", 16_383),
        text: big("LONGTEXT"),
        char: len("CHAR({n})", 255),
        varbinary: len("VARBINARY({n})", 65_535),
        blob: Some(big("LONGBLOB")),
        date: Some("DATE"),
        time: Some(time("TIME", 0, Some("TIME({p})"), 6)),
        timestamp: time("DATETIME", 0, Some("DATETIME({p})"), 6),
        timestamptz: None,
        interval: None,
        json: Some("JSON"),
        json_text: None,
        json_numbers: None,
        uuid: None,
        array: ArraySpec::None,
    },
};

// ---------------------------------------------------------------------------------------
// SQLite: names not listed here go through SQLite's affinity rules (see crate docs)

static SQLITE: DialectSpec = DialectSpec {
    parse: ParseSpec {
        names: &[
            ("boolean", Fixed(DvtType::Boolean)),
            ("bool", Fixed(DvtType::Boolean)),
            ("numeric", UD),
            ("decimal", UD),
            ("date", Fixed(DvtType::Date)),
            ("time", Rule::Time(6)),
            ("datetime", ts(6)),
            ("timestamp", ts(6)),
            ("json", Fixed(DvtType::JsonText)),
        ],
        sqlite_affinity: true,
        empty_is_unknown: true,
        ..NO_PARSE_EXTRAS
    },
    render: RenderSpec {
        boolean: ("BOOLEAN", true),
        integers: &[int("INTEGER", DvtType::Int64)],
        floats: &[float("REAL", 64)],
        decimals: &[decimal("NUMERIC({p},{s})", 1000, 1000, 1000)],
        decimal_exact_digits: Some(15),
        varchar: None,
        text: big("TEXT"),
        char: None,
        varbinary: None,
        blob: Some(big("BLOB")),
        date: Some("DATE"),
        time: Some(fixed_time("TIME", 6)),
        timestamp: fixed_time("TIMESTAMP", 6),
        timestamptz: None,
        interval: None,
        json: None,
        json_text: None,
        json_numbers: None,
        uuid: None,
        array: ArraySpec::None,
    },
};

// ---------------------------------------------------------------------------------------
// Snowflake

static SNOWFLAKE: DialectSpec = DialectSpec {
    parse: ParseSpec {
        names: &[
            ("boolean", Fixed(DvtType::Boolean)),
            ("number", dec(38, 0)),
            ("decimal", dec(38, 0)),
            ("numeric", dec(38, 0)),
            ("int", fixed_dec(38, 0)),
            ("integer", fixed_dec(38, 0)),
            ("bigint", fixed_dec(38, 0)),
            ("smallint", fixed_dec(38, 0)),
            ("tinyint", fixed_dec(38, 0)),
            ("byteint", fixed_dec(38, 0)),
            ("float", Fixed(DvtType::Float64)),
            ("float4", Fixed(DvtType::Float64)),
            ("float8", Fixed(DvtType::Float64)),
            ("double", Fixed(DvtType::Float64)),
            ("double precision", Fixed(DvtType::Float64)),
            ("real", Fixed(DvtType::Float64)),
            ("varchar", Varchar(None)),
            ("string", Varchar(None)),
            ("text", Varchar(None)),
            ("nvarchar", Varchar(None)),
            ("nvarchar2", Varchar(None)),
            ("char varying", Varchar(None)),
            ("nchar varying", Varchar(None)),
            ("character varying", Varchar(None)),
            ("char", Varchar(Some(1))),
            ("character", Varchar(Some(1))),
            ("nchar", Varchar(Some(1))),
            ("binary", Binary(None)),
            ("varbinary", Binary(None)),
            ("date", Fixed(DvtType::Date)),
            ("time", Rule::Time(9)),
            ("datetime", ts(9)),
            ("timestamp", ts(9)),
            ("timestamp_ntz", ts(9)),
            ("timestamp without time zone", ts(9)),
            ("timestamp_ltz", tstz(9)),
            ("timestamp_tz", tstz(9)),
            ("timestamp with time zone", tstz(9)),
            ("timestamp with local time zone", tstz(9)),
            ("variant", Fixed(DvtType::Json)),
            ("object", Fixed(DvtType::Json)),
            ("array", JsonArray),
        ],
        ..NO_PARSE_EXTRAS
    },
    render: RenderSpec {
        boolean: ("BOOLEAN", true),
        integers: &[int(
            "NUMBER(38,0)",
            DvtType::Decimal {
                precision: 38,
                scale: 0,
            },
        )],
        floats: &[float("FLOAT", 64)],
        decimals: &[decimal("NUMBER({p},{s})", 38, 37, 38)],
        decimal_exact_digits: None,
        varchar: len("VARCHAR({n})", 16_777_216),
        text: big("VARCHAR"),
        char: None,
        varbinary: len("BINARY({n})", 8_388_608),
        blob: Some(big("BINARY")),
        date: Some("DATE"),
        time: Some(time("TIME", 9, Some("TIME({p})"), 9)),
        timestamp: time("TIMESTAMP_NTZ", 9, Some("TIMESTAMP_NTZ({p})"), 9),
        timestamptz: Some(time("TIMESTAMP_TZ", 9, Some("TIMESTAMP_TZ({p})"), 9)),
        interval: None,
        json: Some("VARIANT"),
        json_text: None,
        json_numbers: Some(
            "a JSON number is stored as NUMBER(38,s) or as a double, so numbers with more than 38 digits, or out of range, are rounded",
        ),
        uuid: None,
        array: ArraySpec::Untyped("ARRAY"),
    },
};

// ---------------------------------------------------------------------------------------
// Spark / Databricks

static SPARK: DialectSpec = DialectSpec {
    parse: ParseSpec {
        names: &[
            ("boolean", Fixed(DvtType::Boolean)),
            ("tinyint", Fixed(DvtType::Int8)),
            ("byte", Fixed(DvtType::Int8)),
            ("smallint", Fixed(DvtType::Int16)),
            ("short", Fixed(DvtType::Int16)),
            ("int", Fixed(DvtType::Int32)),
            ("integer", Fixed(DvtType::Int32)),
            ("bigint", Fixed(DvtType::Int64)),
            ("long", Fixed(DvtType::Int64)),
            ("float", Fixed(DvtType::Float32)),
            ("real", Fixed(DvtType::Float32)),
            ("double", Fixed(DvtType::Float64)),
            ("decimal", dec(10, 0)),
            ("dec", dec(10, 0)),
            ("numeric", dec(10, 0)),
            ("string", Varchar(None)),
            ("varchar", Varchar(None)),
            ("char", Char(1)),
            ("binary", Binary(None)),
            ("date", Fixed(DvtType::Date)),
            ("timestamp", tstz(6)),
            ("timestamp_ltz", tstz(6)),
            ("timestamp_ntz", ts(6)),
            ("interval", Interval),
            ("interval *", Interval),
            ("variant", Fixed(DvtType::Json)),
        ],
        ..NO_PARSE_EXTRAS
    },
    render: RenderSpec {
        boolean: ("BOOLEAN", true),
        integers: &[
            int("TINYINT", DvtType::Int8),
            int("SMALLINT", DvtType::Int16),
            int("INT", DvtType::Int32),
            int("BIGINT", DvtType::Int64),
        ],
        floats: &[float("FLOAT", 32), float("DOUBLE", 64)],
        decimals: &[decimal("DECIMAL({p},{s})", 38, 38, 38)],
        decimal_exact_digits: None,
        varchar: None,
        text: big("STRING"),
        char: None,
        varbinary: None,
        blob: Some(big("BINARY")),
        date: Some("DATE"),
        time: None,
        timestamp: fixed_time("TIMESTAMP_NTZ", 6),
        timestamptz: Some(fixed_time("TIMESTAMP", 6)),
        interval: None,
        json: None,
        json_text: None,
        json_numbers: None,
        uuid: None,
        array: ArraySpec::Angle {
            name: "ARRAY",
            nested: true,
        },
    },
};

// ---------------------------------------------------------------------------------------
// DuckDB

static DUCKDB: DialectSpec = DialectSpec {
    parse: ParseSpec {
        names: &[
            ("boolean", Fixed(DvtType::Boolean)),
            ("bool", Fixed(DvtType::Boolean)),
            ("logical", Fixed(DvtType::Boolean)),
            ("tinyint", Fixed(DvtType::Int8)),
            ("int1", Fixed(DvtType::Int8)),
            ("smallint", Fixed(DvtType::Int16)),
            ("int2", Fixed(DvtType::Int16)),
            ("short", Fixed(DvtType::Int16)),
            ("integer", Fixed(DvtType::Int32)),
            ("int", Fixed(DvtType::Int32)),
            ("int4", Fixed(DvtType::Int32)),
            ("signed", Fixed(DvtType::Int32)),
            ("bigint", Fixed(DvtType::Int64)),
            ("int8", Fixed(DvtType::Int64)),
            ("long", Fixed(DvtType::Int64)),
            ("hugeint", fixed_dec(38, 0)),
            ("int128", fixed_dec(38, 0)),
            ("utinyint", Fixed(DvtType::UInt8)),
            ("usmallint", Fixed(DvtType::UInt16)),
            ("uinteger", Fixed(DvtType::UInt32)),
            ("ubigint", Fixed(DvtType::UInt64)),
            ("uhugeint", fixed_dec(38, 0)),
            ("float", Fixed(DvtType::Float32)),
            ("float4", Fixed(DvtType::Float32)),
            ("real", Fixed(DvtType::Float32)),
            ("double", Fixed(DvtType::Float64)),
            ("float8", Fixed(DvtType::Float64)),
            ("double precision", Fixed(DvtType::Float64)),
            ("decimal", dec(18, 3)),
            ("numeric", dec(18, 3)),
            ("varchar", Text),
            ("text", Text),
            ("string", Text),
            ("char", Text),
            ("bpchar", Text),
            ("character varying", Text),
            ("blob", BinaryUnbounded),
            ("bytea", BinaryUnbounded),
            ("binary", BinaryUnbounded),
            ("varbinary", BinaryUnbounded),
            ("date", Fixed(DvtType::Date)),
            ("time", Rule::Time(6)),
            ("timestamp", ts(6)),
            ("datetime", ts(6)),
            ("timestamp without time zone", ts(6)),
            ("timestamp_s", fixed_ts(0, false)),
            ("timestamp_ms", fixed_ts(3, false)),
            ("timestamp_ns", fixed_ts(9, false)),
            ("timestamptz", tstz(6)),
            ("timestamp with time zone", tstz(6)),
            ("interval", Interval),
            ("uuid", Fixed(DvtType::Uuid)),
            ("json", Fixed(DvtType::Json)),
        ],
        ..NO_PARSE_EXTRAS
    },
    render: RenderSpec {
        boolean: ("BOOLEAN", true),
        integers: &[
            int("TINYINT", DvtType::Int8),
            int("UTINYINT", DvtType::UInt8),
            int("SMALLINT", DvtType::Int16),
            int("USMALLINT", DvtType::UInt16),
            int("INTEGER", DvtType::Int32),
            int("UINTEGER", DvtType::UInt32),
            int("BIGINT", DvtType::Int64),
            int("UBIGINT", DvtType::UInt64),
        ],
        floats: &[float("FLOAT", 32), float("DOUBLE", 64)],
        decimals: &[decimal("DECIMAL({p},{s})", 38, 38, 38)],
        decimal_exact_digits: None,
        varchar: None,
        text: big("VARCHAR"),
        char: None,
        varbinary: None,
        blob: Some(big("BLOB")),
        date: Some("DATE"),
        time: Some(fixed_time("TIME", 6)),
        timestamp: TimeSpec {
            bare: "TIMESTAMP",
            default: 6,
            template: None,
            max: 6,
            named: &[(0, "TIMESTAMP_S"), (3, "TIMESTAMP_MS"), (9, "TIMESTAMP_NS")],
        },
        timestamptz: Some(fixed_time("TIMESTAMPTZ", 6)),
        interval: Some("INTERVAL"),
        json: Some("JSON"),
        json_text: None,
        json_numbers: None,
        uuid: Some("UUID"),
        array: ArraySpec::Suffix,
    },
};

// ---------------------------------------------------------------------------------------
// BigQuery

static BIGQUERY: DialectSpec = DialectSpec {
    parse: ParseSpec {
        names: &[
            ("bool", Fixed(DvtType::Boolean)),
            ("boolean", Fixed(DvtType::Boolean)),
            ("int64", Fixed(DvtType::Int64)),
            ("int", Fixed(DvtType::Int64)),
            ("integer", Fixed(DvtType::Int64)),
            ("bigint", Fixed(DvtType::Int64)),
            ("smallint", Fixed(DvtType::Int64)),
            ("tinyint", Fixed(DvtType::Int64)),
            ("byteint", Fixed(DvtType::Int64)),
            ("float64", Fixed(DvtType::Float64)),
            ("float", Fixed(DvtType::Float64)),
            ("numeric", dec(38, 9)),
            ("decimal", dec(38, 9)),
            ("bignumeric", dec(76, 38)),
            ("bigdecimal", dec(76, 38)),
            ("string", Varchar(None)),
            ("bytes", Binary(None)),
            ("date", Fixed(DvtType::Date)),
            ("time", Rule::Time(6)),
            ("datetime", ts(6)),
            ("timestamp", tstz(6)),
            ("interval", Interval),
            ("json", Fixed(DvtType::Json)),
        ],
        ..NO_PARSE_EXTRAS
    },
    render: RenderSpec {
        boolean: ("BOOL", true),
        integers: &[int("INT64", DvtType::Int64)],
        floats: &[float("FLOAT64", 64)],
        decimals: &[
            decimal("NUMERIC({p},{s})", 38, 9, 29),
            decimal("BIGNUMERIC({p},{s})", 76, 38, 38),
        ],
        decimal_exact_digits: None,
        varchar: None,
        text: big("STRING"),
        char: None,
        varbinary: None,
        blob: Some(big("BYTES")),
        date: Some("DATE"),
        time: Some(fixed_time("TIME", 6)),
        timestamp: fixed_time("DATETIME", 6),
        timestamptz: Some(fixed_time("TIMESTAMP", 6)),
        interval: Some("INTERVAL"),
        json: Some("JSON"),
        json_text: None,
        json_numbers: None,
        uuid: None,
        array: ArraySpec::Angle {
            name: "ARRAY",
            nested: false,
        },
    },
};

// ---------------------------------------------------------------------------------------
// Redshift

static REDSHIFT: DialectSpec = DialectSpec {
    parse: ParseSpec {
        names: &[
            ("boolean", Fixed(DvtType::Boolean)),
            ("bool", Fixed(DvtType::Boolean)),
            ("smallint", Fixed(DvtType::Int16)),
            ("int2", Fixed(DvtType::Int16)),
            ("integer", Fixed(DvtType::Int32)),
            ("int", Fixed(DvtType::Int32)),
            ("int4", Fixed(DvtType::Int32)),
            ("bigint", Fixed(DvtType::Int64)),
            ("int8", Fixed(DvtType::Int64)),
            ("real", Fixed(DvtType::Float32)),
            ("float4", Fixed(DvtType::Float32)),
            ("double precision", Fixed(DvtType::Float64)),
            ("float8", Fixed(DvtType::Float64)),
            ("float", Fixed(DvtType::Float64)),
            ("decimal", dec(18, 0)),
            ("numeric", dec(18, 0)),
            ("varchar", Varchar(Some(256))),
            ("character varying", Varchar(Some(256))),
            ("nvarchar", Varchar(Some(256))),
            ("text", text_of(256)),
            ("char", Char(1)),
            ("character", Char(1)),
            ("nchar", Char(1)),
            ("bpchar", Char(256)),
            ("varbyte", Binary(Some(64_000))),
            ("varbinary", Binary(Some(64_000))),
            ("binary varying", Binary(Some(64_000))),
            ("date", Fixed(DvtType::Date)),
            ("time", Rule::Time(6)),
            ("time without time zone", Rule::Time(6)),
            ("timestamp", ts(6)),
            ("timestamp without time zone", ts(6)),
            ("timestamptz", tstz(6)),
            ("timestamp with time zone", tstz(6)),
            ("interval", Interval),
            ("interval *", Interval),
            ("super", Fixed(DvtType::Json)),
        ],
        ..NO_PARSE_EXTRAS
    },
    render: RenderSpec {
        boolean: ("BOOLEAN", true),
        integers: &[
            int("SMALLINT", DvtType::Int16),
            int("INTEGER", DvtType::Int32),
            int("BIGINT", DvtType::Int64),
        ],
        floats: &[float("REAL", 32), float("DOUBLE PRECISION", 64)],
        decimals: &[decimal("DECIMAL({p},{s})", 38, 37, 38)],
        decimal_exact_digits: None,
        varchar: len("VARCHAR({n})", 65_535),
        text: BigSpec {
            ddl: "VARCHAR(MAX)",
            limit: Some(65_535),
        },
        char: len("CHAR({n})", 4_096),
        varbinary: len("VARBYTE({n})", 1_024_000),
        blob: Some(BigSpec {
            ddl: "VARBYTE(1024000)",
            limit: Some(1_024_000),
        }),
        date: Some("DATE"),
        time: Some(fixed_time("TIME", 6)),
        timestamp: fixed_time("TIMESTAMP", 6),
        timestamptz: Some(fixed_time("TIMESTAMPTZ", 6)),
        interval: None,
        json: Some("SUPER"),
        json_text: None,
        json_numbers: None,
        uuid: None,
        array: ArraySpec::None,
    },
};

// ---------------------------------------------------------------------------------------
// SQL Server

static SQLSERVER: DialectSpec = DialectSpec {
    parse: ParseSpec {
        names: &[
            ("bit", Bit),
            ("tinyint", Fixed(DvtType::UInt8)),
            ("smallint", Fixed(DvtType::Int16)),
            ("int", Fixed(DvtType::Int32)),
            ("integer", Fixed(DvtType::Int32)),
            ("bigint", Fixed(DvtType::Int64)),
            ("real", Fixed(DvtType::Float32)),
            ("float", Rule::Float { default64: true }),
            ("double precision", Fixed(DvtType::Float64)),
            ("decimal", dec(18, 0)),
            ("numeric", dec(18, 0)),
            ("dec", dec(18, 0)),
            ("money", fixed_dec(19, 4)),
            ("smallmoney", fixed_dec(10, 4)),
            ("varchar", Varchar(Some(1))),
            ("nvarchar", Varchar(Some(1))),
            ("char varying", Varchar(Some(1))),
            ("character varying", Varchar(Some(1))),
            ("national character varying", Varchar(Some(1))),
            ("char", Char(1)),
            ("nchar", Char(1)),
            ("character", Char(1)),
            ("national character", Char(1)),
            ("text", Text),
            ("ntext", Text),
            ("varbinary", Binary(Some(1))),
            ("binary varying", Binary(Some(1))),
            ("binary", Binary(Some(1))),
            ("image", BinaryUnbounded),
            ("date", Fixed(DvtType::Date)),
            ("time", Rule::Time(7)),
            ("datetime2", ts(7)),
            ("datetime", fixed_ts(3, false)),
            ("smalldatetime", fixed_ts(0, false)),
            ("datetimeoffset", tstz(7)),
            ("uniqueidentifier", Fixed(DvtType::Uuid)),
            ("json", Fixed(DvtType::Json)),
        ],
        ..NO_PARSE_EXTRAS
    },
    render: RenderSpec {
        boolean: ("BIT", true),
        integers: &[
            int("TINYINT", DvtType::UInt8),
            int("SMALLINT", DvtType::Int16),
            int("INT", DvtType::Int32),
            int("BIGINT", DvtType::Int64),
        ],
        floats: &[float("REAL", 32), float("FLOAT", 64)],
        decimals: &[decimal("DECIMAL({p},{s})", 38, 38, 38)],
        decimal_exact_digits: None,
        varchar: len("NVARCHAR({n})", 4_000),
        text: big("NVARCHAR(MAX)"),
        char: len("NCHAR({n})", 4_000),
        varbinary: len("VARBINARY({n})", 8_000),
        blob: Some(big("VARBINARY(MAX)")),
        date: Some("DATE"),
        time: Some(time("TIME", 7, Some("TIME({p})"), 7)),
        timestamp: time("DATETIME2", 7, Some("DATETIME2({p})"), 7),
        timestamptz: Some(time("DATETIMEOFFSET", 7, Some("DATETIMEOFFSET({p})"), 7)),
        interval: None,
        json: None,
        json_text: None,
        json_numbers: None,
        uuid: Some("UNIQUEIDENTIFIER"),
        array: ArraySpec::None,
    },
};

// ---------------------------------------------------------------------------------------
// Trino

static TRINO: DialectSpec = DialectSpec {
    parse: ParseSpec {
        names: &[
            ("boolean", Fixed(DvtType::Boolean)),
            ("tinyint", Fixed(DvtType::Int8)),
            ("smallint", Fixed(DvtType::Int16)),
            ("integer", Fixed(DvtType::Int32)),
            ("int", Fixed(DvtType::Int32)),
            ("bigint", Fixed(DvtType::Int64)),
            ("real", Fixed(DvtType::Float32)),
            ("double", Fixed(DvtType::Float64)),
            ("double precision", Fixed(DvtType::Float64)),
            ("decimal", dec(38, 0)),
            ("varchar", Varchar(None)),
            ("char", Char(1)),
            ("varbinary", Binary(None)),
            ("json", Fixed(DvtType::Json)),
            ("date", Fixed(DvtType::Date)),
            ("time", Rule::Time(3)),
            ("timestamp", ts(3)),
            ("timestamp with time zone", tstz(3)),
            ("interval", Interval),
            ("interval *", Interval),
            ("uuid", Fixed(DvtType::Uuid)),
        ],
        ..NO_PARSE_EXTRAS
    },
    render: RenderSpec {
        boolean: ("BOOLEAN", true),
        integers: &[
            int("TINYINT", DvtType::Int8),
            int("SMALLINT", DvtType::Int16),
            int("INTEGER", DvtType::Int32),
            int("BIGINT", DvtType::Int64),
        ],
        floats: &[float("REAL", 32), float("DOUBLE", 64)],
        decimals: &[decimal("DECIMAL({p},{s})", 38, 38, 38)],
        decimal_exact_digits: None,
        varchar: len("VARCHAR({n})", 2_147_483_646),
        text: big("VARCHAR"),
        char: len("CHAR({n})", 65_536),
        varbinary: None,
        blob: Some(big("VARBINARY")),
        date: Some("DATE"),
        time: Some(time("TIME", 3, Some("TIME({p})"), 12)),
        timestamp: time("TIMESTAMP", 3, Some("TIMESTAMP({p})"), 12),
        timestamptz: Some(time(
            "TIMESTAMP WITH TIME ZONE",
            3,
            Some("TIMESTAMP({p}) WITH TIME ZONE"),
            12,
        )),
        interval: None,
        json: Some("JSON"),
        json_text: None,
        json_numbers: None,
        uuid: Some("UUID"),
        array: ArraySpec::Paren { name: "ARRAY" },
    },
};

// ---------------------------------------------------------------------------------------
// Oracle

static ORACLE: DialectSpec = DialectSpec {
    parse: ParseSpec {
        names: &[
            ("boolean", Fixed(DvtType::Boolean)),
            ("number", UD),
            ("decimal", dec(38, 0)),
            ("numeric", dec(38, 0)),
            ("dec", dec(38, 0)),
            ("integer", fixed_dec(38, 0)),
            ("int", fixed_dec(38, 0)),
            ("smallint", fixed_dec(38, 0)),
            ("float", Fixed(DvtType::Float64)),
            ("real", Fixed(DvtType::Float64)),
            ("double precision", Fixed(DvtType::Float64)),
            ("binary_float", Fixed(DvtType::Float32)),
            ("binary_double", Fixed(DvtType::Float64)),
            ("varchar2", Varchar(None)),
            ("varchar", Varchar(None)),
            ("nvarchar2", Varchar(None)),
            ("character varying", Varchar(None)),
            ("char varying", Varchar(None)),
            ("char", Char(1)),
            ("nchar", Char(1)),
            ("character", Char(1)),
            ("clob", Text),
            ("nclob", Text),
            ("long", Text),
            ("raw", Binary(None)),
            ("blob", BinaryUnbounded),
            ("long raw", BinaryUnbounded),
            ("date", fixed_ts(0, false)),
            ("timestamp", ts(6)),
            ("timestamp with time zone", tstz(6)),
            ("timestamp with local time zone", tstz(6)),
            ("interval *", Interval),
            ("json", Fixed(DvtType::Json)),
        ],
        ..NO_PARSE_EXTRAS
    },
    render: RenderSpec {
        boolean: ("NUMBER(1,0)", false),
        integers: &[
            int(
                "NUMBER(3,0)",
                DvtType::Decimal {
                    precision: 3,
                    scale: 0,
                },
            ),
            int(
                "NUMBER(5,0)",
                DvtType::Decimal {
                    precision: 5,
                    scale: 0,
                },
            ),
            int(
                "NUMBER(10,0)",
                DvtType::Decimal {
                    precision: 10,
                    scale: 0,
                },
            ),
            int(
                "NUMBER(19,0)",
                DvtType::Decimal {
                    precision: 19,
                    scale: 0,
                },
            ),
            int(
                "NUMBER(20,0)",
                DvtType::Decimal {
                    precision: 20,
                    scale: 0,
                },
            ),
        ],
        floats: &[float("BINARY_FLOAT", 32), float("BINARY_DOUBLE", 64)],
        decimals: &[decimal("NUMBER({p},{s})", 38, 38, 38)],
        decimal_exact_digits: None,
        varchar: len("VARCHAR2({n})", 4_000),
        text: big("CLOB"),
        char: len("CHAR({n})", 2_000),
        varbinary: len("RAW({n})", 2_000),
        blob: Some(big("BLOB")),
        date: None,
        time: None,
        timestamp: TimeSpec {
            bare: "TIMESTAMP",
            default: 6,
            template: Some("TIMESTAMP({p})"),
            max: 9,
            named: &[(0, "DATE")],
        },
        timestamptz: Some(time(
            "TIMESTAMP WITH TIME ZONE",
            6,
            Some("TIMESTAMP({p}) WITH TIME ZONE"),
            9,
        )),
        interval: None,
        json: None,
        json_text: None,
        json_numbers: None,
        uuid: None,
        array: ArraySpec::None,
    },
};

// ---------------------------------------------------------------------------------------
// ClickHouse

static CLICKHOUSE: DialectSpec = DialectSpec {
    parse: ParseSpec {
        names: &[
            ("bool", Fixed(DvtType::Boolean)),
            ("boolean", Fixed(DvtType::Boolean)),
            ("int8", Fixed(DvtType::Int8)),
            ("tinyint", Fixed(DvtType::Int8)),
            ("int16", Fixed(DvtType::Int16)),
            ("smallint", Fixed(DvtType::Int16)),
            ("int32", Fixed(DvtType::Int32)),
            ("int", Fixed(DvtType::Int32)),
            ("integer", Fixed(DvtType::Int32)),
            ("int64", Fixed(DvtType::Int64)),
            ("bigint", Fixed(DvtType::Int64)),
            ("uint8", Fixed(DvtType::UInt8)),
            ("uint16", Fixed(DvtType::UInt16)),
            ("uint32", Fixed(DvtType::UInt32)),
            ("uint64", Fixed(DvtType::UInt64)),
            ("float32", Fixed(DvtType::Float32)),
            ("float", Fixed(DvtType::Float32)),
            ("float64", Fixed(DvtType::Float64)),
            ("double", Fixed(DvtType::Float64)),
            ("decimal", dec(10, 0)),
            ("decimal32", Rule::DecimalScale(9)),
            ("decimal64", Rule::DecimalScale(18)),
            ("decimal128", Rule::DecimalScale(38)),
            ("decimal256", Rule::DecimalScale(76)),
            ("string", Varchar(None)),
            ("fixedstring", Char(1)),
            ("date", Fixed(DvtType::Date)),
            ("date32", Fixed(DvtType::Date)),
            (
                "datetime",
                Rule::ClickHouseDateTime {
                    precision: 0,
                    precision_param: false,
                },
            ),
            (
                "datetime64",
                Rule::ClickHouseDateTime {
                    precision: 3,
                    precision_param: true,
                },
            ),
            ("uuid", Fixed(DvtType::Uuid)),
            ("json", Fixed(DvtType::Json)),
        ],
        wrappers: &["nullable", "lowcardinality"],
        ..NO_PARSE_EXTRAS
    },
    render: RenderSpec {
        boolean: ("Bool", true),
        integers: &[
            int("Int8", DvtType::Int8),
            int("UInt8", DvtType::UInt8),
            int("Int16", DvtType::Int16),
            int("UInt16", DvtType::UInt16),
            int("Int32", DvtType::Int32),
            int("UInt32", DvtType::UInt32),
            int("Int64", DvtType::Int64),
            int("UInt64", DvtType::UInt64),
        ],
        floats: &[float("Float32", 32), float("Float64", 64)],
        decimals: &[decimal("Decimal({p},{s})", 76, 76, 76)],
        decimal_exact_digits: None,
        varchar: None,
        text: big("String"),
        char: len("FixedString({n})", u32::MAX),
        varbinary: None,
        blob: None,
        date: Some("Date32"),
        time: None,
        timestamp: time("DateTime", 0, Some("DateTime64({p})"), 9),
        timestamptz: Some(time(
            "DateTime('UTC')",
            0,
            Some("DateTime64({p}, 'UTC')"),
            9,
        )),
        interval: None,
        json: None,
        json_text: None,
        json_numbers: None,
        uuid: Some("UUID"),
        array: ArraySpec::Paren { name: "Array" },
    },
};

// ---------------------------------------------------------------------------------------
// DataFusion (embedded engine)

static DATAFUSION: DialectSpec = DialectSpec {
    parse: ParseSpec {
        names: &[
            ("boolean", Fixed(DvtType::Boolean)),
            ("bool", Fixed(DvtType::Boolean)),
            ("tinyint", Fixed(DvtType::Int8)),
            ("smallint", Fixed(DvtType::Int16)),
            ("int", Fixed(DvtType::Int32)),
            ("integer", Fixed(DvtType::Int32)),
            ("bigint", Fixed(DvtType::Int64)),
            ("float", Fixed(DvtType::Float32)),
            ("real", Fixed(DvtType::Float32)),
            ("double", Fixed(DvtType::Float64)),
            ("double precision", Fixed(DvtType::Float64)),
            ("decimal", dec(38, 10)),
            ("numeric", dec(38, 10)),
            ("varchar", Text),
            ("char", Text),
            ("text", Text),
            ("string", Text),
            ("character varying", Text),
            ("character", Text),
            ("bytea", BinaryUnbounded),
            ("blob", BinaryUnbounded),
            ("binary", BinaryUnbounded),
            ("varbinary", BinaryUnbounded),
            ("date", Fixed(DvtType::Date)),
            ("time", Rule::Time(9)),
            ("timestamp", ts(9)),
            ("timestamp with time zone", tstz(9)),
            ("timestamptz", tstz(9)),
            ("interval", Interval),
        ],
        unsigned_modifier: true,
        ..NO_PARSE_EXTRAS
    },
    render: RenderSpec {
        boolean: ("BOOLEAN", true),
        integers: &[
            int("TINYINT", DvtType::Int8),
            int("TINYINT UNSIGNED", DvtType::UInt8),
            int("SMALLINT", DvtType::Int16),
            int("SMALLINT UNSIGNED", DvtType::UInt16),
            int("INT", DvtType::Int32),
            int("INT UNSIGNED", DvtType::UInt32),
            int("BIGINT", DvtType::Int64),
            int("BIGINT UNSIGNED", DvtType::UInt64),
        ],
        floats: &[float("FLOAT", 32), float("DOUBLE", 64)],
        decimals: &[decimal("DECIMAL({p},{s})", 76, 76, 76)],
        decimal_exact_digits: None,
        varchar: None,
        text: big("VARCHAR"),
        char: None,
        varbinary: None,
        blob: Some(big("BYTEA")),
        date: Some("DATE"),
        time: Some(fixed_time("TIME", 9)),
        timestamp: TimeSpec {
            bare: "TIMESTAMP",
            default: 9,
            template: None,
            max: 9,
            named: &[
                (0, "TIMESTAMP(0)"),
                (3, "TIMESTAMP(3)"),
                (6, "TIMESTAMP(6)"),
            ],
        },
        timestamptz: Some(TimeSpec {
            bare: "TIMESTAMP WITH TIME ZONE",
            default: 9,
            template: None,
            max: 9,
            named: &[
                (0, "TIMESTAMP(0) WITH TIME ZONE"),
                (3, "TIMESTAMP(3) WITH TIME ZONE"),
                (6, "TIMESTAMP(6) WITH TIME ZONE"),
            ],
        }),
        interval: Some("INTERVAL"),
        json: None,
        json_text: None,
        json_numbers: None,
        uuid: None,
        array: ArraySpec::Suffix,
    },
};
