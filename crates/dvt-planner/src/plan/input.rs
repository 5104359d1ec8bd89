//! What the planner needs to know about a model, gathered from the project: its SQL with every
//! `source()` / `ref()` rendered to a planning name, and each relation's location and schema.

use std::sync::Arc;

use dvt_core::model::{RelationNamer, TargetInfo, compile_model_sql};
use dvt_core::profiles::{AdapterType, ServerKey};
use dvt_core::resolver::Resolution;
use dvt_core::session::LoadedProject;
use dvt_core::{FederationWarning, WarningCollector};
use dvt_types::DvtType;

use super::{DataFusionPlanner, PlanError, Planner};
use crate::translate::SqlDialect;

/// Source table or model.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RelationKind {
    /// A source table.
    Source,
    /// A model (the table it materializes into).
    Model,
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
    pub dialect: SqlDialect,
    /// Schema in the database, if any.
    pub schema: Option<String>,
    /// The relation's name in the database.
    pub identifier: String,
    /// Columns with their canonical types, in order.
    pub columns: Vec<(String, DvtType)>,
    /// Source or model.
    pub kind: RelationKind,
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
    pub model_dialect: SqlDialect,
    /// The output the model is written to.
    pub target: String,
    /// That output's server.
    pub target_server: ServerKey,
    /// Every relation the SQL reads.
    pub relations: Vec<Relation>,
    /// Warnings raised before planning (DVT001 from the resolver).
    pub warnings: Vec<FederationWarning>,
}

/// The SQL dialect dvt writes for an adapter.
pub fn sql_dialect(adapter: AdapterType) -> Option<SqlDialect> {
    use AdapterType as A;
    Some(match adapter {
        A::Postgres => SqlDialect::Postgres,
        A::Mysql => SqlDialect::Mysql,
        A::Mariadb => SqlDialect::Mariadb,
        A::Sqlite => SqlDialect::Sqlite,
        A::Snowflake => SqlDialect::Snowflake,
        A::Duckdb => SqlDialect::Duckdb,
        A::Spark => SqlDialect::Spark,
        A::Databricks => SqlDialect::Databricks,
        A::Redshift => SqlDialect::Redshift,
        A::Sqlserver => SqlDialect::Tsql,
        A::Trino => SqlDialect::Trino,
        A::Bigquery => SqlDialect::Bigquery,
        A::Oracle | A::Clickhouse => return None,
    })
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

fn dialect_of(
    loaded: &LoadedProject,
    connection: &str,
    what: &str,
) -> Result<(SqlDialect, ServerKey, AdapterType), PlanError> {
    let c = loaded.profile.output(connection, what)?;
    let d = sql_dialect(c.adapter).ok_or_else(|| PlanError::UnsupportedAdapter {
        what: what.to_string(),
        adapter: c.adapter.to_string(),
    })?;
    Ok((d, c.server_key(), c.adapter))
}

fn typed_columns(
    relation: &str,
    adapter: AdapterType,
    cols: &[dvt_core::project::ColumnDecl],
) -> Result<Option<Vec<(String, DvtType)>>, PlanError> {
    if cols.is_empty() || cols.iter().any(|c| c.data_type.is_none()) {
        return Ok(None);
    }
    cols.iter()
        .map(|c| {
            let native = c.data_type.as_deref().unwrap_or_default();
            dvt_types::parse_type(adapter.type_dialect(), native)
                .map(|t| (c.name.clone(), t))
                .map_err(|e| PlanError::BadType {
                    relation: relation.to_string(),
                    column: c.name.clone(),
                    message: e.to_string(),
                })
        })
        .collect::<Result<Vec<_>, _>>()
        .map(Some)
}

/// Gather the [`PlanInput`] of `model` (name or `unique_id`). Ref'd models without declared
/// column types are planned first to learn their output columns.
pub fn plan_input(
    loaded: &LoadedProject,
    resolution: &Resolution,
    model: &str,
) -> Result<PlanInput, PlanError> {
    plan_input_with(loaded, resolution, model, None)
}

/// [`plan_input`] for an incremental run: `is_incremental()` is true and `{{ this }}` is the
/// model's existing table on its target (a relation of the plan like any other).
pub fn plan_input_with(
    loaded: &LoadedProject,
    resolution: &Resolution,
    model: &str,
    this: Option<&ThisTable>,
) -> Result<PlanInput, PlanError> {
    let project = &loaded.project;
    let m = project.model(model).ok_or_else(|| {
        PlanError::Core(dvt_core::CoreError::Select {
            message: format!("no model named '{model}' in project '{}'", project.name),
        })
    })?;
    let resolved = &resolution.models[&m.unique_id];
    let (model_dialect, target_server, adapter) =
        dialect_of(loaded, &resolved.target, &format!("model '{}'", m.name))?;
    let target_info = TargetInfo {
        name: resolved.target.clone(),
        adapter: adapter.to_string(),
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
        });
    }
    for up in &resolved.upstream {
        if let Some(s) = project.sources.get(&up.unique_id) {
            let display = format!("source('{}', '{}')", s.source_name, s.name);
            let (dialect, server, adapter) = dialect_of(loaded, &up.target, &display)?;
            let columns = typed_columns(&display, adapter, &s.columns)?.ok_or_else(|| {
                PlanError::MissingSchema {
                    relation: display.clone(),
                }
            })?;
            relations.push(Relation {
                name: planning_name(RelationKind::Source, &s.source_name, &s.name),
                unique_id: s.unique_id.clone(),
                display,
                connection: up.target.clone(),
                server,
                dialect,
                // A SQLite output is one database file: its tables are addressed by name alone.
                schema: (adapter != AdapterType::Sqlite).then(|| s.schema.clone()),
                identifier: s.identifier.clone(),
                columns,
                kind: RelationKind::Source,
            });
        } else if let Some(dep) = project.models.get(&up.unique_id) {
            let display = format!("ref('{}')", dep.name);
            let (dialect, server, adapter) = dialect_of(loaded, &up.target, &display)?;
            let columns = match typed_columns(&display, adapter, &dep.columns)? {
                Some(c) => c,
                None => {
                    let inner = plan_input(loaded, resolution, &dep.unique_id)?;
                    let plan = DataFusionPlanner.plan(&inner)?;
                    plan.output_columns
                        .iter()
                        .map(|c| {
                            let t: DvtType = c.ty.parse().unwrap_or(DvtType::Unknown {
                                native: c.ty.clone(),
                            });
                            (c.name.clone(), t)
                        })
                        .collect()
                }
            };
            relations.push(Relation {
                name: planning_name(RelationKind::Model, &dep.name, ""),
                unique_id: dep.unique_id.clone(),
                display,
                connection: up.target.clone(),
                server,
                dialect,
                // dbt puts a model in its config schema, else in the output's schema.
                schema: dep.config.schema.clone().or_else(|| {
                    loaded
                        .profile
                        .outputs
                        .get(&up.target)
                        .and_then(|c| c.schema.clone())
                }),
                identifier: dep.config.alias.clone().unwrap_or_else(|| dep.name.clone()),
                columns,
                kind: RelationKind::Model,
            });
        }
    }
    let real = RealNames {
        relations: relations
            .iter()
            .map(|r| (r.name.clone(), r.schema.clone(), r.identifier.clone()))
            .collect(),
        quote: if model_dialect.caps().quote == '[' {
            '"'
        } else {
            model_dialect.caps().quote
        },
    };
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
    let warnings = w
        .take()
        .into_iter()
        .filter(|x| x.model.as_deref() == Some(m.unique_id.as_str()))
        .collect();
    Ok(PlanInput {
        model: m.unique_id.clone(),
        sql,
        whole_sql,
        model_dialect,
        target: resolved.target.clone(),
        target_server,
        relations,
        warnings,
    })
}
