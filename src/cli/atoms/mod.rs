//! `coord atoms …`: create, progress and list atoms.

use clap::Subcommand;

mod edit;
mod show;

use super::{Ctx, HUMAN_JSON};
use crate::atoms::lifecycle;
use crate::atoms::{self, Filter, NewAtom, StartOptions};
use crate::error::Result;
use crate::output::Format;

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create an atom with the next free id.
    New(NewArgs),
    /// Start work: IN_PROGRESS, sets `started`. Refused while a dependency is unfinished, or when
    /// someone else already works on it.
    Start {
        /// Atom id.
        #[arg(add = clap_complete::engine::ArgValueCandidates::new(crate::cli::complete::atoms))]
        id: String,
        /// Who works on it.
        #[arg(long)]
        assign: Option<String>,
        /// Start even though dependencies are unfinished, or another branch shows someone on it.
        #[arg(long)]
        force: bool,
        /// Take over a claim whose lease ran out (it names the previous holder).
        #[arg(long)]
        take_over: bool,
    },
    /// Give the work back: NOT_STARTED, nobody assigned, the claim released.
    Release {
        /// Atom id.
        #[arg(add = clap_complete::engine::ArgValueCandidates::new(crate::cli::complete::atoms))]
        id: String,
    },
    /// Give an atom a new id (the next free one, or NEW): its file, heading and every reference.
    Renumber {
        /// Atom id.
        #[arg(add = clap_complete::engine::ArgValueCandidates::new(crate::cli::complete::atoms))]
        id: String,
        /// The new id (else the next free one, reserved on the remote).
        new: Option<String>,
        /// Which file, when several carry the id.
        #[arg(long, value_name = "PATH")]
        file: Option<String>,
    },
    /// Extend the lease of your claim on an atom.
    Renew {
        /// Atom id.
        #[arg(add = clap_complete::engine::ArgValueCandidates::new(crate::cli::complete::atoms))]
        id: String,
        /// Whose claim (else the atom's assignee, or git config user.email).
        #[arg(long)]
        assign: Option<String>,
    },
    /// Claim the most urgent ready atom (of a team) for WHO and start it, atomically.
    Next {
        /// Only this team's atoms.
        #[arg(long)]
        team: Option<String>,
        /// Who takes it.
        #[arg(long)]
        assign: String,
    },
    /// Finish: COMPLETED, sets `actual`. Refused while a criterion is unchecked.
    Done {
        /// Atom id.
        #[arg(add = clap_complete::engine::ArgValueCandidates::new(crate::cli::complete::atoms))]
        id: String,
        /// Finish even with unchecked criteria.
        #[arg(long)]
        force: bool,
    },
    /// Mark BLOCKED with a reason.
    Block {
        /// Atom id.
        #[arg(add = clap_complete::engine::ArgValueCandidates::new(crate::cli::complete::atoms))]
        id: String,
        /// Why it is blocked.
        #[arg(long)]
        reason: String,
    },
    /// Clear BLOCKED (back to IN_PROGRESS, or NOT_STARTED if never started).
    Unblock {
        /// Atom id.
        #[arg(add = clap_complete::engine::ArgValueCandidates::new(crate::cli::complete::atoms))]
        id: String,
    },
    /// Check completion criterion N (1-based).
    Tick {
        /// Atom id.
        #[arg(add = clap_complete::engine::ArgValueCandidates::new(crate::cli::complete::atoms))]
        id: String,
        /// Criterion number, from 1.
        n: usize,
        /// Uncheck it instead.
        #[arg(long)]
        undo: bool,
    },
    /// Change any field: title, priority, estimate, phase, due date, files, dependencies,
    /// criteria. Several flags make one edit.
    Edit(edit::EditArgs),
    /// Take COMPLETED (or CANCELLED) work up again, saying why.
    Reopen {
        /// Atom id.
        #[arg(add = clap_complete::engine::ArgValueCandidates::new(crate::cli::complete::atoms))]
        id: String,
        /// Why the work is not finished.
        #[arg(long)]
        reason: String,
    },
    /// Drop an atom: CANCELLED, with a reason. Open work that waits for it is a lint error.
    Cancel {
        /// Atom id.
        #[arg(add = clap_complete::engine::ArgValueCandidates::new(crate::cli::complete::atoms))]
        id: String,
        /// Why it is dropped.
        #[arg(long)]
        reason: String,
    },
    /// Set who works on an atom.
    Assign {
        /// Atom id.
        #[arg(add = clap_complete::engine::ArgValueCandidates::new(crate::cli::complete::atoms))]
        id: String,
        /// Who.
        who: String,
    },
    /// List atoms.
    List {
        /// Only this team's.
        #[arg(long, add = clap_complete::engine::ArgValueCandidates::new(crate::cli::complete::teams))]
        team: Option<String>,
        /// Only this status.
        #[arg(long)]
        status: Option<String>,
        /// Only those assigned to WHO.
        #[arg(long, value_name = "WHO")]
        assigned: Option<String>,
        /// Only this priority.
        #[arg(long)]
        priority: Option<String>,
        /// Only this phase.
        #[arg(long)]
        phase: Option<u32>,
        /// Only those whose custom field KEY (under `extra:`) is VALUE (repeatable: all must hold).
        #[arg(long = "field", value_name = "KEY=VALUE")]
        fields: Vec<String>,
        /// Only late ones: open past their due date, or IN_PROGRESS past their estimate.
        #[arg(long)]
        overdue: bool,
    },
    /// Show one atom and the status of what it waits for.
    Show {
        /// Atom id.
        #[arg(add = clap_complete::engine::ArgValueCandidates::new(crate::cli::complete::atoms))]
        id: String,
        /// Also list the atoms and molecules that wait for it (reads every status file).
        #[arg(long)]
        dependents: bool,
    },
    /// IN_PROGRESS atoms no commit has touched for a while, with who holds them.
    Stale {
        /// How long without a change: 3d, 12h…
        #[arg(long, default_value = "3d")]
        older: String,
        /// Only this team's.
        #[arg(long, add = clap_complete::engine::ArgValueCandidates::new(crate::cli::complete::teams))]
        team: Option<String>,
    },
    /// NOT_STARTED atoms whose dependencies are all COMPLETED.
    Ready {
        /// Only this team's.
        #[arg(long, add = clap_complete::engine::ArgValueCandidates::new(crate::cli::complete::teams))]
        team: Option<String>,
    },
}

/// What `new` takes.
#[derive(Debug, clap::Args)]
pub struct NewArgs {
    /// Its title.
    title: String,
    /// Owning team (an id from zones.yaml).
    #[arg(long)]
    team: String,
    /// CRITICAL, HIGH, MEDIUM or LOW.
    #[arg(long, default_value = "MEDIUM")]
    priority: String,
    /// An atom or molecule it depends on, with an optional note: `ATOM-002` or
    /// `ATOM-002:needs the schema` (repeatable).
    #[arg(long = "depends", value_name = "ID[:NOTE]")]
    depends: Vec<String>,
    /// A path or glob it will modify (repeatable).
    #[arg(long = "files", value_name = "PATH")]
    files: Vec<String>,
    /// Estimated duration: 30m, 4h, 2d, 1d4h.
    #[arg(long)]
    estimate: Option<String>,
    /// Deadline: a date (2026-12-01) or an RFC 3339 time.
    #[arg(long, value_name = "DATE")]
    due: Option<String>,
    /// A completion criterion (repeatable).
    #[arg(long = "criterion", value_name = "TEXT")]
    criteria: Vec<String>,
    /// Who works on it.
    #[arg(long)]
    assign: Option<String>,
    /// Phase number (from zones.yaml `phases`).
    #[arg(long)]
    phase: Option<u32>,
}

pub fn run(ctx: &mut Ctx, command: Command) -> Result<i32> {
    ctx.formats(HUMAN_JSON)?;
    let ws = ctx.workspace()?;
    match command {
        Command::New(args) => {
            let spec = NewAtom {
                priority: atoms::parse_priority(&args.priority)?,
                title: args.title,
                team: args.team,
                depends: args.depends,
                files: args
                    .files
                    .iter()
                    .map(|f| ws.path_arg(&ctx.cwd, f))
                    .collect::<Result<_>>()?,
                estimate: args.estimate,
                due: args.due,
                criteria: args.criteria,
                assign: args.assign,
                phase: args.phase,
            };
            let atom = atoms::create(&ws, &spec)?;
            ctx.say(&atom, format!("Created {} at {}", atom.id, atom.path));
        }
        Command::Start {
            id,
            assign,
            force,
            take_over,
        } => {
            let options = StartOptions {
                who: assign.as_deref(),
                force,
                take_over,
            };
            let started = atoms::start(&ws, &atoms::id(&id)?, options, &ctx.now()?)?;
            let text = format!("{} is IN_PROGRESS{}", started.atom.id, claimed(&started));
            ctx.say(&started.atom, text);
        }
        Command::Next { team, assign } => {
            let started = atoms::next(&ws, team.as_deref(), &assign, &ctx.now()?)?;
            let atom = &started.atom;
            let text = format!(
                "{} is IN_PROGRESS, assigned to {assign}{}: {}",
                atom.id,
                claimed(&started),
                atom.title
            );
            ctx.say(atom, text);
        }
        Command::Done { id, force } => {
            let atom = atoms::done(&ws, &atoms::id(&id)?, force, &ctx.now()?)?;
            ctx.say(&atom, format!("{} is COMPLETED", atom.id));
        }
        Command::Release { id } => {
            let (atom, released) = atoms::release(&ws, &atoms::id(&id)?, &ctx.now()?)?;
            let from = released
                .map(|c| format!("; {}'s claim released", c.holder))
                .unwrap_or_default();
            ctx.say(&atom, format!("{} is NOT_STARTED{from}", atom.id));
        }
        Command::Renumber { id, new, file } => {
            let file = file.map(|f| ws.path_arg(&ctx.cwd, &f)).transpose()?;
            let done =
                atoms::renumber::renumber(&ws, &atoms::id(&id)?, new.as_deref(), file.as_deref())?;
            ctx.say(&done, super::renumbered(&done));
        }
        Command::Renew { id, assign } => {
            let taken = atoms::renew(&ws, &atoms::id(&id)?, assign.as_deref(), &ctx.now()?)?;
            let text = format!(
                "{}'s claim by {} now lasts until {}",
                taken.claim.id, taken.claim.holder, taken.claim.expires
            );
            ctx.say(&taken.claim, text);
        }
        Command::Block { id, reason } => {
            let atom = atoms::step(&ws, &atoms::id(&id)?, &ctx.now()?, |a| {
                lifecycle::block(a, &reason)
            })?;
            ctx.say(&atom, format!("{} is BLOCKED: {reason}", atom.id));
        }
        Command::Unblock { id } => {
            let atom = atoms::step(&ws, &atoms::id(&id)?, &ctx.now()?, lifecycle::unblock)?;
            ctx.say(&atom, format!("{} is {}", atom.id, atom.status.as_str()));
        }
        Command::Tick { id, n, undo } => {
            let atom = atoms::step(&ws, &atoms::id(&id)?, &ctx.now()?, |a| {
                lifecycle::tick(a, n, undo)
            })?;
            let c = &atom.criteria[n - 1];
            let mark = if c.done { "x" } else { " " };
            let text = format!("{} criterion {n} [{mark}] {}", atom.id, c.text);
            ctx.say(&atom, text);
        }
        Command::Assign { id, who } => {
            let atom = atoms::step(&ws, &atoms::id(&id)?, &ctx.now()?, |a| {
                lifecycle::assign(a, &who)
            })?;
            ctx.say(&atom, format!("{} is assigned to {who}", atom.id));
        }
        Command::List {
            team,
            status,
            assigned,
            priority,
            phase,
            fields,
            overdue,
        } => {
            let filter = Filter {
                team,
                status: status.as_deref().map(atoms::parse_status).transpose()?,
                assigned,
                priority: priority.as_deref().map(atoms::parse_priority).transpose()?,
                phase,
                fields: fields
                    .iter()
                    .map(|f| atoms::parse_field_filter(f))
                    .collect::<Result<_>>()?,
                late_at: overdue.then(|| ctx.now()).transpose()?.and_then(|s| s.at()),
            };
            show::print_atoms(ctx, &atoms::list(&ws, &filter)?);
        }
        Command::Show { id, dependents } => {
            let details = atoms::details::details(&ws, &atoms::id(&id)?, dependents)?;
            match ctx.format {
                Format::Json => ctx.out.json(&details),
                _ => ctx.show(&show::details(&details)),
            }
        }
        Command::Ready { team } => show::print_atoms(ctx, &atoms::ready(&ws, team.as_deref())?),
        Command::Stale { older, team } => {
            let minutes = crate::clock::parse_duration(&older).ok_or_else(|| {
                crate::error::Error::usage(
                    format!("`{older}` is not a duration"),
                    Some("write 12h, 3d or 1w".to_owned()),
                )
            })?;
            let now = ctx.now()?.at().unwrap_or_else(chrono::Utc::now);
            let list = atoms::details::stale(&ws, team.as_deref(), minutes, now)?;
            show::print_stale(ctx, &list, &older);
        }
        Command::Edit(args) => {
            let id = atoms::id(&args.id)?;
            let changes = args.changes(&ws, &ctx.cwd)?;
            let atom = atoms::change(&ws, &id, changes, &ctx.now()?)?;
            ctx.say(&atom, format!("{} edited", atom.id));
        }
        Command::Reopen { id, reason } => {
            let atom = atoms::step(&ws, &atoms::id(&id)?, &ctx.now()?, |a| {
                lifecycle::reopen(a, &reason)
            })?;
            ctx.say(
                &atom,
                format!("{} is {} again: {reason}", atom.id, atom.status.as_str()),
            );
        }
        Command::Cancel { id, reason } => {
            let (atom, released) = atoms::cancel(&ws, &atoms::id(&id)?, &reason, &ctx.now()?)?;
            let from = released
                .map(|c| format!("; {}'s claim released", c.holder))
                .unwrap_or_default();
            ctx.say(&atom, format!("{} is CANCELLED: {reason}{from}", atom.id));
        }
    }
    Ok(0)
}

/// How a start was reserved, for people.
fn claimed(started: &atoms::Started) -> String {
    let place = match &started.taken.remote {
        Some(remote) => format!("claimed on {remote}"),
        None => "claimed in this repository only (no remote, or --offline)".to_owned(),
    };
    let until = format!(" until {}", started.taken.claim.expires);
    match &started.taken.previous {
        Some(p) => format!(
            " ({place}{until}, taken over from {}, whose lease ran out at {})",
            p.holder, p.expires
        ),
        None => format!(" ({place}{until})"),
    }
}
