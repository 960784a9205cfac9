//! `coord risks …`: the risk register.

use clap::Subcommand;

use super::{Ctx, HUMAN_JSON, list_or_dash, table};
use crate::doc::risk::Risk;
use crate::error::{Error, Result};
use crate::output::Format;
use crate::risks::{self, RiskSpec};

/// The fields a risk is created or updated with.
#[derive(Debug, clap::Args)]
pub struct Fields {
    /// LOW, MEDIUM or HIGH.
    #[arg(long)]
    probability: Option<String>,
    /// LOW, MEDIUM, HIGH or CRITICAL.
    #[arg(long)]
    impact: Option<String>,
    /// The owning team.
    #[arg(long)]
    owner: Option<String>,
    /// What is done to make it less likely or less bad.
    #[arg(long)]
    mitigation: Option<String>,
    /// What would show it is happening.
    #[arg(long)]
    trigger: Option<String>,
    /// An atom or molecule it threatens (repeatable; update adds).
    #[arg(long = "atom", value_name = "ID")]
    atoms: Vec<String>,
}

impl Fields {
    fn spec(self, title: Option<String>, status: Option<String>) -> RiskSpec {
        RiskSpec {
            title,
            probability: self.probability,
            impact: self.impact,
            owner: self.owner,
            status,
            mitigation: self.mitigation,
            trigger: self.trigger,
            atoms: self.atoms,
        }
    }
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Register a risk (OPEN).
    New {
        /// What could go wrong.
        title: String,
        #[command(flatten)]
        fields: Fields,
    },
    /// Change a risk's fields (and --status OPEN, MITIGATING, CLOSED or OCCURRED).
    Update {
        /// Risk id.
        #[arg(add = clap_complete::engine::ArgValueCandidates::new(crate::cli::complete::risks))]
        id: String,
        /// New title.
        #[arg(long)]
        title: Option<String>,
        /// New status.
        #[arg(long)]
        status: Option<String>,
        #[command(flatten)]
        fields: Fields,
    },
    /// Close a risk: it no longer threatens.
    Close {
        /// Risk id.
        #[arg(add = clap_complete::engine::ArgValueCandidates::new(crate::cli::complete::risks))]
        id: String,
    },
    /// Record that a risk happened.
    Occurred {
        /// Risk id.
        #[arg(add = clap_complete::engine::ArgValueCandidates::new(crate::cli::complete::risks))]
        id: String,
    },
    /// List risks, the most severe first.
    List {
        /// Only OPEN and MITIGATING ones.
        #[arg(long)]
        open: bool,
        /// Only this team's.
        #[arg(long)]
        owner: Option<String>,
    },
    /// Show one risk.
    Show {
        /// Risk id.
        #[arg(add = clap_complete::engine::ArgValueCandidates::new(crate::cli::complete::risks))]
        id: String,
    },
}

pub fn run(ctx: &mut Ctx, command: Command) -> Result<i32> {
    ctx.formats(HUMAN_JSON)?;
    let ws = ctx.workspace()?;
    match command {
        Command::New { title, fields } => {
            let r = risks::create(&ws, fields.spec(Some(title), None))?;
            ctx.say(&r, format!("Registered {} at {}", r.id, r.path));
        }
        Command::Update {
            id,
            title,
            status,
            fields,
        } => {
            let spec = fields.spec(title, status).check(&ws)?;
            let r = risks::step(&ws, &risks::id(&id)?, |r| risks::update(r, &spec))?;
            ctx.say(&r, format!("{} updated", r.id));
        }
        Command::Close { id } => {
            let r = risks::step(&ws, &risks::id(&id)?, |r| risks::settle(r, "CLOSED"))?;
            ctx.say(&r, format!("{} is CLOSED", r.id));
        }
        Command::Occurred { id } => {
            let r = risks::step(&ws, &risks::id(&id)?, |r| risks::settle(r, "OCCURRED"))?;
            ctx.say(&r, format!("{} OCCURRED", r.id));
        }
        Command::List { open, owner } => {
            if let Some(o) = &owner {
                ws.zones.require_team(o)?;
            }
            let list = risks::list(&ws, open, owner.as_deref());
            if ctx.format == Format::Json {
                ctx.out.json(&list);
            } else {
                let rows: Vec<Vec<String>> = list
                    .iter()
                    .map(|r| {
                        vec![
                            r.id.clone(),
                            r.status.clone(),
                            r.impact.clone(),
                            r.probability.clone(),
                            r.owner.clone(),
                            r.title.clone(),
                        ]
                    })
                    .collect();
                let header = ["ID", "STATUS", "IMPACT", "PROBABILITY", "OWNER", "TITLE"];
                ctx.show(&table(&header, &rows));
            }
        }
        Command::Show { id } => {
            let id = risks::id(&id)?;
            let (all, _) = risks::load(&ws);
            let r = all.into_iter().find(|r| r.id == id).ok_or_else(|| {
                Error::usage(
                    format!("no risk {id}"),
                    Some("list them with `coord risks list`".to_owned()),
                )
            })?;
            if ctx.format == Format::Json {
                ctx.out.json(&r);
            } else {
                ctx.show(&show(&r));
            }
        }
    }
    Ok(0)
}

fn show(r: &Risk) -> String {
    let dash = |v: &Option<String>| v.clone().unwrap_or_else(|| "-".into());
    [
        format!("{}: {}", r.id, r.title),
        format!("  file:        {}", r.path),
        format!("  status:      {}", r.status),
        format!("  probability: {}", r.probability),
        format!("  impact:      {}", r.impact),
        format!("  owner:       {}", r.owner),
        format!("  mitigation:  {}", dash(&r.mitigation)),
        format!("  trigger:     {}", dash(&r.trigger)),
        format!("  atoms:       {}", list_or_dash(&r.atoms)),
    ]
    .join("\n")
        + "\n"
}
