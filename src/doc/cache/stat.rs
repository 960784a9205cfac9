//! What `stat` says of a status file, the parse cache's first test of whether the file changed.

use std::path::Path;

use serde::{Deserialize, Serialize};

/// What `stat` says of a file: enough to notice a change without reading it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Stat {
    /// Size in bytes.
    pub size: u64,
    /// Modification time, nanoseconds since the epoch (an `i64` lasts until 2262).
    pub mtime: i64,
    /// Status change time, nanoseconds since the epoch (0 where unknown).
    pub ctime: i64,
    /// Inode number (0 where unknown).
    pub ino: u64,
}

impl Stat {
    /// The stat data of `metadata`.
    pub fn of(metadata: &std::fs::Metadata) -> Stat {
        let nanos = |t: std::io::Result<std::time::SystemTime>| {
            t.ok()
                .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
                .map_or(0, |d| i64::try_from(d.as_nanos()).unwrap_or(i64::MAX))
        };
        #[cfg(unix)]
        let (ctime, ino) = {
            use std::os::unix::fs::MetadataExt;
            (
                metadata
                    .ctime()
                    .saturating_mul(1_000_000_000)
                    .saturating_add(metadata.ctime_nsec()),
                metadata.ino(),
            )
        };
        #[cfg(not(unix))]
        let (ctime, ino) = (0, 0);
        Stat {
            size: metadata.len(),
            mtime: nanos(metadata.modified()),
            ctime,
            ino,
        }
    }
}

/// Stat data of files, asked relative to their folder: `folder` keeps the last folder opened,
/// so that a run of files in one folder opens it once and the kernel walks one name per file.
#[cfg(unix)]
pub fn stat_in(
    folder: &mut Option<(String, rustix::fd::OwnedFd)>,
    root: &Path,
    path: &str,
) -> std::io::Result<Stat> {
    use rustix::fs::{AtFlags, Mode, OFlags};
    let (dir, name) = path.rsplit_once('/').unwrap_or(("", path));
    if folder.as_ref().is_none_or(|(d, _)| d != dir) {
        let fd = rustix::fs::open(
            root.join(dir),
            OFlags::RDONLY | OFlags::DIRECTORY | OFlags::CLOEXEC,
            Mode::empty(),
        )?;
        *folder = Some((dir.to_owned(), fd));
    }
    let (_, fd) = folder.as_ref().expect("opened above");
    let st = rustix::fs::statat(fd, name, AtFlags::empty())?;
    // As [`Stat::of`] reads them (a time before 1970 counts as unknown), so that both agree.
    let nanos = |secs: i64, nsec: i64| {
        if secs < 0 {
            0
        } else {
            secs.saturating_mul(1_000_000_000).saturating_add(nsec)
        }
    };
    Ok(Stat {
        size: st.st_size as u64,
        mtime: nanos(st.st_mtime as i64, st.st_mtime_nsec as i64),
        ctime: (st.st_ctime as i64)
            .saturating_mul(1_000_000_000)
            .saturating_add(st.st_ctime_nsec as i64),
        ino: st.st_ino as u64,
    })
}

/// Stat data of a file (see the unix version).
#[cfg(not(unix))]
pub fn stat_in(
    _folder: &mut Option<(String, ())>,
    root: &Path,
    path: &str,
) -> std::io::Result<Stat> {
    std::fs::metadata(root.join(path)).map(|m| Stat::of(&m))
}
