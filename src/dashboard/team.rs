//! A team's `REAL_TIME_STATUS.md`.

use std::fmt::Write;

use super::{Inputs, Page, legend, link, now_line, overdue, team_indicator, text};
use crate::clock::{self, Stamp};
use crate::config::Team;
use crate::doc::{Atom, Status};
use crate::graph;

pub(super) fn page(inputs: &Inputs, team: &Team) -> Page {
    let now = inputs.now.at;
    let snap = inputs.snap;
    let atoms: Vec<&Atom> = snap.atoms.iter().filter(|a| a.team == team.id).collect();
    let indicator = team_indicator(&team.id, snap, inputs.zones, now, inputs.records());
    let mut s = String::new();
    let _ = writeln!(
        s,
        "## {} {}: {}\n",
        indicator.emoji(),
        text(&team.name),
        indicator.words()
    );
    s.push_str(&now_line(inputs));
    // When the team last changed an atom, from history. Only where CI writes the pages from
    // what is committed: a commit cannot carry a page that names the commit's own time.
    if inputs.zones.dashboards.update == crate::config::DashboardUpdate::Ci
        && let Some(last) = atoms
            .iter()
            .filter_map(|a| a.last_updated.as_ref().map(|t| (t, &a.id)))
            .max()
    {
        let _ = writeln!(s, "Last change: {} ({}).\n", last.0, last.1);
    }
    s.push_str("| Status | Atoms |\n|---|---:|\n");
    for status in Status::ALL {
        let _ = writeln!(
            s,
            "| {} | {} |",
            status.as_str(),
            atoms.iter().filter(|a| a.status == status).count()
        );
    }
    let _ = writeln!(s, "| **Total** | **{}** |\n", atoms.len());
    atom_table(inputs, team, &atoms, &mut s);
    s.push_str("### Who works on what\n\n");
    super::agents::section(inputs, Some(&team.id), &team.dir, &mut s);
    stale(inputs, team, &atoms, &mut s);
    ready(inputs, team, &mut s);
    critical(inputs, team, &mut s);
    escalations(inputs, team, &mut s);
    let _ = writeln!(s, "\n<sub>{}</sub>", legend(inputs.zones.offline_days));
    Page {
        path: crate::config::layout::team_page(&team.dir),
        title: format!("{}: Real-Time Status", team.name),
        body: s,
    }
}

fn atom_table(inputs: &Inputs, team: &Team, atoms: &[&Atom], s: &mut String) {
    let (now, here) = (inputs.now.at, team.dir.as_str());
    s.push_str("### Atoms\n\n");
    if atoms.is_empty() {
        s.push_str("_No atoms yet: `coord atoms new \"Title\" --team ");
        s.push_str(&team.id);
        s.push_str("`._\n\n");
    } else {
        s.push_str("| ID | Title | Priority | Status | Assignee | Started | Estimate / actual | Reason |\n|---|---|---|---|---|---|---|---|\n");
        let mut sorted = atoms.to_vec();
        sorted.sort_by(|a, b| (a.status, a.priority, &a.id).cmp(&(b.status, b.priority, &b.id)));
        for a in sorted {
            let late = if overdue(a, now) { " ⏰" } else { "" };
            let _ = writeln!(
                s,
                "| [{}]({}) | {} | {} | {}{} | {} | {}{} | {} / {} | {} |",
                a.id,
                link(here, &a.path),
                text(&a.title),
                a.priority.as_str(),
                a.status.as_str(),
                late,
                text(a.assigned.as_deref().unwrap_or("-")),
                a.started.as_ref().map_or("-", Stamp::as_str),
                a.due
                    .as_deref()
                    .map(|d| format!(" · due {}", text(d)))
                    .unwrap_or_default(),
                a.estimated.as_deref().unwrap_or("-"),
                a.actual.as_deref().unwrap_or("-"),
                text(
                    a.blocked_reason
                        .as_deref()
                        .or(a.cancelled_reason.as_deref())
                        .unwrap_or("")
                ),
            );
        }
        s.push('\n');
    }
}

/// How long an atom may stay IN_PROGRESS without a commit before the page calls it stale.
const STALE_MINUTES: i64 = 3 * 24 * 60;

fn stale(inputs: &Inputs, team: &Team, atoms: &[&Atom], s: &mut String) {
    let Some(now) = inputs.now.at else { return };
    let list = crate::atoms::details::stale_among(atoms.iter().copied(), STALE_MINUTES, now);
    if list.is_empty() {
        return;
    }
    s.push_str("### Stale work\n\n");
    for st in list {
        let path = inputs.snap.atom(&st.id).map_or("", |a| a.path.as_str());
        let _ = writeln!(
            s,
            "- [{}]({}) {}: held by {}, no change for {} (`coord atoms stale`)",
            st.id,
            link(&team.dir, path),
            text(&st.title),
            text(st.assigned.as_deref().unwrap_or("nobody")),
            st.idle
        );
    }
    s.push('\n');
}

fn ready(inputs: &Inputs, team: &Team, s: &mut String) {
    let (snap, here) = (inputs.snap, team.dir.as_str());
    let ready: Vec<&Atom> = graph::ready(inputs.graph, &snap.atoms)
        .into_iter()
        .filter(|a| a.team == team.id)
        .collect();
    s.push_str("### Ready to start\n\n");
    if ready.is_empty() {
        s.push_str("_Nothing ready: every open atom waits for a dependency, or none is open._\n\n");
    } else {
        for a in ready {
            let _ = writeln!(
                s,
                "- [{}]({}) {} ({})",
                a.id,
                link(here, &a.path),
                text(&a.title),
                a.priority.as_str()
            );
        }
        s.push('\n');
    }
}

fn critical(inputs: &Inputs, team: &Team, s: &mut String) {
    let here = team.dir.as_str();
    let on_path: Vec<&String> = inputs
        .critical
        .ids
        .iter()
        .filter(|id| inputs.graph.node(id).is_some_and(|n| n.team == team.id))
        .collect();
    s.push_str("### On the critical path\n\n");
    if on_path.is_empty() {
        s.push_str("_None of this team's atoms is on the critical path._\n\n");
    } else {
        let _ = writeln!(
            s,
            "The critical path is {} long; this team holds:\n",
            clock::format_duration(inputs.critical.minutes)
        );
        for id in on_path {
            let node = inputs.graph.node(id).expect("on the path");
            let _ = writeln!(
                s,
                "- [{}]({}) {} ({})",
                id,
                link(here, &node.path),
                text(&node.title),
                node.status
            );
        }
        s.push('\n');
    }
}

fn escalations(inputs: &Inputs, team: &Team, s: &mut String) {
    let here = team.dir.as_str();
    s.push_str("### Open escalations\n\n");
    let mine: Vec<_> = inputs
        .escalations
        .iter()
        .filter(|v| v.is_open() && v.team.as_deref() == Some(team.id.as_str()))
        .collect();
    if mine.is_empty() {
        s.push_str("_None._\n");
    }
    for v in mine {
        let state = match (&v.acknowledged, v.late) {
            (Some(_), _) => "acknowledged",
            (None, true) => "response time passed",
            (None, false) => "within response time",
        };
        let path = inputs
            .graph
            .node(&v.subject)
            .map_or("", |n| n.path.as_str());
        let call = if v.involves.is_empty() {
            String::new()
        } else {
            format!("; call {}", text(&v.involves.join(", ")))
        };
        let _ = writeln!(
            s,
            "- [{}]({}) level {} since {}: {} ({state}{call})",
            v.subject,
            link(here, path),
            v.effective_level,
            v.raised,
            text(&v.reason)
        );
    }
}
