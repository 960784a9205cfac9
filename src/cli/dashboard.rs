//! `coord dashboard`: regenerate the dashboards, or check that they are current.

use serde::Serialize;

use super::{Ctx, FINDINGS, HUMAN_JSON};
use crate::clock;
use crate::dashboard::{self, Mode, forge, summary};
use crate::error::{Error, Result};
use crate::output::Format;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Write nothing; exit 1 and name each dashboard that is stale.
    #[arg(long)]
    check: bool,
    /// With --check: only when a dashboard is staged (for the pre-commit hook).
    #[arg(long, requires = "check")]
    staged: bool,
    /// Judge time-dependent states as of this RFC 3339 time (else COORD_NOW, else when a commit last changed a status file).
    #[arg(long)]
    now: Option<String>,
    /// Regenerate and commit the pages that changed, as zones.yaml's `dashboard.author` (for CI on the default branch).
    #[arg(long, conflicts_with_all = ["check", "summary"])]
    commit: bool,
    /// Print what BASE..HEAD changes (atoms, team indicators, molecules, phases, conflicts) as Markdown or JSON; writes nothing.
    #[arg(long, value_name = "BASE..HEAD", conflicts_with = "check")]
    summary: Option<String>,
}

#[derive(Serialize)]
struct Written<'a> {
    written: &'a [String],
}

pub fn run(ctx: &mut Ctx, args: Args) -> Result<i32> {
    ctx.formats(if args.check { FINDINGS } else { HUMAN_JSON })?;
    let ws = ctx.workspace()?;
    if args.staged && !dashboard::staged_touch_dashboards(&ws)? {
        return Ok(0);
    }
    if args.check && !forge::fresh_here(&ws)? {
        // `dashboard.update: ci`, on another branch: the pages are CI's to write.
        let findings = if args.staged {
            forge::staged_off_branch(&ws)?
        } else {
            Vec::new()
        };
        ctx.findings(&findings);
        if ctx.format == Format::Human && findings.is_empty() {
            ctx.out.line(format!(
                "dashboards are regenerated on {} by CI (dashboard.update: ci); not checked on this branch",
                ws.zones.dashboards.branch
            ));
        }
        return Ok(i32::from(!findings.is_empty()));
    }
    let now = match &args.now {
        Some(t) => Some(clock::parse_time(t).ok_or_else(|| {
            Error::usage(
                format!("--now `{t}` is not an RFC 3339 time"),
                Some("write 2026-01-31T09:00:00Z".to_owned()),
            )
        })?),
        None => {
            let now = ctx.env.now()?;
            now.given.then_some(now.at)
        }
    };
    if let Some(range) = &args.summary {
        let summary = summary::summarize(&ws, range, now)?;
        ctx.say(&summary, summary::markdown(&summary).trim_end());
        return Ok(0);
    }
    if args.commit {
        let seconds = now.map_or_else(|| chrono::Utc::now().timestamp(), |t| t.timestamp());
        let done = forge::commit(&ws, now, seconds)?;
        let text = match &done.commit {
            Some(id) => format!(
                "committed {} ({} of the dashboards changed)",
                &id[..id.len().min(12)],
                done.written.len()
            ),
            None => "dashboards are current; nothing to commit".to_owned(),
        };
        ctx.say(&done, text);
        return Ok(0);
    }
    let mode = if args.check { Mode::Check } else { Mode::Write };
    let report = dashboard::sync(&ws, now, mode)?;
    if args.check {
        let findings = report.findings();
        ctx.findings(&findings);
        if ctx.format == Format::Human && findings.is_empty() {
            ctx.out
                .line(format!("dashboards are current ({} files)", report.pages));
        }
        return Ok(i32::from(!findings.is_empty()));
    }
    match ctx.format {
        Format::Json => ctx.out.json(&Written {
            written: &report.written,
        }),
        _ => {
            for p in &report.written {
                ctx.out.line(format!("updated {p}"));
            }
            ctx.out.line(format!(
                "{} of {} dashboards changed",
                report.written.len(),
                report.pages
            ));
        }
    }
    Ok(0)
}
