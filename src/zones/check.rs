//! The zone check: given changed paths (and, for shared files, their old and new text) and the
//! committing teams, return the violations as data.

use serde::Serialize;

use super::matcher::{Owner, ZoneMap};
use super::sections::line_sections;
use super::team::HOW_TO_SET;
use crate::config::{Pattern, PatternSet, UnownedPolicy};
use crate::doc::{Atom, Status};
use crate::finding::Severity;
use crate::git::{Change, ChangeKind, changed_lines};

/// A change that crosses a zone (or a warning about one).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Violation {
    /// Stable code: `zone-readonly`, `zone-exclusive`, `zone-joint`, `zone-shared-section`,
    /// `zone-unowned`, `team-unknown`, `claimed-by-active-atom`.
    pub code: &'static str,
    /// Error blocks; warning only reports.
    pub severity: Severity,
    /// The path (the new one for a rename).
    pub path: String,
    /// The path before a rename.
    pub old_path: Option<String>,
    /// The zone crossed, in words.
    pub zone: String,
    /// Teams that may change it.
    pub owners: Vec<String>,
    /// The committing team(s), comma-separated; empty when unknown.
    pub team: String,
    /// For shared files: the section.
    pub section: Option<String>,
    /// For shared files: the first changed line in that section (1-based, on the side it is on).
    pub line: Option<u32>,
    /// Commit short id, for range checks.
    pub commit: Option<String>,
    /// Commit subject, for range checks.
    pub subject: Option<String>,
    /// What is wrong.
    pub message: String,
    /// For shared files: the text of the side the line is on, to show it.
    #[serde(skip)]
    pub source: Option<String>,
}

/// Old and new bytes of a changed file (empty for the missing side).
pub type Blobs<'a> = &'a dyn Fn(&Change) -> Sides;

/// A changed file's contents: before, after, and, for a merge, as each other parent has it.
#[derive(Debug, Default)]
pub struct Sides {
    /// Before (empty when added).
    pub old: Vec<u8>,
    /// After (empty when deleted).
    pub new: Vec<u8>,
    /// The file in each other parent of a merge (empty where a parent lacks it).
    pub others: Vec<Vec<u8>>,
}

/// The changed lines of a file, by combined-diff rules: an added line counts only if it is new
/// against every parent; a removed line only if every other parent still has it (else the other
/// branch removed it, and the merge merely took that).
fn attributed_lines(kind: ChangeKind, sides: &Sides) -> (Vec<u32>, Vec<u32>) {
    let (mut removed, mut added) = match kind {
        ChangeKind::Added => (Vec::new(), (1..=count_lines(&sides.new)).collect()),
        ChangeKind::Deleted => ((1..=count_lines(&sides.old)).collect(), Vec::new()),
        _ => changed_lines(&sides.old, &sides.new),
    };
    for other in &sides.others {
        let (_, added_against_other) = changed_lines(other, &sides.new);
        added.retain(|l| added_against_other.binary_search(l).is_ok());
        let kept: std::collections::HashSet<&[u8]> = other.split(|&b| b == b'\n').collect();
        let old_lines: Vec<&[u8]> = sides.old.split(|&b| b == b'\n').collect();
        removed.retain(|&l| {
            old_lines
                .get(l as usize - 1)
                .is_some_and(|line| kept.contains(line))
        });
    }
    (removed, added)
}

fn violation(
    code: &'static str,
    path: &str,
    owner: &Owner,
    teams: &[String],
    message: String,
) -> Violation {
    Violation {
        code,
        severity: Severity::Error,
        path: path.to_owned(),
        old_path: None,
        zone: owner.zone_name(),
        owners: owner.owners(),
        team: teams.join(","),
        section: None,
        line: None,
        commit: None,
        subject: None,
        message,
        source: None,
    }
}

/// Check `changes` made by `teams` (empty when unknown). `blobs` reads shared files' contents.
pub fn check(
    map: &ZoneMap,
    policy: UnownedPolicy,
    teams: &[String],
    changes: &[Change],
    blobs: Blobs,
) -> Vec<Violation> {
    let mut out = Vec::new();
    let who = if teams.is_empty() {
        "an unknown team".to_owned()
    } else {
        teams.join(", ")
    };
    for change in changes {
        let mut paths: Vec<&str> = vec![change.path.as_str()];
        if let Some(old) = &change.old_path {
            paths.push(old);
        }
        for path in paths {
            let owner = map.owner(path);
            let mut v = match &owner {
                Owner::Generated => None,
                Owner::Unowned => match policy {
                    UnownedPolicy::Allow => None,
                    UnownedPolicy::Warn | UnownedPolicy::Deny => {
                        let mut v = violation(
                            "zone-unowned",
                            path,
                            &owner,
                            teams,
                            format!(
                                "{path} is in no zone (zones.yaml says `unowned: {}`)",
                                if policy == UnownedPolicy::Deny {
                                    "deny"
                                } else {
                                    "warn"
                                }
                            ),
                        );
                        if policy == UnownedPolicy::Warn {
                            v.severity = Severity::Warning;
                        }
                        Some(v)
                    }
                },
                _ if teams.is_empty() => Some(violation(
                    "team-unknown",
                    path,
                    &owner,
                    teams,
                    format!(
                        "{path} is in a zone ({}), and coord cannot tell which team is committing: {HOW_TO_SET}",
                        owner.zone_name()
                    ),
                )),
                Owner::Readonly { pattern } => Some(violation(
                    "zone-readonly",
                    path,
                    &owner,
                    teams,
                    format!("{path} is read-only (`{pattern}`): no team may change it"),
                )),
                Owner::Exclusive { teams: owners, .. }
                    if !owners.iter().any(|o| teams.contains(o)) =>
                {
                    Some(violation(
                        "zone-exclusive",
                        path,
                        &owner,
                        teams,
                        format!("{path} is {}; {who} may not change it", owner.zone_name()),
                    ))
                }
                Owner::Joint { owners, .. } if !owners.iter().any(|o| teams.contains(o)) => {
                    Some(violation(
                        "zone-joint",
                        path,
                        &owner,
                        teams,
                        format!(
                            "{path} is in the {} owned by {}; {who} is not among its owners",
                            owner.zone_name(),
                            owners.join(", ")
                        ),
                    ))
                }
                Owner::Shared { sections } => {
                    out.extend(check_sections(path, sections, teams, change, blobs, &owner));
                    None
                }
                _ => None,
            };
            if let Some(v) = v.as_mut() {
                if path == change.path {
                    v.old_path = change.old_path.clone();
                } else {
                    v.message = format!("{} (renamed to {})", v.message, change.path);
                }
            }
            out.extend(v);
        }
    }
    out
}

fn check_sections(
    path: &str,
    sections: &[(String, String)],
    teams: &[String],
    change: &Change,
    blobs: Blobs,
    owner: &Owner,
) -> Vec<Violation> {
    let names: Vec<String> = sections.iter().map(|(s, _)| s.clone()).collect();
    let owns_some = sections.iter().any(|(_, t)| teams.contains(t));
    let sides = blobs(change);
    let (removed, added) = attributed_lines(change.kind, &sides);
    let old_text = String::from_utf8_lossy(&sides.old).into_owned();
    let new_text = String::from_utf8_lossy(&sides.new).into_owned();
    let old_map = line_sections(path, &old_text, &names);
    let new_map = line_sections(path, &new_text, &names);
    // First offending line per section (None = outside every declared section), and its side.
    let mut first: Vec<(Option<usize>, u32, &String)> = Vec::new();
    for (lines, map, text) in [
        (&added, &new_map, &new_text),
        (&removed, &old_map, &old_text),
    ] {
        for &line in lines {
            let section = map.get(line as usize - 1).copied().flatten();
            let allowed = match section {
                Some(i) => teams.contains(&sections[i].1),
                None => owns_some,
            };
            if !allowed && !first.iter().any(|(s, _, _)| *s == section) {
                first.push((section, line, text));
            }
        }
    }
    first
        .into_iter()
        .map(|(section, line, text)| {
            let (name, owners, message) = match section {
                Some(i) => {
                    let (s, t) = &sections[i];
                    (s.clone(), vec![t.clone()], format!("{path}:{line} is in section `{s}`, owned by {t}"))
                }
                None => ("(outside any section)".to_owned(), owner.owners(), format!("{path}:{line} is outside every declared section; only the file's section owners ({}) may change it", owner.owners().join(", "))),
            };
            Violation {
                code: "zone-shared-section",
                severity: Severity::Error,
                path: path.to_owned(),
                old_path: change.old_path.clone(),
                zone: "shared file".to_owned(),
                owners,
                team: teams.join(","),
                section: Some(name),
                line: Some(line),
                commit: None,
                subject: None,
                message,
                source: Some(text.clone()),
            }
        })
        .collect()
}

fn count_lines(bytes: &[u8]) -> u32 {
    if bytes.is_empty() {
        return 0;
    }
    let n = bytes.iter().filter(|&&b| b == b'\n').count() as u32;
    if bytes.ends_with(b"\n") { n } else { n + 1 }
}

/// Check paths a team wants to touch, without git ("may I touch this?"). Without a diff, a
/// shared file is allowed to a team that owns at least one of its sections.
pub fn check_paths(
    map: &ZoneMap,
    policy: UnownedPolicy,
    teams: &[String],
    paths: &[String],
) -> Vec<Violation> {
    let mut out = Vec::new();
    let mut plain = Vec::new();
    for path in paths {
        let owner = map.owner(path);
        if matches!(owner, Owner::Shared { .. }) {
            if !owner.owners().iter().any(|o| teams.contains(o)) {
                let who = if teams.is_empty() {
                    "an unknown team".to_owned()
                } else {
                    teams.join(", ")
                };
                out.push(violation(
                    "zone-shared-section",
                    path,
                    &owner,
                    teams,
                    format!("{path} is a shared file and {who} owns none of its sections"),
                ));
            }
        } else {
            plain.push(Change {
                kind: ChangeKind::Modified,
                path: path.clone(),
                old_path: None,
                old_id: None,
                new_id: None,
            });
        }
    }
    out.extend(check(map, policy, teams, &plain, &|_| Sides::default()));
    out
}

/// Warnings for changed paths claimed in `files:` by an IN_PROGRESS atom of another team.
pub fn claimed_by_others(atoms: &[Atom], teams: &[String], changes: &[Change]) -> Vec<Violation> {
    let claims: Vec<&Atom> = atoms
        .iter()
        .filter(|a| {
            a.status == Status::InProgress && !teams.contains(&a.team) && !a.files.is_empty()
        })
        .collect();
    if claims.is_empty() {
        return Vec::new();
    }
    let globs: Vec<(String, usize)> = claims
        .iter()
        .enumerate()
        .flat_map(|(i, a)| {
            a.files
                .iter()
                .filter_map(|f| Pattern::new(f, 0).ok())
                .flat_map(move |p| p.globs.into_iter().map(move |g| (g, i)))
        })
        .collect();
    let set = PatternSet::new(globs.iter().map(|(g, i)| (g.as_str(), *i)));
    let mut out = Vec::new();
    for change in changes {
        for path in change.paths() {
            let hits = set.owners(path);
            for i in hits {
                let a = claims[i];
                out.push(Violation {
                    code: "claimed-by-active-atom",
                    severity: Severity::Warning,
                    path: path.to_owned(),
                    old_path: None,
                    zone: format!("claimed by {}", a.id),
                    owners: vec![a.team.clone()],
                    team: teams.join(","),
                    section: None,
                    line: None,
                    commit: None,
                    subject: None,
                    message: format!(
                        "{path} is claimed by {} ({}, IN_PROGRESS, team {}): coordinate with them",
                        a.id, a.title, a.team
                    ),
                    source: None,
                });
            }
        }
    }
    out
}
