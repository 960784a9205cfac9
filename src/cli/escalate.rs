//! `coord escalate`: raise or resolve an escalation on an atom or a molecule.

use super::{Ctx, HUMAN_JSON};
use crate::error::Result;
use crate::escalations::{self, Request};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Atom or molecule id.
    id: String,
    /// Escalation level (from zones.yaml `escalation`).
    #[arg(long, required_unless_present = "resolve")]
    level: Option<u32>,
    /// Why.
    #[arg(long, required_unless_present = "resolve")]
    reason: Option<String>,
    /// Resolve its open escalations instead.
    #[arg(long, conflicts_with_all = ["level", "reason"])]
    resolve: bool,
}

pub fn run(ctx: &mut Ctx, args: Args) -> Result<i32> {
    ctx.formats(HUMAN_JSON)?;
    let request = match (args.resolve, args.level, args.reason) {
        (false, Some(level), Some(reason)) => Request::Raise { level, reason },
        _ => Request::Resolve,
    };
    let outcome = escalations::apply(&ctx.workspace()?, &args.id, &request, &ctx.now()?)?;
    let text = match &outcome.level {
        Some(l) => format!(
            "{}: escalated to level {} ({}, response within {}); {} open",
            outcome.id, l.level, l.name, l.response, outcome.open
        ),
        None => format!("{}: escalations resolved", outcome.id),
    };
    ctx.say(&outcome, text);
    Ok(0)
}
