//! Snowflake through `snowflake-connector-rs` (its REST API, JSON result format).
//!
//! ## Connection
//! Profile keys: `account` (required), `user`, `password`, `database`, `schema`, `warehouse`,
//! `role`, and an optional endpoint `host` / `port` / `protocol` (default
//! `https://{account}.snowflakecomputing.com`; e.g. `protocol: http`, `host: 127.0.0.1`,
//! `port: 8085` for an emulator). Password authentication only. The session's `TIMEZONE` is set
//! to `UTC`. Every call that must be one transaction (a load, [`Connector::execute_atomic`])
//! takes a session of its own from a small pool of logged-in sessions; everything else shares
//! one session. A failed login is DVT120 naming the output, the user, account and endpoint —
//! never the password.
//!
//! TLS: the crate always builds reqwest with rustls (aws-lc-rs); that cannot be trimmed with
//! features (plain `http://` endpoints work as well, for emulators).
//!
//! ## Names
//! Snowflake folds unquoted identifiers to upper case. dvt quotes every identifier it writes
//! (`"name"`, [`Connector::quote`] is `"`), so table and column names are exact: a model `orders`
//! becomes the table `"orders"`. The default schema is the session's `CURRENT_SCHEMA()` after
//! login, i.e. the profile's `schema` as Snowflake resolved it (`analytics` → `ANALYTICS`).
//!
//! ## Extract
//! The query's result in Snowflake's JSON format, partition by partition (the first comes with
//! the response, the rest are downloaded as the stream is read), decoded into Arrow arrays by
//! the result's column types (see `decode`): `NUMBER(p,s)` → Decimal128(p,s) (integers too:
//! `INT` is `NUMBER(38,0)` in Snowflake), `FLOAT` → Float64, `VARCHAR(n)`, `BOOLEAN`, `DATE`,
//! `TIME(p)`, `TIMESTAMP_NTZ(p)` → timestamp, `TIMESTAMP_LTZ(p)` / `TIMESTAMP_TZ(p)` → UTC
//! timestamp (the instant; a TZ value's own offset is not kept), `BINARY` → Binary,
//! `VARIANT`/`OBJECT` → json text, `ARRAY` → list of json text, anything else (GEOGRAPHY,
//! VECTOR, …) → its text typed `unknown`. A value that does not fit its column's Arrow type
//! (more fraction digits than the scale) is DVT121, never rounded.
//!
//! ## Load
//! `INSERT INTO t (cols) SELECT … FROM VALUES (…), (…)` statements of about
//! [`INSERT_CHUNK_BYTES`] (profile key `insert_chunk_bytes`) and at most [`INSERT_CHUNK_ROWS`]
//! rows (Snowflake's limit for one `VALUES` list is 16,384), with exact constants (see
//! `encode`), all between `BEGIN` and `COMMIT` on one session: an error rolls back and nothing
//! is written (DVT122). While one statement runs the next is encoded.
//!
//! ## Transactions, DDL and the swap
//! Snowflake commits implicitly before and after DDL, so only DML is atomic in
//! [`Connector::execute_atomic`]. [`Connector::replace_table`] is atomic anyway:
//! `ALTER TABLE target SWAP WITH staging` exchanges the two tables in one metadata operation,
//! then the staging name (now the old data) is dropped; a target that does not exist yet is
//! `ALTER TABLE staging RENAME TO target`. Emulator fallback: the fakesnow emulator (DuckDB)
//! cannot parse `SWAP WITH`; only when the server answers that statement with a *syntax error*
//! the swap is done as `RENAME target TO old`, `RENAME staging TO target`, `DROP old` in one
//! transaction, which is atomic there because DuckDB's DDL is transactional (it would not be on
//! Snowflake, which never takes this path).
//!
//! `;`-separated statements in one [`Connector::execute`] are not split: Snowflake runs one
//! statement per request unless the session allows more.

mod decode;
mod encode;

use std::fmt;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use arrow_array::RecordBatch;
use async_trait::async_trait;
use dvt_core::profiles::Connection;
use dvt_core::secret::Secret;
use dvt_io::connector::{
    CatalogColumn, CatalogTable, Connector, SchemaStream, TableName, connect_error, load_error,
    query_error, unsupported,
};
use dvt_io::{Error as IoError, Result};
use dvt_types::{DbKind, DvtType};
use snowflake_connector_rs::decode::{PlanBuildResult, RowDecodeResult};
use snowflake_connector_rs::{
    AuthConfig, Client, ClientConfig, EndpointConfig, FromRow, QueryConfig, ResultCursor,
    ResultTable, RowPlanContext, RowRef, Session, SessionConfig,
};

use crate::arrow_util::batch_size;
use crate::insert::Statements;
use decode::BatchDecoder;
use encode::Encoder;

/// The largest `INSERT` statement the load sends, in bytes of SQL text.
pub const INSERT_CHUNK_BYTES: usize = 512 << 10;

/// The most rows one `INSERT … FROM VALUES` carries (Snowflake allows 16,384).
pub const INSERT_CHUNK_ROWS: usize = 16_000;

/// How long one statement may take before the client gives up on it (profile key
/// `query_timeout`, seconds).
const DEFAULT_QUERY_TIMEOUT: Duration = Duration::from_secs(3600);

/// A Snowflake output, opened: a client, one shared session and a pool of transaction sessions.
pub struct SnowflakeConnector {
    output: String,
    what: String,
    client: Client,
    shared: Session,
    spare: Mutex<Vec<Session>>,
    database: Option<String>,
    schema: Option<String>,
    secrets: Vec<Secret>,
    insert_chunk: usize,
    /// The server's INFORMATION_SCHEMA.COLUMNS has no DATETIME_PRECISION (the emulator).
    no_datetime_precision: AtomicBool,
}

impl fmt::Debug for SnowflakeConnector {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SnowflakeConnector")
            .field("output", &self.output)
            .field("endpoint", &self.what)
            .field("database", &self.database)
            .field("schema", &self.schema)
            .finish_non_exhaustive()
    }
}

/// One result row as the raw text of its cells (`None` for NULL).
struct RawRow(Vec<Option<String>>);

impl FromRow for RawRow {
    type Plan = usize;

    fn build_plan(ctx: RowPlanContext<'_>) -> PlanBuildResult<Self::Plan> {
        Ok(ctx.schema().len())
    }

    fn from_row_with_plan(row: RowRef<'_>, plan: &Self::Plan) -> RowDecodeResult<Self> {
        let mut cells = Vec::with_capacity(*plan);
        for i in 0..*plan {
            cells.push(row.cell_at(i)?.raw().map(str::to_string));
        }
        Ok(RawRow(cells))
    }
}

/// The text of an error and of its sources (the client's "network error" says little alone).
fn describe(e: &dyn std::error::Error) -> String {
    let mut text = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        let s_text = s.to_string();
        if !text.contains(&s_text) {
            text.push_str(": ");
            text.push_str(&s_text);
        }
        source = s.source();
    }
    text
}

/// A SQL string constant (`'` doubled, `\` doubled).
fn literal(s: &str) -> String {
    format!("'{}'", s.replace('\\', "\\\\").replace('\'', "''"))
}

impl SnowflakeConnector {
    /// Log in for an output of type `snowflake` and read the session's database and schema
    /// (DVT120 when the login fails, naming the output, user, account and endpoint, never the
    /// password).
    ///
    /// `extra` keys: `insert_chunk_bytes` (SQL bytes per INSERT), `query_timeout` (seconds).
    pub async fn connect(conn: &Connection) -> Result<Self> {
        let account = conn.account.clone().unwrap_or_default();
        let user = conn.user.clone().unwrap_or_default();
        let endpoint = endpoint_url(conn);
        let what = format!(
            "snowflake {user}@{account} ({})",
            endpoint.as_deref().unwrap_or("default endpoint")
        );
        let secrets: Vec<Secret> = conn.secrets().into_iter().cloned().collect();
        let redact = |e: String| dvt_core::secret::redact_all(&e, &secrets);
        let fail = |m: String| connect_error(&conn.name, &what, redact(m));
        if account.is_empty() {
            return Err(fail("the output has no `account`".into()));
        }
        let extra_num = |key: &str| -> Result<Option<u64>> {
            conn.extra
                .get(key)
                .map(|v| {
                    v.trim()
                        .parse::<u64>()
                        .map_err(|_| fail(format!("'{key}' must be a whole number, got '{v}'")))
                })
                .transpose()
        };
        let insert_chunk = extra_num("insert_chunk_bytes")?
            .map_or(INSERT_CHUNK_BYTES, |n| n as usize)
            .max(4 << 10);
        let timeout =
            extra_num("query_timeout")?.map_or(DEFAULT_QUERY_TIMEOUT, Duration::from_secs);
        let password = conn
            .password
            .as_ref()
            .map(|p| p.expose().to_string())
            .unwrap_or_default();
        let mut session =
            SessionConfig::new().with_session_parameter("TIMEZONE", serde_json::Value::from("UTC"));
        if let Some(d) = &conn.database {
            session = session.with_database(d.clone());
        }
        if let Some(s) = &conn.schema {
            session = session.with_schema(s.clone());
        }
        if let Some(w) = &conn.warehouse {
            session = session.with_warehouse(w.clone());
        }
        if let Some(r) = &conn.role {
            session = session.with_role(r.clone());
        }
        let mut config = ClientConfig::new(
            user.clone(),
            account.clone(),
            AuthConfig::password(password),
        )
        .with_session(session)
        .with_query(QueryConfig::new().with_query_response_timeout(timeout));
        if let Some(url) = &endpoint {
            let url = url
                .parse()
                .map_err(|e| fail(format!("the endpoint '{url}' is not a URL: {e}")))?;
            config = config.with_endpoint(EndpointConfig::CustomBaseUrl(url));
        }
        let client = Client::new(config).map_err(|e| fail(describe(&e)))?;
        let shared = client
            .create_session()
            .await
            .map_err(|e| fail(describe(&e)))?;
        let mut c = Self {
            output: conn.name.clone(),
            what,
            client,
            shared,
            spare: Mutex::new(Vec::new()),
            database: None,
            schema: None,
            secrets,
            insert_chunk,
            no_datetime_precision: AtomicBool::new(false),
        };
        let sql = "SELECT CURRENT_DATABASE(), CURRENT_SCHEMA()";
        let rows = c
            .rows(&c.shared, sql)
            .await
            .map_err(|e| c.connect_err(e.to_string()))?;
        if let Some(row) = rows.first() {
            c.database = row.first().cloned().flatten();
            c.schema = row.get(1).cloned().flatten();
        }
        Ok(c)
    }

    fn redact(&self, e: impl fmt::Display) -> String {
        dvt_core::secret::redact_all(&e.to_string(), &self.secrets)
    }

    fn connect_err(&self, e: impl fmt::Display) -> IoError {
        connect_error(&self.output, &self.what, self.redact(e))
    }

    fn query_err(&self, sql: &str, e: impl fmt::Display) -> IoError {
        query_error(&self.output, sql, self.redact(e))
    }

    fn load_err(&self, table: &TableName, e: impl fmt::Display) -> IoError {
        load_error(&self.output, table, self.redact(e))
    }

    /// A session for a transaction: a spare one, or a new login.
    async fn take_session(&self) -> Result<Session> {
        let spare = self.spare.lock().ok().and_then(|mut s| s.pop());
        match spare {
            Some(s) => Ok(s),
            None => self
                .client
                .create_session()
                .await
                .map_err(|e| self.connect_err(describe(&e))),
        }
    }

    /// Give a transaction session back (after COMMIT or ROLLBACK).
    fn give_back(&self, s: Session) {
        if let Ok(mut spare) = self.spare.lock()
            && spare.len() < 8
        {
            spare.push(s);
        }
    }

    /// Run a statement and return its cursor (DVT121 on failure).
    async fn run(&self, session: &Session, sql: &str) -> Result<ResultCursor> {
        session
            .query(sql.to_string())
            .await
            .map_err(|e| self.query_err(sql, describe(&e)))
    }

    /// Run a statement and read all its rows as raw text.
    async fn rows(&self, session: &Session, sql: &str) -> Result<Vec<Vec<Option<String>>>> {
        let mut cursor = self.run(session, sql).await?;
        let mut out = Vec::new();
        while let Some(table) = cursor
            .next_table()
            .await
            .map_err(|e| self.query_err(sql, describe(&e)))?
        {
            out.extend(raw_rows(&table).map_err(|m| self.query_err(sql, m))?);
        }
        Ok(out)
    }

    /// Run a statement and return the rows it affected (from a DML result's counts).
    async fn run_counting(&self, session: &Session, sql: &str) -> Result<u64> {
        let cursor = self.run(session, sql).await?;
        let counts = cursor
            .schema()
            .columns()
            .iter()
            .map(|c| c.name().to_ascii_lowercase().starts_with("number of rows"))
            .collect::<Vec<_>>();
        if !counts.iter().any(|c| *c) {
            return Ok(0);
        }
        let table = cursor
            .collect_table()
            .await
            .map_err(|e| self.query_err(sql, describe(&e)))?;
        let rows = raw_rows(&table).map_err(|m| self.query_err(sql, m))?;
        Ok(rows
            .first()
            .map(|r| {
                r.iter()
                    .zip(&counts)
                    .filter(|(_, is_count)| **is_count)
                    .filter_map(|(v, _)| v.as_deref()?.parse::<u64>().ok())
                    .sum()
            })
            .unwrap_or(0))
    }

    /// Statements between `BEGIN` and `COMMIT` on a session of their own.
    async fn in_transaction<T>(&self, body: impl AsyncFnOnce(&Session) -> Result<T>) -> Result<T> {
        let session = self.take_session().await?;
        self.run(&session, "BEGIN").await?;
        match body(&session).await {
            Ok(v) => {
                self.run(&session, "COMMIT").await?;
                self.give_back(session);
                Ok(v)
            }
            Err(e) => {
                if self.run(&session, "ROLLBACK").await.is_ok() {
                    self.give_back(session);
                }
                Err(e)
            }
        }
    }

    fn schema_of(&self, schema: Option<&str>) -> Result<String> {
        schema
            .map(str::to_string)
            .or_else(|| self.schema.clone())
            .ok_or_else(|| {
                self.query_err(
                    "INFORMATION_SCHEMA.TABLES",
                    "the session has no current schema: set `schema` of the output, or name one",
                )
            })
    }

    async fn tables(&self, schema: Option<&str>, table: Option<&str>) -> Result<Vec<CatalogTable>> {
        let schema = self.schema_of(schema)?;
        let query = |precision: &str| {
            let mut sql = format!(
                "SELECT c.TABLE_NAME, c.COLUMN_NAME, c.DATA_TYPE, c.NUMERIC_PRECISION, \
                 c.NUMERIC_SCALE, c.CHARACTER_MAXIMUM_LENGTH, c.IS_NULLABLE, t.ROW_COUNT, \
                 t.TABLE_TYPE, {precision} \
                 FROM INFORMATION_SCHEMA.COLUMNS c JOIN INFORMATION_SCHEMA.TABLES t \
                 ON t.TABLE_SCHEMA = c.TABLE_SCHEMA AND t.TABLE_NAME = c.TABLE_NAME \
                 WHERE c.TABLE_SCHEMA = {}",
                literal(&schema)
            );
            if let Some(t) = table {
                sql.push_str(&format!(" AND c.TABLE_NAME = {}", literal(t)));
            }
            sql.push_str(" ORDER BY c.TABLE_NAME, c.ORDINAL_POSITION");
            sql
        };
        // The fraction digits of TIME/TIMESTAMP_* columns are in DATETIME_PRECISION, which the
        // emulator (fakesnow) does not have: without it they are read as 9 (Snowflake's most).
        let rows = if self.no_datetime_precision.load(Ordering::Relaxed) {
            self.rows(&self.shared, &query("NULL")).await?
        } else {
            match self
                .rows(&self.shared, &query("c.DATETIME_PRECISION"))
                .await
            {
                Ok(rows) => rows,
                Err(e) if e.to_string().contains("DATETIME_PRECISION") => {
                    self.no_datetime_precision.store(true, Ordering::Relaxed);
                    self.rows(&self.shared, &query("NULL")).await?
                }
                Err(e) => return Err(e),
            }
        };
        let mut out: Vec<CatalogTable> = Vec::new();
        for r in rows {
            let cell = |i: usize| r.get(i).cloned().flatten();
            let (Some(tname), Some(cname), Some(data_type)) = (cell(0), cell(1), cell(2)) else {
                continue;
            };
            let native = catalog_native(&data_type, cell(3), cell(4), cell(5), cell(9));
            let ty =
                dvt_types::parse_type(DbKind::Snowflake, &native).unwrap_or(DvtType::Unknown {
                    native: native.clone(),
                });
            let nullable = cell(6).is_none_or(|n| n.eq_ignore_ascii_case("YES"));
            let is_view = cell(8).is_some_and(|t| t.to_ascii_uppercase().contains("VIEW"));
            let row_estimate = if is_view {
                None
            } else {
                cell(7).and_then(|n| n.parse::<u64>().ok())
            };
            let column = CatalogColumn {
                name: cname,
                native_type: native,
                ty,
                nullable,
                // Snowflake keeps row counts only.
                distinct: None,
                nulls: None,
            };
            match out.last_mut() {
                Some(t) if t.name.name == tname => t.columns.push(column),
                _ => out.push(CatalogTable {
                    name: TableName::new(Some(&schema), &tname),
                    columns: vec![column],
                    row_estimate,
                    // Snowflake's primary keys are declared, not enforced: no split key.
                    primary_key: Vec::new(),
                }),
            }
        }
        Ok(out)
    }

    async fn table_exists(&self, session: &Session, name: &TableName) -> Result<bool> {
        let schema = self.schema_of(name.schema.as_deref())?;
        let sql = format!(
            "SELECT COUNT(*) FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_SCHEMA = {} AND TABLE_NAME = {}",
            literal(&schema),
            literal(&name.name)
        );
        let rows = self.rows(session, &sql).await?;
        Ok(rows
            .first()
            .and_then(|r| r.first().cloned().flatten())
            .is_some_and(|n| n.trim() != "0"))
    }

    /// The swap for servers without `SWAP WITH` (the emulator): renames and a drop in one
    /// transaction (see the module docs).
    async fn swap_by_renames(&self, staging: &TableName, target: &TableName) -> Result<()> {
        let q = self.quote();
        let old = target.sibling(&format!("{}__dvt_old", target.name));
        let statements = [
            format!("DROP TABLE IF EXISTS {}", old.quoted(q)),
            format!(
                "ALTER TABLE {} RENAME TO {}",
                target.quoted(q),
                old.quoted(q)
            ),
            format!(
                "ALTER TABLE {} RENAME TO {}",
                staging.quoted(q),
                target.quoted(q)
            ),
            format!("DROP TABLE {}", old.quoted(q)),
        ];
        self.in_transaction(async |s| {
            for sql in &statements {
                self.run(s, sql).await?;
            }
            Ok(())
        })
        .await
    }
}

/// The endpoint URL from the profile's `protocol`/`host`/`port`, or `None` for the account's
/// default `https://{account}.snowflakecomputing.com`.
fn endpoint_url(conn: &Connection) -> Option<String> {
    if conn.host.is_none() && conn.port.is_none() && conn.protocol.is_none() {
        return None;
    }
    let protocol = conn.protocol.as_deref().unwrap_or("https");
    let host = conn.host.clone().unwrap_or_else(|| {
        format!(
            "{}.snowflakecomputing.com",
            conn.account.as_deref().unwrap_or_default()
        )
    });
    Some(match conn.port {
        Some(p) => format!("{protocol}://{host}:{p}"),
        None => format!("{protocol}://{host}"),
    })
}

/// The native type of an INFORMATION_SCHEMA column: `NUMBER(p,s)`, `VARCHAR(n)`,
/// `TIMESTAMP_NTZ(p)` (with `DATETIME_PRECISION`), or the `DATA_TYPE` as it is (`TEXT` is the
/// catalog's name of VARCHAR).
fn catalog_native(
    data_type: &str,
    precision: Option<String>,
    scale: Option<String>,
    length: Option<String>,
    datetime_precision: Option<String>,
) -> String {
    let upper = data_type.trim().to_ascii_uppercase();
    if let Some(p) = datetime_precision.filter(|p| p.trim().parse::<u8>().is_ok())
        && matches!(
            upper.as_str(),
            "TIME" | "TIMESTAMP_NTZ" | "TIMESTAMP_LTZ" | "TIMESTAMP_TZ"
        )
    {
        return format!("{upper}({})", p.trim());
    }
    match (upper.as_str(), precision, scale, length) {
        ("NUMBER" | "DECIMAL" | "NUMERIC", Some(p), s, _) => {
            format!("NUMBER({p},{})", s.unwrap_or_else(|| "0".into()))
        }
        ("TEXT" | "VARCHAR", _, _, Some(n)) => format!("VARCHAR({n})"),
        ("TEXT", _, _, None) => "VARCHAR".into(),
        ("BINARY" | "VARBINARY", _, _, Some(n)) => format!("BINARY({n})"),
        _ => upper,
    }
}

/// The rows of a result partition as raw cell text.
fn raw_rows(table: &ResultTable) -> std::result::Result<Vec<Vec<Option<String>>>, String> {
    table
        .rows::<RawRow>()
        .map_err(|e| describe(&e))?
        .map(|r| r.map(|r| r.0).map_err(|e| describe(&e)))
        .collect()
}

#[async_trait]
impl Connector for SnowflakeConnector {
    fn output(&self) -> &str {
        &self.output
    }

    fn dialect(&self) -> DbKind {
        DbKind::Snowflake
    }

    fn quote(&self) -> char {
        '"'
    }

    fn default_schema(&self) -> Option<String> {
        self.schema.clone()
    }

    async fn ping(&self) -> Result<()> {
        self.rows(&self.shared, "SELECT 1")
            .await
            .map(|_| ())
            .map_err(|e| self.connect_err(e))
    }

    async fn catalog(&self, schema: Option<&str>) -> Result<Vec<CatalogTable>> {
        self.tables(schema, None).await
    }

    /// Schema names are exact, as everywhere in this connector (`CREATE SCHEMA IF NOT EXISTS
    /// "name"`, and `INFORMATION_SCHEMA.SCHEMATA` compared with the exact name): the default
    /// methods do that.
    fn create_schema_privilege(&self) -> &'static str {
        "CREATE SCHEMA on the database"
    }

    async fn table(&self, name: &TableName) -> Result<Option<CatalogTable>> {
        // One table name: at most one table.
        let mut found = self
            .tables(name.schema.as_deref(), Some(&name.name))
            .await?;
        Ok(found.pop())
    }

    async fn extract(&self, query: &str) -> Result<SchemaStream> {
        let cursor = self.run(&self.shared, query).await?;
        let decoder = BatchDecoder::new(cursor.schema().columns())
            .map_err(|m| unsupported(&self.output, format!("the result of the query: {m}")))?;
        let schema = Arc::clone(&decoder.schema);
        let sql = query.to_string();
        let output = self.output.clone();
        let secrets = self.secrets.clone();
        let err =
            move |m: String| query_error(&output, &sql, dvt_core::secret::redact_all(&m, &secrets));
        struct State {
            cursor: ResultCursor,
            decoder: BatchDecoder,
            ready: std::collections::VecDeque<RecordBatch>,
        }
        let state = State {
            cursor,
            decoder,
            ready: Default::default(),
        };
        let size = batch_size();
        let stream = futures::stream::try_unfold(state, move |mut st| {
            let err = err.clone();
            async move {
                loop {
                    if let Some(b) = st.ready.pop_front() {
                        return Ok(Some((b, st)));
                    }
                    let Some(table) = st
                        .cursor
                        .next_table()
                        .await
                        .map_err(|e| err(describe(&e)))?
                    else {
                        return Ok(None);
                    };
                    for row in raw_rows(&table).map_err(&err)? {
                        st.decoder.append(&row).map_err(&err)?;
                        if st.decoder.rows >= size {
                            let b = st.decoder.finish().map_err(&err)?;
                            st.ready.push_back(b);
                        }
                    }
                    if st.decoder.rows > 0 {
                        let b = st.decoder.finish().map_err(&err)?;
                        st.ready.push_back(b);
                    }
                }
            }
        });
        Ok(SchemaStream {
            schema,
            stream: Box::pin(stream),
        })
    }

    async fn query_bounds(&self, sql: &str) -> Result<(Option<i64>, Option<i64>)> {
        let rows = self.rows(&self.shared, sql).await?;
        let Some(row) = rows.first() else {
            return Ok((None, None));
        };
        if row.len() < 2 {
            return Err(self.query_err(sql, "the bounds query must return two columns"));
        }
        let int = |v: &Option<String>| -> Result<Option<i64>> {
            v.as_deref()
                .map(|t| {
                    let t = t.trim();
                    let t = match t.split_once('.') {
                        Some((i, f)) if f.bytes().all(|c| c == b'0') => i,
                        _ => t,
                    };
                    t.parse::<i64>()
                        .map_err(|_| self.query_err(sql, format!("'{t}' is not a 64-bit integer")))
                })
                .transpose()
        };
        Ok((int(&row[0])?, int(&row[1])?))
    }

    async fn execute(&self, sql: &str) -> Result<u64> {
        self.run_counting(&self.shared, sql).await
    }

    async fn execute_atomic(&self, statements: &[String]) -> Result<()> {
        self.in_transaction(async |s| {
            for sql in statements {
                self.run(s, sql).await?;
            }
            Ok(())
        })
        .await
    }

    async fn load(&self, name: &TableName, data: SchemaStream) -> Result<u64> {
        let q = self.quote();
        let fields = data.schema.fields();
        let cols: Vec<String> = fields
            .iter()
            .map(|f| TableName::new(None, f.name()).quoted(q))
            .collect();
        let exprs: Vec<String> = fields
            .iter()
            .enumerate()
            .map(|(i, f)| encode::select_expr(f, i + 1))
            .collect();
        let prefix = format!(
            "INSERT INTO {} ({}) SELECT {} FROM VALUES ",
            name.quoted(q),
            cols.join(", "),
            exprs.join(", ")
        );
        let mut producer = Statements::<Encoder>::new(
            &self.output,
            name,
            &self.secrets,
            data.stream,
            cols.len(),
            prefix,
            self.insert_chunk,
            INSERT_CHUNK_ROWS,
        );
        self.in_transaction(async |s| {
            // While the server runs one statement, the next one is encoded.
            let mut next = producer.next_statement().await?;
            while let Some(sql) = next {
                let (sent, following) =
                    tokio::join!(s.query(sql.clone()), producer.next_statement());
                sent.map_err(|e| self.load_err(name, describe(&e)))?;
                next = following?;
            }
            Ok(producer.rows)
        })
        .await
    }

    async fn replace_table(&self, staging: &TableName, target: &TableName) -> Result<()> {
        let q = self.quote();
        if !self.table_exists(&self.shared, target).await? {
            let rename = format!(
                "ALTER TABLE {} RENAME TO {}",
                staging.quoted(q),
                target.quoted(q)
            );
            return self.run(&self.shared, &rename).await.map(|_| ());
        }
        let swap = format!(
            "ALTER TABLE {} SWAP WITH {}",
            target.quoted(q),
            staging.quoted(q)
        );
        match self.shared.query(swap.clone()).await {
            Ok(_) => {
                let drop = format!("DROP TABLE IF EXISTS {}", staging.quoted(q));
                self.run(&self.shared, &drop).await.map(|_| ())
            }
            // Only a server that cannot parse SWAP (the emulator) takes the rename path.
            Err(e) if describe(&e).to_ascii_lowercase().contains("syntax error") => {
                self.swap_by_renames(staging, target).await
            }
            Err(e) => Err(self.query_err(&swap, describe(&e))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use dvt_core::profiles::DbKind;

    #[test]
    fn endpoint_defaults_to_the_account() {
        let mut c = Connection::new("sf", DbKind::Snowflake);
        c.account = Some("xy123".into());
        assert_eq!(endpoint_url(&c), None);
        c.protocol = Some("http".into());
        c.host = Some("127.0.0.1".into());
        c.port = Some(8085);
        assert_eq!(endpoint_url(&c).as_deref(), Some("http://127.0.0.1:8085"));
        c.host = None;
        c.port = None;
        c.protocol = Some("https".into());
        assert_eq!(
            endpoint_url(&c).as_deref(),
            Some("https://xy123.snowflakecomputing.com")
        );
    }

    #[test]
    fn catalog_types_spell_their_parameters() {
        let s = |v: &str| Some(v.to_string());
        assert_eq!(
            catalog_native("NUMBER", s("10"), s("2"), None, None),
            "NUMBER(10,2)"
        );
        assert_eq!(
            catalog_native("TEXT", None, None, s("20"), None),
            "VARCHAR(20)"
        );
        assert_eq!(catalog_native("TEXT", None, None, None, None), "VARCHAR");
        assert_eq!(
            catalog_native("TIMESTAMP_NTZ", None, None, None, None),
            "TIMESTAMP_NTZ"
        );
        assert_eq!(
            catalog_native("TIMESTAMP_LTZ", None, None, None, s("3")),
            "TIMESTAMP_LTZ(3)"
        );
        assert_eq!(catalog_native("TIME", None, None, None, s("0")), "TIME(0)");
        assert_eq!(
            dvt_types::parse_type(DbKind::Snowflake, "TIMESTAMP_LTZ(3)").unwrap(),
            DvtType::timestamp(3, true)
        );
        assert_eq!(catalog_native("DATE", None, None, None, s("0")), "DATE");
        assert_eq!(literal("a'b\\"), "'a''b\\\\'");
    }
}
