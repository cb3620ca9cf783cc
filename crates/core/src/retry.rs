//! Retries: a chain of classifiers decides whether a failed attempt may be retried, then the
//! policy decides when (full-jitter exponential back-off with a cap, `Retry-After`, the
//! call's deadline, and a retry budget against retry storms).
//!
//! Whatever the chain says, a request is retried only where its
//! [`Idempotency`](crate::Idempotency) allows it.

use std::fmt;
use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::{Duration, SystemTime};

use reqwest::StatusCode;
use reqwest::header::{HeaderMap, RETRY_AFTER};

/// What a classifier thinks of a failed attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RetryAction {
    /// This classifier has no opinion; ask the next one.
    NoOpinion,
    /// Retry, after at least `after` when the server said so.
    Retry {
        /// The delay the server asked for (`Retry-After`), if any.
        after: Option<Duration>,
    },
    /// Do not retry, whatever later classifiers would say.
    Forbid,
}

/// How an attempt failed below HTTP.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum TransportFailure {
    /// No connection could be made: nothing was sent.
    Connect,
    /// The attempt timed out.
    Timeout,
    /// The connection broke while the request was sent or answered.
    Io,
}

/// One attempt's outcome, as the classifiers see it.
#[derive(Debug, Clone, Copy)]
pub struct AttemptOutcome<'a> {
    /// The status, when the server answered.
    pub status: Option<StatusCode>,
    /// The response headers, when the server answered.
    pub headers: Option<&'a HeaderMap>,
    /// The response body, when the server answered.
    pub body: Option<&'a [u8]>,
    /// The failure below HTTP, when there was no answer.
    pub transport: Option<TransportFailure>,
}

/// One link of the classifier chain.
pub trait RetryClassifier: Send + Sync + fmt::Debug {
    /// Classifies a failed attempt (any non-2xx answer or transport failure).
    fn classify(&self, outcome: &AttemptOutcome<'_>) -> RetryAction;
}

/// Retries the transient statuses (408, 429, 500, 502, 503, 504 by default), honouring the
/// server's `Retry-After`.
#[derive(Debug, Clone)]
pub struct TransientStatus {
    statuses: Vec<StatusCode>,
}

impl TransientStatus {
    /// Retries exactly these statuses.
    pub fn new(statuses: impl IntoIterator<Item = StatusCode>) -> Self {
        TransientStatus {
            statuses: statuses.into_iter().collect(),
        }
    }
}

impl Default for TransientStatus {
    fn default() -> Self {
        TransientStatus::new([
            StatusCode::REQUEST_TIMEOUT,
            StatusCode::TOO_MANY_REQUESTS,
            StatusCode::INTERNAL_SERVER_ERROR,
            StatusCode::BAD_GATEWAY,
            StatusCode::SERVICE_UNAVAILABLE,
            StatusCode::GATEWAY_TIMEOUT,
        ])
    }
}

impl RetryClassifier for TransientStatus {
    fn classify(&self, outcome: &AttemptOutcome<'_>) -> RetryAction {
        match outcome.status {
            Some(status) if self.statuses.contains(&status) => RetryAction::Retry {
                after: outcome
                    .headers
                    .and_then(|h| retry_after(h, SystemTime::now())),
            },
            _ => RetryAction::NoOpinion,
        }
    }
}

/// Retries connection failures, timeouts and broken connections.
#[derive(Debug, Clone, Copy, Default)]
pub struct TransportFailures;

impl RetryClassifier for TransportFailures {
    fn classify(&self, outcome: &AttemptOutcome<'_>) -> RetryAction {
        match outcome.transport {
            Some(_) => RetryAction::Retry { after: None },
            None => RetryAction::NoOpinion,
        }
    }
}

/// Parses `Retry-After`: delay-seconds or an HTTP date (a date in the past means now).
pub fn retry_after(headers: &HeaderMap, now: SystemTime) -> Option<Duration> {
    let value = headers.get(RETRY_AFTER)?.to_str().ok()?.trim();
    if let Ok(secs) = value.parse::<u64>() {
        return Some(Duration::from_secs(secs));
    }
    let at = httpdate::parse_http_date(value).ok()?;
    Some(at.duration_since(now).unwrap_or(Duration::ZERO))
}

/// A token bucket shared by all calls of one client: each retry spends tokens, each success
/// gives one back, and when the bucket is empty failures are returned at once instead of
/// retried (smithy's "standard" retry quota).
#[derive(Debug)]
pub struct RetryBudget {
    tokens: AtomicU32,
    capacity: u32,
    retry_cost: u32,
    timeout_cost: u32,
}

impl RetryBudget {
    /// A budget of `capacity` tokens; a retry costs `retry_cost` (`timeout_cost` after a
    /// timeout); a success refunds one.
    pub fn new(capacity: u32, retry_cost: u32, timeout_cost: u32) -> Self {
        RetryBudget {
            tokens: AtomicU32::new(capacity),
            capacity,
            retry_cost,
            timeout_cost,
        }
    }

    /// Tokens left.
    pub fn available(&self) -> u32 {
        self.tokens.load(Ordering::Relaxed)
    }

    /// Takes the cost of one retry; `false` (nothing taken) when the bucket cannot pay.
    pub(crate) fn try_spend(&self, after_timeout: bool) -> bool {
        let cost = if after_timeout {
            self.timeout_cost
        } else {
            self.retry_cost
        };
        self.tokens
            .fetch_update(Ordering::AcqRel, Ordering::Acquire, |t| t.checked_sub(cost))
            .is_ok()
    }

    /// Gives one token back after a success.
    pub(crate) fn refund(&self) {
        let cap = self.capacity;
        let _ = self
            .tokens
            .fetch_update(Ordering::AcqRel, Ordering::Acquire, |t| {
                (t < cap).then_some(t + 1)
            });
    }
}

impl Default for RetryBudget {
    fn default() -> Self {
        RetryBudget::new(500, 5, 10)
    }
}

/// When and how often to retry.
///
/// Defaults: 3 attempts in all, back-off from 100 ms doubling up to 5 s with full jitter,
/// a server may ask for up to 60 s with `Retry-After` (longer: the error is returned), the
/// classifier chain `[TransientStatus, TransportFailures]`, a default [`RetryBudget`].
#[derive(Debug, Clone)]
pub struct RetryPolicy {
    pub(crate) max_attempts: u32,
    pub(crate) initial_backoff: Duration,
    pub(crate) max_backoff: Duration,
    pub(crate) max_retry_after: Duration,
    pub(crate) classifiers: Vec<Arc<dyn RetryClassifier>>,
    pub(crate) budget: Option<Arc<RetryBudget>>,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_attempts: 3,
            initial_backoff: Duration::from_millis(100),
            max_backoff: Duration::from_secs(5),
            max_retry_after: Duration::from_secs(60),
            classifiers: vec![
                Arc::new(TransientStatus::default()),
                Arc::new(TransportFailures),
            ],
            budget: Some(Arc::new(RetryBudget::default())),
        }
    }
}

impl RetryPolicy {
    /// No retries at all.
    pub fn none() -> Self {
        RetryPolicy {
            max_attempts: 1,
            ..RetryPolicy::default()
        }
    }

    /// Attempts in all, the first included (at least 1).
    pub fn max_attempts(mut self, attempts: u32) -> Self {
        self.max_attempts = attempts.max(1);
        self
    }

    /// The back-off's base and cap: the delay before retry `n` is uniform in
    /// `[0, min(cap, base * 2^(n-1))]`.
    pub fn backoff(mut self, base: Duration, cap: Duration) -> Self {
        self.initial_backoff = base;
        self.max_backoff = cap.max(base);
        self
    }

    /// The longest `Retry-After` the client waits for; a longer one ends the call.
    pub fn max_retry_after(mut self, limit: Duration) -> Self {
        self.max_retry_after = limit;
        self
    }

    /// Puts a classifier at the front of the chain (it is asked first).
    pub fn classifier_first(mut self, classifier: impl RetryClassifier + 'static) -> Self {
        self.classifiers.insert(0, Arc::new(classifier));
        self
    }

    /// Replaces the whole chain.
    pub fn classifiers(mut self, chain: Vec<Arc<dyn RetryClassifier>>) -> Self {
        self.classifiers = chain;
        self
    }

    /// Sets (or with `None` removes) the retry budget.
    pub fn budget(mut self, budget: Option<RetryBudget>) -> Self {
        self.budget = budget.map(Arc::new);
        self
    }

    /// The retry budget, if any.
    pub fn budget_ref(&self) -> Option<&RetryBudget> {
        self.budget.as_deref()
    }

    /// Runs the chain: the first opinion wins; none means no retry.
    pub fn classify(&self, outcome: &AttemptOutcome<'_>) -> RetryAction {
        self.classifiers
            .iter()
            .map(|c| c.classify(outcome))
            .find(|a| *a != RetryAction::NoOpinion)
            .unwrap_or(RetryAction::NoOpinion)
    }

    /// The jittered delay before retry number `retry` (1 for the first retry).
    pub fn backoff_delay(&self, retry: u32) -> Duration {
        let exp = retry.saturating_sub(1).min(30);
        let ceiling = self
            .initial_backoff
            .saturating_mul(1u32 << exp)
            .min(self.max_backoff);
        ceiling.mul_f64(fastrand::f64())
    }
}
