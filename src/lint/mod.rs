//! `coord lint`'s checks across files: duplicate ids, dangling dependencies and cycles.
//! Problems inside one file are found while loading it; this adds what needs them all.

use std::collections::BTreeMap;

use crate::error::line_col;
use crate::finding::{self, Finding};
use crate::graph::Graph;
use crate::workspace::Snapshot;

/// Every finding of the snapshot, sorted; `graph` is the snapshot's dependency graph. `read`
/// returns a file's text, to point at lines.
pub fn check(
    snap: &Snapshot,
    graph: &Graph,
    read: &dyn Fn(&str) -> Option<String>,
) -> Vec<Finding> {
    let mut out = snap.findings.clone();
    let locate = |path: &str, needle: &str| -> (u32, u32) {
        read(path)
            .and_then(|text| text.find(needle).map(|o| line_col(&text, o)))
            .unwrap_or((0, 0))
    };

    let mut by_id: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for a in &snap.atoms {
        by_id.entry(&a.id).or_default().push(&a.path);
    }
    for m in &snap.molecules {
        by_id.entry(&m.id).or_default().push(&m.path);
    }
    for (id, paths) in by_id.iter().filter(|(_, p)| p.len() > 1) {
        for path in &paths[1..] {
            let (l, c) = locate(path, &format!("id: {id}"));
            out.push(
                Finding::error("duplicate-id", format!("{id} is also used by {}", paths[0]))
                    .at(*path, l, c)
                    .hint("give one of them a new id: `coord atoms new` allocates free ones"),
            );
        }
    }

    for (from, missing) in &graph.dangling {
        let path = graph.node(from).map(|n| n.path.clone()).unwrap_or_default();
        let (l, c) = locate(&path, missing);
        out.push(
            Finding::error(
                "dangling-dependency",
                format!("{from} depends on {missing}, which does not exist"),
            )
            .at(path, l, c)
            .hint("fix the id, or remove the dependency"),
        );
    }
    for cycle in graph.cycles() {
        let first = &cycle[0];
        let path = graph
            .node(first)
            .map(|n| n.path.clone())
            .unwrap_or_default();
        let (l, c) = if cycle.len() > 1 {
            locate(&path, &cycle[1])
        } else {
            locate(&path, &format!("- {first}"))
        };
        let mut ring = cycle.clone();
        ring.push(first.clone());
        out.push(
            Finding::error(
                "dependency-cycle",
                format!("dependency cycle: {}", ring.join(" → ")),
            )
            .at(path, l, c)
            .hint("remove one of these dependencies to break the cycle"),
        );
    }
    finding::sort(&mut out);
    out
}
