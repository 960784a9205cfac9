//! Decisions: one each, in `JOINT_COORDINATION/DECISIONS/DEC-NNN.md` (a decision log entry:
//! context, options, what was decided and why, what it links to).

use serde::{Deserialize, Serialize};

use super::record::Set;
use super::{Problem, StatusFile, parse_checked};
use crate::clock::{self, Stamp};
use crate::finding::Code;
use crate::yaml::Spanned;
use crate::yaml::edit::Value;

/// Folder of decisions.
pub const DIR: &str = crate::config::layout::DECISIONS_DIR;

/// Where a decision is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum DecisionStatus {
    /// Under discussion.
    Proposed,
    /// Decided.
    Accepted,
    /// Turned down.
    Rejected,
    /// Replaced by a later decision.
    Superseded,
}

impl DecisionStatus {
    /// Every status, in order.
    pub const ALL: [DecisionStatus; 4] = [
        DecisionStatus::Proposed,
        DecisionStatus::Accepted,
        DecisionStatus::Rejected,
        DecisionStatus::Superseded,
    ];

    /// As written.
    pub fn as_str(self) -> &'static str {
        match self {
            DecisionStatus::Proposed => "PROPOSED",
            DecisionStatus::Accepted => "ACCEPTED",
            DecisionStatus::Rejected => "REJECTED",
            DecisionStatus::Superseded => "SUPERSEDED",
        }
    }

    /// Parse the written form (case-insensitive).
    pub fn parse(text: &str) -> Option<DecisionStatus> {
        let norm = text.trim().to_ascii_uppercase();
        DecisionStatus::ALL.into_iter().find(|s| s.as_str() == norm)
    }
}

/// One decision.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Decision {
    /// `DEC-001`.
    pub id: String,
    /// What is decided, in a line.
    pub title: String,
    /// Where it is.
    pub status: DecisionStatus,
    /// When it was proposed or decided (a date or an RFC 3339 time).
    pub date: Option<String>,
    /// Teams or people who decide.
    pub deciders: Vec<String>,
    /// Why a decision is needed.
    pub context: Option<String>,
    /// The options considered.
    pub options: Vec<String>,
    /// What was decided.
    pub decision: Option<String>,
    /// What follows from it.
    pub consequences: Option<String>,
    /// Atoms, molecules, risks and decisions it concerns.
    pub links: Vec<String>,
    /// The decision that replaced it.
    pub superseded_by: Option<String>,
    /// Repository-relative path of its file.
    pub path: String,
}

/// Keys of a decision's YAML block, in written order.
pub const KEYS: &[&str] = &[
    "id",
    "title",
    "status",
    "date",
    "deciders",
    "context",
    "options",
    "decision",
    "consequences",
    "links",
    "superseded_by",
];

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDecision {
    id: Spanned<String>,
    title: Option<String>,
    status: Spanned<String>,
    date: Option<Spanned<String>>,
    deciders: Option<Vec<String>>,
    context: Option<String>,
    options: Option<Vec<String>>,
    decision: Option<String>,
    consequences: Option<String>,
    links: Option<Vec<Spanned<String>>>,
    superseded_by: Option<Spanned<String>>,
}

/// Parse a decision file. Problems carry byte offsets into `text`.
pub fn parse(path: &str, text: &str) -> (Option<Decision>, Vec<Problem>) {
    let (raw, mut check) = match parse_checked::<RawDecision>(text, KEYS) {
        Ok(ok) => ok,
        Err(problem) => return (None, vec![problem]),
    };
    check.id(&raw.id, "DEC");
    let status = check.vocab(
        &raw.status,
        DecisionStatus::parse,
        Code::InvalidStatus,
        "decision status",
        "PROPOSED, ACCEPTED, REJECTED or SUPERSEDED",
        DecisionStatus::Proposed,
    );
    if let Some(d) = &raw.date
        && clock::parse_due(&d.value).is_none()
    {
        check.report(
            Code::InvalidTimestamp,
            d,
            format!("`{}` is not a date", d.value),
            "write a date such as 2026-12-01, or an RFC 3339 time",
        );
    }
    let links = raw.links.unwrap_or_default();
    check.record_ids(&links);
    if let Some(by) = &raw.superseded_by {
        check.record_ids(std::slice::from_ref(by));
    }
    let decision = Decision {
        id: raw.id.value,
        title: raw.title.unwrap_or_default(),
        status,
        date: raw.date.map(|d| d.value),
        deciders: raw.deciders.unwrap_or_default(),
        context: raw.context.filter(|c| !c.trim().is_empty()),
        options: raw.options.unwrap_or_default(),
        decision: raw.decision.filter(|c| !c.trim().is_empty()),
        consequences: raw.consequences.filter(|c| !c.trim().is_empty()),
        links: links.into_iter().map(|l| l.value).collect(),
        superseded_by: raw.superseded_by.map(|s| s.value),
        path: path.to_owned(),
    };
    check.heading_names(&decision.id);
    (Some(decision), check.problems)
}

impl StatusFile for Decision {
    const NOUN: &'static str = "decision";
    const KIND: &'static str = "DEC";
    const KEYS: &'static [&'static str] = KEYS;
    type Field = Set;
    fn parse(path: &str, text: &str) -> (Option<Decision>, Vec<Problem>) {
        parse(path, text)
    }
    fn all_fields(&self) -> Vec<Set> {
        vec![
            Set::new("id", Value::Str(self.id.clone())),
            Set::new("title", Value::Str(self.title.clone())),
            Set::new("status", Value::Str(self.status.as_str().to_owned())),
            Set::text("date", self.date.as_deref()),
            Set::list("deciders", &self.deciders),
            Set::text("context", self.context.as_deref()),
            Set::list("options", &self.options),
            Set::text("decision", self.decision.as_deref()),
            Set::text("consequences", self.consequences.as_deref()),
            Set::list("links", &self.links),
            Set::optional("superseded_by", Value::opt(self.superseded_by.as_deref())),
        ]
    }
    fn id(&self) -> &str {
        &self.id
    }
    fn set_last_updated(&mut self, _at: Stamp) {}
}
