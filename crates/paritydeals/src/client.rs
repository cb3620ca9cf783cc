//! The client, its builder, environments and URLs.

use std::fmt;
use std::sync::Arc;

use paykit_core::transport::Configure;
use paykit_core::{HeaderAuth, Json, Request, Transport};
use secrecy::{ExposeSecret, SecretString};
use serde::de::DeserializeOwned;

use crate::error::Error;

/// The version path every documented URL carries after the host.
const API_PREFIX: &str = "/api/v1";

/// A ParityDeals environment: which API and edge URLs the client talks to.
///
/// | environment | base URL | edge URL (entitlements) |
/// |---|---|---|
/// | `Production` (default) | `https://api.paritydeals.com/api/v1` | `https://edge.api.paritydeals.com/api/v1` |
/// | `Sandbox` | `https://sandboxapi.paritydeals.com/api/v1` | `https://edge.sandboxapi.paritydeals.com/api/v1` |
/// | `Staging` | `https://stagingapi.paritydeals.com/api/v1` | `https://edge.stagingapi.paritydeals.com/api/v1` |
///
/// These are the hosts the official Python SDK (`paritydeals-sdk` 1.0.1) uses; production is
/// also in the [public docs](https://docs.paritydeals.com). API keys are scoped per
/// environment. Override the URLs with [`ClientBuilder::base_url`] and
/// [`ClientBuilder::edge_url`] (for Kelviq, a proxy, a simulator).
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
    fn hosts(self) -> (&'static str, &'static str) {
        match self {
            Environment::Production => (
                "https://api.paritydeals.com",
                "https://edge.api.paritydeals.com",
            ),
            Environment::Sandbox => (
                "https://sandboxapi.paritydeals.com",
                "https://edge.sandboxapi.paritydeals.com",
            ),
            Environment::Staging => (
                "https://stagingapi.paritydeals.com",
                "https://edge.stagingapi.paritydeals.com",
            ),
        }
    }

    /// The API root, version path included, e.g. `https://api.paritydeals.com/api/v1`.
    pub fn base_url(self) -> String {
        format!("{}{API_PREFIX}", self.hosts().0)
    }

    /// The edge root entitlements are read from, version path included, e.g.
    /// `https://edge.api.paritydeals.com/api/v1`.
    pub fn edge_url(self) -> String {
        format!("{}{API_PREFIX}", self.hosts().1)
    }

    /// Parses `production`, `sandbox` or `staging` (any case).
    fn parse(text: &str) -> Option<Environment> {
        match text.trim().to_ascii_lowercase().as_str() {
            "production" | "prod" => Some(Environment::Production),
            "sandbox" => Some(Environment::Sandbox),
            "staging" => Some(Environment::Staging),
            _ => None,
        }
    }
}

/// Which of the two documented wire forms the client speaks where the official SDK and the
/// public docs disagree. Responses are read in either form whatever this says.
///
/// | | `Sdk` (default) | `Docs` |
/// |---|---|---|
/// | entitlements path | `{edge}/entitlements` | `{edge}/entitlements/` (see also [`ClientBuilder::edge_api_prefix`]) |
/// | entitlement query | `customer_id`, `feature_id` | `customerId`, `featureId` |
/// | customer create | `customer_id` | `customerId` |
/// | subscription update | `plan_identifier`, `charge_period`, `offering_id`, `pricing_table_id`, `rule_id`, `probation_behaviour` (+ `ipAddress`, `features`) | all camelCase |
/// | subscription cancel | `cancellation_type`, `cancellation_date` | `cancellationType`, `cancellationDate` |
///
/// Checkout, usage and event bodies are camelCase in both.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum WireStyle {
    /// What the official SDK sends (the live service's customers run it today).
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

/// Builds a [`Client`]: `Client::builder(key)`, settings, then [`ClientBuilder::build`].
///
/// ```no_run
/// use paykit_paritydeals::{Client, Environment, WireStyle};
///
/// # fn demo() -> Result<(), paykit_paritydeals::Error> {
/// let client = Client::builder("sk_live_...")
///     .environment(Environment::Sandbox)
///     .wire_style(WireStyle::Sdk)
///     .build()?;
/// # let _ = client; Ok(()) }
/// ```
pub struct ClientBuilder {
    api_key: SecretString,
    environment: Environment,
    base_url: Option<String>,
    edge_url: Option<String>,
    wire_style: WireStyle,
    edge_api_prefix: bool,
    transport: Transport,
    configure_edge: Vec<Configure>,
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("api_key", &"[REDACTED]")
            .field("environment", &self.environment)
            .field("base_url", &self.base_url)
            .field("edge_url", &self.edge_url)
            .field("wire_style", &self.wire_style)
            .field("edge_api_prefix", &self.edge_api_prefix)
            .finish_non_exhaustive()
    }
}

impl ClientBuilder {
    fn new(api_key: SecretString) -> Self {
        ClientBuilder {
            api_key,
            environment: Environment::Production,
            base_url: None,
            edge_url: None,
            wire_style: WireStyle::Sdk,
            edge_api_prefix: true,
            transport: Transport::new(),
            configure_edge: Vec::new(),
        }
    }

    /// The environment whose URLs to use (default production).
    pub fn environment(mut self, environment: Environment) -> Self {
        self.environment = environment;
        self
    }

    /// The API root, version path included, e.g. `https://api.kelviq.com/api/v1` or a
    /// proxy's URL (trailing slashes are stripped). Unless [`ClientBuilder::edge_url`] is
    /// set too, entitlements are then read from this same root (`{base_url}/entitlements`),
    /// never from the environment's edge host.
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = Some(url.into());
        self
    }

    /// The edge root entitlements are read from, version path included as the host expects
    /// it, e.g. `https://edge.api.kelviq.com/api/v1` (trailing slashes are stripped).
    pub fn edge_url(mut self, url: impl Into<String>) -> Self {
        self.edge_url = Some(url.into());
        self
    }

    /// The wire form for the points where the SDK and the docs disagree (default
    /// [`WireStyle::Sdk`]).
    pub fn wire_style(mut self, style: WireStyle) -> Self {
        self.wire_style = style;
        self
    }

    /// Whether the environment's edge URL carries the `/api/v1` version path (default
    /// `true`, as the official SDK; `false` gives the docs' curl form
    /// `https://edge.api.paritydeals.com/entitlements/`). It applies only to the
    /// environment's edge URL: a URL set with [`ClientBuilder::edge_url`] or derived from
    /// [`ClientBuilder::base_url`] is used as it is.
    pub fn edge_api_prefix(mut self, prefix: bool) -> Self {
        self.edge_api_prefix = prefix;
        self
    }

    paykit_core::transport_knobs! {
        /// Default `paykit-paritydeals/<version>` ([`USER_AGENT`]).
        user_agent;
        /// The official SDK uses 10 s.
        attempt_timeout;
        /// Calls that move money or create things are such calls (see the crate docs).
        retry;
        /// It applies to the API URL only: entitlement reads on the edge URL are not limited
        /// by it.
        rate_limit;
        /// It serves both URLs.
        http_client;
        /// They apply to the API URL's core client; the edge URL has its own:
        /// [`ClientBuilder::configure_edge`].
        configure;
    }

    /// The same as [`ClientBuilder::configure`] for the edge URL's core client (entitlement
    /// reads).
    pub fn configure_edge(
        mut self,
        f: impl FnOnce(paykit_core::ClientBuilder) -> paykit_core::ClientBuilder + Send + 'static,
    ) -> Self {
        self.configure_edge.push(Box::new(f));
        self
    }

    /// Checks the configuration and builds the client. A URL that does not parse is
    /// [`Error::InvalidInput`] naming its setter.
    pub fn build(self) -> Result<Client, Error> {
        let trim = |url: &str| url.trim_end_matches('/').to_owned();
        let base = match &self.base_url {
            Some(url) => trim(url),
            None => self.environment.base_url(),
        };
        let edge = match (&self.edge_url, &self.base_url) {
            (Some(edge), _) => trim(edge),
            // A base URL the user set: the edge follows it, never a production host.
            (None, Some(_)) => base.clone(),
            (None, None) if self.edge_api_prefix => self.environment.edge_url(),
            (None, None) => self.environment.hosts().1.to_owned(),
        };
        for (field, url) in [("base_url", &base), ("edge_url", &edge)] {
            let parsed = paykit_core::url::Url::parse(url);
            if !parsed.is_ok_and(|u| matches!(u.scheme(), "http" | "https") && u.has_host()) {
                return Err(Error::invalid(
                    field,
                    format!("{url:?} is not an http(s) URL"),
                ));
            }
        }
        let auth = Arc::new(HeaderAuth::bearer(self.api_key.clone()));
        let api = paykit_core::Client::builder("paritydeals", base)
            .user_agent(USER_AGENT)
            .default_header("accept", "application/json")
            .auth_shared(auth.clone());
        let api = self.transport.apply(api).build()?;
        // The edge host shares the API client's connection pool, its timeouts, retry policy
        // and User-Agent (the user's, if set): one pool per client.
        let mut edge_builder = api
            .builder_for(edge)
            .default_header("accept", "application/json")
            .auth_shared(auth.clone());
        for f in self.configure_edge {
            edge_builder = f(edge_builder);
        }
        Ok(Client {
            api,
            edge: edge_builder.build()?,
            style: self.wire_style,
            api_key: Arc::new(self.api_key),
            entitlements_path: match self.wire_style {
                WireStyle::Sdk => "/entitlements",
                WireStyle::Docs => "/entitlements/",
            },
        })
    }
}

/// The `User-Agent` the client sends.
pub const USER_AGENT: &str = concat!("paykit-paritydeals/", env!("CARGO_PKG_VERSION"));

/// A ParityDeals client. Cheap to clone (`Arc`s inside); share it.
///
/// `Debug` never shows the API key.
#[derive(Clone)]
pub struct Client {
    pub(crate) api: paykit_core::Client,
    pub(crate) edge: paykit_core::Client,
    pub(crate) style: WireStyle,
    api_key: Arc<SecretString>,
    pub(crate) entitlements_path: &'static str,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.api.base_url())
            .field("edge_url", &self.edge.base_url())
            .field("wire_style", &self.style)
            .finish_non_exhaustive()
    }
}

impl Client {
    /// A builder with the server API key (sent as `Authorization: Bearer <key>`).
    pub fn builder(api_key: impl Into<SecretString>) -> ClientBuilder {
        ClientBuilder::new(api_key.into())
    }

    /// A client from the environment:
    ///
    /// | variable | |
    /// |---|---|
    /// | `PAYKIT_PARITYDEALS_API_KEY` | required: the server API key |
    /// | `PAYKIT_PARITYDEALS_ENVIRONMENT` | optional: `production` (default), `sandbox` or `staging` |
    /// | `PAYKIT_PARITYDEALS_BASE_URL` | optional: see [`ClientBuilder::base_url`] |
    /// | `PAYKIT_PARITYDEALS_EDGE_URL` | optional: see [`ClientBuilder::edge_url`] |
    ///
    /// A missing key or an unknown environment is [`Error::InvalidInput`] naming the
    /// variable.
    pub fn from_env() -> Result<Client, Error> {
        Self::builder_from_env(|name| std::env::var(name).ok())?.build()
    }

    pub(crate) fn builder_from_env(
        var: impl Fn(&str) -> Option<String>,
    ) -> Result<ClientBuilder, Error> {
        let set = |name: &str| var(name).filter(|v| !v.trim().is_empty());
        let key = set("PAYKIT_PARITYDEALS_API_KEY")
            .ok_or_else(|| Error::invalid("PAYKIT_PARITYDEALS_API_KEY", "is not set"))?;
        let mut builder = Client::builder(key);
        if let Some(environment) = set("PAYKIT_PARITYDEALS_ENVIRONMENT") {
            let parsed = Environment::parse(&environment).ok_or_else(|| {
                Error::invalid(
                    "PAYKIT_PARITYDEALS_ENVIRONMENT",
                    format!("{environment:?} is not production, sandbox or staging"),
                )
            })?;
            builder = builder.environment(parsed);
        }
        if let Some(url) = set("PAYKIT_PARITYDEALS_BASE_URL") {
            builder = builder.base_url(url);
        }
        if let Some(url) = set("PAYKIT_PARITYDEALS_EDGE_URL") {
            builder = builder.edge_url(url);
        }
        Ok(builder)
    }

    /// The API root requests go to, e.g. `https://api.paritydeals.com/api/v1`.
    pub fn base_url(&self) -> &str {
        self.api.base_url()
    }

    /// The edge root entitlement requests go to, e.g.
    /// `https://edge.api.paritydeals.com/api/v1`.
    pub fn edge_url(&self) -> &str {
        self.edge.base_url()
    }

    /// The wire style in use.
    pub fn wire_style(&self) -> WireStyle {
        self.style
    }

    fn error(&self, error: paykit_core::Error) -> Error {
        Error::from_core(error, Some(self.api_key.expose_secret()))
    }

    /// Sends to the API URL and decodes the JSON answer.
    pub(crate) async fn send_api<T: DeserializeOwned>(&self, request: Request) -> Result<T, Error> {
        self.api
            .send(request, &Json)
            .await
            .map_err(|e| self.error(e))
    }

    /// Sends a list request to the API URL: the decoded page and a fingerprint of its raw
    /// body (so that a server answering the same page again ends the stream).
    pub(crate) async fn send_api_page<T: DeserializeOwned>(
        &self,
        request: Request,
    ) -> Result<(T, u64), Error> {
        let response = self.api.execute(request).await.map_err(|e| self.error(e))?;
        let page = response.decode(&Json).map_err(|e| self.error(e))?;
        Ok((page, response.fingerprint()))
    }

    /// Sends to the edge URL and decodes the JSON answer.
    pub(crate) async fn send_edge<T: DeserializeOwned>(
        &self,
        request: Request,
    ) -> Result<T, Error> {
        self.edge
            .send(request, &Json)
            .await
            .map_err(|e| self.error(e))
    }

    /// Sends to the API URL; the raw answer.
    pub(crate) async fn execute_api(
        &self,
        request: Request,
    ) -> Result<paykit_core::Response, Error> {
        self.api.execute(request).await.map_err(|e| self.error(e))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn from(vars: &[(&str, &str)]) -> Result<Client, Error> {
        Client::builder_from_env(|name| {
            vars.iter()
                .find(|(n, _)| *n == name)
                .map(|(_, v)| (*v).to_owned())
        })?
        .build()
    }

    #[test]
    fn from_env_reads_the_documented_variables() {
        let err = from(&[]).unwrap_err();
        assert!(
            matches!(
                err,
                Error::InvalidInput {
                    field: "PAYKIT_PARITYDEALS_API_KEY",
                    ..
                }
            ),
            "{err:?}"
        );
        let client = from(&[
            ("PAYKIT_PARITYDEALS_API_KEY", "sk"),
            ("PAYKIT_PARITYDEALS_ENVIRONMENT", "Sandbox"),
        ])
        .unwrap();
        assert_eq!(
            client.base_url(),
            "https://sandboxapi.paritydeals.com/api/v1"
        );
        assert_eq!(
            client.edge_url(),
            "https://edge.sandboxapi.paritydeals.com/api/v1"
        );
        let err = from(&[
            ("PAYKIT_PARITYDEALS_API_KEY", "sk"),
            ("PAYKIT_PARITYDEALS_ENVIRONMENT", "moon"),
        ])
        .unwrap_err();
        assert!(
            matches!(
                err,
                Error::InvalidInput {
                    field: "PAYKIT_PARITYDEALS_ENVIRONMENT",
                    ..
                }
            ),
            "{err:?}"
        );
        let client = from(&[
            ("PAYKIT_PARITYDEALS_API_KEY", "sk"),
            (
                "PAYKIT_PARITYDEALS_BASE_URL",
                "https://proxy.example/api/v1/",
            ),
        ])
        .unwrap();
        assert_eq!(client.base_url(), "https://proxy.example/api/v1");
        assert_eq!(client.edge_url(), "https://proxy.example/api/v1", "derived");
        let client = from(&[
            ("PAYKIT_PARITYDEALS_API_KEY", "sk"),
            (
                "PAYKIT_PARITYDEALS_BASE_URL",
                "https://proxy.example/api/v1",
            ),
            (
                "PAYKIT_PARITYDEALS_EDGE_URL",
                "https://edge.proxy.example/api/v1",
            ),
        ])
        .unwrap();
        assert_eq!(client.edge_url(), "https://edge.proxy.example/api/v1");
    }
}
