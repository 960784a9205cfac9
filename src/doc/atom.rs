//! Atoms: one task each, in `<team dir>/ATOMIC_TASKS/ATOM-NNN.md`.

use serde::{Deserialize, Serialize};

use super::{Checker, Escalation, Problem, RawEscalation, parse_checked};
use crate::clock::{self, Stamp};
use crate::finding::Code;
use crate::yaml::Spanned;

/// Where an atom is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Status {
    /// Not begun.
    NotStarted,
    /// Being worked on.
    InProgress,
    /// Waiting on something.
    Blocked,
    /// Done.
    Completed,
}

impl Status {
    /// Every status, in display order.
    pub const ALL: [Status; 4] = [
        Status::NotStarted,
        Status::InProgress,
        Status::Blocked,
        Status::Completed,
    ];

    /// As written in files.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::NotStarted => "NOT_STARTED",
            Status::InProgress => "IN_PROGRESS",
            Status::Blocked => "BLOCKED",
            Status::Completed => "COMPLETED",
        }
    }

    /// Parse the written form (case-insensitive, `-` or `_`).
    pub fn parse(text: &str) -> Option<Status> {
        let norm = text.trim().to_ascii_uppercase().replace(['-', ' '], "_");
        Status::ALL.into_iter().find(|s| s.as_str() == norm)
    }

    /// Whether the atom still needs work.
    pub fn is_open(self) -> bool {
        self != Status::Completed
    }

    /// Whether someone is on it (in progress or blocked).
    pub fn is_active(self) -> bool {
        matches!(self, Status::InProgress | Status::Blocked)
    }
}

/// How urgent an atom is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Priority {
    /// Drop everything.
    Critical,
    /// Soon.
    High,
    /// Normal.
    Medium,
    /// When there is time.
    Low,
}

impl Priority {
    /// Every priority, most urgent first.
    pub const ALL: [Priority; 4] = [
        Priority::Critical,
        Priority::High,
        Priority::Medium,
        Priority::Low,
    ];

    /// As written in files.
    pub fn as_str(self) -> &'static str {
        match self {
            Priority::Critical => "CRITICAL",
            Priority::High => "HIGH",
            Priority::Medium => "MEDIUM",
            Priority::Low => "LOW",
        }
    }

    /// Parse the written form (case-insensitive).
    pub fn parse(text: &str) -> Option<Priority> {
        let norm = text.trim().to_ascii_uppercase();
        Priority::ALL.into_iter().find(|p| p.as_str() == norm)
    }
}

/// One completion criterion.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Criterion {
    /// What must be true.
    pub text: String,
    /// Whether it is.
    #[serde(default)]
    pub done: bool,
}

/// One task.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Atom {
    /// `ATOM-007`.
    pub id: String,
    /// Short title.
    pub title: String,
    /// Owning team id.
    pub team: String,
    /// Urgency.
    pub priority: Priority,
    /// Where it is.
    pub status: Status,
    /// Who works on it.
    pub assigned: Option<String>,
    /// When work started.
    pub started: Option<Stamp>,
    /// Estimated duration (`4h`).
    pub estimated: Option<String>,
    /// Actual duration, set when done.
    pub actual: Option<String>,
    /// Paths or globs it will modify.
    pub files: Vec<String>,
    /// Atoms and molecules it waits for.
    pub dependencies: Vec<String>,
    /// Completion criteria.
    pub criteria: Vec<Criterion>,
    /// Phase number.
    pub phase: Option<u32>,
    /// Why it is blocked.
    pub blocked_reason: Option<String>,
    /// Escalations raised on it.
    pub escalations: Vec<Escalation>,
    /// Last change.
    pub last_updated: Option<Stamp>,
    /// Repository-relative path of its file.
    pub path: String,
}

/// Keys of an atom's YAML block, in the order coord writes them.
pub const KEYS: &[&str] = &[
    "id",
    "title",
    "team",
    "priority",
    "status",
    "assigned",
    "started",
    "estimated",
    "actual",
    "files",
    "dependencies",
    "criteria",
    "phase",
    "blocked_reason",
    "escalations",
    "last_updated",
];

#[derive(Deserialize)]
struct RawAtom {
    id: Spanned<String>,
    title: Option<String>,
    team: Spanned<String>,
    priority: Option<Spanned<String>>,
    status: Spanned<String>,
    assigned: Option<String>,
    started: Option<Spanned<String>>,
    estimated: Option<Spanned<String>>,
    actual: Option<Spanned<String>>,
    files: Option<Vec<String>>,
    dependencies: Option<Vec<Spanned<String>>>,
    criteria: Option<Vec<Criterion>>,
    phase: Option<u32>,
    blocked_reason: Option<String>,
    escalations: Option<Vec<RawEscalation>>,
    last_updated: Option<Spanned<String>>,
}

/// Times, durations, dependencies and the blocked reason, each checked.
fn check_values(check: &mut Checker, raw: &RawAtom, status: Status) {
    for stamp in [&raw.started, &raw.last_updated].into_iter().flatten() {
        check.time(stamp);
    }
    for duration in [&raw.estimated, &raw.actual].into_iter().flatten() {
        if clock::parse_duration(&duration.value).is_none() {
            check.report(
                Code::InvalidDuration,
                duration,
                format!("`{}` is not a duration", duration.value),
                "write a duration such as 30m, 4h, 2d or 1d4h",
            );
        }
    }
    check.ids(raw.dependencies.as_deref().unwrap_or_default());
    let reason = raw.blocked_reason.as_deref().unwrap_or("");
    if status == Status::Blocked && reason.trim().is_empty() {
        let at = check.at(&raw.status);
        check.problems.push(
            Problem::new(
                Code::MissingBlockedReason,
                at,
                "a BLOCKED atom gives no blocked_reason".to_owned(),
                "run `coord atoms block ID --reason TEXT`",
            )
            .warning(),
        );
    }
}

/// Parse an atom file. Problems carry byte offsets into `text`.
pub fn parse(path: &str, text: &str) -> (Option<Atom>, Vec<Problem>) {
    let (atom, problems, _) = parse_located(path, text);
    (atom, problems)
}

/// Parse an atom file; also the byte offset of its `team:` value, for findings about the team.
pub fn parse_located(path: &str, text: &str) -> (Option<Atom>, Vec<Problem>, Option<usize>) {
    let (raw, mut check) = match parse_checked::<RawAtom>(text, KEYS) {
        Ok(ok) => ok,
        Err(problem) => return (None, vec![problem], None),
    };
    let team_at = check.at(&raw.team).0;
    check.id(&raw.id, "ATOM");
    let status = check.vocab(
        &raw.status,
        Status::parse,
        Code::InvalidStatus,
        "status",
        "NOT_STARTED, IN_PROGRESS, BLOCKED or COMPLETED",
        Status::NotStarted,
    );
    let priority = match &raw.priority {
        None => Priority::Medium,
        Some(p) => check.vocab(
            p,
            Priority::parse,
            Code::InvalidPriority,
            "priority",
            "CRITICAL, HIGH, MEDIUM or LOW",
            Priority::Medium,
        ),
    };
    check_values(&mut check, &raw, status);
    let dependencies = raw.dependencies.unwrap_or_default();
    let atom = Atom {
        id: raw.id.value,
        title: raw.title.unwrap_or_default(),
        team: raw.team.value,
        priority,
        status,
        assigned: raw.assigned.filter(|a| !a.is_empty()),
        started: raw.started.map(|s| Stamp::parse(&s.value)),
        estimated: raw.estimated.map(|s| s.value),
        actual: raw.actual.map(|s| s.value),
        files: raw.files.unwrap_or_default(),
        dependencies: dependencies.into_iter().map(|d| d.value).collect(),
        criteria: raw.criteria.unwrap_or_default(),
        phase: raw.phase,
        blocked_reason: raw.blocked_reason.filter(|r| !r.is_empty()),
        escalations: raw
            .escalations
            .unwrap_or_default()
            .into_iter()
            .map(RawEscalation::into_escalation)
            .collect(),
        last_updated: raw.last_updated.map(|s| Stamp::parse(&s.value)),
        path: path.to_owned(),
    };
    check.heading_names(&atom.id);
    (Some(atom), check.problems, Some(team_at))
}
