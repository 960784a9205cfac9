//! All git access, through gix. Nothing outside this folder sees a gix type.

mod branches;
mod config;
mod diff;
mod history;
mod log;
mod merge;
mod open;
mod raw_trees;
mod remote;
mod times;
mod trees;
mod write;

use std::path::{Path, PathBuf};

use gix::ObjectId;
use gix::bstr::ByteSlice;

pub use branches::BranchFiles;
pub use diff::{Change, ChangeKind, changed_lines};
pub use history::{CommitInfo, Sides, Signed};
pub use log::{CommitChanges, FileChange, Walked};
pub use merge::{Overlap, merge_text};
pub use open::Seed;
pub use remote::{Expect, Swap};
pub use times::{Changed, Changes};
pub use trees::Id;

use crate::error::{Error, Result};

/// The id git gives a blob of `bytes` (what `git hash-object` prints).
pub fn blob_id(bytes: &[u8]) -> [u8; 20] {
    gix::objs::compute_hash(gix::hash::Kind::Sha1, gix::objs::Kind::Blob, bytes)
        .map_or([0; 20], trees::id)
}

/// Map any gix error into coord's.
pub(crate) trait GitResult<T> {
    fn git(self, what: &str) -> Result<T>;
}

impl<T, E: std::fmt::Display> GitResult<T> for std::result::Result<T, E> {
    fn git(self, what: &str) -> Result<T> {
        self.map_err(|e| Error::git(format!("{what}: {e}")))
    }
}

/// An opened repository: a work tree, or (for history-only commands) a bare repository.
pub struct Repo {
    inner: gix::Repository,
    root: PathBuf,
    bare: bool,
    index: std::cell::OnceCell<Option<gix::index::File>>,
    /// Trees read for diffs, as git stores them.
    raw_trees: std::cell::RefCell<raw_trees::RawTrees>,
    /// The last history walk, shared with the handles opened from this one.
    walked: log::LastWalk,
    /// A folder whose `info/alternates` joins extra object folders (a push's quarantine).
    _objects: Option<tempfile::TempDir>,
}

impl Repo {
    /// Also read objects from `dirs`: during a push, git keeps the pushed objects in a quarantine
    /// folder it names in GIT_OBJECT_DIRECTORY and GIT_ALTERNATE_OBJECT_DIRECTORIES.
    pub fn with_object_dirs(mut self, dirs: &[PathBuf]) -> Result<Repo> {
        if dirs.is_empty() {
            return Ok(self);
        }
        let joined =
            tempfile::tempdir().map_err(|e| Error::io("create", "a temporary folder", e))?;
        let info = joined.path().join("info");
        std::fs::create_dir_all(&info).map_err(|e| Error::io("create", &info, e))?;
        let mut list: Vec<String> = dirs.iter().map(|d| d.display().to_string()).collect();
        list.push(self.common_dir().join("objects").display().to_string());
        std::fs::write(info.join("alternates"), list.join("\n") + "\n")
            .map_err(|e| Error::io("write", info.join("alternates"), e))?;
        let handle = gix::odb::at(joined.path(), self.inner.object_hash())
            .map_err(|e| Error::io("read", joined.path(), e))?;
        self.inner.objects = gix::odb::memory::Proxy::from(handle);
        self._objects = Some(joined);
        Ok(self)
    }

    /// Whether the repository has no work tree.
    pub fn is_bare(&self) -> bool {
        self.bare
    }

    /// Whether this is a shallow clone (its history is cut off).
    pub fn is_shallow(&self) -> bool {
        self.inner.is_shallow().unwrap_or(false)
    }

    /// The work tree's top folder.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// This work tree's private git folder.
    pub fn git_dir(&self) -> &Path {
        self.inner.git_dir()
    }

    /// The git folder shared by all linked worktrees.
    pub fn common_dir(&self) -> &Path {
        self.inner.common_dir()
    }

    /// A folder in the common git dir where coord keeps locks and its id ledger.
    pub fn coord_dir(&self) -> PathBuf {
        self.common_dir().join("coord")
    }

    /// The index git would commit (read once, then shared), or None when there is none yet.
    fn open_index(&self) -> Result<Option<&gix::index::File>> {
        if let Some(index) = self.index.get() {
            return Ok(index.as_ref());
        }
        let path = self.inner.index_path();
        let index = if path.exists() {
            // The checksum is not verified: git verifies it when it writes, and reading 100,000
            // entries twice over would cost as much as the whole check.
            Some(
                gix::index::File::at(&path, self.inner.object_hash(), true, Default::default())
                    .git("read the index")?,
            )
        } else {
            None
        };
        Ok(self.index.get_or_init(|| index).as_ref())
    }

    /// The bytes of `path` as staged in the index, if it is there.
    pub fn staged_file(&self, path: &str) -> Result<Option<Vec<u8>>> {
        let Some(index) = self.open_index()? else {
            return Ok(None);
        };
        match index.entry_by_path(path.into()) {
            Some(entry) => Ok(Some(
                self.inner
                    .find_blob(entry.id)
                    .git("read a staged file")?
                    .data
                    .clone(),
            )),
            None => Ok(None),
        }
    }

    /// Every path in the index under any of `folders`, found by binary search: the rest of a large
    /// index is neither converted nor copied.
    pub fn index_paths_under(&self, folders: &[String]) -> Result<Vec<String>> {
        let Some(index) = self.open_index()? else {
            return Ok(Vec::new());
        };
        let entries = index.entries();
        let mut out = Vec::new();
        for folder in folders {
            let prefix = format!("{}/", folder.trim_end_matches('/'));
            let start = entries.partition_point(|e| e.path(index).as_bytes() < prefix.as_bytes());
            out.extend(
                entries[start..]
                    .iter()
                    .map(|e| e.path(index))
                    .take_while(|p| p.as_bytes().starts_with(prefix.as_bytes()))
                    .map(|p| p.to_str_lossy().into_owned()),
            );
        }
        out.dedup();
        Ok(out)
    }

    /// Every path in the index (any stage once), in the index's order: sorted by bytes.
    pub fn index_paths(&self) -> Result<Vec<String>> {
        let Some(index) = self.open_index()? else {
            return Ok(Vec::new());
        };
        let mut out: Vec<String> = index
            .entries()
            .iter()
            .map(|e| e.path(index).to_str_lossy().into_owned())
            .collect();
        out.dedup();
        Ok(out)
    }

    /// File names directly inside each of `dirs` at HEAD and on every local and remote-tracking
    /// branch where they differ from HEAD's (so every name any branch tip holds, and possibly
    /// some a branch removed).
    pub fn names_at_branch_tips(&self, dirs: &[String]) -> Result<Vec<String>> {
        let mut names = Vec::new();
        if let Some(head) = self.head_tree()? {
            for dir in dirs {
                if let Some(sub) = self.subtree(head, dir)? {
                    names.extend(self.tree_entries(sub)?.into_iter().map(|e| e.name));
                }
            }
        }
        for branch in self.branch_files_differing(dirs)? {
            for (path, _) in branch.files {
                names.push(path.rsplit('/').next().unwrap_or(&path).to_owned());
            }
        }
        names.sort();
        names.dedup();
        Ok(names)
    }

    /// (short branch name, commit) of local branches, and of remote-tracking ones when `remotes`.
    pub(crate) fn branch_tips(&self, remotes: bool) -> Result<Vec<(String, ObjectId)>> {
        let refs = self.inner.references().git("list references")?;
        let mut out = Vec::new();
        let mut push = |iter: gix::reference::iter::Iter<'_, '_>| {
            for reference in iter.flatten() {
                let name = reference.name().shorten().to_str_lossy().into_owned();
                // A branch names a commit directly: only a symbolic one needs peeling, which
                // would otherwise look every tip up in the object database.
                if let Some(id) = reference.target().try_id() {
                    out.push((name, id.to_owned()));
                } else if let Ok(id) = reference.clone().peel_to_id() {
                    out.push((name, id.detach()));
                }
            }
        };
        push(refs.local_branches().git("list branches")?);
        if remotes {
            push(refs.remote_branches().git("list remote branches")?);
        }
        Ok(out)
    }

    /// The tree at `path` (a `/`-separated folder) inside `tree`.
    pub(crate) fn subtree(&self, tree: ObjectId, path: &str) -> Result<Option<ObjectId>> {
        let mut current = tree;
        for part in path.split('/').filter(|p| !p.is_empty()) {
            match self
                .tree_entries(current)?
                .into_iter()
                .find(|e| e.name == part && e.is_tree)
            {
                Some(entry) => current = entry.id,
                None => return Ok(None),
            }
        }
        Ok(Some(current))
    }

    pub(crate) fn tree_entries(&self, tree: ObjectId) -> Result<Vec<TreeEntry>> {
        let tree = self.inner.find_tree(tree).git("read a tree")?;
        let decoded = tree.decode().git("decode a tree")?;
        Ok(decoded
            .entries
            .iter()
            .map(|e| TreeEntry {
                name: e.filename.to_str_lossy().into_owned(),
                id: e.oid.to_owned(),
                is_tree: e.mode.is_tree(),
                mode: e.mode.value() as u32,
            })
            .collect())
    }

    /// A blob's bytes.
    pub fn blob(&self, id: &str) -> Result<Vec<u8>> {
        let id = ObjectId::from_hex(id.as_bytes()).git("parse an object id")?;
        let mut blob = self.inner.find_blob(id).git("read a blob")?;
        Ok(std::mem::take(&mut blob.data))
    }
}

impl Repo {
    /// Work tree folders of the other linked worktrees.
    pub fn other_worktrees(&self) -> Vec<PathBuf> {
        let mut out = Vec::new();
        if let Ok(list) = self.inner.worktrees() {
            for proxy in list {
                if let Ok(base) = proxy.base() {
                    let base = std::fs::canonicalize(&base).unwrap_or(base);
                    if base != self.root && base.exists() {
                        out.push(base);
                    }
                }
            }
        }
        // From a linked worktree, the main work tree is another one too.
        if self.inner.common_dir() != self.inner.git_dir()
            && let Some(main) = self.inner.common_dir().parent()
        {
            let main = std::fs::canonicalize(main).unwrap_or(main.to_path_buf());
            if main != self.root && main.join(".git").exists() {
                out.push(main);
            }
        }
        out.sort();
        out.dedup();
        out
    }
}

/// One entry of a tree.
#[derive(Debug, Clone)]
pub(crate) struct TreeEntry {
    pub name: String,
    pub id: ObjectId,
    pub is_tree: bool,
    pub mode: u32,
}
