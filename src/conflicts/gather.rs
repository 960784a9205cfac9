//! Gathering what to compare: this work tree's atoms, and those of other local branches and
//! linked worktrees.

use super::{Here, detect};
use crate::config::layout::status_dirs;
use crate::doc::{Atom, atom, store};
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
    for (branch, files) in repo.branch_files_differing(&status_dirs(&ws.zones))? {
        let theirs: Vec<Atom> = files
            .iter()
            .filter_map(|(path, bytes)| atom::parse(path, &String::from_utf8_lossy(bytes)).0)
            .collect();
        let name = format!("branch {branch}");
        found.extend(here.across(&theirs, &name, &tracked));
        places.push((name, theirs));
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
