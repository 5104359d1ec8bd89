//! Which subtrees of a mixed-source plan go to their server as one extract (see the module docs
//! of [`super`]): the largest subtrees that read one server only, contain something a per-table
//! extract cannot do (a join, an aggregate, a window, an ORDER BY, a DISTINCT, a UNION, a
//! LIMIT over a filter), and whose every node and expression the source evaluates exactly as
//! the engine does.

use crate::translate::DialectCaps;
use crate::translate::dialect::Caps;
use std::collections::BTreeSet;

use datafusion::arrow::datatypes::DataType;
use datafusion::common::Column;
use datafusion::common::tree_node::{Transformed, TreeNode, TreeNodeRecursion};
use datafusion::common::{DFSchema, ExprSchema};
use datafusion::logical_expr::{
    BinaryExpr, Distinct, Expr, ExprSchemable, JoinType, LogicalPlan, Operator, Volatility,
};
use dvt_core::WarningCode;

use super::Pushed;
use super::datafusion_plan::{and_or_leaves, plain_string_operand, scans, widens_only};
use super::input::Relation;
use super::sqlgen::{Gen, LeafSql, Leaves, column_names, extra_name, ident};
use crate::translate::{DbKind, DialectTranslator, Translator};

/// A subtree chosen to run on its server.
pub(crate) struct PushedTree<'a> {
    /// The subtree's root in the optimized plan.
    pub root: &'a LogicalPlan,
    /// Planning names of the relations it reads, in the order of the input's relations.
    pub relations: Vec<String>,
    /// The relation that decides connection and dialect (the first one read).
    pub relation: Relation,
    /// The extract SQL in the source's dialect.
    pub sql: String,
    /// The output column names (the transform reads the extract by these): one per field of
    /// the root's schema.
    pub columns: Vec<String>,
    /// Hidden columns after those, carrying the inputs of `residuals`.
    pub extras: Vec<(String, datafusion::arrow::datatypes::FieldRef)>,
    /// Filters inside the subtree the source does not evaluate: the transform applies them to
    /// the extract (they commute with every node between them and the root).
    pub residuals: Vec<super::sqlgen::Residual>,
    /// `WHERE` / `HAVING` conjuncts in the source's dialect.
    pub predicates: Vec<String>,
    /// What was pushed.
    pub pushed: Pushed,
}

/// Leaves of an extract: the source's own tables.
struct SourceTables<'a> {
    relations: &'a [Relation],
    dialect: DbKind,
}

impl Leaves for SourceTables<'_> {
    fn leaf(&self, node: &LogicalPlan) -> Result<Option<LeafSql>, String> {
        let LogicalPlan::TableScan(s) = node else {
            return Ok(None);
        };
        let r = self
            .relations
            .iter()
            .find(|r| r.name == s.table_name.table())
            .ok_or_else(|| format!("unknown table {}", s.table_name))?;
        let from = match &r.schema {
            Some(sc) => format!("{}.{}", ident(sc), ident(&r.identifier)),
            None => ident(&r.identifier),
        };
        Ok(Some(LeafSql {
            from,
            columns: scan_columns(s, r),
            limit: scan_limit(s)?,
            residuals: vec![],
        }))
    }

    fn residual(&self, conjunct: &Expr, schema: &DFSchema) -> Option<String> {
        check_expr(conjunct, schema, self.dialect, Use::Compare).err()
    }

    fn exact_avg(&self) -> bool {
        self.dialect.caps().exact_avg
    }

    /// A test of strings that keeps a superset of the engine's rows under the source's
    /// case-insensitive collation (`=`, `IN`, `LIKE`: see `widens_only`), its other parts
    /// evaluated exactly.
    fn widened(&self, conjunct: &Expr, schema: &DFSchema) -> bool {
        if !self.dialect.caps().like_case_insensitive {
            return false;
        }
        let strings = |x: &Expr| {
            x.column_refs().iter().any(|c| {
                schema
                    .field_from_column(c)
                    .is_ok_and(|f| is_string(f.data_type()))
            })
        };
        let plain = |x: &Expr| plain_string_operand(x, &is_string);
        if !strings(conjunct) || !widens_only(conjunct, &strings, &plain) {
            return false;
        }
        let mut leaves = Vec::new();
        and_or_leaves(conjunct, &mut leaves);
        leaves
            .into_iter()
            .filter(|l| !strings(l))
            .all(|l| check_expr(l, schema, self.dialect, Use::Compare).is_ok())
    }
}

/// The declared column names a scan reads.
pub(crate) fn scan_columns(s: &datafusion::logical_expr::TableScan, r: &Relation) -> Vec<String> {
    match &s.projection {
        Some(p) => p
            .iter()
            .filter_map(|i| r.columns.get(*i).map(|c| c.0.clone()))
            .collect(),
        None => r.columns.iter().map(|c| c.0.clone()).collect(),
    }
}

/// A scan's row limit, when it is safe to apply on the scan's rows.
pub(crate) fn scan_limit(s: &datafusion::logical_expr::TableScan) -> Result<Option<usize>, String> {
    match s.fetch {
        Some(_) if !s.filters.is_empty() => Err("a scan with both filters and a limit".into()),
        f => Ok(f),
    }
}

/// Find the subtrees to push (top down: the first qualifying node on each path is taken).
pub(crate) fn find<'a>(plan: &'a LogicalPlan, relations: &[Relation]) -> Vec<PushedTree<'a>> {
    let mut out = Vec::new();
    walk(plan, true, relations, &mut out);
    out
}

fn walk<'a>(
    p: &'a LogicalPlan,
    order_matters: bool,
    relations: &[Relation],
    out: &mut Vec<PushedTree<'a>>,
) {
    // A node holding a copy of a subtree already pushed is split so that the copy is pushed
    // alone: both copies then read one extract (`split_with_pushed` merges equal queries).
    let holds_copy = out.iter().any(|t| {
        p.inputs()
            .iter()
            .any(|c| c.exists(|n| Ok(n == t.root)).unwrap_or(false))
    });
    let tried = match holds_copy {
        true => Err("it holds a copy of a pushed subtree".to_string()),
        false => try_push(p, order_matters, relations),
    };
    match tried {
        Ok(t) => {
            out.push(t);
            return;
        }
        Err(reason) => tracing::trace!("not pushed: {reason}: {}", p.display()),
    }
    // Whether the order of a child's rows can reach the query's result.
    let child_order = match p {
        LogicalPlan::Projection(_)
        | LogicalPlan::Filter(_)
        | LogicalPlan::SubqueryAlias(_)
        | LogicalPlan::Limit(_) => order_matters,
        _ => false,
    };
    for c in p.inputs() {
        walk(c, child_order, relations, out);
    }
    for q in scalar_subqueries(p) {
        walk(q, false, relations, out);
    }
}

/// The plans of the uncorrelated scalar subqueries in a node's own expressions (the ones the
/// transform writes as SQL: a subtree pushed inside one is read as its own extract, e.g. the
/// `max` over an aggregate of one source's table).
fn scalar_subqueries(p: &LogicalPlan) -> Vec<&LogicalPlan> {
    let exprs: Vec<&Expr> = match p {
        LogicalPlan::Filter(f) => vec![&f.predicate],
        LogicalPlan::Projection(x) => x.expr.iter().collect(),
        LogicalPlan::Join(j) => j.filter.iter().collect(),
        _ => vec![],
    };
    let mut out = Vec::new();
    for e in exprs {
        let _ = e.apply(|x| {
            if let Expr::ScalarSubquery(s) = x
                && s.outer_ref_columns.is_empty()
            {
                out.push(s.subquery.as_ref());
                return Ok(TreeNodeRecursion::Jump);
            }
            Ok(TreeNodeRecursion::Continue)
        });
    }
    out
}

/// `p` pushed whole to its server as one query, as [`find`] would push it, or why not.
pub(crate) fn whole_subtree<'a>(
    p: &'a LogicalPlan,
    relations: &[Relation],
) -> Result<PushedTree<'a>, String> {
    try_push(p, false, relations)
}

fn try_push<'a>(
    p: &'a LogicalPlan,
    order_matters: bool,
    relations: &[Relation],
) -> Result<PushedTree<'a>, String> {
    let scans = scans(p);
    let mut read: BTreeSet<&str> = BTreeSet::new();
    let mut servers = BTreeSet::new();
    for s in &scans {
        let r = relations
            .iter()
            .find(|r| r.name == s.table_name.table())
            .ok_or("an unknown table")?;
        read.insert(r.name.as_str());
        servers.insert(&r.server);
    }
    if servers.len() != 1 {
        return Err("not one server".into());
    }
    if !worth_pushing(p) {
        return Err("nothing a per-table extract cannot do".into());
    }
    if order_matters && sorted_on_top(p) {
        return Err("its order would be lost".into());
    }
    let relation = relations
        .iter()
        .find(|r| read.contains(r.name.as_str()))
        .ok_or("no relation")?
        .clone();
    let d = relation.dialect;
    let mut bad = None;
    let _ = p.apply(|n| {
        if let Err(e) = check_node(n, d) {
            bad = Some(e);
            return Ok(TreeNodeRecursion::Stop);
        }
        Ok(TreeNodeRecursion::Continue)
    });
    if let Some(b) = bad {
        return Err(b);
    }
    let leaves = SourceTables {
        relations,
        dialect: d,
    };
    let mut g = Gen::new(&leaves);
    let df_sql = g.query(p, None)?;
    let t = Translator
        .translate(&df_sql, DbKind::DataFusion, d)
        .map_err(|e| e.to_string())?;
    let typed: Vec<(String, &DataType)> = column_names(p.schema())
        .into_iter()
        .zip(p.schema().fields().iter().map(|f| f.data_type()))
        .chain(
            g.extras
                .iter()
                .map(|id| (extra_name(*id), g.extra_fields[*id].data_type())),
        )
        .collect();
    let sql = typed_decimals(&t.sql, &typed, d)?;
    let mut warnings = t.warnings.clone();
    if g.residuals.iter().any(|r| r.widened) {
        // The note that the source's LIKE ignores case is the widening `widened` accepted.
        warnings.retain(|w| !w.message.starts_with("LIKE compares case-sensitively in "));
    }
    meaning_kept(&warnings)?;
    let predicates = g
        .predicates
        .iter()
        .map(|x| {
            Translator
                .translate_expr(x, DbKind::DataFusion, d)
                .map(|t| t.sql)
                .unwrap_or_else(|_| x.clone())
        })
        .collect();
    Ok(PushedTree {
        root: p,
        relations: relations
            .iter()
            .filter(|r| read.contains(r.name.as_str()))
            .map(|r| r.name.clone())
            .collect(),
        relation,
        sql,
        columns: column_names(p.schema()),
        extras: g
            .extras
            .iter()
            .map(|id| (extra_name(*id), g.extra_fields[*id].clone()))
            .collect(),
        residuals: g
            .residuals
            .iter()
            .cloned()
            .map(|mut r| {
                for (_, name) in &mut r.columns {
                    if let Some(column) = g.copies.get(name) {
                        name.clone_from(column);
                    }
                }
                r
            })
            .collect(),
        predicates,
        pushed: what_is_pushed(p),
    })
}

/// `sql` (a query for `d` whose outputs are `columns`, in order) with each decimal output cast
/// to its planned type where `d` returns computed decimals untyped
/// ([`Caps::untyped_decimal_results`]): read at the reader's default scale, PostgreSQL's
/// `SUM` of a `numeric(20,12)` lost its last two digits. The outputs are taken by position
/// where `d` has derived column lists (`AS t(a, b)`): the names `d` gives an unaliased
/// expression (`sum`) are not the planned ones (`sum(t.x)`).
pub(crate) fn typed_decimals(
    sql: &str,
    columns: &[(String, &DataType)],
    d: DbKind,
) -> Result<String, String> {
    let decimal = |t: &DataType| match t {
        DataType::Decimal128(p, s) | DataType::Decimal256(p, s) => Some((*p, *s)),
        _ => None,
    };
    if !d.caps().untyped_decimal_results || !columns.iter().any(|(_, t)| decimal(t).is_some()) {
        return Ok(sql.to_string());
    }
    let quoted =
        |n: &str| datafusion::sql::sqlparser::ast::Ident::with_quote(d.caps().quote, n).to_string();
    let positional = d.caps().derived_column_lists;
    let inner = |i: usize, name: &str| {
        if positional {
            format!("dvt_c{i}")
        } else {
            name.to_string()
        }
    };
    let mut items = Vec::with_capacity(columns.len());
    for (i, (name, t)) in columns.iter().enumerate() {
        let item = match decimal(t) {
            Some((p, s)) => {
                let cast = format!("CAST({} AS DECIMAL({p},{s}))", ident(&inner(i, name)));
                let cast = Translator
                    .translate_expr(&cast, DbKind::DataFusion, d)
                    .map_err(|e| e.to_string())?
                    .sql;
                format!("{cast} AS {}", quoted(name))
            }
            None if positional => format!("{} AS {}", quoted(&inner(i, name)), quoted(name)),
            None => quoted(name),
        };
        items.push(item);
    }
    let list = if positional {
        let names: Vec<String> = (0..columns.len()).map(|i| quoted(&inner(i, ""))).collect();
        format!("({})", names.join(", "))
    } else {
        String::new()
    };
    Ok(format!(
        "SELECT {} FROM ({sql}) AS {}{list}",
        items.join(", "),
        quoted("dvt_typed")
    ))
}

/// What a plan does beyond reading its tables (for [`Pushed`]).
pub(crate) fn what_is_pushed(p: &LogicalPlan) -> Pushed {
    let mut out = Pushed::default();
    let _ = p.apply(|n| {
        match n {
            LogicalPlan::Join(_) => out.joins += 1,
            LogicalPlan::Aggregate(_) => out.aggregate = true,
            LogicalPlan::Window(_) => out.window = true,
            LogicalPlan::Sort(_) => out.order_by = true,
            _ => {}
        }
        Ok(TreeNodeRecursion::Continue)
    });
    let mut n = p;
    loop {
        match n {
            LogicalPlan::Projection(x) => n = &x.input,
            LogicalPlan::SubqueryAlias(x) => n = &x.input,
            LogicalPlan::Sort(s) => {
                out.limit = s.fetch;
                break;
            }
            LogicalPlan::Limit(l) => {
                if let Ok(datafusion::logical_expr::logical_plan::FetchType::Literal(f)) =
                    l.get_fetch_type()
                {
                    out.limit = f;
                }
                break;
            }
            _ => break,
        }
    }
    out
}

/// A join, aggregate, window, sort, DISTINCT, UNION or a LIMIT above a filter.
fn worth_pushing(p: &LogicalPlan) -> bool {
    p.exists(|n| {
        Ok(match n {
            LogicalPlan::Join(_)
            | LogicalPlan::Aggregate(_)
            | LogicalPlan::Window(_)
            | LogicalPlan::Sort(_)
            | LogicalPlan::Distinct(_)
            | LogicalPlan::Union(_) => true,
            LogicalPlan::Limit(l) => l
                .input
                .exists(|x| Ok(matches!(x, LogicalPlan::Filter(_))))
                .unwrap_or(false),
            _ => false,
        })
    })
    .unwrap_or(false)
}

/// Whether the node's rows are ordered by a Sort at its top (under projections, filters,
/// aliases and limits).
fn sorted_on_top(mut p: &LogicalPlan) -> bool {
    loop {
        match p {
            LogicalPlan::Sort(_) => return true,
            LogicalPlan::Projection(x) => p = &x.input,
            LogicalPlan::Filter(x) => p = &x.input,
            LogicalPlan::SubqueryAlias(x) => p = &x.input,
            LogicalPlan::Limit(x) => p = &x.input,
            _ => return false,
        }
    }
}

fn is_string(t: &DataType) -> bool {
    matches!(t, DataType::Utf8 | DataType::LargeUtf8 | DataType::Utf8View)
}

/// Where an expression is used.
#[derive(Clone, Copy, PartialEq)]
enum Use {
    /// An output column (a plain column reference needs no check).
    Output,
    /// Compared, grouped or sorted on.
    Compare,
}

/// Whether a whole query (every node, subqueries included) means the same on a source of
/// dialect `d` as in the engine: the rules of a pushed subtree, except that subqueries are
/// allowed (the source runs the query as written) and every filter conjunct is checked (nothing
/// is lifted back into the engine). The planner sends a query whole to a server that is not the
/// target's only when this holds.
pub(crate) fn check_whole(plan: &LogicalPlan, d: DbKind) -> Result<(), String> {
    let mut bad = None;
    let _ = plan.apply_with_subqueries(|n| {
        if let Err(e) = check_node_as(n, d, Scope::Whole) {
            bad = Some(e);
            return Ok(TreeNodeRecursion::Stop);
        }
        Ok(TreeNodeRecursion::Continue)
    });
    bad.map_or(Ok(()), Err)
}

/// Refuses an expression that calls a stable function — DataFusion's `current_date()`, `now()`
/// (`current_timestamp`) and `current_time()`, the query's clock — unless the source of
/// dialect `d` evaluates it as the engine does. The engine reads the clock when the plan runs,
/// in UTC; a source reads its own, in its session's time zone. Only `current_date()` is sent,
/// and only where `Caps::utc_current_date` says the sessions are UTC on every executor
/// (PostgreSQL, MySQL and MariaDB: the native connectors set it, and so do the Spark
/// executor's JDBC reads): the same day. `now()` and `current_time()` stay in the transform: a
/// source's has another precision (MySQL's `NOW()` has whole seconds, PostgreSQL's
/// microseconds, the engine's nanoseconds) and type (PostgreSQL's is `timestamptz`, the
/// engine's a UTC `timestamp`), so `ts < now()` could keep other rows. (Each statement reads
/// the clock at its own instant, as each extract reads its table at its own instant.)
pub(crate) fn reads_the_clock(e: &Expr, d: DbKind) -> Result<(), String> {
    let mut clock = None;
    let _ = e.apply(|x| {
        if let Expr::ScalarFunction(f) = x
            && f.func.signature().volatility == Volatility::Stable
        {
            let ok = f.func.name() == "current_date" && d.caps().utc_current_date;
            if !ok {
                clock = Some(f.func.name().to_string());
                return Ok(TreeNodeRecursion::Stop);
            }
        }
        Ok(TreeNodeRecursion::Continue)
    });
    match clock {
        Some(name) => Err(format!(
            "{name}() is evaluated by the engine when the plan runs, not by {d}"
        )),
        None => Ok(()),
    }
}

/// Refuses a translation that warns its meaning may change (DVT003 / DVT004 / DVT006): such
/// SQL is not sent to a source in the engine's place.
pub(crate) fn meaning_kept(warnings: &[dvt_core::FederationWarning]) -> Result<(), String> {
    match warnings.iter().find(|w| {
        matches!(
            w.code,
            WarningCode::Dvt003 | WarningCode::Dvt004 | WarningCode::Dvt006
        )
    }) {
        Some(w) => Err(format!(
            "its translation may change its meaning ({})",
            w.message
        )),
        None => Ok(()),
    }
}

/// Whether the source can parse the joins of a query as written (the whole-query path sends
/// the model's SQL, not the optimized plan): no FULL JOIN on MySQL / MariaDB; and no division
/// as written (the optimizer folds `-0.50 / 7` into a literal the check of the optimized plan
/// does not see, but the source divides it its own way).
pub(crate) fn check_syntax(plan: &LogicalPlan, d: DbKind) -> Result<(), String> {
    let mut bad = None;
    let date_arith = d.caps().date_arith;
    let _ = plan.apply_with_subqueries(|n| {
        let input = n
            .inputs()
            .first()
            .map(|i| std::sync::Arc::clone(i.schema()));
        let calendar = |e: &Expr| {
            matches!(e, Expr::Literal(v, _) if matches!(v.data_type(), DataType::Interval(_)))
                || input
                    .as_ref()
                    .and_then(|s| e.get_type(s).ok())
                    .is_some_and(|t| is_temporal(&t) || matches!(t, DataType::Interval(_)))
        };
        let _ = n.apply_expressions(|e| {
            e.apply(|x| {
                if let Expr::BinaryExpr(BinaryExpr {
                    op: Operator::Divide | Operator::Modulo,
                    ..
                }) = x
                {
                    bad = Some(format!(
                        "{x}: division may round or treat zero differently in {d}"
                    ));
                    return Ok(TreeNodeRecursion::Stop);
                }
                // Date arithmetic as written, also where the optimizer removed it (LIMIT 0).
                if let Expr::BinaryExpr(BinaryExpr {
                    left,
                    op: Operator::Plus | Operator::Minus,
                    right,
                }) = x
                    && !date_arith
                    && (calendar(left) || calendar(right))
                {
                    bad = Some(format!(
                        "{x}: date arithmetic means or is written differently in {d}"
                    ));
                    return Ok(TreeNodeRecursion::Stop);
                }
                Ok(TreeNodeRecursion::Continue)
            })
        });
        if bad.is_some() {
            return Ok(TreeNodeRecursion::Stop);
        }
        if let LogicalPlan::Join(j) = n
            && j.join_type == JoinType::Full
            && !d.caps().full_join
        {
            bad = Some(format!("{d} has no FULL JOIN"));
            return Ok(TreeNodeRecursion::Stop);
        }
        Ok(TreeNodeRecursion::Continue)
    });
    bad.map_or(Ok(()), Err)
}

/// What is being checked.
#[derive(Clone, Copy, PartialEq)]
enum Scope {
    /// A subtree the planner writes as one extract (no subquery expressions).
    Subtree,
    /// A whole query the source runs as the model wrote it.
    Whole,
}

/// Whether the source evaluates the node exactly as the engine does.
fn check_node(p: &LogicalPlan, d: DbKind) -> Result<(), String> {
    check_node_as(p, d, Scope::Subtree)
}

fn check_node_as(p: &LogicalPlan, d: DbKind, scope: Scope) -> Result<(), String> {
    let ci = d.caps().like_case_insensitive;
    let check_expr = |e: &Expr, schema: &DFSchema, d: DbKind, use_: Use| {
        check_expr_as(e, schema, d, use_, scope)
    };
    match p {
        LogicalPlan::Subquery(_) | LogicalPlan::EmptyRelation(_) | LogicalPlan::Values(_)
            if scope == Scope::Whole =>
        {
            Ok(())
        }
        LogicalPlan::Filter(x) if scope == Scope::Whole => {
            if x.predicate.is_volatile() {
                return Err(format!("{} is volatile", x.predicate));
            }
            check_expr(&x.predicate, x.input.schema(), d, Use::Compare)
        }
        LogicalPlan::TableScan(_) | LogicalPlan::SubqueryAlias(_) | LogicalPlan::Limit(_) => Ok(()),
        LogicalPlan::Union(_) => Ok(()),
        LogicalPlan::EmptyRelation(e) if e.produce_one_row => Ok(()),
        LogicalPlan::Projection(x) => x
            .expr
            .iter()
            .try_for_each(|e| check_expr(e, x.input.schema(), d, Use::Output)),
        // Each conjunct is pushed, or lifted and applied by the engine (see `residual`).
        LogicalPlan::Filter(x) => {
            if x.predicate.is_volatile() {
                return Err(format!("{} is volatile", x.predicate));
            }
            let mut sub = false;
            let _ = x.predicate.apply(|e| {
                sub |= matches!(
                    e,
                    Expr::Exists(_)
                        | Expr::InSubquery(_)
                        | Expr::ScalarSubquery(_)
                        | Expr::SetComparison(_)
                        | Expr::OuterReferenceColumn(..)
                );
                Ok(TreeNodeRecursion::Continue)
            });
            if sub {
                Err("a filter with a subquery".into())
            } else {
                Ok(())
            }
        }
        LogicalPlan::Sort(x) => x
            .expr
            .iter()
            .try_for_each(|e| check_expr(&e.expr, x.input.schema(), d, Use::Compare)),
        LogicalPlan::Aggregate(x) => {
            // A constant key (`SELECT DISTINCT -0.5 / 7 …` folds to `GROUP BY <literal>`):
            // PostgreSQL rejects a non-integer constant in GROUP BY, and reads an integer one
            // as a column position. The engine groups it.
            if x.group_expr.iter().any(|e| constant_key(e, &x.input)) {
                return Err("a GROUP BY on a constant".into());
            }
            x.group_expr
                .iter()
                .try_for_each(|e| check_expr(e, x.input.schema(), d, Use::Compare))?;
            x.aggr_expr
                .iter()
                .try_for_each(|e| check_expr(e, x.input.schema(), d, Use::Output))
        }
        LogicalPlan::Window(x) => x
            .window_expr
            .iter()
            .try_for_each(|e| check_expr(e, x.input.schema(), d, Use::Output)),
        LogicalPlan::Distinct(Distinct::All(input)) => {
            if ci
                && input
                    .schema()
                    .fields()
                    .iter()
                    .any(|f| is_string(f.data_type()))
            {
                Err(format!(
                    "{d} compares strings case-insensitively by default"
                ))
            } else {
                Ok(())
            }
        }
        LogicalPlan::Join(j) => {
            if scope == Scope::Subtree
                && matches!(j.join_type, JoinType::LeftMark | JoinType::RightMark)
            {
                return Err("a mark join".into());
            }
            if j.join_type == JoinType::Full && !d.caps().full_join {
                return Err(format!("{d} has no FULL JOIN"));
            }
            let both = j
                .left
                .schema()
                .join(j.right.schema())
                .map_err(|e| e.to_string())?;
            for (a, b) in &j.on {
                check_expr(a, j.left.schema(), d, Use::Compare)?;
                check_expr(b, j.right.schema(), d, Use::Compare)?;
            }
            if let Some(f) = &j.filter {
                check_expr(f, &both, d, Use::Compare)?;
            }
            Ok(())
        }
        other => Err(format!("{} is not pushed", other.display())),
    }
}

/// Whether a source evaluates a filter on one of its tables exactly as the engine does (the
/// expression rules of subtree pushdown; the filter's columns may be qualified or not).
pub(crate) fn check_scan_filter(e: &Expr, schema: &DFSchema, d: DbKind) -> Result<(), String> {
    let bare = e
        .clone()
        .transform_up(|x| match x {
            Expr::Column(c) => Ok(Transformed::yes(Expr::Column(Column::new_unqualified(
                c.name,
            )))),
            other => Ok(Transformed::no(other)),
        })
        .map_err(|x| x.to_string())?
        .data;
    check_expr(&bare, schema, d, Use::Compare)
}

/// Whether the source evaluates an expression exactly as the engine does.
fn check_expr(e: &Expr, schema: &DFSchema, d: DbKind, use_: Use) -> Result<(), String> {
    check_expr_as(e, schema, d, use_, Scope::Subtree)
}

fn check_expr_as(
    e: &Expr,
    schema: &DFSchema,
    d: DbKind,
    use_: Use,
    scope: Scope,
) -> Result<(), String> {
    let caps = d.caps();
    let e = e.clone().unalias_nested().data;
    if use_ == Use::Output && matches!(e, Expr::Column(_) | Expr::Literal(..)) {
        return Ok(());
    }
    if e.is_volatile() {
        return Err(format!("{e} is volatile"));
    }
    reads_the_clock(&e, d)?;
    let ty = |x: &Expr| x.get_type(schema).map_err(|err| err.to_string());
    if !caps.bool_literals && use_ == Use::Output && ty(&e)? == DataType::Boolean {
        return Err(format!("{d} has no boolean values"));
    }
    let check = NodeCheck {
        schema,
        d,
        caps,
        scope,
    };
    let mut err: Option<String> = None;
    let _ = e.apply(|x| match check.node(x) {
        Ok(()) => Ok(TreeNodeRecursion::Continue),
        Err(m) => {
            err = Some(m);
            Ok(TreeNodeRecursion::Stop)
        }
    });
    if let Some(m) = err {
        return Err(m);
    }
    // Case-insensitive collations: no string may be compared, grouped, sorted or computed on.
    if caps.like_case_insensitive && uses_strings(&e, schema) {
        return Err(format!(
            "{e}: {d} compares strings case-insensitively by default, the engine does not"
        ));
    }
    Ok(())
}

/// A date, time of day or timestamp.
fn is_temporal(t: &DataType) -> bool {
    matches!(
        t,
        DataType::Date32
            | DataType::Date64
            | DataType::Timestamp(..)
            | DataType::Time32(_)
            | DataType::Time64(_)
    )
}

/// The per-node rules of [`check_expr_as`]: whether one expression node means the same on the
/// source `d` as in the engine.
struct NodeCheck<'a> {
    schema: &'a DFSchema,
    d: DbKind,
    caps: &'static Caps,
    scope: Scope,
}

impl NodeCheck<'_> {
    fn ty(&self, x: &Expr) -> Result<DataType, String> {
        x.get_type(self.schema).map_err(|err| err.to_string())
    }

    fn node(&self, x: &Expr) -> Result<(), String> {
        match x {
            Expr::Exists(_)
            | Expr::InSubquery(_)
            | Expr::ScalarSubquery(_)
            | Expr::SetComparison(_)
            | Expr::OuterReferenceColumn(..)
                if self.scope == Scope::Subtree =>
            {
                // (A whole query's subqueries are checked node by node, as plans.)
                Err("a subquery".into())
            }
            Expr::BinaryExpr(BinaryExpr { op, left, right }) => self.binary(x, *op, left, right),
            Expr::AggregateFunction(a) => self.aggregate(a),
            Expr::WindowFunction(w) => {
                let name = w.fun.name().to_ascii_lowercase();
                if !matches!(
                    name.as_str(),
                    "row_number" | "rank" | "dense_rank" | "count" | "sum" | "min" | "max"
                ) {
                    return Err(format!("window function {name} is not pushed"));
                }
                Ok(())
            }
            // SQLite rounds its doubles (ROUND(-12.35, 1) = -12.3, PostgreSQL -12.4).
            Expr::ScalarFunction(f) if f.name() == "round" && !self.caps.exact_decimals => {
                Err(format!("{} rounds in floating point", self.d))
            }
            Expr::TryCast(_) => Err("TRY_CAST".into()),
            Expr::Cast(c) => self.cast(&c.expr, c.field.data_type()),
            _ => Ok(()),
        }
    }

    fn binary(&self, x: &Expr, op: Operator, left: &Expr, right: &Expr) -> Result<(), String> {
        let d = self.d;
        // `date - date` is days in DataFusion and PostgreSQL, a number built from the digits in
        // MySQL, an interval in Spark (timestamps alike): the difference of two dates or times
        // runs in the engine. (A date plus or minus an interval is calendar arithmetic
        // everywhere.)
        let temporal = is_temporal;
        let additive = matches!(op, Operator::Plus | Operator::Minus);
        if additive && temporal(&self.ty(left)?) && temporal(&self.ty(right)?) {
            return Err(format!(
                "{x}: the difference of two dates or times means different things in {d}"
            ));
        }
        // `date ± integer` (days) and `± INTERVAL '…'` only where the source means and spells
        // them as the engine does.
        let calendar = |t: &DataType| temporal(t) || matches!(t, DataType::Interval(_));
        if additive
            && !self.caps.date_arith
            && (calendar(&self.ty(left)?) || calendar(&self.ty(right)?))
        {
            return Err(format!(
                "{x}: date arithmetic means or is written differently in {d}"
            ));
        }
        if matches!(op, Operator::Divide | Operator::Modulo) {
            return Err(format!(
                "{x}: division may round or treat zero differently in {d}"
            ));
        }
        if !self.caps.exact_decimals
            && matches!(op, Operator::Plus | Operator::Minus | Operator::Multiply)
            && matches!(
                self.ty(x)?,
                DataType::Decimal128(..) | DataType::Decimal256(..)
            )
        {
            return Err(format!("{d} computes decimals in floating point"));
        }
        Ok(())
    }

    fn aggregate(
        &self,
        a: &datafusion::logical_expr::expr::AggregateFunction,
    ) -> Result<(), String> {
        let name = a.func.name().to_ascii_lowercase();
        if name == "avg" && self.scope == Scope::Subtree {
            return self.avg(a);
        }
        if !matches!(name.as_str(), "count" | "sum" | "min" | "max")
            || !a.params.order_by.is_empty()
        {
            return Err(format!("aggregate {name} is not pushed"));
        }
        let decimal = |x: &Expr| {
            matches!(
                x.get_type(self.schema),
                Ok(DataType::Decimal128(..) | DataType::Decimal256(..))
            )
        };
        if name == "sum" && !self.caps.exact_decimals && a.params.args.iter().any(decimal) {
            return Err(format!("{} sums decimals in floating point", self.d));
        }
        Ok(())
    }

    /// `AVG` of a decimal, written as the engine computes it (see `sqlgen::exact_avg`) where
    /// the source's arithmetic makes that exact ([`Caps::exact_avg`]). Not in a whole query
    /// handed to the source as written: there it would be the source's own `AVG`.
    fn avg(&self, a: &datafusion::logical_expr::expr::AggregateFunction) -> Result<(), String> {
        let [arg] = a.params.args.as_slice() else {
            return Err("aggregate avg is not pushed".into());
        };
        let decimal = matches!(arg.get_type(self.schema), Ok(DataType::Decimal128(_, s)) if s >= 0);
        if !self.caps.exact_avg || !decimal {
            return Err(format!("avg({arg}) is not computed exactly in {}", self.d));
        }
        if a.params.distinct || a.params.filter.is_some() || !a.params.order_by.is_empty() {
            return Err(format!(
                "avg({arg}) with DISTINCT, FILTER or ORDER BY is not pushed"
            ));
        }
        Ok(())
    }

    fn cast(&self, expr: &Expr, to: &DataType) -> Result<(), String> {
        let from = self.ty(expr)?;
        let ok = match (&from, to) {
            (f, t) if f == t => true,
            (f, t) if is_string(t) => f.is_integer() || is_string(f),
            (f, _) if is_string(f) => false,
            (f, t) if f.is_floating() => t.is_floating(),
            (DataType::Decimal128(_, s1), DataType::Decimal128(_, s2)) => s2 >= s1,
            (DataType::Decimal128(..), t) => t.is_floating(),
            (f, t) if f.is_integer() => t.is_numeric(),
            (DataType::Date32, DataType::Timestamp(..)) => true,
            // The day of a timestamp: sessions are UTC (PostgreSQL, MySQL); SQLite has no date
            // type (its CAST AS DATE is numeric).
            (DataType::Timestamp(_, tz), DataType::Date32) => {
                self.caps.date_types && tz.as_deref().is_none_or(|z| z == "UTC" || z == "+00:00")
            }
            _ => false,
        };
        if !ok {
            return Err(format!(
                "a cast from {from} to {to} may differ in {}",
                self.d
            ));
        }
        Ok(())
    }
}

/// Whether an expression compares, computes on or outputs a string (a column tested only for
/// NULL, and the unit of `date_part` / `date_trunc`, do not count).
fn uses_strings(e: &Expr, schema: &DFSchema) -> bool {
    let mut strings = false;
    let _ = e.apply(|x| {
        match x {
            Expr::IsNull(i) | Expr::IsNotNull(i) if matches!(**i, Expr::Column(_)) => {
                return Ok(TreeNodeRecursion::Jump);
            }
            Expr::ScalarFunction(f) if matches!(f.name(), "date_part" | "date_trunc") => {
                if f.args.iter().skip(1).any(|a| uses_strings(a, schema)) {
                    strings = true;
                    return Ok(TreeNodeRecursion::Stop);
                }
                return Ok(TreeNodeRecursion::Jump);
            }
            Expr::Column(_) | Expr::Literal(..) | Expr::ScalarFunction(_) | Expr::Case(_)
                if x.get_type(schema).map(|t| is_string(&t)).unwrap_or(true) =>
            {
                strings = true;
                return Ok(TreeNodeRecursion::Stop);
            }
            _ => {}
        }
        Ok(TreeNodeRecursion::Continue)
    });
    strings
}

/// Whether a grouping key is a constant: a literal, or a column its input projection computes
/// as one.
fn constant_key(e: &Expr, input: &LogicalPlan) -> bool {
    let literal = |e: &Expr| matches!(e.clone().unalias_nested().data, Expr::Literal(..));
    match e.clone().unalias_nested().data {
        Expr::Literal(..) => true,
        Expr::Column(c) => match input {
            LogicalPlan::Projection(p) => p
                .expr
                .iter()
                .zip(p.schema.columns())
                .any(|(pe, pc)| pc.name == c.name && literal(pe)),
            _ => false,
        },
        _ => false,
    }
}
