//! The cross-team dashboards in JOINT_COORDINATION/, one file per page.

mod conflicts;
mod dependencies;
mod deployment;
mod emergency;
mod integration;
mod kpi;
mod records;

pub(super) use conflicts::conflicts_page;
pub(super) use deployment::deployment_page;
pub(super) use emergency::emergency_page;
pub(super) use integration::integration_page;
pub(super) use kpi::kpi_page;
pub(super) use records::{decision_page, risk_page};

use super::{Inputs, Page, link, now_line};
use crate::config::layout::JOINT_DIR;

const HERE: &str = JOINT_DIR;

pub(super) fn page(file: &str, title: &str, body: String) -> Page {
    Page {
        path: format!("{JOINT_DIR}/{file}"),
        title: title.to_owned(),
        body,
    }
}

pub(super) fn as_of(inputs: &Inputs) -> String {
    now_line(inputs)
}

pub(super) fn id_link(inputs: &Inputs, id: &str) -> String {
    match inputs.graph.node(id) {
        Some(n) => format!("[{id}]({})", link(HERE, &n.path)),
        None => format!("{id} (missing)"),
    }
}

pub(super) fn validated(points: &[crate::doc::molecule::Point]) -> usize {
    points.iter().filter(|p| p.status == "VALIDATED").count()
}

pub(super) fn percent(done: usize, total: usize) -> usize {
    (done * 100).checked_div(total).unwrap_or(0)
}
