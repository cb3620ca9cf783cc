//! The Spreedly client's error: the shared variants of every paykit vendor crate.

use std::fmt;
use std::time::Duration;

use paykit_core::reqwest::StatusCode;

/// Everything a Spreedly call can fail with. Match on it; new variants may come
/// (`#[non_exhaustive]`).
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// Refused before sending; nothing was sent (bad input, a builder or environment
    /// setting, or a test-site-only call on a client without [`crate::ClientBuilder::test_site`]).
    #[error("invalid {field}: {message}")]
    InvalidInput {
        /// The field, setter or environment variable at fault.
        field: &'static str,
        /// What is wrong.
        message: String,
    },

    /// 401: the API token was refused ("HTTP Basic: Access denied.").
    #[error("unauthorized: {0}")]
    Unauthorized(Box<ApiError>),

    /// 403: Spreedly refused the action; [`ApiError::message`] says why ("A subscriber with
    /// a customer-id of 8889 already exists.", "The subscriber is not eligible for a free
    /// trial", "Unable to pay an invoice which has already been closed.", or an endpoint
    /// not enabled for API use).
    #[error("forbidden: {0}")]
    Forbidden(Box<ApiError>),

    /// 404: no such subscriber, plan or invoice.
    #[error("not found: {0}")]
    NotFound(Box<ApiError>),

    /// 400 or 422: the request's content was refused; every `<error>` message is kept in
    /// [`ApiError::messages`].
    #[error("validation failed: {0}")]
    Validation(Box<ApiError>),

    /// 429 after the client's retries; [`ApiError::retry_after`] holds the server's
    /// `Retry-After`.
    #[error("rate limited: {0}")]
    RateLimited(Box<ApiError>),

    /// Any other non-success answer (500, 504 when the payment gateway timed out, ...).
    #[error("{0}")]
    Api(Box<ApiError>),

    /// A timeout, transport, decode or other failure from paykit-core.
    #[error(transparent)]
    Core(paykit_core::Error),
}

/// A non-success answer of Spreedly, its body parsed leniently.
///
/// Two body shapes are known and both land here: an XML list
/// `<errors><error>message</error>…</errors>` (each message in [`ApiError::messages`]) and
/// plain text (the whole text is the one message). The raw body is kept, with the API token
/// removed.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct ApiError {
    /// The HTTP status.
    pub status: StatusCode,
    /// The server's message: the plain-text body, or the `<error>` messages joined by `"; "`.
    pub message: Option<String>,
    /// Every message, in order (one for a plain-text body).
    pub messages: Vec<String>,
    /// The server's `Retry-After`, when sent.
    pub retry_after: Option<Duration>,
    /// The raw body (lossy UTF-8), truncated to paykit-core's error body limit.
    pub body: String,
    /// Whether `body` was cut.
    pub truncated: bool,
    /// Whether an earlier attempt of the same call may have reached the server (see
    /// [`ApiError::maybe_sent`]).
    earlier_attempt_maybe_sent: bool,
}

impl fmt::Display for ApiError {
    /// `HTTP 404 Not Found: <message>`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "HTTP {}", self.status)?;
        if let Some(message) = &self.message {
            write!(f, ": {message}")?;
        }
        Ok(())
    }
}

impl std::error::Error for ApiError {}

impl ApiError {
    /// Parses an error body of either shape.
    pub fn parse(status: StatusCode, body: &[u8]) -> ApiError {
        let text = String::from_utf8_lossy(body).into_owned();
        let trimmed = text.trim();
        let mut messages = Vec::new();
        if trimmed.starts_with('<') {
            if let Ok(root) = crate::xml::parse(trimmed.as_bytes()) {
                if root.children.is_empty() {
                    let t = root.text.trim();
                    if !t.is_empty() {
                        messages.push(t.to_owned());
                    }
                } else {
                    messages.extend(
                        root.children
                            .iter()
                            .map(|c| c.text.trim().to_owned())
                            .filter(|m| !m.is_empty()),
                    );
                }
            }
        } else if !trimmed.is_empty() {
            messages.push(trimmed.to_owned());
        }
        ApiError {
            status,
            message: (!messages.is_empty()).then(|| messages.join("; ")),
            messages,
            retry_after: None,
            body: text,
            truncated: false,
            earlier_attempt_maybe_sent: false,
        }
    }

    /// Whether the call may have taken effect on Spreedly: `true` when this answer is not a
    /// refusal (not a 4xx) or when an earlier attempt of the same call may have reached the
    /// server (it got no answer after the request was written, or a 5xx, before this answer
    /// came); `false` for a refusal (4xx) to a call no earlier attempt of which may have
    /// reached the server.
    pub fn maybe_sent(&self) -> bool {
        self.earlier_attempt_maybe_sent || !self.status.is_client_error()
    }

    /// Replaces every occurrence of `secret` in the text fields by `[REDACTED]`.
    pub(crate) fn redact(&mut self, secret: &str) {
        if secret.len() < 4 {
            return;
        }
        let scrub = |text: &mut String| {
            if text.contains(secret) {
                *text = text.replace(secret, "[REDACTED]");
            }
        };
        scrub(&mut self.body);
        if let Some(m) = &mut self.message {
            scrub(m);
        }
        for m in &mut self.messages {
            scrub(m);
        }
    }

    pub(crate) fn from_http(http: &paykit_core::HttpError) -> ApiError {
        let mut api = ApiError::parse(http.status, &http.body);
        api.truncated = http.truncated;
        api.retry_after = http.retry_after();
        api.earlier_attempt_maybe_sent = http.earlier_attempt_maybe_sent;
        api
    }
}

impl Error {
    /// The variant for a non-success answer, by status.
    pub(crate) fn from_api(api: ApiError) -> Error {
        let api = Box::new(api);
        match api.status.as_u16() {
            401 => Error::Unauthorized(api),
            403 => Error::Forbidden(api),
            404 => Error::NotFound(api),
            400 | 422 => Error::Validation(api),
            429 => Error::RateLimited(api),
            _ => Error::Api(api),
        }
    }

    /// The answer behind this error, for the variants that carry one.
    pub fn api_error(&self) -> Option<&ApiError> {
        match self {
            Error::Unauthorized(e)
            | Error::Forbidden(e)
            | Error::NotFound(e)
            | Error::Validation(e)
            | Error::RateLimited(e)
            | Error::Api(e) => Some(e),
            _ => None,
        }
    }

    pub(crate) fn api_error_mut(&mut self) -> Option<&mut ApiError> {
        match self {
            Error::Unauthorized(e)
            | Error::Forbidden(e)
            | Error::NotFound(e)
            | Error::Validation(e)
            | Error::RateLimited(e)
            | Error::Api(e) => Some(e),
            _ => None,
        }
    }

    /// The server's message, when the error is an answer that had one.
    pub fn message(&self) -> Option<&str> {
        self.api_error().and_then(|e| e.message.as_deref())
    }

    /// The HTTP status behind this error, when there is one.
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            Error::Core(e) => e.status(),
            other => other.api_error().map(|e| e.status),
        }
    }

    /// Whether the subscriber, plan or invoice was not found (404).
    pub fn is_not_found(&self) -> bool {
        matches!(self, Error::NotFound(_))
    }

    /// Whether Spreedly rate-limited the call (429) after the client's retries.
    pub fn is_rate_limited(&self) -> bool {
        matches!(self, Error::RateLimited(_))
    }

    /// Whether the input was refused before anything was sent.
    pub fn is_invalid_input(&self) -> bool {
        match self {
            Error::InvalidInput { .. } => true,
            Error::Core(e) => e.is_invalid_input(),
            _ => false,
        }
    }

    /// Whether a time limit ended the call.
    pub fn is_timeout(&self) -> bool {
        matches!(self, Error::Core(e) if e.is_timeout())
    }

    /// Whether the call may have had its effect on Spreedly although it failed. A fee,
    /// credit, complimentary subscription or invoice call that failed with `maybe_sent()`
    /// may have been carried out: look at the subscriber before sending it again.
    ///
    /// `true` when an attempt may have taken effect: no answer came after the request was
    /// written, the answer was a 5xx or another answer that is not a 4xx, or an earlier
    /// attempt of the same call may have taken effect (a read answered 503 and then 404 on
    /// its retry). `false` for a refusal (any 4xx, 429 included) to a call no earlier
    /// attempt of which may have reached the server, and when nothing was sent.
    pub fn maybe_sent(&self) -> bool {
        match self {
            Error::Core(e) => e.maybe_sent(),
            Error::Unauthorized(e)
            | Error::Forbidden(e)
            | Error::NotFound(e)
            | Error::Validation(e)
            | Error::RateLimited(e)
            | Error::Api(e) => e.maybe_sent(),
            Error::InvalidInput { .. } => false,
        }
    }

    pub(crate) fn invalid(field: &'static str, message: impl Into<String>) -> Error {
        Error::InvalidInput {
            field,
            message: message.into(),
        }
    }
}

impl From<paykit_core::Error> for Error {
    /// An HTTP status becomes the variant for that status; everything else stays core's.
    fn from(error: paykit_core::Error) -> Self {
        match error {
            paykit_core::Error::Status(http) => Error::from_api(ApiError::from_http(&http)),
            other => Error::Core(other),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xml_error_list() {
        let api = ApiError::parse(
            StatusCode::UNPROCESSABLE_ENTITY,
            b"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<errors>\n  <error>Duration units must be either 'days' or 'months'</error>\n  <error>Duration quantity can't be blank</error>\n</errors>\n",
        );
        assert_eq!(
            api.messages,
            [
                "Duration units must be either 'days' or 'months'",
                "Duration quantity can't be blank"
            ]
        );
        assert_eq!(
            api.to_string(),
            "HTTP 422 Unprocessable Entity: Duration units must be either 'days' or 'months'; Duration quantity can't be blank"
        );
    }

    #[test]
    fn plain_text() {
        let api = ApiError::parse(
            StatusCode::FORBIDDEN,
            b"A subscriber with a customer-id of 8889 already exists.",
        );
        assert_eq!(
            api.message.as_deref(),
            Some("A subscriber with a customer-id of 8889 already exists.")
        );
        let empty = ApiError::parse(StatusCode::NOT_FOUND, b"  ");
        assert_eq!(empty.message, None);
        assert_eq!(empty.to_string(), "HTTP 404 Not Found");
    }

    #[test]
    fn maybe_sent_by_status() {
        let e = |s: u16| Error::from_api(ApiError::parse(StatusCode::from_u16(s).unwrap(), b""));
        for s in [401, 403, 404, 422, 429] {
            assert!(!e(s).maybe_sent(), "{s}");
        }
        assert!(e(500).maybe_sent());
        assert!(e(504).maybe_sent());
        assert!(matches!(e(401), Error::Unauthorized(_)));
        assert!(matches!(e(403), Error::Forbidden(_)));
        assert!(matches!(e(404), Error::NotFound(_)));
        assert!(matches!(e(422), Error::Validation(_)));
        assert!(matches!(e(429), Error::RateLimited(_)));
        assert!(matches!(e(504), Error::Api(_)));
    }
}

paykit_core::impl_vendor_error!(Error);
