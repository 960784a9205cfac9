//! The figures behind `coord kpi`, computed from history: how many atoms, how long they took,
//! how long they were blocked, how estimates held, how escalations were answered.

use std::collections::BTreeMap;

use chrono::{DateTime, Datelike, Utc};

use super::model::{Kpis, Spread, spread};
use crate::clock;
use crate::config::Targets;
use crate::escalations::view::View;
use crate::history::Event;

/// An atom's life as history tells it.
#[derive(Default)]
struct Life<'a> {
    team: &'a str,
    created: Option<i64>,
    first_started: Option<i64>,
    completed: Option<i64>,
    statuses: Vec<(i64, &'a str)>,
    estimated: Option<&'a str>,
    actual: Option<&'a str>,
}

fn lives<'a>(events: &'a [Event<'a>]) -> BTreeMap<&'a str, Life<'a>> {
    let mut out: BTreeMap<&str, Life> = BTreeMap::new();
    for e in events.iter().filter(|e| e.kind == "atom" && !e.deleted) {
        // A renumbered atom keeps its past under its new id.
        if let Some(old) = &e.renamed_from
            && let Some(past) = out.remove(&**old)
        {
            out.insert(&e.id, past);
        }
        let life = out.entry(&e.id).or_default();
        life.team = e.get("team").unwrap_or_default();
        life.estimated = e.get("estimated");
        life.actual = e.get("actual");
        if e.created && life.created.is_none() {
            life.created = Some(e.seconds);
        }
        let status = e.get("status").unwrap_or_default();
        if life.statuses.last().is_none_or(|(_, s)| *s != status) {
            life.statuses.push((e.seconds, status));
        }
        if status == "IN_PROGRESS" && life.first_started.is_none() {
            life.first_started = Some(e.seconds);
        }
        life.completed = (status == "COMPLETED").then_some(e.seconds);
    }
    out
}

fn minutes(words: Option<&str>) -> Option<f64> {
    words.and_then(clock::parse_duration).map(|m| m as f64)
}

/// ISO week of a time, as `2026-W47`.
pub fn week(t: i64) -> String {
    let d = DateTime::from_timestamp(t, 0)
        .unwrap_or_default()
        .iso_week();
    format!("{}-W{:02}", d.year(), d.week())
}

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
    let (from, to) = (since.timestamp(), until.timestamp());
    let inside = |t: i64| t >= from && t <= to;
    let all = lives(events);
    let mine: Vec<&Life> = all
        .values()
        .filter(|l| team.is_none_or(|t| l.team == t))
        .collect();
    let done: Vec<&&Life> = mine
        .iter()
        .filter(|l| l.completed.is_some_and(inside))
        .collect();
    let lead = spread(
        done.iter()
            .filter_map(|l| Some((l.completed? - l.created?) as f64 / 60.0))
            .collect(),
    );
    let cycle = spread(
        done.iter()
            .filter_map(|l| Some((l.completed? - l.first_started?) as f64 / 60.0))
            .collect(),
    );
    // Blocked time inside the window, and working time, per atom.
    let (mut blocked_all, mut working_all) = (0i64, 0i64);
    let mut blocked_each = Vec::new();
    for l in &mine {
        let mut blocked = 0;
        for (k, (t, s)) in l.statuses.iter().enumerate() {
            let end = l.statuses.get(k + 1).map_or(to, |(t, _)| *t);
            let (a, b) = ((*t).max(from), end.min(to));
            if *s == "BLOCKED" && b > a {
                blocked += b - a;
            }
        }
        if let Some(start) = l.first_started {
            let end = l.completed.unwrap_or(to).min(to);
            working_all += (end - start.max(from)).max(0);
        }
        if blocked > 0 {
            blocked_each.push(blocked as f64 / 60.0);
            blocked_all += blocked;
        }
    }
    let blocked_share = (working_all > 0).then(|| blocked_all as f64 / working_all as f64);
    let mut ratios: BTreeMap<String, Vec<f64>> = BTreeMap::new();
    for l in &done {
        if let (Some(a), Some(e)) = (minutes(l.actual), minutes(l.estimated))
            && e > 0.0
        {
            ratios.entry(l.team.to_owned()).or_default().push(a / e);
        }
    }
    let estimate_accuracy: BTreeMap<String, Spread> = ratios
        .into_iter()
        .filter_map(|(t, v)| Some((t, spread(v)?)))
        .collect();
    // Weeks of the window, each with completions and the work in progress at its end.
    let mut weeks: Vec<(String, i64)> = Vec::new();
    let mut t = from;
    while t <= to {
        let w = week(t);
        if weeks.last().is_none_or(|(x, _)| *x != w) {
            weeks.push((w, t));
        }
        t += 86_400;
    }
    let throughput: Vec<(String, usize)> = weeks
        .iter()
        .map(|(w, _)| {
            let n = done
                .iter()
                .filter(|l| l.completed.is_some_and(|c| week(c) == *w))
                .count();
            (w.clone(), n)
        })
        .collect();
    let wip = weeks
        .iter()
        .map(|(w, start)| {
            let end = (*start + 7 * 86_400).min(to);
            let mut per: BTreeMap<String, usize> = BTreeMap::new();
            for l in &mine {
                let at = l
                    .statuses
                    .iter()
                    .rev()
                    .find(|(t, _)| *t <= end)
                    .map(|(_, s)| *s);
                if matches!(at, Some("IN_PROGRESS" | "BLOCKED")) {
                    *per.entry(l.team.to_owned()).or_default() += 1;
                }
            }
            (w.clone(), per)
        })
        .collect();
    let reopened = events
        .iter()
        .filter(|e| e.kind == "atom" && inside(e.seconds))
        .filter(|e| team.is_none_or(|t| e.get("team") == Some(t)))
        .filter(|e| {
            e.change("status").is_some_and(|c| {
                matches!(&*c.old, "COMPLETED" | "CANCELLED")
                    && !matches!(&*c.new, "COMPLETED" | "CANCELLED")
            })
        })
        .count();
    let raised_inside: Vec<&View> = escalations
        .iter()
        .filter(|v| clock::parse_time(&v.raised).is_some_and(|r| inside(r.timestamp())))
        .filter(|v| team.is_none_or(|t| v.team.as_deref() == Some(t)))
        .collect();
    let after = |v: &View, at: &Option<String>| -> Option<f64> {
        let raised = clock::parse_time(&v.raised)?;
        Some((clock::parse_time(at.as_deref()?)? - raised).num_minutes() as f64)
    };
    let escalation_ack = spread(
        raised_inside
            .iter()
            .filter_map(|v| after(v, &v.acknowledged))
            .collect(),
    );
    let escalation_resolve = spread(
        raised_inside
            .iter()
            .filter_map(|v| after(v, &v.resolved))
            .collect(),
    );
    let escalation_breaches = raised_inside
        .iter()
        .filter(|v| {
            let answered = after(v, &v.acknowledged).or(after(v, &v.resolved));
            let waited = answered
                .or_else(|| clock::parse_time(&v.raised).map(|r| (until - r).num_minutes() as f64));
            let limit = targets.response_minutes(v.level);
            waited.is_some_and(|w| w > limit as f64)
        })
        .count();
    let weeks_n = throughput.len().max(1) as f64;
    let per_week = done.len() as f64 / weeks_n;
    let mut k = Kpis {
        since: clock::format_time(since),
        until: clock::format_time(until),
        team: team.map(str::to_owned),
        rows: Vec::new(),
        throughput,
        wip,
        lead_time: lead,
        cycle_time: cycle,
        blocked_time: spread(blocked_each),
        blocked_share,
        estimate_accuracy,
        escalation_ack,
        escalation_resolve,
        escalation_breaches,
        reopened,
        conflicts_now: conflicts,
    };
    k.rows = super::table::rows(&k, per_week, targets);
    k
}
