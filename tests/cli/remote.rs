//! Across clones: claims and ids reserved on a shared remote (a bare repository, and once a real
//! `git daemon` on 127.0.0.1), renumbering, ambiguous ids, double claims.

use std::path::Path;

use crate::support::{TestRepo, team};

fn spawn_in(repo: &TestRepo, dir: &Path, args: &[&str]) -> std::process::Child {
    repo.spawn_in(dir, args)
}

#[test]
fn clones_allocating_at_once_get_distinct_ids() {
    let (repo, origin, clones) = team(0, 5, "");
    let children: Vec<_> = clones
        .iter()
        .enumerate()
        .flat_map(|(i, dir)| (0..3).map(move |n| (i, n, dir.clone())))
        .map(|(i, n, dir)| {
            spawn_in(
                &repo,
                &dir,
                &[
                    "atoms",
                    "new",
                    &format!("From {i}.{n}"),
                    "--team",
                    "backend",
                    "--format",
                    "json",
                ],
            )
        })
        .collect();
    let mut ids: Vec<String> = children
        .into_iter()
        .map(|c| {
            let out = c.wait_with_output().unwrap();
            assert!(
                out.status.success(),
                "{}",
                String::from_utf8_lossy(&out.stderr)
            );
            let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
            v["id"].as_str().unwrap().to_owned()
        })
        .collect();
    ids.sort();
    let n = ids.len();
    ids.dedup();
    assert_eq!(ids.len(), n, "every id once: {ids:?}");
    let reserved = repo.git_in(
        &origin,
        &["for-each-ref", "--format=%(refname)", "refs/coord/ids/"],
        &[],
    );
    assert_eq!(reserved.stdout.lines().count(), 15, "{}", reserved.stdout);
}

#[test]
fn ten_clones_racing_for_six_atoms_get_six_claims() {
    let (repo, _origin, clones) = team(6, 10, "");
    let children: Vec<_> = clones
        .iter()
        .enumerate()
        .map(|(i, dir)| {
            spawn_in(
                &repo,
                dir,
                &[
                    "atoms",
                    "next",
                    "--assign",
                    &format!("agent{i}"),
                    "--format",
                    "json",
                ],
            )
        })
        .collect();
    let mut winners = Vec::new();
    let mut refused = 0;
    for child in children {
        let out = child.wait_with_output().unwrap();
        match out.status.code() {
            Some(0) => {
                let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
                winners.push(v["id"].as_str().unwrap().to_owned());
            }
            Some(1) => refused += 1,
            other => panic!("{other:?}: {}", String::from_utf8_lossy(&out.stderr)),
        }
    }
    winners.sort();
    winners.dedup();
    assert_eq!(winners.len(), 6, "{winners:?}");
    assert_eq!(refused, 4);
    let claims = repo.coord_in(&clones[0], &["claims", "--format", "json"], &[]);
    claims.ok();
    assert_eq!(claims.json().as_array().unwrap().len(), 6);
}

#[test]
fn a_claim_is_seen_from_another_clone_before_any_branch_is_pushed() {
    let (repo, _origin, clones) = team(1, 2, "");
    repo.coord_in(
        &clones[0],
        &["atoms", "start", "ATOM-001", "--assign", "ann"],
        &[],
    )
    .ok();
    let r = repo.coord_in(
        &clones[1],
        &["atoms", "start", "ATOM-001", "--assign", "bob"],
        &[],
    );
    r.code(1);
    assert!(
        r.stderr
            .contains("ATOM-001 is claimed by ann (team backend)")
            && r.stderr.contains("on remote origin"),
        "{}",
        r.stderr
    );
    // Offline, the clone still knows the claim it fetched last.
    let offline = repo.coord_in(
        &clones[1],
        &["--offline", "atoms", "start", "ATOM-001", "--assign", "bob"],
        &[],
    );
    offline.code(1);
    offline.warns("claimed by ann").warns("this repository");
}

#[test]
fn an_expired_lease_can_be_taken_over_and_a_claim_released() {
    let (repo, _origin, clones) = team(1, 2, "claims: { lease: 1h }\n");
    repo.coord_in(&clones[0], &["atoms", "start", "1", "--assign", "ann"], &[])
        .ok();
    let early = repo.coord_in(
        &clones[1],
        &["atoms", "start", "1", "--assign", "bob", "--take-over"],
        &[],
    );
    early.code(1);
    let later = [("COORD_NOW", "2026-11-20T12:00:00Z")];
    let not_asked = repo.coord_in(
        &clones[1],
        &["atoms", "start", "1", "--assign", "bob"],
        &later,
    );
    not_asked.code(1);
    not_asked.warns("--take-over");
    let taken = repo.coord_in(
        &clones[1],
        &["atoms", "start", "1", "--assign", "bob", "--take-over"],
        &later,
    );
    taken.ok();
    assert!(
        taken.stdout.contains("taken over from ann"),
        "{}",
        taken.stdout
    );
    let claims = repo
        .coord_in(&clones[0], &["claims", "--format", "json"], &later)
        .json();
    assert_eq!(claims[0]["holder"], "bob");
    let renewed = repo.coord_in(
        &clones[1],
        &["atoms", "renew", "1"],
        &[("COORD_NOW", "2026-11-20T12:30:00Z")],
    );
    renewed.ok();
    assert!(
        renewed.stdout.contains("until 2026-11-20T13:30:00Z"),
        "{}",
        renewed.stdout
    );
    // Any edit of the atom by its holder renews the lease too.
    let edit_time = [("COORD_NOW", "2026-11-20T12:50:00Z")];
    repo.coord_in(
        &clones[1],
        &["atoms", "block", "1", "--reason", "waits"],
        &edit_time,
    )
    .ok();
    let after_edit = repo
        .coord_in(&clones[0], &["claims", "--format", "json"], &edit_time)
        .json();
    assert_eq!(after_edit[0]["expires"], "2026-11-20T13:50:00Z");
    let released = repo.coord_in(&clones[1], &["atoms", "release", "1"], &later);
    released.ok();
    assert!(
        released.stdout.contains("bob's claim released"),
        "{}",
        released.stdout
    );
    let none = repo
        .coord_in(&clones[0], &["claims", "--format", "json"], &later)
        .json();
    assert_eq!(none, serde_json::json!([]));
}

#[test]
fn renumber_rewrites_every_reference_and_an_ambiguous_id_is_refused() {
    let repo = TestRepo::with_teams("");
    repo.coord(&["atoms", "new", "Schema", "--team", "backend"])
        .ok();
    repo.coord(&[
        "atoms",
        "new",
        "Endpoint",
        "--team",
        "backend",
        "--depends",
        "ATOM-001",
    ])
    .ok();
    repo.coord(&[
        "molecules",
        "new",
        "Flow",
        "--lead",
        "backend",
        "--atoms",
        "ATOM-001",
    ])
    .ok();
    let r = repo.coord(&["atoms", "renumber", "ATOM-001", "ATOM-050"]);
    r.ok();
    assert!(
        r.stdout
            .contains("ATOM-001 is now ATOM-050 at VSCodeDev/ATOMIC_TASKS/ATOM-050.md"),
        "{}",
        r.stdout
    );
    assert!(!repo.file("VSCodeDev/ATOMIC_TASKS/ATOM-001.md").exists());
    let moved = repo.read("VSCodeDev/ATOMIC_TASKS/ATOM-050.md");
    assert!(
        moved.starts_with("# ATOM-050: Schema\n") && moved.contains("id: ATOM-050\n"),
        "{moved}"
    );
    assert!(
        repo.read("VSCodeDev/ATOMIC_TASKS/ATOM-002.md")
            .contains("- ATOM-050\n")
    );
    assert!(
        repo.read("JOINT_COORDINATION/MOLECULES/MOLECULE-001.md")
            .contains("- ATOM-050\n")
    );
    repo.coord(&["lint"]).ok();
    repo.coord(&["molecules", "new", "Release", "--lead", "backend"])
        .ok();
    let m = repo.coord(&["molecules", "renumber", "MOLECULE-001"]);
    m.ok();
    assert!(
        m.stdout.contains("MOLECULE-001 is now MOLECULE-003"),
        "{}",
        m.stdout
    );
    assert!(
        repo.read("JOINT_COORDINATION/MOLECULES/MOLECULE-003.md")
            .starts_with("# MOLECULE-003: Flow\n")
    );
    repo.coord(&["lint"]).ok();

    // Two files of one id (a merge of two clones that allocated offline).
    repo.write(
        "CursorDev/ATOMIC_TASKS/ATOM-002.md",
        "# ATOM-002: Other\n\n```yaml\nid: ATOM-002\ntitle: Other\nteam: frontend\nstatus: NOT_STARTED\n```\n",
    );
    let ambiguous = repo.coord(&["atoms", "start", "ATOM-002"]);
    ambiguous.code(2);
    ambiguous
        .warns("ATOM-002 is the id of 2 files")
        .warns("CursorDev/ATOMIC_TASKS/ATOM-002.md")
        .warns("VSCodeDev/ATOMIC_TASKS/ATOM-002.md");
    repo.coord(&["atoms", "renumber", "ATOM-002"]).code(2);
    let split = repo.coord(&[
        "atoms",
        "renumber",
        "ATOM-002",
        "--file",
        "CursorDev/ATOMIC_TASKS/ATOM-002.md",
    ]);
    split.ok();
    assert!(
        split.stdout.contains("ATOM-002 is now ATOM-051"),
        "{}",
        split.stdout
    );
    // No longer ambiguous: the one that kept the id answers (and still waits for ATOM-050).
    repo.coord(&["atoms", "show", "ATOM-002"]).ok();
    repo.coord(&["atoms", "start", "ATOM-002"]).code(1);
}

#[test]
fn a_double_claim_across_branches_is_found_from_a_clone_that_only_fetched() {
    let (repo, _origin, clones) = team(1, 3, "");
    for (i, who) in [(0, "ann"), (1, "bob")] {
        let dir = &clones[i];
        repo.git_in(dir, &["checkout", "-q", "-b", &format!("work-{who}")], &[])
            .ok();
        repo.coord_in(
            dir,
            &["--offline", "atoms", "start", "1", "--assign", who],
            &[],
        )
        .ok();
        repo.git_in(dir, &["commit", "-q", "-am", "start"], &[])
            .ok();
        repo.git_in(dir, &["push", "-q", "origin", &format!("work-{who}")], &[])
            .ok();
    }
    repo.git_in(&clones[2], &["fetch", "-q"], &[]).ok();
    let r = repo.coord_in(&clones[2], &["conflicts", "--format", "json"], &[]);
    r.code(1);
    let json = r.json();
    let double = json
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["code"] == "double-claim")
        .unwrap_or_else(|| panic!("{json}"));
    let message = double["message"].as_str().unwrap();
    assert!(
        message.contains("ann on branch origin/work-ann")
            && message.contains("bob on branch origin/work-bob"),
        "{message}"
    );
    // And starting it from there is refused: another branch shows someone on it.
    let start = repo.coord_in(
        &clones[2],
        &["--offline", "atoms", "start", "1", "--assign", "cy"],
        &[],
    );
    start.code(1);
    start.warns("IN_PROGRESS on origin/work-");

    // What other branches hold is cached by commit and tree ids, never trusted over git: bob
    // gives the atom back and a fetch moves his branch; the double claim is gone.
    repo.coord_in(&clones[1], &["--offline", "atoms", "release", "1"], &[])
        .ok();
    repo.git_in(&clones[1], &["commit", "-q", "-am", "give back"], &[])
        .ok();
    repo.git_in(&clones[1], &["push", "-q", "origin", "work-bob"], &[])
        .ok();
    repo.git_in(&clones[2], &["fetch", "-q"], &[]).ok();
    let after = repo.coord_in(&clones[2], &["conflicts", "--format", "json"], &[]);
    assert!(
        !after.stdout.contains("double-claim"),
        "a moved branch is read again: {}",
        after.stdout
    );
    // HEAD moves too: merging ann's branch makes her claim this work tree's own, and no other
    // branch shows anyone else on the atom any more.
    repo.git_in(&clones[2], &["merge", "-q", "origin/work-ann"], &[])
        .ok();
    repo.coord_in(&clones[2], &["conflicts"], &[]).ok();
    let own = repo.coord_in(
        &clones[2],
        &["--offline", "atoms", "start", "1", "--assign", "cy"],
        &[],
    );
    own.code(1);
    own.warns("ann");
}

#[test]
fn claims_race_through_a_real_git_daemon() {
    let (repo, origin, _clones) = team(2, 0, "");
    let base = origin.parent().unwrap().to_path_buf();
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let mut daemon = std::process::Command::new("git")
        .args([
            "daemon",
            "--reuseaddr",
            "--export-all",
            "--enable=receive-pack",
            "--listen=127.0.0.1",
            &format!("--port={port}"),
            &format!("--base-path={}", base.display()),
            base.to_str().unwrap(),
        ])
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let url = format!("git://127.0.0.1:{port}/origin.git");
    let mut cloned = Vec::new();
    for i in 0..3 {
        let dir = repo.path().join(format!("over-daemon{i}"));
        let mut tries = 0;
        while repo
            .git_run(&["clone", "-q", &url, dir.to_str().unwrap()], &[])
            .code
            != 0
        {
            tries += 1;
            assert!(tries < 50, "git daemon did not answer");
            std::thread::sleep(std::time::Duration::from_millis(100));
        }
        cloned.push(dir);
    }
    let children: Vec<_> = cloned
        .iter()
        .enumerate()
        .map(|(i, dir)| repo.spawn_in(dir, &["atoms", "next", "--assign", &format!("d{i}")]))
        .collect();
    let codes: Vec<i32> = children
        .into_iter()
        .map(|c| c.wait_with_output().unwrap().status.code().unwrap())
        .collect();
    let _ = daemon.kill();
    let _ = daemon.wait();
    assert_eq!(codes.iter().filter(|c| **c == 0).count(), 2, "{codes:?}");
    assert_eq!(codes.iter().filter(|c| **c == 1).count(), 1, "{codes:?}");
    let refs = repo.git_in(
        &origin,
        &["for-each-ref", "--format=%(refname)", "refs/coord/claims/"],
        &[],
    );
    assert_eq!(refs.stdout.lines().count(), 2, "{}", refs.stdout);
}
