//! Date/time format strings (TO_CHAR, TO_DATE, DATE_FORMAT, STRFTIME, …) across dialects.
//!
//! A format string is read into canonical elements ([`El`]) with the token table of its
//! [`Style`] (longest match; text that is no token is literal), then written with the token
//! table of the target's style. A style's table lists, for each token, the elements it stands
//! for; the first row of an element is the spelling written. An element the target style cannot
//! spell is a DVT304 error. Rows marked parse-only are read but never written (aliases such as
//! `%F`). Rows for several elements (SQLite `%f` is `SS.SSS`) are written when the elements
//! appear in that order.
//!
//! Only literal format strings are translated; a format computed at run time is passed through
//! with a DVT003 warning. Snowflake/Oracle numeric formats (`'999.99'`) are not date formats:
//! they are passed through to dialects with the same numeric format syntax and refused elsewhere.

use crate::dialect::DialectCaps;
use dvt_types::WarningCode::Dvt003;

use super::super::dialect::DbKind::{self, *};
use super::super::dialect::{Caps, ParseStyle};
use super::groups::{MYSQL as MY, PG, SPARK};
use super::render_sub as sub;
use super::{ALL, Call, Ctx, FunctionDef, Input, Kind, Output, Render, Src};
use super::{computed as spt, refuse_rest as no};
use super::{input_n as ia, out as o, out_warn as ow, special as sp};
use crate::error::TranslateError;

/// A canonical format element.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum El {
    /// 4-digit year.
    Year4,
    /// 2-digit year.
    Year2,
    /// Month number, 01–12.
    Month,
    /// Full month name.
    MonthName,
    /// Abbreviated month name.
    MonthAbbr,
    /// Day of month, 01–31.
    Day,
    /// Day of year, 001–366.
    DayOfYear,
    /// Full weekday name.
    WeekdayName,
    /// Abbreviated weekday name.
    WeekdayAbbr,
    /// Hour, 00–23.
    Hour24,
    /// Hour, 01–12.
    Hour12,
    /// Minute, 00–59.
    Minute,
    /// Second, 00–59.
    Second,
    /// Fractional seconds with this many digits (3 ms, 6 µs, 9 ns).
    Frac(u8),
    /// AM / PM.
    AmPm,
    /// Time-zone offset `+hh:mm`.
    TzColon,
    /// Time-zone offset `+hhmm`.
    Tz,
    /// ISO 8601 week-numbering year (the year of the week's Thursday).
    IsoYear,
    /// ISO 8601 week of the year, 01–53 (weeks start on Monday).
    IsoWeek,
    /// ISO 8601 day of the week, 1 (Monday) – 7 (Sunday).
    IsoDayOfWeek,
    /// Month number without padding, 1–12.
    MonthNoPad,
    /// Day of month without padding, 1–31.
    DayNoPad,
    /// Literal text.
    Lit(char),
}

/// A family of format-string syntax.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// Snowflake (`YYYY-MM-DD HH24:MI:SS.FF3`), Oracle-like, case-insensitive.
    Snowflake,
    /// PostgreSQL / Redshift `TO_CHAR` (`YYYY-MM-DD HH24:MI:SS.MS`).
    Postgres,
    /// SQLite `STRFTIME`.
    Sqlite,
    /// DuckDB `STRFTIME` / `STRPTIME`.
    DuckDb,
    /// chrono (DataFusion `TO_CHAR` / `TO_TIMESTAMP`).
    Chrono,
    /// BigQuery `FORMAT_*` / `PARSE_*`.
    BigQuery,
    /// MySQL / MariaDB `DATE_FORMAT`, Trino `date_format` / `date_parse`.
    MySql,
    /// Java `DateTimeFormatter` patterns (Spark, Databricks).
    Java,
    /// .NET custom format strings (T-SQL `FORMAT`).
    DotNet,
}

/// One token of a style: its text, the elements it stands for, and whether it is written.
type Tok = (&'static str, &'static [El], bool);

use El::*;

const SEC_FRAC3: &[El] = &[Second, Lit('.'), Frac(3)];
const SEC_FRAC6: &[El] = &[Second, Lit('.'), Frac(6)];
const YMD: &[El] = &[Year4, Lit('-'), Month, Lit('-'), Day];
const HMS: &[El] = &[Hour24, Lit(':'), Minute, Lit(':'), Second];
const MDY2: &[El] = &[Month, Lit('/'), Day, Lit('/'), Year2];
const HM: &[El] = &[Hour24, Lit(':'), Minute];

#[rustfmt::skip]
const SNOWFLAKE: &[Tok] = &[
    ("YYYY", &[Year4], true), ("YY", &[Year2], true), ("MMMM", &[MonthName], true),
    ("MON", &[MonthAbbr], true), ("MM", &[Month], true), ("DD", &[Day], true),
    ("DY", &[WeekdayAbbr], true), ("HH24", &[Hour24], true), ("HH12", &[Hour12], true),
    ("HH", &[Hour24], false), ("MI", &[Minute], true), ("SS", &[Second], true),
    ("FF1", &[Frac(1)], true), ("FF2", &[Frac(2)], true), ("FF3", &[Frac(3)], true),
    ("FF4", &[Frac(4)], true), ("FF5", &[Frac(5)], true), ("FF6", &[Frac(6)], true),
    ("FF7", &[Frac(7)], true), ("FF8", &[Frac(8)], true), ("FF9", &[Frac(9)], true),
    ("FF", &[Frac(9)], false), ("AM", &[AmPm], true), ("PM", &[AmPm], false),
    ("TZH:TZM", &[TzColon], true), ("TZHTZM", &[Tz], true),
];

#[rustfmt::skip]
const POSTGRES: &[Tok] = &[
    ("YYYY", &[Year4], true), ("YY", &[Year2], true), ("FMMonth", &[MonthName], true),
    ("Month", &[MonthName], false), ("Mon", &[MonthAbbr], true), ("MM", &[Month], true),
    ("FMDay", &[WeekdayName], true), ("Day", &[WeekdayName], false), ("Dy", &[WeekdayAbbr], true),
    ("DDD", &[DayOfYear], true), ("DD", &[Day], true),
    ("HH24", &[Hour24], true), ("HH12", &[Hour12], true), ("HH", &[Hour12], false),
    ("MI", &[Minute], true), ("SS", &[Second], true), ("MS", &[Frac(3)], true),
    ("US", &[Frac(6)], true), ("FF1", &[Frac(1)], true), ("FF2", &[Frac(2)], true),
    ("FF3", &[Frac(3)], false), ("FF4", &[Frac(4)], true), ("FF5", &[Frac(5)], true),
    ("FF6", &[Frac(6)], false), ("AM", &[AmPm], true), ("PM", &[AmPm], false),
    ("TZH:TZM", &[TzColon], true), ("TZHTZM", &[Tz], true), ("IYYY", &[IsoYear], true),
    ("IW", &[IsoWeek], true), ("ID", &[IsoDayOfWeek], true), ("FMMM", &[MonthNoPad], true),
    ("FMDD", &[DayNoPad], true), ("FM", &[], false),
];

#[rustfmt::skip]
const SQLITE: &[Tok] = &[
    ("%Y", &[Year4], true), ("%m", &[Month], true), ("%d", &[Day], true), ("%j", &[DayOfYear], true),
    ("%H", &[Hour24], true), ("%M", &[Minute], true), ("%f", SEC_FRAC3, true), ("%S", &[Second], true),
    ("%F", YMD, false), ("%T", HMS, false), ("%%", &[Lit('%')], true),
];

#[rustfmt::skip]
const DUCKDB: &[Tok] = &[
    ("%Y", &[Year4], true), ("%y", &[Year2], true), ("%m", &[Month], true), ("%B", &[MonthName], true),
    ("%b", &[MonthAbbr], true), ("%d", &[Day], true), ("%j", &[DayOfYear], true),
    ("%A", &[WeekdayName], true), ("%a", &[WeekdayAbbr], true), ("%H", &[Hour24], true),
    ("%I", &[Hour12], true), ("%M", &[Minute], true), ("%S", &[Second], true),
    ("%g", &[Frac(3)], true), ("%f", &[Frac(6)], true), ("%n", &[Frac(9)], true),
    ("%p", &[AmPm], true), ("%z", &[Tz], true), ("%%", &[Lit('%')], true),
    ("%G", &[IsoYear], true), ("%V", &[IsoWeek], true), ("%u", &[IsoDayOfWeek], true),
    ("%-m", &[MonthNoPad], true), ("%-d", &[DayNoPad], true),
];

#[rustfmt::skip]
const CHRONO: &[Tok] = &[
    ("%Y", &[Year4], true), ("%y", &[Year2], true), ("%m", &[Month], true), ("%B", &[MonthName], true),
    ("%b", &[MonthAbbr], true), ("%h", &[MonthAbbr], false), ("%d", &[Day], true), ("%j", &[DayOfYear], true),
    ("%A", &[WeekdayName], true), ("%a", &[WeekdayAbbr], true), ("%H", &[Hour24], true),
    ("%I", &[Hour12], true), ("%M", &[Minute], true), ("%S", &[Second], true),
    ("%3f", &[Frac(3)], true), ("%6f", &[Frac(6)], true), ("%9f", &[Frac(9)], true),
    ("%.3f", &[Lit('.'), Frac(3)], false), ("%.6f", &[Lit('.'), Frac(6)], false),
    ("%.9f", &[Lit('.'), Frac(9)], false),
    ("%p", &[AmPm], true), ("%:z", &[TzColon], true), ("%z", &[Tz], true),
    ("%F", YMD, false), ("%T", HMS, false), ("%%", &[Lit('%')], true),
    ("%G", &[IsoYear], true), ("%V", &[IsoWeek], true), ("%u", &[IsoDayOfWeek], true),
    ("%-m", &[MonthNoPad], true), ("%-d", &[DayNoPad], true),
];

#[rustfmt::skip]
const BIGQUERY: &[Tok] = &[
    ("%Y", &[Year4], true), ("%y", &[Year2], true), ("%m", &[Month], true), ("%B", &[MonthName], true),
    ("%b", &[MonthAbbr], true), ("%d", &[Day], true), ("%j", &[DayOfYear], true),
    ("%A", &[WeekdayName], true), ("%a", &[WeekdayAbbr], true), ("%H", &[Hour24], true),
    ("%I", &[Hour12], true), ("%M", &[Minute], true), ("%E3S", SEC_FRAC3, true),
    ("%E6S", SEC_FRAC6, true), ("%S", &[Second], true), ("%p", &[AmPm], true),
    ("%Ez", &[TzColon], true), ("%z", &[Tz], true), ("%F", YMD, false), ("%T", HMS, false),
    ("%%", &[Lit('%')], true), ("%G", &[IsoYear], true), ("%V", &[IsoWeek], true),
    ("%u", &[IsoDayOfWeek], true), ("%x", MDY2, false), ("%D", MDY2, false), ("%R", HM, false),
];

#[rustfmt::skip]
const MYSQL: &[Tok] = &[
    ("%Y", &[Year4], true), ("%y", &[Year2], true), ("%m", &[Month], true), ("%M", &[MonthName], true),
    ("%b", &[MonthAbbr], true), ("%d", &[Day], true), ("%j", &[DayOfYear], true),
    ("%W", &[WeekdayName], true), ("%a", &[WeekdayAbbr], true), ("%H", &[Hour24], true),
    ("%h", &[Hour12], true), ("%I", &[Hour12], false), ("%i", &[Minute], true), ("%s", &[Second], true),
    ("%S", &[Second], false), ("%f", &[Frac(6)], true), ("%p", &[AmPm], true),
    ("%T", HMS, false), ("%%", &[Lit('%')], true), ("%x", &[IsoYear], true),
    ("%v", &[IsoWeek], true), ("%c", &[MonthNoPad], true), ("%e", &[DayNoPad], true),
];

#[rustfmt::skip]
const JAVA: &[Tok] = &[
    ("yyyy", &[Year4], true), ("yy", &[Year2], true), ("MMMM", &[MonthName], true),
    ("MMM", &[MonthAbbr], true), ("MM", &[Month], true), ("dd", &[Day], true), ("DDD", &[DayOfYear], true),
    ("EEEE", &[WeekdayName], true), ("EEE", &[WeekdayAbbr], true), ("E", &[WeekdayAbbr], false),
    ("HH", &[Hour24], true), ("hh", &[Hour12], true), ("mm", &[Minute], true), ("ss", &[Second], true),
    ("S", &[Frac(1)], true), ("SS", &[Frac(2)], true), ("SSS", &[Frac(3)], true),
    ("SSSS", &[Frac(4)], true), ("SSSSS", &[Frac(5)], true), ("SSSSSS", &[Frac(6)], true),
    ("SSSSSSS", &[Frac(7)], true), ("SSSSSSSS", &[Frac(8)], true), ("SSSSSSSSS", &[Frac(9)], true),
    ("a", &[AmPm], true), ("XXX", &[TzColon], true), ("xxx", &[TzColon], false), ("xx", &[Tz], true),
    ("Z", &[Tz], false), ("M", &[MonthNoPad], true), ("d", &[DayNoPad], true),
];

#[rustfmt::skip]
const DOTNET: &[Tok] = &[
    ("yyyy", &[Year4], true), ("yy", &[Year2], true), ("MMMM", &[MonthName], true),
    ("MMM", &[MonthAbbr], true), ("MM", &[Month], true), ("dddd", &[WeekdayName], true),
    ("ddd", &[WeekdayAbbr], true), ("dd", &[Day], true), ("HH", &[Hour24], true), ("hh", &[Hour12], true),
    ("mm", &[Minute], true), ("ss", &[Second], true), ("f", &[Frac(1)], true), ("ff", &[Frac(2)], true),
    ("fff", &[Frac(3)], true), ("ffff", &[Frac(4)], true), ("fffff", &[Frac(5)], true),
    ("ffffff", &[Frac(6)], true), ("fffffff", &[Frac(7)], true), ("tt", &[AmPm], true),
    ("zzz", &[TzColon], true), ("M", &[MonthNoPad], true), ("d", &[DayNoPad], true),
];

/// The token table of a style.
pub fn tokens(s: Style) -> &'static [Tok] {
    match s {
        Style::Snowflake => SNOWFLAKE,
        Style::Postgres => POSTGRES,
        Style::Sqlite => SQLITE,
        Style::DuckDb => DUCKDB,
        Style::Chrono => CHRONO,
        Style::BigQuery => BIGQUERY,
        Style::MySql => MYSQL,
        Style::Java => JAVA,
        Style::DotNet => DOTNET,
    }
}

fn case_insensitive(s: Style) -> bool {
    matches!(s, Style::Snowflake | Style::Postgres)
}

fn percent(s: Style) -> bool {
    matches!(
        s,
        Style::Sqlite | Style::DuckDb | Style::Chrono | Style::BigQuery | Style::MySql
    )
}

/// A format element that could not be read or written (its text).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadElement(pub String);

/// Read a format string of a style into elements.
pub fn parse(fmt: &str, style: Style) -> Result<Vec<El>, BadElement> {
    let table = tokens(style);
    let ci = case_insensitive(style);
    let chars: Vec<char> = fmt.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let rest: String = chars[i..].iter().collect();
        // Quoted literal text.
        let c = chars[i];
        if (ci && c == '"') || (matches!(style, Style::Java | Style::DotNet) && c == '\'') {
            let mut j = i + 1;
            let mut lit = Vec::new();
            while j < chars.len() {
                if chars[j] == c {
                    if style == Style::Java && chars.get(j + 1) == Some(&'\'') {
                        lit.push('\'');
                        j += 2;
                        continue;
                    }
                    break;
                }
                if chars[j] == '\\' && ci && j + 1 < chars.len() {
                    j += 1;
                }
                lit.push(chars[j]);
                j += 1;
            }
            if style == Style::Java && j == i + 1 && chars.get(j) == Some(&'\'') {
                // '' outside quotes is one quote.
                out.push(Lit('\''));
            } else {
                out.extend(lit.into_iter().map(Lit));
            }
            i = j + 1;
            continue;
        }
        if style == Style::DotNet && (c == '"' || c == '\\') {
            if c == '\\' {
                if let Some(n) = chars.get(i + 1) {
                    out.push(Lit(*n));
                }
                i += 2;
                continue;
            }
            let mut j = i + 1;
            while j < chars.len() && chars[j] != '"' {
                out.push(Lit(chars[j]));
                j += 1;
            }
            i = j + 1;
            continue;
        }
        let best = table
            .iter()
            .filter(|(t, _, _)| {
                rest.len() >= t.len()
                    && rest.is_char_boundary(t.len())
                    && if ci {
                        rest[..t.len()].eq_ignore_ascii_case(t)
                    } else {
                        rest.starts_with(t)
                    }
            })
            .max_by_key(|(t, _, _)| t.len());
        match best {
            Some((t, els, _)) => {
                out.extend_from_slice(els);
                i += t.chars().count();
            }
            None if percent(style) && c == '%' => {
                let e: String = chars[i..(i + 2).min(chars.len())].iter().collect();
                return Err(BadElement(e));
            }
            None if style == Style::Java && c.is_ascii_alphabetic() => {
                let n = chars[i..].iter().take_while(|x| **x == c).count();
                return Err(BadElement(chars[i..i + n].iter().collect()));
            }
            None => {
                out.push(Lit(c));
                i += 1;
            }
        }
    }
    Ok(out)
}

fn describe(e: El) -> String {
    match e {
        Year4 => "4-digit year".into(),
        Year2 => "2-digit year".into(),
        Month => "month number".into(),
        MonthName => "month name".into(),
        MonthAbbr => "abbreviated month name".into(),
        Day => "day of month".into(),
        DayOfYear => "day of year".into(),
        WeekdayName => "weekday name".into(),
        WeekdayAbbr => "abbreviated weekday name".into(),
        Hour24 => "hour (00-23)".into(),
        Hour12 => "hour (01-12)".into(),
        Minute => "minute".into(),
        Second => "second".into(),
        Frac(n) => format!("fractional seconds ({n} digits)"),
        AmPm => "AM/PM".into(),
        TzColon | Tz => "time-zone offset".into(),
        IsoYear => "ISO week-numbering year".into(),
        IsoWeek => "ISO week number".into(),
        IsoDayOfWeek => "ISO day of week".into(),
        MonthNoPad => "month number without padding".into(),
        DayNoPad => "day of month without padding".into(),
        Lit(c) => c.to_string(),
    }
}

fn literal(out: &mut String, lits: &str, style: Style) {
    if lits.is_empty() {
        return;
    }
    match style {
        Style::Snowflake | Style::Postgres => {
            if lits.chars().any(|c| c.is_alphabetic() || c == '"') {
                out.push('"');
                out.push_str(&lits.replace('"', "\\\""));
                out.push('"');
            } else {
                out.push_str(lits);
            }
        }
        Style::Java | Style::DotNet => {
            let special =
                |c: char| c.is_ascii_alphabetic() || c == '\'' || c == '"' || c == '\\' || c == '%';
            if lits.chars().any(special) {
                out.push('\'');
                if style == Style::Java {
                    out.push_str(&lits.replace('\'', "''"));
                } else {
                    out.push_str(&lits.replace('\'', "\\'"));
                }
                out.push('\'');
            } else {
                out.push_str(lits);
            }
        }
        _ => out.push_str(&lits.replace('%', "%%")),
    }
}

/// Write elements in a style.
pub fn render(els: &[El], style: Style) -> Result<String, BadElement> {
    let table = tokens(style);
    let mut out = String::new();
    let mut lits = String::new();
    let mut i = 0;
    while i < els.len() {
        let best = table
            .iter()
            .filter(|(_, e, w)| *w && !e.is_empty() && els[i..].starts_with(e))
            .fold(None::<&Tok>, |b, t| match b {
                Some(b) if b.1.len() >= t.1.len() => Some(b),
                _ => Some(t),
            });
        match best {
            Some((t, e, _)) if !(matches!(els[i], Lit(_)) && e.len() == 1 && *t != "%%") => {
                literal(&mut out, &std::mem::take(&mut lits), style);
                out.push_str(t);
                i += e.len();
            }
            _ => match els[i] {
                Lit(c) => {
                    lits.push(c);
                    i += 1;
                }
                e => return Err(BadElement(describe(e))),
            },
        }
    }
    literal(&mut out, &lits, style);
    Ok(out)
}

/// Translate a format string between styles.
#[cfg(test)]
pub fn translate(fmt: &str, from: Style, to: Style) -> Result<String, BadElement> {
    render(&parse(fmt, from)?, to)
}

/// Whether the elements include a time of day.
fn has_time(els: &[El]) -> bool {
    els.iter().any(|e| {
        matches!(
            e,
            Hour24 | Hour12 | Minute | Second | Frac(_) | AmPm | TzColon | Tz
        )
    })
}

/// The text of a SQL string literal as rendered (`'a''b'` → `a'b`), if it is one.
fn unquote(sql: &str) -> Option<String> {
    let t = sql.trim();
    let inner = t.strip_prefix('\'')?.strip_suffix('\'')?;
    if inner.contains('\\') {
        return None;
    }
    let mut out = String::new();
    let mut it = inner.chars().peekable();
    while let Some(c) = it.next() {
        if c == '\'' && it.next() != Some('\'') {
            return None;
        }
        out.push(c);
    }
    Some(out)
}

/// A string literal for the target (`\'` where backslash escapes exist).
pub fn sql_string(s: &str, to: DbKind) -> String {
    use crate::dialect::StringEscape;
    match to.caps().string_escape {
        StringEscape::Doubled => format!("'{}'", s.replace('\'', "''")),
        StringEscape::Backslash => {
            format!("'{}'", s.replace('\\', "\\\\").replace('\'', "\\'"))
        }
        // Spark reads `'a''b'` as two adjacent literals ("ab") and sqlparser's Spark dialect
        // cannot read `\'`: spell quotes and backslashes as CHAR(39) / CHAR(92).
        StringEscape::CharCodes if s.contains(['\'', '\\']) => {
            let mut parts = Vec::new();
            let mut cur = String::new();
            for c in s.chars() {
                match c {
                    '\'' | '\\' => {
                        if !cur.is_empty() {
                            parts.push(format!("'{}'", std::mem::take(&mut cur)));
                        }
                        parts.push(format!("CHAR({})", c as u32));
                    }
                    c => cur.push(c),
                }
            }
            if !cur.is_empty() {
                parts.push(format!("'{cur}'"));
            }
            if parts.len() == 1 {
                parts.remove(0)
            } else {
                format!("CONCAT({})", parts.join(", "))
            }
        }
        StringEscape::CharCodes => format!("'{s}'"),
    }
}

/// Which canonical function is rendered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Op {
    Format,
    ParseDate,
    ParseTimestamp,
}

/// Whether a Snowflake/Oracle format is a numeric one (`'999,990.00'`, `'$9.99'`).
fn numeric_format(fmt: &str, style: Style) -> bool {
    case_insensitive(style)
        && !fmt.contains('"')
        && fmt.contains(['9', '0'])
        && fmt
            .chars()
            .all(|c| "90.,$DGSMIXEL+-".contains(c.to_ascii_uppercase()) || c == ' ')
}

/// The target's template of `op` over `{0}` (the value) and `{1}` (the format); `None`: the
/// target reads only fixed formats.
fn template(op: Op, caps: &Caps) -> Option<&'static str> {
    match (op, caps.parse) {
        (Op::Format, _) => Some(caps.to_char),
        (Op::ParseDate, ParseStyle::Functions { date, .. }) => Some(date),
        (Op::ParseTimestamp, ParseStyle::Functions { timestamp, .. }) => Some(timestamp),
        (_, ParseStyle::Fixed { .. }) => None,
    }
}

/// The target's template for reading the fixed format `out` (in its style), if it reads it.
fn fixed(op: Op, caps: &Caps, out: &str) -> Option<&'static str> {
    let ParseStyle::Fixed {
        date, timestamp, ..
    } = caps.parse
    else {
        return None;
    };
    let rows = match op {
        Op::ParseDate => date,
        Op::ParseTimestamp => timestamp,
        Op::Format => return None,
    };
    rows.iter().find(|(f, _)| *f == out).map(|(_, t)| *t)
}

/// A template filled with the value and the format (both SQL text).
fn fill(t: &str, value: &str, fmt: &str) -> String {
    t.replace("{0}", value).replace("{1}", fmt)
}

fn render_format(op: Op, c: &Call, ctx: &mut Ctx<'_>) -> Result<String, TranslateError> {
    let name = c.written.to_ascii_uppercase();
    let (value, fmt_sql) = (&c.args[0], &c.args[1]);
    let caps = ctx.to.caps();
    let Some(fmt) = unquote(fmt_sql) else {
        if ctx.from != ctx.to {
            ctx.warn(
                Dvt003,
                format!(
                    "{name}: the format is computed at run time and is passed to {} untranslated",
                    ctx.to
                ),
            );
        }
        return match template(op, caps) {
            Some(t) => Ok(fill(t, value, fmt_sql)),
            None => Err(ctx.unsupported(&name, "write the format as a string literal")),
        };
    };
    if op == Op::Format && numeric_format(&fmt, ctx.from.caps().format_style) {
        return numeric_to_char(&name, value, &fmt, ctx);
    }
    let out = translate_format(&name, &fmt, ctx)?;
    if let Some(t) = fixed(op, caps, &out) {
        return Ok(t.replace("{0}", value));
    }
    match template(op, caps) {
        Some(t) => Ok(fill(t, value, &sql_string(&out, ctx.to))),
        None => Err(ctx.unsupported(
            &format!("{name} with the format '{fmt}'"),
            match caps.parse {
                ParseStyle::Fixed { hint, .. } => hint,
                ParseStyle::Functions { .. } => "write the format as a string literal",
            },
        )),
    }
}

/// A format of the source's style in the target's (an element either cannot spell is an error).
fn translate_format(name: &str, fmt: &str, ctx: &Ctx<'_>) -> Result<String, TranslateError> {
    let error = |e: BadElement, target| TranslateError::Format {
        element: e.0,
        function: name.to_string(),
        target,
    };
    let els = parse(fmt, ctx.from.caps().format_style).map_err(|e| error(e, ctx.from))?;
    render(&els, ctx.to.caps().format_style).map_err(|e| error(e, ctx.to))
}

/// TO_CHAR with an Oracle-like numeric format, where the target reads one.
fn numeric_to_char(
    name: &str,
    value: &str,
    fmt: &str,
    ctx: &mut Ctx<'_>,
) -> Result<String, TranslateError> {
    if !ctx.to.caps().numeric_to_char {
        return Err(ctx.unsupported(
            &format!("{name} with a numeric format"),
            "format the number with ROUND/CAST and string functions",
        ));
    }
    if ctx.from != ctx.to {
        ctx.warn(
            Dvt003,
            format!("{name}: numeric format models differ in detail between dialects"),
        );
    }
    Ok(format!("TO_CHAR({value}, {})", sql_string(fmt, ctx.to)))
}

fn to_char(c: &Call, ctx: &mut Ctx<'_>) -> Result<String, TranslateError> {
    render_format(Op::Format, c, ctx)
}

fn to_date(c: &Call, ctx: &mut Ctx<'_>) -> Result<String, TranslateError> {
    render_format(Op::ParseDate, c, ctx)
}

fn to_timestamp(c: &Call, ctx: &mut Ctx<'_>) -> Result<String, TranslateError> {
    render_format(Op::ParseTimestamp, c, ctx)
}

/// MySQL STR_TO_DATE: a date when the format has no time of day, else a timestamp.
fn str_to_date(c: &Call, ctx: &mut Ctx<'_>) -> Result<String, TranslateError> {
    let time = unquote(&c.args[1])
        .and_then(|f| parse(&f, ctx.from.caps().format_style).ok())
        .is_none_or(|els| has_time(&els));
    render_format(
        if time {
            Op::ParseTimestamp
        } else {
            Op::ParseDate
        },
        c,
        ctx,
    )
}

const SWAP: &[Src] = &[Src::A(1), Src::A(0)];

/// FROM_UNIXTIME(n, fmt): the UTC timestamp n seconds after the epoch, formatted.
fn from_unixtime_format(c: &Call, ctx: &mut Ctx<'_>) -> Result<String, TranslateError> {
    let ts = sub("timestamp_seconds", c, vec![c.args[0].clone()], ctx)?;
    sub("to_char", c, vec![ts, c.args[1].clone()], ctx)
}

/// UNIX_TIMESTAMP(s, fmt): text in a format read as a UTC timestamp, in epoch seconds.
fn unix_timestamp_format(c: &Call, ctx: &mut Ctx<'_>) -> Result<String, TranslateError> {
    let ts = sub("to_timestamp", c, c.args.clone(), ctx)?;
    sub("unix_seconds", c, vec![ts], ctx)
}

/// A TRY parse with a literal format: `{0}` the text, `{1}` the format in the target's style.
fn try_parse(t: &str, c: &Call, ctx: &mut Ctx<'_>) -> Result<String, TranslateError> {
    let name = c.written.to_ascii_uppercase();
    let Some(fmt) = unquote(&c.args[1]) else {
        return Err(ctx.unsupported(&name, "write the format as a string literal"));
    };
    let out = translate_format(&name, &fmt, ctx)?;
    let call = Call {
        args: vec![c.args[0].clone(), sql_string(&out, ctx.to)],
        ..Default::default()
    };
    Ok(super::fill(t, &call))
}

/// A rendering function over [`try_parse`] with a fixed template.
macro_rules! try_parse_as {
    ($name:ident, $t:literal) => {
        fn $name(c: &Call, ctx: &mut Ctx<'_>) -> Result<String, TranslateError> {
            try_parse($t, c, ctx)
        }
    };
}
try_parse_as!(try_date_snowflake, "TRY_TO_DATE({0}, {1})");
try_parse_as!(try_date_spark, "CAST(TRY_TO_TIMESTAMP({0}, {1}) AS DATE)");
try_parse_as!(try_date_mysql, "CAST(STR_TO_DATE({0}, {1}) AS DATE)");
try_parse_as!(try_date_duckdb, "CAST(TRY_STRPTIME({0}, {1}) AS DATE)");
try_parse_as!(try_date_trino, "TRY(CAST(DATE_PARSE({0}, {1}) AS DATE))");
try_parse_as!(try_date_bigquery, "SAFE.PARSE_DATE({1}, {0})");
try_parse_as!(try_ts_snowflake, "TRY_TO_TIMESTAMP_NTZ({0}, {1})");
try_parse_as!(try_ts_spark, "TRY_TO_TIMESTAMP({0}, {1})");
try_parse_as!(try_ts_mysql, "CAST(STR_TO_DATE({0}, {1}) AS DATETIME)");
try_parse_as!(try_ts_duckdb, "TRY_STRPTIME({0}, {1})");
try_parse_as!(try_ts_trino, "TRY(DATE_PARSE({0}, {1}))");
try_parse_as!(try_ts_bigquery, "SAFE.PARSE_DATETIME({1}, {0})");

const NO_TRY_PARSE: &str = "the target has no parse with a format that gives NULL for bad input";

/// Snowflake's true and false words (case-insensitive), for TRY_TO_BOOLEAN.
macro_rules! bool_words {
    ($t:literal, $f:literal) => {
        concat!(
            "CASE WHEN LOWER({0}) IN ('true', 't', 'yes', 'y', 'on', '1') THEN ",
            $t,
            " WHEN LOWER({0}) IN ('false', 'f', 'no', 'n', 'off', '0') THEN ",
            $f,
            " END"
        )
    };
}

/// A Snowflake TRY_ spelling with one argument.
const fn try_input(name: &'static str) -> Input {
    Input {
        from: &[Snowflake],
        name,
        arity: Some(1),
        args: &[],
        warn: None,
    }
}

const NO_TRY_CAST: &str = "the target has no cast that gives NULL for bad input; validate the text first (PostgreSQL 16: pg_input_is_valid)";
const MYSQL_LOOSE: &str =
    "MySQL reads loose text (2024-1-5, 20240105) and gives NULL with a warning for bad input";
const SQLITE_ROLLOVER: &str =
    "SQLite rolls a day past the month's end over (2024-02-30 is 2024-03-01)";

/// The function rows of this group.
#[rustfmt::skip]
pub static FUNCTIONS: &[FunctionDef] = &[
    FunctionDef {
        name: "to_char", arity: (2, 2), unit_arg: false, kind: Kind::Scalar,
        note: "TO_CHAR(x, fmt): a date/time as text in a format (format strings are translated)",
        inputs: &[ia(&[Snowflake, Postgres, Redshift, DataFusion], "TO_CHAR", 2, &[]),
                  ia(&[Snowflake], "TO_VARCHAR", 2, &[]),
                  ia(&[MySql, MariaDb, Spark, Databricks, Trino], "DATE_FORMAT", 2, &[]),
                  ia(&[Sqlite], "STRFTIME", 2, SWAP), ia(&[DuckDb], "STRFTIME", 2, &[]),
                  ia(&[BigQuery], "FORMAT_DATE", 2, SWAP), ia(&[BigQuery], "FORMAT_TIMESTAMP", 2, SWAP),
                  ia(&[BigQuery], "FORMAT_DATETIME", 2, SWAP), ia(&[SqlServer], "FORMAT", 2, &[])],
        outputs: &[sp(to_char)],
    },
    FunctionDef {
        name: "to_date", arity: (2, 2), unit_arg: false, kind: Kind::Scalar,
        note: "TO_DATE(s, fmt): text in a format read as a date",
        inputs: &[ia(&[Snowflake, Postgres, Redshift, DataFusion, Spark, Databricks], "TO_DATE", 2, &[]),
                  ia(&[Snowflake], "DATE", 2, &[]),
                  ia(&[BigQuery], "PARSE_DATE", 2, SWAP)],
        outputs: &[sp(to_date)],
    },
    FunctionDef {
        name: "to_timestamp", arity: (2, 2), unit_arg: false, kind: Kind::Scalar,
        note: "TO_TIMESTAMP(s, fmt): text in a format read as a timestamp (without time zone)",
        inputs: &[ia(&[Snowflake, Postgres, Redshift, DataFusion, Spark, Databricks], "TO_TIMESTAMP", 2, &[]),
                  ia(&[Snowflake], "TO_TIMESTAMP_NTZ", 2, &[]),
                  ia(&[DuckDb], "STRPTIME", 2, &[]), ia(&[Trino], "DATE_PARSE", 2, &[]),
                  ia(&[BigQuery], "PARSE_TIMESTAMP", 2, SWAP), ia(&[BigQuery], "PARSE_DATETIME", 2, SWAP)],
        outputs: &[sp(to_timestamp)],
    },
    FunctionDef {
        name: "str_to_date", arity: (2, 2), unit_arg: false, kind: Kind::Scalar,
        note: "MySQL STR_TO_DATE(s, fmt): a date, or a timestamp when the format has a time of day",
        inputs: &[ia(&[MySql, MariaDb], "STR_TO_DATE", 2, &[])],
        outputs: &[sp(str_to_date)],
    },
    FunctionDef {
        name: "from_unixtime_format", arity: (2, 2), unit_arg: false, kind: Kind::Scalar,
        note: "FROM_UNIXTIME(n, fmt): the UTC timestamp n seconds after 1970-01-01, as text in a format",
        inputs: &[ia(&[MySql, MariaDb, Spark, Databricks], "FROM_UNIXTIME", 2, &[]),
                  ia(SPARK, "FROM_UNIXTIME", 1, &[Src::A(0), Src::L("'yyyy-MM-dd HH:mm:ss'")])],
        outputs: &[sp(from_unixtime_format)],
    },
    FunctionDef {
        name: "unix_timestamp_format", arity: (2, 2), unit_arg: false, kind: Kind::Scalar,
        note: "UNIX_TIMESTAMP(s, fmt): text in a format read as a UTC timestamp, in whole seconds since 1970-01-01",
        inputs: &[ia(SPARK, "UNIX_TIMESTAMP", 2, &[]), ia(SPARK, "TO_UNIX_TIMESTAMP", 2, &[])],
        outputs: &[sp(unix_timestamp_format)],
    },
    FunctionDef {
        name: "try_to_date", arity: (1, 1), unit_arg: false, kind: Kind::Scalar,
        note: "text read as a date, NULL when it is not one (Snowflake TRY_TO_DATE with one argument)",
        inputs: &[try_input("TRY_TO_DATE")],
        outputs: &[o(&[Snowflake], "TRY_TO_DATE({0})"), o(&[BigQuery], "SAFE_CAST({0} AS DATE)"),
                   ow(MY, "CAST({0} AS DATE)", Dvt003, MYSQL_LOOSE), ow(&[Sqlite], "DATE({0})", Dvt003, SQLITE_ROLLOVER),
                   Output { to: PG, render: Render::Unsupported(NO_TRY_CAST), warn: None },
                   o(ALL, "TRY_CAST({0} AS DATE)")],
    },
    FunctionDef {
        name: "try_to_timestamp", arity: (1, 1), unit_arg: false, kind: Kind::Scalar,
        note: "text read as a timestamp without time zone, NULL when it is not one",
        inputs: &[try_input("TRY_TO_TIMESTAMP"), try_input("TRY_TO_TIMESTAMP_NTZ"), ia(SPARK, "TRY_TO_TIMESTAMP", 1, &[])],
        outputs: &[o(&[Snowflake], "TRY_TO_TIMESTAMP_NTZ({0})"), o(&[BigQuery], "SAFE_CAST({0} AS DATETIME)"),
                   ow(MY, "CAST({0} AS DATETIME)", Dvt003, MYSQL_LOOSE), ow(&[Sqlite], "DATETIME({0})", Dvt003, SQLITE_ROLLOVER),
                   o(&[SqlServer], "TRY_CAST({0} AS DATETIME2)"), o(SPARK, "TRY_TO_TIMESTAMP({0})"),
                   Output { to: PG, render: Render::Unsupported(NO_TRY_CAST), warn: None },
                   o(ALL, "TRY_CAST({0} AS TIMESTAMP)")],
    },
    FunctionDef {
        name: "try_to_time", arity: (1, 1), unit_arg: false, kind: Kind::Scalar,
        note: "text read as a time of day, NULL when it is not one",
        inputs: &[try_input("TRY_TO_TIME")],
        outputs: &[o(&[Snowflake], "TRY_TO_TIME({0})"), o(&[BigQuery], "SAFE_CAST({0} AS TIME)"),
                   ow(MY, "CAST({0} AS TIME)", Dvt003, MYSQL_LOOSE), o(&[Sqlite], "TIME({0})"),
                   Output { to: PG, render: Render::Unsupported(NO_TRY_CAST), warn: None },
                   Output { to: SPARK, render: Render::Unsupported("Spark has no time-of-day type"), warn: None },
                   o(ALL, "TRY_CAST({0} AS TIME)")],
    },
    FunctionDef {
        name: "try_to_double", arity: (1, 1), unit_arg: false, kind: Kind::Scalar,
        note: "text read as a double, NULL when it is not a number",
        inputs: &[try_input("TRY_TO_DOUBLE")],
        outputs: &[o(&[Snowflake], "TRY_TO_DOUBLE({0})"), o(&[BigQuery], "SAFE_CAST({0} AS FLOAT64)"),
                   o(&[SqlServer], "TRY_CAST({0} AS FLOAT)"), o(&[Trino, Spark, Databricks, DuckDb, DataFusion], "TRY_CAST({0} AS DOUBLE)"),
                   ow(PG, "CASE WHEN {0} ~ '^[[:space:]]*[-+]?([0-9]+[.]?[0-9]*|[.][0-9]+)([eE][-+]?[0-9]+)?[[:space:]]*$' THEN CAST({0} AS DOUBLE PRECISION) END", Dvt003, "only decimal notation is read (no NaN or Infinity)"),
                   ow(MY, "CASE WHEN {0} REGEXP '^[[:space:]]*[-+]?([0-9]+[.]?[0-9]*|[.][0-9]+)([eE][-+]?[0-9]+)?[[:space:]]*$' THEN CAST({0} AS DOUBLE) END", Dvt003, "only decimal notation is read (no NaN or Infinity)"),
                   no("the target cannot test whether text is a number; convert in the engine")],
    },
    FunctionDef {
        name: "to_double", arity: (1, 1), unit_arg: false, kind: Kind::Scalar,
        note: "a value as a double-precision float (Snowflake TO_DOUBLE; text that is not a number is an error there)",
        inputs: &[ia(&[Snowflake], "TO_DOUBLE", 1, &[])],
        outputs: &[o(&[Snowflake], "TO_DOUBLE({0})"), o(&[BigQuery], "CAST({0} AS FLOAT64)"),
                   o(&[SqlServer], "CAST({0} AS FLOAT)"), o(PG, "CAST({0} AS DOUBLE PRECISION)"),
                   o(&[Sqlite], "CAST({0} AS REAL)"), o(ALL, "CAST({0} AS DOUBLE)")],
    },
    FunctionDef {
        name: "to_boolean", arity: (1, 1), unit_arg: false, kind: Kind::Scalar,
        note: "text read as a boolean: true, t, yes, y, on, 1 / false, f, no, n, off, 0 (any case); other text is an error in Snowflake",
        inputs: &[ia(&[Snowflake], "TO_BOOLEAN", 1, &[])],
        outputs: &[o(&[Snowflake], "TO_BOOLEAN({0})"),
                   ow(&[SqlServer], bool_words!("CAST(1 AS BIT)", "CAST(0 AS BIT)"), Dvt003, "other text is NULL, not an error"),
                   ow(ALL, bool_words!("TRUE", "FALSE"), Dvt003, "other text is NULL, not an error")],
    },
    FunctionDef {
        name: "try_to_date_format", arity: (2, 2), unit_arg: false, kind: Kind::Scalar,
        note: "TRY_TO_DATE(s, fmt): text in a format read as a date, NULL when it does not fit",
        inputs: &[ia(&[Snowflake], "TRY_TO_DATE", 2, &[])],
        outputs: &[spt(&[Snowflake], try_date_snowflake), spt(SPARK, try_date_spark), spt(MY, try_date_mysql),
                   spt(&[DuckDb], try_date_duckdb), spt(&[Trino], try_date_trino), spt(&[BigQuery], try_date_bigquery),
                   no(NO_TRY_PARSE)],
    },
    FunctionDef {
        name: "try_to_timestamp_format", arity: (2, 2), unit_arg: false, kind: Kind::Scalar,
        note: "TRY_TO_TIMESTAMP(s, fmt): text in a format read as a timestamp without time zone, NULL when it does not fit",
        inputs: &[ia(&[Snowflake], "TRY_TO_TIMESTAMP", 2, &[]), ia(&[Snowflake], "TRY_TO_TIMESTAMP_NTZ", 2, &[]),
                  ia(SPARK, "TRY_TO_TIMESTAMP", 2, &[]), ia(&[DuckDb], "TRY_STRPTIME", 2, &[])],
        outputs: &[spt(&[Snowflake], try_ts_snowflake), spt(SPARK, try_ts_spark), spt(MY, try_ts_mysql),
                   spt(&[DuckDb], try_ts_duckdb), spt(&[Trino], try_ts_trino), spt(&[BigQuery], try_ts_bigquery),
                   no(NO_TRY_PARSE)],
    },
    FunctionDef {
        name: "try_to_decimal", arity: (3, 3), unit_arg: false, kind: Kind::Scalar,
        note: "TRY_TO_NUMBER(s[, p, s]): text read as DECIMAL(p, s) (default 38, 0), rounded; NULL when it is not a number",
        inputs: &[ia(&[Snowflake], "TRY_TO_NUMBER", 1, &[Src::A(0), Src::L("38"), Src::L("0")]),
                  ia(&[Snowflake], "TRY_TO_DECIMAL", 1, &[Src::A(0), Src::L("38"), Src::L("0")]),
                  ia(&[Snowflake], "TRY_TO_NUMERIC", 1, &[Src::A(0), Src::L("38"), Src::L("0")]),
                  ia(&[Snowflake], "TRY_TO_NUMBER", 3, &[]), ia(&[Snowflake], "TRY_TO_DECIMAL", 3, &[]),
                  ia(&[Snowflake], "TRY_TO_NUMERIC", 3, &[])],
        outputs: &[o(&[Snowflake], "TRY_TO_NUMBER({0}, {1}, {2})"), o(&[BigQuery], "SAFE_CAST({0} AS NUMERIC({1}, {2}))"),
                   o(&[Trino, Spark, Databricks, DuckDb, DataFusion, SqlServer], "TRY_CAST({0} AS DECIMAL({1}, {2}))"),
                   ow(PG, "CASE WHEN {0} ~ '^[[:space:]]*[-+]?([0-9]+[.]?[0-9]*|[.][0-9]+)([eE][-+]?[0-9]+)?[[:space:]]*$' THEN CAST({0} AS NUMERIC({1}, {2})) END", Dvt003, "a number too large for the precision is an error, not NULL"),
                   ow(MY, "CASE WHEN {0} REGEXP '^[[:space:]]*[-+]?([0-9]+[.]?[0-9]*|[.][0-9]+)([eE][-+]?[0-9]+)?[[:space:]]*$' THEN CAST({0} AS DECIMAL({1}, {2})) END", Dvt003, "a number too large for the precision is clamped, not NULL"),
                   no("the target cannot test whether text is a number; convert in the engine")],
    },
    FunctionDef {
        name: "try_to_boolean", arity: (1, 1), unit_arg: false, kind: Kind::Scalar,
        note: "text read as a boolean: true, t, yes, y, on, 1 / false, f, no, n, off, 0 (any case); else NULL",
        inputs: &[try_input("TRY_TO_BOOLEAN")],
        outputs: &[o(&[Snowflake], "TRY_TO_BOOLEAN({0})"), o(&[SqlServer], bool_words!("CAST(1 AS BIT)", "CAST(0 AS BIT)")),
                   o(ALL, bool_words!("TRUE", "FALSE"))],
    },
];

#[cfg(test)]
mod tests {
    use super::*;

    fn t(f: &str, a: Style, b: Style) -> String {
        translate(f, a, b).unwrap()
    }

    #[test]
    fn snowflake_to_others() {
        let f = "YYYY-MM-DD HH24:MI:SS.FF3";
        assert_eq!(
            t(f, Style::Snowflake, Style::Postgres),
            "YYYY-MM-DD HH24:MI:SS.MS"
        );
        assert_eq!(
            t(f, Style::Snowflake, Style::DuckDb),
            "%Y-%m-%d %H:%M:%S.%g"
        );
        assert_eq!(
            t(f, Style::Snowflake, Style::Chrono),
            "%Y-%m-%d %H:%M:%S.%3f"
        );
        assert_eq!(t(f, Style::Snowflake, Style::Sqlite), "%Y-%m-%d %H:%M:%f");
        assert_eq!(
            t(f, Style::Snowflake, Style::BigQuery),
            "%Y-%m-%d %H:%M:%E3S"
        );
        assert_eq!(
            t(f, Style::Snowflake, Style::Java),
            "yyyy-MM-dd HH:mm:ss.SSS"
        );
        assert_eq!(
            t(f, Style::Snowflake, Style::DotNet),
            "yyyy-MM-dd HH:mm:ss.fff"
        );
        assert_eq!(
            translate(f, Style::Snowflake, Style::MySql),
            Err(BadElement("fractional seconds (3 digits)".into()))
        );
        assert_eq!(
            t("mon dd, yyyy", Style::Snowflake, Style::MySql),
            "%b %d, %Y"
        );
        assert_eq!(
            t("DY MMMM", Style::Snowflake, Style::Postgres),
            "Dy FMMonth"
        );
    }

    #[test]
    fn literals() {
        let f = "YYYY-MM-DD\"T\"HH24:MI:SS";
        assert_eq!(t(f, Style::Snowflake, Style::Java), "yyyy-MM-dd'T'HH:mm:ss");
        assert_eq!(t(f, Style::Snowflake, Style::Chrono), "%Y-%m-%dT%H:%M:%S");
        assert_eq!(t("%Y-%m-%dT%H:%M:%S", Style::Chrono, Style::Snowflake), f);
        assert_eq!(t("yyyy-MM-dd'T'HH:mm:ss", Style::Java, Style::Snowflake), f);
        assert_eq!(t("100%% %Y", Style::DuckDb, Style::Java), "'100% 'yyyy");
        assert_eq!(t("'at' HH:mm", Style::Java, Style::DuckDb), "at %H:%M");
        assert_eq!(t("'It''s' yyyy", Style::Java, Style::Java), "'It''s 'yyyy");
    }

    #[test]
    fn round_trips() {
        let styles = [
            Style::Snowflake,
            Style::Postgres,
            Style::DuckDb,
            Style::Chrono,
            Style::BigQuery,
            Style::Java,
            Style::DotNet,
        ];
        let f = "DD/MM/YYYY HH12:MI:SS AM";
        for s in styles {
            let there = t(f, Style::Snowflake, s);
            assert_eq!(t(&there, s, Style::Snowflake), f, "via {s:?}: {there}");
        }
        assert_eq!(
            t("%Y-%m-%d %H:%i:%s", Style::MySql, Style::Chrono),
            "%Y-%m-%d %H:%M:%S"
        );
        assert_eq!(
            t("%Y-%m-%d %H:%M:%S", Style::Chrono, Style::MySql),
            "%Y-%m-%d %H:%i:%s"
        );
        assert_eq!(
            t("%F %T", Style::Chrono, Style::Postgres),
            "YYYY-MM-DD HH24:MI:SS"
        );
        assert_eq!(t("%M %W", Style::MySql, Style::Java), "MMMM EEEE");
        assert_eq!(
            t("FMMonth FMDD, YYYY", Style::Postgres, Style::DuckDb),
            "%B %-d, %Y"
        );
        // ISO week-numbering year and week; unpadded fields.
        assert_eq!(t("IYYY-IW", Style::Postgres, Style::MySql), "%x-%v");
        assert!(render(&[IsoDayOfWeek], Style::MySql).is_err());
        assert_eq!(t("%G-%V", Style::Chrono, Style::Postgres), "IYYY-IW");
        assert_eq!(t("%c/%e", Style::MySql, Style::Java), "M/d");
    }

    #[test]
    fn unknown_elements() {
        assert_eq!(parse("%Q", Style::DuckDb), Err(BadElement("%Q".into())));
        assert_eq!(parse("yyyy-QQ", Style::Java), Err(BadElement("QQ".into())));
        assert!(render(&[WeekdayName], Style::Snowflake).is_err());
        assert!(render(&[DayOfYear], Style::DotNet).is_err());
    }

    #[test]
    fn numeric_formats_are_recognised() {
        assert!(numeric_format("999,990.00", Style::Snowflake));
        assert!(!numeric_format("YYYY", Style::Snowflake));
        assert_eq!(unquote("'a''b'").as_deref(), Some("a'b"));
        assert_eq!(unquote("x"), None);
    }
}
