//! Record batches between Arrow 58 and the workspace's Arrow 59, through the Arrow C data
//! interface: zero-copy, the buffers change owner, not place.
//!
//! Two clients dvt speaks to are built on Arrow 58: the Spark Connect client (`dvt-spark`) and
//! the `duckdb` crate (`dvt-connectors`' DuckDB connector). Both directions are here so neither
//! carries a copy of this `unsafe` code. Enabled by the `arrow58` feature.
//!
//! ```
//! use std::sync::Arc;
//! use arrow_array::{Int64Array, RecordBatch};
//! use dvt_io::arrow58::{from_arrow58, to_arrow58};
//!
//! let batch = RecordBatch::try_from_iter([("id", Arc::new(Int64Array::from(vec![Some(1), None])) as _)])
//!     .unwrap();
//! let old = to_arrow58(&batch).unwrap();
//! assert_eq!(old.num_rows(), 2);
//! assert_eq!(from_arrow58(&old).unwrap(), batch);
//! ```

// The C data interface is `unsafe` by nature; this module is the only place dvt-io uses it.
#![allow(unsafe_code)]

use arrow_array::ffi::{FFI_ArrowArray, FFI_ArrowSchema};
use arrow_array::{RecordBatch, StructArray};
use arrow_array_58 as a58;

// Both versions' structs are the C interface's `ArrowArray` / `ArrowSchema` (`#[repr(C)]`).
const _: () = assert!(
    std::mem::size_of::<a58::ffi::FFI_ArrowArray>() == std::mem::size_of::<FFI_ArrowArray>()
        && std::mem::size_of::<a58::ffi::FFI_ArrowSchema>()
            == std::mem::size_of::<FFI_ArrowSchema>()
);

/// Move a value of one `#[repr(C)]` C-interface struct into an empty one of the other version.
///
/// # Safety
/// `From` and `To` must be the same C struct (`ArrowArray` or `ArrowSchema`) of two Arrow
/// versions, and `empty` must hold no release callback (it is overwritten without drop).
unsafe fn hand_over<From, To>(value: From, mut empty: To) -> To {
    // SAFETY: per the contract above, same size and layout; the exported value's release
    // callback moves with it and the overwritten empty value needs no drop.
    unsafe { std::ptr::write((&mut empty as *mut To).cast::<From>(), value) };
    empty
}

/// One Arrow 58 batch as an Arrow 59 batch (same columns, names, types and buffers).
pub fn from_arrow58(batch: &a58::RecordBatch) -> Result<RecordBatch, String> {
    let data = a58::Array::into_data(a58::StructArray::from(batch.clone()));
    let (array, schema) = a58::ffi::to_ffi(&data).map_err(|e| e.to_string())?;
    // SAFETY: the C data interface's structs of two Arrow versions; the targets are empty.
    let array = unsafe { hand_over(array, FFI_ArrowArray::empty()) };
    let schema = unsafe { hand_over(schema, FFI_ArrowSchema::empty()) };
    // SAFETY: `array` and `schema` were exported together by Arrow 58 from valid data.
    let data = unsafe { arrow_array::ffi::from_ffi(array, &schema) }.map_err(|e| e.to_string())?;
    Ok(RecordBatch::from(StructArray::from(data)))
}

/// One Arrow 59 batch as an Arrow 58 batch (same columns, names, types and buffers).
pub fn to_arrow58(batch: &RecordBatch) -> Result<a58::RecordBatch, String> {
    let data = arrow_array::Array::into_data(StructArray::from(batch.clone()));
    let (array, schema) = arrow_array::ffi::to_ffi(&data).map_err(|e| e.to_string())?;
    // SAFETY: the C data interface's structs of two Arrow versions; the targets are empty.
    let array = unsafe { hand_over(array, a58::ffi::FFI_ArrowArray::empty()) };
    let schema = unsafe { hand_over(schema, a58::ffi::FFI_ArrowSchema::empty()) };
    // SAFETY: `array` and `schema` were exported together by Arrow 59 from valid data.
    let data = unsafe { a58::ffi::from_ffi(array, &schema) }.map_err(|e| e.to_string())?;
    Ok(a58::RecordBatch::from(a58::StructArray::from(data)))
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
        let out = from_arrow58(&b).unwrap();
        assert_eq!(out.num_rows(), 2);
        assert_eq!(out.schema().field(1).name(), "s");
        let i = out.column(0).as_primitive::<Int64Type>();
        assert_eq!((i.value(0), i.is_null(1)), (7, true));
        let s = out.column(1).as_string::<i32>();
        assert_eq!((s.value(0), s.is_null(1)), ("é", true));
        let d = out.column(2).as_primitive::<Decimal128Type>();
        assert_eq!(d.precision(), 15);
        assert_eq!((d.value(0), d.is_null(1)), (12345, true));
        // And back: the round trip keeps every value, name and type.
        let back = to_arrow58(&out).unwrap();
        assert_eq!(back, b);
    }

    #[test]
    fn a_sliced_batch_crosses_with_its_offset() {
        let b = RecordBatch::try_from_iter([(
            "x",
            Arc::new(arrow_array::Int64Array::from(vec![1, 2, 3, 4])) as _,
        )])
        .unwrap()
        .slice(1, 2);
        let old = to_arrow58(&b).unwrap();
        let ints = old
            .column(0)
            .as_any()
            .downcast_ref::<a58::Int64Array>()
            .unwrap();
        assert_eq!(ints.values().to_vec(), [2, 3]);
        assert_eq!(from_arrow58(&old).unwrap(), b);
    }
}
