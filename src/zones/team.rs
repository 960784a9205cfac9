//! Who is committing: `--team`, `COORD_TEAM`, git config `coord.team`, or the author's email
//! matched against the teams' `members` globs (all matching teams).

use crate::config::Zones;
use crate::env::Env;
use crate::error::{Error, Result};
use crate::git::Repo;

/// The committing teams and how they were found.
#[derive(Debug, Clone)]
pub struct Committer {
    /// Team ids (several when an email matches several teams).
    pub teams: Vec<String>,
    /// How they were determined, for messages.
    pub source: String,
}

/// How to tell coord the team, for the message shown when it cannot tell.
pub const HOW_TO_SET: &str = "set the team with `--team TEAM`, `export COORD_TEAM=TEAM`, `git config coord.team TEAM`, or add your email to the team's `members` in zones.yaml";

/// Teams whose member globs match `email` (or a forge login written `@login`).
pub fn teams_of(zones: &Zones, email: &str) -> Vec<String> {
    let email = email.trim().to_ascii_lowercase();
    if email.is_empty() {
        return Vec::new();
    }
    zones
        .teams
        .iter()
        .filter(|t| t.has_member(&email))
        .map(|t| t.id.clone())
        .collect()
}

fn known(zones: &Zones, team: &str, source: &str) -> Result<Committer> {
    let teams: Vec<String> = team
        .split(',')
        .map(|t| t.trim().to_owned())
        .filter(|t| !t.is_empty())
        .collect();
    for t in &teams {
        if zones.team(t).is_none() {
            return Err(Error::usage(
                format!("{source} names team `{t}`, which zones.yaml does not define"),
                Some(format!("teams: {}", zones.team_ids().join(", "))),
            ));
        }
    }
    Ok(Committer {
        teams,
        source: source.to_owned(),
    })
}

/// Resolve the committing team for the working tree; None when nothing says.
pub fn resolve(
    flag: Option<&str>,
    env: &Env,
    repo: Option<&Repo>,
    zones: &Zones,
) -> Result<Option<Committer>> {
    if let Some(t) = flag {
        return known(zones, t, "--team").map(Some);
    }
    if let Some(t) = &env.team {
        return known(zones, t, "COORD_TEAM").map(Some);
    }
    let Some(repo) = repo else { return Ok(None) };
    if let Some(t) = repo
        .config_string("coord.team")
        .filter(|t| !t.trim().is_empty())
    {
        return known(zones, &t, "git config coord.team").map(Some);
    }
    let (email, source) = match &env.author_email {
        Some(e) => (e.clone(), "GIT_AUTHOR_EMAIL"),
        None => (
            repo.config_string("user.email").unwrap_or_default(),
            "user.email",
        ),
    };
    let teams = teams_of(zones, &email);
    if teams.is_empty() {
        return Ok(None);
    }
    Ok(Some(Committer {
        teams,
        source: format!("{source} {email}"),
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn zones() -> Zones {
        crate::config::parse(
            "zones.yaml",
            "version: 1\nteams:\n  a: { dir: A, members: [\"*@a.example.com\", \"lead@x.org\"] }\n  b: { dir: B, members: [\"*@B.example.com\", \"lead@x.org\"] }\n",
        )
        .unwrap()
    }

    #[test]
    fn emails_match_member_globs_case_insensitively_in_every_team() {
        let z = zones();
        assert_eq!(teams_of(&z, "ann@a.example.com"), ["a"]);
        assert_eq!(teams_of(&z, "Bob@b.EXAMPLE.com"), ["b"]);
        assert_eq!(teams_of(&z, "lead@x.org"), ["a", "b"]);
        assert!(teams_of(&z, "stranger@else.org").is_empty());
        assert!(teams_of(&z, "  ").is_empty());
    }

    #[test]
    fn the_flag_wins_over_the_environment_and_the_environment_over_email() {
        let z = zones();
        let env = Env {
            team: Some("b".into()),
            author_email: Some("ann@a.example.com".into()),
            ..Env::default()
        };
        let flag = resolve(Some("a"), &env, None, &z).unwrap().unwrap();
        assert_eq!(
            (flag.teams, flag.source.as_str()),
            (vec!["a".into()], "--team")
        );
        let from_env = resolve(None, &env, None, &z).unwrap().unwrap();
        assert_eq!(
            (from_env.teams, from_env.source.as_str()),
            (vec!["b".into()], "COORD_TEAM")
        );
        let several = resolve(Some("a, b"), &env, None, &z).unwrap().unwrap();
        assert_eq!(several.teams, ["a", "b"]);
    }

    #[test]
    fn an_unknown_team_is_refused_and_nothing_said_is_none() {
        let z = zones();
        let err = resolve(Some("c"), &Env::default(), None, &z).unwrap_err();
        assert!(err.to_string().contains("`c`"), "{err}");
        assert!(resolve(None, &Env::default(), None, &z).unwrap().is_none());
    }
}
