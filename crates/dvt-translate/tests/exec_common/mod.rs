//! The executed-translation suite shared by `dvt-translate`'s `exec` test (PostgreSQL,
//! MariaDB, SQLite, DataFusion) and `dvt-spark`'s `exec_spark` test (Spark SQL through the test
//! Spark Connect server): the case format, the fixtures in each engine's SQL, the value
//! normalization and the loop that translates, runs and compares (see `tests/exec.rs` for the
//! format and the comparison rules).

#![allow(dead_code)]

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};

use dvt_translate::{DbKind, DialectTranslator, Translator};
use serde::Deserialize;
use serde_norway::Value as Yaml;

/// Where the case files are, from the crate that includes this module.
const EXEC_DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../dvt-translate/tests/exec");

/// The engines a case runs on unless it names its `targets`.
pub const DEFAULT_TARGETS: [DbKind; 5] = [
    DbKind::Postgres,
    DbKind::MariaDb,
    DbKind::Sqlite,
    DbKind::DataFusion,
    DbKind::Spark,
];

/// Rows of text values (`None` for NULL).
pub type Rows = Vec<Vec<Option<String>>>;

/// Record batches as rows of text (`None` for NULL), as every engine's result is compared.
pub fn text_rows(batches: &[datafusion::arrow::record_batch::RecordBatch]) -> Result<Rows, String> {
    use datafusion::arrow::array::Array;
    use datafusion::arrow::util::display::{ArrayFormatter, FormatOptions};
    let opts = FormatOptions::default();
    let mut out = Rows::new();
    for b in batches {
        let fmts = b
            .columns()
            .iter()
            .map(|c| ArrayFormatter::try_new(c.as_ref(), &opts))
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| e.to_string())?;
        for row in 0..b.num_rows() {
            out.push(
                b.columns()
                    .iter()
                    .zip(&fmts)
                    .map(|(c, f)| (!c.is_null(row)).then(|| f.value(row).to_string()))
                    .collect(),
            );
        }
    }
    Ok(out)
}

/// An engine that runs translated SQL.
pub trait Engine {
    /// Whether it runs queries of target `t` in this process.
    fn available(&self, t: DbKind) -> bool;
    /// The rows of `sql` on target `t`.
    fn query(&self, t: DbKind, sql: &str) -> Result<Rows, String>;
}

#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub enum Skip {
    All(String),
    Some(BTreeMap<String, String>),
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Case {
    pub id: String,
    pub sql: String,
    #[serde(default)]
    pub rows: Vec<Vec<Yaml>>,
    #[serde(default)]
    pub ordered: bool,
    #[serde(default)]
    pub targets: Option<Vec<String>>,
    #[serde(default)]
    pub errors: BTreeMap<String, String>,
    #[serde(default)]
    pub skip: Option<Skip>,
    #[serde(default)]
    #[allow(dead_code)]
    pub note: Option<String>,
}

impl Case {
    pub fn targets(&self) -> Vec<DbKind> {
        match &self.targets {
            None => DEFAULT_TARGETS.to_vec(),
            Some(v) => v
                .iter()
                .map(|t| {
                    t.parse()
                        .unwrap_or_else(|e| panic!("case {}: target {t}: {e}", self.id))
                })
                .collect(),
        }
    }

    pub fn skip_reason(&self, target: DbKind) -> Option<&str> {
        match &self.skip {
            None => None,
            Some(Skip::All(r)) => Some(r),
            Some(Skip::Some(m)) => m.get(target.name()).map(String::as_str),
        }
    }

    pub fn want(&self) -> Vec<Vec<Option<String>>> {
        self.rows
            .iter()
            .map(|r| {
                r.iter()
                    .map(|v| match v {
                        Yaml::Null => None,
                        Yaml::String(s) => Some(s.clone()),
                        Yaml::Number(n) => Some(n.to_string()),
                        Yaml::Bool(b) => Some(b.to_string()),
                        other => panic!("case {}: unsupported expected value {other:?}", self.id),
                    })
                    .collect()
            })
            .collect()
    }
}

// --- fixtures --------------------------------------------------------------------------------

/// A fixture value, rendered as a literal in each engine's SQL.
#[derive(Clone, Copy)]
pub enum V {
    I(i64),
    S(&'static str),
    /// A numeric literal (decimal).
    N(&'static str),
    B(bool),
    /// A date or timestamp, as `YYYY-MM-DD[ HH:MM:SS]`.
    T(&'static str),
    Null,
}

use V::{B, I, N, Null, S, T};

pub const PEOPLE_COLS: &str = "id, name, email, score, born, created_at, active, meta";

/// `people`: mixed-case names, quotes, backslashes, non-ASCII, NULLs, month ends, leap days,
/// timestamps next to midnight, JSON with nested objects and arrays.
#[rustfmt::skip]
pub const PEOPLE: &[[V; 8]] = &[
    [I(1), S("Alice"), S("alice@example.com"), N("91.50"), T("1990-01-31"), T("2024-01-31 23:59:59"), B(true),
     S(r#"{"city":"Paris","tags":["a","b"],"address":{"zip":"75001","geo":{"lat":48.85}},"level":3}"#)],
    [I(2), S("bob"), S("BOB@Example.com"), N("78.25"), T("1992-02-29"), T("2024-02-29 00:00:00"), B(false),
     S(r#"{"city":"Berlin","tags":["c"],"address":{"zip":"10115"},"level":1}"#)],
    [I(3), S("Carol"), Null, Null, T("1985-12-31"), T("2023-12-31 23:59:59"), Null, Null],
    [I(4), S("dave"), S("dave@example.org"), N("55.00"), T("2000-02-29"), T("2024-03-01 00:00:01"), B(true),
     S(r#"{"city":"paris","tags":[],"level":2}"#)],
    [I(5), S("Eve O'Brien"), S("eve@example.com"), N("100.00"), T("1999-06-15"), T("2024-06-15 12:30:00"), B(true),
     S(r#"{"city":"Dublin","address":{"zip":null},"level":5}"#)],
    [I(6), S(r"C:\temp\new"), S("path@example.com"), N("33.33"), T("2001-11-30"), T("2024-11-30 06:00:00"), B(false),
     S(r#"{"city":"Back\\slash","tags":["q\"uote"],"level":6}"#)],
    [I(7), S("GRACE"), S("grace@EXAMPLE.com"), N("66.67"), T("1970-01-01"), T("2024-12-31 23:59:59"), B(false),
     S(r#"{"city":"Rome","tags":["x","y","z"],"level":4}"#)],
    [I(8), S("heidi"), Null, N("42.10"), Null, Null, Null, S(r#"{"level":0}"#)],
    [I(9), S("Ivan"), S("ivan@example.com"), N("-5.50"), T("2004-02-29"), T("2025-01-01 00:00:00"), B(true), Null],
    [I(10), S(""), S("empty@example.com"), N("0.00"), T("2023-03-31"), T("2023-03-31 08:00:00"), B(false),
     S(r#"{"city":"","tags":["a"]}"#)],
    [I(11), S("Judy_%"), S("judy%@example.com"), N("12.34"), T("1996-08-31"), T("2024-08-31 18:45:30"), B(true),
     S(r#"{"city":"Oslo","address":{"zip":"0150","geo":{"lat":59.91}}}"#)],
    [I(12), S("Zoë"), S("zoe@example.com"), N("77.00"), T("2012-02-29"), T("2024-05-31 00:00:00"), B(true),
     S(r#"{"city":"Zürich","tags":["ü"],"level":3}"#)],
];

pub const ORDERS_COLS: &str = "id, person_id, amount, ordered_at, status";

#[rustfmt::skip]
pub const ORDERS: &[[V; 5]] = &[
    [I(1), I(1), N("10.00"), T("2024-01-31 23:59:59"), S("shipped")],
    [I(2), I(1), N("20.50"), T("2024-02-01 00:00:00"), S("Shipped")],
    [I(3), I(1), N("5.25"), T("2024-02-29 12:00:00"), S("pending")],
    [I(4), I(2), N("100.00"), T("2023-12-31 23:59:59"), S("shipped")],
    [I(5), I(2), N("7.00"), T("2024-01-01 00:00:00"), S("cancelled")],
    [I(6), I(4), N("15.75"), T("2024-03-31 18:30:00"), S("PENDING")],
    [I(7), I(4), N("15.75"), T("2024-04-30 09:15:00"), S("shipped")],
    [I(8), I(5), N("250.00"), T("2024-06-15 12:30:00"), Null],
    [I(9), I(5), N("0.99"), T("2024-06-16 00:00:01"), S("shipped")],
    [I(10), I(7), N("42.00"), T("2024-12-31 23:59:59"), S("cancelled")],
    [I(11), I(7), N("8.00"), T("2025-01-01 00:00:00"), S("shipped")],
    [I(12), I(9), N("3.50"), T("2024-02-28 23:00:00"), S("pending")],
    [I(13), I(11), N("60.00"), T("2024-08-31 18:45:30"), S("shipped")],
    [I(14), I(12), N("19.99"), T("2024-05-31 23:59:59"), Null],
    [I(15), I(99), N("1.00"), T("2022-02-28 10:00:00"), S("shipped")],
];

pub fn literal(v: V, engine: DbKind) -> String {
    match v {
        I(n) => n.to_string(),
        N(n) => n.to_string(),
        S(s) | T(s) => {
            let s = s.replace('\'', "''");
            if engine == DbKind::MariaDb {
                format!("'{}'", s.replace('\\', "\\\\"))
            } else if engine == DbKind::Spark {
                // Spark reads backslash escapes in literals, and `\'` for a quote.
                format!(
                    "'{}'",
                    s.replace("''", "'")
                        .replace('\\', "\\\\")
                        .replace('\'', "\\'")
                )
            } else {
                format!("'{s}'")
            }
        }
        B(b) => match engine {
            DbKind::Sqlite => i32::from(b).to_string(),
            _ => b.to_string().to_uppercase(),
        },
        Null => "NULL".into(),
    }
}

pub fn fixture_sql(engine: DbKind) -> Vec<String> {
    let (text, num, ts, boolean, tail) = match engine {
        DbKind::DataFusion => ("VARCHAR", "DECIMAL(10,2)", "TIMESTAMP", "BOOLEAN", ""),
        DbKind::MariaDb => (
            "TEXT",
            "DECIMAL(10,2)",
            "DATETIME",
            "BOOLEAN",
            " DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci",
        ),
        _ => ("TEXT", "NUMERIC(10,2)", "TIMESTAMP", "BOOLEAN", ""),
    };
    let vc = |n: u32| {
        if engine == DbKind::DataFusion {
            "VARCHAR".to_string()
        } else {
            format!("VARCHAR({n})")
        }
    };
    let mut out = vec![
        format!(
            "CREATE TABLE people (id INT, name {}, email {}, score {num}, born DATE, \
             created_at {ts}, active {boolean}, meta {text}){tail}",
            vc(50),
            vc(100)
        ),
        format!(
            "CREATE TABLE orders (id INT, person_id INT, amount {num}, ordered_at {ts}, \
             status {}){tail}",
            vc(20)
        ),
    ];
    let rows = |vals: Vec<Vec<V>>| {
        vals.into_iter()
            .map(|r| {
                let lits: Vec<String> = r.into_iter().map(|v| literal(v, engine)).collect();
                format!("({})", lits.join(", "))
            })
            .collect::<Vec<_>>()
            .join(",\n")
    };
    out.push(format!(
        "INSERT INTO people ({PEOPLE_COLS}) VALUES {}",
        rows(PEOPLE.iter().map(|r| r.to_vec()).collect())
    ));
    out.push(format!(
        "INSERT INTO orders ({ORDERS_COLS}) VALUES {}",
        rows(ORDERS.iter().map(|r| r.to_vec()).collect())
    ));
    if engine == DbKind::Postgres {
        // LEVENSHTEIN and SOUNDEX are rendered for PostgreSQL with a warning that they need this
        // contrib extension: the test database has it, as a user's would.
        out.push("CREATE EXTENSION IF NOT EXISTS fuzzystrmatch".into());
    }
    out
}

/// The fixtures as Spark temporary views (typed casts over `VALUES`: nothing is written to the
/// test server's shared warehouse).
pub fn spark_fixture_sql() -> Vec<String> {
    fn view(name: &str, cols: &str, types: &[&str], rows: Vec<Vec<V>>) -> String {
        let values: Vec<String> = rows
            .into_iter()
            .map(|r| {
                let lits: Vec<String> = r.into_iter().map(|v| literal(v, DbKind::Spark)).collect();
                format!("({})", lits.join(", "))
            })
            .collect();
        let select: Vec<String> = cols
            .split(", ")
            .zip(types)
            .map(|(c, t)| format!("CAST({c} AS {t}) AS {c}"))
            .collect();
        format!(
            "CREATE OR REPLACE TEMPORARY VIEW {name} AS SELECT {} FROM VALUES {} AS t({cols})",
            select.join(", "),
            values.join(", ")
        )
    }
    let people = [
        "INT",
        "STRING",
        "STRING",
        "DECIMAL(10,2)",
        "DATE",
        "TIMESTAMP",
        "BOOLEAN",
        "STRING",
    ];
    let orders = ["INT", "INT", "DECIMAL(10,2)", "TIMESTAMP", "STRING"];
    vec![
        view(
            "people",
            PEOPLE_COLS,
            &people,
            PEOPLE.iter().map(|r| r.to_vec()).collect(),
        ),
        view(
            "orders",
            ORDERS_COLS,
            &orders,
            ORDERS.iter().map(|r| r.to_vec()).collect(),
        ),
    ]
}

// --- normalization ---------------------------------------------------------------------------

#[derive(Debug, Clone, PartialEq)]
pub enum Norm {
    Null,
    Num(f64),
    Text(String),
}

pub fn is_timestamp(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() >= 19
        && b[4] == b'-'
        && b[7] == b'-'
        && (b[10] == b' ' || b[10] == b'T')
        && b[13] == b':'
        && b[16] == b':'
        && s.is_char_boundary(19)
        && s[..19]
            .bytes()
            .enumerate()
            .all(|(i, c)| matches!(i, 4 | 7 | 10 | 13 | 16) || c.is_ascii_digit())
}

pub fn normalize(v: &Option<String>) -> Norm {
    let Some(s) = v else { return Norm::Null };
    let t = s.trim();
    match t.to_ascii_lowercase().as_str() {
        "t" | "true" => return Norm::Num(1.0),
        "f" | "false" => return Norm::Num(0.0),
        _ => {}
    }
    if is_timestamp(t) {
        let mut x = format!("{} {}", &t[..10], &t[11..19]);
        // A UTC timestamp may carry its zone (Spark's session zone is UTC: `…T00:00:00Z`).
        let frac = t[19..].trim_end_matches('Z');
        let frac_digits = frac.strip_prefix('.').unwrap_or(frac);
        if !frac_digits.is_empty() && !frac_digits.bytes().all(|c| c == b'0') {
            x.push('.');
            x.push_str(frac_digits.trim_end_matches('0'));
        }
        if let Some(d) = x.strip_suffix(" 00:00:00") {
            x = d.to_string();
        }
        return Norm::Text(x);
    }
    if !t.is_empty()
        && t.bytes()
            .all(|c| c.is_ascii_digit() || matches!(c, b'-' | b'+' | b'.' | b'e' | b'E'))
        && let Ok(n) = t.parse::<f64>()
    {
        return Norm::Num(n);
    }
    if (t.starts_with('{') || t.starts_with('['))
        && let Ok(j) = serde_json::from_str::<serde_json::Value>(t)
    {
        return Norm::Text(j.to_string());
    }
    Norm::Text(s.clone())
}

pub fn sort_key(r: &[Norm]) -> String {
    r.iter()
        .map(|n| match n {
            Norm::Null => "\u{0}N".to_string(),
            Norm::Num(x) => format!("\u{1}{:.4e}", x),
            Norm::Text(s) => format!("\u{2}{s}"),
        })
        .collect::<Vec<_>>()
        .join("\u{3}")
}

pub fn same(a: &Norm, b: &Norm) -> bool {
    match (a, b) {
        (Norm::Num(x), Norm::Num(y)) => (x - y).abs() <= 1e-6 * x.abs().max(y.abs()).max(1.0),
        _ => a == b,
    }
}

pub fn rows_match(got: &Rows, want: &Rows, ordered: bool) -> bool {
    let norm = |rows: &Rows| -> Vec<Vec<Norm>> {
        let mut v: Vec<Vec<Norm>> = rows
            .iter()
            .map(|r| r.iter().map(normalize).collect())
            .collect();
        if !ordered {
            v.sort_by_cached_key(|r| sort_key(r));
        }
        v
    };
    let (g, w) = (norm(got), norm(want));
    g.len() == w.len()
        && g.iter()
            .zip(&w)
            .all(|(a, b)| a.len() == b.len() && a.iter().zip(b).all(|(x, y)| same(x, y)))
}

pub fn show(rows: &Rows) -> String {
    let r: Vec<String> = rows
        .iter()
        .map(|r| {
            let c: Vec<String> = r
                .iter()
                .map(|v| v.as_ref().map_or("NULL".into(), |s| format!("{s:?}")))
                .collect();
            format!("[{}]", c.join(", "))
        })
        .collect();
    format!("[{}]", r.join(", "))
}

// --- the cases -------------------------------------------------------------------------------

pub fn files() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join(EXEC_DIR);
    let mut v: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    v.sort();
    v
}

pub fn load() -> Vec<(DbKind, Case)> {
    let mut out = Vec::new();
    let mut ids = HashSet::new();
    for f in files() {
        // `<dialect>.yaml`, or `<dialect>.<topic>.yaml` for a family of cases.
        let stem = f.file_stem().unwrap().to_str().unwrap();
        let from: DbKind = stem
            .split_once('.')
            .map_or(stem, |(d, _)| d)
            .parse()
            .unwrap_or_else(|e| panic!("{}: {e}", f.display()));
        let text = std::fs::read_to_string(&f).unwrap();
        let cases: Vec<Case> =
            serde_norway::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", f.display()));
        for c in cases {
            assert!(ids.insert(c.id.clone()), "duplicate case id {}", c.id);
            out.push((from, c));
        }
    }
    out
}

/// Pass, skip and fail counts of one target.
#[derive(Default)]
pub struct Tally {
    pub pass: usize,
    pub skip: usize,
    pub fail: usize,
}

/// Translate every case (of `DVT_EXEC_ONLY`'s id filter) to each of its targets among `run`,
/// run it on `engines`, compare, and panic listing every failure; print the tallies and the
/// skipped cases with their reasons.
pub fn run_cases(engines: &dyn Engine, run: &[DbKind]) {
    let cases = load();
    let only = std::env::var("DVT_EXEC_ONLY").ok();
    let mut tally: BTreeMap<DbKind, Tally> = BTreeMap::new();
    let mut per_source: BTreeMap<DbKind, usize> = BTreeMap::new();
    let mut failures = Vec::new();
    let mut skipped = Vec::new();
    let run_skipped = std::env::var("DVT_EXEC_RUN_SKIPPED").is_ok_and(|v| v == "1");
    for (from, c) in &cases {
        if only.as_deref().is_some_and(|o| !c.id.contains(o)) {
            continue;
        }
        *per_source.entry(*from).or_default() += 1;
        let want = c.want();
        for to in c.targets().into_iter().filter(|t| run.contains(t)) {
            let t = tally.entry(to).or_default();
            // DVT_EXEC_RUN_SKIPPED=1 runs known-gap cases too (to find the ones fixed since).
            if let Some(reason) = c.skip_reason(to).filter(|_| !run_skipped) {
                t.skip += 1;
                skipped.push(format!("{} → {to}: {reason}", c.id));
                continue;
            }
            if !engines.available(to) {
                t.skip += 1;
                continue;
            }
            match check(engines, c, *from, to, &want) {
                Ok(()) => t.pass += 1,
                Err(msg) => {
                    t.fail += 1;
                    failures.push(msg);
                }
            }
        }
    }
    let src: Vec<String> = per_source.iter().map(|(d, n)| format!("{d} {n}")).collect();
    eprintln!("exec cases per source: {}", src.join(", "));
    for (d, t) in &tally {
        eprintln!(
            "  {d:<10} pass {:>3}  skip {:>3}  fail {:>3}",
            t.pass, t.skip, t.fail
        );
    }
    if !skipped.is_empty() {
        eprintln!("{} skipped (known gaps):", skipped.len());
        for s in &skipped {
            eprintln!("  {s}");
        }
    }
    if !failures.is_empty() {
        for f in &failures {
            eprintln!("{f}\n");
        }
        panic!("{} executed translation check(s) failed", failures.len());
    }
}

/// One case on one target: `Err` describes the failure.
fn check(
    engines: &dyn Engine,
    c: &Case,
    from: DbKind,
    to: DbKind,
    want: &Rows,
) -> Result<(), String> {
    let translated = Translator.translate(&c.sql, from, to);
    let fail = |msg: String| {
        format!(
            "[{}] {from} → {to}\n  source:     {}\n  translated: {}\n  {msg}",
            c.id,
            c.sql.trim(),
            translated
                .as_ref()
                .map_or_else(|e| format!("<{e}>"), |t| t.sql.clone())
        )
    };
    match (&translated, c.errors.get(to.name())) {
        (Err(e), Some(code)) if e.code() == code => Ok(()),
        (Err(e), _) => Err(fail(format!("translation failed: {e}"))),
        (Ok(_), Some(code)) => Err(fail(format!("expected translation error {code}"))),
        (Ok(tr), None) => match engines.query(to, &tr.sql) {
            Ok(got) if rows_match(&got, want, c.ordered) => Ok(()),
            Ok(got) => Err(fail(format!(
                "got:  {}\n  want: {}",
                show(&got),
                show(want)
            ))),
            Err(e) => Err(fail(format!("engine error: {e}"))),
        },
    }
}
