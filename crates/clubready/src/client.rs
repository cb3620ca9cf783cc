//! The client and its builder.

use std::fmt;
use std::sync::Arc;

use paykit_core::{Request, Transport};
use secrecy::{ExposeSecret, SecretString};

use crate::auth::ApiKeyAuth;
use crate::codec::Format;
use crate::error::Error;
use crate::options::{BirthDateFormat, ParamStyle, Restriction, Scope};

/// The API root.
pub const DEFAULT_BASE_URL: &str = "https://www.clubready.com/api/current";

/// The `User-Agent` the client sends.
pub const USER_AGENT: &str = concat!("paykit-clubready/", env!("CARGO_PKG_VERSION"));

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
    restriction: Option<Restriction>,
    base_url: Option<String>,
    format: Format,
    param_style: ParamStyle,
    birth_date_format: BirthDateFormat,
    transport: Transport,
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
            restriction: None,
            base_url: None,
            format: Format::Jsv,
            param_style: ParamStyle::Body,
            birth_date_format: BirthDateFormat::Iso,
            transport: Transport::new(),
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

    /// Sends `RestrictedId` and `RestrictedResourceType` on every call (none by default;
    /// see [`Restriction`]).
    pub fn restriction(mut self, restriction: Restriction) -> Self {
        self.restriction = Some(restriction);
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

    paykit_core::transport_knobs! {
        /// Default `paykit-clubready/<version>` ([`USER_AGENT`]).
        user_agent;
        /// Sales, payment profile imports and guest passes are such calls.
        retry;
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
        let core = paykit_core::Client::builder("clubready", base)
            .user_agent(USER_AGENT)
            .default_header("accept", self.format.content_type())
            .auth(ApiKeyAuth { key: key.clone() });
        let core = self
            .transport
            .apply(core)
            .build()
            .map_err(|e| Error::invalid("base_url", e.to_string()))?;
        Ok(Client {
            core,
            scope,
            restriction: self.restriction,
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
    pub(crate) restriction: Option<Restriction>,
    pub(crate) format: Format,
    pub(crate) param_style: ParamStyle,
    pub(crate) birth_date_format: BirthDateFormat,
    pub(crate) forwarded_for: Option<std::net::IpAddr>,
    pub(crate) api_key: Arc<SecretString>,
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

impl Client {
    /// A builder with the API key (sent as the `ApiKey` query parameter on every call).
    pub fn builder(api_key: impl Into<SecretString>) -> ClientBuilder {
        ClientBuilder::new(api_key.into())
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

    /// The same client sending `restriction` on every call made through it (`None`: no
    /// restriction).
    pub fn with_restriction(&self, restriction: Option<Restriction>) -> Client {
        let mut client = self.clone();
        client.restriction = restriction;
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
        self.forwarding(self.restricting(request))
    }

    /// Adds the client's restriction, if any, to the query.
    fn restricting(&self, request: Request) -> Request {
        match &self.restriction {
            Some(r) => request.query("RestrictedId", r.id.to_string()).query(
                "RestrictedResourceType",
                r.resource_type.as_str().to_owned(),
            ),
            None => request,
        }
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
        Ok(self.restricting(
            Request::new(operation, method, template)
                .query("format", self.format.as_str())
                .query("StoreId", store.to_string()),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
