//! Tree against tree: the changes between two commits' trees, walked as git stores them.

use gix::ObjectId;
use gix::bstr::ByteSlice;

use super::renames::pair_renames;
use super::{Change, Item, change};
use crate::error::Result;
use crate::git::{GitResult, Repo};

impl Repo {
    /// What changed from tree `old` to tree `new` (None = empty tree), skipping equal folders.
    pub(crate) fn diff_trees(
        &self,
        old: Option<ObjectId>,
        new: Option<ObjectId>,
    ) -> Result<Vec<Change>> {
        let mut changes = Vec::new();
        self.diff_trees_into(old, new, "", &mut changes)?;
        Ok(pair_renames(changes))
    }

    fn diff_trees_into(
        &self,
        old: Option<ObjectId>,
        new: Option<ObjectId>,
        prefix: &str,
        out: &mut Vec<Change>,
    ) -> Result<()> {
        use gix::objs::TreeRefIter;
        use gix::objs::tree::EntryRef;
        use std::cmp::Ordering;
        if old == new {
            return Ok(());
        }
        let (a, b) = (self.raw_tree(old)?, self.raw_tree(new)?);
        let kind = self.inner.object_hash();
        fn next<'a>(it: &mut TreeRefIter<'a>) -> Result<Option<EntryRef<'a>>> {
            it.next().transpose().git("read a tree")
        }
        let (mut ia, mut ib) = (
            TreeRefIter::from_bytes(&a, kind),
            TreeRefIter::from_bytes(&b, kind),
        );
        let (mut x, mut y) = (next(&mut ia)?, next(&mut ib)?);
        // Walk both trees' entries at once, in git's own order (a folder's name sorts as if it
        // ended in `/`), without decoding either: entries that are the same on both sides cost
        // a comparison.
        while x.is_some() || y.is_some() {
            let order = match (&x, &y) {
                // gix orders entries as git does.
                (Some(x), Some(y)) => x.cmp(y),
                (Some(_), None) => Ordering::Less,
                _ => Ordering::Greater,
            };
            let (l, r) = match order {
                Ordering::Less => (x.take(), None),
                Ordering::Greater => (None, y.take()),
                Ordering::Equal => (x.take(), y.take()),
            };
            if l.is_some() {
                x = next(&mut ia)?;
            }
            if r.is_some() {
                y = next(&mut ib)?;
            }
            if let (Some(l), Some(r)) = (&l, &r)
                && l.oid == r.oid
                && l.mode == r.mode
            {
                continue;
            }
            let name = l
                .as_ref()
                .or(r.as_ref())
                .map_or(&b""[..], |e| e.filename.as_bytes());
            let path = format!("{prefix}{}", name.to_str_lossy());
            let sub = |e: &Option<EntryRef<'_>>| {
                e.as_ref()
                    .filter(|e| e.mode.is_tree())
                    .map(|e| e.oid.to_owned())
            };
            let leaf = |e: &Option<EntryRef<'_>>| {
                e.as_ref().filter(|e| !e.mode.is_tree()).map(|e| Item {
                    id: e.oid.to_owned(),
                    mode: e.mode.value() as u32,
                })
            };
            let (tl, tr) = (sub(&l), sub(&r));
            if tl.is_some() || tr.is_some() {
                self.diff_trees_into(tl, tr, &format!("{path}/"), out)?;
            }
            out.extend(change(path, leaf(&l), leaf(&r)));
        }
        Ok(())
    }
}
