//! Graphs with known answers: cycles, dangling references, readiness, critical path.

use super::*;
use crate::doc::{Atom, Priority, Status};

fn atom(id: &str, status: Status, estimate: Option<&str>, deps: &[&str]) -> Atom {
    Atom {
        id: id.into(),
        title: id.to_owned(),
        team: "t".into(),
        priority: Priority::Medium,
        status,
        assigned: None,
        started: None,
        estimated: estimate.map(Into::into),
        due: None,
        actual: None,
        files: Vec::new(),
        dependencies: deps.iter().map(|d| (*d).to_owned()).collect(),
        dependency_notes: Default::default(),
        criteria: Vec::new(),
        phase: None,
        blocked_reason: None,
        cancelled_reason: None,
        reopened_reason: None,
        extra: Default::default(),
        escalations: Vec::new(),
        last_updated: None,
        path: format!("T/ATOMIC_TASKS/{id}.md"),
    }
}

#[test]
fn cycles_name_every_node_in_order() {
    let atoms = vec![
        atom("ATOM-001", Status::NotStarted, None, &["ATOM-002"]),
        atom("ATOM-002", Status::NotStarted, None, &["ATOM-003"]),
        atom("ATOM-003", Status::NotStarted, None, &["ATOM-001"]),
        atom("ATOM-004", Status::NotStarted, None, &["ATOM-004"]),
        atom(
            "ATOM-005",
            Status::NotStarted,
            None,
            &["ATOM-001", "ATOM-404"],
        ),
    ];
    let g = Graph::build(&atoms, &[]);
    assert_eq!(
        g.cycles(),
        vec![vec!["ATOM-001", "ATOM-002", "ATOM-003"], vec!["ATOM-004"]]
    );
    assert_eq!(
        g.dangling,
        vec![("ATOM-005".to_owned(), "ATOM-404".to_owned())]
    );
}

#[test]
fn critical_path_follows_the_heaviest_unfinished_chain() {
    // 1 (done) <- 2 (4h) <- 3 (1d) ; 2 <- 4 (unknown = 1h) ; 5 (30m) alone
    let atoms = vec![
        atom("ATOM-001", Status::Completed, Some("8h"), &[]),
        atom("ATOM-002", Status::InProgress, Some("4h"), &["ATOM-001"]),
        atom("ATOM-003", Status::NotStarted, Some("1d"), &["ATOM-002"]),
        atom("ATOM-004", Status::NotStarted, None, &["ATOM-002"]),
        atom("ATOM-005", Status::NotStarted, Some("30m"), &[]),
    ];
    let g = Graph::build(&atoms, &[]);
    assert_eq!(
        g.critical_path(),
        CriticalPath {
            ids: vec!["ATOM-002".to_owned(), "ATOM-003".to_owned()],
            minutes: 4 * 60 + 24 * 60,
        }
    );
    let ready: Vec<&str> = ready(&g, &atoms).iter().map(|a| a.id.as_str()).collect();
    assert_eq!(ready, vec!["ATOM-005"]);
}

#[test]
fn unknown_estimates_weigh_one_hour() {
    let atoms = vec![
        atom("ATOM-001", Status::NotStarted, None, &[]),
        atom("ATOM-002", Status::NotStarted, None, &["ATOM-001"]),
        atom("ATOM-003", Status::NotStarted, Some("90m"), &[]),
    ];
    let g = Graph::build(&atoms, &[]);
    assert_eq!(
        g.critical_path(),
        CriticalPath {
            ids: vec!["ATOM-001".to_owned(), "ATOM-002".to_owned()],
            minutes: 120
        }
    );
}

#[test]
fn the_most_waited_for_come_first_and_done_work_waits_for_nobody() {
    let atoms = vec![
        atom("ATOM-001", Status::InProgress, None, &[]),
        atom("ATOM-002", Status::NotStarted, None, &["ATOM-001"]),
        atom(
            "ATOM-003",
            Status::NotStarted,
            None,
            &["ATOM-001", "ATOM-002"],
        ),
        atom("ATOM-004", Status::Completed, None, &["ATOM-002"]),
        atom("ATOM-005", Status::Completed, None, &[]),
        atom("ATOM-006", Status::NotStarted, None, &["ATOM-005"]),
    ];
    let graph = Graph::build(&atoms, &[]);
    let named: Vec<(&str, usize)> = graph
        .most_waited_for()
        .into_iter()
        .map(|(i, n)| (graph.nodes[i].id.as_str(), n))
        .collect();
    assert_eq!(named, [("ATOM-001", 2), ("ATOM-002", 1)]);
}

#[test]
fn around_follows_dependencies_as_many_steps_as_asked() {
    let atoms = vec![
        atom("ATOM-001", Status::NotStarted, None, &[]),
        atom("ATOM-002", Status::NotStarted, None, &["ATOM-001"]),
        atom("ATOM-003", Status::NotStarted, None, &["ATOM-002"]),
        atom(
            "ATOM-004",
            Status::NotStarted,
            None,
            &["ATOM-003", "ATOM-404"],
        ),
    ];
    let graph = Graph::build(&atoms, &[]);
    let ids = |steps| {
        graph
            .around(["ATOM-004", "nothing"], steps)
            .into_iter()
            .collect::<Vec<_>>()
    };
    assert_eq!(ids(0), ["ATOM-004"]);
    assert_eq!(ids(2), ["ATOM-002", "ATOM-003", "ATOM-004"]);
    assert_eq!(ids(9).len(), 4);
}

#[test]
fn kept_names_the_nodes_of_a_set_in_node_order_and_every_node_without_one() {
    let atoms = vec![
        atom("ATOM-001", Status::NotStarted, None, &[]),
        atom("ATOM-002", Status::NotStarted, None, &["ATOM-001"]),
        atom("ATOM-003", Status::NotStarted, None, &["ATOM-002"]),
    ];
    let graph = Graph::build(&atoms, &[]);
    let keep: std::collections::BTreeSet<String> = ["ATOM-003", "ATOM-404", "ATOM-001"]
        .into_iter()
        .map(str::to_owned)
        .collect();
    assert_eq!(graph.kept(Some(&keep)), [0, 2], "unknown ids are left out");
    assert_eq!(graph.kept(None), [0, 1, 2]);
    let drawn = super::mermaid(&graph, Some(&keep), &[]);
    assert!(drawn.contains("ATOM_001") || drawn.contains("ATOM-001"));
    assert!(
        !drawn.contains("ATOM-002"),
        "only kept nodes are drawn:\n{drawn}"
    );
    assert!(
        !drawn.contains("-->"),
        "no edge between nodes not both kept:\n{drawn}"
    );
}
