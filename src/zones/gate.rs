//! The zone gate: which changes to judge (staged, a commit range, or named paths), which
//! zones.yaml governs them, who is committing, and the findings.

use std::path::Path;

use super::check::{self, Blobs};
use super::identity::{self, Signers, Trust};
use super::{ZoneMap, team};
use crate::config::{self, Identity, Zones};
use crate::doc::store;
use crate::env::Env;
use crate::error::{Error, Result};
use crate::finding::{self, Code, Finding};
use crate::git::{Change, CommitInfo, Repo};
use crate::workspace::Workspace;

/// What to judge.
#[derive(Debug, Clone, Copy)]
pub enum Scope<'a> {
    /// The index against HEAD (the pre-commit hook); with `amend`, against HEAD's parent, for
    /// `git commit --amend`.
    Staged {
        /// The commit replaces HEAD.
        amend: bool,
    },
    /// Each commit of `BASE..HEAD` on its own (the CI gate).
    Range {
        /// `BASE..HEAD`.
        range: &'a str,
        /// Which rules govern when not BASE's zones.yaml: a revision or a file.
        rules: Option<&'a str>,
        /// The forge-authenticated user every commit is judged as.
        actor: Option<&'a str>,
    },
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
    /// Which rules governed, in words.
    pub rules: String,
    /// Whether the report must name its rules even when clean (range and server checks).
    pub names_rules: bool,
    /// Things to tell the person at the terminal.
    pub notes: Vec<String>,
    /// `COORD_SKIP` on a local check: nothing was checked.
    pub skipped: bool,
    /// `COORD_MODE=warn` on a local check: errors were reported but not enforced.
    pub warn_only: bool,
}

impl Report {
    /// 1 when an error blocks, else 0.
    pub fn exit_code(&self) -> i32 {
        i32::from(finding::has_errors(&self.findings) && !self.warn_only)
    }
}

/// Judge `scope` from the repository (or folder) at `start`, committing as `team_flag` if given.
pub fn run(start: &Path, scope: Scope, team_flag: Option<&str>, env: &Env) -> Result<Report> {
    if let Scope::Range {
        range,
        rules,
        actor,
    } = scope
    {
        let mut report = self::range(start, range, rules, actor, team_flag, env)?;
        for (set, name) in [(env.skip, "COORD_SKIP"), (env.warn_only, "COORD_MODE=warn")] {
            if set {
                report.notes.push(format!(
                    "coord: {name} is ignored by the range check: it bypasses only the local hook"
                ));
            }
        }
        return Ok(report);
    }
    // Honoured before anything else, so a broken zones.yaml cannot trap anyone.
    if env.skip {
        return Ok(Report {
            skipped: true,
            ..Report::default()
        });
    }
    let (findings, committing, rules) = match scope {
        Scope::Staged { amend } => staged(start, amend, team_flag, env)?,
        Scope::Paths(paths) => self::paths(start, paths, team_flag, env)?,
        Scope::Range { .. } => unreachable!("handled above"),
    };
    Ok(Report {
        findings,
        committing,
        rules,
        warn_only: env.warn_only,
        ..Report::default()
    })
}

fn committer_words(c: Option<team::Committer>) -> String {
    c.map(|c| format!("{} ({})", c.teams.join(", "), c.source))
        .unwrap_or_default()
}

/// The rules for a commit in the making: HEAD's zones.yaml, so a commit that widens a zone is
/// judged by the zones it had (else, before the first commit, the staged or work-tree copy).
/// A zones.yaml being committed must be valid even though it does not govern its own commit.
fn staged_rules(repo: &Repo) -> Result<(Zones, String)> {
    let staged = repo.staged_file(config::FILE)?;
    if repo.head_tree()?.is_some()
        && let Some(bytes) = repo.file_at("HEAD", config::FILE)?
    {
        if let Some(new) = staged.as_ref().filter(|new| **new != bytes) {
            config::parse_bytes(config::FILE, new)?;
        }
        let zones = config::parse_bytes(&format!("{} (at HEAD)", config::FILE), &bytes)?;
        return Ok((zones, format!("{} at HEAD", config::FILE)));
    }
    match staged {
        Some(bytes) => Ok((
            config::parse_bytes(config::FILE, &bytes)?,
            format!("{} as staged", config::FILE),
        )),
        None => Ok((
            config::load(repo.root())?,
            format!("{} in the work tree", config::FILE),
        )),
    }
}

type Judged = (Vec<Finding>, String, String);

fn staged(start: &Path, amend: bool, team_flag: Option<&str>, env: &Env) -> Result<Judged> {
    let repo = Repo::discover(start)?;
    let (zones, rules) = staged_rules(&repo)?;
    let changes = if amend {
        repo.staged_changes_amending()?
    } else {
        repo.staged_changes_for_commit()?
    };
    if changes.is_empty() {
        return Ok((Vec::new(), String::new(), rules));
    }
    // An amend keeps the original author: the team is the one amending, never the author's.
    let amender = Env {
        author_email: None,
        ..env.clone()
    };
    let env = if amend { &amender } else { env };
    let committer = team::resolve(team_flag, env, Some(&repo), &zones)?;
    let teams = committer
        .as_ref()
        .map(|c| c.teams.clone())
        .unwrap_or_default();
    let paths: Vec<&str> = changes.iter().flat_map(Change::paths).collect();
    let map = ZoneMap::for_paths(&zones, &paths);
    let merged = if amend {
        Vec::new()
    } else {
        repo.merge_head_trees()?
    };
    let blobs = |c: &Change| repo.sides(c, &merged);
    let mut findings = check::check(&map, zones.unowned, &teams, &changes, &blobs)?;
    findings.extend(check::cross_team(&map, &changes, zones.coordinate_teams));
    if !teams.is_empty() {
        let cache = crate::config::layout::status_cache(repo.git_dir());
        let loaded = store::load(repo.root(), &zones, Some(&cache));
        findings.extend(check::claimed_by_others(&loaded.atoms, &teams, &changes));
    }
    Ok((findings, committer_words(committer), rules))
}

/// The rules of a range check, the signers file where they ask for one, and where both came
/// from.
pub struct Rules {
    /// zones.yaml.
    pub zones: Zones,
    /// The allowed signers, under `identity: signed`.
    pub signers: Option<Signers>,
    /// Where the rules came from, in words.
    pub words: String,
}

/// Read a file of the rules' source: a revision, or the folder a rules file sits in.
enum Source<'a> {
    Revision(&'a str),
    Folder(&'a Path),
}

fn read_from(repo: &Repo, source: &Source, path: &str) -> Result<Option<Vec<u8>>> {
    match source {
        Source::Revision(rev) => repo.file_at(rev, path),
        Source::Folder(dir) => match std::fs::read(dir.join(path)) {
            Ok(bytes) => Ok(Some(bytes)),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(Error::io("read", dir.join(path), e)),
        },
    }
}

/// The rules in force for a range: BASE's zones.yaml, so a branch cannot widen its own rights;
/// or what `--rules` names (a revision, or a zones.yaml file).
pub fn range_rules(repo: &Repo, base: &str, flag: Option<&str>, start: &Path) -> Result<Rules> {
    let file = flag.map(|f| start.join(f)).filter(|p| p.is_file());
    let (source, zones_bytes, words) = match (flag, &file) {
        (_, Some(path)) => {
            let bytes = std::fs::read(path).map_err(|e| Error::io("read", path, e))?;
            let folder = path.parent().unwrap_or(Path::new("."));
            (Source::Folder(folder), bytes, format!("{}", path.display()))
        }
        (Some(rev), None) => {
            let bytes = repo.file_at(rev, config::FILE)?.ok_or_else(|| {
                Error::usage(
                    format!("--rules {rev}: no {} there", config::FILE),
                    Some("name a revision that has zones.yaml, or a zones.yaml file".to_owned()),
                )
            })?;
            (
                Source::Revision(rev),
                bytes,
                format!("{} at {rev}", config::FILE),
            )
        }
        (None, None) => {
            let bytes = repo.file_at(base, config::FILE)?.ok_or_else(|| {
                Error::usage(
                    format!("{base} has no {}, so nothing says which rules govern this range", config::FILE),
                    Some("say which rules govern with `--rules REV_OR_PATH` (for example --rules HEAD, or --rules zones.yaml)".to_owned()),
                )
            })?;
            (
                Source::Revision(base),
                bytes,
                format!("{} at {base}", config::FILE),
            )
        }
    };
    let zones = config::parse_bytes(&format!("{} ({words})", config::FILE), &zones_bytes)?;
    let signers = match &zones.identity {
        Identity::Email => None,
        Identity::Signed { signers } => {
            let bytes = read_from(repo, &source, signers)?.ok_or_else(|| {
                Error::usage(
                    format!("zones.yaml says `signers: {signers}`, and {words} has no such file"),
                    Some("commit the allowed-signers file on the base branch".to_owned()),
                )
            })?;
            let text = String::from_utf8_lossy(&bytes);
            Some(identity::parse_signers(signers, &text)?)
        }
    };
    Ok(Rules {
        zones,
        signers,
        words,
    })
}

/// The identity a range check trusts: `--team`, else `--actor`, else what zones.yaml says.
fn trust<'a>(rules: &'a Rules, teams: Option<&'a [String]>, actor: Option<&'a str>) -> Trust<'a> {
    match (teams, actor, &rules.signers) {
        (Some(teams), _, _) => Trust::Team(teams),
        (None, Some(actor), _) => Trust::Actor(actor),
        (None, None, Some(signers)) => Trust::Signed(signers),
        (None, None, None) => Trust::Email,
    }
}

/// Judge every commit of `commits` under `rules`.
pub fn judge_commits(
    repo: &Repo,
    rules: &Rules,
    trust: Trust,
    commits: &[CommitInfo],
) -> Result<Vec<Finding>> {
    let map = ZoneMap::new(&rules.zones);
    let mut out = Vec::new();
    for commit in commits {
        let blobs = |c: &Change| repo.sides(c, &commit.other_parent_trees);
        let blobs: Blobs = &blobs;
        let judged = identity::judge(&rules.zones, trust, commit);
        let untrusted = judged
            .findings
            .iter()
            .any(|f| f.code != Code::TeamTrailerNotMember);
        let mut found = judged.findings;
        found.extend(check::check(
            &map,
            rules.zones.unowned,
            &judged.teams,
            &commit.changes,
            blobs,
        )?);
        let coordinate = rules.zones.coordinate_teams;
        found.extend(check::cross_team(&map, &commit.changes, coordinate));
        for mut f in found {
            f.detail.commit = Some(commit.short_id.clone());
            f.detail.subject = Some(commit.subject.clone());
            if judged.teams.is_empty() && f.code == Code::TeamUnknown {
                let path = f.path.clone().unwrap_or_default();
                let zone = f.detail.zone.clone().unwrap_or_default();
                let id = &commit.short_id;
                (f.message, f.hint) = if untrusted {
                    (
                        format!(
                            "{path} is in a zone ({zone}), and commit {id} has no identity the gate trusts"
                        ),
                        Some("see the finding about the commit's signature above".to_owned()),
                    )
                } else {
                    (
                        format!(
                            "{path} is in a zone ({zone}), and commit {id}'s {} is in no team",
                            judged.who
                        ),
                        Some(format!(
                            "list {} in a team's `members` in zones.yaml on the base branch",
                            judged.who
                        )),
                    )
                };
            }
            out.push(f);
        }
    }
    Ok(out)
}

/// Explain a history coord cannot walk: in a shallow clone, say how to fetch it.
pub fn history_error(repo: &Repo, error: Error) -> Error {
    if !repo.is_shallow() {
        return error;
    }
    Error::usage(
        format!("this clone is shallow and lacks the history the range needs ({error})"),
        Some("fetch the whole history: `git fetch --unshallow`, or `fetch-depth: 0` for actions/checkout".to_owned()),
    )
}

fn range(
    start: &Path,
    range: &str,
    rules_flag: Option<&str>,
    actor: Option<&str>,
    team_flag: Option<&str>,
    env: &Env,
) -> Result<Report> {
    let (from, to) = range
        .split_once("..")
        .filter(|(a, b)| !a.is_empty() && !b.is_empty() && !b.starts_with('.'))
        .ok_or_else(|| {
            Error::usage(
                format!("`{range}` is not a range"),
                Some("write BASE..HEAD, for example origin/main..HEAD".to_owned()),
            )
        })?;
    let repo = Repo::discover_bare_too(start)?.with_object_dirs(&env.object_dirs)?;
    let commits = repo
        .commits_in_range(from, to)
        .map_err(|e| history_error(&repo, e))?;
    let rules = range_rules(&repo, from, rules_flag, start)?;
    let teams = match team_flag {
        Some(t) => Some(
            team::resolve(Some(t), env, None, &rules.zones)?
                .map(|c| c.teams)
                .unwrap_or_default(),
        ),
        None => None,
    };
    let trust = trust(&rules, teams.as_deref(), actor);
    Ok(Report {
        findings: judge_commits(&repo, &rules, trust, &commits)?,
        rules: rules.words,
        names_rules: true,
        ..Report::default()
    })
}

fn paths(start: &Path, paths: &[String], team_flag: Option<&str>, env: &Env) -> Result<Judged> {
    let ws = Workspace::open_without_git(start)?;
    let committer = team::resolve(team_flag, env, ws.repo.as_ref(), &ws.zones)?;
    let teams = committer
        .as_ref()
        .map(|c| c.teams.clone())
        .unwrap_or_default();
    let map = ZoneMap::new(&ws.zones);
    let paths: Vec<String> = paths
        .iter()
        .map(|p| ws.path_arg(start, p))
        .collect::<Result<_>>()?;
    let findings = check::check_paths(&map, ws.zones.unowned, &teams, &paths);
    let rules = format!("{} in the work tree", config::FILE);
    Ok((findings, committer_words(committer), rules))
}
