//! Helpers shared by the connector tests: for schema discovery (`discover_*.rs`) one table of
//! expected columns per database, checked the same way everywhere; for loads an input that
//! fails midway.

#![allow(dead_code)] // each test binary uses its own subset

use std::sync::Arc;

use arrow_array::RecordBatch;
use arrow_schema::DataType;
use dvt_io::connector::{CatalogTable, SchemaStream};
use dvt_types::{DbKind, DvtType, render_type};
use futures::TryStreamExt;

/// One expected column: name, native type as the catalog spells it, canonical type, Arrow
/// type, and the DDL a PostgreSQL target would create for it.
pub type Expected = (&'static str, &'static str, DvtType, DataType, &'static str);

/// `DvtType::Unknown` of a native type.
pub fn unknown(native: &str) -> DvtType {
    DvtType::Unknown {
        native: native.to_string(),
    }
}

/// A stream's batches as one.
pub async fn rows_of(s: SchemaStream) -> RecordBatch {
    let schema = Arc::clone(&s.schema);
    let batches: Vec<RecordBatch> = s.stream.try_collect().await.expect("stream");
    arrow_select::concat::concat_batches(&schema, &batches).expect("concat")
}

/// The discovered columns of `t`, in table order, against `expected`: names, native types,
/// canonical types, Arrow types and PostgreSQL DDL.
pub fn check_columns(t: &CatalogTable, expected: &[Expected]) {
    let got: Vec<&str> = t.columns.iter().map(|c| c.name.as_str()).collect();
    let want: Vec<&str> = expected.iter().map(|e| e.0).collect();
    assert_eq!(
        got, want,
        "columns of {} in table order, names exact",
        t.name
    );
    for (c, (name, native, ty, arrow, ddl)) in t.columns.iter().zip(expected) {
        assert_eq!(c.native_type, *native, "native type of {name}");
        assert_eq!(c.ty, *ty, "canonical type of {name}");
        assert_eq!(
            c.ty.to_arrow_field(name, c.nullable).data_type(),
            arrow,
            "Arrow type of {name}"
        );
        assert_eq!(
            render_type(DbKind::Postgres, &c.ty).ddl,
            *ddl,
            "PostgreSQL DDL of {name}"
        );
    }
}

/// An input of one column `k` (Int64) that yields two rows, then fails with "the source went
/// away": a load of it must write nothing.
pub fn input_failing_after_two_rows() -> SchemaStream {
    use arrow_array::Int64Array;
    use arrow_schema::{Field, Schema};
    let schema = Arc::new(Schema::new(vec![Field::new("k", DataType::Int64, true)]));
    let good =
        RecordBatch::try_new(schema.clone(), vec![Arc::new(Int64Array::from(vec![1, 2]))]).unwrap();
    let stream = futures::stream::iter(vec![
        Ok(good),
        Err(dvt_io::connector::unsupported(
            "src",
            "the source went away",
        )),
    ]);
    SchemaStream {
        schema,
        stream: Box::pin(stream),
    }
}
