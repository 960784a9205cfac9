//! Reading and writing git configuration: values, the hooks folder, coord's own settings, and
//! the clone's `info/exclude`.

use std::path::PathBuf;

use gix::bstr::ByteSlice;

use super::{GitResult, Repo};
use crate::error::{Error, Result};

impl Repo {
    /// A git config value as a string (`coord.team`, `user.email`…).
    pub fn config_string(&self, key: &str) -> Option<String> {
        self.inner
            .config_snapshot()
            .string(key)
            .map(|v| v.to_str_lossy().into_owned())
    }

    /// The folder git runs hooks from, and where `core.hooksPath` was set if not in this
    /// repository's own config (global or system): `(dir, Some(source))`.
    pub fn hooks_dir(&self) -> (PathBuf, Option<String>) {
        let snapshot = self.inner.config_snapshot();
        let file = snapshot.plumbing();
        let Some(value) = file.string("core.hooksPath") else {
            return (self.common_dir().join("hooks"), None);
        };
        let value = value.to_str_lossy().into_owned();
        let local = file
            .string_filter("core.hooksPath", |m| {
                matches!(
                    m.source,
                    gix::config::Source::Local
                        | gix::config::Source::Worktree
                        | gix::config::Source::Env
                )
            })
            .is_some();
        let path = match value.strip_prefix("~/") {
            Some(rest) => std::env::var_os("HOME")
                .map(PathBuf::from)
                .unwrap_or_default()
                .join(rest),
            None => PathBuf::from(&value),
        };
        let path = if path.is_absolute() {
            path
        } else {
            self.root.join(path)
        };
        (
            path,
            if local {
                None
            } else {
                Some(format!(
                    "core.hooksPath = {value} (global or system config)"
                ))
            },
        )
    }

    /// Set `key` (such as `merge.ours.driver`) in this repository's own config file, unless some
    /// config sets it already. Returns whether it wrote.
    pub fn ensure_local_config(&self, key: &str, value: &str) -> Result<bool> {
        if self.config_string(key).is_some() {
            return Ok(false);
        }
        let path = self.common_dir().join("config");
        let mut file =
            gix::config::File::from_path_no_includes(path.clone(), gix::config::Source::Local)
                .git("read the repository's config")?;
        file.set_raw_value(key, value).git("set a config value")?;
        let mut bytes = Vec::new();
        file.write_to(&mut bytes)
            .map_err(|e| Error::io("write", &path, e))?;
        crate::fsutil::write_locked(&path, &bytes)?;
        Ok(true)
    }

    /// Keep coord's temporary files out of `git status` and `git add -A` in this clone, through
    /// `info/exclude` (untracked, so nothing is committed).
    pub fn exclude_temp_files(&self) -> Result<()> {
        let pattern = format!(
            "{}*{}",
            crate::fsutil::TEMP_PREFIX,
            crate::fsutil::TEMP_SUFFIX
        );
        let path = self.common_dir().join("info").join("exclude");
        let text = std::fs::read_to_string(&path).unwrap_or_default();
        if text.lines().any(|l| l.trim() == pattern) {
            return Ok(());
        }
        let mut new = text;
        if !new.is_empty() && !new.ends_with('\n') {
            new.push('\n');
        }
        new.push_str(&format!("# coord's temporary files\n{pattern}\n"));
        crate::fsutil::write_atomic(&path, new.as_bytes())
    }
}
