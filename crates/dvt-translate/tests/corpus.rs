//! The translation corpus: `tests/corpus/<from>-<to>[.<topic>].yaml`, each a list of cases.
//!
//! ```yaml
//! - sql: SELECT IFF(a > 1, 'x', 'y') FROM t      # input in <from>
//!   expect: SELECT CASE WHEN a > 1 THEN 'x' ELSE 'y' END FROM t
//!   warnings: [DVT003]                          # exactly these codes (default: none)
//! - sql: SELECT REGEXP_LIKE(a, 'x') FROM t
//!   error: DVT301                               # translation must fail with this code
//! - sql: a::INT
//!   expr: true                                  # an expression, not a statement
//!   expect: CAST(a AS INTEGER)
//! ```
//!
//! Whitespace runs compare equal. Set `DVT_CORPUS_BLESS=1` to write the current output into
//! cases that have neither `expect` nor `error` (new cases), then review the diff.

use std::path::{Path, PathBuf};

use dvt_translate::{DbKind, DialectTranslator, Translator};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Serialize, Deserialize)]
struct Case {
    sql: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    expect: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    error: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    warnings: Vec<String>,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    expr: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    note: Option<String>,
}

fn norm(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn files() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus");
    let mut v: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    v.sort();
    v
}

fn dialects(p: &Path) -> (DbKind, DbKind) {
    let stem = p.file_stem().unwrap().to_str().unwrap();
    // `<from>-<to>.yaml`, or `<from>-<to>.<topic>.yaml` for a family of cases.
    let pair = stem.split_once('.').map_or(stem, |(pair, _)| pair);
    let (a, b) = pair
        .split_once('-')
        .expect("corpus file names are <from>-<to>[.<topic>].yaml");
    (a.parse().unwrap(), b.parse().unwrap())
}

fn run(c: &Case, from: DbKind, to: DbKind) -> Result<(String, Vec<String>), String> {
    let t = if c.expr {
        Translator.translate_expr(&c.sql, from, to)
    } else {
        Translator.translate(&c.sql, from, to)
    };
    match t {
        Ok(t) => {
            let mut codes: Vec<String> = t.warnings.iter().map(|w| w.code.to_string()).collect();
            codes.sort();
            codes.dedup();
            Ok((t.sql, codes))
        }
        Err(e) => Err(e.code().to_string()),
    }
}

#[test]
fn corpus() {
    let bless = std::env::var("DVT_CORPUS_BLESS").is_ok_and(|v| v == "1");
    let mut failures = Vec::new();
    let mut total = 0;
    for f in files() {
        let (from, to) = dialects(&f);
        let text = std::fs::read_to_string(&f).unwrap();
        let mut cases: Vec<Case> =
            serde_norway::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", f.display()));
        let mut changed = false;
        for (n, c) in cases.iter_mut().enumerate() {
            total += 1;
            let got = run(c, from, to);
            if bless && c.expect.is_none() && c.error.is_none() {
                match &got {
                    Ok((sql, w)) => {
                        c.expect = Some(sql.clone());
                        c.warnings = w.clone();
                    }
                    Err(code) => c.error = Some(code.clone()),
                }
                changed = true;
                continue;
            }
            let mut want_w = c.warnings.clone();
            want_w.sort();
            let ok = match (&got, &c.expect, &c.error) {
                (Ok((sql, w)), Some(e), None) => norm(sql) == norm(e) && *w == want_w,
                (Err(code), None, Some(e)) => code == e,
                _ => false,
            };
            if !ok {
                failures.push(format!(
                    "{}#{} ({from} -> {to}): {}\n    want: {:?} {:?} {:?}\n    got:  {:?}",
                    f.file_name().unwrap().to_string_lossy(),
                    n + 1,
                    c.sql,
                    c.expect,
                    want_w,
                    c.error,
                    got
                ));
            }
        }
        if changed {
            std::fs::write(&f, serde_norway::to_string(&cases).unwrap()).unwrap();
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {total} corpus cases failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
    println!("{total} corpus cases passed");
}

#[test]
fn corpus_covers_the_required_pairs() {
    let have: Vec<(DbKind, DbKind)> = files().iter().map(|f| dialects(f)).collect();
    let mut total = 0;
    for f in files() {
        let cases: Vec<Case> =
            serde_norway::from_str(&std::fs::read_to_string(&f).unwrap()).unwrap();
        total += cases.len();
    }
    for pair in [
        "snowflake-postgres",
        "snowflake-spark",
        "snowflake-datafusion",
        "snowflake-duckdb",
        "postgres-spark",
        "postgres-snowflake",
        "postgres-mysql",
        "mysql-postgres",
        "bigquery-postgres",
        "tsql-postgres",
        "spark-postgres",
    ] {
        let (a, b) = pair.split_once('-').unwrap();
        let p = (a.parse().unwrap(), b.parse().unwrap());
        assert!(have.contains(&p), "no corpus file for {pair}");
    }
    assert!(
        total >= 400,
        "the corpus has {total} cases; at least 400 are required"
    );
}

/// Every catalog entry has expected-SQL cases: some corpus case's translation renders it (or,
/// for a case that must fail, the entry is among the functions the case calls).
#[test]
fn every_catalog_entry_has_expected_sql_cases() {
    let mut seen = std::collections::BTreeSet::new();
    for f in files() {
        let (from, to) = dialects(&f);
        let cases: Vec<Case> =
            serde_norway::from_str(&std::fs::read_to_string(&f).unwrap()).unwrap();
        for c in cases.iter().filter(|c| !c.expr) {
            match Translator.translate(&c.sql, from, to) {
                Ok(t) => seen.extend(t.functions),
                Err(_) => seen.extend(crate::exec_coverage::called_entries(from, &c.sql)),
            }
        }
    }
    let missing: Vec<&str> = dvt_translate::coverage::entries()
        .iter()
        .map(|e| e.name)
        .filter(|n| !seen.contains(n))
        .collect();
    assert!(
        missing.is_empty(),
        "{} catalog entries have no expected-SQL case: {}",
        missing.len(),
        missing.join(", ")
    );
}
