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

/// A folder kept open by [`stat_in`] and [`read_in`].
#[cfg(unix)]
pub type FolderFd = rustix::fd::OwnedFd;
/// A folder kept open by [`stat_in`] and [`read_in`] (nothing, where files are asked by path).
#[cfg(not(unix))]
pub type FolderFd = ();

/// Stat data of files, asked relative to their folder: `folder` keeps the last folder opened,
/// so that a run of files in one folder opens it once and the kernel walks one name per file.
#[cfg(unix)]
pub fn stat_in(
    folder: &mut Option<(String, FolderFd)>,
    root: &Path,
    path: &str,
) -> std::io::Result<Stat> {
    let (fd, name) = in_folder(folder, root, path)?;
    of_stat(&rustix::fs::statat(fd, name, rustix::fs::AtFlags::empty())?)
}

/// A file's stat data and content, opened relative to its folder as [`stat_in`] asks: for a file
/// no cache entry vouches for, one open, one stat of the open file, and its reads.
#[cfg(unix)]
pub fn read_in(
    folder: &mut Option<(String, FolderFd)>,
    root: &Path,
    path: &str,
) -> std::io::Result<(Stat, Vec<u8>)> {
    use rustix::fs::{Mode, OFlags};
    let (fd, name) = in_folder(folder, root, path)?;
    // Opened without waiting: a FIFO by that name is refused below, not waited on.
    let flags = OFlags::RDONLY | OFlags::CLOEXEC | OFlags::NONBLOCK;
    let file = rustix::fs::openat(fd, name, flags, Mode::empty())?;
    let stat = of_stat(&rustix::fs::fstat(&file)?)?;
    let bytes = crate::fsutil::read_all(&mut std::fs::File::from(file), stat.size)?;
    Ok((stat, bytes))
}

/// The folder of `path` opened (kept in `folder` for the next file in it), and the file's name.
#[cfg(unix)]
fn in_folder<'f, 'p>(
    folder: &'f mut Option<(String, FolderFd)>,
    root: &Path,
    path: &'p str,
) -> std::io::Result<(&'f rustix::fd::OwnedFd, &'p str)> {
    use rustix::fs::{Mode, OFlags};
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
    Ok((fd, name))
}

/// Stat data as [`Stat::of`] reads it (a time before 1970 counts as unknown), so both agree; an
/// error for anything but a regular file.
#[cfg(unix)]
#[allow(
    clippy::unnecessary_cast,
    reason = "the fields' types differ between platforms"
)]
fn of_stat(st: &rustix::fs::Stat) -> std::io::Result<Stat> {
    if !rustix::fs::FileType::from_raw_mode(st.st_mode).is_file() {
        return Err(crate::fsutil::not_regular());
    }
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
    _folder: &mut Option<(String, FolderFd)>,
    root: &Path,
    path: &str,
) -> std::io::Result<Stat> {
    let metadata = std::fs::metadata(root.join(path))?;
    crate::fsutil::regular_size(&metadata)?;
    Ok(Stat::of(&metadata))
}

/// A file's stat data and content (see the unix version).
#[cfg(not(unix))]
pub fn read_in(
    _folder: &mut Option<(String, FolderFd)>,
    root: &Path,
    path: &str,
) -> std::io::Result<(Stat, Vec<u8>)> {
    let stat = stat_in(&mut None, root, path)?;
    Ok((stat, crate::fsutil::read_regular(&root.join(path))?))
}
