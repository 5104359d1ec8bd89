//! Arrow 58 (the Spark Connect client's) → Arrow 59 (the workspace's) record batches through the
//! Arrow C data interface: zero-copy, the buffers change owner, not place.

// The C data interface is `unsafe` by nature; this module is the only place dvt-spark uses it.
#![allow(unsafe_code)]

use arrow_array::ffi::{FFI_ArrowArray, FFI_ArrowSchema, from_ffi};
use arrow_array::{RecordBatch, StructArray};
use arrow_array_58 as a58;
use arrow_array_58::Array as _;

// Both versions' structs are the C interface's `ArrowArray` / `ArrowSchema` (`#[repr(C)]`).
const _: () = assert!(
    std::mem::size_of::<a58::ffi::FFI_ArrowArray>() == std::mem::size_of::<FFI_ArrowArray>()
        && std::mem::size_of::<a58::ffi::FFI_ArrowSchema>()
            == std::mem::size_of::<FFI_ArrowSchema>()
);

/// One Arrow 58 batch as an Arrow 59 batch (same columns, names, types and buffers).
pub fn batch_from_arrow58(batch: &a58::RecordBatch) -> Result<RecordBatch, String> {
    let data = a58::StructArray::from(batch.clone()).into_data();
    let (array58, schema58) = a58::ffi::to_ffi(&data).map_err(|e| e.to_string())?;
    let mut array = FFI_ArrowArray::empty();
    let mut schema = FFI_ArrowSchema::empty();
    // SAFETY: both types are the `#[repr(C)]` structs of the Arrow C data interface (same size,
    // asserted above, same layout by the spec). Moving the exported values into the Arrow 59
    // slots hands their release callbacks over to Arrow 59; the overwritten values are empty
    // (no release callback) and need no drop.
    unsafe {
        std::ptr::write(
            (&mut array as *mut FFI_ArrowArray).cast::<a58::ffi::FFI_ArrowArray>(),
            array58,
        );
        std::ptr::write(
            (&mut schema as *mut FFI_ArrowSchema).cast::<a58::ffi::FFI_ArrowSchema>(),
            schema58,
        );
    }
    // SAFETY: `array` and `schema` were exported together by Arrow 58 from valid data.
    let data = unsafe { from_ffi(array, &schema) }.map_err(|e| e.to_string())?;
    Ok(RecordBatch::from(StructArray::from(data)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use arrow_array::Array;
    use arrow_array::cast::AsArray;
    use arrow_array::types::{Decimal128Type, Int64Type};
    use std::sync::Arc;

    #[test]
    fn batches_cross_versions_with_values_nulls_and_types() {
        use a58::builder::{Decimal128Builder, Int64Builder, StringBuilder};
        let mut i = Int64Builder::new();
        i.append_value(7);
        i.append_null();
        let mut s = StringBuilder::new();
        s.append_value("é");
        s.append_null();
        let mut d = Decimal128Builder::new()
            .with_precision_and_scale(15, 2)
            .unwrap();
        d.append_value(12345);
        d.append_null();
        let b = a58::RecordBatch::try_from_iter(vec![
            ("i", Arc::new(i.finish()) as a58::ArrayRef),
            ("s", Arc::new(s.finish()) as a58::ArrayRef),
            ("d", Arc::new(d.finish()) as a58::ArrayRef),
        ])
        .unwrap();
        let out = batch_from_arrow58(&b).unwrap();
        assert_eq!(out.num_rows(), 2);
        assert_eq!(out.schema().field(1).name(), "s");
        let i = out.column(0).as_primitive::<Int64Type>();
        assert_eq!((i.value(0), i.is_null(1)), (7, true));
        let s = out.column(1).as_string::<i32>();
        assert_eq!((s.value(0), s.is_null(1)), ("é", true));
        let d = out.column(2).as_primitive::<Decimal128Type>();
        assert_eq!(d.precision(), 15);
        assert_eq!((d.value(0), d.is_null(1)), (12345, true));
    }
}
