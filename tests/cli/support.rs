//! A sealed temporary repository and a way to run the real `coord` binary in it.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use tempfile::TempDir;

pub const NOW: &str = "2026-11-20T10:00:00Z";

/// What a command did.
#[derive(Debug)]
#[must_use = "assert on what the command did, or snapshot it"]
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    #[track_caller]
    pub fn ok(&self) -> &Self {
        assert_eq!(
            self.code, 0,
            "expected success\nstdout:\n{}\nstderr:\n{}",
            self.stdout, self.stderr
        );
        self
    }

    #[track_caller]
    pub fn code(&self, code: i32) -> &Self {
        assert_eq!(
            self.code, code,
            "expected exit {code}\nstdout:\n{}\nstderr:\n{}",
            self.stdout, self.stderr
        );
        self
    }

    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|e| panic!("not JSON ({e}):\n{}", self.stdout))
    }

    /// Assert that the output (standard output and error together) contains `needle`.
    #[track_caller]
    pub fn says(&self, needle: &str) -> &Self {
        let all = self.all();
        assert!(all.contains(needle), "missing {needle:?} in:\n{all}");
        self
    }

    /// Asserts that standard error (diagnostics only) contains `needle`.
    pub fn warns(&self, needle: &str) -> &Self {
        assert!(
            self.stderr.contains(needle),
            "missing {needle:?} on stderr:\n{}",
            self.stderr
        );
        self
    }

    pub fn all(&self) -> String {
        format!("{}{}", self.stdout, self.stderr)
    }
}

fn run(mut cmd: Command) -> Run {
    let Output {
        status,
        stdout,
        stderr,
    } = cmd.output().expect("run");
    Run {
        code: status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&stdout).into_owned(),
        stderr: String::from_utf8_lossy(&stderr).into_owned(),
    }
}

/// A git repository in a temporary folder, isolated from the machine's git configuration.
pub struct TestRepo {
    dir: TempDir,
    home: TempDir,
    pub email: String,
}

pub fn coord_bin() -> &'static str {
    env!("CARGO_BIN_EXE_coord")
}

impl TestRepo {
    /// An empty repository on branch `main`.
    pub fn new() -> TestRepo {
        let repo = TestRepo {
            dir: tempfile::tempdir().unwrap(),
            home: tempfile::tempdir().unwrap(),
            email: "dev@example.com".to_owned(),
        };
        repo.git(&["init", "-q", "-b", "main", "."]);
        repo
    }

    /// A repository with three teams (backend, frontend, devops) and `extra` appended to zones.yaml.
    pub fn with_teams(extra: &str) -> TestRepo {
        let repo = TestRepo::new();
        repo.write("zones.yaml", &format!("version: 1\nteams:\n  backend:\n    dir: VSCodeDev\n    members: [\"*@backend.example.com\"]\n  frontend:\n    dir: CursorDev\n    members: [\"*@frontend.example.com\"]\n  devops:\n    dir: MustiDev\n    members: [\"*@devops.example.com\"]\n{extra}"));
        repo.coord(&["init"]).ok();
        repo
    }

    /// A bare `origin.git` inside the test folder, holding this repository's main.
    pub fn bare_origin(&self) -> PathBuf {
        let origin = self.path().join("origin.git");
        self.git(&[
            "init",
            "-q",
            "--bare",
            "-b",
            "main",
            origin.to_str().unwrap(),
        ]);
        self.git(&["push", "-q", origin.to_str().unwrap(), "main"]);
        origin
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Clear the environment and add back only what a test needs: the machine's git config,
    /// the user's coord variables and terminal settings cannot reach the run.
    pub fn seal(&self, cmd: &mut Command, email: &str) {
        cmd.env_clear();
        for keep in ["PATH", "TMPDIR", "SYSTEMROOT"] {
            if let Some(value) = std::env::var_os(keep) {
                cmd.env(keep, value);
            }
        }
        cmd.current_dir(self.path())
            .env("HOME", self.home.path())
            .env("LANG", "C.UTF-8")
            .env("GIT_CONFIG_GLOBAL", "/dev/null")
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("GIT_AUTHOR_NAME", "Dev")
            .env("GIT_AUTHOR_EMAIL", email)
            .env("GIT_COMMITTER_NAME", "Dev")
            .env("GIT_COMMITTER_EMAIL", email)
            .env("GIT_AUTHOR_DATE", "2026-11-20T10:00:00Z")
            .env("GIT_COMMITTER_DATE", "2026-11-20T10:00:00Z")
            .env("COORD_NOW", NOW)
            .env("NO_COLOR", "1");
    }

    /// Run git; panics on failure.
    #[track_caller]
    pub fn git(&self, args: &[&str]) -> String {
        let r = self.git_run(args, &[]);
        assert_eq!(r.code, 0, "git {args:?} failed:\n{}{}", r.stdout, r.stderr);
        r.stdout
    }

    /// Run git with extra environment, returning what happened.
    pub fn git_run(&self, args: &[&str], env: &[(&str, &str)]) -> Run {
        self.git_in(self.path(), args, env)
    }

    /// Run git in `dir` (a subfolder or a linked worktree).
    pub fn git_in(&self, dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Run {
        let mut cmd = Command::new("git");
        cmd.args(args);
        let email = env
            .iter()
            .find(|(k, _)| *k == "GIT_AUTHOR_EMAIL")
            .map_or(self.email.as_str(), |(_, v)| v);
        self.seal(&mut cmd, email);
        cmd.current_dir(dir);
        for (k, v) in env {
            cmd.env(k, v);
        }
        run(cmd)
    }

    /// Run coord.
    pub fn coord(&self, args: &[&str]) -> Run {
        self.coord_env(args, &[])
    }

    /// Run coord with extra environment.
    pub fn coord_env(&self, args: &[&str], env: &[(&str, &str)]) -> Run {
        self.coord_in(self.path(), args, env)
    }

    /// Run coord in `dir`.
    pub fn coord_in(&self, dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Run {
        let mut cmd = Command::new(coord_bin());
        cmd.args(args);
        self.seal(&mut cmd, &self.email);
        cmd.current_dir(dir);
        for (k, v) in env {
            cmd.env(k, v);
        }
        run(cmd)
    }

    /// Start coord in `dir` without waiting, capturing its output (for concurrency tests).
    pub fn spawn_in(&self, dir: &Path, args: &[&str]) -> std::process::Child {
        let mut cmd = Command::new(coord_bin());
        cmd.args(args);
        self.seal(&mut cmd, &self.email);
        cmd.current_dir(dir)
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("spawn coord")
    }

    /// Start coord in the repository without waiting.
    pub fn spawn(&self, args: &[&str]) -> std::process::Child {
        self.spawn_in(self.path(), args)
    }

    pub fn file(&self, rel: &str) -> PathBuf {
        self.path().join(rel)
    }

    pub fn write(&self, rel: &str, text: &str) {
        let path = self.file(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }

    pub fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.file(rel)).unwrap_or_else(|e| panic!("read {rel}: {e}"))
    }

    /// Stage everything and commit as `email`, bypassing hooks.
    pub fn commit_all(&self, message: &str, email: &str) {
        self.git(&["add", "-A"]);
        let r = self.git_run(
            &["commit", "-q", "--no-verify", "-m", message],
            &[("GIT_AUTHOR_EMAIL", email), ("GIT_COMMITTER_EMAIL", email)],
        );
        assert_eq!(r.code, 0, "commit failed: {}", r.all());
    }

    /// `git commit` with the hooks, as `email`.
    pub fn commit(&self, args: &[&str], email: &str) -> Run {
        let mut all = vec!["commit", "-q"];
        all.extend_from_slice(args);
        self.git_run(
            &all,
            &[("GIT_AUTHOR_EMAIL", email), ("GIT_COMMITTER_EMAIL", email)],
        )
    }
}

/// A repository with `ready` atoms of team backend committed, pushed to a bare `origin.git`
/// inside it, and `clones` clones of that remote.
pub fn team(ready: usize, clones: usize, extra: &str) -> (TestRepo, PathBuf, Vec<PathBuf>) {
    let repo = TestRepo::with_teams(extra);
    for i in 0..ready {
        repo.coord(&["atoms", "new", &format!("Task {i}"), "--team", "backend"])
            .ok();
    }
    repo.commit_all("plan", "lead@backend.example.com");
    let origin = repo.bare_origin();
    let dirs = (0..clones)
        .map(|i| {
            let dir = repo.path().join(format!("clone{i}"));
            repo.git(&[
                "clone",
                "-q",
                origin.to_str().unwrap(),
                dir.to_str().unwrap(),
            ]);
            dir
        })
        .collect();
    (repo, origin, dirs)
}
