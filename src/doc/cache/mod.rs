//! A parse cache for status files. As git does for its index, an entry is trusted when the file's
//! size, modification and change times and inode are what they were, and the file was not modified
//! within two seconds of the cache being written ("racily clean"); otherwise the file is read and
//! its content hash decides. Any doubt (another coord version, an unreadable cache) means parsing
//! everything again: the cache is never trusted over the files.

use std::path::Path;

mod encoding;
mod stat;

use serde::{Deserialize, Serialize};

use encoding::{Encoder, Written, exact, stored};

pub use super::parsed::{Docs, Slot};
use super::{Atom, Molecule};
use crate::finding::Finding;
use crate::fsutil;
pub use stat::{FolderFd, Stat, read_in, stat_in};

const VERSION: &str = concat!("coord-status-cache-5-", env!("CARGO_PKG_VERSION"));

/// What parsing one file gave, besides the document itself. It is written borrowed, with its new slot (see `encoding.rs`).
#[derive(Debug, Clone, Deserialize)]
pub struct Meta {
    /// The file's git blob id: what it holds, and whether that is what a commit holds.
    pub hash: [u8; 20],
    /// The file's stat data when it was parsed.
    pub stat: Stat,
    /// Line and column of the `team:` value (atoms), for findings about the team.
    pub team_at: (u32, u32),
    /// Where its atom or molecule is.
    pub slot: Slot,
    /// Problems found while parsing.
    #[serde(with = "stored")]
    pub findings: Vec<Finding>,
}

/// The cache as read: entries sorted by path, their documents, and when it was written.
#[derive(Default)]
pub struct Cache {
    /// (path, what parsing it gave), sorted by path.
    pub entries: Vec<(String, Meta)>,
    /// The documents the entries' slots point at.
    pub docs: Docs,
    /// When the cache file was written (nanoseconds since the epoch).
    pub written: i64,
}

impl Cache {
    /// The entry of `path`.
    pub fn get(&self, path: &str) -> Option<&Meta> {
        self.entries
            .binary_search_by(|(p, _)| p.as_str().cmp(path))
            .ok()
            .map(|i| &self.entries[i].1)
    }

    /// Whether the entry for a file with stat `stat` can be trusted without reading the file.
    pub fn fresh(&self, path: &str, stat: &Stat) -> bool {
        self.get(path).is_some_and(|e| self.trusts(e, stat))
    }

    /// Whether `entry`, this cache's, can be trusted for a file with stat `stat` without
    /// reading the file.
    pub fn trusts(&self, entry: &Meta, stat: &Stat) -> bool {
        const RACY_NANOS: i64 = 2_000_000_000;
        entry.stat == *stat && stat.mtime.max(stat.ctime).saturating_add(RACY_NANOS) < self.written
    }
}

/// The entry in `entries` (sorted by path) of each of `paths` (sorted too), found in one pass
/// over both rather than by a search for each.
pub fn entries_of<'a, 'p>(
    entries: &'a [(String, Meta)],
    paths: impl Iterator<Item = &'p str>,
) -> Vec<Option<&'a Meta>> {
    crate::sorted::matches(entries, |(p, _)| p, paths)
        .map(|found| found.map(|(_, meta)| meta))
        .collect()
}

/// The file: entries, then every atom and every molecule, which the entries' slots index.
#[derive(Deserialize)]
struct File {
    version: String,
    #[serde(deserialize_with = "exact")]
    entries: Vec<(String, Meta)>,
    #[serde(deserialize_with = "exact")]
    atoms: Vec<Atom>,
    #[serde(deserialize_with = "exact")]
    molecules: Vec<Molecule>,
}

/// The git blob id of a file's content.
pub fn hash(bytes: &[u8]) -> [u8; 20] {
    crate::git::blob_id(bytes)
}

/// Read the cache at `path`; empty when missing, from another version, or inconsistent.
pub fn read(path: &Path) -> Cache {
    let Ok(opened) = std::fs::File::open(path) else {
        return Cache::default();
    };
    let written = opened.metadata().map(|m| Stat::of(&m).mtime).unwrap_or(0);
    // Read as a stream, so that the file's bytes and what they decode to are never all in
    // memory at once. Each string passes through `scratch`; one longer than it fails the read,
    // and the files are parsed instead.
    let mut scratch = vec![0u8; 1 << 20];
    let reader = std::io::BufReader::with_capacity(256 << 10, opened);
    let Ok((file, _)) = postcard::from_io::<File, _>((reader, &mut scratch)) else {
        return Cache::default();
    };
    let (atoms, molecules) = (file.atoms.len(), file.molecules.len());
    let in_range = |slot: Slot| match slot {
        Slot::None => true,
        Slot::Atom(i) => (i as usize) < atoms,
        Slot::Molecule(i) => (i as usize) < molecules,
    };
    if file.version != VERSION || !file.entries.iter().all(|(_, m)| in_range(m.slot)) {
        return Cache::default();
    }
    Cache {
        entries: file.entries,
        // `map(Some)` over the vector's own iterator collects in place (same size and alignment).
        docs: Docs {
            atoms: file.atoms.into_iter().map(Some).collect(),
            molecules: file.molecules.into_iter().map(Some).collect(),
        },
        written,
    }
}

/// Write the cache (`entries` sorted by path, their slots into `docs`); failing to write it only
/// costs speed next time.
pub fn write<'a>(
    path: &Path,
    entries: impl ExactSizeIterator<Item = (&'a str, &'a Meta)>,
    docs: &'a Docs,
) {
    let mut file = FileRef {
        version: VERSION,
        entries: Vec::with_capacity(entries.len()),
        atoms: Vec::new(),
        molecules: Vec::new(),
    };
    for (p, meta) in entries {
        let slot = if let Some(a) = docs.atom(meta.slot) {
            file.atoms.push(a);
            Slot::Atom(file.atoms.len() as u32 - 1)
        } else if let Some(m) = docs.molecule(meta.slot) {
            file.molecules.push(m);
            Slot::Molecule(file.molecules.len() as u32 - 1)
        } else {
            Slot::None
        };
        file.entries.push((
            p,
            Written {
                hash: &meta.hash,
                stat: &meta.stat,
                team_at: meta.team_at,
                slot,
                findings: &meta.findings,
            },
        ));
    }
    // Failing to keep the cache only costs time on the next run.
    let _ = fsutil::write_atomic_with(path, |out| file.encode(&mut Encoder::new(out)));
}

/// The file as written: what [`File`] reads, borrowed.
#[derive(Serialize)]
struct FileRef<'a> {
    version: &'a str,
    entries: Vec<(&'a str, Written<'a>)>,
    atoms: Vec<&'a Atom>,
    molecules: Vec<&'a Molecule>,
}

impl FileRef<'_> {
    /// Field by field, as postcard encodes a struct: one after the other.
    fn encode(&self, out: &mut Encoder) -> std::io::Result<()> {
        out.put(self.version)?;
        out.seq(&self.entries)?;
        out.seq(&self.atoms)?;
        out.seq(&self.molecules)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SECOND: i64 = 1_000_000_000;

    fn stat(mtime: i64) -> Stat {
        Stat {
            size: 10,
            mtime,
            ctime: mtime,
            ino: 7,
        }
    }

    fn cache_with(entry_stat: Stat, written: i64) -> Cache {
        let entry = Meta {
            hash: [1; 20],
            stat: entry_stat,
            team_at: (0, 0),
            slot: Slot::None,
            findings: Vec::new(),
        };
        Cache {
            entries: vec![("a.md".to_owned(), entry)],
            docs: Docs::default(),
            written,
        }
    }

    #[test]
    fn an_entry_is_trusted_only_when_stat_matches_and_the_file_is_not_racily_clean() {
        let then = 100 * SECOND;
        let cache = cache_with(stat(then), then + 10 * SECOND);
        assert!(cache.fresh("a.md", &stat(then)));
        assert!(!cache.fresh("b.md", &stat(then)), "no entry");
        let mut grown = stat(then);
        grown.size = 11;
        assert!(!cache.fresh("a.md", &grown), "size changed");
        let mut moved = stat(then);
        moved.ino = 8;
        assert!(!cache.fresh("a.md", &moved), "another inode");
        let mut touched = stat(then);
        touched.ctime += 1;
        assert!(!cache.fresh("a.md", &touched), "status changed");
    }

    #[test]
    fn a_file_changed_within_two_seconds_of_the_cache_is_read_again() {
        let then = 100 * SECOND;
        // Written one second after the file's last change: the file may have changed again
        // within the same timestamp granularity, so its stat data proves nothing.
        assert!(!cache_with(stat(then), then + SECOND).fresh("a.md", &stat(then)));
        assert!(!cache_with(stat(then), then + 2 * SECOND).fresh("a.md", &stat(then)));
        assert!(cache_with(stat(then), then + 2 * SECOND + 1).fresh("a.md", &stat(then)));
    }

    use crate::doc::parsed::tests::atom;

    #[test]
    fn the_file_is_written_byte_for_byte_as_postcard_encodes_it() {
        let mut long = atom("ATOM-0000");
        // Longer than the encoder's buffer: encoded on its own.
        long.title = "x".repeat(70 << 10);
        let atoms: Vec<Atom> = std::iter::once(long)
            .chain((1..300).map(|i| atom(&format!("ATOM-{i:04}"))))
            .collect();
        let meta = cache_with(stat(SECOND), 0).entries.remove(0).1;
        let paths: Vec<String> = (0..300)
            .map(|i| format!("T/ATOMIC_TASKS/ATOM-{i:04}.md"))
            .collect();
        let written = |i: usize| Written {
            hash: &meta.hash,
            stat: &meta.stat,
            team_at: (3, 7),
            slot: Slot::Atom(i as u32),
            findings: &meta.findings,
        };
        let file = FileRef {
            version: VERSION,
            entries: paths
                .iter()
                .enumerate()
                .map(|(i, p)| (p.as_str(), written(i)))
                .collect(),
            atoms: atoms.iter().collect(),
            molecules: Vec::new(),
        };
        let mut streamed = Vec::new();
        file.encode(&mut Encoder::new(&mut streamed)).unwrap();
        assert!(streamed == postcard::to_allocvec(&file).unwrap());
    }

    #[test]
    fn a_written_cache_reads_back_with_its_slots_renumbered() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("cache.bin");
        let mut docs = Docs::default();
        let dropped = docs.add(Some(atom("ATOM-001")), None);
        let kept = docs.add(Some(atom("ATOM-002")), None);
        assert_ne!(dropped, kept);
        let mut meta = cache_with(stat(SECOND), 0).entries.remove(0).1;
        meta.slot = kept;
        write(&path, [("b.md", &meta)].into_iter(), &docs);
        let read = read(&path);
        assert_eq!(read.entries.len(), 1);
        let slot = read.entries[0].1.slot;
        assert_eq!(
            slot,
            Slot::Atom(0),
            "only the atom an entry names is written"
        );
        assert_eq!(
            read.docs.atom(slot).map(|a| a.id.as_str()),
            Some("ATOM-002")
        );
    }

    #[test]
    fn atoms_whose_text_outgrows_the_read_buffer_read_back() {
        // Each string passes through the reader's buffer on its own: text read from it must
        // not stay borrowed, or a large cache stops reading and is dropped.
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("cache.bin");
        let mut docs = Docs::default();
        let mut entries = Vec::new();
        let meta = cache_with(stat(SECOND), 0).entries.remove(0).1;
        for i in 0..30 {
            let mut a = atom(&format!("ATOM-{i:03}"));
            a.started = Some(crate::clock::Stamp::parse(&"9".repeat(50_000)));
            a.team = "t".repeat(50_000).into();
            a.estimated = Some("1".repeat(50_000).into());
            a.last_updated = Some(crate::clock::Stamp::parse("2026-11-19T12:00:00Z"));
            let mut m = meta.clone();
            m.slot = docs.add(Some(a), None);
            entries.push((format!("{i:03}.md"), m));
        }
        write(&path, entries.iter().map(|(p, m)| (p.as_str(), m)), &docs);
        let read = read(&path);
        assert_eq!(read.entries.len(), 30);
        let last = read.docs.atom(read.entries[29].1.slot).expect("an atom");
        assert_eq!(
            last.started.as_ref().map(|s| s.as_str().len()),
            Some(50_000)
        );
        assert_eq!(last.team.len(), 50_000);
        assert_eq!(last.estimated.as_ref().map(|e| e.len()), Some(50_000));
        assert_eq!(
            last.last_updated
                .as_ref()
                .and_then(|s| s.at())
                .map(|t| t.timestamp()),
            Some(1_795_089_600)
        );
    }

    #[test]
    fn hashes_tell_contents_apart() {
        assert_eq!(hash(b"abc"), hash(b"abc"));
        assert_ne!(hash(b"abc"), hash(b"abd"));
        assert_ne!(hash(b""), hash(b"\0"));
    }

    #[test]
    fn entries_read_back_as_they_were_written() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("cache.bin");
        let mut meta = cache_with(stat(5 * SECOND), 0).entries.remove(0).1;
        meta.team_at = (3, 9);
        meta.findings = vec![
            Finding::error(crate::finding::Code::InvalidYaml, "broken".to_owned()).at("a.md", 2, 4),
        ];
        let none = Docs::default();
        write(path.as_path(), [("a.md", &meta)].into_iter(), &none);
        let read = read(&path);
        assert_eq!(read.entries.len(), 1);
        let (p, back) = &read.entries[0];
        assert_eq!(p, "a.md");
        assert_eq!(
            (back.hash, back.stat, back.team_at),
            (meta.hash, meta.stat, meta.team_at)
        );
        assert!(matches!(back.slot, Slot::None));
        assert_eq!(back.findings.len(), 1);
        assert_eq!(back.findings[0].message, "broken");
        assert_eq!(
            (back.findings[0].line, back.findings[0].column),
            (Some(2), Some(4))
        );
    }
}
