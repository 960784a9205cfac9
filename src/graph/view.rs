//! What `coord graph` shows: the graph (of one team, with what it depends on), its critical
//! path, cycles and dangling references.

use std::collections::BTreeSet;

use serde::Serialize;

use super::{CriticalPath, Cycle, Graph, Node};
use crate::error::Result;
use crate::workspace::Workspace;

/// The graph as `coord graph` shows it.
pub struct View {
    /// The whole graph.
    pub graph: Graph,
    /// Its critical path.
    pub critical: CriticalPath,
    /// Its cycles.
    pub cycles: Vec<Cycle>,
    /// The nodes to draw (all when None).
    pub keep: Option<BTreeSet<String>>,
}

/// An edge, from a node to what it depends on.
#[derive(Debug, Serialize)]
pub struct Edge<'a> {
    /// The dependent.
    pub from: &'a str,
    /// What it depends on.
    pub to: &'a str,
}

/// The graph as JSON.
#[derive(Debug, Serialize)]
pub struct Json<'a> {
    /// The nodes drawn.
    pub nodes: Vec<&'a Node>,
    /// Edges between them.
    pub edges: Vec<Edge<'a>>,
    /// References to nothing.
    pub dangling: Vec<Edge<'a>>,
    /// Dependency cycles.
    pub cycles: &'a [Cycle],
    /// The critical path.
    pub critical_path: &'a [String],
    /// Its length in minutes.
    pub critical_path_minutes: i64,
}

impl View {
    /// Whether node `id` is drawn.
    pub fn kept(&self, id: &str) -> bool {
        self.keep.as_ref().is_none_or(|k| k.contains(id))
    }

    /// Whether the graph has a cycle or a dangling reference.
    pub fn has_problems(&self) -> bool {
        !self.graph.dangling.is_empty() || !self.cycles.is_empty()
    }

    /// The drawn part as JSON.
    pub fn json(&self) -> Json<'_> {
        let g = &self.graph;
        let mut edges = Vec::new();
        for (i, n) in g.nodes.iter().enumerate() {
            for &d in &g.deps[i] {
                if self.kept(&n.id) && self.kept(&g.nodes[d].id) {
                    edges.push(Edge {
                        from: &n.id,
                        to: &g.nodes[d].id,
                    });
                }
            }
        }
        Json {
            nodes: g.nodes.iter().filter(|n| self.kept(&n.id)).collect(),
            edges,
            dangling: g
                .dangling
                .iter()
                .map(|(f, t)| Edge { from: f, to: t })
                .collect(),
            cycles: &self.cycles,
            critical_path: &self.critical.ids,
            critical_path_minutes: self.critical.minutes,
        }
    }
}

/// The graph of the workspace; with `team`, only that team's nodes and what they depend on.
pub fn view(ws: &Workspace, team: Option<&str>) -> Result<View> {
    if let Some(t) = team {
        ws.zones.require_team(t)?;
    }
    let snap = ws.snapshot();
    let graph = Graph::build(&snap.atoms, &snap.molecules);
    let keep = team.map(|t| {
        let mut keep = BTreeSet::new();
        for (i, n) in graph.nodes.iter().enumerate() {
            if n.team == t {
                keep.insert(n.id.clone());
                keep.extend(graph.deps[i].iter().map(|&d| graph.nodes[d].id.clone()));
            }
        }
        keep
    });
    Ok(View {
        critical: graph.critical_path(),
        cycles: graph.cycles(),
        graph,
        keep,
    })
}
