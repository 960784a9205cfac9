//! coord: several teams coordinate on one git repository through plain files in it.

pub mod atoms;
pub mod claims;
pub mod cli;
pub mod clock;
pub mod config;
pub mod conflicts;
pub mod dashboard;
pub mod demo;
pub mod doc;
pub mod env;
pub mod error;
pub mod escalations;
pub mod finding;
pub mod fsutil;
pub mod git;
pub mod graph;
pub mod hook;
pub mod init;
pub mod lint;
pub mod molecules;
pub mod output;
pub mod overview;
pub mod templates;
pub mod workspace;
pub mod yaml;
pub mod zones;
