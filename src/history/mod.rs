//! What git's history says of the status files: every change of every field, by whom and when.
//! Timelines, standups and KPIs are derived from these events, with no stored counters. The
//! events are kept in the git directory beside the commits they come from; a run reads only
//! the commits HEAD gained since the last one.

pub mod events;
pub mod kpi;
pub mod standup;
mod text;
pub mod timeline;

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use crate::error::Result;
use crate::workspace::Workspace;
pub use events::{Change, Event};
pub use text::Text;

const VERSION: &str = concat!("coord-events-5-", env!("CARGO_PKG_VERSION"));

/// The start of the events cache: its format, the folders whose files the events are of, and
/// the commit the events run up to (when HEAD is still there, they are all there is).
#[derive(Serialize, Deserialize)]
struct Header<'a> {
    version: &'a str,
    #[serde(borrow)]
    dirs: Vec<&'a str>,
    head: &'a str,
}

/// The rest of it: every event, oldest first, and the commits that gave none. What a commit did
/// never changes: a run after HEAD moved reads only the commits the cache does not name.
#[derive(Serialize, Deserialize, Default)]
struct Body<'a> {
    #[serde(borrow)]
    events: Vec<Event<'a>>,
    #[serde(borrow)]
    quiet: Vec<Text<'a>>,
}

/// The cache's header if it is this format's, and the bytes after it.
fn header(bytes: &[u8]) -> Option<(Header<'_>, &[u8])> {
    postcard::take_from_bytes::<Header>(bytes)
        .ok()
        .filter(|(h, _)| h.version == VERSION)
}

/// HEAD's history as events, held as the bytes of the events cache: reading the events from
/// them copies no text.
pub struct History {
    bytes: Vec<u8>,
    /// The cache file the bytes were read from (its header checked, the rest read here).
    path: std::path::PathBuf,
}

impl History {
    /// Every event, oldest first. A cache file spoiled after it was written (its header reads,
    /// the rest does not) is removed, and the error says to run again.
    pub fn events(&self) -> Result<Vec<Event<'_>>> {
        let body = header(&self.bytes)
            .and_then(|(_, rest)| postcard::from_bytes::<Body>(rest).ok())
            .ok_or_else(|| {
                let _ = std::fs::remove_file(&self.path);
                crate::error::Error::Git {
                    message: format!(
                        "the history cache {} could not be read, and was removed",
                        self.path.display()
                    ),
                    help: Some(
                        "run the command again: coord reads the history from git anew".to_owned(),
                    ),
                }
            })?;
        Ok(body.events)
    }
}

/// Every folder whose files have a history: team atoms, molecules and the records.
pub fn dirs(ws: &Workspace) -> Vec<String> {
    crate::config::layout::history_dirs(&ws.zones)
}

/// HEAD's history.
pub fn load(ws: &Workspace) -> Result<History> {
    load_in(ws.repo()?, &dirs(ws))
}

/// Holds the history whose events [`events_beside`] gives, for as long as they are in use.
#[derive(Default)]
pub struct Held(std::sync::OnceLock<History>);

/// Every event of HEAD's history, read on another thread while this one runs `beside` (the
/// commands that also read every status file do that meanwhile).
pub fn events_beside<'h, T>(
    ws: &Workspace,
    held: &'h Held,
    beside: impl FnOnce() -> T,
) -> Result<(Vec<Event<'h>>, T)> {
    let dirs = dirs(ws);
    let seed = ws.repo()?.seed();
    std::thread::scope(|scope| {
        let events = scope.spawn(move || {
            let history = load_in(&seed.open(), &dirs)?;
            held.0.get_or_init(|| history).events()
        });
        let other = beside();
        let events = events.join().expect("the history reader panicked")?;
        Ok((events, other))
    })
}

/// Fill the slots of `commits` that have no events yet.
fn read_events(
    repo: &crate::git::Repo,
    commits: &[crate::git::CommitChanges],
    slots: &mut [(Text<'_>, Option<Vec<Event<'_>>>)],
) {
    let read = |id: &crate::git::Id| {
        repo.blob_of(id).ok().map(|b| {
            String::from_utf8(b)
                .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
        })
    };
    let mut parsed = events::Parsed::default();
    for (c, (_, slot)) in commits.iter().zip(slots) {
        if slot.is_none() {
            *slot = Some(events::events(c, &read, &mut parsed));
        }
    }
}

fn load_in(repo: &crate::git::Repo, dirs: &[String]) -> Result<History> {
    let path = repo.coord_dir().join("history-events.bin");
    let old = std::fs::read(&path).unwrap_or_default();
    let head = repo.head_hex().unwrap_or_default();
    let mut cached = Body::default();
    if let Some((h, rest)) = header(&old)
        && h.dirs == dirs
    {
        if !h.head.is_empty() && h.head == head {
            // Read once, by `History::events`.
            return Ok(History { bytes: old, path });
        }
        cached = postcard::from_bytes::<Body>(rest).unwrap_or_default();
    }
    let commits = repo.status_history(dirs)?;
    let mut known: HashMap<Text, Vec<Event>> = HashMap::new();
    for e in cached.events {
        known.entry(e.commit.clone()).or_default().push(e);
    }
    for c in cached.quiet {
        known.entry(c).or_default();
    }
    // Each commit's events, taken from the cache (not copied) or read now.
    let mut by_commit: Vec<(Text, Option<Vec<Event>>)> = commits
        .iter()
        .map(|c| {
            let key = events::hex_id(&c.id);
            let found = known.remove(key.as_str());
            (key.into(), found)
        })
        .collect();
    // Events of commits HEAD no longer reaches are dropped from the cache.
    drop(known);
    let todo = by_commit.iter().filter(|(_, e)| e.is_none()).count();
    let threads = match todo {
        0..256 => 1,
        _ => std::thread::available_parallelism().map_or(1, |n| n.get().min(8)),
    };
    if threads == 1 {
        read_events(repo, &commits, &mut by_commit);
    } else {
        // Reading blobs and parsing them, spread over the cores in contiguous runs.
        let chunk = commits.len().div_ceil(threads);
        std::thread::scope(|scope| {
            for (part, slots) in commits.chunks(chunk).zip(by_commit.chunks_mut(chunk)) {
                let seed = repo.seed();
                scope.spawn(move || read_events(&seed.open(), part, slots));
            }
        });
    }
    let mut body = Body::default();
    for (key, events) in by_commit {
        match events {
            Some(events) if !events.is_empty() => body.events.extend(events),
            _ => body.quiet.push(key),
        }
    }
    let header = Header {
        version: VERSION,
        dirs: dirs.iter().map(String::as_str).collect(),
        head: &head,
    };
    let bytes = postcard::to_stdvec(&header)
        .and_then(|b| postcard::to_extend(&body, b))
        .map_err(|e| crate::error::Error::io("write", &path, std::io::Error::other(e)))?;
    // Failing to keep the cache only costs time on the next run.
    let _ = std::fs::create_dir_all(repo.coord_dir());
    let _ = crate::fsutil::write_atomic(&path, &bytes);
    Ok(History { bytes, path })
}

/// The start of a window typed as `24h`/`7d` (before `until`), a date (its start, UTC), an RFC
/// 3339 time, or a revision (its commit's time).
pub fn since(
    ws: &Workspace,
    typed: &str,
    until: chrono::DateTime<chrono::Utc>,
) -> Result<chrono::DateTime<chrono::Utc>> {
    let typed = typed.trim();
    if let Some(m) = crate::clock::parse_duration(typed) {
        return Ok(until - chrono::Duration::minutes(m));
    }
    if let Some(t) = crate::clock::parse_time(typed) {
        return Ok(t);
    }
    if let Ok(d) = chrono::NaiveDate::parse_from_str(typed, "%Y-%m-%d") {
        return Ok(d.and_hms_opt(0, 0, 0).unwrap_or_default().and_utc());
    }
    if let Some(t) = ws
        .repo()
        .ok()
        .and_then(|r| r.commit_seconds(typed))
        .and_then(|s| chrono::DateTime::from_timestamp(s, 0))
    {
        return Ok(t);
    }
    Err(crate::error::Error::usage(
        format!("`{typed}` is not a window start"),
        Some(
            "give a duration (24h, 7d), a date (2026-11-20), an RFC 3339 time or a revision"
                .to_owned(),
        ),
    ))
}

/// The standup of `[since, until]` (of one team, when given; by person with `by_assignee`), from
/// history and what is blocked now.
pub fn standup_of(
    ws: &Workspace,
    since: chrono::DateTime<chrono::Utc>,
    until: chrono::DateTime<chrono::Utc>,
    team: Option<&str>,
    by_assignee: bool,
) -> Result<standup::Standup> {
    let held = Held::default();
    let (events, snap) = events_beside(ws, &held, || ws.snapshot())?;
    Ok(standup::standup(
        &events,
        &snap,
        since,
        until,
        team,
        by_assignee,
    ))
}

/// The KPIs of `[since, until]` (of one team, when given), from history, the escalations judged
/// at `until`, and the conflicts standing now.
pub fn indicators(
    ws: &Workspace,
    since: chrono::DateTime<chrono::Utc>,
    until: chrono::DateTime<chrono::Utc>,
    team: Option<&str>,
) -> Result<kpi::Kpis> {
    let held = Held::default();
    let (events, snap) = events_beside(ws, &held, || ws.snapshot())?;
    let (records, _) = crate::escalations::load(ws);
    let escalations = crate::escalations::view::all(&ws.zones, &snap, &records, Some(until));
    let tracked = ws.repo()?.index_paths()?;
    let map = crate::zones::ZoneMap::new(&ws.zones);
    let conflicts = crate::conflicts::detect(&snap.atoms, &map, &tracked).len();
    Ok(kpi::compute(
        &events,
        since,
        until,
        team,
        &escalations,
        conflicts,
        &ws.zones.kpi,
    ))
}
