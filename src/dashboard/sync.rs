//! Bringing the dashboards on disk up to date, or checking that they are.

use chrono::{DateTime, Utc};

use super::{build, merge};
use crate::config::layout::generated_paths;
use crate::error::Result;
use crate::finding::{Code, Finding};
use crate::fsutil;
use crate::workspace::Workspace;

/// Write the stale pages, or only name them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Regenerate what changed.
    Write,
    /// Write nothing; report what is stale.
    Check,
}

/// What a sync did or found.
#[derive(Debug, Default)]
pub struct SyncReport {
    /// How many pages there are.
    pub pages: usize,
    /// Pages written (Write).
    pub written: Vec<String>,
    /// Pages that differ from what coord would write (Check).
    pub stale: Vec<String>,
}

impl SyncReport {
    /// Each stale page as a finding.
    pub fn findings(&self) -> Vec<Finding> {
        self.stale
            .iter()
            .map(|p| {
                Finding::error(Code::StaleDashboard, format!("{p} is stale"))
                    .at(p, 0, 0)
                    .hint("run `coord dashboard` and commit the result (a hand edit inside a generated region is overwritten)")
            })
            .collect()
    }
}

/// Regenerate (or check) every dashboard, judging time-dependent states at `now` (else the
/// newest `last_updated`).
pub fn sync(ws: &Workspace, now: Option<DateTime<Utc>>, mode: Mode) -> Result<SyncReport> {
    let pages = build(ws, now)?;
    let mut report = SyncReport {
        pages: pages.len(),
        ..SyncReport::default()
    };
    for page in &pages {
        let path = crate::doc::store::safe_path(&ws.root, &page.path)?;
        let existing = std::fs::read_to_string(&path).ok();
        let new = merge(existing.as_deref(), &page.title, &page.body);
        if existing.as_deref() == Some(new.as_str()) {
            continue;
        }
        match mode {
            Mode::Check => report.stale.push(page.path.clone()),
            Mode::Write => {
                fsutil::write_atomic(&path, new.as_bytes())?;
                report.written.push(page.path.clone());
            }
        }
    }
    Ok(report)
}

/// Whether the next commit touches a generated dashboard (the hook checks only then).
pub fn staged_touch_dashboards(ws: &Workspace) -> Result<bool> {
    let generated = generated_paths(&ws.zones);
    let staged = ws.repo()?.staged_changes()?;
    Ok(staged
        .iter()
        .any(|c| c.paths().any(|p| generated.iter().any(|g| g == p))))
}
