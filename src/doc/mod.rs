//! Status files: Markdown with one fenced YAML block (atoms and molecules), parsed and edited in place.

pub mod atom;
pub mod block;
pub mod branches;
pub mod cache;
mod check;
pub mod decision;
pub mod escalation;
pub mod extra;
pub mod fields;
pub mod ids;
pub mod layout;
pub mod merge;
pub mod molecule;
mod parallel;
pub mod parsed;
mod place;
#[cfg(test)]
pub(crate) mod properties;
pub mod record;
pub mod risk;
pub mod store;
pub mod write;

use serde::{Deserialize, Serialize};

use crate::clock::Stamp;
use crate::error::{Error, pos_of};
use crate::finding::{Code, Finding, Severity};

pub use atom::{Atom, Criterion, Priority, Status};
pub(crate) use check::{Checker, parse_checked};
pub use extra::Extra;
pub use fields::{AtomField, Field, MoleculeField};
pub use molecule::{Molecule, MoleculeStatus};

/// What atoms and molecules have in common as files.
pub trait StatusFile: Sized {
    /// "atom" or "molecule", for messages.
    const NOUN: &'static str;
    /// "ATOM" or "MOLECULE", the prefix of ids.
    const KIND: &'static str;
    /// The keys of its YAML block, in the order coord writes them.
    const KEYS: &'static [&'static str];
    /// A typed edit of one of its fields.
    type Field: Field;
    /// Parse one file; problems carry byte offsets into `text`.
    fn parse(path: &str, text: &str) -> (Option<Self>, Vec<Problem>);
    /// Every field, in written order.
    fn all_fields(&self) -> Vec<Self::Field>;
    /// Its id.
    fn id(&self) -> &str;
    /// Record when its file last changed (read from history, never written).
    fn set_last_updated(&mut self, at: Stamp);
}

impl StatusFile for Atom {
    const NOUN: &'static str = "atom";
    const KIND: &'static str = "ATOM";
    const KEYS: &'static [&'static str] = atom::KEYS;
    type Field = AtomField;
    fn parse(path: &str, text: &str) -> (Option<Atom>, Vec<Problem>) {
        atom::parse(path, text)
    }
    fn all_fields(&self) -> Vec<AtomField> {
        self.fields()
    }
    fn id(&self) -> &str {
        &self.id
    }
    fn set_last_updated(&mut self, at: Stamp) {
        self.last_updated = Some(at);
    }
}

impl StatusFile for Molecule {
    const NOUN: &'static str = "molecule";
    const KIND: &'static str = "MOLECULE";
    const KEYS: &'static [&'static str] = molecule::KEYS;
    type Field = MoleculeField;
    fn parse(path: &str, text: &str) -> (Option<Molecule>, Vec<Problem>) {
        molecule::parse(path, text)
    }
    fn all_fields(&self) -> Vec<MoleculeField> {
        self.fields()
    }
    fn id(&self) -> &str {
        &self.id
    }
    fn set_last_updated(&mut self, at: Stamp) {
        self.last_updated = Some(at);
    }
}

/// An escalation raised on an atom or a molecule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Escalation {
    /// Level (1 = team internal … 4 = management).
    pub level: u32,
    /// Why.
    pub reason: String,
    /// When it was raised.
    pub raised: Stamp,
    /// When it was resolved, if it was.
    pub resolved: Option<Stamp>,
}

impl Escalation {
    /// Whether it is still open.
    pub fn is_open(&self) -> bool {
        self.resolved.is_none()
    }
}

#[derive(Debug, PartialEq, Deserialize)]
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
            raised: Stamp::parse(&self.raised),
            resolved: self.resolved.map(|r| Stamp::parse(&r)),
        }
    }
}

/// A problem in a status file, at a byte range of the file.
#[derive(Debug, Clone)]
pub struct Problem {
    /// Stable code.
    pub code: Code,
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
        code: Code,
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
            severity: self.severity,
            ..Finding::error(self.code, self.message.clone())
        }
        .at(path, pos.line, pos.column)
        .hint(self.hint.clone())
    }

    /// As an error pointing into the file, for commands that cannot go on.
    pub fn error(&self, path: &str, text: &str) -> Error {
        Error::in_file(
            path,
            text,
            pos_of(text, self.offset, self.len),
            format!("{path}: {}", self.message),
            self.code.as_str(),
            Some(self.hint.clone()),
        )
    }
}

/// Whether `id` is an ATOM- or MOLECULE- id with at least three digits.
pub fn is_id(id: &str) -> bool {
    matches!(kind_and_number(id), Some(("ATOM" | "MOLECULE", _)))
}

/// Every kind of id, as written before the dash.
pub const KINDS: [&str; 5] = ["ATOM", "MOLECULE", "DEC", "RISK", "ESC"];

/// (kind, number) of a valid id of any kind (`ATOM-007`, `DEC-001`, `RISK-012`…).
pub fn kind_and_number(id: &str) -> Option<(&'static str, u32)> {
    let (kind, digits) = KINDS
        .iter()
        .find_map(|k| Some((*k, id.strip_prefix(k)?.strip_prefix('-')?)))?;
    if digits.len() < 3 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok().map(|n| (kind, n))
}

/// Format an id: at least three digits.
pub fn format_id(kind: &str, number: u32) -> String {
    format!("{kind}-{number:03}")
}

/// Normalise a user-typed id that must be of `kind` ("ATOM" or "MOLECULE"); a bare number means
/// an id of that kind (`7` → `ATOM-007`).
pub fn id_of_kind(input: &str, kind: &str) -> Result<String, Error> {
    let id = if !input.is_empty() && input.bytes().all(|b| b.is_ascii_digit()) {
        normalize_id(&format!("{kind}-{input}"))?
    } else {
        normalize_id(input)?
    };
    if !id.starts_with(&format!("{kind}-")) {
        let noun = |k: &str| match k {
            "ATOM" => "atoms",
            "MOLECULE" => "molecules",
            "DEC" => "decisions",
            "RISK" => "risks",
            _ => "escalations",
        };
        let other = id.split('-').next().unwrap_or("");
        return Err(Error::usage(
            format!("`{input}` is not a {} id", kind),
            Some(format!("use `coord {} …` for it", noun(other))),
        ));
    }
    Ok(id)
}

/// Normalise a user-typed id (`atom-7` → `ATOM-007`), or say why it is not one.
pub fn normalize_id(input: &str) -> Result<String, Error> {
    let upper = input.trim().to_ascii_uppercase();
    let (kind, digits) = KINDS
        .iter()
        .find_map(|k| Some((*k, upper.strip_prefix(k)?.strip_prefix('-')?)))
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
