//! The one writer: every line coord prints goes through here. A closed pipe is not an error.

use std::io::{self, Write};

use clap::ValueEnum;
use serde::Serialize;

use crate::finding::{Finding, Severity};

/// Output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum Format {
    /// Text for people.
    #[default]
    Human,
    /// JSON with stable field names.
    Json,
    /// GitHub Actions annotations.
    Github,
    /// Mermaid (graph).
    Mermaid,
    /// Graphviz dot (graph).
    Dot,
}

/// Writes to standard output; stops quietly when the reader went away (`coord … | head`).
pub struct Out {
    sink: Option<io::BufWriter<io::Stdout>>,
}

impl Default for Out {
    fn default() -> Out {
        Out {
            sink: Some(io::BufWriter::with_capacity(64 * 1024, io::stdout())),
        }
    }
}

impl Out {
    /// A writer on standard output.
    pub fn new() -> Out {
        Out::default()
    }

    /// A writer that discards everything.
    pub fn discard() -> Out {
        Out { sink: None }
    }

    /// Write `text` as is.
    pub fn write(&mut self, text: &str) {
        self.write_bytes(text.as_bytes());
    }

    fn write_bytes(&mut self, bytes: &[u8]) {
        // A failed write is a closed pipe: the reader has what it wanted.
        if let Some(sink) = &mut self.sink
            && sink.write_all(bytes).is_err()
        {
            self.sink = None;
        }
    }

    /// Write `text` and a newline.
    pub fn line(&mut self, text: impl AsRef<str>) {
        self.write(text.as_ref());
        self.write("\n");
    }

    /// Write `value` as pretty JSON and a newline, streaming.
    pub fn json<T: Serialize + ?Sized>(&mut self, value: &T) {
        if let Some(sink) = &mut self.sink
            && serde_json::to_writer_pretty(&mut *sink, value).is_err()
        {
            self.sink = None;
            return;
        }
        self.write("\n");
    }

    /// Write findings in `format`.
    pub fn findings(&mut self, findings: &[Finding], format: Format) {
        match format {
            Format::Json => self.json(findings),
            Format::Github => {
                for f in findings {
                    let level = if f.severity == Severity::Error {
                        "error"
                    } else {
                        "warning"
                    };
                    let mut props = Vec::new();
                    if let Some(p) = &f.path {
                        props.push(format!("file={}", escape_property(p)));
                    }
                    if f.line > 0 {
                        props.push(format!("line={}", f.line));
                    }
                    if f.column > 0 {
                        props.push(format!("col={}", f.column));
                    }
                    props.push(format!("title={}", f.code));
                    self.line(format!(
                        "::{level} {}::{}",
                        props.join(","),
                        escape_data(&f.message)
                    ));
                }
            }
            _ => {
                for f in findings {
                    let level = if f.severity == Severity::Error {
                        "error"
                    } else {
                        "warning"
                    };
                    self.line(format!("{level}[{}]: {}", f.code, f.message));
                    let location = f.location();
                    if !location.is_empty() {
                        self.line(format!("  --> {location}"));
                    }
                    if let Some(hint) = &f.hint {
                        self.line(format!("  = hint: {hint}"));
                    }
                }
            }
        }
    }

    /// Send what is buffered.
    pub fn flush(&mut self) {
        if let Some(sink) = &mut self.sink
            && sink.flush().is_err()
        {
            self.sink = None;
        }
    }
}

impl Drop for Out {
    fn drop(&mut self) {
        self.flush();
    }
}

/// A note for the person at the terminal, on standard error (bypass notices, graph problems
/// while a diagram goes to standard output).
pub fn note(text: impl std::fmt::Display) {
    let _ = writeln!(io::stderr().lock(), "{text}");
}

/// Print an error as a miette diagnostic on standard error, in colour only on a terminal.
pub fn report(error: crate::error::Error) {
    let color = std::env::var_os("NO_COLOR").is_none()
        && std::io::IsTerminal::is_terminal(&std::io::stderr());
    let _ = miette::set_hook(Box::new(move |_| {
        Box::new(
            miette::MietteHandlerOpts::new()
                .color(color)
                .unicode(true)
                .terminal_links(false)
                .build(),
        )
    }));
    note(format!("{:?}", miette::Report::new(error)));
}

/// A diagnostic with a code known only at run time, pointing at a span of a file.
#[derive(Debug)]
struct Pointed {
    code: String,
    message: String,
    label: String,
    src: miette::NamedSource<String>,
    span: miette::SourceSpan,
}

impl std::fmt::Display for Pointed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Pointed {}

impl miette::Diagnostic for Pointed {
    fn code<'a>(&'a self) -> Option<Box<dyn std::fmt::Display + 'a>> {
        Some(Box::new(&self.code))
    }
    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        Some(&self.src)
    }
    fn labels(&self) -> Option<Box<dyn Iterator<Item = miette::LabeledSpan> + '_>> {
        Some(Box::new(std::iter::once(
            miette::LabeledSpan::new_with_span(Some(self.label.clone()), self.span),
        )))
    }
}

/// A source snippet of `text` (the file `name`) pointing at its line `line` (1-based).
pub fn snippet(
    code: &str,
    name: &str,
    text: &str,
    line: u32,
    message: &str,
    label: &str,
) -> String {
    let start = text
        .split_inclusive('\n')
        .take(line.saturating_sub(1) as usize)
        .map(str::len)
        .sum::<usize>()
        .min(text.len());
    let len = text[start..].find('\n').unwrap_or(text.len() - start);
    let pointed = Pointed {
        code: code.to_owned(),
        message: message.to_owned(),
        label: label.to_owned(),
        src: miette::NamedSource::new(name, text.to_owned()),
        span: miette::SourceSpan::new(start.into(), len),
    };
    let color = std::env::var_os("NO_COLOR").is_none()
        && std::io::IsTerminal::is_terminal(&std::io::stdout());
    let theme = if color {
        miette::GraphicalTheme::unicode()
    } else {
        miette::GraphicalTheme::unicode_nocolor()
    };
    let mut out = String::new();
    let _ = miette::GraphicalReportHandler::new_themed(theme)
        .with_links(false)
        .render_report(&mut out, &pointed);
    out
}

/// Escape a GitHub annotation message.
pub fn escape_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escape a GitHub annotation property.
pub fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}
