//! The wallet client and its builder.

use std::fmt;
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use paykit_core::{Idempotency, Json, Request, RetryPolicy};
use secrecy::SecretString;
use tokio::sync::OnceCell;

use crate::auth::{authority_auth, authority_token};
use crate::config::AuthorityConfig;
use crate::entries::{Entry, EntryEnvelope, NewEntry};
use crate::error::Error;
use crate::health::Health;
use crate::inventory::{InventoryEnvelope, InventoryFilter, InventoryItem, Used};
use crate::wallets::{WalletFilter, WalletTotal, WalletsEnvelope};

/// The versioned API path the client adds to `api_base_url` (wallet.md §2.3).
pub const API_PREFIX: &str = "/api/v1";

/// A wallet service client for one authority. Cheap to clone; share it.
///
/// Before its first call the client checks `GET /health` once (version 1.x with x >= 1,
/// `ok: true`), as the reference SDK does; a failed check is not remembered, so the next
/// call checks again.
#[derive(Clone)]
pub struct Client {
    core: paykit_core::Client,
    authority_id: Arc<str>,
    health: Option<Arc<OnceCell<Health>>>,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("authority_id", &self.authority_id)
            .field("core", &self.core)
            .finish_non_exhaustive()
    }
}

/// Builds a [`Client`] from values; [`Client::from_config_file`] builds one from the
/// authority configuration file.
pub struct ClientBuilder {
    config: AuthorityConfig,
    check_health: bool,
    configure:
        Vec<Box<dyn FnOnce(paykit_core::ClientBuilder) -> paykit_core::ClientBuilder + Send>>,
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("config", &self.config)
            .field("check_health", &self.check_health)
            .finish_non_exhaustive()
    }
}

impl ClientBuilder {
    /// A builder for the authority `authority_id` of the service at `api_base_url` (the
    /// root, without `/api/v1`), signing with `private_key` (PEM, PKCS#8 or SEC1).
    pub fn new(
        api_base_url: impl Into<String>,
        authority_id: impl Into<String>,
        private_key: SecretString,
    ) -> Self {
        Self::from_config(AuthorityConfig {
            config_schema_version: "0.1.0".to_owned(),
            api_base_url: api_base_url.into(),
            authority_id: authority_id.into(),
            private_key,
        })
    }

    /// A builder from a parsed configuration.
    pub fn from_config(config: AuthorityConfig) -> Self {
        ClientBuilder {
            config,
            check_health: true,
            configure: Vec::new(),
        }
    }

    /// Whether to check `/health` before the first call (default `true`).
    pub fn check_health(mut self, check: bool) -> Self {
        self.check_health = check;
        self
    }

    /// The retry policy (default: core's; `create_entry` and `use_item` are never resent
    /// once they may have reached the server, whatever the policy).
    pub fn retry(self, policy: RetryPolicy) -> Self {
        self.configure(move |b| b.retry(policy))
    }

    /// The per-attempt timeout.
    pub fn attempt_timeout(self, timeout: Option<Duration>) -> Self {
        self.configure(move |b| b.attempt_timeout(timeout))
    }

    /// The whole call's deadline.
    pub fn deadline(self, deadline: Option<Duration>) -> Self {
        self.configure(move |b| b.deadline(deadline))
    }

    /// Uses this `reqwest::Client` (see
    /// [`paykit_core::client::http_client_builder`]).
    pub fn http_client(self, http: paykit_core::reqwest::Client) -> Self {
        self.configure(move |b| b.http_client(http))
    }

    /// Any other transport setting (user agent, body cap, rate limit, plain http to a
    /// non-loopback host, ...).
    pub fn configure(
        mut self,
        f: impl FnOnce(paykit_core::ClientBuilder) -> paykit_core::ClientBuilder + Send + 'static,
    ) -> Self {
        self.configure.push(Box::new(f));
        self
    }

    /// Checks the configuration, signs the authority token and builds the client.
    pub fn build(self) -> Result<Client, Error> {
        let config = self.config;
        config.check()?;
        let key = config.signing_key()?;
        let token = authority_token(&config.authority_id, &key);
        let base = format!("{}{API_PREFIX}", config.api_base_url.trim_end_matches('/'));
        let mut core = paykit_core::Client::builder("wallet", base)
            .user_agent(concat!("paykit-wallet/", env!("CARGO_PKG_VERSION")))
            .default_header("accept", "application/json")
            .auth(authority_auth(token));
        for f in self.configure {
            core = f(core);
        }
        Ok(Client {
            core: core.build()?,
            authority_id: config.authority_id.into(),
            health: self.check_health.then(Default::default),
        })
    }
}

impl Client {
    /// A builder from values.
    pub fn builder(
        api_base_url: impl Into<String>,
        authority_id: impl Into<String>,
        private_key: SecretString,
    ) -> ClientBuilder {
        ClientBuilder::new(api_base_url, authority_id, private_key)
    }

    /// A client from the authority client configuration file (wallet.md §2.1), with default
    /// settings. Use [`AuthorityConfig::from_file`] and [`ClientBuilder::from_config`] to
    /// change them.
    pub fn from_config_file(path: impl AsRef<Path>) -> Result<Client, Error> {
        ClientBuilder::from_config(AuthorityConfig::from_file(path)?).build()
    }

    /// The authority this client acts for.
    pub fn authority_id(&self) -> &str {
        &self.authority_id
    }

    /// The service's health as it reports it, unchecked (`GET /api/v1/health`).
    pub async fn health(&self) -> Result<Health, Error> {
        Ok(self
            .core
            .send(Request::get("wallet.health", "/health"), &Json)
            .await?)
    }

    /// Fetches the health and checks it: version 1.x with x >= 1 and `ok: true`, else
    /// [`Error::IncompatibleService`]. A success counts as the check done before the first
    /// call.
    pub async fn check_health(&self) -> Result<Health, Error> {
        let health = self.health().await?;
        health.ensure_compatible()?;
        if let Some(cell) = &self.health {
            // Already set by a concurrent check: either answer is as good.
            let _ = cell.set(health.clone());
        }
        Ok(health)
    }

    /// Checks health once per client (its clones share the result); failures are retried
    /// by the next call.
    async fn ready(&self) -> Result<(), Error> {
        if let Some(cell) = &self.health {
            cell.get_or_try_init(|| async {
                let health = self.health().await?;
                health.ensure_compatible()?;
                Ok::<_, Error>(health)
            })
            .await?;
        }
        Ok(())
    }

    /// Records an entry: adds to (positive amount) or takes from (negative) the user's
    /// wallet, optionally giving an item.
    ///
    /// Moves money: never sent twice by a retry once it may have reached the server. A
    /// withdrawal the user cannot cover is [`Error::NotEnoughFunds`] and records nothing.
    pub async fn create_entry(&self, entry: &NewEntry) -> Result<Entry, Error> {
        entry.validate()?;
        self.ready().await?;
        let request = Request::post("wallet.create_entry", "/entry")
            .idempotency(Idempotency::Never)
            .body(&Json, entry);
        let envelope: EntryEnvelope = self.core.send(request, &Json).await?;
        Ok(envelope.entry)
    }

    /// Totals per user over the matching entries (`GET /api/v1/wallet`).
    pub async fn wallets(&self, filter: &WalletFilter) -> Result<Vec<WalletTotal>, Error> {
        let request = Request::get("wallet.wallets", "/wallet");
        let request = ids(request, "user_ids", &filter.user_ids)?;
        let request = ids(request, "authority_ids", &filter.authority_ids)?;
        self.ready().await?;
        let envelope: WalletsEnvelope = self.core.send(request, &Json).await?;
        Ok(envelope.wallets)
    }

    /// One user's total across all authorities (0 when the user has no entries).
    pub async fn total(&self, user_id: &str) -> Result<i64, Error> {
        let wallets = self
            .wallets(&WalletFilter::new().user_ids([user_id]))
            .await?;
        Ok(wallets
            .iter()
            .filter(|w| w.user_id == user_id)
            .map(|w| w.total)
            .sum())
    }

    /// Items carried by entries (`GET /api/v1/entry/inventory`); by default only unused
    /// ones.
    pub async fn inventory(&self, filter: &InventoryFilter) -> Result<Vec<InventoryItem>, Error> {
        let request = Request::get("wallet.inventory", "/entry/inventory");
        let request = ids(request, "entry_ids", &filter.entry_ids)?;
        let request = ids(request, "user_ids", &filter.user_ids)?;
        let request = ids(request, "authority_ids", &filter.authority_ids)?;
        let request = request.query_opt(
            "used",
            match filter.used {
                Used::Unused => Some("false"),
                Used::Used => Some("true"),
                Used::Any => None,
            },
        );
        self.ready().await?;
        let envelope: InventoryEnvelope = self.core.send(request, &Json).await?;
        Ok(envelope.inventory)
    }

    /// Marks the item of an entry used (`POST /api/v1/entry/{entry_id}/inventory/use`).
    /// Not resent by a retry once it may have reached the server.
    pub async fn use_item(&self, entry_id: &str) -> Result<Entry, Error> {
        if entry_id.is_empty() {
            return Err(Error::InvalidInput {
                field: "entry_id",
                message: "must not be empty".into(),
            });
        }
        self.ready().await?;
        let request = Request::post("wallet.use_item", "/entry/{}/inventory/use")
            .arg(entry_id)
            .idempotency(Idempotency::Never);
        let envelope: EntryEnvelope = self.core.send(request, &Json).await?;
        Ok(envelope.entry)
    }
}

/// Adds a comma-separated id list (wallet.md §2.3); an empty list adds nothing (no filter).
fn ids(request: Request, field: &'static str, ids: &[String]) -> Result<Request, Error> {
    if ids.is_empty() {
        return Ok(request);
    }
    if let Some(bad) = ids.iter().find(|id| id.is_empty() || id.contains(',')) {
        return Err(Error::InvalidInput {
            field,
            message: format!("{bad:?}: ids may not be empty or contain ','"),
        });
    }
    Ok(request.query(field, ids.join(",")))
}
