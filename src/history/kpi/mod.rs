//! `coord kpi`: the indicators coordinators track, computed from history — throughput, lead and
//! cycle time, blocked time, estimate accuracy, escalation response, work in progress, reopened
//! atoms — each with its target from zones.yaml and whether it is met.

use chrono::{DateTime, Utc};

use crate::config::Targets;
use crate::escalations::view::View;
use crate::history::Event;

mod figures;
mod table;

pub use figures::{Kpis, Row, Spread, default_since, duration, spread, week};

/// The indicators of `events` in `[since, until]` (of one team, when given); `escalations` as
/// judged at `until`; `conflicts` standing now; `targets` from zones.yaml.
pub fn compute(
    events: &[Event],
    since: DateTime<Utc>,
    until: DateTime<Utc>,
    team: Option<&str>,
    escalations: &[View],
    conflicts: usize,
    targets: &Targets,
) -> Kpis {
    let (mut kpis, per_week) =
        figures::compute(events, since, until, team, escalations, conflicts, targets);
    kpis.rows = table::rows(&kpis, per_week, targets);
    kpis
}
