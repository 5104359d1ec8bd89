//! The random differential's data: six small, NULL-heavy tables `a` … `f`, two on each of
//! PostgreSQL, MariaDB and SQLite (`f` in a DuckDB file instead where the suite reads DuckDB), with the same columns ([`COLUMNS`]) and rows drawn by a
//! fixed generator (the same rows every run, different for each table).
//!
//! Adding a column to every table is one line in [`COLUMNS`]: it is created on the three
//! databases and the oracle (quoted, so `MiXeD` keeps its case), filled by its [`Kind`], read
//! through the derived tables, and picked by the generator wherever it picks a column of its
//! kind (see [`super::query::Col`]).

use super::super::{Column, Db, Table};

/// The tables, in the order the generator picks them by index.
pub const TABLES: [&str; 6] = ["a", "b", "c", "d", "e", "f"];

/// Where a table lives: `a`, `d` on PostgreSQL, `b`, `e` on MariaDB, `c`, `f` on SQLite.
pub fn place(t: &str) -> Db {
    placement(t, false)
}

/// [`place`], or with `f` in a DuckDB file (`duck`: the suite's executor reads DuckDB).
pub fn placement(t: &str, duck: bool) -> Db {
    match t {
        "a" | "d" => Db::Pg,
        "b" | "e" => Db::Maria,
        "f" if duck => Db::Duck,
        _ => Db::Lite,
    }
}

/// What a column holds: its native types and the values it is filled with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Join key: 0 … 4, duplicates and NULLs.
    Key,
    /// Integer, NULL-heavy, negatives.
    Int,
    /// `varchar(8)`: [`STRINGS`].
    Text,
    /// `date`: [`DATES`].
    Date,
    /// `timestamp(6)`: [`TIMES`].
    Time,
    /// Boolean, NULL-heavy.
    Bool,
    /// `numeric(8,2)`: [`NUMS`].
    Num,
}

impl Kind {
    /// The column `name` of this kind, with its type on each database.
    fn column(self, name: &str) -> Column {
        let (numeric, pg, maria, lite) = match self {
            Kind::Key | Kind::Int => (true, "integer", "INT", "INTEGER"),
            Kind::Text => (false, "varchar(8)", "VARCHAR(8)", "TEXT"),
            Kind::Date => (false, "date", "DATE", "DATE"),
            Kind::Time => (false, "timestamp(6)", "DATETIME(6)", "TIMESTAMP"),
            Kind::Bool => (true, "boolean", "BOOLEAN", "BOOLEAN"),
            Kind::Num => (true, "numeric(8,2)", "DECIMAL(8,2)", "NUMERIC(8,2)"),
        };
        Column {
            name: name.into(),
            numeric,
            pg: pg.into(),
            maria: maria.into(),
            lite: lite.into(),
        }
    }

    /// One value, drawn with `next(m)` (uniform in `0..m`).
    fn value(self, next: &mut impl FnMut(u64) -> u64) -> Option<String> {
        let pick = |list: &[Option<&str>], next: &mut dyn FnMut(u64) -> u64| {
            list[next(list.len() as u64) as usize].map(str::to_string)
        };
        match self {
            Kind::Key => match next(6) {
                0 => None,
                n => Some((n as i64 - 1).to_string()),
            },
            Kind::Int => match next(8) {
                0..=2 => None,
                n => Some((n as i64 - 5).to_string()),
            },
            Kind::Text => pick(&STRINGS, next),
            Kind::Date => pick(&DATES, next),
            Kind::Time => pick(&TIMES, next),
            Kind::Bool => pick(&[None, Some("TRUE"), Some("FALSE")], next),
            Kind::Num => pick(&NUMS, next),
        }
    }
}

/// Every table's columns, in order. The first seven are the roles the generator's
/// [`super::query::Col`] constants name; a column added here (`("MiXeD", Kind::Int)`) joins
/// the picks of its kind.
pub const COLUMNS: &[(&str, Kind)] = &[
    ("k", Kind::Key),
    ("v", Kind::Int),
    ("s", Kind::Text),
    ("d", Kind::Date),
    ("t", Kind::Time),
    ("b", Kind::Bool),
    ("n", Kind::Num),
    // Mixed case, quoted in every query as PostgreSQL needs (the engine names it so on all
    // three servers for a PostgreSQL-dialect model).
    ("MiXeD", Kind::Int),
];

/// The strings: NULL, '', case variants, and the LIKE metacharacters `%`, `_` and the escape
/// `\` as data (so an escaped pattern matches differently from an unescaped one).
pub const STRINGS: [Option<&str>; 15] = [
    None,
    Some(""),
    Some("a"),
    Some("A"),
    Some("b"),
    Some("B"),
    Some("ab"),
    Some("aB"),
    Some("a%"),
    Some("a_"),
    Some("%b"),
    Some("a\\b"),
    None,
    // Trailing spaces: equal to "a" / "A" under MariaDB's PAD SPACE collations.
    Some("a "),
    Some("A  "),
];

/// Dates: NULL, before 1970, leap days, before year 1000.
pub const DATES: [Option<&str>; 7] = [
    None,
    Some("1969-12-31"),
    Some("2000-02-29"),
    Some("2000-03-01"),
    Some("2024-01-01"),
    Some("0999-06-15"),
    None,
];

/// Timestamps: NULL, before 1970 with a fraction, a microsecond past midnight.
pub const TIMES: [Option<&str>; 6] = [
    None,
    Some("1969-12-31 23:59:59.5"),
    Some("2000-02-29 12:00:00"),
    Some("2024-01-01 00:00:00"),
    Some("2024-01-01 00:00:00.000001"),
    None,
];

/// numeric(8,2): halves for rounding, negatives.
pub const NUMS: [Option<&str>; 9] = [
    None,
    Some("-0.50"),
    Some("1.25"),
    Some("3.33"),
    Some("0.05"),
    Some("7.00"),
    Some("-12.35"),
    Some("100.99"),
    Some("0.15"),
];

/// Twelve rows per table, each column filled by its [`Kind`].
pub fn tables() -> Vec<Table> {
    TABLES
        .iter()
        .enumerate()
        .map(|(ti, name)| {
            let mut x: u64 = 0x9e37_79b9 ^ (ti as u64 * 7919 + 17);
            let mut next = |m: u64| {
                x = x
                    .wrapping_mul(6_364_136_223_846_793_005)
                    .wrapping_add(1_442_695_040_888_963_407);
                (x >> 33) % m
            };
            let rows = (0..12)
                .map(|_| COLUMNS.iter().map(|(_, k)| k.value(&mut next)).collect())
                .collect();
            Table {
                name: name.to_string(),
                columns: COLUMNS.iter().map(|(c, k)| k.column(c)).collect(),
                rows,
            }
        })
        .collect()
}
