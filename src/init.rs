//! Setting a repository up: zones.yaml, team folders, JOINT_COORDINATION/, dashboards and
//! .gitattributes. Never overwrites: it says what it created and what it left as it was.

use std::path::Path;

use crate::config::layout::{JOINT_DIR, MOLECULES_DIR, atoms_dir, generated_paths};
use crate::config::{self, Zones, valid_id};
use crate::doc::store::safe_path;
use crate::error::{Error, Result};
use crate::fsutil;
use crate::git::Repo;
use crate::templates;
use crate::workspace::Workspace;

/// A team given on the command line: `ID:DIR` or `ID:DIR:Display Name`.
#[derive(Debug, Clone)]
pub struct TeamSpec {
    id: String,
    dir: String,
    name: Option<String>,
}

/// What init did.
#[derive(Debug, Default)]
pub struct InitReport {
    /// Files it created.
    pub created: Vec<String>,
    /// Files it found and left as they were.
    pub kept: Vec<String>,
    /// Whether zones.yaml defines any team.
    pub has_teams: bool,
    /// Whether zones.yaml leaves the dashboards to CI (`dashboard.update: ci`).
    pub dashboards_by_ci: bool,
}

/// Parse `ID:DIR[:NAME]`.
pub fn parse_team(text: &str) -> Result<TeamSpec> {
    let mut parts = text.splitn(3, ':');
    let id = parts.next().unwrap_or("").trim().to_owned();
    let dir = parts
        .next()
        .unwrap_or("")
        .trim()
        .trim_end_matches('/')
        .to_owned();
    let name = parts
        .next()
        .map(|n| n.trim().to_owned())
        .filter(|n| !n.is_empty());
    let help = Some("write --team ID:DIR, for example --team backend:VSCodeDev".to_owned());
    if !valid_id(&id) || dir.is_empty() {
        return Err(Error::usage(format!("invalid --team `{text}`"), help));
    }
    fsutil::check_relative(&dir)
        .map_err(|why| Error::usage(format!("invalid --team `{text}`: {why}"), help.clone()))?;
    Ok(TeamSpec { id, dir, name })
}

fn render_teams(teams: &[TeamSpec]) -> String {
    if teams.is_empty() {
        return "  # backend:\n  #   name: Backend Team\n  #   dir: BackendTeam          # holds ATOMIC_TASKS/ and REAL_TIME_STATUS.md\n  #   members: [\"*@backend.example.com\"]".to_owned();
    }
    let mut out = Vec::new();
    for t in teams {
        out.push(format!("  {}:", t.id));
        if let Some(name) = &t.name {
            out.push(format!("    name: {}", crate::yaml::scalar(name)));
        }
        out.push(format!("    dir: {}", crate::yaml::scalar(&t.dir)));
        out.push("    members: []".to_owned());
    }
    out.join("\n")
}

/// Files written by init, as (relative path, content).
pub fn plan(zones: &Zones) -> Vec<(String, String)> {
    let mut files = vec![(
        ".coord/zones.schema.json".to_owned(),
        config::SCHEMA.to_owned(),
    )];
    for team in &zones.teams {
        files.push((format!("{}/.gitkeep", atoms_dir(&team.dir)), String::new()));
    }
    files.push((format!("{MOLECULES_DIR}/.gitkeep"), String::new()));
    for dir in [
        crate::doc::decision::DIR,
        crate::doc::risk::DIR,
        crate::doc::escalation::DIR,
    ] {
        files.push((format!("{dir}/.gitkeep"), String::new()));
    }
    files
}

/// zones.yaml's text when it is new (from the template and `teams`), or None when it exists.
fn new_zones_text(root: &Path, teams: &[TeamSpec]) -> Result<Option<String>> {
    if root.join(config::FILE).exists() {
        if !teams.is_empty() {
            return Err(Error::usage(
                format!("{} exists already; --team would be ignored", config::FILE),
                Some("add teams by editing zones.yaml, then run `coord init` again to create their folders".to_owned()),
            ));
        }
        return Ok(None);
    }
    Ok(Some(templates::fill(
        &templates::get(root, "zones.yaml"),
        &[("teams", &render_teams(teams))],
    )))
}

/// Create `rel` with `text` unless it exists; say which.
fn create(root: &Path, rel: String, text: &[u8], report: &mut InitReport) -> Result<()> {
    let path = safe_path(root, &rel)?;
    if !path.exists() && fsutil::create_atomic(&path, text)? {
        report.created.push(rel);
    } else {
        report.kept.push(rel);
    }
    Ok(())
}

/// .gitattributes: add the lines that mark dashboards generated and route status files to
/// coord's merge driver, keeping what is there. Whether anything was added.
pub(crate) fn ensure_attributes(root: &Path, zones: &Zones) -> Result<bool> {
    attributes(root, zones, &mut InitReport::default())
}

/// Add the missing lines to .gitattributes (saying so in `report`); whether any were.
fn attributes(root: &Path, zones: &Zones, report: &mut InitReport) -> Result<bool> {
    let path = root.join(".gitattributes");
    let existing = std::fs::read_to_string(&path).unwrap_or_default();
    let escape = |p: &str| p.replace(' ', "[[:space:]]");
    let paths: Vec<String> = generated_paths(zones)
        .iter()
        .map(|p| format!("{} linguist-generated=true merge=ours", escape(p)))
        .collect();
    let status: Vec<String> = crate::config::layout::status_dirs(zones)
        .iter()
        .map(|d| format!("{}/*.md merge=coord", escape(d)))
        .collect();
    let wanted = templates::fill(
        &templates::get(root, "gitattributes"),
        &[("paths", &paths.join("\n")), ("status", &status.join("\n"))],
    );
    let missing: Vec<&str> = wanted
        .lines()
        .filter(|l| !l.trim().is_empty() && !existing.lines().any(|e| e.trim() == l.trim()))
        .collect();
    if missing.is_empty() {
        report.kept.push(".gitattributes".to_owned());
        return Ok(false);
    }
    let mut text = existing.clone();
    if !text.is_empty() && !text.ends_with('\n') {
        text.push('\n');
    }
    for line in missing {
        text.push_str(line);
        text.push('\n');
    }
    fsutil::write_atomic(&path, text.as_bytes())?;
    if existing.is_empty() {
        report.created.push(".gitattributes".to_owned());
    } else {
        report
            .kept
            .push(".gitattributes (added merge lines)".to_owned());
    }
    Ok(true)
}

/// Set up the repository at `start` with `teams` (for a new zones.yaml), judging the first
/// dashboards at `now` when given. Everything is validated before anything is written.
pub fn init(
    start: &Path,
    teams: &[TeamSpec],
    now: Option<chrono::DateTime<chrono::Utc>>,
    github: bool,
) -> Result<InitReport> {
    let repo = Repo::discover(start)?;
    let root = repo.root().to_path_buf();
    let zones_text = new_zones_text(&root, teams)?;
    let zones = match &zones_text {
        Some(text) => config::parse(config::FILE, text)?,
        None => config::load(&root)?,
    };
    for team in &zones.teams {
        safe_path(&root, &team.dir)?;
    }
    safe_path(&root, JOINT_DIR)?;

    let mut report = InitReport {
        has_teams: !zones.teams.is_empty(),
        dashboards_by_ci: zones.dashboards.update == config::DashboardUpdate::Ci,
        ..InitReport::default()
    };
    match zones_text {
        Some(text) => create(&root, config::FILE.to_owned(), text.as_bytes(), &mut report)?,
        None => report.kept.push(config::FILE.to_owned()),
    }
    for (rel, text) in plan(&zones) {
        create(&root, rel, text.as_bytes(), &mut report)?;
    }
    // Dashboards, generated from whatever status files exist already.
    let ws = Workspace {
        root: root.clone(),
        repo: Some(repo),
        zones: zones.clone(),
        offline: true,
        author: None,
    };
    for page in crate::dashboard::build(&ws, now)? {
        let text = crate::dashboard::merge(None, &page.title, &page.body);
        create(&root, page.path, text.as_bytes(), &mut report)?;
    }
    attributes(&root, &zones, &mut report)?;
    if github {
        for (name, template) in [
            ("coord-dashboards.yml", "github-dashboards.yml"),
            ("coord-pull-request.yml", "github-pull-request.yml"),
        ] {
            let text = templates::fill(
                &templates::get(&root, template),
                &[
                    ("branch", &zones.dashboards.branch),
                    ("source", COORD_SOURCE),
                ],
            );
            create(
                &root,
                format!(".github/workflows/{name}"),
                text.as_bytes(),
                &mut report,
            )?;
        }
    }
    Ok(report)
}

/// Where the workflows install coord from.
const COORD_SOURCE: &str = "https://github.com/OWNER/coord";
