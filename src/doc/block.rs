//! Finding the fenced ```yaml block of a status file, by byte range, with pulldown-cmark.

use std::ops::Range;

use pulldown_cmark::{CodeBlockKind, Event, Parser, Tag};

/// What one pass of pulldown-cmark tells about a status file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Layout {
    /// Byte range of the content of the first ```yaml (or ```yml) fenced block.
    pub yaml: Option<Range<usize>>,
    /// Byte offset of a second ```yaml block.
    pub second_yaml: Option<usize>,
    /// The first H1 heading's text and byte offset.
    pub h1: Option<(String, usize)>,
}

/// The content range of a fenced block spanning `range` (after the opening fence's line, before
/// the closing fence).
fn content(text: &str, range: Range<usize>) -> Range<usize> {
    let block = &text[range.clone()];
    let start = range.start + block.find('\n').map_or(block.len(), |i| i + 1);
    let mut end = range.end;
    let trimmed = text[start..end].trim_end_matches(['\n', '\r']);
    let last_line_start = trimmed.rfind('\n').map_or(0, |i| i + 1);
    let last = trimmed[last_line_start..].trim_start();
    if last.starts_with("```") || last.starts_with("~~~") {
        end = start + last_line_start;
    }
    start..end.max(start)
}

/// Read a status file's layout in one pass.
pub fn scan(text: &str) -> Layout {
    use pulldown_cmark::{HeadingLevel, TagEnd};
    let mut layout = Layout::default();
    let mut heading: Option<(String, usize)> = None;
    for (event, range) in Parser::new(text).into_offset_iter() {
        match event {
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(lang))) => {
                let lang = lang.split_whitespace().next().unwrap_or("");
                if lang == "yaml" || lang == "yml" {
                    if layout.yaml.is_none() {
                        layout.yaml = Some(content(text, range));
                    } else if layout.second_yaml.is_none() {
                        layout.second_yaml = Some(range.start);
                    }
                }
            }
            Event::Start(Tag::Heading {
                level: HeadingLevel::H1,
                ..
            }) if layout.h1.is_none() => heading = Some((String::new(), range.start)),
            Event::Text(t) | Event::Code(t) => {
                if let Some((title, _)) = heading.as_mut() {
                    title.push_str(&t);
                }
            }
            Event::End(TagEnd::Heading(HeadingLevel::H1)) => {
                if let Some(h) = heading.take() {
                    layout.h1 = Some(h);
                }
            }
            _ => {}
        }
    }
    layout
}

/// Byte range of the content of the first ```yaml (or ```yml) fenced block in `text`.
pub fn find_yaml_block(text: &str) -> Option<Range<usize>> {
    scan(text).yaml
}

/// The text of the first H1 heading and its byte offset.
pub fn first_heading(text: &str) -> Option<(String, usize)> {
    scan(text).h1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_yaml_block_content() {
        let text = "# T\n\n```yaml\nid: A\nstatus: X\n```\n\nnotes\n```yaml\nother: 1\n```\n";
        let r = find_yaml_block(text).unwrap();
        assert_eq!(&text[r], "id: A\nstatus: X\n");
    }

    #[test]
    fn skips_other_languages_and_handles_crlf() {
        let text = "# T\r\n\r\n```sh\r\necho\r\n```\r\n```yaml\r\nid: A\r\n```\r\n";
        let r = find_yaml_block(text).unwrap();
        assert_eq!(&text[r], "id: A\r\n");
        assert!(find_yaml_block("no block\n").is_none());
    }
}
