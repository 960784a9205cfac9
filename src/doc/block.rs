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
