//! The serde mirror of zones.yaml: every key as written, with positions, before validation.

use serde::Deserialize;

use crate::yaml::{Spanned, SpannedMap};

/// zones.yaml as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawZones {
    pub version: Spanned<u32>,
    pub teams: Spanned<Option<SpannedMap<RawTeam>>>,
    pub exclusive: Option<SpannedMap<Vec<Spanned<String>>>>,
    pub shared: Option<SpannedMap<Option<SpannedMap<Spanned<String>>>>>,
    pub joint: Option<SpannedMap<RawJoint>>,
    pub readonly: Option<Vec<Spanned<String>>>,
    pub rules: Option<Vec<RawRule>>,
    pub unowned: Option<Spanned<String>>,
    pub identity: Option<Spanned<String>>,
    pub signers: Option<Spanned<String>>,
    pub escalation: Option<Vec<RawLevel>>,
    pub phases: Option<Vec<RawPhase>>,
    pub dashboard: Option<RawDashboard>,
    pub claims: Option<RawClaims>,
    pub kpi: Option<RawKpi>,
    pub coordinate_when: Option<RawCoordinateWhen>,
}

/// KPI targets as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawKpi {
    pub lead_time: Option<Spanned<String>>,
    pub cycle_time: Option<Spanned<String>>,
    pub blocked_share: Option<f64>,
    pub estimate_accuracy: Option<f64>,
    pub throughput: Option<f64>,
    pub reopened: Option<usize>,
    pub conflicts: Option<usize>,
    pub escalation_breaches: Option<usize>,
}

/// When a change calls for the coordinator, as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawCoordinateWhen {
    pub teams: Spanned<usize>,
}

/// Claim settings as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawClaims {
    pub lease: Option<Spanned<String>>,
}

/// One team as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawTeam {
    pub name: Option<String>,
    pub dir: Spanned<String>,
    #[serde(default)]
    pub members: Vec<Spanned<String>>,
    pub handle: Option<Spanned<String>>,
    pub lead: Option<String>,
    #[serde(default)]
    pub contacts: Vec<String>,
}

/// One ordered rule as written (CODEOWNERS semantics: the last that matches decides).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawRule {
    pub pattern: Spanned<String>,
    #[serde(default)]
    pub owners: Vec<Spanned<String>>,
}

/// One joint zone as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawJoint {
    pub paths: Vec<Spanned<String>>,
    pub owners: Vec<Spanned<String>>,
}

/// One escalation level as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawLevel {
    pub level: Spanned<u32>,
    pub name: String,
    pub response: Spanned<String>,
    pub involves: Option<Vec<String>>,
}

/// One phase as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawPhase {
    pub id: Spanned<u32>,
    pub name: String,
    pub start: Option<Spanned<String>>,
    pub end: Option<Spanned<String>>,
    pub objective: Option<String>,
    #[serde(default)]
    pub gate: Vec<String>,
}

/// Dashboard settings as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawDashboard {
    pub offline_days: Option<Spanned<u32>>,
    pub update: Option<Spanned<String>>,
    pub branch: Option<Spanned<String>>,
    pub author: Option<Spanned<String>>,
}
