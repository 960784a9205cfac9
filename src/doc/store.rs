//! Finding and loading every status file of a repository (in parallel), and writing them back.

use std::path::{Path, PathBuf};

use super::{Atom, Molecule, Problem, atom, molecule};
use crate::config::{JOINT_DIR, Zones};
use crate::error::{Error, Result};
use crate::finding::Finding;
use crate::fsutil;

/// Folder of atoms inside a team's dir.
pub const ATOMS_DIR: &str = "ATOMIC_TASKS";
/// Folder of molecules inside JOINT_COORDINATION.
pub const MOLECULES_DIR: &str = "JOINT_COORDINATION/MOLECULES";

/// Every atom and molecule, with the problems found while reading them.
#[derive(Debug, Default)]
pub struct Loaded {
    /// Atoms that could be read, sorted by id.
    pub atoms: Vec<Atom>,
    /// Molecules that could be read, sorted by id.
    pub molecules: Vec<Molecule>,
    /// Problems in the files.
    pub findings: Vec<Finding>,
}

/// A status file to read: its relative path, and the team whose folder holds it (atoms).
#[derive(Debug, Clone)]
pub struct Entry {
    /// Repository-relative path.
    pub path: String,
    /// Team id for atoms; None for molecules.
    pub folder_team: Option<String>,
}

/// The atoms folder of a team dir.
pub fn atoms_dir(team_dir: &str) -> String {
    format!("{team_dir}/{ATOMS_DIR}")
}

fn list(root: &Path, dir: &str, prefix: &str, team: Option<&str>, out: &mut Vec<Entry>) {
    let Ok(read) = std::fs::read_dir(root.join(dir)) else {
        return;
    };
    for entry in read.flatten() {
        let name = entry.file_name();
        let Some(name) = name.to_str() else { continue };
        if name.starts_with(prefix) && name.ends_with(".md") {
            out.push(Entry {
                path: format!("{dir}/{name}"),
                folder_team: team.map(str::to_owned),
            });
        }
    }
}

/// Every status file on disk.
pub fn entries(root: &Path, zones: &Zones) -> Vec<Entry> {
    let mut out = Vec::new();
    for team in &zones.teams {
        list(
            root,
            &atoms_dir(&team.dir),
            "ATOM-",
            Some(&team.id),
            &mut out,
        );
    }
    list(root, MOLECULES_DIR, "MOLECULE-", None, &mut out);
    out.sort_by(|a, b| a.path.cmp(&b.path));
    out
}

enum Parsed {
    Atom(Box<Atom>),
    Molecule(Box<Molecule>),
    Nothing,
}

fn read_one(root: &Path, zones: &Zones, entry: &Entry) -> (Parsed, Vec<Finding>) {
    let text = match std::fs::read_to_string(root.join(&entry.path)) {
        Ok(t) => t,
        Err(e) => {
            return (
                Parsed::Nothing,
                vec![
                    Finding::error("unreadable-file", format!("cannot read: {e}")).at(
                        &entry.path,
                        0,
                        0,
                    ),
                ],
            );
        }
    };
    let findings = |problems: Vec<Problem>| -> Vec<Finding> {
        problems
            .iter()
            .map(|p| p.finding(&entry.path, &text))
            .collect()
    };
    let file_id = Path::new(&entry.path)
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or("")
        .to_owned();
    match &entry.folder_team {
        Some(folder_team) => {
            let (atom, problems) = atom::parse(&entry.path, &text);
            let mut found = findings(problems);
            if let Some(atom) = &atom {
                let team_at =
                    atom::team_offset(&text).map_or((0, 0), |o| crate::error::line_col(&text, o));
                if zones.team(&atom.team).is_none() {
                    found.push(
                        Finding::error(
                            "unknown-team",
                            format!(
                                "{} names team `{}`, which zones.yaml does not define",
                                atom.id, atom.team
                            ),
                        )
                        .at(&entry.path, team_at.0, team_at.1)
                        .hint(format!("teams: {}", zones.team_ids().join(", "))),
                    );
                } else if &atom.team != folder_team {
                    found.push(
                        Finding::error(
                            "wrong-team-folder",
                            format!(
                                "{} belongs to team `{}` but sits in team `{folder_team}`'s folder",
                                atom.id, atom.team
                            ),
                        )
                        .at(&entry.path, team_at.0, team_at.1)
                        .hint("move the file into its team's ATOMIC_TASKS folder, or fix `team:`"),
                    );
                }
                if atom.id != file_id && super::is_id(&atom.id) {
                    found.push(
                        Finding::error(
                            "id-mismatch",
                            format!("the file is named {file_id} but its id is {}", atom.id),
                        )
                        .at(&entry.path, 0, 0)
                        .hint("rename the file after its id"),
                    );
                }
            }
            (
                atom.map_or(Parsed::Nothing, |a| Parsed::Atom(Box::new(a))),
                found,
            )
        }
        None => {
            let (molecule, problems) = molecule::parse(&entry.path, &text);
            let mut found = findings(problems);
            if let Some(m) = &molecule {
                for team in m
                    .teams
                    .iter()
                    .chain(std::iter::once(&m.lead))
                    .chain(&m.support)
                {
                    if zones.team(team).is_none() {
                        found.push(
                            Finding::error(
                                "unknown-team",
                                format!(
                                    "{} names team `{team}`, which zones.yaml does not define",
                                    m.id
                                ),
                            )
                            .at(&entry.path, 0, 0)
                            .hint(format!("teams: {}", zones.team_ids().join(", "))),
                        );
                    }
                }
                if m.id != file_id && super::is_id(&m.id) {
                    found.push(
                        Finding::error(
                            "id-mismatch",
                            format!("the file is named {file_id} but its id is {}", m.id),
                        )
                        .at(&entry.path, 0, 0)
                        .hint("rename the file after its id"),
                    );
                }
            }
            (
                molecule.map_or(Parsed::Nothing, |m| Parsed::Molecule(Box::new(m))),
                found,
            )
        }
    }
}

/// Read and parse every status file, spreading the work over the machine's cores.
pub fn load(root: &Path, zones: &Zones) -> Loaded {
    let entries = entries(root, zones);
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(8);
    let chunk = entries.len().div_ceil(threads).max(64);
    let results: Vec<Vec<(Parsed, Vec<Finding>)>> = std::thread::scope(|scope| {
        let handles: Vec<_> = entries
            .chunks(chunk)
            .map(|part| {
                scope.spawn(move || {
                    part.iter()
                        .map(|e| read_one(root, zones, e))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().expect("reader thread"))
            .collect()
    });
    let mut loaded = Loaded::default();
    for (parsed, findings) in results.into_iter().flatten() {
        loaded.findings.extend(findings);
        match parsed {
            Parsed::Atom(a) => loaded.atoms.push(*a),
            Parsed::Molecule(m) => loaded.molecules.push(*m),
            Parsed::Nothing => {}
        }
    }
    loaded
        .atoms
        .sort_by(|a, b| a.id.cmp(&b.id).then(a.path.cmp(&b.path)));
    loaded
        .molecules
        .sort_by(|a, b| a.id.cmp(&b.id).then(a.path.cmp(&b.path)));
    loaded
}

/// Where the file of `id` is on disk, searching team folders (atoms) or MOLECULES (molecules).
pub fn locate(root: &Path, zones: &Zones, id: &str) -> Option<String> {
    if id.starts_with("MOLECULE-") {
        let path = format!("{MOLECULES_DIR}/{id}.md");
        return root.join(&path).is_file().then_some(path);
    }
    zones
        .teams
        .iter()
        .map(|t| format!("{}/{id}.md", atoms_dir(&t.dir)))
        .find(|p| root.join(p).is_file())
}

/// The absolute path of a repository-relative one, refusing anything that leads out of `root`.
pub fn safe_path(root: &Path, rel: &str) -> Result<PathBuf> {
    fsutil::check_relative(rel)
        .map_err(|why| Error::usage(format!("refusing path `{rel}`: {why}"), None))?;
    let path = root.join(rel);
    fsutil::ensure_inside(root, &path)?;
    Ok(path)
}

/// Whether `path` is a status file coord reads (used by the hook to lint only staged ones).
pub fn is_status_path(zones: &Zones, path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or(path);
    if path.starts_with(&format!("{MOLECULES_DIR}/")) {
        return name.starts_with("MOLECULE-") && name.ends_with(".md");
    }
    name.starts_with("ATOM-")
        && name.ends_with(".md")
        && zones
            .teams
            .iter()
            .any(|t| path.starts_with(&format!("{}/", atoms_dir(&t.dir))))
}

/// The folder holding JOINT_COORDINATION.
pub fn joint_dir() -> &'static str {
    JOINT_DIR
}
