//! YAML: parsing with positions, and writing single scalars. The only module that knows the YAML crate.

mod direct;
pub mod edit;

use std::fmt;
use std::marker::PhantomData;

use serde::de::{Deserialize, DeserializeOwned, Deserializer, MapAccess, SeqAccess, Visitor};

/// Where a YAML problem is, relative to the YAML text that was parsed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YamlError {
    /// What is wrong, without position.
    pub message: String,
    /// Byte offset of the problem in the parsed text, when known.
    pub offset: Option<usize>,
    /// What to do about it, where the problem says more than "fix the syntax".
    pub hint: Option<&'static str>,
}

/// A value with the byte offset and length of where it was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Spanned<T> {
    /// The value.
    pub value: T,
    /// Byte offset in the parsed text.
    pub offset: usize,
    /// Byte length of the written value (at least 1).
    pub len: usize,
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Spanned<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct SpannedVisitor<T>(PhantomData<T>);
        impl<'de, T: Deserialize<'de>> Visitor<'de> for SpannedVisitor<T> {
            type Value = Spanned<T>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a value")
            }
            /// From serde-saphyr, which knows its own `Spanned`.
            fn visit_newtype_struct<D: Deserializer<'de>>(
                self,
                deserializer: D,
            ) -> Result<Self::Value, D::Error> {
                let inner = serde_saphyr::Spanned::<T>::deserialize(deserializer)?;
                let span = inner.referenced.span();
                Ok(Spanned {
                    value: inner.value,
                    offset: span.byte_offset().unwrap_or(0) as usize,
                    len: span.byte_len().unwrap_or(1).max(1) as usize,
                })
            }
            /// From the direct path: offset, length, value.
            fn visit_seq<A: SeqAccess<'de>>(self, mut parts: A) -> Result<Self::Value, A::Error> {
                let missing = || serde::de::Error::custom("a spanned value in three parts");
                let offset: u64 = parts.next_element()?.ok_or_else(missing)?;
                let len: u64 = parts.next_element()?.ok_or_else(missing)?;
                let value: T = parts.next_element()?.ok_or_else(missing)?;
                Ok(Spanned {
                    value,
                    offset: offset as usize,
                    len: (len as usize).max(1),
                })
            }
        }
        deserializer.deserialize_newtype_struct(direct::SPANNED, SpannedVisitor(PhantomData))
    }
}

/// A YAML mapping kept in written order, with the position of each key.
#[derive(Debug)]
pub struct SpannedMap<V>(pub Vec<(Spanned<String>, V)>);

impl<V> Default for SpannedMap<V> {
    fn default() -> Self {
        SpannedMap(Vec::new())
    }
}

impl<'de, V: Deserialize<'de>> Deserialize<'de> for SpannedMap<V> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct MapVisitor<V>(PhantomData<V>);
        impl<'de, V: Deserialize<'de>> Visitor<'de> for MapVisitor<V> {
            type Value = SpannedMap<V>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a mapping")
            }
            fn visit_unit<E>(self) -> Result<Self::Value, E> {
                Ok(SpannedMap(Vec::new()))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut entries = Vec::new();
                while let Some((key, value)) = map.next_entry::<Spanned<String>, V>()? {
                    entries.push((key, value));
                }
                Ok(SpannedMap(entries))
            }
        }
        deserializer.deserialize_map(MapVisitor(PhantomData))
    }
}

/// Parse `text` into `T`, reporting the first problem with its position. The plain YAML of
/// status files is read straight from the parser's events; serde-saphyr reads everything else,
/// and says what is wrong when anything is (see [`direct`]).
pub fn parse<T: DeserializeOwned>(text: &str) -> Result<T, YamlError> {
    if let Some(value) = direct::parse(text) {
        return Ok(value);
    }
    saphyr(text)
}

/// Parse `text` into `T` with serde-saphyr.
pub(crate) fn saphyr<T: DeserializeOwned>(text: &str) -> Result<T, YamlError> {
    serde_saphyr::from_str::<T>(text).map_err(|error| {
        let offset = error.location().and_then(|loc| {
            loc.span()
                .byte_offset()
                .map(|o| o as usize)
                .or_else(|| line_col_offset(text, loc.line(), loc.column()))
        });
        let (message, hint) = plain_message(&error);
        YamlError {
            message,
            offset,
            hint,
        }
    })
}

/// The error's message without the source snippet the crate renders around it, without the
/// position it starts with (lines of the YAML block, not of the file: coord shows positions
/// itself), and in the words of the file's author rather than of a Rust programmer.
fn plain_message(error: &serde_saphyr::Error) -> (String, Option<&'static str>) {
    let rendered = error.to_string();
    let first = rendered
        .lines()
        .find(|l| !l.trim().is_empty())
        .unwrap_or("invalid YAML")
        .trim();
    let first = first.strip_prefix("error:").unwrap_or(first).trim();
    let first = match first.rfind(" at line ") {
        Some(i) => first[..i].trim_end_matches(':'),
        None => first,
    };
    reworded(without_position(first))
}

/// `text` without a leading `line L column C: `.
fn without_position(text: &str) -> &str {
    let digits = |t: &str| t.trim_start_matches(|c: char| c.is_ascii_digit()).len() < t.len();
    let Some(rest) = text.strip_prefix("line ").filter(|r| digits(r)) else {
        return text;
    };
    let rest = rest.trim_start_matches(|c: char| c.is_ascii_digit());
    let Some(rest) = rest.strip_prefix(" column ").filter(|r| digits(r)) else {
        return text;
    };
    let rest = rest.trim_start_matches(|c: char| c.is_ascii_digit());
    rest.strip_prefix(": ").unwrap_or(text)
}

/// The crate's messages that name Rust types or its own options, said plainly, with a hint
/// where one says more than "fix the syntax".
fn reworded(message: &str) -> (String, Option<&'static str>) {
    if let Some(rest) = message.strip_prefix("duplicate mapping key: ") {
        let key = rest
            .split(", set DuplicateKeyPolicy")
            .next()
            .unwrap_or(rest);
        let message = format!("`{key}` is written twice in one mapping");
        return (message, Some("keep one of the two"));
    }
    if let Some(rest) = message.strip_prefix("non-finite float ") {
        let value = rest.split(" rejected").next().unwrap_or(rest);
        let message = format!("{value} is an infinite or undefined number");
        return (message, Some("quote it to mean the text"));
    }
    let message = match message {
        "cannot deserialize null into string; use Option<String>" => {
            "a value is needed here, not an empty or null one".to_owned()
        }
        "expected string scalar" => "expected text here".to_owned(),
        "invalid u8" | "invalid u16" | "invalid u32" | "invalid u64" => {
            "expected a whole number, 0 or more".to_owned()
        }
        other => other.to_owned(),
    };
    (message, None)
}

fn line_col_offset(text: &str, line: u64, column: u64) -> Option<usize> {
    if line == 0 {
        return None;
    }
    let mut offset = 0;
    for (i, l) in text.split_inclusive('\n').enumerate() {
        if i as u64 + 1 == line {
            let col: usize = l
                .chars()
                .take(column.saturating_sub(1) as usize)
                .map(char::len_utf8)
                .sum();
            return Some(offset + col);
        }
        offset += l.len();
    }
    Some(text.len())
}

/// Render a string as a YAML scalar: plain when that reads back as the same string, else double-quoted.
pub fn scalar(value: &str) -> String {
    if is_plain_safe(value) {
        value.to_owned()
    } else {
        quoted(value)
    }
}

fn quoted(value: &str) -> String {
    let mut out = String::with_capacity(value.len() + 2);
    out.push('"');
    for ch in value.chars() {
        match ch {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn is_plain_safe(value: &str) -> bool {
    if value.is_empty() || value.trim() != value {
        return false;
    }
    let lower = value.to_ascii_lowercase();
    const RESERVED: [&str; 11] = [
        "null", "~", "true", "false", "yes", "no", "on", "off", "y", "n", ".nan",
    ];
    if RESERVED.contains(&lower.as_str()) || lower.ends_with(".inf") {
        return false;
    }
    // Anything that would read back as a number must be quoted.
    if value.parse::<f64>().is_ok() || value.starts_with("0x") || value.starts_with("0o") {
        return false;
    }
    let first = value.chars().next().expect("non-empty");
    if "-?:,[]{}#&*!|>'\"%@`".contains(first) {
        // "- x" is a list; a lone "-" too. Keep it simple: quote.
        return false;
    }
    if value.contains(": ") || value.contains(" #") || value.ends_with(':') {
        return false;
    }
    // A `!` is quoted so that a tag can be told from text without a full YAML parse.
    !value.chars().any(|c| c.is_control() || c == '!')
}

/// The top-level keys of a YAML mapping and their byte offsets, read line by line: a key starts
/// at column 0 (quoted or plain) and ends at its `:`. Cheap enough to run beside the real parse.
pub fn top_level_keys(text: &str) -> Vec<(&str, usize)> {
    let mut out = Vec::new();
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let here = offset;
        offset += line.len();
        let first = line.chars().next();
        if !matches!(first, Some(c) if c.is_alphanumeric() || c == '_' || c == '"' || c == '\'') {
            continue;
        }
        let Some(colon) = line.find(':') else {
            continue;
        };
        let key = line[..colon].trim().trim_matches(['"', '\'']);
        if !key.is_empty() {
            out.push((key, here));
        }
    }
    out
}

/// Whether a node may start right after `before` (the line up to here).
fn starts_node(before: &[u8]) -> bool {
    let trimmed = before.trim_ascii_end();
    let spaced = trimmed.len() < before.len() || before.is_empty();
    match trimmed.last() {
        None => true,
        Some(b'[' | b'{' | b',') => true,
        Some(b':' | b'-' | b'?') => spaced,
        Some(_) => false,
    }
}

/// The first YAML tag (`!!binary`, `!custom`, `!<…>`) in `text`, as (offset, length): a `!`
/// that starts a node (after `key: `, `- `, `[`, `,`, `{` or at the start of a line), outside
/// quoted strings and comments. coord itself always quotes a value holding `!`.
pub fn first_tag(text: &str) -> Option<(usize, usize)> {
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let bytes = line.as_bytes();
        let mut quote: Option<u8> = None;
        let mut escaped = false;
        for (i, &b) in bytes.iter().enumerate() {
            if std::mem::take(&mut escaped) {
                continue;
            }
            match (quote, b) {
                (Some(b'"'), b'\\') => escaped = true,
                (Some(q), _) if b == q => quote = None,
                (Some(_), _) => {}
                (None, b'"' | b'\'') => quote = Some(b),
                (None, b'#') if i == 0 || bytes[i - 1].is_ascii_whitespace() => break,
                (None, b'!') if starts_node(&bytes[..i]) => {
                    let len = bytes[i..]
                        .iter()
                        .take_while(|c| !c.is_ascii_whitespace())
                        .count();
                    return Some((offset + i, len.max(1)));
                }
                _ => {}
            }
        }
        offset += line.len();
    }
    None
}

#[cfg(test)]
mod tests;
