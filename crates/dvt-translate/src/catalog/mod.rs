//! The function catalog: one row per canonical function — its arity, semantic notes, how each
//! dialect spells it (inputs) and how to render it for each dialect (outputs).
//!
//! This is the only place that knows how a function is written in a dialect; the translator and
//! the planner's SQL generation both render through [`render_call`].
//!
//! Outputs are templates over the canonical arguments, already rendered for the target:
//! `{0}`…`{9}` one argument, `{*}` all of them, `{1*}` all from the second on, `{unit}` the
//! date part in lower case (`day`), `{UNIT}` as a keyword (`DAY`), `{distinct}` `DISTINCT ` or
//! nothing, `{order}` ` ORDER BY …` or nothing, `{within}` ` WITHIN GROUP (ORDER BY …)` or
//! nothing. What a template cannot say is a [`Render::Special`] function.

pub(crate) mod aggregate;
mod collection;
pub(crate) mod core;
pub(crate) mod datetime;
pub(crate) mod format;
mod hash;
pub(crate) mod json;
mod math;
mod object;
mod regex;
mod string;
mod temporal;

use dvt_types::{FederationWarning, WarningCode};

use super::dialect::DbKind;
use super::error::TranslateError;
use super::units::Unit;

/// Where a canonical argument comes from in a dialect's spelling.
#[derive(Debug, Clone, Copy)]
pub enum Src {
    /// The source call's argument at this index.
    A(usize),
    /// A date part implied by the spelling (e.g. MySQL `DATEDIFF(a, b)` is in days).
    U(Unit),
    /// A literal (SQL text) implied by the spelling (e.g. GROUP_CONCAT's default `','`).
    L(&'static str),
    /// The source call's argument at this index, or a literal when the call has fewer.
    AOr(usize, &'static str),
    /// The source call's argument at this index, negated (Spark `DATE_SUB(d, n)` adds `-n`).
    Neg(usize),
}

/// How a dialect spells a canonical function.
#[derive(Debug, Clone, Copy)]
pub struct Input {
    /// Dialects that spell it so (empty: every dialect).
    pub from: &'static [DbKind],
    /// The name (case-insensitive).
    pub name: &'static str,
    /// Only with this many arguments (`None`: any count the function accepts).
    pub arity: Option<usize>,
    /// Canonical arguments from the source arguments (empty: the same order).
    pub args: &'static [Src],
    /// A warning when this spelling is translated into another dialect.
    pub warn: Option<(WarningCode, &'static str)>,
}

/// A function computing the target SQL of a call.
pub type SpecialFn = fn(&Call, &mut Ctx<'_>) -> Result<String, TranslateError>;

/// How a canonical function is rendered for a set of dialects.
#[derive(Debug, Clone, Copy)]
pub enum Render {
    /// A template (see the module docs).
    Template(&'static str),
    /// Computed by code.
    Special(SpecialFn),
    /// Not expressible: an error with this hint.
    Unsupported(&'static str),
}

/// How a canonical function is rendered for some dialects.
#[derive(Debug, Clone, Copy)]
pub struct Output {
    /// Target dialects (empty: every dialect not matched by an earlier row).
    pub to: &'static [DbKind],
    /// The rendering.
    pub render: Render,
    /// A warning emitted when this rendering is used for a call from another dialect.
    pub warn: Option<(WarningCode, &'static str)>,
}

/// Scalar or aggregate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A scalar function.
    Scalar,
    /// An aggregate function.
    Aggregate,
}

/// One canonical function.
#[derive(Debug, Clone, Copy)]
pub struct FunctionDef {
    /// Canonical name.
    pub name: &'static str,
    /// Minimum and maximum number of canonical arguments.
    pub arity: (usize, usize),
    /// The first canonical argument is a date part.
    pub unit_arg: bool,
    /// Scalar or aggregate.
    pub kind: Kind,
    /// Semantic notes.
    pub note: &'static str,
    /// Spellings.
    pub inputs: &'static [Input],
    /// Renderings, first match wins.
    pub outputs: &'static [Output],
}

/// A call in canonical form, its arguments rendered for the target.
#[derive(Debug, Clone, Default)]
pub struct Call {
    /// The name as written in the source (for messages).
    pub written: String,
    /// Canonical arguments as target SQL (without the date part).
    pub args: Vec<String>,
    /// The date part, for functions that take one.
    pub unit: Option<Unit>,
    /// `DISTINCT` inside an aggregate.
    pub distinct: bool,
    /// `ORDER BY` items of an ordered aggregate, as target SQL.
    pub order_by: Vec<String>,
}

/// Translation context: dialects and collected warnings.
#[derive(Debug)]
pub struct Ctx<'a> {
    /// Source dialect.
    pub from: DbKind,
    /// Target dialect.
    pub to: DbKind,
    /// Warnings.
    pub warnings: &'a mut Vec<FederationWarning>,
    /// The catalog entries rendered so far, each once.
    pub used: Vec<&'static str>,
}

impl Ctx<'_> {
    /// Record a warning (once per distinct message).
    pub fn warn(&mut self, code: WarningCode, message: impl Into<String>) {
        let w = FederationWarning::new(code, message);
        if !self.warnings.contains(&w) {
            self.warnings.push(w);
        }
    }

    /// An "unsupported" error for the target.
    pub fn unsupported(&self, construct: &str, hint: &str) -> TranslateError {
        TranslateError::Unsupported {
            construct: construct.to_string(),
            target: self.to,
            hint: hint.to_string(),
        }
    }
}

/// Every canonical function.
pub fn functions() -> impl Iterator<Item = &'static FunctionDef> {
    core::FUNCTIONS
        .iter()
        .chain(datetime::FUNCTIONS)
        .chain(format::FUNCTIONS)
        .chain(json::FUNCTIONS)
        .chain(aggregate::FUNCTIONS)
        .chain(regex::FUNCTIONS)
        .chain(string::FUNCTIONS)
        .chain(math::FUNCTIONS)
        .chain(temporal::FUNCTIONS)
        .chain(collection::FUNCTIONS)
        .chain(object::FUNCTIONS)
        .chain(hash::FUNCTIONS)
}

/// A canonical function by name.
pub fn function(name: &str) -> Option<&'static FunctionDef> {
    functions().find(|f| f.name == name)
}

/// The canonical function and spelling of `name(…nargs)` in `from`.
pub fn lookup(
    from: DbKind,
    name: &str,
    nargs: usize,
) -> Option<(&'static FunctionDef, &'static Input)> {
    functions().find_map(|f| {
        f.inputs
            .iter()
            .find(|i| {
                i.name.eq_ignore_ascii_case(name)
                    && (i.from.is_empty() || i.from.contains(&from))
                    && match i.arity {
                        Some(n) => n == nargs,
                        // Spelled like the canonical form: the same argument count.
                        None if i.args.is_empty() => nargs >= f.arity.0 && nargs <= f.arity.1,
                        None => true,
                    }
            })
            .map(|i| (f, i))
    })
}

/// A function that differs from a portable one by name alone.
#[derive(Debug, Clone, Copy)]
pub struct Rename {
    /// The dialects that spell it so.
    pub from: &'static [DbKind],
    /// Its name there (case-insensitive).
    pub name: &'static str,
    /// The portable name, written for every other dialect.
    pub portable: &'static str,
}

/// The portable name of `name` as `from` spells it, when `to` spells it otherwise
/// (the [`Rename`] rows of the catalog).
pub fn renamed(from: DbKind, to: DbKind, name: &str) -> Option<&'static str> {
    aggregate::RENAMES
        .iter()
        .find(|r| {
            r.from.contains(&from) && !r.from.contains(&to) && r.name.eq_ignore_ascii_case(name)
        })
        .map(|r| r.portable)
}

/// Functions that every dialect spells and means the same way; passed through silently.
pub const PORTABLE: &[&str] = &[
    "count",
    "sum",
    "avg",
    "min",
    "max",
    "abs",
    "round",
    "upper",
    "lower",
    "trim",
    "ltrim",
    "rtrim",
    "replace",
    "nullif",
    "sqrt",
    "exp",
    "sign",
    "row_number",
    "rank",
    "dense_rank",
    "lag",
    "lead",
    "first_value",
    "last_value",
    "ntile",
    "percent_rank",
    "cume_dist",
    "stddev",
    "variance",
    "stddev_samp",
    "stddev_pop",
    "var_samp",
    "var_pop",
    "cos",
    "sin",
    "tan",
    "acos",
    "asin",
    "atan",
    "upper",
    "coalesce",
    "concat_ws",
    "lpad",
    "rpad",
    "initcap",
    "ascii",
    "md5",
    "cast",
    "nth_value",
];

/// Render a canonical call for `ctx.to`.
pub fn render_call(
    def: &FunctionDef,
    call: &Call,
    ctx: &mut Ctx<'_>,
) -> Result<String, TranslateError> {
    let out = def
        .outputs
        .iter()
        .find(|o| o.to.is_empty() || o.to.contains(&ctx.to))
        .ok_or_else(|| ctx.unsupported(&call.written, "no rendering is defined"))?;
    if !ctx.used.contains(&def.name) {
        ctx.used.push(def.name);
    }
    if let Some((code, msg)) = out.warn
        && ctx.from != ctx.to
    {
        ctx.warn(
            code,
            format!("{}: {msg}", call.written.to_ascii_uppercase()),
        );
    }
    match out.render {
        Render::Template(t) => Ok(fill(t, call)),
        Render::Special(f) => f(call, ctx),
        Render::Unsupported(hint) => Err(ctx.unsupported(&call.written.to_ascii_uppercase(), hint)),
    }
}

/// Fill a template (see the module docs).
pub fn fill(template: &str, call: &Call) -> String {
    let mut out = String::with_capacity(template.len() + 32);
    let mut rest = template;
    while let Some(start) = rest.find('{') {
        out.push_str(&rest[..start]);
        let after = &rest[start + 1..];
        let Some(end) = after.find('}') else {
            out.push_str(&rest[start..]);
            return out;
        };
        let key = &after[..end];
        match key {
            "*" => out.push_str(&call.args.join(", ")),
            "unit" => out.push_str(call.unit.map(Unit::name).unwrap_or("day")),
            "UNIT" => out.push_str(call.unit.map(Unit::keyword).unwrap_or("DAY")),
            "distinct" => {
                if call.distinct {
                    out.push_str("DISTINCT ")
                }
            }
            "order" => {
                if !call.order_by.is_empty() {
                    out.push_str(" ORDER BY ");
                    out.push_str(&call.order_by.join(", "));
                }
            }
            "within" => {
                if !call.order_by.is_empty() {
                    out.push_str(" WITHIN GROUP (ORDER BY ");
                    out.push_str(&call.order_by.join(", "));
                    out.push(')');
                }
            }
            k if k.ends_with('*') => {
                let from: usize = k[..k.len() - 1].parse().unwrap_or(0);
                out.push_str(&call.args.get(from..).unwrap_or(&[]).join(", "));
            }
            k => match k.parse::<usize>() {
                Ok(i) => {
                    let arg = call.args.get(i).map(String::as_str).unwrap_or("NULL");
                    if beside_operator(&out, &after[end + 1..]) && !crate::rewrite::is_one_term(arg)
                    {
                        out.push('(');
                        out.push_str(arg);
                        out.push(')');
                    } else {
                        out.push_str(arg);
                    }
                }
                Err(_) => {
                    out.push('{');
                    out.push_str(k);
                    out.push('}');
                }
            },
        }
        rest = &after[end + 1..];
    }
    out.push_str(rest);
    out
}

/// Whether a placeholder between `before` and `after` is an operand of an operator (`{0} % {1}`,
/// `{0} IS NULL`, `NOT {0}`): an argument that is more than one term is then parenthesized, so
/// `MOD(a + 1, 7)` is `((a + 1) % 7)`, not `(a + 1 % 7)`. A placeholder between `(`, `,` and
/// `)` or keywords such as `WHEN` / `THEN` needs none.
fn beside_operator(before: &str, after: &str) -> bool {
    const OPS: &[char] = &[
        '+', '-', '*', '/', '%', '|', '&', '^', '<', '>', '=', '!', '#', '~', ':',
    ];
    const WORDS: &[&str] = &[
        "IS", "NOT", "LIKE", "ILIKE", "AND", "OR", "BETWEEN", "IN", "COLLATE", "DIV", "MOD", "XOR",
        "REGEXP", "RLIKE", "SIMILAR", "ESCAPE",
    ];
    let (b, a) = (before.trim_end(), after.trim_start());
    let word_before = b
        .rsplit(|c: char| !c.is_ascii_alphabetic())
        .next()
        .filter(|w| b.len() > w.len() || !w.is_empty());
    let word_after = a.split(|c: char| !c.is_ascii_alphabetic()).next();
    let is_word =
        |w: Option<&str>| w.is_some_and(|w| WORDS.iter().any(|k| k.eq_ignore_ascii_case(w)));
    b.ends_with(OPS)
        || a.starts_with(OPS)
        || (b.ends_with(|c: char| c.is_ascii_alphabetic()) && is_word(word_before))
        || (a.starts_with(|c: char| c.is_ascii_alphabetic()) && is_word(word_after))
}

/// Every dialect (an empty dialect list in a row means "all").
pub const ALL: &[DbKind] = &[];

/// An input spelled like the canonical form (same arguments).
pub const fn input(from: &'static [DbKind], name: &'static str) -> Input {
    Input {
        from,
        name,
        arity: None,
        args: &[],
        warn: None,
    }
}

/// An input whose arguments map to the canonical ones through `args`.
pub const fn input_args(
    from: &'static [DbKind],
    name: &'static str,
    args: &'static [Src],
) -> Input {
    Input {
        from,
        name,
        arity: None,
        args,
        warn: None,
    }
}

/// An input that matches only with exactly `arity` arguments.
pub const fn input_n(
    from: &'static [DbKind],
    name: &'static str,
    arity: usize,
    args: &'static [Src],
) -> Input {
    Input {
        from,
        name,
        arity: Some(arity),
        args,
        warn: None,
    }
}

/// A template output.
pub const fn out(to: &'static [DbKind], template: &'static str) -> Output {
    Output {
        to,
        render: Render::Template(template),
        warn: None,
    }
}

/// A template output with a warning.
pub const fn out_warn(
    to: &'static [DbKind],
    template: &'static str,
    code: WarningCode,
    message: &'static str,
) -> Output {
    Output {
        to,
        render: Render::Template(template),
        warn: Some((code, message)),
    }
}

/// A computed output for every dialect.
pub const fn special(f: SpecialFn) -> Output {
    Output {
        to: ALL,
        render: Render::Special(f),
        warn: None,
    }
}

/// A computed output for some dialects.
pub const fn computed(to: &'static [DbKind], f: SpecialFn) -> Output {
    Output {
        to,
        render: Render::Special(f),
        warn: None,
    }
}

/// A computed output for some dialects, with a DVT003 warning.
pub const fn computed_warn(to: &'static [DbKind], f: SpecialFn, message: &'static str) -> Output {
    Output {
        to,
        render: Render::Special(f),
        warn: Some((WarningCode::Dvt003, message)),
    }
}

/// Not expressible for these dialects: an error with this hint.
pub const fn refuse(to: &'static [DbKind], hint: &'static str) -> Output {
    Output {
        to,
        render: Render::Unsupported(hint),
        warn: None,
    }
}

/// Not expressible in the dialects no earlier row matched: an error with this hint.
pub const fn refuse_rest(hint: &'static str) -> Output {
    refuse(ALL, hint)
}

/// Another catalog function, by canonical name, rendered for the target with these arguments
/// (the call's written name kept for messages).
pub fn render_sub(
    name: &str,
    c: &Call,
    args: Vec<String>,
    ctx: &mut Ctx<'_>,
) -> Result<String, TranslateError> {
    let def = function(name).expect("catalog function exists");
    let call = Call {
        written: c.written.clone(),
        args,
        ..Default::default()
    };
    render_call(def, &call, ctx)
}

/// Dialect groups used by the tables.
pub mod groups {
    use super::DbKind;
    use super::DbKind::*;
    /// MySQL and MariaDB.
    pub const MYSQL: &[DbKind] = &[MySql, MariaDb];
    /// Spark and Databricks.
    pub const SPARK: &[DbKind] = &[Spark, Databricks];
    /// PostgreSQL and Redshift.
    pub const PG: &[DbKind] = &[Postgres, Redshift];
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn templates_fill() {
        let c = Call {
            written: "x".into(),
            args: vec!["a".into(), "b".into(), "c".into()],
            unit: Some(Unit::Month),
            distinct: true,
            order_by: vec!["a DESC".into()],
        };
        assert_eq!(fill("F({*})", &c), "F(a, b, c)");
        assert_eq!(
            fill("F({1*})|{2}|{unit}|{UNIT}", &c),
            "F(b, c)|c|month|MONTH"
        );
        assert_eq!(
            fill("G({distinct}{0}{order}){within}", &c),
            "G(DISTINCT a ORDER BY a DESC) WITHIN GROUP (ORDER BY a DESC)"
        );
    }

    #[test]
    fn operands_of_template_operators_keep_their_grouping() {
        let c = Call {
            written: "x".into(),
            args: vec!["a + 1".into(), "7".into(), "f(a, b)".into(), "'a b'".into()],
            ..Default::default()
        };
        assert_eq!(fill("({0} % {1})", &c), "((a + 1) % 7)");
        assert_eq!(fill("{0} IS NOT NULL", &c), "(a + 1) IS NOT NULL");
        assert_eq!(fill("NOT {0}", &c), "NOT (a + 1)");
        // Between delimiters or keywords such as WHEN/THEN: as written.
        assert_eq!(fill("MOD({0}, {1})", &c), "MOD(a + 1, 7)");
        assert_eq!(
            fill("CASE WHEN {0} THEN {1} END", &c),
            "CASE WHEN a + 1 THEN 7 END"
        );
        // One term needs nothing: a call, a string literal.
        assert_eq!(fill("{2} || {3}", &c), "f(a, b) || 'a b'");
    }

    #[test]
    fn every_function_renders_for_every_dialect_or_says_why() {
        for f in functions() {
            for d in crate::dialect::dialects() {
                assert!(
                    f.outputs
                        .iter()
                        .any(|o| o.to.is_empty() || o.to.contains(&d)),
                    "{} has no rendering row for {d}",
                    f.name
                );
            }
            assert!(!f.inputs.is_empty(), "{} has no spelling", f.name);
        }
    }

    #[test]
    fn canonical_names_are_unique() {
        let mut names: Vec<_> = functions().map(|f| f.name).collect();
        names.sort();
        let n = names.len();
        names.dedup();
        assert_eq!(n, names.len());
    }
}
