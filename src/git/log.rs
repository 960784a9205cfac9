//! The history of the status folders: every commit reachable from HEAD that changed a file
//! directly inside them, with its author, time and the files' old and new blobs. Each commit is
//! read once: the answer is kept in the git directory keyed by commit id, and a later run reads
//! only the commits HEAD gained since (all of them again when HEAD moved anywhere else).

use std::collections::HashMap;
use std::path::Path;

use gix::ObjectId;
use serde::{Deserialize, Serialize};

use super::diff::folder::Differing;
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

/// The commits that changed status files, oldest first (see [`Repo::status_history`]).
pub type Walked = std::sync::Arc<[CommitChanges]>;

/// The last answer of [`Repo::status_history`]: for which folders, at which HEAD, and the commits.
pub(super) type LastWalk =
    std::sync::Arc<std::sync::Mutex<Option<(Vec<String>, Option<ObjectId>, Walked)>>>;

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
    ///
    /// Handles opened from one another (see [`Repo::seed`]) share the answer: when two threads
    /// ask at once, the second waits for the first's walk rather than walking too.
    pub fn status_history(&self, dirs: &[String]) -> Result<Walked> {
        let mut shared = self
            .walked
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let head = self.head_commit_id();
        if let Some((for_dirs, at, walked)) = shared.as_ref()
            && for_dirs == dirs
            && *at == head
        {
            return Ok(walked.clone());
        }
        let walked = match head {
            Some(head) => Walked::from(self.walk_status_history(head, dirs)?),
            None => Walked::from([]),
        };
        *shared = Some((dirs.to_vec(), head, walked.clone()));
        Ok(walked)
    }

    fn walk_status_history(&self, head: ObjectId, dirs: &[String]) -> Result<Vec<CommitChanges>> {
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

    /// HEAD's commit id in hex (None before the first commit).
    pub fn head_hex(&self) -> Option<String> {
        self.head_commit_id().map(|c| c.to_string())
    }

    fn head_commit_id(&self) -> Option<ObjectId> {
        self.inner.head_id().ok().map(|i| i.detach())
    }

    /// Every commit from `head`, newest first; what each changed is added to `known` for those
    /// it lacks (only those have their trees read, spread over the cores in contiguous runs so
    /// that a commit and its parent, read one after the other, share their folder trees).
    fn read_history(
        &self,
        head: ObjectId,
        dirs: &[String],
        known: &mut HashMap<Id, Option<CommitChanges>>,
    ) -> Result<Vec<Id>> {
        use gix::revision::walk::Sorting;
        use gix::traverse::commit::simple::CommitTimeOrder;
        let walk = self
            .inner
            .rev_walk([head])
            .sorting(Sorting::ByCommitTime(CommitTimeOrder::NewestFirst))
            .all()
            .git("walk history")?;
        let mut order = Vec::new();
        for info in walk {
            order.push(id(info.git("walk history")?.id));
        }
        let todo: Vec<ObjectId> = order
            .iter()
            .filter(|c| !known.contains_key(*c))
            .map(super::trees::oid)
            .collect();
        let threads = std::thread::available_parallelism().map_or(1, |n| n.get().min(8));
        let read = |repo: &Repo, part: &[ObjectId]| -> Result<Vec<(Id, Option<CommitChanges>)>> {
            let mut trees = Trees::new(repo);
            trees.keeping = false;
            // Oldest first: a folder's successive trees are stored as chains of deltas, and the
            // pack cache keeps what was asked for. In this order each read finds the tree its
            // delta applies to already decoded; newest first, each read resolved a long chain
            // again (2.5x the time on a history of 10,000 commits).
            part.iter()
                .rev()
                .map(|c| Ok((id(*c), repo.commit_changes(&mut trees, *c, dirs)?)))
                .collect()
        };
        if threads < 2 || todo.len() < 64 {
            known.extend(read(self, &todo)?);
            return Ok(order);
        }
        let chunk = todo.len().div_ceil(threads);
        let found = std::thread::scope(|scope| -> Result<Vec<_>> {
            let handles: Vec<_> = todo
                .chunks(chunk)
                .map(|part| {
                    // Walked in order, a folder's trees need few bases at a time.
                    let seed = self.seed().delta_cache(16 << 20);
                    let read = &read;
                    scope.spawn(move || read(&seed.open(), part))
                })
                .collect();
            let mut out = Vec::new();
            for h in handles {
                out.extend(h.join().expect("a history reader panicked")?);
            }
            Ok(out)
        })?;
        known.extend(found);
        Ok(order)
    }

    /// What commit `commit_id` changed in `dirs` (None: nothing).
    fn commit_changes(
        &self,
        trees: &mut Trees<'_>,
        commit_id: ObjectId,
        dirs: &[String],
    ) -> Result<Option<CommitChanges>> {
        let commit = self.inner.find_commit(commit_id).git("read a commit")?;
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
        let mine = trees.subtrees(self.commit_tree(commit_id)?, dirs)?;
        let mut theirs = Vec::with_capacity(parents.len());
        for p in &parents {
            // A parent a shallow clone lacks: the commit stands for all before it.
            let Ok(tree) = self.commit_tree(*p) else {
                continue;
            };
            let f = trees.subtrees(tree, dirs)?;
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
            let now = folder(trees, mine[k])?;
            let before: Vec<HashMap<String, Id>> = theirs
                .iter()
                .map(|t| folder(trees, t[k]))
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
            id: id(commit_id),
            author,
            email,
            seconds,
            files,
        });
        Ok(changes)
    }

    /// (name, old blob, new blob) of the `.md` files that differ between two folder trees,
    /// walking both trees' entries side by side (both are sorted) without decoding them into
    /// lists.
    pub(super) fn diff_folders(
        &self,
        old: Option<ObjectId>,
        new: Option<ObjectId>,
    ) -> Result<Differing> {
        let (a, b) = (self.raw_tree(old)?, self.raw_tree(new)?);
        Ok(super::diff::folder::differing_files(&a, &b))
    }

    /// The author time of revision `rev` (seconds since the epoch), if it names a commit.
    pub fn commit_seconds(&self, rev: &str) -> Option<i64> {
        let id = self.resolve(rev).ok()?;
        let commit = self.inner.find_commit(id).ok()?;
        commit.author().ok()?.time().ok().map(|t| t.seconds)
    }

    /// The content of the blob `id`.
    pub fn blob_of(&self, id: &Id) -> Result<Vec<u8>> {
        let mut blob = self
            .inner
            .find_blob(super::trees::oid(id))
            .git("read a blob")?;
        Ok(std::mem::take(&mut blob.data))
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
