//! `coord lint`: check every status file and zones.yaml.

use super::{Ctx, FINDINGS};
use crate::error::Result;
use crate::finding;
use crate::lint;
use crate::output::Format;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Only report problems in status files (and zones.yaml) staged for the next commit.
    #[arg(long)]
    staged: bool,
}

pub fn run(ctx: &mut Ctx, args: Args) -> Result<i32> {
    ctx.formats(FINDINGS)?;
    let findings = lint::run(&ctx.cwd, args.staged)?;
    ctx.findings(&findings);
    if ctx.format == Format::Human {
        let (errors, warnings) = finding::count(&findings);
        if findings.is_empty() {
            ctx.out.line("lint: no problems");
        } else {
            ctx.out
                .line(format!("lint: {errors} errors, {warnings} warnings"));
        }
    }
    Ok(i32::from(finding::has_errors(&findings)))
}
