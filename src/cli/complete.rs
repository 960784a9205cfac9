//! Completion of the ids and team names a command takes, read from the repository the shell is
//! in (`source <(COMPLETE=bash coord)`). Folder listings only: a completion never parses files.

use clap_complete::engine::CompletionCandidate;

use crate::config::layout::{MOLECULES_DIR, atoms_dir};

/// The repository root and its zones, when the shell is inside one.
fn zones() -> Option<(std::path::PathBuf, crate::config::Zones)> {
    let cwd = std::env::current_dir().ok()?;
    let root = crate::git::Repo::discover(&cwd).ok()?.root().to_path_buf();
    let zones = crate::config::load(&root).ok()?;
    Some((root, zones))
}

/// The ids of the `.md` files of `kind` in `dirs`.
fn ids(root: &std::path::Path, dirs: &[String], kind: &str) -> Vec<CompletionCandidate> {
    let mut out: Vec<String> = dirs
        .iter()
        .filter_map(|d| std::fs::read_dir(root.join(d)).ok())
        .flatten()
        .flatten()
        .filter_map(|e| {
            let name = e.file_name().to_str()?.to_owned();
            let id = name.strip_suffix(".md")?;
            crate::doc::kind_and_number(id)
                .filter(|(k, _)| *k == kind)
                .map(|_| id.to_owned())
        })
        .collect();
    out.sort();
    out.into_iter().map(CompletionCandidate::new).collect()
}

/// Atom ids.
pub fn atoms() -> Vec<CompletionCandidate> {
    let Some((root, zones)) = zones() else {
        return Vec::new();
    };
    let dirs: Vec<String> = zones.teams.iter().map(|t| atoms_dir(&t.dir)).collect();
    ids(&root, &dirs, "ATOM")
}

/// Molecule ids.
pub fn molecules() -> Vec<CompletionCandidate> {
    zones().map_or_else(Vec::new, |(root, _)| {
        ids(&root, &[MOLECULES_DIR.to_owned()], "MOLECULE")
    })
}

/// Atom and molecule ids.
pub fn items() -> Vec<CompletionCandidate> {
    let mut out = atoms();
    out.extend(molecules());
    out
}

/// Decision ids.
pub fn decisions() -> Vec<CompletionCandidate> {
    zones().map_or_else(Vec::new, |(root, _)| {
        ids(&root, &[crate::doc::decision::DIR.to_owned()], "DEC")
    })
}

/// Risk ids.
pub fn risks() -> Vec<CompletionCandidate> {
    zones().map_or_else(Vec::new, |(root, _)| {
        ids(&root, &[crate::doc::risk::DIR.to_owned()], "RISK")
    })
}

/// Escalation ids.
pub fn escalations() -> Vec<CompletionCandidate> {
    zones().map_or_else(Vec::new, |(root, _)| {
        ids(&root, &[crate::doc::escalation::DIR.to_owned()], "ESC")
    })
}

/// Team ids, with their names.
pub fn teams() -> Vec<CompletionCandidate> {
    zones().map_or_else(Vec::new, |(_, zones)| {
        zones
            .teams
            .iter()
            .map(|t| CompletionCandidate::new(t.id.clone()).help(Some(t.name.clone().into())))
            .collect()
    })
}
