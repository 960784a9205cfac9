//! Lint of the planning records (decisions, risks, escalations): their files' own problems,
//! links to ids that do not exist, and risks owned by teams zones.yaml does not define.

use crate::error::line_col;
use crate::finding::{Code, Finding};
use crate::workspace::{Snapshot, Workspace};

/// Whether `path` is a record file lint reads.
pub fn holds(path: &str) -> bool {
    [
        crate::doc::decision::DIR,
        crate::doc::risk::DIR,
        crate::doc::escalation::DIR,
    ]
    .iter()
    .any(|d| path.starts_with(&format!("{d}/")))
}

/// Every finding of the decisions and risks of `ws`; `snap` holds its atoms and molecules.
pub fn check(ws: &Workspace, snap: &Snapshot) -> Vec<Finding> {
    let (decisions, mut out) = crate::decisions::load(ws);
    let (risks, risk_findings) = crate::risks::load(ws);
    out.extend(risk_findings);
    let (escalations, escalation_findings) = crate::escalations::load(ws);
    out.extend(escalation_findings);
    let known = |id: &str| -> bool {
        snap.exists(id) || decisions.iter().any(|d| d.id == id) || risks.iter().any(|r| r.id == id)
    };
    let at = |path: &str, needle: &str| -> (u32, u32) {
        crate::fsutil::read_text(&ws.root.join(path))
            .ok()
            .and_then(|t| t.find(needle).map(|o| line_col(&t, o)))
            .unwrap_or((0, 0))
    };
    let dangling = |from: &str, path: &str, id: &str| {
        let (l, c) = at(path, id);
        Finding::error(
            Code::DanglingLink,
            format!("{from} names {id}, which does not exist"),
        )
        .at(path, l, c)
        .hint("fix the id, or remove it")
    };
    for d in &decisions {
        for id in d.links.iter().chain(&d.superseded_by).filter(|i| !known(i)) {
            out.push(dangling(&d.id, &d.path, id));
        }
    }
    for e in escalations.iter().filter(|e| !known(&e.subject)) {
        out.push(dangling(&e.id, &e.path, &e.subject));
    }
    for r in &risks {
        for id in r.atoms.iter().filter(|i| !known(i)) {
            out.push(dangling(&r.id, &r.path, id));
        }
        if ws.zones.team(&r.owner).is_none() {
            let (l, c) = at(&r.path, "owner:");
            let teams: Vec<&str> = ws.zones.teams.iter().map(|t| t.id.as_str()).collect();
            out.push(
                Finding::error(
                    Code::UnknownRiskOwner,
                    format!(
                        "{} is owned by `{}`, which zones.yaml does not define",
                        r.id, r.owner
                    ),
                )
                .at(&r.path, l, c)
                .hint(format!("teams: {}", teams.join(", "))),
            );
        }
    }
    out
}
