//! Trees kept as git stores them, for diffs: a walk from parent to child reads each tree once as
//! a commit's own and again as its child's parent's, and consecutive commits share most folders.

use std::collections::{HashMap, VecDeque};
use std::rc::Rc;

use gix::ObjectId;

use super::{GitResult, Repo};
use crate::error::Result;

/// Raw trees by id, the oldest let go first once they weigh more than a bound.
#[derive(Default)]
pub(crate) struct RawTrees {
    trees: HashMap<ObjectId, Rc<Vec<u8>>>,
    order: VecDeque<ObjectId>,
    bytes: usize,
}

impl RawTrees {
    /// What is kept at most, in bytes of the buffers holding the trees (a buffer git's reader
    /// hands out can be larger than its tree): a few folders of 10,000 files, or hundreds of
    /// small ones. The newest tree is kept whatever it weighs.
    const KEPT_BYTES: usize = 2 << 20;

    fn get(&self, id: &ObjectId) -> Option<Rc<Vec<u8>>> {
        self.trees.get(id).cloned()
    }

    fn keep(&mut self, id: ObjectId, data: Rc<Vec<u8>>) {
        self.bytes += data.capacity();
        self.trees.insert(id, data);
        self.order.push_back(id);
        while self.bytes > Self::KEPT_BYTES && self.order.len() > 1 {
            let Some(old) = self.order.pop_front() else {
                break;
            };
            if let Some(gone) = self.trees.remove(&old) {
                self.bytes -= gone.capacity();
            }
        }
    }
}

impl Repo {
    /// The bytes of tree `id` as git stores them (`<mode> <name>\0<id>` entries, in git's order),
    /// read once while they stay among the kept trees; none for no tree.
    pub(crate) fn raw_tree(&self, id: Option<ObjectId>) -> Result<Rc<Vec<u8>>> {
        let Some(id) = id else {
            return Ok(Rc::default());
        };
        if let Some(found) = self.raw_trees.borrow().get(&id) {
            return Ok(found);
        }
        // Taken from the object rather than copied: a folder's tree can be large.
        let mut tree = self.inner.find_tree(id).git("read a tree")?;
        let data = Rc::new(std::mem::take(&mut tree.data));
        self.raw_trees.borrow_mut().keep(id, data.clone());
        Ok(data)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_oldest_trees_go_first_and_the_newest_stays_whatever_it_weighs() {
        let mut kept = RawTrees::default();
        let id = |n: u8| ObjectId::from_bytes_or_panic(&[n; 20]);
        let half = RawTrees::KEPT_BYTES / 2;
        kept.keep(id(1), Rc::new(vec![0; half]));
        kept.keep(id(2), Rc::new(vec![0; half]));
        assert!(kept.get(&id(1)).is_some() && kept.get(&id(2)).is_some());
        kept.keep(id(3), Rc::new(vec![0; 1]));
        assert!(kept.get(&id(1)).is_none(), "the oldest is let go");
        assert!(kept.get(&id(2)).is_some() && kept.get(&id(3)).is_some());
        kept.keep(id(4), Rc::new(vec![0; RawTrees::KEPT_BYTES * 2]));
        assert!(kept.get(&id(4)).is_some(), "the newest stays");
        assert_eq!(kept.trees.len(), 1);
        assert_eq!(kept.bytes, RawTrees::KEPT_BYTES * 2);
    }
}
