//! The wallet client and its builder.

use std::fmt;
use std::path::Path;
use std::sync::Arc;

use paykit_core::{Json, Request, Transport};
use secrecy::{ExposeSecret, SecretString};
use tokio::sync::OnceCell;

use crate::auth::{authority_auth, authority_token};
use crate::config::AuthorityConfig;
use crate::error::Error;
use crate::health::Health;

/// The versioned API path under a wallet server's root. [`ClientBuilder::base_url`] adds it
/// to a server root that does not end with it.
pub const API_PREFIX: &str = "/api/v1";

/// The environment variable [`Client::from_env`] reads: the path of the authority
/// configuration file.
pub const CONFIG_ENV: &str = "PAYKIT_WALLET_CONFIG";

/// A wallet service client for one authority. Cheap to clone; clones share the connection
/// pool and the health check.
///
/// Before its first call the client checks `GET /api/v1/health` once (version 1.x with
/// x >= 1, `ok: true`), as the service's own SDK does; a failed check is not remembered, so
/// the next call checks again.
#[derive(Clone)]
pub struct Client {
    core: paykit_core::Client,
    authority_id: Arc<str>,
    token: SecretString,
    pub(crate) health: Option<Arc<OnceCell<Health>>>,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("authority_id", &self.authority_id)
            .field("core", &self.core)
            .finish_non_exhaustive()
    }
}

/// Builds a [`Client`]: [`Client::builder`], then [`ClientBuilder::base_url`] (required: the
/// service is self-hosted), transport settings, [`ClientBuilder::build`].
pub struct ClientBuilder {
    authority_id: String,
    private_key_pem: SecretString,
    base_url: Option<String>,
    check_health: bool,
    transport: Transport,
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("authority_id", &self.authority_id)
            .field("private_key_pem", &"[REDACTED]")
            .field("base_url", &self.base_url)
            .field("check_health", &self.check_health)
            .finish_non_exhaustive()
    }
}

impl ClientBuilder {
    /// The API root, version path included: `https://wallet.example.com/api/v1`. A server
    /// root without it (`https://wallet.example.com`, as the authority configuration file's
    /// `api_base_url` holds it) is accepted too, and `/api/v1` is added. Required: there is
    /// no default host.
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = Some(url.into());
        self
    }

    /// Whether to check `/health` before the first call (default `true`).
    pub fn check_health(mut self, check: bool) -> Self {
        self.check_health = check;
        self
    }

    paykit_core::transport_knobs! {
        /// Default `paykit-wallet/<version>`.
        user_agent;
        /// `create_entry` and `use_item` are such calls.
        retry;
    }

    /// Checks the settings, signs the authority token and builds the client. Sends nothing.
    ///
    /// Errors: [`Error::InvalidInput`] for a missing or unusable `base_url`, an empty
    /// `authority_id` or a key that is not a PEM-encoded P-256 private key (the key is never
    /// quoted); [`Error::Core`] for a transport setting core refuses.
    pub fn build(self) -> Result<Client, Error> {
        let invalid = |field, message: &str| Error::InvalidInput {
            field,
            message: message.to_owned(),
        };
        let Some(base_url) = self.base_url else {
            return Err(invalid(
                "base_url",
                "the wallet service is self-hosted: set its API root, e.g. https://wallet.example.com/api/v1",
            ));
        };
        let base = api_root(&base_url)?;
        if self.authority_id.is_empty() {
            return Err(invalid("authority_id", "must not be empty"));
        }
        let key = crate::config::signing_key(&self.private_key_pem).map_err(|_| {
            invalid(
                "private_key_pem",
                "not a PEM-encoded ECDSA P-256 private key (PKCS#8 or SEC1)",
            )
        })?;
        let token = authority_token(&self.authority_id, &key);
        let core = paykit_core::Client::builder("wallet", base)
            .user_agent(concat!("paykit-wallet/", env!("CARGO_PKG_VERSION")))
            .default_header("accept", "application/json")
            .auth(authority_auth(token.clone()));
        Ok(Client {
            core: self.transport.apply(core).build()?,
            authority_id: self.authority_id.into(),
            token,
            health: self.check_health.then(Default::default),
        })
    }

    /// Builds a [`blocking::Client`](crate::blocking::Client) with these settings.
    #[cfg(feature = "blocking")]
    #[cfg_attr(docsrs, doc(cfg(feature = "blocking")))]
    pub fn build_blocking(self) -> Result<crate::blocking::Client, Error> {
        crate::blocking::Client::from_async(self.build()?)
    }
}

/// The versioned API root for a base URL given with or without `/api/v1`.
fn api_root(url: &str) -> Result<String, Error> {
    let trimmed = url.trim().trim_end_matches('/');
    let parsed = paykit_core::url::Url::parse(trimmed).map_err(|e| Error::InvalidInput {
        field: "base_url",
        message: format!("{trimmed:?} is not a URL: {e}"),
    })?;
    if !matches!(parsed.scheme(), "http" | "https") {
        return Err(Error::InvalidInput {
            field: "base_url",
            message: format!("{trimmed:?} is not an http(s) URL"),
        });
    }
    if trimmed.to_ascii_lowercase().ends_with(API_PREFIX) {
        return Ok(trimmed.to_owned());
    }
    // Another major version would be served under /api/v<N>: this client speaks v1 only.
    if let Some((_, last)) = trimmed.rsplit_once("/api/v")
        && !last.is_empty()
        && last.chars().all(|c| c.is_ascii_digit())
    {
        return Err(Error::InvalidInput {
            field: "base_url",
            message: format!("{trimmed:?} names API v{last}; this client speaks /api/v1"),
        });
    }
    Ok(format!("{trimmed}{API_PREFIX}"))
}

impl Client {
    /// A builder for the authority `authority_id`, signing with `private_key_pem` (the
    /// authority's ECDSA P-256 private key as PEM, PKCS#8 or SEC1). Set
    /// [`ClientBuilder::base_url`] before [`ClientBuilder::build`].
    pub fn builder(
        authority_id: impl Into<String>,
        private_key_pem: impl Into<SecretString>,
    ) -> ClientBuilder {
        ClientBuilder {
            authority_id: authority_id.into(),
            private_key_pem: private_key_pem.into(),
            base_url: None,
            check_health: true,
            transport: Transport::new(),
        }
    }

    /// A client from the authority configuration file the service's `create-authority`
    /// command prints (`config_schema_version` 0.x with x >= 1, `api_base_url` (the server
    /// root), `authority_id`, `private_key`), with default settings. A problem with the file
    /// is [`Error::Config`].
    ///
    /// To change settings, read the file with [`AuthorityConfig::from_file`] and start from
    /// [`AuthorityConfig::client_builder`].
    pub fn from_config_file(path: impl AsRef<Path>) -> Result<Client, Error> {
        AuthorityConfig::from_file(path)?.client_builder().build()
    }

    /// A client from the configuration file named by the `PAYKIT_WALLET_CONFIG` environment
    /// variable (see [`Client::from_config_file`]). An unset variable is
    /// [`Error::InvalidInput`] with `field: "PAYKIT_WALLET_CONFIG"`.
    pub fn from_env() -> Result<Client, Error> {
        match std::env::var_os(CONFIG_ENV) {
            Some(path) if !path.is_empty() => Client::from_config_file(path),
            _ => Err(Error::InvalidInput {
                field: CONFIG_ENV,
                message: "not set: set it to the path of the authority configuration file".into(),
            }),
        }
    }

    /// The authority this client acts for.
    pub fn authority_id(&self) -> &str {
        &self.authority_id
    }

    /// The API root the client calls (`.../api/v1`).
    pub fn base_url(&self) -> &str {
        self.core.base_url()
    }

    pub(crate) async fn send<T: serde::de::DeserializeOwned>(
        &self,
        request: Request,
    ) -> Result<T, Error> {
        self.core
            .send(request, &Json)
            .await
            .map_err(|e| Error::from(e).redact(self.token.expose_secret()))
    }
}

impl AuthorityConfig {
    /// A [`ClientBuilder`] for this authority and server (more settings can follow).
    pub fn client_builder(&self) -> ClientBuilder {
        Client::builder(self.authority_id.clone(), self.private_key.clone())
            .base_url(self.api_base_url.clone())
    }
}

/// Adds a comma-separated id list; an empty list adds nothing (no filter).
pub(crate) fn ids(request: Request, field: &'static str, ids: &[String]) -> Result<Request, Error> {
    if ids.is_empty() {
        return Ok(request);
    }
    if let Some(bad) = ids.iter().find(|id| id.is_empty() || id.contains(',')) {
        return Err(Error::InvalidInput {
            field,
            message: format!("{bad:?}: ids may not be empty or contain ','"),
        });
    }
    let joined = match ids {
        [one] => one.clone(),
        many => many.join(","),
    };
    Ok(request.query(field, joined))
}
