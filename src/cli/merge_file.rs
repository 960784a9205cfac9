//! `coord merge-file`: the merge driver for status files (registered by `coord hook install`).

use std::path::PathBuf;

use super::Ctx;
use crate::doc::merge;
use crate::error::Result;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The common ancestor's version (git's %O).
    base: PathBuf,
    /// Our version, where the result is written (git's %A).
    ours: PathBuf,
    /// Their version (git's %B).
    theirs: PathBuf,
    /// The file's path in the repository (git's %P).
    path: Option<String>,
}

pub fn run(ctx: &mut Ctx, args: Args) -> Result<i32> {
    let path = args
        .path
        .unwrap_or_else(|| args.ours.to_string_lossy().into_owned());
    let conflicts = merge::merge_files(&args.base, &args.ours, &args.theirs, &path)?;
    if conflicts.is_empty() {
        return Ok(0);
    }
    crate::output::note(format!(
        "coord merge-file: {path}: both sides changed {} (marked in the file)",
        conflicts.join(", ")
    ));
    let _ = ctx;
    Ok(1)
}
