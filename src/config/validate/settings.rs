//! The settings of zones.yaml beyond teams and zones: the unowned policy, the identity the gate
//! trusts, escalation levels, phases and the dashboard workflow.

use std::collections::BTreeSet;

use super::Problems;
use crate::clock;
use crate::config::raw::{RawDashboard, RawLevel, RawPhase};
use crate::config::{
    DashboardPolicy, DashboardUpdate, EscalationLevel, Identity, Phase, UnownedPolicy, Zones,
};
use crate::fsutil;
use crate::yaml::Spanned;

pub(super) fn unowned(p: &mut Problems, raw: Option<&Spanned<String>>) -> UnownedPolicy {
    let Some(policy) = raw else {
        return UnownedPolicy::Allow;
    };
    match policy.value.as_str() {
        "allow" => UnownedPolicy::Allow,
        "warn" => UnownedPolicy::Warn,
        "deny" => UnownedPolicy::Deny,
        other => {
            p.at(
                policy,
                format!("unknown unowned policy `{other}`"),
                "policy",
                Some("use allow, warn or deny".to_owned()),
            );
            UnownedPolicy::Allow
        }
    }
}

pub(super) fn identity(
    p: &mut Problems,
    mode: Option<&Spanned<String>>,
    signers: Option<&Spanned<String>>,
) -> Identity {
    let signed = match mode.map(|m| m.value.as_str()) {
        None | Some("email") => false,
        Some("signed") => true,
        Some(other) => {
            let mode = mode.expect("present");
            let message = format!("unknown identity `{other}`");
            p.at(
                mode,
                message,
                "identity",
                Some("use email or signed".to_owned()),
            );
            false
        }
    };
    match (signed, signers) {
        (false, None) => Identity::Email,
        (false, Some(s)) => {
            p.at(
                s,
                "`signers` is read only under `identity: signed`".to_owned(),
                "signers",
                Some("add `identity: signed`, or remove `signers`".to_owned()),
            );
            Identity::Email
        }
        (true, None) => {
            let at = mode.expect("present");
            p.at(
                at,
                "`identity: signed` needs `signers: PATH`, the allowed-signers file".to_owned(),
                "identity",
                Some("add `signers: .coord/allowed_signers` (lines `EMAIL namespaces=\"git\" KEYTYPE KEY`)".to_owned()),
            );
            Identity::Email
        }
        (true, Some(s)) => {
            let path = s.value.trim_start_matches("./").to_owned();
            if let Err(why) = fsutil::check_relative(&path) {
                p.at(s, format!("invalid signers path: {why}"), "signers", None);
            }
            Identity::Signed { signers: path }
        }
    }
}

/// Who a level involves when zones.yaml does not say: the team's lead at level 1, every lead at
/// 2 and 3, everyone listed from 4.
pub(crate) fn default_involves(level: u32) -> Vec<String> {
    let word = match level {
        0 | 1 => "lead",
        2 | 3 => "leads",
        _ => "all",
    };
    vec![word.to_owned()]
}

/// Escalation levels by level; the defaults when none are written.
pub(super) fn escalation(p: &mut Problems, raw: &[RawLevel]) -> Vec<EscalationLevel> {
    if raw.is_empty() {
        return Zones::default_levels();
    }
    let mut out = Vec::new();
    let mut seen = BTreeSet::new();
    for level in raw {
        if !seen.insert(level.level.value) {
            let message = format!("escalation level {} is listed twice", level.level.value);
            p.at(&level.level, message, "level", None);
        }
        match clock::parse_duration(&level.response.value) {
            Some(minutes) => out.push(EscalationLevel {
                level: level.level.value,
                name: level.name.clone(),
                response_minutes: minutes,
                response: level.response.value.clone(),
                involves: level
                    .involves
                    .clone()
                    .unwrap_or_else(|| default_involves(level.level.value)),
            }),
            None => p.at(
                &level.response,
                format!("invalid response time `{}`", level.response.value),
                "response",
                Some("write a duration such as 15m, 2h or 1d".to_owned()),
            ),
        }
    }
    out.sort_by_key(|l| l.level);
    out
}

pub(super) fn phases(p: &mut Problems, raw: &[RawPhase]) -> Vec<Phase> {
    let mut out = Vec::new();
    let mut seen = BTreeSet::new();
    for phase in raw {
        if !seen.insert(phase.id.value) {
            let message = format!("phase {} is listed twice", phase.id.value);
            p.at(&phase.id, message, "phase", None);
        }
        let mut date = |d: &Option<Spanned<String>>| {
            let d = d.as_ref()?;
            if clock::parse_due(&d.value).is_none() {
                let message = format!("`{}` is not a date", d.value);
                p.at(
                    d,
                    message,
                    "date",
                    Some("write a date such as 2026-12-01".to_owned()),
                );
            }
            Some(d.value.clone())
        };
        let (start, end) = (date(&phase.start), date(&phase.end));
        if let (Some(s), Some(e), Some(end_at)) = (
            start.as_deref().and_then(clock::parse_due),
            end.as_deref().and_then(clock::parse_due),
            phase.end.as_ref(),
        ) && e < s
        {
            let message = format!("phase {} ends before it starts", phase.id.value);
            p.at(end_at, message, "end", None);
        }
        out.push(Phase {
            id: phase.id.value,
            name: phase.name.clone(),
            start,
            end,
            objective: phase.objective.clone(),
            gate: phase.gate.clone(),
        });
    }
    out
}

/// `dashboard.update`, `dashboard.branch` and `dashboard.author`.
pub(super) fn dashboards(p: &mut Problems, raw: Option<&RawDashboard>) -> DashboardPolicy {
    let mut policy = DashboardPolicy::default();
    let Some(raw) = raw else {
        return policy;
    };
    if let Some(update) = &raw.update {
        policy.update = match update.value.as_str() {
            "commit" => DashboardUpdate::Commit,
            "ci" => DashboardUpdate::Ci,
            other => {
                p.at(
                    update,
                    format!("unknown dashboard update `{other}`"),
                    "update",
                    Some("use commit (each commit carries its dashboards) or ci (CI regenerates them on the default branch)".to_owned()),
                );
                DashboardUpdate::Commit
            }
        };
    }
    if let Some(branch) = &raw.branch {
        let name = branch.value.trim();
        if name.is_empty() || name.contains(char::is_whitespace) || name.starts_with('-') {
            p.at(
                branch,
                format!("`{}` is not a branch name", branch.value),
                "branch",
                Some("name the default branch, for example main".to_owned()),
            );
        } else {
            policy.branch = name.trim_start_matches("refs/heads/").to_owned();
        }
    }
    if let Some(author) = &raw.author {
        match parse_author(&author.value) {
            Some(a) => policy.author = a,
            None => p.at(
                author,
                format!("`{}` is not `Name <email>`", author.value),
                "author",
                Some("write it as git does: coord-bot <coord-bot@example.com>".to_owned()),
            ),
        }
    }
    policy
}

/// `Name <email>` as (name, email).
fn parse_author(text: &str) -> Option<(String, String)> {
    let (name, rest) = text.split_once('<')?;
    let email = rest.strip_suffix('>')?.trim();
    let name = name.trim();
    (!name.is_empty() && email.contains('@') && !email.contains(['<', '>']))
        .then(|| (name.to_owned(), email.to_owned()))
}

/// KPI targets; durations checked.
pub(super) fn kpi(
    p: &mut Problems,
    raw: Option<&crate::config::raw::RawKpi>,
    levels: &[crate::config::EscalationLevel],
) -> crate::config::Targets {
    let mut t = crate::config::Targets {
        responses: levels
            .iter()
            .map(|l| (l.level, l.response_minutes))
            .collect(),
        ..Default::default()
    };
    let Some(raw) = raw else {
        return t;
    };
    let mut duration = |d: &Option<Spanned<String>>| {
        let d = d.as_ref()?;
        let parsed = clock::parse_duration(&d.value);
        if parsed.is_none() {
            let message = format!("`{}` is not a duration", d.value);
            p.at(
                d,
                message,
                "duration",
                Some("write 4h, 2d or 1w".to_owned()),
            );
        }
        parsed
    };
    t.lead_time = duration(&raw.lead_time);
    t.cycle_time = duration(&raw.cycle_time);
    t.blocked_share = raw.blocked_share;
    t.estimate_accuracy = raw.estimate_accuracy;
    t.throughput = raw.throughput;
    t.reopened = raw.reopened;
    t.conflicts = raw.conflicts.unwrap_or(0);
    t.escalation_breaches = raw.escalation_breaches.unwrap_or(0);
    t
}
