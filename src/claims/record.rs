//! A claim as recorded under `refs/coord/claims/ID`, and the pure rules of taking one: who
//! holds it, until when, and whether a request may create, renew or take it over.

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

use crate::clock::Stamp;

/// Who holds an atom, and until when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Claim {
    /// The atom.
    pub id: String,
    /// Who works on it.
    pub holder: String,
    /// The atom's team.
    pub team: String,
    /// When the claim was first taken.
    pub since: Stamp,
    /// When the lease runs out unless renewed.
    pub expires: Stamp,
    /// The branch the holder works on, when known.
    pub branch: Option<String>,
}

#[derive(Deserialize)]
struct Fields {
    holder: String,
    team: String,
    since: String,
    expires: String,
    branch: Option<String>,
}

impl Claim {
    /// The record's text: a title line, then the fields as YAML.
    pub fn to_message(&self) -> String {
        let mut text = format!(
            "coord claim {}\n\nholder: {}\nteam: {}\nsince: {}\nexpires: {}\n",
            self.id,
            crate::yaml::scalar(&self.holder),
            crate::yaml::scalar(&self.team),
            self.since,
            self.expires
        );
        if let Some(b) = &self.branch {
            text.push_str(&format!("branch: {}\n", crate::yaml::scalar(b)));
        }
        text
    }

    /// Read a record; None when it is not a claim coord wrote.
    pub fn from_message(id: &str, message: &str) -> Option<Claim> {
        let body = message.strip_prefix(&format!("coord claim {id}\n"))?;
        let body: String = body
            .lines()
            .filter(|l| !l.starts_with("Coord-Nonce:"))
            .map(|l| format!("{l}\n"))
            .collect();
        let f: Fields = crate::yaml::parse(&body).ok()?;
        Some(Claim {
            id: id.to_owned(),
            holder: f.holder,
            team: f.team,
            since: Stamp::parse(&f.since),
            expires: Stamp::parse(&f.expires),
            branch: f.branch,
        })
    }

    /// Whether the lease has run out at `now`.
    pub fn expired(&self, now: DateTime<Utc>) -> bool {
        self.expires.at().is_none_or(|e| e <= now)
    }
}

/// What someone asks for.
#[derive(Debug, Clone)]
pub struct Request<'a> {
    /// The atom.
    pub id: &'a str,
    /// Who asks.
    pub holder: &'a str,
    /// The atom's team.
    pub team: &'a str,
    /// The branch they work on.
    pub branch: Option<&'a str>,
    /// Take an expired claim of someone else.
    pub take_over: bool,
}

/// What to do about a request, given the claim there is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decision {
    /// Nobody holds it: record this claim.
    Create(Claim),
    /// The requester holds it already: extend the lease.
    Renew(Claim),
    /// Someone else's lease ran out and the requester takes it over.
    TakeOver {
        /// The new claim.
        claim: Claim,
        /// Who held it.
        previous: Claim,
    },
    /// Someone else holds it.
    Refuse(Claim),
}

/// Decide `request` against `current` at `now`, with leases of `lease`.
pub fn decide(
    current: Option<&Claim>,
    request: &Request,
    now: DateTime<Utc>,
    lease: Duration,
) -> Decision {
    let fresh = |since: Stamp| Claim {
        id: request.id.to_owned(),
        holder: request.holder.to_owned(),
        team: request.team.to_owned(),
        since,
        expires: Stamp::new(now + lease),
        branch: request.branch.map(str::to_owned),
    };
    match current {
        None => Decision::Create(fresh(Stamp::new(now))),
        Some(c) if c.holder == request.holder => Decision::Renew(fresh(c.since.clone())),
        Some(c) if request.take_over && c.expired(now) => Decision::TakeOver {
            claim: fresh(Stamp::new(now)),
            previous: c.clone(),
        },
        Some(c) => Decision::Refuse(c.clone()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> DateTime<Utc> {
        crate::clock::parse_time(text).unwrap()
    }

    fn request(holder: &str, take_over: bool) -> Request<'_> {
        Request {
            id: "ATOM-005",
            holder,
            team: "backend",
            branch: Some("feature"),
            take_over,
        }
    }

    #[test]
    fn a_claim_round_trips_through_its_record() {
        let Decision::Create(claim) = decide(
            None,
            &request("ann: the lead", false),
            at("2026-11-20T10:00:00Z"),
            Duration::days(2),
        ) else {
            panic!("create")
        };
        assert_eq!(claim.expires.as_str(), "2026-11-22T10:00:00Z");
        let message = claim.to_message();
        assert!(message.starts_with("coord claim ATOM-005\n\n"), "{message}");
        assert_eq!(Claim::from_message("ATOM-005", &message), Some(claim));
        assert_eq!(Claim::from_message("ATOM-006", &message), None);
    }

    #[test]
    fn the_holder_renews_and_keeps_the_start() {
        let now = at("2026-11-20T10:00:00Z");
        let Decision::Create(first) = decide(None, &request("ann", false), now, Duration::days(2))
        else {
            panic!()
        };
        let later = at("2026-11-21T10:00:00Z");
        let Decision::Renew(renewed) = decide(
            Some(&first),
            &request("ann", false),
            later,
            Duration::days(2),
        ) else {
            panic!("renew")
        };
        assert_eq!(renewed.since, first.since);
        assert_eq!(renewed.expires.as_str(), "2026-11-23T10:00:00Z");
    }

    #[test]
    fn someone_elses_claim_is_refused_until_it_expires_and_is_taken_over() {
        let now = at("2026-11-20T10:00:00Z");
        let Decision::Create(anns) = decide(None, &request("ann", false), now, Duration::days(2))
        else {
            panic!()
        };
        assert_eq!(
            decide(Some(&anns), &request("bob", true), now, Duration::days(2)),
            Decision::Refuse(anns.clone())
        );
        let expired = at("2026-11-23T00:00:00Z");
        assert_eq!(
            decide(
                Some(&anns),
                &request("bob", false),
                expired,
                Duration::days(2)
            ),
            Decision::Refuse(anns.clone())
        );
        let Decision::TakeOver { claim, previous } = decide(
            Some(&anns),
            &request("bob", true),
            expired,
            Duration::days(2),
        ) else {
            panic!("take over")
        };
        assert_eq!(
            (claim.holder.as_str(), previous.holder.as_str()),
            ("bob", "ann")
        );
    }
}
