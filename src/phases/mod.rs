//! Phases and their gates: where each phase of zones.yaml stands (atoms and molecules by status,
//! integration points, dates against today), and whether it may pass its gate (GO or NO-GO, each
//! check with its evidence). The evaluation is a pure function of what is loaded.

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::clock;
use crate::config::Phase;
use crate::doc::risk::Risk;
use crate::doc::{MoleculeStatus, Status};
use crate::escalations::view::View;
use crate::finding::Finding;
use crate::workspace::Snapshot;

/// Counts by status, in the order the statuses are listed.
pub type Counts = Vec<(&'static str, usize)>;

/// Where one phase stands.
#[derive(Debug, Clone, Serialize)]
pub struct PhaseStatus {
    /// Its number.
    pub id: u32,
    /// Its name.
    pub name: String,
    /// What it is for.
    pub objective: Option<String>,
    /// When it starts and ends, as written.
    pub start: Option<String>,
    /// When it should end.
    pub end: Option<String>,
    /// Whole days from `now` to the end (negative once past it).
    pub days_left: Option<i64>,
    /// Its atoms by status.
    pub atoms: Counts,
    /// Its molecules by status.
    pub molecules: Counts,
    /// Integration points of its molecules: validated, and in all.
    pub points_validated: usize,
    /// All integration points of its molecules.
    pub points: usize,
    /// The gate's criteria in words (people confirm these).
    pub gate: Vec<String>,
}

/// One check of a gate.
#[derive(Debug, Clone, Serialize)]
pub struct Check {
    /// What is checked.
    pub name: &'static str,
    /// Whether it holds.
    pub passed: bool,
    /// The evidence: what holds it back, or what was counted.
    pub detail: String,
}

/// A gate's outcome.
#[derive(Debug, Clone, Serialize)]
pub struct Gate {
    /// The phase.
    pub phase: u32,
    /// Its name.
    pub name: String,
    /// GO when every check passes.
    pub go: bool,
    /// Each check.
    pub checks: Vec<Check>,
    /// The criteria in words people confirm besides.
    pub criteria: Vec<String>,
}

fn count<T>(items: &[&T], words: &[&'static str], of: impl Fn(&T) -> &'static str) -> Counts {
    words
        .iter()
        .map(|w| (*w, items.iter().filter(|i| of(i) == *w).count()))
        .collect()
}

/// The atoms and molecules of `phase`.
fn members<'a>(
    phase: &Phase,
    snap: &'a Snapshot,
) -> (Vec<&'a crate::doc::Atom>, Vec<&'a crate::doc::Molecule>) {
    let atoms = snap.atoms.iter().filter(|a| a.phase == Some(phase.id));
    let molecules = snap.molecules.iter().filter(|m| m.phase == Some(phase.id));
    (atoms.collect(), molecules.collect())
}

/// Where `phase` stands in `snap` at `now`.
pub fn status(phase: &Phase, snap: &Snapshot, now: Option<DateTime<Utc>>) -> PhaseStatus {
    let (atoms, molecules) = members(phase, snap);
    let words: Vec<&'static str> = Status::ALL.iter().map(|s| s.as_str()).collect();
    let mwords: Vec<&'static str> = MoleculeStatus::ALL.iter().map(|s| s.as_str()).collect();
    let points = molecules.iter().flat_map(|m| &m.integration_points);
    PhaseStatus {
        id: phase.id,
        name: phase.name.clone(),
        objective: phase.objective.clone(),
        start: phase.start.clone(),
        end: phase.end.clone(),
        days_left: match (phase.end.as_deref().and_then(clock::parse_due), now) {
            (Some(end), Some(now)) => Some((end - now).num_days()),
            _ => None,
        },
        atoms: count(&atoms, &words, |a| a.status.as_str()),
        molecules: count(&molecules, &mwords, |m| m.status.as_str()),
        points_validated: points.clone().filter(|p| p.status == "VALIDATED").count(),
        points: points.count(),
        gate: phase.gate.clone(),
    }
}

/// Evaluate the gate of `phase`: every atom finished (COMPLETED or CANCELLED), every integration
/// point of its molecules VALIDATED, no open escalation on its atoms or molecules, no open risk of
/// HIGH or CRITICAL impact linked to its atoms, and no conflict in the work tree.
pub fn gate(
    phase: &Phase,
    snap: &Snapshot,
    risks: &[Risk],
    escalations: &[View],
    conflicts: &[Finding],
) -> Gate {
    let (atoms, molecules) = members(phase, snap);
    let list = |ids: Vec<String>| -> String {
        let n = ids.len();
        let mut shown: Vec<String> = ids.into_iter().take(10).collect();
        if n > 10 {
            shown.push(format!("and {} more", n - 10));
        }
        shown.join(", ")
    };
    let check = |name, open: Vec<String>, none: String| Check {
        name,
        passed: open.is_empty(),
        detail: if open.is_empty() { none } else { list(open) },
    };
    let unfinished: Vec<String> = atoms
        .iter()
        .filter(|a| a.status.is_open())
        .map(|a| format!("{} ({})", a.id, a.status.as_str()))
        .collect();
    let points: Vec<String> = molecules
        .iter()
        .flat_map(|m| {
            m.integration_points
                .iter()
                .filter(|p| p.status != "VALIDATED")
                .map(move |p| format!("{}: {} ({})", m.id, p.name, p.status))
        })
        .collect();
    let total_points: usize = molecules.iter().map(|m| m.integration_points.len()).sum();
    let escalated: Vec<String> = escalations
        .iter()
        .filter(|v| v.is_open())
        .filter(|v| {
            atoms.iter().any(|a| a.id == v.subject) || molecules.iter().any(|m| m.id == v.subject)
        })
        .map(|v| format!("{} on {}", v.id, v.subject))
        .collect();
    let ids: Vec<&str> = atoms.iter().map(|a| a.id.as_str()).collect();
    let risky: Vec<String> = risks
        .iter()
        .filter(|r| r.is_open() && matches!(r.impact.as_str(), "HIGH" | "CRITICAL"))
        .filter(|r| r.atoms.iter().any(|a| ids.contains(&a.as_str())))
        .map(|r| format!("{} ({} impact)", r.id, r.impact))
        .collect();
    let conflicted: Vec<String> = conflicts.iter().map(|f| f.message.clone()).collect();
    let checks = vec![
        check(
            "every atom finished",
            unfinished,
            format!("{} atoms COMPLETED or CANCELLED", atoms.len()),
        ),
        check(
            "every integration point validated",
            points,
            format!("{total_points} of {total_points} VALIDATED"),
        ),
        check("no open escalation", escalated, "none open".to_owned()),
        check(
            "no open HIGH or CRITICAL risk on its atoms",
            risky,
            "none".to_owned(),
        ),
        check("no conflict", conflicted, "none".to_owned()),
    ];
    Gate {
        phase: phase.id,
        name: phase.name.clone(),
        go: checks.iter().all(|c| c.passed),
        checks,
        criteria: phase.gate.clone(),
    }
}

mod run;
pub use run::{gate_of, record, statuses};

#[cfg(test)]
mod tests;
