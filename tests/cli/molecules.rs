//! Molecules end to end: roll-up, points, guarded completion.

use crate::support::TestRepo;

#[test]
fn a_molecule_rolls_up_its_atoms_and_guards_completion() {
    let repo = TestRepo::with_teams("");
    repo.coord(&["atoms", "new", "API", "--team", "backend"])
        .ok();
    repo.coord(&["atoms", "new", "UI", "--team", "frontend"])
        .ok();
    let created = repo.coord(&[
        "molecules",
        "new",
        "Upload flow",
        "--lead",
        "backend",
        "--support",
        "frontend",
        "--atoms",
        "ATOM-001",
        "--atoms",
        "ATOM-002",
        "--complexity",
        "complex",
        "--point",
        "API endpoints",
        "--success",
        "Performance",
        "--format",
        "json",
    ]);
    created.ok();
    let m = created.json();
    assert_eq!(m["id"], "MOLECULE-001");
    assert_eq!(m["teams"], serde_json::json!(["backend", "frontend"]));
    assert_eq!(m["complexity"], "COMPLEX");
    assert_eq!(m["integration_points"][0]["status"], "PENDING");

    repo.coord(&[
        "molecules",
        "point",
        "MOLECULE-001",
        "API endpoints",
        "validated",
    ])
    .ok();
    repo.coord(&["molecules", "point", "1", "UI components", "in-progress"])
        .ok();
    repo.coord(&[
        "molecules",
        "point",
        "1",
        "Performance",
        "failed",
        "--success",
    ])
    .ok();
    repo.coord(&["atoms", "start", "ATOM-001"]).ok();
    repo.coord(&["atoms", "done", "ATOM-001"]).ok();
    repo.coord(&["atoms", "start", "ATOM-002"]).ok();
    repo.coord(&["atoms", "block", "ATOM-002", "--reason", "design"])
        .ok();

    let shown = repo
        .coord(&["molecules", "show", "MOLECULE-001", "--format", "json"])
        .json();
    assert_eq!(shown["rollup"]["completed"], 1);
    assert_eq!(shown["rollup"]["total"], 2);
    assert_eq!(shown["rollup"]["blocked"], serde_json::json!(["ATOM-002"]));
    assert_eq!(
        shown["integration_points"],
        serde_json::json!([{"name": "API endpoints", "status": "VALIDATED"}, {"name": "UI components", "status": "IN_PROGRESS"}])
    );
    assert_eq!(shown["success_criteria"][0]["status"], "FAILED");

    let refused = repo.coord(&["molecules", "status", "MOLECULE-001", "COMPLETE"]);
    refused.code(1);
    refused.warns("ATOM-002");
    repo.coord(&["molecules", "status", "MOLECULE-001", "active"])
        .ok();
    // Forcing past unfinished atoms never passes a failed check.
    repo.coord(&["molecules", "status", "MOLECULE-001", "COMPLETE", "--force"])
        .code(1)
        .warns("checks not passed: Performance (FAILED)");
    repo.coord(&[
        "molecules",
        "point",
        "1",
        "Performance",
        "validated",
        "--success",
    ])
    .ok();
    repo.coord(&["molecules", "status", "MOLECULE-001", "COMPLETE", "--force"])
        .ok();
    let text = repo.coord(&["molecules", "show", "MOLECULE-001"]);
    assert!(
        text.stdout.contains("atoms:      1/2 completed"),
        "{}",
        text.stdout
    );
    let list = repo.coord(&["molecules", "list"]);
    assert!(
        list.stdout.contains("MOLECULE-001  COMPLETE"),
        "{}",
        list.stdout
    );

    repo.coord(&["molecules", "new", "X", "--lead", "nobody"])
        .code(2);
    repo.coord(&[
        "molecules",
        "new",
        "X",
        "--lead",
        "backend",
        "--atoms",
        "ATOM-404",
    ])
    .code(2);
    repo.coord(&["molecules", "status", "MOLECULE-001", "DREAMING"])
        .code(2);
    repo.coord(&["molecules", "point", "MOLECULE-001", "x", "MAYBE"])
        .code(2);
}
