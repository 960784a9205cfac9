//! Opening a repository: from a folder, or again on another thread.

use std::path::{Path, PathBuf};

use super::Repo;
use crate::error::{Error, Result};

/// Keep delta bases by memory, not by count, up to `bytes`: reading the trees of a long range, of
/// many branches or of a long history resolves the same bases again and again (git's own default
/// is 96 MiB). `core.deltaBaseCacheLimit`, when set, decides instead.
fn delta_cache(inner: &mut gix::Repository, bytes: usize) {
    if inner
        .config_snapshot()
        .integer("core.deltaBaseCacheLimit")
        .is_none()
    {
        inner.objects.set_pack_cache(move || {
            Box::new(gix::odb::pack::cache::lru::MemoryCappedHashmap::new(bytes))
        });
    }
}

/// A repository to be opened on another thread: see [`Repo::seed`].
pub struct Seed {
    inner: gix::Repository,
    walked: super::log::LastWalk,
    root: PathBuf,
    bare: bool,
}

impl Seed {
    /// Keep up to `bytes` of delta bases in the repository this opens (see [`delta_cache`]).
    pub(crate) fn delta_cache(mut self, bytes: usize) -> Seed {
        delta_cache(&mut self.inner, bytes);
        self
    }

    /// The repository, on the calling thread.
    pub fn open(self) -> Repo {
        let mut repo = Repo::worker(self.inner, self.root, self.bare);
        repo.walked = self.walked;
        repo
    }
}

impl Repo {
    /// Find the repository containing `start`, honouring GIT_DIR, GIT_WORK_TREE and GIT_INDEX_FILE.
    pub fn discover(start: &Path) -> Result<Repo> {
        let repo = Repo::discover_bare_too(start)?;
        if repo.bare {
            return Err(Error::Git {
                message: "the repository has no work tree".to_owned(),
                help: Some("coord needs a checkout, not a bare repository".to_owned()),
            });
        }
        Ok(repo)
    }

    /// Like `discover`, but a bare repository is opened too (its git folder stands for the root):
    /// for the commands that read only history, such as the range check on a server.
    pub fn discover_bare_too(start: &Path) -> Result<Repo> {
        let safe =
            gix::ThreadSafeRepository::discover_with_environment_overrides(start).map_err(|e| {
                Error::Git {
                    message: format!("{} is not inside a git repository ({e})", start.display()),
                    help: Some(
                        "run coord inside a git work tree, or create one with `git init`"
                            .to_owned(),
                    ),
                }
            })?;
        let mut inner = safe.to_thread_local();
        delta_cache(&mut inner, 64 << 20);
        let bare = inner.workdir().is_none();
        let root = inner.workdir().unwrap_or(inner.git_dir()).to_path_buf();
        let root = std::fs::canonicalize(&root).unwrap_or(root);
        Ok(Repo::worker(inner, root, bare))
    }

    /// What another thread needs to open this repository again (a `Repo` keeps caches that stay
    /// on the thread that made them).
    pub fn seed(&self) -> Seed {
        Seed {
            inner: self.inner.clone(),
            walked: self.walked.clone(),
            root: self.root.clone(),
            bare: self.bare,
        }
    }

    /// A handle on an opened repository; for another thread, another handle on the same one,
    /// sharing the object database (and any quarantine folders), not this handle's caches.
    fn worker(inner: gix::Repository, root: PathBuf, bare: bool) -> Repo {
        Repo {
            inner,
            root,
            bare,
            index: std::cell::OnceCell::new(),
            raw_trees: Default::default(),
            walked: Default::default(),
            _objects: None,
        }
    }
}
