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
        // Each model's target.
        let mut targets: IndexMap<&str, String> = IndexMap::new();
        for m in project.models.values() {
            let t = match (&opts.target, &m.config.target) {
                (Some(cli), _) => cli.clone(),
                (None, Some(cfg)) => {
                    profile.output(cfg, &format!("model '{}' (config target)", m.name))?;
                    cfg.clone()
                }
                (None, None) => default_target.clone(),
            };
            targets.insert(&m.unique_id, t);
        }
        // Each source table's location.
        let mut source_at: IndexMap<&str, String> = IndexMap::new();
        for s in project.sources.values() {
            let t = match &s.connection {
                Some(c) => {
                    profile.output(
                        c,
                        &format!(
                            "source '{}.{}' ({})",
                            s.source_name,
                            s.name,
                            s.file.display()
                        ),
                    )?;
                    c.clone()
                }
                None => default_target.clone(),
            };
            source_at.insert(&s.unique_id, t);
        }
        let server = |t: &str| profile.outputs[t].server_key();

        // Inputs with ephemeral models expanded (memoized over the DAG order is unnecessary for
        // dbt-sized projects; a depth-first walk with a visited set is enough).
        let expanded_inputs = |root: &str| -> BTreeSet<String> {
            let mut out = BTreeSet::new();
            let mut stack = vec![root.to_string()];
            let mut seen = BTreeSet::new();
            while let Some(id) = stack.pop() {
                if !seen.insert(id.clone()) {
                    continue;
                }
                let Some(m) = project.models.get(&id) else {
                    continue;
                };
                for d in &m.depends_on {
                    if let Some(t) = source_at.get(d.as_str()) {
                        out.insert(t.clone());
                    } else if let Some(dm) = project.models.get(d) {
                        if dm.config.materialized == Materialization::Ephemeral {
                            stack.push(d.clone());
                        } else {
                            out.insert(targets[d.as_str()].clone());
                        }
                    }
                }
            }
            out
        };

        let mut models = IndexMap::new();
        for m in project.models.values() {
            let target = targets[m.unique_id.as_str()].clone();
            let here = server(&target);
            let upstream: Vec<Upstream> = m
                .depends_on
                .iter()
                .map(|d| {
                    let (t, kind) = match source_at.get(d.as_str()) {
                        Some(t) => (t.clone(), UpstreamKind::Source),
                        None => (targets[d.as_str()].clone(), UpstreamKind::Model),
                    };
                    Upstream {
                        unique_id: d.clone(),
                        server: server(&t),
                        target: t,
                        kind,
                    }
                })
                .collect();
            let inputs = expanded_inputs(&m.unique_id);
            let federated = inputs.iter().any(|t| server(t) != here);
            let materialized = m.config.materialized;
            let effective_materialized = match materialized {
                Materialization::View | Materialization::Ephemeral if federated => {
                    warnings.push(
                        FederationWarning::new(
                            WarningCode::Dvt001,
                            format!(
                                "model '{}' is materialized as {materialized} but reads from another server ({}); it is built as a table on '{target}' instead",
                                m.name,
                                inputs
                                    .iter()
                                    .filter(|t| server(t) != here)
                                    .cloned()
                                    .collect::<Vec<_>>()
                                    .join(", ")
                            ),
                        )
                        .with_model(&m.unique_id),
                    );
                    Materialization::Table
                }
                other => other,
            };
            models.insert(
                m.unique_id.clone(),
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
                },
            );
        }
        Ok(Resolution {
            default_target,
            models,
        })
    }
}
