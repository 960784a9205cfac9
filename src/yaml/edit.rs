//! Surgical edits of a status file's YAML block: only the lines of the keys being set change;
//! comments, key order, other keys, line endings and the Markdown around stay byte-for-byte.

use std::ops::Range;

use crate::yaml;

/// A value to write under a top-level key.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// `null`.
    Null,
    /// A string, quoted when needed.
    Str(String),
    /// A number or boolean, written as is.
    Raw(String),
    /// A list of strings.
    List(Vec<String>),
    /// A list of mappings, each a list of (key, value) written in order.
    Records(Vec<Vec<(&'static str, Value)>>),
    /// A mapping of names to strings, in order.
    Map(Vec<(String, String)>),
    /// A mapping of names to values already written as YAML (flow style), in order.
    RawMap(Vec<(String, String)>),
    /// A list of strings, each with an optional note: `- ID` or `- ID: note`.
    Notes(Vec<(String, Option<String>)>),
}

impl Value {
    /// `Str` or `Null`.
    pub fn opt(value: Option<&str>) -> Value {
        value.map_or(Value::Null, |v| Value::Str(v.to_owned()))
    }

    fn inline(&self) -> Option<String> {
        match self {
            Value::Null => Some("null".to_owned()),
            Value::Str(s) => Some(yaml::scalar(s)),
            Value::Raw(s) => Some(s.clone()),
            Value::List(l) if l.is_empty() => Some("[]".to_owned()),
            Value::Records(r) if r.is_empty() => Some("[]".to_owned()),
            Value::Map(m) | Value::RawMap(m) if m.is_empty() => Some("{}".to_owned()),
            Value::Notes(l) if l.is_empty() => Some("[]".to_owned()),
            _ => None,
        }
    }
}

/// The line ending a file uses (`\r\n` if its first line ends so).
pub fn line_ending(text: &str) -> &'static str {
    match text.find('\n') {
        Some(i) if i > 0 && text.as_bytes()[i - 1] == b'\r' => "\r\n",
        _ => "\n",
    }
}

fn render(key: &str, value: &Value, indent: &str, nl: &str) -> String {
    if let Some(inline) = value.inline() {
        return format!("{key}: {inline}{nl}");
    }
    let mut out = format!("{key}:{nl}");
    match value {
        Value::List(items) => {
            for item in items {
                out.push_str(&format!("{indent}- {}{nl}", yaml::scalar(item)));
            }
        }
        Value::Records(records) => {
            for record in records {
                for (i, (k, v)) in record.iter().enumerate() {
                    let lead = if i == 0 {
                        format!("{indent}- ")
                    } else {
                        format!("{indent}  ")
                    };
                    let v = v.inline().unwrap_or_else(|| "null".to_owned());
                    out.push_str(&format!("{lead}{k}: {v}{nl}"));
                }
            }
        }
        Value::Map(entries) => {
            for (k, v) in entries {
                out.push_str(&format!(
                    "{indent}{}: {}{nl}",
                    yaml::scalar(k),
                    yaml::scalar(v)
                ));
            }
        }
        Value::RawMap(entries) => {
            for (k, v) in entries {
                out.push_str(&format!("{indent}{}: {v}{nl}", yaml::scalar(k)));
            }
        }
        Value::Notes(items) => {
            for (item, note) in items {
                let item = yaml::scalar(item);
                match note {
                    Some(n) => out.push_str(&format!("{indent}- {item}: {}{nl}", yaml::scalar(n))),
                    None => out.push_str(&format!("{indent}- {item}{nl}")),
                }
            }
        }
        _ => unreachable!("inline values handled above"),
    }
    out
}

/// Whether a line starts a top-level key.
fn is_key_line(line: &str) -> bool {
    let first = line.chars().next();
    matches!(first, Some(c) if c.is_ascii_alphabetic() || c == '_' || c == '"' || c == '\'')
        && line.contains(':')
}

fn key_of(line: &str) -> Option<&str> {
    if !is_key_line(line) {
        return None;
    }
    let end = line.find(':')?;
    Some(line[..end].trim().trim_matches(['"', '\'']))
}

/// Lines of the block with their byte ranges (relative to the block).
fn lines(block: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    for piece in block.split_inclusive('\n') {
        out.push(start..start + piece.len());
        start += piece.len();
    }
    out
}

/// Byte range (in `block`) of the lines belonging to top-level `key`, if present.
fn region(block: &str, key: &str) -> Option<Range<usize>> {
    let lines = lines(block);
    let at = lines
        .iter()
        .position(|r| key_of(&block[r.clone()]) == Some(key))?;
    let mut end = at + 1;
    while end < lines.len() && !is_key_line(&block[lines[end].clone()]) {
        end += 1;
    }
    // Blank and column-0 comment lines just before the next key belong to that key.
    while end > at + 1 {
        let line = &block[lines[end - 1].clone()];
        if line.trim().is_empty() || line.starts_with('#') {
            end -= 1
        } else {
            break;
        }
    }
    Some(lines[at].start..lines[end - 1].end)
}

/// The indentation used by the first nested line of a region, or two spaces.
fn nested_indent(region: &str) -> String {
    for line in region.lines().skip(1) {
        let trimmed = line.trim_start();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        return line[..line.len() - trimmed.len()].to_owned();
    }
    "  ".to_owned()
}

/// The trailing ` # comment` of a one-line plain scalar, kept when the value changes.
fn trailing_comment(line: &str) -> &str {
    let body = line.trim_end_matches(['\n', '\r']);
    let value = body.split_once(':').map_or("", |(_, v)| v.trim_start());
    if value.starts_with(['"', '\'']) {
        return "";
    }
    match body.find(" #") {
        Some(i) if i > body.find(':').unwrap_or(0) => {
            let start = body[..i].trim_end().len();
            &body[start..]
        }
        _ => "",
    }
}

/// Whether the block keeps its top-level keys apart with blank lines (see [`spaced`]).
fn is_spaced(block: &str) -> bool {
    block.lines().any(|l| l.trim().is_empty())
}

/// The block with a blank line before every top-level key but the first (before the comment
/// lines just above a key, if any), and `drop`'s lines removed. Git's merge treats changes to
/// adjacent lines as one conflict; an unchanged line between every two keys is what lets two
/// branches change different fields of one file and merge cleanly.
pub fn spaced(block: &str, drop: &[&str]) -> String {
    let nl = line_ending(block);
    let mut kept: Vec<&str> = Vec::new();
    let mut dropping = false;
    for line in block.split_inclusive('\n') {
        if is_key_line(line) {
            dropping = key_of(line).is_some_and(|k| drop.contains(&k));
        }
        if !dropping {
            kept.push(line);
        }
    }
    // Where a blank line goes: before each key but the first, or before the comments above it.
    let mut blank_before = vec![false; kept.len()];
    for (i, line) in kept.iter().enumerate().skip(1) {
        if !is_key_line(line) {
            continue;
        }
        let mut start = i;
        while start > 0 && kept[start - 1].starts_with('#') {
            start -= 1;
        }
        if start > 0 && !kept[start - 1].trim().is_empty() {
            blank_before[start] = true;
        }
    }
    let mut out = String::with_capacity(block.len() + 64);
    for (line, blank) in kept.iter().zip(blank_before) {
        if blank {
            out.push_str(nl);
        }
        out.push_str(line);
    }
    out
}

/// Whether the YAML block `block` of `text` has top-level `key`.
pub fn has_key(text: &str, block: Range<usize>, key: &str) -> bool {
    region(&text[block], key).is_some()
}

/// Set top-level `key` to `value` in the YAML block at `block` of `text`.
/// A missing key is inserted after the nearest key that precedes it in `order`.
pub fn set(text: &str, block: Range<usize>, key: &str, value: &Value, order: &[&str]) -> String {
    let nl = line_ending(text);
    let body = &text[block.clone()];
    match region(body, key) {
        Some(r) => {
            let old = &body[r.clone()];
            let indent = nested_indent(old);
            let mut new = render(key, value, &indent, nl);
            let old_is_one_line = old.trim_end_matches(['\n', '\r']).lines().count() == 1;
            if old_is_one_line && value.inline().is_some() {
                let comment = trailing_comment(old);
                if !comment.is_empty() {
                    new = format!("{}{comment}{nl}", new.trim_end_matches(['\n', '\r']));
                }
            }
            // A last line without a newline stays without one.
            if !old.ends_with('\n') {
                new = new.trim_end_matches(['\n', '\r']).to_owned();
            }
            let start = block.start + r.start;
            let end = block.start + r.end;
            format!("{}{}{}", &text[..start], new, &text[end..])
        }
        None => {
            let position = order.iter().position(|k| *k == key).unwrap_or(order.len());
            let anchor = order[..position].iter().rev().find_map(|k| region(body, k));
            let at = match anchor {
                Some(r) => block.start + r.end,
                None => block.end,
            };
            let mut prefix = text[..at].to_owned();
            if !prefix.is_empty() && !prefix.ends_with('\n') {
                prefix.push_str(nl);
            }
            let mut new = render(key, value, "  ", nl);
            if is_spaced(body) {
                // Keep the key a paragraph of its own, as the rest of the block is.
                new = format!("{nl}{new}");
            }
            format!("{prefix}{new}{}", &text[at..])
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::doc::block::find_yaml_block;

    #[test]
    fn line_endings_follow_the_first_line() {
        assert_eq!(line_ending("a\r\nb\n"), "\r\n");
        assert_eq!(line_ending("a\nb\r\n"), "\n");
    }

    const ORDER: &[&str] = &["id", "status", "started", "files", "notes"];

    fn apply(text: &str, key: &str, value: Value) -> String {
        set(text, find_yaml_block(text).unwrap(), key, &value, ORDER)
    }

    #[test]
    fn a_scalar_change_touches_one_line_and_keeps_its_comment() {
        let text = "# A\n\n```yaml\nid: A\nstatus: NOT_STARTED   # was planned\n# keep me\nfiles:\n    - a.rs\n```\n\nprose\n";
        let out = apply(text, "status", Value::Str("IN_PROGRESS".into()));
        assert_eq!(
            out,
            text.replace(
                "status: NOT_STARTED   # was planned",
                "status: IN_PROGRESS   # was planned"
            )
        );
    }

    #[test]
    fn lists_keep_their_indentation_and_crlf() {
        let text = "```yaml\r\nid: A\r\nfiles:\r\n    - a.rs\r\nnotes: x\r\n```\r\n";
        let out = apply(
            text,
            "files",
            Value::List(vec!["a.rs".into(), "b c.rs".into()]),
        );
        assert_eq!(
            out,
            "```yaml\r\nid: A\r\nfiles:\r\n    - a.rs\r\n    - b c.rs\r\nnotes: x\r\n```\r\n"
        );
    }

    #[test]
    fn missing_keys_go_after_their_predecessor() {
        let text = "```yaml\nid: A\nstatus: X\nfiles: []\n```\n";
        let out = apply(text, "started", Value::Str("2026-01-01T00:00:00Z".into()));
        assert_eq!(
            out,
            "```yaml\nid: A\nstatus: X\nstarted: 2026-01-01T00:00:00Z\nfiles: []\n```\n"
        );
    }

    #[test]
    fn a_spaced_block_gets_a_new_key_as_a_paragraph_of_its_own() {
        let text = "```yaml\nid: A\n\nstatus: X\n\nfiles: []\n```\n";
        let out = apply(text, "started", Value::Str("2026-01-01T00:00:00Z".into()));
        assert_eq!(
            out,
            "```yaml\nid: A\n\nstatus: X\n\nstarted: 2026-01-01T00:00:00Z\n\nfiles: []\n```\n"
        );
        let last = apply(text, "zzz", Value::Str("1".into()));
        assert_eq!(
            last,
            "```yaml\nid: A\n\nstatus: X\n\nfiles: []\n\nzzz: \"1\"\n```\n"
        );
    }

    #[test]
    fn spacing_separates_keys_keeps_comments_with_their_key_and_drops_keys() {
        let block = "id: A\nfiles:\n  - a\n\n  - b\n# why\nstatus: X\nlast_updated: 2026-01-01T00:00:00Z\nphase: 1\n";
        assert_eq!(
            spaced(block, &["last_updated"]),
            "id: A\n\nfiles:\n  - a\n\n  - b\n\n# why\nstatus: X\n\nphase: 1\n"
        );
        let once = spaced(block, &[]);
        assert_eq!(spaced(&once, &[]), once, "spacing twice changes nothing");
        let crlf = "id: A\r\nstatus: X\r\n";
        assert_eq!(spaced(crlf, &[]), "id: A\r\n\r\nstatus: X\r\n");
    }

    #[test]
    fn records_render_as_block_mappings() {
        let text = "```yaml\nid: A\nnotes: []\n```\n";
        let out = apply(
            text,
            "notes",
            Value::Records(vec![vec![
                ("text", Value::Str("Works".into())),
                ("done", Value::Raw("false".into())),
            ]]),
        );
        assert_eq!(
            out,
            "```yaml\nid: A\nnotes:\n  - text: Works\n    done: false\n```\n"
        );
    }
}
