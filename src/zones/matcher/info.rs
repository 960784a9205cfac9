//! What lint needs to know of each glob of the zone map.

use super::{Rule, ZoneMap};

/// What lint needs to know of a rule.
#[derive(Debug, Clone)]
pub struct RuleInfo {
    /// "readonly", "exclusive" or "joint".
    pub category: &'static str,
    /// Team (exclusive) or zone name (joint); empty for read-only.
    pub owner: String,
    /// The pattern as written.
    pub pattern: String,
    /// Implicit (a team's folder, JOINT_COORDINATION/).
    pub implicit: bool,
}

impl ZoneMap {
    /// How many globs the set holds.
    pub fn rule_count(&self) -> usize {
        self.rules.len()
    }

    /// About glob `i`.
    pub fn rule_info(&self, i: usize) -> RuleInfo {
        match &self.rules[i] {
            Rule::Readonly { pattern } => RuleInfo {
                category: "readonly",
                owner: String::new(),
                pattern: pattern.clone(),
                implicit: false,
            },
            Rule::Exclusive {
                team,
                pattern,
                implicit,
            } => RuleInfo {
                category: "exclusive",
                owner: team.clone(),
                pattern: pattern.clone(),
                implicit: *implicit,
            },
            Rule::Joint { zone, pattern, .. } => RuleInfo {
                category: "joint",
                owner: zone.clone(),
                pattern: pattern.clone(),
                implicit: zone == crate::config::layout::JOINT_DIR,
            },
            Rule::Ordered {
                owners, pattern, ..
            } => RuleInfo {
                category: "rule",
                owner: owners.join(", "),
                pattern: pattern.clone(),
                implicit: false,
            },
        }
    }
}
