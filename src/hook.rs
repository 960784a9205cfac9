//! Installing coord's hooks where git really runs them, beside the hooks already there: an
//! existing hook is chained (it runs first; its failure blocks the commit); under husky the
//! checks go into the team's own tracked hook files; a hook the pre-commit framework moved to
//! `*.legacy` is still found and removed.

use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::fsutil;
use crate::git::Repo;
use crate::templates;

const MARK: &str = "Installed by `coord hook install";
/// The first and last line of the block coord adds to a tracked hook file (husky).
const BEGIN: &str = "# >>> coord: added by `coord hook install`; `coord hook uninstall` removes it";
const END: &str = "# <<< coord";

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
    /// coord's checks were added to this tracked hook file (husky).
    Added(PathBuf),
    /// `merge.ours.driver` was set, so dashboards merge without conflicts.
    MergeDriverSet,
    /// `merge.coord.driver` was set: status files merge field by field.
    StatusDriverSet,
    /// `.gitattributes` gained the lines that route files to the merge drivers.
    AttributesAdded,
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

fn with_suffix(hook: &Path, suffix: &str) -> PathBuf {
    let mut name = hook.file_name().unwrap_or_default().to_os_string();
    name.push(suffix);
    hook.with_file_name(name)
}

fn chained(hook: &Path) -> PathBuf {
    with_suffix(hook, ".coord-chained")
}

fn open(start: &Path, side: Side) -> Result<Repo> {
    match side {
        Side::Client => Repo::discover(start),
        Side::Server => Repo::discover_bare_too(start),
    }
}

/// Where hooks live: git's hooks folder, or husky's, whose generated `_` folder must not be
/// touched (husky rewrites it) and whose tracked folder holds the team's own hook files.
enum Layout {
    Plain(PathBuf),
    Husky(PathBuf),
}

fn layout(repo: &Repo) -> (Layout, Option<String>) {
    let (dir, foreign) = repo.hooks_dir();
    let husky = dir.file_name().is_some_and(|n| n == "_")
        && std::fs::read_to_string(dir.join("h")).is_ok_and(|t| t.contains("husky"));
    match dir.parent() {
        Some(tracked) if husky => (Layout::Husky(tracked.to_path_buf()), foreign),
        _ => (Layout::Plain(dir), foreign),
    }
}

/// The checks a hook runs, as shell lines using `$COORD`.
fn checks(repo: &Repo, hook: &str) -> String {
    templates::get(repo.root(), &format!("{hook}-checks"))
}

/// Install the hooks of `side` into the repository at `start`; `exe` is the coord binary they
/// run. `force` writes even into a hooks folder shared by every repository (global
/// core.hooksPath).
pub fn install(start: &Path, exe: &str, force: bool, side: Side) -> Result<Vec<Action>> {
    let repo = open(start, side)?;
    let (layout, foreign) = layout(&repo);
    let husky = matches!(layout, Layout::Husky(_));
    let mut done = match layout {
        Layout::Husky(tracked) if side == Side::Client => install_husky(&repo, &tracked)?,
        Layout::Husky(dir) | Layout::Plain(dir) => {
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
            install_plain(&repo, &dir, exe, side)?
        }
    };
    // `.gitattributes` marks dashboards `merge=ours`; git honours that once the driver exists.
    if side == Side::Client {
        if repo.ensure_local_config("merge.ours.driver", "true")? {
            done.push(Action::MergeDriverSet);
        }
        // Husky hooks run `coord` from PATH; so does the driver there.
        let program = if husky { "coord" } else { exe };
        let name_set = repo.ensure_local_config(
            "merge.coord.name",
            "coord: status files merged field by field",
        )?;
        let driver_set = repo.ensure_local_config(
            "merge.coord.driver",
            &format!("{} merge-file %O %A %B %P", shell_quote(program)),
        )?;
        if name_set || driver_set {
            done.push(Action::StatusDriverSet);
        }
        let zones = crate::config::load(repo.root())?;
        if crate::init::ensure_attributes(repo.root(), &zones)? {
            done.push(Action::AttributesAdded);
        }
    }
    Ok(done)
}

/// `text` as one word for a POSIX shell.
fn shell_quote(text: &str) -> String {
    format!("'{}'", text.replace('\'', "'\\''"))
}

fn install_plain(repo: &Repo, dir: &Path, exe: &str, side: Side) -> Result<Vec<Action>> {
    let hooks: Vec<(&str, PathBuf)> = side.hooks().iter().map(|h| (*h, dir.join(h))).collect();
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
        let script = templates::fill(
            &templates::get(repo.root(), name),
            &[("coord", exe), ("checks", &checks(repo, name))],
        );
        if hook.exists() && !ours(hook) {
            std::fs::rename(hook, chained(hook)).map_err(|e| Error::io("rename", hook, e))?;
            done.push(Action::Chained(chained(hook)));
        }
        fsutil::write_atomic(hook, script.as_bytes())?;
        make_executable(hook)?;
        done.push(Action::Installed(hook.clone()));
    }
    Ok(done)
}

/// Under husky, add coord's checks to the team's own hook files (tracked, so they run for
/// everyone): `coord` from PATH, never this machine's path to it.
fn install_husky(repo: &Repo, tracked: &Path) -> Result<Vec<Action>> {
    let mut done = Vec::new();
    for name in Side::Client.hooks() {
        let path = tracked.join(name);
        let existing = std::fs::read_to_string(&path).unwrap_or_default();
        let kept = remove_block(&existing);
        let block = format!("{BEGIN}\nCOORD=coord\n{}{END}\n", checks(repo, name));
        let mut text = kept.clone();
        if !text.is_empty() && !text.ends_with('\n') {
            text.push('\n');
        }
        text.push_str(&block);
        if text != existing {
            fsutil::write_atomic(&path, text.as_bytes())?;
        }
        done.push(Action::Added(path));
    }
    Ok(done)
}

/// `text` without coord's block.
fn remove_block(text: &str) -> String {
    let (Some(begin), Some(end)) = (text.find(BEGIN), text.find(END)) else {
        return text.to_owned();
    };
    if end < begin {
        return text.to_owned();
    }
    let after = text[end + END.len()..].trim_start_matches('\n');
    format!("{}{after}", &text[..begin])
}

/// Remove coord's hooks of `side` and restore the ones they chained, if any.
pub fn uninstall(start: &Path, side: Side) -> Result<Vec<Action>> {
    let repo = open(start, side)?;
    match layout(&repo).0 {
        Layout::Husky(tracked) if side == Side::Client => uninstall_husky(&tracked),
        Layout::Husky(dir) | Layout::Plain(dir) => uninstall_plain(&dir, side),
    }
}

fn uninstall_plain(dir: &Path, side: Side) -> Result<Vec<Action>> {
    let mut done = Vec::new();
    for name in side.hooks() {
        let hook = dir.join(name);
        // The pre-commit framework moves a hook it finds to `*.legacy` and runs it from there.
        let legacy = with_suffix(&hook, ".legacy");
        let at = [&hook, &legacy].into_iter().find(|h| ours(h));
        let Some(at) = at else {
            done.push(Action::NotInstalled(hook));
            continue;
        };
        std::fs::remove_file(at).map_err(|e| Error::io("remove", at, e))?;
        done.push(Action::Removed(at.clone()));
        if chained(&hook).exists() {
            std::fs::rename(chained(&hook), at)
                .map_err(|e| Error::io("rename", chained(&hook), e))?;
            done.push(Action::Restored(at.clone()));
        }
    }
    Ok(done)
}

fn uninstall_husky(tracked: &Path) -> Result<Vec<Action>> {
    let mut done = Vec::new();
    for name in Side::Client.hooks() {
        let path = tracked.join(name);
        let existing = std::fs::read_to_string(&path).unwrap_or_default();
        let kept = remove_block(&existing);
        if kept == existing {
            done.push(Action::NotInstalled(path));
            continue;
        }
        if kept.trim().is_empty() {
            std::fs::remove_file(&path).map_err(|e| Error::io("remove", &path, e))?;
        } else {
            fsutil::write_atomic(&path, kept.as_bytes())?;
        }
        done.push(Action::Removed(path));
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_block_comes_out_as_it_went_in() {
        let user = "npm test\n";
        let with = format!("{user}{BEGIN}\nCOORD=coord\nchecks\n{END}\n");
        assert_eq!(remove_block(&with), user);
        assert_eq!(remove_block(user), user);
        let between = format!("a\n{BEGIN}\nx\n{END}\nb\n");
        assert_eq!(remove_block(&between), "a\nb\n");
    }
}
