//! A team's `REAL_TIME_STATUS.md`: open work first (blocked, in progress, ready, waiting), then
//! what is done as counts and the most recent few. Every list is bounded, so the page reads the
//! same at 10 atoms and at 10,000; the rest is one command away.

use std::fmt::Write;

use super::{
    Inputs, LISTED, Page, day, legend, link, more, now_line, overdue, team_indicator, text,
};
use crate::clock;
use crate::config::Team;
use crate::doc::{Atom, Status};
use crate::graph;

/// How many completed (and cancelled) atoms the page names: the most recent.
const RECENT: usize = 5;

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
    if atoms.is_empty() {
        s.push_str("_No atoms yet: `coord atoms new \"Title\" --team ");
        s.push_str(&team.id);
        s.push_str("`._\n\n");
    } else {
        summary(&atoms, &mut s);
    }
    let ready: Vec<&Atom> = graph::ready(inputs.graph, &snap.atoms)
        .into_iter()
        .filter(|a| a.team == team.id)
        .collect();
    let section = Section { inputs, team };
    section.blocked(&atoms, &mut s);
    escalations(inputs, team, &mut s);
    section.in_progress(&atoms, &mut s);
    stale(inputs, team, &atoms, &mut s);
    section.ready(&ready, &mut s);
    section.waiting(&atoms, ready.len(), &mut s);
    critical(inputs, team, &mut s);
    s.push_str("### Who works on what\n\n");
    super::agents::section(inputs, Some(&team.id), &team.dir, &mut s);
    section.finished(&atoms, Status::Completed, &mut s);
    section.finished(&atoms, Status::Cancelled, &mut s);
    let _ = writeln!(s, "<sub>{}</sub>", legend(inputs.zones.offline_days));
    Page {
        path: crate::config::layout::team_page(&team.dir),
        title: format!("{}: Real-Time Status", team.name),
        body: s,
    }
}

/// One line of counts, open work first.
fn summary(atoms: &[&Atom], s: &mut String) {
    let count = |st: Status| atoms.iter().filter(|a| a.status == st).count();
    let parts: Vec<String> = [
        (Status::Blocked, "blocked"),
        (Status::InProgress, "in progress"),
        (Status::NotStarted, "not started"),
        (Status::Completed, "completed"),
        (Status::Cancelled, "cancelled"),
    ]
    .iter()
    .map(|(st, words)| format!("{} {words}", count(*st)))
    .collect();
    let _ = writeln!(s, "**{} atoms:** {}.\n", atoms.len(), parts.join(" · "));
}

/// What every list of the page needs: where links start, and the command listing all.
struct Section<'a> {
    inputs: &'a Inputs<'a>,
    team: &'a Team,
}

impl Section<'_> {
    /// `[ATOM-007](…) Title`, with ⏰ when it is late and its due date when it has one.
    fn atom(&self, a: &Atom) -> String {
        let late = if overdue(a, self.inputs.now.at) {
            " ⏰"
        } else {
            ""
        };
        let due = a
            .due
            .as_deref()
            .map(|d| format!(" · due {}", text(d)))
            .unwrap_or_default();
        format!(
            "[{}]({}) {}{late}{due}",
            a.id,
            link(&self.team.dir, &a.path),
            text(&a.title)
        )
    }

    fn list_all(&self, status: Status) -> String {
        format!(
            "coord atoms list --team {} --status {}",
            self.team.id,
            status.as_str()
        )
    }

    /// The atoms of one status, most urgent first.
    fn open<'b>(&self, atoms: &[&'b Atom], status: Status) -> Vec<&'b Atom> {
        let mut list: Vec<&Atom> = atoms
            .iter()
            .copied()
            .filter(|a| a.status == status)
            .collect();
        list.sort_by(|a, b| (a.priority, &a.id).cmp(&(b.priority, &b.id)));
        list
    }

    fn blocked(&self, atoms: &[&Atom], s: &mut String) {
        let list = self.open(atoms, Status::Blocked);
        if list.is_empty() {
            return;
        }
        let _ = writeln!(
            s,
            "### ⛔ Blocked ({})\n\n| Atom | Priority | Held by | Blocked because |\n|---|---|---|---|",
            list.len()
        );
        for a in list.iter().take(LISTED) {
            let _ = writeln!(
                s,
                "| {} | {} | {} | {} |",
                self.atom(a),
                a.priority.as_str(),
                text(a.assigned.as_deref().unwrap_or("-")),
                text(a.blocked_reason.as_deref().unwrap_or("-"))
            );
        }
        more(s, list.len(), &self.list_all(Status::Blocked));
    }

    fn in_progress(&self, atoms: &[&Atom], s: &mut String) {
        let list = self.open(atoms, Status::InProgress);
        if list.is_empty() {
            return;
        }
        let _ = writeln!(
            s,
            "### In progress ({})\n\n| Atom | Priority | Held by | Since | Estimate |\n|---|---|---|---|---|",
            list.len()
        );
        for a in list.iter().take(LISTED) {
            let _ = writeln!(
                s,
                "| {} | {} | {} | {} | {} |",
                self.atom(a),
                a.priority.as_str(),
                text(a.assigned.as_deref().unwrap_or("-")),
                a.started
                    .as_ref()
                    .map_or("-".to_owned(), |t| day(t.as_str())),
                a.estimated.as_deref().map_or("-".to_owned(), text)
            );
        }
        more(s, list.len(), &self.list_all(Status::InProgress));
    }

    fn ready(&self, ready: &[&Atom], s: &mut String) {
        let _ = writeln!(s, "### Ready to start ({})\n", ready.len());
        if ready.is_empty() {
            s.push_str(
                "_Nothing ready: every open atom waits for a dependency, or none is open._\n\n",
            );
            return;
        }
        let mut list = ready.to_vec();
        list.sort_by(|a, b| (a.priority, &a.id).cmp(&(b.priority, &b.id)));
        for a in list.iter().take(LISTED) {
            let who = a
                .assigned
                .as_deref()
                .map(|w| format!(", assigned to {}", text(w)))
                .unwrap_or_default();
            let _ = writeln!(s, "- {} ({}{who})", self.atom(a), a.priority.as_str());
        }
        s.push('\n');
        more(
            s,
            list.len(),
            &format!("coord atoms next --team {}", self.team.id),
        );
    }

    /// NOT_STARTED atoms that wait for unfinished dependencies, with what they wait for.
    fn waiting(&self, atoms: &[&Atom], ready: usize, s: &mut String) {
        let list = self.open(atoms, Status::NotStarted);
        if list.len() <= ready {
            return;
        }
        let graph = self.inputs.graph;
        let waiting: Vec<(&Atom, Vec<String>)> = list
            .into_iter()
            .filter_map(|a| {
                let open = graph.open_dependencies(&a.dependencies);
                (!open.is_empty()).then_some((a, open))
            })
            .collect();
        let _ = writeln!(
            s,
            "### Waiting for dependencies ({})\n\n| Atom | Priority | Waits for |\n|---|---|---|",
            waiting.len()
        );
        for (a, open) in waiting.iter().take(LISTED) {
            let links: Vec<String> = open
                .iter()
                .map(|id| match graph.node(id) {
                    Some(n) => format!("[{id}]({})", link(&self.team.dir, &n.path)),
                    None => format!("{} (missing)", text(id)),
                })
                .collect();
            let _ = writeln!(
                s,
                "| {} | {} | {} |",
                self.atom(a),
                a.priority.as_str(),
                links.join(", ")
            );
        }
        more(s, waiting.len(), &self.list_all(Status::NotStarted));
    }

    /// Completed or cancelled: the count and the most recently changed few.
    fn finished(&self, atoms: &[&Atom], status: Status, s: &mut String) {
        let mut list: Vec<&Atom> = atoms
            .iter()
            .copied()
            .filter(|a| a.status == status)
            .collect();
        if list.is_empty() {
            return;
        }
        let heading = if status == Status::Completed {
            "Completed"
        } else {
            "Cancelled"
        };
        let _ = writeln!(s, "### {heading} ({})\n", list.len());
        list.sort_by(|a, b| b.last_updated.cmp(&a.last_updated).then(a.id.cmp(&b.id)));
        for a in list.iter().take(RECENT) {
            let when = a
                .last_updated
                .as_ref()
                .map_or("-".to_owned(), |t| day(t.as_str()));
            let why = a
                .cancelled_reason
                .as_deref()
                .map(|r| format!(": {}", text(r)))
                .unwrap_or_default();
            let _ = writeln!(s, "- {} ({when}){why}", self.atom(a));
        }
        s.push('\n');
        if list.len() > RECENT {
            let _ = writeln!(
                s,
                "_The {RECENT} most recent of {}; all with `{}`._\n",
                list.len(),
                self.list_all(status)
            );
        }
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
    let _ = writeln!(s, "### Stale work ({})\n", list.len());
    for st in list.iter().take(LISTED) {
        let path = inputs.snap.atom(&st.id).map_or("", |a| a.path.as_str());
        let _ = writeln!(
            s,
            "- [{}]({}) {}: held by {}, no change for {}",
            st.id,
            link(&team.dir, path),
            text(&st.title),
            text(st.assigned.as_deref().unwrap_or("nobody")),
            st.idle
        );
    }
    s.push('\n');
    more(
        s,
        list.len(),
        &format!("coord atoms stale --team {}", team.id),
    );
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
        return;
    }
    let _ = writeln!(
        s,
        "The critical path is {} long; this team holds:\n",
        clock::format_duration(inputs.critical.minutes)
    );
    for id in on_path.iter().take(LISTED) {
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
    more(s, on_path.len(), "coord graph --critical");
}

fn escalations(inputs: &Inputs, team: &Team, s: &mut String) {
    let here = team.dir.as_str();
    let mine: Vec<_> = inputs
        .escalations
        .iter()
        .filter(|v| v.is_open() && v.team.as_deref() == Some(team.id.as_str()))
        .collect();
    if mine.is_empty() {
        return;
    }
    let _ = writeln!(s, "### Open escalations ({})\n", mine.len());
    for v in mine.iter().take(LISTED) {
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
    s.push('\n');
    more(s, mine.len(), "coord escalations list --open");
}
