//! Where things live in a coordinated repository: team folders, the joint folder, the generated
//! dashboards, and coord's own files in the git directory. One place, so every module agrees.

use std::path::{Path, PathBuf};

use super::Zones;

/// The folder of cross-team files, implicitly joint to every team.
pub const JOINT_DIR: &str = "JOINT_COORDINATION";
/// Folder of atoms inside a team's dir.
pub const ATOMS_DIR: &str = "ATOMIC_TASKS";
/// Folder of molecules inside JOINT_COORDINATION.
pub const MOLECULES_DIR: &str = "JOINT_COORDINATION/MOLECULES";
/// Folder of decisions inside JOINT_COORDINATION.
pub const DECISIONS_DIR: &str = "JOINT_COORDINATION/DECISIONS";
/// Folder of risks inside JOINT_COORDINATION.
pub const RISKS_DIR: &str = "JOINT_COORDINATION/RISKS";
/// Folder of escalations inside JOINT_COORDINATION.
pub const ESCALATIONS_DIR: &str = "JOINT_COORDINATION/ESCALATIONS";
/// File name of each team's dashboard.
pub const TEAM_FILE: &str = "REAL_TIME_STATUS.md";
/// The cross-team dashboards, as (file name, title).
pub const JOINT_FILES: [(&str, &str); 7] = [
    ("ATOMIC_CONFLICT_TRACKER.md", "Atomic Conflict Tracker"),
    ("MOLECULAR_INTEGRATION.md", "Molecular Integration"),
    ("LIVE_DEPLOYMENT_STATUS.md", "Live Deployment Status"),
    ("EMERGENCY_COORDINATION.md", "Emergency Coordination"),
    ("DECISION_LOG.md", "Decision Log"),
    ("RISK_REGISTER.md", "Risk Register"),
    ("KPI.md", "Key Performance Indicators"),
];

/// The atoms folder of a team dir.
pub fn atoms_dir(team_dir: &str) -> String {
    format!("{team_dir}/{ATOMS_DIR}")
}

/// A team's dashboard.
pub fn team_page(team_dir: &str) -> String {
    format!("{team_dir}/{TEAM_FILE}")
}

/// Every generated dashboard path.
pub fn generated_paths(zones: &Zones) -> Vec<String> {
    let mut out: Vec<String> = zones.teams.iter().map(|t| team_page(&t.dir)).collect();
    out.extend(JOINT_FILES.iter().map(|(f, _)| format!("{JOINT_DIR}/{f}")));
    out
}

/// Every folder that holds status files.
pub fn status_dirs(zones: &Zones) -> Vec<String> {
    let mut dirs: Vec<String> = zones.teams.iter().map(|t| atoms_dir(&t.dir)).collect();
    dirs.push(MOLECULES_DIR.to_owned());
    dirs
}

/// Every folder whose files have a history coord reads: the status folders and the folders of
/// decisions, risks and escalations.
pub fn history_dirs(zones: &Zones) -> Vec<String> {
    let mut dirs = status_dirs(zones);
    dirs.extend([DECISIONS_DIR, RISKS_DIR, ESCALATIONS_DIR].map(str::to_owned));
    dirs
}

/// The status-file parse cache of a work tree (in its own git directory).
pub fn status_cache(git_dir: &Path) -> PathBuf {
    git_dir.join("coord").join("status-cache.bin")
}
