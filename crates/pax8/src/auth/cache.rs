//! The token cache trait and the record it stores.

use std::fmt;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// 9999-12-31T23:59:59Z in Unix seconds: the latest expiry a token is taken to have.
pub(crate) const MAX_EXPIRES_AT: u64 = 253_402_300_799;

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

    /// When the token expires. An `expires_at` beyond what the clock can represent (any
    /// process of a fleet may have written it) counts as the year 9999, never a panic.
    pub fn expires(&self) -> SystemTime {
        UNIX_EPOCH + Duration::from_secs(self.expires_at.min(MAX_EXPIRES_AT))
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

/// A cross-process refresh lock held by this process (see
/// [`TokenCache::try_lock_refresh`]): an opaque value that identifies the holder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RefreshLock {
    id: String,
    shared: bool,
}

impl RefreshLock {
    /// A lock that only this process can see: what caches without a shared lock hand out
    /// (the provider's in-process single flight is the only lock).
    pub fn local() -> Self {
        RefreshLock {
            id: String::new(),
            shared: false,
        }
    }

    /// A lock shared with other processes, known to its store by `id` (a random value that
    /// only the holder knows, so that it releases its own lock and no other).
    pub fn shared(id: impl Into<String>) -> Self {
        RefreshLock {
            id: id.into(),
            shared: true,
        }
    }

    /// The holder's id (empty for a local lock).
    pub fn id(&self) -> &str {
        &self.id
    }

    /// Whether other processes can see the lock.
    pub fn is_shared(&self) -> bool {
        self.shared
    }
}

/// Where access tokens are kept between calls (and, for shared stores, between processes).
///
/// Implementations store [`CachedToken`] records by [`CacheKey`]; they need not check
/// expiry (the provider does). Errors are logged by the provider and otherwise ignored: a
/// cache that fails never makes a call fail, it only costs a token request.
///
/// A store shared by several processes can also implement
/// [`try_lock_refresh`](Self::try_lock_refresh) and
/// [`unlock_refresh`](Self::unlock_refresh), so that when the cache is cold only one
/// process of the fleet asks the token endpoint while the others wait for its token. The
/// default implementations hand out a [`RefreshLock::local`] and do nothing.
#[paykit_core::async_trait]
pub trait TokenCache: Send + Sync + fmt::Debug {
    /// The token stored for `key`, if any.
    async fn get(&self, key: &CacheKey) -> Result<Option<CachedToken>, BoxError>;

    /// Stores `token` for `key`, replacing any other.
    async fn put(&self, key: &CacheKey, token: &CachedToken) -> Result<(), BoxError>;

    /// Removes the token stored for `key` if it is still `token` (a newer token stored by
    /// another client or process is kept).
    async fn invalidate(&self, key: &CacheKey, token: &CachedToken) -> Result<(), BoxError>;

    /// Tries to take the refresh lock for `key` for at most `ttl`: `Some` when this process
    /// may fetch a token, `None` when another process holds the lock (the provider then
    /// waits for that process's token, at most `ttl`, and fetches anyway after that). The
    /// lock must expire by itself after `ttl`, in case its holder dies. The default: always
    /// a [`RefreshLock::local`].
    async fn try_lock_refresh(
        &self,
        key: &CacheKey,
        ttl: Duration,
    ) -> Result<Option<RefreshLock>, BoxError> {
        let _ = (key, ttl);
        Ok(Some(RefreshLock::local()))
    }

    /// Releases a lock from [`try_lock_refresh`](Self::try_lock_refresh), if it is still
    /// this holder's (a lock that expired and was taken by another process is kept). Called
    /// after the new token is stored, or after the fetch failed. The default does nothing.
    async fn unlock_refresh(&self, key: &CacheKey, lock: RefreshLock) -> Result<(), BoxError> {
        let _ = (key, lock);
        Ok(())
    }
}
