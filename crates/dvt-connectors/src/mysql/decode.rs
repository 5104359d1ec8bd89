//! Result-set metadata → canonical types, and text-protocol values → Arrow builders.
//!
//! The text protocol sends every value as its text (or raw bytes for BIT and binary strings).
//! Each column gets a [`ColumnDecoder`] that parses that text straight into its Arrow builder.

use std::collections::HashMap;
use std::sync::Arc;

use arrow_array::builder::{
    BinaryBuilder, BooleanBuilder, Date32Builder, Decimal128Builder, Decimal256Builder,
    Float32Builder, Float64Builder, Int8Builder, Int16Builder, Int32Builder, Int64Builder,
    StringBuilder, Time32MillisecondBuilder, Time32SecondBuilder, Time64MicrosecondBuilder,
    TimestampMicrosecondBuilder, TimestampMillisecondBuilder, TimestampSecondBuilder, UInt8Builder,
    UInt16Builder, UInt32Builder, UInt64Builder,
};
use arrow_array::{ArrayRef, RecordBatch};
use arrow_buffer::i256;
use arrow_schema::{DataType, Field, Schema, SchemaRef, TimeUnit};
use dvt_types::{DbKind, DvtType};
use mysql_async::consts::{ColumnFlags, ColumnType};
use mysql_async::{Column, Value};

/// The character set id of binary strings (`binary` collation).
pub(crate) const BINARY_CHARSET: u16 = 63;

/// The maximum bytes per character of each collation id the server knows (from
/// `information_schema.COLLATIONS` and `CHARACTER_SETS`); result-set lengths are in bytes.
pub(crate) type CharsetWidths = HashMap<u16, u32>;

/// The native type spelling (as `information_schema.COLUMN_TYPE` would write it) of a result
/// column, from its protocol type, flags, length and decimals. `Err` names what dvt cannot read.
pub(crate) fn native_type(col: &Column, widths: &CharsetWidths) -> Result<String, String> {
    let flags = col.flags();
    let unsigned = flags.contains(ColumnFlags::UNSIGNED_FLAG);
    let u = if unsigned { " unsigned" } else { "" };
    let len = col.column_length();
    let binary = col.character_set() == BINARY_CHARSET;
    // Characters from bytes: the result's character set (utf8mb4 in dvt sessions) decides.
    let chars = || {
        let w = widths
            .get(&col.character_set())
            .copied()
            .unwrap_or(4)
            .max(1);
        len / w
    };
    let fsp = col.decimals().min(6);
    Ok(match col.column_type() {
        ColumnType::MYSQL_TYPE_TINY if len == 1 && !unsigned => "tinyint(1)".to_string(),
        ColumnType::MYSQL_TYPE_TINY => format!("tinyint{u}"),
        ColumnType::MYSQL_TYPE_SHORT => format!("smallint{u}"),
        ColumnType::MYSQL_TYPE_INT24 => format!("mediumint{u}"),
        ColumnType::MYSQL_TYPE_LONG => format!("int{u}"),
        ColumnType::MYSQL_TYPE_LONGLONG => format!("bigint{u}"),
        ColumnType::MYSQL_TYPE_FLOAT => "float".to_string(),
        ColumnType::MYSQL_TYPE_DOUBLE => "double".to_string(),
        ColumnType::MYSQL_TYPE_DECIMAL | ColumnType::MYSQL_TYPE_NEWDECIMAL => {
            // The display length counts the sign (unless unsigned) and the decimal point.
            let s = u32::from(col.decimals());
            let p = len
                .saturating_sub(u32::from(s > 0))
                .saturating_sub(u32::from(!unsigned))
                .max(s)
                .max(1);
            format!("decimal({p},{s})")
        }
        ColumnType::MYSQL_TYPE_DATE | ColumnType::MYSQL_TYPE_NEWDATE => "date".to_string(),
        ColumnType::MYSQL_TYPE_DATETIME | ColumnType::MYSQL_TYPE_DATETIME2 => {
            format!("datetime({fsp})")
        }
        ColumnType::MYSQL_TYPE_TIMESTAMP | ColumnType::MYSQL_TYPE_TIMESTAMP2 => {
            format!("timestamp({fsp})")
        }
        ColumnType::MYSQL_TYPE_TIME | ColumnType::MYSQL_TYPE_TIME2 => format!("time({fsp})"),
        ColumnType::MYSQL_TYPE_YEAR => "year".to_string(),
        ColumnType::MYSQL_TYPE_BIT => format!("bit({})", len.max(1)),
        ColumnType::MYSQL_TYPE_JSON => "json".to_string(),
        // `SELECT NULL`: no type; carried as text.
        ColumnType::MYSQL_TYPE_NULL => "text".to_string(),
        ColumnType::MYSQL_TYPE_ENUM | ColumnType::MYSQL_TYPE_SET => format!("varchar({})", chars()),
        ColumnType::MYSQL_TYPE_STRING
            if flags.intersects(ColumnFlags::ENUM_FLAG | ColumnFlags::SET_FLAG) =>
        {
            format!("varchar({})", chars())
        }
        ColumnType::MYSQL_TYPE_STRING if binary => format!("binary({len})"),
        ColumnType::MYSQL_TYPE_STRING => format!("char({})", chars()),
        ColumnType::MYSQL_TYPE_VAR_STRING | ColumnType::MYSQL_TYPE_VARCHAR if binary => {
            format!("varbinary({len})")
        }
        ColumnType::MYSQL_TYPE_VAR_STRING | ColumnType::MYSQL_TYPE_VARCHAR => {
            format!("varchar({})", chars())
        }
        ColumnType::MYSQL_TYPE_TINY_BLOB
        | ColumnType::MYSQL_TYPE_MEDIUM_BLOB
        | ColumnType::MYSQL_TYPE_LONG_BLOB
        | ColumnType::MYSQL_TYPE_BLOB
            if binary =>
        {
            if len <= 255 { "tinyblob" } else { "blob" }.to_string()
        }
        ColumnType::MYSQL_TYPE_TINY_BLOB
        | ColumnType::MYSQL_TYPE_MEDIUM_BLOB
        | ColumnType::MYSQL_TYPE_LONG_BLOB
        | ColumnType::MYSQL_TYPE_BLOB => {
            if chars() <= 255 { "tinytext" } else { "text" }.to_string()
        }
        ColumnType::MYSQL_TYPE_GEOMETRY => {
            return Err(
                "a GEOMETRY value; select ST_AsText(column) or ST_AsBinary(column) instead".into(),
            );
        }
        other => return Err(format!("a value of protocol type {other:?}")),
    })
}

/// Where a column's bytes come from: the server's text, or BIT's raw big-endian bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Source {
    Text,
    Bit,
}

enum Builder {
    Boolean(BooleanBuilder),
    Int8(Int8Builder),
    Int16(Int16Builder),
    Int32(Int32Builder),
    Int64(Int64Builder),
    UInt8(UInt8Builder),
    UInt16(UInt16Builder),
    UInt32(UInt32Builder),
    UInt64(UInt64Builder),
    Float32(Float32Builder),
    Float64(Float64Builder),
    Decimal128(Decimal128Builder, u8, i8),
    Decimal256(Decimal256Builder, u8, i8),
    Utf8(StringBuilder),
    Binary(BinaryBuilder),
    Date32(Date32Builder),
    Time32Second(Time32SecondBuilder),
    Time32Milli(Time32MillisecondBuilder),
    Time64Micro(Time64MicrosecondBuilder),
    TsSecond(TimestampSecondBuilder, Option<Arc<str>>),
    TsMilli(TimestampMillisecondBuilder, Option<Arc<str>>),
    TsMicro(TimestampMicrosecondBuilder, Option<Arc<str>>),
}

/// Decodes one result column into its Arrow builder.
pub(crate) struct ColumnDecoder {
    name: String,
    source: Source,
    builder: Builder,
}

/// The decoders and the schema of a result set.
pub(crate) struct BatchDecoder {
    schema: SchemaRef,
    columns: Vec<ColumnDecoder>,
    rows: usize,
}

/// The canonical type of a result column (through the dvt-types parse table of `dialect`).
pub(crate) fn column_type(
    dialect: DbKind,
    col: &Column,
    widths: &CharsetWidths,
) -> Result<DvtType, String> {
    let native = native_type(col, widths)?;
    dvt_types::parse_type(dialect, &native).map_err(|e| e.to_string())
}

impl BatchDecoder {
    /// Decoders for a result set; `types` are the canonical types of its columns.
    pub(crate) fn new(columns: &[Column], types: &[DvtType]) -> Result<Self, String> {
        let mut fields = Vec::with_capacity(columns.len());
        let mut decoders = Vec::with_capacity(columns.len());
        for (col, ty) in columns.iter().zip(types) {
            let name = col.name_str().into_owned();
            // Every extracted field is nullable: the server's NOT NULL flag is not reliable
            // through derived tables and outer joins (the catalog carries nullability).
            let field: Field = ty.to_arrow_field(&name, true);
            let source = if col.column_type() == ColumnType::MYSQL_TYPE_BIT {
                Source::Bit
            } else {
                Source::Text
            };
            let builder = builder_for(field.data_type())
                .ok_or_else(|| format!("column {name}: no decoder for {}", field.data_type()))?;
            fields.push(field);
            decoders.push(ColumnDecoder {
                name,
                source,
                builder,
            });
        }
        Ok(Self {
            schema: Arc::new(Schema::new(fields)),
            columns: decoders,
            rows: 0,
        })
    }

    /// The schema of every batch.
    pub(crate) fn schema(&self) -> SchemaRef {
        Arc::clone(&self.schema)
    }

    /// Rows appended since the last [`BatchDecoder::finish`].
    pub(crate) fn len(&self) -> usize {
        self.rows
    }

    /// Append one row (values in column order; `None`/`NULL` is SQL NULL).
    pub(crate) fn append(&mut self, values: Vec<Option<Value>>) -> Result<(), String> {
        if values.len() != self.columns.len() {
            return Err(format!(
                "a row of {} values where {} columns were announced",
                values.len(),
                self.columns.len()
            ));
        }
        for (dec, v) in self.columns.iter_mut().zip(values) {
            match v {
                None | Some(Value::NULL) => dec.append_null(),
                Some(Value::Bytes(b)) => dec.append(&b)?,
                Some(other) => dec.append_binary(other)?,
            }
        }
        self.rows += 1;
        Ok(())
    }

    /// The rows appended so far as one batch; the builders start over.
    pub(crate) fn finish(&mut self) -> Result<RecordBatch, String> {
        let cols: Vec<ArrayRef> = self.columns.iter_mut().map(|c| c.finish()).collect();
        self.rows = 0;
        RecordBatch::try_new(self.schema(), cols).map_err(|e| e.to_string())
    }
}

fn builder_for(dt: &DataType) -> Option<Builder> {
    Some(match dt {
        DataType::Boolean => Builder::Boolean(BooleanBuilder::new()),
        DataType::Int8 => Builder::Int8(Int8Builder::new()),
        DataType::Int16 => Builder::Int16(Int16Builder::new()),
        DataType::Int32 => Builder::Int32(Int32Builder::new()),
        DataType::Int64 => Builder::Int64(Int64Builder::new()),
        DataType::UInt8 => Builder::UInt8(UInt8Builder::new()),
        DataType::UInt16 => Builder::UInt16(UInt16Builder::new()),
        DataType::UInt32 => Builder::UInt32(UInt32Builder::new()),
        DataType::UInt64 => Builder::UInt64(UInt64Builder::new()),
        DataType::Float32 => Builder::Float32(Float32Builder::new()),
        DataType::Float64 => Builder::Float64(Float64Builder::new()),
        DataType::Decimal128(p, s) => {
            Builder::Decimal128(Decimal128Builder::new().with_data_type(dt.clone()), *p, *s)
        }
        DataType::Decimal256(p, s) => {
            Builder::Decimal256(Decimal256Builder::new().with_data_type(dt.clone()), *p, *s)
        }
        DataType::Utf8 => Builder::Utf8(StringBuilder::new()),
        DataType::Binary => Builder::Binary(BinaryBuilder::new()),
        DataType::Date32 => Builder::Date32(Date32Builder::new()),
        DataType::Time32(TimeUnit::Second) => Builder::Time32Second(Time32SecondBuilder::new()),
        DataType::Time32(TimeUnit::Millisecond) => {
            Builder::Time32Milli(Time32MillisecondBuilder::new())
        }
        DataType::Time64(TimeUnit::Microsecond) => {
            Builder::Time64Micro(Time64MicrosecondBuilder::new())
        }
        DataType::Timestamp(TimeUnit::Second, tz) => {
            Builder::TsSecond(TimestampSecondBuilder::new(), tz.clone())
        }
        DataType::Timestamp(TimeUnit::Millisecond, tz) => {
            Builder::TsMilli(TimestampMillisecondBuilder::new(), tz.clone())
        }
        DataType::Timestamp(TimeUnit::Microsecond, tz) => {
            Builder::TsMicro(TimestampMicrosecondBuilder::new(), tz.clone())
        }
        _ => return None,
    })
}

impl ColumnDecoder {
    fn append_null(&mut self) {
        match &mut self.builder {
            Builder::Boolean(b) => b.append_null(),
            Builder::Int8(b) => b.append_null(),
            Builder::Int16(b) => b.append_null(),
            Builder::Int32(b) => b.append_null(),
            Builder::Int64(b) => b.append_null(),
            Builder::UInt8(b) => b.append_null(),
            Builder::UInt16(b) => b.append_null(),
            Builder::UInt32(b) => b.append_null(),
            Builder::UInt64(b) => b.append_null(),
            Builder::Float32(b) => b.append_null(),
            Builder::Float64(b) => b.append_null(),
            Builder::Decimal128(b, ..) => b.append_null(),
            Builder::Decimal256(b, ..) => b.append_null(),
            Builder::Utf8(b) => b.append_null(),
            Builder::Binary(b) => b.append_null(),
            Builder::Date32(b) => b.append_null(),
            Builder::Time32Second(b) => b.append_null(),
            Builder::Time32Milli(b) => b.append_null(),
            Builder::Time64Micro(b) => b.append_null(),
            Builder::TsSecond(b, _) => b.append_null(),
            Builder::TsMilli(b, _) => b.append_null(),
            Builder::TsMicro(b, _) => b.append_null(),
        }
    }

    /// A binary-protocol value (numbers, dates and times arrive typed; text as bytes).
    fn append_binary(&mut self, v: Value) -> Result<(), String> {
        let name = &self.name;
        let bad = |what: &str| format!("column {name}: cannot read {v:?} as {what}");
        match (&mut self.builder, &v) {
            (Builder::Boolean(b), Value::Int(i)) => b.append_value(*i != 0),
            (Builder::Boolean(b), Value::UInt(i)) => b.append_value(*i != 0),
            (Builder::Int8(b), Value::Int(i)) => {
                b.append_value(conv(*i).ok_or_else(|| bad("int8"))?)
            }
            (Builder::Int16(b), Value::Int(i)) => {
                b.append_value(conv(*i).ok_or_else(|| bad("int16"))?)
            }
            (Builder::Int16(b), Value::UInt(i)) => {
                b.append_value(conv(*i).ok_or_else(|| bad("int16"))?)
            }
            (Builder::Int32(b), Value::Int(i)) => {
                b.append_value(conv(*i).ok_or_else(|| bad("int32"))?)
            }
            (Builder::Int64(b), Value::Int(i)) => b.append_value(*i),
            (Builder::Int64(b), Value::UInt(i)) => {
                b.append_value(conv(*i).ok_or_else(|| bad("int64"))?)
            }
            (Builder::UInt8(b), Value::UInt(i)) => {
                b.append_value(conv(*i).ok_or_else(|| bad("uint8"))?)
            }
            (Builder::UInt8(b), Value::Int(i)) => {
                b.append_value(conv(*i).ok_or_else(|| bad("uint8"))?)
            }
            (Builder::UInt16(b), Value::UInt(i)) => {
                b.append_value(conv(*i).ok_or_else(|| bad("uint16"))?)
            }
            (Builder::UInt16(b), Value::Int(i)) => {
                b.append_value(conv(*i).ok_or_else(|| bad("uint16"))?)
            }
            (Builder::UInt32(b), Value::UInt(i)) => {
                b.append_value(conv(*i).ok_or_else(|| bad("uint32"))?)
            }
            (Builder::UInt32(b), Value::Int(i)) => {
                b.append_value(conv(*i).ok_or_else(|| bad("uint32"))?)
            }
            (Builder::UInt64(b), Value::UInt(i)) => b.append_value(*i),
            (Builder::UInt64(b), Value::Int(i)) => {
                b.append_value(conv(*i).ok_or_else(|| bad("uint64"))?)
            }
            (Builder::Float32(b), Value::Float(f)) => b.append_value(*f),
            (Builder::Float64(b), Value::Double(f)) => b.append_value(*f),
            (Builder::Float64(b), Value::Float(f)) => b.append_value(f64::from(*f)),
            (Builder::Date32(b), Value::Date(y, mo, d, ..)) => {
                b.append_value(date_days(*y, *mo, *d).ok_or_else(|| bad(DATE))?)
            }
            (
                Builder::TsSecond(..) | Builder::TsMilli(..) | Builder::TsMicro(..),
                Value::Date(y, mo, d, h, mi, sec, us),
            ) => {
                let days = date_days(*y, *mo, *d).ok_or_else(|| bad(DATETIME))?;
                let micros = clock_micros(*h, *mi, *sec, *us).ok_or_else(|| bad(DATETIME))?;
                let t = i64::from(days) * 86_400_000_000 + micros;
                match &mut self.builder {
                    Builder::TsSecond(b, _) => b.append_value(t.div_euclid(1_000_000)),
                    Builder::TsMilli(b, _) => b.append_value(t.div_euclid(1_000)),
                    Builder::TsMicro(b, _) => b.append_value(t),
                    _ => unreachable!("matched above"),
                }
            }
            (
                Builder::Time32Second(_) | Builder::Time32Milli(_) | Builder::Time64Micro(_),
                Value::Time(neg, days, h, mi, sec, us),
            ) => {
                if *neg || *days > 0 {
                    return Err(bad(TIME_OF_DAY));
                }
                let t = clock_micros(*h, *mi, *sec, *us).ok_or_else(|| bad(TIME_OF_DAY))?;
                match &mut self.builder {
                    Builder::Time32Second(b) => b.append_value((t / 1_000_000) as i32),
                    Builder::Time32Milli(b) => b.append_value((t / 1_000) as i32),
                    Builder::Time64Micro(b) => b.append_value(t),
                    _ => unreachable!("matched above"),
                }
            }
            // Anything else through its text (e.g. an integer into a decimal or text column).
            _ => {
                let text = match &v {
                    Value::Int(i) => i.to_string(),
                    Value::UInt(i) => i.to_string(),
                    Value::Float(f) => f.to_string(),
                    Value::Double(f) => f.to_string(),
                    other => return Err(bad(&format!("its column type ({other:?})"))),
                };
                return self.append(text.as_bytes());
            }
        }
        Ok(())
    }

    fn append(&mut self, bytes: &[u8]) -> Result<(), String> {
        let name = &self.name;
        let bad = |what: &str| {
            format!(
                "column {name}: cannot read {} as {what}",
                show(bytes).unwrap_or_else(|| format!("{} bytes", bytes.len()))
            )
        };
        if self.source == Source::Bit {
            if bytes.len() > 8 {
                return Err(bad("a BIT value of at most 64 bits"));
            }
            let v = bytes.iter().fold(0u64, |acc, b| (acc << 8) | u64::from(*b));
            return match &mut self.builder {
                Builder::Boolean(b) => {
                    b.append_value(v != 0);
                    Ok(())
                }
                // bit(n > 1) is carried as its unsigned number, in text.
                Builder::Utf8(b) => {
                    b.append_value(v.to_string());
                    Ok(())
                }
                Builder::UInt64(b) => {
                    b.append_value(v);
                    Ok(())
                }
                _ => Err(bad("a BIT value")),
            };
        }
        if let Builder::Binary(b) = &mut self.builder {
            b.append_value(bytes);
            return Ok(());
        }
        let text = std::str::from_utf8(bytes).map_err(|_| bad("UTF-8 text"))?;
        match &mut self.builder {
            Builder::Boolean(b) => {
                b.append_value(text.parse::<i64>().map_err(|_| bad("a boolean"))? != 0)
            }
            Builder::Int8(b) => b.append_value(text.parse().map_err(|_| bad("int8"))?),
            Builder::Int16(b) => b.append_value(text.parse().map_err(|_| bad("int16"))?),
            Builder::Int32(b) => b.append_value(text.parse().map_err(|_| bad("int32"))?),
            Builder::Int64(b) => b.append_value(text.parse().map_err(|_| bad("int64"))?),
            Builder::UInt8(b) => b.append_value(text.parse().map_err(|_| bad("uint8"))?),
            Builder::UInt16(b) => b.append_value(text.parse().map_err(|_| bad("uint16"))?),
            Builder::UInt32(b) => b.append_value(text.parse().map_err(|_| bad("uint32"))?),
            Builder::UInt64(b) => b.append_value(text.parse().map_err(|_| bad("uint64"))?),
            Builder::Float32(b) => b.append_value(text.parse().map_err(|_| bad("float32"))?),
            Builder::Float64(b) => b.append_value(text.parse().map_err(|_| bad("float64"))?),
            Builder::Decimal128(b, p, s) => {
                let digits = decimal_digits(text, *s).ok_or_else(|| bad("a decimal"))?;
                let v: i128 = digits.parse().map_err(|_| bad("a decimal"))?;
                check_precision(&digits, *p).ok_or_else(|| bad(&format!("decimal({p},{s})")))?;
                b.append_value(v);
            }
            Builder::Decimal256(b, p, s) => {
                let digits = decimal_digits(text, *s).ok_or_else(|| bad("a decimal"))?;
                let v = i256::from_string(&digits).ok_or_else(|| bad("a decimal"))?;
                check_precision(&digits, *p).ok_or_else(|| bad(&format!("decimal({p},{s})")))?;
                b.append_value(v);
            }
            Builder::Utf8(b) => b.append_value(text),
            Builder::Binary(_) => unreachable!("handled above"),
            Builder::Date32(b) => b.append_value(parse_date(text).ok_or_else(|| bad(DATE))?),
            Builder::Time32Second(b) => b.append_value(
                (parse_time(text).ok_or_else(|| bad(TIME_OF_DAY))? / 1_000_000) as i32,
            ),
            Builder::Time32Milli(b) => {
                b.append_value((parse_time(text).ok_or_else(|| bad(TIME_OF_DAY))? / 1_000) as i32)
            }
            Builder::Time64Micro(b) => {
                b.append_value(parse_time(text).ok_or_else(|| bad(TIME_OF_DAY))?)
            }
            Builder::TsSecond(b, _) => {
                b.append_value(parse_datetime(text).ok_or_else(|| bad(DATETIME))? / 1_000_000)
            }
            Builder::TsMilli(b, _) => {
                b.append_value(parse_datetime(text).ok_or_else(|| bad(DATETIME))? / 1_000)
            }
            Builder::TsMicro(b, _) => {
                b.append_value(parse_datetime(text).ok_or_else(|| bad(DATETIME))?)
            }
        }
        Ok(())
    }

    fn finish(&mut self) -> ArrayRef {
        match &mut self.builder {
            Builder::Boolean(b) => Arc::new(b.finish()),
            Builder::Int8(b) => Arc::new(b.finish()),
            Builder::Int16(b) => Arc::new(b.finish()),
            Builder::Int32(b) => Arc::new(b.finish()),
            Builder::Int64(b) => Arc::new(b.finish()),
            Builder::UInt8(b) => Arc::new(b.finish()),
            Builder::UInt16(b) => Arc::new(b.finish()),
            Builder::UInt32(b) => Arc::new(b.finish()),
            Builder::UInt64(b) => Arc::new(b.finish()),
            Builder::Float32(b) => Arc::new(b.finish()),
            Builder::Float64(b) => Arc::new(b.finish()),
            Builder::Decimal128(b, ..) => Arc::new(b.finish()),
            Builder::Decimal256(b, ..) => Arc::new(b.finish()),
            Builder::Utf8(b) => Arc::new(b.finish()),
            Builder::Binary(b) => Arc::new(b.finish()),
            Builder::Date32(b) => Arc::new(b.finish()),
            Builder::Time32Second(b) => Arc::new(b.finish()),
            Builder::Time32Milli(b) => Arc::new(b.finish()),
            Builder::Time64Micro(b) => Arc::new(b.finish()),
            Builder::TsSecond(b, tz) => Arc::new(b.finish().with_timezone_opt(tz.clone())),
            Builder::TsMilli(b, tz) => Arc::new(b.finish().with_timezone_opt(tz.clone())),
            Builder::TsMicro(b, tz) => Arc::new(b.finish().with_timezone_opt(tz.clone())),
        }
    }
}

const DATE: &str = "a date (zero or partial dates such as 0000-00-00 are not dates; select NULLIF(column, '0000-00-00') to read them as NULL)";
const TIME_OF_DAY: &str = "a time of day (TIME values below 00:00:00 or from 24:00:00 on are durations, not times; select them CAST(column AS CHAR))";
const DATETIME: &str = "a date and time (zero or partial dates such as 0000-00-00 00:00:00 are not dates; select NULLIF(column, '0000-00-00 00:00:00') to read them as NULL)";

/// The value for messages: short text, or `None` when it is not UTF-8.
fn show(bytes: &[u8]) -> Option<String> {
    let s = std::str::from_utf8(bytes).ok()?;
    Some(if s.chars().count() > 40 {
        format!("'{}…'", s.chars().take(40).collect::<String>())
    } else {
        format!("'{s}'")
    })
}

/// `-123.45` at scale 3 → `-123450`: the digits of the unscaled integer, signed.
fn decimal_digits(text: &str, scale: i8) -> Option<String> {
    let t = text.trim();
    let (neg, t) = match t.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, t.strip_prefix('+').unwrap_or(t)),
    };
    let (int, frac) = t.split_once('.').unwrap_or((t, ""));
    if int.is_empty() && frac.is_empty()
        || !int.bytes().all(|b| b.is_ascii_digit())
        || !frac.bytes().all(|b| b.is_ascii_digit())
    {
        return None;
    }
    let scale = usize::try_from(scale).ok()?;
    if frac.len() > scale && frac[scale..].bytes().any(|b| b != b'0') {
        // More fractional digits than the type holds: not representable exactly.
        return None;
    }
    let mut out = String::with_capacity(int.len() + scale + 1);
    if neg {
        out.push('-');
    }
    out.push_str(int);
    out.push_str(&frac[..frac.len().min(scale)]);
    for _ in frac.len()..scale {
        out.push('0');
    }
    if out == "-" || out.is_empty() {
        out.push('0');
    }
    Some(out)
}

fn check_precision(digits: &str, precision: u8) -> Option<()> {
    let significant = digits.trim_start_matches('-').trim_start_matches('0').len();
    (significant <= usize::from(precision)).then_some(())
}

fn num(s: &str) -> Option<u32> {
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

fn conv<A, B: TryFrom<A>>(v: A) -> Option<B> {
    B::try_from(v).ok()
}

/// A calendar date → days since 1970-01-01; `None` for zero, partial and invalid dates.
fn date_days(y: u16, m: u8, d: u8) -> Option<i32> {
    let date = chrono::NaiveDate::from_ymd_opt(i32::from(y), u32::from(m), u32::from(d))?;
    let epoch = chrono::NaiveDate::from_ymd_opt(1970, 1, 1)?;
    i32::try_from(date.signed_duration_since(epoch).num_days()).ok()
}

/// A clock reading → microseconds since midnight; `None` outside a day.
fn clock_micros(h: u8, m: u8, s: u8, us: u32) -> Option<i64> {
    if h >= 24 || m >= 60 || s >= 60 || us >= 1_000_000 {
        return None;
    }
    Some((i64::from(h) * 3600 + i64::from(m) * 60 + i64::from(s)) * 1_000_000 + i64::from(us))
}

/// `YYYY-MM-DD` → days since 1970-01-01; `None` for zero, partial and invalid dates.
pub(crate) fn parse_date(s: &str) -> Option<i32> {
    let mut parts = s.splitn(3, '-');
    let y = num(parts.next()?)?;
    let m = num(parts.next()?)?;
    let d = num(parts.next()?)?;
    let date = chrono::NaiveDate::from_ymd_opt(i32::try_from(y).ok()?, m, d)?;
    let epoch = chrono::NaiveDate::from_ymd_opt(1970, 1, 1)?;
    i32::try_from(date.signed_duration_since(epoch).num_days()).ok()
}

/// `[-]H:MM:SS[.ffffff]` → microseconds since midnight; `None` outside a day.
pub(crate) fn parse_time(s: &str) -> Option<i64> {
    if s.starts_with('-') {
        return None;
    }
    let (hms, frac) = s.split_once('.').unwrap_or((s, ""));
    let mut parts = hms.splitn(3, ':');
    let h = num(parts.next()?)?;
    let m = num(parts.next()?)?;
    let sec = num(parts.next()?)?;
    if h >= 24 || m >= 60 || sec >= 60 {
        return None;
    }
    let micros = fraction_micros(frac)?;
    Some((i64::from(h) * 3600 + i64::from(m) * 60 + i64::from(sec)) * 1_000_000 + micros)
}

fn fraction_micros(frac: &str) -> Option<i64> {
    if frac.is_empty() {
        return Some(0);
    }
    if frac.len() > 6 || !frac.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let v: i64 = frac.parse().ok()?;
    Some(v * 10i64.pow(6 - frac.len() as u32))
}

/// `YYYY-MM-DD HH:MM:SS[.ffffff]` → microseconds since the epoch (the session's zone is UTC).
pub(crate) fn parse_datetime(s: &str) -> Option<i64> {
    let (date, time) = s.split_once(' ').unwrap_or((s, "00:00:00"));
    let days = i64::from(parse_date(date)?);
    let micros = parse_time(time)?;
    Some(days * 86_400_000_000 + micros)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimals_scale_exactly() {
        assert_eq!(decimal_digits("-123.45", 3).as_deref(), Some("-123450"));
        assert_eq!(decimal_digits("0.5", 1).as_deref(), Some("05"));
        assert_eq!(decimal_digits("7", 0).as_deref(), Some("7"));
        assert_eq!(decimal_digits("1.25", 1), None);
        assert_eq!(decimal_digits("1.20", 1).as_deref(), Some("12"));
        assert_eq!(decimal_digits("x", 1), None);
        assert_eq!(check_precision("-00123", 3), Some(()));
        assert_eq!(check_precision("1234", 3), None);
    }

    #[test]
    fn dates_and_times_parse() {
        assert_eq!(parse_date("1970-01-02"), Some(1));
        assert_eq!(parse_date("1969-12-31"), Some(-1));
        assert_eq!(parse_date("0000-00-00"), None);
        assert_eq!(parse_date("2024-02-30"), None);
        assert_eq!(parse_time("01:00:00.5"), Some(3_600_500_000));
        assert_eq!(parse_time("24:00:00"), None);
        assert_eq!(parse_time("-01:00:00"), None);
        assert_eq!(
            parse_datetime("1970-01-01 00:00:01.000001"),
            Some(1_000_001)
        );
        assert_eq!(parse_datetime("0000-00-00 00:00:00"), None);
    }
}
