//! Status files: Markdown with one fenced YAML block (atoms and molecules), parsed and edited in place.

pub mod atom;
pub mod block;
pub mod cache;
pub mod fields;
pub mod ids;
pub mod molecule;
#[cfg(test)]
mod properties;
pub mod store;
pub mod write;

use serde::{Deserialize, Serialize};

use crate::clock::{self, Stamp};
use crate::error::{Error, pos_of};
use crate::finding::{Code, Finding, Severity};
use crate::yaml::{self, Spanned};

pub use atom::{Atom, Criterion, Priority, Status};
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
    /// The edit that records a change at `now`.
    fn stamped(now: Stamp) -> Self::Field;
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
    fn stamped(now: Stamp) -> AtomField {
        AtomField::LastUpdated(now)
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
    fn stamped(now: Stamp) -> MoleculeField {
        MoleculeField::LastUpdated(now)
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

/// Collects the problems of one status file, turning positions in its YAML block into file offsets.
pub(crate) struct Checker {
    base: usize,
    pub(crate) problems: Vec<Problem>,
    /// The file's first H1 heading and its offset.
    heading: Option<(String, usize)>,
}

impl Checker {
    /// The file span of a value of the block.
    pub(crate) fn at<T>(&self, s: &Spanned<T>) -> (usize, usize) {
        (self.base + s.offset, s.len)
    }

    /// Report a problem at `s`.
    pub(crate) fn report<T>(&mut self, code: Code, s: &Spanned<T>, message: String, hint: &str) {
        let at = self.at(s);
        self.problems.push(Problem::new(code, at, message, hint));
    }

    /// A value from a closed vocabulary: parsed, or `fallback` and a problem saying what is allowed.
    pub(crate) fn vocab<T>(
        &mut self,
        s: &Spanned<String>,
        parse: impl Fn(&str) -> Option<T>,
        code: Code,
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
                Code::InvalidId,
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
                Code::InvalidTimestamp,
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
                    Code::InvalidDependency,
                    item,
                    format!("`{}` is not an ATOM- or MOLECULE- id", item.value),
                    "name ids such as ATOM-007 or MOLECULE-002",
                );
            }
        }
    }
}

/// Parse the YAML block of `text` into `T`, with a checker for its values. Keys not in `known`
/// are warnings (the file still loads); so is a second YAML block. One Markdown pass and one
/// YAML parse per file: this runs for every status file of a cold start.
pub(crate) fn parse_checked<T: serde::de::DeserializeOwned>(
    text: &str,
    known: &[&str],
) -> Result<(T, Checker), Problem> {
    let layout = block::scan(text);
    let (raw, base) = parse_block::<T>(text, layout.yaml.clone())?;
    let block = layout.yaml.clone().unwrap_or(base..base);
    let mut check = Checker {
        base,
        problems: Vec::new(),
        heading: layout.h1,
    };
    for (key, at) in yaml::top_level_keys(&text[block.clone()]) {
        if !known.contains(&key) {
            check.problems.push(
                Problem::new(
                    Code::UnknownField,
                    (base + at, key.len().max(1)),
                    format!("unknown field `{key}`"),
                    "coord keeps it as written; fix its spelling if it was meant to be one of coord's fields",
                )
                .warning(),
            );
        }
    }
    if let Some(second) = layout.second_yaml {
        check.problems.push(
            Problem::new(
                Code::SecondYamlBlock,
                (second, 1),
                "a second ```yaml block: coord reads and edits only the first".to_owned(),
                "merge the blocks, or make the second one a ```text block",
            )
            .warning(),
        );
    }
    if let Some((at, len)) = yaml::first_tag(&text[block.clone()]) {
        check.problems.push(Problem::new(
            Code::YamlTag,
            (block.start + at, len),
            "YAML tags are not read in status files".to_owned(),
            "write the value as a plain string",
        ));
    }
    Ok((raw, check))
}

impl Checker {
    /// A warning when the H1 heading names another id than `id` (the template writes
    /// `# ID: Title`).
    pub(crate) fn heading_names(&mut self, id: &str) {
        let Some((title, at)) = &self.heading else {
            return;
        };
        let named = title
            .split(|c: char| !(c.is_ascii_alphanumeric() || c == '-'))
            .find(|w| is_id(w));
        if let Some(named) = named.filter(|n| *n != id) {
            self.problems.push(
                Problem::new(
                    Code::HeadingMismatch,
                    (*at, 1),
                    format!("the heading names {named}, the file is {id}"),
                    "make the H1 heading start with the file's id",
                )
                .warning(),
            );
        }
    }
}

/// Parse the YAML block at `range` of `text` into `T`; returns the value and the block's byte
/// offset.
pub(crate) fn parse_block<T: serde::de::DeserializeOwned>(
    text: &str,
    range: Option<std::ops::Range<usize>>,
) -> Result<(T, usize), Problem> {
    let Some(range) = range else {
        return Err(Problem::new(
            Code::MissingYamlBlock,
            (0, 1),
            "no ```yaml block".to_owned(),
            "a status file holds its fields in one fenced ```yaml block",
        ));
    };
    let body = &text[range.clone()];
    yaml::parse::<T>(body)
        .map(|v| (v, range.start))
        .map_err(|e| {
            let code = if e.message.contains("missing field") {
                Code::MissingField
            } else {
                Code::InvalidYaml
            };
            let hint = match code {
                Code::MissingField => "add the field to the YAML block",
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
