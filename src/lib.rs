//! coord: several teams coordinate on one git repository through plain files in it.

pub mod cli;
pub mod clock;
pub mod config;
pub mod conflicts;
pub mod dashboard;
pub mod doc;
pub mod error;
pub mod finding;
pub mod fsutil;
pub mod git;
pub mod graph;
pub mod lint;
pub mod output;
pub mod templates;
pub mod workspace;
pub mod yaml;
pub mod zones;
