//! The one generic parser: structure (wrappers, arrays, parameters, modifiers) is handled
//! here, names are looked up in the dialect's [`ParseSpec`].

use crate::error::TypeError;
use crate::spec::{ParseSpec, Rule};
use crate::types::DvtType;

/// Error context: the dialect name and the whole input.
struct Ctx<'a> {
    dialect: &'a str,
    native: &'a str,
}

impl Ctx<'_> {
    fn bad(&self, param: &str, example: &'static str) -> TypeError {
        TypeError::BadParameter {
            dialect: self.dialect.to_string(),
            native: self.native.to_string(),
            param: param.to_string(),
            example,
        }
    }

    fn range(&self, problem: String) -> TypeError {
        TypeError::OutOfRange {
            dialect: self.dialect.to_string(),
            native: self.native.to_string(),
            problem,
        }
    }

    fn at_most(
        &self,
        params: &[String],
        max: usize,
        example: &'static str,
    ) -> Result<(), TypeError> {
        if params.len() > max {
            return Err(TypeError::TooManyParameters {
                dialect: self.dialect.to_string(),
                native: self.native.to_string(),
                max,
                found: params.len(),
                example,
            });
        }
        Ok(())
    }
}

/// Parses `native` with the tables of one dialect (`dialect` is only used in messages).
pub(crate) fn parse(spec: &ParseSpec, dialect: &str, native: &str) -> Result<DvtType, TypeError> {
    let ctx = Ctx {
        dialect,
        native: native.trim(),
    };
    parse_inner(spec, &ctx, native)
}

fn parse_inner(spec: &ParseSpec, ctx: &Ctx<'_>, s: &str) -> Result<DvtType, TypeError> {
    let s = s.trim();
    if s.is_empty() {
        if spec.empty_is_unknown {
            return Ok(DvtType::Unknown {
                native: String::new(),
            });
        }
        return Err(TypeError::Empty {
            dialect: ctx.dialect.to_string(),
        });
    }
    check_balanced(s).map_err(|what| TypeError::Unbalanced {
        dialect: ctx.dialect.to_string(),
        native: ctx.native.to_string(),
        what,
    })?;
    if spec.quoted_unknown
        && let Some(native) = quoted_unknown(s)
    {
        return Ok(DvtType::Unknown { native });
    }
    let s = strip_clauses(s);
    for wrapper in spec.wrappers {
        if let Some(inner) = call_form(s, wrapper, '(') {
            return parse_inner(spec, ctx, inner);
        }
    }
    if let Some(element) = array_suffix(s) {
        return Ok(DvtType::array(parse_inner(spec, ctx, element)?));
    }
    for (keyword, open) in [("array", '<'), ("array", '('), ("list", '<'), ("list", '(')] {
        if let Some(inner) = call_form(s, keyword, open) {
            return Ok(DvtType::array(parse_inner(spec, ctx, inner)?));
        }
    }

    let (mut words, groups) = split(s);
    let mut unsigned = false;
    if spec.unsigned_modifier {
        words.retain(|w| match w.as_str() {
            "unsigned" => {
                unsigned = true;
                false
            }
            "signed" | "zerofill" => false,
            _ => true,
        });
    }
    let name = words.join(" ");
    let names = || spec.names.iter().chain(spec.inherited);
    let rule = names()
        .find(|(n, _)| *n == name)
        .or_else(|| {
            names().find(|(n, _)| {
                n.strip_suffix(" *").is_some_and(|prefix| {
                    name.strip_prefix(prefix)
                        .is_some_and(|r| r.starts_with(' '))
                })
            })
        })
        .map(|(_, rule)| rule);
    let Some(rule) = rule else {
        if spec.sqlite_affinity {
            return Ok(sqlite_affinity(&name, s));
        }
        return Ok(DvtType::Unknown {
            native: s.to_string(),
        });
    };
    let params: &[String] = groups.first().map(Vec::as_slice).unwrap_or(&[]);
    let ty = apply(rule, params, ctx, s)?;
    Ok(match (unsigned, rule) {
        // `tinyint(1) unsigned` is a byte, not a boolean
        (true, Rule::TinyInt) => DvtType::UInt8,
        (true, _) => to_unsigned(ty),
        (false, _) => ty,
    })
}

fn to_unsigned(ty: DvtType) -> DvtType {
    match ty {
        DvtType::Int8 => DvtType::UInt8,
        DvtType::Int16 => DvtType::UInt16,
        DvtType::Int32 => DvtType::UInt32,
        DvtType::Int64 => DvtType::UInt64,
        other => other,
    }
}

/// SQLite's column affinity rules (section 3.1 of "Datatypes In SQLite"), in their order.
fn sqlite_affinity(name: &str, original: &str) -> DvtType {
    let up = name.to_ascii_uppercase();
    if up.contains("INT") {
        DvtType::Int64
    } else if ["CHAR", "CLOB", "TEXT"].iter().any(|k| up.contains(k)) {
        DvtType::Varchar { length: None }
    } else if up.contains("BLOB") {
        DvtType::Binary { length: None }
    } else if ["REAL", "FLOA", "DOUB"].iter().any(|k| up.contains(k)) {
        DvtType::Float64
    } else {
        DvtType::Unknown {
            native: original.to_string(),
        }
    }
}

fn apply(rule: &Rule, params: &[String], ctx: &Ctx<'_>, s: &str) -> Result<DvtType, TypeError> {
    Ok(match rule {
        Rule::Fixed(ty) => {
            for p in params {
                number(ctx, p, "int(11)")?;
            }
            ty.clone()
        }
        Rule::Bit => {
            ctx.at_most(params, 1, "bit(1)")?;
            match params.first() {
                None => DvtType::Boolean,
                Some(p) if number(ctx, p, "bit(1)")? <= 1 => DvtType::Boolean,
                Some(_) => DvtType::Unknown {
                    native: s.to_string(),
                },
            }
        }
        Rule::TinyInt => {
            ctx.at_most(params, 1, "tinyint(1)")?;
            match params.first() {
                Some(p) if number(ctx, p, "tinyint(1)")? == 1 => DvtType::Boolean,
                _ => DvtType::Int8,
            }
        }
        Rule::Float { default64 } => float(ctx, params, *default64)?,
        Rule::Decimal { precision, scale } => decimal_rule(ctx, params, *precision, *scale)?,
        Rule::DecimalScale(precision) => {
            ctx.at_most(params, 1, "Decimal64(4)")?;
            let s = match params.first() {
                Some(s) => signed_number(ctx, s)?,
                None => 0,
            };
            decimal(ctx, i64::from(*precision), s)?
        }
        Rule::Varchar(default) => DvtType::Varchar {
            length: length(ctx, params, *default, "varchar(255)")?,
        },
        Rule::Text => {
            length(ctx, params, None, "varchar(255)")?;
            DvtType::Varchar { length: None }
        }
        Rule::Char(default) => {
            ctx.at_most(params, 1, "char(10)")?;
            let length = match params.first() {
                Some(p) => to_u32(ctx, length_number(ctx, p, "char(10)")?)?,
                None => *default,
            };
            DvtType::Char { length }
        }
        Rule::CharOrText => match length(ctx, params, None, "bpchar(10)")? {
            Some(length) => DvtType::Char { length },
            None => DvtType::Varchar { length: None },
        },
        Rule::Binary(default) => DvtType::Binary {
            length: length(ctx, params, *default, "varbinary(16)")?,
        },
        Rule::BinaryUnbounded => {
            length(ctx, params, None, "varbinary(16)")?;
            DvtType::Binary { length: None }
        }
        Rule::Time(default) => DvtType::Time {
            precision: time_precision(ctx, params, *default, "time(6)")?,
        },
        Rule::Timestamp { tz, precision } => DvtType::Timestamp {
            precision: time_precision(ctx, params, *precision, "timestamp(6)")?,
            tz: *tz,
        },
        Rule::ClickHouseDateTime {
            precision,
            precision_param,
        } => clickhouse_datetime(ctx, params, *precision, *precision_param)?,
        Rule::Interval => DvtType::Interval,
        Rule::JsonArray => {
            ctx.at_most(params, 0, "ARRAY")?;
            DvtType::array(DvtType::Json)
        }
    })
}

/// `float(p)`: single precision up to 24 bits, double above; without `p` the dialect's default.
fn float(ctx: &Ctx<'_>, params: &[String], default64: bool) -> Result<DvtType, TypeError> {
    if let [p] = params {
        let bits = number(ctx, p, "float(53)")?;
        return Ok(if bits <= 24 {
            DvtType::Float32
        } else {
            DvtType::Float64
        });
    }
    for p in params {
        number(ctx, p, "float(53)")?;
    }
    Ok(if default64 {
        DvtType::Float64
    } else {
        DvtType::Float32
    })
}

/// `decimal[(p[, s])]`, the dialect's defaults where a parameter is missing.
fn decimal_rule(
    ctx: &Ctx<'_>,
    params: &[String],
    precision: u16,
    scale: u16,
) -> Result<DvtType, TypeError> {
    ctx.at_most(params, 2, "decimal(10,2)")?;
    match params {
        [] => Ok(DvtType::decimal(precision, scale)),
        [p] => decimal(ctx, precision_param(ctx, p, precision)?, 0),
        [p, s] => {
            let p = precision_param(ctx, p, precision)?;
            let s = signed_number(ctx, s)?;
            decimal(ctx, p, s)
        }
        _ => unreachable!("checked by at_most"),
    }
}

/// ClickHouse's `DateTime(['zone'])` and `DateTime64(p[, 'zone'])`: a zone makes it UTC-based.
fn clickhouse_datetime(
    ctx: &Ctx<'_>,
    params: &[String],
    precision: u8,
    precision_param: bool,
) -> Result<DvtType, TypeError> {
    let (precision, zone) = if precision_param {
        ctx.at_most(params, 2, "DateTime64(3, 'UTC')")?;
        let head = &params[..params.len().min(1)];
        let p = time_precision(ctx, head, precision, "DateTime64(3)")?;
        (p, params.get(1))
    } else {
        ctx.at_most(params, 1, "DateTime('UTC')")?;
        (precision, params.first())
    };
    if let Some(zone) = zone
        && !(zone.starts_with('\'') && zone.ends_with('\'') && zone.len() >= 2)
    {
        return Err(ctx.bad(zone, "DateTime64(3, 'UTC')"));
    }
    Ok(DvtType::Timestamp {
        precision,
        tz: zone.is_some(),
    })
}

fn number(ctx: &Ctx<'_>, p: &str, example: &'static str) -> Result<u64, TypeError> {
    p.trim().parse::<u64>().map_err(|_| ctx.bad(p, example))
}

fn signed_number(ctx: &Ctx<'_>, p: &str) -> Result<i64, TypeError> {
    p.trim()
        .parse::<i64>()
        .map_err(|_| ctx.bad(p, "decimal(10,2)"))
}

fn to_u32(ctx: &Ctx<'_>, n: u64) -> Result<u32, TypeError> {
    u32::try_from(n).map_err(|_| {
        ctx.range(format!(
            "length {n} is larger than any database allows; use at most {}",
            u32::MAX
        ))
    })
}

/// `10`, `10 char`, `10 byte` (Oracle length semantics) → 10.
fn length_number(ctx: &Ctx<'_>, p: &str, example: &'static str) -> Result<u64, TypeError> {
    let t = p.trim();
    let lower = t.to_ascii_lowercase();
    let digits = lower
        .strip_suffix(" char")
        .or_else(|| lower.strip_suffix(" byte"))
        .unwrap_or(&lower);
    digits
        .trim()
        .parse::<u64>()
        .map_err(|_| ctx.bad(p, example))
}

/// Optional single length parameter; `max` means unbounded.
fn length(
    ctx: &Ctx<'_>,
    params: &[String],
    default: Option<u32>,
    example: &'static str,
) -> Result<Option<u32>, TypeError> {
    ctx.at_most(params, 1, example)?;
    match params.first() {
        None => Ok(default),
        Some(p) if p.trim().eq_ignore_ascii_case("max") => Ok(None),
        Some(p) => Ok(Some(to_u32(ctx, length_number(ctx, p, example)?)?)),
    }
}

fn time_precision(
    ctx: &Ctx<'_>,
    params: &[String],
    default: u8,
    example: &'static str,
) -> Result<u8, TypeError> {
    ctx.at_most(params, 1, example)?;
    match params.first() {
        None => Ok(default),
        Some(p) => {
            let n = number(ctx, p, example)?;
            if n > 12 {
                return Err(ctx.range(format!(
                    "fractional-second precision {n} is out of range; use 0 to 12 (e.g. {example})"
                )));
            }
            Ok(n as u8)
        }
    }
}

fn precision_param(ctx: &Ctx<'_>, p: &str, default: u16) -> Result<i64, TypeError> {
    if p.trim() == "*" {
        Ok(i64::from(default))
    } else {
        signed_number(ctx, p)
    }
}

/// Validates and normalises a decimal: a negative scale (Oracle `NUMBER(5,-2)`) widens the
/// integer part, a scale above the precision (Oracle `NUMBER(2,5)`) raises the precision.
fn decimal(ctx: &Ctx<'_>, p: i64, s: i64) -> Result<DvtType, TypeError> {
    if !(1..=1000).contains(&p) {
        return Err(ctx.range(format!(
            "decimal precision {p} is out of range; use a precision from 1 to 1000, e.g. decimal(10,2)"
        )));
    }
    if !(-1000..=1000).contains(&s) {
        return Err(ctx.range(format!(
            "decimal scale {s} is out of range; use a scale from 0 to the precision, e.g. decimal(10,2)"
        )));
    }
    let (p, s) = if s < 0 { (p - s, 0) } else { (p.max(s), s) };
    if p > 1000 {
        return Err(ctx.range(format!(
            "decimal precision {p} is out of range; use a precision from 1 to 1000, e.g. decimal(10,2)"
        )));
    }
    Ok(DvtType::decimal(p as u16, s as u16))
}

/// The canonical `unknown('…')` spelling (quotes doubled inside).
fn quoted_unknown(s: &str) -> Option<String> {
    let head = s.get(..9)?;
    if !head.eq_ignore_ascii_case("unknown('") || !s.ends_with("')") || s.len() < 11 {
        return None;
    }
    let inner = &s[9..s.len() - 2];
    let mut out = String::with_capacity(inner.len());
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        if c == '\'' && chars.next() != Some('\'') {
            return None;
        }
        out.push(c);
    }
    Some(out)
}

/// Drops trailing `collate …`, `character set …` and `charset …` clauses.
fn strip_clauses(s: &str) -> &str {
    let lower = s.to_ascii_lowercase();
    let mut end = s.len();
    for clause in [" collate ", " character set ", " charset "] {
        if let Some(i) = find_top_level(&lower, clause) {
            end = end.min(i);
        }
    }
    s[..end].trim_end()
}

/// Byte offset of `needle` outside any brackets and quotes.
fn find_top_level(haystack: &str, needle: &str) -> Option<usize> {
    let mut scanner = Scanner::default();
    for (i, c) in haystack.char_indices() {
        if scanner.depth == 0 && scanner.quote.is_none() && haystack[i..].starts_with(needle) {
            return Some(i);
        }
        let _ = scanner.step(c);
    }
    None
}

/// Tracks bracket depth and quotes while walking a type string.
#[derive(Default)]
struct Scanner {
    stack: Vec<char>,
    depth: usize,
    quote: Option<char>,
}

impl Scanner {
    /// Advances over `c`; `Err` names the delimiter that does not balance.
    fn step(&mut self, c: char) -> Result<(), &'static str> {
        if let Some(q) = self.quote {
            if c == q {
                self.quote = None;
            }
            return Ok(());
        }
        match c {
            '\'' | '"' | '`' => self.quote = Some(c),
            '(' => self.stack.push(')'),
            '[' => self.stack.push(']'),
            '<' => self.stack.push('>'),
            // the guard pops: a matching closer falls through to `_`
            ')' | ']' | '>' if self.stack.pop() != Some(c) => {
                return Err(match c {
                    ')' => "parenthesis",
                    ']' => "square bracket",
                    _ => "angle bracket",
                });
            }
            _ => {}
        }
        self.depth = self.stack.len();
        Ok(())
    }
}

fn check_balanced(s: &str) -> Result<(), &'static str> {
    let mut scanner = Scanner::default();
    for c in s.chars() {
        scanner.step(c)?;
    }
    if scanner.quote.is_some() {
        return Err("quote");
    }
    match scanner.stack.last() {
        None => Ok(()),
        Some(')') => Err("parenthesis"),
        Some(']') => Err("square bracket"),
        Some(_) => Err("angle bracket"),
    }
}

/// `keyword<open>inner<close>` covering the whole (balanced) string → `inner`.
fn call_form<'a>(s: &'a str, keyword: &str, open: char) -> Option<&'a str> {
    let head = s.get(..keyword.len())?;
    if !head.eq_ignore_ascii_case(keyword) {
        return None;
    }
    let rest = s[keyword.len()..].trim_start();
    if !rest.starts_with(open) {
        return None;
    }
    let start = s.len() - rest.len();
    (closing_of(s, start)? == s.len() - 1).then(|| &s[start + 1..s.len() - 1])
}

/// Index of the bracket closing the one at byte `open` (the string is balanced).
fn closing_of(s: &str, open: usize) -> Option<usize> {
    let mut scanner = Scanner::default();
    for (i, c) in s[open..].char_indices() {
        scanner.step(c).ok()?;
        if scanner.depth == 0 && scanner.quote.is_none() {
            return Some(open + i);
        }
    }
    None
}

/// `T[]` / `T[3]` → `T`.
fn array_suffix(s: &str) -> Option<&str> {
    if !s.ends_with(']') {
        return None;
    }
    // find the '[' whose closing bracket is the last character
    let mut scanner = Scanner::default();
    let mut opener = None;
    for (i, c) in s.char_indices() {
        if c == '[' && scanner.depth == 0 && scanner.quote.is_none() {
            opener = Some(i);
        }
        scanner.step(c).ok()?;
    }
    let i = opener?;
    if closing_of(s, i)? != s.len() - 1 {
        return None;
    }
    let dims = s[i + 1..s.len() - 1].trim();
    dims.chars()
        .all(|c| c.is_ascii_digit())
        .then(|| s[..i].trim_end())
}

/// Splits into lowercase name words and parenthesised parameter groups.
fn split(s: &str) -> (Vec<String>, Vec<Vec<String>>) {
    let mut words = Vec::new();
    let mut groups = Vec::new();
    let mut word = String::new();
    let mut group: Option<String> = None;
    let mut scanner = Scanner::default();
    for c in s.chars() {
        let top = scanner.depth == 0 && scanner.quote.is_none();
        // a balanced string never fails here
        let _ = scanner.step(c);
        if let Some(g) = group.as_mut() {
            if scanner.depth == 0 && scanner.quote.is_none() && c == ')' {
                groups.push(split_params(g));
                group = None;
            } else {
                g.push(c);
            }
        } else if top && c == '(' {
            if !word.is_empty() {
                words.push(std::mem::take(&mut word));
            }
            group = Some(String::new());
        } else if top && c.is_whitespace() {
            if !word.is_empty() {
                words.push(std::mem::take(&mut word));
            }
        } else {
            word.push(c.to_ascii_lowercase());
        }
    }
    if !word.is_empty() {
        words.push(word);
    }
    (words, groups)
}

/// Splits a parameter list on top-level commas.
fn split_params(g: &str) -> Vec<String> {
    if g.trim().is_empty() {
        return Vec::new();
    }
    let mut out = Vec::new();
    let mut current = String::new();
    let mut scanner = Scanner::default();
    for c in g.chars() {
        let top = scanner.depth == 0 && scanner.quote.is_none();
        let _ = scanner.step(c);
        if top && c == ',' {
            out.push(current.trim().to_string());
            current.clear();
        } else {
            current.push(c);
        }
    }
    out.push(current.trim().to_string());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_words_and_groups() {
        let (w, g) = split("timestamp(6) with time zone");
        assert_eq!(w, ["timestamp", "with", "time", "zone"]);
        assert_eq!(g, [vec!["6".to_string()]]);
        let (w, g) = split("DateTime64(3, 'Asia/Tokyo')");
        assert_eq!(w, ["datetime64"]);
        assert_eq!(g, [vec!["3".to_string(), "'Asia/Tokyo'".to_string()]]);
    }

    #[test]
    fn balance() {
        assert!(check_balanced("varchar(").is_err());
        assert!(check_balanced("array<int").is_err());
        assert!(check_balanced("a)").is_err());
        assert!(check_balanced("enum('a)')").is_ok());
        assert!(check_balanced("x'").is_err());
    }

    #[test]
    fn call_forms() {
        assert_eq!(call_form("Array(Int32)", "array", '('), Some("Int32"));
        assert_eq!(call_form("array<int>", "array", '<'), Some("int"));
        assert_eq!(call_form("array<a>b<c>", "array", '<'), None);
        assert_eq!(array_suffix("int[]"), Some("int"));
        assert_eq!(array_suffix("int[3]"), Some("int"));
        assert_eq!(array_suffix("int[][]"), Some("int[]"));
        assert_eq!(quoted_unknown("unknown('a''b')"), Some("a'b".to_string()));
        assert_eq!(quoted_unknown("unknown('a'b')"), None);
        assert_eq!(
            strip_clauses("varchar(10) COLLATE utf8mb4_bin"),
            "varchar(10)"
        );
    }
}
