//! `coord atoms …`: create, progress and list atoms.

use clap::Subcommand;

use super::{Ctx, list_or_dash, snapshot, table};
use crate::clock;
use crate::config::{Pattern, Zones};
use crate::doc::edit::Value;
use crate::doc::store::{self, atoms_dir};
use crate::doc::{Atom, Criterion, Priority, Status, atom, id_of_kind, normalize_id, update};
use crate::error::{Error, Result};
use crate::graph::{self, Graph};
use crate::output::Format;
use crate::templates;
use crate::workspace::{Snapshot, Workspace};

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create an atom with the next free id.
    New {
        /// Its title.
        title: String,
        /// Owning team (an id from zones.yaml).
        #[arg(long)]
        team: String,
        /// CRITICAL, HIGH, MEDIUM or LOW.
        #[arg(long, default_value = "MEDIUM")]
        priority: String,
        /// An atom or molecule it depends on (repeatable).
        #[arg(long = "depends", value_name = "ID")]
        depends: Vec<String>,
        /// A path or glob it will modify (repeatable).
        #[arg(long = "files", value_name = "PATH")]
        files: Vec<String>,
        /// Estimated duration: 30m, 4h, 2d, 1d4h.
        #[arg(long)]
        estimate: Option<String>,
        /// A completion criterion (repeatable).
        #[arg(long = "criterion", value_name = "TEXT")]
        criteria: Vec<String>,
        /// Who works on it.
        #[arg(long)]
        assign: Option<String>,
        /// Phase number (from zones.yaml `phases`).
        #[arg(long)]
        phase: Option<u32>,
    },
    /// Start work: IN_PROGRESS, sets `started`. Refused while a dependency is unfinished, or when
    /// someone else already works on it.
    Start {
        /// Atom id.
        id: String,
        /// Who works on it.
        #[arg(long)]
        assign: Option<String>,
        /// Start even though dependencies are unfinished.
        #[arg(long)]
        force: bool,
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
        id: String,
        /// Finish even with unchecked criteria.
        #[arg(long)]
        force: bool,
    },
    /// Mark BLOCKED with a reason.
    Block {
        /// Atom id.
        id: String,
        /// Why it is blocked.
        #[arg(long)]
        reason: String,
    },
    /// Clear BLOCKED (back to IN_PROGRESS, or NOT_STARTED if never started).
    Unblock {
        /// Atom id.
        id: String,
    },
    /// Check completion criterion N (1-based).
    Tick {
        /// Atom id.
        id: String,
        /// Criterion number, from 1.
        n: usize,
        /// Uncheck it instead.
        #[arg(long)]
        undo: bool,
    },
    /// Set who works on an atom.
    Assign {
        /// Atom id.
        id: String,
        /// Who.
        who: String,
    },
    /// List atoms.
    List {
        /// Only this team's.
        #[arg(long)]
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
    },
    /// Show one atom.
    Show {
        /// Atom id.
        id: String,
    },
    /// NOT_STARTED atoms whose dependencies are all COMPLETED.
    Ready {
        /// Only this team's.
        #[arg(long)]
        team: Option<String>,
    },
}

pub fn run(ctx: &mut Ctx, command: Command) -> Result<i32> {
    let ws = ctx.workspace()?;
    match command {
        Command::New {
            title,
            team,
            priority,
            depends,
            files,
            estimate,
            criteria,
            assign,
            phase,
        } => {
            ctx.formats(&[Format::Human, Format::Json])?;
            let spec = NewAtom {
                title,
                team,
                priority,
                depends,
                files,
                estimate,
                criteria,
                assign,
                phase,
            };
            let atom = create(&ws, spec)?;
            if ctx.format == Format::Json {
                ctx.out.json(&atom);
            } else {
                ctx.out
                    .line(format!("Created {} at {}", atom.id, atom.path));
            }
            Ok(0)
        }
        Command::Start { id, assign, force } => {
            let id = atom_id(&id)?;
            let snap = snapshot(&ws);
            let current = require(&ws, &snap, &id)?;
            let graph = Graph::build(&snap.atoms, &snap.molecules);
            let open = graph.open_dependencies(&current.dependencies);
            if !open.is_empty() && !force {
                let list: Vec<String> = open.iter().map(|d| describe(&graph, d)).collect();
                return Err(Error::refused(
                    format!("{id} waits for {}", list.join(", ")),
                    Some(format!(
                        "finish those first, or start anyway with `coord atoms start {id} --force`"
                    )),
                ));
            }
            let atom = claim(&ws, &id, assign.as_deref(), force)?;
            say(ctx, &atom, &format!("{} is IN_PROGRESS", atom.id));
            Ok(0)
        }
        Command::Next { team, assign } => {
            ctx.formats(&[Format::Human, Format::Json])?;
            if let Some(t) = &team {
                ws.zones.require_team(t)?;
            }
            let snap = snapshot(&ws);
            let graph = Graph::build(&snap.atoms, &snap.molecules);
            let mut ready: Vec<&Atom> = graph::ready(&graph, &snap.atoms)
                .into_iter()
                .filter(|a| team.as_ref().is_none_or(|t| &a.team == t))
                .collect();
            ready.sort_by(|a, b| (a.priority, &a.id).cmp(&(b.priority, &b.id)));
            for candidate in ready {
                // Another agent may claim it between the look and the lock: then try the next one.
                match claim(&ws, &candidate.id, Some(&assign), false) {
                    Ok(atom) => {
                        say(
                            ctx,
                            &atom,
                            &format!(
                                "{} is IN_PROGRESS, assigned to {assign}: {}",
                                atom.id, atom.title
                            ),
                        );
                        return Ok(0);
                    }
                    Err(Error::Refused { .. }) => continue,
                    Err(other) => return Err(other),
                }
            }
            let scope = team.map(|t| format!(" for team {t}")).unwrap_or_default();
            Err(Error::refused(
                format!("no ready atom{scope}"),
                Some("see what waits with `coord status`".to_owned()),
            ))
        }
        Command::Done { id, force } => {
            let id = atom_id(&id)?;
            let now = clock::now()?;
            let atom = edit(&ws, &id, |a| {
                let open: Vec<String> = a
                    .criteria
                    .iter()
                    .enumerate()
                    .filter(|(_, c)| !c.done)
                    .map(|(i, c)| format!("{}. {}", i + 1, c.text))
                    .collect();
                if !open.is_empty() && !force {
                    return Err(Error::refused(
                        format!("{id} has unchecked criteria: {}", open.join("; ")),
                        Some(format!(
                            "check them with `coord atoms tick {id} N`, or finish anyway with --force"
                        )),
                    ));
                }
                let mut edits = vec![
                    ("status", Value::Str(Status::Completed.as_str().into())),
                    ("blocked_reason", Value::Null),
                ];
                if let Some(started) = a.started.as_deref().and_then(clock::parse_time) {
                    let minutes = (now - started).num_minutes();
                    edits.push(("actual", Value::Str(clock::format_duration(minutes))));
                }
                Ok(edits)
            })?;
            say(ctx, &atom, &format!("{} is COMPLETED", atom.id));
            Ok(0)
        }
        Command::Block { id, reason } => {
            let id = atom_id(&id)?;
            if reason.trim().is_empty() {
                return Err(Error::usage(
                    "the reason is empty",
                    Some("say what the atom waits for".to_owned()),
                ));
            }
            let atom = edit(&ws, &id, |_| {
                Ok(vec![
                    ("status", Value::Str(Status::Blocked.as_str().into())),
                    ("blocked_reason", Value::Str(reason.clone())),
                ])
            })?;
            say(ctx, &atom, &format!("{} is BLOCKED: {reason}", atom.id));
            Ok(0)
        }
        Command::Unblock { id } => {
            let id = atom_id(&id)?;
            let atom = edit(&ws, &id, |a| {
                if a.status != Status::Blocked {
                    return Err(Error::refused(
                        format!("{id} is not BLOCKED (it is {})", a.status.as_str()),
                        None,
                    ));
                }
                let status = if a.started.is_some() {
                    Status::InProgress
                } else {
                    Status::NotStarted
                };
                Ok(vec![
                    ("status", Value::Str(status.as_str().into())),
                    ("blocked_reason", Value::Null),
                ])
            })?;
            say(
                ctx,
                &atom,
                &format!("{} is {}", atom.id, atom.status.as_str()),
            );
            Ok(0)
        }
        Command::Tick { id, n, undo } => {
            let id = atom_id(&id)?;
            let atom = edit(&ws, &id, |a| {
                if n == 0 || n > a.criteria.len() {
                    return Err(Error::usage(
                        format!(
                            "{id} has {} criteria; there is no criterion {n}",
                            a.criteria.len()
                        ),
                        Some(format!("see them with `coord atoms show {id}`")),
                    ));
                }
                let mut criteria = a.criteria.clone();
                criteria[n - 1].done = !undo;
                Ok(vec![("criteria", criteria_value(&criteria))])
            })?;
            let c = &atom.criteria[n - 1];
            say(
                ctx,
                &atom,
                &format!(
                    "{} criterion {n} [{}] {}",
                    atom.id,
                    if c.done { "x" } else { " " },
                    c.text
                ),
            );
            Ok(0)
        }
        Command::Assign { id, who } => {
            let id = atom_id(&id)?;
            let atom = edit(&ws, &id, |_| {
                Ok(vec![("assigned", Value::Str(who.clone()))])
            })?;
            say(ctx, &atom, &format!("{} is assigned to {who}", atom.id));
            Ok(0)
        }
        Command::List {
            team,
            status,
            assigned,
            priority,
            phase,
        } => {
            ctx.formats(&[Format::Human, Format::Json])?;
            if let Some(t) = &team {
                ws.zones.require_team(t)?;
            }
            let status = status.map(|s| parse_status(&s)).transpose()?;
            let priority = priority.map(|p| parse_priority(&p)).transpose()?;
            let snap = snapshot(&ws);
            let atoms: Vec<&Atom> = snap
                .atoms
                .iter()
                .filter(|a| team.as_ref().is_none_or(|t| &a.team == t))
                .filter(|a| status.is_none_or(|s| a.status == s))
                .filter(|a| {
                    assigned
                        .as_ref()
                        .is_none_or(|w| a.assigned.as_ref() == Some(w))
                })
                .filter(|a| priority.is_none_or(|p| a.priority == p))
                .filter(|a| phase.is_none_or(|p| a.phase == Some(p)))
                .collect();
            print_atoms(ctx, &atoms);
            Ok(0)
        }
        Command::Show { id } => {
            ctx.formats(&[Format::Human, Format::Json])?;
            let id = atom_id(&id)?;
            let snap = snapshot(&ws);
            let atom = require(&ws, &snap, &id)?;
            if ctx.format == Format::Json {
                ctx.out.json(atom);
            } else {
                show(ctx, atom);
            }
            Ok(0)
        }
        Command::Ready { team } => {
            ctx.formats(&[Format::Human, Format::Json])?;
            if let Some(t) = &team {
                ws.zones.require_team(t)?;
            }
            let snap = snapshot(&ws);
            let graph = Graph::build(&snap.atoms, &snap.molecules);
            let atoms: Vec<&Atom> = graph::ready(&graph, &snap.atoms)
                .into_iter()
                .filter(|a| team.as_ref().is_none_or(|t| &a.team == t))
                .collect();
            print_atoms(ctx, &atoms);
            Ok(0)
        }
    }
}

fn atom_id(input: &str) -> Result<String> {
    id_of_kind(input, "ATOM")
}

fn parse_priority(text: &str) -> Result<Priority> {
    Priority::parse(text).ok_or_else(|| {
        Error::usage(
            format!("unknown priority `{text}`"),
            Some("use CRITICAL, HIGH, MEDIUM or LOW".to_owned()),
        )
    })
}

fn parse_status(text: &str) -> Result<Status> {
    Status::parse(text).ok_or_else(|| {
        Error::usage(
            format!("unknown status `{text}`"),
            Some("use NOT_STARTED, IN_PROGRESS, BLOCKED or COMPLETED".to_owned()),
        )
    })
}

/// The atom `id`, or why not: its file's first problem if it exists but cannot be read.
fn require<'a>(ws: &Workspace, snap: &'a Snapshot, id: &str) -> Result<&'a Atom> {
    if let Some(atom) = snap.atom(id) {
        return Ok(atom);
    }
    if let Some(rel) = store::locate(&ws.root, &ws.zones, id) {
        let text = crate::fsutil::read_text(&ws.root.join(&rel))?;
        update::check_parses(&rel, &text, atom::parse)?;
    }
    Err(Error::usage(
        format!("no atom {id}"),
        Some("list atoms with `coord atoms list`".to_owned()),
    ))
}

fn describe(graph: &Graph, id: &str) -> String {
    match graph.node(id) {
        Some(n) => format!("{id} ({})", n.status),
        None => format!("{id} (missing)"),
    }
}

/// Start atom `id` for `assign`, deciding under the file's lock: an atom someone else already
/// works on, or that is finished or blocked, is refused unless `force`.
fn claim(ws: &Workspace, id: &str, assign: Option<&str>, force: bool) -> Result<Atom> {
    let now = clock::format_time(clock::now()?);
    edit(ws, id, |a| {
        if !force {
            let taken = match (&a.assigned, assign) {
                (Some(current), Some(wanted)) => current != wanted,
                _ => false,
            };
            let refusal = match a.status {
                Status::InProgress if taken => Some(format!(
                    "{id} is already IN_PROGRESS, assigned to {}",
                    a.assigned.as_deref().unwrap_or("-")
                )),
                Status::Completed => Some(format!("{id} is already COMPLETED")),
                Status::Blocked => Some(format!(
                    "{id} is BLOCKED: {}",
                    a.blocked_reason.as_deref().unwrap_or("no reason given")
                )),
                _ => None,
            };
            if let Some(message) = refusal {
                return Err(Error::refused(
                    message,
                    Some(format!(
                        "use `coord atoms unblock {id}` for a blocked atom, or --force to take it anyway"
                    )),
                ));
            }
        }
        let mut edits = vec![("status", Value::Str(Status::InProgress.as_str().into()))];
        if a.started.is_none() || a.status == Status::Completed {
            edits.push(("started", Value::Str(now.clone())));
        }
        if let Some(who) = assign {
            edits.push(("assigned", Value::Str(who.to_owned())));
        }
        if a.status == Status::Blocked {
            edits.push(("blocked_reason", Value::Null));
        }
        Ok(edits)
    })
}

/// Change atom `id` on disk.
pub(crate) fn edit(
    ws: &Workspace,
    id: &str,
    change: impl FnOnce(&Atom) -> Result<Vec<(&'static str, Value)>>,
) -> Result<Atom> {
    update::edit(&ws.root, &ws.zones, &ws.repo()?.coord_dir(), id, change)
}

fn say(ctx: &mut Ctx, atom: &Atom, text: &str) {
    if ctx.format == Format::Json {
        ctx.out.json(atom);
    } else {
        ctx.out.line(text);
    }
}

/// Criteria as a YAML value.
pub(crate) fn criteria_value(criteria: &[Criterion]) -> Value {
    Value::Records(
        criteria
            .iter()
            .map(|c| {
                vec![
                    ("text", Value::Str(c.text.clone())),
                    ("done", Value::Raw(c.done.to_string())),
                ]
            })
            .collect(),
    )
}

fn print_atoms(ctx: &mut Ctx, atoms: &[&Atom]) {
    if ctx.format == Format::Json {
        ctx.out.json(atoms);
        return;
    }
    let rows: Vec<Vec<String>> = atoms
        .iter()
        .map(|a| {
            vec![
                a.id.clone(),
                a.team.clone(),
                a.priority.as_str().to_owned(),
                a.status.as_str().to_owned(),
                a.assigned.clone().unwrap_or_else(|| "-".into()),
                a.title.clone(),
            ]
        })
        .collect();
    ctx.out.write(&table(
        &["ID", "TEAM", "PRIORITY", "STATUS", "ASSIGNED", "TITLE"],
        &rows,
    ));
}

fn show(ctx: &mut Ctx, a: &Atom) {
    let dash = |v: &Option<String>| v.clone().unwrap_or_else(|| "-".into());
    ctx.out.line(format!("{}: {}", a.id, a.title));
    ctx.out.line(format!("  file:         {}", a.path));
    ctx.out.line(format!("  team:         {}", a.team));
    ctx.out
        .line(format!("  priority:     {}", a.priority.as_str()));
    ctx.out
        .line(format!("  status:       {}", a.status.as_str()));
    if let Some(reason) = &a.blocked_reason {
        ctx.out.line(format!("  blocked:      {reason}"));
    }
    ctx.out
        .line(format!("  assigned:     {}", dash(&a.assigned)));
    ctx.out
        .line(format!("  started:      {}", dash(&a.started)));
    ctx.out
        .line(format!("  estimated:    {}", dash(&a.estimated)));
    ctx.out.line(format!("  actual:       {}", dash(&a.actual)));
    if let Some(p) = a.phase {
        ctx.out.line(format!("  phase:        {p}"));
    }
    ctx.out
        .line(format!("  dependencies: {}", list_or_dash(&a.dependencies)));
    ctx.out
        .line(format!("  files:        {}", list_or_dash(&a.files)));
    if !a.criteria.is_empty() {
        ctx.out.line("  criteria:");
        for (i, c) in a.criteria.iter().enumerate() {
            ctx.out.line(format!(
                "    {}. [{}] {}",
                i + 1,
                if c.done { "x" } else { " " },
                c.text
            ));
        }
    }
    for e in &a.escalations {
        let state = e
            .resolved
            .as_ref()
            .map_or("open".to_owned(), |r| format!("resolved {r}"));
        ctx.out.line(format!(
            "  escalation:   level {} ({state}) raised {}: {}",
            e.level, e.raised, e.reason
        ));
    }
    ctx.out
        .line(format!("  last updated: {}", dash(&a.last_updated)));
}

/// What `atoms new` was asked for.
pub(crate) struct NewAtom {
    pub title: String,
    pub team: String,
    pub priority: String,
    pub depends: Vec<String>,
    pub files: Vec<String>,
    pub estimate: Option<String>,
    pub criteria: Vec<String>,
    pub assign: Option<String>,
    pub phase: Option<u32>,
}

/// Validate a new atom's input, allocate its id and write its file.
pub(crate) fn create(ws: &Workspace, spec: NewAtom) -> Result<Atom> {
    let zones: &Zones = &ws.zones;
    let team = zones.require_team(&spec.team)?.clone();
    if spec.title.trim().is_empty() {
        return Err(Error::usage(
            "the title is empty",
            Some("give the atom a short title".to_owned()),
        ));
    }
    let priority = parse_priority(&spec.priority)?;
    if let Some(e) = &spec.estimate {
        clock::parse_duration(e).ok_or_else(|| {
            Error::usage(
                format!("`{e}` is not a duration"),
                Some("write 30m, 4h, 2d or 1d4h".to_owned()),
            )
        })?;
    }
    for f in &spec.files {
        Pattern::new(f, 0).map_err(|why| {
            Error::usage(
                format!("invalid --files `{f}`: {why}"),
                Some("give a path or glob relative to the repository root".to_owned()),
            )
        })?;
    }
    if let Some(p) = spec.phase
        && !zones.phases.is_empty()
        && !zones.phases.iter().any(|ph| ph.id == p)
    {
        let ids: Vec<String> = zones.phases.iter().map(|ph| ph.id.to_string()).collect();
        return Err(Error::usage(
            format!("no phase {p} in zones.yaml"),
            Some(format!("phases: {}", ids.join(", "))),
        ));
    }
    let mut depends = Vec::new();
    if !spec.depends.is_empty() {
        let snap = snapshot(ws);
        for d in &spec.depends {
            let id = normalize_id(d)?;
            if !snap.exists(&id) {
                return Err(Error::usage(
                    format!("--depends {id}: no such atom or molecule"),
                    Some("list them with `coord atoms list` and `coord molecules list`".to_owned()),
                ));
            }
            depends.push(id);
        }
    }
    let now = clock::format_time(clock::now()?);
    let repo = ws.repo()?;
    let dir = atoms_dir(&team.dir);
    let template = templates::get(&ws.root, "atom.md");
    update::create::<Atom>(
        repo,
        &ws.root,
        zones,
        |id| format!("{dir}/{id}.md"),
        &template,
        &[("title", spec.title.trim()), ("team", &team.id)],
        |id| {
            vec![
                ("id", Value::Str(id.to_owned())),
                ("title", Value::Str(spec.title.clone())),
                ("team", Value::Str(team.id.clone())),
                ("priority", Value::Str(priority.as_str().to_owned())),
                ("status", Value::Str(Status::NotStarted.as_str().to_owned())),
                ("assigned", Value::opt(spec.assign.as_deref())),
                ("started", Value::Null),
                ("estimated", Value::opt(spec.estimate.as_deref())),
                ("actual", Value::Null),
                ("files", Value::List(spec.files.clone())),
                ("dependencies", Value::List(depends.clone())),
                (
                    "criteria",
                    criteria_value(
                        &spec
                            .criteria
                            .iter()
                            .map(|t| Criterion {
                                text: t.clone(),
                                done: false,
                            })
                            .collect::<Vec<_>>(),
                    ),
                ),
                (
                    "phase",
                    spec.phase
                        .map_or(Value::Null, |p| Value::Raw(p.to_string())),
                ),
                ("blocked_reason", Value::Null),
                ("escalations", Value::List(Vec::new())),
                ("last_updated", Value::Str(now.clone())),
            ]
        },
    )
}
