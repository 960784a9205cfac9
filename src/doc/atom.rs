//! Atoms: one task each, in `<team dir>/ATOMIC_TASKS/ATOM-NNN.md`.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};

use serde::{Deserialize, Serialize};

use super::extra::{Extra, RawDependency};
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
    /// Dropped: it will not be done.
    Cancelled,
}

impl Status {
    /// Every status, in display order.
    pub const ALL: [Status; 5] = [
        Status::NotStarted,
        Status::InProgress,
        Status::Blocked,
        Status::Completed,
        Status::Cancelled,
    ];

    /// The written forms, for messages.
    pub const WORDS: &'static str = "NOT_STARTED, IN_PROGRESS, BLOCKED, COMPLETED or CANCELLED";

    /// As written in files.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::NotStarted => "NOT_STARTED",
            Status::InProgress => "IN_PROGRESS",
            Status::Blocked => "BLOCKED",
            Status::Completed => "COMPLETED",
            Status::Cancelled => "CANCELLED",
        }
    }

    /// Parse the written form (case-insensitive, `-` or `_`).
    pub fn parse(text: &str) -> Option<Status> {
        let norm = text.trim().to_ascii_uppercase().replace(['-', ' '], "_");
        Status::ALL.into_iter().find(|s| s.as_str() == norm)
    }

    /// Whether the atom still needs work (neither finished nor cancelled).
    pub fn is_open(self) -> bool {
        !matches!(self, Status::Completed | Status::Cancelled)
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
    /// `ATOM-007` (short: kept inline).
    #[serde(deserialize_with = "crate::inline::text")]
    pub id: compact_str::CompactString,
    /// Short title.
    pub title: String,
    /// Owning team id (short: kept inline).
    #[serde(deserialize_with = "crate::inline::text")]
    pub team: compact_str::CompactString,
    /// Urgency.
    pub priority: Priority,
    /// Where it is.
    pub status: Status,
    /// Who works on it.
    pub assigned: Option<String>,
    /// When work started.
    pub started: Option<Stamp>,
    /// Estimated duration (`4h`; short: kept inline).
    #[serde(deserialize_with = "crate::inline::maybe")]
    pub estimated: Option<compact_str::CompactString>,
    /// Deadline: a date (`2026-12-01`) or an RFC 3339 time, as written.
    pub due: Option<String>,
    /// Actual duration, set when done (short: kept inline).
    #[serde(deserialize_with = "crate::inline::maybe")]
    pub actual: Option<compact_str::CompactString>,
    /// Paths or globs it will modify.
    pub files: Vec<String>,
    /// Atoms and molecules it waits for.
    pub dependencies: Vec<String>,
    /// Notes on dependencies (`- ATOM-002: needs the schema`), by id.
    pub dependency_notes: BTreeMap<String, String>,
    /// Completion criteria.
    pub criteria: Vec<Criterion>,
    /// Phase number.
    pub phase: Option<u32>,
    /// Why it is blocked.
    pub blocked_reason: Option<String>,
    /// Why it was cancelled.
    pub cancelled_reason: Option<String>,
    /// Why it was reopened after it was finished.
    pub reopened_reason: Option<String>,
    /// Escalations raised on it.
    pub escalations: Vec<Escalation>,
    /// Custom fields (`extra:`), kept as written.
    pub extra: Extra,
    /// Last change.
    pub last_updated: Option<Stamp>,
    /// Repository-relative path of its file.
    pub path: String,
}

impl Atom {
    /// When work should be done: `started` plus the estimate.
    pub fn expected_finish(&self) -> Option<DateTime<Utc>> {
        let started = self.started.as_ref().and_then(Stamp::at)?;
        let minutes = clock::parse_duration(self.estimated.as_deref()?)?;
        started.checked_add_signed(chrono::Duration::minutes(minutes))
    }

    /// The deadline, when it has one that reads as a date or time.
    pub fn due_at(&self) -> Option<DateTime<Utc>> {
        clock::parse_due(self.due.as_deref()?)
    }

    /// Whether it is open and past its deadline at `now`.
    pub fn past_due(&self, now: DateTime<Utc>) -> bool {
        self.status.is_open() && self.due_at().is_some_and(|d| d < now)
    }

    /// Whether it is IN_PROGRESS past its estimate at `now`.
    pub fn past_estimate(&self, now: DateTime<Utc>) -> bool {
        self.status == Status::InProgress && self.expected_finish().is_some_and(|f| f < now)
    }

    /// Late at `now`: past its deadline, or in progress past its estimate.
    pub fn is_late(&self, now: DateTime<Utc>) -> bool {
        self.past_due(now) || self.past_estimate(now)
    }
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
    "due",
    "actual",
    "files",
    "dependencies",
    "criteria",
    "phase",
    "blocked_reason",
    "cancelled_reason",
    "reopened_reason",
    "escalations",
    "extra",
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
    due: Option<Spanned<String>>,
    actual: Option<Spanned<String>>,
    files: Option<Vec<String>>,
    dependencies: Option<Vec<Spanned<RawDependency>>>,
    criteria: Option<Vec<Criterion>>,
    phase: Option<u32>,
    blocked_reason: Option<String>,
    cancelled_reason: Option<String>,
    reopened_reason: Option<String>,
    escalations: Option<Vec<RawEscalation>>,
    extra: Option<Extra>,
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
    if let Some(due) = &raw.due
        && clock::parse_due(&due.value).is_none()
    {
        check.report(
            Code::InvalidDue,
            due,
            format!("`{}` is not a date", due.value),
            "write a date such as 2026-12-01, or an RFC 3339 time",
        );
    }
    let ids: Vec<Spanned<String>> = raw
        .dependencies
        .iter()
        .flatten()
        .map(|d| Spanned {
            value: d.value.id.clone(),
            offset: d.offset,
            len: d.len,
        })
        .collect();
    check.ids(&ids);
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
        Status::WORDS,
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
        id: raw.id.value.into(),
        title: raw.title.unwrap_or_default(),
        team: raw.team.value.into(),
        priority,
        status,
        assigned: raw.assigned.filter(|a| !a.is_empty()),
        started: raw.started.map(|s| Stamp::parse(&s.value)),
        estimated: raw.estimated.map(|s| s.value.into()),
        due: raw.due.map(|s| s.value),
        actual: raw.actual.map(|s| s.value.into()),
        files: raw.files.unwrap_or_default(),
        dependency_notes: dependencies
            .iter()
            .filter_map(|d| Some((d.value.id.clone(), d.value.note.clone()?)))
            .collect(),
        dependencies: dependencies.into_iter().map(|d| d.value.id).collect(),
        criteria: raw.criteria.unwrap_or_default(),
        phase: raw.phase,
        blocked_reason: raw.blocked_reason.filter(|r| !r.is_empty()),
        cancelled_reason: raw.cancelled_reason.filter(|r| !r.is_empty()),
        reopened_reason: raw.reopened_reason.filter(|r| !r.is_empty()),
        extra: raw.extra.unwrap_or_default(),
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
