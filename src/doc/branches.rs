//! Atoms read from git rather than the work tree: those other branches hold where they differ
//! from HEAD (every local and remote-tracking branch this repository can see), and every atom
//! and molecule of one revision. A file's content is parsed once per blob: the atoms are kept
//! in a cache in the git directory, keyed by blob id, so a run that sees the same branches again
//! reads no object at all.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use super::store::Loaded;
use super::{Atom, atom, molecule};
use crate::config::Zones;
use crate::config::layout::status_dirs;
use crate::error::Result;
use crate::git::Repo;

const VERSION: &str = concat!("coord-blob-atoms-1-", env!("CARGO_PKG_VERSION"));

#[derive(Serialize, Deserialize, Default)]
struct Cache {
    version: String,
    /// (blob id in hex, the atom it holds if it is a readable atom), sorted by id.
    atoms: Vec<(String, Option<Atom>)>,
}

/// A branch and its atoms that differ from HEAD's.
#[derive(Debug, Clone)]
pub struct BranchAtoms {
    /// Short branch name.
    pub branch: String,
    /// Atoms added or changed there.
    pub atoms: Vec<Atom>,
}

/// The atoms of every other branch, where they differ from HEAD's.
pub fn load(repo: &Repo, zones: &Zones) -> Result<Vec<BranchAtoms>> {
    let branches = repo.branch_files_differing(&status_dirs(zones))?;
    let path = repo.git_dir().join("coord").join("blob-atoms.bin");
    let old: Cache = std::fs::read(&path)
        .ok()
        .and_then(|bytes| postcard::from_bytes::<Cache>(&bytes).ok())
        .filter(|c| c.version == VERSION)
        .unwrap_or_default();
    let mut known: HashMap<String, Option<Atom>> = old.atoms.into_iter().collect();
    let before = known.len();
    let mut used: Vec<String> = Vec::new();
    let mut out = Vec::with_capacity(branches.len());
    for branch in branches {
        let mut atoms = Vec::new();
        for (file, blob) in &branch.files {
            if !known.contains_key(blob) {
                let bytes = repo.blob(blob)?;
                let parsed = atom::parse(file, &String::from_utf8_lossy(&bytes)).0;
                known.insert(blob.clone(), parsed);
            }
            used.push(blob.clone());
            if let Some(Some(a)) = known.get(blob) {
                atoms.push(a.clone());
            }
        }
        out.push(BranchAtoms {
            branch: branch.branch,
            atoms,
        });
    }
    used.sort();
    used.dedup();
    if known.len() != before || used.len() != before {
        let atoms: Vec<(String, Option<Atom>)> = used
            .into_iter()
            .filter_map(|b| known.remove(&b).map(|a| (b, a)))
            .collect();
        let cache = Cache {
            version: VERSION.to_owned(),
            atoms,
        };
        if let Ok(bytes) = postcard::to_stdvec(&cache) {
            // Failing to keep the cache only costs time on the next run.
            let _ = crate::fsutil::write_atomic(&path, &bytes);
        }
    }
    Ok(out)
}

/// The atoms and molecules of revision `rev` (read from git, not the work tree), each with
/// the time a commit last changed its file. Files that cannot be read are left out.
pub fn load_at(repo: &Repo, zones: &Zones, rev: &str) -> Result<Loaded> {
    let dirs = status_dirs(zones);
    let mut loaded = Loaded::default();
    let mut newest = None;
    for (path, bytes, seconds) in repo.status_files_at(rev, &dirs)? {
        let text = String::from_utf8_lossy(&bytes);
        let at = chrono::DateTime::from_timestamp(seconds, 0).map(crate::clock::Stamp::new);
        newest = newest.max(Some(seconds));
        if path.starts_with(&format!("{}/", crate::config::layout::MOLECULES_DIR)) {
            if let (Some(mut m), _) = molecule::parse(&path, &text) {
                m.last_updated = at;
                loaded.molecules.push(m);
            }
        } else if let (Some(mut a), _) = atom::parse(&path, &text) {
            a.last_updated = at;
            loaded.atoms.push(a);
        }
    }
    loaded.newest_committed = Some(
        newest.and_then(|s| chrono::DateTime::from_timestamp(s, 0).map(crate::clock::Stamp::new)),
    );
    super::store::sort(&mut loaded);
    Ok(loaded)
}
