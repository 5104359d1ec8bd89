//! DuckDB files through the `duckdb` crate (feature `duckdb`: linked to a prebuilt DuckDB
//! library found by `DUCKDB_LIB_DIR`; `duckdb-bundled`: DuckDB compiled from source).
//!
//! A DuckDB file is like a SQLite one: `path:` of the output names it, reading never creates
//! it (a missing source file is DVT120 naming the path), the first write of a target does.
//! Unlike SQLite, DuckDB lets one process open a file once: every connector of this process
//! on the same file shares one database instance (a registry keyed by the file's absolute
//! path, released when the last connector on it is dropped), and each operation runs on a
//! connection of its own to that instance, on a tokio blocking thread. Another process holding
//! the file (a DuckDB shell, a second `dvt`) is DuckDB's lock error, reported as DVT120.
//!
//! **Extract**: the query runs as a streaming DuckDB query whose result comes out in DuckDB's
//! own Arrow form; batches are moved zero-copy from the duckdb crate's Arrow 58 into the
//! workspace's Arrow 59 (`dvt_io::arrow58`), gathered to [`batch_size`] rows, and DuckDB's
//! dictionary (ENUM), large and view string/binary types are cast to plain `Utf8`/`Binary`.
//! Types otherwise are DuckDB's: `DECIMAL(p,s)` → Decimal128, `HUGEINT` → Decimal128(38,0),
//! `DATE` → Date32, `TIMESTAMP` → Timestamp(µs), and so on.
//!
//! **Catalog**: `information_schema` (columns in order, their types parsed through the
//! `dvt-types` DuckDB table), primary keys from `duckdb_constraints()`, the row count DuckDB
//! keeps per table (`duckdb_tables().estimated_size`). Schemas are DuckDB's (`main` by
//! default, or the output's `schema:`).
//!
//! **Load**: DuckDB's appender, fed Arrow batches, inside one transaction per call (a failed
//! load writes nothing). The atomic swap is one transaction (`DROP TABLE` + `ALTER TABLE …
//! RENAME`): DuckDB DDL is transactional, and its views are bound when queried, so a view on
//! the target survives the swap.
//!
//! ```
//! use arrow_array::cast::AsArray;
//! use arrow_array::types::Decimal128Type;
//! use dvt_connectors::duckdb::DuckDbConnector;
//! use dvt_io::connector::{Connector, TableName};
//! use futures::TryStreamExt;
//!
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let dir = tempfile::tempdir()?;
//! let shop = DuckDbConnector::at("shop", dir.path().join("shop.duckdb"));
//! tokio::runtime::Runtime::new()?.block_on(async {
//!     shop.execute("CREATE TABLE orders (id INTEGER PRIMARY KEY, amount DECIMAL(10,2));
//!                   INSERT INTO orders VALUES (1, 2.50), (2, 1.00)").await?;
//!     let orders = shop.table(&TableName::new(None, "orders")).await?.expect("created above");
//!     assert_eq!((orders.primary_key.as_slice(), orders.row_estimate), (&["id".to_string()][..], Some(2)));
//!
//!     let rows = shop.extract("SELECT SUM(amount) AS total FROM orders").await?;
//!     let batches: Vec<_> = rows.stream.try_collect().await?;
//!     let total = batches[0].column(0).as_primitive::<Decimal128Type>();
//!     assert_eq!((total.value(0), total.scale()), (350, 2)); // 3.50
//!     Ok::<_, Box<dyn std::error::Error>>(())
//! })?;
//! # Ok(())
//! # }
//! ```

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, LazyLock, Mutex, Weak};

use arrow_array::RecordBatch;
use arrow_schema::{DataType, Field, Schema, SchemaRef};
use async_trait::async_trait;
use dvt_core::profiles::Connection;
use dvt_io::arrow58::{from_arrow58, to_arrow58};
use dvt_io::connector::{
    CatalogColumn, CatalogTable, Connector, SchemaStream, TableName, connect_error, load_error,
    query_error, swap_by_rename_sql, unsupported,
};
use dvt_io::{Error as IoError, Result};
use dvt_types::{DbKind, DvtType};
use tokio::sync::{mpsc, oneshot};

use crate::arrow_util::{batch_size, feed_writer, on_blocking_thread, receiver_stream};

/// One open DuckDB database: the connection every operation's own connection is cloned from.
struct Database {
    root: Mutex<duckdb::Connection>,
}

/// The databases this process has open, by absolute file path.
static OPEN: LazyLock<Mutex<HashMap<PathBuf, Weak<Database>>>> =
    LazyLock::new(|| Mutex::new(HashMap::new()));

/// A DuckDB database file as a [`Connector`].
#[derive(Clone)]
pub struct DuckDbConnector {
    output: String,
    path: PathBuf,
    schema: String,
    /// The database once opened (shared with every clone of this connector).
    db: Arc<Mutex<Option<Arc<Database>>>>,
}

impl std::fmt::Debug for DuckDbConnector {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DuckDbConnector")
            .field("output", &self.output)
            .field("path", &self.path)
            .field("schema", &self.schema)
            .finish()
    }
}

impl DuckDbConnector {
    /// The connector of an output of type `duckdb` (its `path`, and `schema`, default `main`).
    pub fn open(conn: &Connection) -> Result<Self> {
        let path = conn.path.clone().ok_or_else(|| {
            connect_error(
                &conn.name,
                "duckdb",
                "the output has no `path`; add e.g. `path: /data/warehouse.duckdb`",
            )
        })?;
        let mut c = Self::at(&conn.name, path);
        if let Some(s) = conn.schema.as_deref().filter(|s| !s.is_empty()) {
            c.schema = s.to_string();
        }
        Ok(c)
    }

    /// The connector of a database file (schema `main`), named `output` in messages.
    pub fn at(output: &str, path: impl Into<PathBuf>) -> Self {
        Self {
            output: output.to_string(),
            path: path.into(),
            schema: "main".to_string(),
            db: Arc::new(Mutex::new(None)),
        }
    }

    /// The database file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    fn what(&self) -> String {
        format!("duckdb file {}", self.path.display())
    }

    fn in_memory(&self) -> bool {
        self.path.as_os_str() == ":memory:"
    }

    /// Whether the database is there to read (open already, in memory, or its file exists).
    fn exists(&self) -> bool {
        self.in_memory() || self.path.exists() || self.db.lock().is_ok_and(|d| d.is_some())
    }

    /// A new connection to the database, opening it first (`create`: the file may be made).
    fn connect(&self, create: bool) -> Result<duckdb::Connection> {
        let fail = |m: &dyn std::fmt::Display| connect_error(&self.output, &self.what(), m);
        let mut slot = self.db.lock().map_err(|e| fail(&e))?;
        if slot.is_none() {
            if !create && !self.in_memory() && !self.path.exists() {
                return Err(fail(&format_args!(
                    "the database file {} does not exist (a source's file must exist; check `path` of this output)",
                    self.path.display()
                )));
            }
            *slot = Some(self.database().map_err(|e| fail(&e))?);
        }
        let db = slot.as_ref().expect("opened above");
        let root = db.root.lock().map_err(|e| fail(&e))?;
        root.try_clone().map_err(|e| fail(&e))
    }

    /// This file's database: the one this process has open, or a newly opened one.
    fn database(&self) -> std::result::Result<Arc<Database>, String> {
        if self.in_memory() {
            let root = duckdb::Connection::open_in_memory().map_err(|e| e.to_string())?;
            return Ok(Arc::new(Database {
                root: Mutex::new(root),
            }));
        }
        if let Some(dir) = self.path.parent()
            && !dir.as_os_str().is_empty()
            && !dir.is_dir()
        {
            return Err(format!("the directory {} does not exist", dir.display()));
        }
        let key = std::path::absolute(&self.path).map_err(|e| e.to_string())?;
        let mut open = OPEN.lock().map_err(|e| e.to_string())?;
        if let Some(db) = open.get(&key).and_then(Weak::upgrade) {
            return Ok(db);
        }
        let root = duckdb::Connection::open(&key).map_err(|e| e.to_string())?;
        let db = Arc::new(Database {
            root: Mutex::new(root),
        });
        open.retain(|_, w| w.strong_count() > 0);
        open.insert(key, Arc::downgrade(&db));
        Ok(db)
    }

    /// Run `f` with a connection of its own on a blocking thread (`create`: one that may make
    /// the file).
    async fn blocking<T, F>(&self, create: bool, f: F) -> Result<T>
    where
        T: Send + 'static,
        F: FnOnce(&Self, duckdb::Connection) -> Result<T> + Send + 'static,
    {
        let me = self.clone();
        on_blocking_thread(&self.output, "DuckDB", move || {
            let c = me.connect(create)?;
            f(&me, c)
        })
        .await
    }

    fn schema_of<'a>(&'a self, name: &'a TableName) -> &'a str {
        name.schema.as_deref().unwrap_or(&self.schema)
    }
}

/// DuckDB's Arrow types the rest of dvt reads as their plain forms.
fn plain(t: &DataType) -> Option<DataType> {
    match t {
        DataType::Dictionary(_, v) => Some(plain(v).unwrap_or_else(|| v.as_ref().clone())),
        DataType::LargeUtf8 | DataType::Utf8View => Some(DataType::Utf8),
        DataType::LargeBinary | DataType::BinaryView => Some(DataType::Binary),
        _ => None,
    }
}

/// The schema dvt sees of a DuckDB result schema ([`plain`] types, every column nullable).
fn conformed(schema: &Schema) -> SchemaRef {
    let fields: Vec<Field> = schema
        .fields()
        .iter()
        .map(|f| {
            let t = plain(f.data_type()).unwrap_or_else(|| f.data_type().clone());
            Field::new(f.name(), t, true).with_metadata(f.metadata().clone())
        })
        .collect();
    Arc::new(Schema::new(fields))
}

/// A batch of a DuckDB result in `schema`'s types, its decimals checked: DuckDB exports a
/// `HUGEINT` as Decimal128(38, 0) even when the value has 39 digits.
fn checked(b: &RecordBatch, schema: &SchemaRef) -> std::result::Result<RecordBatch, String> {
    use arrow_array::cast::AsArray;
    let b = crate::cast_batch(b, schema).map_err(|e| e.to_string())?;
    for (col, f) in b.columns().iter().zip(schema.fields()) {
        if let DataType::Decimal128(p, _) = f.data_type() {
            let d = col.as_primitive::<arrow_array::types::Decimal128Type>();
            d.validate_decimal_precision(*p).map_err(|e| {
                format!(
                    "column {}: {e}; cast it in the model (a HUGEINT beyond 38 digits does not fit a decimal)",
                    f.name()
                )
            })?;
        }
    }
    Ok(b)
}

/// Sends one extract's schema, then its batches (gathered to [`batch_size`] rows).
struct Sender {
    schema: Option<oneshot::Sender<Result<SchemaRef>>>,
    rows: mpsc::Sender<Result<RecordBatch>>,
}

impl Sender {
    /// Report an error where the receiver is waiting (and stop).
    fn fail(mut self, e: IoError) {
        match self.schema.take() {
            Some(s) => drop(s.send(Err(e))),
            None => drop(self.rows.blocking_send(Err(e))),
        }
    }

    /// Send a batch (`false`: the receiver is gone, stop).
    fn send(&self, b: Result<RecordBatch>) -> bool {
        self.rows.blocking_send(b).is_ok()
    }
}

/// Run `sql` on `c` and send its rows (on a blocking thread).
fn stream_rows(me: &DuckDbConnector, c: &duckdb::Connection, sql: &str, mut tx: Sender) {
    let qerr = |e: &dyn std::fmt::Display| query_error(&me.output, sql, e);
    let mut st = match c.prepare(sql) {
        Ok(s) => s,
        Err(e) => return tx.fail(qerr(&e)),
    };
    let mut rows = match st.stream_arrow([]) {
        Ok(r) => r,
        Err(e) => return tx.fail(qerr(&e)),
    };
    let empty = duckdb::arrow::record_batch::RecordBatch::new_empty(rows.get_schema());
    let schema = match from_arrow58(&empty) {
        Ok(b) => conformed(&b.schema()),
        Err(e) => return tx.fail(unsupported(&me.output, e)),
    };
    if let Some(s) = tx.schema.take()
        && s.send(Ok(schema.clone())).is_err()
    {
        return;
    }
    let mut gathered: Vec<RecordBatch> = Vec::new();
    let mut held = 0;
    loop {
        // The duckdb crate's iterator panics on an error mid-stream: caught as the error.
        let next = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| rows.next()));
        let batch = match next {
            Ok(Some(b)) => b,
            Ok(None) => break,
            Err(p) => {
                let m = p
                    .downcast_ref::<String>()
                    .cloned()
                    .unwrap_or_else(|| "the query failed while its rows were read".into());
                return tx.fail(qerr(&m));
            }
        };
        let b = from_arrow58(&batch).and_then(|b| checked(&b, &schema));
        match b {
            Ok(b) => {
                held += b.num_rows();
                gathered.push(b);
            }
            Err(e) => return tx.fail(unsupported(&me.output, e)),
        }
        if held >= batch_size() {
            let out = arrow_select::concat::concat_batches(&schema, &gathered);
            gathered.clear();
            held = 0;
            if !tx.send(out.map_err(|e| unsupported(&me.output, e))) {
                return;
            }
        }
    }
    if held > 0 {
        let out = arrow_select::concat::concat_batches(&schema, &gathered);
        tx.send(out.map_err(|e| unsupported(&me.output, e)));
    }
}

/// The tables (and views) of a schema, or the one named `only`.
fn read_catalog(
    c: &duckdb::Connection,
    schema: &str,
    only: Option<&str>,
) -> duckdb::Result<Vec<CatalogTable>> {
    let mut cols = c.prepare(
        "SELECT c.table_name, c.column_name, c.data_type, c.is_nullable = 'YES'
         FROM information_schema.columns c
         WHERE c.table_catalog = current_database() AND c.table_schema = ?1
           AND (?2 IS NULL OR c.table_name = ?2)
         ORDER BY c.table_name, c.ordinal_position",
    )?;
    let mut tables: Vec<CatalogTable> = Vec::new();
    let mut rows = cols.query(duckdb::params![schema, only])?;
    while let Some(r) = rows.next()? {
        let (table, name, native, nullable): (String, String, String, bool) =
            (r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?);
        if tables.last().is_none_or(|t| t.name.name != table) {
            tables.push(CatalogTable {
                name: TableName::new(Some(schema), &table),
                columns: Vec::new(),
                row_estimate: None,
                primary_key: Vec::new(),
            });
        }
        let ty = dvt_types::parse_type(DbKind::DuckDb, &native).unwrap_or(DvtType::Unknown {
            native: native.clone(),
        });
        let t = tables.last_mut().expect("pushed above");
        t.columns.push(CatalogColumn {
            name,
            native_type: native,
            ty,
            nullable,
            distinct: None,
            nulls: None,
        });
    }
    let (sizes, keys) = table_facts(c, schema)?;
    for t in &mut tables {
        t.row_estimate = sizes.get(&t.name.name).copied();
        t.primary_key = keys.get(&t.name.name).cloned().unwrap_or_default();
    }
    Ok(tables)
}

/// Rows per table DuckDB keeps (views have none), and primary keys, of a schema.
type Facts = (HashMap<String, u64>, HashMap<String, Vec<String>>);

fn table_facts(c: &duckdb::Connection, schema: &str) -> duckdb::Result<Facts> {
    let mut sizes = HashMap::new();
    let mut st = c.prepare(
        "SELECT table_name, estimated_size FROM duckdb_tables()
         WHERE database_name = current_database() AND schema_name = ?1",
    )?;
    let mut rows = st.query([schema])?;
    while let Some(r) = rows.next()? {
        let n: Option<i64> = r.get(1)?;
        sizes.insert(r.get::<_, String>(0)?, n.unwrap_or(0).max(0) as u64);
    }
    let mut keys: HashMap<String, Vec<String>> = HashMap::new();
    let mut st = c.prepare(
        "SELECT table_name, UNNEST(constraint_column_names) FROM duckdb_constraints()
         WHERE database_name = current_database() AND schema_name = ?1
           AND constraint_type = 'PRIMARY KEY'",
    )?;
    let mut rows = st.query([schema])?;
    while let Some(r) = rows.next()? {
        keys.entry(r.get(0)?).or_default().push(r.get(1)?);
    }
    Ok((sizes, keys))
}

/// Append the batches `rx` brings to `table` in one transaction; `None` marks the end.
fn append_all(
    me: &DuckDbConnector,
    mut c: duckdb::Connection,
    table: &TableName,
    mut rx: mpsc::Receiver<Option<RecordBatch>>,
) -> Result<u64> {
    let fail = |e: &dyn std::fmt::Display| load_error(&me.output, table, e);
    let t = c.transaction().map_err(|e| fail(&e))?;
    let mut rows = 0u64;
    {
        let mut app = t
            .appender_to_db(&table.name, me.schema_of(table))
            .map_err(|e| fail(&e))?;
        loop {
            let batch = match rx.blocking_recv() {
                Some(Some(b)) => b,
                Some(None) => break,
                None => return Err(fail(&"the input stopped before its end")),
            };
            rows += batch.num_rows() as u64;
            let old = to_arrow58(&batch).map_err(|e| fail(&e))?;
            app.append_record_batch(old).map_err(|e| fail(&e))?;
        }
        app.flush().map_err(|e| fail(&e))?;
    }
    // Dropping the transaction without commit rolls back: a failed load writes nothing.
    t.commit().map_err(|e| fail(&e))?;
    Ok(rows)
}

#[async_trait]
impl Connector for DuckDbConnector {
    fn output(&self) -> &str {
        &self.output
    }

    fn dialect(&self) -> DbKind {
        DbKind::DuckDb
    }

    fn default_schema(&self) -> Option<String> {
        Some(self.schema.clone())
    }

    async fn ping(&self) -> Result<()> {
        self.blocking(false, |me, c| {
            c.execute_batch("SELECT 1")
                .map_err(|e| connect_error(&me.output, &me.what(), e))
        })
        .await
    }

    async fn catalog(&self, schema: Option<&str>) -> Result<Vec<CatalogTable>> {
        let schema = schema.unwrap_or(&self.schema).to_string();
        self.blocking(false, move |me, c| {
            read_catalog(&c, &schema, None)
                .map_err(|e| query_error(&me.output, "information_schema.columns", e))
        })
        .await
    }

    async fn table(&self, name: &TableName) -> Result<Option<CatalogTable>> {
        let (schema, table) = (self.schema_of(name).to_string(), name.name.clone());
        self.blocking(false, move |me, c| {
            read_catalog(&c, &schema, Some(&table))
                .map(|mut v| v.pop())
                .map_err(|e| query_error(&me.output, "information_schema.columns", e))
        })
        .await
    }

    async fn extract(&self, query: &str) -> Result<SchemaStream> {
        let (schema_tx, schema_rx) = oneshot::channel();
        let (tx, rx) = mpsc::channel(2);
        let me = self.clone();
        let sql = query.to_string();
        tokio::task::spawn_blocking(move || {
            let tx = Sender {
                schema: Some(schema_tx),
                rows: tx,
            };
            match me.connect(false) {
                Ok(c) => stream_rows(&me, &c, &sql, tx),
                Err(e) => tx.fail(e),
            }
        });
        let schema = schema_rx.await.map_err(|_| {
            unsupported(
                &self.output,
                "the DuckDB reader stopped before the first row",
            )
        })??;
        Ok(SchemaStream {
            schema,
            stream: Box::pin(receiver_stream(rx)),
        })
    }

    async fn query_bounds(&self, sql: &str) -> Result<(Option<i64>, Option<i64>)> {
        let sql = sql.to_string();
        self.blocking(false, move |me, c| {
            c.query_row(&sql, [], |r| Ok((r.get(0)?, r.get(1)?)))
                .map_err(|e| query_error(&me.output, &sql, e))
        })
        .await
    }

    /// Runs the statements; the rows affected are told for a single statement only (0
    /// otherwise).
    async fn execute(&self, sql: &str) -> Result<u64> {
        let sql = sql.to_string();
        self.blocking(true, move |me, c| {
            let err = |e: duckdb::Error| query_error(&me.output, &sql, e);
            match c.prepare(&sql) {
                Ok(mut st) => st.execute([]).map(|n| n as u64).map_err(err),
                // Several statements do not prepare as one: run them as a batch.
                Err(_) => c.execute_batch(&sql).map(|()| 0).map_err(err),
            }
        })
        .await
    }

    async fn execute_atomic(&self, statements: &[String]) -> Result<()> {
        let statements = statements.to_vec();
        self.blocking(true, move |me, mut c| {
            let t = c
                .transaction()
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
        let (tx, rx) = mpsc::channel::<Option<RecordBatch>>(2);
        let table = name.clone();
        let writer = self.blocking(true, move |me, c| append_all(me, c, &table, rx));
        feed_writer(data.stream, tx, writer).await
    }

    async fn replace_table(&self, staging: &TableName, target: &TableName) -> Result<()> {
        self.execute_atomic(&swap_by_rename_sql('"', staging, target))
            .await
    }

    fn written_yet(&self) -> bool {
        self.exists()
    }

    /// A target file that does not exist yet has only `main` (and is not created here).
    async fn schema_exists(&self, schema: &str) -> Result<bool> {
        if !self.exists() {
            return Ok(schema == "main");
        }
        let schema = schema.to_string();
        self.blocking(false, move |me, c| {
            let sql = "SELECT COUNT(*) FROM information_schema.schemata
                       WHERE catalog_name = current_database() AND schema_name = ?1";
            c.query_row(sql, [&schema], |r| r.get::<_, i64>(0))
                .map(|n| n > 0)
                .map_err(|e| query_error(&me.output, sql, e))
        })
        .await
    }
}
