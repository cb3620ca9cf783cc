//! The wallet client's error: core's failures plus the wallet service's meanings.

use std::path::PathBuf;

use paykit_core::reqwest::StatusCode;
use serde_json::Value;

/// Everything a wallet call can fail with. Match on it; new variants may come
/// (`#[non_exhaustive]`).
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The authority configuration could not be used.
    #[error(transparent)]
    Config(#[from] ConfigError),

    /// The user's total across all authorities does not cover a withdrawal (HTTP 402).
    /// Nothing was recorded. `message` is the server's text.
    #[error("not enough funds: {message}")]
    NotEnoughFunds {
        /// The server's explanation, e.g. "user u1 does not have enough money to pay 50 as
        /// their wallet only has 20 in value".
        message: String,
    },

    /// The request carried no credentials (HTTP 401).
    #[error("unauthorized: {message}")]
    Unauthorized {
        /// The server's text.
        message: String,
    },

    /// The credentials were refused: unknown authority, bad signature or an undecodable
    /// token (HTTP 403).
    #[error("forbidden: {message}")]
    Forbidden {
        /// The server's text.
        message: String,
    },

    /// The server refused the request body (HTTP 400); `error` is its error object as sent
    /// (a serialized Joi `ValidationError`: `details[].message`, `details[].path`, ...).
    #[error("the wallet service refused the request: {}", validation_summary(.error))]
    Validation {
        /// The server's error object, kept whole.
        error: Value,
    },

    /// The input was refused before anything was sent.
    #[error("invalid {field}: {message}")]
    InvalidInput {
        /// The field at fault.
        field: &'static str,
        /// What is wrong.
        message: String,
    },

    /// The service's health check says it cannot serve this client: its version is not
    /// 1.x with x >= 1, or it reports itself not ok.
    #[error("the wallet service is not usable: {reason} (version {version:?}, ok {ok})")]
    IncompatibleService {
        /// The version the service reported.
        version: String,
        /// The service's `ok` field (`true` when healthy; a string when switched off).
        ok: Value,
        /// Why it was refused.
        reason: String,
    },

    /// Any other non-success answer; `error` is the body's `error` field when there is one.
    #[error("the wallet service answered {status}")]
    Api {
        /// The status.
        status: StatusCode,
        /// The body's `error` field.
        error: Option<Value>,
        /// The whole failure, with headers and body.
        #[source]
        source: Box<paykit_core::Error>,
    },

    /// A transport, timeout, decode or other failure from paykit-core.
    #[error(transparent)]
    Core(paykit_core::Error),
}

/// Why an authority configuration could not be used.
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
            Error::NotEnoughFunds { .. } => Some(StatusCode::PAYMENT_REQUIRED),
            Error::Unauthorized { .. } => Some(StatusCode::UNAUTHORIZED),
            Error::Forbidden { .. } => Some(StatusCode::FORBIDDEN),
            Error::Validation { .. } => Some(StatusCode::BAD_REQUEST),
            Error::Api { status, .. } => Some(*status),
            Error::Core(e) => e.status(),
            _ => None,
        }
    }

    /// Whether a time limit ended the call.
    pub fn is_timeout(&self) -> bool {
        matches!(self, Error::Core(e) if e.is_timeout())
    }

    /// Whether the request may have reached the server (a `create_entry` that failed this
    /// way may have been recorded: check with `wallets` or `inventory` before sending it
    /// again).
    pub fn maybe_sent(&self) -> bool {
        match self {
            Error::Core(e) => e.maybe_sent(),
            Error::Config(_) | Error::InvalidInput { .. } => false,
            _ => true,
        }
    }

    /// The server's validation messages (`details[].message`), for [`Error::Validation`].
    pub fn validation_messages(&self) -> Vec<String> {
        match self {
            Error::Validation { error } => messages(error),
            _ => Vec::new(),
        }
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

fn validation_summary(error: &Value) -> String {
    let messages = messages(error);
    if messages.is_empty() {
        error.to_string()
    } else {
        messages.join("; ")
    }
}

impl From<paykit_core::Error> for Error {
    /// Maps HTTP statuses to the service's meanings (wallet.md §2.4); everything else stays
    /// core's.
    fn from(error: paykit_core::Error) -> Self {
        let Some(http) = error.http() else {
            return Error::Core(error);
        };
        let status = http.status;
        let field = serde_json::from_slice::<Value>(&http.body)
            .ok()
            .and_then(|mut body| body.get_mut("error").map(Value::take));
        let text = field
            .as_ref()
            .and_then(Value::as_str)
            .map(str::to_owned)
            .unwrap_or_else(|| http.body_text());
        match status {
            StatusCode::PAYMENT_REQUIRED => Error::NotEnoughFunds { message: text },
            StatusCode::UNAUTHORIZED => Error::Unauthorized { message: text },
            StatusCode::FORBIDDEN => Error::Forbidden { message: text },
            StatusCode::BAD_REQUEST => Error::Validation {
                error: field.unwrap_or(Value::String(text)),
            },
            _ => Error::Api {
                status,
                error: field,
                source: Box::new(error),
            },
        }
    }
}
