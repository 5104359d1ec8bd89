//! A DataFusion logical plan (sub)tree as SQL in DataFusion's dialect, written node by node.
//!
//! Every column is referred to by *position* in its input's schema, never by qualifier, and
//! every derived table and output column gets an explicit, unique alias — so the qualifier
//! confusion that breaks DataFusion's own unparser on optimized join trees
//! (apache/datafusion#25545) cannot arise. Expressions are unparsed by DataFusion one at a time
//! with their column references replaced by placeholders, which are then substituted by the
//! SQL of the referenced input column.
//!
//! A node extends its input's `SELECT` when SQL evaluates the clauses in the node's order
//! (`WHERE` before `GROUP BY` before `HAVING` before the select list before `ORDER BY` before
//! `LIMIT`); otherwise the input becomes a derived table. Joins chain in one `FROM` clause;
//! a side's `WHERE` is lifted above the join only where that is valid (an inner join's sides,
//! the preserved side of an outer join), else the side is a derived table.

use std::collections::BTreeSet;
use std::ops::ControlFlow;

use datafusion::common::tree_node::{Transformed, TreeNode, TreeNodeRecursion};
use datafusion::common::{Column, DFSchema, ScalarValue};
use datafusion::logical_expr::logical_plan::{FetchType, SkipType};
use datafusion::logical_expr::utils::split_conjunction;
use datafusion::logical_expr::{
    Aggregate, Distinct, Expr, Filter, JoinType, Limit, LogicalPlan, Projection, Sort, SortExpr,
    Union, Window,
};
use datafusion::sql::unparser::Unparser;
use sqlparser::ast::{self, VisitMut, VisitorMut};

use crate::translate::parens::operand;

/// How a leaf of the rendered tree is read: a table (or extract) with one column per field of
/// the node's schema.
pub(crate) struct LeafSql {
    /// The table reference, quoted (`"schema"."table"`).
    pub from: String,
    /// The real column name for each field of the node's schema, in order.
    pub columns: Vec<String>,
    /// A row limit to apply to the leaf.
    pub limit: Option<usize>,
    /// Filters to apply to the leaf: each conjunct over `schema`, whose referenced columns
    /// (by index in `schema`) are the named columns of the leaf table.
    pub residuals: Vec<Residual>,
}

/// A filter conjunct the source does not evaluate: the engine applies it to the extract.
#[derive(Clone)]
pub(crate) struct Residual {
    /// Why the source does not evaluate it.
    pub reason: String,
    /// The conjunct.
    pub expr: Expr,
    /// The schema it is written over (the input of its Filter node).
    pub schema: datafusion::common::DFSchemaRef,
    /// For each column it references: its index in `schema` and the extract column carrying it.
    pub columns: Vec<(usize, String)>,
    /// Whether it is also written where it stands, as a wider filter ([`Leaves::widened`]).
    pub widened: bool,
}

/// The name of the hidden extract column that carries a residual filter's input.
pub(crate) fn extra_name(id: usize) -> String {
    format!("__dvt_x{id}")
}

/// Decides which nodes are leaves.
pub(crate) trait Leaves {
    /// `Some` when `node` is read as a table instead of being rendered.
    fn leaf(&self, node: &LogicalPlan) -> Result<Option<LeafSql>, String>;
    /// Whether the SQL is the transform, parsed again by the engine (which reads a
    /// decimal-point literal as a float) rather than by a source.
    fn read_by_engine(&self) -> bool {
        false
    }
    /// Whether a filter conjunct over `schema` must not be written into this SQL (it is then
    /// lifted above the nodes it commutes with and applied by the engine).
    fn residual(&self, _conjunct: &Expr, _schema: &DFSchema) -> Option<String> {
        None
    }
    /// Whether a residual conjunct may also be written where it stands, as the source
    /// evaluates it: a filter that keeps every row the engine's keeps (the engine still
    /// applies the exact one above).
    fn widened(&self, _conjunct: &Expr, _schema: &DFSchema) -> bool {
        false
    }
    /// Whether `AVG` of a decimal is written as the exact average truncated at its type's
    /// scale (see [`Gen`]'s `exact_avg`): a source whose arithmetic makes it the engine's value.
    fn exact_avg(&self) -> bool {
        false
    }
}

/// A `SELECT` under construction.
#[derive(Clone, Default)]
struct Select {
    distinct: bool,
    /// Output expressions, one per field of the node's schema.
    items: Vec<ast::Expr>,
    /// Output names.
    names: Vec<String>,
    /// Hidden output columns (by global id) that carry the inputs of residual filters.
    extras: Vec<(usize, ast::Expr)>,
    from: Option<String>,
    /// `from` is a join chain (not a single table or derived table).
    chain: bool,
    where_: Vec<String>,
    group_by: Vec<String>,
    aggregated: bool,
    having: Vec<String>,
    windowed: bool,
    order_by: Vec<String>,
    limit: Option<usize>,
    offset: Option<usize>,
}

impl Select {
    /// Nothing beyond `FROM … WHERE` and computed columns: more joins, filters, grouping or
    /// windows may be added to this `SELECT`.
    fn is_plain(&self) -> bool {
        !self.distinct
            && !self.aggregated
            && !self.windowed
            && self.order_by.is_empty()
            && self.limit.is_none()
            && self.offset.is_none()
    }

    fn sql(&self) -> String {
        let mut s = String::from("SELECT ");
        if self.distinct {
            s.push_str("DISTINCT ");
        }
        if self.items.is_empty() && self.extras.is_empty() {
            s.push_str("1 AS \"__dvt_one\"");
        } else {
            let items: Vec<String> = self
                .items
                .iter()
                .zip(&self.names)
                .map(|(e, n)| format!("{e} AS {}", ident(n)))
                .chain(
                    self.extras
                        .iter()
                        .map(|(id, e)| format!("{e} AS {}", ident(&extra_name(*id)))),
                )
                .collect();
            s.push_str(&items.join(", "));
        }
        if let Some(f) = &self.from {
            s.push_str(" FROM ");
            s.push_str(f);
        }
        let conj = |v: &[String]| {
            v.iter()
                .map(|p| format!("({p})"))
                .collect::<Vec<_>>()
                .join(" AND ")
        };
        if !self.where_.is_empty() {
            s.push_str(" WHERE ");
            s.push_str(&conj(&self.where_));
        }
        if !self.group_by.is_empty() {
            s.push_str(" GROUP BY ");
            s.push_str(&self.group_by.join(", "));
        }
        if !self.having.is_empty() {
            s.push_str(" HAVING ");
            s.push_str(&conj(&self.having));
        }
        if !self.order_by.is_empty() {
            s.push_str(" ORDER BY ");
            s.push_str(&self.order_by.join(", "));
        }
        if let Some(n) = self.limit {
            s.push_str(&format!(" LIMIT {n}"));
        }
        if let Some(n) = self.offset {
            s.push_str(&format!(" OFFSET {n}"));
        }
        s
    }
}

/// A double-quoted identifier.
pub(crate) fn ident(name: &str) -> String {
    ast::Ident::with_quote('"', name).to_string()
}

fn column_ref(alias: &str, name: &str) -> ast::Expr {
    ast::Expr::CompoundIdentifier(vec![
        ast::Ident::with_quote('"', alias),
        ast::Ident::with_quote('"', name),
    ])
}

/// Simple, unique, lower-case names for a schema's fields.
pub(crate) fn column_names(schema: &DFSchema) -> Vec<String> {
    let mut seen = BTreeSet::new();
    schema
        .fields()
        .iter()
        .map(|f| {
            let mut base: String = f
                .name()
                .chars()
                .map(|c| {
                    if c.is_ascii_alphanumeric() {
                        c.to_ascii_lowercase()
                    } else {
                        '_'
                    }
                })
                .collect();
            while base.contains("__") {
                base = base.replace("__", "_");
            }
            let mut base = base.trim_matches('_').to_string();
            base.truncate(40);
            let base = base.trim_end_matches('_').to_string();
            let base = if base.is_empty() || base.starts_with(|c: char| c.is_ascii_digit()) {
                format!("c_{base}")
            } else {
                base
            };
            let mut name = base.clone();
            let mut n = 2;
            while !seen.insert(name.clone()) {
                name = format!("{base}_{n}");
                n += 1;
            }
            name
        })
        .collect()
}

const PLACEHOLDER: &str = "__dvt_ph_";

/// Whether `e` holds a subquery (scalar, `IN` or `EXISTS`).
fn has_subquery(e: &ast::Expr) -> bool {
    ast::visit_expressions(e, |x| match x {
        ast::Expr::Subquery(_) | ast::Expr::InSubquery { .. } | ast::Expr::Exists { .. } => {
            ControlFlow::Break(())
        }
        _ => ControlFlow::Continue(()),
    })
    .is_break()
}

/// Replaces placeholders by the SQL of the columns they stand for, and drops window frames
/// that only restate the default (ranking functions take none in some databases).
struct Substitute<'a> {
    items: &'a [ast::Expr],
    /// Placeholders beyond the columns (scalar subqueries).
    extra: &'a [(usize, ast::Expr)],
}

impl VisitorMut for Substitute<'_> {
    type Break = String;
    fn post_visit_expr(&mut self, e: &mut ast::Expr) -> ControlFlow<String> {
        if let ast::Expr::Identifier(i) = e
            && let Some(n) = i.value.strip_prefix(PLACEHOLDER)
        {
            let Some(item) = n.parse::<usize>().ok().and_then(|n| {
                self.items.get(n).or_else(|| {
                    self.extra
                        .iter()
                        .find(|(slot, _)| *slot == n)
                        .map(|(_, e)| e)
                })
            }) else {
                return ControlFlow::Break(format!("unknown column placeholder {}", i.value));
            };
            *e = match item {
                ast::Expr::Identifier(_)
                | ast::Expr::CompoundIdentifier(_)
                | ast::Expr::Value(_)
                | ast::Expr::Nested(_)
                | ast::Expr::Subquery(_)
                | ast::Expr::Function(_) => item.clone(),
                other => ast::Expr::Nested(Box::new(other.clone())),
            };
        }
        if let ast::Expr::Function(f) = e
            && let Some(ast::WindowType::WindowSpec(spec)) = &mut f.over
            && let Some(frame) = &spec.window_frame
        {
            let name = f.name.to_string().to_ascii_lowercase();
            let ranking = matches!(
                name.as_str(),
                "row_number" | "rank" | "dense_rank" | "percent_rank" | "cume_dist" | "ntile"
            );
            let unbounded_start =
                matches!(frame.start_bound, ast::WindowFrameBound::Preceding(None));
            let default = if spec.order_by.is_empty() {
                unbounded_start
                    && matches!(
                        frame.end_bound,
                        Some(ast::WindowFrameBound::Following(None))
                    )
            } else {
                frame.units == ast::WindowFrameUnits::Range
                    && unbounded_start
                    && matches!(
                        frame.end_bound,
                        Some(ast::WindowFrameBound::CurrentRow) | None
                    )
            };
            if ranking || default {
                spec.window_frame = None;
            }
        }
        ControlFlow::Continue(())
    }
}

/// A join's two inputs as SQL, their schemas, and how its keys compare.
struct Sides<'p> {
    l: Select,
    r: Select,
    ls: &'p DFSchema,
    rs: &'p DFSchema,
    eq: &'static str,
}

/// One input of an expression: its schema and the SQL of each of its columns.
type Scope<'a> = (&'a DFSchema, &'a [ast::Expr]);

/// Renders plans; see the module docs.
pub(crate) struct Gen<'a> {
    leaves: &'a dyn Leaves,
    next_alias: usize,
    /// Residual filters met (ids of their extra columns in `Residual::columns`).
    pub residuals: Vec<Residual>,
    /// The field of each extra column, by id.
    pub extra_fields: Vec<datafusion::arrow::datatypes::FieldRef>,
    /// The extra columns of the rendered query, in output order.
    pub extras: Vec<usize>,
    /// Extra columns not written because an output column of the query is the same
    /// expression: their name → that column's name.
    pub copies: std::collections::BTreeMap<String, String>,
    /// Every `WHERE` / `HAVING` conjunct written, in DataFusion SQL.
    pub predicates: Vec<String>,
}

impl<'a> Gen<'a> {
    pub(crate) fn new(leaves: &'a dyn Leaves) -> Self {
        Self {
            leaves,
            next_alias: 0,
            residuals: Vec::new(),
            extra_fields: Vec::new(),
            extras: Vec::new(),
            copies: std::collections::BTreeMap::new(),
            predicates: Vec::new(),
        }
    }

    /// The plan as one query whose output columns are named `names` (default: unique simple
    /// names of its fields, see [`column_names`]).
    pub(crate) fn query(
        &mut self,
        plan: &LogicalPlan,
        names: Option<Vec<String>>,
    ) -> Result<String, String> {
        let mut s = self.node(plan)?;
        if let Some(n) = names {
            s.names = n;
        }
        // A residual filter's column that the query outputs anyway is read once (a string
        // column decoded twice cost q16 a third of its read).
        let mut kept = Vec::new();
        for (id, e) in std::mem::take(&mut s.extras) {
            let text = e.to_string();
            match s.items.iter().position(|i| i.to_string() == text) {
                Some(k) => {
                    self.copies.insert(extra_name(id), s.names[k].clone());
                }
                None => kept.push((id, e)),
            }
        }
        s.extras = kept;
        self.extras = s.extras.iter().map(|(id, _)| *id).collect();
        Ok(s.sql())
    }

    fn alias(&mut self) -> String {
        self.next_alias += 1;
        format!("t{}", self.next_alias)
    }

    fn wrap(&mut self, s: Select) -> Select {
        let alias = self.alias();
        let items = s.names.iter().map(|n| column_ref(&alias, n)).collect();
        let extras = s
            .extras
            .iter()
            .map(|(id, _)| (*id, column_ref(&alias, &extra_name(*id))))
            .collect();
        Select {
            items,
            extras,
            names: s.names.clone(),
            from: Some(format!("({}) AS {}", s.sql(), ident(&alias))),
            ..Default::default()
        }
    }

    /// One expression over the given inputs.
    fn expr(&mut self, e: &Expr, scope: &[Scope<'_>]) -> Result<ast::Expr, String> {
        let days = days_between_dates(e, scope)?;
        let e = &days;
        let mut bad = None;
        let _ = e.apply(|x| {
            if let Expr::ScalarSubquery(sq) = x
                && sq.outer_ref_columns.is_empty()
            {
                return Ok(TreeNodeRecursion::Jump);
            }
            if matches!(
                x,
                Expr::Exists(_)
                    | Expr::InSubquery(_)
                    | Expr::ScalarSubquery(_)
                    | Expr::SetComparison(_)
                    | Expr::OuterReferenceColumn(..)
                    | Expr::Placeholder(_)
                    | Expr::GroupingSet(_)
            ) {
                bad = Some(x.to_string());
                return Ok(TreeNodeRecursion::Stop);
            }
            Ok(TreeNodeRecursion::Continue)
        });
        if let Some(b) = bad {
            return Err(format!("{b} cannot be written as SQL here"));
        }
        let mut all_items: Vec<ast::Expr> = Vec::new();
        let mut offsets = Vec::new();
        for (schema, items) in scope {
            offsets.push(all_items.len());
            all_items.extend(items.iter().cloned());
            if items.len() != schema.fields().len() {
                return Err("internal: items and schema differ".into());
            }
        }
        let resolve = |c: &Column| -> Option<usize> {
            scope
                .iter()
                .zip(&offsets)
                .find_map(|((schema, _), off)| schema.maybe_index_of_column(c).map(|i| off + i))
        };
        // Uncorrelated scalar subqueries: rendered on their own, substituted like columns.
        // (Kept as the plan's own `Arc`s: a pushed subtree inside one is found by its address.)
        let mut subqueries: Vec<std::sync::Arc<LogicalPlan>> = Vec::new();
        let e = e
            .clone()
            .unalias_nested()
            .data
            .transform_down(|x| match x {
                Expr::ScalarSubquery(sq) => {
                    subqueries.push(sq.subquery.clone());
                    Ok(Transformed::new(
                        Expr::Column(Column::new_unqualified(format!(
                            "{PLACEHOLDER}{}",
                            usize::MAX - subqueries.len()
                        ))),
                        true,
                        TreeNodeRecursion::Jump,
                    ))
                }
                other => Ok(Transformed::no(other)),
            })
            .map_err(|x| x.to_string())?
            .data;
        let mut missing = None;
        let shown = e.to_string();
        let replaced = e
            .transform_up(|x| match x {
                Expr::Column(c) if c.relation.is_none() && c.name.starts_with(PLACEHOLDER) => {
                    Ok(Transformed::no(Expr::Column(c)))
                }
                Expr::Column(c) => match resolve(&c) {
                    Some(i) => Ok(Transformed::yes(Expr::Column(Column::new_unqualified(
                        format!("{PLACEHOLDER}{i}"),
                    )))),
                    None => {
                        missing = Some(c.to_string());
                        Ok(Transformed::no(Expr::Column(c)))
                    }
                },
                other => Ok(Transformed::no(other)),
            })
            .map_err(|x| x.to_string())?
            .data;
        if let Some(m) = missing {
            return Err(format!("column {m} not found in the input"));
        }
        let mut replaced = typed_float_constants(replaced)?;
        if self.leaves.read_by_engine() {
            replaced = typed_decimal_literals(replaced)?;
        }
        let mut sql = Unparser::default()
            .expr_to_sql(&replaced)
            .map_err(|x| format!("{shown} cannot be written as SQL ({x})"))?;
        let mut subs = Vec::new();
        for (k, sq) in subqueries.iter().enumerate() {
            let text = self.node(sq)?.sql();
            let slot = usize::MAX - (k + 1);
            subs.push((slot, ast::Expr::Subquery(parse_query(&text)?)));
        }
        if let ControlFlow::Break(m) = sql.visit(&mut Substitute {
            items: &all_items,
            extra: &subs,
        }) {
            return Err(m);
        }
        // The unparser does not parenthesize `NOT`, `IS NULL`, `LIKE`, … operands.
        crate::translate::parens::parenthesize(&mut sql);
        Ok(sql)
    }

    fn sort_sql(&mut self, s: &SortExpr, scope: &[Scope<'_>]) -> Result<String, String> {
        Ok(format!(
            "{} {} {}",
            self.expr(&s.expr, scope)?,
            if s.asc { "ASC" } else { "DESC" },
            if s.nulls_first {
                "NULLS FIRST"
            } else {
                "NULLS LAST"
            }
        ))
    }

    fn node(&mut self, p: &LogicalPlan) -> Result<Select, String> {
        let mut s = self.node_inner(p)?;
        if s.items.len() != p.schema().fields().len() {
            return Err(format!(
                "internal: {} items for {} fields",
                s.items.len(),
                p.schema().fields().len()
            ));
        }
        s.names = column_names(p.schema());
        Ok(s)
    }

    fn node_inner(&mut self, p: &LogicalPlan) -> Result<Select, String> {
        if let Some(leaf) = self.leaves.leaf(p)? {
            return self.leaf(leaf);
        }
        match p {
            LogicalPlan::Projection(pr) => self.projection(pr),
            LogicalPlan::Filter(f) => self.filter(f),
            LogicalPlan::SubqueryAlias(a) => self.node(&a.input),
            LogicalPlan::Sort(so) => self.sort(so),
            LogicalPlan::Limit(l) => self.limit(l),
            LogicalPlan::Aggregate(a) => self.aggregate(a),
            LogicalPlan::Window(w) => self.window(w),
            LogicalPlan::Distinct(Distinct::All(input)) => self.distinct(input),
            LogicalPlan::Union(u) => self.union(u),
            LogicalPlan::EmptyRelation(e) => self.empty(e),
            LogicalPlan::Join(j) => self.join(j),
            other => Err(format!(
                "{} cannot be written as SQL here",
                other.display().to_string().trim()
            )),
        }
    }

    /// A leaf of the rendered tree (a table or extract), with its residual filters.
    fn leaf(&mut self, leaf: LeafSql) -> Result<Select, String> {
        let alias = self.alias();
        let mut where_ = Vec::new();
        for r in &leaf.residuals {
            let mut items = vec![null(); r.schema.fields().len()];
            for (i, col) in &r.columns {
                if let Some(slot) = items.get_mut(*i) {
                    *slot = column_ref(&alias, col);
                }
            }
            where_.push(
                self.expr(&r.expr, &[(r.schema.as_ref(), items.as_slice())])?
                    .to_string(),
            );
        }
        let mut s = Select {
            items: leaf.columns.iter().map(|c| column_ref(&alias, c)).collect(),
            names: leaf.columns.clone(),
            from: Some(format!("{} AS {}", leaf.from, ident(&alias))),
            where_,
            ..Default::default()
        };
        if leaf.limit.is_some() {
            if !s.where_.is_empty() {
                return Err("a limit above a residual filter".into());
            }
            s.limit = leaf.limit;
        }
        Ok(s)
    }

    /// A select list over its input.
    fn projection(&mut self, pr: &Projection) -> Result<Select, String> {
        let mut c = self.node(&pr.input)?;
        if c.distinct {
            c = self.wrap(c);
        }
        let items = {
            let scope = [(pr.input.schema().as_ref(), c.items.as_slice())];
            pr.expr
                .iter()
                .map(|e| self.expr(e, &scope))
                .collect::<Result<Vec<_>, _>>()?
        };
        c.items = items;
        Ok(c)
    }

    /// A filter: `WHERE`, `HAVING` over an aggregate, or a residual the source does not
    /// evaluate (its columns as extra columns, for the engine).
    fn filter(&mut self, f: &Filter) -> Result<Select, String> {
        let mut c = self.node(&f.input)?;
        let having = !c.is_plain()
            && c.aggregated
            && !c.windowed
            && !c.distinct
            && c.order_by.is_empty()
            && c.limit.is_none()
            && c.offset.is_none();
        if !c.is_plain() && !having {
            c = self.wrap(c);
        }
        for conj in split_conjunction(&f.predicate) {
            if let Some(reason) = self.leaves.residual(conj, f.input.schema()) {
                let mut columns = Vec::new();
                let mut refs: Vec<&Column> = conj.column_refs().into_iter().collect();
                refs.sort();
                for col in refs {
                    let i = f
                        .input
                        .schema()
                        .index_of_column(col)
                        .map_err(|e| e.to_string())?;
                    let id = self.extra_fields.len();
                    self.extra_fields.push(f.input.schema().field(i).clone());
                    c.extras.push((id, c.items[i].clone()));
                    columns.push((i, extra_name(id)));
                }
                let widened = !having && self.leaves.widened(conj, f.input.schema());
                if widened {
                    let scope = [(f.input.schema().as_ref(), c.items.as_slice())];
                    let sql = self.expr(conj, &scope)?.to_string();
                    self.predicates.push(sql.clone());
                    c.where_.push(sql);
                }
                self.residuals.push(Residual {
                    reason,
                    expr: conj.clone(),
                    schema: f.input.schema().clone(),
                    columns,
                    widened,
                });
                continue;
            }
            let sql = {
                let scope = [(f.input.schema().as_ref(), c.items.as_slice())];
                self.expr(conj, &scope)?.to_string()
            };
            self.predicates.push(sql.clone());
            if having {
                c.having.push(sql);
            } else {
                c.where_.push(sql);
            }
        }
        Ok(c)
    }

    /// `ORDER BY` (with its fetch as `LIMIT`).
    fn sort(&mut self, so: &Sort) -> Result<Select, String> {
        let mut c = self.node(&so.input)?;
        no_extras(&c)?;
        // A sort key holding a subquery is sorted as the derived table's column:
        // DataFusion's physical planner does not see two copies of one subquery as
        // equal, and its sanity check then refuses the sort it planned itself. So is
        // an aggregate of a HAVING without GROUP BY: Spark cannot resolve the
        // aggregate's input column in the ORDER BY there (UNRESOLVED_COLUMN).
        let having_alone = c.aggregated && c.group_by.is_empty() && !c.having.is_empty();
        if c.distinct
            || c.windowed
            || c.limit.is_some()
            || c.offset.is_some()
            || having_alone
            || c.items.iter().any(has_subquery)
        {
            c = self.wrap(c);
        }
        let order = {
            let scope = [(so.input.schema().as_ref(), c.items.as_slice())];
            so.expr
                .iter()
                .map(|e| self.sort_sql(e, &scope))
                .collect::<Result<Vec<_>, _>>()?
        };
        c.order_by = order;
        c.limit = so.fetch;
        Ok(c)
    }

    /// `LIMIT` / `OFFSET` with literal counts.
    fn limit(&mut self, l: &Limit) -> Result<Select, String> {
        let skip = match l.get_skip_type().map_err(|e| e.to_string())? {
            SkipType::Literal(n) => n,
            SkipType::UnsupportedExpr => return Err("a computed OFFSET".into()),
        };
        let fetch = match l.get_fetch_type().map_err(|e| e.to_string())? {
            FetchType::Literal(n) => n,
            FetchType::UnsupportedExpr => return Err("a computed LIMIT".into()),
        };
        let mut c = self.node(&l.input)?;
        no_extras(&c)?;
        if c.limit.is_some() || c.offset.is_some() {
            c = self.wrap(c);
        }
        c.limit = fetch;
        c.offset = (skip > 0).then_some(skip);
        if c.offset.is_some() && c.limit.is_none() {
            return Err("an OFFSET without LIMIT".into());
        }
        Ok(c)
    }

    /// `GROUP BY` and the aggregates.
    fn aggregate(&mut self, a: &Aggregate) -> Result<Select, String> {
        let mut c = self.node(&a.input)?;
        no_extras(&c)?;
        if !c.is_plain() {
            c = self.wrap(c);
        }
        let (group, aggs) = {
            let scope = [(a.input.schema().as_ref(), c.items.as_slice())];
            let g = a
                .group_expr
                .iter()
                .map(|e| self.expr(e, &scope))
                .collect::<Result<Vec<_>, _>>()?;
            let x = a
                .aggr_expr
                .iter()
                .enumerate()
                .map(|(k, e)| match self.exact_avg(a, k, e, &scope)? {
                    Some(x) => Ok(x),
                    None => self.expr(e, &scope),
                })
                .collect::<Result<Vec<_>, _>>()?;
            (g, x)
        };
        c.group_by = group.iter().map(|g| g.to_string()).collect();
        c.items = group.into_iter().chain(aggs).collect();
        c.aggregated = true;
        Ok(c)
    }

    /// The `k`-th aggregate of `a` when it is `AVG` of a decimal and the source computes it
    /// exactly (`Leaves::exact_avg`): the engine's value — the average truncated toward zero at
    /// the scale `s` of its type — as `ROUND(q - SIGN(q) * 0.0…05, s)` with `q = SUM(x) *
    /// 1.0… / COUNT(x)` carrying `s + 20` fraction digits (the source's own `AVG` keeps fewer
    /// digits, and rounds).
    fn exact_avg(
        &mut self,
        a: &Aggregate,
        k: usize,
        e: &Expr,
        scope: &[Scope<'_>],
    ) -> Result<Option<ast::Expr>, String> {
        if !self.leaves.exact_avg() {
            return Ok(None);
        }
        let Expr::AggregateFunction(f) = e.clone().unalias_nested().data else {
            return Ok(None);
        };
        let plain = !f.params.distinct && f.params.filter.is_none();
        let ([arg], true) = (f.params.args.as_slice(), plain) else {
            return Ok(None);
        };
        let at = a.schema.fields().len() - a.aggr_expr.len() + k;
        let datafusion::arrow::datatypes::DataType::Decimal128(_, scale) =
            a.schema.field(at).data_type()
        else {
            return Ok(None);
        };
        if !f.func.name().eq_ignore_ascii_case("avg") || *scale < 0 {
            return Ok(None);
        }
        let s = *scale as usize;
        let x = self.expr(arg, scope)?;
        let q = format!("(SUM({x}) * 1.{} / COUNT({x}))", "0".repeat(s + 20));
        let half = format!("0.{}5", "0".repeat(s));
        // (Its result is typed by the cast every decimal output of a query sent to the
        // source gets: `push::typed_decimals`.)
        let text = format!("ROUND({q} - SIGN({q}) * {half}, {s})");
        sqlparser::parser::Parser::new(&sqlparser::dialect::GenericDialect {})
            .try_with_sql(&text)
            .and_then(|mut p| p.parse_expr())
            .map(Some)
            .map_err(|e| format!("internal: {text}: {e}"))
    }

    /// Window functions added to the select list.
    fn window(&mut self, w: &Window) -> Result<Select, String> {
        let mut c = self.node(&w.input)?;
        no_extras(&c)?;
        if !c.is_plain() {
            c = self.wrap(c);
        }
        let exprs = {
            let scope = [(w.input.schema().as_ref(), c.items.as_slice())];
            w.window_expr
                .iter()
                .map(|e| self.expr(e, &scope))
                .collect::<Result<Vec<_>, _>>()?
        };
        c.items.extend(exprs);
        c.windowed = true;
        Ok(c)
    }

    /// `SELECT DISTINCT`.
    fn distinct(&mut self, input: &std::sync::Arc<LogicalPlan>) -> Result<Select, String> {
        let mut c = self.node(input)?;
        no_extras(&c)?;
        if c.distinct
            || c.windowed
            || !c.order_by.is_empty()
            || c.limit.is_some()
            || c.offset.is_some()
        {
            c = self.wrap(c);
        }
        c.distinct = true;
        Ok(c)
    }

    /// `UNION ALL` of the inputs, as a derived table.
    fn union(&mut self, u: &Union) -> Result<Select, String> {
        let names = column_names(&u.schema);
        let mut members = Vec::new();
        for i in &u.inputs {
            let mut m = self.node(i)?;
            no_extras(&m)?;
            if !m.order_by.is_empty() || m.limit.is_some() || m.offset.is_some() {
                m = self.wrap(m);
            }
            m.names = names.clone();
            members.push(m.sql());
        }
        let alias = self.alias();
        Ok(Select {
            items: names.iter().map(|n| column_ref(&alias, n)).collect(),
            names,
            from: Some(format!(
                "({}) AS {}",
                members.join(" UNION ALL "),
                ident(&alias)
            )),
            ..Default::default()
        })
    }

    /// A side of a join as a `FROM` item: its `FROM` text when it can be reused (its `WHERE`
    /// lifted when `lift`), else a derived table.
    fn side(&mut self, s: Select, lift: bool, chain_ok: bool) -> Select {
        if s.is_plain()
            && s.from.is_some()
            && (lift || s.where_.is_empty())
            && (chain_ok || !s.chain)
        {
            s
        } else {
            self.wrap(s)
        }
    }

    /// No row (`WHERE FALSE`: the optimizer proved a filter false or a limit 0) or one row of
    /// no column: typed NULLs for the fields, as a derived table.
    fn empty(&mut self, e: &datafusion::logical_expr::EmptyRelation) -> Result<Select, String> {
        let items = e
            .schema
            .fields()
            .iter()
            .map(|f| {
                let null = Expr::Literal(ScalarValue::Null, None);
                let cast =
                    datafusion::logical_expr::Cast::new(Box::new(null), f.data_type().clone());
                self.expr(&Expr::Cast(cast), &[])
            })
            .collect::<Result<_, _>>()?;
        let s = Select {
            items,
            names: column_names(&e.schema),
            where_: if e.produce_one_row {
                vec![]
            } else {
                vec!["FALSE".into()]
            },
            ..Default::default()
        };
        // A derived table: two `min(CAST(NULL AS …))` above it would have one name.
        Ok(if s.items.is_empty() { s } else { self.wrap(s) })
    }

    fn join(&mut self, j: &datafusion::logical_expr::Join) -> Result<Select, String> {
        use JoinType as T;
        let sides = Sides {
            l: self.node(&j.left)?,
            r: self.node(&j.right)?,
            ls: j.left.schema().as_ref(),
            rs: j.right.schema().as_ref(),
            eq: match j.null_equality {
                datafusion::common::NullEquality::NullEqualsNothing => "=",
                datafusion::common::NullEquality::NullEqualsNull => "IS NOT DISTINCT FROM",
            },
        };
        match j.join_type {
            T::Inner | T::Left | T::Right | T::Full => self.outer_join(j, sides),
            T::LeftSemi
            | T::LeftAnti
            | T::RightSemi
            | T::RightAnti
            | T::LeftMark
            | T::RightMark => self.exists_join(j, sides),
        }
    }

    /// An inner or outer join, chained in one `FROM` clause.
    fn outer_join(
        &mut self,
        j: &datafusion::logical_expr::Join,
        sides: Sides<'_>,
    ) -> Result<Select, String> {
        use JoinType as T;
        let Sides { l, r, ls, rs, eq } = sides;
        let (lift_l, lift_r) = match j.join_type {
            T::Inner => (true, true),
            T::Left => (true, false),
            T::Right => (false, true),
            _ => (false, false),
        };
        if (!lift_l && !l.extras.is_empty()) || (!lift_r && !r.extras.is_empty()) {
            return Err("a residual filter on the NULL-supplying side of an outer join".into());
        }
        let l = self.side(l, lift_l, true);
        let r = self.side(r, lift_r, false);
        let mut cond = Vec::new();
        for (a, b) in &j.on {
            let a = operand(self.expr(a, &[(ls, l.items.as_slice())])?);
            let b = operand(self.expr(b, &[(rs, r.items.as_slice())])?);
            cond.push(format!("{a} {eq} {b}"));
        }
        if let Some(f) = &j.filter {
            let f = self.expr(f, &[(ls, l.items.as_slice()), (rs, r.items.as_slice())])?;
            cond.push(f.to_string());
        }
        let kw = match j.join_type {
            T::Inner => "JOIN",
            T::Left => "LEFT JOIN",
            T::Right => "RIGHT JOIN",
            _ => "FULL JOIN",
        };
        let (lf, rf) = (
            l.from.clone().unwrap_or_default(),
            r.from.clone().unwrap_or_default(),
        );
        let from = if cond.is_empty() && j.join_type == T::Inner {
            format!("{lf} CROSS JOIN {rf}")
        } else if cond.is_empty() {
            format!("{lf} {kw} {rf} ON TRUE")
        } else {
            let c: Vec<String> = cond.iter().map(|c| format!("({c})")).collect();
            format!("{lf} {kw} {rf} ON {}", c.join(" AND "))
        };
        let mut where_ = l.where_.clone();
        where_.extend(r.where_.iter().cloned());
        Ok(Select {
            items: l.items.iter().chain(&r.items).cloned().collect(),
            extras: l.extras.iter().chain(&r.extras).cloned().collect(),
            from: Some(from),
            chain: true,
            where_,
            ..Default::default()
        })
    }

    /// A semi, anti or mark join as `[NOT] EXISTS (SELECT … FROM inner WHERE on)` over the
    /// outer side: in its `WHERE` (semi, anti; a null-aware anti join as `NOT IN`), or as the
    /// mark column of a derived table (a mark join's mark is TRUE when a row matches, else
    /// FALSE, never NULL — as `EXISTS`).
    fn exists_join(
        &mut self,
        j: &datafusion::logical_expr::Join,
        sides: Sides<'_>,
    ) -> Result<Select, String> {
        use JoinType as T;
        let Sides { l, r, ls, rs, eq } = sides;
        let left_outer = matches!(j.join_type, T::LeftSemi | T::LeftAnti | T::LeftMark);
        let anti = matches!(j.join_type, T::LeftAnti | T::RightAnti);
        let mark = matches!(j.join_type, T::LeftMark | T::RightMark);
        let (outer, inner, os, is) = if left_outer {
            (l, r, ls, rs)
        } else {
            (r, l, rs, ls)
        };
        no_extras(&inner)?;
        let outer = self.side(outer, true, true);
        let inner = if inner.is_plain() && inner.from.is_some() {
            inner
        } else {
            self.wrap(inner)
        };
        let pairs: Vec<(&Expr, &Expr)> =
            j.on.iter()
                .map(|(a, b)| if left_outer { (a, b) } else { (b, a) })
                .collect();
        let scope_o = [(os, outer.items.as_slice())];
        let scope_i = [(is, inner.items.as_slice())];
        let mut out = Select {
            items: outer.items.clone(),
            extras: outer.extras.clone(),
            from: outer.from.clone(),
            chain: outer.chain,
            where_: outer.where_.clone(),
            ..Default::default()
        };
        if j.null_aware {
            let ([(o, i)], None, false) = (pairs.as_slice(), &j.filter, mark) else {
                return Err("a NOT IN over several columns, with a filter or as a mark".into());
            };
            let o = operand(self.expr(o, &scope_o)?);
            let i = operand(self.expr(i, &scope_i)?);
            let mut sub = inner.clone();
            sub.items = vec![i];
            sub.names = vec!["k".into()];
            out.where_.push(format!("{o} NOT IN ({})", sub.sql()));
            return Ok(out);
        }
        let mut cond = inner.where_.clone();
        for (o, i) in pairs {
            let o = operand(self.expr(o, &scope_o)?);
            let i = operand(self.expr(i, &scope_i)?);
            cond.push(format!("{o} {eq} {i}"));
        }
        if let Some(f) = &j.filter {
            let f = self.expr(
                f,
                &[(os, outer.items.as_slice()), (is, inner.items.as_slice())],
            )?;
            cond.push(f.to_string());
        }
        let sub = Select {
            from: inner.from.clone(),
            where_: cond,
            ..Default::default()
        };
        if mark {
            // A column of a derived table: the filters above refer to the mark several times
            // (the null-aware `IN` of [`super::null_aware`]), which must not repeat the
            // subquery. (The embedded engine's executor writes an `EXISTS` in a select list as
            // a count, which DataFusion decorrelates there; Spark SQL takes it as written.)
            out.items.push(ast::Expr::Exists {
                subquery: parse_query(&sub.sql())?,
                negated: false,
            });
            out.names = column_names(&j.schema);
            return Ok(self.wrap(out));
        } else {
            let not = if anti { "NOT " } else { "" };
            out.where_.push(format!("{not}EXISTS ({})", sub.sql()));
        }
        Ok(out)
    }
}

fn no_extras(s: &Select) -> Result<(), String> {
    if s.extras.is_empty() {
        Ok(())
    } else {
        Err("a filter the source cannot evaluate sits below a node it does not commute with".into())
    }
}

/// A query sqlgen wrote, parsed back (to nest it in an expression).
fn parse_query(text: &str) -> Result<Box<ast::Query>, String> {
    match crate::translate::Translator::parse(text, crate::DbKind::DataFusion)
        .map_err(|x| x.to_string())?
        .pop()
    {
        Some(ast::Statement::Query(q)) => Ok(q),
        _ => Err("internal: a subquery that is not a query".into()),
    }
}

fn null() -> ast::Expr {
    ast::Expr::Value(ast::Value::Null.into())
}

/// `date - date` written as `CAST(date - date AS BIGINT)`: the days between them, as in the
/// engine (and PostgreSQL); Spark SQL's `date - date` is an INTERVAL DAY, which compares with
/// no number, and its cast to BIGINT is the days.
fn days_between_dates(e: &Expr, scope: &[Scope<'_>]) -> Result<Expr, String> {
    use datafusion::arrow::datatypes::DataType;
    use datafusion::logical_expr::ExprSchemable;
    let is_date = |x: &Expr| {
        scope.iter().any(|(schema, _)| {
            matches!(x.get_type(*schema), Ok(DataType::Date32 | DataType::Date64))
        })
    };
    e.clone()
        .transform_up(|x| match x {
            Expr::BinaryExpr(b)
                if b.op == datafusion::logical_expr::Operator::Minus
                    && is_date(&b.left)
                    && is_date(&b.right) =>
            {
                Ok(Transformed::yes(Expr::Cast(
                    datafusion::logical_expr::Cast::new(
                        Box::new(Expr::BinaryExpr(b)),
                        DataType::Int64,
                    ),
                )))
            }
            other => Ok(Transformed::no(other)),
        })
        .map(|t| t.data)
        .map_err(|x| x.to_string())
}

/// Every decimal constant written as `CAST('…' AS DECIMAL(p,s))`: the optimizer types
/// constants to the decimals they meet (`n / 7 = 1` compares with `1.000…` as a
/// `DECIMAL(24,23)`), but the engine parses a decimal-point literal as a float, and the
/// comparison of a decimal with a float is not the decimal one (it found no row equal).
fn typed_decimal_literals(e: Expr) -> Result<Expr, String> {
    e.transform_up(|x| match x {
        Expr::Literal(
            v @ (ScalarValue::Decimal128(Some(_), ..) | ScalarValue::Decimal256(Some(_), ..)),
            m,
        ) => {
            let t = v.data_type();
            let text = Expr::Literal(ScalarValue::Utf8(Some(v.to_string())), m);
            Ok(Transformed::yes(Expr::Cast(
                datafusion::logical_expr::Cast::new(Box::new(text), t),
            )))
        }
        other => Ok(Transformed::no(other)),
    })
    .map(|t| t.data)
    .map_err(|x| x.to_string())
}

/// Every floating-point constant (a folded `-0.50 / 7`, bare or under `SUM`) written with its
/// type: a decimal-point literal is `numeric` on PostgreSQL, whose unconstrained result the
/// extract would read back with a fixed number of decimal places before the cast to the
/// planned float (`SUM(-0.0714…)` lost six digits).
fn typed_float_constants(e: Expr) -> Result<Expr, String> {
    e.transform_up(|x| match x {
        Expr::Literal(v @ (ScalarValue::Float64(Some(_)) | ScalarValue::Float32(Some(_))), m) => {
            let t = v.data_type();
            Ok(Transformed::yes(Expr::Cast(
                datafusion::logical_expr::Cast::new(Box::new(Expr::Literal(v, m)), t),
            )))
        }
        other => Ok(Transformed::no(other)),
    })
    .map(|t| t.data)
    .map_err(|x| x.to_string())
}
