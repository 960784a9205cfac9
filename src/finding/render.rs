//! The one renderer of findings: human text, JSON, GitHub annotations, SARIF and GitLab Code
//! Quality, for every command.

use super::{Finding, Severity};
use crate::output::{Format, Out};

/// Write `findings` in `format` (human for the formats that are not about findings).
pub fn write(out: &mut Out, findings: &[Finding], format: Format) {
    match format {
        Format::Json => out.json(findings),
        Format::Sarif => out.json(&super::report::sarif(findings)),
        Format::Gitlab => out.json(&super::report::gitlab(findings)),
        Format::Github => {
            for f in findings {
                out.line(github(f));
            }
        }
        _ => {
            let mut last_commit: Option<&str> = None;
            for f in findings {
                if let Some(commit) = &f.detail.commit
                    && last_commit != Some(commit.as_str())
                {
                    let subject = f.detail.subject.as_deref().unwrap_or("");
                    out.line(format!("commit {commit} {}", escape_terminal(subject)));
                    last_commit = Some(commit);
                }
                let text = human(f, out.color());
                out.write(&text);
            }
        }
    }
}

/// One finding as text for a person: a source snippet where the file's text is known, the
/// location otherwise, then its detail and hint.
pub fn human(f: &Finding, color: bool) -> String {
    let mut text = String::new();
    let mut push = |line: String| {
        text.push_str(&line);
        text.push('\n');
    };
    match (&f.detail.source, &f.path, f.line) {
        (Some(source), Some(path), Some(line)) => {
            let label = match (&f.detail.section, &f.detail.owners) {
                (Some(section), Some(owners)) => {
                    format!("section {section}, owned by {}", owners.join(", "))
                }
                _ => f.message.clone(),
            };
            let snippet = crate::output::snippet(
                f.code.as_str(),
                path,
                source,
                line,
                &escape_terminal(&f.message),
                &label,
                color,
            );
            push(snippet.trim_end_matches('\n').to_owned());
        }
        _ => {
            push(format!(
                "{}[{}]: {}",
                f.severity.as_str(),
                f.code,
                escape_terminal(&f.message)
            ));
            let location = f.location();
            if !location.is_empty() {
                push(format!("  --> {}", escape_terminal(&location)));
            }
        }
    }
    let d = &f.detail;
    let mut note = |name: &str, value: Option<String>| {
        if let Some(value) = value {
            push(format!("  = {name}: {}", escape_terminal(&value)));
        }
    };
    note("renamed from", d.old_path.clone());
    note("section", d.section.clone());
    note("zone", d.zone.clone());
    note(
        "owners",
        d.owners
            .as_ref()
            .filter(|o| !o.is_empty())
            .map(|o| o.join(", ")),
    );
    note(
        "committing team",
        d.committing_teams.as_ref().map(|t| {
            if t.is_empty() {
                "unknown".to_owned()
            } else {
                t.join(",")
            }
        }),
    );
    note("atoms", d.atoms.as_ref().map(|a| a.join(", ")));
    note("files", d.files.as_ref().map(|a| a.join(", ")));
    note("on", d.other.clone());
    note("hint", f.hint.clone());
    text
}

/// One finding as a GitHub Actions workflow command.
pub fn github(f: &Finding) -> String {
    let level = match f.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    };
    let mut props = Vec::new();
    if let Some(p) = &f.path {
        props.push(format!("file={}", escape_property(p)));
    }
    if let Some(line) = f.line {
        props.push(format!("line={line}"));
    }
    if let Some(column) = f.column {
        props.push(format!("col={column}"));
    }
    props.push(format!("title={}", f.code));
    let mut message = f.message.clone();
    if let Some(hint) = &f.hint {
        message.push_str("\nhint: ");
        message.push_str(hint);
    }
    format!("::{level} {}::{}", props.join(","), escape_data(&message))
}

/// Escape a GitHub annotation message: `%`, line breaks and other control characters.
pub fn escape_data(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '%' => out.push_str("%25"),
            '\r' => out.push_str("%0D"),
            '\n' => out.push_str("%0A"),
            c if c.is_control() => out.push_str(&format!("%{:02X}", c as u32 & 0xff)),
            c => out.push(c),
        }
    }
    out
}

/// Escape a GitHub annotation property (also `:` and `,`, which separate properties).
pub fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

/// Make multi-line text safe for a terminal: like [`escape_terminal`], keeping line breaks.
pub fn escape_lines(text: &str) -> String {
    text.split('\n')
        .map(escape_terminal)
        .collect::<Vec<_>>()
        .join("\n")
}

/// Make text safe for a terminal: control characters (escape sequences, tabs, line breaks inside
/// one value) are shown as escapes instead of acting on the terminal.
pub fn escape_terminal(text: &str) -> String {
    if !text.chars().any(char::is_control) {
        return text.to_owned();
    }
    text.chars()
        .map(|c| {
            if c.is_control() {
                c.escape_default().to_string()
            } else {
                c.to_string()
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::{Code, Detail};

    #[test]
    fn github_escapes_properties_data_and_control_characters() {
        let f = Finding::error(Code::ZoneExclusive, "50% of\nit\x1b[31m")
            .at("a:b,c.rs", 3, 0)
            .hint("ask");
        assert_eq!(
            github(&f),
            "::error file=a%3Ab%2Cc.rs,line=3,title=zone-exclusive::50%25 of%0Ait%1B[31m%0Ahint: ask"
        );
    }

    #[test]
    fn human_text_escapes_control_characters_and_lists_detail() {
        let f = Finding::warning(Code::OverlappingFiles, "x\x1b[2J")
            .at("web/tab\there.js", 0, 0)
            .detail(Detail {
                atoms: Some(vec!["ATOM-001".into()]),
                ..Detail::default()
            })
            .hint("talk");
        assert_eq!(
            human(&f, false),
            "warning[overlapping-files]: x\\u{1b}[2J\n  --> web/tab\\there.js\n  = atoms: ATOM-001\n  = hint: talk\n"
        );
    }

    #[test]
    fn an_unknown_committing_team_says_so() {
        let f = Finding::error(Code::TeamUnknown, "who?").detail(Detail {
            committing_teams: Some(vec![]),
            ..Detail::default()
        });
        assert!(human(&f, false).contains("  = committing team: unknown\n"));
    }
}
