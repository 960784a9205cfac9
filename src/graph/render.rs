//! Drawing the graph: Mermaid (GitHub renders it) and Graphviz dot.

use std::collections::BTreeSet;

use super::Graph;

fn mermaid_id(id: &str) -> String {
    id.replace('-', "_")
}

/// Text for a Mermaid label: characters Mermaid reads as syntax become entity codes, control
/// characters spaces, so a title can neither break the diagram nor inject markup.
fn label(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '"' => out.push_str("#quot;"),
            '#' | '<' | '>' | '&' | '`' | '[' | ']' | '{' | '}' | '(' | ')' | '|' | ';' | '*'
            | '_' => {
                out.push_str(&format!("#{};", c as u32));
            }
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

fn class_of(status: &str, done: bool) -> &'static str {
    if done {
        return "done";
    }
    match status {
        "IN_PROGRESS" | "ACTIVE" | "TESTING" => "active",
        "BLOCKED" => "blocked",
        _ => "todo",
    }
}

/// A Mermaid flowchart of the nodes in `keep` (all when None); `critical` ids are highlighted.
/// No `click` lines: GitHub draws diagrams without them, so pages link to files in their tables.
pub fn mermaid(graph: &Graph, keep: Option<&BTreeSet<String>>, critical: &[String]) -> String {
    mermaid_flowing(graph, keep, critical, "LR")
}

/// [`mermaid`] flowing in `direction` (`LR` or `TB`): a long chain reads better top down.
pub fn mermaid_flowing(
    graph: &Graph,
    keep: Option<&BTreeSet<String>>,
    critical: &[String],
    direction: &str,
) -> String {
    let kept = |id: &str| keep.is_none_or(|k| k.contains(id));
    let critical: BTreeSet<&str> = critical.iter().map(String::as_str).collect();
    let mut out = format!("flowchart {direction}\n");
    out.push_str("  classDef done fill:#d3f9d8,stroke:#2b8a3e,color:#1b4332\n");
    out.push_str("  classDef active fill:#d0ebff,stroke:#1971c2,color:#0b3d91\n");
    out.push_str("  classDef blocked fill:#ffe3e3,stroke:#c92a2a,color:#7d1414\n");
    out.push_str("  classDef todo fill:#f1f3f5,stroke:#868e96,color:#212529\n");
    out.push_str("  classDef critical stroke:#e8590c,stroke-width:4px\n");
    let nodes = graph.kept(keep);
    for node in nodes.iter().map(|&i| &graph.nodes[i]) {
        let shape = if node.kind == super::NodeKind::Molecule {
            ("{{", "}}")
        } else {
            ("[", "]")
        };
        out.push_str(&format!(
            "  {}{}\"{}: {}<br/>{} · {}\"{}:::{}\n",
            mermaid_id(&node.id),
            shape.0,
            node.id,
            label(&node.title),
            node.team,
            node.status,
            shape.1,
            class_of(node.status, node.done)
        ));
    }
    let mut edge_index = 0;
    let mut critical_edges = Vec::new();
    for &i in &nodes {
        let node = &graph.nodes[i];
        for &d in &graph.deps[i] {
            let dep = &graph.nodes[d];
            if !kept(&dep.id) {
                continue;
            }
            out.push_str(&format!(
                "  {} --> {}\n",
                mermaid_id(&dep.id),
                mermaid_id(&node.id)
            ));
            if critical.contains(dep.id.as_str()) && critical.contains(node.id.as_str()) {
                critical_edges.push(edge_index);
            }
            edge_index += 1;
        }
    }
    for id in critical.iter().filter(|id| kept(id)) {
        out.push_str(&format!("  class {} critical\n", mermaid_id(id)));
    }
    if !critical_edges.is_empty() {
        let list: Vec<String> = critical_edges.iter().map(usize::to_string).collect();
        out.push_str(&format!(
            "  linkStyle {} stroke:#e8590c,stroke-width:3px\n",
            list.join(",")
        ));
    }
    out
}

/// A Graphviz digraph of the nodes in `keep` (all when None).
pub fn dot(graph: &Graph, keep: Option<&BTreeSet<String>>, critical: &[String]) -> String {
    let kept = |id: &str| keep.is_none_or(|k| k.contains(id));
    let critical: BTreeSet<&str> = critical.iter().map(String::as_str).collect();
    let mut out = String::from(
        "digraph coord {\n  rankdir=LR;\n  node [shape=box, style=filled, fontname=\"Helvetica\"];\n",
    );
    let nodes = graph.kept(keep);
    for node in nodes.iter().map(|&i| &graph.nodes[i]) {
        let fill = match class_of(node.status, node.done) {
            "done" => "#d3f9d8",
            "active" => "#d0ebff",
            "blocked" => "#ffe3e3",
            _ => "#f1f3f5",
        };
        let pen = if critical.contains(node.id.as_str()) {
            ", color=\"#e8590c\", penwidth=3"
        } else {
            ""
        };
        let shape = if node.kind == super::NodeKind::Molecule {
            ", shape=hexagon"
        } else {
            ""
        };
        out.push_str(&format!(
            "  \"{}\" [label=\"{}\\n{}\\n{} · {}\", fillcolor=\"{}\"{}{}];\n",
            node.id,
            node.id,
            node.title.replace('"', "\\\""),
            node.team,
            node.status,
            fill,
            pen,
            shape
        ));
    }
    for &i in &nodes {
        let node = &graph.nodes[i];
        for &d in &graph.deps[i] {
            let dep = &graph.nodes[d];
            if kept(&dep.id) {
                let pen =
                    if critical.contains(dep.id.as_str()) && critical.contains(node.id.as_str()) {
                        " [color=\"#e8590c\", penwidth=3]"
                    } else {
                        ""
                    };
                out.push_str(&format!("  \"{}\" -> \"{}\"{};\n", dep.id, node.id, pen));
            }
        }
    }
    out.push_str("}\n");
    out
}
