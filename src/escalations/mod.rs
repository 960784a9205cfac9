//! Escalations raised on atoms and molecules: raise one, or resolve the open ones.

pub mod lifecycle;

use serde::Serialize;

use crate::atoms;
use crate::clock::Stamp;
use crate::config::EscalationLevel;
use crate::doc::{AtomField, Escalation, MoleculeField, normalize_id};
use crate::error::Result;
use crate::molecules;
use crate::workspace::Workspace;

/// What to do.
#[derive(Debug, Clone)]
pub enum Request {
    /// Raise one at this level, for this reason.
    Raise {
        /// The level (from zones.yaml `escalation`).
        level: u32,
        /// Why.
        reason: String,
    },
    /// Resolve the open ones.
    Resolve,
}

/// What an escalation command did.
#[derive(Debug, Serialize)]
pub struct Outcome {
    /// The atom or molecule.
    pub id: String,
    /// Its escalations afterwards.
    pub escalations: Vec<Escalation>,
    /// How many are open.
    pub open: usize,
    /// The level raised to, for a raise.
    #[serde(skip)]
    pub level: Option<EscalationLevel>,
}

/// Raise or resolve on the atom or molecule `input` names.
pub fn apply(ws: &Workspace, input: &str, request: &Request, now: &Stamp) -> Result<Outcome> {
    let id = normalize_id(input)?;
    let change = |list: &[Escalation]| match request {
        Request::Raise { level, reason } => {
            lifecycle::raise(list, &ws.zones.escalation, *level, reason, now)
        }
        Request::Resolve => lifecycle::resolve(&id, list, now),
    };
    let escalations = if id.starts_with("ATOM-") {
        atoms::step(ws, &id, now, |a| {
            change(&a.escalations).map(|l| vec![AtomField::Escalations(l)])
        })?
        .escalations
    } else {
        molecules::step(ws, &id, |m| {
            change(&m.escalations).map(|l| vec![MoleculeField::Escalations(l)])
        })?
        .escalations
    };
    let level = match request {
        Request::Raise { level, .. } => ws.zones.level(*level).cloned(),
        Request::Resolve => None,
    };
    Ok(Outcome {
        open: escalations.iter().filter(|e| e.is_open()).count(),
        id,
        escalations,
        level,
    })
}
