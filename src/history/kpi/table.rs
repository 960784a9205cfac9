//! The KPI table: each indicator in words beside its target.

use super::model::{Kpis, Row, Spread, duration};
use crate::config::Targets;

fn row(name: &str, value: String, target: String, met: Option<bool>) -> Row {
    Row {
        name: name.to_owned(),
        value,
        target,
        met,
    }
}

/// `1 atom`, `2 atoms`.
fn atoms(n: usize) -> String {
    if n == 1 {
        "1 atom".to_owned()
    } else {
        format!("{n} atoms")
    }
}

fn times(s: &Option<Spread>) -> String {
    s.map_or("-".to_owned(), |s| {
        format!(
            "median {}, p90 {} ({})",
            duration(s.median),
            duration(s.p90),
            atoms(s.count)
        )
    })
}

fn at_most_minutes(s: &Option<Spread>, target: Option<i64>) -> (String, Option<bool>) {
    match target {
        None => ("-".to_owned(), None),
        Some(t) => (
            format!("median ≤ {}", duration(t as f64)),
            s.map(|s| s.median <= t as f64),
        ),
    }
}

/// The rows of `k` judged against `targets`; `per_week` is the mean throughput.
pub(super) fn rows(k: &Kpis, per_week: f64, targets: &Targets) -> Vec<Row> {
    let mut out = Vec::new();
    let (t, met) = match targets.throughput {
        Some(t) => (format!("≥ {t} per week"), Some(per_week >= t)),
        None => ("-".to_owned(), None),
    };
    out.push(row(
        "Throughput",
        format!("{per_week:.1} atoms per week"),
        t,
        met,
    ));
    let (t, met) = at_most_minutes(&k.lead_time, targets.lead_time);
    out.push(row(
        "Lead time (created → done)",
        times(&k.lead_time),
        t,
        met,
    ));
    let (t, met) = at_most_minutes(&k.cycle_time, targets.cycle_time);
    out.push(row(
        "Cycle time (started → done)",
        times(&k.cycle_time),
        t,
        met,
    ));
    let blocked = k.blocked_time.map_or("-".to_owned(), |s| {
        format!(
            "median {} per blocked atom ({})",
            duration(s.median),
            atoms(s.count)
        )
    });
    out.push(row("Blocked time", blocked, "-".to_owned(), None));
    let share = k
        .blocked_share
        .map_or("-".to_owned(), |s| format!("{:.0}%", s * 100.0));
    let (t, met) = match targets.blocked_share {
        Some(t) => (
            format!("≤ {:.0}%", t * 100.0),
            Some(k.blocked_share.unwrap_or(0.0) <= t),
        ),
        None => ("-".to_owned(), None),
    };
    out.push(row("Share of time blocked", share, t, met));
    for (team, s) in &k.estimate_accuracy {
        let (t, met) = match targets.estimate_accuracy {
            Some(t) => (format!("median ≤ {t}"), Some(s.median <= t)),
            None => ("-".to_owned(), None),
        };
        let value = format!(
            "median {:.2}, p10 {:.2}, p90 {:.2} ({})",
            s.median,
            s.p10,
            s.p90,
            atoms(s.count)
        );
        out.push(row(&format!("Actual ÷ estimate, {team}"), value, t, met));
    }
    out.push(row(
        "Escalations: time to acknowledge",
        k.escalation_ack.map_or("-".to_owned(), |s| {
            format!("median {}, p90 {}", duration(s.median), duration(s.p90))
        }),
        "within each level's response time".to_owned(),
        None,
    ));
    out.push(row(
        "Escalations: time to resolve",
        k.escalation_resolve.map_or("-".to_owned(), |s| {
            format!("median {}, p90 {}", duration(s.median), duration(s.p90))
        }),
        "-".to_owned(),
        None,
    ));
    out.push(row(
        "Escalations answered late",
        k.escalation_breaches.to_string(),
        format!("≤ {}", targets.escalation_breaches),
        Some(k.escalation_breaches <= targets.escalation_breaches),
    ));
    let (t, met) = match targets.reopened {
        Some(t) => (format!("≤ {t}"), Some(k.reopened <= t)),
        None => ("-".to_owned(), None),
    };
    out.push(row("Atoms reopened", k.reopened.to_string(), t, met));
    out.push(row(
        "Conflicts now",
        k.conflicts_now.to_string(),
        format!("≤ {}", targets.conflicts),
        Some(k.conflicts_now <= targets.conflicts),
    ));
    out
}
