//! Path patterns in zones.yaml: what `*`, `**` and a plain directory name mean.

use globset::{Glob, GlobBuilder, GlobMatcher};

/// A path pattern from zones.yaml, with where it was written.
#[derive(Debug, Clone)]
pub struct Pattern {
    /// The pattern as written.
    pub text: String,
    /// 1-based line in zones.yaml (0 for implicit patterns).
    pub line: u32,
    /// The globs it stands for, already normalised.
    pub globs: Vec<String>,
}

impl Pattern {
    /// Compile `text`, or say why it is not a valid pattern.
    pub fn new(text: &str, line: u32) -> Result<Pattern, String> {
        let globs = expand(text)?;
        for glob in &globs {
            build(glob).map_err(|e| e.kind().to_string())?;
        }
        Ok(Pattern {
            text: text.to_owned(),
            line,
            globs,
        })
    }

    /// Compile a CODEOWNERS (gitignore-style) pattern as GitHub reads it, or say why GitHub would
    /// ignore the line. A leading `/` or a `/` inside anchors at the root, otherwise the pattern
    /// matches at any depth; a trailing `/` means everything below; a last part that is exactly
    /// `*` matches the files of that folder only; any other last part also covers what is below
    /// a folder of that name. `[`, `]`, `{` and `}` are literal, as on GitHub.
    pub fn codeowners(text: &str, line: u32) -> Result<Pattern, String> {
        let globs = codeowners_globs(text.trim())?;
        for glob in &globs {
            build(glob).map_err(|e| e.kind().to_string())?;
        }
        Ok(Pattern {
            text: text.trim().to_owned(),
            line,
            globs,
        })
    }

    /// A matcher for this pattern alone (slow path; zone checks use one set for all).
    pub fn matcher(&self) -> Vec<GlobMatcher> {
        self.globs
            .iter()
            .map(|g| build(g).expect("validated").compile_matcher())
            .collect()
    }

    /// Whether `path` (repository-relative, `/`-separated) matches.
    pub fn is_match(&self, path: &str) -> bool {
        self.matcher().iter().any(|m| m.is_match(path))
    }
}

/// Whether a pattern has glob syntax (otherwise it names a file or a directory).
pub fn has_glob(text: &str) -> bool {
    text.contains(['*', '?', '[', '{'])
}

/// Normalise a pattern: a leading `/` means the root; a plain name also covers what is below it.
pub fn expand(text: &str) -> Result<Vec<String>, String> {
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return Err("empty pattern".to_owned());
    }
    let body = trimmed.trim_start_matches('/').trim_end_matches('/');
    if body.is_empty() {
        return Ok(vec!["**".to_owned()]);
    }
    if body.split('/').any(|part| part == "..") {
        return Err("`..` would leave the repository".to_owned());
    }
    if has_glob(body) {
        Ok(vec![body.to_owned()])
    } else {
        Ok(vec![body.to_owned(), format!("{body}/**")])
    }
}

fn codeowners_globs(text: &str) -> Result<Vec<String>, String> {
    if text.is_empty() {
        return Err("empty pattern".to_owned());
    }
    if text.starts_with('!') {
        return Err("GitHub does not support `!` (negation) in CODEOWNERS".to_owned());
    }
    if text.contains("***") {
        return Err("three asterisks in a row".to_owned());
    }
    let rooted = text.starts_with('/');
    let body = text.trim_start_matches('/');
    if body.is_empty() {
        // `/` alone matches no file.
        return Ok(Vec::new());
    }
    let below = body.ends_with('/');
    let body = body.trim_end_matches('/');
    if body.split('/').any(|part| part == "..") {
        return Err("`..` would leave the repository".to_owned());
    }
    let mut escaped = String::new();
    for ch in body.chars() {
        if matches!(ch, '[' | ']' | '{' | '}') {
            escaped.push('\\');
        }
        escaped.push(ch);
    }
    let anchored = rooted || body.contains('/') || body.starts_with("**");
    let base = if anchored {
        escaped
    } else {
        format!("**/{escaped}")
    };
    let last = body.rsplit('/').next().unwrap_or(body);
    Ok(if below {
        vec![format!("{base}/**")]
    } else if last == "*" || last == "**" {
        vec![base]
    } else {
        vec![base.clone(), format!("{base}/**")]
    })
}

/// Build one glob with coord's semantics: `*` stops at `/`, `**` spans folders.
pub fn build(glob: &str) -> Result<Glob, globset::Error> {
    GlobBuilder::new(glob)
        .literal_separator(true)
        .backslash_escape(true)
        .empty_alternates(true)
        .build()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codeowners_patterns_mean_what_they_mean_on_github() {
        let owns =
            |pattern: &str, path: &str| Pattern::codeowners(pattern, 1).unwrap().is_match(path);
        // Everything.
        assert!(owns("*", "README.md") && owns("*", "a/b/c.rs"));
        // An extension at any depth.
        assert!(owns("*.js", "app.js") && owns("*.js", "web/src/app.js"));
        assert!(!owns("*.js", "app.jsx"));
        // A folder at the root and everything below it.
        assert!(
            owns("/build/logs/", "build/logs/x.log") && owns("/build/logs/", "build/logs/a/b.log")
        );
        assert!(!owns("/build/logs/", "x/build/logs/y.log"));
        // A folder name anywhere.
        assert!(owns("apps/", "apps/x.rs") && owns("apps/", "web/apps/x/y.rs"));
        // `docs/*`: the files of docs/ only, not nested ones; and anchored at the root.
        assert!(owns("docs/*", "docs/getting-started.md"));
        assert!(!owns("docs/*", "docs/build-app/troubleshooting.md"));
        assert!(!owns("docs/*", "web/docs/a.md"));
        // A literal path: the file, or a folder and what is below it.
        assert!(owns("/apps/github", "apps/github") && owns("/apps/github", "apps/github/x.rs"));
        assert!(!owns("/apps/github", "apps/github2"));
        // `**` in the middle: zero or more folders.
        assert!(owns("/a/**/z.rs", "a/z.rs") && owns("/a/**/z.rs", "a/b/c/z.rs"));
        assert!(owns("**/logs", "logs/x") && owns("**/logs", "deep/logs/x"));
        // A leading `/` alone matches nothing; brackets are literal.
        assert!(Pattern::codeowners("/", 1).unwrap().globs.is_empty());
        assert!(owns("/x[1].txt", "x[1].txt") && !owns("/x[1].txt", "x1.txt"));
        assert!(Pattern::codeowners("!secret", 1).is_err());
    }

    #[test]
    fn star_stays_in_its_folder_and_plain_names_cover_folders() {
        let star = Pattern::new("/src/*.rs", 1).unwrap();
        assert!(star.is_match("src/main.rs"));
        assert!(!star.is_match("src/cli/init.rs"));
        let deep = Pattern::new("src/**", 1).unwrap();
        assert!(deep.is_match("src/cli/init.rs"));
        let dir = Pattern::new("docs", 1).unwrap();
        assert!(dir.is_match("docs"));
        assert!(dir.is_match("docs/a/b.md"));
        assert!(!dir.is_match("docs2/a.md"));
        assert!(Pattern::new("src/[a.rs", 1).is_err());
        assert!(Pattern::new("../x", 1).is_err());
    }
}

/// Many globs, each with owners (rule or claim indices), matched together. Each distinct glob is
/// compiled once however many owners share it, and globs are grouped by the folder their literal
/// prefix names, so a path is matched only against the groups of its own ancestor folders.
#[derive(Default)]
pub struct PatternSet {
    buckets: std::collections::HashMap<String, Bucket>,
}

struct Bucket {
    set: globset::GlobSet,
    owners: Vec<Vec<usize>>,
}

/// The folder a glob's literal prefix names (`src/a/` for `src/a/**/*.rs`, "" for `*.md`): the
/// glob can only match paths inside it.
pub fn folder_prefix(glob: &str) -> &str {
    let literal = &glob[..glob.find(['*', '?', '[', '{', '\\']).unwrap_or(glob.len())];
    &literal[..literal.rfind('/').map_or(0, |i| i + 1)]
}

impl PatternSet {
    /// Compile `(glob, owner)` pairs; globs that do not compile are left out.
    pub fn new<'a>(items: impl IntoIterator<Item = (&'a str, usize)>) -> PatternSet {
        let mut grouped: std::collections::HashMap<
            &'a str,
            std::collections::BTreeMap<&'a str, Vec<usize>>,
        > = Default::default();
        for (glob, owner) in items {
            grouped
                .entry(folder_prefix(glob))
                .or_default()
                .entry(glob)
                .or_default()
                .push(owner);
        }
        let mut buckets = std::collections::HashMap::new();
        for (folder, globs) in grouped {
            let mut builder = globset::GlobSetBuilder::new();
            let mut owners = Vec::new();
            for (glob, list) in globs {
                if let Ok(g) = build(glob) {
                    builder.add(g);
                    owners.push(list);
                }
            }
            if let Ok(set) = builder.build() {
                buckets.insert(folder.to_owned(), Bucket { set, owners });
            }
        }
        PatternSet { buckets }
    }

    /// Owners of every glob matching `path`, sorted and without repeats.
    pub fn owners(&self, path: &str) -> Vec<usize> {
        let mut out = Vec::new();
        let mut probe = |folder: &str| {
            if let Some(bucket) = self.buckets.get(folder) {
                for i in bucket.set.matches(path) {
                    out.extend_from_slice(&bucket.owners[i]);
                }
            }
        };
        probe("");
        for (i, _) in path.match_indices('/') {
            probe(&path[..=i]);
        }
        out.sort_unstable();
        out.dedup();
        out
    }
}

#[cfg(test)]
mod set_tests {
    use super::*;

    #[test]
    fn a_set_answers_like_each_glob_alone() {
        let globs = [
            "src/**/*.rs",
            "src/*.rs",
            "*.md",
            "docs/**",
            "src/a/[bc].rs",
            "src/a/b.rs",
        ];
        let set = PatternSet::new(
            globs
                .iter()
                .enumerate()
                .map(|(i, g)| (*g, i))
                .chain([("src/*.rs", 9)]),
        );
        for path in [
            "src/main.rs",
            "src/a/b.rs",
            "src/a/c.rs",
            "README.md",
            "docs/x/y.txt",
            "a/b.md",
            "srcx/a.rs",
        ] {
            let mut expected: Vec<usize> = globs
                .iter()
                .enumerate()
                .filter(|(_, g)| build(g).unwrap().compile_matcher().is_match(path))
                .map(|(i, _)| i)
                .collect();
            if build("src/*.rs").unwrap().compile_matcher().is_match(path) {
                expected.push(9);
            }
            assert_eq!(set.owners(path), expected, "{path}");
        }
    }
}
