//! TLS and timeouts of the PostgreSQL and MySQL/MariaDB connectors.
//!
//! TLS runs against the second PostgreSQL and MariaDB that `scripts/services.sh start` starts with
//! TLS (`DVT_TEST_PG_TLS_*`, `DVT_TEST_MARIA_TLS_*`, the CA files `DVT_TEST_TLS_*`), and against
//! the plain servers for "TLS required but the server has none". Whether a session is encrypted is
//! asked on the server, through the connector's own session. Skipped (with a note) when
//! `DVT_TEST_SERVICES` is unset; a missing TLS variable with it set fails.
//!
//! The connect-timeout tests need no server: a local listener accepts and never answers.

use std::path::Path;
use std::time::{Duration, Instant};

use arrow_array::RecordBatch;
use arrow_cast::display::array_value_to_string;
use dvt_connectors::mysql::MysqlConnector;
use dvt_connectors::postgres::PostgresConnector;
use dvt_core::profiles::{Connection, DbKind};
use dvt_core::secret::Secret;
use dvt_io::Error as IoError;
use dvt_io::connector::Connector;
use futures::TryStreamExt;

const PASSWORD: &str = "pw-Never-Shown-9931";

fn pg_conn(host: &str, port: u16, settings: &[(&str, &str)]) -> Connection {
    let mut c = Connection {
        host: Some(host.to_string()),
        port: Some(port),
        user: Some("postgres".into()),
        database: Some("dvt_test".into()),
        // trust auth: the password is never asked for, but must never show either
        password: Some(Secret::new(PASSWORD)),
        ..Connection::new("pg_tls_out", DbKind::Postgres)
    };
    for (k, v) in settings {
        c.extra.insert(k.to_string(), v.to_string());
    }
    c
}

fn maria_conn(host: &str, port: u16, settings: &[(&str, &str)]) -> Connection {
    let mut c = Connection {
        host: Some(host.to_string()),
        port: Some(port),
        user: Some("root".into()),
        database: Some("dvt_test".into()),
        schema: Some("dvt_test".into()),
        ..Connection::new("maria_tls_out", DbKind::MariaDb)
    };
    for (k, v) in settings {
        c.extra.insert(k.to_string(), v.to_string());
    }
    c
}

fn path(p: &Path) -> &str {
    p.to_str().expect("utf-8 path")
}

/// The first row of a query's result, as text, through the connector's extract.
async fn first_row(c: &dyn Connector, sql: &str) -> Vec<String> {
    let s = c
        .extract(sql)
        .await
        .unwrap_or_else(|e| panic!("{sql}: {e}"));
    let batches: Vec<RecordBatch> = s.stream.try_collect().await.expect("stream");
    let b = batches.iter().find(|b| b.num_rows() > 0).expect("a row");
    (0..b.num_columns())
        .map(|i| array_value_to_string(b.column(i), 0).unwrap())
        .collect()
}

async fn pg_ssl(c: &PostgresConnector) -> String {
    first_row(
        c,
        "SELECT ssl::text, coalesce(client_dn, '') FROM pg_stat_ssl WHERE pid = pg_backend_pid()",
    )
    .await
    .join("|")
}

async fn maria_cipher(c: &MysqlConnector) -> String {
    first_row(c, "SHOW SESSION STATUS LIKE 'Ssl_cipher'").await[1].clone()
}

fn assert_dvt120(e: &IoError, output: &str, needles: &[&str]) {
    assert_eq!(e.code(), "DVT120", "{e}");
    let msg = e.to_string();
    assert!(msg.contains(output), "{msg}");
    for n in needles {
        assert!(msg.contains(n), "{n:?} not in: {msg}");
    }
    assert!(!msg.contains(PASSWORD), "{msg}");
    assert!(!format!("{e:?}").contains(PASSWORD));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_require_and_verify_modes_are_encrypted() {
    let tls = dvt_testkit::require_tls!();
    let ca = path(&tls.ca);
    for settings in [
        vec![("sslmode", "require")],
        vec![("sslmode", "require"), ("sslrootcert", ca)],
        vec![("sslmode", "verify-ca"), ("sslrootcert", ca)],
        vec![("sslmode", "verify-full"), ("sslrootcert", ca)],
    ] {
        let c = PostgresConnector::connect(&pg_conn(&tls.pg_host, tls.pg_port, &settings))
            .await
            .unwrap_or_else(|e| panic!("{settings:?}: {e}"));
        assert_eq!(pg_ssl(&c).await, "true|", "{settings:?}");
        c.ping().await.unwrap();
    }
    // `localhost` is a name of the certificate too.
    let c = PostgresConnector::connect(&pg_conn(
        "localhost",
        tls.pg_port,
        &[("sslmode", "verify-full"), ("sslrootcert", ca)],
    ))
    .await
    .unwrap();
    assert_eq!(pg_ssl(&c).await, "true|");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_prefer_is_encrypted_disable_is_not() {
    let tls = dvt_testkit::require_tls!();
    // prefer, given and by default (libpq's default)
    for settings in [
        vec![("sslmode", "prefer")],
        vec![],
        vec![("sslmode", "allow")],
    ] {
        let c = PostgresConnector::connect(&pg_conn(&tls.pg_host, tls.pg_port, &settings))
            .await
            .unwrap();
        assert_eq!(pg_ssl(&c).await, "true|", "{settings:?}");
    }
    let c = PostgresConnector::connect(&pg_conn(
        &tls.pg_host,
        tls.pg_port,
        &[("sslmode", "disable")],
    ))
    .await
    .unwrap();
    assert_eq!(pg_ssl(&c).await, "false|");
    // prefer against a server without TLS: plaintext (the server said it has none).
    let pg = dvt_testkit::require_postgres!();
    let c = PostgresConnector::connect(&pg_conn(&pg.host, pg.port, &[("sslmode", "prefer")]))
        .await
        .unwrap();
    assert_eq!(pg_ssl(&c).await, "false|");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_client_certificate_is_presented() {
    let tls = dvt_testkit::require_tls!();
    let c = PostgresConnector::connect(&pg_conn(
        &tls.pg_host,
        tls.pg_port,
        &[
            ("sslmode", "verify-full"),
            ("sslrootcert", path(&tls.ca)),
            ("sslcert", path(&tls.client_cert)),
            ("sslkey", path(&tls.client_key)),
        ],
    ))
    .await
    .unwrap();
    assert_eq!(pg_ssl(&c).await, "true|/CN=dvt_client");
    // One without the other is a settings error.
    let e = PostgresConnector::connect(&pg_conn(
        &tls.pg_host,
        tls.pg_port,
        &[("sslmode", "require"), ("sslcert", path(&tls.client_cert))],
    ))
    .await
    .unwrap_err();
    assert_dvt120(&e, "pg_tls_out", &["sslcert and sslkey"]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_wrong_ca_and_no_tls_are_dvt120() {
    let tls = dvt_testkit::require_tls!();
    for mode in ["verify-full", "verify-ca", "require", "prefer"] {
        let e = PostgresConnector::connect(&pg_conn(
            &tls.pg_host,
            tls.pg_port,
            &[("sslmode", mode), ("sslrootcert", path(&tls.wrong_ca))],
        ))
        .await
        .unwrap_err();
        assert_dvt120(
            &e,
            "pg_tls_out",
            &[&format!("sslmode {mode}"), "not issued by a CA of"],
        );
    }
    // verify-* without a CA file (and no ~/.postgresql/root.crt) cannot verify anything.
    if std::env::var_os("HOME").is_none_or(|h| !Path::new(&h).join(".postgresql/root.crt").exists())
    {
        let e = PostgresConnector::connect(&pg_conn(
            &tls.pg_host,
            tls.pg_port,
            &[("sslmode", "verify-full")],
        ))
        .await
        .unwrap_err();
        assert_dvt120(&e, "pg_tls_out", &["sslrootcert"]);
    }
    // require / verify-full against the server without TLS: never plaintext.
    let pg = dvt_testkit::require_postgres!();
    for settings in [
        vec![("sslmode", "require")],
        vec![("sslmode", "verify-full"), ("sslrootcert", path(&tls.ca))],
    ] {
        let e = PostgresConnector::connect(&pg_conn(&pg.host, pg.port, &settings))
            .await
            .unwrap_err();
        assert_dvt120(&e, "pg_tls_out", &["TLS", settings[0].1]);
    }
    let e = PostgresConnector::connect(&pg_conn(&pg.host, pg.port, &[("sslmode", "verify")]))
        .await
        .unwrap_err();
    assert_dvt120(&e, "pg_tls_out", &["not an sslmode"]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn mariadb_required_and_verify_modes_are_encrypted() {
    let tls = dvt_testkit::require_tls!();
    let ca = path(&tls.ca);
    for settings in [
        vec![("ssl_mode", "required")],
        vec![("ssl_mode", "REQUIRED"), ("ssl_ca", ca)],
        vec![("ssl_mode", "verify_ca"), ("ssl_ca", ca)],
        vec![("ssl_mode", "verify_identity"), ("ssl_ca", ca)],
        vec![
            ("ssl_mode", "verify_identity"),
            ("ssl_ca", ca),
            ("ssl_cert", path(&tls.client_cert)),
            ("ssl_key", path(&tls.client_key)),
        ],
    ] {
        let c = MysqlConnector::connect(&maria_conn(&tls.maria_host, tls.maria_port, &settings))
            .await
            .unwrap_or_else(|e| panic!("{settings:?}: {e}"));
        assert!(!maria_cipher(&c).await.is_empty(), "{settings:?}");
        c.ping().await.unwrap();
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn mariadb_preferred_is_encrypted_disabled_is_not() {
    let tls = dvt_testkit::require_tls!();
    for settings in [vec![("ssl_mode", "preferred")], vec![]] {
        let c = MysqlConnector::connect(&maria_conn(&tls.maria_host, tls.maria_port, &settings))
            .await
            .unwrap();
        assert!(!maria_cipher(&c).await.is_empty(), "{settings:?}");
    }
    let c = MysqlConnector::connect(&maria_conn(
        &tls.maria_host,
        tls.maria_port,
        &[("ssl_mode", "disabled")],
    ))
    .await
    .unwrap();
    assert_eq!(maria_cipher(&c).await, "");
    // preferred against the server without TLS: plaintext.
    let m = dvt_testkit::require_mariadb!();
    let c = MysqlConnector::connect(&maria_conn(&m.host, m.port, &[("ssl_mode", "preferred")]))
        .await
        .unwrap();
    assert_eq!(maria_cipher(&c).await, "");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn mariadb_wrong_ca_and_no_tls_are_dvt120() {
    let tls = dvt_testkit::require_tls!();
    for mode in ["verify_identity", "verify_ca", "required", "preferred"] {
        let mut conn = maria_conn(
            &tls.maria_host,
            tls.maria_port,
            &[("ssl_mode", mode), ("ssl_ca", path(&tls.wrong_ca))],
        );
        conn.password = Some(Secret::new(PASSWORD));
        let e = MysqlConnector::connect(&conn).await.unwrap_err();
        assert_dvt120(
            &e,
            "maria_tls_out",
            &[&format!("ssl_mode {mode}"), "not issued by a CA of"],
        );
    }
    let m = dvt_testkit::require_mariadb!();
    for settings in [
        vec![("ssl_mode", "required")],
        vec![("ssl_mode", "verify_identity"), ("ssl_ca", path(&tls.ca))],
    ] {
        let mut conn = maria_conn(&m.host, m.port, &settings);
        conn.password = Some(Secret::new(PASSWORD));
        let e = MysqlConnector::connect(&conn).await.unwrap_err();
        assert_dvt120(&e, "maria_tls_out", &[settings[0].1]);
    }
    let e = MysqlConnector::connect(&maria_conn(&m.host, m.port, &[("ssl_mode", "on")]))
        .await
        .unwrap_err();
    assert_dvt120(&e, "maria_tls_out", &["not an ssl_mode"]);
}

/// A port that accepts connections and never answers (kept open while the test runs).
fn silent_listener() -> (std::net::TcpListener, u16, std::thread::JoinHandle<()>) {
    let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = l.local_addr().unwrap().port();
    let accept = l.try_clone().unwrap();
    let t = std::thread::spawn(move || {
        let mut held = Vec::new();
        // Accepts a few connections and holds them open without a byte.
        for s in accept.incoming().take(4) {
            match s {
                Ok(s) => held.push(s),
                Err(_) => break,
            }
        }
        std::thread::sleep(Duration::from_secs(30));
    });
    (l, port, t)
}

fn assert_timed_out(e: &IoError, waited: Duration, output: &str) {
    assert_dvt120(e, output, &["connect_timeout 2 s", "within 2."]);
    assert!(
        waited >= Duration::from_millis(1900) && waited < Duration::from_secs(5),
        "waited {waited:?}: {e}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_connect_timeout_holds_when_the_server_never_answers() {
    let (_l, port, _t) = silent_listener();
    for sslmode in ["disable", "prefer"] {
        let started = Instant::now();
        let e = PostgresConnector::connect(&pg_conn(
            "127.0.0.1",
            port,
            &[("connect_timeout", "2"), ("sslmode", sslmode)],
        ))
        .await
        .unwrap_err();
        assert_timed_out(&e, started.elapsed(), "pg_tls_out");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn mysql_connect_timeout_holds_when_the_server_never_answers() {
    let (_l, port, _t) = silent_listener();
    let mut conn = maria_conn("127.0.0.1", port, &[("connect_timeout", "2")]);
    conn.password = Some(Secret::new(PASSWORD));
    let started = Instant::now();
    let e = MysqlConnector::connect(&conn).await.unwrap_err();
    assert_timed_out(&e, started.elapsed(), "maria_tls_out");
    // Through `open` as well (one wait, not two).
    let started = Instant::now();
    let e = dvt_connectors::open(&conn).await.unwrap_err();
    assert_timed_out(&e, started.elapsed(), "maria_tls_out");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn statement_timeout_stops_a_long_statement() {
    let pg = dvt_testkit::require_postgres!();
    let c = PostgresConnector::connect(&pg_conn(&pg.host, pg.port, &[("statement_timeout", "1")]))
        .await
        .unwrap();
    let started = Instant::now();
    let e = c.execute("SELECT pg_sleep(5)").await.unwrap_err();
    assert!(started.elapsed() < Duration::from_secs(4), "{e}");
    assert_eq!(e.code(), "DVT121", "{e}");
    assert!(e.to_string().contains("statement_timeout is 1 s"), "{e}");
    // The extract stream too.
    let e = c.extract("SELECT pg_sleep(5)").await;
    let e = match e {
        Err(e) => e,
        Ok(s) => s
            .stream
            .try_collect::<Vec<_>>()
            .await
            .expect_err("timed out"),
    };
    assert!(e.to_string().contains("statement timeout"), "{e}");

    let m = dvt_testkit::require_mariadb!();
    let c = MysqlConnector::connect(&maria_conn(&m.host, m.port, &[("statement_timeout", "1")]))
        .await
        .unwrap();
    let started = Instant::now();
    let e = c
        .execute("SELECT COUNT(*) FROM information_schema.COLUMNS a, information_schema.COLUMNS b, information_schema.COLUMNS c")
        .await
        .unwrap_err();
    assert!(started.elapsed() < Duration::from_secs(4), "{e}");
    assert_eq!(e.code(), "DVT121", "{e}");
    assert!(e.to_string().contains("statement_timeout is 1 s"), "{e}");
}
