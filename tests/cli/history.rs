//! History end to end over commits with fixed times: timelines across a renumber, standups that
//! list exactly what moved in their window, and KPIs with exact values.

use crate::support::{Run, TestRepo};

/// Run `coord` at `at` (COORD_NOW), then commit everything at `at` as `email`.
fn step(repo: &TestRepo, at: &str, args: &[&str], email: &str) {
    run_at(repo, at, args).ok();
    repo.git(&["add", "-A"]);
    let r = repo.git_run(
        &["commit", "-q", "--no-verify", "-m", &args.join(" ")],
        &[
            ("GIT_AUTHOR_DATE", at),
            ("GIT_COMMITTER_DATE", at),
            ("GIT_AUTHOR_EMAIL", email),
            ("GIT_COMMITTER_EMAIL", email),
        ],
    );
    assert_eq!(r.code, 0, "commit failed: {}", r.all());
}

fn run_at(repo: &TestRepo, at: &str, args: &[&str]) -> Run {
    repo.coord_env(args, &[("COORD_NOW", at)])
}

/// ATOM-001 (backend, estimate 4h): created Mon 09:00, started Tue 09:00, blocked Tue 12:00,
/// unblocked Tue 14:00, done Wed 12:00 (actual 1d3h): lead time 2d3h.
/// ATOM-002 (frontend, estimate 2h): created Mon 09:00, started Wed 10:00, done Wed 13:00
/// (actual 3h: 1.5 × its estimate).
fn history() -> TestRepo {
    let repo = TestRepo::with_teams("");
    repo.commit_all("zones", "lead@backend.example.com");
    let ann = "ann@backend.example.com";
    let fay = "fay@frontend.example.com";
    let new = |title: &str, team: &str, estimate: &str| {
        vec![
            "atoms",
            "new",
            title,
            "--team",
            team,
            "--estimate",
            estimate,
        ]
        .into_iter()
        .map(str::to_owned)
        .collect::<Vec<String>>()
    };
    let args = new("Schema", "backend", "4h");
    let refs: Vec<&str> = args.iter().map(String::as_str).collect();
    step(&repo, "2026-11-16T09:00:00Z", &refs, ann);
    let args = new("Form", "frontend", "2h");
    let refs: Vec<&str> = args.iter().map(String::as_str).collect();
    step(&repo, "2026-11-16T09:30:00Z", &refs, fay);
    step(
        &repo,
        "2026-11-17T09:00:00Z",
        &["atoms", "start", "1", "--assign", ann, "--offline"],
        ann,
    );
    step(
        &repo,
        "2026-11-17T12:00:00Z",
        &["atoms", "block", "1", "--reason", "waiting for the DBA"],
        ann,
    );
    step(
        &repo,
        "2026-11-17T14:00:00Z",
        &["atoms", "unblock", "1"],
        ann,
    );
    step(
        &repo,
        "2026-11-18T10:00:00Z",
        &["atoms", "start", "2", "--assign", fay, "--offline"],
        fay,
    );
    step(&repo, "2026-11-18T12:00:00Z", &["atoms", "done", "1"], ann);
    step(&repo, "2026-11-18T13:00:00Z", &["atoms", "done", "2"], fay);
    repo
}

#[test]
fn kpis_have_exact_values() {
    let repo = history();
    let k = run_at(
        &repo,
        "2026-11-20T10:00:00Z",
        &["kpi", "--since", "2026-11-16", "--format", "json"],
    );
    let k = k.json();
    // Lead time: ATOM-001 2d3h (3060 minutes), ATOM-002 2d3h30m; median is the lower of two.
    assert_eq!(k["lead_time"]["median"], 3060.0);
    assert_eq!(k["lead_time"]["count"], 2);
    // Cycle time: ATOM-001 1d3h (1620 minutes), ATOM-002 3h (180).
    assert_eq!(k["cycle_time"]["median"], 180.0);
    assert_eq!(k["cycle_time"]["p90"], 1620.0);
    // Blocked: two hours of ATOM-001.
    assert_eq!(k["blocked_time"]["median"], 120.0);
    // Actual ÷ estimate: frontend 3h / 2h.
    assert_eq!(k["estimate_accuracy"]["frontend"]["median"], 1.5);
    assert_eq!(k["throughput"], serde_json::json!([["2026-W47", 2]]));
    let rows = k["rows"].as_array().unwrap();
    let lead = rows
        .iter()
        .find(|r| r["name"] == "Lead time (created → done)")
        .unwrap();
    assert_eq!(lead["value"], "median 2d3h, p90 2d3h (2 atoms)");
    assert_eq!(k["lead_time"]["p90"], 3090.0);
    // A team's KPIs are that team's only.
    let backend = run_at(
        &repo,
        "2026-11-20T10:00:00Z",
        &[
            "kpi", "--since", "7d", "--team", "backend", "--format", "json",
        ],
    )
    .json();
    assert_eq!(backend["lead_time"]["count"], 1);
}

#[test]
fn an_escalation_acknowledged_after_its_response_time_is_a_breach() {
    let repo = history();
    let lead = "lead@frontend.example.com";
    step(
        &repo,
        "2026-11-19T09:00:00Z",
        &[
            "escalate",
            "2",
            "--level",
            "2",
            "--reason",
            "needs review",
            "--by",
            lead,
        ],
        lead,
    );
    // Level 2 answers within 30m; this one waited 40m.
    step(
        &repo,
        "2026-11-19T09:40:00Z",
        &["escalations", "ack", "1", "--by", "fay"],
        lead,
    );
    let k = run_at(
        &repo,
        "2026-11-20T10:00:00Z",
        &["kpi", "--since", "7d", "--format", "json"],
    )
    .json();
    assert_eq!(k["escalation_ack"]["median"], 40.0);
    assert_eq!(k["escalation_breaches"], 1);
    let run = run_at(&repo, "2026-11-20T10:00:00Z", &["kpi", "--since", "7d"]);
    run.code(1).says("Escalations answered late").says("NO");
    // A target in zones.yaml allowing one makes it met.
    let zones = repo.read("zones.yaml");
    repo.write(
        "zones.yaml",
        &format!("{zones}kpi: {{ escalation_breaches: 1, conflicts: 0 }}\n"),
    );
    let k = run_at(
        &repo,
        "2026-11-20T10:00:00Z",
        &["kpi", "--since", "7d", "--format", "json"],
    )
    .json();
    let row = k["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["name"] == "Escalations answered late")
        .unwrap()
        .clone();
    assert_eq!(row["met"], true);
}

#[test]
fn a_standup_lists_exactly_what_moved_in_its_window() {
    let repo = history();
    // Wed 11:00 to Thu: both atoms completed, ATOM-002's start (Wed 10:00) is outside.
    let s = run_at(
        &repo,
        "2026-11-19T11:00:00Z",
        &["standup", "--since", "1d", "--format", "json"],
    )
    .json();
    let group = |name: &str| {
        s["groups"]
            .as_array()
            .unwrap()
            .iter()
            .find(|g| g["name"] == name)
            .unwrap()
            .clone()
    };
    let ids = |g: &serde_json::Value, key: &str| -> Vec<String> {
        g[key]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i["id"].as_str().unwrap().to_owned())
            .collect()
    };
    assert_eq!(ids(&group("backend"), "completed"), ["ATOM-001"]);
    assert_eq!(ids(&group("frontend"), "completed"), ["ATOM-002"]);
    assert!(ids(&group("frontend"), "started").is_empty());
    // Tue 11:00 to Tue 15:00: blocked and unblocked.
    let s = run_at(
        &repo,
        "2026-11-17T15:00:00Z",
        &[
            "standup",
            "--since",
            "2026-11-17T11:00:00Z",
            "--format",
            "json",
        ],
    )
    .json();
    let backend = &s["groups"][0];
    assert_eq!(backend["name"], "backend");
    assert_eq!(ids(backend, "blocked"), ["ATOM-001"]);
    assert_eq!(ids(backend, "unblocked"), ["ATOM-001"]);
    assert!(ids(backend, "completed").is_empty());
    // By person, in Markdown.
    let md = run_at(
        &repo,
        "2026-11-19T11:00:00Z",
        &["standup", "--since", "2d", "--by-assignee"],
    );
    md.ok()
        .says("### ann@backend.example.com")
        .says("**✅ Completed**\n- ATOM-001 Schema");
    run_at(
        &repo,
        "2026-11-19T11:00:00Z",
        &["standup", "--since", "soon"],
    )
    .code(2)
    .says("not a window start");
    // A revision as the start: since the commit that blocked ATOM-001.
    let rev = repo.git(&["rev-list", "-n1", "--grep", "atoms block", "HEAD"]);
    let s = run_at(
        &repo,
        "2026-11-19T11:00:00Z",
        &["standup", "--since", rev.trim(), "--format", "json"],
    )
    .json();
    assert_eq!(ids(&s["groups"][0], "blocked"), ["ATOM-001"]);
}

#[test]
fn a_timeline_names_each_field_change_and_survives_a_renumber() {
    let repo = history();
    step(
        &repo,
        "2026-11-19T09:00:00Z",
        &["atoms", "renumber", "1", "ATOM-050"],
        "ann@backend.example.com",
    );
    let log = run_at(
        &repo,
        "2026-11-20T10:00:00Z",
        &["log", "50", "--format", "json"],
    )
    .json();
    let entries = log.as_array().unwrap();
    assert_eq!(entries[0]["created"], true);
    assert_eq!(entries[0]["time"], "2026-11-16T09:00:00Z");
    let status: Vec<String> = entries
        .iter()
        .filter(|e| e["created"] == false)
        .filter_map(|e| {
            e["changes"]
                .as_array()
                .unwrap()
                .iter()
                .find(|c| c["field"] == "status")
        })
        .map(|c| {
            format!(
                "{} → {}",
                c["old"].as_str().unwrap(),
                c["new"].as_str().unwrap()
            )
        })
        .collect();
    assert_eq!(
        status,
        [
            "NOT_STARTED → IN_PROGRESS",
            "IN_PROGRESS → BLOCKED",
            "BLOCKED → IN_PROGRESS",
            "IN_PROGRESS → COMPLETED"
        ]
    );
    let last = entries.last().unwrap();
    assert_eq!(last["renamed_from"], "ATOM-001");
    assert_eq!(last["changes"][0]["field"], "id");
    assert_eq!(last["changes"].as_array().unwrap().len(), 1);
    assert_eq!(last["id"], "ATOM-050");
    assert_eq!(last["email"], "ann@backend.example.com");
    let text = run_at(&repo, "2026-11-20T10:00:00Z", &["log", "ATOM-050"]);
    text.ok()
        .says("renumbered from ATOM-001")
        .says("    status: BLOCKED → IN_PROGRESS");
    run_at(&repo, "2026-11-20T10:00:00Z", &["log", "ATOM-404"]).code(2);
    // Warm: the same answer from the caches.
    let again = run_at(
        &repo,
        "2026-11-20T10:00:00Z",
        &["log", "50", "--format", "json"],
    )
    .json();
    assert_eq!(again, log);
}

#[test]
fn stale_work_is_in_progress_with_no_commit_for_a_while() {
    let repo = history();
    step(
        &repo,
        "2026-11-18T15:00:00Z",
        &["atoms", "new", "Cache", "--team", "devops"],
        "ops@devops.example.com",
    );
    step(
        &repo,
        "2026-11-18T16:00:00Z",
        &[
            "atoms",
            "start",
            "3",
            "--assign",
            "ops@devops.example.com",
            "--offline",
        ],
        "ops@devops.example.com",
    );
    let stale = |at: &str, older: &str| -> Vec<String> {
        run_at(
            &repo,
            at,
            &["atoms", "stale", "--older", older, "--format", "json"],
        )
        .json()
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["id"].as_str().unwrap().to_owned())
        .collect()
    };
    assert!(stale("2026-11-20T16:00:00Z", "3d").is_empty());
    assert!(
        stale("2026-11-21T16:00:00Z", "3d").is_empty(),
        "exactly 3d is not older"
    );
    assert_eq!(stale("2026-11-22T16:01:00Z", "3d"), ["ATOM-003"]);
    let run = run_at(&repo, "2026-11-22T16:01:00Z", &["atoms", "stale"]);
    run.ok().says("ops@devops.example.com").says("4d");
    run_at(
        &repo,
        "2026-11-22T16:01:00Z",
        &["atoms", "stale", "--older", "long"],
    )
    .code(2);
    repo.coord(&["dashboard", "--now", "2026-11-22T16:01:00Z"])
        .ok();
    assert!(
        repo.read("MustiDev/REAL_TIME_STATUS.md")
            .contains("### Stale work")
    );
}

#[test]
fn a_change_across_three_teams_calls_for_the_coordinator() {
    let repo = TestRepo::with_teams(
        "exclusive:\n  backend: [api/]\n  frontend: [web/]\n  devops: [ops/]\ncoordinate_when: { teams: 3 }\n",
    );
    repo.commit_all("zones", "lead@backend.example.com");
    for f in ["api/a.rs", "web/a.js", "ops/a.yml"] {
        repo.write(f, "x\n");
    }
    repo.git(&["add", "-A"]);
    let staged = repo.coord(&[
        "zones", "check", "--staged", "--team", "backend", "--format", "json",
    ]);
    let findings = staged.json();
    let cross = findings
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["code"] == "cross-team-change")
        .expect("a cross-team-change warning");
    assert_eq!(cross["severity"], "warning");
    assert!(
        cross["message"]
            .as_str()
            .unwrap()
            .contains("3 teams (backend, devops, frontend)")
    );
    // Two teams do not call for one.
    repo.git(&["reset", "-q", "ops/a.yml"]);
    let two = repo.coord(&[
        "zones", "check", "--staged", "--team", "backend", "--format", "json",
    ]);
    assert!(!two.stdout.contains("cross-team-change"), "{}", two.stdout);
    // The range check says it of the commit.
    repo.git(&["add", "-A"]);
    repo.commit_all("all three", "lead@backend.example.com");
    let range = repo.coord(&[
        "zones",
        "check",
        "--range",
        "HEAD~1..HEAD",
        "--format",
        "json",
    ]);
    assert!(
        range.stdout.contains("cross-team-change"),
        "{}",
        range.stdout
    );
}

#[test]
fn the_history_cache_follows_new_commits_and_new_team_folders() {
    let repo = history();
    let at = "2026-11-20T10:00:00Z";
    let entries = |repo: &TestRepo, id: &str| -> Vec<serde_json::Value> {
        let run = run_at(repo, at, &["log", id, "--format", "json"]);
        run.ok().json().as_array().unwrap().clone()
    };
    let before = entries(&repo, "1");
    // A commit after the cached run: its change is read, the rest comes from the cache.
    let path = "VSCodeDev/ATOMIC_TASKS/ATOM-001.md";
    let text = repo.read(path);
    repo.write(path, &text.replace("title: Schema", "title: Schema v2"));
    repo.commit_all("rename", "ann@backend.example.com");
    let after = entries(&repo, "1");
    assert_eq!(after.len(), before.len() + 1);
    assert_eq!(after[..before.len()], before[..]);
    let last = after.last().unwrap();
    assert_eq!(last["changes"][0]["field"], "title");
    assert_eq!(last["changes"][0]["new"], "Schema v2");
    // A folder no team owned yet: its atom has no history until zones.yaml names the team, and
    // then it has, though HEAD has not moved.
    let ops = text
        .replace("ATOM-001", "ATOM-009")
        .replace("team: backend", "team: ops");
    repo.write("OpsDev/ATOMIC_TASKS/ATOM-009.md", &ops);
    repo.commit_all("ops work", "ann@backend.example.com");
    run_at(&repo, at, &["log", "ATOM-009"]).code(2);
    let zones = repo.read("zones.yaml");
    let team = "  ops:\n    dir: OpsDev\n    members: [\"*@ops.example.com\"]\n";
    repo.write(
        "zones.yaml",
        &zones.replacen("teams:\n", &format!("teams:\n{team}"), 1),
    );
    let ops_log = entries(&repo, "ATOM-009");
    assert_eq!(ops_log.len(), 1);
    assert_eq!(ops_log[0]["created"], true);
}

#[test]
fn a_spoiled_history_cache_is_removed_and_read_again() {
    let repo = history();
    let at = "2026-11-20T10:00:00Z";
    let good = run_at(&repo, at, &["log", "1", "--format", "json"])
        .ok()
        .stdout
        .clone();
    // Keep the cache's head (it still matches HEAD) and cut the events after it.
    let cache = repo.path().join(".git/coord/history-events.bin");
    let bytes = std::fs::read(&cache).unwrap();
    std::fs::write(&cache, &bytes[..bytes.len() / 2]).unwrap();
    let spoiled = run_at(&repo, at, &["log", "1"]);
    assert_ne!(spoiled.code, 0);
    spoiled
        .warns("history cache")
        .warns("run the command again");
    assert!(!cache.exists());
    let again = run_at(&repo, at, &["log", "1", "--format", "json"])
        .ok()
        .stdout
        .clone();
    assert_eq!(again, good);
}
