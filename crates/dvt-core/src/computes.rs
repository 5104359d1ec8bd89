//! `computes.yml`: the engines that run federated models.
//!
//! The file has the shape of `profiles.yml`: a top-level `default` entry whose `target` names the
//! default compute and whose `computes:` (or `outputs:`) map defines them:
//!
//! ```yaml
//! default:
//!   target: spark_local
//!   computes:
//!     spark_local:
//!       type: spark
//!       remote: sc://127.0.0.1:15002      # Spark Connect; or `master: local[*]`
//!       jdbc_jars_dir: ~/.dvt/jdbc_jars
//!       config:
//!         spark.sql.shuffle.partitions: "8"
//!       max_parallel_extracts: 8          # extracts started at once (default 4)
//!       extracts: auto                    # staged | jdbc | auto (see below)
//!       staging_dir: /mnt/shared/dvt      # default: the system temp dir
//!     local:
//!       type: embedded                    # DataFusion inside the dvt process
//! ```
//!
//! `extracts:` says who reads a Spark compute's sources. `staged`: dvt reads them through its
//! native connectors, as the embedded engine does (join keys pushed, partitioned reads), and
//! writes each extract as Parquet files into a fresh directory under `staging_dir`, which Spark
//! reads and dvt deletes after the model; the server must see `staging_dir` at the same path
//! (the same machine, or a shared mount). `jdbc`: Spark reads the sources over JDBC inside its
//! job (for a cluster that cannot see dvt's files; its reads then scale with the cluster).
//! `auto` (the default): `staged` when a probe file dvt writes there is read back by the
//! server, else `jdbc`.
//!
//! It is looked up in the project directory, then the profiles directory, then `~/.dvt/`. With no
//! file, the default compute is Spark Connect at `sc://127.0.0.1:15002`, and `embedded` is
//! always available under that name.

use std::path::{Path, PathBuf};

use indexmap::IndexMap;
use serde::Serialize;
use serde_norway::Value as Y;

use crate::env::Environment;
use crate::error::{CoreError, Result};
use crate::jinja::{JinjaContext, read_yaml_rendered};
use crate::profiles::scalar;

/// The Spark Connect address used when nothing is configured.
pub const DEFAULT_SPARK_REMOTE: &str = "sc://127.0.0.1:15002";

/// The name under which the embedded engine is always available.
pub const EMBEDDED: &str = "embedded";

/// One compute engine.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "type", rename_all = "lowercase")]
pub enum Compute {
    /// Apache Spark.
    Spark {
        /// Spark Connect address (`sc://host:port`).
        remote: Option<String>,
        /// A Spark master (`local[*]`, `spark://…`) for a locally started Connect server.
        master: Option<String>,
        /// Spark configuration (`spark.*` keys).
        config: IndexMap<String, String>,
        /// Where JDBC driver jars are looked up first.
        jdbc_jars_dir: Option<PathBuf>,
        /// `max_parallel_extracts:` — extracts registered with Spark at once (default 4).
        max_parallel_extracts: Option<usize>,
        /// `extracts:` — who reads the sources (default [`SparkExtracts::Auto`]).
        extracts: SparkExtracts,
        /// `staging_dir:` — where staged extracts are written (default: the system's temp
        /// directory); it must be readable by the Spark server at the same path.
        staging_dir: Option<PathBuf>,
    },
    /// The embedded DataFusion engine.
    Embedded {
        /// Engine settings.
        config: IndexMap<String, String>,
        /// `max_parallel_extracts:` — extracts collected at once (default 4).
        max_parallel_extracts: Option<usize>,
    },
    /// A compute of another `type:`, run by an executor a library user registers for that
    /// type (`dvt_engine::ProjectRunner::with_executor_factory`); without one, a model that
    /// runs on it fails with DVT502 naming the types this build has.
    Other {
        /// Its `type:`.
        kind: String,
        /// Its `config:` mapping.
        config: IndexMap<String, String>,
        /// Its other scalar keys (`remote:`, `host:`, …), as text.
        settings: IndexMap<String, String>,
        /// `max_parallel_extracts:`, if set.
        max_parallel_extracts: Option<usize>,
    },
}

impl Compute {
    /// The compute's `max_parallel_extracts:`, if set.
    pub fn max_parallel_extracts(&self) -> Option<usize> {
        match self {
            Compute::Spark {
                max_parallel_extracts,
                ..
            }
            | Compute::Embedded {
                max_parallel_extracts,
                ..
            }
            | Compute::Other {
                max_parallel_extracts,
                ..
            } => *max_parallel_extracts,
        }
    }
}

/// Who reads a Spark compute's sources (computes.yml `extracts:`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SparkExtracts {
    /// `staged` when the Spark server can read the files dvt writes in `staging_dir` (checked
    /// once per run with a probe file), else `jdbc`.
    #[default]
    Auto,
    /// dvt reads every source through its native connector (join keys pushed, partitioned)
    /// and hands Spark the rows as Parquet files in `staging_dir`, deleted after the model.
    Staged,
    /// Spark reads every source itself over JDBC (for a cluster that cannot read dvt's
    /// files: the reads then scale with the cluster).
    Jdbc,
}

impl std::str::FromStr for SparkExtracts {
    type Err = String;

    fn from_str(s: &str) -> std::result::Result<Self, String> {
        match s.trim().to_ascii_lowercase().as_str() {
            "auto" => Ok(Self::Auto),
            "staged" => Ok(Self::Staged),
            "jdbc" => Ok(Self::Jdbc),
            other => Err(format!(
                "`extracts: {other}` is not one of auto, staged, jdbc"
            )),
        }
    }
}

/// The computes of a project.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Computes {
    /// The default compute's name.
    pub default: String,
    /// Every compute by name.
    pub computes: IndexMap<String, Compute>,
    /// The file they came from (`None` = built-in defaults).
    pub file: Option<PathBuf>,
}

impl Default for Computes {
    fn default() -> Self {
        let mut computes = IndexMap::new();
        computes.insert(
            "spark".to_string(),
            Compute::Spark {
                remote: Some(DEFAULT_SPARK_REMOTE.to_string()),
                master: None,
                config: IndexMap::new(),
                jdbc_jars_dir: None,
                max_parallel_extracts: None,
                extracts: SparkExtracts::Auto,
                staging_dir: None,
            },
        );
        computes.insert(
            EMBEDDED.to_string(),
            Compute::Embedded {
                config: IndexMap::new(),
                max_parallel_extracts: None,
            },
        );
        Self {
            default: "spark".to_string(),
            computes,
            file: None,
        }
    }
}

fn string_map(v: Option<&Y>) -> IndexMap<String, String> {
    let mut out = IndexMap::new();
    if let Some(m) = v.and_then(Y::as_mapping) {
        for (k, v) in m {
            let (Some(k), Some(v)) = (k.as_str(), scalar(v)) else {
                continue;
            };
            out.insert(k.to_string(), v);
        }
    }
    out
}

impl Computes {
    /// Find and read `computes.yml` (see the module docs), or the defaults.
    pub fn discover(
        project_dir: &Path,
        profiles_dir: Option<&Path>,
        env: &dyn Environment,
        ctx: &JinjaContext,
    ) -> Result<Self> {
        let mut dirs = vec![project_dir.to_path_buf()];
        dirs.extend(profiles_dir.map(Path::to_path_buf));
        dirs.extend(env.home_dir().map(|h| h.join(".dvt")));
        for d in dirs {
            let f = d.join("computes.yml");
            if f.is_file() {
                return Self::from_file(&f, ctx);
            }
        }
        Ok(Self::default())
    }

    /// Read one `computes.yml`.
    pub fn from_file(file: &Path, ctx: &JinjaContext) -> Result<Self> {
        let doc = read_yaml_rendered(file, ctx)?;
        let err = |m: String| CoreError::Compute {
            message: format!("{}: {m}", file.display()),
        };
        let root = doc.get("default").ok_or_else(|| {
            err(
                "no top-level `default:` entry; see the computes.yml format in the dvt-core docs"
                    .into(),
            )
        })?;
        let list = root
            .get("computes")
            .or_else(|| root.get("outputs"))
            .and_then(Y::as_mapping)
            .ok_or_else(|| err("`default:` has no `computes:` mapping".into()))?;
        let mut computes = IndexMap::new();
        for (k, v) in list {
            let name = scalar(k).unwrap_or_default();
            let ty = v.get("type").and_then(scalar).unwrap_or_default();
            let max_parallel_extracts = match v.get("max_parallel_extracts").and_then(scalar) {
                None => None,
                Some(n) => match n.trim().parse::<usize>() {
                    Ok(n) if n > 0 => Some(n),
                    _ => {
                        return Err(err(format!(
                            "compute '{name}': `max_parallel_extracts: {n}` is not a positive whole number"
                        )));
                    }
                },
            };
            let c = match ty.as_str() {
                "spark" => Compute::Spark {
                    remote: v.get("remote").and_then(scalar),
                    master: v.get("master").and_then(scalar),
                    config: string_map(v.get("config")),
                    jdbc_jars_dir: v
                        .get("jdbc_jars_dir")
                        .and_then(scalar)
                        .map(|p| expand_home(&p, ctx.env.as_ref())),
                    max_parallel_extracts,
                    extracts: match v.get("extracts").and_then(scalar) {
                        None => SparkExtracts::Auto,
                        Some(m) => m
                            .parse()
                            .map_err(|m| err(format!("compute '{name}': {m}")))?,
                    },
                    staging_dir: v
                        .get("staging_dir")
                        .and_then(scalar)
                        .map(|p| expand_home(&p, ctx.env.as_ref())),
                },
                "embedded" | "datafusion" => Compute::Embedded {
                    config: string_map(v.get("config")),
                    max_parallel_extracts,
                },
                "" => {
                    return Err(err(format!(
                        "compute '{name}' has no `type:`; use `type: spark`, `type: embedded` or the type of an executor your program registers"
                    )));
                }
                other => Compute::Other {
                    kind: other.to_string(),
                    config: string_map(v.get("config")),
                    settings: v
                        .as_mapping()
                        .into_iter()
                        .flatten()
                        .filter_map(|(k, v)| Some((scalar(k)?, scalar(v)?)))
                        .filter(|(k, _)| k != "type" && k != "max_parallel_extracts")
                        .collect(),
                    max_parallel_extracts,
                },
            };
            if let Compute::Spark {
                remote: None,
                master: None,
                ..
            } = &c
            {
                return Err(err(format!(
                    "compute '{name}' (spark) needs `remote: sc://host:port` or `master: local[*]`"
                )));
            }
            computes.insert(name, c);
        }
        computes
            .entry(EMBEDDED.to_string())
            .or_insert_with(|| Compute::Embedded {
                config: IndexMap::new(),
                max_parallel_extracts: None,
            });
        let default = root
            .get("target")
            .and_then(scalar)
            .ok_or_else(|| err("`default:` has no `target:` naming the default compute".into()))?;
        let me = Self {
            default,
            computes,
            file: Some(file.to_path_buf()),
        };
        me.get(&me.default)?;
        Ok(me)
    }

    /// A compute by name (or the default with `None`), or a DVT111 error listing the names.
    pub fn get(&self, name: &str) -> Result<&Compute> {
        self.computes.get(name).ok_or_else(|| CoreError::Compute {
            message: format!(
                "compute '{name}' is not defined{}; defined computes: {}",
                self.file
                    .as_ref()
                    .map(|f| format!(" in {}", f.display()))
                    .unwrap_or_default(),
                self.computes.keys().cloned().collect::<Vec<_>>().join(", ")
            ),
        })
    }
}

fn expand_home(p: &str, env: &dyn Environment) -> PathBuf {
    match (p.strip_prefix("~/"), env.home_dir()) {
        (Some(rest), Some(h)) => h.join(rest),
        _ => PathBuf::from(p),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::env::MapEnv;
    use std::sync::Arc;

    #[test]
    fn defaults_without_a_file() {
        let tmp = tempfile::tempdir().unwrap();
        let env = MapEnv::default();
        let ctx = JinjaContext::new(Arc::new(env.clone()));
        let c = Computes::discover(tmp.path(), None, &env, &ctx).unwrap();
        assert_eq!(c.default, "spark");
        match c.get("spark").unwrap() {
            Compute::Spark { remote, .. } => {
                assert_eq!(remote.as_deref(), Some("sc://127.0.0.1:15002"))
            }
            other => panic!("{other:?}"),
        }
        assert!(matches!(
            c.get("embedded").unwrap(),
            Compute::Embedded { .. }
        ));
        assert_eq!(c.get("nope").unwrap_err().code(), "DVT111");
    }

    #[test]
    fn seed_format_with_env_var() {
        let tmp = tempfile::tempdir().unwrap();
        std::fs::write(
            tmp.path().join("computes.yml"),
            "default:\n  target: sc\n  computes:\n    sc:\n      type: spark\n      remote: \"sc://127.0.0.1:{{ env_var('SC_PORT', '15002') }}\"\n      jdbc_jars_dir: ~/.dvt/jars\n      extracts: Staged\n      staging_dir: ~/stage\n      max_parallel_extracts: 6\n      config:\n        spark.sql.shuffle.partitions: 8\n    local:\n      type: spark\n      master: local[2]\n",
        )
        .unwrap();
        let env = MapEnv::new([("SC_PORT", "16000")]).with_home("/home/u");
        let ctx = JinjaContext::new(Arc::new(env.clone()));
        let c = Computes::discover(tmp.path(), None, &env, &ctx).unwrap();
        assert_eq!(c.default, "sc");
        match c.get("sc").unwrap() {
            Compute::Spark {
                remote,
                config,
                jdbc_jars_dir,
                extracts,
                staging_dir,
                ..
            } => {
                assert_eq!(*extracts, SparkExtracts::Staged);
                assert_eq!(staging_dir.as_deref(), Some(Path::new("/home/u/stage")));
                assert_eq!(remote.as_deref(), Some("sc://127.0.0.1:16000"));
                assert_eq!(config["spark.sql.shuffle.partitions"], "8");
                assert_eq!(
                    jdbc_jars_dir.as_deref(),
                    Some(Path::new("/home/u/.dvt/jars"))
                );
            }
            other => panic!("{other:?}"),
        }
        assert!(
            matches!(c.get("local").unwrap(), Compute::Spark { master: Some(m), extracts: SparkExtracts::Auto, staging_dir: None, .. } if m == "local[2]")
        );
        assert_eq!(c.get("sc").unwrap().max_parallel_extracts(), Some(6));
        assert_eq!(c.get("local").unwrap().max_parallel_extracts(), None);
        assert!(c.get("embedded").is_ok());
    }

    #[test]
    fn bad_files_are_coded_errors() {
        let tmp = tempfile::tempdir().unwrap();
        let f = tmp.path().join("computes.yml");
        let ctx = JinjaContext::new(Arc::new(MapEnv::default()));
        for (text, needle) in [
            (
                "default:\n  target: x\n  computes:\n    x:\n      remote: sc://h:1\n",
                "has no `type:`",
            ),
            (
                "default:\n  target: x\n  computes:\n    x:\n      type: spark\n",
                "needs `remote",
            ),
            (
                "default:\n  target: x\n  computes:\n    x:\n      type: embedded\n      max_parallel_extracts: 0\n",
                "not a positive whole number",
            ),
            (
                "default:\n  target: y\n  computes:\n    x:\n      type: embedded\n",
                "compute 'y' is not defined",
            ),
            (
                "default:\n  target: x\n  computes:\n    x:\n      type: spark\n      remote: sc://h:1\n      extracts: files\n",
                "compute 'x': `extracts: files` is not one of auto, staged, jdbc",
            ),
            ("other: {}\n", "no top-level `default:`"),
        ] {
            std::fs::write(&f, text).unwrap();
            let e = Computes::from_file(&f, &ctx).unwrap_err();
            assert_eq!(e.code(), "DVT111");
            assert!(e.to_string().contains(needle), "{e}");
        }
    }
}
