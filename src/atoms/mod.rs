//! Atoms as a user works with them: create, find, list, and move through their life cycle.
//! Each step reads the atom under its file's lock, asks the pure life cycle what to write, and
//! writes only those lines.

pub mod lifecycle;
pub mod renumber;

use crate::claims::{self, Taken};
use crate::clock::{self, Stamp};
use crate::config::Pattern;
use crate::config::layout::atoms_dir;
use crate::doc::{Atom, Criterion, Priority, Status, id_of_kind, normalize_id, store, write};
use crate::error::{Error, Result};
use crate::graph::{self, Graph};
use crate::templates;
use crate::workspace::{Snapshot, Workspace};
use lifecycle::{Claim, Step};

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
}

impl Filter {
    fn keeps(&self, a: &Atom) -> bool {
        self.team.as_ref().is_none_or(|t| &a.team == t)
            && self.status.is_none_or(|s| a.status == s)
            && self
                .assigned
                .as_ref()
                .is_none_or(|w| a.assigned.as_ref() == Some(w))
            && self.priority.is_none_or(|p| a.priority == p)
            && self.phase.is_none_or(|p| a.phase == Some(p))
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
            Some("use NOT_STARTED, IN_PROGRESS, BLOCKED or COMPLETED".to_owned()),
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

/// One atom.
pub fn show(ws: &Workspace, id: &str) -> Result<Atom> {
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
fn edit(ws: &Workspace, id: &str, now: &Stamp, decide: impl FnOnce(&Atom) -> Step) -> Result<Atom> {
    let lock_dir = ws.repo()?.coord_dir();
    write::edit(&ws.root, &ws.zones, &lock_dir, id, now, |a: &Atom| {
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
    let atom = edit(ws, id, now, decide)?;
    renew_quietly(ws, &atom, now);
    Ok(atom)
}

/// Renew the claim on `atom` when its assignee holds it, as the claim last fetched says. A
/// renewal that fails (the remote out of reach) leaves the edit done and says so.
fn renew_quietly(ws: &Workspace, atom: &Atom, now: &Stamp) {
    let (Some(holder), Ok(ledger)) = (atom.assigned.as_deref(), ws.claims()) else {
        return;
    };
    let held = matches!(ledger.get(&atom.id), Ok(Some((c, _))) if c.holder == holder);
    if !held {
        return;
    }
    let branch = ws.repo().ok().and_then(|r| r.current_branch());
    let request = claims::Request {
        id: &atom.id,
        holder,
        team: &atom.team,
        branch: branch.as_deref(),
        take_over: false,
    };
    if let Err(e) = ledger.take(&request, now.at().unwrap_or_else(chrono::Utc::now)) {
        crate::output::note(format!("coord: {}'s claim was not renewed: {e}", atom.id));
    }
}

/// An atom started, and the claim that reserves it for its holder.
#[derive(Debug)]
pub struct Started {
    /// The atom as written.
    pub atom: Atom,
    /// The claim, where it lives, and whom it was taken over from.
    pub taken: Taken,
}

/// Who holds a claim: who was named, else who works on the atom, else who git says commits
/// (GIT_AUTHOR_EMAIL, else user.email).
fn holder(ws: &Workspace, who: Option<&str>, atom: &Atom) -> Result<String> {
    let fallback = || ws.repo().ok().and_then(|r| r.config_string("user.email"));
    who.map(str::to_owned)
        .or_else(|| atom.assigned.clone())
        .or_else(|| ws.author.clone())
        .or_else(fallback)
        .ok_or_else(|| {
            Error::usage(
                format!("coord cannot tell who takes {}", atom.id),
                Some("name them with --assign WHO, or set git config user.email".to_owned()),
            )
        })
}

/// Where atoms are IN_PROGRESS on other branches (local or remote-tracking): atom id to
/// (branch, assignee). Read once per command, from only the status files that differ from HEAD.
#[derive(Debug, Default)]
pub struct Elsewhere(std::collections::HashMap<String, Vec<(String, Option<String>)>>);

impl Elsewhere {
    /// Read every branch this repository can see.
    pub fn read(ws: &Workspace) -> Result<Elsewhere> {
        let mut map: std::collections::HashMap<String, Vec<(String, Option<String>)>> =
            std::collections::HashMap::new();
        let dirs = crate::config::layout::status_dirs(&ws.zones);
        for (branch, files) in ws.repo()?.branch_files_differing(&dirs)? {
            for (path, bytes) in files {
                let text = String::from_utf8_lossy(&bytes);
                if let (Some(theirs), _) = crate::doc::atom::parse(&path, &text)
                    && theirs.status == Status::InProgress
                {
                    map.entry(theirs.id)
                        .or_default()
                        .push((branch.clone(), theirs.assigned));
                }
            }
        }
        Ok(Elsewhere(map))
    }

    /// Branches on which `atom` is IN_PROGRESS for someone other than `holder`, as
    /// "branch (assignee)".
    fn others(&self, atom: &Atom, holder: &str) -> Vec<String> {
        self.0
            .get(&atom.id)
            .into_iter()
            .flatten()
            .filter(|(_, who)| who.as_deref() != Some(holder))
            .map(|(branch, who)| format!("{branch} ({})", who.as_deref().unwrap_or("someone")))
            .collect()
    }
}

/// How to start: who, and which refusals to override.
#[derive(Debug, Clone, Copy, Default)]
pub struct StartOptions<'a> {
    /// Who will work on it.
    pub who: Option<&'a str>,
    /// Start although dependencies are unfinished or another branch shows someone on it.
    pub force: bool,
    /// Take over a claim whose lease ran out.
    pub take_over: bool,
}

/// Start `current`: check the file, other branches and the claim ledger, reserve the claim,
/// then edit. A refusal before the edit leaves no claim behind.
fn start_one(
    ws: &Workspace,
    current: &Atom,
    waiting_for: &[String],
    elsewhere: &Elsewhere,
    options: StartOptions,
    now: &Stamp,
) -> Result<Started> {
    lifecycle::start(
        current,
        Claim {
            who: options.who,
            force: options.force,
        },
        waiting_for,
        now,
    )?;
    let holder = holder(ws, options.who, current)?;
    let claim = Claim {
        who: Some(&holder),
        force: options.force,
    };
    if !options.force {
        let others = elsewhere.others(current, &holder);
        if !others.is_empty() {
            return Err(Error::refused(
                format!("{} is IN_PROGRESS on {}", current.id, others.join(", ")),
                Some(format!(
                    "coordinate with them, or start anyway with `coord atoms start {} --force`",
                    current.id
                )),
            ));
        }
    }
    let ledger = ws.claims()?;
    let at = now.at().unwrap_or_else(chrono::Utc::now);
    let branch = ws.repo()?.current_branch();
    let taken = ledger.take(
        &claims::Request {
            id: &current.id,
            holder: &holder,
            team: &current.team,
            branch: branch.as_deref(),
            take_over: options.take_over,
        },
        at,
    )?;
    match edit(ws, &current.id, now, |a| {
        lifecycle::start(a, claim, waiting_for, now)
    }) {
        Ok(atom) => Ok(Started { atom, taken }),
        Err(e) => {
            if taken.previous.is_none() {
                let _ = ledger.release(&current.id, Some(&holder), at);
            }
            Err(e)
        }
    }
}

/// Start atom `id`: refused while a dependency is unfinished, another branch shows someone on
/// it, or someone else holds its claim.
pub fn start(ws: &Workspace, id: &str, options: StartOptions, now: &Stamp) -> Result<Started> {
    let snap = ws.snapshot();
    let current = require(ws, &snap, id)?;
    let graph = Graph::build(&snap.atoms, &snap.molecules);
    let waiting_for: Vec<String> = graph
        .open_dependencies(&current.dependencies)
        .iter()
        .map(|d| match graph.node(d) {
            Some(n) => format!("{d} ({})", n.status),
            None => format!("{d} (missing)"),
        })
        .collect();
    let elsewhere = if options.force {
        Elsewhere::default()
    } else {
        Elsewhere::read(ws)?
    };
    start_one(ws, current, &waiting_for, &elsewhere, options, now)
}

/// Claim the most urgent ready atom (of `team`) for `who` and start it. Another agent may take
/// a candidate first: then the next one is tried.
pub fn next(ws: &Workspace, team: Option<&str>, who: &str, now: &Stamp) -> Result<Started> {
    let mut ready = ready(ws, team)?;
    ready.sort_by(|a, b| (a.priority, &a.id).cmp(&(b.priority, &b.id)));
    let options = StartOptions {
        who: Some(who),
        ..StartOptions::default()
    };
    let elsewhere = Elsewhere::read(ws)?;
    for candidate in ready {
        match start_one(ws, &candidate, &[], &elsewhere, options, now) {
            Ok(started) => return Ok(started),
            Err(Error::Refused { .. }) => continue,
            Err(other) => return Err(other),
        }
    }
    let scope = team.map(|t| format!(" for team {t}")).unwrap_or_default();
    Err(Error::refused(
        format!("no ready atom{scope}"),
        Some("see what waits with `coord status`".to_owned()),
    ))
}

fn check_new(ws: &Workspace, spec: &NewAtom) -> Result<Vec<String>> {
    let zones = &ws.zones;
    zones.require_team(&spec.team)?;
    if spec.title.trim().is_empty() {
        return Err(Error::usage(
            "the title is empty",
            Some("give the atom a short title".to_owned()),
        ));
    }
    if let Some(e) = &spec.estimate
        && clock::parse_duration(e).is_none()
    {
        return Err(Error::usage(
            format!("`{e}` is not a duration"),
            Some("write 30m, 4h, 2d or 1d4h".to_owned()),
        ));
    }
    for f in &spec.files {
        Pattern::new(f, 0).map_err(|why| {
            Error::usage(
                format!("invalid --files `{f}`: {why}"),
                Some("give a path or glob relative to the repository root".to_owned()),
            )
        })?;
    }
    if let Some(p) = spec.phase
        && !zones.phases.is_empty()
        && !zones.phases.iter().any(|ph| ph.id == p)
    {
        let ids: Vec<String> = zones.phases.iter().map(|ph| ph.id.to_string()).collect();
        return Err(Error::usage(
            format!("no phase {p} in zones.yaml"),
            Some(format!("phases: {}", ids.join(", "))),
        ));
    }
    let mut depends = Vec::new();
    if !spec.depends.is_empty() {
        let snap = ws.snapshot();
        for d in &spec.depends {
            let id = normalize_id(d)?;
            if !snap.exists(&id) {
                return Err(Error::usage(
                    format!("--depends {id}: no such atom or molecule"),
                    Some("list them with `coord atoms list` and `coord molecules list`".to_owned()),
                ));
            }
            depends.push(id);
        }
    }
    Ok(depends)
}

/// Finish atom `id` and give up its claim.
pub fn done(ws: &Workspace, id: &str, force: bool, now: &Stamp) -> Result<Atom> {
    let atom = edit(ws, id, now, |a| lifecycle::done(a, force, now))?;
    ws.claims()?
        .release(id, None, now.at().unwrap_or_else(chrono::Utc::now))?;
    Ok(atom)
}

/// Give atom `id` back: NOT_STARTED, nobody assigned, its claim released.
pub fn release(ws: &Workspace, id: &str, now: &Stamp) -> Result<(Atom, Option<claims::Claim>)> {
    let atom = edit(ws, id, now, lifecycle::release)?;
    let released = ws
        .claims()?
        .release(id, None, now.at().unwrap_or_else(chrono::Utc::now))?;
    Ok((atom, released))
}

/// Extend the lease of the claim on `id` for its holder.
pub fn renew(ws: &Workspace, id: &str, who: Option<&str>, now: &Stamp) -> Result<Taken> {
    let snap = ws.snapshot();
    let atom = require(ws, &snap, id)?;
    let holder = holder(ws, who, atom)?;
    let ledger = ws.claims()?;
    let at = now.at().unwrap_or_else(chrono::Utc::now);
    ledger.refresh()?;
    match ledger.get(id)? {
        Some((c, _)) if c.holder == holder => {}
        Some((c, _)) => {
            return Err(Error::refused(
                format!("{id} is claimed by {}, not {holder}", c.holder),
                Some("only the holder renews a claim".to_owned()),
            ));
        }
        None => {
            return Err(Error::refused(
                format!("{id} has no claim to renew"),
                Some(format!("claim it with `coord atoms start {id}`")),
            ));
        }
    }
    ledger.take(
        &claims::Request {
            id,
            holder: &holder,
            team: &atom.team,
            branch: ws.repo()?.current_branch().as_deref(),
            take_over: false,
        },
        at,
    )
}

/// Validate a new atom, allocate its id and write its file.
pub fn create(ws: &Workspace, spec: &NewAtom, now: &Stamp) -> Result<Atom> {
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
            id: id.to_owned(),
            title: spec.title.clone(),
            team: team.id.clone(),
            priority: spec.priority,
            status: Status::NotStarted,
            assigned: spec.assign.clone(),
            started: None,
            estimated: spec.estimate.clone(),
            actual: None,
            files: spec.files.clone(),
            dependencies: depends.clone(),
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
            escalations: Vec::new(),
            last_updated: Some(now.clone()),
            path: String::new(),
        },
    )
}
