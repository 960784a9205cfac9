//! How `coord atoms` prints atoms for people: the list table and one atom in full.

use super::super::{Ctx, list_or_dash, table};
use crate::atoms::details::{Details, Link};
use crate::clock::Stamp;
use crate::doc::Atom;
use crate::finding::render::escape_terminal;
use crate::output::Format;

pub(super) fn print_atoms(ctx: &mut Ctx, atoms: &[Atom]) {
    if ctx.format == Format::Json {
        ctx.out.json(atoms);
        return;
    }
    let rows: Vec<Vec<String>> = atoms
        .iter()
        .map(|a| {
            vec![
                a.id.to_string(),
                a.team.to_string(),
                a.priority.as_str().to_owned(),
                a.status.as_str().to_owned(),
                a.assigned.clone().unwrap_or_else(|| "-".into()),
                a.title.clone(),
            ]
        })
        .collect();
    ctx.out.write(&table(
        &["ID", "TEAM", "PRIORITY", "STATUS", "ASSIGNED", "TITLE"],
        &rows,
    ));
}

/// One atom in full, with what it waits for and who waits for it.
pub(super) fn details(d: &Details) -> String {
    let a = &d.atom;
    let e = |v: &str| escape_terminal(v);
    let dash = |v: &Option<String>| v.as_deref().map_or_else(|| "-".into(), escape_terminal);
    let stamp = |v: &Option<Stamp>| v.as_ref().map_or("-".to_owned(), Stamp::to_string);
    let mut lines = vec![
        format!("{}: {}", a.id, e(&a.title)),
        format!("  file:         {}", a.path),
        format!("  team:         {}", a.team),
        format!("  priority:     {}", a.priority.as_str()),
        format!("  status:       {}", a.status.as_str()),
    ];
    for (label, reason) in [
        ("blocked", &a.blocked_reason),
        ("cancelled", &a.cancelled_reason),
        ("reopened", &a.reopened_reason),
    ] {
        if let Some(reason) = reason {
            lines.push(format!("  {:<13} {}", format!("{label}:"), e(reason)));
        }
    }
    lines.push(format!("  assigned:     {}", dash(&a.assigned)));
    lines.push(format!("  started:      {}", stamp(&a.started)));
    lines.push(format!(
        "  estimated:    {}",
        dash(&a.estimated.as_deref().map(str::to_owned))
    ));
    if let Some(finish) = a.expected_finish() {
        lines.push(format!(
            "  expected:     {}",
            crate::clock::format_time(finish)
        ));
    }
    lines.push(format!("  due:          {}", dash(&a.due)));
    lines.push(format!(
        "  actual:       {}",
        dash(&a.actual.as_deref().map(str::to_owned))
    ));
    if let Some(p) = a.phase {
        lines.push(format!("  phase:        {p}"));
    }
    lines.push(format!("  files:        {}", e(&list_or_dash(&a.files))));
    links(&mut lines, "waits for", &d.waits_for);
    if let Some(dependents) = &d.dependents {
        links(&mut lines, "waited on by", dependents);
    }
    if !a.criteria.is_empty() {
        lines.push("  criteria:".to_owned());
        for (i, c) in a.criteria.iter().enumerate() {
            let mark = if c.done { "x" } else { " " };
            lines.push(format!("    {}. [{mark}] {}", i + 1, e(&c.text)));
        }
    }
    for esc in &a.escalations {
        let state = esc
            .resolved
            .as_ref()
            .map_or("open".to_owned(), |r| format!("resolved {r}"));
        lines.push(format!(
            "  escalation:   level {} ({state}) raised {}: {}",
            esc.level,
            esc.raised,
            e(&esc.reason)
        ));
    }
    if !a.extra.is_empty() {
        lines.push("  extra:".to_owned());
        for (k, v) in &a.extra.0 {
            lines.push(format!("    {}: {}", e(k), e(&crate::doc::extra::plain(v))));
        }
    }
    lines.push(format!("  last updated: {}", stamp(&a.last_updated)));
    let mut text = lines.join("\n");
    text.push('\n');
    text
}

fn links(lines: &mut Vec<String>, label: &str, list: &[Link]) {
    if list.is_empty() {
        lines.push(format!("  {:<13} -", format!("{label}:")));
        return;
    }
    lines.push(format!("  {label}:"));
    for l in list {
        let note = l
            .note
            .as_deref()
            .map(|n| format!(" ({})", escape_terminal(n)))
            .unwrap_or_default();
        let title = if l.title.is_empty() {
            String::new()
        } else {
            format!(" {}", escape_terminal(&l.title))
        };
        lines.push(format!("    {} [{}]{title}{note}", l.id, l.status));
    }
}

/// Stale atoms: a table, or a sentence when there are none.
pub(super) fn print_stale(ctx: &mut Ctx, list: &[crate::atoms::details::Stale], older: &str) {
    if ctx.format == Format::Json {
        ctx.out.json(list);
        return;
    }
    if list.is_empty() {
        ctx.show(&format!(
            "No atom in progress has gone {older} without a change.\n"
        ));
        return;
    }
    let rows: Vec<Vec<String>> = list
        .iter()
        .map(|s| {
            vec![
                s.id.clone(),
                s.team.clone(),
                s.assigned.clone().unwrap_or_else(|| "-".into()),
                s.idle.clone(),
                s.title.clone(),
            ]
        })
        .collect();
    ctx.show(&table(&["ID", "TEAM", "HOLDER", "IDLE", "TITLE"], &rows));
}
