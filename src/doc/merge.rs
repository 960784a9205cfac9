//! Merging one status file field by field: what the merge driver (`coord merge-file`) does
//! when both sides of a merge changed the same file.
//!
//! Each top-level field is merged on its own: a field only one side changed takes that side's
//! value. Where both changed it: criteria ticked on either side stay ticked (and criteria either
//! side added are kept), lists (files, dependencies, components) keep what either side added and
//! lose what either side removed, escalations from both sides are kept, and integration points
//! merge by name. Anything else both sides set differently (two claimants above all: a double
//! claim must never merge silently) stays a conflict, marked in the file as git marks one. The
//! Markdown around the block (notes) keeps the lines both sides added.

use super::fields::{AtomField, Field, MoleculeField};
use super::molecule::Point;
use super::{Escalation, StatusFile, block};
use crate::git::{Overlap, merge_text};

/// The merged text, and the fields left in conflict (empty when the merge is clean).
#[derive(Debug)]
pub struct Merged {
    /// The file as merged (with conflict markers where `conflicts` is not empty).
    pub text: String,
    /// Keys of the fields both sides changed in ways that cannot be combined.
    pub conflicts: Vec<String>,
}

/// The merge driver: merge the files `base` and `theirs` into `ours` (git's %O, %B and %A),
/// `path` naming the status file (git's %P) so its kind is known. Returns the fields left in
/// conflict (the file then carries git's markers).
pub fn merge_files(
    base: &std::path::Path,
    ours: &std::path::Path,
    theirs: &std::path::Path,
    path: &str,
) -> crate::error::Result<Vec<String>> {
    let read = |p: &std::path::Path| crate::fsutil::read_text(p);
    let (b, o, t) = (read(base)?, read(ours)?, read(theirs)?);
    let name = path.rsplit('/').next().unwrap_or(path);
    let merged = if name.starts_with("MOLECULE-") {
        merge::<super::Molecule>(&b, &o, &t)
    } else {
        merge::<super::Atom>(&b, &o, &t)
    };
    if merged.text != o {
        crate::fsutil::write_atomic(ours, merged.text.as_bytes())?;
    }
    Ok(merged.conflicts)
}

/// A field that knows how to combine two sides' changes to it.
pub trait MergeField: Field + PartialEq + Clone {
    /// The value combining both sides' changes from `base`, if there is one.
    fn combine(base: &Self, ours: &Self, theirs: &Self) -> Option<Self>;
}

/// Merge a status file of kind `T`.
pub fn merge<T>(base: &str, ours: &str, theirs: &str) -> Merged
where
    T: StatusFile,
    T::Field: MergeField,
{
    let parsed = |text: &str| T::parse("", text).0;
    let (Some(b), Some(o), Some(t)) = (parsed(base), parsed(ours), parsed(theirs)) else {
        return lines(base, ours, theirs);
    };
    let (Some(rb), Some(_), Some(rt)) = (
        block::find_yaml_block(base),
        block::find_yaml_block(ours),
        block::find_yaml_block(theirs),
    ) else {
        return lines(base, ours, theirs);
    };
    let (fb, fo, ft) = (b.all_fields(), o.all_fields(), t.all_fields());
    let mut chosen = Vec::new();
    let mut conflicts = Vec::new();
    for ((b, o), t) in fb.iter().zip(&fo).zip(&ft) {
        let value = if o == t || t == b {
            None
        } else if o == b {
            Some(t.clone())
        } else {
            match <T::Field as MergeField>::combine(b, o, t) {
                Some(v) if v == *o => None,
                Some(v) => Some(v),
                None => {
                    conflicts.push(o.key().to_owned());
                    None
                }
            }
        };
        chosen.extend(value);
    }
    if !conflicts.is_empty() {
        // Git's own markers, around the lines of the fields in conflict (the block keeps its
        // fields apart, so the others merge as they would anyway).
        let mut marked = lines(base, ours, theirs);
        marked.conflicts = conflicts;
        return marked;
    }
    // Ours, with the fields that take another value rewritten in place.
    let mut text = ours.to_owned();
    for field in &chosen {
        let Some(range) = block::find_yaml_block(&text) else {
            return lines(base, ours, theirs);
        };
        text = super::write::set(&text, range, field, T::KEYS);
    }
    // The prose around the block: lines either side added are kept.
    let Some(range) = block::find_yaml_block(&text) else {
        return lines(base, ours, theirs);
    };
    let (before, _) = merge_text(
        &base[..rb.start],
        &text[..range.start],
        &theirs[..rt.start],
        Overlap::Union,
    );
    let (after, _) = merge_text(
        &base[rb.end..],
        &text[range.end..],
        &theirs[rt.end..],
        Overlap::Union,
    );
    let merged = format!("{before}{}{after}", &text[range]);
    if parsed(&merged).is_none() {
        return lines(base, ours, theirs);
    }
    Merged {
        text: merged,
        conflicts: Vec::new(),
    }
}

/// Git's line merge, with markers where both sides changed the same lines.
fn lines(base: &str, ours: &str, theirs: &str) -> Merged {
    let (text, conflict) = merge_text(base, ours, theirs, Overlap::Mark);
    Merged {
        text,
        conflicts: if conflict {
            vec!["lines".to_owned()]
        } else {
            Vec::new()
        },
    }
}

/// Items of `base` both sides kept, in ours' order, then what either side added.
fn list<T: PartialEq + Clone>(base: &[T], ours: &[T], theirs: &[T]) -> Vec<T> {
    let removed = |side: &[T], x: &T| base.contains(x) && !side.contains(x);
    let mut out: Vec<T> = ours
        .iter()
        .filter(|x| !removed(theirs, x))
        .cloned()
        .collect();
    for x in theirs {
        if !base.contains(x) && !out.contains(x) {
            out.push(x.clone());
        }
    }
    out
}

/// Criteria by text: ticked on either side stays ticked; added on either side is kept.
fn criteria(
    base: &[super::atom::Criterion],
    ours: &[super::atom::Criterion],
    theirs: &[super::atom::Criterion],
) -> Vec<super::atom::Criterion> {
    let texts = |l: &[super::atom::Criterion]| -> Vec<String> {
        l.iter().map(|c| c.text.clone()).collect()
    };
    list(&texts(base), &texts(ours), &texts(theirs))
        .into_iter()
        .map(|text| {
            let done = ours.iter().chain(theirs).any(|c| c.text == text && c.done);
            super::atom::Criterion { text, done }
        })
        .collect()
}

/// Escalations by level, reason and time raised: both sides' kept, resolved where either
/// resolved it.
fn escalations(base: &[Escalation], ours: &[Escalation], theirs: &[Escalation]) -> Vec<Escalation> {
    let key = |e: &Escalation| (e.level, e.reason.clone(), e.raised.clone());
    let keys = |l: &[Escalation]| l.iter().map(key).collect::<Vec<_>>();
    list(&keys(base), &keys(ours), &keys(theirs))
        .into_iter()
        .filter_map(|k| {
            let mut found = ours.iter().chain(theirs).filter(|e| key(e) == k);
            let mut e = found.next()?.clone();
            if e.resolved.is_none() {
                e.resolved = found.find_map(|x| x.resolved.clone());
            }
            Some(e)
        })
        .collect()
}

/// Integration points by name: each point merged three ways; a point both sides set differently
/// is a conflict.
fn points(base: &[Point], ours: &[Point], theirs: &[Point]) -> Option<Vec<Point>> {
    let names = |l: &[Point]| l.iter().map(|p| p.name.clone()).collect::<Vec<_>>();
    let status = |l: &[Point], n: &str| l.iter().find(|p| p.name == n).map(|p| p.status.clone());
    list(&names(base), &names(ours), &names(theirs))
        .into_iter()
        .map(|name| {
            let (b, o, t) = (
                status(base, &name),
                status(ours, &name),
                status(theirs, &name),
            );
            let merged = if o == t || t == b {
                o
            } else if o == b {
                t
            } else {
                return None;
            };
            Some(Point {
                status: merged.or_else(|| status(theirs, &name))?,
                name,
            })
        })
        .collect()
}

impl MergeField for AtomField {
    fn combine(base: &Self, ours: &Self, theirs: &Self) -> Option<Self> {
        use AtomField as F;
        Some(match (base, ours, theirs) {
            (F::Criteria(b), F::Criteria(o), F::Criteria(t)) => F::Criteria(criteria(b, o, t)),
            (F::Files(b), F::Files(o), F::Files(t)) => F::Files(list(b, o, t)),
            (F::Dependencies(b), F::Dependencies(o), F::Dependencies(t)) => {
                F::Dependencies(list(b, o, t))
            }
            (F::Escalations(b), F::Escalations(o), F::Escalations(t)) => {
                F::Escalations(escalations(b, o, t))
            }
            _ => return None,
        })
    }
}

impl MergeField for MoleculeField {
    fn combine(base: &Self, ours: &Self, theirs: &Self) -> Option<Self> {
        use MoleculeField as F;
        Some(match (base, ours, theirs) {
            (F::Teams(b), F::Teams(o), F::Teams(t)) => F::Teams(list(b, o, t)),
            (F::Support(b), F::Support(o), F::Support(t)) => F::Support(list(b, o, t)),
            (F::Atoms(b), F::Atoms(o), F::Atoms(t)) => F::Atoms(list(b, o, t)),
            (F::Dependencies(b), F::Dependencies(o), F::Dependencies(t)) => {
                F::Dependencies(list(b, o, t))
            }
            (F::IntegrationPoints(b), F::IntegrationPoints(o), F::IntegrationPoints(t)) => {
                F::IntegrationPoints(points(b, o, t)?)
            }
            (F::SuccessCriteria(b), F::SuccessCriteria(o), F::SuccessCriteria(t)) => {
                F::SuccessCriteria(points(b, o, t)?)
            }
            (F::Escalations(b), F::Escalations(o), F::Escalations(t)) => {
                F::Escalations(escalations(b, o, t))
            }
            _ => return None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::doc::{Atom, Molecule};

    const BASE: &str = "# ATOM-001: T\n\n```yaml\nid: ATOM-001\n\ntitle: T\n\nteam: backend\n\nstatus: NOT_STARTED\n\nassigned: null\n\nfiles:\n  - a/**\n\ndependencies: []\n\ncriteria:\n  - text: One\n    done: false\n  - text: Two\n    done: false\n```\n\n## Notes\n\n- planned\n";

    fn with(text: &str, pairs: &[(&str, &str)]) -> String {
        pairs
            .iter()
            .fold(text.to_owned(), |t, (from, to)| t.replacen(from, to, 1))
    }

    #[test]
    fn the_same_criterion_ticked_next_to_other_changes_merges() {
        // Both tick One; ours also ticks Two, theirs adds a file: lines git alone cannot merge
        // (one side's `done: true` next to the other's), fields this merge can.
        let ours = with(
            BASE,
            &[(
                "One\n    done: false\n  - text: Two\n    done: false",
                "One\n    done: true\n  - text: Two\n    done: true",
            )],
        );
        let theirs = with(
            BASE,
            &[
                ("One\n    done: false", "One\n    done: true"),
                ("  - a/**\n", "  - a/**\n  - b/**\n"),
            ],
        );
        let m = merge::<Atom>(BASE, &ours, &theirs);
        assert!(m.conflicts.is_empty(), "{m:?}");
        let (a, _) = Atom::parse("", &m.text);
        let a = a.unwrap();
        assert!(a.criteria.iter().all(|c| c.done), "{}", m.text);
        assert_eq!(a.files, ["a/**", "b/**"]);
    }

    #[test]
    fn criteria_added_and_ticked_on_both_sides_are_all_kept() {
        let ours = with(
            BASE,
            &[(
                "  - text: Two\n    done: false\n",
                "  - text: Two\n    done: true\n  - text: Three\n    done: false\n",
            )],
        );
        let theirs = with(
            BASE,
            &[(
                "  - text: Two\n    done: false\n",
                "  - text: Two\n    done: false\n  - text: Four\n    done: true\n",
            )],
        );
        let m = merge::<Atom>(BASE, &ours, &theirs);
        assert!(m.conflicts.is_empty(), "{m:?}");
        let a = Atom::parse("", &m.text).0.unwrap();
        let got: Vec<(&str, bool)> = a
            .criteria
            .iter()
            .map(|c| (c.text.as_str(), c.done))
            .collect();
        assert_eq!(
            got,
            [
                ("One", false),
                ("Two", true),
                ("Three", false),
                ("Four", true)
            ]
        );
    }

    #[test]
    fn two_claimants_stay_a_conflict() {
        let claim = |who: &str| {
            with(
                BASE,
                &[
                    ("status: NOT_STARTED", "status: IN_PROGRESS"),
                    ("assigned: null", &format!("assigned: {who}")),
                ],
            )
        };
        let m = merge::<Atom>(BASE, &claim("ann"), &claim("bob"));
        assert_eq!(m.conflicts, ["assigned"]);
        assert!(
            m.text.contains("<<<<<<< ours") && m.text.contains("assigned: bob"),
            "{}",
            m.text
        );
    }

    #[test]
    fn notes_from_both_sides_are_kept() {
        let ours = format!("{BASE}- ours noted\n");
        let theirs = with(
            &format!("{BASE}- theirs noted\n"),
            &[("status: NOT_STARTED", "status: BLOCKED")],
        );
        let m = merge::<Atom>(BASE, &ours, &theirs);
        assert!(m.conflicts.is_empty(), "{m:?}");
        assert!(
            m.text
                .ends_with("- planned\n- ours noted\n- theirs noted\n"),
            "{}",
            m.text
        );
        assert!(m.text.contains("status: BLOCKED"));
    }

    #[test]
    fn lists_keep_additions_and_removals_of_both_sides() {
        assert_eq!(list(&[1, 2, 3], &[1, 3, 4], &[2, 3, 5]), [3, 4, 5]);
    }

    #[test]
    fn molecule_points_merge_by_name() {
        let base = "```yaml\nid: MOLECULE-001\n\ntitle: M\n\nteams: [a, b]\n\ncomplexity: SIMPLE\n\nstatus: ACTIVE\n\nlead: a\n\nintegration_points:\n  API: PENDING\n  UI: PENDING\n```\n";
        let ours = base.replace("API: PENDING", "API: VALIDATED");
        let theirs = base.replace("UI: PENDING", "UI: FAILED");
        let m = merge::<Molecule>(base, &ours, &theirs);
        assert!(m.conflicts.is_empty(), "{m:?}");
        assert!(
            m.text.contains("API: VALIDATED") && m.text.contains("UI: FAILED"),
            "{}",
            m.text
        );
        let clash = merge::<Molecule>(base, &ours, &base.replace("API: PENDING", "API: FAILED"));
        assert_eq!(clash.conflicts, ["integration_points"], "{}", clash.text);
    }
}
