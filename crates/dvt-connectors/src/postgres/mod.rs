//! PostgreSQL through `tokio-postgres` (TLS through rustls), moving rows as binary COPY.
//!
//! * **extract**: the query is prepared to learn its output columns (type OIDs and type
//!   modifiers, so `numeric(12,2)` and `varchar(20)` keep precision and length), the Arrow schema
//!   is built with [`dvt_types::DvtType::to_arrow_field`], then `COPY (query) TO STDOUT (FORMAT binary)` is
//!   streamed and decoded straight into Arrow buffers (module `decode`, hand-written: no crate
//!   decodes binary COPY into Arrow), one batch every [`crate::batch_size`] rows, on a thread
//!   of its own that also drives the connection (a current-thread runtime: the socket reads
//!   hand their data to the decoder without waking another thread; only whole batches cross
//!   to the consumer, two at most waiting). The stream is never collected.
//! * **load**: the target table's column types are read from the catalog, and the batches are
//!   encoded by those types (module `encode`) into `COPY t (cols) FROM STDIN (FORMAT binary)`, one
//!   batch at a time. A value a column cannot hold aborts the COPY (nothing of the call is
//!   written) and is a DVT122 naming the column and the value.
//! * **extract_partitioned**: one coordinator connection exports a snapshot
//!   (`REPEATABLE READ`, `pg_export_snapshot()`), reads the key bounds in it and stays open until
//!   every worker connection has `SET TRANSACTION SNAPSHOT`; the workers then stream their key
//!   ranges (and the `IS NULL` keys) in parallel, all seeing the same data. Physical row ranges
//!   ([`Partitioning::row_ranges`], for a table without a usable key) are `ctid` page ranges
//!   (module `ctid`): the table's pages (`pg_relation_size / block_size`, read in the snapshot)
//!   split evenly, the first range from page 0 and the last open-ended, each added to the
//!   query's `WHERE` (`ctid >= '(lo,0)'::tid AND ctid < '(hi,0)'::tid`, a TID range scan on
//!   PostgreSQL 14+). A query that is not a plain `SELECT … FROM table WHERE …` over a table
//!   or materialized view, or a server before 14, is read as one stream (in the snapshot).
//! * Every call opens its own server connection, so the connector can be used from several tasks
//!   at once. Connections use `application_name=dvt`, `search_path` = the output's schema (then
//!   `public`) and `TimeZone=UTC`.
//! * **Timeouts**: opening a connection (TCP, TLS and the login together) must finish within
//!   `connect_timeout` seconds (default 10), also when the port accepts and never answers; the
//!   error is a DVT120 that says how long it waited. `statement_timeout` (seconds; default none,
//!   since a long COPY is normal) becomes the session's `statement_timeout`: the server cancels a
//!   statement that runs longer, and the DVT121 names the setting.
//! * **TLS** (rustls, module `tls`): the libpq keys `sslmode` (`disable`, `allow`, `prefer`
//!   — the default, as libpq's —, `require`, `verify-ca`, `verify-full`), `sslrootcert`,
//!   `sslcert` and `sslkey`. `allow` and `prefer` try TLS first and use plaintext only when the
//!   server answers that it has no TLS; `require` and `verify-*` never fall back. `prefer` and
//!   `require` check the certificate only when `sslrootcert` is given (as libpq does with a root
//!   certificate); `verify-ca` checks the chain against `sslrootcert` (default
//!   `~/.postgresql/root.crt`), `verify-full` the host name too. A failed handshake (wrong CA,
//!   a server without TLS under `require`) is a DVT120 naming the output and the sslmode.
//!
//! Types read and written: boolean, smallint, integer, bigint, oid, real, double precision,
//! numeric (Decimal128/256; NaN and ±Infinity are errors), text, varchar, char, name, `"char"`,
//! citext and enums (as text), bytea, date, time, timestamp, timestamptz (UTC), interval
//! (MonthDayNano), json, jsonb, uuid (canonical text) and one-dimensional arrays of those;
//! domains as their base type. A result column of any other type (inet, cidr, macaddr,
//! tsvector, money, point and the geometric types, xml, ranges, records, …) is read as its
//! text: the query is wrapped once as `SELECT …, "c"::text AS "c" FROM (query) AS dvt_t` and
//! the field is typed `unknown('<type>')` (Utf8). Only when that cannot be done (two output
//! columns with the same name) such a column is a DVT123 that names it and suggests a cast.
//!
//! * **catalog**: tables, partitioned tables, views, materialized views and foreign tables,
//!   columns in order with `format_type`'s spelling as the native type; the canonical type
//!   follows domains to their base type (and the element of an array to its base), enums are
//!   text, types dvt does not map stay `unknown`.

mod ctid;
mod decode;
mod encode;
mod numeric;
mod types;

use std::collections::HashMap;
use std::fmt;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use arrow_array::RecordBatch;
use arrow_schema::{Schema, SchemaRef};
use async_trait::async_trait;
use bytes::BytesMut;
use dvt_core::profiles::{Connection, DbKind};
use dvt_core::secret::{Secret, redact_all};
use dvt_io::Error as IoError;
use dvt_io::Result;
use dvt_io::connector::{
    CatalogColumn, CatalogTable, Connector, Partitioning, SchemaStream, Staged, TableName,
    connect_error, create_table_sql, load_error, partition_predicates, query_error, unsupported,
};
use dvt_types::{DvtType, TypeLoss};
use futures::channel::mpsc;
use futures::{SinkExt, StreamExt};
use tokio_postgres::config::SslMode;
use tokio_postgres::{Client, Config, NoTls, SimpleQueryMessage};
use tokio_postgres_rustls::MakeRustlsConnect;

use crate::tls::{Verify, client_config};

use self::ctid::{RowRangeQuery, page_ranges};
use self::decode::{Decoder, OutputColumn};
use self::encode::{ColEnc, Target};
use self::types::{PgKind, Scalar, resolve, scalar_of, unsupported_column};

/// The default connect timeout (the `connect_timeout` setting of the output overrides it).
const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// The transaction of a partitioned read's coordinator and workers (one snapshot for all).
const SNAPSHOT_BEGIN: &str = "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY";

/// Encoded bytes handed to the COPY sink at a time.
const LOAD_CHUNK: usize = 1 << 20;

/// A PostgreSQL output, opened: see the [module documentation](self).
#[derive(Clone)]
pub struct PostgresConnector {
    output: String,
    config: Config,
    secrets: Vec<Secret>,
    schema: String,
    /// `postgres host:port/database` for messages.
    what: String,
    /// `None`: `sslmode=disable`.
    tls: Option<MakeRustlsConnect>,
    /// The sslmode as given (for messages).
    sslmode: String,
    /// The CA file given (for messages).
    sslrootcert: Option<PathBuf>,
    connect_timeout: Duration,
    /// `statement_timeout` in seconds (`None`: no limit).
    statement_timeout: Option<u64>,
}

/// A server connection over `tls`, its connection task spawned: it ends when the client is
/// dropped, and its errors surface through the client's calls.
async fn spawn_connection<T>(
    config: &Config,
    tls: T,
) -> std::result::Result<Client, tokio_postgres::Error>
where
    T: tokio_postgres::tls::MakeTlsConnect<tokio_postgres::Socket>,
    T::Stream: Send + 'static,
    T::TlsConnect: Send,
    <T::TlsConnect as tokio_postgres::tls::TlsConnect<tokio_postgres::Socket>>::Future: Send,
{
    let (client, connection) = config.connect(tls).await?;
    tokio::spawn(async move {
        let _ = connection.await;
    });
    Ok(client)
}

impl fmt::Debug for PostgresConnector {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PostgresConnector")
            .field("output", &self.output)
            .field("server", &self.what)
            .field("schema", &self.schema)
            .finish_non_exhaustive()
    }
}

/// `-c name=value` for the startup options (spaces and backslashes escaped).
fn startup_option(name: &str, value: &str) -> String {
    let v = value.replace('\\', "\\\\").replace(' ', "\\ ");
    format!("-c {name}={v}")
}

impl PostgresConnector {
    /// Opens the output: checks the settings and that the server accepts a connection.
    ///
    /// Settings: `host` (default `localhost`), `port` (5432), `user`, `password`, `dbname`,
    /// `schema` (default `public`); from the other keys `connect_timeout` (seconds, default
    /// 10), `statement_timeout` (seconds, default none), `options` (libpq startup options),
    /// `keepalives` (`0`/`1`) and the TLS keys `sslmode`, `sslrootcert`, `sslcert`, `sslkey`
    /// (see the [module documentation](self)).
    pub async fn connect(conn: &Connection) -> Result<Self> {
        if !matches!(conn.adapter, DbKind::Postgres) {
            return Err(unsupported(
                &conn.name,
                format!(
                    "the PostgreSQL connector cannot open a {} output",
                    conn.adapter
                ),
            ));
        }
        let host = conn.host.clone().unwrap_or_else(|| "localhost".to_string());
        let port = conn.effective_port().unwrap_or(5432);
        let schema = conn
            .schema
            .clone()
            .filter(|s| !s.is_empty())
            .unwrap_or_else(|| "public".to_string());
        let mut config = Config::new();
        let mut connect_timeout = CONNECT_TIMEOUT;
        let mut statement_timeout = None;
        let mut sslmode = "prefer".to_string();
        let mut files: HashMap<&str, PathBuf> = HashMap::new();
        config
            .host(&host)
            .port(port)
            .application_name("dvt")
            .connect_timeout(CONNECT_TIMEOUT);
        if let Some(u) = &conn.user {
            config.user(u);
        } else {
            config.user("postgres");
        }
        if let Some(p) = &conn.password {
            config.password(p.expose());
        }
        if let Some(d) = &conn.database {
            config.dbname(d);
        }
        let search_path = if schema == "public" {
            "public".to_string()
        } else {
            format!("\"{}\",public", schema.replace('"', "\"\""))
        };
        // UTC sessions: a pushed `ts::date` or `ts::text` of a timestamptz then means what it
        // means in the engine (which computes in UTC), whatever the server's TimeZone.
        let mut options = vec![
            startup_option("search_path", &search_path),
            startup_option("TimeZone", "UTC"),
        ];
        let seconds = |k: &str, v: &str| -> Result<u64> {
            v.trim().parse().map_err(|_| {
                connect_error(
                    &conn.name,
                    "settings",
                    format!("{k} '{v}' is not a whole number of seconds"),
                )
            })
        };
        for (k, v) in &conn.extra {
            match k.as_str() {
                "connect_timeout" => {
                    connect_timeout = Duration::from_secs(seconds(k, v)?.max(1));
                    config.connect_timeout(connect_timeout);
                }
                "statement_timeout" => {
                    statement_timeout = Some(seconds(k, v)?).filter(|s| *s > 0);
                }
                "options" => options.push(v.clone()),
                "keepalives" => {
                    config.keepalives(v.trim() != "0");
                }
                "sslmode" => sslmode = v.trim().to_ascii_lowercase(),
                "sslrootcert" | "sslcert" | "sslkey" => {
                    let key = match k.as_str() {
                        "sslrootcert" => "sslrootcert",
                        "sslcert" => "sslcert",
                        _ => "sslkey",
                    };
                    files.insert(key, PathBuf::from(v.trim()));
                }
                other => {
                    tracing::debug!(output = %conn.name, key = other, "setting not used by the PostgreSQL connector")
                }
            }
        }
        if let Some(secs) = statement_timeout {
            options.push(startup_option("statement_timeout", &format!("{secs}s")));
        }
        config.options(options.join(" "));
        let what = format!(
            "postgres {host}:{port}/{}",
            conn.database.as_deref().unwrap_or("")
        );
        let tls = pg_tls(&sslmode, &files)
            .map_err(|m| connect_error(&conn.name, &what, format!("sslmode {sslmode}: {m}")))?;
        config.ssl_mode(match sslmode.as_str() {
            "disable" => SslMode::Disable,
            "allow" | "prefer" => SslMode::Prefer,
            _ => SslMode::Require,
        });
        let me = Self {
            output: conn.name.clone(),
            config,
            secrets: conn.secrets().into_iter().cloned().collect(),
            schema,
            what,
            tls,
            sslmode,
            sslrootcert: files.get("sslrootcert").cloned(),
            connect_timeout,
            statement_timeout,
        };
        drop(me.client().await?);
        Ok(me)
    }

    fn redact(&self, message: &str) -> String {
        redact_all(message, self.secrets.iter())
    }

    /// A driver error as one redacted sentence (server message, detail, hint and context).
    fn message(&self, e: &tokio_postgres::Error) -> String {
        let text = match e.as_db_error() {
            Some(db) => {
                let mut s = format!("{} (SQLSTATE {})", db.message(), db.code().code());
                if let Some(secs) = self.statement_timeout
                    && db.code() == &tokio_postgres::error::SqlState::QUERY_CANCELED
                    && db.message().contains("statement timeout")
                {
                    s.push_str(&format!(
                        "; the output's statement_timeout is {secs} s: raise it or make the statement faster"
                    ));
                }
                if let Some(d) = db.detail() {
                    s.push_str(&format!("; detail: {d}"));
                }
                if let Some(h) = db.hint() {
                    s.push_str(&format!("; hint: {h}"));
                }
                if let Some(w) = db.where_() {
                    s.push_str(&format!("; at {w}"));
                }
                s
            }
            None => {
                let mut s = e.to_string();
                let mut src = std::error::Error::source(e);
                while let Some(inner) = src {
                    let t = inner.to_string();
                    if !s.contains(&t) {
                        s.push_str(&format!(": {t}"));
                    }
                    src = inner.source();
                }
                s
            }
        };
        self.redact(&text)
    }

    fn query_err(&self, sql: &str, e: &tokio_postgres::Error) -> IoError {
        query_error(&self.output, sql, self.message(e))
    }

    /// A new server connection (its connection task runs until the client is dropped).
    ///
    /// The whole opening (TCP, TLS, login) is bounded by the connect timeout: tokio-postgres's
    /// own `connect_timeout` covers only the TCP connect, not a server that accepts and never
    /// answers.
    async fn client(&self) -> Result<Client> {
        let started = Instant::now();
        let conn_err = |m: String| {
            let hint = match self.sslmode.as_str() {
                "disable" => String::new(),
                mode => format!(
                    " (sslmode {mode}){}",
                    crate::tls::hint(&m, self.sslrootcert.as_deref())
                ),
            };
            connect_error(&self.output, &self.what, format!("{m}{hint}"))
        };
        let timed_out = || {
            conn_err(format!(
                "the server did not complete the connection within {:.1} s (connect_timeout {} s)",
                started.elapsed().as_secs_f64(),
                self.connect_timeout.as_secs()
            ))
        };
        let connecting = async {
            match &self.tls {
                None => spawn_connection(&self.config, NoTls).await,
                Some(tls) => spawn_connection(&self.config, tls.clone()).await,
            }
        };
        tokio::time::timeout(self.connect_timeout, connecting)
            .await
            .map_err(|_| timed_out())?
            .map_err(|e| conn_err(self.message(&e)))
    }

    /// The name with the default schema filled in.
    fn qualify(&self, name: &TableName) -> TableName {
        TableName {
            schema: Some(name.schema.clone().unwrap_or_else(|| self.schema.clone())),
            name: name.name.clone(),
        }
    }

    /// Appends `data` to the table `name` over `client` (binary COPY); the rows written.
    async fn load_on(&self, client: &Client, name: &TableName, data: SchemaStream) -> Result<u64> {
        let table = self.qualify(name);
        let targets = self.targets(client, &table).await?;
        let by_name: HashMap<&str, &Target> =
            targets.iter().map(|t| (t.name.as_str(), t)).collect();
        let mut chosen: Vec<Target> = Vec::new();
        for f in data.schema.fields() {
            let t = by_name.get(f.name().as_str()).ok_or_else(|| {
                load_error(
                    &self.output,
                    &table,
                    format!("the table has no column \"{}\"", f.name()),
                )
            })?;
            chosen.push((*t).clone());
        }
        let cols: Vec<String> = chosen
            .iter()
            .map(|t| TableName::new(None, &t.name).quoted('"'))
            .collect();
        let sql = format!(
            "COPY {} ({}) FROM STDIN (FORMAT binary)",
            table.quoted('"'),
            cols.join(", ")
        );
        let lerr = |m: String| load_error(&self.output, &table, self.redact(&m));
        let sink = client
            .copy_in::<_, bytes::Bytes>(&sql)
            .await
            .map_err(|e| lerr(self.message(&e)))?;
        let mut sink = std::pin::pin!(sink);
        let mut buf = BytesMut::with_capacity(LOAD_CHUNK + (LOAD_CHUNK >> 2));
        encode::header(&mut buf);
        let mut stream = data.stream;
        // Any early return drops the sink unfinished: the COPY is aborted, nothing is written.
        while let Some(batch) = stream.next().await {
            let batch = batch?;
            if batch.num_columns() != chosen.len() {
                return Err(lerr(format!(
                    "a batch of {} columns where the schema has {}",
                    batch.num_columns(),
                    chosen.len()
                )));
            }
            let encoders = batch
                .columns()
                .iter()
                .zip(&chosen)
                .map(|(a, t)| ColEnc::new(a, t))
                .collect::<std::result::Result<Vec<_>, _>>()
                .map_err(lerr)?;
            encode::encode_rows(&batch, &encoders, &mut buf).map_err(lerr)?;
            if buf.len() >= LOAD_CHUNK {
                sink.send(buf.split().freeze())
                    .await
                    .map_err(|e| lerr(self.message(&e)))?;
            }
        }
        encode::trailer(&mut buf);
        sink.send(buf.split().freeze())
            .await
            .map_err(|e| lerr(self.message(&e)))?;
        sink.as_mut()
            .finish()
            .await
            .map_err(|e| lerr(self.message(&e)))
    }

    /// Loads each staged input into a temporary table of `client`'s session (created from its
    /// stream's schema; analyzed past [`ANALYZE_ROWS`] rows, so the server plans its joins
    /// with the columns' statistics — below, its size on disk tells enough).
    async fn stage(&self, client: &Client, staged: Vec<Staged>) -> Result<()> {
        for s in staged {
            let table = TableName::new(Some("pg_temp"), &s.table);
            let (ddl, _) = create_table_sql('"', DbKind::Postgres, &table, &s.data.schema);
            let ddl = ddl.replacen("CREATE TABLE", "CREATE TEMPORARY TABLE", 1);
            self.simple(client, &ddl).await?;
            let rows = self.load_on(client, &table, s.data).await?;
            if rows >= ANALYZE_ROWS {
                self.simple(client, &format!("ANALYZE {}", table.quoted('"')))
                    .await?;
            }
        }
        Ok(())
    }

    /// Prepares `query` on `client` and starts its binary COPY.
    ///
    /// Output columns of types the binary codecs cannot read (inet, tsvector, money, point,
    /// xml, ranges, records, …) are read as their text: the query is prepared again wrapped as
    /// `SELECT "a", "b"::text AS "b" FROM (query) AS dvt_t` (`::text[]` for arrays), and those
    /// fields are typed [`DvtType::Unknown`] with the type's name (Utf8). Only when that is
    /// impossible (two output columns with the same name) or the wrapped query fails is such a
    /// column a DVT123.
    async fn start_copy(&self, client: &Client, query: &str) -> Result<Copying> {
        let query = trim_query(query);
        let stmt = client
            .prepare(query)
            .await
            .map_err(|e| self.query_err(query, &e))?;
        if !stmt.params().is_empty() {
            return Err(query_error(
                &self.output,
                query,
                "the query has parameters ($1 …); dvt extracts only complete queries",
            ));
        }
        // The columns read as text, with their canonical type.
        let mut as_text: HashMap<usize, DvtType> = HashMap::new();
        let mut stmt = stmt;
        let mut wrapped_sql = None;
        let unreadable: Vec<usize> = stmt
            .columns()
            .iter()
            .enumerate()
            .filter(|(_, c)| resolve(c.type_(), c.type_modifier()).is_none())
            .map(|(i, _)| i)
            .collect();
        if let Some(&first) = unreadable.first() {
            let col = &stmt.columns()[first];
            let err = unsupported(
                &self.output,
                unsupported_column(col.name(), &type_label(col.type_())),
            );
            let names: Vec<&str> = stmt.columns().iter().map(|c| c.name()).collect();
            let casts: Vec<Option<&'static str>> = (0..names.len())
                .map(|i| {
                    unreadable.contains(&i).then(|| {
                        let (cast, ty) = text_form(stmt.columns()[i].type_());
                        as_text.insert(i, ty);
                        cast
                    })
                })
                .collect();
            let Some(sql) = text_wrapped(query, &names, &casts) else {
                return Err(err);
            };
            match client.prepare(&sql).await {
                Ok(s) if s.columns().len() == names.len() => {
                    stmt = s;
                    wrapped_sql = Some(sql);
                }
                Ok(_) => return Err(err),
                Err(e) => {
                    tracing::debug!(output = %self.output, error = %self.message(&e), "reading columns as text failed");
                    return Err(err);
                }
            }
        }
        let query = wrapped_sql.as_deref().unwrap_or(query);
        let mut fields = Vec::new();
        let mut columns = Vec::new();
        for (i, col) in stmt.columns().iter().enumerate() {
            let t = resolve(col.type_(), col.type_modifier()).ok_or_else(|| {
                unsupported(
                    &self.output,
                    unsupported_column(col.name(), &type_label(col.type_())),
                )
            })?;
            let ty = as_text.remove(&i).unwrap_or(t.ty);
            fields.push(ty.to_arrow_field(col.name(), true));
            columns.push(OutputColumn {
                name: col.name().to_string(),
                kind: t.kind,
            });
        }
        let schema: SchemaRef = Arc::new(Schema::new(fields));
        let decoder = Decoder::new(Arc::clone(&schema), &columns)
            .map_err(|e| query_error(&self.output, query, e))?;
        // The newline ends a trailing `--` comment of the query.
        let copy_sql = format!("COPY ({query}\n) TO STDOUT (FORMAT binary)");
        let copy = client
            .copy_out(&copy_sql)
            .await
            .map_err(|e| self.query_err(query, &e))?;
        let pump = Pump {
            output: self.output.clone(),
            sql: query.to_string(),
            secrets: self.secrets.clone(),
        };
        Ok(Copying {
            schema,
            copy,
            decoder,
            pump,
        })
    }

    /// Extracts `query` on a new connection (after `setup`: a snapshot import, staged tables)
    /// driven by a thread of its own: see [`PostgresConnector::copy_thread`]. Returns once the
    /// COPY runs.
    async fn extract_on_thread(&self, setup: Setup, query: &str) -> Result<SchemaStream> {
        let (started_tx, started) = futures::channel::oneshot::channel();
        let (tx, rx) = mpsc::channel::<Result<RecordBatch>>(2);
        let (me, sql) = (self.clone(), query.to_string());
        std::thread::Builder::new()
            .name("dvt-pg-copy".into())
            .spawn(move || me.copy_thread(setup, &sql, started_tx, tx))
            .map_err(|e| query_error(&self.output, query, format!("no COPY thread: {e}")))?;
        let schema = started
            .await
            .map_err(|_| query_error(&self.output, query, "the COPY thread ended"))??;
        Ok(SchemaStream {
            schema,
            stream: Box::pin(rx),
        })
    }

    /// The body of an extract's thread: a current-thread runtime that owns the connection
    /// (socket reads and protocol framing) and the decoding, so handing the COPY data from
    /// one to the other is no cross-thread wake-up (on the shared multi-threaded runtime those
    /// wake-ups, a few per 8 KiB read, cost more than the decoding); only whole batches cross
    /// to the consumer, through `tx`. The schema, or the error of connecting, `setup` or
    /// starting the COPY, goes to `started`.
    fn copy_thread(
        &self,
        setup: Setup,
        query: &str,
        started: futures::channel::oneshot::Sender<Result<SchemaRef>>,
        mut tx: mpsc::Sender<Result<RecordBatch>>,
    ) {
        let rt = match tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
        {
            Ok(rt) => rt,
            Err(e) => {
                let _ = started.send(Err(query_error(&self.output, query, e)));
                return;
            }
        };
        rt.block_on(async {
            let opened = async {
                let client = self.client().await?;
                match setup {
                    Setup::None => {}
                    Setup::Sql(sql) => {
                        self.simple(&client, &sql).await?;
                    }
                    Setup::Stage(staged) => self.stage(&client, staged).await?,
                }
                let copying = self.start_copy(&client, query).await?;
                Ok::<_, IoError>((client, copying))
            };
            let (client, c) = match opened.await {
                Ok(o) => o,
                Err(e) => {
                    let _ = started.send(Err(e));
                    return;
                }
            };
            if started.send(Ok(c.schema)).is_ok()
                && let Err(e) = c.pump.run(c.copy, c.decoder, &mut tx).await
            {
                let _ = tx.send(Err(e)).await;
            }
            // The client (and its connection) lives until the COPY is drained.
            drop(client);
        });
    }

    /// The queries of the key ranges of `query` (plus the NULL keys), the key's bounds read
    /// on `client` (the coordinator, in its snapshot).
    async fn key_range_queries(
        &self,
        client: &Client,
        query: &str,
        partitioning: &Partitioning,
    ) -> Result<Vec<String>> {
        let col = TableName::new(None, &partitioning.column).quoted('"');
        let bounds = format!("SELECT MIN({col})::int8, MAX({col})::int8 FROM ({query}\n) dvt_p");
        let (lo, hi) = self.bounds_on(client, &bounds).await?;
        Ok(partition_predicates(&col, lo, hi, partitioning.partitions)
            .into_iter()
            .map(|pred| format!("SELECT * FROM ({query}\n) dvt_p WHERE {pred}"))
            .collect())
    }

    /// The queries of `n` `ctid` page ranges of `query` (module `ctid`), the table's size read
    /// on `client` (the coordinator); `query` alone when it cannot be split so: not a plain
    /// `SELECT … FROM table WHERE …`, not over a table or materialized view (a view has no
    /// `ctid`; a partitioned table's pages are its partitions'), or a server before
    /// PostgreSQL 14 (no TID range scan: every range would read the whole table).
    async fn row_range_queries(
        &self,
        client: &Client,
        query: &str,
        n: usize,
    ) -> Result<Vec<String>> {
        let whole = || Ok(vec![query.to_string()]);
        let Some(q) = RowRangeQuery::parse(query) else {
            tracing::debug!(output = %self.output, "not a plain one-table query: one stream");
            return whole();
        };
        let sql = format!(
            "SELECT c.relkind::text, pg_relation_size(c.oid) / current_setting('block_size')::int8, \
             current_setting('server_version_num')::int4 >= 140000 \
             FROM pg_class c WHERE c.oid = to_regclass('{}')",
            q.table().replace('\'', "''")
        );
        let (_, rows) = self.simple(client, &sql).await?;
        let pages = match rows.first().map(Vec::as_slice) {
            Some([Some(kind), Some(pages), Some(tid_range_scan)])
                if matches!(kind.as_str(), "r" | "m") && tid_range_scan == "t" =>
            {
                pages.parse::<u64>().ok()
            }
            _ => None,
        };
        let ranges = page_ranges(pages.unwrap_or(0), n);
        if pages.is_none() || ranges.len() < 2 {
            tracing::debug!(output = %self.output, table = q.table(), "no ctid ranges: one stream");
            return whole();
        }
        Ok(ranges.into_iter().map(|(lo, hi)| q.range(lo, hi)).collect())
    }

    /// Extracts each of `queries` on a connection of its own that has imported `snapshot`
    /// (all of them see the same data); the streams in order.
    async fn extract_in_snapshot(
        &self,
        snapshot: &str,
        queries: &[String],
    ) -> Result<Vec<SchemaStream>> {
        let set = format!(
            "{SNAPSHOT_BEGIN}; SET TRANSACTION SNAPSHOT '{}'",
            snapshot.replace('\'', "''")
        );
        let workers = queries
            .iter()
            .map(|sql| self.extract_on_thread(Setup::Sql(set.clone()), sql));
        futures::future::try_join_all(workers).await
    }

    /// Runs statements through the simple protocol; the rows they affected.
    async fn simple(&self, client: &Client, sql: &str) -> Result<(u64, Vec<Vec<Option<String>>>)> {
        let msgs = client
            .simple_query(sql)
            .await
            .map_err(|e| self.query_err(sql, &e))?;
        let mut affected = 0;
        let mut rows = Vec::new();
        for m in msgs {
            match m {
                SimpleQueryMessage::CommandComplete(n) => affected += n,
                SimpleQueryMessage::Row(r) => {
                    rows.push((0..r.len()).map(|i| r.get(i).map(str::to_string)).collect())
                }
                _ => {}
            }
        }
        Ok((affected, rows))
    }

    async fn bounds_on(&self, client: &Client, sql: &str) -> Result<(Option<i64>, Option<i64>)> {
        let (_, rows) = self.simple(client, sql).await?;
        let row = rows
            .into_iter()
            .next()
            .ok_or_else(|| query_error(&self.output, sql, "the bounds query returned no row"))?;
        let get = |i: usize| -> Result<Option<i64>> {
            match row.get(i) {
                Some(Some(v)) => v.trim().parse::<i64>().map(Some).map_err(|_| {
                    query_error(
                        &self.output,
                        sql,
                        format!("the bound '{v}' is not an integer"),
                    )
                }),
                Some(None) => Ok(None),
                None => Err(query_error(
                    &self.output,
                    sql,
                    "the bounds query must return two columns",
                )),
            }
        };
        Ok((get(0)?, get(1)?))
    }

    /// The columns of an existing table with what the encoder needs.
    async fn targets(&self, client: &Client, table: &TableName) -> Result<Vec<Target>> {
        const SQL: &str = "SELECT a.attname::text, format_type(a.atttypid, a.atttypmod), \
             bt.oid::int8, (CASE WHEN t.typtype = 'd' THEN t.typtypmod ELSE a.atttypmod END)::int4, \
             bt.typname::text, bt.typtype::text, et.oid::int8, et.typname::text, et.typtype::text \
             FROM pg_attribute a \
             JOIN pg_type t ON t.oid = a.atttypid \
             JOIN pg_type bt ON bt.oid = CASE WHEN t.typtype = 'd' THEN t.typbasetype ELSE t.oid END \
             LEFT JOIN pg_type et ON et.oid = bt.typelem AND bt.typcategory = 'A' \
             WHERE a.attrelid = $1::text::regclass AND a.attnum > 0 AND NOT a.attisdropped \
             ORDER BY a.attnum";
        let quoted = table.quoted('"');
        let rows = client
            .query(SQL, &[&quoted])
            .await
            .map_err(|e| load_error(&self.output, table, self.message(&e)))?;
        let mut out = Vec::new();
        for r in rows {
            let name: String = r.get(0);
            let native: String = r.get(1);
            let base_oid: i64 = r.get(2);
            let typmod: i32 = r.get(3);
            let base_name: String = r.get(4);
            let base_kind: String = r.get(5);
            let elem_oid: Option<i64> = r.get(6);
            let elem_name: Option<String> = r.get(7);
            let elem_kind: Option<String> = r.get(8);
            let scalar_by = |oid: i64, name: &str, kind: &str| -> Option<Scalar> {
                match tokio_postgres::types::Type::from_oid(oid as u32) {
                    Some(t) => scalar_of(&t),
                    None if kind == "e" || name == "citext" => Some(Scalar::Text),
                    None => None,
                }
            };
            let (kind, elem) = match (elem_oid, &elem_name, &elem_kind) {
                (Some(eo), Some(en), Some(ek)) => {
                    (scalar_by(eo, en, ek).map(PgKind::Array), eo as u32)
                }
                _ => (
                    scalar_by(base_oid, &base_name, &base_kind).map(PgKind::Scalar),
                    base_oid as u32,
                ),
            };
            let kind = kind.ok_or_else(|| {
                load_error(&self.output, table, unsupported_column(&name, &native))
            })?;
            let elem_ty = tokio_postgres::types::Type::from_oid(elem);
            let max_chars = match elem_ty {
                Some(
                    tokio_postgres::types::Type::VARCHAR | tokio_postgres::types::Type::BPCHAR,
                ) if typmod >= 4 => Some((typmod - 4) as usize),
                _ => None,
            };
            let max_int_digits = match (kind, typmod) {
                (PgKind::Scalar(Scalar::Numeric), t) if t >= 4 => {
                    let t = t - 4;
                    let p = (t >> 16) & 0xffff;
                    let s = ((t & 0x7ff) ^ 1024) - 1024;
                    Some((p - s).max(0) as u32)
                }
                _ => None,
            };
            out.push(Target {
                name,
                native,
                kind,
                elem_oid: elem,
                max_chars,
                max_int_digits,
            });
        }
        if out.is_empty() {
            return Err(load_error(
                &self.output,
                table,
                "the table does not exist or has no columns",
            ));
        }
        Ok(out)
    }

    /// The tables, views, materialized views and foreign tables of a schema (or one of them)
    /// with their columns in order.
    ///
    /// A column's canonical type is that of its type after domains are followed to their base
    /// (domains of domains too, keeping the innermost type modifier), and the same for the
    /// element of an array; enums (and arrays of enums) are text. `native_type` stays the
    /// column's type as `format_type` spells it (the domain's or the enum's name).
    /// The views and materialized views that depend on `table`, directly or through each
    /// other, with their definitions, in an order they can be created in.
    async fn dependent_views(&self, table: &TableName) -> Result<Vec<DependentView>> {
        const SQL: &str = "WITH RECURSIVE deps(oid, depth) AS ( \
               SELECT r.ev_class, 1 FROM pg_depend d JOIN pg_rewrite r ON r.oid = d.objid \
               WHERE d.classid = 'pg_rewrite'::regclass AND d.refobjid = to_regclass($1) \
                 AND r.ev_class <> d.refobjid \
               UNION \
               SELECT r.ev_class, deps.depth + 1 FROM deps JOIN pg_depend d ON d.refobjid = deps.oid \
               JOIN pg_rewrite r ON r.oid = d.objid \
               WHERE d.classid = 'pg_rewrite'::regclass AND r.ev_class <> deps.oid AND deps.depth < 50) \
             SELECT c.oid::regclass::text, c.relkind::text, pg_get_viewdef(c.oid) \
             FROM deps JOIN pg_class c ON c.oid = deps.oid \
             GROUP BY c.oid, c.relkind ORDER BY max(deps.depth), c.oid";
        let client = self.client().await?;
        let name = table.quoted('"');
        let rows = client
            .query(SQL, &[&name])
            .await
            .map_err(|e| self.query_err(SQL, &e))?;
        Ok(rows
            .iter()
            .map(|r| DependentView {
                name: r.get(0),
                materialized: r.get::<_, String>(1) == "m",
                definition: r.get(2),
            })
            .collect())
    }

    async fn catalog_of(&self, schema: &str, table: Option<&str>) -> Result<Vec<CatalogTable>> {
        const SQL: &str = "WITH RECURSIVE rel AS ( \
               SELECT c.oid, c.relname, c.relkind, c.reltuples \
               FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace \
               WHERE n.nspname = $1 AND c.relkind IN ('r', 'p', 'v', 'm', 'f') \
               AND ($2::text IS NULL OR c.relname = $2)), \
             col AS ( \
               SELECT a.attrelid, a.attnum, a.attname, a.atttypid, a.atttypmod, a.attnotnull \
               FROM pg_attribute a JOIN rel ON rel.oid = a.attrelid \
               WHERE a.attnum > 0 AND NOT a.attisdropped), \
             dom(attrelid, attnum, typ, typmod, depth) AS ( \
               SELECT attrelid, attnum, atttypid, atttypmod, 0 FROM col \
               UNION ALL \
               SELECT d.attrelid, d.attnum, t.typbasetype, \
                 CASE WHEN t.typtypmod >= 0 THEN t.typtypmod ELSE d.typmod END, d.depth + 1 \
               FROM dom d JOIN pg_type t ON t.oid = d.typ AND t.typtype = 'd' WHERE d.depth < 32), \
             base AS ( \
               SELECT DISTINCT ON (attrelid, attnum) attrelid, attnum, typ, typmod \
               FROM dom ORDER BY attrelid, attnum, depth DESC), \
             edom(attrelid, attnum, typ, typmod, depth) AS ( \
               SELECT b.attrelid, b.attnum, t.typelem, b.typmod, 0 \
               FROM base b JOIN pg_type t ON t.oid = b.typ AND t.typcategory = 'A' AND t.typelem <> 0 \
               UNION ALL \
               SELECT e.attrelid, e.attnum, t.typbasetype, \
                 CASE WHEN t.typtypmod >= 0 THEN t.typtypmod ELSE e.typmod END, e.depth + 1 \
               FROM edom e JOIN pg_type t ON t.oid = e.typ AND t.typtype = 'd' WHERE e.depth < 32), \
             ebase AS ( \
               SELECT DISTINCT ON (attrelid, attnum) attrelid, attnum, typ, typmod \
               FROM edom ORDER BY attrelid, attnum, depth DESC) \
             SELECT rel.relname::text, rel.relkind::text, rel.reltuples::float8, \
               col.attname::text, format_type(col.atttypid, col.atttypmod), col.attnotnull, \
               CASE WHEN et.typtype = 'e' THEN 'text[]' \
                 WHEN eb.typ IS NOT NULL THEN format_type(eb.typ, eb.typmod) || '[]' \
                 WHEN bt.typtype = 'e' THEN 'text' \
                 ELSE format_type(b.typ, b.typmod) END, \
               COALESCE(col.attnum = ANY (SELECT unnest(i.indkey) FROM pg_index i \
                 WHERE i.indrelid = rel.oid AND i.indisprimary), false), \
               st.n_distinct::float8, st.null_frac::float8 \
             FROM rel LEFT JOIN col ON col.attrelid = rel.oid \
             LEFT JOIN pg_stats st ON st.schemaname = $1 AND st.tablename = rel.relname \
               AND st.attname = col.attname AND NOT st.inherited \
             LEFT JOIN base b ON b.attrelid = col.attrelid AND b.attnum = col.attnum \
             LEFT JOIN pg_type bt ON bt.oid = b.typ \
             LEFT JOIN ebase eb ON eb.attrelid = col.attrelid AND eb.attnum = col.attnum \
             LEFT JOIN pg_type et ON et.oid = eb.typ \
             ORDER BY rel.relname, col.attnum";
        let client = self.client().await?;
        let rows = client
            .query(SQL, &[&schema, &table])
            .await
            .map_err(|e| self.query_err(SQL, &e))?;
        let mut out: Vec<CatalogTable> = Vec::new();
        for r in rows {
            let rel: String = r.get(0);
            let kind: String = r.get(1);
            let tuples: f64 = r.get(2);
            if out.last().is_none_or(|t| t.name.name != rel) {
                out.push(CatalogTable {
                    name: TableName::new(Some(schema), &rel),
                    columns: Vec::new(),
                    row_estimate: (kind != "v" && tuples >= 0.0).then_some(tuples as u64),
                    primary_key: Vec::new(),
                });
            }
            let Some(col) = r.get::<_, Option<String>>(3) else {
                continue;
            };
            let native: String = r.get(4);
            let not_null: bool = r.get(5);
            let resolved: Option<String> = r.get(6);
            let ty = types::canonical(resolved.as_deref().unwrap_or(&native));
            let t = out.last_mut().expect("pushed above");
            if r.get::<_, bool>(7) {
                t.primary_key.push(col.clone());
            }
            let (distinct, nulls) = pg_stats(t.row_estimate, r.get(8), r.get(9));
            t.columns.push(CatalogColumn {
                name: col,
                native_type: native,
                ty,
                nullable: !not_null,
                distinct,
                nulls,
            });
        }
        Ok(out)
    }
}

/// A view built on a table (see `PostgresConnector::dependent_views`).
struct DependentView {
    /// Its name as `regclass` prints it (quoted where needed, schema-qualified off the path).
    name: String,
    materialized: bool,
    /// `pg_get_viewdef`.
    definition: String,
}

impl DependentView {
    fn create(&self) -> String {
        let kind = if self.materialized {
            "MATERIALIZED VIEW"
        } else {
            "VIEW"
        };
        let def = self.definition.trim().trim_end_matches(';');
        format!("CREATE {kind} {} AS {def}", self.name)
    }
}

/// The TLS connector of an sslmode and its files (`sslrootcert`, `sslcert`, `sslkey`);
/// `None` for `disable`.
fn pg_tls(
    sslmode: &str,
    files: &HashMap<&str, PathBuf>,
) -> std::result::Result<Option<MakeRustlsConnect>, String> {
    let given_ca = files.get("sslrootcert").cloned();
    if given_ca
        .as_deref()
        .is_some_and(|p| p.as_os_str() == "system")
    {
        return Err(
            "sslrootcert=system (the operating system's CAs) is not supported; name the CA's certificate file".into(),
        );
    }
    let verify = match sslmode {
        "disable" => return Ok(None),
        "allow" | "prefer" | "require" if given_ca.is_none() => Verify::Nothing,
        "allow" | "prefer" | "require" | "verify-ca" => Verify::Chain,
        "verify-full" => Verify::Full,
        other => {
            return Err(format!(
                "'{other}' is not an sslmode (disable, allow, prefer, require, verify-ca, verify-full)"
            ));
        }
    };
    // libpq's default root certificate file.
    let ca = given_ca.or_else(|| {
        let home = std::env::var_os("HOME")?;
        let p = PathBuf::from(home).join(".postgresql/root.crt");
        p.is_file().then_some(p)
    });
    if verify != Verify::Nothing && ca.is_none() {
        return Err(
            "the server's certificate cannot be verified without a CA: set sslrootcert to the CA's certificate file"
                .into(),
        );
    }
    let client = match (files.get("sslcert"), files.get("sslkey")) {
        (Some(c), Some(k)) => Some((c.as_path(), k.as_path())),
        (None, None) => None,
        _ => return Err("sslcert and sslkey go together: set both or neither".into()),
    };
    crate::tls::install_default_provider();
    client_config(verify, ca.as_deref(), client).map(|c| Some(MakeRustlsConnect::new(c)))
}

/// A type's name for messages (`point`, `integer[]` for arrays).
fn type_label(t: &tokio_postgres::types::Type) -> String {
    match t.kind() {
        tokio_postgres::types::Kind::Array(e) => format!("{}[]", e.name()),
        _ => t.name().to_string(),
    }
}

/// How a column the codecs cannot read is read instead: the cast to text (`text`, or `text[]`
/// for an array) and the canonical type of the result ([`DvtType::Unknown`] with the type's
/// name, domains followed to their base).
fn text_form(t: &tokio_postgres::types::Type) -> (&'static str, DvtType) {
    fn base(t: &tokio_postgres::types::Type) -> &tokio_postgres::types::Type {
        match t.kind() {
            tokio_postgres::types::Kind::Domain(b) => base(b),
            _ => t,
        }
    }
    // `format_type`'s spelling (as the catalog reports it) of the internal names that differ.
    fn spelled(t: &tokio_postgres::types::Type) -> String {
        match t.name() {
            "timetz" => "time with time zone".into(),
            "varbit" => "bit varying".into(),
            other => other.to_string(),
        }
    }
    let t = base(t);
    match t.kind() {
        tokio_postgres::types::Kind::Array(e) => (
            "text[]",
            DvtType::array(DvtType::Unknown {
                native: spelled(base(e)),
            }),
        ),
        _ => ("text", DvtType::Unknown { native: spelled(t) }),
    }
}

/// `SELECT "a", "b"::text AS "b" FROM (query) AS dvt_t`: the output columns of `query` (by
/// name), those with a cast converted; `None` when two output columns share a name (they
/// cannot be told apart outside the query).
fn text_wrapped(query: &str, names: &[&str], casts: &[Option<&str>]) -> Option<String> {
    let mut seen = std::collections::HashSet::new();
    if !names.iter().all(|n| seen.insert(*n)) {
        return None;
    }
    let cols: Vec<String> = names
        .iter()
        .zip(casts)
        .map(|(n, cast)| {
            let q = TableName::new(None, n).quoted('"');
            match cast {
                Some(c) => format!("{q}::{c} AS {q}"),
                None => q,
            }
        })
        .collect();
    // The newline ends a trailing `--` comment of the query.
    Some(format!(
        "SELECT {} FROM ({query}\n) AS dvt_t",
        cols.join(", ")
    ))
}

/// The query without trailing whitespace and semicolons (it is wrapped in `COPY (…)`).
fn trim_query(q: &str) -> &str {
    q.trim()
        .trim_end_matches(|c: char| c == ';' || c.is_whitespace())
}

/// The rows from which a staged table is analyzed before the query runs over it.
const ANALYZE_ROWS: u64 = 10_000;

/// What runs on an extract's connection before its COPY.
enum Setup {
    /// Nothing.
    None,
    /// Statements (e.g. a snapshot import).
    Sql(String),
    /// Staged inputs loaded into temporary tables.
    Stage(Vec<Staged>),
}

/// A binary COPY started: its schema, its data and what decodes it.
struct Copying {
    schema: SchemaRef,
    copy: tokio_postgres::CopyOutStream,
    decoder: Decoder,
    pump: Pump,
}

/// Drives one binary COPY out of the server into batches.
struct Pump {
    output: String,
    sql: String,
    secrets: Vec<Secret>,
}

impl Pump {
    async fn run(
        &self,
        copy: tokio_postgres::CopyOutStream,
        mut decoder: Decoder,
        tx: &mut mpsc::Sender<Result<RecordBatch>>,
    ) -> Result<()> {
        let size = crate::batch_size();
        let err =
            |m: String| query_error(&self.output, &self.sql, redact_all(&m, self.secrets.iter()));
        let mut copy = std::pin::pin!(copy);
        let mut pending = BytesMut::new();
        let mut ended = false;
        while let Some(chunk) = copy.next().await {
            let chunk = chunk.map_err(|e| {
                err(match e.as_db_error() {
                    Some(db) => format!("{} (SQLSTATE {})", db.message(), db.code().code()),
                    None => e.to_string(),
                })
            })?;
            if ended {
                continue;
            }
            let direct = pending.is_empty();
            if !direct {
                pending.extend_from_slice(&chunk);
            }
            let mut off = 0usize;
            loop {
                let buf: &[u8] = if direct {
                    &chunk[off..]
                } else {
                    &pending[off..]
                };
                let p = decoder.decode(buf, size).map_err(&err)?;
                off += p.consumed;
                if decoder.rows() >= size {
                    let batch = decoder.finish_batch().map_err(&err)?;
                    if tx.send(Ok(batch)).await.is_err() {
                        return Ok(()); // the consumer is gone
                    }
                    continue;
                }
                if p.end {
                    ended = true;
                }
                break;
            }
            if direct {
                if off < chunk.len() && !ended {
                    pending.extend_from_slice(&chunk[off..]);
                }
            } else {
                let _ = pending.split_to(off);
            }
        }
        if !ended {
            return Err(err("the COPY stream ended before its trailer".into()));
        }
        if decoder.rows() > 0 {
            let batch = decoder.finish_batch().map_err(&err)?;
            let _ = tx.send(Ok(batch)).await;
        }
        Ok(())
    }
}

#[async_trait]
impl Connector for PostgresConnector {
    fn output(&self) -> &str {
        &self.output
    }

    fn dialect(&self) -> DbKind {
        DbKind::Postgres
    }

    fn splits_row_ranges(&self) -> bool {
        true
    }

    fn default_schema(&self) -> Option<String> {
        Some(self.schema.clone())
    }

    async fn ping(&self) -> Result<()> {
        let client = self.client().await?;
        self.simple(&client, "SELECT 1").await.map(|_| ())
    }

    async fn catalog(&self, schema: Option<&str>) -> Result<Vec<CatalogTable>> {
        self.catalog_of(schema.unwrap_or(&self.schema), None).await
    }

    async fn table(&self, name: &TableName) -> Result<Option<CatalogTable>> {
        let q = self.qualify(name);
        let schema = q.schema.as_deref().unwrap_or(&self.schema);
        Ok(self
            .catalog_of(schema, Some(&q.name))
            .await?
            .into_iter()
            .next())
    }

    async fn extract(&self, query: &str) -> Result<SchemaStream> {
        self.extract_on_thread(Setup::None, query).await
    }

    async fn extract_partitioned(
        &self,
        query: &str,
        partitioning: &Partitioning,
    ) -> Result<Vec<SchemaStream>> {
        let query = trim_query(query);
        // The coordinator exports a snapshot and holds it until every worker has imported it.
        let coordinator = self.client().await?;
        self.simple(&coordinator, SNAPSHOT_BEGIN).await?;
        let (_, rows) = self
            .simple(&coordinator, "SELECT pg_export_snapshot()")
            .await?;
        let snapshot = rows
            .into_iter()
            .next()
            .and_then(|r| r.into_iter().next().flatten())
            .ok_or_else(|| {
                query_error(&self.output, query, "pg_export_snapshot() returned nothing")
            })?;
        let queries = if partitioning.by_row_ranges() {
            self.row_range_queries(&coordinator, query, partitioning.partitions)
                .await?
        } else {
            self.key_range_queries(&coordinator, query, partitioning)
                .await?
        };
        let out = self.extract_in_snapshot(&snapshot, &queries).await?;
        // Every worker has its snapshot (and its COPY started): the coordinator may go.
        let _ = self.simple(&coordinator, "COMMIT").await;
        Ok(out)
    }

    async fn query_bounds(&self, sql: &str) -> Result<(Option<i64>, Option<i64>)> {
        let client = self.client().await?;
        self.bounds_on(&client, sql).await
    }

    async fn estimate_rows(&self, query: &str) -> Result<Option<u64>> {
        let client = self.client().await?;
        let (_, lines) = self.simple(&client, &format!("EXPLAIN {query}")).await?;
        let top = lines.first().and_then(|l| l.first().cloned().flatten());
        Ok(top.as_deref().and_then(plan_rows))
    }

    async fn execute(&self, sql: &str) -> Result<u64> {
        let client = self.client().await?;
        self.simple(&client, sql).await.map(|(n, _)| n)
    }

    async fn execute_atomic(&self, statements: &[String]) -> Result<()> {
        let mut client = self.client().await?;
        let tx = client
            .transaction()
            .await
            .map_err(|e| self.query_err("BEGIN", &e))?;
        for s in statements {
            tx.simple_query(s)
                .await
                .map_err(|e| self.query_err(s, &e))?;
        }
        tx.commit().await.map_err(|e| self.query_err("COMMIT", &e))
    }

    async fn create_table(&self, name: &TableName, schema: &Schema) -> Result<Vec<TypeLoss>> {
        let (ddl, losses) = create_table_sql('"', DbKind::Postgres, &self.qualify(name), schema);
        self.execute(&ddl).await?;
        Ok(losses)
    }

    async fn drop_table(&self, name: &TableName) -> Result<()> {
        self.execute(&format!(
            "DROP TABLE IF EXISTS {}",
            self.qualify(name).quoted('"')
        ))
        .await
        .map(|_| ())
    }

    async fn extract_staged(&self, staged: Vec<Staged>, query: &str) -> Result<SchemaStream> {
        self.extract_on_thread(Setup::Stage(staged), query).await
    }

    /// On a connection of its own (the temporary tables die with it).
    async fn execute_staged(&self, staged: Vec<Staged>, statements: &str) -> Result<u64> {
        let client = self.client().await?;
        self.stage(&client, staged).await?;
        self.simple(&client, statements).await.map(|(n, _)| n)
    }

    async fn load(&self, name: &TableName, data: SchemaStream) -> Result<u64> {
        let client = self.client().await?;
        self.load_on(&client, name, data).await
    }

    /// By `pg_namespace`: `information_schema.schemata` lists only the schemas the user may
    /// use, so a schema it has no rights on would look missing.
    /// One light query for all the tables (the default reads each table's full catalog entry:
    /// ~10 ms each, twice per load).
    async fn column_shapes(
        &self,
        tables: &[TableName],
    ) -> Result<Vec<Option<Vec<(String, String)>>>> {
        const SQL: &str = "SELECT t.i::int4, a.attname::text, format_type(a.atttypid, a.atttypmod) \
             FROM unnest($1::text[], $2::text[]) WITH ORDINALITY AS t(nsp, rel, i) \
             JOIN pg_namespace n ON n.nspname = t.nsp \
             JOIN pg_class c ON c.relnamespace = n.oid AND c.relname = t.rel \
             LEFT JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped \
             ORDER BY t.i, a.attnum";
        let names: Vec<TableName> = tables.iter().map(|t| self.qualify(t)).collect();
        let schemas: Vec<String> = names
            .iter()
            .map(|t| t.schema.clone().unwrap_or_else(|| self.schema.clone()))
            .collect();
        let rels: Vec<String> = names.iter().map(|t| t.name.clone()).collect();
        let client = self.client().await?;
        let rows = client
            .query(SQL, &[&schemas, &rels])
            .await
            .map_err(|e| self.query_err(SQL, &e))?;
        let mut out: Vec<Option<Vec<(String, String)>>> = vec![None; tables.len()];
        for r in rows {
            let i = usize::try_from(r.get::<_, i32>(0) - 1).unwrap_or(usize::MAX);
            let Some(slot) = out.get_mut(i) else { continue };
            let cols = slot.get_or_insert_with(Vec::new);
            if let (Some(n), Some(t)) =
                (r.get::<_, Option<String>>(1), r.get::<_, Option<String>>(2))
            {
                cols.push((n, t));
            }
        }
        Ok(out)
    }

    /// The names alone (the default reads the schema's whole catalog, columns and types
    /// included: tens of milliseconds on a schema of a few dozen tables, before every load).
    async fn tables_with_prefix(
        &self,
        schema: Option<&str>,
        prefix: &str,
    ) -> Result<Vec<TableName>> {
        const SQL: &str = "SELECT c.relname::text FROM pg_class c \
             JOIN pg_namespace n ON n.oid = c.relnamespace \
             WHERE n.nspname = $1 AND c.relkind IN ('r', 'p', 'v', 'm', 'f') \
             AND left(c.relname, length($2)) = $2 ORDER BY 1";
        let schema = schema.unwrap_or(&self.schema);
        let client = self.client().await?;
        let rows = client
            .query(SQL, &[&schema, &prefix])
            .await
            .map_err(|e| self.query_err(SQL, &e))?;
        Ok(rows
            .iter()
            .map(|r| TableName::new(Some(schema), &r.get::<_, String>(0)))
            .collect())
    }

    async fn schema_exists(&self, schema: &str) -> Result<bool> {
        const SQL: &str = "SELECT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = $1)";
        let client = self.client().await?;
        let row = client
            .query_one(SQL, &[&schema])
            .await
            .map_err(|e| self.query_err(SQL, &e))?;
        Ok(row.get(0))
    }

    async fn replace_table(&self, staging: &TableName, target: &TableName) -> Result<()> {
        let staging = self.qualify(staging);
        let target = self.qualify(target);
        let q = |s: &str| TableName::new(None, s).quoted('"');
        let views = self.dependent_views(&target).await?;
        let drop = if views.is_empty() { "" } else { " CASCADE" };
        let mut stmts = vec![format!("DROP TABLE IF EXISTS {}{drop}", target.quoted('"'))];
        let mut moved = staging.clone();
        if staging.schema != target.schema {
            stmts.push(format!(
                "ALTER TABLE {} SET SCHEMA {}",
                staging.quoted('"'),
                q(target.schema.as_deref().unwrap_or(&self.schema))
            ));
            moved.schema = target.schema.clone();
        }
        if moved.name != target.name {
            stmts.push(format!(
                "ALTER TABLE {} RENAME TO {}",
                moved.quoted('"'),
                q(&target.name)
            ));
        }
        // The views built on the old table (dropped with it) are created again from their
        // saved definitions in the same transaction; one that no longer fits the new table
        // fails the whole swap, and the old table and its views stay as they were.
        stmts.extend(views.iter().map(DependentView::create));
        self.execute_atomic(&stmts).await.map_err(|e| match e {
            IoError::Query { message, sql, .. } if !views.is_empty() => load_error(
                &self.output,
                &target,
                format!(
                    "its new columns do not fit the views built on it ({}): {message} (statement: {sql}); change or drop those views, or keep the model's columns",
                    views.iter().map(|v| v.name.as_str()).collect::<Vec<_>>().join(", ")
                ),
            ),
            other => other,
        })
    }
}

/// The `rows=N` estimate of an `EXPLAIN` line (`Seq Scan on t  (cost=0.00..1.10 rows=10
/// width=4)`), or `None`.
fn plan_rows(line: &str) -> Option<u64> {
    let rest = &line[line.find(" rows=")? + 6..];
    let end = rest
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(rest.len());
    rest[..end].parse().ok()
}

/// A column's distinct values and NULL rows from `pg_stats` (`n_distinct` is a count when
/// positive, minus a fraction of the rows when negative; `null_frac` a fraction of the rows),
/// given the table's row estimate.
fn pg_stats(
    rows: Option<u64>,
    n_distinct: Option<f64>,
    null_frac: Option<f64>,
) -> (Option<u64>, Option<u64>) {
    let share = |f: f64| rows.map(|r| (r as f64 * f).round() as u64);
    let distinct = match n_distinct {
        Some(d) if d >= 0.0 => Some(d.round() as u64),
        Some(d) => share(-d),
        None => None,
    };
    (distinct, null_frac.and_then(share))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plan_rows_reads_the_top_node_estimate() {
        let line = "Gather  (cost=1000.00..160350.12 rows=75316 width=24)";
        assert_eq!(plan_rows(line), Some(75316));
        assert_eq!(
            plan_rows("Result  (cost=0.00..0.01 rows=1 width=4)"),
            Some(1)
        );
        assert_eq!(plan_rows("Seq Scan on t"), None);
        assert_eq!(plan_rows("x (rows=)"), None);
    }

    #[test]
    fn queries_are_trimmed_and_options_escaped() {
        assert_eq!(trim_query("  SELECT 1 ;\n ; "), "SELECT 1");
        assert_eq!(
            text_wrapped("SELECT 1", &["a", "b\"c"], &[None, Some("text")]).as_deref(),
            Some("SELECT \"a\", \"b\"\"c\"::text AS \"b\"\"c\" FROM (SELECT 1\n) AS dvt_t")
        );
        assert_eq!(
            text_wrapped("SELECT 1", &["a", "a"], &[None, Some("text")]),
            None
        );
        assert_eq!(
            startup_option("search_path", "\"my schema\",public"),
            "-c search_path=\"my\\ schema\",public"
        );
    }
}
