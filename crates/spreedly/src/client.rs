//! The Spreedly client and its builder.

use std::fmt;

use paykit_core::auth::sensitive_header;
use paykit_core::reqwest::header::AUTHORIZATION;
use paykit_core::{AuthHook, Credential, Request, Response, Transport};
use secrecy::{ExposeSecret, SecretString};
use serde::de::DeserializeOwned;

use crate::error::Error;
use crate::xml::{NilText, Xml};

/// The production host; the API root is `{DEFAULT_HOST}/api/v4/{site}`.
pub const DEFAULT_HOST: &str = "https://spreedly.com";

/// Which path the complimentary time extension is posted to.
///
/// Spreedly's own pages name both; the plural is what most clients use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum TimeExtensionPath {
    /// `subscribers/{customer_id}/complimentary_time_extensions.xml` (the default).
    #[default]
    Plural,
    /// `subscribers/{customer_id}/complimentary_time_extension.xml`.
    Singular,
}

/// A Spreedly Subscriptions client: cheap to clone, safe to share.
#[derive(Clone)]
pub struct Client {
    pub(crate) core: paykit_core::Client,
    pub(crate) codec: Xml,
    site: String,
    hosted_url: String,
    test_site: bool,
    time_extension_path: TimeExtensionPath,
    token: SecretString,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("core", &self.core)
            .field("site", &self.site)
            .field("hosted_url", &self.hosted_url)
            .field("test_site", &self.test_site)
            .field("api_token", &"[REDACTED]")
            .finish_non_exhaustive()
    }
}

/// Builds a [`Client`]: [`Client::builder`]`(site, api_token)`.
pub struct ClientBuilder {
    site: String,
    token: SecretString,
    base_url: Option<String>,
    hosted_url: Option<String>,
    test_site: bool,
    nil_text: NilText,
    time_extension_path: TimeExtensionPath,
    transport: Transport,
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("site", &self.site)
            .field("api_token", &"[REDACTED]")
            .field("base_url", &self.base_url)
            .field("test_site", &self.test_site)
            .finish_non_exhaustive()
    }
}

impl ClientBuilder {
    /// The API root, version path and site included
    /// (default `https://spreedly.com/api/v4/{site}`). The later host of the same API works
    /// here too: `https://subs.pinpayments.com/api/v4/{site}`.
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = Some(url.into());
        self
    }

    /// Where the hosted pages live (default: derived from the base URL,
    /// `https://spreedly.com/{site}` for `https://spreedly.com/api/v4/{site}`). Used by the
    /// hosted-page URL helpers only; nothing is sent there.
    pub fn hosted_url(mut self, url: impl Into<String>) -> Self {
        self.hosted_url = Some(url.into());
        self
    }

    /// Opts in to the test-site-only operations ([`Client::delete_subscriber`],
    /// [`Client::delete_all_subscribers`]). Without it they are refused with
    /// [`Error::InvalidInput`] before anything is sent, so production data is never wiped
    /// by mistake.
    pub fn test_site(mut self, test_site: bool) -> Self {
        self.test_site = test_site;
        self
    }

    /// How an element marked `nil="true"` that still has text is read (default
    /// [`NilText::Null`]: as absent).
    pub fn nil_text(mut self, reading: NilText) -> Self {
        self.nil_text = reading;
        self
    }

    /// Which path [`Client::create_complimentary_time_extension`] posts to (default
    /// [`TimeExtensionPath::Plural`]).
    pub fn time_extension_path(mut self, path: TimeExtensionPath) -> Self {
        self.time_extension_path = path;
        self
    }

    paykit_core::transport_knobs! {
        /// Default `paykit-spreedly/<version>`.
        user_agent;
        /// Money calls are such calls.
        retry;
        /// Spreedly documents no limit.
        rate_limit;
    }

    /// Builds the client. Fails with [`Error::InvalidInput`] for an empty site or token, a
    /// site with characters other than letters, digits, `-` and `_`, or a URL that cannot be
    /// used.
    pub fn build(self) -> Result<Client, Error> {
        let site = self.site.trim().to_owned();
        if site.is_empty() {
            return Err(Error::invalid("site", "must not be empty"));
        }
        if !site
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        {
            return Err(Error::invalid(
                "site",
                "may hold only letters, digits, '-' and '_'",
            ));
        }
        if self.token.expose_secret().trim().is_empty() {
            return Err(Error::invalid("api_token", "must not be empty"));
        }
        let auth = BasicAuth::new(&self.token)?;
        let base_url = match &self.base_url {
            Some(url) => url.trim().trim_end_matches('/').to_owned(),
            None => format!("{DEFAULT_HOST}/api/v4/{site}"),
        };
        if base_url.is_empty() {
            return Err(Error::invalid("base_url", "must not be empty"));
        }
        let hosted_url = match &self.hosted_url {
            Some(url) => url.trim().trim_end_matches('/').to_owned(),
            None => {
                let suffix = format!("/api/v4/{site}");
                match base_url.strip_suffix(&suffix) {
                    Some(host) => format!("{host}/{site}"),
                    None => {
                        return Err(Error::invalid(
                            "hosted_url",
                            "cannot be derived from a base URL that does not end in \
                             /api/v4/{site}; set it with hosted_url()",
                        ));
                    }
                }
            }
        };
        let core = paykit_core::Client::builder("spreedly", &base_url)
            .user_agent(concat!("paykit-spreedly/", env!("CARGO_PKG_VERSION")))
            .default_header("accept", "application/xml")
            .auth(auth);
        let core = self
            .transport
            .apply(core)
            .build()
            .map_err(|e| Error::invalid("base_url", e.to_string()))?;
        Ok(Client {
            core,
            codec: Xml::new(self.nil_text),
            site,
            hosted_url,
            test_site: self.test_site,
            time_extension_path: self.time_extension_path,
            token: self.token,
        })
    }
}

impl Client {
    /// A builder for the site `site` (its short name, e.g. `acme-test`) with the site's API
    /// token. The token is sent as the HTTP Basic user, with `X` as the password.
    pub fn builder(site: impl Into<String>, api_token: impl Into<SecretString>) -> ClientBuilder {
        ClientBuilder {
            site: site.into(),
            token: api_token.into(),
            base_url: None,
            hosted_url: None,
            test_site: false,
            nil_text: NilText::default(),
            time_extension_path: TimeExtensionPath::default(),
            transport: Transport::new(),
        }
    }

    /// A client from the environment: `PAYKIT_SPREEDLY_SITE`, `PAYKIT_SPREEDLY_API_TOKEN`,
    /// and optionally `PAYKIT_SPREEDLY_BASE_URL`. A missing variable is
    /// [`Error::InvalidInput`] naming it.
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
        let site = required("PAYKIT_SPREEDLY_SITE")?;
        let token = SecretString::from(required("PAYKIT_SPREEDLY_API_TOKEN")?);
        let mut builder = Client::builder(site, token);
        if let Some(url) = var("PAYKIT_SPREEDLY_BASE_URL")? {
            builder = builder.base_url(url);
        }
        builder.build()
    }

    /// The API root every path is joined to.
    pub fn base_url(&self) -> &str {
        self.core.base_url()
    }

    /// Where the hosted pages live.
    pub fn hosted_url(&self) -> &str {
        &self.hosted_url
    }

    /// The site's short name.
    pub fn site(&self) -> &str {
        &self.site
    }

    /// Whether the test-site-only operations are allowed.
    pub fn is_test_site(&self) -> bool {
        self.test_site
    }

    pub(crate) fn time_extension_path(&self) -> TimeExtensionPath {
        self.time_extension_path
    }

    pub(crate) fn require_test_site(&self, operation: &str) -> Result<(), Error> {
        if self.test_site {
            Ok(())
        } else {
            Err(Error::invalid(
                "test_site",
                format!(
                    "{operation} is allowed on test sites only; build the client with \
                     test_site(true) to opt in"
                ),
            ))
        }
    }

    fn redacted(&self, error: impl Into<Error>) -> Error {
        let mut error = error.into();
        let secret = self.token.expose_secret();
        if let Some(api) = error.api_error_mut() {
            api.redact(secret);
        }
        // A success body that does not decode is quoted in the error: scrub it too.
        if let Error::Core(paykit_core::Error::Decode { snippet, .. }) = &mut error
            && secret.len() >= 4
            && snippet.contains(secret)
        {
            *snippet = snippet.replace(secret, "[REDACTED]");
        }
        error
    }

    pub(crate) async fn execute(&self, request: Request) -> Result<Response, Error> {
        self.core
            .execute(request)
            .await
            .map_err(|e| self.redacted(e))
    }

    pub(crate) async fn send<T: DeserializeOwned>(&self, request: Request) -> Result<T, Error> {
        let response = self.execute(request).await?;
        response.decode(&self.codec).map_err(|e| self.redacted(e))
    }

    /// Sends and decodes the body when there is one that decodes as `T`.
    pub(crate) async fn send_lenient<T: DeserializeOwned>(
        &self,
        request: Request,
    ) -> Result<Option<T>, Error> {
        let response = self.execute(request).await?;
        if response.body.iter().all(u8::is_ascii_whitespace) {
            return Ok(None);
        }
        Ok(response.decode(&self.codec).ok())
    }
}

/// HTTP Basic with the API token as the user and `X` as the password.
struct BasicAuth {
    value: paykit_core::reqwest::header::HeaderValue,
}

impl BasicAuth {
    fn new(token: &SecretString) -> Result<Self, Error> {
        use base64ct::Encoding as _;
        let encoded =
            base64ct::Base64::encode_string(format!("{}:X", token.expose_secret()).as_bytes());
        let value = sensitive_header(&format!("Basic {encoded}"))
            .map_err(|_| Error::invalid("api_token", "cannot be sent in a header"))?;
        Ok(BasicAuth { value })
    }
}

impl fmt::Debug for BasicAuth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("BasicAuth([REDACTED])")
    }
}

#[paykit_core::async_trait]
impl AuthHook for BasicAuth {
    async fn authorize(
        &self,
        request: &mut paykit_core::reqwest::Request,
    ) -> Result<Credential, paykit_core::BoxError> {
        request
            .headers_mut()
            .insert(AUTHORIZATION, self.value.clone());
        Ok(Credential::default())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_never_shows_the_token() {
        let client = Client::builder("acme-test", "tok-secret-123")
            .build()
            .unwrap();
        let text = format!("{client:?}");
        assert!(!text.contains("tok-secret-123"), "{text}");
        assert!(!text.contains("dG9rLXNlY3JldC0xMjM6WA"), "{text}");
        let builder = Client::builder("acme-test", "tok-secret-123");
        assert!(!format!("{builder:?}").contains("tok-secret-123"));
    }

    #[test]
    fn urls_default_and_derived() {
        let client = Client::builder("acme-test", "t0ken").build().unwrap();
        assert_eq!(client.base_url(), "https://spreedly.com/api/v4/acme-test");
        assert_eq!(client.hosted_url(), "https://spreedly.com/acme-test");
        let pin = Client::builder("acme", "t0ken")
            .base_url("https://subs.pinpayments.com/api/v4/acme/")
            .build()
            .unwrap();
        assert_eq!(pin.base_url(), "https://subs.pinpayments.com/api/v4/acme");
        assert_eq!(pin.hosted_url(), "https://subs.pinpayments.com/acme");
        let err = Client::builder("acme", "t0ken")
            .base_url("https://proxy.example/spreedly")
            .build()
            .unwrap_err();
        assert!(matches!(
            err,
            Error::InvalidInput {
                field: "hosted_url",
                ..
            }
        ));
        let ok = Client::builder("acme", "t0ken")
            .base_url("https://proxy.example/spreedly")
            .hosted_url("https://pages.example/acme")
            .build()
            .unwrap();
        assert_eq!(ok.hosted_url(), "https://pages.example/acme");
    }

    #[test]
    fn from_env_names_the_missing_variable() {
        if std::env::var_os("PAYKIT_SPREEDLY_SITE").is_none() {
            match Client::from_env() {
                Err(Error::InvalidInput { field, .. }) => assert_eq!(field, "PAYKIT_SPREEDLY_SITE"),
                other => panic!("{other:?}"),
            }
        }
    }

    #[test]
    fn bad_settings_are_refused() {
        for (site, token, field) in [
            ("", "t0ken", "site"),
            ("a/b", "t0ken", "site"),
            ("acme", " ", "api_token"),
        ] {
            match Client::builder(site, token).build() {
                Err(Error::InvalidInput { field: f, .. }) => assert_eq!(f, field),
                other => panic!("{other:?}"),
            }
        }
    }
}
