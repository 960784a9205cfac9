//! The decision log: decisions proposed, accepted, rejected and superseded, each a file in
//! `JOINT_COORDINATION/DECISIONS/`. Each step is a pure function of the decision as it is; the
//! file is written under its lock, only the lines of the fields that change.

use crate::clock::Stamp;
use crate::doc::decision::{DIR, Decision, DecisionStatus};
use crate::doc::record::{Set, load_all};
use crate::doc::{StatusFile, id_of_kind};
use crate::error::{Error, Refusal, Result};
use crate::finding::Finding;
use crate::workspace::{Snapshot, Workspace};
use crate::yaml::edit::Value;
use std::cell::OnceCell;

/// What `decisions new` is asked for.
#[derive(Debug, Clone, Default)]
pub struct NewDecision {
    /// What is to be decided.
    pub title: String,
    /// Why.
    pub context: Option<String>,
    /// The options considered.
    pub options: Vec<String>,
    /// Who decides.
    pub deciders: Vec<String>,
    /// Ids it concerns.
    pub links: Vec<String>,
}

/// A user-typed decision id (`1`, `dec-1`, `DEC-001`).
pub fn id(input: &str) -> Result<String> {
    id_of_kind(input, "DEC")
}

/// Every decision, sorted by id, with the problems of their files.
pub fn load(ws: &Workspace) -> (Vec<Decision>, Vec<Finding>) {
    load_all(&ws.root, DIR)
}

/// Whether `id` names something in the repository: an atom, molecule, decision or risk.
/// Atoms and molecules are looked up in `snap`, loaded the first time one is asked about.
pub fn exists(ws: &Workspace, snap: &OnceCell<Snapshot>, id: &str) -> bool {
    match id.split('-').next() {
        Some("DEC") => ws.root.join(format!("{DIR}/{id}.md")).is_file(),
        Some("RISK") => ws
            .root
            .join(format!("{}/{id}.md", crate::doc::risk::DIR))
            .is_file(),
        _ => snap.get_or_init(|| ws.snapshot()).exists(id),
    }
}

/// Normalise typed ids and check that each exists (reading the status files once at most).
pub fn check_links(ws: &Workspace, links: &[String]) -> Result<Vec<String>> {
    let snap = OnceCell::new();
    let mut out = Vec::new();
    for l in links {
        // A bare number is an atom, as everywhere else.
        let id = crate::doc::id_of_kind(l, "ATOM").or_else(|_| crate::doc::normalize_id(l))?;
        if !exists(ws, &snap, &id) {
            return Err(Error::usage(
                format!("--link {id}: no such record"),
                Some("link atoms, molecules, decisions or risks that exist".to_owned()),
            ));
        }
        out.push(id);
    }
    Ok(out)
}

/// Propose a decision: a new DEC file, PROPOSED, dated `today`.
pub fn create(ws: &Workspace, spec: &NewDecision, today: &Stamp) -> Result<Decision> {
    let title = spec.title.trim();
    if title.is_empty() {
        return Err(Error::usage("the title is empty", None));
    }
    let links = check_links(ws, &spec.links)?;
    let date = today
        .as_str()
        .get(..10)
        .unwrap_or(today.as_str())
        .to_owned();
    crate::doc::record::create::<Decision>(
        ws.repo()?,
        &ws.root,
        &ws.zones,
        ws.claims()?.remote(),
        DIR,
        "decision.md",
        title,
        |id| Decision {
            id: id.to_owned(),
            title: title.to_owned(),
            status: DecisionStatus::Proposed,
            date: Some(date.clone()),
            deciders: spec.deciders.clone(),
            context: spec.context.clone(),
            options: spec.options.clone(),
            decision: None,
            consequences: None,
            links: links.clone(),
            superseded_by: None,
            path: String::new(),
        },
    )
}

/// Apply a step to decision `id`, deciding on its file as it is under its lock.
pub fn step(
    ws: &Workspace,
    id: &str,
    decide: impl FnOnce(&Decision) -> std::result::Result<Vec<Set>, Refusal>,
) -> Result<Decision> {
    crate::doc::record::step(&ws.root, &ws.repo()?.coord_dir(), DIR, id, decide)
}

fn date(today: &Stamp) -> Set {
    Set::new(
        "date",
        Value::Str(
            today
                .as_str()
                .get(..10)
                .unwrap_or(today.as_str())
                .to_owned(),
        ),
    )
}

fn proposed(d: &Decision) -> std::result::Result<(), Refusal> {
    if d.status == DecisionStatus::Proposed {
        return Ok(());
    }
    Err(Refusal::state(
        format!("{} is already {}", d.id, d.status.as_str()),
        "propose a new decision that supersedes it".to_owned(),
    ))
}

/// Accept: option `n` (from 1) of those considered, or the decision in words.
pub fn accept(
    d: &Decision,
    option: Option<usize>,
    text: Option<&str>,
    consequences: Option<&str>,
    today: &Stamp,
) -> std::result::Result<Vec<Set>, Refusal> {
    proposed(d)?;
    let decided = match (option, text.map(str::trim)) {
        (Some(n), None) => d.options.get(n.wrapping_sub(1)).cloned().ok_or_else(|| {
            Refusal::input(
                format!(
                    "{} has {} options; there is no option {n}",
                    d.id,
                    d.options.len()
                ),
                format!("see them with `coord decisions show {}`", d.id),
            )
        })?,
        (None, Some(t)) if !t.is_empty() => t.to_owned(),
        _ => {
            return Err(Refusal::input(
                "say what was decided",
                "give --option N or --decision TEXT".to_owned(),
            ));
        }
    };
    let mut out = vec![
        Set::new("status", Value::Str("ACCEPTED".into())),
        date(today),
        Set::new("decision", Value::Str(decided)),
    ];
    if let Some(c) = consequences.map(str::trim).filter(|c| !c.is_empty()) {
        out.push(Set::new("consequences", Value::Str(c.to_owned())));
    }
    Ok(out)
}

/// Turn it down.
pub fn reject(d: &Decision, today: &Stamp) -> std::result::Result<Vec<Set>, Refusal> {
    proposed(d)?;
    Ok(vec![
        Set::new("status", Value::Str("REJECTED".into())),
        date(today),
    ])
}

/// Replace an accepted decision by a later one.
pub fn supersede(d: &Decision, by: &str, today: &Stamp) -> std::result::Result<Vec<Set>, Refusal> {
    if d.status != DecisionStatus::Accepted {
        return Err(Refusal::state(
            format!(
                "{} is {}: only an ACCEPTED decision is superseded",
                d.id,
                d.status.as_str()
            ),
            None,
        ));
    }
    if by == d.id {
        return Err(Refusal::input(
            format!("{} cannot supersede itself", d.id),
            None,
        ));
    }
    Ok(vec![
        Set::new("status", Value::Str("SUPERSEDED".into())),
        date(today),
        Set::optional("superseded_by", Value::Str(by.to_owned())),
    ])
}

/// Decisions of `status` (all when None), newest first.
pub fn list(ws: &Workspace, status: Option<DecisionStatus>) -> Vec<Decision> {
    let (mut all, _) = load(ws);
    all.retain(|d| status.is_none_or(|s| d.status == s));
    all.sort_by(|a, b| b.id().cmp(a.id()));
    all
}

#[cfg(test)]
mod tests {
    use super::*;

    fn proposal() -> Decision {
        crate::doc::decision::parse(
            "d.md",
            "```yaml\nid: DEC-001\ntitle: Storage\nstatus: PROPOSED\noptions: [S3, Disk]\n```\n",
        )
        .0
        .unwrap()
    }

    fn now() -> Stamp {
        Stamp::parse("2026-11-20T10:00:00Z")
    }

    #[test]
    fn accepting_takes_an_option_or_words_and_dates_it() {
        let fields = accept(&proposal(), Some(2), None, Some("ops runs disks"), &now()).unwrap();
        let value = |k: &str| fields.iter().find(|f| f.key == k).map(|f| f.value.clone());
        assert_eq!(value("decision"), Some(Value::Str("Disk".into())));
        assert_eq!(value("date"), Some(Value::Str("2026-11-20".into())));
        assert_eq!(
            value("consequences"),
            Some(Value::Str("ops runs disks".into()))
        );
        assert!(
            accept(&proposal(), Some(3), None, None, &now())
                .unwrap_err()
                .bad_input
        );
        assert!(
            accept(&proposal(), None, None, None, &now())
                .unwrap_err()
                .bad_input
        );
        let worded = accept(&proposal(), None, Some("Both"), None, &now()).unwrap();
        assert_eq!(worded[2].value, Value::Str("Both".into()));
    }

    #[test]
    fn only_proposals_are_decided_and_only_accepted_ones_superseded() {
        let mut d = proposal();
        assert!(supersede(&d, "DEC-002", &now()).is_err());
        assert!(reject(&d, &now()).is_ok());
        d.status = DecisionStatus::Accepted;
        assert!(reject(&d, &now()).is_err());
        assert!(supersede(&d, "DEC-001", &now()).unwrap_err().bad_input);
        let fields = supersede(&d, "DEC-002", &now()).unwrap();
        assert_eq!(fields[2].value, Value::Str("DEC-002".into()));
    }
}
