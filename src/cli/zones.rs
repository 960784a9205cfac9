//! `coord zones …`: the zone check (pre-commit and CI), who owns what, and zones.yaml lint.

use clap::Subcommand;
use serde::Serialize;

use super::Ctx;
use crate::config;
use crate::doc::store;
use crate::error::{Error, Result};
use crate::finding::{self, Severity};
use crate::git::{Change, Repo};
use crate::output::{Format, escape_data, escape_property};
use crate::workspace::Workspace;
use crate::zones::check::{self, Sides, Violation};
use crate::zones::{Owner, ZoneMap, lint, team};

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
        Command::Check(args) => check_command(ctx, args),
        Command::Who { paths, all } => who(ctx, paths, all),
        Command::Lint => {
            ctx.formats(&[Format::Human, Format::Json, Format::Github])?;
            let ws = ctx.workspace()?;
            let files = ws.repo()?.index_paths()?;
            let map = ZoneMap::new(&ws.zones);
            let findings = lint::check(&ws.zones, &map, &files);
            ctx.out.findings(&findings, ctx.format);
            if ctx.format == Format::Human && findings.is_empty() {
                ctx.out.line(format!(
                    "zones lint: no problems ({} tracked files)",
                    files.len()
                ));
            }
            Ok(if finding::has_errors(&findings) { 1 } else { 0 })
        }
        Command::Schema => {
            ctx.out.write(config::SCHEMA);
            Ok(0)
        }
    }
}

fn env_flag(name: &str) -> Option<String> {
    std::env::var(name)
        .ok()
        .map(|v| v.trim().to_owned())
        .filter(|v| !v.is_empty())
}

fn check_command(ctx: &mut Ctx, args: CheckArgs) -> Result<i32> {
    ctx.formats(&[Format::Human, Format::Json, Format::Github])?;
    // Honoured before anything else, so a broken zones.yaml cannot trap anyone.
    if env_flag("COORD_SKIP").is_some_and(|v| v != "0") {
        crate::output::note(
            "coord: zones check bypassed (COORD_SKIP is set); nothing was checked".to_string(),
        );
        return Ok(0);
    }
    let warn_only = env_flag("COORD_MODE").is_some_and(|v| v.eq_ignore_ascii_case("warn"));
    let modes = [args.staged, args.range.is_some(), !args.paths.is_empty()]
        .iter()
        .filter(|b| **b)
        .count();
    if modes != 1 {
        return Err(Error::usage(
            "say what to check",
            Some("use --staged, --range BASE..HEAD, or give paths".to_owned()),
        ));
    }
    let (violations, committing) = if args.staged {
        staged(ctx, args.team.as_deref())?
    } else if let Some(range) = &args.range {
        (
            self::range(ctx, range, args.team.as_deref())?,
            String::new(),
        )
    } else {
        paths(ctx, &args.paths, args.team.as_deref())?
    };
    print_violations(ctx, &violations, &committing);
    let errors = violations.iter().any(|v| v.severity == Severity::Error);
    if errors && warn_only {
        crate::output::note("coord: COORD_MODE=warn: the violations above were reported but not enforced (zone check bypassed)".to_string());
        return Ok(0);
    }
    Ok(if errors { 1 } else { 0 })
}

/// Reads a change's contents; `others` are the trees of a merge's other parents.
fn blob_reader<'a>(repo: &'a Repo, others: &'a [String]) -> impl Fn(&Change) -> Sides + 'a {
    move |c: &Change| {
        let read = |id: &Option<String>| {
            id.as_ref()
                .and_then(|id| repo.blob(id).ok())
                .unwrap_or_default()
        };
        let others = others
            .iter()
            .map(|tree| {
                repo.file_in_tree(tree, &c.path)
                    .ok()
                    .flatten()
                    .unwrap_or_default()
            })
            .collect();
        Sides {
            old: read(&c.old_id),
            new: read(&c.new_id),
            others,
        }
    }
}

fn staged(ctx: &Ctx, team_flag: Option<&str>) -> Result<(Vec<Violation>, String)> {
    let repo = Repo::discover(&ctx.cwd)?;
    // The rules are those being committed: zones.yaml as staged (else as in the work tree).
    let zones = match repo.staged_file(config::FILE)? {
        Some(bytes) => config::parse(config::FILE, &String::from_utf8_lossy(&bytes))?,
        None => config::load(repo.root())?,
    };
    let changes = repo.staged_changes_for_commit()?;
    if changes.is_empty() {
        return Ok((Vec::new(), String::new()));
    }
    let committer = team::resolve(team_flag, Some(&repo), &zones)?;
    let teams = committer
        .as_ref()
        .map(|c| c.teams.clone())
        .unwrap_or_default();
    let paths: Vec<&str> = changes.iter().flat_map(Change::paths).collect();
    let map = ZoneMap::for_paths(&zones, &paths);
    let merged = repo.merge_head_trees()?;
    let blobs = blob_reader(&repo, &merged);
    let mut violations = check::check(&map, zones.unowned, &teams, &changes, &blobs);
    if !teams.is_empty() {
        let root = repo.root().to_path_buf();
        let loaded = store::load(
            &root,
            &zones,
            Some(&repo.git_dir().join("coord").join("status-cache.bin")),
        );
        violations.extend(check::claimed_by_others(&loaded.atoms, &teams, &changes));
    }
    let who = committer
        .map(|c| format!("{} ({})", c.teams.join(", "), c.source))
        .unwrap_or_default();
    Ok((violations, who))
}

fn range(ctx: &Ctx, range: &str, team_flag: Option<&str>) -> Result<Vec<Violation>> {
    let (from, to) = range
        .split_once("..")
        .filter(|(a, b)| !a.is_empty() && !b.is_empty() && !b.starts_with('.'))
        .ok_or_else(|| {
            Error::usage(
                format!("`{range}` is not a range"),
                Some("write BASE..HEAD, for example origin/main..HEAD".to_owned()),
            )
        })?;
    let repo = Repo::discover(&ctx.cwd)?;
    // The rules in force are BASE's: a branch cannot widen its own rights by editing zones.yaml.
    let zones = match repo.file_at(from, config::FILE)? {
        Some(bytes) => config::parse(
            &format!("{} (at {from})", config::FILE),
            &String::from_utf8_lossy(&bytes),
        )?,
        None => config::load(repo.root())?,
    };
    let map = ZoneMap::new(&zones);
    let mut out = Vec::new();
    for commit in repo.commits_in_range(from, to)? {
        let blobs = blob_reader(&repo, &commit.other_parent_trees);
        let teams: Vec<String> = match (team_flag, &commit.team_trailer) {
            (Some(t), _) => team::resolve(Some(t), None, &zones)?
                .map(|c| c.teams)
                .unwrap_or_default(),
            (None, Some(t)) => {
                if zones.team(t).is_none() {
                    return Err(Error::usage(
                        format!(
                            "commit {} has `Coord-Team: {t}`, which zones.yaml does not define",
                            commit.short_id
                        ),
                        Some(format!("teams: {}", zones.team_ids().join(", "))),
                    ));
                }
                vec![t.clone()]
            }
            (None, None) => team::teams_of_email(&zones, &commit.author_email),
        };
        for mut v in check::check(&map, zones.unowned, &teams, &commit.changes, &blobs) {
            v.commit = Some(commit.short_id.clone());
            v.subject = Some(commit.subject.clone());
            if teams.is_empty() && v.code == "team-unknown" {
                v.message = format!(
                    "{} (author {}; add a `Coord-Team:` trailer or list the email in a team's members)",
                    v.message, commit.author_email
                );
            }
            out.push(v);
        }
    }
    Ok(out)
}

fn paths(ctx: &Ctx, paths: &[String], team_flag: Option<&str>) -> Result<(Vec<Violation>, String)> {
    let ws = Workspace::open_without_git(&ctx.cwd)?;
    let committer = team::resolve(team_flag, ws.repo.as_ref(), &ws.zones)?;
    let teams = committer
        .as_ref()
        .map(|c| c.teams.clone())
        .unwrap_or_default();
    let map = ZoneMap::new(&ws.zones);
    let paths: Vec<String> = paths.iter().map(|p| normalize(p)).collect();
    let violations = check::check_paths(&map, ws.zones.unowned, &teams, &paths);
    let who = committer
        .map(|c| format!("{} ({})", c.teams.join(", "), c.source))
        .unwrap_or_default();
    Ok((violations, who))
}

fn normalize(path: &str) -> String {
    path.trim_start_matches("./")
        .trim_start_matches('/')
        .to_owned()
}

fn print_violations(ctx: &mut Ctx, violations: &[Violation], committing: &str) {
    match ctx.format {
        Format::Json => ctx.out.json(violations),
        Format::Github => {
            for v in violations {
                let level = if v.severity == Severity::Error {
                    "error"
                } else {
                    "warning"
                };
                let line = v.line.map(|l| format!(",line={l}")).unwrap_or_default();
                ctx.out.line(format!(
                    "::{level} file={}{line},title={}::{}",
                    escape_property(&v.path),
                    v.code,
                    escape_data(&v.message)
                ));
            }
        }
        _ => {
            let mut last_commit: Option<&str> = None;
            for v in violations {
                if let (Some(c), Some(s)) = (&v.commit, &v.subject)
                    && last_commit != Some(c.as_str())
                {
                    ctx.out.line(format!("commit {c} {s}"));
                    last_commit = Some(c);
                }
                let level = if v.severity == Severity::Error {
                    "error"
                } else {
                    "warning"
                };
                match (&v.source, v.line, &v.section) {
                    (Some(text), Some(line), Some(section)) => {
                        let label = format!("section {section}, owned by {}", v.owners.join(", "));
                        ctx.out.write(&crate::output::snippet(
                            v.code, &v.path, text, line, &v.message, &label,
                        ));
                    }
                    _ => {
                        ctx.out.line(format!("{level}[{}]: {}", v.code, v.message));
                        let location = match v.line {
                            Some(l) => format!("{}:{l}", v.path),
                            None => v.path.clone(),
                        };
                        ctx.out.line(format!("  --> {location}"));
                    }
                }
                if let Some(old) = &v.old_path {
                    ctx.out.line(format!("  = renamed from: {old}"));
                }
                if let Some(section) = &v.section {
                    ctx.out.line(format!("  = section: {section}"));
                }
                ctx.out.line(format!("  = zone: {}", v.zone));
                if !v.owners.is_empty() {
                    ctx.out.line(format!("  = owners: {}", v.owners.join(", ")));
                }
                ctx.out.line(format!(
                    "  = committing team: {}",
                    if v.team.is_empty() {
                        "unknown"
                    } else {
                        &v.team
                    }
                ));
            }
            let errors = violations
                .iter()
                .filter(|v| v.severity == Severity::Error)
                .count();
            if errors > 0 {
                ctx.out.line("");
                ctx.out.line(format!(
                    "zones check: {errors} violation(s){}",
                    if committing.is_empty() {
                        String::new()
                    } else {
                        format!(", committing as {committing}")
                    }
                ));
                ctx.out.line("how to proceed: ask the owning team to make the change; or share the files through a joint zone in zones.yaml;");
                ctx.out.line("or bypass once: COORD_MODE=warn (report, do not block) or COORD_SKIP=1 (skip the check). CI still checks the range.");
            }
        }
    }
}

/// One row of `zones who --format json`; every field is always present.
#[derive(Serialize)]
struct WhoRow {
    path: String,
    /// generated, readonly, shared, exclusive, joint or unowned.
    kind: &'static str,
    zone: String,
    owners: Vec<String>,
    /// The matching patterns (read-only, exclusive).
    patterns: Vec<String>,
    /// The matching joint zones.
    zones: Vec<String>,
    /// A shared file's sections and their teams.
    sections: Vec<SectionOwner>,
}

#[derive(Serialize)]
struct SectionOwner {
    section: String,
    team: String,
}

impl WhoRow {
    fn new(path: String, owner: &Owner) -> WhoRow {
        let (kind, patterns, zones, sections) = match owner {
            Owner::Generated => ("generated", vec![], vec![], vec![]),
            Owner::Readonly { pattern } => ("readonly", vec![pattern.clone()], vec![], vec![]),
            Owner::Shared { sections } => (
                "shared",
                vec![],
                vec![],
                sections
                    .iter()
                    .map(|(section, team)| SectionOwner {
                        section: section.clone(),
                        team: team.clone(),
                    })
                    .collect(),
            ),
            Owner::Exclusive { patterns, .. } => ("exclusive", patterns.clone(), vec![], vec![]),
            Owner::Joint { zones, .. } => ("joint", vec![], zones.clone(), vec![]),
            Owner::Unowned => ("unowned", vec![], vec![], vec![]),
        };
        WhoRow {
            path,
            kind,
            zone: owner.zone_name(),
            owners: owner.owners(),
            patterns,
            zones,
            sections,
        }
    }
}

fn who(ctx: &mut Ctx, paths: Vec<String>, all: bool) -> Result<i32> {
    ctx.formats(&[Format::Human, Format::Json])?;
    let ws = Workspace::open_without_git(&ctx.cwd)?;
    let list: Vec<String> = if all {
        ws.repo()?.index_paths()?
    } else if paths.is_empty() {
        return Err(Error::usage("name paths, or use --all", None));
    } else {
        paths.iter().map(|p| normalize(p)).collect()
    };
    let map = ZoneMap::new(&ws.zones);
    if ctx.format == Format::Json {
        let rows: Vec<WhoRow> = list
            .into_iter()
            .map(|path| {
                let owner = map.owner(&path);
                WhoRow::new(path, &owner)
            })
            .collect();
        ctx.out.json(&rows);
        return Ok(0);
    }
    for path in list {
        let owner = map.owner(&path);
        let detail = match &owner {
            Owner::Shared { sections } => {
                let parts: Vec<String> =
                    sections.iter().map(|(s, t)| format!("{s}: {t}")).collect();
                format!("shared file ({})", parts.join(", "))
            }
            Owner::Generated => {
                "generated dashboard (anyone may commit what `coord dashboard` writes)".to_owned()
            }
            Owner::Readonly { pattern } => format!("read-only (`{pattern}`): nobody"),
            Owner::Unowned => format!(
                "unowned ({})",
                match ws.zones.unowned {
                    config::UnownedPolicy::Allow => "allowed",
                    config::UnownedPolicy::Warn => "warned",
                    config::UnownedPolicy::Deny => "denied",
                }
            ),
            other => format!("{}: {}", other.zone_name(), other.owners().join(", ")),
        };
        ctx.out.line(format!("{path}: {detail}"));
    }
    Ok(0)
}
