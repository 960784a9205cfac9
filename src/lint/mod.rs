//! `coord lint`'s checks across files: duplicate ids, dangling dependencies and cycles.
//! Problems inside one file are found while loading it; this adds what needs them all.

mod records;

use std::collections::BTreeMap;

use std::path::Path;

use crate::config;
use crate::doc::store;
use crate::error::{Error, Result, line_col};
use crate::finding::{self, Code, Finding};
use crate::git::Repo;
use crate::graph::Graph;
use crate::workspace::{Snapshot, Workspace};

/// zones.yaml's problems as findings.
pub fn config_findings(error: &Error) -> Vec<Finding> {
    match error {
        Error::Many { problems, .. } => problems.iter().flat_map(config_findings).collect(),
        Error::InFile(problem) => {
            let (line, column) = line_col(problem.src.inner(), problem.span.offset());
            let mut f = Finding::error(Code::InvalidZones, problem.message.clone()).at(
                config::FILE,
                line,
                column,
            );
            f.hint = problem.help.clone();
            vec![f]
        }
        other => vec![Finding::error(Code::InvalidZones, other.to_string()).at(config::FILE, 0, 0)],
    }
}

/// Every finding of the repository at `start`: zones.yaml and every status file. With `staged`,
/// only those in files staged for the next commit (nothing when none of them is).
pub fn run(start: &Path, staged: bool) -> Result<Vec<Finding>> {
    let repo = Repo::discover(start)?;
    let staged: Option<Vec<String>> = if staged {
        Some(
            repo.staged_changes()?
                .iter()
                .flat_map(|c| c.paths().map(str::to_owned).collect::<Vec<_>>())
                .collect(),
        )
    } else {
        None
    };
    let root = repo.root().to_path_buf();
    let findings = match config::load(&root) {
        Err(error) if root.join(config::FILE).exists() => config_findings(&error),
        Err(error) => return Err(error),
        Ok(zones) => {
            if let Some(paths) = &staged
                && !paths.iter().any(|p| {
                    p == config::FILE || store::is_status_path(&zones, p) || records::holds(p)
                })
            {
                return Ok(Vec::new());
            }
            let ws = Workspace {
                root: root.clone(),
                repo: Some(repo),
                zones,
                offline: true,
                author: None,
            };
            let snap = ws.snapshot_quietly();
            let graph = Graph::build(&snap.atoms, &snap.molecules);
            let mut all = check(&snap, &graph, &|p: &str| {
                crate::fsutil::read_text(&root.join(p)).ok()
            });
            all.extend(records::check(&ws, &snap));
            finding::sort(&mut all);
            all
        }
    };
    Ok(match &staged {
        Some(paths) => findings
            .into_iter()
            .filter(|f| f.path.as_ref().is_some_and(|p| paths.contains(p)))
            .collect(),
        None => findings,
    })
}

/// Every finding of the snapshot, sorted; `graph` is the snapshot's dependency graph. `read`
/// returns a file's text, to point at lines.
pub fn check(
    snap: &Snapshot,
    graph: &Graph,
    read: &dyn Fn(&str) -> Option<String>,
) -> Vec<Finding> {
    let locate = |path: &str, needle: &str| -> (u32, u32) {
        read(path)
            .and_then(|text| text.find(needle).map(|o| line_col(&text, o)))
            .unwrap_or((0, 0))
    };
    let mut out = snap.findings.clone();
    out.extend(duplicates(snap, &locate));
    out.extend(dangling(snap, graph, &locate));
    out.extend(cycles(snap, graph, &locate));
    out.extend(waits_for_cancelled(snap, &locate));
    finding::sort(&mut out);
    out
}

type Locate<'a> = dyn Fn(&str, &str) -> (u32, u32) + 'a;

/// Ids that two files carry.
fn duplicates(snap: &Snapshot, locate: &Locate) -> Vec<Finding> {
    let mut out = Vec::new();
    let mut by_id: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for a in &snap.atoms {
        by_id.entry(&a.id).or_default().push(&a.path);
    }
    for m in &snap.molecules {
        by_id.entry(&m.id).or_default().push(&m.path);
    }
    for (id, paths) in by_id.iter().filter(|(_, p)| p.len() > 1) {
        for path in &paths[1..] {
            let (l, c) = locate(path, &format!("id: {id}"));
            out.push(
                Finding::error(
                    Code::DuplicateId,
                    format!("{id} is also used by {}", paths[0]),
                )
                .at(*path, l, c)
                .hint(format!(
                    "give one of them a new id: `coord {}s renumber {id} --file {path}`",
                    if id.starts_with("MOLECULE-") {
                        "molecule"
                    } else {
                        "atom"
                    }
                )),
            );
        }
    }

    out
}

/// Dependencies on atoms or molecules that do not exist, or whose file cannot be read.
fn dangling(snap: &Snapshot, graph: &Graph, locate: &Locate) -> Vec<Finding> {
    let mut out = Vec::new();
    let unreadable: std::collections::BTreeSet<&str> = snap
        .skipped
        .iter()
        .filter_map(|f| f.path.as_deref())
        .filter_map(|p| p.rsplit('/').next()?.strip_suffix(".md"))
        .collect();
    for (from, missing) in &graph.dangling {
        let path = graph.node(from).map(|n| n.path.clone()).unwrap_or_default();
        let (l, c) = locate(&path, missing);
        let why = if unreadable.contains(missing.as_str()) {
            "whose file cannot be read (see its own finding)"
        } else {
            "which does not exist"
        };
        out.push(
            Finding::error(
                Code::DanglingDependency,
                format!("{from} depends on {missing}, {why}"),
            )
            .at(path, l, c)
            .hint("fix the id, or remove the dependency"),
        );
    }
    out
}

/// Open work that waits for a cancelled atom: it waits for something that will not come.
fn waits_for_cancelled(snap: &Snapshot, locate: &Locate) -> Vec<Finding> {
    let cancelled = |id: &str| {
        snap.atom(id)
            .is_some_and(|a| a.status == crate::doc::Status::Cancelled)
    };
    let open_atoms = snap.atoms.iter().filter(|a| a.status.is_open()).map(|a| {
        (
            a.id.as_str(),
            &a.path,
            a.dependencies.iter().collect::<Vec<_>>(),
        )
    });
    let open_molecules = snap
        .molecules
        .iter()
        .filter(|m| m.status != crate::doc::MoleculeStatus::Complete)
        .map(|m| {
            (
                m.id.as_str(),
                &m.path,
                m.dependencies.iter().chain(&m.atoms).collect(),
            )
        });
    let mut out = Vec::new();
    for (id, path, deps) in open_atoms.chain(open_molecules) {
        for d in deps.into_iter().filter(|d| cancelled(d)) {
            let (l, c) = locate(path, &format!("- {d}"));
            out.push(
                Finding::error(
                    Code::WaitsForCancelled,
                    format!("{id} waits for {d}, which is CANCELLED"),
                )
                .at(path.as_str(), l, c)
                .hint(if id.starts_with("ATOM-") {
                    format!(
                        "remove the dependency (`coord atoms edit {id} --remove-dep {d}`), or reopen {d}"
                    )
                } else {
                    format!("remove {d} from the molecule's lists, or reopen {d}")
                }),
            );
        }
    }
    out
}

/// Rings of dependencies.
fn cycles(snap: &Snapshot, graph: &Graph, locate: &Locate) -> Vec<Finding> {
    let mut out = Vec::new();
    for cycle in graph.cycles() {
        let first = &cycle[0];
        let next = cycle.get(1).unwrap_or(first);
        // Where an id is used twice, the file to point at is the one that names the next link.
        let path = snap
            .atoms
            .iter()
            .find(|a| a.id == first && a.dependencies.contains(next))
            .map(|a| a.path.clone())
            .or_else(|| graph.node(first).map(|n| n.path.clone()))
            .unwrap_or_default();
        let (l, c) = if cycle.len() > 1 {
            locate(&path, &cycle[1])
        } else {
            locate(&path, &format!("- {first}"))
        };
        let mut ring = cycle.clone();
        ring.push(first.clone());
        out.push(
            Finding::error(
                Code::DependencyCycle,
                format!("dependency cycle: {}", ring.join(" → ")),
            )
            .at(path, l, c)
            .hint("remove one of these dependencies to break the cycle"),
        );
    }
    out
}
