//! From the serde mirror of zones.yaml to the validated `Zones`: one function per section, each
//! pushing every problem it finds with its position, so all are reported at once.

use std::collections::{BTreeMap, BTreeSet};

use super::raw::{RawJoint, RawTeam, RawZones};
use super::{
    ExclusiveZone, JointZone, Pattern, SharedFile, Team, Zones, build_glob, has_glob, valid_id,
};
use crate::clock;
use crate::config::layout::JOINT_DIR;
use crate::error::{Error, Lines, Result, pos_of};
use crate::fsutil;
use crate::yaml::{self, Spanned, SpannedMap};

mod rules;
mod settings;
use rules::rules;
pub(crate) use settings::default_involves;
use settings::{escalation, identity, phases, unowned};

/// A claim lasts two days unless renewed.
const DEFAULT_LEASE_MINUTES: i64 = 2 * 24 * 60;

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
        self.errors.push(Error::in_file(
            self.name, self.text, pos, message, label, help,
        ));
    }

    fn line<T>(&self, spanned: &Spanned<T>) -> u32 {
        self.lines.pos(self.text, spanned.offset, 0).line
    }

    /// Patterns of a list, each checked.
    fn patterns(&mut self, list: &[Spanned<String>]) -> Vec<Pattern> {
        let mut out = Vec::new();
        for item in list {
            match Pattern::new(&item.value, self.line(item)) {
                Ok(pattern) => out.push(pattern),
                Err(why) => self.at(
                    item,
                    format!("invalid pattern `{}`: {why}", item.value),
                    "pattern",
                    Some("`*` matches within a folder, `**` across folders; a plain name covers a whole folder".to_owned()),
                ),
            }
        }
        out
    }

    /// Check that `team` is defined.
    fn known_team(&mut self, known: &BTreeSet<String>, team: &Spanned<String>, message: String) {
        if !known.contains(&team.value) {
            let help = format!(
                "teams defined under `teams:`: {}",
                known.iter().cloned().collect::<Vec<_>>().join(", ")
            );
            self.at(team, message, "unknown team", Some(help));
        }
    }
}

/// Parse and validate zones.yaml text; `name` is how diagnostics name the file.
pub fn parse(name: &str, text: &str) -> Result<Zones> {
    let raw: RawZones = yaml::parse(text).map_err(|e| {
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
    if raw.version.value != 1 {
        p.at(
            &raw.version,
            format!("unsupported version {}", raw.version.value),
            "version",
            Some("this coord reads `version: 1`".to_owned()),
        );
    }
    let teams = teams(&mut p, raw.teams.value.as_ref());
    let known: BTreeSet<String> = teams.iter().map(|t| t.id.clone()).collect();
    let exclusive = exclusive(&mut p, raw.exclusive.as_ref(), &teams, &known);
    let shared = shared(&mut p, raw.shared.as_ref(), &exclusive, &known);
    let joint = joint(&mut p, raw.joint.as_ref(), &known);
    let readonly = p.patterns(raw.readonly.as_deref().unwrap_or_default());
    let rules = rules(&mut p, raw.rules.as_deref().unwrap_or_default(), &known);
    let unowned = unowned(&mut p, raw.unowned.as_ref());
    let identity = identity(&mut p, raw.identity.as_ref(), raw.signers.as_ref());
    let escalation = escalation(&mut p, raw.escalation.as_deref().unwrap_or_default());
    let phases = phases(&mut p, raw.phases.as_deref().unwrap_or_default());
    let offline_days = raw
        .dashboard
        .as_ref()
        .and_then(|d| d.offline_days.as_ref())
        .map_or(7, |d| d.value);
    let claim_lease_minutes = match raw.claims.as_ref().and_then(|c| c.lease.as_ref()) {
        None => DEFAULT_LEASE_MINUTES,
        Some(lease) => match clock::parse_duration(&lease.value) {
            Some(m) if m > 0 => m,
            _ => {
                p.at(
                    lease,
                    format!("invalid lease `{}`", lease.value),
                    "lease",
                    Some("write a duration such as 4h, 2d or 1w".to_owned()),
                );
                DEFAULT_LEASE_MINUTES
            }
        },
    };
    let dashboards = settings::dashboards(&mut p, raw.dashboard.as_ref());
    let kpi = settings::kpi(&mut p, raw.kpi.as_ref(), &escalation);
    let coordinate_teams = match &raw.coordinate_when {
        Some(c) if c.teams.value < 2 => {
            p.at(
                &c.teams,
                format!("coordinate_when.teams is {}", c.teams.value),
                "teams",
                Some("a change calls for the coordinator from 2 teams up; 3 is usual".to_owned()),
            );
            None
        }
        Some(c) => Some(c.teams.value),
        None => None,
    };
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
        rules,
        unowned,
        identity,
        escalation,
        phases,
        offline_days,
        claim_lease_minutes,
        dashboards,
        kpi,
        coordinate_teams,
    })
}

/// A team's folder, checked: relative, not the joint folder, not another team's.
fn team_dir(
    p: &mut Problems,
    id: &str,
    team: &RawTeam,
    dirs: &mut BTreeMap<String, String>,
) -> String {
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
        dirs.insert(dir.to_ascii_lowercase(), id.to_owned());
    }
    dir
}

fn teams(p: &mut Problems, raw: Option<&SpannedMap<RawTeam>>) -> Vec<Team> {
    let mut teams = Vec::new();
    let mut dirs = BTreeMap::new();
    for (key, team) in raw.map_or(&[][..], |r| &r.0[..]) {
        let id = key.value.clone();
        if !valid_id(&id) {
            p.at(
                key,
                format!("team id `{id}` has characters other than letters, digits, `-` and `_`"),
                "team id",
                None,
            );
        }
        let dir = team_dir(p, &id, team, &mut dirs);
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
        let mut set = globset::GlobSetBuilder::new();
        for m in &members {
            if let Ok(g) = globset::GlobBuilder::new(&m.to_ascii_lowercase()).build() {
                set.add(g);
            }
        }
        teams.push(Team {
            name: team.name.clone().unwrap_or_else(|| id.clone()),
            id,
            dir,
            members,
            member_set: set.build().unwrap_or_else(|_| globset::GlobSet::empty()),
            handle: team.handle.as_ref().map(|h| h.value.trim().to_owned()),
            lead: team.lead.clone(),
            contacts: team.contacts.clone(),
        });
    }
    teams
}

/// Exclusive zones: the written ones, then each team's own folder.
fn exclusive(
    p: &mut Problems,
    raw: Option<&SpannedMap<Vec<Spanned<String>>>>,
    teams: &[Team],
    known: &BTreeSet<String>,
) -> Vec<ExclusiveZone> {
    let mut out = Vec::new();
    for (key, list) in raw.map_or(&[][..], |r| &r.0[..]) {
        p.known_team(
            known,
            key,
            format!("unknown team `{}` in exclusive", key.value),
        );
        out.push(ExclusiveZone {
            team: key.value.clone(),
            patterns: p.patterns(list),
            implicit: false,
        });
    }
    for team in teams {
        if let Ok(pattern) = Pattern::new(&team.dir, 0) {
            out.push(ExclusiveZone {
                team: team.id.clone(),
                patterns: vec![pattern],
                implicit: true,
            });
        }
    }
    out
}

type RawShared = SpannedMap<Option<SpannedMap<Spanned<String>>>>;

fn shared(
    p: &mut Problems,
    raw: Option<&RawShared>,
    exclusive: &[ExclusiveZone],
    known: &BTreeSet<String>,
) -> Vec<SharedFile> {
    let mut out = Vec::new();
    for (key, sections) in raw.map_or(&[][..], |r| &r.0[..]) {
        let sections = sections.as_ref().map_or(&[][..], |s| &s.0[..]);
        let path = key.value.trim_start_matches('/').to_owned();
        if let Err(why) = fsutil::check_relative(&path) {
            let message = format!("invalid shared file `{}`: {why}", key.value);
            p.at(key, message, "shared file", None);
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
            let message = format!(
                "unknown team `{}` owns section `{}`",
                team.value, section.value
            );
            p.known_team(known, team, message);
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
        for zone in exclusive.iter().filter(|z| !owners.contains(&z.team)) {
            if let Some(hit) = zone.patterns.iter().find(|pat| pat.is_match(&path)) {
                p.at(key, format!("shared file `{path}` is also inside team `{}`'s exclusive zone `{}`, and that team owns none of its sections", zone.team, hit.text), "shared file", Some("narrow the exclusive pattern, or give that team a section".to_owned()));
            }
        }
        out.push(SharedFile {
            path,
            line: p.line(key),
            sections: list,
        });
    }
    out
}

/// Joint zones: the written ones, then JOINT_COORDINATION/, joint to every team.
fn joint(
    p: &mut Problems,
    raw: Option<&SpannedMap<RawJoint>>,
    known: &BTreeSet<String>,
) -> Vec<JointZone> {
    let mut out = Vec::new();
    for (key, zone) in raw.map_or(&[][..], |r| &r.0[..]) {
        let patterns = p.patterns(&zone.paths);
        let mut owners = Vec::new();
        for owner in &zone.owners {
            let message = format!(
                "unknown team `{}` in joint zone `{}`",
                owner.value, key.value
            );
            p.known_team(known, owner, message);
            owners.push(owner.value.clone());
        }
        if owners.is_empty() {
            let message = format!("joint zone `{}` has no owners", key.value);
            p.at(key, message, "joint zone", None);
        }
        out.push(JointZone {
            name: key.value.clone(),
            patterns,
            owners,
            implicit: false,
        });
    }
    out.push(JointZone {
        name: JOINT_DIR.to_owned(),
        patterns: Pattern::new(JOINT_DIR, 0).into_iter().collect(),
        owners: known.iter().cloned().collect(),
        implicit: true,
    });
    out
}
