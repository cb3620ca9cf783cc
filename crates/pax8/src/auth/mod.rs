//! OAuth2 client credentials for the Pax8 Partner API, with a token cache.
//!
//! - [`Credentials`]: the client id and secret (a [`SecretString`], never shown by `Debug`).
//! - [`TokenConfig`]: where and how the token is requested. The default is the current
//!   documented form (`POST https://api.pax8.com/v1/token`, audience `https://api.pax8.com`,
//!   JSON body); [`TokenConfig::login_pax8`] is the other documented form
//!   (`https://login.pax8.com/oauth/token`, audience `api://p8p.client`). URL, audience and
//!   body style ([`TokenRequestStyle`]) can each be set.
//! - [`TokenCache`]: where tokens are kept between calls: [`MemoryTokenCache`] by default,
//!   [`FileTokenCache`] opt-in (optionally encrypted with the `encryption` feature:
//!   `CacheEncryptionKey`, `TokenSealer`), `RedisTokenCache` with the `redis` feature (one
//!   token for a fleet of processes, with a cross-process refresh lock so that only one of
//!   them fetches). The trait stores a serializable [`CachedToken`].
//!
//! The client's token provider fetches a token once for any number of concurrent callers
//! (single flight), refreshes it ahead of expiry with jitter, drops it when the API answers
//! 401 (only if it is still the token that failed) so the call is retried once with a fresh
//! one, and never caches a failure.

mod cache;
mod file;
mod memory;
mod provider;
#[cfg(feature = "redis")]
mod redis;
#[cfg(feature = "encryption")]
mod seal;

use std::fmt;
use std::time::Duration;

use secrecy::SecretString;

pub use self::cache::{CacheKey, CachedToken, RefreshLock, TokenCache};
pub use self::file::FileTokenCache;
pub use self::memory::MemoryTokenCache;
pub(crate) use self::provider::TokenProvider;
#[cfg(feature = "redis")]
#[cfg_attr(docsrs, doc(cfg(feature = "redis")))]
pub use self::redis::{DEFAULT_REDIS_PREFIX, RedisTokenCache};
#[cfg(feature = "encryption")]
#[cfg_attr(docsrs, doc(cfg(feature = "encryption")))]
pub use self::seal::{CacheEncryptionKey, InvalidCacheKey, SealedToken, TokenSealer};

/// The current documented token URL (Pax8's newer authentication page).
pub const DEFAULT_TOKEN_URL: &str = "https://api.pax8.com/v1/token";
/// The audience of the current documented form.
pub const DEFAULT_AUDIENCE: &str = "https://api.pax8.com";
/// The other documented token URL.
pub const LOGIN_TOKEN_URL: &str = "https://login.pax8.com/oauth/token";
/// The partner audience of the other documented form.
pub const PARTNER_AUDIENCE: &str = "api://p8p.client";
/// The only grant type.
pub const GRANT_TYPE: &str = "client_credentials";
/// The documented token lifetime, used when the token endpoint does not say.
pub const DEFAULT_TOKEN_LIFETIME: Duration = Duration::from_secs(86_400);

/// A Pax8 API client id and secret. `Debug` shows the id, never the secret.
#[derive(Clone)]
pub struct Credentials {
    /// The client id.
    pub client_id: String,
    /// The client secret.
    pub client_secret: SecretString,
}

impl Credentials {
    /// Credentials from an id and a secret.
    pub fn new(client_id: impl Into<String>, client_secret: SecretString) -> Self {
        Credentials {
            client_id: client_id.into(),
            client_secret,
        }
    }
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Credentials")
            .field("client_id", &self.client_id)
            .field("client_secret", &"[REDACTED]")
            .finish()
    }
}

/// How the token request body is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum TokenRequestStyle {
    /// JSON `{client_id, client_secret, audience, grant_type}`.
    #[default]
    Json,
    /// The same four fields as `application/x-www-form-urlencoded` (RFC 6749 §4.4), for
    /// proxies and token services that want the standard OAuth2 form.
    Form,
    /// JSON `{clientId, clientSecret, audience, grantType}`: the older
    /// `token-manager.pax8.com/auth/token` form.
    CamelCaseJson,
}

/// Where and how access tokens are requested, and when they are refreshed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenConfig {
    /// The token URL.
    pub token_url: String,
    /// The `audience` sent with the request.
    pub audience: String,
    /// The body style.
    pub style: TokenRequestStyle,
    /// Refresh a token when less than this remains before it expires (default 60 s), ...
    pub refresh_margin: Duration,
    /// ... give or take a random amount up to this (default 15 s), so that many clients do
    /// not refresh at the same instant. Margin and jitter together never exceed half of the
    /// token's remaining lifetime.
    pub refresh_jitter: Duration,
    /// How long one token-cache operation may take before the cache is skipped for this
    /// call (default 250 ms): a stalled or unreachable cache never fails a call, nor holds
    /// it past this.
    pub cache_timeout: Duration,
    /// How long to wait for another process of the fleet that holds the refresh lock to
    /// store its token before fetching one here (default 3 s; the lock itself expires after
    /// 30 s).
    pub peer_wait: Duration,
}

impl Default for TokenConfig {
    /// The current documented form: [`DEFAULT_TOKEN_URL`], [`DEFAULT_AUDIENCE`], JSON.
    fn default() -> Self {
        TokenConfig {
            token_url: DEFAULT_TOKEN_URL.to_owned(),
            audience: DEFAULT_AUDIENCE.to_owned(),
            style: TokenRequestStyle::Json,
            refresh_margin: Duration::from_secs(60),
            refresh_jitter: Duration::from_secs(15),
            cache_timeout: Duration::from_millis(250),
            peer_wait: Duration::from_secs(3),
        }
    }
}

impl TokenConfig {
    /// The other documented form: [`LOGIN_TOKEN_URL`] with the partner audience
    /// [`PARTNER_AUDIENCE`], JSON body.
    pub fn login_pax8() -> Self {
        TokenConfig {
            token_url: LOGIN_TOKEN_URL.to_owned(),
            audience: PARTNER_AUDIENCE.to_owned(),
            ..TokenConfig::default()
        }
    }
}

/// Why no access token could be obtained.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum TokenError {
    /// The token endpoint refused the request (400, 401 or 403): the OAuth2 `error` is in
    /// [`crate::ApiError::kind`], its `error_description` in [`crate::ApiError::message`].
    /// Surfaces as [`crate::Error::Unauthorized`] (or [`crate::Error::Forbidden`] for 403).
    #[error("the token endpoint answered {}", api.status)]
    Rejected {
        /// The answer, with the client secret removed.
        api: Box<crate::ApiError>,
    },
    /// The token endpoint could not be reached, timed out, or failed after retries.
    #[error("the token endpoint call failed")]
    Endpoint(#[source] paykit_core::Error),
    /// The token endpoint answered 2xx with something that is not a token. The body is not
    /// quoted: it may hold a token.
    #[error("the token endpoint's answer is not a token: {message}")]
    InvalidResponse {
        /// What is wrong.
        message: String,
    },
    /// Another auth hook's failure (not produced by this crate's provider).
    #[error("the auth hook failed")]
    Hook(#[source] paykit_core::BoxError),
}
