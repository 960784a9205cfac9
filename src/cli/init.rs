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
    /// Also write GitHub Actions workflows: dashboards regenerated on the default branch after each merge, and a pull request check with a summary.
    #[arg(long)]
    github: bool,
}

pub fn run(ctx: &mut Ctx, args: Args) -> Result<i32> {
    ctx.formats(&[Format::Human])?;
    let teams = args
        .teams
        .iter()
        .map(|t| init::parse_team(t))
        .collect::<Result<Vec<_>>>()?;
    let now = ctx.env.now()?;
    let report = init::init(&ctx.cwd, &teams, now.given.then_some(now.at), args.github)?;
    for c in &report.created {
        ctx.out.line(format!("created  {c}"));
    }
    for k in &report.kept {
        ctx.out.line(format!("kept     {k}"));
    }
    if args.github && !report.dashboards_by_ci {
        ctx.out.line("next: set `dashboard: { update: ci }` in zones.yaml, so that the workflows own the dashboards and branches leave them alone");
    }
    ctx.out.line(if report.has_teams {
        "next: `coord atoms new \"Title\" --team ID`, then `coord hook install`"
    } else {
        "next: add teams to zones.yaml (or rerun with --team ID:DIR), then `coord init` again"
    });
    Ok(0)
}
