//! `coord atoms edit`: its flags, read into the library's request.

use std::path::Path;

use crate::atoms::{self, edit::Changes, edit::clearable, edit::parse_dependency};
use crate::error::{Error, Result};
use crate::workspace::Workspace;

/// What `atoms edit` takes.
#[derive(Debug, clap::Args)]
pub struct EditArgs {
    /// Atom id.
    #[arg(add = clap_complete::engine::ArgValueCandidates::new(crate::cli::complete::atoms))]
    pub id: String,
    /// New title.
    #[arg(long)]
    title: Option<String>,
    /// New priority: CRITICAL, HIGH, MEDIUM or LOW.
    #[arg(long)]
    priority: Option<String>,
    /// New estimate (30m, 4h, 2d, 1d4h), or `none`.
    #[arg(long)]
    estimate: Option<String>,
    /// New phase number, or `none`.
    #[arg(long)]
    phase: Option<String>,
    /// Deadline: a date (2026-12-01) or an RFC 3339 time, or `none`.
    #[arg(long, value_name = "DATE")]
    due: Option<String>,
    /// Replace the files with these (repeatable).
    #[arg(long = "files", value_name = "PATH")]
    files: Vec<String>,
    /// Add a path or glob (repeatable).
    #[arg(long = "add-file", value_name = "PATH")]
    add_file: Vec<String>,
    /// Remove a path or glob, as written (repeatable).
    #[arg(long = "remove-file", value_name = "PATH")]
    remove_file: Vec<String>,
    /// Replace the dependencies with these: `ID` or `ID:NOTE` (repeatable).
    #[arg(long = "depends", value_name = "ID[:NOTE]")]
    depends: Vec<String>,
    /// Add a dependency, or change its note: `ID` or `ID:NOTE` (repeatable).
    #[arg(long = "add-dep", value_name = "ID[:NOTE]")]
    add_dep: Vec<String>,
    /// Remove a dependency (repeatable).
    #[arg(long = "remove-dep", value_name = "ID")]
    remove_dep: Vec<String>,
    /// Add a completion criterion (repeatable).
    #[arg(long = "criterion", value_name = "TEXT")]
    criterion: Vec<String>,
    /// Remove criterion N, as `atoms show` numbers them now (repeatable).
    #[arg(long = "remove-criterion", value_name = "N")]
    remove_criterion: Vec<usize>,
}

impl EditArgs {
    /// The request, paths taken relative to `cwd` as every path argument is.
    pub fn changes(self, ws: &Workspace, cwd: &Path) -> Result<Changes> {
        let paths = |list: Vec<String>| -> Result<Vec<String>> {
            list.iter().map(|f| ws.path_arg(cwd, f)).collect()
        };
        let deps = |list: Vec<String>| -> Result<Vec<(String, Option<String>)>> {
            list.iter().map(|d| parse_dependency(d)).collect()
        };
        let phase = match clearable(self.phase) {
            None => None,
            Some(None) => Some(None),
            Some(Some(p)) => Some(Some(p.trim().parse::<u32>().map_err(|_| {
                Error::usage(
                    format!("`{p}` is not a phase number"),
                    Some("give a number from zones.yaml's phases, or `none`".to_owned()),
                )
            })?)),
        };
        Ok(Changes {
            title: self.title,
            priority: self
                .priority
                .as_deref()
                .map(atoms::parse_priority)
                .transpose()?,
            estimate: clearable(self.estimate),
            phase,
            due: clearable(self.due),
            files: (!self.files.is_empty())
                .then(|| paths(self.files))
                .transpose()?,
            add_files: paths(self.add_file)?,
            remove_files: paths(self.remove_file)?,
            depends: (!self.depends.is_empty())
                .then(|| deps(self.depends))
                .transpose()?,
            add_deps: deps(self.add_dep)?,
            remove_deps: self.remove_dep,
            add_criteria: self.criterion,
            remove_criteria: self.remove_criterion,
        })
    }
}
