//! Findings: what a check found, as data. One model for every check (status files, zones.yaml,
//! the zone gate, conflicts, dashboards), rendered by one renderer in every format.

mod code;
pub mod render;
pub mod report;

use serde::{Deserialize, Serialize};

pub use code::Code;

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Fails the check (exit 1).
    Error,
    /// Reported, passes.
    Warning,
}

impl Severity {
    /// `error` or `warning`.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

/// Structured detail for the kinds of finding that need more than a message. Absent fields are
/// left out of JSON.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Detail {
    /// The zone crossed, in words.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub zone: Option<String>,
    /// Teams that may change the file.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub owners: Option<Vec<String>>,
    /// The committing teams (empty when coord could not tell).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub committing_teams: Option<Vec<String>>,
    /// A shared file's section.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub section: Option<String>,
    /// The path before a rename.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub old_path: Option<String>,
    /// The commit, for range checks.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub commit: Option<String>,
    /// The commit's subject, for range checks.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub subject: Option<String>,
    /// Atoms involved (conflicts).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub atoms: Option<Vec<String>>,
    /// Teams involved (conflicts).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub teams: Option<Vec<String>>,
    /// Files or patterns concerned, at most a few (conflicts).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub files: Option<Vec<String>>,
    /// Where the other side lives (`branch feature-x`, `worktree ../wt`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub other: Option<String>,
    /// The text of the file the line is in, to show it in a snippet.
    #[serde(skip)]
    pub source: Option<String>,
}

/// One thing a check found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// Stable code.
    pub code: Code,
    /// Error or warning.
    pub severity: Severity,
    /// Repository-relative file, when the finding is about one.
    pub path: Option<String>,
    /// 1-based line, when known.
    pub line: Option<u32>,
    /// 1-based column, when known.
    pub column: Option<u32>,
    /// What is wrong.
    pub message: String,
    /// What to do about it.
    pub hint: Option<String>,
    /// More, for the kinds that need it.
    #[serde(flatten)]
    pub detail: Detail,
}

impl Finding {
    /// An error-level finding.
    pub fn error(code: Code, message: impl Into<String>) -> Finding {
        Finding {
            code,
            severity: Severity::Error,
            path: None,
            line: None,
            column: None,
            message: message.into(),
            hint: None,
            detail: Detail::default(),
        }
    }

    /// A warning-level finding.
    pub fn warning(code: Code, message: impl Into<String>) -> Finding {
        Finding {
            severity: Severity::Warning,
            ..Finding::error(code, message)
        }
    }

    /// In file `path`, at `line` and `column` (0 for unknown).
    pub fn at(mut self, path: impl Into<String>, line: u32, column: u32) -> Finding {
        self.path = Some(path.into());
        self.line = (line > 0).then_some(line);
        self.column = (column > 0).then_some(column);
        self
    }

    /// What to do.
    pub fn hint(mut self, hint: impl Into<String>) -> Finding {
        self.hint = Some(hint.into());
        self
    }

    /// With structured detail.
    pub fn detail(mut self, detail: Detail) -> Finding {
        self.detail = detail;
        self
    }

    /// Whether it fails a check.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// `path:line:column` (as much as is known).
    pub fn location(&self) -> String {
        match (&self.path, self.line, self.column) {
            (None, _, _) => String::new(),
            (Some(p), None, _) => p.clone(),
            (Some(p), Some(l), None) => format!("{p}:{l}"),
            (Some(p), Some(l), Some(c)) => format!("{p}:{l}:{c}"),
        }
    }
}

/// Whether any finding is an error.
pub fn has_errors(findings: &[Finding]) -> bool {
    findings.iter().any(Finding::is_error)
}

/// Errors and warnings among `findings`.
pub fn count(findings: &[Finding]) -> (usize, usize) {
    let errors = findings.iter().filter(|f| f.is_error()).count();
    (errors, findings.len() - errors)
}

/// Sort findings by path, line, column and code, so output is stable.
pub fn sort(findings: &mut [Finding]) {
    findings.sort_by(|a, b| {
        (&a.path, a.line, a.column, a.code, &a.message)
            .cmp(&(&b.path, b.line, b.column, b.code, &b.message))
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_has_every_common_field_and_only_the_detail_given() {
        let f = Finding::warning(Code::OverlappingFiles, "both active")
            .at("a.rs", 0, 0)
            .detail(Detail {
                atoms: Some(vec!["ATOM-001".into(), "ATOM-002".into()]),
                ..Detail::default()
            });
        let json = serde_json::to_value(&f).unwrap();
        assert_eq!(
            json,
            serde_json::json!({
                "code": "overlapping-files", "severity": "warning", "path": "a.rs",
                "line": null, "column": null, "message": "both active", "hint": null,
                "atoms": ["ATOM-001", "ATOM-002"],
            })
        );
    }

    #[test]
    fn locations_say_what_is_known() {
        let f = Finding::error(Code::InvalidYaml, "x");
        assert_eq!(f.location(), "");
        assert_eq!(f.clone().at("a", 0, 0).location(), "a");
        assert_eq!(f.clone().at("a", 3, 0).location(), "a:3");
        assert_eq!(f.at("a", 3, 7).location(), "a:3:7");
    }
}
