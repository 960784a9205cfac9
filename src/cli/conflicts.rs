//! `coord conflicts`: overlapping claims here, and with other branches and worktrees.

use super::{Ctx, FINDINGS};
use crate::conflicts::{self, Reach};
use crate::error::Result;
use crate::output::Format;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Also compare with other local branches and linked worktrees (the default).
    #[arg(long, overrides_with = "no_all_branches")]
    all_branches: bool,
    /// Only this work tree.
    #[arg(long)]
    no_all_branches: bool,
}

pub fn run(ctx: &mut Ctx, args: Args) -> Result<i32> {
    ctx.formats(FINDINGS)?;
    let reach = if args.no_all_branches && !args.all_branches {
        Reach::Here
    } else {
        Reach::Everywhere
    };
    let found = conflicts::gather(&ctx.workspace()?, reach)?;
    ctx.findings(&found);
    if ctx.format == Format::Human {
        let scope = match reach {
            Reach::Here => " (this work tree)",
            Reach::Everywhere => " (this work tree, other local branches and worktrees)",
        };
        ctx.out.line(format!("conflicts: {}{scope}", found.len()));
    }
    Ok(i32::from(!found.is_empty()))
}
