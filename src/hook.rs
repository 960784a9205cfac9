//! The pre-commit hook, in the folder git really runs hooks from. An existing hook is kept and
//! chained (it runs first; its failure blocks the commit).

use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::fsutil;
use crate::git::Repo;
use crate::templates;

const MARK: &str = "Installed by `coord hook install";

/// Where the hooks run: in a clone, or on the server that receives pushes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    /// `pre-commit` (the zone check, lint, dashboards) and `prepare-commit-msg` (amends).
    /// Not `pre-merge-commit`: git runs it before it writes MERGE_HEAD, so the merged-in commits
    /// are unknown there and a check would blame the merger for the other branch's work. Merges
    /// that need no resolution are judged by the range check in CI and on the server.
    Client,
    /// `pre-receive`, in the repository everyone pushes to (bare or not).
    Server,
}

impl Side {
    fn hooks(self) -> &'static [&'static str] {
        match self {
            Side::Client => &["pre-commit", "prepare-commit-msg"],
            Side::Server => &["pre-receive"],
        }
    }
}

/// One thing install or uninstall did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    /// An existing hook was kept under this name; it runs first.
    Chained(PathBuf),
    /// coord's hook was written here.
    Installed(PathBuf),
    /// `merge.ours.driver` was set, so dashboards merge without conflicts.
    MergeDriverSet,
    /// coord's hook was removed from here.
    Removed(PathBuf),
    /// The chained hook was put back here.
    Restored(PathBuf),
    /// There was no coord hook here.
    NotInstalled(PathBuf),
}

fn ours(path: &Path) -> bool {
    std::fs::read_to_string(path).is_ok_and(|t| t.contains(MARK))
}

fn chained(hook: &Path) -> PathBuf {
    let mut name = hook.file_name().unwrap_or_default().to_os_string();
    name.push(".coord-chained");
    hook.with_file_name(name)
}

fn open(start: &Path, side: Side) -> Result<Repo> {
    match side {
        Side::Client => Repo::discover(start),
        Side::Server => Repo::discover_bare_too(start),
    }
}

fn hooks(repo: &Repo, side: Side) -> (Vec<(&'static str, PathBuf)>, Option<String>, PathBuf) {
    let (dir, foreign) = repo.hooks_dir();
    let list = side.hooks().iter().map(|h| (*h, dir.join(h))).collect();
    (list, foreign, dir)
}

/// Install the hooks of `side` into the repository at `start`; `exe` is the coord binary they
/// run. `force` writes even into a hooks folder shared by every repository (global
/// core.hooksPath).
pub fn install(start: &Path, exe: &str, force: bool, side: Side) -> Result<Vec<Action>> {
    let repo = open(start, side)?;
    let (hooks, foreign, dir) = hooks(&repo, side);
    if let Some(source) = foreign
        && !force
    {
        return Err(Error::refused(
            format!(
                "hooks run from {} ({source}), shared by every repository on this machine",
                dir.display()
            ),
            Some("install there anyway with `coord hook install --force`, or set a repository-local core.hooksPath".to_owned()),
        ));
    }
    // Check every hook before touching any, so a refusal changes nothing.
    for (_, hook) in &hooks {
        if hook.exists() && !ours(hook) && chained(hook).exists() {
            return Err(Error::usage(
                format!(
                    "both {} and {} exist",
                    hook.display(),
                    chained(hook).display()
                ),
                Some("remove one of them by hand; coord will not overwrite either".to_owned()),
            ));
        }
    }
    let mut done = Vec::new();
    for (name, hook) in &hooks {
        let script = templates::fill(&templates::get(repo.root(), name), &[("coord", exe)]);
        if hook.exists() && !ours(hook) {
            std::fs::rename(hook, chained(hook)).map_err(|e| Error::io("rename", hook, e))?;
            done.push(Action::Chained(chained(hook)));
        }
        fsutil::write_atomic(hook, script.as_bytes())?;
        make_executable(hook)?;
        done.push(Action::Installed(hook.clone()));
    }
    // `.gitattributes` marks dashboards `merge=ours`; git honours that once the driver exists.
    if side == Side::Client && repo.ensure_local_config("merge.ours.driver", "true")? {
        done.push(Action::MergeDriverSet);
    }
    Ok(done)
}

/// Remove coord's hooks of `side` and restore the ones they chained, if any.
pub fn uninstall(start: &Path, side: Side) -> Result<Vec<Action>> {
    let repo = open(start, side)?;
    let (hooks, _, _) = hooks(&repo, side);
    let mut done = Vec::new();
    for (_, hook) in hooks {
        if !hook.exists() || !ours(&hook) {
            done.push(Action::NotInstalled(hook));
            continue;
        }
        std::fs::remove_file(&hook).map_err(|e| Error::io("remove", &hook, e))?;
        done.push(Action::Removed(hook.clone()));
        if chained(&hook).exists() {
            std::fs::rename(chained(&hook), &hook)
                .map_err(|e| Error::io("rename", chained(&hook), e))?;
            done.push(Action::Restored(hook));
        }
    }
    Ok(done)
}

#[cfg(unix)]
fn make_executable(path: &Path) -> Result<()> {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o755))
        .map_err(|e| Error::io("chmod", path, e))
}

#[cfg(not(unix))]
fn make_executable(_: &Path) -> Result<()> {
    Ok(())
}
