//! The conflict tracker: conflicts in this work tree and lint problems.

use std::fmt::Write;

use super::{HERE, id_link, page};
use crate::dashboard::{Inputs, LISTED, Page, cell, link};
use crate::finding::Finding;

pub(in crate::dashboard) fn conflicts_page(inputs: &Inputs) -> Page {
    let mut s = String::new();
    let _ = writeln!(s, "## Conflicts ({})\n", inputs.conflicts.len());
    s.push_str("Active atoms (IN_PROGRESS or BLOCKED) whose `files` overlap, and open atoms that claim files in another team's exclusive zone or a read-only zone. Conflicts with other branches are shown by `coord conflicts`.\n\n");
    if inputs.conflicts.is_empty() {
        s.push_str("_No conflicts._\n\n");
    } else {
        counts(
            &mut s,
            inputs.conflicts,
            "coord conflicts --no-all-branches",
        );
        s.push_str("| Kind | Atoms | Teams | Files | What |\n|---|---|---|---|---|\n");
        for c in most_severe(inputs.conflicts) {
            let d = &c.detail;
            let atoms: Vec<String> = d
                .atoms
                .iter()
                .flatten()
                .map(|a| id_link(inputs, a))
                .collect();
            let files: Vec<String> = d
                .files
                .iter()
                .flatten()
                .map(|f| format!("`{}`", cell(f)))
                .collect();
            let teams: Vec<&str> = d.teams.iter().flatten().map(String::as_str).collect();
            let _ = writeln!(
                s,
                "| {} | {} | {} | {} | {} |",
                c.code,
                atoms.join(", "),
                teams.join(", "),
                files.join(", "),
                cell(&c.message)
            );
        }
        s.push('\n');
    }
    let _ = writeln!(s, "## Lint problems ({})\n", inputs.lint.len());
    if inputs.lint.is_empty() {
        s.push_str("_No problems._\n");
    } else {
        counts(&mut s, inputs.lint, "coord lint");
        s.push_str("| Severity | Code | Where | Problem |\n|---|---|---|---|\n");
        for f in most_severe(inputs.lint) {
            let level = f.severity.as_str();
            let place = match (&f.path, f.line) {
                (Some(p), Some(line)) => {
                    format!("[{p}:{line}]({}#L{line})", link(HERE, p))
                }
                (Some(p), None) => format!("[{p}]({})", link(HERE, p)),
                (None, _) => "-".to_owned(),
            };
            let _ = writeln!(
                s,
                "| {level} | {} | {place} | {} |",
                f.code,
                cell(&f.message)
            );
        }
    }
    page("ATOMIC_CONFLICT_TRACKER.md", "Atomic Conflict Tracker", s)
}

/// The findings a page lists: errors before warnings, then by code and place, at most [`LISTED`].
fn most_severe(all: &[Finding]) -> Vec<&Finding> {
    let order = |a: &&Finding, b: &&Finding| {
        (a.severity, a.code.as_str(), &a.path, &a.message).cmp(&(
            b.severity,
            b.code.as_str(),
            &b.path,
            &b.message,
        ))
    };
    let mut list: Vec<&Finding> = all.iter().collect();
    if list.len() > LISTED {
        list.select_nth_unstable_by(LISTED, order);
        list.truncate(LISTED);
    }
    list.sort_by(order);
    list
}

/// Above a list longer than a page shows: the count of each kind, and the command listing all.
fn counts(s: &mut String, all: &[Finding], command: &str) {
    if all.len() <= LISTED {
        return;
    }
    let mut by_code: std::collections::BTreeMap<&str, usize> = Default::default();
    for f in all {
        *by_code.entry(f.code.as_str()).or_default() += 1;
    }
    let kinds: Vec<String> = by_code.iter().map(|(c, n)| format!("{n} `{c}`")).collect();
    let _ = writeln!(
        s,
        "{}; the {LISTED} most severe below, all with `{command}`.\n",
        kinds.join(", ")
    );
}
