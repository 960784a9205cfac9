//! `coord atoms edit`: any field of an atom changed from the command line. The request is read
//! and checked first (values, ids that must exist), then one pure function turns it into the
//! fields to write, deciding on the file as it is under its lock.

use crate::clock;
use crate::config::{Pattern, Zones};
use crate::doc::Atom;
use crate::doc::{AtomField, Criterion, Priority, Status, id_of_kind, normalize_id};
use crate::error::{Error, Refusal, Result};
use crate::workspace::Snapshot;

/// A dependency as typed: `ATOM-002` or `ATOM-002:needs the schema`.
pub fn parse_dependency(text: &str) -> Result<(String, Option<String>)> {
    let (id, note) = match text.split_once(':') {
        Some((id, note)) => (id, Some(note.trim()).filter(|n| !n.is_empty())),
        None => (text, None),
    };
    let id = if id.trim().to_ascii_uppercase().starts_with("MOLECULE-") {
        normalize_id(id)?
    } else {
        id_of_kind(id, "ATOM")?
    };
    Ok((id, note.map(str::to_owned)))
}

/// The word that clears an optional value (`--due none`).
const NONE: &str = "none";

/// A duration as typed, or why not.
pub fn check_estimate(text: &str) -> Result<()> {
    match clock::parse_duration(text) {
        Some(_) => Ok(()),
        None => Err(Error::usage(
            format!("`{text}` is not a duration"),
            Some("write 30m, 4h, 2d or 1d4h".to_owned()),
        )),
    }
}

/// A deadline as typed, or why not.
pub fn check_due(text: &str) -> Result<()> {
    match clock::parse_due(text) {
        Some(_) => Ok(()),
        None => Err(Error::usage(
            format!("`{text}` is not a date"),
            Some("write a date such as 2026-12-01, or an RFC 3339 time".to_owned()),
        )),
    }
}

/// A path or glob as typed, or why not.
pub fn check_file(flag: &str, text: &str) -> Result<()> {
    Pattern::new(text, 0).map(drop).map_err(|why| {
        Error::usage(
            format!("invalid {flag} `{text}`: {why}"),
            Some("give a path or glob relative to the repository root".to_owned()),
        )
    })
}

/// A phase that zones.yaml defines (any number when it defines none), or why not.
pub fn check_phase(zones: &Zones, phase: u32) -> Result<()> {
    if zones.phases.is_empty() || zones.phases.iter().any(|ph| ph.id == phase) {
        return Ok(());
    }
    let ids: Vec<String> = zones.phases.iter().map(|ph| ph.id.to_string()).collect();
    Err(Error::usage(
        format!("no phase {phase} in zones.yaml"),
        Some(format!("phases: {}", ids.join(", "))),
    ))
}

/// That every id names an atom or molecule of `snap`, and none a cancelled atom (work that waits
/// for it would wait forever).
pub fn check_exist(snap: &Snapshot, flag: &str, ids: &[(String, Option<String>)]) -> Result<()> {
    for (id, _) in ids {
        if !snap.exists(id) {
            return Err(Error::usage(
                format!("{flag} {id}: no such atom or molecule"),
                Some("list them with `coord atoms list` and `coord molecules list`".to_owned()),
            ));
        }
        if snap.atom(id).is_some_and(|a| a.status == Status::Cancelled) {
            return Err(Error::usage(
                format!("{flag} {id}: it is CANCELLED and will never finish"),
                Some(format!(
                    "reopen it first with `coord atoms reopen {id} --reason TEXT`"
                )),
            ));
        }
    }
    Ok(())
}

/// What `atoms edit` is asked to change; `None` and empty lists leave a field as it is.
#[derive(Debug, Clone, Default)]
pub struct Changes {
    /// New title.
    pub title: Option<String>,
    /// New priority.
    pub priority: Option<Priority>,
    /// New estimate; `Some(None)` clears it.
    pub estimate: Option<Option<String>>,
    /// New phase; `Some(None)` clears it.
    pub phase: Option<Option<u32>>,
    /// New deadline; `Some(None)` clears it.
    pub due: Option<Option<String>>,
    /// The whole list of files, replacing it.
    pub files: Option<Vec<String>>,
    /// Files to add.
    pub add_files: Vec<String>,
    /// Files to remove.
    pub remove_files: Vec<String>,
    /// The whole list of dependencies, replacing it.
    pub depends: Option<Vec<(String, Option<String>)>>,
    /// Dependencies to add (or whose note to change).
    pub add_deps: Vec<(String, Option<String>)>,
    /// Dependencies to remove.
    pub remove_deps: Vec<String>,
    /// Criteria to add.
    pub add_criteria: Vec<String>,
    /// Criteria to remove, by number from 1 (as `atoms show` numbers them before the edit).
    pub remove_criteria: Vec<usize>,
}

impl Changes {
    /// Read the typed values: ids normalised, `none` as clearing, every value checked.
    #[allow(clippy::too_many_arguments)]
    pub fn check(mut self, zones: &Zones) -> Result<Changes> {
        if let Some(t) = &self.title
            && t.trim().is_empty()
        {
            return Err(Error::usage("the title is empty", None));
        }
        if let Some(Some(e)) = &self.estimate {
            check_estimate(e)?;
        }
        if let Some(Some(d)) = &self.due {
            check_due(d)?;
        }
        if let Some(Some(p)) = self.phase {
            check_phase(zones, p)?;
        }
        for f in self.files.iter().flatten() {
            check_file("--files", f)?;
        }
        for f in &self.add_files {
            check_file("--add-file", f)?;
        }
        for d in &mut self.remove_deps {
            *d = parse_dependency(d)?.0;
        }
        if self.is_empty() {
            return Err(Error::usage(
                "nothing to change",
                Some("give at least one flag; see `coord atoms edit --help`".to_owned()),
            ));
        }
        Ok(self)
    }

    /// Whether nothing is asked.
    pub fn is_empty(&self) -> bool {
        self.title.is_none()
            && self.priority.is_none()
            && self.estimate.is_none()
            && self.phase.is_none()
            && self.due.is_none()
            && self.files.is_none()
            && self.add_files.is_empty()
            && self.remove_files.is_empty()
            && self.depends.is_none()
            && self.add_deps.is_empty()
            && self.remove_deps.is_empty()
            && self.add_criteria.is_empty()
            && self.remove_criteria.is_empty()
    }

    /// Every dependency id the edit adds, for checking that they exist.
    pub fn new_dependencies(&self) -> Vec<(String, Option<String>)> {
        self.depends
            .iter()
            .flatten()
            .chain(&self.add_deps)
            .cloned()
            .collect()
    }
}

/// Read an optional value where `none` clears it.
pub fn clearable(text: Option<String>) -> Option<Option<String>> {
    text.map(|t| (!t.eq_ignore_ascii_case(NONE)).then_some(t))
}

/// The fields an edit writes to `a`, or why it cannot: removing what is not there, an atom
/// waiting for itself. Only the fields that change are returned.
pub fn apply(a: &Atom, c: &Changes) -> Result<Vec<AtomField>, Refusal> {
    let mut out = Vec::new();
    if let Some(t) = &c.title {
        out.push(AtomField::Title(t.trim().to_owned()));
    }
    if let Some(p) = c.priority {
        out.push(AtomField::Priority(p));
    }
    if let Some(e) = &c.estimate {
        out.push(AtomField::Estimated(e.clone()));
    }
    if let Some(p) = c.phase {
        out.push(AtomField::Phase(p));
    }
    if let Some(d) = &c.due {
        out.push(AtomField::Due(d.clone()));
    }
    if c.files.is_some() || !c.add_files.is_empty() || !c.remove_files.is_empty() {
        let mut files = c.files.clone().unwrap_or_else(|| a.files.clone());
        for f in &c.remove_files {
            let Some(at) = files.iter().position(|x| x == f) else {
                return Err(Refusal::input(
                    format!("{} does not list the file `{f}`", a.id),
                    format!("its files: {}", a.files.join(", ")),
                ));
            };
            files.remove(at);
        }
        for f in &c.add_files {
            if !files.contains(f) {
                files.push(f.clone());
            }
        }
        out.push(AtomField::Files(files));
    }
    if c.depends.is_some() || !c.add_deps.is_empty() || !c.remove_deps.is_empty() {
        let mut deps = c
            .depends
            .clone()
            .unwrap_or_else(|| a.dependencies_with_notes());
        for d in &c.remove_deps {
            let Some(at) = deps.iter().position(|(x, _)| x == d) else {
                return Err(Refusal::input(
                    format!("{} does not depend on {d}", a.id),
                    format!("its dependencies: {}", a.dependencies.join(", ")),
                ));
            };
            deps.remove(at);
        }
        for (id, note) in &c.add_deps {
            match deps.iter_mut().find(|(x, _)| x == id) {
                Some(existing) => existing.1 = note.clone().or(existing.1.take()),
                None => deps.push((id.clone(), note.clone())),
            }
        }
        if deps.iter().any(|(d, _)| *d == a.id) {
            return Err(Refusal::input(
                format!("{} cannot depend on itself", a.id),
                None,
            ));
        }
        out.push(AtomField::Dependencies(deps));
    }
    if !c.add_criteria.is_empty() || !c.remove_criteria.is_empty() {
        let count = a.criteria.len();
        if let Some(n) = c.remove_criteria.iter().find(|n| **n == 0 || **n > count) {
            return Err(Refusal::input(
                format!("{} has {count} criteria; there is no criterion {n}", a.id),
                format!("see them with `coord atoms show {}`", a.id),
            ));
        }
        let mut criteria: Vec<Criterion> = a
            .criteria
            .iter()
            .enumerate()
            .filter(|(i, _)| !c.remove_criteria.contains(&(i + 1)))
            .map(|(_, x)| x.clone())
            .collect();
        for text in &c.add_criteria {
            let text = text.trim();
            if text.is_empty() {
                return Err(Refusal::input("a criterion is empty", None));
            }
            criteria.push(Criterion {
                text: text.to_owned(),
                done: false,
            });
        }
        out.push(AtomField::Criteria(criteria));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::doc::atom;

    fn sample() -> Atom {
        let text = "```yaml\nid: ATOM-002\ntitle: T\nteam: a\nstatus: NOT_STARTED\nfiles: [a.rs, b.rs]\ndependencies:\n  - ATOM-001: needs the schema\n  - MOLECULE-001\ncriteria:\n  - text: one\n    done: true\n  - text: two\n```\n";
        atom::parse("t/ATOMIC_TASKS/ATOM-002.md", text).0.unwrap()
    }

    #[test]
    fn only_what_is_asked_is_written() {
        let changes = Changes {
            title: Some(" New ".into()),
            due: Some(Some("2026-12-01".into())),
            ..Changes::default()
        };
        assert_eq!(
            apply(&sample(), &changes).unwrap(),
            vec![
                AtomField::Title("New".into()),
                AtomField::Due(Some("2026-12-01".into()))
            ]
        );
    }

    #[test]
    fn lists_add_and_remove_keeping_notes_and_order() {
        let changes = Changes {
            add_files: vec!["c.rs".into(), "a.rs".into()],
            remove_files: vec!["b.rs".into()],
            add_deps: vec![("ATOM-003".into(), Some("for the API".into()))],
            remove_deps: vec!["MOLECULE-001".into()],
            add_criteria: vec!["three".into()],
            remove_criteria: vec![1],
            ..Changes::default()
        };
        let fields = apply(&sample(), &changes).unwrap();
        assert_eq!(
            fields[0],
            AtomField::Files(vec!["a.rs".into(), "c.rs".into()])
        );
        assert_eq!(
            fields[1],
            AtomField::Dependencies(vec![
                ("ATOM-001".into(), Some("needs the schema".into())),
                ("ATOM-003".into(), Some("for the API".into())),
            ])
        );
        let AtomField::Criteria(c) = &fields[2] else {
            panic!("criteria expected")
        };
        let texts: Vec<&str> = c.iter().map(|c| c.text.as_str()).collect();
        assert_eq!(texts, ["two", "three"]);
    }

    #[test]
    fn removing_what_is_not_there_or_waiting_for_itself_is_refused() {
        let refused = |c: Changes| apply(&sample(), &c).unwrap_err();
        let r = refused(Changes {
            remove_files: vec!["z.rs".into()],
            ..Changes::default()
        });
        assert!(r.bad_input && r.message.contains("z.rs"));
        let r = refused(Changes {
            remove_deps: vec!["ATOM-009".into()],
            ..Changes::default()
        });
        assert!(r.message.contains("does not depend on ATOM-009"));
        let r = refused(Changes {
            add_deps: vec![("ATOM-002".into(), None)],
            ..Changes::default()
        });
        assert!(r.message.contains("itself"));
        let r = refused(Changes {
            remove_criteria: vec![3],
            ..Changes::default()
        });
        assert!(r.message.contains("no criterion 3"));
    }

    #[test]
    fn typed_dependencies_and_clearing_words() {
        assert_eq!(
            parse_dependency("atom-2:needs it").unwrap(),
            ("ATOM-002".into(), Some("needs it".into()))
        );
        assert_eq!(parse_dependency("MOLECULE-001").unwrap().1, None);
        assert_eq!(parse_dependency("7").unwrap().0, "ATOM-007");
        assert!(parse_dependency("nope:x").is_err());
        assert_eq!(clearable(Some("None".into())), Some(None));
        assert_eq!(clearable(Some("4h".into())), Some(Some("4h".into())));
        assert_eq!(clearable(None), None);
    }
}
