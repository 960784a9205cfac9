//! `coord hook`: chaining, core.hooksPath, global hooks, the pre-commit framework manifest.

use crate::support::TestRepo;
use crate::zones_check::{BACKEND, ZONES};

#[cfg(unix)]
fn write_hook(repo: &TestRepo, rel: &str, body: &str) {
    use std::os::unix::fs::PermissionsExt;
    repo.write(rel, body);
    std::fs::set_permissions(repo.file(rel), std::fs::Permissions::from_mode(0o755)).unwrap();
}

#[cfg(unix)]
#[test]
fn an_existing_hook_is_chained_and_restored() {
    let repo = TestRepo::with_teams(ZONES);
    let original = "#!/bin/sh\necho 'house rules failed' >&2\nexit 1\n";
    write_hook(&repo, ".git/hooks/pre-commit", original);
    let r = repo.coord(&["hook", "install"]);
    r.ok();
    assert!(r.stdout.contains("kept your existing hook"), "{}", r.stdout);
    repo.write("server/main.rs", "x\n");
    repo.git(&["add", "-A"]);
    let c = repo.commit(&["-m", "x"], BACKEND);
    assert_ne!(c.code, 0);
    assert!(c.all().contains("house rules failed"), "{}", c.all());
    repo.coord(&["hook", "install"]).ok();
    assert_eq!(
        repo.read(".git/hooks/pre-commit.coord-chained"),
        original,
        "reinstalling keeps the chained hook"
    );
    repo.coord(&["hook", "uninstall"]).ok();
    assert_eq!(repo.read(".git/hooks/pre-commit"), original);
    assert!(!repo.file(".git/hooks/pre-commit.coord-chained").exists());
    repo.coord(&["hook", "uninstall"]).ok();
}

#[test]
fn the_hook_goes_where_core_hooks_path_points() {
    let repo = TestRepo::with_teams(ZONES);
    repo.git(&["config", "core.hooksPath", ".githooks"]);
    repo.coord(&["hook", "install"]).ok();
    assert!(repo.file(".githooks/pre-commit").exists());
    assert!(!repo.file(".git/hooks/pre-commit").exists());
    repo.write("web/app.js", "x\n");
    repo.git(&["add", "web/app.js"]);
    let c = repo.commit(&["-m", "x"], BACKEND);
    assert_ne!(c.code, 0, "{}", c.all());
}

#[test]
fn a_global_hooks_path_needs_force() {
    let repo = TestRepo::with_teams(ZONES);
    let global = tempfile::tempdir().unwrap();
    let config = global.path().join("gitconfig");
    let hooks = global.path().join("hooks");
    std::fs::write(
        &config,
        format!("[core]\n\thooksPath = {}\n", hooks.display()),
    )
    .unwrap();
    let env = [("GIT_CONFIG_GLOBAL", config.to_str().unwrap())];
    let r = repo.coord_env(&["hook", "install"], &env);
    r.code(1);
    assert!(r.stderr.contains("--force"), "{}", r.stderr);
    assert!(!hooks.join("pre-commit").exists());
    repo.coord_env(&["hook", "install", "--force"], &env).ok();
    assert!(hooks.join("pre-commit").exists());
}

#[test]
fn the_pre_commit_framework_manifest_is_shipped() {
    let manifest = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/.pre-commit-hooks.yaml"
    ))
    .unwrap();
    for needle in [
        "id: coord-zones",
        "language: rust",
        "entry: coord zones check --staged",
        "pass_filenames: false",
        "always_run: true",
    ] {
        assert!(manifest.contains(needle), "missing {needle}");
    }
}

#[test]
fn dashboards_merge_without_conflicts_once_the_hook_is_installed() {
    let repo = TestRepo::with_teams("");
    repo.commit_all("setup", BACKEND);
    repo.coord(&["hook", "install"]).ok();
    assert_eq!(repo.git(&["config", "merge.ours.driver"]).trim(), "true");
    repo.git(&["checkout", "-q", "-b", "side"]);
    repo.coord(&["atoms", "new", "Side work", "--team", "frontend"])
        .ok();
    repo.coord(&["dashboard"]).ok();
    repo.commit_all("side work", "fred@frontend.example.com");
    repo.git(&["checkout", "-q", "main"]);
    repo.coord_env(
        &["atoms", "new", "Main work", "--team", "backend"],
        &[("COORD_NOW", "2026-11-21T10:00:00Z")],
    )
    .ok();
    repo.coord(&["dashboard"]).ok();
    repo.commit_all("main work", BACKEND);
    let merge = repo.git_run(&["merge", "-q", "--no-edit", "--no-verify", "side"], &[]);
    assert_eq!(merge.code, 0, "dashboards conflicted:\n{}", merge.all());
    // The merged dashboards are ours, hence stale; regenerating makes them current.
    repo.coord(&["dashboard", "--check"]).code(1);
    repo.coord(&["dashboard"]).ok();
    repo.coord(&["dashboard", "--check"]).ok();
}
