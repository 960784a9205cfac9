//! When each status file last changed, from history: the author time of the newest commit that
//! changed the file (its content there differs from every parent's), so that no file has to carry
//! a time that every edit rewrites.
//!
//! The answer for HEAD is kept in a cache in this work tree's git directory. When HEAD moves
//! forward, only the new commits are read; when it moves anywhere else (a rebase, another
//! branch), history is walked again, newest first, until every file is placed.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use gix::ObjectId;
use serde::{Deserialize, Serialize};

use super::trees::{Id, Trees, id};
use super::{GitResult, Repo};
use crate::error::Result;

const VERSION: &str = concat!("coord-file-times-2-", env!("CARGO_PKG_VERSION"));

/// A file at HEAD: its blob, and when a commit last changed it (seconds since the epoch).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Changed {
    /// The file's blob at HEAD.
    pub blob: Id,
    /// Author time of the newest commit that changed it.
    pub seconds: i64,
}

/// The cache: a header, then one record per file, sorted by path, so that one file's record is
/// found by scanning the bytes without building anything.
#[derive(Default)]
struct Cache {
    version: String,
    dirs: Vec<String>,
    head: Option<Id>,
    files: Vec<(String, Id, i64)>,
}

/// Every file's last change, sorted by path.
#[derive(Debug, Default)]
pub struct Changes(Vec<(String, Id, i64)>);

impl Changes {
    /// The last change of `path`, if HEAD has that file.
    pub fn get(&self, path: &str) -> Option<Changed> {
        self.0
            .binary_search_by(|(p, _, _)| p.as_str().cmp(path))
            .ok()
            .map(|i| Changed {
                blob: self.0[i].1,
                seconds: self.0[i].2,
            })
    }

    /// The last change of each of `paths` (sorted, as the changes are), found in one pass over
    /// both rather than by a search for each.
    pub fn of_sorted<'p>(
        &self,
        paths: impl Iterator<Item = &'p str>,
    ) -> impl Iterator<Item = Option<Changed>> {
        crate::sorted::matches(&self.0, |(p, _, _)| p, paths)
            .map(|found| found.map(|&(_, blob, seconds)| Changed { blob, seconds }))
    }

    /// When a commit last changed any of the files.
    pub fn newest(&self) -> Option<i64> {
        self.0.iter().map(|(_, _, s)| *s).max()
    }
}

#[derive(Serialize, Deserialize)]
struct Header<'a> {
    version: &'a str,
    #[serde(borrow)]
    dirs: Vec<&'a str>,
    head: Option<Id>,
}

impl Cache {
    fn encode(&self) -> Option<Vec<u8>> {
        let header = Header {
            version: &self.version,
            dirs: self.dirs.iter().map(String::as_str).collect(),
            head: self.head,
        };
        let mut bytes = postcard::to_stdvec(&header).ok()?;
        for file in &self.files {
            bytes = postcard::to_extend(file, bytes).ok()?;
        }
        Some(bytes)
    }
}

/// The header of `bytes` if it is this version's, and the records after it.
fn header(bytes: &[u8]) -> Option<(Header<'_>, &[u8])> {
    postcard::take_from_bytes::<Header>(bytes)
        .ok()
        .filter(|(h, _)| h.version == VERSION)
}

fn read_cache(path: &Path) -> Cache {
    let Ok(bytes) = std::fs::read(path) else {
        return Cache::default();
    };
    let Some((h, mut rest)) = header(&bytes) else {
        return Cache::default();
    };
    let mut files = Vec::new();
    while !rest.is_empty() {
        match postcard::take_from_bytes::<(String, Id, i64)>(rest) {
            Ok((file, more)) => {
                files.push(file);
                rest = more;
            }
            Err(_) => return Cache::default(),
        }
    }
    Cache {
        version: h.version.to_owned(),
        dirs: h.dirs.iter().map(|d| (*d).to_owned()).collect(),
        head: h.head,
        files,
    }
}

impl Repo {
    /// The blob and last change of one file at HEAD (`path` directly inside one of `dirs`):
    /// read from the cache without decoding the rest of it when the cache is HEAD's.
    pub fn last_change_of(&self, dirs: &[String], path: &str) -> Result<Option<Changed>> {
        let head = self.inner.head_id().ok().map(|h| id(h.detach()));
        let file = self.git_dir().join("coord").join("file-times.bin");
        if let Ok(bytes) = std::fs::read(&file)
            && let Some((h, mut rest)) = header(&bytes)
            && h.head.is_some()
            && h.head == head
            && h.dirs.len() == dirs.len()
            && h.dirs.iter().zip(dirs).all(|(a, b)| *a == b)
        {
            while let Ok(((p, blob, seconds), more)) =
                postcard::take_from_bytes::<(&str, Id, i64)>(rest)
            {
                match p.cmp(path) {
                    std::cmp::Ordering::Less => rest = more,
                    std::cmp::Ordering::Equal => return Ok(Some(Changed { blob, seconds })),
                    std::cmp::Ordering::Greater => return Ok(None),
                }
            }
            return Ok(None);
        }
        Ok(self.last_changes(dirs)?.get(path))
    }

    /// For every file directly inside `dirs` at HEAD: its blob and when it last changed.
    pub fn last_changes(&self, dirs: &[String]) -> Result<Changes> {
        let Some(head) = self.inner.head_id().ok().map(|h| h.detach()) else {
            return Ok(Changes::default());
        };
        let path = self.git_dir().join("coord").join("file-times.bin");
        let old = read_cache(&path);
        let same_dirs = old.dirs == dirs;
        if same_dirs && old.head == Some(id(head)) {
            return Ok(Changes(old.files));
        }
        let mut trees = Trees::new(self);
        trees.keeping = false;
        let now = self.files_at(&mut trees, head, dirs)?;
        let mut found: HashMap<String, i64> = HashMap::new();
        let mut pending: HashSet<&str> = now.keys().map(String::as_str).collect();
        let from = old.head.map(ObjectId::from).filter(|h| {
            same_dirs
                && self
                    .inner
                    .merge_base(*h, head)
                    .is_ok_and(|base| base.is_some_and(|b| b.detach() == *h))
        });
        // Moving forward: what the new commits changed, and the rest as it was.
        if let Some(from) = from {
            self.walk(&mut trees, head, Some(from), dirs, &mut pending, &mut found)?;
            for (p, blob, seconds) in &old.files {
                if pending.contains(p.as_str()) && now.get(p) == Some(blob) {
                    found.insert(p.clone(), *seconds);
                    pending.remove(p.as_str());
                }
            }
        }
        if !pending.is_empty() {
            // Everything else from the history of the folders, which `coord log`, standups and
            // KPIs read too: one walk serves them all, and it is kept by commit id.
            for commit in self.status_history(dirs)?.iter().rev() {
                if pending.is_empty() {
                    break;
                }
                for f in commit.files.iter().filter(|f| f.new.is_some()) {
                    if pending.remove(f.path.as_str()) {
                        found.insert(f.path.clone(), commit.seconds);
                    }
                }
            }
        }
        let mut files: Vec<(String, Id, i64)> = now
            .iter()
            .filter_map(|(p, blob)| found.get(p).map(|s| (p.clone(), *blob, *s)))
            .collect();
        files.sort();
        let cache = Cache {
            version: VERSION.to_owned(),
            dirs: dirs.to_vec(),
            head: Some(id(head)),
            files,
        };
        if let Some(bytes) = cache.encode() {
            // Failing to keep the cache only costs time on the next run.
            let _ = crate::fsutil::write_atomic(&path, &bytes);
        }
        Ok(Changes(cache.files))
    }

    /// The files directly inside `dirs` at revision `rev`: (path, bytes, when a commit last
    /// changed it), read without the cache (for comparing two points of history).
    pub fn status_files_at(
        &self,
        rev: &str,
        dirs: &[String],
    ) -> Result<Vec<(String, Vec<u8>, i64)>> {
        let commit = self.resolve(rev)?;
        let mut trees = Trees::new(self);
        trees.keeping = false;
        let now = self.files_at(&mut trees, commit, dirs)?;
        let mut pending: HashSet<&str> = now.keys().map(String::as_str).collect();
        let mut found = HashMap::new();
        self.walk(&mut trees, commit, None, dirs, &mut pending, &mut found)?;
        let mut out = Vec::with_capacity(now.len());
        for (path, blob) in &now {
            let bytes = self
                .inner
                .find_blob(super::trees::oid(blob))
                .git("read a blob")?
                .data
                .clone();
            out.push((path.clone(), bytes, found.get(path).copied().unwrap_or(0)));
        }
        out.sort_by(|a, b| a.0.cmp(&b.0));
        Ok(out)
    }

    /// path to blob of the files directly inside `dirs` at `commit`.
    fn files_at(
        &self,
        trees: &mut Trees<'_>,
        commit: ObjectId,
        dirs: &[String],
    ) -> Result<HashMap<String, Id>> {
        let root = self.commit_tree(commit)?;
        let mut out = HashMap::new();
        for (dir, sub) in dirs.iter().zip(trees.subtrees(root, dirs)?) {
            if let Some(sub) = sub {
                for e in trees.entries(sub)?.iter().filter(|e| !e.is_tree) {
                    out.insert(format!("{dir}/{}", e.name), id(e.id));
                }
            }
        }
        Ok(out)
    }

    /// The root tree of `commit`.
    pub(super) fn commit_tree(&self, commit: ObjectId) -> Result<ObjectId> {
        Ok(self
            .inner
            .find_commit(commit)
            .git("read a commit")?
            .tree_id()
            .git("read a commit's tree")?
            .detach())
    }

    /// Walk from `head` (newest first, leaving out what `hidden` reaches), placing each pending
    /// path at the first commit that changed it.
    fn walk(
        &self,
        trees: &mut Trees<'_>,
        head: ObjectId,
        hidden: Option<ObjectId>,
        dirs: &[String],
        pending: &mut HashSet<&str>,
        found: &mut HashMap<String, i64>,
    ) -> Result<()> {
        use gix::revision::walk::Sorting;
        use gix::traverse::commit::simple::CommitTimeOrder;
        let walk = self
            .inner
            .rev_walk([head])
            .with_hidden(hidden)
            .sorting(Sorting::ByCommitTime(CommitTimeOrder::NewestFirst))
            .all()
            .git("walk history")?;
        // Each commit's folder trees, computed for a child and used again for the parent.
        let mut folders: HashMap<ObjectId, Vec<Option<ObjectId>>> = HashMap::new();
        for info in walk {
            if pending.is_empty() {
                break;
            }
            let info = info.git("walk history")?;
            let commit = self.inner.find_commit(info.id).git("read a commit")?;
            let seconds = commit
                .author()
                .ok()
                .and_then(|a| a.time().ok())
                .map_or(0, |t| t.seconds);
            let parents: Vec<ObjectId> = commit.parent_ids().map(|p| p.detach()).collect();
            let mine = match folders.remove(&info.id) {
                Some(f) => f,
                None => trees.subtrees(self.commit_tree(info.id)?, dirs)?,
            };
            let mut theirs = Vec::with_capacity(parents.len());
            for p in &parents {
                let f = match folders.get(p) {
                    Some(f) => f.clone(),
                    // A parent a shallow clone lacks: the commit stands for all before it.
                    None => match self.commit_tree(*p) {
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
            for (k, dir) in dirs.iter().enumerate() {
                let Some(sub) = mine[k] else { continue };
                // A folder the same as a parent's changed nothing in this commit.
                if theirs.iter().any(|t| t[k] == Some(sub)) {
                    continue;
                }
                if theirs.len() <= 1 {
                    // One parent (or none): one pass over both folders' raw entries.
                    let before = theirs.first().and_then(|t| t[k]);
                    for (name, _, new) in self.diff_folders(before, Some(sub))? {
                        let path = format!("{dir}/{name}");
                        if new.is_some() && pending.remove(path.as_str()) {
                            found.insert(path, seconds);
                        }
                    }
                    continue;
                }
                let parent_entries = theirs
                    .iter()
                    .map(|t| t[k].map(|s| trees.entries(s)).transpose())
                    .collect::<Result<Vec<_>>>()?;
                for e in trees.entries(sub)?.iter().filter(|e| !e.is_tree) {
                    let path = format!("{dir}/{}", e.name);
                    if !pending.contains(path.as_str()) {
                        continue;
                    }
                    let same_as_a_parent = parent_entries.iter().any(|entries| {
                        entries.as_ref().is_some_and(|entries| {
                            entries
                                .binary_search_by(|x| x.name.cmp(&e.name))
                                .is_ok_and(|i| entries[i].id == e.id)
                        })
                    });
                    if !same_as_a_parent {
                        pending.remove(path.as_str());
                        found.insert(path, seconds);
                    }
                }
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorted_paths_are_paired_with_their_changes_in_one_pass() {
        let id = |b: u8| -> Id { [b; 20] };
        let changes = Changes(vec![
            ("a.md".to_owned(), id(1), 10),
            ("c.md".to_owned(), id(3), 30),
            ("e.md".to_owned(), id(5), 50),
        ]);
        let found: Vec<Option<Changed>> = changes
            .of_sorted(["0.md", "a.md", "b.md", "e.md", "f.md"].into_iter())
            .collect();
        let seconds: Vec<Option<i64>> = found.iter().map(|c| c.map(|c| c.seconds)).collect();
        assert_eq!(seconds, [None, Some(10), None, Some(50), None]);
        assert_eq!(found[1].map(|c| c.blob), Some(id(1)));
        assert_eq!(changes.get("c.md").map(|c| c.seconds), Some(30));
    }
}
