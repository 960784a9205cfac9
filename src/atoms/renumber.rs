//! Giving an atom (or a molecule) a new id: the file renamed, its heading and `id` rewritten, and
//! every reference to it (dependencies of atoms and molecules, molecules' component lists).

use crate::doc::{AtomField, Field, MoleculeField, block, ids, store, write};
use crate::error::{Error, Result};
use crate::fsutil;
use crate::workspace::Workspace;
use crate::yaml::edit::set;

/// What a renumbering changed.
#[derive(Debug, serde::Serialize)]
pub struct Renumbered {
    /// The id before.
    pub from: String,
    /// The id now.
    pub to: String,
    /// The file now.
    pub path: String,
    /// Files whose references were rewritten.
    pub references: Vec<String>,
}

/// The record's text with `to` for `from` in its H1 heading and its `id`.
fn renamed_text(text: &str, from: &str, to: &str) -> Result<String> {
    let range = block::find_yaml_block(text)
        .ok_or_else(|| Error::usage("the file has no YAML block", None))?;
    let field = AtomField::Id(to.to_owned());
    let keys = if from.starts_with("MOLECULE-") {
        crate::doc::molecule::KEYS
    } else {
        crate::doc::atom::KEYS
    };
    let mut out = set(text, range, field.key(), &field.value(), keys);
    if let Some((_, at)) = block::first_heading(&out) {
        let end = out[at..].find('\n').map_or(out.len(), |e| at + e);
        let heading = out[at..end].replacen(from, to, 1);
        out.replace_range(at..end, &heading);
    }
    Ok(out)
}

fn kind_of(id: &str) -> (&'static str, &'static str) {
    if id.starts_with("MOLECULE-") {
        ("MOLECULE", "molecule")
    } else {
        ("ATOM", "atom")
    }
}

/// The file to renumber: `file`, or the only one carrying `from`.
fn pick<'a>(
    carriers: &[&'a String],
    from: &str,
    noun: &str,
    file: Option<&str>,
) -> Result<&'a String> {
    match file {
        Some(path) => carriers
            .iter()
            .find(|p| p.as_str() == path)
            .copied()
            .ok_or_else(|| Error::usage(format!("{path} is not a file of {from}"), None)),
        None if carriers.len() > 1 => {
            let paths: Vec<String> = carriers.iter().map(|p| (*p).clone()).collect();
            Err(Error::usage(
                format!(
                    "{from} is the id of {} files: {}",
                    paths.len(),
                    paths.join(", ")
                ),
                Some(format!(
                    "say which to renumber with `coord {noun}s renumber {from} --file PATH`"
                )),
            ))
        }
        None => carriers.first().copied().ok_or_else(|| {
            Error::usage(
                format!("no {noun} {from}"),
                Some(format!("list them with `coord {noun}s list`")),
            )
        }),
    }
}

/// Give atom `from` (the file at `file` when several carry that id) the id `to`, or the next
/// free one, reserved like a new atom's.
pub fn renumber(
    ws: &Workspace,
    from: &str,
    to: Option<&str>,
    file: Option<&str>,
) -> Result<Renumbered> {
    let snap = ws.snapshot();
    let (kind, noun) = kind_of(from);
    let carriers: Vec<&String> = snap
        .atoms
        .iter()
        .filter(|a| a.id == from)
        .map(|a| &a.path)
        .chain(
            snap.molecules
                .iter()
                .filter(|m| m.id == from)
                .map(|m| &m.path),
        )
        .collect();
    let old = pick(&carriers, from, noun, file)?;
    let repo = ws.repo()?;
    let dir = old.rsplit_once('/').map_or("", |(d, _)| d).to_owned();
    let old_path = store::safe_path(&ws.root, old)?;
    let parses = |path: &str, text: &str| -> Result<()> {
        if kind == "MOLECULE" {
            write::check_parses(path, text, crate::doc::molecule::parse).map(|_| ())
        } else {
            write::check_parses(path, text, crate::doc::atom::parse).map(|_| ())
        }
    };
    let text = fsutil::read_text(&old_path)?;
    let path_of = |id: &str| format!("{dir}/{id}.md");
    let (to, path) = match to {
        Some(wanted) => {
            let wanted = crate::doc::id_of_kind(wanted, kind)?;
            if snap.exists(&wanted) || store::locate(&ws.root, &ws.zones, &wanted)?.is_some() {
                return Err(Error::usage(
                    format!("{wanted} is taken"),
                    Some("name a free id, or let coord pick one".to_owned()),
                ));
            }
            let path = path_of(&wanted);
            let new_text = renamed_text(&text, from, &wanted)?;
            parses(&path, &new_text)?;
            fsutil::create_atomic(&store::safe_path(&ws.root, &path)?, new_text.as_bytes())?;
            (wanted, path)
        }
        None => ids::create_next(
            repo,
            &ws.root,
            &ws.zones,
            kind,
            ws.claims()?.remote(),
            path_of,
            |id| {
                let new_text = renamed_text(&text, from, id)?;
                parses(&path_of(id), &new_text)?;
                Ok(new_text)
            },
        )?,
    };
    std::fs::remove_file(&old_path).map_err(|e| Error::io("remove", &old_path, e))?;
    // With two files of one id, references meant the one that keeps it.
    let references = if carriers.len() > 1 {
        Vec::new()
    } else {
        rewrite_references(ws, &snap, from, &to)?
    };
    Ok(Renumbered {
        from: from.to_owned(),
        to,
        path,
        references,
    })
}

fn swap_id(list: &[String], from: &str, to: &str) -> Option<Vec<String>> {
    list.iter().any(|d| d == from).then(|| {
        list.iter()
            .map(|d| if d == from { to.to_owned() } else { d.clone() })
            .collect()
    })
}

fn rewrite_references(
    ws: &Workspace,
    snap: &crate::workspace::Snapshot,
    from: &str,
    to: &str,
) -> Result<Vec<String>> {
    let lock_dir = ws.repo()?.coord_dir();
    let mut changed = Vec::new();
    for a in snap
        .atoms
        .iter()
        .filter(|a| a.dependencies.iter().any(|d| d == from))
    {
        write::update(&ws.root, &lock_dir, &a.path, |a: &crate::doc::Atom| {
            let notes = |ids: Vec<String>| {
                let with_notes = ids
                    .into_iter()
                    .map(|id| {
                        let note = a.dependency_notes.get(if id == to { from } else { &id });
                        (id, note.cloned())
                    })
                    .collect();
                AtomField::Dependencies(with_notes)
            };
            Ok(swap_id(&a.dependencies, from, to)
                .map(notes)
                .into_iter()
                .collect())
        })?;
        changed.push(a.path.clone());
    }
    for m in &snap.molecules {
        if !m.atoms.iter().chain(&m.dependencies).any(|d| d == from) {
            continue;
        }
        write::update(&ws.root, &lock_dir, &m.path, |m: &crate::doc::Molecule| {
            let mut fields = Vec::new();
            fields.extend(swap_id(&m.atoms, from, to).map(MoleculeField::Atoms));
            fields.extend(swap_id(&m.dependencies, from, to).map(MoleculeField::Dependencies));
            Ok(fields)
        })?;
        changed.push(m.path.clone());
    }
    Ok(changed)
}
