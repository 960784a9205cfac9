//! Checks of a status file against its place: the team folder it sits in, the file name its id
//! gives, and the teams zones.yaml defines.

use std::path::Path;

use super::cache::Meta;
use super::parsed::Docs;
use crate::config::Zones;
use crate::finding::{Code, Finding};

fn unknown_team(path: &str, id: &str, team: &str, zones: &Zones, at: (u32, u32)) -> Finding {
    Finding::error(
        Code::UnknownTeam,
        format!("{id} names team `{team}`, which zones.yaml does not define"),
    )
    .at(path, at.0, at.1)
    .hint(format!("teams: {}", zones.team_ids().join(", ")))
}

fn id_mismatch(path: &str, id: &str) -> Option<Finding> {
    let file_id = Path::new(path)
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or("");
    (id != file_id && super::is_id(id)).then(|| {
        Finding::error(
            Code::IdMismatch,
            format!("the file is named {file_id} but its id is {id}"),
        )
        .at(path, 0, 0)
        .hint("rename the file after its id")
    })
}

/// Checks that depend on the file's place (`path`, in the folder of `folder_team` for atoms)
/// and on zones.yaml, never cached.
pub(super) fn checks(
    path: &str,
    folder_team: Option<&str>,
    parsed: &Meta,
    docs: &Docs,
    zones: &Zones,
) -> Vec<Finding> {
    let mut found = Vec::new();
    if let (Some(atom), Some(folder_team)) = (docs.atom(parsed.slot), folder_team) {
        if zones.team(&atom.team).is_none() {
            found.push(unknown_team(
                path,
                &atom.id,
                &atom.team,
                zones,
                parsed.team_at,
            ));
        } else if atom.team != folder_team {
            let (line, column) = parsed.team_at;
            found.push(
                Finding::error(
                    Code::WrongTeamFolder,
                    format!(
                        "{} belongs to team `{}` but sits in team `{folder_team}`'s folder",
                        atom.id, atom.team
                    ),
                )
                .at(path, line, column)
                .hint("move the file into its team's ATOMIC_TASKS folder, or fix `team:`"),
            );
        }
        found.extend(id_mismatch(path, &atom.id));
    }
    if let Some(m) = docs.molecule(parsed.slot) {
        let mut named: Vec<&String> = m
            .teams
            .iter()
            .chain(std::iter::once(&m.lead))
            .chain(&m.support)
            .collect();
        named.sort();
        named.dedup();
        for team in named.into_iter().filter(|t| zones.team(t).is_none()) {
            found.push(unknown_team(path, &m.id, team, zones, (0, 0)));
        }
        found.extend(id_mismatch(path, &m.id));
    }
    found
}
