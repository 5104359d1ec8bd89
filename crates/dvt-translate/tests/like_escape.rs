//! `LIKE … ESCAPE '\'` translated for MySQL/MariaDB means the same whether or not the session
//! reads a backslash in a string literal as an escape (Spark's JDBC sessions do; the native
//! connector's do not): real MariaDB, both sql_modes, against PostgreSQL's answer.

use datafusion::arrow::array::{Array, AsArray};
use dvt_translate::{DbKind, DialectTranslator, Translator};

#[test]
fn like_escape_means_the_same_under_both_mariadb_sql_modes() {
    let maria = dvt_testkit::require_mariadb!();
    let db = maria.temp_database("like_escape");
    db.execute_batch(
        "CREATE TABLE t (k INT, s VARCHAR(20));
         INSERT INTO t VALUES (1, 'a_b'), (2, 'axb'), (3, 'a!b'), (4, 'x%'), (5, 'PROMO BRASS')",
    );
    // PostgreSQL's answers for the same rows.
    for (sql, want) in [
        (
            r"SELECT k FROM t WHERE s LIKE 'a\_b' ESCAPE '\' ORDER BY k",
            vec!["1"],
        ),
        (
            r"SELECT k FROM t WHERE s LIKE '%\%' ESCAPE '\' ORDER BY k",
            vec!["4"],
        ),
        (
            r"SELECT k FROM t WHERE s LIKE '%BRASS' ESCAPE '\' ORDER BY k",
            vec!["5"],
        ),
        (
            r"SELECT k FROM t WHERE s LIKE 'a!\_' ESCAPE '\' ORDER BY k",
            vec![],
        ),
        (
            r"SELECT k FROM t WHERE s LIKE 'a!_' ESCAPE '\' ORDER BY k",
            vec!["3"],
        ),
    ] {
        let t = Translator
            .translate(sql, DbKind::Postgres, DbKind::MariaDb)
            .unwrap();
        assert!(!t.sql.contains('\\'), "no backslash left: {}", t.sql);
        for mode in ["", "NO_BACKSLASH_ESCAPES"] {
            let rows = db.query_strings(&format!("SET SESSION sql_mode = '{mode}'; {}", t.sql));
            let got: Vec<String> = rows.into_iter().map(|r| r[0].clone().unwrap()).collect();
            assert_eq!(got, want, "{sql} as {} under sql_mode '{mode}'", t.sql);
        }
    }
}

/// DataFusion takes no escape character but the backslash: a PostgreSQL pattern escaped with
/// another one is written with backslashes for the engine, and gives PostgreSQL's rows.
#[tokio::test]
async fn another_escape_character_gives_postgresqls_rows_in_the_engine() {
    let pg = dvt_testkit::require_postgres!();
    let db = pg.temp_database("like_escape_df");
    let rows = r"(1, 'a_b'), (2, 'axb'), (3, 'a!b'), (4, 'x%'), (5, 'a\b'), (6, 'a#_'), (7, NULL)";
    db.execute_batch(&format!(
        "CREATE TABLE t (k INT, s VARCHAR(20)); INSERT INTO t VALUES {rows}"
    ));
    let ctx = datafusion::prelude::SessionContext::new();
    ctx.sql(&format!(
        "CREATE TABLE t (k INT, s VARCHAR) AS VALUES {rows}"
    ))
    .await
    .unwrap();
    for sql in [
        "SELECT k FROM t WHERE s LIKE 'a!_b' ESCAPE '!' ORDER BY k",
        "SELECT k FROM t WHERE s LIKE '%#%' ESCAPE '#' ORDER BY k",
        "SELECT k FROM t WHERE s LIKE 'a!!b' ESCAPE '!' ORDER BY k",
        r"SELECT k FROM t WHERE s LIKE 'a\b' ESCAPE '!' ORDER BY k",
        "SELECT k FROM t WHERE s NOT LIKE 'a##!_' ESCAPE '!' ORDER BY k",
        "SELECT k FROM t WHERE s ILIKE 'A!_B' ESCAPE '!' ORDER BY k",
    ] {
        let want: Vec<String> = db
            .query_strings(sql)
            .into_iter()
            .map(|r| r[0].clone().unwrap())
            .collect();
        let t = Translator
            .translate(sql, DbKind::Postgres, DbKind::DataFusion)
            .unwrap();
        assert!(t.sql.contains(r"ESCAPE '\'"), "{sql} → {}", t.sql);
        let batches = ctx.sql(&t.sql).await.unwrap().collect().await;
        let batches = batches.unwrap_or_else(|e| panic!("{sql} → {}: {e}", t.sql));
        let got: Vec<String> = batches
            .iter()
            .flat_map(|b| {
                let c = datafusion::arrow::compute::cast(
                    b.column(0),
                    &datafusion::arrow::datatypes::DataType::Utf8,
                )
                .unwrap();
                let c = c.as_string::<i32>().clone();
                (0..c.len()).map(move |i| c.value(i).to_string())
            })
            .collect();
        assert_eq!(got, want, "{sql} → {}", t.sql);
    }
}

/// A `LIKE` without `ESCAPE` escapes with a backslash in PostgreSQL and means a plain
/// backslash in SQLite (and DuckDB, Snowflake, SQL Server, Trino): each way the translation
/// writes the escape out, and real SQLite and PostgreSQL return the same rows.
#[test]
fn a_backslash_in_a_pattern_means_the_same_between_default_escapes() {
    let pg = dvt_testkit::require_postgres!();
    let db = pg.temp_database("like_default_escape");
    let rows = r"(1, 'a_b'), (2, 'axb'), (3, 'a\xb'), (4, 'a\_b'), (5, 'x%')";
    db.execute_batch(&format!(
        "CREATE TABLE t (k INT, s VARCHAR(20)); INSERT INTO t VALUES {rows}"
    ));
    let lite = rusqlite::Connection::open_in_memory().unwrap();
    lite.execute_batch(&format!(
        "CREATE TABLE t (k INT, s TEXT); INSERT INTO t VALUES {rows}"
    ))
    .unwrap();
    let on_lite = |sql: &str| -> Vec<String> {
        let mut st = lite.prepare(sql).unwrap();
        st.query_map([], |r| r.get::<_, i64>(0).map(|k| k.to_string()))
            .unwrap()
            .map(Result::unwrap)
            .collect()
    };
    let on_pg = |sql: &str| -> Vec<String> {
        db.query_strings(sql)
            .into_iter()
            .map(|r| r[0].clone().unwrap())
            .collect()
    };
    for pattern in [r"a\_b", r"a\%", r"a\\_b", r"x\%"] {
        let sql = format!("SELECT k FROM t WHERE s LIKE '{pattern}' ORDER BY k");
        // PostgreSQL's meaning (backslash escapes), run on SQLite.
        let t = Translator
            .translate(&sql, DbKind::Postgres, DbKind::Sqlite)
            .unwrap();
        assert!(t.sql.contains(r"ESCAPE '\'"), "{sql} → {}", t.sql);
        assert_eq!(on_lite(&t.sql), on_pg(&sql), "{sql} → {}", t.sql);
        // SQLite's meaning (a plain backslash), run on PostgreSQL.
        let t = Translator
            .translate(&sql, DbKind::Sqlite, DbKind::Postgres)
            .unwrap();
        assert_eq!(on_pg(&t.sql), on_lite(&sql), "{sql} → {}", t.sql);
    }
    // DuckDB's LIKE takes no default escape either; a pattern without a backslash is unchanged.
    let t = Translator
        .translate(
            r"SELECT k FROM t WHERE s LIKE 'a\_' AND s LIKE 'b%'",
            DbKind::Postgres,
            DbKind::DuckDb,
        )
        .unwrap();
    assert_eq!(
        t.sql,
        r"SELECT k FROM t WHERE s LIKE 'a\_' ESCAPE '\' AND s LIKE 'b%'"
    );
}
