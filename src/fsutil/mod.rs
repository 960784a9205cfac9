//! Files on disk: atomic writes, per-file locks, and paths that never leave the repository.

use std::fs;
use std::io::Write;
use std::path::{Component, Path};
use std::time::{Duration, Instant};

use crate::error::{Error, Result};

mod read;
pub use read::{not_regular, read_all, read_regular, read_text, regular_size};

/// The prefix and suffix of coord's temporary files: `.coord-XXXXXX.tmp`.
pub const TEMP_PREFIX: &str = ".coord-";
/// See [`TEMP_PREFIX`].
pub const TEMP_SUFFIX: &str = ".tmp";
/// A temporary file older than this was left by a process that was killed: it is removed.
const STALE_AFTER: Duration = Duration::from_secs(15 * 60);

/// Remove coord's temporary files in `dir` that a killed process left behind.
fn clean_stale(dir: &Path) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        remove_if_stale(&entry, &name.to_string_lossy());
    }
}

/// Remove the listed `entry` (named `name`) if it is a temporary file of coord's that a killed
/// process left behind: for folders whose listing a command reads anyway (the status folders),
/// so writes there need not list them again. Other names cost nothing (no path is made).
pub fn remove_if_stale(entry: &fs::DirEntry, name: &str) {
    if !(name.starts_with(TEMP_PREFIX) && name.ends_with(TEMP_SUFFIX)) {
        return;
    }
    let path = entry.path();
    let stale = fs::metadata(&path)
        .and_then(|m| m.modified())
        .ok()
        .and_then(|t| t.elapsed().ok())
        .is_some_and(|age| age > STALE_AFTER);
    if stale {
        let _ = fs::remove_file(path);
    }
}

/// The mode a written file gets: the mode of the file it replaces, else what a new file gets
/// under the process's umask (0666 minus the umask, applied by the system when creating it).
#[cfg(unix)]
fn new_file_permissions() -> fs::Permissions {
    use std::os::unix::fs::PermissionsExt;
    fs::Permissions::from_mode(0o666)
}

/// A temporary file holding `bytes`, in `path`'s folder, ready to be renamed onto `path`. It
/// carries the mode of the file it will replace (or a new file's mode under the umask).
fn staged_copy(path: &Path, bytes: &[u8], clean: bool) -> Result<tempfile::NamedTempFile> {
    staged(path, clean, |w| w.write_all(bytes))
}

/// A temporary file beside `path` (with `path`'s permissions, if it exists) that `fill` wrote
/// through a buffer, synced to disk.
fn staged(
    path: &Path,
    clean: bool,
    fill: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> Result<tempfile::NamedTempFile> {
    let dir = path.parent().unwrap_or(Path::new("."));
    fs::create_dir_all(dir).map_err(|e| Error::io("create", dir, e))?;
    if clean {
        clean_stale(dir);
    }
    let mut builder = tempfile::Builder::new();
    builder.prefix(TEMP_PREFIX).suffix(TEMP_SUFFIX);
    #[cfg(unix)]
    builder.permissions(new_file_permissions());
    let mut tmp = builder
        .tempfile_in(dir)
        .map_err(|e| Error::io("write", path, e))?;
    if let Ok(existing) = fs::metadata(path) {
        fs::set_permissions(tmp.path(), existing.permissions())
            .map_err(|e| Error::io("write", path, e))?;
    }
    let mut out = std::io::BufWriter::with_capacity(256 << 10, tmp.as_file_mut());
    fill(&mut out)
        .and_then(|()| out.flush())
        .map_err(|e| Error::io("write", path, e))?;
    drop(out);
    tmp.as_file()
        .sync_data()
        .map_err(|e| Error::io("write", path, e))?;
    Ok(tmp)
}

/// [`write_atomic`] of what `fill` writes, streamed to the file rather than held in memory.
pub fn write_atomic_with(
    path: &Path,
    fill: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> Result<()> {
    staged(path, true, fill)?
        .persist(path)
        .map_err(|e| Error::io("write", path, e.error))?;
    Ok(())
}

/// Write `bytes` to `path` atomically: a temporary file in the same folder, then rename.
/// Leftovers of killed processes in that folder are removed first.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    staged_copy(path, bytes, true)?
        .persist(path)
        .map_err(|e| Error::io("write", path, e.error))?;
    Ok(())
}

/// [`write_atomic`] for a status file: its folder may hold 100,000 files, and every command
/// that lists it removes leftovers ([`remove_if_stale`]), so this write does not list it.
pub fn write_status_file(path: &Path, bytes: &[u8]) -> Result<()> {
    staged_copy(path, bytes, false)?
        .persist(path)
        .map_err(|e| Error::io("write", path, e.error))?;
    Ok(())
}

/// Create `path` atomically with `bytes`; false (and nothing written) if it exists already.
pub fn create_atomic(path: &Path, bytes: &[u8]) -> Result<bool> {
    match staged_copy(path, bytes, true)?.persist_noclobber(path) {
        Ok(_) => Ok(true),
        Err(e) if e.error.kind() == std::io::ErrorKind::AlreadyExists => Ok(false),
        Err(e) => Err(Error::io("write", path, e.error)),
    }
}

/// Replace `path` the way git replaces its own files: write `path.lock` (created exclusively, so
/// a git process holding the lock is never overwritten), then rename it onto `path`, keeping
/// `path`'s mode.
pub fn write_locked(path: &Path, bytes: &[u8]) -> Result<()> {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(".lock");
    let lock = path.with_file_name(name);
    let mut options = fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o666);
    }
    let mut file = options.open(&lock).map_err(|e| {
        if e.kind() == std::io::ErrorKind::AlreadyExists {
            Error::usage(
                format!("{} is locked by another process", path.display()),
                Some(format!(
                    "wait for it, or remove {} if no git command is running",
                    lock.display()
                )),
            )
        } else {
            Error::io("write", &lock, e)
        }
    })?;
    let written = file
        .write_all(bytes)
        .and_then(|()| file.sync_data())
        .and_then(|()| match fs::metadata(path) {
            Ok(m) => fs::set_permissions(&lock, m.permissions()),
            Err(_) => Ok(()),
        })
        .and_then(|()| fs::rename(&lock, path));
    if let Err(e) = written {
        let _ = fs::remove_file(&lock);
        return Err(Error::io("write", path, e));
    }
    Ok(())
}

/// An exclusive lock on a lock file, held by the operating system: released on drop, and also
/// when the holding process dies, so a killed command never leaves a stale lock behind.
#[derive(Debug)]
pub struct Lock {
    _file: fs::File,
}

impl Lock {
    /// Take the lock at `path`, waiting up to 30 seconds for another holder.
    pub fn acquire(path: &Path) -> Result<Lock> {
        if let Some(dir) = path.parent() {
            fs::create_dir_all(dir).map_err(|e| Error::io("create", dir, e))?;
        }
        let file = fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(path)
            .map_err(|e| Error::io("lock", path, e))?;
        let deadline = Instant::now() + Duration::from_secs(30);
        let mut wait = Duration::from_millis(1);
        loop {
            match file.try_lock() {
                Ok(()) => return Ok(Lock { _file: file }),
                Err(fs::TryLockError::WouldBlock) if Instant::now() < deadline => {
                    std::thread::sleep(wait);
                    wait = (wait * 2).min(Duration::from_millis(20));
                }
                Err(fs::TryLockError::WouldBlock) => {
                    return Err(Error::usage(
                        format!("{} is held by another coord command", path.display()),
                        Some("wait for it to finish, then run this again".to_owned()),
                    ));
                }
                Err(fs::TryLockError::Error(e)) => return Err(Error::io("lock", path, e)),
            }
        }
    }
}

/// Check that a repository-relative path stays inside the repository: no absolute path, no `..`.
pub fn check_relative(path: &str) -> std::result::Result<(), String> {
    let p = Path::new(path);
    if path.is_empty() {
        return Err("the path is empty".to_owned());
    }
    for component in p.components() {
        match component {
            Component::Normal(_) | Component::CurDir => {}
            Component::ParentDir => return Err("`..` would leave the repository".to_owned()),
            Component::RootDir | Component::Prefix(_) => {
                return Err("an absolute path would leave the repository".to_owned());
            }
        }
    }
    Ok(())
}

/// Refuse to write at `target` if it, or a folder on the way, is a symlink leading out of `root`.
pub fn ensure_inside(root: &Path, target: &Path) -> Result<()> {
    let root = fs::canonicalize(root).map_err(|e| Error::io("read", root, e))?;
    let mut probe = target.to_path_buf();
    // The nearest existing ancestor decides where the write really lands.
    while !probe.exists() {
        match probe.parent() {
            Some(parent) => probe = parent.to_path_buf(),
            None => break,
        }
    }
    let real = fs::canonicalize(&probe).map_err(|e| Error::io("read", &probe, e))?;
    if !real.starts_with(&root) {
        return Err(Error::usage(
            format!(
                "refusing to write {}: it leads outside the repository (to {})",
                target.display(),
                real.display()
            ),
            Some("a symlink points out of the repository; coord only writes inside it".to_owned()),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_lock_is_exclusive_and_released_on_drop() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("x.lock");
        let first = Lock::acquire(&path).unwrap();
        let again = fs::OpenOptions::new().write(true).open(&path).unwrap();
        assert!(matches!(
            again.try_lock(),
            Err(fs::TryLockError::WouldBlock)
        ));
        drop(first);
        assert!(again.try_lock().is_ok());
    }

    #[cfg(unix)]
    #[test]
    fn a_rewrite_keeps_the_mode_and_leaves_no_temporary_file() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("run.sh");
        fs::write(&path, "old").unwrap();
        fs::set_permissions(&path, fs::Permissions::from_mode(0o755)).unwrap();
        write_atomic(&path, b"new").unwrap();
        assert_eq!(
            fs::metadata(&path).unwrap().permissions().mode() & 0o777,
            0o755
        );
        write_locked(&path, b"newer").unwrap();
        assert_eq!(
            fs::metadata(&path).unwrap().permissions().mode() & 0o777,
            0o755
        );
        assert_eq!(fs::read(&path).unwrap(), b"newer");
        let names: Vec<_> = fs::read_dir(dir.path())
            .unwrap()
            .flatten()
            .map(|e| e.file_name())
            .collect();
        assert_eq!(names.len(), 1, "{names:?}");
    }

    #[test]
    fn a_held_lock_file_is_never_overwritten() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("config");
        fs::write(&path, "mine").unwrap();
        fs::write(dir.path().join("config.lock"), "git's").unwrap();
        assert!(write_locked(&path, b"coord's").is_err());
        assert_eq!(fs::read(dir.path().join("config.lock")).unwrap(), b"git's");
        assert_eq!(fs::read(&path).unwrap(), b"mine");
    }

    #[test]
    fn stale_temporary_files_are_cleaned() {
        let dir = tempfile::tempdir().unwrap();
        let stale = dir.path().join(".coord-abc.tmp");
        fs::write(&stale, "left by a killed process").unwrap();
        let old = std::time::SystemTime::now() - Duration::from_secs(3600);
        fs::File::options()
            .write(true)
            .open(&stale)
            .unwrap()
            .set_modified(old)
            .unwrap();
        let fresh = dir.path().join(".coord-def.tmp");
        fs::write(&fresh, "another process is writing").unwrap();
        write_atomic(&dir.path().join("a.md"), b"x").unwrap();
        assert!(!stale.exists());
        assert!(fresh.exists());
    }

    #[test]
    fn relative_paths_are_checked() {
        assert!(check_relative("Team/ATOMIC_TASKS").is_ok());
        assert!(check_relative("../x").is_err());
        assert!(check_relative("/etc").is_err());
        assert!(check_relative("a/../../b").is_err());
    }
}
