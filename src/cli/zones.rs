//! `coord zones …`: the zone check (pre-commit and CI), who owns what, and zones.yaml lint.

use clap::Subcommand;

use super::{Ctx, FINDINGS, HUMAN_JSON};
use crate::config;
use crate::error::{Error, Result};
use crate::finding::{self, Severity};
use crate::output::{Format, note};
use crate::workspace::Workspace;
use crate::zones::gate::{self, Report, Scope};
use crate::zones::{ZoneMap, lint, who};

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Refuse changes that cross a zone: the staged ones, a commit range, or given paths.
    Check(CheckArgs),
    /// Which zone owns each path.
    Who {
        /// Paths to look up.
        paths: Vec<String>,
        /// Every tracked file.
        #[arg(long)]
        all: bool,
    },
    /// zones.yaml against the tracked files.
    Lint,
    /// Print the JSON Schema of zones.yaml.
    Schema,
}

#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// Check the index against HEAD (the pre-commit hook).
    #[arg(long, conflicts_with = "range")]
    staged: bool,
    /// Check each commit of BASE..HEAD on its own (the CI gate).
    #[arg(long, value_name = "BASE..HEAD")]
    range: Option<String>,
    /// The committing team (else COORD_TEAM, git config coord.team, or the author email).
    #[arg(long)]
    team: Option<String>,
    /// Paths to check without git ("may I touch this?").
    paths: Vec<String>,
}

pub fn run(ctx: &mut Ctx, command: Command) -> Result<i32> {
    match command {
        Command::Check(args) => check(ctx, args),
        Command::Who { paths, all } => {
            ctx.formats(HUMAN_JSON)?;
            let ws = Workspace::open_without_git(&ctx.cwd)?;
            let rows = who::who(&ws, &paths, all)?;
            if ctx.format == Format::Json {
                ctx.out.json(&rows);
            } else {
                for row in &rows {
                    ctx.out.line(format!("{}: {}", row.path, row.words));
                }
            }
            Ok(0)
        }
        Command::Lint => {
            ctx.formats(FINDINGS)?;
            let ws = ctx.workspace()?;
            let files = ws.repo()?.index_paths()?;
            let findings = lint::check(&ws.zones, &ZoneMap::new(&ws.zones), &files);
            ctx.findings(&findings);
            if ctx.format == Format::Human && findings.is_empty() {
                let n = files.len();
                ctx.out
                    .line(format!("zones lint: no problems ({n} tracked files)"));
            }
            Ok(i32::from(finding::has_errors(&findings)))
        }
        Command::Schema => {
            ctx.formats(HUMAN_JSON)?;
            ctx.out.write(config::SCHEMA);
            Ok(0)
        }
    }
}

fn check(ctx: &mut Ctx, args: CheckArgs) -> Result<i32> {
    ctx.formats(FINDINGS)?;
    let scope = match (args.staged, &args.range, args.paths.is_empty()) {
        (true, None, true) => Scope::Staged,
        (false, Some(range), true) => Scope::Range(range),
        (false, None, false) => Scope::Paths(&args.paths),
        _ => {
            return Err(Error::usage(
                "say what to check",
                Some("use --staged, --range BASE..HEAD, or give paths".to_owned()),
            ));
        }
    };
    let report = gate::run(&ctx.cwd, scope, args.team.as_deref(), &ctx.env)?;
    if report.skipped {
        note("coord: zones check bypassed (COORD_SKIP is set); nothing was checked");
        return Ok(0);
    }
    ctx.findings(&report.findings);
    if ctx.format == Format::Human {
        summary(ctx, &report);
    }
    if report.warn_only && finding::has_errors(&report.findings) {
        note(
            "coord: COORD_MODE=warn: the violations above were reported but not enforced (zone check bypassed)",
        );
    }
    Ok(report.exit_code())
}

fn summary(ctx: &mut Ctx, report: &Report) {
    let errors = report
        .findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .count();
    if errors == 0 {
        return;
    }
    let committing = if report.committing.is_empty() {
        String::new()
    } else {
        format!(", committing as {}", report.committing)
    };
    ctx.out.line("");
    ctx.out
        .line(format!("zones check: {errors} violation(s){committing}"));
    ctx.out.line("how to proceed: ask the owning team to make the change; or share the files through a joint zone in zones.yaml;");
    ctx.out.line("or bypass once: COORD_MODE=warn (report, do not block) or COORD_SKIP=1 (skip the check). CI still checks the range.");
}
