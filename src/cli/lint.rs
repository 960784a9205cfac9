//! `coord lint`: check every status file and zones.yaml.

use super::{Ctx, snapshot};
use crate::config;
use crate::doc::store;
use crate::error::{Error, Result, line_col};
use crate::finding::{self, Finding};
use crate::lint;
use crate::output::Format;
use crate::workspace::Workspace;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Only report problems in status files (and zones.yaml) staged for the next commit.
    #[arg(long)]
    staged: bool,
}

/// zones.yaml's problems as findings.
pub fn config_findings(error: &Error) -> Vec<Finding> {
    match error {
        Error::Many { problems, .. } => problems.iter().flat_map(config_findings).collect(),
        Error::InFile(problem) => {
            let (line, column) = line_col(problem.src.inner(), problem.span.offset());
            let mut f = Finding::error("invalid-zones", problem.message.clone()).at(
                config::FILE,
                line,
                column,
            );
            f.hint = problem.help.clone();
            vec![f]
        }
        other => vec![Finding::error("invalid-zones", other.to_string()).at(config::FILE, 0, 0)],
    }
}

pub fn run(ctx: &mut Ctx, args: Args) -> Result<i32> {
    ctx.formats(&[Format::Human, Format::Json, Format::Github])?;
    let repo = crate::git::Repo::discover(&ctx.cwd)?;
    let staged: Option<Vec<String>> = if args.staged {
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
                && !paths
                    .iter()
                    .any(|p| p == config::FILE || store::is_status_path(&zones, p))
            {
                return Ok(0);
            }
            let ws = Workspace {
                root: root.clone(),
                repo: Some(repo),
                zones,
            };
            let snap = snapshot(&ws);
            let read = |p: &str| std::fs::read_to_string(root.join(p)).ok();
            let graph = crate::graph::Graph::build(&snap.atoms, &snap.molecules);
            lint::check(&snap, &graph, &read)
        }
    };
    let findings: Vec<Finding> = match &staged {
        Some(paths) => findings
            .into_iter()
            .filter(|f| f.path.as_ref().is_some_and(|p| paths.contains(p)))
            .collect(),
        None => findings,
    };
    ctx.out.findings(&findings, ctx.format);
    if ctx.format == Format::Human {
        let errors = findings
            .iter()
            .filter(|f| f.severity == finding::Severity::Error)
            .count();
        let warnings = findings.len() - errors;
        if findings.is_empty() {
            ctx.out.line("lint: no problems");
        } else {
            ctx.out
                .line(format!("lint: {errors} errors, {warnings} warnings"));
        }
    }
    Ok(if finding::has_errors(&findings) { 1 } else { 0 })
}
