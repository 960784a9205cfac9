//! The decision log and the risk register pages.

use std::fmt::Write;

use super::{HERE, page};
use crate::dashboard::{Inputs, LISTED, Page, cell, link, more, text};
use crate::doc::risk::{IMPACTS, PROBABILITIES};

/// `DECISION_LOG.md`: the decisions, newest first (at most [`LISTED`]), with status and links.
pub(in crate::dashboard) fn decision_page(inputs: &Inputs) -> Page {
    let mut s = String::new();
    let mut all: Vec<_> = inputs.decisions.iter().collect();
    all.sort_by(|a, b| (&b.date, &b.id).cmp(&(&a.date, &a.id)));
    if all.is_empty() {
        s.push_str("_No decisions yet: `coord decisions new \"Title\" --context … --option … --option …`._\n");
    } else {
        s.push_str("| Decision | Status | Date | Decided | Links |\n|---|---|---|---|---|\n");
        for d in all.iter().take(LISTED) {
            let decided = match (&d.decision, &d.superseded_by) {
                (_, Some(by)) => format!("superseded by {by}"),
                (Some(x), None) => text(x),
                (None, None) => format!("{} options", d.options.len()),
            };
            let _ = writeln!(
                s,
                "| [{}]({}) {} | {} | {} | {} | {} |",
                d.id,
                link(HERE, &d.path),
                text(&d.title),
                d.status.as_str(),
                cell(d.date.as_deref().unwrap_or("-")),
                decided,
                cell(&d.links.join(", "))
            );
        }
        more(&mut s, all.len(), "coord decisions list");
        s.push_str("`coord decisions show ID` has each one's context, options and consequences.\n");
    }
    page("DECISION_LOG.md", "Decision Log", s)
}

/// `RISK_REGISTER.md`: the probability × impact matrix of open risks, then open risks by severity.
pub(in crate::dashboard) fn risk_page(inputs: &Inputs) -> Page {
    let mut s = String::new();
    let open: Vec<_> = {
        let mut v: Vec<_> = inputs.risks.iter().filter(|r| r.is_open()).collect();
        v.sort_by(|a, b| b.severity().cmp(&a.severity()).then(a.id.cmp(&b.id)));
        v
    };
    let _ = writeln!(
        s,
        "**{} open** of {} risks ({} closed, {} occurred).\n",
        open.len(),
        inputs.risks.len(),
        inputs.risks.iter().filter(|r| r.status == "CLOSED").count(),
        inputs
            .risks
            .iter()
            .filter(|r| r.status == "OCCURRED")
            .count()
    );
    s.push_str("### Open risks by probability and impact\n\n| Probability \\ Impact |");
    for i in IMPACTS {
        let _ = write!(s, " {i} |");
    }
    s.push_str("\n|---|---:|---:|---:|---:|\n");
    for p in PROBABILITIES.iter().rev() {
        let _ = write!(s, "| {p} |");
        for i in IMPACTS {
            let n = open
                .iter()
                .filter(|r| r.probability == *p && r.impact == i)
                .count();
            let _ = write!(s, " {n} |");
        }
        s.push('\n');
    }
    s.push_str("\n### Open risks, the most severe first\n\n");
    if open.is_empty() {
        s.push_str("_None._\n");
    } else {
        s.push_str("| Risk | Impact | Probability | Owner | Status | Mitigation |\n|---|---|---|---|---|---|\n");
        for r in open.iter().take(LISTED) {
            let mark = if r.impact == "CRITICAL" { " 🔴" } else { "" };
            let _ = writeln!(
                s,
                "| [{}]({}) {} | {}{mark} | {} | {} | {} | {} |",
                r.id,
                link(HERE, &r.path),
                text(&r.title),
                r.impact,
                r.probability,
                r.owner,
                r.status,
                text(r.mitigation.as_deref().unwrap_or("-"))
            );
        }
        more(&mut s, open.len(), "coord risks list");
        s.push_str(
            "<sub>An open risk of CRITICAL impact turns its owner team's indicator 🔴.</sub>\n",
        );
    }
    page("RISK_REGISTER.md", "Risk Register", s)
}
