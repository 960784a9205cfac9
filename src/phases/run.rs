//! Phases against the workspace: loading what the evaluation needs, and recording a gate's
//! outcome as a decision.

use chrono::{DateTime, Utc};

use super::{Gate, PhaseStatus};
use crate::clock::Stamp;
use crate::config::Phase;
use crate::decisions::{self, NewDecision};
use crate::doc::decision::Decision;
use crate::error::{Error, Result};
use crate::workspace::Workspace;
use crate::zones::ZoneMap;

fn phase(ws: &Workspace, id: u32) -> Result<&Phase> {
    ws.zones.phases.iter().find(|p| p.id == id).ok_or_else(|| {
        let ids: Vec<String> = ws.zones.phases.iter().map(|p| p.id.to_string()).collect();
        Error::usage(
            format!("no phase {id} in zones.yaml"),
            Some(if ids.is_empty() {
                "add `phases:` to zones.yaml".to_owned()
            } else {
                format!("phases: {}", ids.join(", "))
            }),
        )
    })
}

/// Where phase `id` (or every phase) stands at `now`.
pub fn statuses(
    ws: &Workspace,
    id: Option<u32>,
    now: Option<DateTime<Utc>>,
) -> Result<Vec<PhaseStatus>> {
    let chosen: Vec<&Phase> = match id {
        Some(id) => vec![phase(ws, id)?],
        None => ws.zones.phases.iter().collect(),
    };
    let snap = ws.snapshot();
    Ok(chosen
        .iter()
        .map(|p| super::status(p, &snap, now))
        .collect())
}

/// The gate of phase `id`, evaluated on the work tree (escalations judged at `now`).
pub fn gate_of(ws: &Workspace, id: u32, now: Option<DateTime<Utc>>) -> Result<Gate> {
    let phase = phase(ws, id)?;
    let snap = ws.snapshot();
    let (risks, _) = crate::risks::load(ws);
    let tracked = match &ws.repo {
        Some(repo) => repo.index_paths()?,
        None => Vec::new(),
    };
    let conflicts = crate::conflicts::detect(&snap.atoms, &ZoneMap::new(&ws.zones), &tracked);
    let (records, _) = crate::escalations::load(ws);
    let escalations = crate::escalations::view::all(&ws.zones, &snap, &records, now);
    Ok(super::gate(phase, &snap, &risks, &escalations, &conflicts))
}

/// Record `gate`'s outcome as an ACCEPTED decision carrying the evidence.
pub fn record(ws: &Workspace, gate: &Gate, today: &Stamp) -> Result<Decision> {
    let verdict = if gate.go { "GO" } else { "NO-GO" };
    let evidence: Vec<String> = gate
        .checks
        .iter()
        .map(|c| {
            let mark = if c.passed { "pass" } else { "FAIL" };
            format!("{mark}: {} ({})", c.name, c.detail)
        })
        .collect();
    let spec = NewDecision {
        title: format!("Phase {} gate ({}): {verdict}", gate.phase, gate.name),
        context: Some(evidence.join("; ")),
        options: vec!["GO".to_owned(), "NO-GO".to_owned()],
        deciders: vec!["coord phase gate".to_owned()],
        links: Vec::new(),
    };
    let created = decisions::create(ws, &spec, today)?;
    decisions::step(ws, &created.id, |d| {
        decisions::accept(d, None, Some(verdict), None, today)
    })
}
