//! A token cache in Redis (feature `redis`): one token for a fleet of processes.

use std::fmt;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use ::redis::aio::{ConnectionManager, ConnectionManagerConfig};
use ::redis::{Client, Script, cmd};
use paykit_core::BoxError;
use tokio::sync::OnceCell;

use super::cache::{CacheKey, CachedToken, RefreshLock, TokenCache};
#[cfg(feature = "encryption")]
use super::seal::{CacheEncryptionKey, TokenSealer};

/// The default prefix of this cache's Redis keys.
pub const DEFAULT_REDIS_PREFIX: &str = "paykit:pax8:";

/// How long connecting, and each command, may take before the cache counts as failed
/// (which costs a token request, never a call).
const TIMEOUT: Duration = Duration::from_secs(5);

/// Deletes `KEYS[1]` only if its value is still `ARGV[1]`.
const COMPARE_AND_DELETE: &str = r"
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0
";

/// Tokens in Redis, shared by every process that uses the same server, prefix and
/// identity (client id + audience + token URL), so that a fleet shares one token instead of
/// each process fetching its own.
///
/// - A token is stored with `SET key value PXAT <expiry>`: Redis drops it when it expires.
/// - [`invalidate`](TokenCache::invalidate) deletes the stored token only if it is still
///   the one that failed (a compare-and-delete in a Lua script), so a newer token stored by
///   another process is kept.
/// - When the cache is cold, a refresh lock (`SET lock id NX PX ttl`, released by
///   compare-and-delete) lets one process fetch while the others wait for its token.
/// - With the `encryption` feature, [`RedisTokenCache::encrypted`] seals the values (see
///   [`TokenSealer`](crate::auth::TokenSealer)): Redis then never holds the token in clear,
///   and a value that does not open with the key counts as absent. The keys
///   (`<prefix>token:<identity>`, `<prefix>lock:<identity>`) show the client id, audience
///   and token URL, never a secret.
///
/// The connection is made on first use and re-made when it drops. `Debug` shows the
/// server's address, never a password from the URL.
pub struct RedisTokenCache {
    client: Client,
    connection: OnceCell<ConnectionManager>,
    prefix: String,
    compare_and_delete: Script,
    #[cfg(feature = "encryption")]
    sealer: Option<TokenSealer>,
}

impl fmt::Debug for RedisTokenCache {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let info = self.client.get_connection_info();
        let mut debug = f.debug_struct("RedisTokenCache");
        debug
            .field("addr", &info.addr().to_string())
            .field("db", &info.redis_settings().db())
            .field("prefix", &self.prefix);
        #[cfg(feature = "encryption")]
        debug.field("sealer", &self.sealer);
        debug.finish_non_exhaustive()
    }
}

impl RedisTokenCache {
    /// A cache on the server at `url` (`redis://[:password@]host[:port][/db]`, or
    /// `rediss://` where the `redis` crate has TLS), its keys starting with `prefix` (for
    /// instance [`DEFAULT_REDIS_PREFIX`]). Nothing is connected until first use.
    pub fn new(url: &str, prefix: impl Into<String>) -> Result<Self, BoxError> {
        // The redis crate's message could quote the URL, password included.
        let client = Client::open(url).map_err(|_| "not a usable Redis URL")?;
        Ok(Self::from_client(client, prefix))
    }

    /// A cache on the server of a `redis::Client`, its keys starting with `prefix`.
    pub fn from_client(client: Client, prefix: impl Into<String>) -> Self {
        RedisTokenCache {
            client,
            connection: OnceCell::new(),
            prefix: prefix.into(),
            compare_and_delete: Script::new(COMPARE_AND_DELETE),
            #[cfg(feature = "encryption")]
            sealer: None,
        }
    }

    /// Encrypts the stored values with `key` (feature `encryption`). Every process of the
    /// fleet must use the same key; values stored without it, or with another key, are
    /// ignored and replaced.
    #[cfg(feature = "encryption")]
    #[cfg_attr(docsrs, doc(cfg(feature = "encryption")))]
    pub fn encrypted(mut self, key: CacheEncryptionKey) -> Self {
        self.sealer = Some(TokenSealer::new(key));
        self
    }

    /// The prefix of this cache's keys.
    pub fn prefix(&self) -> &str {
        &self.prefix
    }

    /// The Redis key of `key`'s token.
    pub fn token_key(&self, key: &CacheKey) -> String {
        format!("{}token:{}", self.prefix, key.to_key_string())
    }

    /// The Redis key of `key`'s refresh lock.
    pub fn lock_key(&self, key: &CacheKey) -> String {
        format!("{}lock:{}", self.prefix, key.to_key_string())
    }

    async fn connection(&self) -> Result<ConnectionManager, BoxError> {
        let config = ConnectionManagerConfig::new()
            .set_connection_timeout(Some(TIMEOUT))
            .set_response_timeout(Some(TIMEOUT))
            .set_number_of_retries(2);
        let connect = ConnectionManager::new_with_config(self.client.clone(), config);
        let connection = self
            .connection
            .get_or_try_init(|| async {
                match tokio::time::timeout(TIMEOUT, connect).await {
                    Ok(Ok(connection)) => Ok(connection),
                    Ok(Err(error)) => Err(BoxError::from(error)),
                    Err(_) => Err("connecting to Redis timed out".into()),
                }
            })
            .await?;
        Ok(connection.clone())
    }

    /// The stored value as a token of `key`; `None` (and a warning) when it is not one.
    fn decode(&self, key: &CacheKey, raw: &[u8]) -> Option<CachedToken> {
        #[cfg(feature = "encryption")]
        if let Some(sealer) = &self.sealer {
            let token = sealer.open_json(key, raw);
            if token.is_none() {
                tracing::warn!("ignoring a pax8 token in Redis that this key cannot open");
            }
            return token;
        }
        let _ = key;
        let token = serde_json::from_slice(raw).ok();
        if token.is_none() {
            tracing::warn!("ignoring a value in Redis that is not a pax8 token");
        }
        token
    }

    /// The value to store for `token`.
    fn encode(&self, key: &CacheKey, token: &CachedToken) -> Result<Vec<u8>, BoxError> {
        #[cfg(feature = "encryption")]
        if let Some(sealer) = &self.sealer {
            return Ok(serde_json::to_vec(&sealer.seal(key, token)?)?);
        }
        let _ = key;
        Ok(serde_json::to_vec(token)?)
    }
}

#[paykit_core::async_trait]
impl TokenCache for RedisTokenCache {
    async fn get(&self, key: &CacheKey) -> Result<Option<CachedToken>, BoxError> {
        let mut connection = self.connection().await?;
        let raw: Option<Vec<u8>> = cmd("GET")
            .arg(self.token_key(key))
            .query_async(&mut connection)
            .await?;
        Ok(raw.and_then(|raw| self.decode(key, &raw)))
    }

    async fn put(&self, key: &CacheKey, token: &CachedToken) -> Result<(), BoxError> {
        let now = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap_or_default()
            .as_secs();
        if token.expires_at <= now {
            return Ok(());
        }
        let value = self.encode(key, token)?;
        let mut connection = self.connection().await?;
        let () = cmd("SET")
            .arg(self.token_key(key))
            .arg(value)
            .arg("PXAT")
            .arg(token.expires_at.saturating_mul(1000))
            .query_async(&mut connection)
            .await?;
        Ok(())
    }

    async fn invalidate(&self, key: &CacheKey, token: &CachedToken) -> Result<(), BoxError> {
        let mut connection = self.connection().await?;
        let name = self.token_key(key);
        let raw: Option<Vec<u8>> = cmd("GET").arg(&name).query_async(&mut connection).await?;
        let Some(raw) = raw else {
            return Ok(());
        };
        if self.decode(key, &raw).is_some_and(|t| t.same_token(token)) {
            // Deleted only if no other process replaced it since the read.
            let _deleted: i64 = self
                .compare_and_delete
                .key(name)
                .arg(raw)
                .invoke_async(&mut connection)
                .await?;
        }
        Ok(())
    }

    async fn try_lock_refresh(
        &self,
        key: &CacheKey,
        ttl: Duration,
    ) -> Result<Option<RefreshLock>, BoxError> {
        let id = format!("{:032x}", fastrand::u128(..));
        let ttl_ms = u64::try_from(ttl.as_millis()).unwrap_or(u64::MAX).max(1);
        let mut connection = self.connection().await?;
        let set: Option<String> = cmd("SET")
            .arg(self.lock_key(key))
            .arg(&id)
            .arg("NX")
            .arg("PX")
            .arg(ttl_ms)
            .query_async(&mut connection)
            .await?;
        Ok(set.map(|_| RefreshLock::shared(id)))
    }

    async fn unlock_refresh(&self, key: &CacheKey, lock: RefreshLock) -> Result<(), BoxError> {
        if !lock.is_shared() {
            return Ok(());
        }
        let mut connection = self.connection().await?;
        let _deleted: i64 = self
            .compare_and_delete
            .key(self.lock_key(key))
            .arg(lock.id())
            .invoke_async(&mut connection)
            .await?;
        Ok(())
    }
}
