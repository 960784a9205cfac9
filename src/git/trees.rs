//! Trees read once per run, and the ids coord's caches store.

use std::collections::HashMap;
use std::rc::Rc;

use gix::ObjectId;

use super::{Repo, TreeEntry};
use crate::error::Result;

/// An object id as coord's caches store it.
pub type Id = [u8; 20];

/// The cache form of an object id.
pub fn id(oid: ObjectId) -> Id {
    let mut out = [0; 20];
    out.copy_from_slice(&oid.as_slice()[..20]);
    out
}

/// The object id of a cached one.
pub fn oid(id: &Id) -> ObjectId {
    ObjectId::from(*id)
}

/// Trees read during one run. HEAD's are decoded once and kept, since most folders of most
/// branches are HEAD's; a branch's own trees are read when needed and dropped, so memory stays
/// flat however many branches there are.
pub(super) struct Trees<'r> {
    repo: &'r Repo,
    kept: HashMap<ObjectId, Rc<Vec<TreeEntry>>>,
    /// Whether trees read now are kept.
    pub keeping: bool,
}

impl<'r> Trees<'r> {
    pub fn new(repo: &'r Repo) -> Trees<'r> {
        Trees {
            repo,
            kept: HashMap::new(),
            keeping: true,
        }
    }

    pub fn entries(&mut self, tree: ObjectId) -> Result<Rc<Vec<TreeEntry>>> {
        if let Some(found) = self.kept.get(&tree) {
            return Ok(found.clone());
        }
        let mut entries = self.repo.tree_entries(tree)?;
        entries.sort_by(|a, b| a.name.cmp(&b.name));
        let entries = Rc::new(entries);
        if self.keeping {
            self.kept.insert(tree, entries.clone());
        }
        Ok(entries)
    }

    /// The tree at each of `dirs` inside `root`.
    pub fn subtrees(&mut self, root: ObjectId, dirs: &[String]) -> Result<Vec<Option<ObjectId>>> {
        let top = self.entries(root)?;
        let mut out = Vec::with_capacity(dirs.len());
        for dir in dirs {
            let mut found = None;
            let mut entries = top.clone();
            let parts: Vec<&str> = dir.split('/').filter(|p| !p.is_empty()).collect();
            for (k, part) in parts.iter().enumerate() {
                found = entries
                    .binary_search_by(|e| e.name.as_str().cmp(part))
                    .ok()
                    .map(|i| &entries[i])
                    .filter(|e| e.is_tree)
                    .map(|e| e.id);
                match found {
                    // The folder itself is not decoded: its id is the answer.
                    Some(id) if k + 1 < parts.len() => entries = self.entries(id)?,
                    Some(_) => {}
                    None => break,
                }
            }
            out.push(found);
        }
        Ok(out)
    }

    /// (name, blob) of the files directly in `theirs` that `ours` lacks or holds otherwise.
    pub fn differing(
        &mut self,
        ours: Option<ObjectId>,
        theirs: Option<ObjectId>,
    ) -> Result<Vec<(String, Id)>> {
        let Some(theirs) = theirs else {
            return Ok(Vec::new());
        };
        if ours == Some(theirs) {
            return Ok(Vec::new());
        }
        let ours = match ours {
            Some(t) => self.entries(t)?,
            None => Rc::new(Vec::new()),
        };
        let theirs = self.entries(theirs)?;
        Ok(theirs
            .iter()
            .filter(|e| !e.is_tree)
            .filter(|e| {
                ours.binary_search_by(|o| o.name.cmp(&e.name))
                    .map_or(true, |i| ours[i].id != e.id || ours[i].is_tree)
            })
            .map(|e| (e.name.clone(), id(e.id)))
            .collect())
    }
}
