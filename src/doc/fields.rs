//! Typed edits of status files: each field of an atom or a molecule as a value that knows its
//! YAML key and how to write itself. The field lists are written once here and used by
//! creation, the demo and every edit.

use super::atom::{Atom, Criterion, Priority, Status};
use super::molecule::{Molecule, MoleculeStatus, Point};
use super::{Escalation, Extra};
use crate::clock::Stamp;
use crate::yaml::edit::Value;

/// A field that can be written into a status file's YAML block.
pub trait Field {
    /// Its YAML key.
    fn key(&self) -> &'static str;
    /// Its value as YAML.
    fn value(&self) -> Value;
    /// Whether the field is left out of a file that does not have it yet (an optional field
    /// with nothing to say: a file only shows a deadline or custom fields once it has some).
    fn left_out(&self) -> bool {
        false
    }
}

/// One field of an atom, with its new value.
#[derive(Debug, Clone, PartialEq)]
pub enum AtomField {
    /// `id`.
    Id(String),
    /// `title`.
    Title(String),
    /// `team`.
    Team(String),
    /// `priority`.
    Priority(Priority),
    /// `status`.
    Status(Status),
    /// `assigned`.
    Assigned(Option<String>),
    /// `started`.
    Started(Option<Stamp>),
    /// `estimated`.
    Estimated(Option<String>),
    /// `due`.
    Due(Option<String>),
    /// `actual`.
    Actual(Option<String>),
    /// `files`.
    Files(Vec<String>),
    /// `dependencies`: ids, each with its note if it has one.
    Dependencies(Vec<(String, Option<String>)>),
    /// `criteria`.
    Criteria(Vec<Criterion>),
    /// `phase`.
    Phase(Option<u32>),
    /// `blocked_reason`.
    BlockedReason(Option<String>),
    /// `cancelled_reason`.
    CancelledReason(Option<String>),
    /// `reopened_reason`.
    ReopenedReason(Option<String>),
    /// `escalations`.
    Escalations(Vec<Escalation>),
    /// `extra`.
    Extra(Extra),
}

fn opt(value: Option<&str>) -> Value {
    Value::opt(value)
}

fn number(value: Option<u32>) -> Value {
    value.map_or(Value::Null, |n| Value::Raw(n.to_string()))
}

/// Escalations as YAML records.
fn escalations(list: &[Escalation]) -> Value {
    Value::Records(
        list.iter()
            .map(|e| {
                vec![
                    ("level", Value::Raw(e.level.to_string())),
                    ("reason", Value::Str(e.reason.clone())),
                    ("raised", Value::Str(e.raised.to_string())),
                    ("resolved", opt(e.resolved.as_ref().map(Stamp::as_str))),
                ]
            })
            .collect(),
    )
}

impl Field for AtomField {
    fn key(&self) -> &'static str {
        match self {
            AtomField::Id(_) => "id",
            AtomField::Title(_) => "title",
            AtomField::Team(_) => "team",
            AtomField::Priority(_) => "priority",
            AtomField::Status(_) => "status",
            AtomField::Assigned(_) => "assigned",
            AtomField::Started(_) => "started",
            AtomField::Estimated(_) => "estimated",
            AtomField::Due(_) => "due",
            AtomField::Actual(_) => "actual",
            AtomField::Files(_) => "files",
            AtomField::Dependencies(_) => "dependencies",
            AtomField::Criteria(_) => "criteria",
            AtomField::Phase(_) => "phase",
            AtomField::BlockedReason(_) => "blocked_reason",
            AtomField::CancelledReason(_) => "cancelled_reason",
            AtomField::ReopenedReason(_) => "reopened_reason",
            AtomField::Escalations(_) => "escalations",
            AtomField::Extra(_) => "extra",
        }
    }

    fn left_out(&self) -> bool {
        match self {
            AtomField::Due(v) | AtomField::CancelledReason(v) | AtomField::ReopenedReason(v) => {
                v.is_none()
            }
            AtomField::Extra(e) => e.is_empty(),
            _ => false,
        }
    }

    fn value(&self) -> Value {
        match self {
            AtomField::Id(s) | AtomField::Title(s) | AtomField::Team(s) => Value::Str(s.clone()),
            AtomField::Priority(p) => Value::Str(p.as_str().to_owned()),
            AtomField::Status(s) => Value::Str(s.as_str().to_owned()),
            AtomField::Assigned(s)
            | AtomField::Estimated(s)
            | AtomField::Actual(s)
            | AtomField::Due(s)
            | AtomField::BlockedReason(s)
            | AtomField::CancelledReason(s)
            | AtomField::ReopenedReason(s) => opt(s.as_deref()),
            AtomField::Started(t) => opt(t.as_ref().map(Stamp::as_str)),
            AtomField::Files(l) => Value::List(l.clone()),
            AtomField::Dependencies(l) => Value::Notes(l.clone()),
            AtomField::Extra(e) => Value::RawMap(
                e.0.iter()
                    .map(|(k, v)| {
                        let written = match v {
                            serde_json::Value::String(s) => crate::yaml::scalar(s),
                            // JSON is YAML's flow style: numbers, booleans, lists and maps as is.
                            other => other.to_string(),
                        };
                        (k.clone(), written)
                    })
                    .collect(),
            ),
            AtomField::Criteria(c) => Value::Records(
                c.iter()
                    .map(|c| {
                        vec![
                            ("text", Value::Str(c.text.clone())),
                            ("done", Value::Raw(c.done.to_string())),
                        ]
                    })
                    .collect(),
            ),
            AtomField::Phase(p) => number(*p),
            AtomField::Escalations(e) => escalations(e),
        }
    }
}

impl Atom {
    /// Every field, in the order coord writes them: the one list of an atom's keys.
    pub fn fields(&self) -> Vec<AtomField> {
        vec![
            AtomField::Id(self.id.to_string()),
            AtomField::Title(self.title.clone()),
            AtomField::Team(self.team.to_string()),
            AtomField::Priority(self.priority),
            AtomField::Status(self.status),
            AtomField::Assigned(self.assigned.clone()),
            AtomField::Started(self.started.clone()),
            AtomField::Estimated(self.estimated.as_deref().map(str::to_owned)),
            AtomField::Due(self.due.clone()),
            AtomField::Actual(self.actual.as_deref().map(str::to_owned)),
            AtomField::Files(self.files.clone()),
            AtomField::Dependencies(self.dependencies_with_notes()),
            AtomField::Criteria(self.criteria.clone()),
            AtomField::Phase(self.phase),
            AtomField::BlockedReason(self.blocked_reason.clone()),
            AtomField::CancelledReason(self.cancelled_reason.clone()),
            AtomField::ReopenedReason(self.reopened_reason.clone()),
            AtomField::Escalations(self.escalations.clone()),
            AtomField::Extra(self.extra.clone()),
        ]
    }

    /// Its dependencies in written order, each with its note if it has one.
    pub fn dependencies_with_notes(&self) -> Vec<(String, Option<String>)> {
        self.dependencies
            .iter()
            .map(|d| (d.clone(), self.dependency_notes.get(d).cloned()))
            .collect()
    }
}

/// One field of a molecule, with its new value.
#[derive(Debug, Clone, PartialEq)]
pub enum MoleculeField {
    /// `id`.
    Id(String),
    /// `title`.
    Title(String),
    /// `teams`.
    Teams(Vec<String>),
    /// `complexity`.
    Complexity(String),
    /// `status`.
    Status(MoleculeStatus),
    /// `lead`.
    Lead(String),
    /// `support`.
    Support(Vec<String>),
    /// `atoms`.
    Atoms(Vec<String>),
    /// `dependencies`.
    Dependencies(Vec<String>),
    /// `integration_points`.
    IntegrationPoints(Vec<Point>),
    /// `success_criteria`.
    SuccessCriteria(Vec<Point>),
    /// `phase`.
    Phase(Option<u32>),
    /// `escalations`.
    Escalations(Vec<Escalation>),
}

fn points(list: &[Point]) -> Value {
    Value::Map(
        list.iter()
            .map(|p| (p.name.clone(), p.status.clone()))
            .collect(),
    )
}

impl Field for MoleculeField {
    fn key(&self) -> &'static str {
        match self {
            MoleculeField::Id(_) => "id",
            MoleculeField::Title(_) => "title",
            MoleculeField::Teams(_) => "teams",
            MoleculeField::Complexity(_) => "complexity",
            MoleculeField::Status(_) => "status",
            MoleculeField::Lead(_) => "lead",
            MoleculeField::Support(_) => "support",
            MoleculeField::Atoms(_) => "atoms",
            MoleculeField::Dependencies(_) => "dependencies",
            MoleculeField::IntegrationPoints(_) => "integration_points",
            MoleculeField::SuccessCriteria(_) => "success_criteria",
            MoleculeField::Phase(_) => "phase",
            MoleculeField::Escalations(_) => "escalations",
        }
    }

    fn value(&self) -> Value {
        match self {
            MoleculeField::Id(s)
            | MoleculeField::Title(s)
            | MoleculeField::Complexity(s)
            | MoleculeField::Lead(s) => Value::Str(s.clone()),
            MoleculeField::Status(s) => Value::Str(s.as_str().to_owned()),
            MoleculeField::Teams(l)
            | MoleculeField::Support(l)
            | MoleculeField::Atoms(l)
            | MoleculeField::Dependencies(l) => Value::List(l.clone()),
            MoleculeField::IntegrationPoints(p) | MoleculeField::SuccessCriteria(p) => points(p),
            MoleculeField::Phase(p) => number(*p),
            MoleculeField::Escalations(e) => escalations(e),
        }
    }
}

impl Molecule {
    /// Every field, in the order coord writes them: the one list of a molecule's keys.
    pub fn fields(&self) -> Vec<MoleculeField> {
        vec![
            MoleculeField::Id(self.id.clone()),
            MoleculeField::Title(self.title.clone()),
            MoleculeField::Teams(self.teams.clone()),
            MoleculeField::Complexity(self.complexity.clone()),
            MoleculeField::Status(self.status),
            MoleculeField::Lead(self.lead.clone()),
            MoleculeField::Support(self.support.clone()),
            MoleculeField::Atoms(self.atoms.clone()),
            MoleculeField::Dependencies(self.dependencies.clone()),
            MoleculeField::IntegrationPoints(self.integration_points.clone()),
            MoleculeField::SuccessCriteria(self.success_criteria.clone()),
            MoleculeField::Phase(self.phase),
            MoleculeField::Escalations(self.escalations.clone()),
        ]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn atom() -> Atom {
        Atom {
            id: "ATOM-001".into(),
            title: "T".into(),
            team: "a".into(),
            priority: Priority::High,
            status: Status::NotStarted,
            assigned: None,
            started: None,
            estimated: Some("4h".into()),
            due: None,
            actual: None,
            files: vec!["src/**".into()],
            dependencies: vec![],
            dependency_notes: Default::default(),
            criteria: vec![Criterion {
                text: "works".into(),
                done: false,
            }],
            phase: Some(1),
            blocked_reason: None,
            cancelled_reason: None,
            reopened_reason: None,
            extra: Default::default(),
            escalations: vec![],
            last_updated: Some(Stamp::parse("2026-01-01T00:00:00Z")),
            path: String::new(),
        }
    }

    #[test]
    fn the_field_lists_are_the_written_key_orders() {
        let keys: Vec<&str> = atom().fields().iter().map(Field::key).collect();
        let written = |all: &[&'static str]| -> Vec<&'static str> {
            // `last_updated` is read from older files but never written: history knows it.
            all.iter()
                .copied()
                .filter(|k| *k != "last_updated")
                .collect()
        };
        assert_eq!(keys, written(super::super::atom::KEYS));
        let (m, _) = super::super::molecule::parse(
            "m.md",
            "```yaml\nid: MOLECULE-001\ntitle: M\nteams: [a]\ncomplexity: SIMPLE\nstatus: PLANNING\nlead: a\nlast_updated: 2026-01-01T00:00:00Z\n```\n",
        );
        let keys: Vec<&str> = m.unwrap().fields().iter().map(Field::key).collect();
        assert_eq!(keys, written(super::super::molecule::KEYS));
    }

    #[test]
    fn values_are_written_as_yaml() {
        assert_eq!(
            AtomField::Priority(Priority::Low).value(),
            Value::Str("LOW".into())
        );
        assert_eq!(AtomField::Phase(None).value(), Value::Null);
        assert_eq!(AtomField::Phase(Some(2)).value(), Value::Raw("2".into()));
        assert_eq!(AtomField::Assigned(None).value(), Value::Null);
    }
}
