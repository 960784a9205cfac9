//! Gathering what to compare: this work tree's atoms, and those of other local branches and
//! linked worktrees.

use super::{Here, detect};
use crate::doc::{Atom, branches, store};
use crate::error::Result;
use crate::finding::Finding;
use crate::workspace::Workspace;
use crate::zones::ZoneMap;

/// Where to look.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reach {
    /// This work tree only.
    Here,
    /// This work tree, other local branches and linked worktrees.
    Everywhere,
}

/// Every conflict within `reach`.
pub fn gather(ws: &Workspace, reach: Reach) -> Result<Vec<Finding>> {
    let repo = ws.repo()?;
    let snap = ws.snapshot();
    let tracked = repo.index_paths()?;
    let map = ZoneMap::new(&ws.zones);
    let mut found = detect(&snap.atoms, &map, &tracked);
    if reach == Reach::Here {
        return Ok(found);
    }
    let here = Here::new(&snap.atoms, &tracked);
    let mut places: Vec<(String, Vec<Atom>)> =
        vec![("this work tree".to_owned(), snap.atoms.clone())];
    for theirs in branches::load(repo, &ws.zones)? {
        let name = format!("branch {}", theirs.branch);
        found.extend(here.across(&theirs.atoms, &name, &tracked));
        places.push((name, theirs.atoms));
    }
    for tree in repo.other_worktrees() {
        let theirs = store::load(&tree, &ws.zones, None).atoms;
        let name = format!("worktree {}", tree.display());
        found.extend(here.across(&theirs, &name, &tracked));
        places.push((name, theirs));
    }
    found.extend(super::double_claims(&places));
    Ok(found)
}
