//! How a model's cross-server joins run: the cost model (issue: statistics-driven plans).
//!
//! Three strategies, chosen per model (a model config `federation: {strategy: …}` forces one):
//! - **`extract`**: every side is extracted (its filters pushed) and joined in the engine.
//! - **`semi_join`**: as `extract`, and a side found small while it is read sends its join
//!   keys into the other side's extract (`key IN (…)`; dvt-engine's `keys` decides which side
//!   sends, from the rows it reads — the cost model takes its cost as `extract`'s, its upper
//!   bound). This was the only way before the cost model, and stays the fallback.
//! - **`move`** (data movement): the per-table extracts of the relations on the other servers
//!   are copied into temporary tables of one server's session (a server whose dialect
//!   [`stages`](crate::translate::Caps::stages): PostgreSQL) and the model is planned again as
//!   if they lived there, so the join, aggregate and filters above them go to that server as
//!   one query under the ordinary exactness rules. The tables are the session's own: nothing
//!   is written to the user's schemas, and they vanish with the connection. When the
//!   receiving server is the target's and the whole model goes there as one query, this is
//!   "the whole query on the target": the plan is direct, and the runner builds the model's
//!   table with that query in the session that loaded the staged tables (its rows never pass
//!   through dvt; they cost nothing below).
//!
//! The cost of a strategy is the rows it moves between servers, from the extracts' row
//! estimates ([`super::estimate`]): `extract` reads every extract's rows; `move` reads the
//! staged extracts' rows and writes them again (counted twice), plus the rows the moved plan's
//! extracts return (none when it is direct). `auto` (the default) takes the cheapest `move` when it moves less than half
//! of what `extract` does (estimates are rough: the margin keeps a near tie on the proven
//! path), else `semi_join`. Without a row estimate for every extract nothing is compared and
//! `semi_join` runs. A `move` that is forced where no server can receive the other sides
//! falls back to `semi_join`, and the plan's choice says why.

use std::collections::BTreeSet;

use dvt_types::DvtType;
use serde::{Deserialize, Serialize};

use super::input::{ColumnStats, PlanInput, Relation, RelationKind, TableStats, with_real_names};
use super::names::engine_column;
use super::{Extract, FederationPlan, PlanError, StagedInput};
use crate::translate::DialectCaps;

/// How many times a staged row counts: read from its source, then written into the receiving
/// server.
const STAGED_ROW: f64 = 2.0;
/// `auto` moves data only when that moves less than this share of `extract`'s rows.
const MOVE_MARGIN: f64 = 0.5;
/// The schema the staged tables are named in (the session's temporary schema).
pub(crate) const STAGE_SCHEMA: &str = "pg_temp";

/// A way to run a model's cross-server joins (see the module docs).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Strategy {
    /// Chosen by the cost model.
    #[default]
    Auto,
    /// Every side extracted, joined in the engine.
    Extract,
    /// A small side's join keys filter the other side's extract.
    SemiJoin,
    /// The other sides copied into one server's temporary tables; the join runs there.
    Move,
}

impl Strategy {
    /// The strategy a model config names (`auto`, `extract`, `semi_join`, `move`).
    pub fn parse(s: &str) -> Result<Self, String> {
        serde_json::from_value(serde_json::Value::String(s.trim().to_ascii_lowercase())).map_err(
            |_| format!("federation strategy '{s}' is none of auto, extract, semi_join, move"),
        )
    }

    /// Its name as a config writes it.
    pub fn name(self) -> &'static str {
        match self {
            Self::Auto => "auto",
            Self::Extract => "extract",
            Self::SemiJoin => "semi_join",
            Self::Move => "move",
        }
    }
}

/// The strategy a plan runs its cross-server joins with, and what the cost model saw.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StrategyChoice {
    /// The strategy (never `auto`).
    pub strategy: Strategy,
    /// Forced by the model's config.
    pub forced: bool,
    /// For `move`: the connection the other sides are staged on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<String>,
    /// The strategies costed, with the rows each would move.
    pub costs: Vec<StrategyCost>,
    /// Why the choice is not the one asked for or the cheapest, when it is not.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

impl StrategyChoice {
    /// One line for people: `move to pg (cost model: 12,000 rows moved against 6,001,215
    /// extracting both sides)`.
    pub fn describe(&self) -> String {
        let rows = |c: &StrategyCost| match c.rows {
            Some(r) => format!("{} rows", super::render::approx(r)),
            None => "unknown rows".to_string(),
        };
        let costs: Vec<String> = self
            .costs
            .iter()
            .map(|c| match &c.to {
                Some(to) => format!("{} to {to}: {}", c.strategy.name(), rows(c)),
                None => format!("{}: {}", c.strategy.name(), rows(c)),
            })
            .collect();
        let what = match &self.to {
            Some(to) => format!("{} to {to}", self.strategy.name()),
            None => self.strategy.name().to_string(),
        };
        let why = match (self.forced, &self.note) {
            (_, Some(note)) => format!("; {note}"),
            (true, None) => "; forced by the model's config".to_string(),
            (false, None) => String::new(),
        };
        format!(
            "{what} (rows moved between servers, estimated: {}{why})",
            costs.join(", ")
        )
    }
}

/// One costed strategy.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StrategyCost {
    /// The strategy.
    pub strategy: Strategy,
    /// For `move`: the receiving connection.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<String>,
    /// The rows it would move between servers (`None`: some extract has no estimate).
    pub rows: Option<u64>,
}

/// Plans a model one way; the strategy tries several.
#[async_trait::async_trait]
pub(crate) trait PlanOnce: Sync {
    async fn plan_once(&self, input: &PlanInput) -> Result<FederationPlan, PlanError>;
}

/// `base` (planned as before the cost model) with the strategy the model's config asks for
/// or the cost model picks, re-planned with staged inputs for `move`.
pub(crate) async fn choose(
    planner: &dyn PlanOnce,
    input: &PlanInput,
    mut base: FederationPlan,
) -> Result<FederationPlan, PlanError> {
    let connections: BTreeSet<_> = base.extracts.iter().map(|x| &x.connection).collect();
    if base.direct || connections.len() < 2 {
        return Ok(base);
    }
    let extract_rows = moved_rows(&base.extracts, &[]);
    let mut costs = vec![StrategyCost {
        strategy: Strategy::Extract,
        to: None,
        rows: extract_rows.map(|r| r as u64),
    }];
    let mut best: Option<(f64, FederationPlan)> = None;
    // Without an estimate of what extracting moves, `auto` has nothing to compare a move with.
    let compare = extract_rows.is_some() && input.strategy == Strategy::Auto;
    if compare || input.strategy == Strategy::Move {
        let read: BTreeSet<&str> = base
            .extracts
            .iter()
            .flat_map(|x| x.sources.iter().map(String::as_str))
            .collect();
        for to in receivers(input, &read) {
            let Some((plan, staged)) = moved(planner, input, &read, to).await? else {
                continue;
            };
            // On the target's server the moved query builds the model there (the direct path):
            // its rows never pass through dvt.
            let read_back: &[Extract] = if plan.direct { &[] } else { &plan.extracts };
            let rows = moved_rows(read_back, &staged);
            costs.push(StrategyCost {
                strategy: Strategy::Move,
                to: Some(to.connection.clone()),
                rows: rows.map(|r| r as u64),
            });
            let cost = rows.unwrap_or(f64::INFINITY);
            if best.as_ref().is_none_or(|(c, _)| cost < *c) {
                best = Some((cost, plan));
            }
        }
    }
    let forced = input.strategy != Strategy::Auto;
    let worth = |cost: f64| extract_rows.is_some_and(|e| cost < e * MOVE_MARGIN);
    let (strategy, plan, note) = match (input.strategy, best) {
        (Strategy::Extract, _) => (Strategy::Extract, base, None),
        (Strategy::Move, Some((_, plan))) => (Strategy::Move, plan, None),
        (Strategy::Move, None) => (
            Strategy::SemiJoin,
            base,
            Some("no server of this model's sides can receive the others (only PostgreSQL takes staged tables), or a side is not one table's extract".to_string()),
        ),
        (Strategy::Auto, Some((cost, plan))) if worth(cost) => (Strategy::Move, plan, None),
        _ => (Strategy::SemiJoin, base, None),
    };
    let note = note.or_else(|| {
        (strategy == Strategy::Move && plan.direct).then(|| {
            "the moved query runs on the target's own server and builds the model there".to_string()
        })
    });
    // The sources' statistics as they are, not as the staged tables' planning saw them.
    let statistics = super::RelationStats::of(input);
    base = plan;
    base.statistics = statistics;
    base.strategy = Some(StrategyChoice {
        strategy,
        forced,
        to: (strategy == Strategy::Move)
            .then(|| base.extracts.iter().find(|x| !x.staged.is_empty()))
            .flatten()
            .map(|x| x.connection.clone()),
        costs,
        note,
    });
    Ok(base)
}

/// The rows `extracts` return plus, counted [`STAGED_ROW`] times, the rows `staged` read;
/// `None` when one has no estimate.
fn moved_rows(extracts: &[Extract], staged: &[Extract]) -> Option<f64> {
    let read: Option<f64> = extracts
        .iter()
        .map(|x| x.estimated_rows.map(|r| r as f64))
        .sum();
    let staged: Option<f64> = staged
        .iter()
        .map(|x| x.estimated_rows.map(|r| r as f64 * STAGED_ROW))
        .sum();
    Some(read? + staged?)
}

/// One relation read (`read`: unique ids) per server that can receive staged tables: the
/// servers a move may go to.
fn receivers<'a>(input: &'a PlanInput, read: &BTreeSet<&str>) -> Vec<&'a Relation> {
    let mut seen = BTreeSet::new();
    input
        .relations
        .iter()
        .filter(|r| read.contains(r.unique_id.as_str()))
        .filter(|r| r.dialect.caps().stages && seen.insert(r.server.clone()))
        .collect()
}

/// The model planned with every relation it reads (the `read` unique ids) that is not on
/// `to`'s server staged there, and the staged extracts; `None` when a relation to stage has no
/// extract of its own (its rows are only read inside a pushed subtree of its server, e.g.
/// aggregated first) or the model cannot be planned over the staged tables.
async fn moved(
    planner: &dyn PlanOnce,
    input: &PlanInput,
    read: &BTreeSet<&str>,
    to: &Relation,
) -> Result<Option<(FederationPlan, Vec<Extract>)>, PlanError> {
    let away: Vec<usize> = (0..input.relations.len())
        .filter(|&i| {
            let r = &input.relations[i];
            r.server != to.server && read.contains(r.unique_id.as_str())
        })
        .collect();
    // 1. Each relation to move as a per-table extract of its own (alone on a server).
    let mut alone = input.clone();
    for &i in &away {
        alone.relations[i].server.location += &format!("#dvt-alone-{i}");
    }
    let Ok(apart) = planner.plan_once(&alone).await else {
        return Ok(None);
    };
    let mut staged = Vec::new();
    for &i in &away {
        let r = &input.relations[i];
        match apart.extracts.iter().find(|x| x.name == r.name) {
            Some(x) => staged.push((i, x.clone())),
            None => return Ok(None),
        }
    }
    // 2. The model again, the staged relations on `to`'s server.
    let mut there = input.clone();
    for (n, (i, x)) in staged.iter().enumerate() {
        there.relations[*i] = staged_relation(&input.relations[*i], to, x, n + 1, input);
    }
    // The whole query over the staged tables, for when it runs on `to`'s server as one query
    // (or as the model's direct path when that server is its target's).
    let Some(whole) = with_real_names(&input.sql, &there.relations, input.model_dialect) else {
        return Ok(None);
    };
    there.whole_sql = whole;
    // A staged table has the columns its extract reads (the optimized plan's): a model that
    // names others it does not use (`SELECT a.*` in a derived table) cannot be bound over it,
    // and is not moved. Whatever binds reads only columns the table has.
    let Ok(mut plan) = planner.plan_once(&there).await else {
        return Ok(None);
    };
    for x in &mut plan.extracts {
        x.staged = staged
            .iter()
            .enumerate()
            .filter(|(_, (i, _))| x.sources.contains(&input.relations[*i].unique_id))
            .map(|(n, (_, s))| StagedInput {
                table: stage_table(n + 1),
                extract: s.clone(),
            })
            .collect();
    }
    let extracts = staged.into_iter().map(|(_, x)| x).collect();
    Ok(Some((plan, extracts)))
}

/// The name of the `n`-th staged table.
fn stage_table(n: usize) -> String {
    format!("dvt_stage_{n}")
}

/// Relation `r` as the `n`-th staged table on `to`'s server, with `x`'s columns (the extract
/// that fills it) and `r`'s estimates.
fn staged_relation(
    r: &Relation,
    to: &Relation,
    x: &Extract,
    n: usize,
    input: &PlanInput,
) -> Relation {
    let columns = x
        .columns
        .iter()
        .filter_map(|c| Some((c.name.clone(), c.ty.parse::<DvtType>().ok()?)))
        .collect();
    // The relation's own row estimate, not its extract's: the plan applies the filters the
    // extract sent again over the staged table, and would count their share twice.
    let rows = r.stats.rows;
    let stats = TableStats {
        rows,
        columns: r
            .stats
            .columns
            .iter()
            .map(|c| ColumnStats {
                name: engine_column(r.dialect, input.model_dialect, &c.name),
                distinct: c.distinct.map(|d| rows.map_or(d, |n| d.min(n.max(1)))),
                nulls: c.nulls.map(|d| rows.map_or(d, |n| d.min(n))),
            })
            .collect(),
    };
    Relation {
        connection: to.connection.clone(),
        server: to.server.clone(),
        dialect: to.dialect,
        schema: Some(STAGE_SCHEMA.to_string()),
        identifier: stage_table(n),
        columns,
        kind: RelationKind::Staged,
        stats,
        ..r.clone()
    }
}
