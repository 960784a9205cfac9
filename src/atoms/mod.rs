//! Atoms as a user works with them: create, find, list, and move through their life cycle.
//! Each step reads the atom under its file's lock, asks the pure life cycle what to write, and
//! writes only those lines.

mod claiming;
pub mod details;
pub mod edit;
pub mod lifecycle;
pub mod renumber;

pub use claiming::{Elsewhere, StartOptions, Started, cancel, done, next, release, renew, start};

use crate::clock::Stamp;
use crate::config::layout::atoms_dir;
use crate::doc::{Atom, Criterion, Priority, Status, id_of_kind, store, write};
use crate::error::{Error, Result};
use crate::graph::{self, Graph};
use crate::templates;
use crate::workspace::{Snapshot, Workspace};
use lifecycle::Step;

/// What `atoms new` is asked for, already parsed.
#[derive(Debug, Clone)]
pub struct NewAtom {
    /// Its title.
    pub title: String,
    /// Owning team.
    pub team: String,
    /// Urgency.
    pub priority: Priority,
    /// Atoms and molecules it waits for, as typed.
    pub depends: Vec<String>,
    /// Paths or globs it will modify.
    pub files: Vec<String>,
    /// Estimated duration.
    pub estimate: Option<String>,
    /// Deadline (a date or an RFC 3339 time).
    pub due: Option<String>,
    /// Completion criteria.
    pub criteria: Vec<String>,
    /// Who works on it.
    pub assign: Option<String>,
    /// Phase number.
    pub phase: Option<u32>,
}

/// Which atoms `atoms list` shows.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    /// Only this team's.
    pub team: Option<String>,
    /// Only this status.
    pub status: Option<Status>,
    /// Only those assigned to this person.
    pub assigned: Option<String>,
    /// Only this priority.
    pub priority: Option<Priority>,
    /// Only this phase.
    pub phase: Option<u32>,
    /// Only those whose custom fields hold these (key, value) pairs.
    pub fields: Vec<(String, String)>,
    /// Only those late at this time (past their due date, or in progress past their estimate).
    pub late_at: Option<chrono::DateTime<chrono::Utc>>,
}

impl Filter {
    fn keeps(&self, a: &Atom) -> bool {
        self.team.as_ref().is_none_or(|t| a.team == t)
            && self.status.is_none_or(|s| a.status == s)
            && self
                .assigned
                .as_ref()
                .is_none_or(|w| a.assigned.as_ref() == Some(w))
            && self.priority.is_none_or(|p| a.priority == p)
            && self.phase.is_none_or(|p| a.phase == Some(p))
            && self
                .fields
                .iter()
                .all(|(k, v)| a.extra.text(k).as_deref() == Some(v))
            && self.late_at.is_none_or(|now| a.is_late(now))
    }
}

/// A typed custom-field filter, `KEY=VALUE`.
pub fn parse_field_filter(text: &str) -> Result<(String, String)> {
    match text.split_once('=') {
        Some((k, v)) if !k.trim().is_empty() => Ok((k.trim().to_owned(), v.to_owned())),
        _ => Err(Error::usage(
            format!("`{text}` is not KEY=VALUE"),
            Some("for example --field customer=ACME".to_owned()),
        )),
    }
}

/// A user-typed atom id (`7`, `atom-7`, `ATOM-007`) in its written form.
pub fn id(input: &str) -> Result<String> {
    id_of_kind(input, "ATOM")
}

/// A user-typed priority.
pub fn parse_priority(text: &str) -> Result<Priority> {
    Priority::parse(text).ok_or_else(|| {
        Error::usage(
            format!("unknown priority `{text}`"),
            Some("use CRITICAL, HIGH, MEDIUM or LOW".to_owned()),
        )
    })
}

/// A user-typed status.
pub fn parse_status(text: &str) -> Result<Status> {
    Status::parse(text).ok_or_else(|| {
        Error::usage(
            format!("unknown status `{text}`"),
            Some(format!("use {}", Status::WORDS)),
        )
    })
}

/// The atom `id` in `snap`, or why not: its file's first problem if it exists but cannot be read.
pub fn require<'a>(ws: &Workspace, snap: &'a Snapshot, id: &str) -> Result<&'a Atom> {
    let carriers: Vec<&Atom> = snap.atoms.iter().filter(|a| a.id == id).collect();
    if carriers.len() > 1 {
        let paths: Vec<String> = carriers.iter().map(|a| a.path.clone()).collect();
        return Err(store::ambiguous(id, &paths));
    }
    if let Some(atom) = carriers.first() {
        return Ok(atom);
    }
    if let Some(rel) = store::locate(&ws.root, &ws.zones, id)? {
        let text = crate::fsutil::read_text(&ws.root.join(&rel))?;
        write::check_parses(&rel, &text, crate::doc::atom::parse)?;
    }
    Err(Error::usage(
        format!("no atom {id}"),
        Some("list atoms with `coord atoms list`".to_owned()),
    ))
}

/// One atom: its file alone where its name says which, else found among them all.
pub fn show(ws: &Workspace, id: &str) -> Result<Atom> {
    if let Some(atom) = ws.atom_alone(id)? {
        return Ok(atom);
    }
    let snap = ws.snapshot();
    require(ws, &snap, id).cloned()
}

/// The atoms `filter` keeps, by id.
pub fn list(ws: &Workspace, filter: &Filter) -> Result<Vec<Atom>> {
    if let Some(t) = &filter.team {
        ws.zones.require_team(t)?;
    }
    Ok(ws
        .snapshot()
        .atoms
        .into_iter()
        .filter(|a| filter.keeps(a))
        .collect())
}

/// NOT_STARTED atoms whose dependencies are all finished, of one team or all.
pub fn ready(ws: &Workspace, team: Option<&str>) -> Result<Vec<Atom>> {
    if let Some(t) = team {
        ws.zones.require_team(t)?;
    }
    let snap = ws.snapshot();
    let graph = Graph::build(&snap.atoms, &snap.molecules);
    Ok(graph::ready(&graph, &snap.atoms)
        .into_iter()
        .filter(|a| team.is_none_or(|t| a.team == t))
        .cloned()
        .collect())
}

/// Apply one life-cycle step to atom `id`, deciding on the file as it is under its lock.
fn write_step(ws: &Workspace, id: &str, decide: impl FnOnce(&Atom) -> Step) -> Result<Atom> {
    let lock_dir = ws.repo()?.coord_dir();
    write::edit(&ws.root, &ws.zones, &lock_dir, id, |a: &Atom| {
        decide(a).map_err(Error::from)
    })
}

/// Apply one life-cycle step to atom `id` (deciding on the file as it is under its lock); an
/// edit by the holder of the atom's claim renews the claim's lease.
pub fn step(
    ws: &Workspace,
    id: &str,
    now: &Stamp,
    decide: impl FnOnce(&Atom) -> Step,
) -> Result<Atom> {
    let atom = write_step(ws, id, decide)?;
    claiming::renew_quietly(ws, &atom, now);
    Ok(atom)
}

fn check_new(ws: &Workspace, spec: &NewAtom) -> Result<Vec<(String, Option<String>)>> {
    ws.zones.require_team(&spec.team)?;
    if spec.title.trim().is_empty() {
        return Err(Error::usage(
            "the title is empty",
            Some("give the atom a short title".to_owned()),
        ));
    }
    if let Some(e) = &spec.estimate {
        edit::check_estimate(e)?;
    }
    if let Some(d) = &spec.due {
        edit::check_due(d)?;
    }
    for f in &spec.files {
        edit::check_file("--files", f)?;
    }
    if let Some(p) = spec.phase {
        edit::check_phase(&ws.zones, p)?;
    }
    let depends = spec
        .depends
        .iter()
        .map(|d| edit::parse_dependency(d))
        .collect::<Result<Vec<_>>>()?;
    if !depends.is_empty() {
        edit::check_exist(&ws.snapshot(), "--depends", &depends)?;
    }
    Ok(depends)
}

/// Change any fields of atom `id` (see [`edit::Changes`]): checked, then written surgically.
pub fn change(ws: &Workspace, id: &str, changes: edit::Changes, now: &Stamp) -> Result<Atom> {
    let changes = changes.check(&ws.zones)?;
    let added = changes.new_dependencies();
    // Waiting for itself is the edit's own refusal; a longer ring needs the graph.
    if !added.is_empty() && added.iter().all(|(d, _)| d != id) {
        let snap = ws.snapshot();
        edit::check_exist(&snap, "--add-dep", &added)?;
        // The edit closes a ring when `id` is already reachable from a dependency it adds.
        let graph = Graph::build(&snap.atoms, &snap.molecules);
        if let Some(chain) = added.iter().find_map(|(d, _)| graph.path(d, id)) {
            return Err(Error::usage(
                format!("{id} would wait for itself: {id} → {}", chain.join(" → ")),
                Some("drop the dependency that closes the ring".to_owned()),
            ));
        }
    }
    step(ws, id, now, |a| edit::apply(a, &changes))
}

/// Validate a new atom, allocate its id and write its file.
pub fn create(ws: &Workspace, spec: &NewAtom) -> Result<Atom> {
    let depends = check_new(ws, spec)?;
    let team = ws.zones.require_team(&spec.team)?.clone();
    let dir = atoms_dir(&team.dir);
    let template = templates::get(&ws.root, "atom.md");
    let title = spec.title.trim();
    write::create::<Atom>(
        ws.repo()?,
        &ws.root,
        &ws.zones,
        ws.claims()?.remote(),
        |id| format!("{dir}/{id}.md"),
        &template,
        &[("title", title), ("team", &team.id)],
        |id| Atom {
            id: id.into(),
            title: spec.title.clone(),
            team: team.id.as_str().into(),
            priority: spec.priority,
            status: Status::NotStarted,
            assigned: spec.assign.clone(),
            started: None,
            estimated: spec.estimate.as_deref().map(Into::into),
            due: spec.due.clone(),
            actual: None,
            files: spec.files.clone(),
            dependencies: depends.iter().map(|(id, _)| id.clone()).collect(),
            dependency_notes: depends
                .iter()
                .filter_map(|(id, note)| Some((id.clone(), note.clone()?)))
                .collect(),
            criteria: spec
                .criteria
                .iter()
                .map(|t| Criterion {
                    text: t.clone(),
                    done: false,
                })
                .collect(),
            phase: spec.phase,
            blocked_reason: None,
            cancelled_reason: None,
            reopened_reason: None,
            extra: Default::default(),
            escalations: Vec::new(),
            last_updated: None,
            path: String::new(),
        },
    )
}
