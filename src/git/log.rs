//! The history of the status folders: every commit reachable from HEAD that changed a file
//! directly inside them, with its author, time and the files' old and new blobs. Each commit is
//! read once: the answer is kept in the git directory keyed by commit id, and a later run reads
//! only the commits HEAD gained since (all of them again when HEAD moved anywhere else).

use std::collections::HashMap;
use std::path::Path;

use gix::ObjectId;
use serde::{Deserialize, Serialize};

use super::trees::{Id, Trees, id};
use super::{GitResult, Repo};
use crate::error::Result;

const VERSION: &str = concat!("coord-history-1-", env!("CARGO_PKG_VERSION"));

/// One file a commit changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileChange {
    /// Repository-relative path.
    pub path: String,
    /// Its blob before (None: the commit added it).
    pub old: Option<Id>,
    /// Its blob after (None: the commit removed it).
    pub new: Option<Id>,
}

/// A commit that changed status files.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CommitChanges {
    /// The commit.
    pub id: Id,
    /// Author name.
    pub author: String,
    /// Author email.
    pub email: String,
    /// Author time, seconds since the epoch.
    pub seconds: i64,
    /// What it changed, by path.
    pub files: Vec<FileChange>,
}

/// (file name, old blob, new blob) of the files that differ between two folders.
type Differing = Vec<(String, Option<Id>, Option<Id>)>;

#[derive(Serialize, Deserialize, Default)]
struct Cache {
    version: String,
    dirs: Vec<String>,
    /// Every commit read so far, with what it changed (nothing, for most).
    commits: Vec<(Id, Option<CommitChanges>)>,
}

fn read_cache(path: &Path) -> Cache {
    std::fs::read(path)
        .ok()
        .and_then(|b| postcard::from_bytes::<Cache>(&b).ok())
        .filter(|c| c.version == VERSION)
        .unwrap_or_default()
}

impl Repo {
    /// Every commit reachable from HEAD that changed a file directly inside `dirs`, oldest
    /// first (the reverse of git's newest-first walk, so the order depends on history alone,
    /// never on what a cache held). A merge commit counts only for what it changed itself (a
    /// file that differs from every parent's); what its branches changed comes with their own
    /// commits. What each commit changed is kept by commit id, so a commit's trees are read once.
    pub fn status_history(&self, dirs: &[String]) -> Result<Vec<CommitChanges>> {
        let Some(head) = self.head_commit_id() else {
            return Ok(Vec::new());
        };
        let path = self.git_dir().join("coord").join("history.bin");
        let mut cache = read_cache(&path);
        if cache.dirs != dirs {
            cache = Cache::default();
        }
        let mut known: HashMap<Id, Option<CommitChanges>> = cache.commits.into_iter().collect();
        let before = known.len();
        let order = self.read_history(head, dirs, &mut known)?;
        let out: Vec<CommitChanges> = order
            .iter()
            .rev()
            .filter_map(|c| known.get(c).cloned().flatten())
            .collect();
        if known.len() != before || order.len() != before {
            let commits = order
                .iter()
                .filter_map(|c| known.remove(c).map(|v| (*c, v)))
                .collect();
            let cache = Cache {
                version: VERSION.to_owned(),
                dirs: dirs.to_vec(),
                commits,
            };
            if let Ok(bytes) = postcard::to_stdvec(&cache) {
                // Failing to keep the cache only costs time on the next run.
                let _ = std::fs::create_dir_all(self.coord_dir());
                let _ = crate::fsutil::write_atomic(&path, &bytes);
            }
        }
        Ok(out)
    }

    fn head_commit_id(&self) -> Option<ObjectId> {
        self.inner.head_id().ok().map(|i| i.detach())
    }

    /// Every commit from `head`, newest first; what each changed is added to `known` for those
    /// it lacks (only those have their trees read).
    fn read_history(
        &self,
        head: ObjectId,
        dirs: &[String],
        known: &mut HashMap<Id, Option<CommitChanges>>,
    ) -> Result<Vec<Id>> {
        use gix::revision::walk::Sorting;
        use gix::traverse::commit::simple::CommitTimeOrder;
        let mut trees = Trees::new(self);
        trees.keeping = false;
        let walk = self
            .inner
            .rev_walk([head])
            .sorting(Sorting::ByCommitTime(CommitTimeOrder::NewestFirst))
            .all()
            .git("walk history")?;
        // Each commit's folder trees, computed for a child and used again for the parent.
        let mut folders: HashMap<ObjectId, Vec<Option<ObjectId>>> = HashMap::new();
        let mut order = Vec::new();
        for info in walk {
            let info = info.git("walk history")?;
            order.push(id(info.id));
            if known.contains_key(&id(info.id)) {
                continue;
            }
            let commit = self.inner.find_commit(info.id).git("read a commit")?;
            let (author, email, seconds) = commit.author().map_or_else(
                |_| (String::new(), String::new(), 0),
                |a| {
                    (
                        a.name.to_string(),
                        a.email.to_string(),
                        a.time().map_or(0, |t| t.seconds),
                    )
                },
            );
            let parents: Vec<ObjectId> = commit.parent_ids().map(|p| p.detach()).collect();
            let mine = match folders.remove(&info.id) {
                Some(f) => f,
                None => trees.subtrees(self.commit_tree_of(info.id)?, dirs)?,
            };
            let mut theirs = Vec::with_capacity(parents.len());
            for p in &parents {
                let f = match folders.get(p) {
                    Some(f) => f.clone(),
                    // A parent a shallow clone lacks: the commit stands for all before it.
                    None => match self.commit_tree_of(*p) {
                        Ok(tree) => {
                            let f = trees.subtrees(tree, dirs)?;
                            folders.insert(*p, f.clone());
                            f
                        }
                        Err(_) => continue,
                    },
                };
                theirs.push(f);
            }
            let mut files = Vec::new();
            for (k, dir) in dirs.iter().enumerate() {
                if theirs.iter().any(|t| t[k] == mine[k]) && !theirs.is_empty() {
                    continue;
                }
                if theirs.len() <= 1 {
                    // The common case, a commit with one parent (or none): one pass over both
                    // folders' raw entries.
                    let before = theirs.first().and_then(|t| t[k]);
                    for (name, old, new) in self.diff_folders(before, mine[k])? {
                        files.push(FileChange {
                            path: format!("{dir}/{name}"),
                            old,
                            new,
                        });
                    }
                    continue;
                }
                let now = folder(&mut trees, mine[k])?;
                let before: Vec<HashMap<String, Id>> = theirs
                    .iter()
                    .map(|t| folder(&mut trees, t[k]))
                    .collect::<Result<_>>()?;
                let first = before.first().cloned().unwrap_or_default();
                let mut names: Vec<&String> = now.keys().chain(first.keys()).collect();
                names.sort();
                names.dedup();
                for name in names {
                    let new = now.get(name).copied();
                    // A merge's own change: unlike every parent's.
                    let own = before.iter().all(|b| b.get(name).copied() != new);
                    if own && first.get(name).copied() != new {
                        files.push(FileChange {
                            path: format!("{dir}/{name}"),
                            old: first.get(name).copied(),
                            new,
                        });
                    }
                }
            }
            let changes = (!files.is_empty()).then(|| CommitChanges {
                id: id(info.id),
                author,
                email,
                seconds,
                files,
            });
            known.insert(id(info.id), changes);
        }
        Ok(order)
    }

    fn commit_tree_of(&self, commit: ObjectId) -> Result<ObjectId> {
        Ok(self
            .inner
            .find_commit(commit)
            .git("read a commit")?
            .tree_id()
            .git("read a commit's tree")?
            .detach())
    }

    /// (name, old blob, new blob) of the `.md` files that differ between two folder trees,
    /// walking both trees' entries side by side (both are sorted) without decoding them into
    /// lists.
    fn diff_folders(&self, old: Option<ObjectId>, new: Option<ObjectId>) -> Result<Differing> {
        use gix::objs::TreeRefIter;
        let data = |t: Option<ObjectId>| -> Result<Vec<u8>> {
            match t {
                Some(t) => Ok(self.inner.find_tree(t).git("read a tree")?.data.clone()),
                None => Ok(Vec::new()),
            }
        };
        let (a, b) = (data(old)?, data(new)?);
        let files = |bytes: &[u8]| {
            TreeRefIter::from_bytes(bytes, gix::hash::Kind::Sha1)
                .filter_map(std::result::Result::ok)
                .filter(|e| !e.mode.is_tree() && e.filename.ends_with(b".md"))
                .map(|e| (e.filename.to_vec(), id(e.oid.to_owned())))
                .collect::<Vec<_>>()
        };
        let (a, b) = (files(&a), files(&b));
        let mut out = Vec::new();
        let (mut i, mut j) = (0, 0);
        let name = |n: &[u8]| String::from_utf8_lossy(n).into_owned();
        while i < a.len() || j < b.len() {
            match (a.get(i), b.get(j)) {
                (Some(x), Some(y)) if x.0 == y.0 => {
                    if x.1 != y.1 {
                        out.push((name(&x.0), Some(x.1), Some(y.1)));
                    }
                    i += 1;
                    j += 1;
                }
                (Some(x), Some(y)) if x.0 < y.0 => {
                    out.push((name(&x.0), Some(x.1), None));
                    i += 1;
                }
                (Some(_), Some(y)) | (None, Some(y)) => {
                    out.push((name(&y.0), None, Some(y.1)));
                    j += 1;
                }
                (Some(x), None) => {
                    out.push((name(&x.0), Some(x.1), None));
                    i += 1;
                }
                (None, None) => break,
            }
        }
        Ok(out)
    }

    /// The author time of revision `rev` (seconds since the epoch), if it names a commit.
    pub fn commit_seconds(&self, rev: &str) -> Option<i64> {
        let id = self.resolve(rev).ok()?;
        let commit = self.inner.find_commit(id).ok()?;
        commit.author().ok()?.time().ok().map(|t| t.seconds)
    }

    /// The content of the blob `id`.
    pub fn blob_of(&self, id: &Id) -> Result<Vec<u8>> {
        Ok(self
            .inner
            .find_blob(super::trees::oid(id))
            .git("read a blob")?
            .data
            .clone())
    }
}

/// name to blob of the files directly in `tree`.
fn folder(trees: &mut Trees<'_>, tree: Option<ObjectId>) -> Result<HashMap<String, Id>> {
    let Some(tree) = tree else {
        return Ok(HashMap::new());
    };
    Ok(trees
        .entries(tree)?
        .iter()
        .filter(|e| !e.is_tree && e.name.ends_with(".md"))
        .map(|e| (e.name.clone(), id(e.id)))
        .collect())
}
