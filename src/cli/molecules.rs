//! `coord molecules …`: cross-team integrations.

use clap::Subcommand;

use super::{Ctx, HUMAN_JSON, list_or_dash, table};
use crate::error::Result;
use crate::finding::render::escape_terminal;
use crate::molecules::lifecycle::PointKind;
use crate::molecules::{self, NewMolecule};
use crate::output::Format;

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create a molecule with the next free id.
    New(NewArgs),
    /// Set the status: PLANNING, ACTIVE, TESTING or COMPLETE.
    Status {
        /// Molecule id.
        #[arg(add = clap_complete::engine::ArgValueCandidates::new(crate::cli::complete::molecules))]
        id: String,
        /// New status.
        status: String,
        /// COMPLETE even though a component atom is unfinished.
        #[arg(long)]
        force: bool,
    },
    /// Set an integration point's status (PENDING, IN_PROGRESS, VALIDATED, FAILED); adds it if new.
    Point {
        /// Molecule id.
        #[arg(add = clap_complete::engine::ArgValueCandidates::new(crate::cli::complete::molecules))]
        id: String,
        /// Point name.
        name: String,
        /// Its status.
        status: String,
        /// Set a success criterion instead of an integration point.
        #[arg(long)]
        success: bool,
    },
    /// Give a molecule a new id (the next free one, or NEW): its file, heading and every reference.
    Renumber {
        /// Molecule id.
        #[arg(add = clap_complete::engine::ArgValueCandidates::new(crate::cli::complete::molecules))]
        id: String,
        /// The new id (else the next free one, reserved on the remote).
        new: Option<String>,
        /// Which file, when several carry the id.
        #[arg(long, value_name = "PATH")]
        file: Option<String>,
    },
    /// List molecules with their progress.
    List,
    /// Show one molecule with the roll-up of its atoms.
    Show {
        /// Molecule id.
        #[arg(add = clap_complete::engine::ArgValueCandidates::new(crate::cli::complete::molecules))]
        id: String,
    },
}

/// What `new` takes.
#[derive(Debug, clap::Args)]
pub struct NewArgs {
    /// Its title.
    title: String,
    /// Lead team.
    #[arg(long)]
    lead: String,
    /// A supporting team (repeatable).
    #[arg(long)]
    support: Vec<String>,
    /// A component atom (repeatable).
    #[arg(long = "atoms", value_name = "ID")]
    atoms: Vec<String>,
    /// SIMPLE, MODERATE or COMPLEX.
    #[arg(long, default_value = "MODERATE")]
    complexity: String,
    /// An integration point to track (repeatable).
    #[arg(long = "point", value_name = "NAME")]
    points: Vec<String>,
    /// A success criterion to track (repeatable).
    #[arg(long = "success", value_name = "NAME")]
    success: Vec<String>,
    /// Phase number.
    #[arg(long)]
    phase: Option<u32>,
}

pub fn run(ctx: &mut Ctx, command: Command) -> Result<i32> {
    ctx.formats(HUMAN_JSON)?;
    let ws = ctx.workspace()?;
    match command {
        Command::New(args) => {
            let spec = NewMolecule {
                title: args.title,
                lead: args.lead,
                support: args.support,
                atoms: args.atoms,
                complexity: args.complexity,
                points: args.points,
                success: args.success,
                phase: args.phase,
            };
            let m = molecules::create(&ws, &spec)?;
            ctx.say(&m, format!("Created {} at {}", m.id, m.path));
        }
        Command::Status { id, status, force } => {
            let id = molecules::id(&id)?;
            let new = molecules::parse_status(&status)?;
            let m = molecules::set_status(&ws, &id, new, force)?;
            ctx.say(&m, format!("{} is {}", m.id, m.status.as_str()));
        }
        Command::Point {
            id,
            name,
            status,
            success,
        } => {
            let id = molecules::id(&id)?;
            let value = molecules::parse_point(&status)?;
            let kind = if success {
                PointKind::Success
            } else {
                PointKind::Integration
            };
            let m = molecules::set_point(&ws, &id, kind, &name, value)?;
            let text = format!("{} {}: {name} is {value}", m.id, kind.words());
            ctx.say(&m, text);
        }
        Command::Renumber { id, new, file } => {
            let file = file.map(|f| ws.path_arg(&ctx.cwd, &f)).transpose()?;
            let done = crate::atoms::renumber::renumber(
                &ws,
                &molecules::id(&id)?,
                new.as_deref(),
                file.as_deref(),
            )?;
            ctx.say(&done, super::renumbered(&done));
        }
        Command::List => list(ctx, &molecules::list(&ws)),
        Command::Show { id } => {
            let (shown, atoms) = molecules::show(&ws, &molecules::id(&id)?)?;
            if ctx.format == Format::Json {
                ctx.out.json(&shown);
            } else {
                ctx.show(&show(&shown, &atoms));
            }
        }
    }
    Ok(0)
}

fn list(ctx: &mut Ctx, list: &[molecules::WithRollup]) {
    if ctx.format == Format::Json {
        ctx.out.json(list);
        return;
    }
    let rows: Vec<Vec<String>> = list
        .iter()
        .map(|w| {
            let (m, r) = (&w.molecule, &w.rollup);
            vec![
                m.id.clone(),
                m.status.as_str().to_owned(),
                m.lead.clone(),
                m.support.join(","),
                format!("{}/{}", r.completed, r.total),
                m.title.clone(),
            ]
        })
        .collect();
    ctx.out.write(&table(
        &["ID", "STATUS", "LEAD", "SUPPORT", "ATOMS", "TITLE"],
        &rows,
    ));
}

fn show(w: &molecules::WithRollup, atoms: &[(String, molecules::ComponentState)]) -> String {
    let (m, r) = (&w.molecule, &w.rollup);
    let mut lines = vec![
        format!("{}: {}", m.id, escape_terminal(&m.title)),
        format!("  file:       {}", m.path),
        format!("  status:     {}", m.status.as_str()),
        format!("  complexity: {}", m.complexity),
        format!("  lead:       {}", m.lead),
        format!("  support:    {}", list_or_dash(&m.support)),
        format!("  atoms:      {}/{} completed", r.completed, r.total),
    ];
    for (a, state) in atoms {
        let state = state.as_ref().map_or("missing".to_owned(), |(s, team)| {
            format!("{} ({team})", s.as_str())
        });
        lines.push(format!("    {a}: {state}"));
    }
    if !r.blocked.is_empty() {
        lines.push(format!("  blocked:    {}", r.blocked.join(", ")));
    }
    for (kind, list) in [
        (PointKind::Integration, &m.integration_points),
        (PointKind::Success, &m.success_criteria),
    ] {
        if !list.is_empty() {
            lines.push(format!("  {}:", kind.words()));
            for p in list {
                lines.push(format!("    {}: {}", escape_terminal(&p.name), p.status));
            }
        }
    }
    let mut text = lines.join("\n");
    text.push('\n');
    text
}
