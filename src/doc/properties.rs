//! Property-based tests of the parsers and the surgical editor: no input makes them panic, and an
//! edit changes exactly the field it sets. Bounded so `cargo test` stays fast; `cargo run
//! --release --example fuzz` runs a longer mutational search.

use proptest::prelude::*;

use super::atom;
use super::block::find_yaml_block;
use crate::yaml::edit::{Value, set};

const TEMPLATE: &str = "# ATOM-001: T\n\n```yaml\nid: ATOM-001\ntitle: T\nteam: a\npriority: HIGH   # agreed\nstatus: NOT_STARTED\nassigned: null\nfiles:\n  - src/a.rs\ncriteria:\n  - text: works\n    done: false\n```\n\n## Notes\n\nprose\n";

/// 400 cases, or as many as `PROPTEST_CASES` says (an explicit count would override it).
pub(crate) fn cases() -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(400)
}

fn any_text() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "[ -~\\n\\t:#'\"\\[\\]{}!&*|>-]{0,200}",
        Just(TEMPLATE.to_owned()),
    ]
}

/// The template with a random slice of it replaced by random text: inputs close to valid ones.
fn mutated() -> impl Strategy<Value = String> {
    (0..TEMPLATE.len(), 0..40usize, "[ -~\\n]{0,40}").prop_map(|(at, len, with)| {
        let mut start = at;
        while !TEMPLATE.is_char_boundary(start) {
            start -= 1;
        }
        let mut end = (start + len).min(TEMPLATE.len());
        while !TEMPLATE.is_char_boundary(end) {
            end -= 1;
        }
        format!("{}{with}{}", &TEMPLATE[..start], &TEMPLATE[end..])
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(cases()))]

    #[test]
    fn parsers_never_panic(text in prop_oneof![any_text(), mutated()]) {
        let _ = atom::parse("A/ATOMIC_TASKS/ATOM-001.md", &text);
        let _ = super::molecule::parse("JOINT_COORDINATION/MOLECULES/MOLECULE-001.md", &text);
        let _ = crate::config::parse("zones.yaml", &text);
    }

    #[test]
    fn an_edit_sets_exactly_its_field(value in any::<String>()) {
        let range = find_yaml_block(TEMPLATE).unwrap();
        let edited = set(TEMPLATE, range, "assigned", &Value::Str(value.clone()), atom::KEYS);
        let (parsed, problems) = atom::parse("A/ATOMIC_TASKS/ATOM-001.md", &edited);
        prop_assert!(problems.iter().all(|p| p.severity != crate::finding::Severity::Error), "{problems:?}\n{edited}");
        let parsed = parsed.unwrap();
        let expected = Some(value.clone()).filter(|v| !v.is_empty());
        prop_assert_eq!(parsed.assigned, expected);
        prop_assert_eq!(parsed.title, "T");
        // Every other line is untouched, in order.
        let before: Vec<&str> = TEMPLATE.lines().filter(|l| !l.starts_with("assigned:")).collect();
        let after: Vec<&str> = edited.lines().filter(|l| !l.starts_with("assigned:")).collect();
        let after_lines = after.len();
        prop_assert!(after_lines >= before.len());
        prop_assert_eq!(&TEMPLATE[..TEMPLATE.find("assigned:").unwrap()], &edited[..TEMPLATE.find("assigned:").unwrap()]);
        prop_assert!(edited.ends_with("files:\n  - src/a.rs\ncriteria:\n  - text: works\n    done: false\n```\n\n## Notes\n\nprose\n"), "{}", edited);
    }

    #[test]
    fn edits_of_mutated_files_never_panic(text in mutated(), value in any::<String>()) {
        if let Some(range) = find_yaml_block(&text) {
            for key in ["status", "criteria", "new_key"] {
                let _ = set(&text, range.clone(), key, &Value::Str(value.clone()), atom::KEYS);
            }
        }
    }
}
