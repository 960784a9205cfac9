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
    repo.git_in(dir, &["add", "-A"], &[]).ok();
    repo.git_in(dir, &["commit", "-q", "-m", name], &[]).ok();
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
    // `phase` and `blocked_reason` are neighbours in the block: only the blank line between
    // them keeps these two apart.
    branch(
        &repo,
        &clones[0],
        "phase-2",
        &[&["atoms", "edit", "2", "--phase", "2"]],
    );
    // An escalation by another team is a file of its own: it touches no atom.
    branch(
        &repo,
        &clones[2],
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
    for name in [
        "tick-1",
        "start",
        "tick-2",
        "block-2",
        "phase-2",
        "escalate-2",
    ] {
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
    assert_eq!(two["phase"], 2);
    let escalations = repo
        .coord_in(here, &["escalations", "list", "--format", "json"], &[])
        .json();
    assert_eq!(escalations[0]["subject"], "ATOM-002");
    assert_eq!(escalations[0]["reason"], "needs a decision");
    // What history says of when each changed: the commits that changed them.
    assert!(one["last_updated"].is_string(), "{one}");
    repo.coord_in(here, &["lint"], &[]).ok();
}

/// Append a line of notes to `file` in `dir`, and commit it.
fn append_note(repo: &TestRepo, dir: &Path, file: &str, line: &str) {
    let path = dir.join(file);
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, format!("{text}{line}")).unwrap();
    repo.git_in(dir, &["commit", "-q", "-am", "notes"], &[])
        .ok();
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
    append_note(&repo, dir, file, "- ann: migration written\n");
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
    append_note(&repo, dir, file, "- bob: endpoint stubbed\n");

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

/// The shell steps of a shipped workflow, in order, leaving out checkout and installing coord
/// (the test runs the coord it built).
fn workflow_steps(path: &Path) -> Vec<String> {
    let text = std::fs::read_to_string(path).unwrap();
    let yaml: serde_json::Value = serde_saphyr::from_str(&text).unwrap();
    yaml["jobs"]
        .as_object()
        .unwrap()
        .values()
        .flat_map(|job| job["steps"].as_array().unwrap().clone())
        .filter(|step| step["name"] != "Install coord")
        .filter_map(|step| step["run"].as_str().map(str::to_owned))
        .collect()
}

/// Run a workflow's steps in `dir` as a runner would, with `env`; the summary it wrote.
fn run_workflow(repo: &TestRepo, dir: &Path, workflow: &Path, env: &[(&str, &str)]) -> String {
    let summary = dir.join("../step-summary.md");
    let _ = std::fs::remove_file(&summary);
    let bin = Path::new(crate::support::coord_bin()).parent().unwrap();
    let path = format!("{}:{}", bin.display(), std::env::var("PATH").unwrap());
    for script in workflow_steps(workflow) {
        let mut cmd = std::process::Command::new("bash");
        repo.seal(&mut cmd, "ci@example.com");
        cmd.current_dir(dir)
            .args(["-e", "-c", &script])
            .env("PATH", &path)
            .env("GITHUB_STEP_SUMMARY", &summary)
            .envs(env.iter().copied());
        let out = cmd.output().unwrap();
        assert!(
            out.status.success(),
            "step failed:\n{script}\n{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    }
    std::fs::read_to_string(&summary).unwrap_or_default()
}

#[test]
fn ten_branches_from_five_clones_merge_in_sequence_and_ci_keeps_the_dashboards() {
    let (repo, _origin, clones) = team(10, 7, "dashboard: { update: ci }\n");
    // The project adopts the shipped workflows.
    let lead = &clones[5];
    repo.coord_in(lead, &["init", "--github"], &[]).ok();
    repo.git_in(lead, &["add", "-A"], &[]).ok();
    repo.git_in(lead, &["commit", "-qm", "Adopt coord's workflows"], &[])
        .ok();
    repo.git_in(lead, &["push", "-q", "origin", "main"], &[])
        .ok();
    let dashboards_workflow = lead.join(".github/workflows/coord-dashboards.yml");
    let pr_workflow = lead.join(".github/workflows/coord-pull-request.yml");
    assert!(
        std::fs::read_to_string(&dashboards_workflow)
            .unwrap()
            .contains("branches: [main]")
    );

    // Five clones, two branches each, each branch changing one atom of its own.
    let mut branches = Vec::new();
    for (c, dir) in clones[..5].iter().enumerate() {
        repo.git_in(dir, &["fetch", "-q"], &[]).ok();
        for k in 0..2 {
            let n = 1 + c * 2 + k;
            let name = format!("work-{n}");
            let id = format!("ATOM-{n:03}");
            let step: Vec<&str> = match n % 3 {
                0 => vec!["atoms", "start", &id, "--assign"],
                1 => vec!["atoms", "block", &id, "--reason", "waiting", "--assign"],
                _ => vec!["atoms", "start", &id, "--assign"],
            };
            let who = format!("dev{n}");
            let mut args = step.clone();
            if args.contains(&"block") {
                args.truncate(5);
            } else {
                args.push(&who);
            }
            branch(&repo, dir, &name, &[&args]);
            branches.push(name);
        }
    }

    // The forge: each pull request checked, merged with plain git, then CI on main.
    let forge = &clones[6];
    let ci = &clones[5];
    for name in &branches {
        // The pull request's checks, on the branch.
        repo.git_in(ci, &["fetch", "-q"], &[]).ok();
        repo.git_in(
            ci,
            &["checkout", "-q", "-B", "pr", &format!("origin/{name}")],
            &[],
        )
        .ok();
        let summary = run_workflow(&repo, ci, &pr_workflow, &[("GITHUB_BASE_REF", "main")]);
        assert!(summary.contains("## Coordination changes"), "{summary}");
        assert!(
            summary.contains("| started |") || summary.contains("| blocked |"),
            "{summary}"
        );
        // The merge button: no driver, no hook.
        repo.git_in(forge, &["fetch", "-q"], &[]).ok();
        repo.git_in(forge, &["merge", "-q", "--ff-only", "origin/main"], &[])
            .ok();
        let merged = repo.git_in(
            forge,
            &[
                "merge",
                "--no-ff",
                "-q",
                "-m",
                &format!("Merge {name}"),
                &format!("origin/{name}"),
            ],
            &[],
        );
        assert_eq!(merged.code, 0, "{name}: {}{}", merged.stdout, merged.stderr);
        repo.git_in(forge, &["push", "-q", "origin", "main"], &[])
            .ok();
        // The push to main runs the dashboards workflow.
        repo.git_in(ci, &["fetch", "-q"], &[]).ok();
        repo.git_in(ci, &["checkout", "-q", "-B", "main", "origin/main"], &[])
            .ok();
        run_workflow(
            &repo,
            ci,
            &dashboards_workflow,
            &[("GITHUB_REF_NAME", "main")],
        );
    }
    // Afterwards: main's dashboards are fresh, written by CI's own commits.
    repo.git_in(forge, &["pull", "-q", "--ff-only", "origin", "main"], &[])
        .ok();
    repo.coord_in(forge, &["dashboard", "--check"], &[]).ok();
    let log = repo.git_in(forge, &["log", "--format=%an %s", "-3"], &[]);
    assert!(
        log.stdout.starts_with("coord Regenerate the dashboards"),
        "{}",
        log.stdout
    );
    let team = std::fs::read_to_string(forge.join("VSCodeDev/REAL_TIME_STATUS.md")).unwrap();
    assert!(team.contains("ATOM-010"), "{team}");
    // Written from committed history: when the team last changed an atom.
    assert!(
        team.contains("Last change: 2026-11-20T10:00:00Z (ATOM-010)."),
        "{team}"
    );
    // A branch may not carry dashboards under `update: ci`: the hook's check refuses them.
    repo.git_in(forge, &["checkout", "-q", "-b", "sneaky"], &[])
        .ok();
    std::fs::write(forge.join("VSCodeDev/REAL_TIME_STATUS.md"), "edited\n").unwrap();
    repo.git_in(forge, &["add", "-A"], &[]).ok();
    let refused = repo.coord_in(forge, &["dashboard", "--check", "--staged"], &[]);
    refused.code(1);
    refused.says("dashboard-off-branch");
}

#[test]
fn the_summary_of_a_branch_that_completes_one_atom_and_blocks_another() {
    let (repo, _origin, clones) = team(0, 1, "phases: [ { id: 1, name: Build } ]\n");
    let dir = &clones[0];
    for title in ["Schema", "Endpoint"] {
        repo.coord_in(
            dir,
            &[
                "--offline",
                "atoms",
                "new",
                title,
                "--team",
                "backend",
                "--priority",
                "high",
                "--phase",
                "1",
                "--criterion",
                "Done",
            ],
            &[],
        )
        .ok();
    }
    repo.coord_in(
        dir,
        &[
            "--offline",
            "molecules",
            "new",
            "Upload",
            "--lead",
            "backend",
            "--atoms",
            "ATOM-001",
            "--atoms",
            "ATOM-002",
        ],
        &[],
    )
    .ok();
    repo.coord_in(
        dir,
        &["--offline", "atoms", "start", "1", "--assign", "ann"],
        &[],
    )
    .ok();
    repo.git_in(dir, &["add", "-A"], &[]).ok();
    repo.git_in(dir, &["commit", "-qm", "plan"], &[]).ok();
    repo.git_in(dir, &["checkout", "-q", "-b", "feature"], &[])
        .ok();
    repo.coord_in(dir, &["--offline", "atoms", "tick", "1", "1"], &[])
        .ok();
    repo.coord_in(dir, &["--offline", "atoms", "done", "1"], &[])
        .ok();
    repo.coord_in(
        dir,
        &["--offline", "atoms", "start", "2", "--assign", "bob"],
        &[],
    )
    .ok();
    repo.coord_in(
        dir,
        &[
            "--offline",
            "atoms",
            "block",
            "2",
            "--reason",
            "needs the API key",
        ],
        &[],
    )
    .ok();
    repo.coord_in(
        dir,
        &["--offline", "atoms", "new", "Docs", "--team", "frontend"],
        &[],
    )
    .ok();
    repo.git_in(dir, &["add", "-A"], &[]).ok();
    repo.git_in(dir, &["commit", "-qm", "work"], &[]).ok();

    let md = repo.coord_in(dir, &["dashboard", "--summary", "main..HEAD"], &[]);
    md.ok();
    let text = &md.stdout;
    assert!(
        text.contains("**Atoms:** 1 created, 1 completed, 1 blocked."),
        "{text}"
    );
    assert!(
        text.contains("| completed | ATOM-001 | Schema | backend | COMPLETED |"),
        "{text}"
    );
    assert!(
        text.contains("| blocked | ATOM-002 | Endpoint | backend | BLOCKED: needs the API key |"),
        "{text}"
    );
    assert!(
        text.contains("| created | ATOM-003 | Docs | frontend | NOT_STARTED |"),
        "{text}"
    );
    assert!(
        text.contains("🔴 critical blocking"),
        "a HIGH atom blocked turns backend red: {text}"
    );
    assert!(
        text.contains("| MOLECULE-001 Upload | 0/2 | 1/2 |"),
        "{text}"
    );
    assert!(text.contains("| 1 Build | 0/2 | 1/2 |"), "{text}");
    let json = repo
        .coord_in(
            dir,
            &["dashboard", "--summary", "main..HEAD", "--format", "json"],
            &[],
        )
        .json();
    assert_eq!(json["atoms"].as_array().unwrap().len(), 3);
    let backend = json["teams"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["id"] == "backend")
        .unwrap();
    assert_eq!(backend["after"], "critical");
    // A range that names no base is a usage error.
    repo.coord_in(dir, &["dashboard", "--summary", "..HEAD"], &[])
        .code(2);
}

#[test]
fn bad_input_to_the_merge_and_dashboard_settings_is_a_diagnostic() {
    let repo = TestRepo::with_teams("");
    let zones = repo.read("zones.yaml");
    repo.write(
        "zones.yaml",
        &format!("{zones}dashboard: {{ update: sometimes, author: nobody }}\n"),
    );
    let r = repo.coord(&["dashboard", "--check"]);
    r.code(2);
    r.warns("zones.yaml:12:22")
        .warns("unknown dashboard update `sometimes`");
    r.warns("`nobody` is not `Name <email>`");

    let repo = TestRepo::with_teams("");
    let missing = repo.coord(&["merge-file", "base.md", "ours.md", "theirs.md"]);
    missing.code(2);
    missing.warns("base.md");
    // A status file whose block does not parse is left as it is by `coord fmt`.
    let broken = "# ATOM-001: T\n\n```yaml\nid: ATOM-001\ntitle: [unclosed\n```\n";
    repo.write("VSCodeDev/ATOMIC_TASKS/ATOM-001.md", broken);
    repo.coord(&["fmt"]).ok();
    assert_eq!(repo.read("VSCodeDev/ATOMIC_TASKS/ATOM-001.md"), broken);
    repo.coord(&["dashboard", "--summary", "nothing-here..HEAD"])
        .code(2);

    // The dashboards' commit holds only the pages: anything else staged refuses it, before any
    // page is written.
    std::fs::remove_file(repo.file("VSCodeDev/ATOMIC_TASKS/ATOM-001.md")).unwrap();
    repo.git_run(&["add", "-A"], &[]).ok();
    repo.git_run(&["commit", "-qm", "plan"], &[]).ok();
    repo.coord(&["atoms", "new", "Staged", "--team", "backend"])
        .ok();
    repo.git_run(&["add", "-A"], &[]).ok();
    let before = repo.read("VSCodeDev/REAL_TIME_STATUS.md");
    let refused = repo.coord(&["dashboard", "--commit"]);
    refused.code(2);
    refused.warns("is staged");
    assert_eq!(repo.read("VSCodeDev/REAL_TIME_STATUS.md"), before);
    assert_eq!(repo.git(&["log", "--format=%s", "-1"]).trim(), "plan");
}
