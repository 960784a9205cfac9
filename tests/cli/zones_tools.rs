//! `coord zones who`, `zones check PATH…` and `zones lint`.

use crate::support::TestRepo;
use crate::zones_check::{ZONES, zoned};

#[test]
fn who_names_the_owning_zone_of_each_path() {
    let repo = zoned("");
    let r = repo.coord(&[
        "zones",
        "who",
        "web/app.js",
        "./server/x.rs",
        "config/settings.yaml",
        "vendor/lib.txt",
        "api/a",
        "README.md",
        "VSCodeDev/ATOMIC_TASKS/ATOM-001.md",
        "JOINT_COORDINATION/MOLECULES/MOLECULE-001.md",
        "CursorDev/REAL_TIME_STATUS.md",
    ]);
    r.ok();
    let lines: Vec<&str> = r.stdout.lines().collect();
    assert_eq!(
        lines[0],
        "web/app.js: exclusive to frontend (`web/**`): frontend"
    );
    assert_eq!(
        lines[1],
        "server/x.rs: exclusive to backend (`server/**`): backend"
    );
    assert!(lines[2].starts_with(
        "config/settings.yaml: shared file (backend_config: backend, frontend_config: frontend)"
    ));
    assert!(lines[3].starts_with("vendor/lib.txt: read-only"));
    assert_eq!(lines[4], "api/a: joint zone api: backend, frontend");
    assert!(lines[5].starts_with("README.md: unowned"));
    assert_eq!(
        lines[6],
        "VSCodeDev/ATOMIC_TASKS/ATOM-001.md: exclusive to backend (`VSCodeDev`): backend"
    );
    assert_eq!(
        lines[7],
        "JOINT_COORDINATION/MOLECULES/MOLECULE-001.md: joint zone JOINT_COORDINATION: backend, devops, frontend"
    );
    assert!(lines[8].starts_with("CursorDev/REAL_TIME_STATUS.md: generated dashboard"));
    let all = repo
        .coord(&["zones", "who", "--all", "--format", "json"])
        .json();
    let rows = all.as_array().unwrap();
    assert!(rows.iter().any(|r| r["path"] == "web/app.js"
        && r["kind"] == "exclusive"
        && r["owners"] == serde_json::json!(["frontend"])));
    repo.coord(&["zones", "who"]).code(2);
}

#[test]
fn check_paths_answers_may_i_touch_this_without_git() {
    let repo = zoned("");
    repo.coord(&[
        "zones",
        "check",
        "--team",
        "backend",
        "server/new.rs",
        "api/x",
    ])
    .ok();
    let r = repo.coord(&[
        "zones",
        "check",
        "--team",
        "backend",
        "web/app.js",
        "vendor/lib.txt",
    ]);
    r.code(1);
    assert!(
        r.stdout.contains("zone-exclusive") && r.stdout.contains("zone-readonly"),
        "{}",
        r.stdout
    );
    repo.coord(&["zones", "check", "--team", "devops", "config/settings.yaml"])
        .code(1);
    repo.coord(&[
        "zones",
        "check",
        "--team",
        "frontend",
        "config/settings.yaml",
    ])
    .ok();
    let outside = tempfile::tempdir().unwrap();
    std::fs::copy(repo.file("zones.yaml"), outside.path().join("zones.yaml")).unwrap();
    let r = repo.coord_in(
        outside.path(),
        &["zones", "check", "--team", "backend", "web/app.js"],
        &[],
    );
    r.code(1);
    repo.coord(&["zones", "check"]).code(2);
}

#[test]
fn zones_lint_reports_dead_overlapping_and_unowned_rules() {
    let repo = TestRepo::with_teams(
        "exclusive:\n  backend: [\"server/**\", \"gone/*.rs\", \"server/**\"]\n  frontend: [\"server/ui/**\"]\nreadonly: [\"vendor/**\"]\njoint:\n  j: { paths: [\"vendor/x/**\"], owners: [backend] }\n",
    );
    repo.write("server/main.rs", "x\n");
    repo.write("server/ui/a.js", "x\n");
    repo.write("vendor/x/y.txt", "x\n");
    repo.write("loose.txt", "x\n");
    repo.git(&["add", "-A"]);
    let r = repo.coord(&["zones", "lint", "--format", "json"]);
    r.code(1);
    let codes: Vec<String> = r
        .json()
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            format!(
                "{} {}",
                f["code"].as_str().unwrap(),
                f["message"].as_str().unwrap()
            )
        })
        .collect();
    let has = |c: &str, m: &str| codes.iter().any(|x| x.starts_with(c) && x.contains(m));
    assert!(has("pattern-matches-nothing", "gone/*.rs"), "{codes:#?}");
    assert!(has("duplicate-pattern", "server/**"), "{codes:#?}");
    assert!(has("claimed-twice", "server/ui/a.js"), "{codes:#?}");
    assert!(has("shadowed-pattern", "vendor/x/**"), "{codes:#?}");
    assert!(has("unowned-files", "loose.txt"), "{codes:#?}");
    let line = r
        .json()
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["code"] == "pattern-matches-nothing")
        .unwrap()["line"]
        .as_u64()
        .unwrap();
    assert_eq!(line, 13);
    let clean = TestRepo::with_teams(ZONES);
    let _ = clean;
}
