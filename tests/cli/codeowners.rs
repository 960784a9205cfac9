//! CODEOWNERS both ways, end to end: import gives every file the owner GitHub's rules give it,
//! export round-trips, and `--check` notices a hand edit.

use std::collections::BTreeMap;

use crate::support::TestRepo;

/// Exercises last match wins, a nested folder overriding its parent, rules without owners,
/// anchored and unanchored patterns, `*` against `**`, emails and `@org/team` owners.
const CODEOWNERS: &str = "\
# Default owners
*                   @acme/core
*.js                @acme/web        # at any depth
/docs/              docs@acme.example
/docs/internal/     @acme/core @acme/security
docs/*              @acme/writers
apps/               @acme/apps
**/logs             @acme/ops
/build/logs/
/scripts/*.sh       @alice
/src/**/generated
/vendor/*           @acme/web
/nothing-here/      @acme/ops
!negated            @acme/ops
/odd/               not-an-owner
";

/// Each file and its owners as GitHub's rules give them (empty: nobody).
const EXPECTED: &[(&str, &[&str])] = &[
    ("README.md", &["@acme/core"]),
    ("app.js", &["@acme/web"]),
    ("src/ui/app.js", &["@acme/web"]),
    ("docs/guide.md", &["@acme/writers"]),
    ("docs/internal/x.md", &["@acme/core", "@acme/security"]),
    ("docs/api/ref.md", &["docs@acme.example"]),
    ("web/apps/main.rs", &["@acme/apps"]),
    ("apps/x.js", &["@acme/apps"]),
    ("build/logs/a.log", &[]),
    ("srv/logs/b.log", &["@acme/ops"]),
    ("scripts/run.sh", &["@alice"]),
    ("scripts/sub/x.sh", &["@acme/core"]),
    ("src/a/generated/g.rs", &[]),
    ("src/generated/g.rs", &[]),
    ("vendor/lib.c", &["@acme/web"]),
    ("vendor/deep/x.c", &["@acme/core"]),
    ("odd/file.txt", &["@acme/core"]),
];

fn owners(repo: &TestRepo, args: &[&str]) -> BTreeMap<String, Vec<String>> {
    let mut all = vec!["zones", "who", "--format", "json"];
    all.extend_from_slice(args);
    let rows = repo.coord(&all);
    rows.ok();
    rows.json()
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            let mut h: Vec<String> = r["handles"]
                .as_array()
                .unwrap()
                .iter()
                .map(|h| h.as_str().unwrap().to_owned())
                .collect();
            h.sort();
            (r["path"].as_str().unwrap().to_owned(), h)
        })
        .collect()
}

fn imported() -> TestRepo {
    let repo = TestRepo::new();
    repo.write(".github/CODEOWNERS", CODEOWNERS);
    for (path, _) in EXPECTED {
        repo.write(path, "x\n");
    }
    repo.git(&["add", "-A"]);
    let run = repo.coord(&["zones", "import", "codeowners"]);
    run.ok().says("Wrote zones.yaml from .github/CODEOWNERS");
    // The two lines GitHub skips are named with their place.
    run.warns(".github/CODEOWNERS:14:1")
        .warns(".github/CODEOWNERS:15:1");
    run.warns("codeowners-line-skipped");
    repo
}

#[test]
fn import_gives_every_file_githubs_owner() {
    let repo = imported();
    let got = owners(&repo, &["--all"]);
    for (path, expected) in EXPECTED {
        assert_eq!(got[*path], *expected, "{path}");
    }
    // Files added later under the same patterns.
    let later = owners(
        &repo,
        &["docs/new.md", "deep/er/new.js", "build/logs/z/y.log"],
    );
    assert_eq!(later["docs/new.md"], ["@acme/writers"]);
    assert_eq!(later["deep/er/new.js"], ["@acme/web"]);
    assert!(later["build/logs/z/y.log"].is_empty());
    // What GitHub silently ignores, lint says: a rule matching no file, with its line.
    let lint = repo.coord(&["zones", "lint", "--format", "json"]);
    let findings = lint.json();
    let nothing = findings
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["code"] == "pattern-matches-nothing")
        .expect("a rule that matches nothing");
    assert!(
        nothing["message"]
            .as_str()
            .unwrap()
            .contains("/nothing-here/")
    );
    let zones = repo.read("zones.yaml");
    let line = nothing["line"].as_u64().unwrap() as usize;
    assert!(
        zones
            .lines()
            .nth(line - 1)
            .unwrap()
            .contains("/nothing-here/")
    );
    // The imported file is refused over an existing one unless asked.
    repo.coord(&["zones", "import", "codeowners"])
        .code(2)
        .says("--force");
}

#[test]
fn export_round_trips_and_check_notices_a_hand_edit() {
    let repo = imported();
    let before = owners(&repo, &["--all"]);
    repo.coord(&["zones", "export", "codeowners"]).ok();
    repo.coord(&["zones", "export", "codeowners", "--check"])
        .ok();
    let exported = repo.read(".github/CODEOWNERS");
    assert!(
        exported.contains("\n/docs/internal/ @acme/core @acme/security\n"),
        "{exported}"
    );
    // Import what was exported: every file keeps its owners.
    repo.write("exported/CODEOWNERS", &exported);
    repo.coord(&[
        "zones",
        "import",
        "codeowners",
        "exported/CODEOWNERS",
        "--force",
    ])
    .ok();
    let after = owners(&repo, &["--all"]);
    for (path, handles) in &before {
        if path.starts_with("exported/") {
            continue;
        }
        assert_eq!(&after[path], handles, "{path}");
    }
    // A hand edit makes the committed file stale.
    repo.coord(&["zones", "export", "codeowners"]).ok();
    repo.write(
        ".github/CODEOWNERS",
        &format!("{exported}/extra @someone\n"),
    );
    repo.coord(&["zones", "export", "codeowners", "--check"])
        .code(1)
        .says("stale");
}

#[test]
fn rules_live_beside_zones_and_bad_ones_point_at_their_line() {
    let repo = TestRepo::with_teams(
        "rules:\n  - pattern: \"*.md\"\n    owners: [frontend]\n  - pattern: /docs/\n    owners: []\n",
    );
    let bare = repo.coord(&[
        "zones",
        "who",
        "README.md",
        "docs/a.md",
        "src/x.rs",
        "--format",
        "json",
    ]);
    let rows = bare.json();
    assert_eq!(rows[0]["owners"], serde_json::json!(["frontend"]));
    assert_eq!(rows[1]["kind"], "unowned");
    assert_eq!(rows[2]["kind"], "unowned");
    // A team's own folder keeps its owner whatever the rules say.
    let own = repo
        .coord(&["zones", "who", "VSCodeDev/notes.md", "--format", "json"])
        .json();
    assert_eq!(own[0]["owners"], serde_json::json!(["backend"]));
    let text = repo
        .read("zones.yaml")
        .replace("owners: [frontend]", "owners: [nobody]");
    repo.write("zones.yaml", &text);
    let bad = repo.coord(&["zones", "who", "README.md"]);
    bad.code(2)
        .says("unknown team `nobody` in rules")
        .says("zones.yaml:");
}
