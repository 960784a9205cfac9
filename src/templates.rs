//! The files `init` and `new` write, embedded in the binary; a repository may override any of
//! them by putting a file of the same name in `.coord/templates/`.

use std::path::Path;

/// Folder, relative to the repository root, where overrides live.
pub const OVERRIDE_DIR: &str = ".coord/templates";

/// Every template coord knows, by name.
pub const BUILTIN: &[(&str, &str)] = &[
    ("atom.md", include_str!("../templates/atom.md")),
    ("molecule.md", include_str!("../templates/molecule.md")),
    ("decision.md", include_str!("../templates/decision.md")),
    ("risk.md", include_str!("../templates/risk.md")),
    ("escalation.md", include_str!("../templates/escalation.md")),
    ("zones.yaml", include_str!("../templates/zones.yaml")),
    ("gitattributes", include_str!("../templates/gitattributes")),
    ("pre-commit", include_str!("../templates/pre-commit")),
    (
        "prepare-commit-msg",
        include_str!("../templates/prepare-commit-msg"),
    ),
    ("pre-receive", include_str!("../templates/pre-receive")),
    (
        "github-dashboards.yml",
        include_str!("../templates/github-dashboards.yml"),
    ),
    ("gitlab-ci.yml", include_str!("../templates/gitlab-ci.yml")),
    (
        "github-pull-request.yml",
        include_str!("../templates/github-pull-request.yml"),
    ),
    (
        "pre-commit-checks",
        include_str!("../templates/pre-commit-checks"),
    ),
    (
        "prepare-commit-msg-checks",
        include_str!("../templates/prepare-commit-msg-checks"),
    ),
];

/// The template `name`: the repository's override if present, else the built-in one.
pub fn get(root: &Path, name: &str) -> String {
    if let Ok(text) = std::fs::read_to_string(root.join(OVERRIDE_DIR).join(name)) {
        return text;
    }
    BUILTIN
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, t)| (*t).to_owned())
        .unwrap_or_default()
}

/// Replace each `{{key}}` in `template` by its value.
pub fn fill(template: &str, values: &[(&str, &str)]) -> String {
    let mut out = template.to_owned();
    for (key, value) in values {
        out = out.replace(&format!("{{{{{key}}}}}"), value);
    }
    out
}
