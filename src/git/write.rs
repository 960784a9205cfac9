//! Writing history: a new repository and commits of its work tree (`coord demo`), and a commit
//! of a few files on top of HEAD (`coord dashboard --commit`).

use std::path::Path;

use gix::ObjectId;
use gix::bstr::BString;
use gix::objs::tree::EntryKind;

use super::{GitResult, Repo};
use crate::error::{Error, Result};

impl Repo {
    /// Create a repository with a work tree at `dir`.
    pub fn init(dir: &Path) -> Result<Repo> {
        gix::init(dir).git("create the repository")?;
        Repo::discover(dir)
    }

    /// Commit every file of the work tree (but `.git`) on the current branch, as `author`.
    pub fn commit_worktree(
        &self,
        message: &str,
        author: (&str, &str),
        seconds: i64,
    ) -> Result<String> {
        let repo = &self.inner;
        let mut editor = repo
            .edit_tree(ObjectId::empty_tree(repo.object_hash()))
            .git("edit a tree")?;
        for entry in walkdir::WalkDir::new(&self.root)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|e| e.file_name() != ".git")
        {
            let entry = entry.map_err(|e| Error::git(format!("walk the work tree: {e}")))?;
            if !entry.file_type().is_file() {
                continue;
            }
            let rel = entry
                .path()
                .strip_prefix(&self.root)
                .expect("inside root")
                .to_string_lossy()
                .replace('\\', "/");
            let bytes =
                std::fs::read(entry.path()).map_err(|e| Error::io("read", entry.path(), e))?;
            let id = repo.write_blob(&bytes).git("write a blob")?.detach();
            editor
                .upsert(rel.as_str(), EntryKind::Blob, id)
                .git("add to tree")?;
        }
        let tree = editor.write().git("write the tree")?.detach();
        let parents: Vec<ObjectId> = repo
            .head_id()
            .ok()
            .map(|id| id.detach())
            .into_iter()
            .collect();
        let time = gix::date::Time::new(seconds, 0);
        let signature = gix::actor::Signature {
            name: BString::from(author.0),
            email: BString::from(author.1),
            time,
        };
        let mut buf = gix::date::parse::TimeBuf::default();
        let sig = signature.to_ref(&mut buf);
        let id = repo
            .commit_as(sig, sig, "HEAD", message, tree, parents)
            .git("commit")?
            .detach();
        let mut index = repo.index_from_tree(&tree).git("build the index")?;
        index.write(Default::default()).git("write the index")?;
        Ok(id.to_string())
    }

    /// Create or move branch `name` to `commit`.
    pub fn set_branch(&self, name: &str, commit: &str) -> Result<()> {
        let id = ObjectId::from_hex(commit.as_bytes()).git("parse id")?;
        self.inner
            .reference(
                format!("refs/heads/{name}").as_str(),
                id,
                gix::refs::transaction::PreviousValue::Any,
                "coord demo",
            )
            .git("create branch")?;
        Ok(())
    }

    /// Refuse (a usage error naming it) while a path `allowed` rejects is staged: a commit of
    /// chosen files would carry it along.
    pub fn refuse_staged_beyond(&self, allowed: impl Fn(&str) -> bool) -> Result<()> {
        let staged = self.staged_changes()?;
        match staged.iter().flat_map(|c| c.paths()).find(|p| !allowed(p)) {
            Some(other) => Err(Error::usage(
                format!("{other} is staged, and a commit of only coord's files would carry it"),
                Some("commit or unstage it first (`git restore --staged`)".to_owned()),
            )),
            None => Ok(()),
        }
    }

    /// Commit `files` (path, bytes) on top of HEAD as `author`, at `seconds`, moving the current
    /// branch; the index takes the new tree. Refused while anything else is staged, so the
    /// commit holds exactly these files. Returns the new commit's id.
    pub fn commit_files(
        &self,
        files: &[(String, Vec<u8>)],
        message: &str,
        author: (&str, &str),
        seconds: i64,
    ) -> Result<String> {
        self.refuse_staged_beyond(|p| files.iter().any(|(f, _)| f == p))?;
        let repo = &self.inner;
        let head = repo.head_commit().git("read HEAD's commit")?;
        let base = head.tree_id().git("read HEAD's tree")?.detach();
        let mut editor = repo.edit_tree(base).git("edit a tree")?;
        for (path, bytes) in files {
            let id = repo.write_blob(bytes).git("write a blob")?.detach();
            editor
                .upsert(path.as_str(), EntryKind::Blob, id)
                .git("add to tree")?;
        }
        let tree = editor.write().git("write the tree")?.detach();
        let signature = gix::actor::Signature {
            name: BString::from(author.0),
            email: BString::from(author.1),
            time: gix::date::Time::new(seconds, 0),
        };
        let mut buf = gix::date::parse::TimeBuf::default();
        let sig = signature.to_ref(&mut buf);
        let id = repo
            .commit_as(sig, sig, "HEAD", message, tree, [head.id])
            .git("commit")?
            .detach();
        let mut index = repo.index_from_tree(&tree).git("build the index")?;
        index.write(Default::default()).git("write the index")?;
        Ok(id.to_string())
    }
}
