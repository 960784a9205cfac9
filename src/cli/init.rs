//! `coord init`: zones.yaml, team folders, JOINT_COORDINATION/ and editor/git support files.
//! Never overwrites: it says what it created and what it left as it was.

use super::Ctx;
use crate::config::{self, JOINT_DIR, valid_id};
use crate::doc::store::{MOLECULES_DIR, atoms_dir};
use crate::error::{Error, Result};
use crate::fsutil;
use crate::git::Repo;
use crate::templates;

#[derive(Debug, Default, clap::Args)]
pub struct Args {
    /// A team as ID:DIR or ID:DIR:Display Name (repeatable). Without any, zones.yaml is a commented starter.
    #[arg(long = "team", value_name = "ID:DIR[:NAME]")]
    teams: Vec<String>,
}

struct TeamSpec {
    id: String,
    dir: String,
    name: Option<String>,
}

fn parse_team(text: &str) -> Result<TeamSpec> {
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
pub(crate) fn plan(zones: &config::Zones) -> Vec<(String, String)> {
    let mut files = vec![(
        ".coord/zones.schema.json".to_owned(),
        config::SCHEMA.to_owned(),
    )];
    for team in &zones.teams {
        files.push((format!("{}/.gitkeep", atoms_dir(&team.dir)), String::new()));
    }
    files.push((format!("{MOLECULES_DIR}/.gitkeep"), String::new()));
    files
}

pub fn run(ctx: &mut Ctx, args: Args) -> Result<i32> {
    let repo = Repo::discover(&ctx.cwd)?;
    let root = repo.root().to_path_buf();
    let teams: Vec<TeamSpec> = args
        .teams
        .iter()
        .map(|t| parse_team(t))
        .collect::<Result<_>>()?;
    let zones_path = root.join(config::FILE);
    let mut created = Vec::new();
    let mut kept = Vec::new();

    // Validate everything before writing anything.
    let zones_text = if zones_path.exists() {
        if !teams.is_empty() {
            return Err(Error::usage(
                format!("{} exists already; --team would be ignored", config::FILE),
                Some("add teams by editing zones.yaml, then run `coord init` again to create their folders".to_owned()),
            ));
        }
        None
    } else {
        let text = templates::fill(
            &templates::get(&root, "zones.yaml"),
            &[("teams", &render_teams(&teams))],
        );
        Some(text)
    };
    let zones = match &zones_text {
        Some(text) => config::parse(config::FILE, text)?,
        None => config::load(&root)?,
    };
    for team in &zones.teams {
        crate::doc::store::safe_path(&root, &team.dir)?;
    }
    crate::doc::store::safe_path(&root, JOINT_DIR)?;

    if let Some(text) = zones_text {
        fsutil::create_atomic(&zones_path, text.as_bytes())?;
        created.push(config::FILE.to_owned());
    } else {
        kept.push(config::FILE.to_owned());
    }
    for (rel, text) in plan(&zones) {
        let path = crate::doc::store::safe_path(&root, &rel)?;
        if path.exists() {
            kept.push(rel);
        } else if fsutil::create_atomic(&path, text.as_bytes())? {
            created.push(rel);
        } else {
            kept.push(rel);
        }
    }
    // Dashboards, generated from whatever status files exist already.
    let ws = crate::workspace::Workspace {
        root: root.clone(),
        repo: Some(repo),
        zones: zones.clone(),
    };
    for page in crate::dashboard::build(&ws, None)? {
        let path = crate::doc::store::safe_path(&root, &page.path)?;
        if path.exists() {
            kept.push(page.path);
        } else if fsutil::create_atomic(
            &path,
            crate::dashboard::merge(None, &page.title, &page.body).as_bytes(),
        )? {
            created.push(page.path);
        }
    }
    // .gitattributes: add the lines that mark dashboards generated, keeping what is there.
    let attributes = root.join(".gitattributes");
    let existing = std::fs::read_to_string(&attributes).unwrap_or_default();
    let paths: Vec<String> = crate::dashboard::generated_paths(&zones)
        .iter()
        .map(|p| {
            format!(
                "{} linguist-generated=true merge=ours",
                p.replace(' ', "[[:space:]]")
            )
        })
        .collect();
    let wanted = templates::fill(
        &templates::get(&root, "gitattributes"),
        &[("paths", &paths.join("\n"))],
    );
    let missing: Vec<&str> = wanted
        .lines()
        .filter(|l| !l.trim().is_empty() && !existing.lines().any(|e| e.trim() == l.trim()))
        .collect();
    if missing.is_empty() {
        kept.push(".gitattributes".to_owned());
    } else {
        let mut text = existing.clone();
        if !text.is_empty() && !text.ends_with('\n') {
            text.push('\n');
        }
        for line in missing {
            text.push_str(line);
            text.push('\n');
        }
        fsutil::write_atomic(&attributes, text.as_bytes())?;
        if existing.is_empty() {
            created.push(".gitattributes".to_owned())
        } else {
            kept.push(".gitattributes (added dashboard lines)".to_owned())
        }
    }
    for c in &created {
        ctx.out.line(format!("created  {c}"));
    }
    for k in &kept {
        ctx.out.line(format!("kept     {k}"));
    }
    if zones.teams.is_empty() {
        ctx.out.line(
            "next: add teams to zones.yaml (or rerun with --team ID:DIR), then `coord init` again",
        );
    } else {
        ctx.out
            .line("next: `coord atoms new \"Title\" --team ID`, then `coord hook install`");
    }
    Ok(0)
}
