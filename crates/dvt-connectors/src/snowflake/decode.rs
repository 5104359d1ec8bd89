//! Snowflake result metadata → canonical types, and JSON rowset text → Arrow arrays.
//!
//! Snowflake's JSON result format sends every cell as a string (or null) whose form depends on
//! the column's type: `FIXED` as the decimal number, `REAL` as the float (`inf`, `NaN`, …),
//! `BOOLEAN` as `1`/`0` (or `true`/`false`), `DATE` as days since 1970-01-01, `TIME` as seconds
//! since midnight with the fraction, `TIMESTAMP_NTZ`/`_LTZ` as seconds since the epoch with the
//! fraction, `TIMESTAMP_TZ` as that (UTC) and a space and the offset in minutes plus 1440,
//! `BINARY` as hex, `VARIANT`/`OBJECT`/`ARRAY` as JSON text.

use std::sync::Arc;

use arrow_array::builder::{BinaryBuilder, ListBuilder, StringBuilder};
use arrow_array::types::{Date32Type, Int32Type, Int64Type};
use arrow_array::{
    Array, ArrayRef, BooleanArray, Decimal128Array, Float64Array, PrimitiveArray, RecordBatch,
    make_array,
};
use arrow_schema::{DataType, Field, Schema, SchemaRef, TimeUnit};
use dvt_types::{DbKind, DvtType};
use snowflake_connector_rs::{Column, ColumnType};

/// How a column's text is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Fixed,
    Real,
    Text,
    Boolean,
    Date,
    Time,
    Timestamp,
    /// `TIMESTAMP_TZ`: `<epoch seconds> <offset minutes + 1440>`; the instant is the epoch part.
    TimestampTz,
    Binary,
    /// Untyped `ARRAY`: a JSON array, each element kept as JSON text.
    JsonArray,
}

/// The native type spelling of a result column (as DDL would write it), for the dvt-types parse
/// table, and how its text is read.
fn native_of(ty: &ColumnType) -> (String, Kind) {
    let scale = |s: Option<u8>| s.unwrap_or(9);
    match ty {
        ColumnType::Fixed {
            precision, scale, ..
        } => (
            format!("NUMBER({},{})", precision.unwrap_or(38), scale.unwrap_or(0)),
            Kind::Fixed,
        ),
        ColumnType::Real => ("FLOAT".into(), Kind::Real),
        ColumnType::Text { length, .. } => (
            length.map_or("VARCHAR".into(), |n| format!("VARCHAR({n})")),
            Kind::Text,
        ),
        ColumnType::Boolean => ("BOOLEAN".into(), Kind::Boolean),
        ColumnType::Date => ("DATE".into(), Kind::Date),
        ColumnType::Time { scale: s, .. } => (format!("TIME({})", scale(*s)), Kind::Time),
        ColumnType::TimestampNtz { scale: s, .. } => {
            (format!("TIMESTAMP_NTZ({})", scale(*s)), Kind::Timestamp)
        }
        ColumnType::TimestampLtz { scale: s, .. } => {
            (format!("TIMESTAMP_LTZ({})", scale(*s)), Kind::Timestamp)
        }
        ColumnType::TimestampTz { scale: s, .. } => {
            (format!("TIMESTAMP_TZ({})", scale(*s)), Kind::TimestampTz)
        }
        ColumnType::Variant => ("VARIANT".into(), Kind::Text),
        ColumnType::Object => ("OBJECT".into(), Kind::Text),
        ColumnType::Array => ("ARRAY".into(), Kind::JsonArray),
        ColumnType::Binary { .. } => ("BINARY".into(), Kind::Binary),
        // GEOGRAPHY/GEOMETRY (GeoJSON or WKT text per the session's output format), VECTOR and
        // types this client does not know: their text, typed `unknown(...)`.
        other => (other.as_str().to_ascii_uppercase(), Kind::Text),
    }
}

/// The canonical type of a result column and how its text is read.
fn column_type(col: &Column) -> (DvtType, Kind) {
    let (native, kind) = native_of(col.ty());
    let ty =
        dvt_types::parse_type(DbKind::Snowflake, &native).unwrap_or(DvtType::Unknown { native });
    // A type the parse table does not know is carried as text whatever its wire form.
    let kind = if matches!(ty, DvtType::Unknown { .. }) {
        Kind::Text
    } else {
        kind
    };
    (ty, kind)
}

enum Values {
    Decimal(Vec<Option<i128>>, u8, i8),
    Float(Vec<Option<f64>>),
    Bool(Vec<Option<bool>>),
    Utf8(StringBuilder),
    Binary(BinaryBuilder),
    List(ListBuilder<StringBuilder>),
    /// 32-bit temporal values (Date32, Time32) carried as their integers.
    I32(Vec<Option<i32>>, DataType),
    /// 64-bit temporal values (Time64, Timestamp) carried as their integers.
    I64(Vec<Option<i64>>, DataType),
}

struct ColumnDecoder {
    name: String,
    kind: Kind,
    /// Nanoseconds per unit of the Arrow time/timestamp type.
    unit_nanos: i128,
    values: Values,
}

/// Decodes rows of raw cell text into record batches of one schema.
pub(crate) struct BatchDecoder {
    /// The schema of every batch.
    pub(crate) schema: SchemaRef,
    columns: Vec<ColumnDecoder>,
    /// Rows appended since the last [`BatchDecoder::finish`].
    pub(crate) rows: usize,
}

fn nanos_per(unit: TimeUnit) -> i128 {
    match unit {
        TimeUnit::Second => 1_000_000_000,
        TimeUnit::Millisecond => 1_000_000,
        TimeUnit::Microsecond => 1_000,
        TimeUnit::Nanosecond => 1,
    }
}

impl BatchDecoder {
    /// Decoders for the columns of a result (every field nullable; the catalog carries
    /// nullability).
    pub(crate) fn new(columns: &[Column]) -> Result<Self, String> {
        let mut fields = Vec::with_capacity(columns.len());
        let mut decoders = Vec::with_capacity(columns.len());
        for col in columns {
            let (ty, kind) = column_type(col);
            let field: Field = ty.to_arrow_field(col.name(), true);
            let dt = field.data_type().clone();
            let (values, unit_nanos) = match (&dt, kind) {
                (DataType::Decimal128(p, s), Kind::Fixed) => (Values::Decimal(vec![], *p, *s), 1),
                (DataType::Float64, Kind::Real) => (Values::Float(vec![]), 1),
                (DataType::Boolean, Kind::Boolean) => (Values::Bool(vec![]), 1),
                (DataType::Utf8, Kind::Text) => (Values::Utf8(StringBuilder::new()), 1),
                (DataType::Binary, Kind::Binary) => (Values::Binary(BinaryBuilder::new()), 1),
                (DataType::List(item), Kind::JsonArray) => (
                    Values::List(
                        ListBuilder::new(StringBuilder::new()).with_field(Arc::clone(item)),
                    ),
                    1,
                ),
                (DataType::Date32, Kind::Date) => (Values::I32(vec![], dt.clone()), 1),
                (DataType::Time32(u), Kind::Time) => {
                    (Values::I32(vec![], dt.clone()), nanos_per(*u))
                }
                (DataType::Time64(u), Kind::Time)
                | (DataType::Timestamp(u, _), Kind::Timestamp | Kind::TimestampTz) => {
                    (Values::I64(vec![], dt.clone()), nanos_per(*u))
                }
                _ => {
                    return Err(format!(
                        "column {}: no decoder for Snowflake type {} as {dt}",
                        col.name(),
                        col.ty().as_str()
                    ));
                }
            };
            fields.push(field);
            decoders.push(ColumnDecoder {
                name: col.name().to_string(),
                kind,
                unit_nanos,
                values,
            });
        }
        Ok(Self {
            schema: Arc::new(Schema::new(fields)),
            columns: decoders,
            rows: 0,
        })
    }

    /// Append one row of raw cell text (`None` is SQL NULL).
    pub(crate) fn append(&mut self, row: &[Option<String>]) -> Result<(), String> {
        if row.len() != self.columns.len() {
            return Err(format!(
                "a row of {} values where {} columns were announced",
                row.len(),
                self.columns.len()
            ));
        }
        for (dec, cell) in self.columns.iter_mut().zip(row) {
            dec.append(cell.as_deref())
                .map_err(|m| format!("column {}: {m}", dec.name))?;
        }
        self.rows += 1;
        Ok(())
    }

    /// The rows appended so far as one batch; the decoders start over.
    pub(crate) fn finish(&mut self) -> Result<RecordBatch, String> {
        let cols = self
            .columns
            .iter_mut()
            .map(ColumnDecoder::finish)
            .collect::<Result<Vec<ArrayRef>, String>>()?;
        self.rows = 0;
        RecordBatch::try_new(Arc::clone(&self.schema), cols).map_err(|e| e.to_string())
    }
}

impl ColumnDecoder {
    fn append(&mut self, cell: Option<&str>) -> Result<(), String> {
        let kind = self.kind;
        let unit = self.unit_nanos;
        match &mut self.values {
            Values::Decimal(v, p, s) => {
                v.push(cell.map(|t| parse_decimal(t, *p, *s)).transpose()?);
            }
            Values::Float(v) => v.push(cell.map(parse_float).transpose()?),
            Values::Bool(v) => v.push(cell.map(parse_bool).transpose()?),
            Values::Utf8(b) => b.append_option(cell),
            Values::Binary(b) => match cell {
                Some(t) => b.append_value(parse_hex(t)?),
                None => b.append_null(),
            },
            Values::List(b) => match cell {
                Some(t) => {
                    let parsed: serde_json::Value = serde_json::from_str(t)
                        .map_err(|e| format!("'{}' is not JSON: {e}", excerpt(t)))?;
                    let serde_json::Value::Array(items) = parsed else {
                        return Err(format!("'{}' is not a JSON array", excerpt(t)));
                    };
                    for item in items {
                        match item {
                            serde_json::Value::Null => b.values().append_null(),
                            other => b.values().append_value(other.to_string()),
                        }
                    }
                    b.append(true);
                }
                None => b.append(false),
            },
            Values::I32(v, dt) => {
                let value = match cell {
                    None => None,
                    Some(t) if *dt == DataType::Date32 => Some(
                        t.trim()
                            .parse::<i32>()
                            .map_err(|_| format!("'{t}' is not a day number"))?,
                    ),
                    Some(t) => {
                        let n = to_unit(parse_seconds(t)?, unit, t)?;
                        Some(i32::try_from(n).map_err(|_| format!("'{t}' is out of range"))?)
                    }
                };
                v.push(value);
            }
            Values::I64(v, _) => {
                let value = match cell {
                    None => None,
                    Some(t) => {
                        let secs = if kind == Kind::TimestampTz {
                            // The epoch part is the instant in UTC; the offset is not kept.
                            t.split_once(' ').map_or(t, |(e, _)| e)
                        } else {
                            t
                        };
                        let n = to_unit(parse_seconds(secs)?, unit, t)?;
                        Some(i64::try_from(n).map_err(|_| format!("'{t}' is out of range"))?)
                    }
                };
                v.push(value);
            }
        }
        Ok(())
    }

    fn finish(&mut self) -> Result<ArrayRef, String> {
        Ok(match &mut self.values {
            Values::Decimal(v, p, s) => Arc::new(
                Decimal128Array::from(std::mem::take(v))
                    .with_precision_and_scale(*p, *s)
                    .map_err(|e| e.to_string())?,
            ),
            Values::Float(v) => Arc::new(Float64Array::from(std::mem::take(v))),
            Values::Bool(v) => Arc::new(BooleanArray::from(std::mem::take(v))),
            Values::Utf8(b) => Arc::new(b.finish()),
            Values::Binary(b) => Arc::new(b.finish()),
            Values::List(b) => Arc::new(b.finish()),
            Values::I32(v, dt) => {
                if *dt == DataType::Date32 {
                    Arc::new(PrimitiveArray::<Date32Type>::from(std::mem::take(v)))
                } else {
                    retype(PrimitiveArray::<Int32Type>::from(std::mem::take(v)), dt)?
                }
            }
            Values::I64(v, dt) => retype(PrimitiveArray::<Int64Type>::from(std::mem::take(v)), dt)?,
        })
    }
}

/// The same buffers as another primitive type of the same width (Int64 → Timestamp, …).
fn retype(array: impl Array, dt: &DataType) -> Result<ArrayRef, String> {
    let data = array
        .into_data()
        .into_builder()
        .data_type(dt.clone())
        .build()
        .map_err(|e| e.to_string())?;
    Ok(make_array(data))
}

fn excerpt(t: &str) -> String {
    if t.chars().count() > 60 {
        format!("{}…", t.chars().take(60).collect::<String>())
    } else {
        t.to_string()
    }
}

/// A decimal number's text (`-123.45`) as the unscaled integer of scale `s`, checked against
/// precision `p`; more fraction digits than the scale (other than zeros) are an error.
pub(crate) fn parse_decimal(t: &str, p: u8, s: i8) -> Result<i128, String> {
    let bad = || format!("'{t}' is not a NUMBER({p},{s})");
    let text = t.trim();
    let (neg, digits) = match text.strip_prefix('-') {
        Some(d) => (true, d),
        None => (false, text.strip_prefix('+').unwrap_or(text)),
    };
    let (int, frac) = digits.split_once('.').unwrap_or((digits, ""));
    if int.is_empty() && frac.is_empty()
        || !int.bytes().all(|b| b.is_ascii_digit())
        || !frac.bytes().all(|b| b.is_ascii_digit())
    {
        return Err(bad());
    }
    let scale = usize::try_from(s.max(0)).unwrap_or(0);
    let (kept, dropped) = frac.split_at(frac.len().min(scale));
    if dropped.bytes().any(|b| b != b'0') {
        return Err(bad());
    }
    let mut unscaled = String::with_capacity(int.len() + scale);
    unscaled.push_str(int);
    unscaled.push_str(kept);
    unscaled.extend(std::iter::repeat_n('0', scale - kept.len()));
    let trimmed = unscaled.trim_start_matches('0');
    if trimmed.len() > usize::from(p) {
        return Err(bad());
    }
    let v: i128 = if trimmed.is_empty() {
        0
    } else {
        trimmed.parse().map_err(|_| bad())?
    };
    Ok(if neg { -v } else { v })
}

fn parse_float(t: &str) -> Result<f64, String> {
    match t.trim() {
        "inf" | "Infinity" | "+inf" => Ok(f64::INFINITY),
        "-inf" | "-Infinity" => Ok(f64::NEG_INFINITY),
        "NaN" | "nan" => Ok(f64::NAN),
        other => other.parse().map_err(|_| format!("'{t}' is not a FLOAT")),
    }
}

fn parse_bool(t: &str) -> Result<bool, String> {
    match t.trim() {
        "1" | "true" | "TRUE" | "True" => Ok(true),
        "0" | "false" | "FALSE" | "False" => Ok(false),
        _ => Err(format!("'{t}' is not a BOOLEAN")),
    }
}

fn parse_hex(t: &str) -> Result<Vec<u8>, String> {
    let b = t.trim().as_bytes();
    if !b.len().is_multiple_of(2) {
        return Err(format!("'{}' is not hex", excerpt(t)));
    }
    let nibble = |c: u8| -> Result<u8, String> {
        (c as char)
            .to_digit(16)
            .map(|d| d as u8)
            .ok_or_else(|| format!("'{}' is not hex", excerpt(t)))
    };
    b.chunks(2)
        .map(|pair| Ok(nibble(pair[0])? << 4 | nibble(pair[1])?))
        .collect()
}

/// Signed decimal seconds (`-1.5`, `1700000000.123456789`) as nanoseconds, exactly.
pub(crate) fn parse_seconds(t: &str) -> Result<i128, String> {
    let bad = || format!("'{t}' is not a number of seconds");
    let text = t.trim();
    let (neg, digits) = match text.strip_prefix('-') {
        Some(d) => (true, d),
        None => (false, text),
    };
    let (whole, frac) = digits.split_once('.').unwrap_or((digits, ""));
    if whole.is_empty()
        || frac.len() > 9
        || !whole.bytes().all(|b| b.is_ascii_digit())
        || !frac.bytes().all(|b| b.is_ascii_digit())
    {
        return Err(bad());
    }
    let w: i128 = whole.parse().map_err(|_| bad())?;
    let f: i128 = if frac.is_empty() {
        0
    } else {
        frac.parse::<i128>().map_err(|_| bad())? * 10i128.pow(9 - frac.len() as u32)
    };
    let n = w * 1_000_000_000 + f;
    Ok(if neg { -n } else { n })
}

/// Nanoseconds in units of `unit_nanos`; a remainder is an error (never a silent truncation).
fn to_unit(nanos: i128, unit_nanos: i128, t: &str) -> Result<i128, String> {
    if nanos % unit_nanos != 0 {
        return Err(format!(
            "'{t}' has more fractional digits than the column's precision"
        ));
    }
    Ok(nanos / unit_nanos)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimals_are_exact() {
        assert_eq!(parse_decimal("-123.45", 10, 2), Ok(-12345));
        assert_eq!(parse_decimal("7", 38, 3), Ok(7000));
        assert_eq!(parse_decimal("1.50", 5, 1), Ok(15));
        assert!(parse_decimal("1.25", 5, 1).is_err());
        assert!(parse_decimal("1000", 3, 0).is_err());
        assert!(parse_decimal("1e5", 38, 0).is_err());
        assert_eq!(
            parse_decimal("99999999999999999999999999999999999999", 38, 0),
            Ok(99_999_999_999_999_999_999_999_999_999_999_999_999)
        );
    }

    #[test]
    fn seconds_are_exact() {
        assert_eq!(parse_seconds("-1.5"), Ok(-1_500_000_000));
        assert_eq!(parse_seconds("1.000000001"), Ok(1_000_000_001));
        assert_eq!(parse_seconds("86399"), Ok(86_399_000_000_000));
        assert!(parse_seconds("1.0000000001").is_err());
        assert!(to_unit(1_500, 1_000, "x").is_err());
        assert_eq!(to_unit(1_500_000, 1_000, "x"), Ok(1_500));
    }

    #[test]
    fn hex_floats_and_booleans() {
        assert_eq!(parse_hex("00FFa0"), Ok(vec![0, 255, 160]));
        assert!(parse_hex("0").is_err());
        assert!(parse_float("NaN").unwrap().is_nan());
        assert_eq!(parse_float("-inf"), Ok(f64::NEG_INFINITY));
        assert_eq!(parse_bool("1"), Ok(true));
        assert_eq!(parse_bool("false"), Ok(false));
    }
}
