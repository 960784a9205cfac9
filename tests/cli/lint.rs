//! `coord lint`: every kind of problem with its code and position.

use crate::support::TestRepo;

fn atom(id: &str, team: &str, status: &str, deps: &[&str]) -> String {
    format!(
        "# {id}: T\n\n```yaml\nid: {id}\ntitle: T {id}\nteam: {team}\npriority: MEDIUM\nstatus: {status}\ndependencies: [{}]\n```\n",
        deps.join(", ")
    )
}

#[test]
fn lint_reports_every_kind_of_problem_with_codes_and_lines() {
    let repo = TestRepo::with_teams("");
    repo.write(
        "VSCodeDev/ATOMIC_TASKS/ATOM-001.md",
        &atom("ATOM-001", "backend", "NOT_STARTED", &["ATOM-002"]),
    );
    repo.write(
        "VSCodeDev/ATOMIC_TASKS/ATOM-002.md",
        &atom("ATOM-002", "backend", "NOT_STARTED", &["ATOM-003"]),
    );
    repo.write(
        "VSCodeDev/ATOMIC_TASKS/ATOM-003.md",
        &atom("ATOM-003", "backend", "NOT_STARTED", &["ATOM-001"]),
    );
    repo.write(
        "VSCodeDev/ATOMIC_TASKS/ATOM-004.md",
        &atom("ATOM-004", "backend", "NOT_STARTED", &["ATOM-999"]),
    );
    repo.write(
        "VSCodeDev/ATOMIC_TASKS/ATOM-005.md",
        &atom("ATOM-005", "frontend", "NOT_STARTED", &[]),
    );
    repo.write(
        "VSCodeDev/ATOMIC_TASKS/ATOM-006.md",
        &atom("ATOM-006", "backend", "SLEEPING", &[]),
    );
    repo.write(
        "CursorDev/ATOMIC_TASKS/ATOM-001.md",
        &atom("ATOM-001", "frontend", "NOT_STARTED", &[]),
    );
    repo.write(
        "CursorDev/ATOMIC_TASKS/ATOM-007.md",
        "# ATOM-007\n\n```yaml\nid: ATOM-007\nteam: frontend\nstatus: BLOCKED\nstatus: DONE\n```\n",
    );
    repo.write(
        "CursorDev/ATOMIC_TASKS/ATOM-008.md",
        "# ATOM-008\n\nno block\n",
    );
    let r = repo.coord(&["lint", "--format", "json"]);
    r.code(1);
    let findings = r.json();
    let codes: Vec<(String, String, u64)> = findings
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["code"].as_str().unwrap().to_owned(),
                f["path"].as_str().unwrap_or("").to_owned(),
                f["line"].as_u64().unwrap_or(0),
            )
        })
        .collect();
    let has = |code: &str, path: &str| codes.iter().any(|(c, p, _)| c == code && p == path);
    assert!(
        has("dependency-cycle", "VSCodeDev/ATOMIC_TASKS/ATOM-001.md"),
        "{codes:?}"
    );
    let cycle = findings
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["code"] == "dependency-cycle")
        .unwrap();
    assert!(
        cycle["message"]
            .as_str()
            .unwrap()
            .contains("ATOM-001 → ATOM-002 → ATOM-003 → ATOM-001"),
        "{cycle}"
    );
    assert!(
        has("dangling-dependency", "VSCodeDev/ATOMIC_TASKS/ATOM-004.md"),
        "{codes:?}"
    );
    let dangling = codes
        .iter()
        .find(|(c, _, _)| c == "dangling-dependency")
        .unwrap();
    assert_eq!(dangling.2, 9, "dangling dependency points at its line");
    assert!(
        has("wrong-team-folder", "VSCodeDev/ATOMIC_TASKS/ATOM-005.md"),
        "{codes:?}"
    );
    assert!(
        has("invalid-status", "VSCodeDev/ATOMIC_TASKS/ATOM-006.md"),
        "{codes:?}"
    );
    assert!(
        has("duplicate-id", "VSCodeDev/ATOMIC_TASKS/ATOM-001.md"),
        "{codes:?}"
    );
    assert!(
        !has("duplicate-id", "CursorDev/ATOMIC_TASKS/ATOM-001.md"),
        "one of the two files is named: {codes:?}"
    );
    assert!(
        has("invalid-yaml", "CursorDev/ATOMIC_TASKS/ATOM-007.md"),
        "duplicate keys: {codes:?}"
    );
    assert!(
        has("missing-yaml-block", "CursorDev/ATOMIC_TASKS/ATOM-008.md"),
        "{codes:?}"
    );
    let status_line = codes
        .iter()
        .find(|(c, _, _)| c == "invalid-status")
        .unwrap()
        .2;
    assert_eq!(status_line, 8);

    let human = repo.coord(&["lint"]);
    human.code(1);
    assert!(human.stdout.contains("error[invalid-status]: unknown status `SLEEPING`\n  --> VSCodeDev/ATOMIC_TASKS/ATOM-006.md:8:9"), "{}", human.stdout);
    assert!(
        human.stdout.contains(
            "error[invalid-yaml]: `status` is written twice in one mapping\n  --> CursorDev/ATOMIC_TASKS/ATOM-007.md:7:1\n  = hint: keep one of the two"
        ),
        "{}",
        human.stdout
    );
    let github = repo.coord(&["lint", "--format", "github"]);
    assert!(
        github.stdout.contains(
            "::error file=VSCodeDev/ATOMIC_TASKS/ATOM-006.md,line=8,col=9,title=invalid-status::"
        ),
        "{}",
        github.stdout
    );
    let status = repo.coord(&["status"]);
    status.ok();
    assert!(status.stdout.contains("Problems: "), "{}", status.stdout);
    assert!(
        status.stdout.contains(
            "  VSCodeDev/ATOMIC_TASKS/ATOM-006.md:8:9 [invalid-status] unknown status `SLEEPING`"
        ),
        "{}",
        status.stdout
    );
}

#[test]
fn lint_reports_a_broken_zones_yaml_as_findings() {
    let repo = TestRepo::with_teams("");
    repo.write(
        "zones.yaml",
        "version: 1\nteams:\n  a: { dir: A, colour: red }\n",
    );
    let r = repo.coord(&["lint", "--format", "json"]);
    r.code(1);
    let f = &r.json()[0];
    assert_eq!(f["code"], "invalid-zones");
    assert_eq!(f["path"], "zones.yaml");
    assert_eq!(f["line"], 3);
}

#[test]
fn a_clean_repository_lints_clean() {
    let repo = TestRepo::with_teams("");
    repo.coord(&["atoms", "new", "A", "--team", "backend"]).ok();
    let r = repo.coord(&["lint"]);
    r.ok();
    assert!(r.stdout.contains("lint: no problems"));
}
