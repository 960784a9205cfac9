//! A molecule's life cycle as pure functions: given the molecule, the request and what its
//! component atoms say, the fields to write, or why not.

use crate::doc::molecule::Point;
use crate::doc::{Molecule, MoleculeField, MoleculeStatus};
use crate::error::Refusal;

/// The outcome of a step: the fields to write, or a refusal.
pub type Step = Result<Vec<MoleculeField>, Refusal>;

/// Move to `new`. COMPLETE is refused while a component atom in `unfinished` is open, unless
/// `force`, and always while an integration point or success criterion is PENDING or FAILED
/// (a complete integration has validated what it set out to).
pub fn set_status(m: &Molecule, new: MoleculeStatus, unfinished: &[String], force: bool) -> Step {
    if new == MoleculeStatus::Complete && !force && !unfinished.is_empty() {
        return Err(Refusal::state(
            format!(
                "{} has unfinished component atoms: {}",
                m.id,
                unfinished.join(", ")
            ),
            "finish them first, or use --force".to_owned(),
        ));
    }
    if new == MoleculeStatus::Complete {
        let open: Vec<String> = m
            .integration_points
            .iter()
            .chain(&m.success_criteria)
            .filter(|p| p.status == "PENDING" || p.status == "FAILED")
            .map(|p| format!("{} ({})", p.name, p.status))
            .collect();
        if !open.is_empty() {
            return Err(Refusal::state(
                format!("{} has checks not passed: {}", m.id, open.join(", ")),
                format!(
                    "validate them first: `coord molecules point {} NAME VALIDATED`",
                    m.id
                ),
            ));
        }
    }
    Ok(vec![MoleculeField::Status(new)])
}

/// Which list a named check belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PointKind {
    /// `integration_points`.
    Integration,
    /// `success_criteria`.
    Success,
}

impl PointKind {
    /// The list in words.
    pub fn words(self) -> &'static str {
        match self {
            PointKind::Integration => "integration points",
            PointKind::Success => "success criteria",
        }
    }
}

/// Set a named check's status (a status from `POINT_STATUSES`); a new name is added at the end.
pub fn set_point(m: &Molecule, kind: PointKind, name: &str, status: &str) -> Step {
    if name.trim().is_empty() {
        return Err(Refusal::input("the name is empty", None));
    }
    let mut list = match kind {
        PointKind::Integration => m.integration_points.clone(),
        PointKind::Success => m.success_criteria.clone(),
    };
    match list.iter_mut().find(|p| p.name == name) {
        Some(p) => p.status = status.to_owned(),
        None => list.push(Point {
            name: name.to_owned(),
            status: status.to_owned(),
        }),
    }
    Ok(vec![match kind {
        PointKind::Integration => MoleculeField::IntegrationPoints(list),
        PointKind::Success => MoleculeField::SuccessCriteria(list),
    }])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn molecule() -> Molecule {
        let (m, problems) = crate::doc::molecule::parse(
            "m.md",
            "```yaml\nid: MOLECULE-001\ntitle: M\nteams: [a]\ncomplexity: SIMPLE\nstatus: ACTIVE\nlead: a\natoms: [ATOM-001]\nintegration_points:\n  API: PENDING\n```\n",
        );
        assert!(problems.is_empty(), "{problems:?}");
        m.unwrap()
    }

    #[test]
    fn complete_waits_for_every_check_to_pass_even_when_forced() {
        let m = molecule();
        let r = set_status(&m, MoleculeStatus::Complete, &[], true).unwrap_err();
        assert_eq!(
            r.message,
            "MOLECULE-001 has checks not passed: API (PENDING)"
        );
        let mut failed = molecule();
        failed.integration_points[0].status = "FAILED".into();
        assert!(set_status(&failed, MoleculeStatus::Complete, &[], false).is_err());
        assert!(set_status(&m, MoleculeStatus::Testing, &[], false).is_ok());
    }

    #[test]
    fn complete_waits_for_every_component_atom_unless_forced() {
        let mut m = molecule();
        m.integration_points[0].status = "VALIDATED".into();
        let open = vec!["ATOM-001".to_owned()];
        let r = set_status(&m, MoleculeStatus::Complete, &open, false).unwrap_err();
        assert_eq!(
            r.message,
            "MOLECULE-001 has unfinished component atoms: ATOM-001"
        );
        assert!(set_status(&m, MoleculeStatus::Complete, &open, true).is_ok());
        assert_eq!(
            set_status(&m, MoleculeStatus::Testing, &open, false).unwrap(),
            vec![MoleculeField::Status(MoleculeStatus::Testing)]
        );
        assert!(set_status(&m, MoleculeStatus::Complete, &[], false).is_ok());
    }

    #[test]
    fn points_change_in_place_or_are_added() {
        let m = molecule();
        let point = |name: &str, status: &str| Point {
            name: name.into(),
            status: status.into(),
        };
        assert_eq!(
            set_point(&m, PointKind::Integration, "API", "VALIDATED").unwrap(),
            vec![MoleculeField::IntegrationPoints(vec![point(
                "API",
                "VALIDATED"
            )])]
        );
        assert_eq!(
            set_point(&m, PointKind::Success, "Fast", "PENDING").unwrap(),
            vec![MoleculeField::SuccessCriteria(vec![point(
                "Fast", "PENDING"
            )])]
        );
        assert!(set_point(&m, PointKind::Success, " ", "PENDING").is_err());
    }
}
