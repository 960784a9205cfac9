//! History: commits of a range with their authors, trailers and changes; merge state.

use gix::ObjectId;
use gix::bstr::ByteSlice;

use super::{Change, GitResult, Repo};
use crate::error::{Error, Result};

/// A commit of a range, with what it changed.
#[derive(Debug, Clone)]
pub struct CommitInfo {
    /// Full id.
    pub id: String,
    /// Abbreviated id.
    pub short_id: String,
    /// First line of the message.
    pub subject: String,
    /// Author email.
    pub author_email: String,
    /// Value of a `Coord-Team:` trailer, if any.
    pub team_trailer: Option<String>,
    /// Changes against the first parent; for a merge, only those that differ from every parent.
    pub changes: Vec<Change>,
    /// Trees of the other parents of a merge (hex ids), empty otherwise.
    pub other_parent_trees: Vec<String>,
    /// The commit's signature and the bytes it signs, when it is signed.
    pub signature: Option<Signed>,
}

/// A commit's signature (as armored text) and the data it covers.
#[derive(Debug, Clone)]
pub struct Signed {
    /// The `gpgsig` header's value, for SSH an armored `SSH SIGNATURE`.
    pub signature: String,
    /// The commit object without the signature header: what was signed.
    pub payload: Vec<u8>,
}

impl Repo {
    pub(super) fn resolve(&self, rev: &str) -> Result<ObjectId> {
        let id = self.inner.rev_parse_single(rev).map_err(|e| {
            Error::usage(
                format!("cannot resolve `{rev}`: {e}"),
                Some("name a branch, tag or commit that exists here".to_owned()),
            )
        })?;
        let object = id.object().git("read object")?;
        let commit = object.peel_to_commit().git("peel to commit")?;
        Ok(commit.id)
    }

    /// The bytes of `path` in the tree of revision `rev`, if it has that file.
    pub fn file_at(&self, rev: &str, path: &str) -> Result<Option<Vec<u8>>> {
        let commit = self.resolve(rev)?;
        let tree = self
            .inner
            .find_commit(commit)
            .git("read commit")?
            .tree_id()
            .git("read tree")?
            .detach();
        match self.item_at(Some(tree), path)? {
            Some((id, _)) => Ok(Some(
                self.inner.find_blob(id).git("read blob")?.data.clone(),
            )),
            None => Ok(None),
        }
    }

    /// Commits reachable from `to` but not from `from`, oldest first.
    pub fn commits_in_range(&self, from: &str, to: &str) -> Result<Vec<CommitInfo>> {
        let from = self.resolve(from)?;
        let to = self.resolve(to)?;
        let walk = self
            .inner
            .rev_walk([to])
            .with_hidden([from])
            .all()
            .git("walk history")?;
        let mut ids = Vec::new();
        for info in walk {
            ids.push(info.git("walk history")?.id);
        }
        ids.reverse();
        // Reading each commit's changes is independent work: spread it over the cores, in
        // contiguous runs so that consecutive commits still share their decoded trees.
        let threads = std::thread::available_parallelism().map_or(1, |n| n.get().min(8));
        if threads < 2 || ids.len() < 64 {
            let mut last = None;
            return ids
                .into_iter()
                .map(|id| self.commit_info(id, &mut last))
                .collect();
        }
        let chunk = ids.len().div_ceil(threads);
        std::thread::scope(|scope| {
            let handles: Vec<_> = ids
                .chunks(chunk)
                .map(|part| {
                    let seed = self.seed();
                    scope.spawn(move || {
                        let repo = seed.open();
                        let mut last = None;
                        part.iter()
                            .map(|id| repo.commit_info(*id, &mut last))
                            .collect::<Result<Vec<_>>>()
                    })
                })
                .collect();
            let mut out = Vec::with_capacity(ids.len());
            for h in handles {
                out.extend(h.join().expect("a commit reader panicked")?);
            }
            Ok(out)
        })
    }

    /// Commit `id` with what it changed. `last` is the commit read before and its tree: in a
    /// range read oldest first, usually this one's parent.
    fn commit_info(
        &self,
        id: ObjectId,
        last: &mut Option<(ObjectId, ObjectId)>,
    ) -> Result<CommitInfo> {
        let commit = self.inner.find_commit(id).git("read commit")?;
        let message = commit.message_raw_sloppy().to_str_lossy().into_owned();
        let subject = message.lines().next().unwrap_or("").to_owned();
        let author_email = commit
            .author()
            .git("read author")?
            .email
            .to_str_lossy()
            .into_owned();
        let team_trailer = message
            .lines()
            .rev()
            .find_map(|l| l.strip_prefix("Coord-Team:").map(|v| v.trim().to_owned()))
            .filter(|v| !v.is_empty());
        let tree = commit.tree_id().git("read tree")?.detach();
        let parents: Vec<ObjectId> = commit.parent_ids().map(|p| p.detach()).collect();
        let known = *last;
        let parent_tree = |p: ObjectId| -> Result<ObjectId> {
            if let Some((commit, tree)) = known
                && commit == p
            {
                return Ok(tree);
            }
            Ok(self
                .inner
                .find_commit(p)
                .git("read parent")?
                .tree_id()
                .git("read tree")?
                .detach())
        };
        let first = parents.first().map(|p| parent_tree(*p)).transpose()?;
        let mut changes = self.diff_trees(first, Some(tree))?;
        let others: Vec<ObjectId> = parents
            .iter()
            .skip(1)
            .map(|p| parent_tree(*p))
            .collect::<Result<_>>()?;
        if !others.is_empty() {
            changes = self.differing_from_all(changes, &others)?;
        }
        *last = Some((id, tree));
        let signature = gix::objs::CommitRefIter::signature(&commit.data, self.inner.object_hash())
            .git("read the commit's signature")?
            .map(|(sig, data)| Signed {
                signature: sig.to_str_lossy().into_owned(),
                payload: data.to_bstring().into(),
            });
        let short_id = id.to_hex_with_len(7).to_string();
        Ok(CommitInfo {
            id: id.to_string(),
            short_id,
            subject,
            author_email,
            team_trailer,
            changes,
            other_parent_trees: others.iter().map(ObjectId::to_string).collect(),
            signature,
        })
    }

    /// Keep only the changes whose result differs from what each of `others` has at that path.
    fn differing_from_all(&self, changes: Vec<Change>, others: &[ObjectId]) -> Result<Vec<Change>> {
        let mut out = Vec::new();
        'change: for change in changes {
            for other in others {
                let theirs = self
                    .item_at(Some(*other), &change.path)?
                    .map(|(id, _)| id.to_string());
                let same_new = theirs == change.new_id;
                let old_side_same = match &change.old_path {
                    Some(old) => self.item_at(Some(*other), old)?.is_none(),
                    None => true,
                };
                if same_new && old_side_same {
                    continue 'change;
                }
            }
            out.push(change);
        }
        Ok(out)
    }

    /// Trees of the commits being merged in (MERGE_HEAD), empty when no merge is in progress.
    pub fn merge_head_trees(&self) -> Result<Vec<String>> {
        let Ok(Some(mut reference)) = self.inner.try_find_reference("MERGE_HEAD") else {
            return Ok(Vec::new());
        };
        let id = reference.peel_to_id().git("read MERGE_HEAD")?.detach();
        let tree = self
            .inner
            .find_commit(id)
            .git("read MERGE_HEAD")?
            .tree_id()
            .git("read tree")?
            .detach();
        Ok(vec![tree.to_string()])
    }

    /// During a merge, drop the staged changes that equal what a merged-in parent already had.
    pub fn staged_changes_for_commit(&self) -> Result<Vec<Change>> {
        let changes = self.staged_changes()?;
        let merged: Vec<ObjectId> = self
            .merge_head_trees()?
            .iter()
            .filter_map(|t| ObjectId::from_hex(t.as_bytes()).ok())
            .collect();
        if merged.is_empty() {
            return Ok(changes);
        }
        self.differing_from_all(changes, &merged)
    }

    /// The bytes of `path` in tree `tree` (hex id), if the tree has that file.
    pub fn file_in_tree(&self, tree: &str, path: &str) -> Result<Option<Vec<u8>>> {
        let tree = ObjectId::from_hex(tree.as_bytes()).git("parse id")?;
        match self.item_at(Some(tree), path)? {
            Some((id, _)) => Ok(Some(
                self.inner.find_blob(id).git("read blob")?.data.clone(),
            )),
            None => Ok(None),
        }
    }
}

/// A changed file's contents: before, after, and, for a merge, as each other parent has it.
#[derive(Debug, Default)]
pub struct Sides {
    /// Before (empty when added).
    pub old: Vec<u8>,
    /// After (empty when deleted).
    pub new: Vec<u8>,
    /// The file in each other parent of a merge (empty where a parent lacks it).
    pub others: Vec<Vec<u8>>,
}

impl Repo {
    /// The contents of a changed file on each side; `other_trees` are the trees of a merge's
    /// other parents. A blob that cannot be read is an error naming it, never empty content.
    pub fn sides(&self, change: &Change, other_trees: &[String]) -> Result<Sides> {
        let read = |id: &Option<String>| -> Result<Vec<u8>> {
            match id {
                Some(id) => self.blob(id).map_err(|e| {
                    Error::git(format!("cannot read {} (blob {id}): {e}", change.path))
                }),
                None => Ok(Vec::new()),
            }
        };
        let mut others = Vec::with_capacity(other_trees.len());
        for tree in other_trees {
            others.push(self.file_in_tree(tree, &change.path)?.unwrap_or_default());
        }
        Ok(Sides {
            old: read(&change.old_id)?,
            new: read(&change.new_id)?,
            others,
        })
    }
}

impl Repo {
    /// The full name of the branch HEAD points at (`refs/heads/main`), even before it has a
    /// commit; in a bare repository, the default branch.
    pub fn head_branch(&self) -> Option<String> {
        self.inner
            .head_name()
            .ok()
            .flatten()
            .map(|n| n.as_bstr().to_str_lossy().into_owned())
    }

    /// The commit `rev` names, as a full hex id, if it names one.
    pub fn commit_id(&self, rev: &str) -> Option<String> {
        self.resolve(rev).ok().map(|id| id.to_string())
    }

    /// The best common ancestor of two commits (hex ids), if they have one.
    pub fn merge_base(&self, one: &str, two: &str) -> Result<Option<String>> {
        let one = self.resolve(one)?;
        let two = self.resolve(two)?;
        Ok(self
            .inner
            .merge_base(one, two)
            .ok()
            .flatten()
            .map(|id| id.detach().to_string()))
    }
}

impl Repo {
    /// The current branch's short name, if HEAD is on one.
    pub fn current_branch(&self) -> Option<String> {
        self.inner
            .head_name()
            .ok()
            .flatten()
            .map(|n| n.shorten().to_str_lossy().into_owned())
    }
}
