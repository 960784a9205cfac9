//! `coord decisions …`: the decision log.

use clap::Subcommand;

use super::{Ctx, HUMAN_JSON, list_or_dash, table};
use crate::decisions::{self, NewDecision};
use crate::doc::decision::{Decision, DecisionStatus};
use crate::error::{Error, Result};
use crate::output::Format;

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Propose a decision: context, the options considered, who decides, what it concerns.
    New {
        /// What is to be decided.
        title: String,
        /// Why a decision is needed.
        #[arg(long)]
        context: Option<String>,
        /// An option considered (repeatable).
        #[arg(long = "option", value_name = "TEXT")]
        options: Vec<String>,
        /// A team or person who decides (repeatable).
        #[arg(long = "decider", value_name = "WHO")]
        deciders: Vec<String>,
        /// An atom, molecule, risk or decision it concerns (repeatable).
        #[arg(long = "link", value_name = "ID")]
        links: Vec<String>,
    },
    /// Accept a proposal: option N, or the decision in words.
    Accept {
        /// Decision id.
        #[arg(add = clap_complete::engine::ArgValueCandidates::new(crate::cli::complete::decisions))]
        id: String,
        /// The option chosen, from 1.
        #[arg(long, conflicts_with = "decision")]
        option: Option<usize>,
        /// The decision in words.
        #[arg(long)]
        decision: Option<String>,
        /// What follows from it.
        #[arg(long)]
        consequences: Option<String>,
    },
    /// Reject a proposal.
    Reject {
        /// Decision id.
        #[arg(add = clap_complete::engine::ArgValueCandidates::new(crate::cli::complete::decisions))]
        id: String,
    },
    /// Mark an accepted decision as replaced by a later one.
    Supersede {
        /// Decision id.
        #[arg(add = clap_complete::engine::ArgValueCandidates::new(crate::cli::complete::decisions))]
        id: String,
        /// The decision that replaces it.
        #[arg(long)]
        by: String,
    },
    /// List decisions, newest first.
    List {
        /// Only this status: PROPOSED, ACCEPTED, REJECTED or SUPERSEDED.
        #[arg(long)]
        status: Option<String>,
    },
    /// Show one decision.
    Show {
        /// Decision id.
        #[arg(add = clap_complete::engine::ArgValueCandidates::new(crate::cli::complete::decisions))]
        id: String,
    },
}

pub fn run(ctx: &mut Ctx, command: Command) -> Result<i32> {
    ctx.formats(HUMAN_JSON)?;
    let ws = ctx.workspace()?;
    let today = ctx.now()?;
    match command {
        Command::New {
            title,
            context,
            options,
            deciders,
            links,
        } => {
            let spec = NewDecision {
                title,
                context,
                options,
                deciders,
                links,
            };
            let d = decisions::create(&ws, &spec, &today)?;
            ctx.say(&d, format!("Proposed {} at {}", d.id, d.path));
        }
        Command::Accept {
            id,
            option,
            decision,
            consequences,
        } => {
            let d = decisions::step(&ws, &decisions::id(&id)?, |d| {
                decisions::accept(
                    d,
                    option,
                    decision.as_deref(),
                    consequences.as_deref(),
                    &today,
                )
            })?;
            let text = format!(
                "{} is ACCEPTED: {}",
                d.id,
                d.decision.as_deref().unwrap_or("")
            );
            ctx.say(&d, text);
        }
        Command::Reject { id } => {
            let d = decisions::step(&ws, &decisions::id(&id)?, |d| decisions::reject(d, &today))?;
            ctx.say(&d, format!("{} is REJECTED", d.id));
        }
        Command::Supersede { id, by } => {
            let by = decisions::id(&by)?;
            if !decisions::exists(&ws, &std::cell::OnceCell::new(), &by) {
                return Err(Error::usage(format!("no decision {by}"), None));
            }
            let d = decisions::step(&ws, &decisions::id(&id)?, |d| {
                decisions::supersede(d, &by, &today)
            })?;
            ctx.say(&d, format!("{} is SUPERSEDED by {by}", d.id));
        }
        Command::List { status } => {
            let status = status
                .map(|s| {
                    DecisionStatus::parse(&s).ok_or_else(|| {
                        Error::usage(
                            format!("unknown decision status `{s}`"),
                            Some("use PROPOSED, ACCEPTED, REJECTED or SUPERSEDED".to_owned()),
                        )
                    })
                })
                .transpose()?;
            let list = decisions::list(&ws, status);
            if ctx.format == Format::Json {
                ctx.out.json(&list);
            } else {
                let rows: Vec<Vec<String>> = list
                    .iter()
                    .map(|d| {
                        vec![
                            d.id.clone(),
                            d.status.as_str().to_owned(),
                            d.date.clone().unwrap_or_else(|| "-".into()),
                            d.title.clone(),
                        ]
                    })
                    .collect();
                ctx.show(&table(&["ID", "STATUS", "DATE", "TITLE"], &rows));
            }
        }
        Command::Show { id } => {
            let id = decisions::id(&id)?;
            let (all, _) = decisions::load(&ws);
            let d = all.into_iter().find(|d| d.id == id).ok_or_else(|| {
                Error::usage(
                    format!("no decision {id}"),
                    Some("list them with `coord decisions list`".to_owned()),
                )
            })?;
            if ctx.format == Format::Json {
                ctx.out.json(&d);
            } else {
                ctx.show(&show(&d));
            }
        }
    }
    Ok(0)
}

fn show(d: &Decision) -> String {
    let dash = |v: &Option<String>| v.clone().unwrap_or_else(|| "-".into());
    let mut lines = vec![
        format!("{}: {}", d.id, d.title),
        format!("  file:         {}", d.path),
        format!("  status:       {}", d.status.as_str()),
        format!("  date:         {}", dash(&d.date)),
        format!("  deciders:     {}", list_or_dash(&d.deciders)),
        format!("  context:      {}", dash(&d.context)),
    ];
    lines.push("  options:".to_owned());
    for (i, o) in d.options.iter().enumerate() {
        lines.push(format!("    {}. {o}", i + 1));
    }
    lines.push(format!("  decision:     {}", dash(&d.decision)));
    lines.push(format!("  consequences: {}", dash(&d.consequences)));
    lines.push(format!("  links:        {}", list_or_dash(&d.links)));
    if let Some(by) = &d.superseded_by {
        lines.push(format!("  superseded by {by}"));
    }
    lines.join("\n") + "\n"
}
