//! The ParityDeals client's error: core's failures plus the API's meanings.

use std::collections::BTreeMap;
use std::fmt;
use std::time::Duration;

use paykit_core::reqwest::StatusCode;
use serde_json::Value;

/// Everything a ParityDeals call can fail with. Match on it; new variants may come
/// (`#[non_exhaustive]`).
///
/// HTTP answers map by status: 400 and 422 → [`Error::Validation`], 401 →
/// [`Error::Unauthorized`], 403 → [`Error::Forbidden`], 404 → [`Error::NotFound`], 429 →
/// [`Error::RateLimited`], anything else (5xx included) → [`Error::Api`]. Each keeps the
/// status and the parsed body ([`ApiError`]).
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// Refused before sending; nothing was sent (bad input, or a builder or environment
    /// setting).
    #[error("invalid {field}: {message}")]
    InvalidInput {
        /// The field or setting at fault, e.g. `cancellation_date` or `PAYKIT_PARITYDEALS_API_KEY`.
        field: &'static str,
        /// What is wrong.
        message: String,
    },

    /// The API key is missing or wrong (HTTP 401).
    #[error("unauthorized: {0}")]
    Unauthorized(Box<ApiError>),

    /// The API key may not do this (HTTP 403).
    #[error("forbidden: {0}")]
    Forbidden(Box<ApiError>),

    /// No such customer, subscription, page, ... (HTTP 404).
    #[error("not found: {0}")]
    NotFound(Box<ApiError>),

    /// The server refused the request's content (HTTP 400 or 422), with its field messages
    /// kept ([`ApiError::field_errors`]).
    #[error("validation failed: {0}")]
    Validation(Box<ApiError>),

    /// Too many requests (HTTP 429) after the retries the call allowed;
    /// [`ApiError::retry_after`] holds the server's `Retry-After`.
    #[error("rate limited: {0}")]
    RateLimited(Box<ApiError>),

    /// Any other non-success answer (5xx, 409, ...), after the retries the call allowed.
    #[error("{0}")]
    Api(Box<ApiError>),

    /// A transport, timeout, decode, configuration or other failure from paykit-core.
    #[error(transparent)]
    Core(paykit_core::Error),
}

/// A non-success answer: the status, the server's message, its `Retry-After`, and the body
/// parsed into one of the Django REST Framework shapes the API uses.
///
/// `Display` is `HTTP 404 Not Found: <message>`.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct ApiError {
    /// The status.
    pub status: StatusCode,
    /// The server's main message: the `detail`, the `message`, or `field: msg; ...` for a
    /// field map; `None` when the body says nothing readable.
    pub message: Option<String>,
    /// The server's `Retry-After`, when it sent one.
    pub retry_after: Option<Duration>,
    /// The body, parsed.
    pub body: ErrorBody,
    /// The HTTP failure as core saw it (headers, the raw body, attempts made).
    pub http: Box<paykit_core::HttpError>,
}

/// The error body shapes the API uses (Django REST Framework).
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum ErrorBody {
    /// `{"detail": "..."}`.
    Detail(String),
    /// `{"status": "...", "message": "..."}`.
    Message {
        /// The `status` field, when present.
        status: Option<String>,
        /// The `message` field.
        message: String,
    },
    /// A field-validation map, `{"field": ["message", ...], ...}` (a field's single string
    /// message is kept as a one-element list; `non_field_errors` is a field like any other).
    Fields(BTreeMap<String, Vec<String>>),
    /// Some other JSON.
    Json(Value),
    /// A body that is not JSON (an HTML error page, ...), as text; empty for no body.
    Text(String),
}

impl ErrorBody {
    /// Parses a body into the first shape it fits.
    pub fn parse(body: &[u8]) -> ErrorBody {
        let Ok(value) = serde_json::from_slice::<Value>(body) else {
            return ErrorBody::Text(String::from_utf8_lossy(body).into_owned());
        };
        if let Some(object) = value.as_object() {
            if let Some(detail) = object.get("detail").and_then(Value::as_str)
                && object.len() == 1
            {
                return ErrorBody::Detail(detail.to_owned());
            }
            if let Some(message) = object.get("message").and_then(Value::as_str) {
                let status = object.get("status").map(|s| match s {
                    Value::String(s) => s.clone(),
                    other => other.to_string(),
                });
                return ErrorBody::Message {
                    status,
                    message: message.to_owned(),
                };
            }
            if let Some(detail) = object.get("detail").and_then(Value::as_str) {
                return ErrorBody::Detail(detail.to_owned());
            }
            let fields: Option<BTreeMap<String, Vec<String>>> = object
                .iter()
                .map(|(field, messages)| Some((field.clone(), field_messages(messages)?)))
                .collect();
            if let Some(fields) = fields.filter(|f| !f.is_empty()) {
                return ErrorBody::Fields(fields);
            }
        }
        ErrorBody::Json(value)
    }

    /// One line for messages: the detail, the message, or `field: msg; field: msg`.
    pub fn summary(&self) -> String {
        match self {
            ErrorBody::Detail(detail) => detail.clone(),
            ErrorBody::Message { message, .. } => message.clone(),
            ErrorBody::Fields(fields) => fields
                .iter()
                .map(|(field, messages)| format!("{field}: {}", messages.join(" ")))
                .collect::<Vec<_>>()
                .join("; "),
            ErrorBody::Json(value) => value.to_string(),
            ErrorBody::Text(text) => text.chars().take(200).collect(),
        }
    }
}

/// A field's messages: a list of strings, or one string.
fn field_messages(value: &Value) -> Option<Vec<String>> {
    match value {
        Value::String(s) => Some(vec![s.clone()]),
        Value::Array(items) => items
            .iter()
            .map(|item| item.as_str().map(str::to_owned))
            .collect(),
        _ => None,
    }
}

/// Replaces every `Bearer <token>` and `sk_...`-looking token in `text` with `[REDACTED]`,
/// so that an error never shows a credential the server echoed back.
fn redact(text: &str) -> String {
    let mut out = Vec::new();
    let mut after_bearer = false;
    for word in text.split(' ') {
        let secret = after_bearer
            || ["sk_", "pk_"].iter().any(|prefix| {
                word.trim_matches(|c: char| !c.is_alphanumeric() && c != '_')
                    .starts_with(prefix)
            });
        after_bearer = word.eq_ignore_ascii_case("bearer");
        out.push(if secret && !word.is_empty() {
            "[REDACTED]"
        } else {
            word
        });
    }
    out.join(" ")
}

impl fmt::Display for ApiError {
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
    /// The messages of one field of a field map (empty when there are none).
    pub fn field_errors(&self, field: &str) -> &[String] {
        match &self.body {
            ErrorBody::Fields(fields) => fields.get(field).map(Vec::as_slice).unwrap_or(&[]),
            _ => &[],
        }
    }

    /// Whether the call may have taken effect on the server: `true` when this answer is not
    /// a refusal (not a 4xx) or when an earlier attempt of the same call may have reached
    /// the server (it got no answer after the request was written, or a 5xx, before this
    /// answer came; [`paykit_core::HttpError::earlier_attempt_maybe_sent`] in
    /// [`ApiError::http`]); `false` for a refusal (4xx) to a call no earlier attempt of
    /// which may have reached the server.
    pub fn maybe_sent(&self) -> bool {
        self.http.earlier_attempt_maybe_sent || !self.status.is_client_error()
    }

    /// The body as the server sent it (lossy text, truncated by core to a few KiB).
    pub fn raw_body(&self) -> String {
        self.http.body_text()
    }

    fn new(mut http: Box<paykit_core::HttpError>, api_key: Option<&str>) -> ApiError {
        // A key the server echoed back is removed from the kept body too, so that neither
        // `Display` nor `Debug` shows it.
        if let Some(key) = api_key.filter(|k| !k.is_empty()) {
            let text = String::from_utf8_lossy(&http.body);
            if text.contains(key) {
                http.body = text.replace(key, "[REDACTED]").into_bytes().into();
            }
        }
        let body = ErrorBody::parse(&http.body);
        let message = redact(&body.summary());
        ApiError {
            status: http.status,
            message: Some(message).filter(|m| !m.trim().is_empty()),
            retry_after: http.retry_after(),
            body,
            http,
        }
    }
}

impl Error {
    /// The HTTP status behind this error, when there is one.
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            Error::Core(e) => e.status(),
            _ => self.api_error().map(|e| e.status),
        }
    }

    /// The server's answer, for the HTTP variants.
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

    /// Whether this is a 404.
    pub fn is_not_found(&self) -> bool {
        matches!(self, Error::NotFound(_))
    }

    /// Whether this is a 429.
    pub fn is_rate_limited(&self) -> bool {
        matches!(self, Error::RateLimited(_))
    }

    /// Whether a time limit ended the call.
    pub fn is_timeout(&self) -> bool {
        matches!(self, Error::Core(e) if e.is_timeout())
    }

    /// Whether the call may have had its effect on the server. When `true`, a call that is
    /// never retried (a `DELTA` usage report, a checkout, a subscription change) may have
    /// taken effect: check before sending it again.
    ///
    /// `true` when an attempt may have taken effect: no answer came after the request was
    /// written, the answer was a 5xx or another answer that is not a 4xx, or an earlier
    /// attempt of the same call may have taken effect (an event report, sent with its
    /// idempotency key, answered 503 and then 409 on its retry). `false` for a refusal (any
    /// 4xx, 429 included) to a call no earlier attempt of which may have reached the
    /// server, and when nothing was written.
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

    /// Maps core's error, removing `api_key` from any message the server echoed.
    pub(crate) fn from_core(error: paykit_core::Error, api_key: Option<&str>) -> Error {
        let paykit_core::Error::Status(http) = error else {
            return Error::Core(error);
        };
        let status = http.status.as_u16();
        let api = Box::new(ApiError::new(http, api_key));
        match status {
            400 | 422 => Error::Validation(api),
            401 => Error::Unauthorized(api),
            403 => Error::Forbidden(api),
            404 => Error::NotFound(api),
            429 => Error::RateLimited(api),
            _ => Error::Api(api),
        }
    }
}

impl From<paykit_core::Error> for Error {
    /// Maps `paykit_core::Error::Status` by status into the HTTP variants; everything else
    /// stays [`Error::Core`].
    fn from(error: paykit_core::Error) -> Self {
        Error::from_core(error, None)
    }
}

#[cfg(test)]
mod tests {
    use super::redact;

    #[test]
    fn redacts_echoed_credentials() {
        assert_eq!(
            redact("Invalid token Bearer abc123 given"),
            "Invalid token Bearer [REDACTED] given"
        );
        assert_eq!(
            redact("key \"sk_live_123\" is revoked"),
            "key [REDACTED] is revoked"
        );
        assert_eq!(redact("Not found."), "Not found.");
    }
}

paykit_core::impl_vendor_error!(Error);
