//! `coord hook install|uninstall`: the pre-commit hook, in the folder git really runs hooks from.
//! An existing hook is kept and chained (it runs first; its failure blocks the commit).

use std::path::{Path, PathBuf};

use clap::Subcommand;

use super::Ctx;
use crate::error::{Error, Result};
use crate::fsutil;
use crate::git::Repo;
use crate::templates;

const MARK: &str = "Installed by `coord hook install`";
/// The hooks coord installs. Not `pre-merge-commit`: git runs it before it writes MERGE_HEAD, so
/// the merged-in commits are unknown there and a check would blame the merger for the other
/// branch's work. Merges that need no resolution are judged by `zones check --range` in CI.
const HOOKS: [&str; 1] = ["pre-commit"];

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Install the pre-commit hook (keeping and chaining an existing one).
    Install {
        /// Write even into a core.hooksPath set in global or system config.
        #[arg(long)]
        force: bool,
    },
    /// Remove coord's hook and restore the one it chained, if any.
    Uninstall,
}

fn ours(path: &Path) -> bool {
    std::fs::read_to_string(path).is_ok_and(|t| t.contains(MARK))
}

fn chained(hook: &Path) -> PathBuf {
    let mut name = hook.file_name().unwrap_or_default().to_os_string();
    name.push(".coord-chained");
    hook.with_file_name(name)
}

pub fn run(ctx: &mut Ctx, command: Command) -> Result<i32> {
    let repo = Repo::discover(&ctx.cwd)?;
    let (dir, foreign) = repo.hooks_dir();
    let hooks: Vec<PathBuf> = HOOKS.iter().map(|h| dir.join(h)).collect();
    match command {
        Command::Install { force } => {
            if let Some(source) = foreign
                && !force
            {
                return Err(Error::refused(
                    format!("hooks run from {} ({source}), shared by every repository on this machine", dir.display()),
                    Some("install there anyway with `coord hook install --force`, or set a repository-local core.hooksPath".to_owned()),
                ));
            }
            // Check every hook before touching any, so a refusal changes nothing.
            for hook in &hooks {
                if hook.exists() && !ours(hook) && chained(hook).exists() {
                    return Err(Error::usage(
                        format!(
                            "both {} and {} exist",
                            hook.display(),
                            chained(hook).display()
                        ),
                        Some(
                            "remove one of them by hand; coord will not overwrite either"
                                .to_owned(),
                        ),
                    ));
                }
            }
            let exe = std::env::current_exe()
                .map(|p| p.display().to_string())
                .unwrap_or_else(|_| "coord".to_owned());
            let script = templates::fill(
                &templates::get(repo.root(), "pre-commit"),
                &[("coord", &exe)],
            );
            for hook in &hooks {
                if hook.exists() && !ours(hook) {
                    std::fs::rename(hook, chained(hook))
                        .map_err(|e| Error::io("rename", hook, e))?;
                    ctx.out.line(format!(
                        "kept your existing hook as {} (it runs first)",
                        chained(hook).display()
                    ));
                }
                fsutil::write_atomic(hook, script.as_bytes())?;
                make_executable(hook)?;
                ctx.out.line(format!("installed {}", hook.display()));
            }
            // `.gitattributes` marks dashboards `merge=ours`; git honours that once the driver exists.
            if repo.ensure_local_config("merge.ours.driver", "true")? {
                ctx.out.line("set merge.ours.driver=true: generated dashboards merge without conflicts (run `coord dashboard` after a merge)");
            }
            Ok(0)
        }
        Command::Uninstall => {
            for hook in &hooks {
                if !hook.exists() || !ours(hook) {
                    ctx.out.line(format!("no coord hook at {}", hook.display()));
                    continue;
                }
                std::fs::remove_file(hook).map_err(|e| Error::io("remove", hook, e))?;
                ctx.out.line(format!("removed {}", hook.display()));
                if chained(hook).exists() {
                    std::fs::rename(chained(hook), hook)
                        .map_err(|e| Error::io("rename", chained(hook), e))?;
                    ctx.out
                        .line(format!("restored your previous hook at {}", hook.display()));
                }
            }
            Ok(0)
        }
    }
}

#[cfg(unix)]
fn make_executable(path: &std::path::Path) -> Result<()> {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o755))
        .map_err(|e| Error::io("chmod", path, e))
}

#[cfg(not(unix))]
fn make_executable(_: &std::path::Path) -> Result<()> {
    Ok(())
}
