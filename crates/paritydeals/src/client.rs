//! The client, its builder, environments and hosts (paritydeals.md §1.2, §1.3 and "The
//! reference SDK itself").

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use paykit_core::{HeaderAuth, RetryPolicy};
use secrecy::SecretString;

use crate::error::Error;

/// The path prefix the SDK puts before every path, on both hosts: `/api/` + version `v1`.
pub const API_PREFIX: &str = "/api/v1";

/// A ParityDeals environment: which API and edge hosts the client talks to.
///
/// | environment | API host | edge host (entitlements) |
/// |---|---|---|
/// | `Production` (default) | `https://api.paritydeals.com` | `https://edge.api.paritydeals.com` |
/// | `Sandbox` | `https://sandboxapi.paritydeals.com` | `https://edge.sandboxapi.paritydeals.com` |
/// | `Staging` | `https://stagingapi.paritydeals.com` | `https://edge.stagingapi.paritydeals.com` |
///
/// All six come from the reference SDK 1.0.1's `constants.py`. Production is also in the
/// public docs; sandbox and staging are confirmed only by the SDK's constants (the docs name
/// Kelviq's sandbox, `sandboxapi.kelviq.com`). Override either host with
/// [`ClientBuilder::api_host`] / [`ClientBuilder::edge_host`] (for Kelviq, a proxy, a
/// simulator). API keys are scoped per environment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum Environment {
    /// The live service.
    #[default]
    Production,
    /// The sandbox (separate keys, test payments).
    Sandbox,
    /// The vendor's staging service.
    Staging,
}

impl Environment {
    /// The API host (no trailing slash, no path).
    pub fn api_host(self) -> &'static str {
        match self {
            Environment::Production => "https://api.paritydeals.com",
            Environment::Sandbox => "https://sandboxapi.paritydeals.com",
            Environment::Staging => "https://stagingapi.paritydeals.com",
        }
    }

    /// The edge host, which serves entitlements.
    pub fn edge_host(self) -> &'static str {
        match self {
            Environment::Production => "https://edge.api.paritydeals.com",
            Environment::Sandbox => "https://edge.sandboxapi.paritydeals.com",
            Environment::Staging => "https://edge.stagingapi.paritydeals.com",
        }
    }
}

/// Which of the two documented wire forms the client speaks where the reference SDK and the
/// public docs disagree (paritydeals.md §1.4 D1-D3). Responses are read in either form
/// whatever this says.
///
/// | | `Sdk` (default) | `Docs` |
/// |---|---|---|
/// | D1 entitlements path | `/api/v1/entitlements` | `/api/v1/entitlements/` (drop the prefix with [`ClientBuilder::edge_api_prefix`]) |
/// | D2 entitlement query | `customer_id`, `feature_id` | `customerId`, `featureId` |
/// | D3 customer create | `customer_id` | `customerId` |
/// | D3 subscription update | `plan_identifier`, `charge_period`, `offering_id`, `pricing_table_id`, `rule_id`, `probation_behaviour` (+ `ipAddress`, `features`) | all camelCase |
/// | D3 subscription cancel | `cancellation_type`, `cancellation_date` | `cancellationType`, `cancellationDate` |
///
/// Checkout, usage and event bodies are camelCase in both.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum WireStyle {
    /// What the reference SDK sends (the live service's customers run it today).
    #[default]
    Sdk,
    /// What the public docs show.
    Docs,
}

impl WireStyle {
    /// `snake` in the SDK style, `camel` in the docs style.
    pub(crate) fn key(self, snake: &'static str, camel: &'static str) -> &'static str {
        match self {
            WireStyle::Sdk => snake,
            WireStyle::Docs => camel,
        }
    }
}

type Configure =
    Arc<dyn Fn(paykit_core::ClientBuilder) -> paykit_core::ClientBuilder + Send + Sync>;

/// Builds a [`Client`].
///
/// ```no_run
/// use paykit_paritydeals::{Client, Environment, WireStyle};
///
/// # fn demo() -> Result<(), paykit_paritydeals::Error> {
/// let client = Client::builder("sk_live_...".into())
///     .environment(Environment::Sandbox)
///     .wire_style(WireStyle::Sdk)
///     .build()?;
/// # let _ = client; Ok(()) }
/// ```
pub struct ClientBuilder {
    api_key: SecretString,
    environment: Environment,
    api_host: Option<String>,
    edge_host: Option<String>,
    wire_style: WireStyle,
    edge_api_prefix: bool,
    configure: Vec<Configure>,
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("api_key", &"[REDACTED]")
            .field("environment", &self.environment)
            .field("api_host", &self.api_host)
            .field("edge_host", &self.edge_host)
            .field("wire_style", &self.wire_style)
            .field("edge_api_prefix", &self.edge_api_prefix)
            .finish_non_exhaustive()
    }
}

impl ClientBuilder {
    /// A builder with the server API key (`Authorization: Bearer <key>`, §1.3), production
    /// hosts and the SDK's wire style.
    pub fn new(api_key: SecretString) -> Self {
        ClientBuilder {
            api_key,
            environment: Environment::Production,
            api_host: None,
            edge_host: None,
            wire_style: WireStyle::Sdk,
            edge_api_prefix: true,
            configure: Vec::new(),
        }
    }

    /// The environment whose hosts to use (default production).
    pub fn environment(mut self, environment: Environment) -> Self {
        self.environment = environment;
        self
    }

    /// Overrides the API host, e.g. `https://api.kelviq.com` or a simulator's
    /// `http://127.0.0.1:PORT` (scheme and host, optionally a path; trailing slashes are
    /// stripped; the client adds `/api/v1`).
    pub fn api_host(mut self, host: impl Into<String>) -> Self {
        self.api_host = Some(host.into());
        self
    }

    /// Overrides the edge host (entitlements), e.g. `https://edge.api.kelviq.com`.
    pub fn edge_host(mut self, host: impl Into<String>) -> Self {
        self.edge_host = Some(host.into());
        self
    }

    /// The wire form for the points where the SDK and the docs disagree (default
    /// [`WireStyle::Sdk`]).
    pub fn wire_style(mut self, style: WireStyle) -> Self {
        self.wire_style = style;
        self
    }

    /// Whether the edge host's paths start with `/api/v1` (default `true`, as the SDK and
    /// the sandbox guide; `false` gives the docs' curl form `{edge}/entitlements/`, D1).
    pub fn edge_api_prefix(mut self, prefix: bool) -> Self {
        self.edge_api_prefix = prefix;
        self
    }

    /// The retry policy (default core's: 3 attempts, jittered back-off). Whatever the
    /// policy, calls that move money or create things are never resent once they may have
    /// reached the server (see the crate docs).
    pub fn retry(self, policy: RetryPolicy) -> Self {
        self.configure(move |b| b.retry(policy.clone()))
    }

    /// The per-attempt timeout (default 30 s; the reference SDK uses 10 s).
    pub fn attempt_timeout(self, timeout: Option<Duration>) -> Self {
        self.configure(move |b| b.attempt_timeout(timeout))
    }

    /// The whole call's deadline, back-offs included (default 120 s).
    pub fn deadline(self, deadline: Option<Duration>) -> Self {
        self.configure(move |b| b.deadline(deadline))
    }

    /// Uses this `reqwest::Client` (see [`paykit_core::client::http_client_builder`]).
    pub fn http_client(self, http: paykit_core::reqwest::Client) -> Self {
        self.configure(move |b| b.http_client(http.clone()))
    }

    /// Any other transport setting (user agent, body cap, rate limit, ...), applied to the
    /// clients of both hosts.
    pub fn configure(
        mut self,
        f: impl Fn(paykit_core::ClientBuilder) -> paykit_core::ClientBuilder + Send + Sync + 'static,
    ) -> Self {
        self.configure.push(Arc::new(f));
        self
    }

    /// Checks the configuration and builds the client.
    pub fn build(self) -> Result<Client, Error> {
        let api_host = self
            .api_host
            .unwrap_or_else(|| self.environment.api_host().to_owned());
        let edge_host = self
            .edge_host
            .unwrap_or_else(|| self.environment.edge_host().to_owned());
        let api_base = format!("{}{API_PREFIX}", api_host.trim_end_matches('/'));
        let edge_base = if self.edge_api_prefix {
            format!("{}{API_PREFIX}", edge_host.trim_end_matches('/'))
        } else {
            edge_host.trim_end_matches('/').to_owned()
        };
        let auth = Arc::new(HeaderAuth::bearer(self.api_key));
        let core = |base: String| -> Result<paykit_core::Client, Error> {
            let mut builder = paykit_core::Client::builder("paritydeals", base)
                .user_agent(USER_AGENT)
                .default_header("accept", "application/json")
                .auth_shared(auth.clone());
            for f in &self.configure {
                builder = f(builder);
            }
            Ok(builder.build()?)
        };
        Ok(Client {
            api: core(api_base)?,
            edge: core(edge_base)?,
            style: self.wire_style,
            entitlements_path: match self.wire_style {
                WireStyle::Sdk => "/entitlements",
                WireStyle::Docs => "/entitlements/",
            },
        })
    }
}

/// The `User-Agent` the client sends.
pub const USER_AGENT: &str = concat!("paykit-paritydeals/", env!("CARGO_PKG_VERSION"));

/// A ParityDeals client. Cheap to clone (two `Arc`s inside); share it.
///
/// `Debug` never shows the API key.
#[derive(Clone)]
pub struct Client {
    pub(crate) api: paykit_core::Client,
    pub(crate) edge: paykit_core::Client,
    pub(crate) style: WireStyle,
    pub(crate) entitlements_path: &'static str,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("api_base_url", &self.api.base_url())
            .field("edge_base_url", &self.edge.base_url())
            .field("wire_style", &self.style)
            .finish_non_exhaustive()
    }
}

impl Client {
    /// A builder with the server API key.
    pub fn builder(api_key: SecretString) -> ClientBuilder {
        ClientBuilder::new(api_key)
    }

    /// A production client with default settings.
    pub fn new(api_key: SecretString) -> Result<Client, Error> {
        ClientBuilder::new(api_key).build()
    }

    /// The API base URL requests go to, e.g. `https://api.paritydeals.com/api/v1`.
    pub fn api_base_url(&self) -> &str {
        self.api.base_url()
    }

    /// The edge base URL entitlement requests go to, e.g.
    /// `https://edge.api.paritydeals.com/api/v1`.
    pub fn edge_base_url(&self) -> &str {
        self.edge.base_url()
    }

    /// The wire style in use.
    pub fn wire_style(&self) -> WireStyle {
        self.style
    }
}
