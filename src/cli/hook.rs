//! `coord hook install|uninstall`: the pre-commit hook.

use clap::Subcommand;

use super::Ctx;
use crate::error::Result;
use crate::hook::{self, Action};
use crate::output::Format;

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

pub fn run(ctx: &mut Ctx, command: Command) -> Result<i32> {
    ctx.formats(&[Format::Human])?;
    let actions = match command {
        Command::Install { force } => {
            let exe = std::env::current_exe()
                .map(|p| p.display().to_string())
                .unwrap_or_else(|_| "coord".to_owned());
            hook::install(&ctx.cwd, &exe, force)?
        }
        Command::Uninstall => hook::uninstall(&ctx.cwd)?,
    };
    for action in actions {
        ctx.out.line(match action {
            Action::Chained(p) => format!("kept your existing hook as {} (it runs first)", p.display()),
            Action::Installed(p) => format!("installed {}", p.display()),
            Action::MergeDriverSet => "set merge.ours.driver=true: generated dashboards merge without conflicts (run `coord dashboard` after a merge)".to_owned(),
            Action::Removed(p) => format!("removed {}", p.display()),
            Action::Restored(p) => format!("restored your previous hook at {}", p.display()),
            Action::NotInstalled(p) => format!("no coord hook at {}", p.display()),
        });
    }
    Ok(0)
}
