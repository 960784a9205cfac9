//! Atoms end to end: their life, bad input, surgical edits, concurrency, ids, paths.

use crate::support::{NOW, TestRepo};

fn new_atom(repo: &TestRepo, args: &[&str]) -> String {
    let mut all = vec!["atoms", "new"];
    all.extend_from_slice(args);
    all.extend_from_slice(&["--format", "json"]);
    let r = repo.coord(&all);
    r.ok();
    r.json()["id"].as_str().unwrap().to_owned()
}

#[test]
fn an_atom_goes_through_its_life() {
    let repo = TestRepo::with_teams("");
    let a = new_atom(
        &repo,
        &[
            "Schema",
            "--team",
            "backend",
            "--priority",
            "high",
            "--estimate",
            "4h",
            "--criterion",
            "Migrates",
            "--files",
            "db/*.sql",
        ],
    );
    assert_eq!(a, "ATOM-001");
    let b = new_atom(
        &repo,
        &[
            "Endpoint",
            "--team",
            "backend",
            "--depends",
            "atom-1",
            "--criterion",
            "Returns 201",
            "--criterion",
            "Validates",
        ],
    );
    assert_eq!(b, "ATOM-002");
    let shown = repo
        .coord(&["atoms", "show", "ATOM-002", "--format", "json"])
        .json();
    assert_eq!(shown["dependencies"][0], "ATOM-001");
    assert_eq!(shown["criteria"][1]["text"], "Validates");
    assert_eq!(shown["criteria"][1]["done"], false);
    assert_eq!(shown["path"], "VSCodeDev/ATOMIC_TASKS/ATOM-002.md");
    assert_eq!(shown["priority"], "MEDIUM");

    let ready = repo.coord(&["atoms", "ready", "--format", "json"]).json();
    assert_eq!(
        ready
            .as_array()
            .unwrap()
            .iter()
            .map(|a| a["id"].as_str().unwrap())
            .collect::<Vec<_>>(),
        ["ATOM-001"]
    );

    let refused = repo.coord(&["atoms", "start", "ATOM-002"]);
    refused.code(1);
    refused.warns("ATOM-001 (NOT_STARTED)");
    assert!(
        repo.read("VSCodeDev/ATOMIC_TASKS/ATOM-002.md")
            .contains("status: NOT_STARTED")
    );

    repo.coord(&["atoms", "start", "1", "--assign", "alice"])
        .ok();
    let later = [("COORD_NOW", "2026-11-20T14:30:00Z")];
    let undone = repo.coord_env(&["atoms", "done", "ATOM-001"], &later);
    undone.code(1);
    undone.warns("1. Migrates");
    repo.coord(&["atoms", "tick", "ATOM-001", "1"]).ok();
    repo.coord_env(&["atoms", "done", "ATOM-001"], &later).ok();
    // No file carries a time every edit rewrites: when an atom last changed is the author time
    // of the last commit that changed its file.
    assert!(
        !repo
            .read("VSCodeDev/ATOMIC_TASKS/ATOM-001.md")
            .contains("last_updated")
    );
    repo.git_run(&["add", "-A"], &[]).ok();
    repo.git_run(
        &["commit", "-qm", "Finish ATOM-001"],
        &[("GIT_AUTHOR_DATE", "2026-11-20T14:30:00Z")],
    )
    .ok();
    let done = repo
        .coord(&["atoms", "show", "ATOM-001", "--format", "json"])
        .json();
    assert_eq!(done["status"], "COMPLETED");
    assert_eq!(done["assigned"], "alice");
    assert_eq!(done["started"], NOW);
    assert_eq!(done["actual"], "4h30m");
    assert_eq!(done["last_updated"], "2026-11-20T14:30:00Z");

    repo.coord(&["atoms", "start", "ATOM-002"]).ok();
    repo.coord(&[
        "atoms",
        "block",
        "ATOM-002",
        "--reason",
        "waiting for review",
    ])
    .ok();
    let blocked = repo
        .coord(&["atoms", "list", "--status", "blocked", "--format", "json"])
        .json();
    assert_eq!(blocked[0]["blocked_reason"], "waiting for review");
    repo.coord(&["atoms", "unblock", "ATOM-002"]).ok();
    repo.coord(&["atoms", "assign", "ATOM-002", "bob"]).ok();
    let back = repo
        .coord(&["atoms", "show", "ATOM-002", "--format", "json"])
        .json();
    assert_eq!(back["status"], "IN_PROGRESS");
    assert_eq!(back["blocked_reason"], serde_json::Value::Null);
    assert_eq!(back["assigned"], "bob");
    repo.coord(&["atoms", "done", "ATOM-002", "--force"]).ok();

    let list = repo.coord(&["atoms", "list"]);
    assert!(
        list.stdout.lines().next().unwrap().starts_with("ID"),
        "{}",
        list.stdout
    );
    assert_eq!(list.stdout.lines().count(), 3);
    let team = repo
        .coord(&["atoms", "list", "--team", "frontend", "--format", "json"])
        .json();
    assert_eq!(team.as_array().unwrap().len(), 0);
    let ids = |v: serde_json::Value| -> Vec<String> {
        v.as_array()
            .unwrap()
            .iter()
            .map(|a| a["id"].as_str().unwrap().to_owned())
            .collect()
    };
    assert_eq!(
        ids(repo
            .coord(&["atoms", "list", "--assigned", "bob", "--format", "json"])
            .json()),
        ["ATOM-002"]
    );
    assert_eq!(
        ids(repo
            .coord(&["atoms", "list", "--priority", "high", "--format", "json"])
            .json()),
        ["ATOM-001"]
    );
    assert!(
        ids(repo
            .coord(&["atoms", "list", "--phase", "3", "--format", "json"])
            .json())
        .is_empty()
    );
    repo.coord(&["atoms", "list", "--priority", "urgent"])
        .code(2);
}

#[test]
fn bad_input_is_refused_with_a_hint_and_writes_nothing() {
    let repo = TestRepo::with_teams("phases: [ { id: 1, name: One } ]\n");
    for (args, needle) in [
        (
            vec!["atoms", "new", "X", "--team", "nobody"],
            "unknown team `nobody`",
        ),
        (
            vec![
                "atoms",
                "new",
                "X",
                "--team",
                "backend",
                "--priority",
                "urgent",
            ],
            "unknown priority",
        ),
        (
            vec![
                "atoms",
                "new",
                "X",
                "--team",
                "backend",
                "--estimate",
                "soon",
            ],
            "not a duration",
        ),
        (
            vec![
                "atoms",
                "new",
                "X",
                "--team",
                "backend",
                "--depends",
                "ATOM-404",
            ],
            "no such atom",
        ),
        (
            vec!["atoms", "new", "X", "--team", "backend", "--phase", "9"],
            "no phase 9",
        ),
        (
            vec![
                "atoms",
                "new",
                "X",
                "--team",
                "backend",
                "--files",
                "../etc/passwd",
            ],
            "../etc/passwd is outside the repository",
        ),
        (vec!["atoms", "start", "ATOM-777"], "no atom ATOM-777"),
        (
            vec!["atoms", "show", "banana"],
            "not an atom or molecule id",
        ),
        (
            vec!["atoms", "list", "--status", "SLEEPING"],
            "unknown status",
        ),
    ] {
        let r = repo.coord(&args);
        r.code(2);
        assert!(
            r.stderr.contains(needle),
            "{args:?}: missing {needle}:\n{}",
            r.stderr
        );
        assert!(
            r.stderr.contains("help:"),
            "{args:?}: no hint:\n{}",
            r.stderr
        );
    }
    assert_eq!(
        std::fs::read_dir(repo.file("VSCodeDev/ATOMIC_TASKS"))
            .unwrap()
            .count(),
        1,
        "only .gitkeep"
    );
    new_atom(&repo, &["X", "--team", "backend"]);
    let r = repo.coord(&["atoms", "tick", "ATOM-001", "3"]);
    r.code(2);
    r.warns("no criterion 3");
}

const HAND_WRITTEN: &str = "# ATOM-001: Hand written\r\n\r\nSome intro prose.\r\n\r\n```yaml\r\nid: ATOM-001\r\ntitle: Hand written\r\nteam: backend\r\npriority: HIGH   # agreed in standup\r\nstatus: NOT_STARTED\r\n# who does it\r\nassigned: carol\r\nestimated: 2h\r\nfiles:\r\n    - src/a.rs\r\ncriteria:\r\n    - text: It works\r\n      done: false\r\nlast_updated: 2026-11-01T00:00:00Z\r\n```\r\n\r\n## Notes\r\n\r\n- keep this exactly\r\n";

#[test]
fn edits_change_only_the_lines_they_must() {
    let repo = TestRepo::with_teams("");
    repo.write("VSCodeDev/ATOMIC_TASKS/ATOM-001.md", HAND_WRITTEN);
    repo.coord(&["atoms", "start", "ATOM-001"]).ok();
    let after = repo.read("VSCodeDev/ATOMIC_TASKS/ATOM-001.md");
    let expected = HAND_WRITTEN
        .replace("status: NOT_STARTED\r\n", "status: IN_PROGRESS\r\n")
        .replace(
            "assigned: carol\r\n",
            "assigned: carol\r\nstarted: 2026-11-20T10:00:00Z\r\n",
        );
    assert_eq!(
        after, expected,
        "only the status line changes and `started` is inserted in key order; an old \
         `last_updated` is left alone"
    );

    repo.coord(&["atoms", "tick", "ATOM-001", "1"]).ok();
    let ticked = repo.read("VSCodeDev/ATOMIC_TASKS/ATOM-001.md");
    assert!(
        ticked.contains("criteria:\r\n    - text: It works\r\n      done: true\r\n"),
        "{ticked:?}"
    );
    assert!(ticked.contains("priority: HIGH   # agreed in standup\r\n"));
    assert!(ticked.ends_with("## Notes\r\n\r\n- keep this exactly\r\n"));
}

#[test]
fn template_overrides_are_used_and_a_broken_one_writes_nothing() {
    let repo = TestRepo::with_teams("");
    repo.write(
        ".coord/templates/atom.md",
        "# {{id}} · {{title}} ({{team}})\n\n```yaml\n{{fields}}```\n\nOur house template.\n",
    );
    repo.coord(&["atoms", "new", "Custom", "--team", "backend"])
        .ok();
    let text = repo.read("VSCodeDev/ATOMIC_TASKS/ATOM-001.md");
    assert!(
        text.starts_with("# ATOM-001 · Custom (backend)\n")
            && text.ends_with("Our house template.\n"),
        "{text}"
    );
    repo.write(
        ".coord/templates/atom.md",
        "# {{id}}\n\nno YAML block here\n",
    );
    let r = repo.coord(&["atoms", "new", "Broken", "--team", "backend"]);
    r.code(2);
    assert!(
        r.stderr.contains("missing-yaml-block") || r.stderr.contains("no ```yaml block"),
        "{}",
        r.stderr
    );
    assert!(!repo.file("VSCodeDev/ATOMIC_TASKS/ATOM-002.md").exists());
}

#[test]
fn a_malformed_file_is_never_overwritten() {
    let repo = TestRepo::with_teams("");
    let broken =
        "# ATOM-001: X\n\n```yaml\nid: ATOM-001\nteam: backend\nstatus: DOING\ncolour: red\n```\n";
    repo.write("VSCodeDev/ATOMIC_TASKS/ATOM-001.md", broken);
    let r = repo.coord(&["atoms", "start", "ATOM-001"]);
    r.code(2);
    // An unknown field is only a warning; the unknown status is what stops the edit.
    r.warns("VSCodeDev/ATOMIC_TASKS/ATOM-001.md:6:9");
    r.warns("unknown status `DOING`");
    assert_eq!(repo.read("VSCodeDev/ATOMIC_TASKS/ATOM-001.md"), broken);
}

#[test]
fn sixty_four_concurrent_creations_get_distinct_ids() {
    let repo = TestRepo::with_teams("");
    let children: Vec<_> = (0..64)
        .map(|i| {
            repo.spawn(&[
                "atoms",
                "new",
                &format!("Task {i}"),
                "--team",
                ["backend", "frontend", "devops"][i % 3],
            ])
        })
        .collect();
    for child in children {
        let out = child.wait_with_output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let atoms = repo.coord(&["atoms", "list", "--format", "json"]).json();
    let mut ids: Vec<&str> = atoms
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids.len(), 64);
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), 64, "duplicate ids");
    assert_eq!(ids[63], "ATOM-064");
    repo.coord(&["lint"]).ok();
}

#[test]
fn concurrent_edits_of_one_atom_lose_no_update() {
    let repo = TestRepo::with_teams("");
    let mut args = vec!["atoms", "new", "Many criteria", "--team", "backend"];
    let texts: Vec<String> = (1..=16).map(|i| format!("criterion {i}")).collect();
    for t in &texts {
        args.push("--criterion");
        args.push(t);
    }
    repo.coord(&args).ok();
    let children: Vec<_> = (1..=16)
        .map(|n| repo.spawn(&["atoms", "tick", "ATOM-001", &n.to_string()]))
        .collect();
    for mut child in children {
        assert!(child.wait().unwrap().success());
    }
    let atom = repo
        .coord(&["atoms", "show", "ATOM-001", "--format", "json"])
        .json();
    let done = atom["criteria"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["done"] == true)
        .count();
    assert_eq!(done, 16, "{atom}");
}

#[test]
fn ids_on_other_branches_and_in_the_index_are_never_reused() {
    let repo = TestRepo::with_teams("");
    repo.commit_all("setup", "dev@example.com");
    repo.git(&["checkout", "-q", "-b", "feature"]);
    new_atom(&repo, &["On a branch", "--team", "frontend"]);
    repo.commit_all("atom on feature", "dev@example.com");
    repo.git(&["checkout", "-q", "main"]);
    assert!(!repo.file("CursorDev/ATOMIC_TASKS/ATOM-001.md").exists());
    // The ledger would remember it too; forget it to prove the branch alone is enough.
    let _ = std::fs::remove_file(repo.file(".git/coord/last-ids"));
    assert_eq!(
        new_atom(&repo, &["On main", "--team", "backend"]),
        "ATOM-002"
    );
    // An id only in the index (file deleted from the work tree) is not reused either.
    repo.git(&["add", "-A"]);
    std::fs::remove_file(repo.file("VSCodeDev/ATOMIC_TASKS/ATOM-002.md")).unwrap();
    let _ = std::fs::remove_file(repo.file(".git/coord/last-ids"));
    assert_eq!(new_atom(&repo, &["Next", "--team", "backend"]), "ATOM-003");
}

#[test]
fn only_one_agent_claims_an_atom() {
    let repo = TestRepo::with_teams("");
    repo.coord(&["atoms", "new", "Contested", "--team", "backend"])
        .ok();
    let children: Vec<_> = (0..10)
        .map(|i| {
            repo.spawn(&[
                "atoms",
                "start",
                "ATOM-001",
                "--assign",
                &format!("agent{i}"),
            ])
        })
        .collect();
    let codes: Vec<i32> = children
        .into_iter()
        .map(|c| c.wait_with_output().unwrap().status.code().unwrap())
        .collect();
    assert_eq!(codes.iter().filter(|c| **c == 0).count(), 1, "{codes:?}");
    assert_eq!(codes.iter().filter(|c| **c == 1).count(), 9, "{codes:?}");
    let atom = repo
        .coord(&["atoms", "show", "ATOM-001", "--format", "json"])
        .json();
    let owner = atom["assigned"].as_str().unwrap().to_owned();
    // Starting again as the same assignee is harmless; as another, it is refused unless forced.
    repo.coord(&["atoms", "start", "ATOM-001", "--assign", &owner])
        .ok();
    let refused = repo.coord(&["atoms", "start", "ATOM-001", "--assign", "intruder"]);
    refused.code(1);
    assert!(
        refused
            .stderr
            .contains(&format!("already IN_PROGRESS, assigned to {owner}")),
        "{}",
        refused.stderr
    );
    // --force overrides what the file says, never a live claim: that takes --take-over, and
    // only once the lease has run out.
    let forced = repo.coord(&[
        "atoms", "start", "ATOM-001", "--assign", "intruder", "--force",
    ]);
    forced.code(1);
    assert!(
        forced
            .stderr
            .contains(&format!("ATOM-001 is claimed by {owner}")),
        "{}",
        forced.stderr
    );
}

#[test]
fn next_claims_distinct_ready_atoms_by_priority() {
    let repo = TestRepo::with_teams("");
    repo.coord(&["atoms", "new", "Base", "--team", "backend"])
        .ok();
    for (title, priority) in [
        ("Low", "LOW"),
        ("Critical", "CRITICAL"),
        ("High", "HIGH"),
        ("Medium", "MEDIUM"),
    ] {
        repo.coord(&[
            "atoms",
            "new",
            title,
            "--team",
            "backend",
            "--priority",
            priority,
        ])
        .ok();
    }
    repo.coord(&[
        "atoms",
        "new",
        "Waits",
        "--team",
        "backend",
        "--priority",
        "CRITICAL",
        "--depends",
        "ATOM-001",
    ])
    .ok();
    repo.coord(&[
        "atoms",
        "new",
        "Other team",
        "--team",
        "frontend",
        "--priority",
        "CRITICAL",
    ])
    .ok();
    let first = repo.coord(&[
        "atoms", "next", "--team", "backend", "--assign", "a1", "--format", "json",
    ]);
    first.ok();
    assert_eq!(
        first.json()["title"],
        "Critical",
        "highest priority first; a waiting atom is not ready"
    );
    assert_eq!(first.json()["status"], "IN_PROGRESS");
    let children: Vec<_> = (0..4)
        .map(|i| {
            repo.spawn(&[
                "atoms",
                "next",
                "--team",
                "backend",
                "--assign",
                &format!("b{i}"),
                "--format",
                "json",
            ])
        })
        .collect();
    let mut claimed = Vec::new();
    let mut none_left = 0;
    for child in children {
        let out = child.wait_with_output().unwrap();
        match out.status.code() {
            Some(0) => claimed.push(
                serde_json::from_slice::<serde_json::Value>(&out.stdout).unwrap()["id"]
                    .as_str()
                    .unwrap()
                    .to_owned(),
            ),
            Some(1) => none_left += 1,
            other => panic!(
                "unexpected exit {other:?}: {}",
                String::from_utf8_lossy(&out.stderr)
            ),
        }
    }
    claimed.sort();
    claimed.dedup();
    assert_eq!(claimed.len() + none_left, 4);
    assert_eq!(
        claimed.len(),
        4,
        "High, Medium, Low and Base are ready: {claimed:?}"
    );
    let empty = repo.coord(&["atoms", "next", "--team", "backend", "--assign", "late"]);
    empty.code(1);
    empty.warns("no ready atom");
}

#[test]
fn worktrees_creating_atoms_at_once_never_share_an_id() {
    let repo = TestRepo::with_teams("");
    repo.commit_all("setup", "dev@example.com");
    let trees: Vec<std::path::PathBuf> =
        (0..3).map(|i| repo.path().join(format!("wt{i}"))).collect();
    for (i, tree) in trees.iter().enumerate() {
        repo.git(&[
            "worktree",
            "add",
            "-q",
            tree.to_str().unwrap(),
            "-b",
            &format!("agent{i}"),
        ]);
    }
    let children: Vec<_> = trees
        .iter()
        .flat_map(|tree| (0..8).map(move |n| (tree.clone(), n)))
        .map(|(tree, n)| {
            repo.spawn_in(
                &tree,
                &["atoms", "new", &format!("Task {n}"), "--team", "backend"],
            )
        })
        .collect();
    let mut ids: Vec<String> = children
        .into_iter()
        .map(|c| {
            let out = c.wait_with_output().unwrap();
            assert!(out.status.success());
            String::from_utf8_lossy(&out.stdout)
                .split_whitespace()
                .nth(1)
                .unwrap()
                .to_owned()
        })
        .collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), 24, "{ids:?}");
}

#[cfg(unix)]
#[test]
fn nothing_is_written_through_a_symlink_leading_out() {
    let repo = TestRepo::with_teams("");
    let outside = tempfile::tempdir().unwrap();
    std::fs::remove_dir_all(repo.file("VSCodeDev/ATOMIC_TASKS")).unwrap();
    std::os::unix::fs::symlink(outside.path(), repo.file("VSCodeDev/ATOMIC_TASKS")).unwrap();
    let r = repo.coord(&["atoms", "new", "Escape", "--team", "backend"]);
    r.code(2);
    r.warns("outside the repository");
    assert_eq!(std::fs::read_dir(outside.path()).unwrap().count(), 0);
}

#[test]
fn a_closed_pipe_is_not_an_error() {
    let repo = TestRepo::with_teams("");
    let title = "a long title ".repeat(40);
    for i in 0..400 {
        repo.write(
            &format!("VSCodeDev/ATOMIC_TASKS/ATOM-{:03}.md", i + 1),
            &format!("# X\n\n```yaml\nid: ATOM-{:03}\ntitle: {title}\nteam: backend\nstatus: NOT_STARTED\n```\n", i + 1),
        );
    }
    // 400 rows of over 500 bytes: far more than a pipe holds, so coord writes into a closed pipe.
    let mut child = repo.spawn(&["atoms", "list", "--format", "json"]);
    let mut stdout = child.stdout.take().unwrap();
    let mut first = [0u8; 64];
    std::io::Read::read_exact(&mut stdout, &mut first).unwrap();
    drop(stdout);
    let out = child.wait_with_output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "a closed pipe ends coord quietly"
    );
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn times_of_last_change_pass_over_a_file_that_cannot_be_read() {
    // The files are listed in path order and each kept atom finds its own file's version: one
    // left out in between (not UTF-8) must not shift the others' times.
    let repo = TestRepo::with_teams("");
    for title in ["One", "Two", "Three"] {
        new_atom(&repo, &[title, "--team", "backend", "--files", "x/*.rs"]);
    }
    repo.git_run(&["add", "-A"], &[]).ok();
    let first = [("GIT_AUTHOR_DATE", "2026-11-20T10:00:00Z")];
    repo.git_run(&["commit", "-qm", "Three atoms"], &first).ok();
    std::fs::write(
        repo.file("VSCodeDev/ATOMIC_TASKS/ATOM-002.md"),
        b"\xff\xfe not text",
    )
    .unwrap();
    let third = repo
        .read("VSCodeDev/ATOMIC_TASKS/ATOM-003.md")
        .replace("title: Three", "title: Three again");
    repo.write("VSCodeDev/ATOMIC_TASKS/ATOM-003.md", &third);
    repo.git_run(&["add", "-A"], &[]).ok();
    let second = [("GIT_AUTHOR_DATE", "2026-11-21T11:00:00Z")];
    repo.git_run(&["commit", "-qm", "Spoil two, retitle three"], &second)
        .ok();
    // Twice: the first run parses every file, the second takes them from the parse cache.
    for _ in 0..2 {
        let run = repo.coord(&["atoms", "list", "--format", "json"]);
        run.warns("ATOM-002.md");
        let list = run.json();
        let times: Vec<(&str, &str)> = list
            .as_array()
            .unwrap()
            .iter()
            .map(|a| {
                (
                    a["id"].as_str().unwrap(),
                    a["last_updated"].as_str().unwrap(),
                )
            })
            .collect();
        assert_eq!(
            times,
            [
                ("ATOM-001", "2026-11-20T10:00:00Z"),
                ("ATOM-003", "2026-11-21T11:00:00Z")
            ]
        );
    }
}
