//! From commits to events: each status file a commit changed, read before and after, becomes one
//! event naming the fields that moved (old → new) and the item's state afterwards. Pure but for
//! reading blobs, which the caller provides.

use std::collections::HashMap;
use std::rc::Rc;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::Text;
use crate::doc::StatusFile;
use crate::doc::atom::Atom;
use crate::doc::decision::Decision;
use crate::doc::escalation::EscalationRecord;
use crate::doc::molecule::Molecule;
use crate::doc::risk::Risk;
use crate::git::CommitChanges;

/// One field that moved.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Change<'a> {
    /// The YAML key.
    #[serde(borrow)]
    pub field: Text<'a>,
    /// Its value before, in words (`-` for none).
    #[serde(borrow)]
    pub old: Text<'a>,
    /// Its value after.
    #[serde(borrow)]
    pub new: Text<'a>,
}

impl Change<'_> {
    /// The same change, owning its text.
    pub fn owned(&self) -> Change<'static> {
        Change {
            field: self.field.owned(),
            old: self.old.owned(),
            new: self.new.owned(),
        }
    }
}

/// What one commit did to one status file. Its text is borrowed from the events cache when read
/// from there (see [`super::History`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Event<'a> {
    /// The commit (full hex id).
    #[serde(borrow)]
    pub commit: Text<'a>,
    /// Its author's name.
    #[serde(borrow)]
    pub author: Text<'a>,
    /// Its author's email.
    #[serde(borrow)]
    pub email: Text<'a>,
    /// Author time, seconds since the epoch.
    pub seconds: i64,
    /// The file.
    #[serde(borrow)]
    pub path: Text<'a>,
    /// The item's id (after the change; before it, for a removal).
    #[serde(borrow)]
    pub id: Text<'a>,
    /// `atom`, `molecule`, `decision`, `risk` or `escalation`.
    #[serde(borrow)]
    pub kind: Text<'a>,
    /// The file appeared.
    pub created: bool,
    /// The file went away.
    pub deleted: bool,
    /// The id it had before this commit gave it a new one (a renumber).
    #[serde(borrow)]
    pub renamed_from: Option<Text<'a>>,
    /// The fields that moved (for a new file: none; its state says what it holds).
    #[serde(borrow)]
    pub changes: Vec<Change<'a>>,
    /// The item afterwards (before, for a removal): the fields standups and KPIs read, in
    /// words, absent when null.
    #[serde(borrow)]
    pub state: Vec<(Text<'a>, Text<'a>)>,
}

/// The fields an event keeps of the item's state.
const KEPT: [&str; 10] = [
    "title",
    "team",
    "status",
    "assigned",
    "estimated",
    "actual",
    "subject",
    "reason",
    "level",
    "lead",
];

fn kept(json: &Value) -> Vec<(Text<'static>, Text<'static>)> {
    KEPT.iter()
        .filter_map(|k| {
            let v = json.get(*k)?;
            (!v.is_null()).then(|| (Text::from(*k), words(Some(v)).into()))
        })
        .collect()
}

impl Event<'_> {
    /// A field of the state as text (`None` when absent or null).
    pub fn get(&self, field: &str) -> Option<&str> {
        self.state
            .iter()
            .find(|(k, _)| **k == *field)
            .map(|(_, v)| &**v)
    }

    /// The change of `field`, if this event moved it.
    pub fn change(&self, field: &str) -> Option<&Change<'_>> {
        self.changes.iter().find(|c| *c.field == *field)
    }
}

/// The kind of status file at `path`, by its folder.
pub fn kind_of(path: &str) -> Option<&'static str> {
    let dir = path.rsplit_once('/').map_or("", |(d, _)| d);
    Some(if dir.ends_with("/ATOMIC_TASKS") || dir == "ATOMIC_TASKS" {
        "atom"
    } else if dir == crate::config::layout::MOLECULES_DIR {
        "molecule"
    } else if dir == crate::doc::decision::DIR {
        "decision"
    } else if dir == crate::doc::risk::DIR {
        "risk"
    } else if dir == crate::doc::escalation::DIR {
        "escalation"
    } else {
        return None;
    })
}

fn as_json<T: StatusFile + Serialize>(path: &str, text: &str) -> Option<(String, Value)> {
    let (item, _) = T::parse(path, text);
    let item = item?;
    let mut json = serde_json::to_value(&item).ok()?;
    if let Some(map) = json.as_object_mut() {
        map.remove("path");
        map.remove("last_updated");
    }
    Some((item.id().to_owned(), json))
}

/// The item a file's text holds, as (id, JSON), if it reads.
pub fn parse(kind: &str, path: &str, text: &str) -> Option<(String, Value)> {
    match kind {
        "atom" => as_json::<Atom>(path, text),
        "molecule" => as_json::<Molecule>(path, text),
        "decision" => as_json::<Decision>(path, text),
        "risk" => as_json::<Risk>(path, text),
        _ => as_json::<EscalationRecord>(path, text),
    }
}

/// A value in words: text as it is, lists joined, criteria with their boxes, none as `-`.
pub fn words(value: Option<&Value>) -> String {
    match value {
        None | Some(Value::Null) => "-".to_owned(),
        Some(Value::String(s)) => s.clone(),
        Some(Value::Array(items)) if items.is_empty() => "-".to_owned(),
        Some(Value::Array(items)) => items
            .iter()
            .map(|i| match (i.get("text"), i.get("done")) {
                (Some(Value::String(t)), Some(Value::Bool(d))) => {
                    format!("[{}] {t}", if *d { "x" } else { " " })
                }
                _ => words(Some(i)),
            })
            .collect::<Vec<_>>()
            .join("; "),
        Some(Value::Object(map)) if map.is_empty() => "-".to_owned(),
        Some(Value::Object(map)) => map
            .iter()
            .map(|(k, v)| format!("{k}: {}", words(Some(v))))
            .collect::<Vec<_>>()
            .join("; "),
        Some(other) => other.to_string(),
    }
}

/// The fields that differ between two versions of an item, in the order of the newer one.
pub fn diff(old: Option<&Value>, new: Option<&Value>) -> Vec<Change<'static>> {
    let empty = serde_json::Map::new();
    let o = old.and_then(Value::as_object).unwrap_or(&empty);
    let n = new.and_then(Value::as_object).unwrap_or(&empty);
    let mut keys: Vec<&String> = n.keys().collect();
    keys.extend(o.keys().filter(|k| !n.contains_key(*k)));
    keys.into_iter()
        .filter(|k| o.get(*k) != n.get(*k))
        .map(|k| Change {
            field: k.clone().into(),
            old: words(o.get(k)).into(),
            new: words(n.get(k)).into(),
        })
        .filter(|c| c.old != c.new)
        .collect()
}

/// Items already parsed, by blob id: the blob one commit wrote is the one the next reads as before.
#[derive(Default)]
pub struct Parsed(HashMap<crate::git::Id, Option<Rc<(String, Value)>>>);

impl Parsed {
    /// Kept small: a walk oldest first needs only the blobs of the last few commits.
    const MOST: usize = 4096;

    fn item(
        &mut self,
        kind: &str,
        path: &str,
        blob: Option<crate::git::Id>,
        read: &dyn Fn(&crate::git::Id) -> Option<String>,
    ) -> Option<Rc<(String, Value)>> {
        let blob = blob?;
        if self.0.len() >= Self::MOST && !self.0.contains_key(&blob) {
            self.0.clear();
        }
        self.0
            .entry(blob)
            .or_insert_with(|| read(&blob).and_then(|t| parse(kind, path, &t)).map(Rc::new))
            .clone()
    }
}

/// The events of one commit, reading each blob with `read` unless `parsed` already holds it.
pub fn events(
    c: &CommitChanges,
    read: &dyn Fn(&crate::git::Id) -> Option<String>,
    parsed: &mut Parsed,
) -> Vec<Event<'static>> {
    let mut here: Vec<Event<'static>> = Vec::new();
    // Each event's item in full, to diff a renumbered file against the one it replaces.
    let mut full: Vec<Rc<(String, Value)>> = Vec::new();
    for f in &c.files {
        let Some(kind) = kind_of(&f.path) else {
            continue;
        };
        let old = parsed.item(kind, &f.path, f.old, read);
        let new = parsed.item(kind, &f.path, f.new, read);
        let Some(item) = new.clone().or_else(|| old.clone()) else {
            continue;
        };
        let created = old.is_none() && new.is_some();
        here.push(Event {
            commit: hex_id(&c.id).into(),
            author: c.author.clone().into(),
            email: c.email.clone().into(),
            seconds: c.seconds,
            path: f.path.clone().into(),
            id: item.0.clone().into(),
            kind: kind.into(),
            created,
            deleted: new.is_none(),
            renamed_from: None,
            changes: if created {
                Vec::new()
            } else {
                diff(old.as_ref().map(|o| &o.1), new.as_ref().map(|n| &n.1))
            },
            state: kept(&item.1),
        });
        full.push(item);
    }
    link_renames(&mut here, &full);
    here
}

/// Within one commit, a file that went away and one that appeared holding the same kind of item
/// with the same title are one item renumbered: the new one names the old id.
fn link_renames(events: &mut [Event<'static>], full: &[Rc<(String, Value)>]) {
    let gone: Vec<(Text, Text, String, usize)> = events
        .iter()
        .enumerate()
        .filter(|(_, e)| e.deleted)
        .map(|(i, e)| {
            let title = e.get("title").unwrap_or_default().to_owned();
            (e.kind.clone(), e.id.clone(), title, i)
        })
        .collect();
    for (i, e) in events.iter_mut().enumerate().filter(|(_, e)| e.created) {
        let title = e.get("title").unwrap_or_default().to_owned();
        if let Some((_, old, _, at)) = gone
            .iter()
            .find(|(k, id, t, _)| *k == e.kind && *t == title && *id != e.id)
        {
            e.renamed_from = Some(old.clone());
            // What the renumber changed, rather than every field as for a new file.
            e.changes = diff(Some(&full[*at].1), Some(&full[i].1));
        }
    }
}

/// A commit id as hex.
pub fn hex_id(id: &crate::git::Id) -> String {
    id.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_that_moved_are_named_in_words() {
        let old = serde_json::json!({"status": "IN_PROGRESS", "criteria": [{"text": "A", "done": false}], "assigned": null});
        let new = serde_json::json!({"status": "COMPLETED", "criteria": [{"text": "A", "done": true}], "assigned": "ann"});
        let d = diff(Some(&old), Some(&new));
        let got: Vec<(&str, &str, &str)> =
            d.iter().map(|c| (&*c.field, &*c.old, &*c.new)).collect();
        assert!(got.contains(&("status", "IN_PROGRESS", "COMPLETED")));
        assert!(got.contains(&("criteria", "[ ] A", "[x] A")));
        assert!(got.contains(&("assigned", "-", "ann")));
        assert!(diff(Some(&old), Some(&old)).is_empty());
    }

    #[test]
    fn paths_say_what_kind_of_file() {
        assert_eq!(kind_of("VSCodeDev/ATOMIC_TASKS/ATOM-001.md"), Some("atom"));
        assert_eq!(
            kind_of("JOINT_COORDINATION/MOLECULES/MOLECULE-001.md"),
            Some("molecule")
        );
        assert_eq!(
            kind_of("JOINT_COORDINATION/RISKS/RISK-001.md"),
            Some("risk")
        );
        assert_eq!(kind_of("README.md"), None);
    }
}
