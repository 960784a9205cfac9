//! `coord log ID`: every change of one atom, molecule or record, oldest first, following its
//! renumbers.

use serde::Serialize;

use super::{Change, Event};
use crate::clock;
use crate::error::{Error, Result};

/// One commit's change to the item.
#[derive(Debug, Clone, Serialize)]
pub struct Entry {
    /// The commit.
    pub commit: String,
    /// Its author.
    pub author: String,
    /// The author's email.
    pub email: String,
    /// When (author time, RFC 3339).
    pub time: String,
    /// The file at that commit.
    pub path: String,
    /// The item's id at that commit.
    pub id: String,
    /// The file appeared.
    pub created: bool,
    /// The file went away.
    pub deleted: bool,
    /// Renumbered from this id.
    pub renamed_from: Option<String>,
    /// Each field that moved.
    pub changes: Vec<Change<'static>>,
}

/// The timeline of `id` in `events` (oldest first), across renumbers.
pub fn timeline(events: &[Event], id: &str) -> Vec<Entry> {
    let mut ids = vec![id.to_owned()];
    for e in events.iter().rev() {
        if ids.iter().any(|i| *i == *e.id)
            && let Some(old) = &e.renamed_from
            && !ids.iter().any(|i| *i == **old)
        {
            ids.push(old.to_string());
        }
    }
    let renumbered_in = |e: &Event| {
        events
            .iter()
            .any(|x| x.commit == e.commit && x.renamed_from.as_deref() == Some(&*e.id))
    };
    events
        .iter()
        .filter(|e| ids.iter().any(|i| *i == *e.id))
        .filter(|e| !(e.deleted && renumbered_in(e)))
        .map(|e| Entry {
            commit: e.commit.to_string(),
            author: e.author.to_string(),
            email: e.email.to_string(),
            time: chrono::DateTime::from_timestamp(e.seconds, 0)
                .map_or_else(String::new, clock::format_time),
            path: e.path.to_string(),
            id: e.id.to_string(),
            created: e.created,
            deleted: e.deleted,
            renamed_from: e.renamed_from.as_deref().map(str::to_owned),
            changes: e.changes.iter().map(Change::owned).collect(),
        })
        .collect()
}

/// The timeline of the id typed as `input` (a bare number is an atom).
pub fn log(ws: &crate::workspace::Workspace, input: &str) -> Result<Vec<Entry>> {
    let id = crate::doc::id_of_kind(input, "ATOM").or_else(|_| crate::doc::normalize_id(input))?;
    let history = super::load(ws)?;
    let entries = timeline(&history.events()?, &id);
    if entries.is_empty() {
        return Err(Error::usage(
            format!("no commit changed {id}"),
            Some("commit its file first; `coord log` reads git's history".to_owned()),
        ));
    }
    Ok(entries)
}
