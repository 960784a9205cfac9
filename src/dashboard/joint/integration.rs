//! Molecular integration: every molecule, integration between each pair of teams, and the
//! dependency graph of unfinished work.

use std::collections::BTreeSet;
use std::fmt::Write;

use super::{HERE, id_link, page, validated};
use crate::clock;
use crate::dashboard::{Inputs, Page, link, text};
use crate::doc::{Molecule, MoleculeStatus};
use crate::graph;

/// Above this many unfinished nodes, the graph shows only the critical path, blocked work and molecules.
const GRAPH_LIMIT: usize = 80;

pub(in crate::dashboard) fn integration_page(inputs: &Inputs) -> Page {
    let mut s = String::new();
    molecules(inputs, &mut s);
    team_pairs(inputs, &mut s);
    dependency_graph(inputs, &mut s);
    page("MOLECULAR_INTEGRATION.md", "Molecular Integration", s)
}

fn molecules(inputs: &Inputs, s: &mut String) {
    let molecules = &inputs.snap.molecules;
    let _ = writeln!(s, "## Molecules ({})\n", molecules.len());
    if molecules.is_empty() {
        s.push_str(
            "_No molecules yet: `coord molecules new \"Title\" --lead TEAM --support TEAM`._\n\n",
        );
    }
    for m in molecules {
        let rollup = inputs.snap.rollup(m);
        let (done, total) = (rollup.completed, rollup.total);
        let _ = writeln!(
            s,
            "### [{}]({}): {}\n",
            m.id,
            link(HERE, &m.path),
            text(&m.title)
        );
        let support = if m.support.is_empty() {
            "-".to_owned()
        } else {
            m.support.join(", ")
        };
        let _ = writeln!(
            s,
            "- Status: **{}** · complexity {} · lead **{}** · support {}",
            m.status.as_str(),
            m.complexity,
            m.lead,
            support
        );
        let comps: Vec<String> = m
            .atoms
            .iter()
            .map(|a| match inputs.snap.atom(a) {
                Some(x) => format!("{} {}", id_link(inputs, a), x.status.as_str()),
                None => format!("{a} (missing)"),
            })
            .collect();
        let _ = writeln!(
            s,
            "- Components: {done}/{total} completed{}",
            if comps.is_empty() {
                String::new()
            } else {
                format!(": {}", comps.join(", "))
            }
        );
        for (title, points) in [
            ("Integration points", &m.integration_points),
            ("Success criteria", &m.success_criteria),
        ] {
            if points.is_empty() {
                continue;
            }
            let _ = writeln!(
                s,
                "\n| {title} ({}/{} validated) | Status |\n|---|---|",
                validated(points),
                points.len()
            );
            for p in points {
                let _ = writeln!(s, "| {} | {} |", text(&p.name), p.status);
            }
        }
        s.push('\n');
    }
}

fn team_pairs(inputs: &Inputs, s: &mut String) {
    let molecules = &inputs.snap.molecules;
    s.push_str("## Integration between teams\n\n");
    let teams = inputs.zones.team_ids();
    let mut any = false;
    for (i, a) in teams.iter().enumerate() {
        for b in &teams[i + 1..] {
            let shared: Vec<&Molecule> = molecules
                .iter()
                .filter(|m| m.teams.contains(a) && m.teams.contains(b))
                .collect();
            if shared.is_empty() {
                continue;
            }
            if !any {
                s.push_str("| Teams | Molecules | Complete | Integration points validated |\n|---|---|---|---|\n");
                any = true;
            }
            let complete = shared
                .iter()
                .filter(|m| m.status == MoleculeStatus::Complete)
                .count();
            let (v, t) = shared.iter().fold((0, 0), |(v, t), m| {
                (
                    v + validated(&m.integration_points),
                    t + m.integration_points.len(),
                )
            });
            let ids: Vec<String> = shared.iter().map(|m| id_link(inputs, &m.id)).collect();
            let _ = writeln!(
                s,
                "| {a} + {b} | {} | {complete}/{} | {v}/{t} |",
                ids.join(", "),
                shared.len()
            );
        }
    }
    if !any {
        s.push_str("_No molecule joins two teams yet._\n");
    }
}

fn dependency_graph(inputs: &Inputs, s: &mut String) {
    s.push_str("\n## Dependency graph\n\n");
    let unfinished: BTreeSet<String> = inputs
        .graph
        .nodes
        .iter()
        .filter(|n| !n.done)
        .map(|n| n.id.clone())
        .collect();
    if unfinished.is_empty() {
        s.push_str("_No unfinished work._\n");
    } else {
        let keep: BTreeSet<String> = if unfinished.len() <= GRAPH_LIMIT {
            unfinished.clone()
        } else {
            let mut keep: BTreeSet<String> = inputs.critical.ids.iter().cloned().collect();
            keep.extend(
                inputs
                    .graph
                    .nodes
                    .iter()
                    .filter(|n| {
                        !n.done
                            && (n.kind == crate::graph::NodeKind::Molecule || n.status == "BLOCKED")
                    })
                    .map(|n| n.id.clone())
                    .take(GRAPH_LIMIT),
            );
            keep
        };
        let _ = writeln!(
            s,
            "Unfinished work, dependencies pointing at what they unblock; the critical path ({}) is outlined in orange.{}\n",
            clock::format_duration(inputs.critical.minutes),
            if keep.len() < unfinished.len() {
                format!(
                    " Only {} of {} unfinished nodes are drawn (the critical path, blocked atoms, molecules); `coord graph --team T` draws one team's.",
                    keep.len(),
                    unfinished.len()
                )
            } else {
                String::new()
            }
        );
        let _ = writeln!(
            s,
            "```mermaid\n{}```",
            graph::mermaid(inputs.graph, Some(&keep), &inputs.critical.ids, Some("../"))
        );
    }
}
