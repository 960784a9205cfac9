//! `who owns this path?`: one row per path, the same shape for every kind of zone.

use serde::Serialize;

use super::{Owner, ZoneMap};
use crate::config::UnownedPolicy;
use crate::error::{Error, Result};
use crate::workspace::Workspace;

/// Who owns one path; every field is always present.
#[derive(Debug, Serialize)]
pub struct WhoRow {
    /// The path.
    pub path: String,
    /// generated, readonly, shared, exclusive, joint or unowned.
    pub kind: &'static str,
    /// The zone in words.
    pub zone: String,
    /// Teams that may change it.
    pub owners: Vec<String>,
    /// The owners' forge handles (`handle:` in zones.yaml), where they have one.
    pub handles: Vec<String>,
    /// The matching patterns (read-only, exclusive).
    pub patterns: Vec<String>,
    /// The matching joint zones.
    pub zones: Vec<String>,
    /// A shared file's sections and their teams.
    pub sections: Vec<SectionOwner>,
    /// The row in words, for people.
    #[serde(skip)]
    pub words: String,
}

/// A section of a shared file and the team that owns it.
#[derive(Debug, Serialize)]
pub struct SectionOwner {
    /// The section's heading or key.
    pub section: String,
    /// Its team.
    pub team: String,
}

fn words(owner: &Owner, policy: UnownedPolicy) -> String {
    match owner {
        Owner::Shared { sections } => {
            let parts: Vec<String> = sections.iter().map(|(s, t)| format!("{s}: {t}")).collect();
            format!("shared file ({})", parts.join(", "))
        }
        Owner::Generated => {
            "generated dashboard (anyone may commit what `coord dashboard` writes)".to_owned()
        }
        Owner::Readonly { pattern } => format!("read-only (`{pattern}`): nobody"),
        Owner::Unowned => format!(
            "unowned ({})",
            match policy {
                UnownedPolicy::Allow => "allowed",
                UnownedPolicy::Warn => "warned",
                UnownedPolicy::Deny => "denied",
            }
        ),
        other => format!("{}: {}", other.zone_name(), other.owners().join(", ")),
    }
}

impl WhoRow {
    fn new(path: String, owner: &Owner, policy: UnownedPolicy) -> WhoRow {
        let (kind, patterns, zones, sections) = match owner {
            Owner::Generated => ("generated", vec![], vec![], vec![]),
            Owner::Readonly { pattern } => ("readonly", vec![pattern.clone()], vec![], vec![]),
            Owner::Shared { sections } => (
                "shared",
                vec![],
                vec![],
                sections
                    .iter()
                    .map(|(section, team)| SectionOwner {
                        section: section.clone(),
                        team: team.clone(),
                    })
                    .collect(),
            ),
            Owner::Exclusive { patterns, .. } => ("exclusive", patterns.clone(), vec![], vec![]),
            Owner::Joint { zones, .. } => ("joint", vec![], zones.clone(), vec![]),
            Owner::Unowned => ("unowned", vec![], vec![], vec![]),
        };
        WhoRow {
            words: words(owner, policy),
            path,
            kind,
            zone: owner.zone_name(),
            owners: owner.owners(),
            handles: Vec::new(),
            patterns,
            zones,
            sections,
        }
    }
}

/// Who owns each of `paths` (typed in folder `cwd`), or of every tracked file with `all`.
pub fn who(
    ws: &Workspace,
    cwd: &std::path::Path,
    paths: &[String],
    all: bool,
) -> Result<Vec<WhoRow>> {
    let list: Vec<String> = if all {
        ws.repo()?.index_paths()?
    } else if paths.is_empty() {
        return Err(Error::usage("name paths, or use --all", None));
    } else {
        paths
            .iter()
            .map(|p| ws.path_arg(cwd, p))
            .collect::<Result<_>>()?
    };
    let map = ZoneMap::new(&ws.zones);
    Ok(list
        .into_iter()
        .map(|path| {
            let owner = map.owner(&path);
            let mut row = WhoRow::new(path, &owner, ws.zones.unowned);
            row.handles = row
                .owners
                .iter()
                .filter_map(|t| ws.zones.team(t)?.handle.clone())
                .collect();
            row
        })
        .collect())
}
