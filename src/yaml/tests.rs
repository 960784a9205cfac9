//! Positions of YAML problems and values, tags found by hand, scalars written back.

#[test]
fn tags_are_found_outside_quotes_and_comments() {
    assert_eq!(super::first_tag("a: !!binary aGk=\n"), Some((3, 8)));
    assert_eq!(super::first_tag("a: [x, !foo y]\n"), Some((7, 4)));
    assert_eq!(super::first_tag("a: \"!!not\" # !!nor\nb: 'it!'\n"), None);
    assert_eq!(super::first_tag("a: wow!\n"), None);
    assert_eq!(super::first_tag("a: (:!\nb: -!x\n"), None);
    assert_eq!(super::first_tag("a: \"\\\"{!\"\n"), None);
}

use super::*;
use serde::Deserialize;

#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
struct Doc {
    name: Spanned<String>,
    #[serde(default)]
    list: Vec<Spanned<String>>,
    maybe: Option<Spanned<String>>,
}

#[test]
fn spans_point_at_values() {
    let text = "name: hello\nlist:\n  - a\n  - bb\nmaybe: null\n";
    let doc: Doc = parse(text).unwrap();
    assert_eq!(
        &text[doc.name.offset..doc.name.offset + doc.name.len],
        "hello"
    );
    assert_eq!(
        &text[doc.list[1].offset..doc.list[1].offset + doc.list[1].len],
        "bb"
    );
    assert!(doc.maybe.is_none());
}

#[test]
fn unknown_fields_and_duplicates_are_errors_with_positions() {
    let err = parse::<Doc>("name: a\nnope: 1\n").unwrap_err();
    assert!(err.message.contains("nope"), "{}", err.message);
    assert_eq!(err.offset, Some(8));
    let err = parse::<Doc>("name: a\nname: b\n").unwrap_err();
    assert!(err.offset.is_some(), "{err:?}");
    assert_eq!(err.message, "`name` is written twice in one mapping");
    assert_eq!(err.hint, Some("keep one of the two"));
    let err = parse::<serde_json::Value>("x: .inf\n").unwrap_err();
    assert_eq!(err.hint, Some("quote it to mean the text"));
}

#[test]
fn messages_leave_positions_to_coord_and_rust_types_out() {
    #[derive(Debug, serde::Deserialize)]
    #[allow(dead_code)]
    struct Doc {
        name: String,
        n: Option<u32>,
    }
    for (text, message) in [
        (
            "name: ~\n",
            "a value is needed here, not an empty or null one",
        ),
        ("name: [a\n", "expected text here"),
        ("name: a\nn: -1\n", "expected a whole number, 0 or more"),
        ("n: 1\n", "missing field `name`"),
        ("name: a\nx: *nowhere\n", "alias references unknown anchor"),
        (
            "name: a\nx: .inf\n",
            "`.inf` is an infinite or undefined number",
        ),
    ] {
        assert_eq!(parse::<Doc>(text).unwrap_err().message, message, "{text:?}");
    }
    assert_eq!(without_position("line 12 column 3: x"), "x");
    assert_eq!(without_position("line of text: x"), "line of text: x");
}

#[test]
fn scalars_read_back_as_strings() {
    for value in [
        "plain text",
        "yes",
        "12",
        "a: b",
        "- x",
        "",
        " pad",
        "#tag",
        "x #y",
        "line\nbreak",
        "1.5",
        "ATOM-001",
    ] {
        let text = format!("name: {}\n", scalar(value));
        let doc: Doc = parse(&text).unwrap();
        assert_eq!(doc.name.value, value, "{text}");
    }
    assert_eq!(scalar("ATOM-001"), "ATOM-001");
}
