//! `coord escalate`: raise an escalation on an atom or a molecule (any team may), or resolve
//! its open ones.

use super::{Ctx, HUMAN_JSON};
use crate::error::Result;
use crate::escalations::{self, Request};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Atom or molecule id.
    #[arg(add = clap_complete::engine::ArgValueCandidates::new(crate::cli::complete::items))]
    id: String,
    /// Escalation level (from zones.yaml `escalation`).
    #[arg(long, required_unless_present = "resolve")]
    level: Option<u32>,
    /// Why.
    #[arg(long, required_unless_present = "resolve")]
    reason: Option<String>,
    /// Who raises it (else git config user.email).
    #[arg(long, value_name = "WHO")]
    by: Option<String>,
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
    let ws = ctx.workspace()?;
    let outcome = escalations::apply(&ws, &args.id, &request, args.by.as_deref(), &ctx.now()?)?;
    let text = match (&outcome.level, &outcome.raised) {
        (Some(l), Some(esc)) => {
            let people = outcome
                .escalations
                .iter()
                .find(|v| v.id == *esc)
                .map(|v| v.involves.join(", "))
                .filter(|p| !p.is_empty())
                .unwrap_or_else(|| "nobody named in zones.yaml".to_owned());
            format!(
                "{}: {esc} raised at level {} ({}, response within {}), involving {people}; {} open",
                outcome.id, l.level, l.name, l.response, outcome.open
            )
        }
        _ => format!("{}: escalations resolved", outcome.id),
    };
    ctx.say(&outcome, text);
    Ok(0)
}
