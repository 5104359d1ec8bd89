//! The Arrow mapping of [`DvtType`] (the `arrow` feature, on by default: a crate that only
//! names types — the translator — builds without Arrow).

use std::collections::HashMap;
use std::sync::Arc;

use arrow_schema::{DataType, Field, IntervalUnit, TimeUnit};

use crate::types::{DVT_TYPE_METADATA_KEY, DvtType};

impl DvtType {
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
