//! The server-side gate: git's `pre-receive` hook hands over every ref a push updates, and each
//! update is judged as a range check, so no client can skip it.

use std::path::Path;

use super::gate::{self, Report, Rules};
use super::identity::Trust;
use crate::env::Env;
use crate::error::{Error, Result};
use crate::finding::{Code, Finding};
use crate::git::Repo;

/// One line of what `pre-receive` reads: a ref moving from `old` to `new`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RefUpdate {
    /// The commit the ref pointed at (all zeros: it is new).
    pub old: String,
    /// The commit it will point at (all zeros: it is deleted).
    pub new: String,
    /// The ref's full name.
    pub name: String,
}

fn is_zero(id: &str) -> bool {
    id.bytes().all(|b| b == b'0')
}

/// Parse `<old> <new> <ref>` lines.
pub fn parse_updates(text: &str) -> Result<Vec<RefUpdate>> {
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|line| {
            let mut words = line.split_whitespace();
            match (words.next(), words.next(), words.next(), words.next()) {
                (Some(old), Some(new), Some(name), None) => Ok(RefUpdate {
                    old: old.to_owned(),
                    new: new.to_owned(),
                    name: name.to_owned(),
                }),
                _ => Err(Error::usage(
                    format!("`{line}` is not a ref update"),
                    Some("pre-receive passes lines of `OLD NEW REF` on standard input".to_owned()),
                )),
            }
        })
        .collect()
}

/// Judge every update of a push to the repository at `start`. Deleting a ref is refused unless
/// the server's git config says `coord.allowDeletions=true`. A new ref is judged from its merge
/// base with the default branch; a push into an empty repository has nothing to protect yet.
pub fn receive(start: &Path, updates: &[RefUpdate], env: &Env) -> Result<Report> {
    let repo = Repo::discover_bare_too(start)?.with_object_dirs(&env.object_dirs)?;
    let allow_deletions = repo
        .config_string("coord.allowDeletions")
        .is_some_and(|v| matches!(v.to_ascii_lowercase().as_str(), "true" | "yes" | "on" | "1"));
    let default = repo.head_branch().and_then(|b| repo.commit_id(&b));
    let mut report = Report {
        names_rules: true,
        ..Report::default()
    };
    for update in updates {
        if is_zero(&update.new) {
            if !allow_deletions {
                report.findings.push(
                    Finding::error(Code::RefDeletion, format!("deleting {} is not allowed", update.name))
                        .hint("an administrator allows deletions with `git config coord.allowDeletions true` on the server"),
                );
            }
            continue;
        }
        let base = if is_zero(&update.old) {
            match &default {
                Some(tip) => repo.merge_base(tip, &update.new)?,
                None => None,
            }
        } else {
            Some(update.old.clone())
        };
        let Some(base) = base else {
            report.notes.push(format!(
                "coord: {} has no history in common with the default branch: nothing to judge it by",
                update.name
            ));
            continue;
        };
        let rules: Rules = gate::range_rules(&repo, &base, None, start)?;
        let trust = match &rules.signers {
            Some(signers) => Trust::Signed(signers),
            None => Trust::Email,
        };
        let commits = repo
            .commits_in_range(&base, &update.new)
            .map_err(|e| gate::history_error(&repo, e))?;
        for mut f in gate::judge_commits(&repo, &rules, trust, &commits)? {
            f.detail.other = Some(update.name.clone());
            report.findings.push(f);
        }
        if report.rules.is_empty() {
            report.rules = rules.words;
        }
    }
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn updates_are_read_line_by_line_and_bad_lines_refused() {
        let zero = "0".repeat(40);
        let text = format!("{zero} {} refs/heads/x\n\n", "a".repeat(40));
        let updates = parse_updates(&text).unwrap();
        assert_eq!(updates.len(), 1);
        assert!(is_zero(&updates[0].old) && !is_zero(&updates[0].new));
        assert!(parse_updates("abc refs/heads/x\n").is_err());
    }
}
