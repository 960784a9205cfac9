//! `coord status`: the overview of teams, work, molecules and problems.

use super::{Ctx, HUMAN_JSON, table};
use crate::clock;
use crate::doc::Status;
use crate::error::Result;
use crate::finding::render::escape_terminal;
use crate::output::Format;
use crate::overview::{self, Overview};

#[derive(Debug, clap::Args)]
pub struct Args {}

pub fn run(ctx: &mut Ctx, _args: Args) -> Result<i32> {
    ctx.formats(HUMAN_JSON)?;
    let ws = ctx.workspace()?;
    let o = overview::overview(&ws);
    if ctx.format == Format::Json {
        ctx.out.json(&o);
        return Ok(0);
    }
    let name = ws.root.file_name().map_or_else(
        || ws.root.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    ctx.out.line(format!(
        "coord status: {name} ({} teams, {} atoms, {} molecules)",
        o.teams.len(),
        o.atom_count,
        o.molecules.len()
    ));
    ctx.out.line("");
    teams(ctx, &o);
    work(ctx, &o);
    ctx.out.line("");
    ctx.out.line(format!("Molecules ({})", o.molecules.len()));
    for m in &o.molecules {
        ctx.show(&format!(
            "  {}  {:<8} atoms {}/{}  {}\n",
            m.id, m.status, m.completed, m.total, m.title
        ));
    }
    ctx.out.line("");
    if o.critical_path.is_empty() {
        ctx.out.line("Critical path: none (no unfinished work)");
    } else {
        ctx.out.line(format!(
            "Critical path ({}): {}",
            clock::format_duration(o.critical_path_minutes),
            o.critical_path.join(" → ")
        ));
    }
    problems(ctx, &o);
    Ok(0)
}

fn teams(ctx: &mut Ctx, o: &Overview) {
    let rows: Vec<Vec<String>> = o
        .teams
        .iter()
        .map(|t| {
            let mut row = vec![t.id.clone(), t.dir.clone()];
            row.extend(
                Status::ALL
                    .iter()
                    .map(|s| t.counts.get(s.as_str()).copied().unwrap_or(0).to_string()),
            );
            row.push(t.total.to_string());
            row
        })
        .collect();
    let mut header = vec!["TEAM", "DIR"];
    header.extend(Status::ALL.iter().map(|s| s.as_str()));
    header.push("TOTAL");
    ctx.out.write(&table(&header, &rows));
}

fn work(ctx: &mut Ctx, o: &Overview) {
    let team_width = o
        .teams
        .iter()
        .map(|t| t.id.chars().count())
        .max()
        .unwrap_or(4);
    for (title, list) in [
        ("In progress", &o.in_progress),
        ("Blocked", &o.blocked),
        ("Ready to start", &o.ready),
    ] {
        ctx.out.line("");
        ctx.out.line(format!("{title} ({})", list.len()));
        for a in list.iter().take(20).filter_map(|id| o.atoms.get(id)) {
            let extra = a
                .blocked_reason
                .as_ref()
                .map(|r| format!(" ({})", escape_terminal(r)))
                .unwrap_or_default();
            ctx.show(&format!(
                "  {}  {:<team_width$}  {:<8}  {}{}\n",
                a.id,
                a.team,
                a.priority.as_str(),
                escape_terminal(&a.title),
                extra
            ));
        }
        if list.len() > 20 {
            ctx.out.line(format!("  … and {} more", list.len() - 20));
        }
    }
}

fn problems(ctx: &mut Ctx, o: &Overview) {
    if o.findings.is_empty() {
        ctx.out.line("Problems: none");
        return;
    }
    ctx.out.line(format!(
        "Problems: {} errors, {} warnings",
        o.errors, o.warnings
    ));
    for f in o.findings.iter().take(10) {
        ctx.show(&format!("  {} [{}] {}\n", f.location(), f.code, f.message));
    }
    if o.findings.len() > 10 {
        ctx.out.line(format!(
            "  … and {} more: run `coord lint`",
            o.findings.len() - 10
        ));
    }
}
