//! Model configuration and dbt's precedence rules.
//!
//! A model's configuration is merged, lowest precedence first, from:
//! 1. `dbt_project.yml`'s `models:` block — the project level, then each folder level down to the
//!    model's own folder (more specific wins);
//! 2. the model's entry in a properties file (`models: - name: x  config: {...}`);
//! 3. the model's own `{{ config(...) }}` call.
//!
//! As in dbt, `tags` accumulate across levels instead of being replaced, and `meta` maps are
//! merged key by key; every other key is replaced by the more specific level.

use std::fmt;
use std::str::FromStr;

use indexmap::IndexMap;
use serde::{Deserialize, Serialize};

/// How a model's result is materialized in its target.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Materialization {
    /// A table rebuilt on every run.
    Table,
    /// A view (dbt's default).
    #[default]
    View,
    /// A table updated incrementally.
    Incremental,
    /// Not materialized: inlined into the models that ref it.
    Ephemeral,
}

impl Materialization {
    /// The dbt spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Table => "table",
            Self::View => "view",
            Self::Incremental => "incremental",
            Self::Ephemeral => "ephemeral",
        }
    }
}

impl FromStr for Materialization {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s.trim().to_ascii_lowercase().as_str() {
            "table" => Ok(Self::Table),
            "view" => Ok(Self::View),
            "incremental" => Ok(Self::Incremental),
            "ephemeral" => Ok(Self::Ephemeral),
            other => Err(format!(
                "unknown materialization '{other}'; use table, view, incremental or ephemeral"
            )),
        }
    }
}

impl fmt::Display for Materialization {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How an incremental model merges new rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum IncrementalStrategy {
    /// Insert new rows.
    #[serde(rename = "append")]
    Append,
    /// Upsert by `unique_key`.
    #[serde(rename = "merge")]
    Merge,
    /// Delete rows whose `unique_key` arrives again, then insert.
    #[serde(rename = "delete+insert")]
    DeleteInsert,
}

impl FromStr for IncrementalStrategy {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s.trim().to_ascii_lowercase().as_str() {
            "append" => Ok(Self::Append),
            "merge" => Ok(Self::Merge),
            "delete+insert" | "delete_insert" => Ok(Self::DeleteInsert),
            other => Err(format!(
                "unknown incremental_strategy '{other}'; use append, merge or delete+insert"
            )),
        }
    }
}

/// A model's configuration after merging every level (see the module docs).
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct ModelConfig {
    /// Materialization (`view` when nothing says otherwise, as in dbt).
    pub materialized: Materialization,
    /// The output (connection) the model is written to; `None` = the default target.
    pub target: Option<String>,
    /// Tags (accumulated across levels).
    pub tags: Vec<String>,
    /// Key columns of incremental `merge` / `delete+insert`.
    pub unique_key: Vec<String>,
    /// Incremental strategy.
    pub incremental_strategy: Option<IncrementalStrategy>,
    /// Schema override.
    pub schema: Option<String>,
    /// Database override.
    pub database: Option<String>,
    /// Relation name override.
    pub alias: Option<String>,
    /// Whether the model is enabled.
    pub enabled: bool,
    /// `meta` (merged key by key).
    pub meta: IndexMap<String, serde_json::Value>,
    /// Every other key, as given (e.g. `compute`, `partition_by`).
    pub extra: IndexMap<String, serde_json::Value>,
}

/// Raw configuration of one level: keys without the `+` prefix, values as JSON.
pub type RawConfig = IndexMap<String, serde_json::Value>;

/// Keys that are model configs in dbt_project.yml even without a `+` prefix.
pub const KNOWN_CONFIG_KEYS: &[&str] = &[
    "materialized",
    "target",
    "tags",
    "unique_key",
    "incremental_strategy",
    "schema",
    "database",
    "alias",
    "enabled",
    "meta",
    "docs",
    "persist_docs",
    "full_refresh",
    "on_schema_change",
    "pre-hook",
    "post-hook",
    "grants",
    "contract",
    "compute",
    "federation",
];

impl ModelConfig {
    /// Merge the levels, lowest precedence first. Errors are sentences about the bad value.
    pub fn merge(levels: &[&RawConfig]) -> Result<Self, String> {
        let mut c = ModelConfig {
            enabled: true,
            ..Default::default()
        };
        for level in levels {
            for (k, v) in level.iter() {
                c.apply(k, v)?;
            }
        }
        Ok(c)
    }

    fn apply(&mut self, key: &str, v: &serde_json::Value) -> Result<(), String> {
        let s = || -> Result<String, String> {
            match v {
                serde_json::Value::String(s) => Ok(s.clone()),
                serde_json::Value::Number(n) => Ok(n.to_string()),
                serde_json::Value::Bool(b) => Ok(b.to_string()),
                other => Err(format!(
                    "config '{key}' must be a single value, got {other}"
                )),
            }
        };
        match key {
            "materialized" => self.materialized = s()?.parse()?,
            "target" => self.target = non_null(v).map(|_| s()).transpose()?,
            "tags" => {
                for t in string_list(v) {
                    if !self.tags.contains(&t) {
                        self.tags.push(t);
                    }
                }
            }
            "unique_key" => self.unique_key = string_list(v),
            "incremental_strategy" => {
                self.incremental_strategy = non_null(v).map(|_| s()?.parse()).transpose()?
            }
            "schema" => self.schema = non_null(v).map(|_| s()).transpose()?,
            "database" => self.database = non_null(v).map(|_| s()).transpose()?,
            "alias" => self.alias = non_null(v).map(|_| s()).transpose()?,
            "enabled" => {
                self.enabled = match v {
                    serde_json::Value::Bool(b) => *b,
                    _ => !matches!(s()?.to_ascii_lowercase().as_str(), "false" | "0" | "no"),
                }
            }
            "meta" => {
                if let serde_json::Value::Object(m) = v {
                    for (mk, mv) in m {
                        self.meta.insert(mk.clone(), mv.clone());
                    }
                }
            }
            other => {
                self.extra.insert(other.to_string(), v.clone());
            }
        }
        Ok(())
    }
}

fn non_null(v: &serde_json::Value) -> Option<&serde_json::Value> {
    (!v.is_null()).then_some(v)
}

/// A string or a list of strings (dbt accepts both for `tags` and `unique_key`).
/// A comma-separated `unique_key` string stays one key, as in dbt.
pub fn string_list(v: &serde_json::Value) -> Vec<String> {
    match v {
        serde_json::Value::String(s) => vec![s.clone()],
        serde_json::Value::Array(a) => a
            .iter()
            .filter_map(|x| match x {
                serde_json::Value::String(s) => Some(s.clone()),
                serde_json::Value::Number(n) => Some(n.to_string()),
                _ => None,
            })
            .collect(),
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn raw(v: serde_json::Value) -> RawConfig {
        serde_json::from_value(v).unwrap()
    }

    #[test]
    fn later_levels_win_and_tags_accumulate() {
        let project = raw(json!({"materialized": "table", "tags": ["nightly"], "target": "pg"}));
        let folder = raw(json!({"tags": "staging", "meta": {"owner": "a"}}));
        let yml = raw(json!({"materialized": "incremental", "meta": {"team": "b"}}));
        let call = raw(
            json!({"unique_key": "id", "incremental_strategy": "delete+insert", "target": "snow"}),
        );
        let c = ModelConfig::merge(&[&project, &folder, &yml, &call]).unwrap();
        assert_eq!(c.materialized, Materialization::Incremental);
        assert_eq!(c.tags, vec!["nightly", "staging"]);
        assert_eq!(c.target.as_deref(), Some("snow"));
        assert_eq!(c.unique_key, vec!["id"]);
        assert_eq!(
            c.incremental_strategy,
            Some(IncrementalStrategy::DeleteInsert)
        );
        assert_eq!(c.meta.len(), 2);
    }

    #[test]
    fn default_is_an_enabled_view_and_bad_values_are_sentences() {
        let c = ModelConfig::merge(&[]).unwrap();
        assert_eq!(c.materialized, Materialization::View);
        assert!(c.enabled);
        let e = ModelConfig::merge(&[&raw(json!({"materialized": "snapshot"}))]).unwrap_err();
        assert!(e.contains("unknown materialization 'snapshot'"));
    }
}
