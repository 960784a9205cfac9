//! Allocating ids that never collide: not with files on disk, in the index, on the tip of any
//! local or remote-tracking branch, or with an id another coord process handed out a moment ago.

use std::path::Path;

use super::kind_and_number;
use crate::config::Zones;
use crate::error::{Error, Result};
use crate::fsutil::{self, Lock};
use crate::git::{Expect, Repo, Swap};

use crate::config::layout::{DECISIONS_DIR, ESCALATIONS_DIR, MOLECULES_DIR, RISKS_DIR, atoms_dir};

const LEDGER: &str = "last-ids";

/// The folders where ids of `kind` live.
fn folders(zones: &Zones, kind: &str) -> Vec<String> {
    match kind {
        "MOLECULE" => vec![MOLECULES_DIR.to_owned()],
        "DEC" => vec![DECISIONS_DIR.to_owned()],
        "RISK" => vec![RISKS_DIR.to_owned()],
        "ESC" => vec![ESCALATIONS_DIR.to_owned()],
        _ => zones.teams.iter().map(|t| atoms_dir(&t.dir)).collect(),
    }
}

fn number_of(name: &str, kind: &str) -> Option<u32> {
    let stem = name.rsplit('/').next()?.strip_suffix(".md")?;
    kind_and_number(stem)
        .filter(|(k, _)| *k == kind)
        .map(|(_, n)| n)
}

fn read_ledger(repo: &Repo, kind: &str) -> u32 {
    let text = std::fs::read_to_string(repo.coord_dir().join(LEDGER)).unwrap_or_default();
    text.lines()
        .filter_map(|l| l.split_once(' '))
        .filter(|(k, _)| *k == kind)
        .filter_map(|(_, n)| n.trim().parse().ok())
        .max()
        .unwrap_or(0)
}

fn write_ledger(repo: &Repo, kind: &str, value: u32) -> Result<()> {
    let path = repo.coord_dir().join(LEDGER);
    let text = std::fs::read_to_string(&path).unwrap_or_default();
    let mut lines: Vec<String> = text
        .lines()
        .filter(|l| !l.starts_with(&format!("{kind} ")))
        .map(str::to_owned)
        .collect();
    lines.push(format!("{kind} {value}"));
    lines.sort();
    fsutil::write_atomic(&path, (lines.join("\n") + "\n").as_bytes())
}

/// The highest number of `kind` in use anywhere coord can see.
pub fn highest_in_use(repo: &Repo, root: &Path, zones: &Zones, kind: &str) -> Result<u32> {
    let folders = folders(zones, kind);
    let mut max = read_ledger(repo, kind);
    for folder in &folders {
        if let Ok(read) = std::fs::read_dir(root.join(folder)) {
            for entry in read.flatten() {
                if let Some(n) = entry.file_name().to_str().and_then(|n| number_of(n, kind)) {
                    max = max.max(n);
                }
            }
        }
    }
    for path in repo.index_paths_under(&folders)? {
        if let Some(n) = number_of(&path, kind) {
            max = max.max(n);
        }
    }
    for name in repo.names_at_branch_tips(&folders)? {
        if let Some(n) = number_of(&name, kind) {
            max = max.max(n);
        }
    }
    Ok(max)
}

const RESERVED: &str = "refs/coord/ids/";

/// The highest number of `kind` reserved on the remote (as last fetched).
fn highest_reserved(repo: &Repo, kind: &str) -> Result<u32> {
    Ok(repo
        .refs_under(RESERVED)?
        .iter()
        .filter_map(|(name, _)| kind_and_number(name.trim_start_matches(RESERVED)))
        .filter(|(k, _)| *k == kind)
        .map(|(_, n)| n)
        .max()
        .unwrap_or(0))
}

/// Reserve `id` on `remote`: a ref created by a push that fails if any clone created it first.
fn reserve(repo: &Repo, remote: &str, id: &str, seconds: i64) -> Result<bool> {
    let record = repo.write_record(&format!("coord id {id}\n"), seconds)?;
    let name = format!("{RESERVED}{id}");
    Ok(repo.swap_remote(remote, &name, Expect::Absent, Some(&record))? == Swap::Done)
}

/// Allocate the next id of `kind` and create its file with `render(id)` at `path_of(id)`.
/// With a `remote`, the id is first reserved there, so clones allocating at once never get the
/// same one. Returns the id and the repository-relative path.
pub fn create_next(
    repo: &Repo,
    root: &Path,
    zones: &Zones,
    kind: &str,
    remote: Option<&str>,
    path_of: impl Fn(&str) -> String,
    render: impl Fn(&str) -> Result<String>,
) -> Result<(String, String)> {
    let _lock = Lock::acquire(&repo.coord_dir().join("ids.lock"))?;
    if let Some(remote) = remote {
        repo.fetch_coord_refs(remote, "ids")?;
    }
    let seconds = chrono::Utc::now().timestamp();
    let mut number =
        highest_in_use(repo, root, zones, kind)?.max(highest_reserved(repo, kind)?) + 1;
    loop {
        let id = super::format_id(kind, number);
        let rel = path_of(&id);
        let path = super::store::safe_path(root, &rel)?;
        let text = render(&id)?;
        let free = !path.exists()
            && remote.is_none_or(|r| reserve(repo, r, &id, seconds).unwrap_or(false));
        if free && fsutil::create_atomic(&path, text.as_bytes())? {
            write_ledger(repo, kind, number)?;
            if remote.is_none() && repo.coord_remote().is_some() {
                crate::output::note(format!(
                    "coord: {id} was not reserved on the remote (--offline): a clone allocating at the same time may take it too; `coord lint` reports duplicates"
                ));
            }
            return Ok((id, rel));
        }
        number = number
            .checked_add(1)
            .ok_or_else(|| Error::usage("no ids left", None))?;
    }
}
