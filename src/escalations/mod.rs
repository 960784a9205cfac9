//! Escalations as records any team can raise on any atom or molecule (ESC files in
//! `JOINT_COORDINATION/ESCALATIONS/`): raise, acknowledge, resolve, list, and the one-step
//! migration of the escalations older files keep inside an atom or a molecule.

pub mod lifecycle;
pub mod view;

use serde::Serialize;

use crate::atoms;
use crate::clock::Stamp;
use crate::config::EscalationLevel;
use crate::doc::escalation::{DIR, EscalationRecord};
use crate::doc::record::{Set, load_all};
use crate::doc::{AtomField, MoleculeField, StatusFile, id_of_kind, normalize_id, write};
use crate::error::{Error, Refusal, Result};
use crate::finding::Finding;
use crate::molecules;
use crate::workspace::{Snapshot, Workspace};
use view::View;

/// What `coord escalate` does.
#[derive(Debug, Clone)]
pub enum Request {
    /// Raise one at this level, for this reason.
    Raise {
        /// The level (from zones.yaml `escalation`).
        level: u32,
        /// Why.
        reason: String,
    },
    /// Resolve every open one about the subject.
    Resolve,
}

/// What an escalation command did.
#[derive(Debug, Serialize)]
pub struct Outcome {
    /// The atom or molecule.
    pub id: String,
    /// The escalation raised, for a raise.
    pub raised: Option<String>,
    /// Its escalations afterwards.
    pub escalations: Vec<View>,
    /// How many are open.
    pub open: usize,
    /// The level raised to, for a raise.
    #[serde(skip)]
    pub level: Option<EscalationLevel>,
}

/// A user-typed escalation id.
pub fn id(input: &str) -> Result<String> {
    id_of_kind(input, "ESC")
}

/// Every escalation record, sorted by id, with the problems of their files.
pub fn load(ws: &Workspace) -> (Vec<EscalationRecord>, Vec<Finding>) {
    load_all(&ws.root, DIR)
}

/// Every escalation (records and those inside status files), judged at `now`.
pub fn list(ws: &Workspace, now: Option<chrono::DateTime<chrono::Utc>>) -> Vec<View> {
    let (records, _) = load(ws);
    view::all(&ws.zones, &ws.snapshot(), &records, now)
}

/// Who is acting: `who`, else the author coord knows, else git's `user.email`.
fn actor(ws: &Workspace, who: Option<&str>) -> Option<String> {
    who.map(str::to_owned)
        .or_else(|| ws.author.clone())
        .or_else(|| ws.repo().ok().and_then(|r| r.config_string("user.email")))
}

/// Raise or resolve on the atom or molecule `input` names.
pub fn apply(
    ws: &Workspace,
    input: &str,
    request: &Request,
    who: Option<&str>,
    now: &Stamp,
) -> Result<Outcome> {
    // A bare number is an atom, as everywhere else.
    let subject = id_of_kind(input, "ATOM").or_else(|_| normalize_id(input))?;
    let snap = ws.snapshot();
    if !snap.exists(&subject) {
        return Err(Error::usage(
            format!("no atom or molecule {subject}"),
            Some("list them with `coord atoms list` and `coord molecules list`".to_owned()),
        ));
    }
    let raised = match request {
        Request::Raise { level, reason } => {
            lifecycle::check_raise(&ws.zones.escalation, *level, reason).map_err(Error::from)?;
            Some(raise(ws, &subject, *level, reason, actor(ws, who), now)?.id)
        }
        Request::Resolve => {
            resolve_all(ws, &snap, &subject, now)?;
            None
        }
    };
    // After the write: the records as they are now, the status files as read above (a raise
    // or a resolution changes only records there, and the views judge only their times).
    let (records, _) = load(ws);
    let after = match request {
        Request::Raise { .. } => snap,
        Request::Resolve => ws.snapshot(),
    };
    let escalations: Vec<View> = view::all(&ws.zones, &after, &records, now.at())
        .into_iter()
        .filter(|v| v.subject == subject)
        .collect();
    Ok(Outcome {
        open: escalations.iter().filter(|e| e.is_open()).count(),
        id: subject,
        raised,
        escalations,
        level: match request {
            Request::Raise { level, .. } => ws.zones.level(*level).cloned(),
            Request::Resolve => None,
        },
    })
}

fn raise(
    ws: &Workspace,
    subject: &str,
    level: u32,
    reason: &str,
    raised_by: Option<String>,
    now: &Stamp,
) -> Result<EscalationRecord> {
    let title = format!("{subject}, level {level}");
    crate::doc::record::create::<EscalationRecord>(
        ws.repo()?,
        &ws.root,
        &ws.zones,
        ws.claims()?.remote(),
        DIR,
        "escalation.md",
        &title,
        |id| EscalationRecord {
            id: id.to_owned(),
            subject: subject.to_owned(),
            level,
            reason: reason.trim().to_owned(),
            raised_by: raised_by.clone(),
            raised: now.clone(),
            acknowledged: None,
            acknowledged_by: None,
            resolved: None,
            resolution: None,
            path: String::new(),
        },
    )
}

/// Resolve every open escalation about `subject`: its records, and those inside its file.
fn resolve_all(ws: &Workspace, snap: &Snapshot, subject: &str, now: &Stamp) -> Result<()> {
    let (records, _) = load(ws);
    let mut any = false;
    for r in records
        .iter()
        .filter(|r| r.subject == subject && r.is_open())
    {
        step(ws, &r.id, |r| {
            lifecycle::resolve(r, "resolved with `coord escalate --resolve`", now)
        })?;
        any = true;
    }
    let embedded_open = snap.atom(subject).map_or_else(
        || {
            snap.molecule(subject)
                .is_some_and(|m| m.escalations.iter().any(|e| e.is_open()))
        },
        |a| a.escalations.iter().any(|e| e.is_open()),
    );
    if embedded_open {
        if subject.starts_with("ATOM-") {
            atoms::step(ws, subject, now, |a| {
                lifecycle::resolve_embedded(subject, &a.escalations, now)
                    .map(|l| vec![AtomField::Escalations(l)])
            })?;
        } else {
            molecules::step(ws, subject, |m| {
                lifecycle::resolve_embedded(subject, &m.escalations, now)
                    .map(|l| vec![MoleculeField::Escalations(l)])
            })?;
        }
        any = true;
    }
    if !any {
        return Err(Refusal::state(format!("{subject} has no open escalation"), None).into());
    }
    Ok(())
}

/// Apply a step to escalation `id`, deciding on its file as it is under its lock.
pub fn step(
    ws: &Workspace,
    id: &str,
    decide: impl FnOnce(&EscalationRecord) -> std::result::Result<Vec<Set>, Refusal>,
) -> Result<EscalationRecord> {
    crate::doc::record::step(&ws.root, &ws.repo()?.coord_dir(), DIR, id, decide)
}

/// Acknowledge escalation `id` as `who` (else the author, else git's user.email).
pub fn acknowledge(
    ws: &Workspace,
    id: &str,
    who: Option<&str>,
    now: &Stamp,
) -> Result<EscalationRecord> {
    let who = actor(ws, who);
    step(ws, id, |r| lifecycle::acknowledge(r, who.as_deref(), now))
}

/// Move the escalations older files keep inside atoms and molecules into records of their
/// own (same level, reason and times), emptying those lists. Returns the records written.
pub fn migrate(ws: &Workspace) -> Result<Vec<EscalationRecord>> {
    let snap = ws.snapshot();
    let mut written = Vec::new();
    let carriers = snap
        .atoms
        .iter()
        .map(|a| (a.id.as_str(), &a.escalations))
        .chain(
            snap.molecules
                .iter()
                .map(|m| (m.id.as_str(), &m.escalations)),
        )
        .filter(|(_, list)| !list.is_empty());
    for (subject, list) in carriers {
        for e in list {
            let mut r = raise(ws, subject, e.level, &e.reason, None, &e.raised)?;
            if let Some(at) = &e.resolved {
                r = step(ws, &r.id, |r| {
                    lifecycle::resolve(r, "resolved before migration", at)
                })?;
            }
            written.push(r);
        }
        if subject.starts_with("ATOM-") {
            write::edit::<crate::doc::Atom>(
                &ws.root,
                &ws.zones,
                &ws.repo()?.coord_dir(),
                subject,
                |_| Ok(vec![AtomField::Escalations(Vec::new())]),
            )?;
        } else {
            molecules::step(ws, subject, |_| {
                Ok(vec![MoleculeField::Escalations(Vec::new())])
            })?;
        }
    }
    written.sort_by(|a, b| a.id().cmp(b.id()));
    Ok(written)
}
