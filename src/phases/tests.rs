//! Unit tests of phase status and gates.

use super::*;
use crate::doc::{atom, molecule, risk};

fn phase() -> Phase {
    Phase {
        id: 1,
        name: "Foundation".into(),
        start: Some("2026-11-01".into()),
        end: Some("2026-11-30".into()),
        objective: None,
        gate: vec!["Security review signed".into()],
    }
}

fn snap(status: &str, point: &str) -> Snapshot {
    let a = |id: &str, st: &str| {
        let text = format!("```yaml\nid: {id}\ntitle: T\nteam: web\nstatus: {st}\nphase: 1\n```\n");
        atom::parse("web/ATOMIC_TASKS/x.md", &text).0.unwrap()
    };
    let m = molecule::parse(
        "m.md",
        &format!("```yaml\nid: MOLECULE-001\ntitle: M\nstatus: ACTIVE\nlead: web\nphase: 1\nintegration_points:\n  API: {point}\n```\n"),
    )
    .0
    .unwrap();
    Snapshot {
        atoms: vec![a("ATOM-001", "COMPLETED"), a("ATOM-002", status)],
        molecules: vec![m],
        ..Snapshot::default()
    }
}

#[test]
fn a_finished_phase_is_go_and_each_gap_is_named() {
    let go = gate(&phase(), &snap("CANCELLED", "VALIDATED"), &[], &[], &[]);
    assert!(go.go, "{go:?}");
    assert_eq!(go.checks[1].detail, "1 of 1 VALIDATED");
    let no = gate(&phase(), &snap("IN_PROGRESS", "FAILED"), &[], &[], &[]);
    assert!(!no.go);
    assert_eq!(no.checks[0].detail, "ATOM-002 (IN_PROGRESS)");
    assert_eq!(no.checks[1].detail, "MOLECULE-001: API (FAILED)");
    assert_eq!(no.criteria, ["Security review signed"]);
}

#[test]
fn an_open_high_risk_on_its_atoms_holds_the_gate() {
    let r = risk::parse(
        "r.md",
        "```yaml\nid: RISK-001\ntitle: R\nprobability: LOW\nimpact: HIGH\nowner: web\nstatus: MITIGATING\natoms: [ATOM-001]\n```\n",
    )
    .0
    .unwrap();
    let g = gate(
        &phase(),
        &snap("COMPLETED", "VALIDATED"),
        std::slice::from_ref(&r),
        &[],
        &[],
    );
    assert!(!g.go);
    assert_eq!(g.checks[3].detail, "RISK-001 (HIGH impact)");
    let mut closed = r;
    closed.status = "CLOSED".into();
    assert!(
        gate(
            &phase(),
            &snap("COMPLETED", "VALIDATED"),
            &[closed],
            &[],
            &[]
        )
        .go
    );
}

#[test]
fn status_counts_and_days_left() {
    let now = clock::parse_time("2026-11-20T23:59:59Z");
    let s = status(&phase(), &snap("BLOCKED", "PENDING"), now);
    assert_eq!(s.days_left, Some(10));
    assert!(s.atoms.contains(&("BLOCKED", 1)) && s.atoms.contains(&("COMPLETED", 1)));
    assert_eq!((s.points_validated, s.points), (0, 1));
}
