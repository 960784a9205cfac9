//! `coord hook install|uninstall`: the pre-commit hook.

use clap::Subcommand;

use super::Ctx;
use crate::error::Result;
use crate::hook::{self, Action, Side};
use crate::output::Format;

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Install the pre-commit hook (keeping and chaining an existing one).
    Install {
        /// Write even into a core.hooksPath set in global or system config.
        #[arg(long)]
        force: bool,
        /// Install the server-side gate (`pre-receive`) in the repository everyone pushes to.
        #[arg(long)]
        server: bool,
    },
    /// Remove coord's hooks and restore the ones they chained, if any.
    Uninstall {
        /// Remove the server-side gate instead.
        #[arg(long)]
        server: bool,
    },
}

fn side(server: bool) -> Side {
    if server { Side::Server } else { Side::Client }
}

pub fn run(ctx: &mut Ctx, command: Command) -> Result<i32> {
    ctx.formats(&[Format::Human])?;
    let actions = match command {
        Command::Install { force, server } => {
            let exe = std::env::current_exe()
                .map(|p| p.display().to_string())
                .unwrap_or_else(|_| "coord".to_owned());
            hook::install(&ctx.cwd, &exe, force, side(server))?
        }
        Command::Uninstall { server } => hook::uninstall(&ctx.cwd, side(server))?,
    };
    for action in actions {
        ctx.out.line(match action {
            Action::Chained(p) => format!("kept your existing hook as {} (it runs first)", p.display()),
            Action::Installed(p) => format!("installed {}", p.display()),
            Action::Added(p) => format!("added coord's checks to {} (husky runs it; `coord` must be on PATH)", p.display()),
            Action::MergeDriverSet => "set merge.ours.driver=true: generated dashboards merge without conflicts (run `coord dashboard` after a merge)".to_owned(),
            Action::StatusDriverSet => "set merge.coord.driver: status files merge field by field (`coord merge-file`)".to_owned(),
            Action::AttributesAdded => "added the merge lines to .gitattributes (commit it, so every clone routes files the same way)".to_owned(),
            Action::Removed(p) => format!("removed {}", p.display()),
            Action::Restored(p) => format!("restored your previous hook at {}", p.display()),
            Action::NotInstalled(p) => format!("no coord hook at {}", p.display()),
        });
    }
    Ok(0)
}
