//! `coord graph`: the dependency graph as Mermaid, dot or JSON; its critical path, cycles and
//! dangling references.

use std::collections::BTreeSet;

use serde::Serialize;

use super::{Ctx, snapshot};
use crate::clock;
use crate::error::Result;
use crate::graph::{self, Graph};
use crate::output::Format;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Only this team's nodes, and what they depend on.
    #[arg(long)]
    team: Option<String>,
    /// Print the critical path instead of the graph.
    #[arg(long)]
    critical: bool,
}

#[derive(Serialize)]
struct Edge<'a> {
    from: &'a str,
    to: &'a str,
}

pub fn run(ctx: &mut Ctx, args: Args) -> Result<i32> {
    ctx.formats(&[Format::Human, Format::Json, Format::Mermaid, Format::Dot])?;
    let ws = ctx.workspace()?;
    if let Some(t) = &args.team {
        ws.zones.require_team(t)?;
    }
    let snap = snapshot(&ws);
    let g = Graph::build(&snap.atoms, &snap.molecules);
    let (critical, minutes) = g.critical_path();
    let cycles = g.cycles();
    let keep: Option<BTreeSet<String>> = args.team.as_ref().map(|t| {
        let mut keep = BTreeSet::new();
        for (i, n) in g.nodes.iter().enumerate() {
            if &n.team == t {
                keep.insert(n.id.clone());
                keep.extend(g.deps[i].iter().map(|&d| g.nodes[d].id.clone()));
            }
        }
        keep
    });
    if args.critical {
        if ctx.format == Format::Json {
            ctx.out.json(&serde_json::json!({ "path": critical, "minutes": minutes, "unknown_estimate_minutes": graph::UNKNOWN_ESTIMATE_MINUTES }));
        } else if critical.is_empty() {
            ctx.out.line("no unfinished work: no critical path");
        } else {
            ctx.out.line(format!(
                "critical path: {} (unknown estimates count as 1h)",
                clock::format_duration(minutes)
            ));
            for id in &critical {
                let n = g.node(id).expect("on the path");
                let est = n
                    .estimate_minutes
                    .map_or("?".to_owned(), clock::format_duration);
                ctx.out.line(format!(
                    "  {id}  {:<8} {:<11} {est:>6}  {}",
                    n.team, n.status, n.title
                ));
            }
        }
        return Ok(0);
    }
    match ctx.format {
        Format::Mermaid => ctx
            .out
            .write(&graph::mermaid(&g, keep.as_ref(), &critical, None)),
        Format::Dot => ctx.out.write(&graph::dot(&g, keep.as_ref(), &critical)),
        Format::Json => {
            let kept = |id: &str| keep.as_ref().is_none_or(|k| k.contains(id));
            let nodes: Vec<&graph::Node> = g.nodes.iter().filter(|n| kept(&n.id)).collect();
            let mut edges = Vec::new();
            for (i, n) in g.nodes.iter().enumerate() {
                for &d in &g.deps[i] {
                    if kept(&n.id) && kept(&g.nodes[d].id) {
                        edges.push(Edge {
                            from: &n.id,
                            to: &g.nodes[d].id,
                        });
                    }
                }
            }
            let dangling: Vec<Edge> = g
                .dangling
                .iter()
                .map(|(f, t)| Edge { from: f, to: t })
                .collect();
            ctx.out.json(&serde_json::json!({ "nodes": nodes, "edges": edges, "dangling": dangling, "cycles": cycles, "critical_path": critical, "critical_path_minutes": minutes }));
        }
        _ => {
            let kept = |id: &str| keep.as_ref().is_none_or(|k| k.contains(id));
            for (i, n) in g.nodes.iter().enumerate().filter(|(_, n)| kept(&n.id)) {
                let deps: Vec<&str> = g.deps[i].iter().map(|&d| g.nodes[d].id.as_str()).collect();
                let arrow = if deps.is_empty() {
                    String::new()
                } else {
                    format!("  ← {}", deps.join(", "))
                };
                ctx.out
                    .line(format!("{} [{}] {}{arrow}", n.id, n.status, n.title));
            }
        }
    }
    for (from, to) in &g.dangling {
        crate::output::note(format!(
            "dangling: {from} depends on {to}, which does not exist"
        ));
    }
    for cycle in &cycles {
        crate::output::note(format!("cycle: {} → {}", cycle.join(" → "), cycle[0]));
    }
    Ok(if g.dangling.is_empty() && cycles.is_empty() {
        0
    } else {
        1
    })
}
