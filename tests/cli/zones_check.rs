//! The zone check through real `git commit`s with the installed hook, and the range check.

use crate::support::TestRepo;

pub const BACKEND: &str = "alice@backend.example.com";
pub const FRONTEND: &str = "fred@frontend.example.com";
pub const DEVOPS: &str = "dora@devops.example.com";

pub const ZONES: &str = "exclusive:\n  backend: [\"server/**\"]\n  frontend: [\"web/**\"]\nshared:\n  config/settings.yaml: { backend_config: backend, frontend_config: frontend }\n  docs/GUIDE.md: { Backend: backend, Frontend: frontend }\njoint:\n  api: { paths: [\"api/**\"], owners: [backend, frontend] }\nreadonly: [\"vendor/**\"]\n";

pub const SETTINGS: &str =
    "backend_config:\n  port: 8080\n  workers: 4\nfrontend_config:\n  theme: light\n";

/// A repository with zones, sample files committed, and the hook installed.
pub fn zoned(extra: &str) -> TestRepo {
    let repo = TestRepo::with_teams(&format!("{ZONES}{extra}"));
    repo.write("server/main.rs", "fn main() {}\n");
    repo.write("web/app.js", "console.log(1);\n");
    repo.write("api/spec.yaml", "openapi: 3.1.0\n");
    repo.write("vendor/lib.txt", "vendored\n");
    repo.write("config/settings.yaml", SETTINGS);
    repo.write(
        "docs/GUIDE.md",
        "# Guide\n\nIntro.\n\n## Backend\n\nRun the server.\n\n## Frontend\n\nOpen the page.\n",
    );
    repo.write("README.md", "hello\n");
    repo.commit_all("setup", BACKEND);
    repo.coord(&["hook", "install"]).ok();
    repo
}

/// The range check's findings over `range`, as JSON.
fn range_json(repo: &TestRepo, range: &str) -> serde_json::Value {
    repo.coord(&["zones", "check", "--range", range, "--format", "json"])
        .json()
}

fn commits(repo: &TestRepo) -> usize {
    repo.git_run(&["rev-list", "--count", "HEAD"], &[])
        .stdout
        .trim()
        .parse()
        .unwrap_or(0)
}

#[track_caller]
fn blocked(repo: &TestRepo, email: &str, args: &[&str], needles: &[&str]) {
    let before = commits(repo);
    let r = repo.commit(args, email);
    assert_ne!(r.code, 0, "commit should be refused:\n{}", r.all());
    assert!(
        !r.all().contains("panicked"),
        "coord crashed instead of refusing:\n{}",
        r.all()
    );
    assert!(
        r.all().contains("error[") || r.all().contains("  × "),
        "the refusal names no finding:\n{}",
        r.all()
    );
    for n in needles {
        assert!(r.all().contains(n), "missing {n:?} in:\n{}", r.all());
    }
    assert_eq!(commits(repo), before, "a commit was created");
}

#[track_caller]
fn passes(repo: &TestRepo, email: &str, args: &[&str]) -> String {
    let r = repo.commit(args, email);
    assert_eq!(r.code, 0, "commit should pass:\n{}", r.all());
    r.all()
}

#[test]
fn own_zone_passes_and_a_foreign_exclusive_zone_is_blocked() {
    let repo = zoned("");
    repo.write("server/main.rs", "fn main() { run() }\n");
    repo.git(&["add", "server/main.rs"]);
    passes(&repo, BACKEND, &["-m", "own zone"]);
    repo.write("web/app.js", "console.log(2);\n");
    repo.git(&["add", "web/app.js"]);
    blocked(
        &repo,
        BACKEND,
        &["-m", "foreign"],
        &[
            "zone-exclusive",
            "web/app.js",
            "exclusive to frontend",
            "owners: frontend",
            "committing team: backend",
            "COORD_SKIP=1",
        ],
    );
    passes(&repo, FRONTEND, &["-m", "theirs"]);
}

#[test]
fn every_kind_of_change_counts() {
    let repo = zoned("");
    repo.write("web/new.js", "new\n");
    repo.git(&["add", "web/new.js"]);
    blocked(&repo, BACKEND, &["-m", "add"], &["web/new.js"]);
    repo.git(&["reset", "-q"]);
    std::fs::remove_file(repo.file("web/new.js")).unwrap();

    repo.git(&["rm", "-q", "web/app.js"]);
    blocked(&repo, BACKEND, &["-m", "delete"], &["web/app.js"]);
    repo.git(&["reset", "-q", "--hard"]);

    repo.git(&["update-index", "--chmod=+x", "web/app.js"]);
    blocked(&repo, BACKEND, &["-m", "mode"], &["web/app.js"]);
    repo.git(&["reset", "-q", "--hard"]);

    #[cfg(unix)]
    {
        std::fs::remove_file(repo.file("web/app.js")).unwrap();
        std::os::unix::fs::symlink("../server/main.rs", repo.file("web/app.js")).unwrap();
        repo.git(&["add", "web/app.js"]);
        blocked(&repo, BACKEND, &["-m", "type change"], &["web/app.js"]);
        repo.git(&["reset", "-q", "--hard"]);
    }

    let head = repo.git(&["rev-parse", "HEAD"]).trim().to_owned();
    repo.git(&[
        "update-index",
        "--add",
        "--cacheinfo",
        &format!("160000,{head},web/submodule"),
    ]);
    blocked(&repo, BACKEND, &["-m", "gitlink"], &["web/submodule"]);
}

#[test]
fn renames_count_on_both_sides_of_the_border() {
    let repo = zoned("");
    repo.git(&["mv", "web/app.js", "server/app.js"]);
    blocked(&repo, BACKEND, &["-m", "take it"], &["web/app.js"]);
    repo.git(&["reset", "-q", "--hard"]);
    repo.git(&["mv", "server/main.rs", "web/main.rs"]);
    blocked(
        &repo,
        BACKEND,
        &["-m", "give it"],
        &["web/main.rs", "renamed from: server/main.rs"],
    );
    repo.git(&["reset", "-q", "--hard"]);
    repo.git(&["mv", "web/app.js", "web/app2.js"]);
    passes(&repo, FRONTEND, &["-m", "inside own zone"]);
}

#[test]
fn commit_all_and_commit_paths_use_the_index_git_commits() {
    let repo = zoned("");
    repo.write("web/app.js", "changed\n");
    blocked(&repo, BACKEND, &["-a", "-m", "all"], &["web/app.js"]);
    blocked(
        &repo,
        BACKEND,
        &["-m", "paths", "web/app.js"],
        &["web/app.js"],
    );
    // Committing only one's own path leaves the foreign change out, and passes.
    repo.write("server/main.rs", "fn main() { 2 }\n");
    passes(&repo, BACKEND, &["-m", "only mine", "server/main.rs"]);
    assert_eq!(repo.git(&["status", "--porcelain"]).trim(), "M web/app.js");
}

#[test]
fn works_from_a_subdirectory_and_in_a_linked_worktree() {
    let repo = zoned("");
    repo.write("web/app.js", "changed\n");
    repo.git(&["add", "web/app.js"]);
    let sub = repo.file("server");
    let r = repo.git_in(
        &sub,
        &["commit", "-q", "-m", "from subdir"],
        &[("GIT_AUTHOR_EMAIL", BACKEND)],
    );
    assert_ne!(r.code, 0, "{}", r.all());
    assert!(r.all().contains("web/app.js"), "{}", r.all());
    repo.git(&["reset", "-q", "--hard"]);

    let wt = repo.path().join("wt");
    repo.git(&["worktree", "add", "-q", wt.to_str().unwrap(), "-b", "side"]);
    std::fs::write(wt.join("web/app.js"), "from worktree\n").unwrap();
    let add = repo.git_in(&wt, &["add", "web/app.js"], &[]);
    assert_eq!(add.code, 0);
    let r = repo.git_in(
        &wt,
        &["commit", "-q", "-m", "in worktree"],
        &[("GIT_AUTHOR_EMAIL", BACKEND)],
    );
    assert_ne!(r.code, 0, "{}", r.all());
    assert!(r.all().contains("zone-exclusive"), "{}", r.all());
    std::fs::write(wt.join("server/main.rs"), "fn main() { 3 }\n").unwrap();
    repo.git_in(&wt, &["reset", "-q"], &[]).ok();
    repo.git_in(&wt, &["add", "server/main.rs"], &[]).ok();
    let ok = repo.git_in(
        &wt,
        &["commit", "-q", "-m", "own"],
        &[("GIT_AUTHOR_EMAIL", BACKEND)],
    );
    assert_eq!(ok.code, 0, "{}", ok.all());
}

#[test]
fn the_first_commit_on_an_unborn_branch_is_checked() {
    let repo = TestRepo::with_teams(ZONES);
    repo.coord(&["hook", "install"]).ok();
    repo.write("web/app.js", "x\n");
    repo.git(&["add", "web/app.js"]);
    blocked(&repo, BACKEND, &["-m", "first"], &["web/app.js"]);
    repo.git(&["rm", "-q", "--cached", "web/app.js"]);
    repo.write("server/main.rs", "fn main() {}\n");
    repo.git(&["add", "server/main.rs"]);
    passes(&repo, BACKEND, &["-m", "first"]);
}

#[test]
fn resolving_a_merge_does_not_blame_the_other_branch() {
    let repo = zoned("");
    repo.git(&["checkout", "-q", "-b", "front"]);
    repo.write("web/app.js", "frontend work\n");
    repo.write("api/spec.yaml", "openapi: 3.1.0\nfront: true\n");
    repo.commit_all("frontend work", FRONTEND);
    repo.git(&["checkout", "-q", "main"]);
    repo.write("api/spec.yaml", "openapi: 3.1.0\nback: true\n");
    repo.write("server/main.rs", "fn main() { back() }\n");
    repo.commit_all("backend work", BACKEND);
    let merge = repo.git_run(
        &["merge", "-q", "front", "--no-edit"],
        &[("GIT_AUTHOR_EMAIL", BACKEND)],
    );
    assert_ne!(merge.code, 0, "expected a conflict");
    repo.write("api/spec.yaml", "openapi: 3.1.0\nfront: true\nback: true\n");
    repo.git(&["add", "api/spec.yaml"]);
    passes(&repo, BACKEND, &["--no-edit"]);
    assert!(
        repo.git(&["log", "-1", "--format=%P"])
            .split_whitespace()
            .count()
            == 2
    );

    // A resolution that also rewrites the other team's file is blamed.
    repo.git(&["checkout", "-q", "-b", "front2", "HEAD~1"]);
    repo.write("api/spec.yaml", "openapi: 3.1.0\nv2: front\n");
    repo.commit_all("front2", FRONTEND);
    repo.git(&["checkout", "-q", "main"]);
    repo.write("api/spec.yaml", "openapi: 3.1.0\nv2: back\n");
    repo.commit_all("back2", BACKEND);
    let merge = repo.git_run(
        &["merge", "-q", "front2", "--no-edit"],
        &[("GIT_AUTHOR_EMAIL", BACKEND)],
    );
    assert_ne!(merge.code, 0);
    repo.write("api/spec.yaml", "openapi: 3.1.0\nv2: both\n");
    repo.write("web/app.js", "sneaky\n");
    repo.git(&["add", "api/spec.yaml", "web/app.js"]);
    blocked(&repo, BACKEND, &["--no-edit"], &["web/app.js"]);
}

#[test]
fn merges_without_conflicts_are_judged_by_the_range_check() {
    let repo = zoned("");
    let base = repo.git(&["rev-parse", "HEAD"]).trim().to_owned();
    repo.write("web/app.js", "one\ntwo\nthree\nfour\nfive\n");
    repo.commit_all("longer app", FRONTEND);
    // Another team's branch merged without conflicts: nothing of it is blamed on the merger.
    repo.git(&["checkout", "-q", "-b", "front"]);
    repo.write("web/app.js", "one\ntwo\nthree\nfour\nFIVE\n");
    repo.commit_all("frontend work", FRONTEND);
    repo.git(&["checkout", "-q", "main"]);
    repo.write("server/main.rs", "fn main() { 1 }\n");
    repo.commit_all("backend work", BACKEND);
    let clean = repo.git_run(
        &["merge", "-q", "--no-edit", "front"],
        &[("GIT_AUTHOR_EMAIL", BACKEND)],
    );
    assert_eq!(clean.code, 0, "{}", clean.all());
    repo.coord(&["zones", "check", "--range", &format!("{base}..main")])
        .ok();
    // When the automatic result holds the merger's own edit of a foreign file, the range check
    // names both that edit and the merge that carries it.
    let before = repo.git(&["rev-parse", "HEAD"]).trim().to_owned();
    repo.git(&["checkout", "-q", "-b", "front2"]);
    repo.write("web/app.js", "ONE\ntwo\nthree\nfour\nFIVE\n");
    repo.commit_all("frontend again", FRONTEND);
    repo.git(&["checkout", "-q", "main"]);
    repo.write("web/app.js", "one\ntwo\nthree\nfour-by-backend\nFIVE\n");
    repo.commit_all("backend sneaks in", BACKEND);
    let merged = repo.git_run(
        &["merge", "-q", "--no-edit", "front2"],
        &[("GIT_AUTHOR_EMAIL", BACKEND)],
    );
    assert_eq!(merged.code, 0, "{}", merged.all());
    let json = repo
        .coord(&[
            "zones",
            "check",
            "--range",
            &format!("{before}..main"),
            "--format",
            "json",
        ])
        .json();
    let subjects: Vec<&str> = json
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["subject"].as_str().unwrap())
        .collect();
    assert_eq!(
        subjects,
        ["backend sneaks in", "Merge branch 'front2'"],
        "{json}"
    );
}

#[test]
fn shared_files_are_checked_by_section() {
    let repo = zoned("");
    repo.write(
        "config/settings.yaml",
        &SETTINGS.replace("workers: 4", "workers: 8"),
    );
    repo.git(&["add", "-A"]);
    passes(&repo, BACKEND, &["-m", "own section"]);
    repo.write(
        "config/settings.yaml",
        &SETTINGS
            .replace("workers: 4", "workers: 8")
            .replace("theme: light", "theme: dark"),
    );
    repo.git(&["add", "-A"]);
    blocked(
        &repo,
        BACKEND,
        &["-m", "their section"],
        &[
            "zone-shared-section",
            "config/settings.yaml:5",
            "section: frontend_config",
            "owned by frontend",
        ],
    );
    repo.git(&["reset", "-q", "--hard"]);
    repo.write("docs/GUIDE.md", "# Guide\n\nIntro.\n\n## Backend\n\nRun the server.\n\n## Frontend\n\nOpen the page twice.\n");
    repo.git(&["add", "-A"]);
    let json = repo.coord_env(
        &["zones", "check", "--staged", "--format", "json"],
        &[("GIT_AUTHOR_EMAIL", BACKEND)],
    );
    json.code(1);
    let v = &json.json()[0];
    assert_eq!(v["code"], "zone-shared-section");
    assert_eq!(v["path"], "docs/GUIDE.md");
    assert_eq!(v["section"], "Frontend");
    assert_eq!(v["line"], 11);
    assert_eq!(v["committing_teams"], serde_json::json!(["backend"]));
    assert_eq!(v["owners"], serde_json::json!(["frontend"]));
    assert_eq!(v["severity"], "error");
    assert_eq!(v["column"], serde_json::Value::Null);
    assert_eq!(v["hint"], "ask frontend to make the change");
    passes(&repo, FRONTEND, &["-m", "frontend edits its section"]);
}

#[test]
fn merging_a_shared_file_blames_only_lines_no_parent_has() {
    let repo = zoned("");
    repo.git(&["checkout", "-q", "-b", "front"]);
    repo.write(
        "config/settings.yaml",
        &SETTINGS.replace("theme: light", "theme: dark"),
    );
    repo.write("api/spec.yaml", "openapi: 3.1.0\nfront: true\n");
    repo.commit_all("frontend settings", FRONTEND);
    repo.git(&["checkout", "-q", "main"]);
    repo.write(
        "config/settings.yaml",
        &SETTINGS.replace("workers: 4", "workers: 8"),
    );
    repo.write("api/spec.yaml", "openapi: 3.1.0\nback: true\n");
    repo.commit_all("backend settings", BACKEND);
    let merge = repo.git_run(
        &["merge", "-q", "front", "--no-edit"],
        &[("GIT_AUTHOR_EMAIL", BACKEND)],
    );
    assert_ne!(merge.code, 0, "the joint file conflicts");
    assert_eq!(
        repo.read("config/settings.yaml"),
        SETTINGS
            .replace("workers: 4", "workers: 8")
            .replace("theme: light", "theme: dark")
    );
    repo.write("api/spec.yaml", "openapi: 3.1.0\nfront: true\nback: true\n");
    repo.git(&["add", "api/spec.yaml"]);
    passes(&repo, BACKEND, &["--no-edit"]);

    // The same merge where the resolution also rewrites the frontend's section is blamed for it.
    repo.git(&["checkout", "-q", "-b", "front2", "HEAD~1"]);
    repo.write(
        "config/settings.yaml",
        &SETTINGS.replace("theme: light", "theme: blue"),
    );
    repo.write("api/spec.yaml", "openapi: 3.1.0\nv: front\n");
    repo.commit_all("frontend again", FRONTEND);
    repo.git(&["checkout", "-q", "main"]);
    repo.write("api/spec.yaml", "openapi: 3.1.0\nv: back\n");
    repo.commit_all("backend again", BACKEND);
    let merge = repo.git_run(
        &["merge", "-q", "front2", "--no-edit"],
        &[("GIT_AUTHOR_EMAIL", BACKEND)],
    );
    assert_ne!(merge.code, 0);
    repo.write("api/spec.yaml", "openapi: 3.1.0\nv: both\n");
    repo.write(
        "config/settings.yaml",
        &SETTINGS
            .replace("workers: 4", "workers: 8")
            .replace("theme: light", "theme: green"),
    );
    repo.git(&["add", "-A"]);
    blocked(
        &repo,
        BACKEND,
        &["--no-edit"],
        &[
            "zone-shared-section",
            "config/settings.yaml:5",
            "frontend_config",
        ],
    );
}

#[test]
fn readonly_joint_and_unowned_policies() {
    let repo = zoned("");
    repo.write("vendor/lib.txt", "patched\n");
    repo.git(&["add", "-A"]);
    blocked(
        &repo,
        BACKEND,
        &["-m", "vendor"],
        &["zone-readonly", "read-only"],
    );
    blocked(&repo, FRONTEND, &["-m", "vendor"], &["zone-readonly"]);
    repo.git(&["reset", "-q", "--hard"]);
    repo.write("api/spec.yaml", "openapi: 3.1.1\n");
    repo.git(&["add", "-A"]);
    blocked(
        &repo,
        DEVOPS,
        &["-m", "api"],
        &["zone-joint", "backend, frontend"],
    );
    passes(&repo, FRONTEND, &["-m", "api"]);
    repo.write("README.md", "hello again\n");
    repo.git(&["add", "-A"]);
    passes(&repo, DEVOPS, &["-m", "unowned is allowed by default"]);

    let deny = zoned("unowned: deny\n");
    deny.write("README.md", "changed\n");
    deny.git(&["add", "-A"]);
    blocked(&deny, BACKEND, &["-m", "unowned"], &["zone-unowned"]);
    let warn = zoned("unowned: warn\n");
    warn.write("README.md", "changed\n");
    warn.git(&["add", "-A"]);
    let out = passes(&warn, BACKEND, &["-m", "unowned"]);
    assert!(out.contains("warning[zone-unowned]"), "{out}");
}

#[test]
fn bypasses_say_they_were_used() {
    let repo = zoned("");
    repo.write("web/app.js", "x\n");
    repo.git(&["add", "-A"]);
    let r = repo.git_run(
        &["commit", "-q", "-m", "skip"],
        &[("GIT_AUTHOR_EMAIL", BACKEND), ("COORD_SKIP", "1")],
    );
    assert_eq!(r.code, 0, "{}", r.all());
    assert!(r.all().contains("bypassed"), "{}", r.all());
    repo.write("web/app.js", "y\n");
    repo.git(&["add", "-A"]);
    let r = repo.git_run(
        &["commit", "-q", "-m", "warn"],
        &[("GIT_AUTHOR_EMAIL", BACKEND), ("COORD_MODE", "warn")],
    );
    assert_eq!(r.code, 0, "{}", r.all());
    assert!(
        r.all().contains("zone-exclusive") && r.all().contains("COORD_MODE=warn"),
        "{}",
        r.all()
    );
}

#[test]
fn the_team_comes_from_flag_env_config_or_email() {
    let repo = zoned("");
    repo.write("web/app.js", "x\n");
    repo.git(&["add", "-A"]);
    blocked(
        &repo,
        "stranger@example.com",
        &["-m", "who"],
        &[
            "team-unknown",
            "COORD_TEAM",
            "git config coord.team",
            "members",
        ],
    );
    let r = repo.coord_env(
        &["zones", "check", "--staged"],
        &[("COORD_TEAM", "frontend")],
    );
    r.ok();
    repo.coord(&["zones", "check", "--staged", "--team", "frontend"])
        .ok();
    repo.coord(&["zones", "check", "--staged", "--team", "ghosts"])
        .code(2);
    repo.git(&["config", "coord.team", "frontend"]);
    passes(&repo, "stranger@example.com", &["-m", "configured"]);
}

#[test]
fn git_passes_the_author_to_the_hook() {
    let repo = zoned("");
    let commit = |args: &[&str]| {
        let mut cmd = std::process::Command::new("git");
        repo.seal(&mut cmd, BACKEND);
        cmd.env_remove("GIT_AUTHOR_EMAIL")
            .env_remove("GIT_AUTHOR_NAME");
        cmd.args(args);
        cmd.output().unwrap()
    };
    repo.git(&["config", "user.email", BACKEND]);
    repo.write("web/app.js", "by whom?\n");
    repo.git(&["add", "-A"]);
    let as_backend = commit(&["commit", "-q", "-m", "as configured"]);
    assert!(
        !as_backend.status.success(),
        "user.email is backend's: refused"
    );
    let as_frontend = commit(&[
        "commit",
        "-q",
        "-m",
        "as author",
        "--author",
        "Fred <fred@frontend.example.com>",
    ]);
    assert!(
        as_frontend.status.success(),
        "--author names frontend: {}",
        String::from_utf8_lossy(&as_frontend.stderr)
    );
}

#[test]
fn a_broken_zones_yaml_fails_closed_but_skip_still_works() {
    let repo = zoned("");
    // Unstaged edits of zones.yaml do not count: the check uses the zones.yaml being committed.
    let good = repo.read("zones.yaml");
    repo.write("zones.yaml", "version: 1\nteams: [oops\n");
    repo.write("server/main.rs", "fn main() { 8 }\n");
    repo.git(&["add", "server/main.rs"]);
    repo.coord_env(
        &["zones", "check", "--staged"],
        &[("GIT_AUTHOR_EMAIL", BACKEND)],
    )
    .ok();
    let taken = good
        .replace("backend: [\"server/**\"]", "backend: [\"elsewhere/**\"]")
        .replace(
            "frontend: [\"web/**\"]",
            "frontend: [\"web/**\", \"server/**\"]",
        );
    repo.write("zones.yaml", &taken);
    repo.coord_env(
        &["zones", "check", "--staged"],
        &[("GIT_AUTHOR_EMAIL", BACKEND)],
    )
    .ok();
    repo.git(&["add", "zones.yaml"]);
    // A commit that changes zones.yaml is judged by HEAD's rules, which still give server/ to
    // backend: the staged rules do not govern their own commit.
    repo.coord_env(
        &["zones", "check", "--staged"],
        &[("GIT_AUTHOR_EMAIL", BACKEND)],
    )
    .ok();
    repo.coord_env(
        &["zones", "check", "--staged"],
        &[("GIT_AUTHOR_EMAIL", FRONTEND)],
    )
    .code(1);
    repo.git(&["reset", "-q", "zones.yaml"]);
    // A staged broken zones.yaml fails closed.
    repo.write("zones.yaml", "version: 1\nteams: [oops\n");
    repo.write("server/main.rs", "fn main() { 9 }\n");
    repo.git(&["add", "server/main.rs", "zones.yaml"]);
    let r = repo.commit(&["-m", "x"], BACKEND);
    assert_ne!(r.code, 0);
    assert!(r.all().contains("zones.yaml:"), "{}", r.all());
    let direct = repo.coord_env(
        &["zones", "check", "--staged"],
        &[("GIT_AUTHOR_EMAIL", BACKEND)],
    );
    direct.code(2);
    let skipped = repo.git_run(
        &["commit", "-q", "-m", "x"],
        &[("GIT_AUTHOR_EMAIL", BACKEND), ("COORD_SKIP", "1")],
    );
    assert_eq!(skipped.code, 0, "{}", skipped.all());
}

#[test]
fn paths_with_spaces_and_unicode() {
    let repo = zoned("");
    repo.write("web/my file ü.js", "x\n");
    repo.write("server/naïve name.rs", "x\n");
    repo.write("server/new\nline.rs", "x\n");
    repo.write("web/tab\there.js", "x\n");
    repo.git(&["add", "-A"]);
    let r = repo.coord_env(
        &["zones", "check", "--staged", "--format", "json"],
        &[("GIT_AUTHOR_EMAIL", BACKEND)],
    );
    r.code(1);
    let v = r.json();
    let paths: Vec<&str> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x["path"].as_str().unwrap())
        .collect();
    assert_eq!(paths, ["web/my file ü.js", "web/tab\there.js"], "{v}");
}

#[test]
fn dashboards_are_exempt_from_ownership_but_guarded_against_hand_edits() {
    let repo = zoned("");
    repo.coord(&["atoms", "new", "UI", "--team", "frontend"])
        .ok();
    repo.git(&["add", "CursorDev/ATOMIC_TASKS"]);
    passes(&repo, FRONTEND, &["-m", "atom"]);
    repo.coord(&["dashboard"]).ok();
    repo.git(&["add", "-A"]);
    passes(
        &repo,
        BACKEND,
        &["-m", "anyone may commit regenerated dashboards"],
    );
    let path = "CursorDev/REAL_TIME_STATUS.md";
    let text = repo.read(path);
    repo.write(path, &text.replace("1 not started", "0 not started"));
    repo.git(&["add", path]);
    blocked(
        &repo,
        FRONTEND,
        &["-m", "hand edit"],
        &["error[stale-dashboard]: CursorDev/REAL_TIME_STATUS.md is stale"],
    );
    repo.write(path, &format!("{text}\nOur own notes.\n"));
    repo.git(&["add", path]);
    passes(&repo, FRONTEND, &["-m", "notes outside the region"]);
}

#[test]
fn files_claimed_by_another_teams_active_atom_warn() {
    let repo = zoned("");
    repo.coord(&[
        "atoms", "new", "API v2", "--team", "frontend", "--files", "api/**",
    ])
    .ok();
    repo.coord(&["atoms", "start", "ATOM-001"]).ok();
    repo.git(&["add", "-A"]);
    passes(&repo, FRONTEND, &["-m", "start"]);
    repo.write("api/spec.yaml", "openapi: 3.2.0\n");
    repo.git(&["add", "-A"]);
    let out = passes(&repo, BACKEND, &["-m", "touch api"]);
    assert!(
        out.contains("warning[claimed-by-active-atom]") && out.contains("ATOM-001"),
        "{out}"
    );
}

#[test]
fn the_range_check_reports_each_bad_commit() {
    let repo = zoned("");
    repo.git(&["checkout", "-q", "-b", "feature"]);
    repo.write("server/a.rs", "1\n");
    repo.commit_all("good one", BACKEND);
    repo.write("web/app.js", "bad\n");
    repo.commit_all("bad one", BACKEND);
    let bad = repo
        .git(&["rev-parse", "--short=7", "HEAD"])
        .trim()
        .to_owned();
    repo.write("server/b.rs", "2\n");
    repo.commit_all("good two", BACKEND);
    let r = repo.coord(&["zones", "check", "--range", "main..feature"]);
    r.code(1);
    assert!(
        r.stdout.contains(&format!("commit {bad} bad one")),
        "{}",
        r.stdout
    );
    assert!(
        !r.stdout.contains("good one") && !r.stdout.contains("good two"),
        "{}",
        r.stdout
    );
    let json = range_json(&repo, "main..feature");
    assert_eq!(json.as_array().unwrap().len(), 1);
    assert_eq!(json[0]["commit"], bad.as_str());
    assert_eq!(json[0]["subject"], "bad one");
    let github = repo.coord(&[
        "zones",
        "check",
        "--range",
        "main..feature",
        "--format",
        "github",
    ]);
    assert!(
        github
            .stdout
            .starts_with("::error file=web/app.js,title=zone-exclusive::"),
        "{}",
        github.stdout
    );

    // Editing zones.yaml on the branch does not widen the branch's own rights: BASE's rules apply.
    repo.git(&["checkout", "-q", "-b", "widen", "main"]);
    let widened_zones = repo
        .read("zones.yaml")
        .replace(
            "backend: [\"server/**\"]",
            "backend: [\"server/**\", \"web/**\"]",
        )
        .replace("frontend: [\"web/**\"]", "frontend: [\"pwa/**\"]");
    repo.write("zones.yaml", &widened_zones);
    repo.write("web/app.js", "taken over\n");
    repo.commit_all("take web over", BACKEND);
    let widened = repo.coord(&["zones", "check", "--range", "main..widen"]);
    widened.code(1);
    assert!(
        widened.stdout.contains("web/app.js") && widened.stdout.contains("exclusive to frontend"),
        "{}",
        widened.stdout
    );
    // The same change judged by the branch's own (valid) rules would pass.
    repo.coord(&["zones", "check", "--team", "backend", "web/app.js"])
        .ok();

    // A Coord-Team trailer cannot make a stranger a member.
    repo.git(&["checkout", "-q", "-b", "trailer", "main"]);
    repo.write("web/app.js", "by frontend, committed by a bot\n");
    repo.git(&["add", "-A"]);
    let c = repo.git_run(
        &[
            "commit",
            "-q",
            "--no-verify",
            "-m",
            "bot commit\n\nCoord-Team: frontend",
        ],
        &[("GIT_AUTHOR_EMAIL", "bot@ci.example.com")],
    );
    assert_eq!(c.code, 0);
    let spoof = repo.coord(&["zones", "check", "--range", "main..trailer"]);
    spoof.code(1);
    assert!(
        spoof.stdout.contains("error[team-trailer-not-member]"),
        "{}",
        spoof.stdout
    );
    repo.coord(&["zones", "check", "--range", "main"]).code(2);
    repo.coord(&["zones", "check", "--range", "main..nope"])
        .code(2);
}

#[test]
fn the_refusal_reads_well() {
    let repo = zoned("");
    repo.write(
        "config/settings.yaml",
        &SETTINGS.replace("theme: light", "theme: dark"),
    );
    repo.write("web/app.js", "changed\n");
    repo.git(&["add", "-A"]);
    let r = repo.coord_env(
        &["zones", "check", "--staged"],
        &[("GIT_AUTHOR_EMAIL", BACKEND)],
    );
    r.code(1);
    insta::assert_snapshot!(r.stdout);
}

#[test]
fn the_range_check_sees_every_path_a_commit_changed_in_nested_folders() {
    let repo = zoned("");
    repo.write("server/a", "file\n");
    repo.write("server/b/c.rs", "1\n");
    repo.write("server/d/e/f.rs", "1\n");
    repo.write("server/keep.rs", "1\n");
    repo.commit_all("more server", BACKEND);
    repo.git(&["checkout", "-q", "-b", "feature"]);
    // A file becomes a folder of the same name, a name sorting between the two is added, a
    // deep file goes and its folders with it, and one file changes in place.
    std::fs::remove_file(repo.file("server/a")).unwrap();
    repo.write("server/a/x.rs", "now a folder\n");
    repo.write("server/a-b.rs", "between\n");
    std::fs::remove_dir_all(repo.file("server/d")).unwrap();
    repo.write("server/b/c.rs", "2\n");
    repo.commit_all("reshape", FRONTEND);
    let json = range_json(&repo, "main..feature");
    let mut paths: Vec<&str> = json
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|f| f["path"].as_str())
        .collect();
    paths.sort();
    paths.dedup();
    assert_eq!(
        paths,
        [
            "server/a",
            "server/a-b.rs",
            "server/a/x.rs",
            "server/b/c.rs",
            "server/d/e/f.rs"
        ],
        "{json:#}"
    );
}
