//! `coord claims`: who holds which atom, as the shared remote has it.

use super::{Ctx, HUMAN_JSON, table};
use crate::error::Result;
use crate::output::Format;

#[derive(Debug, clap::Args)]
pub struct Args {}

pub fn run(ctx: &mut Ctx, _args: Args) -> Result<i32> {
    ctx.formats(HUMAN_JSON)?;
    let ws = ctx.workspace()?;
    let ledger = ws.claims()?;
    ledger.refresh()?;
    let list = ledger.list()?;
    if ctx.format == Format::Json {
        ctx.out.json(&list);
        return Ok(0);
    }
    let now = ctx.env.now()?.at;
    let rows: Vec<Vec<String>> = list
        .iter()
        .map(|c| {
            let expires = if c.expired(now) {
                format!("{} (expired)", c.expires)
            } else {
                c.expires.to_string()
            };
            vec![
                c.id.clone(),
                c.holder.clone(),
                c.team.clone(),
                c.since.to_string(),
                expires,
                c.branch.clone().unwrap_or_else(|| "-".to_owned()),
            ]
        })
        .collect();
    ctx.out.write(&table(
        &["ID", "HOLDER", "TEAM", "SINCE", "EXPIRES", "BRANCH"],
        &rows,
    ));
    let place = ledger.remote().map_or_else(
        || "this repository (no remote, or --offline)".to_owned(),
        |r| format!("remote {r}"),
    );
    ctx.out.line(format!("{} claims on {place}", list.len()));
    Ok(0)
}
