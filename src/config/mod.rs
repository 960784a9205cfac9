//! zones.yaml: loading, validating (every problem at once, with positions) and the validated model.

mod pattern;
mod raw;

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

pub use pattern::{Pattern, PatternSet, build as build_glob, has_glob};

use crate::clock;
use crate::error::{Error, Lines, Pos, Result, pos_of};
use crate::fsutil;
use crate::layout::JOINT_DIR;
use crate::yaml::{self, Spanned};
use raw::RawZones;

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
}

/// A delivery phase.
#[derive(Debug, Clone)]
pub struct Phase {
    /// Its number.
    pub id: u32,
    /// Its name.
    pub name: String,
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
    /// Policy for unowned files.
    pub unowned: UnownedPolicy,
    /// Escalation levels, by level.
    pub escalation: Vec<EscalationLevel>,
    /// Phases, in written order.
    pub phases: Vec<Phase>,
    /// Days without an update after which a team shows as offline.
    pub offline_days: u32,
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
    fn default_levels() -> Vec<EscalationLevel> {
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
    let text = fsutil::read_text(&path)?;
    parse(FILE, &text)
}

/// Collects problems with their positions.
struct Problems<'a> {
    name: &'a str,
    text: &'a str,
    lines: Lines,
    errors: Vec<Error>,
}

impl Problems<'_> {
    fn at<T>(&mut self, spanned: &Spanned<T>, message: String, label: &str, help: Option<String>) {
        let pos = self.lines.pos(self.text, spanned.offset, spanned.len);
        self.at_pos(pos, message, label, help);
    }

    fn at_pos(&mut self, pos: Pos, message: String, label: &str, help: Option<String>) {
        self.errors.push(Error::in_file(
            self.name, self.text, pos, message, label, help,
        ));
    }

    fn line<T>(&self, spanned: &Spanned<T>) -> u32 {
        self.lines.pos(self.text, spanned.offset, 0).line
    }
}

/// Parse and validate zones.yaml text; `name` is how diagnostics name the file.
pub fn parse(name: &str, text: &str) -> Result<Zones> {
    let mut raw: RawZones = yaml::parse(text).map_err(|e| {
        let offset = e.offset.unwrap_or(0);
        Error::in_file(
            name,
            text,
            pos_of(text, offset, 1),
            format!("{name} is not valid: {}", e.message),
            "here",
            Some("see the zones.yaml reference in the README, or `coord zones schema`".to_owned()),
        )
    })?;
    let mut p = Problems {
        name,
        text,
        lines: Lines::new(text),
        errors: Vec::new(),
    };
    let raw_teams = raw.teams.take().unwrap_or_default();
    let raw_exclusive = raw.exclusive.take().unwrap_or_default();
    let raw_shared = raw.shared.take().unwrap_or_default();
    let raw_joint = raw.joint.take().unwrap_or_default();
    let raw_readonly = raw.readonly.take().unwrap_or_default();
    let raw_escalation = raw.escalation.take().unwrap_or_default();
    let raw_phases = raw.phases.take().unwrap_or_default();

    if raw.version.value != 1 {
        p.at(
            &raw.version,
            format!("unsupported version {}", raw.version.value),
            "version",
            Some("this coord reads `version: 1`".to_owned()),
        );
    }

    let mut teams = Vec::new();
    let mut dirs: BTreeMap<String, String> = BTreeMap::new();
    for (key, team) in &raw_teams.0 {
        let id = key.value.clone();
        if !valid_id(&id) {
            p.at(
                key,
                format!("team id `{id}` has characters other than letters, digits, `-` and `_`"),
                "team id",
                None,
            );
        }
        let dir = team.dir.value.trim().trim_end_matches('/').to_owned();
        if let Err(why) = fsutil::check_relative(&dir) {
            p.at(
                &team.dir,
                format!("team `{id}` has an invalid dir: {why}"),
                "dir",
                Some("use a folder relative to the repository root".to_owned()),
            );
        } else if dir.eq_ignore_ascii_case(JOINT_DIR) {
            p.at(
                &team.dir,
                format!("team `{id}` cannot use {JOINT_DIR} as its dir"),
                "dir",
                None,
            );
        } else if let Some(other) = dirs.get(&dir.to_ascii_lowercase()) {
            p.at(
                &team.dir,
                format!("team `{id}` uses the same dir as team `{other}`"),
                "duplicate dir",
                Some("each team needs a folder of its own".to_owned()),
            );
        } else {
            dirs.insert(dir.to_ascii_lowercase(), id.clone());
        }
        let mut members = Vec::new();
        for member in &team.members {
            match build_glob(&member.value) {
                Ok(_) => members.push(member.value.clone()),
                Err(e) => p.at(
                    member,
                    format!("invalid member pattern: {}", e.kind()),
                    "member",
                    None,
                ),
            }
        }
        teams.push(Team {
            id: id.clone(),
            name: team.name.clone().unwrap_or(id),
            dir,
            members,
        });
    }
    let known: BTreeSet<String> = teams.iter().map(|t| t.id.clone()).collect();
    let team_help = || {
        Some(format!(
            "teams defined under `teams:`: {}",
            known.iter().cloned().collect::<Vec<_>>().join(", ")
        ))
    };

    let patterns = |p: &mut Problems, list: &[Spanned<String>]| -> Vec<Pattern> {
        let mut out = Vec::new();
        for item in list {
            match Pattern::new(&item.value, p.line(item)) {
                Ok(pattern) => out.push(pattern),
                Err(why) => p.at(item, format!("invalid pattern `{}`: {why}", item.value), "pattern", Some("`*` matches within a folder, `**` across folders; a plain name covers a whole folder".to_owned())),
            }
        }
        out
    };

    let mut exclusive = Vec::new();
    for (key, list) in &raw_exclusive.0 {
        if !known.contains(&key.value) {
            p.at(
                key,
                format!("unknown team `{}` in exclusive", key.value),
                "unknown team",
                team_help(),
            );
        }
        let pats = patterns(&mut p, list);
        exclusive.push(ExclusiveZone {
            team: key.value.clone(),
            patterns: pats,
            implicit: false,
        });
    }
    for team in &teams {
        if let Ok(pattern) = Pattern::new(&team.dir, 0) {
            exclusive.push(ExclusiveZone {
                team: team.id.clone(),
                patterns: vec![pattern],
                implicit: true,
            });
        }
    }

    let mut shared = Vec::new();
    for (key, sections) in &raw_shared.0 {
        let sections = sections.as_ref().map_or(&[][..], |s| &s.0[..]);
        let path = key.value.trim_start_matches('/').to_owned();
        if let Err(why) = fsutil::check_relative(&path) {
            p.at(
                key,
                format!("invalid shared file `{}`: {why}", key.value),
                "shared file",
                None,
            );
            continue;
        }
        if has_glob(&path) {
            p.at(
                key,
                format!(
                    "shared file `{}` must be one file, not a pattern",
                    key.value
                ),
                "shared file",
                Some("list each shared file on its own".to_owned()),
            );
        }
        let mut list = Vec::new();
        for (section, team) in sections {
            if !known.contains(&team.value) {
                p.at(
                    team,
                    format!(
                        "unknown team `{}` owns section `{}`",
                        team.value, section.value
                    ),
                    "unknown team",
                    team_help(),
                );
            }
            list.push((section.value.clone(), team.value.clone()));
        }
        if list.is_empty() {
            p.at(
                key,
                format!("shared file `{}` lists no sections", key.value),
                "shared file",
                Some("map each section name to its owning team".to_owned()),
            );
        }
        let owners: BTreeSet<&String> = list.iter().map(|(_, t)| t).collect();
        for zone in &exclusive {
            if owners.contains(&zone.team) {
                continue;
            }
            if let Some(hit) = zone.patterns.iter().find(|pat| pat.is_match(&path)) {
                p.at(key, format!("shared file `{path}` is also inside team `{}`'s exclusive zone `{}`, and that team owns none of its sections", zone.team, hit.text), "shared file", Some("narrow the exclusive pattern, or give that team a section".to_owned()));
            }
        }
        shared.push(SharedFile {
            path,
            line: p.line(key),
            sections: list,
        });
    }

    let mut joint = Vec::new();
    for (key, zone) in &raw_joint.0 {
        let pats = patterns(&mut p, &zone.paths);
        let mut owners = Vec::new();
        for owner in &zone.owners {
            if !known.contains(&owner.value) {
                p.at(
                    owner,
                    format!(
                        "unknown team `{}` in joint zone `{}`",
                        owner.value, key.value
                    ),
                    "unknown team",
                    team_help(),
                );
            }
            owners.push(owner.value.clone());
        }
        if owners.is_empty() {
            p.at(
                key,
                format!("joint zone `{}` has no owners", key.value),
                "joint zone",
                None,
            );
        }
        joint.push(JointZone {
            name: key.value.clone(),
            patterns: pats,
            owners,
            implicit: false,
        });
    }
    joint.push(JointZone {
        name: JOINT_DIR.to_owned(),
        patterns: vec![Pattern::new(JOINT_DIR, 0).expect("valid")],
        owners: known.iter().cloned().collect(),
        implicit: true,
    });

    let readonly = patterns(&mut p, &raw_readonly);

    let unowned = match raw.unowned.as_ref().map(|u| u.value.as_str()) {
        None | Some("allow") => UnownedPolicy::Allow,
        Some("warn") => UnownedPolicy::Warn,
        Some("deny") => UnownedPolicy::Deny,
        Some(other) => {
            let spanned = raw.unowned.as_ref().expect("present");
            p.at(
                spanned,
                format!("unknown unowned policy `{other}`"),
                "policy",
                Some("use allow, warn or deny".to_owned()),
            );
            UnownedPolicy::Allow
        }
    };

    let mut escalation = Vec::new();
    let mut seen_levels = BTreeSet::new();
    for level in &raw_escalation {
        if !seen_levels.insert(level.level.value) {
            p.at(
                &level.level,
                format!("escalation level {} is listed twice", level.level.value),
                "level",
                None,
            );
        }
        match clock::parse_duration(&level.response.value) {
            Some(minutes) => escalation.push(EscalationLevel {
                level: level.level.value,
                name: level.name.clone(),
                response_minutes: minutes,
                response: level.response.value.clone(),
            }),
            None => p.at(
                &level.response,
                format!("invalid response time `{}`", level.response.value),
                "response",
                Some("write a duration such as 15m, 2h or 1d".to_owned()),
            ),
        }
    }
    if raw_escalation.is_empty() {
        escalation = Zones::default_levels();
    }
    escalation.sort_by_key(|l| l.level);

    let mut phases = Vec::new();
    let mut seen_phases = BTreeSet::new();
    for phase in &raw_phases {
        if !seen_phases.insert(phase.id.value) {
            p.at(
                &phase.id,
                format!("phase {} is listed twice", phase.id.value),
                "phase",
                None,
            );
        }
        phases.push(Phase {
            id: phase.id.value,
            name: phase.name.clone(),
        });
    }

    let offline_days = raw
        .dashboard
        .as_ref()
        .and_then(|d| d.offline_days.as_ref())
        .map_or(7, |d| d.value);

    if !p.errors.is_empty() {
        let n = p.errors.len();
        return Err(Error::many(format!("{name} has {n} problems"), p.errors));
    }
    Ok(Zones {
        teams,
        exclusive,
        shared,
        joint,
        readonly,
        unowned,
        escalation,
        phases,
        offline_days,
    })
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
