//! Dashboards a reviewer can read at any size: bounded lists with the command that lists all,
//! narrow tables, graphs small enough to draw, links that stay in their folder.

use crate::support::TestRepo;

/// A repository of `count` atoms in three teams (a quarter blocked, a quarter in progress, the
/// rest not started or completed), chained by dependencies, with a molecule per 20 atoms.
fn many(count: usize) -> TestRepo {
    let repo = TestRepo::with_teams("phases: [ { id: 1, name: One }, { id: 2, name: Two } ]\n");
    let teams = [
        ("backend", "VSCodeDev"),
        ("frontend", "CursorDev"),
        ("devops", "MustiDev"),
    ];
    let statuses = ["NOT_STARTED", "IN_PROGRESS", "BLOCKED", "COMPLETED"];
    for i in 1..=count {
        let (team, dir) = teams[i % 3];
        let status = statuses[i % 4];
        let deps = if i > 3 {
            format!("[ATOM-{:04}]", i - 3)
        } else {
            "[]".to_owned()
        };
        let started = if status == "NOT_STARTED" {
            "null"
        } else {
            "2026-11-18T10:00:00Z"
        };
        let reason = if status == "BLOCKED" {
            "waiting for the schema"
        } else {
            "null"
        };
        repo.write(
            &format!("{dir}/ATOMIC_TASKS/ATOM-{i:04}.md"),
            &format!(
                "# ATOM-{i:04}: Task {i}\n\n```yaml\nid: ATOM-{i:04}\ntitle: Task {i}\nteam: {team}\npriority: {}\nstatus: {status}\nassigned: dev{}@{team}.example.com\nstarted: {started}\nestimated: 4h\nactual: null\nfiles: []\ndependencies: {deps}\ncriteria: []\nphase: 1\nblocked_reason: {reason}\nescalations: []\nlast_updated: 2026-11-19T12:00:00Z\n```\n",
                ["CRITICAL", "HIGH", "MEDIUM", "LOW"][i % 4],
                i % 7
            ),
        );
    }
    for m in 1..=count / 20 {
        let atoms: Vec<String> = (0..5)
            .map(|k| format!("ATOM-{:04}", 1 + (m * 20 + k * 3) % count))
            .collect();
        repo.write(
            &format!("JOINT_COORDINATION/MOLECULES/MOLECULE-{m:03}.md"),
            &format!(
                "# MOLECULE-{m:03}: Integration {m}\n\n```yaml\nid: MOLECULE-{m:03}\ntitle: Integration {m}\nteams: [backend, frontend]\ncomplexity: MODERATE\nstatus: ACTIVE\nlead: backend\nsupport: [frontend]\natoms: [{}]\ndependencies: []\nintegration_points:\n  API: PENDING\nsuccess_criteria: {{}}\nphase: 2\nescalations: []\nlast_updated: 2026-11-19T12:00:00Z\n```\n",
                atoms.join(", ")
            ),
        );
    }
    repo.commit_all("plan", "dev@backend.example.com");
    repo
}

/// Every page coord writes, with its text.
fn pages(repo: &TestRepo) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for dir in ["VSCodeDev", "CursorDev", "MustiDev"] {
        let path = format!("{dir}/REAL_TIME_STATUS.md");
        out.push((path.clone(), repo.read(&path)));
    }
    for entry in std::fs::read_dir(repo.file("JOINT_COORDINATION")).unwrap() {
        let name = entry.unwrap().file_name().into_string().unwrap();
        if name.ends_with(".md") {
            let path = format!("JOINT_COORDINATION/{name}");
            out.push((path.clone(), repo.read(&path)));
        }
    }
    out.sort();
    out
}

/// What a reviewer would find broken on a page, whatever its size.
fn readable(path: &str, page: &str) {
    let folder = path.rsplit_once('/').map_or("", |(d, _)| d);
    assert!(page.len() < 128 * 1024, "{path}: {} bytes", page.len());
    let lines: Vec<&str> = page.lines().collect();
    for (k, line) in lines.iter().enumerate() {
        // A table's delimiter row: at most six columns.
        if line.starts_with("|---") || line.starts_with("|--:") {
            let columns = line.matches('|').count() - 1;
            assert!(columns <= 6, "{path}:{}: {columns} columns", k + 1);
        }
        assert!(!line.trim_start().starts_with("click "), "{path}: {line}");
        assert!(
            !line.contains(&format!("](../{folder}/")),
            "{path}: a link out of its folder and back: {line}"
        );
    }
    for block in page.split("```mermaid\n").skip(1) {
        let body = block.split("```").next().unwrap();
        let nodes = body
            .lines()
            .filter(|l| l.contains("[\"") || l.contains("{{\""))
            .count();
        assert!(nodes <= 60, "{path}: a flowchart of {nodes} nodes");
    }
}

#[test]
fn pages_stay_bounded_and_readable_at_a_thousand_atoms() {
    let repo = many(1000);
    repo.coord(&["dashboard", "--now", "2026-11-20T10:00:00Z"])
        .ok();
    for (path, page) in pages(&repo) {
        readable(&path, &page);
    }
    let team = repo.read("VSCodeDev/REAL_TIME_STATUS.md");
    // 333 backend atoms: open work first, each list cut at 50 with the command listing all.
    let blocked = team.find("### ⛔ Blocked (").unwrap();
    let progress = team.find("### In progress (").unwrap();
    let completed = team.find("### Completed (").unwrap();
    assert!(blocked < progress && progress < completed, "{team}");
    assert!(
        team.contains("more: `coord atoms list --team backend --status BLOCKED` lists all"),
        "{team}"
    );
    assert!(
        team.contains("_The 5 most recent of 84; all with `coord atoms list --team backend --status COMPLETED`._"),
        "{team}"
    );
    // No status column: the section says it.
    assert!(!team.contains("| BLOCKED |"), "{team}");
    // The integration page: too much for one graph, so the critical path and the most
    // waited-for as tables, and a graph per detailed molecule.
    let integration = repo.read("JOINT_COORDINATION/MOLECULAR_INTEGRATION.md");
    assert!(
        integration.contains("too many for one readable graph"),
        "{integration}"
    );
    assert!(
        integration.contains("### What others wait for"),
        "{integration}"
    );
    assert!(integration.contains("## Molecules (50)"), "{integration}");
    assert!(
        integration
            .contains("_40 more unfinished molecules: `coord molecules show ID` details one"),
        "{integration}"
    );
    // Ten molecules' graphs and the short critical path's.
    assert!(
        integration.contains("### Critical path (3 nodes, 12h)"),
        "{integration}"
    );
    assert_eq!(
        integration.matches("```mermaid").count(),
        11,
        "{integration}"
    );
    // Each molecule's graph: the molecule, its five atoms and what they depend on.
    let first = integration.split("```mermaid\n").nth(1).unwrap();
    assert!(first.contains("MOLECULE_001{{"), "{first}");
    // The deployment page lists no team with nothing in a phase.
    let deployment = repo.read("JOINT_COORDINATION/LIVE_DEPLOYMENT_STATUS.md");
    assert!(!deployment.contains("| 0/0 |"), "{deployment}");
    // `coord graph --molecule` draws the same part of the graph.
    repo.coord(&["graph", "--molecule", "MOLECULE-001", "--format", "mermaid"])
        .ok()
        .says("MOLECULE_001{{");
    repo.coord(&["graph", "--molecule", "MOLECULE-999"])
        .code(2)
        .warns("unknown molecule `MOLECULE-999`");
}
