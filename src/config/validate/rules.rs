//! The ordered `rules:` of zones.yaml, checked.

use std::collections::BTreeSet;

use super::Problems;
use crate::config::raw::RawRule;
use crate::config::{OrderedRule, Pattern};

/// Ordered rules: each pattern read with CODEOWNERS semantics, each owner a defined team.
pub(super) fn rules(
    p: &mut Problems,
    raw: &[RawRule],
    known: &BTreeSet<String>,
) -> Vec<OrderedRule> {
    let mut out = Vec::new();
    for rule in raw {
        for owner in &rule.owners {
            p.known_team(
                known,
                owner,
                format!("unknown team `{}` in rules", owner.value),
            );
        }
        match Pattern::codeowners(&rule.pattern.value, p.line(&rule.pattern)) {
            Ok(pattern) => out.push(OrderedRule {
                pattern,
                owners: rule.owners.iter().map(|o| o.value.clone()).collect(),
            }),
            Err(why) => p.at(
                &rule.pattern,
                format!("invalid rule pattern `{}`: {why}", rule.pattern.value),
                "pattern",
                Some("rules use CODEOWNERS syntax: `*.js`, `/docs/`, `apps/**/x`".to_owned()),
            ),
        }
    }
    out
}
