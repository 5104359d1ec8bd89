//! The canonical logical type [`DvtType`] and its Arrow mapping.

use std::collections::HashMap;
use std::fmt;
use std::str::FromStr;
use std::sync::Arc;

use arrow_schema::{DataType, Field, IntervalUnit, TimeUnit};
use serde::{Deserialize, Serialize};

use crate::error::TypeError;

/// Arrow field metadata key under which [`DvtType::to_arrow_field`] stores the canonical
/// spelling of the type (e.g. `"json"`, `"uuid"`, `"varchar(10)"`).
pub const DVT_TYPE_METADATA_KEY: &str = "dvt.type";

/// The canonical, dialect-independent logical type of a column.
///
/// Every native type of every [`crate::Dialect`] parses into one of these, and every one of these
/// renders into a DDL type name of every dialect (possibly with [`crate::TypeLoss`]es).
///
/// Its [`Display`](fmt::Display) form is the *canonical spelling* (`int32`, `decimal(10,2)`,
/// `varchar(20)`, `timestamptz(6)`, `array<json>`, `unknown('geometry')`), which
/// [`FromStr`] parses back exactly; it is what the Arrow field metadata carries.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DvtType {
    /// true / false.
    Boolean,
    /// Signed 8-bit integer.
    Int8,
    /// Signed 16-bit integer.
    Int16,
    /// Signed 32-bit integer.
    Int32,
    /// Signed 64-bit integer.
    Int64,
    /// Unsigned 8-bit integer.
    #[serde(rename = "uint8")]
    UInt8,
    /// Unsigned 16-bit integer.
    #[serde(rename = "uint16")]
    UInt16,
    /// Unsigned 32-bit integer.
    #[serde(rename = "uint32")]
    UInt32,
    /// Unsigned 64-bit integer.
    #[serde(rename = "uint64")]
    UInt64,
    /// IEEE 754 single precision.
    Float32,
    /// IEEE 754 double precision.
    Float64,
    /// Exact fixed-point number with `precision` total digits, `scale` of them fractional.
    Decimal {
        /// Total number of significant digits (1..=1000).
        precision: u16,
        /// Digits after the decimal point (`scale <= precision`).
        scale: u16,
    },
    /// Variable-length character string; `None` means unbounded text.
    Varchar {
        /// Maximum length in characters, or `None` for unbounded.
        length: Option<u32>,
    },
    /// Fixed-length, blank-padded character string.
    Char {
        /// The fixed length in characters.
        length: u32,
    },
    /// Variable-length byte string; `None` means unbounded.
    Binary {
        /// Maximum length in bytes, or `None` for unbounded.
        length: Option<u32>,
    },
    /// Calendar date without time of day.
    Date,
    /// Time of day without date or time zone.
    Time {
        /// Fractional-second digits (0 = seconds, 3 = ms, 6 = µs, 9 = ns; up to 12).
        precision: u8,
    },
    /// Date and time of day.
    Timestamp {
        /// Fractional-second digits (0 = seconds, 3 = ms, 6 = µs, 9 = ns; up to 12).
        precision: u8,
        /// `true`: an instant (timestamptz semantics, stored as UTC); `false`: a wall-clock
        /// reading without time zone.
        tz: bool,
    },
    /// A calendar interval (months, days and sub-day time).
    Interval,
    /// A JSON document as a value: the database stores it parsed or normalized, so the text
    /// as written (whitespace, key order, duplicate keys) is not kept. PostgreSQL `jsonb`,
    /// MySQL `JSON`, Snowflake `VARIANT`, BigQuery `JSON`, …
    Json,
    /// JSON text kept exactly as written, duplicate keys, key order and whitespace included:
    /// PostgreSQL `json`, MariaDB `JSON` (a checked `LONGTEXT`), SQLite `JSON`. Canonical
    /// spelling `json_text`.
    JsonText,
    /// A 128-bit UUID.
    Uuid,
    /// An array of elements of one type.
    Array(Box<DvtType>),
    /// A native type dvt does not know; it is carried as text in other dialects.
    Unknown {
        /// The native type string as it was written.
        native: String,
    },
}

impl DvtType {
    /// Shorthand for `DvtType::Array(Box::new(element))`.
    pub fn array(element: DvtType) -> DvtType {
        DvtType::Array(Box::new(element))
    }

    /// Shorthand for [`DvtType::Varchar`] with a length limit.
    pub fn varchar(length: u32) -> DvtType {
        DvtType::Varchar {
            length: Some(length),
        }
    }

    /// Shorthand for [`DvtType::Decimal`].
    pub fn decimal(precision: u16, scale: u16) -> DvtType {
        DvtType::Decimal { precision, scale }
    }

    /// Shorthand for [`DvtType::Timestamp`].
    pub fn timestamp(precision: u8, tz: bool) -> DvtType {
        DvtType::Timestamp { precision, tz }
    }

    /// Human description used at the start of loss reasons: the canonical spelling, except
    /// that an unknown type is described by its native string.
    pub fn describe(&self) -> String {
        match self {
            DvtType::Unknown { native } => native.clone(),
            other => other.to_string(),
        }
    }

    /// The value range of an integer type (also of `decimal(p,0)` with `p <= 38`).
    pub fn int_range(&self) -> Option<(i128, i128)> {
        Some(match self {
            DvtType::Int8 => (i8::MIN.into(), i8::MAX.into()),
            DvtType::Int16 => (i16::MIN.into(), i16::MAX.into()),
            DvtType::Int32 => (i32::MIN.into(), i32::MAX.into()),
            DvtType::Int64 => (i64::MIN.into(), i64::MAX.into()),
            DvtType::UInt8 => (0, u8::MAX.into()),
            DvtType::UInt16 => (0, u16::MAX.into()),
            DvtType::UInt32 => (0, u32::MAX.into()),
            DvtType::UInt64 => (0, u64::MAX.into()),
            DvtType::Decimal {
                precision,
                scale: 0,
            } if *precision <= 38 => {
                let max = 10i128.pow(u32::from(*precision)) - 1;
                (-max, max)
            }
            _ => return None,
        })
    }

    /// Whether this is a JSON type: [`DvtType::Json`] or [`DvtType::JsonText`].
    pub fn is_json(&self) -> bool {
        matches!(self, DvtType::Json | DvtType::JsonText)
    }

    /// Whether this is one of the unsigned integer types.
    pub(crate) fn is_unsigned(&self) -> bool {
        matches!(
            self,
            DvtType::UInt8 | DvtType::UInt16 | DvtType::UInt32 | DvtType::UInt64
        )
    }

    /// The Arrow data type that carries values of this type.
    ///
    /// Json, JsonText, Uuid and Unknown become `Utf8` (use [`DvtType::to_arrow_field`] to keep
    /// the exact type in field metadata), Char/Varchar `Utf8`, Binary `Binary`. Decimals with
    /// precision <= 38 become `Decimal128`, up to 76 `Decimal256`; larger ones are clamped to
    /// `Decimal256(76, ..)`. Time and timestamp precision pick the smallest Arrow unit that
    /// holds it (0 → s, 1-3 → ms, 4-6 → µs, 7+ → ns); `tz = true` adds the zone `"UTC"`.
    /// Intervals are `Interval(MonthDayNano)`, arrays `List` (with a metadata-carrying item
    /// field).
    pub fn to_arrow(&self) -> DataType {
        match self {
            DvtType::Boolean => DataType::Boolean,
            DvtType::Int8 => DataType::Int8,
            DvtType::Int16 => DataType::Int16,
            DvtType::Int32 => DataType::Int32,
            DvtType::Int64 => DataType::Int64,
            DvtType::UInt8 => DataType::UInt8,
            DvtType::UInt16 => DataType::UInt16,
            DvtType::UInt32 => DataType::UInt32,
            DvtType::UInt64 => DataType::UInt64,
            DvtType::Float32 => DataType::Float32,
            DvtType::Float64 => DataType::Float64,
            DvtType::Decimal { precision, scale } => {
                let p = (*precision).clamp(1, 76) as u8;
                let s = (*scale).min(u16::from(p)) as i8;
                if p <= 38 {
                    DataType::Decimal128(p, s)
                } else {
                    DataType::Decimal256(p, s)
                }
            }
            DvtType::Varchar { .. }
            | DvtType::Char { .. }
            | DvtType::Json
            | DvtType::JsonText
            | DvtType::Uuid
            | DvtType::Unknown { .. } => DataType::Utf8,
            DvtType::Binary { .. } => DataType::Binary,
            DvtType::Date => DataType::Date32,
            DvtType::Time { precision } => match unit_for(*precision) {
                u @ (TimeUnit::Second | TimeUnit::Millisecond) => DataType::Time32(u),
                u => DataType::Time64(u),
            },
            DvtType::Timestamp { precision, tz } => {
                DataType::Timestamp(unit_for(*precision), tz.then(|| Arc::<str>::from("UTC")))
            }
            DvtType::Interval => DataType::Interval(IntervalUnit::MonthDayNano),
            DvtType::Array(element) => {
                DataType::List(Arc::new(element.to_arrow_field("item", true)))
            }
        }
    }

    /// The canonical type of an Arrow data type (without field metadata).
    ///
    /// Utf8 variants → unbounded varchar, binary variants → unbounded binary, fixed-size
    /// binary `n` → `binary(n)`, Float16 → float32, Date32/Date64 → date, time units →
    /// precision 0/3/6/9, any timestamp zone → `tz = true`, Duration and every interval unit →
    /// interval, decimals keep precision and scale (a negative scale widens the precision),
    /// lists → arrays, dictionaries → their value type, and anything else (struct, map,
    /// union, null) → [`DvtType::Unknown`] with the Arrow type's name.
    pub fn from_arrow(data_type: &DataType) -> DvtType {
        match data_type {
            DataType::Boolean => DvtType::Boolean,
            DataType::Int8 => DvtType::Int8,
            DataType::Int16 => DvtType::Int16,
            DataType::Int32 => DvtType::Int32,
            DataType::Int64 => DvtType::Int64,
            DataType::UInt8 => DvtType::UInt8,
            DataType::UInt16 => DvtType::UInt16,
            DataType::UInt32 => DvtType::UInt32,
            DataType::UInt64 => DvtType::UInt64,
            DataType::Float16 | DataType::Float32 => DvtType::Float32,
            DataType::Float64 => DvtType::Float64,
            DataType::Decimal32(p, s)
            | DataType::Decimal64(p, s)
            | DataType::Decimal128(p, s)
            | DataType::Decimal256(p, s) => {
                let (p, s) = (u16::from(*p), i16::from(*s));
                if s < 0 {
                    DvtType::decimal(p + s.unsigned_abs(), 0)
                } else {
                    DvtType::decimal(p.max(s as u16).max(1), s as u16)
                }
            }
            DataType::Utf8 | DataType::LargeUtf8 | DataType::Utf8View => {
                DvtType::Varchar { length: None }
            }
            DataType::Binary | DataType::LargeBinary | DataType::BinaryView => {
                DvtType::Binary { length: None }
            }
            DataType::FixedSizeBinary(n) => DvtType::Binary {
                length: Some((*n).max(0) as u32),
            },
            DataType::Date32 | DataType::Date64 => DvtType::Date,
            DataType::Time32(u) | DataType::Time64(u) => DvtType::Time {
                precision: precision_of(*u),
            },
            DataType::Timestamp(u, tz) => DvtType::Timestamp {
                precision: precision_of(*u),
                tz: tz.is_some(),
            },
            DataType::Duration(_) | DataType::Interval(_) => DvtType::Interval,
            DataType::List(f)
            | DataType::LargeList(f)
            | DataType::ListView(f)
            | DataType::LargeListView(f)
            | DataType::FixedSizeList(f, _) => DvtType::array(DvtType::from_arrow_field(f)),
            DataType::Dictionary(_, value) => DvtType::from_arrow(value),
            DataType::RunEndEncoded(_, values) => DvtType::from_arrow(values.data_type()),
            other => DvtType::Unknown {
                native: other.to_string(),
            },
        }
    }

    /// An Arrow field of this type whose metadata key [`DVT_TYPE_METADATA_KEY`] holds the
    /// canonical spelling, so [`DvtType::from_arrow_field`] recovers the exact type (json,
    /// uuid, varchar length, char, unknown native name, …).
    pub fn to_arrow_field(&self, name: &str, nullable: bool) -> Field {
        Field::new(name, self.to_arrow(), nullable).with_metadata(HashMap::from([(
            DVT_TYPE_METADATA_KEY.to_string(),
            self.to_string(),
        )]))
    }

    /// The canonical type of an Arrow field: the metadata type when present, parseable and
    /// consistent with the field's data type, otherwise [`DvtType::from_arrow`].
    pub fn from_arrow_field(field: &Field) -> DvtType {
        field
            .metadata()
            .get(DVT_TYPE_METADATA_KEY)
            .and_then(|s| s.parse::<DvtType>().ok())
            .filter(|t| t.to_arrow().equals_datatype(field.data_type()))
            .unwrap_or_else(|| DvtType::from_arrow(field.data_type()))
    }
}

fn unit_for(precision: u8) -> TimeUnit {
    match precision {
        0 => TimeUnit::Second,
        1..=3 => TimeUnit::Millisecond,
        4..=6 => TimeUnit::Microsecond,
        _ => TimeUnit::Nanosecond,
    }
}

fn precision_of(unit: TimeUnit) -> u8 {
    match unit {
        TimeUnit::Second => 0,
        TimeUnit::Millisecond => 3,
        TimeUnit::Microsecond => 6,
        TimeUnit::Nanosecond => 9,
    }
}

impl fmt::Display for DvtType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DvtType::Boolean => f.write_str("boolean"),
            DvtType::Int8 => f.write_str("int8"),
            DvtType::Int16 => f.write_str("int16"),
            DvtType::Int32 => f.write_str("int32"),
            DvtType::Int64 => f.write_str("int64"),
            DvtType::UInt8 => f.write_str("uint8"),
            DvtType::UInt16 => f.write_str("uint16"),
            DvtType::UInt32 => f.write_str("uint32"),
            DvtType::UInt64 => f.write_str("uint64"),
            DvtType::Float32 => f.write_str("float32"),
            DvtType::Float64 => f.write_str("float64"),
            DvtType::Decimal { precision, scale } => write!(f, "decimal({precision},{scale})"),
            DvtType::Varchar { length: None } => f.write_str("varchar"),
            DvtType::Varchar { length: Some(n) } => write!(f, "varchar({n})"),
            DvtType::Char { length } => write!(f, "char({length})"),
            DvtType::Binary { length: None } => f.write_str("binary"),
            DvtType::Binary { length: Some(n) } => write!(f, "binary({n})"),
            DvtType::Date => f.write_str("date"),
            DvtType::Time { precision } => write!(f, "time({precision})"),
            DvtType::Timestamp { precision, tz } => {
                let name = if *tz { "timestamptz" } else { "timestamp" };
                write!(f, "{name}({precision})")
            }
            DvtType::Interval => f.write_str("interval"),
            DvtType::Json => f.write_str("json"),
            DvtType::JsonText => f.write_str("json_text"),
            DvtType::Uuid => f.write_str("uuid"),
            DvtType::Array(element) => write!(f, "array<{element}>"),
            DvtType::Unknown { native } => write!(f, "unknown('{}')", native.replace('\'', "''")),
        }
    }
}

impl FromStr for DvtType {
    type Err = TypeError;

    /// Parses the canonical spelling produced by [`Display`](fmt::Display).
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        crate::parse::parse(&crate::tables::CANONICAL, "dvt (canonical)", s)
    }
}
