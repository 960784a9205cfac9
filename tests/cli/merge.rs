//! Merging as a forge merges: plain `git merge`, no merge driver configured. Status files keep
//! every top-level field a paragraph of its own and carry no time every edit rewrites, so two
//! branches that change different fields of one atom, or different atoms, merge cleanly.

use std::path::Path;

use crate::support::{TestRepo, team};

fn branch(repo: &TestRepo, dir: &Path, name: &str, coord: &[&[&str]]) {
    repo.git_in(dir, &["checkout", "-q", "-b", name, "origin/main"], &[])
        .ok();
    for args in coord {
        let mut all = vec!["--offline"];
        all.extend_from_slice(args);
        repo.coord_in(dir, &all, &[]).ok();
    }
    repo.git_in(dir, &["commit", "-q", "-am", name], &[]).ok();
    repo.git_in(dir, &["push", "-q", "origin", name], &[]).ok();
}

#[test]
fn different_fields_of_one_atom_and_different_atoms_merge_without_a_driver() {
    let (repo, _origin, clones) = team(0, 3, "");
    // Two atoms with two criteria each, planned and pushed.
    for title in ["Schema", "Endpoint"] {
        repo.coord_in(
            &clones[0],
            &[
                "--offline",
                "atoms",
                "new",
                title,
                "--team",
                "backend",
                "--estimate",
                "2h",
                "--criterion",
                "It works",
                "--criterion",
                "It is tested",
            ],
            &[],
        )
        .ok();
    }
    repo.git_in(&clones[0], &["add", "-A"], &[]).ok();
    repo.git_in(&clones[0], &["commit", "-qm", "plan"], &[])
        .ok();
    repo.git_in(&clones[0], &["push", "-q", "origin", "main"], &[])
        .ok();
    for dir in &clones[1..] {
        repo.git_in(dir, &["fetch", "-q"], &[]).ok();
    }

    // One branch ticks a criterion of ATOM-001, another starts it, a third ticks the other
    // criterion, a fourth blocks ATOM-002.
    branch(&repo, &clones[0], "tick-1", &[&["atoms", "tick", "1", "1"]]);
    branch(
        &repo,
        &clones[1],
        "start",
        &[&["atoms", "start", "1", "--assign", "ann"]],
    );
    branch(&repo, &clones[2], "tick-2", &[&["atoms", "tick", "1", "2"]]);
    branch(
        &repo,
        &clones[1],
        "block-2",
        &[&["atoms", "block", "2", "--reason", "waiting for the schema"]],
    );
    // `blocked_reason` and `escalations` are neighbours in the block: only the blank line
    // between them keeps these two apart.
    branch(
        &repo,
        &clones[0],
        "escalate-2",
        &[&[
            "escalate",
            "ATOM-002",
            "--level",
            "1",
            "--reason",
            "needs a decision",
        ]],
    );

    let here = &clones[2];
    repo.git_in(here, &["fetch", "-q"], &[]).ok();
    repo.git_in(here, &["checkout", "-q", "-B", "main", "origin/main"], &[])
        .ok();
    // No merge driver is configured: git merges line by line, as a forge does.
    let drivers = repo.git_in(here, &["config", "--get-regexp", "^merge\\."], &[]);
    assert_eq!(drivers.stdout, "", "no merge driver");
    for name in ["tick-1", "start", "tick-2", "block-2", "escalate-2"] {
        let merged = repo.git_in(
            here,
            &[
                "merge",
                "--no-ff",
                "-q",
                "-m",
                name,
                &format!("origin/{name}"),
            ],
            &[],
        );
        assert!(
            merged.code == 0,
            "merging {name} conflicted:\n{}\n{}",
            merged.stdout,
            merged.stderr
        );
    }
    let one = repo
        .coord_in(here, &["atoms", "show", "1", "--format", "json"], &[])
        .json();
    assert_eq!(one["status"], "IN_PROGRESS");
    assert_eq!(one["assigned"], "ann");
    assert_eq!(one["criteria"][0]["done"], true);
    assert_eq!(one["criteria"][1]["done"], true);
    let two = repo
        .coord_in(here, &["atoms", "show", "2", "--format", "json"], &[])
        .json();
    assert_eq!(two["status"], "BLOCKED");
    assert_eq!(two["blocked_reason"], "waiting for the schema");
    assert_eq!(two["escalations"][0]["reason"], "needs a decision");
    // What history says of when each changed: the commits that changed them.
    assert!(one["last_updated"].is_string(), "{one}");
    repo.coord_in(here, &["lint"], &[]).ok();
}
