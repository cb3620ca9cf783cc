//! The client, its builder, the scope (store or chain) and the API key hook.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use paykit_core::reqwest::header::{HeaderName, HeaderValue};
use paykit_core::{AuthHook, BoxError, Credential, RateLimiter, Request, RetryPolicy};
use secrecy::{ExposeSecret, SecretString};
use serde::Deserialize;
use serde::de::DeserializeOwned;

use crate::codec::Format;
use crate::error::{ApiError, Error};
use crate::wire;

/// The API root.
pub const DEFAULT_BASE_URL: &str = "https://www.clubready.com/api/current";

/// The `User-Agent` the client sends.
pub const USER_AGENT: &str = concat!("paykit-clubready/", env!("CARGO_PKG_VERSION"));

/// Which part of a chain a call is about: one club (`StoreId`) or the whole chain
/// (`ChainId`). Most operations take either; some (creating a prospect, booking, selling,
/// check-in) need a store.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Scope {
    /// One club, sent as `StoreId`.
    Store(u64),
    /// A whole chain, sent as `ChainId`.
    Chain(u64),
}

impl Scope {
    fn pair(self) -> (&'static str, String) {
        match self {
            Scope::Store(id) => ("StoreId", id.to_string()),
            Scope::Chain(id) => ("ChainId", id.to_string()),
        }
    }
}

/// How a date of birth is written when a prospect is created or a user updated. The
/// operation's published description says `YYYY-MM-DD`; a client used in production sends
/// `MM/DD/YYYY`. ServiceStack reads both; pick the one your club's server takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum BirthDateFormat {
    /// `1990-04-09` (the default).
    #[default]
    Iso,
    /// `04/09/1990`.
    MonthDayYear,
}

impl BirthDateFormat {
    pub(crate) fn format(self, date: time::Date) -> String {
        match self {
            BirthDateFormat::Iso => wire::iso_date(date),
            BirthDateFormat::MonthDayYear => wire::us_date(date),
        }
    }
}

/// Puts the API key on each attempt as the `ApiKey` query parameter, the only place
/// ClubReady reads it. The key is added to the outgoing URL at the last moment, so it is
/// never part of a [`Request`] (whose query is not secret); `Debug` never shows it.
#[derive(Clone)]
pub(crate) struct ApiKeyAuth {
    key: Arc<SecretString>,
}

impl fmt::Debug for ApiKeyAuth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ApiKeyAuth { key: [REDACTED] }")
    }
}

#[paykit_core::async_trait]
impl AuthHook for ApiKeyAuth {
    async fn authorize(
        &self,
        request: &mut paykit_core::reqwest::Request,
    ) -> Result<Credential, BoxError> {
        request
            .url_mut()
            .query_pairs_mut()
            .append_pair("ApiKey", self.key.expose_secret());
        Ok(Credential::default())
    }
}

/// Where the fields of a POST or PUT go. ServiceStack binds the query string and the body
/// alike; the operations' published descriptions list most fields as query parameters and
/// the clients known to work send them there, others post a body.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum ParamStyle {
    /// In a request body in the client's [`Format`] (the default). `ApiKey`, the scope and
    /// `format` stay in the query.
    #[default]
    Body,
    /// Everything in the query string, in ServiceStack's query form (lists of objects as
    /// JSV), with no body.
    Query,
}

type Configure = Box<dyn FnOnce(paykit_core::ClientBuilder) -> paykit_core::ClientBuilder + Send>;

/// Builds a [`Client`]: `Client::builder(api_key)`, a scope
/// ([`ClientBuilder::store_id`] or [`ClientBuilder::chain_id`]), then
/// [`ClientBuilder::build`].
///
/// ```no_run
/// use paykit_clubready::{Client, Format};
///
/// # fn demo() -> Result<(), paykit_clubready::Error> {
/// let client = Client::builder("my-api-key")
///     .store_id(1234)
///     .format(Format::Jsv)
///     .build()?;
/// # let _ = client; Ok(()) }
/// ```
pub struct ClientBuilder {
    api_key: SecretString,
    scope: Option<Scope>,
    base_url: Option<String>,
    format: Format,
    param_style: ParamStyle,
    birth_date_format: BirthDateFormat,
    user_agent: Option<String>,
    connect_timeout: Option<Duration>,
    attempt_timeout: Option<Option<Duration>>,
    deadline: Option<Option<Duration>>,
    retry: Option<RetryPolicy>,
    rate_limit: Option<RateLimiter>,
    http: Option<paykit_core::reqwest::Client>,
    configure: Vec<Configure>,
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("api_key", &"[REDACTED]")
            .field("scope", &self.scope)
            .field("base_url", &self.base_url)
            .field("format", &self.format)
            .finish_non_exhaustive()
    }
}

impl ClientBuilder {
    fn new(api_key: SecretString) -> Self {
        ClientBuilder {
            api_key,
            scope: None,
            base_url: None,
            format: Format::Jsv,
            param_style: ParamStyle::Body,
            birth_date_format: BirthDateFormat::Iso,
            user_agent: None,
            connect_timeout: None,
            attempt_timeout: None,
            deadline: None,
            retry: None,
            rate_limit: None,
            http: None,
            configure: Vec::new(),
        }
    }

    /// Calls are about this club (`StoreId`), unless a call is given another scope
    /// ([`Client::with_scope`]).
    pub fn store_id(mut self, store_id: u64) -> Self {
        self.scope = Some(Scope::Store(store_id));
        self
    }

    /// Calls are about this chain (`ChainId`). Operations that need a club refuse before
    /// sending unless given one ([`Client::with_store_id`]).
    pub fn chain_id(mut self, chain_id: u64) -> Self {
        self.scope = Some(Scope::Chain(chain_id));
        self
    }

    /// The scope, as a value.
    pub fn scope(mut self, scope: Scope) -> Self {
        self.scope = Some(scope);
        self
    }

    /// The API root, `/api/current` included (default [`DEFAULT_BASE_URL`]; trailing
    /// slashes are stripped).
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = Some(url.into());
        self
    }

    /// The wire format (default [`Format::Jsv`]; [`Format::Json`] for debugging).
    pub fn format(mut self, format: Format) -> Self {
        self.format = format;
        self
    }

    /// Where POST and PUT fields go (default [`ParamStyle::Body`]).
    pub fn param_style(mut self, style: ParamStyle) -> Self {
        self.param_style = style;
        self
    }

    /// How dates of birth are written (default [`BirthDateFormat::Iso`]).
    pub fn birth_date_format(mut self, format: BirthDateFormat) -> Self {
        self.birth_date_format = format;
        self
    }

    /// The `User-Agent` header (default `paykit-clubready/<version>`).
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = Some(user_agent.into());
        self
    }

    /// The time allowed to open a connection (default 10 s).
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = Some(timeout);
        self
    }

    /// The per-attempt timeout (default 30 s; `None`: no limit per attempt).
    pub fn attempt_timeout(mut self, timeout: Option<Duration>) -> Self {
        self.attempt_timeout = Some(timeout);
        self
    }

    /// The whole call's deadline, back-offs included (default 120 s; `None`: none).
    pub fn deadline(mut self, deadline: Option<Duration>) -> Self {
        self.deadline = Some(deadline);
        self
    }

    /// The retry policy (default core's). Whatever the policy, sales, payment profile
    /// imports and guest passes are never resent once they may have reached the server.
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.retry = Some(policy);
        self
    }

    /// A client-side rate limit (`None`: none, the default).
    pub fn rate_limit(mut self, limiter: Option<RateLimiter>) -> Self {
        self.rate_limit = limiter;
        self
    }

    /// Uses this `reqwest::Client` (see [`paykit_core::client::http_client_builder`]).
    pub fn http_client(mut self, http: paykit_core::reqwest::Client) -> Self {
        self.http = Some(http);
        self
    }

    /// Any other transport setting (body cap, default headers, ...), applied after the
    /// knobs above.
    pub fn configure(
        mut self,
        f: impl FnOnce(paykit_core::ClientBuilder) -> paykit_core::ClientBuilder + Send + 'static,
    ) -> Self {
        self.configure.push(Box::new(f));
        self
    }

    /// Checks the configuration and builds the client. An empty key is
    /// [`Error::InvalidInput`] `api_key`; no scope is `store_id`; a URL that does not
    /// parse is `base_url`.
    pub fn build(self) -> Result<Client, Error> {
        if self.api_key.expose_secret().trim().is_empty() {
            return Err(Error::invalid("api_key", "must not be empty"));
        }
        let scope = self.scope.ok_or_else(|| {
            Error::invalid(
                "store_id",
                "choose a scope: ClientBuilder::store_id or ClientBuilder::chain_id",
            )
        })?;
        let base = self
            .base_url
            .as_deref()
            .unwrap_or(DEFAULT_BASE_URL)
            .trim_end_matches('/')
            .to_owned();
        let parsed = paykit_core::url::Url::parse(&base);
        if !parsed.is_ok_and(|u| matches!(u.scheme(), "http" | "https") && u.has_host()) {
            return Err(Error::invalid("base_url", "is not an http(s) URL"));
        }
        let key = Arc::new(self.api_key);
        let mut core = paykit_core::Client::builder("clubready", base)
            .user_agent(self.user_agent.unwrap_or_else(|| USER_AGENT.to_owned()))
            .default_header("accept", self.format.content_type())
            .auth(ApiKeyAuth { key: key.clone() })
            .rate_limit(self.rate_limit);
        if let Some(timeout) = self.connect_timeout {
            core = core.connect_timeout(timeout);
        }
        if let Some(timeout) = self.attempt_timeout {
            core = core.attempt_timeout(timeout);
        }
        if let Some(deadline) = self.deadline {
            core = core.deadline(deadline);
        }
        if let Some(retry) = self.retry {
            core = core.retry(retry);
        }
        if let Some(http) = self.http {
            core = core.http_client(http);
        }
        for f in self.configure {
            core = f(core);
        }
        let core = core
            .build()
            .map_err(|e| Error::invalid("base_url", e.to_string()))?;
        Ok(Client {
            core,
            scope,
            format: self.format,
            param_style: self.param_style,
            birth_date_format: self.birth_date_format,
            forwarded_for: None,
            api_key: key,
        })
    }
}

/// A ClubReady client. Cheap to clone (`Arc`s inside); share it.
///
/// `Debug` never shows the API key.
#[derive(Clone)]
pub struct Client {
    pub(crate) core: paykit_core::Client,
    pub(crate) scope: Scope,
    pub(crate) format: Format,
    pub(crate) param_style: ParamStyle,
    pub(crate) birth_date_format: BirthDateFormat,
    forwarded_for: Option<std::net::IpAddr>,
    api_key: Arc<SecretString>,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.core.base_url())
            .field("scope", &self.scope)
            .field("format", &self.format)
            .finish_non_exhaustive()
    }
}

/// The `Success`/`Message` envelope of most answers, in either casing.
#[derive(Deserialize, Default)]
struct Envelope {
    #[serde(
        default,
        rename = "Success",
        alias = "success",
        deserialize_with = "wire::flag_opt::deserialize"
    )]
    success: Option<bool>,
    #[serde(
        default,
        rename = "Message",
        alias = "message",
        alias = "error",
        deserialize_with = "wire::text"
    )]
    message: Option<String>,
}

/// An answer whose envelope said `Success: false`: the message and the raw body, for the
/// operations that read such an answer themselves (a duplicate prospect).
pub(crate) struct Declined {
    pub(crate) message: Option<String>,
    pub(crate) body: paykit_core::bytes::Bytes,
}

impl Client {
    /// A builder with the API key (sent as the `ApiKey` query parameter on every call).
    pub fn builder(api_key: impl Into<SecretString>) -> ClientBuilder {
        ClientBuilder::new(api_key.into())
    }

    /// A client from the environment:
    ///
    /// | variable | |
    /// |---|---|
    /// | `PAYKIT_CLUBREADY_API_KEY` | required: the API key |
    /// | `PAYKIT_CLUBREADY_STORE_ID` | the club (one of this and the next is required) |
    /// | `PAYKIT_CLUBREADY_CHAIN_ID` | the chain, when no store is set |
    /// | `PAYKIT_CLUBREADY_BASE_URL` | optional: see [`ClientBuilder::base_url`] |
    ///
    /// A missing key or scope, or an id that is not a number, is [`Error::InvalidInput`]
    /// naming the variable.
    pub fn from_env() -> Result<Client, Error> {
        Self::builder_from_env(|name| std::env::var(name).ok())?.build()
    }

    pub(crate) fn builder_from_env(
        var: impl Fn(&str) -> Option<String>,
    ) -> Result<ClientBuilder, Error> {
        let set = |name: &str| var(name).filter(|v| !v.trim().is_empty());
        let key = set("PAYKIT_CLUBREADY_API_KEY")
            .ok_or_else(|| Error::invalid("PAYKIT_CLUBREADY_API_KEY", "is not set"))?;
        let id = |name: &'static str| -> Result<Option<u64>, Error> {
            set(name)
                .map(|v| {
                    v.trim()
                        .parse::<u64>()
                        .map_err(|_| Error::invalid(name, "is not a number"))
                })
                .transpose()
        };
        let mut builder = Client::builder(key);
        builder = match (
            id("PAYKIT_CLUBREADY_STORE_ID")?,
            id("PAYKIT_CLUBREADY_CHAIN_ID")?,
        ) {
            (Some(store), _) => builder.store_id(store),
            (None, Some(chain)) => builder.chain_id(chain),
            (None, None) => {
                return Err(Error::invalid(
                    "PAYKIT_CLUBREADY_STORE_ID",
                    "is not set (nor PAYKIT_CLUBREADY_CHAIN_ID)",
                ));
            }
        };
        if let Some(url) = set("PAYKIT_CLUBREADY_BASE_URL") {
            builder = builder.base_url(url);
        }
        Ok(builder)
    }

    /// The API root requests go to.
    pub fn base_url(&self) -> &str {
        self.core.base_url()
    }

    /// The scope calls are sent with.
    pub fn scope(&self) -> Scope {
        self.scope
    }

    /// The wire format.
    pub fn format(&self) -> Format {
        self.format
    }

    /// The same client with another scope, for the calls made through it (a cheap clone:
    /// connections, retries and limits are shared).
    pub fn with_scope(&self, scope: Scope) -> Client {
        let mut client = self.clone();
        client.scope = scope;
        client
    }

    /// The same client sending `ip`, the end user's address, as `X-Forwarded-For` on every
    /// call (ClubReady takes it on most operations). The sales calls that require it take
    /// their own in their input ([`crate::NewAgreement::new`], ...), which wins.
    pub fn with_forwarded_for(&self, ip: std::net::IpAddr) -> Client {
        let mut client = self.clone();
        client.forwarded_for = Some(ip);
        client
    }

    /// [`Client::with_scope`] for one club.
    pub fn with_store_id(&self, store_id: u64) -> Client {
        self.with_scope(Scope::Store(store_id))
    }

    /// [`Client::with_scope`] for a chain.
    pub fn with_chain_id(&self, chain_id: u64) -> Client {
        self.with_scope(Scope::Chain(chain_id))
    }

    /// The store id, for operations that need a club; a chain scope is refused before
    /// sending.
    pub(crate) fn store(&self) -> Result<u64, Error> {
        match self.scope {
            Scope::Store(id) => Ok(id),
            Scope::Chain(_) => Err(Error::invalid(
                "store_id",
                "this operation needs a club: use Client::with_store_id",
            )),
        }
    }

    /// A request with the format selector and the scope in its query.
    pub(crate) fn request(
        &self,
        operation: &'static str,
        method: paykit_core::reqwest::Method,
        template: &'static str,
    ) -> Request {
        let (name, value) = self.scope.pair();
        let request = Request::new(operation, method, template)
            .query("format", self.format.as_str())
            .query(name, value);
        self.forwarding(request)
    }

    fn forwarding(&self, request: Request) -> Request {
        match self.forwarded_for {
            Some(ip) => Client::forwarded_for(request, ip),
            None => request,
        }
    }

    /// A request that needs a club: `StoreId` in its query.
    pub(crate) fn store_request(
        &self,
        operation: &'static str,
        method: paykit_core::reqwest::Method,
        template: &'static str,
    ) -> Result<Request, Error> {
        Ok(self.forwarding(self.store_request_for(operation, method, template)?))
    }

    /// [`Client::store_request`] without the client's `X-Forwarded-For`, for the calls
    /// that carry their own.
    pub(crate) fn store_request_for(
        &self,
        operation: &'static str,
        method: paykit_core::reqwest::Method,
        template: &'static str,
    ) -> Result<Request, Error> {
        let store = self.store()?;
        Ok(Request::new(operation, method, template)
            .query("format", self.format.as_str())
            .query("StoreId", store.to_string()))
    }

    /// Sets a body in the client's format.
    pub(crate) fn body<T: serde::Serialize + ?Sized>(
        &self,
        request: Request,
        value: &T,
    ) -> Request {
        if self.param_style == ParamStyle::Query {
            return match serde_jsv::to_query_string(value) {
                Ok(query) => paykit_core::url::form_urlencoded::parse(query.as_bytes())
                    .fold(request, |r, (k, v)| r.query(k.into_owned(), v.into_owned())),
                Err(source) => request.body(&Failing(Some(Box::new(source))), &()),
            };
        }
        match self.format.encode(value) {
            Ok(bytes) => {
                request.raw_body(HeaderValue::from_static(self.format.content_type()), bytes)
            }
            Err(source) => request.body(&Failing(Some(source)), &()),
        }
    }

    fn secrets<'a>(&'a self, extra: &[&'a str]) -> Vec<&'a str> {
        let mut all = vec![self.api_key.expose_secret()];
        all.extend_from_slice(extra);
        all
    }

    /// Sends and checks the three failure modes; `Ok(Err(declined))` for `Success: false`.
    pub(crate) async fn exchange(
        &self,
        request: Request,
        extra_secrets: &[&str],
    ) -> Result<Result<paykit_core::Response, Declined>, Error> {
        let secrets = self.secrets(extra_secrets);
        let response = self
            .core
            .execute(request)
            .await
            .map_err(|e| Error::from_core(e, &secrets))?;
        let text = String::from_utf8_lossy(&response.body);
        let trimmed = text.trim_start_matches('\u{feff}').trim();
        if trimmed.is_empty() || trimmed.starts_with('[') {
            return Ok(Ok(response));
        }
        if !trimmed.starts_with('{') {
            let plain = trimmed.trim_matches('"');
            if plain.to_ascii_lowercase().starts_with("unauthorized") {
                // A key without the operation's scope: refused, nothing done.
                return Err(Error::Unauthorized(Box::new(ApiError::ok_failure(
                    Some(plain.chars().take(200).collect()),
                    &response.body,
                    &secrets,
                ))));
            }
            // Anything else that is not JSV or JSON (an HTML page, ...): the call may have
            // been carried out, so it is a decode failure (`maybe_sent`).
            let source: BoxError = "the answer is neither JSV nor JSON".into();
            return Err(Error::from_core(
                paykit_core::Error::Decode {
                    operation: response.operation(),
                    status: response.status,
                    content_type: response.content_type().to_owned(),
                    snippet: plain.chars().take(256).collect(),
                    source,
                },
                &secrets,
            ));
        }
        let envelope: Envelope = self.format.decode(&response.body).unwrap_or_default();
        if envelope.success == Some(false) {
            return Ok(Err(Declined {
                message: envelope.message,
                body: response.body.clone(),
            }));
        }
        Ok(Ok(response))
    }

    pub(crate) fn declined(&self, declined: Declined, extra_secrets: &[&str]) -> Error {
        let secrets = self.secrets(extra_secrets);
        Error::Refused(Box::new(ApiError::ok_failure(
            declined.message,
            &declined.body,
            &secrets,
        )))
    }

    pub(crate) fn decode<T: DeserializeOwned>(
        &self,
        response: &paykit_core::Response,
        extra_secrets: &[&str],
    ) -> Result<T, Error> {
        let body: &[u8] = if response.body.iter().all(u8::is_ascii_whitespace) {
            // An empty answer reads as an empty object.
            b"{}"
        } else {
            &response.body
        };
        self.format.decode(body).map_err(|source| {
            let secrets = self.secrets(extra_secrets);
            let snippet: String = String::from_utf8_lossy(&response.body)
                .chars()
                .take(256)
                .collect();
            Error::from_core(
                paykit_core::Error::Decode {
                    operation: response.operation(),
                    status: response.status,
                    content_type: response.content_type().to_owned(),
                    snippet,
                    source,
                },
                &secrets,
            )
        })
    }

    /// Sends, checks the failure modes, decodes.
    pub(crate) async fn send<T: DeserializeOwned>(&self, request: Request) -> Result<T, Error> {
        self.send_with_secrets(request, &[]).await
    }

    /// [`Client::send`] with more values to keep out of errors (a password).
    pub(crate) async fn send_with_secrets<T: DeserializeOwned>(
        &self,
        request: Request,
        extra_secrets: &[&str],
    ) -> Result<T, Error> {
        match self.exchange(request, extra_secrets).await? {
            Ok(response) => self.decode(&response, extra_secrets),
            Err(declined) => Err(self.declined(declined, extra_secrets)),
        }
    }

    /// The client's `X-Forwarded-For` header from a typed IP.
    pub(crate) fn forwarded_for(request: Request, ip: std::net::IpAddr) -> Request {
        let value = HeaderValue::from_str(&ip.to_string()).expect("an IP is a header value");
        request.header(HeaderName::from_static("x-forwarded-for"), value)
    }
}

/// A codec that fails with a stored error, to carry an encoding failure into a request
/// (reported when it is sent, nothing sent).
struct Failing(Option<BoxError>);

impl paykit_core::Codec for Failing {
    fn content_type(&self) -> HeaderValue {
        HeaderValue::from_static("application/octet-stream")
    }
    fn encode<T: serde::Serialize + ?Sized>(&self, _: &T) -> Result<Vec<u8>, BoxError> {
        Err(self
            .0
            .as_ref()
            .map(|e| e.to_string())
            .unwrap_or_default()
            .into())
    }
    fn decode<T: DeserializeOwned>(&self, _: &[u8]) -> Result<T, BoxError> {
        Err("not a decoder".into())
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
        assert!(matches!(
            err,
            Error::InvalidInput {
                field: "PAYKIT_CLUBREADY_API_KEY",
                ..
            }
        ));
        let err = from(&[("PAYKIT_CLUBREADY_API_KEY", "k")]).unwrap_err();
        assert!(matches!(
            err,
            Error::InvalidInput {
                field: "PAYKIT_CLUBREADY_STORE_ID",
                ..
            }
        ));
        let err = from(&[
            ("PAYKIT_CLUBREADY_API_KEY", "k"),
            ("PAYKIT_CLUBREADY_CHAIN_ID", "x"),
        ])
        .unwrap_err();
        assert!(matches!(
            err,
            Error::InvalidInput {
                field: "PAYKIT_CLUBREADY_CHAIN_ID",
                ..
            }
        ));
        let client = from(&[
            ("PAYKIT_CLUBREADY_API_KEY", "k"),
            ("PAYKIT_CLUBREADY_CHAIN_ID", "7"),
            (
                "PAYKIT_CLUBREADY_BASE_URL",
                "http://127.0.0.1:9/api/current/",
            ),
        ])
        .unwrap();
        assert_eq!(client.scope(), Scope::Chain(7));
        assert_eq!(client.base_url(), "http://127.0.0.1:9/api/current");
        let client = from(&[
            ("PAYKIT_CLUBREADY_API_KEY", "k"),
            ("PAYKIT_CLUBREADY_STORE_ID", "12"),
            ("PAYKIT_CLUBREADY_CHAIN_ID", "7"),
        ])
        .unwrap();
        assert_eq!(client.scope(), Scope::Store(12));
        assert_eq!(client.base_url(), DEFAULT_BASE_URL);
    }

    #[test]
    fn debug_never_shows_the_key() {
        let builder = Client::builder("secret-key-123").store_id(1);
        assert!(!format!("{builder:?}").contains("secret-key-123"));
        let client = builder.build().unwrap();
        assert!(!format!("{client:?}").contains("secret-key-123"));
        let err = Client::builder("k").build().unwrap_err();
        assert!(matches!(
            err,
            Error::InvalidInput {
                field: "store_id",
                ..
            }
        ));
    }
}
