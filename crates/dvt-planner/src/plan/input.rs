//! What the planner needs to know about a model, gathered from the project: its SQL with every
//! `source()` / `ref()` rendered to a planning name, and each relation's location and schema.

use crate::translate::DialectCaps;
use std::collections::BTreeMap;
use std::sync::Arc;

use dvt_core::model::{RelationNamer, TargetInfo, compile_model_sql};
use dvt_core::profiles::{Adapter, DbKind, ServerKey};
use dvt_core::resolver::Resolution;
use dvt_core::session::LoadedProject;
use dvt_core::{CoreError, FederationWarning, WarningCode, WarningCollector};
use dvt_io::connector::CatalogTable;
use dvt_types::DvtType;
use serde::{Deserialize, Serialize};

use super::{PlanError, Planner};

/// Source table or model.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RelationKind {
    /// A source table.
    Source,
    /// A model (the table it materializes into).
    Model,
    /// Another relation's extract staged in a temporary table (data movement; see
    /// [`super::Strategy::Move`]).
    Staged,
}

/// One relation a model reads.
#[derive(Debug, Clone)]
pub struct Relation {
    /// The name the model's planning SQL uses for it (lower case, unquoted).
    pub name: String,
    /// Its dbt `unique_id`.
    pub unique_id: String,
    /// How the user wrote it, for messages (`source('crm', 'customers')`).
    pub display: String,
    /// The output (connection) it lives on.
    pub connection: String,
    /// That output's server.
    pub server: ServerKey,
    /// That output's SQL dialect.
    pub dialect: DbKind,
    /// Schema in the database, if any.
    pub schema: Option<String>,
    /// The relation's name in the database.
    pub identifier: String,
    /// Columns with their canonical types, in order.
    pub columns: Vec<(String, DvtType)>,
    /// Source or model.
    pub kind: RelationKind,
    /// What its database's statistics say about its size (empty when unknown).
    pub stats: TableStats,
}

/// What a relation's database knows about its size, read with its schema from the database's
/// statistics (see `dvt_io::connector::CatalogColumn`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TableStats {
    /// Estimated rows.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rows: Option<u64>,
    /// The columns with an estimate, in table order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub columns: Vec<ColumnStats>,
}

/// A column's estimates.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ColumnStats {
    /// The column's name in its database.
    pub name: String,
    /// Estimated distinct non-NULL values (a one-column primary key: the rows).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub distinct: Option<u64>,
    /// Estimated NULL rows.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nulls: Option<u64>,
}

impl TableStats {
    /// The estimates of a discovered table.
    pub fn of(table: &CatalogTable) -> Self {
        let key = match table.primary_key.as_slice() {
            [k] => Some(k.as_str()),
            _ => None,
        };
        let columns = table
            .columns
            .iter()
            .filter_map(|c| {
                let distinct = match key == Some(c.name.as_str()) {
                    true => table.row_estimate.or(c.distinct),
                    false => c.distinct,
                };
                (distinct.is_some() || c.nulls.is_some()).then(|| ColumnStats {
                    name: c.name.clone(),
                    distinct,
                    nulls: c.nulls,
                })
            })
            .collect();
        Self {
            rows: table.row_estimate,
            columns,
        }
    }

    /// Whether nothing is known.
    pub fn is_empty(&self) -> bool {
        self.rows.is_none() && self.columns.is_empty()
    }
}

/// Everything the planner needs for one model.
#[derive(Debug, Clone)]
pub struct PlanInput {
    /// The model's `unique_id`.
    pub model: String,
    /// The model's SQL with relations rendered to their planning names.
    pub sql: String,
    /// The model's SQL with relations rendered to their real names (`schema.identifier`), for
    /// when the whole query runs on one server.
    pub whole_sql: String,
    /// The dialect the SQL is written in (the target's).
    pub model_dialect: DbKind,
    /// The output the model is written to.
    pub target: String,
    /// That output's server.
    pub target_server: ServerKey,
    /// Every relation the SQL reads.
    pub relations: Vec<Relation>,
    /// Warnings raised before planning (DVT001 from the resolver).
    pub warnings: Vec<FederationWarning>,
    /// The values of the plan's incremental watermarks, read on the target after a first
    /// plan listed them (empty: none read; see [`super::Watermark`]).
    pub watermarks: Vec<super::WatermarkValue>,
    /// How cross-server joins run: the model's `federation: {strategy: …}` config
    /// (default `auto`: the cost model chooses; see [`super::Strategy`]).
    pub strategy: super::Strategy,
}

fn planning_name(kind: RelationKind, a: &str, b: &str) -> String {
    let clean = |s: &str| {
        s.chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() {
                    c.to_ascii_lowercase()
                } else {
                    '_'
                }
            })
            .collect::<String>()
    };
    match kind {
        RelationKind::Source => format!("src__{}__{}", clean(a), clean(b)),
        RelationKind::Model => format!("ref__{}", clean(a)),
        RelationKind::Staged => format!("stage__{}", clean(a)),
    }
}

struct PlanningNames;

/// Real relation names (`"schema"."identifier"`), quoted for the model's dialect.
struct RealNames {
    relations: Vec<(String, Option<String>, String)>,
    quote: char,
}

/// The planning name of `{{ this }}`.
pub const THIS: &str = "__dvt_this";

/// The model's own table on its target, for an incremental run (`is_incremental()` is true and
/// `{{ this }}` reads it).
#[derive(Debug, Clone)]
pub struct ThisTable {
    /// Its schema on the target, if any.
    pub schema: Option<String>,
    /// Its name.
    pub identifier: String,
    /// Its columns as the target's catalog describes them.
    pub columns: Vec<(String, DvtType)>,
}

impl RealNames {
    /// The real names of `relations`, quoted for `dialect`.
    fn of(relations: &[Relation], dialect: DbKind) -> Self {
        RealNames {
            relations: relations
                .iter()
                .map(|r| (r.name.clone(), r.schema.clone(), r.identifier.clone()))
                .collect(),
            quote: if dialect.caps().quote == '[' {
                '"'
            } else {
                dialect.caps().quote
            },
        }
    }

    fn name(&self, planning: &str) -> Result<String, String> {
        let (_, schema, ident) = self
            .relations
            .iter()
            .find(|(p, _, _)| p == planning)
            .ok_or_else(|| format!("{planning} is not an input of this model"))?;
        let q = |s: &str| sqlparser::ast::Ident::with_quote(self.quote, s).to_string();
        Ok(match schema {
            Some(s) => format!("{}.{}", q(s), q(ident)),
            None => q(ident),
        })
    }
}

impl RelationNamer for RealNames {
    fn source(&self, source: &str, table: &str) -> Result<String, String> {
        self.name(&planning_name(RelationKind::Source, source, table))
    }
    fn model(&self, name: &str) -> Result<String, String> {
        self.name(&planning_name(RelationKind::Model, name, ""))
    }
    fn this(&self) -> String {
        self.name(THIS).unwrap_or_else(|_| THIS.to_string())
    }
}

impl RelationNamer for PlanningNames {
    fn source(&self, source: &str, table: &str) -> Result<String, String> {
        Ok(planning_name(RelationKind::Source, source, table))
    }
    fn model(&self, name: &str) -> Result<String, String> {
        Ok(planning_name(RelationKind::Model, name, ""))
    }
    fn this(&self) -> String {
        THIS.to_string()
    }
}

/// `sql` — the model's SQL with relations by their planning names ([`PlanInput::sql`]) — with
/// each table reference to one of `relations` by its real name, as [`PlanInput::whole_sql`]
/// writes it: the whole query once some relations have moved (staged tables). Only table
/// references change (through the parsed query, not its text: a column alias may be spelt
/// like a relation), and one without an alias gets its planning name as alias, so the
/// columns it qualifies (`nation.n_name`) still bind; `None` when `sql` does not parse in
/// `dialect`.
pub(crate) fn with_real_names(
    sql: &str,
    relations: &[Relation],
    dialect: DbKind,
) -> Option<String> {
    use sqlparser::ast::VisitMut;
    let caps = dialect.caps();
    let mut statements = sqlparser::parser::Parser::parse_sql(&*(caps.parser)(), sql).ok()?;
    let mut real = RealTables(RealNames::of(relations, dialect));
    let _ = statements.visit(&mut real);
    let texts: Vec<String> = statements.iter().map(ToString::to_string).collect();
    Some(texts.join(";\n"))
}

/// Table references by their real names (see [`with_real_names`]).
struct RealTables(RealNames);

impl sqlparser::ast::VisitorMut for RealTables {
    type Break = ();

    fn pre_visit_table_factor(
        &mut self,
        factor: &mut sqlparser::ast::TableFactor,
    ) -> std::ops::ControlFlow<()> {
        use sqlparser::ast::{Ident, ObjectName, TableAlias, TableFactor};
        let TableFactor::Table { name, alias, .. } = factor else {
            return std::ops::ControlFlow::Continue(());
        };
        let planning = match name.0.as_slice() {
            [part] => part.as_ident().map(|i| i.value.to_ascii_lowercase()),
            _ => None,
        };
        let real = &self.0;
        let found = planning.and_then(|p| real.relations.iter().find(|(n, _, _)| *n == p));
        if let Some((planning, schema, ident)) = found {
            let mut parts: Vec<Ident> = schema
                .iter()
                .map(|s| Ident::with_quote(real.quote, s))
                .collect();
            parts.push(Ident::with_quote(real.quote, ident));
            *name = ObjectName::from(parts);
            if alias.is_none() {
                *alias = Some(TableAlias {
                    explicit: true,
                    name: Ident::new(planning),
                    columns: Vec::new(),
                    at: None,
                });
            }
        }
        std::ops::ControlFlow::Continue(())
    }
}

/// The kind of an output (the dialect its SQL is written in) and its server; a kind the
/// translator does not write is refused.
fn dialect_of(
    loaded: &LoadedProject,
    connection: &str,
    what: &str,
) -> Result<(DbKind, ServerKey), PlanError> {
    let c = loaded.profile.output(connection, what)?;
    if !c.adapter.translatable() {
        return Err(PlanError::UnsupportedAdapter {
            what: what.to_string(),
            adapter: c.adapter.to_string(),
        });
    }
    Ok((c.adapter, c.server_key()))
}

fn typed_columns(
    relation: &str,
    adapter: DbKind,
    cols: &[dvt_core::project::ColumnDecl],
) -> Result<Option<Vec<(String, DvtType)>>, PlanError> {
    if cols.is_empty() || cols.iter().any(|c| c.data_type.is_none()) {
        return Ok(None);
    }
    declared_types(relation, adapter, cols).map(Some)
}

/// The declared columns that have a `data_type:`, parsed in the output's type dialect.
fn declared_types(
    relation: &str,
    adapter: DbKind,
    cols: &[dvt_core::project::ColumnDecl],
) -> Result<Vec<(String, DvtType)>, PlanError> {
    cols.iter()
        .filter_map(|c| Some((c, c.data_type.as_deref()?)))
        .map(|(c, native)| {
            dvt_types::parse_type(adapter, native)
                .map(|t| (c.name.clone(), t))
                .map_err(|e| PlanError::BadType {
                    relation: relation.to_string(),
                    column: c.name.clone(),
                    message: e.to_string(),
                })
        })
        .collect()
}

/// A relation's columns (name, canonical type) and the warnings found while typing them.
pub type Columns = (Vec<(String, DvtType)>, Vec<FederationWarning>);

/// A source's columns: from its catalog entry (discovered) merged with what its yml declares
/// (declared types win, DVT009 where they differ; a declared column the table lacks is
/// DVT117), or from the declaration alone when the catalog was not read. A type dvt does not
/// know is read as text (DVT002).
fn source_columns(
    loaded: &LoadedProject,
    s: &dvt_core::project::SourceTable,
    display: &str,
    adapter: DbKind,
) -> Result<Columns, PlanError> {
    let Some(table) = loaded.catalog.get(&s.unique_id) else {
        let cols = typed_columns(display, adapter, &s.columns)?.ok_or_else(|| {
            PlanError::MissingSchema {
                relation: display.to_string(),
            }
        })?;
        return Ok((cols, Vec::new()));
    };
    let (output, _) = loaded.source_location(s);
    let (cols, warnings) = merge_columns(display, &output, adapter, &s.columns, &table)?;
    let warnings = warnings
        .into_iter()
        .map(|w| w.with_source(s.unique_id.clone()))
        .collect();
    Ok((cols, warnings))
}

/// A discovered table's columns (in table order) merged with a yml's `columns:` for the
/// relation `display` on `output`: declared types win (DVT009 where they differ from the
/// catalog's), a declared column the table lacks is DVT117, a type dvt does not map is read as
/// text (DVT002), as is a column without a declared type (SQLite).
pub fn merge_columns(
    display: &str,
    output: &str,
    adapter: DbKind,
    decls: &[dvt_core::project::ColumnDecl],
    table: &CatalogTable,
) -> Result<Columns, PlanError> {
    let declared = declared_types(display, adapter, decls)?;
    let find = |decl: &dvt_core::project::ColumnDecl| {
        let exact = table.columns.iter().position(|c| c.name == decl.name);
        exact.or_else(|| {
            let mut it = table.columns.iter().enumerate();
            it.find(|(_, c)| !decl.quote && c.name.eq_ignore_ascii_case(&decl.name))
                .map(|(i, _)| i)
        })
    };
    let mut overrides = BTreeMap::new();
    for decl in decls {
        let Some(i) = find(decl) else {
            let names: Vec<&str> = table.columns.iter().map(|c| c.name.as_str()).collect();
            return Err(PlanError::Core(CoreError::DeclaredColumnMissing {
                column: decl.name.clone(),
                source_display: display.to_string(),
                table: format!("table {} on output '{output}'", table.name),
                available: names.join(", "),
            }));
        };
        if let (Some((_, ty)), Some(text)) = (
            declared.iter().find(|(n, _)| *n == decl.name),
            &decl.data_type,
        ) {
            overrides.insert(i, (ty.clone(), text.clone()));
        }
    }
    let mut warnings = Vec::new();
    let mut warn = |code, message: String| {
        warnings.push(FederationWarning::new(code, message));
    };
    let cols = table
        .columns
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let at = format!("column {} of {display}", c.name);
            let ty = match (overrides.remove(&i), &c.ty) {
                (Some((d, text)), found) if d != *found => {
                    warn(
                        WarningCode::Dvt009,
                        format!(
                            "{at} is declared `{text}` in yml but is `{}` in the database; the declared type is used (values are cast to it, checked)",
                            c.native_type
                        ),
                    );
                    d
                }
                (Some((d, _)), _) => d,
                (None, DvtType::Unknown { native }) if native.trim().is_empty() => {
                    warn(
                        WarningCode::Dvt002,
                        format!("{at} has no declared type in the database, so its values may be of mixed kinds (numbers, text, blobs); it is read as text"),
                    );
                    DvtType::Varchar { length: None }
                }
                (None, DvtType::Unknown { native }) => {
                    warn(
                        WarningCode::Dvt002,
                        format!("{at} has type `{native}`, which dvt does not map; it is read as text (declare a `data_type:` for it to read it otherwise)"),
                    );
                    DvtType::Varchar { length: None }
                }
                (None, t) => t.clone(),
            };
            (c.name.clone(), ty)
        })
        .collect();
    Ok((cols, warnings))
}

/// Gather the [`PlanInput`] of `model` (name or `unique_id`). Ref'd models without declared
/// column types are planned first (by `planner`) to learn their output columns.
pub async fn plan_input(
    loaded: &LoadedProject,
    resolution: &Resolution,
    model: &str,
    planner: &dyn Planner,
) -> Result<PlanInput, PlanError> {
    plan_input_with(loaded, resolution, model, None, planner).await
}

/// The model's `federation: {strategy: …}` config (`auto` when absent).
fn federation_strategy(m: &dvt_core::project::Model) -> Result<super::Strategy, PlanError> {
    let Some(value) = m.config.extra.get("federation") else {
        return Ok(super::Strategy::Auto);
    };
    let bad = |message: String| PlanError::BadConfig {
        model: m.unique_id.clone(),
        message,
    };
    match value.get("strategy") {
        None => Ok(super::Strategy::Auto),
        Some(serde_json::Value::String(s)) => super::Strategy::parse(s.as_str()).map_err(bad),
        Some(other) => Err(bad(format!(
            "federation strategy {other} is not a name (auto, extract, semi_join, move)"
        ))),
    }
}

/// [`plan_input`] for an incremental run: `is_incremental()` is true and `{{ this }}` is the
/// model's existing table on its target (a relation of the plan like any other).
pub async fn plan_input_with(
    loaded: &LoadedProject,
    resolution: &Resolution,
    model: &str,
    this: Option<&ThisTable>,
    planner: &dyn Planner,
) -> Result<PlanInput, PlanError> {
    let project = &loaded.project;
    let m = project.model(model).ok_or_else(|| {
        PlanError::Core(dvt_core::CoreError::Select {
            message: format!("no model named '{model}' in project '{}'", project.name),
        })
    })?;
    let resolved = &resolution.models[&m.unique_id];
    let (model_dialect, target_server) =
        dialect_of(loaded, &resolved.target, &format!("model '{}'", m.name))?;
    let target_info = TargetInfo {
        name: resolved.target.clone(),
        adapter: model_dialect.to_string(),
        ..Default::default()
    };
    let sql = compile_model_sql(
        &m.raw_sql,
        &loaded.jinja,
        &m.unique_id,
        Arc::new(PlanningNames),
        this.is_some(),
        &target_info,
    )?;
    let mut relations = Vec::new();
    let mut source_warnings = Vec::new();
    if let Some(t) = this {
        relations.push(Relation {
            name: THIS.to_string(),
            unique_id: m.unique_id.clone(),
            display: format!("{{{{ this }}}} of model '{}'", m.name),
            connection: resolved.target.clone(),
            server: target_server.clone(),
            dialect: model_dialect,
            schema: t.schema.clone(),
            identifier: t.identifier.clone(),
            columns: t.columns.clone(),
            kind: RelationKind::Model,
            stats: TableStats::default(),
        });
    }
    for up in &resolved.upstream {
        let found = upstream_relation(loaded, resolution, up, planner).await?;
        if let Some((r, warnings)) = found {
            relations.push(r);
            source_warnings.extend(warnings);
        }
    }
    let real = RealNames::of(&relations, model_dialect);
    let whole_sql = compile_model_sql(
        &m.raw_sql,
        &loaded.jinja,
        &m.unique_id,
        Arc::new(real),
        this.is_some(),
        &target_info,
    )?;
    // DVT001 for this model, from the resolver's rules.
    let w = WarningCollector::new();
    let _ = loaded.resolve(&w);
    let mut warnings: Vec<FederationWarning> = w
        .take()
        .into_iter()
        .filter(|x| x.model.as_deref() == Some(m.unique_id.as_str()))
        .collect();
    warnings.extend(
        source_warnings
            .into_iter()
            .map(|w| w.with_model(m.unique_id.clone())),
    );
    Ok(PlanInput {
        model: m.unique_id.clone(),
        sql,
        whole_sql,
        model_dialect,
        target: resolved.target.clone(),
        target_server,
        relations,
        warnings,
        watermarks: vec![],
        strategy: federation_strategy(m)?,
    })
}

/// The relation of one input of a model (a source, or an upstream model), with the warnings its
/// schema discovery raised; `None` for an input that is neither.
async fn upstream_relation(
    loaded: &LoadedProject,
    resolution: &Resolution,
    up: &dvt_core::resolver::Upstream,
    planner: &dyn Planner,
) -> Result<Option<(Relation, Vec<FederationWarning>)>, PlanError> {
    let project = &loaded.project;
    if let Some(s) = project.sources.get(&up.unique_id) {
        let display = format!("source('{}', '{}')", s.source_name, s.name);
        let (dialect, server) = dialect_of(loaded, &up.target, &display)?;
        let (columns, found) = source_columns(loaded, s, &display, dialect)?;
        let r = Relation {
            name: planning_name(RelationKind::Source, &s.source_name, &s.name),
            unique_id: s.unique_id.clone(),
            display,
            connection: up.target.clone(),
            server,
            dialect,
            // A SQLite output is one database file: its tables are addressed by name alone.
            schema: Adapter::expect(dialect).schemas.then(|| s.schema.clone()),
            identifier: s.identifier.clone(),
            columns,
            kind: RelationKind::Source,
            stats: (loaded.catalog.get(&s.unique_id).as_ref())
                .map(TableStats::of)
                .unwrap_or_default(),
        };
        return Ok(Some((r, found)));
    }
    let Some(dep) = project.models.get(&up.unique_id) else {
        return Ok(None);
    };
    let display = format!("ref('{}')", dep.name);
    let (dialect, server) = dialect_of(loaded, &up.target, &display)?;
    let table = loaded.model_table(dep, &up.target)?;
    let columns = match typed_columns(&display, dialect, &dep.columns)? {
        Some(c) => c,
        None => planned_columns(loaded, resolution, &dep.unique_id, planner).await?,
    };
    let r = Relation {
        name: planning_name(RelationKind::Model, &dep.name, ""),
        unique_id: dep.unique_id.clone(),
        display,
        connection: up.target.clone(),
        server,
        dialect,
        // dbt puts a model in its config schema, else in the output's schema.
        schema: table.schema,
        identifier: table.name,
        columns,
        kind: RelationKind::Model,
        stats: TableStats::default(),
    };
    Ok(Some((r, Vec::new())))
}

/// The output columns of an upstream model whose columns are not declared: it is planned.
async fn planned_columns(
    loaded: &LoadedProject,
    resolution: &Resolution,
    unique_id: &str,
    planner: &dyn Planner,
) -> Result<Vec<(String, DvtType)>, PlanError> {
    let inner = Box::pin(plan_input(loaded, resolution, unique_id, planner)).await?;
    let plan = planner.plan(&inner).await?;
    Ok(plan
        .output_columns
        .iter()
        .map(|c| {
            let t: DvtType = c.ty.parse().unwrap_or(DvtType::Unknown {
                native: c.ty.clone(),
            });
            (c.name.clone(), t)
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn relation(name: &str, schema: &str, identifier: &str) -> Relation {
        Relation {
            name: name.into(),
            unique_id: format!("source.p.s.{name}"),
            display: name.into(),
            connection: "pg".into(),
            server: ServerKey {
                family: "postgres".into(),
                host: "127.0.0.1".into(),
                port: 5432,
                location: "db".into(),
            },
            dialect: DbKind::Postgres,
            schema: Some(schema.into()),
            identifier: identifier.into(),
            columns: Vec::new(),
            kind: RelationKind::Source,
            stats: TableStats::default(),
        }
    }

    #[test]
    fn real_names_replace_table_references_only() {
        let relations = [
            relation("nation", "pg_temp", "dvt_stage_1"),
            relation("lineitem", "tpch", "lineitem"),
        ];
        let sql = "SELECT n_name AS nation, COUNT(*) AS lineitem FROM nation \
                   JOIN (SELECT * FROM lineitem) AS l ON l.l_suppkey = nation.n_nationkey \
                   WHERE n_name <> 'nation' GROUP BY 1";
        let got = with_real_names(sql, &relations, DbKind::Postgres).unwrap();
        assert_eq!(
            got,
            "SELECT n_name AS nation, COUNT(*) AS lineitem FROM \"pg_temp\".\"dvt_stage_1\" AS nation \
             JOIN (SELECT * FROM \"tpch\".\"lineitem\" AS lineitem) AS l ON l.l_suppkey = nation.n_nationkey \
             WHERE n_name <> 'nation' GROUP BY 1"
        );
        assert_eq!(
            with_real_names("SELEC nope", &relations, DbKind::Postgres),
            None
        );
    }
}
