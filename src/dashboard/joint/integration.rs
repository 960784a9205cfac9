//! Molecular integration: the molecules (a table of all, the unfinished ones in detail with
//! their own graphs), integration between each pair of teams, and the dependencies of
//! unfinished work.

use std::fmt::Write;

use super::{HERE, dependencies, id_link, page, validated};
use crate::dashboard::{Inputs, LISTED, Page, link, more, text};
use crate::doc::{Molecule, MoleculeStatus};

/// How many unfinished molecules the page details; the table names them all.
const DETAILED: usize = 10;
/// How many components a detailed molecule names.
const COMPONENTS: usize = 20;

pub(in crate::dashboard) fn integration_page(inputs: &Inputs) -> Page {
    let mut s = String::new();
    molecules(inputs, &mut s);
    team_pairs(inputs, &mut s);
    dependencies::section(inputs, &mut s);
    page("MOLECULAR_INTEGRATION.md", "Molecular Integration", s)
}

fn molecules(inputs: &Inputs, s: &mut String) {
    let molecules = &inputs.snap.molecules;
    let _ = writeln!(s, "## Molecules ({})\n", molecules.len());
    if molecules.is_empty() {
        s.push_str(
            "_No molecules yet: `coord molecules new \"Title\" --lead TEAM --support TEAM`._\n\n",
        );
        return;
    }
    // Work under way first, then what is planned, then what is complete.
    let rank = |m: &Molecule| match m.status {
        MoleculeStatus::Active => 0,
        MoleculeStatus::Testing => 1,
        MoleculeStatus::Planning => 2,
        MoleculeStatus::Complete => 3,
    };
    let mut sorted: Vec<&Molecule> = molecules.iter().collect();
    sorted.sort_by(|a, b| (rank(a), &a.id).cmp(&(rank(b), &b.id)));
    s.push_str("| Molecule | Status | Lead | Atoms completed | Points validated |\n|---|---|---|---|---|\n");
    for m in sorted.iter().take(LISTED) {
        let rollup = inputs.snap.rollup(m);
        let _ = writeln!(
            s,
            "| [{}]({}) {} | {} | {} | {}/{} | {}/{} |",
            m.id,
            link(HERE, &m.path),
            text(&m.title),
            m.status.as_str(),
            m.lead,
            rollup.completed,
            rollup.total,
            validated(&m.integration_points),
            m.integration_points.len()
        );
    }
    more(s, sorted.len(), "coord molecules list");
    let open: Vec<&Molecule> = sorted
        .into_iter()
        .filter(|m| m.status != MoleculeStatus::Complete)
        .collect();
    let own_graphs = !dependencies::draws_whole(inputs.graph);
    for m in open.iter().take(DETAILED) {
        detail(inputs, m, own_graphs, s);
    }
    if open.len() > DETAILED {
        let _ = writeln!(
            s,
            "_{} more unfinished molecules: `coord molecules show ID` details one, `coord graph --molecule ID` draws it._\n",
            open.len() - DETAILED
        );
    }
}

/// One unfinished molecule: who, its components, its points and criteria, and (with
/// `own_graph`) its own graph.
fn detail(inputs: &Inputs, m: &Molecule, own_graph: bool, s: &mut String) {
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
    let mut comps: Vec<String> = m
        .atoms
        .iter()
        .take(COMPONENTS)
        .map(|a| match inputs.snap.atom(a) {
            Some(x) => format!("{} {}", id_link(inputs, a), x.status.as_str()),
            None => format!("{a} (missing)"),
        })
        .collect();
    if m.atoms.len() > COMPONENTS {
        comps.push(format!("{} more", m.atoms.len() - COMPONENTS));
    }
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
    if let Some(graph) = own_graph
        .then(|| dependencies::molecule_graph(inputs, &m.id))
        .flatten()
    {
        let _ = writeln!(s, "```mermaid\n{graph}```\n");
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
