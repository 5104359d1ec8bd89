//! The model DAG: `ref()` edges between models, topological order, waves and cycle detection.

use std::collections::BTreeMap;

use petgraph::algo::tarjan_scc;
use petgraph::graphmap::DiGraphMap;

use crate::error::{CoreError, Result};
use crate::project::Project;

/// Models ordered so every model comes after the models it refs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dag {
    /// Model `unique_id`s grouped in waves: a wave's models depend only on earlier waves, so the
    /// models of one wave can run in parallel.
    pub waves: Vec<Vec<String>>,
    /// For every model, the models that ref it (`unique_id`s).
    pub children: BTreeMap<String, Vec<String>>,
    /// For every model, the models it refs (`unique_id`s).
    pub parents: BTreeMap<String, Vec<String>>,
}

impl Dag {
    /// Build the DAG of a project's models; a cycle is a DVT109 error naming it.
    pub fn build(project: &Project) -> Result<Self> {
        let ids: Vec<&str> = project.models.keys().map(String::as_str).collect();
        let mut g: DiGraphMap<usize, ()> = DiGraphMap::new();
        let index: BTreeMap<&str, usize> = ids.iter().enumerate().map(|(i, id)| (*id, i)).collect();
        for i in 0..ids.len() {
            g.add_node(i);
        }
        let mut parents: BTreeMap<String, Vec<String>> = BTreeMap::new();
        let mut children: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for m in project.models.values() {
            parents.entry(m.unique_id.clone()).or_default();
            children.entry(m.unique_id.clone()).or_default();
            for dep in &m.depends_on {
                if let Some(&p) = index.get(dep.as_str()) {
                    g.add_edge(p, index[m.unique_id.as_str()], ());
                    parents
                        .entry(m.unique_id.clone())
                        .or_default()
                        .push(dep.clone());
                    children
                        .entry(dep.clone())
                        .or_default()
                        .push(m.unique_id.clone());
                }
            }
        }
        // Any strongly connected component with more than one node, or a self loop, is a cycle.
        for scc in tarjan_scc(&g) {
            let self_loop = scc.len() == 1 && g.contains_edge(scc[0], scc[0]);
            if scc.len() > 1 || self_loop {
                return Err(CoreError::Cycle {
                    cycle: cycle_path(&g, &scc, &ids, project),
                });
            }
        }
        // Waves (Kahn by levels); ties keep the project's (path) order.
        let mut level: Vec<usize> = vec![0; ids.len()];
        let mut indeg: Vec<usize> = (0..ids.len())
            .map(|i| g.neighbors_directed(i, petgraph::Incoming).count())
            .collect();
        let mut ready: Vec<usize> = (0..ids.len()).filter(|&i| indeg[i] == 0).collect();
        let mut order = Vec::new();
        while let Some(n) = ready.pop() {
            order.push(n);
            for c in g.neighbors_directed(n, petgraph::Outgoing) {
                level[c] = level[c].max(level[n] + 1);
                indeg[c] -= 1;
                if indeg[c] == 0 {
                    ready.push(c);
                }
            }
        }
        let depth = level.iter().copied().max().map_or(0, |d| d + 1);
        let mut waves = vec![Vec::new(); depth];
        for (i, id) in ids.iter().enumerate() {
            waves[level[i]].push(id.to_string());
        }
        Ok(Self {
            waves,
            children,
            parents,
        })
    }

    /// Every model in a valid execution order.
    pub fn order(&self) -> impl Iterator<Item = &str> {
        self.waves.iter().flatten().map(String::as_str)
    }
}

/// Walk the component from its first member back to itself, naming models by name.
fn cycle_path(
    g: &DiGraphMap<usize, ()>,
    scc: &[usize],
    ids: &[&str],
    project: &Project,
) -> Vec<String> {
    let name = |i: usize| {
        project
            .models
            .get(ids[i])
            .map(|m| m.name.clone())
            .unwrap_or_else(|| ids[i].to_string())
    };
    let start = *scc.iter().min().expect("non-empty component");
    // Breadth-first search for the shortest way back to `start` inside the component.
    let mut prev: BTreeMap<usize, usize> = BTreeMap::new();
    let mut queue = std::collections::VecDeque::from([start]);
    let mut end = None;
    while let Some(n) = queue.pop_front() {
        // Follow ref() edges (model -> the model it refs), against the data flow.
        for c in g.neighbors_directed(n, petgraph::Incoming) {
            if !scc.contains(&c) {
                continue;
            }
            if c == start {
                end = Some(n);
                queue.clear();
                break;
            }
            if let std::collections::btree_map::Entry::Vacant(e) = prev.entry(c) {
                e.insert(n);
                queue.push_back(c);
            }
        }
    }
    let mut path = vec![start];
    let mut cur = end.unwrap_or(start);
    let mut back = Vec::new();
    while cur != start {
        back.push(cur);
        cur = prev[&cur];
    }
    path.extend(back.into_iter().rev());
    path.push(start);
    path.into_iter().map(name).collect()
}
