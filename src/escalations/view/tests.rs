//! Unit tests of the escalation view: effective levels and the people involved.

use super::*;

fn zones() -> Zones {
    crate::config::parse(
        "zones.yaml",
        "version: 1\nteams:\n  web: { dir: Web, lead: ann@web.example, contacts: [cy@web.example] }\n  api: { dir: Api, lead: bo@api.example }\nescalation:\n  - { level: 1, name: Team, response: 30m }\n  - { level: 2, name: Cross, response: 1h, involves: [leads] }\n  - { level: 3, name: All, response: 2h, involves: [all, cto@example.com] }\n",
    )
    .unwrap()
}

fn at(t: &str) -> DateTime<Utc> {
    clock::parse_time(t).unwrap()
}

#[test]
fn the_level_rises_each_time_a_response_time_passes_unanswered() {
    let z = zones();
    let raised = at("2026-11-20T10:00:00Z");
    let effective = |until: &str| effective_level(&z.escalation, 1, raised, at(until));
    assert_eq!(
        effective("2026-11-20T10:30:00Z"),
        1,
        "exactly at the deadline"
    );
    assert_eq!(effective("2026-11-20T10:31:00Z"), 2);
    assert_eq!(effective("2026-11-20T11:30:00Z"), 2);
    assert_eq!(effective("2026-11-20T11:31:00Z"), 3);
    assert_eq!(
        effective("2026-11-25T00:00:00Z"),
        3,
        "the last level is the last"
    );
}

#[test]
fn each_level_names_its_people() {
    let z = zones();
    assert_eq!(involved(&z, 1, Some("web")), ["ann@web.example"]);
    assert_eq!(
        involved(&z, 2, Some("web")),
        ["ann@web.example", "bo@api.example"]
    );
    assert_eq!(
        involved(&z, 3, None),
        [
            "ann@web.example",
            "cy@web.example",
            "bo@api.example",
            "cto@example.com"
        ]
    );
}

#[test]
fn an_acknowledged_escalation_stops_rising_and_is_not_late() {
    let z = zones();
    let text = "```yaml\nid: ESC-001\nsubject: ATOM-001\nlevel: 1\nreason: down\nraised: 2026-11-20T10:00:00Z\nacknowledged: 2026-11-20T10:40:00Z\nresolved: null\n```\n";
    let record = crate::doc::escalation::parse("e.md", text).0.unwrap();
    let snap = Snapshot::default();
    let views = all(
        &z,
        &snap,
        std::slice::from_ref(&record),
        Some(at("2026-11-21T00:00:00Z")),
    );
    assert_eq!(
        views[0].effective_level, 2,
        "it rose before it was acknowledged"
    );
    assert!(!views[0].late);
    let mut open = record;
    open.acknowledged = None;
    let views = all(&z, &snap, &[open], Some(at("2026-11-20T10:45:00Z")));
    assert!(views[0].late);
    assert_eq!(views[0].effective_level, 2);
}
