//! Reading one status file: from the parse cache when its entry still holds, else parsed.

use std::path::Path;

use super::Entry;
use crate::doc::{Atom, Molecule, Problem, atom, cache, molecule};
use crate::finding::{Code, Finding};

/// A file parsed now: what parsing gave (its slot not yet assigned), and its document.
pub(super) struct Fresh {
    pub(super) meta: cache::Meta,
    pub(super) atom: Option<Atom>,
    pub(super) molecule: Option<Molecule>,
}

fn parse_text(entry: &Entry, text: &str, hash: [u8; 20], stat: cache::Stat) -> Fresh {
    let findings = |problems: Vec<Problem>| -> Vec<Finding> {
        problems
            .iter()
            .map(|p| p.finding(&entry.path, text))
            .collect()
    };
    let meta = |team_at, findings| cache::Meta {
        hash,
        stat,
        team_at,
        slot: cache::Slot::None,
        findings,
    };
    if entry.folder_team.is_some() {
        let (atom, problems, team) = atom::parse_located(&entry.path, text);
        let team_at = team.map_or((0, 0), |o| crate::error::line_col(text, o));
        Fresh {
            meta: meta(team_at, findings(problems)),
            atom,
            molecule: None,
        }
    } else {
        let (molecule, problems) = molecule::parse(&entry.path, text);
        Fresh {
            meta: meta((0, 0), findings(problems)),
            atom: None,
            molecule,
        }
    }
}

/// What reading one file found: the cached entry is still good, a new parse, or an error.
pub(super) enum Outcome<'c> {
    /// The cache's entry holds.
    Cached(&'c cache::Meta),
    Parsed(Box<Fresh>),
    Failed(Box<Finding>),
}

fn unreadable(entry: &Entry, e: &std::io::Error) -> Outcome<'static> {
    Outcome::Failed(Box::new(
        Finding::error(Code::UnreadableFile, format!("cannot read: {e}")).at(&entry.path, 0, 0),
    ))
}

pub(super) fn read_one<'c>(
    root: &Path,
    entry: &Entry,
    stat: &std::io::Result<cache::Stat>,
    entry_in_cache: Option<&'c cache::Meta>,
    cached: &cache::Cache,
) -> Outcome<'c> {
    let stat = match stat {
        Ok(stat) => *stat,
        Err(e) => return unreadable(entry, e),
    };
    if let Some(hit) = entry_in_cache.filter(|e| cached.trusts(e, &stat)) {
        return Outcome::Cached(hit);
    }
    match crate::fsutil::read_regular(&root.join(&entry.path)) {
        Ok(bytes) => parse_bytes(entry, &bytes, stat, entry_in_cache.map(|e| (e, cached))),
        Err(e) => unreadable(entry, &e),
    }
}

/// Read a file no cache can vouch for (there is none): its stat data taken from the open file.
pub(super) fn read_unseen(
    folder: &mut Option<(String, cache::FolderFd)>,
    root: &Path,
    entry: &Entry,
) -> Outcome<'static> {
    match cache::read_in(folder, root, &entry.path) {
        Ok((stat, bytes)) => parse_bytes(entry, &bytes, stat, None),
        Err(e) => unreadable(entry, &e),
    }
}

/// Parse a file read now; with its cache entry (and that cache), the parse is kept when only
/// the stat data changed.
fn parse_bytes<'c>(
    entry: &Entry,
    bytes: &[u8],
    stat: cache::Stat,
    in_cache: Option<(&cache::Meta, &cache::Cache)>,
) -> Outcome<'c> {
    let hash = cache::hash(bytes);
    if let Some((hit, cached)) = in_cache.filter(|(e, _)| e.hash == hash) {
        // Same content, new stat data: keep the parse, refresh the stat.
        let mut meta = hit.clone();
        meta.stat = stat;
        meta.slot = cache::Slot::None;
        return Outcome::Parsed(Box::new(Fresh {
            meta,
            atom: cached.docs.atom(hit.slot).cloned(),
            molecule: cached.docs.molecule(hit.slot).cloned(),
        }));
    }
    let text = match std::str::from_utf8(bytes) {
        Ok(text) => text,
        Err(e) => {
            let valid = std::str::from_utf8(&bytes[..e.valid_up_to()]).unwrap_or_default();
            let (line, column) = crate::error::line_col(valid, valid.len());
            return Outcome::Failed(Box::new(
                Finding::error(Code::InvalidUtf8, "the file is not UTF-8 text")
                    .at(&entry.path, line, column)
                    .hint("save it as UTF-8"),
            ));
        }
    };
    Outcome::Parsed(Box::new(parse_text(entry, text, hash, stat)))
}
