//! Unit tests of the module above.
use super::*;

fn sides(old: &str, new: &str, others: &[&str]) -> Sides {
    Sides {
        old: old.as_bytes().to_vec(),
        new: new.as_bytes().to_vec(),
        others: others.iter().map(|o| o.as_bytes().to_vec()).collect(),
    }
}

#[test]
fn added_and_deleted_files_change_every_line() {
    let (removed, added) = attributed_lines(ChangeKind::Added, &sides("", "a\nb\nc", &[]));
    assert_eq!((removed, added), (vec![], vec![1, 2, 3]));
    let (removed, added) = attributed_lines(ChangeKind::Deleted, &sides("a\nb\n", "", &[]));
    assert_eq!((removed, added), (vec![1, 2], vec![]));
}

#[test]
fn a_modification_changes_only_the_differing_lines() {
    let (removed, added) = attributed_lines(
        ChangeKind::Modified,
        &sides("a\nb\nc\n", "a\nB\nc\nd\n", &[]),
    );
    assert_eq!((removed, added), (vec![2], vec![2, 4]));
}

#[test]
fn a_merge_is_blamed_only_for_lines_no_parent_has() {
    // Ours changed line 1; the other branch changed line 3; the merge result has both.
    let ours = "A\nb\nc\n";
    let theirs = "a\nb\nC\n";
    let merged = "A\nb\nC\n";
    let (removed, added) = attributed_lines(ChangeKind::Modified, &sides(ours, merged, &[theirs]));
    assert_eq!(
        (removed, added),
        (vec![], vec![]),
        "a clean merge adds nothing of its own"
    );
    // A resolution that writes a line neither parent had is the merger's.
    let resolved = "A\nb\nX\n";
    let (_, added) = attributed_lines(ChangeKind::Modified, &sides(ours, resolved, &[theirs]));
    assert_eq!(added, vec![3]);
}

#[test]
fn a_line_the_other_branch_removed_is_not_blamed_on_the_merge() {
    let ours = "a\nb\nc\n";
    let theirs = "a\nc\n";
    let merged = "a\nc\n";
    let (removed, _) = attributed_lines(ChangeKind::Modified, &sides(ours, merged, &[theirs]));
    assert!(removed.is_empty(), "{removed:?}");
    // Removing a line every other parent still has is the merger's own change.
    let (removed, _) = attributed_lines(ChangeKind::Modified, &sides(ours, "a\n", &[ours]));
    assert_eq!(removed, vec![2, 3]);
}
