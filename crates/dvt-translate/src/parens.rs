//! Parentheses that operator precedence needs, put into an AST built (not parsed) in memory.
//!
//! sqlparser prints an expression tree as its nodes' text side by side and never adds
//! parentheses: only an `Expr::Nested` prints them. A tree that comes from parsing has a
//! `Nested` wherever the source text had parentheses, but one built by code — DataFusion's
//! unparser (which wraps binary operators but not `NOT`, `IS NULL`, `-x`, `LIKE`, …), dvt's own
//! rewrites (raw SQL fragments such as `NOT x` put under another operator) — does not: `IS
//! NULL` over `NOT x` printed `NOT x IS NULL`, which every database reads as `NOT (x IS NULL)`.
//!
//! [`parenthesize`] walks a tree bottom up and wraps every child whose operator binds less
//! tightly than its parent needs (or whose binding differs between databases: comparisons,
//! `IS`, `LIKE`, `IN`, `BETWEEN` under each other are always wrapped). A parsed tree gains
//! parentheses only where the table below ranks operators differently from the parser that
//! read it, which only ever adds redundant ones.

use std::ops::ControlFlow;

use sqlparser::ast::{BinaryOperator as B, CastKind, Expr, UnaryOperator, VisitMut, VisitorMut};

/// Binds as a single term (a name, a literal, a call, a parenthesized expression).
const ATOM: u8 = u8::MAX;
/// Comparisons (`=`, `<`, …), `IN`, `BETWEEN`.
const CMP: u8 = 20;
/// `LIKE`, `ILIKE`, `SIMILAR TO`, `RLIKE` / `REGEXP`.
const LIKE: u8 = 19;
/// `IS [NOT] NULL / TRUE / FALSE / UNKNOWN / DISTINCT FROM`.
const IS: u8 = 17;
/// Prefix `NOT`.
const NOT: u8 = 15;
/// Unary minus / plus and other prefix operators.
const PREFIX: u8 = 45;

fn binary(op: &B) -> u8 {
    match op {
        B::Or => 5,
        B::Xor => 7,
        B::And => 10,
        B::Eq
        | B::NotEq
        | B::Lt
        | B::LtEq
        | B::Gt
        | B::GtEq
        | B::Spaceship
        | B::PGRegexMatch
        | B::PGRegexIMatch
        | B::PGRegexNotMatch
        | B::PGRegexNotIMatch
        | B::PGLikeMatch
        | B::PGILikeMatch
        | B::PGNotLikeMatch
        | B::PGNotILikeMatch => CMP,
        B::Match | B::Regexp => LIKE,
        B::BitwiseOr => 21,
        B::BitwiseXor | B::PGBitwiseXor | B::PGExp | B::PGBitwiseShiftLeft => 22,
        B::PGBitwiseShiftRight => 22,
        B::BitwiseAnd => 23,
        B::Plus | B::Minus => 30,
        B::Multiply | B::Divide | B::Modulo | B::DuckIntegerDivide | B::MyIntegerDivide => 40,
        // `||` ranks with `*` in sqlparser but between `+` and the comparisons in PostgreSQL:
        // every non-atomic operand of it is wrapped (see `wrap_binary`).
        B::StringConcat => 40,
        // JSON access and other operators: below the arithmetic in PostgreSQL.
        _ => 16,
    }
}

/// How tightly an expression binds as an operand ([`ATOM`] for a single term).
fn prec(e: &Expr) -> u8 {
    match e {
        Expr::Identifier(i) => {
            if super::rewrite::is_raw(i)
                && !super::rewrite::is_one_term(&i.value)
                && !typed_literal(&i.value)
            {
                0
            } else {
                ATOM
            }
        }
        Expr::BinaryOp { op, .. } => binary(op),
        Expr::UnaryOp { op, .. } => match op {
            UnaryOperator::Not => NOT,
            _ => PREFIX,
        },
        Expr::IsNull(_)
        | Expr::IsNotNull(_)
        | Expr::IsTrue(_)
        | Expr::IsNotTrue(_)
        | Expr::IsFalse(_)
        | Expr::IsNotFalse(_)
        | Expr::IsUnknown(_)
        | Expr::IsNotUnknown(_)
        | Expr::IsDistinctFrom(..)
        | Expr::IsNotDistinctFrom(..)
        | Expr::IsNormalized { .. } => IS,
        Expr::InList { .. }
        | Expr::InSubquery { .. }
        | Expr::InUnnest { .. }
        | Expr::Between { .. }
        | Expr::AnyOp { .. }
        | Expr::AllOp { .. } => CMP,
        Expr::Like { .. } | Expr::ILike { .. } | Expr::SimilarTo { .. } | Expr::RLike { .. } => {
            LIKE
        }
        Expr::Exists { negated: true, .. } => NOT,
        Expr::Cast {
            kind: CastKind::DoubleColon,
            ..
        } => 50,
        Expr::AtTimeZone { .. } => 41,
        Expr::Collate { .. } => 42,
        _ => ATOM,
    }
}

/// `INTERVAL '12 month'`, `DATE '2024-01-01'`, `INTERVAL '1' DAY`, `INTERVAL 1 DAY`: a
/// keyword, one string literal without quotes inside (or a number), at most one unit word.
fn typed_literal(s: &str) -> bool {
    let Some((kw, rest)) = s.trim().split_once(' ') else {
        return false;
    };
    let word = |w: &str| !w.is_empty() && w.chars().all(|c| c.is_ascii_alphabetic());
    let tail = if let Some(rest) = rest.strip_prefix('\'') {
        match rest.split_once('\'') {
            Some((_, tail)) => tail,
            None => return false,
        }
    } else {
        let (n, tail) = rest.split_once(' ').unwrap_or((rest, ""));
        if n.is_empty() || !n.chars().all(|c| c.is_ascii_digit() || c == '.') {
            return false;
        }
        if tail.is_empty() {
            return false;
        }
        tail
    };
    let tail = tail.trim_start_matches(' ');
    word(kw) && (tail.is_empty() || word(tail))
}

fn nest(e: &mut Expr) {
    let inner = std::mem::replace(e, Expr::Value(sqlparser::ast::Value::Null.into()));
    *e = Expr::Nested(Box::new(inner));
}

/// Wrap `child` when its precedence is below `min`.
fn wrap_below(child: &mut Expr, min: u8) {
    if prec(child) < min {
        nest(child);
    }
}

/// An operand of a predicate-forming operator (`IS`, `IN`, `BETWEEN`, `LIKE`, a comparison):
/// anything that is itself a predicate or a logical operator is wrapped.
fn wrap_predicate_operand(child: &mut Expr) {
    wrap_below(child, CMP + 1);
}

fn wrap_binary(op: &B, left: &mut Expr, right: &mut Expr) {
    let p = binary(op);
    let assoc = matches!(op, B::And | B::Or);
    if p == CMP || p == LIKE || p == 16 {
        wrap_predicate_operand(left);
        wrap_predicate_operand(right);
        return;
    }
    if matches!(op, B::StringConcat) {
        if !same_op(left, op) {
            wrap_below(left, ATOM);
        }
        wrap_below(right, ATOM);
        return;
    }
    let (lp, rp) = (prec(left), prec(right));
    // Left-associative: a left operand of the same precedence needs none.
    if lp < p {
        nest(left);
    }
    if rp < p || (rp == p && !(assoc && same_op(right, op))) {
        nest(right);
    }
}

fn same_op(e: &Expr, op: &B) -> bool {
    matches!(e, Expr::BinaryOp { op: o, .. } if o == op)
}

struct Parens;

impl VisitorMut for Parens {
    type Break = ();
    fn post_visit_expr(&mut self, e: &mut Expr) -> ControlFlow<()> {
        match e {
            Expr::BinaryOp { left, op, right } => wrap_binary(op, left, right),
            Expr::UnaryOp { op, expr } => match op {
                UnaryOperator::Not => wrap_below(expr, NOT),
                // `- -x` would print `--x`, a comment.
                _ => wrap_below(expr, ATOM),
            },
            Expr::IsNull(x)
            | Expr::IsNotNull(x)
            | Expr::IsTrue(x)
            | Expr::IsNotTrue(x)
            | Expr::IsFalse(x)
            | Expr::IsNotFalse(x)
            | Expr::IsUnknown(x)
            | Expr::IsNotUnknown(x) => wrap_predicate_operand(x),
            Expr::IsNormalized { expr, .. } => wrap_predicate_operand(expr),
            Expr::IsDistinctFrom(a, b) | Expr::IsNotDistinctFrom(a, b) => {
                wrap_predicate_operand(a);
                wrap_predicate_operand(b);
            }
            Expr::InList { expr, .. }
            | Expr::InSubquery { expr, .. }
            | Expr::InUnnest { expr, .. } => wrap_predicate_operand(expr),
            Expr::Between {
                expr, low, high, ..
            } => {
                wrap_predicate_operand(expr);
                wrap_predicate_operand(low);
                wrap_predicate_operand(high);
            }
            Expr::Like { expr, pattern, .. }
            | Expr::ILike { expr, pattern, .. }
            | Expr::SimilarTo { expr, pattern, .. }
            | Expr::RLike { expr, pattern, .. } => {
                wrap_predicate_operand(expr);
                wrap_predicate_operand(pattern);
            }
            Expr::AnyOp { left, .. } | Expr::AllOp { left, .. } => wrap_predicate_operand(left),
            Expr::Cast {
                kind: CastKind::DoubleColon,
                expr,
                ..
            } => wrap_below(expr, ATOM),
            Expr::AtTimeZone { timestamp, .. } => wrap_below(timestamp, ATOM),
            Expr::Collate { expr, .. } => wrap_below(expr, ATOM),
            Expr::CompoundFieldAccess { root, .. } => wrap_below(root, ATOM),
            _ => {}
        }
        ControlFlow::Continue(())
    }
}

/// `e` as an operand written into SQL text next to an operator: parenthesized unless it is a
/// single term.
pub fn operand(e: Expr) -> Expr {
    if prec(&e) == ATOM {
        e
    } else {
        Expr::Nested(Box::new(e))
    }
}

/// Put into `node` every pair of parentheses that operator precedence needs (see the module
/// docs).
pub fn parenthesize<T: VisitMut>(node: &mut T) {
    let _ = node.visit(&mut Parens);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{DbKind, Translator};

    fn p(sql: &str) -> Expr {
        Translator::parse_expr(sql, DbKind::Postgres).unwrap()
    }

    fn un(e: Expr) -> Expr {
        match e {
            Expr::Nested(x) => un(*x),
            other => other,
        }
    }

    #[test]
    fn built_trees_get_the_parentheses_they_need() {
        let not_b = p("NOT b");
        let cases = [
            (Expr::IsNull(Box::new(not_b.clone())), "(NOT b) IS NULL"),
            (
                Expr::IsNotNull(Box::new(not_b.clone())),
                "(NOT b) IS NOT NULL",
            ),
            (
                Expr::UnaryOp {
                    op: UnaryOperator::Not,
                    expr: Box::new(un(p("(a OR b)"))),
                },
                "NOT (a OR b)",
            ),
            (
                Expr::UnaryOp {
                    op: UnaryOperator::Minus,
                    expr: Box::new(p("-a")),
                },
                "-(-a)",
            ),
            (
                Expr::BinaryOp {
                    left: Box::new(un(p("(a + b)"))),
                    op: B::Multiply,
                    right: Box::new(un(p("(c - d)"))),
                },
                "(a + b) * (c - d)",
            ),
            (
                Expr::BinaryOp {
                    left: Box::new(p("a")),
                    op: B::Minus,
                    right: Box::new(un(p("(b - c)"))),
                },
                "a - (b - c)",
            ),
            (
                Expr::BinaryOp {
                    left: Box::new(not_b.clone()),
                    op: B::Eq,
                    right: Box::new(p("c")),
                },
                "(NOT b) = c",
            ),
            (
                Expr::BinaryOp {
                    left: Box::new(un(p("(a OR b)"))),
                    op: B::And,
                    right: Box::new(p("c")),
                },
                "(a OR b) AND c",
            ),
            (
                Expr::InList {
                    expr: Box::new(p("a IS NULL")),
                    list: vec![p("1")],
                    negated: false,
                },
                "(a IS NULL) IN (1)",
            ),
            (
                Expr::IsNull(Box::new(crate::rewrite::raw("NOT x"))),
                "(NOT x) IS NULL",
            ),
        ];
        for (mut e, want) in cases {
            parenthesize(&mut e);
            assert_eq!(e.to_string(), want);
        }
    }

    #[test]
    fn parsed_trees_print_as_they_were_written() {
        for sql in [
            "a + b * c - d / e",
            "a = 1 AND b IS NULL OR NOT c AND d LIKE 'x%'",
            "NOT a IS NULL",
            "(NOT a) IS NULL",
            "a BETWEEN 1 AND 2 AND b IN (1, 2)",
            "x - (y - z)",
            "-a * b",
        ] {
            let mut e = p(sql);
            parenthesize(&mut e);
            assert_eq!(e.to_string(), sql);
        }
    }
}
