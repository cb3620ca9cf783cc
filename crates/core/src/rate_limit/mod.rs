//! Client-side rate limits that make calls wait for their turn instead of drawing 429s from
//! the vendor.
//!
//! A [`RateLimiter`] is local by default: a token bucket in this process, shared by every
//! clone of the client it is given to. Vendors often count per account, not per process
//! (ten workers each allowed 1,000 requests a minute send 10,000); with the `redis` feature,
//! `RateLimiter::shared` turns the same limiter into one that every process using the same
//! Redis server and key shares, with the same builder call on the client:
//! `builder.rate_limit(Some(limiter))`.
//!
//! How the shared limiter works:
//! - One Redis key per limit, `paykit:rl:<key>`, holds the GCRA state (the theoretical
//!   arrival time, in Redis's own clock, so the clocks of the fleet's machines do not
//!   matter). One Lua script (sent once, then called by its SHA) reserves the caller's slot
//!   and answers how long to wait: one round trip per request, none after the wait, and each
//!   waiter gets its own slot (no thundering herd). The key expires as soon as it no longer
//!   holds anything a fresh key would not.
//! - Pick the key per credential the vendor counts against (an API client id or account
//!   name, never a secret): two keys never share a budget, the same key always does.
//! - Each Redis call is bounded (100 ms by default, `redis_timeout`). When Redis fails or
//!   is slow, the call goes through a local limit (the same limit, or `fallback_share` of
//!   it) instead of failing, a `WARN` trace says so once per outage, one call a second tries
//!   Redis again, and an `INFO` trace says when it answers again.
//! - `Debug` and traces show Redis's host and port, never a password from its URL.

mod local;
#[cfg(feature = "redis")]
mod shared;

use std::fmt;
use std::time::Duration;

use local::Bucket;

#[cfg(feature = "redis")]
#[cfg_attr(docsrs, doc(cfg(feature = "redis")))]
pub use ::redis;
#[cfg(feature = "redis")]
#[cfg_attr(docsrs, doc(cfg(feature = "redis")))]
pub use shared::{DEFAULT_REDIS_TIMEOUT, KEY_PREFIX};

/// At most `limit` requests per `period`, with bursts up to `burst` (default: `limit`).
///
/// Shared by every clone of a client. Attempts (retries included) each take one slot.
/// With the `redis` feature, `shared` makes the limit one for a whole fleet of processes
/// (see the [module docs](self)).
pub struct RateLimiter {
    limit: u32,
    /// Time to earn one slot.
    interval: Duration,
    burst: u32,
    /// The whole limit of a local limiter; the fallback of a shared one.
    local: Bucket,
    #[cfg(feature = "redis")]
    shared: Option<Box<shared::Shared>>,
    #[cfg(feature = "redis")]
    fallback_share: f64,
    #[cfg(feature = "redis")]
    redis_timeout: Duration,
}

impl fmt::Debug for RateLimiter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut debug = f.debug_struct("RateLimiter");
        debug
            .field("limit", &self.limit)
            .field("interval", &self.interval)
            .field("burst", &self.burst)
            .field("local", &self.local);
        #[cfg(feature = "redis")]
        debug
            .field("shared", &self.shared)
            .field("fallback_share", &self.fallback_share);
        debug.finish()
    }
}

impl RateLimiter {
    /// `limit` requests per `period` (a zero `limit` is taken as 1).
    pub fn new(limit: u32, period: Duration) -> Self {
        let limit = limit.max(1);
        let interval = period / limit;
        RateLimiter {
            limit,
            interval,
            burst: limit,
            local: Bucket::new(interval, f64::from(limit), f64::from(limit)),
            #[cfg(feature = "redis")]
            shared: None,
            #[cfg(feature = "redis")]
            fallback_share: 1.0,
            #[cfg(feature = "redis")]
            redis_timeout: DEFAULT_REDIS_TIMEOUT,
        }
    }

    /// `limit` requests a minute.
    pub fn per_minute(limit: u32) -> Self {
        Self::new(limit, Duration::from_secs(60))
    }

    /// `limit` requests a second.
    pub fn per_second(limit: u32) -> Self {
        Self::new(limit, Duration::from_secs(1))
    }

    /// Caps bursts at `burst` requests (at least 1).
    pub fn with_burst(mut self, burst: u32) -> Self {
        self.burst = burst.max(1);
        self.rebuild_local();
        self
    }

    /// Whether the limit is shared through Redis (`shared`, feature `redis`).
    pub fn is_shared(&self) -> bool {
        #[cfg(feature = "redis")]
        return self.shared.is_some();
        #[cfg(not(feature = "redis"))]
        false
    }

    /// The local bucket for the current limit, burst and fallback share, full.
    fn rebuild_local(&mut self) {
        #[cfg(feature = "redis")]
        let share = self.fallback_share;
        #[cfg(not(feature = "redis"))]
        let share = 1.0;
        let scale = |n: u32| (f64::from(n) * share).ceil().max(1.0);
        self.local = Bucket::new(
            self.interval.div_f64(share),
            scale(self.burst),
            scale(self.limit.min(self.burst)),
        );
    }

    /// Waits until a request may go out.
    pub async fn acquire(&self) {
        let wait = self.reserve().await;
        if !wait.is_zero() {
            tokio::time::sleep(wait).await;
        }
    }

    /// Takes the caller's slot and says how long it must wait for it.
    async fn reserve(&self) -> Duration {
        #[cfg(feature = "redis")]
        if let Some(shared) = &self.shared {
            let gcra = shared::Gcra::new(self.interval, self.burst);
            if let Some(wait) = shared.reserve(gcra).await {
                return wait;
            }
        }
        self.local.reserve()
    }

    /// How long a call made now would wait (without taking a slot). For a shared limiter,
    /// as of Redis's last answer to this process (other processes may have taken slots
    /// since); zero before the first call; the local fallback's wait during an outage.
    pub fn current_wait(&self) -> Duration {
        #[cfg(feature = "redis")]
        if let Some(shared) = &self.shared {
            if shared.is_down() {
                return self.local.current_wait();
            }
            return shared.current_wait().unwrap_or(Duration::ZERO);
        }
        self.local.current_wait()
    }
}

#[cfg(feature = "redis")]
#[cfg_attr(docsrs, doc(cfg(feature = "redis")))]
impl RateLimiter {
    /// Shares this limit with every process that uses the same Redis server and `key`
    /// (stored as `paykit:rl:<key>`): the limit and burst stay this limiter's, and every
    /// process of the fleet should configure the same. Pick `key` per credential the vendor
    /// counts against (an API client id, an account name; never a secret).
    ///
    /// Nothing connects until the first call. When Redis fails or takes longer than
    /// [`redis_timeout`](Self::redis_timeout), calls go through this limit locally (see
    /// [`fallback_share`](Self::fallback_share)), never fail for it.
    ///
    /// ```no_run
    /// use paykit_core::rate_limit::redis;
    /// use paykit_core::{Client, RateLimiter};
    ///
    /// # fn demo() -> Result<(), Box<dyn std::error::Error>> {
    /// let redis = redis::Client::open("redis://redis.internal:6379/")?;
    /// // Before: RateLimiter::per_minute(1000), one budget per process.
    /// let limiter = RateLimiter::per_minute(1000).shared(redis, "example:account-42");
    /// let client = Client::builder("example", "https://api.example.com/v1")
    ///     .rate_limit(Some(limiter))
    ///     .build()?;
    /// # let _ = client; Ok(()) }
    /// ```
    pub fn shared(mut self, redis: redis::Client, key: impl AsRef<str>) -> Self {
        let mut shared = shared::Shared::new(redis, key.as_ref());
        shared.set_timeout(self.redis_timeout);
        self.shared = Some(Box::new(shared));
        self
    }

    /// [`shared`](Self::shared) on the server at `url` (`redis://[:password@]host[:port][/db]`).
    /// The error never quotes the URL.
    pub fn shared_url(self, url: &str, key: impl AsRef<str>) -> Result<Self, crate::BoxError> {
        let client = redis::Client::open(url).map_err(|_| "not a usable Redis URL")?;
        Ok(self.shared(client, key))
    }

    /// How long each Redis call may take before the call uses the local limit instead
    /// (default [`DEFAULT_REDIS_TIMEOUT`], at least 1 ms). Set it after
    /// [`shared`](Self::shared) or before, alike.
    pub fn redis_timeout(mut self, timeout: Duration) -> Self {
        self.redis_timeout = timeout.max(Duration::from_millis(1));
        if let Some(shared) = &mut self.shared {
            shared.set_timeout(self.redis_timeout);
        }
        self
    }

    /// While Redis does not answer, each process allows `share` of the limit (and burst)
    /// locally: 1.0 (the default) keeps every call going at the full limit; a fleet of N
    /// processes that must not exceed the limit even then uses 1/N. Clamped to (0, 1].
    pub fn fallback_share(mut self, share: f64) -> Self {
        self.fallback_share = if share.is_finite() && share > 0.0 {
            share.min(1.0)
        } else {
            1.0
        };
        self.rebuild_local();
        self
    }

    /// The Redis key of a shared limiter (`paykit:rl:<key>`).
    pub fn redis_key(&self) -> Option<&str> {
        self.shared.as_deref().map(shared::Shared::key)
    }

    /// Whether a shared limiter is using its local fallback (its last Redis call failed).
    pub fn is_falling_back(&self) -> bool {
        self.shared.as_deref().is_some_and(shared::Shared::is_down)
    }
}
