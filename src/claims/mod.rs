//! Claims on atoms, reserved where every clone sees them: a ref `refs/coord/claims/ID` on the
//! shared remote, created by a push that fails if it exists already, so of any number of agents
//! starting the same atom at once exactly one wins. Offline (or without a remote), the ref lives
//! in this repository only, which still guards every worktree of it.

pub mod record;

use chrono::{DateTime, Duration, Utc};

use crate::error::{Error, Result};
use crate::git::{Expect, Repo, Swap};
pub use record::{Claim, Decision, Request};

const PREFIX: &str = "refs/coord/claims/";

/// The ref of `id`'s claim.
pub fn ref_name(id: &str) -> String {
    format!("{PREFIX}{id}")
}

/// Where claims are kept: this repository and, unless offline, its shared remote.
pub struct Ledger<'a> {
    repo: &'a Repo,
    remote: Option<String>,
    lease: Duration,
}

/// What taking a claim did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Taken {
    /// The claim as recorded.
    pub claim: Claim,
    /// Who held it before, when it was taken over.
    pub previous: Option<Claim>,
    /// The remote it was reserved on (None: this repository only).
    pub remote: Option<String>,
}

impl<'a> Ledger<'a> {
    /// The ledger of `repo`, on its coord remote unless `offline`; leases last `lease_minutes`.
    pub fn open(repo: &'a Repo, offline: bool, lease_minutes: i64) -> Ledger<'a> {
        Ledger {
            repo,
            remote: if offline { None } else { repo.coord_remote() },
            lease: Duration::minutes(lease_minutes),
        }
    }

    /// The remote claims are reserved on, if any.
    pub fn remote(&self) -> Option<&str> {
        self.remote.as_deref()
    }

    /// Bring the remote's claims here.
    pub fn refresh(&self) -> Result<()> {
        match &self.remote {
            Some(remote) => self.repo.fetch_coord_refs(remote, "claims"),
            None => Ok(()),
        }
    }

    /// The claim on `id` as this repository has it, and its record's id.
    pub fn get(&self, id: &str) -> Result<Option<(Claim, String)>> {
        let Some(target) = self.repo.ref_target(&ref_name(id))? else {
            return Ok(None);
        };
        let message = self.repo.read_record(&target)?;
        Ok(Claim::from_message(id, &message).map(|c| (c, target)))
    }

    /// Every claim as this repository has it (call `refresh` first for the remote's view).
    pub fn list(&self) -> Result<Vec<Claim>> {
        let mut out = Vec::new();
        for (name, target) in self.repo.refs_under(PREFIX)? {
            let id = name.trim_start_matches(PREFIX);
            if let Some(c) = Claim::from_message(id, &self.repo.read_record(&target)?) {
                out.push(c);
            }
        }
        Ok(out)
    }

    /// Swap the claim ref from `old` to `new` (None: delete), on the remote first, then here.
    fn swap(&self, id: &str, old: Option<&str>, new: Option<&str>) -> Result<Swap> {
        let name = ref_name(id);
        let expect = old.map_or(Expect::Absent, Expect::Is);
        if let Some(remote) = &self.remote {
            if self.repo.swap_remote(remote, &name, expect, new)? == Swap::Lost {
                return Ok(Swap::Lost);
            }
            self.refresh()?;
            return Ok(Swap::Done);
        }
        self.repo.swap_local(&name, expect, new)
    }

    /// Take (or renew) the claim `request` asks for at `now`: a compare-and-swap that someone
    /// racing for the same atom can only lose. Refused (exit 1) while someone else holds it.
    pub fn take(&self, request: &Request, now: DateTime<Utc>) -> Result<Taken> {
        for _ in 0..5 {
            self.refresh()?;
            let current = self.get(request.id)?;
            let (decision, old) = match &current {
                Some((c, target)) => (
                    record::decide(Some(c), request, now, self.lease),
                    Some(target.as_str()),
                ),
                None => (record::decide(None, request, now, self.lease), None),
            };
            let (claim, previous) = match decision {
                Decision::Refuse(held) => return Err(self.held(&held, now)),
                Decision::Create(c) | Decision::Renew(c) => (c, None),
                Decision::TakeOver { claim, previous } => (claim, Some(previous)),
            };
            let record = self
                .repo
                .write_record(&claim.to_message(), now.timestamp())?;
            if self.swap(request.id, old, Some(&record))? == Swap::Done {
                return Ok(Taken {
                    claim,
                    previous,
                    remote: self.remote.clone(),
                });
            }
        }
        Err(Error::refused(
            format!(
                "{} is contended: its claim changed five times while coord tried to take it",
                request.id
            ),
            Some("try again in a moment".to_owned()),
        ))
    }

    fn held(&self, c: &Claim, now: DateTime<Utc>) -> Error {
        let place = self
            .remote
            .as_deref()
            .map_or_else(|| "this repository".to_owned(), |r| format!("remote {r}"));
        let state = if c.expired(now) {
            format!("its lease ran out at {}", c.expires)
        } else {
            format!("until {}", c.expires)
        };
        Error::refused(
            format!(
                "{} is claimed by {} (team {}) since {}, {state}, on {place}",
                c.id, c.holder, c.team, c.since
            ),
            Some(if c.expired(now) {
                format!("take it over with `coord atoms start {} --take-over`", c.id)
            } else {
                "pick another atom (`coord atoms next` does), or ask them".to_owned()
            }),
        )
    }

    /// Give up the claim on `id` (any holder when `holder` is None). Nothing to give up is fine.
    pub fn release(
        &self,
        id: &str,
        holder: Option<&str>,
        now: DateTime<Utc>,
    ) -> Result<Option<Claim>> {
        for _ in 0..5 {
            self.refresh()?;
            let Some((claim, target)) = self.get(id)? else {
                return Ok(None);
            };
            if let Some(h) = holder
                && claim.holder != h
            {
                return Err(self.held(&claim, now));
            }
            if self.swap(id, Some(&target), None)? == Swap::Done {
                return Ok(Some(claim));
            }
        }
        Err(Error::refused(
            format!("{id}'s claim keeps changing"),
            Some("try again in a moment".to_owned()),
        ))
    }
}
