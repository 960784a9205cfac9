//! Checking one status file: its YAML block parsed once, every value checked with its position,
//! unknown keys, a second block, YAML tags and a mismatched heading reported.

use super::{Problem, block, is_id, kind_and_number};
use crate::clock;
use crate::finding::Code;
use crate::yaml::{self, Spanned};

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

impl Checker {
    /// Check that each item names a record of any kind (atom, molecule, decision, risk,
    /// escalation).
    pub(crate) fn record_ids(&mut self, list: &[Spanned<String>]) {
        for item in list {
            if kind_and_number(&item.value).is_none() {
                self.report(
                    Code::InvalidDependency,
                    item,
                    format!("`{}` is not an id", item.value),
                    "name ids such as ATOM-007, MOLECULE-002, DEC-001, RISK-003 or ESC-004",
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
            .find(|w| kind_and_number(w).is_some());
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
                _ => e.hint.unwrap_or("fix the YAML syntax"),
            };
            Problem::new(
                code,
                (range.start + e.offset.unwrap_or(0), 1),
                e.message,
                hint,
            )
        })
}
