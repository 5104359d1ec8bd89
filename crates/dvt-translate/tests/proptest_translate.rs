//! Property tests of the translator:
//! - a generated query translated to any target is SQL that the target's sqlparser dialect
//!   parses (or a coded error, never a panic);
//! - translating X → X is stable: doing it twice gives the same SQL as once;
//! - arbitrary input never panics.

use dvt_translate::{DbKind, DialectTranslator, Translator};
use proptest::prelude::*;

const COLS: &[&str] = &["a", "b", "c", "d"];

fn col() -> impl Strategy<Value = String> {
    (
        prop::sample::select(&["t1", "t2"][..]),
        prop::sample::select(COLS),
    )
        .prop_map(|(t, c)| format!("{t}.{c}"))
}

fn lit() -> impl Strategy<Value = String> {
    prop_oneof![
        (-1000i64..1000).prop_map(|n| n.to_string()),
        "[a-z' ]{0,6}".prop_map(|s| format!("'{}'", s.replace('\'', "''"))),
        Just("NULL".to_string()),
        Just("TRUE".to_string()),
        (0u32..1000, 1u32..100).prop_map(|(a, b)| format!("{a}.{b}")),
    ]
}

/// Snowflake-flavoured scalar expressions (the main source dialect of models).
fn expr() -> impl Strategy<Value = String> {
    let leaf = prop_oneof![col(), lit()];
    leaf.prop_recursive(3, 24, 3, |inner| {
        prop_oneof![
            (
                inner.clone(),
                prop::sample::select(&["+", "-", "*", "/", "||"][..]),
                inner.clone()
            )
                .prop_map(|(a, op, b)| format!("({a} {op} {b})")),
            (inner.clone(), inner.clone()).prop_map(|(a, b)| format!("COALESCE({a}, {b})")),
            (inner.clone(), inner.clone()).prop_map(|(a, b)| format!("NVL({a}, {b})")),
            (inner.clone(), inner.clone(), inner.clone())
                .prop_map(|(a, b, c)| format!("IFF({a} > {b}, {c}, NULL)")),
            (inner.clone(), inner.clone(), inner.clone())
                .prop_map(|(a, b, c)| format!("NVL2({a}, {b}, {c})")),
            (inner.clone(), inner.clone())
                .prop_map(|(a, b)| format!("CASE WHEN {a} IS NULL THEN {b} ELSE {a} END")),
            inner.clone().prop_map(|a| format!("UPPER({a})")),
            inner.clone().prop_map(|a| format!("{a}::VARCHAR")),
            inner.clone().prop_map(|a| format!("TRY_CAST({a} AS INT)")),
            (
                prop::sample::select(&["day", "month", "year", "hour", "week", "quarter"][..]),
                col(),
                col()
            )
                .prop_map(|(u, a, b)| format!("DATEDIFF({u}, {a}, {b})")),
            (
                prop::sample::select(&["day", "month", "year", "hour"][..]),
                inner.clone(),
                col()
            )
                .prop_map(|(u, n, d)| format!("DATEADD({u}, {n}, {d})")),
            (
                prop::sample::select(&["day", "month", "year", "quarter"][..]),
                col()
            )
                .prop_map(|(u, d)| format!("DATE_TRUNC('{u}', {d})")),
            col().prop_map(|c| format!("PARSE_JSON({c}):k.m::VARCHAR")),
            (inner.clone(), inner).prop_map(|(a, b)| format!("{a} ILIKE {b}")),
        ]
    })
}

fn query() -> impl Strategy<Value = String> {
    (
        prop::collection::vec(expr(), 1..4),
        prop::option::of(expr()),
        prop::sample::select(
            &[
                "",
                " LEFT JOIN t2 ON t1.a = t2.a",
                " JOIN t2 ON t1.b = t2.b",
            ][..],
        ),
        any::<bool>(),
        prop::option::of(1u32..100),
        any::<bool>(),
    )
        .prop_map(|(items, filter, join, order, limit, desc)| {
            let proj: Vec<String> = items
                .iter()
                .enumerate()
                .map(|(i, e)| format!("{e} AS c{i}"))
                .collect();
            let mut q = format!("SELECT {} FROM t1{join}", proj.join(", "));
            if let Some(f) = filter {
                q.push_str(&format!(" WHERE {f} IS NOT NULL"));
            }
            if order {
                q.push_str(&format!(" ORDER BY c0{}", if desc { " DESC" } else { "" }));
            }
            if let Some(n) = limit {
                q.push_str(&format!(" LIMIT {n}"));
            }
            q
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn translations_parse_in_the_target(q in query()) {
        let from = DbKind::Snowflake;
        for to in dvt_translate::dialects() {
            match Translator.translate(&q, from, to) {
                Ok(t) => {
                    let reparsed = Translator::parse(&t.sql, to);
                    prop_assert!(reparsed.is_ok(), "{from} -> {to}\n  in:  {q}\n  out: {}\n  err: {:?}", t.sql, reparsed.err());
                }
                Err(e) => prop_assert!(e.code().starts_with("DVT3"), "{e}"),
            }
        }
    }

    #[test]
    fn same_dialect_translation_is_stable(q in query()) {
        for d in [DbKind::Snowflake, DbKind::Postgres, DbKind::DuckDb, DbKind::DataFusion] {
            let Ok(once) = Translator.translate(&q, DbKind::Snowflake, d) else { continue };
            let twice = Translator.translate(&once.sql, d, d).map(|t| t.sql);
            let thrice = twice.clone().and_then(|s| Translator.translate(&s, d, d).map(|t| t.sql));
            prop_assert_eq!(twice.clone().ok(), thrice.ok(), "{} not stable:\n  {}", d, once.sql);
        }
    }

    #[test]
    fn never_panics_on_arbitrary_input(s in ".{0,80}") {
        for from in dvt_translate::dialects() {
            let _ = Translator.translate(&s, from, DbKind::Postgres);
            let _ = Translator.translate_expr(&s, from, DbKind::MySql);
        }
    }

    #[test]
    fn never_panics_on_sql_like_input(s in "(SELECT|FROM|WHERE|::|:|\\(|\\)|,|a|b|1|'x'|DATEDIFF|IFF|LIMIT|QUALIFY|ORDER BY|NULLS| ){0,30}") {
        for from in dvt_translate::dialects() {
            for to in [DbKind::Postgres, DbKind::SqlServer, DbKind::Sqlite] {
                let _ = Translator.translate(&s, from, to);
            }
        }
    }
}
