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

/// `atoms show`: the atom, what it waits for, and who waits for it.
#[derive(Debug, Clone, Serialize)]
pub struct Details {
    /// The atom.
    #[serde(flatten)]
    pub atom: Atom,
    /// Each dependency with its status, in written order.
    pub waits_for: Vec<Link>,
    /// Atoms and molecules that list it (as a dependency or, for molecules, a component).
    pub dependents: Vec<Link>,
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

/// The atom `id` with its dependencies' status and its dependents. Listing the dependents reads
/// every status file (through the parse cache): who waits for an atom is written in their files.
pub fn details(ws: &Workspace, id: &str) -> Result<Details> {
    let snap = ws.snapshot();
    let atom = super::require(ws, &snap, id)?.clone();
    let waits_for = atom
        .dependencies_with_notes()
        .into_iter()
        .map(|(d, note)| link(&snap, &d, note))
        .collect();
    let mut dependents: Vec<Link> = snap
        .atoms
        .iter()
        .filter(|a| a.dependencies.contains(&atom.id))
        .map(|a| link(&snap, &a.id, None))
        .chain(
            snap.molecules
                .iter()
                .filter(|m| m.dependencies.iter().chain(&m.atoms).any(|d| *d == atom.id))
                .map(|m| link(&snap, &m.id, None)),
        )
        .collect();
    dependents.dedup_by(|a, b| a.id == b.id);
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
                        id: a.id.clone(),
                        title: a.title.clone(),
                        team: a.team.clone(),
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
