//! Dashboards: Markdown regenerated from the status files. Only the region between
//! `<!-- coord:begin -->` and `<!-- coord:end -->` is coord's; text around it is the team's.
//! Output is byte-stable: no generation time, everything sorted.

mod agents;
pub mod forge;
mod indicator;
mod joint;
pub mod summary;
mod sync;
mod team;

use chrono::{DateTime, Utc};

pub use indicator::{
    Indicator, Judgement, Records, judgement_time, legend, overdue, team_indicator,
};
pub use sync::{Mode, SyncReport, staged_touch_dashboards, sync};

use crate::config::Zones;
use crate::conflicts;
use crate::error::Result;
use crate::finding::Finding;
use crate::graph::{CriticalPath, Graph};
use crate::lint;
use crate::workspace::{Snapshot, Workspace};
use crate::zones::ZoneMap;

/// Start of the generated region.
pub const BEGIN: &str = "<!-- coord:begin -->";
/// End of the generated region.
pub const END: &str = "<!-- coord:end -->";

/// One dashboard to write: its path, its title (used when the file is new) and its generated body.
#[derive(Debug, Clone)]
pub struct Page {
    /// Repository-relative path.
    pub path: String,
    /// H1 title for a new file.
    pub title: String,
    /// The generated region's content.
    pub body: String,
}

/// Everything the pages are made from.
pub struct Inputs<'a> {
    /// zones.yaml.
    pub zones: &'a Zones,
    /// Status files.
    pub snap: &'a Snapshot,
    /// The dependency graph.
    pub graph: &'a Graph,
    /// The critical path.
    pub critical: CriticalPath,
    /// Conflicts in this work tree.
    pub conflicts: &'a [Finding],
    /// Lint findings.
    pub lint: &'a [Finding],
    /// "Now" for judgements, and where it came from.
    pub now: Judgement,
    /// The decision log.
    pub decisions: &'a [crate::doc::decision::Decision],
    /// The risk register.
    pub risks: &'a [crate::doc::risk::Risk],
    /// Every escalation, judged at `now`.
    pub escalations: &'a [crate::escalations::view::View],
    /// The KPIs of the 30 days before `now`, when there is history.
    pub kpis: Option<&'a crate::history::kpi::Kpis>,
}

impl Inputs<'_> {
    /// What team indicators read besides the atoms.
    pub fn records(&self) -> Records<'_> {
        Records {
            risks: self.risks,
            escalations: self.escalations,
        }
    }
}

/// How a page states its "now": the time itself only when it was given. Otherwise the rule,
/// never the time, so that a status change rewrites a page only where a judgement or a row
/// changes, and two branches never conflict over a time line.
pub(crate) fn now_line(inputs: &Inputs) -> String {
    match inputs.now.at {
        None => "No commit has changed a status file yet.\n\n".to_owned(),
        Some(t) if inputs.now.given => format!(
            "Judged as of {} ({}).\n\n",
            crate::clock::format_time(t),
            inputs.now.source
        ),
        Some(_) => format!("Judged as of {}.\n\n", inputs.now.source),
    }
}

/// Render every page.
pub fn render(inputs: &Inputs) -> Vec<Page> {
    let mut pages: Vec<Page> = inputs
        .zones
        .teams
        .iter()
        .map(|t| team::page(inputs, t))
        .collect();
    pages.push(joint::conflicts_page(inputs));
    pages.push(joint::integration_page(inputs));
    pages.push(joint::deployment_page(inputs));
    pages.push(joint::emergency_page(inputs));
    pages.push(joint::decision_page(inputs));
    pages.push(joint::risk_page(inputs));
    pages.push(joint::kpi_page(inputs));
    pages
}

/// Load what the pages need from the work tree and render them. "Now" is `now` if given
/// (`--now`, `COORD_NOW`), else the newest `last_updated` among the status files.
pub fn build(ws: &Workspace, now: Option<DateTime<Utc>>) -> Result<Vec<Page>> {
    let read = || {
        let snap = ws.snapshot_quietly();
        let graph = Graph::build(&snap.atoms, &snap.molecules);
        let root = ws.root.clone();
        let findings = lint::check(&snap, &graph, &|p: &str| {
            crate::fsutil::read_text(&root.join(p)).ok()
        });
        (snap, graph, findings)
    };
    // History (for the KPI page) is read meanwhile, on another thread.
    let held = crate::history::Held::default();
    let (events, (snap, graph, findings)) = match &ws.repo {
        Some(_) => {
            let (events, read) = crate::history::events_beside(ws, &held, read)?;
            (Some(events), read)
        }
        None => (None, read()),
    };
    let tracked = match &ws.repo {
        Some(repo) => repo.index_paths()?,
        None => Vec::new(),
    };
    let map = ZoneMap::new(&ws.zones);
    let conflicts = conflicts::detect(&snap.atoms, &map, &tracked);
    let (decisions, _) = crate::decisions::load(ws);
    let (risks, _) = crate::risks::load(ws);
    let (records, _) = crate::escalations::load(ws);
    let now = judgement_time(&snap, now);
    let escalations = crate::escalations::view::all(&ws.zones, &snap, &records, now.at);
    let kpis = match (events, now.at) {
        (Some(events), Some(until)) => Some(crate::history::kpi::compute(
            &events,
            crate::history::kpi::default_since(until),
            until,
            None,
            &escalations,
            conflicts.len(),
            &ws.zones.kpi,
        )),
        _ => None,
    };
    let inputs = Inputs {
        kpis: kpis.as_ref(),
        decisions: &decisions,
        risks: &risks,
        escalations: &escalations,
        zones: &ws.zones,
        snap: &snap,
        critical: graph.critical_path(),
        graph: &graph,
        conflicts: &conflicts,
        lint: &findings,
        now,
    };
    Ok(render(&inputs))
}

/// How many rows a page lists in one table or list: a page stays readable (and small) however
/// many atoms or findings there are; the rest is one command away.
pub(crate) const LISTED: usize = 50;

/// After a list cut at [`LISTED`]: how many more there are, and the command listing them all.
pub(crate) fn more(s: &mut String, total: usize, command: &str) {
    // A blank line first: a line right after a table row would be read as another row.
    if !s.ends_with("\n\n") {
        s.push('\n');
    }
    if total > LISTED {
        let _ = std::fmt::Write::write_fmt(
            s,
            format_args!(
                "_{} more: `{command}` lists all {total}._\n\n",
                total - LISTED
            ),
        );
    }
}

/// A day as a reviewer reads it in a table: `2026‑11‑19`, its hyphens non-breaking (U+2011) so
/// that a narrow column never splits the date over two lines; the time of day is in the file.
/// Anything that is not an RFC 3339 time shows as written.
pub(crate) fn day(time: &str) -> String {
    match time.get(..10) {
        Some(day) if time.as_bytes().get(10) == Some(&b'T') => day.replace('-', "\u{2011}"),
        _ => text(time),
    }
}

/// The file's new text: `existing` with its generated region replaced (or a new file).
pub fn merge(existing: Option<&str>, title: &str, body: &str) -> String {
    let region = format!(
        "{BEGIN}\n<!-- Generated by `coord dashboard` from the status files: edit those, not this region. -->\n{body}{END}"
    );
    match existing {
        None => format!(
            "# {title}\n\n{region}\n\n<!-- Notes below are yours: coord keeps everything outside the generated region. -->\n"
        ),
        Some(text) => match (text.find(BEGIN), text.find(END)) {
            (Some(b), Some(e)) if e > b => {
                format!("{}{}{}", &text[..b], region, &text[e + END.len()..])
            }
            _ => {
                let sep = if text.ends_with('\n') { "\n" } else { "\n\n" };
                format!("{text}{sep}{region}\n")
            }
        },
    }
}

/// A relative link from a file in folder `from_dir` to `target` (both repository-relative):
/// down from the folder the two share, never out of it and back in.
pub fn link(from_dir: &str, target: &str) -> String {
    let from: Vec<&str> = from_dir.split('/').filter(|s| !s.is_empty()).collect();
    let to: Vec<&str> = target.split('/').collect();
    // Only folders are shared: the target's last part is its file name.
    let shared = from
        .iter()
        .zip(&to[..to.len() - 1])
        .take_while(|(a, b)| a == b)
        .count();
    format!(
        "{}{}",
        "../".repeat(from.len() - shared),
        to[shared..].join("/")
    )
}

/// Escape coord's own text (which may hold `code`) for a Markdown table cell: pipes and line
/// breaks would break the table, control characters the page.
pub fn cell(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '|' => "\\|".to_owned(),
            c if c.is_control() => " ".to_owned(),
            c => c.to_string(),
        })
        .collect()
}

/// Escape what people wrote (titles, reasons, names) so it shows as written: Markdown and HTML
/// in it render as text, never as markup, links or images.
pub fn text(written: &str) -> String {
    let mut out = String::with_capacity(written.len());
    for c in written.chars() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '~' | '&' | '#' | '!' => {
                out.push('\\');
                out.push(c);
            }
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn merge_keeps_text_outside_the_region() {
        let first = merge(None, "T", "one\n");
        assert!(first.starts_with("# T\n\n<!-- coord:begin -->"));
        let edited = first.replace("# T\n", "# T\n\nOur notes.\n") + "More notes.\n";
        let second = merge(Some(&edited), "T", "two\n");
        assert!(
            second.contains("Our notes.")
                && second.contains("More notes.")
                && second.contains("two\n<!-- coord:end -->")
        );
        assert!(!second.contains("one\n"));
        assert_eq!(merge(Some(&second), "T", "two\n"), second);
    }

    #[test]
    fn written_text_shows_as_written() {
        assert_eq!(
            text("<img src=x> **bold** [a](b) |x|\nnext"),
            "\\<img src=x\\> \\*\\*bold\\*\\* \\[a\\](b) \\|x\\| next"
        );
        assert_eq!(text("Upload endpoint"), "Upload endpoint");
        assert_eq!(cell("a | `b`\nc"), "a \\| `b` c");
    }

    #[test]
    fn links_climb_out_of_the_dashboard_folder() {
        assert_eq!(
            link("JOINT_COORDINATION", "A/ATOMIC_TASKS/ATOM-001.md"),
            "../A/ATOMIC_TASKS/ATOM-001.md"
        );
        assert_eq!(link("teams/a", "x.md"), "../../x.md");
        assert_eq!(
            link(
                "JOINT_COORDINATION",
                "JOINT_COORDINATION/MOLECULES/MOLECULE-001.md"
            ),
            "MOLECULES/MOLECULE-001.md"
        );
        assert_eq!(link("teams/a", "teams/b/x.md"), "../b/x.md");
        assert_eq!(link("A", "A"), "../A");
        assert_eq!(link("", "x.md"), "x.md");
    }
}
