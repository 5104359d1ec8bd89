//! Jinja rendering (minijinja) shared by profiles, project files and models.
//!
//! dbt renders Jinja inside YAML values (`{{ env_var('PGHOST', 'localhost') }}`) and in model SQL.
//! [`JinjaContext`] holds what every template can call — `env_var()` and `var()` — and
//! model rendering adds `ref()`, `source()`, `config()`, `this` and `is_incremental()` on top
//! (see [`crate::model`]).

use std::path::Path;
use std::sync::{Arc, Mutex};

use indexmap::IndexMap;
use minijinja::{Environment as JinjaEnv, Error as JError, ErrorKind, Value};

use crate::env::SharedEnv;
use crate::error::{CoreError, Result};

/// What a template can read: environment variables and project vars.
#[derive(Debug, Clone)]
pub struct JinjaContext {
    /// Where `env_var()` reads from.
    pub env: SharedEnv,
    /// Project vars (`vars:` of dbt_project.yml, overridden by `--vars`).
    pub vars: IndexMap<String, serde_json::Value>,
}

/// Side channel for the name of a missing `env_var()` (so the error can be a DVT103).
#[derive(Debug, Clone, Default)]
pub(crate) struct MissingEnv(Arc<Mutex<Option<String>>>);

impl MissingEnv {
    pub(crate) fn take(&self) -> Option<String> {
        self.0.lock().unwrap_or_else(|e| e.into_inner()).take()
    }
}

impl JinjaContext {
    /// A context with no vars.
    pub fn new(env: SharedEnv) -> Self {
        Self {
            env,
            vars: IndexMap::new(),
        }
    }

    /// A context with project vars.
    pub fn with_vars(mut self, vars: IndexMap<String, serde_json::Value>) -> Self {
        self.vars = vars;
        self
    }

    /// A minijinja environment with `env_var()` and `var()` registered. Undefined names are
    /// errors (as in dbt), not empty strings.
    pub(crate) fn environment(&self) -> (JinjaEnv<'static>, MissingEnv) {
        let mut j = JinjaEnv::new();
        j.set_undefined_behavior(minijinja::UndefinedBehavior::Strict);
        j.set_keep_trailing_newline(true);
        let missing = MissingEnv::default();
        let env = self.env.clone();
        let slot = missing.clone();
        j.add_function(
            "env_var",
            move |name: String, default: Option<Value>| -> std::result::Result<Value, JError> {
                match env.var(&name) {
                    Some(v) => Ok(Value::from(v)),
                    None => match default {
                        Some(d) => Ok(d),
                        None => {
                            *slot.0.lock().unwrap_or_else(|e| e.into_inner()) = Some(name.clone());
                            Err(JError::new(
                                ErrorKind::InvalidOperation,
                                format!("Env var required but not provided: '{name}'"),
                            ))
                        }
                    },
                }
            },
        );
        let vars = self.vars.clone();
        j.add_function(
            "var",
            move |name: String, default: Option<Value>| -> std::result::Result<Value, JError> {
                match vars.get(&name) {
                    Some(v) => Ok(Value::from_serialize(v)),
                    None => default.ok_or_else(|| {
                        JError::new(
                            ErrorKind::InvalidOperation,
                            format!(
                                "Required var '{name}' not found in config: set it under `vars:` in dbt_project.yml, pass --vars, or give var() a default"
                            ),
                        )
                    }),
                }
            },
        );
        (j, missing)
    }

    /// Render one template string. `what` names the file or model for error messages.
    pub fn render_str(&self, template: &str, what: &str) -> Result<String> {
        if !needs_render(template) {
            return Ok(template.to_string());
        }
        let (j, missing) = self.environment();
        j.render_str(template, ())
            .map_err(|e| jinja_error(e, &missing, what))
    }

    /// Render every string inside a YAML document (keys stay as they are), as dbt does for
    /// `profiles.yml`, `dbt_project.yml` and schema files.
    pub fn render_yaml(
        &self,
        value: serde_norway::Value,
        what: &str,
    ) -> Result<serde_norway::Value> {
        use serde_norway::Value as Y;
        Ok(match value {
            Y::String(s) if needs_render(&s) => Y::String(self.render_str(&s, what)?),
            Y::Sequence(items) => Y::Sequence(
                items
                    .into_iter()
                    .map(|v| self.render_yaml(v, what))
                    .collect::<Result<_>>()?,
            ),
            Y::Mapping(m) => {
                let mut out = serde_norway::Mapping::new();
                for (k, v) in m {
                    out.insert(k, self.render_yaml(v, what)?);
                }
                Y::Mapping(out)
            }
            Y::Tagged(t) => {
                let t = *t;
                Y::Tagged(Box::new(serde_norway::value::TaggedValue {
                    tag: t.tag,
                    value: self.render_yaml(t.value, what)?,
                }))
            }
            other => other,
        })
    }
}

/// Whether a string contains Jinja syntax.
pub fn needs_render(s: &str) -> bool {
    s.contains("{{") || s.contains("{%") || s.contains("{#")
}

/// Turn a minijinja error into a coded error, preferring DVT103 for a missing env var.
pub(crate) fn jinja_error(e: JError, missing: &MissingEnv, what: &str) -> CoreError {
    if let Some(name) = missing.take() {
        return CoreError::EnvVarMissing {
            name,
            what: what.to_string(),
        };
    }
    let mut message = match undefined_expression(&e) {
        Some(expr) => format!(
            "`{expr}` is undefined (line {}): define it in `vars:` of dbt_project.yml or pass --vars, or check its spelling",
            e.line().unwrap_or(1)
        ),
        None => e.to_string(),
    };
    let mut src = std::error::Error::source(&e);
    while let Some(s) = src {
        message.push_str(": ");
        message.push_str(&s.to_string());
        src = s.source();
    }
    CoreError::Render {
        what: what.to_string(),
        message,
    }
}

/// The template text of an undefined-value error (`foo`, `config.x`), where minijinja kept it.
fn undefined_expression(e: &JError) -> Option<String> {
    if e.kind() != minijinja::ErrorKind::UndefinedError {
        return None;
    }
    let text = e.template_source()?.get(e.range()?)?.trim();
    (!text.is_empty()).then(|| text.to_string())
}

/// Read a YAML file and render the Jinja in its values.
pub fn read_yaml_rendered(path: &Path, ctx: &JinjaContext) -> Result<serde_norway::Value> {
    let text = std::fs::read_to_string(path).map_err(|e| CoreError::io(path, e))?;
    let value: serde_norway::Value =
        serde_norway::from_str(&text).map_err(|e| CoreError::Parse {
            file: path.to_path_buf(),
            message: e.to_string(),
        })?;
    ctx.render_yaml(value, &path.display().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::env::MapEnv;

    fn ctx() -> JinjaContext {
        JinjaContext::new(Arc::new(MapEnv::new([("PGHOST", "db.internal")]))).with_vars(
            [("days".to_string(), serde_json::json!(7))]
                .into_iter()
                .collect(),
        )
    }

    #[test]
    fn env_var_with_and_without_default() {
        let c = ctx();
        assert_eq!(
            c.render_str("{{ env_var('PGHOST') }}", "t").unwrap(),
            "db.internal"
        );
        assert_eq!(
            c.render_str("{{ env_var('NOPE', 'fallback') }}", "t")
                .unwrap(),
            "fallback"
        );
        let err = c
            .render_str("{{ env_var('NOPE') }}", "profiles.yml")
            .unwrap_err();
        assert_eq!(err.code(), "DVT103");
        assert!(err.to_string().contains("'NOPE'"));
        assert!(err.to_string().contains("profiles.yml"));
    }

    #[test]
    fn var_and_missing_var() {
        let c = ctx();
        assert_eq!(c.render_str("{{ var('days') }}", "t").unwrap(), "7");
        assert_eq!(c.render_str("{{ var('x', 3) }}", "t").unwrap(), "3");
        let err = c.render_str("{{ var('x') }}", "m").unwrap_err();
        assert_eq!(err.code(), "DVT102");
        assert!(err.to_string().contains("Required var 'x'"), "{err}");
    }

    #[test]
    fn yaml_values_are_rendered_recursively() {
        let y: serde_norway::Value = serde_norway::from_str(
            "a:\n  b: \"{{ env_var('PGHOST') }}\"\n  c: [1, \"{{ var('days') }}\"]\n",
        )
        .unwrap();
        let r = ctx().render_yaml(y, "x").unwrap();
        assert_eq!(r["a"]["b"].as_str(), Some("db.internal"));
        assert_eq!(r["a"]["c"][1].as_str(), Some("7"));
    }
}
