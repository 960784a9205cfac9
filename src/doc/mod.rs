//! Status files: Markdown with one fenced YAML block (atoms and molecules), parsed and edited in place.

pub mod atom;
pub mod block;
pub mod cache;
pub mod edit;
pub mod ids;
pub mod molecule;
pub mod store;
pub mod update;

use serde::{Deserialize, Serialize};

use crate::clock;
use crate::error::{Error, pos_of};
use crate::finding::{Finding, Severity};
use crate::yaml::{self, Spanned};

pub use atom::{Atom, Criterion, Priority, Status};
pub use molecule::{Molecule, MoleculeStatus};

/// An escalation raised on an atom or a molecule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Escalation {
    /// Level (1 = team internal … 4 = management).
    pub level: u32,
    /// Why.
    pub reason: String,
    /// When it was raised (RFC 3339).
    pub raised: String,
    /// When it was resolved, if it was.
    pub resolved: Option<String>,
}

impl Escalation {
    /// Whether it is still open.
    pub fn is_open(&self) -> bool {
        self.resolved.is_none()
    }

    /// As YAML record fields, in written order.
    pub fn record(&self) -> Vec<(&'static str, edit::Value)> {
        vec![
            ("level", edit::Value::Raw(self.level.to_string())),
            ("reason", edit::Value::Str(self.reason.clone())),
            ("raised", edit::Value::Str(self.raised.clone())),
            ("resolved", edit::Value::opt(self.resolved.as_deref())),
        ]
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawEscalation {
    level: u32,
    reason: String,
    raised: String,
    resolved: Option<String>,
}

impl RawEscalation {
    fn into_escalation(self) -> Escalation {
        Escalation {
            level: self.level,
            reason: self.reason,
            raised: self.raised,
            resolved: self.resolved,
        }
    }
}

/// A problem in a status file, at a byte range of the file.
#[derive(Debug, Clone)]
pub struct Problem {
    /// Stable code.
    pub code: &'static str,
    /// Byte offset in the file.
    pub offset: usize,
    /// Byte length.
    pub len: usize,
    /// What is wrong.
    pub message: String,
    /// What to do.
    pub hint: String,
    /// Error or warning.
    pub severity: Severity,
}

impl Problem {
    pub(crate) fn new(
        code: &'static str,
        (offset, len): (usize, usize),
        message: String,
        hint: &str,
    ) -> Problem {
        Problem {
            code,
            offset,
            len,
            message,
            hint: hint.to_owned(),
            severity: Severity::Error,
        }
    }

    fn warning(mut self) -> Problem {
        self.severity = Severity::Warning;
        self
    }

    /// As a finding in `path` whose text is `text`.
    pub fn finding(&self, path: &str, text: &str) -> Finding {
        let pos = pos_of(text, self.offset, self.len);
        Finding {
            code: self.code,
            severity: self.severity,
            path: Some(path.to_owned()),
            line: pos.line,
            column: pos.column,
            message: self.message.clone(),
            hint: Some(self.hint.clone()),
        }
    }

    /// As an error pointing into the file, for commands that cannot go on.
    pub fn error(&self, path: &str, text: &str) -> Error {
        Error::in_file(
            path,
            text,
            pos_of(text, self.offset, self.len),
            format!("{path}: {}", self.message),
            self.code,
            Some(self.hint.clone()),
        )
    }
}

/// Parse the YAML block of `text` into `T`; returns the value and the block's byte offset.
pub(crate) fn parse_block<T: serde::de::DeserializeOwned>(
    text: &str,
) -> Result<(T, usize), Problem> {
    let Some(range) = block::find_yaml_block(text) else {
        return Err(Problem::new(
            "missing-yaml-block",
            (0, 1),
            "no ```yaml block".to_owned(),
            "a status file holds its fields in one fenced ```yaml block",
        ));
    };
    let body = &text[range.clone()];
    yaml::parse::<T>(body)
        .map(|v| (v, range.start))
        .map_err(|e| {
            let code = if e.message.contains("unknown field") {
                "unknown-field"
            } else if e.message.contains("missing field") {
                "missing-field"
            } else {
                "invalid-yaml"
            };
            let hint = match code {
                "unknown-field" => {
                    "remove the field or fix its spelling; notes belong below the YAML block"
                }
                "missing-field" => "add the field to the YAML block",
                _ => "fix the YAML syntax",
            };
            Problem::new(
                code,
                (range.start + e.offset.unwrap_or(0), 1),
                e.message,
                hint,
            )
        })
}

/// Whether `id` is an ATOM- or MOLECULE- id with at least three digits.
pub fn is_id(id: &str) -> bool {
    kind_and_number(id).is_some()
}

/// ("ATOM" | "MOLECULE", number) of a valid id.
pub fn kind_and_number(id: &str) -> Option<(&'static str, u32)> {
    let (kind, digits) = if let Some(d) = id.strip_prefix("ATOM-") {
        ("ATOM", d)
    } else if let Some(d) = id.strip_prefix("MOLECULE-") {
        ("MOLECULE", d)
    } else {
        return None;
    };
    if digits.len() < 3 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok().map(|n| (kind, n))
}

/// Format an id: at least three digits.
pub fn format_id(kind: &str, number: u32) -> String {
    format!("{kind}-{number:03}")
}

fn check_id(id: &Spanned<String>, kind: &str, base: usize, problems: &mut Vec<Problem>) {
    if kind_and_number(&id.value).map(|(k, _)| k) != Some(kind) {
        problems.push(Problem::new(
            "invalid-id",
            (base + id.offset, id.len),
            format!("`{}` is not a valid {kind} id", id.value),
            "ids look like ATOM-007 or MOLECULE-002 (three digits or more)",
        ));
    }
}

fn check_time(stamp: &Spanned<String>, base: usize, problems: &mut Vec<Problem>) {
    if clock::parse_time(&stamp.value).is_none() {
        problems.push(Problem::new(
            "invalid-timestamp",
            (base + stamp.offset, stamp.len),
            format!("`{}` is not an RFC 3339 timestamp", stamp.value),
            "write UTC timestamps such as 2026-01-31T09:00:00Z",
        ));
    }
}

/// Normalise a user-typed id (`atom-7` → `ATOM-007`), or say why it is not one.
pub fn normalize_id(input: &str) -> Result<String, Error> {
    let upper = input.trim().to_ascii_uppercase();
    let (kind, digits) = upper
        .strip_prefix("ATOM-")
        .map(|d| ("ATOM", d))
        .or_else(|| upper.strip_prefix("MOLECULE-").map(|d| ("MOLECULE", d)))
        .ok_or_else(|| {
            Error::usage(
                format!("`{input}` is not an atom or molecule id"),
                Some("ids look like ATOM-007 or MOLECULE-002".to_owned()),
            )
        })?;
    let number: u32 = digits
        .parse()
        .ok()
        .filter(|_| !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()))
        .ok_or_else(|| {
            Error::usage(
                format!("`{input}` is not an atom or molecule id"),
                Some("ids look like ATOM-007 or MOLECULE-002".to_owned()),
            )
        })?;
    // Keep the digits as written when they are already three or more, so ATOM-0007 stays itself.
    if digits.len() >= 3 {
        Ok(format!("{kind}-{digits}"))
    } else {
        Ok(format_id(kind, number))
    }
}
