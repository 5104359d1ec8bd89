//! SQL dialects and their capability rows.
//!
//! Every difference between dialects that the translator acts on is a field of [`Caps`], one
//! row per dialect in [`CAPS`] — in the style of sqlparser's `Dialect` trait — so the rewrite code
//! asks "does the target have ILIKE?" and never "is the target Postgres?".

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};
use sqlparser::dialect as sp;

/// A SQL dialect the translator reads or writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SqlDialect {
    /// Snowflake.
    Snowflake,
    /// PostgreSQL.
    Postgres,
    /// Amazon Redshift.
    Redshift,
    /// Apache Spark SQL.
    Spark,
    /// Databricks SQL (Spark SQL plus QUALIFY and friends).
    Databricks,
    /// DuckDB.
    Duckdb,
    /// The embedded engine's SQL (Apache DataFusion).
    Datafusion,
    /// MySQL.
    Mysql,
    /// MariaDB.
    Mariadb,
    /// SQLite.
    Sqlite,
    /// Google BigQuery.
    Bigquery,
    /// Microsoft SQL Server (T-SQL).
    Tsql,
    /// Trino.
    Trino,
}

/// How unquoted identifiers are folded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fold {
    /// To upper case (Snowflake, Oracle).
    Upper,
    /// To lower case (PostgreSQL, Redshift, DuckDB, DataFusion, Trino).
    Lower,
    /// Kept, compared case-insensitively (MySQL, SQLite, Spark, BigQuery, SQL Server).
    Insensitive,
}

/// How strings are concatenated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConcatStyle {
    /// `a || b`.
    Pipes,
    /// `CONCAT(a, b)` (MySQL: `||` is OR).
    ConcatFn,
    /// `a + b` (SQL Server).
    Plus,
}

/// How a row limit is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LimitStyle {
    /// `LIMIT n [OFFSET m]`.
    Limit,
    /// `SELECT TOP n …` / `OFFSET m ROWS FETCH NEXT n ROWS ONLY` (SQL Server).
    Top,
}

/// How a quote (and a backslash) inside a string literal is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StringEscape {
    /// `'it''s'`; backslash is an ordinary character.
    Doubled,
    /// `'it\'s'`, `'a\\b'`.
    Backslash,
    /// `CONCAT('it', CHAR(39), 's')` (Spark: `''` concatenates two literals).
    CharCodes,
}

/// How `TRY_CAST` is spelled, if at all.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TryCastStyle {
    /// `TRY_CAST(x AS t)`.
    TryCast,
    /// `SAFE_CAST(x AS t)` (BigQuery).
    SafeCast,
    /// No null-on-failure cast.
    None,
}

/// The capability row of one dialect.
#[derive(Debug, Clone, Copy)]
pub struct Caps {
    /// The dialect.
    pub dialect: SqlDialect,
    /// Its name on the command line.
    pub name: &'static str,
    /// Other accepted names.
    pub aliases: &'static [&'static str],
    /// The type-system dialect of `dvt-types` used for type names.
    pub types: dvt_types::Dialect,
    /// Identifier quote character (`[` means `[x]`).
    pub quote: char,
    /// Folding of unquoted identifiers.
    pub fold: Fold,
    /// String concatenation.
    pub concat: ConcatStyle,
    /// `ILIKE` exists.
    pub ilike: bool,
    /// `LIKE` compares case-insensitively by default (collation).
    pub like_case_insensitive: bool,
    /// `QUALIFY` exists.
    pub qualify: bool,
    /// Row limit syntax.
    pub limit: LimitStyle,
    /// `TRUE` / `FALSE` literals exist.
    pub bool_literals: bool,
    /// `a / b` on two integers truncates (true) or gives a fractional result (false).
    pub int_div_truncates: bool,
    /// Where NULLs sort by default for `ASC` (true = first).
    pub nulls_first_asc: bool,
    /// Where NULLs sort by default for `DESC` (true = first).
    pub nulls_first_desc: bool,
    /// `NULLS FIRST` / `NULLS LAST` syntax exists.
    pub nulls_syntax: bool,
    /// Null-on-failure cast.
    pub try_cast: TryCastStyle,
    /// Backslash is an escape character inside string literals.
    pub backslash_escapes: bool,
    /// `IS [NOT] DISTINCT FROM` exists.
    pub is_distinct_from: bool,
    /// `CONCAT()` returns NULL when an argument is NULL (false: NULLs are skipped).
    pub concat_fn_propagates_null: bool,
    /// Regular-expression match functions (`REGEXP_LIKE`, `RLIKE`) match the whole string.
    pub regexp_like_anchored: bool,
    /// Typed literals such as `DATE '2024-01-31'` exist.
    pub typed_literals: bool,
    /// The type name `CAST(x AS …)` takes for a 64-bit integer.
    pub int_type: &'static str,
    /// The row count that means "all rows" when an OFFSET needs a LIMIT (MySQL, SQLite).
    pub limit_all: Option<&'static str>,
    /// `FETCH FIRST n ROWS WITH TIES` / `TOP n WITH TIES` exists.
    pub with_ties: bool,
    /// How quotes and backslashes inside string literals are written.
    pub string_escape: StringEscape,
    /// Date functions accept a string literal where a date or timestamp is expected.
    pub date_strings: bool,
    /// GREATEST / LEAST skip NULL arguments (false: any NULL argument gives NULL).
    pub greatest_skips_null: bool,
    /// `CAST(2.5 AS INT)` rounds (true) or truncates (false).
    pub cast_int_rounds: bool,
    /// How the operand of a cast to an integer is rounded first where the source dialect's
    /// cast rounds and this one's truncates (`{}` is the operand). The engine's `ROUND` takes
    /// no text (a raw text column cast to an integer): it rounds the operand as a decimal,
    /// which any number or numeric text is (its planner tightens this with the operand's type).
    pub int_cast_round: &'static str,
    /// `SUBSTR(s, -2)` counts the start from the end of the string.
    pub substr_negative_from_end: bool,
    /// Aggregates accept `FILTER (WHERE …)`.
    pub agg_filter: bool,
    /// Date arithmetic as PostgreSQL (and the engine) mean it, in the engine's spelling:
    /// `date ± integer` is that many days later / earlier (a number in MySQL, MariaDB and
    /// SQLite) and `date / timestamp ± INTERVAL '1 DAYS'` is calendar arithmetic (no such
    /// literal in SQLite, `INTERVAL 1 DAY` in MySQL).
    pub date_arith: bool,
    /// `LIKE … ESCAPE` takes only a backslash (DataFusion refuses any other escape
    /// character when it runs the query): a literal pattern is written with backslash escapes.
    pub like_escape_backslash_only: bool,
}

macro_rules! caps {
    ($d:ident, $name:literal, [$($alias:literal),*], $types:ident, q=$q:literal, fold=$fold:ident,
     concat=$concat:ident, ilike=$ilike:literal, like_ci=$lci:literal, qualify=$qualify:literal,
     limit=$limit:ident, bools=$bools:literal, intdiv=$intdiv:literal, nfa=$nfa:literal,
     nfd=$nfd:literal, nulls=$nulls:literal, try=$try:ident, bs=$bs:literal, idf=$idf:literal,
     cnull=$cnull:literal, reanch=$reanch:literal, typed=$typed:literal, int=$int:literal, all=$all:expr, ties=$ties:literal, esc=$esc:ident, ds=$ds:literal, gsn=$gsn:literal, cir=$cir:literal, icr=$icr:literal, sneg=$sneg:literal, af=$af:literal, da=$da:literal, lebs=$lebs:literal) => {
        Caps {
            dialect: SqlDialect::$d,
            name: $name,
            aliases: &[$($alias),*],
            types: dvt_types::Dialect::$types,
            quote: $q,
            fold: Fold::$fold,
            concat: ConcatStyle::$concat,
            ilike: $ilike,
            like_case_insensitive: $lci,
            qualify: $qualify,
            limit: LimitStyle::$limit,
            bool_literals: $bools,
            int_div_truncates: $intdiv,
            nulls_first_asc: $nfa,
            nulls_first_desc: $nfd,
            nulls_syntax: $nulls,
            try_cast: TryCastStyle::$try,
            backslash_escapes: $bs,
            is_distinct_from: $idf,
            concat_fn_propagates_null: $cnull,
            regexp_like_anchored: $reanch,
            typed_literals: $typed,
            int_type: $int,
            limit_all: $all,
            with_ties: $ties,
            string_escape: StringEscape::$esc,
            date_strings: $ds,
            greatest_skips_null: $gsn,
            cast_int_rounds: $cir,
            int_cast_round: $icr,
            substr_negative_from_end: $sneg,
            agg_filter: $af,
            date_arith: $da,
            like_escape_backslash_only: $lebs,
        }
    };
}

/// One capability row per dialect.
#[rustfmt::skip]
pub const CAPS: &[Caps] = &[
    caps!(Snowflake, "snowflake", [], Snowflake, q='"', fold=Upper, concat=Pipes, ilike=true, like_ci=false, qualify=true, limit=Limit, bools=true, intdiv=false, nfa=false, nfd=true, nulls=true, try=TryCast, bs=true, idf=true, cnull=true, reanch=true, typed=true, int="BIGINT", all=None, ties=false, esc=Backslash, ds=true, gsn=false, cir=true, icr="ROUND({}, 0)", sneg=true, af=false, da=false, lebs=false),
    caps!(Postgres, "postgres", ["postgresql", "pg"], Postgres, q='"', fold=Lower, concat=Pipes, ilike=true, like_ci=false, qualify=false, limit=Limit, bools=true, intdiv=true, nfa=false, nfd=true, nulls=true, try=None, bs=false, idf=true, cnull=false, reanch=false, typed=true, int="BIGINT", all=None, ties=true, esc=Doubled, ds=false, gsn=true, cir=true, icr="ROUND({}, 0)", sneg=false, af=true, da=true, lebs=false),
    caps!(Redshift, "redshift", [], Redshift, q='"', fold=Lower, concat=Pipes, ilike=true, like_ci=false, qualify=true, limit=Limit, bools=true, intdiv=true, nfa=false, nfd=true, nulls=true, try=None, bs=true, idf=false, cnull=true, reanch=false, typed=true, int="BIGINT", all=None, ties=false, esc=Backslash, ds=false, gsn=true, cir=true, icr="ROUND({}, 0)", sneg=false, af=false, da=false, lebs=false),
    caps!(Spark, "spark", ["sparksql"], Spark, q='`', fold=Insensitive, concat=Pipes, ilike=true, like_ci=false, qualify=false, limit=Limit, bools=true, intdiv=false, nfa=true, nfd=false, nulls=true, try=TryCast, bs=true, idf=true, cnull=true, reanch=false, typed=true, int="BIGINT", all=None, ties=false, esc=CharCodes, ds=true, gsn=true, cir=false, icr="ROUND({}, 0)", sneg=true, af=true, da=false, lebs=false),
    caps!(Databricks, "databricks", [], Spark, q='`', fold=Insensitive, concat=Pipes, ilike=true, like_ci=false, qualify=true, limit=Limit, bools=true, intdiv=false, nfa=true, nfd=false, nulls=true, try=TryCast, bs=true, idf=true, cnull=true, reanch=false, typed=true, int="BIGINT", all=None, ties=false, esc=CharCodes, ds=true, gsn=true, cir=false, icr="ROUND({}, 0)", sneg=true, af=true, da=false, lebs=false),
    caps!(Duckdb, "duckdb", [], DuckDb, q='"', fold=Lower, concat=Pipes, ilike=true, like_ci=false, qualify=true, limit=Limit, bools=true, intdiv=false, nfa=false, nfd=false, nulls=true, try=TryCast, bs=false, idf=true, cnull=false, reanch=false, typed=true, int="BIGINT", all=None, ties=false, esc=Doubled, ds=false, gsn=true, cir=true, icr="ROUND({}, 0)", sneg=true, af=true, da=true, lebs=false),
    caps!(Datafusion, "datafusion", ["embedded"], DataFusion, q='"', fold=Lower, concat=Pipes, ilike=true, like_ci=false, qualify=true, limit=Limit, bools=true, intdiv=true, nfa=false, nfd=true, nulls=true, try=TryCast, bs=false, idf=true, cnull=false, reanch=false, typed=true, int="BIGINT", all=None, ties=false, esc=Doubled, ds=false, gsn=true, cir=false, icr="ROUND(CAST({} AS DECIMAL(38,10)), 0)", sneg=false, af=true, da=true, lebs=true),
    caps!(Mysql, "mysql", [], MySql, q='`', fold=Insensitive, concat=ConcatFn, ilike=false, like_ci=true, qualify=false, limit=Limit, bools=true, intdiv=false, nfa=true, nfd=false, nulls=false, try=None, bs=true, idf=false, cnull=true, reanch=false, typed=true, int="SIGNED", all=Some("18446744073709551615"), ties=false, esc=Backslash, ds=true, gsn=false, cir=true, icr="ROUND({}, 0)", sneg=true, af=false, da=false, lebs=false),
    caps!(Mariadb, "mariadb", [], MariaDb, q='`', fold=Insensitive, concat=ConcatFn, ilike=false, like_ci=true, qualify=false, limit=Limit, bools=true, intdiv=false, nfa=true, nfd=false, nulls=false, try=None, bs=true, idf=false, cnull=true, reanch=false, typed=true, int="SIGNED", all=Some("18446744073709551615"), ties=false, esc=Backslash, ds=true, gsn=false, cir=true, icr="ROUND({}, 0)", sneg=true, af=false, da=false, lebs=false),
    caps!(Sqlite, "sqlite", [], Sqlite, q='"', fold=Insensitive, concat=Pipes, ilike=false, like_ci=true, qualify=false, limit=Limit, bools=true, intdiv=true, nfa=true, nfd=false, nulls=true, try=None, bs=false, idf=true, cnull=false, reanch=false, typed=false, int="INTEGER", all=Some("-1"), ties=false, esc=Doubled, ds=true, gsn=false, cir=false, icr="ROUND({}, 0)", sneg=true, af=true, da=false, lebs=false),
    caps!(Bigquery, "bigquery", [], BigQuery, q='`', fold=Insensitive, concat=Pipes, ilike=false, like_ci=false, qualify=true, limit=Limit, bools=true, intdiv=false, nfa=true, nfd=false, nulls=true, try=SafeCast, bs=true, idf=true, cnull=true, reanch=false, typed=true, int="INT64", all=None, ties=false, esc=Backslash, ds=false, gsn=false, cir=true, icr="ROUND({}, 0)", sneg=true, af=false, da=false, lebs=false),
    caps!(Tsql, "tsql", ["sqlserver", "mssql"], SqlServer, q='[', fold=Insensitive, concat=Plus, ilike=false, like_ci=true, qualify=false, limit=Top, bools=false, intdiv=true, nfa=true, nfd=false, nulls=false, try=TryCast, bs=false, idf=true, cnull=false, reanch=false, typed=false, int="BIGINT", all=None, ties=true, esc=Doubled, ds=true, gsn=true, cir=false, icr="ROUND({}, 0)", sneg=false, af=false, da=false, lebs=false),
    caps!(Trino, "trino", ["presto"], Trino, q='"', fold=Lower, concat=Pipes, ilike=false, like_ci=false, qualify=false, limit=Limit, bools=true, intdiv=true, nfa=false, nfd=false, nulls=true, try=TryCast, bs=false, idf=true, cnull=true, reanch=false, typed=true, int="BIGINT", all=None, ties=true, esc=Doubled, ds=false, gsn=false, cir=true, icr="ROUND({}, 0)", sneg=true, af=true, da=false, lebs=false),
];

/// Dialects whose `EXTRACT(DAYOFWEEK / DOW …)` counts 1 = Sunday … 7 = Saturday (the canonical
/// day of week, as in PostgreSQL, is 0 = Sunday … 6 = Saturday).
pub const EXTRACT_DOW_FROM_ONE: &[SqlDialect] = &[
    SqlDialect::Spark,
    SqlDialect::Databricks,
    SqlDialect::Bigquery,
];

/// Dialects with `SELECT DISTINCT ON (…)`.
pub const DISTINCT_ON: &[SqlDialect] = &[SqlDialect::Postgres, SqlDialect::Duckdb];

/// Dialects that cannot name a derived table's columns in its alias (`AS t (a, b)`); the
/// names then move into the subquery's select list.
pub const NO_DERIVED_COLUMN_LISTS: &[SqlDialect] = &[
    SqlDialect::Mysql,
    SqlDialect::Mariadb,
    SqlDialect::Sqlite,
    SqlDialect::Bigquery,
];

/// Dialects with Hive's `LATERAL VIEW explode(…)`.
pub const LATERAL_VIEW: &[SqlDialect] = &[SqlDialect::Spark, SqlDialect::Databricks];

/// Dialects with `[LEFT] SEMI JOIN` / `[LEFT] ANTI JOIN`.
pub const SEMI_JOIN: &[SqlDialect] = &[
    SqlDialect::Spark,
    SqlDialect::Databricks,
    SqlDialect::Duckdb,
];

impl SqlDialect {
    /// Every dialect.
    pub fn all() -> impl Iterator<Item = SqlDialect> {
        CAPS.iter().map(|c| c.dialect)
    }

    /// The capability row.
    pub fn caps(self) -> &'static Caps {
        CAPS.iter()
            .find(|c| c.dialect == self)
            .expect("every dialect has a capability row")
    }

    /// The name used on the command line.
    pub fn name(self) -> &'static str {
        self.caps().name
    }

    /// The sqlparser dialect that reads this dialect.
    pub fn parser(self) -> Box<dyn sp::Dialect> {
        match self {
            Self::Snowflake => Box::new(sp::SnowflakeDialect {}),
            Self::Postgres => Box::new(sp::PostgreSqlDialect {}),
            Self::Redshift => Box::new(sp::RedshiftSqlDialect {}),
            Self::Spark => Box::new(sp::SparkSqlDialect {}),
            Self::Databricks => Box::new(sp::DatabricksDialect {}),
            Self::Duckdb => Box::new(sp::DuckDbDialect {}),
            Self::Datafusion => Box::new(sp::GenericDialect {}),
            Self::Mysql | Self::Mariadb => Box::new(sp::MySqlDialect {}),
            Self::Sqlite => Box::new(sp::SQLiteDialect {}),
            Self::Bigquery => Box::new(sp::BigQueryDialect {}),
            Self::Tsql => Box::new(sp::MsSqlDialect {}),
            Self::Trino => Box::new(sp::GenericDialect {}),
        }
    }
}

impl FromStr for SqlDialect {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        let l = s.trim().to_ascii_lowercase();
        CAPS.iter()
            .find(|c| c.name == l || c.aliases.contains(&l.as_str()))
            .map(|c| c.dialect)
            .ok_or_else(|| {
                format!(
                    "unknown dialect '{s}'; use one of: {}",
                    CAPS.iter().map(|c| c.name).collect::<Vec<_>>().join(", ")
                )
            })
    }
}

impl fmt::Display for SqlDialect {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}
