//! The canonical logical type [`DvtType`] (its Arrow mapping is in `arrow.rs`).

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::error::TypeError;

/// Arrow field metadata key under which [`DvtType::to_arrow_field`] stores the canonical
/// spelling of the type (e.g. `"json"`, `"uuid"`, `"varchar(10)"`).
pub const DVT_TYPE_METADATA_KEY: &str = "dvt.type";

/// The canonical, dialect-independent logical type of a column.
///
/// Every native type of every [`crate::DbKind`] parses into one of these, and every one of these
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
