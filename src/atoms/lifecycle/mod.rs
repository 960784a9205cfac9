//! An atom's life cycle as pure functions: given the atom as it is, the request and the time,
//! the fields to write, or why not.

use crate::clock::{self, Stamp};
use crate::doc::{Atom, AtomField, Status};
use crate::error::Refusal;

/// The outcome of a step: the fields to write, or a refusal.
pub type Step = Result<Vec<AtomField>, Refusal>;

/// Who asks to work on an atom, and whether they override refusals.
#[derive(Debug, Clone, Copy, Default)]
pub struct Claim<'a> {
    /// Who will work on it.
    pub who: Option<&'a str>,
    /// Take it even when it is unfinished-dependent, someone else's, finished or blocked.
    pub force: bool,
}

/// Start work: IN_PROGRESS, `started` set on the first start (and on a restart of finished
/// work). `waiting_for` names the unfinished dependencies, as "ATOM-001 (IN_PROGRESS)".
pub fn start(a: &Atom, claim: Claim, waiting_for: &[String], now: &Stamp) -> Step {
    let id = &a.id;
    if !claim.force {
        if !waiting_for.is_empty() {
            return Err(Refusal::state(
                format!("{id} waits for {}", waiting_for.join(", ")),
                format!(
                    "finish those first, or start anyway with `coord atoms start {id} --force`"
                ),
            ));
        }
        let someone_else = match (&a.assigned, claim.who) {
            (Some(current), Some(wanted)) => current != wanted,
            _ => false,
        };
        let refusal = match a.status {
            Status::InProgress if someone_else => Some(format!(
                "{id} is already IN_PROGRESS, assigned to {}",
                a.assigned.as_deref().unwrap_or("-")
            )),
            Status::Completed => Some(format!("{id} is already COMPLETED")),
            Status::Cancelled => Some(format!(
                "{id} is CANCELLED: {}",
                a.cancelled_reason.as_deref().unwrap_or("no reason given")
            )),
            Status::Blocked => Some(format!(
                "{id} is BLOCKED: {}",
                a.blocked_reason.as_deref().unwrap_or("no reason given")
            )),
            _ => None,
        };
        if let Some(message) = refusal {
            return Err(Refusal::state(
                message,
                format!(
                    "use `coord atoms unblock {id}` for a blocked atom, or --force to take it anyway"
                ),
            ));
        }
    }
    let mut edits = vec![AtomField::Status(Status::InProgress)];
    if a.started.is_none() || a.status == Status::Completed {
        edits.push(AtomField::Started(Some(now.clone())));
    }
    if let Some(who) = claim.who {
        edits.push(AtomField::Assigned(Some(who.to_owned())));
    }
    if a.status == Status::Blocked {
        edits.push(AtomField::BlockedReason(None));
    }
    Ok(edits)
}

/// Finish: COMPLETED, `actual` from `started` to `now`. Refused while a criterion is unchecked,
/// unless `force`.
pub fn done(a: &Atom, force: bool, now: &Stamp) -> Step {
    if a.status == Status::Cancelled {
        return Err(Refusal::state(
            format!("{} is CANCELLED", a.id),
            format!(
                "reopen it first with `coord atoms reopen {} --reason TEXT`",
                a.id
            ),
        ));
    }
    let open: Vec<String> = a
        .criteria
        .iter()
        .enumerate()
        .filter(|(_, c)| !c.done)
        .map(|(i, c)| format!("{}. {}", i + 1, c.text))
        .collect();
    if !open.is_empty() && !force {
        return Err(Refusal::state(
            format!("{} has unchecked criteria: {}", a.id, open.join("; ")),
            format!(
                "check them with `coord atoms tick {} N`, or finish anyway with --force",
                a.id
            ),
        ));
    }
    let mut edits = vec![
        AtomField::Status(Status::Completed),
        AtomField::BlockedReason(None),
    ];
    if let (Some(started), Some(now)) = (a.started.as_ref().and_then(Stamp::at), now.at()) {
        let minutes = (now - started).num_minutes();
        edits.push(AtomField::Actual(Some(clock::format_duration(minutes))));
    }
    Ok(edits)
}

/// Mark BLOCKED with a reason.
pub fn block(_a: &Atom, reason: &str) -> Step {
    if reason.trim().is_empty() {
        return Err(Refusal::input(
            "the reason is empty",
            "say what the atom waits for".to_owned(),
        ));
    }
    Ok(vec![
        AtomField::Status(Status::Blocked),
        AtomField::BlockedReason(Some(reason.to_owned())),
    ])
}

/// Clear BLOCKED: back to IN_PROGRESS, or NOT_STARTED if it never started.
pub fn unblock(a: &Atom) -> Step {
    if a.status != Status::Blocked {
        return Err(Refusal::state(
            format!("{} is not BLOCKED (it is {})", a.id, a.status.as_str()),
            None,
        ));
    }
    let status = if a.started.is_some() {
        Status::InProgress
    } else {
        Status::NotStarted
    };
    Ok(vec![
        AtomField::Status(status),
        AtomField::BlockedReason(None),
    ])
}

/// Check (or, with `undo`, uncheck) criterion `n`, counted from 1.
pub fn tick(a: &Atom, n: usize, undo: bool) -> Step {
    if n == 0 || n > a.criteria.len() {
        return Err(Refusal::input(
            format!(
                "{} has {} criteria; there is no criterion {n}",
                a.id,
                a.criteria.len()
            ),
            format!("see them with `coord atoms show {}`", a.id),
        ));
    }
    let mut criteria = a.criteria.clone();
    criteria[n - 1].done = !undo;
    Ok(vec![AtomField::Criteria(criteria)])
}

/// Give the work back: IN_PROGRESS or BLOCKED to NOT_STARTED, the assignee cleared.
pub fn release(a: &Atom) -> Step {
    if !a.status.is_active() {
        return Err(Refusal::state(
            format!(
                "{} is {}: there is nothing to give back",
                a.id,
                a.status.as_str()
            ),
            None,
        ));
    }
    Ok(vec![
        AtomField::Status(Status::NotStarted),
        AtomField::Assigned(None),
        AtomField::BlockedReason(None),
    ])
}

/// Take finished or cancelled work up again, saying why: a COMPLETED atom goes back to
/// IN_PROGRESS (its `actual` cleared), a CANCELLED one to where it was before it was dropped
/// (IN_PROGRESS if it had started, else NOT_STARTED).
pub fn reopen(a: &Atom, reason: &str) -> Step {
    if reason.trim().is_empty() {
        return Err(Refusal::input(
            "the reason is empty",
            "say why the work is not finished".to_owned(),
        ));
    }
    let status = match a.status {
        Status::Completed => Status::InProgress,
        Status::Cancelled if a.started.is_some() => Status::InProgress,
        Status::Cancelled => Status::NotStarted,
        other => {
            return Err(Refusal::state(
                format!(
                    "{} is {}: only COMPLETED or CANCELLED atoms reopen",
                    a.id,
                    other.as_str()
                ),
                None,
            ));
        }
    };
    Ok(vec![
        AtomField::Status(status),
        AtomField::Actual(None),
        AtomField::CancelledReason(None),
        AtomField::ReopenedReason(Some(reason.trim().to_owned())),
    ])
}

/// Drop the work: CANCELLED, with a reason (the assignee stays on record). Finished work is not
/// cancelled (reopen it first).
pub fn cancel(a: &Atom, reason: &str) -> Step {
    if reason.trim().is_empty() {
        return Err(Refusal::input(
            "the reason is empty",
            "say why the work is dropped".to_owned(),
        ));
    }
    if !a.status.is_open() {
        return Err(Refusal::state(
            format!("{} is already {}", a.id, a.status.as_str()),
            format!(
                "reopen it first with `coord atoms reopen {} --reason TEXT`",
                a.id
            ),
        ));
    }
    Ok(vec![
        AtomField::Status(Status::Cancelled),
        AtomField::BlockedReason(None),
        AtomField::CancelledReason(Some(reason.trim().to_owned())),
    ])
}

/// Set who works on it.
pub fn assign(_a: &Atom, who: &str) -> Step {
    if who.trim().is_empty() {
        return Err(Refusal::input("the assignee is empty", None));
    }
    Ok(vec![AtomField::Assigned(Some(who.to_owned()))])
}

#[cfg(test)]
mod tests;
