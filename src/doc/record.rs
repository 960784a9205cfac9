//! What the planning records (decisions, risks, escalations) share with atoms and molecules as
//! files, and the little that differs: a field is one key and its YAML value, and a folder of
//! records is read whole (they are few next to atoms, so no parse cache).

use std::path::Path;

use super::{Field, StatusFile};
use crate::finding::{Code, Finding};
use crate::yaml::edit::Value;

/// One field of a record: its key, its value, and whether a file without it stays without it
/// while it has nothing to say.
#[derive(Debug, Clone, PartialEq)]
pub struct Set {
    /// The YAML key.
    pub key: &'static str,
    /// Its value.
    pub value: Value,
    /// Left out of a file that lacks it while null or empty.
    pub optional: bool,
}

impl Set {
    /// A field always written.
    pub fn new(key: &'static str, value: Value) -> Set {
        Set {
            key,
            value,
            optional: false,
        }
    }

    /// A field written once it has a value.
    pub fn optional(key: &'static str, value: Value) -> Set {
        Set {
            key,
            value,
            optional: true,
        }
    }

    /// A string, or null.
    pub fn text(key: &'static str, value: Option<&str>) -> Set {
        Set::new(key, Value::opt(value))
    }

    /// A list of strings.
    pub fn list(key: &'static str, items: &[String]) -> Set {
        Set::new(key, Value::List(items.to_vec()))
    }
}

impl Field for Set {
    fn key(&self) -> &'static str {
        self.key
    }

    fn value(&self) -> Value {
        self.value.clone()
    }

    fn left_out(&self) -> bool {
        self.optional
            && match &self.value {
                Value::Null => true,
                Value::List(l) => l.is_empty(),
                _ => false,
            }
    }
}

/// Every record of kind `T` in `dir` (repository-relative), sorted by id, with the problems of
/// their files (a file with an error is left out and said so).
pub fn load_all<T: StatusFile>(root: &Path, dir: &str) -> (Vec<T>, Vec<Finding>) {
    let mut items = Vec::new();
    let mut findings = Vec::new();
    let Ok(read) = std::fs::read_dir(root.join(dir)) else {
        return (items, findings);
    };
    let prefix = format!("{}-", T::KIND);
    let mut names: Vec<String> = read
        .flatten()
        .filter_map(|e| e.file_name().to_str().map(str::to_owned))
        .filter(|n| n.starts_with(&prefix) && n.ends_with(".md"))
        .collect();
    names.sort();
    for name in names {
        let rel = format!("{dir}/{name}");
        let text = match crate::fsutil::read_text(&root.join(&rel)) {
            Ok(t) => t,
            Err(e) => {
                findings.push(
                    Finding::error(Code::UnreadableFile, format!("cannot read: {e}"))
                        .at(&rel, 0, 0),
                );
                continue;
            }
        };
        let (item, problems) = T::parse(&rel, &text);
        let failed = problems
            .iter()
            .any(|p| p.severity == crate::finding::Severity::Error);
        findings.extend(problems.iter().map(|p| p.finding(&rel, &text)));
        if let (Some(item), false) = (item, failed) {
            items.push(item);
        }
    }
    items.sort_by(|a: &T, b: &T| a.id().cmp(b.id()));
    (items, findings)
}

/// Apply `decide` to the record `id` of kind `T` in `dir` (under `root`, locking in `lock_dir`),
/// deciding on its file as it is under its lock; `noun` names the kind's command for the hint.
pub fn step<T: StatusFile<Field = Set>>(
    root: &Path,
    lock_dir: &Path,
    dir: &str,
    id: &str,
    decide: impl FnOnce(&T) -> std::result::Result<Vec<Set>, crate::error::Refusal>,
) -> crate::error::Result<T> {
    let rel = format!("{dir}/{id}.md");
    if !root.join(&rel).is_file() {
        return Err(super::write::not_found::<T>(id));
    }
    super::write::update(root, lock_dir, &rel, |r: &T| {
        decide(r).map_err(crate::error::Error::from)
    })
}

/// Create the next record of kind `T` in `dir`: its id reserved (on `remote` when given), its
/// file written from the template `template` with `title` and the YAML block of `item(id)`.
#[allow(clippy::too_many_arguments)]
pub fn create<T: StatusFile>(
    repo: &crate::git::Repo,
    root: &Path,
    zones: &crate::config::Zones,
    remote: Option<&str>,
    dir: &str,
    template: &str,
    title: &str,
    item: impl Fn(&str) -> T,
) -> crate::error::Result<T> {
    let template = crate::templates::get(root, template);
    super::write::create::<T>(
        repo,
        root,
        zones,
        remote,
        |id| format!("{dir}/{id}.md"),
        &template,
        &[("title", title)],
        item,
    )
}
