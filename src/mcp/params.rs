//! The parameters of coord's MCP tools: their JSON Schemas are derived from these types.

use rmcp::schemars;
use serde::Deserialize;

/// An atom id (`ATOM-007`, or `7`).
#[derive(Debug, Deserialize, schemars::JsonSchema)]
pub struct IdParams {
    /// Atom id.
    pub id: String,
}

/// `atoms_show`.
#[derive(Debug, Deserialize, schemars::JsonSchema)]
pub struct ShowParams {
    /// Atom id.
    pub id: String,
    /// Also list the atoms and molecules that wait for it (reads every status file).
    #[serde(default)]
    pub dependents: bool,
}

/// An optional team.
#[derive(Debug, Deserialize, schemars::JsonSchema)]
pub struct TeamParams {
    /// Only this team's atoms.
    pub team: Option<String>,
}

/// Filters of `atoms_list`.
#[derive(Debug, Deserialize, schemars::JsonSchema)]
pub struct ListParams {
    /// Only this team's.
    pub team: Option<String>,
    /// Only this status: NOT_STARTED, IN_PROGRESS, BLOCKED, COMPLETED or CANCELLED.
    pub status: Option<String>,
    /// Only those assigned to this person.
    pub assigned: Option<String>,
}

/// `atoms_next`.
#[derive(Debug, Deserialize, schemars::JsonSchema)]
pub struct NextParams {
    /// Only this team's atoms.
    pub team: Option<String>,
    /// Who takes it (an email or a name).
    pub assign: String,
}

/// `atoms_start`.
#[derive(Debug, Deserialize, schemars::JsonSchema)]
pub struct StartParams {
    /// Atom id.
    pub id: String,
    /// Who works on it.
    pub assign: Option<String>,
    /// Start even though dependencies are unfinished.
    pub force: Option<bool>,
}

/// `atoms_tick`.
#[derive(Debug, Deserialize, schemars::JsonSchema)]
pub struct TickParams {
    /// Atom id.
    pub id: String,
    /// Criterion number, from 1.
    pub n: usize,
    /// Uncheck it instead.
    pub undo: Option<bool>,
}

/// `atoms_done`.
#[derive(Debug, Deserialize, schemars::JsonSchema)]
pub struct DoneParams {
    /// Atom id.
    pub id: String,
    /// Finish even with unchecked criteria.
    pub force: Option<bool>,
}

/// `atoms_block`.
#[derive(Debug, Deserialize, schemars::JsonSchema)]
pub struct ReasonParams {
    /// Atom id.
    pub id: String,
    /// Why it is blocked.
    pub reason: String,
}

/// `atoms_new`.
#[derive(Debug, Deserialize, schemars::JsonSchema)]
pub struct NewParams {
    /// Its title.
    pub title: String,
    /// Owning team (an id from zones.yaml).
    pub team: String,
    /// CRITICAL, HIGH, MEDIUM (default) or LOW.
    pub priority: Option<String>,
    /// Atoms or molecules it depends on: `ATOM-002` or `ATOM-002:note`.
    pub depends: Option<Vec<String>>,
    /// Paths or globs it will modify, from the repository root.
    pub files: Option<Vec<String>>,
    /// Estimated duration: 30m, 4h, 2d.
    pub estimate: Option<String>,
    /// Deadline: a date or an RFC 3339 time.
    pub due: Option<String>,
    /// Completion criteria.
    pub criteria: Option<Vec<String>>,
    /// Who works on it.
    pub assign: Option<String>,
    /// Phase number.
    pub phase: Option<u32>,
}

/// Paths from the repository root.
#[derive(Debug, Deserialize, schemars::JsonSchema)]
pub struct PathsParams {
    /// Repository-relative paths.
    pub paths: Vec<String>,
}

/// `zones_check`.
#[derive(Debug, Deserialize, schemars::JsonSchema)]
pub struct CheckParams {
    /// The team that would change them.
    pub team: String,
    /// Repository-relative paths.
    pub paths: Vec<String>,
}
