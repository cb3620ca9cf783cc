//! Auth hooks: how credentials get onto each attempt, and what happens on a 401.

use std::fmt;

use async_trait::async_trait;
use reqwest::header::{AUTHORIZATION, HeaderName, HeaderValue};
use secrecy::{ExposeSecret, SecretString};

use crate::error::BoxError;

/// Which credentials an [`AuthHook`] put on an attempt: an opaque number of the hook's own
/// (a token generation, say), handed back to it with a 401 so that it can tell the credential
/// that failed from a newer one that a concurrent call already fetched.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct Credential(pub u64);

/// Decorates every attempt of every call with credentials.
///
/// When the server answers 401, the client calls [`AuthHook::on_unauthorized`] with the
/// [`Credential`] that attempt carried; if it returns `true` (for example a cached token was
/// dropped and a new one can be fetched) the call is sent once more, whatever its idempotency
/// class: a 401 means the server refused it.
#[async_trait]
pub trait AuthHook: Send + Sync + fmt::Debug {
    /// Adds credentials to one attempt (headers, query, ...) and says which ones. Mark secret
    /// headers sensitive (see [`sensitive_header`]).
    async fn authorize(&self, request: &mut reqwest::Request) -> Result<Credential, BoxError>;

    /// The server answered 401 to `rejected`, from this hook. Return `true` to have the call
    /// retried once with fresh credentials. The default keeps nothing to refresh: `false`.
    async fn on_unauthorized(&self, rejected: Credential) -> bool {
        let _ = rejected;
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
///
/// The header value is built once, marked sensitive; a secret that cannot be a header value
/// (a control character, say) makes every call fail with [`crate::Error::Auth`].
#[derive(Clone)]
pub struct HeaderAuth {
    name: HeaderName,
    prefix: &'static str,
    value: Option<HeaderValue>,
}

impl HeaderAuth {
    /// `Authorization: Bearer <token>`.
    pub fn bearer(token: SecretString) -> Self {
        Self::with_prefix(AUTHORIZATION, "Bearer ", &token)
    }

    /// `<name>: <secret>`, the secret sent as it is.
    pub fn raw(name: HeaderName, secret: SecretString) -> Self {
        Self::with_prefix(name, "", &secret)
    }

    fn with_prefix(name: HeaderName, prefix: &'static str, secret: &SecretString) -> Self {
        let value = sensitive_header(&format!("{prefix}{}", secret.expose_secret())).ok();
        HeaderAuth {
            name,
            prefix,
            value,
        }
    }
}

impl fmt::Debug for HeaderAuth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HeaderAuth")
            .field("name", &self.name)
            .field("prefix", &self.prefix)
            .field("value", &"[REDACTED]")
            .finish()
    }
}

#[async_trait]
impl AuthHook for HeaderAuth {
    async fn authorize(&self, request: &mut reqwest::Request) -> Result<Credential, BoxError> {
        let value = self
            .value
            .clone()
            .ok_or("the secret is not a valid header value")?;
        request.headers_mut().insert(self.name.clone(), value);
        Ok(Credential::default())
    }
}
