//! Molecules: cross-team integrations, in `JOINT_COORDINATION/MOLECULES/MOLECULE-NNN.md`.

use serde::{Deserialize, Serialize};

use super::{Checker, Escalation, Problem, RawEscalation, parse_checked};
use crate::finding::Code;
use crate::yaml::{Spanned, SpannedMap};

/// Where a molecule is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum MoleculeStatus {
    /// Being planned.
    Planning,
    /// Being built.
    Active,
    /// Being tested.
    Testing,
    /// Done.
    Complete,
}

impl MoleculeStatus {
    /// Every status, in order.
    pub const ALL: [MoleculeStatus; 4] = [
        MoleculeStatus::Planning,
        MoleculeStatus::Active,
        MoleculeStatus::Testing,
        MoleculeStatus::Complete,
    ];

    /// As written in files.
    pub fn as_str(self) -> &'static str {
        match self {
            MoleculeStatus::Planning => "PLANNING",
            MoleculeStatus::Active => "ACTIVE",
            MoleculeStatus::Testing => "TESTING",
            MoleculeStatus::Complete => "COMPLETE",
        }
    }

    /// Parse the written form (case-insensitive).
    pub fn parse(text: &str) -> Option<MoleculeStatus> {
        let norm = text.trim().to_ascii_uppercase();
        MoleculeStatus::ALL.into_iter().find(|s| s.as_str() == norm)
    }
}

/// How hard an integration is.
pub const COMPLEXITIES: [&str; 3] = ["SIMPLE", "MODERATE", "COMPLEX"];

/// Normalise a complexity, if it is one.
pub fn parse_complexity(text: &str) -> Option<&'static str> {
    let norm = text.trim().to_ascii_uppercase();
    COMPLEXITIES.into_iter().find(|c| *c == norm)
}

/// Status of an integration point or a success criterion.
pub const POINT_STATUSES: [&str; 4] = ["PENDING", "IN_PROGRESS", "VALIDATED", "FAILED"];

/// Normalise a point status, if it is one.
pub fn parse_point_status(text: &str) -> Option<&'static str> {
    let norm = text.trim().to_ascii_uppercase().replace(['-', ' '], "_");
    POINT_STATUSES.into_iter().find(|s| *s == norm)
}

/// A named check inside a molecule, with its status.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Point {
    /// Its name.
    pub name: String,
    /// PENDING, IN_PROGRESS, VALIDATED or FAILED.
    pub status: String,
}

/// A cross-team integration.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Molecule {
    /// `MOLECULE-002`.
    pub id: String,
    /// Short title.
    pub title: String,
    /// Every participating team (lead first).
    pub teams: Vec<String>,
    /// SIMPLE, MODERATE or COMPLEX.
    pub complexity: String,
    /// Where it is.
    pub status: MoleculeStatus,
    /// Lead team.
    pub lead: String,
    /// Supporting teams.
    pub support: Vec<String>,
    /// Component atoms.
    pub atoms: Vec<String>,
    /// Other atoms and molecules it waits for.
    pub dependencies: Vec<String>,
    /// Integration points and their status.
    pub integration_points: Vec<Point>,
    /// Success criteria and their status.
    pub success_criteria: Vec<Point>,
    /// Phase number.
    pub phase: Option<u32>,
    /// Escalations raised on it.
    pub escalations: Vec<Escalation>,
    /// Last change (RFC 3339).
    pub last_updated: Option<crate::clock::Stamp>,
    /// Repository-relative path of its file.
    pub path: String,
}

/// Keys of a molecule's YAML block, in the order coord writes them.
pub const KEYS: &[&str] = &[
    "id",
    "title",
    "teams",
    "complexity",
    "status",
    "lead",
    "support",
    "atoms",
    "dependencies",
    "integration_points",
    "success_criteria",
    "phase",
    "escalations",
    "last_updated",
];

#[derive(Deserialize)]
struct RawMolecule {
    id: Spanned<String>,
    title: Option<String>,
    teams: Option<Vec<String>>,
    complexity: Option<Spanned<String>>,
    status: Spanned<String>,
    lead: Spanned<String>,
    support: Option<Vec<Spanned<String>>>,
    atoms: Option<Vec<Spanned<String>>>,
    dependencies: Option<Vec<Spanned<String>>>,
    integration_points: Option<SpannedMap<Spanned<String>>>,
    success_criteria: Option<SpannedMap<Spanned<String>>>,
    phase: Option<u32>,
    escalations: Option<Vec<RawEscalation>>,
    last_updated: Option<Spanned<String>>,
}

/// Named checks with their statuses, each status checked.
fn points(check: &mut Checker, map: Option<SpannedMap<Spanned<String>>>) -> Vec<Point> {
    map.unwrap_or_default()
        .0
        .into_iter()
        .map(|(name, status)| {
            let what = format!("status for `{}`", name.value);
            let status = check.vocab(
                &status,
                parse_point_status,
                Code::InvalidPointStatus,
                &what,
                "PENDING, IN_PROGRESS, VALIDATED or FAILED",
                "PENDING",
            );
            Point {
                name: name.value,
                status: status.to_owned(),
            }
        })
        .collect()
}

/// A list of atom or molecule ids, each checked.
fn ids(check: &mut Checker, list: Option<Vec<Spanned<String>>>) -> Vec<String> {
    let list = list.unwrap_or_default();
    check.ids(&list);
    list.into_iter().map(|s| s.value).collect()
}

/// Parse a molecule file. Problems carry byte offsets into `text`.
pub fn parse(path: &str, text: &str) -> (Option<Molecule>, Vec<Problem>) {
    let (raw, mut check) = match parse_checked::<RawMolecule>(text, KEYS) {
        Ok(ok) => ok,
        Err(problem) => return (None, vec![problem]),
    };
    check.id(&raw.id, "MOLECULE");
    let status = check.vocab(
        &raw.status,
        MoleculeStatus::parse,
        Code::InvalidStatus,
        "molecule status",
        "PLANNING, ACTIVE, TESTING or COMPLETE",
        MoleculeStatus::Planning,
    );
    let complexity = match &raw.complexity {
        None => "MODERATE",
        Some(c) => check.vocab(
            c,
            parse_complexity,
            Code::InvalidComplexity,
            "complexity",
            "SIMPLE, MODERATE or COMPLEX",
            "MODERATE",
        ),
    }
    .to_owned();
    if let Some(stamp) = &raw.last_updated {
        check.time(stamp);
    }
    let integration_points = points(&mut check, raw.integration_points);
    let success_criteria = points(&mut check, raw.success_criteria);
    let atoms = ids(&mut check, raw.atoms);
    let dependencies = ids(&mut check, raw.dependencies);
    let support: Vec<String> = raw
        .support
        .unwrap_or_default()
        .into_iter()
        .map(|s| s.value)
        .collect();
    let teams = raw.teams.unwrap_or_else(|| {
        std::iter::once(raw.lead.value.clone())
            .chain(support.iter().cloned())
            .collect()
    });
    let molecule = Molecule {
        id: raw.id.value,
        title: raw.title.unwrap_or_default(),
        teams,
        complexity,
        status,
        lead: raw.lead.value,
        support,
        atoms,
        dependencies,
        integration_points,
        success_criteria,
        phase: raw.phase,
        escalations: raw
            .escalations
            .unwrap_or_default()
            .into_iter()
            .map(RawEscalation::into_escalation)
            .collect(),
        last_updated: raw
            .last_updated
            .map(|s| crate::clock::Stamp::parse(&s.value)),
        path: path.to_owned(),
    };
    check.heading_names(&molecule.id);
    (Some(molecule), check.problems)
}
