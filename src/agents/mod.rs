//! Who works on what (the agent matrix): each assignee with the atoms they hold, since when,
//! the estimate and the expected finish, what is blocked and what is late.

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::clock::{self, Stamp};
use crate::doc::{Atom, Status};

/// One atom someone holds.
#[derive(Debug, Clone, Serialize)]
pub struct Work {
    /// Atom id.
    pub id: String,
    /// Its title.
    pub title: String,
    /// Its team.
    pub team: String,
    /// Its priority.
    pub priority: String,
    /// IN_PROGRESS or BLOCKED.
    pub status: String,
    /// When work started.
    pub started: Option<String>,
    /// The estimate.
    pub estimated: Option<String>,
    /// `started` plus the estimate.
    pub expected_finish: Option<String>,
    /// The deadline.
    pub due: Option<String>,
    /// Past its deadline, or in progress past its estimate, at the time judged.
    pub late: bool,
    /// Why it is blocked.
    pub blocked_reason: Option<String>,
}

/// One assignee's row of the matrix.
#[derive(Debug, Clone, Serialize)]
pub struct Agent {
    /// Who (the `assigned` value).
    pub who: String,
    /// The teams of the atoms they hold.
    pub teams: Vec<String>,
    /// Their atoms IN_PROGRESS or BLOCKED, the earliest started first.
    pub holding: Vec<Work>,
    /// How many of those are BLOCKED.
    pub blocked: usize,
    /// How many are late.
    pub late: usize,
    /// NOT_STARTED atoms assigned to them (queued).
    pub queued: usize,
    /// COMPLETED atoms assigned to them.
    pub completed: usize,
    /// When they are expected to be free: the latest expected finish of what they hold.
    pub free_at: Option<String>,
}

fn work(a: &Atom, now: Option<DateTime<Utc>>) -> Work {
    Work {
        id: a.id.to_string(),
        title: a.title.clone(),
        team: a.team.to_string(),
        priority: a.priority.as_str().to_owned(),
        status: a.status.as_str().to_owned(),
        started: a.started.as_ref().map(|s| s.as_str().to_owned()),
        estimated: a.estimated.as_deref().map(str::to_owned),
        expected_finish: a.expected_finish().map(clock::format_time),
        due: a.due.clone(),
        late: now.is_some_and(|n| a.is_late(n)),
        blocked_reason: a.blocked_reason.clone(),
    }
}

/// The matrix of `atoms` (of one team, when given), by assignee; `now` judges lateness.
pub fn matrix(atoms: &[Atom], team: Option<&str>, now: Option<DateTime<Utc>>) -> Vec<Agent> {
    let mut by_who: std::collections::BTreeMap<&str, Vec<&Atom>> = Default::default();
    for a in atoms.iter().filter(|a| team.is_none_or(|t| a.team == t)) {
        if let Some(who) = a.assigned.as_deref() {
            by_who.entry(who).or_default().push(a);
        }
    }
    by_who
        .into_iter()
        .map(|(who, held)| {
            let mut teams: Vec<String> = held.iter().map(|a| a.team.to_string()).collect();
            teams.sort();
            teams.dedup();
            let mut active: Vec<&Atom> = held
                .iter()
                .copied()
                .filter(|a| a.status.is_active())
                .collect();
            active.sort_by(|a, b| {
                let started = |x: &Atom| x.started.as_ref().and_then(Stamp::at);
                started(a).cmp(&started(b)).then(a.id.cmp(&b.id))
            });
            let holding: Vec<Work> = active.iter().map(|a| work(a, now)).collect();
            let count = |s: Status| held.iter().filter(|a| a.status == s).count();
            Agent {
                who: who.to_owned(),
                teams,
                blocked: count(Status::Blocked),
                late: holding.iter().filter(|w| w.late).count(),
                queued: count(Status::NotStarted),
                completed: count(Status::Completed),
                free_at: active
                    .iter()
                    .filter_map(|a| a.expected_finish())
                    .max()
                    .map(clock::format_time),
                holding,
            }
        })
        .collect()
}

/// The matrix of the workspace's atoms (of one team, when given), lateness judged at `now`.
pub fn list(
    ws: &crate::workspace::Workspace,
    team: Option<&str>,
    now: Option<DateTime<Utc>>,
) -> crate::error::Result<Vec<Agent>> {
    if let Some(t) = team {
        ws.zones.require_team(t)?;
    }
    Ok(matrix(&ws.snapshot().atoms, team, now))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::doc::atom;

    fn a(id: &str, status: &str, who: &str, started: &str, estimate: &str) -> Atom {
        let text = format!(
            "```yaml\nid: {id}\ntitle: T\nteam: web\nstatus: {status}\nassigned: {who}\nstarted: {started}\nestimated: {estimate}\nblocked_reason: waits\n```\n"
        );
        atom::parse("web/ATOMIC_TASKS/x.md", &text).0.unwrap()
    }

    #[test]
    fn each_assignee_with_what_they_hold_and_when_they_are_free() {
        let atoms = vec![
            a(
                "ATOM-001",
                "IN_PROGRESS",
                "ann",
                "2026-01-01T10:00:00Z",
                "4h",
            ),
            a("ATOM-002", "BLOCKED", "ann", "2026-01-01T08:00:00Z", "1d"),
            a("ATOM-003", "COMPLETED", "ann", "2026-01-01T08:00:00Z", "1h"),
            a("ATOM-004", "NOT_STARTED", "bob", "null", "2h"),
        ];
        let now = clock::parse_time("2026-01-01T15:00:00Z");
        let m = matrix(&atoms, None, now);
        assert_eq!(m.len(), 2);
        let ann = &m[0];
        assert_eq!(ann.who, "ann");
        let ids: Vec<&str> = ann.holding.iter().map(|w| w.id.as_str()).collect();
        assert_eq!(ids, ["ATOM-002", "ATOM-001"], "the earliest started first");
        assert_eq!((ann.blocked, ann.completed, ann.queued), (1, 1, 0));
        assert_eq!(
            ann.holding[1].expected_finish.as_deref(),
            Some("2026-01-01T14:00:00Z")
        );
        assert!(ann.holding[1].late, "in progress past its estimate");
        assert!(
            !ann.holding[0].late,
            "a blocked atom is not judged by its estimate"
        );
        assert_eq!(ann.late, 1);
        assert_eq!(ann.free_at.as_deref(), Some("2026-01-02T08:00:00Z"));
        assert_eq!(
            (m[1].who.as_str(), m[1].queued, m[1].holding.len()),
            ("bob", 1, 0)
        );
        assert!(matrix(&atoms, Some("api"), now).is_empty());
    }
}
