//! Starting work under a claim: who holds it, what other branches say, reserving it on the
//! remote before the file changes, and giving it back.

use super::lifecycle::{self, Claim};
use super::{ready, require, write_step};
use crate::claims::{self, Taken};
use crate::clock::Stamp;
use crate::doc::{Atom, Status};
use crate::error::{Error, Result};
use crate::graph::Graph;
use crate::workspace::Workspace;

/// Renew the claim on `atom` when its assignee holds it, as the claim last fetched says. A
/// renewal that fails (the remote out of reach) leaves the edit done and says so.
pub(super) fn renew_quietly(ws: &Workspace, atom: &Atom, now: &Stamp) {
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
        for theirs in crate::doc::branches::load(ws.repo()?, &ws.zones)? {
            for atom in theirs.atoms {
                if atom.status == Status::InProgress {
                    map.entry(atom.id.into_string())
                        .or_default()
                        .push((theirs.branch.clone(), atom.assigned));
                }
            }
        }
        Ok(Elsewhere(map))
    }

    /// Branches on which `atom` is IN_PROGRESS for someone other than `holder`, as
    /// "branch (assignee)".
    fn others(&self, atom: &Atom, holder: &str) -> Vec<String> {
        self.0
            .get(atom.id.as_str())
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
    match write_step(ws, &current.id, |a| {
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
    // The atom and its dependencies, each file read alone; every file only where a name does
    // not lead to its atom.
    let (current, waiting_for) = match ws.atom_alone(id)? {
        Some(atom) => {
            let waiting = waiting_alone(ws, &atom.dependencies)?;
            (atom, waiting)
        }
        None => {
            let snap = ws.snapshot();
            let current = require(ws, &snap, id)?.clone();
            let graph = Graph::build(&snap.atoms, &snap.molecules);
            let waiting = graph
                .open_dependencies(&current.dependencies)
                .iter()
                .map(|d| match graph.node(d) {
                    Some(n) => format!("{d} ({})", n.status),
                    None => format!("{d} (missing)"),
                })
                .collect();
            (current, waiting)
        }
    };
    let current = &current;
    let elsewhere = if options.force {
        Elsewhere::default()
    } else {
        Elsewhere::read(ws)?
    };
    start_one(ws, current, &waiting_for, &elsewhere, options, now)
}

/// The dependencies in `declared` that are not finished, as "ID (STATUS)", each read alone.
fn waiting_alone(ws: &Workspace, declared: &[String]) -> Result<Vec<String>> {
    let mut out = Vec::new();
    for d in declared {
        let status = if d.starts_with("MOLECULE-") {
            ws.molecule_alone(d)?.map(|m| {
                (
                    m.status == crate::doc::MoleculeStatus::Complete,
                    m.status.as_str(),
                )
            })
        } else {
            ws.atom_alone(d)?
                .map(|a| (a.status == Status::Completed, a.status.as_str()))
        };
        match status {
            Some((true, _)) => {}
            Some((false, s)) => out.push(format!("{d} ({s})")),
            None => out.push(format!("{d} (missing)")),
        }
    }
    Ok(out)
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

/// Finish atom `id` and give up its claim.
pub fn done(ws: &Workspace, id: &str, force: bool, now: &Stamp) -> Result<Atom> {
    let atom = write_step(ws, id, |a| lifecycle::done(a, force, now))?;
    ws.claims()?
        .release(id, None, now.at().unwrap_or_else(chrono::Utc::now))?;
    Ok(atom)
}

/// Give atom `id` back: NOT_STARTED, nobody assigned, its claim released.
pub fn release(ws: &Workspace, id: &str, now: &Stamp) -> Result<(Atom, Option<claims::Claim>)> {
    let atom = write_step(ws, id, lifecycle::release)?;
    let released = ws
        .claims()?
        .release(id, None, now.at().unwrap_or_else(chrono::Utc::now))?;
    Ok((atom, released))
}

/// Drop `id` (CANCELLED, with `reason`) and release its claim: nobody holds dropped work.
pub fn cancel(
    ws: &Workspace,
    id: &str,
    reason: &str,
    now: &Stamp,
) -> Result<(Atom, Option<claims::Claim>)> {
    let atom = write_step(ws, id, |a| lifecycle::cancel(a, reason))?;
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
