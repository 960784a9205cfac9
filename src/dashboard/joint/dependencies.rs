//! The integration page's dependency section, readable at any size: while unfinished work is
//! small, one graph of all of it; past that, the critical path on its own (a graph while it is
//! short, a table when long), the work most others wait for as a table, and each molecule's own
//! graph beside the molecule. A flowchart of hundreds of nodes draws as a hairline.

use std::collections::BTreeSet;
use std::fmt::Write;

use super::id_link;
use crate::clock;
use crate::dashboard::{Inputs, LISTED, more, text};
use crate::graph;

/// Up to this many unfinished nodes, the page draws them all as one graph.
const WHOLE: usize = 30;
/// Up to this many nodes, the critical path is drawn; longer, it is a table.
const CHAIN: usize = 12;
/// Up to this many nodes, a molecule's own graph is drawn.
const MOLECULE: usize = 25;
/// How many of the most waited-for nodes the table names.
const WAITED: usize = 20;

pub(super) fn section(inputs: &Inputs, s: &mut String) {
    s.push_str("\n## Dependencies\n\n");
    let graph = inputs.graph;
    let unfinished: BTreeSet<String> = graph
        .nodes
        .iter()
        .filter(|n| !n.done)
        .map(|n| n.id.to_string())
        .collect();
    if unfinished.is_empty() {
        s.push_str("_No unfinished work._\n");
        return;
    }
    let length = clock::format_duration(inputs.critical.minutes);
    if unfinished.len() <= WHOLE {
        let _ = writeln!(
            s,
            "Unfinished work, dependencies pointing at what they unblock; the critical path ({length}) is outlined in orange.\n"
        );
        let _ = writeln!(
            s,
            "```mermaid\n{}```",
            graph::mermaid(graph, Some(&unfinished), &inputs.critical.ids)
        );
        return;
    }
    let _ = writeln!(
        s,
        "{} unfinished atoms and molecules: too many for one readable graph. Below, the critical path and the work most others wait for; each molecule's own graph is drawn with the molecule above; `coord graph --team T` draws one team's, `coord graph --format dot` all of it.\n",
        unfinished.len()
    );
    critical_path(inputs, &length, s);
    waited_for(inputs, s);
}

fn critical_path(inputs: &Inputs, length: &str, s: &mut String) {
    let ids = &inputs.critical.ids;
    let _ = writeln!(s, "### Critical path ({} nodes, {length})\n", ids.len());
    if ids.is_empty() {
        s.push_str("_None: every unfinished node is on a cycle._\n\n");
        return;
    }
    if ids.len() <= CHAIN {
        let keep: BTreeSet<String> = ids.iter().cloned().collect();
        let _ = writeln!(
            s,
            "```mermaid\n{}```\n",
            graph::mermaid_flowing(inputs.graph, Some(&keep), ids, "TB")
        );
        return;
    }
    s.push_str("| # | Atom | Team | Status | Estimate |\n|---:|---|---|---|---|\n");
    for (k, id) in ids.iter().enumerate().take(LISTED) {
        let Some(node) = inputs.graph.node(id) else {
            continue;
        };
        let _ = writeln!(
            s,
            "| {} | {} {} | {} | {} | {} |",
            k + 1,
            id_link(inputs, id),
            text(&node.title),
            node.team,
            node.status,
            node.estimate_minutes
                .map_or("?".to_owned(), clock::format_duration)
        );
    }
    more(s, ids.len(), "coord graph --critical");
}

fn waited_for(inputs: &Inputs, s: &mut String) {
    let graph = inputs.graph;
    let list = graph.most_waited_for();
    let _ = writeln!(s, "### What others wait for\n");
    if list.is_empty() {
        s.push_str("_No unfinished work waits for other unfinished work._\n");
        return;
    }
    s.push_str("| Atom | Team | Status | Waiting on it |\n|---|---|---|---:|\n");
    for &(i, count) in list.iter().take(WAITED) {
        let node = &graph.nodes[i];
        let _ = writeln!(
            s,
            "| {} {} | {} | {} | {count} |",
            id_link(inputs, &node.id),
            text(&node.title),
            node.team,
            node.status
        );
    }
    if list.len() > WAITED {
        let _ = writeln!(
            s,
            "\n_The {WAITED} most waited for of {}; `coord graph` lists every dependency._",
            list.len()
        );
    }
}

/// Whether the page draws all unfinished work as one graph (then molecules need none of their own).
pub(super) fn draws_whole(graph: &graph::Graph) -> bool {
    graph.nodes.iter().filter(|n| !n.done).count() <= WHOLE
}

/// A molecule's own graph: the molecule, its atoms and what they depend on (only its atoms when
/// that is too many; nothing when even they are).
pub(super) fn molecule_graph(inputs: &Inputs, id: &str) -> Option<String> {
    let graph = inputs.graph;
    let keep = [2, 1]
        .into_iter()
        .map(|steps| graph.around([id], steps))
        .find(|keep| keep.len() <= MOLECULE)?;
    if keep.len() < 2 {
        return None;
    }
    Some(graph::mermaid(graph, Some(&keep), &inputs.critical.ids))
}
