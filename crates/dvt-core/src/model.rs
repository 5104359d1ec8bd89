//! Model SQL rendering: `ref()`, `source()`, `config()`, `var()`, `env_var()`, `this`,
//! `is_incremental()`.
//!
//! A model is rendered twice, as in dbt:
//! - **parse**: [`parse_model_sql`] renders with placeholder relations to learn the model's
//!   `ref()`s, `source()`s and `config()` call;
//! - **compile**: [`compile_model_sql`] renders with real relation names, given by a
//!   [`RelationNamer`] that the caller (the planner or an adapter path) supplies, and with
//!   `is_incremental()` telling whether the target table already exists.

use std::sync::{Arc, Mutex};

use minijinja::value::{Kwargs, Value};
use minijinja::{Error as JError, ErrorKind};

use crate::config::RawConfig;
use crate::error::Result;
use crate::jinja::{JinjaContext, jinja_error};

/// What parsing a model's SQL found.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ParsedSql {
    /// Names passed to `ref()`, in order, without duplicates.
    pub refs: Vec<String>,
    /// `(source, table)` pairs passed to `source()`, in order, without duplicates.
    pub sources: Vec<(String, String)>,
    /// The keyword arguments of `config()` calls (later calls win).
    pub config: RawConfig,
}

/// Gives the SQL text that `ref()`, `source()` and `this` render to when compiling.
pub trait RelationNamer: Send + Sync {
    /// The relation of `source(source, table)`.
    fn source(&self, source: &str, table: &str) -> std::result::Result<String, String>;
    /// The relation of `ref(model)`.
    fn model(&self, name: &str) -> std::result::Result<String, String>;
    /// The relation of `{{ this }}` (the model's own target relation).
    fn this(&self) -> String;
}

/// Facts about the target that templates may read as `target.name`, `target.type`, ….
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct TargetInfo {
    /// Output name.
    pub name: String,
    /// Adapter type.
    #[serde(rename = "type")]
    pub adapter: String,
    /// Schema.
    pub schema: String,
    /// Database.
    pub database: String,
}

#[derive(Default)]
struct Recorder {
    parsed: ParsedSql,
}

fn lock(r: &Mutex<Recorder>) -> std::sync::MutexGuard<'_, Recorder> {
    r.lock().unwrap_or_else(|e| e.into_inner())
}

enum Mode {
    Parse,
    Compile {
        namer: Arc<dyn RelationNamer>,
        is_incremental: bool,
    },
}

fn render(
    sql: &str,
    ctx: &JinjaContext,
    what: &str,
    mode: Mode,
    target: &TargetInfo,
) -> Result<(String, ParsedSql)> {
    let (mut j, missing) = ctx.environment();
    let rec = Arc::new(Mutex::new(Recorder::default()));
    let namer = match &mode {
        Mode::Parse => None,
        Mode::Compile { namer, .. } => Some(namer.clone()),
    };
    let incremental = matches!(
        mode,
        Mode::Compile {
            is_incremental: true,
            ..
        }
    );

    {
        let rec = rec.clone();
        let namer = namer.clone();
        // ref('model') or ref('package', 'model'); a `version=` kwarg is accepted and ignored.
        j.add_function(
            "ref",
            move |args: &[Value], _kw: Kwargs| -> std::result::Result<Value, JError> {
                let name = args
                    .last()
                    .and_then(|v| v.as_str())
                    .ok_or_else(|| {
                        JError::new(ErrorKind::InvalidOperation, "ref() needs a model name")
                    })?
                    .to_string();
                {
                    let mut r = lock(&rec);
                    if !r.parsed.refs.contains(&name) {
                        r.parsed.refs.push(name.clone());
                    }
                }
                match &namer {
                    None => Ok(Value::from(format!("__dvt_ref__{name}"))),
                    Some(n) => n
                        .model(&name)
                        .map(Value::from)
                        .map_err(|e| JError::new(ErrorKind::InvalidOperation, e)),
                }
            },
        );
    }
    {
        let rec = rec.clone();
        let namer = namer.clone();
        j.add_function(
            "source",
            move |source: String, table: String| -> std::result::Result<Value, JError> {
                {
                    let mut r = lock(&rec);
                    let pair = (source.clone(), table.clone());
                    if !r.parsed.sources.contains(&pair) {
                        r.parsed.sources.push(pair);
                    }
                }
                match &namer {
                    None => Ok(Value::from(format!("__dvt_source__{source}__{table}"))),
                    Some(n) => n
                        .source(&source, &table)
                        .map(Value::from)
                        .map_err(|e| JError::new(ErrorKind::InvalidOperation, e)),
                }
            },
        );
    }
    {
        let rec = rec.clone();
        j.add_function(
            "config",
            move |kw: Kwargs| -> std::result::Result<Value, JError> {
                let mut r = lock(&rec);
                for key in kw.args() {
                    let v: Value = kw.get(key)?;
                    let json = serde_json::to_value(&v)
                        .map_err(|e| JError::new(ErrorKind::InvalidOperation, e.to_string()))?;
                    r.parsed.config.insert(key.to_string(), json);
                }
                Ok(Value::from(""))
            },
        );
    }
    j.add_function("is_incremental", move || incremental);
    j.add_function("log", |_msg: Value, _kw: Kwargs| "");
    let this = match &namer {
        None => "__dvt_this__".to_string(),
        Some(n) => n.this(),
    };
    j.add_global("this", Value::from(this));
    j.add_global("target", Value::from_serialize(target));

    let out = j
        .render_str(sql, ())
        .map_err(|e| jinja_error(e, &missing, what))?;
    let parsed = std::mem::take(&mut lock(&rec).parsed);
    Ok((out, parsed))
}

/// Parse phase: learn a model's refs, sources and `config()` call. `what` names the model for
/// errors.
pub fn parse_model_sql(sql: &str, ctx: &JinjaContext, what: &str) -> Result<ParsedSql> {
    render(sql, ctx, what, Mode::Parse, &TargetInfo::default()).map(|(_, p)| p)
}

/// Compile phase: render a model's SQL with real relation names.
pub fn compile_model_sql(
    sql: &str,
    ctx: &JinjaContext,
    what: &str,
    namer: Arc<dyn RelationNamer>,
    is_incremental: bool,
    target: &TargetInfo,
) -> Result<String> {
    render(
        sql,
        ctx,
        what,
        Mode::Compile {
            namer,
            is_incremental,
        },
        target,
    )
    .map(|(s, _)| s)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::env::MapEnv;

    fn ctx() -> JinjaContext {
        JinjaContext::new(Arc::new(MapEnv::new([("MIN_AMOUNT", "10")]))).with_vars(
            [("days".to_string(), serde_json::json!(30))]
                .into_iter()
                .collect(),
        )
    }

    const SQL: &str = "{{ config(materialized='incremental', unique_key=['id'], target='snow', tags=['a']) }}\nselect * from {{ source('crm', 'users') }} u\njoin {{ ref('orders') }} o on o.uid = u.id\nwhere o.amount > {{ env_var('MIN_AMOUNT') }} and o.age < {{ var('days') }}\n{% if is_incremental() %}and o.ts > (select max(ts) from {{ this }}){% endif %}\n";

    struct Namer;
    impl RelationNamer for Namer {
        fn source(&self, s: &str, t: &str) -> std::result::Result<String, String> {
            Ok(format!("\"{s}\".\"{t}\""))
        }
        fn model(&self, n: &str) -> std::result::Result<String, String> {
            if n == "missing" {
                Err("no such model".into())
            } else {
                Ok(format!("\"analytics\".\"{n}\""))
            }
        }
        fn this(&self) -> String {
            "\"analytics\".\"me\"".into()
        }
    }

    #[test]
    fn parse_collects_refs_sources_and_config() {
        let p = parse_model_sql(SQL, &ctx(), "model.p.m").unwrap();
        assert_eq!(p.refs, vec!["orders"]);
        assert_eq!(p.sources, vec![("crm".to_string(), "users".to_string())]);
        assert_eq!(p.config["materialized"], "incremental");
        assert_eq!(p.config["unique_key"], serde_json::json!(["id"]));
        assert_eq!(p.config["target"], "snow");
    }

    #[test]
    fn compile_renders_relations_and_is_incremental() {
        let full = compile_model_sql(
            SQL,
            &ctx(),
            "m",
            Arc::new(Namer),
            false,
            &TargetInfo::default(),
        )
        .unwrap();
        assert!(full.contains("from \"crm\".\"users\" u"));
        assert!(full.contains("join \"analytics\".\"orders\" o"));
        assert!(full.contains("o.amount > 10 and o.age < 30"));
        assert!(!full.contains("max(ts)"));
        let inc = compile_model_sql(
            SQL,
            &ctx(),
            "m",
            Arc::new(Namer),
            true,
            &TargetInfo::default(),
        )
        .unwrap();
        assert!(inc.contains("select max(ts) from \"analytics\".\"me\""));
    }

    #[test]
    fn ref_with_package_and_namer_errors() {
        let p = parse_model_sql("select * from {{ ref('pkg', 'x') }}", &ctx(), "m").unwrap();
        assert_eq!(p.refs, vec!["x"]);
        let e = compile_model_sql(
            "{{ ref('missing') }}",
            &ctx(),
            "model.p.m",
            Arc::new(Namer),
            false,
            &TargetInfo::default(),
        )
        .unwrap_err();
        assert_eq!(e.code(), "DVT102");
        assert!(e.to_string().contains("no such model"), "{e}");
        assert!(e.to_string().contains("model.p.m"), "{e}");
    }
}
