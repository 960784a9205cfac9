//! The command line: one file per subcommand, each with its clap arguments next to its handler.

mod atoms;
mod conflicts;
mod dashboard;
mod demo;
mod escalate;
mod graph;
mod hook;
mod init;
mod lint;
mod molecules;
mod status;
mod zones;

use std::path::PathBuf;

use clap::{Parser, Subcommand};

use crate::error::{Error, Result};
use crate::output::{Format, Out};
use crate::workspace::{Snapshot, Workspace};

/// coord: several teams coordinate on one git repository through plain files in it.
#[derive(Debug, Parser)]
#[command(name = "coord", version, about, long_about = None, propagate_version = true)]
pub struct Cli {
    /// Run as if coord was started in DIR.
    #[arg(short = 'C', id = "chdir", global = true, value_name = "DIR")]
    pub chdir: Option<PathBuf>,
    /// Output format: human, json, github (annotations), mermaid or dot (graph).
    #[arg(long, global = true, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    #[command(subcommand)]
    command: Command,
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
    /// Check every status file and zones.yaml.
    Lint(lint::Args),
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
    /// Raise (or --resolve) an escalation on an atom or a molecule.
    Escalate(escalate::Args),
    /// Create a populated sample repository in DIR.
    Demo(demo::Args),
    /// Print a shell completion script (bash, zsh, fish, elvish, powershell).
    Completions {
        /// The shell.
        shell: clap_complete::Shell,
    },
}

/// What every command gets: where it runs, the output format and the writer.
pub struct Ctx {
    /// The folder coord runs in.
    pub cwd: PathBuf,
    /// Requested output format.
    pub format: Format,
    /// The one writer.
    pub out: Out,
}

impl Ctx {
    /// Open the repository and zones.yaml.
    pub fn workspace(&self) -> Result<Workspace> {
        Workspace::open(&self.cwd)
    }

    /// Refuse formats a command does not speak.
    pub fn formats(&self, allowed: &[Format]) -> Result<()> {
        if allowed.contains(&self.format) {
            return Ok(());
        }
        let names: Vec<String> = allowed
            .iter()
            .map(|f| format!("{f:?}").to_ascii_lowercase())
            .collect();
        Err(Error::usage(
            format!("this command has no `{:?}` output", self.format).to_ascii_lowercase(),
            Some(format!("use --format {}", names.join(" or "))),
        ))
    }
}

/// Load everything and return it as a snapshot.
pub fn snapshot(ws: &Workspace) -> Snapshot {
    ws.load().into()
}

/// Run a parsed command line; returns the exit code.
pub fn run(cli: Cli) -> Result<i32> {
    let cwd = match cli.chdir {
        Some(dir) => dir,
        None => std::env::current_dir().map_err(|e| Error::io("read", ".", e))?,
    };
    let mut ctx = Ctx {
        cwd,
        format: cli.format,
        out: Out::new(),
    };
    let code = match cli.command {
        Command::Init(args) => init::run(&mut ctx, args),
        Command::Atoms(cmd) => atoms::run(&mut ctx, cmd),
        Command::Molecules(cmd) => molecules::run(&mut ctx, cmd),
        Command::Lint(args) => lint::run(&mut ctx, args),
        Command::Status(args) => status::run(&mut ctx, args),
        Command::Zones(cmd) => zones::run(&mut ctx, cmd),
        Command::Hook(cmd) => hook::run(&mut ctx, cmd),
        Command::Dashboard(args) => dashboard::run(&mut ctx, args),
        Command::Graph(args) => graph::run(&mut ctx, args),
        Command::Conflicts(args) => conflicts::run(&mut ctx, args),
        Command::Escalate(args) => escalate::run(&mut ctx, args),
        Command::Demo(args) => demo::run(&mut ctx, args),
        Command::Completions { shell } => {
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
    };
    ctx.out.flush();
    code
}

/// Print an error as a miette diagnostic on standard error.
pub fn report(error: Error) {
    crate::output::report(error);
}

/// A list for `show` output: comma-separated, or `-` when empty.
pub fn list_or_dash(items: &[String]) -> String {
    if items.is_empty() {
        "-".to_owned()
    } else {
        items.join(", ")
    }
}

/// Pad cells into aligned columns.
pub fn table(header: &[&str], rows: &[Vec<String>]) -> String {
    let mut widths: Vec<usize> = header.iter().map(|h| h.chars().count()).collect();
    for row in rows {
        for (i, cell) in row.iter().enumerate() {
            widths[i] = widths[i].max(cell.chars().count());
        }
    }
    let line = |cells: Vec<&str>| -> String {
        let mut s = String::new();
        for (i, cell) in cells.iter().enumerate() {
            if i + 1 == cells.len() {
                s.push_str(cell);
            } else {
                s.push_str(cell);
                s.push_str(&" ".repeat(widths[i] - cell.chars().count() + 2));
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
