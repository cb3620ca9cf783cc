//! The error type shared by the reader and the writer.

use std::fmt::{self, Display};
use std::io;

/// Alias for a `Result` with the error type [`Error`].
pub type Result<T> = std::result::Result<T, Error>;

/// What kind of failure an [`Error`] reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Category {
    /// Reading from or writing to an `io::Read` / `io::Write` failed.
    Io,
    /// The input is not well-formed JSV (unbalanced quotes, braces, a missing `:` ...).
    Syntax,
    /// The input is well-formed JSV but a token does not fit the target type.
    Data,
    /// The input ended where more was expected.
    Eof,
}

/// A serialization or deserialization failure.
///
/// Parse failures carry the byte offset (and the derived 1-based line and column) of the
/// token that failed, and a message saying what was expected there.
pub struct Error {
    inner: Box<Inner>,
}

struct Inner {
    category: Category,
    msg: String,
    offset: Option<usize>,
    line: usize,
    column: usize,
    io: Option<io::Error>,
}

impl Error {
    pub(crate) fn new(category: Category, msg: impl Into<String>) -> Self {
        Error {
            inner: Box::new(Inner {
                category,
                msg: msg.into(),
                offset: None,
                line: 0,
                column: 0,
                io: None,
            }),
        }
    }

    pub(crate) fn at(
        category: Category,
        msg: impl Into<String>,
        input: &[u8],
        offset: usize,
    ) -> Self {
        let mut e = Error::new(category, msg);
        e.set_position(input, offset);
        e
    }

    pub(crate) fn io(err: io::Error) -> Self {
        let mut e = Error::new(Category::Io, err.to_string());
        e.inner.io = Some(err);
        e
    }

    /// Attaches a position if the error does not have one yet.
    pub(crate) fn set_position(&mut self, input: &[u8], offset: usize) {
        if self.inner.offset.is_some() {
            return;
        }
        let offset = offset.min(input.len());
        let before = &input[..offset];
        let line = 1 + before.iter().filter(|&&b| b == b'\n').count();
        let line_start = before
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |p| p + 1);
        // Column counts characters, not bytes.
        let column = 1 + before[line_start..]
            .iter()
            .filter(|&&b| (b & 0xC0) != 0x80)
            .count();
        self.inner.offset = Some(offset);
        self.inner.line = line;
        self.inner.column = column;
    }

    pub(crate) fn has_position(&self) -> bool {
        self.inner.offset.is_some()
    }

    /// The kind of failure.
    pub fn category(&self) -> Category {
        self.inner.category
    }

    /// True for malformed JSV.
    pub fn is_syntax(&self) -> bool {
        self.inner.category == Category::Syntax
    }

    /// True when a token does not fit the target type (or a custom serde error).
    pub fn is_data(&self) -> bool {
        self.inner.category == Category::Data
    }

    /// True when the input ended early.
    pub fn is_eof(&self) -> bool {
        self.inner.category == Category::Eof
    }

    /// True when the underlying reader or writer failed.
    pub fn is_io(&self) -> bool {
        self.inner.category == Category::Io
    }

    /// Byte offset into the input where the failure was detected (parse errors only).
    pub fn offset(&self) -> Option<usize> {
        self.inner.offset
    }

    /// 1-based line of the failure, 0 if the error has no position.
    pub fn line(&self) -> usize {
        self.inner.line
    }

    /// 1-based column (in characters) of the failure, 0 if the error has no position.
    pub fn column(&self) -> usize {
        self.inner.column
    }

    /// The message without the position suffix (says what was expected).
    pub fn message(&self) -> &str {
        &self.inner.msg
    }
}

impl Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.inner.offset {
            Some(off) => write!(
                f,
                "{} at line {} column {} (byte {})",
                self.inner.msg, self.inner.line, self.inner.column, off
            ),
            None => f.write_str(&self.inner.msg),
        }
    }
}

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Error({:?}, {:?}", self.inner.category, self.inner.msg)?;
        if let Some(off) = self.inner.offset {
            write!(
                f,
                ", offset: {off}, line: {}, column: {}",
                self.inner.line, self.inner.column
            )?;
        }
        f.write_str(")")
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.inner.io.as_ref().map(|e| e as _)
    }
}

impl serde::ser::Error for Error {
    fn custom<T: Display>(msg: T) -> Self {
        Error::new(Category::Data, msg.to_string())
    }
}

impl serde::de::Error for Error {
    fn custom<T: Display>(msg: T) -> Self {
        Error::new(Category::Data, msg.to_string())
    }
}

impl From<io::Error> for Error {
    fn from(e: io::Error) -> Self {
        Error::io(e)
    }
}

impl From<Error> for io::Error {
    fn from(e: Error) -> Self {
        let msg = e.to_string();
        let inner = *e.inner;
        inner
            .io
            .unwrap_or_else(|| io::Error::new(io::ErrorKind::InvalidData, msg))
    }
}
