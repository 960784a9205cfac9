//! The one writer: every line coord prints goes through here. A closed pipe is not an error.

use std::io::{self, Write};

use serde::Serialize;

/// Output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
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
    /// SARIF 2.1.0 (GitHub code scanning).
    Sarif,
    /// GitLab Code Quality report.
    Gitlab,
}

impl Format {
    /// Every format, in the order `--format` lists them.
    pub const ALL: [Format; 7] = [
        Format::Human,
        Format::Json,
        Format::Github,
        Format::Mermaid,
        Format::Dot,
        Format::Sarif,
        Format::Gitlab,
    ];

    /// The name `--format` takes.
    pub fn name(self) -> &'static str {
        match self {
            Format::Human => "human",
            Format::Json => "json",
            Format::Github => "github",
            Format::Mermaid => "mermaid",
            Format::Dot => "dot",
            Format::Sarif => "sarif",
            Format::Gitlab => "gitlab",
        }
    }
}

/// Writes to standard output; stops quietly when the reader went away (`coord … | head`).
pub struct Out {
    sink: Option<io::BufWriter<io::Stdout>>,
    color: bool,
}

impl Out {
    /// A writer on standard output; `color` says whether it may use colour.
    pub fn new(color: bool) -> Out {
        Out {
            sink: Some(io::BufWriter::with_capacity(64 * 1024, io::stdout())),
            color,
        }
    }

    /// Whether colour is wanted.
    pub fn color(&self) -> bool {
        self.color
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

/// Print an error as a miette diagnostic on standard error, in colour when `color`.
pub fn report(error: crate::error::Error, color: bool) {
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
    color: bool,
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
