//! `coord init`, `coord demo`, the schema, and zones.yaml diagnostics.

use crate::support::TestRepo;

#[test]
fn init_creates_the_layout_and_never_overwrites() {
    let repo = TestRepo::new();
    let first = repo.coord(&[
        "init",
        "--team",
        "backend:VSCodeDev:VSCode Team (Backend)",
        "--team",
        "frontend:CursorDev",
    ]);
    first.ok();
    for path in [
        "zones.yaml",
        "VSCodeDev/ATOMIC_TASKS/.gitkeep",
        "VSCodeDev/REAL_TIME_STATUS.md",
        "CursorDev/REAL_TIME_STATUS.md",
        "JOINT_COORDINATION/ATOMIC_CONFLICT_TRACKER.md",
        "JOINT_COORDINATION/MOLECULAR_INTEGRATION.md",
        "JOINT_COORDINATION/LIVE_DEPLOYMENT_STATUS.md",
        "JOINT_COORDINATION/EMERGENCY_COORDINATION.md",
        "JOINT_COORDINATION/MOLECULES/.gitkeep",
        ".coord/zones.schema.json",
        ".gitattributes",
    ] {
        assert!(repo.file(path).exists(), "{path} missing");
        assert!(
            first.stdout.contains(&format!("created  {path}")),
            "{path} not reported:\n{}",
            first.stdout
        );
    }
    assert!(repo.read(".gitattributes").contains("linguist-generated"));
    assert!(
        repo.read("zones.yaml")
            .contains("name: VSCode Team (Backend)")
    );
    repo.write("VSCodeDev/REAL_TIME_STATUS.md", "mine\n");
    let second = repo.coord(&["init"]);
    second.ok();
    assert!(!second.stdout.contains("created"), "{}", second.stdout);
    assert!(second.stdout.contains("kept     zones.yaml"));
    assert_eq!(repo.read("VSCodeDev/REAL_TIME_STATUS.md"), "mine\n");
}

#[test]
fn init_without_teams_writes_a_commented_starter_that_loads() {
    let repo = TestRepo::new();
    repo.coord(&["init"]).ok();
    let text = repo.read("zones.yaml");
    assert!(text.contains("# backend:"), "{text}");
    repo.coord(&["status"]).ok();
}

#[test]
fn a_broken_zones_yaml_stops_init_before_it_writes() {
    let repo = TestRepo::new();
    repo.write(
        "zones.yaml",
        "version: 1\nteams:\n  a: { dir: ../outside }\n",
    );
    let r = repo.coord(&["init"]);
    r.code(2);
    r.warns("zones.yaml:3:");
    assert!(!repo.file("JOINT_COORDINATION").exists());
    assert!(!repo.file(".gitattributes").exists());
}

#[test]
fn bad_team_flags_are_refused() {
    let repo = TestRepo::new();
    repo.coord(&["init", "--team", "backend"]).code(2);
    repo.coord(&["init", "--team", "backend:../x"]).code(2);
    assert!(!repo.file("zones.yaml").exists());
}

#[test]
fn demo_builds_a_repository_every_command_works_on() {
    let repo = TestRepo::new();
    let target = repo.path().join("sample");
    repo.coord(&["demo", target.to_str().unwrap()]).ok();
    let run = |args: &[&str]| repo.coord_in(&target, args, &[]);
    let status = run(&["status", "--format", "json"]);
    status.ok();
    let json = status.json();
    assert_eq!(json["teams"].as_array().unwrap().len(), 3);
    let atoms = run(&["atoms", "list", "--format", "json"]).json();
    assert_eq!(atoms.as_array().unwrap().len(), 12);
    for status in ["NOT_STARTED", "IN_PROGRESS", "BLOCKED", "COMPLETED"] {
        assert!(
            atoms
                .as_array()
                .unwrap()
                .iter()
                .any(|a| a["status"] == status),
            "no {status} atom"
        );
    }
    assert_eq!(
        run(&["molecules", "list", "--format", "json"])
            .json()
            .as_array()
            .unwrap()
            .len(),
        2
    );
    run(&["dashboard", "--check"]).ok();
    run(&["lint"]).ok();
    let log = repo.git_in(&target, &["log", "--oneline"], &[]);
    // Set-up, then one commit per planned update time (history says when each file last
    // changed), then the dashboards.
    let subjects: Vec<&str> = log.stdout.lines().map(|l| &l[8..]).collect();
    assert_eq!(
        subjects.last(),
        Some(&"Set up coord: zones, team folders and dashboards")
    );
    assert_eq!(subjects.first(), Some(&"Regenerate the dashboards"));
    assert!(
        subjects.len() > 3
            && subjects[1..subjects.len() - 1]
                .iter()
                .all(|s| s.starts_with("Update ")),
        "{}",
        log.stdout
    );
    let clean = repo.git_in(&target, &["status", "--porcelain"], &[]);
    assert_eq!(clean.stdout, "", "demo left changes");
    repo.coord(&["demo", target.to_str().unwrap()]).code(2);
}

#[test]
fn the_schema_is_valid_json() {
    let repo = TestRepo::new();
    let r = repo.coord(&["zones", "schema"]);
    r.ok();
    assert_eq!(r.json()["title"], "coord zones.yaml");
}

#[test]
fn invalid_zones_yaml_is_reported_with_file_line_and_column() {
    let repo = TestRepo::new();
    repo.write("zones.yaml", "version: 1\nteams:\n  a: { dir: A }\nexclusive:\n  ghost: [\"x/**\"]\n  a: [\"src/[\"]\nunowned: sometimes\n");
    let r = repo.coord(&["atoms", "list"]);
    r.code(2);
    for needle in [
        "zones.yaml:5:3",
        "zones.yaml:6:",
        "zones.yaml:7:",
        "ghost",
        "sometimes",
        "help:",
    ] {
        assert!(r.stderr.contains(needle), "missing {needle}:\n{}", r.stderr);
    }
}

#[test]
fn completions_cover_every_command() {
    let repo = TestRepo::new();
    let bash = repo.coord(&["completions", "bash"]);
    bash.ok();
    for word in [
        "atoms",
        "molecules",
        "zones",
        "dashboard",
        "escalate",
        "next",
    ] {
        assert!(
            bash.stdout.contains(word),
            "no {word} in the bash completions"
        );
    }
    repo.coord(&["completions", "fish"]).ok();
    repo.coord(&["completions", "tcsh"]).code(2);
}

#[test]
fn a_zones_yaml_diagnostic_reads_well() {
    let repo = TestRepo::new();
    repo.write(
        "zones.yaml",
        "version: 1\nteams:\n  backend: { dir: VSCodeDev }\nexclusive:\n  frontend: [\"web/**\"]\n",
    );
    let r = repo.coord(&["status"]);
    r.code(2);
    insta::assert_snapshot!(r.stderr);
}
