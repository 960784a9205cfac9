//! `coord kpi`: the indicators coordinators track, computed from history — throughput, lead and
//! cycle time, blocked time, estimate accuracy, escalation response, work in progress, reopened
//! atoms — each with its target from zones.yaml and whether it is met.

mod figures;
mod model;
mod table;

pub use figures::{compute, week};
pub use model::{Kpis, Row, Spread, default_since, duration, spread};
