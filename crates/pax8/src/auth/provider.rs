//! The token provider: fetches, caches, refreshes and invalidates access tokens, and is the
//! API client's auth hook.

use std::fmt;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use paykit_core::reqwest::header::{ACCEPT, AUTHORIZATION, HeaderValue};
use paykit_core::{AuthHook, BoxError, Credential, Idempotency, Json, Request};
use secrecy::{ExposeSecret, SecretString};
use serde::Deserialize;
use serde_json::Value;

use super::cache::{CacheKey, CachedToken, RefreshLock, TokenCache};
use super::{
    Credentials, DEFAULT_TOKEN_LIFETIME, GRANT_TYPE, TokenConfig, TokenError, TokenRequestStyle,
};

/// After a failed refresh-ahead (the old token still valid), wait this long before the next
/// attempt instead of asking the token endpoint on every call.
const REFRESH_RETRY: Duration = Duration::from_secs(5);
/// How long a process of a fleet may hold the shared refresh lock (the token request's own
/// deadline is normally much shorter); the others wait at most this long for its token.
const REFRESH_LOCK_TTL: Duration = Duration::from_secs(30);
/// How often a process that waits for another one's token looks in the shared cache.
const PEER_POLL: Duration = Duration::from_millis(50);
/// When another process is refreshing and the current token is still good: use it and look
/// for the new one this much later.
const PEER_RETRY: Duration = Duration::from_secs(1);

/// What came of waiting for another process's token.
enum Peer {
    /// It stored a token.
    Token(Arc<Current>),
    /// It gave up the lock (or the lock expired) without a token: this process holds it now.
    Locked(RefreshLock),
    /// Waited long enough, or the lock cannot be asked for: fetch without it.
    Gone,
}

/// The token in use, ready to attach.
pub(crate) struct Current {
    pub(crate) token: CachedToken,
    /// When it expires, to the sub-second for tokens fetched here (the record keeps whole
    /// seconds, rounded down).
    pub(crate) expires: SystemTime,
    header: HeaderValue,
    generation: u64,
    refresh_at: SystemTime,
}

/// Fetches and caches access tokens; the API client's [`AuthHook`].
pub(crate) struct TokenProvider {
    credentials: Credentials,
    config: TokenConfig,
    key: CacheKey,
    endpoint: paykit_core::Client,
    cache: Arc<dyn TokenCache>,
    current: RwLock<Option<Arc<Current>>>,
    refresh: tokio::sync::Mutex<()>,
    generations: AtomicU64,
}

impl fmt::Debug for TokenProvider {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TokenProvider")
            .field("credentials", &self.credentials)
            .field("config", &self.config)
            .field("cache", &self.cache)
            .finish_non_exhaustive()
    }
}

/// The token endpoint's answer: `access_token`/`expires_in`/`token_type`, or the
/// older `token`/`expiresIn`/`tokenType` of the former token-manager service.
#[derive(Deserialize)]
struct TokenResponse {
    #[serde(alias = "token", alias = "accessToken")]
    access_token: String,
    #[serde(default, alias = "tokenType")]
    token_type: Option<String>,
    #[serde(default, alias = "expiresIn")]
    expires_in: Option<Value>,
}

impl TokenProvider {
    pub(crate) fn new(
        credentials: Credentials,
        config: TokenConfig,
        endpoint: paykit_core::Client,
        cache: Arc<dyn TokenCache>,
    ) -> Self {
        let key = CacheKey {
            client_id: credentials.client_id.clone(),
            audience: config.audience.clone(),
            token_url: config.token_url.clone(),
        };
        TokenProvider {
            credentials,
            config,
            key,
            endpoint,
            cache,
            current: RwLock::new(None),
            refresh: tokio::sync::Mutex::new(()),
            generations: AtomicU64::new(0),
        }
    }

    /// The identity tokens are cached under.
    /// Removes the client secret and the current access token from an error's answer.
    pub(crate) fn redact(&self, error: &mut crate::Error) {
        if let Some(api) = error.api_error_mut() {
            let current = self.peek();
            let mut secrets = vec![self.credentials.client_secret.expose_secret()];
            if let Some(current) = &current {
                secrets.push(current.token.access_token.expose_secret());
            }
            api.redact(&secrets);
        }
    }

    pub(crate) fn config(&self) -> &TokenConfig {
        &self.config
    }

    pub(crate) fn key(&self) -> &CacheKey {
        &self.key
    }

    fn peek(&self) -> Option<Arc<Current>> {
        self.current
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    fn set(&self, current: Option<Arc<Current>>) {
        *self.current.write().unwrap_or_else(|e| e.into_inner()) = current;
    }

    /// A token good for now: the one in hand, else the cache's, else a new one. Concurrent
    /// callers share one refresh (single flight).
    pub(crate) async fn token(&self) -> Result<Arc<Current>, TokenError> {
        if let Some(current) = self.peek()
            && SystemTime::now() < current.refresh_at
        {
            return Ok(current);
        }
        let _flight = self.refresh.lock().await;
        // Someone else may have refreshed while this caller waited.
        let stale = self.peek();
        if let Some(current) = &stale
            && SystemTime::now() < current.refresh_at
        {
            return Ok(current.clone());
        }
        if let Some(current) = self.cached(stale.as_ref()).await {
            self.set(Some(current.clone()));
            return Ok(current);
        }
        // Across processes (a shared cache such as Redis), one process of the fleet fetches
        // and the others wait for its token.
        let lock = match self
            .bounded(self.cache.try_lock_refresh(&self.key, REFRESH_LOCK_TTL))
            .await
        {
            Ok(Some(lock)) => Some(lock),
            Ok(None) => {
                if let Some(old) = &stale
                    && SystemTime::now() < old.expires
                {
                    // Another process is refreshing and this token is still good.
                    let kept = keep(old, PEER_RETRY);
                    self.set(Some(kept.clone()));
                    return Ok(kept);
                }
                match self.wait_for_peer(stale.as_ref()).await {
                    Peer::Token(current) => {
                        self.set(Some(current.clone()));
                        return Ok(current);
                    }
                    Peer::Locked(lock) => Some(lock),
                    Peer::Gone => None,
                }
            }
            Err(error) => {
                tracing::warn!(%error, "the pax8 token cache's refresh lock could not be taken");
                None
            }
        };
        if lock.as_ref().is_some_and(RefreshLock::is_shared)
            && let Some(current) = self.cached(stale.as_ref()).await
        {
            // Another process stored its token between the read above and the lock.
            self.unlock(lock).await;
            self.set(Some(current.clone()));
            return Ok(current);
        }
        let fetched = self.fetch().await;
        if let Ok((token, _)) = &fetched
            && let Err(error) = self.bounded(self.cache.put(&self.key, token)).await
        {
            tracing::warn!(%error, "the pax8 token cache could not be written");
        }
        self.unlock(lock).await;
        match fetched {
            Ok((token, expires)) => {
                let current =
                    self.adopt(expires, token)
                        .ok_or_else(|| TokenError::InvalidResponse {
                            message:
                                "the access token is not a valid header value, or already expired"
                                    .into(),
                        })?;
                self.set(Some(current.clone()));
                Ok(current)
            }
            Err(error) => match stale {
                // Refresh-ahead failed but the old token is still good: keep using it.
                Some(old) if SystemTime::now() < old.expires => {
                    tracing::warn!(%error, "pax8 token refresh failed; the current token is still valid");
                    let kept = keep(&old, REFRESH_RETRY);
                    self.set(Some(kept.clone()));
                    Ok(kept)
                }
                _ => Err(error),
            },
        }
    }

    /// The cache's token for this identity, if it is usable and not `stale`'s.
    async fn cached(&self, stale: Option<&Arc<Current>>) -> Option<Arc<Current>> {
        match self.bounded(self.cache.get(&self.key)).await {
            Ok(Some(token)) if stale.is_none_or(|s| !s.token.same_token(&token)) => self
                .adopt(token.expires(), token)
                .filter(|current| SystemTime::now() < current.refresh_at),
            Ok(_) => None,
            Err(error) => {
                tracing::warn!(%error, "the pax8 token cache could not be read");
                None
            }
        }
    }

    /// Another process holds the refresh lock: looks for its token in the cache every
    /// [`PEER_POLL`], takes the lock if it is given up without a token, and gives up after
    /// [`REFRESH_LOCK_TTL`].
    async fn wait_for_peer(&self, stale: Option<&Arc<Current>>) -> Peer {
        tracing::debug!("another process is fetching the pax8 token; waiting for it");
        let deadline = Instant::now() + self.config.peer_wait.min(REFRESH_LOCK_TTL);
        while Instant::now() < deadline {
            tokio::time::sleep(PEER_POLL).await;
            if let Some(current) = self.cached(stale).await {
                return Peer::Token(current);
            }
            match self
                .bounded(self.cache.try_lock_refresh(&self.key, REFRESH_LOCK_TTL))
                .await
            {
                Ok(Some(lock)) => return Peer::Locked(lock),
                Ok(None) => {}
                Err(error) => {
                    tracing::warn!(%error, "the pax8 token cache's refresh lock could not be taken");
                    return Peer::Gone;
                }
            }
        }
        tracing::warn!("no pax8 token from the process holding the refresh lock; fetching one");
        Peer::Gone
    }

    /// One cache operation, given up after [`TokenConfig::cache_timeout`] (then an error that
    /// the caller logs and skips, as any cache failure).
    async fn bounded<T>(
        &self,
        operation: impl std::future::Future<Output = Result<T, BoxError>>,
    ) -> Result<T, BoxError> {
        match tokio::time::timeout(self.config.cache_timeout, operation).await {
            Ok(result) => result,
            Err(_) => Err(format!(
                "the token cache did not answer within {:?}",
                self.config.cache_timeout
            )
            .into()),
        }
    }

    /// Releases the shared refresh lock, if taken.
    async fn unlock(&self, lock: Option<RefreshLock>) {
        if let Some(lock) = lock
            && let Err(error) = self
                .bounded(self.cache.unlock_refresh(&self.key, lock))
                .await
        {
            tracing::warn!(%error, "the pax8 token cache's refresh lock could not be released");
        }
    }

    /// Makes a cached token usable: its header, a new generation and its refresh time.
    /// `None` when it has expired or cannot be a header.
    fn adopt(&self, expires: SystemTime, token: CachedToken) -> Option<Arc<Current>> {
        let now = SystemTime::now();
        let left = expires.duration_since(now).ok().filter(|d| !d.is_zero())?;
        let mut header =
            HeaderValue::from_str(&format!("Bearer {}", token.access_token.expose_secret()))
                .ok()?;
        header.set_sensitive(true);
        Some(Arc::new(Current {
            refresh_at: expires - self.refresh_lead(left),
            expires,
            token,
            header,
            generation: self.generations.fetch_add(1, Ordering::SeqCst) + 1,
        }))
    }

    /// How long before expiry to refresh: the margin ± jitter, at most half of what is left.
    fn refresh_lead(&self, left: Duration) -> Duration {
        let margin = self.config.refresh_margin;
        let jitter = self.config.refresh_jitter;
        let jitter =
            Duration::try_from_secs_f64(jitter.as_secs_f64() * fastrand::f64()).unwrap_or(jitter);
        let lead = if fastrand::bool() {
            margin.saturating_add(jitter)
        } else {
            margin.saturating_sub(jitter)
        };
        lead.min(left / 2)
    }

    /// Asks the token endpoint for a new token. 400/401/403 are
    /// [`TokenError::Rejected`] at once; connect errors and 5xx are retried by core.
    async fn fetch(&self) -> Result<(CachedToken, SystemTime), TokenError> {
        tracing::debug!(client_id = %self.credentials.client_id, "requesting a pax8 access token");
        let id = self.credentials.client_id.as_str();
        let secret = self.credentials.client_secret.expose_secret();
        let audience = self.config.audience.as_str();
        let request = Request::post("pax8.token", "")
            .idempotency(Idempotency::Safe)
            .header(ACCEPT, HeaderValue::from_static("application/json"));
        let request = match self.config.style {
            TokenRequestStyle::Json => request.body(
                &Json,
                &serde_json::json!({
                    "client_id": id,
                    "client_secret": secret,
                    "audience": audience,
                    "grant_type": GRANT_TYPE,
                }),
            ),
            TokenRequestStyle::CamelCaseJson => request.body(
                &Json,
                &serde_json::json!({
                    "clientId": id,
                    "clientSecret": secret,
                    "audience": audience,
                    "grantType": GRANT_TYPE,
                }),
            ),
            TokenRequestStyle::Form => {
                let form = paykit_core::url::form_urlencoded::Serializer::new(String::new())
                    .append_pair("client_id", id)
                    .append_pair("client_secret", secret)
                    .append_pair("audience", audience)
                    .append_pair("grant_type", GRANT_TYPE)
                    .finish();
                request.raw_body(
                    HeaderValue::from_static("application/x-www-form-urlencoded"),
                    form.into_bytes(),
                )
            }
        };
        let requested_at = SystemTime::now();
        let response = self
            .endpoint
            .execute(request)
            .await
            .map_err(|e| rejected(e, secret))?;
        let parsed: TokenResponse =
            serde_json::from_slice(&response.body).map_err(|e| TokenError::InvalidResponse {
                // serde's message without the body: the body may hold a token.
                message: format!(
                    "{:?} error at line {} column {}",
                    e.classify(),
                    e.line(),
                    e.column()
                ),
            })?;
        if parsed.access_token.is_empty() {
            return Err(TokenError::InvalidResponse {
                message: "the access token is empty".into(),
            });
        }
        let lifetime = parsed
            .expires_in
            .as_ref()
            .and_then(|v| v.as_u64().or_else(|| v.as_str()?.trim().parse().ok()))
            .map(Duration::from_secs)
            .unwrap_or(DEFAULT_TOKEN_LIFETIME);
        // A lifetime too long for the clock (expires_in of u64::MAX) is capped, not a panic.
        let latest = UNIX_EPOCH + Duration::from_secs(super::cache::MAX_EXPIRES_AT);
        let expires = requested_at
            .checked_add(lifetime)
            .map_or(latest, |expires| expires.min(latest));
        let expires_at = expires
            .duration_since(UNIX_EPOCH)
            .unwrap_or_default()
            .as_secs();
        let token = CachedToken::new(
            SecretString::from(parsed.access_token),
            parsed.token_type.unwrap_or_else(|| "Bearer".to_owned()),
            expires_at,
        );
        Ok((token, expires))
    }
}

/// `old`, to be used until `retry` from now (at most until it expires).
fn keep(old: &Current, retry: Duration) -> Arc<Current> {
    Arc::new(Current {
        token: old.token.clone(),
        expires: old.expires,
        header: old.header.clone(),
        generation: old.generation,
        refresh_at: (SystemTime::now() + retry).min(old.expires),
    })
}

/// 400/401/403 from the token endpoint → [`TokenError::Rejected`] (the secret removed from
/// the answer); anything else stays an endpoint failure.
fn rejected(error: paykit_core::Error, secret: &str) -> TokenError {
    match error.http() {
        Some(http) if matches!(http.status.as_u16(), 400 | 401 | 403) => {
            let mut api = crate::ApiError::from_http(http);
            api.redact(&[secret]);
            TokenError::Rejected { api: Box::new(api) }
        }
        _ => TokenError::Endpoint(error),
    }
}

#[paykit_core::async_trait]
impl AuthHook for TokenProvider {
    async fn authorize(
        &self,
        request: &mut paykit_core::reqwest::Request,
    ) -> Result<Credential, BoxError> {
        let current = self.token().await?;
        request
            .headers_mut()
            .insert(AUTHORIZATION, current.header.clone());
        Ok(Credential(current.generation))
    }

    /// The API refused a token: drop it (from memory and the cache) if it is still the
    /// token the failed call used, and have core retry the call once.
    async fn on_unauthorized(&self, rejected: Credential) -> bool {
        // Generations start at 1: 0 means "not known".
        let failed = Some(rejected.0).filter(|generation| *generation != 0);
        let _flight = self.refresh.lock().await;
        let Some(current) = self.peek() else {
            // Already dropped by a concurrent call: the retry fetches a new one.
            return true;
        };
        if failed.is_some_and(|generation| generation != current.generation) {
            // A newer token replaced the one that failed: retry with it.
            return true;
        }
        tracing::debug!("pax8 API refused the access token; invalidating it");
        self.set(None);
        if let Err(error) = self
            .bounded(self.cache.invalidate(&self.key, &current.token))
            .await
        {
            tracing::warn!(%error, "the pax8 token cache could not be updated");
        }
        true
    }
}
