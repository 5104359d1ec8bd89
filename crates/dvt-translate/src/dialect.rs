//! SQL dialects and their capability rows.
//!
//! Every difference between dialects that the translator acts on is a field of [`Caps`], one
//! row per dialect in [`CAPS`] — in the style of sqlparser's `Dialect` trait — so the rewrite code
//! asks "does the target have ILIKE?" and never "is the target Postgres?". Each row is a struct
//! literal that starts from [`ANSI`] (or a family base that does) and states only where its
//! dialect differs. Where a rendering differs in shape the field is a style enum whose variants
//! describe the shapes (never the dialects); a one-off spelling is a template. The dvt-planner
//! asks the same rows (a FULL JOIN, exact decimals, a UTC `CURRENT_DATE`, …). The test
//! `tests/dialect_naming.rs` fails where code names a dialect instead.

pub use dvt_types::DbKind;
use sqlparser::dialect as sp;

use crate::catalog::format::Style as FormatStyle;
use crate::catalog::json::PathStyle;
use crate::units::Unit::{self, *};

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
    /// A function of the elements: `ARRAY(1, 2)`, `ARRAY_CONSTRUCT(1, 2)`; `JSON_ARRAY(1, 2)`
    /// where arrays are JSON arrays (MySQL, MariaDB, SQLite).
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

/// The SQL of a date part, or why there is none.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PartSql {
    /// A template (see [`ByUnit`]).
    Sql(&'static str),
    /// A template whose result differs from the canonical meaning, and the DVT003 warning it gives.
    Warn(&'static str, &'static str),
    /// Not expressible: the hint of the error.
    No(&'static str),
}

/// SQL per date part: the first row whose parts include the one asked for wins (no parts: any
/// part). Templates take `{0}`, `{1}` (the arguments), `{UNIT}` (the part as a keyword, `DAY`)
/// and `{unit}` (its name, `day`).
pub type ByUnit = &'static [(&'static [Unit], PartSql)];

/// How `DATEDIFF(unit, a, b)` — the unit boundaries crossed from a to b — is written. Templates
/// take `{0}` (a), `{1}` (b), `{UNIT}` and `{unit}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateDiffStyle {
    /// A function that counts boundaries for year … second (weeks from the dialect's first day
    /// of the week): `DATEDIFF({UNIT}, {0}, {1})`.
    Boundaries(&'static str),
    /// A function that counts boundaries for every part but weeks, which it counts whole (it
    /// is given the two Mondays): `DATE_DIFF('{unit}', {0}, {1})`.
    BoundariesButWeeks(&'static str),
    /// No such function: computed from the parts, and from the days between.
    Computed,
}

/// How `DATEADD(unit, n, x)` is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateAddStyle {
    /// Interval arithmetic: `(x + INTERVAL '3 month')`, and for a computed count
    /// `(x + (n) * INTERVAL '1 month')`; where an interval cannot be multiplied (`multiply`
    /// false) the interval is cast from text: `(x + CAST(CAST(n AS VARCHAR) || ' month' AS
    /// INTERVAL))`. A quarter is 3 months.
    Interval {
        /// An interval can be multiplied by a number.
        multiply: bool,
    },
    /// Templates per part over `{0}` (n) and `{1}` (x): `DATEADD({UNIT}, {0}, {1})`,
    /// `DATE_ADD({1}, INTERVAL {0} {UNIT})`.
    Templates(ByUnit),
}

/// How text in a format is read as a date or a timestamp.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParseStyle {
    /// Functions that take the format (`{0}` the text, `{1}` the format in the dialect's
    /// [`Caps::format_style`]): `TO_DATE({0}, {1})`, `STR_TO_DATE({0}, {1})`.
    Functions {
        /// Text as a date.
        date: &'static str,
        /// Text as a timestamp.
        timestamp: &'static str,
    },
    /// Only fixed formats are read: (the format in the dialect's style, the template over
    /// `{0}`): `("%Y-%m-%d", "DATE({0})")`, `("yyyyMMdd", "CONVERT(DATE, {0}, 112)")`.
    Fixed {
        /// Text as a date.
        date: &'static [(&'static str, &'static str)],
        /// Text as a timestamp.
        timestamp: &'static [(&'static str, &'static str)],
        /// The hint of the error for any other format.
        hint: &'static str,
    },
}

/// How the value at a JSON path is extracted (a path is keys and array indexes).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JsonAccessStyle {
    /// Operators on a `jsonb` (a value from another dialect is cast first), `->>` for text:
    /// `(CAST(x AS JSONB) -> 'a' ->> 'b')`.
    Arrows,
    /// Functions of the value (`{0}`) and the path (`{1}`, in `path`'s syntax):
    /// `JSON_EXTRACT({0}, {1})`, and for the value as text `JSON_UNQUOTE(JSON_EXTRACT({0}, {1}))`.
    Functions {
        /// The JSON value.
        value: &'static str,
        /// The value as text.
        text: &'static str,
        /// The path's syntax: `'$.a.b[0]'`, `'a.b[0]'` or `'a', 'b', 0`.
        path: PathStyle,
    },
}

/// The capability row of one dialect.
#[derive(Debug, Clone, Copy)]
pub struct Caps {
    /// The dialect.
    pub dialect: DbKind,
    /// The sqlparser dialect that reads this dialect.
    pub parser: fn() -> Box<dyn sp::Dialect>,
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
    /// A `LIKE` without `ESCAPE` takes a backslash as its escape character (PostgreSQL, MySQL,
    /// Spark, BigQuery, the engine); without it a backslash of the pattern is an ordinary
    /// character (SQLite, DuckDB, Snowflake, SQL Server, Trino: the SQL standard). Between the
    /// two a pattern with a backslash gets an explicit `ESCAPE`.
    pub like_backslash_escape: bool,
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
    /// literal `DATE '2024-01-31'` is written as its string, and `CAST(x AS DATE)` would be a
    /// number).
    pub date_types: bool,
    /// dvt's connector loads rows into a temporary table of a session of this database and
    /// queries them there (data movement: the small side of a cross-server join is staged on
    /// the big side's server and the join runs there).
    pub stages: bool,
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
    /// SUBSTRING takes a length: a call without one gets the whole length
    /// (`SUBSTRING(s, 2, LEN(s))`).
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
    /// `SUBSTRING(s FROM p)` gives the first capture group of a regular expression's first
    /// match, or the whole match when the pattern has no group.
    pub substring_from_regex: bool,
    /// How the matches of a regular expression are replaced.
    pub regex_replace: RegexReplaceStyle,
    /// `EXTRACT(unit FROM x)` as an integer (`{0}` is x; day of week 0 = Sunday); a part no row
    /// names is `EXTRACT({UNIT} FROM {0})`, and the ISO day of week, unless named, is computed
    /// from the day of week.
    pub extract: ByUnit,
    /// `DATE_TRUNC(unit, x)` for year … second (`{0}` is x; weeks start on Monday); a part no row
    /// names is `DATE_TRUNC('{unit}', {0})`.
    pub date_trunc: ByUnit,
    /// `DATE_TRUNC` of a date gives a `timestamptz`: a value from another dialect is cast to
    /// `TIMESTAMP` first.
    pub date_trunc_timestamp: bool,
    /// The whole days from the date of `{0}` to the date of `{1}`.
    pub days_between: &'static str,
    /// How the unit boundaries crossed between two values are counted.
    pub datediff: DateDiffStyle,
    /// How a number of date parts is added to a date or timestamp.
    pub dateadd: DateAddStyle,
    /// The syntax of format strings (`YYYY-MM-DD`, `%Y-%m-%d`, `yyyy-MM-dd`).
    pub format_style: FormatStyle,
    /// How a date or timestamp is formatted as text (`{0}` the value, `{1}` the format in
    /// [`format_style`](Self::format_style)): `TO_CHAR({0}, {1})`, `DATE_FORMAT({0}, {1})`.
    pub to_char: &'static str,
    /// How text in a format is read as a date or a timestamp.
    pub parse: ParseStyle,
    /// `TO_CHAR` takes Oracle-like numeric format models: `TO_CHAR(x, '999,990.00')`.
    pub numeric_to_char: bool,
    /// How the value at a JSON path is extracted.
    pub json_access: JsonAccessStyle,
    /// Decimal arithmetic is exact (false: SQLite computes and rounds decimals as doubles:
    /// `ROUND(-12.35, 1)` is -12.3).
    pub exact_decimals: bool,
    /// Decimal arithmetic is unbounded and a division keeps at least its dividend's scale
    /// (PostgreSQL's `numeric`): `q = SUM(x) * 1.000… / COUNT(x)`, with 20 more zeros than `s`,
    /// is the average of `x` rounded at `s + 20` digits, and `ROUND(q - SIGN(q) * 0.0…05, s)`
    /// (5 at digit `s + 1`; `ROUND` half away from zero) is that average truncated at `s`
    /// digits, exactly — the engine's `AVG` of a decimal. (With `q·10^s = n + m/c`, `c` the
    /// count: the rounding at `s + 20` digits reaches digit `s` only if `c - m < c·10^-20 / 2`,
    /// which needs a count of 2·10^20 or more.)
    pub exact_avg: bool,
    /// A decimal computed by an expression or an aggregate comes back without precision and
    /// scale (PostgreSQL's `numeric` of `SUM`, `MAX`, `a * b`), so a reader takes it at its
    /// default scale and rounds the digits beyond: a query sent to the server casts each
    /// decimal output to its planned type.
    pub untyped_decimal_results: bool,
    /// `CURRENT_DATE` is the engine's: the sessions dvt opens run in UTC on every executor (the
    /// native connectors set it, and so do the Spark executor's JDBC reads).
    pub utc_current_date: bool,
    /// `FULL [OUTER] JOIN` exists.
    pub full_join: bool,
    /// `GROUP BY ALL` groups by every select item that holds no aggregate (DuckDB's
    /// meaning; Trino's `GROUP BY ALL a` is a set quantifier, not this). Elsewhere the items
    /// are written out.
    pub group_by_all: bool,
    /// `ORDER BY ALL` orders by every select item, left to right. Elsewhere the items are
    /// written out.
    pub order_by_all: bool,
    /// `TRIM(s, chars)` removes any of `chars` from both ends (Snowflake, SQLite, BigQuery,
    /// DuckDB); elsewhere the standard `TRIM(BOTH chars FROM s)` is written.
    pub trim_comma: bool,
    /// `TRIM(BOTH x FROM s)` removes the string `x` as a whole, not a set of characters
    /// (MySQL, MariaDB): the same only for one character.
    pub trim_removes_string: bool,
    /// `a ^ b` is exponentiation (DuckDB; PostgreSQL's parser reads it so already), not XOR.
    pub caret_is_power: bool,
    /// `a % b` is the remainder (BigQuery has only `MOD(a, b)`).
    pub modulo_op: bool,
    /// `x / 0` is NULL (MySQL, MariaDB, SQLite); elsewhere it is an error, so a divisor read
    /// from such a dialect is written `NULLIF(d, 0)` (unless it is a nonzero literal).
    pub div_zero_null: bool,
    /// `N'…'` string literals mean something (T-SQL: Unicode, where a plain literal is in the
    /// database's code page); elsewhere they are written as plain literals.
    pub national_strings: bool,
}

/// Standard SQL: the base of every row, which states only where its dialect differs. A feature
/// the standard lacks (ILIKE, QUALIFY, TRY_CAST, …) is absent here; where the standard leaves a
/// behaviour to the implementation, the value is PostgreSQL's. The identity fields (`dialect`,
/// `name`, `types`) are placeholders every row sets.
pub const ANSI: Caps = Caps {
    dialect: DbKind::Postgres,
    parser: || Box::new(sp::GenericDialect {}),
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
    like_backslash_escape: false,
    dow_from_one: false,
    distinct_on: false,
    derived_column_lists: true,
    lateral_view: false,
    semi_join: false,
    null_safe_eq_op: false,
    date_types: true,
    stages: false,
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
    extract: &[],
    date_trunc: &[],
    date_trunc_timestamp: false,
    days_between: "(CAST({1} AS DATE) - CAST({0} AS DATE))",
    datediff: DateDiffStyle::Computed,
    dateadd: DateAddStyle::Interval { multiply: true },
    format_style: FormatStyle::Postgres,
    to_char: "TO_CHAR({0}, {1})",
    parse: ParseStyle::Functions {
        date: "TO_DATE({0}, {1})",
        timestamp: "TO_TIMESTAMP({0}, {1})",
    },
    numeric_to_char: false,
    json_access: JsonAccessStyle::Functions {
        value: "JSON_QUERY({0}, {1})",
        text: "JSON_VALUE({0}, {1})",
        path: PathStyle::Dollar,
    },
    exact_decimals: true,
    exact_avg: false,
    untyped_decimal_results: false,
    utc_current_date: false,
    full_join: true,
    group_by_all: false,
    order_by_all: false,
    national_strings: false,
    div_zero_null: false,
    trim_comma: false,
    trim_removes_string: false,
    modulo_op: true,
    caret_is_power: false,
};

/// What PostgreSQL and Redshift share.
const POSTGRES_LIKE: Caps = Caps {
    like_backslash_escape: true,
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
    extract: &[
        part(&[IsoDayOfWeek], "EXTRACT(ISODOW FROM {0})"),
        part(&[Second], "FLOOR(EXTRACT(SECOND FROM {0}))"),
    ],
    date_trunc_timestamp: true,
    parse: ParseStyle::Functions {
        date: "TO_DATE({0}, {1})",
        timestamp: "CAST(TO_TIMESTAMP({0}, {1}) AS TIMESTAMP)",
    },
    numeric_to_char: true,
    ..ANSI
};

/// What Spark and Databricks share.
const SPARK_LIKE: Caps = Caps {
    like_backslash_escape: true,
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
    extract: &[
        part(&[Second], "SECOND({0})"),
        part(&[DayOfWeek], "(DAYOFWEEK({0}) - 1)"),
        part(&[DayOfYear], "DAYOFYEAR({0})"),
        part(&[Epoch], "UNIX_TIMESTAMP({0})"),
    ],
    days_between: "DATEDIFF({1}, {0})",
    dateadd: DateAddStyle::Templates(&[any_part("TIMESTAMPADD({UNIT}, {0}, {1})")]),
    format_style: FormatStyle::Java,
    to_char: "DATE_FORMAT({0}, {1})",
    numeric_to_char: true,
    json_access: JsonAccessStyle::Functions {
        value: "GET_JSON_OBJECT({0}, {1})",
        text: "GET_JSON_OBJECT({0}, {1})",
        path: PathStyle::Dollar,
    },
    ..ANSI
};

/// What MySQL and MariaDB share.
const MYSQL_LIKE: Caps = Caps {
    like_backslash_escape: true,
    parser: || Box::new(sp::MySqlDialect {}),
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
    array_literal: ArrayLiteralStyle::Function("JSON_ARRAY"),
    regex_match: RegexMatchStyle::Operator {
        op: "REGEXP",
        ignore_case: None,
    },
    regex_group: RegexGroupStyle::Substr {
        group: None,
        any_group: false,
    },
    // MySQL's and MariaDB's REGEXP_SUBSTR is '' when nothing matches; NULL elsewhere.
    regexp_substr: Some("CASE WHEN {0} REGEXP {1} THEN REGEXP_SUBSTR({0}, {1}) END"),
    extract: &[
        part(&[IsoDayOfWeek], "(WEEKDAY({0}) + 1)"),
        part(&[DayOfWeek], "(DAYOFWEEK({0}) - 1)"),
        part(&[DayOfYear], "DAYOFYEAR({0})"),
        part(&[Epoch], "UNIX_TIMESTAMP({0})"),
        part(&[Week], "WEEK({0}, 3)"),
    ],
    date_trunc: DATE_FORMAT_TRUNC,
    days_between: "DATEDIFF({1}, {0})",
    dateadd: DateAddStyle::Templates(&[any_part("DATE_ADD({1}, INTERVAL {0} {UNIT})")]),
    format_style: FormatStyle::MySql,
    to_char: "DATE_FORMAT({0}, {1})",
    parse: ParseStyle::Functions {
        date: "STR_TO_DATE({0}, {1})",
        timestamp: "STR_TO_DATE({0}, {1})",
    },
    json_access: JsonAccessStyle::Functions {
        value: "JSON_EXTRACT({0}, {1})",
        text: "JSON_UNQUOTE(JSON_EXTRACT({0}, {1}))",
        path: PathStyle::Dollar,
    },
    utc_current_date: true,
    full_join: false,
    div_zero_null: true,
    trim_removes_string: true,
    ..ANSI
};

/// A template for some date parts.
const fn part(units: &'static [Unit], sql: &'static str) -> (&'static [Unit], PartSql) {
    (units, PartSql::Sql(sql))
}

/// A template for some date parts that gives a DVT003 warning.
const fn part_warn(
    units: &'static [Unit],
    sql: &'static str,
    warning: &'static str,
) -> (&'static [Unit], PartSql) {
    (units, PartSql::Warn(sql, warning))
}

/// Date parts that cannot be expressed, and the hint of the error.
const fn part_no(units: &'static [Unit], hint: &'static str) -> (&'static [Unit], PartSql) {
    (units, PartSql::No(hint))
}

/// One template for every date part.
const fn any_part(sql: &'static str) -> (&'static [Unit], PartSql) {
    (&[], PartSql::Sql(sql))
}

/// SQLite's date parts: STRFTIME fields read as integers.
const STRFTIME_PARTS: ByUnit = &[
    part(&[Year], "CAST(STRFTIME('%Y', {0}) AS INTEGER)"),
    part(&[Month], "CAST(STRFTIME('%m', {0}) AS INTEGER)"),
    part(&[Day], "CAST(STRFTIME('%d', {0}) AS INTEGER)"),
    part(&[Hour], "CAST(STRFTIME('%H', {0}) AS INTEGER)"),
    part(&[Minute], "CAST(STRFTIME('%M', {0}) AS INTEGER)"),
    part(&[Second], "CAST(STRFTIME('%S', {0}) AS INTEGER)"),
    part(&[DayOfYear], "CAST(STRFTIME('%j', {0}) AS INTEGER)"),
    part(&[DayOfWeek], "CAST(STRFTIME('%w', {0}) AS INTEGER)"),
    part(&[Epoch], "CAST(STRFTIME('%s', {0}) AS INTEGER)"),
    // `%V` (the ISO week) since SQLite 3.46; dvt bundles a later one.
    part(&[Week], "CAST(STRFTIME('%V', {0}) AS INTEGER)"),
    part(
        &[Quarter],
        "((CAST(STRFTIME('%m', {0}) AS INTEGER) + 2) / 3)",
    ),
    part_no(
        &[Millisecond, Microsecond],
        "SQLite has no sub-second date parts",
    ),
];

/// SQLite's truncations: date modifiers and STRFTIME.
const STRFTIME_TRUNC: ByUnit = &[
    part(&[Year], "DATE({0}, 'start of year')"),
    part(
        &[Quarter],
        "DATE({0}, 'start of month', '-' || ((CAST(STRFTIME('%m', {0}) AS INTEGER) - 1) % 3) || ' months')",
    ),
    part(&[Month], "DATE({0}, 'start of month')"),
    part(&[Week], "DATE({0}, '-6 days', 'weekday 1')"),
    part(&[Day], "DATE({0})"),
    part(&[Hour], "STRFTIME('%Y-%m-%d %H:00:00', {0})"),
    part(&[Minute], "STRFTIME('%Y-%m-%d %H:%M:00', {0})"),
    any_part("STRFTIME('%Y-%m-%d %H:%M:%S', {0})"),
];

/// The warning of a SQLite DATEADD that gives a date.
const SQLITE_DATEADD_DATE: &str =
    "DATEADD on SQLite returns a date: the time of day of a timestamp argument is dropped";

/// SQLite's DATEADD: date modifiers. 'floor' clamps to the month's last day (2024-01-31 + 1 month
/// = 2024-02-29), as Snowflake does, instead of overflowing into the next month.
const SQLITE_DATEADD: ByUnit = &[
    part_warn(
        &[Year],
        "DATE({1}, ({0}) || ' years', 'floor')",
        SQLITE_DATEADD_DATE,
    ),
    part(&[Quarter], "DATE({1}, (3 * ({0})) || ' months', 'floor')"),
    part_warn(
        &[Month],
        "DATE({1}, ({0}) || ' months', 'floor')",
        SQLITE_DATEADD_DATE,
    ),
    part(&[Week], "DATE({1}, (7 * ({0})) || ' days')"),
    part_warn(&[Day], "DATE({1}, ({0}) || ' days')", SQLITE_DATEADD_DATE),
    part(&[Hour], "DATETIME({1}, ({0}) || ' hours')"),
    part(&[Minute], "DATETIME({1}, ({0}) || ' minutes')"),
    any_part("DATETIME({1}, ({0}) || ' seconds')"),
];

/// MySQL's and MariaDB's truncations: DATE_FORMAT read back as a date or datetime.
const DATE_FORMAT_TRUNC: ByUnit = &[
    part(&[Year], "CAST(DATE_FORMAT({0}, '%Y-01-01') AS DATE)"),
    part(
        &[Quarter],
        "MAKEDATE(YEAR({0}), 1) + INTERVAL (QUARTER({0}) - 1) QUARTER",
    ),
    part(&[Month], "CAST(DATE_FORMAT({0}, '%Y-%m-01') AS DATE)"),
    part(&[Week], "DATE_SUB(DATE({0}), INTERVAL WEEKDAY({0}) DAY)"),
    part(&[Day], "DATE({0})"),
    part(
        &[Hour],
        "CAST(DATE_FORMAT({0}, '%Y-%m-%d %H:00:00') AS DATETIME)",
    ),
    part(
        &[Minute],
        "CAST(DATE_FORMAT({0}, '%Y-%m-%d %H:%i:00') AS DATETIME)",
    ),
    any_part("CAST(DATE_FORMAT({0}, '%Y-%m-%d %H:%i:%s') AS DATETIME)"),
];

/// SQLite reads the ISO formats of its DATE and DATETIME only.
const SQLITE_PARSE: ParseStyle = ParseStyle::Fixed {
    date: &[
        ("%Y-%m-%d", "DATE({0})"),
        ("%Y-%m-%d %H:%M:%S", "DATE({0})"),
    ],
    timestamp: &[
        ("%Y-%m-%d %H:%M:%S", "DATETIME({0})"),
        ("%Y-%m-%d", "DATETIME({0})"),
    ],
    hint: "SQLite reads only ISO dates ('%Y-%m-%d', '%Y-%m-%d %H:%M:%S'); reorder the string with SUBSTR first",
};

/// SQL Server reads the formats of CONVERT's styles.
const CONVERT_PARSE: ParseStyle = ParseStyle::Fixed {
    date: &[
        ("yyyy-MM-dd", "CONVERT(DATE, {0}, 23)"),
        ("yyyyMMdd", "CONVERT(DATE, {0}, 112)"),
        ("MM/dd/yyyy", "CONVERT(DATE, {0}, 101)"),
        ("dd/MM/yyyy", "CONVERT(DATE, {0}, 103)"),
        ("dd.MM.yyyy", "CONVERT(DATE, {0}, 104)"),
    ],
    timestamp: &[
        ("yyyy-MM-dd HH:mm:ss", "CONVERT(DATETIME2, {0}, 120)"),
        ("yyyy-MM-dd'T'HH:mm:ss", "CONVERT(DATETIME2, {0}, 126)"),
        ("yyyy-MM-dd", "CONVERT(DATETIME2, {0}, 23)"),
    ],
    hint: "only the formats of CONVERT's styles (yyyy-MM-dd, yyyyMMdd, MM/dd/yyyy, dd/MM/yyyy, dd.MM.yyyy, yyyy-MM-dd HH:mm:ss) can be read; use one of them",
};

/// One capability row per dialect.
pub const CAPS: &[Caps] = &[
    Caps {
        dialect: DbKind::Snowflake,
        parser: || Box::new(sp::SnowflakeDialect {}),
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
        extract: &[
            part(&[IsoDayOfWeek], "DAYOFWEEKISO({0})"),
            part(&[DayOfWeek], "DAYOFWEEK({0})"),
            part(&[DayOfYear], "DAYOFYEAR({0})"),
            part(&[Epoch], "DATE_PART(EPOCH_SECOND, {0})"),
            part(&[Week], "WEEKISO({0})"),
        ],
        date_trunc: &[any_part("DATE_TRUNC('{UNIT}', {0})")],
        days_between: "DATEDIFF(DAY, {0}, {1})",
        datediff: DateDiffStyle::Boundaries("DATEDIFF({UNIT}, {0}, {1})"),
        dateadd: DateAddStyle::Templates(&[any_part("DATEADD({UNIT}, {0}, {1})")]),
        format_style: FormatStyle::Snowflake,
        numeric_to_char: true,
        json_access: JsonAccessStyle::Functions {
            value: "GET_PATH({0}, {1})",
            text: "CAST(GET_PATH({0}, {1}) AS VARCHAR)",
            path: PathStyle::Dotted,
        },
        group_by_all: true,
        order_by_all: true,
        trim_comma: true,
        ..ANSI
    },
    Caps {
        dialect: DbKind::Postgres,
        parser: || Box::new(sp::PostgreSqlDialect {}),
        concat_fn_propagates_null: false,
        date_arith: true,
        distinct_on: true,
        regex_group: RegexGroupStyle::MatchArray {
            parenthesized: true,
        },
        json_access: JsonAccessStyle::Arrows,
        utc_current_date: true,
        exact_avg: true,
        untyped_decimal_results: true,
        stages: true,
        ..POSTGRES_LIKE
    },
    Caps {
        dialect: DbKind::Redshift,
        parser: || Box::new(sp::RedshiftSqlDialect {}),
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
        datediff: DateDiffStyle::Boundaries("DATEDIFF({UNIT}, {0}, {1})"),
        dateadd: DateAddStyle::Templates(&[any_part("DATEADD({UNIT}, {0}, {1})")]),
        json_access: JsonAccessStyle::Functions {
            value: "JSON_EXTRACT_PATH_TEXT({0}, {1})",
            text: "JSON_EXTRACT_PATH_TEXT({0}, {1})",
            path: PathStyle::Keys,
        },
        ..POSTGRES_LIKE
    },
    Caps {
        dialect: DbKind::Spark,
        parser: || Box::new(sp::SparkSqlDialect {}),
        group_by_all: true,
        ..SPARK_LIKE
    },
    Caps {
        dialect: DbKind::Databricks,
        parser: || Box::new(sp::DatabricksDialect {}),
        qualify: true,
        group_by_all: true,
        order_by_all: true,
        ..SPARK_LIKE
    },
    Caps {
        dialect: DbKind::DuckDb,
        parser: || Box::new(sp::DuckDbDialect {}),
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
        extract: &[part(&[IsoDayOfWeek], "EXTRACT(ISODOW FROM {0})")],
        datediff: DateDiffStyle::BoundariesButWeeks("DATE_DIFF('{unit}', {0}, {1})"),
        format_style: FormatStyle::DuckDb,
        to_char: "STRFTIME({0}, {1})",
        parse: ParseStyle::Functions {
            date: "CAST(STRPTIME({0}, {1}) AS DATE)",
            timestamp: "STRPTIME({0}, {1})",
        },
        json_access: JsonAccessStyle::Functions {
            value: "JSON_EXTRACT({0}, {1})",
            text: "JSON_EXTRACT_STRING({0}, {1})",
            path: PathStyle::Dollar,
        },
        group_by_all: true,
        order_by_all: true,
        trim_comma: true,
        caret_is_power: true,
        ..ANSI
    },
    Caps {
        dialect: DbKind::DataFusion,
        like_backslash_escape: true,
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
        extract: &[
            part(&[DayOfWeek], "DATE_PART('dow', {0})"),
            part(&[DayOfYear], "DATE_PART('doy', {0})"),
            part(&[Epoch], "DATE_PART('epoch', {0})"),
            any_part("DATE_PART('{unit}', {0})"),
        ],
        days_between: "CAST((DATE_PART('epoch', DATE_TRUNC('day', {1})) - DATE_PART('epoch', DATE_TRUNC('day', {0}))) / 86400 AS BIGINT)",
        dateadd: DateAddStyle::Interval { multiply: false },
        format_style: FormatStyle::Chrono,
        json_access: JsonAccessStyle::Functions {
            value: "JSON_GET_JSON({0}, {1})",
            text: "JSON_AS_TEXT({0}, {1})",
            path: PathStyle::Keys,
        },
        group_by_all: true,
        ..ANSI
    },
    Caps {
        dialect: DbKind::MySql,
        regex_replace: RegexReplaceStyle::All {
            first: Some("REGEXP_REPLACE({0}, {1}, {2}, 1, 1)"),
        },
        ..MYSQL_LIKE
    },
    Caps {
        dialect: DbKind::MariaDb,
        json_is_text: true,
        regex_replace: RegexReplaceStyle::All { first: None },
        ..MYSQL_LIKE
    },
    Caps {
        dialect: DbKind::Sqlite,
        parser: || Box::new(sp::SQLiteDialect {}),
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
        array_literal: ArrayLiteralStyle::Function("JSON_ARRAY"),
        greatest_least: ("MAX", "MIN"),
        substring_name: "SUBSTR",
        extract: STRFTIME_PARTS,
        date_trunc: STRFTIME_TRUNC,
        days_between: "CAST(JULIANDAY(DATE({1})) - JULIANDAY(DATE({0})) AS INTEGER)",
        dateadd: DateAddStyle::Templates(SQLITE_DATEADD),
        format_style: FormatStyle::Sqlite,
        to_char: "STRFTIME({1}, {0})",
        parse: SQLITE_PARSE,
        json_access: JsonAccessStyle::Functions {
            value: "JSON_EXTRACT({0}, {1})",
            text: "JSON_EXTRACT({0}, {1})",
            path: PathStyle::Dollar,
        },
        exact_decimals: false,
        div_zero_null: true,
        trim_comma: true,
        ..ANSI
    },
    Caps {
        dialect: DbKind::BigQuery,
        like_backslash_escape: true,
        parser: || Box::new(sp::BigQueryDialect {}),
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
        extract: &[
            part(
                &[IsoDayOfWeek],
                "(MOD(EXTRACT(DAYOFWEEK FROM {0}) + 5, 7) + 1)",
            ),
            part(&[DayOfWeek], "(EXTRACT(DAYOFWEEK FROM {0}) - 1)"),
            part(&[DayOfYear], "EXTRACT(DAYOFYEAR FROM {0})"),
            part(&[Epoch], "UNIX_SECONDS(CAST({0} AS TIMESTAMP))"),
            part(&[Week], "EXTRACT(ISOWEEK FROM {0})"),
        ],
        date_trunc: &[
            part(&[Hour, Minute, Second], "TIMESTAMP_TRUNC({0}, {UNIT})"),
            part(&[Week], "DATE_TRUNC({0}, ISOWEEK)"),
            any_part("DATE_TRUNC({0}, {UNIT})"),
        ],
        days_between: "DATE_DIFF(CAST({1} AS DATE), CAST({0} AS DATE), DAY)",
        dateadd: DateAddStyle::Templates(&[
            part(
                &[Hour, Minute, Second],
                "TIMESTAMP_ADD({1}, INTERVAL {0} {UNIT})",
            ),
            any_part("DATE_ADD({1}, INTERVAL {0} {UNIT})"),
        ]),
        format_style: FormatStyle::BigQuery,
        to_char: "FORMAT_TIMESTAMP({1}, CAST({0} AS TIMESTAMP))",
        parse: ParseStyle::Functions {
            date: "PARSE_DATE({1}, {0})",
            timestamp: "PARSE_TIMESTAMP({1}, {0})",
        },
        group_by_all: true,
        trim_comma: true,
        modulo_op: false,
        ..ANSI
    },
    Caps {
        dialect: DbKind::SqlServer,
        parser: || Box::new(sp::MsSqlDialect {}),
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
        extract: &[
            part_warn(
                &[DayOfWeek],
                "(DATEPART(WEEKDAY, {0}) - 1)",
                "day of week in SQL Server depends on SET DATEFIRST (7 = Sunday assumed)",
            ),
            part(&[Epoch], "DATEDIFF_BIG(SECOND, '1970-01-01', {0})"),
            part(&[DayOfYear], "DATEPART(DAYOFYEAR, {0})"),
            part(&[Week], "DATEPART(ISO_WEEK, {0})"),
            any_part("DATEPART({UNIT}, {0})"),
        ],
        date_trunc: &[any_part("DATETRUNC({UNIT}, {0})")],
        days_between: "DATEDIFF(DAY, {0}, {1})",
        datediff: DateDiffStyle::Boundaries("DATEDIFF({UNIT}, {0}, {1})"),
        dateadd: DateAddStyle::Templates(&[any_part("DATEADD({UNIT}, {0}, {1})")]),
        format_style: FormatStyle::DotNet,
        to_char: "FORMAT({0}, {1})",
        parse: CONVERT_PARSE,
        national_strings: true,
        ..ANSI
    },
    Caps {
        dialect: DbKind::Trino,
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
        extract: &[
            part(&[IsoDayOfWeek], "DAY_OF_WEEK({0})"),
            part(&[DayOfWeek], "(DAY_OF_WEEK({0}) % 7)"),
            part(&[DayOfYear], "DAY_OF_YEAR({0})"),
            part(&[Epoch], "TO_UNIXTIME({0})"),
        ],
        days_between: "DATE_DIFF('day', CAST({0} AS DATE), CAST({1} AS DATE))",
        dateadd: DateAddStyle::Templates(&[any_part("DATE_ADD('{unit}', {0}, {1})")]),
        format_style: FormatStyle::MySql,
        to_char: "DATE_FORMAT({0}, {1})",
        parse: ParseStyle::Functions {
            date: "CAST(DATE_PARSE({0}, {1}) AS DATE)",
            timestamp: "DATE_PARSE({0}, {1})",
        },
        json_access: JsonAccessStyle::Functions {
            value: "JSON_EXTRACT({0}, {1})",
            text: "JSON_EXTRACT_SCALAR({0}, {1})",
            path: PathStyle::Dollar,
        },
        ..ANSI
    },
];

/// The translator's view of a [`DbKind`]: its capability row and its parser.
///
/// Only kinds with a row in [`CAPS`] are translated ([`DialectCaps::translatable`]); the
/// others (Oracle, ClickHouse) answer the [`ANSI`] row and the translator refuses them
/// (DVT301).
pub trait DialectCaps: Copy {
    /// The capability row ([`ANSI`] for a kind the translator does not write).
    fn caps(self) -> &'static Caps;
    /// Whether the translator reads and writes this kind's SQL.
    fn translatable(self) -> bool;
    /// The sqlparser dialect that reads this kind's SQL.
    fn parser(self) -> Box<dyn sp::Dialect> {
        (self.caps().parser)()
    }
}

impl DialectCaps for DbKind {
    fn caps(self) -> &'static Caps {
        CAPS.iter().find(|c| c.dialect == self).unwrap_or(&ANSI)
    }

    fn translatable(self) -> bool {
        CAPS.iter().any(|c| c.dialect == self)
    }
}

/// Every dialect the translator reads and writes, in the order of [`CAPS`].
pub fn dialects() -> impl Iterator<Item = DbKind> {
    CAPS.iter().map(|c| c.dialect)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_translatable_kind_has_one_row() {
        let mut kinds: Vec<DbKind> = dialects().collect();
        kinds.sort();
        kinds.dedup();
        assert_eq!(kinds.len(), CAPS.len(), "a kind has two rows");
        for c in CAPS {
            assert!(c.dialect.translatable());
            assert_eq!(c.dialect.caps().dialect, c.dialect);
        }
        assert_eq!(CAPS.len(), 13);
        assert!(!DbKind::Oracle.translatable());
    }
}
