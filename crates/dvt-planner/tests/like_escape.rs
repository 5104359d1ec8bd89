//! `LIKE … ESCAPE '\'` translated for MySQL/MariaDB means the same whether or not the session
//! reads a backslash in a string literal as an escape (Spark's JDBC sessions do; the native
//! connector's do not): real MariaDB, both sql_modes, against PostgreSQL's answer.

use dvt_planner::{DialectTranslator, SqlDialect, Translator};

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
            .translate(sql, SqlDialect::Postgres, SqlDialect::Mariadb)
            .unwrap();
        assert!(!t.sql.contains('\\'), "no backslash left: {}", t.sql);
        for mode in ["", "NO_BACKSLASH_ESCAPES"] {
            let rows = db.query_strings(&format!("SET SESSION sql_mode = '{mode}'; {}", t.sql));
            let got: Vec<String> = rows.into_iter().map(|r| r[0].clone().unwrap()).collect();
            assert_eq!(got, want, "{sql} as {} under sql_mode '{mode}'", t.sql);
        }
    }
}
