//! Writing one status file safely: under a lock, from what is on disk now, refusing malformed
//! files, writing atomically and touching only the lines of the fields that change.

use std::path::Path;

use super::fields::Field;
use super::{Problem, StatusFile, block};
use crate::error::{Error, Result};
use crate::fsutil::{self, Lock};
use crate::yaml::edit;

/// A status file parser: (path, text) to the item and its problems.
pub type Parser<T> = fn(&str, &str) -> (Option<T>, Vec<Problem>);

/// Apply `change` to the file `rel` (under `root`), locking with a file in `lock_dir`.
/// `change` sees the item as it is on disk now and returns the fields to set. No time is written:
/// when a file last changed is what git's history says. Returns the item as parsed after the write.
pub fn update<T: StatusFile>(
    root: &Path,
    lock_dir: &Path,
    rel: &str,
    change: impl FnOnce(&T) -> Result<Vec<T::Field>>,
) -> Result<T> {
    let path = super::store::safe_path(root, rel)?;
    let lock_name = rel.replace(['/', '\\'], "%");
    let _lock = Lock::acquire(&lock_dir.join("locks").join(format!("{lock_name}.lock")))?;
    let text = fsutil::read_text(&path)?;
    let item = check_parses(rel, &text, T::parse)?;
    let fields = change(&item)?;
    let mut new_text = text.clone();
    for field in &fields {
        let range = block::find_yaml_block(&new_text)
            .ok_or_else(|| Error::usage(format!("{rel} lost its YAML block"), None))?;
        new_text = set(&new_text, range, field, T::KEYS);
    }
    // Never write a file coord could not read back.
    let after = check_parses(rel, &new_text, T::parse)?;
    if new_text != text {
        fsutil::write_status_file(&path, new_text.as_bytes())?;
    }
    Ok(after)
}

/// Change the status file of `id` (an atom or a molecule, found under `root` by `zones`).
pub fn edit<T: StatusFile>(
    root: &Path,
    zones: &crate::config::Zones,
    lock_dir: &Path,
    id: &str,
    change: impl FnOnce(&T) -> Result<Vec<T::Field>>,
) -> Result<T> {
    let rel = super::store::locate(root, zones, id)?.ok_or_else(|| not_found::<T>(id))?;
    update(root, lock_dir, &rel, change)
}

/// The error for an id no file of kind `T` has.
pub fn not_found<T: StatusFile>(id: &str) -> Error {
    Error::usage(
        format!("no {} {id}", T::NOUN),
        Some(format!("list them with `coord {}s list`", T::NOUN)),
    )
}

/// Create the file of a new atom or molecule with the next free id: `template` filled with
/// `values`, the id, and the YAML block of `item(id)`. The text must parse before it is written,
/// so a broken template override never leaves a file coord cannot read.
#[allow(clippy::too_many_arguments)]
pub fn create<T: StatusFile>(
    repo: &crate::git::Repo,
    root: &Path,
    zones: &crate::config::Zones,
    remote: Option<&str>,
    path_of: impl Fn(&str) -> String,
    template: &str,
    values: &[(&str, &str)],
    item: impl Fn(&str) -> T,
) -> Result<T> {
    let (_, rel) = super::ids::create_next(repo, root, zones, T::KIND, remote, &path_of, |id| {
        let body = render_fields(&item(id).all_fields());
        let mut all: Vec<(&str, &str)> = vec![("id", id), ("fields", &body)];
        all.extend_from_slice(values);
        let text = crate::templates::fill(template, &all);
        check_parses(&path_of(id), &text, T::parse)?;
        Ok(text)
    })?;
    let text = fsutil::read_text(&root.join(&rel))?;
    check_parses(&rel, &text, T::parse)
}

/// Set `field` in the YAML block at `range` of `text`; an optional field with nothing to say is
/// not added to a block that lacks it.
pub fn set(
    text: &str,
    range: std::ops::Range<usize>,
    field: &impl Field,
    order: &[&str],
) -> String {
    if field.left_out() && !edit::has_key(text, range.clone(), field.key()) {
        return text.to_owned();
    }
    edit::set(text, range, field.key(), &field.value(), order)
}

/// Render a new YAML block body from fields, in their order, a paragraph each.
pub fn render_fields(fields: &[impl Field]) -> String {
    let mut text = String::from("```yaml\n```\n");
    for field in fields {
        let Some(range) = block::find_yaml_block(&text) else {
            break;
        };
        text = set(&text, range, field, &[]);
    }
    block::find_yaml_block(&text).map_or_else(String::new, |range| edit::spaced(&text[range], &[]))
}

/// Parse `text` as `rel`, turning its first error into a diagnostic.
pub fn check_parses<T>(rel: &str, text: &str, parse: Parser<T>) -> Result<T> {
    let (item, problems) = parse(rel, text);
    if let Some(problem) = problems
        .iter()
        .find(|p| p.severity == crate::finding::Severity::Error)
    {
        return Err(problem.error(rel, text));
    }
    item.ok_or_else(|| {
        Error::usage(
            format!("{rel} could not be read"),
            Some("check the templates in .coord/templates".to_owned()),
        )
    })
}
