//! Findings as CI reads them: SARIF 2.1.0, checked against its published schema, and GitLab's
//! Code Quality report, from the same findings as every format.

use crate::support::TestRepo;

const SARIF_SCHEMA: &str = include_str!("../data/sarif-schema-2.1.0.json");

/// A repository whose lint finds an error and a warning, and whose staged change crosses a zone.
fn findings_repo() -> TestRepo {
    let repo = TestRepo::with_teams("exclusive:\n  frontend: [web/]\n");
    repo.coord(&[
        "atoms",
        "new",
        "A",
        "--team",
        "backend",
        "--depends",
        "ATOM-001",
    ])
    .code(2);
    repo.coord(&["atoms", "new", "A", "--team", "backend"]).ok();
    let atom = "VSCodeDev/ATOMIC_TASKS/ATOM-001.md";
    let text = repo
        .read(atom)
        .replace("dependencies: []", "dependencies:\n  - ATOM-404")
        .replace("phase: null", "phase: null\n\nsurprise: 1");
    repo.write(atom, &text);
    repo.write("web/app.js", "x\n");
    repo.git(&["add", "-A"]);
    repo
}

#[test]
fn sarif_follows_the_published_schema_for_every_command_that_reports_findings() {
    let repo = findings_repo();
    let schema: serde_json::Value = serde_json::from_str(SARIF_SCHEMA).unwrap();
    let validator = jsonschema::draft4::new(&schema).expect("the schema compiles");
    for args in [
        vec!["lint", "--format", "sarif"],
        vec![
            "zones", "check", "--staged", "--team", "backend", "--format", "sarif",
        ],
        vec!["zones", "lint", "--format", "sarif"],
        vec!["conflicts", "--format", "sarif"],
    ] {
        let run = repo.coord(&args);
        assert!(run.code <= 1, "{args:?}: {}", run.all());
        let log = run.json();
        let errors: Vec<String> = validator.iter_errors(&log).map(|e| e.to_string()).collect();
        assert!(errors.is_empty(), "{args:?}: {errors:?}\n{log:#}");
        assert_eq!(log["version"], "2.1.0");
    }
    let log = repo.coord(&["lint", "--format", "sarif"]).json();
    let results = log["runs"][0]["results"].as_array().unwrap();
    let dangling = results
        .iter()
        .find(|r| r["ruleId"] == "dangling-dependency")
        .expect("the dangling dependency");
    assert_eq!(dangling["level"], "error");
    let place = &dangling["locations"][0]["physicalLocation"];
    assert_eq!(
        place["artifactLocation"]["uri"],
        "VSCodeDev/ATOMIC_TASKS/ATOM-001.md"
    );
    assert!(place["region"]["startLine"].as_u64().unwrap() > 1);
    let unknown = results
        .iter()
        .find(|r| r["ruleId"] == "unknown-field")
        .unwrap();
    assert_eq!(unknown["level"], "warning");
    let rules = log["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .unwrap();
    let index = dangling["ruleIndex"].as_u64().unwrap() as usize;
    assert_eq!(rules[index]["id"], "dangling-dependency");
    // A crafted invalid log is refused: the test can fail.
    let mut broken = log.clone();
    broken["runs"][0]["results"][0]["level"] = serde_json::json!("fatal");
    assert!(validator.iter_errors(&broken).next().is_some());
}

#[test]
fn gitlab_code_quality_names_each_finding_once() {
    let repo = findings_repo();
    let staged = repo.coord(&[
        "zones", "check", "--staged", "--team", "backend", "--format", "gitlab",
    ]);
    staged.code(1);
    let issues = staged.json();
    let issue = issues
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["location"]["path"] == "web/app.js")
        .expect("the crossing of frontend's zone");
    assert_eq!(issue["check_name"], "zone-exclusive");
    assert_eq!(issue["severity"], "major");
    assert_eq!(issue["location"]["path"], "web/app.js");
    assert_eq!(issue["location"]["lines"]["begin"], 1);
    let lint = repo.coord(&["lint", "--format", "gitlab"]).json();
    let prints: Vec<&str> = lint
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["fingerprint"].as_str().unwrap())
        .collect();
    let mut unique = prints.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), prints.len(), "fingerprints are unique");
    assert!(
        lint.as_array()
            .unwrap()
            .iter()
            .all(|i| i["description"].is_string())
    );
    // Other commands refuse these formats rather than print something else.
    repo.coord(&["atoms", "list", "--format", "sarif"])
        .code(2)
        .says("no `sarif` output");
}

#[test]
fn range_auto_reads_the_ci_event() {
    let (repo, _origin, clones) = crate::support::team(0, 1, "exclusive:\n  frontend: [web/]\n");
    let dir = &clones[0];
    let base = repo
        .git_in(dir, &["rev-parse", "HEAD"], &[])
        .stdout
        .trim()
        .to_owned();
    repo.git_in(dir, &["checkout", "-q", "-b", "feature"], &[])
        .ok();
    std::fs::create_dir_all(dir.join("web")).unwrap();
    std::fs::write(dir.join("web/app.js"), "x\n").unwrap();
    repo.git_in(dir, &["add", "-A"], &[]).ok();
    repo.git_in(
        dir,
        &["commit", "-q", "--no-verify", "-m", "backend edits web"],
        &[("GIT_AUTHOR_EMAIL", "bo@backend.example.com")],
    )
    .ok();
    let event = dir.join("event.json");
    let check = |env: &[(&str, &str)]| {
        repo.coord_in(
            dir,
            &["zones", "check", "--range", "auto", "--format", "json"],
            env,
        )
    };
    // A push: from its previous tip.
    std::fs::write(&event, format!("{{\"before\": \"{base}\"}}")).unwrap();
    let path = event.to_str().unwrap();
    let push = check(&[("GITHUB_EVENT_NAME", "push"), ("GITHUB_EVENT_PATH", path)]);
    push.code(1).warns(&format!("--range auto: {base}..HEAD"));
    assert!(push.stdout.contains("zone-exclusive"), "{}", push.stdout);
    // A new branch: from where it left the default branch.
    std::fs::write(
        &event,
        "{\"before\": \"0000000000000000000000000000000000000000\", \"repository\": {\"default_branch\": \"main\"}}",
    )
    .unwrap();
    let fresh = check(&[("GITHUB_EVENT_NAME", "push"), ("GITHUB_EVENT_PATH", path)]);
    fresh.code(1).warns(&format!("{base}..HEAD"));
    // A pull request: from its base branch.
    let pr = check(&[
        ("GITHUB_EVENT_NAME", "pull_request"),
        ("GITHUB_BASE_REF", "main"),
    ]);
    pr.code(1).warns(&format!("{base}..HEAD"));
    // GitLab: a merge request, and a push.
    check(&[("CI_MERGE_REQUEST_DIFF_BASE_SHA", &base)])
        .code(1)
        .warns(&format!("{base}..HEAD"));
    check(&[("CI_COMMIT_BEFORE_SHA", &base)]).code(1);
    // Outside CI, or a base this clone lacks: exit 2, saying what to do.
    check(&[]).code(2).says("give --range BASE..HEAD");
    check(&[(
        "CI_MERGE_REQUEST_DIFF_BASE_SHA",
        "1111111111111111111111111111111111111111",
    )])
    .code(2)
    .says("fetch enough history");
}

#[test]
fn the_action_the_gitlab_template_and_the_man_page_are_shipped_whole() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let read = |p: &str| std::fs::read_to_string(root.join(p)).unwrap();
    // The action: a composite action whose steps install coord from itself, check the
    // event's range as SARIF and upload it.
    let action: serde_json::Value = serde_saphyr::from_str(&read("action.yml")).unwrap();
    assert_eq!(action["runs"]["using"], "composite");
    let steps = action["runs"]["steps"].as_array().unwrap();
    let runs: Vec<&str> = steps.iter().filter_map(|s| s["run"].as_str()).collect();
    assert!(
        runs.iter()
            .any(|r| r.contains("cargo install --locked --path \"$GITHUB_ACTION_PATH\""))
    );
    assert!(
        runs.iter()
            .any(|r| r.contains("--range auto --format sarif"))
    );
    assert!(steps.iter().any(|s| {
        s["uses"]
            .as_str()
            .is_some_and(|u| u.starts_with("github/codeql-action/upload-sarif"))
    }));
    let gitlab: serde_json::Value =
        serde_saphyr::from_str(&read("templates/gitlab-ci.yml")).unwrap();
    assert_eq!(
        gitlab["coord"]["artifacts"]["reports"]["codequality"],
        "gl-code-quality-report.json"
    );
    let hooks: serde_json::Value = serde_saphyr::from_str(&read(".pre-commit-hooks.yaml")).unwrap();
    let ids: Vec<&str> = hooks
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["coord-zones", "coord-lint", "coord-dashboards"]);
    // The man page.
    let repo = TestRepo::new();
    let man = repo.coord(&["man"]);
    man.ok().says(".TH coord 1").says("zones").says("sarif");
}

#[test]
fn shells_complete_the_ids_and_teams_of_the_repository() {
    let repo = TestRepo::with_teams("");
    repo.coord(&["atoms", "new", "A", "--team", "backend"]).ok();
    repo.coord(&["atoms", "new", "B", "--team", "frontend"])
        .ok();
    let complete = |words: &[&str]| -> Vec<String> {
        let mut args = vec!["--", "coord"];
        args.extend_from_slice(words);
        let index = (words.len()).to_string();
        let run = repo.coord_env(
            &args,
            &[
                ("COMPLETE", "bash"),
                ("_CLAP_COMPLETE_INDEX", &index),
                ("_CLAP_COMPLETE_COMP_TYPE", "9"),
                ("_CLAP_COMPLETE_SPACE", "true"),
            ],
        );
        run.ok();
        // Values only: the flags are offered too on an empty word.
        run.stdout
            .split(['\n', '\u{b}'])
            .filter(|s| !s.is_empty() && !s.starts_with('-'))
            .map(str::to_owned)
            .collect()
    };
    assert_eq!(complete(&["atoms", "show", ""]), ["ATOM-001", "ATOM-002"]);
    assert_eq!(
        complete(&["atoms", "start", "ATOM-00"]),
        ["ATOM-001", "ATOM-002"]
    );
    let teams = complete(&["atoms", "list", "--team", ""]);
    assert!(teams.iter().any(|t| t.starts_with("backend")), "{teams:?}");
    // The registration script for the shell.
    let script = repo.coord_env(&[], &[("COMPLETE", "bash")]);
    script.ok().says("_clap_complete_coord");
}
