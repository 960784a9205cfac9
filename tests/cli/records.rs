//! The records coordinators keep, end to end: decisions, risks, phases and their gates.

use crate::support::{NOW, TestRepo};

const PHASES: &str = "phases:\n  - id: 1\n    name: Foundation\n    start: 2026-11-01\n    end: 2026-11-30\n    objective: Uploads work end to end\n    gate: [Security review signed]\n  - { id: 2, name: Staging }\n";

fn repo() -> TestRepo {
    let repo = TestRepo::with_teams(PHASES);
    repo.coord(&[
        "atoms", "new", "Schema", "--team", "backend", "--phase", "1",
    ])
    .ok();
    repo.coord(&["atoms", "new", "Form", "--team", "frontend", "--phase", "1"])
        .ok();
    repo.commit_all("plan", "lead@backend.example.com");
    repo
}

#[test]
fn a_decision_is_proposed_accepted_superseded_and_logged() {
    let repo = repo();
    let at = [("COORD_NOW", NOW)];
    let made = repo.coord_env(
        &[
            "decisions",
            "new",
            "Storage for uploads",
            "--context",
            "Uploads need a home",
            "--option",
            "S3",
            "--option",
            "Local disk",
            "--decider",
            "backend",
            "--link",
            "ATOM-001",
            "--format",
            "json",
        ],
        &at,
    );
    made.ok();
    let d = made.json();
    assert_eq!(d["id"], "DEC-001");
    assert_eq!(d["status"], "PROPOSED");
    assert_eq!(d["date"], "2026-11-20");
    let path = "JOINT_COORDINATION/DECISIONS/DEC-001.md";
    assert!(
        repo.read(path)
            .starts_with("# DEC-001: Storage for uploads\n")
    );
    let accepted = repo
        .coord_env(
            &[
                "decisions",
                "accept",
                "1",
                "--option",
                "2",
                "--consequences",
                "ops keeps disks",
                "--format",
                "json",
            ],
            &at,
        )
        .json();
    assert_eq!(accepted["status"], "ACCEPTED");
    assert_eq!(accepted["decision"], "Local disk");
    // A second accept is refused; a bad option is bad input; nothing changes.
    let before = repo.read(path);
    repo.coord(&["decisions", "accept", "1", "--option", "1"])
        .code(1)
        .says("already ACCEPTED");
    repo.coord(&["decisions", "new", "Next", "--link", "ATOM-404"])
        .code(2)
        .says("no such record");
    assert_eq!(repo.read(path), before);

    repo.coord_env(
        &["decisions", "new", "Storage, again", "--option", "S3"],
        &at,
    )
    .ok();
    repo.coord_env(&["decisions", "supersede", "1", "--by", "2"], &at)
        .ok()
        .says("DEC-001 is SUPERSEDED by DEC-002");
    let listed = repo
        .coord(&["decisions", "list", "--format", "json"])
        .json();
    let ids: Vec<&str> = listed
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["DEC-002", "DEC-001"], "newest first");
    repo.coord(&["decisions", "list", "--status", "superseded"])
        .ok()
        .says("DEC-001");
    repo.coord(&["decisions", "show", "1"])
        .ok()
        .says("superseded by DEC-002")
        .says("2. Local disk");

    repo.coord_env(&["dashboard"], &at).ok();
    let log = repo.read("JOINT_COORDINATION/DECISION_LOG.md");
    assert!(
        log.contains("| SUPERSEDED | 2026-11-20 | superseded by DEC-002 | ATOM-001 |"),
        "{log}"
    );
    repo.coord_env(&["dashboard", "--check"], &at).ok();

    // A link that stops existing is a lint error at its line.
    let text = repo.read(path).replace("- ATOM-001", "- ATOM-009");
    repo.write(path, &text);
    let lint = repo.coord(&["lint"]);
    lint.code(1).says("dangling-link").says(&format!("{path}:"));
}

#[test]
fn risks_are_registered_updated_and_turn_their_team_red() {
    let repo = repo();
    let at = [("COORD_NOW", NOW)];
    let r = repo
        .coord(&[
            "risks",
            "new",
            "Sandbox down",
            "--probability",
            "high",
            "--impact",
            "critical",
            "--owner",
            "backend",
            "--mitigation",
            "Mock server",
            "--atom",
            "1",
            "--format",
            "json",
        ])
        .json();
    assert_eq!(r["id"], "RISK-001");
    assert_eq!(r["atoms"], serde_json::json!(["ATOM-001"]));
    repo.coord(&[
        "risks",
        "new",
        "Late design",
        "--probability",
        "low",
        "--impact",
        "medium",
        "--owner",
        "frontend",
    ])
    .ok();
    let open = repo
        .coord(&["risks", "list", "--open", "--format", "json"])
        .json();
    assert_eq!(open[0]["id"], "RISK-001", "the most severe first");
    repo.coord_env(&["dashboard"], &at).ok();
    let team = repo.read("VSCodeDev/REAL_TIME_STATUS.md");
    assert!(team.starts_with("# ") && team.contains("## 🔴"), "{team}");
    let register = repo.read("JOINT_COORDINATION/RISK_REGISTER.md");
    assert!(register.contains("| HIGH | 0 | 0 | 0 | 1 |"), "{register}");
    assert!(register.contains("**2 open** of 2 risks"), "{register}");

    repo.coord(&[
        "risks",
        "update",
        "1",
        "--status",
        "mitigating",
        "--trigger",
        "502s",
    ])
    .ok();
    assert!(
        repo.read("JOINT_COORDINATION/RISKS/RISK-001.md")
            .contains("status: MITIGATING")
    );
    repo.coord(&["risks", "close", "1"]).ok();
    repo.coord(&["risks", "close", "1"])
        .code(1)
        .says("already CLOSED");
    repo.coord(&["risks", "occurred", "2"]).ok();
    repo.coord_env(&["dashboard"], &at).ok();
    assert!(!repo.read("VSCodeDev/REAL_TIME_STATUS.md").contains("## 🔴"));
    // Bad input names what is allowed and changes nothing.
    repo.coord(&[
        "risks",
        "new",
        "X",
        "--probability",
        "maybe",
        "--impact",
        "low",
        "--owner",
        "backend",
    ])
    .code(2)
    .says("LOW, MEDIUM, HIGH");
    repo.coord(&[
        "risks",
        "new",
        "X",
        "--probability",
        "low",
        "--impact",
        "low",
        "--owner",
        "nobody",
    ])
    .code(2);
    assert!(!repo.file("JOINT_COORDINATION/RISKS/RISK-003.md").exists());
    let text = repo
        .read("JOINT_COORDINATION/RISKS/RISK-002.md")
        .replace("impact: MEDIUM", "impact: HUGE");
    repo.write("JOINT_COORDINATION/RISKS/RISK-002.md", &text);
    repo.coord(&["lint"])
        .code(1)
        .says("invalid-risk-field")
        .says("RISK-002.md:");
}

#[test]
fn a_phase_gate_is_no_go_until_its_work_is_done_and_can_be_recorded() {
    let repo = repo();
    let at = [("COORD_NOW", NOW)];
    let status = repo
        .coord_env(&["phase", "status", "1", "--format", "json"], &at)
        .json();
    assert_eq!(status[0]["days_left"], 10);
    assert_eq!(
        status[0]["gate"],
        serde_json::json!(["Security review signed"])
    );
    repo.coord_env(&["phase", "status"], &at)
        .ok()
        .says("Phase 1: Foundation (2026-11-01 → 2026-11-30, 10 days left)");

    let gate = repo.coord(&["phase", "gate", "1"]);
    gate.code(1)
        .says("NO-GO")
        .says("✗ every atom finished: ATOM-001 (NOT_STARTED), ATOM-002 (NOT_STARTED)");
    gate.says("? Security review signed (for people to confirm)");

    for id in ["1", "2"] {
        repo.coord_env(&["atoms", "start", id, "--assign", "ann", "--offline"], &at)
            .ok();
        repo.coord_env(&["atoms", "done", id], &at).ok();
    }
    let go = repo.coord_env(&["phase", "gate", "1", "--record", "--format", "json"], &at);
    go.ok();
    let out = go.json();
    assert_eq!(out["gate"]["go"], true);
    assert_eq!(out["recorded"], "DEC-001");
    let dec = repo
        .coord(&["decisions", "show", "1", "--format", "json"])
        .json();
    assert_eq!(dec["status"], "ACCEPTED");
    assert_eq!(dec["decision"], "GO");
    assert!(
        dec["context"]
            .as_str()
            .unwrap()
            .contains("pass: every atom finished")
    );
    repo.coord(&["phase", "gate", "7"])
        .code(2)
        .says("no phase 7");

    repo.coord_env(&["dashboard"], &at).ok();
    let page = repo.read("JOINT_COORDINATION/LIVE_DEPLOYMENT_STATUS.md");
    assert!(
        page.contains(
            "2026-11-01 → 2026-11-30 · Uploads work end to end · gate: **GO** (5 of 5 checks pass"
        ),
        "{page}"
    );
    assert!(page.contains("- [ ] Security review signed"), "{page}");
}

#[test]
fn a_molecule_is_not_complete_while_a_check_is_pending_or_failed() {
    let repo = repo();
    repo.coord(&[
        "molecules",
        "new",
        "Upload flow",
        "--lead",
        "backend",
        "--support",
        "frontend",
        "--point",
        "API",
    ])
    .ok();
    repo.coord(&["molecules", "status", "1", "complete", "--force"])
        .code(1)
        .says("checks not passed: API (PENDING)");
    repo.coord(&["molecules", "point", "1", "API", "validated"])
        .ok();
    repo.coord(&["molecules", "status", "1", "complete", "--force"])
        .ok();
}

#[test]
fn bad_phase_dates_point_at_their_line() {
    let repo = TestRepo::with_teams("");
    let zones = repo.read("zones.yaml");
    repo.write(
        "zones.yaml",
        &format!(
            "{zones}phases:\n  - {{ id: 1, name: A, start: 2026-12-01, end: 2026-11-01 }}\n  - {{ id: 2, name: B, end: soon }}\n"
        ),
    );
    let run = repo.coord(&["phase", "status"]);
    run.code(2)
        .says("phase 1 ends before it starts")
        .says("`soon` is not a date")
        .says("zones.yaml:");
}

#[test]
fn record_ids_are_reserved_on_the_shared_remote() {
    let (repo, _origin, clones) = crate::support::team(0, 2, "");
    let id = |dir: &std::path::Path, args: &[&str]| -> String {
        let run = repo.coord_in(dir, args, &[]);
        run.ok();
        run.json()["id"].as_str().unwrap().to_owned()
    };
    let new_dec = ["decisions", "new", "D", "--format", "json"];
    let new_risk = [
        "risks",
        "new",
        "R",
        "--probability",
        "low",
        "--impact",
        "low",
        "--owner",
        "backend",
        "--format",
        "json",
    ];
    // Neither clone has the other's file: the remote's reservations keep the ids apart.
    assert_eq!(id(&clones[0], &new_dec), "DEC-001");
    assert_eq!(id(&clones[1], &new_dec), "DEC-002");
    assert_eq!(id(&clones[1], &new_risk), "RISK-001");
    assert_eq!(id(&clones[0], &new_risk), "RISK-002");
}
