//! `dvt-testkit`: test support for the throwaway database servers that `scripts/services.sh`
//! starts on 127.0.0.1 (PostgreSQL, MariaDB and the fakesnow Snowflake emulator), so tests can
//! run real SQL and compare results.
//!
//! `./scripts/test.sh` starts the servers, exports their coordinates and stops them afterwards.
//! By hand: `scripts/services.sh start && source .dvt-services/env`, then `cargo test`.
//!
//! | variable | meaning |
//! |---|---|
//! | `DVT_TEST_SERVICES` | `1` when the services run; unset means "skip the tests that need them" |
//! | `DVT_TEST_PG_HOST`, `DVT_TEST_PG_PORT`, `DVT_TEST_PG_USER`, `DVT_TEST_PG_DB` | PostgreSQL (trust auth) |
//! | `DVT_TEST_PG_PW_USER`, `DVT_TEST_PG_PW_PASSWORD` | a PostgreSQL role that must log in with this password |
//! | `DVT_TEST_MARIA_HOST`, `DVT_TEST_MARIA_PORT`, `DVT_TEST_MARIA_USER`, `DVT_TEST_MARIA_DB` | MariaDB (root, empty password) |
//! | `DVT_TEST_SNOW_HOST`, `DVT_TEST_SNOW_PORT`, `DVT_TEST_SNOW_URL`, `DVT_TEST_SNOW_ACCOUNT`, `DVT_TEST_SNOW_USER`, `DVT_TEST_SNOW_PASSWORD`, `DVT_TEST_SNOW_DB` | the Snowflake emulator (fakesnow behind its JSON proxy, plain http; the proxy checks the password) |
//! | `DVT_TEST_SPARK_REMOTE` | the Spark Connect server (`sc://127.0.0.1:PORT`); empty when `DVT_SERVICES_SPARK=0` skipped it |
//! | `DVT_TEST_PG_TLS_HOST`, `DVT_TEST_PG_TLS_PORT`, `DVT_TEST_MARIA_TLS_HOST`, `DVT_TEST_MARIA_TLS_PORT` | a second PostgreSQL and MariaDB with TLS (same users and database as the plain ones; TLS and plaintext accepted) |
//! | `DVT_TEST_TLS_CA`, `DVT_TEST_TLS_WRONG_CA`, `DVT_TEST_TLS_CLIENT_CERT`, `DVT_TEST_TLS_CLIENT_KEY` | the CA that signed the TLS servers' certificate (for 127.0.0.1 and localhost), an unrelated CA, a client certificate (CN `dvt_client`) and its key (PEM files) |
//!
//! [`postgres()`] / [`mariadb()`] return `None` when `DVT_TEST_SERVICES` is unset (the test prints
//! a "skipped: …" note and returns — [`require_postgres!`] / [`require_mariadb!`] do both) and
//! panic when it is `1` but a variable is missing, so a CI run can never skip silently.
//!
//! Every test should work in its own database ([`unique_name`], [`PgService::temp_database`]) so
//! tests can run in parallel. Results come back as text ([`Rows`]): PostgreSQL through the simple
//! query protocol, MariaDB through the text protocol, NULL as `None`.
//!
//! ```no_run
//! let Some(pg) = dvt_testkit::postgres() else {
//!     eprintln!("skipped: no PostgreSQL (run ./scripts/test.sh)");
//!     return;
//! };
//! let db = pg.temp_database("example");
//! db.execute_batch("CREATE TABLE t (a int, b text); INSERT INTO t VALUES (1, NULL)");
//! assert_eq!(db.query_strings("SELECT a, b FROM t"), vec![vec![Some("1".to_string()), None]]);
//! ```
//!
//! The methods are synchronous (they drive a shared tokio runtime) and may also be called from
//! inside an async test: they then run on a helper thread. The panicking methods name the server,
//! the database and the SQL; the `try_` variants return an [`Error`] instead.

use std::fmt;
use std::future::Future;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// Rows as text: one `Vec` per row, one `Option<String>` per column, `None` for SQL NULL.
pub type Rows = Vec<Vec<Option<String>>>;

/// The variable that says the test services run (`1`).
pub const SERVICES_VAR: &str = "DVT_TEST_SERVICES";

const NOT_RUNNING: &str = "the test services are not running: run ./scripts/test.sh, or \
                           `scripts/services.sh start && source .dvt-services/env`";

const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// A failed connection or statement on a test server.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    message: String,
    sqlstate: Option<String>,
}

impl Error {
    fn new(message: impl Into<String>) -> Self {
        Self {
            message: message.into(),
            sqlstate: None,
        }
    }

    /// The server's message, prefixed with the server and database.
    pub fn message(&self) -> &str {
        &self.message
    }

    /// The SQLSTATE the server reported (e.g. `42P01`, `42S02`), if it reported one.
    pub fn sqlstate(&self) -> Option<&str> {
        self.sqlstate.as_deref()
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.sqlstate {
            Some(state) => write!(f, "{} (SQLSTATE {state})", self.message),
            None => f.write_str(&self.message),
        }
    }
}

impl std::error::Error for Error {}

/// `true` when `DVT_TEST_SERVICES=1`: the throwaway servers run and their variables are set.
pub fn services_enabled() -> bool {
    std::env::var(SERVICES_VAR).is_ok_and(|v| v.trim() == "1")
}

struct Coordinates {
    host: String,
    port: u16,
    user: String,
    db: String,
}

fn coordinates(prefix: &str) -> Option<Coordinates> {
    if !services_enabled() {
        return None;
    }
    let var = |suffix: &str| -> String {
        let name = format!("DVT_TEST_{prefix}_{suffix}");
        match std::env::var(&name) {
            Ok(v) if !v.trim().is_empty() => v.trim().to_string(),
            _ => panic!("{SERVICES_VAR}=1 but {name} is not set — {NOT_RUNNING}"),
        }
    };
    let port_text = var("PORT");
    let port = port_text.parse().unwrap_or_else(|_| {
        panic!("DVT_TEST_{prefix}_PORT={port_text:?} is not a port number — {NOT_RUNNING}")
    });
    Some(Coordinates {
        host: var("HOST"),
        port,
        user: var("USER"),
        db: var("DB"),
    })
}

/// The PostgreSQL test server, or `None` when the services are not enabled.
///
/// # Panics
/// When `DVT_TEST_SERVICES=1` but a `DVT_TEST_PG_*` variable is missing or invalid.
pub fn postgres() -> Option<PgService> {
    coordinates("PG").map(|c| {
        let var = |name: &str| {
            std::env::var(name)
                .ok()
                .filter(|v| !v.trim().is_empty())
                .unwrap_or_else(|| panic!("{SERVICES_VAR}=1 but {name} is not set — {NOT_RUNNING}"))
        };
        PgService {
            host: c.host,
            port: c.port,
            user: c.user,
            db: c.db,
            password_user: var("DVT_TEST_PG_PW_USER"),
            password: var("DVT_TEST_PG_PW_PASSWORD"),
        }
    })
}

/// The MariaDB test server, or `None` when the services are not enabled.
///
/// # Panics
/// When `DVT_TEST_SERVICES=1` but a `DVT_TEST_MARIA_*` variable is missing or invalid.
pub fn mariadb() -> Option<MariaService> {
    coordinates("MARIA").map(|c| MariaService {
        host: c.host,
        port: c.port,
        user: c.user,
        db: c.db,
    })
}

/// The Snowflake emulator, or `None` when the services are not enabled.
///
/// # Panics
/// When `DVT_TEST_SERVICES=1` but a `DVT_TEST_SNOW_*` variable is missing or invalid.
pub fn snowflake() -> Option<SnowService> {
    let c = coordinates("SNOW")?;
    let var = |suffix: &str| -> String {
        let name = format!("DVT_TEST_SNOW_{suffix}");
        match std::env::var(&name) {
            Ok(v) if !v.trim().is_empty() => v.trim().to_string(),
            _ => panic!("{SERVICES_VAR}=1 but {name} is not set — {NOT_RUNNING}"),
        }
    };
    Some(SnowService {
        url: var("URL"),
        account: var("ACCOUNT"),
        password: var("PASSWORD"),
        host: c.host,
        port: c.port,
        user: c.user,
        database: c.db,
    })
}

/// The TLS test servers: a PostgreSQL and a MariaDB started with TLS, and the certificate files.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TlsService {
    /// The PostgreSQL TLS server (user `postgres`, trust auth, database `dvt_test`).
    pub pg_host: String,
    /// Its port.
    pub pg_port: u16,
    /// The MariaDB TLS server (user `root`, empty password, database `dvt_test`).
    pub maria_host: String,
    /// Its port.
    pub maria_port: u16,
    /// The CA certificate that signed both servers' certificate.
    pub ca: std::path::PathBuf,
    /// A CA certificate that signed nothing here.
    pub wrong_ca: std::path::PathBuf,
    /// A client certificate signed by [`TlsService::ca`] (CN `dvt_client`).
    pub client_cert: std::path::PathBuf,
    /// Its private key.
    pub client_key: std::path::PathBuf,
}

/// The TLS test servers, or `None` when the services are not enabled.
///
/// # Panics
/// When `DVT_TEST_SERVICES=1` but a `DVT_TEST_*_TLS_*` / `DVT_TEST_TLS_*` variable is missing
/// or invalid.
pub fn tls() -> Option<TlsService> {
    if !services_enabled() {
        return None;
    }
    let var = |name: &str| -> String {
        match std::env::var(name) {
            Ok(v) if !v.trim().is_empty() => v.trim().to_string(),
            _ => panic!("{SERVICES_VAR}=1 but {name} is not set — {NOT_RUNNING}"),
        }
    };
    let port = |name: &str| -> u16 {
        let v = var(name);
        v.parse()
            .unwrap_or_else(|_| panic!("{name}={v:?} is not a port number — {NOT_RUNNING}"))
    };
    let file = |name: &str| -> std::path::PathBuf {
        let p = std::path::PathBuf::from(var(name));
        assert!(
            p.is_file(),
            "{name}={} is not a file — {NOT_RUNNING}",
            p.display()
        );
        p
    };
    Some(TlsService {
        pg_host: var("DVT_TEST_PG_TLS_HOST"),
        pg_port: port("DVT_TEST_PG_TLS_PORT"),
        maria_host: var("DVT_TEST_MARIA_TLS_HOST"),
        maria_port: port("DVT_TEST_MARIA_TLS_PORT"),
        ca: file("DVT_TEST_TLS_CA"),
        wrong_ca: file("DVT_TEST_TLS_WRONG_CA"),
        client_cert: file("DVT_TEST_TLS_CLIENT_CERT"),
        client_key: file("DVT_TEST_TLS_CLIENT_KEY"),
    })
}

/// The TLS test servers (`let tls = require_tls!();`), or prints `skipped: …` and `return`s
/// from the calling test when the services are not enabled.
#[macro_export]
macro_rules! require_tls {
    () => {
        match $crate::tls() {
            Some(service) => service,
            None => {
                eprintln!(
                    "skipped: no TLS test servers ({} is not set; run ./scripts/test.sh)",
                    $crate::SERVICES_VAR
                );
                return;
            }
        }
    };
}

/// The Snowflake emulator's coordinates (`scripts/services.sh`: fakesnow behind
/// `scripts/fakesnow_json_proxy.py`, plain http on 127.0.0.1). Every login gets its own
/// schema when the test names one (`unique_name`); the database is created on login.
#[derive(Debug, Clone)]
pub struct SnowService {
    /// `127.0.0.1`.
    pub host: String,
    /// The proxy's port.
    pub port: u16,
    /// `http://127.0.0.1:<port>`.
    pub url: String,
    /// The account name to log in with (the emulator accepts any).
    pub account: String,
    /// The user to log in with.
    pub user: String,
    /// The only password the proxy accepts.
    pub password: String,
    /// The database to use.
    pub database: String,
}

/// The Snowflake emulator (`let snow = require_snowflake!();`), or prints `skipped: …` and
/// `return`s from the calling test when the services are not enabled.
#[macro_export]
macro_rules! require_snowflake {
    () => {
        match $crate::snowflake() {
            Some(service) => service,
            None => {
                eprintln!(
                    "skipped: no Snowflake emulator ({} is not set; run ./scripts/test.sh)",
                    $crate::SERVICES_VAR
                );
                return;
            }
        }
    };
}

/// The PostgreSQL test server (`let pg = require_postgres!();`), or prints
/// `skipped: …` and `return`s from the calling test when the services are not enabled.
#[macro_export]
macro_rules! require_postgres {
    () => {
        match $crate::postgres() {
            Some(service) => service,
            None => {
                eprintln!(
                    "skipped: no PostgreSQL test server ({} is not set; run ./scripts/test.sh)",
                    $crate::SERVICES_VAR
                );
                return;
            }
        }
    };
}

/// The MariaDB test server (`let maria = require_mariadb!();`), or prints
/// `skipped: …` and `return`s from the calling test when the services are not enabled.
#[macro_export]
macro_rules! require_mariadb {
    () => {
        match $crate::mariadb() {
            Some(service) => service,
            None => {
                eprintln!(
                    "skipped: no MariaDB test server ({} is not set; run ./scripts/test.sh)",
                    $crate::SERVICES_VAR
                );
                return;
            }
        }
    };
}

/// The variable holding the Spark Connect test server's address.
pub const SPARK_REMOTE_VAR: &str = "DVT_TEST_SPARK_REMOTE";

/// The Spark Connect test server `scripts/services.sh` started (with the PostgreSQL, MariaDB
/// and SQLite JDBC drivers on its class path).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SparkService {
    /// Its address, `sc://127.0.0.1:PORT`.
    pub remote: String,
}

/// The Spark Connect test server, or `None` when the services are not enabled or were started
/// without Spark (`DVT_SERVICES_SPARK=0` writes an empty `DVT_TEST_SPARK_REMOTE`).
///
/// # Panics
/// When `DVT_TEST_SERVICES=1` but `DVT_TEST_SPARK_REMOTE` is not set at all, or is not an
/// `sc://` address.
pub fn spark() -> Option<SparkService> {
    if !services_enabled() {
        return None;
    }
    let remote = match std::env::var(SPARK_REMOTE_VAR) {
        Ok(v) => v.trim().to_string(),
        Err(_) => panic!("{SERVICES_VAR}=1 but {SPARK_REMOTE_VAR} is not set — {NOT_RUNNING}"),
    };
    if remote.is_empty() {
        return None;
    }
    assert!(
        remote.starts_with("sc://"),
        "{SPARK_REMOTE_VAR}={remote:?} is not an sc://host:port address — {NOT_RUNNING}"
    );
    Some(SparkService { remote })
}

/// The Spark Connect test server (`let spark = require_spark!();`), or prints `skipped: …` and
/// `return`s from the calling test when the services (or Spark among them) are not enabled.
#[macro_export]
macro_rules! require_spark {
    () => {
        match $crate::spark() {
            Some(service) => service,
            None => {
                eprintln!(
                    "skipped: no Spark Connect test server ({} is not set or {} is empty; run ./scripts/test.sh)",
                    $crate::SERVICES_VAR,
                    $crate::SPARK_REMOTE_VAR
                );
                return;
            }
        }
    };
}

/// A name for a per-test database or schema that no other test (in this or another process)
/// uses: `<prefix>_<pid>_<counter>_<nanos>`, lowercase ASCII letters, digits and `_`, at most
/// 63 bytes (PostgreSQL's identifier limit), so it needs no quoting.
pub fn unique_name(prefix: &str) -> String {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let mut clean: String = prefix
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '_'
            }
        })
        .take(28)
        .collect();
    if !clean.starts_with(|c: char| c.is_ascii_lowercase() || c == '_') {
        clean.insert(0, 't');
    }
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    format!(
        "{clean}_{}_{n}_{:x}",
        std::process::id(),
        nanos & 0xff_ffff_ffff
    )
}

fn runtime() -> &'static tokio::runtime::Runtime {
    static RUNTIME: OnceLock<tokio::runtime::Runtime> = OnceLock::new();
    RUNTIME.get_or_init(|| {
        tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .thread_name("dvt-testkit")
            .enable_all()
            .build()
            .expect("dvt-testkit: cannot build a tokio runtime")
    })
}

/// Runs `fut` to completion on the shared runtime; from inside a runtime, on a helper thread.
fn block_on<F>(fut: F) -> F::Output
where
    F: Future + Send,
    F::Output: Send,
{
    if tokio::runtime::Handle::try_current().is_ok() {
        std::thread::scope(|s| match s.spawn(|| runtime().block_on(fut)).join() {
            Ok(out) => out,
            Err(panic) => std::panic::resume_unwind(panic),
        })
    } else {
        runtime().block_on(fut)
    }
}

fn excerpt(sql: &str) -> String {
    const MAX: usize = 400;
    let sql = sql.trim();
    match sql.char_indices().nth(MAX) {
        Some((i, _)) => format!("{}…", &sql[..i]),
        None => sql.to_string(),
    }
}

fn quote_ident(name: &str, quote: char) -> String {
    let doubled: String = name
        .chars()
        .flat_map(|c| if c == quote { vec![c, c] } else { vec![c] })
        .collect();
    format!("{quote}{doubled}{quote}")
}

/// What both test servers offer; lets a test (and [`TempDatabase`]) be written once for both.
pub trait TestServer {
    /// A short label for messages, e.g. `postgres 127.0.0.1:5432`.
    fn label(&self) -> String;
    /// Creates database `name`.
    fn try_create_database(&self, name: &str) -> Result<(), Error>;
    /// Drops database `name` if it exists (closing other sessions on it where possible).
    fn try_drop_database(&self, name: &str) -> Result<(), Error>;
    /// Runs one or more `;`-separated statements in database `db`.
    fn try_execute_batch(&self, db: &str, sql: &str) -> Result<(), Error>;
    /// Runs `sql` in database `db` and returns the rows of every result set, in order, as text.
    fn try_query_strings(&self, db: &str, sql: &str) -> Result<Rows, Error>;
}

/// Drops its database when it goes out of scope (also when the test panics).
pub struct TempDatabase<'a, S: TestServer + ?Sized> {
    server: &'a S,
    name: String,
}

impl<S: TestServer + ?Sized> TempDatabase<'_, S> {
    /// The database's name (from [`unique_name`]).
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Runs statements in this database; panics with the server's message on error.
    pub fn execute_batch(&self, sql: &str) {
        expect_ok(
            self.server,
            &self.name,
            sql,
            self.server.try_execute_batch(&self.name, sql),
        );
    }

    /// Rows of `sql` in this database, as text; panics with the server's message on error.
    pub fn query_strings(&self, sql: &str) -> Rows {
        expect_ok(
            self.server,
            &self.name,
            sql,
            self.server.try_query_strings(&self.name, sql),
        )
    }

    /// Runs statements in this database.
    pub fn try_execute_batch(&self, sql: &str) -> Result<(), Error> {
        self.server.try_execute_batch(&self.name, sql)
    }

    /// Rows of `sql` in this database, as text.
    pub fn try_query_strings(&self, sql: &str) -> Result<Rows, Error> {
        self.server.try_query_strings(&self.name, sql)
    }
}

impl<S: TestServer + ?Sized> Drop for TempDatabase<'_, S> {
    fn drop(&mut self) {
        if let Err(e) = self.server.try_drop_database(&self.name) {
            eprintln!(
                "dvt-testkit: could not drop test database {}: {e}",
                self.name
            );
        }
    }
}

impl<S: TestServer + ?Sized> fmt::Debug for TempDatabase<'_, S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TempDatabase")
            .field("server", &self.server.label())
            .field("name", &self.name)
            .finish()
    }
}

fn expect_ok<T, S: TestServer + ?Sized>(server: &S, db: &str, sql: &str, r: Result<T, Error>) -> T {
    r.unwrap_or_else(|e| {
        panic!(
            "{} database {db}: {e}\n  SQL: {}",
            server.label(),
            excerpt(sql)
        )
    })
}

fn temp_database<'a, S: TestServer + ?Sized>(server: &'a S, prefix: &str) -> TempDatabase<'a, S> {
    let name = unique_name(prefix);
    if let Err(e) = server.try_create_database(&name) {
        panic!(
            "{}: cannot create test database {name}: {e}",
            server.label()
        );
    }
    TempDatabase { server, name }
}

// --- PostgreSQL ------------------------------------------------------------------------------

/// The PostgreSQL test server (trust authentication, no password, except for
/// [`PgService::password_user`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PgService {
    /// Host, `127.0.0.1`.
    pub host: String,
    /// TCP port.
    pub port: u16,
    /// User, `postgres` (a superuser).
    pub user: String,
    /// The database the services create, `dvt_test`.
    pub db: String,
    /// A superuser that must authenticate with [`PgService::password`] (scram-sha-256), for
    /// tests of wrong passwords.
    pub password_user: String,
    /// The password of [`PgService::password_user`].
    pub password: String,
}

impl PgService {
    /// A libpq key/value connection string for database `db`.
    pub fn connection_string(&self, db: &str) -> String {
        format!(
            "host={} port={} user={} dbname={}",
            self.host, self.port, self.user, db
        )
    }

    /// A `postgres://user@host:port/db` URL.
    pub fn url(&self, db: &str) -> String {
        format!(
            "postgres://{}@{}:{}/{}",
            self.user, self.host, self.port, db
        )
    }

    async fn connect(&self, db: &str) -> Result<tokio_postgres::Client, Error> {
        let mut config = tokio_postgres::Config::new();
        config
            .host(&self.host)
            .port(self.port)
            .user(&self.user)
            .dbname(db)
            .application_name("dvt-testkit")
            .connect_timeout(CONNECT_TIMEOUT);
        let (client, connection) = config
            .connect(tokio_postgres::NoTls)
            .await
            .map_err(|e| self.error(db, &e))?;
        tokio::spawn(async move {
            // Ends when the client is dropped; errors surface through the client's calls.
            let _ = connection.await;
        });
        Ok(client)
    }

    fn error(&self, db: &str, e: &tokio_postgres::Error) -> Error {
        match e.as_db_error() {
            Some(db_error) => Error {
                message: format!("{} database {db}: {db_error}", self.label()),
                sqlstate: Some(db_error.code().code().to_string()),
            },
            None => Error::new(format!("{} database {db}: {e}", self.label())),
        }
    }

    /// Creates database `name`; panics on error.
    pub fn create_database(&self, name: &str) {
        if let Err(e) = self.try_create_database(name) {
            panic!("{e}");
        }
    }

    /// Drops database `name` if it exists (`WITH (FORCE)`); panics on error.
    pub fn drop_database(&self, name: &str) {
        if let Err(e) = self.try_drop_database(name) {
            panic!("{e}");
        }
    }

    /// A fresh database named by [`unique_name`]`(prefix)`, dropped when the guard drops.
    pub fn temp_database(&self, prefix: &str) -> TempDatabase<'_, Self> {
        temp_database(self, prefix)
    }

    /// Runs `;`-separated statements in database `db` (simple query protocol); panics on error.
    pub fn execute_batch(&self, db: &str, sql: &str) {
        expect_ok(self, db, sql, self.try_execute_batch(db, sql));
    }

    /// Runs `sql` in database `db` through the simple query protocol and returns the rows of
    /// every statement, in order, as PostgreSQL's text output (`t`/`f` for booleans, NULL as
    /// `None`); panics on error.
    pub fn query_strings(&self, db: &str, sql: &str) -> Rows {
        expect_ok(self, db, sql, self.try_query_strings(db, sql))
    }
}

impl TestServer for PgService {
    fn label(&self) -> String {
        format!("postgres {}:{}", self.host, self.port)
    }

    fn try_create_database(&self, name: &str) -> Result<(), Error> {
        let sql = format!("CREATE DATABASE {}", quote_ident(name, '"'));
        self.try_execute_batch(&self.db, &sql)
    }

    fn try_drop_database(&self, name: &str) -> Result<(), Error> {
        let sql = format!(
            "DROP DATABASE IF EXISTS {} WITH (FORCE)",
            quote_ident(name, '"')
        );
        self.try_execute_batch(&self.db, &sql)
    }

    fn try_execute_batch(&self, db: &str, sql: &str) -> Result<(), Error> {
        block_on(async {
            let client = self.connect(db).await?;
            client
                .batch_execute(sql)
                .await
                .map_err(|e| self.error(db, &e))
        })
    }

    fn try_query_strings(&self, db: &str, sql: &str) -> Result<Rows, Error> {
        block_on(async {
            let client = self.connect(db).await?;
            let messages = client
                .simple_query(sql)
                .await
                .map_err(|e| self.error(db, &e))?;
            Ok(messages
                .iter()
                .filter_map(|m| match m {
                    tokio_postgres::SimpleQueryMessage::Row(row) => Some(
                        (0..row.len())
                            .map(|i| row.get(i).map(str::to_string))
                            .collect(),
                    ),
                    _ => None,
                })
                .collect())
        })
    }
}

// --- MariaDB ---------------------------------------------------------------------------------

/// The MariaDB test server (`root` with an empty password, over TCP).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MariaService {
    /// Host, `127.0.0.1`.
    pub host: String,
    /// TCP port.
    pub port: u16,
    /// User, `root`.
    pub user: String,
    /// The database the services create, `dvt_test`.
    pub db: String,
}

impl MariaService {
    /// A `mysql://user@host:port/db` URL.
    pub fn url(&self, db: &str) -> String {
        format!("mysql://{}@{}:{}/{}", self.user, self.host, self.port, db)
    }

    async fn connect(&self, db: &str) -> Result<mysql_async::Conn, Error> {
        let opts = mysql_async::OptsBuilder::default()
            .ip_or_hostname(self.host.clone())
            .tcp_port(self.port)
            .user(Some(self.user.clone()))
            .db_name(Some(db.to_string()))
            .prefer_socket(false);
        match tokio::time::timeout(CONNECT_TIMEOUT, mysql_async::Conn::new(opts)).await {
            Ok(conn) => conn.map_err(|e| self.error(db, e)),
            Err(_) => Err(Error::new(format!(
                "{} database {db}: connection timed out after {CONNECT_TIMEOUT:?}",
                self.label()
            ))),
        }
    }

    fn error(&self, db: &str, e: mysql_async::Error) -> Error {
        match e {
            mysql_async::Error::Server(server) => Error {
                message: format!(
                    "{} database {db}: ERROR {}: {}",
                    self.label(),
                    server.code,
                    server.message
                ),
                sqlstate: Some(server.state),
            },
            other => Error::new(format!("{} database {db}: {other}", self.label())),
        }
    }

    /// Creates database `name`; panics on error.
    pub fn create_database(&self, name: &str) {
        if let Err(e) = self.try_create_database(name) {
            panic!("{e}");
        }
    }

    /// Drops database `name` if it exists; panics on error.
    pub fn drop_database(&self, name: &str) {
        if let Err(e) = self.try_drop_database(name) {
            panic!("{e}");
        }
    }

    /// A fresh database named by [`unique_name`]`(prefix)`, dropped when the guard drops.
    pub fn temp_database(&self, prefix: &str) -> TempDatabase<'_, Self> {
        temp_database(self, prefix)
    }

    /// Runs `;`-separated statements in database `db` (text protocol); panics on error.
    pub fn execute_batch(&self, db: &str, sql: &str) {
        expect_ok(self, db, sql, self.try_execute_batch(db, sql));
    }

    /// Runs `sql` in database `db` through the text protocol and returns the rows of every result
    /// set, in order, as the server's text (NULL as `None`); panics on error.
    pub fn query_strings(&self, db: &str, sql: &str) -> Rows {
        expect_ok(self, db, sql, self.try_query_strings(db, sql))
    }
}

fn maria_text(value: mysql_async::Value) -> Option<String> {
    use mysql_async::Value;
    match value {
        Value::NULL => None,
        Value::Bytes(bytes) => Some(String::from_utf8_lossy(&bytes).into_owned()),
        Value::Int(v) => Some(v.to_string()),
        Value::UInt(v) => Some(v.to_string()),
        Value::Float(v) => Some(v.to_string()),
        Value::Double(v) => Some(v.to_string()),
        Value::Date(y, mo, d, h, mi, s, us) => Some(if (h, mi, s, us) == (0, 0, 0, 0) {
            format!("{y:04}-{mo:02}-{d:02}")
        } else if us == 0 {
            format!("{y:04}-{mo:02}-{d:02} {h:02}:{mi:02}:{s:02}")
        } else {
            format!("{y:04}-{mo:02}-{d:02} {h:02}:{mi:02}:{s:02}.{us:06}")
        }),
        Value::Time(neg, days, h, mi, s, us) => {
            let sign = if neg { "-" } else { "" };
            let hours = u64::from(days) * 24 + u64::from(h);
            Some(if us == 0 {
                format!("{sign}{hours:02}:{mi:02}:{s:02}")
            } else {
                format!("{sign}{hours:02}:{mi:02}:{s:02}.{us:06}")
            })
        }
    }
}

impl TestServer for MariaService {
    fn label(&self) -> String {
        format!("mariadb {}:{}", self.host, self.port)
    }

    fn try_create_database(&self, name: &str) -> Result<(), Error> {
        let sql = format!("CREATE DATABASE {}", quote_ident(name, '`'));
        self.try_execute_batch(&self.db, &sql)
    }

    fn try_drop_database(&self, name: &str) -> Result<(), Error> {
        let sql = format!("DROP DATABASE IF EXISTS {}", quote_ident(name, '`'));
        self.try_execute_batch(&self.db, &sql)
    }

    fn try_execute_batch(&self, db: &str, sql: &str) -> Result<(), Error> {
        use mysql_async::prelude::Queryable;
        block_on(async {
            let mut conn = self.connect(db).await?;
            let result = conn.query_drop(sql).await.map_err(|e| self.error(db, e));
            let _ = conn.disconnect().await;
            result
        })
    }

    fn try_query_strings(&self, db: &str, sql: &str) -> Result<Rows, Error> {
        use mysql_async::prelude::Queryable;
        block_on(async {
            let mut conn = self.connect(db).await?;
            let rows = async {
                let mut result = conn.query_iter(sql).await?;
                let mut rows = Rows::new();
                loop {
                    let set: Vec<mysql_async::Row> = result.collect().await?;
                    rows.extend(set.into_iter().map(|row| {
                        row.unwrap_raw()
                            .into_iter()
                            .map(|v| v.and_then(maria_text))
                            .collect()
                    }));
                    if result.is_empty() {
                        break;
                    }
                }
                Ok::<_, mysql_async::Error>(rows)
            }
            .await
            .map_err(|e| self.error(db, e));
            let _ = conn.disconnect().await;
            rows
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unique_names_are_distinct_plain_identifiers() {
        let a = unique_name("Translate-Test");
        let b = unique_name("Translate-Test");
        assert_ne!(a, b);
        assert!(a.starts_with("translate_test_"), "{a}");
        let long = unique_name(&"x".repeat(200));
        assert!(long.len() <= 63, "{long}");
        assert!(unique_name("1abc").starts_with("t1abc_"));
        for name in [&a, &b, &long] {
            assert!(
                name.chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
            );
        }
    }

    #[test]
    fn identifiers_are_quoted() {
        assert_eq!(quote_ident(r#"a"b"#, '"'), r#""a""b""#);
        assert_eq!(quote_ident("a`b", '`'), "`a``b`");
    }

    #[test]
    fn maria_values_render_as_text() {
        use mysql_async::Value;
        assert_eq!(maria_text(Value::NULL), None);
        assert_eq!(
            maria_text(Value::Bytes(b"x".to_vec())).as_deref(),
            Some("x")
        );
        assert_eq!(maria_text(Value::Int(-3)).as_deref(), Some("-3"));
        assert_eq!(
            maria_text(Value::Date(2024, 2, 29, 0, 0, 0, 0)).as_deref(),
            Some("2024-02-29")
        );
        assert_eq!(
            maria_text(Value::Time(true, 1, 2, 3, 4, 5)).as_deref(),
            Some("-26:03:04.000005")
        );
    }

    #[test]
    fn long_sql_is_shortened_in_messages() {
        let s = excerpt(&"é".repeat(1000));
        assert_eq!(s.chars().count(), 401);
    }
}
