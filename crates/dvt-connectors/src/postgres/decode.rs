//! PostgreSQL binary COPY (`COPY … TO STDOUT (FORMAT binary)`) → Arrow arrays.
//!
//! Written by hand: no crate decodes the binary COPY stream into Arrow (connectorx, ADBC and
//! the table providers all go through rows or their own C code). The format: an 11-byte
//! signature `PGCOPY\n\xff\r\n\0`, a 32-bit flags word, a 32-bit header-extension length and
//! that many bytes; then one tuple per row — a 16-bit field count and per field a 32-bit length
//! (`-1` = NULL) and that many bytes in the type's `*send` format —, and a trailer `-1` (16 bit).
//! Values are appended straight into Arrow buffers (no per-row objects), read in place from
//! the COPY data; after a batch every buffer starts over with the capacity the batch used, so
//! the next one fills without reallocating. The caller cuts a batch whenever
//! [`Decoder::rows`] reaches the batch size.

use std::sync::Arc;

use arrow_array::types::{
    Date32Type, Decimal128Type, Decimal256Type, Float32Type, Float64Type, Int16Type, Int32Type,
    Int64Type, IntervalMonthDayNanoType, Time32MillisecondType, Time32SecondType,
    Time64MicrosecondType, Time64NanosecondType, TimestampMicrosecondType,
    TimestampMillisecondType, TimestampNanosecondType, TimestampSecondType,
};
use arrow_array::{
    ArrayRef, ArrowPrimitiveType, BinaryArray, BooleanArray, ListArray, PrimitiveArray,
    RecordBatch, StringArray,
};
use arrow_buffer::{
    BooleanBufferBuilder, Buffer, IntervalMonthDayNano, NullBufferBuilder, OffsetBuffer,
    ScalarBuffer, i256,
};
use arrow_schema::{DataType, FieldRef, IntervalUnit, SchemaRef, TimeUnit};

use super::numeric;
use super::types::{PgKind, Scalar};

/// The binary COPY signature.
pub(crate) const SIGNATURE: &[u8; 11] = b"PGCOPY\n\xff\r\n\0";
/// Microseconds from 1970-01-01 to 2000-01-01 (PostgreSQL's epoch).
pub(crate) const PG_EPOCH_MICROS: i64 = 946_684_800_000_000;
/// Days from 1970-01-01 to 2000-01-01.
pub(crate) const PG_EPOCH_DAYS: i32 = 10_957;

#[derive(Debug, Clone, Copy)]
enum Conv32 {
    Int4,
    Date,
    TimeSecond,
    TimeMilli,
}

#[derive(Debug, Clone, Copy)]
enum Conv64 {
    Int8,
    Oid,
    TimeMicro,
    TimeNano,
    /// Timestamps: microseconds since 2000 → the unit (divisor, multiplier) since 1970.
    Timestamp {
        div: i64,
        mul: i64,
    },
}

#[derive(Debug, Clone, Copy)]
enum TextConv {
    Plain,
    Jsonb,
    Uuid,
}

#[derive(Debug)]
enum Store {
    Bool(BooleanBufferBuilder),
    I16(Vec<i16>),
    I32(Vec<i32>, Conv32),
    I64(Vec<i64>, Conv64),
    F32(Vec<f32>),
    F64(Vec<f64>),
    D128(Vec<i128>, u8, i8),
    D256(Vec<i256>, u8, i8),
    Interval(Vec<IntervalMonthDayNano>),
    Str {
        offsets: Vec<i32>,
        data: Vec<u8>,
        conv: TextConv,
    },
    Bin {
        offsets: Vec<i32>,
        data: Vec<u8>,
    },
    List {
        offsets: Vec<i32>,
        item: FieldRef,
        child: Box<Column>,
    },
}

/// One output column: its Arrow type, validity and values so far.
#[derive(Debug)]
struct Column {
    name: String,
    data_type: DataType,
    nulls: NullBufferBuilder,
    store: Store,
}

fn be_i16(b: &[u8]) -> i16 {
    i16::from_be_bytes([b[0], b[1]])
}

fn be_i32(b: &[u8]) -> i32 {
    i32::from_be_bytes([b[0], b[1], b[2], b[3]])
}

fn be_i64(b: &[u8]) -> i64 {
    i64::from_be_bytes([b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7]])
}

fn fixed<const N: usize>(v: &[u8]) -> Result<&[u8; N], String> {
    v.try_into()
        .map_err(|_| format!("a value of {} bytes where {N} were expected", v.len()))
}

fn uuid_text(b: &[u8; 16], out: &mut Vec<u8>) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    for (i, byte) in b.iter().enumerate() {
        if matches!(i, 4 | 6 | 8 | 10) {
            out.push(b'-');
        }
        out.push(HEX[usize::from(byte >> 4)]);
        out.push(HEX[usize::from(byte & 0xf)]);
    }
}

/// The values so far, `v` starting over with room for as many (the next batch is as long):
/// no reallocations while a batch fills.
fn take_sized<T>(v: &mut Vec<T>) -> Vec<T> {
    let cap = v.len();
    std::mem::replace(v, Vec::with_capacity(cap))
}

/// The offsets so far, `offsets` starting over at `[0]` with room for as many.
fn take_offsets(offsets: &mut Vec<i32>) -> OffsetBuffer<i32> {
    let mut fresh = Vec::with_capacity(offsets.len());
    fresh.push(0);
    OffsetBuffer::new(ScalarBuffer::from(std::mem::replace(offsets, fresh)))
}

fn next_offset(len: usize) -> Result<i32, String> {
    i32::try_from(len).map_err(|_| "more than 2 GiB of data in one batch".to_string())
}

impl Column {
    fn new(name: &str, scalar: Scalar, array: bool, data_type: &DataType) -> Result<Self, String> {
        let store = if array {
            let DataType::List(item) = data_type else {
                return Err(format!("an array read as {data_type}"));
            };
            Store::List {
                offsets: vec![0],
                item: Arc::clone(item),
                child: Box::new(Column::new(name, scalar, false, item.data_type())?),
            }
        } else {
            use DataType as D;
            let ts = |unit: &TimeUnit| match unit {
                TimeUnit::Second => (1_000_000, 1),
                TimeUnit::Millisecond => (1_000, 1),
                TimeUnit::Microsecond => (1, 1),
                TimeUnit::Nanosecond => (1, 1_000),
            };
            match (scalar, data_type) {
                (Scalar::Bool, D::Boolean) => Store::Bool(BooleanBufferBuilder::new(0)),
                (Scalar::Int2, D::Int16) => Store::I16(Vec::new()),
                (Scalar::Int4, D::Int32) => Store::I32(Vec::new(), Conv32::Int4),
                (Scalar::Int8, D::Int64) => Store::I64(Vec::new(), Conv64::Int8),
                (Scalar::Oid, D::Int64) => Store::I64(Vec::new(), Conv64::Oid),
                (Scalar::Float4, D::Float32) => Store::F32(Vec::new()),
                (Scalar::Float8, D::Float64) => Store::F64(Vec::new()),
                (Scalar::Numeric, D::Decimal128(p, s)) => Store::D128(Vec::new(), *p, *s),
                (Scalar::Numeric, D::Decimal256(p, s)) => Store::D256(Vec::new(), *p, *s),
                (Scalar::Text | Scalar::Json, D::Utf8) => Store::Str {
                    offsets: vec![0],
                    data: Vec::new(),
                    conv: TextConv::Plain,
                },
                (Scalar::Jsonb, D::Utf8) => Store::Str {
                    offsets: vec![0],
                    data: Vec::new(),
                    conv: TextConv::Jsonb,
                },
                (Scalar::Uuid, D::Utf8) => Store::Str {
                    offsets: vec![0],
                    data: Vec::new(),
                    conv: TextConv::Uuid,
                },
                (Scalar::Bytea, D::Binary) => Store::Bin {
                    offsets: vec![0],
                    data: Vec::new(),
                },
                (Scalar::Date, D::Date32) => Store::I32(Vec::new(), Conv32::Date),
                (Scalar::Time, D::Time32(TimeUnit::Second)) => {
                    Store::I32(Vec::new(), Conv32::TimeSecond)
                }
                (Scalar::Time, D::Time32(TimeUnit::Millisecond)) => {
                    Store::I32(Vec::new(), Conv32::TimeMilli)
                }
                (Scalar::Time, D::Time64(TimeUnit::Microsecond)) => {
                    Store::I64(Vec::new(), Conv64::TimeMicro)
                }
                (Scalar::Time, D::Time64(TimeUnit::Nanosecond)) => {
                    Store::I64(Vec::new(), Conv64::TimeNano)
                }
                (Scalar::Timestamp | Scalar::Timestamptz, D::Timestamp(unit, _)) => {
                    let (div, mul) = ts(unit);
                    Store::I64(Vec::new(), Conv64::Timestamp { div, mul })
                }
                (Scalar::Interval, D::Interval(IntervalUnit::MonthDayNano)) => {
                    Store::Interval(Vec::new())
                }
                (s, dt) => return Err(format!("PostgreSQL {s:?} values read as {dt}")),
            }
        };
        Ok(Self {
            name: name.to_string(),
            data_type: data_type.clone(),
            nulls: NullBufferBuilder::new(0),
            store,
        })
    }

    /// Appends one value (`None` = NULL); errors name neither the column nor the row.
    fn push(&mut self, value: Option<&[u8]>) -> Result<(), String> {
        let Some(v) = value else {
            self.nulls.append_null();
            match &mut self.store {
                Store::Bool(b) => b.append(false),
                Store::I16(x) => x.push(0),
                Store::I32(x, _) => x.push(0),
                Store::I64(x, _) => x.push(0),
                Store::F32(x) => x.push(0.0),
                Store::F64(x) => x.push(0.0),
                Store::D128(x, ..) => x.push(0),
                Store::D256(x, ..) => x.push(i256::ZERO),
                Store::Interval(x) => x.push(IntervalMonthDayNano::ZERO),
                Store::Str { offsets, data, .. } | Store::Bin { offsets, data } => {
                    offsets.push(next_offset(data.len())?)
                }
                Store::List { offsets, .. } => {
                    let last = *offsets.last().expect("offsets start with 0");
                    offsets.push(last)
                }
            }
            return Ok(());
        };
        match &mut self.store {
            Store::Bool(b) => b.append(fixed::<1>(v)?[0] != 0),
            Store::I16(x) => x.push(i16::from_be_bytes(*fixed::<2>(v)?)),
            Store::I32(x, conv) => x.push(match conv {
                Conv32::Int4 => i32::from_be_bytes(*fixed::<4>(v)?),
                Conv32::Date => {
                    let d = i32::from_be_bytes(*fixed::<4>(v)?);
                    if d == i32::MAX || d == i32::MIN {
                        return Err(format!(
                            "the date {}infinity cannot be represented in Arrow",
                            if d < 0 { "-" } else { "" }
                        ));
                    }
                    d.checked_add(PG_EPOCH_DAYS)
                        .ok_or_else(|| format!("the date {d} days after 2000 is too late"))?
                }
                Conv32::TimeSecond => (i64::from_be_bytes(*fixed::<8>(v)?) / 1_000_000) as i32,
                Conv32::TimeMilli => (i64::from_be_bytes(*fixed::<8>(v)?) / 1_000) as i32,
            }),
            Store::I64(x, conv) => x.push(match conv {
                Conv64::Int8 => i64::from_be_bytes(*fixed::<8>(v)?),
                Conv64::Oid => i64::from(u32::from_be_bytes(*fixed::<4>(v)?)),
                Conv64::TimeMicro => i64::from_be_bytes(*fixed::<8>(v)?),
                Conv64::TimeNano => i64::from_be_bytes(*fixed::<8>(v)?) * 1_000,
                Conv64::Timestamp { div, mul } => {
                    let us = i64::from_be_bytes(*fixed::<8>(v)?);
                    if us == i64::MAX || us == i64::MIN {
                        return Err(format!(
                            "the timestamp {}infinity cannot be represented in Arrow",
                            if us < 0 { "-" } else { "" }
                        ));
                    }
                    us.checked_add(PG_EPOCH_MICROS)
                        .map(|u| u.div_euclid(*div))
                        .and_then(|u| u.checked_mul(*mul))
                        .ok_or_else(|| {
                            "a timestamp outside the range of Arrow nanosecond timestamps (1677-2262)"
                                .to_string()
                        })?
                }
            }),
            Store::F32(x) => x.push(f32::from_be_bytes(*fixed::<4>(v)?)),
            Store::F64(x) => x.push(f64::from_be_bytes(*fixed::<8>(v)?)),
            Store::D128(x, p, s) => x.push(numeric::decode::<i128>(v, *p, *s)?),
            Store::D256(x, p, s) => x.push(numeric::decode::<i256>(v, *p, *s)?),
            Store::Interval(x) => {
                let b = fixed::<16>(v)?;
                let micros = be_i64(&b[0..8]);
                let days = be_i32(&b[8..12]);
                let months = be_i32(&b[12..16]);
                let nanos = micros.checked_mul(1_000).ok_or_else(|| {
                    format!("an interval of {micros} microseconds is too long for Arrow")
                })?;
                x.push(IntervalMonthDayNano::new(months, days, nanos));
            }
            Store::Str {
                offsets,
                data,
                conv,
            } => {
                match conv {
                    TextConv::Plain => data.extend_from_slice(v),
                    TextConv::Jsonb => match v.split_first() {
                        Some((1, text)) => data.extend_from_slice(text),
                        _ => return Err("a jsonb value not in binary version 1".to_string()),
                    },
                    TextConv::Uuid => uuid_text(fixed::<16>(v)?, data),
                }
                offsets.push(next_offset(data.len())?);
            }
            Store::Bin { offsets, data } => {
                data.extend_from_slice(v);
                offsets.push(next_offset(data.len())?);
            }
            Store::List { offsets, child, .. } => {
                let n = push_array_elements(child, v)?;
                let last = *offsets.last().expect("offsets start with 0");
                offsets.push(last + next_offset(n)?);
            }
        }
        self.nulls.append_non_null();
        Ok(())
    }

    /// The values so far as an array; the column starts over empty.
    fn finish(&mut self) -> Result<ArrayRef, String> {
        let nulls = self.nulls.finish();
        fn prim<T: ArrowPrimitiveType>(
            v: &mut Vec<T::Native>,
            nulls: Option<arrow_buffer::NullBuffer>,
            dt: &DataType,
        ) -> ArrayRef {
            Arc::new(
                PrimitiveArray::<T>::new(ScalarBuffer::from(take_sized(v)), nulls)
                    .with_data_type(dt.clone()),
            )
        }
        let dt = &self.data_type;
        Ok(match &mut self.store {
            Store::Bool(b) => Arc::new(BooleanArray::new(b.finish(), nulls)),
            Store::I16(v) => prim::<Int16Type>(v, nulls, dt),
            Store::I32(v, conv) => match conv {
                Conv32::Int4 => prim::<Int32Type>(v, nulls, dt),
                Conv32::Date => prim::<Date32Type>(v, nulls, dt),
                Conv32::TimeSecond => prim::<Time32SecondType>(v, nulls, dt),
                Conv32::TimeMilli => prim::<Time32MillisecondType>(v, nulls, dt),
            },
            Store::I64(v, conv) => match (conv, dt) {
                (Conv64::Int8 | Conv64::Oid, _) => prim::<Int64Type>(v, nulls, dt),
                (Conv64::TimeMicro, _) => prim::<Time64MicrosecondType>(v, nulls, dt),
                (Conv64::TimeNano, _) => prim::<Time64NanosecondType>(v, nulls, dt),
                (Conv64::Timestamp { .. }, DataType::Timestamp(TimeUnit::Second, _)) => {
                    prim::<TimestampSecondType>(v, nulls, dt)
                }
                (Conv64::Timestamp { .. }, DataType::Timestamp(TimeUnit::Millisecond, _)) => {
                    prim::<TimestampMillisecondType>(v, nulls, dt)
                }
                (Conv64::Timestamp { .. }, DataType::Timestamp(TimeUnit::Microsecond, _)) => {
                    prim::<TimestampMicrosecondType>(v, nulls, dt)
                }
                (Conv64::Timestamp { .. }, _) => prim::<TimestampNanosecondType>(v, nulls, dt),
            },
            Store::F32(v) => prim::<Float32Type>(v, nulls, dt),
            Store::F64(v) => prim::<Float64Type>(v, nulls, dt),
            Store::D128(v, ..) => prim::<Decimal128Type>(v, nulls, dt),
            Store::D256(v, ..) => prim::<Decimal256Type>(v, nulls, dt),
            Store::Interval(v) => prim::<IntervalMonthDayNanoType>(v, nulls, dt),
            Store::Str { offsets, data, .. } => {
                let offsets = take_offsets(offsets);
                let data = Buffer::from_vec(take_sized(data));
                Arc::new(
                    StringArray::try_new(offsets, data, nulls)
                        .map_err(|e| format!("invalid text: {e}"))?,
                )
            }
            Store::Bin { offsets, data } => {
                let offsets = take_offsets(offsets);
                let data = Buffer::from_vec(take_sized(data));
                Arc::new(BinaryArray::new(offsets, data, nulls))
            }
            Store::List {
                offsets,
                item,
                child,
            } => {
                let offsets = take_offsets(offsets);
                let values = child.finish()?;
                Arc::new(
                    ListArray::try_new(Arc::clone(item), offsets, values, nulls)
                        .map_err(|e| e.to_string())?,
                )
            }
        })
    }
}

/// Appends the elements of a binary array value (`array_send`) to `child`; returns how many.
fn push_array_elements(child: &mut Column, v: &[u8]) -> Result<usize, String> {
    if v.len() < 12 {
        return Err(format!("an array value of {} bytes", v.len()));
    }
    let ndim = be_i32(&v[0..4]);
    if ndim == 0 {
        return Ok(0);
    }
    if ndim != 1 {
        return Err(format!(
            "a {ndim}-dimensional array (only one-dimensional arrays are read; cast it in the model, e.g. col::text)"
        ));
    }
    if v.len() < 20 {
        return Err(format!("an array value of {} bytes", v.len()));
    }
    let n = be_i32(&v[12..16]).max(0) as usize;
    let mut p = 20;
    for _ in 0..n {
        if p + 4 > v.len() {
            return Err("a truncated array value".to_string());
        }
        let len = be_i32(&v[p..p + 4]);
        p += 4;
        if len < 0 {
            child.push(None)?;
        } else {
            let end = p + len as usize;
            if end > v.len() {
                return Err("a truncated array value".to_string());
            }
            child.push(Some(&v[p..end]))?;
            p = end;
        }
    }
    Ok(n)
}

/// A column of the output: its name, wire format and Arrow type.
#[derive(Debug, Clone)]
pub(crate) struct OutputColumn {
    /// The column name.
    pub name: String,
    /// Scalar or array of which scalar.
    pub kind: PgKind,
}

/// What [`Decoder::decode`] found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Progress {
    /// Bytes of the input used (whole tuples and the header only).
    pub consumed: usize,
    /// The trailer was read: the stream is complete.
    pub end: bool,
}

/// Decodes a binary COPY stream into record batches of a fixed schema.
#[derive(Debug)]
pub(crate) struct Decoder {
    schema: SchemaRef,
    columns: Vec<Column>,
    header_done: bool,
    rows: usize,
}

impl Decoder {
    /// A decoder for `columns` (in order) producing batches of `schema`.
    pub(crate) fn new(schema: SchemaRef, columns: &[OutputColumn]) -> Result<Self, String> {
        let cols = columns
            .iter()
            .zip(schema.fields())
            .map(|(c, f)| {
                let (scalar, array) = match c.kind {
                    PgKind::Scalar(s) => (s, false),
                    PgKind::Array(s) => (s, true),
                };
                Column::new(&c.name, scalar, array, f.data_type())
                    .map_err(|e| format!("column \"{}\": {e}", c.name))
            })
            .collect::<Result<_, _>>()?;
        Ok(Self {
            schema,
            columns: cols,
            header_done: false,
            rows: 0,
        })
    }

    /// Rows decoded since the last [`Decoder::finish_batch`].
    pub(crate) fn rows(&self) -> usize {
        self.rows
    }

    /// Decodes whole tuples from `buf` until [`Decoder::rows`] reaches `limit`, the input holds
    /// no complete tuple any more, or the trailer comes. Errors name the column.
    pub(crate) fn decode(&mut self, buf: &[u8], limit: usize) -> Result<Progress, String> {
        let mut pos = 0usize;
        if !self.header_done {
            if buf.len() < 19 {
                return Ok(Progress {
                    consumed: 0,
                    end: false,
                });
            }
            if &buf[..11] != SIGNATURE {
                return Err("the COPY stream does not start with the binary signature".into());
            }
            let ext = be_i32(&buf[15..19]).max(0) as usize;
            if buf.len() < 19 + ext {
                return Ok(Progress {
                    consumed: 0,
                    end: false,
                });
            }
            pos = 19 + ext;
            self.header_done = true;
        }
        let ncols = self.columns.len();
        while self.rows < limit {
            if buf.len() < pos + 2 {
                break;
            }
            let n = be_i16(&buf[pos..]);
            if n == -1 {
                return Ok(Progress {
                    consumed: pos + 2,
                    end: true,
                });
            }
            if n as usize != ncols {
                return Err(format!("a row of {n} fields where {ncols} were expected"));
            }
            // Is the tuple complete?
            let mut p = pos + 2;
            let mut complete = true;
            for _ in 0..ncols {
                if buf.len() < p + 4 {
                    complete = false;
                    break;
                }
                let len = be_i32(&buf[p..]);
                p += 4;
                if len > 0 {
                    p += len as usize;
                    if buf.len() < p {
                        complete = false;
                        break;
                    }
                }
            }
            if !complete {
                break;
            }
            let mut p = pos + 2;
            for col in &mut self.columns {
                let len = be_i32(&buf[p..]);
                p += 4;
                let value = if len < 0 {
                    None
                } else {
                    let v = &buf[p..p + len as usize];
                    p += len as usize;
                    Some(v)
                };
                col.push(value)
                    .map_err(|e| format!("column \"{}\": {e}", col.name))?;
            }
            pos = p;
            self.rows += 1;
        }
        Ok(Progress {
            consumed: pos,
            end: false,
        })
    }

    /// The rows decoded so far as a batch; the decoder starts a new one.
    pub(crate) fn finish_batch(&mut self) -> Result<RecordBatch, String> {
        let arrays = self
            .columns
            .iter_mut()
            .map(|c| {
                c.finish()
                    .map_err(|e| format!("column \"{}\": {e}", c.name))
            })
            .collect::<Result<Vec<_>, _>>()?;
        let rows = std::mem::take(&mut self.rows);
        RecordBatch::try_new_with_options(
            Arc::clone(&self.schema),
            arrays,
            &arrow_array::RecordBatchOptions::new().with_row_count(Some(rows)),
        )
        .map_err(|e| e.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use arrow_array::Array;
    use arrow_array::cast::AsArray;
    use arrow_schema::{Field, Schema};

    fn field(buf: &mut Vec<u8>, v: Option<&[u8]>) {
        match v {
            None => buf.extend((-1i32).to_be_bytes()),
            Some(b) => {
                buf.extend((b.len() as i32).to_be_bytes());
                buf.extend(b);
            }
        }
    }

    #[test]
    fn decodes_split_tuples_and_batches() {
        let schema = Arc::new(Schema::new(vec![
            Field::new("a", DataType::Int32, true),
            Field::new("u", DataType::Utf8, true),
        ]));
        let cols = [
            OutputColumn {
                name: "a".into(),
                kind: PgKind::Scalar(Scalar::Int4),
            },
            OutputColumn {
                name: "u".into(),
                kind: PgKind::Scalar(Scalar::Uuid),
            },
        ];
        let mut d = Decoder::new(schema, &cols).unwrap();
        let mut s = Vec::new();
        s.extend(SIGNATURE);
        s.extend([0u8; 8]);
        for i in 0..3i32 {
            s.extend(2i16.to_be_bytes());
            field(&mut s, Some(&i.to_be_bytes()));
            if i == 1 {
                field(&mut s, None);
            } else {
                field(&mut s, Some(&[0xab; 16]));
            }
        }
        s.extend((-1i16).to_be_bytes());
        // Feed it in 5-byte slices, as a network would split it.
        let mut pending: Vec<u8> = Vec::new();
        let mut batches = Vec::new();
        let mut ended = false;
        for chunk in s.chunks(5) {
            pending.extend(chunk);
            loop {
                let p = d.decode(&pending, 2).unwrap();
                pending.drain(..p.consumed);
                if p.end {
                    ended = true;
                }
                if d.rows() == 2 {
                    batches.push(d.finish_batch().unwrap());
                    continue;
                }
                break;
            }
        }
        assert!(ended);
        batches.push(d.finish_batch().unwrap());
        assert_eq!(batches.iter().map(|b| b.num_rows()).sum::<usize>(), 3);
        let u = batches[0].column(1).as_string::<i32>();
        assert_eq!(u.value(0), "abababab-abab-abab-abab-abababababab");
        assert!(u.is_null(1));
        assert_eq!(batches[1].column(0).as_primitive::<Int32Type>().value(0), 2);
    }
}
