//! Molecules as a user works with them: create, find, list, and move through their life cycle.

pub mod lifecycle;

use serde::Serialize;

use crate::config::layout::MOLECULES_DIR;
use crate::doc::molecule::{parse_complexity, parse_point_status};
use crate::doc::{Molecule, MoleculeStatus, Status, id_of_kind, normalize_id, write};
use crate::error::{Error, Result};
use crate::templates;
use crate::workspace::{Rollup, Workspace};
use lifecycle::{PointKind, Step};

/// What `molecules new` is asked for, already parsed.
#[derive(Debug, Clone)]
pub struct NewMolecule {
    /// Its title.
    pub title: String,
    /// Lead team.
    pub lead: String,
    /// Supporting teams.
    pub support: Vec<String>,
    /// Component atoms, as typed.
    pub atoms: Vec<String>,
    /// SIMPLE, MODERATE or COMPLEX, as typed.
    pub complexity: String,
    /// Integration points to track.
    pub points: Vec<String>,
    /// Success criteria to track.
    pub success: Vec<String>,
    /// Phase number.
    pub phase: Option<u32>,
}

/// A molecule with the roll-up of its component atoms.
#[derive(Debug, Serialize)]
pub struct WithRollup {
    /// The molecule.
    #[serde(flatten)]
    pub molecule: Molecule,
    /// Its component atoms by state.
    pub rollup: Rollup,
}

/// A component atom's state: its status and team, or None when it does not exist.
pub type ComponentState = Option<(Status, String)>;

/// A user-typed molecule id (`2`, `molecule-2`, `MOLECULE-002`) in its written form.
pub fn id(input: &str) -> Result<String> {
    id_of_kind(input, "MOLECULE")
}

/// A user-typed molecule status.
pub fn parse_status(text: &str) -> Result<MoleculeStatus> {
    MoleculeStatus::parse(text).ok_or_else(|| {
        Error::usage(
            format!("unknown molecule status `{text}`"),
            Some("use PLANNING, ACTIVE, TESTING or COMPLETE".to_owned()),
        )
    })
}

/// A user-typed status of an integration point or success criterion.
pub fn parse_point(text: &str) -> Result<&'static str> {
    parse_point_status(text).ok_or_else(|| {
        Error::usage(
            format!("unknown status `{text}`"),
            Some("use PENDING, IN_PROGRESS, VALIDATED or FAILED".to_owned()),
        )
    })
}

/// Every molecule with its roll-up.
pub fn list(ws: &Workspace) -> Vec<WithRollup> {
    let snap = ws.snapshot();
    snap.molecules
        .iter()
        .map(|m| WithRollup {
            rollup: snap.rollup(m),
            molecule: m.clone(),
        })
        .collect()
}

/// One molecule with its roll-up, and the state of each component atom (`None`: missing).
pub fn show(ws: &Workspace, id: &str) -> Result<(WithRollup, Vec<(String, ComponentState)>)> {
    let snap = ws.snapshot();
    let m = snap.molecule(id).ok_or_else(|| {
        Error::usage(
            format!("no molecule {id}"),
            Some("list them with `coord molecules list`".to_owned()),
        )
    })?;
    let atoms = m
        .atoms
        .iter()
        .map(|a| {
            (
                a.clone(),
                snap.atom(a).map(|x| (x.status, x.team.to_string())),
            )
        })
        .collect();
    Ok((
        WithRollup {
            rollup: snap.rollup(m),
            molecule: m.clone(),
        },
        atoms,
    ))
}

/// Apply one life-cycle step to molecule `id`, deciding on the file as it is under its lock.
pub fn step(ws: &Workspace, id: &str, decide: impl FnOnce(&Molecule) -> Step) -> Result<Molecule> {
    let lock_dir = ws.repo()?.coord_dir();
    write::edit(&ws.root, &ws.zones, &lock_dir, id, |m: &Molecule| {
        decide(m).map_err(Error::from)
    })
}

/// Set the status; COMPLETE waits for every component atom unless `force`.
pub fn set_status(ws: &Workspace, id: &str, new: MoleculeStatus, force: bool) -> Result<Molecule> {
    let snap = ws.snapshot();
    step(ws, id, |m| {
        let unfinished: Vec<String> = m
            .atoms
            .iter()
            .filter(|a| snap.atom(a).is_none_or(|x| x.status != Status::Completed))
            .cloned()
            .collect();
        lifecycle::set_status(m, new, &unfinished, force)
    })
}

/// Set a named check's status.
pub fn set_point(
    ws: &Workspace,
    id: &str,
    kind: PointKind,
    name: &str,
    status: &str,
) -> Result<Molecule> {
    step(ws, id, |m| lifecycle::set_point(m, kind, name, status))
}

/// Validate a new molecule, allocate its id and write its file.
pub fn create(ws: &Workspace, spec: &NewMolecule) -> Result<Molecule> {
    if spec.title.trim().is_empty() {
        return Err(Error::usage(
            "the title is empty",
            Some("give the molecule a short title".to_owned()),
        ));
    }
    ws.zones.require_team(&spec.lead)?;
    for s in &spec.support {
        ws.zones.require_team(s)?;
    }
    let complexity = parse_complexity(&spec.complexity).ok_or_else(|| {
        Error::usage(
            format!("unknown complexity `{}`", spec.complexity),
            Some("use SIMPLE, MODERATE or COMPLEX".to_owned()),
        )
    })?;
    let snap = ws.snapshot();
    let mut component = Vec::new();
    for a in &spec.atoms {
        let id = normalize_id(a)?;
        if snap.atom(&id).is_none() {
            return Err(Error::usage(
                format!("--atoms {id}: no such atom"),
                Some("list atoms with `coord atoms list`".to_owned()),
            ));
        }
        component.push(id);
    }
    let mut teams = vec![spec.lead.clone()];
    for s in &spec.support {
        if !teams.contains(s) {
            teams.push(s.clone());
        }
    }
    let pending = |names: &[String]| {
        names
            .iter()
            .map(|n| crate::doc::molecule::Point {
                name: n.clone(),
                status: "PENDING".to_owned(),
            })
            .collect::<Vec<_>>()
    };
    let template = templates::get(&ws.root, "molecule.md");
    write::create::<Molecule>(
        ws.repo()?,
        &ws.root,
        &ws.zones,
        ws.claims()?.remote(),
        |id| format!("{MOLECULES_DIR}/{id}.md"),
        &template,
        &[("title", spec.title.trim()), ("team", &spec.lead)],
        |id| Molecule {
            id: id.to_owned(),
            title: spec.title.clone(),
            teams: teams.clone(),
            complexity: complexity.to_owned(),
            status: MoleculeStatus::Planning,
            lead: spec.lead.clone(),
            support: spec.support.clone(),
            atoms: component.clone(),
            dependencies: Vec::new(),
            integration_points: pending(&spec.points),
            success_criteria: pending(&spec.success),
            phase: spec.phase,
            escalations: Vec::new(),
            last_updated: None,
            path: String::new(),
        },
    )
}
