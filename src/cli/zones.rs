//! `coord zones …`: the zone check (pre-commit and CI), who owns what, and zones.yaml lint.

use clap::Subcommand;

use super::{Ctx, FINDINGS, HUMAN_JSON};
use crate::config;
use crate::error::{Error, Result};
use crate::finding::{self, Severity};
use crate::fsutil;
use crate::output::{Format, note};
use crate::workspace::Workspace;
use crate::zones::gate::{self, Report, Scope};
use crate::zones::receive;
use crate::zones::{ZoneMap, codeowners, lint, who};

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
    /// The server-side gate: judge the ref updates of a push (`OLD NEW REF` lines on standard
    /// input, as git's pre-receive hook reads them).
    Receive,
    /// zones.yaml against the tracked files.
    Lint,
    /// Print the JSON Schema of zones.yaml.
    Schema,
    /// Write zones.yaml from another tool's ownership file.
    #[command(subcommand)]
    Import(ImportCommand),
    /// Write another tool's ownership file from zones.yaml.
    #[command(subcommand)]
    Export(ExportCommand),
}

#[derive(Debug, Subcommand)]
pub enum ImportCommand {
    /// From a CODEOWNERS file (default: .github/CODEOWNERS, CODEOWNERS, docs/CODEOWNERS), with
    /// GitHub's semantics: ordered `rules:`, the last match wins.
    Codeowners {
        /// The CODEOWNERS file.
        path: Option<String>,
        /// Print zones.yaml instead of writing it.
        #[arg(long)]
        stdout: bool,
        /// Overwrite an existing zones.yaml.
        #[arg(long)]
        force: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum ExportCommand {
    /// To .github/CODEOWNERS: each zone's owning teams, by their `handle:`.
    Codeowners {
        /// Fail (exit 1) when the file differs from what zones.yaml gives; write nothing.
        #[arg(long)]
        check: bool,
        /// Print it instead of writing it.
        #[arg(long, conflicts_with = "check")]
        stdout: bool,
    },
}

#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// Check the index against HEAD (the pre-commit hook).
    #[arg(long, conflicts_with = "range")]
    staged: bool,
    /// With --staged: the commit replaces HEAD (`git commit --amend`): judge the change against
    /// HEAD's parent, as the person amending.
    #[arg(long, requires = "staged")]
    amend: bool,
    /// Check each commit of BASE..HEAD on its own (the CI gate); `auto` takes the range from the
    /// GitHub Actions or GitLab CI event (pull request, push, new branch).
    #[arg(long, value_name = "BASE..HEAD|auto")]
    range: Option<String>,
    /// With --range: the rules to judge by when not BASE's zones.yaml (a revision or a file).
    #[arg(long, value_name = "REV_OR_PATH", requires = "range")]
    rules: Option<String>,
    /// With --range: judge every commit as this forge-authenticated user (members `@login`).
    #[arg(long, value_name = "LOGIN", requires = "range")]
    actor: Option<String>,
    /// The committing team (else COORD_TEAM, git config coord.team, or the author email).
    #[arg(long)]
    team: Option<String>,
    /// Paths to check without git ("may I touch this?").
    paths: Vec<String>,
}

pub fn run(ctx: &mut Ctx, command: Command) -> Result<i32> {
    match command {
        Command::Check(args) => check(ctx, args),
        Command::Receive => receive(ctx),
        Command::Who { paths, all } => {
            ctx.formats(HUMAN_JSON)?;
            let ws = Workspace::open_without_git(&ctx.cwd)?;
            let rows = who::who(&ws, &ctx.cwd, &paths, all)?;
            if ctx.format == Format::Json {
                ctx.out.json(&rows);
            } else {
                for row in &rows {
                    ctx.show(&format!("{}: {}\n", row.path, row.words));
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
        Command::Import(ImportCommand::Codeowners {
            path,
            stdout,
            force,
        }) => import_codeowners(ctx, path, stdout, force),
        Command::Export(ExportCommand::Codeowners { check, stdout }) => {
            export_codeowners(ctx, check, stdout)
        }
        Command::Schema => {
            ctx.formats(HUMAN_JSON)?;
            ctx.out.write(config::SCHEMA);
            Ok(0)
        }
    }
}

fn import_codeowners(
    ctx: &mut Ctx,
    path: Option<String>,
    stdout: bool,
    force: bool,
) -> Result<i32> {
    ctx.formats(HUMAN_JSON)?;
    let root = crate::git::Repo::discover(&ctx.cwd)?.root().to_path_buf();
    let path = path.map(|p| ctx.cwd.join(p));
    let imported = codeowners::import_file(&root, path.as_deref())?;
    for f in &imported.skipped {
        note(finding::render::human(f, false));
    }
    if stdout {
        ctx.out.write(&imported.yaml);
        return Ok(0);
    }
    let target = root.join(config::FILE);
    if target.exists() && !force {
        return Err(Error::usage(
            format!("{} exists", config::FILE),
            Some("print the import with --stdout, or replace the file with --force".to_owned()),
        ));
    }
    fsutil::write_atomic(&target, imported.yaml.as_bytes())?;
    let text = format!(
        "Wrote {} from {}: {} teams, {} rules ({} lines skipped)",
        config::FILE,
        imported.source,
        imported.teams,
        imported.rules,
        imported.skipped.len()
    );
    ctx.say(&imported, text);
    Ok(0)
}

fn export_codeowners(ctx: &mut Ctx, check: bool, stdout: bool) -> Result<i32> {
    ctx.formats(HUMAN_JSON)?;
    let ws = ctx.workspace()?;
    let text = codeowners::export(&ws.zones);
    if stdout {
        ctx.out.write(&text);
        return Ok(0);
    }
    let path = ws.root.join(codeowners::PLACES[0]);
    let current = std::fs::read_to_string(&path).ok();
    if check {
        if current.as_deref() == Some(text.as_str()) {
            ctx.out
                .line(format!("{} is current", codeowners::PLACES[0]));
            return Ok(0);
        }
        note(format!(
            "coord: {} is stale or missing: run `coord zones export codeowners`",
            codeowners::PLACES[0]
        ));
        return Ok(1);
    }
    if current.as_deref() != Some(text.as_str()) {
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(|e| Error::io("create", dir, e))?;
        }
        fsutil::write_atomic(&path, text.as_bytes())?;
    }
    ctx.out.line(format!("Wrote {}", codeowners::PLACES[0]));
    Ok(0)
}

fn check(ctx: &mut Ctx, args: CheckArgs) -> Result<i32> {
    ctx.formats(FINDINGS)?;
    let auto = match args.range.as_deref() {
        Some("auto") => Some(crate::zones::ci_range::resolve(
            &crate::git::Repo::discover(&ctx.cwd)?,
            &ctx.env.ci,
        )?),
        _ => None,
    };
    if let Some(range) = &auto {
        note(format!("coord: --range auto: {range}"));
    }
    let range = auto.or(args.range.clone());
    let scope = match (args.staged, &range, args.paths.is_empty()) {
        (true, None, true) => Scope::Staged { amend: args.amend },
        (false, Some(range), true) => Scope::Range {
            range,
            rules: args.rules.as_deref(),
            actor: args.actor.as_deref(),
        },
        (false, None, false) => Scope::Paths(&args.paths),
        _ => {
            return Err(Error::usage(
                "say what to check",
                Some("use --staged, --range BASE..HEAD, or give paths".to_owned()),
            ));
        }
    };
    let report = gate::run(&ctx.cwd, scope, args.team.as_deref(), &ctx.env)?;
    show(ctx, &report)
}

fn receive(ctx: &mut Ctx) -> Result<i32> {
    ctx.formats(FINDINGS)?;
    let mut input = String::new();
    std::io::Read::read_to_string(&mut std::io::stdin(), &mut input)
        .map_err(|e| Error::io("read", "standard input", e))?;
    let updates = receive::parse_updates(&input)?;
    let report = receive::receive(&ctx.cwd, &updates, &ctx.env)?;
    show(ctx, &report)
}

fn show(ctx: &mut Ctx, report: &Report) -> Result<i32> {
    if report.skipped {
        note("coord: zones check bypassed (COORD_SKIP is set); nothing was checked");
        return Ok(0);
    }
    for n in &report.notes {
        note(n);
    }
    ctx.findings(&report.findings);
    if ctx.format != Format::Human && !report.rules.is_empty() {
        note(format!("coord: judged by {}", report.rules));
    }
    if ctx.format == Format::Human {
        summary(ctx, report);
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
        if report.names_rules && !report.rules.is_empty() {
            ctx.out.line(format!(
                "zones check: no violations (judged by {})",
                report.rules
            ));
        }
        return;
    }
    let committing = if report.committing.is_empty() {
        String::new()
    } else {
        format!(", committing as {}", report.committing)
    };
    ctx.out.line("");
    ctx.out.line(format!(
        "zones check: {errors} violation(s){committing}, judged by {}",
        report.rules
    ));
    ctx.out.line("how to proceed: ask the owning team to make the change; or share the files through a joint zone in zones.yaml;");
    if report.names_rules {
        ctx.out
            .line("the range check is the gate: it cannot be bypassed, only the commits changed.");
    } else {
        ctx.out.line("or bypass once: COORD_MODE=warn (report, do not block) or COORD_SKIP=1 (skip the check). CI still checks the range.");
    }
}
