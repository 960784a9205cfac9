//! Performance of the real `coord` binary on generated repositories (`cargo bench --bench perf`).
//!
//! - 10,000 atoms in 3 teams and 200 molecules: `atoms list --format json` (time, peak memory),
//!   `atoms new`, `lint`.
//! - 10,000 atoms and 500 molecules: `dashboard` and `dashboard --check`.
//! - 100,000 tracked files in ~1,000 folders, ~300 zone globs, 10 staged changes:
//!   `zones check --staged` against `git diff --cached --name-status -M -z`, and `zones who --all`.
//!
//! - 1,000 atoms and 1,000 (then 10,000) remote-tracking branches, each holding one atom
//!   IN_PROGRESS for another agent: `conflicts` and `atoms next --offline`.
//!
//! - 1,000 commits by three teams over the same 100,000 files: `zones check --range` against
//!   `git log --name-status -M` over the same range.
//!
//! - 1,000,000 files, 10 staged changes: `zones check --staged` against git again.
//! - 10,000 and 100,000 atoms: the first `status` after a clone; at 100,000, `atoms show` and
//!   `atoms start` of one atom, `atoms list` (memory per atom) and `dashboard`.
//!
//! Each figure is the median of several runs. Pass a section name (`atoms`, `dashboard`,
//! `zones`, `branches`, `range`, `large`, `million`) to run only that one.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const TEAMS: [(&str, &str); 3] = [
    ("backend", "VSCodeDev"),
    ("frontend", "CursorDev"),
    ("devops", "MustiDev"),
];
const STATUSES: [&str; 4] = ["NOT_STARTED", "IN_PROGRESS", "BLOCKED", "COMPLETED"];

fn coord() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_coord"))
}

fn sealed(cmd: &mut Command, dir: &Path) {
    cmd.current_dir(dir)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_AUTHOR_NAME", "Bench")
        .env("GIT_AUTHOR_EMAIL", "bench@backend.example.com")
        .env("GIT_COMMITTER_NAME", "Bench")
        .env("GIT_COMMITTER_EMAIL", "bench@backend.example.com")
        .env("COORD_NOW", "2026-11-20T10:00:00Z")
        .env_remove("COORD_TEAM")
        .stdout(Stdio::null())
        .stderr(Stdio::null());
}

fn git(dir: &Path, args: &[&str]) {
    let mut cmd = Command::new("git");
    cmd.args(args);
    sealed(&mut cmd, dir);
    assert!(cmd.status().unwrap().success(), "git {args:?}");
}

/// Run once; return wall time and peak resident memory in KiB.
#[allow(
    clippy::zombie_processes,
    reason = "the child is reaped by wait4, which also reports its peak memory"
)]
fn measure(program: &Path, args: &[&str], dir: &Path) -> (Duration, i64) {
    measure_env(program, args, dir, &[])
}

#[allow(
    clippy::zombie_processes,
    reason = "the child is reaped by wait4, which also reports its peak memory"
)]
fn measure_env(program: &Path, args: &[&str], dir: &Path, env: &[(&str, &str)]) -> (Duration, i64) {
    let mut cmd = Command::new(program);
    cmd.args(args);
    sealed(&mut cmd, dir);
    cmd.envs(env.iter().copied());
    let start = Instant::now();
    let child = cmd.spawn().unwrap();
    let mut status = 0;
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: waiting for our own child with valid pointers.
    let pid = unsafe { libc::wait4(child.id() as i32, &mut status, 0, &mut usage) };
    let elapsed = start.elapsed();
    assert_eq!(pid, child.id() as i32);
    assert!(libc::WIFEXITED(status), "{program:?} {args:?} died");
    let code = libc::WEXITSTATUS(status);
    assert!(code == 0 || code == 1, "{program:?} {args:?} exited {code}");
    (elapsed, usage.ru_maxrss)
}

/// `run` repeated `n` times, each after `before`: the median time and the peak memory.
fn repeat(
    n: usize,
    mut before: impl FnMut(),
    mut run: impl FnMut() -> (Duration, i64),
) -> (Duration, i64) {
    let mut times = Vec::new();
    let mut peak = 0;
    for _ in 0..n {
        before();
        let (t, m) = run();
        times.push(t);
        peak = peak.max(m);
    }
    times.sort();
    (times[n / 2], peak)
}

/// After one warm-up run, the median of `runs` runs and their peak memory.
fn median(program: &Path, args: &[&str], dir: &Path, runs: usize) -> (Duration, i64) {
    measure(program, args, dir);
    repeat(runs, || {}, || measure(program, args, dir))
}

/// With `COORD_BENCH_KEEP=DIR`, copy a fixture to DIR/<n> for profiling by hand.
fn keep(root: &Path) {
    if let Some(dir) = std::env::var_os("COORD_BENCH_KEEP") {
        let n = std::fs::read_dir(&dir).map_or(0, |d| d.count());
        let to = Path::new(&dir).join(n.to_string());
        std::fs::create_dir_all(&to).unwrap();
        let ok = Command::new("cp")
            .args(["-a", "."])
            .arg(&to)
            .current_dir(root)
            .status()
            .unwrap()
            .success();
        assert!(ok, "copy the fixture to {}", to.display());
        println!("(fixture kept in {})", to.display());
    }
}

/// HEAD's commit id in `root`.
fn head(root: &Path) -> String {
    let out = Command::new("git")
        .args(["rev-parse", "HEAD"])
        .current_dir(root)
        .output()
        .unwrap()
        .stdout;
    String::from_utf8(out).unwrap().trim().to_owned()
}

/// Feed `stream` to `git fast-import` in `root`.
fn fast_import(root: &Path, stream: &str) {
    use std::io::Write;
    let mut child = Command::new("git")
        .args(["fast-import", "--quiet"])
        .current_dir(root)
        .stdin(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stream.as_bytes())
        .unwrap();
    assert!(child.wait().unwrap().success(), "fast-import");
}

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1000.0)
}

fn write(path: &Path, text: &str) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

/// The start of a zones.yaml with the three teams.
fn teams_yaml() -> String {
    let mut zones = String::from("version: 1\nteams:\n");
    for (id, team_dir) in TEAMS {
        zones.push_str(&format!(
            "  {id}:\n    dir: {team_dir}\n    members: [\"*@{id}.example.com\"]\n"
        ));
    }
    zones
}

/// A repository with `atoms` atoms in three teams and `molecules` molecules, committed.
fn status_repo(atoms: usize, molecules: usize) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    git(root, &["init", "-q", "-b", "main", "."]);
    let mut zones = teams_yaml();
    zones.push_str("exclusive:\n  backend: [\"server/**\"]\n  frontend: [\"web/**\"]\n  devops: [\"deploy/**\"]\nphases: [ { id: 1, name: One }, { id: 2, name: Two } ]\n");
    write(&root.join("zones.yaml"), &zones);
    for i in 1..=atoms {
        let (team, team_dir) = TEAMS[i % 3];
        let status = STATUSES[i % 4];
        let deps = if i > 10 && i % 5 != 0 {
            format!("\n  - ATOM-{:05}", i - 7)
        } else {
            String::new()
        };
        let started = if status == "NOT_STARTED" {
            "null".to_owned()
        } else {
            "2026-11-19T10:00:00Z".to_owned()
        };
        let text = format!(
            "# ATOM-{i:05}: Task number {i}\n\n```yaml\nid: ATOM-{i:05}\ntitle: Task number {i}\nteam: {team}\npriority: {}\nstatus: {status}\nassigned: dev{}@{team}.example.com\nstarted: {started}\nestimated: {}h\nactual: null\nfiles:\n  - {}/module{}/*.rs\ndependencies:{}\ncriteria:\n  - text: It works\n    done: {}\n  - text: It is tested\n    done: false\nphase: {}\nblocked_reason: {}\nescalations: []\nlast_updated: 2026-11-19T12:00:00Z\n```\n\n## Notes\n\nFree text written by the team about task {i}.\n",
            ["CRITICAL", "HIGH", "MEDIUM", "LOW"][i % 4],
            i % 17,
            1 + i % 8,
            ["server", "web", "deploy"][i % 3],
            i % 50,
            if deps.is_empty() {
                " []".to_owned()
            } else {
                deps
            },
            status == "COMPLETED",
            1 + i % 2,
            if status == "BLOCKED" {
                "waiting"
            } else {
                "null"
            },
        );
        write(
            &root.join(format!("{team_dir}/ATOMIC_TASKS/ATOM-{i:05}.md")),
            &text,
        );
    }
    for m in 1..=molecules {
        let lead = TEAMS[m % 3].0;
        let support = TEAMS[(m + 1) % 3].0;
        let text = format!(
            "# MOLECULE-{m:03}: Integration {m}\n\n```yaml\nid: MOLECULE-{m:03}\ntitle: Integration {m}\nteams: [{lead}, {support}]\ncomplexity: MODERATE\nstatus: ACTIVE\nlead: {lead}\nsupport: [{support}]\natoms: [ATOM-{:05}, ATOM-{:05}]\ndependencies: []\nintegration_points:\n  API: VALIDATED\n  UI: PENDING\nsuccess_criteria:\n  Performance: PENDING\nphase: {}\nescalations: []\nlast_updated: 2026-11-19T12:00:00Z\n```\n",
            1 + (m * 13) % atoms,
            1 + (m * 29) % atoms,
            1 + m % 2
        );
        write(
            &root.join(format!("JOINT_COORDINATION/MOLECULES/MOLECULE-{m:03}.md")),
            &text,
        );
    }
    git(root, &["add", "-A"]);
    git(
        root,
        &["-c", "gc.auto=0", "commit", "-q", "-m", "generated"],
    );
    git(root, &["gc", "-q"]);
    dir
}

fn atoms_section(bin: &Path) {
    let repo = status_repo(10_000, 200);
    let root = repo.path();
    keep(root);
    println!("\n## 10,000 atoms in 3 teams, 200 molecules");
    let (t, peak) = median(bin, &["atoms", "list", "--format", "json"], root, 11);
    println!(
        "coord atoms list --format json  median {}  peak {:.1} MiB   (target ≤ 100 ms, ≤ 50 MiB)",
        ms(t),
        peak as f64 / 1024.0
    );
    let cache = root.join(".git/coord/status-cache.bin");
    let (cold, cold_peak) = repeat(
        5,
        || {
            let _ = std::fs::remove_file(&cache);
        },
        || measure(bin, &["atoms", "list", "--format", "json"], root),
    );
    println!(
        "  same, cold (no parse cache)   median {}  peak {:.1} MiB   (the first run after a clone)",
        ms(cold),
        cold_peak as f64 / 1024.0
    );
    let (t, _) = median(
        bin,
        &["atoms", "new", "Benchmark task", "--team", "backend"],
        root,
        11,
    );
    println!(
        "coord atoms new                 median {}                (target ≤ 30 ms)",
        ms(t)
    );
    let (t, _) = median(bin, &["lint"], root, 7);
    println!(
        "coord lint                      median {}                (target ≤ 300 ms)",
        ms(t)
    );
    let (t, _) = median(bin, &["status"], root, 7);
    println!("coord status                    median {}", ms(t));
}

/// 100,000 atoms: commands about one atom, the first run after a clone, the dashboards, and
/// memory per atom.
fn large_section(bin: &Path) {
    for (atoms, molecules) in [(10_000, 200), (100_000, 500)] {
        let repo = status_repo(atoms, molecules);
        let root = repo.path();
        keep(root);
        println!("\n## {atoms} atoms in 3 teams, {molecules} molecules");
        // The first command after a clone: no parse cache, no history cache.
        let (cold, cold_peak) = repeat(
            3,
            || {
                let _ = std::fs::remove_dir_all(root.join(".git/coord"));
            },
            || measure(bin, &["status"], root),
        );
        let target = if atoms == 10_000 {
            "≤ 200 ms"
        } else {
            "≤ 2 s"
        };
        println!(
            "coord status, first run         median {}  peak {:.1} MiB   (target {target})",
            ms(cold),
            cold_peak as f64 / 1024.0
        );
        if atoms < 100_000 {
            continue;
        }
        let (t, peak) = median(bin, &["atoms", "show", "ATOM-50000"], root, 9);
        println!(
            "coord atoms show ID             median {}  peak {:.1} MiB   (target ≤ 30 ms, ≤ 30 MiB)",
            ms(t),
            peak as f64 / 1024.0
        );
        let (t, peak) = median(
            bin,
            &["atoms", "show", "ATOM-50000", "--dependents"],
            root,
            5,
        );
        println!(
            "  same, --dependents            median {}  peak {:.1} MiB   (reads every status file)",
            ms(t),
            peak as f64 / 1024.0
        );
        // Each run starts another NOT_STARTED atom without dependencies (every 20th).
        let mut k = 0;
        let (start, start_peak) = repeat(
            9,
            || {},
            || {
                k += 1;
                let id = format!("ATOM-{:05}", 40_000 + k * 20);
                measure(
                    bin,
                    &["--offline", "atoms", "start", &id, "--assign", "bench"],
                    root,
                )
            },
        );
        println!(
            "coord atoms start ID            median {}  peak {:.1} MiB   (target ≤ 30 ms, ≤ 30 MiB)",
            ms(start),
            start_peak as f64 / 1024.0
        );
        let (t, peak) = median(bin, &["atoms", "list", "--format", "json"], root, 5);
        println!(
            "coord atoms list --format json  median {}  peak {:.1} MiB   ({:.2} KiB per atom; target 1.5)",
            ms(t),
            peak as f64 / 1024.0,
            peak as f64 / atoms as f64
        );
        let (t, peak) = median(bin, &["dashboard"], root, 5);
        println!(
            "coord dashboard                 median {}  peak {:.1} MiB   (target ≤ 1.5 s, ≤ 400 MiB)",
            ms(t),
            peak as f64 / 1024.0
        );
    }
}

fn dashboard_section(bin: &Path) {
    let repo = status_repo(10_000, 500);
    let root = repo.path();
    println!("\n## 10,000 atoms, 500 molecules");
    let (t, _) = median(bin, &["dashboard"], root, 7);
    println!(
        "coord dashboard                 median {}                (target ≤ 300 ms)",
        ms(t)
    );
    let (t, _) = median(bin, &["dashboard", "--check"], root, 7);
    println!(
        "coord dashboard --check         median {}                (target ≤ 300 ms)",
        ms(t)
    );
}

/// Add `count` remote-tracking branches to `root`, each with one atom IN_PROGRESS for another
/// agent, in one `git fast-import` stream.
fn add_remote_branches(root: &Path, count: usize, atoms: usize) {
    let base = head(root);
    let mut stream = String::new();
    for b in 0..count {
        let i = 1 + (b * 7) % atoms;
        let (team, team_dir) = TEAMS[i % 3];
        let path = format!("{team_dir}/ATOMIC_TASKS/ATOM-{i:05}.md");
        let text = std::fs::read_to_string(root.join(&path)).unwrap();
        let status_line = text.lines().find(|l| l.starts_with("status:")).unwrap();
        let assigned_line = text.lines().find(|l| l.starts_with("assigned:")).unwrap();
        let changed = text
            .replacen(status_line, "status: IN_PROGRESS", 1)
            .replacen(
                assigned_line,
                &format!("assigned: agent{b}@{team}.example.com"),
                1,
            )
            .replacen("blocked_reason: waiting", "blocked_reason: null", 1);
        stream.push_str(&format!(
            "commit refs/remotes/origin/agent-{b}\ncommitter Bench <bench@example.com> 1763632800 +0000\ndata 5\nwork\nfrom {}\nM 100644 inline {path}\ndata {}\n{changed}\n",
            base,
            changed.len()
        ));
    }
    fast_import(root, &stream);
}

fn branches_section(bin: &Path) {
    for count in [1_000, 10_000] {
        let repo = status_repo(1_000, 0);
        let root = repo.path();
        add_remote_branches(root, count, 1_000);
        keep(repo.path());
        println!(
            "\n## 1,000 atoms, {count} remote-tracking branches each with an atom IN_PROGRESS"
        );
        let target = if count == 1_000 {
            "≤ 250 ms"
        } else {
            "≤ 1.5 s"
        };
        let coord_dir = root.join(".git/coord");
        let _ = std::fs::remove_file(coord_dir.join("branch-cache.bin"));
        let _ = std::fs::remove_file(coord_dir.join("blob-atoms.bin"));
        let (cold, cold_peak) = measure(bin, &["conflicts", "--format", "json"], root);
        println!(
            "coord conflicts, first run      once   {}  peak {:.1} MiB   (every branch read)",
            ms(cold),
            cold_peak as f64 / 1024.0
        );
        let (t, peak) = median(bin, &["conflicts", "--format", "json"], root, 5);
        println!(
            "coord conflicts                 median {}  peak {:.1} MiB   (target {target})",
            ms(t),
            peak as f64 / 1024.0
        );
        if count == 1_000 {
            let (t, _) = median(
                bin,
                &[
                    "--offline",
                    "atoms",
                    "next",
                    "--assign",
                    "bench",
                    "--team",
                    "backend",
                ],
                root,
                5,
            );
            println!(
                "coord atoms next --offline      median {}                (target ≤ 60 ms, no push)",
                ms(t)
            );
        }
    }
}

/// A repository of 100,000 files in 1,000 folders with ~300 zone globs, committed once.
fn files_repo(folders: usize) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    git(root, &["init", "-q", "-b", "main", "."]);
    let mut zones = teams_yaml();
    zones.push_str("exclusive:\n");
    // ~300 globs: each team owns a third of the 1,000 folders, as two globs each in 50 blocks.
    for (t, (id, _)) in TEAMS.iter().enumerate() {
        zones.push_str(&format!("  {id}:\n"));
        for block in 0..50 {
            let area = block * 3 + t;
            zones.push_str(&format!(
                "    - \"src/area{area:03}/**/*.rs\"\n    - \"src/area{area:03}/**/*.md\"\n"
            ));
        }
    }
    write(&root.join("zones.yaml"), &zones);
    // `folders` folders (area/sub) of 100 files: 1,000 make 100,000 files.
    for d in 0..folders {
        let area = d / 7;
        let folder = root.join(format!("src/area{area:03}/sub{d:04}"));
        std::fs::create_dir_all(&folder).unwrap();
        for f in 0..100 {
            let ext = if f % 10 == 0 { "md" } else { "rs" };
            std::fs::write(
                folder.join(format!("file{f:03}.{ext}")),
                format!("// {d} {f}\n"),
            )
            .unwrap();
        }
    }
    git(root, &["add", "-A"]);
    git(
        root,
        &["-c", "gc.auto=0", "commit", "-q", "-m", "generated files"],
    );
    // Packed, as a clone is (and no background gc moves objects while coord runs).
    git(root, &["gc", "-q"]);
    dir
}

fn zones_section(bin: &Path) {
    staged_check(bin, 1_000, 1.2, true);
}

/// The staged check with 10 staged changes among `folders` × 100 tracked files, against git.
fn staged_check(bin: &Path, folders: usize, target: f64, who: bool) {
    let dir = files_repo(folders);
    let root = dir.path();
    // 10 changes by backend in its own area (area000 is backend's): edits, adds, a delete, a rename.
    for f in 0..5 {
        std::fs::write(
            root.join(format!("src/area000/sub0000/file{:03}.rs", f + 1)),
            "// edited\n",
        )
        .unwrap();
    }
    for f in 0..3 {
        std::fs::write(
            root.join(format!("src/area000/sub0001/new{f}.rs")),
            "// new\n",
        )
        .unwrap();
    }
    std::fs::remove_file(root.join("src/area000/sub0002/file001.rs")).unwrap();
    git(root, &["add", "-A"]);
    git(
        root,
        &[
            "mv",
            "src/area000/sub0003/file001.rs",
            "src/area000/sub0003/renamed.rs",
        ],
    );
    println!(
        "\n## {} tracked files in {folders} folders, 300 zone globs, 10 staged changes",
        folders * 100
    );
    let git_path = which_git();
    let (tg, _) = median(
        &git_path,
        &["diff", "--cached", "--name-status", "-M", "-z"],
        root,
        15,
    );
    let (tc, _) = median(bin, &["zones", "check", "--staged"], root, 15);
    println!("git diff --cached --name-status -M -z  median {}", ms(tg));
    println!(
        "coord zones check --staged             median {}   ratio {:.2}× git (target ≤ {target}×)",
        ms(tc),
        tc.as_secs_f64() / tg.as_secs_f64()
    );
    if !who {
        return;
    }
    let (tw, _) = median(bin, &["zones", "who", "--all"], root, 5);
    println!(
        "coord zones who --all                  median {}   (target ≤ 500 ms)",
        ms(tw)
    );
}

/// 1,000 commits on top of the 100,000 files, each by a member of one team changing three files
/// in that team's areas, written in one `git fast-import` stream.
fn range_section(bin: &Path) {
    let dir = files_repo(1_000);
    let root = dir.path();
    let base = head(root);
    let mut stream = String::new();
    for c in 0..1000usize {
        let (team, _) = TEAMS[c % 3];
        // Areas of team t are those with area % 3 == t; folder d belongs to area d / 7.
        let area = (c / 3 * 3 + c % 3) % 150;
        let from = if c == 0 {
            format!("from {}\n", base)
        } else {
            String::new()
        };
        stream.push_str(&format!(
            "commit refs/heads/main\nauthor Dev <dev{c}@{team}.example.com> {} +0000\ncommitter Dev <dev{c}@{team}.example.com> {} +0000\ndata 7\nchange\n{from}",
            1_763_632_800 + c * 60,
            1_763_632_800 + c * 60,
        ));
        for k in 0..3 {
            let d = area * 7 + (c + k) % 7;
            let text = format!("// {c} {k}\n");
            stream.push_str(&format!(
                "M 100644 inline src/area{area:03}/sub{d:04}/file{:03}.rs\ndata {}\n{text}\n",
                1 + (c * 3 + k) % 99,
                text.len()
            ));
        }
    }
    fast_import(root, &stream);
    git(root, &["reset", "-q", "--hard", "main"]);
    keep(root);
    let range = format!("{}..main", base);
    println!(
        "\n## 1,000 commits by three teams over 100,000 files, {} zone globs",
        300
    );
    let git_path = which_git();
    let (tg, _) = median(
        &git_path,
        &["log", "--name-status", "-M", "--format=%H %ae", &range],
        root,
        9,
    );
    let (tc, peak) = median(bin, &["zones", "check", "--range", &range], root, 9);
    println!("git log --name-status -M               median {}", ms(tg));
    println!(
        "coord zones check --range              median {}   ratio {:.2}× git (target ≤ 1.5×)   peak {:.1} MiB",
        ms(tc),
        tc.as_secs_f64() / tg.as_secs_f64(),
        peak as f64 / 1024.0
    );
}

/// 10,000 commits touching 10,000 atoms, one commit a minute: 5,000 commits create two atoms
/// each, then 5,000 commits each finish one of them.
fn history_repo() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    git(root, &["init", "-q", "-b", "main", "."]);
    let mut stream = String::new();
    let start = 1_763_000_000i64;
    let atom = |i: usize, status: &str, actual: &str| {
        let (team, _) = TEAMS[i % 3];
        format!(
            "# ATOM-{i:05}: Task {i}\n\n```yaml\nid: ATOM-{i:05}\n\ntitle: Task {i}\n\nteam: {team}\n\npriority: MEDIUM\n\nstatus: {status}\n\nassigned: dev{}@{team}.example.com\n\nstarted: null\n\nestimated: 4h\n\nactual: {actual}\n\nfiles: []\n\ndependencies: []\n\ncriteria: []\n\nphase: 1\n\nblocked_reason: null\n\nescalations: []\n```\n",
            i % 17
        )
    };
    let commit = |n: usize, files: Vec<(String, String)>, stream: &mut String| {
        let t = start + n as i64 * 60;
        stream.push_str(&format!(
            "commit refs/heads/main\ncommitter Dev <dev@backend.example.com> {t} +0000\ndata 7\nchange\n"
        ));
        for (path, text) in files {
            stream.push_str(&format!(
                "M 100644 inline {path}\ndata {}\n{text}\n",
                text.len()
            ));
        }
    };
    let zones = teams_yaml();
    commit(0, vec![("zones.yaml".to_owned(), zones)], &mut stream);
    let path = |i: usize| format!("{}/ATOMIC_TASKS/ATOM-{i:05}.md", TEAMS[i % 3].1);
    for c in 0..5_000 {
        let files = (1..=2)
            .map(|k| {
                let i = c * 2 + k;
                (path(i), atom(i, "NOT_STARTED", "null"))
            })
            .collect();
        commit(1 + c, files, &mut stream);
    }
    for c in 0..5_000 {
        let i = 1 + c * 2;
        commit(
            5_001 + c,
            vec![(path(i), atom(i, "COMPLETED", "5h"))],
            &mut stream,
        );
    }
    fast_import(root, &stream);
    git(root, &["reset", "-q", "--hard", "main"]);
    git(root, &["gc", "-q"]);
    dir
}

fn history_section(bin: &Path) {
    let repo = history_repo();
    let root = repo.path();
    keep(root);
    println!("\n## history: 10,000 commits touching 10,000 atoms");
    // The floor: git listing what every commit changed, without reading any file.
    let (tg, _) = median(&which_git(), &["log", "--raw", "--format=%H"], root, 3);
    println!("git log --raw                 median {}", ms(tg));
    let now = [("COORD_NOW", "2025-11-20T12:00:00Z")];
    for (name, args) in [
        (
            "coord kpi --since 30d",
            &["kpi", "--since", "30d", "--format", "json"][..],
        ),
        (
            "coord standup --since 7d",
            &["standup", "--since", "7d", "--format", "json"][..],
        ),
        (
            "coord log ATOM-04001",
            &["log", "ATOM-04001", "--format", "json"][..],
        ),
    ] {
        let clear = || {
            for f in [
                "history.bin",
                "history-events.bin",
                "status-cache.bin",
                "file-times.bin",
            ] {
                let _ = std::fs::remove_file(root.join(".git/coord").join(f));
            }
        };
        let (cold, _) = repeat(3, clear, || measure_env(bin, args, root, &now));
        let (warm, peak) = repeat(5, || {}, || measure_env(bin, args, root, &now));
        println!(
            "{name:<28} cold median {}  warm median {}  peak {:.1} MiB   (target ≤ 1 s cold, ≤ 100 ms warm)",
            ms(cold),
            ms(warm),
            peak as f64 / 1024.0
        );
    }
}

fn which_git() -> PathBuf {
    std::env::var_os("PATH")
        .and_then(|paths| {
            std::env::split_paths(&paths)
                .map(|p| p.join("git"))
                .find(|p| p.is_file())
        })
        .expect("git on PATH")
}

fn main() {
    let only: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with('-'))
        .collect();
    let wants = |name: &str| only.is_empty() || only.iter().any(|o| o == name);
    let bin = coord();
    println!(
        "# coord benchmarks ({} cores)",
        std::thread::available_parallelism().map_or(1, |n| n.get())
    );
    if wants("atoms") {
        atoms_section(&bin);
    }
    if wants("dashboard") {
        dashboard_section(&bin);
    }
    if wants("zones") {
        zones_section(&bin);
    }
    if wants("branches") {
        branches_section(&bin);
    }
    if wants("range") {
        range_section(&bin);
    }
    if wants("large") {
        large_section(&bin);
    }
    if wants("history") {
        history_section(&bin);
    }
    if wants("million") {
        staged_check(&bin, 10_000, 1.2, false);
    }
}
