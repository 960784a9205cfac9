//! The command line: one file per subcommand, each with its clap arguments next to a handler
//! that parses them, calls one library function and renders the result.

mod agents;
mod atoms;
mod claims;
mod complete;
mod conflicts;
mod dashboard;
mod decisions;
mod demo;
mod escalate;
mod escalations;
mod fmt;
mod graph;
mod history;
mod hook;
mod init;
mod lint;
mod mcp;
mod merge_file;
mod molecules;
mod phase;
mod risks;
mod status;
mod zones;

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};
use serde::Serialize;

use crate::clock::Stamp;
use crate::env::Env;
use crate::error::{Error, Result};
use crate::finding::{Finding, render};
use crate::output::{Format, Out};
use crate::workspace::Workspace;

/// coord: several teams coordinate on one git repository through plain files in it.
#[derive(Debug, Parser)]
#[command(name = "coord", version, about, long_about = None, propagate_version = true)]
pub struct Cli {
    /// Run as if coord was started in DIR.
    #[arg(short = 'C', id = "chdir", global = true, value_name = "DIR")]
    pub chdir: Option<PathBuf>,
    /// Work without the shared remote: claims and ids are reserved in this repository only
    /// (also COORD_OFFLINE=1).
    #[arg(long, global = true)]
    pub offline: bool,
    /// Output format: human, json, github (annotations), sarif or gitlab (reports, for commands that report findings), mermaid or dot (graph).
    #[arg(long, global = true, value_enum, default_value_t = FormatArg::Human)]
    pub format: FormatArg,
    #[command(subcommand)]
    command: Command,
}

/// `--format` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FormatArg {
    /// Text for people.
    Human,
    /// JSON with stable field names.
    Json,
    /// GitHub Actions annotations.
    Github,
    /// Mermaid (graph).
    Mermaid,
    /// Graphviz dot (graph).
    Dot,
    /// SARIF 2.1.0, for GitHub code scanning (commands that report findings).
    Sarif,
    /// GitLab Code Quality report (commands that report findings).
    Gitlab,
}

impl From<FormatArg> for Format {
    fn from(f: FormatArg) -> Format {
        match f {
            FormatArg::Human => Format::Human,
            FormatArg::Json => Format::Json,
            FormatArg::Github => Format::Github,
            FormatArg::Mermaid => Format::Mermaid,
            FormatArg::Dot => Format::Dot,
            FormatArg::Sarif => Format::Sarif,
            FormatArg::Gitlab => Format::Gitlab,
        }
    }
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Set up zones.yaml, team folders and JOINT_COORDINATION/ (never overwrites).
    Init(init::Args),
    /// Atoms: one task each.
    #[command(subcommand)]
    Atoms(atoms::Command),
    /// Molecules: cross-team integrations.
    #[command(subcommand)]
    Molecules(molecules::Command),
    /// Who works on what: each assignee's atoms in progress and blocked, since when, expected
    /// finish, due dates (the agent matrix).
    Agents(agents::Args),
    /// The decision log: propose, accept, reject, supersede, list, show.
    #[command(subcommand)]
    Decisions(decisions::Command),
    /// Phases: where each stands, and its gate (GO or NO-GO).
    #[command(subcommand)]
    Phase(phase::Command),
    /// The risk register: register, update, close, list, show.
    #[command(subcommand)]
    Risks(risks::Command),
    /// Claims on atoms, as the shared remote has them (fetched first unless --offline).
    Claims(claims::Args),
    /// Check every status file and zones.yaml.
    Lint(lint::Args),
    /// Lay status files out so that git merges them field by field (or --check).
    Fmt(fmt::Args),
    /// The merge driver for status files: merge BASE and THEIRS into OURS field by field.
    MergeFile(merge_file::Args),
    /// Overview: teams, atoms by status, blocked and ready work, molecules, problems.
    Status(status::Args),
    /// Zones: the check (pre-commit and CI), who owns what, zones.yaml lint.
    #[command(subcommand)]
    Zones(zones::Command),
    /// Install or remove the pre-commit hook.
    #[command(subcommand)]
    Hook(hook::Command),
    /// Regenerate the dashboards (or --check that they are current).
    Dashboard(dashboard::Args),
    /// The dependency graph (mermaid, dot, json), its cycles and critical path.
    Graph(graph::Args),
    /// Overlapping claims between atoms, here and on other branches and worktrees.
    Conflicts(conflicts::Args),
    /// Every change of an atom, molecule or record, from git's history (oldest first).
    Log(history::LogArgs),
    /// What moved in a window of history, per team or person, and what is blocked now.
    Standup(history::StandupArgs),
    /// Throughput, lead and cycle time, blocked time, estimate accuracy, escalation response,
    /// reopened atoms and conflicts, against the targets in zones.yaml (exit 1 when one is missed).
    Kpi(history::KpiArgs),
    /// Raise (or --resolve) an escalation on an atom or a molecule.
    Escalate(escalate::Args),
    /// Escalations: list, acknowledge, resolve, migrate.
    #[command(subcommand)]
    Escalations(escalations::Command),
    /// Create a populated sample repository in DIR.
    Demo(demo::Args),
    /// Serve the Model Context Protocol over stdio, for coding agents: tools for status, atoms,
    /// zones, conflicts, claims and the records.
    Mcp,
    /// Print coord's man page (roff): `coord man > ~/.local/share/man/man1/coord.1`.
    Man,
    /// Print a shell completion script (bash, zsh, fish, elvish, powershell).
    Completions {
        /// The shell.
        shell: clap_complete::Shell,
    },
}

/// What every command gets: where it runs, the output format, the environment and the writer.
pub struct Ctx {
    /// The folder coord runs in.
    pub cwd: PathBuf,
    /// Requested output format.
    pub format: Format,
    /// The environment, read once.
    pub env: Env,
    /// The one writer.
    pub out: Out,
}

impl Ctx {
    /// Open the repository and zones.yaml.
    pub fn workspace(&self) -> Result<Workspace> {
        let mut ws = Workspace::open(&self.cwd)?;
        ws.offline = self.env.offline;
        ws.author = self.env.author_email.clone();
        Ok(ws)
    }

    /// "Now", as a timestamp to write.
    pub fn now(&self) -> Result<Stamp> {
        Ok(Stamp::new(self.env.now()?.at))
    }

    /// Refuse formats a command does not speak (exit 2), instead of printing something else.
    pub fn formats(&self, allowed: &[Format]) -> Result<()> {
        if allowed.contains(&self.format) {
            return Ok(());
        }
        let names: Vec<&str> = allowed.iter().map(|f| f.name()).collect();
        Err(Error::usage(
            format!("this command has no `{}` output", self.format.name()),
            Some(format!("use --format {}", names.join(" or "))),
        ))
    }

    /// Print findings in the requested format.
    pub fn findings(&mut self, findings: &[Finding]) {
        render::write(&mut self.out, findings, self.format);
    }

    /// Print `value` as JSON, or `text` for people (control characters in it escaped).
    pub fn say<T: Serialize + ?Sized>(&mut self, value: &T, text: impl AsRef<str>) {
        if self.format == Format::Json {
            self.out.json(value);
        } else {
            self.out.line(render::escape_lines(text.as_ref()));
        }
    }

    /// Print text for people, control characters escaped: what people wrote (titles, reasons)
    /// can never move the cursor, clear the screen or forge another line.
    pub fn show(&mut self, text: &str) {
        self.out.write(&render::escape_lines(text));
    }
}

/// Human and JSON: what most commands speak.
const HUMAN_JSON: &[Format] = &[Format::Human, Format::Json];
/// Human, JSON and GitHub annotations: what commands that report findings speak.
const FINDINGS: &[Format] = &[
    Format::Human,
    Format::Json,
    Format::Github,
    Format::Sarif,
    Format::Gitlab,
];

/// Run a parsed command line in `env`; returns the exit code.
pub fn run(cli: Cli, env: Env) -> Result<i32> {
    let cwd = match cli.chdir {
        Some(dir) => dir,
        None => std::env::current_dir().map_err(|e| Error::io("read", ".", e))?,
    };
    let mut env = env;
    env.offline |= cli.offline;
    let mut ctx = Ctx {
        cwd,
        format: cli.format.into(),
        out: Out::new(env.color_stdout),
        env,
    };
    let code = match cli.command {
        Command::Init(args) => init::run(&mut ctx, args),
        Command::Atoms(cmd) => atoms::run(&mut ctx, cmd),
        Command::Molecules(cmd) => molecules::run(&mut ctx, cmd),
        Command::Agents(args) => agents::run(&mut ctx, args),
        Command::Claims(args) => claims::run(&mut ctx, args),
        Command::Decisions(cmd) => decisions::run(&mut ctx, cmd),
        Command::Risks(cmd) => risks::run(&mut ctx, cmd),
        Command::Phase(cmd) => phase::run(&mut ctx, cmd),
        Command::Lint(args) => lint::run(&mut ctx, args),
        Command::Fmt(args) => fmt::run(&mut ctx, args),
        Command::MergeFile(args) => merge_file::run(&mut ctx, args),
        Command::Status(args) => status::run(&mut ctx, args),
        Command::Zones(cmd) => zones::run(&mut ctx, cmd),
        Command::Hook(cmd) => hook::run(&mut ctx, cmd),
        Command::Dashboard(args) => dashboard::run(&mut ctx, args),
        Command::Graph(args) => graph::run(&mut ctx, args),
        Command::Conflicts(args) => conflicts::run(&mut ctx, args),
        Command::Escalate(args) => escalate::run(&mut ctx, args),
        Command::Log(args) => history::log(&mut ctx, args),
        Command::Standup(args) => history::standup(&mut ctx, args),
        Command::Kpi(args) => history::kpi(&mut ctx, args),
        Command::Escalations(cmd) => escalations::run(&mut ctx, cmd),
        Command::Demo(args) => demo::run(&mut ctx, args),
        Command::Completions { shell } => completions(&mut ctx, shell),
        Command::Man => man(&mut ctx),
        Command::Mcp => mcp::run(&mut ctx),
    };
    ctx.out.flush();
    code
}

fn completions(ctx: &mut Ctx, shell: clap_complete::Shell) -> Result<i32> {
    ctx.formats(&[Format::Human])?;
    let mut script = Vec::new();
    clap_complete::generate(
        shell,
        &mut <Cli as clap::CommandFactory>::command(),
        "coord",
        &mut script,
    );
    ctx.out.write(&String::from_utf8_lossy(&script));
    Ok(0)
}

fn man(ctx: &mut Ctx) -> Result<i32> {
    ctx.formats(&[Format::Human])?;
    let mut page = Vec::new();
    clap_mangen::Man::new(<Cli as clap::CommandFactory>::command())
        .render(&mut page)
        .map_err(|e| Error::usage(format!("cannot render the man page: {e}"), None))?;
    ctx.out.write(&String::from_utf8_lossy(&page));
    Ok(0)
}

/// Print an error as a miette diagnostic on standard error.
pub fn report(error: Error, env: &Env) {
    crate::output::report(error, env.color_stderr);
}

/// What a renumbering changed, for people.
pub fn renumbered(done: &crate::atoms::renumber::Renumbered) -> String {
    let mut text = format!("{} is now {} at {}", done.from, done.to, done.path);
    for r in &done.references {
        text.push_str(&format!("\n  updated the reference in {r}"));
    }
    text
}

/// A list for `show` output: comma-separated, or `-` when empty.
pub fn list_or_dash(items: &[String]) -> String {
    if items.is_empty() {
        "-".to_owned()
    } else {
        items.join(", ")
    }
}

/// Pad cells into aligned columns, control characters in them escaped.
pub fn table(header: &[&str], rows: &[Vec<String>]) -> String {
    let rows: Vec<Vec<String>> = rows
        .iter()
        .map(|r| r.iter().map(|c| render::escape_terminal(c)).collect())
        .collect();
    let rows = &rows;
    use unicode_width::UnicodeWidthStr;
    let mut widths: Vec<usize> = header.iter().map(|h| h.width()).collect();
    for row in rows {
        for (i, cell) in row.iter().enumerate() {
            widths[i] = widths[i].max(cell.width());
        }
    }
    let line = |cells: Vec<&str>| -> String {
        let mut s = String::new();
        for (i, cell) in cells.iter().enumerate() {
            s.push_str(cell);
            if i + 1 < cells.len() {
                s.push_str(&" ".repeat(widths[i] - cell.width() + 2));
            }
        }
        s.trim_end().to_owned()
    };
    let mut out = line(header.to_vec());
    out.push('\n');
    for row in rows {
        out.push_str(&line(row.iter().map(String::as_str).collect()));
        out.push('\n');
    }
    out
}
