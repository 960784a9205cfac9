//! Dashboards on a forge. Under `dashboard.update: ci` the dashboards are fresh on one branch
//! only: CI regenerates them there after each merge and commits them itself (`coord dashboard
//! --commit`), and every other branch leaves them alone, so that no two pull requests ever
//! conflict over a generated page. Reviewers read a branch's effect from `coord dashboard
//! --summary` instead.

use chrono::{DateTime, Utc};

use super::sync::{Mode, sync};
use crate::config::DashboardUpdate;
use crate::config::layout::generated_paths;
use crate::error::Result;
use crate::finding::{Code, Finding};
use crate::workspace::Workspace;

/// Whether the dashboards are meant to be fresh in this work tree: always under `commit`, on
/// the configured branch under `ci`.
pub fn fresh_here(ws: &Workspace) -> Result<bool> {
    let policy = &ws.zones.dashboards;
    Ok(match policy.update {
        DashboardUpdate::Commit => true,
        DashboardUpdate::Ci => {
            ws.repo()?.current_branch().as_deref() == Some(policy.branch.as_str())
        }
    })
}

/// Under `ci`, on another branch: each staged change to a generated dashboard, as a finding.
pub fn staged_off_branch(ws: &Workspace) -> Result<Vec<Finding>> {
    let generated = generated_paths(&ws.zones);
    let branch = &ws.zones.dashboards.branch;
    let mut out = Vec::new();
    for change in ws.repo()?.staged_changes()? {
        for path in change.paths() {
            if generated.iter().any(|g| g == path) {
                out.push(
                    Finding::error(
                        Code::DashboardOffBranch,
                        format!("{path} is regenerated on {branch} by CI; this branch changes it"),
                    )
                    .at(path, 0, 0)
                    .hint(format!(
                        "leave it as {branch} has it: `git restore --staged --worktree -- {path}` (zones.yaml `dashboard.update: ci`)"
                    )),
                );
            }
        }
    }
    out.sort_by(|a, b| a.path.cmp(&b.path));
    out.dedup_by(|a, b| a.path == b.path);
    Ok(out)
}

/// What `dashboard --commit` did.
#[derive(Debug, serde::Serialize)]
pub struct Committed {
    /// Pages regenerated.
    pub written: Vec<String>,
    /// The commit that records them (None when every page was current).
    pub commit: Option<String>,
}

/// Regenerate the dashboards and commit the pages that changed, as the configured author at
/// `seconds` (nothing else is committed: anything else staged refuses the commit).
pub fn commit(ws: &Workspace, now: Option<DateTime<Utc>>, seconds: i64) -> Result<Committed> {
    let repo = ws.repo()?;
    // Refuse before writing anything if the commit could not hold only the pages.
    let generated = generated_paths(&ws.zones);
    repo.refuse_staged_beyond(|p| generated.iter().any(|g| g == p))?;
    let report = sync(ws, now, Mode::Write)?;
    if report.written.is_empty() {
        return Ok(Committed {
            written: Vec::new(),
            commit: None,
        });
    }
    let files = report
        .written
        .iter()
        .map(|p| {
            let path = crate::doc::store::safe_path(&ws.root, p)?;
            Ok((p.clone(), crate::fsutil::read_text(&path)?.into_bytes()))
        })
        .collect::<Result<Vec<_>>>()?;
    let (name, email) = &ws.zones.dashboards.author;
    let message = format!(
        "Regenerate the dashboards\n\n{}\n",
        report
            .written
            .iter()
            .map(|p| format!("- {p}"))
            .collect::<Vec<_>>()
            .join("\n")
    );
    let id = repo.commit_files(&files, &message, (name, email), seconds)?;
    Ok(Committed {
        written: report.written,
        commit: Some(id),
    })
}
