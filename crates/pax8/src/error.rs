//! The Pax8 client's error: the shared variants of every paykit vendor crate, plus
//! [`Error::Token`] for a token that could not be obtained for a reason that is not an
//! answer of Pax8.

use std::fmt;
use std::time::Duration;

use paykit_core::reqwest::StatusCode;
use serde_json::Value;

use crate::auth::TokenError;

/// Everything a Pax8 call can fail with. Match on it; new variants may come
/// (`#[non_exhaustive]`).
///
/// The token endpoint's answers are mapped like the API's: a refused credential (400 or
/// 401 from the token endpoint) is [`Error::Unauthorized`], with the OAuth2 `error` in
/// [`ApiError::kind`] and its `error_description` in [`ApiError::message`].
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// Refused before sending; nothing was sent (bad input, or a builder/env setting).
    #[error("invalid {field}: {message}")]
    InvalidInput {
        /// The field, setter or environment variable at fault.
        field: &'static str,
        /// What is wrong.
        message: String,
    },

    /// 401 from the API (after one retry with a fresh token), or the token endpoint
    /// refused the credentials (400 or 401). Never retried further; nothing is cached.
    #[error("unauthorized: {0}")]
    Unauthorized(Box<ApiError>),

    /// 403.
    #[error("forbidden: {0}")]
    Forbidden(Box<ApiError>),

    /// 404.
    #[error("not found: {0}")]
    NotFound(Box<ApiError>),

    /// 400 or 422: the request's content was refused; the server's details are kept in
    /// [`ApiError::details`].
    #[error("validation failed: {0}")]
    Validation(Box<ApiError>),

    /// 429 after the client's retries; [`ApiError::retry_after`] holds the server's
    /// `Retry-After`.
    #[error("rate limited: {0}")]
    RateLimited(Box<ApiError>),

    /// Any other non-success answer.
    #[error("{0}")]
    Api(Box<ApiError>),

    /// No access token could be obtained for a reason that is not an answer of Pax8: the
    /// token endpoint was unreachable or timed out, answered something that is not a token,
    /// or the token cache failed.
    #[error("no Pax8 access token could be obtained")]
    Token {
        /// Why.
        #[source]
        source: TokenError,
        /// Whether an earlier attempt of the same call may have reached the server (a
        /// read answered 503, and the token for its retry could not be obtained); see
        /// [`Error::maybe_sent`].
        earlier_attempt_maybe_sent: bool,
    },

    /// A timeout, transport, decode or other failure from paykit-core.
    #[error(transparent)]
    Core(paykit_core::Error),
}

/// A non-success answer of Pax8 (the API or its token endpoint), its body parsed leniently.
///
/// Three error body shapes are known, and all land here:
/// - `{type, message, instance, status, details: [{type?, status?, message, instance?}]}`;
/// - `{errors: [string]}` (each string becomes a detail; the first is the message);
/// - `{code, message, details}` (`code` becomes [`ApiError::kind`]).
///
/// The OAuth2 shape `{error, error_description}` of the token endpoint is read too. The raw
/// body is kept, with any credential of the client's removed.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct ApiError {
    /// The HTTP status.
    pub status: StatusCode,
    /// The server's main message.
    pub message: Option<String>,
    /// The server's `Retry-After`, when sent (429, 503).
    pub retry_after: Option<Duration>,
    /// The error's `type` or `code` (or the OAuth2 `error`), e.g. `NOT_FOUND`.
    pub kind: Option<String>,
    /// The path the server reports (`instance`).
    pub instance: Option<String>,
    /// The details, in order.
    pub details: Vec<ErrorDetail>,
    /// The raw body (lossy UTF-8), truncated to paykit-core's error body limit.
    pub body: String,
    /// Whether `body` was cut.
    pub truncated: bool,
    /// Whether an earlier attempt of the same call may have reached the server (see
    /// [`ApiError::maybe_sent`]).
    earlier_attempt_maybe_sent: bool,
    /// Whether this is the token endpoint's answer: the API call itself was not sent.
    from_token_endpoint: bool,
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
            message: None,
            retry_after: None,
            kind: None,
            instance: None,
            details: Vec::new(),
            body: text,
            truncated: false,
            earlier_attempt_maybe_sent: false,
            from_token_endpoint: false,
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

impl ApiError {
    /// Whether the call may have taken effect on Pax8: `true` when this answer is not a
    /// refusal (not a 4xx) or when an earlier attempt of the same call may have reached the
    /// server (it got no answer after the request was written, or a 5xx, before this answer
    /// came); `false` for a refusal (4xx) to a call no earlier attempt of which may have
    /// reached the server.
    ///
    /// An answer of the token endpoint (see [`ApiError::is_from_token_endpoint`]) is never
    /// the call's own: only earlier attempts count.
    pub fn maybe_sent(&self) -> bool {
        self.earlier_attempt_maybe_sent
            || (!self.from_token_endpoint && !self.status.is_client_error())
    }

    /// Whether this is the answer of the token endpoint (a refused credential, or its own
    /// 429 or 5xx), not of the API: the call itself was not sent for want of a token.
    pub fn is_from_token_endpoint(&self) -> bool {
        self.from_token_endpoint
    }

    /// Marks this as the token endpoint's answer.
    pub(crate) fn answered_by_token_endpoint(mut self) -> ApiError {
        self.from_token_endpoint = true;
        self
    }

    /// Replaces every occurrence of each of `secrets` in the text fields by `[REDACTED]`.
    pub(crate) fn redact(&mut self, secrets: &[&str]) {
        for secret in secrets.iter().filter(|s| s.len() >= 4) {
            let scrub = |text: &mut String| {
                if text.contains(secret) {
                    *text = text.replace(secret, "[REDACTED]");
                }
            };
            scrub(&mut self.body);
            for text in [&mut self.message, &mut self.kind, &mut self.instance]
                .into_iter()
                .flatten()
            {
                scrub(text);
            }
            for detail in &mut self.details {
                scrub(&mut detail.message);
            }
        }
    }

    /// The answer in `http`. Whether an earlier attempt may have reached the server is not
    /// taken from `http`: for the token endpoint's answers that is about the token request,
    /// not the call (see [`Error::after_earlier_attempts`]).
    pub(crate) fn from_http(http: &paykit_core::HttpError) -> ApiError {
        let mut api = ApiError::parse(http.status, &http.body);
        api.truncated = http.truncated;
        api.retry_after = http.retry_after();
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

    /// The HTTP status behind this error, when there is one.
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            Error::Token {
                source: TokenError::Endpoint(e),
                ..
            }
            | Error::Core(e) => e.status(),
            other => other.api_error().map(|e| e.status),
        }
    }

    /// Whether the resource was not found (404).
    pub fn is_not_found(&self) -> bool {
        matches!(self, Error::NotFound(_))
    }

    /// Whether Pax8 rate-limited the call (429) after the client's retries.
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
        match self {
            Error::Core(e)
            | Error::Token {
                source: TokenError::Endpoint(e),
                ..
            } => e.is_timeout(),
            _ => false,
        }
    }

    /// Whether the call may have had its effect on Pax8 although it failed. An order that
    /// failed with `maybe_sent()` may have been placed: list the company's orders before
    /// sending it again.
    ///
    /// `true` when an attempt may have taken effect: no answer came after the request was
    /// written, the answer was a 5xx or another answer that is not a 4xx, or an earlier
    /// attempt of the same call may have taken effect (a read answered 503 and then 404 on
    /// its retry). `false` for a refusal (any 4xx, 429 included) to a call no earlier
    /// attempt of which may have reached the server, and when nothing was sent
    /// (`InvalidInput`). The token endpoint's answers and [`Error::Token`] count only the
    /// earlier attempts: the last attempt was never sent for want of a token.
    pub fn maybe_sent(&self) -> bool {
        match self {
            Error::Core(e) => e.maybe_sent(),
            Error::Unauthorized(e)
            | Error::Forbidden(e)
            | Error::NotFound(e)
            | Error::Validation(e)
            | Error::RateLimited(e)
            | Error::Api(e) => e.maybe_sent(),
            Error::Token {
                earlier_attempt_maybe_sent,
                ..
            } => *earlier_attempt_maybe_sent,
            Error::InvalidInput { .. } => false,
        }
    }

    /// Marks the answer in this error as the end of a call an earlier attempt of which may
    /// have reached the server (`sent_before`), so that [`Error::maybe_sent`] remembers it.
    pub(crate) fn after_earlier_attempts(mut self, sent_before: bool) -> Error {
        if let Error::Token {
            earlier_attempt_maybe_sent,
            ..
        } = &mut self
        {
            *earlier_attempt_maybe_sent |= sent_before;
        } else if let Some(api) = self.api_error_mut() {
            api.earlier_attempt_maybe_sent |= sent_before;
        }
        self
    }

    pub(crate) fn invalid(field: &'static str, message: impl Into<String>) -> Error {
        Error::InvalidInput {
            field,
            message: message.into(),
        }
    }
}

impl From<TokenError> for Error {
    /// The token endpoint's refusal becomes [`Error::Unauthorized`] (or, for a 403,
    /// [`Error::Forbidden`]); its other answers map by status like the API's; the rest
    /// stays [`Error::Token`].
    fn from(error: TokenError) -> Self {
        match error {
            TokenError::Rejected { mut api } => {
                api.from_token_endpoint = true;
                match api.status.as_u16() {
                    403 => Error::Forbidden(api),
                    _ => Error::Unauthorized(api),
                }
            }
            TokenError::Endpoint(paykit_core::Error::Status(http)) => {
                Error::from_api(ApiError::from_http(&http).answered_by_token_endpoint())
            }
            source => Error::Token {
                source,
                earlier_attempt_maybe_sent: false,
            },
        }
    }
}

impl From<paykit_core::Error> for Error {
    /// A token failure (core's `Auth`) becomes what [`From<TokenError>`] makes of it; an
    /// HTTP status becomes the variant for that status; everything else stays core's.
    fn from(error: paykit_core::Error) -> Self {
        match error {
            // `maybe_sent` here is about earlier attempts of the call, not the token request.
            paykit_core::Error::Auth {
                source, maybe_sent, ..
            } => match source.downcast::<TokenError>() {
                Ok(token) => Error::from(*token),
                Err(other) => Error::from(TokenError::Hook(other)),
            }
            .after_earlier_attempts(maybe_sent),
            paykit_core::Error::Status(http) => Error::from_api(ApiError::from_http(&http))
                .after_earlier_attempts(http.earlier_attempt_maybe_sent),
            other => Error::Core(other),
        }
    }
}

paykit_core::impl_vendor_error!(Error);
