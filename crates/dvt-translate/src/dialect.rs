//! SQL dialects and their capability rows.
//!
//! Every difference between dialects that the translator acts on is a field of [`Caps`], one
//! row per dialect in [`CAPS`] — in the style of sqlparser's `Dialect` trait — so the rewrite code
//! asks "does the target have ILIKE?" and never "is the target Postgres?". Each row is a struct
//! literal that starts from [`ANSI`] (or a family base that does) and states only where its
//! dialect differs.

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

/// How an interval of some units is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IntervalStyle {
    /// Amount and unit in one string: `INTERVAL '3 day'`; a computed amount multiplies one unit:
    /// `((n) * INTERVAL '1 day')`.
    Quoted,
    /// The amount alone in the string and the unit a keyword: `INTERVAL '3' DAY`; a computed
    /// amount multiplies one unit: `((n) * INTERVAL '1' DAY)`.
    QuotedAmount,
    /// The amount as an expression: `INTERVAL 3 DAY`, `INTERVAL n DAY`.
    Expression,
    /// No interval literal: the source's form is kept.
    None,
}

/// How an array of some elements is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ArrayLiteralStyle {
    /// `ARRAY[1, 2]`.
    ArrayBrackets,
    /// A function of the elements: `ARRAY(1, 2)`, `ARRAY_CONSTRUCT(1, 2)`.
    Function(&'static str),
    /// `[1, 2]`.
    Brackets,
    /// No array literal: the source's form is kept.
    None,
}

/// How "a regular expression matches somewhere in a string" is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RegexMatchStyle {
    /// An infix operator: `(s ~ p)`, `(s REGEXP p)`, `(s RLIKE p)`; `ignore_case`: its twin that
    /// ignores case, if there is one (`(s ~* p)`).
    Operator {
        /// The operator.
        op: &'static str,
        /// The operator that ignores case.
        ignore_case: Option<&'static str>,
    },
    /// A function: `REGEXP_LIKE(s, p)`, `REGEXP_MATCHES(s, p)`, `REGEXP_CONTAINS(s, p)`; `flags`:
    /// it takes a flags argument (`REGEXP_MATCHES(s, p, 'i')`).
    Function {
        /// The function's name.
        name: &'static str,
        /// It takes a flags argument.
        flags: bool,
    },
    /// The position of the first match: `(REGEXP_INSTR(s, p) > 0)`, ignoring case
    /// `(REGEXP_INSTR(s, p, 1, 1, 0, 'i') > 0)`.
    Instr,
    /// No regular expressions.
    None,
}

/// How a capture group of the first match of a regular expression is extracted (NULL when the
/// pattern does not match). Templates take `{0}` (the string), `{1}` (the pattern) and `{2}`
/// (the group number).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RegexGroupStyle {
    /// The array of a match's groups, the whole match made the first group:
    /// `REGEXP_MATCH(s, '(' || p || ')')[n + 1]`; `parenthesized`: the call is parenthesized before
    /// its subscript (`(REGEXP_MATCH(s, '(a(b))'))[2]`).
    MatchArray {
        /// The call is parenthesized before its subscript.
        parenthesized: bool,
    },
    /// `REGEXP_SUBSTR(s, p)` gives the whole match, and `group` a capture group:
    /// `REGEXP_SUBSTR({0}, {1}, 1, 1, 'e', {2})` for any group where `any_group`, else
    /// `REGEXP_SUBSTR({0}, {1}, 1, 1, 'e')` for group 1 only.
    Substr {
        /// A capture group.
        group: Option<&'static str>,
        /// `group` extracts any group (else only the first).
        any_group: bool,
    },
    /// One template for any group (0: the whole match): `REGEXP_EXTRACT({0}, {1}, {2})`,
    /// `CASE WHEN {0} RLIKE {1} THEN REGEXP_EXTRACT({0}, {1}, {2}) END`.
    Extract(&'static str),
    /// One function gives the first capture group, or the whole match of a pattern without
    /// groups: `REGEXP_EXTRACT({0}, {1})`. Only those can be extracted.
    FirstGroupOrMatch(&'static str),
    /// Capture groups cannot be extracted.
    None,
}

/// How a regular expression's matches are replaced. Templates take `{0}` (the string), `{1}`
/// (the pattern) and `{2}` (the replacement).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RegexReplaceStyle {
    /// PostgreSQL's flags: `REGEXP_REPLACE(s, p, r, 'g')` replaces every match, without `'g'`
    /// the first; `'i'` ignores case (`REGEXP_REPLACE(s, p, r, 'gi')`).
    Flags,
    /// `REGEXP_REPLACE(s, p, r)` replaces every match; `first` replaces the first match only:
    /// `REGEXP_REPLACE({0}, {1}, {2}, 1, 1)`.
    All {
        /// The first match only.
        first: Option<&'static str>,
    },
    /// No regular expressions.
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
    /// `EXTRACT(DAYOFWEEK …)` / `DAYOFWEEK(x)` count 1 = Sunday … 7 = Saturday (the canonical
    /// day of week, as in PostgreSQL, is 0 = Sunday … 6 = Saturday).
    pub dow_from_one: bool,
    /// `SELECT DISTINCT ON (a) a, b …` exists.
    pub distinct_on: bool,
    /// A derived table can name its columns in its alias: `(SELECT …) AS t (a, b)` (false: the
    /// names move into the subquery's select list).
    pub derived_column_lists: bool,
    /// Hive's `LATERAL VIEW explode(xs) v AS x` exists.
    pub lateral_view: bool,
    /// `a [LEFT] SEMI JOIN b ON …` / `a [LEFT] ANTI JOIN b ON …` exist.
    pub semi_join: bool,
    /// `a <=> b` is equality where NULL equals NULL (`IS NOT DISTINCT FROM`).
    pub null_safe_eq_op: bool,
    /// Dates and timestamps are types of their own (false: SQLite, where they are text: a typed
    /// literal `DATE '2024-01-31'` is written as its string, and `CAST(x AS DATE)` would be a number).
    pub date_types: bool,
    /// How a cast to a date is written when not as `CAST(x AS DATE)` (`{}` is x): `DATE({})`.
    pub date_cast: Option<&'static str>,
    /// How a cast to a timestamp is written when not as `CAST(x AS TIMESTAMP)` (`{}` is x):
    /// `DATETIME({})`.
    pub timestamp_cast: Option<&'static str>,
    /// JSON is text (MariaDB: its JSON type is a `LONGTEXT` and CAST has no JSON): a cast to JSON
    /// is dropped.
    pub json_is_text: bool,
    /// CAST names its own types, not the columns' types: `SIGNED` / `UNSIGNED` (64-bit integers),
    /// `CHAR[(n)]` (a string), `DOUBLE`, `DATETIME(p)`, … (`CAST(x AS SIGNED)`).
    pub cast_signed: bool,
    /// How an interval literal is written.
    pub interval: IntervalStyle,
    /// How an array literal is written.
    pub array_literal: ArrayLiteralStyle,
    /// The names of GREATEST and LEAST (SQLite: the multi-argument `MAX(a, b)` and `MIN(a, b)`).
    pub greatest_least: (&'static str, &'static str),
    /// The name of the substring function: `SUBSTRING(s, 2, 3)`, `SUBSTR(s, 2, 3)`.
    pub substring_name: &'static str,
    /// SUBSTRING takes a length: a call without one gets the whole length (`SUBSTRING(s, 2, LEN(s))`).
    pub substring_length_required: bool,
    /// The name of the string length function a SUBSTRING start or length is computed with:
    /// `LENGTH(s)`, `LEN(s)`.
    pub length_name: &'static str,
    /// How a regular expression match anywhere in a string is written.
    pub regex_match: RegexMatchStyle,
    /// How a capture group of a regular expression's first match is extracted.
    pub regex_group: RegexGroupStyle,
    /// The first match of a regular expression, NULL when none (`{0}` the string, `{1}` the
    /// pattern): `REGEXP_SUBSTR({0}, {1})`, `REGEXP_EXTRACT({0}, {1})`; `None`: group 0 of
    /// [`regex_group`](Self::regex_group).
    pub regexp_substr: Option<&'static str>,
    /// `REGEXP_EXTRACT(s, p, n)` gives group n of the first match and `''` when nothing matches
    /// (Spark's meaning).
    pub regexp_extract_or_empty: bool,
    /// `SUBSTRING(s FROM p)` gives the first capture group of a regular expression's first match, or
    /// the whole match when the pattern has no group.
    pub substring_from_regex: bool,
    /// How the matches of a regular expression are replaced.
    pub regex_replace: RegexReplaceStyle,
}

/// Standard SQL: the base of every row, which states only where its dialect differs. A feature
/// the standard lacks (ILIKE, QUALIFY, TRY_CAST, …) is absent here; where the standard leaves a
/// behaviour to the implementation, the value is PostgreSQL's. The identity fields (`dialect`,
/// `name`, `types`) are placeholders every row sets.
pub const ANSI: Caps = Caps {
    dialect: SqlDialect::Postgres,
    name: "ansi",
    aliases: &[],
    types: dvt_types::Dialect::Postgres,
    quote: '"',
    fold: Fold::Upper,
    concat: ConcatStyle::Pipes,
    ilike: false,
    like_case_insensitive: false,
    qualify: false,
    limit: LimitStyle::Limit,
    bool_literals: true,
    int_div_truncates: true,
    nulls_first_asc: false,
    nulls_first_desc: true,
    nulls_syntax: true,
    try_cast: TryCastStyle::None,
    backslash_escapes: false,
    is_distinct_from: true,
    concat_fn_propagates_null: true,
    regexp_like_anchored: false,
    typed_literals: true,
    int_type: "BIGINT",
    limit_all: None,
    with_ties: true,
    string_escape: StringEscape::Doubled,
    date_strings: false,
    greatest_skips_null: true,
    cast_int_rounds: true,
    int_cast_round: "ROUND({}, 0)",
    substr_negative_from_end: false,
    agg_filter: true,
    date_arith: false,
    like_escape_backslash_only: false,
    dow_from_one: false,
    distinct_on: false,
    derived_column_lists: true,
    lateral_view: false,
    semi_join: false,
    null_safe_eq_op: false,
    date_types: true,
    date_cast: None,
    timestamp_cast: None,
    json_is_text: false,
    cast_signed: false,
    interval: IntervalStyle::QuotedAmount,
    array_literal: ArrayLiteralStyle::ArrayBrackets,
    greatest_least: ("GREATEST", "LEAST"),
    substring_name: "SUBSTRING",
    substring_length_required: false,
    length_name: "LENGTH",
    regex_match: RegexMatchStyle::None,
    regex_group: RegexGroupStyle::None,
    regexp_substr: None,
    regexp_extract_or_empty: false,
    substring_from_regex: false,
    regex_replace: RegexReplaceStyle::None,
};

/// What PostgreSQL and Redshift share.
const POSTGRES_LIKE: Caps = Caps {
    fold: Fold::Lower,
    ilike: true,
    interval: IntervalStyle::Quoted,
    regex_match: RegexMatchStyle::Operator {
        op: "~",
        ignore_case: Some("~*"),
    },
    regexp_substr: Some("REGEXP_SUBSTR({0}, {1})"),
    substring_from_regex: true,
    regex_replace: RegexReplaceStyle::Flags,
    ..ANSI
};

/// What Spark and Databricks share.
const SPARK_LIKE: Caps = Caps {
    quote: '`',
    fold: Fold::Insensitive,
    ilike: true,
    int_div_truncates: false,
    nulls_first_asc: true,
    nulls_first_desc: false,
    try_cast: TryCastStyle::TryCast,
    backslash_escapes: true,
    with_ties: false,
    string_escape: StringEscape::CharCodes,
    date_strings: true,
    cast_int_rounds: false,
    substr_negative_from_end: true,
    dow_from_one: true,
    lateral_view: true,
    semi_join: true,
    null_safe_eq_op: true,
    interval: IntervalStyle::Expression,
    array_literal: ArrayLiteralStyle::Function("ARRAY"),
    regex_match: RegexMatchStyle::Operator {
        op: "RLIKE",
        ignore_case: None,
    },
    regex_group: RegexGroupStyle::Extract(
        "CASE WHEN {0} RLIKE {1} THEN REGEXP_EXTRACT({0}, {1}, {2}) END",
    ),
    regexp_extract_or_empty: true,
    regex_replace: RegexReplaceStyle::All { first: None },
    ..ANSI
};

/// What MySQL and MariaDB share.
const MYSQL_LIKE: Caps = Caps {
    quote: '`',
    fold: Fold::Insensitive,
    concat: ConcatStyle::ConcatFn,
    like_case_insensitive: true,
    int_div_truncates: false,
    nulls_first_asc: true,
    nulls_first_desc: false,
    nulls_syntax: false,
    backslash_escapes: true,
    is_distinct_from: false,
    int_type: "SIGNED",
    limit_all: Some("18446744073709551615"),
    with_ties: false,
    string_escape: StringEscape::Backslash,
    date_strings: true,
    greatest_skips_null: false,
    substr_negative_from_end: true,
    agg_filter: false,
    derived_column_lists: false,
    null_safe_eq_op: true,
    cast_signed: true,
    interval: IntervalStyle::Expression,
    array_literal: ArrayLiteralStyle::None,
    regex_match: RegexMatchStyle::Operator {
        op: "REGEXP",
        ignore_case: None,
    },
    regex_group: RegexGroupStyle::Substr {
        group: None,
        any_group: false,
    },
    regexp_substr: Some("REGEXP_SUBSTR({0}, {1})"),
    ..ANSI
};

/// One capability row per dialect.
pub const CAPS: &[Caps] = &[
    Caps {
        dialect: SqlDialect::Snowflake,
        name: "snowflake",
        types: dvt_types::Dialect::Snowflake,
        ilike: true,
        qualify: true,
        int_div_truncates: false,
        try_cast: TryCastStyle::TryCast,
        backslash_escapes: true,
        regexp_like_anchored: true,
        with_ties: false,
        string_escape: StringEscape::Backslash,
        date_strings: true,
        greatest_skips_null: false,
        substr_negative_from_end: true,
        agg_filter: false,
        interval: IntervalStyle::Quoted,
        array_literal: ArrayLiteralStyle::Function("ARRAY_CONSTRUCT"),
        regex_match: RegexMatchStyle::Instr,
        regex_group: RegexGroupStyle::Substr {
            group: Some("REGEXP_SUBSTR({0}, {1}, 1, 1, 'e', {2})"),
            any_group: true,
        },
        regexp_substr: Some("REGEXP_SUBSTR({0}, {1})"),
        regex_replace: RegexReplaceStyle::All {
            first: Some("REGEXP_REPLACE({0}, {1}, {2}, 1, 1)"),
        },
        ..ANSI
    },
    Caps {
        dialect: SqlDialect::Postgres,
        name: "postgres",
        aliases: &["postgresql", "pg"],
        types: dvt_types::Dialect::Postgres,
        concat_fn_propagates_null: false,
        date_arith: true,
        distinct_on: true,
        regex_group: RegexGroupStyle::MatchArray {
            parenthesized: true,
        },
        ..POSTGRES_LIKE
    },
    Caps {
        dialect: SqlDialect::Redshift,
        name: "redshift",
        types: dvt_types::Dialect::Redshift,
        qualify: true,
        backslash_escapes: true,
        is_distinct_from: false,
        with_ties: false,
        string_escape: StringEscape::Backslash,
        agg_filter: false,
        regex_group: RegexGroupStyle::Substr {
            group: Some("REGEXP_SUBSTR({0}, {1}, 1, 1, 'e')"),
            any_group: false,
        },
        // A known gap: the first match only is written like every match, though Redshift's
        // REGEXP_REPLACE replaces every match.
        regex_replace: RegexReplaceStyle::All {
            first: Some("REGEXP_REPLACE({0}, {1}, {2})"),
        },
        ..POSTGRES_LIKE
    },
    Caps {
        dialect: SqlDialect::Spark,
        name: "spark",
        aliases: &["sparksql"],
        types: dvt_types::Dialect::Spark,
        ..SPARK_LIKE
    },
    Caps {
        dialect: SqlDialect::Databricks,
        name: "databricks",
        types: dvt_types::Dialect::Spark,
        qualify: true,
        ..SPARK_LIKE
    },
    Caps {
        dialect: SqlDialect::Duckdb,
        name: "duckdb",
        types: dvt_types::Dialect::DuckDb,
        fold: Fold::Lower,
        ilike: true,
        qualify: true,
        int_div_truncates: false,
        nulls_first_desc: false,
        try_cast: TryCastStyle::TryCast,
        concat_fn_propagates_null: false,
        with_ties: false,
        substr_negative_from_end: true,
        date_arith: true,
        distinct_on: true,
        semi_join: true,
        interval: IntervalStyle::Quoted,
        array_literal: ArrayLiteralStyle::Brackets,
        regex_match: RegexMatchStyle::Function {
            name: "REGEXP_MATCHES",
            flags: true,
        },
        regex_group: RegexGroupStyle::Extract(
            "CASE WHEN REGEXP_MATCHES({0}, {1}) THEN REGEXP_EXTRACT({0}, {1}, {2}) END",
        ),
        regexp_substr: Some("REGEXP_EXTRACT({0}, {1})"),
        regexp_extract_or_empty: true,
        regex_replace: RegexReplaceStyle::Flags,
        ..ANSI
    },
    Caps {
        dialect: SqlDialect::Datafusion,
        name: "datafusion",
        aliases: &["embedded"],
        types: dvt_types::Dialect::DataFusion,
        fold: Fold::Lower,
        ilike: true,
        qualify: true,
        try_cast: TryCastStyle::TryCast,
        concat_fn_propagates_null: false,
        with_ties: false,
        cast_int_rounds: false,
        int_cast_round: "ROUND(CAST({} AS DECIMAL(38,10)), 0)",
        date_arith: true,
        like_escape_backslash_only: true,
        interval: IntervalStyle::Quoted,
        array_literal: ArrayLiteralStyle::Brackets,
        regex_match: RegexMatchStyle::Function {
            name: "REGEXP_LIKE",
            flags: true,
        },
        regex_group: RegexGroupStyle::MatchArray {
            parenthesized: false,
        },
        regex_replace: RegexReplaceStyle::Flags,
        ..ANSI
    },
    Caps {
        dialect: SqlDialect::Mysql,
        name: "mysql",
        types: dvt_types::Dialect::MySql,
        regex_replace: RegexReplaceStyle::All {
            first: Some("REGEXP_REPLACE({0}, {1}, {2}, 1, 1)"),
        },
        ..MYSQL_LIKE
    },
    Caps {
        dialect: SqlDialect::Mariadb,
        name: "mariadb",
        types: dvt_types::Dialect::MariaDb,
        json_is_text: true,
        regex_replace: RegexReplaceStyle::All { first: None },
        ..MYSQL_LIKE
    },
    Caps {
        dialect: SqlDialect::Sqlite,
        name: "sqlite",
        types: dvt_types::Dialect::Sqlite,
        fold: Fold::Insensitive,
        like_case_insensitive: true,
        nulls_first_asc: true,
        nulls_first_desc: false,
        concat_fn_propagates_null: false,
        typed_literals: false,
        int_type: "INTEGER",
        limit_all: Some("-1"),
        with_ties: false,
        date_strings: true,
        greatest_skips_null: false,
        cast_int_rounds: false,
        substr_negative_from_end: true,
        derived_column_lists: false,
        date_types: false,
        date_cast: Some("DATE({})"),
        timestamp_cast: Some("DATETIME({})"),
        interval: IntervalStyle::None,
        array_literal: ArrayLiteralStyle::None,
        greatest_least: ("MAX", "MIN"),
        substring_name: "SUBSTR",
        ..ANSI
    },
    Caps {
        dialect: SqlDialect::Bigquery,
        name: "bigquery",
        types: dvt_types::Dialect::BigQuery,
        quote: '`',
        fold: Fold::Insensitive,
        qualify: true,
        int_div_truncates: false,
        nulls_first_asc: true,
        nulls_first_desc: false,
        try_cast: TryCastStyle::SafeCast,
        backslash_escapes: true,
        int_type: "INT64",
        with_ties: false,
        string_escape: StringEscape::Backslash,
        greatest_skips_null: false,
        substr_negative_from_end: true,
        agg_filter: false,
        dow_from_one: true,
        derived_column_lists: false,
        interval: IntervalStyle::Expression,
        array_literal: ArrayLiteralStyle::Brackets,
        substring_name: "SUBSTR",
        regex_match: RegexMatchStyle::Function {
            name: "REGEXP_CONTAINS",
            flags: false,
        },
        regex_group: RegexGroupStyle::FirstGroupOrMatch("REGEXP_EXTRACT({0}, {1})"),
        regex_replace: RegexReplaceStyle::All { first: None },
        ..ANSI
    },
    Caps {
        dialect: SqlDialect::Tsql,
        name: "tsql",
        aliases: &["sqlserver", "mssql"],
        types: dvt_types::Dialect::SqlServer,
        quote: '[',
        fold: Fold::Insensitive,
        concat: ConcatStyle::Plus,
        like_case_insensitive: true,
        limit: LimitStyle::Top,
        bool_literals: false,
        nulls_first_asc: true,
        nulls_first_desc: false,
        nulls_syntax: false,
        try_cast: TryCastStyle::TryCast,
        concat_fn_propagates_null: false,
        typed_literals: false,
        date_strings: true,
        cast_int_rounds: false,
        agg_filter: false,
        interval: IntervalStyle::None,
        array_literal: ArrayLiteralStyle::None,
        substring_length_required: true,
        length_name: "LEN",
        ..ANSI
    },
    Caps {
        dialect: SqlDialect::Trino,
        name: "trino",
        aliases: &["presto"],
        types: dvt_types::Dialect::Trino,
        fold: Fold::Lower,
        nulls_first_desc: false,
        try_cast: TryCastStyle::TryCast,
        greatest_skips_null: false,
        substr_negative_from_end: true,
        substring_name: "SUBSTR",
        regex_match: RegexMatchStyle::Function {
            name: "REGEXP_LIKE",
            flags: false,
        },
        regex_group: RegexGroupStyle::Extract("REGEXP_EXTRACT({0}, {1}, {2})"),
        regexp_substr: Some("REGEXP_EXTRACT({0}, {1})"),
        regex_replace: RegexReplaceStyle::All { first: None },
        ..ANSI
    },
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_dialect_has_one_row_with_its_own_name() {
        let mut names: Vec<&str> = CAPS.iter().map(|c| c.name).collect();
        names.sort();
        names.dedup();
        assert_eq!(names.len(), CAPS.len(), "a name is used twice");
        assert!(!names.contains(&ANSI.name), "a row kept the base's name");
        for c in CAPS {
            assert_eq!(c.name.parse::<SqlDialect>(), Ok(c.dialect));
            assert_eq!(
                c.dialect.caps().name,
                c.name,
                "{:?} has two rows",
                c.dialect
            );
        }
        assert_eq!(CAPS.len(), 13);
    }
}
