//! Auth hooks: how credentials get onto each attempt, and what happens on a 401.

use std::fmt;

use async_trait::async_trait;
use reqwest::header::{AUTHORIZATION, HeaderName, HeaderValue};
use secrecy::{ExposeSecret, SecretString};

use crate::error::BoxError;

/// Decorates every attempt of every call with credentials.
///
/// When the server answers 401, the client calls [`AuthHook::on_unauthorized`]; if it returns
/// `true` (for example a cached token was dropped and a new one can be fetched) the call is
/// sent once more, whatever its idempotency class: a 401 means the server refused it.
#[async_trait]
pub trait AuthHook: Send + Sync + fmt::Debug {
    /// Adds credentials to one attempt (headers, query, ...). Mark secret headers sensitive
    /// (see [`sensitive_header`]).
    async fn authorize(&self, request: &mut reqwest::Request) -> Result<(), BoxError>;

    /// The server answered 401 to credentials from this hook. Return `true` to have the call
    /// retried once with fresh credentials. The default keeps nothing to refresh: `false`.
    async fn on_unauthorized(&self) -> bool {
        false
    }
}

/// A header value built from a secret, marked sensitive (redacted by `Debug`, never indexed
/// by HTTP/2 header compression).
pub fn sensitive_header(value: &str) -> Result<HeaderValue, BoxError> {
    let mut value = HeaderValue::from_str(value)?;
    value.set_sensitive(true);
    Ok(value)
}

/// A fixed secret in one header: `Authorization: Bearer <key>`, or any header with the raw
/// secret.
#[derive(Clone)]
pub struct HeaderAuth {
    name: HeaderName,
    prefix: &'static str,
    secret: SecretString,
}

impl HeaderAuth {
    /// `Authorization: Bearer <token>`.
    pub fn bearer(token: SecretString) -> Self {
        HeaderAuth {
            name: AUTHORIZATION,
            prefix: "Bearer ",
            secret: token,
        }
    }

    /// `<name>: <secret>`, the secret sent as it is.
    pub fn raw(name: HeaderName, secret: SecretString) -> Self {
        HeaderAuth {
            name,
            prefix: "",
            secret,
        }
    }
}

impl fmt::Debug for HeaderAuth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HeaderAuth")
            .field("name", &self.name)
            .field("prefix", &self.prefix)
            .field("secret", &"[REDACTED]")
            .finish()
    }
}

#[async_trait]
impl AuthHook for HeaderAuth {
    async fn authorize(&self, request: &mut reqwest::Request) -> Result<(), BoxError> {
        let secret = self.secret.expose_secret();
        let value = if self.prefix.is_empty() {
            sensitive_header(secret)?
        } else {
            sensitive_header(&format!("{}{}", self.prefix, secret))?
        };
        request.headers_mut().insert(self.name.clone(), value);
        Ok(())
    }
}
