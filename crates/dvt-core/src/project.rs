//! The dbt project: `dbt_project.yml`, models (`models/**/*.sql`) and their properties and
//! sources (`models/**/*.yml`).
//!
//! [`Project::load`] reads a project directory the way dbt does; [`crate::manifest`] builds the
//! same [`Project`] from a `manifest.json` that dbt itself compiled.
//!
//! ## Where a source lives
//! A source's or a source table's connection (an output of the profile) comes from, in order:
//! `connection:` (dvt's own key), `meta: {connection: ..}`, `config: {meta: {connection: ..}}`.
//! The table level wins over the source level; with neither, the source lives on the default
//! target.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use indexmap::IndexMap;
use serde::Serialize;
use serde_norway::Value as Y;

use crate::config::{KNOWN_CONFIG_KEYS, ModelConfig, RawConfig, string_list};
use crate::error::{CoreError, Result};
use crate::jinja::{JinjaContext, read_yaml_rendered};
use crate::model::parse_model_sql;

/// A column declared in yml (`columns: - name: id  data_type: integer`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ColumnDecl {
    /// Column name.
    pub name: String,
    /// Native type as declared (`data_type:`), if any.
    pub data_type: Option<String>,
    /// `quote: true`: the name is the column's exact spelling (matched case-sensitively in
    /// the catalog); otherwise a name without an exact match matches case-insensitively, as
    /// dbt leaves unquoted names to the database's folding.
    pub quote: bool,
}

/// One source table.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SourceTable {
    /// `source.<project>.<source>.<table>`.
    pub unique_id: String,
    /// The source's name (first argument of `source()`).
    pub source_name: String,
    /// The table's name (second argument of `source()`).
    pub name: String,
    /// The relation's name in the database (`identifier:`, default the name).
    pub identifier: String,
    /// Schema (default: the source's name, as in dbt).
    pub schema: String,
    /// Database, if given.
    pub database: Option<String>,
    /// The output the table lives on; `None` = the default target.
    pub connection: Option<String>,
    /// Declared columns.
    pub columns: Vec<ColumnDecl>,
    /// `meta:` of the table merged over the source's (table keys win); dvt reads `connection`,
    /// `partition_column` and `partitions` from it.
    pub meta: serde_json::Map<String, serde_json::Value>,
    /// The yml file it was declared in (or the manifest).
    pub file: PathBuf,
}

/// One model.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Model {
    /// `model.<project>.<name>`.
    pub unique_id: String,
    /// The model's name (its file stem).
    pub name: String,
    /// Path of its SQL file relative to the project root.
    pub path: PathBuf,
    /// dbt's fully qualified name: project, folders, name.
    pub fqn: Vec<String>,
    /// The SQL as written (Jinja included).
    pub raw_sql: String,
    /// SQL compiled by dbt, when imported from a manifest.
    pub compiled_sql: Option<String>,
    /// Merged configuration.
    pub config: ModelConfig,
    /// Models it `ref()`s, by name.
    pub refs: Vec<String>,
    /// Sources it reads, as `(source, table)`.
    pub sources: Vec<(String, String)>,
    /// `unique_id`s of everything it depends on (models and sources).
    pub depends_on: Vec<String>,
    /// Declared columns.
    pub columns: Vec<ColumnDecl>,
}

/// A loaded project.
#[derive(Debug, Clone, Serialize)]
pub struct Project {
    /// The project directory.
    pub root: PathBuf,
    /// `name:` of dbt_project.yml.
    pub name: String,
    /// The profile it uses (`profile:`, default: the project name).
    pub profile: String,
    /// Project vars (`vars:`, overridden by the caller's vars).
    pub vars: IndexMap<String, serde_json::Value>,
    /// Enabled models by `unique_id`, in a stable order (by path).
    pub models: IndexMap<String, Model>,
    /// Source tables by `unique_id`.
    pub sources: IndexMap<String, SourceTable>,
}

fn to_json(v: &Y) -> serde_json::Value {
    serde_json::to_value(v).unwrap_or(serde_json::Value::Null)
}

fn yaml_str(v: Option<&Y>) -> Option<String> {
    v.and_then(crate::profiles::scalar)
}

/// The connection named by a source or table node, in the documented order of spellings.
pub(crate) fn connection_of(node: &serde_json::Value) -> Option<String> {
    let s = |v: Option<&serde_json::Value>| v.and_then(|v| v.as_str()).map(str::to_string);
    s(node.get("connection"))
        .or_else(|| s(node.get("meta").and_then(|m| m.get("connection"))))
        .or_else(|| {
            s(node
                .get("config")
                .and_then(|c| c.get("meta"))
                .and_then(|m| m.get("connection")))
        })
}

/// `meta:` (or `config: {meta:}`) of a yml node.
fn meta_of(node: &serde_json::Value) -> serde_json::Map<String, serde_json::Value> {
    let mut m = serde_json::Map::new();
    for v in [
        node.get("config").and_then(|c| c.get("meta")),
        node.get("meta"),
    ]
    .into_iter()
    .flatten()
    {
        if let Some(o) = v.as_object() {
            m.extend(o.clone());
        }
    }
    m
}

fn columns_of(node: &serde_json::Value) -> Vec<ColumnDecl> {
    let one = |c: &serde_json::Value, fallback: Option<&str>| {
        let name = c
            .get("name")
            .and_then(|n| n.as_str())
            .or(fallback)?
            .to_string();
        let data_type = c
            .get("data_type")
            .and_then(|d| d.as_str())
            .filter(|d| !d.is_empty())
            .map(str::to_string);
        let quote = c.get("quote").and_then(|q| q.as_bool()).unwrap_or(false);
        Some(ColumnDecl {
            name,
            data_type,
            quote,
        })
    };
    match node.get("columns") {
        // properties files: a list
        Some(serde_json::Value::Array(a)) => a.iter().filter_map(|c| one(c, None)).collect(),
        // manifest: a map by name
        Some(serde_json::Value::Object(m)) => {
            m.iter().filter_map(|(k, c)| one(c, Some(k))).collect()
        }
        _ => Vec::new(),
    }
}

/// What a JSON value is, for messages (`a string 'orders'`).
fn json_kind(v: &serde_json::Value) -> String {
    match v {
        serde_json::Value::String(s) => format!("a string '{s}'"),
        serde_json::Value::Object(_) => "a mapping".into(),
        serde_json::Value::Array(_) => "a list".into(),
        other => format!("the value {other}"),
    }
}

/// Source tables declared in one `sources:` entry (properties file or manifest-shaped JSON).
pub(crate) fn source_tables(
    project: &str,
    source: &serde_json::Value,
    file: &Path,
) -> Result<Vec<SourceTable>> {
    let bad = |message: String| CoreError::Parse {
        file: file.to_path_buf(),
        message,
    };
    let sname = source
        .get("name")
        .and_then(|n| n.as_str())
        .ok_or_else(|| bad("a source has no `name:`".into()))?;
    let src_conn = connection_of(source);
    let schema = source
        .get("schema")
        .and_then(|s| s.as_str())
        .unwrap_or(sname)
        .to_string();
    let database = source
        .get("database")
        .and_then(|s| s.as_str())
        .map(str::to_string);
    let tables = match source.get("tables") {
        None | Some(serde_json::Value::Null) => &[][..],
        Some(serde_json::Value::Array(t)) => t.as_slice(),
        Some(other) => {
            return Err(bad(format!(
                "`tables:` of source '{sname}' must be a list of tables (`- name: orders`), not {}",
                json_kind(other)
            )));
        }
    };
    let mut out = Vec::new();
    for t in tables {
        let tname = t
            .get("name")
            .and_then(|n| n.as_str())
            .ok_or_else(|| bad(format!("a table of source '{sname}' has no `name:`")))?;
        out.push(SourceTable {
            unique_id: format!("source.{project}.{sname}.{tname}"),
            source_name: sname.to_string(),
            name: tname.to_string(),
            identifier: t
                .get("identifier")
                .and_then(|s| s.as_str())
                .unwrap_or(tname)
                .to_string(),
            schema: schema.clone(),
            database: database.clone(),
            connection: connection_of(t).or_else(|| src_conn.clone()),
            columns: columns_of(t),
            meta: {
                let mut m = meta_of(source);
                m.extend(meta_of(t));
                m
            },
            file: file.to_path_buf(),
        });
    }
    Ok(out)
}

/// What the caller adds to a project load.
#[derive(Debug, Clone, Default)]
pub struct LoadOptions {
    /// Vars that override `vars:` of dbt_project.yml (the CLI's `--vars`).
    pub vars: IndexMap<String, serde_json::Value>,
}

/// Model properties from yml files: the raw config and columns of each model by name.
#[derive(Default)]
struct Properties {
    models: BTreeMap<String, (RawConfig, Vec<ColumnDecl>)>,
    sources: Vec<SourceTable>,
}

/// A model file's name (its stem).
fn model_name(path: &Path) -> String {
    path.file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or_default()
        .to_string()
}

/// What reading the model paths of one project needs.
struct ModelLoader<'a> {
    dir: &'a Path,
    project: &'a str,
    ctx: &'a JinjaContext,
    models_block: Y,
}

impl ModelLoader<'_> {
    /// Every properties file of the model paths read, and the `.sql` files found (with their
    /// model path), in file-name order.
    fn scan(&self, model_paths: &[String]) -> Result<(Properties, Vec<(PathBuf, PathBuf)>)> {
        let mut props = Properties::default();
        let mut sql_files = Vec::new();
        for mp in model_paths {
            let base = self.dir.join(mp);
            if !base.is_dir() {
                continue;
            }
            let mut entries: Vec<_> = walkdir::WalkDir::new(&base)
                .sort_by_file_name()
                .into_iter()
                .collect::<std::result::Result<_, _>>()
                .map_err(|e| {
                    let path = e.path().unwrap_or(&base).to_path_buf();
                    CoreError::io(path, e.into())
                })?;
            entries.retain(|e| e.file_type().is_file());
            for e in entries {
                let p = e.path();
                match p.extension().and_then(|x| x.to_str()) {
                    Some("yml" | "yaml") => read_properties(self.project, p, self.ctx, &mut props)?,
                    Some("sql") => sql_files.push((base.clone(), p.to_path_buf())),
                    _ => {}
                }
            }
        }
        Ok((props, sql_files))
    }

    /// One model file, its config merged as dbt does (project levels, properties file, the
    /// file's own `config()`); `None` when it is disabled.
    fn model(
        &self,
        base: &Path,
        path: &Path,
        rel: PathBuf,
        (yml_cfg, columns): (RawConfig, Vec<ColumnDecl>),
    ) -> Result<Option<Model>> {
        let mname = model_name(path);
        let raw_sql = std::fs::read_to_string(path).map_err(|e| CoreError::io(path, e))?;
        let what = format!("model '{mname}' ({})", rel.display());
        let parsed = parse_model_sql(&raw_sql, self.ctx, &what)?;
        let mut fqn = vec![self.project.to_string()];
        if let Some(parent) = path.strip_prefix(base).ok().and_then(Path::parent) {
            fqn.extend(
                parent
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy().into_owned()),
            );
        }
        fqn.push(mname.clone());
        let mut levels = project_levels(&self.models_block, &fqn);
        levels.push(yml_cfg);
        levels.push(parsed.config.clone());
        let config = ModelConfig::merge(&levels.iter().collect::<Vec<_>>()).map_err(|m| {
            CoreError::Parse {
                file: rel.clone(),
                message: format!("model '{mname}': {m}"),
            }
        })?;
        if !config.enabled {
            return Ok(None);
        }
        Ok(Some(Model {
            unique_id: format!("model.{}.{mname}", self.project),
            name: mname,
            path: rel,
            fqn,
            raw_sql,
            compiled_sql: None,
            config,
            refs: parsed.refs,
            sources: parsed.sources,
            depends_on: Vec::new(),
            columns,
        }))
    }
}

impl Project {
    /// Read a project directory. `ctx` supplies `env_var()`; its vars are replaced by the project's
    /// `vars:` merged with `opts.vars`.
    pub fn load(dir: &Path, ctx: &JinjaContext, opts: &LoadOptions) -> Result<Self> {
        let file = dir.join("dbt_project.yml");
        if !file.is_file() {
            return Err(CoreError::ProjectNotFound {
                dir: dir.to_path_buf(),
            });
        }
        // Vars first (rendered with env_var only), then the whole file with vars available.
        let text = std::fs::read_to_string(&file).map_err(|e| CoreError::io(&file, e))?;
        let raw: Y = serde_norway::from_str(&text).map_err(|e| CoreError::Parse {
            file: file.clone(),
            message: e.to_string(),
        })?;
        let mut vars: IndexMap<String, serde_json::Value> = IndexMap::new();
        if let Some(v) = raw.get("vars") {
            let rendered = ctx.render_yaml(v.clone(), &file.display().to_string())?;
            if let serde_json::Value::Object(m) = to_json(&rendered) {
                vars.extend(m);
            }
        }
        vars.extend(opts.vars.clone());
        let ctx = ctx.clone().with_vars(vars.clone());
        let doc = read_yaml_rendered(&file, &ctx)?;
        let name = yaml_str(doc.get("name")).ok_or_else(|| CoreError::Parse {
            file: file.clone(),
            message: "`name:` is required".into(),
        })?;
        let profile = yaml_str(doc.get("profile")).unwrap_or_else(|| name.clone());
        let model_paths: Vec<String> = doc
            .get("model-paths")
            .or_else(|| doc.get("source-paths"))
            .map(|v| string_list(&to_json(v)))
            .unwrap_or_else(|| vec!["models".into()]);
        let loader = ModelLoader {
            dir,
            project: &name,
            ctx: &ctx,
            models_block: doc.get("models").cloned().unwrap_or(Y::Null),
        };
        // Pass 1: properties files; pass 2: models.
        let (mut props, sql_files) = loader.scan(&model_paths)?;
        let mut models: IndexMap<String, Model> = IndexMap::new();
        let mut by_name: BTreeMap<String, PathBuf> = BTreeMap::new();
        for (base, path) in sql_files {
            let rel = path.strip_prefix(dir).unwrap_or(&path).to_path_buf();
            let mname = model_name(&path);
            if let Some(first) = by_name.insert(mname.clone(), rel.clone()) {
                return Err(CoreError::DuplicateModel {
                    name: mname,
                    first,
                    second: rel,
                });
            }
            let yml = props.models.remove(&mname).unwrap_or_default();
            if let Some(m) = loader.model(&base, &path, rel, yml)? {
                models.insert(m.unique_id.clone(), m);
            }
        }
        let sources = props
            .sources
            .into_iter()
            .map(|s| (s.unique_id.clone(), s))
            .collect();
        let mut project = Project {
            root: dir.to_path_buf(),
            name,
            profile,
            vars,
            models,
            sources,
        };
        project.link()?;
        Ok(project)
    }

    /// Fill every model's `depends_on` from its refs and sources, checking that each exists.
    pub(crate) fn link(&mut self) -> Result<()> {
        let names: BTreeMap<String, String> = self
            .models
            .values()
            .map(|m| (m.name.clone(), m.unique_id.clone()))
            .collect();
        let mut by_pair: BTreeMap<(String, String), String> = BTreeMap::new();
        for s in self.sources.values() {
            by_pair.insert((s.source_name.clone(), s.name.clone()), s.unique_id.clone());
        }
        for m in self.models.values_mut() {
            let mut deps = Vec::new();
            for r in &m.refs {
                let id = names.get(r).ok_or_else(|| CoreError::UnknownRef {
                    model: m.name.clone(),
                    target: r.clone(),
                })?;
                deps.push(id.clone());
            }
            for (s, t) in &m.sources {
                let id = by_pair.get(&(s.clone(), t.clone())).ok_or_else(|| {
                    CoreError::UnknownSource {
                        model: m.name.clone(),
                        source_name: s.clone(),
                        table: t.clone(),
                    }
                })?;
                deps.push(id.clone());
            }
            for d in deps {
                if !m.depends_on.contains(&d) {
                    m.depends_on.push(d);
                }
            }
        }
        Ok(())
    }

    /// A model by name or `unique_id`.
    pub fn model(&self, name_or_id: &str) -> Option<&Model> {
        self.models
            .get(name_or_id)
            .or_else(|| self.models.values().find(|m| m.name == name_or_id))
    }

    /// The source table of `source(source, table)`.
    pub fn source(&self, source: &str, table: &str) -> Option<&SourceTable> {
        self.sources
            .values()
            .find(|s| s.source_name == source && s.name == table)
    }
}

/// The dbt_project.yml config levels that apply to a model with this fqn, least specific first.
fn project_levels(block: &Y, fqn: &[String]) -> Vec<RawConfig> {
    let mut levels = vec![configs_at(block)];
    let mut node = block;
    for part in fqn {
        match node.get(part.as_str()) {
            Some(child) if child.is_mapping() => {
                levels.push(configs_at(child));
                node = child;
            }
            _ => break,
        }
    }
    levels
}

/// The config keys of one level of the `models:` block: `+key`, or a known config name.
fn configs_at(node: &Y) -> RawConfig {
    let mut out = RawConfig::new();
    if let Some(m) = node.as_mapping() {
        for (k, v) in m {
            let Some(k) = k.as_str() else { continue };
            if let Some(stripped) = k.strip_prefix('+') {
                out.insert(stripped.to_string(), to_json(v));
            } else if KNOWN_CONFIG_KEYS.contains(&k) && !(v.is_mapping() && k != "meta") {
                out.insert(k.to_string(), to_json(v));
            }
        }
    }
    out
}

fn read_properties(
    project: &str,
    file: &Path,
    ctx: &JinjaContext,
    props: &mut Properties,
) -> Result<()> {
    let doc = to_json(&read_yaml_rendered(file, ctx)?);
    for s in doc
        .get("sources")
        .and_then(|s| s.as_array())
        .into_iter()
        .flatten()
    {
        props.sources.extend(source_tables(project, s, file)?);
    }
    for m in doc
        .get("models")
        .and_then(|s| s.as_array())
        .into_iter()
        .flatten()
    {
        let Some(name) = m.get("name").and_then(|n| n.as_str()) else {
            continue;
        };
        let mut cfg = RawConfig::new();
        if let Some(serde_json::Value::Object(c)) = m.get("config") {
            cfg.extend(c.clone());
        }
        // Older dbt spellings at the model level.
        for k in ["tags", "meta"] {
            if let Some(v) = m.get(k) {
                cfg.entry(k.to_string()).or_insert_with(|| v.clone());
            }
        }
        props.models.insert(name.to_string(), (cfg, columns_of(m)));
    }
    Ok(())
}
