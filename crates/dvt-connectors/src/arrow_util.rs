//! Small Arrow helpers shared by the connectors.

use std::sync::Arc;

use arrow_array::{ArrayRef, RecordBatch};
use arrow_cast::{CastOptions, cast_with_options};
use arrow_schema::{ArrowError, SchemaRef};

/// Rows per record batch the connectors produce.
pub fn batch_size() -> usize {
    8192
}

/// `batch` with every column cast to the type of the same column of `schema` (by position).
/// Casts are checked: a value the target type cannot hold is an error, never a NULL.
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
                cast_with_options(c, f.data_type(), &opts)
            }
        })
        .collect::<Result<_, _>>()?;
    RecordBatch::try_new(Arc::clone(schema), cols)
}
