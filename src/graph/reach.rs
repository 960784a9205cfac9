//! How far work reaches through its dependencies: a node's neighbourhood, and what others wait for.

use std::collections::BTreeSet;

use super::Graph;

impl Graph {
    /// `roots` and what they depend on, `steps` edges deep (ids that are no node are left out).
    pub fn around<'a>(
        &self,
        roots: impl IntoIterator<Item = &'a str>,
        steps: usize,
    ) -> BTreeSet<String> {
        let mut frontier: Vec<usize> = roots
            .into_iter()
            .filter_map(|id| self.index.get(id).copied())
            .collect();
        let mut seen: BTreeSet<usize> = frontier.iter().copied().collect();
        for _ in 0..steps {
            let next: Vec<usize> = frontier
                .iter()
                .flat_map(|&i| self.deps[i].iter().copied())
                .filter(|d| seen.insert(*d))
                .collect();
            frontier = next;
        }
        seen.into_iter()
            .map(|i| self.nodes[i].id.to_string())
            .collect()
    }

    /// Unfinished nodes (their indices) by how many unfinished nodes depend on them directly, most
    /// first, with that count; nodes nothing unfinished waits for are left out.
    pub fn most_waited_for(&self) -> Vec<(usize, usize)> {
        let mut waiting = vec![0usize; self.nodes.len()];
        for (i, node) in self.nodes.iter().enumerate() {
            if node.done {
                continue;
            }
            for &d in &self.deps[i] {
                if !self.nodes[d].done {
                    waiting[d] += 1;
                }
            }
        }
        let mut list: Vec<(usize, usize)> = waiting
            .into_iter()
            .enumerate()
            .filter(|&(_, n)| n > 0)
            .collect();
        list.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        list
    }
}
