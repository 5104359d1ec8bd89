//! Arrow columns → Snowflake SQL for `INSERT INTO t (cols) SELECT … FROM VALUES (…), (…)`.
//!
//! Snowflake's `VALUES` accepts constants only (`PARSE_JSON('…')` in a `VALUES` row is an
//! error), so every value is a constant in `VALUES` and the `SELECT` list converts the columns
//! that need it: JSON text through `PARSE_JSON`, hex through `TO_BINARY(…, 'HEX')`, and floats,
//! dates, times and timestamps from their exact text with a cast (`'NaN'`, `'inf'` and
//! shortest round-trip floats; `'YYYY-MM-DD HH:MM:SS.fffffffff'`, `+00:00` for instants).
//! Strings are quoted with `'` doubled and `\` doubled (Snowflake string literals read
//! backslash escapes). Integers and decimals are their exact digits.

use arrow_array::cast::AsArray;
use arrow_array::types::{
    Date32Type, Date64Type, Float16Type, Float32Type, Float64Type, Time32MillisecondType,
    Time32SecondType, Time64MicrosecondType, Time64NanosecondType, TimestampMicrosecondType,
    TimestampMillisecondType, TimestampNanosecondType, TimestampSecondType,
};
use arrow_array::{Array, ArrayRef};
use arrow_schema::{DataType, Field, TimeUnit};
use chrono::{DateTime, NaiveDate};
use dvt_types::DvtType;
use std::fmt::Write;

use crate::insert::LiteralEncoder;

/// How a column's `VALUES` constant becomes the inserted value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Conversion {
    Plain,
    Json,
    Hex,
    Float,
    Date,
    Time,
    TimestampNtz,
    TimestampTz,
}

/// One column of a batch, ready to print its values as `VALUES` constants.
pub(crate) struct Encoder {
    array: ArrayRef,
}

/// The `SELECT` expression that turns `VALUES` column `n` (1-based) of a field into the value
/// to insert.
pub(crate) fn select_expr(field: &Field, n: usize) -> String {
    let c = format!("column{n}");
    match conversion(field) {
        Conversion::Plain => c,
        Conversion::Json => format!("PARSE_JSON({c})"),
        Conversion::Hex => format!("TO_BINARY({c}, 'HEX')"),
        Conversion::Float => format!("{c}::FLOAT"),
        Conversion::Date => format!("{c}::DATE"),
        Conversion::Time => format!("{c}::TIME(9)"),
        Conversion::TimestampNtz => format!("{c}::TIMESTAMP_NTZ(9)"),
        Conversion::TimestampTz => format!("{c}::TIMESTAMP_TZ(9)"),
    }
}

fn conversion(field: &Field) -> Conversion {
    let dt = match field.data_type() {
        DataType::Dictionary(_, v) => v.as_ref(),
        other => other,
    };
    match dt {
        DataType::Float16 | DataType::Float32 | DataType::Float64 => Conversion::Float,
        DataType::Binary
        | DataType::LargeBinary
        | DataType::BinaryView
        | DataType::FixedSizeBinary(_) => Conversion::Hex,
        DataType::Date32 | DataType::Date64 => Conversion::Date,
        DataType::Time32(_) | DataType::Time64(_) => Conversion::Time,
        DataType::Timestamp(_, None) => Conversion::TimestampNtz,
        DataType::Timestamp(_, Some(_)) => Conversion::TimestampTz,
        _ if DvtType::from_arrow_field(field).is_json() => Conversion::Json,
        _ => Conversion::Plain,
    }
}

impl LiteralEncoder for Encoder {
    const DIALECT: &'static str = "Snowflake";

    fn from_array(array: ArrayRef) -> Self {
        Self { array }
    }

    fn array(&self) -> &ArrayRef {
        &self.array
    }

    /// The `VALUES` constant of row `i` (see the module docs); `Err` for a value Snowflake
    /// cannot hold.
    fn write_value(&self, out: &mut String, i: usize) -> Result<(), String> {
        let a = &self.array;
        match a.data_type() {
            DataType::Null => out.push_str("NULL"),
            DataType::Boolean => out.push_str(if a.as_boolean().value(i) {
                "TRUE"
            } else {
                "FALSE"
            }),
            DataType::Float16 => {
                float_text(out, f64::from(a.as_primitive::<Float16Type>().value(i)))
            }
            // The exact f64 of the f32 (FLOAT is a double in Snowflake).
            DataType::Float32 => {
                float_text(out, f64::from(a.as_primitive::<Float32Type>().value(i)))
            }
            DataType::Float64 => float_text(out, a.as_primitive::<Float64Type>().value(i)),
            DataType::Utf8 => quoted(out, a.as_string::<i32>().value(i)),
            DataType::LargeUtf8 => quoted(out, a.as_string::<i64>().value(i)),
            DataType::Utf8View => quoted(out, a.as_string_view().value(i)),
            DataType::Binary => hex_text(out, a.as_binary::<i32>().value(i)),
            DataType::LargeBinary => hex_text(out, a.as_binary::<i64>().value(i)),
            DataType::BinaryView => hex_text(out, a.as_binary_view().value(i)),
            DataType::FixedSizeBinary(_) => hex_text(out, a.as_fixed_size_binary().value(i)),
            DataType::Date32 => {
                let d = i64::from(a.as_primitive::<Date32Type>().value(i));
                instant(out, d * 86_400, 0, Shape::Date)?;
            }
            DataType::Date64 => {
                let ms = a.as_primitive::<Date64Type>().value(i);
                instant(out, ms.div_euclid(86_400_000) * 86_400, 0, Shape::Date)?;
            }
            DataType::Time32(TimeUnit::Second) => {
                let v = i64::from(a.as_primitive::<Time32SecondType>().value(i));
                time_of_day(out, v * 1_000_000_000)?;
            }
            DataType::Time32(_) => {
                let v = i64::from(a.as_primitive::<Time32MillisecondType>().value(i));
                time_of_day(out, v * 1_000_000)?;
            }
            DataType::Time64(TimeUnit::Microsecond) => {
                let v = a.as_primitive::<Time64MicrosecondType>().value(i);
                time_of_day(out, v * 1_000)?;
            }
            DataType::Time64(_) => {
                time_of_day(out, a.as_primitive::<Time64NanosecondType>().value(i))?;
            }
            DataType::Timestamp(unit, tz) => {
                // Whole seconds and the nanoseconds within the second, per unit.
                let (v, per_sec) = match unit {
                    TimeUnit::Second => (a.as_primitive::<TimestampSecondType>().value(i), 1),
                    TimeUnit::Millisecond => {
                        (a.as_primitive::<TimestampMillisecondType>().value(i), 1_000)
                    }
                    TimeUnit::Microsecond => (
                        a.as_primitive::<TimestampMicrosecondType>().value(i),
                        1_000_000,
                    ),
                    TimeUnit::Nanosecond => (
                        a.as_primitive::<TimestampNanosecondType>().value(i),
                        1_000_000_000,
                    ),
                };
                let secs = v.div_euclid(per_sec);
                let nanos = v.rem_euclid(per_sec) * (1_000_000_000 / per_sec);
                let shape = if tz.is_some() {
                    Shape::Instant
                } else {
                    Shape::WallClock
                };
                instant(out, secs, nanos as u32, shape)?;
            }
            other => return Err(format!("Arrow type {other} has no Snowflake constant")),
        }
        Ok(())
    }
}

/// A float as quoted text the `::FLOAT` cast reads back exactly (`'1.5e0'`, `'NaN'`, `'-inf'`).
fn float_text(out: &mut String, v: f64) {
    if v.is_nan() {
        out.push_str("'NaN'");
    } else if v.is_infinite() {
        out.push_str(if v > 0.0 { "'inf'" } else { "'-inf'" });
    } else {
        // `{:e}` is the shortest round-trip digits with an exponent.
        let _ = write!(out, "'{v:e}'");
    }
}

/// A string constant: `'` doubled, `\` doubled (Snowflake reads backslash escapes), NUL as `\0`.
fn quoted(out: &mut String, s: &str) {
    out.reserve(s.len() + 2);
    out.push('\'');
    for c in s.chars() {
        match c {
            '\'' => out.push_str("''"),
            '\\' => out.push_str("\\\\"),
            '\0' => out.push_str("\\0"),
            c => out.push(c),
        }
    }
    out.push('\'');
}

fn hex_text(out: &mut String, b: &[u8]) {
    out.reserve(b.len() * 2 + 2);
    out.push('\'');
    for byte in b {
        let _ = write!(out, "{byte:02X}");
    }
    out.push('\'');
}

#[derive(Clone, Copy)]
enum Shape {
    Date,
    WallClock,
    Instant,
}

/// Seconds since the epoch and nanoseconds within the second as a quoted date, wall-clock
/// timestamp or UTC instant (years 0001-9999).
fn instant(out: &mut String, secs: i64, nanos: u32, shape: Shape) -> Result<(), String> {
    let t = DateTime::from_timestamp(secs, nanos)
        .ok_or_else(|| format!("{secs} s from 1970-01-01 is not a date"))?
        .naive_utc();
    let first = NaiveDate::from_ymd_opt(1, 1, 1).unwrap_or(NaiveDate::MIN);
    let last = NaiveDate::from_ymd_opt(9999, 12, 31).unwrap_or(NaiveDate::MAX);
    if !(first..=last).contains(&t.date()) {
        return Err(format!("{t} is outside Snowflake's years 0001-9999"));
    }
    let text = match shape {
        Shape::Date => t.format("%Y-%m-%d").to_string(),
        Shape::WallClock => t.format("%Y-%m-%d %H:%M:%S%.9f").to_string(),
        Shape::Instant => t.format("%Y-%m-%d %H:%M:%S%.9f+00:00").to_string(),
    };
    let _ = write!(out, "'{text}'");
    Ok(())
}

/// Nanoseconds since midnight as a quoted `'HH:MM:SS.fffffffff'`.
fn time_of_day(out: &mut String, nanos: i64) -> Result<(), String> {
    if !(0..86_400_000_000_000).contains(&nanos) {
        return Err(format!("{nanos} ns is not a time of day"));
    }
    let (secs, frac) = (nanos / 1_000_000_000, nanos % 1_000_000_000);
    let _ = write!(
        out,
        "'{:02}:{:02}:{:02}.{frac:09}'",
        secs / 3600,
        secs / 60 % 60,
        secs % 60
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use arrow_array::{
        BinaryArray, Decimal128Array, Float64Array, StringArray, TimestampMicrosecondArray,
    };
    use std::sync::Arc;

    #[test]
    fn constants_are_exact() {
        let d = Decimal128Array::from(vec![Some(-12345), Some(5), None])
            .with_precision_and_scale(10, 3)
            .unwrap();
        let ts = TimestampMicrosecondArray::from(vec![-1, 1_000_001]);
        let utc = TimestampMicrosecondArray::from(vec![0]).with_timezone("UTC");
        let cases: Vec<(ArrayRef, Vec<&str>)> = vec![
            (Arc::new(d), vec!["-12.345", "0.005", "NULL"]),
            (
                Arc::new(StringArray::from(vec!["a'b\\c", "é😀", ""])),
                vec!["'a''b\\\\c'", "'é😀'", "''"],
            ),
            (
                Arc::new(BinaryArray::from(vec![&[0u8, 255][..], &[]])),
                vec!["'00FF'", "''"],
            ),
            (
                Arc::new(ts),
                vec![
                    "'1969-12-31 23:59:59.999999000'",
                    "'1970-01-01 00:00:01.000001000'",
                ],
            ),
            (Arc::new(utc), vec!["'1970-01-01 00:00:00.000000000+00:00'"]),
            (
                Arc::new(Float64Array::from(vec![0.1, 1e300, f64::NAN])),
                vec!["'1e-1'", "'1e300'", "'NaN'"],
            ),
        ];
        for (array, want) in cases {
            assert_eq!(crate::insert::literals::<Encoder>(array), want);
        }
    }

    #[test]
    fn select_converts_what_values_cannot_hold() {
        let json = DvtType::Json.to_arrow_field("j", true);
        assert_eq!(select_expr(&json, 3), "PARSE_JSON(column3)");
        let text = DvtType::JsonText.to_arrow_field("j", true);
        assert_eq!(select_expr(&text, 3), "PARSE_JSON(column3)");
        let bin = Field::new("b", DataType::Binary, true);
        assert_eq!(select_expr(&bin, 1), "TO_BINARY(column1, 'HEX')");
        let txt = Field::new("t", DataType::Utf8, true);
        assert_eq!(select_expr(&txt, 2), "column2");
    }
}
