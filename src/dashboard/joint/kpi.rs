//! `KPI.md`: the indicators of the last 30 days before "now", with their targets, a chart of
//! atoms completed per week and the work in progress per team.

use std::fmt::Write;

use super::page;
use crate::dashboard::{Inputs, Page, cell};

pub(in crate::dashboard) fn kpi_page(inputs: &Inputs) -> Page {
    let mut s = String::new();
    let Some(k) = inputs.kpis else {
        s.push_str("_No history: KPIs are computed from git's history of the status files._\n");
        return page("KPI.md", "Key Performance Indicators", s);
    };
    let _ = writeln!(
        s,
        "The 30 days from {} to {}, from git's history.\n",
        k.since, k.until
    );
    s.push_str("| KPI | Value | Target | Met |\n|---|---|---|---|\n");
    for r in &k.rows {
        let met = match r.met {
            Some(true) => "✅",
            Some(false) => "❌",
            None => "-",
        };
        let _ = writeln!(
            s,
            "| {} | {} | {} | {met} |",
            cell(&r.name),
            cell(&r.value),
            cell(&r.target)
        );
    }
    let top = k
        .throughput
        .iter()
        .map(|(_, n)| *n)
        .max()
        .unwrap_or(0)
        .max(1);
    let weeks: Vec<String> = k
        .throughput
        .iter()
        .map(|(w, _)| format!("\"{w}\""))
        .collect();
    let counts: Vec<String> = k.throughput.iter().map(|(_, n)| n.to_string()).collect();
    let _ = writeln!(
        s,
        "\n### Atoms completed per week\n\n```mermaid\nxychart-beta\n  title \"Atoms completed per week\"\n  x-axis [{}]\n  y-axis \"Atoms\" 0 --> {top}\n  bar [{}]\n```\n",
        weeks.join(", "),
        counts.join(", ")
    );
    let teams: Vec<&str> = inputs.zones.teams.iter().map(|t| t.id.as_str()).collect();
    s.push_str("### Work in progress at the end of each week\n\n| Week |");
    for t in &teams {
        let _ = write!(s, " {t} |");
    }
    s.push_str("\n|---|");
    s.push_str(&"---:|".repeat(teams.len()));
    s.push('\n');
    for (w, per) in &k.wip {
        let _ = write!(s, "| {w} |");
        for t in &teams {
            let _ = write!(s, " {} |", per.get(*t).copied().unwrap_or(0));
        }
        s.push('\n');
    }
    s.push_str("\n<sub>Conflicts over time are not in history (coord writes no commit trailers): the row above counts today's. `coord kpi --since 30d` gives the same table for any window.</sub>\n");
    page("KPI.md", "Key Performance Indicators", s)
}
