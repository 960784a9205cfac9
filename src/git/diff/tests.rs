//! Unit tests of the module above.
use super::*;

#[test]
fn changed_lines_are_one_based_on_both_sides() {
    let (removed, added) = changed_lines(b"a\nb\nc\n", b"a\nB\nc\nd\n");
    assert_eq!(removed, vec![2]);
    assert_eq!(added, vec![2, 4]);
}
