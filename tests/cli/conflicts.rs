//! `coord conflicts`: overlapping claims, foreign zones, other branches and worktrees.

use crate::support::TestRepo;

fn atom(repo: &TestRepo, title: &str, team: &str, files: &[&str]) -> String {
    let mut args = vec!["atoms", "new", title, "--team", team, "--format", "json"];
    for f in files {
        args.push("--files");
        args.push(f);
    }
    let r = repo.coord(&args);
    r.ok();
    r.json()["id"].as_str().unwrap().to_owned()
}

#[test]
fn overlapping_claims_and_foreign_zones_are_conflicts() {
    let repo =
        TestRepo::with_teams("exclusive:\n  frontend: [\"web/**\"]\nreadonly: [\"vendor/**\"]\n");
    repo.write("src/lib.rs", "x\n");
    repo.write("src/main.rs", "x\n");
    repo.write("web/app.js", "x\n");
    repo.git(&["add", "-A"]);
    let a = atom(&repo, "A", "backend", &["src/*.rs"]);
    let b = atom(&repo, "B", "devops", &["src/main.rs"]);
    let c = atom(&repo, "C", "backend", &["web/app.js", "vendor/x"]);
    let before = repo.coord(&["conflicts", "--format", "json"]).json();
    assert!(
        !before
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["code"] == "overlapping-files"),
        "not active yet: {before}"
    );
    for id in [&a, &b] {
        repo.coord(&["atoms", "start", id]).ok();
    }
    let r = repo.coord(&["conflicts", "--no-all-branches", "--format", "json"]);
    r.code(1);
    let list = r.json();
    let codes: Vec<(&str, Vec<&str>)> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["code"].as_str().unwrap(),
                c["atoms"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|a| a.as_str().unwrap())
                    .collect(),
            )
        })
        .collect();
    assert!(
        codes.contains(&("overlapping-files", vec![a.as_str(), b.as_str()])),
        "{codes:?}"
    );
    assert!(
        codes.contains(&("claims-foreign-zone", vec![c.as_str()])),
        "{codes:?}"
    );
    assert!(
        codes.contains(&("claims-readonly", vec![c.as_str()])),
        "{codes:?}"
    );
    let overlap = list
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["code"] == "overlapping-files")
        .unwrap();
    assert_eq!(overlap["files"], serde_json::json!(["src/main.rs"]));
    repo.coord(&["dashboard"]).ok();
    let tracker = repo.read("JOINT_COORDINATION/ATOMIC_CONFLICT_TRACKER.md");
    assert!(tracker.contains("| overlapping-files | [ATOM-001](../VSCodeDev/ATOMIC_TASKS/ATOM-001.md), [ATOM-002](../MustiDev/ATOMIC_TASKS/ATOM-002.md) | backend, devops | `src/main.rs` |"), "{tracker}");
}

#[test]
fn other_branches_and_worktrees_are_compared_without_checking_out() {
    let repo = TestRepo::with_teams("");
    repo.write("src/lib.rs", "x\n");
    repo.commit_all("setup", "dev@example.com");
    repo.git(&["checkout", "-q", "-b", "feature"]);
    let theirs = atom(&repo, "Refactor lib", "frontend", &["src/lib.rs"]);
    repo.coord(&["atoms", "start", &theirs]).ok();
    repo.commit_all("feature work", "dev@example.com");
    repo.git(&["checkout", "-q", "main"]);
    // Same id on main, a different atom: a merge would collide.
    let _ = std::fs::remove_file(repo.file(".git/coord/last-ids"));
    std::fs::remove_file(repo.file(".git/index")).ok();
    repo.git(&["reset", "-q"]);
    repo.write("VSCodeDev/ATOMIC_TASKS/ATOM-001.md", "# ATOM-001: Tune lib\n\n```yaml\nid: ATOM-001\ntitle: Tune lib\nteam: backend\nstatus: IN_PROGRESS\nfiles: [src/*.rs]\n```\n");
    let r = repo.coord(&["conflicts", "--format", "json"]);
    r.code(1);
    let list = r.json();
    let find = |code: &str| {
        list.as_array()
            .unwrap()
            .iter()
            .find(|c| c["code"] == code)
            .cloned()
            .unwrap_or_else(|| panic!("no {code} in {list}"))
    };
    assert_eq!(find("id-collision")["other"], "branch feature");
    let overlap = find("cross-branch-overlap");
    assert_eq!(overlap["files"], serde_json::json!(["src/lib.rs"]));
    repo.coord(&["conflicts", "--no-all-branches"]).ok();

    let wt = repo.path().join("wt");
    repo.commit_all("main work", "dev@example.com");
    repo.git(&["worktree", "add", "-q", wt.to_str().unwrap(), "-b", "other"]);
    std::fs::write(wt.join("MustiDev/ATOMIC_TASKS/ATOM-050.md"), "# ATOM-050: Ops\n\n```yaml\nid: ATOM-050\ntitle: Ops\nteam: devops\nstatus: BLOCKED\nfiles: [src/lib.rs]\n```\n").unwrap();
    let r = repo.coord(&["conflicts", "--format", "json"]).json();
    assert!(
        r.as_array()
            .unwrap()
            .iter()
            .any(|c| c["code"] == "cross-branch-overlap"
                && c["other"].as_str().unwrap().starts_with("worktree ")
                && c["atoms"][1] == "ATOM-050"),
        "{r}"
    );
}
