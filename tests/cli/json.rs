//! Every command's `--format json` output on the demo repository, as snapshots: the field names
//! and shapes a script relies on.

use crate::support::TestRepo;

fn demo() -> (TestRepo, std::path::PathBuf) {
    let repo = TestRepo::new();
    let dir = repo.path().join("demo");
    repo.coord(&["demo", dir.to_str().unwrap()]).ok();
    (repo, dir)
}

/// Run `args` with `--format json` in the demo, expecting exit `code`; the parsed output.
fn json(repo: &TestRepo, dir: &std::path::Path, args: &[&str], code: i32) -> serde_json::Value {
    let mut all = args.to_vec();
    all.extend(["--format", "json"]);
    let r = repo.coord_in(dir, &all, &[]);
    r.code(code);
    r.json()
}

#[test]
fn reading_commands() {
    let (repo, dir) = demo();
    let cases: &[(&str, &[&str], i32)] = &[
        ("status", &["status"], 0),
        ("atoms_list", &["atoms", "list", "--team", "frontend"], 0),
        ("atoms_ready", &["atoms", "ready"], 0),
        ("atoms_show", &["atoms", "show", "ATOM-004"], 0),
        ("molecules_list", &["molecules", "list"], 0),
        ("molecules_show", &["molecules", "show", "MOLECULE-001"], 0),
        ("lint", &["lint"], 0),
        ("zones_lint", &["zones", "lint"], 0),
        (
            "zones_who",
            &[
                "zones",
                "who",
                "config/settings.yaml",
                "api/openapi.yaml",
                "vendor/x",
            ],
            0,
        ),
        (
            "zones_check_paths",
            &[
                "zones",
                "check",
                "--team",
                "frontend",
                "deployment/staging.yml",
                "api/x.yaml",
            ],
            1,
        ),
        ("graph", &["graph", "--team", "devops"], 0),
        ("graph_critical", &["graph", "--critical"], 0),
        ("conflicts", &["conflicts"], 1),
        ("dashboard_check", &["dashboard", "--check"], 0),
        (
            "dashboard_summary",
            &["dashboard", "--summary", "HEAD~4..HEAD"],
            0,
        ),
    ];
    for (name, args, code) in cases {
        insta::assert_json_snapshot!(*name, json(&repo, &dir, args, *code));
    }
}

#[test]
fn writing_commands() {
    let (repo, dir) = demo();
    let cases: &[(&str, &[&str])] = &[
        (
            "atoms_new",
            &[
                "atoms",
                "new",
                "Retry uploads",
                "--team",
                "frontend",
                "--depends",
                "ATOM-005",
                "--criterion",
                "Retries three times",
            ],
        ),
        (
            "atoms_start",
            &["atoms", "start", "ATOM-013", "--assign", "dana", "--force"],
        ),
        ("atoms_tick", &["atoms", "tick", "ATOM-013", "1"]),
        (
            "atoms_block",
            &[
                "atoms",
                "block",
                "ATOM-013",
                "--reason",
                "waiting for ATOM-005",
            ],
        ),
        ("atoms_unblock", &["atoms", "unblock", "ATOM-013"]),
        ("atoms_assign", &["atoms", "assign", "ATOM-013", "erin"]),
        ("atoms_done", &["atoms", "done", "ATOM-013"]),
        ("atoms_next", &["atoms", "next", "--assign", "frank"]),
        (
            "molecules_new",
            &[
                "molecules",
                "new",
                "Retry flow",
                "--lead",
                "frontend",
                "--atoms",
                "ATOM-013",
                "--point",
                "Client retries",
            ],
        ),
        (
            "molecules_point",
            &[
                "molecules",
                "point",
                "MOLECULE-003",
                "Client retries",
                "validated",
            ],
        ),
        (
            "molecules_status",
            &["molecules", "status", "MOLECULE-003", "complete"],
        ),
        (
            "escalate",
            &[
                "escalate",
                "ATOM-008",
                "--level",
                "3",
                "--reason",
                "design review missed",
            ],
        ),
        ("escalate_resolve", &["escalate", "ATOM-008", "--resolve"]),
        ("dashboard", &["dashboard"]),
    ];
    for (name, args) in cases {
        insta::assert_json_snapshot!(*name, json(&repo, &dir, args, 0));
    }
}

#[test]
fn a_command_without_the_format_asked_for_refuses_it() {
    let (repo, dir) = demo();
    for args in [
        &["init", "--format", "json"][..],
        &["hook", "install", "--format", "json"],
        &["atoms", "list", "--format", "github"],
        &["escalate", "ATOM-008", "--resolve", "--format", "github"],
        &["dashboard", "--format", "github"],
        &["status", "--format", "dot"],
    ] {
        let r = repo.coord_in(&dir, args, &[]);
        r.code(2);
        assert!(r.stdout.is_empty(), "{args:?} printed: {}", r.stdout);
        assert!(r.stderr.contains("has no `"), "{args:?}: {}", r.stderr);
    }
}
