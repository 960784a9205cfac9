//! Two lists sorted by the same key, paired in one pass.

/// For each of `keys` (sorted), the item of `sorted` (sorted by `key_of`) with that key, if any:
/// found in one pass over both, rather than by a search for each.
pub fn matches<'a, 'k, T>(
    sorted: &'a [T],
    key_of: impl Fn(&T) -> &str,
    keys: impl Iterator<Item = &'k str>,
) -> impl Iterator<Item = Option<&'a T>> {
    let mut i = 0;
    keys.map(move |key| {
        while sorted.get(i).is_some_and(|item| key_of(item) < key) {
            i += 1;
        }
        sorted.get(i).filter(|item| key_of(item) == key)
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn each_key_finds_its_item_or_none() {
        let sorted = ["b", "d", "d2", "f"];
        let found: Vec<Option<&&str>> =
            super::matches(&sorted, |s| s, ["a", "b", "c", "d2", "f", "g"].into_iter()).collect();
        assert_eq!(
            found,
            [None, Some(&"b"), None, Some(&"d2"), Some(&"f"), None]
        );
    }
}
