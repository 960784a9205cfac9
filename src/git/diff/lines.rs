//! Which lines of a blob changed, by a line diff of its two sides.

use gix::diff::blob::{Algorithm, Diff, InternedInput};

/// Lines that differ between two texts: (1-based lines of `old` removed, 1-based lines of `new` added).
pub fn changed_lines(old: &[u8], new: &[u8]) -> (Vec<u32>, Vec<u32>) {
    let input = InternedInput::new(old, new);
    let diff = Diff::compute(Algorithm::Histogram, &input);
    let mut removed = Vec::new();
    let mut added = Vec::new();
    for hunk in diff.hunks() {
        removed.extend((hunk.before.start..hunk.before.end).map(|l| l + 1));
        added.extend((hunk.after.start..hunk.after.end).map(|l| l + 1));
    }
    (removed, added)
}
