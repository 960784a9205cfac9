//! The zone gate: which changes to judge (staged, a commit range, or named paths), which
//! zones.yaml governs them, who is committing, and the findings.

use std::path::Path;

use super::check::{self, Blobs};
use super::{ZoneMap, team};
use crate::config::{self, Zones};
use crate::doc::store;
use crate::env::Env;
use crate::error::{Error, Result};
use crate::finding::{self, Code, Finding};
use crate::git::{Change, Repo};
use crate::workspace::Workspace;

/// What to judge.
#[derive(Debug, Clone, Copy)]
pub enum Scope<'a> {
    /// The index against HEAD (the pre-commit hook).
    Staged,
    /// Each commit of `BASE..HEAD` on its own (the CI gate).
    Range(&'a str),
    /// Paths someone wants to touch ("may I touch this?").
    Paths(&'a [String]),
}

/// What the gate decided.
#[derive(Debug, Default)]
pub struct Report {
    /// What it found.
    pub findings: Vec<Finding>,
    /// Who was committing, in words (empty when unknown or not asked).
    pub committing: String,
    /// `COORD_SKIP`: nothing was checked.
    pub skipped: bool,
    /// `COORD_MODE=warn`: errors were reported but not enforced.
    pub warn_only: bool,
}

impl Report {
    /// 1 when an error blocks, else 0.
    pub fn exit_code(&self) -> i32 {
        if finding::has_errors(&self.findings) && !self.warn_only {
            1
        } else {
            0
        }
    }
}

/// Judge `scope` from the repository (or folder) at `start`, committing as `team_flag` if given.
pub fn run(start: &Path, scope: Scope, team_flag: Option<&str>, env: &Env) -> Result<Report> {
    // Honoured before anything else, so a broken zones.yaml cannot trap anyone.
    if env.skip {
        return Ok(Report {
            skipped: true,
            ..Report::default()
        });
    }
    let (findings, committing) = match scope {
        Scope::Staged => staged(start, team_flag, env)?,
        Scope::Range(range) => (self::range(start, range, team_flag, env)?, String::new()),
        Scope::Paths(paths) => self::paths(start, paths, team_flag, env)?,
    };
    Ok(Report {
        findings,
        committing,
        skipped: false,
        warn_only: env.warn_only,
    })
}

fn committer_words(c: Option<team::Committer>) -> String {
    c.map(|c| format!("{} ({})", c.teams.join(", "), c.source))
        .unwrap_or_default()
}

fn staged(start: &Path, team_flag: Option<&str>, env: &Env) -> Result<(Vec<Finding>, String)> {
    let repo = Repo::discover(start)?;
    // The rules are those being committed: zones.yaml as staged (else as in the work tree).
    let zones = match repo.staged_file(config::FILE)? {
        Some(bytes) => config::parse(config::FILE, &String::from_utf8_lossy(&bytes))?,
        None => config::load(repo.root())?,
    };
    let changes = repo.staged_changes_for_commit()?;
    if changes.is_empty() {
        return Ok((Vec::new(), String::new()));
    }
    let committer = team::resolve(team_flag, env, Some(&repo), &zones)?;
    let teams = committer
        .as_ref()
        .map(|c| c.teams.clone())
        .unwrap_or_default();
    let paths: Vec<&str> = changes.iter().flat_map(Change::paths).collect();
    let map = ZoneMap::for_paths(&zones, &paths);
    let merged = repo.merge_head_trees()?;
    let blobs = |c: &Change| repo.sides(c, &merged);
    let mut findings = check::check(&map, zones.unowned, &teams, &changes, &blobs)?;
    if !teams.is_empty() {
        let cache = crate::config::layout::status_cache(repo.git_dir());
        let loaded = store::load(repo.root(), &zones, Some(&cache));
        findings.extend(check::claimed_by_others(&loaded.atoms, &teams, &changes));
    }
    Ok((findings, committer_words(committer)))
}

/// The rules in force for a range: BASE's zones.yaml, so a branch cannot widen its own rights.
fn rules_at(repo: &Repo, base: &str) -> Result<Zones> {
    match repo.file_at(base, config::FILE)? {
        Some(bytes) => config::parse(
            &format!("{} (at {base})", config::FILE),
            &String::from_utf8_lossy(&bytes),
        ),
        None => config::load(repo.root()),
    }
}

/// The teams a range commit is judged as: `--team`, else its `Coord-Team:` trailer, else its
/// author's email.
fn commit_teams(
    zones: &Zones,
    team_flag: Option<&str>,
    env: &Env,
    commit: &crate::git::CommitInfo,
) -> Result<Vec<String>> {
    match (team_flag, &commit.team_trailer) {
        (Some(t), _) => Ok(team::resolve(Some(t), env, None, zones)?
            .map(|c| c.teams)
            .unwrap_or_default()),
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
            Ok(vec![t.clone()])
        }
        (None, None) => Ok(team::teams_of_email(zones, &commit.author_email)),
    }
}

fn range(start: &Path, range: &str, team_flag: Option<&str>, env: &Env) -> Result<Vec<Finding>> {
    let (from, to) = range
        .split_once("..")
        .filter(|(a, b)| !a.is_empty() && !b.is_empty() && !b.starts_with('.'))
        .ok_or_else(|| {
            Error::usage(
                format!("`{range}` is not a range"),
                Some("write BASE..HEAD, for example origin/main..HEAD".to_owned()),
            )
        })?;
    let repo = Repo::discover(start)?;
    let zones = rules_at(&repo, from)?;
    let map = ZoneMap::new(&zones);
    let mut out = Vec::new();
    for commit in repo.commits_in_range(from, to)? {
        let blobs = |c: &Change| repo.sides(c, &commit.other_parent_trees);
        let blobs: Blobs = &blobs;
        let teams = commit_teams(&zones, team_flag, env, &commit)?;
        for mut f in check::check(&map, zones.unowned, &teams, &commit.changes, blobs)? {
            f.detail.commit = Some(commit.short_id.clone());
            f.detail.subject = Some(commit.subject.clone());
            if teams.is_empty() && f.code == Code::TeamUnknown {
                f.message = format!(
                    "{} (author {}; add a `Coord-Team:` trailer or list the email in a team's members)",
                    f.message, commit.author_email
                );
            }
            out.push(f);
        }
    }
    Ok(out)
}

fn paths(
    start: &Path,
    paths: &[String],
    team_flag: Option<&str>,
    env: &Env,
) -> Result<(Vec<Finding>, String)> {
    let ws = Workspace::open_without_git(start)?;
    let committer = team::resolve(team_flag, env, ws.repo.as_ref(), &ws.zones)?;
    let teams = committer
        .as_ref()
        .map(|c| c.teams.clone())
        .unwrap_or_default();
    let map = ZoneMap::new(&ws.zones);
    let paths: Vec<String> = paths.iter().map(|p| normalize(p)).collect();
    let findings = check::check_paths(&map, ws.zones.unowned, &teams, &paths);
    Ok((findings, committer_words(committer)))
}

/// A path as typed, relative to the repository root.
pub fn normalize(path: &str) -> String {
    path.trim_start_matches("./")
        .trim_start_matches('/')
        .to_owned()
}
