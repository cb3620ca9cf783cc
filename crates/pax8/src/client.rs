//! The Pax8 client and its builder.

use std::fmt;
use std::path::Path;
use std::sync::Arc;
use std::time::SystemTime;

use paykit_core::reqwest::StatusCode;
use paykit_core::{Json, RateLimiter, Request, Response, Transport};
use secrecy::SecretString;
use serde::de::DeserializeOwned;

use crate::auth::{
    Credentials, FileTokenCache, MemoryTokenCache, TokenCache, TokenConfig, TokenProvider,
    TokenRequestStyle,
};
use crate::error::Error;

/// The Partner API's base URL.
pub const DEFAULT_BASE_URL: &str = "https://api.pax8.com/v1";

/// The client-side rate limit applied by default: 1000 requests a minute, the figure
/// commonly given for the Partner API (Pax8 publishes no official number).
pub const DEFAULT_RATE_LIMIT_PER_MINUTE: u32 = 1000;

/// A Pax8 Partner API client. Cheap to clone (clones share the token and the rate limit).
#[derive(Clone)]
pub struct Client {
    core: paykit_core::Client,
    tokens: Arc<TokenProvider>,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("core", &self.core)
            .field("tokens", &self.tokens)
            .finish()
    }
}

/// Builds a [`Client`]: `Client::builder(client_id, client_secret)`.
///
/// Defaults: base URL [`DEFAULT_BASE_URL`]; the current documented token form
/// ([`TokenConfig::default`]); an in-memory token cache; a client-side rate limit of
/// [`DEFAULT_RATE_LIMIT_PER_MINUTE`] a minute; core's retry policy (429 and 5xx retried
/// after `Retry-After`, order creation never resent).
///
/// **The token URL follows the base URL**: when [`ClientBuilder::base_url`] was set and
/// neither [`ClientBuilder::token_url`] nor [`ClientBuilder::token_config`] was, tokens are
/// requested from `{base_url}/token` (the current documented form), so that a client
/// pointed at a proxy or a mock never sends its secret to Pax8's production token host.
pub struct ClientBuilder {
    credentials: Credentials,
    base_url: Option<String>,
    token: TokenConfig,
    token_url_set: bool,
    cache: Option<Arc<dyn TokenCache>>,
    transport: Transport,
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("credentials", &self.credentials)
            .field("base_url", &self.base_url)
            .field("token", &self.token)
            .finish_non_exhaustive()
    }
}

impl ClientBuilder {
    fn new(client_id: String, client_secret: SecretString) -> Self {
        ClientBuilder {
            credentials: Credentials::new(client_id, client_secret),
            base_url: None,
            token: TokenConfig::default(),
            token_url_set: false,
            cache: None,
            transport: Transport::new()
                .rate_limit(Some(RateLimiter::per_minute(DEFAULT_RATE_LIMIT_PER_MINUTE))),
        }
    }

    /// The API root, `/v1` included (default [`DEFAULT_BASE_URL`]). Unless a token URL is
    /// set too, tokens are then requested from `{base_url}/token`.
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = Some(url.into());
        self
    }

    /// Where and how tokens are requested (default [`TokenConfig::default`]; see also
    /// [`TokenConfig::login_pax8`]). Its token URL counts as set.
    pub fn token_config(mut self, config: TokenConfig) -> Self {
        self.token = config;
        self.token_url_set = true;
        self
    }

    /// The token URL (default: `{base_url}/token` when a base URL was set, else
    /// [`crate::auth::DEFAULT_TOKEN_URL`]).
    pub fn token_url(mut self, url: impl Into<String>) -> Self {
        self.token.token_url = url.into();
        self.token_url_set = true;
        self
    }

    /// The token request's `audience`.
    pub fn audience(mut self, audience: impl Into<String>) -> Self {
        self.token.audience = audience.into();
        self
    }

    /// The token request's body style.
    pub fn token_request_style(mut self, style: TokenRequestStyle) -> Self {
        self.token.style = style;
        self
    }

    /// Where tokens are cached (default: a [`MemoryTokenCache`] of this client's own).
    pub fn token_cache(self, cache: impl TokenCache + 'static) -> Self {
        self.token_cache_shared(Arc::new(cache))
    }

    /// A token cache shared with other clients.
    pub fn token_cache_shared(mut self, cache: Arc<dyn TokenCache>) -> Self {
        self.cache = Some(cache);
        self
    }

    /// Caches tokens in a file (see [`FileTokenCache`]: unencrypted, mode 0600, `~`
    /// expanded). Opt-in.
    pub fn file_token_cache(self, path: impl AsRef<Path>) -> Self {
        self.token_cache(FileTokenCache::new(path))
    }

    /// Caches tokens in a file encrypted with `key` (feature `encryption`; see
    /// [`FileTokenCache::encrypted`]): XChaCha20-Poly1305, mode 0600, `~` expanded. The
    /// file never holds the token (or the client secret) in clear; a file that does not
    /// open with `key` is ignored and replaced.
    ///
    /// ```no_run
    /// use paykit_pax8::{CacheEncryptionKey, Client};
    ///
    /// # fn demo() -> Result<(), Box<dyn std::error::Error>> {
    /// let key = CacheEncryptionKey::parse(&std::env::var("PAX8_CACHE_KEY")?)?;
    /// let pax8 = Client::builder("my-client-id", "my-secret")
    ///     .file_token_cache_encrypted("~/.paykit/pax8-token.json", key)
    ///     .build()?;
    /// # let _ = pax8; Ok(()) }
    /// ```
    #[cfg(feature = "encryption")]
    #[cfg_attr(docsrs, doc(cfg(feature = "encryption")))]
    pub fn file_token_cache_encrypted(
        self,
        path: impl AsRef<Path>,
        key: crate::auth::CacheEncryptionKey,
    ) -> Self {
        self.token_cache(FileTokenCache::new(path).encrypted(key))
    }

    /// The client-side rate limit of API calls (default
    /// `RateLimiter::per_minute(1000)`); `None` turns it off.
    pub fn rate_limit(mut self, limiter: Option<RateLimiter>) -> Self {
        self.transport = self.transport.rate_limit(limiter);
        self
    }

    /// Shares the rate limit with every process that uses the same Redis server and client
    /// id (feature `redis`): the limit set so far (default
    /// [`DEFAULT_RATE_LIMIT_PER_MINUTE`] a minute; that default when it was turned off)
    /// becomes one budget for the fleet, as Pax8 counts it per partner, not per process.
    ///
    /// The Redis key is `paykit:rl:pax8:<client id>` (the client id, never the secret).
    /// When Redis does not answer within 100 ms, calls go through the limit locally and a
    /// warning trace says so; see [`RateLimiter::shared`] for the details and the knobs
    /// (pass such a limiter to [`rate_limit`](Self::rate_limit) to set them). Call it after
    /// [`rate_limit`](Self::rate_limit), since that replaces the limiter.
    ///
    /// ```no_run
    /// use paykit_pax8::{Client, redis};
    ///
    /// # fn demo() -> Result<(), Box<dyn std::error::Error>> {
    /// let pax8 = Client::builder("my-client-id", "my-secret")
    ///     .shared_rate_limit(redis::Client::open("redis://redis.internal:6379/")?)
    ///     .build()?;
    /// # let _ = pax8; Ok(()) }
    /// ```
    #[cfg(feature = "redis")]
    #[cfg_attr(docsrs, doc(cfg(feature = "redis")))]
    pub fn shared_rate_limit(mut self, redis: ::redis::Client) -> Self {
        let limiter = self
            .transport
            .take_rate_limit()
            .unwrap_or_else(|| RateLimiter::per_minute(DEFAULT_RATE_LIMIT_PER_MINUTE));
        let key = format!("pax8:{}", self.credentials.client_id);
        self.transport = self.transport.rate_limit(Some(limiter.shared(redis, key)));
        self
    }

    paykit_core::transport_knobs! {
        /// Default `paykit-pax8/<version>`; API calls and token requests alike.
        user_agent;
        /// It applies to API calls and token requests.
        connect_timeout;
        /// It applies to API calls and token requests.
        attempt_timeout;
        /// It applies to API calls and token requests.
        deadline;
        /// Order creation is such a call. The policy applies to API calls and token requests
        /// alike.
        retry;
        /// It serves API calls and token requests.
        http_client;
        /// They apply to API calls, not to token requests.
        configure;
        // Above: a limit by default, and `shared_rate_limit` builds on it.
        own rate_limit;
    }

    /// Checks the configuration and builds the client. No token is requested until the
    /// first call (or [`Client::authenticate`]).
    pub fn build(mut self) -> Result<Client, Error> {
        if self.credentials.client_id.is_empty() {
            return Err(Error::invalid("client_id", "must not be empty"));
        }
        let base_url = self
            .base_url
            .clone()
            .unwrap_or_else(|| DEFAULT_BASE_URL.to_owned());
        if base_url.trim().is_empty() {
            return Err(Error::invalid("base_url", "must not be empty"));
        }
        if self.base_url.is_some() && !self.token_url_set {
            // Derived: the secret goes where the user pointed the client, never to the
            // production token host.
            self.token.token_url = format!("{}/token", base_url.trim_end_matches('/'));
        }
        if self.token.token_url.trim().is_empty() {
            return Err(Error::invalid("token_url", "must not be empty"));
        }
        // The token endpoint: the same transport settings, no auth hook, no rate limit.
        let endpoint = paykit_core::Client::builder("pax8", &self.token.token_url)
            .user_agent(concat!("paykit-pax8/", env!("CARGO_PKG_VERSION")));
        let endpoint = self
            .transport
            .apply_connection(endpoint)
            .build()
            .map_err(|e| Error::invalid("token_url", e.to_string()))?;
        let cache = self
            .cache
            .clone()
            .unwrap_or_else(|| Arc::new(MemoryTokenCache::new()));
        let tokens = Arc::new(TokenProvider::new(
            self.credentials.clone(),
            self.token.clone(),
            endpoint.clone(),
            cache,
        ));
        // The API shares the token endpoint's connection pool: one pool per client.
        let core = endpoint
            .builder_for(&base_url)
            .default_header("accept", "application/json")
            .auth_shared(tokens.clone());
        Ok(Client {
            core: self
                .transport
                .apply(core)
                .build()
                .map_err(|e| Error::invalid("base_url", e.to_string()))?,
            tokens,
        })
    }
}

impl Client {
    /// A builder for the API client `client_id` with its secret.
    pub fn builder(
        client_id: impl Into<String>,
        client_secret: impl Into<SecretString>,
    ) -> ClientBuilder {
        ClientBuilder::new(client_id.into(), client_secret.into())
    }

    /// A client from the environment: `PAYKIT_PAX8_CLIENT_ID` and
    /// `PAYKIT_PAX8_CLIENT_SECRET` (required), `PAYKIT_PAX8_BASE_URL` and
    /// `PAYKIT_PAX8_TOKEN_URL` (optional; the token URL follows the base URL when only that
    /// is set). A missing or empty required variable is [`Error::InvalidInput`] naming it.
    pub fn from_env() -> Result<Client, Error> {
        fn var(name: &'static str) -> Result<Option<String>, Error> {
            match std::env::var(name) {
                Ok(value) if !value.trim().is_empty() => Ok(Some(value)),
                Ok(_) | Err(std::env::VarError::NotPresent) => Ok(None),
                Err(std::env::VarError::NotUnicode(_)) => {
                    Err(Error::invalid(name, "is not valid UTF-8"))
                }
            }
        }
        let required =
            |name: &'static str| var(name)?.ok_or_else(|| Error::invalid(name, "must be set"));
        let id = required("PAYKIT_PAX8_CLIENT_ID")?;
        let secret = SecretString::from(required("PAYKIT_PAX8_CLIENT_SECRET")?);
        let mut builder = Client::builder(id, secret);
        if let Some(url) = var("PAYKIT_PAX8_BASE_URL")? {
            builder = builder.base_url(url);
        }
        if let Some(url) = var("PAYKIT_PAX8_TOKEN_URL")? {
            builder = builder.token_url(url);
        }
        builder.build()
    }

    /// The API base URL.
    pub fn base_url(&self) -> &str {
        self.core.base_url()
    }

    /// The token URL in use.
    pub fn token_url(&self) -> &str {
        &self.tokens.config().token_url
    }

    /// The client id.
    pub fn client_id(&self) -> &str {
        &self.tokens.key().client_id
    }

    /// Makes sure a valid access token is at hand (from the cache or the token endpoint)
    /// and returns when it expires. Calls do this by themselves; use it to check
    /// credentials early.
    pub async fn authenticate(&self) -> Result<SystemTime, Error> {
        let current = self.tokens.token().await.map_err(|e| self.redacted(e))?;
        Ok(current.expires)
    }

    fn redacted(&self, error: impl Into<Error>) -> Error {
        let mut error = error.into();
        self.tokens.redact(&mut error);
        error
    }

    /// Sends a request and decodes its JSON answer.
    pub(crate) async fn send<T: DeserializeOwned>(&self, request: Request) -> Result<T, Error> {
        self.core
            .send(request, &Json)
            .await
            .map_err(|e| self.redacted(e))
    }

    /// Sends a list request: the decoded page and a fingerprint of its raw body (so that a
    /// server answering the same page again ends the stream instead of looping).
    pub(crate) async fn send_page<T: DeserializeOwned>(
        &self,
        request: Request,
    ) -> Result<(T, u64), Error> {
        let response = self
            .core
            .execute(request)
            .await
            .map_err(|e| self.redacted(e))?;
        let page = response.decode(&Json).map_err(|e| self.redacted(e))?;
        Ok((page, response.fingerprint()))
    }

    /// Sends a request whose answer has no body to decode (204).
    pub(crate) async fn send_empty(&self, request: Request) -> Result<StatusCode, Error> {
        let response: Response = self
            .core
            .execute(request)
            .await
            .map_err(|e| self.redacted(e))?;
        Ok(response.status)
    }
}
