//! What every other branch holds in the status folders: for each local and remote-tracking
//! branch, the files there whose content differs from HEAD's, as blob ids.
//!
//! Reading the trees of thousands of branches on every run would cost seconds, so the answer is
//! kept in a cache in this work tree's git directory, keyed by ids only git can make: a branch's
//! entry is reused while its tip commit is the same, and a folder's list while HEAD's tree for that
//! folder is the same. Anything in doubt (another coord version, other folders, an unreadable
//! file) is computed again from the objects: the cache is never trusted over git.

use std::collections::HashMap;
use std::path::Path;

use gix::ObjectId;
use serde::{Deserialize, Serialize};

use super::trees::{Trees, id, oid};
use super::{GitResult, Repo};
use crate::error::Result;

const VERSION: &str = concat!("coord-branch-cache-2-", env!("CARGO_PKG_VERSION"));

use super::trees::Id;

/// A branch and the status files that differ there from HEAD, as (path, blob id in hex).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BranchFiles {
    /// Short branch name (`feature`, `origin/agent-7`).
    pub branch: String,
    /// Files added or changed on the branch, relative to the repository root, with their blob.
    pub files: Vec<(String, String)>,
}

#[derive(Serialize, Deserialize, Default)]
struct Cache {
    version: String,
    /// The folders the entries describe, and HEAD's tree for each when they were computed.
    dirs: Vec<String>,
    /// HEAD's commit when they were computed (its folder trees are `ours`).
    head: Option<Id>,
    ours: Vec<Option<Id>>,
    branches: Vec<Entry>,
}

#[derive(Serialize, Deserialize, Clone)]
struct Entry {
    name: String,
    tip: Id,
    /// The branch's tree for each folder.
    theirs: Vec<Option<Id>>,
    /// For each folder, (name inside it, blob) of what differs from `ours`.
    files: Vec<Vec<(String, Id)>>,
}

fn hex(id: &Id) -> String {
    oid(id).to_hex().to_string()
}

fn read_cache(path: &Path) -> Cache {
    std::fs::read(path)
        .ok()
        .and_then(|bytes| postcard::from_bytes::<Cache>(&bytes).ok())
        .filter(|c| c.version == VERSION)
        .unwrap_or_default()
}

impl Repo {
    /// For every local and remote-tracking branch whose tip is not HEAD's commit: the files
    /// directly inside `dirs` whose content there differs from HEAD's.
    pub fn branch_files_differing(&self, dirs: &[String]) -> Result<Vec<BranchFiles>> {
        let head_commit = self.inner.head_id().ok().map(|id| id.detach());
        let tips: Vec<(String, ObjectId)> = self
            .branch_tips(true)?
            .into_iter()
            .filter(|(name, commit)| Some(*commit) != head_commit && !name.ends_with("/HEAD"))
            .collect();
        if tips.is_empty() {
            // Every branch is where HEAD is: nothing to read, nothing to keep.
            return Ok(Vec::new());
        }
        let path = self.git_dir().join("coord").join("branch-cache.bin");
        let old = read_cache(&path);
        let mut trees = Trees::new(self);
        let same_head = old.head.is_some() && old.head == head_commit.map(id) && old.dirs == dirs;
        let ours: Vec<Option<ObjectId>> = if same_head {
            old.ours.iter().map(|o| o.map(|t| oid(&t))).collect()
        } else {
            match self.head_tree()? {
                Some(t) => trees.subtrees(t, dirs)?,
                None => vec![None; dirs.len()],
            }
        };
        trees.keeping = false;
        // HEAD's folders are decoded once, when the first branch needs a diff, and kept.
        let mut ours_kept = false;
        let mut keep_ours = |trees: &mut Trees<'_>| -> Result<()> {
            if !ours_kept {
                trees.keeping = true;
                for tree in ours.iter().flatten() {
                    trees.entries(*tree)?;
                }
                trees.keeping = false;
                ours_kept = true;
            }
            Ok(())
        };
        let ours_ids: Vec<Option<Id>> = ours.iter().map(|o| o.map(id)).collect();
        let same_dirs = old.dirs == dirs;
        let by_name: HashMap<&str, &Entry> = if same_dirs {
            old.branches.iter().map(|e| (e.name.as_str(), e)).collect()
        } else {
            HashMap::new()
        };
        let mut entries = Vec::new();
        let mut changed = !same_dirs || old.ours != ours_ids;
        for (name, commit) in tips {
            let known = by_name.get(name.as_str()).filter(|e| e.tip == id(commit));
            let entry = match known {
                Some(e) if old.ours == ours_ids => (*e).clone(),
                Some(e) => {
                    // The branch is where it was; only folders whose HEAD tree moved are diffed.
                    let mut files = Vec::with_capacity(dirs.len());
                    for (k, theirs) in e.theirs.iter().enumerate() {
                        files.push(if old.ours.get(k) == Some(&ours_ids[k]) {
                            e.files[k].clone()
                        } else {
                            keep_ours(&mut trees)?;
                            trees.differing(ours[k], theirs.map(|t| oid(&t)))?
                        });
                    }
                    Entry {
                        files,
                        ..(*e).clone()
                    }
                }
                None => {
                    changed = true;
                    let what = format!("read the tip of branch {name} ({commit})");
                    let tree = self
                        .inner
                        .find_commit(commit)
                        .git(&what)?
                        .tree_id()
                        .git(&what)?
                        .detach();
                    keep_ours(&mut trees)?;
                    let subs = trees.subtrees(tree, dirs)?;
                    let files = ours
                        .iter()
                        .zip(&subs)
                        .map(|(ours, sub)| trees.differing(*ours, *sub))
                        .collect::<Result<_>>()?;
                    Entry {
                        name,
                        tip: id(commit),
                        theirs: subs.iter().map(|s| s.map(id)).collect(),
                        files,
                    }
                }
            };
            entries.push(entry);
        }
        changed |= entries.len() != old.branches.len() || old.head != head_commit.map(id);
        let out = entries
            .iter()
            .map(|e| BranchFiles {
                branch: e.name.clone(),
                files: dirs
                    .iter()
                    .zip(&e.files)
                    .flat_map(|(dir, files)| {
                        files
                            .iter()
                            .map(move |(n, b)| (format!("{dir}/{n}"), hex(b)))
                    })
                    .collect(),
            })
            .collect();
        if changed {
            let cache = Cache {
                version: VERSION.to_owned(),
                dirs: dirs.to_vec(),
                head: head_commit.map(id),
                ours: ours_ids,
                branches: entries,
            };
            if let Ok(bytes) = postcard::to_stdvec(&cache) {
                // Failing to keep the cache only costs time on the next run.
                let _ = crate::fsutil::write_atomic(&path, &bytes);
            }
        }
        Ok(out)
    }
}
