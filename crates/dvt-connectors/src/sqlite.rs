//! SQLite through `rusqlite` (bundled).
//!
//! SQLite is an in-process library with blocking calls, so every operation runs on a tokio
//! blocking thread with its own connection to the file (a busy timeout of 30 s lets parallel
//! extracts and a load share one file). Rows travel to and from the async side through bounded
//! channels, one record batch at a time: nothing is fully materialized.
//!
//! Types: a result column takes the declared type of the table column it comes from (through
//! the `dvt-types` SQLite table: affinity rules, `DATE`, `TIMESTAMP`, `NUMERIC(p,s)`, …); an
//! expression column (no declared type) or a column of NUMERIC affinity takes the storage class
//! its values have in the first batch (INTEGER → int64, REAL or mixed numbers → float64, TEXT →
//! text, BLOB → binary). Values are read in their storage class and converted to the column's
//! Arrow type with checked casts (`arrow-cast`): a value that does not convert is an error
//! naming the column, never a silent NULL.
//!
//! A table column declared without a type (`CREATE TABLE t (x)`: any value of any storage class)
//! is `unknown('')` in the catalog and is extracted as text typed `unknown('')` (Utf8), whatever
//! its values (told apart from expressions by the column's origin,
//! `sqlite3_column_table_name`): an INTEGER as its digits, a REAL as its shortest round-trip
//! decimal (`1.0`, `0.1`, `1e20`), TEXT as it is, a BLOB as its SQLite literal (`X'00FF'`).
//!
//! The catalog reads `pragma_table_xinfo`: generated columns (stored and virtual) are columns;
//! the hidden columns of virtual tables are not. Schemas: `main` (and `temp`) exist, and
//! `create_schema` of them does nothing; SQLite has no `CREATE SCHEMA`.
//!
//! **The file**: only writing creates it. Reading (`ping`, `catalog`, `table`, `extract`,
//! `query_bounds`) opens an existing file without `SQLITE_OPEN_CREATE`, and a missing file is a
//! DVT120 naming the output and the path — a source's file must exist; a typo in a source's
//! `path` is not an empty database. Writing (`execute`, `execute_atomic`, `create_table`,
//! `load`, `replace_table`) creates the file of a target. For a target that does not exist yet,
//! `target_table`, `tables_with_prefix` and `schema_exists` answer "nothing there" (and `main`)
//! without creating it.
//!
//! Loads bind every value with its natural storage class (integers, reals, text, blobs; decimals
//! as exact text, dates and timestamps as ISO text `YYYY-MM-DD HH:MM:SS.ffffff`) in one
//! transaction per call. The atomic swap is one transaction (`DROP TABLE` + `ALTER TABLE …
//! RENAME`): SQLite DDL is transactional.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use arrow_array::{
    Array, ArrayRef, BinaryArray, Float64Array, Int64Array, RecordBatch, StringArray,
    builder::StringBuilder,
};
use arrow_cast::display::{ArrayFormatter, FormatOptions};
use arrow_schema::{DataType, Field, Schema, SchemaRef};
use async_trait::async_trait;
use dvt_core::profiles::Connection;
use dvt_io::connector::{
    CatalogColumn, CatalogTable, Connector, SchemaStream, TableName, connect_error, load_error,
    query_error, swap_by_rename_sql, unsupported,
};
use dvt_io::{Error as IoError, Result};
use dvt_types::{DbKind, DvtType};
use rusqlite::types::Value;
use tokio::sync::{mpsc, oneshot};

use crate::arrow_util::{batch_size, feed_writer, on_blocking_thread, receiver_stream};

/// A SQLite database file as a [`Connector`].
#[derive(Debug, Clone)]
pub struct SqliteConnector {
    output: String,
    path: PathBuf,
}

impl SqliteConnector {
    /// The connector of an output of type `sqlite` (its `path`, or the first file of
    /// `schemas_and_paths`).
    pub fn open(conn: &Connection) -> Result<Self> {
        let path = conn.path.clone().ok_or_else(|| {
            connect_error(
                &conn.name,
                "sqlite",
                "the output has no `path`; add e.g. `path: /data/warehouse.db`",
            )
        })?;
        Ok(Self::at(&conn.name, path))
    }

    /// The connector of a database file, named `output` in messages.
    pub fn at(output: &str, path: impl Into<PathBuf>) -> Self {
        Self {
            output: output.to_string(),
            path: path.into(),
        }
    }

    /// The database file.
    pub fn path(&self) -> &std::path::Path {
        &self.path
    }

    /// A connection to an existing file (reading): never creates it.
    fn connect_existing(&self) -> Result<rusqlite::Connection> {
        self.open_with(false)
    }

    /// Whether the database file is there (`:memory:` always is).
    fn exists(&self) -> bool {
        self.path.as_os_str() == ":memory:" || self.path.exists()
    }

    fn open_with(&self, create: bool) -> Result<rusqlite::Connection> {
        if !create && !self.exists() {
            return Err(connect_error(
                &self.output,
                &self.what(),
                format!(
                    "the database file {} does not exist (a source's file must exist; check `path` of this output)",
                    self.path.display()
                ),
            ));
        }
        if let Some(dir) = self.path.parent()
            && !dir.as_os_str().is_empty()
            && !dir.is_dir()
        {
            return Err(connect_error(
                &self.output,
                &self.what(),
                format!("the directory {} does not exist", dir.display()),
            ));
        }
        use rusqlite::OpenFlags;
        let mut flags = OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_URI
            | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        if create {
            flags |= OpenFlags::SQLITE_OPEN_CREATE;
        }
        let c = rusqlite::Connection::open_with_flags(&self.path, flags)
            .map_err(|e| connect_error(&self.output, &self.what(), e))?;
        c.busy_timeout(Duration::from_secs(30))
            .map_err(|e| connect_error(&self.output, &self.what(), e))?;
        Ok(c)
    }

    fn what(&self) -> String {
        format!("sqlite file {}", self.path.display())
    }

    /// Run `f` with a fresh connection on a blocking thread (one that may create the file).
    async fn blocking<T, F>(&self, f: F) -> Result<T>
    where
        T: Send + 'static,
        F: FnOnce(&Self, rusqlite::Connection) -> Result<T> + Send + 'static,
    {
        self.blocking_with(true, f).await
    }

    /// [`SqliteConnector::blocking`] on an existing file only (reading).
    async fn reading<T, F>(&self, f: F) -> Result<T>
    where
        T: Send + 'static,
        F: FnOnce(&Self, rusqlite::Connection) -> Result<T> + Send + 'static,
    {
        self.blocking_with(false, f).await
    }

    async fn blocking_with<T, F>(&self, create: bool, f: F) -> Result<T>
    where
        T: Send + 'static,
        F: FnOnce(&Self, rusqlite::Connection) -> Result<T> + Send + 'static,
    {
        let me = self.clone();
        on_blocking_thread(&self.output, "SQLite", move || {
            let c = me.open_with(create)?;
            f(&me, c)
        })
        .await
    }
}

/// How the values of a column are stored in one batch.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Storage {
    Null,
    Integer,
    Real,
    Text,
    Blob,
}

fn storage_of(values: &[Value]) -> Storage {
    let mut s = Storage::Null;
    for v in values {
        let k = match v {
            Value::Null => continue,
            Value::Integer(_) => Storage::Integer,
            Value::Real(_) => Storage::Real,
            Value::Text(_) => Storage::Text,
            Value::Blob(_) => Storage::Blob,
        };
        s = match (s, k) {
            (Storage::Null, k) => k,
            (a, b) if a == b => a,
            (Storage::Integer, Storage::Real) | (Storage::Real, Storage::Integer) => Storage::Real,
            (Storage::Blob, _) | (_, Storage::Blob) => Storage::Blob,
            _ => Storage::Text,
        };
    }
    s
}

/// The canonical type of a result column: its declared type, else what its values hold.
fn column_type(decl: Option<&str>, values: &[Value]) -> DvtType {
    let declared = decl
        .filter(|d| !d.trim().is_empty())
        .and_then(|d| dvt_types::parse_type(DbKind::Sqlite, d).ok());
    match declared {
        Some(DvtType::Unknown { .. }) | None => match storage_of(values) {
            Storage::Integer => DvtType::Int64,
            Storage::Real => DvtType::Float64,
            Storage::Blob => DvtType::Binary { length: None },
            Storage::Null | Storage::Text => DvtType::Varchar { length: None },
        },
        Some(t) => t,
    }
}

/// The text of any SQLite value (for columns declared without a type); `None` for NULL.
fn any_text(v: &Value) -> Option<String> {
    match v {
        Value::Null => None,
        Value::Integer(i) => Some(i.to_string()),
        Value::Real(r) => Some(format!("{r:?}")),
        Value::Text(t) => Some(t.clone()),
        Value::Blob(b) => {
            let mut s = String::with_capacity(3 + 2 * b.len());
            s.push_str("X'");
            for byte in b {
                s.push_str(&format!("{byte:02X}"));
            }
            s.push('\'');
            Some(s)
        }
    }
}

/// The type of a result column that is a table column declared without a type.
fn untyped() -> DvtType {
    DvtType::Unknown {
        native: String::new(),
    }
}

/// One column of values as an Arrow array of `field`'s type.
fn to_array(values: &[Value], field: &Field) -> std::result::Result<ArrayRef, String> {
    if DvtType::from_arrow_field(field) == untyped() {
        return Ok(Arc::new(StringArray::from_iter(
            values.iter().map(any_text),
        )));
    }
    let natural: ArrayRef = match storage_of(values) {
        Storage::Null | Storage::Integer if field.data_type() != &DataType::Utf8 => {
            Arc::new(Int64Array::from_iter(values.iter().map(|v| match v {
                Value::Integer(i) => Some(*i),
                _ => None,
            })))
        }
        Storage::Real | Storage::Integer if field.data_type() != &DataType::Utf8 => {
            Arc::new(Float64Array::from_iter(values.iter().map(|v| match v {
                Value::Integer(i) => Some(*i as f64),
                Value::Real(r) => Some(*r),
                _ => None,
            })))
        }
        Storage::Blob => {
            let bytes: Vec<Option<Vec<u8>>> = values
                .iter()
                .map(|v| match v {
                    Value::Null => None,
                    Value::Blob(b) => Some(b.clone()),
                    Value::Text(t) => Some(t.as_bytes().to_vec()),
                    Value::Integer(i) => Some(i.to_string().into_bytes()),
                    Value::Real(r) => Some(r.to_string().into_bytes()),
                })
                .collect();
            Arc::new(BinaryArray::from_iter(bytes))
        }
        _ => {
            // Appended straight from the values: no second copy of each string.
            let bytes = values
                .iter()
                .map(|v| match v {
                    Value::Text(t) => t.len(),
                    _ => 8,
                })
                .sum();
            let mut texts = StringBuilder::with_capacity(values.len(), bytes);
            for v in values {
                match v {
                    Value::Null => texts.append_null(),
                    Value::Integer(i) => texts.append_value(i.to_string()),
                    Value::Real(r) => texts.append_value(r.to_string()),
                    Value::Text(t) => texts.append_value(t),
                    Value::Blob(_) => {
                        return Err("it holds a BLOB where text is expected".to_string());
                    }
                }
            }
            Arc::new(texts.finish())
        }
    };
    if natural.data_type() == field.data_type() {
        return Ok(natural);
    }
    // Integers never silently lose their fraction: a REAL value in an integer column fails.
    if field.data_type().is_integer() && natural.data_type() == &DataType::Float64 {
        return Err("it holds REAL values where integers are declared".to_string());
    }
    let opts = arrow_cast::CastOptions {
        safe: false,
        ..Default::default()
    };
    arrow_cast::cast_with_options(&natural, field.data_type(), &opts).map_err(|e| e.to_string())
}

fn batch_of(
    columns: &[Vec<Value>],
    schema: &SchemaRef,
) -> std::result::Result<RecordBatch, String> {
    let mut arrays = Vec::with_capacity(columns.len());
    for (values, field) in columns.iter().zip(schema.fields()) {
        arrays.push(
            to_array(values, field)
                .map_err(|e| format!("column {} ({}): {e}", field.name(), field.data_type()))?,
        );
    }
    RecordBatch::try_new(schema.clone(), arrays).map_err(|e| e.to_string())
}

/// Values of a batch's rows with their natural SQLite storage class.
fn sqlite_values(batch: &RecordBatch) -> std::result::Result<Vec<Vec<Value>>, String> {
    let fmt = FormatOptions::default()
        .with_date_format(Some("%Y-%m-%d"))
        .with_datetime_format(Some("%Y-%m-%d %H:%M:%S%.f"))
        .with_timestamp_format(Some("%Y-%m-%d %H:%M:%S%.f"))
        .with_timestamp_tz_format(Some("%Y-%m-%d %H:%M:%S%.f"))
        .with_time_format(Some("%H:%M:%S%.f"));
    batch
        .columns()
        .iter()
        .zip(batch.schema().fields())
        .map(|(array, field)| column_values(array, field.name(), &fmt))
        .collect()
}

/// One value per row: NULL, or `value(i)`.
fn per_row(
    a: &dyn Array,
    mut value: impl FnMut(usize) -> std::result::Result<Value, String>,
) -> std::result::Result<Vec<Value>, String> {
    (0..a.len())
        .map(|i| {
            if a.is_null(i) {
                Ok(Value::Null)
            } else {
                value(i)
            }
        })
        .collect()
}

/// The values of one column.
fn column_values(
    array: &ArrayRef,
    name: &str,
    fmt: &FormatOptions<'_>,
) -> std::result::Result<Vec<Value>, String> {
    use arrow_array::cast::AsArray;
    use arrow_array::types::*;
    let cast = |a: &dyn Array, t: &DataType| arrow_cast::cast(a, t).map_err(|e| e.to_string());
    // Timestamps with a zone are written as UTC wall-clock text.
    let array: ArrayRef = match array.data_type() {
        DataType::Timestamp(u, Some(_)) => cast(array, &DataType::Timestamp(*u, None))?,
        DataType::Utf8View | DataType::LargeUtf8 | DataType::Dictionary(_, _) => {
            cast(array, &DataType::Utf8)?
        }
        _ => array.clone(),
    };
    let a = array.as_ref();
    macro_rules! ints {
        ($t:ty) => {{
            let p = a.as_primitive::<$t>();
            per_row(a, |i| Ok(Value::Integer(i64::from(p.value(i)))))
        }};
    }
    match a.data_type() {
        DataType::Boolean => {
            let b = a.as_boolean();
            per_row(a, |i| Ok(Value::Integer(i64::from(b.value(i)))))
        }
        DataType::Int8 => ints!(Int8Type),
        DataType::Int16 => ints!(Int16Type),
        DataType::Int32 => ints!(Int32Type),
        DataType::Int64 => ints!(Int64Type),
        DataType::UInt8 => ints!(UInt8Type),
        DataType::UInt16 => ints!(UInt16Type),
        DataType::UInt32 => ints!(UInt32Type),
        DataType::UInt64 => {
            let p = a.as_primitive::<UInt64Type>();
            per_row(a, |i| {
                let v = p.value(i);
                i64::try_from(v).map(Value::Integer).map_err(|_| {
                    format!("column {name}: {v} does not fit SQLite's 64-bit signed integers")
                })
            })
        }
        DataType::Float16 | DataType::Float32 | DataType::Float64 => {
            let f = cast(a, &DataType::Float64)?;
            let p = f.as_primitive::<Float64Type>();
            per_row(a, |i| match p.value(i) {
                // SQLite stores a NaN REAL as NULL: never silently.
                v if v.is_nan() => Err(format!(
                    "column {name}: NaN cannot be stored (SQLite turns a NaN into NULL); \
                     map it in the model, e.g. CASE WHEN x = 'NaN' THEN NULL ELSE x END"
                )),
                // ±Infinity are REAL values SQLite keeps (and reads back).
                v => Ok(Value::Real(v)),
            })
        }
        DataType::Utf8 => {
            let s = a.as_string::<i32>();
            per_row(a, |i| Ok(Value::Text(s.value(i).to_string())))
        }
        DataType::Binary | DataType::LargeBinary | DataType::BinaryView => {
            let b = cast(a, &DataType::Binary)?;
            let b = b.as_binary::<i32>();
            per_row(a, |i| Ok(Value::Blob(b.value(i).to_vec())))
        }
        _ => {
            // Decimals (exact text), dates, times, intervals, lists: their text form.
            let f = ArrayFormatter::try_new(a, fmt).map_err(|e| e.to_string())?;
            per_row(a, |i| Ok(Value::Text(f.value(i).to_string())))
        }
    }
}

/// Distinct-value estimates of `table`'s columns that lead an index, from `sqlite_stat1`
/// (written by `ANALYZE`; none without it): its `stat` is the index's rows, then the average
/// rows per distinct value of the first column, and so on.
fn index_distinct(c: &rusqlite::Connection, table: &str) -> BTreeMap<String, u64> {
    let stats: Vec<(String, String)> = c
        .prepare("SELECT idx, stat FROM sqlite_stat1 WHERE tbl = ?1 AND idx IS NOT NULL")
        .and_then(|mut st| {
            st.query_map([table], |r| Ok((r.get(0)?, r.get(1)?)))?
                .collect::<rusqlite::Result<Vec<_>>>()
        })
        .unwrap_or_default();
    let mut out = BTreeMap::new();
    for (index, stat) in stats {
        let mut n = stat.split_whitespace().map(|x| x.parse::<u64>().ok());
        let (Some(Some(rows)), Some(Some(per_value))) = (n.next(), n.next()) else {
            continue;
        };
        let first: Option<String> = c
            .query_row(
                "SELECT name FROM pragma_index_info(?1) WHERE seqno = 0",
                [&index],
                |r| r.get(0),
            )
            .ok();
        if let Some(column) = first {
            out.insert(column, rows.div_ceil(per_value.max(1)));
        }
    }
    out
}

fn read_catalog(
    c: &rusqlite::Connection,
    only: Option<&str>,
) -> rusqlite::Result<Vec<CatalogTable>> {
    let mut names: Vec<(String, String)> = Vec::new();
    {
        let mut st = c.prepare(
            "SELECT name, type FROM sqlite_master WHERE type IN ('table', 'view') \
             AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name",
        )?;
        let rows = st.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?;
        for r in rows {
            let n = r?;
            if only.is_none_or(|o| o == n.0) {
                names.push(n);
            }
        }
    }
    let mut out = Vec::new();
    for (n, kind) in names {
        // hidden: 0 a column, 1 a hidden column of a virtual table (not read by `*`), 2 and 3
        // generated columns (virtual, stored).
        let mut st = c.prepare(
            "SELECT name, type, \"notnull\", pk FROM pragma_table_xinfo(?1) \
             WHERE hidden IN (0, 2, 3) ORDER BY cid",
        )?;
        let mut cols = st
            .query_map([&n], |r| {
                let name: String = r.get(0)?;
                let native: String = r.get(1)?;
                let notnull: i64 = r.get(2)?;
                let pk: i64 = r.get(3)?;
                Ok((name, native, notnull, pk))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        if kind == "view" {
            // A view column that is a table column without a declared type: SQLite names the
            // affinity (`BLOB`) in pragma_table_xinfo, but it is untyped (and extracted as text).
            let untyped = untyped_view_columns(c, &n);
            if untyped.len() == cols.len() {
                for (col, untyped) in cols.iter_mut().zip(untyped) {
                    if untyped {
                        col.1 = String::new();
                    }
                }
            }
        }
        let mut key: Vec<(i64, String)> = cols
            .iter()
            .filter(|c| c.3 > 0)
            .map(|c| (c.3, c.0.clone()))
            .collect();
        key.sort();
        // SQLite keeps no row count; the largest rowid is one for tables with a rowid (an
        // index lookup), and a view or a WITHOUT ROWID table has none.
        let row_estimate = if kind == "table" {
            c.query_row(
                &format!("SELECT MAX(rowid) FROM \"{}\"", n.replace('"', "\"\"")),
                [],
                |r| r.get::<_, Option<i64>>(0),
            )
            .ok()
            .map(|m| m.map_or(0, |m| m.max(0) as u64))
        } else {
            None
        };
        let distinct = index_distinct(c, &n);
        out.push(CatalogTable {
            name: TableName::new(None, &n),
            columns: cols
                .into_iter()
                .map(|(name, native, notnull, _)| CatalogColumn {
                    ty: dvt_types::parse_type(DbKind::Sqlite, &native).unwrap_or(
                        DvtType::Unknown {
                            native: native.clone(),
                        },
                    ),
                    distinct: distinct.get(&name).copied(),
                    name,
                    native_type: native,
                    nullable: notnull == 0,
                    nulls: None,
                })
                .collect(),
            row_estimate,
            primary_key: key.into_iter().map(|(_, k)| k).collect(),
        });
    }
    Ok(out)
}

/// For each column of a view: whether it is a table column declared without a type (its
/// origin is a table column and it has no declared type). Empty when the view does not prepare.
fn untyped_view_columns(c: &rusqlite::Connection, view: &str) -> Vec<bool> {
    let sql = format!("SELECT * FROM \"{}\"", view.replace('"', "\"\""));
    let Ok(st) = c.prepare(&sql) else {
        return Vec::new();
    };
    let origins: Vec<bool> = st
        .columns_with_metadata()
        .map(|m| m.table_name().is_some() && m.origin_name().is_some())
        .collect();
    st.columns()
        .zip(origins)
        .map(|(col, origin)| origin && col.decl_type().is_none_or(|d| d.trim().is_empty()))
        .collect()
}

#[async_trait]
impl Connector for SqliteConnector {
    fn output(&self) -> &str {
        &self.output
    }

    fn dialect(&self) -> DbKind {
        DbKind::Sqlite
    }

    fn default_schema(&self) -> Option<String> {
        None
    }

    async fn ping(&self) -> Result<()> {
        self.reading(|me, c| {
            c.query_row("SELECT 1", [], |_| Ok(()))
                .map_err(|e| connect_error(&me.output, &me.what(), e))
        })
        .await
    }

    async fn catalog(&self, _schema: Option<&str>) -> Result<Vec<CatalogTable>> {
        self.reading(|me, c| {
            read_catalog(&c, None).map_err(|e| query_error(&me.output, "sqlite_master", e))
        })
        .await
    }

    async fn table(&self, name: &TableName) -> Result<Option<CatalogTable>> {
        let n = name.name.clone();
        self.reading(move |me, c| {
            read_catalog(&c, Some(&n))
                .map(|mut v| v.pop())
                .map_err(|e| query_error(&me.output, "sqlite_master", e))
        })
        .await
    }

    async fn extract(&self, query: &str) -> Result<SchemaStream> {
        let (schema_tx, schema_rx) = oneshot::channel::<Result<SchemaRef>>();
        let (tx, rx) = mpsc::channel::<Result<RecordBatch>>(2);
        let me = self.clone();
        let sql = query.to_string();
        tokio::task::spawn_blocking(move || {
            let mut schema_tx = Some(schema_tx);
            let fail = |e: IoError,
                        schema_tx: &mut Option<oneshot::Sender<Result<SchemaRef>>>,
                        tx: &mpsc::Sender<Result<RecordBatch>>| {
                match schema_tx.take() {
                    Some(s) => {
                        let _ = s.send(Err(e));
                    }
                    None => {
                        let _ = tx.blocking_send(Err(e));
                    }
                }
            };
            let c = match me.connect_existing() {
                Ok(c) => c,
                Err(e) => return fail(e, &mut schema_tx, &tx),
            };
            let mut st = match c.prepare(&sql) {
                Ok(s) => s,
                Err(e) => return fail(query_error(&me.output, &sql, e), &mut schema_tx, &tx),
            };
            // A table column declared without a type has no declared type but an origin.
            let origins: Vec<bool> = st
                .columns_with_metadata()
                .map(|c| c.table_name().is_some() && c.origin_name().is_some())
                .collect();
            let decls: Vec<(String, Option<String>, bool)> = st
                .columns()
                .zip(origins)
                .map(|(c, origin)| {
                    let decl = c.decl_type().map(str::to_string);
                    let untyped = origin && decl.as_deref().is_none_or(|d| d.trim().is_empty());
                    (c.name().to_string(), decl, untyped)
                })
                .collect();
            let width = decls.len();
            let mut rows = match st.query([]) {
                Ok(r) => r,
                Err(e) => return fail(query_error(&me.output, &sql, e), &mut schema_tx, &tx),
            };
            let mut schema: Option<SchemaRef> = None;
            loop {
                let mut cols: Vec<Vec<Value>> = vec![Vec::with_capacity(batch_size()); width];
                let mut n = 0;
                let mut done = false;
                while n < batch_size() {
                    match rows.next() {
                        Ok(Some(row)) => {
                            for (i, col) in cols.iter_mut().enumerate() {
                                col.push(row.get::<_, Value>(i).unwrap_or(Value::Null));
                            }
                            n += 1;
                        }
                        Ok(None) => {
                            done = true;
                            break;
                        }
                        Err(e) => {
                            return fail(query_error(&me.output, &sql, e), &mut schema_tx, &tx);
                        }
                    }
                }
                let s = schema.get_or_insert_with(|| {
                    let fields: Vec<Field> = decls
                        .iter()
                        .zip(&cols)
                        .map(|((name, decl, untyped_col), values)| {
                            if *untyped_col {
                                return untyped().to_arrow_field(name, true);
                            }
                            column_type(decl.as_deref(), values).to_arrow_field(name, true)
                        })
                        .collect();
                    Arc::new(Schema::new(fields))
                });
                if let Some(stx) = schema_tx.take()
                    && stx.send(Ok(s.clone())).is_err()
                {
                    return;
                }
                if n > 0 {
                    let b = batch_of(&cols, s).map_err(|m| {
                        unsupported(
                            &me.output,
                            format!("a value of the query's result cannot be read: {m}; cast it in the model"),
                        )
                    });
                    let stop = b.is_err();
                    if tx.blocking_send(b).is_err() || stop {
                        return;
                    }
                }
                if done {
                    return;
                }
            }
        });
        let schema = schema_rx.await.map_err(|_| {
            unsupported(
                &self.output,
                "the SQLite reader stopped before the first row",
            )
        })??;
        Ok(SchemaStream {
            schema,
            stream: Box::pin(receiver_stream(rx)),
        })
    }

    async fn query_bounds(&self, sql: &str) -> Result<(Option<i64>, Option<i64>)> {
        let sql = sql.to_string();
        self.reading(move |me, c| {
            c.query_row(&sql, [], |r| Ok((r.get(0)?, r.get(1)?)))
                .map_err(|e| query_error(&me.output, &sql, e))
        })
        .await
    }

    async fn execute(&self, sql: &str) -> Result<u64> {
        let sql = sql.to_string();
        self.blocking(move |me, c| {
            c.execute_batch(&sql)
                .map_err(|e| query_error(&me.output, &sql, e))?;
            Ok(c.changes())
        })
        .await
    }

    async fn execute_atomic(&self, statements: &[String]) -> Result<()> {
        let statements = statements.to_vec();
        self.blocking(move |me, mut c| {
            // IMMEDIATE takes the write lock at BEGIN, waiting up to the busy timeout; a
            // deferred transaction that later upgrades fails at once ("database is locked")
            // when another connection writes the same file (models built in parallel).
            let t = c
                .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
                .map_err(|e| query_error(&me.output, "BEGIN", e))?;
            for s in &statements {
                t.execute_batch(s)
                    .map_err(|e| query_error(&me.output, s, e))?;
            }
            t.commit().map_err(|e| query_error(&me.output, "COMMIT", e))
        })
        .await
    }

    async fn load(&self, name: &TableName, data: SchemaStream) -> Result<u64> {
        // `None` marks the end of the input: only then is the transaction committed, so an
        // input that fails midway writes nothing.
        let (tx, mut rx) = mpsc::channel::<Option<RecordBatch>>(2);
        let table = name.clone();
        let cols: Vec<String> = data
            .schema
            .fields()
            .iter()
            .map(|f| TableName::new(None, f.name()).quoted('"'))
            .collect();
        let writer = self.blocking(move |me, mut c| {
            let t = c
                .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
                .map_err(|e| load_error(&me.output, &table, e))?;
            let sql = format!(
                "INSERT INTO {} ({}) VALUES ({})",
                table.quoted('"'),
                cols.join(", "),
                vec!["?"; cols.len()].join(", ")
            );
            let mut rows = 0u64;
            {
                let mut st = t
                    .prepare(&sql)
                    .map_err(|e| load_error(&me.output, &table, e))?;
                loop {
                    let batch = match rx.blocking_recv() {
                        Some(Some(b)) => b,
                        Some(None) => break,
                        None => {
                            return Err(load_error(
                                &me.output,
                                &table,
                                "the input stopped before its end",
                            ));
                        }
                    };
                    let values =
                        sqlite_values(&batch).map_err(|e| load_error(&me.output, &table, e))?;
                    for r in 0..batch.num_rows() {
                        st.execute(rusqlite::params_from_iter(values.iter().map(|c| &c[r])))
                            .map_err(|e| load_error(&me.output, &table, e))?;
                        rows += 1;
                    }
                }
            }
            // Dropping the transaction without commit rolls back: a failed load writes nothing.
            t.commit().map_err(|e| load_error(&me.output, &table, e))?;
            Ok(rows)
        });
        feed_writer(data.stream, tx, writer).await
    }

    /// `main`, `temp` and the attached databases of a connection (`pragma_database_list`).
    async fn schema_exists(&self, schema: &str) -> Result<bool> {
        if !self.exists() {
            // A target file not created yet: it will have `main` (and `temp`).
            return Ok(matches!(schema, "main" | "temp"));
        }
        let schema = schema.to_string();
        self.blocking(move |me, c| {
            let sql = "SELECT COUNT(*) FROM pragma_database_list WHERE name = ?1";
            c.query_row(sql, [&schema], |r| r.get::<_, i64>(0))
                .map(|n| n > 0 || schema == "temp")
                .map_err(|e| query_error(&me.output, sql, e))
        })
        .await
    }

    /// Nothing to do for `main` (the file is created when it is opened) or `temp`; SQLite has
    /// no `CREATE SCHEMA`, so any other name is DVT123.
    async fn create_schema(&self, schema: &str) -> Result<()> {
        if self.schema_exists(schema).await? {
            return Ok(());
        }
        Err(unsupported(
            &self.output,
            format!(
                "SQLite has no schemas to create: '{schema}' is not a database of {} (use schema `main`, or leave it out)",
                self.what()
            ),
        ))
    }

    async fn replace_table(&self, staging: &TableName, target: &TableName) -> Result<()> {
        self.execute_atomic(&swap_by_rename_sql('"', staging, target))
            .await
    }

    fn written_yet(&self) -> bool {
        self.exists()
    }
}
