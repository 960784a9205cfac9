//! coord: several teams coordinate on one git repository through plain files in it.

pub mod clock;
pub mod config;
pub mod error;
pub mod fsutil;
pub mod git;
pub mod yaml;
