//! The whole life of an atom end to end: edits of any field, reopen, cancel, custom fields,
//! dependency notes, dependents, due dates and the agent matrix.

use crate::support::{NOW, TestRepo};

const A1: &str = "VSCodeDev/ATOMIC_TASKS/ATOM-001.md";
const A2: &str = "VSCodeDev/ATOMIC_TASKS/ATOM-002.md";

/// Two backend atoms, the second waiting for the first, committed.
fn planned() -> TestRepo {
    let repo = TestRepo::with_teams("");
    repo.coord(&[
        "atoms",
        "new",
        "Schema",
        "--team",
        "backend",
        "--estimate",
        "4h",
        "--criterion",
        "Migrates",
        "--files",
        "db/*.sql",
    ])
    .ok();
    repo.coord(&[
        "atoms",
        "new",
        "Endpoint",
        "--team",
        "backend",
        "--depends",
        "1:needs the schema",
        "--due",
        "2026-11-25",
    ])
    .ok();
    repo.commit_all("plan", "lead@backend.example.com");
    repo
}

#[test]
fn one_edit_changes_several_fields_and_only_their_lines() {
    let repo = planned();
    let before = repo.read(A1);
    let edited = repo.coord(&[
        "atoms",
        "edit",
        "1",
        "--title",
        "Schema v2",
        "--priority",
        "high",
        "--estimate",
        "1d",
        "--due",
        "2026-12-01",
        "--add-file",
        "db/seed/*.sql",
        "--remove-file",
        "db/*.sql",
        "--criterion",
        "Rolls back",
        "--remove-criterion",
        "1",
        "--format",
        "json",
    ]);
    edited.ok();
    let atom = edited.json();
    assert_eq!(atom["title"], "Schema v2");
    assert_eq!(atom["priority"], "HIGH");
    assert_eq!(atom["estimated"], "1d");
    assert_eq!(atom["due"], "2026-12-01");
    assert_eq!(atom["files"], serde_json::json!(["db/seed/*.sql"]));
    assert_eq!(atom["criteria"][0]["text"], "Rolls back");
    assert_eq!(atom["criteria"].as_array().unwrap().len(), 1);
    // Only the changed fields' lines moved: the rest of the file is as it was.
    let after = repo.read(A1);
    let removed: Vec<&str> = before
        .lines()
        .filter(|l| !after.lines().any(|x| x == *l))
        .collect();
    assert_eq!(
        removed,
        [
            "title: Schema",
            "priority: MEDIUM",
            "estimated: 4h",
            "  - db/*.sql",
            "  - text: Migrates"
        ]
    );
    assert!(after.contains("\ndue: 2026-12-01\n"), "{after}");

    // Clearing an optional value, and a dependency note changed in place.
    repo.coord(&["atoms", "edit", "1", "--due", "none", "--estimate", "none"])
        .ok();
    let shown = repo
        .coord(&["atoms", "show", "1", "--format", "json"])
        .json();
    assert_eq!(shown["due"], serde_json::Value::Null);
    assert_eq!(shown["estimated"], serde_json::Value::Null);
    repo.coord(&[
        "atoms",
        "edit",
        "2",
        "--add-dep",
        "ATOM-001:schema v2 first",
    ])
    .ok();
    assert!(repo.read(A2).contains("  - ATOM-001: schema v2 first\n"));
}

#[test]
fn bad_edits_exit_2_and_change_nothing() {
    let repo = planned();
    let before = (repo.read(A1), repo.read(A2));
    for (args, says) in [
        (vec!["atoms", "edit", "1"], "nothing to change"),
        (
            vec!["atoms", "edit", "1", "--due", "soon"],
            "`soon` is not a date",
        ),
        (
            vec!["atoms", "edit", "1", "--estimate", "long"],
            "not a duration",
        ),
        (
            vec!["atoms", "edit", "1", "--remove-file", "x.rs"],
            "does not list the file",
        ),
        (
            vec!["atoms", "edit", "1", "--remove-dep", "2"],
            "does not depend on ATOM-002",
        ),
        (
            vec!["atoms", "edit", "1", "--remove-criterion", "5"],
            "no criterion 5",
        ),
        (
            vec!["atoms", "edit", "1", "--add-dep", "ATOM-009"],
            "no such atom",
        ),
        (
            vec!["atoms", "edit", "1", "--add-dep", "1"],
            "cannot depend on itself",
        ),
        (
            vec!["atoms", "edit", "1", "--add-dep", "2"],
            "ATOM-001 → ATOM-002 → ATOM-001",
        ),
        (
            vec!["atoms", "edit", "1", "--phase", "two"],
            "not a phase number",
        ),
        (
            vec!["atoms", "edit", "9", "--title", "x"],
            "no atom ATOM-009",
        ),
        (
            vec!["atoms", "reopen", "1", "--reason", "x"],
            "only COMPLETED or CANCELLED",
        ),
        (
            vec!["atoms", "cancel", "1", "--reason", " "],
            "the reason is empty",
        ),
    ] {
        let run = repo.coord(&args);
        // Bad input exits 2; a request the atom's state refuses exits 1.
        let expected = if args[1] == "reopen" { 1 } else { 2 };
        run.code(expected).says(says);
        assert_eq!(
            (repo.read(A1), repo.read(A2)),
            before,
            "{args:?} changed a file"
        );
    }
    // A bad due date in a file is a lint error with its place.
    let text = repo.read(A2).replace("due: 2026-11-25", "due: next week");
    repo.write(A2, &text);
    let lint = repo.coord(&["lint"]);
    lint.code(1);
    lint.says("invalid-due").says(&format!("{A2}:"));
}

#[test]
fn cancel_reopen_and_what_waits_for_a_cancelled_atom() {
    let repo = planned();
    let at = [("COORD_NOW", NOW)];
    repo.coord_env(&["atoms", "cancel", "1", "--reason", "out of scope"], &at)
        .ok()
        .says("ATOM-001 is CANCELLED: out of scope");
    assert!(repo.read(A1).contains("cancelled_reason: out of scope"));
    // ATOM-002 waits for it: lint names the dependency's line.
    let lint = repo.coord(&["lint", "--format", "json"]);
    lint.code(1);
    let findings = lint.json();
    let f = findings
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["code"] == "waits-for-cancelled")
        .expect("a waits-for-cancelled finding");
    assert_eq!(f["path"], A2);
    let line = f["line"].as_u64().unwrap() as usize;
    assert!(
        repo.read(A2)
            .lines()
            .nth(line - 1)
            .unwrap()
            .contains("- ATOM-001")
    );
    // Cancelled work is not started, and nothing new may wait for it.
    repo.coord(&["atoms", "start", "1"])
        .code(1)
        .says("CANCELLED");
    repo.coord(&[
        "atoms",
        "new",
        "More",
        "--team",
        "backend",
        "--depends",
        "1",
    ])
    .code(2)
    .says("CANCELLED and will never finish");
    // Reopened, it is work again; lint is clean.
    repo.coord(&["atoms", "reopen", "1", "--reason", "needed for the API"])
        .ok()
        .says("ATOM-001 is NOT_STARTED again");
    repo.coord(&["lint"]).ok();
    // Finished, then reopened: IN_PROGRESS with the reason, `actual` cleared.
    repo.coord_env(&["atoms", "start", "1", "--assign", "ann"], &at)
        .ok();
    repo.coord(&["atoms", "tick", "1", "1"]).ok();
    repo.coord_env(
        &["atoms", "done", "1"],
        &[("COORD_NOW", "2026-11-20T13:00:00Z")],
    )
    .ok();
    assert!(repo.read(A1).contains("actual: 3h"));
    let reopened = repo
        .coord(&[
            "atoms",
            "reopen",
            "1",
            "--reason",
            "index missing",
            "--format",
            "json",
        ])
        .json();
    assert_eq!(reopened["status"], "IN_PROGRESS");
    assert_eq!(reopened["actual"], serde_json::Value::Null);
    assert_eq!(reopened["reopened_reason"], "index missing");
    assert_eq!(reopened["cancelled_reason"], serde_json::Value::Null);
    // Release gives the work back.
    repo.coord(&["atoms", "release", "1", "--offline"]).ok();
    let shown = repo
        .coord(&["atoms", "show", "1", "--format", "json"])
        .json();
    assert_eq!(shown["status"], "NOT_STARTED");
    assert_eq!(shown["assigned"], serde_json::Value::Null);
}

#[test]
fn custom_fields_are_kept_shown_and_filtered() {
    let repo = planned();
    let text = repo.read(A1).replace(
        "\n```\n",
        "\n\nextra:\n  customer: ACME\n  points: 3\n  labels: [api, db]\n```\n",
    );
    repo.write(A1, &text);
    repo.coord(&["lint"]).ok();
    let shown = repo
        .coord(&["atoms", "show", "1", "--format", "json"])
        .json();
    assert_eq!(
        shown["extra"],
        serde_json::json!({"customer": "ACME", "points": 3, "labels": ["api", "db"]})
    );
    repo.coord(&["atoms", "show", "1"])
        .ok()
        .says("customer: ACME");
    let ids = |args: &[&str]| -> Vec<String> {
        let mut all = vec!["atoms", "list", "--format", "json"];
        all.extend_from_slice(args);
        repo.coord(&all)
            .json()
            .as_array()
            .unwrap()
            .iter()
            .map(|a| a["id"].as_str().unwrap().to_owned())
            .collect()
    };
    assert_eq!(ids(&["--field", "customer=ACME"]), ["ATOM-001"]);
    assert_eq!(
        ids(&["--field", "points=3", "--field", "customer=ACME"]),
        ["ATOM-001"]
    );
    assert!(ids(&["--field", "customer=Other"]).is_empty());
    repo.coord(&["atoms", "list", "--field", "customer"])
        .code(2)
        .says("KEY=VALUE");
    // An edit keeps the custom fields byte for byte; a status change too.
    repo.coord(&["atoms", "edit", "1", "--title", "Schema v2"])
        .ok();
    repo.coord(&["atoms", "start", "1", "--offline"]).ok();
    assert!(
        repo.read(A1)
            .contains("extra:\n  customer: ACME\n  points: 3\n  labels: [api, db]\n")
    );
}

#[test]
fn show_lists_what_it_waits_for_and_who_waits_for_it() {
    let repo = planned();
    let shown = repo
        .coord(&["atoms", "show", "2", "--format", "json"])
        .json();
    assert_eq!(shown["waits_for"][0]["id"], "ATOM-001");
    assert_eq!(shown["waits_for"][0]["status"], "NOT_STARTED");
    assert_eq!(shown["waits_for"][0]["note"], "needs the schema");
    assert_eq!(shown["dependency_notes"]["ATOM-001"], "needs the schema");
    let first = repo
        .coord(&["atoms", "show", "1", "--format", "json"])
        .json();
    assert!(
        first.get("dependents").is_none(),
        "only when asked: {first}"
    );
    let first = repo
        .coord(&["atoms", "show", "1", "--dependents", "--format", "json"])
        .json();
    assert_eq!(first["dependents"][0]["id"], "ATOM-002");
    repo.coord(&["atoms", "show", "1", "--dependents"])
        .ok()
        .says("waited on by:\n    ATOM-002 [NOT_STARTED] Endpoint");
    assert!(
        !repo
            .coord(&["atoms", "show", "1"])
            .ok()
            .stdout
            .contains("waited on by"),
        "dependents are listed only when asked"
    );
    repo.coord(&["atoms", "show", "2"])
        .ok()
        .says("ATOM-001 [NOT_STARTED] Schema (needs the schema)");
}

#[test]
fn show_names_a_dependency_that_no_file_carries() {
    let repo = planned();
    let text = repo.read(A2);
    let edited = text.replacen("dependencies:\n", "dependencies:\n  - ATOM-099\n", 1);
    assert_ne!(text, edited, "the atom lists dependencies:\n{text}");
    repo.write(A2, &edited);
    let shown = repo
        .coord(&["atoms", "show", "2", "--format", "json"])
        .json();
    assert_eq!(shown["waits_for"][0]["id"], "ATOM-099");
    assert_eq!(shown["waits_for"][0]["status"], "MISSING");
    assert_eq!(shown["waits_for"][1]["id"], "ATOM-001");
    assert_eq!(shown["waits_for"][1]["status"], "NOT_STARTED");
}

#[test]
fn due_dates_make_atoms_overdue_and_the_agent_matrix_says_who_holds_what() {
    let repo = planned();
    let at = [("COORD_NOW", NOW)];
    repo.coord_env(
        &[
            "atoms",
            "start",
            "1",
            "--assign",
            "ann@backend.example.com",
            "--offline",
        ],
        &at,
    )
    .ok();
    let overdue = |now: &str| -> Vec<String> {
        let run = repo.coord_env(
            &["atoms", "list", "--overdue", "--format", "json"],
            &[("COORD_NOW", now)],
        );
        run.json()
            .as_array()
            .unwrap()
            .iter()
            .map(|a| a["id"].as_str().unwrap().to_owned())
            .collect()
    };
    assert!(overdue("2026-11-20T12:00:00Z").is_empty());
    // Past the 4h estimate.
    assert_eq!(overdue("2026-11-20T15:00:00Z"), ["ATOM-001"]);
    // Past ATOM-002's due date (the end of 2026-11-25) too.
    assert_eq!(overdue("2026-11-26T00:00:00Z"), ["ATOM-001", "ATOM-002"]);

    let matrix = repo
        .coord_env(
            &["agents", "--format", "json"],
            &[("COORD_NOW", "2026-11-20T15:00:00Z")],
        )
        .json();
    let ann = &matrix[0];
    assert_eq!(ann["who"], "ann@backend.example.com");
    assert_eq!(ann["holding"][0]["id"], "ATOM-001");
    assert_eq!(ann["holding"][0]["started"], NOW);
    assert_eq!(ann["holding"][0]["expected_finish"], "2026-11-20T14:00:00Z");
    assert_eq!(ann["holding"][0]["late"], true);
    assert_eq!(ann["late"], 1);
    repo.coord_env(&["agents"], &at)
        .ok()
        .says("ann@backend.example.com")
        .says("ATOM-001");
    repo.coord(&["agents", "--team", "nope"]).code(2);

    // The dashboards show the due date, the matrix and a cancelled atom, and stay byte-stable.
    repo.coord(&["atoms", "cancel", "2", "--reason", "merged into ATOM-001"])
        .ok();
    let when = [("COORD_NOW", "2026-11-20T15:00:00Z")];
    repo.coord_env(&["dashboard"], &when).ok();
    let team = repo.read("VSCodeDev/REAL_TIME_STATUS.md");
    assert!(team.contains("· 1 cancelled."), "{team}");
    assert!(team.contains("merged into ATOM-001"), "{team}");
    assert!(team.contains("### Who works on what"), "{team}");
    assert!(team.contains("ATOM-001.md) ⏰"), "{team}");
    let joint = repo.read("JOINT_COORDINATION/LIVE_DEPLOYMENT_STATUS.md");
    assert!(
        joint.contains("(0/1 atoms completed, 1 cancelled"),
        "{joint}"
    );
    repo.coord_env(&["dashboard", "--check"], &when).ok();
    repo.coord(&["atoms", "edit", "1", "--due", "2026-11-21"])
        .ok();
    repo.coord_env(&["dashboard"], &when).ok();
    assert!(
        repo.read("VSCodeDev/REAL_TIME_STATUS.md")
            .contains("· due 2026-11-21")
    );
}

#[test]
fn cancelling_releases_the_claim_on_the_shared_remote() {
    let (repo, _origin, clones) = crate::support::team(1, 2, "");
    repo.coord_in(&clones[0], &["atoms", "start", "1", "--assign", "ann"], &[])
        .ok();
    repo.coord_in(
        &clones[0],
        &["atoms", "cancel", "1", "--reason", "dropped"],
        &[],
    )
    .ok()
    .says("ann's claim released");
    let claims = repo
        .coord_in(&clones[1], &["claims", "--format", "json"], &[])
        .json();
    assert_eq!(claims.as_array().map(Vec::len), Some(0), "{claims}");
}
