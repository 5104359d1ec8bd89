//! The planner on DataFusion's logical plan (see the module docs of [`super`]).

use crate::translate::DialectCaps;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::{Arc, Mutex};

use async_trait::async_trait;
use datafusion::arrow::datatypes::{DataType, Field, Schema, SchemaRef};
use datafusion::catalog::Session;
use datafusion::common::Column;
use datafusion::common::tree_node::{TreeNode, TreeNodeRecursion};
use datafusion::datasource::{TableProvider, TableType};
use datafusion::logical_expr::{Expr, LogicalPlan, TableProviderFilterPushDown, TableScan};
use datafusion::physical_plan::ExecutionPlan;
use datafusion::physical_plan::empty::EmptyExec;
use datafusion::prelude::SessionContext;
use datafusion::sql::unparser::Unparser;
use dvt_core::{FederationWarning, WarningCode};
use dvt_types::DvtType;
use sqlparser::ast::{self as ast, VisitMut, VisitorMut};

use super::input::{PlanInput, Relation};
use super::names::engine_column;
use super::push::{self, PushedTree, scan_columns, scan_limit};
use super::sqlgen::{Gen, LeafSql, Leaves, Residual, ident};
use super::strategy::PlanOnce;
use super::{Extract, FederationPlan, PlanColumn, PlanError, Planner, Pushed, Transform};
use crate::translate::{DbKind, DialectTranslator, Translator};

/// The planner built on DataFusion (see the module docs).
#[derive(Debug, Clone, Copy, Default)]
pub struct DataFusionPlanner;

/// A relation as DataFusion sees it while planning: its schema, and a verdict on each filter
/// the optimizer offers to push into it.
#[derive(Debug)]
struct PlanningTable {
    schema: SchemaRef,
    relation: Relation,
    /// The model's dialect (how its SQL names the relation's columns).
    model: DbKind,
    /// Filters refused, with the reason (for DVT005).
    refused: Mutex<BTreeMap<String, String>>,
}

impl PlanningTable {
    /// Whether (and how) a filter can be evaluated by the source.
    fn verdict(&self, e: &Expr) -> Result<(), String> {
        push::reads_the_clock(e, self.relation.dialect)?;
        let caps = self.relation.dialect.caps();
        // Collations that ignore case or trailing spaces compare strings differently from the
        // engine: only tests that keep a superset of the engine's rows are sent.
        let schema = datafusion::common::DFSchema::try_from(self.schema.as_ref().clone())
            .map_err(|x| x.to_string())?;
        let is_string =
            |t: &DataType| matches!(t, DataType::Utf8 | DataType::LargeUtf8 | DataType::Utf8View);
        let strings = |x: &Expr| {
            x.column_refs().iter().any(|c| {
                self.schema
                    .field_with_name(&c.name)
                    .is_ok_and(|f| is_string(f.data_type()))
            })
        };
        if caps.like_case_insensitive && strings(e) {
            let plain = |x: &Expr| plain_string_operand(x, &is_string);
            if !widens_only(e, &strings, &plain) {
                return Err(format!(
                    "{} may compare strings without regard to case or trailing spaces (its collation), the engine does not: only =, IN and LIKE outside NOT are sent to it, as a wider filter the engine narrows",
                    self.relation.dialect
                ));
            }
            // The string tests hold plain columns and literals: the other leaves are checked
            // as any filter is.
            let mut leaves = Vec::new();
            and_or_leaves(e, &mut leaves);
            for leaf in leaves.into_iter().filter(|l| !strings(l)) {
                push::check_scan_filter(leaf, &schema, self.relation.dialect)?;
            }
        } else {
            // The expression rules of subtree pushdown (division, date differences, casts, …).
            push::check_scan_filter(e, &schema, self.relation.dialect)?;
        }
        let mut warnings = Vec::new();
        source_sql(e, &self.relation, self.model, &mut warnings)?;
        if caps.like_case_insensitive {
            // The translator's note that the source's LIKE ignores case is the widening
            // accepted above.
            warnings.retain(|w| !w.message.starts_with("LIKE compares case-sensitively in "));
        }
        push::meaning_kept(&warnings)
    }
}

/// Whether `e` keeps every row the engine's exact comparison keeps on a source whose collation
/// ignores case or trailing spaces: an AND / OR of `=`, `IN (…)` and `LIKE` tests (under a
/// coarser collation, equal strings stay equal and a matching string still matches) and of
/// tests of no string. A `NOT`, `<>`, `<` or a comparison inside an operand could drop a row
/// the engine keeps. (The filter is pushed inexact: the engine applies it again.)
pub(crate) fn widens_only(
    e: &Expr,
    strings: &dyn Fn(&Expr) -> bool,
    plain: &dyn Fn(&Expr) -> bool,
) -> bool {
    use datafusion::logical_expr::Operator;
    match e {
        Expr::BinaryExpr(b) if matches!(b.op, Operator::And | Operator::Or) => {
            widens_only(&b.left, strings, plain) && widens_only(&b.right, strings, plain)
        }
        Expr::BinaryExpr(b) if b.op == Operator::Eq => plain(&b.left) && plain(&b.right),
        Expr::InList(l) if !l.negated => plain(&l.expr) && l.list.iter().all(plain),
        // A backslash escapes in the engine's LIKE, not in SQLite's (no default escape).
        Expr::Like(l) if !l.negated && l.escape_char.is_none() => {
            let no_backslash = matches!(
                l.pattern.as_ref(),
                Expr::Literal(v, _) if v.try_as_str().flatten().is_some_and(|p| !p.contains('\\'))
            );
            plain(&l.expr) && no_backslash
        }
        Expr::IsNull(x) | Expr::IsNotNull(x) => plain(x),
        other => !strings(other),
    }
}

/// A column, a literal, or a cast of one to a string type: nothing the source could compute
/// otherwise than the engine.
pub(crate) fn plain_string_operand(e: &Expr, is_string: &dyn Fn(&DataType) -> bool) -> bool {
    match e {
        Expr::Column(_) | Expr::Literal(..) => true,
        Expr::Cast(c) => is_string(c.field.data_type()) && plain_string_operand(&c.expr, is_string),
        _ => false,
    }
}

/// The leaves of an AND / OR tree.
pub(crate) fn and_or_leaves<'a>(e: &'a Expr, out: &mut Vec<&'a Expr>) {
    use datafusion::logical_expr::Operator;
    match e {
        Expr::BinaryExpr(b) if matches!(b.op, Operator::And | Operator::Or) => {
            and_or_leaves(&b.left, out);
            and_or_leaves(&b.right, out);
        }
        other => out.push(other),
    }
}

#[async_trait]
impl TableProvider for PlanningTable {
    fn schema(&self) -> SchemaRef {
        self.schema.clone()
    }

    fn table_type(&self) -> TableType {
        TableType::Base
    }

    async fn scan(
        &self,
        _state: &dyn Session,
        projection: Option<&Vec<usize>>,
        _filters: &[Expr],
        _limit: Option<usize>,
    ) -> datafusion::error::Result<Arc<dyn ExecutionPlan>> {
        let schema = match projection {
            Some(p) => Arc::new(self.schema.project(p)?),
            None => self.schema.clone(),
        };
        Ok(Arc::new(EmptyExec::new(schema)))
    }

    fn supports_filters_pushdown(
        &self,
        filters: &[&Expr],
    ) -> datafusion::error::Result<Vec<TableProviderFilterPushDown>> {
        Ok(filters
            .iter()
            .map(|e| match self.verdict(e) {
                // Inexact: the engine applies the filter again, so a source can only ever
                // return more rows than the engine keeps, never fewer.
                Ok(()) => TableProviderFilterPushDown::Inexact,
                Err(reason) => {
                    self.refused
                        .lock()
                        .unwrap_or_else(|p| p.into_inner())
                        .insert(e.to_string(), reason);
                    TableProviderFilterPushDown::Unsupported
                }
            })
            .collect())
    }
}

/// Column references in unparsed filters: drop the table qualifier and use the real (declared)
/// column name, quoted.
struct RealColumns<'a> {
    relation: &'a Relation,
    model: DbKind,
}

impl VisitorMut for RealColumns<'_> {
    type Break = ();
    fn post_visit_expr(&mut self, e: &mut ast::Expr) -> std::ops::ControlFlow<()> {
        let last = match e {
            ast::Expr::CompoundIdentifier(parts) => parts.last().cloned(),
            ast::Expr::Identifier(i) => Some(i.clone()),
            _ => None,
        };
        if let Some(i) = last
            && let Some((real, _)) = self
                .relation
                .columns
                .iter()
                .find(|(n, _)| engine_column(self.relation.dialect, self.model, n) == i.value)
        {
            *e = ast::Expr::Identifier(ast::Ident::with_quote('"', real));
        }
        std::ops::ControlFlow::Continue(())
    }
}

/// DataFusion's unparser as dvt writes a source's filters: on a source with timestamp types
/// (`Caps::date_types`) a timestamp literal's cast names its precision (`CAST('…' AS
/// TIMESTAMP(6))` for microseconds) — the default `TIMESTAMP` means nanoseconds to the
/// translator, which rightly refuses it for a microsecond source (the rounding); with the
/// precision, a literal of the column's own precision goes to the source. SQLite keeps the
/// default (refused): its timestamps are text and `DATETIME()` drops fractional seconds.
struct SourceFilters {
    precision: bool,
}

impl datafusion::sql::unparser::dialect::Dialect for SourceFilters {
    fn identifier_quote_style(&self, identifier: &str) -> Option<char> {
        datafusion::sql::unparser::dialect::DefaultDialect {}.identifier_quote_style(identifier)
    }

    fn timestamp_cast_dtype(
        &self,
        unit: &datafusion::arrow::datatypes::TimeUnit,
        tz: &Option<std::sync::Arc<str>>,
    ) -> ast::DataType {
        use datafusion::arrow::datatypes::TimeUnit;
        let tz = match tz {
            Some(_) => ast::TimezoneInfo::WithTimeZone,
            None => ast::TimezoneInfo::None,
        };
        if !self.precision {
            return ast::DataType::Timestamp(None, tz);
        }
        let digits = match unit {
            TimeUnit::Second => 0,
            TimeUnit::Millisecond => 3,
            TimeUnit::Microsecond => 6,
            TimeUnit::Nanosecond => 9,
        };
        ast::DataType::Timestamp(Some(digits), tz)
    }
}

/// A DataFusion filter expression as SQL of the relation's source dialect.
fn source_sql(
    e: &Expr,
    relation: &Relation,
    model: DbKind,
    warnings: &mut Vec<FederationWarning>,
) -> Result<String, String> {
    let precise = SourceFilters {
        precision: relation.dialect.caps().date_types,
    };
    let mut sql = Unparser::new(&precise)
        .expr_to_sql(e)
        .map_err(|x| format!("it cannot be written as SQL ({x})"))?;
    let _ = sql.visit(&mut RealColumns { relation, model });
    Translator
        .rewrite_expr(&mut sql, DbKind::DataFusion, relation.dialect, warnings)
        .map_err(|x| format!("{x}"))?;
    Ok(sql.to_string())
}

fn quote(d: DbKind, name: &str) -> String {
    let q = d.caps().quote;
    ast::Ident::with_quote(q, name).to_string()
}

fn plan_column(name: &str, t: &DvtType, nullable: bool) -> PlanColumn {
    PlanColumn {
        name: name.to_string(),
        ty: t.to_string(),
        nullable,
    }
}

/// Every table scan of a plan, subqueries included.
pub(crate) fn scans(plan: &LogicalPlan) -> Vec<TableScan> {
    let mut out = Vec::new();
    let _ = plan.apply_with_subqueries(|n| {
        if let LogicalPlan::TableScan(s) = n {
            out.push(s.clone());
        }
        Ok(TreeNodeRecursion::Continue)
    });
    out
}

/// Joins whose two sides read different servers (DVT007).
fn cross_server_joins(
    plan: &LogicalPlan,
    server_of: &dyn Fn(&str) -> Option<String>,
) -> Vec<(Vec<String>, Vec<String>)> {
    let mut out = Vec::new();
    let _ = plan.apply_with_subqueries(|n| {
        if let LogicalPlan::Join(j) = n {
            let side = |p: &LogicalPlan| -> (BTreeSet<String>, Vec<String>) {
                let mut servers = BTreeSet::new();
                let mut names = Vec::new();
                for s in scans(p) {
                    let t = s.table_name.table().to_string();
                    if let Some(sv) = server_of(&t) {
                        servers.insert(sv);
                    }
                    names.push(t);
                }
                (servers, names)
            };
            let (ls, ln) = side(&j.left);
            let (rs, rn) = side(&j.right);
            if !ls.is_empty() && !rs.is_empty() && ls != rs {
                out.push((ln, rn));
            }
        }
        Ok(TreeNodeRecursion::Continue)
    });
    out
}

#[async_trait::async_trait]
impl Planner for DataFusionPlanner {
    async fn plan(&self, input: &PlanInput) -> Result<FederationPlan, PlanError> {
        let base = self.plan_once(input).await?;
        super::strategy::choose(self, input, base).await
    }
}

#[async_trait]
impl super::strategy::PlanOnce for DataFusionPlanner {
    /// The plan before a strategy is chosen for its cross-server joins.
    async fn plan_once(&self, input: &PlanInput) -> Result<FederationPlan, PlanError> {
        let mut p = Planning {
            input,
            warnings: input.warnings.clone(),
        };
        // 1. The model in the engine's dialect.
        let df_sql = p.engine_sql()?;
        // 2. Relations as tables.
        let ctx = planner_context();
        let tables = register_relations(&ctx, input).map_err(|e| p.engine_error(e))?;
        // 3. Bind, type and optimize.
        let Bound {
            logical,
            optimized,
            watermarks,
        } = p.bind(&ctx, &df_sql).await?;
        // 4. Output columns and their fate in the target.
        let output_columns = p.output_columns(&optimized);
        // 5. The whole query on one server, when it may run there.
        let all_scans = scans(&optimized);
        // The optimizer may drop a relation whose rows cannot matter (`WHERE 1 = 0`): the SQL
        // still names it, so it still decides where the query can run and needs an extract.
        let written_scans = scans(&logical);
        let scans = Scans {
            all: &all_scans,
            written: &written_scans,
        };
        if let Some(plan) = p.whole(&logical, &optimized, scans, &output_columns)? {
            return Ok(plan);
        }
        // 6. The largest same-server subtrees, each as one extract; one extract per remaining
        //    relation; the transform over them.
        let (extracts, transform, residual_notes) = p
            .split(
                &tables,
                &df_sql,
                &logical,
                &optimized,
                scans,
                &output_columns,
            )
            .await?;
        // 7. Warnings: refused filters (DVT005) and cross-server joins (DVT007).
        p.refused_filters(&tables, residual_notes);
        p.cross_server_joins(&optimized);
        Ok(FederationPlan {
            model: input.model.clone(),
            target: input.target.clone(),
            target_dialect: input.model_dialect,
            direct: false,
            extracts,
            transform,
            output_columns,
            warnings: p.warnings,
            statistics: super::RelationStats::of(input),
            watermarks,
            strategy: None,
        })
    }
}

/// A model's plan as written (with its watermarks' values bound, see [`super::watermark`]) and
/// optimized, and its watermarks.
struct Bound {
    logical: LogicalPlan,
    optimized: LogicalPlan,
    watermarks: Vec<super::Watermark>,
}

/// The table scans of a model's plan: of the optimized plan (`all`) and of the plan as
/// written, before the optimizer dropped any (`written`).
#[derive(Clone, Copy)]
struct Scans<'a> {
    all: &'a [TableScan],
    written: &'a [TableScan],
}

/// One model being planned, step by step ([`DataFusionPlanner::plan`]): its input and the
/// warnings met so far, each once.
struct Planning<'a> {
    input: &'a PlanInput,
    warnings: Vec<FederationWarning>,
}

impl Planning<'_> {
    fn model(&self) -> &str {
        &self.input.model
    }

    /// Record a warning about this model, once.
    fn warn(&mut self, w: FederationWarning) {
        let w = w.with_model(self.model());
        if !self.warnings.contains(&w) {
            self.warnings.push(w);
        }
    }

    fn engine_error(&self, source: datafusion::error::DataFusionError) -> PlanError {
        PlanError::Engine {
            model: self.model().to_string(),
            source,
        }
    }

    fn translate_error(&self, source: crate::translate::TranslateError) -> PlanError {
        PlanError::Translate {
            model: self.model().to_string(),
            source,
        }
    }

    /// `sql` translated from `from` to `to`, its translation warnings recorded.
    fn translate(&mut self, sql: &str, from: DbKind, to: DbKind) -> Result<String, PlanError> {
        let t = Translator
            .translate(sql, from, to)
            .map_err(|e| self.translate_error(e))?;
        for w in t.warnings {
            self.warn(w);
        }
        Ok(t.sql)
    }

    /// Step 1: the model's SQL in DataFusion's dialect.
    fn engine_sql(&mut self) -> Result<String, PlanError> {
        let input = self.input;
        if input.model_dialect == DbKind::DataFusion {
            return Ok(input.sql.clone());
        }
        self.translate(&input.sql, input.model_dialect, DbKind::DataFusion)
    }

    /// Step 3: the logical plan as written and optimized, with the values of its incremental
    /// watermarks read so far bound into it ([`super::watermark`]). `IN (subquery)` is kept
    /// three-valued before the optimizer reasons about it (its mark join is two-valued: it
    /// would call `(k IN (…NULL…)) IS NULL` always false and read nothing), as the engine does
    /// when it runs the transform.
    async fn bind(&self, ctx: &SessionContext, df_sql: &str) -> Result<Bound, PlanError> {
        let state = planning_state(ctx);
        let logical = state
            .create_logical_plan(df_sql)
            .await
            .map_err(|e| self.engine_error(e))?;
        let optimize = |p: &LogicalPlan| state.optimize(p);
        let located = super::watermark::locate(&logical, self.input, &optimize);
        let watermarks = super::watermark::find(&located, self.input);
        let logical = super::watermark::bind(logical, self.input, &located)
            .map_err(|e| self.engine_error(e))?;
        let three_valued =
            super::null_aware::null_aware_in(logical.clone()).map_err(|e| self.engine_error(e))?;
        let optimized = state
            .optimize(&three_valued)
            .map_err(|e| self.engine_error(e))?;
        Ok(Bound {
            logical,
            optimized,
            watermarks,
        })
    }

    /// Step 4: the output columns, and a DVT002 for each that loses information in the target.
    fn output_columns(&mut self, optimized: &LogicalPlan) -> Vec<PlanColumn> {
        let target_types = self.input.model_dialect;
        let mut output_columns = Vec::new();
        for f in optimized.schema().fields() {
            let t = DvtType::from_arrow_field(f);
            for loss in dvt_types::render_type(target_types, &t).losses {
                if let Some(w) = FederationWarning::from_type_loss(&loss, f.name()) {
                    self.warn(w.with_source(self.input.target.clone()));
                }
            }
            output_columns.push(plan_column(f.name(), &t, f.is_nullable()));
        }
        output_columns
    }

    fn relation(&self, name: &str) -> Option<&Relation> {
        self.input.relations.iter().find(|r| r.name == name)
    }

    /// Step 5: the whole query on one server: always when it is the target's (the target's
    /// semantics are the model's); on another server only when that server means the same as
    /// the engine by every node of the query (case-insensitive collations, FULL JOIN,
    /// rounding, ...) and its translation warns of no change of meaning, else `None` and the
    /// split path reads its tables. The server is that of a relation the SQL reads, even if
    /// the optimizer removed its scan (`LIMIT 0`, a contradiction).
    fn whole(
        &mut self,
        logical: &LogicalPlan,
        optimized: &LogicalPlan,
        scans: Scans<'_>,
        output_columns: &[PlanColumn],
    ) -> Result<Option<FederationPlan>, PlanError> {
        let input = self.input;
        let read = || scans.all.iter().chain(scans.written);
        let servers: BTreeSet<_> = read()
            .filter_map(|s| self.relation(s.table_name.table()))
            .map(|r| r.server.clone())
            .collect();
        // With staged tables (moved relations) the query runs in the session that loads them:
        // one extract of it, or, on the target's server, the direct path in that session.
        if servers.len() > 1 {
            return Ok(None);
        }
        let (connection, dialect, server) =
            match read().find_map(|s| self.relation(s.table_name.table())) {
                Some(r) => (r.connection.clone(), r.dialect, r.server.clone()),
                None => (
                    input.target.clone(),
                    input.model_dialect,
                    input.target_server.clone(),
                ),
            };
        let direct = server == input.target_server;
        let t = Translator.translate(&input.whole_sql, input.model_dialect, dialect);
        let t = if direct {
            t.map_err(|e| self.translate_error(e))?
        } else {
            // What it means: the optimized plan (literal casts folded). What the server
            // reads: the SQL as written, whose joins the optimizer may have rewritten or
            // removed (a FULL JOIN made LEFT by a null-rejecting filter, or dropped under
            // LIMIT 0, is still a FULL JOIN in the text MariaDB parses).
            let checked = t.map_err(|e| e.to_string()).and_then(|t| {
                push::check_whole(optimized, dialect)?;
                push::check_syntax(logical, dialect)?;
                push::meaning_kept(&t.warnings)?;
                Ok(t)
            });
            match checked {
                Ok(t) => t,
                Err(why) => {
                    tracing::debug!("{}: not sent whole to {server}: {why}", self.model());
                    return Ok(None);
                }
            }
        };
        for w in t.warnings {
            self.warn(w);
        }
        // Read by dvt (not run on the target): decimal outputs carry their planned types.
        let sql = if direct {
            t.sql
        } else {
            // The output columns are the optimized plan's fields.
            let typed: Vec<_> = optimized
                .schema()
                .fields()
                .iter()
                .map(|f| (f.name().clone(), f.data_type()))
                .collect();
            match push::typed_decimals(&t.sql, &typed, dialect) {
                Ok(sql) => sql,
                Err(why) => {
                    tracing::debug!("{}: not sent whole to {server}: {why}", self.model());
                    return Ok(None);
                }
            }
        };
        let name = "__dvt_query".to_string();
        let transform_sql = format!("SELECT * FROM {name}");
        Ok(Some(FederationPlan {
            model: input.model.clone(),
            target: input.target.clone(),
            target_dialect: input.model_dialect,
            direct,
            extracts: vec![Extract {
                name,
                connection,
                dialect,
                sql,
                sources: input
                    .relations
                    .iter()
                    .map(|r| r.unique_id.clone())
                    .collect(),
                columns: output_columns.to_vec(),
                pushed_predicates: vec![],
                pushed: Pushed {
                    whole_query: true,
                    ..push::what_is_pushed(optimized)
                },
                estimated_rows: super::estimate::plan_rows(optimized, input),
                staged: vec![],
            }],
            transform: Transform {
                spark_sql: transform_sql.clone(),
                datafusion_sql: transform_sql,
                spark_refusal: None,
            },
            output_columns: output_columns.to_vec(),
            warnings: self.warnings.clone(),
            statistics: super::RelationStats::of(input),
            // The whole query reads the model's table itself: nothing to push.
            watermarks: vec![],
            strategy: None,
        }))
    }

    /// Step 6: the largest same-server subtrees, each as one extract; one extract per
    /// remaining relation; the transform over them. Without a pushed subtree (or when the
    /// transform cannot be written over them) the transform is the model's own SQL, and each
    /// extract also carries the columns that SQL names but the optimized plan pruned (a
    /// derived table's unused columns, the key of a join the optimizer removed). Also the
    /// DVT005 notes of filters lifted out of pushed subtrees.
    async fn split(
        &mut self,
        tables: &BTreeMap<String, Arc<PlanningTable>>,
        df_sql: &str,
        logical: &LogicalPlan,
        optimized: &LogicalPlan,
        scans: Scans<'_>,
        output_columns: &[PlanColumn],
    ) -> Result<(Vec<Extract>, Transform, Vec<FederationWarning>), PlanError> {
        let input = self.input;
        let server_of = |t: &str| {
            input
                .relations
                .iter()
                .find(|r| r.name == t)
                .map(|r| r.server.to_string())
        };
        // Same-server tables joined first, so their joins can go down as one query.
        let grouped = super::group::by_server(optimized.clone(), &server_of);
        if let Err(e) = &grouped {
            tracing::debug!("model {}: tables not grouped by server: {e}", self.model());
        }
        let optimized = grouped.as_ref().unwrap_or(optimized);
        tracing::trace!("grouped plan:\n{}", optimized.display_indent());
        let pushed = push::find(optimized, &input.relations);
        {
            let split = split_with_pushed(
                input,
                tables,
                optimized,
                scans.all,
                scans.written,
                &pushed,
                output_columns,
            )
            .await;
            match split {
                Ok(x) => return Ok(x),
                Err(reason) => tracing::debug!(
                    "model {}: same-server subtrees not pushed: {reason}",
                    self.model()
                ),
            }
        }
        let named = column_names(logical);
        let extracts = table_extracts(
            input,
            tables,
            scans.all,
            scans.all,
            scans.written,
            Some(&named),
        );
        // (The Spark rendering's warnings are not the model's: the Spark executor reports its
        // own.)
        let spark = Translator
            .translate(df_sql, DbKind::DataFusion, DbKind::Spark)
            .map_err(|e| self.translate_error(e))?;
        let transform = Transform {
            datafusion_sql: df_sql.to_string(),
            spark_sql: spark.sql,
            spark_refusal: super::null_aware::in_tested_for_null(logical).then(|| {
                "`(… IN (subquery)) IS [NOT] NULL`: Spark SQL evaluates such an IN as TRUE or FALSE, never NULL, so it would keep other rows than the model means".to_string()
            }),
        };
        Ok((extracts, transform, Vec::new()))
    }

    /// Step 7: a DVT005 for each filter a source was not sent (a conjunct the scan already
    /// refused is reported once).
    fn refused_filters(
        &mut self,
        tables: &BTreeMap<String, Arc<PlanningTable>>,
        residual_notes: Vec<FederationWarning>,
    ) {
        for table in tables.values() {
            let refused = table
                .refused
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .clone();
            for (filter, reason) in refused {
                self.warn(
                    FederationWarning::new(
                        WarningCode::Dvt005,
                        format!(
                            "filter {filter} is not pushed to {}: {reason}; the engine applies it",
                            table.relation.display
                        ),
                    )
                    .with_source(table.relation.connection.clone()),
                );
            }
        }
        for w in residual_notes {
            let filter = w
                .message
                .split(" is ")
                .next()
                .unwrap_or_default()
                .to_string();
            let reported = self
                .warnings
                .iter()
                .any(|x| x.code == WarningCode::Dvt005 && x.message.starts_with(&filter));
            if !reported {
                self.warn(w);
            }
        }
    }

    /// Step 7: a DVT007 for each join whose sides live on different servers.
    fn cross_server_joins(&mut self, optimized: &LogicalPlan) {
        let server_of = |t: &str| self.relation(t).map(|r| r.server.to_string());
        let joins = cross_server_joins(optimized, &server_of);
        let show = |v: &[String]| {
            v.iter()
                .filter_map(|n| self.relation(n).map(|r| r.display.clone()))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let found: Vec<String> = joins
            .iter()
            .map(|(l, r)| {
                format!(
                    "the join of {} with {} spans servers and runs in the engine",
                    show(l),
                    show(r)
                )
            })
            .collect();
        for message in found {
            self.warn(FederationWarning::new(WarningCode::Dvt007, message));
        }
    }
}

/// Step 2: each relation registered in `ctx` as a table of its columns (named as the engine
/// names them, [`engine_column`]).
fn register_relations(
    ctx: &SessionContext,
    input: &PlanInput,
) -> datafusion::error::Result<BTreeMap<String, Arc<PlanningTable>>> {
    let mut tables = BTreeMap::new();
    for r in &input.relations {
        let fields: Vec<Field> = r
            .columns
            .iter()
            .map(|(n, t)| t.to_arrow_field(&engine_column(r.dialect, input.model_dialect, n), true))
            .collect();
        let table = Arc::new(PlanningTable {
            schema: Arc::new(Schema::new(fields)),
            relation: r.clone(),
            model: input.model_dialect,
            refused: Mutex::new(BTreeMap::new()),
        });
        ctx.register_table(r.name.as_str(), table.clone())?;
        tables.insert(r.name.clone(), table);
    }
    Ok(tables)
}

/// One extract per relation read by `remaining` scans: the union of the columns its scans need,
/// the disjunction of their pushed filters, and a limit only for a single scan. A relation the
/// optimizer eliminated (absent from `all_scans`, present in `written_scans`) gets an empty one.
/// Every column any node of `plan` refers to (subqueries included), as (the table it is
/// qualified by, through aliases — `None` when unqualified —, lower-case name). References
/// qualified by a derived table's alias are left out: the derived table's own select list
/// names the underlying columns.
fn column_names(plan: &LogicalPlan) -> BTreeSet<(Option<String>, String)> {
    // One alias may name different tables in different scopes: it stands for all of them.
    let mut alias: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let _ = plan.apply_with_subqueries(|n| {
        match n {
            LogicalPlan::TableScan(s) => {
                let t = s.table_name.table().to_string();
                alias.entry(t.clone()).or_default().insert(t);
            }
            LogicalPlan::SubqueryAlias(a) => {
                if let LogicalPlan::TableScan(s) = a.input.as_ref() {
                    alias
                        .entry(a.alias.table().to_string())
                        .or_default()
                        .insert(s.table_name.table().to_string());
                }
            }
            _ => {}
        }
        Ok(TreeNodeRecursion::Continue)
    });
    let mut out = BTreeSet::new();
    let _ = plan.apply_with_subqueries(|n| {
        for e in n.expressions() {
            // Outer references too: a correlated subquery's `x0.k` is a column of the outer
            // relation its extract must carry (the model's SQL names it even where the
            // optimizer dropped the subquery: `EXISTS (…) IS NULL` is FALSE).
            let mut refs: Vec<Column> = e.column_refs().into_iter().cloned().collect();
            let _ = e.apply(|x| {
                if let Expr::OuterReferenceColumn(_, c) = x {
                    refs.push(c.clone());
                }
                Ok(TreeNodeRecursion::Continue)
            });
            for c in &refs {
                let name = c.name.clone();
                match &c.relation {
                    None => {
                        out.insert((None, name));
                    }
                    Some(r) => {
                        for t in alias.get(r.table()).into_iter().flatten() {
                            out.insert((Some(t.clone()), name.clone()));
                        }
                    }
                }
            }
        }
        Ok(TreeNodeRecursion::Continue)
    });
    out
}

/// One extract per relation the plan still reads. With `named`, every column of a relation
/// whose name is in it is kept too (the transform is then the model's own SQL).
fn table_extracts(
    input: &PlanInput,
    tables: &BTreeMap<String, Arc<PlanningTable>>,
    all_scans: &[TableScan],
    remaining: &[TableScan],
    written_scans: &[TableScan],
    named: Option<&BTreeSet<(Option<String>, String)>>,
) -> Vec<Extract> {
    let mut grouped: BTreeMap<&str, Vec<&TableScan>> = BTreeMap::new();
    for s in remaining {
        grouped.entry(s.table_name.table()).or_default().push(s);
    }
    let mut extracts = Vec::new();
    for r in &input.relations {
        let reads = |scans: &[TableScan]| scans.iter().any(|s| s.table_name.table() == r.name);
        let (group, eliminated) = match grouped.get(r.name.as_str()) {
            Some(g) => (g.clone(), false),
            // Read only inside pushed subtrees.
            None if reads(all_scans) => continue,
            // Read by the SQL, not needed by the optimized plan: its columns, no rows.
            None => match written_scans
                .iter()
                .find(|s| s.table_name.table() == r.name)
            {
                Some(s) => (vec![s], true),
                None => continue,
            },
        };
        let cols = extract_columns(input, r, &group, eliminated, named);
        let found = scan_where(input, r, &tables[&r.name], &group);
        let where_sql = found.sql;
        let limit = match group.as_slice() {
            _ if eliminated => Some(0),
            [only] if where_sql.is_some() || only.filters.is_empty() => only.fetch,
            _ => None,
        };
        let columns: Vec<&(String, DvtType)> =
            cols.iter().filter_map(|i| r.columns.get(*i)).collect();
        extracts.push(Extract {
            name: r.name.clone(),
            connection: r.connection.clone(),
            dialect: r.dialect,
            sql: extract_sql(r, &columns, where_sql.as_deref(), limit),
            sources: vec![r.unique_id.clone()],
            columns: columns
                .iter()
                .map(|(n, t)| {
                    plan_column(&engine_column(r.dialect, input.model_dialect, n), t, true)
                })
                .collect(),
            pushed_predicates: found.predicates,
            pushed: Pushed {
                limit,
                ..Default::default()
            },
            estimated_rows: super::estimate::rows(r, input.model_dialect, &found.sent, limit),
            staged: vec![],
        });
    }
    extracts
}

/// The columns (indexes into the relation's) an extract reads: every scan's projection, all of
/// an eliminated relation's, those `named` by the model's SQL, and one when none is needed
/// (`COUNT(*)` still needs rows).
fn extract_columns(
    input: &PlanInput,
    r: &Relation,
    group: &[&TableScan],
    eliminated: bool,
    named: Option<&BTreeSet<(Option<String>, String)>>,
) -> BTreeSet<usize> {
    let mut cols: BTreeSet<usize> = BTreeSet::new();
    if eliminated {
        cols.extend(0..r.columns.len());
    }
    for s in group {
        match &s.projection {
            Some(p) => cols.extend(p.iter().copied()),
            None => cols.extend(0..r.columns.len()),
        }
    }
    if let Some(named) = named {
        let is_named = |n: &String| {
            let n = engine_column(r.dialect, input.model_dialect, n);
            named.contains(&(Some(r.name.clone()), n.clone())) || named.contains(&(None, n))
        };
        cols.extend((0..r.columns.len()).filter(|i| is_named(&r.columns[*i].0)));
    }
    if cols.is_empty() && !r.columns.is_empty() {
        cols.insert(0);
    }
    cols
}

/// The `WHERE` of an extract read by several scans: each scan's pushable filters ANDed, the
/// scans ORed; none when one scan reads unfiltered (or nothing of it can be pushed). Returns
/// it with the predicates EXPLAIN shows. A filter that cannot be written in the source's
/// dialect is recorded with its reason on the table.
fn scan_where<'a>(
    input: &PlanInput,
    r: &Relation,
    table: &PlanningTable,
    group: &[&'a TableScan],
) -> ScanWhere<'a> {
    let mut per_scan: Vec<Vec<String>> = Vec::new();
    let mut exprs: Vec<Vec<&Expr>> = Vec::new();
    let mut unfiltered = false;
    for s in group {
        let mut parts = Vec::new();
        let mut sent = Vec::new();
        for f in &s.filters {
            match source_sql(f, r, input.model_dialect, &mut Vec::new()) {
                Ok(sql) => {
                    parts.push(sql);
                    sent.push(f);
                }
                Err(reason) => {
                    let mut refused = table.refused.lock().unwrap_or_else(|p| p.into_inner());
                    refused.insert(f.to_string(), reason);
                }
            }
        }
        unfiltered |= parts.is_empty();
        per_scan.push(parts);
        exprs.push(sent);
    }
    let and = |c: &[String]| {
        c.iter()
            .map(|p| format!("({p})"))
            .collect::<Vec<_>>()
            .join(" AND ")
    };
    let (sql, predicates) = match per_scan.as_slice() {
        _ if unfiltered => (None, Vec::new()),
        [] => (None, Vec::new()),
        [only] => (Some(and(only)), only.clone()),
        many => {
            let ors: Vec<String> = many.iter().map(|c| format!("({})", and(c))).collect();
            let p = ors.join(" OR ");
            (Some(p.clone()), vec![p])
        }
    };
    ScanWhere {
        sent: if sql.is_some() { exprs } else { Vec::new() },
        sql,
        predicates,
    }
}

/// A per-table extract's `WHERE`: its SQL, its conjuncts as sent, and the filters sent (one
/// conjunct list per scan of the relation, OR-ed; empty when nothing is sent).
struct ScanWhere<'a> {
    sql: Option<String>,
    predicates: Vec<String>,
    sent: Vec<Vec<&'a Expr>>,
}

/// `SELECT columns FROM [schema.]table [WHERE …] [LIMIT n]` in the relation's dialect.
fn extract_sql(
    r: &Relation,
    columns: &[&(String, DvtType)],
    where_sql: Option<&str>,
    limit: Option<usize>,
) -> String {
    let select = columns
        .iter()
        .map(|(n, _)| quote(r.dialect, n))
        .collect::<Vec<_>>()
        .join(", ");
    let from = match &r.schema {
        Some(s) => format!(
            "{}.{}",
            quote(r.dialect, s),
            quote(r.dialect, &r.identifier)
        ),
        None => quote(r.dialect, &r.identifier),
    };
    let mut sql = format!("SELECT {select} FROM {from}");
    if let Some(w) = where_sql {
        sql.push_str(&format!(" WHERE {w}"));
    }
    match limit {
        Some(n) => limit_sql(&sql, n, r.dialect),
        None => sql,
    }
}

/// `sql` with a row limit in the dialect's syntax.
fn limit_sql(sql: &str, n: usize, d: DbKind) -> String {
    match d.caps().limit {
        crate::translate::dialect::LimitStyle::Limit => format!("{sql} LIMIT {n}"),
        crate::translate::dialect::LimitStyle::Top => {
            sql.replacen("SELECT ", &format!("SELECT TOP {n} "), 1)
        }
    }
}

/// Leaves of the transform: pushed subtrees and the per-table extracts, read by their names.
struct TransformLeaves<'a> {
    /// Each pushed subtree's root, its extract's name, column names and residual filters.
    pushed: Vec<(&'a LogicalPlan, String, Vec<String>, Vec<Residual>)>,
    relations: &'a [Relation],
    model: DbKind,
}

impl Leaves for TransformLeaves<'_> {
    fn read_by_engine(&self) -> bool {
        true
    }

    fn leaf(&self, node: &LogicalPlan) -> Result<Option<LeafSql>, String> {
        if let Some((_, name, columns, residuals)) =
            self.pushed.iter().find(|(p, ..)| std::ptr::eq(*p, node))
        {
            return Ok(Some(LeafSql {
                from: ident(name),
                columns: columns.clone(),
                limit: None,
                residuals: residuals.clone(),
            }));
        }
        let LogicalPlan::TableScan(s) = node else {
            return Ok(None);
        };
        let r = self
            .relations
            .iter()
            .find(|r| r.name == s.table_name.table())
            .ok_or_else(|| format!("unknown table {}", s.table_name))?;
        Ok(Some(LeafSql {
            from: ident(&r.name),
            // The extract's columns, as the engine names them.
            columns: scan_columns(s, r)
                .iter()
                .map(|c| engine_column(r.dialect, self.model, c))
                .collect(),
            limit: scan_limit(s)?,
            residuals: vec![],
        }))
    }
}

/// Every table scan outside the given subtrees.
fn scans_outside(plan: &LogicalPlan, roots: &[&LogicalPlan]) -> Vec<TableScan> {
    let mut out = Vec::new();
    let _ = plan.apply_with_subqueries(|n| {
        if roots.iter().any(|r| std::ptr::eq(*r, n)) {
            return Ok(TreeNodeRecursion::Jump);
        }
        if let LogicalPlan::TableScan(s) = n {
            out.push(s.clone());
        }
        Ok(TreeNodeRecursion::Continue)
    });
    out
}

/// The extracts and the transform of a plan with pushed subtrees.
async fn split_with_pushed(
    input: &PlanInput,
    tables: &BTreeMap<String, Arc<PlanningTable>>,
    optimized: &LogicalPlan,
    all_scans: &[TableScan],
    written_scans: &[TableScan],
    pushed: &[PushedTree<'_>],
    output_columns: &[PlanColumn],
) -> Result<(Vec<Extract>, Transform, Vec<FederationWarning>), String> {
    let mut notes = Vec::new();
    for t in pushed {
        for r in &t.residuals {
            let to = &t.relation.connection;
            let how = if r.widened {
                format!("is sent to {to} with the rest of its subtree only as a wider filter")
            } else {
                format!("is not pushed to {to} with the rest of its subtree")
            };
            notes.push(FederationWarning::new(
                WarningCode::Dvt005,
                format!(
                    "filter {} {how}: {}; the engine applies it",
                    r.expr, r.reason
                ),
            ));
        }
    }
    let position = |name: &str| input.relations.iter().position(|r| r.name == name);
    let mut keyed: Vec<(usize, Extract)> = Vec::new();
    let mut leaves: Vec<(&LogicalPlan, String, Vec<String>, Vec<Residual>)> = Vec::new();
    for (i, t) in pushed.iter().enumerate() {
        // The same query on the same server (a CTE used twice, the aggregate a scalar
        // subquery reads again) is one extract, read once and shared.
        let same = pushed[..i]
            .iter()
            .position(|u| u.sql == t.sql && u.relation.connection == t.relation.connection);
        if let Some(j) = same {
            let name = leaves[j].1.clone();
            leaves.push((t.root, name, t.columns.clone(), t.residuals.clone()));
            continue;
        }
        let name = format!("__dvt_push_{}", keyed.len() + 1);
        let columns = t
            .root
            .schema()
            .fields()
            .iter()
            .zip(&t.columns)
            .map(|(f, n)| (n, f.as_ref()))
            .chain(t.extras.iter().map(|(n, f)| (n, f.as_ref())))
            .map(|(n, f)| plan_column(n, &DvtType::from_arrow_field(f), true))
            .collect();
        let first = t.relations.iter().filter_map(|n| position(n)).min();
        keyed.push((
            first.unwrap_or(usize::MAX),
            Extract {
                name: name.clone(),
                connection: t.relation.connection.clone(),
                dialect: t.relation.dialect,
                sql: t.sql.clone(),
                sources: t
                    .relations
                    .iter()
                    .filter_map(|n| input.relations.iter().find(|r| &r.name == n))
                    .map(|r| r.unique_id.clone())
                    .collect(),
                columns,
                pushed_predicates: t.predicates.clone(),
                pushed: t.pushed.clone(),
                estimated_rows: super::estimate::plan_rows(t.root, input),
                staged: vec![],
            },
        ));
        leaves.push((t.root, name, t.columns.clone(), t.residuals.clone()));
    }
    let roots: Vec<&LogicalPlan> = pushed.iter().map(|t| t.root).collect();
    let remaining = scans_outside(optimized, &roots);
    for e in table_extracts(input, tables, all_scans, &remaining, written_scans, None) {
        keyed.push((position(&e.name).unwrap_or(usize::MAX), e));
    }
    keyed.sort_by_key(|(k, _)| *k);
    let extracts: Vec<Extract> = keyed.into_iter().map(|(_, e)| e).collect();

    let names = optimized
        .schema()
        .fields()
        .iter()
        .map(|f| f.name().clone())
        .collect();
    let leaves = TransformLeaves {
        pushed: leaves,
        relations: &input.relations,
        model: input.model_dialect,
    };
    let datafusion_sql = Gen::new(&leaves).query(optimized, Some(names))?;
    check_transform(&datafusion_sql, &extracts, output_columns).await?;
    let spark = Translator
        .translate(&datafusion_sql, DbKind::DataFusion, DbKind::Spark)
        .map_err(|e| e.to_string())?;
    Ok((
        extracts,
        Transform {
            datafusion_sql,
            spark_sql: spark.sql,
            spark_refusal: None,
        },
        notes,
    ))
}

/// The transform plans over the extracts' declared columns and gives the model's output
/// columns and types.
async fn check_transform(
    sql: &str,
    extracts: &[Extract],
    output: &[PlanColumn],
) -> Result<(), String> {
    let ctx = planner_context();
    for e in extracts {
        let fields: Vec<Field> = e
            .columns
            .iter()
            .map(|c| {
                let t: DvtType = c.ty.parse().map_err(|x| format!("{x}"))?;
                Ok(t.to_arrow_field(&c.name, true))
            })
            .collect::<Result<_, String>>()?;
        let table = datafusion::datasource::empty::EmptyTable::new(Arc::new(Schema::new(fields)));
        ctx.register_table(e.name.as_str(), Arc::new(table))
            .map_err(|x| x.to_string())?;
    }
    let state = planning_state(&ctx);
    let plan = state
        .create_logical_plan(sql)
        .await
        .map_err(|e| format!("the transform does not plan: {e}\n{sql}"))?;
    // Types as Arrow carries them without field metadata: what that metadata adds (a varchar's length, JSON
    // kept as text) is restored by the executor's cast of every batch to the planned
    // output columns (a `CAST(NULL AS VARCHAR)` of an empty result has no length).
    let got: Vec<(String, DvtType)> = plan
        .schema()
        .fields()
        .iter()
        .map(|f| (f.name().clone(), DvtType::from_arrow(f.data_type())))
        .collect();
    let want = output
        .iter()
        .map(|c| {
            let t: DvtType = c.ty.parse().map_err(|x| format!("{x}"))?;
            Ok((c.name.clone(), DvtType::from_arrow(&t.to_arrow())))
        })
        .collect::<Result<Vec<_>, String>>()?;
    if got != want {
        return Err(format!(
            "the transform gives {got:?} instead of {want:?}\n{sql}"
        ));
    }
    Ok(())
}

/// Optimizer rules the planner leaves out: they move "cheap leaf" expressions (JSON and struct
/// field access) below joins, which splits a same-server join from its scans by a projection
/// the source may not evaluate like the engine — the join could then not be pushed. Left
/// above the join, the expression runs in the engine and the join on the source.
const PLANNER_SKIPPED_RULES: &[&str] = &["extract_leaf_expressions", "push_down_leaf_projections"];

/// The state a plan is bound and optimized in: without a query start time, so the simplifier
/// keeps the functions of the query's clock (`current_date()`, `now()` / `current_timestamp`,
/// `current_time()`) as calls instead of folding them into the planning instant's literal — a
/// plan is written once and may run on another day (and EXPLAIN shows what runs). The executor
/// evaluates them when the plan runs; a source only where it reads the same clock
/// ([`push::reads_the_clock`]).
fn planning_state(ctx: &SessionContext) -> datafusion::execution::SessionState {
    let mut state = ctx.state();
    state.execution_props_mut().query_execution_start_time = None;
    state
}

/// The planner's DataFusion session: dvt's function set (the translator writes JSON access as
/// datafusion-functions-json calls), without [`PLANNER_SKIPPED_RULES`].
fn planner_context() -> SessionContext {
    let state = SessionContext::new().state();
    let rules = state
        .optimizers()
        .iter()
        .filter(|r| !PLANNER_SKIPPED_RULES.contains(&r.name()))
        .cloned()
        .collect();
    let state = datafusion::execution::SessionStateBuilder::new_from_existing(state)
        .with_optimizer_rules(rules)
        .build();
    let state = super::decimal::with_decimal_precision(state);
    let mut ctx = SessionContext::new_with_state(state);
    let _ = datafusion_functions_json::register_all(&mut ctx);
    ctx
}
