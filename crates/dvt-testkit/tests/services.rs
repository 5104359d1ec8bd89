//! Runs real SQL on the throwaway servers (`./scripts/test.sh` starts them); each test is
//! skipped with a note when `DVT_TEST_SERVICES` is not set.

use dvt_testkit::{TestServer, require_mariadb, require_postgres};

fn s(v: &str) -> Option<String> {
    Some(v.to_string())
}

#[test]
fn postgres_create_insert_select_with_nulls() {
    let pg = require_postgres!();
    let db = pg.temp_database("testkit_pg");
    db.execute_batch(
        "CREATE TABLE t (id int PRIMARY KEY, name text, amount numeric(10,2), ok boolean);
         INSERT INTO t VALUES (1, 'a', 1.50, true), (2, NULL, NULL, NULL), (3, 'c''s', -2, false);",
    );
    let rows = db.query_strings("SELECT id, name, amount, ok FROM t ORDER BY id");
    assert_eq!(
        rows,
        vec![
            vec![s("1"), s("a"), s("1.50"), s("t")],
            vec![s("2"), None, None, None],
            vec![s("3"), s("c's"), s("-2.00"), s("f")],
        ]
    );
    // The same through the service, by database name.
    assert_eq!(
        pg.query_strings(db.name(), "SELECT count(*) FROM t"),
        vec![vec![s("3")]]
    );
    assert_eq!(
        pg.query_strings(db.name(), "SELECT 1 WHERE false"),
        Vec::<Vec<Option<String>>>::new()
    );
}

#[test]
fn postgres_errors_carry_the_sqlstate() {
    let pg = require_postgres!();
    let err = pg
        .try_query_strings(&pg.db, "SELECT * FROM no_such_table")
        .unwrap_err();
    assert_eq!(err.sqlstate(), Some("42P01"), "{err}");
    assert!(err.to_string().contains("no_such_table"), "{err}");
}

#[test]
fn postgres_databases_are_created_and_dropped() {
    let pg = require_postgres!();
    let name = dvt_testkit::unique_name("testkit_pg_db");
    pg.create_database(&name);
    let exists = format!("SELECT count(*) FROM pg_database WHERE datname = '{name}'");
    assert_eq!(pg.query_strings(&pg.db, &exists), vec![vec![s("1")]]);
    pg.drop_database(&name);
    pg.drop_database(&name); // IF EXISTS
    assert_eq!(pg.query_strings(&pg.db, &exists), vec![vec![s("0")]]);
}

#[test]
fn mariadb_create_insert_select_with_nulls() {
    let maria = require_mariadb!();
    let db = maria.temp_database("testkit_maria");
    db.execute_batch(
        "CREATE TABLE t (id int PRIMARY KEY, name varchar(20), amount decimal(10,2), d date);
         INSERT INTO t VALUES (1, 'a', 1.50, '2024-02-29'), (2, NULL, NULL, NULL), (3, 'c''s', -2, '1999-12-31');",
    );
    let rows = db.query_strings("SELECT id, name, amount, d FROM t ORDER BY id");
    assert_eq!(
        rows,
        vec![
            vec![s("1"), s("a"), s("1.50"), s("2024-02-29")],
            vec![s("2"), None, None, None],
            vec![s("3"), s("c's"), s("-2.00"), s("1999-12-31")],
        ]
    );
    assert_eq!(
        maria.query_strings(db.name(), "SELECT count(*) FROM t"),
        vec![vec![s("3")]]
    );
    // Several result sets come back in order.
    assert_eq!(
        db.query_strings("SELECT 1; SELECT 'x', NULL"),
        vec![vec![s("1")], vec![s("x"), None]]
    );
}

#[test]
fn mariadb_errors_carry_the_sqlstate() {
    let maria = require_mariadb!();
    let err = maria
        .try_query_strings(&maria.db, "SELECT * FROM no_such_table")
        .unwrap_err();
    assert_eq!(err.sqlstate(), Some("42S02"), "{err}");
    assert!(err.to_string().contains("no_such_table"), "{err}");
}

#[test]
fn mariadb_databases_are_created_and_dropped() {
    let maria = require_mariadb!();
    let name = dvt_testkit::unique_name("testkit_maria_db");
    maria.create_database(&name);
    let exists =
        format!("SELECT count(*) FROM information_schema.schemata WHERE schema_name = '{name}'");
    assert_eq!(maria.query_strings(&maria.db, &exists), vec![vec![s("1")]]);
    maria.drop_database(&name);
    maria.drop_database(&name);
    assert_eq!(maria.query_strings(&maria.db, &exists), vec![vec![s("0")]]);
}

/// The same check written once for both servers, through the trait.
fn round_trip(server: &dyn TestServer) {
    let name = dvt_testkit::unique_name("testkit_generic");
    server.try_create_database(&name).unwrap();
    server
        .try_execute_batch(
            &name,
            "CREATE TABLE g (a int, b varchar(10)); INSERT INTO g VALUES (1, NULL), (2, 'z')",
        )
        .unwrap();
    let rows = server
        .try_query_strings(&name, "SELECT a, b FROM g ORDER BY a")
        .unwrap();
    server.try_drop_database(&name).unwrap();
    assert_eq!(
        rows,
        vec![vec![s("1"), None], vec![s("2"), s("z")]],
        "{}",
        server.label()
    );
}

#[test]
fn both_servers_through_the_trait() {
    let pg = require_postgres!();
    let maria = require_mariadb!();
    round_trip(&pg);
    round_trip(&maria);
}

#[tokio::test]
async fn callable_from_async_tests() {
    let pg = require_postgres!();
    assert_eq!(
        pg.query_strings(&pg.db, "SELECT 40 + 2"),
        vec![vec![s("42")]]
    );
}
