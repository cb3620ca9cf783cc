//! The Pax8 client and its builder.

use std::fmt;
use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use paykit_core::reqwest::StatusCode;
use paykit_core::{Json, RateLimiter, Request, Response, RetryPolicy};
use secrecy::SecretString;
use serde::de::DeserializeOwned;

use crate::auth::{
    Credentials, FileTokenCache, MemoryTokenCache, TokenCache, TokenConfig, TokenProvider,
    TokenRequestStyle,
};
use crate::error::Error;

/// The Partner API's base URL (pax8.md §1.3).
pub const DEFAULT_BASE_URL: &str = "https://api.pax8.com/v1";

/// The client-side rate limit applied by default: 1000 requests a minute, the figure
/// secondary sources give (pax8.md §1.3; no official statement was found).
pub const DEFAULT_RATE_LIMIT_PER_MINUTE: u32 = 1000;

type Configure = Box<dyn FnOnce(paykit_core::ClientBuilder) -> paykit_core::ClientBuilder + Send>;

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

/// Builds a [`Client`].
///
/// Defaults: base URL [`DEFAULT_BASE_URL`]; the current documented token form
/// ([`TokenConfig::default`]); an in-memory token cache; a client-side rate limit of
/// [`DEFAULT_RATE_LIMIT_PER_MINUTE`]; core's retry policy (429 and 5xx retried with
/// `Retry-After`, order creation never resent).
pub struct ClientBuilder {
    credentials: Credentials,
    base_url: String,
    token: TokenConfig,
    cache: Option<Arc<dyn TokenCache>>,
    rate_limit: Option<u32>,
    retry: Option<RetryPolicy>,
    attempt_timeout: Option<Option<Duration>>,
    deadline: Option<Option<Duration>>,
    http: Option<paykit_core::reqwest::Client>,
    configure: Vec<Configure>,
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("credentials", &self.credentials)
            .field("base_url", &self.base_url)
            .field("token", &self.token)
            .field("rate_limit", &self.rate_limit)
            .finish_non_exhaustive()
    }
}

impl ClientBuilder {
    /// A builder for the API client `client_id` with its secret.
    pub fn new(client_id: impl Into<String>, client_secret: SecretString) -> Self {
        ClientBuilder {
            credentials: Credentials::new(client_id, client_secret),
            base_url: DEFAULT_BASE_URL.to_owned(),
            token: TokenConfig::default(),
            cache: None,
            rate_limit: Some(DEFAULT_RATE_LIMIT_PER_MINUTE),
            retry: None,
            attempt_timeout: None,
            deadline: None,
            http: None,
            configure: Vec::new(),
        }
    }

    /// The API base URL, `/v1` included (default [`DEFAULT_BASE_URL`]).
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = url.into();
        self
    }

    /// Where and how tokens are requested (default [`TokenConfig::default`]; see also
    /// [`TokenConfig::login_pax8`]).
    pub fn token_config(mut self, config: TokenConfig) -> Self {
        self.token = config;
        self
    }

    /// The token URL.
    pub fn token_url(mut self, url: impl Into<String>) -> Self {
        self.token.token_url = url.into();
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
    /// use paykit_pax8::{CacheEncryptionKey, Client, SecretString};
    ///
    /// # fn demo() -> Result<(), Box<dyn std::error::Error>> {
    /// let key = CacheEncryptionKey::parse(&std::env::var("PAX8_CACHE_KEY")?)?;
    /// let pax8 = Client::builder("my-client-id", SecretString::from("my-secret"))
    ///     .file_token_cache_encrypted("~/.paykit/pax8-token.json", key)
    ///     .build()?;
    /// # let _ = pax8; Ok(()) }
    /// ```
    #[cfg(feature = "encryption")]
    pub fn file_token_cache_encrypted(
        self,
        path: impl AsRef<Path>,
        key: crate::auth::CacheEncryptionKey,
    ) -> Self {
        self.token_cache(FileTokenCache::new(path).encrypted(key))
    }

    /// The client-side rate limit in requests a minute (default
    /// [`DEFAULT_RATE_LIMIT_PER_MINUTE`]); `None` turns it off.
    pub fn rate_limit_per_minute(mut self, limit: Option<u32>) -> Self {
        self.rate_limit = limit;
        self
    }

    /// The retry policy, for API calls and token requests alike.
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.retry = Some(policy);
        self
    }

    /// The per-attempt timeout (API calls and token requests).
    pub fn attempt_timeout(mut self, timeout: Option<Duration>) -> Self {
        self.attempt_timeout = Some(timeout);
        self
    }

    /// The whole call's deadline (API calls and token requests).
    pub fn deadline(mut self, deadline: Option<Duration>) -> Self {
        self.deadline = Some(deadline);
        self
    }

    /// Uses this `reqwest::Client` for API calls and token requests (see
    /// [`paykit_core::client::http_client_builder`]).
    pub fn http_client(mut self, http: paykit_core::reqwest::Client) -> Self {
        self.http = Some(http);
        self
    }

    /// Any other transport setting of the API client (user agent, body cap, ...).
    pub fn configure(
        mut self,
        f: impl FnOnce(paykit_core::ClientBuilder) -> paykit_core::ClientBuilder + Send + 'static,
    ) -> Self {
        self.configure.push(Box::new(f));
        self
    }

    fn common(&self, mut core: paykit_core::ClientBuilder) -> paykit_core::ClientBuilder {
        core = core.user_agent(concat!("paykit-pax8/", env!("CARGO_PKG_VERSION")));
        if let Some(policy) = &self.retry {
            core = core.retry(policy.clone());
        }
        if let Some(timeout) = self.attempt_timeout {
            core = core.attempt_timeout(timeout);
        }
        if let Some(deadline) = self.deadline {
            core = core.deadline(deadline);
        }
        if let Some(http) = &self.http {
            core = core.http_client(http.clone());
        }
        core
    }

    /// Checks the configuration and builds the client. No token is requested until the
    /// first call (or [`Client::authenticate`]).
    pub fn build(self) -> Result<Client, Error> {
        if self.credentials.client_id.is_empty() {
            return Err(Error::invalid("client_id", "must not be empty"));
        }
        // The token endpoint gets a client of its own: no auth hook, no rate limit.
        let endpoint = self
            .common(paykit_core::Client::builder("pax8", &self.token.token_url))
            .build()?;
        let cache = self
            .cache
            .clone()
            .unwrap_or_else(|| Arc::new(MemoryTokenCache::new()));
        let tokens = Arc::new(TokenProvider::new(
            self.credentials.clone(),
            self.token.clone(),
            endpoint,
            cache,
        ));
        let mut core = self
            .common(paykit_core::Client::builder("pax8", &self.base_url))
            .default_header("accept", "application/json")
            .rate_limit(self.rate_limit.map(RateLimiter::per_minute))
            .auth_shared(tokens.clone());
        for f in self.configure {
            core = f(core);
        }
        Ok(Client {
            core: core.build()?,
            tokens,
        })
    }
}

impl Client {
    /// A builder for the API client `client_id` with its secret.
    pub fn builder(client_id: impl Into<String>, client_secret: SecretString) -> ClientBuilder {
        ClientBuilder::new(client_id, client_secret)
    }

    /// The API base URL.
    pub fn base_url(&self) -> &str {
        self.core.base_url()
    }

    /// The client id.
    pub fn client_id(&self) -> &str {
        &self.tokens.key().client_id
    }

    /// Makes sure a valid access token is at hand (from the cache or the token endpoint)
    /// and returns when it expires. Calls do this by themselves; use it to check
    /// credentials early.
    pub async fn authenticate(&self) -> Result<SystemTime, Error> {
        let current = self.tokens.token().await?;
        Ok(current.expires)
    }

    /// Sends a request and decodes its JSON answer.
    pub(crate) async fn send<T: DeserializeOwned>(&self, request: Request) -> Result<T, Error> {
        Ok(self.core.send(request, &Json).await?)
    }

    /// Sends a request whose answer has no body to decode (204).
    pub(crate) async fn send_empty(&self, request: Request) -> Result<StatusCode, Error> {
        let response: Response = self.core.execute(request).await?;
        Ok(response.status)
    }
}
