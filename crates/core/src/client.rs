//! The client: configuration, and the path of one call (auth → send → retry → read).

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use bytes::{Bytes, BytesMut};
use reqwest::header::{CONTENT_TYPE, HeaderMap, HeaderName, HeaderValue, USER_AGENT};
use reqwest::{StatusCode, Url};
use serde::de::DeserializeOwned;
use tokio::time::Instant;
use tracing::Instrument;

use crate::auth::{AuthHook, Credential};
use crate::codec::Codec;
use crate::error::{ERROR_BODY_LIMIT, Error, HttpError, TimeoutKind};
use crate::rate_limit::RateLimiter;
use crate::request::Request;
use crate::response::Response;
use crate::retry::{AttemptOutcome, RetryAction, RetryPolicy, TransportFailure};

/// The default response body cap: 8 MiB.
pub const DEFAULT_BODY_LIMIT: usize = 8 * 1024 * 1024;

/// An HTTP client for one vendor API: cheap to clone (an `Arc` inside), safe to share.
///
/// Vendor crates build one with [`Client::builder`] and describe each call as a
/// [`Request`]; [`Client::execute`] sends it with auth, rate limiting, timeouts and retries.
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

struct Inner {
    http: reqwest::Client,
    vendor: &'static str,
    base: String,
    headers: HeaderMap,
    attempt_timeout: Option<Duration>,
    deadline: Option<Duration>,
    body_limit: usize,
    retry: RetryPolicy,
    rate_limiter: Option<Arc<RateLimiter>>,
    auth: Option<Arc<dyn AuthHook>>,
    user_agent: String,
    allow_insecure_http: bool,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let i = &self.inner;
        f.debug_struct("Client")
            .field("vendor", &i.vendor)
            .field("base_url", &without_userinfo(&i.base))
            .field("attempt_timeout", &i.attempt_timeout)
            .field("deadline", &i.deadline)
            .field("body_limit", &i.body_limit)
            .field("retry", &i.retry)
            .field("rate_limiter", &i.rate_limiter)
            .field("auth", &i.auth)
            .finish_non_exhaustive()
    }
}

/// Builds a [`Client`].
///
/// Defaults: connect timeout 10 s, per-attempt timeout 30 s, total deadline 120 s, body cap
/// [`DEFAULT_BODY_LIMIT`], [`RetryPolicy::default`], no rate limit, no auth, HTTPS required
/// except for loopback hosts.
pub struct ClientBuilder {
    vendor: &'static str,
    base_url: String,
    user_agent: String,
    headers: HeaderMap,
    connect_timeout: Duration,
    pool_idle_timeout: Duration,
    attempt_timeout: Option<Duration>,
    deadline: Option<Duration>,
    body_limit: usize,
    retry: RetryPolicy,
    rate_limiter: Option<Arc<RateLimiter>>,
    auth: Option<Arc<dyn AuthHook>>,
    http: Option<reqwest::Client>,
    allow_insecure_http: bool,
    error: Option<Error>,
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("vendor", &self.vendor)
            .field("base_url", &without_userinfo(&self.base_url))
            .finish_non_exhaustive()
    }
}

impl Client {
    /// A builder for a client of `vendor` (used in traces) at `base_url`.
    pub fn builder(vendor: &'static str, base_url: impl Into<String>) -> ClientBuilder {
        ClientBuilder {
            vendor,
            base_url: base_url.into(),
            user_agent: concat!("paykit/", env!("CARGO_PKG_VERSION")).to_owned(),
            headers: HeaderMap::new(),
            connect_timeout: Duration::from_secs(10),
            pool_idle_timeout: DEFAULT_POOL_IDLE_TIMEOUT,
            attempt_timeout: Some(Duration::from_secs(30)),
            deadline: Some(Duration::from_secs(120)),
            body_limit: DEFAULT_BODY_LIMIT,
            retry: RetryPolicy::default(),
            rate_limiter: None,
            auth: None,
            http: None,
            allow_insecure_http: false,
            error: None,
        }
    }

    /// A builder for another host of the same vendor (an edge host, a token endpoint) whose
    /// client shares this one's connection pool and TLS set-up, and starts from its user
    /// agent, timeouts, deadline, body cap, retry policy and plain-HTTP permission. Auth,
    /// rate limit and default headers are not carried over: set them as that host needs.
    pub fn builder_for(&self, base_url: impl Into<String>) -> ClientBuilder {
        let inner = &*self.inner;
        ClientBuilder {
            vendor: inner.vendor,
            base_url: base_url.into(),
            user_agent: inner.user_agent.clone(),
            headers: HeaderMap::new(),
            connect_timeout: Duration::from_secs(10),
            pool_idle_timeout: DEFAULT_POOL_IDLE_TIMEOUT,
            attempt_timeout: inner.attempt_timeout,
            deadline: inner.deadline,
            body_limit: inner.body_limit,
            retry: inner.retry.clone(),
            rate_limiter: None,
            auth: None,
            http: Some(inner.http.clone()),
            allow_insecure_http: inner.allow_insecure_http,
            error: None,
        }
    }

    /// The base URL every path is joined to (no trailing slash).
    pub fn base_url(&self) -> &str {
        &self.inner.base
    }

    /// The vendor name given to the builder.
    pub fn vendor(&self) -> &'static str {
        self.inner.vendor
    }

    /// The retry policy.
    pub fn retry_policy(&self) -> &RetryPolicy {
        &self.inner.retry
    }

    /// Sends `request` and decodes a 2xx body with `codec`.
    pub async fn send<T: DeserializeOwned, C: Codec + ?Sized>(
        &self,
        request: Request,
        codec: &C,
    ) -> Result<T, Error> {
        self.execute(request).await?.decode(codec)
    }

    /// Sends `request`: rate limit, auth, send, read (within the body cap), retry where the
    /// policy and the request's idempotency allow it. A 2xx answer is a [`Response`]; any other
    /// answer is [`Error::Status`] with the status, headers and the start of the body.
    pub async fn execute(&self, request: Request) -> Result<Response, Error> {
        let span = tracing::debug_span!(
            "paykit.call",
            vendor = self.inner.vendor,
            operation = request.operation,
            method = %request.method,
            path = request.template,
            status = tracing::field::Empty,
            attempts = tracing::field::Empty,
        );
        if span.is_disabled() {
            // No subscriber wants it: the call's future is not moved into a wrapper.
            return self.execute_in_span(request).await;
        }
        self.execute_in_span(request).instrument(span).await
    }

    /// The full URL of a request (path rendered, query added, form-encoded).
    pub fn url_for(&self, request: &Request) -> Result<Url, Error> {
        let mut full = String::with_capacity(self.inner.base.len() + request.template.len() + 32);
        full.push_str(&self.inner.base);
        request.render_path_into(&mut full)?;
        // The query is added to the parsed URL, encoded once: parsing it as part of the
        // string would scan every pair a second time.
        let mut url = Url::parse(&full).map_err(|e| Error::InvalidRequest {
            operation: request.operation,
            message: format!("the path {} does not form a URL", request.template),
            source: Some(Box::new(e)),
        })?;
        if !request.query.is_empty() {
            url.query_pairs_mut()
                .extend_pairs(request.query.iter().map(|(k, v)| (&**k, v.as_str())));
        }
        Ok(url)
    }

    async fn execute_in_span(&self, mut request: Request) -> Result<Response, Error> {
        if let Some(error) = request.error.take() {
            return Err(error);
        }
        let inner = &*self.inner;
        let op = request.operation;
        let url = self.url_for(&request)?;
        let start = Instant::now();
        // A deadline too far to represent is no deadline (never a panic).
        let deadline = inner.deadline.and_then(|d| start.checked_add(d));
        let mut attempt: u32 = 0;
        let mut reauthorized = false;
        // Whether an attempt so far may have reached the server: the call's error says so
        // even when a later attempt is a plain refusal.
        let mut sent_before = false;
        loop {
            attempt += 1;
            if let Some(limiter) = &inner.rate_limiter {
                let waited = match deadline {
                    Some(at) => tokio::time::timeout_at(at, limiter.acquire()).await.is_ok(),
                    None => {
                        limiter.acquire().await;
                        true
                    }
                };
                if !waited {
                    return Err(Error::Timeout {
                        operation: op,
                        kind: TimeoutKind::Deadline,
                        elapsed: start.elapsed(),
                        maybe_sent: sent_before,
                    });
                }
            }
            let mut http_request = self.build_attempt(&request, url.clone());
            let mut credential = Credential::default();
            if let Some(auth) = &inner.auth {
                // The deadline bounds the auth hook too (a slow token endpoint or cache).
                let authorized = within(deadline, auth.authorize(&mut http_request))
                    .await
                    .ok_or(Error::Timeout {
                        operation: op,
                        kind: TimeoutKind::Deadline,
                        elapsed: start.elapsed(),
                        maybe_sent: sent_before,
                    })?;
                credential = authorized.map_err(|source| Error::Auth {
                    operation: op,
                    maybe_sent: sent_before,
                    source,
                })?;
            }

            let attempt_start = Instant::now();
            let (limit, limit_kind) = attempt_limit(inner.attempt_timeout, deadline, attempt_start);
            let sent = self.send_attempt(http_request);
            let result = match limit {
                Some(limit) => tokio::time::timeout(limit, sent)
                    .await
                    .unwrap_or(Err(Failure::TimedOut(limit_kind))),
                None => sent.await,
            };
            // Read only by the debug events: the clock is read when one is recorded.
            let latency_ms = || attempt_start.elapsed().as_millis() as u64;

            let (outcome_status, headers, body, error) = match result {
                Ok((status, headers, body)) if status.is_success() => {
                    tracing::debug!(
                        attempt,
                        status = status.as_u16(),
                        latency_ms = latency_ms(),
                        "attempt answered"
                    );
                    if tracing::level_enabled!(tracing::Level::DEBUG) {
                        let span = tracing::Span::current();
                        span.record("status", status.as_u16());
                        span.record("attempts", attempt);
                    }
                    if let Some(budget) = inner.retry.budget_ref() {
                        budget.refund();
                    }
                    let mut response = Response::new(op, status, headers, body);
                    response.earlier_attempt_maybe_sent = sent_before;
                    return Ok(response);
                }
                Ok((status, headers, body)) => {
                    tracing::debug!(
                        attempt,
                        status = status.as_u16(),
                        latency_ms = latency_ms(),
                        "attempt answered"
                    );
                    if status == StatusCode::UNAUTHORIZED
                        && !reauthorized
                        && let Some(auth) = &inner.auth
                        && within(deadline, auth.on_unauthorized(credential))
                            .await
                            .unwrap_or(false)
                    {
                        reauthorized = true;
                        attempt -= 1;
                        continue;
                    }
                    let error = http_error(op, status, &headers, &body, attempt);
                    (Some(status), Some(headers), Some(body), error)
                }
                Err(failure) => {
                    tracing::debug!(
                        attempt,
                        latency_ms = latency_ms(),
                        failure = ?failure,
                        "attempt failed"
                    );
                    let error = failure.into_error(op, start, inner.body_limit);
                    if matches!(error, Error::BodyTooLarge { .. }) {
                        return Err(error);
                    }
                    (None, None, None, error)
                }
            };
            let error = error.after_earlier_attempts(sent_before);
            sent_before = error.maybe_sent();
            tracing::Span::current().record("attempts", attempt);
            if let Some(status) = outcome_status {
                tracing::Span::current().record("status", status.as_u16());
            }
            let transport = match &error {
                Error::Timeout { .. } => Some(TransportFailure::Timeout),
                Error::Transport { source, .. } if source.is_connect() => {
                    Some(TransportFailure::Connect)
                }
                Error::Transport { .. } => Some(TransportFailure::Io),
                _ => None,
            };
            let outcome = AttemptOutcome {
                status: outcome_status,
                headers: headers.as_ref(),
                body: body.as_deref(),
                transport,
            };
            let after = match inner.retry.classify(&outcome) {
                RetryAction::Retry { after } => after,
                RetryAction::Forbid | RetryAction::NoOpinion => return Err(error),
            };
            if attempt >= inner.retry.max_attempts
                || !request.idempotency.allows_retry(error.maybe_sent())
            {
                return Err(error);
            }
            let delay = match after {
                Some(after) if after > inner.retry.max_retry_after => return Err(error),
                Some(after) => after,
                None => inner.retry.backoff_delay(attempt),
            };
            // A wait past any representable instant, or past the deadline, ends the call.
            let resume = Instant::now().checked_add(delay);
            if resume.is_none_or(|resume| deadline.is_some_and(|at| resume >= at)) {
                return Err(error);
            }
            if let Some(budget) = inner.retry.budget_ref()
                && !budget.try_spend(transport == Some(TransportFailure::Timeout))
            {
                tracing::debug!(attempt, "retry budget exhausted");
                return Err(error);
            }
            tracing::debug!(
                attempt,
                retry_delay_ms = delay.as_millis() as u64,
                "retrying"
            );
            tokio::time::sleep(delay).await;
        }
    }

    fn build_attempt(&self, request: &Request, url: Url) -> reqwest::Request {
        let mut http_request = reqwest::Request::new(request.method.clone(), url);
        let headers = http_request.headers_mut();
        headers.reserve(self.inner.headers.len() + request.headers.len() + 2);
        for (name, value) in self.inner.headers.iter().chain(request.headers.iter()) {
            headers.append(name.clone(), value.clone());
        }
        if let Some(body) = &request.body {
            headers.insert(CONTENT_TYPE, body.content_type.clone());
            *http_request.body_mut() = Some(body.bytes.clone().into());
        }
        http_request
    }

    async fn send_attempt(
        &self,
        request: reqwest::Request,
    ) -> Result<(StatusCode, HeaderMap, Bytes), Failure> {
        let limit = self.inner.body_limit;
        let mut response = self
            .inner
            .http
            .execute(request)
            .await
            .map_err(Failure::transport)?;
        let status = response.status();
        let headers = std::mem::take(response.headers_mut());
        let body = match response.content_length() {
            Some(len) if len > limit as u64 => return Err(Failure::TooLarge),
            Some(_) => response.bytes().await.map_err(Failure::transport)?,
            None => {
                let mut buf = BytesMut::new();
                while let Some(chunk) = response.chunk().await.map_err(Failure::transport)? {
                    if buf.len() + chunk.len() > limit {
                        return Err(Failure::TooLarge);
                    }
                    buf.extend_from_slice(&chunk);
                }
                buf.freeze()
            }
        };
        Ok((status, headers, body))
    }
}

/// How one attempt failed below HTTP.
#[derive(Debug)]
enum Failure {
    Transport(reqwest::Error),
    TimedOut(TimeoutKind),
    TooLarge,
}

impl Failure {
    /// A transport failure without its URL (URLs carry path ids and query values, and with
    /// some vendors credentials): never logged or kept with it.
    fn transport(error: reqwest::Error) -> Failure {
        Failure::Transport(error.without_url())
    }

    fn into_error(self, operation: &'static str, start: Instant, limit: usize) -> Error {
        match self {
            Failure::Transport(source) if source.is_timeout() && source.is_connect() => {
                Error::Timeout {
                    operation,
                    kind: TimeoutKind::Connect,
                    elapsed: start.elapsed(),
                    maybe_sent: false,
                }
            }
            Failure::Transport(source) => Error::Transport {
                operation,
                maybe_sent: !source.is_connect(),
                source,
            },
            Failure::TimedOut(kind) => Error::Timeout {
                operation,
                kind,
                elapsed: start.elapsed(),
                maybe_sent: true,
            },
            Failure::TooLarge => Error::BodyTooLarge { operation, limit },
        }
    }
}

fn http_error(
    operation: &'static str,
    status: StatusCode,
    headers: &HeaderMap,
    body: &Bytes,
    attempts: u32,
) -> Error {
    let truncated = body.len() > ERROR_BODY_LIMIT;
    Error::Status(Box::new(HttpError {
        operation,
        status,
        headers: headers.clone(),
        body: body.slice(..body.len().min(ERROR_BODY_LIMIT)),
        truncated,
        attempts,
        earlier_attempt_maybe_sent: false,
    }))
}

/// The time one attempt may take: the smaller of the per-attempt timeout and what is left
/// before the deadline, with which of the two it is.
fn attempt_limit(
    attempt_timeout: Option<Duration>,
    deadline: Option<Instant>,
    now: Instant,
) -> (Option<Duration>, TimeoutKind) {
    let left = deadline.map(|at| at.saturating_duration_since(now));
    match (attempt_timeout, left) {
        (Some(a), Some(l)) if l < a => (Some(l), TimeoutKind::Deadline),
        (Some(a), _) => (Some(a), TimeoutKind::Attempt),
        (None, Some(l)) => (Some(l), TimeoutKind::Deadline),
        (None, None) => (None, TimeoutKind::Attempt),
    }
}

impl ClientBuilder {
    /// The `User-Agent` header (default `paykit/<version>`).
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = user_agent.into();
        self
    }

    /// A header sent on every call. An invalid name or value is reported by [`build`].
    ///
    /// [`build`]: ClientBuilder::build
    pub fn default_header(mut self, name: &str, value: &str) -> Self {
        match (
            HeaderName::from_bytes(name.as_bytes()),
            HeaderValue::from_str(value),
        ) {
            (Ok(n), Ok(v)) => {
                self.headers.insert(n, v);
            }
            _ => {
                self.error = Some(Error::config(format!("invalid default header {name:?}")));
            }
        }
        self
    }

    /// Time allowed to establish a connection (default 10 s). Ignored with [`http_client`].
    ///
    /// [`http_client`]: ClientBuilder::http_client
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// How long an idle pooled connection may be reused (default 4 s: below the 5 s
    /// keep-alive timeout common among servers, so that a request is never written to a
    /// connection the server is closing at that moment, where a money call would end as
    /// "unknown outcome" though nothing arrived). Ignored with [`http_client`].
    ///
    /// [`http_client`]: ClientBuilder::http_client
    pub fn pool_idle_timeout(mut self, timeout: Duration) -> Self {
        self.pool_idle_timeout = timeout;
        self
    }

    /// Time allowed for one attempt, from sending to the end of the body (default 30 s;
    /// `None`: no limit).
    pub fn attempt_timeout(mut self, timeout: Option<Duration>) -> Self {
        self.attempt_timeout = timeout;
        self
    }

    /// Time allowed for a whole call, every attempt and back-off included (default 120 s;
    /// `None`: no limit). No back-off ever sleeps past it.
    pub fn deadline(mut self, deadline: Option<Duration>) -> Self {
        self.deadline = deadline;
        self
    }

    /// The largest response body read (default [`DEFAULT_BODY_LIMIT`]); a larger one is
    /// [`Error::BodyTooLarge`].
    pub fn body_limit(mut self, bytes: usize) -> Self {
        self.body_limit = bytes;
        self
    }

    /// The retry policy.
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }

    /// A client-side rate limit shared by all clones of the client.
    pub fn rate_limit(mut self, limiter: Option<RateLimiter>) -> Self {
        self.rate_limiter = limiter.map(Arc::new);
        self
    }

    /// The auth hook run on every attempt.
    pub fn auth(mut self, hook: impl AuthHook + 'static) -> Self {
        self.auth = Some(Arc::new(hook));
        self
    }

    /// The auth hook, already shared.
    pub fn auth_shared(mut self, hook: Arc<dyn AuthHook>) -> Self {
        self.auth = Some(hook);
        self
    }

    /// Uses this `reqwest::Client` (proxies, custom TLS roots, ...). Its own settings apply to
    /// connecting; paykit's timeouts, retries and limits still apply to each call.
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.http = Some(client);
        self
    }

    /// Allows plain `http://` to hosts that are not loopback. Off by default: credentials
    /// would cross the network in clear text.
    pub fn allow_insecure_http(mut self, allow: bool) -> Self {
        self.allow_insecure_http = allow;
        self
    }

    /// Checks the configuration and builds the client.
    pub fn build(self) -> Result<Client, Error> {
        if let Some(error) = self.error {
            return Err(error);
        }
        let base = self.base_url.trim_end_matches('/').to_owned();
        let url = Url::parse(&base).map_err(|e| {
            let shown = without_userinfo(&base);
            Error::config(format!("invalid base URL {shown:?}: {e}"))
        })?;
        match url.scheme() {
            "https" => {}
            "http" if self.allow_insecure_http || is_loopback(&url) => {}
            "http" => {
                return Err(Error::config(format!(
                    "plain http to {} is refused: use https, or allow_insecure_http(true)",
                    url.host_str().unwrap_or("")
                )));
            }
            other => return Err(Error::config(format!("unsupported URL scheme {other:?}"))),
        }
        if url.query().is_some() || url.fragment().is_some() {
            return Err(Error::config(
                "the base URL may not have a query or fragment",
            ));
        }
        let mut headers = self.headers;
        let agent = HeaderValue::from_str(&self.user_agent)
            .map_err(|_| Error::config("invalid user agent"))?;
        headers.insert(USER_AGENT, agent);
        let http = match self.http {
            Some(http) => http,
            None => default_http_client(self.connect_timeout, self.pool_idle_timeout)?,
        };
        Ok(Client {
            inner: Arc::new(Inner {
                http,
                vendor: self.vendor,
                base,
                headers,
                attempt_timeout: self.attempt_timeout,
                deadline: self.deadline,
                body_limit: self.body_limit,
                retry: self.retry,
                rate_limiter: self.rate_limiter,
                auth: self.auth,
                user_agent: self.user_agent,
                allow_insecure_http: self.allow_insecure_http,
            }),
        })
    }
}

/// `future`'s output, or `None` when `deadline` passes first.
///
/// A future that is ready at once (an auth hook that only sets a header) never starts a
/// timer.
async fn within<F: std::future::Future>(deadline: Option<Instant>, future: F) -> Option<F::Output> {
    let Some(at) = deadline else {
        return Some(future.await);
    };
    let mut future = std::pin::pin!(future);
    let first = std::future::poll_fn(|cx| std::task::Poll::Ready(future.as_mut().poll(cx))).await;
    if let std::task::Poll::Ready(output) = first {
        return Some(output);
    }
    tokio::time::timeout_at(at, future).await.ok()
}

/// `url` with any `user:password@` removed, for anything printed.
fn without_userinfo(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_owned();
    };
    let authority_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    match rest[..authority_end].rfind('@') {
        Some(at) => format!("{scheme}://[redacted]@{}", &rest[at + 1..]),
        None => url.to_owned(),
    }
}

fn is_loopback(url: &Url) -> bool {
    match url.host() {
        Some(url::Host::Domain(d)) => d.eq_ignore_ascii_case("localhost"),
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        None => false,
    }
}

/// The default [`ClientBuilder::pool_idle_timeout`].
pub const DEFAULT_POOL_IDLE_TIMEOUT: Duration = Duration::from_secs(4);

/// A `reqwest::ClientBuilder` ready for paykit's TLS set-up: with the `rustls` feature it
/// makes sure a process-wide rustls crypto provider (ring) is installed, which reqwest needs
/// before it builds a client. Start from this when you inject your own client with
/// [`ClientBuilder::http_client`].
pub fn http_client_builder() -> reqwest::ClientBuilder {
    #[cfg(feature = "rustls")]
    if rustls::crypto::CryptoProvider::get_default().is_none() {
        // Another thread may win the race; either way a provider is then installed.
        let _ = rustls::crypto::ring::default_provider().install_default();
    }
    reqwest::Client::builder()
}

fn default_http_client(
    connect_timeout: Duration,
    pool_idle_timeout: Duration,
) -> Result<reqwest::Client, Error> {
    let builder = http_client_builder()
        .connect_timeout(connect_timeout)
        .pool_idle_timeout(pool_idle_timeout);
    #[cfg(feature = "native-tls")]
    let builder = builder.tls_backend_native();
    builder
        .build()
        .map_err(|e| Error::config(format!("the HTTP client could not be built: {e}")))
}
