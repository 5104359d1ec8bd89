//! Small Arrow helpers shared by the connectors.

use std::sync::Arc;

use arrow_array::Array;
use arrow_array::{ArrayRef, RecordBatch};
use arrow_cast::display::{ArrayFormatter, FormatOptions};
use arrow_cast::{CastOptions, cast_with_options};
use arrow_schema::{ArrowError, DataType, SchemaRef};

/// Rows per record batch the connectors produce.
pub fn batch_size() -> usize {
    8192
}

/// `batch` with every column cast to the type of the same column of `schema` (by position).
/// Casts are checked: a value the target type cannot hold is an error, never a NULL, and a
/// cast that may drop digits (a decimal to fewer decimal places or to an integer, a float to an
/// integer — a declared type narrower than the data) is an error when it would change a value,
/// never a silent rounding.
pub fn cast_batch(batch: &RecordBatch, schema: &SchemaRef) -> Result<RecordBatch, ArrowError> {
    if batch.schema().fields().len() != schema.fields().len() {
        return Err(ArrowError::SchemaError(format!(
            "a batch of {} columns where {} were expected",
            batch.num_columns(),
            schema.fields().len()
        )));
    }
    let opts = CastOptions {
        safe: false,
        ..Default::default()
    };
    let cols: Vec<ArrayRef> = batch
        .columns()
        .iter()
        .zip(schema.fields())
        .map(|(c, f)| {
            if c.data_type() == f.data_type() {
                Ok(Arc::clone(c))
            } else {
                let out = cast_with_options(c, f.data_type(), &opts)?;
                if narrows(c.data_type(), f.data_type()) {
                    check_kept(c, &out, f.name())?;
                }
                Ok(out)
            }
        })
        .collect::<Result<_, ArrowError>>()?;
    RecordBatch::try_new(Arc::clone(schema), cols)
}

/// Whether a cast from `from` to `to` may drop digits of a value it can hold in range.
fn narrows(from: &DataType, to: &DataType) -> bool {
    use DataType as D;
    let scale = |t: &DataType| match t {
        D::Decimal32(_, s) | D::Decimal64(_, s) | D::Decimal128(_, s) | D::Decimal256(_, s) => {
            Some(*s)
        }
        _ => None,
    };
    match (scale(from), scale(to)) {
        (Some(a), Some(b)) => b < a,
        (Some(_), None) => to.is_integer(),
        (None, _) => from.is_floating() && to.is_integer(),
    }
}

/// That casting `from` gave `to` without changing a value: `to` cast back equals `from`
/// (checked row by row only when the arrays differ).
fn check_kept(from: &ArrayRef, to: &ArrayRef, column: &str) -> Result<(), ArrowError> {
    let back = cast_with_options(to, from.data_type(), &CastOptions::default())?;
    if back.to_data() == from.to_data() {
        return Ok(());
    }
    let opts = FormatOptions::default();
    let show = |a: &ArrayRef, i: usize| {
        ArrayFormatter::try_new(a.as_ref(), &opts)
            .map(|f| f.value(i).to_string())
            .unwrap_or_default()
    };
    let row = (0..from.len())
        .find(|&i| from.slice(i, 1).to_data() != back.slice(i, 1).to_data())
        .unwrap_or(0);
    Err(ArrowError::CastError(format!(
        "column {column}: the value {} would become {} as {} (the declared or planned type is narrower than the data; nothing is rounded silently)",
        show(from, row),
        show(to, row),
        to.data_type()
    )))
}

/// Run `f` on a tokio blocking thread (the in-process databases' blocking calls); a thread that
/// panics is DVT123 naming the output.
#[cfg(any(feature = "sqlite", feature = "duckdb"))]
pub(crate) async fn on_blocking_thread<T: Send + 'static>(
    output: &str,
    database: &str,
    f: impl FnOnce() -> dvt_io::Result<T> + Send + 'static,
) -> dvt_io::Result<T> {
    tokio::task::spawn_blocking(f).await.map_err(|e| {
        dvt_io::connector::unsupported(output, format!("a {database} worker thread failed: {e}"))
    })?
}

/// Feed a stream of batches to a blocking writer thread's channel (`None` marks the end of the
/// input: only then may the writer commit), and return what the writer wrote. An input error
/// wins over the writer's: the writer then saw the channel close before the end.
#[cfg(any(feature = "sqlite", feature = "duckdb"))]
pub(crate) async fn feed_writer(
    mut stream: dvt_io::BatchStream,
    tx: tokio::sync::mpsc::Sender<Option<RecordBatch>>,
    writer: impl std::future::Future<Output = dvt_io::Result<u64>>,
) -> dvt_io::Result<u64> {
    use futures::StreamExt;
    let feed = async move {
        while let Some(b) = stream.next().await {
            if tx.send(Some(b?)).await.is_err() {
                return Ok(()); // the writer failed; its error is reported below
            }
        }
        let _ = tx.send(None).await;
        Ok::<(), dvt_io::Error>(())
    };
    let (written, fed) = tokio::join!(writer, feed);
    fed?;
    written
}

/// A tokio receiver as a stream (what a connector's blocking reader thread sends).
#[cfg(any(feature = "sqlite", feature = "duckdb"))]
pub(crate) fn receiver_stream<T: Send + 'static>(
    mut rx: tokio::sync::mpsc::Receiver<T>,
) -> impl futures::Stream<Item = T> + Send {
    futures::stream::poll_fn(move |cx| rx.poll_recv(cx))
}

#[cfg(test)]
mod narrowing_tests {
    use super::*;
    use arrow_array::{Decimal128Array, Float64Array};
    use arrow_schema::{Field, Schema};

    fn cast_to(col: ArrayRef, to: DataType) -> Result<RecordBatch, ArrowError> {
        let from = Schema::new(vec![Field::new("amount", col.data_type().clone(), true)]);
        let batch = RecordBatch::try_new(Arc::new(from), vec![col]).unwrap();
        let target = Arc::new(Schema::new(vec![Field::new("amount", to, true)]));
        cast_batch(&batch, &target)
    }

    fn dec(values: &[Option<i128>], p: u8, s: i8) -> ArrayRef {
        Arc::new(
            Decimal128Array::from(values.to_vec())
                .with_precision_and_scale(p, s)
                .unwrap(),
        )
    }

    #[test]
    fn a_narrower_type_never_rounds_silently() {
        // 1.50 as integer, or as numeric(12,0): an error naming the column and the value.
        let e = cast_to(dec(&[Some(200), Some(150), None], 12, 2), DataType::Int32).unwrap_err();
        assert!(
            e.to_string().contains("column amount: the value 1.50"),
            "{e}"
        );
        let e = cast_to(dec(&[Some(150)], 12, 2), DataType::Decimal128(12, 0)).unwrap_err();
        assert!(e.to_string().contains("1.50"), "{e}");
        let floats: ArrayRef = Arc::new(Float64Array::from(vec![Some(1.0), Some(2.5)]));
        assert!(cast_to(floats, DataType::Int64).is_err());
        // Values that fit are cast.
        let b = cast_to(dec(&[Some(200), None], 12, 2), DataType::Int32).unwrap();
        assert_eq!(
            b.column(0)
                .as_any()
                .downcast_ref::<arrow_array::Int32Array>()
                .unwrap()
                .value(0),
            2
        );
        let b = cast_to(dec(&[Some(150)], 12, 2), DataType::Decimal128(14, 4)).unwrap();
        assert_eq!(b.num_rows(), 1);
        let floats: ArrayRef = Arc::new(Float64Array::from(vec![Some(1.0), None]));
        assert!(cast_to(floats, DataType::Int64).is_ok());
    }
}
