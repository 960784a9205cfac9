//! `--range auto`: the commits a CI job checks, from what GitHub Actions or GitLab CI say of the
//! event — a pull request's base, a push's previous tip, or, for a new branch, where it left the
//! default branch.

use crate::env::Ci;
use crate::error::{Error, Result};
use crate::git::Repo;

fn zeros(sha: &str) -> bool {
    sha.bytes().all(|b| b == b'0')
}

/// The first of `candidates` that names a commit here.
fn first_commit(repo: &Repo, candidates: &[String]) -> Option<String> {
    candidates.iter().find_map(|c| repo.commit_id(c))
}

/// Where a new branch left `default` (its remote-tracking branch, else the local one).
fn fork_point(repo: &Repo, default: &str) -> Option<String> {
    let base = first_commit(repo, &[format!("origin/{default}"), default.to_owned()])?;
    repo.merge_base(&base, "HEAD").ok().flatten()
}

fn missing(what: &str) -> Error {
    Error::usage(
        format!("--range auto: {what} is not in this clone"),
        Some(
            "fetch enough history (actions/checkout with fetch-depth: 0; GIT_DEPTH: 0 on GitLab)"
                .to_owned(),
        ),
    )
}

/// `BASE..HEAD` for the CI event `ci` describes, its commits checked to be here.
pub fn resolve(repo: &Repo, ci: &Ci) -> Result<String> {
    let range = |base: String| format!("{base}..HEAD");
    if let Some(event) = &ci.github_event {
        let json: Option<serde_json::Value> = ci
            .github_event_path
            .as_ref()
            .and_then(|p| std::fs::read_to_string(p).ok())
            .and_then(|t| serde_json::from_str(&t).ok());
        let field = |path: &[&str]| -> Option<String> {
            let mut v = json.as_ref()?;
            for p in path {
                v = v.get(p)?;
            }
            v.as_str().map(str::to_owned)
        };
        if event.starts_with("pull_request") {
            let mut candidates = Vec::new();
            candidates.extend(field(&["pull_request", "base", "sha"]));
            if let Some(b) = &ci.github_base_ref {
                candidates.push(format!("origin/{b}"));
            }
            let base = first_commit(repo, &candidates)
                .ok_or_else(|| missing("the pull request's base"))?;
            // Judge the pull request's own commits: from where it left its base.
            let base = repo.merge_base(&base, "HEAD")?.unwrap_or(base);
            return Ok(range(base));
        }
        let before = field(&["before"]).filter(|b| !zeros(b));
        return match before {
            Some(b) => Ok(range(
                repo.commit_id(&b)
                    .ok_or_else(|| missing("the push's previous tip"))?,
            )),
            None => {
                let default =
                    field(&["repository", "default_branch"]).unwrap_or_else(|| "main".to_owned());
                fork_point(repo, &default)
                    .map(range)
                    .ok_or_else(|| missing("the default branch"))
            }
        };
    }
    if let Some(base) = &ci.gitlab_mr_base {
        return repo
            .commit_id(base)
            .map(range)
            .ok_or_else(|| missing("the merge request's base"));
    }
    if let Some(before) = &ci.gitlab_before {
        if !zeros(before) {
            return repo
                .commit_id(before)
                .map(range)
                .ok_or_else(|| missing("the push's previous tip"));
        }
        let default = ci
            .gitlab_default_branch
            .clone()
            .unwrap_or_else(|| "main".to_owned());
        return fork_point(repo, &default)
            .map(range)
            .ok_or_else(|| missing("the default branch"));
    }
    Err(Error::usage(
        "--range auto reads the CI event, and none is set",
        Some("outside GitHub Actions and GitLab CI, give --range BASE..HEAD".to_owned()),
    ))
}
