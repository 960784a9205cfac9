//! Files on disk: atomic writes, per-file locks, and paths that never leave the repository.

use std::fs;
use std::io::Write;
use std::path::{Component, Path};
use std::time::{Duration, Instant};

use crate::error::{Error, Result};

/// A temporary file holding `bytes`, in `path`'s folder, ready to be renamed onto `path`.
fn staged_copy(path: &Path, bytes: &[u8]) -> Result<tempfile::NamedTempFile> {
    let dir = path.parent().unwrap_or(Path::new("."));
    fs::create_dir_all(dir).map_err(|e| Error::io("create", dir, e))?;
    let mut tmp = tempfile::Builder::new()
        .prefix(".coord-")
        .suffix(".tmp")
        .tempfile_in(dir)
        .map_err(|e| Error::io("write", path, e))?;
    tmp.write_all(bytes)
        .map_err(|e| Error::io("write", path, e))?;
    tmp.as_file()
        .sync_data()
        .map_err(|e| Error::io("write", path, e))?;
    Ok(tmp)
}

/// Write `bytes` to `path` atomically: a temporary file in the same folder, then rename.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    staged_copy(path, bytes)?
        .persist(path)
        .map_err(|e| Error::io("write", path, e.error))?;
    Ok(())
}

/// Create `path` atomically with `bytes`; false (and nothing written) if it exists already.
pub fn create_atomic(path: &Path, bytes: &[u8]) -> Result<bool> {
    match staged_copy(path, bytes)?.persist_noclobber(path) {
        Ok(_) => Ok(true),
        Err(e) if e.error.kind() == std::io::ErrorKind::AlreadyExists => Ok(false),
        Err(e) => Err(Error::io("write", path, e.error)),
    }
}

/// Read a file as UTF-8 text.
pub fn read_text(path: &Path) -> Result<String> {
    fs::read_to_string(path).map_err(|e| Error::io("read", path, e))
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

    #[test]
    fn relative_paths_are_checked() {
        assert!(check_relative("Team/ATOMIC_TASKS").is_ok());
        assert!(check_relative("../x").is_err());
        assert!(check_relative("/etc").is_err());
        assert!(check_relative("a/../../b").is_err());
    }
}
