//! The Resolver: where each model lands and whether it needs federation.
//!
//! Rules (implemented by [`DefaultResolver`]):
//! - a model's target is the CLI `--target` if given, else the model's `target` config, else the
//!   profile's default target;
//! - a source table lives on its `connection` (see [`crate::project`]), else on the default
//!   target (the CLI `--target` when given, as dbt's `--target` changes the default output);
//! - a ref'd model lives on its own resolved target; an ephemeral model is inlined, so its own
//!   inputs count as the inputs of the models that ref it;
//! - a model needs federation iff one of its inputs lives on a different *server* than its
//!   target ([`crate::profiles::Connection::server_key`]): two outputs naming the same server are
//!   one place, two outputs of the same type on different hosts are not;
//! - on the federation path, `view` and `ephemeral` become `table` (warning DVT001): a view in
//!   one database cannot read tables of another.

use std::collections::BTreeSet;

use indexmap::IndexMap;
use serde::Serialize;

use crate::config::Materialization;
use crate::error::Result;
use crate::profiles::{Profile, ServerKey};
use crate::project::Project;
use crate::warning::{FederationWarning, WarningCode, WarningCollector};

/// What the caller says about resolution (the CLI's flags).
#[derive(Debug, Clone, Default)]
pub struct ResolveOptions {
    /// `--target`: every model lands here; also the default location of sources.
    pub target: Option<String>,
}

/// Whether an input is a source table or a model.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum UpstreamKind {
    /// A source table.
    Source,
    /// A model.
    Model,
}

/// One direct input of a model and where it lives.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Upstream {
    /// Its `unique_id`.
    pub unique_id: String,
    /// The output (connection) it lives on.
    pub target: String,
    /// Source or model.
    pub kind: UpstreamKind,
    /// The server of that output.
    pub server: ServerKey,
}

/// Where a model lands and how it runs.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ResolvedModel {
    /// The model's `unique_id`.
    pub unique_id: String,
    /// The model's name.
    pub name: String,
    /// The output it is written to.
    pub target: String,
    /// The server of that output.
    pub server: ServerKey,
    /// The configured materialization.
    pub materialized: Materialization,
    /// The materialization that will be built (`table` for a federated view or ephemeral).
    pub effective_materialized: Materialization,
    /// Whether it reads from a server other than its target's.
    pub federated: bool,
    /// Its direct inputs.
    pub upstream: Vec<Upstream>,
    /// The outputs of every input, ephemeral models expanded (distinct, sorted).
    pub input_targets: Vec<String>,
}

/// The resolution of a whole project.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Resolution {
    /// The default target (the CLI `--target` or the profile's `target:`).
    pub default_target: String,
    /// Every model, in the project's order.
    pub models: IndexMap<String, ResolvedModel>,
}

/// Decides targets and federation; see the module docs for the rules.
pub trait Resolver {
    /// Resolve every model of `project` against `profile`. Warnings (DVT001) go to `warnings`.
    fn resolve(
        &self,
        project: &Project,
        profile: &Profile,
        opts: &ResolveOptions,
        warnings: &WarningCollector,
    ) -> Result<Resolution>;
}

/// The resolver described in the module docs.
#[derive(Debug, Clone, Copy, Default)]
pub struct DefaultResolver;

impl Resolver for DefaultResolver {
    fn resolve(
        &self,
        project: &Project,
        profile: &Profile,
        opts: &ResolveOptions,
        warnings: &WarningCollector,
    ) -> Result<Resolution> {
        let default_target = match &opts.target {
            Some(t) => {
                profile.output(t, "--target")?;
                t.clone()
            }
            None => profile.target.clone(),
        };
        let places = Places::of(project, profile, opts, &default_target)?;
        let mut models = IndexMap::new();
        for m in project.models.values() {
            models.insert(m.unique_id.clone(), places.resolve_model(m, warnings));
        }
        Ok(Resolution {
            default_target,
            models,
        })
    }
}

/// Where every model lands and every source table lives (output names).
struct Places<'a> {
    project: &'a Project,
    profile: &'a Profile,
    targets: IndexMap<&'a str, String>,
    source_at: IndexMap<&'a str, String>,
}

impl<'a> Places<'a> {
    /// Each model's target (`--target` > its config > the default) and each source table's
    /// output (its `connection:` > the default); an output that does not exist is an error.
    fn of(
        project: &'a Project,
        profile: &'a Profile,
        opts: &ResolveOptions,
        default_target: &str,
    ) -> Result<Self> {
        let mut targets = IndexMap::new();
        for m in project.models.values() {
            let t = match (&opts.target, &m.config.target) {
                (Some(cli), _) => cli.clone(),
                (None, Some(cfg)) => {
                    profile.output(cfg, &format!("model '{}' (config target)", m.name))?;
                    cfg.clone()
                }
                (None, None) => default_target.to_string(),
            };
            targets.insert(m.unique_id.as_str(), t);
        }
        let mut source_at = IndexMap::new();
        for s in project.sources.values() {
            let t = match &s.connection {
                Some(c) => {
                    let what = format!(
                        "source '{}.{}' ({})",
                        s.source_name,
                        s.name,
                        s.file.display()
                    );
                    profile.output(c, &what)?;
                    c.clone()
                }
                None => default_target.to_string(),
            };
            source_at.insert(s.unique_id.as_str(), t);
        }
        Ok(Self {
            project,
            profile,
            targets,
            source_at,
        })
    }

    fn server(&self, output: &str) -> ServerKey {
        self.profile.outputs[output].server_key()
    }

    /// The outputs a model reads, ephemeral models expanded (a depth-first walk with a visited
    /// set is enough for dbt-sized projects).
    fn expanded_inputs(&self, root: &str) -> BTreeSet<String> {
        let mut out = BTreeSet::new();
        let mut stack = vec![root.to_string()];
        let mut seen = BTreeSet::new();
        while let Some(id) = stack.pop() {
            if !seen.insert(id.clone()) {
                continue;
            }
            let Some(m) = self.project.models.get(&id) else {
                continue;
            };
            for d in &m.depends_on {
                if let Some(t) = self.source_at.get(d.as_str()) {
                    out.insert(t.clone());
                } else if let Some(dm) = self.project.models.get(d) {
                    if dm.config.materialized == Materialization::Ephemeral {
                        stack.push(d.clone());
                    } else {
                        out.insert(self.targets[d.as_str()].clone());
                    }
                }
            }
        }
        out
    }

    /// One model: its target, inputs and whether it needs federation (a federated view or
    /// ephemeral model is built as a table, with DVT001).
    fn resolve_model(
        &self,
        m: &crate::project::Model,
        warnings: &WarningCollector,
    ) -> ResolvedModel {
        let target = self.targets[m.unique_id.as_str()].clone();
        let here = self.server(&target);
        let upstream: Vec<Upstream> = m
            .depends_on
            .iter()
            .map(|d| {
                let (t, kind) = match self.source_at.get(d.as_str()) {
                    Some(t) => (t.clone(), UpstreamKind::Source),
                    None => (self.targets[d.as_str()].clone(), UpstreamKind::Model),
                };
                Upstream {
                    unique_id: d.clone(),
                    server: self.server(&t),
                    target: t,
                    kind,
                }
            })
            .collect();
        let inputs = self.expanded_inputs(&m.unique_id);
        let elsewhere: Vec<String> = inputs
            .iter()
            .filter(|t| self.server(t) != here)
            .cloned()
            .collect();
        let federated = !elsewhere.is_empty();
        let materialized = m.config.materialized;
        let effective_materialized = match materialized {
            Materialization::View | Materialization::Ephemeral if federated => {
                warnings.push(
                    FederationWarning::new(
                        WarningCode::Dvt001,
                        format!(
                            "model '{}' is materialized as {materialized} but reads from another server ({}); it is built as a table on '{target}' instead",
                            m.name,
                            elsewhere.join(", ")
                        ),
                    )
                    .with_model(&m.unique_id),
                );
                Materialization::Table
            }
            other => other,
        };
        ResolvedModel {
            unique_id: m.unique_id.clone(),
            name: m.name.clone(),
            server: here,
            target,
            materialized,
            effective_materialized,
            federated,
            upstream,
            input_targets: inputs.into_iter().collect(),
        }
    }
}
