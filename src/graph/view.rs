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

/// Which part of the graph to show.
#[derive(Debug, Default, Clone, Copy)]
pub struct Only<'a> {
    /// One team's nodes and what they depend on.
    pub team: Option<&'a str>,
    /// One molecule, its atoms and what they depend on.
    pub molecule: Option<&'a str>,
}

/// The graph of the workspace, or the part of it `only` names.
pub fn view(ws: &Workspace, only: Only) -> Result<View> {
    if let Some(t) = only.team {
        ws.zones.require_team(t)?;
    }
    let snap = ws.snapshot();
    if let Some(m) = only.molecule
        && !snap.molecules.iter().any(|x| x.id == m)
    {
        return Err(crate::error::Error::usage(
            format!("unknown molecule `{m}`"),
            Some("`coord molecules list` lists them".to_owned()),
        ));
    }
    let graph = Graph::build(&snap.atoms, &snap.molecules);
    let team = only.team.map(|t| {
        let mine = graph.nodes.iter().filter(|n| n.team == t);
        graph.around(mine.map(|n| n.id.as_str()), 1)
    });
    let molecule = only.molecule.map(|m| graph.around([m], 2));
    let keep = match (team, molecule) {
        (Some(t), Some(m)) => Some(t.intersection(&m).cloned().collect()),
        (t, m) => t.or(m),
    };
    Ok(View {
        critical: graph.critical_path(),
        cycles: graph.cycles(),
        graph,
        keep,
    })
}
