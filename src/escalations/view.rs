//! Every escalation as one list, whether written as a record of its own (ESC files) or inside
//! an atom's or molecule's file (older repositories): the team concerned, the people its level
//! involves, and its effective level — which rises to the next level each time a level's
//! response time passes unacknowledged. Computed, never written.

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::clock::{self, Stamp};
use crate::config::{EscalationLevel, Zones};
use crate::doc::escalation::EscalationRecord;
use crate::workspace::Snapshot;

/// One escalation, as coordinators see it.
#[derive(Debug, Clone, Serialize)]
pub struct View {
    /// `ESC-001`, or `ATOM-004#1` for one written inside a status file.
    pub id: String,
    /// The atom or molecule it is about.
    pub subject: String,
    /// The team concerned (the atom's team, the molecule's lead).
    pub team: Option<String>,
    /// The level raised at.
    pub level: u32,
    /// The level it has reached: raised by one for each response time passed unacknowledged.
    pub effective_level: u32,
    /// Why.
    pub reason: String,
    /// Who raised it.
    pub raised_by: Option<String>,
    /// When.
    pub raised: String,
    /// When it was acknowledged.
    pub acknowledged: Option<String>,
    /// When it was resolved.
    pub resolved: Option<String>,
    /// How.
    pub resolution: Option<String>,
    /// Open and unacknowledged past its level's response time.
    pub late: bool,
    /// Who the effective level involves.
    pub involves: Vec<String>,
    /// The file it is written in.
    pub path: String,
}

impl View {
    /// Not resolved yet.
    pub fn is_open(&self) -> bool {
        self.resolved.is_none()
    }
}

/// The level reached from `level` raised at `raised`: each level's response time that passes
/// before `until` (the acknowledgement, else now) moves it to the next level, up to the last.
pub fn effective_level(
    levels: &[EscalationLevel],
    level: u32,
    raised: DateTime<Utc>,
    until: DateTime<Utc>,
) -> u32 {
    let mut current = level;
    let mut deadline = raised;
    loop {
        let Some(l) = levels.iter().find(|l| l.level == current) else {
            return current;
        };
        deadline += chrono::Duration::minutes(l.response_minutes);
        let next = levels
            .iter()
            .map(|l| l.level)
            .filter(|n| *n > current)
            .min();
        match next {
            Some(n) if until > deadline => current = n,
            _ => return current,
        }
    }
}

/// The people level `level` involves for an escalation about `team`'s work.
pub fn involved(zones: &Zones, level: u32, team: Option<&str>) -> Vec<String> {
    let words = zones
        .level(level)
        .map(|l| l.involves.clone())
        .unwrap_or_else(|| vec!["lead".to_owned()]);
    let mut out: Vec<String> = Vec::new();
    let mut add = |who: &str| {
        if !out.iter().any(|o| o == who) {
            out.push(who.to_owned());
        }
    };
    for word in &words {
        match word.as_str() {
            "lead" => {
                let lead = team
                    .and_then(|t| zones.team(t))
                    .and_then(|t| t.lead.as_deref());
                lead.into_iter().for_each(&mut add);
            }
            "leads" => zones
                .teams
                .iter()
                .filter_map(|t| t.lead.as_deref())
                .for_each(&mut add),
            "all" => zones
                .teams
                .iter()
                .flat_map(|t| t.lead.iter().chain(&t.contacts))
                .for_each(|w| add(w)),
            address => add(address),
        }
    }
    out
}

/// Every escalation of the repository, records and those inside status files, judged at `now`.
pub fn all(
    zones: &Zones,
    snap: &Snapshot,
    records: &[EscalationRecord],
    now: Option<DateTime<Utc>>,
) -> Vec<View> {
    let team_of = |id: &str| -> Option<String> {
        snap.atom(id)
            .map(|a| a.team.to_string())
            .or_else(|| snap.molecule(id).map(|m| m.lead.clone()))
    };
    let view = |id: String,
                subject: &str,
                level: u32,
                reason: &str,
                raised: &Stamp,
                acknowledged: Option<&Stamp>,
                resolved: Option<&Stamp>,
                path: &str| {
        let team = team_of(subject);
        let raised_at = raised.at();
        let until = acknowledged
            .and_then(Stamp::at)
            .or(resolved.and_then(Stamp::at))
            .or(now);
        let effective = match (raised_at, until) {
            (Some(r), Some(u)) => effective_level(&zones.escalation, level, r, u),
            _ => level,
        };
        let response = zones.level(level).map_or(i64::MAX, |l| l.response_minutes);
        let late = resolved.is_none()
            && acknowledged.is_none()
            && matches!((raised_at, now), (Some(r), Some(n)) if (n - r).num_minutes() > response);
        View {
            id,
            subject: subject.to_owned(),
            involves: involved(zones, effective, team.as_deref()),
            team,
            level,
            effective_level: effective,
            reason: reason.to_owned(),
            raised_by: None,
            raised: raised.to_string(),
            acknowledged: acknowledged.map(Stamp::to_string),
            resolved: resolved.map(Stamp::to_string),
            resolution: None,
            late,
            path: path.to_owned(),
        }
    };
    let mut out: Vec<View> = records
        .iter()
        .map(|r| {
            let mut v = view(
                r.id.clone(),
                &r.subject,
                r.level,
                &r.reason,
                &r.raised,
                r.acknowledged.as_ref(),
                r.resolved.as_ref(),
                &r.path,
            );
            v.raised_by = r.raised_by.clone();
            v.resolution = r.resolution.clone();
            v
        })
        .collect();
    let embedded = snap
        .atoms
        .iter()
        .map(|a| (a.id.as_str(), &a.path, &a.escalations))
        .chain(
            snap.molecules
                .iter()
                .map(|m| (m.id.as_str(), &m.path, &m.escalations)),
        );
    for (id, path, list) in embedded {
        for (i, e) in list.iter().enumerate() {
            out.push(view(
                format!("{id}#{}", i + 1),
                id,
                e.level,
                &e.reason,
                &e.raised,
                None,
                e.resolved.as_ref(),
                path,
            ));
        }
    }
    out.sort_by(|a, b| {
        let key = |v: &View| {
            (
                std::cmp::Reverse(v.effective_level),
                clock::parse_time(&v.raised),
            )
        };
        key(a).cmp(&key(b)).then(a.id.cmp(&b.id))
    });
    out
}

#[cfg(test)]
mod tests;
