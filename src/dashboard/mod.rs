//! Dashboards: Markdown regenerated from the status files. Only the region between
//! `<!-- coord:begin -->` and `<!-- coord:end -->` is coord's; text around it is the team's.
//! Output is byte-stable: no generation time, everything sorted.

mod indicator;
mod joint;
mod team;

use chrono::{DateTime, Utc};

pub use indicator::{Indicator, escalation_late, judgement_time, legend, overdue, team_indicator};

use crate::config::{JOINT_DIR, Zones};
use crate::conflicts::{self, Conflict};
use crate::error::Result;
use crate::finding::Finding;
use crate::graph::Graph;
use crate::lint;
use crate::workspace::{Snapshot, Workspace};
use crate::zones::ZoneMap;

/// Start of the generated region.
pub const BEGIN: &str = "<!-- coord:begin -->";
/// End of the generated region.
pub const END: &str = "<!-- coord:end -->";

/// The four cross-team dashboards, as (file name, title).
pub const JOINT_FILES: [(&str, &str); 4] = [
    ("ATOMIC_CONFLICT_TRACKER.md", "Atomic Conflict Tracker"),
    ("MOLECULAR_INTEGRATION.md", "Molecular Integration"),
    ("LIVE_DEPLOYMENT_STATUS.md", "Live Deployment Status"),
    ("EMERGENCY_COORDINATION.md", "Emergency Coordination"),
];

/// File name of each team's dashboard.
pub const TEAM_FILE: &str = "REAL_TIME_STATUS.md";

/// Every generated dashboard path.
pub fn generated_paths(zones: &Zones) -> Vec<String> {
    let mut out: Vec<String> = zones
        .teams
        .iter()
        .map(|t| format!("{}/{TEAM_FILE}", t.dir))
        .collect();
    out.extend(JOINT_FILES.iter().map(|(f, _)| format!("{JOINT_DIR}/{f}")));
    out
}

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
    /// Critical path and its length in minutes.
    pub critical: (Vec<String>, i64),
    /// Conflicts in this work tree.
    pub conflicts: &'a [Conflict],
    /// Lint findings.
    pub lint: &'a [Finding],
    /// "Now" for judgements, and where it came from.
    pub now: (Option<DateTime<Utc>>, &'static str),
    /// Whether "now" was given (`--now`, `COORD_NOW`) rather than read from the files.
    pub now_given: bool,
}

/// How a page states its "now". Where it matters most (deployment, emergencies) or when it was
/// given, the time itself; elsewhere the rule and where the time is shown, so that one status
/// change does not rewrite every page.
pub(crate) fn now_line(inputs: &Inputs, from_dir: &str, exact: bool) -> String {
    match inputs.now.0 {
        None => "No status file has a `last_updated` time yet.\n\n".to_owned(),
        Some(t) if exact || inputs.now_given => format!(
            "Judged as of {} ({}).\n\n",
            crate::clock::format_time(t),
            inputs.now.1
        ),
        Some(_) => format!(
            "Judged as of {} (the time is on [Live Deployment Status]({})).\n\n",
            inputs.now.1,
            link(from_dir, &format!("{JOINT_DIR}/LIVE_DEPLOYMENT_STATUS.md"))
        ),
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
    pages
}

/// Load what the pages need from the work tree and render them. "Now" is `now` if given,
/// else `COORD_NOW` if set, else the newest `last_updated` among the status files.
pub fn build(ws: &Workspace, now: Option<DateTime<Utc>>) -> Result<Vec<Page>> {
    let now = match now {
        Some(t) => Some(t),
        None if std::env::var("COORD_NOW").is_ok_and(|v| !v.trim().is_empty()) => {
            Some(crate::clock::now()?)
        }
        None => None,
    };
    let snap: Snapshot = ws.load().into();
    let graph = Graph::build(&snap.atoms, &snap.molecules);
    let root = ws.root.clone();
    let findings = lint::check(&snap, &graph, &|p: &str| {
        std::fs::read_to_string(root.join(p)).ok()
    });
    let tracked = match &ws.repo {
        Some(repo) => repo.index_paths()?,
        None => Vec::new(),
    };
    let map = ZoneMap::new(&ws.zones);
    let conflicts = conflicts::detect(&snap.atoms, &map, &tracked);
    let inputs = Inputs {
        zones: &ws.zones,
        snap: &snap,
        critical: graph.critical_path(),
        graph: &graph,
        conflicts: &conflicts,
        lint: &findings,
        now: judgement_time(&snap, now),
        now_given: now.is_some(),
    };
    Ok(render(&inputs))
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

/// A relative link from a file in folder `from_dir` to `target` (both repository-relative).
pub fn link(from_dir: &str, target: &str) -> String {
    let depth = from_dir.split('/').filter(|s| !s.is_empty()).count();
    format!("{}{target}", "../".repeat(depth))
}

/// Escape text for a Markdown table cell.
pub fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace('\n', " ")
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
    fn links_climb_out_of_the_dashboard_folder() {
        assert_eq!(
            link("JOINT_COORDINATION", "A/ATOMIC_TASKS/ATOM-001.md"),
            "../A/ATOMIC_TASKS/ATOM-001.md"
        );
        assert_eq!(link("teams/a", "x.md"), "../../x.md");
    }
}
