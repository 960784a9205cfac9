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
    c.says("house rules failed");
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
    r.warns("--force");
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

/// husky 9's generated runner, as `husky` writes it into `.husky/_/h`.
const HUSKY_H: &str = "#!/usr/bin/env sh\n[ \"$HUSKY\" = \"2\" ] && set -x\nn=$(basename \"$0\")\ns=$(dirname \"$(dirname \"$0\")\")/$n\n\n[ ! -f \"$s\" ] && exit 0\n\n[ \"${HUSKY-}\" = \"0\" ] && exit 0\n\nexport PATH=\"node_modules/.bin:$PATH\"\nsh -e \"$s\" \"$@\"\nc=$?\n\n[ $c != 0 ] && echo \"husky - $n script failed (code $c)\"\n[ $c = 127 ] && echo \"husky - command not found in PATH=$PATH\"\nexit $c\n";

#[cfg(unix)]
fn husky(repo: &TestRepo) {
    for hook in ["pre-commit", "prepare-commit-msg", "commit-msg"] {
        write_hook(
            repo,
            &format!(".husky/_/{hook}"),
            "#!/usr/bin/env sh\n. \"$(dirname \"$0\")/h\"\n",
        );
    }
    write_hook(repo, ".husky/_/h", HUSKY_H);
    repo.write(".husky/_/.gitignore", "*\n");
    repo.git(&["config", "core.hooksPath", ".husky/_"]);
}

#[cfg(unix)]
#[test]
fn under_husky_both_the_teams_hook_and_coord_run() {
    let repo = TestRepo::with_teams(ZONES);
    husky(&repo);
    repo.write(".husky/pre-commit", "echo 'team hook ran' >&2\n");
    repo.commit_all("husky", BACKEND);
    let bin = std::path::Path::new(crate::support::coord_bin())
        .parent()
        .unwrap();
    let path = format!(
        "{}:{}",
        bin.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let env = [("PATH", path.as_str())];
    let r = repo.coord(&["hook", "install"]);
    r.ok();
    assert!(r.stdout.contains("added coord's checks to"), "{}", r.stdout);
    let generated = std::fs::read_to_string(repo.file(".husky/_/pre-commit")).unwrap();
    assert!(
        !generated.contains("coord"),
        "husky's own folder is left alone"
    );
    let tracked = repo.read(".husky/pre-commit");
    assert!(
        tracked.starts_with("echo 'team hook ran' >&2\n"),
        "{tracked}"
    );
    assert!(
        !tracked.contains(crate::support::coord_bin()),
        "no machine path in a tracked file"
    );
    // The hook files are tracked: the team commits coord's checks once, and everyone runs them.
    repo.commit_all("run coord's checks in our hooks", BACKEND);

    repo.write("web/app.js", "by backend\n");
    repo.git(&["add", "-A"]);
    let refused = repo.git_run(
        &["commit", "-q", "-m", "cross"],
        &[env[0], ("GIT_AUTHOR_EMAIL", BACKEND)],
    );
    assert_ne!(refused.code, 0, "{}", refused.all());
    refused.says("team hook ran");
    refused.says("error[zone-exclusive]");
    repo.git(&["reset", "-q", "--hard"]);
    // Rerunning husky rewrites `.husky/_`; coord lives in the tracked file and stays enforced.
    husky(&repo);
    repo.write("web/app.js", "by backend again\n");
    repo.git(&["add", "-A"]);
    let again = repo.git_run(
        &["commit", "-q", "-m", "cross"],
        &[env[0], ("GIT_AUTHOR_EMAIL", BACKEND)],
    );
    assert_ne!(again.code, 0, "{}", again.all());
    repo.git(&["reset", "-q", "--hard"]);

    repo.coord(&["hook", "uninstall"]).ok();
    assert_eq!(repo.read(".husky/pre-commit"), "echo 'team hook ran' >&2\n");
    assert!(
        !repo.file(".husky/prepare-commit-msg").exists(),
        "a file coord created goes"
    );
}

/// What `pre-commit install` (the pre-commit framework) does to a hook it finds: keeps it as
/// `pre-commit.legacy`, runs it first, and writes its own.
#[cfg(unix)]
#[test]
fn beside_the_pre_commit_framework_both_run_and_uninstall_finds_coord() {
    let repo = TestRepo::with_teams(ZONES);
    repo.coord(&["hook", "install"]).ok();
    let hooks = repo.path().join(".git/hooks");
    std::fs::rename(hooks.join("pre-commit"), hooks.join("pre-commit.legacy")).unwrap();
    write_hook(
        &repo,
        ".git/hooks/pre-commit",
        "#!/usr/bin/env bash\n# File generated by pre-commit: https://pre-commit.com\nHERE=\"$(cd \"$(dirname \"$0\")\" && pwd)\"\nif [ -x \"$HERE/pre-commit.legacy\" ]; then \"$HERE/pre-commit.legacy\" \"$@\" || exit $?; fi\necho 'framework hooks ran' >&2\n",
    );
    repo.write("web/app.js", "by backend\n");
    repo.git(&["add", "-A"]);
    let r = repo.commit(&["-m", "cross"], BACKEND);
    assert_ne!(r.code, 0, "{}", r.all());
    r.says("error[zone-exclusive]");
    repo.git(&["reset", "-q", "--hard"]);
    let u = repo.coord(&["hook", "uninstall"]);
    u.ok();
    assert!(
        u.stdout.contains("removed") && u.stdout.contains("pre-commit.legacy"),
        "{}",
        u.stdout
    );
    assert!(!hooks.join("pre-commit.legacy").exists());
    assert!(
        repo.read(".git/hooks/pre-commit")
            .contains("pre-commit.com"),
        "the framework's hook stays"
    );
}

#[test]
fn the_framework_manifest_and_the_hook_run_the_same_checks() {
    let manifest = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/.pre-commit-hooks.yaml"
    ))
    .unwrap();
    let checks = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/templates/pre-commit-checks"
    ))
    .unwrap();
    for check in [
        "zones check --staged",
        "lint --staged",
        "dashboard --check --staged",
    ] {
        assert!(checks.contains(check), "the hook runs `{check}`");
        assert!(
            manifest.contains(&format!("entry: coord {check}")),
            "the manifest offers `{check}`"
        );
    }
}
