//! zones.yaml: loading, validating (every problem at once, with positions) and the validated model.

pub mod layout;
mod pattern;
mod raw;
mod validate;

use std::collections::BTreeSet;
use std::path::Path;

pub use pattern::{Pattern, PatternSet, build as build_glob, folder_prefix, has_glob};

use crate::clock;
use crate::error::{Error, Result};

/// The file name of the configuration, at the repository root.
pub const FILE: &str = "zones.yaml";
/// The JSON Schema of zones.yaml, for editors.
pub const SCHEMA: &str = include_str!("../../templates/zones.schema.json");

/// A team: its id (the key in `teams`), display name, folder and member globs.
#[derive(Debug, Clone)]
pub struct Team {
    /// The key in `teams:`.
    pub id: String,
    /// Display name (defaults to the id).
    pub name: String,
    /// Its folder, holding `ATOMIC_TASKS/` and `REAL_TIME_STATUS.md`.
    pub dir: String,
    /// Email globs of its members.
    pub members: Vec<String>,
    /// The member globs, compiled once (matched case-insensitively).
    pub member_set: globset::GlobSet,
    /// Its name on the forge (`@org/team`, `@user` or an email), for CODEOWNERS.
    pub handle: Option<String>,
    /// Who leads it (a person: an email or a handle), called first when it escalates.
    pub lead: Option<String>,
    /// Further people to call.
    pub contacts: Vec<String>,
}

impl Team {
    /// Whether `email` (lower-cased) matches one of its member globs.
    pub fn has_member(&self, email: &str) -> bool {
        self.member_set.is_match(email)
    }
}

/// An exclusive zone: files only `team` may change.
#[derive(Debug, Clone)]
pub struct ExclusiveZone {
    /// Owner.
    pub team: String,
    /// Its patterns.
    pub patterns: Vec<Pattern>,
    /// True for a team's own folder, which is exclusive without being listed.
    pub implicit: bool,
}

/// A shared file: its sections belong to different teams.
#[derive(Debug, Clone)]
pub struct SharedFile {
    /// Repository-relative path.
    pub path: String,
    /// Line in zones.yaml.
    pub line: u32,
    /// Section name → owning team, in written order.
    pub sections: Vec<(String, String)>,
}

impl SharedFile {
    /// Every team that owns a section.
    pub fn owners(&self) -> BTreeSet<String> {
        self.sections.iter().map(|(_, t)| t.clone()).collect()
    }
}

/// A joint zone: files several teams own together.
#[derive(Debug, Clone)]
pub struct JointZone {
    /// Its name (the key under `joint:`).
    pub name: String,
    /// Its patterns.
    pub patterns: Vec<Pattern>,
    /// Teams that own it.
    pub owners: Vec<String>,
    /// True for JOINT_COORDINATION/, joint to all teams without being listed.
    pub implicit: bool,
}

/// One of the ordered `rules:` (CODEOWNERS semantics): of the rules matching a file, the last
/// decides; a rule without owners leaves the file unowned.
#[derive(Debug, Clone)]
pub struct OrderedRule {
    /// Its pattern, in CODEOWNERS (gitignore-style) syntax.
    pub pattern: Pattern,
    /// The teams that own what it matches (none: nobody).
    pub owners: Vec<String>,
}

/// KPI targets (`kpi:` in zones.yaml). Without a target a KPI is shown, not judged; conflicts
/// and escalation breaches aim at zero unless set otherwise.
#[derive(Debug, Clone, Default)]
pub struct Targets {
    /// Median lead time at most, in minutes.
    pub lead_time: Option<i64>,
    /// Median cycle time at most, in minutes.
    pub cycle_time: Option<i64>,
    /// Share of working time blocked at most (0.2 = 20%).
    pub blocked_share: Option<f64>,
    /// Median actual ÷ estimate at most.
    pub estimate_accuracy: Option<f64>,
    /// Atoms completed per week at least.
    pub throughput: Option<f64>,
    /// Atoms reopened at most.
    pub reopened: Option<usize>,
    /// Conflicts at most.
    pub conflicts: usize,
    /// Escalations answered later than their level's response time, at most.
    pub escalation_breaches: usize,
    /// Each level's response time in minutes.
    pub responses: Vec<(u32, i64)>,
}

impl Targets {
    /// The response time of `level`, in minutes (a level zones.yaml lacks never breaches).
    pub fn response_minutes(&self, level: u32) -> i64 {
        self.responses
            .iter()
            .find(|(l, _)| *l == level)
            .map_or(i64::MAX, |(_, m)| *m)
    }
}

/// What to do with a changed file no zone covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnownedPolicy {
    /// Anyone may change it.
    Allow,
    /// Report it, but pass.
    Warn,
    /// Refuse the change.
    Deny,
}

/// Which identity the range check trusts to tell who made a commit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Identity {
    /// The author email, matched against the teams' `members`.
    Email,
    /// The commit's SSH signature, verified against the allowed-signers file at this path.
    Signed {
        /// The allowed-signers file, relative to the repository root.
        signers: String,
    },
}

/// An escalation level and how fast it must be answered.
#[derive(Debug, Clone)]
pub struct EscalationLevel {
    /// 1, 2, 3…
    pub level: u32,
    /// "Team internal"…
    pub name: String,
    /// Response time in minutes.
    pub response_minutes: i64,
    /// As written (`15m`).
    pub response: String,
    /// Who it involves: `lead` (the lead of the team concerned), `leads` (every team's lead),
    /// `all` (every lead and contact), or addresses as written.
    pub involves: Vec<String>,
}

/// A delivery phase.
#[derive(Debug, Clone)]
pub struct Phase {
    /// Its number.
    pub id: u32,
    /// Its name.
    pub name: String,
    /// When it starts (a date or an RFC 3339 time, as written).
    pub start: Option<String>,
    /// When it should end.
    pub end: Option<String>,
    /// What it is for.
    pub objective: Option<String>,
    /// Its gate: criteria in words that people confirm, besides the checks coord makes.
    pub gate: Vec<String>,
}

/// zones.yaml, validated.
#[derive(Debug, Clone)]
pub struct Zones {
    /// Teams in written order.
    pub teams: Vec<Team>,
    /// Exclusive zones, the explicit ones first, then each team's own folder.
    pub exclusive: Vec<ExclusiveZone>,
    /// Shared files.
    pub shared: Vec<SharedFile>,
    /// Joint zones, explicit ones first, then JOINT_COORDINATION/.
    pub joint: Vec<JointZone>,
    /// Read-only patterns.
    pub readonly: Vec<Pattern>,
    /// Ordered rules, in written order (the last match decides).
    pub rules: Vec<OrderedRule>,
    /// Policy for unowned files.
    pub unowned: UnownedPolicy,
    /// The identity the range check trusts.
    pub identity: Identity,
    /// Escalation levels, by level.
    pub escalation: Vec<EscalationLevel>,
    /// Phases, in written order.
    pub phases: Vec<Phase>,
    /// Days without an update after which a team shows as offline.
    pub offline_days: u32,
    /// How long a claim on an atom lasts unless renewed, in minutes.
    pub claim_lease_minutes: i64,
    /// Who keeps the dashboards current, and where.
    pub dashboards: DashboardPolicy,
    /// KPI targets.
    pub kpi: Targets,
    /// A change touching the zones of this many teams or more calls for the coordinator
    /// (`cross-team-change`); None: never.
    pub coordinate_teams: Option<usize>,
}

/// Who regenerates the dashboards: `dashboard.update` in zones.yaml.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DashboardUpdate {
    /// Each commit that changes status files carries its regenerated dashboards (the hook
    /// checks staged ones; `dashboard --check` holds everywhere).
    Commit,
    /// CI regenerates them on the default branch after each merge (`coord dashboard --commit`);
    /// other branches leave them alone, so they never make two pull requests conflict.
    Ci,
}

/// The dashboard workflow.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DashboardPolicy {
    /// Who regenerates them.
    pub update: DashboardUpdate,
    /// The branch where they are fresh under `ci` (default `main`).
    pub branch: String,
    /// Name and email of the commits `dashboard --commit` writes.
    pub author: (String, String),
}

impl Default for DashboardPolicy {
    fn default() -> Self {
        DashboardPolicy {
            update: DashboardUpdate::Commit,
            branch: "main".to_owned(),
            author: ("coord".to_owned(), "coord@localhost".to_owned()),
        }
    }
}

impl Zones {
    /// The team with id `id`.
    pub fn team(&self, id: &str) -> Option<&Team> {
        self.teams.iter().find(|t| t.id == id)
    }

    /// The team with id `id`, or a usage error listing the known teams.
    pub fn require_team(&self, id: &str) -> Result<&Team> {
        self.team(id).ok_or_else(|| {
            Error::usage(
                format!("unknown team `{id}`"),
                Some(format!(
                    "teams in zones.yaml: {}",
                    self.team_ids().join(", ")
                )),
            )
        })
    }

    /// Team ids in written order.
    pub fn team_ids(&self) -> Vec<String> {
        self.teams.iter().map(|t| t.id.clone()).collect()
    }

    /// The escalation level `level`.
    pub fn level(&self, level: u32) -> Option<&EscalationLevel> {
        self.escalation.iter().find(|l| l.level == level)
    }

    /// Default escalation levels, used when zones.yaml lists none.
    pub(crate) fn default_levels() -> Vec<EscalationLevel> {
        [
            (1, "Team internal", "15m"),
            (2, "Cross team", "30m"),
            (3, "All teams", "60m"),
            (4, "Management", "2h"),
        ]
        .into_iter()
        .map(|(level, name, response)| EscalationLevel {
            level,
            name: name.to_owned(),
            response_minutes: clock::parse_duration(response).expect("valid default"),
            response: response.to_owned(),
            involves: validate::default_involves(level),
        })
        .collect()
    }
}

/// Load and validate `zones.yaml` at `root`.
pub fn load(root: &Path) -> Result<Zones> {
    let path = root.join(FILE);
    if !path.exists() {
        return Err(Error::usage(
            format!("no {FILE} at {}", root.display()),
            Some("run `coord init` to create one (see `coord init --help`)".to_owned()),
        ));
    }
    let bytes = std::fs::read(&path).map_err(|e| Error::io("read", &path, e))?;
    parse_bytes(FILE, &bytes)
}

/// Parse and validate zones.yaml as stored (on disk, staged, at a revision): text that is not
/// UTF-8 is refused, pointing at the first byte that is not.
pub fn parse_bytes(name: &str, bytes: &[u8]) -> Result<Zones> {
    match std::str::from_utf8(bytes) {
        Ok(text) => parse(name, text),
        Err(e) => {
            let valid = &bytes[..e.valid_up_to()];
            let text = String::from_utf8_lossy(bytes);
            let valid_text = std::str::from_utf8(valid).unwrap_or_default();
            Err(Error::in_file(
                name,
                &text,
                crate::error::pos_of(&text, valid_text.len(), 1),
                format!("{name} is not valid UTF-8"),
                "not UTF-8",
                Some("save zones.yaml as UTF-8".to_owned()),
            ))
        }
    }
}

/// Parse and validate zones.yaml text; `name` is how diagnostics name the file. Every problem
/// is reported at once, each pointing at its line and column.
pub fn parse(name: &str, text: &str) -> Result<Zones> {
    validate::parse(name, text)
}

/// Whether `id` is a valid team id.
pub fn valid_id(id: &str) -> bool {
    !id.is_empty()
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

#[cfg(test)]
mod tests;
