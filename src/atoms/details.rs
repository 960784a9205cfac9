//! One atom with its neighbourhood: the status of each dependency (and its note) and the
//! atoms and molecules that wait for it.

use serde::Serialize;

use crate::doc::Atom;
use crate::error::Result;
use crate::workspace::{Snapshot, Workspace};

/// An atom or molecule next to the one shown.
#[derive(Debug, Clone, Serialize)]
pub struct Link {
    /// Its id.
    pub id: String,
    /// Its status as written, or `MISSING` for an id that names nothing.
    pub status: String,
    /// Its title (empty when missing).
    pub title: String,
    /// The dependency's note, as the atom writes it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// `atoms show`: the atom, what it waits for, and (when asked) who waits for it.
#[derive(Debug, Clone, Serialize)]
pub struct Details {
    /// The atom.
    #[serde(flatten)]
    pub atom: Atom,
    /// Each dependency with its status, in written order.
    pub waits_for: Vec<Link>,
    /// Atoms and molecules that list it (as a dependency or, for molecules, a component); only
    /// when asked for, since finding them reads every status file.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dependents: Option<Vec<Link>>,
}

fn link(snap: &Snapshot, id: &str, note: Option<String>) -> Link {
    let (status, title) = if let Some(a) = snap.atom(id) {
        (a.status.as_str().to_owned(), a.title.clone())
    } else if let Some(m) = snap.molecule(id) {
        (m.status.as_str().to_owned(), m.title.clone())
    } else {
        ("MISSING".to_owned(), String::new())
    };
    Link {
        id: id.to_owned(),
        status,
        title,
        note,
    }
}

/// The link to `id` read from its own file alone; None when only reading every status file can
/// tell (no file named so, a file that names another id or does not parse).
fn link_alone(ws: &Workspace, id: &str, note: Option<String>) -> Option<Link> {
    let (status, title) = if id.starts_with("MOLECULE-") {
        let m = ws.molecule_alone(id).ok()??;
        (m.status.as_str().to_owned(), m.title)
    } else {
        let a = ws.atom_alone(id).ok()??;
        (a.status.as_str().to_owned(), a.title)
    };
    Some(Link {
        id: id.to_owned(),
        status,
        title,
        note,
    })
}

/// The atom `id` with its dependencies' status, and its dependents when `dependents` is set.
/// Without dependents it reads the atom's file and its dependencies' files alone (found by name),
/// so its cost does not grow with the repository; listing dependents reads every status file
/// (through the parse cache): who waits for an atom is written in their files.
pub fn details(ws: &Workspace, id: &str, dependents: bool) -> Result<Details> {
    let alone = if dependents { None } else { ws.atom_alone(id)? };
    if let Some(atom) = alone {
        let waits_for: Option<Vec<Link>> = atom
            .dependencies_with_notes()
            .into_iter()
            .map(|(d, note)| link_alone(ws, &d, note))
            .collect();
        if let Some(waits_for) = waits_for {
            return Ok(Details {
                atom,
                waits_for,
                dependents: None,
            });
        }
    }
    let snap = ws.snapshot();
    let atom = super::require(ws, &snap, id)?.clone();
    let waits_for = atom
        .dependencies_with_notes()
        .into_iter()
        .map(|(d, note)| link(&snap, &d, note))
        .collect();
    let dependents = dependents.then(|| {
        let mut list: Vec<Link> = snap
            .atoms
            .iter()
            .filter(|a| a.dependencies.iter().any(|d| d == atom.id))
            .map(|a| link(&snap, &a.id, None))
            .chain(
                snap.molecules
                    .iter()
                    .filter(|m| m.dependencies.iter().chain(&m.atoms).any(|d| *d == atom.id))
                    .map(|m| link(&snap, &m.id, None)),
            )
            .collect();
        list.dedup_by(|a, b| a.id == b.id);
        list
    });
    Ok(Details {
        atom,
        waits_for,
        dependents,
    })
}

/// An atom in progress that no commit has touched for a while.
#[derive(Debug, Clone, Serialize)]
pub struct Stale {
    /// Atom id.
    pub id: String,
    /// Its title.
    pub title: String,
    /// Its team.
    pub team: String,
    /// Who holds it.
    pub assigned: Option<String>,
    /// When its file last changed (history's time; the file's own while uncommitted).
    pub last_change: Option<String>,
    /// How long since, in words.
    pub idle: String,
}

/// IN_PROGRESS atoms of `atoms` whose file last changed more than `older` minutes before `now`,
/// the longest idle first.
pub fn stale_among<'a>(
    atoms: impl IntoIterator<Item = &'a Atom>,
    older: i64,
    now: chrono::DateTime<chrono::Utc>,
) -> Vec<Stale> {
    let mut out: Vec<(i64, Stale)> = atoms
        .into_iter()
        .filter(|a| a.status == crate::doc::Status::InProgress)
        .filter_map(|a| {
            let last = a.last_updated.as_ref()?.at()?;
            let idle = (now - last).num_minutes();
            (idle > older).then(|| {
                (
                    idle,
                    Stale {
                        id: a.id.to_string(),
                        title: a.title.clone(),
                        team: a.team.to_string(),
                        assigned: a.assigned.clone(),
                        last_change: a.last_updated.as_ref().map(|s| s.as_str().to_owned()),
                        idle: crate::clock::format_duration(idle),
                    },
                )
            })
        })
        .collect();
    out.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.id.cmp(&b.1.id)));
    out.into_iter().map(|(_, s)| s).collect()
}

/// The stale atoms of the workspace (of one team, when given).
pub fn stale(
    ws: &Workspace,
    team: Option<&str>,
    older: i64,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<Vec<Stale>> {
    if let Some(t) = team {
        ws.zones.require_team(t)?;
    }
    let snap = ws.snapshot();
    let mut list = stale_among(&snap.atoms, older, now);
    list.retain(|s| team.is_none_or(|t| s.team == t));
    Ok(list)
}
