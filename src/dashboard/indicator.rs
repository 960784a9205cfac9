//! Team indicators (🟢 🟡 🔴 ⚫) and the "now" that time-dependent judgements use.

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::clock::Stamp;
use crate::config::Zones;
use crate::doc::{Atom, Priority, Status};
use crate::workspace::Snapshot;

/// A team's state at a glance.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Indicator {
    /// 🟢 all atoms on track.
    OnTrack,
    /// 🟡 minor delays.
    Delayed,
    /// 🔴 critical blocking.
    Critical,
    /// ⚫ offline.
    Offline,
}

impl Indicator {
    /// The emoji.
    pub fn emoji(self) -> &'static str {
        match self {
            Indicator::OnTrack => "🟢",
            Indicator::Delayed => "🟡",
            Indicator::Critical => "🔴",
            Indicator::Offline => "⚫",
        }
    }

    /// Words for it.
    pub fn words(self) -> &'static str {
        match self {
            Indicator::OnTrack => "all atoms on track",
            Indicator::Delayed => "minor delays",
            Indicator::Critical => "critical blocking",
            Indicator::Offline => "offline",
        }
    }
}

/// The legend printed on dashboards; the README states the same rules.
pub fn legend(offline_days: u32) -> String {
    format!(
        "🔴 critical blocking: a BLOCKED atom of CRITICAL or HIGH priority, an open escalation past its response time, or an open risk of CRITICAL impact the team owns · \
⚫ offline: no atom of the team updated in the last {offline_days} days (or no atoms) · \
🟡 minor delays: an open atom past its due date, an IN_PROGRESS atom past its estimate, or a BLOCKED atom below HIGH priority · \
🟢 all atoms on track: none of the above. The first rule that applies wins, in this order."
    )
}

/// The moment time-dependent states are judged at, and where it came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Judgement {
    /// The moment; None when nothing says (no time given, no file has a time).
    pub at: Option<DateTime<Utc>>,
    /// Where it came from, in words.
    pub source: &'static str,
    /// Whether someone gave it (`--now`, `COORD_NOW`) rather than the files.
    pub given: bool,
}

/// "Now" for judgements: the time given if any, else when a commit last changed a status file
/// (outside git: the newest `last_updated` any file carries).
pub fn judgement_time(snap: &Snapshot, given: Option<DateTime<Utc>>) -> Judgement {
    if let Some(t) = given {
        return Judgement {
            at: Some(t),
            source: "given with --now or COORD_NOW",
            given: true,
        };
    }
    if let Some(newest) = &snap.newest_committed {
        return Judgement {
            at: newest.as_ref().and_then(Stamp::at),
            source: "the last commit that changed a status file",
            given: false,
        };
    }
    let newest = snap
        .atoms
        .iter()
        .filter_map(|a| a.last_updated.as_ref())
        .chain(
            snap.molecules
                .iter()
                .filter_map(|m| m.last_updated.as_ref()),
        )
        .filter_map(Stamp::at)
        .max();
    Judgement {
        at: newest,
        source: "the newest `last_updated` among the status files",
        given: false,
    }
}

/// Whether an atom is late at `now`: open past its due date, or IN_PROGRESS past its estimate.
pub fn overdue(atom: &Atom, now: Option<DateTime<Utc>>) -> bool {
    now.is_some_and(|now| atom.is_late(now))
}

/// The records a team's indicator also reads: risks it owns, escalations about its work (each
/// already judged late or not).
#[derive(Debug, Clone, Copy)]
pub struct Records<'a> {
    /// The risk register.
    pub risks: &'a [crate::doc::risk::Risk],
    /// Every escalation, records and those inside status files.
    pub escalations: &'a [crate::escalations::view::View],
}

/// The indicator of `team`.
pub fn team_indicator(
    team: &str,
    snap: &Snapshot,
    zones: &Zones,
    now: Option<DateTime<Utc>>,
    records: Records,
) -> Indicator {
    let critical_risk = records
        .risks
        .iter()
        .any(|r| r.owner == team && r.is_open() && r.impact == "CRITICAL");
    let atoms: Vec<&Atom> = snap.atoms.iter().filter(|a| a.team == team).collect();
    let critical_block = atoms
        .iter()
        .any(|a| a.status == Status::Blocked && a.priority <= Priority::High);
    let late_escalation = records
        .escalations
        .iter()
        .any(|v| v.late && v.team.as_deref() == Some(team));
    if critical_block || late_escalation || critical_risk {
        return Indicator::Critical;
    }
    let newest = atoms
        .iter()
        .filter_map(|a| a.last_updated.as_ref().and_then(Stamp::at))
        .max();
    let offline = match (newest, now) {
        (None, _) => true,
        (Some(n), Some(now)) => (now - n).num_days() >= i64::from(zones.offline_days),
        (Some(_), None) => false,
    };
    if offline {
        return Indicator::Offline;
    }
    if atoms
        .iter()
        .any(|a| overdue(a, now) || (a.status == Status::Blocked && a.priority > Priority::High))
    {
        return Indicator::Delayed;
    }
    Indicator::OnTrack
}
