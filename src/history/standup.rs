//! `coord standup`: per team (or person), what moved in a window of history — completed,
//! started, blocked, unblocked, created, cancelled, reopened, escalations raised and resolved —
//! and what is blocked now and why.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::Event;
use crate::clock;
use crate::workspace::Snapshot;

/// An atom or record named in a standup.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Item {
    /// Its id.
    pub id: String,
    /// Its title (or an escalation's reason).
    pub title: String,
    /// Who made the change (commit author), or why it is blocked.
    pub note: String,
}

/// One team's (or person's) part.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Group {
    /// The team id, or the assignee.
    pub name: String,
    /// Atoms completed in the window.
    pub completed: Vec<Item>,
    /// Atoms started.
    pub started: Vec<Item>,
    /// Atoms blocked.
    pub blocked: Vec<Item>,
    /// Atoms unblocked.
    pub unblocked: Vec<Item>,
    /// Atoms created.
    pub created: Vec<Item>,
    /// Atoms cancelled.
    pub cancelled: Vec<Item>,
    /// Atoms reopened.
    pub reopened: Vec<Item>,
    /// Escalations raised on its work.
    pub escalations_raised: Vec<Item>,
    /// Escalations on its work resolved.
    pub escalations_resolved: Vec<Item>,
    /// Its atoms BLOCKED now, with the reason.
    pub blocked_now: Vec<Item>,
}

/// A standup over `[since, until]`.
#[derive(Debug, Clone, Serialize)]
pub struct Standup {
    /// Start of the window.
    pub since: String,
    /// End of the window.
    pub until: String,
    /// Per team or person, sorted by name.
    pub groups: Vec<Group>,
}

/// `list` with one item per id: where the id first came, with what it last said.
fn once_each(list: &mut Vec<Item>) {
    let mut at: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    let mut out: Vec<Item> = Vec::with_capacity(list.len());
    for item in list.drain(..) {
        match at.get(&item.id) {
            Some(&i) => out[i] = item,
            None => {
                at.insert(item.id.clone(), out.len());
                out.push(item);
            }
        }
    }
    *list = out;
}

/// The standup of `events` in `[since, until]`; `snap` says what is blocked now. With
/// `by_assignee`, groups are people; `team` keeps one team's work.
pub fn standup(
    events: &[Event],
    snap: &Snapshot,
    since: DateTime<Utc>,
    until: DateTime<Utc>,
    team: Option<&str>,
    by_assignee: bool,
) -> Standup {
    let team_of = |id: &str| -> Option<String> {
        snap.atom(id)
            .map(|a| a.team.to_string())
            .or_else(|| snap.molecule(id).map(|m| m.lead.clone()))
    };
    let mut groups: BTreeMap<String, Group> = BTreeMap::new();
    let key = |e: &Event| -> Option<String> {
        let t = e.get("team").map(str::to_owned);
        if team.is_some_and(|want| t.as_deref() != Some(want)) {
            return None;
        }
        Some(if by_assignee {
            e.get("assigned").unwrap_or("unassigned").to_owned()
        } else {
            t.unwrap_or_else(|| "-".to_owned())
        })
    };
    let window = events
        .iter()
        .filter(|e| e.seconds >= since.timestamp() && e.seconds <= until.timestamp());
    for e in window {
        let by = format!("{} ({})", e.author, e.email);
        if e.kind == "escalation" {
            let subject = e.get("subject").unwrap_or_default();
            let Some(t) = team_of(subject) else { continue };
            if team.is_some_and(|want| want != t) {
                continue;
            }
            let name = if by_assignee {
                snap.atom(subject)
                    .and_then(|a| a.assigned.clone())
                    .unwrap_or_else(|| "unassigned".to_owned())
            } else {
                t
            };
            let item = Item {
                id: e.id.to_string(),
                title: format!("{subject}: {}", e.get("reason").unwrap_or_default()),
                note: by,
            };
            let g = groups.entry(name.clone()).or_default();
            g.name = name;
            if e.created {
                g.escalations_raised.push(item.clone());
            }
            if e.change("resolved")
                .is_some_and(|c| c.old == "-" && c.new != "-")
            {
                g.escalations_resolved.push(item);
            }
            continue;
        }
        if e.kind != "atom" || e.deleted {
            continue;
        }
        let Some(name) = key(e) else { continue };
        let item = Item {
            id: e.id.to_string(),
            title: e.get("title").unwrap_or_default().to_owned(),
            note: by,
        };
        let g = groups.entry(name.clone()).or_default();
        g.name = name;
        if e.created && e.renamed_from.is_none() {
            g.created.push(item.clone());
        }
        let Some(status) = e.change("status") else {
            continue;
        };
        let (old, new) = (&*status.old, &*status.new);
        let list = match (old, new) {
            (_, "COMPLETED") => &mut g.completed,
            (_, "CANCELLED") => &mut g.cancelled,
            (_, "BLOCKED") => &mut g.blocked,
            ("COMPLETED" | "CANCELLED", _) => &mut g.reopened,
            ("BLOCKED", _) => &mut g.unblocked,
            (_, "IN_PROGRESS") => &mut g.started,
            _ => continue,
        };
        list.push(item);
    }
    for g in groups.values_mut() {
        for list in [
            &mut g.completed,
            &mut g.started,
            &mut g.blocked,
            &mut g.unblocked,
            &mut g.created,
            &mut g.cancelled,
            &mut g.reopened,
            &mut g.escalations_raised,
            &mut g.escalations_resolved,
        ] {
            once_each(list);
        }
    }
    for a in snap
        .atoms
        .iter()
        .filter(|a| a.status == crate::doc::Status::Blocked)
        .filter(|a| team.is_none_or(|t| a.team == t))
    {
        let name = if by_assignee {
            a.assigned
                .clone()
                .unwrap_or_else(|| "unassigned".to_owned())
        } else {
            a.team.to_string()
        };
        let g = groups.entry(name.clone()).or_default();
        g.name = name;
        g.blocked_now.push(Item {
            id: a.id.to_string(),
            title: a.title.clone(),
            note: a
                .blocked_reason
                .clone()
                .unwrap_or_else(|| "no reason given".to_owned()),
        });
    }
    Standup {
        since: clock::format_time(since),
        until: clock::format_time(until),
        groups: groups.into_values().collect(),
    }
}

/// The standup as Markdown that reads well pasted into a chat or a pull request.
pub fn markdown(s: &Standup, title: &str) -> String {
    let mut out = format!("## {title}: {} → {}\n", s.since, s.until);
    if s.groups.is_empty() {
        out.push_str("\n_Nothing moved, and nothing is blocked._\n");
    }
    for g in &s.groups {
        out.push_str(&format!("\n### {}\n\n", g.name));
        let sections: [(&str, &Vec<Item>); 10] = [
            ("✅ Completed", &g.completed),
            ("▶️ Started", &g.started),
            ("⛔ Blocked", &g.blocked),
            ("🔓 Unblocked", &g.unblocked),
            ("🆕 Created", &g.created),
            ("✖️ Cancelled", &g.cancelled),
            ("↩️ Reopened", &g.reopened),
            ("🚨 Escalations raised", &g.escalations_raised),
            ("🤝 Escalations resolved", &g.escalations_resolved),
            ("🧱 Blocked now", &g.blocked_now),
        ];
        let mut any = false;
        for (label, items) in sections {
            if items.is_empty() {
                continue;
            }
            any = true;
            out.push_str(&format!("**{label}**\n"));
            for i in items {
                out.push_str(&format!("- {} {} — {}\n", i.id, i.title, i.note));
            }
            out.push('\n');
        }
        if !any {
            out.push_str("_Nothing moved._\n");
        }
    }
    out
}
