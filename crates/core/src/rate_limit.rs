//! A client-side rate limiter: a token bucket that makes calls wait for their turn instead of
//! drawing 429s from the vendor.

use std::sync::Mutex;
use std::time::Duration;

use tokio::time::Instant;

/// At most `limit` requests per `period`, with bursts up to `burst` (default: `limit`).
///
/// Shared by every clone of a client. Attempts (retries included) each take one token.
#[derive(Debug)]
pub struct RateLimiter {
    state: Mutex<Bucket>,
    /// Time to earn one token.
    interval: Duration,
    burst: f64,
}

#[derive(Debug)]
struct Bucket {
    tokens: f64,
    updated: Instant,
}

impl RateLimiter {
    /// `limit` requests per `period` (a zero `limit` is taken as 1).
    pub fn new(limit: u32, period: Duration) -> Self {
        let limit = limit.max(1);
        RateLimiter {
            state: Mutex::new(Bucket {
                tokens: f64::from(limit),
                updated: Instant::now(),
            }),
            interval: period / limit,
            burst: f64::from(limit),
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
        self.burst = f64::from(burst.max(1));
        let state = self.state.get_mut().unwrap_or_else(|e| e.into_inner());
        state.tokens = state.tokens.min(self.burst);
        self
    }

    /// Takes a token, going into debt when none is left, and says how long the caller must
    /// wait for it: each waiter gets its own slot, in arrival order, with no thundering herd.
    fn reserve(&self) -> Duration {
        let mut bucket = self.state.lock().unwrap_or_else(|e| e.into_inner());
        let now = Instant::now();
        let earned = now.duration_since(bucket.updated).as_secs_f64() / self.interval.as_secs_f64();
        bucket.tokens = (bucket.tokens + earned).min(self.burst) - 1.0;
        bucket.updated = now;
        if bucket.tokens >= 0.0 {
            Duration::ZERO
        } else {
            self.interval.mul_f64(-bucket.tokens)
        }
    }

    /// Waits until a request may go out.
    pub async fn acquire(&self) {
        let wait = self.reserve();
        if !wait.is_zero() {
            tokio::time::sleep(wait).await;
        }
    }

    /// How long a call made now would wait (without taking a token).
    pub fn current_wait(&self) -> Duration {
        let bucket = self.state.lock().unwrap_or_else(|e| e.into_inner());
        let earned = Instant::now().duration_since(bucket.updated).as_secs_f64()
            / self.interval.as_secs_f64();
        let tokens = (bucket.tokens + earned).min(self.burst) - 1.0;
        if tokens >= 0.0 {
            Duration::ZERO
        } else {
            self.interval.mul_f64(-tokens)
        }
    }
}
