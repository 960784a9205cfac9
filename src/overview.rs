//! The overview `coord status` shows: teams and their atoms by status, what is in progress,
//! blocked and ready, molecules, the critical path, and how many problems lint finds.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::doc::{Atom, Status};
use crate::finding::{self, Finding};
use crate::graph::{self, CriticalPath, Graph};
use crate::lint;
use crate::workspace::Workspace;

/// One team's line.
#[derive(Debug, Serialize)]
pub struct TeamRow {
    /// Team id.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Its folder.
    pub dir: String,
    /// Its atoms by status.
    pub counts: BTreeMap<&'static str, usize>,
    /// Its atoms in all.
    pub total: usize,
}

/// One molecule's line.
#[derive(Debug, Serialize)]
pub struct MoleculeRow {
    /// Molecule id.
    pub id: String,
    /// Title.
    pub title: String,
    /// Status.
    pub status: String,
    /// Component atoms COMPLETED.
    pub completed: usize,
    /// Component atoms in all.
    pub total: usize,
}

/// The whole overview.
#[derive(Debug, Serialize)]
pub struct Overview {
    /// Every team.
    pub teams: Vec<TeamRow>,
    /// BLOCKED atoms.
    pub blocked: Vec<String>,
    /// Atoms ready to start.
    pub ready: Vec<String>,
    /// IN_PROGRESS atoms.
    pub in_progress: Vec<String>,
    /// Every molecule.
    pub molecules: Vec<MoleculeRow>,
    /// The critical path.
    pub critical_path: Vec<String>,
    /// Its length in minutes.
    pub critical_path_minutes: i64,
    /// Lint errors.
    pub errors: usize,
    /// Lint warnings.
    pub warnings: usize,
    /// Atoms in all.
    #[serde(skip)]
    pub atom_count: usize,
    /// The atoms listed above, by id, for people.
    #[serde(skip)]
    pub atoms: BTreeMap<String, Atom>,
    /// Lint findings.
    #[serde(skip)]
    pub findings: Vec<Finding>,
}

fn ids_with(atoms: &[Atom], status: Status) -> Vec<String> {
    atoms
        .iter()
        .filter(|a| a.status == status)
        .map(|a| a.id.to_string())
        .collect()
}

/// Build the overview of the workspace.
pub fn overview(ws: &Workspace) -> Overview {
    let mut snap = ws.snapshot();
    let graph = Graph::build(&snap.atoms, &snap.molecules);
    let root = ws.root.clone();
    let findings = lint::check(&snap, &graph, &|p: &str| {
        crate::fsutil::read_text(&root.join(p)).ok()
    });
    let (errors, warnings) = finding::count(&findings);
    let CriticalPath { ids, minutes } = graph.critical_path();
    let ready: Vec<String> = graph::ready(&graph, &snap.atoms)
        .iter()
        .map(|a| a.id.to_string())
        .collect();
    let teams = ws
        .zones
        .teams
        .iter()
        .map(|t| {
            let mut counts: BTreeMap<&'static str, usize> =
                Status::ALL.iter().map(|s| (s.as_str(), 0)).collect();
            let mut total = 0;
            for a in snap.atoms.iter().filter(|a| a.team == t.id) {
                *counts.entry(a.status.as_str()).or_default() += 1;
                total += 1;
            }
            TeamRow {
                id: t.id.clone(),
                name: t.name.clone(),
                dir: t.dir.clone(),
                counts,
                total,
            }
        })
        .collect();
    let molecules = snap
        .molecules
        .iter()
        .map(|m| {
            let r = snap.rollup(m);
            MoleculeRow {
                id: m.id.clone(),
                title: m.title.clone(),
                status: m.status.as_str().to_owned(),
                completed: r.completed,
                total: r.total,
            }
        })
        .collect();
    let blocked = ids_with(&snap.atoms, Status::Blocked);
    let in_progress = ids_with(&snap.atoms, Status::InProgress);
    let listed: std::collections::BTreeSet<&str> = blocked
        .iter()
        .chain(&in_progress)
        .chain(&ready)
        .map(String::as_str)
        .collect();
    let atom_count = snap.atoms.len();
    // The snapshot is not needed any more: the atoms listed move out of it, uncopied.
    let atoms = snap
        .atoms
        .extract_if(.., |a| listed.contains(a.id.as_str()))
        .map(|a| (a.id.to_string(), a))
        .collect();
    Overview {
        teams,
        blocked,
        in_progress,
        ready,
        molecules,
        critical_path: ids,
        critical_path_minutes: minutes,
        errors,
        warnings,
        atom_count,
        atoms,
        findings,
    }
}
