//! Type system of dvt-rs: native SQL type names ⇄ one canonical type ⇄ Arrow, for every
//! dialect dvt reads from or writes to, with explicit, machine-readable loss reasons.
//!
//! ```
//! use dvt_types::{DbKind, DvtType, LossKind, TypeMapper, StandardTypeMapper};
//!
//! let m = StandardTypeMapper;
//! assert_eq!(m.parse(DbKind::Postgres, "character varying(300)").unwrap(), DvtType::varchar(300));
//! let mapped = m.map(DbKind::Postgres, "varchar(300)", DbKind::Spark).unwrap();
//! assert_eq!(mapped.ddl, "STRING");
//! assert_eq!(mapped.losses[0].kind, LossKind::LengthLost);
//! assert_eq!(
//!     mapped.losses[0].reason,
//!     "varchar(300) becomes STRING on spark: the length limit 300 is not enforced"
//! );
//! ```
//!
//! # Design
//!
//! * **Canonical type** — [`DvtType`] is the dialect-independent logical type (integers of
//!   every width and signedness, float32/64, decimal(p,s), varchar(n)/unbounded, char(n),
//!   binary, date, time(p), timestamp(p) with `tz` = instant semantics, interval, json (a
//!   document stored parsed/normalized) and json_text (JSON text kept as written), uuid,
//!   arrays and `Unknown{native}`). Time and timestamp precisions are always explicit: parsing
//!   a bare `timestamp` fills in the dialect's default (6 on PostgreSQL, 9 on Snowflake, 3 on
//!   Trino, 0 for MySQL `DATETIME`, …), so the bare name renders back when the precision
//!   equals the default. Its `Display` is a canonical spelling that `FromStr` parses back.
//! * **One identity** — [`DbKind`] names a kind of database; every table of the workspace
//!   (adapters, type tables, translator capabilities, JDBC specs) is keyed by it.
//! * **Declarative tables** — all dialect knowledge lives in data (`tables.rs`): per dialect a
//!   *parse table* (native name or alias → rule such as "varchar with optional length" or
//!   "timestamp tz with default precision 9") and a *capability row* (canonical kind → DDL name
//!   plus capability numbers: integer types with their real ranges, float widths, decimal
//!   maximum precision/scale/integer digits, max varchar/char/varbinary length, the unbounded
//!   text and blob types and their real limits, whether json, uuid, interval, time, timestamptz
//!   and arrays exist, and the default and maximum fractional-second precision with any
//!   per-precision type names). One generic parser and one generic renderer interpret the
//!   tables; there is no per-dialect code path.
//! * **Parsing** is case-insensitive and whitespace-tolerant. It strips `collate …` /
//!   `character set …`, transparent wrappers (ClickHouse `Nullable(…)`, `LowCardinality(…)`),
//!   handles arrays in every spelling (`int[]`, `int[3]`, `array<int>`, `ARRAY(INTEGER)`,
//!   `Array(Int32)`, `ARRAY<INT64>`), MySQL `unsigned`/`zerofill` modifiers, parameters in the
//!   middle (`timestamp(6) with time zone`), `max` lengths (`nvarchar(max)`), Oracle
//!   `10 char`/`10 byte` lengths and `NUMBER(*,0)`. A well-formed unknown name is *not* an
//!   error: it becomes [`DvtType::Unknown`]. Only broken syntax ([`TypeError`]) is.
//! * **Rendering and losses** — [`TypeMapper::render`] returns the DDL and a list of
//!   [`TypeLoss`] (a [`LossKind`] plus a sentence "X becomes Y on D: why"). Whenever the
//!   rendered DDL would not parse back to exactly the same canonical type, a loss is reported,
//!   so an empty loss list guarantees an exact round trip. [`LossKind::Widened`] marks losses
//!   where every value still fits (int8 → SMALLINT); all other kinds can change or reject
//!   values (or their semantics) and are meant to become DVT002 warnings. Rules:
//!   - a varchar longer than the target's maximum, or a target without enforced lengths
//!     (Spark `STRING`, SQLite `TEXT`, BigQuery `STRING`, DuckDB, DataFusion) →
//!     unbounded text + `LengthLost`; where the largest text type is itself bounded (Redshift
//!     `VARCHAR(MAX)` = 65535) → `LengthTruncated`;
//!   - json / uuid / interval / time / binary without a native type → the target's string type
//!     (uuid and time with a bounded length where possible) + `JsonAsString`, `UuidAsString`, …;
//!     arrays → the JSON type (`ArrayAsJson`) or text (`ArrayAsString`);
//!   - JSON comes in two kinds, and each dialect's row names the type of each kind it has:
//!     json_text (PostgreSQL `json`, MariaDB `JSON`, SQLite `JSON`) keeps the text as written
//!     — duplicate keys, key order, whitespace — while json (PostgreSQL `jsonb`, MySQL `JSON`,
//!     Snowflake `VARIANT`/`OBJECT`, BigQuery/Trino/DuckDB `JSON`, Redshift `SUPER`, …) stores
//!     the parsed document. json_text on a target with only a normalizing JSON type →
//!     that type + `JsonNormalized` ("duplicate keys, key order and whitespace are not kept");
//!     json on a target with only a text-keeping one → that type + `Widened`; either kind
//!     into a JSON type that rounds numbers (Snowflake) also gets `JsonNumberPrecision`;
//!   - timestamptz on a target without instant timestamps (MySQL `DATETIME`, SQLite) →
//!     `TimezoneSemantics`: "the time zone is dropped and values are converted to UTC";
//!   - decimals beyond the target's maximum keep as many integer digits as possible and round
//!     fractions (`DecimalPrecision` / `DecimalScale`); e.g. decimal(76,38) on Snowflake
//!     (max 38) becomes `NUMBER(38,0)`, on BigQuery it fits `BIGNUMERIC(76,38)`;
//!   - fractional seconds beyond the target maximum → `TimePrecision`;
//!   - an unknown type falls back to the target's string type with an `UnknownType` warning
//!     (via [`TypeMapper::map`] within the same dialect family it is passed through verbatim).
//!
//! # Choices
//!
//! * **Unsigned integers**: on targets without unsigned types uint8/16/32 widen to the next
//!   signed type (`Widened`, nothing lost); uint64 becomes `decimal(20,0)` (holds every value,
//!   but is not an integer type any more) with `UnsignedToSigned`. SQL Server `TINYINT` is
//!   unsigned (0–255) and parses to uint8.
//! * **MySQL `tinyint(1)`** parses to boolean (MySQL's `BOOL` is a synonym for it and
//!   connectors report it as boolean); other `tinyint` widths are int8, `tinyint(1) unsigned`
//!   is uint8. `bit(1)` is boolean. MySQL `FLOAT` is 32-bit, `REAL`/`DOUBLE` 64-bit. MySQL
//!   `TIMESTAMP` stores instants (converted to UTC) and parses as `tz = true`; but it only
//!   covers 1970–2038, so timestamptz is rendered as `DATETIME` with a loss. `TEXT` kinds are
//!   treated as unbounded text and rendered as `LONGTEXT`. MariaDB uses the MySQL tables
//!   except for `JSON`: MySQL's is binary (duplicate keys keep the last, keys are sorted) and
//!   parses as json, MariaDB's is a `LONGTEXT` with a `json_valid` check and parses as
//!   json_text.
//! * **FLOAT / REAL** differences come from the tables: `FLOAT` is double on PostgreSQL
//!   (`float(p)`: p ≤ 24 → float32), Snowflake, Redshift, Oracle and SQL Server (`float(24)`
//!   is real), but 32-bit on Spark, MySQL, DuckDB, DataFusion and ClickHouse. `REAL` is
//!   float32 on PostgreSQL, Trino, Spark, but float64 on SQLite, Snowflake, MySQL and Oracle.
//! * **SQLite**: names in its table (`BOOLEAN`, `DATE`, `TIME`, `DATETIME`, `TIMESTAMP`,
//!   `NUMERIC`/`DECIMAL`, `JSON` = json_text, the text as written) keep their declared
//!   meaning; everything else follows SQLite's affinity rules in order: contains `INT` →
//!   int64; `CHAR`/`CLOB`/`TEXT` → unbounded varchar (SQLite never enforces declared
//!   lengths); `BLOB` → binary; `REAL`/`FLOA`/`DOUB` → float64; any other name (NUMERIC
//!   affinity) → `Unknown` so the user is warned; an empty declared type → `Unknown("")`.
//!   Decimals render as `NUMERIC(p,s)` with a loss beyond 15 digits because SQLite stores
//!   them as integers or doubles.
//! * **Unconstrained decimals** (PostgreSQL `numeric`, Oracle `NUMBER`, SQLite `NUMERIC`)
//!   become decimal(38,10); other bare decimals take the dialect default (MySQL/Spark (10,0),
//!   SQL Server/Redshift (18,0), DuckDB (18,3), Snowflake/Trino (38,0), BigQuery `NUMERIC`
//!   (38,9) and `BIGNUMERIC` (76,38)). Oracle negative scales widen the integer part.
//! * **Snowflake**: `NUMBER(p,0)` stays a decimal; `INT`/`BIGINT`/… are synonyms of
//!   `NUMBER(38,0)` and parse as decimal(38,0), integers render as `NUMBER(38,0)` (`Widened`).
//!   `VARIANT` and `OBJECT` parse as json (a VARIANT may also hold scalars, which dvt then
//!   reads as JSON text) and json renders as `VARIANT`; the untyped `ARRAY` is `array<json>`.
//!   `CHAR(n)` is a varchar synonym there. Plain `TIMESTAMP` is `TIMESTAMP_NTZ` (the default
//!   `TIMESTAMP_TYPE_MAPPING`); `_LTZ` and `_TZ` are instants.
//! * **Spark/Databricks**: `TIMESTAMP` is an instant in the session time zone (`tz = true`),
//!   `TIMESTAMP_NTZ` is not; there is no json, uuid, time or storable interval type.
//! * **Oracle `DATE`** carries a time of day and parses as timestamp(0); date renders as
//!   `DATE` with a `Widened` note. Booleans render as `NUMBER(1,0)` (`BooleanAsInteger`).
//!   JSON is rendered as `CLOB` (works on 19c).
//! * **BigQuery** `DATETIME` is a timestamp without zone, `TIMESTAMP` an instant; arrays of
//!   arrays are not allowed, so inner arrays become JSON.
//! * **Redshift** `SUPER` is json; `TEXT` is `VARCHAR(256)`; there is no unbounded text.
//! * **ClickHouse**: `DateTime`/`DateTime64(p)` without a zone argument are wall-clock
//!   timestamps, with a zone argument instants; `FixedString(n)` is char(n); `String` also
//!   holds binary (`BinaryAsString`).
//! * **Arrow**: see [`DvtType::to_arrow`]; [`DvtType::to_arrow_field`] stores the canonical
//!   spelling in the field metadata key [`DVT_TYPE_METADATA_KEY`] so json, uuid, lengths and
//!   unknown natives survive a round trip through Arrow.

#![deny(missing_docs)]

#[cfg(feature = "arrow")]
mod arrow;
mod error;
mod kind;
mod loss;
mod mapper;
mod parse;
mod render;
mod spec;
mod tables;
mod types;
pub mod warning;

pub use error::TypeError;
pub use kind::DbKind;
pub use loss::{LossKind, TypeLoss};
pub use mapper::{
    Mapped, Rendered, StandardTypeMapper, TypeMapper, map_type, parse_type, render_type,
};
pub use types::{DVT_TYPE_METADATA_KEY, DvtType};
pub use warning::{FederationWarning, WarningCode};
