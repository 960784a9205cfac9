//! Errors that stop coord from doing its job, as miette diagnostics with exit codes.

use std::path::{Path, PathBuf};

use miette::{Diagnostic, NamedSource, SourceSpan};

/// A point in a file: 1-based line and column, and the byte span it covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Pos {
    /// 1-based line.
    pub line: u32,
    /// 1-based column.
    pub column: u32,
    /// Byte offset into the file.
    pub offset: usize,
    /// Length in bytes of what the position labels (at least 1 when shown).
    pub len: usize,
}

/// A problem located in a file the user wrote: the file, the span, a label and a hint.
#[derive(Debug, thiserror::Error, Diagnostic)]
#[error("{message}")]
#[diagnostic(code(coord::input))]
pub struct FileProblem {
    /// What is wrong.
    pub message: String,
    /// The file's name and text.
    #[source_code]
    pub src: NamedSource<String>,
    /// Where in it.
    #[label("{label}")]
    pub span: SourceSpan,
    /// Short label at the span.
    pub label: String,
    /// What to do.
    #[help]
    pub help: Option<String>,
}

/// Everything that can stop a command.
#[derive(Debug, thiserror::Error, Diagnostic)]
pub enum Error {
    /// A problem located in a file the user wrote.
    #[error(transparent)]
    #[diagnostic(transparent)]
    InFile(Box<FileProblem>),
    /// Bad input that is not in a file: a flag, an argument, an unknown id.
    #[error("{message}")]
    #[diagnostic(code(coord::usage))]
    Usage {
        /// What is wrong.
        message: String,
        #[help]
        help: Option<String>,
    },
    /// The command understood its input but refuses to act (exit 1).
    #[error("{message}")]
    #[diagnostic(code(coord::refused))]
    Refused {
        /// Why it refused.
        message: String,
        #[help]
        help: Option<String>,
    },
    /// Reading or writing a file failed.
    #[error("cannot {action} {}", path.display())]
    #[diagnostic(code(coord::io))]
    Io {
        /// What was being done ("read", "write"…).
        action: &'static str,
        /// The file.
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// Git could not be read.
    #[error("git: {message}")]
    #[diagnostic(code(coord::git))]
    Git {
        /// What failed.
        message: String,
        #[help]
        help: Option<String>,
    },
    /// Several problems at once (every problem of zones.yaml, say).
    #[error("{summary}")]
    #[diagnostic(code(coord::invalid))]
    Many {
        /// One line saying how many problems and where.
        summary: String,
        #[related]
        problems: Vec<Error>,
    },
}

/// Why a life-cycle step was not taken: the request was understood but the record's state does
/// not allow it (exit 1), or the request itself is wrong for this record (exit 2).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    /// What stands in the way.
    pub message: String,
    /// What to do instead.
    pub hint: Option<String>,
    /// Whether the request itself was wrong (a criterion that does not exist, an empty reason).
    pub bad_input: bool,
}

impl Refusal {
    /// The record's state does not allow the step.
    pub fn state(message: impl Into<String>, hint: impl Into<Option<String>>) -> Refusal {
        Refusal {
            message: message.into(),
            hint: hint.into(),
            bad_input: false,
        }
    }

    /// The request does not fit the record.
    pub fn input(message: impl Into<String>, hint: impl Into<Option<String>>) -> Refusal {
        Refusal {
            bad_input: true,
            ..Refusal::state(message, hint)
        }
    }
}

impl From<Refusal> for Error {
    fn from(r: Refusal) -> Error {
        if r.bad_input {
            Error::usage(r.message, r.hint)
        } else {
            Error::refused(r.message, r.hint)
        }
    }
}

/// Result with coord's error.
pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    /// The process exit code this error maps to.
    pub fn exit_code(&self) -> i32 {
        match self {
            Error::Refused { .. } => 1,
            _ => 2,
        }
    }

    /// An error pointing into `text` (the content of `path`) at `pos`.
    pub fn in_file(
        path: impl AsRef<Path>,
        text: &str,
        pos: Pos,
        message: impl Into<String>,
        label: impl Into<String>,
        help: Option<String>,
    ) -> Error {
        let name = path.as_ref().display().to_string();
        let offset = pos.offset.min(text.len());
        Error::InFile(Box::new(FileProblem {
            message: message.into(),
            src: NamedSource::new(name, text.to_owned()),
            span: SourceSpan::new(offset.into(), pos.len.max(1).min(text.len() - offset)),
            label: label.into(),
            help,
        }))
    }

    /// Bad input not located in a file.
    pub fn usage(message: impl Into<String>, help: impl Into<Option<String>>) -> Error {
        Error::Usage {
            message: message.into(),
            help: help.into(),
        }
    }

    /// A refusal (exit 1).
    pub fn refused(message: impl Into<String>, help: impl Into<Option<String>>) -> Error {
        Error::Refused {
            message: message.into(),
            help: help.into(),
        }
    }

    /// A git failure.
    pub fn git(message: impl Into<String>) -> Error {
        Error::Git {
            message: message.into(),
            help: None,
        }
    }

    /// An I/O failure on `path`.
    pub fn io(action: &'static str, path: impl Into<PathBuf>, source: std::io::Error) -> Error {
        Error::Io {
            action,
            path: path.into(),
            source,
        }
    }

    /// Combine several errors; one stays itself.
    pub fn many(summary: impl Into<String>, mut problems: Vec<Error>) -> Error {
        if problems.len() == 1 {
            return problems.pop().expect("one problem");
        }
        Error::Many {
            summary: summary.into(),
            problems,
        }
    }
}

/// Line and column (1-based) of a byte offset in `text`.
pub fn line_col(text: &str, offset: usize) -> (u32, u32) {
    let offset = offset.min(text.len());
    let before = &text.as_bytes()[..offset];
    let line = before.iter().filter(|&&b| b == b'\n').count() as u32 + 1;
    let line_start = before
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i + 1);
    let column = text[line_start..offset].chars().count() as u32 + 1;
    (line, column)
}

/// The `Pos` of a byte range in `text`.
pub fn pos_of(text: &str, offset: usize, len: usize) -> Pos {
    let (line, column) = line_col(text, offset);
    Pos {
        line,
        column,
        offset,
        len,
    }
}

/// Line starts of a text, for many offset-to-position lookups without rescanning.
pub struct Lines {
    starts: Vec<usize>,
}

impl Lines {
    /// Index the lines of `text`.
    pub fn new(text: &str) -> Lines {
        let mut starts = vec![0];
        starts.extend(
            text.bytes()
                .enumerate()
                .filter(|(_, b)| *b == b'\n')
                .map(|(i, _)| i + 1),
        );
        Lines { starts }
    }

    /// The `Pos` of a byte range in `text` (the text this index was built from).
    pub fn pos(&self, text: &str, offset: usize, len: usize) -> Pos {
        let offset = offset.min(text.len());
        let line = self.starts.partition_point(|&s| s <= offset);
        let start = self.starts[line - 1];
        let column = text
            .get(start..offset)
            .map_or(offset - start, |s| s.chars().count()) as u32
            + 1;
        Pos {
            line: line as u32,
            column,
            offset,
            len,
        }
    }
}
