//! Right answers as a new user meets coord: unreadable files said out loud, lint that catches
//! what edits would get wrong, file modes kept, killed writes leaving nothing for git.

use crate::support::TestRepo;

fn atom(id: &str, team: &str, status: &str, extra: &str) -> String {
    format!(
        "# {id}: Task\n\n```yaml\nid: {id}\ntitle: Task {id}\nteam: {team}\nstatus: {status}\n{extra}```\n"
    )
}

#[test]
fn a_malformed_atom_is_skipped_out_loud_and_next_takes_the_valid_one() {
    let repo = TestRepo::with_teams("");
    repo.write(
        "MustiDev/ATOMIC_TASKS/ATOM-001.md",
        &atom("ATOM-001", "devops", "DONE", ""),
    );
    repo.write(
        "MustiDev/ATOMIC_TASKS/ATOM-002.md",
        &atom("ATOM-002", "devops", "NOT_STARTED", ""),
    );
    let list = repo.coord(&["atoms", "list", "--format", "json"]);
    list.ok();
    let json = list.json();
    let ids: Vec<&str> = json
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["ATOM-002"]);
    assert!(
        list.stderr
            .contains("skipped MustiDev/ATOMIC_TASKS/ATOM-001.md:7:9: unknown status `DONE`"),
        "{}",
        list.stderr
    );
    let next = repo.coord(&["atoms", "next", "--team", "devops", "--assign", "dora"]);
    next.ok();
    assert!(
        next.stdout.contains("ATOM-002 is IN_PROGRESS"),
        "{}",
        next.stdout
    );
    assert!(
        next.stderr
            .contains("skipped MustiDev/ATOMIC_TASKS/ATOM-001.md"),
        "{}",
        next.stderr
    );
    repo.coord(&["lint"]).code(1);
}

#[test]
fn an_unknown_field_is_a_warning_and_the_atom_stays() {
    let repo = TestRepo::with_teams("");
    repo.write(
        "VSCodeDev/ATOMIC_TASKS/ATOM-001.md",
        &atom("ATOM-001", "backend", "NOT_STARTED", "colour: red\n"),
    );
    repo.write(
        "VSCodeDev/ATOMIC_TASKS/ATOM-002.md",
        &atom(
            "ATOM-002",
            "backend",
            "NOT_STARTED",
            "dependencies: [ATOM-001]\n",
        ),
    );
    let list = repo.coord(&["atoms", "list", "--format", "json"]);
    assert_eq!(list.json().as_array().unwrap().len(), 2);
    let lint = repo.coord(&["lint", "--format", "json"]);
    lint.ok();
    let f = &lint.json()[0];
    assert_eq!(f["code"], "unknown-field");
    assert_eq!(f["severity"], "warning");
    assert_eq!(f["line"], 8);
    repo.coord(&["atoms", "start", "ATOM-001"]).ok();
    assert!(
        repo.read("VSCodeDev/ATOMIC_TASKS/ATOM-001.md")
            .contains("colour: red\n"),
        "coord keeps the key"
    );
}

#[test]
fn lint_catches_what_edits_would_get_wrong() {
    let repo = TestRepo::with_teams("");
    let two_blocks =
        atom("ATOM-001", "backend", "NOT_STARTED", "") + "\n```yaml\nstatus: COMPLETED\n```\n";
    repo.write("VSCodeDev/ATOMIC_TASKS/ATOM-001.md", &two_blocks);
    repo.write(
        "VSCodeDev/ATOMIC_TASKS/ATOM-002.md",
        &atom("ATOM-002", "backend", "NOT_STARTED", "")
            .replace("# ATOM-002: Task", "# ATOM-009: Copied"),
    );
    let mut latin1 = atom("ATOM-003", "backend", "NOT_STARTED", "").into_bytes();
    latin1.extend_from_slice(b"caf\xe9\n");
    std::fs::write(repo.file("VSCodeDev/ATOMIC_TASKS/ATOM-003.md"), latin1).unwrap();
    repo.write(
        "VSCodeDev/ATOMIC_TASKS/ATOM-004.md",
        &atom(
            "ATOM-004",
            "backend",
            "NOT_STARTED",
            "estimated: !!binary aGVsbG8=\n",
        ),
    );
    let lint = repo.coord(&["lint", "--format", "json"]);
    lint.code(1);
    let found: Vec<(String, String, u64)> = lint
        .json()
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["code"].as_str().unwrap().to_owned(),
                f["path"]
                    .as_str()
                    .unwrap()
                    .rsplit('/')
                    .next()
                    .unwrap()
                    .to_owned(),
                f["line"].as_u64().unwrap_or(0),
            )
        })
        .collect();
    for expected in [
        ("second-yaml-block", "ATOM-001.md", 10),
        ("heading-mismatch", "ATOM-002.md", 1),
        ("invalid-utf8", "ATOM-003.md", 9),
        ("yaml-tag", "ATOM-004.md", 8),
    ] {
        let expected = (expected.0.to_owned(), expected.1.to_owned(), expected.2);
        assert!(found.contains(&expected), "{expected:?} not in {found:?}");
    }
}

#[cfg(unix)]
#[test]
fn rewritten_files_keep_their_mode_and_new_ones_follow_the_umask() {
    use std::os::unix::fs::PermissionsExt;
    let repo = TestRepo::with_teams("");
    let mode = |rel: &str| {
        std::fs::metadata(repo.file(rel))
            .unwrap()
            .permissions()
            .mode()
            & 0o777
    };
    for (umask, expected) in [("022", 0o644), ("002", 0o664)] {
        let mut cmd = std::process::Command::new("sh");
        cmd.args([
            "-c",
            &format!("umask {umask} && exec \"$0\" atoms new X --team backend --format json"),
            crate::support::coord_bin(),
        ]);
        repo.seal(&mut cmd, &repo.email);
        let out = cmd.output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let created: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(
            mode(created["path"].as_str().unwrap()),
            expected,
            "umask {umask}"
        );
    }
    let path = "VSCodeDev/ATOMIC_TASKS/ATOM-001.md";
    std::fs::set_permissions(repo.file(path), std::fs::Permissions::from_mode(0o755)).unwrap();
    repo.coord(&["atoms", "start", "ATOM-001"]).ok();
    assert_eq!(mode(path), 0o755, "a rewrite keeps the file's mode");
    let config = repo.path().join(".git/config");
    let before = std::fs::metadata(&config).unwrap().permissions().mode() & 0o777;
    repo.coord(&["hook", "install"]).ok();
    assert_eq!(
        std::fs::metadata(&config).unwrap().permissions().mode() & 0o777,
        before
    );
}

#[test]
fn killed_writes_leave_nothing_for_git_add() {
    let repo = TestRepo::with_teams("");
    repo.coord(&["atoms", "new", "X", "--team", "backend", "--criterion", "a"])
        .ok();
    repo.commit_all("start", "dev@example.com");
    // What a process killed between writing and renaming leaves behind.
    repo.write("VSCodeDev/ATOMIC_TASKS/.coord-a1b2c3.tmp", "half an atom");
    let mut children: Vec<_> = (0..20)
        .map(|i| {
            repo.spawn(&[
                "atoms",
                "tick",
                "ATOM-001",
                "1",
                if i % 2 == 0 {
                    "--undo"
                } else {
                    "--format=human"
                },
            ])
        })
        .collect();
    for child in &mut children {
        let _ = child.kill();
    }
    for mut child in children {
        let _ = child.wait();
    }
    repo.coord(&["atoms", "list"]).ok();
    repo.git(&["add", "-A"]);
    let staged = repo.git(&["status", "--porcelain", "--untracked-files=all"]);
    assert!(!staged.contains(".coord-"), "{staged}");
}

#[test]
fn a_setext_heading_starts_a_section_and_code_blocks_do_not() {
    let repo = TestRepo::with_teams(
        "shared:\n  docs/GUIDE.md: { Backend: backend, Frontend: frontend }\n",
    );
    repo.write(
        "docs/GUIDE.md",
        "Guide\n=====\n\nBackend\n-------\n\nRun it.\n\n```\n## Frontend\n```\n\nFrontend\n--------\n\nOpen it.\n",
    );
    repo.commit_all("guide", "dev@example.com");
    // A line under the fenced `## Frontend` is still backend's section.
    repo.write(
        "docs/GUIDE.md",
        "Guide\n=====\n\nBackend\n-------\n\nRun it.\n\n```\n## Frontend\nbackend's example\n```\n\nFrontend\n--------\n\nOpen it.\n",
    );
    repo.git(&["add", "-A"]);
    repo.coord_env(
        &["zones", "check", "--staged"],
        &[("GIT_AUTHOR_EMAIL", "a@backend.example.com")],
    )
    .ok();
    let r = repo.coord_env(
        &["zones", "check", "--staged"],
        &[("GIT_AUTHOR_EMAIL", "f@frontend.example.com")],
    );
    r.code(1);
    assert!(
        r.stdout
            .contains("docs/GUIDE.md:11 is in section `Backend`"),
        "{}",
        r.stdout
    );
}

#[test]
fn paths_are_taken_from_the_current_folder() {
    let repo = TestRepo::with_teams("exclusive:\n  frontend: [\"assets/js/**\"]\n");
    repo.write("assets/js/meschain/x.js", "x\n");
    repo.write("meschain/x.js", "not frontend's\n");
    let sub = repo.path().join("assets/js");
    let who = repo.coord_in(
        &sub,
        &["zones", "who", "meschain/x.js", "--format", "json"],
        &[],
    );
    who.ok();
    assert_eq!(who.json()[0]["path"], "assets/js/meschain/x.js");
    assert_eq!(who.json()[0]["owners"], serde_json::json!(["frontend"]));
    let absolute = repo.path().join("meschain/x.js");
    let who = repo.coord_in(
        &sub,
        &[
            "zones",
            "who",
            absolute.to_str().unwrap(),
            "--format",
            "json",
        ],
        &[],
    );
    assert_eq!(who.json()[0]["path"], "meschain/x.js");
    let outside = repo.coord_in(&sub, &["zones", "who", "/etc/passwd"], &[]);
    outside.code(2);
    assert!(
        outside
            .stderr
            .contains("/etc/passwd is outside the repository"),
        "{}",
        outside.stderr
    );
    repo.coord_in(
        &sub,
        &["zones", "check", "--team", "backend", "meschain/x.js"],
        &[],
    )
    .code(1);
    let new = repo.coord_in(
        &sub,
        &[
            "atoms",
            "new",
            "JS",
            "--team",
            "frontend",
            "--files",
            "meschain/*.js",
            "--format",
            "json",
        ],
        &[],
    );
    new.ok();
    assert_eq!(
        new.json()["files"],
        serde_json::json!(["assets/js/meschain/*.js"])
    );
}

#[test]
fn what_people_wrote_cannot_drive_the_terminal_or_the_page() {
    let repo = TestRepo::with_teams("");
    let evil = "Evil\u{1b}[2J title <img src=x onerror=alert(1)> **bold**";
    repo.coord(&["atoms", "new", evil, "--team", "backend"])
        .ok();
    repo.coord(&["atoms", "block", "1", "--reason", "line one\nline two"])
        .ok();
    for args in [&["atoms", "list"][..], &["atoms", "show", "1"], &["status"]] {
        let r = repo.coord(args);
        r.ok();
        assert!(!r.stdout.contains('\u{1b}'), "{args:?}: {:?}", r.stdout);
    }
    let shown = repo.coord(&["atoms", "show", "1"]);
    assert!(
        shown.stdout.contains("Evil\\u{1b}[2J title"),
        "{}",
        shown.stdout
    );
    assert!(
        shown.stdout.contains("line one\\nline two"),
        "{}",
        shown.stdout
    );
    repo.coord(&["dashboard"]).ok();
    let page = repo.read("VSCodeDev/REAL_TIME_STATUS.md");
    assert!(
        page.contains("\\<img src=x onerror=alert(1)\\> \\*\\*bold\\*\\*"),
        "{page}"
    );
    assert!(!page.contains('\u{1b}'));
    let graph = repo.coord(&["graph", "--format", "mermaid"]);
    assert!(graph.stdout.contains("#60;img"), "{}", graph.stdout);
    assert!(!graph.stdout.contains("<img"), "{}", graph.stdout);
}

#[test]
fn github_annotations_escape_what_would_end_or_forge_them() {
    let repo = TestRepo::with_teams("exclusive:\n  frontend: [\"web/**\"]\n");
    let r = repo.coord(&[
        "zones",
        "check",
        "--team",
        "backend",
        "web/a\tb,c:d%.js",
        "--format",
        "github",
    ]);
    r.code(1);
    assert!(
        r.stdout.starts_with("::error file=web/a%09b%2Cc%3Ad%25.js,title=zone-exclusive::web/a%09b,c:d%25.js is exclusive"),
        "{}",
        r.stdout
    );
    assert_eq!(r.stdout.lines().count(), 1, "{}", r.stdout);
}

/// Wait for `child` at most half a minute: a command that is still running then has hung.
#[cfg(unix)]
fn finished(mut child: std::process::Child, what: &str) -> std::process::Output {
    let start = std::time::Instant::now();
    while child.try_wait().expect("wait").is_none() {
        if start.elapsed() > std::time::Duration::from_secs(30) {
            child.kill().expect("kill");
            panic!("`coord {what}` is still waiting after 30 s");
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    child.wait_with_output().expect("output")
}

#[cfg(unix)]
#[test]
fn a_fifo_or_a_folder_named_as_a_status_file_is_said_out_loud_not_waited_on() {
    let repo = TestRepo::with_teams("");
    repo.write(
        "MustiDev/ATOMIC_TASKS/ATOM-001.md",
        &atom("ATOM-001", "devops", "NOT_STARTED", ""),
    );
    let fifo = repo.file("MustiDev/ATOMIC_TASKS/ATOM-002.md");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status();
    assert!(made.expect("mkfifo").success());
    std::fs::create_dir(repo.file("MustiDev/ATOMIC_TASKS/ATOM-003.md")).unwrap();
    // The first run reads every file (no parse cache); the second asks the cache first.
    for run in ["first", "second"] {
        let list = finished(
            repo.spawn(&["atoms", "list", "--format", "json"]),
            "atoms list",
        );
        assert_eq!(list.status.code(), Some(0), "{run} run");
        let json: serde_json::Value = serde_json::from_slice(&list.stdout).unwrap();
        assert_eq!(json.as_array().unwrap().len(), 1, "{run} run: {json}");
        let said = String::from_utf8_lossy(&list.stderr);
        for file in ["ATOM-002.md", "ATOM-003.md"] {
            let skipped =
                format!("skipped MustiDev/ATOMIC_TASKS/{file}: cannot read: not a regular file");
            assert!(said.contains(&skipped), "{run} run: {said}");
        }
        let lint = finished(repo.spawn(&["lint"]), "lint");
        assert_eq!(lint.status.code(), Some(1), "{run} run");
        let show = finished(repo.spawn(&["atoms", "show", "ATOM-002"]), "atoms show");
        assert_eq!(show.status.code(), Some(2), "{run} run");
    }
    assert!(repo.file("MustiDev/ATOMIC_TASKS/ATOM-002.md").exists());
}
