//! Zones: who may change which files, and the check that refuses changes crossing them.

pub mod check;
pub mod lint;
pub mod matcher;
pub mod sections;
pub mod team;

pub use matcher::{Owner, ZoneMap};
