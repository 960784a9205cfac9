//! The zone check: given changed paths (and, for shared files, their old and new text) and the
//! committing teams, return the violations as data.

use super::matcher::{Owner, ZoneMap};
use super::sections::line_sections;
use super::team::HOW_TO_SET;
use crate::config::{Pattern, PatternSet, UnownedPolicy};
use crate::doc::{Atom, Status};
use crate::error::Result;
use crate::finding::{Code, Detail, Finding, Severity};
use crate::git::{Change, ChangeKind, Sides, changed_lines};

/// Reads a changed file's contents on each side; a read failure stops the check.
pub type Blobs<'a> = &'a dyn Fn(&Change) -> Result<Sides>;

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

fn violation(code: Code, path: &str, owner: &Owner, teams: &[String], message: String) -> Finding {
    let owners = owner.owners();
    let hint = match code {
        Code::TeamUnknown => HOW_TO_SET.to_owned(),
        Code::ZoneReadonly => "read-only files change only through zones.yaml".to_owned(),
        Code::ZoneUnowned => "add the path to a zone in zones.yaml".to_owned(),
        _ => format!("ask {} to make the change", owners.join(" or ")),
    };
    Finding::error(code, message)
        .at(path, 0, 0)
        .hint(hint)
        .detail(Detail {
            zone: Some(owner.zone_name()),
            owners: Some(owners),
            committing_teams: Some(teams.to_vec()),
            ..Detail::default()
        })
}

/// The violation, if any, of `teams` changing `path` (owned by `owner`) as a whole file. Shared
/// files are judged by section elsewhere.
fn whole_file(
    path: &str,
    owner: &Owner,
    policy: UnownedPolicy,
    teams: &[String],
) -> Option<Finding> {
    let who = if teams.is_empty() {
        "an unknown team".to_owned()
    } else {
        teams.join(", ")
    };
    let allowed = |owners: &[String]| owners.iter().any(|o| teams.contains(o));
    let (code, message) = match owner {
        Owner::Generated | Owner::Shared { .. } => return None,
        Owner::Unowned => {
            let word = match policy {
                UnownedPolicy::Allow => return None,
                UnownedPolicy::Warn => "warn",
                UnownedPolicy::Deny => "deny",
            };
            let message = format!("{path} is in no zone (zones.yaml says `unowned: {word}`)");
            let mut v = violation(Code::ZoneUnowned, path, owner, teams, message);
            if policy == UnownedPolicy::Warn {
                v.severity = Severity::Warning;
            }
            return Some(v);
        }
        _ if teams.is_empty() => (
            Code::TeamUnknown,
            format!(
                "{path} is in a zone ({}), and coord cannot tell which team is committing: {HOW_TO_SET}",
                owner.zone_name()
            ),
        ),
        Owner::Readonly { pattern } => (
            Code::ZoneReadonly,
            format!("{path} is read-only (`{pattern}`): no team may change it"),
        ),
        Owner::Exclusive { teams: owners, .. } if !allowed(owners) => (
            Code::ZoneExclusive,
            format!("{path} is {}; {who} may not change it", owner.zone_name()),
        ),
        Owner::Joint { owners, .. } if !allowed(owners) => (
            Code::ZoneJoint,
            format!(
                "{path} is in the {} owned by {}; {who} is not among its owners",
                owner.zone_name(),
                owners.join(", ")
            ),
        ),
        _ => return None,
    };
    Some(violation(code, path, owner, teams, message))
}

/// Check `changes` made by `teams` (empty when unknown). `blobs` reads shared files' contents.
pub fn check(
    map: &ZoneMap,
    policy: UnownedPolicy,
    teams: &[String],
    changes: &[Change],
    blobs: Blobs,
) -> Result<Vec<Finding>> {
    let mut out = Vec::new();
    for change in changes {
        // A rename is judged at both ends: taking a file out of a zone changes it too.
        for path in change.paths() {
            let owner = map.owner(path);
            if let Owner::Shared { sections } = &owner {
                out.extend(check_sections(
                    path, sections, teams, change, blobs, &owner,
                )?);
                continue;
            }
            let Some(mut v) = whole_file(path, &owner, policy, teams) else {
                continue;
            };
            if path == change.path {
                v.detail.old_path = change.old_path.clone();
            } else {
                v.message = format!("{} (renamed to {})", v.message, change.path);
            }
            out.push(v);
        }
    }
    Ok(out)
}

/// A warning when `changes` touch the zones of `min` teams or more: the moment to call the
/// coordinator (`coordinate_when: { teams: N }`). JOINT_COORDINATION/, everyone's, counts for
/// no team; generated dashboards neither.
pub fn cross_team(map: &ZoneMap, changes: &[Change], min: Option<usize>) -> Option<Finding> {
    let min = min?;
    let mut teams = std::collections::BTreeSet::new();
    for path in changes.iter().flat_map(Change::paths) {
        let owner = map.owner(path);
        if let Owner::Joint { zones, .. } = &owner
            && zones.iter().all(|z| z == crate::config::layout::JOINT_DIR)
        {
            continue;
        }
        teams.extend(owner.owners());
    }
    if teams.len() < min {
        return None;
    }
    let names: Vec<String> = teams.into_iter().collect();
    let mut f = Finding::warning(
        Code::CrossTeamChange,
        format!(
            "this change touches the zones of {} teams ({}): the moment to call the coordinator",
            names.len(),
            names.join(", ")
        ),
    )
    .hint("agree the change with each team's lead first, or split it by team");
    f.detail.owners = Some(names);
    Some(f)
}

/// A change to a file as a whole rather than to lines of it: a rename, a deletion, a new mode
/// or type. Sections cannot own such a change; only a team owning every section can make it.
fn whole_file_change(change: &Change) -> Option<&'static str> {
    match change.kind {
        ChangeKind::Deleted => Some("deleting"),
        ChangeKind::TypeChanged => Some("changing the type of"),
        _ if change.old_path.is_some() => Some("renaming"),
        ChangeKind::Modified if change.old_id == change.new_id => Some("changing the mode of"),
        _ => None,
    }
}

fn whole_shared_file(
    path: &str,
    sections: &[(String, String)],
    teams: &[String],
    change: &Change,
    how: &str,
) -> Option<Finding> {
    let foreign: Vec<&(String, String)> = sections
        .iter()
        .filter(|(_, t)| !teams.contains(t))
        .collect();
    if foreign.is_empty() {
        return None;
    }
    let mut owners: Vec<String> = sections.iter().map(|(_, t)| t.clone()).collect();
    owners.sort();
    owners.dedup();
    let names: Vec<String> = foreign
        .iter()
        .map(|(s, t)| format!("`{s}` ({t})"))
        .collect();
    let message = format!(
        "{how} the shared file {path} touches every section, and {} belong to other teams",
        names.join(", ")
    );
    Some(
        Finding::error(Code::ZoneSharedSection, message)
            .at(path, 0, 0)
            .hint(format!(
                "only a team owning every section ({}) may do that; change your own section's lines instead",
                owners.join(", ")
            ))
            .detail(Detail {
                zone: Some("shared file".to_owned()),
                owners: Some(owners),
                committing_teams: Some(teams.to_vec()),
                old_path: change.old_path.clone(),
                ..Detail::default()
            }),
    )
}

fn check_sections(
    path: &str,
    sections: &[(String, String)],
    teams: &[String],
    change: &Change,
    blobs: Blobs,
    owner: &Owner,
) -> Result<Vec<Finding>> {
    if let Some(how) = whole_file_change(change) {
        return Ok(whole_shared_file(path, sections, teams, change, how)
            .into_iter()
            .collect());
    }
    let names: Vec<String> = sections.iter().map(|(s, _)| s.clone()).collect();
    let owns_some = sections.iter().any(|(_, t)| teams.contains(t));
    let sides = blobs(change)?;
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
    Ok(first
        .into_iter()
        .map(|(section, line, text)| {
            let (name, owners, message) = match section {
                Some(i) => {
                    let (s, t) = &sections[i];
                    (s.clone(), vec![t.clone()], format!("{path}:{line} is in section `{s}`, owned by {t}"))
                }
                None => ("(outside any section)".to_owned(), owner.owners(), format!("{path}:{line} is outside every declared section; only the file's section owners ({}) may change it", owner.owners().join(", "))),
            };
            let hint = format!("ask {} to make the change", owners.join(" or "));
            Finding::error(Code::ZoneSharedSection, message)
                .at(path, line, 0)
                .hint(hint)
                .detail(Detail {
                    zone: Some("shared file".to_owned()),
                    owners: Some(owners),
                    committing_teams: Some(teams.to_vec()),
                    section: Some(name),
                    old_path: change.old_path.clone(),
                    source: Some(text.clone()),
                    ..Detail::default()
                })
        })
        .collect())
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
) -> Vec<Finding> {
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
                    Code::ZoneSharedSection,
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
    // Without a diff no file content is read, so this cannot fail.
    out.extend(check(map, policy, teams, &plain, &|_| Ok(Sides::default())).unwrap_or_default());
    out
}

/// Warnings for changed paths claimed in `files:` by an IN_PROGRESS atom of another team.
pub fn claimed_by_others(atoms: &[Atom], teams: &[String], changes: &[Change]) -> Vec<Finding> {
    let claims: Vec<&Atom> = atoms
        .iter()
        .filter(|a| a.status == Status::InProgress && !a.files.is_empty())
        .filter(|a| !teams.iter().any(|t| *t == a.team))
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
                let message = format!(
                    "{path} is claimed by {} ({}, IN_PROGRESS, team {}): coordinate with them",
                    a.id, a.title, a.team
                );
                out.push(
                    Finding::warning(Code::ClaimedByActiveAtom, message)
                        .at(path, 0, 0)
                        .hint(format!("agree with team {} before this lands", a.team))
                        .detail(Detail {
                            zone: Some(format!("claimed by {}", a.id)),
                            owners: Some(vec![a.team.to_string()]),
                            committing_teams: Some(teams.to_vec()),
                            ..Detail::default()
                        }),
                );
            }
        }
    }
    out
}

#[cfg(test)]
mod tests;
