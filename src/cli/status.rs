//! `coord status`: the overview of teams, work, molecules and problems.

use std::collections::BTreeMap;

use serde::Serialize;

use super::{Ctx, snapshot, table};
use crate::clock;
use crate::doc::Status;
use crate::finding::Severity;
use crate::graph::{self, Graph};
use crate::lint;
use crate::output::Format;

#[derive(Debug, clap::Args)]
pub struct Args {}

#[derive(Serialize)]
struct TeamRow {
    id: String,
    name: String,
    dir: String,
    counts: BTreeMap<&'static str, usize>,
    total: usize,
}

#[derive(Serialize)]
struct Overview {
    teams: Vec<TeamRow>,
    blocked: Vec<String>,
    ready: Vec<String>,
    in_progress: Vec<String>,
    molecules: Vec<MoleculeRow>,
    critical_path: Vec<String>,
    critical_path_minutes: i64,
    errors: usize,
    warnings: usize,
}

#[derive(Serialize)]
struct MoleculeRow {
    id: String,
    title: String,
    status: String,
    completed: usize,
    total: usize,
}

pub fn run(ctx: &mut Ctx, _args: Args) -> Result<i32, crate::error::Error> {
    ctx.formats(&[Format::Human, Format::Json])?;
    let ws = ctx.workspace()?;
    let snap = snapshot(&ws);
    let graph = Graph::build(&snap.atoms, &snap.molecules);
    let root = ws.root.clone();
    let findings = lint::check(&snap, &graph, &|p: &str| {
        std::fs::read_to_string(root.join(p)).ok()
    });
    let errors = findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .count();
    let (critical, minutes) = graph.critical_path();
    let ready: Vec<String> = graph::ready(&graph, &snap.atoms)
        .iter()
        .map(|a| a.id.clone())
        .collect();
    let teams: Vec<TeamRow> = ws
        .zones
        .teams
        .iter()
        .map(|t| {
            let mut counts: BTreeMap<&'static str, usize> =
                Status::ALL.iter().map(|s| (s.as_str(), 0)).collect();
            let mut total = 0;
            for a in snap.atoms.iter().filter(|a| a.team == t.id) {
                *counts.get_mut(a.status.as_str()).expect("known status") += 1;
                total += 1;
            }
            TeamRow {
                id: t.id.clone(),
                name: t.name.clone(),
                dir: t.dir.clone(),
                counts,
                total,
            }
        })
        .collect();
    let overview = Overview {
        teams,
        blocked: snap
            .atoms
            .iter()
            .filter(|a| a.status == Status::Blocked)
            .map(|a| a.id.clone())
            .collect(),
        in_progress: snap
            .atoms
            .iter()
            .filter(|a| a.status == Status::InProgress)
            .map(|a| a.id.clone())
            .collect(),
        ready,
        molecules: snap
            .molecules
            .iter()
            .map(|m| {
                let r = snap.rollup(m);
                MoleculeRow {
                    id: m.id.clone(),
                    title: m.title.clone(),
                    status: m.status.as_str().to_owned(),
                    completed: r.completed,
                    total: r.total,
                }
            })
            .collect(),
        critical_path: critical,
        critical_path_minutes: minutes,
        errors,
        warnings: findings.len() - errors,
    };
    if ctx.format == Format::Json {
        ctx.out.json(&overview);
        return Ok(0);
    }
    let name = ws.root.file_name().map_or_else(
        || ws.root.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    ctx.out.line(format!(
        "coord status: {name} ({} teams, {} atoms, {} molecules)",
        overview.teams.len(),
        snap.atoms.len(),
        snap.molecules.len()
    ));
    ctx.out.line("");
    let rows: Vec<Vec<String>> = overview
        .teams
        .iter()
        .map(|t| {
            let mut row = vec![t.id.clone(), t.dir.clone()];
            row.extend(Status::ALL.iter().map(|s| t.counts[s.as_str()].to_string()));
            row.push(t.total.to_string());
            row
        })
        .collect();
    ctx.out.write(&table(
        &[
            "TEAM",
            "DIR",
            "NOT_STARTED",
            "IN_PROGRESS",
            "BLOCKED",
            "COMPLETED",
            "TOTAL",
        ],
        &rows,
    ));
    let team_width = ws
        .zones
        .teams
        .iter()
        .map(|t| t.id.chars().count())
        .max()
        .unwrap_or(4);
    let describe = |id: &String| -> String {
        let a = snap.atom(id).expect("listed atom exists");
        let extra = a
            .blocked_reason
            .as_ref()
            .map(|r| format!(" ({r})"))
            .unwrap_or_default();
        format!(
            "  {}  {:<team_width$}  {:<8}  {}{}",
            a.id,
            a.team,
            a.priority.as_str(),
            a.title,
            extra
        )
    };
    for (title, list) in [
        ("In progress", &overview.in_progress),
        ("Blocked", &overview.blocked),
        ("Ready to start", &overview.ready),
    ] {
        ctx.out.line("");
        ctx.out.line(format!("{title} ({})", list.len()));
        for id in list.iter().take(20) {
            ctx.out.line(describe(id));
        }
        if list.len() > 20 {
            ctx.out.line(format!("  … and {} more", list.len() - 20));
        }
    }
    ctx.out.line("");
    ctx.out
        .line(format!("Molecules ({})", overview.molecules.len()));
    for m in &overview.molecules {
        ctx.out.line(format!(
            "  {}  {:<8} atoms {}/{}  {}",
            m.id, m.status, m.completed, m.total, m.title
        ));
    }
    ctx.out.line("");
    if overview.critical_path.is_empty() {
        ctx.out.line("Critical path: none (no unfinished work)");
    } else {
        ctx.out.line(format!(
            "Critical path ({}): {}",
            clock::format_duration(minutes),
            overview.critical_path.join(" → ")
        ));
    }
    if findings.is_empty() {
        ctx.out.line("Problems: none");
    } else {
        ctx.out.line(format!(
            "Problems: {} errors, {} warnings",
            overview.errors, overview.warnings
        ));
        for f in findings.iter().take(10) {
            ctx.out
                .line(format!("  {} [{}] {}", f.location(), f.code, f.message));
        }
        if findings.len() > 10 {
            ctx.out.line(format!(
                "  … and {} more: run `coord lint`",
                findings.len() - 10
            ));
        }
    }
    Ok(0)
}
