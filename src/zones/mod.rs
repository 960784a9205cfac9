//! Zones: who may change which files, and the check that refuses changes crossing them.

pub mod check;
pub mod ci_range;
pub mod codeowners;
pub mod gate;
pub mod identity;
pub mod lint;
pub mod matcher;
pub mod receive;
pub mod sections;
pub mod team;
pub mod who;

pub use matcher::{Owner, ZoneMap};
