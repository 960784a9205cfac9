//! The process environment coord honours, read once at the command boundary and passed down as
//! one value: no other module reads an environment variable.

use chrono::{DateTime, Utc};

use crate::clock;
use crate::error::{Error, Result};

/// What the environment says, as coord understands it.
#[derive(Debug, Clone, Default)]
pub struct Env {
    /// `COORD_TEAM`: the committing team(s), comma-separated.
    pub team: Option<String>,
    /// `COORD_NOW`: "now" for every judgement and timestamp, as written.
    pub now: Option<String>,
    /// `COORD_MODE=warn`: the local hook reports violations without blocking.
    pub warn_only: bool,
    /// `COORD_SKIP` (set, not `0`): the local hook checks nothing.
    pub skip: bool,
    /// `COORD_OFFLINE=1` (or `--offline`): work without the shared remote.
    pub offline: bool,
    /// `GIT_AUTHOR_EMAIL`: the author git will record, as the hook sees it.
    pub author_email: Option<String>,
    /// GIT_OBJECT_DIRECTORY and GIT_ALTERNATE_OBJECT_DIRECTORIES: where a push's objects wait
    /// in quarantine while the server's hooks judge them.
    pub object_dirs: Vec<std::path::PathBuf>,
    /// Colour on standard output.
    pub color_stdout: bool,
    /// Colour on standard error.
    pub color_stderr: bool,
    /// What a CI system says of the change it runs for (`--range auto`).
    pub ci: Ci,
}

/// The variables GitHub Actions and GitLab CI set about the change a job checks.
#[derive(Debug, Clone, Default)]
pub struct Ci {
    /// `GITHUB_EVENT_NAME`: push, pull_request…
    pub github_event: Option<String>,
    /// `GITHUB_BASE_REF`: a pull request's target branch.
    pub github_base_ref: Option<String>,
    /// `GITHUB_EVENT_PATH`: the event's JSON (its `before`, its pull request's base).
    pub github_event_path: Option<String>,
    /// `CI_MERGE_REQUEST_DIFF_BASE_SHA`: a merge request's base commit.
    pub gitlab_mr_base: Option<String>,
    /// `CI_COMMIT_BEFORE_SHA`: the branch's previous tip (zeros for a new branch).
    pub gitlab_before: Option<String>,
    /// `CI_DEFAULT_BRANCH`: the project's default branch.
    pub gitlab_default_branch: Option<String>,
}

fn var(name: &str) -> Option<String> {
    std::env::var(name)
        .ok()
        .map(|v| v.trim().to_owned())
        .filter(|v| !v.is_empty())
}

/// Whether colour suits a stream: `NO_COLOR` and `TERM=dumb` turn it off, `CLICOLOR_FORCE` and
/// `FORCE_COLOR` turn it on, otherwise only a terminal gets it.
fn color_for(is_terminal: bool) -> bool {
    let forced = ["CLICOLOR_FORCE", "FORCE_COLOR"]
        .iter()
        .any(|n| var(n).is_some_and(|v| v != "0"));
    if std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty()) {
        return false;
    }
    if forced {
        return true;
    }
    is_terminal && var("TERM").as_deref() != Some("dumb")
}

impl Env {
    /// Read the process environment.
    pub fn from_process() -> Env {
        use std::io::IsTerminal;
        Env {
            team: var("COORD_TEAM"),
            now: var("COORD_NOW"),
            warn_only: var("COORD_MODE").is_some_and(|v| v.eq_ignore_ascii_case("warn")),
            skip: var("COORD_SKIP").is_some_and(|v| v != "0"),
            offline: var("COORD_OFFLINE").is_some_and(|v| v != "0"),
            author_email: var("GIT_AUTHOR_EMAIL"),
            object_dirs: var("GIT_OBJECT_DIRECTORY")
                .into_iter()
                .chain(
                    var("GIT_ALTERNATE_OBJECT_DIRECTORIES")
                        .into_iter()
                        .flat_map(|v| {
                            std::env::split_paths(&v)
                                .map(|p| p.display().to_string())
                                .collect::<Vec<_>>()
                        }),
                )
                .map(std::path::PathBuf::from)
                .collect(),
            color_stdout: color_for(std::io::stdout().is_terminal()),
            color_stderr: color_for(std::io::stderr().is_terminal()),
            ci: Ci {
                github_event: var("GITHUB_EVENT_NAME"),
                github_base_ref: var("GITHUB_BASE_REF"),
                github_event_path: var("GITHUB_EVENT_PATH"),
                gitlab_mr_base: var("CI_MERGE_REQUEST_DIFF_BASE_SHA"),
                gitlab_before: var("CI_COMMIT_BEFORE_SHA"),
                gitlab_default_branch: var("CI_DEFAULT_BRANCH"),
            },
        }
    }

    /// "Now": `COORD_NOW` when set, else the clock.
    pub fn now(&self) -> Result<Now> {
        match &self.now {
            Some(text) => clock::parse_time(text)
                .map(|at| Now { at, given: true })
                .ok_or_else(|| {
                    Error::usage(
                        format!("COORD_NOW is not an RFC 3339 timestamp: {text:?}"),
                        Some("use a form like 2026-01-31T09:00:00Z".to_owned()),
                    )
                }),
            None => Ok(Now {
                at: Utc::now(),
                given: false,
            }),
        }
    }
}

/// A moment to judge and stamp by, and whether someone gave it (rather than the clock).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Now {
    /// The moment.
    pub at: DateTime<Utc>,
    /// Given by `COORD_NOW` or `--now`.
    pub given: bool,
}

impl Now {
    /// The moment as RFC 3339 UTC with seconds.
    pub fn stamp(&self) -> String {
        clock::format_time(self.at)
    }
}
