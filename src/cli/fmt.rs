//! `coord fmt`: lay status files out so that git merges them field by field.

use super::Ctx;
use crate::doc::layout;
use crate::error::Result;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Change nothing: list the files that are not laid out, and exit 1 if there are any.
    #[arg(long)]
    check: bool,
}

pub fn run(ctx: &mut Ctx, args: Args) -> Result<i32> {
    ctx.formats(super::HUMAN_JSON)?;
    let ws = ctx.workspace()?;
    let changed = layout::apply(&ws.root, &ws.zones, args.check)?;
    let verb = if args.check {
        "not laid out"
    } else {
        "laid out"
    };
    let mut lines: Vec<String> = changed.iter().map(|p| format!("{verb}: {p}")).collect();
    if changed.is_empty() {
        lines.push("fmt: every status file is laid out".to_owned());
    } else if args.check {
        lines.push("hint: run `coord fmt` and commit the result".to_owned());
    }
    ctx.say(&changed, lines.join("\n"));
    Ok(i32::from(args.check && !changed.is_empty()))
}
