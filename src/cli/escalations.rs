//! `coord escalations …`: list, acknowledge, resolve, and migrate older escalations.

use clap::Subcommand;

use super::{Ctx, HUMAN_JSON, table};
use crate::error::Result;
use crate::escalations;
use crate::output::Format;

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Every escalation with its effective level, the people it involves and whether its
    /// response time has passed.
    List {
        /// Only those not resolved.
        #[arg(long)]
        open: bool,
    },
    /// Answer an escalation: its level stops rising.
    Ack {
        /// Escalation id (ESC-001).
        #[arg(add = clap_complete::engine::ArgValueCandidates::new(crate::cli::complete::escalations))]
        id: String,
        /// Who answers (else git config user.email).
        #[arg(long, value_name = "WHO")]
        by: Option<String>,
    },
    /// Resolve an escalation, saying how.
    Resolve {
        /// Escalation id.
        #[arg(add = clap_complete::engine::ArgValueCandidates::new(crate::cli::complete::escalations))]
        id: String,
        /// How it was resolved.
        #[arg(long)]
        resolution: String,
    },
    /// Move the escalations older files keep inside atoms and molecules into ESC records.
    Migrate,
}

pub fn run(ctx: &mut Ctx, command: Command) -> Result<i32> {
    ctx.formats(HUMAN_JSON)?;
    let ws = ctx.workspace()?;
    let now = ctx.now()?;
    match command {
        Command::List { open } => {
            let mut list = escalations::list(&ws, now.at());
            list.retain(|v| !open || v.is_open());
            if ctx.format == Format::Json {
                ctx.out.json(&list);
                return Ok(0);
            }
            let rows: Vec<Vec<String>> = list
                .iter()
                .map(|v| {
                    let state = match (&v.resolved, &v.acknowledged, v.late) {
                        (Some(_), _, _) => "resolved",
                        (None, Some(_), _) => "acknowledged",
                        (None, None, true) => "response time passed",
                        (None, None, false) => "open",
                    };
                    let level = if v.effective_level == v.level {
                        v.level.to_string()
                    } else {
                        format!("{} (raised at {})", v.effective_level, v.level)
                    };
                    vec![
                        v.id.clone(),
                        v.subject.clone(),
                        level,
                        state.to_owned(),
                        v.raised.clone(),
                        v.involves.join(", "),
                        v.reason.clone(),
                    ]
                })
                .collect();
            let header = ["ID", "ON", "LEVEL", "STATE", "RAISED", "INVOLVES", "REASON"];
            ctx.show(&table(&header, &rows));
        }
        Command::Ack { id, by } => {
            let r = escalations::acknowledge(&ws, &escalations::id(&id)?, by.as_deref(), &now)?;
            ctx.say(&r, format!("{} acknowledged", r.id));
        }
        Command::Resolve { id, resolution } => {
            let r = escalations::step(&ws, &escalations::id(&id)?, |r| {
                escalations::lifecycle::resolve(r, &resolution, &now)
            })?;
            ctx.say(&r, format!("{} resolved: {resolution}", r.id));
        }
        Command::Migrate => {
            let written = escalations::migrate(&ws)?;
            let ids: Vec<&str> = written.iter().map(|r| r.id.as_str()).collect();
            let text = if ids.is_empty() {
                "No escalation inside an atom or a molecule: nothing to migrate".to_owned()
            } else {
                format!("Migrated {} escalations: {}", ids.len(), ids.join(", "))
            };
            ctx.say(&written, text);
        }
    }
    Ok(0)
}
