//! The direct path side by side with serde-saphyr.

use std::fmt::Debug;

use serde::Deserialize;

use super::super::{Spanned, saphyr};

/// The shape of a status file's block: every kind of field coord reads.
#[derive(Debug, PartialEq, Deserialize)]
struct Block {
    id: Spanned<String>,
    title: Option<String>,
    status: Option<Spanned<String>>,
    files: Option<Vec<String>>,
    dependencies: Option<Vec<Spanned<crate::doc::extra::RawDependency>>>,
    criteria: Option<Vec<Criterion>>,
    phase: Option<u32>,
    escalations: Option<Vec<crate::doc::RawEscalation>>,
    extra: Option<crate::doc::Extra>,
    other: Option<serde_json::Value>,
}

#[derive(Debug, PartialEq, Deserialize)]
struct Criterion {
    text: String,
    #[serde(default)]
    done: bool,
}

const ATOM: &str = "id: ATOM-001\ntitle: Task number 1\nstatus: IN_PROGRESS\nfiles:\n  - web/*.rs\n  - \"docs/a b.md\"\ndependencies: [ATOM-002, 'ATOM-003']\ncriteria:\n  - text: It works\n    done: true\n  - text: 'It is tested: yes'\nphase: 2\nescalations: []\nextra: {}\nother: null\nblocked_reason: null\nunknown:\n  nested: [1, {a: b}]\n";

/// Documents the direct path reads itself, each with the same value as serde-saphyr's.
const DIRECT: &[&str] = &[
    ATOM,
    "id: A\n",
    "---\nid: A\ntitle: ~\n...\n",
    "id: \"A\\u00e9\"\ntitle: |\n  two\n  lines\nstatus: >\n  folded\n  text\n",
    "id: A # a comment\n# another\ntitle: 'it''s'\n",
    "{id: A, phase: 0, files: []}\n",
    "id: A\nextra:\n  owner: ana\n  size: 3\n  flag: false\n  none: null\n  list: [x, \"1\"]\nother: {a: [b]}\n",
    "id: A\nescalations:\n  - level: 2\n    reason: stuck\n    raised: 2026-11-19T10:00:00Z\n    resolved: null\n",
    "id: A\ndependencies:\n  - ATOM-002: waits for the API\n  - ATOM-003\n",
    "id: A\ntitle: 'quoted: colon'\nstatus: \"\"\n",
    "id: A\nphase: 4294967295\n",
    "id: ünï\ntitle: 日本語のタイトル\n",
    "id: A\r\ntitle: |\r\n  crlf\r\n  lines\r\nfiles:\r\n  - a\r\n",
    "id: 2026-11-19\ntitle: 1.5\nstatus: yes\n",
];

/// Documents where YAML's own rules decide, or that are wrong: serde-saphyr reads them.
const SAPHYR: &[&str] = &[
    "id: &a A\ntitle: *a\n",
    "id: !!str A\n",
    "id: A\nid: B\n",
    "id: A\nunknown: 1\nunknown: 2\n",
    "id: A\nunknown: {a: 1, a: 2}\n",
    "id: A\nescalations:\n  - level: 2\n    reason: stuck\n    raised: now\n    what: x\n",
    "<<: {id: A}\n",
    "id: A\nphase: 012\n",
    "id: A\nphase: 0x1F\n",
    "id: A\nphase: -1\n",
    "id: A\nphase: 4294967296\n",
    "id: A\nphase: '2'\n",
    "id: null\n",
    "id:\n",
    "title: no id\n",
    "id: A\n---\nid: B\n",
    "id: A\ncriteria:\n  - text: x\n    done: yes\n",
    "id: A\nextra: {when: 2026-01-01, n: 1e3, big: 99999999999999999999}\n",
    "id: [A\n",
    "id: A\n  bad: indent\n",
    "- not a mapping\n",
    "",
    "id: A\nextra: [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[x]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]\n",
];

/// The direct path's answer, when it gives one, is serde-saphyr's.
fn agrees<T: serde::de::DeserializeOwned + PartialEq + Debug>(text: &str) -> bool {
    let direct = super::parse::<T>(text);
    let reference = saphyr::<T>(text);
    if let Some(value) = &direct {
        assert_eq!(Some(value), reference.as_ref().ok(), "{text:?}");
    }
    direct.is_some()
}

#[test]
fn plain_documents_are_read_directly_and_as_serde_saphyr_reads_them() {
    for text in DIRECT {
        assert!(agrees::<Block>(text), "given up on {text:?}");
        agrees::<serde_json::Value>(text);
    }
    assert!(agrees::<serde_json::Value>(DIRECT[6]));
}

#[test]
fn everything_else_is_left_to_serde_saphyr() {
    for text in SAPHYR {
        assert!(!agrees::<Block>(text), "read directly: {text:?}");
        agrees::<serde_json::Value>(text);
    }
}

/// Every value of the status block replaced, in turn, by each of many scalars and nodes that
/// YAML reads in ways of its own: the direct path agrees with serde-saphyr on all of them.
#[test]
fn any_value_in_any_field_is_read_as_serde_saphyr_reads_it() {
    const VALUES: &[&str] = &[
        "~",
        "''",
        "\"\"",
        "\"x\"",
        "yes",
        "No",
        "TRUE",
        "0o7",
        "0x1f",
        "1_000",
        "-",
        "-1",
        "+1",
        ".5",
        "1e3",
        ".inf",
        "0",
        "00",
        "007",
        "12:30",
        "2026-01-01",
        "&a x",
        "*a",
        "!x y",
        "!!str 5",
        "[a, b]",
        "{a: 1}",
        "[]",
        "{}",
        "|\n  text",
        ">-\n  x\n  y",
        "'it''s'",
        "\"a\\tb\"",
        "x # c",
        "null",
        "Null",
        "a: b",
        "[a, [b]]",
        "{text: t, done: false}",
        "\n  - a\n  - b",
        "\n  - text: t\n    done: true",
        "\n  k: v",
        "4294967295",
        "ATOM-9",
        "héllo",
        "\"\\u00e9\"",
        "<<",
        "0b101",
        "1.5e+3",
        "-.inf",
        ".NaN",
        "~x",
        "@x",
        "`x",
        "%x",
        "x: y: z",
        "'open",
        "\"bad \\q\"",
        "key:value",
        "x\n  y",
        "? k\n: v",
        "- - a",
        "!<tag:yaml.org,2002:str> x",
        "*nowhere",
        "{a: 1, a: 2}",
        "\n  k: v\n  k: w",
        "[a, {b: 1, b: 2}]",
        "1e999",
        "-1.5E+400",
        "[1e999]",
        "1e300",
        "{? a}",
        "[a: 1]",
        "\"\\x41\"",
        "'multi\n  line'",
        "\t",
    ];
    let mut direct = 0;
    for line in ATOM.lines().filter(|l| !l.starts_with(' ')) {
        let Some((key, _)) = line.split_once(':') else {
            continue;
        };
        for value in VALUES {
            let text = ATOM.replacen(line, &format!("{key}: {value}"), 1);
            let text = text.replace(
                &format!("{key}: {value}\n  - "),
                &format!("{key}: {value}\n  x: "),
            );
            if agrees::<Block>(&text) {
                direct += 1;
            }
            agrees::<serde_json::Value>(&text);
        }
    }
    assert!(direct > 100, "only {direct} read directly");
}

#[test]
fn a_mapping_of_many_keys_or_a_deep_nesting_is_left_to_serde_saphyr() {
    let keys = |n: usize| (0..n).map(|i| format!("k{i}: {i}\n")).collect::<String>();
    assert!(agrees::<serde_json::Value>(&keys(64)));
    assert!(!agrees::<serde_json::Value>(&keys(65)));
    assert!(!agrees::<serde_json::Value>(&keys(100_000)));
    let deep = |n: usize| format!("{}x{}", "[".repeat(n), "]".repeat(n));
    assert!(agrees::<serde_json::Value>(&deep(31)));
    assert!(!agrees::<serde_json::Value>(&deep(33)));
}

#[test]
fn spans_are_byte_ranges_of_the_written_values() {
    let block: Block = super::parse(ATOM).unwrap();
    let status = block.status.unwrap();
    assert_eq!(
        &ATOM[status.offset..status.offset + status.len],
        "IN_PROGRESS"
    );
    let dependency = &block.dependencies.unwrap()[1];
    assert_eq!(
        &ATOM[dependency.offset..dependency.offset + dependency.len],
        "'ATOM-003'"
    );
}

/// Status blocks with bytes changed at random (a fixed seed; `COORD_YAML_MUTATIONS` runs more):
/// whatever the direct path reads, serde-saphyr reads the same.
#[test]
fn mutated_blocks_are_read_as_serde_saphyr_reads_them() {
    const BYTES: &[u8] = b" \n\r\t:-#'\"[]{},&*!|>?%@`~0aZ.\\9e";
    let runs: usize = std::env::var("COORD_YAML_MUTATIONS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(3000);
    let mut seed = 0x9e37_79b9_7f4a_7c15_u64;
    let mut next = move |below: usize| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        (seed % below as u64) as usize
    };
    let mut direct = 0;
    for _ in 0..runs {
        let mut bytes = ATOM.as_bytes().to_vec();
        for _ in 0..1 + next(3) {
            let at = next(bytes.len());
            match next(3) {
                0 => bytes[at] = BYTES[next(BYTES.len())],
                1 => bytes.insert(at, BYTES[next(BYTES.len())]),
                _ => {
                    bytes.remove(at);
                }
            }
        }
        let Ok(text) = String::from_utf8(bytes) else {
            continue;
        };
        if agrees::<Block>(&text) {
            direct += 1;
        }
        agrees::<serde_json::Value>(&text);
    }
    assert!(direct > runs / 4, "only {direct} of {runs} read directly");
}
