//! `coord molecules …`: cross-team integrations.

use clap::Subcommand;
use serde::Serialize;

use super::{Ctx, list_or_dash, snapshot, table};
use crate::clock;
use crate::doc::edit::Value;
use crate::doc::molecule::{Point, parse_complexity, parse_point_status};
use crate::doc::store::MOLECULES_DIR;
use crate::doc::{Molecule, MoleculeStatus, Status, id_of_kind, normalize_id, update};
use crate::error::{Error, Result};
use crate::output::Format;
use crate::templates;
use crate::workspace::{Rollup, Workspace};

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create a molecule with the next free id.
    New {
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
    },
    /// Set the status: PLANNING, ACTIVE, TESTING or COMPLETE.
    Status {
        /// Molecule id.
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
        id: String,
        /// Point name.
        name: String,
        /// Its status.
        status: String,
        /// Set a success criterion instead of an integration point.
        #[arg(long)]
        success: bool,
    },
    /// List molecules with their progress.
    List,
    /// Show one molecule with the roll-up of its atoms.
    Show {
        /// Molecule id.
        id: String,
    },
}

#[derive(Serialize)]
struct WithRollup<'a> {
    #[serde(flatten)]
    molecule: &'a Molecule,
    rollup: Rollup,
}

pub fn run(ctx: &mut Ctx, command: Command) -> Result<i32> {
    let ws = ctx.workspace()?;
    match command {
        Command::New {
            title,
            lead,
            support,
            atoms,
            complexity,
            points,
            success,
            phase,
        } => {
            ctx.formats(&[Format::Human, Format::Json])?;
            let m = create(
                &ws, title, lead, support, atoms, complexity, points, success, phase,
            )?;
            if ctx.format == Format::Json {
                ctx.out.json(&m);
            } else {
                ctx.out.line(format!("Created {} at {}", m.id, m.path));
            }
            Ok(0)
        }
        Command::Status { id, status, force } => {
            let id = molecule_id(&id)?;
            let new = MoleculeStatus::parse(&status).ok_or_else(|| {
                Error::usage(
                    format!("unknown molecule status `{status}`"),
                    Some("use PLANNING, ACTIVE, TESTING or COMPLETE".to_owned()),
                )
            })?;
            let snap = snapshot(&ws);
            let m = edit(&ws, &id, |m| {
                if new == MoleculeStatus::Complete && !force {
                    let r = snap.rollup(m);
                    if r.completed < r.total {
                        let open: Vec<String> = m
                            .atoms
                            .iter()
                            .filter(|a| snap.atom(a).is_none_or(|x| x.status != Status::Completed))
                            .cloned()
                            .collect();
                        return Err(Error::refused(
                            format!("{id} has unfinished component atoms: {}", open.join(", ")),
                            Some("finish them first, or use --force".to_owned()),
                        ));
                    }
                }
                Ok(vec![("status", Value::Str(new.as_str().to_owned()))])
            })?;
            say(ctx, &m, &format!("{} is {}", m.id, m.status.as_str()));
            Ok(0)
        }
        Command::Point {
            id,
            name,
            status,
            success,
        } => {
            let id = molecule_id(&id)?;
            let value = parse_point_status(&status).ok_or_else(|| {
                Error::usage(
                    format!("unknown status `{status}`"),
                    Some("use PENDING, IN_PROGRESS, VALIDATED or FAILED".to_owned()),
                )
            })?;
            let key = if success {
                "success_criteria"
            } else {
                "integration_points"
            };
            let m = edit(&ws, &id, |m| {
                let mut list = if success {
                    m.success_criteria.clone()
                } else {
                    m.integration_points.clone()
                };
                match list.iter_mut().find(|p| p.name == name) {
                    Some(p) => p.status = value.to_owned(),
                    None => list.push(Point {
                        name: name.clone(),
                        status: value.to_owned(),
                    }),
                }
                Ok(vec![(key, points_value(&list))])
            })?;
            say(
                ctx,
                &m,
                &format!("{} {}: {name} is {value}", m.id, key.replace('_', " ")),
            );
            Ok(0)
        }
        Command::List => {
            ctx.formats(&[Format::Human, Format::Json])?;
            let snap = snapshot(&ws);
            if ctx.format == Format::Json {
                let list: Vec<WithRollup> = snap
                    .molecules
                    .iter()
                    .map(|m| WithRollup {
                        molecule: m,
                        rollup: snap.rollup(m),
                    })
                    .collect();
                ctx.out.json(&list);
            } else {
                let rows: Vec<Vec<String>> = snap
                    .molecules
                    .iter()
                    .map(|m| {
                        let r = snap.rollup(m);
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
            Ok(0)
        }
        Command::Show { id } => {
            ctx.formats(&[Format::Human, Format::Json])?;
            let id = molecule_id(&id)?;
            let snap = snapshot(&ws);
            let m = snap.molecule(&id).ok_or_else(|| {
                Error::usage(
                    format!("no molecule {id}"),
                    Some("list them with `coord molecules list`".to_owned()),
                )
            })?;
            let r = snap.rollup(m);
            if ctx.format == Format::Json {
                ctx.out.json(&WithRollup {
                    molecule: m,
                    rollup: r,
                });
                return Ok(0);
            }
            ctx.out.line(format!("{}: {}", m.id, m.title));
            ctx.out.line(format!("  file:       {}", m.path));
            ctx.out.line(format!("  status:     {}", m.status.as_str()));
            ctx.out.line(format!("  complexity: {}", m.complexity));
            ctx.out.line(format!("  lead:       {}", m.lead));
            ctx.out
                .line(format!("  support:    {}", list_or_dash(&m.support)));
            ctx.out.line(format!(
                "  atoms:      {}/{} completed",
                r.completed, r.total
            ));
            for a in &m.atoms {
                let state = snap.atom(a).map_or("missing".to_owned(), |x| {
                    format!("{} ({})", x.status.as_str(), x.team)
                });
                ctx.out.line(format!("    {a}: {state}"));
            }
            if !r.blocked.is_empty() {
                ctx.out
                    .line(format!("  blocked:    {}", r.blocked.join(", ")));
            }
            for (title, list) in [
                ("integration points", &m.integration_points),
                ("success criteria", &m.success_criteria),
            ] {
                if !list.is_empty() {
                    ctx.out.line(format!("  {title}:"));
                    for p in list {
                        ctx.out.line(format!("    {}: {}", p.name, p.status));
                    }
                }
            }
            Ok(0)
        }
    }
}

fn molecule_id(input: &str) -> Result<String> {
    id_of_kind(input, "MOLECULE")
}

fn say(ctx: &mut Ctx, m: &Molecule, text: &str) {
    if ctx.format == Format::Json {
        ctx.out.json(m);
    } else {
        ctx.out.line(text);
    }
}

fn points_value(points: &[Point]) -> Value {
    Value::Map(
        points
            .iter()
            .map(|p| (p.name.clone(), p.status.clone()))
            .collect(),
    )
}

/// Change molecule `id` on disk.
pub(crate) fn edit(
    ws: &Workspace,
    id: &str,
    change: impl FnOnce(&Molecule) -> Result<Vec<(&'static str, Value)>>,
) -> Result<Molecule> {
    update::edit(&ws.root, &ws.zones, &ws.repo()?.coord_dir(), id, change)
}

/// Validate a new molecule's input, allocate its id and write its file.
#[allow(clippy::too_many_arguments)]
pub(crate) fn create(
    ws: &Workspace,
    title: String,
    lead: String,
    support: Vec<String>,
    atoms: Vec<String>,
    complexity: String,
    points: Vec<String>,
    success: Vec<String>,
    phase: Option<u32>,
) -> Result<Molecule> {
    if title.trim().is_empty() {
        return Err(Error::usage(
            "the title is empty",
            Some("give the molecule a short title".to_owned()),
        ));
    }
    ws.zones.require_team(&lead)?;
    for s in &support {
        ws.zones.require_team(s)?;
    }
    let complexity = parse_complexity(&complexity)
        .ok_or_else(|| {
            Error::usage(
                format!("unknown complexity `{complexity}`"),
                Some("use SIMPLE, MODERATE or COMPLEX".to_owned()),
            )
        })?
        .to_owned();
    let snap = snapshot(ws);
    let mut component = Vec::new();
    for a in &atoms {
        let id = normalize_id(a)?;
        if snap.atom(&id).is_none() {
            return Err(Error::usage(
                format!("--atoms {id}: no such atom"),
                Some("list atoms with `coord atoms list`".to_owned()),
            ));
        }
        component.push(id);
    }
    let mut teams = vec![lead.clone()];
    for s in &support {
        if !teams.contains(s) {
            teams.push(s.clone());
        }
    }
    let now = clock::format_time(clock::now()?);
    let pending = |names: &[String]| {
        Value::Map(
            names
                .iter()
                .map(|n| (n.clone(), "PENDING".to_owned()))
                .collect(),
        )
    };
    let template = templates::get(&ws.root, "molecule.md");
    update::create::<Molecule>(
        ws.repo()?,
        &ws.root,
        &ws.zones,
        |id| format!("{MOLECULES_DIR}/{id}.md"),
        &template,
        &[("title", title.trim()), ("team", &lead)],
        |id| {
            vec![
                ("id", Value::Str(id.to_owned())),
                ("title", Value::Str(title.clone())),
                ("teams", Value::List(teams.clone())),
                ("complexity", Value::Str(complexity.clone())),
                (
                    "status",
                    Value::Str(MoleculeStatus::Planning.as_str().to_owned()),
                ),
                ("lead", Value::Str(lead.clone())),
                ("support", Value::List(support.clone())),
                ("atoms", Value::List(component.clone())),
                ("dependencies", Value::List(Vec::new())),
                ("integration_points", pending(&points)),
                ("success_criteria", pending(&success)),
                (
                    "phase",
                    phase.map_or(Value::Null, |p| Value::Raw(p.to_string())),
                ),
                ("escalations", Value::List(Vec::new())),
                ("last_updated", Value::Str(now.clone())),
            ]
        },
    )
}
