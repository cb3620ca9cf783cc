//! The error type shared by every paykit client.
//!
//! Each vendor crate wraps [`Error`] in an error of its own that adds the vendor's meanings
//! (for example the wallet's `NotEnoughFunds`); everything that can go wrong while a request
//! is described, sent, retried and decoded is a variant here.

use std::fmt;
use std::time::Duration;

use bytes::Bytes;
use reqwest::StatusCode;
use reqwest::header::HeaderMap;

/// A boxed error that keeps its concrete type (use `downcast_ref` to reach it).
pub type BoxError = Box<dyn std::error::Error + Send + Sync + 'static>;

/// How much of a response body an error keeps (bytes); the rest is dropped.
pub const ERROR_BODY_LIMIT: usize = 4096;

/// Everything that can go wrong while a paykit client talks to a vendor.
///
/// Matching is stable: new variants may be added (the enum is `#[non_exhaustive]`), existing
/// ones keep their meaning. Helpers such as [`Error::is_timeout`] answer the common questions
/// without a `match`.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The client could not be built from its configuration (bad URL, plain HTTP to a
    /// non-loopback host, a header that is not valid, ...). Nothing was sent.
    #[error("invalid client configuration: {message}")]
    InvalidConfig {
        /// What is wrong.
        message: String,
    },

    /// The request could not be described (bad path argument, body that does not encode,
    /// missing required field, ...). Nothing was sent.
    #[error("invalid request for {operation}: {message}")]
    InvalidRequest {
        /// The operation, e.g. `wallet.create_entry`.
        operation: &'static str,
        /// What is wrong.
        message: String,
        /// The underlying error, if any (for example the codec's).
        #[source]
        source: Option<BoxError>,
    },

    /// A time limit was reached: one attempt's timeout, or the whole call's deadline.
    #[error("{operation} timed out ({kind}) after {elapsed:?}")]
    Timeout {
        /// The operation.
        operation: &'static str,
        /// Which limit fired.
        kind: TimeoutKind,
        /// Time spent in the call when it gave up.
        elapsed: Duration,
        /// Whether the request may have reached the server (it was being sent or answered).
        maybe_sent: bool,
    },

    /// The connection failed or broke (DNS, refused, reset, TLS, ...).
    #[error("transport error during {operation}")]
    Transport {
        /// The operation.
        operation: &'static str,
        /// Whether the request may have reached the server. `false` only when no connection
        /// was ever established.
        maybe_sent: bool,
        /// The transport's error, with the URL removed (URLs can carry secrets).
        #[source]
        source: reqwest::Error,
    },

    /// The server answered with a status that is not a success.
    #[error("{operation} failed: {0}", operation = .0.operation)]
    Status(Box<HttpError>),

    /// A success response could not be decoded into the expected type.
    #[error("could not decode the {status} response of {operation} ({content_type}): {snippet}")]
    Decode {
        /// The operation.
        operation: &'static str,
        /// The response status.
        status: StatusCode,
        /// The response `Content-Type` (empty when absent).
        content_type: String,
        /// The start of the body, for diagnosis.
        snippet: String,
        /// The codec's error.
        #[source]
        source: BoxError,
    },

    /// The response body was larger than the client's body cap.
    #[error("the response body of {operation} exceeds the limit of {limit} bytes")]
    BodyTooLarge {
        /// The operation.
        operation: &'static str,
        /// The configured cap in bytes.
        limit: usize,
    },

    /// The auth hook could not provide credentials (for example a token endpoint failed).
    #[error("authentication failed for {operation}")]
    Auth {
        /// The operation.
        operation: &'static str,
        /// Whether an earlier attempt of the call may have reached the server (this one
        /// was never sent).
        maybe_sent: bool,
        /// The hook's error.
        #[source]
        source: BoxError,
    },

    /// A list stream stopped because the server's paging would not end: it answered the
    /// same page again, or the stream reached its page limit.
    #[error("the list stopped after {pages} pages: {reason}")]
    Pagination {
        /// Pages fetched.
        pages: u64,
        /// Why it stopped.
        reason: &'static str,
    },

    /// A blocking call was made from inside an async runtime, where it would deadlock or
    /// panic. Call the async client there instead.
    #[error("a blocking paykit call was made inside an async runtime; use the async client")]
    BlockingInsideRuntime,
}

/// Which time limit ended a call.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum TimeoutKind {
    /// Connecting took longer than the connect timeout.
    Connect,
    /// One attempt took longer than the per-attempt timeout.
    Attempt,
    /// The whole call (all attempts and back-offs) went past its deadline.
    Deadline,
}

impl fmt::Display for TimeoutKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            TimeoutKind::Connect => "connect timeout",
            TimeoutKind::Attempt => "attempt timeout",
            TimeoutKind::Deadline => "total deadline",
        })
    }
}

/// A non-success HTTP answer: status, headers and the start of the body.
///
/// Vendor crates parse [`HttpError::body`] into their own error shapes. Its `Debug` leaves
/// out the values of headers that carry credentials or session state (`Set-Cookie`,
/// `Authorization`, ...).
#[derive(Clone)]
#[non_exhaustive]
pub struct HttpError {
    /// The operation.
    pub operation: &'static str,
    /// The response status.
    pub status: StatusCode,
    /// The response headers.
    pub headers: HeaderMap,
    /// The body, truncated to [`ERROR_BODY_LIMIT`] bytes.
    pub body: Bytes,
    /// Whether `body` was cut.
    pub truncated: bool,
    /// How many attempts were made.
    pub attempts: u32,
    /// Whether an earlier attempt of the call may have reached the server (it timed out or
    /// its connection broke after the request was written), so that the call may have had
    /// its effect even though this last answer is a refusal.
    pub earlier_attempt_maybe_sent: bool,
}

/// Header names whose values an error never shows.
const SECRET_HEADERS: &[&str] = &[
    "authorization",
    "proxy-authorization",
    "cookie",
    "set-cookie",
    "x-api-key",
    "api-key",
    "x-auth-token",
];

impl fmt::Debug for HttpError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        struct Headers<'a>(&'a HeaderMap);
        impl fmt::Debug for Headers<'_> {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                let mut map = f.debug_map();
                for (name, value) in self.0 {
                    if value.is_sensitive() || SECRET_HEADERS.contains(&name.as_str()) {
                        map.entry(&name.as_str(), &"[redacted]");
                    } else {
                        map.entry(&name.as_str(), value);
                    }
                }
                map.finish()
            }
        }
        f.debug_struct("HttpError")
            .field("operation", &self.operation)
            .field("status", &self.status)
            .field("headers", &Headers(&self.headers))
            .field("body", &self.body)
            .field("truncated", &self.truncated)
            .field("attempts", &self.attempts)
            .field(
                "earlier_attempt_maybe_sent",
                &self.earlier_attempt_maybe_sent,
            )
            .finish()
    }
}

impl HttpError {
    /// The body as text (lossy), as kept.
    pub fn body_text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    /// The server's `Retry-After`, if it sent a valid one.
    pub fn retry_after(&self) -> Option<Duration> {
        crate::retry::retry_after(&self.headers, std::time::SystemTime::now())
    }
}

impl fmt::Display for HttpError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "HTTP {}", self.status)?;
        if !self.body.is_empty() {
            let text = String::from_utf8_lossy(&self.body);
            let mut cut: String = text.chars().take(200).collect();
            if cut.len() < text.len() || self.truncated {
                cut.push('…');
            }
            write!(f, ": {cut}")?;
        }
        Ok(())
    }
}

impl Error {
    /// The operation that failed, when known.
    pub fn operation(&self) -> Option<&'static str> {
        match self {
            Error::InvalidRequest { operation, .. }
            | Error::Timeout { operation, .. }
            | Error::Transport { operation, .. }
            | Error::Decode { operation, .. }
            | Error::BodyTooLarge { operation, .. }
            | Error::Auth { operation, .. } => Some(operation),
            Error::Status(e) => Some(e.operation),
            Error::InvalidConfig { .. }
            | Error::BlockingInsideRuntime
            | Error::Pagination { .. } => None,
        }
    }

    /// The HTTP status, for [`Error::Status`] and [`Error::Decode`].
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            Error::Status(e) => Some(e.status),
            Error::Decode { status, .. } => Some(*status),
            _ => None,
        }
    }

    /// The HTTP error details, for [`Error::Status`].
    pub fn http(&self) -> Option<&HttpError> {
        match self {
            Error::Status(e) => Some(e),
            _ => None,
        }
    }

    /// Whether a time limit ended the call.
    pub fn is_timeout(&self) -> bool {
        matches!(self, Error::Timeout { .. })
    }

    /// Whether no connection could be established (nothing reached the server).
    pub fn is_connect(&self) -> bool {
        matches!(self, Error::Transport { source, .. } if source.is_connect())
    }

    /// Whether the request was refused before anything was sent (bad config or request).
    pub fn is_invalid_input(&self) -> bool {
        matches!(
            self,
            Error::InvalidConfig { .. } | Error::InvalidRequest { .. }
        )
    }

    /// Whether the request may have taken effect on the server: when `true` a non-idempotent
    /// call may have been carried out even though this error came back, so check before
    /// trying again. `true` when any attempt of the call may have had its effect (an
    /// answer-less failure after the request was written, a 5xx, an undecodable success);
    /// `false` when nothing was written and for a definite refusal (any 4xx, 429 included)
    /// with no such attempt before it.
    pub fn maybe_sent(&self) -> bool {
        match self {
            Error::Timeout { maybe_sent, .. }
            | Error::Transport { maybe_sent, .. }
            | Error::Auth { maybe_sent, .. } => *maybe_sent,
            Error::Status(e) => e.earlier_attempt_maybe_sent || !e.status.is_client_error(),
            Error::Decode { .. } | Error::BodyTooLarge { .. } => true,
            _ => false,
        }
    }

    /// Marks the error as the end of a call an earlier attempt of which may have reached the
    /// server (`sent_before`), so that [`Error::maybe_sent`] remembers it.
    pub(crate) fn after_earlier_attempts(mut self, sent_before: bool) -> Self {
        if sent_before {
            match &mut self {
                Error::Timeout { maybe_sent, .. }
                | Error::Transport { maybe_sent, .. }
                | Error::Auth { maybe_sent, .. } => *maybe_sent = true,
                Error::Status(e) => e.earlier_attempt_maybe_sent = true,
                _ => {}
            }
        }
        self
    }

    pub(crate) fn invalid_request(operation: &'static str, message: impl Into<String>) -> Self {
        Error::InvalidRequest {
            operation,
            message: message.into(),
            source: None,
        }
    }

    pub(crate) fn config(message: impl Into<String>) -> Self {
        Error::InvalidConfig {
            message: message.into(),
        }
    }
}

/// The questions every paykit error answers, whatever the vendor: for code that handles
/// several vendors alike (a retry queue, a metrics layer, the fault matrix). Each vendor's
/// `Error` implements it with the same answers as its inherent methods.
pub trait VendorError: std::error::Error + Send + Sync + 'static {
    /// The HTTP status behind the error, when there is one.
    fn status(&self) -> Option<StatusCode>;
    /// Whether the server answered 404.
    fn is_not_found(&self) -> bool;
    /// Whether the server answered 429.
    fn is_rate_limited(&self) -> bool;
    /// Whether a time limit ended the call.
    fn is_timeout(&self) -> bool;
    /// Whether any attempt of the call may have had its effect on the server.
    fn maybe_sent(&self) -> bool;
}

/// Implements [`VendorError`] for a vendor's error type by its inherent methods of the same
/// names.
#[macro_export]
macro_rules! impl_vendor_error {
    ($error:ty) => {
        impl $crate::VendorError for $error {
            fn status(&self) -> ::std::option::Option<$crate::reqwest::StatusCode> {
                <$error>::status(self)
            }
            fn is_not_found(&self) -> bool {
                <$error>::is_not_found(self)
            }
            fn is_rate_limited(&self) -> bool {
                <$error>::is_rate_limited(self)
            }
            fn is_timeout(&self) -> bool {
                <$error>::is_timeout(self)
            }
            fn maybe_sent(&self) -> bool {
                <$error>::maybe_sent(self)
            }
        }
    };
}

impl VendorError for Error {
    fn status(&self) -> Option<StatusCode> {
        Error::status(self)
    }
    fn is_not_found(&self) -> bool {
        self.status() == Some(StatusCode::NOT_FOUND)
    }
    fn is_rate_limited(&self) -> bool {
        self.status() == Some(StatusCode::TOO_MANY_REQUESTS)
    }
    fn is_timeout(&self) -> bool {
        Error::is_timeout(self)
    }
    fn maybe_sent(&self) -> bool {
        Error::maybe_sent(self)
    }
}
