//! The expression rewriter: a sqlparser `VisitorMut` that turns source-dialect expressions into
//! target-dialect ones, bottom up.
//!
//! A rewritten construct whose target form sqlparser cannot represent (a template output) is
//! kept as *raw SQL*: an unquoted identifier whose text is printed verbatim. Raw nodes are
//! produced bottom up, after their children were rewritten, so nothing inside them needs another
//! pass.

use crate::dialect::DialectCaps;
use std::ops::ControlFlow;

use dvt_types::WarningCode::{Dvt003, Dvt006};
use dvt_types::{DvtType, parse_type, render_type};
use sqlparser::ast::{
    BinaryOperator, CastKind, CeilFloorKind, DataType, DateTimeField, DuplicateTreatment, Expr,
    Function, FunctionArg, FunctionArgExpr, FunctionArgOperator, FunctionArgumentClause,
    FunctionArgumentList, FunctionArguments, Ident, JsonPathElem, ObjectName, ObjectNamePart,
    OrderByExpr, Value, ValueWithSpan, VisitorMut, WindowType,
};

use super::catalog::json::{
    JSON_GET, JSON_GET_TEXT, PathElem, PathStyle, json_input, parse_path, quote,
};
use super::catalog::{self, Call, Ctx, Src};
use super::error::TranslateError;
use super::units::Unit;

/// Whether an identifier node is raw SQL rather than a name.
pub(crate) fn is_raw(i: &Ident) -> bool {
    let name_like = i.value.chars().all(|c| c.is_alphanumeric() || c == '_')
        && !i.value.starts_with(|c: char| c.is_ascii_digit());
    i.quote_style.is_none() && !name_like
}

/// A raw SQL node: printed verbatim.
pub(crate) fn raw(sql: impl Into<String>) -> Expr {
    Expr::Identifier(Ident {
        value: sql.into(),
        quote_style: None,
        span: sqlparser::tokenizer::Span::empty(),
    })
}

/// Wrap rendered SQL in parentheses unless it is already one term.
fn guard(sql: String) -> String {
    if is_one_term(&sql) {
        sql
    } else {
        format!("({sql})")
    }
}

pub(crate) fn is_one_term(s: &str) -> bool {
    let t = s.trim();
    if t.starts_with("CASE ") && t.ends_with(" END") {
        return true;
    }
    // One string literal ('' inside is an escaped quote).
    if t.len() >= 2
        && t.starts_with('\'')
        && t.ends_with('\'')
        && !t[1..t.len() - 1].replace("''", "").contains('\'')
    {
        return true;
    }
    // NAME(...) or (...) where the first '(' closes at the very end.
    let start = t.find('(');
    let Some(start) = start else {
        return t
            .chars()
            .all(|c| c.is_alphanumeric() || c == '_' || c == '.' || c == '\'');
    };
    if !t[..start]
        .chars()
        .all(|c| c.is_alphanumeric() || c == '_' || c == '.')
        || !t.ends_with(')')
    {
        return false;
    }
    let mut depth = 0usize;
    let mut in_str = false;
    for (n, c) in t.char_indices().skip(start) {
        match c {
            '\'' => in_str = !in_str,
            '(' if !in_str => depth += 1,
            ')' if !in_str => {
                depth -= 1;
                if depth == 0 {
                    return n == t.len() - 1;
                }
            }
            _ => {}
        }
    }
    false
}

fn func_name(f: &Function) -> Option<String> {
    match f.name.0.as_slice() {
        [ObjectNamePart::Identifier(i)] if i.quote_style.is_none() => Some(i.value.clone()),
        _ => None,
    }
}

/// An outer join written without a condition (DuckDB, Snowflake: every pair matches) gets
/// `ON TRUE` (`ON 1 = 1` without boolean literals): the other dialects require one.
fn outer_joins_on_true(t: &mut sqlparser::ast::TableWithJoins, bool_literals: bool) {
    use sqlparser::ast::JoinConstraint;
    use sqlparser::ast::JoinOperator::*;
    for j in &mut t.joins {
        if let Left(c) | LeftOuter(c) | Right(c) | RightOuter(c) | FullOuter(c) =
            &mut j.join_operator
            && matches!(c, JoinConstraint::None)
        {
            *c = JoinConstraint::On(raw(if bool_literals { "TRUE" } else { "1 = 1" }));
        }
    }
}

/// Whether an expression is a number literal other than zero (a divisor that needs no guard).
fn is_nonzero_number(e: &Expr) -> bool {
    match e {
        Expr::Value(ValueWithSpan {
            value: Value::Number(n, _),
            ..
        }) => n.parse::<f64>().is_ok_and(|x| x != 0.0),
        Expr::UnaryOp { expr, .. } | Expr::Nested(expr) => is_nonzero_number(expr),
        _ => false,
    }
}

/// `-e`: a number literal negated in place, `-x` as `x`, anything else as `-(e)`.
fn negated(e: &Expr) -> Expr {
    if let Expr::UnaryOp {
        op: sqlparser::ast::UnaryOperator::Minus,
        expr,
    } = e
    {
        return (**expr).clone();
    }
    if let Expr::Value(ValueWithSpan {
        value: Value::Number(n, long),
        span,
    }) = e
    {
        let n = n
            .strip_prefix('-')
            .map_or_else(|| format!("-{n}"), str::to_string);
        return Expr::Value(ValueWithSpan {
            value: Value::Number(n, *long),
            span: *span,
        });
    }
    Expr::UnaryOp {
        op: sqlparser::ast::UnaryOperator::Minus,
        expr: Box::new(Expr::Nested(Box::new(e.clone()))),
    }
}

/// `f(a = 1)` as a comparison: DuckDB's parser reads `name = value` inside a call as a named
/// argument, which only table functions take; in a scalar or aggregate call it is `a = 1`.
fn equals_args_as_comparisons(f: &mut Function) {
    let FunctionArguments::List(list) = &mut f.args else {
        return;
    };
    for arg in &mut list.args {
        if let FunctionArg::Named {
            name,
            arg: FunctionArgExpr::Expr(value),
            operator: FunctionArgOperator::Equals,
        } = arg
        {
            let cmp = Expr::BinaryOp {
                left: Box::new(Expr::Identifier(name.clone())),
                op: BinaryOperator::Eq,
                right: Box::new(value.clone()),
            };
            *arg = FunctionArg::Unnamed(FunctionArgExpr::Expr(cmp));
        }
    }
}

/// Plain positional arguments, DISTINCT, ORDER BY and SEPARATOR of a call; `None` when the call
/// has anything else (named arguments, `*`, …).
struct Parts {
    args: Vec<Expr>,
    distinct: bool,
    order_by: Vec<OrderByExpr>,
}

fn parts(f: &Function) -> Option<Parts> {
    let mut p = Parts {
        args: Vec::new(),
        distinct: false,
        order_by: f.within_group.clone(),
    };
    match &f.args {
        FunctionArguments::None => {}
        FunctionArguments::Subquery(_) => return None,
        FunctionArguments::List(FunctionArgumentList {
            duplicate_treatment,
            args,
            clauses,
        }) => {
            p.distinct = matches!(duplicate_treatment, Some(DuplicateTreatment::Distinct));
            for a in args {
                match a {
                    FunctionArg::Unnamed(FunctionArgExpr::Expr(e)) => p.args.push(e.clone()),
                    _ => return None,
                }
            }
            for c in clauses {
                match c {
                    FunctionArgumentClause::OrderBy(o) => p.order_by.extend(o.iter().cloned()),
                    FunctionArgumentClause::Separator(v) => p.args.push(match &v.value {
                        Value::DoubleQuotedString(s) => raw(quote(s)),
                        _ => Expr::Value(v.clone()),
                    }),
                    _ => return None,
                }
            }
        }
    }
    Some(p)
}

fn string_lit(e: &Expr) -> Option<&str> {
    match e {
        Expr::Value(ValueWithSpan {
            value: Value::SingleQuotedString(s) | Value::DoubleQuotedString(s),
            ..
        }) => Some(s),
        _ => None,
    }
}

fn int_lit(e: &Expr) -> Option<i64> {
    match e {
        Expr::Value(ValueWithSpan {
            value: Value::Number(n, _),
            ..
        }) => n.parse().ok(),
        Expr::UnaryOp {
            op: sqlparser::ast::UnaryOperator::Minus,
            expr,
        } => int_lit(expr).map(|n| -n),
        _ => None,
    }
}

fn unit_of(e: &Expr) -> Option<Unit> {
    match e {
        Expr::Identifier(i) => Unit::parse(&i.value),
        _ => string_lit(e).and_then(Unit::parse),
    }
}

/// Base and path of a JSON access in any spelling, and whether it yields text.
fn json_access(e: &Expr, ctx: &Ctx<'_>) -> Option<(Expr, Vec<PathElem>, bool)> {
    match e {
        Expr::JsonAccess { value, path } => {
            let mut elems = Vec::new();
            for p in &path.path {
                match p {
                    JsonPathElem::Dot { key, .. } => elems.push(PathElem::Key(key.clone())),
                    JsonPathElem::Bracket { key } | JsonPathElem::ColonBracket { key } => {
                        if let Some(n) = int_lit(key) {
                            elems.push(PathElem::Index(n));
                        } else {
                            elems.push(PathElem::Key(string_lit(key)?.to_string()));
                        }
                    }
                }
            }
            Some(((**value).clone(), elems, false))
        }
        Expr::BinaryOp { left, op, right } => {
            let text = match op {
                BinaryOperator::Arrow | BinaryOperator::HashArrow => false,
                BinaryOperator::LongArrow | BinaryOperator::HashLongArrow => true,
                _ => return None,
            };
            // `(x -> 'a') ->> 'b'`: the parenthesized link is part of the same chain.
            let mut left: &Expr = left;
            while let Expr::Nested(inner) = left {
                left = inner;
            }
            let (base, mut path) = match json_access(left, ctx) {
                Some((b, p, false)) => (b, p),
                Some((_, _, true)) => return None,
                None => (left.clone(), Vec::new()),
            };
            match op {
                BinaryOperator::HashArrow | BinaryOperator::HashLongArrow => {
                    let s = string_lit(right)?;
                    let inner = s.trim().strip_prefix('{')?.strip_suffix('}')?;
                    for k in inner.split(',') {
                        let k = k.trim().trim_matches('"');
                        match k.parse::<i64>() {
                            Ok(n) => path.push(PathElem::Index(n)),
                            Err(_) => path.push(PathElem::Key(k.to_string())),
                        }
                    }
                }
                _ => {
                    if let Some(n) = int_lit(right) {
                        path.push(PathElem::Index(n));
                    } else {
                        let s = string_lit(right)?;
                        if s.starts_with('$') {
                            path.extend(parse_path(s, PathStyle::Dollar)?);
                        } else {
                            path.push(PathElem::Key(s.to_string()));
                        }
                    }
                }
            }
            Some((base, path, text))
        }
        Expr::Function(f) => {
            let name = func_name(f)?;
            let j = json_input(ctx.from, &name)?;
            let p = parts(f)?;
            let mut base = p.args.first()?.clone();
            if j.parses {
                base = super::catalog::json::parse_json_call(base);
            }
            let path = match j.style {
                PathStyle::Keys => p.args[1..]
                    .iter()
                    .map(|a| {
                        int_lit(a)
                            .map(PathElem::Index)
                            .or_else(|| string_lit(a).map(|s| PathElem::Key(s.to_string())))
                    })
                    .collect::<Option<Vec<_>>>()?,
                style => parse_path(string_lit(p.args.get(1)?)?, style)?,
            };
            Some((base, path, j.text))
        }
        _ => None,
    }
}

fn placeholder(base: Expr, path: &[PathElem], text: bool) -> Expr {
    let mut args = vec![FunctionArg::Unnamed(FunctionArgExpr::Expr(base))];
    for p in path {
        let e = match p {
            PathElem::Key(k) => Expr::Value(Value::SingleQuotedString(k.clone()).into()),
            PathElem::Index(i) => Expr::Value(Value::Number(i.to_string(), false).into()),
        };
        args.push(FunctionArg::Unnamed(FunctionArgExpr::Expr(e)));
    }
    Expr::Function(Function {
        name: ObjectName::from(vec![Ident::new(if text {
            JSON_GET_TEXT
        } else {
            JSON_GET
        })]),
        uses_odbc_syntax: false,
        parameters: FunctionArguments::None,
        args: FunctionArguments::List(FunctionArgumentList {
            duplicate_treatment: None,
            args,
            clauses: vec![],
        }),
        filter: None,
        null_treatment: None,
        over: None,
        within_group: vec![],
    })
}

fn is_string_type(dt: &DataType, ctx: &Ctx<'_>) -> bool {
    matches!(
        parse_type(ctx.from, &dt.to_string()),
        Ok(DvtType::Varchar { .. } | DvtType::Char { .. })
    )
}

/// The arguments of `CEIL(x, n)` / `FLOOR(x, n)` read with a literal scale.
fn scaled(expr: &Expr, scale: &sqlparser::ast::ValueWithSpan) -> Vec<Expr> {
    vec![expr.clone(), Expr::Value(scale.clone())]
}

/// The rewriter.
pub(crate) struct Rewriter<'a, 'w> {
    pub ctx: &'a mut Ctx<'w>,
}

impl Rewriter<'_, '_> {
    /// Render a canonical function by name with already-rewritten argument expressions.
    fn render(
        &mut self,
        name: &str,
        written: &str,
        args: Vec<Expr>,
        unit: Option<Unit>,
    ) -> Result<Expr, TranslateError> {
        let def = catalog::function(name).expect("canonical function exists");
        let call = Call {
            written: written.to_string(),
            args: args.iter().map(|a| a.to_string()).collect(),
            unit,
            ..Default::default()
        };
        Ok(raw(guard(catalog::render_call(def, &call, self.ctx)?)))
    }

    fn function(&mut self, f: &mut Function) -> Result<Option<Expr>, TranslateError> {
        let Some(mut name) = func_name(f) else {
            return Ok(None);
        };
        if let Some(canonical) = catalog::renamed(self.ctx.from, self.ctx.to, &name) {
            f.name = ObjectName::from(vec![Ident::new(canonical)]);
            name = canonical.to_string();
        }
        equals_args_as_comparisons(f);
        if let Some(WindowType::WindowSpec(spec)) = &mut f.over {
            super::query::fix_nulls(&mut spec.order_by, self.ctx);
        }
        if f.filter.is_some() && !self.ctx.to.caps().agg_filter {
            move_filter_into_argument(f, &name, self.ctx)?;
        }
        let Some(p) = parts(f) else { return Ok(None) };
        let Some((def, input)) = catalog::lookup(self.ctx.from, &name, p.args.len()) else {
            if self.ctx.from != self.ctx.to
                && !catalog::PORTABLE.contains(&name.to_ascii_lowercase().as_str())
                && !matches!(f.args, FunctionArguments::None)
            {
                self.ctx.warn(
                    Dvt006,
                    format!(
                        "function {} is not in dvt's catalog; it is passed to {} unchanged",
                        name.to_ascii_uppercase(),
                        self.ctx.to
                    ),
                );
            }
            return Ok(None);
        };
        if let Some((code, msg)) = input.warn
            && self.ctx.from != self.ctx.to
        {
            self.ctx
                .warn(code, format!("{}: {msg}", name.to_ascii_uppercase()));
        }
        // Canonical arguments.
        let mut canon: Vec<Expr> = Vec::new();
        let mut unit = None;
        let srcs: Vec<Src> = if input.args.is_empty() {
            (0..p.args.len()).map(Src::A).collect()
        } else {
            input.args.to_vec()
        };
        for (n, s) in srcs.iter().enumerate() {
            let e = match *s {
                Src::U(u) => {
                    unit = Some(u);
                    continue;
                }
                Src::A(k) => p.args.get(k).cloned(),
                Src::L(l) => Some(raw(l)),
                Src::AOr(k, l) => Some(p.args.get(k).cloned().unwrap_or_else(|| raw(l))),
                Src::Neg(k) => p.args.get(k).map(negated),
            };
            let Some(e) = e else { continue };
            if def.unit_arg && n == 0 && unit.is_none() {
                unit = Some(unit_of(&e).ok_or_else(|| TranslateError::UnknownDatePart {
                    unit: e.to_string(),
                    function: name.to_ascii_uppercase(),
                })?);
                continue;
            }
            canon.push(e);
        }
        let total = canon.len() + usize::from(def.unit_arg);
        if total < def.arity.0 || total > def.arity.1 {
            return Err(TranslateError::Arity {
                function: name.to_ascii_uppercase(),
                expected: if def.arity.1 == usize::MAX {
                    format!("at least {}", def.arity.0)
                } else if def.arity.0 == def.arity.1 {
                    def.arity.0.to_string()
                } else {
                    format!("{} to {}", def.arity.0, def.arity.1)
                },
                found: p.args.len(),
            });
        }
        let mut order = p.order_by.clone();
        super::query::fix_nulls(&mut order, self.ctx);
        let call = Call {
            written: name.clone(),
            args: canon.iter().map(|a| a.to_string()).collect(),
            unit,
            distinct: p.distinct,
            order_by: order.iter().map(|o| o.to_string()).collect(),
        };
        let sql = catalog::render_call(def, &call, self.ctx)?;
        // Keep FILTER / OVER of aggregates and window functions.
        if f.over.is_some() || f.filter.is_some() {
            if !is_one_term(&sql) || sql.starts_with('(') || sql.starts_with("CASE ") {
                return Err(self.ctx.unsupported(
                    &format!("{} with OVER or FILTER", name.to_ascii_uppercase()),
                    "compute it in a subquery",
                ));
            }
            let mut tail = String::new();
            if let Some(filter) = &f.filter {
                tail.push_str(&format!(" FILTER (WHERE {filter})"));
            }
            if let Some(over) = &f.over {
                tail.push_str(&format!(" OVER {over}"));
            }
            return Ok(Some(raw(format!("{sql}{tail}"))));
        }
        Ok(Some(raw(guard(sql))))
    }

    fn cast(
        &mut self,
        kind: &mut CastKind,
        expr: &mut Expr,
        data_type: &mut DataType,
    ) -> Result<(), TranslateError> {
        use super::dialect::TryCastStyle;
        let to = self.ctx.to.caps();
        *kind = match kind {
            CastKind::Cast | CastKind::DoubleColon => CastKind::Cast,
            CastKind::TryCast | CastKind::SafeCast => match to.try_cast {
                TryCastStyle::TryCast => CastKind::TryCast,
                TryCastStyle::SafeCast => CastKind::SafeCast,
                TryCastStyle::None => {
                    self.ctx.warn(Dvt003, format!("TRY_CAST becomes CAST in {}: a value that does not convert is an error instead of NULL", self.ctx.to));
                    CastKind::Cast
                }
            },
        };
        let native = data_type.to_string();
        let Ok(mut t) = cast_source_type(&native, self.ctx)
            .map(Ok)
            .unwrap_or_else(|| parse_type(self.ctx.from, &native))
        else {
            return Ok(());
        };
        // Integer type names that a dialect stores as NUMBER(38,0) (Snowflake) still ask for an
        // integer when they are the target of a CAST.
        if matches!(t, DvtType::Decimal { scale: 0, .. })
            && INTEGER_NAMES.contains(&native.to_ascii_uppercase().as_str())
        {
            t = DvtType::Int64;
        }
        // CAST(2.5 AS INT) is 3 where the source rounds and 2 where the target truncates.
        let integer = matches!(
            t,
            DvtType::Int8
                | DvtType::Int16
                | DvtType::Int32
                | DvtType::Int64
                | DvtType::Decimal { scale: 0, .. }
        );
        // (TRY_CAST is for text that may not be a number: ROUND would fail on it first.)
        if integer
            && *kind == CastKind::Cast
            && self.ctx.from.caps().cast_int_rounds
            && !to.cast_int_rounds
            && !matches!(expr, Expr::Value(ValueWithSpan { value: Value::SingleQuotedString(..), .. }))
            // Rendered function results (JSON text, …) may be strings: leave them alone.
            && !matches!(expr, Expr::Identifier(i) if is_raw(i))
            && !matches!(expr, Expr::Value(ValueWithSpan { value: Value::Number(n, _), .. }) if !n.contains('.'))
        {
            *expr = raw(to.int_cast_round.replace("{}", &expr.to_string()));
        }
        if let DvtType::Unknown { .. } = t {
            if self.ctx.from != self.ctx.to {
                self.ctx.warn(
                    Dvt006,
                    format!(
                        "type {native} is not known to dvt; it is passed to {} unchanged",
                        self.ctx.to
                    ),
                );
            }
            return Ok(());
        }
        let ddl = cast_type_name(&t, self.ctx).unwrap_or_else(|| {
            let r = render_type(to.dialect, &t);
            for l in &r.losses {
                if !l.is_informational()
                    && l.kind != dvt_types::LossKind::LengthLost
                    && self.ctx.from != self.ctx.to
                {
                    self.ctx
                        .warn(Dvt003, format!("CAST to {native}: {}", l.reason));
                }
            }
            r.ddl
        });
        *data_type = DataType::Custom(ObjectName::from(vec![Ident::new(ddl)]), vec![]);
        Ok(())
    }

    fn post(&mut self, e: &mut Expr) -> Result<(), TranslateError> {
        let caps = self.ctx.to.caps();
        if let Expr::BinaryOp {
            op: BinaryOperator::Divide | BinaryOperator::MyIntegerDivide,
            right,
            ..
        } = e
            && self.ctx.from.caps().div_zero_null
            && !caps.div_zero_null
            && !is_nonzero_number(right)
        {
            **right = raw(format!("NULLIF({right}, 0)"));
        }
        let replacement = match e {
            // Parentheses around raw SQL that is already one term would pile up on every pass.
            Expr::Nested(inner) => match inner.as_ref() {
                Expr::Identifier(i) if is_raw(i) && is_one_term(&i.value) => {
                    Some((**inner).clone())
                }
                _ => None,
            },
            Expr::Function(f) => self.function(f)?,
            Expr::Cast {
                kind,
                expr,
                data_type,
                ..
            } => {
                self.cast(kind, expr, data_type)?;
                native_cast(self.ctx, expr, data_type)
            }
            Expr::IsNotDistinctFrom(..) | Expr::IsDistinctFrom(..) => self.distinct_from(e)?,
            Expr::Extract { field, expr, .. } => Some(self.extract(field, expr)?),
            Expr::Interval(iv) if self.ctx.from != self.ctx.to => {
                interval_parts(iv).and_then(|(amount, literal, unit)| {
                    catalog::core::interval_sql(&amount, literal, unit, self.ctx).map(raw)
                })
            }
            Expr::Array(arr) if self.ctx.from != self.ctx.to => {
                let elems: Vec<String> = arr.elem.iter().map(|x| x.to_string()).collect();
                catalog::core::array_literal_sql(&elems, self.ctx).map(raw)
            }
            Expr::Substring { .. }
            | Expr::Position { .. }
            | Expr::Ceil { .. }
            | Expr::Floor { .. } => self.special_form(e)?,
            Expr::ILike { .. } | Expr::Like { .. } => self.like(e),
            Expr::Convert {
                data_type: Some(_),
                charset: None,
                ..
            } => self.convert(e)?,
            Expr::RLike { .. } => self.rlike(e)?,
            Expr::BinaryOp { .. } => self.binary_op(e)?,
            Expr::JsonAccess { .. } => match json_access(e, self.ctx) {
                Some((base, path, text)) => Some(self.render_json(base, &path, text)?),
                None => {
                    return Err(self
                        .ctx
                        .unsupported("this JSON path", "use literal keys and indexes"));
                }
            },
            Expr::Trim {
                expr,
                trim_where: None,
                trim_what: None,
                trim_characters: Some(chars),
            } if self.ctx.from != self.ctx.to && chars.len() == 1 => {
                Some(self.trim_chars(expr, &chars[0]))
            }
            Expr::Struct { values, fields }
                if self.ctx.from != self.ctx.to && fields.is_empty() =>
            {
                self.struct_literal(values)?
            }
            Expr::Dictionary(entries) if self.ctx.from != self.ctx.to => {
                let args = entries
                    .iter()
                    .flat_map(|d| {
                        [
                            raw(super::sql_string(&d.key.value, self.ctx.to)),
                            (*d.value).clone(),
                        ]
                    })
                    .collect();
                Some(self.render("named_struct", "{…}", args, None)?)
            }
            Expr::Value(v) => self.value(v),
            Expr::TypedString(ts) if !caps.typed_literals => Some(typed_string(ts, self.ctx)),
            _ => None,
        };
        if let Some(r) = replacement {
            *e = r;
        }
        Ok(())
    }

    /// A struct literal of named fields (BigQuery / Spark `STRUCT(1 AS a, x AS b)`) through the
    /// catalog's `named_struct`; one with an unnamed field is left as written.
    fn struct_literal(&mut self, values: &[Expr]) -> Result<Option<Expr>, TranslateError> {
        let mut args = Vec::with_capacity(values.len() * 2);
        for v in values {
            let Expr::Named { expr, name } = v else {
                return Ok(None);
            };
            args.push(raw(super::sql_string(&name.value, self.ctx.to)));
            args.push((**expr).clone());
        }
        Ok(Some(self.render("named_struct", "STRUCT", args, None)?))
    }

    /// `TRIM(s, chars)` (remove any of `chars` at both ends) in the target's form.
    fn trim_chars(&mut self, s: &Expr, chars: &Expr) -> Expr {
        let caps = self.ctx.to.caps();
        if caps.trim_comma {
            return raw(format!("TRIM({s}, {chars})"));
        }
        let one_char = matches!(
            chars,
            Expr::Value(ValueWithSpan { value: Value::SingleQuotedString(c), .. }) if c.chars().count() == 1
        );
        if caps.trim_removes_string && !one_char {
            self.ctx.warn(
                Dvt003,
                format!(
                    "TRIM(s, chars): {} removes the whole string {chars} where the source removes any of its characters",
                    self.ctx.to
                ),
            );
        }
        raw(format!("TRIM(BOTH {chars} FROM {s})"))
    }

    /// `IS [NOT] DISTINCT FROM` where the target lacks it: MySQL's null-safe `<=>`, else the
    /// catalog's null-safe equality.
    fn distinct_from(&mut self, e: &Expr) -> Result<Option<Expr>, TranslateError> {
        let caps = self.ctx.to.caps();
        if caps.is_distinct_from {
            return Ok(None);
        }
        let (Expr::IsNotDistinctFrom(a, b) | Expr::IsDistinctFrom(a, b)) = e else {
            return Ok(None);
        };
        let negated = matches!(e, Expr::IsDistinctFrom(..));
        if caps.null_safe_eq_op {
            return Ok(Some(raw(if negated {
                format!("(NOT ({a} <=> {b}))")
            } else {
                format!("({a} <=> {b})")
            })));
        }
        let args = vec![(**a).clone(), (**b).clone()];
        let r = self.render("null_safe_eq", "IS DISTINCT FROM", args, None)?;
        Ok(Some(if negated { raw(format!("NOT {r}")) } else { r }))
    }

    /// `EXTRACT(unit FROM x)` through the catalog (the day of the week counted as the source
    /// counts it).
    fn extract(&mut self, field: &DateTimeField, expr: &Expr) -> Result<Expr, TranslateError> {
        let u = Unit::parse(&field_name(field)).ok_or_else(|| TranslateError::UnknownDatePart {
            unit: field.to_string(),
            function: "EXTRACT".into(),
        })?;
        if u == Unit::DayOfWeek && self.ctx.from.caps().dow_from_one {
            self.render("dayofweek1", "EXTRACT", vec![expr.clone()], None)
        } else {
            self.render("extract", "EXTRACT", vec![expr.clone()], Some(u))
        }
    }

    /// The special syntax forms of functions (`SUBSTRING(x FROM a FOR b)`, `POSITION(a IN b)`,
    /// `CEIL(x)`, `FLOOR(x)`) through their catalog rows.
    fn special_form(&mut self, e: &Expr) -> Result<Option<Expr>, TranslateError> {
        let plain = CeilFloorKind::DateTimeField(DateTimeField::NoDateTime);
        let r = match e {
            Expr::Substring {
                expr,
                substring_from,
                substring_for,
                ..
            } => {
                let from = substring_from.as_deref().cloned();
                let mut args = vec![(**expr).clone(), from.unwrap_or_else(|| raw("1"))];
                args.extend(substring_for.as_deref().cloned());
                self.render("substr", "SUBSTRING", args, None)?
            }
            Expr::Position { expr, r#in } => {
                let args = vec![(**r#in).clone(), (**expr).clone()];
                self.render("strpos", "POSITION", args, None)?
            }
            Expr::Ceil { expr, field } if *field == plain => {
                self.render("ceil", "CEIL", vec![(**expr).clone()], None)?
            }
            Expr::Floor { expr, field } if *field == plain => {
                self.render("floor", "FLOOR", vec![(**expr).clone()], None)?
            }
            // `CEIL(x, 2)`: sqlparser reads a literal scale as this form, not as a call.
            Expr::Ceil {
                expr,
                field: CeilFloorKind::Scale(s),
            } => self.render("ceil_scale", "CEIL", scaled(expr, s), None)?,
            Expr::Floor {
                expr,
                field: CeilFloorKind::Scale(s),
            } => self.render("floor_scale", "FLOOR", scaled(expr, s), None)?,
            _ => return Ok(None),
        };
        Ok(Some(r))
    }

    /// `ILIKE` as `LOWER(x) LIKE LOWER(p)` where the target lacks it; a DVT003 where `LIKE`
    /// folds case on one side only (default collations).
    fn like(&mut self, e: &Expr) -> Option<Expr> {
        let caps = self.ctx.to.caps();
        let from_caps = self.ctx.from.caps();
        match e {
            Expr::ILike {
                negated,
                any: false,
                expr,
                pattern,
                escape_char,
            } if !caps.ilike => Some(Expr::Like {
                negated: *negated,
                any: false,
                expr: Box::new(raw(format!("LOWER({expr})"))),
                pattern: Box::new(raw(format!("LOWER({pattern})"))),
                escape_char: escape_char.clone(),
            }),
            Expr::Like { .. } if from_caps.like_case_insensitive != caps.like_case_insensitive => {
                let (from, to) = (self.ctx.from, self.ctx.to);
                let message = if from_caps.like_case_insensitive {
                    format!(
                        "LIKE compares case-insensitively in {from} (default collation) but case-sensitively in {to}"
                    )
                } else {
                    format!(
                        "LIKE compares case-sensitively in {from} but case-insensitively in {to} (default collation)"
                    )
                };
                self.ctx.warn(Dvt003, message);
                None
            }
            _ => None,
        }
    }

    /// A binary operator the target spells otherwise: `||` without pipes, integer division,
    /// regular-expression operators, `<=>`, JSON arrows.
    fn binary_op(&mut self, e: &Expr) -> Result<Option<Expr>, TranslateError> {
        let Expr::BinaryOp { left, op, right } = e else {
            return Ok(None);
        };
        let caps = self.ctx.to.caps();
        let from_caps = self.ctx.from.caps();
        Ok(match op {
            BinaryOperator::StringConcat if caps.concat != super::dialect::ConcatStyle::Pipes => {
                Some(self.render(
                    "concat_null",
                    "||",
                    vec![(**left).clone(), (**right).clone()],
                    None,
                )?)
            }
            BinaryOperator::MyIntegerDivide | BinaryOperator::DuckIntegerDivide => {
                Some(self.render(
                    "int_div",
                    "DIV",
                    vec![(**left).clone(), (**right).clone()],
                    None,
                )?)
            }
            BinaryOperator::Divide if from_caps.int_div_truncates && !caps.int_div_truncates => {
                if int_lit(left).is_some() && int_lit(right).is_some() {
                    Some(self.render(
                        "int_div",
                        "/",
                        vec![(**left).clone(), (**right).clone()],
                        None,
                    )?)
                } else {
                    self.ctx.warn(
                        Dvt003,
                        format!(
                            "division: two integers divide with truncation in {} but exactly in {}",
                            self.ctx.from, self.ctx.to
                        ),
                    );
                    None
                }
            }
            BinaryOperator::Divide if !from_caps.int_div_truncates && caps.int_div_truncates => {
                Some(raw(format!("({} * 1.0 / {})", left, right)))
            }
            // PostgreSQL's `^` is exponentiation (XOR in MySQL, T-SQL, BigQuery, …).
            BinaryOperator::PGExp if self.ctx.from != self.ctx.to => Some(self.render(
                "power",
                "^",
                vec![(**left).clone(), (**right).clone()],
                None,
            )?),
            // XOR as `^` (MySQL, T-SQL, Spark, BigQuery) is `#` in PostgreSQL, XOR() in DuckDB,
            // BITXOR() in Snowflake: the catalog's bitxor writes it.
            // (DuckDB's `^`, which its parser reads as XOR, is exponentiation.)
            BinaryOperator::BitwiseXor if self.ctx.from != self.ctx.to => {
                let f = if from_caps.caret_is_power {
                    "power"
                } else {
                    "bitxor"
                };
                Some(self.render(f, "^", vec![(**left).clone(), (**right).clone()], None)?)
            }
            BinaryOperator::Modulo if !caps.modulo_op => {
                Some(self.render("mod", "%", vec![(**left).clone(), (**right).clone()], None)?)
            }
            BinaryOperator::PGRegexMatch | BinaryOperator::PGRegexNotMatch => {
                let r = self.render(
                    "regexp_like",
                    "~",
                    vec![(**left).clone(), (**right).clone()],
                    None,
                )?;
                Some(if matches!(op, BinaryOperator::PGRegexNotMatch) {
                    raw(format!("NOT {r}"))
                } else {
                    r
                })
            }
            BinaryOperator::Spaceship if self.ctx.from != self.ctx.to => Some(self.render(
                "null_safe_eq",
                "<=>",
                vec![(**left).clone(), (**right).clone()],
                None,
            )?),
            BinaryOperator::PGRegexIMatch | BinaryOperator::PGRegexNotIMatch => {
                let r = self.render(
                    "regexp_ilike",
                    "~*",
                    vec![(**left).clone(), (**right).clone()],
                    None,
                )?;
                Some(if matches!(op, BinaryOperator::PGRegexNotIMatch) {
                    raw(format!("NOT {r}"))
                } else {
                    r
                })
            }
            BinaryOperator::Arrow
            | BinaryOperator::LongArrow
            | BinaryOperator::HashArrow
            | BinaryOperator::HashLongArrow => match json_access(e, self.ctx) {
                Some((base, path, text)) => Some(self.render_json(base, &path, text)?),
                None => None,
            },
            _ => None,
        })
    }

    /// T-SQL's `CONVERT(type, x)` as a cast (a style argument is refused).
    fn convert(&mut self, e: &Expr) -> Result<Option<Expr>, TranslateError> {
        let Expr::Convert {
            is_try,
            expr,
            data_type: Some(dt),
            charset: None,
            styles,
            ..
        } = e
        else {
            return Ok(None);
        };
        if !styles.is_empty() {
            return Err(self.ctx.unsupported(
                "CONVERT with a style",
                "format the value with a format function (FORMAT / TO_CHAR), or CAST it",
            ));
        }
        let mut cast = Expr::Cast {
            kind: if *is_try {
                CastKind::TryCast
            } else {
                CastKind::Cast
            },
            expr: expr.clone(),
            data_type: dt.clone(),
            array: false,
            format: None,
        };
        if let Expr::Cast {
            kind,
            expr,
            data_type,
            ..
        } = &mut cast
        {
            self.cast(kind, expr, data_type)?;
        }
        Ok(Some(cast))
    }

    /// `RLIKE` / `REGEXP` as the target's regular-expression match (anchored where the source's
    /// is).
    fn rlike(&mut self, e: &Expr) -> Result<Option<Expr>, TranslateError> {
        let Expr::RLike {
            negated,
            expr,
            pattern,
            ..
        } = e
        else {
            return Ok(None);
        };
        let caps = self.ctx.to.caps();
        let from_caps = self.ctx.from.caps();
        if from_caps.like_case_insensitive && !caps.like_case_insensitive {
            self.ctx.warn(Dvt003, format!("regular expressions compare case-insensitively in {} (default collation) but case-sensitively in {}", self.ctx.from, self.ctx.to));
        }
        let r = self.render(
            if from_caps.regexp_like_anchored {
                "regexp_full"
            } else {
                "regexp_like"
            },
            "RLIKE",
            vec![(**expr).clone(), (**pattern).clone()],
            None,
        )?;
        Ok(Some(if *negated { raw(format!("NOT {r}")) } else { r }))
    }

    fn render_json(
        &mut self,
        base: Expr,
        path: &[PathElem],
        text: bool,
    ) -> Result<Expr, TranslateError> {
        let sql = catalog::json::render_json(&base.to_string(), path, text, self.ctx);
        Ok(raw(guard(sql)))
    }

    fn value(&mut self, v: &ValueWithSpan) -> Option<Expr> {
        let caps = self.ctx.to.caps();
        let from = self.ctx.from;
        // Raw strings (BigQuery r'…'), and strings whose backslash escapes the parser kept
        // (Spark), become plain strings of the target.
        let plain = match &v.value {
            Value::SingleQuotedRawStringLiteral(s) | Value::DoubleQuotedRawStringLiteral(s)
                if from != self.ctx.to =>
            {
                Some(s.clone())
            }
            // T-SQL's N'…' (Unicode) is a plain string where every string is Unicode.
            Value::NationalStringLiteral(s) if !caps.national_strings => Some(s.clone()),
            Value::SingleQuotedString(s) | Value::DoubleQuotedString(s)
                if from != self.ctx.to
                    && from.caps().backslash_escapes
                    && !from.parser().supports_string_literal_backslash_escape()
                    && s.contains('\\') =>
            {
                Some(unescape(s))
            }
            _ => None,
        };
        if let Some(s) = plain {
            return Some(raw(super::catalog::format::sql_string(&s, self.ctx.to)));
        }
        match &v.value {
            Value::Boolean(b) if !caps.bool_literals => {
                if self.ctx.from != self.ctx.to {
                    self.ctx.warn(
                        Dvt003,
                        format!("boolean literals become 1/0 in {}", self.ctx.to),
                    );
                }
                Some(raw(if *b { "1" } else { "0" }))
            }
            Value::SingleQuotedString(s)
            | Value::EscapedStringLiteral(s)
            | Value::DoubleQuotedString(s)
                if caps.backslash_escapes && (s.contains('\\') || s.contains('\'')) =>
            {
                // `\'`, not `''`: Spark and BigQuery read `'a''b'` as two adjacent literals.
                Some(raw(super::catalog::format::sql_string(s, self.ctx.to)))
            }
            Value::EscapedStringLiteral(s) | Value::DoubleQuotedString(s) => Some(raw(quote(s))),
            _ => None,
        }
    }

    /// Before children are visited: JSON access under a string cast or JSON_UNQUOTE becomes a
    /// text extraction.
    fn pre(&mut self, e: &mut Expr) {
        use super::dialect::ConcatStyle;
        let (from, to) = (self.ctx.from.caps(), self.ctx.to.caps());
        if from.like_backslash_escape != to.like_backslash_escape {
            explicit_escape(e, from.like_backslash_escape);
        }
        if self.ctx.to.caps().backslash_escapes {
            backslash_free_escape(e);
        }
        if self.ctx.to.caps().like_escape_backslash_only {
            backslash_escape(e);
        }
        let replacement = match e {
            // `a + ' ' + b` concatenates strings in SQL Server: a `+` chain with a string operand.
            Expr::BinaryOp {
                op: BinaryOperator::Plus,
                ..
            } if self.ctx.from.caps().concat == ConcatStyle::Plus
                && self.ctx.to.caps().concat != ConcatStyle::Plus
                && plus_chain_has_string(e, self.ctx) =>
            {
                plus_to_concat(e);
                None
            }
            Expr::Cast {
                expr, data_type, ..
            } => match json_access(expr, self.ctx) {
                Some((base, path, _)) if is_string_type(data_type, self.ctx) => {
                    Some(placeholder(base, &path, true))
                }
                Some((base, path, _)) => {
                    **expr = placeholder(base, &path, true);
                    None
                }
                None => None,
            },
            Expr::Function(f)
                if func_name(f).is_some_and(|n| n.eq_ignore_ascii_case("JSON_UNQUOTE")) =>
            {
                parts(f)
                    .and_then(|p| p.args.first().and_then(|a| json_access(a, self.ctx)))
                    .map(|(base, path, _)| placeholder(base, &path, true))
            }
            // DATE_ADD(x, INTERVAL n unit) and friends (MySQL, BigQuery) before the interval is
            // rendered on its own: the canonical DATEADD(unit, n, x).
            Expr::Function(f)
                if func_name(f).is_some_and(|n| {
                    INTERVAL_ADD
                        .iter()
                        .any(|(name, _)| n.eq_ignore_ascii_case(name))
                }) =>
            {
                interval_add(f)
            }
            // A whole JSON access chain (`v:a.b`, `x -> 'a' ->> 'b'`, JSON_EXTRACT(…)) at once,
            // before its inner links are visited (and rendered) on their own.
            Expr::Function(f)
                if func_name(f).is_some_and(|n| json_input(self.ctx.from, &n).is_some()) =>
            {
                json_access(e, self.ctx).map(|(base, path, text)| placeholder(base, &path, text))
            }
            Expr::JsonAccess { .. }
            | Expr::BinaryOp {
                op:
                    BinaryOperator::Arrow
                    | BinaryOperator::LongArrow
                    | BinaryOperator::HashArrow
                    | BinaryOperator::HashLongArrow,
                ..
            } => json_access(e, self.ctx).map(|(base, path, text)| placeholder(base, &path, text)),
            _ => None,
        };
        if let Some(r) = replacement {
            *e = r;
        }
    }
}

/// Whether a chain of `+` has a string literal or a cast to a string type as an operand.
fn plus_chain_has_string(e: &Expr, ctx: &Ctx<'_>) -> bool {
    match e {
        Expr::BinaryOp {
            left,
            op: BinaryOperator::Plus,
            right,
        } => plus_chain_has_string(left, ctx) || plus_chain_has_string(right, ctx),
        Expr::Nested(x) => plus_chain_has_string(x, ctx),
        Expr::Value(ValueWithSpan {
            value: Value::SingleQuotedString(_) | Value::NationalStringLiteral(_),
            ..
        }) => true,
        Expr::Cast { data_type, .. }
        | Expr::Convert {
            data_type: Some(data_type),
            ..
        } => is_string_type(data_type, ctx),
        _ => false,
    }
}

/// Turn every `+` of a chain into string concatenation.
fn plus_to_concat(e: &mut Expr) {
    match e {
        Expr::BinaryOp { left, op, right } if *op == BinaryOperator::Plus => {
            *op = BinaryOperator::StringConcat;
            plus_to_concat(left);
            plus_to_concat(right);
        }
        Expr::Nested(x) => plus_to_concat(x),
        _ => {}
    }
}

/// A literal `LIKE` pattern without `ESCAPE` that holds a backslash, written with an explicit
/// `ESCAPE '\'` for a target whose default differs from the source's: from a source where the
/// backslash escapes by default (`from_escapes`) the pattern stays as it is; from one where it
/// is an ordinary character each backslash is doubled (an escaped backslash).
fn explicit_escape(e: &mut Expr, from_escapes: bool) {
    let Some((p, escape_char)) = like_literal(e) else {
        return;
    };
    if escape_char.is_some() || !p.contains('\\') {
        return;
    }
    if !from_escapes {
        *p = p.replace('\\', "\\\\");
    }
    *escape_char = Some(Value::SingleQuotedString("\\".to_string()).into());
}

/// `LIKE p ESCAPE '\'` for a target where a backslash inside a string literal may be an escape
/// (MySQL and MariaDB unless the session has `NO_BACKSLASH_ESCAPES`; a Spark JDBC session does
/// not get the native connector's sql_mode): `'\'` would be an unterminated string there. The
/// pattern's escape character becomes one that is not in the pattern and needs no escaping
/// (`!`, `#`, `~`, `^`, `|`), so the SQL means the same under both modes.
fn backslash_free_escape(e: &mut Expr) {
    let Some((p, escape_char)) = like_literal(e) else {
        return;
    };
    if escape_text(escape_char) != Some("\\") {
        return;
    }
    let Some(c) = ['!', '#', '~', '^', '|']
        .into_iter()
        .find(|c| !p.contains(*c))
    else {
        return;
    };
    *p = reescape(p, '\\', c);
    *escape_char = Some(Value::SingleQuotedString(c.to_string()).into());
}

/// `LIKE 'a!%' ESCAPE '!'` as `LIKE 'a\%' ESCAPE '\'` for a target whose LIKE takes no other
/// escape character (a literal backslash of the pattern becomes `\\`). A pattern that is not
/// a literal is left as written.
fn backslash_escape(e: &mut Expr) {
    let Some((p, escape_char)) = like_literal(e) else {
        return;
    };
    let Some(c) = escape_text(escape_char).and_then(|s| {
        let mut it = s.chars();
        it.next().filter(|c| *c != '\\' && it.next().is_none())
    }) else {
        return;
    };
    *p = reescape(p, c, '\\');
    *escape_char = Some(Value::SingleQuotedString("\\".to_string()).into());
}

/// A `[I]LIKE` whose pattern is a string literal: the pattern and the escape clause.
fn like_literal(e: &mut Expr) -> Option<(&mut String, &mut Option<ValueWithSpan>)> {
    let (Expr::Like {
        pattern,
        escape_char,
        ..
    }
    | Expr::ILike {
        pattern,
        escape_char,
        ..
    }) = e
    else {
        return None;
    };
    let Expr::Value(ValueWithSpan {
        value: Value::SingleQuotedString(p),
        ..
    }) = pattern.as_mut()
    else {
        return None;
    };
    Some((p, escape_char))
}

/// The text of a LIKE's `ESCAPE` clause, when it is a plain string.
fn escape_text(escape_char: &Option<ValueWithSpan>) -> Option<&str> {
    match escape_char.as_ref().map(|v| &v.value) {
        Some(Value::SingleQuotedString(s)) => Some(s),
        _ => None,
    }
}

/// A LIKE pattern escaped with `from` rewritten to escape with `to`: `from` + `%`, `_` or `to`
/// is `to` + that character, `from` + any other character is that character alone (Spark
/// rejects an escape before an ordinary character: ESC_IN_THE_MIDDLE), and a literal `to` of
/// the pattern is escaped (`to` + `to`).
fn reescape(p: &str, from: char, to: char) -> String {
    let mut out = String::with_capacity(p.len() + 2);
    let mut chars = p.chars();
    while let Some(ch) = chars.next() {
        if ch == from {
            match chars.next() {
                Some(next @ ('%' | '_')) => {
                    out.push(to);
                    out.push(next);
                }
                Some(next) if next == to => {
                    out.push(to);
                    out.push(to);
                }
                Some(next) => out.push(next),
                None => out.push(to),
            }
        } else if ch == to {
            out.push(to);
            out.push(to);
        } else {
            out.push(ch);
        }
    }
    out
}

/// A string literal's value with its backslash escapes resolved (`\n`, `\t`, `\'`, …); `\%`
/// and `\_` stay escaped for LIKE.
fn unescape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut it = s.chars();
    while let Some(c) = it.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match it.next() {
            Some('n') => out.push('\n'),
            Some('t') => out.push('\t'),
            Some('r') => out.push('\r'),
            Some('b') => out.push('\u{8}'),
            Some('0') => out.push('\0'),
            Some(c @ ('%' | '_')) => {
                out.push('\\');
                out.push(c);
            }
            Some(c) => out.push(c),
            None => out.push('\\'),
        }
    }
    out
}

/// An interval literal as (amount SQL, amount is a literal number, unit): `INTERVAL '1 day'`,
/// `INTERVAL '1' DAY`, `INTERVAL 1 DAY`, `INTERVAL n DAY`.
fn interval_parts(iv: &sqlparser::ast::Interval) -> Option<(String, bool, Unit)> {
    if iv.last_field.is_some() || iv.leading_precision.is_some() {
        return None;
    }
    let number = |t: &str| t.parse::<f64>().is_ok();
    match &iv.leading_field {
        None => {
            let s = string_lit(&iv.value)?;
            let mut words = s.split_whitespace();
            let (n, u) = (words.next()?, words.next()?);
            if words.next().is_some() || !number(n) {
                return None;
            }
            Some((n.to_string(), true, Unit::parse(u)?))
        }
        Some(f) => {
            let unit = Unit::parse(&field_name(f))?;
            match string_lit(&iv.value) {
                Some(n) if number(n.trim()) => Some((n.trim().to_string(), true, unit)),
                Some(_) => None,
                None => {
                    let lit = int_lit(&iv.value).is_some();
                    Some((iv.value.to_string(), lit, unit))
                }
            }
        }
    }
}

/// Casts the target cannot write as a CAST (`Caps::date_cast`, `timestamp_cast`,
/// `json_is_text`). SQLite has no date types: `CAST(x AS DATE)` takes NUMERIC affinity
/// (`'2024-01-31'` becomes `2024`), so a cast to a date or timestamp becomes `DATE(x)` /
/// `DATETIME(x)` (NULL when `x` is not a date). MariaDB has no `CAST(… AS JSON)`: its JSON is
/// text, so the cast is dropped.
fn native_cast(ctx: &Ctx<'_>, expr: &Expr, data_type: &DataType) -> Option<Expr> {
    let caps = ctx.to.caps();
    let template = match data_type.to_string().to_ascii_uppercase().as_str() {
        "JSON" if caps.json_is_text => return Some(expr.clone()),
        "DATE" => caps.date_cast,
        "TIMESTAMP" | "DATETIME" => caps.timestamp_cast,
        _ => None,
    }?;
    Some(raw(template.replace("{}", &expr.to_string())))
}

/// Functions that add (1) or subtract (-1) an `INTERVAL n unit` to a date or timestamp.
const INTERVAL_ADD: &[(&str, i8)] = &[
    ("DATE_ADD", 1),
    ("ADDDATE", 1),
    ("DATE_SUB", -1),
    ("SUBDATE", -1),
    ("TIMESTAMP_ADD", 1),
    ("TIMESTAMP_SUB", -1),
    ("DATETIME_ADD", 1),
    ("DATETIME_SUB", -1),
];

/// `DATE_ADD(x, INTERVAL n unit)` as the canonical `__DVT_DATEADD(unit, ±n, x)`.
fn interval_add(f: &Function) -> Option<Expr> {
    let name = func_name(f)?;
    let sign = INTERVAL_ADD
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(&name))?
        .1;
    let p = parts(f)?;
    let [x, Expr::Interval(iv)] = p.args.as_slice() else {
        return None;
    };
    let (_, _, unit) = interval_parts(iv)?;
    let amount = match string_lit(&iv.value) {
        Some(n) => raw(n.trim().to_string()),
        None => (*iv.value).clone(),
    };
    let amount = if sign < 0 {
        Expr::UnaryOp {
            op: sqlparser::ast::UnaryOperator::Minus,
            expr: Box::new(Expr::Nested(Box::new(amount))),
        }
    } else {
        amount
    };
    let arg = |e: Expr| FunctionArg::Unnamed(FunctionArgExpr::Expr(e));
    Some(Expr::Function(Function {
        name: ObjectName::from(vec![Ident::new(
            super::catalog::datetime::DATEADD_CANONICAL,
        )]),
        uses_odbc_syntax: false,
        parameters: FunctionArguments::None,
        args: FunctionArguments::List(FunctionArgumentList {
            duplicate_treatment: None,
            args: vec![
                arg(Expr::Identifier(Ident::new(unit.name()))),
                arg(amount),
                arg(x.clone()),
            ],
            clauses: vec![],
        }),
        filter: None,
        null_treatment: None,
        over: None,
        within_group: vec![],
    }))
}

/// `AGG(x) FILTER (WHERE c)` as `AGG(CASE WHEN c THEN x END)` (`COUNT(*)` counts `1`), for
/// targets without aggregate filters. Aggregates ignore the NULLs the CASE gives.
fn move_filter_into_argument(
    f: &mut Function,
    name: &str,
    ctx: &Ctx<'_>,
) -> Result<(), TranslateError> {
    let Some(cond) = f.filter.take() else {
        return Ok(());
    };
    let FunctionArguments::List(list) = &mut f.args else {
        return Err(ctx.unsupported(
            &format!("{} FILTER (WHERE …)", name.to_ascii_uppercase()),
            "use CASE WHEN inside the aggregate",
        ));
    };
    match list.args.first_mut() {
        Some(FunctionArg::Unnamed(arg @ FunctionArgExpr::Wildcard)) => {
            *arg = FunctionArgExpr::Expr(raw(format!("CASE WHEN {cond} THEN 1 END")));
        }
        Some(FunctionArg::Unnamed(FunctionArgExpr::Expr(e))) => {
            *e = raw(format!("CASE WHEN {cond} THEN {e} END"));
        }
        _ => {
            return Err(ctx.unsupported(
                &format!("{} FILTER (WHERE …)", name.to_ascii_uppercase()),
                "use CASE WHEN inside the aggregate",
            ));
        }
    }
    Ok(())
}

/// Type names that mean "an integer" in every dialect.
const INTEGER_NAMES: &[&str] = &["INT", "INTEGER", "BIGINT", "SMALLINT", "TINYINT", "BYTEINT"];

fn field_name(f: &DateTimeField) -> String {
    match f {
        DateTimeField::Custom(i) => i.value.clone(),
        other => other.to_string(),
    }
}

/// CAST type names of the source that mean something else than the column type of that name
/// (MySQL: `CAST(x AS CHAR)` is a string of any length, `SIGNED` / `UNSIGNED` are 64-bit).
fn cast_source_type(native: &str, ctx: &Ctx<'_>) -> Option<DvtType> {
    if !ctx.from.caps().cast_signed {
        return None;
    }
    let u = native.to_ascii_uppercase();
    let u = u.trim();
    Some(match u {
        "SIGNED" | "SIGNED INTEGER" | "SIGNED INT" => DvtType::Int64,
        "UNSIGNED" | "UNSIGNED INTEGER" | "UNSIGNED INT" => DvtType::UInt64,
        "CHAR" => DvtType::Varchar { length: None },
        _ => {
            let n = u
                .strip_prefix("CHAR(")?
                .strip_suffix(')')?
                .trim()
                .parse()
                .ok()?;
            DvtType::Varchar { length: Some(n) }
        }
    })
}

/// CAST type names that differ from the column DDL (MySQL's CAST accepts only a few names).
fn cast_type_name(t: &DvtType, ctx: &Ctx<'_>) -> Option<String> {
    if !ctx.to.caps().cast_signed {
        return None;
    }
    Some(match t {
        DvtType::Boolean | DvtType::Int8 | DvtType::Int16 | DvtType::Int32 | DvtType::Int64 => {
            "SIGNED".into()
        }
        DvtType::UInt8 | DvtType::UInt16 | DvtType::UInt32 | DvtType::UInt64 => "UNSIGNED".into(),
        DvtType::Varchar { length: Some(n) } => format!("CHAR({n})"),
        DvtType::Varchar { .. } | DvtType::Uuid => "CHAR".into(),
        DvtType::Char { length } => format!("CHAR({length})"),
        DvtType::Float32 => "FLOAT".into(),
        DvtType::Float64 => "DOUBLE".into(),
        // Without a precision MySQL's CAST drops the fraction (`CAST('… 23:59:59.5' AS
        // DATETIME)` is `… 23:59:59`): keep every digit the server can hold.
        DvtType::Timestamp { precision: 0, .. } => "DATETIME".into(),
        DvtType::Timestamp { precision, .. } => format!("DATETIME({})", (*precision).min(6)),
        DvtType::Json | DvtType::JsonText => "JSON".into(),
        DvtType::Binary { .. } => "BINARY".into(),
        _ => return None,
    })
}

impl VisitorMut for Rewriter<'_, '_> {
    type Break = TranslateError;

    fn pre_visit_expr(&mut self, e: &mut Expr) -> ControlFlow<TranslateError> {
        self.pre(e);
        ControlFlow::Continue(())
    }

    fn post_visit_expr(&mut self, e: &mut Expr) -> ControlFlow<TranslateError> {
        match self.post(e) {
            Ok(()) => ControlFlow::Continue(()),
            Err(err) => ControlFlow::Break(err),
        }
    }

    fn pre_visit_query(&mut self, q: &mut sqlparser::ast::Query) -> ControlFlow<TranslateError> {
        let expanded = super::distinct_on::expand(q, self.ctx)
            .and_then(|()| super::all_items::expand(q, self.ctx));
        match expanded {
            Ok(()) => ControlFlow::Continue(()),
            Err(e) => ControlFlow::Break(e),
        }
    }

    fn post_visit_query(&mut self, q: &mut sqlparser::ast::Query) -> ControlFlow<TranslateError> {
        match super::query::rewrite_query(q, self.ctx) {
            Ok(()) => ControlFlow::Continue(()),
            Err(err) => ControlFlow::Break(err),
        }
    }

    fn post_visit_table_factor(
        &mut self,
        t: &mut sqlparser::ast::TableFactor,
    ) -> ControlFlow<TranslateError> {
        if let sqlparser::ast::TableFactor::NestedJoin {
            table_with_joins, ..
        } = t
        {
            outer_joins_on_true(table_with_joins, self.ctx.to.caps().bool_literals);
        }
        // SQL Server table hints (`WITH (NOLOCK)`) exist nowhere else.
        if let sqlparser::ast::TableFactor::Table { with_hints, .. } = t
            && !with_hints.is_empty()
            && self.ctx.from != self.ctx.to
        {
            self.ctx.warn(
                Dvt003,
                format!(
                    "table hints WITH ({}) are dropped: {} has no such hints",
                    with_hints
                        .iter()
                        .map(|h| h.to_string())
                        .collect::<Vec<_>>()
                        .join(", "),
                    self.ctx.to
                ),
            );
            with_hints.clear();
        }
        // `(SELECT a, count(*) …) AS t (x, n)` → `(SELECT a AS x, count(*) AS n …) AS t`.
        if let sqlparser::ast::TableFactor::Derived {
            subquery,
            alias: Some(alias),
            ..
        } = t
            && !alias.columns.is_empty()
            && !self.ctx.to.caps().derived_column_lists
        {
            use sqlparser::ast::{SelectItem, SetExpr};
            let SetExpr::Select(sel) = subquery.body.as_mut() else {
                return ControlFlow::Break(self.ctx.unsupported(
                    "a column list on a derived table over a set operation",
                    "name the columns inside the subquery (SELECT … AS name)",
                ));
            };
            if sel.projection.len() != alias.columns.len()
                || sel.projection.iter().any(|p| {
                    matches!(
                        p,
                        SelectItem::Wildcard(_) | SelectItem::QualifiedWildcard(..)
                    )
                })
            {
                return ControlFlow::Break(self.ctx.unsupported(
                    "a column list on a derived table with `*` or a different column count",
                    "name the columns inside the subquery (SELECT … AS name)",
                ));
            }
            for (item, col) in sel.projection.iter_mut().zip(&alias.columns) {
                let expr = match std::mem::replace(item, SelectItem::Wildcard(Default::default())) {
                    SelectItem::UnnamedExpr(e) | SelectItem::ExprWithAlias { expr: e, .. } => e,
                    other => {
                        *item = other;
                        continue;
                    }
                };
                *item = SelectItem::ExprWithAlias {
                    expr,
                    alias: col.name.clone(),
                };
            }
            alias.columns.clear();
        }
        ControlFlow::Continue(())
    }

    fn post_visit_select(&mut self, s: &mut sqlparser::ast::Select) -> ControlFlow<TranslateError> {
        if matches!(s.distinct, Some(sqlparser::ast::Distinct::On(_)))
            && !self.ctx.to.caps().distinct_on
        {
            return ControlFlow::Break(self.ctx.unsupported(
                "SELECT DISTINCT ON",
                "keep the first row of each group with ROW_NUMBER() OVER (PARTITION BY … ORDER BY …) = 1 in a subquery",
            ));
        }
        if !s.lateral_views.is_empty() && !self.ctx.to.caps().lateral_view {
            return ControlFlow::Break(self.ctx.unsupported(
                "LATERAL VIEW",
                "unnest the array with a lateral join (UNNEST / CROSS JOIN LATERAL) written for the target",
            ));
        }
        for t in &mut s.from {
            outer_joins_on_true(t, self.ctx.to.caps().bool_literals);
        }
        let semi = s.from.iter().flat_map(|t| &t.joins).any(|j| {
            use sqlparser::ast::JoinOperator::*;
            matches!(
                j.join_operator,
                Semi(_) | LeftSemi(_) | RightSemi(_) | Anti(_) | LeftAnti(_) | RightAnti(_)
            )
        });
        if semi && !self.ctx.to.caps().semi_join {
            return ControlFlow::Break(self.ctx.unsupported(
                "SEMI / ANTI JOIN",
                "write it as WHERE [NOT] EXISTS (SELECT 1 FROM … WHERE …)",
            ));
        }
        match super::query::rewrite_select(s, self.ctx) {
            Ok(()) => ControlFlow::Continue(()),
            Err(err) => ControlFlow::Break(err),
        }
    }
}

/// A typed literal (`DATE '2024-01-01'`) where the target has none: a cast of the string, or
/// the bare string where the target has no date types.
fn typed_string(ts: &sqlparser::ast::TypedString, ctx: &Ctx<'_>) -> Expr {
    let caps = ctx.to.caps();
    let lit = ts.value.to_string();
    if !caps.date_types {
        return raw(lit);
    }
    let t = parse_type(ctx.from, &ts.data_type.to_string())
        .map(|t| render_type(caps.dialect, &t).ddl)
        .unwrap_or_else(|_| ts.data_type.to_string());
    raw(format!("CAST({lit} AS {t})"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_term_detection() {
        assert!(is_one_term("F(a, (b))"));
        assert!(is_one_term("(a + b)"));
        assert!(is_one_term("CASE WHEN a THEN b END"));
        assert!(!is_one_term("(a) + (b)"));
        assert!(!is_one_term("a + b"));
        assert!(!is_one_term("F(a) + 1"));
        assert!(is_one_term("F(')')"));
    }
}
