//! Import of a dbt `manifest.json` (schema v12 subset), so a project compiled by dbt itself can
//! be run.
//!
//! Read: `metadata.dbt_schema_version`, `nodes` whose `resource_type` is `model` (`unique_id`,
//! `name`, `package_name`, `original_file_path`, `fqn`, `raw_code`, `compiled_code`,
//! `depends_on.nodes`, `refs`, `sources`, `config`, `columns`) and `sources` (`source_name`,
//! `name`, `identifier`, `schema`, `database`, `columns`, and the connection from `connection`,
//! `meta`, `config.meta` of the table, then `source_meta` of its source). Other node types (tests,
//! seeds, snapshots, analyses) are skipped. Manifests of other schema versions are read with the
//! same subset; the version is only checked to be a dbt manifest.

use std::path::{Path, PathBuf};

use indexmap::IndexMap;
use serde_json::Value as J;

use crate::config::{ModelConfig, RawConfig};
use crate::error::{CoreError, Result};
use crate::project::{Model, Project, SourceTable, connection_of};

fn str_of<'a>(v: &'a J, key: &str) -> Option<&'a str> {
    v.get(key).and_then(J::as_str)
}

impl Project {
    /// Build a project from a dbt `manifest.json`. `root` is the project directory (for
    /// relative paths); the profile name comes from `metadata.project_name` unless `profile`
    /// is given.
    pub fn from_manifest(file: &Path, root: &Path, profile: Option<&str>) -> Result<Self> {
        let bad = |message: String| manifest_error(file, message);
        let text = std::fs::read_to_string(file).map_err(|e| CoreError::io(file, e))?;
        let doc: J = serde_json::from_str(&text).map_err(|e| bad(e.to_string()))?;
        let version = doc
            .pointer("/metadata/dbt_schema_version")
            .and_then(J::as_str)
            .unwrap_or_default();
        if !version.contains("/manifest/") {
            return Err(bad(format!(
                "metadata.dbt_schema_version is '{version}', not a dbt manifest; pass the target/manifest.json that `dbt compile` wrote"
            )));
        }
        let nodes = doc
            .get("nodes")
            .and_then(J::as_object)
            .ok_or_else(|| bad("it has no `nodes` object".into()))?;
        let mut project_name = doc
            .pointer("/metadata/project_name")
            .and_then(J::as_str)
            .map(str::to_string);

        let sources = manifest_sources(&doc, file)?;
        let mut models = IndexMap::new();
        for (id, n) in nodes {
            if str_of(n, "resource_type") != Some("model") {
                continue;
            }
            if project_name.is_none() {
                project_name = str_of(n, "package_name").map(str::to_string);
            }
            if let Some(m) = manifest_model(id, n, file)? {
                models.insert(id.clone(), m);
            }
        }
        // The same stable order as a directory load: by file path.
        models.sort_by(|_, a, _, b| (&a.path, &a.unique_id).cmp(&(&b.path, &b.unique_id)));
        // Dependencies point at known nodes only (tests and seeds are not imported).
        for m in models.values() {
            for d in &m.depends_on {
                if !models.contains_key(d) && !sources.contains_key(d) {
                    return Err(bad(format!(
                        "model '{}' depends on '{d}', which is not a model or source of the manifest",
                        m.name
                    )));
                }
            }
        }
        let name = project_name.unwrap_or_else(|| "project".to_string());
        Ok(Project {
            root: root.to_path_buf(),
            profile: profile.map(str::to_string).unwrap_or_else(|| name.clone()),
            name,
            vars: IndexMap::new(),
            models,
            sources,
        })
    }
}

/// DVT112 for the manifest `file`.
fn manifest_error(file: &Path, message: String) -> CoreError {
    CoreError::Manifest {
        file: file.to_path_buf(),
        message,
    }
}

/// The source tables of a manifest, each read as the one table of a `sources.yml` entry.
fn manifest_sources(doc: &J, file: &Path) -> Result<IndexMap<String, SourceTable>> {
    let mut sources = IndexMap::new();
    for (id, s) in doc
        .get("sources")
        .and_then(J::as_object)
        .into_iter()
        .flatten()
    {
        let (Some(sname), Some(tname)) = (str_of(s, "source_name"), str_of(s, "name")) else {
            return Err(manifest_error(
                file,
                format!("source '{id}' lacks source_name or name"),
            ));
        };
        let conn = connection_of(s).or_else(|| {
            s.get("source_meta")
                .and_then(|m| m.get("connection"))
                .and_then(J::as_str)
                .map(str::to_string)
        });
        let table_json = serde_json::json!({
            "name": tname,
            "identifier": str_of(s, "identifier").unwrap_or(tname),
            "columns": s.get("columns").cloned().unwrap_or(J::Null),
        });
        let source_json = serde_json::json!({
            "name": sname,
            "schema": str_of(s, "schema").unwrap_or(sname),
            "database": s.get("database").cloned().unwrap_or(J::Null),
            "tables": [table_json],
        });
        let pkg = str_of(s, "package_name").unwrap_or("project");
        for mut t in crate::project::source_tables(pkg, &source_json, file)? {
            t.unique_id = id.clone();
            t.connection = conn.clone();
            sources.insert(id.clone(), t);
        }
    }
    Ok(sources)
}

/// One model node of a manifest; `None` when it is disabled.
fn manifest_model(id: &str, n: &J, file: &Path) -> Result<Option<Model>> {
    let name = str_of(n, "name")
        .ok_or_else(|| manifest_error(file, format!("node '{id}' has no name")))?
        .to_string();
    let raw: RawConfig = match n.get("config") {
        Some(J::Object(c)) => c.clone().into_iter().collect(),
        _ => RawConfig::new(),
    };
    let config = ModelConfig::merge(&[&raw])
        .map_err(|m| manifest_error(file, format!("model '{name}': {m}")))?;
    if !config.enabled {
        return Ok(None);
    }
    let array = |key: &str| n.get(key).and_then(J::as_array).into_iter().flatten();
    let refs = array("refs")
        .filter_map(|r| match r {
            J::Object(_) => str_of(r, "name").map(str::to_string),
            J::Array(a) => a.last().and_then(J::as_str).map(str::to_string),
            _ => None,
        })
        .collect();
    let sources = array("sources")
        .filter_map(|p| {
            let a = p.as_array()?;
            Some((
                a.first()?.as_str()?.to_string(),
                a.get(1)?.as_str()?.to_string(),
            ))
        })
        .collect();
    let depends_on: Vec<String> = n
        .pointer("/depends_on/nodes")
        .and_then(J::as_array)
        .into_iter()
        .flatten()
        .filter_map(J::as_str)
        .filter(|d| d.starts_with("model.") || d.starts_with("source."))
        .map(str::to_string)
        .collect();
    let fqn = n
        .get("fqn")
        .and_then(J::as_array)
        .map(|a| a.iter().filter_map(J::as_str).map(str::to_string).collect())
        .unwrap_or_else(|| vec![name.clone()]);
    Ok(Some(Model {
        unique_id: id.to_string(),
        name,
        path: PathBuf::from(str_of(n, "original_file_path").unwrap_or_default()),
        fqn,
        raw_sql: str_of(n, "raw_code")
            .or_else(|| str_of(n, "raw_sql"))
            .unwrap_or_default()
            .to_string(),
        compiled_sql: str_of(n, "compiled_code")
            .or_else(|| str_of(n, "compiled_sql"))
            .map(str::to_string),
        config,
        refs,
        sources,
        depends_on,
        columns: Vec::new(),
    }))
}
