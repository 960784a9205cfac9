//! Which files differ between two successive trees of one folder, without reading them whole.

use crate::git::trees::{Id, id};

/// (file name, old blob, new blob) of the files that differ between two folders.
pub(in crate::git) type Differing = Vec<(String, Option<Id>, Option<Id>)>;

/// (name, old blob, new blob) of the `.md` files that differ between the raw trees `a` and `b`.
/// Successive trees of a folder differ in a few entries: the bytes both begin with and end with
/// are skipped (the first by stepping over whole entries of `a`, the last as soon as both sides
/// stand on an entry boundary as far from their ends), and only the entries between are compared.
pub(in crate::git) fn differing_files(a: &[u8], b: &[u8]) -> Differing {
    use gix::objs::TreeRefIter;
    use gix::objs::tree::EntryRef;
    let shorter = a.len().min(b.len());
    let prefix = common_len(shorter, |i, n| a[i..i + n] == b[i..i + n]);
    let (ea, eb) = (a.len(), b.len());
    let suffix = common_len(shorter - prefix, |i, n| {
        a[ea - i - n..ea - i] == b[eb - i - n..eb - i]
    });
    // The last entry boundary within the common prefix: the same in both trees.
    // An entry is `<mode> <name>\0<id>`: neither mode nor name holds a NUL, so the first NUL
    // ends the name and the id's bytes follow.
    const ID: usize = 20;
    let mut skip = 0;
    while let Some(nul) = gix::bstr::ByteSlice::find_byte(&a[skip..prefix], 0) {
        let end = skip + nul + 1 + ID;
        if end > prefix {
            break;
        }
        skip = end;
    }
    let (a, b) = (&a[skip..], &b[skip..]);
    let (mut ia, mut ib) = (
        TreeRefIter::from_bytes(a, gix::hash::Kind::Sha1),
        TreeRefIter::from_bytes(b, gix::hash::Kind::Sha1),
    );
    // The next `.md` file of a side, and how many bytes of that side follow its start.
    fn next<'a>(it: &mut TreeRefIter<'a>, all: &'a [u8]) -> (Option<EntryRef<'a>>, usize) {
        loop {
            let left = all.len() - it.offset_to_next_entry(all);
            match it.next() {
                Some(Ok(e)) if e.mode.is_tree() || !e.filename.ends_with(b".md") => {}
                Some(Ok(e)) => return (Some(e), left),
                _ => return (None, 0),
            }
        }
    }
    let (mut x, mut x_left) = next(&mut ia, a);
    let (mut y, mut y_left) = next(&mut ib, b);
    let mut out = Vec::new();
    let name = |n: &[u8]| String::from_utf8_lossy(n).into_owned();
    loop {
        // Both sides stand at an entry as far from their ends, within the bytes they end
        // with alike: the rest is the same on both.
        if x_left == y_left && x_left <= suffix {
            break;
        }
        let order = match (&x, &y) {
            (None, None) => break,
            (Some(_), None) => std::cmp::Ordering::Less,
            (None, Some(_)) => std::cmp::Ordering::Greater,
            (Some(x), Some(y)) => x.filename.cmp(y.filename),
        };
        let (old, new) = (x.as_ref(), y.as_ref());
        match order {
            std::cmp::Ordering::Equal => {
                let (old, new) = (old.expect("compared"), new.expect("compared"));
                if old.oid != new.oid {
                    let (o, n) = (id(old.oid.to_owned()), id(new.oid.to_owned()));
                    out.push((name(old.filename), Some(o), Some(n)));
                }
                (x, x_left) = next(&mut ia, a);
                (y, y_left) = next(&mut ib, b);
            }
            std::cmp::Ordering::Less => {
                let old = old.expect("compared");
                out.push((name(old.filename), Some(id(old.oid.to_owned())), None));
                (x, x_left) = next(&mut ia, a);
            }
            std::cmp::Ordering::Greater => {
                let new = new.expect("compared");
                out.push((name(new.filename), None, Some(id(new.oid.to_owned()))));
                (y, y_left) = next(&mut ib, b);
            }
        }
    }
    out
}

/// How many bytes two buffers have in common from one end, at most `max`: `same(i, n)` says
/// whether the `n` bytes `i` bytes from that end are the same in both. Compared in blocks.
fn common_len(max: usize, same: impl Fn(usize, usize) -> bool) -> usize {
    const BLOCK: usize = 64;
    let mut i = 0;
    while i + BLOCK <= max && same(i, BLOCK) {
        i += BLOCK;
    }
    while i < max && same(i, 1) {
        i += 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A raw tree of `(mode, name, oid byte)` entries, sorted as given.
    fn tree(entries: &[(&str, &str, u8)]) -> Vec<u8> {
        let mut out = Vec::new();
        for (mode, name, oid) in entries {
            out.extend_from_slice(format!("{mode} {name}\0").as_bytes());
            // Ids full of bytes that look like structure: NUL and space.
            out.extend_from_slice(&[
                *oid, 0, b' ', 0, *oid, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, *oid,
            ]);
        }
        out
    }

    fn names(d: &Differing) -> Vec<(String, bool, bool)> {
        d.iter()
            .map(|(n, o, x)| (n.clone(), o.is_some(), x.is_some()))
            .collect()
    }

    fn many(changed: Option<(usize, u8)>, without: Option<usize>) -> Vec<u8> {
        let names: Vec<String> = (0..200).map(|i| format!("ATOM-{i:03}.md")).collect();
        let entries: Vec<(&str, &str, u8)> = names
            .iter()
            .enumerate()
            .filter(|(i, _)| Some(*i) != without)
            .map(|(i, n)| {
                let oid = match changed {
                    Some((at, to)) if at == i => to,
                    _ => (i % 250) as u8,
                };
                ("100644", n.as_str(), oid)
            })
            .collect();
        tree(&entries)
    }

    #[test]
    fn one_changed_file_anywhere_is_found_alone() {
        let before = many(None, None);
        for at in [0, 1, 77, 198, 199] {
            let after = many(Some((at, 251)), None);
            let d = differing_files(&before, &after);
            assert_eq!(
                names(&d),
                [(format!("ATOM-{at:03}.md"), true, true)],
                "at {at}"
            );
        }
        assert!(differing_files(&before, &before).is_empty());
    }

    #[test]
    fn added_and_removed_files_are_found_at_either_end_and_between() {
        let all = many(None, None);
        for gone in [0, 100, 199] {
            let fewer = many(None, Some(gone));
            let name = format!("ATOM-{gone:03}.md");
            assert_eq!(
                names(&differing_files(&all, &fewer)),
                [(name.clone(), true, false)]
            );
            assert_eq!(names(&differing_files(&fewer, &all)), [(name, false, true)]);
        }
        assert_eq!(differing_files(&[], &all).len(), 200);
        assert_eq!(differing_files(&all, &[]).len(), 200);
    }

    #[test]
    fn folders_and_other_files_are_not_compared() {
        let a = tree(&[
            ("100644", "a.md", 1),
            ("40000", "b.md", 2),
            ("100644", "c.txt", 3),
        ]);
        let b = tree(&[
            ("100644", "a.md", 1),
            ("40000", "b.md", 9),
            ("100644", "c.txt", 9),
        ]);
        assert!(differing_files(&a, &b).is_empty());
        let c = tree(&[
            ("100644", "a.md", 5),
            ("40000", "b.md", 2),
            ("100644", "c.txt", 3),
        ]);
        assert_eq!(
            names(&differing_files(&a, &c)),
            [("a.md".to_owned(), true, true)]
        );
    }

    #[test]
    fn a_changed_id_sharing_bytes_with_its_neighbours_is_still_found() {
        // The ids differ in one byte next to bytes both trees share on either side.
        let a = tree(&[
            ("100644", "x.md", 0),
            ("100644", "y.md", 0),
            ("100644", "z.md", 0),
        ]);
        let mut b = a.clone();
        let at = a.len() / 2;
        b[at] ^= 1;
        let d = differing_files(&a, &b);
        assert_eq!(d.len(), 1, "{:?}", names(&d));
    }
}
