//! The agent matrix as a dashboard table: who holds what, since when, and when they should be free.

use std::fmt::Write;

use super::{Inputs, LISTED, day, link, more, text};
use crate::agents;

/// How many atoms a row names for one agent; `coord agents` names all.
const HOLDS: usize = 5;

/// The matrix of `team` (or of every team), as Markdown with links relative to `here`.
pub(crate) fn section(inputs: &Inputs, team: Option<&str>, here: &str, s: &mut String) {
    let matrix = agents::matrix(&inputs.snap.atoms, team, inputs.now.at);
    let busy: Vec<&agents::Agent> = matrix.iter().filter(|a| !a.holding.is_empty()).collect();
    if busy.is_empty() {
        s.push_str("_Nobody holds an atom in progress or blocked._\n\n");
        return;
    }
    s.push_str("| Who | Holds | Expected free | Blocked | Late |\n|---|---|---|---:|---:|\n");
    for agent in busy.iter().take(LISTED) {
        let mut holds: Vec<String> = agent
            .holding
            .iter()
            .take(HOLDS)
            .map(|w| {
                let path = inputs.snap.atom(&w.id).map_or("", |a| a.path.as_str());
                let mark = match (w.status.as_str(), w.late) {
                    ("BLOCKED", _) => " ⛔",
                    (_, true) => " ⏰",
                    _ => "",
                };
                format!("[{}]({}){mark}", w.id, link(here, path))
            })
            .collect();
        if agent.holding.len() > HOLDS {
            holds.push(format!("{} more", agent.holding.len() - HOLDS));
        }
        let _ = writeln!(
            s,
            "| {} | {} | {} | {} | {} |",
            text(&agent.who),
            holds.join(", "),
            agent.free_at.as_deref().map_or("-".to_owned(), day),
            agent.blocked,
            agent.late
        );
    }
    more(s, busy.len(), "coord agents");
    s.push_str("<sub>⛔ blocked · ⏰ late: past its due date, or in progress past its estimate. `coord agents` lists the same.</sub>\n\n");
}
