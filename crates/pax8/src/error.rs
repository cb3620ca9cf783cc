//! The Pax8 client's error: core's failures plus Pax8's meanings.

use std::time::Duration;

use paykit_core::reqwest::StatusCode;
use serde_json::Value;

use crate::auth::TokenError;

/// Everything a Pax8 call can fail with. Match on it; new variants may come
/// (`#[non_exhaustive]`).
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The token endpoint refused the credentials (HTTP 400 or 401, pax8.md §1.1). Returned
    /// at once, never retried; nothing is cached. The secret is never part of it.
    #[error("the Pax8 token endpoint refused the credentials (HTTP {status}): {}", describe(.error, .description))]
    Auth {
        /// The token endpoint's status.
        status: StatusCode,
        /// The OAuth2 `error` field (e.g. `access_denied`), when sent.
        error: Option<String>,
        /// The OAuth2 `error_description` field (e.g. `Unauthorized`), when sent.
        description: Option<String>,
        /// The raw body, truncated.
        body: String,
    },

    /// No token could be obtained for another reason: the token endpoint was unreachable,
    /// timed out, answered 5xx after retries, or answered something that is not a token.
    #[error("no Pax8 access token could be obtained")]
    Token(#[source] TokenError),

    /// The API answered with an error status; the body is parsed whatever its shape
    /// (pax8.md §1.3).
    #[error("{0}")]
    Api(Box<ApiError>),

    /// The input was refused before anything was sent (for example a page size over 200).
    #[error("invalid {field}: {message}")]
    InvalidInput {
        /// The field at fault.
        field: &'static str,
        /// What is wrong.
        message: String,
    },

    /// A transport, timeout, decode or other failure from paykit-core.
    #[error(transparent)]
    Core(paykit_core::Error),
}

fn describe(error: &Option<String>, description: &Option<String>) -> String {
    match (error, description) {
        (Some(e), Some(d)) => format!("{e}: {d}"),
        (Some(one), None) | (None, Some(one)) => one.clone(),
        (None, None) => "no details".to_owned(),
    }
}

/// A non-success answer of the Pax8 API, its body parsed leniently.
///
/// Three body shapes are recorded (pax8.md §1.3) and all land here:
/// - DEVX: `{type, message, instance, status, details: [{type?, status?, message, instance?}]}`;
/// - GEN: `{errors: [string]}` (each string becomes a detail; the first is the message);
/// - IMP: `{code, message, details}` (`code` becomes [`ApiError::kind`]).
///
/// The OAuth2 shape `{error, error_description}` is read too. The raw body is always kept.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("Pax8 answered {status}{}", self.message.as_deref().map(|m| format!(": {m}")).unwrap_or_default())]
#[non_exhaustive]
pub struct ApiError {
    /// The HTTP status.
    pub status: StatusCode,
    /// The error's `type` (DEVX), `code` (IMP) or `error` (OAuth2), e.g. `NOT_FOUND`.
    pub kind: Option<String>,
    /// The message.
    pub message: Option<String>,
    /// The path the server reports (`instance`).
    pub instance: Option<String>,
    /// The details, in order.
    pub details: Vec<ErrorDetail>,
    /// The raw body (lossy UTF-8), truncated to paykit-core's error body limit.
    pub body: String,
    /// Whether `body` was cut.
    pub truncated: bool,
    /// The server's `Retry-After` (429), when sent.
    pub retry_after: Option<Duration>,
}

/// One detail of an [`ApiError`].
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[non_exhaustive]
pub struct ErrorDetail {
    /// The detail's `type`, when sent.
    pub kind: Option<String>,
    /// The detail's `status`, when sent.
    pub status: Option<u16>,
    /// The message.
    pub message: String,
    /// The detail's `instance`, when sent.
    pub instance: Option<String>,
}

impl ApiError {
    /// Parses an error body of any recorded shape; a body that is not JSON keeps only
    /// `body`.
    pub fn parse(status: StatusCode, body: &[u8]) -> ApiError {
        let text = String::from_utf8_lossy(body).into_owned();
        let mut error = ApiError {
            status,
            kind: None,
            message: None,
            instance: None,
            details: Vec::new(),
            body: text,
            truncated: false,
            retry_after: None,
        };
        let Ok(Value::Object(map)) = serde_json::from_slice::<Value>(body) else {
            return error;
        };
        let string = |key: &str| map.get(key).and_then(Value::as_str).map(str::to_owned);
        error.kind = string("type")
            .or_else(|| string("code"))
            .or_else(|| string("error"));
        if error.kind.is_none() {
            error.kind = map
                .get("code")
                .filter(|c| c.is_number())
                .map(Value::to_string);
        }
        error.message = string("message").or_else(|| string("error_description"));
        error.instance = string("instance");
        for key in ["details", "errors"] {
            if let Some(value) = map.get(key) {
                error.details.extend(details(value));
            }
        }
        if error.message.is_none() {
            error.message = error.details.first().map(|d| d.message.clone());
        }
        error
    }
}

fn details(value: &Value) -> Vec<ErrorDetail> {
    match value {
        Value::Array(items) => items.iter().flat_map(details).collect(),
        Value::String(message) => vec![ErrorDetail {
            message: message.clone(),
            ..ErrorDetail::default()
        }],
        Value::Object(map) => {
            let string = |key: &str| map.get(key).and_then(Value::as_str).map(str::to_owned);
            vec![ErrorDetail {
                kind: string("type").or_else(|| string("code")),
                status: map
                    .get("status")
                    .and_then(Value::as_u64)
                    .and_then(|s| u16::try_from(s).ok()),
                message: string("message").unwrap_or_else(|| value.to_string()),
                instance: string("instance"),
            }]
        }
        Value::Null => Vec::new(),
        other => vec![ErrorDetail {
            message: other.to_string(),
            ..ErrorDetail::default()
        }],
    }
}

impl Error {
    /// The HTTP status behind this error, when there is one.
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            Error::Auth { status, .. } => Some(*status),
            Error::Api(e) => Some(e.status),
            Error::Token(TokenError::Endpoint(e)) | Error::Core(e) => e.status(),
            _ => None,
        }
    }

    /// The parsed API error, for [`Error::Api`].
    pub fn api(&self) -> Option<&ApiError> {
        match self {
            Error::Api(e) => Some(e),
            _ => None,
        }
    }

    /// Whether the resource was not found (404).
    pub fn is_not_found(&self) -> bool {
        matches!(self, Error::Api(e) if e.status == StatusCode::NOT_FOUND)
    }

    /// Whether the server refused the request's content (422, pax8.md §1.3).
    pub fn is_unprocessable(&self) -> bool {
        matches!(self, Error::Api(e) if e.status == StatusCode::UNPROCESSABLE_ENTITY)
    }

    /// Whether Pax8 rate-limited the call (429) after the client's retries.
    pub fn is_rate_limited(&self) -> bool {
        matches!(self, Error::Api(e) if e.status == StatusCode::TOO_MANY_REQUESTS)
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
        match self {
            Error::Core(e) | Error::Token(TokenError::Endpoint(e)) => e.is_timeout(),
            _ => false,
        }
    }

    /// Whether the request may have reached the Pax8 API (an order that failed this way may
    /// have been placed: list orders before sending it again).
    pub fn maybe_sent(&self) -> bool {
        match self {
            Error::Core(e) => e.maybe_sent(),
            Error::Api(e) => !e.status.is_client_error(),
            _ => false,
        }
    }

    pub(crate) fn invalid(field: &'static str, message: impl Into<String>) -> Error {
        Error::InvalidInput {
            field,
            message: message.into(),
        }
    }
}

impl From<TokenError> for Error {
    fn from(error: TokenError) -> Self {
        match error {
            TokenError::Rejected {
                status,
                error,
                description,
                body,
            } => Error::Auth {
                status,
                error,
                description,
                body,
            },
            other => Error::Token(other),
        }
    }
}

impl From<paykit_core::Error> for Error {
    /// A token failure (core's `Auth`) becomes [`Error::Auth`] or [`Error::Token`]; an HTTP
    /// status becomes [`Error::Api`]; everything else stays core's.
    fn from(error: paykit_core::Error) -> Self {
        match error {
            paykit_core::Error::Auth { source, .. } => match source.downcast::<TokenError>() {
                Ok(token) => Error::from(*token),
                Err(other) => Error::Token(TokenError::Hook(other)),
            },
            paykit_core::Error::Status(http) => {
                let mut api = ApiError::parse(http.status, &http.body);
                api.truncated = http.truncated;
                api.retry_after = http.retry_after();
                Error::Api(Box::new(api))
            }
            other => Error::Core(other),
        }
    }
}
