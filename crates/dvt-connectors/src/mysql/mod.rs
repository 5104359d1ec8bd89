//! MySQL and MariaDB through `mysql_async` (pure Rust, a connection pool).
//!
//! ## Sessions
//! Every pooled connection runs, when it is opened and whenever the pool resets it,
//! `SET NAMES utf8mb4, time_zone = '+00:00', sql_mode = '…'` with
//! `STRICT_ALL_TABLES,NO_ENGINE_SUBSTITUTION,ERROR_FOR_DIVISION_BY_ZERO,NO_ZERO_IN_DATE,NO_ZERO_DATE`:
//! strict (a value a column cannot hold is an error, never a silent truncation), UTC (TIMESTAMP
//! values are read and written as UTC), and neither `ANSI_QUOTES` (dvt quotes identifiers with
//! backticks) nor `NO_BACKSLASH_ESCAPES` (the load escapes `\`).
//!
//! ## Extract
//! The binary protocol (the query as a prepared statement without parameters; statements the
//! server cannot prepare fall back to the text protocol). Rows are streamed one at a time into
//! Arrow builders, a batch every [`batch_size`] rows; only the first result set is read. The
//! binary protocol matters for `FLOAT`: MariaDB's text protocol prints it with 6 significant
//! digits (16777215 → `16777200`), the binary one sends its 4 bytes.
//!
//! Types come from the result's column metadata (protocol type, UNSIGNED flag, character set,
//! length, decimals), spelled as a native type and parsed through the `dvt-types` MySQL table:
//! `tinyint(1)` and `bit(1)` → boolean, unsigned integers → `uint*`, `DECIMAL(p,s)` →
//! Decimal128 (p ≤ 38) or Decimal256, `DATETIME(fsp)` → timestamp, `TIMESTAMP(fsp)` →
//! timestamptz (UTC), `DATE`, `TIME(fsp)`, `YEAR` → int16, `JSON` → json, `ENUM`/`SET` →
//! varchar, text vs binary by the `binary` character set (63, not the BINARY flag, which
//! `_bin` collations set too), `bit(n > 1)` → its unsigned number as text. `GEOMETRY` columns
//! (geometry, point, polygon, …) are read as their WKT: the query is prepared once more wrapped
//! as ``SELECT `a`, ST_AsText(`g`) AS `g` FROM (query) AS dvt_t`` and the field is typed
//! `unknown('geometry')` (Utf8); only when the output columns cannot be told apart by name (or
//! the wrapped query fails) is such a column DVT123. Every extracted field is nullable.
//!
//! ## Catalog
//! `information_schema.COLUMNS.COLUMN_TYPE` through the `dvt-types` MySQL table: unsigned
//! integers → `uint*`, `tinyint(1)` and `bit(1)` → boolean, `bit(n)` → unknown, enum/set →
//! varchar of their longest value, MariaDB's JSON (see below) → json_text, the geometry types,
//! `inet4`, `inet6` and `uuid` (MariaDB) → unknown (read as text).
//!
//! Values that are not what their type says are errors (DVT121) that name the column:
//! zero or partial dates (`0000-00-00`, `2024-00-10`) — select `NULLIF(col, '0000-00-00')` to
//! read them as NULL —, and `TIME` values outside a day (MySQL's TIME is also a duration up to
//! ±838 h; select them as text). Nothing is silently turned into NULL.
//!
//! MariaDB's `JSON` is a `LONGTEXT` with a `json_valid(`col`)` check, and its result metadata
//! does not say so (the driver does not ask for MariaDB's extended metadata): a LONGTEXT result
//! column whose origin table column has that check is typed json_text — JSON text kept as
//! written, unlike MySQL's binary `JSON` (json) — (one extra information_schema query, only
//! when such a column is in the result); a computed one is varchar. The catalog reports such
//! columns as `json`.
//!
//! Dropping a stream before its end returns the session to the pool, which reads and discards
//! the rest of the result in the background.
//!
//! ## Load
//! Multi-row `INSERT INTO t (cols) VALUES (…),(…)` statements of about [`INSERT_CHUNK_BYTES`]
//! (profile key `insert_chunk_bytes`; at most half the server's `max_allowed_packet`) with exact
//! literals (decimals as their digits, timestamps as `'YYYY-MM-DD HH:MM:SS.ffffff'` UTC, binary
//! as `X'…'`, booleans `1`/`0`, strings escaped), all in ONE transaction: a strict-mode error
//! rolls back and the call writes nothing (DVT122 with the server's message). The input is
//! streamed: while the server runs one statement the next is encoded, so at most two
//! statements' text is held. Statements of 64-256 KiB measured faster on MariaDB 10.11 than
//! 1-16 MiB ones. `LOAD DATA LOCAL INFILE` was not chosen: with LOCAL the server turns data
//! errors into warnings (it cannot stop the client's file mid-way), which breaks "a value the
//! column cannot hold is an error", and `local_infile` is off by default on MySQL 8.
//!
//! ## Transactions and DDL
//! [`Connector::execute_atomic`] runs its statements between `START TRANSACTION` and `COMMIT`.
//! MySQL and MariaDB commit implicitly before and after DDL (`CREATE`, `ALTER`, `DROP`,
//! `RENAME`, `TRUNCATE`), so only DML statements are atomic together; a DDL statement in the list
//! commits what came before it. [`Connector::replace_table`] is atomic anyway: one
//! `RENAME TABLE target TO old, staging TO target` swaps both names in one step.
//!
//! ## Connections, timeouts and TLS
//! Opening a session (TCP, TLS and the login together) must finish within `connect_timeout`
//! seconds (default 10), also when the port accepts and never answers: a DVT120 that says how
//! long it waited. `statement_timeout` (seconds; default none, as long loads are normal) is the
//! session's `max_statement_time` on MariaDB and `max_execution_time` on MySQL (which bounds
//! only `SELECT`); a statement the server stops is a DVT121 that names the setting.
//!
//! TLS through rustls (mysql_async's `rustls-tls`): `ssl_mode` `disabled`, `preferred` (the
//! default, as the MySQL client's: TLS when the server offers it, plaintext only when it does
//! not), `required`, `verify_ca`, `verify_identity`; `ssl_ca`, `ssl_cert`, `ssl_key` (PEM
//! files). `required` and `verify_*` never fall back to plaintext. `preferred` and `required`
//! check the certificate only when `ssl_ca` is given (a CA the user names is always checked);
//! `verify_ca` checks the chain against `ssl_ca` (or the public web CAs without one),
//! `verify_identity` the host name too. A failed handshake is a DVT120 naming the output and the
//! mode. Known limit: mysql_async 0.37 checks the host name under `verify_ca` too (its
//! name-skipping test does not recognise rustls 0.23's error), so `verify_ca` against a
//! certificate issued for another name fails — closed, never silently open.

mod decode;
mod encode;

use std::collections::HashMap;
use std::fmt;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use async_trait::async_trait;
use dvt_core::profiles::{Connection, DbKind};
use dvt_core::secret::Secret;
use dvt_io::Result;
use dvt_io::connector::{
    CatalogColumn, CatalogTable, Connector, SchemaStream, TableName, connect_error, load_error,
    query_error,
};
use dvt_types::DvtType;
use mysql_async::prelude::{Protocol, Query, Queryable, WithParams};
use mysql_async::{
    ClientIdentity, Conn, OptsBuilder, Pool, PoolConstraints, PoolOpts, QueryResult, Row, SslOpts,
    TxOpts, Value,
};

use crate::arrow_util::batch_size;
use crate::insert::Statements;
use decode::{BatchDecoder, CharsetWidths};
use encode::Encoder;

/// The session's `sql_mode`: strict, no `ANSI_QUOTES`, no `NO_BACKSLASH_ESCAPES`.
pub const SQL_MODE: &str = "STRICT_ALL_TABLES,NO_ENGINE_SUBSTITUTION,ERROR_FOR_DIVISION_BY_ZERO,NO_ZERO_IN_DATE,NO_ZERO_DATE";

/// The largest `INSERT` statement the load sends (smaller when `max_allowed_packet` is).
pub const INSERT_CHUNK_BYTES: usize = 256 << 10;

/// How long connecting may take (profile key `connect_timeout`, seconds, overrides it).
const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// `ER_BAD_DB_ERROR`: the session's default database does not exist.
const ER_BAD_DB_ERROR: u16 = 1049;

/// A MySQL or MariaDB output, opened: a pool of sessions set up as the module docs say.
pub struct MysqlConnector {
    output: String,
    dialect: DbKind,
    what: String,
    database: Option<String>,
    pool: Pool,
    /// The same sessions without a default database (while that database does not exist).
    bare: Pool,
    secrets: Vec<Secret>,
    connect_timeout: Duration,
    /// `statement_timeout` in seconds (`None`: no limit).
    statement_timeout: Option<u64>,
    /// The ssl_mode as given (`preferred` by default), for messages.
    ssl_mode: String,
    /// The CA file given, for messages.
    ssl_ca: Option<PathBuf>,
    insert_chunk: usize,
    widths: Arc<CharsetWidths>,
}

impl fmt::Debug for MysqlConnector {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MysqlConnector")
            .field("output", &self.output)
            .field("server", &self.what)
            .field("database", &self.database)
            .finish_non_exhaustive()
    }
}

impl MysqlConnector {
    /// Open the pool for an output of type `mysql` or `mariadb` and check that a session can be
    /// opened (DVT120 otherwise, naming the output and address, never the password).
    ///
    /// Profile keys: `server`/`host` (default `127.0.0.1`), `port` (3306), `username`/`user`,
    /// `password`, `schema`/`database`; `extra`: `connect_timeout` (seconds, default 10),
    /// `statement_timeout` (seconds, default none), `pool_max` (connections, default 16), the
    /// TLS keys `ssl_mode`, `ssl_ca`, `ssl_cert`, `ssl_key` (see the module documentation).
    pub async fn connect(conn: &Connection) -> Result<Self> {
        let dialect = conn.adapter;
        let host = conn.host.clone().unwrap_or_else(|| "127.0.0.1".into());
        let port = conn.effective_port().unwrap_or(3306);
        let database = conn.database.clone().or_else(|| conn.schema.clone());
        let what = format!(
            "{} {}@{host}:{port}{}",
            conn.adapter,
            conn.user.as_deref().unwrap_or(""),
            database
                .as_deref()
                .map(|d| format!("/{d}"))
                .unwrap_or_default()
        );
        let secrets: Vec<Secret> = conn.secrets().into_iter().cloned().collect();
        let extra_num = |key: &str| -> Result<Option<u64>> {
            conn.extra
                .get(key)
                .map(|v| {
                    v.trim().parse::<u64>().map_err(|_| {
                        connect_error(
                            &conn.name,
                            &what,
                            format!("'{key}' must be a whole number, got '{v}'"),
                        )
                    })
                })
                .transpose()
        };
        let connect_timeout = extra_num("connect_timeout")?
            .map(|s| Duration::from_secs(s.max(1)))
            .unwrap_or(DEFAULT_CONNECT_TIMEOUT);
        let statement_timeout = extra_num("statement_timeout")?.filter(|s| *s > 0);
        let ssl_mode = conn
            .extra
            .get("ssl_mode")
            .map(|m| m.trim().to_ascii_lowercase().replace('-', "_"))
            .unwrap_or_else(|| "preferred".into());
        let ssl = mysql_ssl(&ssl_mode, |k| {
            conn.extra.get(k).map(|v| PathBuf::from(v.trim()))
        })
        .map_err(|m| connect_error(&conn.name, &what, format!("ssl_mode {ssl_mode}: {m}")))?;
        let pool_max = extra_num("pool_max")?.unwrap_or(16).max(1) as usize;
        let insert_chunk =
            extra_num("insert_chunk_bytes")?.map_or(INSERT_CHUNK_BYTES, |n| n as usize);
        let constraints = PoolConstraints::new(0, pool_max)
            .ok_or_else(|| connect_error(&conn.name, &what, "invalid pool size"))?;
        let mut setup = format!("SET NAMES utf8mb4, time_zone = '+00:00', sql_mode = '{SQL_MODE}'");
        if let Some(secs) = statement_timeout {
            // MariaDB: seconds, every statement; MySQL: milliseconds, SELECT only.
            setup.push_str(&match dialect {
                DbKind::MariaDb => format!(", max_statement_time = {secs}"),
                _ => format!(", max_execution_time = {}", secs.saturating_mul(1000)),
            });
        }
        let bare = OptsBuilder::default()
            .ip_or_hostname(host)
            .tcp_port(port)
            .user(conn.user.clone())
            .pass(conn.password.as_ref().map(|p| p.expose().to_string()))
            .prefer_socket(false)
            .setup(vec![setup])
            .pool_opts(PoolOpts::default().with_constraints(constraints));
        let db_name = database.clone();
        let pools = |ssl: Option<SslOpts>| {
            let bare = bare.clone().ssl_opts(ssl);
            let opts = bare.clone().db_name(db_name.clone());
            (Pool::new(opts), Pool::new(bare))
        };
        let preferred = ssl_mode == "preferred";
        let (pool, bare_pool) = pools(ssl.clone());
        let mut c = Self {
            output: conn.name.clone(),
            dialect,
            what,
            database,
            pool,
            bare: bare_pool,
            secrets,
            connect_timeout,
            statement_timeout,
            ssl_mode,
            ssl_ca: conn.extra.get("ssl_ca").map(|v| PathBuf::from(v.trim())),
            insert_chunk,
            widths: Arc::new(CharsetWidths::new()),
        };
        let started = Instant::now();
        let mut session = match c.try_conn().await {
            // `preferred`: plaintext only when the server says it has no TLS (its handshake
            // lacks CLIENT_SSL), never after a failed TLS handshake.
            Err(Some(mysql_async::Error::Driver(
                mysql_async::DriverError::NoClientSslFlagFromServer,
            ))) if preferred && ssl.is_some() => {
                tracing::debug!(output = %c.output, "the server has no TLS: plaintext (ssl_mode preferred)");
                (c.pool, c.bare) = pools(None);
                c.conn().await?
            }
            Ok(s) => s,
            Err(e) => return Err(c.conn_failed(e, started)),
        };
        let widths = session
            .query::<(u64, u64), _>(
                "SELECT co.ID, cs.MAXLEN FROM information_schema.COLLATIONS co \
                 JOIN information_schema.CHARACTER_SETS cs \
                 ON cs.CHARACTER_SET_NAME = co.CHARACTER_SET_NAME",
            )
            .await
            .map_err(|e| c.connect_err(e))?;
        c.widths = Arc::new(
            widths
                .into_iter()
                .filter_map(|(id, w)| Some((u16::try_from(id).ok()?, u32::try_from(w).ok()?)))
                .collect(),
        );
        Ok(c)
    }

    fn redact(&self, e: impl fmt::Display) -> String {
        dvt_core::secret::redact_all(&e.to_string(), &self.secrets)
    }

    fn connect_err(&self, e: impl fmt::Display) -> dvt_io::Error {
        let m = self.redact(e);
        let hint = match self.ssl_mode.as_str() {
            "disabled" => String::new(),
            mode => format!(
                " (ssl_mode {mode}){}",
                crate::tls::hint(&m, self.ssl_ca.as_deref())
            ),
        };
        connect_error(&self.output, &self.what, format!("{m}{hint}"))
    }

    fn query_err(&self, sql: &str, e: impl fmt::Display) -> dvt_io::Error {
        let mut m = self.redact(e);
        // ER_STATEMENT_TIMEOUT (MariaDB), ER_QUERY_TIMEOUT (MySQL).
        if let Some(secs) = self.statement_timeout
            && (m.contains("max_statement_time") || m.contains("maximum statement execution time"))
        {
            m.push_str(&format!(
                "; the output's statement_timeout is {secs} s: raise it or make the statement faster"
            ));
        }
        query_error(&self.output, sql, m)
    }

    fn load_err(&self, table: &TableName, e: impl fmt::Display) -> dvt_io::Error {
        load_error(&self.output, table, self.redact(e))
    }

    /// A session from the pool (DVT120 when none can be opened in time). While the output's
    /// database does not exist yet (a target the run is about to create), a session without
    /// a default database: every statement dvt sends names its tables with their database.
    async fn conn(&self) -> Result<Conn> {
        let started = Instant::now();
        self.try_conn()
            .await
            .map_err(|e| self.conn_failed(e, started))
    }

    /// [`MysqlConnector::conn`] with the driver's error (`None`: timed out).
    async fn try_conn(&self) -> std::result::Result<Conn, Option<mysql_async::Error>> {
        match self.conn_from(&self.pool).await {
            Err(Some(mysql_async::Error::Server(e))) if e.code == ER_BAD_DB_ERROR => {
                self.conn_from(&self.bare).await
            }
            other => other,
        }
    }

    fn conn_failed(&self, e: Option<mysql_async::Error>, started: Instant) -> dvt_io::Error {
        match e {
            Some(e) => self.connect_err(e),
            None => self.connect_timed_out(started),
        }
    }

    fn connect_timed_out(&self, started: Instant) -> dvt_io::Error {
        self.connect_err(format!(
            "the server did not complete the connection within {:.1} s (connect_timeout {} s)",
            started.elapsed().as_secs_f64(),
            self.connect_timeout.as_secs()
        ))
    }

    /// A session of `pool` within the connect timeout (`Err(None)`: timed out).
    async fn conn_from(
        &self,
        pool: &Pool,
    ) -> std::result::Result<Conn, Option<mysql_async::Error>> {
        match tokio::time::timeout(self.connect_timeout, pool.get_conn()).await {
            Ok(Ok(c)) => Ok(c),
            Ok(Err(e)) => Err(Some(e)),
            Err(_) => Err(None),
        }
    }

    fn schema_of<'a>(&'a self, schema: Option<&'a str>) -> Option<&'a str> {
        schema.or(self.database.as_deref())
    }

    async fn tables(&self, schema: Option<&str>, table: Option<&str>) -> Result<Vec<CatalogTable>> {
        let Some(schema) = self.schema_of(schema) else {
            return Err(self.query_err(
                "information_schema.TABLES",
                "no database given: set `schema` (or `database`) of the output, or name one",
            ));
        };
        let mut sql = String::from(
            "SELECT t.TABLE_NAME, c.COLUMN_NAME, c.COLUMN_TYPE, c.IS_NULLABLE, c.DATA_TYPE, \
             c.CHARACTER_MAXIMUM_LENGTH, t.TABLE_ROWS, t.TABLE_TYPE, c.COLUMN_KEY, \
             (SELECT MAX(s.CARDINALITY) FROM information_schema.STATISTICS s \
              WHERE s.TABLE_SCHEMA = c.TABLE_SCHEMA AND s.TABLE_NAME = c.TABLE_NAME \
              AND s.COLUMN_NAME = c.COLUMN_NAME AND s.SEQ_IN_INDEX = 1) \
             FROM information_schema.TABLES t JOIN information_schema.COLUMNS c \
             ON c.TABLE_SCHEMA = t.TABLE_SCHEMA AND c.TABLE_NAME = t.TABLE_NAME \
             WHERE t.TABLE_SCHEMA = ?",
        );
        let mut params = vec![Value::from(schema)];
        if let Some(t) = table {
            sql.push_str(" AND t.TABLE_NAME = ?");
            params.push(Value::from(t));
        }
        sql.push_str(" ORDER BY t.TABLE_NAME, c.ORDINAL_POSITION");
        let mut conn = self.conn().await?;
        let rows: Vec<Row> = conn
            .exec(sql.as_str(), params.clone())
            .await
            .map_err(|e| self.query_err(&sql, e))?;
        // MariaDB's JSON is LONGTEXT with a `json_valid(`col`)` check constraint: JSON text
        // kept as written.
        let mut json_cols = std::collections::HashSet::new();
        if self.dialect == DbKind::MariaDb {
            let mut csql = String::from(
                "SELECT TABLE_NAME, CHECK_CLAUSE FROM information_schema.CHECK_CONSTRAINTS \
                 WHERE CONSTRAINT_SCHEMA = ?",
            );
            if table.is_some() {
                csql.push_str(" AND TABLE_NAME = ?");
            }
            let checks: Vec<Row> = conn
                .exec(csql.as_str(), params)
                .await
                .map_err(|e| self.query_err(&csql, e))?;
            for r in &checks {
                if let (Some(t), Some(clause)) = (text(r, 0), text(r, 1))
                    && let Some(col) = clause
                        .strip_prefix("json_valid(`")
                        .and_then(|c| c.strip_suffix("`)"))
                {
                    json_cols.insert((t, col.replace("``", "`")));
                }
            }
        }
        let mut out: Vec<CatalogTable> = Vec::new();
        for r in &rows {
            let (Some(tname), Some(cname), Some(ctype)) = (text(r, 0), text(r, 1), text(r, 2))
            else {
                continue;
            };
            let nullable = text(r, 3).is_none_or(|n| n.eq_ignore_ascii_case("YES"));
            let data_type = text(r, 4).unwrap_or_default().to_ascii_lowercase();
            let is_view = text(r, 7).is_some_and(|t| t.eq_ignore_ascii_case("VIEW"));
            let row_estimate = if is_view { None } else { uint(r, 6) };
            let (native_type, ty) = if json_cols.contains(&(tname.clone(), cname.clone())) {
                ("json".to_string(), DvtType::JsonText)
            } else if data_type == "enum" || data_type == "set" {
                let n = uint(r, 5).and_then(|n| u32::try_from(n).ok());
                let ty = n.map_or(DvtType::Varchar { length: None }, DvtType::varchar);
                (ctype.clone(), ty)
            } else {
                let ty = dvt_types::parse_type(self.dialect, &ctype).unwrap_or(DvtType::Unknown {
                    native: ctype.clone(),
                });
                (ctype.clone(), ty)
            };
            let in_key = text(r, 8).is_some_and(|k| k.eq_ignore_ascii_case("PRI"));
            let column = CatalogColumn {
                name: cname,
                native_type,
                ty,
                nullable,
                // The index statistics' estimate, for a column that leads an index.
                distinct: uint(r, 9),
                nulls: None,
            };
            let key = in_key.then(|| column.name.clone());
            match out.last_mut() {
                Some(t) if t.name.name == tname => {
                    t.columns.push(column);
                    t.primary_key.extend(key);
                }
                _ => out.push(CatalogTable {
                    name: TableName::new(Some(schema), &tname),
                    columns: vec![column],
                    row_estimate,
                    primary_key: key.into_iter().collect(),
                }),
            }
        }
        Ok(out)
    }

    /// MariaDB's JSON is a LONGTEXT with a `json_valid` check, and its result metadata does not
    /// say so: a LONGTEXT result column that is a table's column with such a check is JSON
    /// text (kept as written, unlike MySQL's JSON).
    async fn mark_mariadb_json(
        &self,
        columns: &[mysql_async::Column],
        types: &mut [DvtType],
    ) -> Result<()> {
        let candidates: Vec<usize> = columns
            .iter()
            .enumerate()
            .filter(|(_, c)| {
                matches!(
                    c.column_type(),
                    mysql_async::consts::ColumnType::MYSQL_TYPE_BLOB
                        | mysql_async::consts::ColumnType::MYSQL_TYPE_LONG_BLOB
                ) && c.character_set() != decode::BINARY_CHARSET
                    && c.column_length() == u32::MAX
                    && !c.org_table_str().is_empty()
                    && !c.org_name_str().is_empty()
            })
            .map(|(i, _)| i)
            .collect();
        if candidates.is_empty() {
            return Ok(());
        }
        let sql = "SELECT CONSTRAINT_SCHEMA, TABLE_NAME, CHECK_CLAUSE \
                   FROM information_schema.CHECK_CONSTRAINTS WHERE CHECK_CLAUSE LIKE 'json_valid(%'";
        let mut conn = self.conn().await?;
        let rows: Vec<Row> = conn.query(sql).await.map_err(|e| self.query_err(sql, e))?;
        let checks: std::collections::HashSet<(String, String, String)> = rows
            .iter()
            .filter_map(|r| Some((text(r, 0)?, text(r, 1)?, text(r, 2)?)))
            .collect();
        for i in candidates {
            let c = &columns[i];
            let clause = format!("json_valid(`{}`)", c.org_name_str().replace('`', "``"));
            let key = (
                c.schema_str().into_owned(),
                c.org_table_str().into_owned(),
                clause,
            );
            if checks.contains(&key) {
                types[i] = DvtType::JsonText;
            }
        }
        Ok(())
    }

    /// The rows of a result as a stream of batches of [`batch_size`] rows.
    ///
    /// `as_text` gives the canonical types of the columns the query reads as text (see
    /// [`MysqlConnector::text_wrapped`]).
    async fn stream_result<P: Protocol + Send + 'static>(
        &self,
        query: &str,
        result: QueryResult<'static, 'static, P>,
        mut as_text: HashMap<usize, DvtType>,
    ) -> Result<SchemaStream> {
        let sql = query.to_string();
        let columns = result.columns().unwrap_or_else(|| Arc::from(Vec::new()));
        let mut types = columns
            .iter()
            .enumerate()
            .map(|(i, c)| {
                let ty = decode::column_type(self.dialect, c, &self.widths).map_err(|m| {
                    dvt_io::connector::unsupported(
                        &self.output,
                        format!("column {} of the query is {m}", c.name_str()),
                    )
                })?;
                Ok(match as_text.remove(&i) {
                    Some(t) if matches!(ty, DvtType::Varchar { .. }) => t,
                    _ => ty,
                })
            })
            .collect::<Result<Vec<_>>>()?;
        if self.dialect == DbKind::MariaDb {
            self.mark_mariadb_json(&columns, &mut types).await?;
        }
        let decoder = BatchDecoder::new(&columns, &types).map_err(|m| self.query_err(&sql, m))?;
        let schema = decoder.schema();
        let output = self.output.clone();
        let secrets = self.secrets.clone();
        let err =
            move |m: String| query_error(&output, &sql, dvt_core::secret::redact_all(&m, &secrets));
        let size = batch_size();
        struct State<R> {
            result: R,
            decoder: BatchDecoder,
            done: bool,
        }
        let state = State {
            result,
            decoder,
            done: columns.is_empty(),
        };
        let stream = futures::stream::try_unfold(state, move |mut st| {
            let err = err.clone();
            async move {
                if st.done {
                    return Ok(None);
                }
                while st.decoder.len() < size {
                    match st.result.next().await {
                        Ok(Some(row)) => st.decoder.append(row.unwrap_raw()).map_err(&err)?,
                        Ok(None) => {
                            // One result set only: later ones (multi-statements) are not read.
                            st.done = true;
                            break;
                        }
                        Err(e) => return Err(err(e.to_string())),
                    }
                }
                if st.decoder.len() == 0 {
                    return Ok(None);
                }
                let batch = st.decoder.finish().map_err(&err)?;
                Ok(Some((batch, st)))
            }
        });
        Ok(SchemaStream {
            schema,
            stream: Box::pin(stream),
        })
    }

    /// The query wrapped so that the columns the decoders cannot read arrive as text:
    /// ``SELECT `a`, ST_AsText(`g`) AS `g` FROM (query) AS dvt_t`` (`ST_AsText` for GEOMETRY,
    /// `CAST(… AS CHAR)` for any other unknown protocol type), with the canonical types of those
    /// columns (`unknown('geometry')`). `None` when every column is readable; `Some(Err)` (the
    /// DVT123 of the first unreadable column) when the columns cannot be told apart by name.
    #[allow(clippy::type_complexity)]
    fn text_wrapped(
        &self,
        query: &str,
        columns: &[mysql_async::Column],
    ) -> Option<Result<(String, HashMap<usize, DvtType>)>> {
        let unreadable: Vec<usize> = columns
            .iter()
            .enumerate()
            .filter(|(_, c)| decode::native_type(c, &self.widths).is_err())
            .map(|(i, _)| i)
            .collect();
        if unreadable.is_empty() {
            return None;
        }
        let mut seen = std::collections::HashSet::new();
        if !columns.iter().all(|c| seen.insert(c.name_str())) {
            return Some(Err(self.unreadable(query, columns)));
        }
        let mut as_text = HashMap::new();
        let cols: Vec<String> = columns
            .iter()
            .enumerate()
            .map(|(i, c)| {
                let q = TableName::new(None, &c.name_str()).quoted('`');
                if !unreadable.contains(&i) {
                    return q;
                }
                let (expr, native) = match c.column_type() {
                    mysql_async::consts::ColumnType::MYSQL_TYPE_GEOMETRY => {
                        (format!("ST_AsText({q})"), "geometry".to_string())
                    }
                    other => (
                        format!("CAST({q} AS CHAR)"),
                        format!("{other:?}")
                            .trim_start_matches("MYSQL_TYPE_")
                            .to_ascii_lowercase(),
                    ),
                };
                as_text.insert(i, DvtType::Unknown { native });
                format!("{expr} AS {q}")
            })
            .collect();
        // The newline ends a trailing `-- ` comment of the query.
        let sql = format!("SELECT {} FROM ({query}\n) AS dvt_t", cols.join(", "));
        Some(Ok((sql, as_text)))
    }

    /// DVT123 naming the first column of `columns` the decoders cannot read.
    fn unreadable(&self, query: &str, columns: &[mysql_async::Column]) -> dvt_io::Error {
        let (name, m) = columns
            .iter()
            .find_map(|c| {
                decode::native_type(c, &self.widths)
                    .err()
                    .map(|m| (c.name_str().into_owned(), m))
            })
            .unwrap_or_else(|| (String::new(), "unreadable".into()));
        dvt_io::connector::unsupported(
            &self.output,
            format!(
                "column {name} of the query is {m} (query: {})",
                dvt_io::connector::excerpt(query)
            ),
        )
    }

    async fn table_exists(&self, conn: &mut Conn, name: &TableName) -> Result<bool> {
        let schema = self.schema_of(name.schema.as_deref()).unwrap_or_default();
        let sql = "SELECT COUNT(*) FROM information_schema.TABLES \
                   WHERE TABLE_SCHEMA = COALESCE(NULLIF(?, ''), DATABASE()) AND TABLE_NAME = ?";
        let n: Option<u64> = conn
            .exec_first(sql, (schema, name.name.as_str()))
            .await
            .map_err(|e| self.query_err(sql, e))?;
        Ok(n.unwrap_or(0) > 0)
    }
}

/// The TLS options of an ssl_mode and its files (`get` reads `ssl_ca`, `ssl_cert`, `ssl_key`);
/// `None` for `disabled`.
fn mysql_ssl(
    mode: &str,
    get: impl Fn(&str) -> Option<PathBuf>,
) -> std::result::Result<Option<SslOpts>, String> {
    let ca = get("ssl_ca");
    let verify = match mode {
        "disabled" => return Ok(None),
        "preferred" | "required" if ca.is_none() => crate::tls::Verify::Nothing,
        "preferred" | "required" | "verify_ca" => crate::tls::Verify::Chain,
        "verify_identity" => crate::tls::Verify::Full,
        other => {
            return Err(format!(
                "'{other}' is not an ssl_mode (disabled, preferred, required, verify_ca, verify_identity)"
            ));
        }
    };
    crate::tls::install_default_provider();
    let mut opts = SslOpts::default();
    if let Some(ca) = &ca {
        // Read here, so a missing or broken file is named before any connection.
        crate::tls::read_certs(ca)?;
        opts = opts
            .with_root_certs(vec![ca.clone().into()])
            .with_disable_built_in_roots(true);
    }
    opts = match verify {
        crate::tls::Verify::Nothing => opts.with_danger_accept_invalid_certs(true),
        crate::tls::Verify::Chain => opts.with_danger_skip_domain_validation(true),
        crate::tls::Verify::Full => opts,
    };
    match (get("ssl_cert"), get("ssl_key")) {
        (Some(c), Some(k)) => {
            crate::tls::read_certs(&c)?;
            opts = opts.with_client_identity(Some(ClientIdentity::new(c.into(), k.into())));
        }
        (None, None) => {}
        _ => return Err("ssl_cert and ssl_key go together: set both or neither".into()),
    }
    Ok(Some(opts))
}

/// A text column of an information_schema row (`None` for NULL).
fn text(r: &Row, i: usize) -> Option<String> {
    match r.as_ref(i)? {
        Value::Bytes(b) => Some(String::from_utf8_lossy(b).into_owned()),
        Value::NULL => None,
        other => Some(other.as_sql(true)),
    }
}

/// An unsigned integer column of an information_schema row.
fn uint(r: &Row, i: usize) -> Option<u64> {
    match r.as_ref(i)? {
        Value::UInt(v) => Some(*v),
        Value::Int(v) => u64::try_from(*v).ok(),
        Value::Bytes(b) => std::str::from_utf8(b).ok()?.trim().parse().ok(),
        _ => None,
    }
}

/// An integer from a text-protocol value (`None` for NULL; `Err` for anything else).
fn int_value(v: Option<&Value>) -> std::result::Result<Option<i64>, String> {
    match v {
        None | Some(Value::NULL) => Ok(None),
        Some(Value::Int(i)) => Ok(Some(*i)),
        Some(Value::UInt(u)) => i64::try_from(*u)
            .map(Some)
            .map_err(|_| format!("{u} does not fit a 64-bit signed integer")),
        Some(Value::Bytes(b)) => {
            let s = String::from_utf8_lossy(b);
            let t = s.trim();
            // Integer-valued decimals (`5.000`) are integers too.
            let t = match t.split_once('.') {
                Some((i, f)) if f.bytes().all(|c| c == b'0') => i,
                _ => t,
            };
            t.parse::<i64>()
                .map(Some)
                .map_err(|_| format!("'{s}' is not a 64-bit integer"))
        }
        Some(other) => Err(format!("{other:?} is not an integer")),
    }
}

#[async_trait]
impl Connector for MysqlConnector {
    fn output(&self) -> &str {
        &self.output
    }

    fn quote(&self) -> char {
        '`'
    }

    fn dialect(&self) -> DbKind {
        self.dialect
    }

    fn default_schema(&self) -> Option<String> {
        self.database.clone()
    }

    async fn ping(&self) -> Result<()> {
        let mut c = self.conn().await?;
        c.ping().await.map_err(|e| self.connect_err(e))
    }

    async fn catalog(&self, schema: Option<&str>) -> Result<Vec<CatalogTable>> {
        self.tables(schema, None).await
    }

    /// A schema is a database: `CREATE SCHEMA` is `CREATE DATABASE`, which needs the (global
    /// or database-level) `CREATE` privilege.
    fn create_schema_privilege(&self) -> &'static str {
        "CREATE"
    }

    async fn table(&self, name: &TableName) -> Result<Option<CatalogTable>> {
        Ok(self
            .tables(name.schema.as_deref(), Some(&name.name))
            .await?
            .into_iter()
            .next())
    }

    async fn extract(&self, query: &str) -> Result<SchemaStream> {
        // The binary protocol (a prepared statement): FLOAT arrives as its 4 bytes (MariaDB's
        // text protocol prints 6 significant digits), numbers and dates typed. Statements the
        // server cannot prepare (ER_UNSUPPORTED_PS) fall back to the text protocol.
        let mut conn = self.conn().await?;
        let stmt = match conn.prep(query).await {
            Ok(stmt) => stmt,
            Err(mysql_async::Error::Server(e)) if e.code == 1295 => {
                let result = query
                    .to_string()
                    .run(conn)
                    .await
                    .map_err(|e| self.query_err(query, e))?;
                return self.stream_result(query, result, HashMap::new()).await;
            }
            Err(e) => return Err(self.query_err(query, e)),
        };
        // Columns of types the decoders cannot read (GEOMETRY) are read as text.
        let (stmt, as_text) = match self.text_wrapped(query, &stmt.columns()) {
            None => (stmt, HashMap::new()),
            Some(Err(e)) => return Err(e),
            Some(Ok((sql, as_text))) => match conn.prep(sql.as_str()).await {
                Ok(wrapped) if wrapped.num_columns() == stmt.num_columns() => (wrapped, as_text),
                Ok(_) => return Err(self.unreadable(query, &stmt.columns())),
                Err(e) => {
                    tracing::debug!(output = %self.output, error = %self.redact(e), "reading columns as text failed");
                    return Err(self.unreadable(query, &stmt.columns()));
                }
            },
        };
        let result = stmt
            .with(())
            .run(conn)
            .await
            .map_err(|e| self.query_err(query, e))?;
        self.stream_result(query, result, as_text).await
    }

    async fn query_bounds(&self, sql: &str) -> Result<(Option<i64>, Option<i64>)> {
        let mut conn = self.conn().await?;
        let row: Option<Row> = conn
            .query_first(sql)
            .await
            .map_err(|e| self.query_err(sql, e))?;
        let Some(row) = row else {
            return Ok((None, None));
        };
        if row.len() < 2 {
            return Err(self.query_err(sql, "the bounds query must return two columns"));
        }
        let lo = int_value(row.as_ref(0)).map_err(|m| self.query_err(sql, m))?;
        let hi = int_value(row.as_ref(1)).map_err(|m| self.query_err(sql, m))?;
        Ok((lo, hi))
    }

    async fn execute(&self, sql: &str) -> Result<u64> {
        let mut conn = self.conn().await?;
        run_all(&mut conn, sql)
            .await
            .map_err(|e| self.query_err(sql, e))
    }

    async fn execute_atomic(&self, statements: &[String]) -> Result<()> {
        let mut conn = self.conn().await?;
        let mut tx = conn
            .start_transaction(TxOpts::default())
            .await
            .map_err(|e| self.query_err("START TRANSACTION", e))?;
        for s in statements {
            if let Err(e) = run_all(&mut tx, s).await {
                let _ = tx.rollback().await;
                return Err(self.query_err(s, e));
            }
        }
        tx.commit().await.map_err(|e| self.query_err("COMMIT", e))
    }

    async fn load(&self, name: &TableName, data: SchemaStream) -> Result<u64> {
        let q = self.quote();
        let cols: Vec<String> = data
            .schema
            .fields()
            .iter()
            .map(|f| TableName::new(None, f.name()).quoted(q))
            .collect();
        let prefix = format!(
            "INSERT INTO {} ({}) VALUES ",
            name.quoted(q),
            cols.join(", ")
        );
        let mut conn = self.conn().await?;
        let max_packet: Option<u64> = conn
            .query_first("SELECT @@max_allowed_packet")
            .await
            .map_err(|e| self.load_err(name, e))?;
        let chunk = max_packet
            .map_or(self.insert_chunk, |m| {
                (m as usize / 2).min(self.insert_chunk)
            })
            .max(4 << 10);
        let mut tx = conn
            .start_transaction(TxOpts::default())
            .await
            .map_err(|e| self.load_err(name, e))?;
        let mut producer = Statements::<Encoder>::new(
            &self.output,
            name,
            &self.secrets,
            data.stream,
            cols.len(),
            prefix,
            chunk,
            usize::MAX,
        );
        // While the server runs one statement, the next one is encoded (and its batches read).
        let outcome: Result<()> = async {
            let mut next = producer.next_statement().await?;
            while let Some(sql) = next {
                let (sent, following) =
                    tokio::join!(tx.query_drop(sql.as_str()), producer.next_statement());
                sent.map_err(|e| self.load_err(name, e))?;
                next = following?;
            }
            Ok(())
        }
        .await;
        match outcome {
            Ok(()) => {
                tx.commit().await.map_err(|e| self.load_err(name, e))?;
                Ok(producer.rows)
            }
            Err(e) => {
                let _ = tx.rollback().await;
                Err(e)
            }
        }
    }

    async fn replace_table(&self, staging: &TableName, target: &TableName) -> Result<()> {
        let q = self.quote();
        let mut conn = self.conn().await?;
        if self.table_exists(&mut conn, target).await? {
            let old = target.sibling(&old_name(&target.name));
            let drop_old = format!("DROP TABLE IF EXISTS {}", old.quoted(q));
            conn.query_drop(drop_old.as_str())
                .await
                .map_err(|e| self.query_err(&drop_old, e))?;
            let rename = format!(
                "RENAME TABLE {t} TO {o}, {s} TO {t}",
                t = target.quoted(q),
                o = old.quoted(q),
                s = staging.quoted(q)
            );
            conn.query_drop(rename.as_str())
                .await
                .map_err(|e| self.query_err(&rename, e))?;
            conn.query_drop(drop_old.as_str())
                .await
                .map_err(|e| self.query_err(&drop_old, e))?;
        } else {
            let rename = format!("RENAME TABLE {} TO {}", staging.quoted(q), target.quoted(q));
            conn.query_drop(rename.as_str())
                .await
                .map_err(|e| self.query_err(&rename, e))?;
        }
        Ok(())
    }
}

/// The name the replaced table has between the swap and its drop (at most 64 characters).
fn old_name(target: &str) -> String {
    const SUFFIX: &str = "__dvt_old";
    let keep: String = target.chars().take(64 - SUFFIX.len()).collect();
    format!("{keep}{SUFFIX}")
}

/// Run `;`-separated statements, read every result, and sum the rows they affected.
async fn run_all<Q: Queryable>(conn: &mut Q, sql: &str) -> mysql_async::Result<u64> {
    let mut result = conn.query_iter(sql).await?;
    let mut affected = 0u64;
    loop {
        affected += result.affected_rows();
        if result.is_empty() {
            break;
        }
        result.for_each(|_| {}).await?;
    }
    Ok(affected)
}
