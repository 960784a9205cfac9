//! Sections of shared files: which declared section owns each line.
//!
//! - Markdown: a heading (ATX or Setext, found as GitHub renders them: not inside code or HTML
//!   blocks) whose text matches a declared section starts it; the section runs until
//!   the next heading of the same or a higher level.
//! - YAML: each top-level key starts a section named by the key.
//! - TOML / INI: each `[header]` starts a section (`[a.b]` belongs to `a` unless `a.b` is declared).
//! - Any other file: a line containing `coord:section NAME` starts section NAME, and
//!   `coord:section end` ends it.
//!
//! Names match after normalising (lowercase; runs of other characters become `_`), so the heading
//! `## Backend Config` is the section `backend_config`. Lines outside every declared section are
//! shared by all the file's section owners.

/// Normalise a section name or heading for matching.
pub fn normalize(name: &str) -> String {
    let mut out = String::new();
    for ch in name.trim().chars() {
        if ch.is_alphanumeric() {
            out.extend(ch.to_lowercase());
        } else if !out.ends_with('_') {
            out.push('_');
        }
    }
    out.trim_matches('_').to_owned()
}

enum Kind {
    Markdown,
    Yaml,
    Ini,
    Marker,
}

fn kind_of(path: &str) -> Kind {
    let ext = path
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "md" | "markdown" => Kind::Markdown,
        "yaml" | "yml" => Kind::Yaml,
        "toml" | "ini" | "cfg" | "conf" => Kind::Ini,
        _ => Kind::Marker,
    }
}

/// For each line of `text` (0-based), the index in `declared` of the section owning it.
pub fn line_sections(path: &str, text: &str, declared: &[String]) -> Vec<Option<usize>> {
    let names: Vec<String> = declared.iter().map(|d| normalize(d)).collect();
    let find = |name: &str| names.iter().position(|n| *n == normalize(name));
    match kind_of(path) {
        Kind::Markdown => markdown(text, &find),
        Kind::Yaml => by_line(text, |line, current| {
            let first = line.chars().next();
            let is_key = matches!(first, Some(c) if c.is_alphanumeric() || c == '_' || c == '"' || c == '\'')
                && line.contains(':');
            if is_key {
                let key = line.split(':').next().unwrap_or("");
                find(key.trim().trim_matches(['"', '\'']))
            } else if line.starts_with("---") || line.starts_with("...") {
                None
            } else {
                current
            }
        }),
        Kind::Ini => by_line(text, |line, current| {
            let t = line.trim();
            if t.starts_with('[') && t.ends_with(']') {
                let name = t.trim_matches(['[', ']']).trim();
                find(name).or_else(|| find(name.split('.').next().unwrap_or(name)))
            } else {
                current
            }
        }),
        Kind::Marker => by_line(text, |line, current| {
            match line.split("coord:section").nth(1) {
                Some(rest) => {
                    let name = rest
                        .split_whitespace()
                        .next()
                        .unwrap_or("")
                        .trim_end_matches(['-', '>', '*', '/']);
                    if name == "end" { None } else { find(name) }
                }
                None => current,
            }
        }),
    }
}

/// Each line's section, where `next` says a line's section given the section before it.
fn by_line(
    text: &str,
    mut next: impl FnMut(&str, Option<usize>) -> Option<usize>,
) -> Vec<Option<usize>> {
    let mut current = None;
    text.lines()
        .map(|line| {
            current = next(line, current);
            current
        })
        .collect()
}

/// Markdown sections from the headings GitHub would render: ATX and Setext headings, found by
/// pulldown-cmark, so `#` lines inside code blocks or HTML blocks start nothing.
fn markdown(text: &str, find: &dyn Fn(&str) -> Option<usize>) -> Vec<Option<usize>> {
    use pulldown_cmark::{Event, HeadingLevel, Parser, Tag, TagEnd};
    let starts: Vec<usize> = std::iter::once(0)
        .chain(text.match_indices('\n').map(|(i, _)| i + 1))
        .filter(|&i| i < text.len() || i == 0)
        .collect();
    let line_of = |offset: usize| starts.partition_point(|&s| s <= offset).saturating_sub(1);
    // (first line of a heading, its level, its text)
    let mut headings: Vec<(usize, usize, String)> = Vec::new();
    let mut open: Option<(usize, usize, String)> = None;
    for (event, range) in Parser::new(text).into_offset_iter() {
        match event {
            Event::Start(Tag::Heading { level, .. }) => {
                let depth = match level {
                    HeadingLevel::H1 => 1,
                    HeadingLevel::H2 => 2,
                    HeadingLevel::H3 => 3,
                    HeadingLevel::H4 => 4,
                    HeadingLevel::H5 => 5,
                    HeadingLevel::H6 => 6,
                };
                open = Some((line_of(range.start), depth, String::new()));
            }
            Event::Text(t) | Event::Code(t) => {
                if let Some((_, _, title)) = open.as_mut() {
                    title.push_str(&t);
                }
            }
            Event::End(TagEnd::Heading(_)) => headings.extend(open.take()),
            _ => {}
        }
    }
    let lines = text.lines().count();
    let mut out = Vec::with_capacity(lines);
    let (mut current, mut level_of_current) = (None, 0);
    let mut next = headings.into_iter().peekable();
    for line in 0..lines {
        while let Some((_, level, title)) = next.next_if(|(at, _, _)| *at <= line) {
            if let Some(i) = find(&title) {
                current = Some(i);
                level_of_current = level;
            } else if current.is_some() && level <= level_of_current {
                current = None;
            }
        }
        out.push(current);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn markdown_sections_run_until_a_peer_heading() {
        let text = "# Doc\nintro\n## Backend Config\nb1\n### Detail\nb2\n## Frontend config\nf1\n## Other\no1\n";
        let got = line_sections(
            "docs/a.md",
            text,
            &names(&["backend_config", "frontend_config"]),
        );
        assert_eq!(
            got,
            vec![
                None,
                None,
                Some(0),
                Some(0),
                Some(0),
                Some(0),
                Some(1),
                Some(1),
                None,
                None
            ]
        );
    }

    #[test]
    fn markdown_headings_are_found_as_github_renders_them() {
        let declared = names(&["backend", "frontend"]);
        // A Setext heading starts a section; `#` lines in a fenced or indented code block and
        // in an HTML block do not.
        let text = "Intro\n\nBackend\n-------\n\nb1\n\n```\n# Frontend\n```\n\n    # Frontend\n\n<div>\n# Frontend\n</div>\n\nFrontend\n========\nf1\n";
        let got = line_sections("a.md", text, &declared);
        let expected: Vec<Option<usize>> = [
            None,
            None, // Intro, blank
            Some(0),
            Some(0),
            Some(0),
            Some(0),
            Some(0), // Backend heading .. blank
            Some(0),
            Some(0),
            Some(0),
            Some(0), // fence
            Some(0),
            Some(0), // indented code, blank
            Some(0),
            Some(0),
            Some(0),
            Some(0), // html block, blank
            Some(1),
            Some(1),
            Some(1), // Frontend heading, f1
        ]
        .to_vec();
        assert_eq!(got, expected);
    }

    #[test]
    fn yaml_top_level_keys_and_ini_headers() {
        let yaml = "# c\nbackend_config:\n  a: 1\nfrontend_config:\n  b: 2\nother: 3\n";
        assert_eq!(
            line_sections(
                "c.yaml",
                yaml,
                &names(&["backend_config", "frontend_config"])
            ),
            vec![None, Some(0), Some(0), Some(1), Some(1), None]
        );
        let toml = "x = 1\n[backend]\na = 1\n[backend.db]\nb = 2\n[frontend]\nc = 3\n";
        assert_eq!(
            line_sections("c.toml", toml, &names(&["backend", "frontend"])),
            vec![None, Some(0), Some(0), Some(0), Some(0), Some(1), Some(1)]
        );
    }

    #[test]
    fn other_files_use_markers() {
        let text =
            "fn a() {}\n// coord:section backend\nfn b() {}\n// coord:section end\nfn c() {}\n";
        assert_eq!(
            line_sections("x.rs", text, &names(&["backend"])),
            vec![None, Some(0), Some(0), None, None]
        );
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(crate::doc::properties::cases()))]

        /// No text makes the section finder panic, Markdown or YAML.
        #[test]
        fn sections_of_any_text_never_panic(
            text in "(?s).{0,300}|[ -~\\n\\t:#'\"\\[\\]{}!&*|>-]{0,200}|(#{1,4} ?[a: -]{0,8}\\n|[a:`~ -]{0,8}\\n|```\\n){0,30}"
        ) {
            let _ = line_sections("x.md", &text, &["a".to_owned()]);
            let _ = line_sections("x.yaml", &text, &["a".to_owned()]);
        }
    }
}
