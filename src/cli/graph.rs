//! `coord graph`: the dependency graph as Mermaid, dot or JSON; its critical path, cycles and
//! dangling references.

use serde::Serialize;

use super::Ctx;
use crate::clock;
use crate::error::Result;
use crate::graph::{self, View};
use crate::output::{Format, note};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Only this team's nodes, and what they depend on.
    #[arg(long)]
    team: Option<String>,
    /// Only this molecule, its atoms and what they depend on.
    #[arg(long, value_name = "ID")]
    molecule: Option<String>,
    /// Print the critical path instead of the graph.
    #[arg(long)]
    critical: bool,
}

#[derive(Serialize)]
struct CriticalJson<'a> {
    path: &'a [String],
    minutes: i64,
    unknown_estimate_minutes: i64,
}

pub fn run(ctx: &mut Ctx, args: Args) -> Result<i32> {
    ctx.formats(&[Format::Human, Format::Json, Format::Mermaid, Format::Dot])?;
    let only = graph::view::Only {
        team: args.team.as_deref(),
        molecule: args.molecule.as_deref(),
    };
    let view = graph::view(&ctx.workspace()?, only)?;
    if args.critical {
        critical(ctx, &view);
        return Ok(0);
    }
    let (g, critical) = (&view.graph, &view.critical.ids);
    match ctx.format {
        Format::Mermaid => {
            let text = graph::mermaid(g, view.keep.as_ref(), critical);
            ctx.out.write(&text);
        }
        Format::Dot => ctx.out.write(&graph::dot(g, view.keep.as_ref(), critical)),
        Format::Json => ctx.out.json(&view.json()),
        _ => {
            for (i, n) in g.nodes.iter().enumerate().filter(|(_, n)| view.kept(&n.id)) {
                let deps: Vec<&str> = g.deps[i].iter().map(|&d| g.nodes[d].id.as_str()).collect();
                let arrow = if deps.is_empty() {
                    String::new()
                } else {
                    format!("  ← {}", deps.join(", "))
                };
                ctx.show(&format!("{} [{}] {}{arrow}\n", n.id, n.status, n.title));
            }
        }
    }
    for (from, to) in &g.dangling {
        note(format!(
            "dangling: {from} depends on {to}, which does not exist"
        ));
    }
    for cycle in &view.cycles {
        note(format!("cycle: {} → {}", cycle.join(" → "), cycle[0]));
    }
    Ok(i32::from(view.has_problems()))
}

fn critical(ctx: &mut Ctx, view: &View) {
    let path = &view.critical;
    if ctx.format == Format::Json {
        ctx.out.json(&CriticalJson {
            path: &path.ids,
            minutes: path.minutes,
            unknown_estimate_minutes: graph::UNKNOWN_ESTIMATE_MINUTES,
        });
    } else if path.ids.is_empty() {
        ctx.out.line("no unfinished work: no critical path");
    } else {
        ctx.out.line(format!(
            "critical path: {} (unknown estimates count as 1h)",
            clock::format_duration(path.minutes)
        ));
        for n in path.ids.iter().filter_map(|id| view.graph.node(id)) {
            let est = n
                .estimate_minutes
                .map_or("?".to_owned(), clock::format_duration);
            ctx.show(&format!(
                "  {}  {:<8} {:<11} {est:>6}  {}\n",
                n.id, n.team, n.status, n.title
            ));
        }
    }
}
