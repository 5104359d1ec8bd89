//! The connector contract: how dvt talks to a database natively, in Arrow record batches.
//!
//! A [`Connector`] is one output of the profile, opened. It reads its catalog (tables, columns
//! with native and canonical types, row-count estimates), streams the rows of a query as Arrow
//! [`RecordBatch`]es, creates tables with DDL from the `dvt-types` TypeMapper, appends a stream
//! of batches to a table, and swaps a staging table into place atomically. Implementations live
//! in the `dvt-connectors` crate (one cargo feature per database).
//!
//! Every error is an [`Error`] that names the output (DVT120 connect, DVT121 query, DVT122
//! load, DVT123 unsupported) with the driver's message redacted of the connection's secrets.

use std::fmt;
use std::pin::Pin;

use arrow_array::RecordBatch;
use arrow_schema::{Schema, SchemaRef};
use async_trait::async_trait;
use dvt_types::{DbKind, DvtType, TypeLoss};
use futures::Stream;

use crate::error::{Error, Result};

/// A stream of record batches, each item possibly an error.
pub type BatchStream = Pin<Box<dyn Stream<Item = Result<RecordBatch>> + Send>>;

/// A stream of batches with the schema every batch has (known before the first batch).
pub struct SchemaStream {
    /// The schema of every batch.
    pub schema: SchemaRef,
    /// The batches.
    pub stream: BatchStream,
}

impl fmt::Debug for SchemaStream {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SchemaStream")
            .field("schema", &self.schema)
            .finish_non_exhaustive()
    }
}

/// A table's name in a database: an optional schema and the table.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TableName {
    /// The schema (PostgreSQL schema, MySQL database); `None` for the connection's default.
    pub schema: Option<String>,
    /// The table.
    pub name: String,
}

impl TableName {
    /// A table in a schema.
    pub fn new(schema: Option<&str>, name: &str) -> Self {
        Self {
            schema: schema.map(str::to_string),
            name: name.to_string(),
        }
    }

    /// The same schema, another table name.
    pub fn sibling(&self, name: &str) -> Self {
        Self {
            schema: self.schema.clone(),
            name: name.to_string(),
        }
    }

    /// The name quoted with `quote` on both sides (doubling embedded quotes), schema first.
    pub fn quoted(&self, quote: char) -> String {
        let q = |s: &str| {
            let d = format!("{quote}{quote}");
            format!("{quote}{}{quote}", s.replace(quote, &d))
        };
        match &self.schema {
            Some(s) => format!("{}.{}", q(s), q(&self.name)),
            None => q(&self.name),
        }
    }
}

impl fmt::Display for TableName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.schema {
            Some(s) => write!(f, "{s}.{}", self.name),
            None => f.write_str(&self.name),
        }
    }
}

/// A column as the database's catalog describes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CatalogColumn {
    /// Column name as stored.
    pub name: String,
    /// The native type as the catalog spells it (`character varying(20)`, `int(11)`).
    pub native_type: String,
    /// The canonical type (through the `dvt-types` parse table of the database's dialect).
    pub ty: DvtType,
    /// Whether it may hold NULL.
    pub nullable: bool,
    /// The database's estimate of its distinct non-NULL values, where its statistics keep one
    /// (PostgreSQL `pg_stats`; MySQL/MariaDB and SQLite: the leading column of an index).
    pub distinct: Option<u64>,
    /// The database's estimate of its NULL rows (PostgreSQL `pg_stats.null_frac` × rows).
    pub nulls: Option<u64>,
}

/// A table as the database's catalog describes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CatalogTable {
    /// Its name.
    pub name: TableName,
    /// Its columns in order.
    pub columns: Vec<CatalogColumn>,
    /// The database's row-count estimate (statistics), if it keeps one.
    pub row_estimate: Option<u64>,
    /// The columns of its primary key (empty: none, or a view).
    pub primary_key: Vec<String>,
}

/// How to split one extract over several connections.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Partitioning {
    /// An integer column of the query's output to split on, or
    /// [`Partitioning::ROW_RANGES`] (no column: ranges of the table's physical rows).
    pub column: String,
    /// Number of key ranges (an extra partition reads the rows where the column is NULL).
    pub partitions: usize,
}

impl Partitioning {
    /// The `column` of a split into ranges of the physical rows of the one table the query
    /// reads (PostgreSQL `ctid` pages) instead of key ranges; no column has an empty name.
    pub const ROW_RANGES: &'static str = "";

    /// A split into `partitions` physical row ranges (see [`Partitioning::ROW_RANGES`]).
    pub fn row_ranges(partitions: usize) -> Self {
        Self {
            column: Self::ROW_RANGES.to_string(),
            partitions,
        }
    }

    /// Whether this is a split into physical row ranges rather than key ranges.
    pub fn by_row_ranges(&self) -> bool {
        self.column == Self::ROW_RANGES
    }
}

/// Rows to load into a session's temporary table before a query (see
/// [`Connector::extract_staged`]).
pub struct Staged {
    /// The temporary table's name (unqualified).
    pub table: String,
    /// Its rows; the table's columns are the stream's schema.
    pub data: SchemaStream,
}

impl fmt::Debug for Staged {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Staged")
            .field("table", &self.table)
            .field("schema", &self.data.schema)
            .finish_non_exhaustive()
    }
}

/// A database, opened: catalog, extract, DDL, load and atomic swap.
///
/// Implementations must be safe to call from several tasks at once (each call may use its own
/// server connection).
#[async_trait]
pub trait Connector: Send + Sync + fmt::Debug {
    /// The output (connection) name, for messages.
    fn output(&self) -> &str;

    /// The dialect of the database (for its type tables and quoting).
    fn dialect(&self) -> DbKind;

    /// The identifier quote character (`"`; MySQL and MariaDB connectors say `` ` ``).
    fn quote(&self) -> char {
        '"'
    }

    /// The schema unqualified table names live in (`public`, the MySQL database, `None` for
    /// SQLite).
    fn default_schema(&self) -> Option<String>;

    /// Check that the database answers (`dvt debug`).
    async fn ping(&self) -> Result<()>;

    /// The tables of a schema (default: [`Connector::default_schema`]).
    async fn catalog(&self, schema: Option<&str>) -> Result<Vec<CatalogTable>>;

    /// One table of the catalog, or `None` when it does not exist.
    async fn table(&self, name: &TableName) -> Result<Option<CatalogTable>>;

    /// A table of an output the run writes to, or `None` when it does not exist yet. The same
    /// as [`Connector::table`], except where the output itself may not exist yet: a SQLite
    /// target file is created by the first write, and reading it before must not create it
    /// (nor fail, as reading a source's missing file does).
    async fn target_table(&self, name: &TableName) -> Result<Option<CatalogTable>> {
        if !self.written_yet() {
            return Ok(None);
        }
        self.table(name).await
    }

    /// Whether the output exists to be read: `false` for a database file (SQLite, DuckDB) no
    /// write has created yet — a target then has no tables and no staging residue, and
    /// [`Connector::target_table`] and [`Connector::tables_with_prefix`] say so without
    /// creating it. Servers always exist (the default).
    fn written_yet(&self) -> bool {
        true
    }

    /// The rows of a query (in the database's dialect) as a stream of batches.
    async fn extract(&self, query: &str) -> Result<SchemaStream>;

    /// The rows of a query split over several connections (one stream per partition, the
    /// streams together return every row exactly once, NULL keys included).
    ///
    /// The default reads the key's bounds, then one range per partition plus an `IS NULL`
    /// partition, each an [`Connector::extract`] of the query wrapped in a filter; physical
    /// row ranges ([`Partitioning::by_row_ranges`]) it reads as one stream.
    async fn extract_partitioned(
        &self,
        query: &str,
        partitioning: &Partitioning,
    ) -> Result<Vec<SchemaStream>> {
        if partitioning.by_row_ranges() {
            return Ok(vec![self.extract(query).await?]);
        }
        let q = self.quote();
        let col = TableName::new(None, &partitioning.column).quoted(q);
        let bounds = format!("SELECT MIN({col}), MAX({col}) FROM ({query}) dvt_p");
        let (lo, hi) = self.query_bounds(&bounds).await?;
        let mut out = Vec::new();
        for pred in partition_predicates(&col, lo, hi, partitioning.partitions) {
            out.push(
                self.extract(&format!("SELECT * FROM ({query}) dvt_p WHERE {pred}"))
                    .await?,
            );
        }
        Ok(out)
    }

    /// Whether [`Connector::extract_partitioned`] reads a split into
    /// [`Partitioning::row_ranges`] as several streams (PostgreSQL: `ctid` page ranges); the
    /// default reads it as one.
    fn splits_row_ranges(&self) -> bool {
        false
    }

    /// The rows of `query` run on one session of this database after each staged input has
    /// been loaded into a temporary table of that session (named by [`Staged::table`], the
    /// columns of its stream's schema): data movement, where a small side of a cross-server
    /// join is copied into the big side's database so the join runs there. The tables live
    /// as long as the session and are never seen by another one. The default refuses
    /// (a database dvt does not stage into; the planner only stages where
    /// `dvt_translate::Caps::stages` says it may).
    async fn extract_staged(&self, staged: Vec<Staged>, query: &str) -> Result<SchemaStream> {
        let _ = (staged, query);
        Err(unsupported(
            self.output(),
            format!("{} does not take staged tables", self.dialect()),
        ))
    }

    /// Run `statements` on one session of this database after loading each staged input into a
    /// temporary table of that session, as [`Connector::extract_staged`] does before its
    /// query; returns the rows the statements affected. The direct path of a model whose
    /// other sides were moved onto its target's server builds its table so
    /// (`CREATE TABLE … AS` over the staged tables). The default refuses, as
    /// `extract_staged`'s does.
    async fn execute_staged(&self, staged: Vec<Staged>, statements: &str) -> Result<u64> {
        let _ = (staged, statements);
        Err(unsupported(
            self.output(),
            format!("{} does not take staged tables", self.dialect()),
        ))
    }

    /// The source's own planner estimate of how many rows `query` returns, when it gives one
    /// cheaply (PostgreSQL: `EXPLAIN`); `None` (the default) when it does not. Used to decide
    /// whether a read is worth splitting over several connections, never for correctness.
    async fn estimate_rows(&self, query: &str) -> Result<Option<u64>> {
        let _ = query;
        Ok(None)
    }

    /// Run a query that returns one row of two integers (or NULLs): `MIN` and `MAX` of a key.
    async fn query_bounds(&self, sql: &str) -> Result<(Option<i64>, Option<i64>)>;

    /// Run statements (no result rows); returns the rows affected where the driver tells.
    async fn execute(&self, sql: &str) -> Result<u64>;

    /// Run statements in one transaction: all take effect or none.
    async fn execute_atomic(&self, statements: &[String]) -> Result<()>;

    /// The DDL type of a canonical type on this database, with what it cannot represent.
    fn render_type(&self, ty: &DvtType) -> dvt_types::Rendered {
        dvt_types::render_type(self.dialect(), ty)
    }

    /// `CREATE TABLE` for a schema (types through the TypeMapper); returns the type losses.
    async fn create_table(&self, name: &TableName, schema: &Schema) -> Result<Vec<TypeLoss>> {
        let (ddl, losses) = create_table_sql(self.quote(), self.dialect(), name, schema);
        self.execute(&ddl).await?;
        Ok(losses)
    }

    /// Append a stream of batches to an existing table (created by
    /// [`Connector::create_table`] from the same schema); returns the rows written. A value the
    /// column cannot hold is an error (DVT122), not a silent truncation.
    async fn load(&self, name: &TableName, data: SchemaStream) -> Result<u64>;

    /// Put `staging` in the place of `target` in one atomic step (the old `target`, if any, is
    /// dropped). After an error `target` is as it was.
    async fn replace_table(&self, staging: &TableName, target: &TableName) -> Result<()>;

    /// The number of rows of a table.
    async fn count_rows(&self, name: &TableName) -> Result<u64> {
        let t = name.quoted(self.quote());
        let (n, _) = self
            .query_bounds(&format!("SELECT COUNT(*), COUNT(*) FROM {t}"))
            .await?;
        Ok(n.unwrap_or(0).max(0) as u64)
    }

    /// Drop a table if it exists.
    async fn drop_table(&self, name: &TableName) -> Result<()> {
        self.execute(&format!(
            "DROP TABLE IF EXISTS {}",
            name.quoted(self.quote())
        ))
        .await
        .map(|_| ())
    }

    /// Whether a schema (MySQL/MariaDB: a database) exists, by its exact name
    /// (`information_schema.schemata`).
    async fn schema_exists(&self, schema: &str) -> Result<bool> {
        let lit = schema.replace('\'', "''");
        let (n, _) = self
            .query_bounds(&format!(
                "SELECT COUNT(*), COUNT(*) FROM information_schema.schemata WHERE schema_name = '{lit}'"
            ))
            .await?;
        Ok(n.unwrap_or(0) > 0)
    }

    /// Create a schema (MySQL/MariaDB: a database) if it does not exist. Outputs without
    /// schemas (SQLite's `main`, whose file is created when it is opened) do nothing.
    async fn create_schema(&self, schema: &str) -> Result<()> {
        let q = TableName::new(None, schema).quoted(self.quote());
        self.execute(&format!("CREATE SCHEMA IF NOT EXISTS {q}"))
            .await
            .map(|_| ())
    }

    /// The privilege [`Connector::create_schema`] needs, for messages.
    fn create_schema_privilege(&self) -> &'static str {
        "CREATE on the database"
    }

    /// The columns (name, native type as the catalog prints it) of each table, `None` for a
    /// table that does not exist: what an atomic load compares to choose between replacing a
    /// table's rows and swapping the table. The default reads each table's catalog entry.
    async fn column_shapes(
        &self,
        tables: &[TableName],
    ) -> Result<Vec<Option<Vec<(String, String)>>>> {
        let mut out = Vec::with_capacity(tables.len());
        for t in tables {
            out.push(self.table(t).await?.map(|t| {
                t.columns
                    .into_iter()
                    .map(|c| (c.name, c.native_type))
                    .collect()
            }));
        }
        Ok(out)
    }

    /// Tables of a schema whose name starts with `prefix` (staging residue of crashed runs).
    async fn tables_with_prefix(
        &self,
        schema: Option<&str>,
        prefix: &str,
    ) -> Result<Vec<TableName>> {
        if !self.written_yet() {
            return Ok(Vec::new());
        }
        Ok(self
            .catalog(schema)
            .await?
            .into_iter()
            .map(|t| t.name)
            .filter(|n| n.name.starts_with(prefix))
            .collect())
    }
}

/// The statements of an atomic swap on a database whose DDL is transactional (SQLite, DuckDB;
/// run them with [`Connector::execute_atomic`]): drop `target`, rename `staging` to its name.
pub fn swap_by_rename_sql(quote: char, staging: &TableName, target: &TableName) -> [String; 2] {
    [
        format!("DROP TABLE IF EXISTS {}", target.quoted(quote)),
        format!(
            "ALTER TABLE {} RENAME TO {}",
            staging.quoted(quote),
            TableName::new(None, &target.name).quoted(quote)
        ),
    ]
}

/// `CREATE TABLE name (col type, …)` for a schema on `dialect`, and the losses of its types.
pub fn create_table_sql(
    quote: char,
    dialect: DbKind,
    name: &TableName,
    schema: &Schema,
) -> (String, Vec<TypeLoss>) {
    let mut losses = Vec::new();
    let cols: Vec<String> = schema
        .fields()
        .iter()
        .map(|f| {
            let r = dvt_types::render_type(dialect, &DvtType::from_arrow_field(f));
            losses.extend(r.losses);
            let col = TableName::new(None, f.name()).quoted(quote);
            format!("{col} {}", r.ddl)
        })
        .collect();
    (
        format!("CREATE TABLE {} ({})", name.quoted(quote), cols.join(", ")),
        losses,
    )
}

/// The filters of a range split of `[lo, hi]` into `n` key ranges plus the NULL keys: every
/// value (and NULL) satisfies exactly one of them.
pub fn partition_predicates(col: &str, lo: Option<i64>, hi: Option<i64>, n: usize) -> Vec<String> {
    let mut out = Vec::new();
    match (lo, hi) {
        (Some(lo), Some(hi)) => {
            let n = n.max(1) as i128;
            let span = i128::from(hi) - i128::from(lo) + 1;
            let step = ((span + n - 1) / n).max(1);
            let mut start = i128::from(lo);
            let mut first = true;
            while start <= i128::from(hi) {
                let end = start + step;
                let lower = if first {
                    // The first range is open below: rows inserted below `lo` are not lost.
                    String::new()
                } else {
                    format!("{col} >= {start}")
                };
                let upper = if end > i128::from(hi) {
                    String::new()
                } else {
                    format!("{col} < {end}")
                };
                out.push(match (lower.is_empty(), upper.is_empty()) {
                    (true, true) => format!("{col} IS NOT NULL"),
                    (true, false) => upper,
                    (false, true) => lower,
                    (false, false) => format!("{lower} AND {upper}"),
                });
                first = false;
                start = end;
            }
        }
        _ => out.push(format!("{col} IS NOT NULL")),
    }
    out.push(format!("{col} IS NULL"));
    out
}

/// DVT120: the connection to an output failed.
pub fn connect_error(output: &str, what: &str, message: impl fmt::Display) -> Error {
    Error::Connect {
        output: output.to_string(),
        what: what.to_string(),
        message: message.to_string(),
    }
}

/// DVT121: a statement failed on an output.
pub fn query_error(output: &str, sql: &str, message: impl fmt::Display) -> Error {
    Error::Query {
        output: output.to_string(),
        sql: excerpt(sql),
        message: message.to_string(),
    }
}

/// DVT122: writing rows into a table failed.
pub fn load_error(output: &str, table: &TableName, message: impl fmt::Display) -> Error {
    Error::Load {
        output: output.to_string(),
        table: table.to_string(),
        message: message.to_string(),
    }
}

/// DVT123: a type or feature the connector cannot handle.
pub fn unsupported(output: &str, message: impl fmt::Display) -> Error {
    Error::Unsupported {
        output: output.to_string(),
        message: message.to_string(),
    }
}

/// The first 200 characters of a statement, on one line, for messages.
pub fn excerpt(sql: &str) -> String {
    let one: String = sql.split_whitespace().collect::<Vec<_>>().join(" ");
    if one.chars().count() > 200 {
        format!("{}…", one.chars().take(200).collect::<String>())
    } else {
        one
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn partitions_cover_every_key_once_and_nulls() {
        let p = partition_predicates("\"k\"", Some(1), Some(10), 3);
        assert_eq!(
            p,
            vec![
                "\"k\" < 5",
                "\"k\" >= 5 AND \"k\" < 9",
                "\"k\" >= 9",
                "\"k\" IS NULL"
            ]
        );
        assert_eq!(
            partition_predicates("k", Some(7), Some(7), 4),
            vec!["k IS NOT NULL", "k IS NULL"]
        );
        assert_eq!(
            partition_predicates("k", None, None, 4),
            vec!["k IS NOT NULL", "k IS NULL"]
        );
        // Extreme bounds do not overflow.
        let p = partition_predicates("k", Some(i64::MIN), Some(i64::MAX), 2);
        assert_eq!(p.len(), 3);
    }

    #[test]
    fn partition_predicates_are_a_partition() {
        // Evaluate the predicates on every key of a range and on NULL.
        for (lo, hi, n) in [(1i64, 10i64, 3usize), (-5, 5, 4), (0, 0, 2), (3, 100, 7)] {
            let p = partition_predicates("k", Some(lo), Some(hi), n);
            let holds = |pred: &str, k: Option<i64>| -> bool {
                let Some(k) = k else {
                    return pred == "k IS NULL";
                };
                pred.split(" AND ").all(|c| {
                    if c == "k IS NOT NULL" {
                        true
                    } else if c == "k IS NULL" {
                        false
                    } else if let Some(v) = c.strip_prefix("k >= ") {
                        k >= v.parse::<i64>().unwrap()
                    } else if let Some(v) = c.strip_prefix("k < ") {
                        k < v.parse::<i64>().unwrap()
                    } else {
                        panic!("unexpected {c}")
                    }
                })
            };
            for k in (lo - 3..=hi + 3).map(Some).chain([None]) {
                let n_match = p.iter().filter(|pred| holds(pred, k)).count();
                assert_eq!(n_match, 1, "{k:?} in {p:?}");
            }
        }
    }

    #[test]
    fn quoting_doubles_quotes() {
        assert_eq!(
            TableName::new(Some("s"), "a\"b").quoted('"'),
            "\"s\".\"a\"\"b\""
        );
        assert_eq!(TableName::new(None, "t").quoted('`'), "`t`");
    }
}
