//! Finding the fenced ```yaml block of a status file, by byte range, with pulldown-cmark.

use std::ops::Range;

use pulldown_cmark::{CodeBlockKind, Event, Parser, Tag};

/// Byte range of the content of the first ```yaml (or ```yml) fenced block in `text`.
pub fn find_yaml_block(text: &str) -> Option<Range<usize>> {
    for (event, range) in Parser::new(text).into_offset_iter() {
        let Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(lang))) = event else {
            continue;
        };
        let lang = lang.split_whitespace().next().unwrap_or("");
        if lang != "yaml" && lang != "yml" {
            continue;
        }
        let block = &text[range.clone()];
        let start = range.start + block.find('\n').map_or(block.len(), |i| i + 1);
        let mut end = range.end;
        // The range ends after the closing fence (and maybe its newline); the content stops before it.
        let body = &text[start..end];
        let trimmed = body.trim_end_matches(['\n', '\r']);
        if let Some(last_line_start) = trimmed.rfind('\n').map(|i| i + 1).or(Some(0)) {
            let last = trimmed[last_line_start..].trim_start();
            if last.starts_with("```") || last.starts_with("~~~") {
                end = start + last_line_start;
            }
        }
        return Some(start..end.max(start));
    }
    None
}

/// Byte offset of a second ```yaml block, if the file has one.
pub fn second_yaml_block(text: &str) -> Option<usize> {
    yaml_blocks(text).nth(1)
}

fn yaml_blocks(text: &str) -> impl Iterator<Item = usize> + '_ {
    Parser::new(text)
        .into_offset_iter()
        .filter_map(|(event, range)| match event {
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(lang))) => {
                let lang = lang.split_whitespace().next().unwrap_or("");
                (lang == "yaml" || lang == "yml").then_some(range.start)
            }
            _ => None,
        })
}

/// The text of the first H1 heading and its byte offset.
pub fn first_heading(text: &str) -> Option<(String, usize)> {
    use pulldown_cmark::{HeadingLevel, TagEnd};
    let mut open: Option<(String, usize)> = None;
    for (event, range) in Parser::new(text).into_offset_iter() {
        match event {
            Event::Start(Tag::Heading {
                level: HeadingLevel::H1,
                ..
            }) => open = Some((String::new(), range.start)),
            Event::Text(t) | Event::Code(t) => {
                if let Some((title, _)) = open.as_mut() {
                    title.push_str(&t);
                }
            }
            Event::End(TagEnd::Heading(HeadingLevel::H1)) => return open,
            _ => {}
        }
    }
    None
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
