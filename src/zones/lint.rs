//! `coord zones lint`: zones.yaml against the tracked files: patterns that match nothing, files
//! claimed by two teams, unowned files, duplicate and shadowed patterns.

use std::collections::{BTreeMap, BTreeSet};

use super::matcher::{Owner, ZoneMap};
use crate::config::{self, Zones};
use crate::finding::{self, Code, Finding};

/// Findings for `zones` over the tracked `files`.
pub fn check(zones: &Zones, map: &ZoneMap, files: &[String]) -> Vec<Finding> {
    let tally = tally(map, files);
    let mut out = pattern_findings(zones, map, &tally);
    out.extend(duplicates(zones));
    out.extend(coverage(zones, tally));
    finding::sort(&mut out);
    out
}

/// What matching every tracked file found.
struct Tally {
    /// For each rule, how many files it matches.
    matched: Vec<usize>,
    /// For each rule, how many files it decides.
    decided: Vec<usize>,
    /// Files exclusive to several teams, by those teams.
    twice: BTreeMap<Vec<String>, Vec<String>>,
    /// Files in no zone.
    unowned: Vec<String>,
}

fn tally(map: &ZoneMap, files: &[String]) -> Tally {
    let n = map.rule_count();
    let mut matched = vec![0usize; n];
    let mut decided = vec![0usize; n];
    let mut twice: BTreeMap<Vec<String>, Vec<String>> = BTreeMap::new();
    let mut unowned = Vec::new();
    for file in files {
        let owner = map.owner(file);
        for i in map.matches(file) {
            matched[i] += 1;
            if map.decides(i, &owner) {
                decided[i] += 1;
            }
        }
        match &owner {
            Owner::Exclusive { teams, .. } if teams.len() > 1 => {
                twice.entry(teams.clone()).or_default().push(file.clone())
            }
            Owner::Unowned => unowned.push(file.clone()),
            _ => {}
        }
    }
    Tally {
        matched,
        decided,
        twice,
        unowned,
    }
}

/// Patterns that match nothing, and patterns a stronger rule always overrides.
fn pattern_findings(zones: &Zones, map: &ZoneMap, tally: &Tally) -> Vec<Finding> {
    let n = map.rule_count();
    // A pattern expands to one or two globs; judge it by the sum of its globs.
    let mut per_pattern: BTreeMap<(String, String, String), (usize, usize, bool)> = BTreeMap::new();
    for i in 0..n {
        let info = map.rule_info(i);
        let entry = per_pattern
            .entry((
                info.category.to_owned(),
                info.owner.clone(),
                info.pattern.clone(),
            ))
            .or_insert((0, 0, info.implicit));
        entry.0 += tally.matched[i];
        entry.1 += tally.decided[i];
    }
    let line_of = |category: &str, pattern: &str| -> u32 {
        let list: Vec<&config::Pattern> = match category {
            "readonly" => zones.readonly.iter().collect(),
            "exclusive" => zones.exclusive.iter().flat_map(|z| &z.patterns).collect(),
            "rule" => zones.rules.iter().map(|r| &r.pattern).collect(),
            _ => zones.joint.iter().flat_map(|z| &z.patterns).collect(),
        };
        list.iter()
            .find(|p| p.text == pattern)
            .map_or(0, |p| p.line)
    };
    let mut out = Vec::new();
    for ((category, owner, pattern), (m, d, implicit)) in &per_pattern {
        if *implicit {
            continue;
        }
        let whose = if owner.is_empty() {
            category.clone()
        } else {
            format!("{category} {owner}")
        };
        if *m == 0 {
            out.push(
                Finding::warning(
                    Code::PatternMatchesNothing,
                    format!("`{pattern}` ({whose}) matches no tracked file"),
                )
                .at(config::FILE, line_of(category, pattern), 0)
                .hint("fix the pattern, or remove it if the files are gone"),
            );
        } else if *d == 0 {
            let hint = if category == "rule" {
                "a later rule matches every file it matches (the last match decides); remove it or move it down"
            } else {
                "precedence is read-only, shared, rules, exclusive, joint; remove or narrow the pattern"
            };
            out.push(Finding::warning(Code::ShadowedPattern, format!("`{pattern}` ({whose}) never decides: every file it matches is governed by a stronger rule")).at(config::FILE, line_of(category, pattern), 0).hint(hint));
        }
    }
    out
}

/// Patterns listed twice in one list.
fn duplicates(zones: &Zones) -> Vec<Finding> {
    let mut out = Vec::new();
    let mut seen: BTreeSet<(String, String)> = BTreeSet::new();
    let all = zones
        .readonly
        .iter()
        .map(|p| ("readonly".to_owned(), p))
        .chain(
            zones
                .exclusive
                .iter()
                .filter(|z| !z.implicit)
                .flat_map(|z| {
                    z.patterns
                        .iter()
                        .map(move |p| (format!("exclusive {}", z.team), p))
                }),
        )
        .chain(zones.joint.iter().filter(|z| !z.implicit).flat_map(|z| {
            z.patterns
                .iter()
                .map(move |p| (format!("joint {}", z.name), p))
        }));
    for (whose, p) in all {
        if !seen.insert((whose.clone(), p.text.clone())) {
            out.push(
                Finding::warning(
                    Code::DuplicatePattern,
                    format!("`{}` is listed twice under {whose}", p.text),
                )
                .at(config::FILE, p.line, 0)
                .hint("remove the repeated pattern"),
            );
        }
    }
    out
}

/// Files claimed by two teams, and files in no zone.
fn coverage(zones: &Zones, tally: Tally) -> Vec<Finding> {
    let mut out = Vec::new();
    let unowned = tally.unowned;
    for (teams, files) in tally.twice {
        let sample: Vec<String> = files.iter().take(5).cloned().collect();
        out.push(
            Finding::error(
                Code::ClaimedTwice,
                format!(
                    "{} files are exclusive to several teams ({}): {}{}",
                    files.len(),
                    teams.join(", "),
                    sample.join(", "),
                    if files.len() > 5 { ", …" } else { "" }
                ),
            )
            .at(config::FILE, 0, 0)
            .hint("give each file one exclusive owner, or make it a joint zone"),
        );
    }
    if !unowned.is_empty() {
        let sample: Vec<String> = unowned.iter().take(20).cloned().collect();
        out.push(
            Finding::warning(
                Code::UnownedFiles,
                format!(
                    "{} tracked files are in no zone: {}{}",
                    unowned.len(),
                    sample.join(", "),
                    if unowned.len() > 20 { ", …" } else { "" }
                ),
            )
            .at(config::FILE, 0, 0)
            .hint(format!(
                "add them to a zone, or keep `unowned: {}` if that is intended",
                match zones.unowned {
                    config::UnownedPolicy::Allow => "allow",
                    config::UnownedPolicy::Warn => "warn",
                    config::UnownedPolicy::Deny => "deny",
                }
            )),
        );
    }
    out
}
