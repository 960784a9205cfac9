//! Git's three-way text merge (gix's implementation of what `git merge-file` does), for the
//! merge driver of status files.

use gix::bstr::BStr;
use gix::merge::blob::Resolution;
use gix::merge::blob::builtin_driver::text::{Conflict, ConflictStyle, Labels, Options};

/// How to settle lines both sides changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Overlap {
    /// Keep them as a conflict, between markers.
    Mark,
    /// Keep both sides' lines, ours first (for free text such as notes).
    Union,
}

/// Merge `ours` and `theirs` from their common `base`: the text, and whether conflict markers
/// remain in it.
pub fn merge_text(base: &str, ours: &str, theirs: &str, overlap: Overlap) -> (String, bool) {
    let mut out = Vec::new();
    let mut input = gix::diff::blob::InternedInput::default();
    let conflict = match overlap {
        Overlap::Mark => Conflict::Keep {
            style: ConflictStyle::Merge,
            marker_size: Conflict::DEFAULT_MARKER_SIZE.try_into().expect("seven"),
        },
        Overlap::Union => Conflict::ResolveWithUnion,
    };
    let resolution = gix::merge::blob::builtin_driver::text(
        &mut out,
        &mut input,
        Labels {
            ancestor: Some(BStr::new("base")),
            current: Some(BStr::new("ours")),
            other: Some(BStr::new("theirs")),
        },
        ours.as_bytes(),
        base.as_bytes(),
        theirs.as_bytes(),
        Options {
            conflict,
            ..Options::default()
        },
    );
    (
        String::from_utf8_lossy(&out).into_owned(),
        resolution == Resolution::Conflict,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn separate_changes_merge_and_overlapping_ones_are_marked_or_united() {
        let base = "a\n\nb\n\nc\n";
        let (clean, conflict) = merge_text(base, "A\n\nb\n\nc\n", "a\n\nb\n\nC\n", Overlap::Mark);
        assert_eq!((clean.as_str(), conflict), ("A\n\nb\n\nC\n", false));
        let (marked, conflict) = merge_text(base, "a\n\nx\n\nc\n", "a\n\ny\n\nc\n", Overlap::Mark);
        assert!(conflict && marked.contains("<<<<<<< ours"), "{marked}");
        let (united, conflict) =
            merge_text("n\n", "n\nfrom ours\n", "n\nfrom theirs\n", Overlap::Union);
        assert_eq!(
            (united.as_str(), conflict),
            ("n\nfrom ours\nfrom theirs\n", false)
        );
    }
}
