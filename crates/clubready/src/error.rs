//! The ClubReady client's error: core's failures plus the API's three ways of saying no.

use std::fmt;
use std::time::Duration;

use paykit_core::reqwest::StatusCode;
use serde::Deserialize;

/// Everything a ClubReady call can fail with. Match on it; new variants may come
/// (`#[non_exhaustive]`).
///
/// ClubReady says no in three ways, and each becomes one of these variants:
///
/// 1. an HTTP error status with a ServiceStack `ResponseStatus` body: 400 and 422 →
///    [`Error::Validation`], 401 → [`Error::Unauthorized`], 403 → [`Error::Forbidden`],
///    404 → [`Error::NotFound`], 429 → [`Error::RateLimited`], anything else →
///    [`Error::Api`];
/// 2. HTTP 200 with the plain-text body `Unauthorized` (a key without the scope the
///    operation needs) → [`Error::Unauthorized`], its [`ApiError::status`] 200;
/// 3. HTTP 200 with `Success: false` and a message → [`Error::Refused`].
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// Refused before sending; nothing was sent (bad input, or a builder or environment
    /// setting).
    #[error("invalid {field}: {message}")]
    InvalidInput {
        /// The field or setting at fault, e.g. `store_id` or `PAYKIT_CLUBREADY_API_KEY`.
        field: &'static str,
        /// What is wrong.
        message: String,
    },

    /// The API key is wrong (HTTP 401), or lacks the scope the operation needs (HTTP 200
    /// with a plain-text `Unauthorized`).
    #[error("unauthorized: {0}")]
    Unauthorized(Box<ApiError>),

    /// The key may not do this (HTTP 403).
    #[error("forbidden: {0}")]
    Forbidden(Box<ApiError>),

    /// No such user, class, package, ... (HTTP 404).
    #[error("not found: {0}")]
    NotFound(Box<ApiError>),

    /// The server refused the request's content (HTTP 400 or 422), with ServiceStack's
    /// field messages kept ([`ApiError::field_errors`]).
    #[error("validation failed: {0}")]
    Validation(Box<ApiError>),

    /// Too many requests (HTTP 429); [`ApiError::retry_after`] holds the server's
    /// `Retry-After`.
    #[error("rate limited: {0}")]
    RateLimited(Box<ApiError>),

    /// Any other non-success answer (5xx, 405, 409, ...).
    #[error("{0}")]
    Api(Box<ApiError>),

    /// ClubReady answered HTTP 200 with `Success: false` and a message: the operation was
    /// declined (a class that is full, a package the member may not buy, a card declined,
    /// ...). Nothing was done.
    #[error("declined: {0}")]
    Refused(Box<ApiError>),

    /// A transport, timeout, decode, configuration or other failure from paykit-core.
    #[error(transparent)]
    Core(paykit_core::Error),
}

/// A non-success answer: the status, the server's message, its `Retry-After`, and the
/// ServiceStack `ResponseStatus` details when the body had them.
///
/// `Display` is `HTTP 404 Not Found: <message>`. No field ever holds the API key or a
/// password, even when the server echoed them.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct ApiError {
    /// The status (200 for the plain-text `Unauthorized` and `Success: false` answers).
    pub status: StatusCode,
    /// The server's main message: `ResponseStatus.Message`, the envelope's `Message`, or
    /// the plain-text body.
    pub message: Option<String>,
    /// The server's `Retry-After`, when it sent one.
    pub retry_after: Option<Duration>,
    /// `ResponseStatus.ErrorCode` (the .NET exception name, e.g. `ArgumentException`).
    pub error_code: Option<String>,
    /// `ResponseStatus.Errors`: one entry per field the server refused.
    pub errors: Vec<FieldError>,
    /// The body as received (credentials removed), for diagnosis.
    pub body: String,
    /// Whether an earlier attempt of the same call may have reached the server (see
    /// [`ApiError::maybe_sent`]).
    earlier_attempt_maybe_sent: bool,
}

/// One field ServiceStack refused (`ResponseStatus.Errors[]`).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct FieldError {
    /// The error code (e.g. `NotEmpty`).
    #[serde(default)]
    pub error_code: Option<String>,
    /// The field.
    #[serde(default)]
    pub field_name: Option<String>,
    /// The message.
    #[serde(default)]
    pub message: Option<String>,
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

/// The error body: `{ResponseStatus:{ErrorCode,Message,Errors:[...]}}` or a bare envelope.
#[derive(Deserialize, Default)]
#[serde(rename_all = "PascalCase")]
struct ErrorBody {
    #[serde(default, alias = "responseStatus")]
    response_status: Option<ResponseStatus>,
    #[serde(default, alias = "message", alias = "error")]
    message: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "PascalCase")]
struct ResponseStatus {
    #[serde(default, alias = "errorCode")]
    error_code: Option<String>,
    #[serde(default, alias = "message")]
    message: Option<String>,
    #[serde(default, alias = "errors")]
    errors: Vec<FieldError>,
}

/// Replaces every secret in `text` with `[REDACTED]`.
pub(crate) fn redact(text: &str, secrets: &[&str]) -> String {
    let mut out = text.to_owned();
    for secret in secrets.iter().filter(|s| !s.is_empty()) {
        if out.contains(secret) {
            out = out.replace(secret, "[REDACTED]");
        }
        // The URL-encoded form too (a server echoing its request line).
        let encoded: String =
            paykit_core::url::form_urlencoded::byte_serialize(secret.as_bytes()).collect();
        if encoded != *secret && out.contains(&encoded) {
            out = out.replace(&encoded, "[REDACTED]");
        }
    }
    out
}

impl ApiError {
    /// Parses an error body (JSV or JSON, whatever the server answered in).
    pub(crate) fn parse(
        status: StatusCode,
        body: &[u8],
        retry_after: Option<Duration>,
        secrets: &[&str],
    ) -> ApiError {
        let text = redact(&String::from_utf8_lossy(body), secrets);
        let trimmed = text.trim();
        let parsed: Option<ErrorBody> = if trimmed.starts_with('{') {
            serde_json::from_str(trimmed)
                .ok()
                .or_else(|| serde_jsv::from_str(trimmed).ok())
        } else {
            None
        };
        let (message, error_code, errors) = match parsed {
            Some(body) => {
                let status_part = body.response_status.unwrap_or_default();
                (
                    status_part.message.or(body.message),
                    status_part.error_code,
                    status_part.errors,
                )
            }
            None if trimmed.is_empty() => (None, None, Vec::new()),
            None => (Some(trimmed.chars().take(200).collect()), None, Vec::new()),
        };
        ApiError {
            status,
            message: message.filter(|m| !m.trim().is_empty()),
            retry_after,
            error_code,
            errors,
            body: text,
            earlier_attempt_maybe_sent: false,
        }
    }

    /// An answer with HTTP 200 that is a failure (modes 2 and 3).
    pub(crate) fn ok_failure(message: Option<String>, body: &[u8], secrets: &[&str]) -> ApiError {
        ApiError {
            status: StatusCode::OK,
            message: message
                .map(|m| redact(&m, secrets))
                .filter(|m| !m.trim().is_empty()),
            retry_after: None,
            error_code: None,
            errors: Vec::new(),
            body: redact(&String::from_utf8_lossy(body), secrets),
            earlier_attempt_maybe_sent: false,
        }
    }

    /// Remembers that an earlier attempt of the call may have reached the server (core's
    /// [`paykit_core::Response::earlier_attempt_maybe_sent`] for a refusal in a 200).
    pub(crate) fn after_earlier_attempts(mut self, sent_before: bool) -> ApiError {
        self.earlier_attempt_maybe_sent |= sent_before;
        self
    }

    /// Whether the call may have taken effect on ClubReady: `true` when this answer is not
    /// a refusal or when an earlier attempt of the same call may have reached the server
    /// (it got no answer after the request was written, or a 5xx, before this answer
    /// came); `false` for a refusal (a 4xx, or an HTTP 200 that says no: the plain-text
    /// `Unauthorized` or `Success: false`) to a call no earlier attempt of which may have
    /// reached the server.
    pub fn maybe_sent(&self) -> bool {
        let refusal = self.status.is_client_error() || self.status.is_success();
        self.earlier_attempt_maybe_sent || !refusal
    }

    /// The messages ServiceStack gave for one field (empty when there are none).
    pub fn field_errors(&self, field: &str) -> Vec<&str> {
        self.errors
            .iter()
            .filter(|e| {
                e.field_name
                    .as_deref()
                    .is_some_and(|f| f.eq_ignore_ascii_case(field))
            })
            .filter_map(|e| e.message.as_deref())
            .collect()
    }
}

impl Error {
    /// The HTTP status behind this error, when there is one (200 for the answers that are
    /// failures with a success status).
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            Error::Core(e) => e.status(),
            _ => self.api_error().map(|e| e.status),
        }
    }

    /// The server's answer, for the HTTP variants and [`Error::Refused`].
    pub fn api_error(&self) -> Option<&ApiError> {
        match self {
            Error::Unauthorized(e)
            | Error::Forbidden(e)
            | Error::NotFound(e)
            | Error::Validation(e)
            | Error::RateLimited(e)
            | Error::Api(e)
            | Error::Refused(e) => Some(e),
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

    /// Whether the call may have had its effect on the server. When `true`, a sale, a
    /// profile import or a guest pass may have been made: check before sending it again.
    ///
    /// `true` when an attempt may have taken effect: no answer came after the request was
    /// written, the answer was a 5xx or another answer that is not a 4xx, or an earlier
    /// attempt of the same call may have taken effect (a read answered 503 and then 404 on
    /// its retry). `false` for a refusal (any 4xx, 429 included, the plain-text
    /// `Unauthorized`, a `Success: false`) to a call no earlier attempt of which may have
    /// reached the server, and when nothing was written.
    pub fn maybe_sent(&self) -> bool {
        match self {
            Error::Core(e) => e.maybe_sent(),
            Error::Unauthorized(e)
            | Error::Forbidden(e)
            | Error::NotFound(e)
            | Error::Validation(e)
            | Error::RateLimited(e)
            | Error::Api(e)
            | Error::Refused(e) => e.maybe_sent(),
            Error::InvalidInput { .. } => false,
        }
    }

    pub(crate) fn invalid(field: &'static str, message: impl Into<String>) -> Error {
        Error::InvalidInput {
            field,
            message: message.into(),
        }
    }

    /// Maps core's error, removing every secret from anything it shows.
    pub(crate) fn from_core(error: paykit_core::Error, secrets: &[&str]) -> Error {
        match error {
            paykit_core::Error::Status(http) => {
                let mut api = Box::new(ApiError::parse(
                    http.status,
                    &http.body,
                    http.retry_after(),
                    secrets,
                ));
                api.earlier_attempt_maybe_sent = http.earlier_attempt_maybe_sent;
                match http.status.as_u16() {
                    400 | 422 => Error::Validation(api),
                    401 => Error::Unauthorized(api),
                    403 => Error::Forbidden(api),
                    404 => Error::NotFound(api),
                    429 => Error::RateLimited(api),
                    _ => Error::Api(api),
                }
            }
            paykit_core::Error::Decode {
                operation,
                status,
                content_type,
                snippet,
                source,
            } => Error::Core(paykit_core::Error::Decode {
                operation,
                status,
                content_type,
                snippet: redact(&snippet, secrets),
                source: redact(&source.to_string(), secrets).into(),
            }),
            other => Error::Core(other),
        }
    }
}

impl From<paykit_core::Error> for Error {
    /// Maps `paykit_core::Error::Status` by status into the HTTP variants; everything else
    /// stays [`Error::Core`].
    fn from(error: paykit_core::Error) -> Self {
        Error::from_core(error, &[])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_response_status_in_jsv_and_json() {
        let jsv = b"{ResponseStatus:{ErrorCode:ArgumentException,Message:StoreId is required,Errors:[{ErrorCode:NotEmpty,FieldName:StoreId,Message:Required}]}}";
        let e = ApiError::parse(StatusCode::BAD_REQUEST, jsv, None, &[]);
        assert_eq!(e.message.as_deref(), Some("StoreId is required"));
        assert_eq!(e.error_code.as_deref(), Some("ArgumentException"));
        assert_eq!(e.field_errors("storeid"), vec!["Required"]);
        let json = br#"{"ResponseStatus":{"ErrorCode":"NotFound","Message":"No user"}}"#;
        let e = ApiError::parse(StatusCode::NOT_FOUND, json, None, &[]);
        assert_eq!(e.to_string(), "HTTP 404 Not Found: No user");
    }

    #[test]
    fn redacts_plain_and_encoded_secrets() {
        assert_eq!(
            redact("key a+b/c and a%2Bb%2Fc", &["a+b/c"]),
            "key [REDACTED] and [REDACTED]"
        );
    }
}

paykit_core::impl_vendor_error!(Error);
