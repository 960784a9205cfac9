//! `coord demo DIR`: a populated sample repository (three teams, a dozen atoms in every status,
//! two molecules, a zone matrix and a git history) to try every command on.

use std::path::{Path, PathBuf};

use chrono::Duration;

use super::{Ctx, init};
use crate::clock;
use crate::dashboard;
use crate::doc::edit::Value;
use crate::doc::store::{MOLECULES_DIR, atoms_dir};
use crate::doc::update::render_fields;
use crate::error::{Error, Result};
use crate::fsutil;
use crate::git::Repo;
use crate::output::Out;
use crate::templates;
use crate::workspace::Workspace;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Where to create it (a new or empty folder).
    dir: PathBuf,
}

const ZONES: &str = r#"# yaml-language-server: $schema=.coord/zones.schema.json
version: 1
teams:
  backend:
    name: VSCode Team (Backend)
    dir: VSCodeDev
    members: ["*@backend.example.com"]
  frontend:
    name: Cursor Team (Frontend)
    dir: CursorDev
    members: ["*@frontend.example.com"]
  devops:
    name: Musti Team (DevOps/QA)
    dir: MustiDev
    members: ["*@devops.example.com"]
exclusive:
  backend:  ["upload/system/library/meschain/*.php", "database/migrations/*.sql"]
  frontend: ["assets/js/meschain/*.js", "pwa/*.json"]
  devops:   ["deployment/*.yml", "monitoring/*.conf"]
shared:
  config/settings.yaml:
    backend_config: backend
    frontend_config: frontend
    deployment_config: devops
joint:
  api_specifications: { paths: ["api/**"], owners: [backend, frontend] }
  testing_protocols:  { paths: ["qa/**"], owners: [frontend, devops] }
readonly: ["vendor/**"]
unowned: warn
escalation:
  - { level: 1, name: Team internal, response: 15m }
  - { level: 2, name: Cross team,    response: 30m }
  - { level: 3, name: All teams,     response: 60m }
  - { level: 4, name: Management,    response: 2h }
phases:
  - { id: 1, name: Foundation }
  - { id: 2, name: Staging }
"#;

const SOURCES: &[(&str, &str)] = &[
    (
        "upload/system/library/meschain/upload.php",
        "<?php\n// Upload handler.\n",
    ),
    (
        "database/migrations/001_uploads.sql",
        "CREATE TABLE uploads (id INTEGER PRIMARY KEY);\n",
    ),
    (
        "assets/js/meschain/upload.js",
        "export function upload() {}\n",
    ),
    ("pwa/manifest.json", "{ \"name\": \"MesChain\" }\n"),
    ("deployment/staging.yml", "stage: staging\n"),
    ("monitoring/uploads.conf", "alert = upload_errors > 5\n"),
    (
        "config/settings.yaml",
        "backend_config:\n  max_upload_mb: 50\nfrontend_config:\n  theme: light\ndeployment_config:\n  replicas: 2\n",
    ),
    (
        "api/openapi.yaml",
        "openapi: 3.1.0\ninfo: { title: Uploads, version: 1.0.0 }\n",
    ),
    ("qa/upload.feature", "Feature: upload\n"),
    ("vendor/astro-rust/README.md", "Vendored; do not edit.\n"),
    (
        "README.md",
        "# MesChain sample\n\nA repository coordinated with coord. Try `coord status`.\n",
    ),
];

struct Spec {
    title: &'static str,
    team: &'static str,
    priority: &'static str,
    status: &'static str,
    started_hours_ago: Option<i64>,
    estimate: &'static str,
    actual: Option<&'static str>,
    files: &'static [&'static str],
    deps: &'static [&'static str],
    criteria: &'static [(&'static str, bool)],
    phase: u32,
    blocked: Option<&'static str>,
    updated_hours_ago: i64,
}

const ATOMS: &[Spec] = &[
    Spec {
        title: "Database schema for uploads",
        team: "backend",
        priority: "CRITICAL",
        status: "COMPLETED",
        started_hours_ago: Some(72),
        estimate: "4h",
        actual: Some("5h"),
        files: &["database/migrations/*.sql"],
        deps: &[],
        criteria: &[
            ("Migration runs on staging", true),
            ("Rollback tested", true),
        ],
        phase: 1,
        blocked: None,
        updated_hours_ago: 67,
    },
    Spec {
        title: "Upload endpoint",
        team: "backend",
        priority: "HIGH",
        status: "IN_PROGRESS",
        started_hours_ago: Some(20),
        estimate: "1d",
        actual: None,
        files: &[
            "upload/system/library/meschain/upload.php",
            "api/openapi.yaml",
        ],
        deps: &["ATOM-001"],
        criteria: &[
            ("Returns 201 with the upload id", true),
            ("Rejects files over the limit", false),
        ],
        phase: 1,
        blocked: None,
        updated_hours_ago: 2,
    },
    Spec {
        title: "Rate limiting",
        team: "backend",
        priority: "MEDIUM",
        status: "NOT_STARTED",
        started_hours_ago: None,
        estimate: "4h",
        actual: None,
        files: &["upload/system/library/meschain/limits.php"],
        deps: &["ATOM-002"],
        criteria: &[("429 after 10 uploads a minute", false)],
        phase: 1,
        blocked: None,
        updated_hours_ago: 30,
    },
    Spec {
        title: "Auth token refresh",
        team: "backend",
        priority: "HIGH",
        status: "BLOCKED",
        started_hours_ago: Some(26),
        estimate: "6h",
        actual: None,
        files: &["upload/system/library/meschain/auth.php"],
        deps: &[],
        criteria: &[("Tokens refresh before expiry", false)],
        phase: 1,
        blocked: Some("waiting for the identity provider's sandbox"),
        updated_hours_ago: 1,
    },
    Spec {
        title: "Upload form",
        team: "frontend",
        priority: "HIGH",
        status: "IN_PROGRESS",
        started_hours_ago: Some(10),
        estimate: "6h",
        actual: None,
        files: &["assets/js/meschain/upload.js"],
        deps: &["ATOM-001"],
        criteria: &[
            ("Drag and drop works", true),
            ("Shows server errors", false),
        ],
        phase: 1,
        blocked: None,
        updated_hours_ago: 3,
    },
    Spec {
        title: "Progress bar",
        team: "frontend",
        priority: "MEDIUM",
        status: "NOT_STARTED",
        started_hours_ago: None,
        estimate: "3h",
        actual: None,
        files: &["assets/js/meschain/progress.js"],
        deps: &["ATOM-001"],
        criteria: &[("Updates every 100 ms", false)],
        phase: 1,
        blocked: None,
        updated_hours_ago: 30,
    },
    Spec {
        title: "PWA manifest",
        team: "frontend",
        priority: "LOW",
        status: "COMPLETED",
        started_hours_ago: Some(50),
        estimate: "1h",
        actual: Some("45m"),
        files: &["pwa/manifest.json"],
        deps: &[],
        criteria: &[("Installable on Android", true)],
        phase: 1,
        blocked: None,
        updated_hours_ago: 49,
    },
    Spec {
        title: "Error toasts",
        team: "frontend",
        priority: "LOW",
        status: "BLOCKED",
        started_hours_ago: Some(8),
        estimate: "2h",
        actual: None,
        files: &["assets/js/meschain/toast.js"],
        deps: &[],
        criteria: &[("Accessible to screen readers", false)],
        phase: 1,
        blocked: Some("design review pending"),
        updated_hours_ago: 5,
    },
    Spec {
        title: "Staging pipeline",
        team: "devops",
        priority: "CRITICAL",
        status: "COMPLETED",
        started_hours_ago: Some(96),
        estimate: "1d",
        actual: Some("1d2h"),
        files: &["deployment/staging.yml"],
        deps: &[],
        criteria: &[("Deploys on every merge", true)],
        phase: 1,
        blocked: None,
        updated_hours_ago: 70,
    },
    Spec {
        title: "Upload metrics",
        team: "devops",
        priority: "MEDIUM",
        status: "IN_PROGRESS",
        started_hours_ago: Some(4),
        estimate: "4h",
        actual: None,
        files: &["monitoring/uploads.conf", "assets/js/meschain/upload.js"],
        deps: &["ATOM-009"],
        criteria: &[("Alert on error rate", false)],
        phase: 1,
        blocked: None,
        updated_hours_ago: 4,
    },
    Spec {
        title: "Load test uploads",
        team: "devops",
        priority: "HIGH",
        status: "NOT_STARTED",
        started_hours_ago: None,
        estimate: "1d",
        actual: None,
        files: &["qa/upload.feature"],
        deps: &["ATOM-002", "ATOM-005"],
        criteria: &[("500 concurrent uploads", false)],
        phase: 2,
        blocked: None,
        updated_hours_ago: 30,
    },
    Spec {
        title: "Production rollout",
        team: "devops",
        priority: "CRITICAL",
        status: "NOT_STARTED",
        started_hours_ago: None,
        estimate: "4h",
        actual: None,
        files: &["deployment/production.yml"],
        deps: &["ATOM-011", "MOLECULE-001"],
        criteria: &[
            ("Zero downtime", false),
            ("Rollback plan signed off", false),
        ],
        phase: 2,
        blocked: None,
        updated_hours_ago: 30,
    },
];

fn dir_of(team: &str) -> &'static str {
    match team {
        "backend" => "VSCodeDev",
        "frontend" => "CursorDev",
        _ => "MustiDev",
    }
}

pub fn run(ctx: &mut Ctx, args: Args) -> Result<i32> {
    let dir = if args.dir.is_absolute() {
        args.dir.clone()
    } else {
        ctx.cwd.join(&args.dir)
    };
    if dir.exists()
        && std::fs::read_dir(&dir)
            .map(|mut d| d.next().is_some())
            .unwrap_or(true)
    {
        return Err(Error::usage(
            format!("{} exists and is not empty", dir.display()),
            Some("name a new folder, for example `coord demo coord-demo`".to_owned()),
        ));
    }
    std::fs::create_dir_all(&dir).map_err(|e| Error::io("create", &dir, e))?;
    let repo = Repo::init(&dir)?;
    let root = repo.root().to_path_buf();
    let now = clock::now()?;
    let at = |hours: i64| clock::format_time(now - Duration::hours(hours));
    let base_seconds = now.timestamp();

    write(&root, "zones.yaml", ZONES)?;
    for (path, text) in SOURCES {
        write(&root, path, text)?;
    }
    let mut quiet = Ctx {
        cwd: root.clone(),
        format: ctx.format,
        out: Out::discard(),
    };
    init::run(&mut quiet, init::Args::default())?;
    repo.commit_worktree(
        "Set up coord: zones, team folders and dashboards",
        ("Musti Ops", "musti@devops.example.com"),
        base_seconds - 100 * 3600,
    )?;

    let template = templates::get(&root, "atom.md");
    for (i, a) in ATOMS.iter().enumerate() {
        let id = format!("ATOM-{:03}", i + 1);
        let criteria = Value::Records(
            a.criteria
                .iter()
                .map(|(t, d)| {
                    vec![
                        ("text", Value::Str((*t).to_owned())),
                        ("done", Value::Raw(d.to_string())),
                    ]
                })
                .collect(),
        );
        let escalations = if id == "ATOM-004" {
            Value::Records(vec![vec![
                ("level", Value::Raw("2".to_owned())),
                (
                    "reason",
                    Value::Str("The sandbox has been down since yesterday".to_owned()),
                ),
                ("raised", Value::Str(at(2))),
                ("resolved", Value::Null),
            ]])
        } else {
            Value::List(Vec::new())
        };
        let fields = vec![
            ("id", Value::Str(id.clone())),
            ("title", Value::Str(a.title.to_owned())),
            ("team", Value::Str(a.team.to_owned())),
            ("priority", Value::Str(a.priority.to_owned())),
            ("status", Value::Str(a.status.to_owned())),
            (
                "assigned",
                Value::opt(
                    a.started_hours_ago
                        .map(|_| {
                            format!("{}@{}.example.com", ["alice", "bob", "chen"][i % 3], a.team)
                        })
                        .as_deref(),
                ),
            ),
            (
                "started",
                Value::opt(a.started_hours_ago.map(at).as_deref()),
            ),
            ("estimated", Value::Str(a.estimate.to_owned())),
            ("actual", Value::opt(a.actual)),
            (
                "files",
                Value::List(a.files.iter().map(|f| (*f).to_owned()).collect()),
            ),
            (
                "dependencies",
                Value::List(a.deps.iter().map(|d| (*d).to_owned()).collect()),
            ),
            ("criteria", criteria),
            ("phase", Value::Raw(a.phase.to_string())),
            ("blocked_reason", Value::opt(a.blocked)),
            ("escalations", escalations),
            ("last_updated", Value::Str(at(a.updated_hours_ago))),
        ];
        let text = templates::fill(
            &template,
            &[
                ("id", &id),
                ("title", a.title),
                ("team", a.team),
                ("fields", &render_fields(&fields)),
            ],
        );
        write(
            &root,
            &format!("{}/{id}.md", atoms_dir(dir_of(a.team))),
            &text,
        )?;
    }
    let molecules = [
        (
            "MOLECULE-001",
            "File upload flow",
            "backend",
            vec!["frontend", "devops"],
            "COMPLEX",
            "ACTIVE",
            vec!["ATOM-002", "ATOM-005", "ATOM-010"],
            vec![
                ("API endpoints", "VALIDATED"),
                ("UI components", "IN_PROGRESS"),
                ("Testing framework", "PENDING"),
            ],
            vec![
                ("Technical integration", "IN_PROGRESS"),
                ("Performance validation", "PENDING"),
            ],
            1,
            2,
        ),
        (
            "MOLECULE-002",
            "Release readiness",
            "devops",
            vec!["backend"],
            "MODERATE",
            "PLANNING",
            vec!["ATOM-009", "ATOM-012"],
            vec![("Deployment validation", "PENDING")],
            vec![("Go-live authorization", "PENDING")],
            2,
            30,
        ),
    ];
    let template = templates::get(&root, "molecule.md");
    for (id, title, lead, support, complexity, status, atoms, points, success, phase, hours) in
        molecules
    {
        let teams: Vec<String> = std::iter::once(lead)
            .chain(support.iter().copied())
            .map(str::to_owned)
            .collect();
        let map = |list: &[(&str, &str)]| {
            Value::Map(
                list.iter()
                    .map(|(a, b)| ((*a).to_owned(), (*b).to_owned()))
                    .collect(),
            )
        };
        let fields = vec![
            ("id", Value::Str(id.to_owned())),
            ("title", Value::Str(title.to_owned())),
            ("teams", Value::List(teams)),
            ("complexity", Value::Str(complexity.to_owned())),
            ("status", Value::Str(status.to_owned())),
            ("lead", Value::Str(lead.to_owned())),
            (
                "support",
                Value::List(support.iter().map(|s| (*s).to_owned()).collect()),
            ),
            (
                "atoms",
                Value::List(atoms.iter().map(|s| (*s).to_owned()).collect()),
            ),
            ("dependencies", Value::List(Vec::new())),
            ("integration_points", map(&points)),
            ("success_criteria", map(&success)),
            ("phase", Value::Raw(phase.to_string())),
            ("escalations", Value::List(Vec::new())),
            ("last_updated", Value::Str(at(hours))),
        ];
        let text = templates::fill(
            &template,
            &[
                ("id", id),
                ("title", title),
                ("fields", &render_fields(&fields)),
            ],
        );
        write(&root, &format!("{MOLECULES_DIR}/{id}.md"), &text)?;
    }
    let ws = Workspace::open(&root)?;
    for page in dashboard::build(&ws, None)? {
        let path = root.join(&page.path);
        let existing = std::fs::read_to_string(&path).ok();
        fsutil::write_atomic(
            &path,
            dashboard::merge(existing.as_deref(), &page.title, &page.body).as_bytes(),
        )?;
    }
    repo.commit_worktree(
        "Plan the upload work: 12 atoms, 2 molecules",
        ("Alice Backend", "alice@backend.example.com"),
        base_seconds - 3600,
    )?;
    ctx.out
        .line(format!("Created a sample repository at {}", root.display()));
    ctx.out.line("Try, inside it: coord status · coord atoms list · coord atoms ready · coord graph --critical · coord conflicts · coord zones who --all · coord dashboard --check");
    Ok(0)
}

fn write(root: &Path, rel: &str, text: &str) -> Result<()> {
    fsutil::write_atomic(&root.join(rel), text.as_bytes())
}
