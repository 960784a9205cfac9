//! Renames: an added and a deleted path with the same content are one change.

use std::collections::HashMap;

use super::{Change, ChangeKind};

/// Pair an added and a deleted path with the same content into one rename.
pub(super) fn pair_renames(mut changes: Vec<Change>) -> Vec<Change> {
    let mut deleted: HashMap<String, usize> = HashMap::new();
    for (i, c) in changes.iter().enumerate() {
        if c.kind == ChangeKind::Deleted {
            deleted
                .entry(c.old_id.clone().unwrap_or_default())
                .or_insert(i);
        }
    }
    let mut drop = vec![false; changes.len()];
    for i in 0..changes.len() {
        if changes[i].kind != ChangeKind::Added {
            continue;
        }
        let id = changes[i].new_id.clone().unwrap_or_default();
        if let Some(d) = deleted.remove(&id) {
            let old_path = changes[d].path.clone();
            changes[i].kind = ChangeKind::Renamed;
            changes[i].old_path = Some(old_path);
            changes[i].old_id = Some(id);
            drop[d] = true;
        }
    }
    let mut out: Vec<Change> = changes
        .into_iter()
        .zip(drop)
        .filter(|(_, d)| !d)
        .map(|(c, _)| c)
        .collect();
    out.sort_by(|a, b| a.path.cmp(&b.path));
    out
}
