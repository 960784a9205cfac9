//! Live deployment status: overall progress, the team indicators side by side, and progress per
//! phase.

use std::fmt::Write;

use super::{HERE, as_of, page, percent, validated};
use crate::config::layout::team_page;
use crate::dashboard::{Inputs, Page, cell, link, team_indicator, text};
use crate::doc::{MoleculeStatus, Status};

pub(in crate::dashboard) fn deployment_page(inputs: &Inputs) -> Page {
    let mut s = as_of(inputs);
    overall(inputs, &mut s);
    teams(inputs, &mut s);
    s.push_str("\n## Who works on what\n\n");
    crate::dashboard::agents::section(inputs, None, HERE, &mut s);
    s.pop(); // The phases open with their own blank line.
    phases(inputs, &mut s);
    page("LIVE_DEPLOYMENT_STATUS.md", "Live Deployment Status", s)
}

fn overall(inputs: &Inputs, s: &mut String) {
    let snap = inputs.snap;
    let done = snap
        .atoms
        .iter()
        .filter(|a| a.status == Status::Completed)
        .count();
    let cancelled = count_cancelled(snap.atoms.iter());
    let planned = snap.atoms.len() - cancelled;
    let dropped = if cancelled > 0 {
        format!(", {cancelled} cancelled")
    } else {
        String::new()
    };
    let _ = writeln!(
        s,
        "**Overall progress: {}%** ({done}/{planned} atoms completed{dropped}, {}/{} molecules complete)\n",
        percent(done, planned),
        snap.molecules
            .iter()
            .filter(|m| m.status == MoleculeStatus::Complete)
            .count(),
        snap.molecules.len()
    );
}

/// A phase's dates, objective and gate outcome, above its table.
fn gate_line(inputs: &Inputs, phase: &crate::config::Phase, s: &mut String) {
    let gate = crate::phases::gate(
        phase,
        inputs.snap,
        inputs.risks,
        inputs.escalations,
        inputs.conflicts,
    );
    let passed = gate.checks.iter().filter(|c| c.passed).count();
    let mut parts = Vec::new();
    if phase.start.is_some() || phase.end.is_some() {
        parts.push(format!(
            "{} → {}",
            cell(phase.start.as_deref().unwrap_or("?")),
            cell(phase.end.as_deref().unwrap_or("?"))
        ));
    }
    if let Some(o) = &phase.objective {
        parts.push(text(o));
    }
    parts.push(format!(
        "gate: **{}** ({passed} of {} checks pass; `coord phase gate {}`)",
        if gate.go { "GO" } else { "NO-GO" },
        gate.checks.len(),
        phase.id
    ));
    let _ = writeln!(s, "{}\n", parts.join(" · "));
    for criterion in &phase.gate {
        let _ = writeln!(s, "- [ ] {}", text(criterion));
    }
    if !phase.gate.is_empty() {
        s.push('\n');
    }
}

/// Cancelled atoms: they leave the totals progress is counted against.
fn count_cancelled<'a>(atoms: impl Iterator<Item = &'a crate::doc::Atom>) -> usize {
    atoms.filter(|a| a.status == Status::Cancelled).count()
}

fn teams(inputs: &Inputs, s: &mut String) {
    let (snap, zones) = (inputs.snap, inputs.zones);
    s.push_str("## Teams\n\n| Team | Indicator | Completed | In progress | Blocked |\n|---|---|---|---|---|\n");
    for t in &zones.teams {
        let ind = team_indicator(&t.id, snap, zones, inputs.now.at, inputs.records());
        let count = |st: Status| {
            snap.atoms
                .iter()
                .filter(|a| a.team == t.id && a.status == st)
                .count()
        };
        let mine = || snap.atoms.iter().filter(|a| a.team == t.id);
        let total = mine().count() - count_cancelled(mine());
        let _ = writeln!(
            s,
            "| [{}]({}) | {} {} | {}/{} | {} | {} |",
            text(&t.name),
            link(HERE, &team_page(&t.dir)),
            ind.emoji(),
            ind.words(),
            count(Status::Completed),
            total,
            count(Status::InProgress),
            count(Status::Blocked)
        );
    }
}

fn phases(inputs: &Inputs, s: &mut String) {
    let (snap, zones) = (inputs.snap, inputs.zones);
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
    for (k, (id, name)) in phases.iter().enumerate() {
        let atoms: Vec<_> = snap.atoms.iter().filter(|a| a.phase == *id).collect();
        let molecules: Vec<_> = snap.molecules.iter().filter(|m| m.phase == *id).collect();
        let completed = atoms
            .iter()
            .filter(|a| a.status == Status::Completed)
            .count();
        let pct = percent(
            completed,
            atoms.len() - count_cancelled(atoms.iter().copied()),
        );
        let _ = writeln!(s, "### {} ({pct}%)\n", cell(name));
        if let Some(phase) = zones.phases.iter().find(|p| Some(p.id) == *id) {
            gate_line(inputs, phase, s);
        }
        s.push_str("| Team | Completed |\n|---|---|\n");
        for t in &zones.teams {
            let mine: Vec<_> = atoms.iter().filter(|a| a.team == t.id).collect();
            // A team with no atom in the phase has no row: `0/0` says nothing.
            if mine.is_empty() {
                continue;
            }
            let _ = writeln!(
                s,
                "| {} | {}/{} |",
                t.id,
                mine.iter()
                    .filter(|a| a.status == Status::Completed)
                    .count(),
                mine.len() - count_cancelled(mine.iter().map(|a| **a))
            );
        }
        let (v, total) = molecules.iter().fold((0, 0), |(v, t), m| {
            (
                v + validated(&m.integration_points),
                t + m.integration_points.len(),
            )
        });
        if total > 0 {
            let _ = writeln!(s, "| Integration points | {v}/{total} validated |");
        }
        s.push('\n');
        let label = name.replace(':', " -");
        let _ = writeln!(gantt, "  section {label}");
        // Every task names its id, start and end: with only a start and an end, Mermaid reads
        // the first as an id and draws the bar from 0, over the completed one.
        if pct > 0 {
            let _ = writeln!(gantt, "  Completed {pct}% :done, p{k}done, 0, {pct}");
        }
        if pct < 100 {
            let start = if pct > 0 {
                format!("after p{k}done")
            } else {
                "0".to_owned()
            };
            let _ = writeln!(
                gantt,
                "  Remaining {}% :active, p{k}rest, {start}, 100",
                100 - pct
            );
        }
    }
    let _ = writeln!(s, "```mermaid\n{gantt}```");
}
