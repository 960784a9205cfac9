//! Risks: one each, in `JOINT_COORDINATION/RISKS/RISK-NNN.md` (a risk register entry: how likely,
//! how bad, whose, what is done about it and what would set it off).

use serde::{Deserialize, Serialize};

use super::record::Set;
use super::{Problem, StatusFile, parse_checked};
use crate::clock::Stamp;
use crate::finding::Code;
use crate::yaml::Spanned;
use crate::yaml::edit::Value;

/// Folder of risks.
pub const DIR: &str = crate::config::layout::RISKS_DIR;

/// How likely a risk is.
pub const PROBABILITIES: [&str; 3] = ["LOW", "MEDIUM", "HIGH"];
/// How bad it would be.
pub const IMPACTS: [&str; 4] = ["LOW", "MEDIUM", "HIGH", "CRITICAL"];
/// Where a risk is.
pub const STATUSES: [&str; 4] = ["OPEN", "MITIGATING", "CLOSED", "OCCURRED"];

/// A word of `list`, normalised, if it is one.
pub fn word(list: &[&'static str], text: &str) -> Option<&'static str> {
    let norm = text.trim().to_ascii_uppercase();
    list.iter().copied().find(|w| *w == norm)
}

/// One risk.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Risk {
    /// `RISK-001`.
    pub id: String,
    /// What could go wrong.
    pub title: String,
    /// LOW, MEDIUM or HIGH.
    pub probability: String,
    /// LOW, MEDIUM, HIGH or CRITICAL.
    pub impact: String,
    /// The team that owns it.
    pub owner: String,
    /// OPEN, MITIGATING, CLOSED or OCCURRED.
    pub status: String,
    /// What is done to make it less likely or less bad.
    pub mitigation: Option<String>,
    /// What would show it is happening.
    pub trigger: Option<String>,
    /// Atoms (and molecules) it threatens.
    pub atoms: Vec<String>,
    /// Repository-relative path of its file.
    pub path: String,
}

impl Risk {
    /// Still to be watched: OPEN or MITIGATING.
    pub fn is_open(&self) -> bool {
        matches!(self.status.as_str(), "OPEN" | "MITIGATING")
    }

    /// Severity for sorting, the worst first: impact, then probability.
    pub fn severity(&self) -> (usize, usize) {
        let at = |l: &[&str], w: &str| l.iter().position(|x| *x == w).unwrap_or(0);
        (
            at(&IMPACTS, &self.impact),
            at(&PROBABILITIES, &self.probability),
        )
    }
}

/// Keys of a risk's YAML block, in written order.
pub const KEYS: &[&str] = &[
    "id",
    "title",
    "probability",
    "impact",
    "owner",
    "status",
    "mitigation",
    "trigger",
    "atoms",
];

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRisk {
    id: Spanned<String>,
    title: Option<String>,
    probability: Spanned<String>,
    impact: Spanned<String>,
    owner: Spanned<String>,
    status: Spanned<String>,
    mitigation: Option<String>,
    trigger: Option<String>,
    atoms: Option<Vec<Spanned<String>>>,
}

/// Parse a risk file. Problems carry byte offsets into `text`.
pub fn parse(path: &str, text: &str) -> (Option<Risk>, Vec<Problem>) {
    let (raw, mut check) = match parse_checked::<RawRisk>(text, KEYS) {
        Ok(ok) => ok,
        Err(problem) => return (None, vec![problem]),
    };
    check.id(&raw.id, "RISK");
    let mut vocab = |s: &Spanned<String>, list: &[&'static str], what: &str| {
        let allowed = list.join(", ");
        check.vocab(
            s,
            |t| word(list, t),
            Code::InvalidRiskField,
            what,
            &allowed,
            list[0],
        )
    };
    let probability = vocab(&raw.probability, &PROBABILITIES, "probability");
    let impact = vocab(&raw.impact, &IMPACTS, "impact");
    let status = vocab(&raw.status, &STATUSES, "risk status");
    let atoms = raw.atoms.unwrap_or_default();
    check.record_ids(&atoms);
    let risk = Risk {
        id: raw.id.value,
        title: raw.title.unwrap_or_default(),
        probability: probability.to_owned(),
        impact: impact.to_owned(),
        owner: raw.owner.value,
        status: status.to_owned(),
        mitigation: raw.mitigation.filter(|m| !m.trim().is_empty()),
        trigger: raw.trigger.filter(|m| !m.trim().is_empty()),
        atoms: atoms.into_iter().map(|a| a.value).collect(),
        path: path.to_owned(),
    };
    check.heading_names(&risk.id);
    (Some(risk), check.problems)
}

impl StatusFile for Risk {
    const NOUN: &'static str = "risk";
    const KIND: &'static str = "RISK";
    const KEYS: &'static [&'static str] = KEYS;
    type Field = Set;
    fn parse(path: &str, text: &str) -> (Option<Risk>, Vec<Problem>) {
        parse(path, text)
    }
    fn all_fields(&self) -> Vec<Set> {
        vec![
            Set::new("id", Value::Str(self.id.clone())),
            Set::new("title", Value::Str(self.title.clone())),
            Set::new("probability", Value::Str(self.probability.clone())),
            Set::new("impact", Value::Str(self.impact.clone())),
            Set::new("owner", Value::Str(self.owner.clone())),
            Set::new("status", Value::Str(self.status.clone())),
            Set::text("mitigation", self.mitigation.as_deref()),
            Set::text("trigger", self.trigger.as_deref()),
            Set::list("atoms", &self.atoms),
        ]
    }
    fn id(&self) -> &str {
        &self.id
    }
    fn set_last_updated(&mut self, _at: Stamp) {}
}
