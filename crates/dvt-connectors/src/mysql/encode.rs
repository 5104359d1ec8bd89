//! Arrow values → MySQL SQL literals for multi-row `INSERT … VALUES`.
//!
//! Literals are exact: integers and decimals as their digits (a decimal literal is exact in
//! MySQL), floats in Rust's shortest round-trip form, timestamps as
//! `'YYYY-MM-DD HH:MM:SS.ffffff'` UTC (the session's zone), binary as `X'…'`, booleans `1`/`0`,
//! strings with `\`, `'` and NUL escaped (the session's `sql_mode` never has
//! `NO_BACKSLASH_ESCAPES`).

use std::fmt::Write;

use arrow_array::cast::AsArray;
use arrow_array::types::{
    Date32Type, Date64Type, Float16Type, Float32Type, Float64Type, Time32MillisecondType,
    Time32SecondType, Time64MicrosecondType, Time64NanosecondType, TimestampMicrosecondType,
    TimestampMillisecondType, TimestampNanosecondType, TimestampSecondType,
};
use arrow_array::{Array, ArrayRef};
use arrow_schema::{DataType, TimeUnit};

use crate::insert::LiteralEncoder;

/// One column of a batch, ready to print its values as literals.
pub(crate) struct Encoder {
    array: ArrayRef,
}

impl LiteralEncoder for Encoder {
    const DIALECT: &'static str = "MySQL";

    fn from_array(array: ArrayRef) -> Self {
        Self { array }
    }

    fn array(&self) -> &ArrayRef {
        &self.array
    }

    /// MySQL literals (see the module docs); `Err` for a value MySQL cannot hold at all.
    fn write_value(&self, out: &mut String, i: usize) -> Result<(), String> {
        let a = &self.array;
        match a.data_type() {
            DataType::Null => out.push_str("NULL"),
            DataType::Boolean => out.push(if a.as_boolean().value(i) { '1' } else { '0' }),
            DataType::Float16 => float(out, f64::from(a.as_primitive::<Float16Type>().value(i)))?,
            DataType::Float32 => {
                let v = a.as_primitive::<Float32Type>().value(i);
                if !v.is_finite() {
                    return Err(format!("{v} cannot be stored in MySQL"));
                }
                // The exact f64 of the f32: reads back as the same f32 into FLOAT (the
                // shortest f32 text of f32::MAX is above FLT_MAX for MariaDB's range check) and
                // as Arrow's widening into DOUBLE.
                let _ = write!(out, "{:?}", f64::from(v));
            }
            DataType::Float64 => float(out, a.as_primitive::<Float64Type>().value(i))?,
            DataType::Utf8 => string(out, a.as_string::<i32>().value(i)),
            DataType::LargeUtf8 => string(out, a.as_string::<i64>().value(i)),
            DataType::Utf8View => string(out, a.as_string_view().value(i)),
            DataType::Binary => hex(out, a.as_binary::<i32>().value(i)),
            DataType::LargeBinary => hex(out, a.as_binary::<i64>().value(i)),
            DataType::BinaryView => hex(out, a.as_binary_view().value(i)),
            DataType::FixedSizeBinary(_) => hex(out, a.as_fixed_size_binary().value(i)),
            DataType::Date32 => {
                out.push('\'');
                date(out, i64::from(a.as_primitive::<Date32Type>().value(i)))?;
                out.push('\'');
            }
            DataType::Date64 => {
                let ms = a.as_primitive::<Date64Type>().value(i);
                out.push('\'');
                date(out, ms.div_euclid(86_400_000))?;
                out.push('\'');
            }
            DataType::Time32(TimeUnit::Second) => {
                let v = i64::from(a.as_primitive::<Time32SecondType>().value(i));
                time(out, v * 1_000_000_000, 0)?;
            }
            DataType::Time32(_) => {
                let v = i64::from(a.as_primitive::<Time32MillisecondType>().value(i));
                time(out, v * 1_000_000, 3)?;
            }
            DataType::Time64(TimeUnit::Microsecond) => {
                let v = a.as_primitive::<Time64MicrosecondType>().value(i);
                time(out, v * 1_000, 6)?;
            }
            DataType::Time64(_) => {
                let v = a.as_primitive::<Time64NanosecondType>().value(i);
                time(out, v, 9)?;
            }
            DataType::Timestamp(unit, _) => {
                let (secs, nanos, digits) = match unit {
                    TimeUnit::Second => {
                        let v = a.as_primitive::<TimestampSecondType>().value(i);
                        (v, 0, 0)
                    }
                    TimeUnit::Millisecond => {
                        let v = a.as_primitive::<TimestampMillisecondType>().value(i);
                        (v.div_euclid(1_000), v.rem_euclid(1_000) * 1_000_000, 3)
                    }
                    TimeUnit::Microsecond => {
                        let v = a.as_primitive::<TimestampMicrosecondType>().value(i);
                        (v.div_euclid(1_000_000), v.rem_euclid(1_000_000) * 1_000, 6)
                    }
                    TimeUnit::Nanosecond => {
                        let v = a.as_primitive::<TimestampNanosecondType>().value(i);
                        (v.div_euclid(1_000_000_000), v.rem_euclid(1_000_000_000), 9)
                    }
                };
                out.push('\'');
                date(out, secs.div_euclid(86_400))?;
                out.push(' ');
                clock(out, secs.rem_euclid(86_400) * 1_000_000_000 + nanos, digits);
                out.push('\'');
            }
            other => return Err(format!("Arrow type {other} has no MySQL literal")),
        }
        Ok(())
    }
}

fn float(out: &mut String, v: f64) -> Result<(), String> {
    if !v.is_finite() {
        return Err(format!("{v} cannot be stored in MySQL"));
    }
    // `{:?}` is the shortest round-trip form and uses an exponent for very large/small values.
    let _ = write!(out, "{v:?}");
    Ok(())
}

/// A quoted string literal: `\`, `'` and NUL escaped.
fn string(out: &mut String, s: &str) {
    out.push('\'');
    if !s.bytes().any(|b| matches!(b, b'\\' | b'\'' | 0)) {
        out.push_str(s);
    } else {
        for c in s.chars() {
            match c {
                '\\' => out.push_str("\\\\"),
                '\'' => out.push_str("\\'"),
                '\0' => out.push_str("\\0"),
                c => out.push(c),
            }
        }
    }
    out.push('\'');
}

fn hex(out: &mut String, b: &[u8]) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    out.reserve(b.len() * 2 + 3);
    out.push_str("X'");
    for byte in b {
        out.push(HEX[usize::from(byte >> 4)] as char);
        out.push(HEX[usize::from(byte & 15)] as char);
    }
    out.push('\'');
}

/// Days since the epoch → `YYYY-MM-DD` (the server rejects years outside its range).
fn date(out: &mut String, days: i64) -> Result<(), String> {
    let d = i32::try_from(days)
        .ok()
        .and_then(|d| {
            chrono::NaiveDate::from_ymd_opt(1970, 1, 1)?
                .checked_add_signed(chrono::TimeDelta::try_days(d.into())?)
        })
        .ok_or_else(|| format!("{days} days from 1970-01-01 is not a date MySQL can hold"))?;
    use chrono::Datelike;
    if !(0..=9999).contains(&d.year()) {
        return Err(format!("the date {d} is outside MySQL's years 0000-9999"));
    }
    let _ = write!(out, "{:04}-{:02}-{:02}", d.year(), d.month(), d.day());
    Ok(())
}

/// Nanoseconds since midnight → `'HH:MM:SS[.fff…]'`.
fn time(out: &mut String, nanos: i64, digits: u32) -> Result<(), String> {
    if !(0..86_400_000_000_000).contains(&nanos) {
        return Err(format!("{nanos} ns is not a time of day"));
    }
    out.push('\'');
    clock(out, nanos, digits);
    out.push('\'');
    Ok(())
}

/// `HH:MM:SS` and `digits` fractional digits of nanoseconds since midnight (within a day).
fn clock(out: &mut String, nanos: i64, digits: u32) {
    let secs = nanos / 1_000_000_000;
    let frac = nanos % 1_000_000_000;
    let _ = write!(
        out,
        "{:02}:{:02}:{:02}",
        secs / 3600,
        (secs / 60) % 60,
        secs % 60
    );
    if digits > 0 {
        let v = frac / 10i64.pow(9 - digits);
        let _ = write!(out, ".{v:0width$}", width = digits as usize);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use arrow_array::{
        BinaryArray, Decimal128Array, Float64Array, StringArray, TimestampMicrosecondArray,
    };
    use std::sync::Arc;

    fn lit(a: ArrayRef) -> Vec<String> {
        crate::insert::literals::<Encoder>(a)
    }

    #[test]
    fn literals_are_exact() {
        let d = Decimal128Array::from(vec![Some(-12345), Some(5), None])
            .with_precision_and_scale(10, 3)
            .unwrap();
        assert_eq!(lit(Arc::new(d)), ["-12.345", "0.005", "NULL"]);
        assert_eq!(
            lit(Arc::new(StringArray::from(vec!["a'b\\c", "é😀", ""]))),
            ["'a\\'b\\\\c'", "'é😀'", "''"]
        );
        assert_eq!(
            lit(Arc::new(BinaryArray::from(vec![&[0u8, 255][..], &[]]))),
            ["X'00FF'", "X''"]
        );
        assert_eq!(
            lit(Arc::new(TimestampMicrosecondArray::from(vec![
                -1, 1_000_001
            ]))),
            [
                "'1969-12-31 23:59:59.999999'",
                "'1970-01-01 00:00:01.000001'"
            ]
        );
        assert_eq!(
            lit(Arc::new(Float64Array::from(vec![0.1, 1e300]))),
            ["0.1", "1e300"]
        );
        let e = Encoder::new(&(Arc::new(Float64Array::from(vec![f64::NAN])) as ArrayRef)).unwrap();
        assert!(e.write(&mut String::new(), 0).is_err());
    }
}
