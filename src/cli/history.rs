//! `coord log`, `coord standup` and `coord kpi`: what git's history says of the status files.

use super::{Ctx, HUMAN_JSON, table};
use crate::error::Result;
use crate::history::{self, standup, timeline};
use crate::output::Format;

#[derive(Debug, clap::Args)]
pub struct LogArgs {
    /// Atom, molecule, decision, risk or escalation id.
    #[arg(add = clap_complete::engine::ArgValueCandidates::new(crate::cli::complete::items))]
    id: String,
}

#[derive(Debug, clap::Args)]
pub struct StandupArgs {
    /// Start of the window: 24h, 7d, a date, an RFC 3339 time or a revision.
    #[arg(long, default_value = "24h")]
    since: String,
    /// Only this team's work.
    #[arg(long)]
    team: Option<String>,
    /// Per person (assignee) rather than per team.
    #[arg(long)]
    by_assignee: bool,
    /// The weekly summary: the last seven days.
    #[arg(long, conflicts_with = "since")]
    week: bool,
}

#[derive(Debug, clap::Args)]
pub struct KpiArgs {
    /// Start of the window: 30d, a date, an RFC 3339 time or a revision.
    #[arg(long, default_value = "30d")]
    since: String,
    /// Only this team's work.
    #[arg(long)]
    team: Option<String>,
}

pub fn log(ctx: &mut Ctx, args: LogArgs) -> Result<i32> {
    ctx.formats(HUMAN_JSON)?;
    let entries = timeline::log(&ctx.workspace()?, &args.id)?;
    if ctx.format == Format::Json {
        ctx.out.json(&entries);
        return Ok(0);
    }
    let mut text = String::new();
    for e in &entries {
        let what = match (e.created, e.deleted, &e.renamed_from) {
            (true, _, Some(old)) => format!("renumbered from {old}"),
            (true, _, None) => "created".to_owned(),
            (_, true, _) => "removed".to_owned(),
            _ => String::new(),
        };
        let line = format!(
            "{} {} {} <{}> {what}",
            &e.commit[..e.commit.len().min(10)],
            e.time,
            e.author,
            e.email
        );
        text.push_str(line.trim_end());
        text.push('\n');
        for c in e
            .changes
            .iter()
            .filter(|_| !e.created || e.renamed_from.is_some())
        {
            text.push_str(&format!("    {}: {} → {}\n", c.field, c.old, c.new));
        }
    }
    ctx.show(&text);
    Ok(0)
}

pub fn standup(ctx: &mut Ctx, args: StandupArgs) -> Result<i32> {
    ctx.formats(HUMAN_JSON)?;
    let ws = ctx.workspace()?;
    if let Some(t) = &args.team {
        ws.zones.require_team(t)?;
    }
    let until = ctx.now()?.at().unwrap_or_else(chrono::Utc::now);
    let since = history::since(&ws, if args.week { "7d" } else { &args.since }, until)?;
    let report = history::standup_of(&ws, since, until, args.team.as_deref(), args.by_assignee)?;
    if ctx.format == Format::Json {
        ctx.out.json(&report);
    } else {
        let title = if args.week { "Week" } else { "Standup" };
        ctx.show(&standup::markdown(&report, title));
    }
    Ok(0)
}

pub fn kpi(ctx: &mut Ctx, args: KpiArgs) -> Result<i32> {
    ctx.formats(HUMAN_JSON)?;
    let ws = ctx.workspace()?;
    if let Some(t) = &args.team {
        ws.zones.require_team(t)?;
    }
    let until = ctx.now()?.at().unwrap_or_else(chrono::Utc::now);
    let since = history::since(&ws, &args.since, until)?;
    let k = history::indicators(&ws, since, until, args.team.as_deref())?;
    if ctx.format == Format::Json {
        ctx.out.json(&k);
        return Ok(0);
    }
    let rows: Vec<Vec<String>> = k
        .rows
        .iter()
        .map(|r| {
            let met = match r.met {
                Some(true) => "yes",
                Some(false) => "NO",
                None => "-",
            };
            vec![
                r.name.clone(),
                r.value.clone(),
                r.target.clone(),
                met.to_owned(),
            ]
        })
        .collect();
    let mut text = format!("KPIs {} → {}\n\n", k.since, k.until);
    text.push_str(&table(&["KPI", "VALUE", "TARGET", "MET"], &rows));
    let weeks: Vec<String> = k
        .throughput
        .iter()
        .map(|(w, n)| format!("{w}: {n}"))
        .collect();
    text.push_str(&format!("\nCompleted per week: {}\n", weeks.join(", ")));
    text.push_str("Conflicts and zone findings over time are not in history (coord writes no commit trailers); the row above is today's count.\n");
    ctx.show(&text);
    Ok(i32::from(k.rows.iter().any(|r| r.met == Some(false))))
}
