//! Loading everything a command needs: project (or manifest), profile, computes.

use std::path::PathBuf;

use indexmap::IndexMap;

use crate::computes::Computes;
use crate::discover::SourceCatalog;
use crate::env::{SharedEnv, process_env};
use crate::error::Result;
use crate::jinja::JinjaContext;
use crate::profiles::{Profile, find_profiles_file, load_profile};
use crate::project::{LoadOptions, Project};
use crate::resolver::{DefaultResolver, Resolution, ResolveOptions, Resolver};
use crate::warning::WarningCollector;

/// What to load (the CLI's common flags).
#[derive(Debug, Clone)]
pub struct LoadArgs {
    /// `--project-dir`.
    pub project_dir: PathBuf,
    /// `--profiles-dir`.
    pub profiles_dir: Option<PathBuf>,
    /// `--target`.
    pub target: Option<String>,
    /// `--vars`.
    pub vars: IndexMap<String, serde_json::Value>,
    /// `--manifest`: build the project from dbt's `manifest.json` instead of the files.
    pub manifest: Option<PathBuf>,
    /// Where environment variables come from.
    pub env: SharedEnv,
}

impl LoadArgs {
    /// The same arguments with the project and profiles directories made absolute (relative
    /// database file paths in profiles resolve against the project directory).
    pub fn absolute(&self) -> Result<Self> {
        let abs = |p: &std::path::Path| {
            std::path::absolute(p).map_err(|e| crate::error::CoreError::Io {
                path: p.to_path_buf(),
                source: e,
            })
        };
        let mut a = self.clone();
        a.project_dir = abs(&self.project_dir)?;
        a.profiles_dir = self.profiles_dir.as_deref().map(abs).transpose()?;
        Ok(a)
    }

    /// These arguments with `--vars` given as YAML text (`'{days: 7, region: eu}'`); DVT118
    /// when it is not a mapping.
    pub fn with_vars_yaml(mut self, text: &str) -> Result<Self> {
        let bad = |message: String| crate::error::CoreError::Vars { message };
        let y: serde_norway::Value =
            serde_norway::from_str(text).map_err(|e| bad(e.to_string()))?;
        match serde_json::to_value(y).map_err(|e| bad(e.to_string()))? {
            serde_json::Value::Object(m) => {
                self.vars = m.into_iter().collect();
                Ok(self)
            }
            serde_json::Value::Null => Ok(self),
            other => Err(bad(format!("got {other}"))),
        }
    }

    /// Load `project_dir` with the process environment and no other flags.
    pub fn new(project_dir: impl Into<PathBuf>) -> Self {
        Self {
            project_dir: project_dir.into(),
            profiles_dir: None,
            target: None,
            vars: IndexMap::new(),
            manifest: None,
            env: process_env(),
        }
    }
}

/// A project with its profile and computes, ready to resolve.
#[derive(Debug, Clone)]
pub struct LoadedProject {
    /// The project.
    pub project: Project,
    /// Its profile (default target already overridden by `--target`).
    pub profile: Profile,
    /// The compute engines.
    pub computes: Computes,
    /// Resolution flags.
    pub resolve_options: ResolveOptions,
    /// The Jinja context models are compiled with.
    pub jinja: JinjaContext,
    /// The source tables' catalog entries discovered so far in this run (shared by clones;
    /// see [`crate::discover`]).
    pub catalog: SourceCatalog,
}

impl LoadedProject {
    /// Load project, profile and computes.
    pub fn load(args: &LoadArgs) -> Result<Self> {
        let args = &args.absolute()?;
        let base_ctx = JinjaContext::new(args.env.clone());
        let project = match &args.manifest {
            Some(m) => {
                let profile_name = if args.project_dir.join("dbt_project.yml").is_file() {
                    Some(
                        Project::load(
                            &args.project_dir,
                            &base_ctx,
                            &LoadOptions {
                                vars: args.vars.clone(),
                            },
                        )?
                        .profile,
                    )
                } else {
                    None
                };
                Project::from_manifest(m, &args.project_dir, profile_name.as_deref())?
            }
            None => Project::load(
                &args.project_dir,
                &base_ctx,
                &LoadOptions {
                    vars: args.vars.clone(),
                },
            )?,
        };
        let jinja = base_ctx.clone().with_vars(project.vars.clone());
        let file = find_profiles_file(
            args.profiles_dir.as_deref(),
            &args.project_dir,
            args.env.as_ref(),
        )?;
        let profile = load_profile(
            &file,
            &project.profile,
            args.target.as_deref(),
            &jinja,
            &args.project_dir,
        )?;
        let computes =
            Computes::discover(&args.project_dir, file.parent(), args.env.as_ref(), &jinja)?;
        Ok(Self {
            project,
            profile,
            computes,
            resolve_options: ResolveOptions {
                target: args.target.clone(),
            },
            jinja,
            catalog: SourceCatalog::default(),
        })
    }

    /// Resolve with the [`DefaultResolver`].
    pub fn resolve(&self, warnings: &WarningCollector) -> Result<Resolution> {
        DefaultResolver.resolve(
            &self.project,
            &self.profile,
            &self.resolve_options,
            warnings,
        )
    }
}
