//! `coord conflicts`: overlapping claims here, and with other branches and worktrees.

use super::{Ctx, snapshot};
use crate::conflicts::{self, Conflict};
use crate::doc::store::{self, MOLECULES_DIR, atoms_dir};
use crate::doc::{Atom, atom};
use crate::error::Result;
use crate::output::{Format, escape_data};
use crate::zones::ZoneMap;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Also compare with other local branches and linked worktrees (the default).
    #[arg(long, overrides_with = "no_all_branches")]
    all_branches: bool,
    /// Only this work tree.
    #[arg(long)]
    no_all_branches: bool,
}

pub fn run(ctx: &mut Ctx, args: Args) -> Result<i32> {
    ctx.formats(&[Format::Human, Format::Json, Format::Github])?;
    let ws = ctx.workspace()?;
    let repo = ws.repo()?;
    let snap = snapshot(&ws);
    let tracked = repo.index_paths()?;
    let map = ZoneMap::new(&ws.zones);
    let mut found: Vec<Conflict> = conflicts::detect(&snap.atoms, &map, &tracked);
    let across = !args.no_all_branches || args.all_branches;
    if across {
        let mut dirs: Vec<String> = ws.zones.teams.iter().map(|t| atoms_dir(&t.dir)).collect();
        dirs.push(MOLECULES_DIR.to_owned());
        for (branch, files) in repo.branch_files_differing(&dirs)? {
            let theirs: Vec<Atom> = files
                .iter()
                .filter_map(|(path, bytes)| atom::parse(path, &String::from_utf8_lossy(bytes)).0)
                .collect();
            found.extend(conflicts::detect_across(
                &snap.atoms,
                &theirs,
                &format!("branch {branch}"),
                &tracked,
            ));
        }
        for tree in repo.other_worktrees() {
            let theirs = store::load(&tree, &ws.zones, None).atoms;
            let name = format!("worktree {}", tree.display());
            found.extend(conflicts::detect_across(
                &snap.atoms,
                &theirs,
                &name,
                &tracked,
            ));
        }
    }
    match ctx.format {
        Format::Json => ctx.out.json(&found),
        Format::Github => {
            for c in &found {
                let file = c
                    .files
                    .first()
                    .map(|f| format!(" file={f},"))
                    .unwrap_or_else(|| " ".to_owned());
                ctx.out.line(format!(
                    "::warning{file}title={}::{}",
                    c.code,
                    escape_data(&c.message)
                ));
            }
        }
        _ => {
            for c in &found {
                ctx.out.line(format!("{}: {}", c.code, c.message));
                if !c.files.is_empty() {
                    ctx.out.line(format!("  files: {}", c.files.join(", ")));
                }
            }
            ctx.out.line(format!(
                "conflicts: {}{}",
                found.len(),
                if across {
                    " (this work tree, other local branches and worktrees)"
                } else {
                    " (this work tree)"
                }
            ));
        }
    }
    Ok(if found.is_empty() { 0 } else { 1 })
}
