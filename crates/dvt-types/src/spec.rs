//! Shapes of the declarative per-dialect tables (the data lives in `tables.rs`).

use crate::types::DvtType;

/// How a native type name (plus its parameters) becomes a [`DvtType`].
#[derive(Debug)]
pub(crate) enum Rule {
    /// Always this type; numeric parameters (display widths like `int(11)`) are ignored.
    Fixed(DvtType),
    /// `bit` / `bit(1)` → boolean; `bit(n > 1)` → unknown.
    Bit,
    /// MySQL `tinyint`: `tinyint(1)` → boolean, any other → int8.
    TinyInt,
    /// `float(p)`: p <= 24 → float32, otherwise float64; without p: float64 if `default64`.
    Float {
        /// Whether bare `float` is double precision.
        default64: bool,
    },
    /// `decimal[(p[,s])]` with the dialect's defaults for omitted parameters.
    Decimal {
        /// Precision when omitted (also for `*`).
        precision: u16,
        /// Scale when both parameters are omitted.
        scale: u16,
    },
    /// ClickHouse `Decimal32(S)` etc.: fixed precision, the parameter is the scale.
    DecimalScale(u16),
    /// `varchar[(n | max)]`; `max` means unbounded.
    Varchar(Option<u32>),
    /// A string type whose declared length (if any) is ignored by the database.
    Text,
    /// `char[(n)]`.
    Char(u32),
    /// PostgreSQL `bpchar`: with length → char(n), without → unbounded text.
    CharOrText,
    /// `varbinary[(n | max)]`.
    Binary(Option<u32>),
    /// A binary type whose declared length (if any) is ignored.
    BinaryUnbounded,
    /// `time[(p)]` with the dialect's default precision.
    Time(u8),
    /// `timestamp[(p)]` with the dialect's default precision.
    Timestamp {
        /// Instant semantics.
        tz: bool,
        /// Precision when omitted.
        precision: u8,
    },
    /// ClickHouse `DateTime[('zone')]` / `DateTime64(p[, 'zone'])`: a zone argument means tz.
    ClickHouseDateTime {
        /// Precision when omitted.
        precision: u8,
        /// Whether the first parameter is the precision.
        precision_param: bool,
    },
    /// Any interval (`interval day to second`, …); parameters are ignored.
    Interval,
    /// Snowflake's untyped `ARRAY` → `array<json>`.
    JsonArray,
}

/// Everything the generic parser needs to know about one dialect.
#[derive(Debug)]
pub(crate) struct ParseSpec {
    /// Lowercase type names (words separated by one space, parameters removed) → rule.
    /// A name ending in ` *` matches every name with that prefix.
    pub names: &'static [(&'static str, Rule)],
    /// Names looked up after `names`: the table of the dialect this one differs from only in
    /// the names listed in `names` (MariaDB's are MySQL's).
    pub inherited: &'static [(&'static str, Rule)],
    /// MySQL-style `unsigned` / `signed` / `zerofill` modifiers.
    pub unsigned_modifier: bool,
    /// Transparent wrappers like ClickHouse `Nullable(T)`.
    pub wrappers: &'static [&'static str],
    /// Resolve names missing from `names` with SQLite's affinity rules.
    pub sqlite_affinity: bool,
    /// An empty type is valid (SQLite column without declared type) → unknown.
    pub empty_is_unknown: bool,
    /// Accept the canonical `unknown('…')` spelling.
    pub quoted_unknown: bool,
}

/// A length-parameterised type: `template` contains `{n}`.
#[derive(Debug)]
pub(crate) struct LenSpec {
    pub template: &'static str,
    pub max: u32,
}

/// An unbounded (or largest) type; `limit` is its real maximum length if it has one.
#[derive(Debug)]
pub(crate) struct BigSpec {
    pub ddl: &'static str,
    pub limit: Option<u32>,
}

/// An integer column type and the canonical type it really is (for range checks).
#[derive(Debug)]
pub(crate) struct IntSpec {
    pub ddl: &'static str,
    pub canon: DvtType,
}

/// A floating-point column type and its width.
#[derive(Debug)]
pub(crate) struct FloatSpec {
    pub ddl: &'static str,
    pub bits: u8,
}

/// A decimal column type; `template` contains `{p}` and `{s}`.
#[derive(Debug)]
pub(crate) struct DecSpec {
    pub template: &'static str,
    pub max_precision: u16,
    pub max_scale: u16,
    pub max_integer_digits: u16,
}

/// A time or timestamp family: the bare name means `default` precision; `template` (with
/// `{p}`) accepts 0..=max; `named` lists precisions with their own type name.
#[derive(Debug)]
pub(crate) struct TimeSpec {
    pub bare: &'static str,
    pub default: u8,
    pub template: Option<&'static str>,
    pub max: u8,
    pub named: &'static [(u8, &'static str)],
}

/// How arrays are written.
#[derive(Debug)]
pub(crate) enum ArraySpec {
    /// No array type.
    None,
    /// `T[]`.
    Suffix,
    /// `NAME<T>`; `nested`: whether arrays of arrays are allowed.
    Angle { name: &'static str, nested: bool },
    /// `NAME(T)`.
    Paren { name: &'static str },
    /// One untyped array type whose elements are JSON values.
    Untyped(&'static str),
}

/// Capability row of one dialect: which DDL name to use for each canonical kind and the
/// limits that decide when a loss is reported.
#[derive(Debug)]
pub(crate) struct RenderSpec {
    /// DDL for boolean and whether it is a real boolean (else BooleanAsInteger).
    pub boolean: (&'static str, bool),
    /// Integer types, narrowest first.
    pub integers: &'static [IntSpec],
    /// Float types, narrowest first.
    pub floats: &'static [FloatSpec],
    /// Decimal types, preferred first; the last one is used (clamped) when none fits.
    pub decimals: &'static [DecSpec],
    /// Digits stored exactly when the storage is not really fixed-point (SQLite).
    pub decimal_exact_digits: Option<u16>,
    /// Length-bounded varchar, if the dialect enforces lengths.
    pub varchar: Option<LenSpec>,
    /// Unbounded (or largest) text type.
    pub text: BigSpec,
    /// Fixed-length char, if the dialect has a blank-padded one.
    pub char: Option<LenSpec>,
    /// Length-bounded binary.
    pub varbinary: Option<LenSpec>,
    /// Unbounded (or largest) binary; `None`: binary is stored in the text type.
    pub blob: Option<BigSpec>,
    /// Date without time, if any (else a timestamp with precision 0).
    pub date: Option<&'static str>,
    /// Time of day, if any.
    pub time: Option<TimeSpec>,
    /// Timestamp without time zone.
    pub timestamp: TimeSpec,
    /// Timestamp with instant semantics, if any.
    pub timestamptz: Option<TimeSpec>,
    /// Interval, if any.
    pub interval: Option<&'static str>,
    /// JSON document type that stores documents parsed or normalized ([`DvtType::Json`]), if
    /// any.
    pub json: Option<&'static str>,
    /// JSON type that keeps the text exactly as written ([`DvtType::JsonText`]), if any.
    pub json_text: Option<&'static str>,
    /// What those JSON types do to numbers they cannot hold exactly (Snowflake's VARIANT keeps a
    /// number as NUMBER(38) or a double), as a clause; `None`: every number is kept.
    pub json_numbers: Option<&'static str>,
    /// UUID type, if any.
    pub uuid: Option<&'static str>,
    /// Array syntax.
    pub array: ArraySpec,
}

/// Both tables of a dialect.
#[derive(Debug)]
pub(crate) struct DialectSpec {
    pub parse: ParseSpec,
    pub render: RenderSpec,
}
