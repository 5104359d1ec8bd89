//! Shared helpers of the differential suites (`tpch_differential`, `random_differential`, and
//! dvt-spark's `tpch_spark` and `random_spark`; [`tpch`] is the TPC-H suite itself, [`random`]
//! the random one):
//! plain-SQL loaders for the databases (independent of the connectors under test, but for
//! DuckDB's, whose plain SQL goes through the connector's `execute`), a
//! comparison of result multisets with a numeric tolerance, and small text utilities.

#![allow(dead_code)]

pub mod dialects;
pub mod random;
pub mod tpch;

use std::cmp::Ordering;
use std::path::Path;

pub use dvt_testkit::Rows;
use dvt_testkit::{MariaService, PgService};

/// Where a table lives.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Db {
    /// PostgreSQL.
    Pg,
    /// MariaDB.
    Maria,
    /// SQLite.
    Lite,
    /// DuckDB (a file; the `duckdb` connector feature).
    Duck,
}

impl Db {
    /// The profile output the table is read through.
    pub fn output(self) -> &'static str {
        match self {
            Db::Pg => "pg",
            Db::Maria => "maria",
            Db::Lite => "lite",
            Db::Duck => "duck",
        }
    }
}

/// A column: its name and its native type on each database.
#[derive(Debug, Clone)]
pub struct Column {
    /// Name.
    pub name: String,
    /// Whether values are written as SQL numbers (unquoted).
    pub numeric: bool,
    /// PostgreSQL type.
    pub pg: String,
    /// MariaDB type.
    pub maria: String,
    /// SQLite type.
    pub lite: String,
}

impl Column {
    /// The native type on `db`.
    pub fn native(&self, db: Db) -> &str {
        match db {
            Db::Pg => &self.pg,
            Db::Maria => &self.maria,
            Db::Lite => &self.lite,
            // DuckDB's parser takes PostgreSQL's type names (`char(n)` is a VARCHAR there).
            Db::Duck => &self.pg,
        }
    }
}

/// A table with its rows as text (`None` is NULL).
#[derive(Debug, Clone)]
pub struct Table {
    /// Name.
    pub name: String,
    /// Columns.
    pub columns: Vec<Column>,
    /// Rows.
    pub rows: Vec<Vec<Option<String>>>,
}

/// A SQL string literal.
pub fn lit(s: &str) -> String {
    format!("'{}'", s.replace('\'', "''"))
}

fn value_sql(c: &Column, v: &Option<String>) -> String {
    match v {
        None => "NULL".into(),
        Some(v) if c.numeric => v.clone(),
        Some(v) => lit(v),
    }
}

fn create_sql(t: &Table, db: Db, qualified: &str) -> String {
    let q = if db == Db::Maria { '`' } else { '"' };
    let cols: Vec<String> = t
        .columns
        .iter()
        .map(|c| format!("{q}{}{q} {}", c.name, c.native(db)))
        .collect();
    format!("CREATE TABLE {qualified} ({})", cols.join(", "))
}

/// Multi-row INSERT statements, `per` rows each.
fn insert_sql(t: &Table, qualified: &str, per: usize) -> Vec<String> {
    t.rows
        .chunks(per.max(1))
        .map(|chunk| {
            let values: Vec<String> = chunk
                .iter()
                .map(|r| {
                    let v: Vec<String> = t
                        .columns
                        .iter()
                        .zip(r)
                        .map(|(c, v)| value_sql(c, v))
                        .collect();
                    format!("({})", v.join(","))
                })
                .collect();
            format!("INSERT INTO {qualified} VALUES {}", values.join(","))
        })
        .collect()
}

/// Create and fill `tables` in PostgreSQL database `db`, in `schema` (created when not
/// `public`).
pub fn load_pg(pg: &PgService, db: &str, schema: &str, tables: &[&Table]) {
    if schema != "public" {
        pg.execute_batch(db, &format!("CREATE SCHEMA IF NOT EXISTS \"{schema}\""));
    }
    for t in tables {
        let qualified = format!("\"{schema}\".\"{}\"", t.name);
        let mut sql = create_sql(t, Db::Pg, &qualified) + ";\n";
        for s in insert_sql(t, &qualified, 2000) {
            sql.push_str(&s);
            sql.push_str(";\n");
        }
        sql.push_str(&format!("ANALYZE {qualified};"));
        pg.execute_batch(db, &sql);
    }
}

/// Create and fill `tables` in MariaDB database `db` (default collation of the server).
pub fn load_maria(maria: &MariaService, db: &str, tables: &[&Table]) {
    for t in tables {
        let qualified = format!("`{db}`.`{}`", t.name);
        maria.execute_batch(db, &create_sql(t, Db::Maria, &qualified));
        // Keep each statement well under max_allowed_packet; a backslash in a string is data,
        // as in standard SQL.
        for s in insert_sql(t, &qualified, 2000) {
            maria.execute_batch(
                db,
                &format!("SET SESSION sql_mode = CONCAT(@@sql_mode, ',NO_BACKSLASH_ESCAPES'); {s}"),
            );
        }
    }
}

/// Create and fill `tables` in the SQLite file `path`.
pub fn load_sqlite(path: &Path, tables: &[&Table]) {
    let mut c = rusqlite::Connection::open(path).unwrap();
    let tx = c.transaction().unwrap();
    for t in tables {
        let qualified = format!("\"{}\"", t.name);
        tx.execute_batch(&create_sql(t, Db::Lite, &qualified))
            .unwrap();
        let marks = vec!["?"; t.columns.len()].join(",");
        let mut st = tx
            .prepare(&format!("INSERT INTO {qualified} VALUES ({marks})"))
            .unwrap();
        for r in &t.rows {
            let vals: Vec<rusqlite::types::Value> = t
                .columns
                .iter()
                .zip(r)
                .map(|(c, v)| match v {
                    None => rusqlite::types::Value::Null,
                    Some(v) if c.numeric => match (v.parse::<i64>(), v.as_str()) {
                        (Ok(i), _) => rusqlite::types::Value::Integer(i),
                        (_, "TRUE") => rusqlite::types::Value::Integer(1),
                        (_, "FALSE") => rusqlite::types::Value::Integer(0),
                        _ => rusqlite::types::Value::Real(v.parse().unwrap()),
                    },
                    Some(v) => rusqlite::types::Value::Text(v.clone()),
                })
                .collect();
            st.execute(rusqlite::params_from_iter(vals)).unwrap();
        }
    }
    tx.commit().unwrap();
}

/// Whether the DuckDB tests run: the `duckdb` connector feature is compiled in. Without it they
/// are skipped with a note, unless `DVT_TEST_DUCKDB` is set (`scripts/test.sh` sets it and
/// enables the feature): then a build without it fails them.
pub fn require_duckdb() -> bool {
    let on = dvt_connectors::enabled().contains(&"duckdb");
    assert!(
        on || std::env::var_os("DVT_TEST_DUCKDB").is_none(),
        "DVT_TEST_DUCKDB is set but dvt-connectors was built without its duckdb feature"
    );
    if !on {
        eprintln!("skipped: dvt-connectors' duckdb feature is off (run ./scripts/test.sh)");
    }
    on
}

/// The connector of the DuckDB file `path` (schema `main`), for loading and reading.
async fn duck(path: &Path) -> std::sync::Arc<dyn dvt_io::Connector> {
    let mut c = dvt_core::profiles::Connection::new("duck", dvt_types::DbKind::DuckDb);
    c.path = Some(path.to_path_buf());
    dvt_connectors::open(&c).await.unwrap()
}

/// Create and fill `tables` in `schema` of the DuckDB file `path` (made if missing) with plain
/// SQL statements.
pub async fn load_duck(path: &Path, schema: &str, tables: &[&Table]) {
    let c = duck(path).await;
    c.execute(&format!("CREATE SCHEMA IF NOT EXISTS \"{schema}\""))
        .await
        .unwrap();
    for t in tables {
        let qualified = format!("\"{schema}\".\"{}\"", t.name);
        c.execute(&create_sql(t, Db::Duck, &qualified))
            .await
            .unwrap();
        for s in insert_sql(t, &qualified, 2000) {
            c.execute(&s).await.unwrap();
        }
    }
}

/// The rows of `sql` on the DuckDB file `path`, each value as text (`None` is NULL).
pub async fn duck_strings(path: &Path, sql: &str) -> Rows {
    use futures::TryStreamExt;
    let s = duck(path).await.extract(sql).await.unwrap();
    let batches: Vec<arrow_array::RecordBatch> = s.stream.try_collect().await.unwrap();
    let opts = arrow_cast::display::FormatOptions::default();
    let mut rows = Vec::new();
    for b in &batches {
        let cols: Vec<_> = b
            .columns()
            .iter()
            .map(|c| arrow_cast::display::ArrayFormatter::try_new(c.as_ref(), &opts).unwrap())
            .collect();
        for i in 0..b.num_rows() {
            rows.push(
                b.columns()
                    .iter()
                    .zip(&cols)
                    .map(|(c, f)| (!c.is_null(i)).then(|| f.value(i).to_string()))
                    .collect(),
            );
        }
    }
    rows
}

/// One value, normalized for comparison.
#[derive(Debug, Clone)]
pub enum Cell {
    /// SQL NULL (equal only to NULL).
    Null,
    /// A number (integers, decimals, floats alike).
    Num(f64),
    /// Text, trailing blanks removed (CHAR(n) pads; PAD SPACE semantics).
    Text(String),
}

fn looks_numeric(s: &str) -> bool {
    let b = s.as_bytes();
    let start = usize::from(b.first() == Some(&b'-'));
    b.len() > start
        && b[start].is_ascii_digit()
        && b.iter()
            .skip(start)
            .all(|c| c.is_ascii_digit() || matches!(c, b'.' | b'e' | b'E' | b'-' | b'+'))
}

impl Cell {
    /// From a text value as a server prints it.
    pub fn of(v: &Option<String>) -> Cell {
        match v {
            None => Cell::Null,
            Some(s) if looks_numeric(s) => match s.parse::<f64>() {
                Ok(f) => Cell::Num(f),
                Err(_) => Cell::Text(s.trim_end_matches(' ').to_string()),
            },
            Some(s) => Cell::Text(s.trim_end_matches(' ').to_string()),
        }
    }

    fn rank(&self) -> u8 {
        match self {
            Cell::Null => 0,
            Cell::Num(_) => 1,
            Cell::Text(_) => 2,
        }
    }

    fn order(&self, o: &Cell) -> Ordering {
        match (self, o) {
            (Cell::Num(a), Cell::Num(b)) => a.total_cmp(b),
            (Cell::Text(a), Cell::Text(b)) => a.cmp(b),
            _ => self.rank().cmp(&o.rank()),
        }
    }

    /// Equal: NULL only to NULL, numbers within `tol` relative (absolute below 1), text exactly.
    pub fn same(&self, o: &Cell, tol: f64) -> bool {
        match (self, o) {
            (Cell::Null, Cell::Null) => true,
            (Cell::Num(a), Cell::Num(b)) => {
                (a - b).abs() <= tol * a.abs().max(b.abs()).max(1.0) || a == b
            }
            (Cell::Text(a), Cell::Text(b)) => a == b,
            _ => false,
        }
    }
}

impl std::fmt::Display for Cell {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Cell::Null => f.write_str("NULL"),
            Cell::Num(n) => write!(f, "{n}"),
            Cell::Text(t) => write!(f, "{t:?}"),
        }
    }
}

/// A row, normalized.
pub type Row = Vec<Cell>;

/// Normalize server text rows.
pub fn rows_of(rows: &Rows) -> Vec<Row> {
    rows.iter()
        .map(|r| r.iter().map(Cell::of).collect())
        .collect()
}

fn row_order(a: &Row, b: &Row) -> Ordering {
    for (x, y) in a.iter().zip(b) {
        let o = x.order(y);
        if o != Ordering::Equal {
            return o;
        }
    }
    a.len().cmp(&b.len())
}

/// Render a row for messages.
pub fn show(r: &Row) -> String {
    r.iter()
        .map(|c| c.to_string())
        .collect::<Vec<_>>()
        .join(" | ")
}

/// Compare two results as multisets. `None` when equal, else a description of the
/// difference (rows only in one side, up to 20 each).
pub fn diff_multisets(got: &[Row], want: &[Row], tol: f64) -> Option<String> {
    let mut g = got.to_vec();
    let mut w = want.to_vec();
    g.sort_by(row_order);
    w.sort_by(row_order);
    let same_row =
        |a: &Row, b: &Row| a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x.same(y, tol));
    if g.len() == w.len() && g.iter().zip(&w).all(|(a, b)| same_row(a, b)) {
        return None;
    }
    // Pair rows greedily (sorted merge with tolerance) to show only the differences.
    let mut only_got = Vec::new();
    let mut only_want = Vec::new();
    let (mut i, mut j) = (0, 0);
    while i < g.len() && j < w.len() {
        if same_row(&g[i], &w[j]) {
            i += 1;
            j += 1;
        } else if row_order(&g[i], &w[j]) == Ordering::Less {
            only_got.push(&g[i]);
            i += 1;
        } else {
            only_want.push(&w[j]);
            j += 1;
        }
    }
    only_got.extend(&g[i..]);
    only_want.extend(&w[j..]);
    let list = |v: &[&Row]| {
        let mut s: String = v
            .iter()
            .take(20)
            .map(|r| format!("\n      {}", show(r)))
            .collect();
        if v.len() > 20 {
            s.push_str(&format!("\n      … {} more", v.len() - 20));
        }
        s
    };
    Some(format!(
        "got {} rows, want {} rows\n    only in dvt's result ({}):{}\n    only in the oracle's ({}):{}",
        g.len(),
        w.len(),
        only_got.len(),
        list(&only_got),
        only_want.len(),
        list(&only_want)
    ))
}

/// Replace whole-word, unqualified identifiers (`lineitem` but not `x.lineitem` or
/// `lineitem_x`) by `f(word)`.
pub fn replace_words(sql: &str, f: impl Fn(&str) -> Option<String>) -> String {
    let mut out = String::with_capacity(sql.len() * 2);
    let chars: Vec<char> = sql.chars().collect();
    let mut i = 0;
    let mut in_str = false;
    while i < chars.len() {
        let c = chars[i];
        if c == '\'' {
            in_str = !in_str;
            out.push(c);
            i += 1;
            continue;
        }
        if !in_str && (c.is_ascii_alphabetic() || c == '_') {
            let start = i;
            while i < chars.len() && (chars[i].is_ascii_alphanumeric() || chars[i] == '_') {
                i += 1;
            }
            let word: String = chars[start..i].iter().collect();
            let qualified = start > 0 && chars[start - 1] == '.';
            match (!qualified).then(|| f(&word)).flatten() {
                Some(r) => out.push_str(&r),
                None => out.push_str(&word),
            }
            continue;
        }
        out.push(c);
        i += 1;
    }
    out
}

/// Write `rel` (creating its directories) below `root`.
pub fn write(root: &Path, rel: &str, text: &str) {
    let p = root.join(rel);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, text).unwrap();
}

/// The project at `root` loaded (no environment variables) and resolved.
pub fn load_project(
    root: &Path,
) -> (
    dvt_core::session::LoadedProject,
    dvt_core::resolver::Resolution,
) {
    let mut args = dvt_core::session::LoadArgs::new(root);
    args.env = std::sync::Arc::new(dvt_core::env::MapEnv::new::<String, String>([]));
    let lp = dvt_core::session::LoadedProject::load(&args).unwrap();
    let res = lp.resolve(&dvt_core::WarningCollector::new()).unwrap();
    (lp, res)
}

/// The databases behind the outputs [`write_project_files`] writes.
#[derive(Clone, Copy)]
pub struct Outputs<'a> {
    /// The PostgreSQL database of the target output `wh`.
    pub target_db: &'a str,
    /// The schema of the target output `wh` (created by the run when it does not exist).
    pub target_schema: &'a str,
    /// The PostgreSQL database of the source output `pg`.
    pub pg_db: &'a str,
    /// The schema of output `pg`.
    pub pg_schema: &'a str,
    /// The schema (database) of the MariaDB output `maria`.
    pub maria_schema: &'a str,
}

/// `dbt_project.yml` (every model a table) and `profiles.yml` of the project `name` over the
/// three servers: outputs `wh` (the target), `pg`, `maria` and `lite` (`root/lite.db`).
pub fn write_project_files(
    root: &Path,
    name: &str,
    services: (&PgService, &MariaService),
    dbs: &Outputs<'_>,
) {
    write_dbt_project(root, name);
    write_profile(root, name, &profile_outputs(root, services, dbs));
}

/// `dbt_project.yml` of the project `name`: every model a table.
pub fn write_dbt_project(root: &Path, name: &str) {
    write(
        root,
        "dbt_project.yml",
        &format!("name: {name}\nprofile: {name}\nmodels:\n  {name}:\n    +materialized: table\n"),
    );
}

/// The outputs [`write_project_files`] writes, as (name, YAML flow mapping).
pub fn profile_outputs(
    root: &Path,
    services: (&PgService, &MariaService),
    dbs: &Outputs<'_>,
) -> Vec<(String, String)> {
    let (pg, maria) = services;
    let pg_out = |db: &str, schema: &str| {
        format!(
            "{{type: postgres, host: '{}', port: {}, user: {}, password: '', dbname: {db}, schema: {schema}}}",
            pg.host, pg.port, pg.user
        )
    };
    vec![
        ("wh".into(), pg_out(dbs.target_db, dbs.target_schema)),
        ("pg".into(), pg_out(dbs.pg_db, dbs.pg_schema)),
        (
            "maria".into(),
            format!(
                "{{type: mariadb, host: '{}', port: {}, user: {}, password: '', schema: {}}}",
                maria.host, maria.port, maria.user, dbs.maria_schema
            ),
        ),
        (
            "lite".into(),
            format!(
                "{{type: sqlite, path: '{}'}}",
                root.join("lite.db").display()
            ),
        ),
    ]
}

/// `profiles.yml` of the profile `name` (target `wh`) with `outputs`.
pub fn write_profile(root: &Path, name: &str, outputs: &[(String, String)]) {
    let mut yml = format!("{name}:\n  target: wh\n  outputs:\n");
    for (output, body) in outputs {
        yml.push_str(&format!("    {output}: {body}\n"));
    }
    write(root, "profiles.yml", &yml);
}
