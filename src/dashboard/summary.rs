//! What a branch changes, for reviewers of a pull request: `coord dashboard --summary
//! BASE..HEAD` compares the status files where the branch forked from BASE with HEAD's, read
//! from git, and says which atoms were created, started, completed, blocked or unblocked, how
//! each team's indicator, each molecule's roll-up and each phase's progress move, and which
//! conflicts are new. Markdown for a step summary or a comment, or JSON.

use std::fmt::Write as _;

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::indicator::{Indicator, judgement_time, team_indicator};
use crate::conflicts;
use crate::doc::branches::load_at;
use crate::doc::{Atom, Status};
use crate::error::{Error, Result};
use crate::workspace::{Snapshot, Workspace};
use crate::zones::ZoneMap;

/// What happened to one atom.
#[derive(Debug, Clone, Serialize)]
pub struct AtomChange {
    /// `created`, `started`, `completed`, `blocked`, `unblocked`, `reopened`, `released` or
    /// `removed`.
    pub change: &'static str,
    /// Atom id.
    pub id: String,
    /// Its title.
    pub title: String,
    /// Its team.
    pub team: String,
    /// Its status at HEAD.
    pub status: Option<Status>,
    /// Who works on it at HEAD.
    pub assigned: Option<String>,
    /// Why it is blocked, when it is.
    pub blocked_reason: Option<String>,
}

/// A count before and after.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Progress {
    /// Completed.
    pub done: usize,
    /// In all.
    pub total: usize,
}

/// Something with a value before and after the branch.
#[derive(Debug, Clone, Serialize)]
pub struct Moved<T> {
    /// Id of the team, molecule or phase.
    pub id: String,
    /// Its name or title.
    pub name: String,
    /// Before (at the merge base).
    pub before: Option<T>,
    /// After (at HEAD).
    pub after: Option<T>,
}

/// A branch's effect on coordination.
#[derive(Debug, Serialize)]
pub struct Summary {
    /// The merge base compared against.
    pub base: String,
    /// HEAD's commit.
    pub head: String,
    /// Atoms whose state changed, in id order.
    pub atoms: Vec<AtomChange>,
    /// Every team's indicator before and after.
    pub teams: Vec<Moved<Indicator>>,
    /// Molecules whose roll-up changed.
    pub molecules: Vec<Moved<Progress>>,
    /// Phases whose progress changed.
    pub phases: Vec<Moved<Progress>>,
    /// Conflicts at HEAD that were not there before, as messages.
    pub new_conflicts: Vec<String>,
}

/// Compare where HEAD forked from `range`'s base (`BASE..HEAD`, `BASE...HEAD` or `BASE`) with HEAD.
pub fn summarize(ws: &Workspace, range: &str, now: Option<DateTime<Utc>>) -> Result<Summary> {
    let repo = ws.repo()?;
    let (base, head) = match range.split_once("..") {
        Some((b, h)) => (b, h.trim_start_matches('.')),
        None => (range, ""),
    };
    let head = if head.is_empty() { "HEAD" } else { head };
    if base.is_empty() {
        return Err(Error::usage(
            format!("`{range}` names no base"),
            Some("write BASE..HEAD, for example origin/main..HEAD".to_owned()),
        ));
    }
    let head_id = repo
        .commit_id(head)
        .ok_or_else(|| Error::usage(format!("cannot resolve `{head}`"), None))?;
    let base_id = repo
        .merge_base(base, head)?
        .ok_or_else(|| Error::usage(format!("`{base}` and `{head}` share no history"), None))?;
    let before = load_at(repo, &ws.zones, &base_id)?;
    let after = load_at(repo, &ws.zones, &head_id)?;
    // Both sides are judged at one moment, so that only what the branch changed moves.
    let at = now.or(judgement_time(&after, None).at);
    // Escalations written inside status files are judged at each side; records live on the
    // working tree only, so neither side counts them.
    let judged = |snap| crate::escalations::view::all(&ws.zones, snap, &[], at);
    let (escalated_before, escalated_after) = (judged(&before), judged(&after));
    let records = |escalations| crate::dashboard::Records {
        risks: &[],
        escalations,
    };
    Ok(Summary {
        atoms: atom_changes(&before, &after),
        teams: ws
            .zones
            .teams
            .iter()
            .map(|t| Moved {
                id: t.id.clone(),
                name: t.name.clone(),
                before: Some(team_indicator(
                    &t.id,
                    &before,
                    &ws.zones,
                    at,
                    records(&escalated_before),
                )),
                after: Some(team_indicator(
                    &t.id,
                    &after,
                    &ws.zones,
                    at,
                    records(&escalated_after),
                )),
            })
            .collect(),
        molecules: molecule_moves(&before, &after),
        phases: phase_moves(ws, &before, &after),
        new_conflicts: new_conflicts(ws, &before, &after),
        base: base_id,
        head: head_id,
    })
}

fn change_of(old: Option<&Atom>, new: &Atom) -> Option<&'static str> {
    let Some(old) = old else {
        return Some("created");
    };
    use Status::*;
    Some(match (old.status, new.status) {
        (a, b) if a == b => return None,
        (_, Completed) => "completed",
        (_, Cancelled) => "cancelled",
        (_, Blocked) => "blocked",
        (Blocked, InProgress) => "unblocked",
        (Completed | Cancelled, _) => "reopened",
        (_, InProgress) => "started",
        (_, NotStarted) => "released",
    })
}

fn atom_changes(before: &Snapshot, after: &Snapshot) -> Vec<AtomChange> {
    let mut out = Vec::new();
    for a in &after.atoms {
        if let Some(change) = change_of(before.atom(&a.id), a) {
            out.push(AtomChange {
                change,
                id: a.id.to_string(),
                title: a.title.clone(),
                team: a.team.to_string(),
                status: Some(a.status),
                assigned: a.assigned.clone(),
                blocked_reason: a.blocked_reason.clone(),
            });
        }
    }
    for a in &before.atoms {
        if after.atom(&a.id).is_none() {
            out.push(AtomChange {
                change: "removed",
                id: a.id.to_string(),
                title: a.title.clone(),
                team: a.team.to_string(),
                status: None,
                assigned: None,
                blocked_reason: None,
            });
        }
    }
    out.sort_by(|a, b| a.id.cmp(&b.id));
    out
}

fn molecule_moves(before: &Snapshot, after: &Snapshot) -> Vec<Moved<Progress>> {
    let progress = |snap: &Snapshot, id: &str| {
        snap.molecule(id).map(|m| {
            let r = snap.rollup(m);
            Progress {
                done: r.completed,
                total: r.total,
            }
        })
    };
    let mut ids: Vec<(&str, &str)> = after
        .molecules
        .iter()
        .chain(&before.molecules)
        .map(|m| (m.id.as_str(), m.title.as_str()))
        .collect();
    ids.sort();
    ids.dedup_by(|a, b| a.0 == b.0);
    ids.into_iter()
        .map(|(id, title)| Moved {
            id: id.to_owned(),
            name: title.to_owned(),
            before: progress(before, id),
            after: progress(after, id),
        })
        .filter(|m| m.before != m.after)
        .collect()
}

fn phase_moves(ws: &Workspace, before: &Snapshot, after: &Snapshot) -> Vec<Moved<Progress>> {
    let progress = |snap: &Snapshot, phase: u32| {
        let atoms: Vec<&Atom> = snap
            .atoms
            .iter()
            .filter(|a| a.phase == Some(phase))
            .collect();
        Progress {
            done: atoms
                .iter()
                .filter(|a| a.status == Status::Completed)
                .count(),
            total: atoms.len(),
        }
    };
    ws.zones
        .phases
        .iter()
        .map(|p| Moved {
            id: p.id.to_string(),
            name: p.name.clone(),
            before: Some(progress(before, p.id)),
            after: Some(progress(after, p.id)),
        })
        .filter(|m| m.before != m.after)
        .collect()
}

fn new_conflicts(ws: &Workspace, before: &Snapshot, after: &Snapshot) -> Vec<String> {
    let map = ZoneMap::new(&ws.zones);
    let tracked = ws
        .repo
        .as_ref()
        .and_then(|r| r.index_paths().ok())
        .unwrap_or_default();
    let old: Vec<String> = conflicts::detect(&before.atoms, &map, &tracked)
        .into_iter()
        .map(|f| f.message)
        .collect();
    let mut out: Vec<String> = conflicts::detect(&after.atoms, &map, &tracked)
        .into_iter()
        .map(|f| f.message)
        .filter(|m| !old.contains(m))
        .collect();
    out.dedup();
    out
}

fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace(['\n', '\r'], " ")
}

fn fraction(p: &Option<Progress>) -> String {
    p.map_or("—".to_owned(), |p| format!("{}/{}", p.done, p.total))
}

/// The summary as Markdown.
pub fn markdown(s: &Summary) -> String {
    let short = |id: &str| id.chars().take(7).collect::<String>();
    let mut out = format!(
        "## Coordination changes ({}..{})\n\n",
        short(&s.base),
        short(&s.head)
    );
    let count = |kind: &str| s.atoms.iter().filter(|a| a.change == kind).count();
    let mut counts: Vec<String> = [
        "created",
        "started",
        "completed",
        "blocked",
        "unblocked",
        "reopened",
        "released",
        "removed",
    ]
    .iter()
    .filter(|k| count(k) > 0)
    .map(|k| format!("{} {k}", count(k)))
    .collect();
    if counts.is_empty() {
        counts.push("no atom changes state".to_owned());
    }
    let _ = writeln!(out, "**Atoms:** {}.\n", counts.join(", "));
    if !s.atoms.is_empty() {
        out.push_str("| Change | Atom | Title | Team | Now |\n|---|---|---|---|---|\n");
        for a in &s.atoms {
            let now = match (&a.status, &a.blocked_reason, &a.assigned) {
                (Some(Status::Blocked), Some(r), _) => format!("BLOCKED: {}", cell(r)),
                (Some(st), _, Some(who)) if *st == Status::InProgress => {
                    format!("IN_PROGRESS ({})", cell(who))
                }
                (Some(st), _, _) => st.as_str().to_owned(),
                (None, _, _) => "removed".to_owned(),
            };
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} | {} |",
                a.change,
                a.id,
                cell(&a.title),
                cell(&a.team),
                now
            );
        }
        out.push('\n');
    }
    let moved: Vec<&Moved<Indicator>> = s.teams.iter().filter(|t| t.before != t.after).collect();
    if moved.is_empty() {
        out.push_str("**Teams:** no indicator changes.\n\n");
    } else {
        out.push_str("**Teams:**\n\n| Team | Before | After |\n|---|---|---|\n");
        for t in moved {
            let show = |i: &Option<Indicator>| {
                i.map_or("—".to_owned(), |i| format!("{} {}", i.emoji(), i.words()))
            };
            let _ = writeln!(
                out,
                "| {} | {} | {} |",
                cell(&t.name),
                show(&t.before),
                show(&t.after)
            );
        }
        out.push('\n');
    }
    for (title, list) in [("Molecules", &s.molecules), ("Phases", &s.phases)] {
        if list.is_empty() {
            continue;
        }
        let _ = writeln!(out, "**{title}:**\n\n| | Before | After |\n|---|---|---|");
        for m in list {
            let _ = writeln!(
                out,
                "| {} {} | {} | {} |",
                m.id,
                cell(&m.name),
                fraction(&m.before),
                fraction(&m.after)
            );
        }
        out.push('\n');
    }
    if s.new_conflicts.is_empty() {
        out.push_str("**New conflicts:** none.\n");
    } else {
        out.push_str("**New conflicts:**\n\n");
        for c in &s.new_conflicts {
            let _ = writeln!(out, "- {}", cell(c));
        }
    }
    out
}
