//! `coord init`: zones.yaml, team folders, JOINT_COORDINATION/ and editor/git support files.

use super::Ctx;
use crate::error::Result;
use crate::init;
use crate::output::Format;

#[derive(Debug, Default, clap::Args)]
pub struct Args {
    /// A team as ID:DIR or ID:DIR:Display Name (repeatable). Without any, zones.yaml is a commented starter.
    #[arg(long = "team", value_name = "ID:DIR[:NAME]")]
    teams: Vec<String>,
}

pub fn run(ctx: &mut Ctx, args: Args) -> Result<i32> {
    ctx.formats(&[Format::Human])?;
    let teams = args
        .teams
        .iter()
        .map(|t| init::parse_team(t))
        .collect::<Result<Vec<_>>>()?;
    let now = ctx.env.now()?;
    let report = init::init(&ctx.cwd, &teams, now.given.then_some(now.at))?;
    for c in &report.created {
        ctx.out.line(format!("created  {c}"));
    }
    for k in &report.kept {
        ctx.out.line(format!("kept     {k}"));
    }
    ctx.out.line(if report.has_teams {
        "next: `coord atoms new \"Title\" --team ID`, then `coord hook install`"
    } else {
        "next: add teams to zones.yaml (or rerun with --team ID:DIR), then `coord init` again"
    });
    Ok(0)
}
