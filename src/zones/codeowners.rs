//! CODEOWNERS both ways. Import reads a CODEOWNERS file as GitHub does (comments, escaped
//! spaces, lines GitHub would skip reported and skipped) and writes zones.yaml whose ordered
//! `rules:` keep its lines, so the last matching rule decides as on GitHub. Export writes the
//! CODEOWNERS that asks each owning team (by its `handle:`) to review what crosses its zone.

use std::collections::BTreeMap;

use crate::config::{Pattern, Zones, has_glob};
use crate::finding::{Code, Finding};
use crate::yaml;

/// Where GitHub looks for the file, in its order.
pub const PLACES: [&str; 3] = [".github/CODEOWNERS", "CODEOWNERS", "docs/CODEOWNERS"];

/// One usable line of a CODEOWNERS file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    /// The pattern as written (escapes kept).
    pub pattern: String,
    /// Owners as written: `@user`, `@org/team` or an email.
    pub owners: Vec<String>,
    /// 1-based line number.
    pub line: u32,
}

/// Split a line into words at unescaped spaces, up to an unescaped `#`.
fn words(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut word = String::new();
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' if chars.peek().is_some_and(|n| *n == ' ' || *n == '#') => {
                word.push(c);
                word.push(chars.next().unwrap_or(' '));
            }
            '#' => break,
            c if c.is_whitespace() => {
                if !word.is_empty() {
                    out.push(std::mem::take(&mut word));
                }
            }
            c => word.push(c),
        }
    }
    if !word.is_empty() {
        out.push(word);
    }
    out
}

/// Whether GitHub accepts `owner`: `@user`, `@org/team` or an email address.
fn valid_owner(owner: &str) -> bool {
    let name_ok = |s: &str| {
        !s.is_empty()
            && s.chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
    };
    if let Some(handle) = owner.strip_prefix('@') {
        return match handle.split_once('/') {
            Some((org, team)) => name_ok(org) && name_ok(team),
            None => name_ok(handle),
        };
    }
    matches!(owner.split_once('@'), Some((user, host)) if !user.is_empty() && host.contains('.'))
}

/// The usable lines of `text` (a CODEOWNERS file at `path`), and a warning for each line GitHub
/// would skip.
pub fn parse(path: &str, text: &str) -> (Vec<Line>, Vec<Finding>) {
    let mut lines = Vec::new();
    let mut skipped = Vec::new();
    for (i, raw) in text.lines().enumerate() {
        let n = i as u32 + 1;
        let mut w = words(raw);
        if w.is_empty() {
            continue;
        }
        let pattern = w.remove(0);
        let column = raw.find(|c: char| !c.is_whitespace()).unwrap_or(0) as u32 + 1;
        let mut why = Pattern::codeowners(&pattern, n).err();
        if why.is_none()
            && let Some(bad) = w.iter().find(|o| !valid_owner(o))
        {
            why = Some(format!("`{bad}` is not a user, team or email"));
        }
        if let Some(why) = why {
            skipped.push(
                Finding::warning(
                    Code::CodeownersLineSkipped,
                    format!("GitHub skips this line: {why}"),
                )
                .at(path, n, column)
                .hint("owners are @user, @org/team or an email; patterns follow .gitignore without `!` or `[ ]`"),
            );
            continue;
        }
        lines.push(Line {
            pattern,
            owners: w,
            line: n,
        });
    }
    (lines, skipped)
}

/// A team id for an owner: the team's or user's name, or an email's local part.
fn id_for(owner: &str) -> String {
    let name = match owner.strip_prefix('@') {
        Some(h) => h.rsplit('/').next().unwrap_or(h),
        None => owner.split('@').next().unwrap_or(owner),
    };
    let id: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    if id.is_empty() {
        "owner".to_owned()
    } else {
        id
    }
}

/// zones.yaml for `lines` read from `source`: one team per owner (with its `handle:`), and the
/// lines as ordered `rules:`.
pub fn import(source: &str, lines: &[Line]) -> String {
    let mut ids: BTreeMap<&str, String> = BTreeMap::new();
    let mut order: Vec<&str> = Vec::new();
    for owner in lines.iter().flat_map(|l| &l.owners) {
        if ids.contains_key(owner.as_str()) {
            continue;
        }
        let base = id_for(owner);
        let mut id = base.clone();
        let mut k = 2;
        while ids.values().any(|v| *v == id) {
            id = format!("{base}-{k}");
            k += 1;
        }
        ids.insert(owner, id);
        order.push(owner);
    }
    let mut out = format!(
        "# Imported from {source} by `coord zones import codeowners`.\n\
         # `rules` keep its lines in order: of the rules matching a file, the last decides, and a\n\
         # rule without owners leaves the file unowned, as on GitHub. Each team keeps its forge\n\
         # handle for `coord zones export codeowners`; add `members` (author email globs) to let\n\
         # the zone check tell who a commit's author is.\n\
         version: 1\n\nteams:\n"
    );
    for owner in &order {
        let id = &ids[owner];
        let members = if owner.starts_with('@') {
            "[]".to_owned()
        } else {
            format!("[{}]", yaml::scalar(owner))
        };
        out.push_str(&format!(
            "  {id}:\n    handle: {}\n    dir: teams/{id}\n    members: {members}\n",
            yaml::scalar(owner)
        ));
    }
    if order.is_empty() {
        out.push_str("  {}\n");
    }
    out.push_str("\nrules:\n");
    for l in lines {
        let owners: Vec<&str> = l.owners.iter().map(|o| ids[o.as_str()].as_str()).collect();
        out.push_str(&format!(
            "  - pattern: {}\n    owners: [{}]\n",
            yaml::scalar(&l.pattern),
            owners.join(", ")
        ));
    }
    if lines.is_empty() {
        out.push_str("  []\n");
    }
    out.push_str("\nunowned: allow\n");
    out
}

/// A zones.yaml pattern (anchored at the root) in CODEOWNERS syntax.
fn anchored(pattern: &Pattern) -> Vec<String> {
    let escape = |s: &str| s.replace(' ', "\\ ").replace('#', "\\#");
    let body = pattern.text.trim().trim_matches('/');
    if has_glob(body) {
        pattern
            .globs
            .iter()
            .map(|g| format!("/{}", escape(g)))
            .collect()
    } else if body.is_empty() {
        vec!["*".to_owned()]
    } else {
        vec![format!("/{}", escape(body))]
    }
}

/// The CODEOWNERS of `zones`: later lines win on GitHub, so zones are written from the weakest
/// to the strongest precedence (joint, exclusive, rules, team folders, shared files, read-only).
/// Owners are the teams' handles; a team without one is left out.
pub fn export(zones: &Zones) -> String {
    let handles = |teams: &[String]| -> String {
        let mut h: Vec<&str> = teams
            .iter()
            .filter_map(|t| zones.team(t)?.handle.as_deref())
            .collect();
        h.sort_unstable();
        h.dedup();
        h.join(" ")
    };
    let mut out = String::from(
        "# Written by `coord zones export codeowners` from zones.yaml: change zones.yaml, then run it\n\
         # again. `coord zones export codeowners --check` fails while this file is stale.\n",
    );
    let mut line = |pattern: &str, owners: String| {
        let text = format!("{pattern} {owners}");
        out.push_str(text.trim_end());
        out.push('\n');
    };
    for z in zones.joint.iter().filter(|z| !z.implicit) {
        for p in z.patterns.iter().flat_map(anchored) {
            line(&p, handles(&z.owners));
        }
    }
    for z in zones.exclusive.iter().filter(|z| !z.implicit) {
        for p in z.patterns.iter().flat_map(anchored) {
            line(&p, handles(std::slice::from_ref(&z.team)));
        }
    }
    for r in &zones.rules {
        line(&r.pattern.text, handles(&r.owners));
    }
    for z in zones.exclusive.iter().filter(|z| z.implicit) {
        for p in z.patterns.iter().flat_map(anchored) {
            line(&format!("{p}/"), handles(std::slice::from_ref(&z.team)));
        }
    }
    for z in zones.joint.iter().filter(|z| z.implicit) {
        for p in z.patterns.iter().flat_map(anchored) {
            line(&format!("{p}/"), handles(&z.owners));
        }
    }
    for s in &zones.shared {
        let owners: Vec<String> = s.owners().into_iter().collect();
        line(
            &format!("/{}", s.path.replace(' ', "\\ ")),
            handles(&owners),
        );
    }
    for p in zones.readonly.iter().flat_map(anchored) {
        line(&p, String::new());
    }
    out
}

/// What `zones import codeowners` produced.
#[derive(Debug, serde::Serialize)]
pub struct Imported {
    /// The CODEOWNERS file read.
    pub source: String,
    /// How many rules it gave.
    pub rules: usize,
    /// How many teams.
    pub teams: usize,
    /// The zones.yaml text.
    #[serde(skip)]
    pub yaml: String,
    /// The lines GitHub would skip.
    #[serde(skip)]
    pub skipped: Vec<Finding>,
}

/// Read the CODEOWNERS at `path` (else the first of [`PLACES`] under `root`) into zones.yaml text.
pub fn import_file(
    root: &std::path::Path,
    path: Option<&std::path::Path>,
) -> crate::error::Result<Imported> {
    use crate::error::Error;
    let source = match path {
        Some(p) => p
            .strip_prefix(root)
            .unwrap_or(p)
            .to_string_lossy()
            .replace('\\', "/"),
        None => PLACES
            .iter()
            .find(|p| root.join(p).is_file())
            .map(|p| (*p).to_owned())
            .ok_or_else(|| {
                Error::usage(
                    "no CODEOWNERS file",
                    Some(format!("looked for {}; give its path", PLACES.join(", "))),
                )
            })?,
    };
    let text = crate::fsutil::read_text(&root.join(&source))?;
    let (lines, skipped) = parse(&source, &text);
    let yaml = import(&source, &lines);
    // What import writes must be a zones.yaml coord reads.
    let zones = crate::config::parse(crate::config::FILE, &yaml)?;
    Ok(Imported {
        rules: zones.rules.len(),
        teams: zones.teams.len(),
        source,
        yaml,
        skipped,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_github_skips_are_reported_and_the_rest_kept_in_order() {
        let text = "# owners\n*       @org/all   # everyone\n\n/docs/ docs@example.com\n!x @a\n/a\\ b/ @b\n/c/ not-an-owner\n/apps/\n";
        let (lines, skipped) = parse("CODEOWNERS", text);
        let got: Vec<(&str, usize, u32)> = lines
            .iter()
            .map(|l| (l.pattern.as_str(), l.owners.len(), l.line))
            .collect();
        assert_eq!(
            got,
            [
                ("*", 1, 2),
                ("/docs/", 1, 4),
                ("/a\\ b/", 1, 6),
                ("/apps/", 0, 8)
            ]
        );
        let at: Vec<Option<u32>> = skipped.iter().map(|f| f.line).collect();
        assert_eq!(at, [Some(5), Some(7)]);
    }

    #[test]
    fn owners_become_teams_with_their_handles() {
        let (lines, _) = parse(
            "C",
            "* @scipy/optimize @bob\n/x a.b@example.com @other/optimize\n",
        );
        let yaml = import("C", &lines);
        assert!(
            yaml.contains("  optimize:\n    handle: \"@scipy/optimize\"\n"),
            "{yaml}"
        );
        assert!(
            yaml.contains("  optimize-2:\n    handle: \"@other/optimize\"\n"),
            "{yaml}"
        );
        assert!(yaml.contains("members: [a.b@example.com]"), "{yaml}");
        assert!(
            yaml.contains("  - pattern: /x\n    owners: [a-b, optimize-2]\n"),
            "{yaml}"
        );
        let zones = crate::config::parse("zones.yaml", &yaml).unwrap();
        assert_eq!(zones.rules.len(), 2);
    }
}
