//! Multi-row `INSERT` statements from a stream of batches, shared by the connectors that load
//! with SQL text (MySQL/MariaDB, Snowflake): each statement is a fixed prefix and rows of
//! literals, up to a size in bytes and a number of rows.

use arrow_array::{Array, ArrayRef, RecordBatch};
use dvt_io::Result;
use dvt_io::connector::{BatchStream, TableName, load_error, unsupported};
use futures::StreamExt;

/// Prints the values of one Arrow column as SQL literals of a dialect: NULL, integers and
/// decimals are the same in every dialect; the rest is the dialect's.
pub(crate) trait LiteralEncoder: Sized {
    /// The dialect's name, for messages.
    const DIALECT: &'static str;
    /// An encoder of an array [`literal_array`] accepted.
    fn from_array(array: ArrayRef) -> Self;
    /// The encoded array.
    fn array(&self) -> &ArrayRef;
    /// Append the literal of non-null row `i` that is not an integer or decimal; `Err` for a
    /// value the database cannot hold at all.
    fn write_value(&self, out: &mut String, i: usize) -> std::result::Result<(), String>;

    /// An encoder for `array`; `Err` names an Arrow type with no literal.
    fn new(array: &ArrayRef) -> std::result::Result<Self, String> {
        Ok(Self::from_array(literal_array(array, Self::DIALECT)?))
    }

    /// Append the literal of row `i`; `Err` for a value the database cannot hold at all.
    fn write(&self, out: &mut String, i: usize) -> std::result::Result<(), String> {
        let a = self.array();
        if a.is_null(i) {
            out.push_str("NULL");
            Ok(())
        } else if write_exact_number(out, a.as_ref(), i) {
            Ok(())
        } else {
            self.write_value(out, i)
        }
    }
}

/// Turns a stream of batches into `prefix (…),(…)` statements of about `chunk` bytes and at
/// most `max_rows` rows.
pub(crate) struct Statements<'a, E> {
    output: &'a str,
    table: &'a TableName,
    secrets: &'a [dvt_core::secret::Secret],
    stream: BatchStream,
    width: usize,
    prefix: String,
    chunk: usize,
    max_rows: usize,
    /// The batch being encoded, its encoders, and the next row of it.
    batch: Option<(RecordBatch, Vec<E>)>,
    row: usize,
    /// Rows put into statements so far.
    pub(crate) rows: u64,
}

impl<'a, E: LiteralEncoder> Statements<'a, E> {
    /// A producer of statements for the load of `stream` (of `width` columns) into `table`.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn new(
        output: &'a str,
        table: &'a TableName,
        secrets: &'a [dvt_core::secret::Secret],
        stream: BatchStream,
        width: usize,
        prefix: String,
        chunk: usize,
        max_rows: usize,
    ) -> Self {
        Self {
            output,
            table,
            secrets,
            stream,
            width,
            prefix,
            chunk,
            max_rows: max_rows.max(1),
            batch: None,
            row: 0,
            rows: 0,
        }
    }

    fn load_err(&self, m: String) -> dvt_io::Error {
        load_error(
            self.output,
            self.table,
            dvt_core::secret::redact_all(&m, self.secrets),
        )
    }

    /// The next statement, or `None` when the stream is exhausted.
    pub(crate) async fn next_statement(&mut self) -> Result<Option<String>> {
        let mut sql = String::with_capacity(self.chunk + (self.chunk >> 2));
        let mut in_statement = 0usize;
        loop {
            if self.batch.is_none() {
                match self.stream.next().await {
                    None => break,
                    Some(batch) => {
                        let batch = batch?;
                        self.batch = Some(self.encoders(batch)?);
                        self.row = 0;
                    }
                }
            }
            let Some((batch, encoders)) = &self.batch else {
                break;
            };
            while self.row < batch.num_rows()
                && sql.len() < self.chunk
                && in_statement < self.max_rows
            {
                sql.push_str(if sql.is_empty() { &self.prefix } else { "," });
                sql.push('(');
                for (i, e) in encoders.iter().enumerate() {
                    if i > 0 {
                        sql.push(',');
                    }
                    if let Err(m) = e.write(&mut sql, self.row) {
                        let name = batch.schema().field(i).name().clone();
                        return Err(self.load_err(format!("column {name}: {m}")));
                    }
                }
                sql.push(')');
                self.row += 1;
                self.rows += 1;
                in_statement += 1;
            }
            if self.row >= batch.num_rows() {
                self.batch = None;
            }
            if sql.len() >= self.chunk || in_statement >= self.max_rows {
                break;
            }
        }
        Ok((!sql.is_empty()).then_some(sql))
    }

    fn encoders(&self, batch: RecordBatch) -> Result<(RecordBatch, Vec<E>)> {
        if batch.num_columns() != self.width {
            return Err(self.load_err(format!(
                "a batch of {} columns where the stream's schema has {}",
                batch.num_columns(),
                self.width
            )));
        }
        let encoders = batch
            .columns()
            .iter()
            .zip(batch.schema().fields())
            .map(|(a, f)| {
                E::new(a).map_err(|m| {
                    unsupported(
                        self.output,
                        format!("column {} of the load into {}: {m}", f.name(), self.table),
                    )
                })
            })
            .collect::<Result<Vec<_>>>()?;
        Ok((batch, encoders))
    }
}

/// `array` with a dictionary decoded to its values, if it is a type SQL literals exist for in
/// every dvt dialect that loads with SQL text (numbers, decimals, strings, binary, dates, times,
/// timestamps); `Err` names the type otherwise.
pub(crate) fn literal_array(
    array: &ArrayRef,
    dialect: &str,
) -> std::result::Result<ArrayRef, String> {
    use arrow_schema::DataType;
    let array = match array.data_type() {
        DataType::Dictionary(_, value) => {
            arrow_cast::cast(array, value).map_err(|e| e.to_string())?
        }
        _ => std::sync::Arc::clone(array),
    };
    match array.data_type() {
        DataType::Null
        | DataType::Boolean
        | DataType::Int8
        | DataType::Int16
        | DataType::Int32
        | DataType::Int64
        | DataType::UInt8
        | DataType::UInt16
        | DataType::UInt32
        | DataType::UInt64
        | DataType::Float16
        | DataType::Float32
        | DataType::Float64
        | DataType::Decimal128(..)
        | DataType::Decimal256(..)
        | DataType::Utf8
        | DataType::LargeUtf8
        | DataType::Utf8View
        | DataType::Binary
        | DataType::LargeBinary
        | DataType::BinaryView
        | DataType::FixedSizeBinary(_)
        | DataType::Date32
        | DataType::Date64
        | DataType::Time32(_)
        | DataType::Time64(_)
        | DataType::Timestamp(..) => Ok(array),
        other => Err(format!(
            "Arrow type {other} has no {dialect} literal; cast the column to text in the model"
        )),
    }
}

/// Integers and decimals as their exact digits (`-12345` at scale 2 → `-123.45`), the same
/// literal in every SQL dialect; `false` when row `i` of `a` is not such a number.
pub(crate) fn write_exact_number(out: &mut String, a: &dyn arrow_array::Array, i: usize) -> bool {
    use arrow_array::cast::AsArray;
    use arrow_array::types::{
        Decimal128Type, Decimal256Type, Int8Type, Int16Type, Int32Type, Int64Type, UInt8Type,
        UInt16Type, UInt32Type, UInt64Type,
    };
    use arrow_schema::DataType;
    use std::fmt::Write;
    match a.data_type() {
        DataType::Int8 => {
            let _ = write!(out, "{}", a.as_primitive::<Int8Type>().value(i));
        }
        DataType::Int16 => {
            let _ = write!(out, "{}", a.as_primitive::<Int16Type>().value(i));
        }
        DataType::Int32 => {
            let _ = write!(out, "{}", a.as_primitive::<Int32Type>().value(i));
        }
        DataType::Int64 => {
            let _ = write!(out, "{}", a.as_primitive::<Int64Type>().value(i));
        }
        DataType::UInt8 => {
            let _ = write!(out, "{}", a.as_primitive::<UInt8Type>().value(i));
        }
        DataType::UInt16 => {
            let _ = write!(out, "{}", a.as_primitive::<UInt16Type>().value(i));
        }
        DataType::UInt32 => {
            let _ = write!(out, "{}", a.as_primitive::<UInt32Type>().value(i));
        }
        DataType::UInt64 => {
            let _ = write!(out, "{}", a.as_primitive::<UInt64Type>().value(i));
        }
        DataType::Decimal128(_, s) => {
            let v = a.as_primitive::<Decimal128Type>().value(i).to_string();
            scaled_digits(out, &v, *s);
        }
        DataType::Decimal256(_, s) => {
            let v = a.as_primitive::<Decimal256Type>().value(i).to_string();
            scaled_digits(out, &v, *s);
        }
        _ => return false,
    }
    true
}

/// An unscaled integer's digits with the decimal point put back (`-12345`, 2 → `-123.45`;
/// a negative scale appends zeros).
fn scaled_digits(out: &mut String, unscaled: &str, scale: i8) {
    let (sign, body) = unscaled
        .strip_prefix('-')
        .map_or(("", unscaled), |b| ("-", b));
    out.push_str(sign);
    if scale <= 0 {
        out.push_str(body);
        out.extend(std::iter::repeat_n('0', usize::from(scale.unsigned_abs())));
        return;
    }
    let s = scale as usize;
    let padded = format!("{body:0>width$}", width = s + 1);
    let (int, frac) = padded.split_at(padded.len() - s);
    out.push_str(int);
    out.push('.');
    out.push_str(frac);
}

/// The literals of every row of `a` (tests of the encoders).
#[cfg(test)]
pub(crate) fn literals<E: LiteralEncoder>(a: ArrayRef) -> Vec<String> {
    let e = E::new(&a).expect("an encoder");
    (0..a.len())
        .map(|i| {
            let mut s = String::new();
            e.write(&mut s, i).expect("a literal");
            s
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_exact_digits() {
        let mut out = String::new();
        for (v, s) in [("-12345", 2), ("5", 3), ("7", 0), ("12", -2), ("-1", 1)] {
            scaled_digits(&mut out, v, s);
            out.push(' ');
        }
        assert_eq!(out, "-123.45 0.005 7 1200 -0.1 ");
    }
}
