//! The ParityDeals client's error: core's failures plus the API's meanings
//! (paritydeals.md §1.5).

use std::collections::BTreeMap;
use std::fmt;

use paykit_core::reqwest::StatusCode;
use serde_json::Value;

/// Everything a ParityDeals call can fail with. Match on it; new variants may come
/// (`#[non_exhaustive]`).
///
/// The HTTP variants follow the reference SDK's mapping (§1.5): 400 → [`Error::InvalidRequest`],
/// 401 → [`Error::Authentication`], 403 → [`Error::Forbidden`], 404 → [`Error::NotFound`],
/// 5xx → [`Error::Server`], any other status → [`Error::Api`]. Each keeps the status and the
/// parsed body ([`ApiError`]).
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The server refused the request (HTTP 400): a DRF field map, `detail` or message.
    #[error("ParityDeals refused the request: {0}")]
    InvalidRequest(ApiError),

    /// The API key is missing or wrong (HTTP 401).
    #[error("ParityDeals refused the API key: {0}")]
    Authentication(ApiError),

    /// The API key may not do this (HTTP 403).
    #[error("ParityDeals forbids this call: {0}")]
    Forbidden(ApiError),

    /// No such customer, subscription, ... (HTTP 404).
    #[error("not found at ParityDeals: {0}")]
    NotFound(ApiError),

    /// The server failed (HTTP 5xx), after any retries the call allowed.
    #[error("ParityDeals server error: {0}")]
    Server(ApiError),

    /// Any other non-success status (409, 422, 429 after retries, ...).
    #[error("ParityDeals answered: {0}")]
    Api(ApiError),

    /// The input was refused before anything was sent.
    #[error("invalid {field}: {message}")]
    InvalidInput {
        /// The field at fault, e.g. `cancellation_date`.
        field: &'static str,
        /// What is wrong.
        message: String,
    },

    /// A transport, timeout, decode, configuration or other failure from paykit-core.
    #[error(transparent)]
    Core(paykit_core::Error),
}

/// A non-success answer: the status, the body parsed into one of the DRF shapes, and the
/// whole HTTP failure (headers, raw body, attempts).
#[derive(Debug, Clone)]
pub struct ApiError {
    /// The status.
    pub status: StatusCode,
    /// The body, parsed.
    pub body: ErrorBody,
    /// The HTTP failure as core saw it (headers, the raw body, attempts made).
    pub http: Box<paykit_core::HttpError>,
}

/// The error body shapes the API uses (Django REST Framework, paritydeals.md §1.5).
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

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "HTTP {}", self.status)?;
        let summary = self.body.summary();
        if !summary.is_empty() {
            write!(f, ": {summary}")?;
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

    /// The body as the server sent it (lossy text, truncated by core to a few KiB).
    pub fn raw_body(&self) -> String {
        self.http.body_text()
    }
}

impl Error {
    /// The HTTP status behind this error, when there is one.
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            Error::Core(e) => e.status(),
            _ => self.api().map(|e| e.status),
        }
    }

    /// The server's answer, for the HTTP variants.
    pub fn api(&self) -> Option<&ApiError> {
        match self {
            Error::InvalidRequest(e)
            | Error::Authentication(e)
            | Error::Forbidden(e)
            | Error::NotFound(e)
            | Error::Server(e)
            | Error::Api(e) => Some(e),
            _ => None,
        }
    }

    /// Whether a time limit ended the call.
    pub fn is_timeout(&self) -> bool {
        matches!(self, Error::Core(e) if e.is_timeout())
    }

    /// Whether the request may have reached the server. When `true`, a call that is never
    /// retried (a `DELTA` usage report, a checkout, a subscription change) may have taken
    /// effect: check before sending it again.
    pub fn maybe_sent(&self) -> bool {
        match self {
            Error::Core(e) => e.maybe_sent(),
            Error::InvalidInput { .. } => false,
            _ => true,
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
    /// Maps HTTP statuses as the reference SDK does (§1.5); everything else stays core's.
    fn from(error: paykit_core::Error) -> Self {
        let paykit_core::Error::Status(http) = error else {
            return Error::Core(error);
        };
        let status = http.status;
        let api = ApiError {
            status,
            body: ErrorBody::parse(&http.body),
            http,
        };
        match status.as_u16() {
            400 => Error::InvalidRequest(api),
            401 => Error::Authentication(api),
            403 => Error::Forbidden(api),
            404 => Error::NotFound(api),
            500.. => Error::Server(api),
            _ => Error::Api(api),
        }
    }
}

impl From<crate::DateError> for Error {
    fn from(error: crate::DateError) -> Self {
        Error::invalid("cancellation_date", error.to_string())
    }
}
