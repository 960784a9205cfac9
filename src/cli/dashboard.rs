//! `coord dashboard`: regenerate the dashboards, or check that they are current.

use super::Ctx;
use crate::clock;
use crate::dashboard::{self, generated_paths};
use crate::error::{Error, Result};
use crate::fsutil;
use crate::output::Format;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Write nothing; exit 1 and name each dashboard that is stale.
    #[arg(long)]
    check: bool,
    /// With --check: only when a dashboard is staged (for the pre-commit hook).
    #[arg(long, requires = "check")]
    staged: bool,
    /// Judge time-dependent states as of this RFC 3339 time (else COORD_NOW, else the newest last_updated).
    #[arg(long)]
    now: Option<String>,
}

pub fn run(ctx: &mut Ctx, args: Args) -> Result<i32> {
    ctx.formats(&[Format::Human, Format::Json, Format::Github])?;
    let ws = ctx.workspace()?;
    if args.staged {
        let generated = generated_paths(&ws.zones);
        let staged = ws.repo()?.staged_changes()?;
        if !staged
            .iter()
            .any(|c| c.paths().any(|p| generated.iter().any(|g| g == p)))
        {
            return Ok(0);
        }
    }
    let now = match &args.now {
        Some(t) => Some(clock::parse_time(t).ok_or_else(|| {
            Error::usage(
                format!("--now `{t}` is not an RFC 3339 time"),
                Some("write 2026-01-31T09:00:00Z".to_owned()),
            )
        })?),
        None => None,
    };
    let pages = dashboard::build(&ws, now)?;
    let mut stale = Vec::new();
    let mut written = Vec::new();
    for page in &pages {
        let path = crate::doc::store::safe_path(&ws.root, &page.path)?;
        let existing = std::fs::read_to_string(&path).ok();
        let new = dashboard::merge(existing.as_deref(), &page.title, &page.body);
        if existing.as_deref() == Some(new.as_str()) {
            continue;
        }
        if args.check {
            stale.push(page.path.clone());
        } else {
            fsutil::write_atomic(&path, new.as_bytes())?;
            written.push(page.path.clone());
        }
    }
    if args.check {
        match ctx.format {
            Format::Json => ctx.out.json(&serde_json::json!({ "stale": stale })),
            Format::Github => {
                for p in &stale {
                    ctx.out.line(format!("::error file={p},title=stale-dashboard::{p} is stale: run `coord dashboard` and commit it"));
                }
            }
            _ => {
                for p in &stale {
                    ctx.out.line(format!("stale: {p}"));
                }
                if stale.is_empty() {
                    ctx.out
                        .line(format!("dashboards are current ({} files)", pages.len()));
                } else {
                    ctx.out.line("run `coord dashboard` and commit the result (a hand edit inside a generated region is overwritten)");
                }
            }
        }
        return Ok(if stale.is_empty() { 0 } else { 1 });
    }
    if ctx.format == Format::Json {
        ctx.out.json(&serde_json::json!({ "written": written }));
    } else {
        for p in &written {
            ctx.out.line(format!("updated {p}"));
        }
        ctx.out.line(format!(
            "{} of {} dashboards changed",
            written.len(),
            pages.len()
        ));
    }
    Ok(0)
}
