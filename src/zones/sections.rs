//! Sections of shared files: which declared section owns each line.
//!
//! - Markdown: a heading whose text matches a declared section starts it; the section runs until
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
    let mut out = Vec::new();
    let mut current: Option<usize> = None;
    match kind_of(path) {
        Kind::Markdown => {
            let mut level_of_current = 0usize;
            let mut fence: Option<&str> = None;
            for line in text.lines() {
                let trimmed = line.trim_start();
                if let Some(f) = fence {
                    if trimmed.starts_with(f) {
                        fence = None;
                    }
                    out.push(current);
                    continue;
                }
                if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
                    fence = Some(if trimmed.starts_with("```") {
                        "```"
                    } else {
                        "~~~"
                    });
                    out.push(current);
                    continue;
                }
                let hashes = line.chars().take_while(|c| *c == '#').count();
                if (1..=6).contains(&hashes) && line[hashes..].starts_with([' ', '\t']) {
                    let title = line[hashes..].trim().trim_end_matches('#').trim();
                    if let Some(i) = find(title) {
                        current = Some(i);
                        level_of_current = hashes;
                    } else if current.is_some() && hashes <= level_of_current {
                        current = None;
                    }
                }
                out.push(current);
            }
        }
        Kind::Yaml => {
            for line in text.lines() {
                let first = line.chars().next();
                let is_key = matches!(first, Some(c) if c.is_alphanumeric() || c == '_' || c == '"' || c == '\'')
                    && line.contains(':');
                if is_key {
                    let key = line
                        .split(':')
                        .next()
                        .unwrap_or("")
                        .trim()
                        .trim_matches(['"', '\'']);
                    current = find(key);
                } else if line.starts_with("---") || line.starts_with("...") {
                    current = None;
                }
                out.push(current);
            }
        }
        Kind::Ini => {
            for line in text.lines() {
                let t = line.trim();
                if t.starts_with('[') && t.ends_with(']') {
                    let name = t.trim_matches(['[', ']']).trim();
                    current = find(name).or_else(|| find(name.split('.').next().unwrap_or(name)));
                }
                out.push(current);
            }
        }
        Kind::Marker => {
            for line in text.lines() {
                if let Some(rest) = line.split("coord:section").nth(1) {
                    let name = rest
                        .split_whitespace()
                        .next()
                        .unwrap_or("")
                        .trim_end_matches(['-', '>', '*', '/']);
                    current = if name == "end" { None } else { find(name) };
                }
                out.push(current);
            }
        }
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
}
