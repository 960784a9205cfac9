//! Emergency coordination: open escalations by level against their response times, and
//! CRITICAL and HIGH atoms that are blocked.

use std::fmt::Write;

use super::{HERE, as_of, page};
use crate::dashboard::{Inputs, Page, escalation_late, link, text};
use crate::doc::{Escalation, Priority, Status};

pub(in crate::dashboard) fn emergency_page(inputs: &Inputs) -> Page {
    let mut s = as_of(inputs);
    escalations(inputs, &mut s);
    critical_blocked(inputs, &mut s);
    page("EMERGENCY_COORDINATION.md", "Emergency Coordination", s)
}

fn escalations(inputs: &Inputs, s: &mut String) {
    let zones = inputs.zones;
    let snap = inputs.snap;
    let mut open: Vec<(&Escalation, String, &str)> = Vec::new();
    for a in &snap.atoms {
        for e in a.escalations.iter().filter(|e| e.is_open()) {
            open.push((e, a.id.clone(), &a.path));
        }
    }
    for m in &snap.molecules {
        for e in m.escalations.iter().filter(|e| e.is_open()) {
            open.push((e, m.id.clone(), &m.path));
        }
    }
    let _ = writeln!(s, "## Open escalations ({})\n", open.len());
    s.push_str("| Level | Response time |\n|---|---|\n");
    for l in &zones.escalation {
        let _ = writeln!(s, "| {}: {} | {} |", l.level, text(&l.name), l.response);
    }
    s.push('\n');
    if open.is_empty() {
        s.push_str("_No open escalations._\n\n");
    } else {
        open.sort_by(|a, b| {
            (std::cmp::Reverse(a.0.level), &a.0.raised, &a.1).cmp(&(
                std::cmp::Reverse(b.0.level),
                &b.0.raised,
                &b.1,
            ))
        });
        s.push_str("| Level | On | Raised | Reason | Response time |\n|---|---|---|---|---|\n");
        for (e, id, path) in &open {
            let name = zones
                .level(e.level)
                .map_or(String::new(), |l| format!(" {}", l.name));
            let state = if escalation_late(e, zones, inputs.now.at) {
                "⏰ passed"
            } else {
                "within"
            };
            let response = zones
                .level(e.level)
                .map_or("-".to_owned(), |l| l.response.clone());
            let _ = writeln!(
                s,
                "| {}{} | [{id}]({}) | {} | {} | {response}, {state} |",
                e.level,
                text(&name),
                link(HERE, path),
                e.raised,
                text(&e.reason)
            );
        }
        s.push('\n');
    }
}

fn critical_blocked(inputs: &Inputs, s: &mut String) {
    let snap = inputs.snap;
    let critical: Vec<_> = snap
        .atoms
        .iter()
        .filter(|a| a.status == Status::Blocked && a.priority <= Priority::High)
        .collect();
    let _ = writeln!(s, "## Critical blocked atoms ({})\n", critical.len());
    if critical.is_empty() {
        s.push_str("_No CRITICAL or HIGH atom is blocked._\n");
    } else {
        s.push_str("| Atom | Team | Priority | Blocked reason |\n|---|---|---|---|\n");
        for a in critical {
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
    }
}
