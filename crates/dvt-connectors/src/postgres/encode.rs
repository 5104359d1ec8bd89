//! Arrow arrays → PostgreSQL binary COPY (`COPY … FROM STDIN (FORMAT binary)`), encoded by the
//! TARGET column's type.
//!
//! Written by hand. The crate `pgpq` (0.12, which does build against arrow 59) encodes by the
//! *Arrow* type (Int64 → int8, Utf8 → text …), but binary COPY does not coerce: an int4 column
//! needs exactly 4-byte integers, jsonb a version byte, uuid 16 bytes. So every value is
//! written in the format of the column it goes into, with a range check where the column is
//! narrower than the Arrow type; a value the column cannot hold is an error naming the column
//! and the value.

use arrow_array::cast::AsArray;
use arrow_array::types::{
    Date32Type, Date64Type, Decimal128Type, Decimal256Type, DurationMicrosecondType,
    DurationMillisecondType, DurationNanosecondType, DurationSecondType, Float32Type, Float64Type,
    Int8Type, Int16Type, Int32Type, Int64Type, IntervalDayTimeType, IntervalMonthDayNanoType,
    IntervalYearMonthType, Time32MillisecondType, Time32SecondType, Time64MicrosecondType,
    Time64NanosecondType, TimestampMicrosecondType, TimestampMillisecondType,
    TimestampNanosecondType, TimestampSecondType, UInt8Type, UInt16Type, UInt32Type, UInt64Type,
};
use arrow_array::{
    Array, ArrayRef, BinaryArray, BinaryViewArray, BooleanArray, FixedSizeBinaryArray,
    LargeBinaryArray, LargeStringArray, RecordBatch, StringArray, StringViewArray,
};
use arrow_buffer::{IntervalDayTime, IntervalMonthDayNano, i256};
use arrow_schema::{DataType, IntervalUnit, TimeUnit};
use bytes::{BufMut, BytesMut};

use super::decode::{PG_EPOCH_DAYS, PG_EPOCH_MICROS, SIGNATURE};
use super::numeric;
use super::types::{PgKind, Scalar};

/// A column of the target table, as the encoder needs it.
#[derive(Debug, Clone)]
pub(crate) struct Target {
    /// The column name.
    pub name: String,
    /// The native type (for messages).
    pub native: String,
    /// Scalar or array, and the wire format.
    pub kind: PgKind,
    /// The element type OID (arrays).
    pub elem_oid: u32,
    /// varchar(n) / char(n) limit.
    pub max_chars: Option<usize>,
    /// numeric(p, s): the largest number of integer digits.
    pub max_int_digits: Option<u32>,
}

/// Appends the binary COPY header.
pub(crate) fn header(out: &mut BytesMut) {
    out.put_slice(SIGNATURE);
    out.put_i32(0);
    out.put_i32(0);
}

/// Appends the binary COPY trailer.
pub(crate) fn trailer(out: &mut BytesMut) {
    out.put_i16(-1);
}

enum Ints<'a> {
    I8(&'a [i8]),
    I16(&'a [i16]),
    I32(&'a [i32]),
    I64(&'a [i64]),
    U8(&'a [u8]),
    U16(&'a [u16]),
    U32(&'a [u32]),
    U64(&'a [u64]),
}

impl Ints<'_> {
    fn of(a: &dyn Array) -> Option<Ints<'_>> {
        Some(match a.data_type() {
            DataType::Int8 => Ints::I8(a.as_primitive::<Int8Type>().values()),
            DataType::Int16 => Ints::I16(a.as_primitive::<Int16Type>().values()),
            DataType::Int32 => Ints::I32(a.as_primitive::<Int32Type>().values()),
            DataType::Int64 => Ints::I64(a.as_primitive::<Int64Type>().values()),
            DataType::UInt8 => Ints::U8(a.as_primitive::<UInt8Type>().values()),
            DataType::UInt16 => Ints::U16(a.as_primitive::<UInt16Type>().values()),
            DataType::UInt32 => Ints::U32(a.as_primitive::<UInt32Type>().values()),
            DataType::UInt64 => Ints::U64(a.as_primitive::<UInt64Type>().values()),
            _ => return None,
        })
    }

    #[inline]
    fn get(&self, i: usize) -> i128 {
        match self {
            Ints::I8(v) => v[i].into(),
            Ints::I16(v) => v[i].into(),
            Ints::I32(v) => v[i].into(),
            Ints::I64(v) => v[i].into(),
            Ints::U8(v) => v[i].into(),
            Ints::U16(v) => v[i].into(),
            Ints::U32(v) => v[i].into(),
            Ints::U64(v) => v[i].into(),
        }
    }
}

enum Floats<'a> {
    F32(&'a [f32]),
    F64(&'a [f64]),
    Int(Ints<'a>),
}

impl Floats<'_> {
    fn of(a: &dyn Array) -> Option<Floats<'_>> {
        Some(match a.data_type() {
            DataType::Float32 => Floats::F32(a.as_primitive::<Float32Type>().values()),
            DataType::Float64 => Floats::F64(a.as_primitive::<Float64Type>().values()),
            _ => Floats::Int(Ints::of(a)?),
        })
    }

    #[inline]
    fn get(&self, i: usize) -> f64 {
        match self {
            Floats::F32(v) => f64::from(v[i]),
            Floats::F64(v) => v[i],
            Floats::Int(v) => v.get(i) as f64,
        }
    }
}

enum Strs<'a> {
    Utf8(&'a StringArray),
    Large(&'a LargeStringArray),
    View(&'a StringViewArray),
}

impl Strs<'_> {
    fn of(a: &dyn Array) -> Option<Strs<'_>> {
        Some(match a.data_type() {
            DataType::Utf8 => Strs::Utf8(a.as_string::<i32>()),
            DataType::LargeUtf8 => Strs::Large(a.as_string::<i64>()),
            DataType::Utf8View => Strs::View(a.as_string_view()),
            _ => return None,
        })
    }

    #[inline]
    fn get(&self, i: usize) -> &str {
        match self {
            Strs::Utf8(a) => a.value(i),
            Strs::Large(a) => a.value(i),
            Strs::View(a) => a.value(i),
        }
    }
}

enum Bins<'a> {
    Bin(&'a BinaryArray),
    Large(&'a LargeBinaryArray),
    View(&'a BinaryViewArray),
    Fixed(&'a FixedSizeBinaryArray),
}

impl Bins<'_> {
    fn of(a: &dyn Array) -> Option<Bins<'_>> {
        Some(match a.data_type() {
            DataType::Binary => Bins::Bin(a.as_binary::<i32>()),
            DataType::LargeBinary => Bins::Large(a.as_binary::<i64>()),
            DataType::BinaryView => Bins::View(a.as_binary_view()),
            DataType::FixedSizeBinary(_) => Bins::Fixed(a.as_fixed_size_binary()),
            _ => return None,
        })
    }

    #[inline]
    fn get(&self, i: usize) -> &[u8] {
        match self {
            Bins::Bin(a) => a.value(i),
            Bins::Large(a) => a.value(i),
            Bins::View(a) => a.value(i),
            Bins::Fixed(a) => a.value(i),
        }
    }
}

#[derive(Clone, Copy)]
enum TextConv {
    Plain,
    Jsonb,
    Uuid,
}

/// Microseconds from a value in `unit`: (multiplier, divisor).
fn to_micros(unit: &TimeUnit) -> (i64, i64) {
    match unit {
        TimeUnit::Second => (1_000_000, 1),
        TimeUnit::Millisecond => (1_000, 1),
        TimeUnit::Microsecond => (1, 1),
        TimeUnit::Nanosecond => (1, 1_000),
    }
}

enum Enc<'a> {
    Bool(&'a BooleanArray),
    /// Integers into int2/int4/int8/oid: byte width, bounds.
    Int {
        src: Ints<'a>,
        width: u8,
        min: i128,
        max: i128,
    },
    Float4(Floats<'a>),
    Float8(Floats<'a>),
    Dec128(&'a [i128], i8),
    Dec256(&'a [i256], i8),
    NumericInt(Ints<'a>),
    Text {
        src: Strs<'a>,
        conv: TextConv,
        max_chars: Option<usize>,
    },
    Bytea(Bins<'a>),
    Date32(&'a [i32]),
    Date64(&'a [i64]),
    /// Time of day: values, (multiplier, divisor) to microseconds.
    Time32(&'a [i32], (i64, i64)),
    Time64(&'a [i64], (i64, i64)),
    /// Timestamps since 1970 in some unit → microseconds since 2000.
    Timestamp(&'a [i64], (i64, i64)),
    Mdn(&'a [IntervalMonthDayNano]),
    DayTime(&'a [IntervalDayTime]),
    YearMonth(&'a [i32]),
    Duration(&'a [i64], (i64, i64)),
    List {
        offsets: Vec<usize>,
        elem_oid: u32,
        child: Box<ColEnc<'a>>,
    },
}

/// One column of a batch, ready to encode into its target column.
pub(crate) struct ColEnc<'a> {
    name: &'a str,
    native: &'a str,
    array: &'a dyn Array,
    enc: Enc<'a>,
    max_int_digits: Option<u32>,
}

fn excerpt(s: &str) -> String {
    if s.chars().count() > 40 {
        format!("'{}…'", s.chars().take(40).collect::<String>())
    } else {
        format!("'{s}'")
    }
}

fn parse_uuid(s: &str) -> Option<[u8; 16]> {
    let t = s.trim();
    let t = t
        .strip_prefix('{')
        .and_then(|x| x.strip_suffix('}'))
        .unwrap_or(t);
    let mut out = [0u8; 16];
    let mut n = 0usize;
    let mut hi: Option<u8> = None;
    for c in t.bytes() {
        if c == b'-' {
            continue;
        }
        let v = (c as char).to_digit(16)? as u8;
        match hi.take() {
            None => hi = Some(v),
            Some(h) => {
                if n == 16 {
                    return None;
                }
                out[n] = (h << 4) | v;
                n += 1;
            }
        }
    }
    (n == 16 && hi.is_none()).then_some(out)
}

impl<'a> ColEnc<'a> {
    /// The encoder of `array` into `target`, or a message why the Arrow type cannot go there.
    pub(crate) fn new(array: &'a ArrayRef, target: &'a Target) -> Result<Self, String> {
        let scalar = match target.kind {
            PgKind::Scalar(s) => s,
            PgKind::Array(s) => {
                let (offsets, values): (Vec<usize>, &ArrayRef) = match array.data_type() {
                    DataType::List(_) => {
                        let l = array.as_list::<i32>();
                        (
                            l.value_offsets().iter().map(|o| *o as usize).collect(),
                            l.values(),
                        )
                    }
                    DataType::LargeList(_) => {
                        let l = array.as_list::<i64>();
                        (
                            l.value_offsets().iter().map(|o| *o as usize).collect(),
                            l.values(),
                        )
                    }
                    other => return Err(mismatch(target, other)),
                };
                let child = Self::scalar(values.as_ref(), target, s)?;
                return Ok(Self {
                    name: &target.name,
                    native: &target.native,
                    array: array.as_ref(),
                    enc: Enc::List {
                        offsets,
                        elem_oid: target.elem_oid,
                        child: Box::new(child),
                    },
                    max_int_digits: None,
                });
            }
        };
        Self::scalar(array.as_ref(), target, scalar)
    }

    fn scalar(array: &'a dyn Array, target: &'a Target, scalar: Scalar) -> Result<Self, String> {
        let dt = array.data_type();
        let miss = || mismatch(target, dt);
        let int = |width: u8, min: i128, max: i128| -> Result<Enc<'a>, String> {
            Ok(Enc::Int {
                src: Ints::of(array).ok_or_else(miss)?,
                width,
                min,
                max,
            })
        };
        let text = |conv| -> Result<Enc<'a>, String> {
            Ok(Enc::Text {
                src: Strs::of(array).ok_or_else(miss)?,
                conv,
                max_chars: target.max_chars,
            })
        };
        let enc = match scalar {
            Scalar::Bool => match dt {
                DataType::Boolean => Enc::Bool(array.as_boolean()),
                _ => return Err(miss()),
            },
            Scalar::Int2 => int(2, i16::MIN.into(), i16::MAX.into())?,
            Scalar::Int4 => int(4, i32::MIN.into(), i32::MAX.into())?,
            Scalar::Int8 => int(8, i64::MIN.into(), i64::MAX.into())?,
            Scalar::Oid => int(4, 0, u32::MAX.into())?,
            Scalar::Float4 => Enc::Float4(Floats::of(array).ok_or_else(miss)?),
            Scalar::Float8 => Enc::Float8(Floats::of(array).ok_or_else(miss)?),
            Scalar::Numeric => match dt {
                DataType::Decimal128(_, s) => {
                    Enc::Dec128(array.as_primitive::<Decimal128Type>().values(), *s)
                }
                DataType::Decimal256(_, s) => {
                    Enc::Dec256(array.as_primitive::<Decimal256Type>().values(), *s)
                }
                _ => Enc::NumericInt(Ints::of(array).ok_or_else(miss)?),
            },
            Scalar::Text | Scalar::Json => text(TextConv::Plain)?,
            Scalar::Jsonb => text(TextConv::Jsonb)?,
            Scalar::Uuid => text(TextConv::Uuid)?,
            Scalar::Bytea => Enc::Bytea(Bins::of(array).ok_or_else(miss)?),
            Scalar::Date => match dt {
                DataType::Date32 => Enc::Date32(array.as_primitive::<Date32Type>().values()),
                DataType::Date64 => Enc::Date64(array.as_primitive::<Date64Type>().values()),
                _ => return Err(miss()),
            },
            Scalar::Time => match dt {
                DataType::Time32(TimeUnit::Second) => Enc::Time32(
                    array.as_primitive::<Time32SecondType>().values(),
                    to_micros(&TimeUnit::Second),
                ),
                DataType::Time32(TimeUnit::Millisecond) => Enc::Time32(
                    array.as_primitive::<Time32MillisecondType>().values(),
                    to_micros(&TimeUnit::Millisecond),
                ),
                DataType::Time64(TimeUnit::Microsecond) => Enc::Time64(
                    array.as_primitive::<Time64MicrosecondType>().values(),
                    to_micros(&TimeUnit::Microsecond),
                ),
                DataType::Time64(TimeUnit::Nanosecond) => Enc::Time64(
                    array.as_primitive::<Time64NanosecondType>().values(),
                    to_micros(&TimeUnit::Nanosecond),
                ),
                _ => return Err(miss()),
            },
            Scalar::Timestamp | Scalar::Timestamptz => match dt {
                DataType::Timestamp(unit, _) => {
                    let values: &[i64] = match unit {
                        TimeUnit::Second => array.as_primitive::<TimestampSecondType>().values(),
                        TimeUnit::Millisecond => {
                            array.as_primitive::<TimestampMillisecondType>().values()
                        }
                        TimeUnit::Microsecond => {
                            array.as_primitive::<TimestampMicrosecondType>().values()
                        }
                        TimeUnit::Nanosecond => {
                            array.as_primitive::<TimestampNanosecondType>().values()
                        }
                    };
                    Enc::Timestamp(values, to_micros(unit))
                }
                _ => return Err(miss()),
            },
            Scalar::Interval => match dt {
                DataType::Interval(IntervalUnit::MonthDayNano) => {
                    Enc::Mdn(array.as_primitive::<IntervalMonthDayNanoType>().values())
                }
                DataType::Interval(IntervalUnit::DayTime) => {
                    Enc::DayTime(array.as_primitive::<IntervalDayTimeType>().values())
                }
                DataType::Interval(IntervalUnit::YearMonth) => {
                    Enc::YearMonth(array.as_primitive::<IntervalYearMonthType>().values())
                }
                DataType::Duration(unit) => {
                    let values: &[i64] = match unit {
                        TimeUnit::Second => array.as_primitive::<DurationSecondType>().values(),
                        TimeUnit::Millisecond => {
                            array.as_primitive::<DurationMillisecondType>().values()
                        }
                        TimeUnit::Microsecond => {
                            array.as_primitive::<DurationMicrosecondType>().values()
                        }
                        TimeUnit::Nanosecond => {
                            array.as_primitive::<DurationNanosecondType>().values()
                        }
                    };
                    Enc::Duration(values, to_micros(unit))
                }
                _ => return Err(miss()),
            },
        };
        Ok(Self {
            name: &target.name,
            native: &target.native,
            array,
            enc,
            max_int_digits: target.max_int_digits,
        })
    }

    fn err(&self, value: impl std::fmt::Display, why: &str) -> String {
        format!(
            "column \"{}\" ({}) cannot hold the value {value}: {why}",
            self.name, self.native
        )
    }

    /// Appends row `i` (length word first, `-1` for NULL).
    #[inline]
    pub(crate) fn write(&self, i: usize, out: &mut BytesMut) -> Result<(), String> {
        if self.array.is_null(i) {
            out.put_i32(-1);
            return Ok(());
        }
        let micros = |v: i64, (mul, div): (i64, i64)| -> Option<i64> {
            v.checked_mul(mul).map(|x| x.div_euclid(div))
        };
        match &self.enc {
            Enc::Bool(a) => {
                out.put_i32(1);
                out.put_u8(u8::from(a.value(i)));
            }
            Enc::Int {
                src,
                width,
                min,
                max,
            } => {
                let v = src.get(i);
                if v < *min || v > *max {
                    return Err(self.err(v, "out of range"));
                }
                out.put_i32(i32::from(*width));
                match width {
                    2 => out.put_i16(v as i16),
                    4 if *min == 0 => out.put_u32(v as u32),
                    4 => out.put_i32(v as i32),
                    _ => out.put_i64(v as i64),
                }
            }
            Enc::Float4(src) => {
                let v = src.get(i);
                let f = v as f32;
                if v.is_finite() && !f.is_finite() {
                    return Err(self.err(v, "out of range for real"));
                }
                out.put_i32(4);
                out.put_f32(f);
            }
            Enc::Float8(src) => {
                out.put_i32(8);
                out.put_f64(src.get(i));
            }
            Enc::Dec128(v, s) => {
                let x = v[i];
                if let Some(d) = self.max_int_digits {
                    let int = x.unsigned_abs() / 10u128.pow(u32::from(s.max(&0).unsigned_abs()));
                    if d < 39 && int >= 10u128.pow(d) {
                        return Err(self.err(decimal_text(&x.to_string(), *s), "too many digits"));
                    }
                }
                numeric::encode(x, *s, out).map_err(|e| self.err(x, &e))?;
            }
            Enc::Dec256(v, s) => {
                let x = v[i];
                if let Some(d) = self.max_int_digits {
                    let digits = x.to_string().trim_start_matches('-').len() as i64;
                    if digits - i64::from(*s) > i64::from(d) {
                        return Err(self.err(decimal_text(&x.to_string(), *s), "too many digits"));
                    }
                }
                numeric::encode(x, *s, out).map_err(|e| self.err(x, &e))?;
            }
            Enc::NumericInt(src) => {
                let x = src.get(i);
                if let Some(d) = self.max_int_digits
                    && d < 39
                    && x.unsigned_abs() >= 10u128.pow(d)
                {
                    return Err(self.err(x, "too many digits"));
                }
                numeric::encode(x, 0, out).map_err(|e| self.err(x, &e))?;
            }
            Enc::Text {
                src,
                conv,
                max_chars,
            } => {
                let s = src.get(i);
                if let Some(n) = max_chars
                    && s.len() > *n
                    && s.chars().count() > *n
                {
                    return Err(self.err(excerpt(s), &format!("longer than {n} characters")));
                }
                match conv {
                    TextConv::Plain => {
                        out.put_i32(s.len() as i32);
                        out.put_slice(s.as_bytes());
                    }
                    TextConv::Jsonb => {
                        out.put_i32(s.len() as i32 + 1);
                        out.put_u8(1);
                        out.put_slice(s.as_bytes());
                    }
                    TextConv::Uuid => {
                        let u = parse_uuid(s).ok_or_else(|| self.err(excerpt(s), "not a UUID"))?;
                        out.put_i32(16);
                        out.put_slice(&u);
                    }
                }
            }
            Enc::Bytea(src) => {
                let b = src.get(i);
                out.put_i32(b.len() as i32);
                out.put_slice(b);
            }
            Enc::Date32(v) => {
                let d = v[i]
                    .checked_sub(PG_EPOCH_DAYS)
                    .ok_or_else(|| self.err(v[i], "date out of range"))?;
                out.put_i32(4);
                out.put_i32(d);
            }
            Enc::Date64(v) => {
                let days = v[i].div_euclid(86_400_000) - i64::from(PG_EPOCH_DAYS);
                let d = i32::try_from(days).map_err(|_| self.err(v[i], "date out of range"))?;
                out.put_i32(4);
                out.put_i32(d);
            }
            Enc::Time32(v, f) => {
                out.put_i32(8);
                out.put_i64(micros(i64::from(v[i]), *f).unwrap_or(0));
            }
            Enc::Time64(v, f) => {
                let us = micros(v[i], *f).ok_or_else(|| self.err(v[i], "out of range"))?;
                out.put_i32(8);
                out.put_i64(us);
            }
            Enc::Timestamp(v, f) => {
                let us = micros(v[i], *f)
                    .and_then(|u| u.checked_sub(PG_EPOCH_MICROS))
                    .ok_or_else(|| self.err(v[i], "timestamp out of range"))?;
                out.put_i32(8);
                out.put_i64(us);
            }
            Enc::Mdn(v) => {
                let x = v[i];
                out.put_i32(16);
                out.put_i64(x.nanoseconds / 1_000);
                out.put_i32(x.days);
                out.put_i32(x.months);
            }
            Enc::DayTime(v) => {
                let x = v[i];
                out.put_i32(16);
                out.put_i64(i64::from(x.milliseconds) * 1_000);
                out.put_i32(x.days);
                out.put_i32(0);
            }
            Enc::YearMonth(v) => {
                out.put_i32(16);
                out.put_i64(0);
                out.put_i32(0);
                out.put_i32(v[i]);
            }
            Enc::Duration(v, f) => {
                let us = micros(v[i], *f).ok_or_else(|| self.err(v[i], "out of range"))?;
                out.put_i32(16);
                out.put_i64(us);
                out.put_i32(0);
                out.put_i32(0);
            }
            Enc::List {
                offsets,
                elem_oid,
                child,
            } => {
                let (start, end) = (offsets[i], offsets[i + 1]);
                let at = out.len();
                out.put_i32(0); // patched below
                let n = end - start;
                let has_null = (start..end).any(|j| child.array.is_null(j));
                out.put_i32(i32::from(n > 0));
                out.put_i32(i32::from(has_null));
                out.put_u32(*elem_oid);
                if n > 0 {
                    out.put_i32(n as i32);
                    out.put_i32(1);
                    for j in start..end {
                        child.write(j, out)?;
                    }
                }
                let len = (out.len() - at - 4) as i32;
                out[at..at + 4].copy_from_slice(&len.to_be_bytes());
            }
        }
        Ok(())
    }
}

fn decimal_text(unscaled: &str, scale: i8) -> String {
    if scale <= 0 {
        return format!("{unscaled}{}", "0".repeat(scale.unsigned_abs().into()));
    }
    let (neg, digits) = match unscaled.strip_prefix('-') {
        Some(d) => ("-", d),
        None => ("", unscaled),
    };
    let s = scale as usize;
    let padded = format!("{digits:0>width$}", width = s + 1);
    let (i, f) = padded.split_at(padded.len() - s);
    format!("{neg}{i}.{f}")
}

fn mismatch(target: &Target, dt: &DataType) -> String {
    format!(
        "column \"{}\" is {} and cannot take Arrow {dt} values; cast it in the model to a matching type",
        target.name, target.native
    )
}

/// Appends every row of `batch` (columns in the order of `encoders`).
pub(crate) fn encode_rows(
    batch: &RecordBatch,
    encoders: &[ColEnc<'_>],
    out: &mut BytesMut,
) -> Result<(), String> {
    let n = encoders.len() as i16;
    for row in 0..batch.num_rows() {
        out.put_i16(n);
        for e in encoders {
            e.write(row, out)?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uuids_parse_in_the_usual_spellings() {
        let want = parse_uuid("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11").unwrap();
        assert_eq!(want[0], 0xa0);
        assert_eq!(
            parse_uuid("{A0EEBC99-9C0B4EF8BB6D6BB9BD380A11}").unwrap(),
            want
        );
        assert!(parse_uuid("a0eebc99").is_none());
        assert!(parse_uuid("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11ff").is_none());
        assert!(parse_uuid("g0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11").is_none());
    }

    #[test]
    fn decimal_text_places_the_point() {
        assert_eq!(decimal_text("-12345", 2), "-123.45");
        assert_eq!(decimal_text("5", 3), "0.005");
        assert_eq!(decimal_text("12", -2), "1200");
    }
}
