//! `coord agents`: who works on what (the agent matrix).

use super::{Ctx, HUMAN_JSON, table};
use crate::agents;
use crate::error::Result;
use crate::output::Format;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Only this team's atoms.
    #[arg(long)]
    team: Option<String>,
}

pub fn run(ctx: &mut Ctx, args: Args) -> Result<i32> {
    ctx.formats(HUMAN_JSON)?;
    let now = ctx.now()?.at();
    let matrix = agents::list(&ctx.workspace()?, args.team.as_deref(), now)?;
    if ctx.format == Format::Json {
        ctx.out.json(&matrix);
        return Ok(0);
    }
    let dash = |v: &Option<String>| v.clone().unwrap_or_else(|| "-".to_owned());
    let mut rows = Vec::new();
    for agent in &matrix {
        let counts = format!("{} queued, {} done", agent.queued, agent.completed);
        if agent.holding.is_empty() {
            let empty = || "-".to_owned();
            rows.push(vec![
                agent.who.clone(),
                empty(),
                "idle".to_owned(),
                empty(),
                empty(),
                empty(),
                empty(),
                counts,
            ]);
            continue;
        }
        for (i, w) in agent.holding.iter().enumerate() {
            let note = match (&w.blocked_reason, w.late) {
                (Some(reason), _) if w.status == "BLOCKED" => format!("blocked: {reason}"),
                (_, true) => "late".to_owned(),
                _ => String::new(),
            };
            let note = if i == 0 {
                [note, counts.clone()]
                    .into_iter()
                    .filter(|s| !s.is_empty())
                    .collect::<Vec<_>>()
                    .join("; ")
            } else {
                note
            };
            rows.push(vec![
                if i == 0 {
                    agent.who.clone()
                } else {
                    String::new()
                },
                w.id.clone(),
                w.status.clone(),
                dash(&w.started),
                dash(&w.estimated),
                dash(&w.expected_finish),
                dash(&w.due),
                note,
            ]);
        }
    }
    if rows.is_empty() {
        ctx.show("No atom is assigned to anyone.\n");
        return Ok(0);
    }
    let text = table(
        &[
            "WHO", "ATOM", "STATUS", "SINCE", "ESTIMATE", "EXPECTED", "DUE", "NOTES",
        ],
        &rows,
    );
    ctx.show(&text);
    Ok(0)
}
