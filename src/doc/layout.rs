//! The merge-friendly layout of status files: every top-level field of the YAML block a
//! paragraph of its own (a blank line between fields), and no `last_updated` line (history says
//! when a file changed). Git merges line by line and treats changes to neighbouring lines as one
//! conflict; with an unchanged line between every two fields, two branches that change different
//! fields of one file merge cleanly, with no merge driver, as a forge merges.

use std::path::Path;

use super::block;
use crate::config::Zones;
use crate::error::Result;
use crate::fsutil;
use crate::yaml::edit;

/// Keys coord no longer writes: their lines are dropped when a file is laid out.
pub const RETIRED: &[&str] = &["last_updated"];

/// `text` in the merge-friendly layout (the same text when it already is).
pub fn laid_out(text: &str) -> String {
    let Some(range) = block::find_yaml_block(text) else {
        return text.to_owned();
    };
    let body = edit::spaced(&text[range.clone()], RETIRED);
    format!("{}{}{}", &text[..range.start], body, &text[range.end..])
}

/// Lay out every status file under `root`; with `check`, only say which would change. Returns
/// the repository-relative paths that changed (or would).
pub fn apply(root: &Path, zones: &Zones, check: bool) -> Result<Vec<String>> {
    let mut changed = Vec::new();
    for entry in super::store::entries(root, zones) {
        let path = root.join(&entry.path);
        let text = fsutil::read_text(&path)?;
        let new = laid_out(&text);
        if new == text {
            continue;
        }
        // Never write a file coord could not read back as it read it before.
        let value = |t: &str| {
            block::find_yaml_block(t)
                .and_then(|r| crate::yaml::parse::<serde_json::Value>(&t[r]).ok())
        };
        // A block that does not parse is left for `coord lint` to explain; a layout that would
        // read differently is never written.
        let before = value(&text);
        if before.is_none() || !same_without_retired(before, value(&new)) {
            continue;
        }
        if !check {
            fsutil::write_atomic(&path, new.as_bytes())?;
        }
        changed.push(entry.path);
    }
    Ok(changed)
}

fn same_without_retired(a: Option<serde_json::Value>, b: Option<serde_json::Value>) -> bool {
    let strip = |v: Option<serde_json::Value>| {
        v.map(|mut v| {
            if let Some(map) = v.as_object_mut() {
                for key in RETIRED {
                    map.remove(*key);
                }
            }
            v
        })
    };
    strip(a) == strip(b)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_is_laid_out_once_and_only_inside_its_block() {
        let text = "# ATOM-001: T\n\nid: not yaml here\n\n```yaml\nid: ATOM-001\ntitle: T\nstatus: NOT_STARTED\nlast_updated: 2026-01-01T00:00:00Z\n```\n\n## Notes\nkept: as is\n";
        let out = laid_out(text);
        assert_eq!(
            out,
            "# ATOM-001: T\n\nid: not yaml here\n\n```yaml\nid: ATOM-001\n\ntitle: T\n\nstatus: NOT_STARTED\n```\n\n## Notes\nkept: as is\n"
        );
        assert_eq!(laid_out(&out), out);
    }
}
