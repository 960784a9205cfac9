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

/// What atoms and molecules have in common as files.
pub trait StatusFile: Sized {
    /// "atom" or "molecule", for messages.
    const NOUN: &'static str;
    /// "ATOM" or "MOLECULE", the prefix of ids.
    const KIND: &'static str;
    /// The keys of its YAML block, in the order coord writes them.
    const KEYS: &'static [&'static str];
    /// Parse one file; problems carry byte offsets into `text`.
    fn parse(path: &str, text: &str) -> (Option<Self>, Vec<Problem>);
}

impl StatusFile for Atom {
    const NOUN: &'static str = "atom";
    const KIND: &'static str = "ATOM";
    const KEYS: &'static [&'static str] = atom::KEYS;
    fn parse(path: &str, text: &str) -> (Option<Atom>, Vec<Problem>) {
        atom::parse(path, text)
    }
}

impl StatusFile for Molecule {
    const NOUN: &'static str = "molecule";
    const KIND: &'static str = "MOLECULE";
    const KEYS: &'static [&'static str] = molecule::KEYS;
    fn parse(path: &str, text: &str) -> (Option<Molecule>, Vec<Problem>) {
        molecule::parse(path, text)
    }
}

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

/// Collects the problems of one status file, turning positions in its YAML block into file offsets.
pub(crate) struct Checker {
    base: usize,
    pub(crate) problems: Vec<Problem>,
}

impl Checker {
    /// The file span of a value of the block.
    pub(crate) fn at<T>(&self, s: &Spanned<T>) -> (usize, usize) {
        (self.base + s.offset, s.len)
    }

    /// Report a problem at `s`.
    pub(crate) fn report<T>(
        &mut self,
        code: &'static str,
        s: &Spanned<T>,
        message: String,
        hint: &str,
    ) {
        let at = self.at(s);
        self.problems.push(Problem::new(code, at, message, hint));
    }

    /// A value from a closed vocabulary: parsed, or `fallback` and a problem saying what is allowed.
    pub(crate) fn vocab<T>(
        &mut self,
        s: &Spanned<String>,
        parse: impl Fn(&str) -> Option<T>,
        code: &'static str,
        what: &str,
        allowed: &str,
        fallback: T,
    ) -> T {
        parse(&s.value).unwrap_or_else(|| {
            self.report(
                code,
                s,
                format!("unknown {what} `{}`", s.value),
                &format!("use {allowed}"),
            );
            fallback
        })
    }

    /// Check the id's form.
    pub(crate) fn id(&mut self, id: &Spanned<String>, kind: &str) {
        if kind_and_number(&id.value).map(|(k, _)| k) != Some(kind) {
            self.report(
                "invalid-id",
                id,
                format!("`{}` is not a valid {kind} id", id.value),
                "ids look like ATOM-007 or MOLECULE-002 (three digits or more)",
            );
        }
    }

    /// Check a timestamp.
    pub(crate) fn time(&mut self, stamp: &Spanned<String>) {
        if clock::parse_time(&stamp.value).is_none() {
            self.report(
                "invalid-timestamp",
                stamp,
                format!("`{}` is not an RFC 3339 timestamp", stamp.value),
                "write UTC timestamps such as 2026-01-31T09:00:00Z",
            );
        }
    }

    /// Check that each item names an atom or a molecule.
    pub(crate) fn ids(&mut self, list: &[Spanned<String>]) {
        for item in list {
            if !is_id(&item.value) {
                self.report(
                    "invalid-dependency",
                    item,
                    format!("`{}` is not an ATOM- or MOLECULE- id", item.value),
                    "name ids such as ATOM-007 or MOLECULE-002",
                );
            }
        }
    }
}

/// Parse the YAML block of `text` into `T`, with a checker for its values.
pub(crate) fn parse_checked<T: serde::de::DeserializeOwned>(
    text: &str,
) -> Result<(T, Checker), Problem> {
    parse_block(text).map(|(raw, base)| {
        (
            raw,
            Checker {
                base,
                problems: Vec::new(),
            },
        )
    })
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

/// Normalise a user-typed id that must be of `kind` ("ATOM" or "MOLECULE"); a bare number means
/// an id of that kind (`7` → `ATOM-007`).
pub fn id_of_kind(input: &str, kind: &str) -> Result<String, Error> {
    let id = if !input.is_empty() && input.bytes().all(|b| b.is_ascii_digit()) {
        normalize_id(&format!("{kind}-{input}"))?
    } else {
        normalize_id(input)?
    };
    if !id.starts_with(&format!("{kind}-")) {
        let (what, command) = if kind == "ATOM" {
            ("a molecule", "coord molecules …")
        } else {
            ("an atom", "coord atoms …")
        };
        return Err(Error::usage(
            format!("`{input}` is {what} id"),
            Some(format!("use `{command}` for it")),
        ));
    }
    Ok(id)
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
