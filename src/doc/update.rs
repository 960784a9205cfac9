//! Changing one status file safely: under a lock, from what is on disk now, refusing malformed
//! files, writing atomically and touching only the lines of the keys that change.

use std::path::Path;

use super::edit::{self, Value};
use super::{Problem, StatusFile, block};
use crate::clock;
use crate::error::{Error, Result};
use crate::finding::Severity;
use crate::fsutil::{self, Lock};

/// A status file parser: (path, text) to the item and its problems.
pub type Parser<T> = fn(&str, &str) -> (Option<T>, Vec<Problem>);

/// Apply `change` to the file `rel` (under `root`), locking with a file in `lock_dir`.
/// `change` sees the parsed item and returns the keys to set; `last_updated` is set as well.
/// Returns the item as parsed after the write.
pub fn update<T>(
    root: &Path,
    lock_dir: &Path,
    rel: &str,
    parse: Parser<T>,
    order: &[&str],
    change: impl FnOnce(&T) -> Result<Vec<(&'static str, Value)>>,
) -> Result<T> {
    let path = super::store::safe_path(root, rel)?;
    let lock_name = rel.replace(['/', '\\'], "%");
    let _lock = Lock::acquire(&lock_dir.join("locks").join(format!("{lock_name}.lock")))?;
    let text = fsutil::read_text(&path)?;
    let (item, problems) = parse(rel, &text);
    if let Some(problem) = problems.iter().find(|p| p.severity == Severity::Error) {
        return Err(problem.error(rel, &text));
    }
    let item = item.ok_or_else(|| Error::usage(format!("{rel} could not be read"), None))?;
    let mut edits = change(&item)?;
    edits.push((
        "last_updated",
        Value::Str(clock::format_time(clock::now()?)),
    ));
    let mut new_text = text.clone();
    for (key, value) in &edits {
        let range = block::find_yaml_block(&new_text)
            .ok_or_else(|| Error::usage(format!("{rel} lost its YAML block"), None))?;
        new_text = edit::set(&new_text, range, key, value, order);
    }
    let (after, problems) = parse(rel, &new_text);
    if let Some(problem) = problems.iter().find(|p| p.severity == Severity::Error) {
        // Never write a file coord could not read back.
        return Err(problem.error(rel, &new_text));
    }
    if new_text != text {
        fsutil::write_atomic(&path, new_text.as_bytes())?;
    }
    after.ok_or_else(|| Error::usage(format!("{rel} could not be read back"), None))
}

/// Change the status file of `id` (an atom or a molecule, found under `root` by `zones`).
pub fn edit<T: StatusFile>(
    root: &Path,
    zones: &crate::config::Zones,
    lock_dir: &Path,
    id: &str,
    change: impl FnOnce(&T) -> Result<Vec<(&'static str, Value)>>,
) -> Result<T> {
    let rel = super::store::locate(root, zones, id).ok_or_else(|| {
        Error::usage(
            format!("no {} {id}", T::NOUN),
            Some(format!("list them with `coord {}s list`", T::NOUN)),
        )
    })?;
    update(root, lock_dir, &rel, T::parse, T::KEYS, change)
}

/// Create the file of a new atom or molecule with the next free id: `template` filled with
/// `values`, the id, and the YAML block `fields(id)`. The text must parse before it is written,
/// so a broken template override never leaves a file coord cannot read.
pub fn create<T: StatusFile>(
    repo: &crate::git::Repo,
    root: &Path,
    zones: &crate::config::Zones,
    path_of: impl Fn(&str) -> String,
    template: &str,
    values: &[(&str, &str)],
    fields: impl Fn(&str) -> Vec<(&'static str, Value)>,
) -> Result<T> {
    let (_, rel) = super::ids::create_next(repo, root, zones, T::KIND, &path_of, |id| {
        let body = render_fields(&fields(id));
        let mut all: Vec<(&str, &str)> = vec![("id", id), ("fields", &body)];
        all.extend_from_slice(values);
        let text = crate::templates::fill(template, &all);
        check_parses(&path_of(id), &text, T::parse)?;
        Ok(text)
    })?;
    let text = fsutil::read_text(&root.join(&rel))?;
    check_parses(&rel, &text, T::parse)
}

/// Render a new YAML block body from (key, value) pairs.
pub fn render_fields(fields: &[(&str, Value)]) -> String {
    let mut text = String::from("```yaml\n```\n");
    for (key, value) in fields {
        let range = block::find_yaml_block(&text).expect("block");
        text = edit::set(&text, range, key, value, &[]);
    }
    let range = block::find_yaml_block(&text).expect("block");
    text[range].to_owned()
}

/// Parse `text` as `rel`, turning its first error into a diagnostic.
pub fn check_parses<T>(rel: &str, text: &str, parse: Parser<T>) -> Result<T> {
    let (item, problems) = parse(rel, text);
    if let Some(problem) = problems.iter().find(|p| p.severity == Severity::Error) {
        return Err(problem.error(rel, text));
    }
    item.ok_or_else(|| {
        Error::usage(
            format!("{rel} could not be read"),
            Some("check the templates in .coord/templates".to_owned()),
        )
    })
}
