//! What changed: HEAD against the index (skipping unchanged folders by the index's cache-tree),
//! tree against tree, and which lines of a blob changed.

use std::collections::{BTreeMap, HashMap};

use gix::ObjectId;
use gix::bstr::ByteSlice;
use serde::Serialize;

pub(super) mod folder;
mod lines;
mod renames;
mod walk;

pub use lines::changed_lines;
use renames::pair_renames;

use super::{GitResult, Repo};
use crate::error::Result;

/// How a path changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ChangeKind {
    /// New path.
    Added,
    /// Same path, new content or mode.
    Modified,
    /// Path removed.
    Deleted,
    /// File became a symlink, a submodule… or the reverse.
    TypeChanged,
    /// Moved without change (`old_path` holds where from).
    Renamed,
}

/// One changed path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// How it changed.
    pub kind: ChangeKind,
    /// The path now (for a deletion, the removed path).
    pub path: String,
    /// For a rename, the path before.
    pub old_path: Option<String>,
    /// Object before, if any (hex).
    pub old_id: Option<String>,
    /// Object after, if any (hex).
    pub new_id: Option<String>,
}

impl Change {
    /// Every path this change touches: both sides of a rename.
    pub fn paths(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.path.as_str()).chain(self.old_path.as_deref())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Item {
    id: ObjectId,
    mode: u32,
}

const TYPE_MASK: u32 = 0o170000;

fn classify(old: Option<Item>, new: Option<Item>) -> Option<ChangeKind> {
    match (old, new) {
        (None, Some(_)) => Some(ChangeKind::Added),
        (Some(_), None) => Some(ChangeKind::Deleted),
        (Some(a), Some(b)) if a == b => None,
        (Some(a), Some(b)) if a.mode & TYPE_MASK != b.mode & TYPE_MASK => {
            Some(ChangeKind::TypeChanged)
        }
        (Some(_), Some(_)) => Some(ChangeKind::Modified),
        (None, None) => None,
    }
}

fn change(path: String, old: Option<Item>, new: Option<Item>) -> Option<Change> {
    classify(old, new).map(|kind| Change {
        kind,
        path,
        old_path: None,
        old_id: old.map(|i| i.id.to_string()),
        new_id: new.map(|i| i.id.to_string()),
    })
}

impl Repo {
    /// The tree HEAD points to, or None on an unborn branch.
    pub(crate) fn head_tree(&self) -> Result<Option<ObjectId>> {
        match self.inner.head_commit() {
            Ok(commit) => Ok(Some(commit.tree_id().git("read HEAD's tree")?.detach())),
            Err(_) => {
                let head = self.inner.head().git("read HEAD")?;
                if head.is_unborn() {
                    Ok(None)
                } else {
                    Err(crate::error::Error::git("cannot read HEAD's commit"))
                }
            }
        }
    }

    /// What the index (the one git would commit, `GIT_INDEX_FILE` included) changes against HEAD.
    pub fn staged_changes(&self) -> Result<Vec<Change>> {
        self.staged_against(self.head_tree()?)
    }

    /// What the index changes against HEAD's first parent: what `git commit --amend` records.
    pub fn staged_changes_amending(&self) -> Result<Vec<Change>> {
        let head = self.inner.head_commit().git("read HEAD's commit")?;
        let parent = match head.parent_ids().next() {
            Some(p) => Some(
                self.inner
                    .find_commit(p.detach())
                    .git("read HEAD's parent")?
                    .tree_id()
                    .git("read a tree")?
                    .detach(),
            ),
            None => None,
        };
        self.staged_against(parent)
    }

    fn staged_against(&self, head: Option<ObjectId>) -> Result<Vec<Change>> {
        let Some(index) = self.open_index()? else {
            return self.all_deleted(head);
        };

        // Walk HEAD's tree, skipping each folder whose cache-tree entry is valid and equal to it.
        let mut head_items: HashMap<String, Item> = HashMap::new();
        let mut skipped: Vec<Vec<u8>> = Vec::new();
        if let Some(tree) = head {
            self.walk_against_cache(
                tree,
                String::new(),
                index.tree(),
                &mut head_items,
                &mut skipped,
            )?;
        }
        let entries = index.entries();
        let runs = skipped_runs(index, &skipped);

        let mut changes = Vec::new();
        let mut seen: HashMap<String, ()> = HashMap::new();
        let mut next_run = runs.iter().peekable();
        let mut i = 0;
        while i < entries.len() {
            if let Some(&&(start, end)) = next_run.peek()
                && i >= start
            {
                i = i.max(end);
                next_run.next();
                continue;
            }
            let entry = &entries[i];
            let path = entry.path(index);
            if entry
                .flags
                .contains(gix::index::entry::Flags::INTENT_TO_ADD)
            {
                i += 1;
                continue;
            }
            let path_str = path.to_str_lossy().into_owned();
            let new = Some(Item {
                id: entry.id,
                mode: entry.mode.bits(),
            });
            let old = head_items.get(&path_str).copied();
            if entry.stage_raw() != 0 {
                // An unresolved conflict: the path changes whatever gets staged.
                while i < entries.len() && entries[i].path(index) == path {
                    i += 1;
                }
                changes.push(Change {
                    kind: ChangeKind::Modified,
                    path: path_str.clone(),
                    old_path: None,
                    old_id: old.map(|o| o.id.to_string()),
                    new_id: None,
                });
                seen.insert(path_str, ());
                continue;
            }
            if let Some(c) = change(path_str.clone(), old, new) {
                changes.push(c);
            }
            seen.insert(path_str, ());
            i += 1;
        }
        for (path, item) in head_items {
            if !seen.contains_key(&path) {
                changes.extend(change(path, Some(item), None));
            }
        }
        Ok(pair_renames(changes))
    }

    /// No index at all: everything in HEAD would be deleted.
    fn all_deleted(&self, head: Option<ObjectId>) -> Result<Vec<Change>> {
        let Some(tree) = head else {
            return Ok(Vec::new());
        };
        let mut items = BTreeMap::new();
        self.collect_tree(tree, "", &mut items)?;
        Ok(items
            .into_iter()
            .filter_map(|(p, i)| change(p, Some(i), None))
            .collect())
    }

    fn walk_against_cache(
        &self,
        tree: ObjectId,
        prefix: String,
        cache: Option<&gix::index::extension::Tree>,
        items: &mut HashMap<String, Item>,
        skipped: &mut Vec<Vec<u8>>,
    ) -> Result<()> {
        if let Some(node) = cache
            && node.num_entries.is_some()
            && node.id == tree
        {
            skipped.push(prefix.into_bytes());
            return Ok(());
        }
        for entry in self.tree_entries(tree)? {
            let path = format!("{prefix}{}", entry.name);
            if entry.is_tree {
                let child = cache.and_then(|c| {
                    c.children
                        .iter()
                        .find(|ch| ch.name.as_slice() == entry.name.as_bytes())
                });
                self.walk_against_cache(entry.id, format!("{path}/"), child, items, skipped)?;
            } else {
                items.insert(
                    path,
                    Item {
                        id: entry.id,
                        mode: entry.mode,
                    },
                );
            }
        }
        Ok(())
    }

    fn collect_tree(
        &self,
        tree: ObjectId,
        prefix: &str,
        out: &mut BTreeMap<String, Item>,
    ) -> Result<()> {
        for entry in self.tree_entries(tree)? {
            let path = format!("{prefix}{}", entry.name);
            if entry.is_tree {
                self.collect_tree(entry.id, &format!("{path}/"), out)?;
            } else {
                out.insert(
                    path,
                    Item {
                        id: entry.id,
                        mode: entry.mode,
                    },
                );
            }
        }
        Ok(())
    }

    /// The object at `path` in `tree`, if any: (id, mode).
    pub(crate) fn item_at(
        &self,
        tree: Option<ObjectId>,
        path: &str,
    ) -> Result<Option<(ObjectId, u32)>> {
        let Some(tree) = tree else { return Ok(None) };
        let (dir, name) = match path.rsplit_once('/') {
            Some((d, n)) => (d, n),
            None => ("", path),
        };
        let Some(folder) = self.subtree(tree, dir)? else {
            return Ok(None);
        };
        Ok(self
            .tree_entries(folder)?
            .into_iter()
            .find(|e| e.name == name && !e.is_tree)
            .map(|e| (e.id, e.mode)))
    }
}

/// The index ranges under unchanged folders. Entries under a folder are contiguous in the sorted
/// index: each run is found with two binary searches instead of looking at its entries.
fn skipped_runs(index: &gix::index::File, skipped: &[Vec<u8>]) -> Vec<(usize, usize)> {
    let entries = index.entries();
    let mut runs: Vec<(usize, usize)> = skipped
        .iter()
        .map(|prefix| {
            let start = entries.partition_point(|e| e.path(index).as_bytes() < prefix.as_slice());
            let len =
                entries[start..].partition_point(|e| e.path(index).as_bytes().starts_with(prefix));
            (start, start + len)
        })
        .collect();
    runs.sort_unstable();
    runs
}

#[cfg(test)]
mod tests;
