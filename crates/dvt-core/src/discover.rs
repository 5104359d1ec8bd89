//! Schema discovery: a source table's columns and native types, read from its own database's
//! catalog, once per run.
//!
//! dbt users declare sources by name (`sources: [{name: crm, tables: [{name: customers}]}]`),
//! rarely with `columns:` and `data_type:`. Before a model is planned, every source it reads
//! (and the sources of upstream models whose output columns are not declared) is looked up
//! with [`Connector::table`]: columns in table order, native types, primary key and row
//! estimate. The entries are kept in a [`SourceCatalog`] shared by everything in the run —
//! planning, the partitioning estimates and every executor — so each table's catalog is read
//! once. The planner merges them with what the yml declares (declared types win).
//!
//! A source table its database does not have is DVT116, naming `source('x', 'y')`, the output,
//! the schema searched and the closest table names found there (the run adds the model).

use std::collections::{BTreeMap, BTreeSet};
use std::sync::{Arc, Mutex};

use async_trait::async_trait;

use crate::error::{CoreError, Result};
use crate::profiles::Adapter;
use crate::project::SourceTable;
use crate::resolver::Resolution;
use crate::session::LoadedProject;
use dvt_io::connector::{CatalogTable, Connector, TableName};

/// Opens the connector of an output (the run's shared connectors).
#[async_trait]
pub trait OpenConnector: Send + Sync {
    /// The connector of `output`, opened (once) and shared.
    async fn connector(&self, output: &str) -> Result<Arc<dyn Connector>>;
}

/// The catalog entries of source tables read so far in a run, by the source's `unique_id`.
/// Clones share the entries.
#[derive(Debug, Clone, Default)]
pub struct SourceCatalog {
    entries: Arc<Mutex<BTreeMap<String, CatalogTable>>>,
    /// Held while a discovery reads, so two models never read the same table twice.
    reading: Arc<futures::lock::Mutex<()>>,
}

impl SourceCatalog {
    /// The entry of a source, if it was discovered.
    pub fn get(&self, unique_id: &str) -> Option<CatalogTable> {
        self.entries.lock().ok()?.get(unique_id).cloned()
    }

    /// Record the entry of a source.
    pub fn insert(&self, unique_id: &str, table: CatalogTable) {
        if let Ok(mut m) = self.entries.lock() {
            m.insert(unique_id.to_string(), table);
        }
    }

    /// Every entry discovered so far.
    pub fn entries(&self) -> BTreeMap<String, CatalogTable> {
        self.entries.lock().map(|m| m.clone()).unwrap_or_default()
    }
}

impl LoadedProject {
    /// Where a source table lives: its output and its name there (a SQLite output is one
    /// database file, whose tables are addressed by name alone).
    pub fn source_location(&self, s: &SourceTable) -> (String, TableName) {
        let output = s
            .connection
            .clone()
            .unwrap_or_else(|| self.profile.target.clone());
        let schemas = self
            .profile
            .outputs
            .get(&output)
            .is_none_or(|c| Adapter::expect(c.adapter).schemas);
        let schema = schemas.then_some(s.schema.as_str());
        (output, TableName::new(schema, &s.identifier))
    }

    /// Where a model's table lives on the output `target`: its config `schema` (else the
    /// output's), its `alias` (else its name); no schema on SQLite.
    pub fn model_table(&self, m: &crate::project::Model, target: &str) -> Result<TableName> {
        let conn = self
            .profile
            .output(target, &format!("model '{}'", m.name))?;
        let schema = if Adapter::expect(conn.adapter).schemas {
            m.config.schema.clone().or_else(|| conn.schema.clone())
        } else {
            None
        };
        Ok(TableName::new(
            schema.as_deref(),
            m.config.alias.as_deref().unwrap_or(&m.name),
        ))
    }

    /// Read the catalog entry of every source `model` needs that this run has not read yet
    /// (see [`sources_needed`]). Errors: the output's own (DVT120 for a connection), or DVT116
    /// for a table its database does not have.
    pub async fn discover(
        &self,
        resolution: &Resolution,
        model: &str,
        open: &dyn OpenConnector,
    ) -> Result<()> {
        let Some(m) = self.project.model(model) else {
            return Ok(());
        };
        let _reading = self.catalog.reading.lock().await;
        for uid in sources_needed(self, resolution, &m.unique_id) {
            if self.catalog.get(&uid).is_some() {
                continue;
            }
            let s = &self.project.sources[&uid];
            let (output, name) = self.source_location(s);
            let c = open.connector(&output).await?;
            match c.table(&name).await? {
                Some(t) => self.catalog.insert(&uid, t),
                None => return Err(missing_table(s, &output, &name, c.as_ref()).await),
            }
        }
        Ok(())
    }
}

/// The sources whose catalog planning `model` reads: its own, and those of upstream models it
/// must plan to learn their output columns (no fully typed `columns:`), transitively.
pub fn sources_needed(loaded: &LoadedProject, resolution: &Resolution, model: &str) -> Vec<String> {
    let mut out = BTreeSet::new();
    let mut todo = vec![model.to_string()];
    let mut seen = BTreeSet::new();
    while let Some(uid) = todo.pop() {
        if !seen.insert(uid.clone()) {
            continue;
        }
        let Some(r) = resolution.models.get(&uid) else {
            continue;
        };
        for up in &r.upstream {
            if loaded.project.sources.contains_key(&up.unique_id) {
                out.insert(up.unique_id.clone());
            } else if let Some(dep) = loaded.project.models.get(&up.unique_id) {
                let typed =
                    !dep.columns.is_empty() && dep.columns.iter().all(|c| c.data_type.is_some());
                if !typed {
                    todo.push(dep.unique_id.clone());
                }
            }
        }
    }
    out.into_iter().collect()
}

/// A model's table as `catalog.json` lists it: where it landed and its columns with the
/// target's types.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CatalogNode {
    /// The model's `unique_id`.
    pub unique_id: String,
    /// Its output.
    pub output: String,
    /// Its table there.
    pub table: TableName,
    /// Columns in order, with their type as the target declares it.
    pub columns: Vec<(String, String)>,
}

impl LoadedProject {
    /// `target/catalog.json` in dbt's catalog shape (schema v1): the discovered sources and
    /// the given model tables, each with its columns (`type`, 1-based `index`), so tools that
    /// read dbt artifacts see them. Returns the file written.
    pub fn write_catalog_json(&self, nodes: &[CatalogNode]) -> Result<std::path::PathBuf> {
        let dir = self.project.root.join("target");
        std::fs::create_dir_all(&dir).map_err(|e| CoreError::io(&dir, e))?;
        let path = dir.join("catalog.json");
        let text = serde_json::to_string_pretty(&self.catalog_json(nodes)).unwrap_or_default();
        std::fs::write(&path, text).map_err(|e| CoreError::io(&path, e))?;
        Ok(path)
    }

    /// The value [`LoadedProject::write_catalog_json`] writes.
    pub fn catalog_json(&self, nodes: &[CatalogNode]) -> serde_json::Value {
        let mut sources = serde_json::Map::new();
        for (uid, t) in self.catalog.entries() {
            let Some(s) = self.project.sources.get(&uid) else {
                continue;
            };
            let (output, _) = self.source_location(s);
            let cols: Vec<(String, String)> = t
                .columns
                .iter()
                .map(|c| (c.name.clone(), c.native_type.clone()))
                .collect();
            let mut entry = self.catalog_entry(&uid, &output, &t.name, &cols);
            if let Some(n) = t.row_estimate {
                entry["stats"]["row_count"] = serde_json::json!({
                    "id": "row_count", "label": "Row Count", "value": n, "include": true,
                    "description": "The database's row-count estimate"
                });
                entry["stats"]["has_stats"]["value"] = serde_json::json!(true);
            }
            sources.insert(uid, entry);
        }
        let nodes: serde_json::Map<String, serde_json::Value> = nodes
            .iter()
            .map(|n| {
                let entry = self.catalog_entry(&n.unique_id, &n.output, &n.table, &n.columns);
                (n.unique_id.clone(), entry)
            })
            .collect();
        serde_json::json!({
            "metadata": {
                "dbt_schema_version": "https://schemas.getdbt.com/dbt/catalog/v1.json",
                "dbt_version": "dvt-rs",
                "generated_at": now_rfc3339(),
                "invocation_id": dvt_io::load::new_run_id(),
                "env": {},
            },
            "nodes": nodes,
            "sources": sources,
            "errors": null,
        })
    }

    fn catalog_entry(
        &self,
        unique_id: &str,
        output: &str,
        table: &TableName,
        columns: &[(String, String)],
    ) -> serde_json::Value {
        let database = self
            .profile
            .outputs
            .get(output)
            .and_then(|c| c.database.clone());
        let cols: serde_json::Map<String, serde_json::Value> = columns
            .iter()
            .enumerate()
            .map(|(i, (name, ty))| {
                let col = serde_json::json!({
                    "type": ty, "index": i + 1, "name": name, "comment": null
                });
                (name.clone(), col)
            })
            .collect();
        serde_json::json!({
            "metadata": {
                "type": "BASE TABLE",
                "schema": table.schema,
                "name": table.name,
                "database": database,
                "comment": null,
                "owner": null,
            },
            "columns": cols,
            "stats": {"has_stats": {
                "id": "has_stats", "label": "Has Stats?", "value": false, "include": false,
                "description": "Indicates whether there are statistics for this table"
            }},
            "unique_id": unique_id,
        })
    }
}

/// DVT116 for a source table that is not in its schema, with the closest names found there.
async fn missing_table(
    s: &SourceTable,
    output: &str,
    name: &TableName,
    c: &dyn Connector,
) -> CoreError {
    let schema = name
        .schema
        .clone()
        .or_else(|| c.default_schema())
        .unwrap_or_else(|| "main".to_string());
    let closest = match c.catalog(name.schema.as_deref()).await {
        Ok(tables) => {
            let names: Vec<String> = tables.into_iter().map(|t| t.name.name).collect();
            match closest_names(&name.name, &names).as_slice() {
                [] if names.is_empty() => "the schema has no tables (or does not exist)".into(),
                [] => format!("no similar name there ({} tables)", names.len()),
                close => format!("closest there: {}", close.join(", ")),
            }
        }
        Err(e) => format!("its table list could not be read ({})", e.code()),
    };
    CoreError::SourceTableMissing {
        source_display: format!("source('{}', '{}')", s.source_name, s.name),
        output: output.to_string(),
        schema,
        closest,
    }
}

/// Up to three names nearest to `wanted` (case-insensitive edit distance at most half its
/// length, or one containing the other), nearest first.
pub fn closest_names(wanted: &str, names: &[String]) -> Vec<String> {
    let w = wanted.to_lowercase();
    let mut scored: Vec<(usize, &String)> = names
        .iter()
        .filter_map(|n| {
            let l = n.to_lowercase();
            let d = strsim::levenshtein(&w, &l);
            let near = d <= (w.chars().count() / 2).max(1) || l.contains(&w) || w.contains(&l);
            near.then_some((d, n))
        })
        .collect();
    scored.sort();
    scored.into_iter().take(3).map(|(_, n)| n.clone()).collect()
}

/// Current UTC time as RFC 3339 with microseconds, as dbt writes it.
pub fn now_rfc3339() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Micros, true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn closest_names_are_near_and_ordered() {
        let names: Vec<String> = ["customers", "orders", "customer_addresses", "Customer", "x"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        assert_eq!(
            closest_names("custmers", &names),
            vec!["customers", "Customer"]
        );
        assert_eq!(closest_names("order", &names), vec!["orders"]);
        assert!(closest_names("zzzzzzzz", &names).is_empty());
    }

    #[test]
    fn rfc3339_has_the_right_shape() {
        let s = now_rfc3339();
        assert_eq!(s.len(), 27, "{s}");
        assert!(s.starts_with("20"), "{s}");
        assert!(s.ends_with('Z'));
    }
}
