//! Simultaneous-access detection: active atoms whose files overlap, atoms claiming files in
//! another team's zone, and, across branches and worktrees, overlapping claims and id collisions.

mod gather;

pub use gather::{Reach, gather};

use std::collections::{BTreeMap, BTreeSet};

use crate::config::{Pattern, PatternSet, has_glob};
use crate::doc::Atom;
use crate::finding::{Code, Detail, Finding};
use crate::zones::{Owner, ZoneMap};

/// One conflict as a finding: the atoms and teams involved, the files (at most a few), and
/// where the other side lives for conflicts across branches and worktrees.
fn conflict(
    code: Code,
    atoms: Vec<String>,
    teams: Vec<String>,
    files: Vec<String>,
    other: Option<String>,
    message: String,
) -> Finding {
    let mut f = Finding::warning(code, message).detail(Detail {
        atoms: Some(atoms),
        teams: Some(teams),
        other,
        ..Detail::default()
    });
    if let Some(first) = files.first().filter(|f| !f.starts_with('…')) {
        f.path = Some(first.clone());
    }
    f.detail.files = Some(files);
    f.hint = Some(
        match code {
            Code::IdCollision => "renumber one of them before the branches merge",
            Code::ClaimsReadonly | Code::ClaimsForeignZone => {
                "narrow the atom's `files`, or ask the owning team to take that part"
            }
            _ => "agree who goes first, or narrow the atoms' `files`",
        }
        .to_owned(),
    );
    f
}

/// Sort conflicts by code, then atoms, then message, so output is stable.
fn sort(found: &mut [Finding]) {
    found.sort_by(|a, b| {
        let key = |f: &Finding| {
            (
                f.code.as_str(),
                f.detail.atoms.clone(),
                f.detail.teams.clone(),
                f.detail.files.clone(),
                f.message.clone(),
            )
        };
        key(a).cmp(&key(b))
    });
}

/// The teams of two atoms, sorted, once each.
fn both_teams(x: &Atom, y: &Atom) -> Vec<String> {
    let set: BTreeSet<&str> = [x.team.as_str(), y.team.as_str()].into_iter().collect();
    set.into_iter().map(str::to_owned).collect()
}

/// For each file (tracked files plus literal claims), which claims match it.
fn claims_by_file(claims: &[&Atom], tracked: &[String]) -> BTreeMap<String, BTreeSet<usize>> {
    // Many atoms list the same globs: each distinct one is expanded and compiled once, and
    // stands for every claim that lists it.
    let mut claimants: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    let mut expanded: std::collections::HashMap<&str, Vec<String>> = Default::default();
    let mut literals: BTreeSet<String> = BTreeSet::new();
    for (i, claim) in claims.iter().enumerate() {
        for f in &claim.files {
            let globs = expanded
                .entry(f.as_str())
                .or_insert_with(|| Pattern::new(f, 0).map(|p| p.globs).unwrap_or_default());
            for g in globs.iter() {
                claimants.entry(g.clone()).or_default().push(i);
            }
            if !has_glob(f) {
                literals.insert(f.trim_start_matches('/').trim_end_matches('/').to_owned());
            }
        }
    }
    let groups: Vec<&Vec<usize>> = claimants.values().collect();
    let set = PatternSet::new(claimants.keys().enumerate().map(|(k, g)| (g.as_str(), k)));
    let mut out: BTreeMap<String, BTreeSet<usize>> = BTreeMap::new();
    let mut visit = |file: &str| {
        let hits: BTreeSet<usize> = set
            .owners(file)
            .into_iter()
            .flat_map(|k| groups[k].iter().copied())
            .collect();
        if !hits.is_empty() {
            out.insert(file.to_owned(), hits);
        }
    };
    for file in tracked {
        visit(file);
    }
    for file in &literals {
        if tracked.binary_search(file).is_err() {
            visit(file);
        }
    }
    out
}

fn cap(files: BTreeSet<String>) -> Vec<String> {
    let n = files.len();
    let mut list: Vec<String> = files.into_iter().take(5).collect();
    if n > 5 {
        list.push(format!("… {} more", n - 5));
    }
    list
}

/// Pairs of active claims sharing files, and claims reaching into zones that are not theirs.
type Pairs = BTreeMap<(usize, usize), BTreeSet<String>>;
type Foreign = BTreeMap<(usize, String, Code), BTreeSet<String>>;

fn overlaps(claims: &[&Atom], map: &ZoneMap, tracked: &[String]) -> (Pairs, Foreign) {
    let by_file = claims_by_file(claims, tracked);
    let mut pairs = Pairs::new();
    let mut foreign = Foreign::new();
    for (file, hits) in &by_file {
        let owner = map.owner(file);
        for &i in hits {
            let atom = claims[i];
            match &owner {
                Owner::Readonly { pattern } => {
                    foreign
                        .entry((i, pattern.clone(), Code::ClaimsReadonly))
                        .or_default()
                        .insert(file.clone());
                }
                Owner::Exclusive { teams, .. } if !teams.iter().any(|t| *t == atom.team) => {
                    foreign
                        .entry((i, teams.join(", "), Code::ClaimsForeignZone))
                        .or_default()
                        .insert(file.clone());
                }
                _ => {}
            }
        }
        let active: Vec<usize> = hits
            .iter()
            .copied()
            .filter(|&i| claims[i].status.is_active())
            .collect();
        for (x, &a) in active.iter().enumerate() {
            for &b in &active[x + 1..] {
                pairs.entry((a, b)).or_default().insert(file.clone());
            }
        }
    }
    (pairs, foreign)
}

/// Conflicts among the atoms of one work tree. `tracked` must be sorted.
pub fn detect(atoms: &[Atom], map: &ZoneMap, tracked: &[String]) -> Vec<Finding> {
    let claims: Vec<&Atom> = atoms
        .iter()
        .filter(|a| a.status.is_open() && !a.files.is_empty())
        .collect();
    let (pairs, foreign) = overlaps(&claims, map, tracked);
    let mut out = Vec::new();
    for ((a, b), files) in pairs {
        let (x, y) = (claims[a], claims[b]);
        out.push(conflict(
            Code::OverlappingFiles,
            vec![x.id.to_string(), y.id.to_string()],
            both_teams(x, y),
            cap(files),
            None,
            format!(
                "{} ({}, {}) and {} ({}, {}) are both active on the same files",
                x.id,
                x.team,
                x.status.as_str(),
                y.id,
                y.team,
                y.status.as_str()
            ),
        ));
    }
    for ((i, whose, code), files) in foreign {
        let atom = claims[i];
        let message = if code == Code::ClaimsReadonly {
            format!("{} claims files in the read-only zone `{whose}`", atom.id)
        } else {
            format!(
                "{} (team {}) claims files in the exclusive zone of {whose}",
                atom.id, atom.team
            )
        };
        out.push(conflict(
            code,
            vec![atom.id.to_string()],
            vec![atom.team.to_string()],
            cap(files),
            None,
            message,
        ));
    }
    sort(&mut out);
    out
}

/// Atoms IN_PROGRESS for different people in different places: `places` are (where, atoms),
/// this work tree first.
pub fn double_claims(places: &[(String, Vec<Atom>)]) -> Vec<Finding> {
    let mut holders: BTreeMap<&str, BTreeMap<&str, Vec<&str>>> = BTreeMap::new();
    for (place, atoms) in places {
        for a in atoms
            .iter()
            .filter(|a| a.status == crate::doc::Status::InProgress)
        {
            let who = a.assigned.as_deref().unwrap_or("someone");
            holders
                .entry(&a.id)
                .or_default()
                .entry(who)
                .or_default()
                .push(place);
        }
    }
    let mut out = Vec::new();
    for (id, by) in holders.into_iter().filter(|(_, by)| by.len() > 1) {
        let said: Vec<String> = by
            .iter()
            .map(|(who, places)| format!("{who} on {}", places.join(", ")))
            .collect();
        let mut f = conflict(
            Code::DoubleClaim,
            vec![id.to_owned()],
            Vec::new(),
            Vec::new(),
            None,
            format!("{id} is IN_PROGRESS for {}", said.join(" and for ")),
        );
        f.severity = crate::finding::Severity::Error;
        f.hint = Some(format!(
            "agree who keeps it; the other runs `coord atoms release {id}` on their branch"
        ));
        out.push(f);
    }
    out
}

/// This work tree's side of every comparison with other branches and worktrees, computed once:
/// its atoms by id, and which of its active atoms claim each file.
pub struct Here<'a> {
    by_id: BTreeMap<&'a str, &'a Atom>,
    active: Vec<&'a Atom>,
    by_file: BTreeMap<String, BTreeSet<usize>>,
    globs: PatternSet,
}

/// The files (tracked, or named literally) that `atom` claims. Only the tracked files under each
/// glob's literal folder are tested (`tracked` is sorted), so the work grows with what the atom
/// claims, not with the repository.
fn files_of(atom: &Atom, tracked: &[String]) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for f in &atom.files {
        let Ok(p) = Pattern::new(f, 0) else { continue };
        if !has_glob(f) {
            out.insert(f.trim_start_matches('/').trim_end_matches('/').to_owned());
        }
        for (glob, matcher) in p.globs.iter().zip(p.matcher()) {
            let folder = crate::config::folder_prefix(glob);
            let start = tracked.partition_point(|t| t.as_str() < folder);
            out.extend(
                tracked[start..]
                    .iter()
                    .take_while(|t| t.starts_with(folder))
                    .filter(|t| matcher.is_match(t.as_str()))
                    .cloned(),
            );
        }
    }
    out
}

impl<'a> Here<'a> {
    /// Prepare the comparison of `atoms` (this work tree) with others; `tracked` must be sorted.
    pub fn new(atoms: &'a [Atom], tracked: &[String]) -> Here<'a> {
        let active: Vec<&Atom> = atoms.iter().filter(|a| a.status.is_active()).collect();
        let mut globs: Vec<(String, usize)> = Vec::new();
        for (i, a) in active.iter().enumerate() {
            for f in &a.files {
                if let Ok(p) = Pattern::new(f, 0) {
                    globs.extend(p.globs.into_iter().map(|g| (g, i)));
                }
            }
        }
        Here {
            by_id: atoms.iter().map(|a| (a.id.as_str(), a)).collect(),
            by_file: claims_by_file(&active, tracked),
            globs: PatternSet::new(globs.iter().map(|(g, i)| (g.as_str(), *i))),
            active,
        }
    }

    /// Conflicts between this work tree and the atoms `there` of another branch or worktree
    /// (`other`), given only the status files that differ there. The work grows with the atoms
    /// that differ there, not with this work tree.
    pub fn across(&self, there: &[Atom], other: &str, tracked: &[String]) -> Vec<Finding> {
        let mut out = Vec::new();
        for theirs in there {
            if let Some(ours) = self.by_id.get(theirs.id.as_str())
                && (ours.title != theirs.title || ours.team != theirs.team)
            {
                out.push(conflict(
                    Code::IdCollision,
                    vec![theirs.id.to_string()],
                    both_teams(ours, theirs),
                    vec![ours.path.clone(), theirs.path.clone()]
                        .into_iter()
                        .collect::<BTreeSet<_>>()
                        .into_iter()
                        .collect(),
                    Some(other.to_owned()),
                    format!(
                        "{} is \"{}\" ({}) here but \"{}\" ({}) on {other}: a merge would collide",
                        theirs.id, ours.title, ours.team, theirs.title, theirs.team
                    ),
                ));
            }
        }
        let mut pairs: BTreeMap<(usize, usize), BTreeSet<String>> = BTreeMap::new();
        for (b, y) in there
            .iter()
            .enumerate()
            .filter(|(_, a)| a.status.is_active())
        {
            for file in files_of(y, tracked) {
                let hits: BTreeSet<usize> = match self.by_file.get(&file) {
                    Some(hits) => hits.clone(),
                    None => self.globs.owners(&file).into_iter().collect(),
                };
                for a in hits {
                    let x = self.active[a];
                    // The same atom on both sides is no conflict; two atoms sharing an id are.
                    if x.id != y.id || x.title != y.title || x.team != y.team {
                        pairs.entry((a, b)).or_default().insert(file.clone());
                    }
                }
            }
        }
        for ((a, b), files) in pairs {
            let (x, y) = (self.active[a], &there[b]);
            out.push(conflict(
                Code::CrossBranchOverlap,
                vec![x.id.to_string(), y.id.to_string()],
                both_teams(x, y),
                cap(files),
                Some(other.to_owned()),
                format!(
                    "{} ({}) here and {} ({}) on {other} are both active on the same files",
                    x.id, x.team, y.id, y.team
                ),
            ));
        }
        sort(&mut out);
        out
    }
}
