//! coord's own refs (`refs/coord/…`): compare-and-swap in this repository through gix, and on
//! the shared remote through the `git` executable (gix cannot push): fetching and pushing
//! `refs/coord/*` only, never a branch. The only place coord runs git.

use std::process::Command;

use gix::ObjectId;
use gix::bstr::{BString, ByteSlice};
use gix::refs::transaction::{Change, LogChange, PreviousValue, RefEdit, RefLog};

use super::{GitResult, Repo};
use crate::error::{Error, Result};

/// What a compare-and-swap on a remote ref did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Swap {
    /// The ref now has the new value.
    Done,
    /// The remote had another value than expected: someone else was first.
    Lost,
}

/// The value a ref must have for a swap to happen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expect<'a> {
    /// The ref must not exist yet.
    Absent,
    /// The ref must point at this object (hex).
    Is(&'a str),
}

impl Repo {
    /// The remote coord meets others on: git config `coord.remote`, else the remote of the
    /// current branch's upstream, else `origin`; None when the repository has none of them.
    pub fn coord_remote(&self) -> Option<String> {
        let names: Vec<String> = self
            .inner
            .remote_names()
            .iter()
            .map(|n| n.to_str_lossy().into_owned())
            .collect();
        let upstream = self.inner.head_name().ok().flatten().and_then(|head| {
            let branch = head.shorten().to_str_lossy().into_owned();
            self.config_string(&format!("branch.{branch}.remote"))
        });
        [
            self.config_string("coord.remote"),
            upstream,
            Some("origin".to_owned()),
        ]
        .into_iter()
        .flatten()
        .find(|n| names.contains(n))
    }

    fn git(&self, args: &[&str]) -> Result<std::process::Output> {
        Command::new("git")
            .arg("--git-dir")
            .arg(self.common_dir())
            .args(args)
            .env_remove("GIT_INDEX_FILE")
            .output()
            .map_err(|e| Error::git(format!("cannot run git: {e}")))
    }

    /// Mirror `refs/coord/<folder>/*` of `remote` here: the remote is the truth for coord's
    /// refs, so what it no longer has is pruned here too.
    pub fn fetch_coord_refs(&self, remote: &str, folder: &str) -> Result<()> {
        let spec = format!("+refs/coord/{folder}/*:refs/coord/{folder}/*");
        let out = self.git(&[
            "fetch",
            "--quiet",
            "--prune",
            "--no-tags",
            "--no-write-fetch-head",
            remote,
            &spec,
        ])?;
        if !out.status.success() {
            return Err(Error::Git {
                message: format!(
                    "cannot fetch coord's refs from {remote}: {}",
                    String::from_utf8_lossy(&out.stderr).trim()
                ),
                help: Some(
                    "check the remote, or work without it with --offline (COORD_OFFLINE=1)"
                        .to_owned(),
                ),
            });
        }
        Ok(())
    }

    /// Set `name` on `remote` to `new` (or delete it, None) only if it is `expected` there now:
    /// one atomic push with a lease, so of two clones racing, exactly one wins.
    pub fn swap_remote(
        &self,
        remote: &str,
        name: &str,
        expected: Expect,
        new: Option<&str>,
    ) -> Result<Swap> {
        let lease = match expected {
            Expect::Absent => format!("--force-with-lease={name}:"),
            Expect::Is(old) => format!("--force-with-lease={name}:{old}"),
        };
        let spec = format!("{}:{name}", new.unwrap_or(""));
        let out = self.git(&["push", "--atomic", "--porcelain", &lease, remote, &spec])?;
        let report = String::from_utf8_lossy(&out.stdout);
        let stderr = String::from_utf8_lossy(&out.stderr);
        // `=` (up to date) means the remote already had this very object: not a swap we made.
        let line = report.lines().find(|l| l.contains(name)).unwrap_or("");
        if out.status.success() && !line.starts_with('=') {
            return Ok(Swap::Done);
        }
        let lost = [
            "stale info",
            "[rejected]",
            "[remote rejected]",
            "already exists",
            "cannot lock ref",
            "failed to lock",
        ];
        if line.starts_with('=')
            || lost
                .iter()
                .any(|w| report.contains(w) || stderr.contains(w))
        {
            return Ok(Swap::Lost);
        }
        Err(Error::Git {
            message: format!("cannot update {name} on {remote}: {}", stderr.trim()),
            help: Some(
                "check the remote, or work without it with --offline (COORD_OFFLINE=1)".to_owned(),
            ),
        })
    }

    /// The object `name` points at here, as hex.
    pub fn ref_target(&self, name: &str) -> Result<Option<String>> {
        match self
            .inner
            .try_find_reference(name)
            .git("read a reference")?
        {
            Some(mut r) => Ok(Some(
                r.peel_to_id().git("read a reference")?.detach().to_string(),
            )),
            None => Ok(None),
        }
    }

    /// Every ref under `prefix` here, as (full name, target).
    pub fn refs_under(&self, prefix: &str) -> Result<Vec<(String, String)>> {
        let platform = self.inner.references().git("list references")?;
        let mut out = Vec::new();
        for r in platform.prefixed(prefix).git("list references")?.flatten() {
            let name = r.name().as_bstr().to_str_lossy().into_owned();
            let mut r = r;
            if let Ok(id) = r.peel_to_id() {
                out.push((name, id.detach().to_string()));
            }
        }
        out.sort();
        Ok(out)
    }

    /// Set `name` here to `new` (or delete it) only if it is `expected` now.
    pub fn swap_local(&self, name: &str, expected: Expect, new: Option<&str>) -> Result<Swap> {
        let previous = match expected {
            Expect::Absent => PreviousValue::MustNotExist,
            Expect::Is(old) => PreviousValue::MustExistAndMatch(gix::refs::Target::Object(
                ObjectId::from_hex(old.as_bytes()).git("parse id")?,
            )),
        };
        let change = match new {
            Some(id) => Change::Update {
                log: LogChange {
                    mode: RefLog::AndReference,
                    force_create_reflog: false,
                    message: BString::from("coord"),
                },
                expected: previous,
                new: gix::refs::Target::Object(ObjectId::from_hex(id.as_bytes()).git("parse id")?),
            },
            None => Change::Delete {
                expected: previous,
                log: RefLog::AndReference,
            },
        };
        let edit = RefEdit {
            change,
            name: name.try_into().git("name a reference")?,
            deref: false,
        };
        match self.inner.edit_reference(edit) {
            Ok(_) => Ok(Swap::Done),
            Err(_) if self.ref_target(name)?.as_deref() != expected_value(expected) => {
                Ok(Swap::Lost)
            }
            Err(e) => Err(Error::git(format!("cannot update {name}: {e}"))),
        }
    }

    /// Write a record as a commit with an empty tree and `message`, for a ref to point at. A
    /// nonce makes every record its own object: two clones writing the same words at the same
    /// second must not produce one object, or a push of it would pass as "up to date".
    pub fn write_record(&self, message: &str, seconds: i64) -> Result<String> {
        static COUNTER: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos());
        let nonce = format!(
            "{nanos:x}-{:x}-{:x}",
            std::process::id(),
            COUNTER.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
        );
        let message = format!("{message}\nCoord-Nonce: {nonce}\n");
        let repo = &self.inner;
        let tree = repo
            .write_object(gix::objs::Tree::empty())
            .git("write an empty tree")?
            .detach();
        let signature = gix::actor::Signature {
            name: BString::from("coord"),
            email: BString::from("coord@localhost"),
            time: gix::date::Time::new(seconds, 0),
        };
        let commit = gix::objs::Commit {
            tree,
            parents: Default::default(),
            author: signature.clone(),
            committer: signature,
            encoding: None,
            message: BString::from(message.as_str()),
            extra_headers: Vec::new(),
        };
        Ok(repo
            .write_object(&commit)
            .git("write a record")?
            .detach()
            .to_string())
    }

    /// The message of the record commit `id`.
    pub fn read_record(&self, id: &str) -> Result<String> {
        let id = ObjectId::from_hex(id.as_bytes()).git("parse id")?;
        let commit = self.inner.find_commit(id).git("read a record")?;
        Ok(commit.message_raw_sloppy().to_str_lossy().into_owned())
    }
}

fn expected_value(expected: Expect<'_>) -> Option<&str> {
    match expected {
        Expect::Absent => None,
        Expect::Is(old) => Some(old),
    }
}
