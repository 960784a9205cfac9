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

/// Edit a file in `dir` by replacing `from` with `to`, and commit it on a new branch.
fn hand_edit(repo: &TestRepo, dir: &Path, name: &str, file: &str, edits: &[(&str, &str)]) {
    repo.git_in(dir, &["checkout", "-q", "-b", name, "main"], &[])
        .ok();
    let path = dir.join(file);
    let mut text = std::fs::read_to_string(&path).unwrap();
    for (from, to) in edits {
        assert!(text.contains(from), "{from:?} in {text}");
        text = text.replacen(from, to, 1);
    }
    std::fs::write(&path, text).unwrap();
    repo.git_in(dir, &["commit", "-q", "-am", name], &[]).ok();
}

#[test]
fn the_driver_merges_a_same_field_race_and_keeps_two_claimants_a_conflict() {
    let (repo, _origin, clones) = team(0, 1, "");
    let dir = &clones[0];
    repo.coord_in(
        dir,
        &[
            "--offline",
            "atoms",
            "new",
            "Schema",
            "--team",
            "backend",
            "--criterion",
            "One",
            "--criterion",
            "Two",
        ],
        &[],
    )
    .ok();
    repo.git_in(dir, &["add", "-A"], &[]).ok();
    repo.git_in(dir, &["commit", "-qm", "plan"], &[]).ok();
    // A repository set up before the driver existed: its .gitattributes lacks the lines.
    let attributes = dir.join(".gitattributes");
    let older: String = std::fs::read_to_string(&attributes)
        .unwrap()
        .lines()
        .filter(|l| !l.contains("merge=coord"))
        .map(|l| format!("{l}\n"))
        .collect();
    std::fs::write(&attributes, older).unwrap();
    let install = repo.coord_in(dir, &["hook", "install"], &[]);
    install
        .ok()
        .says("merge.coord.driver")
        .says(".gitattributes");
    repo.git_in(dir, &["config", "coord.team", "backend"], &[])
        .ok();
    let routed = std::fs::read_to_string(&attributes).unwrap();
    assert!(
        routed.contains("VSCodeDev/ATOMIC_TASKS/*.md merge=coord"),
        "{routed}"
    );

    // Both sides tick a criterion and append one, and both append a note: the same lines.
    let file = "VSCodeDev/ATOMIC_TASKS/ATOM-001.md";
    let tick = |which: &str| {
        (
            format!("- text: {which}\n    done: false"),
            format!("- text: {which}\n    done: true"),
        )
    };
    let (one_from, one_to) = tick("One");
    let text = std::fs::read_to_string(dir.join(file)).unwrap();
    let criteria_end = "    done: false\n\nphase";
    assert!(text.contains(criteria_end), "{text}");
    hand_edit(
        &repo,
        dir,
        "ann",
        file,
        &[
            (&one_from, &one_to),
            (
                criteria_end,
                "    done: false\n  - text: Three\n    done: false\n\nphase",
            ),
        ],
    );
    std::fs::OpenOptions::new()
        .append(true)
        .open(dir.join(file))
        .map(|mut f| {
            use std::io::Write;
            f.write_all(b"- ann: migration written\n")
        })
        .unwrap()
        .unwrap();
    repo.git_in(dir, &["commit", "-q", "-am", "ann notes"], &[])
        .ok();
    // Two is the last criterion: ticking it and appending Four is one edit.
    hand_edit(
        &repo,
        dir,
        "bob",
        file,
        &[(
            criteria_end,
            "    done: true\n  - text: Four\n    done: false\n\nphase",
        )],
    );
    std::fs::OpenOptions::new()
        .append(true)
        .open(dir.join(file))
        .map(|mut f| {
            use std::io::Write;
            f.write_all(b"- bob: endpoint stubbed\n")
        })
        .unwrap()
        .unwrap();
    repo.git_in(dir, &["commit", "-q", "-am", "bob notes"], &[])
        .ok();

    repo.git_in(dir, &["checkout", "-q", "ann"], &[]).ok();
    let merged = repo.git_in(dir, &["merge", "-q", "-m", "merge bob", "bob"], &[]);
    assert_eq!(merged.code, 0, "{}\n{}", merged.stdout, merged.stderr);
    let a = repo
        .coord_in(dir, &["atoms", "show", "1", "--format", "json"], &[])
        .json();
    let criteria: Vec<(String, bool)> = a["criteria"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["text"].as_str().unwrap().to_owned(),
                c["done"].as_bool().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        criteria,
        [
            ("One".into(), true),
            ("Two".into(), true),
            ("Three".into(), false),
            ("Four".into(), false)
        ]
    );
    let text = std::fs::read_to_string(dir.join(file)).unwrap();
    assert!(
        text.contains("- ann: migration written\n- bob: endpoint stubbed\n"),
        "{text}"
    );

    // Two claimants of one atom: still a conflict, with the driver too.
    repo.git_in(dir, &["checkout", "-q", "main"], &[]).ok();
    repo.git_in(dir, &["checkout", "-q", "-b", "cy", "main"], &[])
        .ok();
    repo.coord_in(
        dir,
        &["--offline", "atoms", "start", "1", "--assign", "cy"],
        &[],
    )
    .ok();
    repo.git_in(dir, &["commit", "-q", "-am", "cy"], &[]).ok();
    // Someone else takes it by hand on another branch (coord would have refused).
    hand_edit(
        &repo,
        dir,
        "di",
        file,
        &[
            ("status: NOT_STARTED", "status: IN_PROGRESS"),
            ("assigned: null", "assigned: di"),
        ],
    );
    repo.git_in(dir, &["checkout", "-q", "cy"], &[]).ok();
    let race = repo.git_in(dir, &["merge", "-q", "-m", "merge di", "di"], &[]);
    assert_ne!(race.code, 0, "a double claim never merges silently");
    race.says("both sides changed assigned");
    let text = std::fs::read_to_string(dir.join(file)).unwrap();
    assert!(
        text.contains("<<<<<<<") && text.contains("assigned: di"),
        "{text}"
    );
}
