//! The wallet client's error: the shared paykit variants plus the wallet service's own
//! meanings (`NotEnoughFunds`, `IncompatibleService`, `Config`).

use std::fmt;
use std::path::PathBuf;
use std::time::Duration;

use paykit_core::reqwest::StatusCode;
use serde_json::Value;

/// Everything a wallet call can fail with. Match on it; new variants may come
/// (`#[non_exhaustive]`).
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

    /// 401: the request carried no credentials.
    #[error("unauthorized: {0}")]
    Unauthorized(Box<ApiError>),

    /// 403: the credentials were refused (unknown authority, bad signature, a token that
    /// does not decode).
    #[error("forbidden: {0}")]
    Forbidden(Box<ApiError>),

    /// 404: no such route or entry.
    #[error("not found: {0}")]
    NotFound(Box<ApiError>),

    /// 400: the server refused the request body. [`ApiError::error`] keeps the server's
    /// error object as sent (a serialized Joi `ValidationError`: `details[].message`,
    /// `details[].path`, ...); [`Error::validation_messages`] lists its messages.
    #[error("the wallet service refused the request: {0}")]
    Validation(Box<ApiError>),

    /// 429; [`ApiError::retry_after`] holds the server's `Retry-After`.
    #[error("rate limited: {0}")]
    RateLimited(Box<ApiError>),

    /// 402: the user's total across all authorities does not cover a withdrawal. Nothing
    /// was recorded; [`ApiError::message`] is the server's explanation ("user alice does not
    /// have enough money to pay 50 as their wallet only has 20 in value").
    #[error("not enough funds: {0}")]
    NotEnoughFunds(Box<ApiError>),

    /// Any other non-success answer (a 5xx, ...).
    #[error("the wallet service failed: {0}")]
    Api(Box<ApiError>),

    /// The service's health check says it cannot serve this client: its version is not
    /// 1.x with x >= 1, or it reports itself not ok. Nothing else was sent.
    #[error("the wallet service is not usable: {reason} (version {version:?}, ok {ok})")]
    IncompatibleService {
        /// The version the service reported.
        version: String,
        /// The service's `ok` field (`true` when healthy; a string when switched off).
        ok: Value,
        /// Why it was refused.
        reason: String,
    },

    /// The authority configuration file could not be used. Nothing was sent.
    #[error(transparent)]
    Config(#[from] ConfigError),

    /// A timeout, transport, decode or other failure from paykit-core.
    #[error(transparent)]
    Core(paykit_core::Error),
}

/// A non-success answer of the wallet service.
///
/// `Display` is `HTTP 402 Payment Required: <message>`. The text never contains the
/// authority's token, even when a server echoes it back.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct ApiError {
    /// The HTTP status.
    pub status: StatusCode,
    /// The server's main message: the body's `error` text, or for a 400 the Joi
    /// messages joined with `; `.
    pub message: Option<String>,
    /// The server's `Retry-After`, when it sent one.
    pub retry_after: Option<Duration>,
    /// The body's `error` field as sent: a string, or for a 400 the serialized Joi
    /// `ValidationError` object (`_original`, `details[]`).
    pub error: Option<Value>,
    /// Whether an earlier attempt of the same call may have reached the server (see
    /// [`ApiError::maybe_sent`]).
    earlier_attempt_maybe_sent: bool,
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

impl ApiError {
    /// Whether the call may have taken effect on the server: `true` when this answer is not
    /// a refusal (not a 4xx) or when an earlier attempt of the same call may have reached
    /// the server (it got no answer after the request was written, or a 5xx, before this
    /// answer came); `false` for a refusal (4xx) to a call no earlier attempt of which may
    /// have reached the server.
    pub fn maybe_sent(&self) -> bool {
        self.earlier_attempt_maybe_sent || !self.status.is_client_error()
    }

    /// The Joi validation messages (`details[].message`), in order; empty when the body has
    /// none.
    pub fn validation_messages(&self) -> Vec<String> {
        self.error.as_ref().map(messages).unwrap_or_default()
    }
}

/// Why an authority configuration file could not be used.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ConfigError {
    /// The file could not be read (missing, unreadable, ...).
    #[error("cannot read the wallet configuration file {path}")]
    Read {
        /// The path.
        path: PathBuf,
        /// The I/O error.
        #[source]
        source: std::io::Error,
    },
    /// The file is not JSON.
    #[error("the wallet configuration is not valid JSON")]
    Json(#[source] serde_json::Error),
    /// A required field is absent or not a string.
    #[error("the wallet configuration field `{field}` is missing or not a string")]
    MissingField {
        /// The field.
        field: &'static str,
    },
    /// `config_schema_version` is not 0.x with x >= 1.
    #[error("unsupported wallet configuration schema version {found:?} (need 0.1 or a later 0.x)")]
    SchemaVersion {
        /// The version in the file.
        found: String,
    },
    /// `api_base_url` is not a usable URL.
    #[error("invalid api_base_url {url:?}: {message}")]
    BaseUrl {
        /// The URL in the file.
        url: String,
        /// What is wrong.
        message: String,
    },
    /// `private_key` is not a PEM-encoded P-256 private key (PKCS#8 or SEC1). The key itself
    /// is never part of the message.
    #[error("the private key is not a PEM-encoded ECDSA P-256 key (PKCS#8 or SEC1)")]
    Key,
}

impl ConfigError {
    /// Whether the configuration file does not exist.
    pub fn is_not_found(&self) -> bool {
        matches!(self, ConfigError::Read { source, .. } if source.kind() == std::io::ErrorKind::NotFound)
    }
}

impl Error {
    /// The HTTP status behind this error, when there is one.
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            Error::Core(e) => e.status(),
            other => other.api_error().map(|e| e.status),
        }
    }

    /// The server's answer, for the variants that carry one.
    pub fn api_error(&self) -> Option<&ApiError> {
        match self {
            Error::Unauthorized(e)
            | Error::Forbidden(e)
            | Error::NotFound(e)
            | Error::Validation(e)
            | Error::RateLimited(e)
            | Error::NotEnoughFunds(e)
            | Error::Api(e) => Some(e),
            _ => None,
        }
    }

    /// Whether the server answered 404.
    pub fn is_not_found(&self) -> bool {
        matches!(self, Error::NotFound(_))
    }

    /// Whether the server answered 429.
    pub fn is_rate_limited(&self) -> bool {
        matches!(self, Error::RateLimited(_))
    }

    /// Whether a time limit ended the call.
    pub fn is_timeout(&self) -> bool {
        matches!(self, Error::Core(e) if e.is_timeout())
    }

    /// Whether the call may have taken effect on the server. When `true`, a `create_entry`
    /// that failed this way may have been recorded: check (`list_wallets`, `list_inventory`)
    /// before sending it again.
    ///
    /// `true` when an attempt may have taken effect: no answer came after the request was
    /// written, the answer was a 5xx or another answer that is not a 4xx, or an earlier
    /// attempt of the same call may have taken effect (a read answered 503 and then 404 on
    /// its retry). `false` for a refusal (any 4xx, 429 and 402 included) to a call no
    /// earlier attempt of which may have reached the server, and when nothing was written
    /// (`InvalidInput`, `IncompatibleService`, `Config`).
    pub fn maybe_sent(&self) -> bool {
        match self {
            Error::Core(e) => e.maybe_sent(),
            Error::Unauthorized(e)
            | Error::Forbidden(e)
            | Error::NotFound(e)
            | Error::Validation(e)
            | Error::RateLimited(e)
            | Error::NotEnoughFunds(e)
            | Error::Api(e) => e.maybe_sent(),
            Error::InvalidInput { .. } | Error::IncompatibleService { .. } | Error::Config(_) => {
                false
            }
        }
    }

    /// The server's validation messages (`details[].message`), for [`Error::Validation`];
    /// empty otherwise.
    pub fn validation_messages(&self) -> Vec<String> {
        match self {
            Error::Validation(e) => e.validation_messages(),
            _ => Vec::new(),
        }
    }

    /// Removes every occurrence of `secret` from the server's text kept in this error.
    pub(crate) fn redact(mut self, secret: &str) -> Self {
        if secret.is_empty() {
            return self;
        }
        let api = match &mut self {
            Error::Unauthorized(e)
            | Error::Forbidden(e)
            | Error::NotFound(e)
            | Error::Validation(e)
            | Error::RateLimited(e)
            | Error::NotEnoughFunds(e)
            | Error::Api(e) => Some(e),
            _ => None,
        };
        if let Some(api) = api {
            if let Some(message) = &mut api.message {
                *message = redact_str(message, secret);
            }
            if let Some(error) = &mut api.error {
                redact_value(error, secret);
            }
        }
        if let Error::Core(paykit_core::Error::Decode { snippet, .. }) = &mut self {
            *snippet = redact_str(snippet, secret);
        }
        self
    }
}

const REDACTED: &str = "[REDACTED]";

fn redact_str(text: &str, secret: &str) -> String {
    text.replace(secret, REDACTED)
}

fn redact_value(value: &mut Value, secret: &str) {
    match value {
        Value::String(s) if s.contains(secret) => *s = redact_str(s, secret),
        Value::Array(items) => items.iter_mut().for_each(|v| redact_value(v, secret)),
        Value::Object(map) => map.values_mut().for_each(|v| redact_value(v, secret)),
        _ => {}
    }
}

fn messages(error: &Value) -> Vec<String> {
    match error.get("details").and_then(Value::as_array) {
        Some(details) => details
            .iter()
            .filter_map(|d| d.get("message").and_then(Value::as_str).map(str::to_owned))
            .collect(),
        None => error.as_str().map(str::to_owned).into_iter().collect(),
    }
}

impl From<paykit_core::Error> for Error {
    /// Maps the service's HTTP statuses to their meanings (402 `NotEnoughFunds`, 400
    /// `Validation`, 401, 403, 404, 429, else `Api`); everything else stays core's.
    fn from(error: paykit_core::Error) -> Self {
        let Some(http) = error.http() else {
            return Error::Core(error);
        };
        let status = http.status;
        let field = serde_json::from_slice::<Value>(&http.body)
            .ok()
            .and_then(|mut body| body.get_mut("error").map(Value::take));
        let message = match &field {
            Some(Value::String(text)) => Some(text.clone()),
            Some(object @ Value::Object(_)) => {
                let joi = messages(object);
                if joi.is_empty() {
                    Some(object.to_string())
                } else {
                    Some(joi.join("; "))
                }
            }
            Some(other) => Some(other.to_string()),
            None => Some(http.body_text()).filter(|t| !t.trim().is_empty()),
        };
        let api = Box::new(ApiError {
            status,
            message,
            retry_after: http.retry_after(),
            error: field,
            earlier_attempt_maybe_sent: http.earlier_attempt_maybe_sent,
        });
        match status {
            StatusCode::BAD_REQUEST | StatusCode::UNPROCESSABLE_ENTITY => Error::Validation(api),
            StatusCode::UNAUTHORIZED => Error::Unauthorized(api),
            StatusCode::PAYMENT_REQUIRED => Error::NotEnoughFunds(api),
            StatusCode::FORBIDDEN => Error::Forbidden(api),
            StatusCode::NOT_FOUND => Error::NotFound(api),
            StatusCode::TOO_MANY_REQUESTS => Error::RateLimited(api),
            _ => Error::Api(api),
        }
    }
}

paykit_core::impl_vendor_error!(Error);
