//! What `coord kpi` reports: the indicators of a window, each as a row beside its target, and the
//! spreads and durations they are made of.

use std::collections::BTreeMap;

use chrono::{DateTime, Duration, Utc};
use serde::Serialize;

use crate::clock;

/// Median and 90th percentile of a set of durations or ratios.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Spread {
    /// How many values.
    pub count: usize,
    /// The median.
    pub median: f64,
    /// The 10th percentile.
    pub p10: f64,
    /// The 90th percentile.
    pub p90: f64,
}

/// Nearest-rank percentiles of `values`; None when there are none.
pub fn spread(mut values: Vec<f64>) -> Option<Spread> {
    if values.is_empty() {
        return None;
    }
    values.sort_by(f64::total_cmp);
    let at =
        |p: f64| values[((p * values.len() as f64).ceil() as usize).clamp(1, values.len()) - 1];
    Some(Spread {
        count: values.len(),
        median: at(0.5),
        p10: at(0.1),
        p90: at(0.9),
    })
}

/// One indicator: its value in words, its target, and whether it is met.
#[derive(Debug, Clone, Serialize)]
pub struct Row {
    /// What is measured.
    pub name: String,
    /// Its value.
    pub value: String,
    /// Its target (`-` when zones.yaml sets none).
    pub target: String,
    /// Whether the target is met (None without a target or a value).
    pub met: Option<bool>,
}

/// Every indicator of a window.
#[derive(Debug, Clone, Serialize)]
pub struct Kpis {
    /// Start of the window.
    pub since: String,
    /// End of the window.
    pub until: String,
    /// The team, when one was asked.
    pub team: Option<String>,
    /// The table.
    pub rows: Vec<Row>,
    /// Atoms completed per ISO week (`2026-W47`), oldest first.
    pub throughput: Vec<(String, usize)>,
    /// Atoms in progress or blocked at the end of each week, per team.
    pub wip: Vec<(String, BTreeMap<String, usize>)>,
    /// Lead time in minutes (created to COMPLETED).
    pub lead_time: Option<Spread>,
    /// Cycle time in minutes (first IN_PROGRESS to COMPLETED).
    pub cycle_time: Option<Spread>,
    /// Time blocked per atom that was ever blocked, in minutes.
    pub blocked_time: Option<Spread>,
    /// Share of working time (first IN_PROGRESS to done, or to the window's end) spent blocked.
    pub blocked_share: Option<f64>,
    /// Actual ÷ estimate of completed atoms, per team.
    pub estimate_accuracy: BTreeMap<String, Spread>,
    /// Escalations: minutes to acknowledge, to resolve, and how many breached their level's
    /// response time.
    pub escalation_ack: Option<Spread>,
    /// Minutes to resolve.
    pub escalation_resolve: Option<Spread>,
    /// Escalations not acknowledged within their level's response time.
    pub escalation_breaches: usize,
    /// Atoms taken up again after COMPLETED or CANCELLED.
    pub reopened: usize,
    /// Conflicts standing now (history records none: coord writes no trailers).
    pub conflicts_now: usize,
}

/// Minutes in words: `2d3h`.
pub fn duration(minutes: f64) -> String {
    clock::format_duration(minutes.round() as i64)
}

/// `since` for a typed window end: the default is 30 days before `until`.
pub fn default_since(until: DateTime<Utc>) -> DateTime<Utc> {
    until - Duration::days(30)
}
