//! `coord demo DIR`: a populated sample repository (three teams, a dozen atoms in every status,
//! two molecules, a zone matrix and a git history) to try every command on. Its content lives
//! in `templates/demo/`; the files are written through the same field lists as `atoms new`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use chrono::Duration;
use serde::Deserialize;

use crate::clock::Stamp;
use crate::config::layout::{MOLECULES_DIR, atoms_dir};
use crate::dashboard;
use crate::doc::molecule::Point;
use crate::doc::write::render_fields;
use crate::doc::{Atom, Criterion, Molecule, MoleculeStatus, Priority, Status, StatusFile};
use crate::env::Now;
use crate::error::{Error, Result};
use crate::fsutil;
use crate::git::Repo;
use crate::templates;
use crate::workspace::Workspace;

const ZONES: &str = include_str!("../templates/demo/zones.yaml");
const PLAN: &str = include_str!("../templates/demo/plan.yaml");

#[derive(Deserialize)]
struct Plan {
    files: BTreeMap<String, String>,
    atoms: Vec<PlannedAtom>,
    molecules: Vec<PlannedMolecule>,
}

#[derive(Deserialize)]
struct PlannedAtom {
    title: String,
    team: String,
    priority: Priority,
    status: Status,
    estimate: String,
    started_hours_ago: Option<i64>,
    actual: Option<String>,
    files: Vec<String>,
    dependencies: Vec<String>,
    criteria: Vec<Criterion>,
    phase: u32,
    blocked_reason: Option<String>,
    updated_hours_ago: i64,
    escalation: Option<PlannedEscalation>,
}

#[derive(Deserialize)]
struct PlannedEscalation {
    level: u32,
    reason: String,
    raised_hours_ago: i64,
    /// Who raises it: often the team that waits, not the one that owns the atom.
    raised_by: String,
}

#[derive(Deserialize)]
struct PlannedMolecule {
    title: String,
    lead: String,
    support: Vec<String>,
    complexity: String,
    status: MoleculeStatus,
    atoms: Vec<String>,
    integration_points: Vec<Point>,
    success_criteria: Vec<Point>,
    phase: u32,
    updated_hours_ago: i64,
}

fn team_dir(zones: &crate::config::Zones, team: &str) -> Result<String> {
    Ok(zones.require_team(team)?.dir.clone())
}

fn atom_of(i: usize, a: &PlannedAtom, at: &dyn Fn(i64) -> Stamp) -> Atom {
    let who = ["alice", "bob", "chen"][i % 3];
    Atom {
        id: compact_str::format_compact!("ATOM-{:03}", i + 1),
        title: a.title.clone(),
        team: a.team.as_str().into(),
        priority: a.priority,
        status: a.status,
        assigned: a
            .started_hours_ago
            .map(|_| format!("{who}@{}.example.com", a.team)),
        started: a.started_hours_ago.map(at),
        estimated: Some(a.estimate.as_str().into()),
        due: None,
        actual: a.actual.as_deref().map(Into::into),
        files: a.files.clone(),
        dependencies: a.dependencies.clone(),
        dependency_notes: Default::default(),
        criteria: a.criteria.clone(),
        phase: Some(a.phase),
        blocked_reason: a.blocked_reason.clone(),
        cancelled_reason: None,
        reopened_reason: None,
        extra: Default::default(),
        escalations: Vec::new(),
        last_updated: Some(at(a.updated_hours_ago)),
        path: String::new(),
    }
}

fn molecule_of(i: usize, m: &PlannedMolecule, at: &dyn Fn(i64) -> Stamp) -> Molecule {
    let mut teams = vec![m.lead.clone()];
    teams.extend(m.support.iter().cloned());
    Molecule {
        id: format!("MOLECULE-{:03}", i + 1),
        title: m.title.clone(),
        teams,
        complexity: m.complexity.clone(),
        status: m.status,
        lead: m.lead.clone(),
        support: m.support.clone(),
        atoms: m.atoms.clone(),
        dependencies: Vec::new(),
        integration_points: m.integration_points.clone(),
        success_criteria: m.success_criteria.clone(),
        phase: Some(m.phase),
        escalations: Vec::new(),
        last_updated: Some(at(m.updated_hours_ago)),
        path: String::new(),
    }
}

fn write(root: &Path, rel: &str, text: &str) -> Result<()> {
    fsutil::write_atomic(&root.join(rel), text.as_bytes())
}

/// A new or empty folder for the demo.
fn prepare(dir: &Path) -> Result<()> {
    if dir.exists()
        && std::fs::read_dir(dir)
            .map(|mut d| d.next().is_some())
            .unwrap_or(true)
    {
        return Err(Error::usage(
            format!("{} exists and is not empty", dir.display()),
            Some("name a new folder, for example `coord demo coord-demo`".to_owned()),
        ));
    }
    std::fs::create_dir_all(dir).map_err(|e| Error::io("create", dir, e))
}

/// Write `e`, raised on `subject`, as the next escalation record.
fn escalation(
    root: &Path,
    subject: &str,
    e: &PlannedEscalation,
    at: &dyn Fn(i64) -> Stamp,
) -> Result<()> {
    use crate::doc::escalation::{DIR, EscalationRecord};
    let taken = std::fs::read_dir(root.join(DIR)).map_or(0, |d| {
        d.flatten()
            .filter(|f| f.file_name().to_string_lossy().starts_with("ESC-"))
            .count()
    });
    let record = EscalationRecord {
        id: crate::doc::format_id("ESC", taken as u32 + 1),
        subject: subject.to_owned(),
        level: e.level,
        reason: e.reason.clone(),
        raised_by: Some(e.raised_by.clone()),
        raised: at(e.raised_hours_ago),
        acknowledged: None,
        acknowledged_by: None,
        resolved: None,
        resolution: None,
        path: String::new(),
    };
    let title = format!("{subject}, level {}", e.level);
    let text = templates::fill(
        &templates::get(root, "escalation.md"),
        &[
            ("id", &record.id),
            ("title", &title),
            ("fields", &render_fields(&record.all_fields())),
        ],
    );
    write(root, &format!("{DIR}/{}.md", record.id), &text)
}

/// Write the planned atoms and molecules last updated `hours` ago under `root`; their ids.
fn write_plan(
    root: &Path,
    plan: &Plan,
    at: &dyn Fn(i64) -> Stamp,
    hours: i64,
) -> Result<Vec<String>> {
    let zones = crate::config::load(root)?;
    let template = templates::get(root, "atom.md");
    let mut written = Vec::new();
    for (i, planned) in plan.atoms.iter().enumerate() {
        if planned.updated_hours_ago != hours {
            continue;
        }
        let a = atom_of(i, planned, at);
        written.push(a.id.to_string());
        let fields = render_fields(&a.fields());
        let text = templates::fill(
            &template,
            &[
                ("id", &a.id),
                ("title", &a.title),
                ("team", &a.team),
                ("fields", &fields),
            ],
        );
        let dir = atoms_dir(&team_dir(&zones, &a.team)?);
        write(root, &format!("{dir}/{}.md", a.id), &text)?;
        if let Some(e) = &planned.escalation {
            escalation(root, &a.id, e, at)?;
        }
    }
    let template = templates::get(root, "molecule.md");
    for (i, planned) in plan.molecules.iter().enumerate() {
        if planned.updated_hours_ago != hours {
            continue;
        }
        let m = molecule_of(i, planned, at);
        written.push(m.id.clone());
        let fields = render_fields(&m.fields());
        let text = templates::fill(
            &template,
            &[("id", &m.id), ("title", &m.title), ("fields", &fields)],
        );
        write(root, &format!("{MOLECULES_DIR}/{}.md", m.id), &text)?;
    }
    Ok(written)
}

/// Create the sample repository in `dir`, its times relative to `now`. Returns its root.
pub fn create(dir: &Path, now: Now) -> Result<PathBuf> {
    let plan: Plan = crate::yaml::parse(PLAN)
        .map_err(|e| Error::usage(format!("the demo plan is broken: {}", e.message), None))?;
    prepare(dir)?;
    let repo = Repo::init(dir)?;
    let root = repo.root().to_path_buf();
    let at = |hours: i64| Stamp::new(now.at - Duration::hours(hours));
    let base_seconds = now.at.timestamp();

    write(&root, "zones.yaml", ZONES)?;
    for (path, text) in &plan.files {
        write(&root, path, text)?;
    }
    let given = now.given.then_some(now.at);
    crate::init::init(&root, &[], given, false)?;
    repo.commit_worktree(
        "Set up coord: zones, team folders and dashboards",
        ("Musti Ops", "musti@devops.example.com"),
        base_seconds - 100 * 3600,
    )?;
    // Each status file's last change is a commit at its planned time: history says when.
    let mut hours: Vec<i64> = plan
        .atoms
        .iter()
        .map(|a| a.updated_hours_ago)
        .chain(plan.molecules.iter().map(|m| m.updated_hours_ago))
        .collect();
    hours.sort_unstable_by(|a, b| b.cmp(a));
    hours.dedup();
    for h in hours {
        let ids = write_plan(&root, &plan, &at, h)?;
        repo.commit_worktree(
            &format!("Update {}", ids.join(", ")),
            ("Alice Backend", "alice@backend.example.com"),
            base_seconds - h * 3600,
        )?;
    }
    let ws = Workspace::open(&root)?;
    dashboard::sync(&ws, given, dashboard::Mode::Write)?;
    repo.commit_worktree(
        "Regenerate the dashboards",
        ("Alice Backend", "alice@backend.example.com"),
        base_seconds,
    )?;
    Ok(root)
}
