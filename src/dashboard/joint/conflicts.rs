//! The conflict tracker: conflicts in this work tree and lint problems.

use std::fmt::Write;

use super::{HERE, id_link, page};
use crate::dashboard::{Inputs, Page, cell, link};

pub(in crate::dashboard) fn conflicts_page(inputs: &Inputs) -> Page {
    let mut s = String::new();
    let _ = writeln!(s, "## Conflicts ({})\n", inputs.conflicts.len());
    s.push_str("Active atoms (IN_PROGRESS or BLOCKED) whose `files` overlap, and open atoms that claim files in another team's exclusive zone or a read-only zone. Conflicts with other branches are shown by `coord conflicts`.\n\n");
    if inputs.conflicts.is_empty() {
        s.push_str("_No conflicts._\n\n");
    } else {
        s.push_str("| Kind | Atoms | Teams | Files | What |\n|---|---|---|---|---|\n");
        for c in inputs.conflicts {
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
        s.push_str("| Severity | Code | Where | Problem |\n|---|---|---|---|\n");
        for f in inputs.lint {
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
