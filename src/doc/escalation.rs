//! Escalations as records of their own, in `JOINT_COORDINATION/ESCALATIONS/ESC-NNN.md`: joint to
//! every team, so the team that waits can escalate another team's atom.

use serde::{Deserialize, Serialize};

use super::record::Set;
use super::{Problem, StatusFile, parse_checked};
use crate::clock::Stamp;
use crate::yaml::Spanned;
use crate::yaml::edit::Value;

/// Folder of escalations.
pub const DIR: &str = crate::config::layout::ESCALATIONS_DIR;

/// One escalation.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct EscalationRecord {
    /// `ESC-001`.
    pub id: String,
    /// The atom or molecule it is about.
    pub subject: String,
    /// The level raised at (from zones.yaml `escalation`).
    pub level: u32,
    /// Why.
    pub reason: String,
    /// Who raised it.
    pub raised_by: Option<String>,
    /// When.
    pub raised: Stamp,
    /// When someone answered it.
    pub acknowledged: Option<Stamp>,
    /// Who answered it.
    pub acknowledged_by: Option<String>,
    /// When it was resolved.
    pub resolved: Option<Stamp>,
    /// How.
    pub resolution: Option<String>,
    /// Repository-relative path of its file.
    pub path: String,
}

impl EscalationRecord {
    /// Not resolved yet.
    pub fn is_open(&self) -> bool {
        self.resolved.is_none()
    }
}

/// Keys of an escalation's YAML block, in written order.
pub const KEYS: &[&str] = &[
    "id",
    "subject",
    "level",
    "reason",
    "raised_by",
    "raised",
    "acknowledged",
    "acknowledged_by",
    "resolved",
    "resolution",
];

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRecord {
    id: Spanned<String>,
    subject: Spanned<String>,
    level: u32,
    reason: String,
    raised_by: Option<String>,
    raised: Spanned<String>,
    acknowledged: Option<Spanned<String>>,
    acknowledged_by: Option<String>,
    resolved: Option<Spanned<String>>,
    resolution: Option<String>,
}

/// Parse an escalation file. Problems carry byte offsets into `text`.
pub fn parse(path: &str, text: &str) -> (Option<EscalationRecord>, Vec<Problem>) {
    let (raw, mut check) = match parse_checked::<RawRecord>(text, KEYS) {
        Ok(ok) => ok,
        Err(problem) => return (None, vec![problem]),
    };
    check.id(&raw.id, "ESC");
    check.ids(std::slice::from_ref(&raw.subject));
    for stamp in [
        Some(&raw.raised),
        raw.acknowledged.as_ref(),
        raw.resolved.as_ref(),
    ]
    .into_iter()
    .flatten()
    {
        check.time(stamp);
    }
    let record = EscalationRecord {
        id: raw.id.value,
        subject: raw.subject.value,
        level: raw.level,
        reason: raw.reason,
        raised_by: raw.raised_by.filter(|r| !r.is_empty()),
        raised: Stamp::parse(&raw.raised.value),
        acknowledged: raw.acknowledged.map(|s| Stamp::parse(&s.value)),
        acknowledged_by: raw.acknowledged_by.filter(|r| !r.is_empty()),
        resolved: raw.resolved.map(|s| Stamp::parse(&s.value)),
        resolution: raw.resolution.filter(|r| !r.trim().is_empty()),
        path: path.to_owned(),
    };
    check.heading_names(&record.id);
    (Some(record), check.problems)
}

impl StatusFile for EscalationRecord {
    const NOUN: &'static str = "escalation";
    const KIND: &'static str = "ESC";
    const KEYS: &'static [&'static str] = KEYS;
    type Field = Set;
    fn parse(path: &str, text: &str) -> (Option<EscalationRecord>, Vec<Problem>) {
        parse(path, text)
    }
    fn all_fields(&self) -> Vec<Set> {
        let stamp = |s: &Option<Stamp>| Value::opt(s.as_ref().map(Stamp::as_str));
        vec![
            Set::new("id", Value::Str(self.id.clone())),
            Set::new("subject", Value::Str(self.subject.clone())),
            Set::new("level", Value::Raw(self.level.to_string())),
            Set::new("reason", Value::Str(self.reason.clone())),
            Set::text("raised_by", self.raised_by.as_deref()),
            Set::new("raised", Value::Str(self.raised.as_str().to_owned())),
            Set::new("acknowledged", stamp(&self.acknowledged)),
            Set::optional(
                "acknowledged_by",
                Value::opt(self.acknowledged_by.as_deref()),
            ),
            Set::new("resolved", stamp(&self.resolved)),
            Set::new("resolution", Value::opt(self.resolution.as_deref())),
        ]
    }
    fn id(&self) -> &str {
        &self.id
    }
    fn set_last_updated(&mut self, _at: Stamp) {}
}
