//! Dashboards, indicators, escalations and the graph, on the demo and on small repositories.

use crate::support::TestRepo;

const PAGES: [&str; 10] = [
    "VSCodeDev/REAL_TIME_STATUS.md",
    "CursorDev/REAL_TIME_STATUS.md",
    "MustiDev/REAL_TIME_STATUS.md",
    "JOINT_COORDINATION/ATOMIC_CONFLICT_TRACKER.md",
    "JOINT_COORDINATION/MOLECULAR_INTEGRATION.md",
    "JOINT_COORDINATION/LIVE_DEPLOYMENT_STATUS.md",
    "JOINT_COORDINATION/EMERGENCY_COORDINATION.md",
    "JOINT_COORDINATION/DECISION_LOG.md",
    "JOINT_COORDINATION/RISK_REGISTER.md",
    "JOINT_COORDINATION/KPI.md",
];

fn demo() -> (TestRepo, std::path::PathBuf) {
    let repo = TestRepo::new();
    let dir = repo.path().join("demo");
    repo.coord(&["demo", dir.to_str().unwrap()]).ok();
    (repo, dir)
}

#[test]
fn demo_dashboards_snapshot() {
    let (_repo, dir) = demo();
    for page in PAGES {
        let text = std::fs::read_to_string(dir.join(page)).unwrap();
        insta::assert_snapshot!(page.replace('/', "__"), text);
    }
}

#[test]
fn regenerating_is_byte_identical_and_check_catches_hand_edits_inside_only() {
    let (repo, dir) = demo();
    let before: Vec<String> = PAGES
        .iter()
        .map(|p| std::fs::read_to_string(dir.join(p)).unwrap())
        .collect();
    let r = repo.coord_in(&dir, &["dashboard"], &[]);
    r.ok();
    assert!(
        r.stdout.contains("0 of 10 dashboards changed"),
        "{}",
        r.stdout
    );
    let after: Vec<String> = PAGES
        .iter()
        .map(|p| std::fs::read_to_string(dir.join(p)).unwrap())
        .collect();
    assert_eq!(before, after);
    repo.coord_in(&dir, &["dashboard", "--check"], &[]).ok();

    let page = dir.join(PAGES[4]);
    let text = std::fs::read_to_string(&page).unwrap();
    std::fs::write(
        &page,
        text.replace(
            "# Molecular Integration\n",
            "# Molecular Integration\n\nTeam notes above the region.\n",
        ) + "\nAnd below it.\n",
    )
    .unwrap();
    repo.coord_in(&dir, &["dashboard", "--check"], &[]).ok();
    let kept = std::fs::read_to_string(&page).unwrap();
    repo.coord_in(&dir, &["dashboard"], &[]).ok();
    assert_eq!(
        std::fs::read_to_string(&page).unwrap(),
        kept,
        "notes outside the region survive regeneration"
    );

    std::fs::write(
        &page,
        kept.replace("File upload flow", "File upload flow (done!)"),
    )
    .unwrap();
    let stale = repo.coord_in(&dir, &["dashboard", "--check"], &[]);
    stale.code(1);
    assert!(
        stale.stdout.contains(
            "error[stale-dashboard]: JOINT_COORDINATION/MOLECULAR_INTEGRATION.md is stale"
        ),
        "{}",
        stale.stdout
    );
    let json = repo
        .coord_in(&dir, &["dashboard", "--check", "--format", "json"], &[])
        .json();
    let stale: Vec<(&str, &str)> = json
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["code"].as_str().unwrap(), f["path"].as_str().unwrap()))
        .collect();
    assert_eq!(
        stale,
        [(
            "stale-dashboard",
            "JOINT_COORDINATION/MOLECULAR_INTEGRATION.md"
        )]
    );
    repo.coord_in(&dir, &["dashboard"], &[]).ok();
    assert_eq!(std::fs::read_to_string(&page).unwrap(), kept);
}

#[test]
fn a_status_change_shows_up_after_regeneration() {
    let (repo, dir) = demo();
    repo.coord_in(&dir, &["atoms", "unblock", "ATOM-004"], &[])
        .ok();
    repo.coord_in(&dir, &["dashboard", "--check"], &[]).code(1);
    let r = repo.coord_in(&dir, &["dashboard"], &[]);
    assert!(
        r.stdout.contains("updated VSCodeDev/REAL_TIME_STATUS.md"),
        "{}",
        r.stdout
    );
    let team = std::fs::read_to_string(dir.join(PAGES[0])).unwrap();
    assert!(!team.contains("| BLOCKED | 1 |"), "{team}");
}

#[test]
fn indicators_follow_the_documented_rules() {
    let repo = TestRepo::with_teams("");
    let team = |name: &str| repo.read(&format!("{name}/REAL_TIME_STATUS.md"));
    repo.coord(&["dashboard"]).ok();
    assert!(team("VSCodeDev").contains("## ⚫"), "no atoms: offline");
    repo.coord(&["atoms", "new", "A", "--team", "backend", "--estimate", "1h"])
        .ok();
    repo.coord(&["dashboard"]).ok();
    assert!(team("VSCodeDev").contains("## 🟢"));
    repo.coord(&["atoms", "start", "ATOM-001"]).ok();
    // When a team last did something is when its files last changed in a commit.
    repo.git_run(&["add", "-A"], &[]).ok();
    repo.git_run(
        &["commit", "-qm", "Start ATOM-001"],
        &[("GIT_AUTHOR_DATE", "2026-11-20T10:00:00Z")],
    )
    .ok();
    repo.coord_env(&["dashboard", "--now", "2026-11-20T12:00:00Z"], &[])
        .ok();
    assert!(
        team("VSCodeDev").contains("## 🟡"),
        "past its estimate:\n{}",
        team("VSCodeDev")
    );
    assert!(team("VSCodeDev").contains("Judged as of 2026-11-20T12:00:00Z"));
    repo.coord_env(&["dashboard", "--now", "2026-11-28T12:00:00Z"], &[])
        .ok();
    assert!(
        team("VSCodeDev").contains("## ⚫"),
        "not updated for 7 days"
    );
    repo.coord(&[
        "atoms",
        "new",
        "B",
        "--team",
        "backend",
        "--priority",
        "critical",
    ])
    .ok();
    repo.coord(&["atoms", "block", "ATOM-002", "--reason", "x"])
        .ok();
    repo.coord(&["dashboard"]).ok();
    assert!(team("VSCodeDev").contains("## 🔴"));
    let emergency = repo.read("JOINT_COORDINATION/EMERGENCY_COORDINATION.md");
    assert!(
        emergency.contains(
            "[ATOM-002](../VSCodeDev/ATOMIC_TASKS/ATOM-002.md) B | backend | CRITICAL | x |"
        ),
        "{emergency}"
    );
}

#[test]
fn escalations_are_recorded_and_judged_against_response_times() {
    let repo = TestRepo::with_teams("");
    let zones = repo.read("zones.yaml").replace(
        "    dir: CursorDev\n",
        "    dir: CursorDev\n    lead: fay@frontend.example.com\n",
    );
    repo.write("zones.yaml", &zones);
    repo.coord(&["atoms", "new", "A", "--team", "frontend"])
        .ok();
    repo.commit_all("plan", "lead@frontend.example.com");
    // Another team escalates frontend's atom: a record of its own, the atom file untouched.
    let atom_before = repo.read("CursorDev/ATOMIC_TASKS/ATOM-001.md");
    let raised = repo.coord(&[
        "escalate",
        "ATOM-001",
        "--level",
        "1",
        "--reason",
        "API contract unclear",
        "--by",
        "bo@backend.example.com",
    ]);
    raised
        .ok()
        .says("ESC-001 raised at level 1")
        .says("involving fay@frontend.example.com");
    assert_eq!(repo.read("CursorDev/ATOMIC_TASKS/ATOM-001.md"), atom_before);
    let esc = "JOINT_COORDINATION/ESCALATIONS/ESC-001.md";
    assert!(repo.read(esc).contains("raised_by: bo@backend.example.com"));
    // The zone check lets the backend commit it: the folder is joint to every team.
    repo.git(&["add", "-A"]);
    let check = repo.coord_env(
        &["zones", "check", "--staged"],
        &[("GIT_AUTHOR_EMAIL", "bo@backend.example.com")],
    );
    check.ok();

    repo.coord(&["dashboard", "--now", "2026-11-20T10:10:00Z"])
        .ok();
    let page = repo.read("JOINT_COORDINATION/EMERGENCY_COORDINATION.md");
    assert!(page.contains("| 1 | [ESC-001](ESCALATIONS/ESC-001.md) [ATOM-001](../CursorDev/ATOMIC_TASKS/ATOM-001.md) | 2026-11-20T10:00:00Z by bo@backend.example.com | API contract unclear | within response time | fay@frontend.example.com |"), "{page}");
    // 15m unanswered: level 2; 45m: level 3; the team turns red.
    let listed = repo
        .coord_env(
            &["escalations", "list", "--format", "json"],
            &[("COORD_NOW", "2026-11-20T10:50:00Z")],
        )
        .json();
    assert_eq!(listed[0]["effective_level"], 3);
    assert_eq!(listed[0]["late"], true);
    repo.coord(&["dashboard", "--now", "2026-11-20T11:00:00Z"])
        .ok();
    let page = repo.read("JOINT_COORDINATION/EMERGENCY_COORDINATION.md");
    assert!(page.contains("| 3 (raised at 1) |"), "{page}");
    assert!(page.contains("⏰ response time passed"), "{page}");
    assert!(
        repo.read("CursorDev/REAL_TIME_STATUS.md").contains("## 🔴"),
        "a late escalation is critical"
    );
    // Acknowledged, it stops rising and is no longer late.
    repo.coord_env(
        &["escalations", "ack", "1", "--by", "fay"],
        &[("COORD_NOW", "2026-11-20T10:20:00Z")],
    )
    .ok();
    let listed = repo
        .coord_env(
            &["escalations", "list", "--format", "json"],
            &[("COORD_NOW", "2026-11-20T12:00:00Z")],
        )
        .json();
    assert_eq!(listed[0]["effective_level"], 2);
    assert_eq!(listed[0]["late"], false);
    repo.coord(&["escalations", "ack", "1"])
        .code(1)
        .says("was acknowledged at 2026-11-20T10:20:00Z");
    repo.coord(&["escalate", "ATOM-001", "--level", "9", "--reason", "x"])
        .code(2);
    repo.coord(&["escalations", "resolve", "1", "--resolution", " "])
        .code(2);
    repo.coord(&[
        "escalations",
        "resolve",
        "1",
        "--resolution",
        "contract agreed",
    ])
    .ok();
    repo.coord(&["escalate", "ATOM-001", "--resolve"]).code(1);
    repo.coord(&["dashboard"]).ok();
    assert!(
        repo.read("JOINT_COORDINATION/EMERGENCY_COORDINATION.md")
            .contains("_No open escalations._")
    );
    repo.coord(&["escalations", "list", "--open", "--format", "json"])
        .ok()
        .says("[]");
}

#[test]
fn escalations_inside_older_files_are_read_and_migrated_in_one_step() {
    let repo = TestRepo::with_teams("");
    repo.coord(&["molecules", "new", "M", "--lead", "frontend"])
        .ok();
    repo.coord(&["atoms", "new", "A", "--team", "frontend"])
        .ok();
    let atom = "CursorDev/ATOMIC_TASKS/ATOM-001.md";
    let text = repo.read(atom).replace(
        "escalations: []",
        "escalations:\n  - level: 2\n    reason: old one\n    raised: 2026-11-20T09:00:00Z\n    resolved: null\n  - level: 1\n    reason: done one\n    raised: 2026-11-19T09:00:00Z\n    resolved: 2026-11-19T10:00:00Z",
    );
    repo.write(atom, &text);
    let before = repo
        .coord(&["escalations", "list", "--open", "--format", "json"])
        .json();
    assert_eq!(before[0]["id"], "ATOM-001#1");
    repo.coord(&["escalations", "migrate"])
        .ok()
        .says("Migrated 2 escalations: ESC-001, ESC-002");
    assert!(repo.read(atom).contains("escalations: []"));
    let after = repo
        .coord(&["escalations", "list", "--format", "json"])
        .json();
    let ids: Vec<&str> = after
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids.len(), 2);
    assert!(ids.iter().all(|i| i.starts_with("ESC-")), "{ids:?}");
    let resolved = after
        .as_array()
        .unwrap()
        .iter()
        .find(|v| v["reason"] == "done one")
        .unwrap();
    assert_eq!(resolved["resolved"], "2026-11-19T10:00:00Z");
    repo.coord(&["lint"]).ok();
    repo.coord(&["escalations", "migrate"])
        .ok()
        .says("nothing to migrate");
    repo.coord(&[
        "escalate",
        "MOLECULE-001",
        "--level",
        "4",
        "--reason",
        "go/no-go",
    ])
    .ok();
}

#[test]
fn graph_reports_cycles_dangling_and_the_critical_path() {
    let repo = TestRepo::with_teams("");
    repo.coord(&[
        "atoms",
        "new",
        "Base",
        "--team",
        "backend",
        "--estimate",
        "2h",
    ])
    .ok();
    repo.coord(&[
        "atoms",
        "new",
        "Mid",
        "--team",
        "frontend",
        "--estimate",
        "1d",
        "--depends",
        "ATOM-001",
    ])
    .ok();
    repo.coord(&[
        "atoms",
        "new",
        "Top",
        "--team",
        "devops",
        "--depends",
        "ATOM-002",
    ])
    .ok();
    repo.coord(&[
        "atoms",
        "new",
        "Side",
        "--team",
        "devops",
        "--estimate",
        "3h",
    ])
    .ok();
    let crit = repo
        .coord(&["graph", "--critical", "--format", "json"])
        .json();
    assert_eq!(
        crit["path"],
        serde_json::json!(["ATOM-001", "ATOM-002", "ATOM-003"])
    );
    assert_eq!(crit["minutes"], 2 * 60 + 24 * 60 + 60);
    let mermaid = repo.coord(&["graph", "--format", "mermaid"]);
    mermaid.ok();
    assert!(mermaid.stdout.starts_with("flowchart LR\n"));
    assert!(mermaid.stdout.contains("ATOM_001 --> ATOM_002"));
    assert!(mermaid.stdout.contains("class ATOM_002 critical"));
    let dot = repo.coord(&["graph", "--format", "dot", "--team", "frontend"]);
    assert!(
        dot.stdout.contains("\"ATOM-001\" -> \"ATOM-002\""),
        "{}",
        dot.stdout
    );
    assert!(
        !dot.stdout.contains("ATOM-004"),
        "other teams' unrelated nodes are left out"
    );
    let text = repo.read("VSCodeDev/ATOMIC_TASKS/ATOM-001.md").replace(
        "dependencies: []",
        "dependencies:\n  - ATOM-003\n  - ATOM-404",
    );
    repo.write("VSCodeDev/ATOMIC_TASKS/ATOM-001.md", &text);
    let g = repo.coord(&["graph", "--format", "json"]);
    g.code(1);
    assert_eq!(
        g.json()["cycles"],
        serde_json::json!([["ATOM-001", "ATOM-003", "ATOM-002"]])
    );
    assert_eq!(
        g.json()["dangling"],
        serde_json::json!([{"from": "ATOM-001", "to": "ATOM-404"}])
    );
    assert!(
        g.stderr
            .contains("cycle: ATOM-001 → ATOM-003 → ATOM-002 → ATOM-001"),
        "{}",
        g.stderr
    );
    repo.coord(&["graph", "--format", "github"]).code(2);
}

#[test]
fn dashboard_links_point_at_the_files() {
    let (_repo, dir) = demo();
    for page in PAGES {
        let text = std::fs::read_to_string(dir.join(page)).unwrap();
        let folder = dir.join(page).parent().unwrap().to_path_buf();
        for part in text.split("](").skip(1) {
            let target = part.split(')').next().unwrap().split('#').next().unwrap();
            if target.ends_with(".md") {
                assert!(
                    folder.join(target).exists(),
                    "{page} links to missing {target}"
                );
            }
        }
    }
}

#[test]
fn a_status_change_rewrites_only_the_pages_it_concerns() {
    let repo = TestRepo::with_teams("");
    let files_time = [("COORD_NOW", "")];
    repo.coord_env(
        &["atoms", "new", "A", "--team", "backend"],
        &[("COORD_NOW", "2026-11-20T10:00:00Z")],
    )
    .ok();
    repo.coord_env(
        &["atoms", "new", "B", "--team", "frontend"],
        &[("COORD_NOW", "2026-11-20T10:00:00Z")],
    )
    .ok();
    repo.git_run(&["add", "-A"], &[]).ok();
    repo.git_run(
        &["commit", "-qm", "Plan"],
        &[("GIT_AUTHOR_DATE", "2026-11-20T10:00:00Z")],
    )
    .ok();
    repo.coord_env(&["dashboard"], &files_time).ok();
    let frontend = repo.read("CursorDev/REAL_TIME_STATUS.md");
    // No page carries a time that moves with every status commit: only the rule.
    let deployment = repo.read("JOINT_COORDINATION/LIVE_DEPLOYMENT_STATUS.md");
    for page in [&frontend, &deployment] {
        assert!(
            page.contains("Judged as of the last commit that changed a status file."),
            "{page}"
        );
        assert!(!page.contains("2026-11-20T10:00:00Z"), "{page}");
    }
    repo.coord_env(
        &["atoms", "assign", "ATOM-001", "alice"],
        &[("COORD_NOW", "2026-11-20T11:00:00Z")],
    )
    .ok();
    repo.git_run(
        &["commit", "-qam", "Assign"],
        &[("GIT_AUTHOR_DATE", "2026-11-20T11:00:00Z")],
    )
    .ok();
    let r = repo.coord_env(&["dashboard"], &files_time);
    assert!(
        r.stdout.contains("updated VSCodeDev/REAL_TIME_STATUS.md"),
        "{}",
        r.stdout
    );
    assert!(
        !r.stdout.contains("CursorDev"),
        "the frontend page did not change: {}",
        r.stdout
    );
    assert_eq!(repo.read("CursorDev/REAL_TIME_STATUS.md"), frontend);
    assert!(
        !r.stdout.contains("LIVE_DEPLOYMENT_STATUS"),
        "an assignment moves no number of the deployment page: {}",
        r.stdout
    );
    // A time given is printed.
    repo.coord_env(&["dashboard", "--now", "2026-11-21T09:00:00Z"], &files_time)
        .ok();
    assert!(
        repo.read("JOINT_COORDINATION/LIVE_DEPLOYMENT_STATUS.md")
            .contains("Judged as of 2026-11-21T09:00:00Z (given with --now or COORD_NOW).")
    );
}

#[test]
fn the_conflict_tracker_lists_the_most_severe_and_counts_the_rest() {
    let repo = TestRepo::with_teams("");
    // Twelve atoms in progress on the same files: 66 overlapping pairs.
    for i in 1..=12 {
        repo.coord(&[
            "atoms",
            "new",
            &format!("Task {i}"),
            "--team",
            "backend",
            "--files",
            "server/api.rs",
        ])
        .ok();
        repo.coord(&["atoms", "start", &format!("ATOM-{i:03}"), "--assign", "dev"])
            .ok();
    }
    repo.coord(&["dashboard"]).ok();
    let page = repo.read("JOINT_COORDINATION/ATOMIC_CONFLICT_TRACKER.md");
    assert!(page.contains("## Conflicts (66)"), "{page}");
    assert!(
        page.contains("66 `overlapping-files`; the 50 most severe below, all with `coord conflicts --no-all-branches`."),
        "{page}"
    );
    let rows = page
        .lines()
        .filter(|l| l.starts_with("| overlapping-files |"))
        .count();
    assert_eq!(rows, 50);
    let all = repo.coord(&["conflicts", "--no-all-branches", "--format", "json"]);
    assert_eq!(all.json().as_array().unwrap().len(), 66);
}
