//! A repository as coord sees it: its root, zones.yaml and every status file.

use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::config::{self, Zones};
use crate::doc::store::{self, Loaded};
use crate::doc::{Atom, Molecule, Status, StatusFile};
use crate::error::{Error, Result};
use crate::git::Repo;

/// The repository coord works in.
pub struct Workspace {
    /// Work tree root.
    pub root: PathBuf,
    /// The git repository (None outside git, for path-only commands).
    pub repo: Option<Repo>,
    /// zones.yaml.
    pub zones: Zones,
    /// Work without the shared remote (`--offline`, `COORD_OFFLINE=1`).
    pub offline: bool,
    /// Who is at the keyboard as git would say (GIT_AUTHOR_EMAIL), for claims nobody named.
    pub author: Option<String>,
}

impl Workspace {
    /// Open the repository containing `start` and load zones.yaml.
    pub fn open(start: &Path) -> Result<Workspace> {
        let repo = Repo::discover(start)?;
        let root = repo.root().to_path_buf();
        let zones = config::load(&root)?;
        // Best effort: a read-only git dir only means temporary files could show in git status.
        let _ = repo.exclude_temp_files();
        Ok(Workspace {
            root,
            repo: Some(repo),
            zones,
            offline: false,
            author: None,
        })
    }

    /// Like `open`, but outside a git repository fall back to the nearest folder with zones.yaml.
    pub fn open_without_git(start: &Path) -> Result<Workspace> {
        if let Ok(ws) = Workspace::open(start) {
            return Ok(ws);
        }
        let start = std::fs::canonicalize(start).map_err(|e| Error::io("read", start, e))?;
        let root = start
            .ancestors()
            .find(|d| d.join(config::FILE).is_file())
            .ok_or_else(|| {
                Error::usage(
                    "no zones.yaml here or in any parent folder",
                    Some("run `coord init` first".to_owned()),
                )
            })?
            .to_path_buf();
        let zones = config::load(&root)?;
        Ok(Workspace {
            root,
            repo: None,
            zones,
            offline: false,
            author: None,
        })
    }

    /// A path typed on the command line in folder `cwd`, as a repository-relative path: relative
    /// paths (and globs) are taken from `cwd`, as every command-line tool takes them; an
    /// absolute path must lead into the repository.
    pub fn path_arg(&self, cwd: &Path, input: &str) -> Result<String> {
        let root = std::fs::canonicalize(&self.root).unwrap_or_else(|_| self.root.clone());
        let cwd = std::fs::canonicalize(cwd).unwrap_or_else(|_| cwd.to_path_buf());
        let joined = if Path::new(input).is_absolute() {
            real_path(Path::new(input))
        } else {
            cwd.join(input)
        };
        let mut parts: Vec<std::ffi::OsString> = Vec::new();
        for component in joined.components() {
            match component {
                std::path::Component::ParentDir => {
                    parts.pop();
                }
                std::path::Component::CurDir => {}
                std::path::Component::Normal(p) => parts.push(p.to_owned()),
                std::path::Component::RootDir | std::path::Component::Prefix(_) => {
                    parts.clear();
                    parts.push(component.as_os_str().to_owned());
                }
            }
        }
        let normal: PathBuf = parts.iter().collect();
        let rel = normal.strip_prefix(&root).map_err(|_| {
            Error::usage(
                format!("{input} is outside the repository ({})", root.display()),
                Some(
                    "name a path inside the repository, relative to the current folder or absolute"
                        .to_owned(),
                ),
            )
        })?;
        let text = rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/");
        if text.is_empty() {
            return Err(Error::usage(
                format!("{input} is the repository itself, not a path in it"),
                Some("name a file or a folder inside it".to_owned()),
            ));
        }
        Ok(text)
    }

    /// The claims on atoms: on the shared remote unless offline.
    pub fn claims(&self) -> Result<crate::claims::Ledger<'_>> {
        Ok(crate::claims::Ledger::open(
            self.repo()?,
            self.offline,
            self.zones.claim_lease_minutes,
        ))
    }

    /// The git repository, or an error for commands that need one.
    pub fn repo(&self) -> Result<&Repo> {
        self.repo
            .as_ref()
            .ok_or_else(|| Error::git("this command needs a git repository"))
    }

    /// Read every status file into a snapshot with lookups. A file that cannot be read is left
    /// out, and said so on standard error: a list is never silently incomplete.
    pub fn snapshot(&self) -> Snapshot {
        let snap = self.snapshot_quietly();
        for f in &snap.skipped {
            crate::output::note(format!(
                "coord: skipped {}: {} (`coord lint` shows every problem)",
                crate::finding::render::escape_terminal(&f.location()),
                crate::finding::render::escape_terminal(&f.message)
            ));
        }
        snap
    }

    /// Read every status file, for commands that report unreadable files themselves (lint,
    /// dashboards).
    pub fn snapshot_quietly(&self) -> Snapshot {
        let cache = self
            .repo
            .as_ref()
            .map(|r| crate::config::layout::status_cache(r.git_dir()));
        let Some(repo) = &self.repo else {
            return store::load(&self.root, &self.zones, cache.as_deref());
        };
        // When each file last changed comes from history. On the first run (no parse cache yet)
        // it is read on another thread while every file is parsed; later runs read it after
        // loading, so that what it holds does not add to the memory the loading peaks at.
        let dirs = crate::config::layout::history_dirs(&self.zones);
        let first_run = !cache.as_deref().is_some_and(Path::is_file);
        let (mut loaded, changes) = if first_run {
            let seed = repo.seed();
            std::thread::scope(|scope| {
                let history = scope.spawn(move || seed.open().last_changes(&dirs));
                let loaded = store::load(&self.root, &self.zones, cache.as_deref());
                (loaded, history.join().expect("the history reader panicked"))
            })
        } else {
            let loaded = store::load(&self.root, &self.zones, cache.as_deref());
            (loaded, repo.last_changes(&dirs))
        };
        if let Ok(changes) = changes {
            stamp_from_history(&changes, &mut loaded);
        }
        loaded
    }
}

impl Workspace {
    /// The atom `id` read alone: its file found by name (an id two files carry is refused, a
    /// file that does not parse is its diagnostic), no other status file opened. None when no
    /// file is named so, or the file names another id (then only reading them all can tell).
    pub fn atom_alone(&self, id: &str) -> Result<Option<Atom>> {
        self.read_alone(id)
    }

    /// The molecule `id` read alone, as [`Workspace::atom_alone`] reads an atom.
    pub fn molecule_alone(&self, id: &str) -> Result<Option<Molecule>> {
        self.read_alone(id)
    }

    fn read_alone<T: StatusFile>(&self, id: &str) -> Result<Option<T>> {
        let Some(rel) = store::locate(&self.root, &self.zones, id)? else {
            return Ok(None);
        };
        let path = store::safe_path(&self.root, &rel)?;
        let bytes = crate::fsutil::read_regular(&path).map_err(|e| Error::io("read", &path, e))?;
        let text = std::str::from_utf8(&bytes).map_err(|_| {
            Error::usage(
                format!("{rel} is not UTF-8 text"),
                Some("save it as UTF-8".to_owned()),
            )
        })?;
        let mut item = crate::doc::write::check_parses(&rel, text, T::parse)?;
        if item.id() != id {
            return Ok(None);
        }
        let mtime = std::fs::metadata(&path)
            .map(|m| crate::doc::cache::Stat::of(&m).mtime)
            .unwrap_or(0);
        let changed = match &self.repo {
            Some(repo) => {
                repo.last_change_of(&crate::config::layout::history_dirs(&self.zones), &rel)?
            }
            None => None,
        };
        let blob = crate::git::blob_id(&bytes);
        let committed = changed.filter(|c| c.blob == blob).map(|c| c.seconds);
        if let Some(time) = stamp_of(committed, mtime) {
            item.set_last_updated(time);
        }
        Ok(Some(item))
    }
}

/// When a file last changed: the time of the commit that left it as it is (`committed`, in
/// seconds), else its modification time (nanoseconds since the epoch).
fn stamp_of(committed: Option<i64>, mtime: i64) -> Option<crate::clock::Stamp> {
    let at = match committed {
        Some(seconds) => chrono::DateTime::from_timestamp(seconds, 0),
        _ if mtime > 0 => {
            chrono::DateTime::from_timestamp(mtime / 1_000_000_000, (mtime % 1_000_000_000) as u32)
        }
        _ => None,
    };
    at.map(crate::clock::Stamp::new)
}

/// Set each atom's and molecule's `last_updated` from git: the author time of the last commit
/// that changed its file, or, for a file changed since HEAD (or never committed), its modification
/// time. The `last_updated` older files carry is read only outside git.
fn stamp_from_history(changes: &crate::git::Changes, loaded: &mut Loaded) {
    let stamp =
        |seconds: i64| chrono::DateTime::from_timestamp(seconds, 0).map(crate::clock::Stamp::new);
    loaded.newest_committed = Some(changes.newest().and_then(stamp));
    // Files were read in path order, as history lists them: one pass over both finds the commit
    // that left each file as it is (none, where it changed since). The items are in id order:
    // each finds its file by binary search. Nothing needs the versions after this: their memory
    // goes back before the command goes on.
    let versions = std::mem::take(&mut loaded.versions);
    let committed: Vec<Option<i64>> = changes
        .of_sorted(versions.iter().map(|(p, _, _)| p.as_str()))
        .zip(&versions)
        .map(|(c, (_, blob, _))| c.filter(|c| c.blob == *blob).map(|c| c.seconds))
        .collect();
    let time_of = |path: &str| {
        let i = versions
            .binary_search_by(|(p, _, _)| p.as_str().cmp(path))
            .ok()?;
        stamp_of(committed[i], versions[i].2)
    };
    for a in &mut loaded.atoms {
        if let Some(t) = time_of(&a.path) {
            a.last_updated = Some(t);
        }
    }
    for m in &mut loaded.molecules {
        if let Some(t) = time_of(&m.path) {
            m.last_updated = Some(t);
        }
    }
}

/// Component progress of a molecule.
#[derive(Debug, Serialize)]
pub struct Rollup {
    /// Component atoms COMPLETED.
    pub completed: usize,
    /// Component atoms in all.
    pub total: usize,
    /// Component atoms BLOCKED.
    pub blocked: Vec<String>,
    /// Component atoms that do not exist.
    pub missing: Vec<String>,
}

/// Everything loaded at once (atoms and molecules by id, and the problems found reading them),
/// with lookups.
pub type Snapshot = Loaded;

impl Snapshot {
    /// The atom `id`.
    pub fn atom(&self, id: &str) -> Option<&Atom> {
        self.atoms
            .binary_search_by(|a| a.id.as_str().cmp(id))
            .ok()
            .map(|i| &self.atoms[i])
    }

    /// The molecule `id`.
    pub fn molecule(&self, id: &str) -> Option<&Molecule> {
        self.molecules
            .binary_search_by(|m| m.id.as_str().cmp(id))
            .ok()
            .map(|i| &self.molecules[i])
    }

    /// Count a molecule's component atoms by state.
    pub fn rollup(&self, m: &Molecule) -> Rollup {
        let mut r = Rollup {
            completed: 0,
            total: m.atoms.len(),
            blocked: Vec::new(),
            missing: Vec::new(),
        };
        for id in &m.atoms {
            match self.atom(id) {
                Some(a) if a.status == Status::Completed => r.completed += 1,
                Some(a) if a.status == Status::Blocked => r.blocked.push(id.clone()),
                Some(_) => {}
                None => r.missing.push(id.clone()),
            }
        }
        r
    }

    /// Whether `id` names an existing atom or molecule.
    pub fn exists(&self, id: &str) -> bool {
        self.atom(id).is_some() || self.molecule(id).is_some()
    }
}

/// `path` with its longest existing ancestor resolved (symlinks followed), the rest as written.
fn real_path(path: &Path) -> PathBuf {
    let mut existing = path.to_path_buf();
    let mut rest = Vec::new();
    while !existing.exists() {
        match (
            existing.file_name().map(|n| n.to_owned()),
            existing.parent(),
        ) {
            (Some(name), Some(parent)) => {
                rest.push(name);
                existing = parent.to_path_buf();
            }
            _ => return path.to_path_buf(),
        }
    }
    let mut out = std::fs::canonicalize(&existing).unwrap_or(existing);
    for name in rest.into_iter().rev() {
        out.push(name);
    }
    out
}
