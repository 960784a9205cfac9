//! Findings: what a check found, as data (a stable code, a severity, where, and a hint).

use serde::{Deserialize, Serialize};

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Fails the check (exit 1).
    Error,
    /// Reported, passes.
    Warning,
}

/// One problem a check found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// Stable kebab-case code (`dangling-dependency`…).
    pub code: &'static str,
    /// Error or warning.
    pub severity: Severity,
    /// Repository-relative file, when the finding is about one.
    pub path: Option<String>,
    /// 1-based line, 0 when unknown.
    pub line: u32,
    /// 1-based column, 0 when unknown.
    pub column: u32,
    /// What is wrong.
    pub message: String,
    /// What to do about it.
    pub hint: Option<String>,
}

impl Finding {
    /// An error-level finding.
    pub fn error(code: &'static str, message: impl Into<String>) -> Finding {
        Finding {
            code,
            severity: Severity::Error,
            path: None,
            line: 0,
            column: 0,
            message: message.into(),
            hint: None,
        }
    }

    /// A warning-level finding.
    pub fn warning(code: &'static str, message: impl Into<String>) -> Finding {
        Finding {
            severity: Severity::Warning,
            ..Finding::error(code, message)
        }
    }

    /// Where it is.
    pub fn at(mut self, path: impl Into<String>, line: u32, column: u32) -> Finding {
        self.path = Some(path.into());
        self.line = line;
        self.column = column;
        self
    }

    /// What to do.
    pub fn hint(mut self, hint: impl Into<String>) -> Finding {
        self.hint = Some(hint.into());
        self
    }

    /// `path:line:column` (as much as is known).
    pub fn location(&self) -> String {
        match (&self.path, self.line, self.column) {
            (None, _, _) => String::new(),
            (Some(p), 0, _) => p.clone(),
            (Some(p), l, 0) => format!("{p}:{l}"),
            (Some(p), l, c) => format!("{p}:{l}:{c}"),
        }
    }
}

/// Whether any finding is an error.
pub fn has_errors(findings: &[Finding]) -> bool {
    findings.iter().any(|f| f.severity == Severity::Error)
}

/// Sort findings by path, line, column and code, so output is stable.
pub fn sort(findings: &mut [Finding]) {
    findings.sort_by(|a, b| {
        (&a.path, a.line, a.column, a.code, &a.message)
            .cmp(&(&b.path, b.line, b.column, b.code, &b.message))
    });
}

/// The static code for `code`, for the codes a status file's parse can produce.
pub fn parse_code(code: &str) -> Option<&'static str> {
    const KNOWN: &[&str] = &[
        "missing-yaml-block",
        "invalid-yaml",
        "unknown-field",
        "missing-field",
        "invalid-status",
        "invalid-priority",
        "invalid-timestamp",
        "invalid-duration",
        "invalid-dependency",
        "missing-blocked-reason",
        "invalid-id",
        "invalid-complexity",
        "invalid-point-status",
        "unreadable-file",
    ];
    KNOWN.iter().find(|k| **k == code).copied()
}
