//! Emergency coordination: open escalations by level against their response times, and
//! CRITICAL and HIGH atoms that are blocked.

use std::fmt::Write;

use super::{HERE, as_of, page};
use crate::dashboard::{Inputs, LISTED, Page, cell, link, more, text};
use crate::doc::{Priority, Status};

pub(in crate::dashboard) fn emergency_page(inputs: &Inputs) -> Page {
    let mut s = as_of(inputs);
    escalations(inputs, &mut s);
    critical_blocked(inputs, &mut s);
    page("EMERGENCY_COORDINATION.md", "Emergency Coordination", s)
}

fn escalations(inputs: &Inputs, s: &mut String) {
    let zones = inputs.zones;
    let open: Vec<_> = inputs.escalations.iter().filter(|v| v.is_open()).collect();
    let _ = writeln!(s, "## Open escalations ({})\n", open.len());
    s.push_str("| Level | Response time | Involves |\n|---|---|---|\n");
    for l in &zones.escalation {
        let people = crate::escalations::view::involved(zones, l.level, None);
        let words = if l.involves.iter().any(|w| w == "lead") {
            "the lead of the team concerned".to_owned()
        } else {
            people.join(", ")
        };
        let _ = writeln!(
            s,
            "| {}: {} | {} | {} |",
            l.level,
            text(&l.name),
            l.response,
            cell(if words.is_empty() { "-" } else { &words })
        );
    }
    s.push('\n');
    if open.is_empty() {
        s.push_str("_No open escalations._\n\n");
        return;
    }
    s.push_str("| Level | On | Raised | Reason | State | Call |\n|---|---|---|---|---|---|\n");
    for v in open.iter().take(LISTED) {
        let level = if v.effective_level == v.level {
            v.level.to_string()
        } else {
            format!("{} (raised at {})", v.effective_level, v.level)
        };
        let state = match (&v.acknowledged, v.late) {
            (Some(at), _) => format!("acknowledged {at}"),
            (None, true) => "⏰ response time passed".to_owned(),
            (None, false) => "within response time".to_owned(),
        };
        let by = v
            .raised_by
            .as_deref()
            .map(|b| format!(" by {}", text(b)))
            .unwrap_or_default();
        let subject = inputs
            .graph
            .node(&v.subject)
            .map_or(v.subject.clone(), |n| {
                format!("[{}]({})", v.subject, link(HERE, &n.path))
            });
        let record = if v.id.starts_with("ESC-") {
            format!("[{}]({}) ", v.id, link(HERE, &v.path))
        } else {
            String::new()
        };
        let _ = writeln!(
            s,
            "| {level} | {record}{subject} | {}{by} | {} | {state} | {} |",
            v.raised,
            text(&v.reason),
            cell(&if v.involves.is_empty() {
                "-".to_owned()
            } else {
                v.involves.join(", ")
            })
        );
    }
    more(s, open.len(), "coord escalations list --open");
}

fn critical_blocked(inputs: &Inputs, s: &mut String) {
    let snap = inputs.snap;
    let mut critical: Vec<_> = snap
        .atoms
        .iter()
        .filter(|a| a.status == Status::Blocked && a.priority <= Priority::High)
        .collect();
    critical.sort_by(|a, b| (a.priority, &a.id).cmp(&(b.priority, &b.id)));
    let _ = writeln!(s, "## Critical blocked atoms ({})\n", critical.len());
    if critical.is_empty() {
        s.push_str("_No CRITICAL or HIGH atom is blocked._\n");
    } else {
        s.push_str("| Atom | Team | Priority | Blocked reason |\n|---|---|---|---|\n");
        for a in critical.iter().take(LISTED) {
            let _ = writeln!(
                s,
                "| [{}]({}) {} | {} | {} | {} |",
                a.id,
                link(HERE, &a.path),
                text(&a.title),
                a.team,
                a.priority.as_str(),
                text(a.blocked_reason.as_deref().unwrap_or("-"))
            );
        }
        more(s, critical.len(), "coord atoms list --status BLOCKED");
    }
}
