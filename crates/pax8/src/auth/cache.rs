//! The token cache trait and the record it stores.

use std::fmt;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use paykit_core::BoxError;
use secrecy::{ExposeSecret, SecretString};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A cached access token: a plain, serializable record, so that any store (memory, a file,
/// Redis, an encrypting wrapper) can keep it. `Debug` never shows the token.
#[derive(Clone, Serialize, Deserialize)]
pub struct CachedToken {
    /// The access token.
    #[serde(serialize_with = "expose", deserialize_with = "secret")]
    pub access_token: SecretString,
    /// The token type (`Bearer`).
    pub token_type: String,
    /// When the token expires, in Unix seconds.
    pub expires_at: u64,
}

impl CachedToken {
    /// A token that expires at `expires_at` (Unix seconds).
    pub fn new(access_token: SecretString, token_type: impl Into<String>, expires_at: u64) -> Self {
        CachedToken {
            access_token,
            token_type: token_type.into(),
            expires_at,
        }
    }

    /// When the token expires.
    pub fn expires(&self) -> SystemTime {
        UNIX_EPOCH + Duration::from_secs(self.expires_at)
    }

    /// Whether the token has expired at `now`.
    pub fn is_expired_at(&self, now: SystemTime) -> bool {
        now >= self.expires()
    }

    /// Whether this is the same token as `other` (same access token).
    pub fn same_token(&self, other: &CachedToken) -> bool {
        self.access_token.expose_secret() == other.access_token.expose_secret()
    }
}

impl fmt::Debug for CachedToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CachedToken")
            .field("access_token", &"[REDACTED]")
            .field("token_type", &self.token_type)
            .field("expires_at", &self.expires_at)
            .finish()
    }
}

fn expose<S: Serializer>(secret: &SecretString, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(secret.expose_secret())
}

fn secret<'de, D: Deserializer<'de>>(d: D) -> Result<SecretString, D::Error> {
    String::deserialize(d).map(SecretString::from)
}

/// Which identity a token belongs to: client id, audience and token URL. Two identities
/// never share a cached token.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct CacheKey {
    /// The client id.
    pub client_id: String,
    /// The audience.
    pub audience: String,
    /// The token URL.
    pub token_url: String,
}

impl CacheKey {
    /// One string for the key, unambiguous whatever the parts contain (a JSON array).
    pub fn to_key_string(&self) -> String {
        serde_json::to_string(&[&self.client_id, &self.audience, &self.token_url])
            .unwrap_or_default()
    }
}

/// Where access tokens are kept between calls (and, for shared stores, between processes).
///
/// Implementations store [`CachedToken`] records by [`CacheKey`]; they need not check
/// expiry (the provider does). Errors are logged by the provider and otherwise ignored: a
/// cache that fails never makes a call fail, it only costs a token request.
#[paykit_core::async_trait]
pub trait TokenCache: Send + Sync + fmt::Debug {
    /// The token stored for `key`, if any.
    async fn get(&self, key: &CacheKey) -> Result<Option<CachedToken>, BoxError>;

    /// Stores `token` for `key`, replacing any other.
    async fn put(&self, key: &CacheKey, token: &CachedToken) -> Result<(), BoxError>;

    /// Removes the token stored for `key` if it is still `token` (a newer token stored by
    /// another client or process is kept).
    async fn invalidate(&self, key: &CacheKey, token: &CachedToken) -> Result<(), BoxError>;
}
