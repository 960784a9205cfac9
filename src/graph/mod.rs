//! The dependency graph of atoms and molecules: dangling references, cycles, readiness and the
//! critical path (the longest chain of unfinished work, weighted by estimates).

mod reach;
mod render;
pub mod view;

use std::collections::{BTreeSet, HashMap};

use serde::Serialize;

pub use render::{dot, mermaid, mermaid_flowing};
pub use view::{View, view};

use compact_str::CompactString;

use crate::clock;
use crate::doc::{Atom, Molecule, MoleculeStatus, Status};

/// Weight, in minutes, of work whose estimate is unknown: one unit of one hour.
pub const UNKNOWN_ESTIMATE_MINUTES: i64 = 60;

/// What a node is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum NodeKind {
    /// One task.
    Atom,
    /// A cross-team integration.
    Molecule,
}

/// The longest chain of unfinished work: its ids, dependencies first, and its length.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct CriticalPath {
    /// The chain, in the order work must happen.
    pub ids: Vec<String>,
    /// Its length in minutes of estimated work.
    pub minutes: i64,
}

/// A node: an atom or a molecule.
#[derive(Debug, Clone, Serialize)]
pub struct Node {
    /// Its id (short: kept inline, like the atom's).
    pub id: CompactString,
    /// Atom or molecule.
    pub kind: NodeKind,
    /// Title.
    pub title: String,
    /// Status as written.
    pub status: &'static str,
    /// Owning team (lead team for molecules).
    pub team: CompactString,
    /// Whether the work is finished.
    pub done: bool,
    /// Estimate in minutes, if known.
    pub estimate_minutes: Option<i64>,
    /// Repository-relative file.
    pub path: String,
}

/// The graph. Edges point from a node to what it depends on.
#[derive(Debug, Clone)]
pub struct Graph {
    /// Nodes, sorted by id.
    pub nodes: Vec<Node>,
    index: HashMap<CompactString, usize>,
    /// For each node, the nodes it depends on.
    pub deps: Vec<Vec<usize>>,
    /// (from id, missing id) references to nothing.
    pub dangling: Vec<(String, String)>,
}

/// A dependency cycle: its nodes in cycle order.
pub type Cycle = Vec<String>;

impl Graph {
    /// Build the graph of all atoms and molecules. A molecule depends on its component atoms.
    pub fn build(atoms: &[Atom], molecules: &[Molecule]) -> Graph {
        let mut nodes: Vec<Node> = atoms
            .iter()
            .map(|a| Node {
                id: a.id.clone(),
                kind: NodeKind::Atom,
                title: a.title.clone(),
                status: a.status.as_str(),
                team: a.team.clone(),
                done: a.status == Status::Completed,
                estimate_minutes: a.estimated.as_deref().and_then(clock::parse_duration),
                path: a.path.clone(),
            })
            .chain(molecules.iter().map(|m| Node {
                id: m.id.as_str().into(),
                kind: NodeKind::Molecule,
                title: m.title.clone(),
                status: m.status.as_str(),
                team: m.lead.as_str().into(),
                done: m.status == MoleculeStatus::Complete,
                estimate_minutes: Some(0),
                path: m.path.clone(),
            }))
            .collect();
        nodes.sort_by(|a, b| a.id.cmp(&b.id));
        nodes.dedup_by(|a, b| a.id == b.id);
        let index: HashMap<CompactString, usize> = nodes
            .iter()
            .enumerate()
            .map(|(i, n)| (n.id.clone(), i))
            .collect();
        let mut deps = vec![Vec::new(); nodes.len()];
        let mut dangling = Vec::new();
        let mut add = |from: &str, targets: &mut dyn Iterator<Item = &String>| {
            let Some(&f) = index.get(from) else { return };
            for t in targets {
                match index.get(t.as_str()) {
                    Some(&to) => deps[f].push(to),
                    None => dangling.push((from.to_owned(), t.clone())),
                }
            }
        };
        for a in atoms {
            add(&a.id, &mut a.dependencies.iter());
        }
        for m in molecules {
            add(&m.id, &mut m.dependencies.iter().chain(m.atoms.iter()));
        }
        for d in &mut deps {
            d.sort_unstable();
            d.dedup();
        }
        dangling.sort();
        dangling.dedup();
        Graph {
            nodes,
            index,
            deps,
            dangling,
        }
    }

    /// The indices of the nodes `keep` names (every node when None), in node order: a
    /// neighbourhood costs its own size, not the graph's.
    pub fn kept(&self, keep: Option<&BTreeSet<String>>) -> Vec<usize> {
        match keep {
            None => (0..self.nodes.len()).collect(),
            Some(ids) => {
                let mut found: Vec<usize> = ids
                    .iter()
                    .filter_map(|id| self.index.get(id.as_str()).copied())
                    .collect();
                found.sort_unstable();
                found
            }
        }
    }

    /// The node `id`.
    pub fn node(&self, id: &str) -> Option<&Node> {
        self.index.get(id).map(|&i| &self.nodes[i])
    }

    /// Every cycle (one per strongly connected component), each starting at its smallest id.
    pub fn cycles(&self) -> Vec<Cycle> {
        let sccs = self.components();
        let mut out = Vec::new();
        for comp in sccs {
            let is_cycle = comp.len() > 1 || self.deps[comp[0]].contains(&comp[0]);
            if !is_cycle {
                continue;
            }
            let members: BTreeSet<usize> = comp.iter().copied().collect();
            let start = *members.iter().next().expect("non-empty");
            let mut order = self.path_back(start, &members);
            // Name every node of the component, even those off the first loop found.
            for m in &members {
                if !order.contains(m) {
                    order.push(*m);
                }
            }
            out.push(
                order
                    .into_iter()
                    .map(|i| self.nodes[i].id.to_string())
                    .collect(),
            );
        }
        out.sort();
        out
    }

    /// A loop from `start` back to itself inside `members` (depth-first, smallest ids first).
    fn path_back(&self, start: usize, members: &BTreeSet<usize>) -> Vec<usize> {
        let mut stack = vec![(start, 0usize)];
        let mut path = vec![start];
        let mut seen = BTreeSet::from([start]);
        while let Some((node, next)) = stack.last_mut() {
            let deps = &self.deps[*node];
            if *next >= deps.len() {
                stack.pop();
                path.pop();
                continue;
            }
            let to = deps[*next];
            *next += 1;
            if to == start {
                return path;
            }
            if members.contains(&to) && seen.insert(to) {
                path.push(to);
                stack.push((to, 0));
            }
        }
        vec![start]
    }

    /// Strongly connected components (Tarjan, iterative).
    fn components(&self) -> Vec<Vec<usize>> {
        let n = self.nodes.len();
        let mut index = vec![usize::MAX; n];
        let mut low = vec![0; n];
        let mut on_stack = vec![false; n];
        let mut stack = Vec::new();
        let mut out = Vec::new();
        let mut counter = 0;
        for root in 0..n {
            if index[root] != usize::MAX {
                continue;
            }
            let mut work = vec![(root, 0usize)];
            while let Some(&mut (v, ref mut i)) = work.last_mut() {
                if *i == 0 && index[v] == usize::MAX {
                    index[v] = counter;
                    low[v] = counter;
                    counter += 1;
                    stack.push(v);
                    on_stack[v] = true;
                }
                if *i < self.deps[v].len() {
                    let w = self.deps[v][*i];
                    *i += 1;
                    if index[w] == usize::MAX {
                        work.push((w, 0));
                    } else if on_stack[w] {
                        low[v] = low[v].min(index[w]);
                    }
                } else {
                    work.pop();
                    if let Some(&(parent, _)) = work.last() {
                        low[parent] = low[parent].min(low[v]);
                    }
                    if low[v] == index[v] {
                        let mut comp = Vec::new();
                        while let Some(w) = stack.pop() {
                            on_stack[w] = false;
                            comp.push(w);
                            if w == v {
                                break;
                            }
                        }
                        comp.sort_unstable();
                        out.push(comp);
                    }
                }
            }
        }
        out
    }

    /// A chain of dependencies leading from `from` to `to` (both included), if there is one.
    pub fn path(&self, from: &str, to: &str) -> Option<Vec<String>> {
        let (&start, &goal) = (self.index.get(from)?, self.index.get(to)?);
        let mut came_from: HashMap<usize, usize> = HashMap::new();
        let mut queue = std::collections::VecDeque::from([start]);
        while let Some(v) = queue.pop_front() {
            if v == goal {
                let mut chain = vec![v];
                let mut at = v;
                while let Some(&p) = came_from.get(&at) {
                    chain.push(p);
                    at = p;
                }
                chain.reverse();
                return Some(
                    chain
                        .iter()
                        .map(|&i| self.nodes[i].id.to_string())
                        .collect(),
                );
            }
            for &next in &self.deps[v] {
                if next != start && !came_from.contains_key(&next) {
                    came_from.insert(next, v);
                    queue.push_back(next);
                }
            }
        }
        None
    }

    /// Which of `declared` are unfinished (a missing id counts as unfinished).
    pub fn open_dependencies(&self, declared: &[String]) -> Vec<String> {
        declared
            .iter()
            .filter(|d| self.node(d).is_none_or(|n| !n.done))
            .cloned()
            .collect()
    }

    /// The longest chain of unfinished work, weighted by estimates, and its total in minutes.
    /// Ties go to the smaller id. Nodes on cycles are left out (a cycle has no longest path).
    pub fn critical_path(&self) -> CriticalPath {
        let components = self.components();
        let on_cycle: BTreeSet<usize> = components
            .iter()
            .filter(|c| c.len() > 1 || self.deps[c[0]].contains(&c[0]))
            .flatten()
            .copied()
            .collect();
        let n = self.nodes.len();
        let mut best: Vec<Option<(i64, Option<usize>)>> = vec![None; n];
        let weight = |i: usize| {
            self.nodes[i]
                .estimate_minutes
                .unwrap_or(UNKNOWN_ESTIMATE_MINUTES)
        };
        // Tarjan returns components in reverse topological order of the dependency edges:
        // dependencies come first, so one pass settles each node.
        for comp in &components {
            for &v in comp {
                if on_cycle.contains(&v)
                    || self.nodes[v].done
                    || self.nodes[v].status == "CANCELLED"
                {
                    continue;
                }
                let mut chosen: Option<(i64, usize)> = None;
                for &d in &self.deps[v] {
                    if let Some(Some((len, _))) = best.get(d) {
                        let better = match chosen {
                            None => true,
                            Some((l, i)) => {
                                *len > l || (*len == l && self.nodes[d].id < self.nodes[i].id)
                            }
                        };
                        if better {
                            chosen = Some((*len, d));
                        }
                    }
                }
                best[v] = Some((weight(v) + chosen.map_or(0, |c| c.0), chosen.map(|c| c.1)));
            }
        }
        let Some(end) = (0..n).filter(|&i| best[i].is_some()).max_by(|&a, &b| {
            let (la, lb) = (best[a].expect("some").0, best[b].expect("some").0);
            la.cmp(&lb)
                .then_with(|| self.nodes[b].id.cmp(&self.nodes[a].id))
        }) else {
            return CriticalPath::default();
        };
        let total = best[end].expect("some").0;
        let mut chain = vec![end];
        while let Some((_, Some(next))) = best[*chain.last().expect("non-empty")] {
            chain.push(next);
        }
        // Present it in the order work must happen: dependencies first.
        chain.reverse();
        CriticalPath {
            ids: chain
                .into_iter()
                .map(|i| self.nodes[i].id.to_string())
                .collect(),
            minutes: total,
        }
    }
}

/// Atoms ready to start: NOT_STARTED, with every dependency finished.
pub fn ready<'a>(graph: &Graph, atoms: &'a [Atom]) -> Vec<&'a Atom> {
    atoms
        .iter()
        .filter(|a| {
            a.status == Status::NotStarted && graph.open_dependencies(&a.dependencies).is_empty()
        })
        .collect()
}

#[cfg(test)]
mod tests;
