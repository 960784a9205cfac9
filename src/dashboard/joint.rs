//! The four cross-team dashboards in JOINT_COORDINATION/.

use std::collections::BTreeSet;
use std::fmt::Write;

use super::{Inputs, Page, cell, escalation_late, link, now_line, team_indicator};
use crate::clock;
use crate::doc::{Escalation, Molecule, MoleculeStatus, Priority, Status};
use crate::graph;
use crate::layout::{JOINT_DIR, team_page};

const HERE: &str = JOINT_DIR;
/// Above this many unfinished nodes, the graph shows only the critical path, blocked work and molecules.
const GRAPH_LIMIT: usize = 80;

fn page(file: &str, title: &str, body: String) -> Page {
    Page {
        path: format!("{JOINT_DIR}/{file}"),
        title: title.to_owned(),
        body,
    }
}

fn as_of(inputs: &Inputs) -> String {
    now_line(inputs, HERE, true)
}

fn id_link(inputs: &Inputs, id: &str) -> String {
    match inputs.graph.node(id) {
        Some(n) => format!("[{id}]({})", link(HERE, &n.path)),
        None => format!("{id} (missing)"),
    }
}

pub(super) fn conflicts_page(inputs: &Inputs) -> Page {
    let mut s = String::new();
    let _ = writeln!(s, "## Conflicts ({})\n", inputs.conflicts.len());
    s.push_str("Active atoms (IN_PROGRESS or BLOCKED) whose `files` overlap, and open atoms that claim files in another team's exclusive zone or a read-only zone. Conflicts with other branches are shown by `coord conflicts`.\n\n");
    if inputs.conflicts.is_empty() {
        s.push_str("_No conflicts._\n\n");
    } else {
        s.push_str("| Kind | Atoms | Teams | Files | What |\n|---|---|---|---|---|\n");
        for c in inputs.conflicts {
            let d = &c.detail;
            let atoms: Vec<String> = d
                .atoms
                .iter()
                .flatten()
                .map(|a| id_link(inputs, a))
                .collect();
            let files: Vec<String> = d
                .files
                .iter()
                .flatten()
                .map(|f| format!("`{}`", cell(f)))
                .collect();
            let teams: Vec<&str> = d.teams.iter().flatten().map(String::as_str).collect();
            let _ = writeln!(
                s,
                "| {} | {} | {} | {} | {} |",
                c.code,
                atoms.join(", "),
                teams.join(", "),
                files.join(", "),
                cell(&c.message)
            );
        }
        s.push('\n');
    }
    let _ = writeln!(s, "## Lint problems ({})\n", inputs.lint.len());
    if inputs.lint.is_empty() {
        s.push_str("_No problems._\n");
    } else {
        s.push_str("| Severity | Code | Where | Problem |\n|---|---|---|---|\n");
        for f in inputs.lint {
            let level = f.severity.as_str();
            let place = match (&f.path, f.line) {
                (Some(p), Some(line)) => {
                    format!("[{p}:{line}]({}#L{line})", link(HERE, p))
                }
                (Some(p), None) => format!("[{p}]({})", link(HERE, p)),
                (None, _) => "-".to_owned(),
            };
            let _ = writeln!(
                s,
                "| {level} | {} | {place} | {} |",
                f.code,
                cell(&f.message)
            );
        }
    }
    page("ATOMIC_CONFLICT_TRACKER.md", "Atomic Conflict Tracker", s)
}

fn validated(points: &[crate::doc::molecule::Point]) -> usize {
    points.iter().filter(|p| p.status == "VALIDATED").count()
}

pub(super) fn integration_page(inputs: &Inputs) -> Page {
    let mut s = String::new();
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
            cell(&m.title)
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
                let _ = writeln!(s, "| {} | {} |", cell(&p.name), p.status);
            }
        }
        s.push('\n');
    }

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
    page("MOLECULAR_INTEGRATION.md", "Molecular Integration", s)
}

fn percent(done: usize, total: usize) -> usize {
    (done * 100).checked_div(total).unwrap_or(0)
}

pub(super) fn deployment_page(inputs: &Inputs) -> Page {
    let mut s = as_of(inputs);
    let snap = inputs.snap;
    let zones = inputs.zones;
    let done = snap
        .atoms
        .iter()
        .filter(|a| a.status == Status::Completed)
        .count();
    let _ = writeln!(
        s,
        "**Overall progress: {}%** ({done}/{} atoms completed, {}/{} molecules complete)\n",
        percent(done, snap.atoms.len()),
        snap.atoms.len(),
        snap.molecules
            .iter()
            .filter(|m| m.status == MoleculeStatus::Complete)
            .count(),
        snap.molecules.len()
    );

    s.push_str("## Teams\n\n| Team | Indicator | Completed | In progress | Blocked |\n|---|---|---|---|---|\n");
    for t in &zones.teams {
        let ind = team_indicator(&t.id, snap, zones, inputs.now.at);
        let count = |st: Status| {
            snap.atoms
                .iter()
                .filter(|a| a.team == t.id && a.status == st)
                .count()
        };
        let total = snap.atoms.iter().filter(|a| a.team == t.id).count();
        let _ = writeln!(
            s,
            "| [{}]({}) | {} {} | {}/{} | {} | {} |",
            cell(&t.name),
            link(HERE, &team_page(&t.dir)),
            ind.emoji(),
            ind.words(),
            count(Status::Completed),
            total,
            count(Status::InProgress),
            count(Status::Blocked)
        );
    }

    s.push_str("\n## Phases\n\n");
    let mut phases: Vec<(Option<u32>, String)> = zones
        .phases
        .iter()
        .map(|p| (Some(p.id), format!("Phase {}: {}", p.id, p.name)))
        .collect();
    let unphased = snap.atoms.iter().any(|a| a.phase.is_none())
        || snap.molecules.iter().any(|m| m.phase.is_none());
    if unphased {
        phases.push((None, "No phase".to_owned()));
    }
    let mut gantt = String::from(
        "gantt\n  title Progress per phase (percent of atoms completed)\n  dateFormat X\n  axisFormat %s\n",
    );
    for (id, name) in &phases {
        let atoms: Vec<_> = snap.atoms.iter().filter(|a| a.phase == *id).collect();
        let molecules: Vec<_> = snap.molecules.iter().filter(|m| m.phase == *id).collect();
        let completed = atoms
            .iter()
            .filter(|a| a.status == Status::Completed)
            .count();
        let pct = percent(completed, atoms.len());
        let _ = writeln!(s, "### {} ({pct}%)\n", cell(name));
        s.push_str("| Team | Completed |\n|---|---|\n");
        for t in &zones.teams {
            let mine: Vec<_> = atoms.iter().filter(|a| a.team == t.id).collect();
            let _ = writeln!(
                s,
                "| {} | {}/{} |",
                t.id,
                mine.iter()
                    .filter(|a| a.status == Status::Completed)
                    .count(),
                mine.len()
            );
        }
        let (v, total) = molecules.iter().fold((0, 0), |(v, t), m| {
            (
                v + validated(&m.integration_points),
                t + m.integration_points.len(),
            )
        });
        let _ = writeln!(s, "| Integration points | {v}/{total} validated |\n");
        let label = name.replace(':', " -");
        let _ = writeln!(gantt, "  section {label}");
        if pct > 0 {
            let _ = writeln!(gantt, "  Completed {pct}% :done, 0, {pct}");
        }
        if pct < 100 {
            let _ = writeln!(gantt, "  Remaining {}% :active, {pct}, 100", 100 - pct);
        }
    }
    let _ = writeln!(s, "```mermaid\n{gantt}```");
    page("LIVE_DEPLOYMENT_STATUS.md", "Live Deployment Status", s)
}

pub(super) fn emergency_page(inputs: &Inputs) -> Page {
    let mut s = as_of(inputs);
    let zones = inputs.zones;
    let snap = inputs.snap;
    let mut open: Vec<(&Escalation, String, &str)> = Vec::new();
    for a in &snap.atoms {
        for e in a.escalations.iter().filter(|e| e.is_open()) {
            open.push((e, a.id.clone(), &a.path));
        }
    }
    for m in &snap.molecules {
        for e in m.escalations.iter().filter(|e| e.is_open()) {
            open.push((e, m.id.clone(), &m.path));
        }
    }
    let _ = writeln!(s, "## Open escalations ({})\n", open.len());
    s.push_str("| Level | Response time |\n|---|---|\n");
    for l in &zones.escalation {
        let _ = writeln!(s, "| {}: {} | {} |", l.level, cell(&l.name), l.response);
    }
    s.push('\n');
    if open.is_empty() {
        s.push_str("_No open escalations._\n\n");
    } else {
        open.sort_by(|a, b| {
            (std::cmp::Reverse(a.0.level), &a.0.raised, &a.1).cmp(&(
                std::cmp::Reverse(b.0.level),
                &b.0.raised,
                &b.1,
            ))
        });
        s.push_str("| Level | On | Raised | Reason | Response time |\n|---|---|---|---|---|\n");
        for (e, id, path) in &open {
            let name = zones
                .level(e.level)
                .map_or(String::new(), |l| format!(" {}", l.name));
            let state = if escalation_late(e, zones, inputs.now.at) {
                "⏰ passed"
            } else {
                "within"
            };
            let response = zones
                .level(e.level)
                .map_or("-".to_owned(), |l| l.response.clone());
            let _ = writeln!(
                s,
                "| {}{} | [{id}]({}) | {} | {} | {response}, {state} |",
                e.level,
                cell(&name),
                link(HERE, path),
                e.raised,
                cell(&e.reason)
            );
        }
        s.push('\n');
    }
    let critical: Vec<_> = snap
        .atoms
        .iter()
        .filter(|a| a.status == Status::Blocked && a.priority <= Priority::High)
        .collect();
    let _ = writeln!(s, "## Critical blocked atoms ({})\n", critical.len());
    if critical.is_empty() {
        s.push_str("_No CRITICAL or HIGH atom is blocked._\n");
    } else {
        s.push_str("| Atom | Team | Priority | Blocked reason |\n|---|---|---|---|\n");
        for a in critical {
            let _ = writeln!(
                s,
                "| [{}]({}) {} | {} | {} | {} |",
                a.id,
                link(HERE, &a.path),
                cell(&a.title),
                a.team,
                a.priority.as_str(),
                cell(a.blocked_reason.as_deref().unwrap_or("-"))
            );
        }
    }
    page("EMERGENCY_COORDINATION.md", "Emergency Coordination", s)
}
