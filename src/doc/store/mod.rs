//! Finding and loading every status file of a repository (in parallel), and writing them back.

use std::path::{Path, PathBuf};

mod read;

use read::{Fresh, Outcome, read_one, read_unseen};

use super::parallel::{in_parallel, in_parallel_with};
use super::{Atom, Molecule, cache, place};
use crate::config::Zones;
use crate::config::layout::{MOLECULES_DIR, atoms_dir};
use crate::error::{Error, Result};
use crate::finding::Finding;
use crate::fsutil;

/// Every atom and molecule, with the problems found while reading them.
#[derive(Debug, Default)]
pub struct Loaded {
    /// Atoms that could be read, sorted by id.
    pub atoms: Vec<Atom>,
    /// Molecules that could be read, sorted by id.
    pub molecules: Vec<Molecule>,
    /// Problems in the files.
    pub findings: Vec<Finding>,
    /// Files that could not be read as an atom or a molecule, each with the first reason: they
    /// are left out of every list, and commands say so.
    pub skipped: Vec<Finding>,
    /// Each file read: its path, git blob id and modification time (nanoseconds since the epoch),
    /// sorted by path (taken when the times of last change are stamped from history).
    pub versions: Vec<(String, [u8; 20], i64)>,
    /// When history was read: the newest time a commit changed a status file (None when no
    /// commit did). Changes not committed yet do not count: the time is the same before and
    /// after the commit that records them.
    pub newest_committed: Option<Option<crate::clock::Stamp>>,
}

/// A status file to read: its relative path, and the team whose folder holds it (atoms).
#[derive(Debug, Clone)]
pub struct Entry {
    /// Repository-relative path.
    pub path: String,
    /// Team id for atoms (one string shared by the folder's entries); None for molecules.
    pub folder_team: Option<std::sync::Arc<str>>,
}

fn list(root: &Path, dir: &str, prefix: &str, team: Option<&str>, out: &mut Vec<Entry>) {
    let team: Option<std::sync::Arc<str>> = team.map(Into::into);
    let Ok(read) = std::fs::read_dir(root.join(dir)) else {
        return;
    };
    for entry in read.flatten() {
        let name = entry.file_name();
        let Some(name) = name.to_str() else { continue };
        fsutil::remove_if_stale(&entry, name);
        if name.starts_with(prefix) && name.ends_with(".md") {
            out.push(Entry {
                path: format!("{dir}/{name}"),
                folder_team: team.clone(),
            });
        }
    }
}

/// Every status file on disk.
pub fn entries(root: &Path, zones: &Zones) -> Vec<Entry> {
    let mut out = Vec::new();
    for team in &zones.teams {
        list(
            root,
            &atoms_dir(&team.dir),
            "ATOM-",
            Some(&team.id),
            &mut out,
        );
    }
    list(root, MOLECULES_DIR, "MOLECULE-", None, &mut out);
    out.sort_by(|a, b| a.path.cmp(&b.path));
    out
}

/// An entry of the next parse cache: the old cache's (the file is unchanged), or parsed now.
enum NextMeta<'a> {
    Kept(&'a cache::Meta),
    Parsed(Box<cache::Meta>),
}

impl std::ops::Deref for NextMeta<'_> {
    type Target = cache::Meta;
    fn deref(&self) -> &cache::Meta {
        match self {
            NextMeta::Kept(meta) => meta,
            NextMeta::Parsed(meta) => meta,
        }
    }
}

/// Read and parse every status file, spreading the work over the machine's cores.
/// With `cache_path`, unchanged files are taken from the parse cache there (and it is updated).
pub fn load(root: &Path, zones: &Zones, cache_path: Option<&Path>) -> Loaded {
    let entries = entries(root, zones);
    let warm = cache_path.is_some_and(Path::is_file);
    // Decoding the cache and asking the file system about every file are independent: overlap them.
    let (mut cached, stats) = if warm {
        std::thread::scope(|scope| {
            let decoding = scope.spawn(|| cache_path.map(cache::read).unwrap_or_default());
            let stats = in_parallel_with(
                &entries,
                || None,
                |folder, e| cache::stat_in(folder, root, &e.path),
            );
            (decoding.join().expect("cache thread"), stats)
        })
    } else {
        (cache::Cache::default(), Vec::new())
    };
    let outcomes = if warm {
        let in_cache = cache::entries_of(&cached.entries, entries.iter().map(|e| e.path.as_str()));
        let each: Vec<_> = entries.iter().zip(&stats).zip(&in_cache).collect();
        in_parallel(&each, |((e, stat), hit)| {
            read_one(root, e, stat, **hit, &cached)
        })
    } else {
        // No cache: every file is read, its stat data taken as it is opened.
        in_parallel_with(&entries, || None, |folder, e| read_unseen(folder, root, e))
    };
    // Not needed any more: let their memory go before the cache is written.
    drop(stats);
    let mut loaded = Loaded::default();
    let mut changed = cached.entries.len() != entries.len();
    // The cache's documents become the snapshot's: taken over, not copied.
    let mut docs = std::mem::take(&mut cached.docs);
    // What the cache will hold: its own entries where the file is unchanged (not copied).
    let mut next: Vec<(&str, NextMeta)> = Vec::with_capacity(entries.len());
    for (entry, outcome) in entries.iter().zip(outcomes) {
        let meta = match outcome {
            Outcome::Cached(hit) => NextMeta::Kept(hit),
            Outcome::Parsed(fresh) => {
                changed = true;
                let Fresh {
                    mut meta,
                    atom,
                    molecule,
                } = *fresh;
                meta.slot = docs.add(atom, molecule);
                NextMeta::Parsed(Box::new(meta))
            }
            Outcome::Failed(f) => {
                loaded.skipped.push((*f).clone());
                loaded.findings.push(*f);
                continue;
            }
        };
        loaded.findings.extend(meta.findings.iter().cloned());
        loaded.findings.extend(place::checks(
            &entry.path,
            entry.folder_team.as_deref(),
            &meta,
            &docs,
            zones,
        ));
        next.push((&entry.path, meta));
    }
    if let (Some(path), true) = (cache_path, changed) {
        cache::write(path, next.iter().map(|(p, m)| (*p, &**m)), &docs);
    }
    let mut kept = Vec::with_capacity(next.len());
    for (_, meta) in &next {
        // A file with an error is not half-read into the lists: it is skipped, and said so.
        if let Some(first) = meta.findings.iter().find(|f| f.is_error()) {
            loaded.skipped.push(first.clone());
            continue;
        }
        kept.push(meta.slot);
    }
    // Each entry's blob id and modification time, where it was read (`next` holds the entries
    // that were, in order).
    let mut read = next.iter().peekable();
    let times: Vec<Option<([u8; 20], i64)>> = entries
        .iter()
        .map(|entry| {
            read.next_if(|(p, _)| *p == entry.path)
                .map(|(_, meta)| (meta.hash, meta.stat.mtime))
        })
        .collect();
    drop(next);
    drop(cached);
    // The paths move from the listing: no copy of each.
    loaded.versions = entries
        .into_iter()
        .zip(times)
        .filter_map(|(entry, read)| read.map(|(hash, mtime)| (entry.path, hash, mtime)))
        .collect();
    (loaded.atoms, loaded.molecules) = docs.keep(kept);
    sort(&mut loaded);
    loaded
}

/// Atoms and molecules by id (then path, where two files carry one id). No two have one path,
/// so an unstable sort gives one order, and it needs no room beside the vector (a stable one
/// would take half the atoms' size again).
pub(super) fn sort(loaded: &mut Loaded) {
    loaded
        .atoms
        .sort_unstable_by(|a, b| a.id.cmp(&b.id).then(a.path.cmp(&b.path)));
    loaded
        .molecules
        .sort_unstable_by(|a, b| a.id.cmp(&b.id).then(a.path.cmp(&b.path)));
}

/// Where the file of `id` is on disk, searching team folders (atoms) or MOLECULES (molecules).
/// An id that more than one file carries is refused, naming the files: coord never edits one of
/// them at random.
pub fn locate(root: &Path, zones: &Zones, id: &str) -> Result<Option<String>> {
    let found: Vec<String> = if id.starts_with("MOLECULE-") {
        let path = format!("{MOLECULES_DIR}/{id}.md");
        root.join(&path)
            .is_file()
            .then_some(path)
            .into_iter()
            .collect()
    } else {
        zones
            .teams
            .iter()
            .map(|t| format!("{}/{id}.md", atoms_dir(&t.dir)))
            .filter(|p| root.join(p).is_file())
            .collect()
    };
    match found.len() {
        0 | 1 => Ok(found.into_iter().next()),
        _ => Err(ambiguous(id, &found)),
    }
}

/// The error for an id several files carry.
pub fn ambiguous(id: &str, paths: &[String]) -> Error {
    Error::usage(
        format!(
            "{id} is the id of {} files: {}",
            paths.len(),
            paths.join(", ")
        ),
        Some(format!(
            "give one of them a new id (`coord atoms renumber {id}` in the folder of the one to keep apart), then run this again"
        )),
    )
}

/// The absolute path of a repository-relative one, refusing anything that leads out of `root`.
pub fn safe_path(root: &Path, rel: &str) -> Result<PathBuf> {
    fsutil::check_relative(rel)
        .map_err(|why| Error::usage(format!("refusing path `{rel}`: {why}"), None))?;
    let path = root.join(rel);
    fsutil::ensure_inside(root, &path)?;
    Ok(path)
}

/// Whether `path` is a status file coord reads (used by the hook to lint only staged ones).
pub fn is_status_path(zones: &Zones, path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or(path);
    if path.starts_with(&format!("{MOLECULES_DIR}/")) {
        return name.starts_with("MOLECULE-") && name.ends_with(".md");
    }
    name.starts_with("ATOM-")
        && name.ends_with(".md")
        && zones
            .teams
            .iter()
            .any(|t| path.starts_with(&format!("{}/", atoms_dir(&t.dir))))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn listing_a_status_folder_removes_what_a_killed_write_left() {
        let dir = tempfile::tempdir().unwrap();
        let folder = dir.path().join("Team/ATOMIC_TASKS");
        std::fs::create_dir_all(&folder).unwrap();
        std::fs::write(folder.join("ATOM-001.md"), "x").unwrap();
        let (stale, fresh) = (folder.join(".coord-abc.tmp"), folder.join(".coord-def.tmp"));
        std::fs::write(&stale, "left behind").unwrap();
        let hour_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(3600);
        let file = std::fs::File::options().write(true).open(&stale).unwrap();
        file.set_modified(hour_ago).unwrap();
        std::fs::write(&fresh, "being written").unwrap();
        let mut out = Vec::new();
        list(
            dir.path(),
            "Team/ATOMIC_TASKS",
            "ATOM-",
            Some("team"),
            &mut out,
        );
        assert_eq!(out.len(), 1);
        assert!(!stale.exists() && fresh.exists());
    }
}
